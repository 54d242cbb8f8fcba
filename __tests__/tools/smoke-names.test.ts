/**
 * smoke-check's `check-names` against loopback HTTPS servers: one that refuses a name it does not serve (no
 * certificate for a foreign SNI, the connection closed for a foreign Host), and one that answers every name as
 * its own (what Nginx does without a default server of its own, and Caddy without keel's main file).
 */
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { createSecureContext } from 'node:tls';
import { smokeCheck, type SmokeOptions } from '../../src/probes/smoke.js';
import { makeCa, type TestCa } from '../support/tls.js';

let ca: TestCa;
const servers: https.Server[] = [];

beforeAll(() => {
  ca = makeCa();
});
afterAll(async () => {
  for (const s of servers) s.closeAllConnections();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  ca.remove();
});

async function serve(strict: boolean): Promise<number> {
  const cert = ca.issue(['shop.test'], { name: `shop-${strict}` });
  const context = createSecureContext({ cert: cert.certPem, key: cert.keyPem });
  const server = https.createServer(
    {
      cert: cert.certPem,
      key: cert.keyPem,
      // Strict: a handshake for another name finds no certificate.
      SNICallback: (name, done) =>
        strict && name !== 'shop.test' ? done(new Error('unknown name')) : done(null, context),
    },
    (req, res) => {
      if (strict && req.headers.host?.split(':')[0] !== 'shop.test') {
        req.socket.destroy();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('the shop\n');
    },
  );
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

const options = (port: number): SmokeOptions => ({
  url: `https://shop.test:${port}`,
  address: '127.0.0.1',
  ca: ca.caPem,
  endpoints: [],
  assertions: [],
  expectedVersion: undefined,
  versionPath: '/version',
  timeoutMs: 5_000,
  deadlineMs: 5_000,
  minCertDays: 0,
  checkTls: false,
  checkHeaders: false,
  checkNames: true,
  minGrade: 'F',
  latency: undefined,
});
const names = async (port: number) =>
  (await smokeCheck(options(port), () => undefined)).checks.filter((c) => c.group === 'names');

it('passes a server that refuses a foreign Host and a foreign SNI', async () => {
  const checks = await names(await serve(true));
  expect(checks.map((c) => [c.name, c.ok])).toEqual([
    ['another Host name', true],
    ['another TLS server name (SNI)', true],
  ]);
  expect(checks[0]!.got).toMatch(/^refused \(/);
});

it('fails a server that answers every name as its own, saying what it answered', async () => {
  const checks = await names(await serve(false));
  expect(checks.map((c) => [c.name, c.ok, c.got])).toEqual([
    ['another Host name', false, '200'],
    [
      'another TLS server name (SNI)',
      false,
      expect.stringMatching(/^handshake completed with .*shop\.test.*, 200$/),
    ],
  ]);
});

it('asks nothing when the check is off', async () => {
  const port = await serve(false);
  expect(
    (await smokeCheck({ ...options(port), checkNames: false }, () => undefined)).checks.filter(
      (c) => c.group === 'names',
    ),
  ).toEqual([]);
});
