/**
 * The fleet pattern (src/each-host.ts): each host in its own session, a batch at a time; a host whose session
 * cannot be opened fails with the caller's result; the hosts after a failed batch are never contacted and are
 * reported as skipped, in the order of the hosts list. Against a loopback server that closes every connection
 * before SSH is spoken (no session ever opens, so `body` must never run).
 */
import { createServer, type Server, type Socket } from 'node:net';
import { onEachHost } from '../../src/each-host.js';
import { type Connection, defaultConnectOptions } from '../../src/remote/ssh.js';
import type { Logger } from '../../src/log.js';

const quiet: Logger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
  group: (_t, body) => body(),
};

let server: Server;
let port = 0;
let contacted = 0;

beforeAll(async () => {
  server = createServer((s: Socket) => {
    contacted += 1;
    s.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
});
afterAll(() => server.close());
beforeEach(() => (contacted = 0));

const fleet = (names: string[]): Connection => ({
  endpoints: names.map((name) => ({
    name,
    host: '127.0.0.1',
    port,
    user: 'deploy',
    trust: { keys: [], fingerprints: [], trustOnFirstUse: false },
  })),
  credentials: { password: 'x' },
  options: { ...defaultConnectOptions, connectTimeoutMs: 2_000, retries: 0 },
});

interface Result {
  host: string;
  ok: boolean;
  error?: string;
}

const run = (c: Connection, batch: { kind: 'all' } | { kind: 'count'; n: number }) => {
  let bodies = 0;
  return onEachHost<Result>(
    c,
    { batch, maxParallel: 4 },
    quiet,
    async (_s, endpoint) => {
      bodies += 1;
      return { host: endpoint.name, ok: true };
    },
    (endpoint, error) => ({ host: endpoint.name, ok: false, error }),
  ).then((results) => ({ results, bodies }));
};

describe('onEachHost', () => {
  it('a failed batch stops the rollout: the hosts after it are skipped, never contacted', async () => {
    const { results, bodies } = await run(fleet(['web1', 'web2', 'web3']), { kind: 'count', n: 1 });
    expect(bodies).toBe(0);
    expect(contacted).toBe(1);
    expect(results[0]).toMatchObject({ host: 'web1', ok: false });
    expect((results[0] as Result).error).toMatch(/cannot connect/);
    expect(results.slice(1)).toEqual([
      { host: 'web2', ok: false, skipped: true },
      { host: 'web3', ok: false, skipped: true },
    ]);
  });

  it('in one batch every host is tried, each failing with its own result, in the list order', async () => {
    const { results } = await run(fleet(['web1', 'web2', 'web3']), { kind: 'all' });
    expect(contacted).toBe(3);
    expect(results.map((r) => [r.host, r.ok, 'skipped' in r])).toEqual([
      ['web1', false, false],
      ['web2', false, false],
      ['web3', false, false],
    ]);
  });
});
