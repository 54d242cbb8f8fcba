/**
 * The one percentile: nearest rank. The q-quantile (q from 0 to 1) of n values is the value of rank
 * ceil(q × n) (at least 1) in ascending order, so it is always one of the values seen (never interpolated):
 * p95 of 20 values is the 19th, p50 of 4 is the 2nd, q = 0 is the smallest, q = 1 the largest. Undefined
 * without values. The same rank over a histogram gives the bin it falls in.
 */

function rankOf(n: number, q: number): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`a quantile is from 0 to 1, not ${q}`);
  return Math.min(n, Math.max(1, Math.ceil(q * n)));
}

/** The q-quantile of `sorted` (ascending), or undefined when it is empty. */
export function percentile(sorted: readonly number[], q: number): number | undefined {
  if (sorted.length === 0) return undefined;
  return sorted[rankOf(sorted.length, q) - 1];
}

/**
 * The q-quantile of values counted into bins (`counts[i]` values in bin i, bins ascending), as `valueOf(i)`
 * of the bin it falls in (e.g. the bin's upper edge); undefined when nothing was counted.
 */
export function percentileOfCounts(
  counts: readonly number[],
  q: number,
  valueOf: (bin: number) => number,
): number | undefined {
  const n = counts.reduce((a, b) => a + b, 0);
  if (n === 0) return undefined;
  const rank = rankOf(n, q);
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    seen += counts[i]!;
    if (seen >= rank) return valueOf(i);
  }
  return valueOf(counts.length - 1);
}
