/**
 * The validators never hide what the tools print: `nginx -t` succeeds with warnings (exit 0), promtool's
 * lints exit 0 too. A check that printed warnings is `warned`, never `passed`, and lists each warning.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderAll, type RenderedFile } from '../../src/render/index.js';
import { caddyWarnings, describeMessage, nginxMessages } from '../../src/render/tool-output.js';
import { validateFiles } from '../../src/render/validate.js';
import { loadSpec } from '../../src/appspec/load.js';
import { resolve } from '../../src/appspec/resolve.js';
import { selfSigned } from '../support/tls.js';
import { repoRoot } from '../support/paths.js';

const shop = readFileSync(join(repoRoot, '__fixtures__/specs/shop.yml'), 'utf8');
const strict = { maxExposure: 2.5, requireTools: true };

function rendered(overrides: Record<string, unknown> = {}) {
  const r = resolve(loadSpec(shop, 'shop.yml', overrides).spec);
  return { r, files: renderAll(r) };
}

describe('nginxMessages', () => {
  it('reads every level, the file and line nginx names, and nothing else', () => {
    const out = [
      'nginx: [warn] "ssl_stapling" ignored, issuer certificate not found for certificate "/etc/letsencrypt/live/shop.example.com/fullchain.pem"',
      'nginx: [warn] the "listen ... http2" directive is deprecated, use the "http2" directive instead in /etc/nginx/sites-enabled/shop.conf:14',
      'nginx: [warn] conflicting server name "a b" on 0.0.0.0:80, ignored',
      'nginx: [emerg] unknown directive "bogus" in /etc/nginx/sites-enabled/other site.conf:3\r',
      'nginx: the configuration file /etc/nginx/nginx.conf syntax is ok',
      'nginx: configuration file /etc/nginx/nginx.conf test failed',
      'some [warn] in the middle of a line is not nginx speaking',
    ].join('\n');
    const m = nginxMessages(out);
    expect(m.map((x) => x.level)).toEqual(['warn', 'warn', 'warn', 'emerg']);
    expect(m[0]).toEqual({
      level: 'warn',
      text: '"ssl_stapling" ignored, issuer certificate not found for certificate "/etc/letsencrypt/live/shop.example.com/fullchain.pem"',
    });
    expect(m[1]).toMatchObject({ file: '/etc/nginx/sites-enabled/shop.conf', line: 14 });
    expect(describeMessage(m[1]!)).toBe(
      '[warn] the "listen ... http2" directive is deprecated, use the "http2" directive instead (in /etc/nginx/sites-enabled/shop.conf:14)',
    );
    // A path with a space (another site on the host) is named whole.
    expect(m[3]).toEqual({
      level: 'emerg',
      text: 'unknown directive "bogus"',
      file: '/etc/nginx/sites-enabled/other site.conf',
      line: 3,
    });
  });

  it('reads the error-log format nginx -t uses on a host once nginx.conf named an error log', () => {
    const out =
      '2026/12/01 20:32:54 [warn] 115#115: the "ssl" directive is deprecated, use the "listen ... ssl" directive instead in /etc/nginx/sites-enabled/other.conf:4\n' +
      'nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\n';
    expect(nginxMessages(out)).toEqual([
      {
        level: 'warn',
        text: 'the "ssl" directive is deprecated, use the "listen ... ssl" directive instead',
        file: '/etc/nginx/sites-enabled/other.conf',
        line: 4,
      },
    ]);
  });

  it('finds nothing in empty, huge or garbage output', () => {
    expect(nginxMessages('')).toEqual([]);
    expect(nginxMessages('x'.repeat(1_000_000))).toEqual([]);
    expect(nginxMessages('nginx: [warning] not a level\nnginx: [warn]no space')).toEqual([]);
  });
});

describe('nginx -t in render-config', () => {
  it('passes a clean site as "passed" with no warnings', async () => {
    const { r, files } = rendered();
    const [v] = await validateFiles(
      r,
      files.filter((f) => f.kind === 'nginx'),
      strict,
    );
    expect(v).toMatchObject({ tool: 'nginx -t', status: 'passed' });
    expect(v!.warnings).toBeUndefined();
  });

  it('a site nginx warns about is "warned", each warning naming the rendered file and line', async () => {
    const { r, files } = rendered();
    const site = files.find((f) => f.name === 'nginx/shop.conf')!;
    // A directive Nginx 1.22 accepts with a deprecation warning (exit 0).
    const deprecated: RenderedFile = {
      ...site,
      content: site.content.replace(/(listen 443 ssl[^\n]*\n)/, '$1  ssl on;\n'),
    };
    expect(deprecated.content).not.toBe(site.content);
    const line = deprecated.content.split('\n').indexOf('  ssl on;') + 1;
    const results = await validateFiles(r, [...files.filter((f) => f !== site), deprecated], strict);
    const v = results.find((x) => x.tool === 'nginx -t' && x.file === 'nginx/shop.conf')!;
    expect(v.status).toBe('warned');
    expect(v.warnings).toEqual([
      `[warn] the "ssl" directive is deprecated, use the "listen ... ssl" directive instead (in nginx/shop.conf:${line})`,
    ]);
    expect(v.detail).toMatch(/^syntax ok, 1 warning\(s\) \(certificate paths stood in for/);
    // A warning is not a failure: the other checks still decide, and nothing is marked failed.
    expect(results.filter((x) => x.status === 'failed')).toEqual([]);
  });

  it('does not blame the spec for the stand-in certificate: stapling it is a host check', async () => {
    const { r, files } = rendered({ 'proxy.tls.ocsp-stapling': true });
    const [v] = await validateFiles(
      r,
      files.filter((f) => f.kind === 'nginx'),
      strict,
    );
    expect(v).toMatchObject({ status: 'passed', detail: expect.stringContaining('stood in') });
  });

  it("still fails a broken site with nginx's error", async () => {
    const { r, files } = rendered();
    const site = files.find((f) => f.name === 'nginx/shop.conf')!;
    const broken: RenderedFile = {
      ...site,
      content: site.content.replace('server {', 'server {\n  bogus_directive on;'),
    };
    const [v] = await validateFiles(r, [broken], strict);
    expect(v).toMatchObject({
      status: 'failed',
      detail: expect.stringContaining('unknown directive "bogus_directive" in nginx/shop.conf:'),
    });
  });
});

describe('caddy validate in render-config', () => {
  it("reads Caddy's JSON warn lines, with the file and line when Caddy names them", () => {
    const out = [
      '{"level":"info","ts":1,"msg":"using provided configuration"}',
      '{"level":"warn","ts":1,"msg":"Caddyfile input is not formatted; run the \'caddy fmt\' command to fix inconsistencies","adapter":"caddyfile","file":"Caddyfile","line":2}',
      '{"level":"warn","ts":1,"logger":"tls","msg":"stapling OCSP","error":"no OCSP stapling for [x]: no OCSP server specified in certificate"}',
      '{"level":"warn", broken json',
      'Valid configuration',
    ].join('\n');
    expect(caddyWarnings(out)).toEqual([
      "Caddyfile input is not formatted; run the 'caddy fmt' command to fix inconsistencies (in Caddyfile:2)",
      'stapling OCSP: no OCSP stapling for [x]: no OCSP server specified in certificate',
    ]);
    expect(caddyWarnings('')).toEqual([]);
  });

  it('passes the rendered site with a stood-in certificate (its stapling warning is about the stand-in)', async () => {
    const { r, files } = rendered({ 'proxy.server': 'caddy' });
    const [v] = await validateFiles(
      r,
      files.filter((f) => f.kind === 'caddy'),
      strict,
    );
    expect(v).toMatchObject({ tool: 'caddy validate', status: 'passed' });
  });

  it('warns, on both servers, about a real certificate file that cannot be stapled', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-cert-'));
    try {
      const { cert, key } = selfSigned(dir, 'shop.example.com');
      const tls = { 'proxy.tls.cert': cert, 'proxy.tls.key': key };
      const c = rendered({ ...tls, 'proxy.server': 'caddy' });
      const [cv] = await validateFiles(
        c.r,
        c.files.filter((f) => f.kind === 'caddy'),
        strict,
      );
      expect(cv!.status).toBe('warned');
      expect(cv!.warnings).toEqual([expect.stringMatching(/^stapling OCSP: .*no OCSP server specified/)]);
      const n = rendered({ ...tls, 'proxy.tls.ocsp-stapling': true });
      const nv = (
        await validateFiles(
          n.r,
          n.files.filter((f) => f.kind === 'nginx'),
          strict,
        )
      ).find((v) => v.file === 'nginx/shop.conf');
      expect(nv!.status).toBe('warned');
      expect(nv!.warnings).toEqual([expect.stringContaining(`"ssl_stapling" ignored`)]);
      expect(nv!.detail).not.toContain('stood in');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('promtool check rules', () => {
  it.each(['nginx', 'caddy'])('passes the rendered alert rules (%s)', async (server) => {
    const { r, files } = rendered({ 'proxy.server': server });
    const [v] = await validateFiles(
      r,
      files.filter((f) => f.kind === 'alerts'),
      strict,
    );
    expect(v).toEqual({
      tool: 'promtool check rules',
      file: 'alerts/shop.rules.yml',
      status: 'passed',
      detail: 'SUCCESS: 7 rules found',
    });
  });

  it("fails a bad PromQL expression with promtool's message, naming the file, group and rule", async () => {
    const { r, files } = rendered();
    const rules = files.find((f) => f.kind === 'alerts')!;
    const broken = { ...rules, content: rules.content.replace('== 1', '== = 1') };
    expect(broken.content).not.toBe(rules.content);
    const [v] = await validateFiles(r, [broken], strict);
    expect(v!.status).toBe('failed');
    expect(v!.detail).toMatch(
      /^alerts\/shop\.rules\.yml: \d+:\d+: group "shop-systemd", rule 1, "ShopUnitFailed": could not parse expression: .*parse error/,
    );
  });

  it('fails YAML that is not a rules file', async () => {
    const { r, files } = rendered();
    const rules = files.find((f) => f.kind === 'alerts')!;
    const [v] = await validateFiles(
      r,
      [{ ...rules, content: 'groups: [{name: x, rules: [{alert: "", expr: "up"}]}]\n' }],
      strict,
    );
    expect(v!.status).toBe('failed');
    const [w] = await validateFiles(r, [{ ...rules, content: 'not: [valid\n' }], strict);
    expect(w!.status).toBe('failed');
  });

  it('reports a lint finding (duplicate rules) as "warned", not "passed"', async () => {
    const { r, files } = rendered();
    const rules = files.find((f) => f.kind === 'alerts')!;
    // The same group twice under another name: every rule is a duplicate.
    const body = rules.content.slice(rules.content.indexOf('  - name: shop-systemd'));
    const dup = { ...rules, content: rules.content + body.replace(/name: shop-/g, 'name: again-') };
    const [v] = await validateFiles(r, [dup], strict);
    expect(v!.status).toBe('warned');
    expect(v!.warnings).toHaveLength(1);
    expect(v!.warnings![0]).toMatch(/^lint error \d+ duplicate rule\(s\) found\. .*ShopUnitFailed/);
  });

  it('is skipped when promtool is missing, and fails then when tools are required', async () => {
    const { r, files } = rendered();
    const alerts = files.filter((f) => f.kind === 'alerts');
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const [a] = await validateFiles(r, alerts, { ...strict, requireTools: false });
      expect(a).toMatchObject({
        status: 'skipped',
        detail: 'promtool (package prometheus) is not installed here',
      });
      const [b] = await validateFiles(r, alerts, strict);
      expect(b!.status).toBe('failed');
    } finally {
      process.env.PATH = path;
    }
  });
});
