/**
 * The edges of the processes beside the app, with real Celery 5 and Redis on the systemd host (Debian's
 * python3-celery, python3-redis, redis-server), deployed by the committed ssh-deploy bundle the way the runner
 * runs it:
 *
 * - A job cancelled while a worker is in its warm shutdown (a long task running): the step ends itself within
 *   the runner's grace (no SIGKILL), no command of keel's is left running on the host, the lock is free,
 *   `current` is back on the release that was serving, the long task COMPLETES (not killed), and every
 *   instance ends on that release: never some on the new release and some stopped.
 * - Two deploys started at once: exactly one holds the lock, the other fails naming the lock and changes
 *   nothing; the processes end on the winner's release; beat never runs twice.
 * - `singleton-host`: beat runs on the host named even when it is not the first of the hosts list; a name that
 *   is not exactly one of the hosts fails naming the field before any host is touched.
 *
 * Only the process units and the rendered sudo rules are installed (the manifest is cut down to them; the
 * app's own service and site are other suites'), and the deploy user runs with ONLY the rendered rules.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { celeryTasks } from '../support/celery.js';
import {
  appUserScript,
  connectionInputs,
  host,
  hostExec,
  moveBroadSudoAside,
  plainHosts,
  putFile,
  restoreBroadSudoScript,
} from '../support/hosts.js';
import { actionDir } from '../support/paths.js';
import { sshDeployAction } from '../support/ssh-deploy.js';
import { errorsOf, runStep } from '../support/step.js';
import { until } from '../support/wait.js';
import { renderOnly, sampleWorkspace } from '../support/workspace.js';

const APP = '/srv/celedge';
const TASKS = `${APP}/shared/tasks`;
const BEAT_EVERY = 2;
const spec = (beat: string) => `app:
  name: celedge
  module: "app:app"
  path: ${APP}
  gunicorn: /usr/bin/gunicorn
  environment:
    KEEL_TASKS_DIR: ${TASKS}
    KEEL_BEAT_EVERY: "${BEAT_EVERY}"
    CELERY_BROKER_URL: redis://127.0.0.1:6379/3
proxy: { domains: [celedge.keel.test] }
processes:
  worker:
    command: python3 -m celery -A tasks worker --concurrency 2 --loglevel INFO --without-mingle --without-gossip
    instances: 2
    stop-timeout: 60
  beat:
    command: python3 -m celery -A tasks beat --schedule ${TASKS}/celerybeat-schedule --pidfile ${TASKS}/beat.pid --loglevel INFO
    singleton: true
    stop-timeout: 20
${beat}`;
const WORKERS = ['celedge-worker@1.service', 'celedge-worker@2.service'];
const BEAT = 'celedge-beat@1.service';
const UNITS = [...WORKERS, BEAT];

let workspace: string;
let sdAddress: string;
const renderedDirs: string[] = [];
const sh = (cmd: string) => hostExec('sd', cmd).trim();
const errors = errorsOf;
const SAVED_SUDO = '/root/keel-deploy.celedge';
const pid = (unit: string) => sh(`systemctl show -p MainPID --value ${unit}`);
const cwd = (unit: string) => sh(`readlink /proc/${pid(unit)}/cwd`);
const cwds = () => UNITS.map(cwd);
const current = () => sh(`readlink ${APP}/current`);
const state = (unit: string) => sh(`systemctl is-active ${unit}; true`);
/** keel's commands still on the host: every process carrying a KEEL_RUN token, and any systemctl client. */
const keelLeft = () =>
  sh(
    `grep -lzs '^KEEL_RUN=' /proc/[0-9]*/environ | sed 's#/proc/##; s#/environ##' | while read p; do ps -o pid=,args= -p "$p"; done; pgrep -af 'systemctl (restart|stop)'; true`,
  );

/** render-config's output for the spec: only the process units and the rendered sudo rules. */
async function render(beat: string): Promise<string> {
  const dir = await renderOnly(spec(beat), ['systemd-process', 'sudoers'], 'celedge');
  renderedDirs.push(dir);
  return dir;
}

let rendered: string;

const sshDeploy = sshDeployAction(() => ({ workspace, address: sdAddress, deployPath: APP, rendered }));
const deploy = (inputs: Record<string, string>, cancel?: AbortSignal) =>
  sshDeploy(inputs, cancel ? { cancel } : {});

const { enqueue, record } = celeryTasks({
  user: 'celedge',
  path: APP,
  tasks: TASKS,
  env: { CELERY_BROKER_URL: 'redis://127.0.0.1:6379/3', KEEL_TASKS_DIR: TASKS },
});

/** Beat's sends from its journal since `t0` (epoch s), as epoch seconds. */
const beatSends = (t0: number) =>
  sh(
    `journalctl -u 'celedge-beat@*' -o short-unix --no-pager --since=@${t0} | grep 'Sending due task tick' | cut -d' ' -f1; true`,
  )
    .split('\n')
    .filter(Boolean)
    .map(Number);

beforeAll(async () => {
  sdAddress = host('sd').address;
  sh(
    `systemctl stop "celedge*" 2>/dev/null; rm -rf ${APP} /etc/systemd/system/celedge* /etc/sudoers.d/celedge-keel; systemctl daemon-reload; ` +
      `${appUserScript('celedge', APP)}; install -d -o deploy -g deploy ${APP}/shared; install -d -o celedge -g celedge ${TASKS}; ` +
      'systemctl start redis-server && redis-cli -n 3 flushdb',
  );
  workspace = sampleWorkspace('celedge');
  rendered = await render('');
}, 60_000);

afterAll(() => {
  hostExec(
    'sd',
    `${restoreBroadSudoScript(SAVED_SUDO)}; systemctl stop "celedge*" redis-server 2>/dev/null; rm -rf /root/flower-standin.py ${APP} /etc/systemd/system/celedge* /etc/sudoers.d/celedge-keel; systemctl daemon-reload; true`,
  );
  hostExec(plainHosts()[0]!.name, `rm -rf ${APP}; true`);
  rmSync(workspace, { recursive: true, force: true });
  for (const d of renderedDirs) rmSync(d, { recursive: true, force: true });
});

describe('Celery processes: cancel, concurrency, singleton-host', () => {
  it('first deploy: workers and beat on e1; then only the rendered sudo rules', async () => {
    const r = await deploy({ 'release-id': 'e1' });
    expect(errors(r)).toEqual([]);
    expect(UNITS.map(state)).toEqual(['active', 'active', 'active']);
    expect(cwds()).toEqual(UNITS.map(() => `${APP}/releases/e1`));
    // From here on the deploy user may run only what render-config's rules allow (the queued forms).
    moveBroadSudoAside('sd', SAVED_SUDO);
    expect(sh('sudo -l -U deploy | grep -c "systemctl restart --no-block celedge-"')).toBe('3');
    // The blocking form (a command that would wait through a warm shutdown) is not allowed any more.
    expect(sh(`runuser -u deploy -- sudo -n systemctl restart ${WORKERS[0]} >/dev/null 2>&1; echo $?`)).toBe(
      '1',
    );
    enqueue('first', 0);
    expect((await record('task-first.done', 30_000))[0]).toBe('e1');
  }, 180_000);

  it('cancelled during the warm shutdown: nothing of keel left running, lock free, the long task completes, every instance back on e1', async () => {
    enqueue('long', 15);
    const started = await record('task-long.started', 30_000);
    expect(started[0]).toBe('e1');
    writeFileSync(join(workspace, 'app/extra.txt'), 'e2\n');
    const cancel = new AbortController();
    const step = deploy({ 'release-id': 'e2' }, cancel.signal);
    // The deploy switched to e2 and queued the restarts: a worker is in its warm shutdown (the long task).
    const warm = await until(() => WORKERS.some((u) => state(u) === 'deactivating'), 60_000);
    expect(warm).toBe(true);
    expect(current()).toBe('releases/e2');
    const cancelledAt = Date.now();
    cancel.abort();
    const r = await step;
    const took = Date.now() - cancelledAt;

    // The step ended itself (exit 1), before the runner's SIGTERM (7.5 s) or SIGKILL.
    expect({ conclusion: r.conclusion, exitCode: r.exitCode, signal: r.signal }).toEqual({
      conclusion: 'cancelled',
      exitCode: 1,
      signal: null,
    });
    expect(took).toBeLessThan(7_500);
    expect(errors(r)).toEqual([expect.stringMatching(/^keel: cancelled \(SIGINT\)/)]);
    expect([...r.log, r.stderr].join('\n')).not.toMatch(/\n\s+at .+:\d+:\d+|unexpectedly/);
    // It said which instance is still finishing its tasks, and where it lands.
    expect(r.log.join('\n')).toMatch(/finished tasks in flight: each one's restart is queued in systemd/);
    // No command of keel's runs on after the job: no tagged process, no systemctl client waiting.
    expect(keelLeft()).toBe('');
    expect(sh(`test -e ${APP}/.keel/lock && echo locked || echo free`)).toBe('free');
    expect(r.post?.annotations ?? []).toEqual([]);
    // Back on the release that was serving, e2 marked bad.
    expect(current()).toBe('releases/e1');
    // The long task was not killed: it completed, in the same worker process, on e1.
    const done = await record('task-long.done', 30_000);
    expect(done[0]).toBe('e1');
    expect(done[2]).toBe(started[2]);
    expect(Number(done[3]) - Number(started[3])).toBeGreaterThanOrEqual(15);
    // systemd's queued restarts finish without keel: every instance active, on e1. None on e2, none stopped.
    const settled = await until(
      () => UNITS.every((u) => state(u) === 'active') && cwds().every((d) => d === `${APP}/releases/e1`),
      30_000,
    );
    expect({ states: UNITS.map(state), cwds: cwds() }).toEqual({
      states: ['active', 'active', 'active'],
      cwds: UNITS.map(() => `${APP}/releases/e1`),
    });
    expect(settled).toBe(true);
    enqueue('after-cancel', 0);
    expect((await record('task-after-cancel.done', 30_000))[0]).toBe('e1');
    // The next deploy goes through (the lock is free, e2's leftovers do not block it).
    const next = await deploy({ 'release-id': 'e3' });
    expect(errors(next)).toEqual([]);
    expect(cwds()).toEqual(UNITS.map(() => `${APP}/releases/e3`));
  }, 240_000);

  it('two deploys at once: one holds the lock, the other fails naming it; processes on one release; beat never twice', async () => {
    const t0 = Math.floor(Date.now() / 1000);
    const before = current();
    // A task in flight keeps the winner in its warm shutdown for a while.
    enqueue('race', 6);
    await record('task-race.started', 30_000);
    writeFileSync(join(workspace, 'app/extra.txt'), 'race\n');
    const [a, b] = await Promise.all([deploy({ 'release-id': 'e4' }), deploy({ 'release-id': 'e5' })]);
    const won = [a, b].filter((r) => r.exitCode === 0);
    const lost = [a, b].filter((r) => r.exitCode !== 0);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const winner = won[0] === a ? 'e4' : 'e5';
    const loser = winner === 'e4' ? 'e5' : 'e4';
    expect(errors(won[0]!)).toEqual([]);
    expect(errors(lost[0]!).join('\n')).toMatch(/another deploy holds the lock/);
    // The loser changed nothing: no release of its own, and it started no process.
    expect(sh(`test -e ${APP}/releases/${loser} && echo exists || echo absent`)).toBe('absent');
    expect(before).not.toBe(`releases/${winner}`);
    expect(current()).toBe(`releases/${winner}`);
    expect(cwds()).toEqual(UNITS.map(() => `${APP}/releases/${winner}`));
    // The task in flight finished on the release it started on.
    expect(`releases/${(await record('task-race.done', 30_000))[0]}`).toBe(before);
    // Beat: one process on the host, and never two sends within a period.
    expect(sh(`pgrep -c -f '[c]elery -A tasks beat'; true`)).toBe('1');
    await sleep(BEAT_EVERY * 2000);
    const sends = beatSends(t0);
    expect(sends.length).toBeGreaterThan(2);
    const gaps = sends.slice(1).map((t, i) => t - sends[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(BEAT_EVERY * 0.75);
  }, 240_000);

  it('mode: check names a Flower listening on 0.0.0.0:5555 (a stand-in: Flower is not on the test hosts) as a finding', async () => {
    // The stand-in: a process named `flower` (its comm, as ss shows it) listening where Flower does by default.
    putFile(
      'sd',
      '/root/flower-standin.py',
      [
        'import ctypes, socket, time',
        'ctypes.CDLL(None).prctl(15, b"flower", 0, 0, 0)',
        's = socket.socket()',
        's.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)',
        's.bind(("0.0.0.0", 5555))',
        's.listen()',
        'time.sleep(900)',
        '',
      ].join('\n'),
      { mode: '0644' },
    );
    sh(
      'install -m 0644 /root/flower-standin.py /srv/flower-standin.py && systemd-run --unit=celedge-flower-standin -p User=deploy /usr/bin/python3 /srv/flower-standin.py',
    );
    expect(await until(() => sh('ss -H -ltn sport = :5555').includes('0.0.0.0:5555'), 10_000)).toBe(true);
    const dir = await render('firewall:\n  allow: [443/tcp]\n');
    const r = await deploy({ mode: 'check', 'rendered-dir': dir });
    sh('systemctl stop celedge-flower-standin; rm -f /srv/flower-standin.py');
    expect(r.conclusion).toBe('success');
    const found = r.annotations
      .filter((a) => a.level === 'warning')
      .map((a) => a.message)
      .filter((m) => m.startsWith(`${sdAddress}: port `));
    const flower = found.find((m) => m.includes('port 5555/tcp'));
    expect(flower).toBeDefined();
    expect(flower).toMatch(/"flower" \(PID \d+\) listens on 0\.0\.0\.0:5555\/tcp, reachable from outside/);
    // Redis (127.0.0.1) and the allowed port are not findings.
    expect(found.some((m) => /port (6379|443)\/tcp/.test(m))).toBe(false);
  }, 120_000);

  it('singleton-host that is not exactly one of the hosts: refused naming the field, nothing touched', async () => {
    const before = { current: current(), pids: UNITS.map(pid), releases: sh(`ls ${APP}/releases`) };
    for (const at of [sdAddress.replace(/\.\d+$/, '.20'), `${sdAddress}0`, 'sd']) {
      const dir = await render(`    singleton-host: "${at}"\n`);
      const r = await deploy({ 'release-id': 'e6', 'rendered-dir': dir });
      expect(r.exitCode).toBe(1);
      expect(errors(r)).toEqual([
        expect.stringContaining(
          `processes.beat.singleton-host: ${JSON.stringify(at)} is not one of the hosts ("${sdAddress}")`,
        ),
      ]);
      // Refused before any connection: nothing on the host changed.
      expect(r.log.join('\n')).not.toMatch(/lock|uploaded|sent \d+ file/);
    }
    expect({ current: current(), pids: UNITS.map(pid), releases: sh(`ls ${APP}/releases`) }).toEqual(before);
  }, 120_000);

  it('reload-graceful and the root action refuse it too, before any host is touched', async () => {
    const before = { current: current(), pids: UNITS.map(pid), releases: sh(`ls ${APP}/releases`) };
    const dir = await render('    singleton-host: "sd"\n');
    const reload = await runStep({
      actionDir: actionDir('reload-graceful'),
      workspace,
      with: {
        ...connectionInputs(sdAddress),
        unit: 'celedge.service',
        'deploy-path': APP,
        'rendered-dir': dir,
      },
    });
    expect(reload.exitCode).toBe(1);
    expect(errors(reload)).toEqual([
      expect.stringContaining(`processes.beat.singleton-host: "sd" is not one of the hosts ("${sdAddress}")`),
    ]);
    // The root action: the spec from the workspace, checked against every host before the first stage.
    writeFileSync(join(workspace, 'keel-bad.yml'), spec('    singleton-host: "sd"\n'));
    const root = await runStep({
      actionDir: actionDir('pipeline'),
      workspace,
      with: {
        ...connectionInputs(sdAddress),
        source: 'app',
        spec: 'keel-bad.yml',
        venv: 'off',
      },
    });
    expect(root.exitCode).toBe(1);
    expect(errors(root)).toEqual([
      expect.stringContaining(`processes.beat.singleton-host: "sd" is not one of the hosts ("${sdAddress}")`),
    ]);
    expect(root.log.join('\n')).not.toMatch(/render-config:|lock|uploaded/);
    expect({ current: current(), pids: UNITS.map(pid), releases: sh(`ls ${APP}/releases`) }).toEqual(before);
  }, 120_000);

  it('singleton-host names sd while another host comes first: beat stays on sd (moved to the new release), never stopped there', async () => {
    const plain1 = plainHosts()[0]!.address;
    const t0 = Math.floor(Date.now() / 1000);
    const dir = await render(`    singleton-host: "${sdAddress}"\n`);
    writeFileSync(join(workspace, 'app/extra.txt'), 'e7\n');
    // plain1 first: without singleton-host beat would belong there (and be stopped on sd). plain1 has no
    // systemd: its deploy cannot start anything and fails; sd's goes through.
    const r = await deploy({
      'release-id': 'e7',
      'rendered-dir': dir,
      hosts: `${plain1}\n${sdAddress}`,
      'install-config': 'false',
    });
    expect(errors(r).join('\n')).toContain(plain1);
    expect(errors(r).join('\n')).not.toContain(`${sdAddress}:`);
    expect(r.stdout).not.toContain(`${sdAddress}: stopped and disabled ${BEAT}`);
    expect(state(BEAT)).toBe('active');
    expect(sh(`systemctl is-enabled ${BEAT}`)).toBe('enabled');
    expect(cwds()).toEqual(UNITS.map(() => `${APP}/releases/e7`));
    // Beat was restarted (warmly) onto e7 on sd, not stopped and left down.
    expect(sh(`journalctl -u ${BEAT} --since=@${t0} -o cat --no-pager | grep -c '^Stopped'; true`)).toBe('1');
    // mode: rollback honours it too: beat back on the previous release on sd.
    const back = await deploy({ mode: 'rollback', 'rendered-dir': dir, hosts: `${plain1}\n${sdAddress}` });
    expect(errors(back).join('\n')).not.toContain(`${sdAddress}:`);
    expect(state(BEAT)).toBe('active');
    expect(cwd(BEAT)).not.toBe(`${APP}/releases/e7`);
  }, 240_000);

  it('a run that cannot hold every lock stops no singleton: beat on sd survives a run that lists plain1 first while another deploy holds sd', async () => {
    const plain1 = plainHosts()[0]!.address;
    const beatPid = pid(BEAT);
    expect(state(BEAT)).toBe('active');
    writeFileSync(join(workspace, 'app/extra.txt'), 'e8\n');
    // A holds sd's lock through its before-switch (beat belongs on sd: the first and only host of A).
    const a = deploy({ 'release-id': 'e8', 'before-switch': 'sleep 20' });
    expect(await until(() => sh(`pgrep -c -fx 'sleep 20'; true`) !== '0', 60_000)).toBe(true);
    // B lists plain1 first, so beat would belong on plain1 and be stopped on sd, but B cannot hold sd's lock.
    const b = await deploy({ 'release-id': 'e9', hosts: `${plain1}\n${sdAddress}` });
    expect(b.exitCode).toBe(1);
    expect(errors(b).join('\n')).toMatch(/another deploy holds the lock/);
    expect(b.stdout).not.toContain('stopped and disabled');
    // Beat on sd: the same process, untouched, while A still holds the lock.
    expect(sh(`pgrep -c -fx 'sleep 20'; true`)).not.toBe('0');
    expect(state(BEAT)).toBe('active');
    expect(pid(BEAT)).toBe(beatPid);
    const ra = await a;
    expect(errors(ra)).toEqual([]);
    expect(ra.exitCode).toBe(0);
    expect(cwd(BEAT)).toBe(`${APP}/releases/e8`);
    expect(sh(`pgrep -c -f '[c]elery -A tasks beat'; true`)).toBe('1');
  }, 240_000);
});
