/**
 * keel's Gunicorn hooks on a HUP, run with the real Gunicorn (Debian's, /usr/bin/gunicorn) on this machine:
 * the old workers keep serving until their replacements have imported the app, then retire one per ready new
 * worker, and the master always ends at exactly `workers`. An app whose import takes seconds makes a request
 * that waits for the import show (each request must be answered well under the import time). The hostile
 * cases: TTOUs that coalesce (the master stopped while both new workers signal it), a second HUP mid-hold, a
 * new worker that hangs in its import past `timeout`, max_requests recycling during the hold, workers: 1, a
 * garbage hold file, a symlink planted where the hold file goes.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { mkdirSync, renameSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { GUNICORN_HOOKS, HOOKS_SIGNATURE } from '../../src/reload/hooks.js';
import { until } from '../support/wait.js';

const GUNICORN = '/usr/bin/gunicorn';
const RECORDS = `/dev/shm/${HOOKS_SIGNATURE}.${process.geteuid!()}`;

// The app: it imports in the seconds an IMPORT file in its release says; "hang-once" makes the first worker
// to import hang (until Gunicorn's timeout kills it) and the others take 2 s. It answers "<release> <pid>".
const APP = `import os, time
from pathlib import Path
here = Path(__file__).resolve().parent
spec = (here / "IMPORT").read_text().strip() if (here / "IMPORT").exists() else "0"
if spec == "hang-once":
    try:
        os.close(os.open(str(here / "hung"), os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        time.sleep(3600)
    except FileExistsError:
        time.sleep(2)
else:
    time.sleep(float(spec))
def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [("%s %d" % (here.name, os.getpid())).encode()]
`;

interface Answer {
  at: number;
  ms: number;
  release: string;
  ok: boolean;
}

class Site {
  readonly dir = mkdtempSync(join(tmpdir(), 'keel-hup-'));
  readonly sock = join(this.dir, 'g.sock');
  private proc: ChildProcess | undefined;
  log = '';

  constructor(private readonly settings: Record<string, string | number>) {}

  release(id: string, importSpec: string | number, switchTo = true): void {
    const d = join(this.dir, 'releases', id);
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, 'app.py'), APP);
    writeFileSync(join(d, 'IMPORT'), String(importSpec));
    if (switchTo) {
      symlinkSync(`releases/${id}`, join(this.dir, 'current.tmp'));
      renameSync(join(this.dir, 'current.tmp'), join(this.dir, 'current'));
    }
  }

  async start(workers: number): Promise<void> {
    const conf = [
      `chdir = ${JSON.stringify(join(this.dir, 'current'))}`,
      `bind = [${JSON.stringify(`unix:${this.sock}`)}]`,
      `workers = ${workers}`,
      'graceful_timeout = 5',
      'worker_tmp_dir = "/dev/shm"',
      ...Object.entries(this.settings).map(([k, v]) => `${k} = ${v}`),
      '',
      GUNICORN_HOOKS,
    ].join('\n');
    writeFileSync(join(this.dir, 'gunicorn.conf.py'), conf);
    this.proc = spawn(GUNICORN, ['--config', join(this.dir, 'gunicorn.conf.py'), 'app:app'], {
      cwd: this.dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.proc.stdout!.on('data', (b: Buffer) => (this.log += b.toString()));
    this.proc.stderr!.on('data', (b: Buffer) => (this.log += b.toString()));
    if (!(await until(() => this.workers().length === workers && this.recorded() === workers, 30_000)))
      throw new Error(`Gunicorn did not start ${workers} workers:\n${this.log}`);
  }

  get master(): number {
    return this.proc!.pid!;
  }

  workers(): number[] {
    try {
      return execFileSync('pgrep', ['-P', String(this.master)])
        .toString()
        .split('\n')
        .filter(Boolean)
        .map(Number);
    } catch {
      return [];
    }
  }

  /** How many of the workers have recorded that they imported the app. */
  recorded(): number {
    return this.workers().filter((pid) => existsSync(`${RECORDS}/${pid}`)).length;
  }

  /** The release each worker recorded it loaded. */
  loaded(): string[] {
    return this.workers().map((pid) => {
      try {
        const record = JSON.parse(readFileSync(`${RECORDS}/${pid}`, 'utf8')) as { release: string };
        return record.release.split('/').pop()!;
      } catch {
        return ''; // still importing, or gone meanwhile
      }
    });
  }

  signal(sig: NodeJS.Signals): void {
    process.kill(this.master, sig);
  }

  get holdFile(): string {
    return `${RECORDS}/hold.${this.master}`;
  }

  /** Waits (bounded) until exactly `n` workers run, all recorded on `release`, and no hold file is left. */
  async settled(n: number, release: string, ms = 30_000): Promise<boolean> {
    return until(() => {
      const w = this.workers();
      if (w.length !== n || this.recorded() !== n) return false;
      return this.loaded().every((r) => r === release) && !existsSync(this.holdFile);
    }, ms);
  }

  get(timeoutMs = 15_000): Promise<Answer> {
    const at = Date.now();
    return new Promise((resolve) => {
      const req = request({ socketPath: this.sock, path: '/', timeout: timeoutMs }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () =>
          resolve({ at, ms: Date.now() - at, release: body.split(' ')[0]!, ok: res.statusCode === 200 }),
        );
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => resolve({ at, ms: Date.now() - at, release: '', ok: false }));
      req.end();
    });
  }

  /** A client asking every 50 ms (one request at a time) while `body` runs. */
  async underClient(body: () => Promise<void>): Promise<Answer[]> {
    const answers: Answer[] = [];
    let stop = false;
    const loop = (async () => {
      while (!stop) {
        answers.push(await this.get());
        await sleep(50);
      }
    })();
    try {
      await body();
    } finally {
      stop = true;
      await loop;
    }
    return answers;
  }

  async stop(): Promise<void> {
    if (this.proc && this.proc.exitCode === null && this.proc.signalCode === null) {
      const exited = new Promise((r) => this.proc!.once('exit', r));
      this.signal('SIGCONT');
      this.signal('SIGQUIT');
      await Promise.race([exited, sleep(15_000, undefined, { ref: false })]);
      if (this.proc.exitCode === null && this.proc.signalCode === null) this.signal('SIGKILL');
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * The releases that answered, in the order each first answered, the last one answering last: ['r1', 'r2'] is
 * r1 first, then r2 as well (while old and new workers both serve, answers alternate), r2 at the end.
 */
const runs = (answers: Answer[]) => {
  const order = [...new Set(answers.map((a) => a.release))];
  const last = answers.at(-1)!.release;
  return last === order.at(-1) ? order : [...order, `and ${last} last`];
};

const slowest = (answers: Answer[]) => Math.max(...answers.map((a) => a.ms));

describe("keel's hooks keep the old workers serving through a HUP (real Gunicorn)", () => {
  let site: Site | undefined;
  afterEach(async () => {
    await site?.stop();
    site = undefined;
  });

  it.each([2, 1])(
    'workers: %i, an import of 3 s: no request waits for it; the old release answers until the new workers are up, then the new one; exactly `workers` remain',
    async (n) => {
      site = new Site({ timeout: 30 });
      site.release('r1', 0);
      await site.start(n);
      site.release('r2', 3);
      let hupAt = 0;
      const answers = await site.underClient(async () => {
        await sleep(500);
        hupAt = Date.now();
        site!.signal('SIGHUP');
        expect(await site!.settled(n, 'r2')).toBe(true);
        await sleep(500);
      });
      expect(answers.filter((a) => !a.ok)).toEqual([]);
      // Each request answered well under the import time: none waited in the backlog for it.
      expect(slowest(answers)).toBeLessThan(1500);
      expect(runs(answers)).toEqual(['r1', 'r2']);
      // The old workers answered while the new ones imported (3 s).
      expect(answers.filter((a) => a.release === 'r1' && a.at > hupAt + 2000).length).toBeGreaterThan(0);
      expect(site.log).toMatch(/keel: \d old worker\(s\) serve until/);
    },
  );

  it('TTOUs that coalesce or are lost (the master stopped while both new workers signal it; SIGCONT discards a pending TTOU) still end at exactly `workers`', async () => {
    site = new Site({ timeout: 30 });
    site.release('r1', 0);
    await site.start(2);
    site.release('r2', 2);
    const answers = await site.underClient(async () => {
      await sleep(300);
      site!.signal('SIGHUP');
      // The new workers are forked: stop the master, so both TTOUs are pending at once (one signal).
      expect(await until(() => site!.workers().length === 4, 5_000, 20)).toBe(true);
      site!.signal('SIGSTOP');
      try {
        expect(
          await until(() => readFileSync(site!.holdFile, 'utf8').split(' ')[1] === '2', 10_000, 50),
        ).toBe(true);
        await sleep(500);
      } finally {
        site!.signal('SIGCONT');
      }
      expect(await site!.settled(2, 'r2')).toBe(true);
    });
    expect(answers.filter((a) => !a.ok)).toEqual([]);
    expect(runs(answers)).toEqual(['r1', 'r2']);
    expect(slowest(answers)).toBeLessThan(1500);
    // And it stays there.
    await sleep(1500);
    expect(site.workers()).toHaveLength(2);
  });

  it('a second HUP mid-hold: the serving workers keep serving, and it ends with exactly `workers`, all on the last release', async () => {
    site = new Site({ timeout: 30 });
    site.release('r1', 0);
    await site.start(2);
    site.release('r2', 3);
    const answers = await site.underClient(async () => {
      await sleep(300);
      site!.signal('SIGHUP');
      await sleep(1500);
      site!.release('r3', 3);
      site!.signal('SIGHUP');
      expect(await site!.settled(2, 'r3')).toBe(true);
      await sleep(300);
    });
    expect(answers.filter((a) => !a.ok)).toEqual([]);
    expect(slowest(answers)).toBeLessThan(1500);
    expect(runs(answers)[0]).toBe('r1');
    expect(runs(answers).at(-1)).toBe('r3');
    await sleep(1500);
    expect(site.workers()).toHaveLength(2);
  });

  it('a new worker that hangs in its import past `timeout`: the old workers keep serving, Gunicorn kills and replaces it', async () => {
    site = new Site({ timeout: 4 });
    site.release('r1', 0);
    await site.start(2);
    site.release('r2', 'hang-once');
    let settledAt = 0;
    const answers = await site.underClient(async () => {
      await sleep(300);
      site!.signal('SIGHUP');
      expect(await site!.settled(2, 'r2', 40_000)).toBe(true);
      settledAt = Date.now();
      await sleep(300);
    });
    expect(site.log).toMatch(/WORKER TIMEOUT/);
    expect(answers.filter((a) => !a.ok)).toEqual([]);
    expect(slowest(answers)).toBeLessThan(1500);
    // One old worker serves beside the new one that is up until the hung one's replacement is up too.
    expect(runs(answers)[0]).toBe('r1');
    expect(answers.filter((a) => a.at > settledAt).map((a) => a.release)).not.toContain('r1');
  });

  it('max_requests recycling waits during the hold (no request waits for a recycled worker to import), and goes on after it', async () => {
    site = new Site({ timeout: 30, max_requests: 40, max_requests_jitter: 0 });
    site.release('r1', 0);
    await site.start(2);
    // The old workers near their limit (38 requests: neither can reach 40 yet), so that without the wait one
    // of them recycles during the hold (about 50 more requests), and its replacement imports for 3 s too.
    for (let i = 0; i < 38; i++) await site.get();
    site.release('r2', 3);
    const answers = await site.underClient(async () => {
      site!.signal('SIGHUP');
      expect(await site!.settled(2, 'r2')).toBe(true);
    });
    expect(answers.filter((a) => !a.ok)).toEqual([]);
    expect(slowest(answers)).toBeLessThan(1500);
    expect(site.log).not.toMatch(/Autorestarting worker/);
    // Afterwards recycling goes on as configured.
    for (let i = 0; i < 100 && !/Autorestarting worker/.test(site.log); i++) await site.get();
    expect(site.log).toMatch(/Autorestarting worker/);
  });

  it('an old worker that exits during the hold (recycled, killed) is replaced by one that claims too: exactly `workers` at the end', async () => {
    site = new Site({ timeout: 30 });
    site.release('r1', 0);
    await site.start(2);
    const old = site.workers();
    site.release('r2', 3);
    const answers = await site.underClient(async () => {
      site!.signal('SIGHUP');
      await sleep(1000);
      process.kill(old[0]!, 'SIGTERM');
      expect(await site!.settled(2, 'r2')).toBe(true);
    });
    expect(answers.filter((a) => !a.ok)).toEqual([]);
    expect(slowest(answers)).toBeLessThan(1500);
    await sleep(1500);
    expect(site.workers()).toHaveLength(2);
  });

  it('a garbage hold file ends the hold (the old workers retire, as Gunicorn does): no worker or master stops', async () => {
    site = new Site({ timeout: 30 });
    site.release('r1', 0);
    await site.start(2);
    site.release('r2', 2);
    site.signal('SIGHUP');
    expect(await until(() => existsSync(site!.holdFile), 5_000, 20)).toBe(true);
    writeFileSync(site.holdFile, 'not a hold\n');
    expect(await site.settled(2, 'r2')).toBe(true);
    expect(site.log).toMatch(/keel: .*the hold file holds/);
    expect(site.log).toMatch(/keel: the old workers retire at once/);
    expect((await site.get()).ok).toBe(true);
  });

  it('a symlink planted where the hold file goes is replaced, never followed', async () => {
    site = new Site({ timeout: 30 });
    site.release('r1', 0);
    await site.start(2);
    const target = join(site.dir, 'target');
    writeFileSync(target, 'untouched\n');
    symlinkSync(target, site.holdFile);
    site.release('r2', 2);
    const answers = await site.underClient(async () => {
      site!.signal('SIGHUP');
      expect(await site!.settled(2, 'r2')).toBe(true);
    });
    expect(readFileSync(target, 'utf8')).toBe('untouched\n');
    expect(slowest(answers)).toBeLessThan(1500);
    expect(runs(answers)).toEqual(['r1', 'r2']);
  });

  it("TTIN/TTOU without a HUP (keel's rolling) are left alone: Gunicorn counts them as always", async () => {
    site = new Site({ timeout: 30 });
    site.release('r1', 0);
    await site.start(2);
    site.signal('SIGTTIN');
    expect(await until(() => site!.workers().length === 3 && site!.recorded() === 3, 10_000)).toBe(true);
    site.signal('SIGTTOU');
    expect(await until(() => site!.workers().length === 2, 10_000)).toBe(true);
    site.signal('SIGTTOU');
    expect(await until(() => site!.workers().length === 1, 10_000)).toBe(true);
    expect(readlinkSync(join(site.dir, 'current'))).toBe('releases/r1');
    expect(site.log).not.toMatch(/keel: /);
  });
});
