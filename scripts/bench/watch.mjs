// Case 9: the watch's log reader at the limit (#19): 5 minutes of an access log at 500 requests/s
// (150,000 lines in keel's Nginx JSON format, routes, 1% 5xx, some bots and health checks), read and aggregated
// by the same command the watch runs on a host (bash, tail, python3), against `awk` merely counting requests and
// 5xx per minute over the same file. CPU is the child's user+sys time (getrusage), as a share of one core over
// the 5 minutes the log covers. Goal: under 2% of one core.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, root } from './lib.mjs';

export const WATCH_RATE = 500;
export const WATCH_SECONDS = 300;
export const WATCH_GOAL_PCT = 2;

function makeLog(file, t0) {
  const routes = ['/', '/api/orders', '/api/checkout', '/ai/answer', '/static/app.css', '/healthz'];
  const lines = [];
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < WATCH_RATE * WATCH_SECONDS; i++) {
    const t = t0 + i / WATCH_RATE;
    const u = routes[Math.floor(rnd() * routes.length)];
    const s = rnd() < 0.01 ? 502 : 200;
    const rt = (0.005 + rnd() * (u === '/ai/answer' ? 1.5 : 0.08)).toFixed(3);
    const ua = rnd() < 0.02 ? 'Googlebot/2.1' : 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0';
    lines.push(`{"t":${t.toFixed(3)},"s":${s},"rt":${rt},"ut":"${rt}","m":"GET","u":"${u}","ua":"${ua}"}`);
  }
  writeFileSync(file, lines.join('\n') + '\n');
}

/** Runs `cmd` under bash and returns the CPU seconds it and its children used (from /usr/bin/time). */
function cpuOf(script) {
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S %M', 'bash', '-c', script], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`watch bench: ${r.stderr.slice(-400)}`);
  const [user, sys, maxKb] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { cpu: user + sys, maxRssMiB: maxKb / 1024, stdout: r.stdout };
}

export async function watchCase(runs = 3) {
  const { watchReadCommand } = await import(join(root, 'dist/index.js'));
  const dir = mkdtempSync(join(tmpdir(), 'keel-bench-watch-'));
  try {
    const file = join(dir, 'shop.access.log');
    const t0 = 1_800_000_000;
    makeLog(file, t0);
    const cmd = await watchReadCommand(file, {
      from: t0,
      to: t0 + WATCH_SECONDS,
      bucket: 60,
      routes: [
        ['/static/', false, false],
        ['/ai/', false, true],
        ['/api/', false, true],
        ['/', false, true],
      ],
      health: ['/healthz', '/readyz', '/version'],
    });
    const awk = `awk -F'"s":' '{ split($2, a, ","); split($0, t, "\\"t\\":"); m = int(t[2] / 60); n[m]++; if (a[1] >= 500) e[m]++ } END { for (k in n) print k, n[k], e[k] + 0 }' ${JSON.stringify(file)}`;
    const keel = [];
    const ref = [];
    let lines = 0;
    let rss = 0;
    for (let i = 0; i < runs; i++) {
      const k = cpuOf(cmd);
      const agg = JSON.parse(k.stdout.trim().split('\n')[1]);
      lines = agg.stats.lines;
      rss = Math.max(rss, k.maxRssMiB);
      keel.push(k.cpu);
      ref.push(cpuOf(awk).cpu);
    }
    if (lines !== WATCH_RATE * WATCH_SECONDS) throw new Error(`watch bench: read ${lines} lines`);
    const cpu = median(keel);
    return {
      lines,
      seconds: WATCH_SECONDS,
      keelCpuS: cpu,
      awkCpuS: median(ref),
      ratio: cpu / median(ref),
      pctOfCore: (100 * cpu) / WATCH_SECONDS,
      peakRssMiB: rss,
      goalMet: (100 * cpu) / WATCH_SECONDS < WATCH_GOAL_PCT,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function watchTable(w) {
  return [
    `### The watch's log reader (case 9)`,
    '',
    `${w.lines.toLocaleString('en')} lines (${WATCH_SECONDS / 60} minutes at ${WATCH_RATE} requests/s, keel's Nginx JSON format), read and aggregated by the command the watch runs on each host (per-minute, per-route counts, 5xx and a latency histogram); reference: \`awk\` counting requests and 5xx per minute over the same file. CPU is user+sys of the whole command.`,
    '',
    '| reader | CPU | share of one core over the 5 minutes | peak RSS | goal: < 2% of one core |',
    '| --- | --- | --- | --- | --- |',
    `| keel (bash + tail + python3) | ${w.keelCpuS.toFixed(2)} s | ${w.pctOfCore.toFixed(2)}% | ${w.peakRssMiB.toFixed(0)} MiB | ${w.goalMet ? '**met**' : '**not met**'} |`,
    `| awk (counts only) | ${w.awkCpuS.toFixed(2)} s | ${((100 * w.awkCpuS) / WATCH_SECONDS).toFixed(2)}% | | reference (${w.ratio.toFixed(2)}×) |`,
  ].join('\n');
}
