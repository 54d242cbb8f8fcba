/**
 * Bounded memory while a dump streams through the runner. Every chunk that arrives (a pipe read, an SSH packet
 * decrypted by ssh2) is a new Buffer outside V8's heap; V8 frees the dead ones only when it collects, and it
 * collects for outside memory only after about 64 MiB more of it, so a 1 GB dump held 60-90 MB of dead chunks
 * at any time (peak RSS 154 MB, issue #16). A young-generation collection every few MiB streamed frees them
 * while they are few: about a millisecond each, 128 per GB.
 *
 * The collector is reached through V8's `gc` extension, switched on here at run time (the runner starts Node
 * without flags); where that is not possible, reclaiming does nothing and memory is what it was before.
 */
import { Transform } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type Gc = (options?: { type?: 'minor' | 'major' }) => void;

let collector: Gc | null | undefined;

function gc(): Gc | null {
  if (collector !== undefined) return collector;
  try {
    setFlagsFromString('--expose-gc');
    const f: unknown = runInNewContext('gc');
    collector = typeof f === 'function' ? (f as Gc) : null;
  } catch {
    collector = null;
  }
  return collector;
}

export const RECLAIM_EVERY_BYTES = 8 * 2 ** 20;

/** A counter of streamed bytes that runs a young-generation collection after every `every` bytes. */
export function reclaimer(every = RECLAIM_EVERY_BYTES): (bytes: number) => void {
  const collect = gc();
  if (!collect) return () => undefined;
  let since = 0;
  return (bytes) => {
    since += bytes;
    if (since < every) return;
    since = 0;
    collect({ type: 'minor' });
  };
}

/** A pass-through that reclaims as data flows (a restore's backup on its way to the server). */
export function reclaiming(every = RECLAIM_EVERY_BYTES): Transform {
  const reclaim = reclaimer(every);
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      reclaim(chunk.length);
      cb(null, chunk);
    },
  });
}
