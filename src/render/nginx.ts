/**
 * The Nginx site (pure): port 80 keeps the ACME challenge path and redirects everything else to HTTPS with
 * 308; port 443 speaks Mozilla-intermediate (or modern) TLS, sends HSTS and the security headers on every
 * response, and routes each path of the route table to the app, a static directory, or a 404.
 */
import type { Resolved, ResolvedRoute } from '../spec/resolve.js';
import { nginxDollarDefinition, nginxString, usesNginxDollar } from './escape.js';
import { securityHeaders } from './headers.js';
import { MOZILLA_CURVES, MOZILLA_TLS12_CIPHERS } from './tls.js';
const GZIP_TYPES =
  'text/plain text/css text/xml text/javascript application/javascript application/json application/xml application/rss+xml image/svg+xml';

function location(r: Resolved, route: ResolvedRoute, upstream: string): string[] {
  const q = (v: string) => nginxString(v, { app: r.name });
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
  } else {
    if (route.timeout)
      body.push(`proxy_read_timeout ${route.timeout}s;`, `proxy_send_timeout ${route.timeout}s;`);
    if (!route.buffering) body.push('proxy_buffering off;', 'proxy_request_buffering off;');
    body.push(`proxy_pass http://${upstream};`);
  }
  return [head, ...body.map((l) => `    ${l}`), '}'];
}

export function renderNginx(r: Resolved): string {
  const q = (v: string) => nginxString(v, { app: r.name });
  const p = r.spec.proxy;
  const upstream = `${r.name.replace(/-/g, '_')}_app`;
  const names = p.domains.join(' ');
  const modern = p.tls.profile === 'modern';
  const server = r.socketPath ? `unix:${r.socketPath}` : r.bind;
  const indent = (lines: string[]) => lines.map((l) => (l === '' ? '' : `    ${l}`));
  const body = [
    `upstream ${upstream} {`,
    `    server ${server} fail_timeout=0;`,
    ...(p['upstream-keepalive'] > 0 ? [`    keepalive ${p['upstream-keepalive']};`] : []),
    '}',
    '',
    'server {',
    ...indent([
      'listen 80;',
      'listen [::]:80;',
      `server_name ${names};`,
      'server_tokens off;',
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
      'listen 443 ssl http2;',
      'listen [::]:443 ssl http2;',
      `server_name ${names};`,
      'server_tokens off;',
      '',
      `ssl_certificate ${q(r.tls.cert!)};`,
      `ssl_certificate_key ${q(r.tls.key!)};`,
      `# Mozilla server-side TLS 6.0, ${p.tls.profile}.`,
      modern ? 'ssl_protocols TLSv1.3;' : 'ssl_protocols TLSv1.2 TLSv1.3;',
      ...(modern ? [] : [`ssl_ciphers ${MOZILLA_TLS12_CIPHERS.join(':')};`]),
      `ssl_ecdh_curve ${MOZILLA_CURVES.join(':')};`,
      'ssl_prefer_server_ciphers off;',
      'ssl_session_timeout 1d;',
      `ssl_session_cache shared:${upstream}_tls:10m;`,
      'ssl_session_tickets off;',
      ...(p.tls['ocsp-stapling'] ? ['ssl_stapling on;', 'ssl_stapling_verify on;'] : []),
      '',
      '# On every response, errors included.',
      ...securityHeaders(r).map(([k, v]) => `add_header ${k} ${q(v)} always;`),
      '',
      `client_max_body_size ${p['max-body']};`,
      ...(p.gzip
        ? [
            'gzip on;',
            'gzip_vary on;',
            'gzip_proxied any;',
            'gzip_min_length 1024;',
            `gzip_types ${GZIP_TYPES};`,
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
