#!/usr/bin/env node
// keel's benchmark: keel side by side with what users would do instead, in one run, on local test hosts built
// here, reported as ratios of medians (issue #9). It reports; it asserts nothing.
//   1. first deploy of a ~3,000-file release to one host vs `tar cz | ssh tar xz` (and `tar --zstd`, `scp -r`)
//   2. redeploy with 1% of the files changed, and with nothing changed, vs `rsync -az --link-dest`
//      (1 and 2 also over an emulated 40 ms round trip: scripts/bench/relay.mjs; KEEL_BENCH_WAN_MS one way)
//   3. fleet: the same deploy to 1, 2, 4 and 8 hosts, and `tar --zstd` once + `ssh tar -x` to as many in parallel
//   4. zero downtime: 3 reloads under constant load (wrk), keel systemd and usr2 vs `systemctl restart`
//   5. backup: PostgreSQL ~100 MB and ~1 GB over SSH vs `ssh host pg_dump -Fc > file`, and keel's peak memory
//   6. each action bundle's cold start (and each post step with nothing to do) over bare Node, and dist's size
//   7. smoke-check of 20 endpoints with TLS and header checks vs curl one by one
//   8. a rolling reload under keel's own load probe (50 requests/s through Nginx), the demo's setting
//   9. the watch's log reader over 5 minutes of a log at 500 requests/s vs awk counting the same file
// Writes bench/results/latest.json and bench/results/latest.md. KEEL_BENCH_CASES=1,2,6 runs some cases only,
// into bench/results/cases-1-2-6.{json,md} (not committed).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { backups } from './bench/backup.mjs';
import { deploys, fleet } from './bench/deploy.mjs';
import { hostctl, machine, ratio, root, RUNS } from './bench/lib.mjs';
import { zeroDowntime } from './bench/reload.mjs';
import { PROBE_GOALS, reloadUnderProbe } from './bench/reload-probe.mjs';
import { smoke } from './bench/smoke.mjs';
import { coldStart } from './bench/startup.mjs';
import { watchCase, watchTable } from './bench/watch.mjs';

const only = process.env.KEEL_BENCH_CASES?.split(',').map(Number);
const want = (n) => !only || only.includes(n);
const result = { machine: machine(), runs: RUNS };
if (want(6)) result.startup = coldStart();
if (want(9)) result.watch = await watchCase(RUNS);
if ([1, 2, 3, 4, 5, 7, 8].some(want)) {
  execFileSync(hostctl, ['up', '--plain', '8', '--systemd'], { stdio: 'inherit' });
  try {
    if (want(1) || want(2)) result.deploy = await deploys();
    if (want(3)) result.fleet = await fleet();
    if (want(4)) result.zeroDowntime = await zeroDowntime();
    if (want(5)) result.backup = await backups();
    if (want(7)) result.smoke = await smoke();
    if (want(8)) result.reloadProbe = await reloadUnderProbe();
  } finally {
    execFileSync(hostctl, ['down'], { stdio: 'inherit' });
  }
}

/**
 * Where each keel deploy's time goes, as keel itself measured it (ms, medians), and the SSH channels (round
 * trips) it opened on the host, counted by keel's SSH layer. Phases overlap where keel overlaps them (connect
 * runs during walk/hash), so they need not add up to the wall time.
 */
function phaseTable(cases) {
  const names = [...new Set(cases.flatMap(([, c]) => Object.keys(c.phases ?? {})))];
  if (names.length === 0) return [];
  return [
    'Per phase (ms, as keel measured them; `connect` overlaps `walk/hash`), and the SSH channels each deploy opened:',
    '',
    `| case | wall | ${names.join(' | ')} | SSH channels |`,
    `| --- | --- | ${names.map(() => '---').join(' | ')} | --- |`,
    ...cases.map(
      ([name, c]) =>
        `| ${name} | ${c.keelMs ?? c.medianMs} | ${names.map((n) => c.phases?.[n] ?? '-').join(' | ')} | ${c.channels ?? '-'} |`,
    ),
    '',
  ];
}

const goal = (ok, text) => `${text} ${ok ? '**met**' : '**not met**'}`;
const mib = (b) => `${(b / 2 ** 20).toFixed(0)} MiB`;
const m = result.machine;
const md = [
  `# keel benchmark (${m.date.slice(0, 10)}; ${m.cpus} cores ${m.cpu}, ${m.memoryGiB} GiB; Node ${m.node}; medians of ${RUNS} runs)`,
  '',
  'Every host is a local test host (network namespace or systemd-nspawn container) reached over real SSH; every keel',
  'figure is a committed action bundle run as the runner runs it (main and post steps, `keel act`).',
  '',
];
const d = result.deploy;
if (d)
  md.push(
    `## Deploys (cases 1, 2)`,
    '',
    `Release tree: ${d.tree.files} files, ${mib(d.tree.bytes)} (Python modules, static assets, 4 × 8 MiB model files); one host.`,
    '',
    '| case | keel | reference | ratio | goal |',
    '| --- | --- | --- | --- | --- |',
    `| first deploy | ${d.first.keelMs} ms | best of \`rsync -az\` ${d.first.rsyncMs} ms and \`tar --zstd \\| ssh tar --zstd -x\` ${d.first.tarZstdOverSshMs} ms | ${d.first.ratioVsBest}× | ${goal(d.first.ratioVsBest <= 1, '≤ 1.0×')} |`,
    `| first deploy | ${d.first.keelMs} ms | \`tar cz \\| ssh tar xz\` ${d.first.tarOverSshMs} ms | ${d.first.ratioVsTar}× | - |`,
    `| first deploy | ${d.first.keelMs} ms | \`scp -r\` ${d.first.scpMs} ms | ${d.first.ratioVsScp}× | - |`,
    `| redeploy, 1% changed | ${d.redeploy.keelMs} ms | \`rsync -az --link-dest\` ${d.redeploy.rsyncMs} ms | ${d.redeploy.ratioVsRsync}× | ${goal(d.redeploy.ratioVsRsync <= 1, '≤ 1.0×')} |`,
    `| redeploy, nothing changed | ${d.unchanged.keelMs} ms | \`rsync -az --link-dest\` ${d.unchanged.rsyncMs} ms | ${d.unchanged.ratioVsRsync}× | ${goal(d.unchanged.ratioVsRsync <= 1, '≤ 1.0×')} |`,
    '',
    ...phaseTable([
      ['first deploy', d.first],
      ['redeploy, 1% changed', d.redeploy],
      ['redeploy, nothing changed', d.unchanged],
    ]),
  );
/** KEEL_BENCH_BASELINE: the other bundle beside this one, in the same iterations (deploy.mjs). */
function baselineTable(rows) {
  if (!rows.some(([, c]) => c.baseline)) return [];
  return [
    `Before/after in the same run, in turns (the baseline: \`${process.env.KEEL_BENCH_BASELINE}\`):`,
    '',
    '| case | before | SSH channels before | after | SSH channels after | after / before |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      ([name, c]) =>
        `| ${name} | ${c.baseline.keelMs} ms | ${c.baseline.channels ?? '-'} | ${c.keelMs} ms | ${c.channels ?? '-'} | ${ratio(c.keelMs, c.baseline.keelMs)}× |`,
    ),
    '',
  ];
}
if (d)
  md.push(
    ...baselineTable([
      ['first deploy', d.first],
      ['redeploy, 1% changed', d.redeploy],
      ['redeploy, nothing changed', d.unchanged],
    ]),
  );
const w = d?.wan;
if (w)
  md.push(
    `## Deploys over a ${w.rttMs} ms round trip (cases 1, 2, WAN)`,
    '',
    `The same cases through a latency relay (scripts/bench/relay.mjs, a process of its own): every chunk held ${w.rttMs / 2} ms in each direction, in order; no bandwidth limit, no loss; TCP's windows stay local (the relay reads at once), so what waits is every exchange above TCP (SSH's handshake, channel opens, requests and exit statuses, SSH's channel windows, rsync's protocol). keel and the references go through the same relay, host keys verified (\`[127.0.0.1]:port\` with the host's real keys). \`ssh host true\`: ${w.sshTrueMs} ms through the relay, ${w.sshTrueLocalMs} ms direct.`,
    '',
    '| case | keel | SSH channels | reference | ratio | goal |',
    '| --- | --- | --- | --- | --- | --- |',
    `| first deploy | ${w.first.keelMs} ms | ${w.first.channels ?? '-'} | best of \`rsync -az\` ${w.first.rsyncMs} ms and \`tar --zstd \\| ssh tar --zstd -x\` ${w.first.tarZstdOverSshMs} ms | ${w.first.ratioVsBest}× | ${goal(w.first.ratioVsBest <= 1, '≤ 1.0×')} |`,
    `| redeploy, 1% changed | ${w.redeploy.keelMs} ms | ${w.redeploy.channels ?? '-'} | \`rsync -az --link-dest\` ${w.redeploy.rsyncMs} ms | ${w.redeploy.ratioVsRsync}× | ${goal(w.redeploy.ratioVsRsync <= 1, '≤ 1.0×')} |`,
    `| redeploy, nothing changed | ${w.unchanged.keelMs} ms | ${w.unchanged.channels ?? '-'} | \`rsync -az --link-dest\` ${w.unchanged.rsyncMs} ms | ${w.unchanged.ratioVsRsync}× | ${goal(w.unchanged.ratioVsRsync <= 1, '≤ 1.0×')} |`,
    '',
    ...phaseTable([
      ['first deploy', w.first],
      ['redeploy, 1% changed', w.redeploy],
      ['redeploy, nothing changed', w.unchanged],
    ]),
    ...baselineTable([
      ['first deploy', w.first],
      ['redeploy, 1% changed', w.redeploy],
      ['redeploy, nothing changed', w.unchanged],
    ]),
  );
const f = result.fleet;
if (f) {
  const last = f.rows[f.rows.length - 1];
  md.push(
    '## Fleet (case 3): the first deploy to N hosts in one step',
    '',
    'Reference: the tree packed once (`tar --zstd`) and sent to every host at once by OpenSSH (`ssh host tar --zstd -x`, in parallel), from the packing to the last exit.',
    '',
    '| hosts | keel | vs 1 host | reference (`tar --zstd` once, `ssh` × N in parallel) | reference vs 1 host | keel vs reference |',
    '| --- | --- | --- | --- | --- | --- |',
    ...f.rows.map(
      (r) =>
        `| ${r.hosts} | ${r.medianMs} ms | ${r.vsOneHost}× | ${r.nativeMs ?? '-'} ms | ${r.nativeVsOneHost ?? '-'}× | ${r.vsNative ?? '-'}× |`,
    ),
    '',
    `Goal: ${last.hosts} hosts ≤ 1.5× one host: ${goal(last.vsOneHost <= 1.5, `${last.vsOneHost}×`)} (the native reference on this machine: ${last.nativeVsOneHost}×).`,
    '',
    ...phaseTable(f.rows.map((r) => [`${r.hosts} host(s), first host`, r])),
  );
}
const z = result.zeroDowntime;
if (z)
  md.push(
    `## Zero downtime (case 4): 3 reloads under constant load`,
    '',
    `wrk, ${z.connections} connections, a new connection per request, ${z.seconds} s per run; p99 against the same load without reloads.`,
    '',
    '| reload | requests | failed | p50 ms | p99 ms | steady p99 ms | p99 vs steady | goal: 0 failed, p99 ≤ 2× steady |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...z.rows.map(
      (r) =>
        `| ${r.name} | ${r.requests} | ${r.failed} | ${r.p50Ms} | ${r.p99Ms} | ${r.steadyP99Ms} | ${r.p99VsSteady}× | ${r.name.startsWith('keel') ? goal(r.failed === 0 && r.p99VsSteady <= 2 && r.requests >= 20000, '') : 'reference'} |`,
    ),
    '',
  );
const b = result.backup;
if (b)
  md.push(
    '## Backup (case 5): PostgreSQL over SSH',
    '',
    'keel: `pg_dump -Fc -Z0 | zstd` on the server, sha256 and a file on the runner, then read back with `pg_restore --list`. Reference: `ssh host pg_dump -Fc > file`.',
    '',
    '| database | size | keel | reference | throughput ratio | keel peak RSS | goal: ≤ 150 MB; ≥ 1.5× at 1 GB (#16), else ≥ 0.9× |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...b.rows.map(
      (r) =>
        `| ${r.database} | ${mib(r.sizeBytes)} | ${r.keelMs} ms (${r.keelMiBps} MiB/s, ${mib(r.keelBytes)}) | ${r.referenceMs} ms (${r.referenceMiBps} MiB/s, ${mib(r.referenceBytes)}) | ${r.throughputRatio}× | ${r.keelPeakRssMiB} MiB | ${goal(r.throughputRatio >= (r.sizeBytes >= 2 ** 30 ? 1.5 : 0.9) && r.keelPeakRssMiB <= 150, '')} |`,
    ),
    '',
  );
const s = result.startup;
if (s)
  md.push(
    '## Action start-up (case 6)',
    '',
    `Cold start to exit, Node 24, medians of ${s.rounds} interleaved rounds: each action without inputs (to its first error), each post step with nothing to do; bare \`node -e 0\`: ${s.nodeBaselineMs} ms; dist: ${(s.distBytes / 2 ** 20).toFixed(1)} MiB.`,
    '',
    '| entry | median | over `node -e 0` | ratio | goal ≤ 150 ms over |',
    '| --- | --- | --- | --- | --- |',
    ...s.rows.map(
      (r) =>
        `| ${r.action} | ${r.medianMs} ms | +${r.overNodeMs} ms | ${r.ratio}× | ${goal(r.overNodeMs <= 150, '')} |`,
    ),
    '',
  );
const k = result.smoke;
if (k)
  md.push(
    '## smoke-check (case 7)',
    '',
    `${k.endpoints} endpoints through Nginx over TLS: keel smoke-check (plus TLS protocol, certificate and header checks) ${k.keelMs} ms; \`curl\` one by one (status only) ${k.curlMs} ms: ${k.ratioVsCurl}×.`,
    '',
  );
const q = result.reloadProbe;
if (q)
  md.push(
    "## Reload under keel's own load probe (case 8)",
    '',
    `The demo's setting: the sample app (examples/keel.yml, ${q.workers} workers) behind Nginx with TLS on the systemd host; reload-graceful \`rolling\` onto r2 with \`load-url\` through Nginx at ${q.rate} requests/s, \`load-window: ${q.window}\`. Step: ${q.conclusion}${q.problem ? ` (${q.problem})` : ''}.`,
    '',
    '| figure | measured | goal |',
    '| --- | --- | --- |',
    `| failed requests | ${q.failed} of ${q.sent} | ${goal(q.failed === PROBE_GOALS.failed, '0')} |`,
    `| held back | ${q.heldBack} of ${q.scheduled} (late ${q.late}, capped ${q.capped}) | ${goal(q.heldBack === PROBE_GOALS.heldBack, '0')} |`,
    `| p99 during / before | ${q.p99During} / ${q.p99Before} ms = ${q.p99Ratio}× | ${goal(q.p99Ratio !== null && q.p99Ratio <= PROBE_GOALS.p99Ratio, '≤ 2×')} |`,
    `| reload duration | ${q.reloadS} s (workers' boot ${q.workers} × ${q.workerBootMs} ms + 10 s = ${q.bootBudgetS} s) | ${goal(q.reloadS <= q.bootBudgetS, '≤ boot + 10 s')} |`,
    `| action peak RSS | ${q.peakRssMiB} MiB | ${goal(q.peakRssMiB <= PROBE_GOALS.rssMiB, '≤ 200 MiB')} |`,
    `| probe CPU per request | ${q.cpuMsPerRequestBefore} ms alone, ${q.cpuMsPerRequestDuring} ms during the reload | reported |`,
    '',
  );
if (result.watch) md.push(watchTable(result.watch).replace(/^### /, '## '), '');
// A run of some cases only does not replace the published full run.
const name = only ? `cases-${only.join('-')}` : 'latest';
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, `bench/results/${name}.json`), JSON.stringify(result, null, 2) + '\n');
writeFileSync(join(root, `bench/results/${name}.md`), md.join('\n'));
process.stdout.write(md.join('\n'));
