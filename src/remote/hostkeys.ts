/**
 * Host-key trust: known_hosts content and SHA256 fingerprints, matched against the key a server offers.
 *
 * Verification is on by default. The client only offers the host-key algorithms of the keys that are
 * pinned for a host, so a server with several key types presents the one the user pinned.
 */
import { createHash, createHmac } from 'node:crypto';

export interface KnownHostKey {
  /** Key type as written in known_hosts, e.g. ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256. */
  type: string;
  /** The public key blob. */
  blob: Buffer;
  revoked: boolean;
}

export interface HostTrust {
  /** Keys from known_hosts content that name this host. */
  keys: KnownHostKey[];
  /** SHA256 fingerprints, normalised to `SHA256:<base64 without padding>`. */
  fingerprints: string[];
  /** Accept whatever key the server offers (explicit opt-in only), and report it. */
  trustOnFirstUse: boolean;
}

/** The SHA256 fingerprint of a public key blob, as `ssh-keygen -lf` prints it. */
export function fingerprintOf(blob: Buffer): string {
  return 'SHA256:' + createHash('sha256').update(blob).digest('base64').replace(/=+$/, '');
}

/** The key type written inside a public key blob (its first SSH string). */
export function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const len = blob.readUInt32BE(0);
  return blob.subarray(4, 4 + len).toString('latin1');
}

export function normaliseFingerprint(text: string): string | undefined {
  const m = /^(?:SHA256:)?([A-Za-z0-9+/]{43})=?$/.exec(text.trim());
  return m ? `SHA256:${m[1]}` : undefined;
}

/** The host-key algorithms a client may accept for one key type. */
export function algorithmsFor(type: string): string[] {
  if (type === 'ssh-rsa') return ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];
  return [type];
}

function hostPatterns(host: string, port: number): string[] {
  return port === 22 ? [host, `[${host}]:22`] : [`[${host}]:${port}`];
}

function matchesHost(field: string, host: string, port: number): boolean {
  const candidates = hostPatterns(host, port);
  for (const entry of field.split(',')) {
    if (entry.startsWith('|1|')) {
      // Hashed entry: |1|base64(salt)|base64(HMAC-SHA1(salt, hostname)).
      const [, , salt, hash] = entry.split('|');
      if (!salt || !hash) continue;
      for (const c of candidates) {
        const mac = createHmac('sha1', Buffer.from(salt, 'base64')).update(c).digest('base64');
        if (mac === hash) return true;
      }
      continue;
    }
    if (entry.startsWith('!')) continue;
    const pattern = entry;
    if (pattern.includes('*') || pattern.includes('?')) {
      const re = new RegExp(
        '^' +
          pattern
            .replace(/[.+^${}()|\\]/g, '\\$&')
            .replace(/\*/g, '.*')
            .replace(/\?/g, '.') +
          '$',
      );
      if (candidates.some((c) => re.test(c))) return true;
    } else if (candidates.includes(pattern)) {
      return true;
    }
  }
  return false;
}

/**
 * Keys in known_hosts content for host:port. Lines that are not known_hosts lines are reported through
 * `problems` so a user who pasted the wrong thing is told.
 */
export function knownHostKeys(
  content: string,
  host: string,
  port: number,
  problems: string[] = [],
): KnownHostKey[] {
  const keys: KnownHostKey[] = [];
  content.split(/\r?\n/).forEach((rawLine, i) => {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) return;
    const parts = line.split(/\s+/);
    let marker: string | undefined;
    if (parts[0]?.startsWith('@')) marker = parts.shift();
    const [hosts, type, b64] = parts;
    if (!hosts || !type || !b64 || !/^[A-Za-z0-9+/]+=*$/.test(b64)) {
      problems.push(`line ${i + 1} is not a known_hosts line ("host key-type base64-key")`);
      return;
    }
    if (marker === '@cert-authority') {
      problems.push(`line ${i + 1}: @cert-authority entries are not supported; pin the host keys themselves`);
      return;
    }
    // Every line is checked (not only this host's): garbage in known-hosts is an error, not silently ignored.
    const blob = Buffer.from(b64, 'base64');
    if (keyTypeOf(blob) !== type) {
      problems.push(`line ${i + 1}: the key is not of the type it names (${type})`);
      return;
    }
    if (!matchesHost(hosts, host, port)) return;
    keys.push({ type, blob, revoked: marker === '@revoked' });
  });
  return keys;
}

export type Verdict =
  | { ok: true; fingerprint: string; type: string; how: 'known-hosts' | 'fingerprint' | 'trust-on-first-use' }
  | { ok: false; fingerprint: string; type: string; reason: 'revoked' | 'mismatch' | 'unpinned' };

/** Decides whether the key a server offered is trusted. */
export function verifyHostKey(trust: HostTrust, offered: Buffer): Verdict {
  const fingerprint = fingerprintOf(offered);
  const type = keyTypeOf(offered);
  if (trust.keys.some((k) => k.revoked && k.blob.equals(offered))) {
    return { ok: false, fingerprint, type, reason: 'revoked' };
  }
  if (trust.keys.some((k) => !k.revoked && k.blob.equals(offered))) {
    return { ok: true, fingerprint, type, how: 'known-hosts' };
  }
  if (trust.fingerprints.includes(fingerprint)) return { ok: true, fingerprint, type, how: 'fingerprint' };
  const pinned = trust.keys.some((k) => !k.revoked) || trust.fingerprints.length > 0;
  if (!pinned && trust.trustOnFirstUse) return { ok: true, fingerprint, type, how: 'trust-on-first-use' };
  return { ok: false, fingerprint, type, reason: pinned ? 'mismatch' : 'unpinned' };
}

/** Host-key algorithms to offer: those of the pinned keys, or undefined (library default) if none typed. */
export function offeredAlgorithms(trust: HostTrust): string[] | undefined {
  const types = [...new Set(trust.keys.filter((k) => !k.revoked).map((k) => k.type))];
  if (types.length === 0) return undefined;
  return types.flatMap(algorithmsFor);
}

/** The known_hosts line for an offered key, to show a user how to pin it. */
export function knownHostsLine(host: string, port: number, offered: Buffer): string {
  const name = port === 22 ? host : `[${host}]:${port}`;
  return `${name} ${keyTypeOf(offered)} ${offered.toString('base64')}`;
}
