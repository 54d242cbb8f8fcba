/**
 * Mermaid `xychart-beta` charts for job summaries (GitHub draws them; Mermaid >= 10.5): one x-axis of labels,
 * lines and bars of numbers. Every text is a quoted Mermaid string with anything that could end it replaced,
 * and every number is finite (a missing value is drawn as 0; the table beside each chart says `-`).
 */

/** A Mermaid string: quotes, backslashes, backticks and line breaks could end it or the chart; they are replaced. */
export const chartLabel = (text: string): string => `"${text.replace(/["\\\r\n`]/g, "'")}"`;

/** A number as the chart writes it: at most `digits` decimals, never NaN or Infinity. */
export const chartNumber = (x: number | undefined, digits: number): string =>
  x === undefined || !Number.isFinite(x) ? '0' : Number(x.toFixed(digits)).toString();

export interface XyChart {
  title: string;
  x: string[];
  yLabel: string;
  lines: (number | undefined)[][];
  bars?: (number | undefined)[][];
  digits: number;
}

export function xyChart(c: XyChart): string {
  const all = [...c.lines, ...(c.bars ?? [])].flat().filter((v): v is number => Number.isFinite(v));
  const top = Math.max(0, ...all) * 1.1;
  const series = (kind: string, values: (number | undefined)[]) =>
    `    ${kind} [${values.map((v) => chartNumber(v, c.digits)).join(', ')}]`;
  return [
    'xychart-beta',
    `    title ${chartLabel(c.title)}`,
    `    x-axis [${c.x.map(chartLabel).join(', ')}]`,
    `    y-axis ${chartLabel(c.yLabel)} 0 --> ${chartNumber(top, c.digits) === '0' ? '1' : chartNumber(top, c.digits)}`,
    ...(c.bars ?? []).map((b) => series('bar', b)),
    ...c.lines.map((l) => series('line', l)),
  ].join('\n');
}
