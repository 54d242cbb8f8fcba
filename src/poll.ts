/**
 * The one bounded poll: tries until `done` says so or the deadline passes, waiting between tries. Every wait is
 * bounded by the deadline: when the next wait would reach past it (less `reserveMs`, the moment a last try
 * keeps to answer), the wait is cut to end there and the try after it is the last, so the waits never shrink
 * into a burst of tries just before the deadline. There is always a first try, and no try starts after a wait
 * that ended at or past the deadline.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export interface PollOptions<T> {
  /** When to stop, as a `Date.now()` time. */
  deadline: number;
  /** The wait after the `tries`-th try (from 1), before jitter: a constant or a backoff. */
  delayMs: number | ((tries: number) => number);
  /** Each wait is shortened by up to this fraction at random (0: none), so many pollers do not align. */
  jitter?: number;
  /** The last try starts at the latest this long before the deadline. */
  reserveMs?: number;
  /** After a try that did not do: the wait that follows, or undefined when no try follows. */
  onMiss?: (value: T, tries: number, waitMs: number | undefined) => void;
}

export interface Polled<T> {
  /** What the last try gave. */
  value: T;
  done: boolean;
  tries: number;
}

export async function poll<T>(
  attempt: (tries: number) => Promise<T>,
  done: (value: T) => boolean,
  o: PollOptions<T>,
): Promise<Polled<T>> {
  const reserve = o.reserveMs ?? 0;
  const jitter = Math.min(1, Math.max(0, o.jitter ?? 0));
  let last = false;
  for (let tries = 1; ; tries++) {
    const value = await attempt(tries);
    if (done(value)) return { value, done: true, tries };
    const now = Date.now();
    if (now >= o.deadline || last) return { value, done: false, tries };
    const left = o.deadline - reserve - now;
    const nominal = Math.max(0, typeof o.delayMs === 'number' ? o.delayMs : o.delayMs(tries));
    const wait = Math.min(nominal * (1 - jitter * Math.random()), left);
    last = nominal >= left;
    o.onMiss?.(value, tries, left > 0 ? wait : undefined);
    if (left <= 0) return { value, done: false, tries };
    await sleep(wait);
  }
}
