/** A local stand-in for the GitHub REST API's Deployments endpoints (the one fake the project allows). */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: Record<string, unknown>;
}

export interface FakeGitHub {
  url: string;
  requests: RecordedRequest[];
  /** Make every request fail with this status (e.g. 500) instead of answering. */
  failWith: number | undefined;
  close(): Promise<void>;
}

export async function fakeGitHub(): Promise<FakeGitHub> {
  const requests: RecordedRequest[] = [];
  let nextId = 1000;
  const fake: FakeGitHub = { url: '', requests, failWith: undefined, close: async () => undefined };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        authorization: req.headers.authorization,
        body,
      });
      res.setHeader('content-type', 'application/json');
      if (fake.failWith) {
        res.statusCode = fake.failWith;
        res.end(JSON.stringify({ message: 'Server Error' }));
        return;
      }
      if (req.method === 'POST' && /^\/repos\/[^/]+\/[^/]+\/deployments$/.test(req.url ?? '')) {
        res.statusCode = 201;
        res.end(JSON.stringify({ id: nextId++, ...body }));
      } else if (
        req.method === 'POST' &&
        /^\/repos\/[^/]+\/[^/]+\/deployments\/\d+\/statuses$/.test(req.url ?? '')
      ) {
        res.statusCode = 201;
        res.end(JSON.stringify({ id: nextId++, ...body }));
      } else {
        res.statusCode = 404;
        res.end(JSON.stringify({ message: 'Not Found' }));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () => new Promise((r) => server.close(() => r()));
  return fake;
}
