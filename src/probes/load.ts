/**
 * The load probe: while something risky runs (a reload), send requests at a steady rate to a URL and count
 * failures and latency before, during and after it — the check runbooks do by hand with a load tool.
 *
 * Every request opens its own connection (no keep-alive, no TLS session resumption), like a stream of new
 * visitors: a listener that goes away, a backlog that overflows or a proxy answering 502 shows up as a failed
 * request. Requests are placed on a fixed schedule (open model), so a slow server does not slow the probe down
 * and hide its own stall.
 *
 * The probe must not load the process it runs in (the SSH work of the reload shares its event loop) and must
 * not pass what it did not measure. One TLS context (root certificates plus `ca`) is made once and shared by
 * every request: making it per request cost ~10 ms of CPU each, half a core at 50 requests/s. A request that
 * could not be sent on schedule — more than `lateMs` late (the event loop was busy) or kept back because
 * `maxInFlight` requests were already waiting (the server was stalling) — is not sent late in a burst: it is
 * counted as held back. More held back than the tolerance (1% of the scheduled requests, rounded down) means
 * the probe could not keep its rate, and its result is not a pass. Its own cost is measured: the process's
 * CPU time per request sent, per phase (before the reload the probe runs alone, so that figure is its own).
 */
import type { SecureContext } from 'node:tls';
import { setTimeout as sleep } from 'node:timers/promises';
import { percentile } from '../stats.js';
import { fetchOnce, trustContext } from './http.js';

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
  /** A request this much later than its scheduled time is held back, not sent (default 100 ms). */
  lateMs?: number;
}

/** Held back requests allowed before the probe is judged unable to keep its rate: 1% of those scheduled. */
export const heldBackAllowed = (scheduled: number): number => Math.floor(scheduled / 100);

export interface PhaseStats {
  phase: Phase;
  requests: number;
  failed: number;
  /** Requests due in this phase that were not sent on time (late or over `maxInFlight`). */
  heldBack: number;
  seconds: number;
  /** The process's CPU time (ms) per request sent in this phase (undefined when none was sent). */
  cpuMsPerRequest: number | undefined;
  p50: number | undefined;
  p95: number | undefined;
  p99: number | undefined;
  max: number | undefined;
}

export interface LoadReport {
  url: string;
  rate: number;
  /** Requests the schedule called for: sent + held back. */
  scheduled: number;
  /** Requests sent (and answered or given up on): the same as `requests`. */
  sent: number;
  requests: number;
  ok: number;
  failed: number;
  /** Requests not sent on time: `late` ones (the process was busy) and `capped` ones (too many in flight). */
  heldBack: number;
  late: number;
  capped: number;
  /** The tolerance for `heldBack` (1% of `scheduled`, rounded down). */
  heldBackAllowed: number;
  /** Set when the probe could not keep its rate: its result is then not a pass, whatever `failed` says. */
  problem: string | undefined;
  /** The process's CPU time (ms) per request sent over the whole run (the reload's own work included). */
  cpuMsPerRequest: number | undefined;
  phases: PhaseStats[];
  /** The first few failures, with what went wrong. */
  failures: { phase: Phase; at: number; error: string }[];
  /** Latency over time, for the summary's chart (report/reload.ts). */
  timeline?: Timeline;
}

export interface Sample {
  phase: Phase;
  ms: number;
  ok: boolean;
  /** When it was sent: seconds from the start. */
  at?: number;
}

/** Per `step` seconds from the start: requests sent, failed, p95 (ms); and when the reload began and ended. */
export interface Timeline {
  step: number;
  points: { at: number; requests: number; failed: number; p95: number | undefined }[];
  during: number | undefined;
  after: number | undefined;
}

/** At most 60 points: 1 s steps up to a minute, longer ones beyond. */
export function timelineOf(
  samples: Sample[],
  seconds: number,
  marks: { during?: number | undefined; after?: number | undefined },
): Timeline {
  const step = Math.max(1, Math.ceil(seconds / 60));
  const n = Math.max(1, Math.ceil(seconds / step));
  const buckets = Array.from({ length: n }, () => [] as Sample[]);
  for (const s of samples) buckets[Math.min(n - 1, Math.max(0, Math.floor((s.at ?? 0) / step)))]!.push(s);
  return {
    step,
    points: buckets.map((b, i) => ({
      at: i * step,
      requests: b.length,
      failed: b.filter((s) => !s.ok).length,
      p95: round(
        percentile(
          b.map((s) => s.ms).sort((x, y) => x - y),
          0.95,
        ),
      ),
    })),
    during: marks.during,
    after: marks.after,
  };
}

const round = (v: number | undefined) => (v === undefined ? undefined : Math.round(v * 10) / 10);
const perRequest = (cpuMicros: number, n: number) =>
  n > 0 ? Math.round((cpuMicros / 1000 / n) * 100) / 100 : undefined;

export function phaseStats(
  phase: Phase,
  samples: Sample[],
  heldBack: number,
  seconds: number,
  cpuMicros = 0,
): PhaseStats {
  const mine = samples.filter((s) => s.phase === phase);
  const ms = mine.map((s) => s.ms).sort((a, b) => a - b);
  return {
    phase,
    requests: mine.length,
    failed: mine.filter((s) => !s.ok).length,
    heldBack,
    seconds: Math.round(seconds * 10) / 10,
    cpuMsPerRequest: perRequest(cpuMicros, mine.length),
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
  private late = 0;
  private capped = 0;
  /** process.cpuUsage() when each phase began, and the CPU (µs) each phase used. */
  private cpuMark: NodeJS.CpuUsage | undefined;
  private readonly cpu: Record<Phase, number> = { before: 0, during: 0, after: 0 };
  private readonly context: SecureContext | undefined;
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
    // The one TLS context of every request (the URL is checked by the caller; a bad one fails each request).
    this.context = /^https:/i.test(o.url) ? trustContext(o.ca) : undefined;
  }

  start(): void {
    this.cpuMark = process.cpuUsage();
    this.started = performance.now();
    this.phaseStart.before = this.started;
    // A 10 ms tick sends whatever the schedule says is due by now: a steady rate without a timer per request.
    this.timer = setInterval(() => this.tick(), 10);
    this.tick();
  }

  /** Starts the next phase: 'during' when the risky operation begins, 'after' when it has ended. */
  mark(phase: Phase): void {
    this.closeCpu();
    this.phase = phase;
    this.phaseStart[phase] = performance.now();
  }

  /** Adds the CPU used since the last mark to the current phase. */
  private closeCpu(): void {
    if (!this.cpuMark) return;
    const d = process.cpuUsage(this.cpuMark);
    this.cpu[this.phase] += d.user + d.system;
    this.cpuMark = process.cpuUsage();
  }

  private tick(): void {
    const now = performance.now();
    const due = Math.floor(((now - this.started) / 1000) * this.o.rate) + 1;
    const lateMs = this.o.lateMs ?? 100;
    while (this.sent < due) {
      // Request k (from 0) is due k/rate seconds after the start.
      const lateBy = now - (this.started + (this.sent * 1000) / this.o.rate);
      this.sent += 1;
      if (lateBy > lateMs) {
        // The process was too busy to send it on time: sending it now would measure a burst, not the rate.
        this.late += 1;
        this.heldBack[this.phase] += 1;
        continue;
      }
      if (this.inFlight.size >= (this.o.maxInFlight ?? 256)) {
        this.capped += 1;
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
        secureContext: this.context,
        maxBodyBytes: 65_536,
      });
      const good = ok(r.status);
      this.samples.push({ phase, ms: r.ms, ok: good, at: (t0 - this.started) / 1000 });
      if (!good) this.fail(phase, t0, `HTTP ${r.status}`);
    } catch (error) {
      this.samples.push({ phase, ms: performance.now() - t0, ok: false, at: (t0 - this.started) / 1000 });
      this.fail(phase, t0, (error as NodeJS.ErrnoException).code ?? (error as Error).message);
    }
  }

  private fail(phase: Phase, t0: number, error: string): void {
    if (this.failures.length < 10)
      this.failures.push({ phase, at: Math.round(t0 - this.started) / 1000, error });
  }

  /** Requests not sent on time so far (late or over the in-flight cap). */
  get heldBackSoFar(): number {
    return this.late + this.capped;
  }

  /** Failed requests so far (answered or given up on; those still in flight are not counted yet). */
  get failedSoFar(): number {
    return this.samples.reduce((n, s) => n + (s.ok ? 0 : 1), 0);
  }

  /** Waits (at most `ms`) for the requests in flight now, so their failures are counted. */
  async settle(ms: number): Promise<void> {
    await Promise.race([Promise.all([...this.inFlight]), sleep(ms)]);
  }

  /** Stops sending, waits for the requests in flight, and reports each phase. */
  async stop(): Promise<LoadReport> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.ended ??= performance.now();
    const end = this.ended;
    await Promise.all([...this.inFlight]);
    // The CPU of the last answers counts too (to the last phase); then the probe's account is closed.
    this.closeCpu();
    this.cpuMark = undefined;
    const order: Phase[] = ['before', 'during', 'after'];
    const phases = order
      .filter((p) => this.phaseStart[p] !== undefined)
      .map((p, i, list) => {
        const next = list[i + 1];
        const until = next ? this.phaseStart[next]! : end;
        return phaseStats(
          p,
          this.samples,
          this.heldBack[p],
          (until - this.phaseStart[p]!) / 1000,
          this.cpu[p],
        );
      });
    const sent = this.samples.length;
    const failed = this.samples.filter((s) => !s.ok).length;
    const heldBack = this.late + this.capped;
    const scheduled = sent + heldBack;
    const allowed = heldBackAllowed(scheduled);
    const why = [
      this.late ? `${this.late} while this process was too busy to send them` : '',
      this.capped
        ? `${this.capped} while ${this.o.maxInFlight ?? 256} requests were already waiting for the server`
        : '',
    ].filter(Boolean);
    return {
      url: this.o.url,
      rate: this.o.rate,
      scheduled,
      sent,
      requests: sent,
      ok: sent - failed,
      failed,
      heldBack,
      late: this.late,
      capped: this.capped,
      heldBackAllowed: allowed,
      problem:
        heldBack > allowed
          ? `the probe could not keep its rate (${heldBack} of ${scheduled} requests not sent on time: ${why.join(', ')}; allowed: ${allowed})`
          : undefined,
      cpuMsPerRequest: perRequest(
        order.reduce((n, p) => n + this.cpu[p], 0),
        sent,
      ),
      phases,
      failures: this.failures,
      timeline: timelineOf(this.samples, (end - this.started) / 1000, {
        during:
          this.phaseStart.during === undefined ? undefined : (this.phaseStart.during - this.started) / 1000,
        after:
          this.phaseStart.after === undefined ? undefined : (this.phaseStart.after - this.started) / 1000,
      }),
    };
  }
}
