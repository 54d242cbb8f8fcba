/**
 * The rolling reload's rule (nextStep), against a model of what Gunicorn's master does with TTIN (forks one
 * more worker, which imports the release `current` points to) and TTOU (terminates the oldest worker): from
 * every starting point, including a drifted count and a rollback with a slow new worker still importing, it
 * ends with exactly `count` workers on the target, and no TTOU ever leaves fewer than `count` workers up.
 */
import type { Generation, Proc } from '../../src/reload/gunicorn.js';
import { procId } from '../../src/reload/gunicorn.js';
import { nextStep, RollProgress, type Target } from '../../src/reload/rolling.js';
import type { WorkerRecord } from '../../src/reload/workers.js';

const A = '/srv/app/releases/20261201T1200Z-a'; // the release running
const B = '/srv/app/releases/20261130T0900Z-b'; // the target (its name sorts first)

interface Worker {
  proc: Proc;
  release: string;
  /** Steps left until it has imported the app; Infinity: never within the run. */
  importing: number;
}

class Model {
  workers: Worker[] = [];
  private next = 100;
  constructor(public current: string) {}
  spawn(release = this.current, importing = 1): void {
    this.next += 1;
    this.workers.push({ proc: { pid: this.next, start: this.next }, release, importing });
  }
  ttin(): void {
    this.spawn(this.current, 1);
  }
  ttou(): void {
    this.workers.sort((a, b) => a.proc.start - b.proc.start).shift();
  }
  tick(): void {
    for (const w of this.workers) if (w.importing > 0) w.importing -= 1;
  }
  generation(): Generation {
    return { master: { pid: 1, start: 1 }, workers: this.workers.map((w) => w.proc) };
  }
  records(): Map<string, WorkerRecord> {
    return new Map(
      this.workers
        .filter((w) => w.importing === 0)
        .map((w) => [
          procId(w.proc),
          { pid: w.proc.pid, start: w.proc.start, release: w.release, workers: 3 },
        ]),
    );
  }
  up(): number {
    return this.workers.filter((w) => w.importing === 0).length;
  }
}

/** Runs the rule to the end; returns the signals sent and the fewest workers up right after a TTOU. */
function run(
  m: Model,
  target: Target,
  count: number,
  burst = false,
): { signals: string[]; minUpAfterTtou: number; maxWorkers: number } {
  const atStart = new Set(m.workers.map((w) => procId(w.proc)));
  const signals: string[] = [];
  let minUpAfterTtou = Infinity;
  let maxWorkers = m.workers.length;
  for (let i = 0; i < 200; i++) {
    const step = nextStep(m.generation(), m.records(), target, count, atStart, burst);
    maxWorkers = Math.max(maxWorkers, m.workers.length);
    if (step.kind === 'done') return { signals, minUpAfterTtou, maxWorkers };
    signals.push(step.kind);
    if (step.kind === 'TTOU') {
      m.ttou();
      minUpAfterTtou = Math.min(minUpAfterTtou, m.up());
    } else if (step.kind === 'TTIN') m.ttin();
    m.tick();
  }
  throw new Error(`no end: ${signals.join(' ')}`);
}

const target: Target = { dir: B, id: undefined };

describe('the rolling rule (nextStep)', () => {
  it('a normal roll: one TTIN, wait for the import, one TTOU, per worker; never fewer than 3 up', () => {
    const m = new Model(B);
    for (let i = 0; i < 3; i++) m.spawn(A, 0);
    const r = run(m, target, 3);
    expect(r.signals.filter((s) => s !== 'wait')).toEqual(['TTIN', 'TTOU', 'TTIN', 'TTOU', 'TTIN', 'TTOU']);
    expect(r.minUpAfterTtou).toBe(3);
    expect(m.workers.map((w) => w.release)).toEqual([B, B, B]);
  });

  it("a cancelled run's rollback (burst): every replacement added before any import ends, then the old ones leave; never fewer than 3 up", () => {
    const m = new Model(B);
    for (let i = 0; i < 3; i++) m.spawn(A, 0);
    // Each new worker takes 4 steps to import: one at a time, the roll would wait for three imports in a row.
    m.ttin = () => m.spawn(m.current, 4);
    const r = run(m, target, 3, true);
    const firstWait = r.signals.indexOf('wait');
    expect(r.signals.slice(0, firstWait)).toEqual(['TTIN', 'TTIN', 'TTIN']);
    expect(r.signals.filter((s) => s === 'TTIN')).toHaveLength(3);
    expect(r.signals.slice(r.signals.lastIndexOf('wait') + 1)).toEqual(['TTOU', 'TTOU', 'TTOU']);
    expect(r.minUpAfterTtou).toBe(3);
    expect(r.maxWorkers).toBe(6);
    expect(m.workers.map((w) => w.release)).toEqual([B, B, B]);
    // The same start without the burst: three imports waited for one after another.
    const slow = new Model(B);
    for (let i = 0; i < 3; i++) slow.spawn(A, 0);
    slow.ttin = () => slow.spawn(slow.current, 4);
    const one = run(slow, target, 3);
    expect(one.signals.filter((s) => s === 'wait').length).toBeGreaterThan(
      2 * r.signals.filter((s) => s === 'wait').length,
    );
    expect(one.maxWorkers).toBe(4);
  });

  it('a burst with the slow new worker of the bad release still importing, and a drifted count: it still ends with exactly 3 on the target', () => {
    for (const n of [3, 4, 1]) {
      const m = new Model(B);
      for (let i = 0; i < n; i++) m.spawn(B, 0);
      m.spawn(A, Infinity);
      const r = run(m, target, 3, true);
      expect(m.workers).toHaveLength(3);
      expect(m.workers.every((w) => w.release === B && w.importing === 0)).toBe(true);
      expect(r.minUpAfterTtou).toBeGreaterThanOrEqual(Math.min(n, 3));
    }
  });

  it('a worker that is forked but still importing is waited for, never taken for up', () => {
    const m = new Model(B);
    for (let i = 0; i < 3; i++) m.spawn(A, 0);
    m.spawn(B, 5); // forked by an earlier TTIN, importing for 5 more steps
    const step = nextStep(m.generation(), m.records(), target, 3, new Set());
    expect(step.kind).toBe('wait');
  });

  it('drift: 4 workers for a configured 3 end as exactly 3; so do 2', () => {
    for (const n of [4, 2, 6, 1]) {
      const m = new Model(B);
      for (let i = 0; i < n; i++) m.spawn(A, 0);
      const r = run(m, target, 3);
      expect(m.workers).toHaveLength(3);
      expect(m.workers.every((w) => w.release === B)).toBe(true);
      expect(r.minUpAfterTtou).toBeGreaterThanOrEqual(Math.min(n, 3));
    }
  });

  it('a rollback with the slow new worker still importing: the old release keeps 3 workers up, and the slow one leaves', () => {
    const m = new Model(B); // current switched back to B, the release that was running
    for (let i = 0; i < 3; i++) m.spawn(B, 0);
    m.spawn(A, Infinity); // the new release's worker that made the reload time out
    const r = run(m, target, 3);
    expect(m.workers).toHaveLength(3);
    expect(m.workers.every((w) => w.release === B && w.importing === 0)).toBe(true);
    expect(r.minUpAfterTtou).toBe(3);
  });

  it('a worker that loaded a release with the same name under another directory is not the target', () => {
    const m = new Model(B);
    for (let i = 0; i < 3; i++) m.spawn('/elsewhere/releases/20261130T0900Z-b', 0);
    expect(nextStep(m.generation(), m.records(), target, 3, new Set()).kind).toBe('TTIN');
    // By id alone (no deploy path), the directory's last part is the id.
    expect(
      nextStep(m.generation(), m.records(), { dir: undefined, id: '20261130T0900Z-b' }, 3, new Set()).kind,
    ).toBe('done');
  });

  it('no target known: nothing counts as loaded it, and the rule never calls it done', () => {
    const m = new Model(B);
    for (let i = 0; i < 3; i++) m.spawn(B, 0);
    expect(nextStep(m.generation(), m.records(), { dir: undefined, id: undefined }, 3, new Set()).kind).toBe(
      'TTIN',
    );
  });

  it("Gunicorn's max_requests recycling during the roll: a worker already on the new release leaving is said in words, never counted as one more replaced", () => {
    const m = new Model(A);
    for (let i = 0; i < 3; i++) m.spawn(A, 0);
    m.current = B;
    const atStart = new Set(m.workers.map((w) => procId(w.proc)));
    const progress = new RollProgress(target, 3);
    const log: string[] = [];
    let recycled: number | undefined;
    for (let i = 0; i < 200; i++) {
      const step = nextStep(m.generation(), m.records(), target, 3, atStart);
      log.push(...progress.observe(m.generation(), m.records(), step.good));
      if (step.kind === 'done') break;
      if (step.kind === 'TTOU') {
        progress.retire(step.oldest);
        m.ttou();
      } else if (step.kind === 'TTIN') m.ttin();
      // Once two workers run B, the first of them reaches max_requests: it leaves, the master forks another on B.
      const onB = m.workers.filter((w) => w.release === B && w.importing === 0);
      if (recycled === undefined && onB.length === 2) {
        recycled = onB[0]!.proc.pid;
        m.workers = m.workers.filter((w) => w.proc.pid !== recycled);
        m.spawn(B, 1);
      }
      m.tick();
    }
    expect(recycled).toBeDefined();
    const replaced = log.filter((l) => l.endsWith('replaced'));
    expect(replaced).toEqual(['worker 1/3 replaced', 'worker 2/3 replaced', 'worker 3/3 replaced']);
    expect(log.filter((l) => l.includes('left by itself'))).toEqual([
      `worker ${recycled} (already on the new release) left by itself (Gunicorn's max_requests recycling, or it exited); the master forks its replacement on the release current points to`,
    ]);
    expect(m.workers.map((w) => w.release)).toEqual([B, B, B]);
  });

  it('an old worker recycled during the roll is named with its release; the ones TTOU retired are not', () => {
    const m = new Model(A);
    for (let i = 0; i < 2; i++) m.spawn(A, 0);
    const progress = new RollProgress(target, 2);
    expect(progress.observe(m.generation(), m.records(), 0)).toEqual([]);
    const [first, second] = m.workers.map((w) => w.proc);
    progress.retire(first!);
    m.workers = m.workers.filter((w) => w.proc.pid !== first!.pid && w.proc.pid !== second!.pid);
    expect(progress.observe(m.generation(), m.records(), 0)).toEqual([
      `worker ${second!.pid} (on 20261201T1200Z-a) left by itself (Gunicorn's max_requests recycling, or it exited); the master forks its replacement on the release current points to`,
    ]);
  });
});
