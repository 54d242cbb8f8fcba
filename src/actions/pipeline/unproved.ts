/**
 * The root action's record of hosts switched to a release that no reload has proved yet, kept in the step
 * state (written at once, so it survives the runner's SIGKILL). A cancelled run undoes the switch itself
 * when it can; when it was killed first, its post step does (before it releases the lock).
 */
import * as core from '@actions/core';
import type { Connection } from '../../remote/ssh.js';
import { withSession } from '../../remote/ssh.js';
import type { Logger } from '../../report/log.js';
import { Layout } from '../../releases/layout.js';
import { revertUnproved, type RevertResult } from '../../releases/revert.js';

const KEY = 'unproved';

interface Record_ {
  deployPath: string;
  release: string;
  unit: string | undefined;
  hosts: { host: string; previous: string }[];
}

/** This run's record (main step); the post step reads the saved one. */
let record: Record_ | undefined;

/** After the deploy stage: the hosts now on `release`, each with the release it had before. */
export function recordSwitched(
  deployPath: string,
  release: string,
  unit: string | undefined,
  hosts: { host: string; switched: boolean; previous?: string | undefined }[],
): void {
  const back = hosts.flatMap((h) =>
    h.switched && h.previous ? [{ host: h.host, previous: h.previous }] : [],
  );
  record = back.length ? { deployPath, release, unit, hosts: back } : undefined;
  core.saveState(KEY, record ? JSON.stringify(record) : '');
}

/** After the reload stage ended with the release proved, or rolled back: nothing left to undo. */
export function clearSwitched(): void {
  record = undefined;
  core.saveState(KEY, '');
}

/** What is still unproved: this run's record (main step) or the saved one (post step). */
function pending(): Record_ | undefined {
  if (record !== undefined) return record;
  const saved = core.getState(KEY);
  return saved ? (JSON.parse(saved) as Record_) : undefined;
}

/**
 * Undoes the switch on every recorded host still on the unproved release: back to its previous release,
 * reloaded. Returns what happened per host (none when nothing was pending) and clears the record.
 */
export async function revertSwitched(
  connection: Connection,
  why: string,
  log: Logger,
): Promise<RevertResult[]> {
  const r = pending();
  if (!r || r.hosts.length === 0) return [];
  const layout = new Layout(r.deployPath);
  const results = await Promise.all(
    r.hosts.map(({ host, previous }) => {
      const endpoint = connection.endpoints.find((e) => e.name === host);
      if (!endpoint) return { host, ok: false, detail: 'not among the hosts given' };
      return withSession(
        connection,
        endpoint,
        log,
        (s) => revertUnproved(s, layout, { release: r.release, previous, unit: r.unit }, why, log),
        (error): RevertResult => ({ host, ok: false, detail: error }),
      );
    }),
  );
  clearSwitched();
  return results;
}
