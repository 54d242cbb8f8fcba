// Case 8: a rolling reload under keel's own load probe, in the demo's setting (issue #16): the sample app from
// examples/keel.yml on the systemd host (Gunicorn behind a socket unit, `workers: auto` = 5 on this 2-core
// machine, Nginx with TLS in front), deployed as r1 by render-config + ssh-deploy; then r2 deployed without a
// reload and reload-graceful (rolling) run with its load probe at 50 requests/s through Nginx over HTTPS.
// Reports what the probe saw (failed, held back, p99 during against before), the reload's duration against the
// workers' boot time + 10 s, the action's peak RSS and the probe's CPU per request. Goals from the issue.
import { cpSync, mkdirSync, mkdtempSync, rmSync, appendFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { act, hosts, onHost, root, sshInputs } from './lib.mjs';

const RATE = 50;
// The demo's probe window is 2 s; a longer one gives the "before" p99 enough requests to mean something.
const WINDOW = process.env.KEEL_BENCH_PROBE_WINDOW ?? '10s';

export const PROBE_GOALS = { failed: 0, heldBack: 0, p99Ratio: 2, slackS: 10, rssMiB: 200 };

export async function reloadUnderProbe() {
  const sd = hosts().hosts.find((h) => h.kind === 'systemd');
  const ws = mkdtempSync(join(tmpdir(), 'keel-bench-probe-'));
  const on = (cmd) => onHost(sd.name, cmd);
  try {
    // The server as the demo's admin prepares it: the app's user, the deploy user in the socket's group, a cert.
    on(`id shop >/dev/null 2>&1 || useradd --system --home-dir /srv/shop --shell /usr/sbin/nologin shop
usermod -aG www-data deploy
install -d -o deploy -g deploy /srv/shop && rm -f /etc/nginx/sites-enabled/default && install -d /etc/keel-bench
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=shop.keel.test \
  -addext subjectAltName=DNS:shop.keel.test -keyout /etc/keel-bench/shop.key -out /etc/keel-bench/shop.crt 2>/dev/null`);
    cpSync(join(root, 'examples/sample-app'), join(ws, 'app'), { recursive: true });
    mkdirSync(join(ws, 'deploy'));
    cpSync(join(root, 'examples/keel.yml'), join(ws, 'deploy/keel.yml'));
    writeFileSync(join(ws, 'ca.pem'), on('cat /etc/keel-bench/shop.crt'));
    const ssh = { hosts: sd.address, ...sshInputs() };
    const set = `proxy.domains=[shop.keel.test]\nproxy.tls={certificates: files, cert: /etc/keel-bench/shop.crt, key: /etc/keel-bench/shop.key}`;
    const must = async (what, p) => {
      const r = await p;
      if (r.conclusion !== 'success') throw new Error(`bench: ${what} failed:\n${r.log.slice(-3000)}`);
      return r;
    };
    await must('render-config', act('render-config', { set, ...ssh }, { cwd: ws }));
    const deploy = {
      ...ssh,
      'deploy-path': '/srv/shop',
      source: 'app',
      'rendered-dir': '.keel/rendered',
      shared: '.env',
      'venv-system-site-packages': 'true',
    };
    await must(
      'ssh-deploy r1',
      act('ssh-deploy', { ...deploy, 'reload-unit': 'shop.service', 'release-id': 'r1' }, { cwd: ws }),
    );
    // The workers' boot time: how long one new Python takes to import the app from the release (median of 5),
    // as the app's user; a rolling reload boots Gunicorn's configured count of them, one after another.
    const boots = on(
      `cd /srv/shop/current && for i in 1 2 3 4 5; do s=$(date +%s%N); runuser -u shop -- .venv/bin/python -c 'import app' >/dev/null 2>&1 || runuser -u shop -- /usr/bin/python3 -c 'import app' >/dev/null; echo $(( ($(date +%s%N) - s) / 1000000 )); done`,
    )
      .trim()
      .split('\n')
      .map(Number)
      .sort((a, b) => a - b);
    const bootMs = boots[2];
    // r2 goes live without a reload; reload-graceful then replaces the workers one at a time under the probe.
    appendFileSync(join(ws, 'app/app.py'), '# r2\n');
    await must('ssh-deploy r2', act('ssh-deploy', { ...deploy, 'release-id': 'r2' }, { cwd: ws }));
    const r = await act(
      'reload-graceful',
      {
        ...ssh,
        strategy: 'rolling',
        unit: 'shop.service',
        'deploy-path': '/srv/shop',
        'app-module': 'app:app',
        'load-url': 'https://shop.keel.test/version',
        'load-address': sd.address,
        'load-rate': String(RATE),
        'load-window': WINDOW,
        ca: `@${join(ws, 'ca.pem')}`,
      },
      { cwd: ws },
    );
    const report = JSON.parse(r.outputs.report || '{}');
    const load = report.load ?? {};
    const phase = (p) => (load.phases ?? []).find((x) => x.phase === p) ?? {};
    const host = (report.hosts ?? [])[0] ?? {};
    const workers = host.workersExpected;
    return {
      conclusion: r.conclusion,
      serving: r.outputs['serving-release'],
      rate: RATE,
      window: WINDOW,
      workers,
      workersBefore: host.workersBefore,
      workersAfter: host.workersAfter,
      workerBootMs: bootMs,
      bootBudgetS: +((workers * bootMs) / 1000 + PROBE_GOALS.slackS).toFixed(1),
      reloadS: host.seconds,
      actionMs: Math.round(r.ms),
      scheduled: load.scheduled,
      sent: load.sent,
      failed: load.failed,
      heldBack: load.heldBack,
      late: load.late,
      capped: load.capped,
      problem: load.problem ?? null,
      p50Before: phase('before').p50,
      p99Before: phase('before').p99,
      p50During: phase('during').p50,
      p99During: phase('during').p99,
      p99After: phase('after').p99,
      p99Ratio: phase('before').p99 ? +(phase('during').p99 / phase('before').p99).toFixed(2) : null,
      cpuMsPerRequestBefore: phase('before').cpuMsPerRequest,
      cpuMsPerRequestDuring: phase('during').cpuMsPerRequest,
      peakRssMiB: Math.round(r.rssBytes / 2 ** 20),
    };
  } finally {
    rmSync(ws, { recursive: true, force: true });
    on(
      'systemctl stop shop.service shop.socket 2>/dev/null; rm -rf /etc/keel-bench; systemctl reset-failed 2>/dev/null; true',
    );
  }
}

// `node scripts/bench/reload-probe.mjs` with the hosts up (under the host-test lock): this case alone, as JSON.
if (process.argv[1] && import.meta.filename === process.argv[1])
  process.stdout.write(JSON.stringify(await reloadUnderProbe(), null, 2) + '\n');
