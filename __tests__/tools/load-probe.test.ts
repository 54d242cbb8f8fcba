/**
 * The load probe against a local HTTPS server (a test CA): it makes one TLS context for a whole run (not one
 * per request), still opens a new connection with a full handshake per request (new visitors), and never
 * passes what it did not measure: requests it could not send on schedule (its process was busy, or too many
 * were waiting for a server that never answers) are counted as held back, and more than 1% of them makes the
 * result a problem ("could not keep its rate") that the report marks failed. Behaviour only: no timings asserted.
 */
import { jest } from '@jest/globals';
import { once } from 'node:events';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { setTimeout as sleep } from 'node:timers/promises';
import { fetchOnce, trustContext } from '../../src/probes/http.js';
import { heldBackAllowed, LoadProbe, type LoadReport } from '../../src/probes/load.js';
import { loadTable, reloadReport } from '../../src/report/reload.js';
import { toMarkdown } from '../../src/report/summary.js';
import { makeCa, type TestCa } from '../support/tls.js';

let ca: TestCa;
let server: https.Server;
let url: string;
let handshakes = 0;
let resumed = 0;
/** Requests on these paths are accepted and never answered. */
const hang = new Set(['/hang']);

beforeAll(async () => {
  ca = makeCa();
  const { certPem, keyPem } = ca.issue(['probe.test']);
  server = https.createServer({ cert: certPem, key: keyPem }, (req, res) => {
    if (hang.has(req.url ?? '')) return; // never answers
    res.end('ok');
  });
  server.on('secureConnection', (s: tls.TLSSocket) => {
    handshakes += 1;
    if (s.isSessionReused()) resumed += 1;
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `https://probe.test:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  server.close();
  ca.remove();
});

function probe(path: string, extra: { maxInFlight?: number; timeoutMs?: number } = {}): LoadProbe {
  return new LoadProbe({
    url: url + path,
    address: '127.0.0.1',
    ca: ca.caPem,
    rate: 20,
    timeoutMs: extra.timeoutMs ?? 5000,
    maxInFlight: extra.maxInFlight,
  });
}

describe('the load probe', () => {
  it('the shared context trusts the given CA (a request through it is authorized for the name)', async () => {
    const r = await fetchOnce(`${url}/`, {
      address: '127.0.0.1',
      timeoutMs: 5000,
      secureContext: trustContext(ca.caPem),
    });
    expect(r.status).toBe(200);
    expect(r.tls?.authorized).toBe(true);
  });

  it('makes at most one TLS context for a whole run, yet a full handshake per request; a normal run holds none back', async () => {
    const spy = jest.spyOn(tls, 'createSecureContext');
    try {
      // The spy sees the contexts Node makes per connection: a request given only `ca` makes one.
      await fetchOnce(`${url}/`, { address: '127.0.0.1', timeoutMs: 5000, ca: ca.caPem });
      expect(spy.mock.calls.length).toBe(1);
      spy.mockClear();
      handshakes = 0;
      resumed = 0;
      const p = probe('/');
      p.start();
      await sleep(600);
      p.mark('during');
      await sleep(600);
      p.mark('after');
      await sleep(300);
      const report = await p.stop();
      expect(report.sent).toBeGreaterThanOrEqual(15);
      expect(spy.mock.calls.length).toBeLessThanOrEqual(1);
      expect(handshakes).toBe(report.sent);
      expect(resumed).toBe(0);
      expect(report).toMatchObject({
        ok: report.sent,
        failed: 0,
        heldBack: 0,
        late: 0,
        capped: 0,
        scheduled: report.sent,
        problem: undefined,
      });
      expect(report.phases.map((x) => [x.phase, x.heldBack])).toEqual([
        ['before', 0],
        ['during', 0],
        ['after', 0],
      ]);
      // Its own cost is measured and reported.
      expect(report.cpuMsPerRequest).toBeGreaterThan(0);
      expect(report.phases[0]!.cpuMsPerRequest).toBeGreaterThan(0);
    } finally {
      spy.mockRestore();
    }
  });

  it('counts what it could not send while its process was busy (500 ms blocked at 20/s) and does not pass', async () => {
    const p = probe('/');
    p.start();
    await sleep(500);
    p.mark('during');
    const until = performance.now() + 500;
    while (performance.now() < until); // the event loop is blocked: nothing can be sent on time
    await sleep(500);
    const report = await p.stop();
    expect(report.late).toBeGreaterThan(0);
    expect(report.heldBack).toBe(report.late + report.capped);
    expect(report.heldBack).toBeGreaterThan(report.heldBackAllowed);
    expect(report.scheduled).toBe(report.sent + report.heldBack);
    // The late ones were held back, not sent afterwards in a burst, and none of them is counted as ok.
    expect(report.ok + report.failed).toBe(report.sent);
    expect(report.phases.find((x) => x.phase === 'during')!.heldBack).toBeGreaterThan(0);
    expect(report.problem).toBe(
      `the probe could not keep its rate (${report.heldBack} of ${report.scheduled} requests not sent on time: ` +
        `${report.late} while this process was too busy to send them; allowed: ${report.heldBackAllowed})`,
    );
    // The job summary says so and fails, though no request failed.
    const summary = reloadReport([], report);
    expect(summary.status).toBe('failed');
    expect((summary.lines ?? []).join('\n')).toContain('could not keep its rate');
  });

  it('a server that never answers: the in-flight cap holds requests back (counted), the waiting ones fail', async () => {
    const p = probe('/hang', { maxInFlight: 3, timeoutMs: 1500 });
    p.start();
    await sleep(1000);
    const report = await p.stop();
    expect(report.capped).toBeGreaterThan(0);
    expect(report.sent).toBe(3);
    expect(report.failed).toBe(3);
    expect(report.ok).toBe(0);
    expect(report.problem).toMatch(
      /^the probe could not keep its rate \(\d+ of \d+ requests not sent on time: \d+ while 3 requests were already waiting for the server; allowed: 0\)$/,
    );
  });

  it('tolerates held back requests up to 1% of those scheduled, rounded down', () => {
    expect([0, 99, 100, 250, 5000].map(heldBackAllowed)).toEqual([0, 0, 1, 2, 50]);
  });

  it('the summary table shows sent, ok, failed, held back and CPU per request for each phase and in all', () => {
    const report: LoadReport = {
      url: 'https://example.test/',
      rate: 50,
      scheduled: 302,
      sent: 300,
      requests: 300,
      ok: 299,
      failed: 1,
      heldBack: 2,
      late: 2,
      capped: 0,
      heldBackAllowed: 3,
      problem: undefined,
      cpuMsPerRequest: 3.5,
      phases: [
        {
          phase: 'before',
          requests: 100,
          failed: 0,
          heldBack: 0,
          seconds: 2,
          cpuMsPerRequest: 2.8,
          p50: 5,
          p95: 7,
          p99: 9,
          max: 10,
        },
        {
          phase: 'during',
          requests: 200,
          failed: 1,
          heldBack: 2,
          seconds: 4,
          cpuMsPerRequest: 3.9,
          p50: 6,
          p95: 8,
          p99: 12,
          max: 30,
        },
      ],
      failures: [{ phase: 'during', at: 3.1, error: 'ECONNRESET' }],
    };
    const t = loadTable(report);
    expect(t.headers.slice(2, 6)).toEqual(['sent', 'ok', 'failed', 'held back']);
    expect(t.rows.map((r) => [r[0], ...r.slice(2, 6), r[10]])).toEqual([
      ['before', '100', '100', '0', '0', '2.8'],
      ['during', '200', '199', '1', '2', '3.9'],
      ['all', '300', '299', '1', '2', '3.5'],
    ]);
    expect(t.caption).toContain('held back allowed: 3, 1% of 302 scheduled');
    expect(toMarkdown({ title: 't', status: 'ok', tables: [t] })).toContain(
      '| phase | seconds | sent | ok | failed | held back | p50 ms | p95 ms | p99 ms | max ms | CPU ms/request |',
    );
    // Within the tolerance and with a failed request allowed by the caller: a warning, not a failure.
    expect(reloadReport([], report).status).toBe('warning');
  });
});
