/**
 * The rolling reload's rule, as a pure function: given the workers running now and what each recorded it
 * loaded, the next thing to do to reach `count` workers that all loaded the target release, using only the
 * master's TTIN (one more worker, which loads what `current` points to) and TTOU (the oldest worker leaves).
 *
 * - A worker is up only when it has recorded that it imported the app (keel's hooks), never when merely forked.
 * - TTOU only while at least `count` workers are up without the oldest: no worker leaves before its replacement
 *   is proved up, so the number of up workers never drops below `count` (when it was `count` to begin with).
 * - It ends with exactly `count` workers, so a drifted count (one too many after an interrupted TTIN, or too
 *   few) is repaired on the way.
 * - New workers still importing are waited for; workers that were already there and never finished importing
 *   (on a rollback: the slow new worker that made the reload time out) are not: they leave as the oldest.
 * - `burst` (a cancelled run's rollback, which the runner gives 10 s): every missing replacement is added at
 *   once, without waiting for the ones already importing, so the roll takes one import, not `count` of them.
 *   The rule for TTOU is the same, so still no worker leaves before `count` others are up; the cost is memory
 *   (up to twice the workers for a moment).
 */
import { type Generation, type Proc, procId } from './gunicorn.js';
import { releaseOf, type WorkerRecord } from './workers.js';

/** The release workers must have loaded: its resolved directory (when known), else its id. */
export interface Target {
  dir: string | undefined;
  id: string | undefined;
}

export const loaded = (rec: WorkerRecord, t: Target): boolean =>
  t.dir !== undefined ? rec.release === t.dir : t.id !== undefined && releaseOf(rec.release) === t.id;

/** Oldest first, as Gunicorn ranks workers for TTOU (it retires the oldest). */
export const byAge = (a: Proc, b: Proc): number => a.start - b.start || a.pid - b.pid;

export type Step =
  | { kind: 'done'; good: number }
  | { kind: 'wait'; good: number; booting: Proc[] }
  | { kind: 'TTOU'; good: number; oldest: Proc; oldestUp: boolean }
  | { kind: 'TTIN'; good: number };

export function nextStep(
  g: Generation,
  records: ReadonlyMap<string, WorkerRecord>,
  target: Target,
  count: number,
  atStart: ReadonlySet<string>,
  burst = false,
): Step {
  const up = g.workers.filter((w) => records.has(procId(w)));
  const good = up.filter((w) => loaded(records.get(procId(w))!, target)).length;
  if (good === count && g.workers.length === count) return { kind: 'done', good };
  const booting = g.workers.filter((w) => !records.has(procId(w)) && !atStart.has(procId(w)));
  // A new worker imports what `current` points to: the target. In a burst, the ones on their way count.
  if (burst && good + booting.length < count) return { kind: 'TTIN', good };
  if (booting.length > 0) return { kind: 'wait', good, booting };
  // One TTOU at a time, even in a burst: two sent together may reach the master as one signal.
  const oldest = [...g.workers].sort(byAge)[0];
  const oldestUp = oldest !== undefined && records.has(procId(oldest));
  if (oldest && g.workers.length > count && up.length - (oldestUp ? 1 : 0) >= count)
    return { kind: 'TTOU', good, oldest, oldestUp };
  return { kind: 'TTIN', good };
}

/**
 * What a rolling reload's log says as it goes. "worker N/count replaced" counts the workers up on the target,
 * and only ever upwards: Gunicorn's own recycling (`max_requests`) goes on during the roll, so a worker already
 * on the new release may leave and be re-forked on it; that is said in words, never counted as one more worker
 * replaced. A worker that leaves without keel's TTOU is named with the release it ran.
 */
export class RollProgress {
  private best = 0;
  private readonly ran = new Map<string, { pid: number; release: string }>();
  private readonly retired = new Set<string>();

  constructor(
    private readonly target: Target,
    private readonly count: number,
  ) {}

  /** keel's TTOU is about to retire this worker: its leaving is no surprise. */
  retire(p: Proc): void {
    this.retired.add(procId(p));
  }

  /** After each look at the master's workers: the lines to log. */
  observe(g: Generation, records: ReadonlyMap<string, WorkerRecord>, good: number): string[] {
    const lines: string[] = [];
    const ids = new Set(g.workers.map(procId));
    for (const [id, { pid, release }] of this.ran) {
      if (ids.has(id)) continue;
      this.ran.delete(id);
      if (this.retired.delete(id)) continue;
      const onTarget = loaded({ pid, start: 0, release, workers: 0 }, this.target);
      lines.push(
        `worker ${pid} (${onTarget ? 'already on the new release' : `on ${releaseOf(release)}`}) left by itself (Gunicorn's max_requests recycling, or it exited); the master forks its replacement on the release current points to`,
      );
    }
    for (const w of g.workers) {
      const rec = records.get(procId(w));
      if (rec) this.ran.set(procId(w), { pid: w.pid, release: rec.release });
    }
    if (good > this.best) {
      this.best = good;
      lines.push(`worker ${Math.min(good, this.count)}/${this.count} replaced`);
    }
    return lines;
  }
}
