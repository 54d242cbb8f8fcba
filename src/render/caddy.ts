/**
 * The Caddy site (pure). Caddy redirects HTTP to HTTPS (308) and answers ACME challenges on its own; the site
 * adds what it does not do by default: HSTS and the security headers, Mozilla's TLS settings, the route table.
 */
import type { Resolved, ResolvedRoute } from '../spec/resolve.js';
import { CADDY_DOLLAR_DEFINITION, caddyString as q, usesCaddyDollar } from './escape.js';
import { securityHeaders } from './headers.js';
import { caddySize, MOZILLA_CURVES_GO, MOZILLA_TLS12_CIPHERS_GO } from './tls.js';

function matcher(route: ResolvedRoute): string {
  return route.match === 'exact' ? q(route.base) : route.base === '/' ? '' : q(`${route.base}*`);
}

function proxy(r: Resolved, route: ResolvedRoute): string[] {
  const upstream = r.socketPath ? `unix/${r.socketPath}` : r.bind;
  const timeout = route.timeout ?? r.proxyTimeout;
  return [
    `reverse_proxy ${upstream} {`,
    ...(route.buffering ? [] : ['    flush_interval -1']),
    '    transport http {',
    '        dial_timeout 5s',
    `        read_timeout ${timeout}s`,
    `        write_timeout ${timeout}s`,
    '    }',
    '}',
  ];
}

function handle(r: Resolved, route: ResolvedRoute): string[] {
  const m = matcher(route);
  const body: string[] = [];
  // Per route: an outer request_body would cap every route at the site-wide size.
  body.push(
    'request_body {',
    `    max_size ${caddySize(route['max-body'] ?? r.spec.proxy['max-body'])}`,
    '}',
  );
  if (route.to === 'deny') body.push('respond 404');
  else if (route.to === 'static') body.push(`root * ${q(route.root!)}`, 'file_server');
  else body.push(...proxy(r, route));
  const head =
    route.to === 'static' && route.match === 'prefix'
      ? `handle_path ${m} {`
      : m
        ? `handle ${m} {`
        : 'handle {';
  return [head, ...body.map((l) => `    ${l}`), '}'];
}

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
  const indent = (lines: string[]) => lines.map((l) => (l === '' ? '' : `    ${l}`));
  // Most specific first: Caddy tries `handle` blocks in the order of their matchers' specificity anyway,
  // but writing them that way keeps the file readable.
  const ordered = [...r.routes].sort((a, b) => b.base.length - a.base.length);
  const site = [
    ...indent([
      tls,
      `    # Mozilla server-side TLS 6.0, ${p.tls.profile}.`,
      modern ? '    protocols tls1.3' : '    protocols tls1.2 tls1.3',
      ...(modern ? [] : [`    ciphers ${MOZILLA_TLS12_CIPHERS_GO.join(' ')}`]),
      `    curves ${MOZILLA_CURVES_GO.join(' ')}`,
      '}',
      '',
      'header {',
      ...securityHeaders(r).map(([k, v]) => `    ${k} ${q(v)}`),
      '    -Server',
      '}',
      '',
      ...(p.gzip ? ['encode zstd gzip'] : []),
      '',
      `log {`,
      `    output file ${q(`/var/log/caddy/${r.name}.access.log`)}`,
      '}',
      ...(unlogged.length ? [`@unlogged path ${unlogged.join(' ')}`, 'skip_log @unlogged'] : []),
      '',
      ...ordered.flatMap((route) => [...handle(r, route), '']),
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
    `${p.domains.join(', ')} {`,
    ...dollar,
    ...site,
    '}',
    '',
  ]
    .join('\n')
    .replace(/\n\n}/g, '\n}');
}
