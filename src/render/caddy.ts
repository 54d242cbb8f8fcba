/**
 * The Caddy site (pure). Caddy answers ACME challenges on its own; the site adds what it does not do by
 * default: HSTS and the security headers on every response (its own errors included, and never twice),
 * Mozilla's TLS settings, the route table, bodies refused before the app, and a redirect to HTTPS that only
 * ever names the site's own domains. A second, shared file is Caddy's main Caddyfile: the timeouts for slow
 * clients (global options) and the catch-all that refuses names no site serves.
 */
import type { Resolved, ResolvedRoute } from '../appspec/resolve.js';
import { CADDY_DOLLAR_DEFINITION, caddyRegex, caddyString as q, usesCaddyDollar } from './escape.js';
import { securityHeaders } from './headers.js';
import { CLIENT_TIMEOUTS, COMPRESSED_TYPES } from './nginx.js';
import { deniedPaths } from './paths.js';
import { caddyCurves, caddySize, greaterThanPattern, MOZILLA_TLS12_CIPHERS_GO, sizeBytes } from './tls.js';
import { caddyAccessLog } from '../watch/read.js';

/** Where keel's main Caddyfile goes: it imports every site in /etc/caddy/sites/. */
export const CADDY_MAIN = '/etc/caddy/Caddyfile';
/** Caddy reads a whole request body within this (Go's ReadTimeout; Nginx times the gap between reads). */
export const CADDY_READ_BODY = '5m';

function matcher(route: ResolvedRoute): string {
  return route.match === 'exact' ? q(route.base) : route.base === '/' ? '' : q(`${route.base}*`);
}

function encode(): string[] {
  return [
    'encode zstd gzip {',
    '    minimum_length 1024',
    '    match {',
    ...['text/html', ...COMPRESSED_TYPES].map((t) => `        header Content-Type ${t}*`),
    '    }',
    '}',
  ];
}

function proxy(r: Resolved, route: ResolvedRoute): string[] {
  const p = r.spec.proxy;
  const upstream = r.socketPath ? `unix/${r.socketPath}` : r.bind;
  const timeout = route.timeout ?? r.proxyTimeout;
  return [
    ...(p.gzip && p['compress-app'] ? encode() : []),
    `reverse_proxy ${upstream} {`,
    ...(route.buffering ? [] : ['    flush_interval -1']),
    // Caddy replaces X-Forwarded-For with the client's address (no trusted proxies) and sets X-Forwarded-Proto
    // and -Host; these two Nginx sends as well.
    '    header_up X-Real-IP {remote_host}',
    '    header_up X-Request-ID {http.request.uuid}',
    ...(p['cookie-flags']
      ? [
          // Drop the flags the cookie has, then append all three: the same cookie Nginx's proxy_cookie_flags makes.
          `    header_down Set-Cookie ${caddyRegex('(?i)(;\\s*(?:secure|httponly|samesite=[^;]*)\\s*)+(;|$)')} "$2"`,
          '    header_down Set-Cookie "$" "; Secure; HttpOnly; SameSite=Lax"',
        ]
      : []),
    '    transport http {',
    '        dial_timeout 5s',
    `        read_timeout ${timeout}s`,
    `        write_timeout ${timeout}s`,
    '    }',
    '}',
  ];
}

function handle(r: Resolved, route: ResolvedRoute): string[] {
  const p = r.spec.proxy;
  const m = matcher(route);
  const max = route['max-body'] ?? p['max-body'];
  const body: string[] = [
    // A declared body over the limit is refused before the app (Caddy's request_body alone cuts a body only
    // when the app reads it); a body of unknown length is cut at the limit as it streams.
    `@too_big header_regexp Content-Length ${caddyRegex(greaterThanPattern(sizeBytes(max)))}`,
    'error @too_big 413',
    'request_body {',
    `    max_size ${caddySize(max)}`,
    '}',
  ];
  if (route.to === 'deny') body.push('error 404');
  else if (route.to === 'static') {
    if (p.gzip) body.push(...encode());
    body.push(`root * ${q(route.root!)}`, 'header Cache-Control "max-age=604800"');
    body.push(p.gzip ? 'file_server {\n    precompressed gzip\n}' : 'file_server');
  } else body.push(...proxy(r, route));
  const head =
    route.to === 'static' && route.match === 'prefix'
      ? `handle_path ${m} {`
      : m
        ? `handle ${m} {`
        : 'handle {';
  return [head, ...body.flatMap((l) => l.split('\n')).map((l) => `    ${l}`), '}'];
}

function headerBlock(r: Resolved, onError: boolean): string[] {
  return [
    'header {',
    // Applied when the response is written, over whatever the app sent.
    ...(onError ? [] : ['    defer']),
    ...securityHeaders(r).map((h) => `    ${h.fromApp && !onError ? '?' : ''}${h.name} ${q(h.value)}`),
    '    -Server',
    '}',
  ];
}

const indent = (lines: string[]) => lines.map((l) => (l === '' ? '' : `    ${l}`));

export function renderCaddyfile(r: Resolved): string {
  const p = r.spec.proxy;
  const modern = p.tls.profile === 'modern';
  const unlogged = r.routes.filter((x) => !x.log).map(matcher);
  const tls =
    r.tls.mode === 'files'
      ? `tls ${q(r.tls.cert!)} ${q(r.tls.key!)} {`
      : p.email
        ? `tls ${q(p.email)} {`
        : 'tls {';
  const paths = deniedPaths(r);
  const any = (patterns: string[]) => caddyRegex(`(?i)${patterns.map((x) => `(?:${x})`).join('|')}`);
  // Most specific first: Caddy tries `handle` blocks in the order of their matchers' specificity anyway,
  // but writing them that way keeps the file readable.
  const ordered = [...r.routes].sort((a, b) => b.base.length - a.base.length);
  const site = [
    ...indent([
      tls,
      `    # Mozilla server-side TLS 6.0, ${p.tls.profile}, for Caddy ${p.versions.caddy}.`,
      modern ? '    protocols tls1.3' : '    protocols tls1.2 tls1.3',
      ...(modern ? [] : [`    ciphers ${MOZILLA_TLS12_CIPHERS_GO.join(' ')}`]),
      `    curves ${caddyCurves(p.versions.caddy).join(' ')}`,
      '}',
      '',
      '# On every response; the ones Caddy makes itself get them in handle_errors below.',
      ...headerBlock(r, false),
      '',
      // Caddy rolls the log itself (100 MiB, renamed to <name>-<time>.log, same inode); uncompressed, so the
      // watch can finish a rolled file from its offset (a gzip would be a new file); 5 kept: at most 600 MiB.
      `log {`,
      `    output file ${q(caddyAccessLog(r.name))} {`,
      '        roll_size 100MiB',
      '        roll_keep 5',
      '        roll_uncompressed',
      '    }',
      '}',
      ...(unlogged.length ? [`@unlogged path ${unlogged.join(' ')}`, 'skip_log @unlogged'] : []),
      '',
      ...(paths.dotfiles.length
        ? [
            '# Dotfiles under static routes, in any letter case.',
            `@dotfiles path_regexp ${any(paths.dotfiles)}`,
            'handle @dotfiles {',
            '    error 404',
            '}',
          ]
        : []),
      ...(paths.denied.length
        ? [
            '# Deny routes in any letter case, with or without their trailing /, except routes inside them.',
            '@denied {',
            `    path_regexp ${any(paths.denied)}`,
            ...(paths.allowed.length ? [`    not path_regexp ${any(paths.allowed)}`] : []),
            '}',
            'handle @denied {',
            '    error 404',
            '}',
          ]
        : []),
      '',
      ...ordered.flatMap((route) => [...handle(r, route), '']),
      'handle_errors {',
      ...indent(headerBlock(r, true)),
      '    respond "{err.status_code} {err.status_text}"',
      '}',
    ]),
  ];
  const dollar = site.some(usesCaddyDollar)
    ? indent([
        '# Holds a literal dollar sign for values where it follows a brace (Caddy would read an environment variable).',
        CADDY_DOLLAR_DEFINITION,
        '',
      ])
    : [];
  return [
    '# Rendered by keel render-config; edit the spec, not this file.',
    '# Plain HTTP: to HTTPS, for these names only (Caddy answers ACME challenges before this).',
    `${p.domains.map((d) => `http://${d}`).join(', ')} {`,
    '    redir https://{host}{uri} 308',
    '}',
    '',
    `${p.domains.join(', ')} {`,
    ...dollar,
    ...site,
    '}',
    '',
  ]
    .join('\n')
    .replace(/\n\n\n+/g, '\n\n')
    .replace(/\n\n}/g, '\n}');
}

/**
 * Caddy's main file (pure), shared by every keel site on the host: timeouts for slow clients (global options,
 * which a site file cannot set), the catch-all for names no site serves (an unknown SNI finds no certificate
 * and fails the handshake; an unknown Host, over HTTPS or HTTP, gets the connection closed), then the sites.
 */
export function renderCaddyMain(r: Resolved): string {
  // Tabs, as `caddy fmt` writes it: Caddy warns about a main Caddyfile that is not formatted.
  const lines = [
    '# Rendered by keel render-config; every keel site on this host renders the same file. Edit the spec, not this.',
    '{',
    '    servers {',
    '        timeouts {',
    `            read_header ${CLIENT_TIMEOUTS.header}s`,
    `            read_body ${CADDY_READ_BODY}`,
    `            idle ${CLIENT_TIMEOUTS.idle}s`,
    '        }',
    '    }',
    '}',
    '',
    ...(r.spec.proxy['default-server']
      ? [
          '# Requests for names no site here serves: refused.',
          'https:// {',
          '    abort',
          '}',
          'http:// {',
          '    abort',
          '}',
          '',
        ]
      : []),
    'import sites/*.caddy',
    '',
  ];
  return lines.map((l) => l.replace(/^( {4})+/, (m) => '\t'.repeat(m.length / 4))).join('\n');
}
