/**
 * The rendered proxy under hostile requests, served for real on the systemd host by Nginx and by Caddy, in front
 * of the sample app under systemd, probed as a TLS and web-security reviewer would with curl and openssl from
 * the runner: every status the proxy or keel can produce carries the security headers, once; unknown Host and
 * SNI are refused; the protocol versions, TLS 1.2 suites and key exchange groups are exactly the profile's;
 * proxied HTML is not compressed; oversized bodies get 413 before the app; slow headers are cut; deny rules
 * cover the bare prefix, any letter case and dotfiles under static routes.
 *
 * Both servers, both TLS profiles, EC and RSA certificates, and Nginx with another site installed as the
 * default server. The results go to .keel/proxy-edges.md as one table, Nginx and Caddy side by side
 * (`node scripts/proxy-table.mjs` puts it in actions/render-config/README.md).
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { type HostFile, installHostFiles } from '../../src/releases/install.js';
import { renderAll, type RenderedFile } from '../../src/render/index.js';
import { memoryLogger } from '../../src/log.js';
import { loadSpec } from '../../src/appspec/load.js';
import { resolve } from '../../src/appspec/resolve.js';
import { host, hostExec, openSession, putFile } from '../support/hosts.js';
import { repoRoot } from '../support/paths.js';
import { makeCa, type TestCa } from '../support/tls.js';

const DOMAIN = 'shop.keel.test';
const HEADERS = [
  'strict-transport-security',
  'content-security-policy',
  'x-content-type-options',
  'x-frame-options',
  'referrer-policy',
  'permissions-policy',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
];
const AEAD12 = {
  ec: ['ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-ECDSA-CHACHA20-POLY1305'],
  rsa: ['ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-RSA-CHACHA20-POLY1305'],
};

interface Config {
  label: string;
  server: 'nginx' | 'caddy';
  profile: 'intermediate' | 'modern';
  key: 'ec' | 'rsa';
  /** cookie-flags on, and the app's own CSP wins (from-app). */
  appFlags: boolean;
  /** Another site is the default server on :80 and :443 (keel's default-server off). */
  foreignDefault?: boolean;
}

const CONFIGS: Config[] = [
  { label: 'nginx, intermediate, EC', server: 'nginx', profile: 'intermediate', key: 'ec', appFlags: false },
  { label: 'nginx, modern, RSA', server: 'nginx', profile: 'modern', key: 'rsa', appFlags: true },
  { label: 'caddy, intermediate, RSA', server: 'caddy', profile: 'intermediate', key: 'rsa', appFlags: true },
  { label: 'caddy, modern, EC', server: 'caddy', profile: 'modern', key: 'ec', appFlags: false },
  {
    label: 'nginx, modern, EC, another default server',
    server: 'nginx',
    profile: 'modern',
    key: 'ec',
    appFlags: false,
    foreignDefault: true,
  },
];

const SPEC = `
app: { name: shop, module: "app:app", path: /srv/shop, gunicorn: /usr/bin/gunicorn }
gunicorn: { workers: 2, timeout: 60, graceful-timeout: 5 }
proxy:
  domains: [${DOMAIN}, www.${DOMAIN}]
  tls: { certificates: files, cert: /etc/keel-test/tls/site.crt, key: /etc/keel-test/tls/site.key }
  max-body: 1m
  routes:
    - { path: /ai/*, timeout: 60, max-body: 256k, buffering: false }
    - { path: /static/*, to: static, root: /srv/shop/current/static }
    - { path: /admin/*, to: deny }
    - { path: /admin/login, to: app }
`;

// The table (render-config's page): behaviour → server → results seen, in the order the rows were first recorded.
const table = new Map<string, Map<string, Set<string>>>();
function record(row: string, c: Config, value: string): void {
  if (!table.has(row)) table.set(row, new Map());
  const cells = table.get(row)!;
  const key = c.foreignDefault ? `${c.server} (another default server)` : c.server;
  if (!cells.has(key)) cells.set(key, new Set());
  cells.get(key)!.add(value);
}

let ca: TestCa;
let address: string;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}
function run(program: string, args: string[], input = '', timeoutMs = 30_000): Promise<Run> {
  return new Promise((ok) => {
    const child = execFile(
      program,
      args,
      { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, encoding: 'latin1' },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        ok({ code, stdout, stderr });
      },
    );
    // A program may exit before reading its input (openssl after a refused handshake).
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(input);
  });
}

interface Reply {
  /** curl's exit code: 0, or why no response came (35 handshake refused, 52 empty reply, 92 stream reset, ...). */
  code: number;
  status: number;
  /** Every header line of the final response, names lower-cased, repeats kept. */
  headers: [string, string][];
  body: string;
}
const one = (r: Reply, name: string) => r.headers.filter(([n]) => n === name).map(([, v]) => v);

async function curl(url: string, extra: string[] = [], input = ''): Promise<Reply> {
  const u = new URL(url);
  const port = u.port || (u.protocol === 'https:' ? '443' : '80');
  const r = await run(
    'curl',
    [
      '-sS',
      '--max-time',
      '20',
      '--resolve',
      `${u.hostname}:${port}:${address}`,
      '--cacert',
      ca.caCert,
      '-i',
      ...extra,
      url,
    ],
    input,
  );
  // -i: the response heads (a 100 Continue first, sometimes), then the body.
  let rest = r.stdout;
  let last = '';
  while (/^HTTP\/[\d.]+ \d{3}/.test(rest)) {
    const end = rest.search(/\r?\n\r?\n/);
    if (end < 0) {
      last = rest;
      rest = '';
      break;
    }
    last = rest.slice(0, end);
    rest = rest.slice(end).replace(/^\r?\n\r?\n/, '');
  }
  const [statusLine, ...lines] = last.split(/\r?\n/);
  return {
    code: r.code,
    status: Number(/^HTTP\/[\d.]+ (\d{3})/.exec(statusLine ?? '')?.[1] ?? 0),
    headers: lines
      .filter((l) => l.includes(':'))
      .map((l) => [l.slice(0, l.indexOf(':')).trim().toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
    body: rest,
  };
}

/** One TLS handshake with openssl: whether it completed, and the protocol, cipher and group it used. */
async function handshake(
  args: string[],
  servername = DOMAIN,
): Promise<{ ok: boolean; protocol: string; cipher: string; text: string }> {
  const r = await run(
    'openssl',
    ['s_client', '-connect', `${address}:443`, ...(servername ? ['-servername', servername] : []), ...args],
    '',
    15_000,
  );
  const text = r.stdout + r.stderr;
  // "New, TLSv1.3, Cipher is TLS_AES_256_GCM_SHA384" (or "New, (NONE), Cipher is (NONE)" when refused).
  const m = /^(?:New|Reused), ([^,]+), Cipher is (\S+)/m.exec(text);
  const protocol = m?.[1] ?? '';
  const cipher = m?.[2] ?? '';
  return { ok: cipher !== '' && cipher !== '0000' && cipher !== '(NONE)', protocol, cipher, text };
}

async function pool<T, R>(items: T[], n: number, f: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await f(items[i]!);
      }
    }),
  );
  return out;
}

const FOREIGN_SITE = `# Another site on the host, the default server on :80 and :443 (not keel's).
server {
    listen 80 default_server;
    listen 443 ssl default_server;
    server_name other.keel.test;
    ssl_certificate /etc/keel-test/tls/other.crt;
    ssl_certificate_key /etc/keel-test/tls/other.key;
    ssl_protocols TLSv1.2 TLSv1.3;
    return 200 "the other site\\n";
}
`;

function install(c: Config): RenderedFile[] {
  const r = resolve(
    loadSpec(SPEC, 'keel.yml', {
      'proxy.server': c.server,
      'proxy.tls.profile': c.profile,
      'proxy.cookie-flags': c.appFlags,
      'proxy.default-server': !c.foreignDefault,
      ...(c.appFlags ? { 'proxy.headers': { 'from-app': ['content-security-policy'] } } : {}),
    }).spec,
  );
  const files = renderAll(r);
  const sd = 'sd';
  hostExec(
    sd,
    [
      'systemctl stop nginx caddy shop.service shop.socket 2>/dev/null || true',
      'rm -f /etc/nginx/sites-enabled/* /etc/caddy/sites/*',
      'id shop >/dev/null 2>&1 || useradd --system --home-dir /srv/shop --shell /usr/sbin/nologin shop',
      'install -d -m 0755 /srv/shop/releases/r1/.keel /srv/shop/releases/r1/static/sub /srv/shop/shared',
      'install -d -o caddy -g caddy /var/log/caddy',
    ].join('; '),
  );
  const app = join(repoRoot, 'examples/sample-app');
  for (const f of readdirSync(app).filter((n) => n.endsWith('.py')))
    putFile(sd, `/srv/shop/releases/r1/${f}`, readFileSync(join(app, f), 'utf8'));
  putFile(sd, '/srv/shop/releases/r1/RELEASE', 'r1\n');
  putFile(
    sd,
    '/srv/shop/releases/r1/static/app.css',
    `body { color: #123; }\n${'.x { margin: 0 }\n'.repeat(200)}`,
  );
  putFile(sd, '/srv/shop/releases/r1/static/.secret', 'static dotfile\n');
  putFile(sd, '/srv/shop/releases/r1/static/sub/.git-config', 'nested dotfile\n');
  hostExec(sd, 'ln -sfn /srv/shop/releases/r1 /srv/shop/current');
  for (const f of files) {
    const path = f.scope === 'release' ? `/srv/shop/releases/r1/${f.install}` : f.install;
    putFile(sd, path, f.content, { mode: f.mode });
  }
  const site = ca.issue([DOMAIN, `www.${DOMAIN}`], { name: `site-${c.key}`, key: c.key });
  putFile(sd, '/etc/keel-test/tls/site.crt', site.certPem);
  putFile(sd, '/etc/keel-test/tls/site.key', site.keyPem, {
    mode: '0640',
    owner: `root:${c.server === 'nginx' ? 'root' : 'caddy'}`,
  });
  if (c.server === 'nginx') {
    for (const f of files.filter((x) => x.kind === 'nginx'))
      hostExec(sd, `ln -sfn ${f.install} ${f.install.replace('/sites-available/', '/sites-enabled/')}`);
    if (c.foreignDefault) {
      const other = ca.issue(['other.keel.test'], { name: 'other' });
      putFile(sd, '/etc/keel-test/tls/other.crt', other.certPem);
      putFile(sd, '/etc/keel-test/tls/other.key', other.keyPem, { mode: '0600' });
      putFile(sd, '/etc/nginx/sites-enabled/other.conf', FOREIGN_SITE);
    }
    hostExec(sd, 'nginx -t 2>&1');
  } else {
    hostExec(sd, 'caddy validate --adapter caddyfile --config /etc/caddy/Caddyfile 2>&1 | tail -1');
  }
  hostExec(
    sd,
    `systemctl daemon-reload && systemctl start shop.socket shop.service && systemctl start ${c.server}`,
  );
  return files;
}

beforeAll(() => {
  ca = makeCa();
  address = host('sd').address;
});

afterAll(() => {
  ca?.remove();
  hostExec(
    'sd',
    'systemctl stop nginx caddy shop.service shop.socket 2>/dev/null; rm -f /etc/nginx/sites-enabled/other.conf; true',
  );
  // The table, Nginx and Caddy side by side (render-config's page: node scripts/proxy-table.mjs).
  const servers = ['nginx', 'caddy', 'nginx (another default server)'];
  const lines = [
    `| behaviour | ${servers.map((s) => s.replace(/^(\w)/, (m) => m.toUpperCase())).join(' | ')} |`,
    `|---|${servers.map(() => '---').join('|')}|`,
  ];
  for (const [row, cells] of table)
    lines.push(`| ${row} | ${servers.map((s) => [...(cells.get(s) ?? [])].join('; ') || '—').join(' | ')} |`);
  mkdirSync(join(repoRoot, '.keel'), { recursive: true });
  writeFileSync(join(repoRoot, '.keel/proxy-edges.md'), `${lines.join('\n')}\n`);
});

describe.each(CONFIGS)('$label', (c) => {
  const url = (path: string) => `https://${DOMAIN}${path}`;
  beforeAll(() => void install(c), 120_000);

  it('sends the eight security headers, once each, on every status the proxy produces', async () => {
    const big = Buffer.alloc(1024 * 1024 + 1, 'a');
    const cases: [string, () => Promise<Reply>, number][] = [
      ['200 from the app', () => curl(url('/healthz')), 200],
      ['404, no such static file', () => curl(url('/static/missing.css')), 404],
      ['404, a deny route', () => curl(url('/admin/users')), 404],
      ['413, body over the limit', () => curl(url('/'), ['--data-binary', '@-'], big.toString()), 413],
    ];
    for (const [what, make, status] of cases) {
      const r = await make();
      expect([what, r.status]).toEqual([what, status]);
      const counts = HEADERS.map((h) => one(r, h).length);
      expect([what, counts]).toEqual([what, HEADERS.map(() => 1)]);
      record(`security headers on ${what}`, c, `${counts.filter((n) => n === 1).length} of 8`);
    }
    // 502: the app is down (its socket too, so nothing accepts the connection).
    hostExec('sd', 'systemctl stop shop.socket shop.service');
    try {
      const r = await curl(url('/edge/page'));
      expect(r.status).toBe(502);
      expect(HEADERS.map((h) => one(r, h).length)).toEqual(HEADERS.map(() => 1));
      record('security headers on 502, the app down', c, '8 of 8');
    } finally {
      hostExec('sd', 'systemctl start shop.socket shop.service');
    }
    // 400: a request line the server cannot parse. Nginx answers it with the headers; Caddy's 400 is Go's
    // net/http, written before any Caddy handler runs, so nothing can add headers to it.
    const bad = await curl(url('/%zz'), ['--path-as-is', '--http1.1']);
    expect(bad.status).toBe(400);
    const n = HEADERS.filter((h) => one(bad, h).length === 1).length;
    if (c.server === 'nginx') expect(n).toBe(8);
    else expect(one(bad, 'content-type')).toEqual(['text/plain; charset=utf-8']);
    record(
      'security headers on 400, an unparsable request',
      c,
      c.server === 'nginx' ? `${n} of 8` : `${n} of 8 (Go's own 400, before Caddy)`,
    );
    record(
      '`Server` header',
      c,
      (await curl(url('/healthz'))).headers.find(([k]) => k === 'server')?.[1] ?? 'none',
    );
  });

  it('refuses an unknown Host and an unknown SNI, and redirects HTTP only to its own names', async () => {
    const evilHost = await curl(url('/edge/headers'), ['-H', 'Host: evil.test']);
    const evilSni = await curl('https://evil.test/edge/headers', ['-k']);
    const noSni = await curl(`https://${address}/edge/headers`, ['-k']);
    const plainEvil = await curl(`http://${DOMAIN}/x?y=1`, ['-H', 'Host: evil.test']);
    const plainOurs = await curl(`http://www.${DOMAIN}/x?y=1`);
    expect(plainOurs.status).toBe(308);
    expect(one(plainOurs, 'location')).toEqual([`https://www.${DOMAIN}/x?y=1`]);
    // Whatever answers a foreign name, it is never the app and never a redirect to that name.
    for (const r of [evilHost, evilSni, noSni, plainEvil]) {
      expect(r.body).not.toContain('"X-Real-IP"');
      expect(one(r, 'location').join()).not.toContain('evil.test');
    }
    if (c.foreignDefault) {
      // The other site is the default: it answers foreign names itself.
      for (const r of [evilHost, plainEvil]) expect(r.body).toBe('the other site\n');
      record('unknown Host (SNI ours)', c, "the other site's answer");
      return;
    }
    const described = (r: Reply) =>
      r.status
        ? `${r.status}`
        : ({ 35: 'handshake refused', 52: 'connection closed', 92: 'stream reset', 56: 'connection reset' }[
            r.code
          ] ?? `curl ${r.code}`);
    expect(evilHost.status).toBe(0);
    expect(evilSni.status).toBe(0);
    expect(evilSni.code).toBe(35);
    expect(plainEvil.status).toBe(0);
    record('unknown Host over HTTPS (SNI ours)', c, described(evilHost));
    record('unknown SNI', c, described(evilSni));
    record('no SNI (an IP address)', c, described(noSni));
    record('unknown Host over HTTP', c, described(plainEvil));
    record('HTTP for its own names', c, `${plainOurs.status} to https://<same name>`);
  });

  it("speaks exactly the profile's protocol versions, TLS 1.2 suites and key exchange groups", async () => {
    const weak = ['-cipher', 'ALL:COMPLEMENTOFALL:@SECLEVEL=0'];
    const versions = await pool(['-tls1', '-tls1_1', '-tls1_2', '-tls1_3'], 4, (v) =>
      handshake([v, ...weak]),
    );
    const accepted = ['1.0', '1.1', '1.2', '1.3'].filter((_, i) => versions[i]!.ok);
    const modernLeaks = c.foreignDefault && c.profile === 'modern';
    expect(accepted).toEqual(c.profile === 'intermediate' || modernLeaks ? ['1.2', '1.3'] : ['1.3']);
    record(`TLS versions accepted, ${c.profile}`, c, accepted.join(', '));

    const all = (await run('openssl', ['ciphers', '-s', '-tls1_2', 'ALL:COMPLEMENTOFALL:@SECLEVEL=0'])).stdout
      .trim()
      .split(':')
      .filter((x) => x && !x.startsWith('TLS_'));
    expect(all.length).toBeGreaterThan(30);
    const tried = await pool(all, 8, (name) =>
      handshake(['-tls1_2', '-cipher', `${name}:@SECLEVEL=0`]).then((h) => (h.ok ? h.cipher : '')),
    );
    const suites = tried.filter(Boolean).sort();
    const expected = c.profile === 'intermediate' || modernLeaks ? [...AEAD12[c.key]].sort() : [];
    expect(suites).toEqual(expected);
    record(
      `TLS 1.2 suites accepted (of ${all.length} offered one at a time), ${c.profile}`,
      c,
      suites.length ? `${suites.length}: ECDHE + AES-GCM / ChaCha20 only` : 'none',
    );

    const groups = ['X25519', 'P-256', 'P-384', 'P-521', 'X448', 'ffdhe2048'];
    const byGroup = await pool(groups, 6, (g) => handshake(['-tls1_3', '-groups', g]));
    const okGroups = groups.filter((_, i) => byGroup[i]!.ok);
    // Nginx takes the groups from the default server too: another site's are OpenSSL's defaults.
    if (c.foreignDefault) expect(okGroups).toEqual(expect.arrayContaining(['X25519', 'P-256', 'P-384']));
    else expect(okGroups).toEqual(['X25519', 'P-256', 'P-384']);
    record('key exchange groups accepted (TLS 1.3)', c, okGroups.join(', '));
  });

  it('compresses static files but not the pages the app makes (BREACH)', async () => {
    const page = await curl(url('/edge/page?q=x'), ['-H', 'Accept-Encoding: gzip, zstd']);
    expect(page.status).toBe(200);
    expect(page.body.length).toBeGreaterThan(1500);
    expect(one(page, 'content-encoding')).toEqual([]);
    const css = await curl(url('/static/app.css'), ['-H', 'Accept-Encoding: gzip']);
    expect(css.status).toBe(200);
    expect(one(css, 'content-encoding')).toEqual(['gzip']);
    record('app HTML page compressed', c, 'no');
    record('static CSS compressed', c, 'gzip');
  });

  it('refuses a body over the limit with 413 before the app sees it', async () => {
    // Flask answers POST / with 405 and /ai/echo with 200: 413 can only come from the proxy.
    const over = await curl(url('/'), ['--data-binary', '@-'], 'a'.repeat(1024 * 1024 + 1));
    const overAi = await curl(
      url('/ai/echo?delay=0'),
      ['--data-binary', '@-', '-H', 'Content-Type: application/json'],
      JSON.stringify({ prompt: 'a'.repeat(300 * 1024) }),
    );
    const underAi = await curl(
      url('/ai/echo?delay=0'),
      ['--data-binary', '@-', '-H', 'Content-Type: application/json'],
      JSON.stringify({ prompt: 'a'.repeat(200 * 1024) }),
    );
    expect([over.status, overAi.status, underAi.status]).toEqual([413, 413, 200]);
    record('body over the limit (Content-Length)', c, '413 before the app');
    // A body of unknown length (chunked): Nginx reads it first and refuses it; Caddy streams it to the app and
    // cuts it at the limit, so the app gets a broken body, never a complete oversized one.
    const chunked = await curl(
      url('/ai/echo?delay=0'),
      [
        '--http1.1',
        '--data-binary',
        '@-',
        '-H',
        'Transfer-Encoding: chunked',
        '-H',
        'Content-Type: application/json',
      ],
      JSON.stringify({ prompt: 'a'.repeat(300 * 1024) }),
    );
    expect(chunked.body).not.toContain('a'.repeat(1000));
    if (c.server === 'nginx') expect(chunked.status).toBe(413);
    record(
      'chunked body over the limit',
      c,
      chunked.status !== 413
        ? `cut at the limit as it streams (the app answered ${chunked.status})`
        : c.server === 'nginx'
          ? '413 before the app'
          : '413, the body cut at the limit as it streamed to the app',
    );
  });

  it('cuts a client that never finishes its headers', async () => {
    // Nginx reads request headers with the settings of the listener's default server: another site's here.
    if (c.foreignDefault) return;
    const started = Date.now();
    const closedAfter = await new Promise<number>((ok, fail) => {
      const socket = connect({
        host: address,
        port: 443,
        servername: DOMAIN,
        ca: ca.caPem,
        ALPNProtocols: ['http/1.1'],
      });
      socket.setTimeout(40_000, () => {
        socket.destroy();
        fail(new Error('still open after 40 s'));
      });
      socket.once('secureConnect', () =>
        socket.write(`GET /healthz HTTP/1.1\r\nHost: ${DOMAIN}\r\nX-Slow: `),
      );
      socket.on('data', () => undefined);
      socket.once('close', () => ok((Date.now() - started) / 1000));
      socket.once('error', () => undefined);
    });
    expect(closedAfter).toBeLessThan(20);
    record('half-sent request headers', c, `closed after ${Math.round(closedAfter)} s`);
  }, 60_000);

  it('covers the bare prefix, any letter case and dotfiles in deny rules, and leaves routes inside them alone', async () => {
    const denied = [
      '/admin',
      '/admin/',
      '/admin/users',
      '/Admin/users',
      '/ADMIN',
      '/%61dmin/users',
      '/static/.secret',
      '/STATIC/.secret',
      '/static/sub/.git-config',
    ];
    const replies = await pool(denied, 4, (p) => curl(url(p), ['--path-as-is']));
    for (const [i, p] of denied.entries()) {
      expect([p, replies[i]!.status]).toEqual([p, 404]);
      // The proxy's 404, not the app's.
      expect([p, replies[i]!.body]).not.toEqual([
        p,
        expect.stringContaining('The requested URL was not found'),
      ]);
    }
    const inside = await curl(url('/admin/login'));
    expect(inside.status).toBe(404);
    expect(inside.body).toContain('The requested URL was not found on the server');
    expect((await curl(url('/static/app.css'))).status).toBe(200);
    record('deny `/admin/*`: /admin, /Admin/x, /%61dmin/x', c, '404');
    record('dotfiles under a static route', c, '404');
    record('a route inside a denied prefix (/admin/login)', c, 'reaches the app');
  });

  it("keeps one copy of each header: the spec's, or the app's where from-app says so; states the client to the app", async () => {
    const r = await curl(url('/edge/headers'));
    expect(r.status).toBe(200);
    expect(one(r, 'x-frame-options')).toEqual(['DENY']);
    expect(one(r, 'content-security-policy')).toEqual([
      c.appFlags
        ? "default-src 'none'; frame-ancestors 'self'"
        : expect.stringContaining("frame-ancestors 'none'"),
    ]);
    const seen = JSON.parse(r.body) as Record<string, string | null>;
    expect(seen.Host).toBe(DOMAIN);
    expect(seen['X-Forwarded-Host']).toBe(DOMAIN);
    expect(seen['X-Forwarded-Proto']).toBe('https');
    expect(seen['X-Real-IP']).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(seen['X-Forwarded-For']).toBe(seen['X-Real-IP']);
    expect(seen['X-Request-ID']).toMatch(/^[0-9a-f-]{32,36}$/);
    // A client's claims are replaced, not passed on.
    const spoofed = JSON.parse(
      (
        await curl(url('/edge/headers'), [
          '-H',
          'X-Forwarded-For: 6.6.6.6',
          '-H',
          'X-Real-IP: 6.6.6.6',
          '-H',
          'X-Request-ID: evil',
        ])
      ).body,
    ) as Record<string, string>;
    expect([spoofed['X-Forwarded-For'], spoofed['X-Real-IP'], spoofed['X-Request-ID']]).not.toContain(
      '6.6.6.6',
    );
    expect(spoofed['X-Request-ID']).not.toBe('evil');
    const cookie = one(r, 'set-cookie');
    expect(cookie).toHaveLength(1);
    if (c.appFlags) {
      for (const flag of [/;\s*Secure/i, /;\s*HttpOnly/i, /;\s*SameSite=Lax/i])
        expect(cookie[0]).toMatch(flag);
      expect(cookie[0]).not.toMatch(/SameSite=None/i);
    } else expect(cookie[0]).toBe('sid=s3cret; Path=/; SameSite=None');
    record(
      `app sets X-Frame-Options and CSP too${c.appFlags ? ', from-app: [content-security-policy]' : ''}`,
      c,
      c.appFlags ? "one of each: the spec's X-Frame-Options, the app's CSP" : "one of each: the spec's",
    );
    record(
      'X-Real-IP, X-Request-ID, X-Forwarded-* to the app',
      c,
      'set by the proxy; client values replaced',
    );
    record(
      `cookies, cookie-flags: ${c.appFlags}`,
      c,
      c.appFlags ? 'Secure; HttpOnly; SameSite=Lax added' : 'as the app sent them',
    );
  });
});

describe('ssh-deploy installs the default server beside Debian stock site', () => {
  const asHostFile = ({ scope: _s, ...f }: RenderedFile): HostFile => f;
  const nginxFiles = () =>
    renderAll(resolve(loadSpec(SPEC, 'keel.yml', {}).spec))
      .filter((f) => f.kind === 'nginx')
      .map(asHostFile);

  beforeAll(() => {
    hostExec(
      'sd',
      'systemctl stop nginx caddy 2>/dev/null; rm -f /etc/nginx/sites-enabled/* /etc/nginx/sites-available/keel-default.conf /etc/nginx/sites-available/shop.conf; ln -s /etc/nginx/sites-available/default /etc/nginx/sites-enabled/default; cp -a /etc/nginx/sites-available/default /root/stock-default; true',
    );
  });
  afterAll(() => {
    hostExec(
      'sd',
      'cp -a /root/stock-default /etc/nginx/sites-available/default; rm -f /etc/nginx/sites-enabled/*; true',
    );
  });

  it('refuses, and changes nothing, when a changed stock site is the default server too', async () => {
    hostExec('sd', 'echo "# changed by the admin" >> /etc/nginx/sites-available/default');
    const session = await openSession(host('sd'));
    try {
      await expect(installHostFiles(session, nginxFiles(), randomUUID(), memoryLogger())).rejects.toThrow(
        /duplicate default server[\s\S]*proxy\.default-server: false/,
      );
      expect(hostExec('sd', 'ls /etc/nginx/sites-enabled/').trim().split('\n')).toEqual(['default']);
      expect(
        hostExec(
          'sd',
          'test -e /etc/nginx/sites-available/keel-default.conf && echo present || echo absent',
        ).trim(),
      ).toBe('absent');
    } finally {
      session.close();
      hostExec('sd', 'cp -a /root/stock-default /etc/nginx/sites-available/default');
    }
  });

  it("disables Debian's untouched stock site (its file kept) and installs keel's default server", async () => {
    const session = await openSession(host('sd'));
    const log = memoryLogger();
    try {
      const installed = await installHostFiles(session, nginxFiles(), randomUUID(), log);
      expect(installed.changed.map((f) => f.install)).toContain(
        '/etc/nginx/sites-available/keel-default.conf',
      );
      expect(hostExec('sd', 'ls /etc/nginx/sites-enabled/').trim().split('\n').sort()).toEqual([
        'keel-default.conf',
        'shop.conf',
      ]);
      expect(hostExec('sd', 'test -f /etc/nginx/sites-available/default && echo kept').trim()).toBe('kept');
      // A restore (a later step failed) puts the stock site back as it was.
      await installed.restore();
      expect(hostExec('sd', 'ls /etc/nginx/sites-enabled/').trim().split('\n')).toEqual(['default']);
      expect(hostExec('sd', 'nginx -t 2>&1')).toContain('test is successful');
    } finally {
      session.close();
    }
  });
});

describe('ssh-deploy links a site again when its link is gone', () => {
  const asHostFile = ({ scope: _s, ...f }: RenderedFile): HostFile => f;
  it('installs an unchanged site whose sites-enabled link someone removed (it was not serving)', async () => {
    const files = renderAll(resolve(loadSpec(SPEC, 'keel.yml', {}).spec))
      .filter((f) => f.kind === 'nginx')
      .map(asHostFile);
    hostExec('sd', 'systemctl stop nginx caddy 2>/dev/null; rm -f /etc/nginx/sites-enabled/*; true');
    const session = await openSession(host('sd'));
    try {
      await (await installHostFiles(session, files, randomUUID(), memoryLogger())).commit();
      hostExec('sd', 'rm /etc/nginx/sites-enabled/keel-default.conf');
      const again = await installHostFiles(session, files, randomUUID(), memoryLogger());
      expect(again.changed.map((f) => f.install)).toEqual(['/etc/nginx/sites-available/keel-default.conf']);
      await again.commit();
      expect(hostExec('sd', 'ls /etc/nginx/sites-enabled/').trim().split('\n').sort()).toEqual([
        'keel-default.conf',
        'shop.conf',
      ]);
    } finally {
      session.close();
      hostExec('sd', 'rm -f /etc/nginx/sites-enabled/*; true');
    }
  });
});

describe("ssh-deploy installs Caddy's main file only over its own or Debian's", () => {
  const asHostFile = ({ scope: _s, ...f }: RenderedFile): HostFile => f;
  const caddyFiles = () =>
    renderAll(resolve(loadSpec(SPEC, 'keel.yml', { 'proxy.server': 'caddy' }).spec))
      .filter((f) => f.kind === 'caddy')
      .map(asHostFile);
  const md5 = () => hostExec('sd', 'md5sum < /etc/caddy/Caddyfile').trim();

  beforeAll(() => hostExec('sd', 'systemctl stop nginx caddy 2>/dev/null; rm -f /etc/caddy/sites/*; true'));

  it('refuses, and changes nothing, when the main Caddyfile holds what someone else wrote', async () => {
    putFile('sd', '/etc/caddy/Caddyfile', ':8080 {\n\trespond "somebody else\'s site"\n}\n');
    const before = md5();
    const session = await openSession(host('sd'));
    try {
      await expect(installHostFiles(session, caddyFiles(), randomUUID(), memoryLogger())).rejects.toThrow(
        /\/etc\/caddy\/Caddyfile was not written by keel and is not Debian's own[\s\S]*Nothing was changed/,
      );
      expect(md5()).toBe(before);
      expect(hostExec('sd', 'ls /etc/caddy/sites/ | wc -l').trim()).toBe('0');
    } finally {
      session.close();
    }
  });

  it("replaces Debian's untouched one, and a restore puts it back", async () => {
    // The package's own file, from the runner (Debian's caddy package, the same version as the host's).
    const stock = readFileSync('/etc/caddy/Caddyfile', 'utf8');
    putFile('sd', '/etc/caddy/Caddyfile', stock);
    const recorded = hostExec(
      'sd',
      "dpkg-query -W -f='${Conffiles}\\n' caddy | awk '$1 == \"/etc/caddy/Caddyfile\" { print $2 }'",
    ).trim();
    expect(md5()).toBe(`${recorded}  -`);
    const session = await openSession(host('sd'));
    try {
      const installed = await installHostFiles(session, caddyFiles(), randomUUID(), memoryLogger());
      expect(hostExec('sd', 'head -n 1 /etc/caddy/Caddyfile')).toMatch(/^# Rendered by keel render-config/);
      await installed.restore();
      expect(md5()).toBe(`${recorded}  -`);
      // keel's own main file is replaced freely (every keel site on the host renders the same one).
      const again = await installHostFiles(session, caddyFiles(), randomUUID(), memoryLogger());
      await again.commit();
      const third = await installHostFiles(session, caddyFiles(), randomUUID(), memoryLogger());
      expect(third.changed).toEqual([]);
    } finally {
      session.close();
      hostExec('sd', 'rm -f /etc/caddy/sites/*; true');
    }
  });
});
