/**
 * The reload under supervisor (strategy `supervisor`, `process-manager: supervisor` in the spec): the same
 * proved HUP as systemd's (`supervisorctl signal HUP <program>` to the Gunicorn master: the same master, every
 * worker new, then the health gate, the release each worker loaded, and the automatic rollback), through the
 * operations below instead of systemctl's. Every command is one `sudo -n supervisorctl VERB NAME` that the
 * rendered sudo rules allow with exactly these arguments.
 */
import { KeelError } from '../errors.js';
import { sh, type ShellFragment } from '../remote/quote.js';
import type { SshSession } from '../remote/ssh.js';
import { SUPERVISORCTL } from '../render/supervisor.js';
import { type UnitState, unitState } from './gunicorn.js';

/** What a reloader asks of the process manager that runs the Gunicorn master. */
export interface ManagerOps {
  /** How the log names it: `shop.service`, `supervisor program shop`. */
  label: string;
  /** Whether it is known, running, and its main process (the master). */
  state(): Promise<UnitState>;
  /** Sends a signal to the master only. */
  signal(sig: 'TTIN' | 'TTOU'): ShellFragment;
  /** HUP to the master (systemd: its ExecReload). */
  reload(): ShellFragment;
  /** Stops and starts it (strategy `restart`, and a master that died on the bad release). */
  restart(): ShellFragment;
  /** Clears a failed state before a restart, when the manager has one. */
  resetFailed(): ShellFragment | undefined;
  /** The last lines of its log (empty when unreadable). */
  logTail(): Promise<string>;
  /** Where to look next, for an error. */
  logHint: string;
}

export function systemdOps(session: SshSession, unit: string): ManagerOps {
  return {
    label: unit,
    state: () => unitState(session, unit),
    signal: (sig) => sh`sudo -n systemctl kill -s ${sig} --kill-whom=main ${unit}`,
    reload: () => sh`sudo -n systemctl reload ${unit}`,
    restart: () => sh`sudo -n systemctl restart ${unit}`,
    resetFailed: () => sh`sudo -n systemctl reset-failed ${unit}`,
    logTail: () =>
      session
        .run(sh`sudo -n journalctl -u ${unit} -n 15 --no-pager -o cat`)
        .then((r) => r.stdout.trim())
        .catch(() => ''),
    logHint: `journalctl -u ${unit}`,
  };
}

/**
 * `supervisorctl pid NAME`'s answer (pure): a PID (0: known, not running), or supervisor's own error, e.g.
 * `No such process shop` (not loaded) or a socket it cannot reach (supervisord is not running).
 */
export function parseSupervisorPid(
  program: string,
  stdout: string,
  stderr: string,
): { loaded: boolean; pid: number } | { error: string } {
  const text = `${stdout}\n${stderr}`.trim();
  if (/^\d+$/.test(stdout.trim())) return { loaded: true, pid: Number(stdout.trim()) };
  if (/no such process/i.test(text)) return { loaded: false, pid: 0 };
  return { error: text.split('\n').slice(-2).join(' ') || `no answer about ${program}` };
}

export function supervisorOps(session: SshSession, program: string, logFile: string): ManagerOps {
  const ctl = SUPERVISORCTL;
  return {
    label: `supervisor program ${program}`,
    async state() {
      const r = await session.run(sh`sudo -n ${ctl} pid ${program}`, { timeoutMs: 30_000 });
      const p = parseSupervisorPid(program, r.stdout, r.stderr);
      if ('error' in p)
        throw new KeelError(
          `${session.endpoint.name}: cannot ask supervisor about ${program}: ${p.error} (is supervisord running, and are keel's sudo rules installed?)`,
        );
      return {
        unit: program,
        loaded: p.loaded,
        active: p.pid > 0,
        mainPid: p.pid,
        triggeredBy: [],
        listen: [],
      };
    },
    signal: (sig) => sh`sudo -n ${ctl} signal ${sig} ${program}`,
    reload: () => sh`sudo -n ${ctl} signal HUP ${program}`,
    // supervisorctl restart exits 1 when the stop half finds it not running (a master that died): what
    // counts is that it runs afterwards.
    restart: () =>
      sh`sudo -n ${ctl} restart ${program}; test "$(sudo -n ${ctl} pid ${program})" -gt 0 2>/dev/null`,
    resetFailed: () => undefined,
    logTail: () =>
      session
        .run(sh`sudo -n tail -n 15 ${logFile}`)
        .then((r) => r.stdout.trim())
        .catch(() => ''),
    logHint: `${logFile} (supervisor's log of ${program})`,
  };
}
