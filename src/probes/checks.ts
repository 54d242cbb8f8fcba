/**
 * smoke-check's individual checks, in the order smokeCheck (smoke.ts) runs them: 1. the endpoints, assertions
 * and version (one round; smokeCheck retries it), 2. HTTP → HTTPS, 3. TLS, 4. names the site does not serve,
 * 5. the security headers, 6. latency. Each takes what it needs and returns its rows of the report.
 */
import { fetchOnce, type HttpReply, type RequestOptions } from './http.js';
import { type Score, scoreHeaders } from './observatory.js';
import { percentile } from '../stats.js';

export interface Assertion {
  path: string;
  field: string;
  op: '==' | '!=' | '~';
  value: string;
}

export interface Check {
  group: 'endpoint' | 'version' | 'redirect' | 'tls' | 'names' | 'headers' | 'latency';
  name: string;
  expected: string;
  got: string;
  ok: boolean;
}

/** The site and the options of every request (address, CA, time limit, body limit). */
export interface CheckContext {
  base: URL;
  /** The URL of a path on the site. */
  at: (path: string) => string;
  req: RequestOptions;
}

/** The most of a body read; a longer one fails its check (and is not downloaded). */
export const MAX_BODY_BYTES = 1_000_000;
const GRADE_ORDER = ['A+', 'A', 'A-', 'B+', 'B', 'B-', 'C+', 'C', 'C-', 'D+', 'D', 'D-', 'F'];

function fieldOf(json: unknown, field: string): unknown {
  return field
    .split('.')
    .reduce<unknown>(
      (v, k) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined),
      json,
    );
}

/** The release id a version endpoint reports (`release`, else `version`), or undefined when it is not JSON. */
export function versionOf(reply: HttpReply): string | undefined {
  try {
    const j = JSON.parse(reply.body) as Record<string, unknown>;
    return String(j.release ?? j.version ?? '');
  } catch {
    return undefined;
  }
}

export interface EndpointRound {
  checks: Check[];
  /** The endpoints' answers by path. */
  replies: Map<string, HttpReply>;
}

const answered = (r: HttpReply) =>
  r.truncated
    ? `${r.status}, body over ${MAX_BODY_BYTES} bytes (not read)`
    : `${r.status} (${Math.round(r.ms)} ms)`;

/**
 * 1. One round of the endpoints (all at once), then the assertions and the version; what could not be reached
 * is added to `unreached` (the error → the paths it happened to). `inTime` ends the requests at the deadline.
 */
export async function endpointRound(
  o: {
    endpoints: { path: string; status: number[] }[];
    assertions: Assertion[];
    expectedVersion: string | undefined;
    versionPath: string;
  },
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

/** 2. A plain-HTTP request on the same host must be redirected (301/308) to HTTPS on it. */
export async function redirectCheck({ base, req }: CheckContext): Promise<Check> {
  const plain = new URL(base.toString());
  plain.protocol = 'http:';
  plain.port = '';
  plain.pathname = '/keel-smoke-check';
  try {
    const r = await fetchOnce(plain.toString(), req);
    const loc = String(r.headers.location ?? '');
    return {
      group: 'redirect',
      name: 'http → https',
      expected: `301/308 to https://${base.host}/`,
      got: `${r.status} ${loc || '(no Location)'}`,
      ok: [301, 308].includes(r.status) && loc.startsWith(`https://${base.host}/`),
    };
  } catch (error) {
    return {
      group: 'redirect',
      name: 'http → https',
      expected: `301/308 to https://${base.host}/`,
      got: (error as Error).message,
      ok: false,
    };
  }
}

/** 3. The certificate (trusted, for the name, days left) and the TLS versions offered and refused, the cipher. */
export async function tlsChecks(
  { base, at, req }: CheckContext,
  main: HttpReply | undefined,
  minCertDays: number,
): Promise<{ checks: Check[]; certDaysLeft: number | undefined }> {
  const checks: Check[] = [];
  const push = (c: Check) => checks.push(c);
  const t = main?.tls;
  const certDaysLeft = t?.daysLeft;
  push({
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
  push({
    group: 'tls',
    name: 'certificate expiry',
    expected: `>= ${minCertDays} days left`,
    got: certDaysLeft === undefined ? '?' : `${certDaysLeft} days (${t?.validTo})`,
    ok: certDaysLeft !== undefined && certDaysLeft >= minCertDays,
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
  push({
    group: 'tls',
    name: 'TLS 1.3',
    expected: 'offered',
    got: v13.ok ? 'offered' : 'refused',
    ok: v13.ok,
  });
  push({
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
    push({
      group: 'tls',
      name: 'TLS 1.2 cipher',
      expected: 'forward-secret AEAD (ECDHE + GCM/ChaCha20)',
      got: v12.cipher,
      ok: good,
    });
  }
  push({
    group: 'tls',
    name: 'TLS 1.1',
    expected: 'refused',
    got: v11.ok ? 'accepted' : 'refused',
    ok: !v11.ok,
  });
  push({
    group: 'tls',
    name: 'TLS 1.0',
    expected: 'refused',
    got: v10.ok ? 'accepted' : 'refused',
    ok: !v10.ok,
  });
  return { checks, certDaysLeft };
}

/**
 * 4. Names the site does not serve: a foreign Host (with the site's SNI) must not reach the app or be
 * redirected to, and a foreign SNI must not complete a handshake with the site's certificate.
 */
export async function nameChecks({ at, req }: CheckContext): Promise<Check[]> {
  const checks: Check[] = [];
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
  return checks;
}

/** 5. The security headers scored by the HTTP Observatory's rules (`redirects`: step 2 passed); no version in Server. */
export function headerChecks(
  main: HttpReply,
  redirects: boolean,
  minGrade: string,
): { checks: Check[]; score: Score } {
  const checks: Check[] = [];
  const score = scoreHeaders(main.headers, redirects);
  const ok = GRADE_ORDER.indexOf(score.grade) <= GRADE_ORDER.indexOf(minGrade);
  checks.push({
    group: 'headers',
    name: 'HTTP Observatory score',
    expected: `grade ${minGrade} or better`,
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
  return { checks, score };
}

/** 6. Latency percentiles per endpoint over `latency.requests` requests each, p95 against the budget. */
export async function latencyChecks(
  { at, req }: CheckContext,
  endpoints: { path: string }[],
  latency: { requests: number; p95BudgetMs: number },
): Promise<{ checks: Check[]; rows: { path: string; p50: number; p95: number; p99: number }[] }> {
  const checks: Check[] = [];
  const rows: { path: string; p50: number; p95: number; p99: number }[] = [];
  for (const e of endpoints) {
    const times: number[] = [];
    for (let i = 0; i < latency.requests; i++) {
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
    rows.push(row);
    checks.push({
      group: 'latency',
      name: `${e.path} p95 (${times.length} requests)`,
      expected: `<= ${latency.p95BudgetMs} ms`,
      got: `p50 ${row.p50.toFixed(1)} / p95 ${row.p95.toFixed(1)} / p99 ${row.p99.toFixed(1)} ms`,
      ok: times.length === latency.requests && row.p95 <= latency.p95BudgetMs,
    });
  }
  return { checks, rows };
}
