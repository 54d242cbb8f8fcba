/**
 * The health gate after a reload: the app's own upstream (its socket or port, asked over SSH on the host, so
 * the proxy cannot hide a dead app behind a cached page) and, when given, the public URL must answer the
 * readiness path, and the version path must report the expected release on several requests in a row (a
 * reload that left one old worker behind is caught). Retried with backoff until a deadline.
 */
import { errorMessage } from '../errors.js';
import { fetchOnce } from '../probes/http.js';
import { sh } from '../remote/quote.js';
import type { SshSession } from '../remote/ssh.js';
import { setTimeout as sleep } from 'node:timers/promises';

export interface GateOptions {
  /** `http://127.0.0.1:8000`, `127.0.0.1:8000`, `unix:/run/shop.sock` or `/run/shop.sock`; undefined: skip. */
  upstream: string | undefined;
  readinessPath: string;
  versionPath: string | undefined;
  /** The release id /version must report; undefined: only readiness. */
  expected: string | undefined;
  publicUrl: string | undefined;
  publicAddress?: string | undefined;
  ca?: string | undefined;
  deadlineMs: number;
  /** Consecutive answers with the expected version that count as proof. */
  versionRepeats?: number;
}

export interface GateResult {
  ok: boolean;
  /** What /version reported last (upstream first, else public). */
  version: string | undefined;
  checks: { where: 'upstream' | 'public'; what: string; ok: boolean; detail: string }[];
  seconds: number;
}

interface Answer {
  status: number;
  body: string;
}

/** The curl arguments that reach an upstream address, and the URL to ask for `path`. */
export function upstreamTarget(upstream: string, path: string): { socket: string | undefined; url: string } {
  const u = upstream.trim();
  if (u.startsWith('unix:')) return { socket: u.slice(5), url: `http://localhost${path}` };
  if (u.startsWith('/')) return { socket: u, url: `http://localhost${path}` };
  const base = /^https?:\/\//.test(u) ? u.replace(/\/+$/, '') : `http://${u}`;
  return { socket: undefined, url: `${base}${path}` };
}

/**
 * Why the SSH user cannot ask the upstream, or undefined when it can: a unix socket it may not open (curl
 * would only say "Failed to connect to localhost port 80", after the reload). Checked before anything changes.
 */
export async function upstreamAccess(session: SshSession, upstream: string): Promise<string | undefined> {
  const { socket } = upstreamTarget(upstream, '/');
  if (!socket) return undefined;
  const r = await session.run(
    sh`s=${socket}; if [ -S "$s" ] && ! [ -w "$s" ]; then echo "$(id -un) may not open $s ($(stat -c '%U:%G mode %a' "$s")): add $(id -un) to the socket's group, or give 'upstream'"; fi`,
  );
  return r.stdout.trim() || undefined;
}

/** One request's time limit: 5 s, or what is left before the gate's deadline (at least 1 s). */
const limit = (deadline: number): number =>
  Math.min(5, Math.max(1, Math.ceil((deadline - Date.now()) / 1000)));

async function askUpstream(
  session: SshSession,
  upstream: string,
  path: string,
  deadline: number,
): Promise<Answer> {
  const t = upstreamTarget(upstream, path);
  const seconds = limit(deadline);
  const r = await session.run(
    sh`curl -sS --max-time ${seconds} -w '\n%{http_code}' ${t.socket ? ['--unix-socket', t.socket] : []} ${t.url}`,
    { timeoutMs: seconds * 1000 + 5_000 },
  );
  if (r.code !== 0) throw new Error(r.stderr.trim().split('\n').pop() || `curl exited with ${r.code}`);
  const i = r.stdout.lastIndexOf('\n');
  return { status: Number(r.stdout.slice(i + 1).trim()), body: r.stdout.slice(0, i) };
}

async function askPublic(o: GateOptions, path: string, deadline: number): Promise<Answer> {
  const url = new URL(path, o.publicUrl!.replace(/\/?$/, '/')).toString();
  const r = await fetchOnce(url, { timeoutMs: limit(deadline) * 1000, address: o.publicAddress, ca: o.ca });
  return { status: r.status, body: r.body };
}

/** The release a version endpoint reports (`release`, else `version`), or undefined. */
export function reportedVersion(body: string): string | undefined {
  try {
    const j = JSON.parse(body) as Record<string, unknown>;
    const v = j.release ?? j.version;
    return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
  } catch {
    return undefined;
  }
}

async function checkOnce(
  where: 'upstream' | 'public',
  ask: (path: string) => Promise<Answer>,
  o: GateOptions,
  deadline: number,
): Promise<{ ok: boolean; version: string | undefined; checks: GateResult['checks'] }> {
  const checks: GateResult['checks'] = [];
  let version: string | undefined;
  try {
    const ready = await ask(o.readinessPath);
    const okReady = ready.status >= 200 && ready.status < 300;
    checks.push({ where, what: o.readinessPath, ok: okReady, detail: `HTTP ${ready.status}` });
    if (!okReady) return { ok: false, version, checks };
    if (o.versionPath) {
      const repeats = o.expected ? (o.versionRepeats ?? 4) : 1;
      const seen: string[] = [];
      for (let i = 0; i < repeats && (i === 0 || Date.now() < deadline); i++) {
        const v = await ask(o.versionPath);
        version = v.status === 200 ? reportedVersion(v.body) : undefined;
        seen.push(version ?? `HTTP ${v.status}`);
        if (o.expected && version !== o.expected) break;
      }
      const ok = o.expected ? seen.every((s) => s === o.expected) : version !== undefined;
      checks.push({
        where,
        what: o.versionPath,
        ok,
        detail: o.expected
          ? `${ok ? '' : `expected ${o.expected}, `}got ${[...new Set(seen)].join(', ')}`
          : `got ${seen.join(', ')}`,
      });
      if (!ok) return { ok: false, version, checks };
    }
    return { ok: true, version, checks };
  } catch (error) {
    checks.push({ where, what: o.readinessPath, ok: false, detail: errorMessage(error) });
    return { ok: false, version, checks };
  }
}

/**
 * Polls (250 ms, doubling to 2 s) until every gate passes at once, or the deadline passes: the whole gate,
 * its last round of requests included, takes at most `deadlineMs` (plus one SSH round trip).
 */
export async function healthGate(session: SshSession, o: GateOptions): Promise<GateResult> {
  const started = Date.now();
  const deadline = started + o.deadlineMs;
  let delay = 250;
  for (;;) {
    const checks: GateResult['checks'] = [];
    let version: string | undefined;
    let ok = true;
    if (o.upstream) {
      const u = await checkOnce(
        'upstream',
        (p) => askUpstream(session, o.upstream!, p, deadline),
        o,
        deadline,
      );
      checks.push(...u.checks);
      version = u.version;
      ok &&= u.ok;
    }
    if (ok && o.publicUrl) {
      const p = await checkOnce('public', (path) => askPublic(o, path, deadline), o, deadline);
      checks.push(...p.checks);
      version ??= p.version;
      ok &&= p.ok;
    }
    const seconds = Math.round((Date.now() - started) / 100) / 10;
    if (ok || Date.now() + delay > deadline) return { ok, version, checks, seconds };
    await sleep(delay);
    delay = Math.min(delay * 2, 2_000);
  }
}
