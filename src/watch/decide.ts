/**
 * The watch's decision (pure): from per-bucket, per-route aggregates of the access log for a baseline window
 * (before the switch) and the watch window (after it), is the new release healthy, regressed, or is there not
 * enough traffic to tell? The rules, all applied to every route's figures and to all routes together:
 *
 * - Too little traffic is never a pass: under `minRequests` requests in the watch window (all routes) the result
 *   is `not-enough-traffic`.
 * - A breach of the spec's thresholds (`alerts.5xx-ratio`, `alerts.latency-p95-seconds`) over the watch window,
 *   on at least `minRequests` requests; a 5xx breach also needs at least `minErrors` 5xx (so one or two stray
 *   errors on light traffic do not roll a release back). Equal to the threshold is not a breach.
 * - A significant rise in 5xx against the baseline: a one-sided two-proportion z-test (pooled), z >
 *   `zCritical` (2.326: p < 0.01), applied only when both windows have `minRequests` requests and the errors the
 *   pooled rate predicts for the watch window are at least `minExpected` (where the normal approximation
 *   holds); under that the test is not run and the thresholds alone decide.
 * - A latency regression against the baseline: the watch window's p95 above `latencyFactor` x the baseline's
 *   p95 and above it by at least `latencyMinDelta` seconds, both windows with `minRequests` requests.
 *
 * p95 comes from a histogram with 19%-wide bins (read.ts) and is reported as the upper edge of its bin: it
 * overstates by at most one bin, the same way in both windows.
 */
import { percentileOfCounts } from '../stats.js';
import { BINS, binUpper, type LogRead } from './read.js';

export interface Figures {
  requests: number;
  errors: number;
  hist: number[];
}

export interface WindowFigures {
  /** One entry per bucket, in order; a bucket without requests has zero requests (a gap). */
  buckets: Figures[];
  total: Figures;
  /** By route base. */
  routes: Map<string, Figures>;
}

export interface Thresholds {
  ratio: number;
  p95: number;
}

export const RULES = {
  minRequests: 50,
  minErrors: 5,
  minExpected: 5,
  zCritical: 2.326,
  latencyFactor: 2,
  latencyMinDelta: 0.1,
};
export type Rules = typeof RULES;

export type WatchResult = 'healthy' | 'regressed' | 'not-enough-traffic';

export interface Decision {
  result: WatchResult;
  /** Why it regressed (one line each), or why there is not enough traffic. */
  reasons: string[];
  /** What was not judged and why (e.g. no baseline to compare with). */
  notes: string[];
}

const empty = (): Figures => ({ requests: 0, errors: 0, hist: new Array<number>(BINS).fill(0) });

function add(into: Figures, requests: number, errors: number, hist: Record<string, number> | number[]) {
  into.requests += requests;
  into.errors += errors;
  for (const [bin, count] of Object.entries(hist)) {
    const i = Math.min(BINS - 1, Math.max(0, Number(bin)));
    if (Number.isFinite(i)) into.hist[i]! += Number(count) || 0;
  }
}

/** The host's aggregates as figures: `buckets` buckets (cells outside them are ignored), routes by base. */
export function figures(read: Pick<LogRead, 'cells'>, buckets: number, routeBases: string[]): WindowFigures {
  const out: WindowFigures = {
    buckets: Array.from({ length: buckets }, empty),
    total: empty(),
    routes: new Map(),
  };
  for (const [b, r, n, e, h] of read.cells) {
    if (!(b >= 0 && b < buckets)) continue;
    const base = routeBases[r] ?? '?';
    add(out.buckets[b]!, n, e, h);
    add(out.total, n, e, h);
    if (!out.routes.has(base)) out.routes.set(base, empty());
    add(out.routes.get(base)!, n, e, h);
  }
  return out;
}

/** The 95th percentile (upper edge of its histogram bin), or undefined without requests. */
export function p95(f: Figures): number | undefined {
  return percentileOfCounts(f.hist, 0.95, binUpper);
}

export const ratio = (f: Figures): number | undefined => (f.requests ? f.errors / f.requests : undefined);

/** One-sided two-proportion z statistic (pooled): how far the watch's 5xx rate is above the baseline's. */
export function zScore(base: Figures, watch: Figures): number {
  const p = (base.errors + watch.errors) / (base.requests + watch.requests);
  const se = Math.sqrt(p * (1 - p) * (1 / base.requests + 1 / watch.requests));
  const diff = watch.errors / watch.requests - base.errors / base.requests;
  if (se === 0) return diff > 0 ? Infinity : 0;
  return diff / se;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const secs = (x: number) => `${x.toFixed(3)} s`;

/** The regressions one set of figures shows (empty: none). */
function judge(
  what: string,
  base: Figures | undefined,
  watch: Figures,
  t: Thresholds,
  rules: Rules,
  notes: string[],
): string[] {
  const out: string[] = [];
  if (watch.requests < rules.minRequests) return out;
  const r = watch.errors / watch.requests;
  if (r > t.ratio && watch.errors >= rules.minErrors)
    out.push(
      `${what}: 5xx ${pct(r)} (${watch.errors}/${watch.requests}) is above the threshold ${pct(t.ratio)}`,
    );
  const p = p95(watch)!;
  if (p > t.p95) out.push(`${what}: p95 ${secs(p)} is above the threshold ${secs(t.p95)}`);
  if (!base || base.requests < rules.minRequests) {
    notes.push(
      `${what}: no comparison with the baseline (${base?.requests ?? 0} request(s) before the switch, ${rules.minRequests} needed)`,
    );
    return out;
  }
  const pooled = (base.errors + watch.errors) / (base.requests + watch.requests);
  if (watch.requests * pooled >= rules.minExpected) {
    const z = zScore(base, watch);
    if (z > rules.zCritical && !out.some((o) => o.includes('5xx')))
      out.push(
        `${what}: 5xx rose from ${pct(base.errors / base.requests)} to ${pct(r)} (z = ${z.toFixed(2)} > ${rules.zCritical}, p < 0.01)`,
      );
  }
  const pb = p95(base)!;
  if (p > pb * rules.latencyFactor && p - pb >= rules.latencyMinDelta && !out.some((o) => o.includes('p95')))
    out.push(`${what}: p95 rose from ${secs(pb)} to ${secs(p)} (over ${rules.latencyFactor}x the baseline)`);
  return out;
}

export function decide(
  baseline: WindowFigures,
  watch: WindowFigures,
  thresholds: Thresholds,
  rules: Rules = RULES,
): Decision {
  const notes: string[] = [];
  if (watch.total.requests < rules.minRequests)
    return {
      result: 'not-enough-traffic',
      reasons: [
        `not enough traffic to judge: ${watch.total.requests} request(s) in the watch window, ${rules.minRequests} needed`,
      ],
      notes,
    };
  const reasons = judge('all routes', baseline.total, watch.total, thresholds, rules, notes);
  // Each route on its own: a route that fails while the others are fine is diluted in the total.
  if (watch.routes.size > 1)
    for (const [base, f] of watch.routes) {
      const ignored: string[] = [];
      reasons.push(...judge(`route ${base}`, baseline.routes.get(base), f, thresholds, rules, ignored));
    }
  return { result: reasons.length ? 'regressed' : 'healthy', reasons, notes };
}
