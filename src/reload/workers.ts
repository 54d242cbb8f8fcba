/**
 * What each Gunicorn worker actually loaded, recorded by the worker itself.
 *
 * keel's Gunicorn hooks (GUNICORN_HOOKS, part of the rendered gunicorn.conf.py):
 * - `post_fork`: the worker resolves `current` ONCE, enters that release directory and imports the app from it
 *   (not through the symlink), so switching `current` later can never change what a running worker runs, and
 *   `KEEL_RELEASE_DIR` tells the app which release it is.
 * - `post_worker_init` (after the app is imported, just before the worker serves): writes
 *   `/dev/shm/keel-workers.<uid>/<pid>` = `{"pid", "start", "release", "workers"}`: the release directory it
 *   loaded, its start time (so a reused PID is never taken for it) and Gunicorn's configured worker count.
 * - `worker_exit` (in the master): removes the file.
 *
 * A worker with such a file has finished importing and is about to serve: that is what "up" means to the
 * rolling reload, and the release in it (not what a request answered through `current` says) is what the
 * health gate checks. /dev/shm is the one place a hardened unit (ProtectSystem=strict, PrivateTmp,
 * PrivateDevices: systemd binds the host's /dev/shm into the private /dev) can write and the deploy user can
 * read. A record is believed only when the directory and the file belong to the worker's own user and nobody
 * else may write the directory: another local user cannot plant records for the app's workers.
 */
import { raw, script, sh } from '../remote/quote.js';
import type { SshSession } from '../remote/ssh.js';
import { type Generation, type Proc, procId } from './gunicorn.js';
import { HOOKS_SIGNATURE } from './hooks.js';

/** One worker's record. */
export interface WorkerRecord {
  pid: number;
  start: number;
  /** The release directory it imported the app from (resolved). */
  release: string;
  /** Gunicorn's configured worker count (`workers`, not changed by TTIN/TTOU). */
  workers: number;
}

export function parseRecord(text: string): WorkerRecord | undefined {
  try {
    const j = JSON.parse(text) as Record<string, unknown>;
    const { pid, start, release, workers } = j;
    if (
      typeof pid !== 'number' ||
      typeof start !== 'number' ||
      typeof release !== 'string' ||
      typeof workers !== 'number'
    )
      return undefined;
    return { pid, start, release, workers };
  } catch {
    return undefined;
  }
}

/**
 * The records of a generation's workers, by procId. A worker without a (trustworthy, matching) record is
 * still importing the app, or runs without keel's hooks.
 */
export async function readRecords(session: SshSession, g: Generation): Promise<Map<string, WorkerRecord>> {
  const out = new Map<string, WorkerRecord>();
  if (g.workers.length === 0) return out;
  const r = await session.run(
    script(
      raw('set +e'),
      sh`for pid in ${g.workers.map((w) => w.pid)}; do`,
      raw('  uid=$(awk \'/^Uid:/{print $3; exit}\' "/proc/$pid/status" 2>/dev/null) || continue'),
      raw('  [ -n "$uid" ] || continue'),
      raw(`  d=/dev/shm/${HOOKS_SIGNATURE}.$uid; f=$d/$pid`),
      raw('  [ -f "$f" ] && [ ! -L "$f" ] && [ ! -L "$d" ] || continue'),
      // The directory and the file are the worker's user's, and only that user may write the directory.
      raw(
        '  set -- $(stat -c "%u %a" "$d" "$f" 2>/dev/null); [ "$1" = "$uid" ] && [ "$3" = "$uid" ] || continue',
      ),
      raw('  case $2 in *[2367]?|*[2367]) continue;; esac'),
      raw('  printf "record %s " "$pid"; head -c 4096 "$f" | tr -d "\\n"; echo'),
      raw('done'),
    ),
  );
  const byPid = new Map<number, Proc>(g.workers.map((w) => [w.pid, w]));
  for (const line of r.stdout.split('\n')) {
    const m = /^record (\d+) (.*)$/.exec(line);
    if (!m) continue;
    const proc = byPid.get(Number(m[1]));
    const rec = parseRecord(m[2]!);
    if (proc && rec && rec.pid === proc.pid && rec.start === proc.start) out.set(procId(proc), rec);
  }
  return out;
}

/** The release id of a resolved release directory (`…/releases/<id>`). */
export const releaseOf = (dir: string): string => dir.replace(/\/+$/, '').split('/').pop() ?? dir;
