import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  fingerprintOf,
  keyTypeOf,
  knownHostKeys,
  knownHostsLine,
  normaliseFingerprint,
  offeredAlgorithms,
  verifyHostKey,
} from '../../src/remote/hostkeys.js';
import { makeKey } from '../support/keys.js';

const ed = makeKey('ed25519');
const rsa = makeKey('rsa');
const ecdsa = makeKey('ecdsa');

describe('fingerprints', () => {
  it.each([ed, rsa, ecdsa])('match what ssh-keygen prints ($type)', (key) => {
    expect(fingerprintOf(key.blob)).toBe(key.fingerprint);
    expect(keyTypeOf(key.blob)).toBe(key.type);
  });

  it('normalises with or without prefix and padding, and rejects other text', () => {
    const bare = ed.fingerprint.slice('SHA256:'.length);
    expect(normaliseFingerprint(bare)).toBe(ed.fingerprint);
    expect(normaliseFingerprint(`${ed.fingerprint}=`)).toBe(ed.fingerprint);
    expect(normaliseFingerprint('MD5:aa:bb')).toBeUndefined();
  });
});

describe('known_hosts', () => {
  const content = [
    '# comment',
    `10.0.0.5 ${ed.public.split(' ').slice(0, 2).join(' ')}`,
    `[10.0.0.5]:2222 ${rsa.public.split(' ').slice(0, 2).join(' ')}`,
    `web-*.example.com,other ${ecdsa.public.split(' ').slice(0, 2).join(' ')}`,
  ].join('\r\n');

  it('finds keys by host, by [host]:port and by wildcard', () => {
    expect(knownHostKeys(content, '10.0.0.5', 22).map((k) => k.type)).toEqual(['ssh-ed25519']);
    expect(knownHostKeys(content, '10.0.0.5', 2222).map((k) => k.type)).toEqual(['ssh-rsa']);
    expect(knownHostKeys(content, 'web-1.example.com', 22).map((k) => k.type)).toEqual([
      'ecdsa-sha2-nistp256',
    ]);
    expect(knownHostKeys(content, 'elsewhere', 22)).toEqual([]);
  });

  it('matches hashed entries written by ssh-keygen -H', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-kh-'));
    try {
      const file = join(dir, 'known_hosts');
      writeFileSync(file, `db.internal ${ed.public.split(' ').slice(0, 2).join(' ')}\n`);
      execFileSync('ssh-keygen', ['-q', '-H', '-f', file], { stdio: 'ignore' });
      const hashed = readFileSync(file, 'utf8');
      expect(hashed).toMatch(/^\|1\|/);
      expect(knownHostKeys(hashed, 'db.internal', 22)).toHaveLength(1);
      expect(knownHostKeys(hashed, 'db.external', 22)).toHaveLength(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports lines that are not known_hosts lines', () => {
    const problems: string[] = [];
    knownHostKeys('SHA256:abc\n', 'h', 22, problems);
    expect(problems[0]).toMatch(/line 1 is not a known_hosts line/);
  });

  it('offers only the algorithms of the pinned key types (rsa with its SHA-2 signatures)', () => {
    const keys = knownHostKeys(content, '10.0.0.5', 2222);
    expect(offeredAlgorithms({ keys, fingerprints: [], trustOnFirstUse: false })).toEqual([
      'rsa-sha2-512',
      'rsa-sha2-256',
      'ssh-rsa',
    ]);
    expect(
      offeredAlgorithms({ keys: [], fingerprints: [ed.fingerprint], trustOnFirstUse: false }),
    ).toBeUndefined();
  });
});

describe('verifyHostKey', () => {
  const pinnedEd = {
    keys: knownHostKeys(`h ${ed.public}`, 'h', 22),
    fingerprints: [],
    trustOnFirstUse: false,
  };

  it('accepts the pinned key and a pinned fingerprint', () => {
    expect(verifyHostKey(pinnedEd, ed.blob)).toMatchObject({ ok: true, how: 'known-hosts' });
    expect(
      verifyHostKey({ keys: [], fingerprints: [rsa.fingerprint], trustOnFirstUse: false }, rsa.blob),
    ).toMatchObject({
      ok: true,
      how: 'fingerprint',
    });
  });

  it('refuses a changed key, even with trust-on-first-use on', () => {
    expect(verifyHostKey({ ...pinnedEd, trustOnFirstUse: true }, rsa.blob)).toMatchObject({
      ok: false,
      reason: 'mismatch',
    });
  });

  it('refuses an unpinned key unless trust-on-first-use is on', () => {
    const none = { keys: [], fingerprints: [], trustOnFirstUse: false };
    expect(verifyHostKey(none, ed.blob)).toMatchObject({ ok: false, reason: 'unpinned' });
    expect(verifyHostKey({ ...none, trustOnFirstUse: true }, ed.blob)).toMatchObject({
      ok: true,
      how: 'trust-on-first-use',
    });
  });

  it('refuses a key marked @revoked', () => {
    const trust = {
      keys: knownHostKeys(`@revoked h ${ed.public}`, 'h', 22),
      fingerprints: [ed.fingerprint],
      trustOnFirstUse: false,
    };
    expect(verifyHostKey(trust, ed.blob)).toMatchObject({ ok: false, reason: 'revoked' });
  });

  it('writes the known_hosts line that pins an offered key', () => {
    const line = knownHostsLine('10.0.0.5', 2222, ed.blob);
    expect(line).toBe(`[10.0.0.5]:2222 ${ed.public.split(' ').slice(0, 2).join(' ')}`);
  });
});
