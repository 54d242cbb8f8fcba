/**
 * keel's central promise, as a fault suite: a deploy that fails leaves the release that was live before it
 * serving (or the new one fully proved), and says so in one error line.
 *
 * The root action runs on the systemd test host with a real Gunicorn behind Nginx. For each fault — in the
 * deploy before and after the switch, in the reload, in smoke, a cancel (SIGINT and SIGTERM, as the runner sends
 * them) at several stages, a second run at once — the suite checks the same invariants afterwards: `current` and
 * what every worker serves are the previous release, the lock is free, the worker count is right, no
 * `.partial-*` is left, exactly one error line, and the next normal deploy goes through. Release ids are
 * chosen so that name order and time order disagree (each good release sorts before the one it replaces).
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, appendFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { host, hostExec, putFile } from '../support/hosts.js';
import { repoRoot } from '../support/paths.js';
import { errorsOf, rootAction } from '../support/root-action.js';
import { type StepResult } from '../support/step.js';
import { makeCa, type TestCa } from '../support/tls.js';

const APP = 'keelfault';
const DOMAIN = 'fault.keel.test';
const WORKERS = 2;
const SPEC = `app: { name: ${APP}, module: "app:app", path: /srv/${APP}, gunicorn: /usr/bin/gunicorn }
gunicorn: { workers: ${WORKERS} }
proxy:
  domains: [${DOMAIN}]
  tls: { certificates: files, cert: /etc/${APP}/site.crt, key: /etc/${APP}/site.key }
`;

let ca: TestCa;
let workspace: string;
let address: string;
let appPy: string;
/** The release serving now, which every fault must leave serving. */
let live: string;
/** Good release ids, each sorting before the last: z9, y9, x9, ... */
let nextGood = 'z'.charCodeAt(0);

const sh = (cmd: string) => hostExec('sd', cmd).trim();
const errors = errorsOf;

const pipeline = rootAction(() => ({ workspace, address, caPem: ca.caPem }), { 'reload-timeout': '20s' });

/** The app as it is in the repository, with `tail` appended to app.py (a fault), or as it is. */
function app(tail = ''): void {
  writeFileSync(join(workspace, 'app/app.py'), appPy + (tail ? `\n${tail}\n` : ''));
}

/** What the site serves through Nginx, asked several times so that every worker is likely to answer. */
function served(): string[] {
  const seen = new Set<string>();
  for (let i = 0; i < 3 * WORKERS; i++) {
    const body = sh(
      `curl -sk --max-time 5 --resolve ${DOMAIN}:443:127.0.0.1 https://${DOMAIN}/version -H 'Connection: close' || echo '{}'`,
    );
    seen.add((JSON.parse(body) as { release?: string }).release ?? 'no answer');
  }
  return [...seen];
}

function workers(): number {
  const master = sh(`systemctl show -p MainPID --value ${APP}.service`);
  return Number(sh(`pgrep -c -P ${master} || true`));
}

/** The invariants every fault must leave, then a normal deploy that must succeed. */
async function expectPreviousServing(r: StepResult, cause: RegExp): Promise<void> {
  expect(r.conclusion).not.toBe('success');
  const errs = errors(r);
  if (errs.length !== 1)
    // What the step did, to see why: its log's end, and the post step's.
    process.stderr.write(
      `${r.conclusion} exit=${r.exitCode} signal=${r.signal}\n${r.log.slice(-60).join('\n')}\n--- stderr\n${r.stderr.slice(-3000)}\n--- post\n${(r.post?.log ?? []).join('\n')}\n--- journal\n${sh(`journalctl -u ${APP}.service -n 30 --no-pager`)}\n`,
    );
  expect(errs).toHaveLength(1);
  expect(errs[0]).toMatch(cause);
  expect([...r.log, r.stderr].join('\n')).not.toMatch(/\n\s+at .+:\d+:\d+|unexpectedly/);
  expect(sh(`readlink /srv/${APP}/current`)).toBe(`releases/${live}`);
  expect(sh(`test -e /srv/${APP}/.keel/lock && echo locked || echo free`)).toBe('free');
  expect(sh(`ls -A /srv/${APP}/releases | grep -c '^\\.partial' || true`)).toBe('0');
  expect(sh(`systemctl is-active ${APP}.service`)).toBe('active');
  expect(workers()).toBe(WORKERS);
  expect(served()).toEqual([live]);
  await goodDeploy();
}

async function goodDeploy(): Promise<void> {
  app();
  const id = `${String.fromCharCode(nextGood--)}9`;
  const r = await pipeline({ 'release-id': id, skip: 'render' });
  expect(errors(r)).toEqual([]);
  expect(r.outputs).toMatchObject({ status: 'success', 'serving-release': id, 'previous-release': live });
  live = id;
  expect(workers()).toBe(WORKERS);
  expect(served()).toEqual([live]);
}

/** Waits (bounded) until a command on the host succeeds. */
async function until(cmd: string, seconds = 60): Promise<void> {
  for (let i = 0; i < seconds * 5; i++) {
    if (sh(`${cmd} >/dev/null 2>&1 && echo yes || true`) === 'yes') return;
    await sleep(200);
  }
  throw new Error(`never true on the host: ${cmd}`);
}

beforeAll(async () => {
  address = host('sd').address;
  ca = makeCa();
  hostExec(
    'sd',
    `systemctl stop ${APP}.service ${APP}.socket 2>/dev/null; rm -rf /srv/${APP} /etc/systemd/system/${APP}.* /etc/nginx/sites-*/${APP}.conf; systemctl daemon-reload; ` +
      `id ${APP} >/dev/null 2>&1 || useradd --system --home-dir /srv/${APP} --shell /usr/sbin/nologin ${APP}; install -d -o deploy -g deploy /srv/${APP}; ` +
      'usermod -aG www-data deploy',
  );
  const cert = ca.issue([DOMAIN], { name: 'fault', days: 30 });
  putFile('sd', `/etc/${APP}/site.crt`, cert.certPem);
  putFile('sd', `/etc/${APP}/site.key`, cert.keyPem, { mode: '0600' });
  workspace = mkdtempSync(join(tmpdir(), 'keel-faults-ws-'));
  cpSync(join(repoRoot, 'examples/sample-app'), join(workspace, 'app'), { recursive: true });
  appPy = readFileSync(join(workspace, 'app/app.py'), 'utf8');
  mkdirSync(join(workspace, 'deploy'));
  writeFileSync(join(workspace, 'deploy/keel.yml'), SPEC);
  // The first release, rendered and installed with its units and site.
  const id = `${String.fromCharCode(nextGood--)}9`;
  const r = await pipeline({ 'release-id': id });
  expect(errors(r)).toEqual([]);
  live = id;
}, 240_000);

afterAll(() => {
  hostExec(
    'sd',
    `systemctl stop ${APP}.service ${APP}.socket 2>/dev/null; rm -rf /srv/${APP} /etc/${APP} /etc/systemd/system/${APP}.* /etc/nginx/sites-*/${APP}.conf; systemctl daemon-reload; systemctl reload nginx 2>/dev/null; true`,
  );
  rmSync(workspace, { recursive: true, force: true });
  ca.remove();
});

describe('a fault in the deploy, before the switch', () => {
  it('a failing build hook', async () => {
    const r = await pipeline({ 'release-id': 'f1', skip: 'render', build: 'echo building; exit 3' });
    await expectPreviousServing(r, /deploy failed: release f1 failed.*build hook exited with code 3/s);
  });

  it('a failing before-switch hook (a migration)', async () => {
    const r = await pipeline({ 'release-id': 'f2', skip: 'render', 'before-switch': 'exit 4' });
    await expectPreviousServing(r, /before-switch hook exited with code 4/);
  });
});

describe('a fault after the switch: the new release is rolled back', () => {
  it('an app that does not import', async () => {
    app('raise ImportError("the release is broken")');
    const r = await pipeline({ 'release-id': 'f3', skip: 'render' });
    await expectPreviousServing(r, /f3|import/i);
  });

  it('an app that fails its readiness check', async () => {
    app('app.view_functions["readyz"] = lambda: ("not ready", 503)');
    const r = await pipeline({ 'release-id': 'f4', skip: 'render' });
    await expectPreviousServing(r, /readyz|ready/i);
  });

  it('an app that reports another version', async () => {
    app('release_id = lambda: "someone-else"');
    const r = await pipeline({ 'release-id': 'f5', skip: 'render' });
    await expectPreviousServing(r, /someone-else|version/i);
  });

  it('an app that boots more slowly than the reload may take', async () => {
    app('import time\ntime.sleep(45)');
    const r = await pipeline({ 'release-id': 'f6', skip: 'render', 'reload-timeout': '10s' });
    await expectPreviousServing(r, /f6|within|timed out|time/i);
  });

  it('a failing after-switch hook', async () => {
    const r = await pipeline({ 'release-id': 'f7', skip: 'render', 'after-switch': 'exit 5' });
    await expectPreviousServing(r, /after-switch hook exited with code 5/);
  });
});

describe('cancelled by the runner (SIGINT, then SIGTERM 7.5 s later, then SIGKILL, then the post step)', () => {
  it('while the build hook runs', async () => {
    sh(`rm -f /srv/${APP}/hook-started`);
    const cancel = new AbortController();
    const run = pipeline(
      { 'release-id': 'c1', skip: 'render', build: `touch /srv/${APP}/hook-started; sleep 3021` },
      { cancel: cancel.signal },
    );
    await until(`test -e /srv/${APP}/hook-started`);
    cancel.abort();
    const r = await run;
    expect(r.conclusion).toBe('cancelled');
    expect(sh(`pgrep -f 'sleep 302[1]' || true`)).toBe('');
    await expectPreviousServing(r, /^keel: cancelled \(SIGINT\)/);
  });

  it('while the new release boots (after the switch): rolled back to the previous release', async () => {
    app('import time\ntime.sleep(30)');
    const cancel = new AbortController();
    const run = pipeline(
      { 'release-id': 'c2', skip: 'render', 'reload-timeout': '60s' },
      { cancel: cancel.signal },
    );
    await until(`readlink /srv/${APP}/current | grep -qx releases/c2`);
    await sleep(1500);
    cancel.abort();
    const r = await run;
    expect(r.conclusion).toBe('cancelled');
    await expectPreviousServing(r, /^keel: cancelled \(SIGINT\)/);
  });
});

describe('two runs at once', () => {
  it('the lock lets one through at a time; the other waits, then deploys on top of it', async () => {
    app();
    const before = live;
    const first = `${String.fromCharCode(nextGood--)}9`;
    const second = `${String.fromCharCode(nextGood--)}9`;
    appendFileSync(join(workspace, 'app/extra.txt'), 'two at once\n');
    const [a, b] = await Promise.all([
      pipeline({ 'release-id': first, skip: 'render', 'lock-wait': '3m' }),
      new Promise<StepResult>((done) =>
        setTimeout(
          () => void pipeline({ 'release-id': second, skip: 'render', 'lock-wait': '3m' }).then(done),
          500,
        ),
      ),
    ]);
    expect(errors(a)).toEqual([]);
    expect(errors(b)).toEqual([]);
    expect(a.outputs['previous-release']).toBe(before);
    expect(b.outputs['previous-release']).toBe(first);
    live = second;
    expect(sh(`readlink /srv/${APP}/current`)).toBe(`releases/${live}`);
    expect(workers()).toBe(WORKERS);
    expect(served()).toEqual([live]);
    // The release log: each release deployed once, nothing rolled back.
    const log = sh(`cat /srv/${APP}/.keel/releases.log`)
      .split('\n')
      .map((l) => JSON.parse(l) as { release: string; status: string });
    expect(log.filter((e) => e.release === first).map((e) => e.status)).toEqual(['deployed']);
    expect(log.filter((e) => e.release === second).map((e) => e.status)).toEqual(['deployed']);
  });
});

describe('after more deploys than keep', () => {
  it('a HUP still reloads: the master never sits in a release that pruning removed', async () => {
    // The first release (z9), which the master started in, has been pruned by now.
    expect(sh(`ls /srv/${APP}/releases`).split('\n')).not.toContain('z9');
    app();
    const id = `${String.fromCharCode(nextGood--)}9`;
    const r = await pipeline({ 'release-id': id, skip: 'render', 'reload-strategy': 'systemd' });
    expect(errors(r)).toEqual([]);
    live = id;
    expect(sh(`systemctl is-active ${APP}.service`)).toBe('active');
    expect(workers()).toBe(WORKERS);
    expect(served()).toEqual([live]);
  });
});
