/**
 * The fleet pattern, once: a body run on each host in its own verified SSH session, a batch at a time (a failed
 * batch stops the rollout), a host whose session could not be opened (or dropped) failing with the caller's
 * result, and every host a failed batch kept from being touched reported as skipped. One result per host, in
 * the order of the hosts list. The batch rules are rollOut's (releases/fleet.ts); sessions are withSession's.
 */
import { type BatchSize, rollOut } from './releases/fleet.js';
import { type Connection, type Endpoint, type SshSession, withSession } from './remote/ssh.js';
import type { Logger } from './log.js';

/** A host never attempted because an earlier batch failed. */
export type Skipped = { host: string; ok: false; skipped: true };

export interface Rollout {
  batch: BatchSize;
  maxParallel: number;
  /** The pause between batches (none by default). */
  batchWaitMs?: number;
}

/** rollOut's results with a Skipped in each place it left empty. */
export function withSkipped<R>(c: Connection, results: (R | undefined)[]): (R | Skipped)[] {
  return results.map((r, i) => r ?? { host: c.endpoints[i]!.name, ok: false, skipped: true });
}

export async function onEachHost<R extends { ok: boolean }>(
  c: Connection,
  rollout: Rollout,
  log: Logger,
  body: (session: SshSession, endpoint: Endpoint) => Promise<R>,
  failed: (endpoint: Endpoint, error: string) => R,
  onBatch?: (index: number, count: number, total: number) => void,
): Promise<(R | Skipped)[]> {
  const outcome = await rollOut(
    c.endpoints,
    rollout.batch,
    rollout.maxParallel,
    rollout.batchWaitMs ?? 0,
    (endpoint) =>
      withSession(
        c,
        endpoint,
        log,
        (s) => body(s, endpoint),
        (error) => failed(endpoint, error),
      ),
    onBatch,
  );
  return withSkipped(c, outcome.results);
}
