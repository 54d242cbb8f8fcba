/** Reading specs: every mistake is one clear problem naming its field (and line), and nothing renders. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSpec, SpecError } from '../../src/appspec/load.js';
import { resolve } from '../../src/appspec/resolve.js';
import { repoRoot } from '../support/paths.js';

const shop = readFileSync(join(repoRoot, '__fixtures__/specs/shop.yml'), 'utf8');
const minimal =
  'app: {name: shop, module: "app:app", path: /srv/shop}\nproxy: {domains: [shop.example.com]}\n';

function problems(text: string, overrides: Record<string, unknown> = {}) {
  try {
    loadSpec(text, 'keel.yml', overrides);
  } catch (e) {
    expect(e).toBeInstanceOf(SpecError);
    return (e as SpecError).specProblems;
  }
  throw new Error('the spec was accepted');
}

describe('spec problems', () => {
  it.each([
    ['an unknown field', { 'gunicorn.wokers': 3 }, 'gunicorn.wokers', /unknown field 'wokers'/],
    [
      'a route that is not a path',
      { 'proxy.routes': [{ path: 'ai/*' }] },
      'proxy.routes[0].path',
      /must be a URL path/,
    ],
    [
      'a domain that is not a domain',
      { 'proxy.domains': ['shop_example'] },
      'proxy.domains[0]',
      /must be a domain name/,
    ],
    ['workers = 0', { 'gunicorn.workers': 0 }, 'gunicorn.workers', /./],
    ['a port with a unix socket', { 'gunicorn.port': 9000 }, 'gunicorn.port', /only for bind: tcp/],
    [
      'a unix socket without its socket unit',
      { 'gunicorn.socket-activation': false },
      'gunicorn.socket-activation',
      /needs the socket unit/,
    ],
    [
      'caddy certificates behind nginx',
      { 'proxy.tls.certificates': 'caddy' },
      'proxy.tls.certificates',
      /needs proxy.server: caddy/,
    ],
    [
      'certificate files without a key',
      { 'proxy.tls.certificates': 'files', 'proxy.tls.cert': '/etc/c.pem' },
      'proxy.tls.key',
      /required with certificates: files/,
    ],
    [
      'HSTS preload without subdomains',
      { 'proxy.tls.hsts': { preload: true, 'include-subdomains': false } },
      'proxy.tls.hsts.preload',
      /include-subdomains/,
    ],
    [
      'a static route without a root',
      { 'proxy.routes': [{ path: '/s/*', to: 'static' }] },
      'proxy.routes[0].root',
      /required for to: static/,
    ],
    [
      'a health path that is denied',
      { 'proxy.routes': [{ path: '/healthz', to: 'deny' }] },
      'proxy.routes[0].to',
      /liveness probe path/,
    ],
    [
      'a route timeout above the worker timeout',
      { 'proxy.routes': [{ path: '/ai/*', timeout: 120 }] },
      'gunicorn.timeout',
      /Gunicorn would kill the worker first/,
    ],
    [
      'the same route twice',
      { 'proxy.routes': [{ path: '/a' }, { path: '/a' }] },
      'proxy.routes[1].path',
      /already routed/,
    ],
    [
      'a wildcard domain with certbot',
      { 'proxy.domains': ['*.example.com'] },
      'proxy.domains',
      /DNS challenge/,
    ],
    ['a deploy path with ..', { 'app.path': '/srv/../etc' }, 'app.path', /without \.\./],
    ['an app name with shell characters', { 'app.name': 'shop;reboot' }, 'app.name', /lower-case letters/],
  ])('%s', (_what, overrides, field, message) => {
    const found = problems(minimal, overrides);
    expect(found).toEqual([expect.objectContaining({ field, message: expect.stringMatching(message) })]);
  });

  it.each([
    [
      'a number in quotes',
      '  timeout: 300',
      '  timeout: "300"',
      'gunicorn.timeout',
      12,
      'must be a number, not the text "300" (write it without quotes)',
    ],
    [
      'text for a number',
      '  threads: 4',
      '  threads: abc',
      'gunicorn.threads',
      11,
      'must be a number, not the text "abc"',
    ],
    [
      'a fraction for a whole number',
      '  threads: 4',
      '  threads: 2.5',
      'gunicorn.threads',
      11,
      'must be a whole number, not the number 2.5',
    ],
    [
      'text for true/false',
      '  threads: 4',
      '  threads: 4\n  preload-app: yes please',
      'gunicorn.preload-app',
      12,
      'must be true or false, not the text "yes please"',
    ],
    [
      'a list for a choice',
      '  threads: 4',
      '  threads: 4\n  logs: [a]',
      'gunicorn.logs',
      12,
      'must be one of: journald, file, not a list',
    ],
  ])(
    'says what type was expected and what was found, on its line: %s',
    (_what, from, to, field, line, message) => {
      const text = shop.replace(from, to);
      expect(text).not.toBe(shop);
      expect(problems(text)).toEqual([{ field, message, line }]);
    },
  );

  it('never echoes an environment value in a type error', () => {
    const found = problems(minimal, { 'app.environment': { SECRET: ['hunter2'] } });
    expect(found).toEqual([
      expect.objectContaining({ field: 'app.environment.SECRET', message: 'must be text, not a list' }),
    ]);
    const found2 = problems(minimal, { 'app.environment': { SECRET: 12345 } });
    expect(JSON.stringify(found2)).not.toContain('12345');
  });

  it('gives the line of the field in the file', () => {
    const found = problems(shop.replace('  threads: 4', '  threads: 4\n  thraeds: 2'));
    expect(found).toEqual([{ field: 'gunicorn.thraeds', message: "unknown field 'thraeds'", line: 12 }]);
  });

  it("puts an unknown key holding a mapping on the key's own line, not its first child's", () => {
    expect(problems(`${minimal}extras:\n  a: 1\n`)).toEqual([
      { field: 'extras', message: "unknown field 'extras'", line: 3 },
    ]);
  });

  it('names the field of a duplicate key, on the line of the second one', () => {
    expect(problems(`${minimal}gunicorn:\n  timeout: 30\n  timeout: 60\n`)).toEqual([
      { field: 'gunicorn.timeout', message: 'is given twice', line: 5 },
    ]);
  });

  it('reports YAML syntax errors and a spec that is not a mapping', () => {
    expect(problems('app: [unclosed')[0]).toMatchObject({ field: '(yaml)', line: 1 });
    expect(problems('- just\n- a list\n')[0]).toMatchObject({ field: '(root)' });
  });

  it('reports every problem at once', () => {
    expect(
      problems(minimal, {
        'gunicorn.workers': 0,
        'proxy.server': 'apache',
        'app.module': 'not a module',
      }).map((p) => p.field),
    ).toEqual(['app.module', 'gunicorn.workers', 'proxy.server']);
  });
});

describe('resolving a spec', () => {
  it('derives users, socket, certificates and the full route table', () => {
    const r = resolve(loadSpec(shop).spec);
    expect(r).toMatchObject({
      user: 'shop',
      group: 'shop',
      bind: 'unix:/run/shop.sock',
      socketActivation: true,
      units: { service: 'shop.service', socket: 'shop.socket' },
      stopTimeoutSec: 30,
      proxyTimeout: 305,
      tls: { mode: 'files', cert: '/etc/keel/tls/shop.crt' },
      hstsValue: 'max-age=63072000; includeSubDomains',
    });
    expect(r.routes.map((x) => [x.path, x.to, x.match, x.log])).toEqual([
      ['/ai/*', 'app', 'prefix', true],
      ['/static/*', 'static', 'prefix', true],
      ['/admin/*', 'deny', 'prefix', true],
      ['/healthz', 'app', 'exact', false],
      ['/readyz', 'app', 'exact', false],
      ['/version', 'app', 'exact', true],
      ['/', 'app', 'prefix', true],
    ]);
  });

  it('uses certbot paths by default with nginx, and warns where a choice has a cost', () => {
    const { spec, warnings } = loadSpec(minimal, 'keel.yml', { 'gunicorn.preload-app': true });
    expect(resolve(spec).tls).toEqual({
      mode: 'certbot',
      cert: '/etc/letsencrypt/live/shop.example.com/fullchain.pem',
      key: '/etc/letsencrypt/live/shop.example.com/privkey.pem',
    });
    expect(warnings.map((w) => w.field)).toEqual(['gunicorn.preload-app']);
  });
});

describe('the example spec in the README', () => {
  it('is valid as shipped', () => {
    const text = readFileSync(join(repoRoot, 'examples/keel.yml'), 'utf8');
    expect(loadSpec(text, 'examples/keel.yml').warnings).toEqual([]);
  });
});
