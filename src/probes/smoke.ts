/**
 * smoke-check as a library call: the live site judged as a security scanner and an SRE would: endpoints
 * (status, JSON fields, body), the deployed version, HTTP → HTTPS, the certificate and TLS versions and
 * ciphers, the security headers scored by the HTTP Observatory's rules, and latency percentiles.
 */
import { KeelError } from '../errors.js';
import { displayUrl, fetchOnce, type HttpReply, type RequestOptions } from './http.js';
import { gradeOf, type Score, scoreHeaders } from './observatory.js';
import { poll, type Polled } from '../poll.js';
import { percentile } from '../stats.js';

export interface Assertion {
  path: string;
  field: string;
  op: '==' | '!=' | '~';
  value: string;
}

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

export interface Check {
  group: 'endpoint' | 'version' | 'redirect' | 'tls' | 'names' | 'headers' | 'latency';
  name: string;
  expected: string;
  got: string;
  ok: boolean;
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

/** The most of a body read; a longer one fails its check (and is not downloaded). */
export const MAX_BODY_BYTES = 1_000_000;
const secondsText = (ms: number) => `${+(ms / 1000).toFixed(1)}s`;
const GRADE_ORDER = ['A+', 'A', 'A-', 'B+', 'B', 'B-', 'C+', 'C', 'C-', 'D+', 'D', 'D-', 'F'];

export function parseAssertion(text: string): Assertion | undefined {
  const m = /^(\/\S*)\s+([A-Za-z0-9_.[\]-]+)\s*(==|!=|~)\s*(.*)$/.exec(text.trim());
  return m ? { path: m[1]!, field: m[2]!, op: m[3] as Assertion['op'], value: m[4]!.trim() } : undefined;
}

function fieldOf(json: unknown, field: string): unknown {
  return field
    .split('.')
    .reduce<unknown>(
      (v, k) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined),
      json,
    );
}

/** The release id a version endpoint reports (`release`, else `version`), or undefined when it is not JSON. */
function versionOf(reply: HttpReply): string | undefined {
  try {
    const j = JSON.parse(reply.body) as Record<string, unknown>;
    return String(j.release ?? j.version ?? '');
  } catch {
    return undefined;
  }
}

interface EndpointRound {
  checks: Check[];
  /** The endpoints' answers by path. */
  replies: Map<string, HttpReply>;
}

const answered = (r: HttpReply) =>
  r.truncated
    ? `${r.status}, body over ${MAX_BODY_BYTES} bytes (not read)`
    : `${r.status} (${Math.round(r.ms)} ms)`;

/**
 * One round of step 1: every endpoint at once, then the assertions and the version; what could not be reached
 * is added to `unreached` (the error → the paths it happened to).
 */
async function endpointRound(
  o: SmokeOptions,
  at: (path: string) => string,
  inTime: RequestOptions,
  unreached: Map<string, Set<string>>,
): Promise<EndpointRound> {
  const endpointChecks: Check[] = [];
  const replies = new Map<string, HttpReply>();
  // All endpoints at once: a slow one does not hold up the others.
  const answers = await Promise.all(
    o.endpoints.map((e) =>
      fetchOnce(at(e.path), inTime).then(
        (r) => ({ e, r }),
        (error: Error) => ({ e, error }),
      ),
    ),
  );
  for (const a of answers) {
    if ('r' in a) {
      replies.set(a.e.path, a.r);
      endpointChecks.push({
        group: 'endpoint',
        name: `GET ${a.e.path}`,
        expected: a.e.status.join(' or '),
        got: answered(a.r),
        ok: a.e.status.includes(a.r.status) && !a.r.truncated,
      });
    } else {
      const paths = unreached.get(a.error.message) ?? new Set<string>();
      unreached.set(a.error.message, paths.add(a.e.path));
      endpointChecks.push({
        group: 'endpoint',
        name: `GET ${a.e.path}`,
        expected: a.e.status.join(' or '),
        got: a.error.message,
        ok: false,
      });
    }
  }
  for (const a of o.assertions) {
    const r = replies.get(a.path) ?? (await fetchOnce(at(a.path), inTime).catch(() => undefined));
    let got: unknown;
    try {
      // `body` is the raw response body (for ~ regex matches); anything else a JSON field.
      got = !r ? undefined : a.field === 'body' ? r.body : fieldOf(JSON.parse(r.body), a.field);
    } catch {
      got = undefined;
    }
    const text = got === undefined ? '(missing)' : typeof got === 'string' ? got : JSON.stringify(got);
    const ok =
      a.op === '==' ? text === a.value : a.op === '!=' ? text !== a.value : new RegExp(a.value).test(text);
    endpointChecks.push({
      group: 'endpoint',
      name: `${a.path} ${a.field}`,
      expected: `${a.op} ${a.value}`,
      got: text,
      ok,
    });
  }
  if (o.expectedVersion !== undefined) {
    const r =
      replies.get(o.versionPath) ?? (await fetchOnce(at(o.versionPath), inTime).catch(() => undefined));
    const version = r ? versionOf(r) : '';
    endpointChecks.push({
      group: 'version',
      name: `${o.versionPath} release`,
      expected: o.expectedVersion,
      got: version ?? '(not JSON)',
      ok: version === o.expectedVersion,
    });
  }
  return { checks: endpointChecks, replies };
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
  const main = secure ? await fetchOnce(at('/'), req).catch(() => undefined) : undefined;

  // 2. HTTP → HTTPS on the same host.
  let redirects = false;
  if (secure) {
    const plain = new URL(base.toString());
    plain.protocol = 'http:';
    plain.port = '';
    plain.pathname = '/keel-smoke-check';
    try {
      const r = await fetchOnce(plain.toString(), req);
      const loc = String(r.headers.location ?? '');
      redirects = [301, 308].includes(r.status) && loc.startsWith(`https://${base.host}/`);
      checks.push({
        group: 'redirect',
        name: 'http → https',
        expected: `301/308 to https://${base.host}/`,
        got: `${r.status} ${loc || '(no Location)'}`,
        ok: redirects,
      });
    } catch (error) {
      checks.push({
        group: 'redirect',
        name: 'http → https',
        expected: `301/308 to https://${base.host}/`,
        got: (error as Error).message,
        ok: false,
      });
    }
  }

  // 3. TLS: the certificate, the protocol versions offered and refused, the cipher.
  let certDaysLeft: number | undefined;
  if (secure && o.checkTls) {
    const t = main?.tls;
    certDaysLeft = t?.daysLeft;
    checks.push({
      group: 'tls',
      name: 'certificate valid for the name',
      expected: `trusted, for ${base.hostname}`,
      got: t
        ? t.authorized
          ? `ok (${t.subject ?? '?'})`
          : (t.authorizationError ?? 'untrusted')
        : 'no TLS answer',
      ok: !!t?.authorized,
    });
    checks.push({
      group: 'tls',
      name: 'certificate expiry',
      expected: `>= ${o.minCertDays} days left`,
      got: certDaysLeft === undefined ? '?' : `${certDaysLeft} days (${t?.validTo})`,
      ok: certDaysLeft !== undefined && certDaysLeft >= o.minCertDays,
    });
    const probe = async (v: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3') => {
      try {
        const r = await fetchOnce(at('/'), {
          ...req,
          minVersion: v,
          maxVersion: v,
          ciphers: v === 'TLSv1' || v === 'TLSv1.1' ? 'DEFAULT:@SECLEVEL=0' : undefined,
        });
        return { ok: true as const, cipher: r.tls?.cipher ?? '' };
      } catch (error) {
        return { ok: false as const, error: (error as Error).message };
      }
    };
    const [v10, v11, v12, v13] = await Promise.all([
      probe('TLSv1'),
      probe('TLSv1.1'),
      probe('TLSv1.2'),
      probe('TLSv1.3'),
    ]);
    checks.push({
      group: 'tls',
      name: 'TLS 1.3',
      expected: 'offered',
      got: v13.ok ? 'offered' : 'refused',
      ok: v13.ok,
    });
    checks.push({
      group: 'tls',
      name: 'TLS 1.2',
      expected: 'offered (or 1.3 only)',
      got: v12.ok ? `offered, ${v12.cipher}` : 'refused',
      ok: v12.ok || v13.ok,
    });
    if (v12.ok) {
      const good =
        /^TLS_ECDHE_(ECDSA|RSA)_WITH_(AES_(128|256)_GCM|CHACHA20_POLY1305)/.test(v12.cipher) ||
        /^ECDHE-(ECDSA|RSA)-(AES(128|256)-GCM|CHACHA20-POLY1305)/.test(v12.cipher);
      checks.push({
        group: 'tls',
        name: 'TLS 1.2 cipher',
        expected: 'forward-secret AEAD (ECDHE + GCM/ChaCha20)',
        got: v12.cipher,
        ok: good,
      });
    }
    checks.push({
      group: 'tls',
      name: 'TLS 1.1',
      expected: 'refused',
      got: v11.ok ? 'accepted' : 'refused',
      ok: !v11.ok,
    });
    checks.push({
      group: 'tls',
      name: 'TLS 1.0',
      expected: 'refused',
      got: v10.ok ? 'accepted' : 'refused',
      ok: !v10.ok,
    });
  }

  // 4. Names the site does not serve: a foreign Host (with the site's SNI) must not reach the app or be
  // redirected to, and a foreign SNI must not complete a handshake with the site's certificate.
  if (secure && o.checkNames) {
    const foreign = 'keel-smoke-check.invalid';
    const [byHost, bySni] = await Promise.all([
      fetchOnce(at('/'), { ...req, hostHeader: foreign }).then(
        (r) => ({ r }),
        (error: Error) => ({ error }),
      ),
      fetchOnce(at('/'), { ...req, servername: foreign }).then(
        (r) => ({ r }),
        (error: Error) => ({ error }),
      ),
    ]);
    const hostOk = 'error' in byHost || (byHost.r.status >= 400 && byHost.r.status < 500);
    checks.push({
      group: 'names',
      name: 'another Host name',
      expected: 'refused (connection closed or 4xx)',
      got:
        'error' in byHost
          ? `refused (${byHost.error.message})`
          : `${byHost.r.status}${byHost.r.headers.location ? ` to ${String(byHost.r.headers.location)}` : ''}`,
      ok: hostOk,
    });
    checks.push({
      group: 'names',
      name: 'another TLS server name (SNI)',
      expected: 'handshake refused',
      got:
        'error' in bySni
          ? `refused (${bySni.error.message})`
          : `handshake completed${bySni.r.tls?.subject ? ` with ${bySni.r.tls.subject}` : ''}, ${bySni.r.status}`,
      ok: 'error' in bySni,
    });
  }

  // 5. Security headers, scored; no version in Server.
  let score: Score | undefined;
  if (secure && o.checkHeaders && main) {
    score = scoreHeaders(main.headers, redirects);
    const ok = GRADE_ORDER.indexOf(score.grade) <= GRADE_ORDER.indexOf(o.minGrade);
    checks.push({
      group: 'headers',
      name: 'HTTP Observatory score',
      expected: `grade ${o.minGrade} or better`,
      got: `${score.score} (${score.grade})${score.items
        .filter((i) => i.points < 0)
        .map((i) => `; ${i.why} ${i.points}`)
        .join('')}`,
      ok,
    });
    const server = String(main.headers.server ?? '');
    checks.push({
      group: 'headers',
      name: 'Server header',
      expected: 'no version',
      got: server || '(none)',
      ok: !/\d/.test(server),
    });
  }

  // 6. Latency percentiles per endpoint.
  const latency: SmokeReport['latency'] = [];
  if (o.latency && o.latency.requests > 0) {
    for (const e of o.endpoints) {
      const times: number[] = [];
      for (let i = 0; i < o.latency.requests; i++) {
        const r = await fetchOnce(at(e.path), req).catch(() => undefined);
        if (r) times.push(r.ms);
      }
      times.sort((a, b) => a - b);
      const row = {
        path: e.path,
        p50: percentile(times, 0.5) ?? 0,
        p95: percentile(times, 0.95) ?? 0,
        p99: percentile(times, 0.99) ?? 0,
      };
      latency.push(row);
      checks.push({
        group: 'latency',
        name: `${e.path} p95 (${times.length} requests)`,
        expected: `<= ${o.latency.p95BudgetMs} ms`,
        got: `p50 ${row.p50.toFixed(1)} / p95 ${row.p95.toFixed(1)} / p99 ${row.p99.toFixed(1)} ms`,
        ok: times.length === o.latency.requests && row.p95 <= o.latency.p95BudgetMs,
      });
    }
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
