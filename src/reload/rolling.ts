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
): Step {
  const up = g.workers.filter((w) => records.has(procId(w)));
  const good = up.filter((w) => loaded(records.get(procId(w))!, target)).length;
  if (good === count && g.workers.length === count) return { kind: 'done', good };
  const booting = g.workers.filter((w) => !records.has(procId(w)) && !atStart.has(procId(w)));
  if (booting.length > 0) return { kind: 'wait', good, booting };
  const oldest = [...g.workers].sort(byAge)[0];
  const oldestUp = oldest !== undefined && records.has(procId(oldest));
  if (oldest && g.workers.length > count && up.length - (oldestUp ? 1 : 0) >= count)
    return { kind: 'TTOU', good, oldest, oldestUp };
  return { kind: 'TTIN', good };
}
