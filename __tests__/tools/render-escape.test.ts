/**
 * The escaping class: every value from the spec reaches systemd, Nginx, Caddy and sudo as the literal text the
 * spec says. Judged by the real tools where they can say it offline (nginx -t, caddy adapt, systemd-analyze
 * verify, visudo); the host tests (render-serve, render-sudo) serve the same files and read the values back.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  caddyString,
  nginxString,
  sudoersArgs,
  sudoersRegexLiteral,
  systemdEnvironment,
  systemdExec,
  systemdValue,
  systemdWord,
} from '../../src/render/escape.js';
import { renderAll } from '../../src/render/index.js';
import { renderConfig } from '../../src/render/render-config.js';
import { loadSpec, SpecError } from '../../src/appspec/load.js';
import { resolve } from '../../src/appspec/resolve.js';
import { HOSTILE_CSP, HOSTILE_DSN, HOSTILE_PERMISSIONS } from '../support/hostile.js';
import { repoRoot } from '../support/paths.js';

const shop = readFileSync(join(repoRoot, '__fixtures__/specs/shop.yml'), 'utf8');

describe('systemd words', () => {
  it.each([
    ['plain', '/srv/shop/current', '/srv/shop/current'],
    ['a percent (specifier)', 'a%h', '"a%%h"'],
    ['quotes and backslashes', 'a"b\\c', '"a\\"b\\\\c"'],
    ['a dollar outside Exec lines stays single', 'pa$$w', '"pa$$w"'],
  ])('%s', (_what, value, expected) => {
    expect(systemdWord(value)).toBe(expected);
  });

  it('doubles $ only in Exec lines, and % everywhere', () => {
    expect(systemdExec(['/bin/echo', '$HOME', '%h'])).toBe('/bin/echo "$$HOME" "%%h"');
    expect(systemdEnvironment('DSN', 'pa$$w%h')).toBe('Environment="DSN=pa$$w%%h"');
    expect(systemdValue('50%')).toBe('50%%');
  });

  it('refuses what a unit file cannot carry', () => {
    expect(() => systemdWord('a\nExecStartPre=/bin/sh')).toThrow(/control characters/);
    expect(() => systemdEnvironment('BAD NAME', 'x')).toThrow(/environment variable name/);
    expect(() => systemdValue(' x')).toThrow(/space/);
  });
});

describe('Nginx strings', () => {
  it('quotes, escapes backslashes and quotes, and turns $ into the dollar variable where variables expand', () => {
    expect(nginxString('/srv/shop', { app: 'shop' })).toBe('/srv/shop');
    expect(nginxString('a "b" \\ $x; {y}', { app: 'my-app' })).toBe(
      '"a \\"b\\" \\\\ ${keel_dollar_my_app}x; {y}"',
    );
    expect(nginxString('/a$b;c', false)).toBe('"/a$b;c"');
    expect(() => nginxString('a\nb', false)).toThrow(/control characters/);
  });
});

describe('Caddyfile strings', () => {
  it.each([
    ['a plain word', '/static/*', '/static/*'],
    // Two backslashes: the site is imported (one replacer pass), then served (another).
    ['braces (placeholders)', 'a {http.request.uri} b', '"a \\\\{http.request.uri\\\\} b"'],
    ['an environment variable', '{$HOME}', '"\\\\{{vars.keel_dollar}HOME\\\\}"'],
    ['quotes', 'say "hi"', '"say \\"hi\\""'],
    ['a backslash before a quote', 'a\\"b', '`a\\"b`'],
    ['a trailing backslash', 'a\\', '`a\\`'],
  ])('%s', (_what, value, expected) => {
    expect(caddyString(value)).toBe(expected);
  });

  it('refuses what no Caddyfile token can carry', () => {
    expect(() => caddyString('`a\\"b`')).toThrow(/backtick/);
    expect(() => caddyString('a\nb')).toThrow(/control characters/);
  });
});

describe('sudoers arguments', () => {
  it('escapes sudoers specials in literal arguments and refuses wildcards and spaces', () => {
    expect(sudoersArgs([])).toBe('""');
    expect(sudoersArgs(['--kill-whom=main', 'a,b:c'])).toBe('--kill-whom\\=main a\\,b\\:c');
    expect(() => sudoersArgs(['*'])).toThrow(/literal/);
    expect(() => sudoersArgs(['a b'])).toThrow(/literal/);
    expect(sudoersRegexLiteral('/etc/x.d/a+b')).toBe('/etc/x\\.d/a\\+b');
    expect(() => sudoersRegexLiteral('a b')).toThrow(/space/);
  });
});

describe('every renderer writes hostile values through them', () => {
  let out: string;
  beforeEach(() => {
    out = mkdtempSync(join(tmpdir(), 'keel-escape-'));
  });
  afterEach(() => rmSync(out, { recursive: true, force: true }));

  const overrides = {
    'app.environment': { DSN: HOSTILE_DSN, PLAIN: 'x' },
    'proxy.headers': {
      'content-security-policy': HOSTILE_CSP,
      'permissions-policy': HOSTILE_PERMISSIONS,
    },
    'proxy.routes': [{ path: "/a;b$c'd(e)/*" }, { path: '/%41,=:@!~+', to: 'deny' }],
  };

  it.each(['nginx', 'caddy'])(
    '%s: the real validators accept every file (nginx -t / caddy validate, systemd-analyze, visudo)',
    async (server) => {
      const result = await renderConfig({
        specText: shop,
        specFile: 'shop.yml',
        overrides: { ...overrides, 'proxy.server': server },
        outDir: out,
        validate: { maxExposure: 2.5, requireTools: true },
      });
      expect(result.validation.filter((v) => v.status !== 'passed')).toEqual([]);
    },
  );

  it('the unit file holds the DSN exactly as systemd will read it: % doubled, $ single, quotes escaped', () => {
    const unit = renderAll(resolve(loadSpec(shop, 'shop.yml', overrides).spec)).find(
      (f) => f.kind === 'systemd-service',
    )!.content;
    expect(unit).toContain(
      'Environment="DSN=postgres://u@db/pa$$w%%h?opt=\\"a b\\"&q=\'c\'&r=`d`;e{f}\\\\g é ✓"',
    );
    expect(unit).not.toMatch(/\$\$\$\$/);
  });

  it('caddy adapt, importing the site as keel installs it, keeps the values for one last request-time pass', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-caddy-'));
    try {
      const site = renderAll(
        resolve(loadSpec(shop, 'shop.yml', { ...overrides, 'proxy.server': 'caddy' }).spec),
      ).find((f) => f.kind === 'caddy' && f.name.endsWith('.caddy'))!.content;
      // As installed: /etc/caddy/Caddyfile imports sites/*.caddy (an import is one replacer pass).
      writeFileSync(join(dir, 'site.caddy'), site);
      const file = join(dir, 'Caddyfile');
      writeFileSync(file, `import ${join(dir, 'site.caddy')}\n`);
      const json = JSON.parse(
        execFileSync('caddy', ['adapt', '--adapter', 'caddyfile', '--config', file], {
          env: { ...process.env, HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir },
          stdio: ['ignore', 'pipe', 'ignore'],
        }).toString(),
      );
      const text = JSON.stringify(json);
      // {$HOME} never reached the environment lookup: the home directory is nowhere in the config.
      expect(text).not.toContain(dir);
      // Caddy reads {$NAME} anywhere in the file, comments included: the rendered file never holds it.
      expect(site).not.toContain('{$');
      expect(text).toContain('{"handler":"vars","keel_dollar":"$"}');
      // What the request-time replacer will see: escaped braces, and the dollar placeholder after a {.
      expect(text).toContain(JSON.stringify('b=\\{{http.vars.keel_dollar}HOME\\}').slice(1, -1));
      expect(text).toContain(
        JSON.stringify('k="a\\"b" \\{{http.vars.keel_dollar}HOME\\} $x $\\{y\\} \\').slice(1, -1),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the spec refuses what no target can carry, naming the field', () => {
  const problems = (overrides: Record<string, unknown>) => {
    try {
      loadSpec(shop, 'shop.yml', overrides);
    } catch (e) {
      return (e as SpecError).specProblems;
    }
    throw new Error('accepted');
  };
  it.each([
    [{ 'app.environment': { DSN: 'a\nb' } }, 'app.environment.DSN', /one line/],
    [
      { 'proxy.headers': { 'content-security-policy': "default-src 'self'\r\nX-Evil: 1" } },
      'proxy.headers.content-security-policy',
      /printable ASCII/,
    ],
    [
      { 'proxy.headers': { 'content-security-policy': "default-src 'sélf'" } },
      'proxy.headers.content-security-policy',
      /printable ASCII/,
    ],
  ])('%j', (overrides, field, message) => {
    expect(problems(overrides)).toEqual([
      expect.objectContaining({ field, message: expect.stringMatching(message) }),
    ]);
  });
});
