/**
 * Path and host patterns both proxies match against (pure). They are regular expressions in the syntax Nginx
 * (PCRE) and Caddy (RE2) share, with no braces (a brace would be a placeholder to Caddy): the renderers quote
 * them for their file's language.
 */
import type { Resolved } from '../appspec/resolve.js';

/** A literal string as a regular expression. */
export function regexLiteral(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, (c) => (c === '/' ? '/' : `\\${c}`));
}

export interface DeniedPaths {
  /** Dotfiles and dot directories under static routes (`/static/.env`, `/static/a/.git/config`). */
  dotfiles: string[];
  /** Deny routes, with and without their trailing slash (`/admin/*` denies `/admin`, `/admin/`, `/Admin/x`). */
  denied: string[];
  /** Routes the spec sends elsewhere inside a denied prefix (`/admin/login` to the app): not denied. */
  allowed: string[];
}

const routePattern = (base: string, match: 'exact' | 'prefix') =>
  match === 'exact' ? `^${regexLiteral(base)}$` : `^${regexLiteral(base.replace(/\/$/, ''))}(?:/|$)`;

/**
 * The paths no request may reach, matched case-insensitively on the normalised path, as patterns both proxies
 * check before any route: a path is refused when it is a dotfile under a static route, or when it is denied
 * and not allowed.
 */
export function deniedPaths(r: Resolved): DeniedPaths {
  const dotfiles: string[] = [];
  const denied: string[] = [];
  const allowed: string[] = [];
  const denies = r.routes.filter((x) => x.to === 'deny' && x.base !== '/');
  for (const route of r.routes) {
    if (route.to === 'static') dotfiles.push(`^${regexLiteral(route.base.replace(/\/?$/, '/'))}(?:.*/)?\\.`);
    if (route.to === 'deny' && route.base !== '/') denied.push(routePattern(route.base, route.match));
    const inside = denies.some(
      (d) =>
        d !== route &&
        d.match === 'prefix' &&
        route.base.toLowerCase().startsWith(d.base.toLowerCase()) &&
        route.base.length > d.base.length,
    );
    if (route.to !== 'deny' && inside) allowed.push(routePattern(route.base, route.match));
  }
  return { dotfiles, denied, allowed };
}

/** The spec's domains as one anchored pattern (a wildcard stands for exactly one label). */
export function hostPattern(domains: string[]): string {
  const one = (d: string) => (d.startsWith('*.') ? `[^.]+\\.${regexLiteral(d.slice(2))}` : regexLiteral(d));
  return `^(?:${domains.map(one).join('|')})$`;
}
