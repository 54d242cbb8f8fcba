/**
 * One HTTP(S) request with everything a smoke check looks at: status, headers, body, timing and, for HTTPS,
 * the negotiated protocol and cipher and the certificate (validity for the name, days left). It can connect to
 * a given address while sending the real host name (SNI and Host), to check one server before DNS points at it.
 */
import http from 'node:http';
import https from 'node:https';
import { createSecureContext, rootCertificates, type SecureContext, type TLSSocket } from 'node:tls';

export interface TlsInfo {
  protocol: string | null;
  cipher: string;
  authorized: boolean;
  authorizationError: string | undefined;
  validTo: string | undefined;
  daysLeft: number | undefined;
  subject: string | undefined;
}

export interface HttpReply {
  url: string;
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The body was longer than `maxBodyBytes`: `body` holds its start, the rest was not read. */
  truncated: boolean;
  ms: number;
  tls: TlsInfo | undefined;
}

export interface RequestOptions {
  /** Connect here instead of resolving the URL's host (IP or name). */
  address?: string;
  /** Extra trusted CA certificates (PEM). */
  ca?: string;
  /**
   * The whole request's limit: connect, TLS handshake, response headers and the complete body. Must be
   * above 0 (a request without a limit is refused).
   */
  timeoutMs: number;
  /** Ends the request in flight (e.g. a deadline for a series of attempts). */
  signal?: AbortSignal;
  method?: string;
  /** For probing old protocols: accept any certificate, allow this TLS version range. */
  insecure?: boolean;
  minVersion?: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
  maxVersion?: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
  ciphers?: string;
  /** Read at most this much of the body (default 1 MB); the rest is not downloaded (`truncated`). */
  maxBodyBytes?: number;
  /** Send this Host header instead of the URL's (to ask the server for a name it does not serve). */
  hostHeader?: string;
  /** Send this TLS server name (SNI) instead of the URL's host name. */
  servername?: string;
  /**
   * A TLS context shared by many requests (made once by `trustContext`): building one that trusts the root
   * certificates plus `ca` costs ~10 ms of CPU, too much to pay per request in a stream of them. When given,
   * it replaces `ca`, `minVersion`, `maxVersion` and `ciphers`.
   */
  secureContext?: SecureContext;
}

/** The TLS context that trusts the root certificates plus `ca` (PEM), made once for many requests. */
export function trustContext(ca: string | undefined): SecureContext {
  return createSecureContext(ca ? { ca: [...rootCertificates, ca] } : {});
}

/** A request that failed, with what went wrong in words a user reads (`code` is Node's, or keel's own). */
export class RequestFailure extends Error {
  readonly code: string;
  constructor(message: string, code: string) {
    super(message);
    this.name = 'RequestFailure';
    this.code = code;
  }
}

/** A URL as shown to people: without `user:password@` (and otherwise as it was written). */
export function displayUrl(url: string | URL): string {
  return url.toString().replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/i, '$1');
}

const seconds = (ms: number) => (ms >= 1000 ? `${+(ms / 1000).toFixed(1)}s` : `${ms} ms`);

/** Node's network errors in words: "connection refused" rather than "connect ECONNREFUSED 127.0.0.1:443". */
function describe(error: NodeJS.ErrnoException, target: string): RequestFailure {
  if (error instanceof RequestFailure) return error;
  const code = error.code ?? 'EREQUEST';
  const words: Record<string, string> = {
    ECONNREFUSED: `connection refused by ${target}`,
    ECONNRESET: `connection reset by ${target}`,
    EHOSTUNREACH: `host ${target} unreachable`,
    ENETUNREACH: `network unreachable for ${target}`,
    ENOTFOUND: `host name not found (${target})`,
    EAI_AGAIN: `host name lookup failed for now (${target})`,
    EPIPE: `connection closed by ${target}`,
  };
  return new RequestFailure(words[code] ?? `${error.message} (${target})`, code);
}

export function fetchOnce(url: string, o: RequestOptions): Promise<HttpReply> {
  const u = new URL(url);
  const secure = u.protocol === 'https:';
  const started = performance.now();
  if (!(o.timeoutMs > 0) || !Number.isFinite(o.timeoutMs))
    return Promise.reject(
      new RequestFailure(`a request needs a time limit above 0 (got ${o.timeoutMs})`, 'ETIMEOUT0'),
    );
  const port = u.port || (secure ? 443 : 80);
  const target = `${o.address ?? u.hostname}:${port}`;
  const limit = o.maxBodyBytes ?? 1_000_000;
  return new Promise((resolve, reject) => {
    let phase = 'connecting';
    let settled = false;
    const done = (f: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      f();
    };
    const fail = (error: NodeJS.ErrnoException) => done(() => reject(describe(error, target)));
    const req = (secure ? https : http).request(
      {
        host: o.address ?? u.hostname,
        port,
        path: u.pathname + u.search,
        method: o.method ?? 'GET',
        headers: { Host: o.hostHeader ?? u.host, 'User-Agent': 'keel-smoke-check', Accept: '*/*' },
        agent: false,
        ...(secure
          ? {
              servername: o.servername ?? u.hostname,
              ...(o.secureContext
                ? { secureContext: o.secureContext }
                : { ca: o.ca ? [...rootCertificates, o.ca] : undefined }),
              rejectUnauthorized: false, // judged below, so a bad certificate is reported, not just refused
              minVersion: o.minVersion,
              maxVersion: o.maxVersion,
              ciphers: o.ciphers,
            }
          : {}),
      },
      (res) => {
        phase = 'reading the body';
        let tls: TlsInfo | undefined;
        if (secure) {
          const s = res.socket as TLSSocket;
          const cert = s.getPeerCertificate();
          const validTo = cert && cert.valid_to ? cert.valid_to : undefined;
          tls = {
            protocol: s.getProtocol(),
            cipher: s.getCipher()?.standardName ?? s.getCipher()?.name ?? '',
            authorized: s.authorized,
            authorizationError: s.authorizationError ? String(s.authorizationError) : undefined,
            validTo,
            daysLeft: validTo ? Math.floor((Date.parse(validTo) - Date.now()) / 86_400_000) : undefined,
            subject: cert?.subject?.CN as string | undefined,
          };
        }
        const chunks: Buffer[] = [];
        let size = 0;
        const reply = (truncated: boolean) => ({
          url,
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          truncated,
          ms: performance.now() - started,
          tls,
        });
        res.on('data', (c: Buffer) => {
          if (settled) return;
          const room = limit - size;
          if (c.length > room) {
            // Enough: the rest is not downloaded (an endless body ends here).
            chunks.push(c.subarray(0, room));
            size = limit;
            done(() => resolve(reply(true)));
            req.destroy();
            return;
          }
          chunks.push(c);
          size += c.length;
        });
        res.on('end', () => done(() => resolve(reply(false))));
        res.on('error', fail);
        res.on('close', () => {
          if (!res.complete)
            fail(new RequestFailure(`connection closed by ${target} mid-body`, 'ECONNRESET'));
        });
      },
    );
    req.on('socket', (socket) => {
      socket.once(secure ? 'secureConnect' : 'connect', () => {
        phase = 'waiting for the response headers';
      });
      if (secure) socket.once('connect', () => (phase = 'in the TLS handshake'));
    });
    const timer = setTimeout(() => {
      const e = new RequestFailure(`timed out after ${seconds(o.timeoutMs)} ${phase}`, 'ETIMEDOUT');
      fail(e);
      req.destroy();
    }, o.timeoutMs);
    const onAbort = () => {
      const reason: unknown = o.signal?.reason;
      fail(
        reason instanceof RequestFailure
          ? reason
          : new RequestFailure(
              `stopped ${phase}: ${reason instanceof Error ? reason.message : 'aborted'}`,
              'EABORTED',
            ),
      );
      req.destroy();
    };
    if (o.signal?.aborted) {
      onAbort();
      return;
    }
    o.signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', fail);
    req.end();
  });
}
