import type { HostReport } from '../remote/preflight.js';
import { type Report, mark } from './summary.js';

export function preflightReport(reports: HostReport[]): Report {
  const ok = reports.every((r) => r.ok);
  return {
    title: `keel host check: ${reports.filter((r) => r.ok).length}/${reports.length} hosts ready`,
    status: ok ? 'ok' : 'failed',
    tables: [
      {
        headers: ['host', 'result', 'host key', 'os', 'python3', 'sudo', 'systemd', 'problems'],
        rows: reports.map((r) => [
          r.host,
          mark(r.ok),
          r.hostKey ?? '-',
          r.facts.os ?? '-',
          r.facts.python3 ?? '-',
          r.facts.sudo ?? '-',
          r.facts.init === 'systemd' ? r.facts.systemd || 'yes' : r.facts.init ? 'no' : '-',
          r.error ??
            (r.checks
              .filter((c) => !c.ok)
              .map((c) => `${c.name}: ${c.detail}`)
              .join('; ') ||
              '-'),
        ]),
      },
    ],
  };
}
