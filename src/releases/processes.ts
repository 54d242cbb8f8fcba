/**
 * The processes beside the app (Celery workers, beat; spec `processes:`) onto the release `current` points to:
 * every instance is enabled and restarted. `systemctl restart` of a unit with `KillMode=mixed` sends SIGTERM to
 * the main process only and waits up to its `TimeoutStopSec` (the spec's stop-timeout) for it to exit: a Celery
 * worker's warm shutdown, tasks in flight finish; what is left then gets SIGKILL (and the run says so). The
 * instances of all processes restart in parallel (each one's stop waits only for its own tasks). Proved, with
 * bounded waits: every unit active with a new main PID, still the same one a moment later (not a crash loop).
 *
 * Which release a running instance has: its main process chdir'd into `current` when it started, so it runs the
 * release `current` pointed to then. An instance whose main process started after `current` was last switched
 * (the link's ctime, set by the rename) runs the release live now (`processClock`). So the same restart serves
 * every caller: after a deploy's switch, after the web reload is proved (reload-graceful and the root action,
 * which leave an instance already moved alone), and after every switch back (which restarts only the instances
 * that had moved to the release rolled away from, or are down).
 *
 * Restarts and stops are queued in systemd (`--no-block`) and keel polls for them, bounded: no remote command
 * of keel's waits through a warm shutdown. So a cancelled job leaves no command running on a host, and what it
 * leaves is never half done: every instance either runs the release it ran, or has a restart job queued in
 * systemd (PID 1, not the job) that starts it on the release `current` points to once its tasks have finished
 * (the command and the directory are resolved at that exec). A cancel during the warm shutdown ends the wait:
 * the deploy's clean-up switches `current` back and queues the instances that moved for a restart too, so the
 * whole fleet lands on the release that was serving; the run says which instances are still finishing tasks.
 *
 * A singleton (Celery beat) runs on one host only: the one its `singleton-host` names, or else the first of the
 * hosts list. It never runs twice, not even
 * for a moment during a fleet rollout: before any host (re)starts it, `retireSingletons` stops and disables it on
 * every other host (a host order that changed moves it, the old host's instance stopped first), and a host that
 * is not the singleton host stops and disables any instance it still has whenever its processes are restarted.
 * Under supervisor the same order holds, with the program's conf.d file in place of enable/disable: removed and
 * the program stopped and dropped elsewhere first, then linked and started on its host (src/releases/supervisor.ts).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { checkpoint, cleanupLeftMs, cleanupWaitMs, isCancelled } from '../cancel.js';
import { KeelError, errorMessage } from '../errors.js';
import { raw, script, sh } from '../remote/quote.js';
import { type Connection, type SshSession, withSession } from '../remote/ssh.js';
import type { Layout } from './layout.js';
import type { Logger } from '../log.js';
import {
  enableSupervisorSingletons,
  restartSupervisorProcesses,
  retireSupervisorSingletons,
  supervisorClockScript,
} from './supervisor.js';

export interface ProcessSet {
  name: string;
  /** The instances: `<app>-<name>@1.service` ... */
  units: string[];
  /** Seconds a warm shutdown may take (the units' TimeoutStopSec). */
  stopTimeout: number;
  singleton: boolean;
  /** The host a singleton runs on (the spec's `singleton-host`); absent: the first of the hosts list. */
  singletonHost?: string | undefined;
  /** supervisor runs them: the program (group) whose processes `units` names (src/releases/supervisor.ts). */
  program?: string;
}

/** How long the new main processes have to be up, and how long they must then stay up. */
const START_WAIT_MS = 30_000;
const SETTLE_MS = 2_000;
/** How often a queued restart or stop is polled. */
const POLL_MS = 500;

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

/** The host a singleton runs on: its own `singleton-host`, or else the fleet's (the first of the hosts list). */
export function hostOf(p: ProcessSet, singletonHost: string | undefined): string | undefined {
  return p.singletonHost ?? singletonHost;
}

/** Which processes run on this host: all but the singletons, which run on their host only (exact names). */
export function processesOnHost(processes: ProcessSet[], host: string, singletonHost: string | undefined) {
  return processes.filter((p) => {
    const at = hostOf(p, singletonHost);
    return !p.singleton || at === undefined || host === at;
  });
}

/**
 * Before any host is touched: every `singleton-host` names one of the deploy's hosts (`hosts`: the whole fleet,
 * not only the part a stage works on), matched exactly as written in the hosts list (no case folding, no
 * prefixes, no user@ or :port).
 */
export function checkSingletonHosts(processes: ProcessSet[], hosts: string[]): void {
  for (const p of processes) {
    if (!p.singleton || p.singletonHost === undefined || hosts.includes(p.singletonHost)) continue;
    throw new KeelError(
      `processes.${p.name}.singleton-host: ${JSON.stringify(p.singletonHost)} is not one of the hosts (${hosts.map((h) => JSON.stringify(h)).join(', ')}), so ${p.name} would run nowhere; nothing was changed on any host`,
      {
        field: `processes.${p.name}.singleton-host`,
        hint: 'Name one of the hosts exactly as the hosts input spells it (no user@ or :port), or drop singleton-host to use the first host.',
      },
    );
  }
}

/**
 * Per instance: `new` when it is active and its main process started after `current` was last switched (it runs
 * the release live now), `old` when active and started before, `down` when not active. Neither needs root.
 */
export type Clock = Map<string, 'new' | 'old' | 'down'>;

export async function processClock(session: SshSession, layout: Layout, units: string[]): Promise<Clock> {
  if (units.length === 0) return new Map();
  // supervisor's processes (`<program>:<program>_N`): their PIDs from supervisorctl, the same reading.
  if (units.some((u) => u.includes(':'))) {
    const r = await session.check(
      'reading when the processes started',
      supervisorClockScript(layout.current, units),
      { timeoutMs: 30_000 },
    );
    return parseClock(r.stdout, units);
  }
  const r = await session.check(
    'reading when the processes started',
    script(
      raw('set +e'),
      // The rename that switched `current` set the link's ctime (µs; printed as seconds.micro).
      sh`stat -c %.6Z ${layout.current} 2>/dev/null || echo -`,
      ...units.map(
        (u) =>
          sh`t=$(systemctl show --timestamp=us+utc -p ExecMainStartTimestamp --value ${u}); printf '%s %s\n' "$(systemctl is-active ${u})" "$(test -n "$t" && date -u -d "$t" +%s.%6N || echo -)"`,
      ),
    ),
    { timeoutMs: 30_000 },
  );
  return parseClock(r.stdout, units);
}

/**
 * processClock's reading (pure): the first line is `current`'s ctime (seconds.micro, or -), then per unit its
 * state and its main process's start (seconds.micro, or -). Started strictly after the switch: `new`.
 */
export function parseClock(stdout: string, units: string[]): Clock {
  const [switched = '-', ...lines] = stdout.trim().split('\n');
  const us = (text: string | undefined) =>
    text && /^\d+\.\d{6}$/.test(text) ? Number(text.replace('.', '')) : undefined;
  const since = us(switched.trim());
  return new Map(
    units.map((u, i) => {
      const [state = '', start] = (lines[i] ?? '').trim().split(/\s+/);
      const at = us(start);
      if (state !== 'active') return [u, 'down'];
      // Unknown times count as old: restarting once too often is safe, keeping a stale worker is not.
      return [u, since !== undefined && at !== undefined && at > since ? 'new' : 'old'];
    }),
  );
}

export interface RestartOptions {
  /** Instances to leave as they are (they already run the release live now); the rest restart. */
  keep?: ReadonlySet<string>;
}

/**
 * Waits (bounded by `ms`, polling) until `done` holds for every unit. A cancel ends the wait at once
 * (CancelledError) unless the run was already cancelled when it began (a clean-up): then it waits at most
 * cleanupWaitMs(ms) (the jobs need no keel to finish). Returns the last states read and whether they all were
 * done.
 */
async function waitFor(
  session: SshSession,
  units: string[],
  ms: number,
  done: (u: string, s: UnitState) => boolean,
  /** A state that will not come right by waiting (a unit that failed for good): the wait ends early. */
  hopeless: (s: UnitState) => boolean = () => false,
): Promise<{ now: Map<string, UnitState>; ok: boolean; cut: boolean }> {
  const cleanup = isCancelled();
  const deadline = Date.now() + cleanupWaitMs(ms);
  // Hopeless in two polls in a row (a stop cut off by its timeout passes through `failed` for an instant
  // before the restart's start).
  let lost = new Set<string>();
  for (;;) {
    const now = await states(session, units);
    if (units.every((u) => done(u, now.get(u)!))) return { now, ok: true, cut: false };
    const gone = new Set(units.filter((u) => hopeless(now.get(u)!)));
    if ([...gone].some((u) => lost.has(u))) return { now, ok: false, cut: false };
    lost = gone;
    if (Date.now() >= deadline) return { now, ok: false, cut: cleanup };
    await sleep(POLL_MS);
    if (!cleanup) checkpoint();
  }
}

const stopped = (st: string) => st === 'inactive' || st === 'failed' || st === '';

/** Stops and disables instances of singletons that must not run on this host (their stop is a warm shutdown). */
async function stopSingletons(session: SshSession, sets: ProcessSet[], log: Logger): Promise<void> {
  const units = sets.flatMap((p) => p.units);
  if (units.length === 0) return;
  const host = session.endpoint.name;
  const why = `${sets.map((p) => p.name).join(', ')} runs on the singleton host only`;
  const running = [...(await states(session, units))].filter(([, x]) => !stopped(x.state)).map(([u]) => u);
  // Queued, not waited for on the host: a warm shutdown may take minutes, and no command of keel's may
  // outlive a cancelled job. Once queued, the stop happens with or without keel.
  await session.check(
    `stopping ${units.join(', ')} (${why})`,
    script(
      raw('set +e; rc=0'),
      // Neither is-enabled nor is-active needs root; a unit never installed here is neither.
      ...units.map(
        (u) =>
          sh`if systemctl is-enabled --quiet ${u} 2>/dev/null; then sudo -n systemctl disable ${u} || rc=1; fi`,
      ),
      ...units.map(
        (u) =>
          sh`case "$(systemctl is-active ${u})" in inactive|failed|unknown|'') ;; *) sudo -n systemctl stop --no-block ${u} || rc=1 ;; esac`,
      ),
      raw('exit $rc'),
    ),
    { timeoutMs: 60_000 },
  );
  const waited = await waitFor(
    session,
    units,
    Math.max(...sets.map((p) => p.stopTimeout)) * 1000 + 30_000,
    (_, x) => stopped(x.state),
  );
  const left = units.filter((u) => !stopped(waited.now.get(u)!.state));
  // A clean-up after a cancel: the stop is queued and happens without keel (it only ever stops it here).
  if (left.length && waited.cut)
    log.warn(
      `${host}: cancelled while ${left.join(', ')} finished a warm shutdown: its stop is queued in systemd (${why})`,
    );
  else if (left.length)
    throw new KeelError(
      `${host}: ${left.join(', ')} still running after stop (${why}): a singleton would run twice`,
    );
  if (running.length) log.info(`${host}: stopped and disabled ${running.join(', ')} (${why})`);
}

/**
 * Restarts the processes that run on this host onto the release `current` points to (a warm shutdown each),
 * and stops the singletons that run elsewhere. The restarts are queued in systemd at once (one transaction per
 * instance, all of them before any wait) and then polled, bounded by the longest stop-timeout plus the start.
 */
export async function restartProcesses(
  session: SshSession,
  processes: ProcessSet[],
  singletonHost: string | undefined,
  log: Logger,
  options: RestartOptions = {},
): Promise<void> {
  const host = session.endpoint.name;
  const here = processesOnHost(processes, host, singletonHost);
  const elsewhere = processes.filter((x) => !here.includes(x));
  if (processes.some((p) => p.program !== undefined)) {
    // supervisor: singletons that are not this host's stopped and removed first; this host's singletons
    // linked into conf.d and updated (what that started runs the live release already); then each process
    // restarted with a warm shutdown, proved by new PIDs.
    await retireSupervisorSingletons(session, elsewhere, log);
    const started = await enableSupervisorSingletons(
      session,
      here.filter((p) => p.singleton),
      log,
    );
    const units = here.flatMap((p) => p.units);
    const names = units.filter((u) => !options.keep?.has(u) && !started.has(u));
    const kept = units.filter((u) => options.keep?.has(u) && !started.has(u));
    if (kept.length) log.info(`${host}: ${kept.join(', ')} already run(s) the live release: left as is`);
    if (started.size) log.info(`${host}: started ${[...started].join(', ')} on the live release`);
    const limits = new Map(here.flatMap((p) => p.units.map((u) => [u, p.stopTimeout * 1000] as const)));
    return restartSupervisorProcesses(session, names, limits, log);
  }
  // Not this host's: stopped first (a host that was the singleton host before must not keep running it).
  await stopSingletons(session, elsewhere, log);
  const kept = here.flatMap((p) => p.units).filter((u) => options.keep?.has(u));
  if (kept.length) log.info(`${host}: ${kept.join(', ')} already run(s) the live release: left as is`);
  const restart = here.filter((p) => p.units.some((u) => !options.keep?.has(u)));
  const units = restart.flatMap((p) => p.units).filter((u) => !options.keep?.has(u));
  if (units.length === 0) return;
  // A cancelled run's clean-up whose budget is spent queues the restarts and does not wait for them.
  const late = cleanupLeftMs() <= 0;
  const before = late ? new Map<string, UnitState>() : await states(session, units);
  const stopMs = Math.max(...restart.map((p) => p.stopTimeout)) * 1000;
  const timeoutOf = new Map(restart.flatMap((p) => p.units.map((u) => [u, p.stopTimeout])));
  log.info(`${host}: restarting ${units.join(', ')} (a warm shutdown may take up to ${stopMs / 1000}s)`);
  await session.check(
    `restarting ${units.join(', ')}`,
    script(
      // A crash loop of an earlier release may have hit the start limit: a deploy starts the count afresh
      // (reset-failed fails for an instance not loaded yet, as on the first deploy: that is fine).
      ...units.map((u) => sh`sudo -n systemctl reset-failed ${u} 2>/dev/null || true`),
      ...units.map((u) => sh`sudo -n systemctl enable ${u}`),
      // Queued: systemd stops (TERM to the main process, tasks finish) and starts each on its own.
      ...units.map((u) => sh`sudo -n systemctl restart --no-block ${u}`),
    ),
    { timeoutMs: 60_000 },
  );
  const queued = (what: string) =>
    log.warn(
      `${host}: cancelled ${what}: each one's restart is queued in systemd, which starts it on the release \`current\` points to once its tasks end (within its stop-timeout); no command of keel's is left running`,
    );
  if (late) return queued(`with the clean-up's time spent, so ${units.join(', ')} are not watched`);
  const fresh = (u: string, s: UnitState) =>
    s.state === 'active' && /^[1-9]\d*$/.test(s.pid) && s.pid !== before.get(u)?.pid;
  // systemd kills what is left after TimeoutStopSec; the start (Type=exec) follows at once.
  // `failed` (reset just before): systemd gave up on it (its start limit), no point in waiting further.
  const waited = await waitFor(session, units, stopMs + START_WAIT_MS, fresh, (x) => x.state === 'failed');
  const { ok, cut } = waited;
  let now = waited.now;
  if (cut) {
    return queued(`while ${units.filter((u) => !fresh(u, now.get(u)!)).join(', ')} finished tasks in flight`);
  }
  if (ok) {
    // Up is not enough: a process that exits at once is restarted by systemd and may look active between.
    // (A cancelled run's clean-up settles only as long as its budget lets it.)
    await sleep(cleanupWaitMs(SETTLE_MS));
    const later = await states(session, units);
    const moved = units.filter(
      (u) => later.get(u)!.pid !== now.get(u)!.pid || later.get(u)!.state !== 'active',
    );
    if (moved.length === 0) {
      await warnKilled(session, units, timeoutOf, log);
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

/**
 * Says which restarted instances did not finish their warm shutdown within stop-timeout (systemd killed what
 * was left): the time from leaving `active` to reaching `inactive`, from systemd's own monotonic clock.
 */
async function warnKilled(
  session: SshSession,
  units: string[],
  timeoutOf: Map<string, number>,
  log: Logger,
): Promise<void> {
  const r = await session.run(
    script(
      raw('set +e'),
      ...units.map(
        (u) =>
          sh`printf '%s %s\n' "$(systemctl show -p ActiveExitTimestampMonotonic --value ${u})" "$(systemctl show -p InactiveEnterTimestampMonotonic --value ${u})"`,
      ),
    ),
    { timeoutMs: 30_000 },
  );
  const lines = r.stdout.trim().split('\n');
  units.forEach((u, i) => {
    const [left, down] = (lines[i] ?? '').trim().split(/\s+/).map(Number);
    const limit = timeoutOf.get(u);
    if (limit !== undefined && left && down && down > left && down - left >= limit * 1e6)
      log.warn(
        `${session.endpoint.name}: ${u} did not finish its warm shutdown within its stop-timeout (${limit}s): systemd killed what was left (tasks in flight were cut off)`,
      );
  });
}

/**
 * Before a fleet (re)starts singletons on `singletonHost`: every other host stops and disables its instances
 * (a warm shutdown), all in parallel. Throws when any host cannot confirm it, so the caller starts nothing:
 * a singleton that may still run elsewhere is never started a second time.
 */
export async function retireSingletons(
  c: Connection,
  processes: ProcessSet[],
  singletonHost: string | undefined,
  log: Logger,
): Promise<void> {
  const singles = processes.filter((p) => p.singleton && hostOf(p, singletonHost) !== undefined);
  if (singles.length === 0) return;
  // Per host, the singletons that belong to another host.
  const others = c.endpoints
    .map((e) => ({ e, sets: singles.filter((p) => hostOf(p, singletonHost) !== e.name) }))
    .filter((x) => x.sets.length > 0);
  const failures = await Promise.all(
    others.map(({ e, sets }) =>
      withSession(
        c,
        e,
        log,
        async (s) => {
          if (sets.some((p) => p.program !== undefined)) await retireSupervisorSingletons(s, sets, log);
          else await stopSingletons(s, sets, log);
          return undefined;
        },
        (error) => `${e.name}: ${error}`,
      ).catch((error: unknown) => `${e.name}: ${errorMessage(error)}`),
    ),
  );
  const failed = failures.filter((f): f is string => f !== undefined);
  if (failed.length)
    throw new KeelError(
      `${singles.map((p) => p.name).join(', ')} (a singleton) could not be confirmed stopped on every host but ${[...new Set(singles.map((p) => hostOf(p, singletonHost)))].join(', ')}, so it is not started anywhere by this run: ${failed.join('; ')}`,
      { hint: 'Make every host reachable (or take it out of the hosts list) and run again.' },
    );
}

/** After a switch forward: the instances that already run the release live now are left alone. */
export async function keepMoved(
  session: SshSession,
  layout: Layout,
  processes: ProcessSet[],
): Promise<RestartOptions> {
  const clock = await processClock(
    session,
    layout,
    processes.flatMap((p) => p.units),
  );
  return { keep: new Set([...clock].filter(([, c]) => c === 'new').map(([u]) => u)) };
}

/**
 * Read BEFORE switching back: the instances still running the release before the one being rolled away from
 * (started before its switch) are left alone afterwards; the ones that moved to it, or are down, restart.
 */
export async function keepOnSwitchBack(
  session: SshSession,
  layout: Layout,
  processes: ProcessSet[],
): Promise<RestartOptions> {
  const clock = await processClock(
    session,
    layout,
    processes.flatMap((p) => p.units),
  );
  return { keep: new Set([...clock].filter(([, c]) => c === 'old').map(([u]) => u)) };
}
