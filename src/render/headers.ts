/** The security headers every site gets, as name/value pairs shared by the Nginx and Caddy renderers. */
import type { Resolved } from '../spec/resolve.js';

export function securityHeaders(r: Resolved): [string, string][] {
  const h = r.spec.proxy.headers;
  const csp = h['content-security-policy'];
  // frame-ancestors in the CSP and X-Frame-Options say the same thing, for new and old browsers.
  return [
    ['Strict-Transport-Security', r.hstsValue],
    ['Content-Security-Policy', csp],
    ['X-Content-Type-Options', 'nosniff'],
    ['X-Frame-Options', h['frame-options']],
    ['Referrer-Policy', h['referrer-policy']],
    ['Permissions-Policy', h['permissions-policy']],
    ['Cross-Origin-Opener-Policy', h['cross-origin-opener-policy']],
    ['Cross-Origin-Resource-Policy', h['cross-origin-resource-policy']],
  ];
}
