// Case 4: zero downtime. wrk holds a fixed concurrency against Gunicorn (a new connection per request, as
// clients arriving during a deploy do) while the app is reloaded 3 times; failed requests and p99 latency
// during the reloads against the same load with no reload. keel's systemd (HUP) and usr2 strategies against
// `systemctl restart`, the runbook's reload; and keel's rolling strategy (workers replaced one at a time).
// Gunicorn runs with keel's worker hooks in its config file, as render-config's gunicorn.conf.py has them: without
// them the rolling strategy cannot prove a worker up and falls back to a HUP, and a HUP retires the old workers
// before the new ones have imported the app (the hooks keep them serving until then).
import { spawn } from 'node:child_process';
import { GUNICORN_HOOKS } from '../../src/reload/hooks.ts';
import { act, hosts, onHost, sleep, sshInputs } from './lib.mjs';

const PORT = 8200;
const SD_PATH = '/srv/bench-sd';
const U2_PATH = '/srv/bench-u2';
const SECONDS = Number(process.env.KEEL_BENCH_LOAD_SECONDS ?? 35);
const CONNECTIONS = 8;

const UNIT = `[Unit]
Description=keel bench app
[Service]
Type=notify
NotifyAccess=main
User=deploy
Group=deploy
WorkingDirectory=${SD_PATH}
ExecStart=/usr/bin/gunicorn --config ${SD_PATH}/gunicorn.conf.py --chdir ${SD_PATH}/current --bind 0.0.0.0:${PORT} --workers 2 --graceful-timeout 5 app:app
ExecReload=/bin/kill -s HUP $MAINPID
KillMode=mixed
TimeoutStopSec=10
Restart=on-failure
RestartSec=1
`;

/** keel's hooks as the config file of the Gunicorn under `path`. */
function hooksConfig(host, path) {
  onHost(
    host,
    `cat > ${path}/gunicorn.conf.py <<'KEEL_HOOKS'\n${GUNICORN_HOOKS}KEEL_HOOKS\nchown deploy:deploy ${path}/gunicorn.conf.py`,
  );
}

/** A new release of the sample app under `path`, and `current` switched to it, as ssh-deploy leaves it. */
function release(host, path, id) {
  onHost(
    host,
    `runuser -u deploy -- bash -c 'set -e; mkdir -p ${path}/releases/${id}/.keel; cp /opt/keel-sample/app.py ${path}/releases/${id}/; echo ${id} > ${path}/releases/${id}/RELEASE; ln -sfn releases/${id} ${path}/.cur && mv -T ${path}/.cur ${path}/current'`,
  );
}

const unit = (v) => {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(v);
  if (!m) return NaN;
  return Number(m[1]) * { us: 0.001, ms: 1, s: 1000, m: 60000 }[m[2]];
};

/** wrk's report: requests, failures (socket errors and non-2xx/3xx), latency percentiles in ms. */
export function parseWrk(text) {
  const requests = Number(/(\d+) requests in/.exec(text)?.[1] ?? 0);
  const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  const socketErrors = sock ? sock.slice(1).reduce((a, b) => a + Number(b), 0) : 0;
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(text)?.[1] ?? 0);
  const pct = (p) => unit(new RegExp(`^\\s+${p}%\\s+(\\S+)`, 'm').exec(text)?.[1] ?? '');
  return { requests, failed: socketErrors + non2xx, socketErrors, non2xx, p50: pct(50), p99: pct(99) };
}

/** Runs wrk for SECONDS against url while `during` runs (started after 1 s), and parses its report. */
async function underLoad(url, during) {
  const wrk = spawn(
    'wrk',
    ['-t2', `-c${CONNECTIONS}`, `-d${SECONDS}s`, '--latency', '-H', 'Connection: close', url],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  wrk.stdout.on('data', (d) => (out += d));
  const ended = new Promise((r) => wrk.on('close', r));
  await sleep(1000);
  const steps = await during();
  await ended;
  return { ...parseWrk(out), steps };
}

async function threeTimes(fn) {
  const results = [];
  for (const id of ['b2', 'b3', 'b4']) results.push(await fn(id));
  return results;
}

export async function zeroDowntime() {
  const all = hosts().hosts;
  const sd = all.find((h) => h.kind === 'systemd');
  const plain = all.find((h) => h.kind === 'plain');
  // The systemd host: the app as a systemd service.
  onHost(sd.name, `rm -rf ${SD_PATH} && install -d -o deploy -g deploy ${SD_PATH} ${SD_PATH}/releases`);
  onHost(sd.name, `cat > /etc/systemd/system/keel-bench.service <<'UNIT'\n${UNIT}UNIT`);
  hooksConfig(sd.name, SD_PATH);
  release(sd.name, SD_PATH, 'b1');
  onHost(sd.name, `systemctl daemon-reload && systemctl restart keel-bench.service`);
  onHost(
    sd.name,
    `for i in $(seq 50); do curl -sf http://127.0.0.1:${PORT}/healthz >/dev/null && break; sleep 0.2; done`,
  );
  // A plain host: Gunicorn under no service manager, with a pidfile.
  onHost(
    plain.name,
    `pkill -f '[g]unicorn --config ${U2_PATH}/'; sleep 0.5; rm -rf ${U2_PATH} && install -d -o deploy -g deploy ${U2_PATH} ${U2_PATH}/releases`,
  );
  hooksConfig(plain.name, U2_PATH);
  release(plain.name, U2_PATH, 'b1');
  onHost(
    plain.name,
    `cd ${U2_PATH} && runuser -u deploy -- setsid -f /usr/bin/gunicorn --config ${U2_PATH}/gunicorn.conf.py --chdir ${U2_PATH}/current --bind 0.0.0.0:${PORT} --workers 2 --graceful-timeout 5 --pid ${U2_PATH}/gunicorn.pid app:app </dev/null >>${U2_PATH}/gunicorn.log 2>&1 251>&-`,
  );
  onHost(
    plain.name,
    `for i in $(seq 50); do curl -sf http://127.0.0.1:${PORT}/healthz >/dev/null && break; sleep 0.2; done`,
  );

  const sdUrl = `http://${sd.address}:${PORT}/version`;
  const u2Url = `http://${plain.address}:${PORT}/version`;
  const reload = (h, inputs) =>
    act('reload-graceful', { hosts: h.address, ...sshInputs(), timeout: '30s', ...inputs });
  try {
    const steadySd = await underLoad(sdUrl, async () => []);
    // keel's reloads of the systemd service, three in a row, each onto a new release.
    const underSystemd = (strategy, suffix) =>
      underLoad(sdUrl, () =>
        threeTimes(async (id) => {
          release(sd.name, SD_PATH, `${id}${suffix}`);
          const r = await reload(sd, {
            strategy,
            unit: 'keel-bench.service',
            'deploy-path': SD_PATH,
            upstream: `127.0.0.1:${PORT}`,
            'app-module': 'app:app',
          });
          return { ok: r.conclusion === 'success', serving: r.outputs['serving-release'] };
        }),
      );
    const systemd = await underSystemd('systemd', '');
    const rolling = await underSystemd('rolling', 'w');
    const restart = await underLoad(sdUrl, () =>
      threeTimes(async (id) => {
        release(sd.name, SD_PATH, `${id}r`);
        onHost(sd.name, 'systemctl restart keel-bench.service');
        await sleep(1500);
        return { ok: true };
      }),
    );
    const steadyU2 = await underLoad(u2Url, async () => []);
    const usr2 = await underLoad(u2Url, () =>
      threeTimes(async (id) => {
        release(plain.name, U2_PATH, id);
        const r = await reload(plain, {
          strategy: 'usr2',
          pidfile: `${U2_PATH}/gunicorn.pid`,
          'deploy-path': U2_PATH,
          upstream: `127.0.0.1:${PORT}`,
        });
        return { ok: r.conclusion === 'success', serving: r.outputs['serving-release'] };
      }),
    );
    const row = (name, r, steady) => ({
      name,
      requests: r.requests,
      failed: r.failed,
      p50Ms: r.p50,
      p99Ms: r.p99,
      steadyP99Ms: steady.p99,
      p99VsSteady: +(r.p99 / steady.p99).toFixed(2),
      reloadsOk: r.steps.filter((s) => s.ok).length,
      served: r.steps.map((s) => s.serving).filter(Boolean),
    });
    return {
      seconds: SECONDS,
      connections: CONNECTIONS,
      rows: [
        row('keel reload-graceful, systemd (HUP)', systemd, steadySd),
        row('keel reload-graceful, rolling (TTIN/TTOU)', rolling, steadySd),
        row('keel reload-graceful, usr2', usr2, steadyU2),
        row('systemctl restart', restart, steadySd),
      ],
      steady: { systemdHost: steadySd, plainHost: steadyU2 },
    };
  } finally {
    onHost(
      sd.name,
      `systemctl stop keel-bench.service; rm -f /etc/systemd/system/keel-bench.service; systemctl daemon-reload; rm -rf ${SD_PATH}`,
    );
    onHost(plain.name, `pkill -f '[g]unicorn --config ${U2_PATH}/'; sleep 1; rm -rf ${U2_PATH}`);
  }
}
