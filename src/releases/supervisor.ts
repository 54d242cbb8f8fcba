/**
 * supervisor on a host (`process-manager: supervisor`): installing the program files and restarting the
 * processes beside the app, one named `sudo -n supervisorctl VERB NAME` at a time (the rendered sudo rules
 * allow exactly those).
 *
 * - Installing: the log directory first (supervisor refuses a program whose log directory is missing), then
 *   `supervisorctl reread` checks the files with supervisord's own parser on the host (a file it refuses is put
 *   back with the others). After the switch, `supervisorctl update PROGRAM` for each changed file: supervisor
 *   restarts only the programs whose section changed (added, changed or removed); every other program, the
 *   app's included, is left running. Then every process of those programs must be running.
 * - Restarting the processes after a switch: `supervisorctl restart NAME` of each process, in parallel. A stop
 *   is TERM to the main process (stopasgroup=false: a Celery worker's warm shutdown, tasks in flight finish),
 *   KILL to the group only after stopwaitsecs (the spec's stop-timeout); proved by a new PID that stays. * - A singleton (Celery beat): its program file is installed on every host OUTSIDE conf.d
 *   (/etc/supervisor/keel-singletons/), where supervisord never reads it. On the host it runs on, keel links it
 *   into conf.d and `update`s it (supervisord starts it there, and again after a reboot). On every other host,
 *   before that host starts it (src/releases/processes.ts: retireSingletons, then each host's restart), keel
 *   removes whatever conf.d file declares it under keel's name (the link, or a stale file left by hand),
 *   `reread`s, and `update`s it: supervisord stops it warmly (TERM, KILL after stopwaitsecs) and drops it. That
 *   update's client gives up after a few seconds (`timeout`), supervisord goes on alone, and keel polls until
 *   supervisor no longer knows any of its processes: no command of keel's waits on the host through a warm
 *   shutdown, so a cancelled job leaves none behind, and what it leaves is a stop already under way in
 *   supervisord, of a program whose file is gone (it never starts there again, not even after a reboot).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { checkpoint, cleanupWaitMs, isCancelled } from '../cancel.js';
import { KeelError } from '../errors.js';
import { raw, script, sh } from '../remote/quote.js';
import type { SshSession } from '../remote/ssh.js';
import {
  SUPERVISOR_CONF_DIR,
  SUPERVISOR_RETIRE_CLIENT_S,
  SUPERVISOR_SINGLETON_DIR,
  SUPERVISORCTL,
  TIMEOUT,
  supervisorEnabled,
  supervisorSingletonFile,
} from '../render/supervisor.js';
import type { Logger } from '../log.js';
import type { ProcessSet } from './processes.js';

const CTL = SUPERVISORCTL;
const START_WAIT_MS = 60_000;
const SETTLE_MS = 2_000;

interface ProgramFile {
  kind: string;
  install: string;
  content: string;
}

/** What a rendered program file declares (pure): its program, its process names, its log directory. */
export function programOf(f: Pick<ProgramFile, 'content' | 'install'>): {
  program: string;
  names: string[];
  logDir: string | undefined;
} {
  const program = /^\[program:([A-Za-z0-9_.-]+)\]$/m.exec(f.content)?.[1];
  if (!program) throw new KeelError(`${f.install} has no [program:NAME] section keel can read`);
  const n = Number(/^numprocs=(\d+)$/m.exec(f.content)?.[1] ?? 0);
  const names = n > 0 ? Array.from({ length: n }, (_, i) => `${program}:${program}_${i + 1}`) : [program];
  const log = /^stdout_logfile=(\/[A-Za-z0-9._/-]+)\/[^/]+$/m.exec(f.content)?.[1];
  return { program, names, logDir: log };
}

/** PIDs of supervisor processes by name (0: not running; undefined: supervisor does not know the name). */
export async function supervisorPids(
  session: SshSession,
  names: string[],
): Promise<Map<string, number | undefined>> {
  if (names.length === 0) return new Map();
  const r = await session.check(
    'asking supervisor for the PIDs',
    script(
      raw('set +e'),
      ...names.map((n) => sh`printf '%s\\n' "$(sudo -n ${CTL} pid ${n} 2>&1 | tail -n 1)"`),
    ),
    { timeoutMs: 30_000 },
  );
  const lines = r.stdout.split('\n');
  const out = new Map<string, number | undefined>();
  names.forEach((n, i) => {
    const line = (lines[i] ?? '').trim();
    if (/^\d+$/.test(line)) out.set(n, Number(line));
    else if (/no such process/i.test(line)) out.set(n, undefined);
    else
      throw new KeelError(
        `${session.endpoint.name}: cannot ask supervisor about ${n}: ${line || 'no answer'} (is supervisord running?)`,
      );
  });
  return out;
}

/** Before the host's own checks: the log directories, then supervisord's parser (`reread`) on the new files. */
export async function checkSupervisorFiles(session: SshSession, changed: ProgramFile[]): Promise<void> {
  const programs = changed.filter((f) => f.kind === 'supervisor-program').map(programOf);
  if (programs.length === 0) return;
  const dirs = [...new Set(programs.flatMap((p) => (p.logDir ? [p.logDir] : [])))];
  if (dirs.length)
    await session.check(
      'creating the supervisor log directories',
      script(...dirs.map((d) => sh`sudo -n install -d -m 0750 -o root -g root ${d}`)),
    );
  const r = await session.run(sh`sudo -n ${CTL} reread 2>&1`, { timeoutMs: 60_000 });
  if (r.code !== 0 || /ERROR|Error/.test(r.stdout))
    throw new KeelError(
      `${session.endpoint.name}: supervisorctl reread refused the new program files; the previous files were put back:\n${r.stdout.trim().split('\n').slice(-3).join('\n')}`,
      { hint: 'Is supervisord running (systemctl status supervisor)?' },
    );
}

/**
 * After the switch (or a restore): `reread`, then `update PROGRAM` for each changed file, then every process
 * of those programs running (a program whose file was removed is gone instead).
 */
export async function applySupervisorFiles(
  session: SshSession,
  changed: ProgramFile[],
  log: Logger,
): Promise<void> {
  const host = session.endpoint.name;
  // A singleton's file (outside conf.d) is made live by the restart of the processes, on its host only.
  const programs = changed
    .filter((f) => f.kind === 'supervisor-program' && !isSingletonFile(f.install))
    .map(programOf);
  if (programs.length === 0) return;
  const r = await session.check(
    `supervisorctl update ${programs.map((p) => p.program).join(' ')}`,
    script(sh`sudo -n ${CTL} reread`, ...programs.map((p) => sh`sudo -n ${CTL} update ${p.program}`)),
    { timeoutMs: 900_000 },
  );
  log.info(`${host}: ${r.stdout.trim().split('\n').join('; ')}`);
  const installed = await session.run(
    script(
      ...programs.map(
        (p) => sh`if [ -e ${`${SUPERVISOR_CONF_DIR}/${p.program}.conf`} ]; then echo y; else echo n; fi`,
      ),
    ),
  );
  const present = installed.stdout.trim().split('\n');
  const names = programs.filter((_, i) => present[i] === 'y').flatMap((p) => p.names);
  const deadline = Date.now() + START_WAIT_MS;
  let pids = await supervisorPids(session, names);
  while ([...pids.values()].some((p) => !p) && Date.now() < deadline) {
    await sleep(500);
    pids = await supervisorPids(session, names);
  }
  const down = [...pids].filter(([, p]) => !p).map(([n]) => n);
  if (down.length)
    throw new KeelError(
      `${host}: supervisor did not start ${down.join(', ')} within ${START_WAIT_MS / 1000}s`,
      {
        hint: `Look at supervisorctl status and /var/log/<app>/ on ${host}.`,
      },
    );
}

/**
 * Restarts the supervisor processes `names` (a warm shutdown each, in parallel), proved by new PIDs that stay.
 * `stopTimeoutMs` per name: a restart that took that long was cut off by KILL, and the run says so.
 */
export async function restartSupervisorProcesses(
  session: SshSession,
  names: string[],
  stopTimeoutMs: Map<string, number>,
  log: Logger,
): Promise<void> {
  const host = session.endpoint.name;
  if (names.length === 0) return;
  const before = await supervisorPids(session, names);
  const unknown = names.filter((n) => before.get(n) === undefined);
  if (unknown.length)
    throw new KeelError(
      `${host}: supervisor does not know ${unknown.join(', ')} (were the program files installed? ssh-deploy with install-config does it)`,
    );
  const longest = Math.max(...names.map((n) => stopTimeoutMs.get(n) ?? 0));
  const r = await session.check(
    `restarting ${names.join(', ')} (a warm shutdown may take up to ${longest / 1000}s)`,
    script(
      raw('pids='),
      ...names.map(
        (n) =>
          // supervisorctl restart exits 1 when the stop half finds the process not running: what counts
          // is that it runs afterwards.
          sh`{ s=$(date +%s%3N); sudo -n ${CTL} restart ${n} >/dev/null; c=0; test "$(sudo -n ${CTL} pid ${n})" -gt 0 2>/dev/null || c=1; echo "restarted ${n} $c $(( $(date +%s%3N) - s ))"; exit $c; } & pids="$pids $!"`,
      ),
      raw('rc=0; for p in $pids; do wait "$p" || rc=1; done; exit $rc'),
    ),
    { timeoutMs: longest + 120_000 },
  );
  for (const m of r.stdout.matchAll(/^restarted (\S+) 0 (\d+)$/gm)) {
    const limit = stopTimeoutMs.get(m[1]!);
    if (limit !== undefined && Number(m[2]) >= limit)
      log.warn(
        `${host}: ${m[1]} did not finish its warm shutdown within its stop-timeout (${limit / 1000}s): supervisor killed what was left (tasks in flight were cut off)`,
      );
  }
  const fresh = (n: string, pid: number | undefined) => !!pid && pid !== before.get(n);
  const deadline = Date.now() + START_WAIT_MS;
  let now = await supervisorPids(session, names);
  while (!names.every((n) => fresh(n, now.get(n))) && Date.now() < deadline) {
    await sleep(500);
    now = await supervisorPids(session, names);
  }
  if (names.every((n) => fresh(n, now.get(n)))) {
    await sleep(cleanupWaitMs(SETTLE_MS));
    const later = await supervisorPids(session, names);
    if (names.every((n) => later.get(n) === now.get(n))) {
      log.info(
        `${host}: restarted ${names.map((n) => `${n} (PID ${before.get(n)} → ${now.get(n)})`).join(', ')}`,
      );
      return;
    }
    now = later;
  }
  const bad = names
    .filter((n) => !fresh(n, now.get(n)))
    .map((n) => `${n} has PID ${now.get(n) ?? '?'} (was ${before.get(n) ?? '?'})`);
  throw new KeelError(
    `${host}: the processes did not come back on the new release: ${bad.join('; ') || 'their PIDs kept changing (a crash loop)'}`,
    { hint: `Look at supervisorctl status and /var/log/<app>/ on ${host}.` },
  );
}

/**
 * processClock's reading under supervisor (src/releases/processes.ts parses it): `current`'s ctime, then per
 * process `active START` (seconds.micro) or `inactive -`. The start is the boot time (whole seconds, rounded
 * down) plus the process's start in clock ticks: never later than the truth, so a process is never taken for
 * one started after the switch when it was not (at worst one restarts once too often).
 */
export function supervisorClockScript(current: string, names: string[]) {
  return script(
    raw('set +e'),
    sh`stat -c %.6Z ${current} 2>/dev/null || echo -`,
    raw("bt=$(awk '/^btime/ { print $2 }' /proc/stat); hz=$(getconf CLK_TCK)"),
    ...names.map(
      (n) =>
        sh`p=$(sudo -n ${CTL} pid ${n} 2>/dev/null); s=$(cat /proc/$p/stat 2>/dev/null); if [ "$p" -gt 0 ] 2>/dev/null && [ -n "$s" ]; then s=\${s##*) }; set -- $s; awk -v b="$bt" -v t="\${20}" -v h="$hz" 'BEGIN { printf "active %.6f\\n", b + t / h }'; else echo 'inactive -'; fi`,
    ),
  );
}

const isSingletonFile = (install: string) => install.startsWith(`${SUPERVISOR_SINGLETON_DIR}/`);

/** How often a singleton's stop is polled (after a cancel, the clean-up waits for it cleanupWaitMs). */
const POLL_MS = 500;

/** What a host says about a singleton program before keel touches it (read without root where it can be). */
interface SingletonFacts {
  /** conf.d/<program>.conf exists (keel's link, or a file left by hand). */
  enabled: boolean;
  /** Other files in conf.d that declare `[program:<program>]` (exact line): not keel's to remove. */
  others: string[];
  /** Per process: its PID (0: loaded, not running), undefined: unknown to supervisor; 'denied': sudo refused. */
  pids: Map<string, number | undefined> | 'denied';
}

async function singletonFacts(session: SshSession, sets: ProcessSet[]): Promise<Map<string, SingletonFacts>> {
  const r = await session.check(
    'reading the singleton programs',
    script(
      raw('set +e'),
      ...sets.flatMap((p) => {
        const enabled = supervisorEnabled(p.program!);
        return [
          sh`if [ -e ${enabled} ] || [ -L ${enabled} ]; then echo enabled; else echo absent; fi`,
          // Exact line: a program `beat` is not declared by `[program:beat2]`.
          sh`printf 'others'; for f in $(grep -lxF ${`[program:${p.program!}]`} ${SUPERVISOR_CONF_DIR}/*.conf 2>/dev/null); do [ "$f" = ${enabled} ] || printf ' %s' "$f"; done; echo`,
          ...p.units.map((n) => sh`printf '%s\\n' "$(sudo -n ${SUPERVISORCTL} pid ${n} 2>&1 | tail -n 1)"`),
        ];
      }),
    ),
    { timeoutMs: 30_000 },
  );
  const lines = r.stdout.split('\n');
  let i = 0;
  const out = new Map<string, SingletonFacts>();
  for (const p of sets) {
    const enabled = lines[i++]?.trim() === 'enabled';
    const others = (lines[i++] ?? '').trim().split(/\s+/).slice(1);
    let pids: SingletonFacts['pids'] = new Map();
    for (const n of p.units) {
      const line = (lines[i++] ?? '').trim();
      if (pids === 'denied') continue;
      if (/^\d+$/.test(line)) pids.set(n, Number(line));
      else if (/no such process/i.test(line)) pids.set(n, undefined);
      else if (/^sudo: |password is required|not allowed/.test(line)) pids = 'denied';
      else
        throw new KeelError(
          `${session.endpoint.name}: cannot ask supervisor about ${n}: ${line || 'no answer'} (is supervisord running?)`,
        );
    }
    out.set(p.program!, { enabled, others, pids });
  }
  return out;
}

/**
 * On a host a singleton does not run on: its conf.d file removed, supervisord's warm stop of it started, and
 * waited for (polled, bounded by its stop-timeout) until supervisor knows none of its processes. Throws when
 * it cannot be confirmed: a singleton must never run twice. After a cancel, the wait ends; the stop goes on in
 * supervisord and the run says so.
 */
export async function retireSupervisorSingletons(
  session: SshSession,
  sets: ProcessSet[],
  log: Logger,
): Promise<void> {
  const host = session.endpoint.name;
  if (sets.length === 0) return;
  const why = `${sets.map((p) => p.name).join(', ')} runs on the singleton host only`;
  const facts = await singletonFacts(session, sets);
  const todo: ProcessSet[] = [];
  for (const p of sets) {
    const f = facts.get(p.program!)!;
    if (f.others.length)
      throw new KeelError(
        `${host}: ${f.others.join(', ')} also declare(s) [program:${p.program}], which keel did not write: keel cannot stop ${p.name} there for good, so it starts it nowhere (a singleton would run twice)`,
        {
          hint: `Remove ${f.others.join(', ')} on ${host} (keel manages ${p.program} itself), then run again.`,
        },
      );
    if (f.pids === 'denied') {
      // Never deployed with keel's sudo rules: keel never started it here, and no file declares it.
      if (!f.enabled) continue;
      throw new KeelError(
        `${host}: ${supervisorEnabled(p.program!)} declares ${p.name} but keel's sudo rules for supervisorctl are not installed here, so it cannot be stopped: a singleton would run twice`,
        {
          hint: 'Deploy the rendered sudo rules (install-config) to this host first, or remove the file by hand.',
        },
      );
    }
    if (f.enabled || [...f.pids.values()].some((x) => x !== undefined)) todo.push(p);
  }
  if (todo.length === 0) return;
  const names = todo.flatMap((p) => p.units);
  const running = names.filter((n) => {
    const pids = facts.get(todo.find((p) => p.units.includes(n))!.program!)!.pids;
    return pids !== 'denied' && (pids.get(n) ?? 0) > 0;
  });
  // Started, not waited for: the client gives up after a few seconds, supervisord goes on with the stop.
  const update = (p: ProcessSet) =>
    sh`sudo -n ${TIMEOUT} ${String(SUPERVISOR_RETIRE_CLIENT_S)} ${SUPERVISORCTL} update ${p.program!} >/dev/null 2>&1 || true`;
  await session.check(
    `stopping ${names.join(', ')} (${why})`,
    script(
      raw('set +e'),
      ...todo.map((p) => {
        const enabled = supervisorEnabled(p.program!);
        return sh`if [ -e ${enabled} ] || [ -L ${enabled} ]; then sudo -n rm -f ${enabled} || exit 1; fi`;
      }),
      sh`sudo -n ${SUPERVISORCTL} reread >/dev/null || exit 1`,
      ...todo.map(update),
    ),
    { timeoutMs: 60_000 },
  );
  const cleanup = isCancelled();
  const longest = Math.max(...todo.map((p) => p.stopTimeout)) * 1000 + 30_000;
  const deadline = Date.now() + cleanupWaitMs(longest);
  let pids = await supervisorPids(session, names);
  for (;;) {
    if (names.every((n) => pids.get(n) === undefined)) break;
    // Stopped and still loaded (the client gave up before the removal): the update drops it now.
    const stopped = todo.filter((p) => p.units.every((n) => !pids.get(n)));
    if (stopped.length)
      await session.check(
        `removing ${stopped.map((p) => p.program).join(', ')}`,
        script(raw('set +e'), ...stopped.map(update)),
        { timeoutMs: 60_000 },
      );
    if (Date.now() >= deadline) break;
    await sleep(POLL_MS);
    if (!cleanup) checkpoint();
    pids = await supervisorPids(session, names);
  }
  const left = names.filter((n) => pids.get(n) !== undefined);
  if (left.length && cleanup)
    log.warn(
      `${host}: cancelled while ${left.join(', ')} finished a warm shutdown: supervisord goes on with its stop (its file is gone: it never starts here again) (${why})`,
    );
  else if (left.length)
    throw new KeelError(
      `${host}: ${left.map((n) => `${n} (PID ${pids.get(n)})`).join(', ')} still known to supervisor after its stop (${why}): a singleton would run twice`,
      { hint: `Look at supervisorctl status on ${host}.` },
    );
  else if (running.length) log.info(`${host}: stopped and removed ${running.join(', ')} (${why})`);
  else log.info(`${host}: removed ${todo.map((p) => p.program).join(', ')} (${why})`);
}

/**
 * On the host a singleton runs on: its file linked into conf.d (replacing whatever was there), `reread`, and
 * `update` (supervisord adds and starts it, or restarts it when its file changed), until every process of it
 * runs. Returns the processes this started (they run the release live now: no restart needed).
 */
export async function enableSupervisorSingletons(
  session: SshSession,
  sets: ProcessSet[],
  log: Logger,
): Promise<Set<string>> {
  const host = session.endpoint.name;
  if (sets.length === 0) return new Set();
  const facts = await singletonFacts(session, sets);
  for (const p of sets) {
    const f = facts.get(p.program!)!;
    if (f.others.length)
      throw new KeelError(
        `${host}: ${f.others.join(', ')} also declare(s) [program:${p.program}], which keel did not write: remove it (keel manages ${p.program} itself)`,
      );
    if (f.pids === 'denied')
      throw new KeelError(
        `${host}: keel's sudo rules for supervisorctl are not installed here (ssh-deploy with install-config installs them)`,
      );
  }
  const names = sets.flatMap((p) => p.units);
  const before = new Map(
    sets.flatMap((p) => {
      const pids = facts.get(p.program!)!.pids as Map<string, number | undefined>;
      return p.units.map((n) => [n, pids.get(n)] as const);
    }),
  );
  const longest = Math.max(...sets.map((p) => p.stopTimeout)) * 1000;
  const r = await session.check(
    `starting ${sets.map((p) => p.program).join(', ')} on this host only`,
    script(
      ...sets.flatMap((p) => {
        const file = supervisorSingletonFile(p.program!);
        const enabled = supervisorEnabled(p.program!);
        return [
          sh`if ! [ -e ${file} ]; then echo ${`${file} is not installed (ssh-deploy with install-config installs it)`} >&2; exit 3; fi`,
          sh`if ! { [ -L ${enabled} ] && [ "$(readlink ${enabled})" = ${file} ]; }; then sudo -n rm -f ${enabled} && sudo -n ln -s ${file} ${enabled}; fi`,
        ];
      }),
      raw(
        `out=$(sudo -n ${SUPERVISORCTL} reread 2>&1); echo "$out"; case "$out" in *ERROR*|*Error*) exit 4 ;; esac`,
      ),
      ...sets.map((p) => sh`sudo -n ${SUPERVISORCTL} update ${p.program!}`),
    ),
    { timeoutMs: longest + 120_000 },
  );
  const said = r.stdout.trim().split('\n').filter(Boolean);
  if (said.length) log.info(`${host}: ${said.join('; ')}`);
  // Added or changed by this update: supervisord (re)started them; they must come up (bounded), and then run
  // the release live now. The others were left as they were: the caller restarts them.
  const started = sets.filter((p) =>
    new RegExp(`^${p.program!.replace(/[.]/g, '\\.')}: (added|updated) process group$`, 'm').test(r.stdout),
  );
  const startedNames = started.flatMap((p) => p.units);
  const deadline = Date.now() + START_WAIT_MS;
  let pids = await supervisorPids(session, names);
  while (
    (names.some((n) => pids.get(n) === undefined) || startedNames.some((n) => !pids.get(n))) &&
    Date.now() < deadline
  ) {
    await sleep(POLL_MS);
    pids = await supervisorPids(session, names);
  }
  const down = names.filter((n) => pids.get(n) === undefined || (startedNames.includes(n) && !pids.get(n)));
  if (down.length)
    throw new KeelError(
      `${host}: supervisor did not start ${down.join(', ')} within ${START_WAIT_MS / 1000}s`,
      { hint: `Look at supervisorctl status and /var/log/<app>/ on ${host}.` },
    );
  return new Set(startedNames.filter((n) => pids.get(n) !== before.get(n)));
}
