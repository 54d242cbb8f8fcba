/**
 * The one percentile (src/stats.ts), nearest rank: over raw values (the load probe and smoke-check, in ms) and
 * over a histogram (the watch, upper bin edges in seconds) it picks the same rank.
 */
import { percentile, percentileOfCounts } from '../../src/stats.js';

const upTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('percentile (nearest rank)', () => {
  it.each([
    [upTo(20), 0.95, 19],
    [upTo(100), 0.95, 95],
    [upTo(100), 0.99, 99],
    [upTo(4), 0.5, 2],
    [upTo(5), 0.5, 3],
    [upTo(10), 0, 1],
    [upTo(10), 1, 10],
    [[7], 0.95, 7],
    [[1, 1000], 0.5, 1],
    [[1, 1000], 0.51, 1000],
  ])('%j at q=%d is %d (one of the values, never interpolated)', (values, q, want) => {
    expect(percentile(values, q)).toBe(want);
  });

  it('nothing to rank: undefined', () => {
    expect(percentile([], 0.95)).toBeUndefined();
    expect(percentileOfCounts([0, 0, 0], 0.95, (i) => i)).toBeUndefined();
    expect(percentileOfCounts([], 0.5, (i) => i)).toBeUndefined();
  });

  it.each([-0.1, 1.5, NaN, 95])('a quantile outside 0..1 (%d, e.g. 95 meant as percent) is refused', (q) => {
    expect(() => percentile(upTo(10), q)).toThrow(RangeError);
    expect(() => percentileOfCounts([1, 2], q, (i) => i)).toThrow(/a quantile is from 0 to 1/);
  });

  it('over counts: the bin the rank falls in, given by valueOf', () => {
    // 95 values in bin 0, 5 in bin 3: p95 is bin 0's, p96 bin 3's.
    const counts = [95, 0, 0, 5];
    expect(percentileOfCounts(counts, 0.95, (i) => i * 10)).toBe(0);
    expect(percentileOfCounts(counts, 0.96, (i) => i * 10)).toBe(30);
    expect(percentileOfCounts(counts, 1, (i) => i * 10)).toBe(30);
  });

  it('over counts and over the values themselves: the same rank', () => {
    const values = [3, 3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9].sort((a, b) => a - b);
    const counts = new Array(10).fill(0);
    for (const v of values) counts[v] += 1;
    for (const q of [0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1])
      expect(percentileOfCounts(counts, q, (i) => i)).toBe(percentile(values, q));
  });
});
