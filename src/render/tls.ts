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
 * X25519MLKEM768 leads the 6.0 list but needs OpenSSL >= 3.5; an older OpenSSL (Debian bookworm has 3.0)
 * refuses the whole directive, so it is left out until the target servers have it.
 */
export const MOZILLA_CURVES = ['X25519', 'prime256v1', 'secp384r1'];
export const MOZILLA_CURVES_GO = ['x25519', 'secp256r1', 'secp384r1'];

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
