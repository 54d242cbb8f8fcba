/**
 * One HTTP(S) request with everything a smoke check looks at: status, headers, body, timing and, for HTTPS,
 * the negotiated protocol and cipher and the certificate (validity for the name, days left). It can connect to
 * a given address while sending the real host name (SNI and Host), to check one server before DNS points at it.
 */
import http from 'node:http';
import https from 'node:https';
import { rootCertificates, type TLSSocket } from 'node:tls';

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
  ms: number;
  tls: TlsInfo | undefined;
}

export interface RequestOptions {
  /** Connect here instead of resolving the URL's host (IP or name). */
  address?: string;
  /** Extra trusted CA certificates (PEM). */
  ca?: string;
  timeoutMs: number;
  method?: string;
  /** For probing old protocols: accept any certificate, allow this TLS version range. */
  insecure?: boolean;
  minVersion?: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
  maxVersion?: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
  ciphers?: string;
  maxBodyBytes?: number;
}

export function fetchOnce(url: string, o: RequestOptions): Promise<HttpReply> {
  const u = new URL(url);
  const secure = u.protocol === 'https:';
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = (secure ? https : http).request(
      {
        host: o.address ?? u.hostname,
        port: u.port || (secure ? 443 : 80),
        path: u.pathname + u.search,
        method: o.method ?? 'GET',
        headers: { Host: u.host, 'User-Agent': 'keel-smoke-check', Accept: '*/*' },
        timeout: o.timeoutMs,
        agent: false,
        ...(secure
          ? {
              servername: u.hostname,
              ca: o.ca ? [...rootCertificates, o.ca] : undefined,
              rejectUnauthorized: false, // judged below, so a bad certificate is reported, not just refused
              minVersion: o.minVersion,
              maxVersion: o.maxVersion,
              ciphers: o.ciphers,
            }
          : {}),
      },
      (res) => {
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
        let body = '';
        const limit = o.maxBodyBytes ?? 1_000_000;
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          if (body.length < limit) body += c;
        });
        res.on('end', () =>
          resolve({
            url,
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            ms: performance.now() - started,
            tls,
          }),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timed out after ${o.timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}
