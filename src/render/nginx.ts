/**
 * The Nginx site (pure): port 80 keeps the ACME challenge path and redirects everything else to HTTPS with
 * 308; port 443 speaks Mozilla's TLS profile, sends HSTS and the security headers on every response (errors
 * included, and never twice), and routes each path of the route table to the app, a static directory, or a
 * 404. A second, shared file is the host's default server: names no site serves are refused there.
 */
import type { Resolved, ResolvedRoute } from '../appspec/resolve.js';
import { nginxDollarDefinition, nginxString, usesNginxDollar } from './escape.js';
import { securityHeaders } from './headers.js';
import { deniedPaths, hostPattern } from './paths.js';
import { MOZILLA_TLS12_CIPHERS, nginxCurves } from './tls.js';
import { SINCE, versionAtLeast } from './versions.js';
import { nginxAccessLog } from '../watch/read.js';

/** What the proxy compresses besides text/html (which Nginx always includes once gzip is on). */
export const COMPRESSED_TYPES = [
  'text/plain',
  'text/css',
  'text/xml',
  'text/javascript',
  'application/javascript',
  'application/json',
  'application/xml',
  'application/rss+xml',
  'image/svg+xml',
];

/** Timeouts for slow clients, the same on the default server and every site (and in Caddy's main file). */
export const CLIENT_TIMEOUTS = { header: 10, body: 60, idle: 65 };

const varName = (r: Resolved, what: string) => `keel_${r.name.replace(/-/g, '_')}_${what}`;

function tlsListen(r: Resolved, port: 80 | 443, def: boolean): string[] {
  const http2on = versionAtLeast(r.spec.proxy.versions.nginx, SINCE.nginxHttp2On);
  const opts = (port === 443 ? ' ssl' : '') + (def ? ' default_server' : '');
  const legacyHttp2 = port === 443 && !http2on ? ' http2' : '';
  return [
    `listen ${port}${opts}${legacyHttp2};`,
    `listen [::]:${port}${opts}${legacyHttp2};`,
    ...(port === 443 && http2on ? ['http2 on;'] : []),
  ];
}

function tlsProtocols(r: Resolved): string[] {
  const p = r.spec.proxy;
  const modern = p.tls.profile === 'modern';
  return [
    `# Mozilla server-side TLS 6.0, ${p.tls.profile}, for OpenSSL ${p.versions.openssl}.`,
    modern ? 'ssl_protocols TLSv1.3;' : 'ssl_protocols TLSv1.2 TLSv1.3;',
    // TLS 1.2 suites even for modern: if another server on :443 lets TLS 1.2 through, it gets only these.
    `ssl_ciphers ${MOZILLA_TLS12_CIPHERS.join(':')};`,
    `ssl_ecdh_curve ${nginxCurves(p.versions.openssl).join(':')};`,
    'ssl_prefer_server_ciphers off;',
  ];
}

const timeouts = () => [
  `client_header_timeout ${CLIENT_TIMEOUTS.header}s;`,
  `client_body_timeout ${CLIENT_TIMEOUTS.body}s;`,
  `keepalive_timeout ${CLIENT_TIMEOUTS.idle}s;`,
];

const indent = (lines: string[]) => lines.map((l) => (l === '' ? '' : `    ${l}`));

function location(r: Resolved, route: ResolvedRoute, upstream: string): string[] {
  const q = (v: string) => nginxString(v, { app: r.name });
  const p = r.spec.proxy;
  // A location's path is literal text (no variables): `$` in it stays as it is.
  const path = nginxString(route.base, false);
  const head =
    route.base === '/' && route.match === 'prefix'
      ? 'location / {'
      : route.match === 'exact'
        ? `location = ${path} {`
        : `location ^~ ${path} {`;
  const body: string[] = [];
  if (!route.log) body.push('access_log off;');
  if (route['max-body']) body.push(`client_max_body_size ${route['max-body']};`);
  if (route.to === 'deny') {
    body.push('return 404;');
  } else if (route.to === 'static') {
    body.push(`alias ${q(route.root!.replace(/\/?$/, '/'))};`, 'expires 7d;', 'try_files $uri =404;');
    // Static files are compressed (precompressed .gz first); nothing in them is a per-user secret.
    if (p.gzip) body.push('gzip on;', 'gzip_static on;');
  } else {
    if (route.timeout)
      body.push(`proxy_read_timeout ${route.timeout}s;`, `proxy_send_timeout ${route.timeout}s;`);
    if (!route.buffering) body.push('proxy_buffering off;', 'proxy_request_buffering off;');
    body.push(`proxy_pass http://${upstream};`);
  }
  return [head, ...indent(body), '}'];
}

function headerLines(r: Resolved): { maps: string[]; lines: string[] } {
  const q = (v: string) => nginxString(v, { app: r.name });
  const maps: string[] = [];
  const lines: string[] = [];
  for (const h of securityHeaders(r)) {
    if (h.fromApp) {
      // The app's own value wins; the spec's is sent only when the app sent none (or on Nginx's own responses).
      const v = varName(r, h.name.toLowerCase().replace(/-/g, '_'));
      maps.push(
        `map $upstream_http_${h.name.toLowerCase().replace(/-/g, '_')} $${v} {`,
        `    "" ${q(h.value)};`,
        '    default "";',
        '}',
      );
      lines.push(`add_header ${h.name} $${v} always;`);
    } else {
      // The spec's value replaces the app's: one header, never two that disagree.
      lines.push(`proxy_hide_header ${h.name};`, `add_header ${h.name} ${q(h.value)} always;`);
    }
  }
  return { maps, lines };
}

export function renderNginx(r: Resolved): string {
  const q = (v: string) => nginxString(v, { app: r.name });
  const p = r.spec.proxy;
  const upstream = `${r.name.replace(/-/g, '_')}_app`;
  const names = p.domains.join(' ');
  const server = r.socketPath ? `unix:${r.socketPath}` : r.bind;
  const paths = deniedPaths(r);
  const mapped: [string, 0 | 1][] = [
    ...paths.dotfiles.map((d) => [d, 1] as [string, 1]),
    ...paths.allowed.map((d) => [d, 0] as [string, 0]),
    ...paths.denied.map((d) => [d, 1] as [string, 1]),
  ];
  const deniedVar = varName(r, 'denied');
  const hosts = nginxString(hostPattern(p.domains), false);
  const headers = headerLines(r);
  const compressApp = p.gzip && p['compress-app'];
  const logFormat = `keel_${r.name.replace(/-/g, '_')}`;
  const body = [
    "# The access log keel's watch reads (one JSON object a line; $uri, never the query string, which can hold secrets).",
    `log_format ${logFormat} escape=json '{"t":$msec,"s":$status,"rt":$request_time,"ut":"$upstream_response_time","m":"$request_method","u":"$uri","ua":"$http_user_agent"}';`,
    '',
    `upstream ${upstream} {`,
    `    server ${server} fail_timeout=0;`,
    ...(p['upstream-keepalive'] > 0 ? [`    keepalive ${p['upstream-keepalive']};`] : []),
    '}',
    '',
    ...(mapped.length
      ? [
          '# Paths no request reaches, in any letter case: dotfiles under static routes, and deny routes (with or',
          '# without their trailing /) except the routes the spec sends elsewhere inside them. First match wins.',
          `map $uri $${deniedVar} {`,
          '    default 0;',
          ...mapped.map(([d, v]) => `    ${nginxString(`~*${d}`, false)} ${v};`),
          '}',
          '',
        ]
      : []),
    ...headers.maps,
    '',
    'server {',
    ...indent([
      ...tlsListen(r, 80, false),
      `server_name ${names};`,
      'server_tokens off;',
      '# Only ever redirects to its own names (a request for another reaches this server only if it is the default).',
      `if ($host !~* ${hosts}) {`,
      '    return 444;',
      '}',
      '',
      '# certbot --webroot answers its challenges from here; everything else goes to HTTPS.',
      'location ^~ /.well-known/acme-challenge/ {',
      `    root ${q(p['acme-webroot'])};`,
      '    default_type text/plain;',
      '}',
      'location / {',
      '    return 308 https://$host$request_uri;',
      '}',
    ]),
    '}',
    '',
    'server {',
    ...indent([
      ...tlsListen(r, 443, false),
      `server_name ${names};`,
      'server_tokens off;',
      `if ($host !~* ${hosts}) {`,
      '    return 444;',
      '}',
      ...(mapped.length ? [`if ($${deniedVar}) {`, '    return 404;', '}'] : []),
      '',
      `access_log ${nginxAccessLog(r.name)} ${logFormat};`,
      '',
      `ssl_certificate ${q(r.tls.cert!)};`,
      `ssl_certificate_key ${q(r.tls.key!)};`,
      ...tlsProtocols(r),
      'ssl_session_timeout 1d;',
      `ssl_session_cache shared:${upstream}_tls:10m;`,
      'ssl_session_tickets off;',
      ...(p.tls['ocsp-stapling'] ? ['ssl_stapling on;', 'ssl_stapling_verify on;'] : []),
      '',
      '# On every response, errors included.',
      ...headers.lines,
      ...(p['cookie-flags'] ? ['proxy_cookie_flags ~ secure httponly samesite=lax;'] : []),
      '',
      `client_max_body_size ${p['max-body']};`,
      ...timeouts(),
      '',
      compressApp
        ? "# The app's responses are compressed (proxy.compress-app): see BREACH on keel's render-config page."
        : "# The app's responses are not compressed here: a compressed page that carries a secret leaks it (BREACH).",
      `gzip ${compressApp ? 'on' : 'off'};`,
      ...(p.gzip
        ? [
            'gzip_vary on;',
            'gzip_proxied any;',
            'gzip_min_length 1024;',
            `gzip_types ${COMPRESSED_TYPES.join(' ')};`,
          ]
        : []),
      '',
      'proxy_http_version 1.1;',
      'proxy_set_header Connection "";',
      'proxy_set_header Host $host;',
      '# nginx is the edge: it states the client address instead of passing on whatever the client claimed.',
      'proxy_set_header X-Forwarded-For $remote_addr;',
      'proxy_set_header X-Real-IP $remote_addr;',
      'proxy_set_header X-Forwarded-Proto $scheme;',
      'proxy_set_header X-Forwarded-Host $host;',
      'proxy_set_header X-Request-ID $request_id;',
      'proxy_connect_timeout 5s;',
      `proxy_read_timeout ${r.proxyTimeout}s;`,
      `proxy_send_timeout ${r.proxyTimeout}s;`,
      'proxy_redirect off;',
      '',
      ...r.routes.flatMap((route) => [...location(r, route, upstream), '']),
    ]),
    '}',
    '',
  ]
    .join('\n')
    .replace(/\n\n\n+/g, '\n\n')
    .replace(/\n\n}/g, '\n}');
  const head = ['# Rendered by keel render-config; edit the spec, not this file.'];
  if (usesNginxDollar(body, r.name))
    head.push(
      '# Holds a literal $ for the strings below (Nginx has no escape for it).',
      nginxDollarDefinition(r.name),
      '',
    );
  return `${head.join('\n')}\n${body}`;
}

/** Where the shared default server goes (one per host, whatever the number of keel apps). */
export const NGINX_DEFAULT_SERVER = '/etc/nginx/sites-available/keel-default.conf';

/**
 * The host's default server (pure): a request for a name no site serves gets the connection closed (444) and a
 * TLS handshake for an unknown name is refused, so no app ever sees a foreign Host and no certificate is shown
 * to a scanner asking for another name. Nginx takes the TLS protocol versions and key exchange groups for
 * every site on :443 from this server, so it carries the profile's.
 */
export function renderNginxDefault(r: Resolved): string {
  return [
    '# Rendered by keel render-config; every keel site on this host renders the same file. Edit the spec, not this.',
    '# The default server: requests and TLS handshakes for names no site here serves are refused.',
    'server {',
    ...indent([
      ...tlsListen(r, 80, true),
      'server_name _;',
      'server_tokens off;',
      ...timeouts(),
      'return 444;',
    ]),
    '}',
    '',
    'server {',
    ...indent([
      ...tlsListen(r, 443, true),
      'server_name _;',
      'server_tokens off;',
      'ssl_reject_handshake on;',
      '# Nginx negotiates the protocol version for every site on :443 with these settings.',
      ...tlsProtocols(r),
      ...timeouts(),
      'return 444;',
    ]),
    '}',
    '',
  ].join('\n');
}
