/**
 * The fast transfer path of ssh-deploy (#16): the runner's GNU tar and zstd as the packer, SSH handshakes made
 * while the release is walked, fewer round trips. Against a real host:
 * - cancelled during the bulk stream: nothing of the upload keeps running, on the host (tar, zstd) or on the
 *   runner (the packer), no partial release is left, and the previous release keeps serving;
 * - the in-process packer (KEEL_PACKER=node, as on a runner without GNU tar or zstd) ships the same tree;
 * - the log reports each phase and the SSH channels the deploy opened, counted by the code;
 * - a source that fails its checks after the handshakes began changes nothing on the host.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { connectionInputs, hostExec, plainHosts, type TestHost } from '../support/hosts.js';
import { actionDir } from '../support/paths.js';
import { errorsOf, runStep } from '../support/step.js';
import { sampleWorkspace } from '../support/workspace.js';

const PATH = '/srv/keel/transfer';
let workspace: string;
let h: TestHost;
let firstLog = '';

const sh = (cmd: string) => hostExec(h.name, cmd).trim();
const errors = errorsOf;

function inputs(releaseId: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...connectionInputs(h.address),
    'deploy-path': PATH,
    source: 'app',
    venv: 'off',
    'release-id': releaseId,
    ...extra,
  };
}

const deploy = (id: string, extra: Record<string, string> = {}, env: Record<string, string> = {}) =>
  runStep({ actionDir: actionDir('ssh-deploy'), workspace, with: inputs(id, extra), env });

/** Every file's path and sha256 under a release on the host, keel's own files left out. */
const hostTree = (release: string) =>
  sh(
    `cd ${PATH}/releases/${release} && find . -type f ! -path './.keel/*' ! -name RELEASE -print0 | sort -z | xargs -0 sha256sum`,
  );

beforeAll(async () => {
  h = plainHosts()[0]!;
  hostExec(h.name, `rm -rf ${PATH}`);
  workspace = sampleWorkspace('transfer');
  const first = await deploy('t1');
  expect(errors(first)).toEqual([]);
  firstLog = first.log.join('\n');
});

afterAll(() => {
  hostExec(h.name, `rm -rf ${PATH}; true`);
  rmSync(workspace, { recursive: true, force: true });
});

describe('the transfer', () => {
  it('logs each phase and the SSH channels the deploy opened', async () => {
    writeFileSync(join(workspace, 'app', 'phase.txt'), 'x\n');
    const r = await deploy('t2');
    expect(errors(r)).toEqual([]);
    const log = r.log.join('\n');
    expect(log).toMatch(/timing: start \d+ ms, walk\/hash \d+ ms/);
    expect(log).toMatch(
      /timing: connect \d+ ms, wait for lock \d+ ms, prepare \d+ ms, stage \(copy\) \d+ ms, pack \+ transfer \d+ ms, link\/build \d+ ms, switch \d+ ms, log\/prune \d+ ms/,
    );
    const channels = (text: string) => Number(/timing: (\d+) SSH channels/.exec(text)?.[1]);
    // Exactly three round trips on the host's one session (each costs 2-3 network round trips on a long
    // link; a fourth creeping back in fails here): the lock's take with the abandoned uploads, the prepare,
    // the release state and (a redeploy) the hard-link copy of the live release with its listing; the upload
    // with the final name; the lease check with the switch, the log line, the prune and the lock's release.
    // It was 5 (first deploy) and 6 (redeploy) before, 9 and 10 before that.
    expect(channels(firstLog)).toBe(3);
    expect(channels(log)).toBe(3);
  });

  it('the in-process packer (no GNU tar or zstd on the runner) ships the same tree as the native one', async () => {
    writeFileSync(join(workspace, 'app', 'new\nline "q" \\ -x.txt'), 'odd\n');
    const native = await deploy('t3');
    expect(errors(native)).toEqual([]);
    rmSync(join(workspace, 'app', 'phase.txt'));
    writeFileSync(join(workspace, 'app', 'phase.txt'), 'x\n');
    const fallback = await deploy('t4', {}, { KEEL_PACKER: 'node' });
    expect(errors(fallback)).toEqual([]);
    // A full deploy with the fallback too (a fresh path: nothing to build on).
    const full = await runStep({
      actionDir: actionDir('ssh-deploy'),
      workspace,
      with: inputs('t5', { 'deploy-path': `${PATH}-node` }),
      env: { KEEL_PACKER: 'node' },
    });
    expect(errors(full)).toEqual([]);
    expect(hostTree('t4')).toBe(hostTree('t3'));
    expect(
      sh(
        `cd ${PATH}-node/releases/t5 && find . -type f ! -path './.keel/*' ! -name RELEASE -print0 | sort -z | xargs -0 sha256sum`,
      ),
    ).toBe(hostTree('t3'));
    hostExec(h.name, `rm -rf ${PATH}-node`);
    expect(sh(`readlink ${PATH}/current`)).toBe('releases/t4');
  });

  it('a source that fails its checks while the handshakes run changes nothing on the host', async () => {
    const before = sh(`find ${PATH} | sort | md5sum`);
    mkdirSync(join(workspace, 'bad'));
    writeFileSync(join(workspace, 'bad', 'x.py'), '');
    execFileSync('ln', ['-s', '/etc/passwd', join(workspace, 'bad', 'leak')]);
    const r = await runStep({
      actionDir: actionDir('ssh-deploy'),
      workspace,
      with: inputs('t6', { source: 'bad' }),
    });
    expect(r.conclusion).toBe('failure');
    expect(errors(r).join('\n')).toMatch(/source.*leak|leak.*symlink/s);
    expect(sh(`find ${PATH} | sort | md5sum`)).toBe(before);
    rmSync(join(workspace, 'bad'), { recursive: true });
  });

  it('cancelled during the bulk stream: no tar or zstd left on the host or the runner, no partial, previous serving', async () => {
    execFileSync('dd', [
      'if=/dev/urandom',
      `of=${join(workspace, 'app', 'big.bin')}`,
      'bs=1M',
      'count=400',
      'status=none',
    ]);
    const cancel = new AbortController();
    const step = runStep({
      actionDir: actionDir('ssh-deploy'),
      workspace,
      with: inputs('t7'),
      cancel: cancel.signal,
    });
    // Bounded wait until the upload is under way (its partial directory has bytes of big.bin).
    let streaming = false;
    for (let i = 0; i < 600 && !streaming; i++) {
      streaming =
        sh(`find ${PATH}/releases -path '*/.partial-t7.*/big.bin' -size +1M 2>/dev/null | head -1`) !== '';
      if (!streaming) await sleep(50);
    }
    expect(streaming).toBe(true);
    cancel.abort();
    const r = await step;
    expect(r.conclusion).toBe('cancelled');
    expect([...r.log, r.stderr].join('\n')).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(sh(`pgrep -u deploy -a -f 'tar -xif|zstd -dcq' || true`)).toBe('');
    // The local packer is gone too (pgrep exits 1 when nothing matches).
    const packers = spawnSync('pgrep', ['-a', '-f', '--', `--directory=${join(workspace, 'app')}`]);
    expect(packers.stdout.toString()).toBe('');
    expect(sh(`ls -A ${PATH}/releases | grep -c t7 || true`)).toBe('0');
    expect(sh(`readlink ${PATH}/current`)).toBe('releases/t4');
    expect(sh(`test -e ${PATH}/.keel/lock && echo locked || echo free`)).toBe('free');
    rmSync(join(workspace, 'app', 'big.bin'));
  });
});
