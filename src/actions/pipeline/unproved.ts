/**
 * The root action's record of hosts switched to a release that no reload has proved yet, kept in the step
 * state (written at once, so it survives the runner's SIGKILL). A cancelled run undoes the switch itself
 * when it can; when it was killed first, its post step does (before it releases the lock).
 */
import * as core from '../common/core.js';
import type { Connection } from '../../remote/ssh.js';
import { withSession } from '../../remote/ssh.js';
import type { Logger } from '../../log.js';
import { Layout } from '../../releases/layout.js';
import { adoptLease, type Lease } from '../../releases/lock.js';
import type { ProcessSet } from '../../releases/processes.js';
import { revertUnproved, type RevertResult } from '../../releases/revert.js';

export const UNPROVED_STATE = 'unproved';

interface Record_ {
  deployPath: string;
  release: string;
  unit: string | undefined;
  hosts: { host: string; previous: string }[];
  /** The processes beside the app, and the host their singletons run on: moved back with the release. */
  processes?: ProcessSet[];
  singletonHost?: string | undefined;
}

/** This run's record (main step); the post step reads the saved one. */
let record: Record_ | undefined;

/** After the deploy stage: the hosts now on `release`, each with the release it had before. */
export function recordSwitched(
  deployPath: string,
  release: string,
  unit: string | undefined,
  hosts: { host: string; switched: boolean; previous?: string | undefined }[],
  processes: { processes: ProcessSet[]; singletonHost: string | undefined } = {
    processes: [],
    singletonHost: undefined,
  },
): void {
  const back = hosts.flatMap((h) =>
    h.switched && h.previous ? [{ host: h.host, previous: h.previous }] : [],
  );
  record = back.length ? { deployPath, release, unit, hosts: back, ...processes } : undefined;
  core.saveState(UNPROVED_STATE, record ? JSON.stringify(record) : '');
}

/** After the reload stage ended with the release proved, or rolled back: nothing left to undo. */
export function clearSwitched(): void {
  record = undefined;
  core.saveState(UNPROVED_STATE, '');
}

/** What is still unproved: this run's record (main step) or the saved one (post step). */
function pending(): Record_ | undefined {
  if (record !== undefined) return record;
  const saved = core.getState(UNPROVED_STATE);
  return saved ? (JSON.parse(saved) as Record_) : undefined;
}

/**
 * Undoes the switch on every recorded host still on the unproved release: back to its previous release,
 * reloaded. Returns what happened per host (none when nothing was pending: then `connect` is not called, so
 * a post step with nothing to undo reads no key) and clears the record.
 * The main step calls it holding the run's locks. The post step passes the tokens the main step held: each
 * host's lock is taken over first, and a host whose lock is no longer the run's is left alone.
 */
export async function revertSwitched(
  connect: () => Connection | Promise<Connection>,
  why: string,
  log: Logger,
  leftLocks?: { host: string; token: string }[],
): Promise<RevertResult[]> {
  const r = pending();
  if (!r || r.hosts.length === 0) return [];
  const connection = await connect();
  const layout = new Layout(r.deployPath);
  const results = await Promise.all(
    r.hosts.map(async ({ host, previous }): Promise<RevertResult> => {
      const endpoint = connection.endpoints.find((e) => e.name === host);
      if (!endpoint) return { host, ok: false, changed: false, detail: 'not among the hosts given' };
      let lease: Lease | undefined;
      if (leftLocks) {
        const token = leftLocks.find((l) => l.host === host)?.token;
        lease = token
          ? await adoptLease(connection, endpoint, layout, token, 120_000, log).catch(() => undefined)
          : undefined;
        if (!lease)
          return {
            host,
            ok: false,
            changed: false,
            detail: `the deploy lock is no longer this run's: ${host} was left as it is`,
          };
      }
      try {
        return await withSession(
          connection,
          endpoint,
          log,
          (s) =>
            revertUnproved(
              s,
              layout,
              {
                release: r.release,
                previous,
                unit: r.unit,
                processes: r.processes ?? [],
                singletonHost: r.singletonHost,
              },
              why,
              log,
            ),
          (error): RevertResult => ({ host, ok: false, changed: false, detail: error }),
        );
      } finally {
        await lease?.release().catch(() => undefined);
      }
    }),
  );
  clearSwitched();
  return results;
}
