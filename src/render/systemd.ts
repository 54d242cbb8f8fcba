/**
 * systemd units from a resolved spec (pure): <app>.service (Type=notify, HUP reloads, a hardening profile that
 * scores "OK" in `systemd-analyze security`) and, for socket activation, <app>.socket.
 */
import type { Resolved } from '../appspec/resolve.js';
import { systemdEnvironment, systemdExec, systemdValue as v, systemdWord } from './escape.js';

const STRICT = [
  '# Sandbox: the app sees a read-only system, its own /tmp and /dev, no privileges and no kernel knobs.',
  'NoNewPrivileges=yes',
  'CapabilityBoundingSet=',
  'AmbientCapabilities=',
  'PrivateTmp=yes',
  'PrivateDevices=yes',
  'DevicePolicy=closed',
  'PrivateUsers=yes',
  'ProtectSystem=strict',
  'ProtectHome=yes',
  'ProtectKernelTunables=yes',
  'ProtectKernelModules=yes',
  'ProtectKernelLogs=yes',
  'ProtectControlGroups=yes',
  'ProtectClock=yes',
  'ProtectHostname=yes',
  'ProtectProc=invisible',
  'ProcSubset=pid',
  'RestrictNamespaces=yes',
  'RestrictRealtime=yes',
  'RestrictSUIDSGID=yes',
  'LockPersonality=yes',
  'RemoveIPC=yes',
  'KeyringMode=private',
  'RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6',
  'SystemCallArchitectures=native',
  'SystemCallFilter=@system-service',
  'SystemCallFilter=~@privileged @resources @mount @debug @cpu-emulation @obsolete @raw-io @reboot @swap',
  '# Gunicorn workers call setuid()/setgid() to their own ids on boot; without capabilities they can change nothing.',
  'SystemCallFilter=@setuid',
  'SystemCallErrorNumber=EPERM',
  'UMask=0027',
];

const BASIC = [
  '# Basic sandbox: no privileges, read-only system, private /tmp.',
  'NoNewPrivileges=yes',
  'CapabilityBoundingSet=',
  'PrivateTmp=yes',
  'ProtectSystem=full',
  'ProtectHome=yes',
  'UMask=0027',
];

/**
 * The sandbox every unit keel renders for the app runs in (the app's service and the processes beside it):
 * what it may write (shared/, the log directory, the spec's extra paths) and the spec's hardening profile.
 */
export function sandbox(r: Resolved): { readWritePaths: string; hardening: string[] } {
  const s = r.spec;
  const writable = [r.shared, ...(r.logDir ? [r.logDir] : []), ...s.systemd['read-write-paths']];
  const hardening = s.systemd.hardening === 'strict' ? STRICT : s.systemd.hardening === 'basic' ? BASIC : [];
  return { readWritePaths: `ReadWritePaths=${writable.map((p) => systemdWord(p)).join(' ')}`, hardening };
}

/** The spec's app.environment as Environment= lines (the app's service and the processes share them). */
export function environmentLines(r: Resolved): string[] {
  return Object.entries(r.spec.app.environment).map(([k, value]) => systemdEnvironment(k, value));
}

export function renderService(r: Resolved): string {
  const s = r.spec;
  const env = environmentLines(r);
  const box = sandbox(r);
  return [
    '# Rendered by keel render-config; edit the spec, not this file.',
    '[Unit]',
    `Description=${v(s.app.name)} (Gunicorn)`,
    'After=network-online.target',
    'Wants=network-online.target',
    ...(r.units.socket ? [`Requires=${v(r.units.socket)}`, `After=${v(r.units.socket)}`] : []),
    '# A crash loop stops after 5 starts in 2 minutes instead of spinning forever.',
    'StartLimitIntervalSec=120',
    'StartLimitBurst=5',
    '',
    '[Service]',
    'Type=notify',
    '# Gunicorn tells systemd when it is ready; only the master may.',
    'NotifyAccess=main',
    `User=${v(r.user)}`,
    `Group=${v(r.group)}`,
    // The deploy path, never a release: Gunicorn remembers the directory it started in and goes back to it on
    // every HUP before reading its config (whose `chdir` then enters `current`). Started in a release, the
    // master would die on the first HUP after keep-N pruned that release.
    `WorkingDirectory=${v(r.path)}`,
    `EnvironmentFile=-${v(r.envFile)}`,
    'Environment=PYTHONUNBUFFERED=1',
    ...env,
    `ExecStart=${systemdExec([r.exec.program, ...r.exec.args])}`,
    '# HUP: new workers with the new code, same master, no dropped requests.',
    'ExecReload=/bin/kill -s HUP $MAINPID',
    '# TERM to the master (graceful), then to what is left.',
    'KillMode=mixed',
    `# Longer than graceful_timeout (${s.gunicorn['graceful-timeout']}s), so in-flight requests can finish.`,
    `TimeoutStopSec=${r.stopTimeoutSec}`,
    'TimeoutStartSec=90',
    'Restart=on-failure',
    `RestartSec=${s.systemd['restart-sec']}`,
    ...(r.logDir ? [`LogsDirectory=${v(r.name)}`, 'LogsDirectoryMode=0750'] : []),
    box.readWritePaths,
    `SyslogIdentifier=${v(r.name)}`,
    ...box.hardening,
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n');
}

export function renderSocket(r: Resolved): string | undefined {
  if (!r.units.socket) return undefined;
  const listen = r.socketPath ?? r.bind;
  return [
    '# Rendered by keel render-config; edit the spec, not this file.',
    '[Unit]',
    `Description=${v(r.spec.app.name)} listening socket`,
    '',
    '[Socket]',
    `ListenStream=${v(listen)}`,
    ...(r.socketPath ? [`SocketUser=${v(r.user)}`, `SocketGroup=${v(r.proxyGroup)}`, 'SocketMode=0660'] : []),
    '# Connections wait in the backlog while the service restarts, instead of being refused.',
    'Backlog=2048',
    '',
    '[Install]',
    'WantedBy=sockets.target',
    '',
  ].join('\n');
}
