import { type Candidate, isoWeek, plan, type Policy, policyProblem } from '../../src/backup/retention.js';

const none: Policy = { keepLast: 0, daily: 0, weekly: 0, monthly: 0, yearly: 0, minKeep: 0 };
const at = (iso: string) => new Date(`${iso}T02:00:00Z`);
const backup = (iso: string, verified = true): Candidate => ({ id: iso, time: at(iso), verified });
const kept = (c: Candidate[], p: Policy) =>
  plan(c, p)
    .filter((d) => d.keep)
    .map((d) => d.id)
    .sort();

describe('retention', () => {
  it('ISO weeks: the week of the year’s first Thursday is week 1', () => {
    expect(isoWeek(at('2025-12-29'))).toBe('2026-W01');
    expect(isoWeek(at('2025-12-28'))).toBe('2025-W52');
    expect(isoWeek(at('2021-01-03'))).toBe('2020-W53');
    expect(isoWeek(at('2024-12-30'))).toBe('2025-W01');
  });

  it('a simulated year of nightly runs, pruned after each, keeps exactly the expected GFS set', () => {
    const policy: Policy = { keepLast: 3, daily: 7, weekly: 4, monthly: 12, yearly: 2, minKeep: 3 };
    let stored: Candidate[] = [];
    let deletedEver = 0;
    for (let t = Date.UTC(2025, 0, 1, 2); t <= Date.UTC(2025, 11, 31, 2); t += 86_400_000) {
      stored.push(backup(new Date(t).toISOString().slice(0, 10)));
      const decisions = plan(stored, policy);
      // The backup just made is always kept.
      expect(decisions[0]).toMatchObject({ id: stored[stored.length - 1]!.id, keep: true });
      deletedEver += decisions.filter((d) => !d.keep).length;
      stored = stored.filter((c) => decisions.find((d) => d.id === c.id)!.keep);
    }
    expect(stored.map((c) => c.id).sort()).toEqual([
      // monthly: the last backup of each month
      '2025-01-31',
      '2025-02-28',
      '2025-03-31',
      '2025-04-30',
      '2025-05-31',
      '2025-06-30',
      '2025-07-31',
      '2025-08-31',
      '2025-09-30',
      '2025-10-31',
      '2025-11-30',
      // weekly: the newest of ISO weeks 2025-W50, W51 (W52 and 2026-W01 fall on daily ones)
      '2025-12-14',
      '2025-12-21',
      // daily 7 (which includes last 3, weekly W52 = 12-28 and W01 = 12-31, monthly/yearly 12-31)
      '2025-12-25',
      '2025-12-26',
      '2025-12-27',
      '2025-12-28',
      '2025-12-29',
      '2025-12-30',
      '2025-12-31',
    ]);
    expect(deletedEver).toBe(365 - 20);
  });

  it('says why each backup is kept or deleted', () => {
    const d = plan([backup('2026-01-01'), backup('2026-01-02'), backup('2026-01-03')], {
      ...none,
      keepLast: 1,
      monthly: 1,
    });
    expect(d.map((x) => [x.id, x.keep, x.reasons])).toEqual([
      ['2026-01-03', true, ['newest verified', 'last 1', 'monthly 2026-01']],
      ['2026-01-02', false, ['no rule keeps it']],
      ['2026-01-01', false, ['no rule keeps it']],
    ]);
  });

  it('the min-keep floor keeps the newest backups whatever the tiers say', () => {
    const list = ['2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04', '2026-01-05'].map((d) => backup(d));
    expect(kept(list, { ...none, keepLast: 1, minKeep: 3 })).toEqual([
      '2026-01-03',
      '2026-01-04',
      '2026-01-05',
    ]);
    expect(plan(list, { ...none, keepLast: 1, minKeep: 3 })[2]!.reasons).toEqual(['min-keep 3']);
  });

  it('never deletes the newest verified backup, even under a policy that keeps nothing', () => {
    expect(kept([backup('2026-01-01'), backup('2026-01-02')], none)).toEqual(['2026-01-02']);
    expect(policyProblem(none)).toMatch(/keeps nothing/);
    expect(policyProblem({ ...none, yearly: 1 })).toBeUndefined();
  });

  it('unverified backups count for nothing and are never deleted', () => {
    const list = [
      backup('2026-01-01'),
      backup('2026-01-02'),
      backup('2026-01-03', false),
      backup('2026-01-04', false),
    ];
    const d = plan(list, { ...none, keepLast: 1 });
    expect(d.map((x) => [x.id, x.keep])).toEqual([
      ['2026-01-04', true],
      ['2026-01-03', true],
      ['2026-01-02', true], // the newest verified one, kept by keep-last 1: unverified ones do not take its place
      ['2026-01-01', false],
    ]);
    expect(d[0]!.reasons).toEqual(['not verified: not counted, never deleted']);
  });

  it('the backup this run just made is kept even when another manifest claims to be newer (a skewed clock, a planted file)', () => {
    const policy: Policy = { ...none, keepLast: 1, minKeep: 1 };
    const now = backup('2026-12-01');
    const future = backup('2099-01-01');
    const older = backup('2026-11-30');
    // Without knowing which one is this run's, the future-dated one is "newest" and today's is deleted...
    expect(kept([now, future, older], policy)).toEqual(['2099-01-01']);
    // ...with it, today's backup, the one just verified, stays whatever the others claim.
    const d = plan([now, future, older], policy, now.id);
    expect(
      d
        .filter((x) => x.keep)
        .map((x) => x.id)
        .sort(),
    ).toEqual(['2026-12-01', '2099-01-01']);
    expect(d.find((x) => x.id === now.id)!.reasons).toContain("this run's backup");
    expect(d.find((x) => x.id === older.id)!.keep).toBe(false);
  });

  it('no policy, however small, deletes the only verified backup or an unverified one', () => {
    for (const keepLast of [0, 1]) {
      const p: Policy = { ...none, keepLast, daily: 1 - keepLast, minKeep: 0 };
      const d = plan([backup('2026-12-01'), backup('2026-11-01', false)], p, '2026-12-01');
      expect(d.every((x) => x.keep)).toBe(true);
    }
  });
});
