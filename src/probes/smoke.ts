/**
 * smoke-check as a library call: the live site judged as a security scanner and an SRE would: endpoints
 * (status, JSON fields, body), the deployed version, HTTP → HTTPS, the certificate and TLS versions and
 * ciphers, the security headers scored by the HTTP Observatory's rules, and latency percentiles. The steps
 * run in that order; each step's checks are in checks.ts.
 */
import { KeelError } from '../errors.js';
import { poll, type Polled } from '../poll.js';
import {
  type Assertion,
  type Check,
  type CheckContext,
  endpointRound,
  type EndpointRound,
  headerChecks,
  latencyChecks,
  MAX_BODY_BYTES,
  nameChecks,
  redirectCheck,
  tlsChecks,
  versionOf,
} from './checks.js';
import { displayUrl, fetchOnce, type RequestOptions } from './http.js';
import { gradeOf, type Score } from './observatory.js';

export { type Assertion, type Check, MAX_BODY_BYTES } from './checks.js';

export interface SmokeOptions {
  /** Without credentials (the inputs refuse `user:password@`). */
  url: string;
  address: string | undefined;
  ca: string | undefined;
  endpoints: { path: string; status: number[] }[];
  assertions: Assertion[];
  expectedVersion: string | undefined;
  versionPath: string;
  /** One request's limit (connect, TLS, headers, body): above 0. */
  timeoutMs: number;
  /** Endpoint checks are retried until then; it also ends the requests still in flight. */
  deadlineMs: number;
  minCertDays: number;
  checkTls: boolean;
  checkHeaders: boolean;
  /** Ask for a name the site does not serve (Host and SNI): it must be refused, never answered as the site. */
  checkNames: boolean;
  minGrade: string;
  latency: { requests: number; p95BudgetMs: number } | undefined;
}

export interface SmokeReport {
  url: string;
  passed: boolean;
  checks: Check[];
  score: Score | undefined;
  version: string | undefined;
  certDaysLeft: number | undefined;
  latency: { path: string; p50: number; p95: number; p99: number }[];
}

const secondsText = (ms: number) => `${+(ms / 1000).toFixed(1)}s`;

export function parseAssertion(text: string): Assertion | undefined {
  const m = /^(\/\S*)\s+([A-Za-z0-9_.[\]-]+)\s*(==|!=|~)\s*(.*)$/.exec(text.trim());
  return m ? { path: m[1]!, field: m[2]!, op: m[3] as Assertion['op'], value: m[4]!.trim() } : undefined;
}

export async function smokeCheck(o: SmokeOptions, log: (line: string) => void): Promise<SmokeReport> {
  const base = new URL(o.url);
  const at = (path: string) => new URL(path, base).toString();
  const req: RequestOptions = {
    address: o.address,
    ca: o.ca,
    timeoutMs: o.timeoutMs,
    maxBodyBytes: MAX_BODY_BYTES,
  };
  const checks: Check[] = [];

  // 1. Endpoints (and assertions), retried with exponential backoff and jitter until they pass or time runs out.
  // The deadline also ends the requests in flight, so a server that never answers cannot hold the step.
  const startedAt = Date.now();
  const deadline = startedAt + o.deadlineMs;
  const stop = new AbortController();
  const deadlineTimer = setTimeout(
    () => stop.abort(new Error(`the deadline of ${secondsText(o.deadlineMs)} was reached`)),
    o.deadlineMs,
  );
  const inTime: RequestOptions = { ...req, signal: stop.signal };
  // What went wrong on the way, over every attempt (first seen first, with the paths it happened to), and
  // whether anything ever answered.
  const unreached = new Map<string, Set<string>>();
  let answeredOnce = false;
  let tried: Polled<EndpointRound>;
  try {
    // Backoff doubles from 0.5s up to 8s (less up to a quarter at random), never past the deadline (the
    // last try keeps a moment to answer).
    tried = await poll(
      async () => {
        const round = await endpointRound(o, at, inTime, unreached);
        if (round.replies.size > 0) answeredOnce = true;
        return round;
      },
      (round) => round.checks.every((c) => c.ok),
      {
        deadline,
        delayMs: (n) => Math.min(500 * 2 ** (n - 1), 8_000),
        jitter: 0.25,
        reserveMs: 250,
        onMiss: (round, n, wait) =>
          log(
            `attempt ${n}: ${round.checks
              .filter((c) => !c.ok)
              .map((c) => `${c.name} got ${c.got}`)
              .join('; ')}${wait !== undefined ? `; retrying in ${(wait / 1000).toFixed(1)}s` : ''}`,
          ),
      },
    );
  } finally {
    clearTimeout(deadlineTimer);
  }
  const attempt = tried.tries;
  const { checks: endpointChecks, replies } = tried.value;
  // Not one endpoint answered: nothing else can be judged, and one error says why.
  if (o.endpoints.length > 0 && !answeredOnce) {
    const why = [...unreached].map(([reason, paths]) => `${reason} (GET ${[...paths].join(', ')})`);
    throw new KeelError(
      `${displayUrl(o.url)} could not be reached in ${attempt} attempt${attempt === 1 ? '' : 's'} over ` +
        `${secondsText(Date.now() - startedAt)}: ${why.join('; ')}`,
      { hint: 'Check the URL, the address, and that the server is up and answering.' },
    );
  }
  checks.push(...endpointChecks);
  const versionReply = replies.get(o.versionPath);
  const version = (versionReply && versionOf(versionReply)) || undefined;

  const secure = base.protocol === 'https:';
  const ctx: CheckContext = { base, at, req };
  const main = secure ? await fetchOnce(at('/'), req).catch(() => undefined) : undefined;

  // 2. HTTP → HTTPS on the same host.
  const redirect = secure ? await redirectCheck(ctx) : undefined;
  if (redirect) checks.push(redirect);
  const redirects = !!redirect?.ok;

  // 3. TLS: the certificate, the protocol versions offered and refused, the cipher.
  let certDaysLeft: number | undefined;
  if (secure && o.checkTls) {
    const tls = await tlsChecks(ctx, main, o.minCertDays);
    checks.push(...tls.checks);
    certDaysLeft = tls.certDaysLeft;
  }

  // 4. Names the site does not serve.
  if (secure && o.checkNames) checks.push(...(await nameChecks(ctx)));

  // 5. Security headers, scored; no version in Server.
  let score: Score | undefined;
  if (secure && o.checkHeaders && main) {
    const headers = headerChecks(main, redirects, o.minGrade);
    checks.push(...headers.checks);
    score = headers.score;
  }

  // 6. Latency percentiles per endpoint.
  let latency: SmokeReport['latency'] = [];
  if (o.latency && o.latency.requests > 0) {
    const l = await latencyChecks(ctx, o.endpoints, o.latency);
    checks.push(...l.checks);
    latency = l.rows;
  }
  return {
    url: displayUrl(o.url),
    passed: checks.every((c) => c.ok),
    checks,
    score,
    version,
    certDaysLeft,
    latency,
  };
}

export { gradeOf };
