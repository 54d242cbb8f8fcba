import type { HostResult } from '../releases/deploy.js';
import type { RollbackResult } from '../releases/rollback.js';
import type { Skipped } from '../releases/run.js';
import { type Report, mark } from './summary.js';

const kib = (b: number) => `${(b / 1024).toFixed(0)} KiB`;

export function deployReport(release: string, results: (HostResult | Skipped)[]): Report {
  const ok = results.every((r) => r.ok);
  return {
    title: `keel deploy ${release}: ${results.filter((r) => r.ok).length}/${results.length} hosts`,
    status: ok ? 'ok' : 'failed',
    tables: [
      {
        headers: [
          'host',
          'result',
          'previous',
          'sent',
          'unchanged',
          'removed',
          'bytes',
          'seconds',
          'problem',
        ],
        rows: results.map((r) =>
          'skipped' in r
            ? [r.host, 'skipped', '-', '-', '-', '-', '-', '-', 'not attempted: an earlier batch failed']
            : [
                r.host,
                r.ok ? 'pass' : r.rolledBack ? 'FAIL (switched back)' : 'FAIL',
                r.previous ?? '-',
                String(r.uploadedFiles),
                String(r.unchangedFiles),
                String(r.removedFiles),
                kib(r.uploadedBytes),
                String(r.seconds),
                r.error ?? (r.pruned.length ? `pruned ${r.pruned.join(', ')}` : '-'),
              ],
        ),
      },
    ],
  };
}

export function rollbackReport(results: (RollbackResult | Skipped)[]): Report {
  return {
    title: `keel rollback: ${results.filter((r) => r.ok).length}/${results.length} hosts`,
    status: results.every((r) => r.ok) ? 'ok' : 'failed',
    tables: [
      {
        headers: ['host', 'result', 'from', 'to', 'problem'],
        rows: results.map((r) =>
          'skipped' in r
            ? [r.host, 'skipped', '-', '-', 'not attempted: an earlier batch failed']
            : [r.host, mark(r.ok), r.from ?? '-', r.to ?? '-', r.error ?? '-'],
        ),
      },
    ],
  };
}
