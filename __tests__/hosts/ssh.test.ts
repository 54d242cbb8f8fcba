/**
 * keel's one SSH layer against real sshd on the test hosts: host-key trust, strict bash, closed stdin,
 * quoting end to end, held sessions, sudo, and the messages a user gets when something is wrong.
 */
import { knownHostKeys } from '../../src/remote/hostkeys.js';
import { parsePrivateKey } from '../../src/remote/keys.js';
import { raw, script, sh } from '../../src/remote/quote.js';
import { SshSession } from '../../src/remote/ssh.js';
import { memoryLogger } from '../../src/log.js';
import {
  clientKey,
  endpoint,
  knownHosts,
  openSession,
  plainHosts,
  testConnectOptions,
  type TestHost,
} from '../support/hosts.js';
import { makeKey } from '../support/keys.js';

const options = testConnectOptions;
const open = openSession;

describe('SSH to a plain host', () => {
  let h: TestHost;
  let session: SshSession;
  beforeAll(async () => {
    h = plainHosts()[0]!;
    session = await open(h);
  });
  afterAll(() => session.close());

  it('verifies the pinned host key and runs commands as the deploy user', async () => {
    expect(session.hostKey.how).toBe('known-hosts');
    expect(Object.values(h.hostKeys)).toContain(session.hostKey.fingerprint);
    const r = await session.check('whoami', raw('id -un; hostname -I'));
    expect(r.stdout).toContain('deploy');
    expect(r.stdout).toContain(h.address);
  });

  it('fails a script when any line or pipe stage fails (bash -euo pipefail)', async () => {
    const r = await session.run(script(raw('false | cat'), raw('echo should-not-run')));
    expect(r.code).not.toBe(0);
    expect(r.stdout).not.toContain('should-not-run');
    await expect(session.check('the failing step', raw('echo oops >&2; exit 3'))).rejects.toThrow(
      /the failing step exited with code 3:\noops/,
    );
  });

  it('closes stdin, so a command that reads it does not hang', async () => {
    const r = await session.run(raw('cat; echo done'), { timeoutMs: 10_000 });
    expect(r).toMatchObject({ code: 0, timedOut: false, stdout: 'done\n' });
  });

  it('passes names with shell metacharacters through as literal arguments', async () => {
    const name = `odd 'name' $(touch pwned) ; & | * \\ "x"`;
    const r = await session.check(
      'round trip',
      sh`d=$(mktemp -d); cd "$d"; touch ${name}; ls; test ! -e pwned`,
    );
    expect(r.stdout.trim()).toBe(name);
  });

  it('reports a background process that keeps the session open instead of hanging', async () => {
    const r = await session.run(raw('sleep 30 &'), { heldOpenGraceMs: 1_000, timeoutMs: 20_000 });
    expect(r.heldOpen).toBe(true);
    expect(r.timedOut).toBe(false);
    await session.check('cleanup', raw('pkill -u deploy -x sleep || true'));
  });

  it('times out a command that runs too long', async () => {
    const r = await session.run(raw('sleep 20'), { timeoutMs: 1_000 });
    expect(r.timedOut).toBe(true);
    await session.check('cleanup', raw('pkill -u deploy -x sleep || true'));
  });

  it('runs privileged steps one command at a time with sudo -n, and fails instead of prompting', async () => {
    const r = await session.check('as root', raw('sudo -n systemctl --version | head -1'));
    expect(r.stdout).toMatch(/^systemd \d+/);
    const denied = await session.run(raw('sudo -n /usr/bin/passwd root'), { timeoutMs: 10_000 });
    expect(denied.code).not.toBe(0);
    expect(denied.stderr).toMatch(/password is required|not allowed/);
  });
});

describe('host-key trust against a real server', () => {
  it('connects with only an RSA key pinned although the server prefers ed25519', async () => {
    const h = plainHosts()[0]!;
    const rsaOnly = knownHosts()
      .split('\n')
      .filter((l) => l.startsWith(`${h.address} ssh-rsa `))
      .join('\n');
    const s = await open(h, { keys: knownHostKeys(rsaOnly, h.address, h.port) });
    try {
      expect(s.hostKey.type).toBe('ssh-rsa');
      expect(s.hostKey.fingerprint).toBe(h.hostKeys['rsa-sha2-512']);
    } finally {
      s.close();
    }
  });

  it('connects with a SHA256 fingerprint pinned', async () => {
    const h = plainHosts()[0]!;
    const s = await open(h, { keys: [], fingerprints: [h.hostKeys['ssh-ed25519']!] });
    expect(s.hostKey.how).toBe('fingerprint');
    s.close();
  });

  it('refuses another host’s key and shows the key offered and the line that would pin it', async () => {
    const [a, b] = plainHosts();
    const wrong = { keys: knownHostKeys(knownHosts(), b!.address, b!.port).map((k) => k), fingerprints: [] };
    const err = await open(a!, wrong).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/HOST KEY MISMATCH: the server offered ssh-ed25519 SHA256:/);
    expect((err as Error).message).toContain(`${a!.address} ssh-ed25519 AAAA`);
  });

  it('refuses a host with no pinned key unless trust-on-first-use is asked for', async () => {
    const h = plainHosts()[0]!;
    const err = await open(h, { keys: [] }).catch((e: Error) => e);
    expect((err as Error).message).toMatch(/host key not verified: no known_hosts entry or fingerprint/);
    const s = await open(h, { keys: [], trustOnFirstUse: true });
    expect(s.hostKey.how).toBe('trust-on-first-use');
    s.close();
  });

  it('says authentication failed (and names the key input) when the key is not authorised', async () => {
    const h = plainHosts()[0]!;
    const stranger = parsePrivateKey(makeKey('ed25519').private, undefined);
    const err = await SshSession.open(endpoint(h), { key: stranger }, options, memoryLogger()).catch(
      (e: Error) => e,
    );
    expect((err as Error).message).toMatch(/authentication failed/);
  });

  it('goes through a jump host, verifying both', async () => {
    const [jump, target] = plainHosts();
    const s = await SshSession.open(
      endpoint(target!),
      { key: parsePrivateKey(clientKey(), undefined) },
      { ...options, jumps: [endpoint(jump!)] },
      memoryLogger(),
    );
    try {
      const r = await s.check('where', raw('hostname -I'));
      expect(r.stdout).toContain(target!.address);
    } finally {
      s.close();
    }
  });
});
