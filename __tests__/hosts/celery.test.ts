/**
 * Real Celery beside the app, with Redis, on the systemd host: the sample app's `tasks.py` (Debian's
 * python3-celery and python3-redis) as a worker and a beat (a singleton), shipped by the root action and by
 * ssh-deploy + reload-graceful, the way a runbook's Celery section does it by hand.
 *
 * - A long task started before a deploy COMPLETES on the release that started it (warm shutdown within
 *   stop-timeout), the next task runs on the new release, and the workers move only after the web reload is
 *   proved (new main PIDs, their working directory the new release).
 * - A release whose worker cannot start is rolled back by the reload stage: web and workers back on the release
 *   before it.
 * - reload-graceful's automatic rollback (the new release fails its version check) moves the workers ssh-deploy
 *   had put on the new release back; a rollback before the workers moved leaves them alone.
 * - Beat fires exactly once per schedule across all of it (its sends in its journal, never two within a period).
 *
 * Each task records the release whose code ran it (read once, from the directory the process started in), so
 * nothing here can pass through `current` pointing somewhere new.
 */
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { celeryTasks } from '../support/celery.js';
import { appUserScript, connectionInputs, host, hostExec, putFile } from '../support/hosts.js';
import { actionDir, repoRoot } from '../support/paths.js';
import { errorsOf, rootAction } from '../support/root-action.js';
import { runStep, type StepResult } from '../support/step.js';
import { until } from '../support/wait.js';
import { sampleWorkspace } from '../support/workspace.js';
import { makeCa, type TestCa } from '../support/tls.js';

const DOMAIN = 'celery.keel.test';
const TASKS = '/srv/celapp/shared/tasks';
const BEAT_EVERY = 2;
/** A long task: it must still run when a deploy started after it reaches the workers. */
const LONG_TASK_S = 25;
const SPEC = `app:
  name: celapp
  module: "app:app"
  path: /srv/celapp
  gunicorn: /usr/bin/gunicorn
  environment: { KEEL_TASKS_DIR: ${TASKS}, KEEL_BEAT_EVERY: "${BEAT_EVERY}" }
gunicorn: { workers: 2 }
proxy:
  domains: [${DOMAIN}]
  tls: { certificates: files, cert: /etc/keel-celery/c.crt, key: /etc/keel-celery/c.key }
processes:
  worker:
    command: python3 -m celery -A tasks worker --concurrency 2 --loglevel INFO --without-mingle --without-gossip
    stop-timeout: 60
  beat:
    command: python3 -m celery -A tasks beat --schedule ${TASKS}/celerybeat-schedule --pidfile ${TASKS}/beat.pid --loglevel INFO
    singleton: true
    stop-timeout: 20
`;
const WORKER = 'celapp-worker@1.service';
const BEAT = 'celapp-beat@1.service';

let ca: TestCa;
let workspace: string;
let address: string;
const sh = (cmd: string) => hostExec('sd', cmd).trim();
const errors = errorsOf;
const pid = (unit: string) => sh(`systemctl show -p MainPID --value ${unit}`);
/** Where a unit's main process runs: its working directory as the kernel resolved it when it started. */
const cwd = (unit: string) => sh(`readlink /proc/${pid(unit)}/cwd`);
const current = () => sh('readlink /srv/celapp/current');

const { enqueue, record } = celeryTasks({ user: 'celapp', path: '/srv/celapp', tasks: TASKS });

const pipeline = rootAction(() => ({ workspace, address, caPem: ca.caPem }));

const connection = () => connectionInputs(address);

beforeAll(() => {
  address = host('sd').address;
  ca = makeCa();
  sh(
    'systemctl stop "celapp*" 2>/dev/null; rm -rf /srv/celapp /etc/systemd/system/celapp* /etc/nginx/sites-*/celapp.conf /etc/sudoers.d/celapp-keel; systemctl daemon-reload; ' +
      `${appUserScript('celapp', '/srv/celapp')}; install -d -o deploy -g deploy /srv/celapp/shared; install -d -o celapp -g celapp ${TASKS}; ` +
      'usermod -aG www-data deploy; systemctl start redis-server && redis-cli ping',
  );
  const cert = ca.issue([DOMAIN], { name: 'celery', days: 30 });
  putFile('sd', '/etc/keel-celery/c.crt', cert.certPem);
  putFile('sd', '/etc/keel-celery/c.key', cert.keyPem, { mode: '0600' });
  workspace = sampleWorkspace('celery', { 'deploy/keel.yml': SPEC });
}, 60_000);

afterAll(() => {
  hostExec(
    'sd',
    'systemctl stop "celapp*" redis-server nginx 2>/dev/null; rm -rf /srv/celapp /etc/keel-celery /etc/systemd/system/celapp* /etc/nginx/sites-*/celapp.conf /etc/sudoers.d/celapp-keel; systemctl daemon-reload; true',
  );
  rmSync(workspace, { recursive: true, force: true });
  ca?.remove();
});

describe('Celery worker and beat with Redis beside the app', () => {
  it('first release: the root action starts the worker and beat on it, after the web is proved', async () => {
    const r = await pipeline({ 'release-id': 'c1' });
    expect(errors(r)).toEqual([]);
    expect(r.outputs).toMatchObject({ status: 'success', 'serving-release': 'c1', 'smoke-passed': 'true' });
    expect(sh(`systemctl is-active ${WORKER} ${BEAT}`)).toBe('active\nactive');
    expect(sh(`systemctl is-enabled ${WORKER} ${BEAT}`)).toBe('enabled\nenabled');
    expect(cwd(WORKER)).toBe('/srv/celapp/releases/c1');
    expect(cwd(BEAT)).toBe('/srv/celapp/releases/c1');
    // The worker runs the app's code as the app's user, and a task runs.
    expect(sh(`ps -o user= -p ${pid(WORKER)}`)).toBe('celapp');
    enqueue('first', 0);
    expect((await record('task-first.done', 30_000))[0]).toBe('c1');
    // Beat's schedule fires (the worker runs its ticks).
    await record('beat.log', 20_000);
  }, 180_000);

  it('a long task started before a deploy completes on its release; the next task runs on the new one', async () => {
    const before = { worker: pid(WORKER), beat: pid(BEAT) };
    // Longer than the deploy takes to reach the workers' restart on a loaded CI machine (8 s was not).
    enqueue('long', LONG_TASK_S);
    const started = await record('task-long.started', 30_000);
    expect(started[0]).toBe('c1');
    writeFileSync(join(workspace, 'app/extra.txt'), 'c2\n');
    const t0 = Date.now();
    const r = await pipeline({ 'release-id': 'c2', skip: 'render' });
    expect(errors(r)).toEqual([]);
    expect(r.outputs).toMatchObject({ status: 'success', 'serving-release': 'c2' });
    // Not killed: the task finished, on the release that started it, and the deploy waited for it.
    const done = await record('task-long.done', 1_000);
    expect(done[0]).toBe('c1');
    expect(done[2]).toBe(started[2]);
    expect(Number(done[3]) - Number(started[3])).toBeGreaterThanOrEqual(LONG_TASK_S);
    // ...and it finished DURING the warm shutdown the deploy began (not before the deploy got there).
    const warm = sh(
      `journalctl -u ${WORKER} -o short-unix --no-pager --since=@${Math.floor(t0 / 1000)} | grep -m1 'Warm shutdown' | cut -d' ' -f1`,
    );
    expect(Number(warm)).toBeGreaterThan(0);
    expect(Number(warm)).toBeLessThan(Number(done[3]));
    // New main processes on the new release.
    expect(sh(`systemctl is-active ${WORKER} ${BEAT}`)).toBe('active\nactive');
    expect(pid(WORKER)).not.toBe(before.worker);
    expect(pid(BEAT)).not.toBe(before.beat);
    expect(cwd(WORKER)).toBe('/srv/celapp/releases/c2');
    expect(cwd(BEAT)).toBe('/srv/celapp/releases/c2');
    enqueue('next', 0);
    expect((await record('task-next.done', 30_000))[0]).toBe('c2');
  }, 240_000);

  it('a release whose worker cannot start: the reload stage rolls web and workers back to the release before', async () => {
    writeFileSync(join(workspace, 'app/tasks.py'), 'raise RuntimeError("c3 workers cannot start")\n');
    let r: StepResult;
    try {
      r = await pipeline({ 'release-id': 'c3', skip: 'render' });
    } finally {
      cpSync(join(repoRoot, 'examples/sample-app/tasks.py'), join(workspace, 'app/tasks.py'));
    }
    expect(r.exitCode).toBe(1);
    expect(errors(r).join('\n')).toMatch(/the processes did not come back on the new release/);
    expect(r.outputs).toMatchObject({ 'reload-result': 'failed', 'rolled-back-hosts': address });
    expect(current()).toBe('releases/c2');
    expect(sh(`systemctl is-active ${WORKER} ${BEAT}`)).toBe('active\nactive');
    expect(cwd(WORKER)).toBe('/srv/celapp/releases/c2');
    expect(cwd(BEAT)).toBe('/srv/celapp/releases/c2');
    enqueue('after-c3', 0);
    expect((await record('task-after-c3.done', 30_000))[0]).toBe('c2');
  }, 240_000);

  it('a release that fails its health check before the workers moved: they are left alone (no needless restart)', async () => {
    const before = { worker: pid(WORKER), beat: pid(BEAT) };
    writeFileSync(join(workspace, 'app/extra.txt'), 'c4\n');
    const r = await pipeline({ 'release-id': 'c4', skip: 'render', 'expected-version': 'not-c4' });
    expect(r.exitCode).toBe(1);
    expect(r.outputs).toMatchObject({ 'reload-result': 'failed' });
    expect(current()).toBe('releases/c2');
    expect({ worker: pid(WORKER), beat: pid(BEAT) }).toEqual(before);
  }, 240_000);

  it("reload-graceful's automatic rollback moves the workers ssh-deploy put on the new release back", async () => {
    writeFileSync(join(workspace, 'app/extra.txt'), 'c5\n');
    const deploy = await runStep({
      actionDir: actionDir('ssh-deploy'),
      workspace,
      with: {
        ...connection(),
        'deploy-path': '/srv/celapp',
        source: 'app',
        venv: 'off',
        'rendered-dir': '.keel/rendered',
        'release-id': 'c5',
      },
    });
    expect(errors(deploy)).toEqual([]);
    // ssh-deploy alone restarts them after its switch.
    expect(cwd(WORKER)).toBe('/srv/celapp/releases/c5');
    const moved = { worker: pid(WORKER), beat: pid(BEAT) };
    const reload = await runStep({
      actionDir: actionDir('reload-graceful'),
      workspace,
      with: {
        ...connection(),
        unit: 'celapp.service',
        'deploy-path': '/srv/celapp',
        'rendered-dir': '.keel/rendered',
        'expected-version': 'not-c5',
        timeout: '10s',
      },
    });
    expect(reload.exitCode).toBe(1);
    expect(reload.outputs).toMatchObject({ 'rolled-back-hosts': address });
    expect(current()).toBe('releases/c2');
    expect(sh(`systemctl is-active ${WORKER} ${BEAT}`)).toBe('active\nactive');
    expect(pid(WORKER)).not.toBe(moved.worker);
    expect(pid(BEAT)).not.toBe(moved.beat);
    expect(cwd(WORKER)).toBe('/srv/celapp/releases/c2');
    expect(cwd(BEAT)).toBe('/srv/celapp/releases/c2');
    enqueue('after-c5', 0);
    expect((await record('task-after-c5.done', 30_000))[0]).toBe('c2');
  }, 240_000);

  it('beat fired exactly once per schedule through every restart (never two sends within a period)', () => {
    const sends = sh(
      `journalctl -u 'celapp-beat@*' -o short-unix --no-pager | grep 'Sending due task tick' | cut -d' ' -f1`,
    )
      .split('\n')
      .map(Number);
    // Five releases' worth of restarts happened; the sends cover the whole run.
    expect(sends.length).toBeGreaterThan(10);
    const gaps = sends.slice(1).map((t, i) => t - sends[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(BEAT_EVERY * 0.75);
    // Every tick sent ran once (a few of the last may still be queued).
    const ran = Number(sh(`wc -l < ${TASKS}/beat.log`));
    expect(ran).toBeLessThanOrEqual(sends.length);
    expect(ran).toBeGreaterThanOrEqual(sends.length - 3);
  });

  it('hosts reordered: the old singleton host stops and disables beat before any host may start it', async () => {
    expect(sh(`systemctl is-active ${BEAT}`)).toBe('active');
    const plain1 = host('plain1').address;
    writeFileSync(join(workspace, 'app/extra.txt'), 'c6\n');
    const t0 = Math.floor(Date.now() / 1000);
    // plain1 is first now, so beat belongs there (plain hosts have no systemd: its deploy cannot start
    // anything, and fails). sd is no longer the singleton host.
    const r = await runStep({
      actionDir: actionDir('ssh-deploy'),
      workspace,
      with: {
        ...connection(),
        hosts: `${plain1}\n${address}`,
        'deploy-path': '/srv/celapp',
        source: 'app',
        venv: 'off',
        'rendered-dir': '.keel/rendered',
        'install-config': 'false',
        'release-id': 'c6',
      },
    });
    const log = r.stdout;
    // Beat on sd was stopped and disabled first, before the rollout touched any host.
    const stopped = log.indexOf(`${address}: stopped and disabled ${BEAT}`);
    expect(stopped).toBeGreaterThanOrEqual(0);
    const firstHostWork = log.search(/preparing|uploaded|sent \d+ file/);
    expect(firstHostWork === -1 || stopped < firstHostWork).toBe(true);
    expect(sh(`systemctl is-active ${BEAT}; true`)).toBe('inactive');
    expect(sh(`systemctl is-enabled ${BEAT}; true`)).toBe('disabled');
    // The worker runs everywhere: on sd it moved to c6.
    expect(errors(r).join('\n')).toContain(plain1);
    expect(errors(r).join('\n')).not.toContain(`${address}:`);
    expect(cwd(WORKER)).toBe('/srv/celapp/releases/c6');
    // Not a single beat start on sd since.
    expect(sh(`journalctl -u ${BEAT} --since=@${t0} -o cat --no-pager | grep -c '^Started' ; true`)).toBe(
      '0',
    );
    // sd first again: beat comes back there.
    const back = await runStep({
      actionDir: actionDir('ssh-deploy'),
      workspace,
      with: {
        ...connection(),
        'deploy-path': '/srv/celapp',
        mode: 'rollback',
        'rendered-dir': '.keel/rendered',
      },
    });
    expect(errors(back)).toEqual([]);
    expect(sh(`systemctl is-active ${BEAT}`)).toBe('active');
    expect(sh(`systemctl is-enabled ${BEAT}`)).toBe('enabled');
  }, 240_000);

  it('the root action cancelled while a worker finishes a long task: ends itself in time, nothing left running, web and workers back on the release that was serving, the task completes', async () => {
    const serving = current();
    enqueue('long-cancel', LONG_TASK_S);
    const started = await record('task-long-cancel.started', 30_000);
    writeFileSync(join(workspace, 'app/extra.txt'), 'c7\n');
    const cancel = new AbortController();
    const t0 = Date.now();
    const lines: string[] = [];
    const step = pipeline(
      { 'release-id': 'c7', skip: 'render' },
      { cancel: cancel.signal, onLine: (l) => lines.push(`${Date.now() - t0} ms: ${l}`) },
    );
    // The web reload is proved, then the workers' restart is queued: the worker is in its warm shutdown.
    const warm = await until(() => sh(`systemctl is-active ${WORKER}; true`) === 'deactivating', 60_000);
    expect(warm).toBe(true);
    expect(current()).toBe('releases/c7');
    const at = Date.now();
    cancel.abort();
    const r = await step;
    // Before the runner's SIGTERM (7.5 s after its SIGINT); when not, keel's log says where the time went.
    const took = Date.now() - at;
    if (took >= 7_500)
      throw new Error(
        `ended ${took} ms after the cancel (at ${at - t0} ms); keel's log:\n${lines.join('\n')}`,
      );
    expect({ conclusion: r.conclusion, exitCode: r.exitCode, signal: r.signal }).toEqual({
      conclusion: 'cancelled',
      exitCode: 1,
      signal: null,
    });
    expect(errors(r).join('\n')).toMatch(/cancelled \(SIGINT\)/);
    // No command of keel's left on the host, the lock free.
    expect(
      sh(`grep -lzs '^KEEL_RUN=' /proc/[0-9]*/environ; pgrep -af 'systemctl (restart|stop)'; true`),
    ).toBe('');
    expect(sh('test -e /srv/celapp/.keel/lock && echo locked || echo free')).toBe('free');
    expect(current()).toBe(serving);
    // The task completed in the same worker process, and every process lands on the release that was serving.
    const done = await record('task-long-cancel.done', 40_000);
    expect(done[2]).toBe(started[2]);
    await until(
      () =>
        sh(`systemctl is-active ${WORKER} ${BEAT}; true`) === 'active\nactive' &&
        cwd(WORKER) === `/srv/celapp/${serving}` &&
        cwd(BEAT) === `/srv/celapp/${serving}`,
      30_000,
    );
    expect({ worker: cwd(WORKER), beat: cwd(BEAT) }).toEqual({
      worker: `/srv/celapp/${serving}`,
      beat: `/srv/celapp/${serving}`,
    });
  }, 240_000);
});
