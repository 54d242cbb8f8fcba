/**
 * What a Gunicorn master and its workers look like from the host, read over SSH: the master, each worker as
 * (pid, start time) so a reused PID is never taken for the same process, and the facts a reload depends on
 * (preload_app, the bind, the systemd unit that owns the master).
 */
import { KeelError } from '../errors.js';
import { raw, script, sh, type ShellFragment } from '../remote/quote.js';
import type { SshSession } from '../remote/ssh.js';
import { HOOKS_SIGNATURE } from './hooks.js';

export interface Proc {
  pid: number;
  /** Start time in clock ticks after boot (field 22 of /proc/PID/stat). */
  start: number;
}

export interface Generation {
  master: Proc | undefined;
  workers: Proc[];
}

export const procId = (p: Proc): string => `${p.pid}@${p.start}`;

/** Shell: prints `P pid start` for process $1 if it exists (a bash function, defined once per script). */
const STAT_FN = raw(
  'stat_of() { local s; s=$(cat "/proc/$1/stat" 2>/dev/null) || return 0; s=${s##*) }; set -- $s; echo "$1:${20}"; }',
);

/** Shell printing the generation of master $m: `master PID START` then `worker PID START` lines. */
function generationScript(master: ShellFragment): ShellFragment {
  return script(
    raw('set +e'),
    STAT_FN,
    sh`m=${master}`,
    raw('[ -n "$m" ] && [ "$m" != 0 ] || exit 0'),
    raw('st=$(stat_of "$m"); [ -n "$st" ] || exit 0'),
    raw('case $st in Z:*) exit 0;; esac'),
    raw('echo "master $m ${st#*:}"'),
    raw(
      'for w in $(ps -o pid= --ppid "$m" 2>/dev/null); do ws=$(stat_of "$w"); case $ws in ""|Z:*) ;; *) echo "worker $w ${ws#*:}";; esac; done',
    ),
  );
}

export function parseGeneration(text: string): Generation {
  const g: Generation = { master: undefined, workers: [] };
  for (const line of text.split('\n')) {
    const [kind, pid, start] = line.trim().split(/\s+/);
    if (!pid || !start || !/^\d+$/.test(pid) || !/^\d+$/.test(start)) continue;
    const p = { pid: Number(pid), start: Number(start) };
    if (kind === 'master') g.master = p;
    else if (kind === 'worker') g.workers.push(p);
  }
  return g;
}

/** The generation under the master whose PID `masterPid` gives (a shell expression, e.g. `$(cat pidfile)`). */
export async function readGeneration(session: SshSession, masterPid: ShellFragment): Promise<Generation> {
  const r = await session.check('reading the Gunicorn processes', generationScript(masterPid));
  return parseGeneration(r.stdout);
}

/**
 * A reload is proved when the master is the same process and every worker is new: none of the workers seen
 * before the reload is left, and exactly the expected number is running (a drifted count before the reload,
 * e.g. a worker too many after an interrupted TTIN, is not the target).
 */
export function isNewGeneration(
  before: Generation,
  now: Generation,
  sameMaster: boolean,
  expected: number,
): boolean {
  if (!now.master || !before.master) return false;
  if (sameMaster && procId(now.master) !== procId(before.master)) return false;
  const old = new Set(before.workers.map(procId));
  return now.workers.length === Math.max(expected, 1) && now.workers.every((w) => !old.has(procId(w)));
}

export interface MasterFacts {
  /** The master's command line, NUL-separated arguments. */
  argv: string[];
  /** preload_app is on (`--preload` or `preload_app = True` in its config file). */
  preload: boolean;
  /** The systemd service that has this master as its main process, if any. */
  systemdUnit: string | undefined;
  /** The first bind address on its command line or in its config file. */
  bind: string | undefined;
  /** Its config file's path as given (e.g. under `current/`), when it has one. */
  config: string | undefined;
  /** The worker count on its command line (`-w`, `--workers`) or as a number in its config file. */
  workers: number | undefined;
  /** Its `--chdir` (or a quoted `chdir` in its config file): where it imports the app from. */
  chdir: string | undefined;
  /** Its config file has keel's worker hooks (GUNICORN_HOOKS): workers record what they loaded. */
  hooks: boolean;
}

/** Reads what a reload needs to know about a running master. */
export async function masterFacts(
  session: SshSession,
  pid: number,
  configHint?: string,
): Promise<MasterFacts> {
  const r = await session.check(
    'reading the Gunicorn master',
    script(
      raw('set +e'),
      sh`pid=${pid}`,
      raw('echo "cwd=$(readlink "/proc/$pid/cwd" 2>/dev/null)"'),
      raw('printf "argv="; tr "\\0" "\\036" < "/proc/$pid/cmdline"; echo'),
      // cgroup v2 (`0::/system.slice/x.service`) or v1's name=systemd line: the unit is the last path part.
      raw('unit=$(grep -o "[^/]*\\.service$" "/proc/$pid/cgroup" 2>/dev/null | head -n1)'),
      raw(
        'if [ -n "$unit" ] && command -v systemctl >/dev/null; then main=$(systemctl show -p MainPID --value "$unit" 2>/dev/null); [ "$main" = "$pid" ] && echo "unit=$unit"; fi',
      ),
      sh`hint=${configHint ?? ''}`,
      raw('echo "hint=$hint"'),
    ),
  );
  const kv = new Map<string, string>();
  for (const line of r.stdout.split('\n')) {
    const i = line.indexOf('=');
    if (i > 0) kv.set(line.slice(0, i), line.slice(i + 1));
  }
  const argv = (kv.get('argv') ?? '').split('\x1e').filter((a) => a !== '');
  const cwd = kv.get('cwd') ?? '';
  const flag = (names: string[]): string | undefined => {
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i]!;
      for (const n of names) {
        if (a === n) return argv[i + 1];
        if (a.startsWith(`${n}=`)) return a.slice(n.length + 1);
        if (n.length === 2 && a.startsWith(n) && !a.startsWith('--')) return a.slice(2);
      }
    }
    return undefined;
  };
  let config = flag(['-c', '--config']) ?? configHint;
  if (config && !config.startsWith('/') && !config.startsWith('python:')) config = `${cwd}/${config}`;
  const chdir = flag(['--chdir']);
  if (!config && chdir) config = `${chdir}/gunicorn.conf.py`;
  let configText = '';
  if (config && !config.startsWith('python:')) {
    const c = await session.run(sh`cat ${config}`);
    if (c.code === 0) configText = c.stdout;
  }
  const preload = argv.includes('--preload') || /^\s*preload_app\s*=\s*True\b/m.test(configText);
  const confBind = /^\s*bind\s*=\s*\[?\s*["']([^"']+)["']/m.exec(configText)?.[1];
  const cliWorkers = flag(['-w', '--workers']);
  const confWorkers = /^\s*workers\s*=\s*(\d+)\s*(#.*)?$/m.exec(configText)?.[1];
  const workers = Number(cliWorkers ?? confWorkers);
  const confChdir = /^\s*chdir\s*=\s*["']([^"']+)["']/m.exec(configText)?.[1];
  return {
    chdir: chdir ?? confChdir ?? (cwd || undefined),
    workers: Number.isInteger(workers) && workers > 0 ? workers : undefined,
    hooks: configText.includes(HOOKS_SIGNATURE) && /^def post_worker_init\(/m.test(configText),
    argv,
    preload,
    systemdUnit: kv.get('unit') || undefined,
    bind: flag(['-b', '--bind']) ?? confBind,
    config: config && !config.startsWith('python:') ? config : undefined,
  };
}

/** systemd's view of a unit, by `systemctl show` (no privileges needed). */
export interface UnitState {
  unit: string;
  loaded: boolean;
  active: boolean;
  mainPid: number;
  triggeredBy: string[];
  listen: string[];
}

export async function unitState(session: SshSession, unit: string): Promise<UnitState> {
  // One round trip: the unit's state, then what each socket that triggers it listens on (read every poll of a
  // reload, so a second command per read would double the reload's polling).
  const r = await session.run(unitStateScript(unit));
  if (r.code !== 0) {
    throw new KeelError(
      `${session.endpoint.name}: cannot ask systemd about ${unit}: ${r.stderr.trim() || `exit ${r.code}`}`,
    );
  }
  return parseUnitState(unit, r.stdout);
}

const LISTEN = 'KEEL_LISTEN';

/** The script unitState runs: `systemctl show`'s lines, then one `KEEL_LISTEN` line per listening address. */
export function unitStateScript(unit: string): ShellFragment {
  return script(
    sh`out=$(systemctl show ${unit} -p LoadState -p ActiveState -p MainPID -p TriggeredBy --no-pager)`,
    raw(`printf '%s\\n' "$out"`),
    raw(`for s in $(printf '%s\\n' "$out" | sed -n 's/^TriggeredBy=//p'); do`),
    raw(
      `  case "$s" in *.socket) systemctl show "$s" -p Listen --value --no-pager | sed 's/^/${LISTEN} /' || true ;; esac`,
    ),
    raw('done'),
  );
}

/** unitState's answer (pure): `Key=value` lines of the unit, then `KEEL_LISTEN <address> (<type>)` per listen. */
export function parseUnitState(unit: string, stdout: string): UnitState {
  const lines = stdout.split('\n');
  const kv = new Map(
    lines
      .filter((l) => !l.startsWith(`${LISTEN} `) && l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1).trim()]),
  );
  const triggeredBy = (kv.get('TriggeredBy') ?? '').split(/\s+/).filter(Boolean);
  // "/run/shop.sock (Stream)" → the address.
  const listen = lines
    .filter((l) => l.startsWith(`${LISTEN} `))
    .map((l) =>
      l
        .slice(LISTEN.length + 1)
        .replace(/\s*\(.*\)\s*$/, '')
        .trim(),
    )
    .filter(Boolean);
  return {
    unit,
    loaded: kv.get('LoadState') === 'loaded',
    active: kv.get('ActiveState') === 'active',
    mainPid: Number(kv.get('MainPID') ?? 0),
    triggeredBy,
    listen,
  };
}
