/**
 * render-config's files, installed on the systemd host and served by the real Nginx and Caddy in front of the
 * sample app under systemd: routes answer over TLS with the security headers, HTTP redirects with 308, the
 * health paths stay out of the access log, and the service keeps its sandbox. The spec's header values and
 * environment are hostile (quotes, backticks, `;`, `$`, `%`, `{}`, backslashes, non-ASCII): the real proxies
 * send the headers, and the app under the real systemd gets its environment, exactly as the spec says.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { renderAll } from '../../src/render/index.js';
import { loadSpec } from '../../src/appspec/load.js';
import { resolve } from '../../src/appspec/resolve.js';
import { host, hostExec, putFile } from '../support/hosts.js';
import { request } from '../support/http.js';
import { HOSTILE_CSP, HOSTILE_DSN, HOSTILE_PERMISSIONS } from '../support/hostile.js';
import { repoRoot } from '../support/paths.js';
import { makeCa, type TestCa } from '../support/tls.js';

const DOMAIN = 'shop.keel.test';
const SPEC = `
app: { name: shop, module: "app:app", path: /srv/shop, gunicorn: /usr/bin/gunicorn }
gunicorn: { workers: 2, timeout: 120, graceful-timeout: 10 }
proxy:
  domains: [${DOMAIN}, www.${DOMAIN}]
  tls: { certificates: files, cert: /etc/keel-test/tls/site.crt, key: /etc/keel-test/tls/site.key }
  routes:
    - { path: /ai/*, timeout: 120, max-body: 2m, buffering: false }
    - { path: /admin/*, to: deny }
`;

let ca: TestCa;
let address: string;

function install(server: 'nginx' | 'caddy'): void {
  const r = resolve(
    loadSpec(SPEC, 'keel.yml', {
      'proxy.server': server,
      'app.environment': { KEEL_RELEASE: HOSTILE_DSN, DSN: HOSTILE_DSN },
      'proxy.headers': { 'content-security-policy': HOSTILE_CSP, 'permissions-policy': HOSTILE_PERMISSIONS },
    }).spec,
  );
  const files = renderAll(r);
  const sd = 'sd';
  hostExec(
    sd,
    'systemctl stop nginx caddy shop.service shop.socket 2>/dev/null || true; id shop >/dev/null 2>&1 || useradd --system --home-dir /srv/shop --shell /usr/sbin/nologin shop; install -d -m 0755 /srv/shop/releases/r1/.keel /srv/shop/shared',
  );
  const app = join(repoRoot, 'examples/sample-app');
  for (const f of readdirSync(app).filter((n) => n.endsWith('.py')))
    putFile(sd, `/srv/shop/releases/r1/${f}`, readFileSync(join(app, f), 'utf8'));
  putFile(sd, '/srv/shop/releases/r1/RELEASE', 'r1\n');
  hostExec(sd, 'ln -sfn /srv/shop/releases/r1 /srv/shop/current');
  for (const f of files) {
    const path = f.scope === 'release' ? `/srv/shop/releases/r1/${f.install}` : f.install;
    putFile(sd, path, f.content, { mode: f.mode });
  }
  const site = ca.issue([DOMAIN, `www.${DOMAIN}`], { name: 'site' });
  putFile(sd, '/etc/keel-test/tls/site.crt', site.certPem);
  putFile(sd, '/etc/keel-test/tls/site.key', site.keyPem, {
    mode: '0640',
    owner: `root:${server === 'nginx' ? 'root' : 'caddy'}`,
  });
  if (server === 'nginx') {
    hostExec(
      sd,
      'rm -f /etc/nginx/sites-enabled/default; ln -sfn /etc/nginx/sites-available/shop.conf /etc/nginx/sites-enabled/shop.conf; nginx -t 2>&1',
    );
  } else {
    putFile(sd, '/etc/caddy/Caddyfile', '{\n  admin localhost:2019\n}\nimport sites/*.caddy\n');
    hostExec(sd, 'caddy validate --adapter caddyfile --config /etc/caddy/Caddyfile 2>&1 | tail -1');
  }
  hostExec(
    sd,
    `systemctl daemon-reload && systemctl enable --now shop.socket && systemctl start shop.service && systemctl start ${server}`,
  );
}

beforeAll(() => {
  ca = makeCa();
  address = host('sd').address;
});

afterAll(() => {
  ca.remove();
  hostExec('sd', 'systemctl stop nginx caddy shop.service shop.socket 2>/dev/null || true');
});

describe.each(['nginx', 'caddy'] as const)('served by %s', (server) => {
  beforeAll(() => install(server), 120_000);

  const get = (
    path: string,
    extra: Parameters<typeof request>[1] extends infer O ? Partial<O> : never = {},
  ) => request(`https://${DOMAIN}${path}`, { address, ca: ca.caPem, ...extra });

  it('answers the health, readiness and version routes over TLS from the app under systemd', async () => {
    const health = await get('/healthz');
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toEqual({ status: 'ok' });
    expect((await get('/readyz')).status).toBe(200);
    expect(JSON.parse((await get('/version')).body)).toMatchObject({ release: HOSTILE_DSN });
  });

  it('gives the app its environment exactly as the spec says ($ single, % not a specifier, quotes, non-ASCII)', () => {
    const pid = hostExec('sd', 'systemctl show -p MainPID --value shop.service').trim();
    const env = hostExec('sd', `cat /proc/${pid}/environ`).split('\0');
    expect(env).toContain(`DSN=${HOSTILE_DSN}`);
    expect(env).toContain(`KEEL_RELEASE=${HOSTILE_DSN}`);
  });

  it('sends hostile header values exactly as written ($, {}, {$ENV}, quotes, backslashes, backticks)', async () => {
    const r = await get('/healthz');
    expect(r.headers['content-security-policy']).toBe(HOSTILE_CSP);
    expect(r.headers['permissions-policy']).toBe(HOSTILE_PERMISSIONS);
  });

  it('sends HSTS and the security headers, and no server version', async () => {
    const r = await get('/');
    expect(r.headers['strict-transport-security']).toBe('max-age=63072000; includeSubDomains');
    expect(r.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(r.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect(r.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(r.headers['permissions-policy']).toContain('camera=()');
    expect(r.headers.server ?? '').not.toMatch(/\d/);
  });

  it('redirects HTTP to HTTPS with 308', async () => {
    const r = await request(`http://${DOMAIN}/some/page?x=1`, { address });
    expect(r.status).toBe(308);
    expect(r.headers.location).toBe(`https://${DOMAIN}/some/page?x=1`);
  });

  it('speaks TLS 1.3 and 1.2 and refuses 1.1', async () => {
    expect((await get('/healthz')).protocol).toBe('TLSv1.3');
    expect((await get('/healthz', { maxVersion: 'TLSv1.2' })).protocol).toBe('TLSv1.2');
    await expect(get('/healthz', { minVersion: 'TLSv1', maxVersion: 'TLSv1.1' })).rejects.toThrow();
  });

  it('routes /ai/* to the app (POST, slow) and denies /admin/*', async () => {
    const ai = await get('/ai/echo?delay=0.2', { method: 'POST', body: JSON.stringify({ prompt: 'hi' }) });
    expect(ai.status).toBe(200);
    expect(ai.body).toContain('hi');
    expect((await get('/admin/users')).status).toBe(404);
  });

  it('keeps health probes out of the access log', async () => {
    const marker = `probe-${Date.now()}`;
    // Nginx logs the site to its own file in keel's format: $uri, never the query string.
    const logged = (path: string) =>
      Number(hostExec('sd', `grep -c '"u":"${path}"' /var/log/nginx/shop.access.log || true`).trim());
    const before = server === 'nginx' ? [logged('/version'), logged('/healthz')] : [];
    await get(`/healthz?${marker}`);
    await get(`/version?${marker}`);
    await sleep(500);
    if (server === 'nginx') {
      expect([logged('/version'), logged('/healthz')]).toEqual([before[0]! + 1, before[1]]);
      expect(hostExec('sd', 'cat /var/log/nginx/shop.access.log')).not.toContain(marker);
      return;
    }
    const log = hostExec('sd', 'cat /var/log/caddy/shop.access.log');
    expect(log).toContain(`/version?${marker}`);
    expect(log).not.toContain(`/healthz?${marker}`);
  });

  it('runs the app sandboxed, as its own user, socket-activated', async () => {
    const out = hostExec(
      'sd',
      'systemctl show shop.service -p User -p ProtectSystem -p NoNewPrivileges -p ActiveState; systemctl is-active shop.socket',
    );
    expect(out).toContain('User=shop');
    expect(out).toContain('ProtectSystem=strict');
    expect(out).toContain('NoNewPrivileges=yes');
    expect(out).toContain('ActiveState=active');
    expect(out.trim().split('\n').pop()).toBe('active');
  });
});
