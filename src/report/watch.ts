/**
 * The watch in the job summary: per host, the 5xx ratio and p95 per bucket before and after the switch as
 * Mermaid xychart-beta charts (GitHub draws them in job summaries), the spec's threshold as a second line,
 * and the same numbers in a table beside them. Buckets without requests show as 0 in the charts and `-` in
 * the table.
 */
import { type Figures, p95, ratio, RULES } from '../watch/decide.js';
import type { HostWatch } from '../watch/watch.js';
import { xyChart } from './chart.js';
import type { Report } from './summary.js';

export function watchCharts(
  host: string,
  bucketS: number,
  baseline: Figures[],
  watch: Figures[],
  threshold: { ratio: number; p95: number },
): string[] {
  const xs = [
    ...baseline.map((_, i) => `-${(baseline.length - i) * bucketS}s`),
    ...watch.map((_, i) => `+${i * bucketS}s`),
  ];
  const all = [...baseline, ...watch];
  const ratios = all.map((f) => (ratio(f) ?? 0) * 100);
  const p95s = all.map((f) => p95(f) ?? 0);
  const chart = (title: string, axis: string, values: number[], line: number, digits: number) =>
    xyChart({ title, x: xs, yLabel: axis, lines: [values, values.map(() => line)], digits });
  return [
    chart(
      `${host}: 5xx % per ${bucketS} s (switch at +0s; flat line: threshold)`,
      '5xx %',
      ratios,
      threshold.ratio * 100,
      2,
    ),
    chart(
      `${host}: p95 seconds per ${bucketS} s (switch at +0s; flat line: threshold)`,
      'p95 s',
      p95s,
      threshold.p95,
      3,
    ),
  ];
}

export function watchReport(
  results: HostWatch[],
  bucketS: number,
  threshold: { ratio: number; p95: number },
): Report {
  const worst = results.some((r) => r.result === 'regressed' || r.result === 'error')
    ? 'failed'
    : results.some((r) => r.result === 'not-enough-traffic')
      ? 'warning'
      : 'ok';
  const charts: string[] = [];
  const tables: Report['tables'] = [
    {
      headers: ['host', 'result', 'why'],
      rows: results.map((r) => [
        r.host,
        r.result,
        [...(r.decision?.reasons ?? []), ...(r.error ? [r.error] : [])].join('; ') || '-',
      ]),
    },
  ];
  for (const r of results) {
    if (!r.baseline || !r.watch) continue;
    charts.push(...watchCharts(r.host, bucketS, r.baseline.buckets, r.watch.buckets, threshold));
    const row = (when: string, f: Figures, i: number) => {
      const q = ratio(f);
      const p = p95(f);
      return [
        `${when}${i * bucketS}s`,
        String(f.requests),
        String(f.errors),
        q === undefined ? '-' : `${(q * 100).toFixed(1)}%`,
        p === undefined ? '-' : p.toFixed(3),
      ];
    };
    tables.push({
      caption: `${r.host}: per ${bucketS} s, before and after the switch (health paths, static files and bots left out)`,
      headers: ['bucket', 'requests', '5xx', '5xx %', 'p95 s'],
      rows: [
        ...r.baseline.buckets.map((f, i) => row('-', f, r.baseline!.buckets.length - i)),
        ...r.watch.buckets.map((f, i) => row('+', f, i)),
      ],
    });
  }
  return {
    title: 'keel watch: after the switch',
    status: worst,
    lines: [
      `Thresholds (spec alerts): 5xx ratio ${(threshold.ratio * 100).toFixed(1)}%, p95 ${threshold.p95} s. ` +
        `Against the baseline: a one-sided two-proportion z-test on 5xx (p < 0.01, at least ${RULES.minRequests} requests in each window and ${RULES.minExpected} expected errors), p95 over ${RULES.latencyFactor}x the baseline's and ${RULES.latencyMinDelta * 1000} ms slower. Under ${RULES.minRequests} requests: not enough traffic to judge.`,
      ...results.flatMap((r) => r.decision?.notes.map((n) => `${r.host}: ${n}`) ?? []),
    ],
    charts,
    tables,
  };
}
