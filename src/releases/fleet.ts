/**
 * Many hosts: all at once (at most `maxParallel` at a time) or rolling in batches (a number or a percentage),
 * stopping after the first batch with a failure so the rest stay on their previous release.
 */
import { mapLimited } from '../concurrency.js';
import { setTimeout as sleep } from 'node:timers/promises';

export type BatchSize = { kind: 'all' } | { kind: 'count'; n: number } | { kind: 'percent'; p: number };

export function parseBatchSize(text: string | undefined): BatchSize | string {
  const t = (text ?? '').trim();
  if (t === '' || t === 'all') return { kind: 'all' };
  let m = /^(\d+)$/.exec(t);
  if (m && Number(m[1]) >= 1) return { kind: 'count', n: Number(m[1]) };
  m = /^(\d+(?:\.\d+)?)%$/.exec(t);
  if (m && Number(m[1]) > 0 && Number(m[1]) <= 100) return { kind: 'percent', p: Number(m[1]) };
  return `${JSON.stringify(t)} is not a batch size (all, a number of hosts, or a percentage like 25%)`;
}

export function batches<T>(items: T[], size: BatchSize): T[][] {
  const n =
    size.kind === 'all'
      ? items.length
      : size.kind === 'count'
        ? size.n
        : Math.max(1, Math.ceil((items.length * size.p) / 100));
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += Math.max(n, 1)) out.push(items.slice(i, i + Math.max(n, 1)));
  return out;
}

export interface FleetOutcome<R> {
  results: R[];
  /** Hosts never attempted because an earlier batch failed. */
  skipped: number[];
}

export async function rollOut<T, R extends { ok: boolean }>(
  items: T[],
  size: BatchSize,
  maxParallel: number,
  waitMs: number,
  fn: (item: T) => Promise<R>,
  onBatch?: (index: number, count: number, total: number) => void,
): Promise<FleetOutcome<R | undefined>> {
  const groups = batches(
    items.map((item, i) => ({ item, i })),
    size,
  );
  const results: (R | undefined)[] = new Array(items.length).fill(undefined);
  for (let b = 0; b < groups.length; b++) {
    const group = groups[b]!;
    onBatch?.(b, group.length, groups.length);
    const rs = await mapLimited(group, maxParallel, ({ item }) => fn(item));
    group.forEach(({ i }, k) => (results[i] = rs[k]));
    if (rs.some((r) => !r.ok)) {
      return { results, skipped: groups.slice(b + 1).flatMap((g) => g.map(({ i }) => i)) };
    }
    if (b < groups.length - 1 && waitMs > 0) await sleep(waitMs);
  }
  return { results, skipped: [] };
}

/**
 * Canary first: which hosts go first and are watched before the rest follow. `canary` is a count (the first N
 * hosts of the list) or a list of host names (each exactly as in `hosts`, without user or port). Empty or `0`:
 * off. Every other mistake is an error naming what is wrong: a negative or fractional count, a name not in the
 * host list, a name given twice, as many canaries as hosts (nothing would follow) or more.
 */
export interface CanaryPlan {
  canaries: string[];
  rest: string[];
}

export function parseCanary(text: string | undefined, hosts: string[]): CanaryPlan | undefined | string {
  const items = (text ?? '')
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length === 0) return undefined;
  let canaries: string[];
  if (items.length === 1 && /^[-+]?\d+(\.\d*)?$/.test(items[0]!)) {
    const n = Number(items[0]);
    if (!Number.isInteger(n) || n < 0 || !/^\d+$/.test(items[0]!))
      return `${JSON.stringify(items[0])} is not a number of canary hosts (a whole number from 1, 0 for off, or host names)`;
    if (n === 0) return undefined;
    if (n >= hosts.length)
      return `${n} canary host(s) of ${hosts.length} host(s): at least one host must be left to follow the canary`;
    canaries = hosts.slice(0, n);
  } else {
    const seen = new Set<string>();
    for (const name of items) {
      if (!hosts.includes(name))
        return `${JSON.stringify(name)} is not one of the hosts (${hosts.map((h) => JSON.stringify(h)).join(', ')}); name each canary exactly as in 'hosts', without user or port`;
      if (seen.has(name)) return `${JSON.stringify(name)} is named twice`;
      seen.add(name);
    }
    if (seen.size >= hosts.length)
      return `every host (${hosts.length}) is a canary: at least one host must be left to follow the canary`;
    canaries = hosts.filter((h) => seen.has(h));
  }
  return { canaries, rest: hosts.filter((h) => !canaries.includes(h)) };
}
