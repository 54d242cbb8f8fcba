/**
 * certbot's renewal deploy hook, run here by /bin/sh exactly as certbot runs it (RENEWED_LINEAGE in the
 * environment), with stand-in `nginx`, `caddy` and `systemctl` first on PATH that record how they were called:
 * it reloads only for the app's own lineage, only after the check passed, and says why when it does not.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderCertbotHook } from '../../src/render/certbot-hook.js';
import { installedByKeel, renderAll } from '../../src/render/index.js';
import { manifestEntrySchema } from '../../src/render/manifest.js';
import { planHost } from '../../src/render/plan.js';
import { validateFiles } from '../../src/render/validate.js';
import type { SshSession } from '../../src/remote/ssh.js';
import { loadSpec } from '../../src/appspec/load.js';
import { type Resolved, resolve } from '../../src/appspec/resolve.js';

const SPEC = `
app: { name: shop, module: "app:app", path: /srv/shop }
proxy:
  domains: [shop.example.com, www.shop.example.com]
`;
const LINEAGE = '/etc/letsencrypt/live/shop.example.com';

function resolved(overrides: Record<string, unknown> = {}): Resolved {
  return resolve(loadSpec(SPEC, 'keel.yml', overrides).spec);
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'keel-hook-'));
  // Stand-ins: each records its arguments; `nginx -t` / `caddy validate` fail when FAIL_CHECK exists.
  for (const tool of ['nginx', 'caddy', 'systemctl'])
    writeFileSync(
      join(dir, tool),
      `#!/bin/sh\necho "${tool} $*" >> ${dir}/calls\nif [ "${tool}" != systemctl ] && [ -e ${dir}/FAIL_CHECK ]; then echo 'nginx: [emerg] unknown directive "x" in /etc/nginx/sites-enabled/other.conf:3'; exit 1; fi\n[ "${tool}" = systemctl ] || echo '${tool}: ok'\n`,
      { mode: 0o755 },
    );
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the hook as certbot does: /bin/sh, RENEWED_LINEAGE set (or not), PATH with the stand-ins first. */
function runHook(hook: string, lineage: string | undefined) {
  const path = join(dir, 'hook');
  writeFileSync(path, hook);
  chmodSync(path, 0o755);
  const env: Record<string, string> = { PATH: `${dir}:/usr/bin:/bin`, RENEWED_DOMAINS: 'shop.example.com' };
  if (lineage !== undefined) env.RENEWED_LINEAGE = lineage;
  const r = spawnSync(path, [], { env, encoding: 'utf8', timeout: 10_000 });
  const calls = existsSync(join(dir, 'calls'))
    ? readFileSync(join(dir, 'calls'), 'utf8').trim().split('\n')
    : [];
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, calls };
}

describe('the rendered certbot hook', () => {
  it('is rendered only with certificates: certbot, as a root-owned executable keel installs', () => {
    const files = renderAll(resolved());
    const hook = files.find((f) => f.kind === 'certbot-hook')!;
    expect(hook).toMatchObject({
      name: 'certbot/keel-shop',
      install: '/etc/letsencrypt/renewal-hooks/deploy/keel-shop',
      scope: 'host',
      owner: 'root',
      group: 'root',
      mode: '0755',
      onChange: 'none',
    });
    expect(installedByKeel(hook)).toBe(true);
    expect(manifestEntrySchema.safeParse({ ...hook, content: undefined }).success).toBe(true);
    // The deploy user may install, back up, restore and compare it, and nothing more about it.
    const sudoers = files.find((f) => f.kind === 'sudoers')!.content;
    const rules = sudoers.split('\n').filter((l) => l.includes('renewal-hooks'));
    expect(rules.map((l) => l.replace(/^deploy ALL=\(root\) NOPASSWD: /, '').split(' ')[0])).toEqual([
      '/usr/bin/cat',
      '/usr/bin/test',
      '/usr/bin/cp',
      '/usr/bin/cp',
      '/usr/bin/install',
      '/usr/bin/rm',
    ]);
    expect(rules.find((l) => l.includes('/usr/bin/install'))).toContain('-m 0755 -o root -g root');
    for (const o of [
      { 'proxy.tls.certificates': 'files', 'proxy.tls.cert': '/c.pem', 'proxy.tls.key': '/k.pem' },
      { 'proxy.server': 'caddy' },
    ])
      expect(renderAll(resolved(o)).filter((f) => f.kind === 'certbot-hook')).toEqual([]);
  });

  it('is valid sh (sh -n) for both servers', () => {
    for (const server of ['nginx', 'caddy']) {
      const hook = renderCertbotHook(
        resolved({ 'proxy.server': server, 'proxy.tls.certificates': 'certbot' }),
      )!;
      writeFileSync(join(dir, 'h'), hook);
      expect(() => execFileSync('/bin/sh', ['-n', join(dir, 'h')])).not.toThrow();
      expect(hook.startsWith('#!/bin/sh\n')).toBe(true);
      expect(hook).toMatch(/^set -eu$/m);
    }
  });

  it("checks, then reloads nginx for the app's own lineage", () => {
    const r = runHook(renderCertbotHook(resolved())!, LINEAGE);
    expect(r).toMatchObject({ code: 0, calls: ['nginx -t', 'systemctl reload nginx'] });
    expect(r.stdout).toBe(`keel-shop: reloaded nginx for ${LINEAGE}\n`);
  });

  it('checks caddy the way its unit loads it, then reloads caddy', () => {
    const hook = renderCertbotHook(
      resolved({ 'proxy.server': 'caddy', 'proxy.tls.certificates': 'certbot' }),
    )!;
    expect(runHook(hook, LINEAGE)).toMatchObject({
      code: 0,
      calls: ['caddy validate --adapter caddyfile --config /etc/caddy/Caddyfile', 'systemctl reload caddy'],
    });
  });

  it.each([
    ['another lineage', '/etc/letsencrypt/live/other.example.com'],
    ['a lineage that only starts like ours', `${LINEAGE}-0001`],
    ['a parent directory', '/etc/letsencrypt/live'],
    ['a trailing slash', `${LINEAGE}/`],
    ['an empty value', ''],
    ['no RENEWED_LINEAGE at all', undefined],
  ])('does nothing, successfully, for %s', (_what, lineage) => {
    expect(runHook(renderCertbotHook(resolved())!, lineage)).toMatchObject({
      code: 0,
      calls: [],
      stdout: '',
    });
  });

  it('does not reload when the check fails: exits 1 and says why on stderr', () => {
    writeFileSync(join(dir, 'FAIL_CHECK'), '');
    const r = runHook(renderCertbotHook(resolved())!, LINEAGE);
    expect(r.code).toBe(1);
    expect(r.calls).toEqual(['nginx -t']);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `keel-shop: nginx -t failed, so nginx was NOT reloaded and still serves the previous certificate of ${LINEAGE}:\n` +
        'nginx: [emerg] unknown directive "x" in /etc/nginx/sites-enabled/other.conf:3\n',
    );
  });

  it('matches a hostile lineage exactly: quotes, $(...), backticks, globs and newlines are literal', () => {
    const odd = '/etc/letsencrypt/live/it\'s $(touch PWNED) `id` * [a] ?;\n"x"%{}é';
    const base = resolved();
    const r: Resolved = { ...base, tls: { ...base.tls, cert: `${odd}/fullchain.pem` } };
    const hook = renderCertbotHook(r)!;
    writeFileSync(join(dir, 'h'), hook);
    execFileSync('/bin/sh', ['-n', join(dir, 'h')]);
    // The glob characters must not make other lineages match.
    expect(runHook(hook, '/etc/letsencrypt/live/it\'s $(touch PWNED) `id` X [a] ?;\n"x"%{}é')).toMatchObject({
      code: 0,
      calls: [],
    });
    expect(runHook(hook, '/etc/letsencrypt/live/other')).toMatchObject({ code: 0, calls: [] });
    const ok = runHook(hook, odd);
    expect(ok).toMatchObject({ code: 0, calls: ['nginx -t', 'systemctl reload nginx'] });
    expect(ok.stdout).toBe(`keel-shop: reloaded nginx for ${odd}\n`);
    expect(existsSync(join(dir, 'PWNED'))).toBe(false);
    expect(existsSync('PWNED')).toBe(false);
  });
});

describe('render-config', () => {
  it('checks the hook with sh -n like every rendered file, and refuses a broken one', async () => {
    const r = resolved();
    const hook = renderAll(r).filter((f) => f.kind === 'certbot-hook');
    const strict = { maxExposure: 2.5, requireTools: true };
    expect(await validateFiles(r, hook, strict)).toEqual([
      { tool: 'sh -n', file: 'certbot/keel-shop', status: 'passed', detail: 'parses' },
    ]);
    const broken = [{ ...hook[0]!, content: hook[0]!.content.replace('esac', '') }];
    const [v] = await validateFiles(r, broken, strict);
    expect(v).toMatchObject({ status: 'failed', detail: expect.stringContaining('certbot/keel-shop') });
  });
});

describe('the plan', () => {
  it('lists the hook like every other host file (read with the real read script, run by bash here)', async () => {
    const r = resolved();
    const files = renderAll(r);
    // A session whose commands run on this machine, where none of the files is installed.
    const session = {
      endpoint: { name: 'here' },
      check: async (_what: string, body: { text: string }) => ({
        code: 0,
        stdout: execFileSync('bash', ['-c', body.text], { encoding: 'utf8' }),
        stderr: '',
      }),
    } as unknown as SshSession;
    const plan = await planHost(session, r, files);
    const hook = plan.files.find((f) => f.file === 'certbot/keel-shop')!;
    expect(hook).toMatchObject({
      install: '/etc/letsencrypt/renewal-hooks/deploy/keel-shop',
      change: 'create',
    });
    expect(hook.diff).toContain('+set -eu');
    expect(hook.diff).toContain(`+  ${LINEAGE}) ;;`);
  });
});
