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
 *   KILL to the group only after stopwaitsecs (the spec's stop-timeout); proved by a new PID that stays.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { KeelError } from '../errors.js';
import { raw, script, sh } from '../remote/quote.js';
import type { SshSession } from '../remote/ssh.js';
import { SUPERVISORCTL } from '../render/supervisor.js';
import type { Logger } from '../log.js';

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
  const programs = changed.filter((f) => f.kind === 'supervisor-program').map(programOf);
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
        (p) => sh`if [ -e ${`/etc/supervisor/conf.d/${p.program}.conf`} ]; then echo y; else echo n; fi`,
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
    await sleep(SETTLE_MS);
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
