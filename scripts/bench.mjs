#!/usr/bin/env node
// keel's benchmark: side by side with what users would do instead, in one run, reported as ratios of medians.
// It reports; it does not assert. Cases so far (issue #9 has the rest):
//   1. first deploy of a realistic release tree to one host: keel ssh-deploy vs `tar cz | ssh tar xz` vs `scp -r`
//   2. redeploy with 1% of the files changed: keel ssh-deploy vs `rsync -az --link-dest`
//   6. each action bundle's cold start under Node 24, and bundle sizes
// Writes bench/results/latest.json and bench/results/latest.md.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus, totalmem, tmpdir } from 'node:os';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const node = join(root, 'node_modules/node/bin/node');
const hostctl = join(root, 'test/hosts/hostctl');
const RUNS = Number(process.env.KEEL_BENCH_RUNS ?? 3);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (fn) => {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
};
const sh = (cmd, opts = {}) =>
  execFileSync('bash', ['-c', cmd], { stdio: ['ignore', 'pipe', 'pipe'], ...opts }).toString();

// --- case 6: cold start and sizes ------------------------------------------------------------------------
function coldStart() {
  const rows = [];
  for (const action of [
    'render-config',
    'ssh-deploy',
    'smoke-check',
    'reload-graceful',
    'backup-db',
    'pipeline',
  ]) {
    const ms = [];
    for (let i = 0; i < 15; i++) {
      ms.push(
        time(() =>
          spawnSync(node, [join(root, 'dist', `${action}.js`)], {
            env: { PATH: process.env.PATH },
            stdio: 'ignore',
          }),
        ),
      );
    }
    rows.push({ action, medianMs: Math.round(median(ms)) });
  }
  const baseline = median(
    Array.from({ length: 15 }, () => time(() => spawnSync(node, ['-e', '0'], { stdio: 'ignore' }))),
  );
  const size = readdirSync(join(root, 'dist')).reduce((n, f) => n + statSync(join(root, 'dist', f)).size, 0);
  return { rows, nodeBaselineMs: Math.round(baseline), distBytes: size };
}

// --- cases 1 and 2: deploys over SSH to a local test host ----------------------------------------------
function makeTree(dir) {
  // ~3,000 files / ~60 MB: Python modules, templates, static assets, and a few large files.
  for (let p = 0; p < 30; p++) {
    const pkg = join(dir, 'app', `pkg${p}`);
    mkdirSync(pkg, { recursive: true });
    for (let m = 0; m < 60; m++)
      writeFileSync(
        join(pkg, `mod${m}.py`),
        `# module ${p}.${m}\n` + 'def f(x):\n    return x * 2\n'.repeat(150),
      );
  }
  for (let s = 0; s < 40; s++) {
    const d = join(dir, 'static', `s${s}`);
    mkdirSync(d, { recursive: true });
    for (let a = 0; a < 30; a++) writeFileSync(join(d, `asset${a}.js`), randomBytes(4000).toString('base64'));
  }
  mkdirSync(join(dir, 'models'), { recursive: true });
  for (let b = 0; b < 4; b++)
    writeFileSync(join(dir, 'models', `weights${b}.bin`), randomBytes(8 * 1024 * 1024));
}

function deploys() {
  const hosts = JSON.parse(readFileSync('/var/tmp/keel-hosts/hosts.json', 'utf8'));
  const h = hosts.hosts.find((x) => x.kind === 'plain');
  const ssh = `ssh -i ${hosts.clientKey} -o UserKnownHostsFile=${hosts.knownHosts} -o StrictHostKeyChecking=yes -o BatchMode=yes`;
  const target = `deploy@${h.address}`;
  const ws = mkdtempSync(join(tmpdir(), 'keel-bench-'));
  try {
    const src = join(ws, 'src');
    makeTree(src);
    const files = Number(sh(`find ${src} -type f | wc -l`).trim());
    const bytes = Number(sh(`du -sb ${src} | cut -f1`).trim());
    const keel = (path, id) =>
      time(() =>
        execFileSync(
          node,
          [
            join(root, 'bin/keel.js'),
            'act',
            join(root, 'actions/ssh-deploy'),
            '--with',
            `hosts=${h.address}`,
            '--with',
            'user=deploy',
            '--with',
            `ssh-key=@${hosts.clientKey}`,
            '--with',
            `known-hosts=@${hosts.knownHosts}`,
            '--with',
            `deploy-path=${path}`,
            '--with',
            'source=src',
            '--with',
            `release-id=${id}`,
            '--with',
            'venv=off',
            '--json',
          ],
          { cwd: ws, stdio: 'ignore' },
        ),
      );
    const first = { keel: [], tar: [], scp: [] };
    const re = { keel: [], rsync: [] };
    for (let i = 0; i < RUNS; i++) {
      sh(`${ssh} ${target} 'rm -rf /srv/keel/bench*'`);
      first.keel.push(keel(`/srv/keel/bench-k${i}`, 'r1'));
      first.tar.push(
        time(() =>
          sh(
            `tar -C ${src} -czf - . | ${ssh} ${target} 'mkdir -p /srv/keel/bench-t${i} && tar -xzf - -C /srv/keel/bench-t${i}'`,
          ),
        ),
      );
      first.scp.push(
        time(() =>
          sh(
            `scp -q -r -i ${hosts.clientKey} -o UserKnownHostsFile=${hosts.knownHosts} -o StrictHostKeyChecking=yes ${src} ${target}:/srv/keel/bench-s${i}`,
          ),
        ),
      );
      // Redeploy: change 1% of the files.
      const changed = sh(`find ${src}/app -name '*.py' | head -${Math.round(files / 100)}`)
        .trim()
        .split('\n');
      for (const f of changed) writeFileSync(f, readFileSync(f, 'utf8') + `# change ${i}\n`);
      re.keel.push(keel(`/srv/keel/bench-k${i}`, 'r2'));
      sh(`${ssh} ${target} 'cp -a /srv/keel/bench-t${i} /srv/keel/bench-r${i}-prev'`);
      re.rsync.push(
        time(() =>
          sh(
            `rsync -az --delete -e '${ssh}' --link-dest=/srv/keel/bench-r${i}-prev ${src}/ ${target}:/srv/keel/bench-r${i}-next/`,
          ),
        ),
      );
    }
    sh(`${ssh} ${target} 'rm -rf /srv/keel/bench*'`);
    const m = (xs) => Math.round(median(xs));
    return {
      tree: { files, bytes },
      first: {
        keelMs: m(first.keel),
        tarOverSshMs: m(first.tar),
        scpMs: m(first.scp),
        ratioVsTar: +(median(first.keel) / median(first.tar)).toFixed(2),
        ratioVsScp: +(median(first.keel) / median(first.scp)).toFixed(2),
      },
      redeploy: {
        keelMs: m(re.keel),
        rsyncMs: m(re.rsync),
        ratioVsRsync: +(median(re.keel) / median(re.rsync)).toFixed(2),
      },
    };
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
}

const machine = {
  cpus: cpus().length,
  cpu: cpus()[0]?.model,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: sh(`${node} -v`).trim(),
  date: new Date().toISOString(),
};
const startup = coldStart();
execFileSync(hostctl, ['up', '--plain', '1'], { stdio: 'inherit' });
let deploy;
try {
  deploy = deploys();
} finally {
  execFileSync(hostctl, ['down'], { stdio: 'inherit' });
}
const result = { machine, runs: RUNS, startup, deploy };
const md = [
  `# keel benchmark (${machine.date.slice(0, 10)}, ${machine.cpus} cores, ${machine.memoryGiB} GiB, Node ${machine.node}; medians of ${RUNS} runs)`,
  '',
  `Release tree: ${deploy.tree.files} files, ${(deploy.tree.bytes / 2 ** 20).toFixed(0)} MiB; one local test host over SSH.`,
  '',
  '| case | keel | reference | ratio | goal |',
  '| --- | --- | --- | --- | --- |',
  `| first deploy | ${deploy.first.keelMs} ms | tar cz \\| ssh tar xz ${deploy.first.tarOverSshMs} ms | ${deploy.first.ratioVsTar}× | ≤ 1.15× ${deploy.first.ratioVsTar <= 1.15 ? 'met' : 'not met'} |`,
  `| first deploy | ${deploy.first.keelMs} ms | scp -r ${deploy.first.scpMs} ms | ${deploy.first.ratioVsScp}× | - |`,
  `| redeploy, 1% changed | ${deploy.redeploy.keelMs} ms | rsync -az --link-dest ${deploy.redeploy.rsyncMs} ms | ${deploy.redeploy.ratioVsRsync}× | ≤ 1.0× ${deploy.redeploy.ratioVsRsync <= 1 ? 'met' : 'not met'} |`,
  '',
  `Cold start to exit (no inputs), Node 24; bare \`node -e 0\`: ${startup.nodeBaselineMs} ms; dist: ${(startup.distBytes / 2 ** 20).toFixed(1)} MiB:`,
  '',
  '| action | median | goal ≤ 300 ms |',
  '| --- | --- | --- |',
  ...startup.rows.map((r) => `| ${r.action} | ${r.medianMs} ms | ${r.medianMs <= 300 ? 'met' : 'not met'} |`),
  '',
].join('\n');
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, 'bench/results/latest.json'), JSON.stringify(result, null, 2) + '\n');
writeFileSync(join(root, 'bench/results/latest.md'), md);
process.stdout.write(md);
