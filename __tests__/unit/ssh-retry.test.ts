/**
 * Connection retries on loopback servers that misbehave before any SSH is spoken: one that accepts and closes
 * at once (a restarting sshd, MaxStartups) is retried `retries` times; one that never answers is bounded by
 * the connect timeout; trust and authentication failures are never retried (tested against real sshd in
 * the hosts project).
 */
import { createServer, type Server } from 'node:net';
import { SshSession, defaultConnectOptions } from '../../src/remote/ssh.js';
import type { Logger } from '../../src/log.js';

const quiet: Logger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
  group: (_t, body) => body(),
};

function serve(
  onConnection: (s: import('node:net').Socket) => void,
): Promise<{ server: Server; port: number; count: () => number }> {
  let n = 0;
  const server = createServer((s) => {
    n += 1;
    onConnection(s);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address ? address.port : 0, count: () => n });
    }),
  );
}

const endpoint = (port: number) => ({
  name: 'lo',
  host: '127.0.0.1',
  port,
  user: 'deploy',
  trust: { keys: [], fingerprints: [], trustOnFirstUse: false },
});

describe('connecting to servers that misbehave before the handshake', () => {
  it('retries a connection closed before the SSH banner, then fails naming the host', async () => {
    const { server, port, count } = await serve((s) => s.destroy());
    try {
      await expect(
        SshSession.open(
          endpoint(port),
          { password: 'x' },
          { ...defaultConnectOptions, retries: 2, retryDelayMs: 10 },
          quiet,
        ),
      ).rejects.toThrow(`deploy@127.0.0.1:${port}: cannot connect: Connection lost before handshake`);
      expect(count()).toBe(3);
    } finally {
      server.close();
    }
  });

  it('bounds a server that accepts and never speaks by the connect timeout, each attempt', async () => {
    const held: import('node:net').Socket[] = [];
    const { server, port, count } = await serve((s) => held.push(s));
    const started = Date.now();
    try {
      await expect(
        SshSession.open(
          endpoint(port),
          { password: 'x' },
          { ...defaultConnectOptions, connectTimeoutMs: 500, retries: 1, retryDelayMs: 10 },
          quiet,
        ),
      ).rejects.toThrow(/cannot connect: Timed out while waiting for handshake/);
      expect(count()).toBe(2);
      expect(Date.now() - started).toBeLessThan(20_000); // bounded, not forever (a safety net, not a timing test)
    } finally {
      for (const s of held) s.destroy();
      server.close();
    }
  });
});
