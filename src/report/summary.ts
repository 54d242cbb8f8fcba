/**
 * Reports as data: a title, key facts and tables. Rendered to Markdown for the job summary and to plain
 * text for a terminal, so the CLI and the actions show the same thing.
 */
export interface Table {
  caption?: string;
  headers: string[];
  rows: string[][];
}

export interface Report {
  title: string;
  /** ok / failed / a short status word shown next to the title. */
  status: 'ok' | 'failed' | 'skipped' | 'warning';
  lines?: string[];
  tables: Table[];
  /** Mermaid charts (the job summary draws them; the text form has the numbers in the tables). */
  charts?: string[];
  /** Long text (diffs, logs) folded under a heading. */
  blocks?: { title: string; language: string; text: string }[];
}

const ICON: Record<Report['status'], string> = { ok: '✅', failed: '❌', skipped: '⏭️', warning: '⚠️' };

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

export function toMarkdown(report: Report): string {
  const out: string[] = [`### ${ICON[report.status]} ${report.title}`, ''];
  for (const l of report.lines ?? []) out.push(l, '');
  for (const c of report.charts ?? []) out.push('```mermaid', c.trimEnd(), '```', '');
  for (const t of report.tables) {
    if (t.caption) out.push(`**${t.caption}**`, '');
    out.push(`| ${t.headers.map(cell).join(' | ')} |`);
    out.push(`| ${t.headers.map(() => '---').join(' | ')} |`);
    for (const r of t.rows) out.push(`| ${r.map(cell).join(' | ')} |`);
    out.push('');
  }
  for (const b of report.blocks ?? []) {
    const fence = b.text.includes('```') ? '~~~~' : '```';
    out.push(
      `<details><summary>${b.title}</summary>`,
      '',
      fence + b.language,
      b.text.trimEnd(),
      fence,
      '',
      '</details>',
      '',
    );
  }
  return out.join('\n');
}

/**
 * A table as aligned plain-text lines: the header, a rule, the rows (the first line of each cell).
 * `paint` may decorate a padded cell (colours on a terminal) without changing the widths.
 */
export function alignTable(
  headers: string[],
  rows: string[][],
  paint: (cell: string, text: string) => string = (cell) => cell,
): string[] {
  const first = (c: string | undefined) => (c ?? '').split('\n')[0]!;
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => first(r[i]).length)));
  const fmt = (r: string[], decorate: boolean) =>
    widths
      .map((w, i) => {
        const text = first(r[i]);
        const padded = i === widths.length - 1 ? text : text.padEnd(w);
        return decorate ? paint(padded, text) : padded;
      })
      .join('  ')
      .trimEnd();
  return [fmt(headers, false), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map((r) => fmt(r, true))];
}

export const mark = (ok: boolean): string => (ok ? 'pass' : 'FAIL');
