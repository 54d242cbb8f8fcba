/**
 * ssh-deploy's check mode, run from the committed dist/ bundle exactly as the GitHub runner runs it, against
 * every test host at once.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { runStep } from '../support/step.js';
import { actionDir } from '../support/paths.js';
import { clientKey, hostExec, knownHosts, loadHosts } from '../support/hosts.js';

const ssh = () => ({ user: 'deploy', 'ssh-key': clientKey(), 'known-hosts': knownHosts(), mode: 'check' });

describe('ssh-deploy mode: check', () => {
  it('checks every host in parallel and reports each one in outputs and the job summary', async () => {
    const hosts = loadHosts().hosts;
    const r = await runStep({
      actionDir: actionDir('ssh-deploy'),
      with: {
        ...ssh(),
        hosts: hosts.map((h) => h.address).join('\n'),
        'deploy-path': '/srv/keel/app',
        'require-sudo': 'true',
      },
    });
    expect(r.annotations.filter((a) => a.level === 'error')).toEqual([]);
    expect(r.conclusion).toBe('success');
    expect(r.outputs.status).toBe('success');
    expect(r.outputs['failed-hosts']).toBe('');
    const reports = JSON.parse(r.outputs.hosts!) as {
      host: string;
      ok: boolean;
      facts: Record<string, string>;
    }[];
    expect(reports.map((x) => [x.host, x.ok])).toEqual(hosts.map((h) => [h.address, true]));
    const sd = reports.find((x) => x.host === hosts.find((h) => h.kind === 'systemd')!.address)!;
    expect(sd.facts.init).toBe('systemd');
    for (const h of hosts) expect(r.summary).toContain(`| ${h.address} | pass |`);
    expect(r.post?.exitCode).toBe(0);
  });

  it("takes hosts, user, known_hosts and the deploy path from the spec's deploy: section; the workflow gives only the key", async () => {
    const hosts = loadHosts().hosts;
    const ws = mkdtempSync(join(tmpdir(), 'keel-spec-ws-'));
    try {
      mkdirSync(join(ws, 'deploy'));
      const spec = {
        app: { name: 'shop', module: 'app:app', path: '/srv/keel/app' },
        proxy: { domains: ['shop.example.com'] },
        deploy: { hosts: hosts.map((h) => h.address), user: 'deploy', 'known-hosts': knownHosts() },
      };
      writeFileSync(join(ws, 'deploy/keel.yml'), stringify(spec));
      const r = await runStep({
        actionDir: actionDir('ssh-deploy'),
        workspace: ws,
        with: { 'ssh-key': clientKey(), mode: 'check', 'require-sudo': 'true' },
      });
      expect(r.annotations.filter((a) => a.level === 'error')).toEqual([]);
      expect(r.conclusion).toBe('success');
      const reports = JSON.parse(r.outputs.hosts!) as { host: string; ok: boolean }[];
      expect(reports.map((x) => [x.host, x.ok])).toEqual(hosts.map((h) => [h.address, true]));
      expect(r.summary).toContain(
        'inputs from the spec `deploy/keel.yml`: `hosts`, `user`, `known-hosts`, `deploy-path`',
      );
      // A secret in the spec is refused before any host is contacted, on its line, without its value.
      spec.deploy = { ...spec.deploy, password: 'hunter2-in-the-spec' } as typeof spec.deploy;
      writeFileSync(join(ws, 'deploy/keel.yml'), stringify(spec));
      const bad = await runStep({
        actionDir: actionDir('ssh-deploy'),
        workspace: ws,
        with: { 'ssh-key': clientKey(), mode: 'check' },
      });
      expect(bad.exitCode).toBe(1);
      const errors = bad.annotations.filter((a) => a.level === 'error');
      expect(errors).toEqual([
        expect.objectContaining({
          message: expect.stringMatching(/^spec field 'deploy\.password': is a secret/),
          properties: expect.objectContaining({ file: 'deploy/keel.yml' }),
        }),
      ]);
      expect(JSON.stringify(bad)).not.toContain('hunter2-in-the-spec');
      expect(bad.outputs.hosts).toBeUndefined();
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  });

  it("warns (without failing) about sudo rules broader than keel's own command lines, asking sudo -l, never running them", async () => {
    // The test hosts allow systemctl, install, cp, cat, ... with any arguments, but no shell.
    const hosts = loadHosts().hosts;
    const r = await runStep({
      actionDir: actionDir('ssh-deploy'),
      with: { ...ssh(), hosts: hosts.map((h) => h.address).join('\n') },
    });
    expect(r.conclusion).toBe('success');
    const warnings = r.annotations.filter((a) => a.level === 'warning').map((a) => a.message);
    for (const h of hosts) {
      const w = warnings.find((m) => m.startsWith(`${h.address}: sudo rules: broader than keel needs`));
      expect(w).toBeDefined();
      expect(w).toContain('`/usr/bin/systemctl stop ssh.service`');
      expect(w).toContain('`/usr/bin/cat /etc/shadow`');
      expect(w).not.toContain('`/bin/bash`');
    }
    // Asked, not run: the canary file was never written.
    expect(
      hostExec(hosts[0]!.name, 'ls /usr/local/bin/keel-canary /etc/sudoers.d/keel-canary 2>&1 || true'),
    ).toMatch(/No such file/);
  });

  it('fails only the host whose key does not match, and says which key it offered', async () => {
    const [a, b] = loadHosts().hosts;
    const onlyB = knownHosts()
      .split('\n')
      .filter((l) => l.startsWith(`${b!.address} `))
      .map((l) => l.replace(b!.address, a!.address))
      .concat(
        knownHosts()
          .split('\n')
          .filter((l) => l.startsWith(`${b!.address} `)),
      )
      .join('\n');
    const r = await runStep({
      actionDir: actionDir('ssh-deploy'),
      with: { ...ssh(), 'known-hosts': onlyB, hosts: `${a!.address}\n${b!.address}` },
    });
    expect(r.conclusion).toBe('failure');
    expect(r.outputs['failed-hosts']).toBe(a!.address);
    const errors = r.annotations.filter((x) => x.level === 'error').map((x) => x.message);
    expect(errors).toEqual([
      expect.stringMatching(
        new RegExp(
          `^1 of 2 host\\(s\\) failed the check: ${a!.address.replace(/\./g, '\\.')}:22: HOST KEY MISMATCH`,
        ),
      ),
    ]);
  });

  it('fails the check of a service that is not active, naming it', async () => {
    const sd = loadHosts().hosts.find((h) => h.kind === 'systemd')!;
    const r = await runStep({
      actionDir: actionDir('ssh-deploy'),
      with: { ...ssh(), hosts: sd.address, service: 'no-such-app.service' },
    });
    expect(r.conclusion).toBe('failure');
    expect(r.annotations.map((a) => a.message)).toContain(
      `${sd.address}: service no-such-app.service: inactive`,
    );
  });
});
