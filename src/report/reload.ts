import type { LoadReport, PhaseStats, Timeline } from '../probes/load.js';
import { xyChart } from './chart.js';
import type { ReloadHostResult } from '../reload/reload.js';
import type { Skipped } from '../releases/run.js';
import { type Report, type Table, mark } from './summary.js';

const ms = (v: number | undefined) => (v === undefined ? '-' : `${v}`);

export function loadTable(load: LoadReport): Table {
  const row = (p: Pick<PhaseStats, 'requests' | 'failed' | 'heldBack'>) => [
    String(p.requests),
    String(p.requests - p.failed),
    String(p.failed),
    String(p.heldBack),
  ];
  return {
    caption:
      `Load probe: ${load.rate} requests/s to ${load.url}` +
      ` (held back allowed: ${load.heldBackAllowed}, 1% of ${load.scheduled} scheduled)`,
    headers: [
      'phase',
      'seconds',
      'sent',
      'ok',
      'failed',
      'held back',
      'p50 ms',
      'p95 ms',
      'p99 ms',
      'max ms',
      'CPU ms/request',
    ],
    rows: [
      ...load.phases.map((p) => [
        p.phase,
        String(p.seconds),
        ...row(p),
        ms(p.p50),
        ms(p.p95),
        ms(p.p99),
        ms(p.max),
        ms(p.cpuMsPerRequest),
      ]),
      [
        'all',
        String(Math.round(load.phases.reduce((n, p) => n + p.seconds, 0) * 10) / 10),
        ...row({ requests: load.sent, failed: load.failed, heldBack: load.heldBack }),
        '-',
        '-',
        '-',
        '-',
        ms(load.cpuMsPerRequest),
      ],
    ],
  };
}

/**
 * The load probe over time: p95 latency per step as a line, the reload marked by bars over the steps it
 * covered (and `reload` / `done` in the axis labels), failed requests as a second line; the same numbers in a
 * table beside it.
 */
export function loadChart(url: string, t: Timeline): { chart: string; table: Table } {
  const inReload = (at: number) =>
    t.during !== undefined && at + t.step > t.during && (t.after === undefined || at < t.after);
  const label = (at: number) => {
    const starts = t.during !== undefined && at <= t.during && t.during < at + t.step;
    const ends = t.after !== undefined && at <= t.after && t.after < at + t.step;
    return `${at}s${starts ? ' reload' : ''}${ends ? ' done' : ''}`;
  };
  const p95 = t.points.map((p) => p.p95);
  const top = Math.max(0, ...p95.filter((v): v is number => v !== undefined));
  return {
    chart: xyChart({
      title: `Load probe: p95 ms per ${t.step} s (bars: the reload; lower line: failed requests)`,
      x: t.points.map((p) => label(p.at)),
      yLabel: 'ms',
      bars: [t.points.map((p) => (inReload(p.at) ? top : 0))],
      lines: [p95, t.points.map((p) => p.failed)],
      digits: 1,
    }),
    table: {
      caption: `Load probe over time: ${url}, per ${t.step} s`,
      headers: ['from', 'sent', 'failed', 'p95 ms', 'reload'],
      rows: t.points.map((p) => [
        `${p.at}s`,
        String(p.requests),
        String(p.failed),
        p.p95 === undefined ? '-' : String(p.p95),
        inReload(p.at) ? 'yes' : '-',
      ]),
    },
  };
}

export function reloadReport(results: (ReloadHostResult | Skipped)[], load: LoadReport | undefined): Report {
  const ok = results.every((r) => r.ok);
  const done = results.filter((r): r is ReloadHostResult => !('skipped' in r));
  const tables: Table[] = [
    {
      headers: ['host', 'strategy', 'result', 'master', 'workers', 'serving', 'health', 'seconds', 'problem'],
      rows: results.map((r) =>
        'skipped' in r
          ? [r.host, '-', 'skipped', '-', '-', '-', '-', '-', 'not attempted: an earlier batch failed']
          : [
              r.host,
              r.strategy,
              r.ok ? 'pass' : r.rolledBackTo ? `FAIL (rolled back to ${r.rolledBackTo})` : 'FAIL',
              r.masterBefore === r.masterAfter
                ? `${r.masterBefore ?? '-'} (kept)`
                : `${r.masterBefore ?? '-'} → ${r.masterAfter ?? '-'}`,
              `${r.workersBefore} → ${r.workersAfter}`,
              r.serving ?? '-',
              r.gate ? `${mark(r.gate.ok)} in ${r.gate.seconds}s` : '-',
              String(r.seconds),
              r.error ?? '-',
            ],
      ),
    },
  ];
  const checks = done.flatMap((r) =>
    (r.gate?.checks ?? []).map((c) => [r.host, c.where, c.what, mark(c.ok), c.detail]),
  );
  if (checks.length)
    tables.push({
      caption: 'Health gate',
      headers: ['host', 'where', 'path', 'result', 'detail'],
      rows: checks,
    });
  if (load) tables.push(loadTable(load));
  const charts: string[] = [];
  if (load?.timeline?.points.some((p) => p.requests > 0)) {
    const over = loadChart(load.url, load.timeline);
    charts.push(over.chart);
    tables.push(over.table);
  }
  const lines = done.flatMap((r) => r.warnings);
  if (load?.problem) lines.push(`The load probe did not measure the reload: ${load.problem}.`);
  if (load && load.failed > 0)
    lines.push(
      `The load probe saw ${load.failed} failed request(s): ${load.failures
        .map((f) => `${f.error} at ${f.at}s (${f.phase})`)
        .slice(0, 5)
        .join(', ')}`,
    );
  return {
    title: `keel reload-graceful: ${done.filter((r) => r.ok).length}/${results.length} hosts`,
    status: !ok || load?.problem ? 'failed' : load && load.failed > 0 ? 'warning' : 'ok',
    lines,
    tables,
    ...(charts.length ? { charts } : {}),
  };
}
