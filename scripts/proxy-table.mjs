#!/usr/bin/env node
// Puts the proxy-edges table the host suite wrote (.keel/proxy-edges.md, from __tests__/hosts/proxy-edges.test.ts)
// into actions/render-config/README.md between its markers, with the date of the run. Run after the host tests:
//   node scripts/proxy-table.mjs
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, '.keel/proxy-edges.md');
const table = readFileSync(source, 'utf8').trim();
const when = statSync(source).mtime.toISOString().slice(0, 10);
const readme = join(root, 'actions/render-config/README.md');
const text = readFileSync(readme, 'utf8');
const start = '<!-- keel:proxy-edges -->';
const end = '<!-- /keel:proxy-edges -->';
const a = text.indexOf(start);
const b = text.indexOf(end);
if (a < 0 || b < a) {
  console.error(`${readme} has no ${start} … ${end} section`);
  process.exit(1);
}
const block = `${start}\n_Measured by \`__tests__/hosts/proxy-edges.test.ts\` on ${when}: Nginx 1.22 and Caddy 2.6 from Debian 12, curl and OpenSSL 3.0 as the client._\n\n${table}\n${end}`;
writeFileSync(readme, text.slice(0, a) + block + text.slice(b + end.length));
console.log(
  `actions/render-config/README.md: proxy-edges table from ${when} (${table.split('\n').length - 2} rows)`,
);
