/**
 * `process-manager: supervisor` on a real supervisord (Debian's package, started on the systemd host as a real
 * user's Debian box runs it: `supervisor.service`), with real Gunicorn (the sample app), through the committed
 * ssh-deploy and reload-graceful bundles:
 * - the first deploy installs the program files, the exec wrapper and the rendered sudo rules, and
 *   `supervisorctl reread` + `update` start the app and two worker processes (environment from the spec and
 *   the env file through the wrapper, hostile arguments kept);
 * - from then on the test hosts' broad sudo rules are moved aside: everything runs with ONLY the rules
 *   render-config rendered (exact supervisorctl arguments);
 * - a release deploy restarts the workers warmly, leaving the app's master alone: a real Celery worker (Debian's
 *   python3-celery, Redis from Debian) finishes a long task started before the deploy, on the release that
 *   started it, and the next task runs on the new one; a stand-in worker (two instances, hostile arguments)
 *   logs that it finished its task after TERM; the reload (`supervisorctl signal HUP`) under load drops 0 requests and proves the release;
 * - a release whose workers cannot boot is rolled back and the previous one serves again;
 * - a changed worker program restarts that program only (supervisorctl update), the app's master untouched.
 *
 * Why the systemd host: supervisord runs there as Debian runs it (a systemd service, root), and the test
 * needs nothing of the machine. Gunicorn is rendered to listen on 127.0.0.1; the test's copy of
 * gunicorn.conf.py binds 0.0.0.0 instead (and the manifest's hash follows), so the load probe on this
 * machine reaches it.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LoadProbe } from '../../src/probes/load.js';
import { renderConfig } from '../../src/render/render-config.js';
import { runStep, type StepResult } from '../support/step.js';
import { clientKey, host, hostExec, knownHosts, putFile, type TestHost } from '../support/hosts.js';
import { actionDir, repoRoot } from '../support/paths.js';

const PORT = 8200;
const WORKER = `import json, os, signal, sys, time
release = open("RELEASE").read().strip()
path = "/run/supapp/worker-%d" % os.getpid()
def log(line):
    with open(path, "a", encoding="utf-8") as f:
        f.write(line + "\\n")
def js(v):
    return json.dumps(v, ensure_ascii=False, separators=(",", ":"))
log("started " + release + " " + js(sys.argv[1:]) + " " + js([os.environ.get("ODD"), os.environ.get("FROM_FILE")]))
log("task started")
def term(*_):
    log("stopping: finishing the task in flight")
    time.sleep(3)
    log("task finished")
    sys.exit(0)
signal.signal(signal.SIGTERM, term)
while True:
    time.sleep(1)
`;

const spec = (stopTimeout: number) => `app:
  name: supapp
  module: "app:app"
  path: /srv/supapp
  gunicorn: /usr/bin/gunicorn
  env-file: /srv/supapp/shared/app.env
  environment: { ODD: "it's 100% $HOME ü", KEEL_TASKS_DIR: /srv/supapp/shared/tasks }
process-manager: supervisor
gunicorn: { bind: tcp, port: ${PORT}, workers: 2, graceful-timeout: 5 }
proxy: { domains: [supapp.keel.test] }
processes:
  worker:
    command: python3 worker.py 'a b' "50%" ü
    instances: 2
    stop-timeout: ${stopTimeout}
  celery:
    command: python3 -m celery -A tasks worker --concurrency 1 --loglevel INFO --without-mingle --without-gossip
    stop-timeout: 60
`;

let workspace: string;
let sd: TestHost;
const NAMES = ['supapp-worker:supapp-worker_1', 'supapp-worker:supapp-worker_2'];
const sh = (cmd: string) => hostExec('sd', cmd).trim();
const pid = (name: string) => sh(`supervisorctl pid ${name}`);
const workerPids = () => NAMES.map(pid);
const logOf = (p: string) => sh(`cat /run/supapp/worker-${p}`);
const text = (r: StepResult) => r.log.join('\n');
const errors = (r: StepResult) => r.annotations.filter((a) => a.level === 'error').map((a) => a.message);
const TASKS = '/srv/supapp/shared/tasks';
const CELERY = 'supapp-celery:supapp-celery_1';

/** Sends the sample app's long task to the real Celery worker (through Redis), as the app's user. */
function enqueue(name: string, seconds: number): void {
  sh(
    `cd /srv/supapp/current && runuser -u supapp -- env HOME=/tmp /usr/bin/python3 -B -c ` +
      `'import tasks; tasks.sleep_and_record.delay("${name}", ${seconds})'`,
  );
}

/** The record a task left (release, start dir, pid, time), waiting for it up to `ms`. */
async function record(file: string, ms: number): Promise<string[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const text = sh(`cat ${TASKS}/${file} 2>/dev/null || true`);
    if (text) return text.split(' ');
    if (Date.now() > deadline) throw new Error(`${file} did not appear within ${ms} ms`);
    await new Promise((res) => setTimeout(res, 250));
  }
}

const served = () =>
  JSON.parse(sh(`curl -sS --max-time 5 http://127.0.0.1:${PORT}/version`)).release as string;

/** render-config's output for the spec, cut down to what this test installs, Gunicorn reachable from here. */
async function render(stopTimeout: number): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), 'keel-sup-out-'));
  const result = await renderConfig({
    specText: spec(stopTimeout),
    specFile: 'keel.yml',
    overrides: {},
    outDir: out,
    validate: false,
  });
  expect(result.ok).toBe(true);
  const manifestPath = join(out, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  manifest.files = manifest.files.filter((f: { kind: string }) =>
    ['gunicorn', 'supervisor-program', 'supervisor-exec', 'logrotate', 'sudoers'].includes(f.kind),
  );
  const conf = manifest.files.find((f: { kind: string }) => f.kind === 'gunicorn');
  const text = readFileSync(join(out, conf.name), 'utf8').replace(
    `bind = ["127.0.0.1:${PORT}"]`,
    `bind = ["0.0.0.0:${PORT}"]`,
  );
  expect(text).toContain(`0.0.0.0:${PORT}`);
  writeFileSync(join(out, conf.name), text);
  conf.sha256 = createHash('sha256').update(text).digest('hex');
  conf.bytes = Buffer.byteLength(text);
  writeFileSync(manifestPath, JSON.stringify(manifest));
  return out;
}

function deploy(rendered: string, inputs: Record<string, string>): Promise<StepResult> {
  return runStep({
    actionDir: actionDir('ssh-deploy'),
    workspace,
    with: {
      hosts: sd.address,
      user: 'deploy',
      'ssh-key': clientKey(),
      'known-hosts': knownHosts(),
      'deploy-path': '/srv/supapp',
      source: 'app',
      'rendered-dir': rendered,
      venv: 'off',
      ...inputs,
    },
  });
}

function reload(rendered: string, inputs: Record<string, string> = {}): Promise<StepResult> {
  return runStep({
    actionDir: actionDir('reload-graceful'),
    workspace,
    with: {
      hosts: sd.address,
      user: 'deploy',
      'ssh-key': clientKey(),
      'known-hosts': knownHosts(),
      strategy: 'supervisor',
      unit: 'supapp',
      'deploy-path': '/srv/supapp',
      upstream: `127.0.0.1:${PORT}`,
      'app-module': 'app:app',
      'rendered-dir': rendered,
      timeout: '30s',
      ...inputs,
    },
  });
}

const renders: string[] = [];

beforeAll(async () => {
  sd = host('sd');
  sh(
    'systemctl stop supervisor 2>/dev/null; rm -rf /srv/supapp /etc/supervisor/conf.d/supapp* /usr/local/libexec/keel/supapp-exec /etc/sudoers.d/supapp-keel /var/log/supapp; ' +
      'id supapp >/dev/null 2>&1 || useradd --system --home-dir /srv/supapp --shell /usr/sbin/nologin supapp; ' +
      'install -d -o deploy -g deploy /srv/supapp /srv/supapp/shared; install -d -o supapp -g supapp -m 0755 /run/supapp; rm -f /run/supapp/*; ' +
      `install -d -o supapp -g supapp ${TASKS}; systemctl start redis-server && redis-cli ping; ` +
      'systemctl start supervisor && for i in $(seq 50); do test -S /var/run/supervisor.sock && break; sleep 0.2; done; supervisorctl status; true',
  );
  // The env file, in systemd's EnvironmentFile format: readable by the app's user (the wrapper reads it as that user).
  putFile('sd', '/srv/supapp/shared/app.env', `# secrets\nFROM_FILE="quoted \\"value\\" $NOT_EXPANDED"\n`, {
    owner: 'deploy',
  });
  sh('chmod 0644 /srv/supapp/shared/app.env');
  workspace = mkdtempSync(join(tmpdir(), 'keel-sup-ws-'));
  cpSync(join(repoRoot, 'examples/sample-app'), join(workspace, 'app'), { recursive: true });
  writeFileSync(join(workspace, 'app/worker.py'), WORKER);
  renders.push(await render(20));
}, 90_000);

afterAll(() => {
  sh(
    'test -e /root/keel-deploy.saved && mv /root/keel-deploy.saved /etc/sudoers.d/keel-deploy; rm -f /etc/sudoers.d/supapp-keel; systemctl stop supervisor redis-server 2>/dev/null || true',
  );
  rmSync(workspace, { recursive: true, force: true });
  for (const r of renders) rmSync(r, { recursive: true, force: true });
});

describe('supervisor as the process manager (the systemd host, supervisord from Debian)', () => {
  let master: string;

  it('first deploy: reread + update start the app and both workers, with the environment and arguments of the spec', async () => {
    const r = await deploy(renders[0]!, { 'release-id': 's1' });
    if (errors(r).length) console.log(sh('supervisorctl status; tail -n 40 /var/log/supapp/*.log; true'));
    expect(errors(r)).toEqual([]);
    expect(text(r)).toMatch(/supapp: added process group/);
    expect(sh('supervisorctl status')).toMatch(/^supapp\s+RUNNING/m);
    expect(served()).toBe('s1');
    master = pid('supapp');
    expect(sh(`ps -o user= -p ${master}`)).toBe('supapp');
    for (const p of workerPids()) {
      expect(p).toMatch(/^[1-9]\d*$/);
      expect(logOf(p).split('\n')[0]).toBe(
        `started s1 ${JSON.stringify(['a b', '50%', 'ü'])} ${JSON.stringify(["it's 100% $HOME ü", 'quoted "value" $NOT_EXPANDED'])}`,
      );
    }
    // The logs supervisor writes, where the rendered logrotate rule rotates them.
    expect(sh('stat -c %U:%G:%a /var/log/supapp')).toBe('root:root:750');
    expect(sh('ls /var/log/supapp | sort').split('\n')).toEqual([
      'supapp-celery.log',
      'supapp-worker.log',
      'supapp.log',
    ]);
    expect(
      sh('logrotate -d /etc/logrotate.d/supapp 2>&1 | grep -c "rotating pattern: /var/log/supapp/\\*.log"'),
    ).toBe('1');
    // The real Celery worker (Redis from Debian) runs the app's tasks as the app's user, on s1.
    expect(sh(`ps -o user= -p ${pid(CELERY)}`)).toBe('supapp');
    enqueue('first', 0);
    expect((await record('task-first.done', 30_000))[0]).toBe('s1');
    // From now on: only the rules render-config rendered.
    sh('mv /etc/sudoers.d/keel-deploy /root/keel-deploy.saved');
    expect(sh('runuser -u deploy -- sudo -n supervisorctl status 2>&1; true')).toMatch(
      /password is required|not allowed/,
    );
  });

  it('a release deploy restarts the workers warmly (the task in flight finishes); the app master is left alone', async () => {
    const before = workerPids();
    const celery = pid(CELERY);
    // A long Celery task, started before the deploy.
    enqueue('long', 8);
    const started = await record('task-long.started', 30_000);
    expect(started[0]).toBe('s1');
    const r = await deploy(renders[0]!, { 'release-id': 's2' });
    expect(errors(r)).toEqual([]);
    expect(text(r)).toMatch(/restarted supapp-worker:supapp-worker_1 \(PID \d+ → \d+\)/);
    const after = workerPids();
    for (const [i, p] of after.entries()) {
      expect(p).not.toBe(before[i]);
      expect(logOf(p).split('\n')[0]).toMatch(/^started s2 /);
      // TERM reached the main process, which finished its task before exiting: no KILL.
      expect(logOf(before[i]!)).toMatch(/stopping: finishing the task in flight\ntask finished$/);
    }
    expect(text(r)).not.toMatch(/did not finish its warm shutdown/);
    // Celery: not killed (supervisor's TERM to the main process only: a warm shutdown); the task finished on
    // the release that started it, in the same worker process, 8 s after it started; the next one runs on s2.
    const done = await record('task-long.done', 1_000);
    expect(done[0]).toBe('s1');
    expect(done[2]).toBe(started[2]);
    expect(Number(done[3]) - Number(started[3])).toBeGreaterThanOrEqual(8);
    expect(sh('cat /var/log/supapp/supapp-celery.log')).toMatch(/Warm shutdown/);
    expect(pid(CELERY)).not.toBe(celery);
    expect(sh(`readlink /proc/${pid(CELERY)}/cwd`)).toBe('/srv/supapp/releases/s2');
    enqueue('next', 0);
    expect((await record('task-next.done', 30_000))[0]).toBe('s2');
    // No program file changed: supervisor did not touch the app.
    expect(pid('supapp')).toBe(master);
    expect(served()).toBe('s1');
  });

  it('reload-graceful (supervisorctl signal HUP) under load: 0 failed requests, the same master, every worker on the release', async () => {
    const probe = new LoadProbe({ url: `http://${sd.address}:${PORT}/version`, rate: 40, timeoutMs: 10_000 });
    probe.start();
    probe.mark('during');
    let r: StepResult | undefined;
    try {
      await new Promise((res) => setTimeout(res, 1000));
      r = await reload(renders[0]!);
      probe.mark('after');
      await new Promise((res) => setTimeout(res, 1000));
    } finally {
      await probe.stop();
    }
    const report = await probe.stop();
    if (!r) throw new Error('no reload result');
    expect(errors(r)).toEqual([]);
    expect(r.outputs.result).toBe('success');
    expect(r.outputs['serving-release']).toBe('s2');
    expect(report.problem).toBeUndefined();
    expect(report.sent).toBeGreaterThan(50);
    expect(report.failed).toBe(0);
    expect(served()).toBe('s2');
    expect(pid('supapp')).toBe(master);
    expect(text(r)).toMatch(/all 2 worker\(s\) loaded s2/);
    // The workers already run s2 (the deploy restarted them after its switch): the reload leaves them alone.
    expect(text(r)).toMatch(
      /supapp-worker:supapp-worker_1, supapp-worker:supapp-worker_2, supapp-celery:supapp-celery_1 already run\(s\) the live release: left as is/,
    );
  });

  it('a release whose workers cannot boot is rolled back: the previous release serves again', async () => {
    appendFileSync(
      join(workspace, 'app/app.py'),
      '\nimport sys\nif "gunicorn" in sys.argv[0]:\n    raise RuntimeError("cannot boot")\n',
    );
    try {
      const d = await deploy(renders[0]!, { 'release-id': 's3' });
      expect(errors(d)).toEqual([]);
      const r = await reload(renders[0]!);
      expect(r.outputs.result).toBe('failure');
      expect(r.outputs['rolled-back-hosts']).toBe(sd.address);
      expect(errors(r).join('\n')).toMatch(/rolled back to s2, which is serving and healthy/);
      expect(served()).toBe('s2');
      expect(sh('readlink /srv/supapp/current')).toMatch(/releases\/s2$/);
      expect(sh('supervisorctl status supapp')).toMatch(/RUNNING/);
      master = pid('supapp');
    } finally {
      writeFileSync(
        join(workspace, 'app/app.py'),
        readFileSync(join(repoRoot, 'examples/sample-app/app.py')),
      );
    }
  });

  it('a changed worker program restarts that program only (supervisorctl update): the app master is untouched', async () => {
    renders.push(await render(25));
    const before = workerPids();
    const r = await deploy(renders[1]!, { 'release-id': 's4' });
    expect(errors(r)).toEqual([]);
    expect(text(r)).toMatch(/installed .*\/etc\/supervisor\/conf\.d\/supapp-worker\.conf/);
    expect(text(r)).not.toMatch(/installed .*\/etc\/supervisor\/conf\.d\/supapp\.conf/);
    expect(sh('grep ^stopwaitsecs= /etc/supervisor/conf.d/supapp-worker.conf')).toBe('stopwaitsecs=25');
    expect(pid('supapp')).toBe(master);
    for (const [i, p] of workerPids().entries()) {
      expect(p).not.toBe(before[i]);
      expect(logOf(p).split('\n')[0]).toMatch(/^started s4 /);
      expect(logOf(before[i]!)).toMatch(/task finished$/);
    }
  });
});
