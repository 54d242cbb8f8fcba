/** backup-db's job summaries: the backup and its verification, retention decisions, restores, freshness. */
import type { BackupResult, CheckResult, RestoreResult, Rows } from '../backup/backup.js';
import type { Manifest } from '../backup/manifest.js';
import { xyChart } from './chart.js';
import { type Report, type Table, mark } from './summary.js';

const size = (b: number) =>
  b >= 1048576 ? `${(b / 1048576).toFixed(1)} MiB` : b >= 1024 ? `${(b / 1024).toFixed(1)} KiB` : `${b} B`;

function manifestTable(m: Manifest): Table {
  const seconds = (Date.parse(m.finished) - Date.parse(m.started)) / 1000;
  return {
    headers: ['file', 'engine', 'server', 'format', 'compression', 'encryption', 'size', 'sha256', 'took'],
    rows: [
      [
        m.file,
        `${m.engine} ${m.database}`,
        m.serverVersion || '-',
        m.format,
        m.compression,
        m.encryption.kind === 'age' ? `age (${m.encryption.recipients.length} recipient(s))` : 'none',
        size(m.size),
        `\`${m.sha256.slice(0, 16)}…\``,
        `${seconds.toFixed(1)} s`,
      ],
    ],
  };
}

function rowsTable(caption: string, rows: Rows, source?: Rows): Table {
  return {
    caption,
    headers: source ? ['table', 'rows restored', 'rows in the database', 'same'] : ['table', 'rows'],
    rows: rows.map((r) => {
      if (!source) return [r.table, String(r.rows)];
      const s = source.find((x) => x.table === r.table)?.rows;
      return [r.table, String(r.rows), s === undefined ? '-' : String(s), mark(s === r.rows)];
    }),
  };
}

/** How many of the last runs the charts show. */
export const HISTORY_RUNS = 20;

/**
 * backup-db's last runs (this one included): size (MiB) and duration (s) per backup as two Mermaid charts,
 * oldest first, and the same numbers in a table. Fewer than two runs: nothing to draw.
 */
export function historyCharts(history: Manifest[]): { charts: string[]; table: Table } | undefined {
  const last = [...history].sort((a, b) => a.finished.localeCompare(b.finished)).slice(-HISTORY_RUNS);
  if (last.length < 2) return undefined;
  const secs = (m: Manifest) => Math.max(0, (Date.parse(m.finished) - Date.parse(m.started)) / 1000);
  // The x-axis: the backup's UTC time, as short as still tells the runs apart.
  const x = last.map((m) => m.finished.replace(/^(\d{4}-)?(\d\d-\d\dT\d\d:\d\d(:\d\d)?).*$/, '$2'));
  return {
    charts: [
      xyChart({
        title: `backup-db: size (MiB) of the last ${last.length} backups`,
        x,
        yLabel: 'MiB',
        lines: [last.map((m) => m.size / 1048576)],
        digits: 3,
      }),
      xyChart({
        title: `backup-db: seconds per backup (dump, verification, upload) of the last ${last.length}`,
        x,
        yLabel: 's',
        lines: [last.map(secs)],
        digits: 1,
      }),
    ],
    table: {
      caption: `The last ${last.length} backups, oldest first`,
      headers: ['backup', 'finished', 'size', 'seconds'],
      rows: last.map((m) => [m.file, m.finished, size(m.size), secs(m).toFixed(1)]),
    },
  };
}

export function backupReport(where: string, r: BackupResult): Report {
  const tables: Table[] = [];
  const history = r.ok && r.history ? historyCharts(r.history) : undefined;
  if (r.manifest) {
    tables.push(manifestTable(r.manifest), {
      caption: 'Verification',
      headers: ['check', 'result'],
      rows: [
        ['read end to end while streaming', r.manifest.verification.detail || 'pass'],
        ['stored sha256 equals the streamed one', 'pass'],
        ...(r.restoreTest ? [[`restore test into ${r.restoreTest.database}`, 'pass']] : []),
      ],
    });
  }
  if (r.restoreTest)
    tables.push(rowsTable('Restore test: row counts', r.restoreTest.rows, r.restoreTest.source));
  if (r.retention)
    tables.push({
      caption: `Retention (${r.retention.mode}: ${r.retention.why})`,
      headers: ['backup', 'decision', 'why'],
      rows: r.retention.decisions.map((d) => [
        d.id,
        d.keep
          ? 'keep'
          : r.retention!.mode === 'apply'
            ? 'deleted'
            : r.retention!.mode === 'dry-run'
              ? 'would delete'
              : 'kept (prune off)',
        d.reasons.join(', '),
      ]),
    });
  if (history) tables.push(history.table);
  return {
    title: r.ok ? `keel backup-db: ${r.manifest!.file} verified` : `keel backup-db: backup FAILED`,
    status: r.ok ? (r.warnings.length ? 'warning' : 'ok') : 'failed',
    lines: [
      r.ok
        ? `Kept in \`${where}\`.`
        : `${r.error} Nothing was kept under a final name; retention did not run.`,
      ...r.warnings.map((w) => `⚠️ ${w}`),
    ],
    tables,
    ...(history ? { charts: history.charts } : {}),
  };
}

export function restoreReport(into: string, r: RestoreResult): Report {
  return {
    title: r.ok
      ? `keel backup-db: restored ${r.manifest!.file} into ${into}`
      : `keel backup-db: restore FAILED`,
    status: r.ok ? 'ok' : 'failed',
    lines: r.ok ? ['The checksum matched its manifest before anything was restored.'] : [r.error ?? ''],
    tables: [
      ...(r.manifest ? [manifestTable(r.manifest)] : []),
      ...(r.rows.length ? [rowsTable('Row counts', r.rows)] : []),
    ],
  };
}

export function checkReport(where: string, maxAgeMs: number, r: CheckResult): Report {
  const h = (ms: number) => `${(ms / 3_600_000).toFixed(1)} h`;
  return {
    title: r.ok
      ? `keel backup-db: newest verified backup is ${h(r.ageMs!)} old (limit ${h(maxAgeMs)})`
      : 'keel backup-db: backups are STALE',
    status: r.ok ? 'ok' : 'failed',
    lines: [r.ok ? `In \`${where}\`.` : (r.error ?? '')],
    tables: r.newest ? [manifestTable(r.newest)] : [],
  };
}
