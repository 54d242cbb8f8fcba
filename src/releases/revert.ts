/**
 * Undoing a switch that nothing proved: the repair a cancelled or killed run needs when it had already pointed
 * `current` at the new release and the reload that would prove (or roll back) that release never finished.
 */
import { errorMessage } from '../errors.js';
import type { SshSession } from '../remote/ssh.js';
import type { Logger } from '../log.js';
import { reloadCommand } from './deploy.js';
import { appendLog, currentRelease, markBad, switchTo } from './state.js';
import { keepOnSwitchBack, type ProcessSet, restartProcesses } from './processes.js';
import type { Layout } from './layout.js';

export interface Unproved {
  /** The release switched to and not proved. */
  release: string;
  /** The release that was current before it, to go back to. */
  previous: string;
  /** The service to reload on the previous release (systemd HUP: every worker is replaced). */
  unit: string | undefined;
  /** The processes beside the app: the instances that moved to the unproved release go back with it. */
  processes?: ProcessSet[];
  /** The host singletons run on (the first of the hosts list). */
  singletonHost?: string | undefined;
}

export interface RevertResult {
  host: string;
  ok: boolean;
  /** Whether this host was switched back (false: nothing to undo, or it failed). */
  changed: boolean;
  /** What was done, or why nothing was needed. */
  detail: string;
}

/**
 * Switches `current` back to the previous release when (and only when) it still points at the unproved one,
 * marks that one bad, reloads the service, puts the processes that had moved to it back, and records it in the
 * release log. Never throws.
 */
export async function revertUnproved(
  session: SshSession,
  layout: Layout,
  u: Unproved,
  why: string,
  log: Logger,
): Promise<RevertResult> {
  const host = session.endpoint.name;
  try {
    const current = await currentRelease(session, layout);
    if (current !== u.release)
      return {
        host,
        ok: true,
        changed: false,
        detail: `current is ${current ?? 'unset'}, not ${u.release}: nothing to undo`,
      };
    const keep = u.processes?.length ? await keepOnSwitchBack(session, layout, u.processes) : undefined;
    await switchTo(session, layout, u.previous);
    await markBad(session, layout, u.release);
    if (u.unit) await session.check(`reloading ${u.unit}`, reloadCommand(u.unit), { timeoutMs: 120_000 });
    if (u.processes?.length) await restartProcesses(session, u.processes, u.singletonHost, log, keep);
    await appendLog(session, layout, {
      release: u.release,
      previous: u.previous,
      status: 'rolled-back',
      live: u.previous,
      error: why,
    });
    const detail = `switched back to ${u.previous}${u.unit ? ` and reloaded ${u.unit}` : ''}${u.processes?.length ? ', the processes on it' : ''}`;
    log.info(`${host}: ${u.release} was never proved (${why}): ${detail}`);
    return { host, ok: true, changed: true, detail };
  } catch (error) {
    return { host, ok: false, changed: false, detail: errorMessage(error) };
  }
}
