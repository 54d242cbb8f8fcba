/**
 * The load probe: while something risky runs (a reload), send requests at a steady rate to a URL and count
 * failures and latency before, during and after it — the check runbooks do by hand with a load tool.
 *
 * Every request opens its own connection (no keep-alive), like a stream of new visitors: a listener that goes
 * away, a backlog that overflows or a proxy answering 502 shows up as a failed request. Requests are placed on
 * a fixed schedule (open model), so a slow server does not slow the probe down and hide its own stall; the
 * number in flight is capped, and what the cap held back is counted, never silently dropped.
 */
import { fetchOnce } from './http.js';

export type Phase = 'before' | 'during' | 'after';

export interface LoadOptions {
  url: string;
  /** Requests per second. */
  rate: number;
  timeoutMs: number;
  /** Connect here instead of the URL's host (SNI and Host still name it). */
  address?: string;
  ca?: string;
  /** Statuses that count as success (default: 2xx and 3xx). */
  okStatus?: (status: number) => boolean;
  maxInFlight?: number;
}

export interface PhaseStats {
  phase: Phase;
  requests: number;
  failed: number;
  /** Held back because `maxInFlight` requests were already waiting: the server was stalling. */
  heldBack: number;
  seconds: number;
  p50: number | undefined;
  p95: number | undefined;
  p99: number | undefined;
  max: number | undefined;
}

export interface LoadReport {
  url: string;
  rate: number;
  requests: number;
  failed: number;
  heldBack: number;
  phases: PhaseStats[];
  /** The first few failures, with what went wrong. */
  failures: { phase: Phase; at: number; error: string }[];
}

interface Sample {
  phase: Phase;
  ms: number;
  ok: boolean;
}

/** The value at quantile q (0..1) of sorted numbers (nearest rank). */
export function percentile(sorted: number[], q: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.ceil(q * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(rank, 1)) - 1];
}

export function phaseStats(phase: Phase, samples: Sample[], heldBack: number, seconds: number): PhaseStats {
  const mine = samples.filter((s) => s.phase === phase);
  const ms = mine.map((s) => s.ms).sort((a, b) => a - b);
  const round = (v: number | undefined) => (v === undefined ? undefined : Math.round(v * 10) / 10);
  return {
    phase,
    requests: mine.length,
    failed: mine.filter((s) => !s.ok).length,
    heldBack,
    seconds: Math.round(seconds * 10) / 10,
    p50: round(percentile(ms, 0.5)),
    p95: round(percentile(ms, 0.95)),
    p99: round(percentile(ms, 0.99)),
    max: round(ms[ms.length - 1]),
  };
}

export class LoadProbe {
  private phase: Phase = 'before';
  private readonly samples: Sample[] = [];
  private readonly failures: LoadReport['failures'] = [];
  private readonly heldBack: Record<Phase, number> = { before: 0, during: 0, after: 0 };
  private readonly phaseStart: Record<Phase, number | undefined> = {
    before: undefined,
    during: undefined,
    after: undefined,
  };
  private readonly inFlight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private started = 0;
  private ended: number | undefined;
  private sent = 0;

  constructor(private readonly o: LoadOptions) {
    if (!(o.rate > 0)) throw new Error('the load rate must be positive');
  }

  start(): void {
    this.started = performance.now();
    this.phaseStart.before = this.started;
    // A 10 ms tick sends whatever the schedule says is due by now: a steady rate without a timer per request.
    this.timer = setInterval(() => this.tick(), 10);
    this.tick();
  }

  /** Starts the next phase: 'during' when the risky operation begins, 'after' when it has ended. */
  mark(phase: Phase): void {
    this.phase = phase;
    this.phaseStart[phase] = performance.now();
  }

  private tick(): void {
    const due = Math.floor(((performance.now() - this.started) / 1000) * this.o.rate) + 1;
    while (this.sent < due) {
      this.sent += 1;
      if (this.inFlight.size >= (this.o.maxInFlight ?? 256)) {
        this.heldBack[this.phase] += 1;
        continue;
      }
      const p = this.one(this.phase).finally(() => this.inFlight.delete(p));
      this.inFlight.add(p);
    }
  }

  private async one(phase: Phase): Promise<void> {
    const t0 = performance.now();
    const ok = this.o.okStatus ?? ((s: number) => s >= 200 && s < 400);
    try {
      const r = await fetchOnce(this.o.url, {
        timeoutMs: this.o.timeoutMs,
        address: this.o.address,
        ca: this.o.ca,
        maxBodyBytes: 65_536,
      });
      const good = ok(r.status);
      this.samples.push({ phase, ms: r.ms, ok: good });
      if (!good) this.fail(phase, t0, `HTTP ${r.status}`);
    } catch (error) {
      this.samples.push({ phase, ms: performance.now() - t0, ok: false });
      this.fail(phase, t0, (error as NodeJS.ErrnoException).code ?? (error as Error).message);
    }
  }

  private fail(phase: Phase, t0: number, error: string): void {
    if (this.failures.length < 10)
      this.failures.push({ phase, at: Math.round(t0 - this.started) / 1000, error });
  }

  /** Failed requests so far (answered or given up on; those still in flight are not counted yet). */
  get failedSoFar(): number {
    return this.samples.reduce((n, s) => n + (s.ok ? 0 : 1), 0);
  }

  /** Waits (at most `ms`) for the requests in flight now, so their failures are counted. */
  async settle(ms: number): Promise<void> {
    await Promise.race([Promise.all([...this.inFlight]), new Promise((r) => setTimeout(r, ms))]);
  }

  /** Stops sending, waits for the requests in flight, and reports each phase. */
  async stop(): Promise<LoadReport> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.ended ??= performance.now();
    const end = this.ended;
    await Promise.all([...this.inFlight]);
    const order: Phase[] = ['before', 'during', 'after'];
    const phases = order
      .filter((p) => this.phaseStart[p] !== undefined)
      .map((p, i, list) => {
        const next = list[i + 1];
        const until = next ? this.phaseStart[next]! : end;
        return phaseStats(p, this.samples, this.heldBack[p], (until - this.phaseStart[p]!) / 1000);
      });
    return {
      url: this.o.url,
      rate: this.o.rate,
      requests: this.samples.length,
      failed: this.samples.filter((s) => !s.ok).length,
      heldBack: order.reduce((n, p) => n + this.heldBack[p], 0),
      phases,
      failures: this.failures,
    };
  }
}
