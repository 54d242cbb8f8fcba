/**
 * The one bounded poll (src/poll.ts): a first try always, no wait past the deadline, a cut wait makes the next
 * try the last (never a burst of tries at the deadline), and what the last try gave comes back.
 */
import { poll } from '../../src/poll.js';

/** Tries that record when they started (ms after `t0`) and never succeed. */
function never() {
  const t0 = Date.now();
  const at: number[] = [];
  return { at, t0, attempt: async () => (at.push(Date.now() - t0), at.length), done: () => false };
}

describe('poll', () => {
  it('returns at the first try that is done, with its value, without waiting further', async () => {
    const t0 = Date.now();
    const r = await poll(
      async (n) => n * 10,
      (v) => v >= 30,
      { deadline: Date.now() + 5_000, delayMs: 20 },
    );
    expect(r).toEqual({ value: 30, done: true, tries: 3 });
    expect(Date.now() - t0).toBeLessThan(1_000);
  });

  it('tries once even when the deadline has passed, and never waits then', async () => {
    const t = never();
    const r = await poll(t.attempt, t.done, { deadline: Date.now() - 1, delayMs: 10_000 });
    expect(r).toEqual({ value: 1, done: false, tries: 1 });
    expect(Date.now() - t.t0).toBeLessThan(500);
  });

  it('a constant delay: tries every delay, the last wait cut to end at the deadline, then one last try', async () => {
    const t = never();
    const misses: (number | undefined)[] = [];
    const r = await poll(t.attempt, t.done, {
      deadline: t.t0 + 750,
      delayMs: 300,
      onMiss: (_v, _n, wait) => misses.push(wait),
    });
    // Tries at 0, 300, 600 and the last at 750 (the third wait is cut to 150 ms).
    expect(r.done).toBe(false);
    expect(r.tries).toBe(4);
    expect(r.value).toBe(4);
    expect(t.at[3]!).toBeGreaterThanOrEqual(745);
    expect(Date.now() - t.t0).toBeLessThan(750 + 1_000);
    // Every wait announced was bounded by the deadline; none after the last try.
    expect(misses).toHaveLength(3);
    expect(misses[2]!).toBeLessThan(300);
  });

  it('a backoff: waits grow, and when the next one would pass the deadline it ends there and no burst follows', async () => {
    const t = never();
    const waits: number[] = [];
    await poll(t.attempt, t.done, {
      deadline: t.t0 + 1_000,
      delayMs: (n) => 100 * 2 ** (n - 1),
      onMiss: (_v, _n, w) => w !== undefined && waits.push(w),
    });
    // 100, 200, 400 (then at ~700 the next, 800, would pass the deadline: cut to ~300, and that try is the last).
    expect(waits.slice(0, 3)).toEqual([100, 200, 400]);
    expect(t.at).toHaveLength(5);
    expect(t.at[4]! - t.at[3]!).toBeLessThan(800);
    expect(t.at[4]!).toBeGreaterThanOrEqual(990);
  });

  it('keeps reserveMs before the deadline for the last try', async () => {
    const t = never();
    await poll(t.attempt, t.done, { deadline: t.t0 + 300, delayMs: 1_000, reserveMs: 200 });
    expect(t.at).toHaveLength(2);
    expect(t.at[1]!).toBeGreaterThanOrEqual(95);
    expect(t.at[1]!).toBeLessThan(250);
  });

  it('inside the reserve: reports the miss with no wait and stops', async () => {
    const misses: (number | undefined)[] = [];
    const r = await poll(
      async () => 0,
      () => false,
      { deadline: Date.now() + 100, delayMs: 10, reserveMs: 500, onMiss: (_v, _n, w) => misses.push(w) },
    );
    expect(r.tries).toBe(1);
    expect(misses).toEqual([undefined]);
  });

  it('jitter only shortens a wait, by at most its fraction', async () => {
    const waits: number[] = [];
    await poll(
      async () => 0,
      () => false,
      {
        deadline: Date.now() + 10_000,
        delayMs: 40,
        jitter: 0.25,
        onMiss: (_v, n, w) => {
          waits.push(w!);
          if (n === 8) throw new Error('stop');
        },
      },
    ).catch(() => undefined);
    expect(waits).toHaveLength(8);
    for (const w of waits) {
      expect(w).toBeGreaterThanOrEqual(30);
      expect(w).toBeLessThanOrEqual(40);
    }
  });

  it('a try that throws ends the poll with its error', async () => {
    await expect(
      poll(
        async () => {
          throw new Error('no route to host');
        },
        () => true,
        { deadline: Date.now() + 1_000, delayMs: 10 },
      ),
    ).rejects.toThrow('no route to host');
  });
});
