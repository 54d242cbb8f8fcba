/**
 * The security headers every site sends, as one list both renderers write: the spec's values, with
 * X-Frame-Options and the CSP's frame-ancestors derived from each other so they never disagree.
 */
import type { Resolved } from '../appspec/resolve.js';
import type { Spec } from '../appspec/schema.js';

export interface SecurityHeader {
  name: string;
  value: string;
  /** The app may send its own (proxy.headers.from-app): the proxy's value is only the fallback. */
  fromApp: boolean;
}

type FrameOptions = 'DENY' | 'SAMEORIGIN';
const ANCESTORS: Record<FrameOptions, string> = { DENY: "'none'", SAMEORIGIN: "'self'" };

/** The sources of the CSP's frame-ancestors directive, or undefined when it has none. */
export function frameAncestors(csp: string): string | undefined {
  for (const directive of csp.split(';')) {
    const [name, ...sources] = directive.trim().split(/\s+/);
    if (name?.toLowerCase() === 'frame-ancestors') return sources.join(' ');
  }
  return undefined;
}

/** What X-Frame-Options says the same as these frame-ancestors sources (none when it cannot say it). */
export function frameOptionsFor(ancestors: string): FrameOptions | undefined {
  const a = ancestors.trim().toLowerCase();
  if (a === "'none'") return 'DENY';
  if (a === "'self'") return 'SAMEORIGIN';
  return undefined;
}

/** The CSP and X-Frame-Options values of a spec (checked for agreement by the spec loader). */
export function framing(headers: Spec['proxy']['headers']): {
  csp: string;
  frameOptions: string | undefined;
} {
  const csp = headers['content-security-policy'].trim().replace(/;\s*$/, '');
  const ancestors = frameAncestors(csp);
  if (ancestors !== undefined) return { csp, frameOptions: frameOptionsFor(ancestors) };
  const fo = headers['frame-options'] ?? 'DENY';
  const withAncestors = csp ? `${csp}; frame-ancestors ${ANCESTORS[fo]}` : `frame-ancestors ${ANCESTORS[fo]}`;
  return { csp: withAncestors, frameOptions: fo };
}

export function securityHeaders(r: Resolved): SecurityHeader[] {
  const h = r.spec.proxy.headers;
  const fromApp = new Set<string>(h['from-app']);
  const { csp, frameOptions } = framing(h);
  const list: [string, string | undefined][] = [
    ['Strict-Transport-Security', r.hstsValue],
    ['Content-Security-Policy', csp],
    ['X-Content-Type-Options', 'nosniff'],
    ['X-Frame-Options', frameOptions],
    ['Referrer-Policy', h['referrer-policy']],
    ['Permissions-Policy', h['permissions-policy']],
    ['Cross-Origin-Opener-Policy', h['cross-origin-opener-policy']],
    ['Cross-Origin-Resource-Policy', h['cross-origin-resource-policy']],
  ];
  return list
    .filter((x): x is [string, string] => x[1] !== undefined)
    .map(([name, value]) => ({ name, value, fromApp: fromApp.has(name.toLowerCase()) }));
}
