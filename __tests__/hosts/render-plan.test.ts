/** render-config's plan: what installing the rendered files would change on a real host, read over SSH. */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runStep } from '../support/step.js';
import { clientKey, host, hostExec, knownHosts, putFile } from '../support/hosts.js';
import { actionDir, repoRoot } from '../support/paths.js';

let workspace: string;
beforeAll(() => {
  workspace = mkdtempSync(join(tmpdir(), 'keel-plan-ws-'));
  mkdirSync(join(workspace, 'deploy'));
  cpSync(join(repoRoot, '__fixtures__/specs/shop.yml'), join(workspace, 'deploy/keel.yml'));
  hostExec(
    'sd',
    'rm -rf /srv/planned; rm -f /etc/systemd/system/planned.service /etc/systemd/system/planned.socket /etc/nginx/sites-available/planned.conf /etc/nginx/sites-available/keel-default.conf /etc/sudoers.d/planned-keel',
  );
});
afterAll(() => {
  hostExec('sd', 'rm -f /etc/sudoers.d/planned-keel');
  rmSync(workspace, { recursive: true, force: true });
});

const plan = () =>
  runStep({
    actionDir: actionDir('render-config'),
    workspace,
    with: {
      set: 'app.name=planned\napp.path=/srv/planned',
      hosts: host('sd').address,
      user: 'deploy',
      'ssh-key': clientKey(),
      'known-hosts': knownHosts(),
    },
  });

describe('render-config plan against the systemd host', () => {
  it('reports every file keel installs as new on a bare host, then unchanged once installed (it settles), then the one edited file as changed', async () => {
    const first = await plan();
    expect(first.annotations.filter((a) => a.level === 'error')).toEqual([]);
    const files = (p: string) =>
      (JSON.parse(p) as { files: { file: string; change: string; install: string }[] }[])[0]!.files;
    // The alert rules go to the Prometheus server, never to these hosts: they are not in the plan at all
    // (before, they showed as "create" on every run and the plan never settled).
    expect(files(first.outputs.plan!).map((f) => [f.file, f.change])).toEqual([
      ['gunicorn.conf.py', 'create'],
      ['sudoers/planned-keel', 'create'],
      ['systemd/planned.service', 'create'],
      ['systemd/planned.socket', 'create'],
      ['nginx/keel-default.conf', 'create'],
      ['nginx/planned.conf', 'create'],
    ]);
    expect(first.outputs.changed).toBe('true');

    // Install exactly what the plan lists, with the manifest's modes (the sudoers file is 0440, root only).
    const manifest = JSON.parse(readFileSync(first.outputs.manifest!, 'utf8')) as {
      files: { name: string; mode: string }[];
    };
    for (const f of files(first.outputs.plan!)) {
      const mode = manifest.files.find((m) => m.name === f.file)!.mode;
      putFile('sd', f.install, readFileSync(join(first.outputs.dir!, f.file), 'utf8'), { mode });
    }
    const second = await plan();
    expect(files(second.outputs.plan!).filter((f) => f.change !== 'unchanged')).toEqual([]);
    expect(second.outputs.changed).toBe('false');
    const third = await plan();
    expect(third.outputs.changed).toBe('false');

    hostExec('sd', "sed -i 's/^TimeoutStopSec=.*/TimeoutStopSec=5/' /etc/systemd/system/planned.service");
    const fourth = await plan();
    expect(
      files(fourth.outputs.plan!)
        .filter((f) => f.change !== 'unchanged')
        .map((f) => f.file),
    ).toEqual(['systemd/planned.service']);
    expect(fourth.summary).toContain('-TimeoutStopSec=5');
    expect(fourth.summary).toContain('+TimeoutStopSec=30');
  });
});
