/**
 * Cancellation as the runner does it (SIGINT, SIGTERM 7.5 s later, SIGKILL 2.5 s after that, then the post
 * step), against a real host: the remote work in flight dies with the job (a hook, what it started in the
 * background, even a process that ignores SIGTERM), before the lock is released; the previous release stays
 * current; and `keel act` cancelled with Ctrl-C runs the post step and leaves no process or folder behind.
 */
import { spawn } from 'node:child_process';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stringify } from 'yaml';
import { connectionInputs, hostExec, plainHosts, type TestHost } from '../support/hosts.js';
import { actionDir, repoRoot } from '../support/paths.js';
import { errorsOf, runStep } from '../support/step.js';
import { sampleWorkspace } from '../support/workspace.js';

const PATH = '/srv/keel/cancel';
let workspace: string;
let h: TestHost;

const sh = (cmd: string) => hostExec(h.name, cmd).trim();
const errors = errorsOf;
const running = (pattern: string) => sh(`pgrep -f -- '${pattern}' || true`);

// A hook like a long migration: a foreground process, a child detached into its own session, and one that
// ignores SIGTERM and watches the deploy lock: if the lock is released while it still runs, it says so.
const HOOK = [
  `touch ${PATH}/hook-started`,
  `setsid sleep 3011 </dev/null >/dev/null 2>&1 &`,
  `( trap '' TERM; while :; do [ -e ${PATH}/.keel/lock ] || echo freed >> ${PATH}/lock-freed-while-running; sleep 0.1; done ) </dev/null >/dev/null 2>&1 &`,
  'sleep 3012',
].join('\n');

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

/** Waits (bounded) until the hook has started on the host. */
async function hookStarted(): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (sh(`test -e ${PATH}/hook-started && echo yes || true`) === 'yes') return;
    await sleep(100);
  }
  throw new Error('the build hook never started');
}

beforeAll(async () => {
  h = plainHosts()[0]!;
  hostExec(h.name, `rm -rf ${PATH}`);
  workspace = sampleWorkspace('cancel');
  const first = await runStep({ actionDir: actionDir('ssh-deploy'), workspace, with: inputs('b2') });
  expect(errors(first)).toEqual([]);
});

afterAll(() => {
  hostExec(h.name, `pkill -f 'sleep 301[12]'; rm -rf ${PATH}; true`);
  rmSync(workspace, { recursive: true, force: true });
});

beforeEach(() => sh(`rm -f ${PATH}/hook-started ${PATH}/lock-freed-while-running`));

describe('cancelling a deploy while its hook runs', () => {
  it('stops the hook and everything it started before releasing the lock; the previous release stays current', async () => {
    const cancel = new AbortController();
    const step = runStep({
      actionDir: actionDir('ssh-deploy'),
      workspace,
      with: inputs('a1', { build: HOOK }),
      cancel: cancel.signal,
    });
    await hookStarted();
    cancel.abort();
    const r = await step;

    expect(r.conclusion).toBe('cancelled');
    // The action ended itself after its clean-up (exit 1), before the runner's SIGTERM or SIGKILL.
    expect({ exitCode: r.exitCode, signal: r.signal }).toEqual({ exitCode: 1, signal: null });
    expect(errors(r)).toHaveLength(1);
    expect(errors(r)[0]).toMatch(/^keel: cancelled \(SIGINT\)/);
    expect([...r.log, r.stderr].join('\n')).not.toMatch(/\n\s+at .+:\d+:\d+|unexpectedly/);
    // Every process of the hook is gone: the detached one and the one that ignored SIGTERM (killed).
    expect(running('sleep 301[12]')).toBe('');
    expect(sh(`pgrep -u deploy -f lock-freed || true`)).toBe('');
    // ... and none of them saw the lock released while it still ran.
    expect(sh(`cat ${PATH}/lock-freed-while-running 2>/dev/null || true`)).toBe('');
    expect(r.log.join('\n')).toMatch(/cancelled: the remote command was killed/);
    // The main step released its own lock: the post step had nothing left to do.
    expect(sh(`test -e ${PATH}/.keel/lock && echo locked || echo free`)).toBe('free');
    expect(r.post?.annotations ?? []).toEqual([]);
    expect(sh(`readlink ${PATH}/current`)).toBe('releases/b2');
    expect(sh(`ls -A ${PATH}/releases`)).toBe('b2');
    // The next deploy goes through.
    const next = await runStep({ actionDir: actionDir('ssh-deploy'), workspace, with: inputs('a2') });
    expect(errors(next)).toEqual([]);
    expect(sh(`readlink ${PATH}/current`)).toBe('releases/a2');
  });
});

describe('the other ways a step is stopped', () => {
  it('SIGTERM first (a supervisor that skips SIGINT): the same clean stop', async () => {
    const cancel = new AbortController();
    const step = runStep({
      actionDir: actionDir('ssh-deploy'),
      workspace,
      with: inputs('a4', { build: HOOK }),
      cancel: cancel.signal,
      cancelSignal: 'SIGTERM',
    });
    await hookStarted();
    cancel.abort();
    const r = await step;
    expect({ conclusion: r.conclusion, exitCode: r.exitCode, signal: r.signal }).toEqual({
      conclusion: 'cancelled',
      exitCode: 1,
      signal: null,
    });
    expect(errors(r)).toEqual([expect.stringMatching(/^keel: cancelled \(SIGTERM\)/)]);
    expect(running('sleep 301[12]')).toBe('');
    expect(sh(`cat ${PATH}/lock-freed-while-running 2>/dev/null || true`)).toBe('');
    expect(sh(`test -e ${PATH}/.keel/lock && echo locked || echo free`)).toBe('free');
    expect(sh(`readlink ${PATH}/current`)).toBe('releases/a2');
  });

  it('its own time-limit: past it the step cancels itself the same way, saying which limit', async () => {
    const r = await runStep({
      actionDir: actionDir('ssh-deploy'),
      workspace,
      with: inputs('a5', { build: HOOK, 'time-limit': '10s' }),
      timeoutMs: 120_000,
    });
    expect({ conclusion: r.conclusion, exitCode: r.exitCode, signal: r.signal }).toEqual({
      conclusion: 'failure',
      exitCode: 1,
      signal: null,
    });
    expect(errors(r)).toEqual([expect.stringMatching(/^keel: cancelled \(time-limit 10s reached\)/)]);
    expect(running('sleep 301[12]')).toBe('');
    expect(sh(`cat ${PATH}/lock-freed-while-running 2>/dev/null || true`)).toBe('');
    expect(sh(`test -e ${PATH}/.keel/lock && echo locked || echo free`)).toBe('free');
    expect(sh(`readlink ${PATH}/current`)).toBe('releases/a2');
  });
});

describe('keel act, cancelled with Ctrl-C', () => {
  it('cancels the step as the runner would, runs the post step, and leaves no process or folder behind', async () => {
    const withFile = join(workspace, 'with.yml');
    writeFileSync(withFile, stringify(inputs('a3', { build: HOOK })));
    const scratchBefore = readdirSync(tmpdir()).filter((f) => f.startsWith('keel-step-'));
    const child = spawn(
      process.execPath,
      [join(repoRoot, 'bin/keel.js'), 'act', actionDir('ssh-deploy'), '--with-file', withFile],
      { cwd: workspace, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    await hookStarted();
    child.kill('SIGINT'); // to keel act alone, as `kill -INT` would (a terminal signals the whole group)
    const code = await exited;

    expect(code).toBe(130);
    expect(out).toMatch(/keel: SIGINT: cancelling the step/);
    expect(out).toMatch(/cancelled \(SIGINT\)/);
    expect(out).toMatch(/--- cancelled/);
    expect(running('sleep 301[12]')).toBe('');
    expect(sh(`cat ${PATH}/lock-freed-while-running 2>/dev/null || true`)).toBe('');
    expect(sh(`test -e ${PATH}/.keel/lock && echo locked || echo free`)).toBe('free');
    expect(sh(`readlink ${PATH}/current`)).toBe('releases/a2');
    // No action process left running on its own, and no scratch folder left behind.
    const left = spawn('pgrep', ['-f', `${actionDir('ssh-deploy')}|ssh-deploy-main`]);
    const leftCode = await new Promise<number | null>((done) => left.on('close', done));
    expect(leftCode).toBe(1); // pgrep: no process matched
    expect(readdirSync(tmpdir()).filter((f) => f.startsWith('keel-step-'))).toEqual(scratchBefore);
  });
});
