/**
 * The watch after the switch, per host: the baseline (the proxy's access log for the window before the switch)
 * and the watch window (the same length, from now on), read on the host by read.ts, then decide.ts's verdict.
 *
 * Times are the host's: the log's timestamps are, and the runner's clock may differ from it. Each host is
 * asked its clock first, and the switch time is carried over with the difference. The wait is bounded (the
 * window plus a second for the last lines to be written) and cancellable: a cancel ends it at once.
 */
import { cancellation, checkpoint } from '../cancel.js';
import { errorMessage } from '../errors.js';
import { raw } from '../remote/quote.js';
import { type Connection, type Endpoint, withSession } from '../remote/ssh.js';
import type { Logger } from '../log.js';
import { decide, type Decision, figures, type Thresholds, type WindowFigures } from './decide.js';
import { type LogConfig, type LogMark, type LogRead, parseRead, readCommand } from './read.js';

export interface WatchPlan {
  /** The access log on every host. */
  file: string;
  table: Pick<LogConfig, 'routes' | 'health'>;
  windowMs: number;
  bucketS: number;
  thresholds: Thresholds;
  /** When the switch happened, by the runner's clock (ms): the baseline window ends there. */
  switchedAt: number;
}

export interface HostWatch {
  host: string;
  result: Decision['result'] | 'error';
  decision: Decision | undefined;
  baseline: WindowFigures | undefined;
  watch: WindowFigures | undefined;
  /** What the reader left out or could not read, in the watch window. */
  stats: LogRead['stats'] | undefined;
  error?: string;
}

/** Buckets: a minute from a 5-minute window up; shorter windows get about 6 buckets of 5 s steps. */
export function bucketSeconds(windowMs: number): number {
  const s = windowMs / 1000;
  return s >= 300 ? 60 : Math.max(5, Math.ceil(s / 6 / 5) * 5);
}

/** Sleeps, unless the run is cancelled first (then throws the CancelledError). */
export function cancellableSleep(ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    if (cancellation.aborted) return reject(cancellation.reason as Error);
    const stop = () => {
      clearTimeout(timer);
      reject(cancellation.reason as Error);
    };
    const timer = setTimeout(() => {
      cancellation.removeEventListener('abort', stop);
      resolve();
    }, ms);
    cancellation.addEventListener('abort', stop, { once: true });
  });
}

const READ_TIMEOUT_MS = 120_000;

async function readOn(
  connection: Connection,
  endpoint: Endpoint,
  log: Logger,
  what: string,
  body: Parameters<typeof readCommand>,
): Promise<LogRead> {
  return withSession(
    connection,
    endpoint,
    log,
    async (s) => {
      const r = await s.check(what, readCommand(...body), { timeoutMs: READ_TIMEOUT_MS });
      for (const line of r.stderr.split('\n').filter((l) => l.startsWith('keel:')))
        log.warn(`${endpoint.name}: ${line.slice(6)}`);
      return parseRead(r.stdout);
    },
    (error) => {
      throw new Error(error);
    },
  );
}

async function hostClock(connection: Connection, endpoint: Endpoint, log: Logger): Promise<number> {
  return withSession(
    connection,
    endpoint,
    log,
    async (s) => {
      const r = await s.check("reading the host's clock", raw('date +%s.%N'), { timeoutMs: 30_000 });
      return Number(r.stdout.trim()) * 1000 - Date.now();
    },
    (error) => {
      throw new Error(error);
    },
  );
}

/** Watches every host at the same time; a host that cannot be read is an `error`, never a pass. */
export async function watchHosts(
  connection: Connection,
  hosts: string[],
  plan: WatchPlan,
  log: Logger,
): Promise<HostWatch[]> {
  const bases = plan.table.routes.map(([b]) => b);
  const buckets = Math.ceil(plan.windowMs / 1000 / plan.bucketS);
  const span = buckets * plan.bucketS;
  return Promise.all(
    hosts.map(async (host): Promise<HostWatch> => {
      const none = { decision: undefined, baseline: undefined, watch: undefined, stats: undefined };
      const endpoint = connection.endpoints.find((e) => e.name === host);
      if (!endpoint) return { host, result: 'error', ...none, error: 'not among the hosts given' };
      try {
        const skewMs = await hostClock(connection, endpoint, log);
        const switched = (plan.switchedAt + skewMs) / 1000;
        const base = await readOn(connection, endpoint, log, 'reading the access log before the switch', [
          plan.file,
          { from: switched - span, to: switched, bucket: plan.bucketS, ...plan.table },
        ]);
        const start = base.hostTime;
        const mark: LogMark = base.mark;
        log.info(
          `${host}: watching ${plan.file} for ${span} s (${buckets} bucket(s) of ${plan.bucketS} s); baseline: the ${span} s before the switch`,
        );
        await cancellableSleep(span * 1000 + 1000);
        const after = await readOn(connection, endpoint, log, 'reading the access log after the switch', [
          plan.file,
          { from: start, to: start + span, bucket: plan.bucketS, ...plan.table },
          mark,
        ]);
        const baseline = figures(base, buckets, bases);
        const watch = figures(after, buckets, bases);
        const decision = decide(baseline, watch, plan.thresholds);
        return { host, result: decision.result, decision, baseline, watch, stats: after.stats };
      } catch (error) {
        checkpoint();
        return { host, result: 'error', ...none, error: errorMessage(error) };
      }
    }),
  );
}
