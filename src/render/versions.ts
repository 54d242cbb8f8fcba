/**
 * The proxy versions a host really runs, compared with the ones the spec told the renderer to assume
 * (`proxy.versions`): the rendered syntax follows the assumed versions (`http2 on;` from Nginx 1.25.1, the
 * X25519MLKEM768 hybrid group from OpenSSL 3.5 and Caddy 2.10), so a host that is newer than assumed gets
 * a config that works but is older than it could be. Pure: command output in, versions and messages out.
 */

export interface ProxyVersions {
  nginx?: string;
  openssl?: string;
  caddy?: string;
}

const DOTTED = /^\d+(\.\d+)*$/;

/**
 * Compares two dotted numeric versions ("1.25.1" vs "1.22"): negative, 0 or positive. Missing parts count
 * as 0 ("1.22" equals "1.22.0"). Throws on anything else, so a parse mistake never passes as "older".
 */
export function compareVersions(a: string, b: string): number {
  if (!DOTTED.test(a) || !DOTTED.test(b))
    throw new Error(`not a dotted version: ${JSON.stringify(DOTTED.test(a) ? b : a)}`);
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** Whether a dotted version (1.25.1, 3.5, 2.10) is at least `min`; missing parts count as 0. */
export function versionAtLeast(version: string, min: string): boolean {
  return compareVersions(version, min) >= 0;
}

/**
 * The first versions with what keel renders differently: the renderers decide with these, and ssh-deploy's
 * warning about a host newer than assumed names them.
 */
export const SINCE = {
  /** `http2 on;` instead of the deprecated `listen ... http2`. */
  nginxHttp2On: '1.25.1',
  /** X25519MLKEM768 in ssl_ecdh_curve (an older OpenSSL refuses the whole directive). */
  opensslMlkem: '3.5',
  /** x25519mlkem768 in Caddy's curves. */
  caddyMlkem: '2.10',
} as const;

/** "1.26.3" -> "1.26": what to write into proxy.versions. */
const minor = (v: string) => v.split('.').slice(0, 2).join('.');

/**
 * Nginx's and OpenSSL's versions from `nginx -V 2>&1`: "nginx version: nginx/1.22.1" and "built with OpenSSL
 * 3.0.11 19 Sep 2023" or "running with OpenSSL 3.5.1 ..." (the library actually loaded wins). Missing or
 * unreadable parts stay undefined.
 */
export function parseNginxV(output: string): { nginx?: string; openssl?: string } {
  const found: { nginx?: string; openssl?: string } = {};
  const n = /^nginx version: nginx\/(\d+(?:\.\d+){0,3})(?=\s|$)/m.exec(output);
  if (n) found.nginx = n[1];
  const running = /\brunning with OpenSSL (\d+(?:\.\d+){0,3})/.exec(output);
  const built = /\bbuilt with OpenSSL (\d+(?:\.\d+){0,3})/.exec(output);
  const ssl = running ?? built;
  if (ssl) found.openssl = ssl[1];
  return found;
}

/** Caddy's version from `caddy version`: "v2.6.2 h1:..." or "2.6.2" (Debian's build). */
export function parseCaddyVersion(output: string): string | undefined {
  const m = /^\s*v?(\d+\.\d+(?:\.\d+)?)(?=[\s-]|$)/.exec(output);
  return m?.[1];
}

/** What each newer version would let keel render. */
const GAINS: { key: keyof ProxyVersions; from: string; what: string }[] = [
  {
    key: 'nginx',
    from: SINCE.nginxHttp2On,
    what: 'render `http2 on;` instead of the deprecated `listen ... http2`',
  },
  { key: 'openssl', from: SINCE.opensslMlkem, what: 'offer the X25519MLKEM768 hybrid key exchange' },
  { key: 'caddy', from: SINCE.caddyMlkem, what: 'offer the X25519MLKEM768 hybrid key exchange' },
];

/**
 * One message per component that the host runs in a version new enough for syntax or curves keel would
 * render differently than for the assumed one. A component missing on either side, or not a dotted
 * version, says nothing.
 */
export function newerThanAssumed(assumed: ProxyVersions, found: ProxyVersions): string[] {
  const out: string[] = [];
  for (const g of GAINS) {
    const a = assumed[g.key];
    const f = found[g.key];
    if (!a || !f || !DOTTED.test(a) || !DOTTED.test(f)) continue;
    if (compareVersions(f, g.from) >= 0 && compareVersions(a, g.from) < 0) {
      // "1.25" would still be below 1.25.1: suggest the shortest value that reaches the threshold.
      const set = compareVersions(minor(f), g.from) >= 0 ? minor(f) : f;
      out.push(
        `${g.key} ${f} on the host is newer than proxy.versions.${g.key} ${a}: set it to ${set} to ${g.what}`,
      );
    }
  }
  return out;
}
