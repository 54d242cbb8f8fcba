/**
 * The root action (render → deploy → reload → smoke) with `process-manager: supervisor` and Nginx in front
 * (TLS from the test CA), on the systemd host with Debian's supervisord as `supervisor.service`: the whole
 * rendered output is installed (the app's program, the processes, the exec wrapper, the Nginx site, logrotate,
 * the sudo rules), the reload is supervisor's (`supervisorctl signal HUP`, proved), and a real Celery worker
 * and beat (the singleton, on this host: the first and only one) restart onto the release after the reload is
 * proved. Under a load probe through Nginx, the reload drops no request.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { host, hostExec, putFile } from '../support/hosts.js';
import { repoRoot } from '../support/paths.js';
import { errorsOf, rootAction } from '../support/root-action.js';
import { makeCa, type TestCa } from '../support/tls.js';

const DOMAIN = 'supro.keel.test';
const APP = '/srv/supro';
const TASKS = `${APP}/shared/tasks`;
const SPEC = `app:
  name: supro
  module: "app:app"
  path: ${APP}
  gunicorn: /usr/bin/gunicorn
  environment:
    KEEL_TASKS_DIR: ${TASKS}
    KEEL_BEAT_EVERY: "2"
    CELERY_BROKER_URL: redis://127.0.0.1:6379/5
process-manager: supervisor
gunicorn: { bind: tcp, port: 8310, workers: 2, graceful-timeout: 5 }
proxy:
  domains: [${DOMAIN}]
  tls: { certificates: files, cert: /etc/keel-supro/supro.crt, key: /etc/keel-supro/supro.key }
processes:
  worker:
    command: python3 -m celery -A tasks worker --concurrency 1 --loglevel INFO --without-mingle --without-gossip
    stop-timeout: 30
  beat:
    command: python3 -m celery -A tasks beat --schedule ${TASKS}/celerybeat-schedule --pidfile ${TASKS}/beat.pid --loglevel INFO
    singleton: true
    stop-timeout: 20
`;
const WORKER = 'supro-worker:supro-worker_1';
const BEAT = 'supro-beat:supro-beat_1';

let ca: TestCa;
let workspace: string;
let address: string;
const sh = (cmd: string) => hostExec('sd', cmd).trim();
const pid = (name: string) => sh(`supervisorctl pid ${name}; true`);
const cwd = (name: string) => sh(`readlink /proc/${pid(name)}/cwd`);
const version = () =>
  JSON.parse(
    sh(
      `curl -sS --cacert /etc/keel-supro/ca.crt --resolve ${DOMAIN}:443:127.0.0.1 https://${DOMAIN}/version`,
    ),
  );

beforeAll(() => {
  address = host('sd').address;
  ca = makeCa();
  sh(
    'systemctl stop supervisor 2>/dev/null; rm -rf /srv/supro /etc/supervisor/conf.d/supro* /etc/supervisor/keel-singletons/supro* /usr/local/libexec/keel/supro-exec /etc/sudoers.d/supro-keel /var/log/supro /etc/nginx/sites-*/supro.conf /etc/logrotate.d/supro; ' +
      'id supro >/dev/null 2>&1 || useradd --system --home-dir /srv/supro --shell /usr/sbin/nologin supro; ' +
      `install -d -o deploy -g deploy ${APP} ${APP}/shared; install -d -o supro -g supro ${TASKS}; usermod -aG www-data deploy; ` +
      'systemctl start redis-server && redis-cli -n 5 flushdb >/dev/null; systemctl start supervisor; ' +
      'for i in $(seq 50); do test -S /var/run/supervisor.sock && break; sleep 0.2; done; true',
  );
  const cert = ca.issue([DOMAIN], { name: 'supro', days: 30 });
  putFile('sd', '/etc/keel-supro/supro.crt', cert.certPem);
  putFile('sd', '/etc/keel-supro/supro.key', cert.keyPem, { mode: '0600' });
  putFile('sd', '/etc/keel-supro/ca.crt', ca.caPem);
  workspace = mkdtempSync(join(tmpdir(), 'keel-supro-ws-'));
  cpSync(join(repoRoot, 'examples/sample-app'), join(workspace, 'app'), { recursive: true });
  mkdirSync(join(workspace, 'deploy'));
  writeFileSync(join(workspace, 'deploy/keel.yml'), SPEC);
});

afterAll(() => {
  hostExec(
    'sd',
    'systemctl stop supervisor nginx redis-server 2>/dev/null; rm -rf /srv/supro /etc/keel-supro /etc/supervisor/conf.d/supro* /etc/supervisor/keel-singletons/supro* /usr/local/libexec/keel/supro-exec /etc/sudoers.d/supro-keel /var/log/supro /etc/nginx/sites-*/supro.conf /etc/logrotate.d/supro; true',
  );
  rmSync(workspace, { recursive: true, force: true });
  ca?.remove();
});

const pipeline = rootAction(() => ({ workspace, address, caPem: ca.caPem }));

describe('the root action under supervisor, behind Nginx with TLS', () => {
  it('renders, deploys, reloads and smoke-checks: the app, a Celery worker and beat under supervisor', async () => {
    const r = await pipeline({ 'release-id': 'u1' });
    if (errorsOf(r).length) console.log(r.log.join('\n'));
    expect(errorsOf(r)).toEqual([]);
    expect(r.outputs).toMatchObject({
      status: 'success',
      'serving-release': 'u1',
      'smoke-passed': 'true',
      version: 'u1',
    });
    expect(version()).toMatchObject({ release: 'u1' });
    expect(sh('supervisorctl status supro')).toMatch(/RUNNING/);
    for (const n of [WORKER, BEAT]) expect(cwd(n)).toBe(`${APP}/releases/u1`);
    expect(sh('readlink /etc/supervisor/conf.d/supro-beat.conf')).toBe(
      '/etc/supervisor/keel-singletons/supro-beat.conf',
    );
  }, 240_000);

  it('a second release under a load probe through Nginx: supervisor HUP, 0 failed requests, the processes on it', async () => {
    const master = pid('supro');
    writeFileSync(join(workspace, 'app/extra.txt'), 'u2\n');
    const r = await pipeline({
      'release-id': 'u2',
      skip: 'render',
      'load-url': `https://${DOMAIN}/version`,
      'load-address': address,
      'load-rate': '40',
      'load-window': '1s',
    });
    if (errorsOf(r).length) console.log(r.log.join('\n'));
    expect(errorsOf(r)).toEqual([]);
    expect(r.outputs).toMatchObject({
      'reload-result': 'passed',
      'serving-release': 'u2',
      'load-failed': '0',
      'smoke-passed': 'true',
      version: 'u2',
    });
    expect(Number(r.outputs['load-requests'])).toBeGreaterThan(40);
    expect(Number(r.outputs['load-ok'])).toBe(Number(r.outputs['load-requests']));
    // The same master (a HUP, not a restart); the processes restarted onto u2 after the reload was proved.
    expect(pid('supro')).toBe(master);
    for (const n of [WORKER, BEAT]) expect(cwd(n)).toBe(`${APP}/releases/u2`);
    expect(Number(sh(`pgrep -c -f '[c]elery -A tasks beat'; true`))).toBe(1);
  }, 240_000);
});
