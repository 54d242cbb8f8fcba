/**
 * reload-graceful against real Gunicorn: under systemd on the systemd host (HUP, socket activation, restart)
 * and as a plain process with a pidfile on a plain host (USR2), each under a continuous load probe, run from
 * the committed bundle as the runner runs it. Broken releases (one that cannot import, one that cannot boot,
 * one whose /readyz fails) are rolled back while the service keeps serving; bad inputs fail clearly.
 */
import { LoadProbe, type LoadReport } from '../../src/probes/load.js';
import { GUNICORN_HOOKS } from '../../src/reload/hooks.js';
import {
  clientKey,
  host,
  hostExec,
  knownHosts,
  plainHosts,
  putFile,
  type TestHost,
} from '../support/hosts.js';
import { actionDir } from '../support/paths.js';
import { runStep, type StepResult } from '../support/step.js';

const SD_PATH = '/srv/reload-sd';
const U2_PATH = '/srv/reload-u2';
const PORT = 8100;
const SOCKET_PORT = 8101;

const sh = (h: TestHost, cmd: string) => hostExec(h.name, cmd).trim();
const errors = (r: StepResult) => r.annotations.filter((a) => a.level === 'error').map((a) => a.message);

type Variant = 'good' | 'syntax-error' | 'boot-error' | 'unready' | 'slow' | 'slower' | 'via-current';

/** Stages release `id` under `path` (as the deploy user, like ssh-deploy leaves it) and switches current to it. */
function release(h: TestHost, path: string, id: string, variant: Variant = 'good', switchTo = true): void {
  const extra: Record<Variant, string> = {
    good: '',
    // Fails at import: the boot check catches it before the service sees it.
    'syntax-error': 'def broken(:\n',
    // Imports on its own, but not inside a Gunicorn worker: the worker fails to boot.
    'boot-error': 'import sys\nif "gunicorn" in sys.argv[0]:\n    raise RuntimeError("cannot boot")\n',
    // Boots, but is never ready.
    unready: 'app.view_functions["readyz"] = lambda: (jsonify(status="unavailable"), 503)\n',
    // Imports slowly inside a Gunicorn worker (8 s; the boot check, outside Gunicorn, is not slowed).
    slow: 'import sys, time\nif "gunicorn" in sys.argv[0]:\n    time.sleep(8)\n',
    slower: 'import sys, time\nif "gunicorn" in sys.argv[0]:\n    time.sleep(14)\n',
    // Reads its release through the `current` symlink at request time: an old worker reports the new id.
    'via-current': `app.view_functions["version"] = lambda: jsonify(release=open("${path}/current/RELEASE").read().strip(), pid=os.getpid())\n`,
  };
  const dir = `${path}/releases/${id}`;
  sh(
    h,
    `runuser -u deploy -- bash -c 'set -e; mkdir -p ${dir}/.keel; cp /opt/keel-sample/app.py ${dir}/; echo ${id} > ${dir}/RELEASE'`,
  );
  if (extra[variant]) putFile(h.name, `${dir}/extra.py`, extra[variant], { owner: 'deploy' });
  if (extra[variant]) sh(h, `cat ${dir}/extra.py >> ${dir}/app.py`);
  if (switchTo)
    sh(
      h,
      `runuser -u deploy -- bash -c 'ln -sfn releases/${id} ${path}/.cur && mv -T ${path}/.cur ${path}/current'`,
    );
}

const served = (h: TestHost, port = PORT) =>
  JSON.parse(sh(h, `curl -sS --max-time 5 http://127.0.0.1:${port}/version`)).release as string;

function reload(h: TestHost, inputs: Record<string, string>): Promise<StepResult> {
  return runStep({
    actionDir: actionDir('reload-graceful'),
    with: {
      hosts: h.address,
      user: 'deploy',
      'ssh-key': clientKey(),
      'known-hosts': knownHosts(),
      ...inputs,
    },
  });
}

/** A load probe of the test's own, spanning several steps. */
async function underLoad(url: string, body: () => Promise<void>): Promise<LoadReport> {
  const probe = new LoadProbe({ url, rate: 40, timeoutMs: 10_000 });
  probe.start();
  probe.mark('during');
  try {
    await body();
  } finally {
    probe.mark('after');
    await probe.stop();
  }
  return probe.stop();
}

const UNIT = (name: string, path: string, bind: string, extra = '') => `[Unit]
Description=keel reload test ${name}
[Service]
Type=notify
NotifyAccess=main
User=deploy
Group=deploy
WorkingDirectory=${path}
ExecStart=/usr/bin/gunicorn --config ${path}/hooks.conf.py --chdir ${path}/current --bind ${bind} --workers 2 --graceful-timeout 5 ${extra} app:app
ExecReload=/bin/kill -s HUP $MAINPID
KillMode=mixed
TimeoutStopSec=10
Restart=on-failure
RestartSec=1
`;

describe('reload-graceful under systemd (the systemd host)', () => {
  let sd: TestHost;
  const url = () => `http://${sd.address}:${PORT}/version`;
  const systemd = (inputs: Record<string, string> = {}) =>
    reload(sd, {
      strategy: 'systemd',
      unit: 'keel-reload.service',
      'deploy-path': SD_PATH,
      upstream: `127.0.0.1:${PORT}`,
      timeout: '20s',
      ...inputs,
    });

  beforeAll(() => {
    sd = host('sd');
    sh(sd, `rm -rf ${SD_PATH} && install -d -o deploy -g deploy ${SD_PATH} ${SD_PATH}/releases`);
    putFile(sd.name, `${SD_PATH}/hooks.conf.py`, GUNICORN_HOOKS, { owner: 'deploy' });
    putFile(sd.name, '/etc/systemd/system/keel-reload.service', UNIT('systemd', SD_PATH, `0.0.0.0:${PORT}`));
    putFile(
      sd.name,
      '/etc/systemd/system/keel-reload-sock.socket',
      `[Socket]\nListenStream=0.0.0.0:${SOCKET_PORT}\nBacklog=2048\n[Install]\nWantedBy=sockets.target\n`,
    );
    putFile(
      sd.name,
      '/etc/systemd/system/keel-reload-sock.service',
      UNIT('socket', SD_PATH, `0.0.0.0:${SOCKET_PORT}`).replace(
        '[Service]',
        '[Unit]\nRequires=keel-reload-sock.socket\n[Service]',
      ),
    );
    release(sd, SD_PATH, 'r1');
    sh(sd, 'systemctl daemon-reload && systemctl start keel-reload.service keel-reload-sock.socket');
    sh(sd, `for i in $(seq 50); do curl -sf http://127.0.0.1:${PORT}/healthz && break; sleep 0.2; done`);
  });

  afterAll(() => {
    sh(
      sd,
      'systemctl stop keel-reload.service keel-reload-sock.service keel-reload-sock.socket; rm -f /etc/systemd/system/keel-reload*; systemctl daemon-reload; systemctl reset-failed; rm -rf ' +
        SD_PATH,
    );
  });

  it('three HUP reloads in a row under load: 0 failed requests, same master, new workers, the new release served after each', async () => {
    const masters: string[] = [];
    const load = await underLoad(url(), async () => {
      for (const id of ['r2', 'r3', 'r4']) {
        release(sd, SD_PATH, id);
        const r = await systemd({
          'app-module': 'app:app',
          'load-url': url(),
          'load-rate': '40',
          'load-window': '1s',
        });
        expect(errors(r)).toEqual([]);
        expect(r.outputs).toMatchObject({ result: 'success', 'serving-release': id, 'load-failed': '0' });
        expect(Number(r.outputs['load-requests'])).toBeGreaterThan(40);
        const host0 = (
          JSON.parse(r.outputs.report!) as {
            hosts: { masterBefore: number; masterAfter: number; workersAfter: number }[];
          }
        ).hosts[0]!;
        expect(host0.masterAfter).toBe(host0.masterBefore);
        expect(host0.workersAfter).toBe(2);
        masters.push(String(host0.masterAfter));
        expect(served(sd)).toBe(id);
        expect(r.summary).toContain('Load probe');
      }
    });
    expect(new Set(masters).size).toBe(1);
    expect(load.requests).toBeGreaterThan(100);
    expect(load.failed).toBe(0);
  });

  it('rolling: three reloads under load replace the workers one at a time: 0 failed, same master, the new release after each', async () => {
    const masters: string[] = [];
    const load = await underLoad(url(), async () => {
      for (const id of ['q2', 'q3', 'q4']) {
        release(sd, SD_PATH, id);
        const before = sh(sd, `pgrep -P $(systemctl show -p MainPID --value keel-reload.service) | sort`);
        const r = await systemd({ strategy: 'rolling', 'app-module': 'app:app' });
        expect(errors(r)).toEqual([]);
        expect(r.outputs).toMatchObject({ result: 'success', 'serving-release': id });
        expect(r.log.join('\n')).toMatch(/worker 2\/2 replaced/);
        // max_requests recycling was paused for the roll (the file was written) and resumes after it (removed).
        expect(r.log.join('\n')).not.toMatch(/cannot pause max_requests recycling/);
        expect(sh(sd, `test -e ${SD_PATH}/.keel-rolling && echo left || echo gone`)).toBe('gone');
        const host0 = (
          JSON.parse(r.outputs.report!) as { hosts: { masterBefore: number; masterAfter: number }[] }
        ).hosts[0]!;
        expect(host0.masterAfter).toBe(host0.masterBefore);
        masters.push(String(host0.masterAfter));
        const after = sh(
          sd,
          `pgrep -P $(systemctl show -p MainPID --value keel-reload.service) | sort`,
        ).split('\n');
        expect(after).toHaveLength(2);
        expect(after.filter((p) => before.split('\n').includes(p))).toEqual([]);
        expect(served(sd)).toBe(id);
      }
    });
    expect(new Set(masters).size).toBe(1);
    expect(load.requests).toBeGreaterThan(100);
    expect(load.failed).toBe(0);
  });

  // The release to go back to is the one deployed before (q4, by the rolling test), as ssh-deploy's
  // previous-release output says; its name sorts before r4's.
  it('a release that cannot import is caught by the boot check and switched back before the service sees it', async () => {
    // q4 was live before r5 (q2..q4 came after r4): a rollback goes to the release live before, not by name.
    release(sd, SD_PATH, 'r5', 'syntax-error');
    const load = await underLoad(url(), async () => {
      const r = await systemd({ 'app-module': 'app:app', 'previous-release': 'q4' });
      expect(r.conclusion).toBe('failure');
      expect(r.outputs['rolled-back-hosts']).toBe(sd.address);
      // One annotation, one line, with the cause; the traceback is in the log.
      expect(errors(r)).toHaveLength(1);
      expect(errors(r)[0]).toMatch(
        /does not import \(app:app\): SyntaxError: .*; rolled back to q4, which is serving and healthy$/,
      );
      expect(errors(r)[0]).not.toContain('\n');
      expect(r.log.join('\n')).toMatch(/Traceback[\s\S]*def broken\(:/);
    });
    expect(load.failed).toBe(0);
    expect(sh(sd, `readlink ${SD_PATH}/current`)).toBe('releases/q4');
    expect(sh(sd, `test -e ${SD_PATH}/releases/r5/.keel/bad && echo bad`)).toBe('bad');
    expect(served(sd)).toBe('q4');
  });

  it('a release whose /readyz fails is rolled back and reloaded onto the previous release, without a failed request', async () => {
    release(sd, SD_PATH, 'r6', 'unready');
    const load = await underLoad(url(), async () => {
      const r = await systemd({ timeout: '6s', 'app-module': 'app:app', 'previous-release': 'q4' });
      expect(r.conclusion).toBe('failure');
      expect(errors(r)).toHaveLength(1);
      expect(errors(r)[0]).toMatch(
        /health gate failed after [\d.]+s: .*\/readyz: HTTP 503.*rolled back to q4/,
      );
      // The failing gate is bounded by the timeout (6 s), not twice it (it stops retrying when the next try,
      // after a back-off of at most 2 s, would start past the deadline).
      const gateSeconds = Number(/health gate failed after ([\d.]+)s/.exec(errors(r)[0]!)![1]);
      expect(gateSeconds).toBeGreaterThanOrEqual(3);
      expect(gateSeconds).toBeLessThanOrEqual(7);
    });
    expect(load.failed).toBe(0);
    expect(sh(sd, `readlink ${SD_PATH}/current`)).toBe('releases/q4');
    expect(served(sd)).toBe('q4');
  });

  it('a release whose workers cannot boot (no boot check) takes the master down; it is rolled back and started again', async () => {
    release(sd, SD_PATH, 'r7', 'boot-error');
    const r = await systemd({ 'previous-release': 'q4' });
    expect(r.conclusion).toBe('failure');
    expect(errors(r)).toHaveLength(1);
    expect(errors(r).join('\n')).toMatch(
      /master of keel-reload.service exited during the reload[\s\S]*rolled back to q4, which is serving and healthy/,
    );
    expect(sh(sd, `readlink ${SD_PATH}/current`)).toBe('releases/q4');
    expect(served(sd)).toBe('q4');
  });

  it('socket activation: restarts behind the held socket under load with 0 failed requests', async () => {
    release(sd, SD_PATH, 'r8');
    const sockUrl = `http://${sd.address}:${SOCKET_PORT}/version`;
    sh(sd, `curl -sf http://127.0.0.1:${SOCKET_PORT}/healthz >/dev/null`); // first connection starts the service
    const r = await systemd({
      strategy: 'socket',
      unit: 'keel-reload-sock.service',
      upstream: `127.0.0.1:${SOCKET_PORT}`,
      'load-url': sockUrl,
      'load-rate': '40',
      'load-window': '1s',
    });
    expect(errors(r)).toEqual([]);
    expect(r.outputs).toMatchObject({ result: 'success', 'serving-release': 'r8', 'load-failed': '0' });
  });

  it('restart drops requests: the load probe sees it, and failed requests after the switch roll the host back', async () => {
    release(sd, SD_PATH, 'r9');
    const r = await systemd({
      strategy: 'restart',
      'load-url': url(),
      'load-rate': '100',
      'load-window': '1s',
    });
    expect(Number(r.outputs['load-failed'])).toBeGreaterThan(0);
    expect(r.conclusion).toBe('failure');
    expect(r.outputs['rolled-back-hosts']).toBe(sd.address);
    expect(errors(r)).toHaveLength(1);
    expect(errors(r)[0]).toMatch(
      /load probe saw \d+ failed request\(s\) to .* during the reload \(allowed: 0\); rolled back to r8, which is serving and healthy/,
    );
    expect(r.log.join('\n')).toMatch(/drops requests/);
    expect(sh(sd, `readlink ${SD_PATH}/current`)).toBe('releases/r8');
    expect(served(sd)).toBe('r8');
    expect(r.outputs['serving-release']).toBe('r8');
  });

  it('bad inputs fail clearly and touch nothing', async () => {
    const before = sh(
      sd,
      `readlink ${SD_PATH}/current; systemctl show -p MainPID --value keel-reload.service`,
    );
    const unknown = await systemd({ unit: 'no-such-app.service' });
    expect(unknown.exitCode).toBe(1);
    expect(errors(unknown).join('\n')).toMatch(/systemd does not know the unit no-such-app.service/);
    const notSocket = await systemd({ strategy: 'socket' });
    expect(errors(notSocket).join('\n')).toMatch(/needs a socket-activated unit/);
    const noPidfile = await reload(sd, { strategy: 'usr2' });
    expect(errors(noPidfile)).toEqual(["input 'pidfile': is required for strategy 'usr2'"]);
    // USR2 on a master that systemd owns would get the service killed: refused.
    sh(
      sd,
      `systemctl show -p MainPID --value keel-reload.service > /tmp/keel-reload.pid; chmod 644 /tmp/keel-reload.pid`,
    );
    const managed = await reload(sd, {
      strategy: 'usr2',
      pidfile: '/tmp/keel-reload.pid',
      upstream: `127.0.0.1:${PORT}`,
    });
    expect(managed.exitCode).toBe(1);
    expect(errors(managed).join('\n')).toMatch(
      /main process of keel-reload.service: a USR2 upgrade would make systemd kill/,
    );
    for (const r of [unknown, notSocket, noPidfile, managed]) expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(sh(sd, `readlink ${SD_PATH}/current; systemctl show -p MainPID --value keel-reload.service`)).toBe(
      before,
    );
  });
});

/**
 * The rolling reload proved per worker (keel's Gunicorn hooks record what each worker loaded), on its own
 * unit with 3 workers. Release ids are picked so that name order and deploy order disagree (m1, k2, c3, z3, j4, a4,
 * ...): the release to go back to is always the one deployed before (`previous-release`, as ssh-deploy says).
 */
describe('reload-graceful rolling, proved per worker (the systemd host)', () => {
  let sd: TestHost;
  const ROLL = '/srv/reload-roll';
  const PIN = '/srv/reload-pin';
  const RPORT = 8102;
  const PPORT = 8103;
  const url = () => `http://${sd.address}:${RPORT}/version`;
  const roll = (inputs: Record<string, string> = {}) =>
    reload(sd, {
      strategy: 'rolling',
      unit: 'keel-roll.service',
      'deploy-path': ROLL,
      upstream: `127.0.0.1:${RPORT}`,
      timeout: '20s',
      ...inputs,
    });
  const masterOf = (unit: string) => sh(sd, `systemctl show -p MainPID --value ${unit}`);
  const workers = (unit: string) =>
    sh(sd, `pgrep -P ${masterOf(unit)} || true`)
      .split('\n')
      .filter(Boolean);
  /** What each worker of the unit recorded it loaded (its release id), straight from the records. */
  const loadedBy = (unit: string) =>
    workers(unit).map((pid) =>
      (JSON.parse(sh(sd, `cat /dev/shm/keel-workers.$(id -u deploy)/${pid}`)) as { release: string }).release
        .split('/')
        .pop()!,
    );
  /** Waits (at most 40 s) until the unit runs exactly n workers. */
  const settle = (unit: string, n: number) =>
    sh(
      sd,
      `for i in $(seq 160); do [ "$(pgrep -c -P ${masterOf(unit)})" = ${n} ] && exit 0; sleep 0.25; done; exit 1`,
    );
  /** A load probe that calls a request failed after 3 s: a stall while no worker serves shows up. */
  async function strictLoad(body: () => Promise<void>): Promise<LoadReport> {
    const probe = new LoadProbe({ url: url(), rate: 40, timeoutMs: 3_000 });
    probe.start();
    probe.mark('during');
    try {
      await body();
    } finally {
      probe.mark('after');
    }
    return probe.stop();
  }

  beforeAll(() => {
    sd = host('sd');
    for (const p of [ROLL, PIN]) {
      sh(sd, `rm -rf ${p} && install -d -o deploy -g deploy ${p} ${p}/releases`);
      putFile(sd.name, `${p}/hooks.conf.py`, GUNICORN_HOOKS, { owner: 'deploy' });
    }
    putFile(
      sd.name,
      '/etc/systemd/system/keel-roll.service',
      UNIT('roll', ROLL, `0.0.0.0:${RPORT}`).replace('--workers 2', '--workers 3'),
    );
    // Pinned to the first release's directory: every worker it ever starts runs m1's code.
    putFile(
      sd.name,
      '/etc/systemd/system/keel-pin.service',
      UNIT('pin', PIN, `0.0.0.0:${PPORT}`).replace(`--chdir ${PIN}/current`, `--chdir ${PIN}/releases/m1`),
    );
    release(sd, ROLL, 'm1');
    release(sd, PIN, 'm1', 'via-current');
    sh(sd, 'systemctl daemon-reload && systemctl start keel-roll.service keel-pin.service');
    for (const port of [RPORT, PPORT])
      sh(sd, `for i in $(seq 50); do curl -sf http://127.0.0.1:${port}/healthz && break; sleep 0.2; done`);
    settle('keel-roll.service', 3);
  });

  afterAll(() => {
    sh(
      sd,
      `systemctl stop keel-roll.service keel-pin.service; rm -f /etc/systemd/system/keel-roll.service /etc/systemd/system/keel-pin.service; systemctl daemon-reload; systemctl reset-failed; rm -rf ${ROLL} ${PIN}`,
    );
  });

  it('drift: a master running one worker too many (TTIN) ends a rolling reload, and then a HUP reload, with exactly 3', async () => {
    sh(sd, 'systemctl kill -s TTIN --kill-whom=main keel-roll.service');
    settle('keel-roll.service', 4);
    release(sd, ROLL, 'k2');
    const r = await roll({ 'previous-release': 'm1' });
    expect(errors(r)).toEqual([]);
    expect(r.outputs).toMatchObject({ result: 'success', 'serving-release': 'k2' });
    expect(r.annotations.filter((a) => a.level === 'warning').map((a) => a.message)).toContainEqual(
      expect.stringMatching(/ran 4 worker\(s\) but is configured for 3: the reload ends with 3/),
    );
    const host0 = (JSON.parse(r.outputs.report!) as { hosts: { workersAfter: number }[] }).hosts[0]!;
    expect(host0.workersAfter).toBe(3);
    expect(workers('keel-roll.service')).toHaveLength(3);
    expect(loadedBy('keel-roll.service')).toEqual(['k2', 'k2', 'k2']);
    // The failure of the issue: a drifted master made the next HUP reload wait for 4 workers and fail.
    sh(sd, 'systemctl kill -s TTIN --kill-whom=main keel-roll.service');
    settle('keel-roll.service', 4);
    release(sd, ROLL, 'c3');
    const hup = await roll({ strategy: 'systemd', 'previous-release': 'k2' });
    expect(errors(hup)).toEqual([]);
    expect(hup.outputs).toMatchObject({ result: 'success', 'serving-release': 'c3' });
    expect(workers('keel-roll.service')).toHaveLength(3);
    expect(loadedBy('keel-roll.service')).toEqual(['c3', 'c3', 'c3']);
  });

  it('a release that imports slowly (8 s a worker) under load: rolled in with 0 failed requests, no old worker retired before its replacement imported', async () => {
    release(sd, ROLL, 'z3', 'slow');
    const before = workers('keel-roll.service');
    let r: StepResult | undefined;
    const load = await strictLoad(async () => {
      r = await roll({ 'previous-release': 'c3', timeout: '30s' });
    });
    expect(errors(r!)).toEqual([]);
    expect(r!.outputs).toMatchObject({ result: 'success', 'serving-release': 'z3' });
    // Three workers, one after the other, each 8 s to import: a reload that took a forked worker for an up one
    // would have been done in a few seconds, with no worker serving for most of 8 s.
    const host0 = (JSON.parse(r!.outputs.report!) as { hosts: { seconds: number }[] }).hosts[0]!;
    expect(host0.seconds).toBeGreaterThan(24);
    expect(load.requests).toBeGreaterThan(500);
    expect(load.failed).toBe(0);
    const after = workers('keel-roll.service');
    expect(after).toHaveLength(3);
    expect(after.filter((p) => before.includes(p))).toEqual([]);
    expect(loadedBy('keel-roll.service')).toEqual(['z3', 'z3', 'z3']);
  });

  it('a release whose workers import for longer than the timeout: rolled back, the previous release keeps serving, 0 failed requests, exactly 3 workers', async () => {
    // First a release that imports quickly again (the rollback starts its workers anew).
    release(sd, ROLL, 'j4');
    expect((await roll({ 'previous-release': 'z3' })).outputs.result).toBe('success');
    release(sd, ROLL, 'a4', 'slower');
    let r: StepResult | undefined;
    const load = await strictLoad(async () => {
      r = await roll({ 'previous-release': 'j4', timeout: '5s' });
    });
    expect(r!.conclusion).toBe('failure');
    expect(r!.outputs['rolled-back-hosts']).toBe(sd.address);
    expect(errors(r!)).toHaveLength(1);
    expect(errors(r!)[0]).toMatch(
      /a new worker of keel-roll.service did not finish importing the app within 5s; rolled back to j4, which is serving and healthy$/,
    );
    expect(load.failed).toBe(0);
    expect(sh(sd, `readlink ${ROLL}/current`)).toBe('releases/j4');
    expect(sh(sd, `test -e ${ROLL}/releases/a4/.keel/bad && echo bad`)).toBe('bad');
    expect(workers('keel-roll.service')).toHaveLength(3);
    expect(loadedBy('keel-roll.service')).toEqual(['j4', 'j4', 'j4']);
    expect(served(sd, RPORT)).toBe('j4');
  });

  it('an app that reads its release through `current` cannot fool the gate: what each worker loaded is checked, and the release is rolled back', async () => {
    const pin = (inputs: Record<string, string>) =>
      reload(sd, {
        strategy: 'systemd',
        unit: 'keel-pin.service',
        'deploy-path': PIN,
        upstream: `127.0.0.1:${PPORT}`,
        timeout: '6s',
        ...inputs,
      });
    release(sd, PIN, 'k2', 'via-current');
    // m1's workers now answer k2: the version path alone would say k2 is served.
    expect(served(sd, PPORT)).toBe('k2');
    const r = await pin({ 'previous-release': 'm1' });
    expect(r.conclusion).toBe('failure');
    expect(errors(r)).toHaveLength(1);
    expect(errors(r)[0]).toMatch(
      /health gate failed after [\d.]+s: upstream worker records: expected every worker on k2, but worker \d+ loaded m1, worker \d+ loaded m1; rolled back to m1, which is serving and healthy$/,
    );
    expect(sh(sd, `readlink ${PIN}/current`)).toBe('releases/m1');
    expect(loadedBy('keel-pin.service')).toEqual(['m1', 'm1']);
  });

  it('records in a directory another user made are not believed; a rollback that cannot be proved says what is live', async () => {
    // Someone else (here: root) made the records directory, world-writable, before the workers: records in it
    // could be anyone's, so none counts, and no worker can be proved up (nor the rollback).
    const uid = sh(sd, 'id -u deploy');
    const d = `/dev/shm/keel-workers.${uid}`;
    sh(sd, `mv ${d} ${d}.real && mkdir -m 0777 ${d} && cp ${d}.real/* ${d}/`);
    try {
      release(sd, ROLL, 'b5');
      const r = await roll({ 'previous-release': 'j4', timeout: '4s' });
      expect(r.conclusion).toBe('failure');
      expect(errors(r)).toHaveLength(1);
      expect(errors(r)[0]).toMatch(
        /a new worker of keel-roll.service did not finish importing the app within 4s; .*the rollback failed too: .*; live: current → j4; master \d+ with \d+ worker\(s\) \(\d+ on unrecorded\)$/,
      );
    } finally {
      sh(sd, `rm -rf ${d} && mv ${d}.real ${d}; systemctl restart keel-roll.service`);
    }
  });
});

describe('reload-graceful with USR2 (Gunicorn under no service manager, on a plain host)', () => {
  let h: TestHost;
  const url = () => `http://${h.address}:${PORT}/version`;
  const pidfile = `${U2_PATH}/gunicorn.pid`;
  const usr2 = (inputs: Record<string, string> = {}) =>
    reload(h, { strategy: 'usr2', pidfile, 'deploy-path': U2_PATH, timeout: '20s', ...inputs });

  beforeAll(() => {
    h = plainHosts()[0]!;
    // A master left by an interrupted earlier run would hold the port.
    sh(
      h,
      `pkill -f '[g]unicorn --chdir ${U2_PATH}/' ; sleep 0.5; rm -rf ${U2_PATH} && install -d -o deploy -g deploy ${U2_PATH} ${U2_PATH}/releases`,
    );
    release(h, U2_PATH, 'u1');
    sh(
      h,
      // setsid -f: detached at once; fd 251 is a pipe of the harness that a daemon must not keep (the test's
      // exec would wait for it forever).
      `cd ${U2_PATH} && runuser -u deploy -- setsid -f /usr/bin/gunicorn --chdir ${U2_PATH}/current --bind 0.0.0.0:${PORT} --workers 2 --graceful-timeout 5 --pid ${pidfile} app:app </dev/null >>${U2_PATH}/gunicorn.log 2>&1 251>&-`,
    );
    sh(h, `for i in $(seq 50); do curl -sf http://127.0.0.1:${PORT}/healthz && break; sleep 0.2; done`);
  });

  afterAll(() => {
    sh(h, `pkill -f '[g]unicorn --chdir ${U2_PATH}/'; sleep 1; rm -rf ${U2_PATH}`);
  });

  it('three USR2 upgrades under load: 0 failed requests, a new master each time, the new release served after each', async () => {
    const masters = [sh(h, `cat ${pidfile}`)];
    const load = await underLoad(url(), async () => {
      for (const id of ['u2', 'u3', 'u4']) {
        release(h, U2_PATH, id);
        const r = await usr2({ 'load-url': url(), 'load-rate': '40', 'load-window': '1s' });
        expect(errors(r)).toEqual([]);
        expect(r.outputs).toMatchObject({ result: 'success', 'serving-release': id, 'load-failed': '0' });
        masters.push(sh(h, `cat ${pidfile}`));
        expect(sh(h, `test -e ${pidfile}.2 && echo left || echo gone`)).toBe('gone');
        expect(served(h)).toBe(id);
      }
    });
    expect(new Set(masters).size).toBe(4);
    expect(load.failed).toBe(0);
  });

  // The new master can die before its <pidfile>.2 is read (on a busy machine): then the report is that none appeared.
  it('a new master that cannot boot is stopped, the old one keeps serving, and current goes back', async () => {
    const master = sh(h, `cat ${pidfile}`);
    release(h, U2_PATH, 'u5', 'boot-error');
    const load = await underLoad(url(), async () => {
      const r = await usr2();
      expect(r.conclusion).toBe('failure');
      expect(errors(r).join('\n')).toMatch(
        /(new Gunicorn master \d+ exited while booting|no new Gunicorn master with workers appeared)[\s\S]*rolled back to u4, which is serving and healthy/,
      );
    });
    expect(load.failed).toBe(0);
    expect(sh(h, `cat ${pidfile}`)).toBe(master);
    expect(sh(h, `readlink ${U2_PATH}/current`)).toBe('releases/u4');
    expect(served(h)).toBe('u4');
  });

  it('a pidfile that names no running process is a clear error', async () => {
    const r = await reload(h, { strategy: 'usr2', pidfile: '/srv/nothing.pid' });
    expect(r.exitCode).toBe(1);
    expect(errors(r).join('\n')).toMatch(/no Gunicorn pidfile at \/srv\/nothing.pid/);
  });
});
