/**
 * smoke-check (the committed dist bundle, run the way the runner runs it) against hostile servers on loopback:
 * one that accepts and never answers, one that sends headers and then stalls the body, one with an endless
 * body, one that dribbles a byte a second, and a port where nothing listens. Each run must end within its bound
 * (the bounds asserted are generous: this proves "bounded", it does not measure speed), exit 1, and say what
 * happened in one error. Credentials in the URL are refused without being echoed.
 */
import net from 'node:net';
import { actionDir } from '../support/paths.js';
import { runStep, type StepResult } from '../support/step.js';

const servers: net.Server[] = [];
const sockets = new Set<net.Socket>();

/** A TCP server on a free loopback port that treats every connection with `handle`. */
async function hostile(handle: (s: net.Socket) => void): Promise<number> {
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
    handle(s);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as net.AddressInfo).port;
}

/** A loopback port nothing listens on (bound once, then closed). */
async function deadPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

const timers: NodeJS.Timeout[] = [];
afterAll(async () => {
  for (const t of timers) clearInterval(t);
  for (const s of sockets) s.destroy();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

const errors = (r: StepResult) => r.annotations.filter((a) => a.level === 'error').map((a) => a.message);

async function smoke(port: number, inputs: Record<string, string> = {}) {
  const started = Date.now();
  const r = await runStep({
    actionDir: actionDir('smoke-check'),
    with: { url: `http://127.0.0.1:${port}`, endpoints: '/healthz', ...inputs },
    timeoutMs: 90_000, // the safety net: a hang is killed and then fails the exit-code check
  });
  return { r, seconds: (Date.now() - started) / 1000 };
}

function expectOneClearError(r: StepResult, pattern: RegExp): void {
  expect(r.signal).toBeNull();
  expect(r.exitCode).toBe(1);
  const e = errors(r);
  expect(e).toHaveLength(1);
  expect(e[0]).toMatch(pattern);
  expect([...r.log, r.stderr].join('\n')).not.toMatch(/\n\s+at .+:\d+:\d+|unexpectedly/);
}

describe('smoke-check against hostile servers', () => {
  it('a server that accepts and never answers: the deadline ends the request in flight', async () => {
    const port = await hostile(() => undefined);
    const { r, seconds } = await smoke(port, { timeout: '60s', deadline: '3s' });
    expectOneClearError(
      r,
      /could not be reached in \d+ attempts? over [\d.]+s: .*stopped waiting for the response headers: the deadline of 3s was reached \(GET \/healthz\)/,
    );
    expect(seconds).toBeLessThan(30);
  });

  it('a server that accepts and never answers: the per-request timeout ends each attempt', async () => {
    const port = await hostile(() => undefined);
    const { r, seconds } = await smoke(port, { timeout: '1s', deadline: '3s' });
    expectOneClearError(r, /: timed out after 1s waiting for the response headers \(GET \/healthz\)/);
    expect(r.log.join('\n')).toMatch(/attempt 1: GET \/healthz got timed out after 1s/);
    expect(seconds).toBeLessThan(30);
  });

  it('an HTTPS server that accepts and never answers the TLS handshake', async () => {
    const port = await hostile(() => undefined);
    const { r, seconds } = await smoke(port, {
      url: `https://127.0.0.1:${port}`,
      'check-tls': 'false',
      'check-headers': 'false',
      timeout: '1s',
      deadline: '2s',
    });
    expectOneClearError(r, /: timed out after 1s in the TLS handshake \(GET \/healthz\)/);
    expect(seconds).toBeLessThan(30);
  });

  it('headers, then a body that stalls', async () => {
    const port = await hostile((s) =>
      s.write('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\nsome'),
    );
    const { r, seconds } = await smoke(port, { timeout: '1s', deadline: '2s' });
    expectOneClearError(r, /timed out after 1s reading the body/);
    expect(seconds).toBeLessThan(30);
  });

  it('an endless body: only 1 MB is read, and the check fails', async () => {
    const port = await hostile((s) => {
      s.write('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n');
      const chunk = 'x'.repeat(65_536);
      const pump = () => {
        while (!s.destroyed && s.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`));
      };
      s.on('drain', pump);
      pump();
    });
    const { r, seconds } = await smoke(port, { timeout: '10s', deadline: '2s' });
    expectOneClearError(r, /GET \/healthz: expected 200, got 200, body over 1000000 bytes \(not read\)/);
    expect(r.outputs.passed).toBe('false');
    expect(seconds).toBeLessThan(30);
  });

  it('a server that dribbles a byte a second', async () => {
    const port = await hostile((s) => {
      const text = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok';
      let i = 0;
      const t = setInterval(() => {
        if (s.destroyed || i >= text.length) return clearInterval(t);
        s.write(text[i++]!);
      }, 1000);
      timers.push(t);
    });
    const { r, seconds } = await smoke(port, { timeout: '2s', deadline: '3s' });
    expectOneClearError(r, /timed out after 2s waiting for the response headers/);
    expect(seconds).toBeLessThan(30);
  });

  it('nothing listening: fails fast as "connection refused", retried with backoff within the deadline', async () => {
    const port = await deadPort();
    const { r, seconds } = await smoke(port, { deadline: '3s' });
    expectOneClearError(
      r,
      new RegExp(
        `could not be reached in \\d+ attempts over [0-9.]+s: connection refused by 127\\.0\\.0\\.1:${port} \\(GET /healthz\\)\n`,
      ),
    );
    expect(errors(r)[0]).not.toMatch(/time/);
    // Retried (a few attempts, backoff doubling), not hammered.
    const attempts = r.log.filter((l) => /^attempt \d+:/.test(l)).length;
    expect(attempts).toBeGreaterThanOrEqual(2);
    expect(attempts).toBeLessThanOrEqual(6);
    expect(seconds).toBeLessThan(30);
  });
});

describe('smoke-check inputs that would mean waiting forever or leaking', () => {
  it.each([
    ['timeout', '0', /input 'timeout': "0" is below the minimum 100ms \(0 would mean no limit\)/],
    ['deadline', '0', /input 'deadline': "0" is below the minimum 1s/],
    ['timeout', '-1', /input 'timeout': "-1" is not a duration/],
    ['deadline', '2h', /input 'deadline': "2h" is above the maximum 1h/],
  ])('refuses %s: %s, naming the input', async (name, value, pattern) => {
    const r = await runStep({
      actionDir: actionDir('smoke-check'),
      with: { url: 'http://127.0.0.1:1', [name]: value },
    });
    expectOneClearError(r, pattern);
  });

  it('refuses credentials in the URL without showing them anywhere', async () => {
    const r = await runStep({
      actionDir: actionDir('smoke-check'),
      with: { url: 'https://deployer:hunter2-Sekrit@127.0.0.1:1/' },
    });
    expectOneClearError(
      r,
      /input 'url': "https:\/\/\*\*\*@127\.0\.0\.1:1\/" is not an http\(s\) URL .*without user:password@/,
    );
    const visible = [
      r.stdout,
      r.stderr,
      r.summary,
      JSON.stringify(r.outputs),
      JSON.stringify(r.annotations),
    ].join('\n');
    expect(visible).not.toContain('hunter2');
    expect(visible).not.toContain('deployer');
  });
});
