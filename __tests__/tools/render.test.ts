/**
 * Rendering, judged by what the real tools make of the files (nginx -t, caddy validate, systemd-analyze,
 * logrotate, Python), and by what the files say where it matters: TLS, headers, timeouts, routes.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderConfig } from '../../src/render/render-config.js';
import { renderAll } from '../../src/render/index.js';
import { loadSpec } from '../../src/appspec/load.js';
import { resolve } from '../../src/appspec/resolve.js';
import { repoRoot } from '../support/paths.js';

const shop = readFileSync(join(repoRoot, '__fixtures__/specs/shop.yml'), 'utf8');
const strict = { maxExposure: 2.5, requireTools: true };

function render(overrides: Record<string, unknown> = {}) {
  const r = resolve(loadSpec(shop, 'shop.yml', overrides).spec);
  const files = renderAll(r);
  // The app's own file of a kind: for nginx and caddy the host-wide file (default server, main Caddyfile) comes first.
  const file = (kind: string) => files.filter((f) => f.kind === kind).pop()?.content ?? '';
  return { r, files, file };
}

let out: string;
beforeEach(() => {
  out = mkdtempSync(join(tmpdir(), 'keel-render-'));
});
afterEach(() => rmSync(out, { recursive: true, force: true }));

describe.each(['nginx', 'caddy'])('the %s stack', (server) => {
  it('passes every real validator, with the service at exposure <= 2.5', async () => {
    const result = await renderConfig({
      specText: shop,
      specFile: 'shop.yml',
      overrides: { 'proxy.server': server, 'gunicorn.logs': 'file' },
      outDir: out,
      validate: strict,
    });
    expect(result.validation.filter((v) => v.status !== 'passed')).toEqual([]);
    expect(result.validation.map((v) => v.tool).sort()).toEqual(
      [
        // The site and the host-wide file (Nginx's default server, Caddy's main Caddyfile).
        ...(server === 'nginx' ? ['nginx -t', 'nginx -t'] : ['caddy validate', 'caddy validate']),
        'logrotate -d',
        'promtool check rules',
        'python3 exec',
        'systemd-analyze security',
        'systemd-analyze verify',
        'systemd-analyze verify',
        'visudo -c',
      ].sort(),
    );
    const exposure = Number(
      /exposure ([\d.]+)/.exec(
        result.validation.find((v) => v.tool === 'systemd-analyze security')!.detail,
      )![1],
    );
    expect(exposure).toBeLessThanOrEqual(2.5);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    for (const f of manifest.files) {
      const text = readFileSync(join(out, f.name), 'utf8');
      expect(f.sha256).toBe(execFileSync('sha256sum', { input: text }).toString().split(' ')[0]);
    }
  });
});

describe('what the files say', () => {
  it('gunicorn.conf.py runs and sets what the spec asks', () => {
    const { file } = render();
    const path = join(out, 'g.py');
    writeFileSync(path, file('gunicorn'));
    const ns = JSON.parse(
      execFileSync('python3', [
        '-c',
        'import json,sys; ns={}; exec(open(sys.argv[1]).read(), ns); print(json.dumps({k: ns[k] for k in ["bind","workers","worker_class","threads","timeout","graceful_timeout","preload_app","worker_tmp_dir","forwarded_allow_ips","wsgi_app"]}))',
        path,
      ]).toString(),
    );
    expect(ns).toEqual({
      bind: ['unix:/run/shop.sock'],
      workers: 3,
      worker_class: 'gthread',
      threads: 4,
      timeout: 300,
      graceful_timeout: 20,
      preload_app: false,
      worker_tmp_dir: '/dev/shm',
      forwarded_allow_ips: '127.0.0.1,::1',
      wsgi_app: 'app:app',
    });
  });

  it('evaluates workers: auto on the server as 2 x CPUs + 1', () => {
    const { file } = render({ 'gunicorn.workers': 'auto' });
    const path = join(out, 'g.py');
    writeFileSync(path, file('gunicorn'));
    const workers = execFileSync('python3', [
      '-c',
      'import sys; ns={}; exec(open(sys.argv[1]).read(), ns); print(ns["workers"])',
      path,
    ]);
    const cpus = Number(execFileSync('nproc').toString());
    expect(Number(workers.toString())).toBe(cpus * 2 + 1);
  });

  it('the service reloads with HUP, stops gracefully for longer than graceful_timeout, and is socket-activated', () => {
    const { file } = render();
    const unit = file('systemd-service');
    expect(unit).toMatch(/^Type=notify$/m);
    expect(unit).toMatch(/^ExecReload=\/bin\/kill -s HUP \$MAINPID$/m);
    expect(unit).toMatch(/^KillMode=mixed$/m);
    expect(Number(/^TimeoutStopSec=(\d+)$/m.exec(unit)![1])).toBeGreaterThan(20);
    expect(unit).toMatch(/^WorkingDirectory=\/srv\/shop$/m);
    expect(unit).toMatch(/^Requires=shop\.socket$/m);
    expect(file('systemd-socket')).toMatch(/^ListenStream=\/run\/shop\.sock$/m);
    expect(file('systemd-socket')).toMatch(/^SocketGroup=www-data$/m);
  });

  it('fails validation, and writes nothing, when the unit is not hardened enough', async () => {
    const result = await renderConfig({
      specText: shop,
      specFile: 'shop.yml',
      overrides: { 'systemd.hardening': 'off' },
      outDir: out,
      validate: strict,
    });
    expect(result.ok).toBe(false);
    expect(result.validation.find((v) => v.tool === 'systemd-analyze security')).toMatchObject({
      status: 'failed',
      detail: expect.stringMatching(/UNSAFE|EXPOSED|MEDIUM/),
    });
    expect(existsSync(join(out, 'manifest.json'))).toBe(false);
  });

  it('nginx: Mozilla intermediate TLS (no DHE), HSTS and headers on every response, 308 to HTTPS, ACME kept on port 80', () => {
    const conf = render().file('nginx');
    expect(conf).toContain('ssl_protocols TLSv1.2 TLSv1.3;');
    expect(conf).not.toMatch(/(?<!EC)DHE-|ssl_dhparam|ssl_stapling/);
    expect(conf).toContain(
      'add_header Strict-Transport-Security "max-age=63072000; includeSubDomains" always;',
    );
    expect(conf).toContain('return 308 https://$host$request_uri;');
    expect(conf).toMatch(
      /location \^~ \/\.well-known\/acme-challenge\/ \{\n\s+root \/var\/www\/letsencrypt;/,
    );
    expect(conf).toMatch(/location = \/healthz \{\n\s+access_log off;/);
    expect(conf).toMatch(/location \^~ \/ai\/ \{\n\s+client_max_body_size 20m;\n\s+proxy_read_timeout 300s;/);
    expect(conf).toMatch(/location \^~ \/admin\/ \{\n\s+return 404;/);
    expect(conf).toContain('server_tokens off;');
  });

  it('modern TLS is TLS 1.3 only, and HSTS preload is sent when asked', () => {
    const conf = render({ 'proxy.tls.profile': 'modern', 'proxy.tls.hsts': { preload: true } }).file('nginx');
    expect(conf).toContain('ssl_protocols TLSv1.3;');
    // Should another server on :443 let TLS 1.2 through, it gets only the AEAD suites.
    expect(conf).toMatch(/^ {4}ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:[A-Z0-9:-]+;$/m);
    expect(conf).not.toMatch(/ssl_ciphers [^;]*(CBC|SHA:|SHA;|RSA-AES128-SHA)/);
    expect(conf).toContain('max-age=63072000; includeSubDomains; preload');
  });
});

describe('the deploy user sudo rules', () => {
  it.each(['nginx', 'caddy'])(
    '%s: one rule per command line keel runs, each with its arguments',
    (server) => {
      const { files, file } = render({
        'proxy.server': server,
        'gunicorn.logs': 'file',
        'app.deploy-user': 'ci',
      });
      const rules = file('sudoers')
        .split('\n')
        .filter((l) => l && !l.startsWith('#'));
      expect(files.find((f) => f.kind === 'sudoers')).toMatchObject({
        install: '/etc/sudoers.d/shop-keel',
        mode: '0440',
        owner: 'root',
      });
      for (const rule of rules) {
        // The deploy user, as root, one absolute program, always with arguments ("" = none at all).
        expect(rule).toMatch(/^ci ALL=\(root\) NOPASSWD: \/usr\/s?bin\/[a-z-]+ \S/);
        expect(rule).not.toMatch(/ ALL$|NOPASSWD: ALL|\/(ba)?sh\b| \*/);
      }
      expect(rules).toContain('ci ALL=(root) NOPASSWD: /usr/bin/systemctl reload shop.service');
      expect(rules).toContain(
        'ci ALL=(root) NOPASSWD: /usr/bin/systemctl kill -s TTIN --kill-whom\\=main shop.service',
      );
      expect(rules).toContain(`ci ALL=(root) NOPASSWD: /usr/bin/systemctl reload ${server}`);
      expect(rules).toContain('ci ALL=(root) NOPASSWD: /usr/sbin/logrotate -d /etc/logrotate.d/shop');
      // Every file keel installs as root, the rules themselves included, and nothing it does not install.
      for (const f of files.filter((x) => x.scope === 'host' && x.kind !== 'alerts')) {
        expect(rules).toContain(`ci ALL=(root) NOPASSWD: /usr/bin/test -e ${f.install}`);
        expect(
          rules.some(
            (r) =>
              r.includes('/usr/bin/install ^-D -m ' + f.mode) &&
              r.endsWith(`${f.install.replace(/\./g, '\\.')}$`),
          ),
        ).toBe(true);
      }
      expect(file('sudoers')).not.toContain('/etc/prometheus');
      expect(rules.some((r) => r.includes(server === 'nginx' ? 'caddy' : 'nginx'))).toBe(false);
    },
  );
});
