/** Bounded waits for host suites, on keel's one bounded poll (src/poll.ts). */
import { poll } from '../../src/poll.js';

/** Waits until `ok()` (tried every `everyMs`) or `ms` have passed; says whether it came. */
export async function until(ok: () => boolean, ms: number, everyMs = 200): Promise<boolean> {
  const r = await poll(
    async () => ok(),
    (v) => v,
    { deadline: Date.now() + ms, delayMs: everyMs },
  );
  return r.done;
}

/**
 * Waits until `read()` gives something other than '' (tried every `everyMs`), and returns it; throws naming
 * `what` after `ms`.
 */
export async function nonEmpty(read: () => string, what: string, ms: number, everyMs = 250): Promise<string> {
  const r = await poll(
    async () => read(),
    (v) => v !== '',
    { deadline: Date.now() + ms, delayMs: everyMs },
  );
  if (!r.done) throw new Error(`${what} did not appear within ${ms} ms`);
  return r.value;
}
