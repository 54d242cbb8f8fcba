/** gunicorn.conf.py from a resolved spec (pure). */
import { GUNICORN_HOOKS } from '../reload/hooks.js';
import type { Resolved } from '../appspec/resolve.js';
import { pythonString as py } from './escape.js';

export function renderGunicornConf(r: Resolved): string {
  const g = r.spec.gunicorn;
  const lines = [
    '# Rendered by keel render-config from the spec; edit the spec, not this file.',
    'import multiprocessing',
    'import os',
    '',
    `wsgi_app = ${py(r.spec.app.module)}`,
    '# The `current` symlink, not the release it points to: every reload imports the release switched to last.',
    `chdir = ${py(r.current)}`,
    r.socketActivation
      ? `# The listening socket comes from systemd (${r.units.socket}); this bind names the same address.`
      : '# Gunicorn listens on loopback only; the proxy is the public face.',
    `bind = [${py(r.bind)}]`,
    `workers = ${r.workersExpr}`,
    `worker_class = ${py(g['worker-class'])}`,
    `threads = ${r.threads}`,
    `timeout = ${g.timeout}`,
    `graceful_timeout = ${g['graceful-timeout']}`,
    `keepalive = ${g.keepalive}`,
    `max_requests = ${g['max-requests']}`,
    `max_requests_jitter = ${g['max-requests-jitter']}`,
    `preload_app = ${g['preload-app'] ? 'True' : 'False'}`,
    `limit_request_line = ${g['limit-request-line']}`,
    `limit_request_fields = ${g['limit-request-fields']}`,
    `limit_request_field_size = ${g['limit-request-field-size']}`,
    '# The heartbeat file on tmpfs, so a slow disk never makes workers look dead.',
    'worker_tmp_dir = "/dev/shm"',
    '# Only the local proxy may set X-Forwarded-*; unix-socket peers are trusted by Gunicorn itself.',
    'forwarded_allow_ips = "127.0.0.1,::1"',
    'proxy_allow_ips = "127.0.0.1,::1"',
    `proc_name = ${py(r.name)}`,
    '# systemd runs the master in the foreground and owns its PID.',
    'daemon = False',
    'capture_output = True',
  ];
  if (r.logDir) {
    lines.push(`accesslog = ${g['access-log'] ? py(`${r.logDir}/access.log`) : 'None'}`);
    lines.push(`errorlog = ${py(`${r.logDir}/error.log`)}`);
  } else {
    lines.push('# Logs go to stdout/stderr, i.e. the journal of the unit.');
    lines.push(`accesslog = ${g['access-log'] ? '"-"' : 'None'}`);
    lines.push('errorlog = "-"');
  }
  if (g['access-log-format'] === 'json') {
    lines.push(
      'access_log_format = ' +
        py(
          '{"time":"%(t)s","remote":"%({x-forwarded-for}i)s","method":"%(m)s","path":"%(U)s","query":"%(q)s",' +
            '"status":%(s)s,"bytes":%(B)s,"duration_us":%(D)s,"referer":"%(f)s","agent":"%(a)s","request_id":"%({x-request-id}i)s"}',
        ),
    );
  } else {
    lines.push(
      'access_log_format = ' +
        py('%({x-forwarded-for}i)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(D)sus'),
    );
  }
  // Workers added without a HUP (keel's `rolling` reload: TTIN) would inherit the master's working directory,
  // the release it loaded last: the hooks enter the one `current` points to now, and record what they loaded.
  lines.push('', '', GUNICORN_HOOKS.trimEnd());
  return lines.join('\n') + '\n';
}
