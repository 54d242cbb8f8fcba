import type { SmokeReport } from '../probes/smoke.js';
import { type Report, mark } from './summary.js';

export function smokeReport(r: SmokeReport): Report {
  return {
    title: `keel smoke-check ${r.url}: ${r.checks.filter((c) => c.ok).length}/${r.checks.length} passed${r.score ? `, grade ${r.score.grade} (${r.score.score})` : ''}`,
    status: r.passed ? 'ok' : 'failed',
    lines: [
      [
        r.version ? `version \`${r.version}\`` : '',
        r.certDaysLeft !== undefined ? `certificate: ${r.certDaysLeft} days left` : '',
      ]
        .filter(Boolean)
        .join(', '),
    ].filter(Boolean),
    tables: [
      {
        headers: ['check', 'expected', 'got', 'result'],
        rows: r.checks.map((c) => [c.name, c.expected, c.got, mark(c.ok)]),
      },
      ...(r.score
        ? [
            {
              caption: 'Security headers (MDN HTTP Observatory rules)',
              headers: ['test', 'points', 'why'],
              rows: r.score.items.map((i) => [i.test, String(i.points), i.why]),
            },
          ]
        : []),
    ],
  };
}
