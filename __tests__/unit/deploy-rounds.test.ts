/**
 * The merged round trips of a deploy (#16), run on real files with local bash in place of the host: the one
 * prepare script (folders, `current`, the release's existence, zstd, the live manifest), the hard-link copy
 * listed for links in the same script, and the log line written with the state read back for pruning.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePrepared, prepareBody, prepareScript, readPrepared } from '../../src/releases/deploy.js';
import { acquireLease, Lease } from '../../src/releases/lock.js';
import { copyPrevious } from '../../src/releases/copy.js';
import {
  logAndPrune,
  parseState,
  pruneAfterSwitch,
  switchAndLog,
  switchLogPruneRelease,
  switchTo,
} from '../../src/releases/state.js';
import { Layout } from '../../src/releases/layout.js';
import { memoryLogger } from '../../src/log.js';
import type { ShellFragment } from '../../src/remote/quote.js';
import type { Connection, SshSession } from '../../src/remote/ssh.js';
import type { FileEntry } from '../../src/releases/files.js';

function localSession(): SshSession & { calls: string[] } {
  const calls: string[] = [];
  const run = (body: ShellFragment, options: { stdin?: string } = {}) => {
    calls.push(body.text);
    const r = spawnSync('bash', ['--norc', '--noprofile', '-euo', 'pipefail', '-c', body.text], {
      input: options.stdin ?? '',
      encoding: 'utf8',
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr, timedOut: false, heldOpen: false };
  };
  return {
    calls,
    endpoint: { name: 'local' },
    run: async (body: ShellFragment, options?: { stdin?: string }) => run(body, options),
    check: async (what: string, body: ShellFragment, options?: { stdin?: string }) => {
      const r = run(body, options);
      if (r.code !== 0) throw new Error(`${what} exited with code ${r.code}: ${r.stderr}`);
      return r;
    },
  } as unknown as SshSession & { calls: string[] };
}

let root: string;
let layout: Layout;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'keel-rounds-'));
  layout = new Layout(join(root, "it's a $path"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('the prepare round trip', () => {
  it('on a new deploy path: makes the folders; no current, a new release, no manifest', async () => {
    const s = localSession();
    const f = parsePrepared((await s.check('prepare', prepareScript(layout, layout.release('r1')))).stdout);
    expect(s.calls).toHaveLength(1);
    expect(statSync(layout.releases).isDirectory()).toBe(true);
    expect(statSync(layout.meta).isDirectory()).toBe(true);
    expect(f).toEqual({
      current: '',
      release: 'new',
      zstd: expect.stringMatching(/^(yes|no)$/),
      manifest: '',
    });
  });

  it('with a live release: its link, the release named exists, and its manifest byte for byte', async () => {
    const manifest = JSON.stringify({ keel: 1, files: [{ path: 'a\nb "q" \\', type: 'file' }] });
    mkdirSync(join(layout.release('r1'), '.keel'), { recursive: true });
    writeFileSync(join(layout.release('r1'), '.keel/files.json'), manifest);
    symlinkSync('releases/r1', layout.current);
    const s = localSession();
    const f = parsePrepared((await s.check('prepare', prepareScript(layout, layout.release('r1')))).stdout);
    expect(f.current).toBe('releases/r1\n');
    expect(f.release).toBe('exists');
    expect(f.manifest).toBe(manifest);
  });

  it('a dangling symlink at the release path counts as existing (never replaced)', async () => {
    mkdirSync(layout.releases, { recursive: true });
    symlinkSync('/nonexistent', layout.release('r9'));
    const f = parsePrepared(
      (await localSession().check('p', prepareScript(layout, layout.release('r9')))).stdout,
    );
    expect(f.release).toBe('exists');
  });
});

describe('the copy round trip', () => {
  const manifest: FileEntry[] = [
    { path: 'a.py', type: 'file', mode: 0o644, size: 1, hash: 'x' },
    { path: 'lib', type: 'dir', mode: 0o755, size: 0, hash: '' },
  ];
  beforeEach(() => {
    mkdirSync(join(layout.release('r1'), 'lib'), { recursive: true });
    mkdirSync(layout.shared, { recursive: true });
    writeFileSync(join(layout.release('r1'), 'a.py'), 'a');
    symlinkSync(`${layout.shared}/media`, join(layout.release('r1'), 'media'));
  });

  it('copies with hard links and lists keel’s own links, in one script', async () => {
    const s = localSession();
    const copy = layout.partial('r2', 'tok');
    const keels = await copyPrevious(s, layout, layout.release('r1'), copy, manifest, memoryLogger());
    expect(s.calls).toHaveLength(1);
    expect(keels).toEqual(['media']);
    expect(statSync(join(copy, 'a.py')).ino).toBe(statSync(join(layout.release('r1'), 'a.py')).ino);
  });

  it('a link planted where the manifest has a folder: the copy is discarded (empty), false', async () => {
    rmSync(join(layout.release('r1'), 'lib'), { recursive: true });
    symlinkSync('/etc', join(layout.release('r1'), 'lib'));
    const copy = layout.partial('r2', 'tok');
    const m = memoryLogger();
    expect(await copyPrevious(localSession(), layout, layout.release('r1'), copy, manifest, m)).toBe(false);
    expect(readdirSync(copy)).toEqual([]);
  });
});

describe('the log and prune round trips', () => {
  it('writes the log line and prunes from the state read in the same script', async () => {
    for (const id of ['r1', 'r2', 'r3', 'r4']) mkdirSync(layout.release(id), { recursive: true });
    symlinkSync('releases/r4', layout.current);
    const s = localSession();
    const run = { id: 'o/r#1.1', actor: 'me', sha: 'abc', repository: 'o/r' };
    for (const [id, prev] of [
      ['r1', null],
      ['r2', 'r1'],
      ['r3', 'r2'],
    ] as const)
      await logAndPrune(
        s,
        layout,
        { status: 'deployed', release: id, previous: prev, live: id, ...run },
        10,
        [],
      );
    s.calls.length = 0;
    const r = await logAndPrune(
      s,
      layout,
      { status: 'deployed', release: 'r4', previous: 'r3', live: 'r4', ...run },
      2,
      ['r4', 'r3'],
    );
    expect(s.calls).toHaveLength(2);
    expect(r.removed.sort()).toEqual(['r1', 'r2']);
    expect(readdirSync(layout.releases).sort()).toEqual(['r3', 'r4']);
    const lines = readFileSync(layout.log, 'utf8').trim().split('\n');
    expect(JSON.parse(lines[lines.length - 1]!)).toMatchObject({
      release: 'r4',
      previous: 'r3',
      status: 'deployed',
    });
  });
});

describe("a lease released by the deploy's own script (releasedOnHost)", () => {
  it("waits for a renewal still on its way before closing the lease's session, and never reconnects", async () => {
    // The slow-link case: the renewals went to the lease's own session, and one is in flight when the switch's
    // script releases the lock. Closing the session under it made the renewal fail and reconnect, to a session
    // nothing closed: the step never exited (ssh-deploy.test.ts, the 1 Mbit/s upload, timed out in CI).
    let answer: ((out: string) => void) | undefined;
    let fail: ((e: Error) => void) | undefined;
    const closed: string[] = [];
    const own = {
      endpoint: { name: 'h' },
      check: () =>
        new Promise((resolve, reject) => {
          answer = (out) => resolve({ code: 0, stdout: out, stderr: '' });
          fail = reject;
        }),
      close: () => {
        closed.push('own');
        fail?.(new Error('the connection was closed'));
      },
    } as unknown as SshSession;
    let reopened = 0;
    const reopen = async () => {
      reopened += 1;
      return { ...own, close: () => closed.push('reopened') } as unknown as SshSession;
    };
    const lease = new Lease({ name: 'h' } as never, layout, 'tok', 60_000, { own }, reopen, memoryLogger());
    const renewal = (lease as unknown as { renew(): Promise<void> }).renew();
    await new Promise((r) => setImmediate(r));
    expect(answer).toBeDefined(); // the renewal is on its way
    lease.releasedOnHost();
    expect(closed).toEqual([]); // not under the renewal
    answer!('renewed\n');
    await renewal;
    await new Promise((r) => setImmediate(r));
    expect(closed).toEqual(['own']);
    expect(reopened).toBe(0);
  });
});

describe('the lock and the deploy in shared round trips (one session per host)', () => {
  const holder = { run: 'o/r#1.1', actor: 'me', release: 'r2' };
  const conn = {} as Connection; // never used: the lease works on the session it is given
  const lockOptions = { waitMs: 0, ttlMs: 60_000 };
  const run = { id: 'o/r#1.1', actor: 'me', sha: 'abc', repository: 'o/r' };

  it("the take carries the prepare: a dead run's upload removed, the facts read, all in one script", async () => {
    mkdirSync(join(layout.releases, '.partial-r0.dead'), { recursive: true });
    mkdirSync(layout.release('r1'), { recursive: true });
    symlinkSync('releases/r1', layout.current);
    const s = localSession();
    const lease = await acquireLease(conn, s.endpoint, layout, holder, lockOptions, memoryLogger(), {
      session: s,
      then: (token) => prepareBody(layout, layout.release('r2'), token),
    });
    try {
      expect(s.calls).toHaveLength(1);
      const f = parsePrepared(lease.firstOutput!);
      expect(f.partials!.trim().split('\n')).toEqual(['removed .partial-r0.dead', 'clean']);
      expect(f.current!.trim()).toBe('releases/r1');
      expect(f.release).toBe('new');
      expect(readdirSync(layout.releases, { withFileTypes: true }).map((d) => d.name)).toEqual(['r1']);
    } finally {
      await lease.release();
    }
  });

  it('a take that finds the lock held runs nothing of the prepare', async () => {
    mkdirSync(join(layout.releases, '.partial-r0.other'), { recursive: true });
    mkdirSync(layout.lock, { recursive: true });
    writeFileSync(join(layout.lock, 'token'), 'other');
    writeFileSync(join(layout.lock, 'expires'), String(Math.floor(Date.now() / 1000) + 600));
    const s = localSession();
    await expect(
      acquireLease(conn, s.endpoint, layout, holder, lockOptions, memoryLogger(), {
        session: s,
        then: (token) => prepareBody(layout, layout.release('r2'), token),
      }),
    ).rejects.toThrow(/another deploy holds the lock/);
    expect(readdirSync(layout.releases)).toEqual(['.partial-r0.other']);
  });

  it('switch, log line and state in one guarded script; a lease lost just before leaves current alone', async () => {
    for (const id of ['r1', 'r2']) mkdirSync(layout.release(id), { recursive: true });
    symlinkSync('releases/r1', layout.current);
    const s = localSession();
    const log = memoryLogger();
    const lease = await acquireLease(conn, s.endpoint, layout, holder, lockOptions, log, { session: s });
    try {
      s.calls.length = 0;
      const entry = { status: 'deployed' as const, release: 'r2', previous: 'r1', live: 'r2', ...run };
      const done = await switchAndLog(s, layout, 'r2', entry);
      expect(s.calls).toHaveLength(1);
      expect(done.logged).toBe(true);
      expect(done.state.current).toBe('r2');
      expect(done.state.entries.at(-1)).toMatchObject({ release: 'r2', status: 'deployed' });
      expect(readlinkSync(layout.current)).toBe('releases/r2');
      // Another run takes the lock (as if it had broken it): the next switch refuses, nothing switched or logged.
      writeFileSync(join(layout.lock, 'token'), 'thief');
      const lines = readFileSync(layout.log, 'utf8');
      await expect(
        switchAndLog(s, layout, 'r1', { ...entry, release: 'r1', previous: 'r2', live: 'r1' }),
      ).rejects.toThrow(/no longer holds the deploy lock.*nothing was switched/);
      expect(readlinkSync(layout.current)).toBe('releases/r2');
      expect(readFileSync(layout.log, 'utf8')).toBe(lines);
      expect(lease.lost).toMatch(/no longer holds/);
      // And it stays refused without asking the host again.
      await expect(switchTo(s, layout, 'r1')).rejects.toThrow(/nothing was switched/);
      expect(readlinkSync(layout.current)).toBe('releases/r2');
    } finally {
      await lease.release();
    }
    // The thief's lock is not released by this run's token.
    expect(readFileSync(join(layout.lock, 'token'), 'utf8')).toBe('thief');
  });

  it('a switch to a release that is not there fails and leaves current alone', async () => {
    mkdirSync(layout.release('r1'), { recursive: true });
    symlinkSync('releases/r1', layout.current);
    const s = localSession();
    const lease = await acquireLease(conn, s.endpoint, layout, holder, lockOptions, memoryLogger(), {
      session: s,
    });
    try {
      await expect(switchTo(s, layout, 'nope')).rejects.toThrow(/switching current to nope/);
      expect(readlinkSync(layout.current)).toBe('releases/r1');
    } finally {
      await lease.release();
    }
    expect(existsSync(layout.lock)).toBe(false);
  });
});

describe('the end of a deploy in the switch’s round trip (#16: fewer round trips over a long link)', () => {
  const holder = { run: 'o/r#1.1', actor: 'me', release: 'r5' };
  const conn = {} as Connection;
  const lockOptions = { waitMs: 0, ttlMs: 60_000 };
  const run = { id: 'o/r#1.1', actor: 'me', sha: 'abc', repository: 'o/r' };
  const manifest = JSON.stringify({
    keel: 1,
    files: [
      { path: 'a.py', type: 'file', mode: 0o644, size: 1, hash: 'x' },
      { path: 'lib', type: 'dir', mode: 0o755, size: 0, hash: '' },
    ],
  });

  /** r1..r4 deployed in that order (the log says so), r4 live; each with a manifest. */
  function fourReleases() {
    for (const id of ['r1', 'r2', 'r3', 'r4']) {
      mkdirSync(join(layout.release(id), '.keel'), { recursive: true });
      mkdirSync(join(layout.release(id), 'lib'), { recursive: true });
      writeFileSync(join(layout.release(id), '.keel/files.json'), manifest);
      writeFileSync(join(layout.release(id), 'a.py'), id);
    }
    mkdirSync(layout.shared, { recursive: true });
    symlinkSync(`${layout.shared}/media`, join(layout.release('r4'), 'media'));
    symlinkSync('releases/r4', layout.current);
    let prev: string | null = null;
    const lines = ['r1', 'r2', 'r3', 'r4'].map((id, i) => {
      const line = JSON.stringify({
        time: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
        status: 'deployed',
        release: id,
        previous: prev,
        live: id,
      });
      prev = id;
      return line;
    });
    mkdirSync(layout.meta, { recursive: true });
    writeFileSync(layout.log, lines.join('\n') + '\n');
  }

  async function take(s: SshSession, log = memoryLogger()) {
    const lease = await acquireLease(conn, s.endpoint, layout, holder, lockOptions, log, {
      session: s,
      then: (token) =>
        prepareBody(layout, layout.release('r5'), token, { state: true, copy: layout.partial('r5', token) }),
    });
    return { lease, prepared: readPrepared(lease.firstOutput!) };
  }

  const entry = { status: 'deployed' as const, release: 'r5', previous: 'r4', live: 'r5', ...run };

  it('the take also reads the state and copies the live release (hard links), listed: one script', async () => {
    fourReleases();
    const s = localSession();
    const { lease, prepared } = await take(s);
    try {
      expect(s.calls).toHaveLength(1);
      expect(prepared.facts.release).toBe('new');
      expect(prepared.copied?.id).toBe('r4');
      expect(prepared.copied?.listing).toBe(`media\0${layout.shared}/media\0`);
      const copy = layout.partial('r5', lease.token);
      expect(statSync(join(copy, 'a.py')).ino).toBe(statSync(join(layout.release('r4'), 'a.py')).ino);
      const state = parseState(prepared.state!, layout);
      expect(state.current).toBe('r4');
      expect(state.releases.map((r) => r.id)).toEqual(['r1', 'r2', 'r3', 'r4']);
      expect(state.entries).toHaveLength(4);
    } finally {
      await lease.release();
    }
  });

  it('a `current` that is not releases/ID (absolute, outside, a partial) gets no copy', async () => {
    fourReleases();
    for (const target of [
      '/etc',
      '../../etc',
      `${layout.releases}/r4`,
      'releases/.partial-r4.x',
      'releases/r4/lib',
    ]) {
      rmSync(layout.current);
      symlinkSync(target, layout.current);
      mkdirSync(join(layout.releases, '.partial-r4.x', '.keel'), { recursive: true });
      writeFileSync(join(layout.releases, '.partial-r4.x', '.keel/files.json'), manifest);
      const s = localSession();
      const { lease, prepared } = await take(s);
      try {
        expect(prepared.copied).toBeUndefined();
        expect(existsSync(layout.partial('r5', lease.token))).toBe(false);
      } finally {
        await lease.release();
      }
    }
  });

  it('switch, log line, prune (by the log, from the state read at the take) and release: one script', async () => {
    fourReleases();
    mkdirSync(layout.release('r5'), { recursive: true });
    const s = localSession();
    const { lease, prepared } = await take(s);
    // r5 is there already (as after the upload): the take made no copy for it.
    expect(prepared.copied).toBeUndefined();
    let told = false;
    lease.onReleased = () => (told = true);
    s.calls.length = 0;
    // r1 is the newest *name* order would keep last; by the log it is the oldest and goes first.
    const doomed = pruneAfterSwitch(parseState(prepared.state!, layout), 'r5', 'r4', 3, ['r5', 'r4']);
    expect(doomed).toEqual(['r1', 'r2']);
    const done = await switchLogPruneRelease(s, layout, 'r5', entry, doomed, true);
    expect(s.calls).toHaveLength(1);
    expect(done).toMatchObject({ logged: true, pruned: true, released: true, removed: ['r1', 'r2'] });
    expect(readlinkSync(layout.current)).toBe('releases/r5');
    expect(readdirSync(layout.releases).sort()).toEqual(['r3', 'r4', 'r5']);
    expect(JSON.parse(readFileSync(layout.log, 'utf8').trim().split('\n').pop()!)).toMatchObject({
      release: 'r5',
      previous: 'r4',
    });
    expect(existsSync(layout.lock)).toBe(false);
    expect(told).toBe(true);
    // Released once: the lease's own release asks the host nothing more.
    expect(await lease.release()).toBe(false);
    expect(s.calls).toHaveLength(1);
  });

  it('a lease stolen just before the switch: nothing switched, logged, pruned or released', async () => {
    fourReleases();
    mkdirSync(layout.release('r5'), { recursive: true });
    const s = localSession();
    const { lease, prepared } = await take(s);
    const log = readFileSync(layout.log, 'utf8');
    writeFileSync(join(layout.lock, 'token'), 'thief');
    const doomed = pruneAfterSwitch(parseState(prepared.state!, layout), 'r5', 'r4', 1, ['r5', 'r4']);
    expect(doomed).toEqual(['r1', 'r2', 'r3']);
    await expect(switchLogPruneRelease(s, layout, 'r5', entry, doomed, true)).rejects.toThrow(
      /no longer holds the deploy lock.*nothing was switched/,
    );
    expect(readlinkSync(layout.current)).toBe('releases/r4');
    expect(readFileSync(layout.log, 'utf8')).toBe(log);
    expect(readdirSync(layout.releases).filter((d) => !d.startsWith('.'))).toEqual([
      'r1',
      'r2',
      'r3',
      'r4',
      'r5',
    ]);
    expect(readFileSync(join(layout.lock, 'token'), 'utf8')).toBe('thief');
    await lease.release();
    expect(readFileSync(join(layout.lock, 'token'), 'utf8')).toBe('thief');
  });

  it('a release a process works in right now is kept, though the take-time state did not see it in use', async () => {
    fourReleases();
    mkdirSync(layout.release('r5'), { recursive: true });
    const s = localSession();
    const { lease, prepared } = await take(s);
    const doomed = pruneAfterSwitch(parseState(prepared.state!, layout), 'r5', 'r4', 1, ['r5', 'r4']);
    const sleeper = spawn('sleep', ['30'], { cwd: layout.release('r2'), stdio: 'ignore' });
    try {
      await new Promise((r) => sleeper.once('spawn', r));
      const done = await switchLogPruneRelease(s, layout, 'r5', entry, doomed, true);
      expect(done.removed).toEqual(['r1', 'r3']);
      expect(done.kept).toEqual(['r2']);
      expect(existsSync(layout.release('r2'))).toBe(true);
      expect(done.released).toBe(true);
    } finally {
      sleeper.kill();
      await lease.release();
    }
  });

  it('a log line that cannot be written: switched, but nothing pruned and the lock still held', async () => {
    fourReleases();
    mkdirSync(layout.release('r5'), { recursive: true });
    const s = localSession();
    const { lease, prepared } = await take(s);
    rmSync(layout.log);
    mkdirSync(layout.log); // printf >> a folder fails
    const doomed = pruneAfterSwitch(parseState(prepared.state!, layout), 'r5', 'r4', 1, ['r5', 'r4']);
    const done = await switchLogPruneRelease(s, layout, 'r5', entry, doomed, true);
    expect(done).toMatchObject({ logged: false, pruned: false, released: false, removed: [] });
    expect(readlinkSync(layout.current)).toBe('releases/r5');
    expect(readdirSync(layout.releases).filter((d) => !d.startsWith('.'))).toEqual([
      'r1',
      'r2',
      'r3',
      'r4',
      'r5',
    ]);
    expect(readFileSync(join(layout.lock, 'token'), 'utf8')).toBe(lease.token);
    expect(await lease.release()).toBe(true);
    expect(existsSync(layout.lock)).toBe(false);
  });
});
