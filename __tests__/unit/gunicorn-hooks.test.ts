/**
 * keel's Gunicorn worker hooks under a real Gunicorn on this machine (Debian's /usr/bin/gunicorn and the sample
 * app): each worker imports the release `current` pointed to when it was forked and records it, a switch of
 * `current` afterwards changes nothing for it, TTIN workers load the new release, and the records go with the
 * workers. The reload side of it runs against the test hosts (__tests__/hosts/reload-graceful.test.ts).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdirSync, copyFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GUNICORN_HOOKS, ROLLING_PAUSE_FILE } from '../../src/reload/hooks.js';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseRecord } from '../../src/reload/workers.js';
import { isNewGeneration } from '../../src/reload/gunicorn.js';
import { repoRoot } from '../support/paths.js';

const gunicorn = '/usr/bin/gunicorn';
const have = existsSync(gunicorn);

async function until<T>(what: string, probe: () => T | undefined, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

(have ? describe : describe.skip)('the Gunicorn hooks (a real Gunicorn)', () => {
  let dir: string;
  let master: ChildProcess;
  const records = `/dev/shm/keel-workers.${process.getuid!()}`;
  const workers = (): number[] =>
    execFileSync('bash', ['-c', `pgrep -P ${master.pid} || true`], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  const record = (pid: number) => {
    const f = join(records, String(pid));
    return existsSync(f) ? parseRecord(readFileSync(f, 'utf8')) : undefined;
  };
  const switchTo = (id: string) => {
    symlinkSync(`releases/${id}`, join(dir, '.cur'));
    renameSync(join(dir, '.cur'), join(dir, 'current'));
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'keel hooks "$x" ')); // a path with spaces, quotes and a dollar
    for (const id of ['r2', 'r10']) {
      mkdirSync(join(dir, 'releases', id), { recursive: true });
      copyFileSync(join(repoRoot, 'examples/sample-app/app.py'), join(dir, 'releases', id, 'app.py'));
      writeFileSync(join(dir, 'releases', id, 'RELEASE'), `${id}\n`);
    }
    switchTo('r2');
    writeFileSync(join(dir, 'gunicorn.conf.py'), `workers = 2\n\n${GUNICORN_HOOKS}`);
    master = spawn(
      gunicorn,
      ['-c', join(dir, 'gunicorn.conf.py'), '--chdir', join(dir, 'current'), '-b', '127.0.0.1:0', 'app:app'],
      { stdio: 'ignore' },
    );
    await until('2 recorded workers', () => (workers().filter(record).length === 2 ? true : undefined));
  });

  afterAll(async () => {
    master.kill('SIGTERM');
    await until('the master to exit', () =>
      master.exitCode !== null || master.signalCode ? true : undefined,
    );
    rmSync(dir, { recursive: true, force: true });
  });

  it('each worker records the resolved release it imported, its start time and the configured count', () => {
    for (const pid of workers()) {
      const rec = record(pid)!;
      expect(rec).toMatchObject({ pid, release: join(dir, 'releases', 'r2'), workers: 2 });
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      expect(rec.start).toBe(Number(stat[19]));
    }
    expect(statSync(records).mode & 0o777).toBe(0o755);
    for (const pid of workers()) expect(statSync(join(records, String(pid))).mode & 0o777).toBe(0o644);
  });

  it('a switch of current changes nothing for running workers; a TTIN worker loads the new release; TTOU retires the oldest and its record goes', async () => {
    const old = workers();
    switchTo('r10');
    for (const pid of old) expect(record(pid)!.release).toBe(join(dir, 'releases', 'r2'));
    process.kill(master.pid!, 'SIGTTIN');
    const fresh = await until('a third recorded worker', () =>
      workers().find((p) => !old.includes(p) && record(p)),
    );
    expect(record(fresh)!.release).toBe(join(dir, 'releases', 'r10'));
    expect(record(fresh)!.workers).toBe(2); // the configured count, not the 3 running
    process.kill(master.pid!, 'SIGTTOU');
    const oldest = Math.min(...old);
    await until('the oldest worker to go', () => (workers().includes(oldest) ? undefined : true));
    await until('its record to go', () => (existsSync(join(records, String(oldest))) ? undefined : true));
  });
});

/** A free TCP port on 127.0.0.1 (asked of the kernel, then released). */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

(have ? describe : describe.skip)(
  "the Gunicorn hooks: max_requests waits while a rolling reload's file says so",
  () => {
    let dir: string;
    let master: ChildProcess;
    let port: number;
    const pause = () => join(dir, ROLLING_PAUSE_FILE);
    const worker = (): number[] =>
      execFileSync('bash', ['-c', `pgrep -P ${master.pid} || true`], { encoding: 'utf8' })
        .split('\n')
        .filter(Boolean)
        .map(Number);
    const get = async (n: number) => {
      for (let i = 0; i < n; i++) await (await fetch(`http://127.0.0.1:${port}/healthz`)).text();
    };
    /** Sends `n` requests one by one; returns the worker PIDs seen before and after (one worker configured). */
    const across = async (n: number) => {
      const before = await until('one worker', () => (worker().length === 1 ? worker()[0] : undefined));
      await sleep(1100); // the hook reads the file at most once a second
      await get(n);
      const after = await until('one worker', () => (worker().length === 1 ? worker()[0] : undefined));
      return { before, after };
    };

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'keel hooks pause $x '));
      mkdirSync(join(dir, 'releases', 'r1'), { recursive: true });
      copyFileSync(join(repoRoot, 'examples/sample-app/app.py'), join(dir, 'releases', 'r1', 'app.py'));
      writeFileSync(join(dir, 'releases', 'r1', 'RELEASE'), 'r1\n');
      symlinkSync('releases/r1', join(dir, 'current'));
      writeFileSync(join(dir, 'gunicorn.conf.py'), `workers = 1\nmax_requests = 3\n\n${GUNICORN_HOOKS}`);
      port = await freePort();
      master = spawn(
        gunicorn,
        [
          '-c',
          join(dir, 'gunicorn.conf.py'),
          '--chdir',
          join(dir, 'current'),
          '-b',
          `127.0.0.1:${port}`,
          'app:app',
        ],
        { stdio: 'ignore' },
      );
      const end = Date.now() + 15_000;
      for (;;) {
        const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
          () => true,
          () => false,
        );
        if (ok) break;
        if (Date.now() > end) throw new Error('gunicorn did not answer');
        await sleep(100);
      }
    });

    afterAll(async () => {
      master.kill('SIGTERM');
      await until('the master to exit', () =>
        master.exitCode !== null || master.signalCode ? true : undefined,
      );
      rmSync(dir, { recursive: true, force: true });
    });

    it('without the file a worker recycles after max_requests (the control)', async () => {
      const { before, after } = await across(4);
      expect(after).not.toBe(before);
    });

    it('with a deadline ahead, 10 requests on a max_requests = 3 worker leave it in place; once the file is gone it recycles', async () => {
      writeFileSync(pause(), `${Math.floor(Date.now() / 1000) + 120}\n`);
      const paused = await across(10);
      expect(paused.after).toBe(paused.before);
      rmSync(pause());
      const resumed = await across(4);
      expect(resumed.after).not.toBe(resumed.before);
    });

    it.each([
      ['a deadline passed (keel was killed mid-roll)', () => `${Math.floor(Date.now() / 1000) - 5}\n`],
      ['garbage', () => 'soon; rm -rf /\n'],
    ])('a file holding %s pauses nothing', async (_what, content) => {
      writeFileSync(pause(), content());
      try {
        const { before, after } = await across(4);
        expect(after).not.toBe(before);
      } finally {
        rmSync(pause(), { force: true });
      }
    });
  },
);

describe('worker records and generations', () => {
  it('parses a record and refuses anything else', () => {
    expect(parseRecord('{"pid": 5, "start": 9, "release": "/srv/a/releases/r1", "workers": 3}')).toEqual({
      pid: 5,
      start: 9,
      release: '/srv/a/releases/r1',
      workers: 3,
    });
    for (const bad of ['', '{', 'null', '[]', '{"pid": "5", "start": 9, "release": "x", "workers": 3}'])
      expect(parseRecord(bad)).toBeUndefined();
  });

  it('a new generation has exactly the expected count, and none of the old workers', () => {
    const m = { pid: 1, start: 1 };
    const before = { master: m, workers: [2, 3, 4, 5].map((pid) => ({ pid, start: pid })) }; // drifted: 4
    const g = (...pids: number[]) => ({ master: m, workers: pids.map((pid) => ({ pid, start: pid + 100 })) });
    expect(isNewGeneration(before, g(6, 7, 8), true, 3)).toBe(true);
    expect(isNewGeneration(before, g(6, 7, 8, 9), true, 3)).toBe(false);
    expect(isNewGeneration(before, g(6, 7), true, 3)).toBe(false);
    // A reused PID with another start time is a new worker; the same (pid, start) is an old one.
    expect(
      isNewGeneration(before, { master: m, workers: [{ pid: 2, start: 2 }, ...g(7, 8).workers] }, true, 3),
    ).toBe(false);
    expect(
      isNewGeneration(before, { master: m, workers: [{ pid: 2, start: 99 }, ...g(7, 8).workers] }, true, 3),
    ).toBe(true);
  });
});
