/**
 * systemd units for the processes beside the app (pure): one template unit `<app>-<name>@.service` per
 * process, run as `<app>-<name>@1.service` ... `@N.service`. Same user, env file, environment and sandbox as
 * the app's service; the command runs without a shell in `current` with the release's venv first on PATH.
 * Stopping is a warm shutdown: SIGTERM to the main process only (a Celery worker stops taking tasks and waits
 * for the ones in flight), SIGKILL to whatever is left after `stop-timeout`.
 */
import { splitCommand } from '../appspec/command.js';
import type { Resolved } from '../appspec/resolve.js';
import { systemdEnvironment, systemdExec, systemdValue as v } from './escape.js';
import { environmentLines, sandbox } from './systemd.js';

export interface ProcessUnits {
  /** The spec's name (`worker`). */
  name: string;
  /** The template unit file's name: `<app>-<name>@.service`. */
  template: string;
  /** The instances keel enables and restarts: `<app>-<name>@1.service` ... */
  units: string[];
  /** The command line as keel runs it (no shell). */
  argv: string[];
  stopTimeout: number;
  /** Runs on one host only: `singletonHost`, or else the first host of the hosts list. */
  singleton: boolean;
  singletonHost?: string;
}

/** What `env` is: a name without / is looked up on the unit's PATH (systemd itself only searches /usr/bin...). */
export const ENV = '/usr/bin/env';

export function processUnits(r: Resolved): ProcessUnits[] {
  return Object.entries(r.spec.processes).map(([name, p]) => {
    const words = splitCommand(p.command);
    const base = `${r.name}-${name}`;
    return {
      name,
      template: `${base}@.service`,
      units: Array.from({ length: p.instances }, (_, i) => `${base}@${i + 1}.service`),
      argv: words[0]!.startsWith('/') ? words : [ENV, ...words],
      stopTimeout: p['stop-timeout'],
      singleton: p.singleton,
      ...(p['singleton-host'] !== undefined ? { singletonHost: p['singleton-host'] } : {}),
    };
  });
}

export function renderProcess(r: Resolved, p: ProcessUnits): string {
  const box = sandbox(r);
  const bin = `${r.current}/.venv/bin`;
  return [
    '# Rendered by keel render-config; edit the spec, not this file.',
    '[Unit]',
    // %i is systemd's instance specifier, written as is; the names go through systemdValue.
    `Description=${v(r.name)} ${v(p.name)} %i`,
    'After=network-online.target',
    'Wants=network-online.target',
    '# A crash loop stops after 5 starts in 2 minutes instead of spinning forever.',
    'StartLimitIntervalSec=120',
    'StartLimitBurst=5',
    '',
    '[Service]',
    'Type=exec',
    `User=${v(r.user)}`,
    `Group=${v(r.group)}`,
    `WorkingDirectory=${v(r.current)}`,
    `EnvironmentFile=-${v(r.envFile)}`,
    'Environment=PYTHONUNBUFFERED=1',
    ...environmentLines(r),
    '# The release venv first: the command is looked up there before the system.',
    systemdEnvironment('PATH', `${bin}:/usr/local/bin:/usr/bin:/bin`),
    systemdEnvironment('VIRTUAL_ENV', `${r.current}/.venv`),
    `ExecStart=${systemdExec(p.argv)}`,
    '# Warm shutdown: TERM to the main process only (tasks in flight finish), KILL to what is left after the timeout.',
    'KillSignal=SIGTERM',
    'KillMode=mixed',
    `TimeoutStopSec=${p.stopTimeout}`,
    'Restart=on-failure',
    `RestartSec=${r.spec.systemd['restart-sec']}`,
    ...(r.logDir ? [`LogsDirectory=${v(r.name)}`, 'LogsDirectoryMode=0750'] : []),
    box.readWritePaths,
    `SyslogIdentifier=${v(`${r.name}-${p.name}`)}`,
    ...box.hardening,
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n');
}
