/**
 * The processes beside the app (Celery workers, beat; spec `processes:`) after a switch of `current`: every
 * instance is enabled and restarted so it runs the release now live. `systemctl restart` of a unit with
 * `KillMode=mixed` sends SIGTERM to the main process only and waits up to its `TimeoutStopSec` (the spec's
 * stop-timeout) for it to exit: a Celery worker's warm shutdown, tasks in flight finish. The instances of all
 * processes restart in parallel (each one's stop waits only for its own tasks). Proved, with bounded waits:
 * every unit active with a new main PID, still the same one a moment later (not a crash loop).
 *
 * A singleton (Celery beat) runs on one host only: the first of the hosts list. On the others its unit is
 * installed (render-config's files are the same for every host) but neither enabled nor started.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { KeelError } from '../errors.js';
import { raw, script, sh } from '../remote/quote.js';
import type { SshSession } from '../remote/ssh.js';
import type { Logger } from '../log.js';

export interface ProcessSet {
  name: string;
  /** The instances: `<app>-<name>@1.service` ... */
  units: string[];
  /** Seconds a warm shutdown may take (the units' TimeoutStopSec). */
  stopTimeout: number;
  singleton: boolean;
}

/** How long the new main processes have to be up, and how long they must then stay up. */
const START_WAIT_MS = 30_000;
const SETTLE_MS = 2_000;

interface UnitState {
  pid: string;
  state: string;
}

async function states(session: SshSession, units: string[]): Promise<Map<string, UnitState>> {
  // Neither needs root. One line per unit: PID and state (is-active prints the state even when it fails).
  const r = await session.check(
    'reading the main PIDs of the processes',
    script(
      raw('set +e'),
      ...units.map(
        (u) => sh`printf '%s %s\n' "$(systemctl show -p MainPID --value ${u})" "$(systemctl is-active ${u})"`,
      ),
    ),
    { timeoutMs: 30_000 },
  );
  const lines = r.stdout.trim().split('\n');
  return new Map(
    units.map((u, i) => {
      const [pid = '', state = ''] = (lines[i] ?? '').trim().split(/\s+/);
      return [u, { pid, state }];
    }),
  );
}

/** Which processes run on this host: all but the singletons, which run on `singletonHost` only. */
export function processesOnHost(processes: ProcessSet[], host: string, singletonHost: string | undefined) {
  return processes.filter((p) => !p.singleton || singletonHost === undefined || host === singletonHost);
}

export async function restartProcesses(
  session: SshSession,
  processes: ProcessSet[],
  singletonHost: string | undefined,
  log: Logger,
): Promise<void> {
  const host = session.endpoint.name;
  const here = processesOnHost(processes, host, singletonHost);
  for (const p of processes.filter((x) => !here.includes(x)))
    log.info(
      `${host}: ${p.name} is a singleton and runs on ${singletonHost} only (installed here, not started)`,
    );
  const units = here.flatMap((p) => p.units);
  if (units.length === 0) return;
  const before = await states(session, units);
  const stopMs = Math.max(...here.map((p) => p.stopTimeout)) * 1000;
  await session.check(
    `restarting ${units.join(', ')} (a warm shutdown may take up to ${stopMs / 1000}s)`,
    script(
      // A crash loop of an earlier release may have hit the start limit: a deploy starts the count afresh
      // (reset-failed fails for an instance not loaded yet, as on the first deploy: that is fine).
      ...units.map((u) => sh`sudo -n systemctl reset-failed ${u} 2>/dev/null || true`),
      ...units.map((u) => sh`sudo -n systemctl enable ${u}`),
      raw('pids='),
      ...units.map((u) => sh`sudo -n systemctl restart ${u} & pids="$pids $!"`),
      raw('rc=0; for p in $pids; do wait "$p" || rc=1; done; exit $rc'),
    ),
    // systemd kills what is left after TimeoutStopSec; the start (Type=exec) follows at once.
    { timeoutMs: stopMs + 120_000 },
  );
  const fresh = (u: string, s: UnitState) =>
    s.state === 'active' && /^[1-9]\d*$/.test(s.pid) && s.pid !== before.get(u)?.pid;
  const deadline = Date.now() + START_WAIT_MS;
  let now = await states(session, units);
  while (!units.every((u) => fresh(u, now.get(u)!)) && Date.now() < deadline) {
    await sleep(500);
    now = await states(session, units);
  }
  if (units.every((u) => fresh(u, now.get(u)!))) {
    // Up is not enough: a process that exits at once is restarted by systemd and may look active between.
    await sleep(SETTLE_MS);
    const later = await states(session, units);
    const moved = units.filter(
      (u) => later.get(u)!.pid !== now.get(u)!.pid || later.get(u)!.state !== 'active',
    );
    if (moved.length === 0) {
      log.info(
        `${host}: restarted ${units.map((u) => `${u} (PID ${before.get(u)!.pid} → ${now.get(u)!.pid})`).join(', ')}`,
      );
      return;
    }
    now = later;
  }
  const bad = units
    .map((u) => ({ u, s: now.get(u)!, was: before.get(u)!.pid }))
    .filter(({ u, s }) => !fresh(u, s))
    .map(
      ({ u, s, was }) => `${u} is ${s.state || 'unknown'} with main PID ${s.pid || '?'} (was ${was || '?'})`,
    );
  throw new KeelError(
    `${host}: the processes did not come back on the new release: ${bad.join('; ') || 'their main PIDs kept changing (a crash loop)'}`,
    { hint: `Look at \`journalctl -u ${units[0]}\` on ${host}.` },
  );
}
