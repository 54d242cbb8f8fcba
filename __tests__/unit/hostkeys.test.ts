import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  fingerprintOf,
  hostFieldMatches,
  keyTypeOf,
  knownHostKeys,
  lookupName,
  parseKnownHosts,
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
    const hashed = hashLines([`db.internal ${pub(ed)}`]);
    expect(hashed).toMatch(/^\|1\|/);
    expect(knownHostKeys(hashed, 'db.internal', 22)).toHaveLength(1);
    expect(knownHostKeys(hashed, 'DB.Internal', 22)).toHaveLength(1); // looked up in lower case, as ssh does
    expect(knownHostKeys(hashed, 'db.external', 22)).toHaveLength(0);
  });

  it('reports lines that are not known_hosts lines', () => {
    const problems: string[] = [];
    knownHostKeys('SHA256:abc\n', 'h', 22, problems);
    expect(problems[0]).toMatch(/line 1 is not a known_hosts line/);
  });

  it('offers host-key algorithms in OpenSSH’s order: pinned types first, the default list when ed25519 is pinned', () => {
    const offered = (text: string, port = 22) =>
      offeredAlgorithms({
        keys: knownHostKeys(text, '10.0.0.5', port),
        fingerprints: [],
        trustOnFirstUse: false,
      });
    const rest = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521'];
    expect(offered(content, 2222)).toEqual(['rsa-sha2-512', 'rsa-sha2-256', ...rest]);
    const all = [...rest, 'rsa-sha2-512', 'rsa-sha2-256'];
    expect(offered(`10.0.0.5 ${pub(rsa)}\n10.0.0.5 ${pub(ed)}`)).toEqual(all);
    expect(offered(`10.0.0.5 ${pub(ecdsa)}`)).toEqual([
      'ecdsa-sha2-nistp256',
      'ssh-ed25519',
      'ecdsa-sha2-nistp384',
      'ecdsa-sha2-nistp521',
      'rsa-sha2-512',
      'rsa-sha2-256',
    ]);
    // Keys found only under the bare name (port 2222's fallback) do not reorder, as in OpenSSH.
    expect(offered(`10.0.0.5 ${pub(rsa)}`, 2222)).toEqual(all);
    expect(
      offeredAlgorithms({ keys: [], fingerprints: [ed.fingerprint], trustOnFirstUse: false }),
    ).toBeUndefined();
  });
});

const pub = (k: { public: string }) => k.public.split(' ').slice(0, 2).join(' ');

/** known_hosts lines hashed by ssh-keygen -H itself. */
function hashLines(lines: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'keel-kh-'));
  try {
    const file = join(dir, 'known_hosts');
    writeFileSync(file, lines.join('\n') + '\n');
    execFileSync('ssh-keygen', ['-q', '-H', '-f', file], { stdio: 'ignore' });
    return readFileSync(file, 'utf8').trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The line numbers (and markers) `ssh-keygen -F name` finds in a known_hosts file: OpenSSH's own matcher. */
function opensshFinds(file: string, name: string): string[] {
  let out = '';
  try {
    out = execFileSync('ssh-keygen', ['-F', name, '-f', file], { encoding: 'utf8' });
  } catch (error) {
    out = (error as { stdout?: string }).stdout ?? ''; // exit 1: nothing found
  }
  return [...out.matchAll(/^# Host .* found: line (\d+) ?(REVOKED|CA)?/gm)].map(
    (m) => `${m[1]}${m[2] ? ` ${m[2]}` : ''}`,
  );
}

/**
 * Whether OpenSSH leaves line 2 of a file out for `name`: `ssh-keygen -F` does not list it (its name or
 * marker), or `ssh-keygen -l` finds no key in it (the key; -F does not parse keys).
 */
function opensshIgnores(file: string, name: string): boolean {
  let keys = '';
  try {
    keys = execFileSync('ssh-keygen', ['-l', '-f', file], { encoding: 'utf8', stdio: 'pipe' });
  } catch {
    keys = ''; // no valid key in the file
  }
  return !opensshFinds(file, name).includes('2') || keys.trim() === '';
}

function keelFinds(content: string, name: string): string[] {
  const problems: string[] = [];
  const entries = parseKnownHosts(content, problems);
  expect(problems).toEqual([]);
  return entries
    .filter((e) => hostFieldMatches(e.hosts, name))
    .map(
      (e) => `${e.line}${e.marker === 'revoked' ? ' REVOKED' : e.marker === 'cert-authority' ? ' CA' : ''}`,
    );
}

describe('known_hosts matching is OpenSSH’s (compared with ssh-keygen -F on the same file)', () => {
  const E = pub(ed);
  const long = 'x'.repeat(1100);
  const lines = [
    `10.0.0.5 ${E}`,
    `[10.0.0.5]:2222 ${pub(rsa)}`,
    `web-*.example.com,other ${pub(ecdsa)}`,
    `*.example.com,!web-9.example.com ${E}`,
    `@revoked * ${pub(rsa)}`,
    `@cert-authority *.ca.example ${E}`,
    `10.0.0.? ${E}`,
    `[10.0.0.*]:22?? ${E}`,
    hashLines([`db.internal ${E}`]),
    hashLines([`[db.internal]:2222 ${E}`]),
    `WEB-UPPER.Example.COM ${E}`,
    `!*.bad,*.bad ${E}`,
    `host?x,h*st ${E}`,
    `[10.0.0.5]:22 ${E}`,
    `a,,b ${E}`,
    `fe80::1,[fe80::1]:2222 ${E}`,
    `${long},10.9.9.9 ${E}`,
    `10.0.0.7\t${pub(ed).replace(' ', '\t')}\tcomment`,
    `  \t 10.0.0.8 ${E} a comment with spaces`,
    `@revoked  10.0.0.8,!10.0.0.5 ${E}`,
    `[x]y,[a-z].e ${E}`,
    `*.*.*.*.*.*.*.*.*.*.*.*.*.*.*.*.*.*.*.b ${E}`,
  ];
  const names = [
    '10.0.0.5',
    '[10.0.0.5]:2222',
    '[10.0.0.5]:22',
    '[10.0.0.5]:2200',
    'web-1.example.com',
    'web-9.example.com',
    'other',
    'x.ca.example',
    '10.0.0.9',
    '10.0.0.10',
    '[10.0.0.1]:2200',
    '[10.0.0.1]:22',
    'db.internal',
    '[db.internal]:2222',
    'web-upper.example.com',
    'z.bad',
    'hostax',
    'hst',
    'host',
    'a',
    'b',
    'fe80::1',
    '[fe80::1]:2222',
    '10.9.9.9',
    '10.0.0.7',
    '10.0.0.8',
    '[x]y',
    'x',
    'a.e',
    '[a-z].e',
    `${'a.'.repeat(30)}b`,
    'nothing.example.org',
  ];
  let dir: string;
  let file: string;
  const content = lines.join('\n') + '\n';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'keel-khf-'));
    file = join(dir, 'known_hosts');
    writeFileSync(file, content);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(names)('%s: the same lines match', (name) => {
    const theirs = opensshFinds(file, name);
    expect(keelFinds(content, name)).toEqual(theirs);
  });

  it('the table exercises every form (so the comparison above cannot pass vacuously)', () => {
    const found = names.flatMap((n) => opensshFinds(file, n));
    const unmatched = [...lines.keys()]
      .map((i) => i + 1)
      .filter((n) => !found.some((f) => f.split(' ')[0] === String(n)));
    // 12: `!*.bad,*.bad` (a negation wins over a match in the same list); 17: the over-long pattern.
    expect(unmatched).toEqual([12, 17]);
    expect(found).toContain('5 REVOKED');
    expect(found).toContain('6 CA');
    expect(opensshFinds(file, 'web-9.example.com')).not.toContain('4'); // the negation
    expect(opensshFinds(file, '10.9.9.9')).toEqual(['5 REVOKED']); // not line 17
  });

  // Lines OpenSSH skips as invalid: keel refuses them by line number instead of ignoring them.
  const bad: [string, string, RegExp][] = [
    [`@bogus 10.1.1.1 ${E}`, '10.1.1.1', /unknown marker "@bogus"/],
    [`@revoked @revoked 10.1.1.2 ${E}`, '10.1.1.2', /only one marker/],
    [`@revoked\t10.1.1.3 ${E}`, '10.1.1.3', /unknown marker/],
    [`@Revoked 10.1.1.3 ${E}`, '10.1.1.3', /unknown marker/],
    [`|1|bad|bad ${E}`, 'bad', /hashed host name is malformed/],
    [`|2|${'A'.repeat(27)}=|${'A'.repeat(27)}= ${E}`, 'x', /hashed host name is malformed/],
    [`10.1.1.4 ssh-ed25519`, '10.1.1.4', /not a known_hosts line/],
    [`10.1.1.4 ssh-ed25519 # no key`, '10.1.1.4', /not a base64 SSH public key/],
    [`10.1.1.5 ssh-rsa ${E.split(' ')[1]}`, '10.1.1.5', /not of the type it names/],
    [`10.1.1.6`, '10.1.1.6', /not a known_hosts line/],
    [`10.1.1.7 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAAQA=`, '10.1.1.7', /not 32 bytes/],
  ];
  it.each(bad)('refuses %j, which OpenSSH ignores', (line, name, why) => {
    const problems: string[] = [];
    const text = `# first\n${line}\n`;
    expect(knownHostKeys(text, name, 22, problems)).toEqual([]);
    expect(problems.join('\n')).toMatch(/line 2/);
    expect(problems.join('\n')).toMatch(why);
    const f = join(dir, 'bad');
    writeFileSync(f, text);
    expect(opensshIgnores(f, name)).toBe(true);
  });

  it('refuses a non-canonical hashed salt, which OpenSSH treats as invalid', () => {
    const good = hashLines([`db.internal ${E}`]);
    const [, , salt] = good.split('|');
    // The salt's last character before '=' carries 2 unused bits: setting them keeps the bytes, breaks the form.
    const last = salt!.charAt(26);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const odd = salt!.slice(0, 26) + alphabet[alphabet.indexOf(last) | 1] + '=';
    const text = good.replace(salt!, odd);
    const problems: string[] = [];
    expect(knownHostKeys(text, 'db.internal', 22, problems)).toEqual([]);
    expect(problems[0]).toMatch(/line 1: the hashed host name is malformed/);
    const f = join(dir, 'odd');
    writeFileSync(f, text + '\n');
    expect(opensshFinds(f, 'db.internal')).toEqual([]);
  });
});

describe('which keys a host:port is checked against (OpenSSH check_host_key)', () => {
  const E = pub(ed);
  it('port 22 is looked up as the bare host only, never as [host]:22', () => {
    expect(knownHostKeys(`[10.0.0.5]:22 ${E}`, '10.0.0.5', 22)).toEqual([]);
    expect(knownHostKeys(`10.0.0.5 ${E}`, '10.0.0.5', 22)).toHaveLength(1);
  });

  it('another port falls back to the bare host when no plain key names [host]:port', () => {
    expect(knownHostKeys(`10.0.0.5 ${E}`, '10.0.0.5', 2222).map((k) => k.type)).toEqual(['ssh-ed25519']);
    // A [host]:port line, even with another key, is what counts: no fallback.
    const both = `10.0.0.5 ${E}\n[10.0.0.5]:2222 ${pub(rsa)}`;
    expect(knownHostKeys(both, '10.0.0.5', 2222).map((k) => k.type)).toEqual(['ssh-rsa']);
    // A revocation for [host]:port still counts after the fallback.
    const revoked = `10.0.0.5 ${E}\n@revoked [10.0.0.5]:2222 ${E}`;
    const trust = {
      keys: knownHostKeys(revoked, '10.0.0.5', 2222),
      fingerprints: [],
      trustOnFirstUse: false,
    };
    expect(verifyHostKey(trust, ed.blob)).toMatchObject({ ok: false, reason: 'revoked' });
  });

  it('a negated pattern keeps the host out although a wildcard names it (issue #13)', () => {
    const text = `*,!10.0.0.5 ${E}`;
    expect(knownHostKeys(text, '10.0.0.5', 22)).toEqual([]);
    expect(knownHostKeys(text, '10.0.0.6', 22)).toHaveLength(1);
    const trust = { keys: knownHostKeys(text, '10.0.0.5', 22), fingerprints: [], trustOnFirstUse: false };
    expect(verifyHostKey(trust, ed.blob)).toMatchObject({ ok: false, reason: 'unpinned' });
  });

  it('refuses @cert-authority for a host it names, and leaves it alone for other hosts', () => {
    const text = `@cert-authority *.example.com ${E}\n10.0.0.5 ${E}`;
    const problems: string[] = [];
    expect(knownHostKeys(text, 'web.example.com', 22, problems)).toEqual([]);
    expect(problems).toEqual([
      expect.stringMatching(
        /line 1: @cert-authority \(host certificates\) is not supported.*web\.example\.com/,
      ),
    ]);
    const other: string[] = [];
    expect(knownHostKeys(text, '10.0.0.5', 22, other)).toHaveLength(1);
    expect(other).toEqual([]);
  });

  it('refuses a certificate written as a host key', () => {
    const problems: string[] = [];
    const blob = Buffer.concat([sshString('ssh-ed25519-cert-v01@openssh.com'), sshString('x')]);
    knownHostKeys(`h ssh-ed25519-cert-v01@openssh.com ${blob.toString('base64')}`, 'h', 22, problems);
    expect(problems[0]).toMatch(/is a certificate, not a host key/);
  });

  it('looks IPv6 addresses up in their canonical form, and names in lower case', () => {
    expect(lookupName('FE80:0:0:0:0:0:0:1', 22)).toBe('fe80::1');
    expect(lookupName('fe80::1', 2222)).toBe('[fe80::1]:2222');
    expect(lookupName('Web.Example.COM', 22)).toBe('web.example.com');
  });
});

function sshString(text: string): Buffer {
  const b = Buffer.from(text);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(b.length);
  return Buffer.concat([len, b]);
}

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
