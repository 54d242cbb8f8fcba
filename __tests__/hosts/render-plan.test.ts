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
    'rm -rf /srv/planned; rm -f /etc/systemd/system/planned.service /etc/systemd/system/planned.socket /etc/nginx/sites-available/planned.conf',
  );
});
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

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
  it('reports every file as new on a bare host, then unchanged once installed, then the one edited file as changed', async () => {
    const first = await plan();
    expect(first.annotations.filter((a) => a.level === 'error')).toEqual([]);
    const files = (p: string) =>
      (JSON.parse(p) as { files: { file: string; change: string; install: string }[] }[])[0]!.files;
    expect(files(first.outputs.plan!).map((f) => f.change)).toEqual([
      'create',
      'create',
      'create',
      'create',
      'create',
    ]);
    expect(first.outputs.changed).toBe('true');

    for (const f of files(first.outputs.plan!)) {
      putFile('sd', f.install, readFileSync(join(first.outputs.dir!, f.file), 'utf8'));
    }
    const second = await plan();
    expect(files(second.outputs.plan!).every((f) => f.change === 'unchanged')).toBe(true);
    expect(second.outputs.changed).toBe('false');

    hostExec('sd', "sed -i 's/^TimeoutStopSec=.*/TimeoutStopSec=5/' /etc/systemd/system/planned.service");
    const third = await plan();
    expect(
      files(third.outputs.plan!)
        .filter((f) => f.change !== 'unchanged')
        .map((f) => f.file),
    ).toEqual(['systemd/planned.service']);
    expect(third.summary).toContain('-TimeoutStopSec=5');
    expect(third.summary).toContain('+TimeoutStopSec=30');
  });
});
