// Cases 1-3: deploys of a realistic release tree over SSH.
//   1. first deploy to one host: keel ssh-deploy vs `tar cz | ssh tar xz` (and `tar --zstd`, and `scp -r`)
//   2. redeploy with 1% of the files changed, and with nothing changed: keel vs `rsync -az --link-dest=previous`
//      (1 and 2 run twice: over the direct link, and through a latency relay: relay.mjs, WAN_ONE_WAY_MS)
//   3. fleet: the same first deploy to 1, 2, 4 and 8 hosts at once; wall time growth
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { act, hosts, median, ms, node, ratio, root, RUNS, sh, ssh, sshInputs, time } from './lib.mjs';

/** ~3,000 files / ~45 MiB: Python modules, static assets (half compressible), and a few large model files. */
export function makeTree(dir) {
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

/**
 * The per-phase breakdown keel logs for each deploy (stage.ts and deploy.ts: `timing: NAME N ms, ...` and
 * `N SSH channels`), summed over the lines of one host (a fleet's first host), so the table can show where a
 * deploy's time goes and how many round trips it made. Counted by keel's code, not estimated here.
 */
export function phasesOf(log) {
  const phases = {};
  let channels;
  for (const line of log.split('\n')) {
    const m = /timing: (.*)$/.exec(line);
    if (!m) continue;
    for (const part of m[1].split(/[,;] */)) {
      const p = /^(.+?) (\d+) ms$/.exec(part.trim());
      if (p && !(p[1] in phases)) phases[p[1]] = Number(p[2]);
      const c = /^(\d+) SSH channels$/.exec(part.trim());
      if (c && channels === undefined) channels = Number(c[1]);
    }
  }
  return { phases, channels };
}

/** Each phase's median over several runs (and the channel count, which does not vary). */
function medianPhases(runs) {
  const names = [...new Set(runs.flatMap((r) => Object.keys(r.phases)))];
  return {
    phases: Object.fromEntries(names.map((n) => [n, ms(median(runs.map((r) => r.phases[n] ?? 0)))])),
    channels: runs[0]?.channels,
  };
}

/**
 * KEEL_BENCH_BASELINE: another checkout's committed bundle (e.g. `git archive main bin dist actions`
 * unpacked), run beside this one in the same iterations of cases 1 and 2, alternating which goes first: a
 * before/after under the same load, for a machine whose load moves the absolute figures.
 */
export const BASELINE = process.env.KEEL_BENCH_BASELINE;

async function keelRun(inputs, cwd, into, from) {
  const r = await act('ssh-deploy', inputs, { cwd, ...(from ? { from } : {}) });
  if (r.conclusion !== 'success') throw new Error('bench: a keel deploy failed');
  into.ms.push(r.ms);
  into.phases.push(phasesOf(r.log));
}

const deployInputs = (address, path, id) => ({
  hosts: address,
  ...sshInputs(),
  'deploy-path': path,
  source: 'src',
  'release-id': id,
  venv: 'off',
});

/** The one-way delay of the WAN cases (ms): a 40 ms round trip, a runner and a server in nearby regions. */
export const WAN_ONE_WAY_MS = Number(process.env.KEEL_BENCH_WAN_MS ?? 20);

/**
 * A latency relay (relay.mjs) in a process of its own, in front of `address`:22, and a known_hosts naming
 * `[127.0.0.1]:PORT` with that host's real keys (host keys are verified through the relay as everywhere).
 */
async function startRelay(address, oneWayMs, dir) {
  const child = spawn(node, [join(root, 'scripts/bench/relay.mjs'), address, '22', String(oneWayMs)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const port = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('bench: the relay did not start in 10 s')), 10_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /port (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.on('exit', (code) => reject(new Error(`bench: the relay exited (${code})`)));
  });
  const lines = readFileSync(hosts().knownHosts, 'utf8')
    .split('\n')
    .filter((l) => l.split(' ')[0] === address)
    .map((l) => `[127.0.0.1]:${port} ${l.split(' ').slice(1).join(' ')}`);
  if (lines.length === 0) throw new Error(`bench: no known host key for ${address}`);
  const knownHosts = join(dir, 'known_hosts.wan');
  writeFileSync(knownHosts, lines.join('\n') + '\n');
  return { port, knownHosts, stop: () => child.stdin.end() };
}

/** Round trip time as OpenSSH sees it through a link: the median of 5 `ssh host true` (handshake included). */
function sshTrue(S, target) {
  return ms(median(Array.from({ length: 5 }, () => time(() => sh(`${S} ${target} true`)))));
}

export async function deploys() {
  const h = hosts().hosts.find((x) => x.kind === 'plain');
  const ws = mkdtempSync(join(tmpdir(), 'keel-bench-'));
  try {
    const src = join(ws, 'src');
    makeTree(src);
    const files = Number(sh(`find ${src} -type f | wc -l`).trim());
    const bytes = Number(sh(`du -sb ${src} | cut -f1`).trim());
    const local = await deployCases(
      { address: h.address, target: `deploy@${h.address}`, S: ssh(), scp: true },
      ws,
      src,
      files,
    );
    // The same cases over an emulated long link (relay.mjs), keel and the references through the same relay.
    const relay = await startRelay(h.address, WAN_ONE_WAY_MS, ws);
    let wan;
    try {
      const S =
        ssh().replace(/UserKnownHostsFile=\S+/, `UserKnownHostsFile=${relay.knownHosts}`) +
        ` -p ${relay.port}`;
      wan = {
        rttMs: WAN_ONE_WAY_MS * 2,
        sshTrueMs: sshTrue(S, 'deploy@127.0.0.1'),
        sshTrueLocalMs: sshTrue(ssh(), `deploy@${h.address}`),
        ...(await deployCases(
          {
            address: `127.0.0.1:${relay.port}`,
            target: 'deploy@127.0.0.1',
            S,
            knownHosts: relay.knownHosts,
            direct: { S: ssh(), target: `deploy@${h.address}` },
            scp: false,
          },
          ws,
          src,
          files,
          'w',
        )),
      };
    } finally {
      relay.stop();
    }
    return { tree: { files, bytes }, ...local, wan };
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
}

/**
 * Cases 1 and 2 over one link: `link.S` is OpenSSH's command through it, `link.target` its user@host,
 * `link.address` what keel's `hosts` input names. Arranging (removing, copying on the host) goes over
 * `link.direct` when given (not measured).
 */
async function deployCases(link, ws, src, files, tag = '') {
  const { S, target } = link;
  const D = link.direct ?? { S, target };
  const inputs = (path, id) => ({
    ...deployInputs(link.address, path, id),
    ...(link.knownHosts ? { 'known-hosts': `@${link.knownHosts}` } : {}),
  });
  const first = { keel: { ms: [], phases: [] }, tar: [], tarZstd: [], scp: [], rsync: [] };
  const re = { keel: { ms: [], phases: [] }, rsync: [] };
  const same = { keel: { ms: [], phases: [] }, rsync: [] };
  const before = { first: { ms: [], phases: [] }, re: { ms: [], phases: [] }, same: { ms: [], phases: [] } };
  const base = `/srv/keel/bench${tag}`;
  // keel, and the baseline's bundle beside it (when set; each into its own deploy path), in turns.
  const keelPair = async (i, id, into, intoBefore) => {
    const order = i % 2 === 0 ? ['this', 'before'] : ['before', 'this'];
    for (const which of BASELINE ? order : ['this'])
      if (which === 'this') await keelRun(inputs(`${base}-k${i}`, id), ws, into);
      else await keelRun(inputs(`${base}-b${i}`, id), ws, intoBefore, BASELINE);
  };
  for (let i = 0; i < RUNS; i++) {
    sh(`${D.S} ${D.target} 'rm -rf /srv/keel/bench*'`);
    await keelPair(i, 'r1', first.keel, before.first);
    if (link.scp)
      first.tar.push(
        time(() =>
          sh(
            `tar -C ${src} -czf - . | ${S} ${target} 'mkdir -p ${base}-c${i} && tar -xzf - -C ${base}-c${i}'`,
          ),
        ),
      );
    first.tarZstd.push(
      time(() =>
        sh(
          `tar -C ${src} --zstd -cf - . | ${S} ${target} 'mkdir -p ${base}-t${i} && tar --zstd -xf - -C ${base}-t${i}'`,
        ),
      ),
    );
    if (link.scp)
      first.scp.push(time(() => sh(`scp -q -r ${S.replace(/^ssh /, '')} ${src} ${target}:${base}-s${i}`)));
    first.rsync.push(time(() => sh(`rsync -az -e '${S}' ${src}/ ${target}:${base}-y${i}/`)));
    // Redeploy: change 1% of the files.
    const changed = sh(`find ${src}/app -name '*.py' | sort | head -${Math.round(files / 100)}`)
      .trim()
      .split('\n');
    for (const f of changed) writeFileSync(f, readFileSync(f, 'utf8') + `# change ${tag}${i}\n`);
    await keelPair(i, 'r2', re.keel, before.re);
    sh(`${D.S} ${D.target} 'cp -a ${base}-t${i} ${base}-r${i}-prev'`);
    re.rsync.push(
      time(() =>
        sh(
          `rsync -az --delete -e '${S}' --link-dest=${base}-r${i}-prev ${src}/ ${target}:${base}-r${i}-next/`,
        ),
      ),
    );
    // Nothing changed since the last deploy.
    await keelPair(i, 'r3', same.keel, before.same);
    same.rsync.push(
      time(() =>
        sh(
          `rsync -az --delete -e '${S}' --link-dest=${base}-r${i}-next ${src}/ ${target}:${base}-r${i}-same/`,
        ),
      ),
    );
  }
  sh(`${D.S} ${D.target} 'rm -rf /srv/keel/bench*'`);
  const best = Math.min(median(first.rsync), median(first.tarZstd));
  const baseline = (b) =>
    BASELINE ? { baseline: { keelMs: ms(median(b.ms)), ...medianPhases(b.phases) } } : {};
  return {
    first: {
      keelMs: ms(median(first.keel.ms)),
      ...medianPhases(first.keel.phases),
      rsyncMs: ms(median(first.rsync)),
      bestMs: ms(best),
      ratioVsBest: ratio(median(first.keel.ms), best),
      tarZstdOverSshMs: ms(median(first.tarZstd)),
      ratioVsTarZstd: ratio(median(first.keel.ms), median(first.tarZstd)),
      ratioVsRsync: ratio(median(first.keel.ms), median(first.rsync)),
      ...baseline(before.first),
      ...(link.scp
        ? {
            tarOverSshMs: ms(median(first.tar)),
            scpMs: ms(median(first.scp)),
            ratioVsTar: ratio(median(first.keel.ms), median(first.tar)),
            ratioVsScp: ratio(median(first.keel.ms), median(first.scp)),
          }
        : {}),
    },
    redeploy: {
      keelMs: ms(median(re.keel.ms)),
      ...medianPhases(re.keel.phases),
      rsyncMs: ms(median(re.rsync)),
      ratioVsRsync: ratio(median(re.keel.ms), median(re.rsync)),
      ...baseline(before.re),
    },
    unchanged: {
      keelMs: ms(median(same.keel.ms)),
      ...medianPhases(same.keel.phases),
      rsyncMs: ms(median(same.rsync)),
      ratioVsRsync: ratio(median(same.keel.ms), median(same.rsync)),
      ...baseline(before.same),
    },
  };
}

/**
 * Case 3: one step deploying the tree to N hosts at once (max-parallel default 10), first deploy each time; and
 * the native reference to the same N hosts: the tree packed once (`tar --zstd`) and sent to every host in
 * parallel by OpenSSH (`ssh host tar --zstd -x`), timed from the packing to the last host's exit. Its growth
 * from 1 to N hosts is what this machine itself costs (N sshd and N unpacks on the same 2 cores), whatever the
 * deploy tool.
 */
export async function fleet() {
  const plain = hosts().hosts.filter((x) => x.kind === 'plain');
  const ws = mkdtempSync(join(tmpdir(), 'keel-bench-fleet-'));
  const S = ssh();
  try {
    const src = join(ws, 'src');
    makeTree(src);
    const archive = join(ws, 'tree.tar.zst');
    const rows = [];
    for (const n of [1, 2, 4, 8].filter((k) => k <= plain.length)) {
      const targets = plain.slice(0, n);
      const times = [];
      const native = [];
      const phases = [];
      for (let i = 0; i < RUNS; i++) {
        const r = await act(
          'ssh-deploy',
          deployInputs(targets.map((t) => t.address).join(','), `/srv/keel/fleet-${n}-${i}`, 'r1'),
          {
            cwd: ws,
          },
        );
        if (r.conclusion !== 'success') throw new Error(`bench: the fleet deploy to ${n} hosts failed`);
        times.push(r.ms);
        phases.push(phasesOf(r.log));
        const dir = `/srv/keel/fleet-native-${n}-${i}`;
        native.push(
          time(() =>
            sh(
              // Packed first; then every host at once, each one's exit status checked.
              `tar -C ${src} --zstd -cf ${archive} . || exit 1; pids=(); ` +
                targets
                  .map(
                    (t) =>
                      `${S} deploy@${t.address} 'mkdir -p ${dir} && tar --zstd -xf - -C ${dir}' < ${archive} & pids+=($!);`,
                  )
                  .join(' ') +
                ' for p in "${pids[@]}"; do wait "$p" || exit 1; done',
            ),
          ),
        );
      }
      rows.push({
        hosts: n,
        medianMs: ms(median(times)),
        nativeMs: ms(median(native)),
        ...medianPhases(phases),
      });
    }
    for (const t of plain) sh(`${S} deploy@${t.address} 'rm -rf /srv/keel/fleet-*'`);
    const one = rows[0].medianMs;
    const nativeOne = rows[0].nativeMs;
    return {
      rows: rows.map((r) => ({
        ...r,
        vsOneHost: ratio(r.medianMs, one),
        nativeVsOneHost: ratio(r.nativeMs, nativeOne),
        vsNative: ratio(r.medianMs, r.nativeMs),
      })),
    };
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
}
