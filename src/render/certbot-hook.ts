/**
 * certbot's renewal deploy hook for one app (pure): certbot renews the certificate files, but Nginx and Caddy
 * keep serving the certificate they loaded until they are reloaded. certbot runs every executable in
 * /etc/letsencrypt/renewal-hooks/deploy/ after each successful renewal, with RENEWED_LINEAGE set to the
 * renewed certificate's live directory; this hook acts only on this app's lineage, checks the proxy's whole
 * configuration first and reloads only when it is valid (a reload of a broken config would fail anyway, and
 * the exit status tells certbot, which logs it, that the new certificate is not being served yet).
 */
import { dirname } from 'node:path';
import { quote } from '../remote/quote.js';
import type { Resolved } from '../appspec/resolve.js';

export function certbotHookPath(r: Resolved): string {
  return `/etc/letsencrypt/renewal-hooks/deploy/keel-${r.name}`;
}

/** The hook's text, or undefined when certbot does not manage this app's certificates. */
export function renderCertbotHook(r: Resolved): string | undefined {
  if (r.tls.mode !== 'certbot' || !r.tls.cert) return undefined;
  const lineage = dirname(r.tls.cert);
  const me = `keel-${r.name}`;
  const nginx = r.spec.proxy.server === 'nginx';
  const check = nginx ? 'nginx -t' : 'caddy validate --adapter caddyfile --config /etc/caddy/Caddyfile';
  const unit = nginx ? 'nginx' : 'caddy';
  return [
    '#!/bin/sh',
    '# Rendered by keel render-config; edit the spec, not this file.',
    `# certbot runs this after each renewal. For ${r.name}'s certificate only: check the ${unit} configuration,`,
    `# then reload ${unit} so it serves the renewed certificate (it keeps the old one until reloaded).`,
    'set -eu',
    '# nginx lives in /usr/sbin, which a PATH without sbin directories lacks.',
    'PATH="${PATH:-}:/usr/sbin:/usr/bin:/sbin:/bin"',
    'export PATH',
    'case "${RENEWED_LINEAGE:-}" in',
    `  ${quote(lineage)}) ;;`,
    '  *) exit 0 ;;',
    'esac',
    `if ! out=$(${check} 2>&1); then`,
    `  printf '%s\\n' ${quote(`${me}: ${check} failed, so ${unit} was NOT reloaded and still serves the previous certificate of ${lineage}:`)} "$out" >&2`,
    '  exit 1',
    'fi',
    `systemctl reload ${unit}`,
    `printf '%s\\n' ${quote(`${me}: reloaded ${unit} for ${lineage}`)}`,
    '',
  ].join('\n');
}
