/**
 * The processes beside the app on the systemd host, deployed through the committed ssh-deploy bundle: two
 * instances of a worker, restarted onto each new release with a warm shutdown, and again on a rollback.
 *
 * Celery is not installed on the test hosts (kept offline and small): the worker is a stand-in that behaves
 * like a Celery worker's warm shutdown. On SIGTERM it logs that it is finishing the task in flight, sleeps 2 s,
 * logs the task finished and exits 0. It writes its release (read from the release it was started in) and its
 * arguments to /run/procapp/worker-<PID>, so the test can tell which release each main PID runs.
 *
 * Only the process units and the rendered sudo rules are installed here (the manifest is cut down to them; the
 * app's own service and site are ssh-deploy.test.ts's). After the first deploy the test hosts' broad sudo rules
 * are moved aside: every later deploy, rollback and failure runs with ONLY the rules render-config rendered.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  appUserScript,
  host,
  hostExec,
  moveBroadSudoAside,
  restoreBroadSudoScript,
  type TestHost,
} from '../support/hosts.js';
import { sshDeployAction } from '../support/ssh-deploy.js';
import { errorsOf, warningsOf } from '../support/step.js';
import { renderOnly, sampleWorkspace } from '../support/workspace.js';

const WORKER = `import json, os, signal, sys, time
release = open("RELEASE").read().strip()
path = "/run/procapp/worker-%d" % os.getpid()
def log(line):
    with open(path, "a") as f:
        f.write(line + "\\n")
log("started " + release + " " + json.dumps(sys.argv[1:]))
def term(*_):
    log("stopping: finishing the task in flight")
    time.sleep(2)
    log("task finished")
    sys.exit(0)
signal.signal(signal.SIGTERM, term)
while True:
    time.sleep(1)
`;

const SPEC = `app: { name: procapp, module: "app:app", path: /srv/procapp, gunicorn: /usr/bin/gunicorn }
systemd: { read-write-paths: [/run/procapp] }
proxy: { domains: [procapp.keel.test] }
processes:
  worker:
    command: python3 worker.py 'a b' "50%" 'q"x' ü
    instances: 2
    stop-timeout: 20
`;

let workspace: string;
let rendered: string;
let sd: TestHost;
const UNITS = ['procapp-worker@1.service', 'procapp-worker@2.service'];
const sh = (cmd: string) => hostExec('sd', cmd).trim();
const pids = () => UNITS.map((u) => sh(`systemctl show -p MainPID --value ${u}`));
const logOf = (pid: string) => sh(`cat /run/procapp/worker-${pid}`);
const errors = errorsOf;
const SAVED_SUDO = '/root/keel-deploy.saved';

const deploy = sshDeployAction(() => ({
  workspace,
  address: sd.address,
  deployPath: '/srv/procapp',
  rendered,
}));

beforeAll(async () => {
  sd = host('sd');
  sh(
    'systemctl stop "procapp-worker@*" 2>/dev/null; rm -rf /srv/procapp /etc/systemd/system/procapp-* /etc/sudoers.d/procapp-keel; systemctl daemon-reload; ' +
      `${appUserScript('procapp', '/srv/procapp')}; install -d -o procapp -g procapp -m 0755 /run/procapp; rm -f /run/procapp/*`,
  );
  workspace = sampleWorkspace('proc', { 'app/worker.py': WORKER });
  rendered = await renderOnly(SPEC, ['systemd-process', 'sudoers'], 'proc');
}, 60_000);

afterAll(() => {
  sh(
    `${restoreBroadSudoScript(SAVED_SUDO)}; rm -f /etc/sudoers.d/procapp-keel; systemctl stop "procapp-worker@*" 2>/dev/null || true`,
  );
  rmSync(workspace, { recursive: true, force: true });
  rmSync(rendered, { recursive: true, force: true });
});

describe('processes beside the app (a warm-shutdown worker stand-in, two instances)', () => {
  let first: string[];

  it('first deploy: installs the template unit, enables and starts both instances on the release, no shell', async () => {
    const r = await deploy({ 'release-id': 'p1' });
    expect(errors(r)).toEqual([]);
    expect(sh('test -f /etc/systemd/system/procapp-worker@.service && echo yes')).toBe('yes');
    expect(sh(`systemctl is-active ${UNITS.join(' ')}`)).toBe('active\nactive');
    expect(sh(`systemctl is-enabled ${UNITS.join(' ')}`)).toBe('enabled\nenabled');
    first = pids();
    expect(first.every((p) => /^[1-9]\d*$/.test(p))).toBe(true);
    expect(new Set(first).size).toBe(2);
    // The arguments arrive exactly as the spec wrote them (quotes removed, % literal, non-ASCII intact).
    for (const pid of first) {
      const [, release, argv] = /^started (\S+) (.*)$/.exec(logOf(pid))!;
      expect([release, JSON.parse(argv!)]).toEqual(['p1', ['a b', '50%', 'q"x', 'ü']]);
    }
    // Run as the app's user, in the unit's sandbox.
    expect(sh(`ps -o user= -p ${first[0]}`)).toBe('procapp');
    expect(sh(`systemctl show -p KillMode --value ${UNITS[0]}`)).toBe('mixed');
    // From here on, the deploy user may run only what render-config's rules allow.
    expect(sh('visudo -cf /etc/sudoers.d/procapp-keel')).toContain('parsed OK');
    moveBroadSudoAside('sd', SAVED_SUDO);
    expect(sh('sudo -l -U deploy | grep -c "systemctl restart --no-block procapp-worker@[12].service"')).toBe(
      '2',
    );
    expect(sh('ls /etc/sudoers.d')).not.toContain('keel-deploy');
    // Nothing broader: another instance, another verb, a shell are refused.
    for (const cmd of [
      'systemctl restart procapp-worker@3.service',
      // The blocking restart (a command that waits on the host through a warm shutdown) is not keel's any more.
      'systemctl restart procapp-worker@1.service',
      'systemctl stop procapp-worker@1.service',
      'systemctl restart procapp-worker@1.service procapp-worker@2.service',
      'sh -c true',
    ])
      expect(sh(`runuser -u deploy -- sudo -n ${cmd} >/dev/null 2>&1; echo $?`)).toBe('1');
    // ...while sudo itself works for the deploy user (the rendered rule for true).
    expect(sh('runuser -u deploy -- sudo -n /usr/bin/true; echo $?')).toBe('0');
  }, 120_000);

  it('second deploy: a warm shutdown (the task in flight finished), then both instances on the new release', async () => {
    const started = Date.now();
    const r = await deploy({ 'release-id': 'p2' });
    expect(errors(r)).toEqual([]);
    // The 2 s "task" was waited for (both instances stop in parallel).
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    const now = pids();
    expect(now.every((p) => /^[1-9]\d*$/.test(p) && !first.includes(p))).toBe(true);
    for (const pid of now) expect(logOf(pid)).toMatch(/^started p2 /);
    for (const pid of first)
      expect(logOf(pid).split('\n')).toEqual([
        expect.stringMatching(/^started p1 /),
        'stopping: finishing the task in flight',
        'task finished',
      ]);
    expect(sh(`systemctl is-active ${UNITS.join(' ')}`)).toBe('active\nactive');
  }, 120_000);

  it('mode: rollback restarts them onto the release rolled back to', async () => {
    const before = pids();
    const r = await deploy({ mode: 'rollback' });
    expect(errors(r)).toEqual([]);
    expect(sh('readlink /srv/procapp/current')).toBe('releases/p1');
    const now = pids();
    expect(now.every((p) => /^[1-9]\d*$/.test(p) && !before.includes(p))).toBe(true);
    for (const pid of now) expect(logOf(pid)).toMatch(/^started p1 /);
    for (const pid of before) expect(logOf(pid)).toMatch(/task finished$/);
  }, 120_000);

  it('a worker that dies at start fails the deploy and the release is switched back, workers on the previous one', async () => {
    const before = pids();
    writeFileSync(join(workspace, 'app/worker.py'), 'import sys\nsys.exit(3)\n');
    const r = await deploy({ 'release-id': 'p3' });
    expect(r.exitCode).toBe(1);
    expect(errors(r).join('\n')).toMatch(
      /the processes did not come back on the new release: (procapp-worker@[12]\.service is \w+|their main PIDs kept changing)/,
    );
    expect(sh('readlink /srv/procapp/current')).toBe('releases/p1');
    const now = pids();
    expect(now.every((p) => /^[1-9]\d*$/.test(p) && !before.includes(p))).toBe(true);
    for (const pid of now) expect(logOf(pid)).toMatch(/^started p1 /);
  }, 180_000);

  it('a worker that ignores SIGTERM: stop-timeout bounds the wait, then SIGKILL, and the deploy says so', async () => {
    // p4's workers ignore TERM (the normal p1 workers stop warmly on the way there).
    writeFileSync(
      join(workspace, 'app/worker.py'),
      WORKER.replace('signal.signal(signal.SIGTERM, term)', 'signal.signal(signal.SIGTERM, signal.SIG_IGN)'),
    );
    const first = await deploy({ 'release-id': 'p4' });
    expect(errors(first)).toEqual([]);
    const stubborn = pids();
    for (const pid of stubborn) expect(logOf(pid)).toMatch(/^started p4 /);
    const started = Date.now();
    const r = await deploy({ 'release-id': 'p5' });
    const took = Date.now() - started;
    expect(errors(r)).toEqual([]);
    // Waited the whole stop-timeout (20 s), not forever: then systemd killed them, and the run said so.
    expect(took).toBeGreaterThanOrEqual(20_000);
    expect(took).toBeLessThan(60_000);
    const warnings = warningsOf(r);
    for (const unit of UNITS)
      expect(warnings.join('\n')).toContain(
        `${unit} did not finish its warm shutdown within its stop-timeout (20s): systemd killed what was left`,
      );
    for (const pid of stubborn) expect(sh(`test -d /proc/${pid} && echo alive || echo gone`)).toBe('gone');
    for (const pid of pids()) expect(logOf(pid)).toMatch(/^started p5 /);
  }, 180_000);
});
