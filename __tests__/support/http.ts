/** HTTP(S) requests to a test host's address with the real host name in SNI and Host. */
import http from 'node:http';
import https from 'node:https';

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Negotiated TLS protocol, for https. */
  protocol?: string;
}

export function request(
  url: string,
  options: {
    address: string;
    ca?: string;
    method?: string;
    body?: string;
    timeoutMs?: number;
    minVersion?: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
    maxVersion?: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
  },
): Promise<Reply> {
  const u = new URL(url);
  const secure = u.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const req = (secure ? https : http).request(
      {
        host: options.address,
        port: u.port || (secure ? 443 : 80),
        path: u.pathname + u.search,
        method: options.method ?? 'GET',
        headers: { Host: u.host, ...(options.body ? { 'Content-Type': 'application/json' } : {}) },
        timeout: options.timeoutMs ?? 10_000,
        agent: false,
        ...(secure
          ? {
              servername: u.hostname,
              ca: options.ca,
              minVersion: options.minVersion,
              maxVersion: options.maxVersion,
            }
          : {}),
      },
      (res) => {
        const protocol = secure
          ? ((res.socket as import('node:tls').TLSSocket).getProtocol?.() ?? undefined)
          : undefined;
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            ...(protocol ? { protocol } : {}),
          }),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${url}: timed out`)));
    req.on('error', reject);
    if (options.body) req.write(options.body);
    req.end();
  });
}
