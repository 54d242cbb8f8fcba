/**
 * smoke-check against real Nginx on the systemd host: the config render-config makes passes with grade A+, and
 * each weakness of a deliberately weak site is caught with a clear message: TLS 1.0 enabled, missing HSTS and
 * headers, no redirect, a certificate for another name, an expired certificate, a stale version.
 */
import { renderAll } from '../../src/render/index.js';
import { loadSpec } from '../../src/appspec/load.js';
import { resolve } from '../../src/appspec/resolve.js';
import { host, hostExec, putFile } from '../support/hosts.js';
import { actionDir } from '../support/paths.js';
import { runStep, type StepResult } from '../support/step.js';
import { makeCa, type TestCa } from '../support/tls.js';

let ca: TestCa;
let address: string;

const WEAK = (name: string, cert: string, tlsLines: string, port = 443) => `
server { listen 80; server_name ${name}; location / { return 200 "plain http\\n"; } }
server {
  listen ${port} ssl; server_name ${name};
  ssl_certificate /etc/keel-smoke/${cert}.crt; ssl_certificate_key /etc/keel-smoke/${cert}.key;
  ${tlsLines}
  location / { proxy_pass http://127.0.0.1:8000; }
}
`;

beforeAll(() => {
  ca = makeCa();
  address = host('sd').address;
  const spec = loadSpec(
    `app: { name: smoke, module: "app:app", path: /srv/smoke }
gunicorn: { bind: tcp, port: 8000 }
proxy: { domains: [good.keel.test], tls: { certificates: files, cert: /etc/keel-smoke/good.crt, key: /etc/keel-smoke/good.key } }
`,
  ).spec;
  const rendered = renderAll(resolve(spec));
  const site = rendered.find((f) => f.name === 'nginx/smoke.conf')!;
  const defaultServer = rendered.find((f) => f.name === 'nginx/keel-default.conf')!;
  const put = (n: string, c: { certPem: string; keyPem: string }) => {
    putFile('sd', `/etc/keel-smoke/${n}.crt`, c.certPem);
    putFile('sd', `/etc/keel-smoke/${n}.key`, c.keyPem, { mode: '0600' });
  };
  put('good', ca.issue(['good.keel.test'], { name: 'good', days: 90 }));
  put('other', ca.issue(['other.keel.test'], { name: 'other' }));
  put('weak', ca.issue(['weak.keel.test'], { name: 'weak' }));
  put('expired', ca.issueExpired(['expired.keel.test'], 'expired'));
  hostExec('sd', 'systemctl stop nginx caddy 2>/dev/null; rm -f /etc/nginx/sites-enabled/*');
  putFile('sd', '/etc/nginx/sites-enabled/smoke-good.conf', site.content);
  putFile('sd', '/etc/nginx/sites-enabled/keel-default.conf', defaultServer.content);
  putFile(
    'sd',
    '/etc/nginx/sites-enabled/smoke-weak.conf',
    WEAK(
      'weak.keel.test',
      'weak',
      // Debian's OpenSSL sets MinProtocol TLSv1.2 system-wide: a weak server has to lower it itself.
      'ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3; ssl_ciphers DEFAULT:@SECLEVEL=0; ssl_conf_command MinProtocol TLSv1; ssl_conf_command CipherString DEFAULT:@SECLEVEL=0;',
      // Its own port: nginx negotiates the protocol with the default server of a listener, before SNI.
      8443,
    ) +
      WEAK('wrongname.keel.test', 'other', '') +
      WEAK('expired.keel.test', 'expired', ''),
  );
  hostExec('sd', 'nginx -t 2>&1 && systemctl start nginx');
});

afterAll(() => {
  hostExec(
    'sd',
    'systemctl stop nginx; rm -f /etc/nginx/sites-enabled/smoke-* /etc/nginx/sites-enabled/keel-default.conf',
  );
  ca.remove();
});

const smoke = (name: string, inputs: Record<string, string> = {}) =>
  runStep({
    actionDir: actionDir('smoke-check'),
    with: { url: `https://${name}`, address, ca: ca.caPem, deadline: '2s', ...inputs },
  });
const failures = (r: StepResult) => r.annotations.filter((a) => a.level === 'error').map((a) => a.message);

describe('smoke-check on real Nginx', () => {
  it('passes the site render-config makes, with grade A+, the version and the certificate days', async () => {
    const r = await smoke('good.keel.test', {
      'expected-version': 'seed',
      expect: '/readyz status == ready\n/ body ~ <h1>keel sample app</h1>',
      'latency-requests': '20',
    });
    expect(failures(r)).toEqual([]);
    expect(r.outputs).toMatchObject({ passed: 'true', grade: 'A+', version: 'seed' });
    expect(Number(r.outputs['cert-days-left'])).toBeGreaterThanOrEqual(0);
    const report = JSON.parse(r.outputs.report!) as {
      checks: { name: string; ok: boolean }[];
    };
    expect(report.checks.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        'GET /healthz',
        'http → https',
        'TLS 1.0',
        'TLS 1.1',
        'TLS 1.2 cipher',
        'HTTP Observatory score',
        'another Host name',
        'another TLS server name (SNI)',
        '/healthz p95 (20 requests)',
      ]),
    );
    expect(report.checks.filter((c) => c.name.startsWith('another')).every((c) => c.ok)).toBe(true);
    expect(r.summary).toContain('| http → https |');
  });

  it('catches TLS 1.0/1.1, missing HSTS and headers, and no redirect on a weak site', async () => {
    const r = await smoke('weak.keel.test:8443', { 'min-cert-days': '0' });
    expect(r.exitCode).toBe(1);
    const f = failures(r).join('\n');
    expect(f).toMatch(/TLS 1\.0: expected refused, got accepted/);
    expect(f).toMatch(/TLS 1\.1: expected refused, got accepted/);
    expect(f).toMatch(/http → https: expected 301\/308 to https:\/\/weak\.keel\.test:8443\/, got 200/);
    expect(f).toMatch(/HTTP Observatory score: expected grade A\+ or better, got \d+ \(F\).*no HSTS -20/);
    expect(f).toMatch(/Server header: expected no version, got nginx\/1\.\d+/);
    expect(r.outputs.grade).toBe('F');
  });

  it('catches a certificate for another name', async () => {
    const r = await smoke('wrongname.keel.test', { 'check-headers': 'false', 'min-cert-days': '0' });
    expect(failures(r).join('\n')).toMatch(
      /certificate valid for the name: expected trusted, for wrongname\.keel\.test, got ERR_TLS_CERT_ALTNAME_INVALID/,
    );
  });

  it('catches an expired certificate', async () => {
    const r = await smoke('expired.keel.test', { 'check-headers': 'false' });
    const f = failures(r).join('\n');
    expect(f).toMatch(/certificate valid for the name: .*got CERT_HAS_EXPIRED/);
    expect(f).toMatch(/certificate expiry: expected >= 14 days left, got -\d+ days/);
  });

  it('catches a stale version after retrying until the deadline', async () => {
    const r = await smoke('good.keel.test', { 'expected-version': 'r999', deadline: '3s' });
    expect(failures(r).join('\n')).toMatch(/\/version release: expected r999, got seed/);
    expect(r.log.some((l) => /attempt 1: .*retrying in/.test(l))).toBe(true);
  });

  it('says so clearly when the site cannot be reached', async () => {
    const r = await runStep({
      actionDir: actionDir('smoke-check'),
      with: { url: 'https://good.keel.test', address: '127.0.0.1', deadline: '1s', 'check-tls': 'false' },
    });
    expect(r.exitCode).toBe(1);
    expect(failures(r)).toHaveLength(1);
    expect(failures(r)[0]).toMatch(
      /^https:\/\/good\.keel\.test could not be reached in \d+ attempts? over [\d.]+s: connection refused by 127\.0\.0\.1:443 \(GET \/healthz, \/readyz, \/version\)\n/,
    );
  });
});

describe('smoke-check on real Caddy', () => {
  beforeAll(() => {
    const spec = loadSpec(
      `app: { name: smokec, module: "app:app", path: /srv/smokec }
gunicorn: { bind: tcp, port: 8000 }
proxy: { server: caddy, domains: [good.keel.test], tls: { certificates: files, cert: /etc/keel-smoke/good.crt, key: /etc/keel-smoke/good.key } }
`,
    ).spec;
    const rendered = renderAll(resolve(spec));
    const site = rendered.find((f) => f.name === 'caddy/smokec.caddy')!;
    const main = rendered.find((f) => f.name === 'caddy/Caddyfile')!;
    hostExec(
      'sd',
      'systemctl stop nginx; chgrp caddy /etc/keel-smoke/good.key; chmod 0640 /etc/keel-smoke/good.key; install -d -o caddy -g caddy /var/log/caddy',
    );
    hostExec('sd', 'rm -f /etc/caddy/sites/*');
    putFile('sd', '/etc/caddy/sites/smokec.caddy', site.content);
    putFile('sd', '/etc/caddy/Caddyfile', main.content);
    hostExec('sd', 'systemctl restart caddy');
  });
  afterAll(() => {
    hostExec('sd', 'systemctl stop caddy; rm -f /etc/caddy/sites/smokec.caddy');
  });

  it('passes the Caddy site render-config makes, with grade A+', async () => {
    const r = await smoke('good.keel.test', { 'expected-version': 'seed' });
    expect(failures(r)).toEqual([]);
    expect(r.outputs).toMatchObject({ passed: 'true', grade: 'A+', version: 'seed' });
    expect(r.summary).toContain('| TLS 1.0 | refused | refused | pass |');
    expect(r.summary).toMatch(/\| another Host name \| refused \(connection closed or 4xx\) \| refused \(/);
    expect(r.summary).toMatch(/\| another TLS server name \(SNI\) \| handshake refused \| refused \(/);
  });

  it("fails a site that answers any name as its own (Caddy without keel's main file)", async () => {
    putFile('sd', '/etc/caddy/Caddyfile', '{\n\tadmin localhost:2019\n}\n\nimport sites/*.caddy\n');
    hostExec('sd', 'systemctl reload caddy');
    try {
      const r = await smoke('good.keel.test', { 'expected-version': 'seed' });
      expect(r.exitCode).toBe(1);
      expect(failures(r).join('\n')).toMatch(
        /another Host name: expected refused \(connection closed or 4xx\), got 200/,
      );
    } finally {
      putFile(
        'sd',
        '/etc/caddy/Caddyfile',
        renderAll(
          resolve(
            loadSpec(
              'app: { name: smokec, module: "app:app", path: /srv/smokec }\nproxy: { server: caddy, domains: [good.keel.test] }\n',
            ).spec,
          ),
        ).find((f) => f.name === 'caddy/Caddyfile')!.content,
      );
      hostExec('sd', 'systemctl reload caddy');
    }
  });
});
