/**
 * supervisor as the process manager (`process-manager: supervisor`; pure): the app and the processes beside it
 * as supervisor programs, one file each in /etc/supervisor/conf.d/, plus the exec wrapper that gives them their
 * environment and the logrotate rule for their logs.
 *
 * - `<app>.conf`: `[program:<app>]`, Gunicorn in the foreground from the deploy path (like the systemd unit's
 *   WorkingDirectory: Gunicorn goes back there on every HUP). Stopping: TERM to the master only (a graceful
 *   stop), KILL to the whole process group after `stopwaitsecs` (graceful-timeout + 10 s), like KillMode=mixed.
 * - `<app>-<name>.conf`: `[program:<app>-<name>]` with `numprocs` = instances, processes named
 *   `<app>-<name>_1` ... `_N`, run in `current` (the release live when it started). Stopping is a warm
 *   shutdown: TERM to the main process only (`stopasgroup=false`: a Celery worker stops taking tasks and lets
 *   its pool finish the ones in flight), and only after `stopwaitsecs` (the spec's stop-timeout) KILL to
 *   whatever is left of the group (`killasgroup=true`).
 * - The exec wrapper (`/usr/local/libexec/keel/<app>-exec`, Python, root's): supervisor has no
 *   EnvironmentFile, so every program starts through it. It reads the env file in systemd's EnvironmentFile
 *   format (KEY=VALUE lines, # and ; comments, '...' or "..." quoted values; nothing is expanded, no shell
 *   runs), adds the user's HOME/USER/LOGNAME/SHELL (systemd's User= sets them, supervisor's user= does not), the
 *   spec's app.environment, PYTHONUNBUFFERED and the release venv first on PATH, and execs the
 *   command. The env file wins over the spec, as with systemd. It runs as the app's user: the env file must be
 *   readable by that user (systemd reads it as root).
 * - Logs: stdout and stderr of each program (Gunicorn logs to them) in `/var/log/<app>/<program>.log`
 *   (supervisord writes them as root; the directory is root:root 0750), rotated by logrotate with
 *   `copytruncate` (supervisord keeps them open in append mode), never by supervisor itself.
 *
 * Every value that enters a program section goes through `supervisorValue` (the one function for supervisor's
 * ini syntax): `%` doubled (supervisor expands `%(name)s` in every value), no control characters, no leading or
 * trailing spaces, no ` ;`/` #` (configparser's inline comments); a command line's words are quoted for
 * `shlex.split` (how supervisor splits `command=`) with `;` and `#` outside quotes, escaped.
 */
import type { Resolved } from '../appspec/resolve.js';
import { splitCommand } from '../appspec/command.js';
import { pythonString as py } from './escape.js';

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\x00-\x1f\x7f\u2028\u2029\u0085]/;

/**
 * The ONE function that writes a value into a supervisor program section. A string is a plain value
 * (a path, a user name); a list of words is a command line, each word quoted for supervisor's `shlex.split`.
 * What supervisor's syntax cannot carry is refused with an Error naming the value.
 */
export function supervisorValue(value: string | string[]): string {
  const text = Array.isArray(value) ? commandLine(value) : value;
  const shown = JSON.stringify(Array.isArray(value) ? value : text);
  if (CONTROL.test(text))
    throw new Error(`a supervisor setting cannot carry control characters (newlines, tabs): ${shown}`);
  if (text !== text.trim() || text === '')
    throw new Error(`a supervisor setting cannot be empty or start or end with a space: ${shown}`);
  if (text.includes('%(here)s'))
    throw new Error(
      `a supervisor setting cannot hold the text %(here)s (supervisor replaces it, even after %%): ${shown}`,
    );
  if (/\s[;#]/.test(text))
    throw new Error(`a supervisor setting cannot hold a space before ; or # (an inline comment): ${shown}`);
  return text.replace(/%/g, '%%');
}

const SHLEX_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * Words as `shlex.split` (POSIX mode) reads them back: safe words bare; otherwise runs of characters in single
 * quotes (nothing is special inside), and `'`, `;` and `#` outside them, backslash-escaped, so configparser
 * never sees a space before `;` or `#` and a value never ends in a space.
 */
function commandLine(words: string[]): string {
  if (words.length === 0) throw new Error('a supervisor command line needs at least the program');
  return words
    .map((w) => {
      if (SHLEX_SAFE.test(w)) return w;
      if (w === '') return "''";
      // `%` stays outside the quotes: supervisor replaces the text `%(here)s` before anything else, even in
      // `%%(here)s`; `%%'(here)s'` reads back as `%(here)s` without ever holding that text.
      return w
        .split(/(['#;%])/)
        .filter((piece) => piece !== '')
        .map((piece) => (piece === '%' ? '%' : /^['#;]$/.test(piece) ? `\\${piece}` : `'${piece}'`))
        .join('');
    })
    .join(' ');
}

/** A program or group name in `[program:NAME]` and supervisorctl's arguments: letters, digits, _ . - only. */
export function supervisorName(name: string): string {
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name))
    throw new Error(`not a supervisor program name (letters, digits, _ . - only): ${JSON.stringify(name)}`);
  return name;
}

export const SUPERVISOR_CONF_DIR = '/etc/supervisor/conf.d';
export const SUPERVISORCTL = '/usr/bin/supervisorctl';
/**
 * Where a singleton's program file is installed on every host: outside conf.d, so supervisord never reads it
 * there. Only the host the singleton runs on links it into conf.d (`supervisorEnabled`), so after a reboot
 * supervisord starts it there and nowhere else.
 */
export const SUPERVISOR_SINGLETON_DIR = '/etc/supervisor/keel-singletons';
/**
 * How long a `supervisorctl update` that stops a singleton on a host it no longer runs on may keep its client
 * waiting: supervisord goes on with the warm stop on its own (TERM, then KILL after stopwaitsecs) and keel
 * polls for it, so no command of keel's waits on the host through a warm shutdown.
 */
export const SUPERVISOR_RETIRE_CLIENT_S = 3;
export const TIMEOUT = '/usr/bin/timeout';

/** A program's file in conf.d: what supervisord reads (for a singleton, the link on its host). */
export function supervisorEnabled(program: string): string {
  return `${SUPERVISOR_CONF_DIR}/${supervisorName(program)}.conf`;
}

/** A singleton program's file as installed on every host (linked into conf.d on its host only). */
export function supervisorSingletonFile(program: string): string {
  return `${SUPERVISOR_SINGLETON_DIR}/${supervisorName(program)}.conf`;
}

export function usesSupervisor(r: Resolved): boolean {
  return r.spec['process-manager'] === 'supervisor';
}

/** The exec wrapper every program of the app starts through. */
export function supervisorExecPath(r: Resolved): string {
  return `/usr/local/libexec/keel/${r.name}-exec`;
}

/** Where supervisord writes the programs' output (root:root 0750; ssh-deploy creates it). */
export function supervisorLogDir(r: Resolved): string {
  return `/var/log/${r.name}`;
}

export interface SupervisorProgram {
  /** The program and group name (`shop`, `shop-worker`). */
  program: string;
  /** The spec's process name, or undefined for the app itself. */
  process: string | undefined;
  /**
   * Where the file goes: /etc/supervisor/conf.d/<program>.conf; a singleton's goes to
   * /etc/supervisor/keel-singletons/<program>.conf on every host and is linked into conf.d on its host only.
   */
  install: string;
  /** Runs on one host only (the spec's singleton-host, or else the first of the hosts list). */
  singleton: boolean;
  singletonHost?: string;
  /** The process names supervisorctl knows: `shop` for the app, `shop-worker:shop-worker_1` ... */
  names: string[];
  argv: string[];
  directory: string;
  stopTimeout: number;
}

export function supervisorPrograms(r: Resolved): SupervisorProgram[] {
  const app: SupervisorProgram = {
    program: supervisorName(r.name),
    process: undefined,
    install: supervisorEnabled(r.name),
    singleton: false,
    names: [r.name],
    argv: [r.exec.program, ...r.exec.args],
    directory: r.path,
    stopTimeout: r.stopTimeoutSec,
  };
  const processes = Object.entries(r.spec.processes).map(([name, p]): SupervisorProgram => {
    const program = supervisorName(`${r.name}-${name}`);
    return {
      program,
      process: name,
      install: p.singleton ? supervisorSingletonFile(program) : supervisorEnabled(program),
      singleton: p.singleton,
      ...(p['singleton-host'] !== undefined ? { singletonHost: p['singleton-host'] } : {}),
      names: Array.from({ length: p.instances }, (_, i) => `${program}:${program}_${i + 1}`),
      argv: splitCommand(p.command),
      directory: r.current,
      stopTimeout: p['stop-timeout'],
    };
  });
  return [app, ...processes];
}

export function renderSupervisorProgram(r: Resolved, p: SupervisorProgram): string {
  const v = supervisorValue;
  const instances = p.process === undefined ? 1 : r.spec.processes[p.process]!.instances;
  return [
    '; Rendered by keel render-config; edit the spec, not this file.',
    p.process === undefined
      ? `; ${r.name}: Gunicorn. Reload: supervisorctl signal HUP ${p.program} (same master, new workers).`
      : `; ${r.name}'s ${p.process}: restarted after every deploy with a warm shutdown (tasks in flight finish).`,
    ...(p.singleton
      ? [
          `; A singleton: this file is on every host, linked into ${SUPERVISOR_CONF_DIR} on the one host it runs on;`,
          '; keel removes the link and stops it (warmly) everywhere else before that host starts it.',
        ]
      : []),
    `[program:${p.program}]`,
    `command=${v([supervisorExecPath(r), ...p.argv])}`,
    ...(p.process === undefined
      ? []
      : [
          `numprocs=${instances}`,
          'numprocs_start=1',
          // supervisor's own expansion, written as is: <program>_1 ... <program>_N.
          'process_name=%(program_name)s_%(process_num)d',
        ]),
    `directory=${v(p.directory)}`,
    `user=${v(r.user)}`,
    'umask=027',
    'autostart=true',
    '; Restarted when it exits on its own (like Restart=on-failure); a crash loop stops after 5 quick exits.',
    'autorestart=unexpected',
    'exitcodes=0',
    `startsecs=${p.process === undefined ? 5 : 2}`,
    'startretries=5',
    '; Stop: TERM to the main process only (Gunicorn: graceful; Celery: warm shutdown), KILL to the whole',
    '; group only after stopwaitsecs.',
    'stopsignal=TERM',
    `stopwaitsecs=${p.stopTimeout}`,
    'stopasgroup=false',
    'killasgroup=true',
    'redirect_stderr=true',
    `stdout_logfile=${v(`${supervisorLogDir(r)}/${p.program}.log`)}`,
    '; logrotate rotates the file (copytruncate), not supervisor.',
    'stdout_logfile_maxbytes=0',
    'stdout_logfile_backups=0',
    '',
  ].join('\n');
}

/** The exec wrapper (Python, no shell): the environment systemd's units would give, then the command. */
export function renderSupervisorExec(r: Resolved): string {
  const venv = `${r.current}/.venv`;
  const base: [string, string][] = [['PYTHONUNBUFFERED', '1'], ...Object.entries(r.spec.app.environment)];
  return [
    '#!/usr/bin/python3 -I',
    '# Rendered by keel render-config; edit the spec, not this file.',
    `# Starts a program of ${r.name} under supervisor with the environment its systemd unit would`,
    '# have: the env file (systemd EnvironmentFile format, nothing expanded, no shell), the spec environment,',
    '# the release venv first on PATH. Then it becomes the command (exec; no shell).',
    'import os',
    'import pwd',
    'import re',
    'import sys',
    '',
    `ENV_FILE = ${py(r.envFile)}`,
    `VENV = ${py(venv)}`,
    'SPEC = {',
    ...base.map(([k, val]) => `    ${py(k)}: ${py(val)},`),
    '}',
    "NAME = re.compile(r'[A-Za-z_][A-Za-z0-9_]*')",
    '',
    '',
    'def env_file(path):',
    '    try:',
    "        with open(path, encoding='utf-8') as f:",
    '            text = f.read()',
    '    except FileNotFoundError:',
    '        return {}',
    '    except OSError as e:',
    "        sys.exit(f'keel: cannot read the env file {path} as this user: {e.strerror}')",
    '    found = {}',
    '    for n, line in enumerate(text.splitlines(), 1):',
    '        line = line.strip()',
    "        if not line or line[0] in '#;':",
    '            continue',
    "        if line.startswith('export '):",
    '            line = line[7:].lstrip()',
    "        key, sep, value = line.partition('=')",
    '        key, value = key.strip(), value.strip()',
    '        if not sep or not NAME.fullmatch(key):',
    "            sys.exit(f'keel: {path} line {n} is not NAME=VALUE')",
    "        if len(value) >= 2 and value[0] == value[-1] and value[0] in '\"\\'':",
    '            quote, value = value[0], value[1:-1]',
    "            if quote == '\"':",
    "                value = re.sub(r'\\\\(.)', r'\\1', value)",
    '        found[key] = value',
    '    return found',
    '',
    '',
    'if len(sys.argv) < 2:',
    "    sys.exit('usage: ' + sys.argv[0] + ' PROGRAM [ARGUMENT...]')",
    'env = dict(os.environ)',
    "# What systemd's User= sets and supervisor's user= does not: the user's own HOME, USER, LOGNAME, SHELL.",
    'try:',
    '    pw = pwd.getpwuid(os.getuid())',
    '    env.update(HOME=pw.pw_dir, USER=pw.pw_name, LOGNAME=pw.pw_name, SHELL=pw.pw_shell)',
    'except KeyError:',
    '    pass',
    'env.update(SPEC)',
    "env['PATH'] = VENV + '/bin:/usr/local/bin:/usr/bin:/bin'",
    "env['VIRTUAL_ENV'] = VENV",
    'env.update(env_file(ENV_FILE))',
    'try:',
    '    os.execvpe(sys.argv[1], sys.argv[1:], env)',
    'except OSError as e:',
    "    sys.exit(f'keel: cannot run {sys.argv[1]}: {e.strerror}')",
    '',
  ].join('\n');
}

/** logrotate for the programs' logs: supervisord keeps them open in append mode, so they are copied and truncated. */
export function renderSupervisorLogrotate(r: Resolved): string {
  return [
    '# Rendered by keel render-config; edit the spec, not this file.',
    `# The output of ${r.name}'s supervisor programs (supervisord writes them as root and keeps them open).`,
    `${supervisorLogDir(r)}/*.log {`,
    '    daily',
    '    rotate 14',
    '    missingok',
    '    notifempty',
    '    compress',
    '    delaycompress',
    '    copytruncate',
    '}',
    '',
  ].join('\n');
}

/**
 * Every command line keel runs as root for the app's supervisor programs, as [program, arguments] (the sudo
 * rules; src/render/sudoers.ts writes them): the reread, each program's update, pid, start and restart by its
 * exact name, the app's signals, the tail of its log, and its log directory. For a singleton, also its link in
 * conf.d (made on its host, removed on the others) and the update whose client gives up after a few seconds
 * while supervisord stops it (src/releases/supervisor.ts, retireSupervisorSingletons).
 */
export function supervisorSudo(r: Resolved): [string, string[]][] {
  const ctl = SUPERVISORCTL;
  const programs = supervisorPrograms(r);
  const app = programs[0]!;
  const out: [string, string[]][] = [[ctl, ['reread']]];
  for (const p of programs) out.push([ctl, ['update', p.program]]);
  for (const p of programs.filter((x) => x.singleton)) {
    out.push(['/usr/bin/ln', ['-s', p.install, supervisorEnabled(p.program)]]);
    out.push(['/usr/bin/rm', ['-f', supervisorEnabled(p.program)]]);
    out.push([TIMEOUT, [String(SUPERVISOR_RETIRE_CLIENT_S), ctl, 'update', p.program]]);
  }
  for (const name of programs.flatMap((p) => p.names))
    for (const verb of ['pid', 'start', 'restart']) out.push([ctl, [verb, name]]);
  for (const sig of ['HUP', 'TTIN', 'TTOU']) out.push([ctl, ['signal', sig, app.program]]);
  out.push(['/usr/bin/tail', ['-n', '15', `${supervisorLogDir(r)}/${app.program}.log`]]);
  out.push(['/usr/bin/install', ['-d', '-m', '0750', '-o', 'root', '-g', 'root', supervisorLogDir(r)]]);
  return out;
}
