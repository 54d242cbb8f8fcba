/** Rollback on one host: back to the previous good release (or a named one), the bad one marked, a reload. */
import { KeelError, errorMessage } from '../errors.js';
import type { SshSession } from '../remote/ssh.js';
import type { Logger } from '../log.js';
import { reloadCommand } from './deploy.js';
import { type ProcessSet, restartProcesses } from './processes.js';
import type { Layout } from './layout.js';
import type { Lease } from './lock.js';
import { appendLog, markBad, readState, rollbackTargetOf, switchTo } from './state.js';

export interface RollbackOptions {
  /** A release id, or undefined for the most recently live good release before the current one. */
  target: string | undefined;
  reloadUnit: string | undefined;
  /** The processes beside the app: restarted onto the release rolled back to. */
  processes: ProcessSet[];
  /** The host singletons run on (the first of the hosts list; set by rollbackFleet). */
  singletonHost?: string | undefined;
  lock: { waitMs: number; ttlMs: number };
  run: { id: string; actor: string; sha: string; repository: string };
}

export interface RollbackResult {
  host: string;
  ok: boolean;
  from: string | undefined;
  to: string | undefined;
  error: string | undefined;
}

/** Rolls one host back; the caller holds the host's deploy lock (`lease`). */
export async function rollbackHost(
  session: SshSession,
  layout: Layout,
  o: RollbackOptions & { lease: Lease },
  log: Logger,
): Promise<RollbackResult> {
  const host = session.endpoint.name;
  const result: RollbackResult = { host, ok: false, from: undefined, to: undefined, error: undefined };
  try {
    const state = await readState(session, layout);
    const { releases, current } = state;
    result.from = current;
    let target: string | undefined;
    if (o.target) {
      if (!releases.some((r) => r.id === o.target)) {
        throw new KeelError(
          `${host}: release ${o.target} does not exist (there are: ${releases.map((r) => r.id).join(', ') || 'none'})`,
          { field: 'rollback-to' },
        );
      }
      if (o.target === current)
        throw new KeelError(`${host}: ${o.target} is already the current release`, { field: 'rollback-to' });
      target = o.target;
    } else {
      target = rollbackTargetOf(state.entries, releases, current);
      if (!target)
        throw new KeelError(
          `${host}: there is no good release before ${current ?? 'the current one'} to roll back to`,
        );
    }
    await switchTo(session, layout, target);
    result.to = target;
    if (current) await markBad(session, layout, current);
    if (o.reloadUnit)
      await session.check(`reloading ${o.reloadUnit}`, reloadCommand(o.reloadUnit), { timeoutMs: 300_000 });
    await restartProcesses(session, o.processes, o.singletonHost, log);
    await appendLog(session, layout, {
      status: 'rolled-back',
      release: current ?? target,
      live: target,
      ...o.run,
    });
    log.info(`${host}: rolled back from ${current ?? '-'} to ${target}`);
    result.ok = true;
  } catch (error) {
    result.error = errorMessage(error);
  }
  return result;
}
