/**
 * A singleton (Celery beat) under `process-manager: supervisor`, on two real hosts: the systemd host (Debian's
 * supervisor as `supervisor.service`) and plain1 (the same Debian supervisord, started by hand: that host has no
 * systemd), each with its own Redis from Debian, deployed by the committed ssh-deploy bundle as the runner runs
 * it, with ONLY the rendered sudo rules after the first deploy:
 *
 * - beat runs on the first host only (its program file linked into conf.d there, installed outside conf.d on
 *   the other); a process whose program name it is a prefix of (`beat2`) runs on both, untouched by beat's rules;
 * - a 2-host deploy: beat fires exactly once per schedule (its own log on both hosts), and never two beats at
 *   once (polled on both hosts during the deploy);
 * - moving singleton-host: supervisord on the old host logs beat stopped BEFORE the new host's spawns it, and
 *   never two at once;
 * - a stale beat program left running by hand on a host that is not the singleton host is stopped and removed;
 * - mode: rollback keeps the rule;
 * - a job cancelled during the singleton's warm stop on the old host (a stand-in that takes 12 s to stop):
 *   the step ends itself in time, no command of keel's is left on either host, every lock is free, the stop
 *   completes in supervisord (not killed), the singleton was started nowhere, and the next deploy moves it.
 *
 * Only the process programs, the exec wrapper and the sudo rules are installed (the app's own program and site
 * are other suites').
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { renderConfig } from '../../src/render/render-config.js';
import { clientKey, host, hostExec, knownHosts, plainHosts } from '../support/hosts.js';
import { actionDir, repoRoot } from '../support/paths.js';
import { runStep, type StepResult } from '../support/step.js';

const APP = '/srv/supbeat';
const TASKS = `${APP}/shared/tasks`;
const BEAT_EVERY = 2;
const BEAT = 'supbeat-beat:supbeat-beat_1';
const BEAT2 = ['supbeat-beat2:supbeat-beat2_1', 'supbeat-beat2:supbeat-beat2_2'];
const ENABLED = '/etc/supervisor/conf.d/supbeat-beat.conf';
const FILE = '/etc/supervisor/keel-singletons/supbeat-beat.conf';
const BEAT_LOG = '/var/log/supbeat/supbeat-beat.log';
const REAL_BEAT = `python3 -m celery -A tasks beat --schedule ${TASKS}/celerybeat-schedule --pidfile ${TASKS}/beat.pid --loglevel INFO`;
/** A stand-in singleton whose warm stop takes 12 s (a real beat stops at once). */
const SLOW = `import os, signal, sys, time
path = "${TASKS}/slow-%d" % os.getpid()
def log(line):
    with open(path, "a") as f:
        f.write(line + "\\n")
log("started " + open("RELEASE").read().strip())
def term(*_):
    log("stopping")
    time.sleep(12)
    log("stopped")
    sys.exit(0)
signal.signal(signal.SIGTERM, term)
while True:
    time.sleep(1)
`;

const spec = (beat: string, extra: string) => `app:
  name: supbeat
  module: "app:app"
  path: ${APP}
  gunicorn: /usr/bin/gunicorn
  environment:
    KEEL_TASKS_DIR: ${TASKS}
    KEEL_BEAT_EVERY: "${BEAT_EVERY}"
    CELERY_BROKER_URL: redis://127.0.0.1:6379/4
process-manager: supervisor
gunicorn: { bind: tcp, port: 8300 }
proxy: { domains: [supbeat.keel.test] }
processes:
  beat:
    command: ${beat}
    singleton: true
    stop-timeout: 30
${extra}  beat2:
    command: sleep 100000
    instances: 2
    stop-timeout: 10
`;

let workspace: string;
let sd: string;
let p1: string;
let p1name: string;
const renders: string[] = [];
const on = (h: string, cmd: string) => hostExec(h === sd ? 'sd' : p1name, cmd).trim();
const errors = (r: StepResult) => r.annotations.filter((a) => a.level === 'error').map((a) => a.message);
const text = (r: StepResult) => r.log.join('\n');
/** supervisor's answer about a process: a PID, or its error (`No such process ...`). */
const pid = (h: string, name: string) => on(h, `supervisorctl pid ${name}; true`);
const beats = (h: string) => Number(on(h, `pgrep -c -f '[c]elery -A tasks beat'; true`));
const locked = (h: string) => on(h, `test -e ${APP}/.keel/lock && echo locked || echo free`);
/** keel's commands still on a host: any process carrying a KEEL_RUN token, and any supervisorctl client. */
const keelLeft = (h: string) =>
  on(
    h,
    `grep -lzs '^KEEL_RUN=' /proc/[0-9]*/environ | sed 's#/proc/##; s#/environ##' | while read p; do ps -o pid=,args= -p "$p"; done; pgrep -af '[s]upervisorctl'; true`,
  );

async function render(beat: string, extra = ''): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'keel-supbeat-out-'));
  renders.push(dir);
  const result = await renderConfig({
    specText: spec(beat, extra),
    specFile: 'keel.yml',
    overrides: {},
    outDir: dir,
    validate: false,
  });
  expect(result.ok).toBe(true);
  const manifestPath = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  manifest.files = manifest.files.filter(
    (f: { kind: string; install: string }) =>
      ['supervisor-program', 'supervisor-exec', 'sudoers'].includes(f.kind) &&
      f.install !== '/etc/supervisor/conf.d/supbeat.conf',
  );
  writeFileSync(manifestPath, JSON.stringify(manifest));
  return dir;
}

function deploy(rendered: string, inputs: Record<string, string>, cancel?: AbortSignal) {
  return runStep({
    actionDir: actionDir('ssh-deploy'),
    workspace,
    with: {
      hosts: `${sd}\n${p1}`,
      user: 'deploy',
      'ssh-key': clientKey(),
      'known-hosts': knownHosts(),
      'deploy-path': APP,
      source: 'app',
      'rendered-dir': rendered,
      venv: 'off',
      ...inputs,
    },
    ...(cancel ? { cancel } : {}),
  });
}

/** Polls both hosts for running beats until stopped: the most seen at once, and how many polls. */
function watchBeats() {
  let stop = false;
  let max = 0;
  let polls = 0;
  const done = (async () => {
    while (!stop) {
      max = Math.max(max, beats(sd) + beats(p1));
      polls++;
      await sleep(100);
    }
  })();
  return async () => {
    stop = true;
    await done;
    return { max, polls };
  };
}

/** Beat's sends of `tick` on a host, after its first `skip` lines of log, as epoch ms. */
function sends(h: string, skip: number): number[] {
  return on(h, `tail -n +${skip + 1} ${BEAT_LOG} 2>/dev/null | grep 'Sending due task tick'; true`)
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const m = /^\[(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d),(\d{3})/.exec(l);
      return m ? Date.parse(`${m[1]}T${m[2]}.${m[3]}Z`) : NaN;
    });
}
const lines = (h: string) => Number(on(h, `cat ${BEAT_LOG} 2>/dev/null | wc -l`));

/** supervisord's own log lines about supbeat-beat_1 (spawned / stopped), as [epoch ms, what]. */
function supervisordEvents(h: string): [number, string][] {
  return on(
    h,
    `grep -E "(spawned: 'supbeat-beat_1'|stopped: supbeat-beat_1 )" /var/log/supervisor/supervisord.log; true`,
  )
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d),(\d{3}) INFO (spawned|stopped)/.exec(l);
      return [m ? Date.parse(`${m[1]}T${m[2]}.${m[3]}Z`) : NaN, m?.[4] ?? l] as [number, string];
    });
}

/** Waits (bounded) until `ok()`; returns whether it came. */
async function until(ok: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (ok()) return true;
    await sleep(200);
  }
  return ok();
}

const CLEAN = `rm -rf ${APP} /etc/supervisor/conf.d/supbeat* /etc/supervisor/keel-singletons /usr/local/libexec/keel/supbeat-exec /etc/sudoers.d/supbeat-keel /var/log/supbeat`;
const PREPARE =
  'id supbeat >/dev/null 2>&1 || useradd --system --home-dir /srv/supbeat --shell /usr/sbin/nologin supbeat; ' +
  `install -d -o deploy -g deploy ${APP} ${APP}/shared; install -d -o supbeat -g supbeat ${TASKS}`;
const WAIT_SOCKET =
  'for i in $(seq 50); do test -S /var/run/supervisor.sock && break; sleep 0.2; done; supervisorctl status; true';

beforeAll(async () => {
  sd = host('sd').address;
  const plain = plainHosts()[0]!;
  p1 = plain.address;
  p1name = plain.name;
  on(
    sd,
    `systemctl stop supervisor 2>/dev/null; ${CLEAN}; ${PREPARE}; systemctl start redis-server && redis-cli -n 4 flushdb >/dev/null; : > /var/log/supervisor/supervisord.log; systemctl start supervisor; ${WAIT_SOCKET}`,
  );
  // plain1 has no systemd: Debian's supervisord and redis-server started as root, as their units would.
  on(
    p1,
    `supervisorctl shutdown >/dev/null 2>&1; ${CLEAN}; ${PREPARE}; ` +
      'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null 2>&1; ' +
      'mkdir -p /var/log/supervisor; : > /var/log/supervisor/supervisord.log; supervisord -c /etc/supervisor/supervisord.conf >/dev/null 2>&1; ' +
      WAIT_SOCKET,
  );
  workspace = mkdtempSync(join(tmpdir(), 'keel-supbeat-ws-'));
  cpSync(join(repoRoot, 'examples/sample-app'), join(workspace, 'app'), { recursive: true });
  writeFileSync(join(workspace, 'app/slow.py'), SLOW);
}, 90_000);

afterAll(() => {
  for (const h of [sd, p1])
    on(
      h,
      'test -e /root/keel-deploy.supbeat && mv /root/keel-deploy.supbeat /etc/sudoers.d/keel-deploy; true',
    );
  on(sd, `systemctl stop supervisor redis-server 2>/dev/null; ${CLEAN}; true`);
  on(p1, `supervisorctl shutdown >/dev/null 2>&1; redis-cli shutdown nosave >/dev/null 2>&1; ${CLEAN}; true`);
  rmSync(workspace, { recursive: true, force: true });
  for (const d of renders) rmSync(d, { recursive: true, force: true });
});

describe('a singleton (Celery beat) under supervisor, on two hosts', () => {
  let real: string;

  it('first deploy: beat on the first host only (linked into conf.d there), beat2 on both; then only the rendered sudo rules', async () => {
    real = await render(REAL_BEAT);
    const r = await deploy(real, { 'release-id': 'b1' });
    if (errors(r).length) console.log(text(r));
    expect(errors(r)).toEqual([]);
    expect(pid(sd, BEAT)).toMatch(/^[1-9]\d*$/);
    expect(pid(p1, BEAT)).toMatch(/No such process/);
    expect(beats(sd)).toBe(1);
    expect(beats(p1)).toBe(0);
    // The file is on both hosts; only sd's supervisord reads it (its conf.d link).
    expect(on(sd, `readlink ${ENABLED}`)).toBe(FILE);
    expect(on(p1, `test -e ${ENABLED} || test -L ${ENABLED} && echo present || echo absent`)).toBe('absent');
    expect(on(p1, `test -f ${FILE} && echo present`)).toBe('present');
    // beat2 (beat is a prefix of its name) runs on both.
    for (const h of [sd, p1]) for (const n of BEAT2) expect(pid(h, n)).toMatch(/^[1-9]\d*$/);
    expect(on(sd, `readlink /proc/${pid(sd, BEAT)}/cwd`)).toBe(`${APP}/releases/b1`);
    // From here on: only the rules render-config rendered, on both hosts.
    for (const h of [sd, p1]) {
      on(h, 'mv /etc/sudoers.d/keel-deploy /root/keel-deploy.supbeat');
      expect(on(h, 'runuser -u deploy -- sudo -n supervisorctl status 2>&1; true')).toMatch(
        /password is required|not allowed/,
      );
      // Exact names: nothing that would match a longer program.
      expect(on(h, 'sudo -l -U deploy | grep -c "supbeat-beat\\*"; true')).toBe('0');
    }
  }, 180_000);

  it('a 2-host deploy: beat fires exactly once per schedule, never two beats at once', async () => {
    const skip = { sd: lines(sd), p1: lines(p1) };
    writeFileSync(join(workspace, 'app/extra.txt'), 'b2\n');
    const watch = watchBeats();
    const r = await deploy(real, { 'release-id': 'b2' });
    await sleep(BEAT_EVERY * 3000);
    const seen = await watch();
    expect(errors(r)).toEqual([]);
    expect(seen.polls).toBeGreaterThan(10);
    expect(seen.max).toBe(1);
    expect(on(sd, `readlink /proc/${pid(sd, BEAT)}/cwd`)).toBe(`${APP}/releases/b2`);
    const onSd = sends(sd, skip.sd);
    expect(sends(p1, skip.p1)).toEqual([]);
    expect(onSd.length).toBeGreaterThan(3);
    const gaps = onSd.slice(1).map((t, i) => t - onSd[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(BEAT_EVERY * 1000 * 0.75);
  }, 180_000);

  it('moving singleton-host to plain1: stopped on sd before plain1 starts it, never two at once; beat2 untouched by the move', async () => {
    const moved = await render(REAL_BEAT, `    singleton-host: "${p1}"\n`);
    const skip = { sd: lines(sd), p1: lines(p1) };
    writeFileSync(join(workspace, 'app/extra.txt'), 'b3\n');
    const watch = watchBeats();
    const r = await deploy(moved, { 'release-id': 'b3' });
    await sleep(BEAT_EVERY * 3000);
    const seen = await watch();
    if (errors(r).length) console.log(text(r));
    expect(errors(r)).toEqual([]);
    expect(seen.max).toBe(1);
    expect(text(r)).toContain(`${sd}: stopped and removed ${BEAT} (beat runs on the singleton host only)`);
    expect(pid(sd, BEAT)).toMatch(/No such process/);
    expect(pid(p1, BEAT)).toMatch(/^[1-9]\d*$/);
    expect(on(sd, `test -e ${ENABLED} || test -L ${ENABLED} && echo present || echo absent`)).toBe('absent');
    expect(on(p1, `readlink ${ENABLED}`)).toBe(FILE);
    // supervisord's own logs: sd's beat stopped before plain1's was spawned.
    const stoppedOnSd = supervisordEvents(sd)
      .filter(([, w]) => w === 'stopped')
      .pop()![0];
    const spawnedOnP1 = supervisordEvents(p1)
      .filter(([, w]) => w === 'spawned')
      .pop()![0];
    expect(spawnedOnP1).toBeGreaterThan(stoppedOnSd);
    // beat's own sends: sd's last before plain1's first, and never two within a period.
    const all = [...sends(sd, skip.sd), ...sends(p1, skip.p1)].sort((a, b) => a - b);
    const gaps = all.slice(1).map((t, i) => t - all[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(BEAT_EVERY * 1000 * 0.75);
    expect(sends(p1, skip.p1).length).toBeGreaterThan(2);
    // beat2 (a longer name that starts with beat's) still runs on both, its file in place.
    for (const h of [sd, p1]) {
      for (const n of BEAT2) expect(pid(h, n)).toMatch(/^[1-9]\d*$/);
      expect(on(h, 'test -f /etc/supervisor/conf.d/supbeat-beat2.conf && echo present')).toBe('present');
    }
  }, 180_000);

  it('a stale beat left running by hand on sd (not the singleton host) is stopped and removed by the next deploy', async () => {
    const moved = await render(REAL_BEAT, `    singleton-host: "${p1}"\n`);
    // By hand: a copy of the program file in sd's conf.d, loaded and started. Two beats now run.
    on(
      sd,
      `cp ${FILE} ${ENABLED} && supervisorctl reread >/dev/null && supervisorctl update supbeat-beat >/dev/null`,
    );
    expect(await until(() => beats(sd) === 1, 20_000)).toBe(true);
    expect(beats(p1)).toBe(1);
    writeFileSync(join(workspace, 'app/extra.txt'), 'b4\n');
    const r = await deploy(moved, { 'release-id': 'b4' });
    expect(errors(r)).toEqual([]);
    expect(text(r)).toContain(`${sd}: stopped and removed ${BEAT}`);
    expect(beats(sd)).toBe(0);
    expect(pid(sd, BEAT)).toMatch(/No such process/);
    expect(on(sd, `test -e ${ENABLED} && echo present || echo absent`)).toBe('absent');
    expect(beats(p1)).toBe(1);
    expect(on(p1, `readlink /proc/${pid(p1, BEAT)}/cwd`)).toBe(`${APP}/releases/b4`);
  }, 180_000);

  it("another file in conf.d that declares the same program (not keel's to remove): the run fails naming it and starts nothing", async () => {
    const moved = await render(REAL_BEAT, `    singleton-host: "${p1}"\n`);
    const onP1 = pid(p1, BEAT);
    const other = '/etc/supervisor/conf.d/celerybeat-by-hand.conf';
    on(
      sd,
      `cp ${FILE} ${other} && supervisorctl reread >/dev/null && supervisorctl update supbeat-beat >/dev/null`,
    );
    try {
      expect(await until(() => beats(sd) === 1, 20_000)).toBe(true);
      writeFileSync(join(workspace, 'app/extra.txt'), 'bx\n');
      const r = await deploy(moved, { 'release-id': 'bx' });
      expect(r.exitCode).toBe(1);
      expect(errors(r).join('\n')).toContain(
        `${sd}: ${other} also declare(s) [program:supbeat-beat], which keel did not write`,
      );
      // Nothing started or switched anywhere: plain1's beat is the same process, no release bx.
      expect(pid(p1, BEAT)).toBe(onP1);
      for (const h of [sd, p1])
        expect(on(h, `test -e ${APP}/releases/bx && echo exists || echo absent`)).toBe('absent');
    } finally {
      on(
        sd,
        `rm -f ${other}; supervisorctl reread >/dev/null; supervisorctl update supbeat-beat >/dev/null; true`,
      );
    }
    expect(await until(() => beats(sd) === 0, 20_000)).toBe(true);
  }, 180_000);

  it('mode: rollback keeps the rule: beat back on the previous release, on plain1 only', async () => {
    const moved = await render(REAL_BEAT, `    singleton-host: "${p1}"\n`);
    const watch = watchBeats();
    const r = await deploy(moved, { mode: 'rollback' });
    const seen = await watch();
    expect(errors(r)).toEqual([]);
    expect(seen.max).toBe(1);
    expect(beats(sd)).toBe(0);
    expect(on(p1, `readlink /proc/${pid(p1, BEAT)}/cwd`)).toBe(`${APP}/releases/b3`);
  }, 180_000);

  it('cancelled during the singleton warm stop on the old host: nothing of keel left, locks free, the stop completes, started nowhere; the next deploy moves it', async () => {
    // The singleton becomes the slow stand-in, still on plain1.
    const slowOnP1 = await render('python3 slow.py', `    singleton-host: "${p1}"\n`);
    writeFileSync(join(workspace, 'app/extra.txt'), 'b5\n');
    const first = await deploy(slowOnP1, { 'release-id': 'b5' });
    expect(errors(first)).toEqual([]);
    const slowPid = pid(p1, BEAT);
    expect(slowPid).toMatch(/^[1-9]\d*$/);
    const slowLog = `${TASKS}/slow-${slowPid}`;
    expect(on(p1, `cat ${slowLog}`)).toBe('started b5');

    // Moving it to sd: plain1's stand-in takes 12 s to stop; the job is cancelled meanwhile.
    const slowOnSd = await render('python3 slow.py', `    singleton-host: "${sd}"\n`);
    writeFileSync(join(workspace, 'app/extra.txt'), 'b6\n');
    const cancel = new AbortController();
    const step = deploy(slowOnSd, { 'release-id': 'b6' }, cancel.signal);
    // No command of keel's waits on the host through the warm stop: the update's client gave up (after 3 s)
    // while supervisord goes on with the stop alone.
    const clients = () => on(p1, `pgrep -af '[s]upervisorctl update'; true`);
    let during: { stopping: boolean; clientGone: boolean; log: string };
    try {
      const stopping = await until(() => on(p1, `cat ${slowLog}`).includes('stopping'), 60_000);
      const clientGone = stopping && (await until(() => clients() === '', 6_000));
      during = { stopping, clientGone, log: on(p1, `cat ${slowLog}`) };
    } catch (error) {
      cancel.abort();
      await step;
      throw error;
    }
    const cancelledAt = Date.now();
    cancel.abort();
    const r = await step;
    const took = Date.now() - cancelledAt;
    expect(during).toEqual({ stopping: true, clientGone: true, log: 'started b5\nstopping' });
    expect({ conclusion: r.conclusion, exitCode: r.exitCode, signal: r.signal }).toEqual({
      conclusion: 'cancelled',
      exitCode: 1,
      signal: null,
    });
    expect(took).toBeLessThan(7_500);
    expect([...r.log, r.stderr].join('\n')).not.toMatch(/\n\s+at .+:\d+:\d+|unexpectedly/);
    // No command of keel's on either host, every lock free, nothing left for the post step.
    for (const h of [sd, p1]) {
      expect(keelLeft(h)).toBe('');
      expect(locked(h)).toBe('free');
    }
    expect(r.post?.annotations ?? []).toEqual([]);
    // Started nowhere: sd never got to start it (and never links it), plain1's file is gone.
    expect(pid(sd, BEAT)).toMatch(/No such process/);
    expect(on(sd, `test -e ${ENABLED} && echo present || echo absent`)).toBe('absent');
    expect(on(p1, `test -e ${ENABLED} && echo present || echo absent`)).toBe('absent');
    // supervisord finishes the warm stop on its own: the stand-in logs it stopped (not killed).
    expect(await until(() => on(p1, `cat ${slowLog}`).endsWith('stopped'), 30_000)).toBe(true);
    expect(on(p1, `cat ${slowLog}`)).toBe('started b5\nstopping\nstopped');
    expect(on(p1, `pgrep -fc '[p]ython3 slow.py'; true`)).toBe('0');
    // The next deploy: plain1's leftover (stopped, still loaded) removed, the singleton started on sd.
    const next = await deploy(slowOnSd, { 'release-id': 'b7' });
    if (errors(next).length) console.log(text(next));
    expect(errors(next)).toEqual([]);
    expect(pid(p1, BEAT)).toMatch(/No such process/);
    expect(pid(sd, BEAT)).toMatch(/^[1-9]\d*$/);
    expect(on(sd, `readlink /proc/${pid(sd, BEAT)}/cwd`)).toBe(`${APP}/releases/b7`);
  }, 240_000);
});
