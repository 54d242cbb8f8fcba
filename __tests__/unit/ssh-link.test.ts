/**
 * keel's SSH layer (ssh2's Client, spoken directly) against an SSH server in this process (ssh2's Server, the
 * protocol for real) behind a TCP relay the test controls: what no real sshd does on demand. The connection
 * reset in the middle of a command, a host that goes silent, and host-key refusal checked from the server's
 * side (no credential ever reached it). Real sshd cases (trust, jump hosts, sudo, cancel) are in the hosts
 * project: __tests__/hosts/ssh.test.ts and cancel.test.ts.
 */
import { createConnection, createServer, type Server as NetServer, type Socket } from 'node:net';
import { PassThrough } from 'node:stream';
import { Server as SshServer, type ServerChannel } from 'ssh2';
import { memoryLogger } from '../../src/log.js';
import { raw } from '../../src/remote/quote.js';
import { defaultConnectOptions, type Endpoint, SshSession } from '../../src/remote/ssh.js';
import { makeKey } from '../support/keys.js';

const hostKey = makeKey('ed25519');

/** What the server saw, and how each exec'd command is answered (by a word in its command line). */
interface Seen {
  authAttempts: number;
  commands: string[];
  stdin: string[];
}
type Answer = (command: string, stream: ServerChannel, seen: Seen) => void;

/**
 * An SSH server on 127.0.0.1 accepting the password `pw`, and a TCP relay in front of it. `relay.reset()`
 * resets the client's TCP connection (an RST, as a middlebox or a crashed host gives); `relay.silence()` stops
 * passing bytes either way while keeping the connection open (a host that froze, a dropped route).
 */
async function sshServer(answer: Answer) {
  const seen: Seen = { authAttempts: 0, commands: [], stdin: [] };
  const server = new SshServer({ hostKeys: [hostKey.private] }, (client) => {
    client.on('error', () => undefined); // the resets are the test's doing
    client.on('authentication', (ctx) => {
      if (ctx.method !== 'none') seen.authAttempts += 1;
      if (ctx.method === 'password' && ctx.password === 'pw') ctx.accept();
      else ctx.reject(['password']);
    });
    client.on('session', (accept) => {
      accept().on('exec', (acceptExec, _reject, info) => {
        const stream = acceptExec();
        seen.commands.push(info.command);
        answer(info.command, stream, seen);
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const sshPort = (server.address() as { port: number }).port;

  const links: { client: Socket; upstream: Socket }[] = [];
  const relay: NetServer = createServer((client) => {
    const upstream = createConnection(sshPort, '127.0.0.1');
    client.on('error', () => undefined);
    upstream.on('error', () => undefined);
    client.pipe(upstream).pipe(client);
    links.push({ client, upstream });
  });
  await new Promise<void>((r) => relay.listen(0, '127.0.0.1', r));
  const port = (relay.address() as { port: number }).port;
  return {
    port,
    seen,
    reset: () => {
      for (const l of links) {
        l.client.resetAndDestroy();
        l.upstream.destroy();
      }
    },
    silence: () => {
      for (const l of links) {
        l.client.unpipe(l.upstream);
        l.upstream.unpipe(l.client);
        l.client.pause();
        l.upstream.pause();
      }
    },
    close: () => {
      for (const l of links) {
        l.client.destroy();
        l.upstream.destroy();
      }
      relay.close();
      server.close();
    },
  };
}

const endpoint = (port: number, trust: Partial<Endpoint['trust']> = {}): Endpoint => ({
  name: 'lo',
  host: '127.0.0.1',
  port,
  user: 'deploy',
  trust: { keys: [], fingerprints: [hostKey.fingerprint], trustOnFirstUse: false, ...trust },
});
const options = { ...defaultConnectOptions, retries: 0, connectTimeoutMs: 5_000 };

/** A promise and the callback that resolves it: here, the command's first output reaching keel. */
function firstOutput(): { seen: Promise<void>; onStdout: () => void } {
  let onStdout = () => undefined as void;
  const seen = new Promise<void>((r) => (onStdout = r));
  return { seen, onStdout };
}

describe('a connection lost in the middle of a command', () => {
  it('a reset cuts the command off with an error naming the reason; the step does not crash; later use says not connected', async () => {
    const srv = await sshServer((_cmd, stream) => stream.write('started\n')); // and never exits
    const log = memoryLogger();
    const session = await SshSession.open(endpoint(srv.port), { password: 'pw' }, options, log);
    try {
      const output = firstOutput();
      const run = session.check('the long step', raw('sleep 600'), {
        timeoutMs: 30_000,
        onStdout: output.onStdout,
      });
      await output.seen; // the command runs, and keel is reading its output
      srv.reset();
      // An 'error' event nobody listens to would be thrown out of the socket's handler: an uncaught exception
      // that ends the step with a stack trace and no outputs (jest fails the test on it).
      const error = (await run.catch((e: Error) => e)) as Error;
      expect(error).toBeInstanceOf(Error);
      expect(error.message).toMatch(
        /^lo: the long step was cut off before it reported an exit status \(the connection dropped: .*ECONNRESET\)/,
      );
      expect(log.lines).toContainEqual(
        expect.stringMatching(/^debug: lo: the connection dropped: .*ECONNRESET/),
      );
      await expect(session.run(raw('true'))).rejects.toThrow(/^lo: not connected \(.*ECONNRESET\)$/);
      const stream = await session.spawn(raw('true')).catch((e: Error) => e);
      expect((stream as Error).message).toMatch(/^lo: not connected \(.*ECONNRESET\)$/);
    } finally {
      session.close();
      srv.close();
    }
  });

  it('a host that goes silent is given up by the keepalive, bounded, and the command is cut off', async () => {
    const srv = await sshServer((_cmd, stream) => stream.write('started\n'));
    const log = memoryLogger();
    const session = await SshSession.open(
      endpoint(srv.port),
      { password: 'pw' },
      { ...options, keepaliveIntervalMs: 100 },
      log,
    );
    const t0 = Date.now();
    try {
      const output = firstOutput();
      const run = session.run(raw('sleep 600'), { timeoutMs: 60_000, onStdout: output.onStdout });
      await output.seen;
      srv.silence();
      const r = await run;
      expect(r).toMatchObject({ code: null, signal: null, stdout: 'started\n', timedOut: false });
      // Given up by the keepalive (3 unanswered, 100 ms apart), long before the command's own limit.
      expect(Date.now() - t0).toBeLessThan(30_000);
      expect(log.lines).toContainEqual('debug: lo: the connection dropped: Keepalive timeout');
    } finally {
      session.close();
      srv.close();
    }
  });
});

describe('host keys, seen from the server', () => {
  it('a wrong host key is refused before any credential is sent', async () => {
    const srv = await sshServer(() => undefined);
    try {
      const other = makeKey('ed25519');
      const error = await SshSession.open(
        endpoint(srv.port, { fingerprints: [other.fingerprint] }),
        { password: 'pw' },
        options,
        memoryLogger(),
      ).catch((e: Error) => e);
      expect((error as Error).message).toMatch(
        `127.0.0.1:${srv.port}: HOST KEY MISMATCH: the server offered ssh-ed25519 ${hostKey.fingerprint}`,
      );
      expect(srv.seen.authAttempts).toBe(0);
    } finally {
      srv.close();
    }
  });

  it('an unknown host is refused (no credential sent) unless trust-on-first-use is asked for', async () => {
    const srv = await sshServer((_cmd, stream) => {
      stream.exit(0);
      stream.end();
    });
    try {
      const error = await SshSession.open(
        endpoint(srv.port, { fingerprints: [] }),
        { password: 'pw' },
        options,
        memoryLogger(),
      ).catch((e: Error) => e);
      expect((error as Error).message).toMatch(/host key not verified: no known_hosts entry or fingerprint/);
      expect(srv.seen.authAttempts).toBe(0);
      const s = await SshSession.open(
        endpoint(srv.port, { fingerprints: [], trustOnFirstUse: true }),
        { password: 'pw' },
        options,
        memoryLogger(),
      );
      expect(s.hostKey).toMatchObject({ how: 'trust-on-first-use', fingerprint: hostKey.fingerprint });
      expect(srv.seen.authAttempts).toBeGreaterThan(0);
      s.close();
    } finally {
      srv.close();
    }
  });
});

describe('a command over ssh2 directly: exit status, signal, output, stdin', () => {
  /** Answers by a word in the command line (the command itself is keel's tagged bash line, not run here). */
  const answer: Answer = (command, stream, seen) => {
    const input: Buffer[] = [];
    stream.on('data', (c: Buffer) => input.push(c));
    if (command.includes('EXIT7')) {
      stream.stderr.write('oops\n');
      stream.exit(7);
      stream.end();
    } else if (command.includes('KILLED')) {
      stream.exit('KILL', false, '');
      stream.end();
    } else if (command.includes('SPLIT')) {
      // "é" split across two packets: its two bytes arrive apart.
      const e = Buffer.from('é');
      stream.write(Buffer.concat([Buffer.from('caf'), e.subarray(0, 1)]));
      setTimeout(() => {
        stream.write(e.subarray(1));
        stream.exit(0);
        stream.end();
      }, 50);
    } else if (command.includes('ECHO')) {
      stream.on('end', () => {
        seen.stdin.push(Buffer.concat(input).toString());
        stream.write(Buffer.concat(input));
        stream.exit(0);
        stream.end();
      });
    }
  };

  let srv: Awaited<ReturnType<typeof sshServer>>;
  let session: SshSession;
  beforeAll(async () => {
    srv = await sshServer(answer);
    session = await SshSession.open(endpoint(srv.port), { password: 'pw' }, options, memoryLogger());
  });
  afterAll(() => {
    session.close();
    srv.close();
  });

  it('reports the exit code with stderr apart from stdout, and check names the step', async () => {
    const r = await session.run(raw('EXIT7'));
    expect(r).toMatchObject({ code: 7, signal: null, stdout: '', stderr: 'oops\n', timedOut: false });
    await expect(session.check('the step', raw('EXIT7'))).rejects.toThrow(
      /^lo: the step exited with code 7:\noops$/,
    );
    // Every command carries its own token and runs under strict bash.
    expect(srv.seen.commands[0]).toMatch(/^KEEL_RUN=[0-9a-f-]{36} bash --norc --noprofile -euo pipefail -c /);
  });

  it('reports the signal that killed a command', async () => {
    const r = await session.run(raw('KILLED'));
    expect(r).toMatchObject({ code: null, signal: 'SIGKILL' });
    await expect(session.check('the step', raw('KILLED'))).rejects.toThrow(
      /^lo: the step was killed by signal SIGKILL$/,
    );
  });

  it('keeps a character split across packets whole', async () => {
    const chunks: Buffer[] = [];
    const r = await session.run(raw('SPLIT'), { onStdout: (c) => chunks.push(c) });
    expect(r.stdout).toBe('café');
    expect(chunks.length).toBe(2); // it did arrive in two pieces
  });

  it('delivers stdin from a string and from a stream, then closes it', async () => {
    const fromString = await session.run(raw('ECHO'), { stdin: 'line one\nline "two" $x\n' });
    expect(fromString).toMatchObject({ code: 0, stdout: 'line one\nline "two" $x\n' });
    const stream = new PassThrough();
    const running = session.run(raw('ECHO'), { stdin: stream });
    stream.write('a');
    stream.end('b');
    expect(await running).toMatchObject({ code: 0, stdout: 'ab' });
    expect(srv.seen.stdin).toEqual(['line one\nline "two" $x\n', 'ab']);
  });
});
