import { SINCE, versionAtLeast } from './versions.js';

/** Mozilla server-side TLS guideline 6.0, in the words of each proxy. */
export const MOZILLA_TLS12_CIPHERS = [
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
];

/** The same suites as Go (Caddy) names them. */
export const MOZILLA_TLS12_CIPHERS_GO = [
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
];

/**
 * The key exchange groups of Mozilla's 6.0 guideline that the installed software knows: X25519MLKEM768 (post-
 * quantum hybrid) leads the list but needs OpenSSL >= 3.5 (Nginx) or Caddy >= 2.10; an older OpenSSL refuses
 * the whole directive, so it is left out there.
 */
export function nginxCurves(openssl: string): string[] {
  return [
    ...(versionAtLeast(openssl, SINCE.opensslMlkem) ? ['X25519MLKEM768'] : []),
    'X25519',
    'prime256v1',
    'secp384r1',
  ];
}
export function caddyCurves(caddy: string): string[] {
  return [
    ...(versionAtLeast(caddy, SINCE.caddyMlkem) ? ['x25519mlkem768'] : []),
    'x25519',
    'secp256r1',
    'secp384r1',
  ];
}

/**
 * A regular expression (RE2 and PCRE alike, no braces) for the decimal numbers greater than `n`: what Caddy
 * matches Content-Length against to refuse an oversized body before the app sees it.
 */
export function greaterThanPattern(n: number): string {
  const digits = String(Math.floor(n));
  const any = (k: number) => '[0-9]'.repeat(k);
  // More digits than n (after leading zeros)...
  const alternatives = [`[1-9]${any(digits.length)}[0-9]*`];
  // ...or as many, and greater at the first digit that differs.
  for (let i = 0; i < digits.length; i++) {
    const d = Number(digits[i]);
    if (d === 9) continue;
    const lowest = i === 0 ? Math.max(d + 1, 1) : d + 1;
    const range = lowest === 9 ? '9' : `[${lowest}-9]`;
    alternatives.push(`${digits.slice(0, i)}${range}${any(digits.length - i - 1)}`);
  }
  return `^0*(?:${alternatives.join('|')})$`;
}

/** "10m" → bytes. */
export function sizeBytes(size: string): number {
  const m = /^(\d+)([kmg]?)$/.exec(size)!;
  const factor = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2] as '' | 'k' | 'm' | 'g'];
  return Number(m[1]) * factor;
}

/** "10m" → Caddy's "10MiB". */
export function caddySize(size: string): string {
  const m = /^(\d+)([kmg]?)$/.exec(size)!;
  return m[2] ? `${m[1]}${m[2].toUpperCase()}iB` : `${m[1]}B`;
}
