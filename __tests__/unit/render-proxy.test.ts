/**
 * The proxy's edges as the renderers write them (the host suite serves them for real): the patterns both
 * proxies match paths, hosts and body sizes with, framing derived one way, and the files following the
 * software versions of the spec.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../src/errors.js';
import { caddyRegex } from '../../src/render/escape.js';
import { framing } from '../../src/render/headers.js';
import { renderAll } from '../../src/render/index.js';
import { deniedPaths, hostPattern, regexLiteral } from '../../src/render/paths.js';
import { greaterThanPattern } from '../../src/render/tls.js';
import { versionAtLeast } from '../../src/render/versions.js';
import { loadSpec } from '../../src/appspec/load.js';
import { resolve } from '../../src/appspec/resolve.js';
import { specSchema } from '../../src/appspec/schema.js';
import { repoRoot } from '../support/paths.js';

const shop = readFileSync(join(repoRoot, '__fixtures__/specs/shop.yml'), 'utf8');
const render = (overrides: Record<string, unknown> = {}) => {
  const loaded = loadSpec(shop, 'shop.yml', overrides);
  const files = renderAll(resolve(loaded.spec));
  const named = (name: string) => files.find((f) => f.name === name)?.content ?? '';
  return { files, named, warnings: loaded.warnings };
};
const problems = (overrides: Record<string, unknown>) => {
  try {
    loadSpec(shop, 'shop.yml', overrides);
  } catch (e) {
    if (e instanceof InputError) return e.problems.map((p) => `${p.field}: ${p.message}`);
    throw e;
  }
  return [];
};

describe('greaterThanPattern: Content-Length over the limit, as a regular expression', () => {
  it.each([0, 1, 9, 10, 99, 100, 1023, 1024, 10485760, 20971520, 999, 1000000, 7])('n = %i', (n) => {
    const re = new RegExp(greaterThanPattern(n));
    const probes = new Set([0, 1, n - 1, n, n + 1, n + 2, n * 10, n * 10 + 9, 10 * (n + 1), 2 ** 40]);
    for (let i = 0; i < 300; i++) probes.add(Math.floor(Math.random() * (n * 3 + 20)));
    for (const x of probes) {
      if (x < 0) continue;
      expect([x, re.test(String(x))]).toEqual([x, x > n]);
      // Leading zeros do not hide a large number, and do not make a small one large.
      expect([x, re.test(`000${x}`)]).toEqual([x, x > n]);
    }
    for (const junk of ['', '-1', '1e9', ' 99999999999', '99999999999 ', '0x1000000', '1,000,000,000'])
      expect(re.test(junk)).toBe(false);
    expect(greaterThanPattern(n)).not.toMatch(/[{}]/);
  });
});

describe('deniedPaths and hostPattern', () => {
  const resolved = (routes: unknown[]) =>
    resolve(loadSpec(shop, 'shop.yml', { 'proxy.routes': routes }).spec);
  const denied = (routes: unknown[], path: string) => {
    const p = deniedPaths(resolved(routes));
    const test = (list: string[]) => list.some((x) => new RegExp(x, 'i').test(path));
    return test(p.dotfiles) || (test(p.denied) && !test(p.allowed));
  };

  it('denies a prefix with and without its slash, in any case, and nothing that merely starts alike', () => {
    const routes = [{ path: '/admin/*', to: 'deny' }];
    for (const p of ['/admin', '/admin/', '/admin/x', '/Admin/x', '/ADMIN', '/admin/a/b'])
      expect([p, denied(routes, p)]).toEqual([p, true]);
    for (const p of ['/administrator', '/admins/x', '/', '/x/admin', '/adminx'])
      expect([p, denied(routes, p)]).toEqual([p, false]);
  });

  it('leaves routes the spec sends elsewhere inside a denied prefix alone', () => {
    const routes = [
      { path: '/admin/*', to: 'deny' },
      { path: '/admin/login', to: 'app' },
      { path: '/admin/public/*', to: 'app' },
    ];
    expect(denied(routes, '/admin/login')).toBe(false);
    expect(denied(routes, '/admin/public/a')).toBe(false);
    expect(denied(routes, '/admin/login2')).toBe(true);
    expect(denied(routes, '/admin/users')).toBe(true);
  });

  it('denies dotfiles and dot directories under static routes only', () => {
    const routes = [{ path: '/static/*', to: 'static', root: '/srv/shop/current/static' }];
    for (const p of ['/static/.env', '/static/a/.git/config', '/STATIC/.htpasswd', '/static/.well-known/x'])
      expect([p, denied(routes, p)]).toEqual([p, true]);
    for (const p of ['/static/app.css', '/static/a.b/c.css', '/.env', '/staticx/.env'])
      expect([p, denied(routes, p)]).toEqual([p, false]);
  });

  it('quotes every regex character a route may hold', () => {
    const odd = "/a$b(c)+d.e;f'g@h~i!j&k=l,m:n/";
    expect(new RegExp(`^${regexLiteral(odd)}$`).test(odd)).toBe(true);
    expect(new RegExp(`^${regexLiteral(odd)}$`).test(odd.replace('.', 'x'))).toBe(false);
  });

  it('matches exactly the spec domains, a wildcard standing for one label', () => {
    const re = new RegExp(hostPattern(['shop.example.com', '*.api.example.com']), 'i');
    for (const h of ['shop.example.com', 'SHOP.example.com', 'eu.api.example.com'])
      expect([h, re.test(h)]).toEqual([h, true]);
    for (const h of [
      'evil.test',
      'shopXexample.com',
      'shop.example.com.evil.test',
      'evil.test.shop.example.com',
      'a.b.api.example.com',
      'api.example.com',
      '',
    ])
      expect([h, re.test(h)]).toEqual([h, false]);
  });

  it('a Caddyfile pattern is written as it is, and one it cannot carry is refused', () => {
    expect(caddyRegex('(?i)^/admin(?:/|$)')).toBe('"(?i)^/admin(?:/|$)"');
    for (const bad of ['a{2}', 'a"b', 'a\nb', 'a\\'])
      expect(() => caddyRegex(bad)).toThrow(/can carry as written/);
  });
});

describe('framing: X-Frame-Options and frame-ancestors say the same thing', () => {
  const headers = (h: Record<string, unknown>) =>
    specSchema.parse({
      app: { name: 'shop', module: 'app:app', path: '/srv/shop' },
      proxy: { domains: ['shop.example.com'], headers: h },
    }).proxy.headers;

  it('adds frame-ancestors from frame-options (DENY by default)', () => {
    expect(framing(headers({}))).toEqual({
      csp: expect.stringMatching(/; frame-ancestors 'none'$/),
      frameOptions: 'DENY',
    });
    expect(framing(headers({ 'frame-options': 'SAMEORIGIN' }))).toEqual({
      csp: expect.stringMatching(/; frame-ancestors 'self'$/),
      frameOptions: 'SAMEORIGIN',
    });
  });

  it("derives X-Frame-Options from the CSP's frame-ancestors, and none when it cannot say it", () => {
    expect(
      framing(headers({ 'content-security-policy': "default-src 'self'; frame-ancestors 'self';" })),
    ).toEqual({ csp: "default-src 'self'; frame-ancestors 'self'", frameOptions: 'SAMEORIGIN' });
    expect(
      framing(
        headers({ 'content-security-policy': "default-src 'self'; FRAME-ANCESTORS https://a.example" }),
      ),
    ).toEqual({ csp: "default-src 'self'; FRAME-ANCESTORS https://a.example", frameOptions: undefined });
  });

  it('refuses a spec where they contradict, naming the field', () => {
    expect(
      problems({
        'proxy.headers': {
          'frame-options': 'SAMEORIGIN',
          'content-security-policy': "default-src 'self'; frame-ancestors 'none'",
        },
      }),
    ).toEqual([
      expect.stringMatching(/^proxy\.headers\.frame-options: SAMEORIGIN contradicts frame-ancestors 'none'/),
    ]);
  });

  it('both servers send the derived pair', () => {
    for (const server of ['nginx', 'caddy']) {
      const { files } = render({
        'proxy.server': server,
        'proxy.headers': { 'frame-options': 'SAMEORIGIN' },
      });
      const site = files.find(
        (f) => f.name === (server === 'nginx' ? 'nginx/shop.conf' : 'caddy/shop.caddy'),
      )!;
      expect(site.content).toContain("frame-ancestors 'self'");
      expect(site.content).toMatch(/X-Frame-Options SAMEORIGIN/);
      expect(site.content).not.toMatch(/frame-ancestors 'none'|X-Frame-Options DENY/);
    }
  });
});

describe('the files follow proxy.versions', () => {
  it('compares dotted versions', () => {
    expect(versionAtLeast('1.25.1', '1.25.1')).toBe(true);
    expect(versionAtLeast('1.26', '1.25.1')).toBe(true);
    expect(versionAtLeast('1.25', '1.25.1')).toBe(false);
    expect(versionAtLeast('1.3', '1.25')).toBe(false);
    expect(versionAtLeast('2.10', '2.6')).toBe(true);
  });

  it('Nginx 1.22 / OpenSSL 3.0 (Debian 12): listen … http2, and no X25519MLKEM768', () => {
    const { named } = render();
    for (const f of [named('nginx/shop.conf'), named('nginx/keel-default.conf')]) {
      expect(f).toMatch(/listen 443 ssl( default_server)? http2;/);
      expect(f).not.toContain('http2 on;');
      expect(f).toContain('ssl_ecdh_curve X25519:prime256v1:secp384r1;');
    }
  });

  it('Nginx 1.26 / OpenSSL 3.5 (Debian 13): http2 on; and the post-quantum hybrid first', () => {
    const { named } = render({ 'proxy.versions': { nginx: '1.26.3', openssl: '3.5.1' } });
    for (const f of [named('nginx/shop.conf'), named('nginx/keel-default.conf')]) {
      expect(f).toMatch(/^ {4}http2 on;$/m);
      expect(f).not.toMatch(/listen [^;]*http2/);
      expect(f).toContain('ssl_ecdh_curve X25519MLKEM768:X25519:prime256v1:secp384r1;');
    }
  });

  it('Caddy 2.10 gets x25519mlkem768; 2.6 does not', () => {
    expect(render({ 'proxy.server': 'caddy' }).named('caddy/shop.caddy')).toContain(
      'curves x25519 secp256r1 secp384r1',
    );
    expect(
      render({ 'proxy.server': 'caddy', 'proxy.versions': { caddy: '2.10.0' } }).named('caddy/shop.caddy'),
    ).toContain('curves x25519mlkem768 x25519 secp256r1 secp384r1');
  });

  it('refuses an Nginx too old for the catch-all, and a version that is not one', () => {
    expect(problems({ 'proxy.versions': { nginx: '1.18' } })).toEqual([
      expect.stringMatching(/^proxy\.versions\.nginx: is 1\.18; keel's sites need Nginx 1\.19\.4/),
    ]);
    expect(problems({ 'proxy.versions': { nginx: 'latest' } })).toEqual([
      expect.stringMatching(/^proxy\.versions\.nginx: must be a version like/),
    ]);
  });
});

describe('what the files say about compression, cookies, the default server', () => {
  it('compresses static files and not the app by default, on both servers', () => {
    const nginx = render().named('nginx/shop.conf');
    expect(nginx).toMatch(/^ {4}gzip off;$/m);
    expect(nginx).toMatch(/location \^~ \/static\/ \{[^}]*gzip on;\n\s+gzip_static on;/);
    expect(nginx).not.toMatch(/location \^~ \/ai\/ \{[^}]*gzip on/);
    const caddy = render({ 'proxy.server': 'caddy' }).named('caddy/shop.caddy');
    expect(caddy).toMatch(/handle_path \/static\/\* \{[\s\S]*?encode zstd gzip[\s\S]*?precompressed gzip/);
    expect(caddy).not.toMatch(/handle \/ai\/\* \{[^}]*encode/);
  });

  it('compresses the app too with compress-app, and nothing without gzip', () => {
    expect(render({ 'proxy.compress-app': true }).named('nginx/shop.conf')).toMatch(/^ {4}gzip on;$/m);
    const caddy = render({ 'proxy.server': 'caddy', 'proxy.compress-app': true }).named('caddy/shop.caddy');
    expect(caddy).toMatch(/handle \/ai\/\* \{[\s\S]*?encode zstd gzip[\s\S]*?reverse_proxy/);
    const none = render({ 'proxy.gzip': false, 'proxy.compress-app': true });
    expect(none.named('nginx/shop.conf')).not.toMatch(/gzip on|gzip_static/);
  });

  it('adds cookie flags only when asked', () => {
    expect(render().named('nginx/shop.conf')).not.toContain('proxy_cookie_flags');
    expect(render({ 'proxy.cookie-flags': true }).named('nginx/shop.conf')).toContain(
      'proxy_cookie_flags ~ secure httponly samesite=lax;',
    );
    expect(render({ 'proxy.server': 'caddy' }).named('caddy/shop.caddy')).not.toContain('Set-Cookie');
  });

  it('renders the shared default server unless turned off, and warns that modern then depends on it', () => {
    expect(render().files.map((f) => f.name)).toContain('nginx/keel-default.conf');
    const off = render({ 'proxy.default-server': false, 'proxy.tls.profile': 'modern' });
    expect(off.files.map((f) => f.name)).not.toContain('nginx/keel-default.conf');
    expect(off.warnings.map((w) => w.field)).toContain('proxy.default-server');
    const caddy = render({ 'proxy.server': 'caddy', 'proxy.default-server': false }).named('caddy/Caddyfile');
    expect(caddy).not.toContain('abort');
    expect(caddy).toContain('import sites/*.caddy');
  });
});
