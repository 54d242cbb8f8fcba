/**
 * A job summary (the Markdown an action writes to GITHUB_STEP_SUMMARY) shown on a terminal: headings as
 * lines, Markdown tables as aligned columns, folded blocks indented; colours only when asked (a TTY).
 */
import { alignTable } from '../report/summary.js';

export interface Style {
  bold(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  dim(s: string): string;
}

const sgr = (code: string) => (s: string) => `\x1b[${code}m${s}\x1b[0m`;
export const colours: Style = {
  bold: sgr('1'),
  red: sgr('31'),
  green: sgr('32'),
  yellow: sgr('33'),
  dim: sgr('2'),
};
const id = (s: string) => s;
export const plain: Style = { bold: id, red: id, green: id, yellow: id, dim: id };

/** Colours for a run on this terminal: only a TTY, and never with NO_COLOR set. */
export function styleFor(stream: { isTTY?: boolean }, env = process.env): Style {
  return stream.isTTY && !env.NO_COLOR ? colours : plain;
}

/** The cells of one Markdown table row (`\|` is a literal bar; `<br>` a line break, shown as `; `). */
export function cellsOf(line: string): string[] {
  const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  const cells: string[] = [];
  let cur = '';
  for (let i = 0; i < inner.length; i++) {
    if (inner[i] === '\\' && inner[i + 1] === '|') {
      cur += '|';
      i++;
    } else if (inner[i] === '|') {
      cells.push(cur);
      cur = '';
    } else cur += inner[i];
  }
  cells.push(cur);
  return cells.map((c) => inline(c.trim()));
}

/** Inline Markdown a terminal does not need: `code`, **bold**, <br>. */
function inline(text: string): string {
  return text
    .replace(/<br>/g, '; ')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/`([^`]*)`/g, '$1');
}

const STATUS: [RegExp, keyof Style][] = [
  [/^(FAIL|failed)\b/, 'red'],
  [/^(pass|passed|ok)\b/, 'green'],
  [/^(skipped|not run|warning|unchanged)\b/, 'yellow'],
];

function paintCell(style: Style) {
  return (padded: string, text: string) => {
    const hit = STATUS.find(([re]) => re.test(text));
    return hit ? style[hit[1]](padded) : padded;
  };
}

const ICONS: [string, keyof Style][] = [
  ['✅', 'green'],
  ['❌', 'red'],
  ['⏭️', 'yellow'],
  ['⚠️', 'yellow'],
];

export function summaryToText(markdown: string, style: Style = plain): string {
  const lines = markdown.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\s*\|/.test(line)) {
      const block: string[] = [];
      while (i < lines.length && /^\s*\|/.test(lines[i]!)) block.push(lines[i++]!);
      i--;
      const [head, rule, ...rows] = block.map(cellsOf);
      const isRule = rule?.every((c) => /^:?-{3,}:?$/.test(c));
      const body = isRule ? rows : [rule ?? [], ...rows].filter((r) => r.length);
      out.push(...alignTable(head ?? [], body, paintCell(style)).map((l) => `  ${l}`));
      continue;
    }
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (heading) {
      let title = heading[1]!;
      const icon = ICONS.find(([i]) => title.startsWith(i));
      if (icon) title = title.slice(icon[0].length).trim();
      out.push(style.bold(icon ? style[icon[1]](title) : title));
      continue;
    }
    const details = /^<details><summary>(.*)<\/summary>$/.exec(line);
    if (details) {
      out.push(`  ${inline(details[1]!)}:`);
      continue;
    }
    if (line === '</details>') continue;
    const fence = /^(```|~~~~)(\w*)/.exec(line);
    if (fence) {
      // A Mermaid chart is a picture for GitHub; on a terminal the table beside it says the same.
      const chart = fence[2] === 'mermaid';
      for (i++; i < lines.length && !lines[i]!.startsWith(fence[1]!); i++)
        if (!chart) out.push(`    ${lines[i]}`);
      continue;
    }
    const caption = /^\*\*(.+)\*\*$/.exec(line);
    if (caption) {
      out.push(`  ${style.bold(caption[1]!)}`);
      continue;
    }
    out.push(line.trim() === '' ? '' : `  ${inline(line)}`);
  }
  return out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** One line of an action's log as the runner shows it, for a terminal. */
export function logLine(line: string, style: Style): string | undefined {
  if (line === '##[endgroup]') return undefined;
  if (line.startsWith('##[group]')) return style.bold(`▸ ${line.slice(9)}`);
  if (line.startsWith('Error: ')) return style.red(line);
  if (line.startsWith('Warning: ')) return style.yellow(line);
  return line;
}
