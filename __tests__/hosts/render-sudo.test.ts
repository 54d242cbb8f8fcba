/**
 * Least privilege for the deploy user, on the systemd host: the sudo rules render-config renders
 * (sudoers/<app>-keel) are installed by ssh-deploy like the other files; then, with ONLY those rules left,
 * a full deploy (units, Nginx site, restart, reload), a failing deploy that puts every file back, and
 * reload-graceful's HUP and rolling reloads all work, while a shell or any other root command is refused,
 * and ssh-deploy's check finds nothing broader than keel needs.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderConfig } from '../../src/render/render-config.js';
import { raw } from '../../src/remote/quote.js';
import type { SshSession } from '../../src/remote/ssh.js';
import { clientKey, host, hostExec, knownHosts, openSession, type TestHost } from '../support/hosts.js';
import { actionDir, repoRoot } from '../support/paths.js';
import { runStep, type StepResult } from '../support/step.js';

const APP = 'sudoapp';
const DOMAIN = 'sudoapp.keel.test';
const spec = (csp: string, cert = `/etc/keel-test/${APP}.crt`) => `
app: { name: ${APP}, module: "app:app", path: /srv/${APP}, gunicorn: /usr/bin/gunicorn, environment: { GREETING: "${csp}" } }
gunicorn: { bind: tcp, port: 8311, workers: 2, graceful-timeout: 10 }
proxy:
  domains: [${DOMAIN}]
  tls: { certificates: files, cert: ${cert}, key: /etc/keel-test/${APP}.key }
  headers: { content-security-policy: "default-src 'self'; report-uri /r?v=${csp}" }
`;

let sd: TestHost;
let workspace: string;
let session: SshSession;
const sh = (cmd: string) => hostExec('sd', cmd).trim();
const errors = (r: StepResult) => r.annotations.filter((a) => a.level === 'error').map((a) => a.message);
const connection = () => ({
  hosts: sd.address,
  user: 'deploy',
  'ssh-key': clientKey(),
  'known-hosts': knownHosts(),
});

async function render(text: string): Promise<string> {
  const out = join(workspace, `rendered-${Date.now()}`);
  const r = await renderConfig({
    specText: text,
    specFile: 'keel.yml',
    overrides: {},
    outDir: out,
    validate: false,
  });
  expect(r.ok).toBe(true);
  return out;
}

function deploy(id: string, rendered: string): Promise<StepResult> {
  writeFileSync(join(workspace, 'app/RELEASE'), `${id}\n`);
  return runStep({
    actionDir: actionDir('ssh-deploy'),
    workspace,
    with: {
      ...connection(),
      'deploy-path': `/srv/${APP}`,
      source: 'app',
      'release-id': id,
      'rendered-dir': rendered,
      'reload-unit': `${APP}.service`,
      venv: 'off',
    },
  });
}

const version = () =>
  JSON.parse(sh(`curl -fsSk --resolve ${DOMAIN}:443:127.0.0.1 https://${DOMAIN}/version`)).release as string;
/** What the deploy user's sudo says about a command line (asked with -l: nothing is run). */
const mayRun = async (cmd: string) =>
  (await session.run(raw(`sudo -n -l -- ${cmd} >/dev/null 2>&1`))).code === 0;

beforeAll(async () => {
  sd = host('sd');
  workspace = mkdtempSync(join(tmpdir(), 'keel-sudo-ws-'));
  cpSync(join(repoRoot, 'examples/sample-app'), join(workspace, 'app'), { recursive: true });
  hostExec(
    'sd',
    [
      `systemctl stop ${APP}.service ${APP}.socket nginx 2>/dev/null; rm -rf /srv/${APP} /etc/nginx/sites-*/${APP}.conf /etc/systemd/system/${APP}.* /etc/sudoers.d/${APP}-keel`,
      `id ${APP} >/dev/null 2>&1 || useradd --system --home-dir /srv/${APP} --shell /usr/sbin/nologin ${APP}`,
      `install -d -o deploy -g deploy /srv/${APP}`,
      'rm -f /etc/nginx/sites-enabled/default',
      'install -d /etc/keel-test',
      `openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=${DOMAIN} -keyout /etc/keel-test/${APP}.key -out /etc/keel-test/${APP}.crt 2>/dev/null`,
      'systemctl daemon-reload',
    ].join('; '),
  );
  session = await openSession(sd);
}, 60_000);

afterAll(async () => {
  session?.close();
  // The test hosts' own rules come back whatever happened.
  hostExec(
    'sd',
    `test -e /root/keel-deploy.saved && mv /root/keel-deploy.saved /etc/sudoers.d/keel-deploy; systemctl stop ${APP}.service ${APP}.socket nginx 2>/dev/null; rm -f /etc/sudoers.d/${APP}-keel /etc/nginx/sites-enabled/${APP}.conf; true`,
  );
  rmSync(workspace, { recursive: true, force: true });
});

describe('the rendered sudo rules, alone', () => {
  it('are installed by ssh-deploy like the other rendered files (checked with visudo on the host)', async () => {
    const rendered = await render(spec('hello'));
    const r = await deploy('s1', rendered);
    expect(errors(r)).toEqual([]);
    expect(sh(`stat -c '%a %U %G' /etc/sudoers.d/${APP}-keel`)).toBe('440 root root');
    expect(sh(`visudo -cf /etc/sudoers.d/${APP}-keel`)).toContain('parsed OK');
    expect(version()).toBe('s1');
  }, 180_000);

  it('once they are the only rules: a shell and every other root command are refused', async () => {
    sh('mv /etc/sudoers.d/keel-deploy /root/keel-deploy.saved');
    expect(sh('ls /etc/sudoers.d')).not.toContain('keel-deploy');
    for (const refused of [
      'bash',
      '/bin/sh -c id',
      'systemctl stop ssh.service',
      'systemctl restart nginx',
      `systemctl kill -s KILL ${APP}.service`,
      'journalctl',
      'cat /etc/shadow',
      `install -m 4755 /bin/sh /etc/sudoers.d/${APP}-keel`,
      'install -D -m 0644 -o root -g root .keel-stage/0/new/0 /etc/systemd/system/other.service',
      `install -D -m 0644 -o root -g root .keel-stage/0/new/0 /etc/systemd/system/${APP}.service /etc/passwd`,
      `cp -a /etc/shadow .keel-stage/0/old/0`,
      'rm -rf /',
      'tee /etc/passwd',
    ])
      expect({ refused, allowed: await mayRun(refused) }).toEqual({ refused, allowed: false });
    for (const allowed of ['true', `systemctl reload ${APP}.service`, 'nginx -t'])
      expect({ allowed, ok: await mayRun(allowed) }).toEqual({ allowed, ok: true });
    const shell = await session.run(raw('sudo -n bash -c id'));
    expect(shell.code).not.toBe(0);
    expect(shell.stdout + shell.stderr).not.toContain('uid=0');
  });

  it('a full deploy with changed units and site: installed, checked, restarted and reloaded', async () => {
    const rendered = await render(spec('changed $HOME %h'));
    const r = await deploy('s2', rendered);
    expect(errors(r)).toEqual([]);
    expect(r.outputs.status).toBe('success');
    expect(version()).toBe('s2');
    const pid = sh(`systemctl show -p MainPID --value ${APP}.service`);
    expect(sh(`tr '\\0' '\\n' < /proc/${pid}/environ | grep ^GREETING=`)).toBe('GREETING=changed $HOME %h');
    expect(
      sh(
        `curl -fsSk -D - -o /dev/null --resolve ${DOMAIN}:443:127.0.0.1 https://${DOMAIN}/ | grep -i '^content-security-policy'`,
      ),
    ).toBe(
      "content-security-policy: default-src 'self'; report-uri /r?v=changed $HOME %h; frame-ancestors 'none'",
    );
  }, 180_000);

  it('a deploy whose nginx -t fails puts every file back with the same rules', async () => {
    const before = sh(
      `sha256sum < /etc/nginx/sites-available/${APP}.conf; sha256sum < /etc/systemd/system/${APP}.service`,
    );
    const rendered = await render(spec('broken', `/etc/keel-test/missing.crt`));
    const r = await deploy('s3', rendered);
    expect(r.exitCode).toBe(1);
    expect(errors(r).join('\n')).toMatch(/nginx -t failed; the previous Nginx files were put back/);
    expect(errors(r).join('\n')).not.toMatch(/sudo|password is required|not allowed/);
    expect(
      sh(
        `sha256sum < /etc/nginx/sites-available/${APP}.conf; sha256sum < /etc/systemd/system/${APP}.service`,
      ),
    ).toBe(before);
    expect(version()).toBe('s2');
  }, 180_000);

  it.each(['systemd', 'rolling'])(
    'reload-graceful %s works with the same rules',
    async (strategy) => {
      const r = await runStep({
        actionDir: actionDir('reload-graceful'),
        workspace,
        with: {
          ...connection(),
          strategy,
          unit: `${APP}.service`,
          'deploy-path': `/srv/${APP}`,
          proxy: 'nginx',
        },
      });
      expect(errors(r)).toEqual([]);
      expect(r.conclusion).toBe('success');
      expect(version()).toBe('s2');
    },
    180_000,
  );

  it("ssh-deploy's check finds nothing broader than keel needs", async () => {
    const r = await runStep({ actionDir: actionDir('ssh-deploy'), with: { ...connection(), mode: 'check' } });
    expect(r.conclusion).toBe('success');
    const reports = JSON.parse(r.outputs.hosts!) as {
      checks: { name: string; ok: boolean; detail: string }[];
    }[];
    expect(reports[0]!.checks.find((c) => c.name === 'sudo rules')).toEqual(
      expect.objectContaining({ ok: true, detail: "no broader than keel's own commands" }),
    );
    expect(r.annotations.filter((a) => a.level === 'warning')).toEqual([]);
  });
});
