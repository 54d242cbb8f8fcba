#!/usr/bin/env node
// The demo's closing table: one line per step it ran (from `keel act --outputs-file`), with the figures a person
// looks for: what was deployed where, the grade, the version served, failed requests under load, the backup.
//   node scripts/demo-summary.mjs STEPS_DIR
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
const rows = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => {
    const { conclusion, outputs: o } = JSON.parse(readFileSync(join(dir, f), 'utf8'));
    const label = readFileSync(join(dir, f.replace(/\.json$/, '.label')), 'utf8').trim();
    return [label, conclusion === 'success' ? 'pass' : 'FAIL', figures(o)];
  });

function figures(o) {
  const parts = [];
  if (o.stages) {
    // The root action: each stage, then what the reload's load probe and the smoke-check saw.
    parts.push(
      JSON.parse(o.stages)
        .map((s) => `${s.name} ${s.result}`)
        .join(', '),
    );
    if (o['load-requests'])
      parts.push(
        `load: ${o['load-failed']} of ${o['load-requests']} requests failed, ${o['load-held-back'] || 0} held back`,
      );
    if (o.version) parts.push(`serving ${o.version}, grade ${o.grade}`);
  } else if (o.files) {
    const plan = o.plan ? JSON.parse(o.plan) : [];
    parts.push(`${JSON.parse(o.files).length} files`, `${o.proxy}, ${o.service}`);
    if (plan.length)
      parts.push(`plan: ${o.changed === 'true' ? 'changes' : 'nothing to change'} on ${plan.length} host(s)`);
  } else if (o['release-id']) {
    parts.push(`${o['release-id']} live${o['previous-release'] ? ` (was ${o['previous-release']})` : ''}`);
    if (o['uploaded-bytes']) parts.push(`${(Number(o['uploaded-bytes']) / 1024).toFixed(0)} KiB sent`);
  } else if (o.hosts) {
    const hosts = JSON.parse(o.hosts);
    parts.push(`${hosts.filter((h) => h.ok).length}/${hosts.length} hosts ready`);
  } else if (o.grade) {
    parts.push(`version ${o.version}, grade ${o.grade}, certificate ${o['cert-days-left']} days left`);
  } else if (o.rows && o.sha256) {
    const rows = JSON.parse(o.rows);
    parts.push(
      `${o.file}, ${(Number(o.size) / 1024).toFixed(0)} KiB, sha256 ${o.sha256.slice(0, 12)}…`,
      `restore test: ${rows.map((r) => `${r.table} ${r.rows} rows`).join(', ')}`,
    );
  } else if (o.worker) parts.push(o.worker);
  else if (o['age-hours']) parts.push(`newest verified backup ${o.file}, ${o['age-hours']} h old`);
  return parts.join('; ') || '-';
}

const width = (i) => Math.max(...rows.map((r) => r[i].length), ['step', 'result'][i].length);
const line = (r) => `  ${r[0].padEnd(width(0))}  ${r[1].padEnd(width(1))}  ${r[2]}`;
console.log(line(['step', 'result', 'figures']));
for (const r of rows) console.log(line(r));
const failed = rows.filter((r) => r[1] !== 'pass').length;
console.log(`\n${rows.length - failed} of ${rows.length} steps passed`);
process.exit(failed ? 1 : 0);
