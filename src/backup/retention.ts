/**
 * Retention: which backups to keep, as pure logic. Keep-last plus grandfather-father-son tiers (daily, weekly,
 * monthly, yearly, each a count of periods), a minimum-keep floor, and the newest verified backup (and the one
 * this run just made) always kept.
 *
 * Tiers are independent (restic's semantics, not borg's): each tier walks the verified backups from newest to
 * oldest and keeps the newest one of each period until it has its count, whether or not another tier already
 * keeps that backup. Periods are UTC days, ISO weeks (Monday first), calendar months and years.
 *
 * Only verified backups count and only verified backups are ever deleted: a backup whose manifest says it was
 * not verified is left alone and reported (keel never writes one under a final name, so this is a file put
 * there by hand or by an older tool).
 */

export interface Policy {
  keepLast: number;
  daily: number;
  weekly: number;
  monthly: number;
  yearly: number;
  /** However the tiers fall, at least this many of the newest verified backups stay. */
  minKeep: number;
}

export interface Candidate {
  id: string;
  /** When the backup was taken (its manifest's `finished`). */
  time: Date;
  verified: boolean;
}

export interface Decision {
  id: string;
  time: Date;
  keep: boolean;
  /** Why: the tiers that keep it (`daily 2026-11-23`, `last 3`, `newest verified`, `min-keep`), or why not. */
  reasons: string[];
}

/** Why a policy cannot be used, or undefined. */
export function policyProblem(p: Policy): string | undefined {
  if (p.keepLast + p.daily + p.weekly + p.monthly + p.yearly === 0)
    return 'keeps nothing: set keep-last or one of keep-daily, keep-weekly, keep-monthly, keep-yearly above 0';
  return undefined;
}

const pad = (n: number) => String(n).padStart(2, '0');
const day = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const month = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`;
const year = (d: Date) => String(d.getUTCFullYear());

/** ISO 8601 week, e.g. 2026-W01 (the week with the year's first Thursday). */
export function isoWeek(d: Date): string {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const dow = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - dow); // the Thursday of this week decides its year
  const first = new Date(Date.UTC(t.getUTCFullYear(), 0, 1));
  const week = Math.ceil(((t.getTime() - first.getTime()) / 86_400_000 + 1) / 7);
  return `${t.getUTCFullYear()}-W${pad(week)}`;
}

const TIERS: { key: keyof Policy; name: string; period: (d: Date) => string }[] = [
  { key: 'daily', name: 'daily', period: day },
  { key: 'weekly', name: 'weekly', period: isoWeek },
  { key: 'monthly', name: 'monthly', period: month },
  { key: 'yearly', name: 'yearly', period: year },
];

/**
 * `current`: the backup this run just made and verified. It is always kept, whatever the times say (a
 * manifest dated in the future, by a skewed clock or by hand, would otherwise be the "newest" and could let
 * retention delete the one backup known good right now).
 */
export function plan(candidates: Candidate[], p: Policy, current?: string): Decision[] {
  const sorted = [...candidates].sort(
    (a, b) => b.time.getTime() - a.time.getTime() || (a.id < b.id ? 1 : -1),
  );
  const reasons = new Map<string, string[]>(sorted.map((c) => [c.id, []]));
  const verified = sorted.filter((c) => c.verified);
  verified.slice(0, p.keepLast).forEach((c, i) => reasons.get(c.id)!.push(`last ${i + 1}`));
  for (const tier of TIERS) {
    const count = p[tier.key];
    const seen = new Set<string>();
    for (const c of verified) {
      if (seen.size >= count) break;
      const period = tier.period(c.time);
      if (seen.has(period)) continue;
      seen.add(period);
      reasons.get(c.id)!.push(`${tier.name} ${period}`);
    }
  }
  if (verified[0]) reasons.get(verified[0].id)!.unshift('newest verified');
  const made = verified.find((c) => c.id === current);
  if (made && made !== verified[0]) reasons.get(made.id)!.unshift("this run's backup");
  let kept = verified.filter((c) => reasons.get(c.id)!.length > 0).length;
  for (const c of verified) {
    if (kept >= p.minKeep) break;
    const r = reasons.get(c.id)!;
    if (r.length === 0) {
      r.push(`min-keep ${p.minKeep}`);
      kept += 1;
    }
  }
  return sorted.map((c) => {
    const r = reasons.get(c.id)!;
    if (!c.verified)
      return { id: c.id, time: c.time, keep: true, reasons: ['not verified: not counted, never deleted'] };
    return { id: c.id, time: c.time, keep: r.length > 0, reasons: r.length ? r : ['no rule keeps it'] };
  });
}
