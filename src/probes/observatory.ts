/**
 * A score and grade for a response's security headers by the MDN HTTP Observatory's published rules (start at
 * 100; penalties; bonuses only for a score of 90 or more), with every deduction and bonus named.
 */
import type { IncomingHttpHeaders } from 'node:http';

export interface ScoreItem {
  test: string;
  points: number;
  why: string;
}

export interface Score {
  score: number;
  grade: string;
  items: ScoreItem[];
}

const GRADES: [number, string][] = [
  [100, 'A+'],
  [90, 'A'],
  [85, 'A-'],
  [80, 'B+'],
  [70, 'B'],
  [65, 'B-'],
  [60, 'C+'],
  [50, 'C'],
  [45, 'C-'],
  [40, 'D+'],
  [30, 'D'],
  [25, 'D-'],
];

export function gradeOf(score: number): string {
  return GRADES.find(([min]) => score >= min)?.[1] ?? 'F';
}

function header(h: IncomingHttpHeaders, name: string): string | undefined {
  const v = h[name.toLowerCase()];
  return Array.isArray(v) ? v.join(', ') : v;
}

function directive(csp: string, name: string): string | undefined {
  for (const part of csp.split(';')) {
    const [k, ...rest] = part.trim().split(/\s+/);
    if (k?.toLowerCase() === name) return rest.join(' ');
  }
  return undefined;
}

/** `redirectsToHttps`: whether http:// answered with a redirect to https:// on the same host. */
export function scoreHeaders(h: IncomingHttpHeaders, redirectsToHttps: boolean): Score {
  const penalties: ScoreItem[] = [];
  const bonuses: ScoreItem[] = [];

  const csp = header(h, 'content-security-policy');
  if (!csp)
    penalties.push({ test: 'content-security-policy', points: -25, why: 'no Content-Security-Policy' });
  else {
    const scripts = directive(csp, 'script-src') ?? directive(csp, 'default-src') ?? '';
    if (/'unsafe-inline'/.test(scripts) && !/'nonce-|'sha(256|384|512)-|'strict-dynamic'/.test(scripts)) {
      penalties.push({ test: 'content-security-policy', points: -20, why: "'unsafe-inline' in script-src" });
    } else if (/'unsafe-eval'/.test(scripts)) {
      penalties.push({ test: 'content-security-policy', points: -10, why: "'unsafe-eval' in script-src" });
    } else if (!directive(csp, 'default-src') && !directive(csp, 'script-src')) {
      penalties.push({
        test: 'content-security-policy',
        points: -25,
        why: 'the CSP restricts neither default-src nor script-src',
      });
    }
  }

  const hsts = header(h, 'strict-transport-security');
  const maxAge = Number(/max-age=(\d+)/i.exec(hsts ?? '')?.[1] ?? NaN);
  if (!hsts || !Number.isFinite(maxAge))
    penalties.push({ test: 'strict-transport-security', points: -20, why: 'no HSTS' });
  else if (maxAge < 15552000)
    penalties.push({
      test: 'strict-transport-security',
      points: -10,
      why: `HSTS max-age ${maxAge} is under 6 months`,
    });
  else if (/preload/i.test(hsts))
    bonuses.push({ test: 'strict-transport-security', points: 5, why: 'HSTS preloaded' });

  const frameAncestors = csp ? directive(csp, 'frame-ancestors') : undefined;
  const xfo = header(h, 'x-frame-options');
  if (frameAncestors !== undefined)
    bonuses.push({ test: 'x-frame-options', points: 5, why: 'CSP frame-ancestors' });
  else if (!xfo || !/^(deny|sameorigin)$/i.test(xfo.trim()))
    penalties.push({ test: 'x-frame-options', points: -20, why: 'no X-Frame-Options or frame-ancestors' });

  if (header(h, 'x-content-type-options')?.toLowerCase() !== 'nosniff') {
    penalties.push({ test: 'x-content-type-options', points: -5, why: 'no X-Content-Type-Options: nosniff' });
  }

  const referrer = header(h, 'referrer-policy')?.split(',').pop()?.trim().toLowerCase();
  if (
    referrer &&
    ['no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin'].includes(referrer)
  ) {
    bonuses.push({ test: 'referrer-policy', points: 5, why: `Referrer-Policy ${referrer}` });
  } else if (
    referrer &&
    ['origin-when-cross-origin', 'origin', 'unsafe-url', 'no-referrer-when-downgrade'].includes(referrer)
  ) {
    penalties.push({ test: 'referrer-policy', points: -5, why: `Referrer-Policy ${referrer} leaks URLs` });
  }

  const cookies = ([] as string[]).concat(h['set-cookie'] ?? []);
  if (cookies.some((c) => !/;\s*secure/i.test(c)))
    penalties.push({ test: 'cookies', points: -40, why: 'a cookie without Secure' });
  else if (cookies.some((c) => !/;\s*httponly/i.test(c)))
    penalties.push({ test: 'cookies', points: -30, why: 'a cookie without HttpOnly' });

  if (!redirectsToHttps)
    penalties.push({ test: 'redirection', points: -20, why: 'http:// does not redirect to https://' });

  if (
    header(h, 'access-control-allow-origin')?.trim() === '*' &&
    header(h, 'access-control-allow-credentials') === 'true'
  ) {
    penalties.push({
      test: 'cross-origin-resource-sharing',
      points: -50,
      why: 'CORS allows any origin with credentials',
    });
  }

  if (header(h, 'cross-origin-resource-policy'))
    bonuses.push({ test: 'cross-origin-resource-policy', points: 10, why: 'CORP set' });

  const base = 100 + penalties.reduce((n, i) => n + i.points, 0);
  const score = Math.max(0, base >= 90 ? base + bonuses.reduce((n, i) => n + i.points, 0) : base);
  return { score, grade: gradeOf(score), items: [...penalties, ...(base >= 90 ? bonuses : [])] };
}
