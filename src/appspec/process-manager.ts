/**
 * `process-manager: supervisor`: what in a spec only systemd can do, refused by name before any file is rendered
 * or any host touched (pure). systemd is the default and needs nothing here.
 *
 * systemd-only in keel: the socket unit (`gunicorn.bind: unix`, `gunicorn.socket-activation`, reload strategy
 * `socket`), the sandbox and its exposure score (`systemd:`), the firewall's automatic revert (a transient
 * systemd timer), and the alert rules read from node_exporter's systemd collector (`alerts.restarts-per-hour`).
 * `singleton` processes work under both (supervisor: the program file is linked into conf.d on its host only, and
 * removed and stopped everywhere else first; src/releases/supervisor.ts).
 */
import type { Problem } from '../errors.js';
import type { Spec } from './schema.js';

const SUPERVISOR = 'with process-manager: supervisor';

/** The reload-graceful strategies that work with each process manager (`deploy.strategy` in the spec). */
export const SUPERVISOR_STRATEGIES = ['supervisor'] as const;

export function processManagerProblems(
  spec: Spec,
  raw: Record<string, unknown>,
): { errors: Problem[]; warnings: Problem[] } {
  const errors: Problem[] = [];
  const warnings: Problem[] = [];
  const strategy = spec.deploy.strategy;
  if (spec['process-manager'] !== 'supervisor') {
    if (strategy === 'supervisor')
      errors.push({
        field: 'deploy.strategy',
        message: "'supervisor' (supervisorctl signal HUP) needs process-manager: supervisor",
      });
    return { errors, warnings };
  }
  const rawGunicorn = (raw.gunicorn ?? {}) as Record<string, unknown>;
  if (spec.gunicorn.bind === 'unix')
    errors.push({
      field: 'gunicorn.bind',
      message: `is unix (the default), which is systemd's socket unit holding /run/<app>.sock for the proxy: ${SUPERVISOR} use bind: tcp (Gunicorn listens on 127.0.0.1:<port>)`,
    });
  if (rawGunicorn['socket-activation'] === true)
    errors.push({
      field: 'gunicorn.socket-activation',
      message: `is systemd-only (a .socket unit holds the listening socket): ${SUPERVISOR} remove it`,
    });
  if (spec.gunicorn.logs === 'file')
    errors.push({
      field: 'gunicorn.logs',
      message: `is file: ${SUPERVISOR} Gunicorn's output already goes to /var/log/<app>/<app>.log (supervisor's log file, rotated by logrotate); remove logs: file`,
    });
  if (raw.systemd !== undefined)
    errors.push({
      field: 'systemd',
      message: `is systemd-only (the unit's sandbox, its exposure score, RestartSec): supervisor has none of it; ${SUPERVISOR} remove the systemd: section`,
    });
  if (spec.firewall?.enabled)
    errors.push({
      field: 'firewall',
      message: `is systemd-only for now: its lock-out guard reverts the rules with a transient systemd timer; ${SUPERVISOR} set firewall.enabled: false and manage ufw yourself`,
    });
  if (strategy !== undefined && !(SUPERVISOR_STRATEGIES as readonly unknown[]).includes(strategy))
    errors.push({
      field: 'deploy.strategy',
      message: `is ${JSON.stringify(strategy)}, which is systemd-only (systemctl, a .socket unit or a pidfile): ${SUPERVISOR} use 'supervisor' (supervisorctl signal HUP, the default)`,
    });
  const rawAlerts = (raw.alerts ?? {}) as Record<string, unknown>;
  if (rawAlerts['restarts-per-hour'] !== undefined)
    warnings.push({
      field: 'alerts.restarts-per-hour',
      message: `is read from node_exporter's systemd collector: ${SUPERVISOR} the unit-state and restart alerts are not rendered (the HTTP and certificate alerts are)`,
    });
  return { errors, warnings };
}
