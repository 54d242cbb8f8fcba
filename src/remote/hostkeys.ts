/**
 * Host-key trust: known_hosts content and SHA256 fingerprints, matched against the key a server offers.
 *
 * Verification is on by default. known_hosts is read as OpenSSH reads it, and the host-key algorithms are
 * offered in the order OpenSSH's client offers them (pinned key types first), so for a given known_hosts and
 * server keel accepts exactly the connections `ssh -o StrictHostKeyChecking=yes` accepts.
 */
import { createHash, createHmac } from 'node:crypto';

export interface KnownHostKey {
  /** Key type as written in known_hosts, e.g. ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256. */
  type: string;
  /** The public key blob. */
  blob: Buffer;
  revoked: boolean;
  /** Found under the bare host name for a connection on another port (OpenSSH's fallback, see knownHostKeys). */
  portless?: boolean;
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

/**
 * OpenSSH 9's default HostKeyAlgorithms without certificates and security keys (keel verifies neither). ssh-rsa
 * (SHA-1 signatures) is not offered: OpenSSH has not offered it by default since 8.8.
 */
const OPENSSH_ALGORITHMS = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
];

/** The key type an algorithm signs with. */
const keyTypeOfAlgorithm = (alg: string) => (alg.startsWith('rsa-sha2-') ? 'ssh-rsa' : alg);

/**
 * known_hosts, read exactly as OpenSSH 9.x reads it (hostfile.c, match.c; sshd(8) "SSH_KNOWN_HOSTS FILE
 * FORMAT"), with a clear refusal instead of a silent skip for every line OpenSSH would ignore as invalid:
 *
 * - A line is `[marker] hosts keytype base64 [comment]`, fields split by spaces or tabs; leading spaces and
 *   tabs, blank lines and `#` comments are skipped. A trailing CR is dropped (CRLF text), as OpenSSH's base64
 *   decoder skips it too.
 * - `hosts` is a comma-separated list of patterns: `*` any run of characters, `?` one character, `!` negates
 *   (a host matching a negated pattern is NOT matched by the line, whatever else matches), everything else
 *   literal, compared in lower case. A pattern longer than 1022 bytes makes the whole list match nothing.
 * - Or `hosts` is one hashed name `|1|base64(salt)|base64(HMAC-SHA1(salt, name))` (ssh-keygen -H): the
 *   name is compared by hashing it with the line's salt. A hashed name is never part of a list.
 * - The name looked up is `host` on port 22 and `[host]:port` on any other port (in lower case). On another
 *   port, when no line names `[host]:port` with a plain key, OpenSSH checks the port-less `host` lines
 *   instead (sshconnect.c "checking without port identifier"); so does keel.
 * - `@revoked`: that key is refused for the hosts the line matches, even when another line pins it.
 * - `@cert-authority`: host certificates, which keel's SSH client cannot verify: a line that names a host
 *   keel connects to is refused (pin the host's own keys instead); lines for other hosts are left alone.
 */

/** One known_hosts line, parsed. */
export interface KnownHostsEntry {
  line: number;
  marker: 'none' | 'revoked' | 'cert-authority';
  hosts: string;
  type: string;
  blob: Buffer;
}

const CA_MARKER = '@cert-authority';
const REVOKE_MARKER = '@revoked';
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const HASHED = /^\|1\|([A-Za-z0-9+/]{27}=)\|([A-Za-z0-9+/]{27}=)$/;

/** Splits off the first field (up to a space or tab) and the whitespace after it. */
function field(text: string): [string, string] {
  const m = /^([^ \t]*)[ \t]*(.*)$/s.exec(text)!;
  return [m[1]!, m[2]!];
}

/** The SSH strings of a public key blob, or undefined when it is not a sequence of whole SSH strings. */
function sshStrings(blob: Buffer): Buffer[] | undefined {
  const out: Buffer[] = [];
  let at = 0;
  while (at < blob.length) {
    if (at + 4 > blob.length) return undefined;
    const len = blob.readUInt32BE(at);
    if (at + 4 + len > blob.length) return undefined;
    out.push(blob.subarray(at + 4, at + 4 + len));
    at += 4 + len;
  }
  return out;
}

/** What OpenSSH's key parser would reject in a key of a type it checks closely (undefined: fine). */
function keyShapeProblem(type: string, s: Buffer[]): string | undefined {
  if (type === 'ssh-ed25519' && (s.length !== 2 || s[1]!.length !== 32))
    return 'the ssh-ed25519 key is not 32 bytes';
  if (type === 'ssh-rsa') {
    if (s.length !== 3) return 'the ssh-rsa key is malformed';
    const n = s[2]!;
    const bits = n.length === 0 ? 0 : (n.length - 1) * 8 + (32 - Math.clz32(n[0]!));
    if (bits < 1024) return `the ssh-rsa key has ${bits} bits; OpenSSH refuses RSA keys under 1024 bits`;
  }
  const curve = /^ecdsa-sha2-(nistp\d+)$/.exec(type)?.[1];
  if (curve && (s.length !== 3 || s[1]!.toString('latin1') !== curve))
    return `the ${type} key is not on the curve ${curve}`;
  return undefined;
}

/** Parses known_hosts text. Lines OpenSSH would skip as invalid are reported through `problems`. */
export function parseKnownHosts(content: string, problems: string[] = []): KnownHostsEntry[] {
  const entries: KnownHostsEntry[] = [];
  content.split('\n').forEach((text, i) => {
    const n = i + 1;
    let rest = text.replace(/\r$/, '').replace(/^[ \t]+/, '');
    if (rest === '' || rest.startsWith('#')) return;
    let marker: KnownHostsEntry['marker'] = 'none';
    while (rest.startsWith('@')) {
      // As OpenSSH: a marker ends at the line's first space (a tab only when the line has no space at all).
      const sp = rest.indexOf(' ') >= 0 ? rest.indexOf(' ') : rest.indexOf('\t');
      const word = sp < 0 ? rest : rest.slice(0, sp);
      if (marker !== 'none') {
        problems.push(`line ${n}: only one marker (@revoked or @cert-authority) is allowed`);
        return;
      }
      if (sp < 0 || (word !== CA_MARKER && word !== REVOKE_MARKER)) {
        problems.push(
          `line ${n}: unknown marker ${JSON.stringify(word.slice(0, 40))} (a marker is @revoked or @cert-authority, followed by a space)`,
        );
        return;
      }
      marker = word === CA_MARKER ? 'cert-authority' : 'revoked';
      rest = rest.slice(sp).replace(/^[ \t]+/, '');
    }
    const [hosts, afterHosts] = field(rest);
    const [type, afterType] = field(afterHosts);
    const [b64] = field(afterType);
    if (hosts === '' || type === '' || type.startsWith('#') || b64 === '') {
      problems.push(`line ${n} is not a known_hosts line ("host key-type base64-key")`);
      return;
    }
    const hashed = HASHED.exec(hosts);
    const canonical = (b: string) => Buffer.from(b, 'base64').toString('base64') === b;
    if (hosts.startsWith('|') && !(hashed && canonical(hashed[1]!) && canonical(hashed[2]!))) {
      problems.push(
        `line ${n}: the hashed host name is malformed (ssh-keygen -H writes |1|<salt>|<hash>, 20 bytes each in base64, one name a line)`,
      );
      return;
    }
    const blob = BASE64.test(b64) ? Buffer.from(b64, 'base64') : undefined;
    const strings = blob && blob.toString('base64') === b64 ? sshStrings(blob) : undefined;
    if (!blob || !strings || strings.length < 2) {
      problems.push(`line ${n}: the key is not a base64 SSH public key`);
      return;
    }
    if (strings[0]!.toString('latin1') !== type) {
      problems.push(`line ${n}: the key is not of the type it names (${JSON.stringify(type.slice(0, 40))})`);
      return;
    }
    if (type.includes('-cert-')) {
      problems.push(`line ${n}: ${type} is a certificate, not a host key; pin the host's own key`);
      return;
    }
    const shape = keyShapeProblem(type, strings);
    if (shape) {
      problems.push(`line ${n}: ${shape}`);
      return;
    }
    entries.push({ line: n, marker, hosts, type, blob });
  });
  return entries;
}

/** OpenSSH's match_pattern: `*` any run of bytes, `?` one byte, anything else itself (no NFA blow-up). */
function matchPattern(s: Buffer, p: Buffer): boolean {
  let states = new Uint8Array(p.length + 1);
  const close = (st: Uint8Array) => {
    for (let i = 0; i < p.length; i++) if (st[i] && p[i] === 0x2a) st[i + 1] = 1;
  };
  states[0] = 1;
  close(states);
  for (const c of s) {
    const next = new Uint8Array(p.length + 1);
    let any = false;
    for (let i = 0; i < p.length; i++) {
      if (!states[i]) continue;
      if (p[i] === 0x2a) next[i] = 1;
      else if (p[i] === 0x3f || p[i] === c) next[i + 1] = 1;
    }
    close(next);
    states = next;
    for (const v of states) any ||= v === 1;
    if (!any) return false;
  }
  return states[p.length] === 1;
}

const lowerAscii = (b: Buffer) => Buffer.from(b.map((c) => (c >= 0x41 && c <= 0x5a ? c + 32 : c)));

/** OpenSSH's match_pattern_list(name, list, dolower=1): 1 positive, -1 negated, 0 no match. */
export function matchPatternList(name: string, list: string): 1 | 0 | -1 {
  const s = Buffer.from(name, 'utf8');
  const pattern = Buffer.from(list, 'utf8');
  let positive = false;
  let i = 0;
  while (i < pattern.length) {
    const negated = pattern[i] === 0x21;
    if (negated) i++;
    let end = i;
    while (end < pattern.length && pattern[end] !== 0x2c && end - i < 1023) end++;
    if (end - i >= 1023) return 0; // OpenSSH: a subpattern too long fails the whole list
    const sub = lowerAscii(pattern.subarray(i, end));
    i = end < pattern.length ? end + 1 : end;
    if (matchPattern(s, sub)) {
      if (negated) return -1;
      positive = true;
    }
  }
  return positive ? 1 : 0;
}

/**
 * Whether a known_hosts host field names `name` (OpenSSH's match_maybe_hashed): a hashed name by its HMAC,
 * a pattern list by match_hostname (the name in lower case; a negated match is no match).
 */
export function hostFieldMatches(hosts: string, name: string): boolean {
  const hashed = HASHED.exec(hosts);
  if (hashed) {
    const mac = createHmac('sha1', Buffer.from(hashed[1]!, 'base64')).update(name).digest('base64');
    return mac === hashed[2];
  }
  if (hosts.startsWith('|')) return false;
  return matchPatternList(name.toLowerCase(), hosts) === 1;
}

/** The name OpenSSH looks up for a host: lower case (an IPv6 address in its canonical form), `[host]:port` off 22. */
export function lookupName(host: string, port: number): string {
  let h = host.toLowerCase();
  if (h.includes(':')) {
    try {
      h = new URL(`http://[${h}]/`).hostname.slice(1, -1);
    } catch {
      // not an address: looked up as written
    }
  }
  return port === 22 || port === 0 ? h : `[${h}]:${port}`;
}

/**
 * Keys in known_hosts content for host:port, as OpenSSH's check_host_key would consult them (see above).
 * Lines that are not known_hosts lines, and @cert-authority lines for this host, are reported through
 * `problems` so a user who pasted the wrong thing is told.
 */
export function knownHostKeys(
  content: string,
  host: string,
  port: number,
  problems: string[] = [],
): KnownHostKey[] {
  const entries = parseKnownHosts(content, problems);
  const lookup = (name: string) => {
    const matched = entries.filter((e) => hostFieldMatches(e.hosts, name));
    for (const e of matched.filter((x) => x.marker === 'cert-authority'))
      problems.push(
        `line ${e.line}: @cert-authority (host certificates) is not supported and this line names ${name}; pin the host's own keys instead`,
      );
    return matched.filter((e) => e.marker !== 'cert-authority');
  };
  const keys = (list: KnownHostsEntry[], portless: boolean): KnownHostKey[] =>
    list.map((e) => ({
      type: e.type,
      blob: e.blob,
      revoked: e.marker === 'revoked',
      ...(portless ? { portless } : {}),
    }));
  const matched = lookup(lookupName(host, port));
  if (port === 22 || matched.some((e) => e.marker === 'none')) return keys(matched, false);
  return [...keys(matched, false), ...keys(lookup(lookupName(host, 22)), true)];
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

/**
 * Host-key algorithms to offer, in OpenSSH's order (sshconnect2.c order_hostkeyalgs): the default list as it
 * is when a plain key of its first type (ssh-ed25519) is pinned for the name looked up, otherwise the
 * algorithms of the pinned key types first and the others after them. Keys found only under the bare host name
 * (another port's fallback) do not reorder, as in OpenSSH. Undefined (the library's default) when no key is
 * pinned (fingerprints or trust-on-first-use only).
 */
export function offeredAlgorithms(trust: HostTrust): string[] | undefined {
  if (!trust.keys.some((k) => !k.revoked)) return undefined;
  const types = new Set(trust.keys.filter((k) => !k.revoked && !k.portless).map((k) => k.type));
  const pinned = (alg: string) => types.has(keyTypeOfAlgorithm(alg));
  if (pinned(OPENSSH_ALGORITHMS[0]!)) return [...OPENSSH_ALGORITHMS];
  return [...OPENSSH_ALGORITHMS.filter(pinned), ...OPENSSH_ALGORITHMS.filter((a) => !pinned(a))];
}

/** The known_hosts line for an offered key, to show a user how to pin it. */
export function knownHostsLine(host: string, port: number, offered: Buffer): string {
  const name = port === 22 ? host : `[${host}]:${port}`;
  return `${name} ${keyTypeOf(offered)} ${offered.toString('base64')}`;
}
