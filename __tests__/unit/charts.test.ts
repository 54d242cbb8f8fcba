/**
 * Every Mermaid chart keel puts in a job summary parses with the real `mermaid` parser (xychart-beta, Mermaid
 * 11; GitHub needs >= 10.5), hostile labels and missing values included, and a broken chart is refused (the
 * check can fail). Each chart has a table of the same numbers beside it, which is what the CLI prints.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Manifest } from '../../src/backup/manifest.js';
import { summaryToText } from '../../src/cli/terminal.js';
import type { LoadReport, Timeline } from '../../src/probes/load.js';
import { timelineOf } from '../../src/probes/load.js';
import { backupReport, historyCharts } from '../../src/report/backup.js';
import { chartLabel, xyChart } from '../../src/report/chart.js';
import { loadChart, reloadReport } from '../../src/report/reload.js';
import { toMarkdown } from '../../src/report/summary.js';
import { watchReport } from '../../src/report/watch.js';
import { decide, type WindowFigures } from '../../src/watch/decide.js';
import { BINS } from '../../src/watch/read.js';
import { repoRoot } from '../support/paths.js';

const HOSTILE = 'h\'1"`\n]-->; $x {y} é 🚀 \\ ` "title" x-axis';

function parse(charts: string[]): { ok: boolean; type?: string; error?: string }[] {
  const r = spawnSync(
    join(repoRoot, 'node_modules/node/bin/node'),
    [join(repoRoot, 'scripts/mermaid-parse.mjs')],
    { input: JSON.stringify(charts), encoding: 'utf8', timeout: 60_000 },
  );
  if (r.status !== 0) throw new Error(`mermaid-parse failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as { ok: boolean; type?: string; error?: string }[];
}

const timeline: Timeline = {
  step: 1,
  points: [
    { at: 0, requests: 20, failed: 0, p95: 5.2 },
    { at: 1, requests: 20, failed: 0, p95: 6 },
    { at: 2, requests: 18, failed: 2, p95: 250.4 },
    { at: 3, requests: 0, failed: 0, p95: undefined }, // nothing answered in this second
    { at: 4, requests: 20, failed: 0, p95: 7 },
  ],
  during: 1.5,
  after: 3.2,
};

const manifest = (i: number, size: number, seconds: number): Manifest =>
  ({
    file: `shop-2026120${i}T010000Z.pgdump`,
    started: `2026-12-0${i}T01:00:00.000Z`,
    finished: new Date(Date.parse(`2026-12-0${i}T01:00:00.000Z`) + seconds * 1000).toISOString(),
    size,
  }) as unknown as Manifest;

function figures(n: number, errors: number): WindowFigures {
  const hist = new Array<number>(BINS).fill(0);
  hist[20] = n;
  const f = { requests: n, errors, hist };
  return { buckets: [f, f], total: f, routes: new Map([['/', f]]) };
}

describe('charts in the job summary', () => {
  it('xyChart: hostile labels cannot end a string; NaN, Infinity and missing values are drawn as 0', () => {
    const c = xyChart({
      title: HOSTILE,
      x: [HOSTILE, 'b'],
      yLabel: HOSTILE,
      lines: [[NaN, Infinity]],
      bars: [[undefined, 3]],
      digits: 2,
    });
    expect(chartLabel(HOSTILE)).not.toMatch(/^".*["\n`\\].*"$/s);
    expect(c).toContain('bar [0, 3]');
    expect(c).toContain('line [0, 0]');
    expect(c.split('\n')).toHaveLength(6);
  });

  it("the reload's load probe over time: p95 per second, the reload as bars and in the labels, a table beside", () => {
    const { chart, table } = loadChart('https://shop.example/', timeline);
    expect(chart).toContain('x-axis ["0s", "1s reload", "2s", "3s done", "4s"]');
    expect(chart).toContain('bar [0, 250.4, 250.4, 250.4, 0]'); // 1.5 s .. 3.2 s touches seconds 1, 2 and 3
    expect(chart).toContain('line [5.2, 6, 250.4, 0, 7]');
    expect(chart).toContain('line [0, 0, 2, 0, 0]');
    expect(table.rows).toEqual([
      ['0s', '20', '0', '5.2', '-'],
      ['1s', '20', '0', '6', 'yes'],
      ['2s', '18', '2', '250.4', 'yes'],
      ['3s', '0', '0', '-', 'yes'],
      ['4s', '20', '0', '7', '-'],
    ]);
    const report = reloadReport([], {
      ...({} as LoadReport),
      url: 'u',
      phases: [],
      failures: [],
      failed: 0,
      sent: 78,
      scheduled: 78,
      timeline,
    });
    expect(report.charts).toEqual([chart]);
    const md = toMarkdown(report);
    expect(md).toContain('```mermaid\nxychart-beta');
    // The CLI: the table, not the chart's source.
    const text = summaryToText(md);
    expect(text).not.toContain('xychart');
    expect(text).toMatch(/2s +18 +2 +250\.4 +yes/);
  });

  it('timelineOf: samples into seconds (at most 60 points), p95 per point, the marks kept', () => {
    const samples = [
      { phase: 'before' as const, ms: 5, ok: true, at: 0.1 },
      { phase: 'during' as const, ms: 50, ok: false, at: 1.2 },
      { phase: 'during' as const, ms: 10, ok: true, at: 1.9 },
      { phase: 'after' as const, ms: 7, ok: true, at: 2.5 },
    ];
    const t = timelineOf(samples, 3, { during: 1, after: 2.2 });
    expect(t.step).toBe(1);
    expect(t.points).toEqual([
      { at: 0, requests: 1, failed: 0, p95: 5 },
      { at: 1, requests: 2, failed: 1, p95: 50 },
      { at: 2, requests: 1, failed: 0, p95: 7 },
    ]);
    expect(timelineOf([], 600, {}).points).toHaveLength(60);
    expect(timelineOf([], 600, {}).step).toBe(10);
  });

  it("backup-db's last runs: size and seconds per backup, oldest first, a table beside; one run draws nothing", () => {
    const history = [manifest(3, 3 * 1048576, 12), manifest(1, 1048576, 10), manifest(2, 2 * 1048576, 11.5)];
    const h = historyCharts(history)!;
    expect(h.charts[0]).toContain('line [1, 2, 3]');
    expect(h.charts[1]).toContain('line [10, 11.5, 12]');
    expect(h.charts[0]).toContain('x-axis ["12-01T01:00:10", "12-02T01:00:11", "12-03T01:00:12"]');
    expect(h.table.rows.map((r) => [r[0], r[2], r[3]])).toEqual([
      ['shop-20261201T010000Z.pgdump', '1.0 MiB', '10.0'],
      ['shop-20261202T010000Z.pgdump', '2.0 MiB', '11.5'],
      ['shop-20261203T010000Z.pgdump', '3.0 MiB', '12.0'],
    ]);
    expect(historyCharts([manifest(1, 1, 1)])).toBeUndefined();
    const latest = {
      ...manifest(3, 3 * 1048576, 12),
      verification: { detail: '' },
      engine: 'postgres',
      database: 'shop',
      serverVersion: '15.8',
      format: 'custom',
      compression: 'zstd',
      encryption: { kind: 'none' },
      sha256: 'a'.repeat(64),
    } as unknown as Manifest;
    const report = backupReport('runner:/b', { ok: true, manifest: latest, warnings: [], history });
    expect(report.charts).toEqual(h.charts);
    expect(summaryToText(toMarkdown(report))).toMatch(/shop-20261202T010000Z\.pgdump +\S+ +2\.0 MiB +11\.5/);
    expect(
      backupReport('runner:/b', { ok: false, error: 'x', warnings: [], history }).charts,
    ).toBeUndefined();
  });

  it('every chart parses with the mermaid parser, hostile names included; a broken one is refused', () => {
    const d = decide(figures(100, 0), figures(100, 40), { ratio: 0.05, p95: 1 });
    const watch = watchReport(
      [
        {
          host: HOSTILE,
          result: d.result,
          decision: d,
          baseline: figures(100, 0),
          watch: figures(100, 40),
          stats: undefined,
        },
      ],
      10,
      { ratio: 0.05, p95: 1 },
    );
    const charts = [
      ...watch.charts!,
      loadChart(HOSTILE, timeline).chart,
      loadChart('u', { ...timeline, during: undefined, after: undefined }).chart,
      ...historyCharts([manifest(1, 0, 0), manifest(2, 5, 0.1)])!.charts,
      xyChart({
        title: HOSTILE,
        x: [HOSTILE],
        yLabel: HOSTILE,
        lines: [[NaN]],
        bars: [[Infinity]],
        digits: 3,
      }),
    ];
    expect(charts).toHaveLength(7);
    const results = parse([...charts, 'xychart-beta\n    line [oops]']);
    expect(results.slice(0, -1)).toEqual(charts.map(() => ({ ok: true, type: 'xychart' })));
    expect(results.at(-1)).toMatchObject({ ok: false, error: expect.stringMatching(/Parse error/) });
  });
});
