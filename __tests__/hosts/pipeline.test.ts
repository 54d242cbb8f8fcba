/**
 * The root action (the whole pipeline from one spec) against the systemd test host, run from the built bundle
 * as the runner runs it: render → deploy (units, Nginx site, TLS) → reload (HUP, proved) → smoke-check over HTTPS;
 * a run with render skipped and a load probe through Nginx during the reload; a stage that fails stops the run; a
 * reload that could not be proved fails before touching the service; bad input changes nothing; and one CLI
 * command run for real.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { host, hostExec, putFile } from '../support/hosts.js';
import { repoRoot } from '../support/paths.js';
import { errorsOf, rootAction, warningsOf } from '../support/root-action.js';
import { type StepResult } from '../support/step.js';
import { makeCa, type TestCa } from '../support/tls.js';

// Its own app name, deploy path, units, domain and certificate: the systemd host is shared with other tests.
const DOMAIN = 'pipe.keel.test';
const SPEC = `app: { name: keelpipe, module: "app:app", path: /srv/keelpipe, gunicorn: /usr/bin/gunicorn }
gunicorn: { workers: 2 }
proxy:
  domains: [${DOMAIN}]
  tls: { certificates: files, cert: /etc/keel-pipe/pipe.crt, key: /etc/keel-pipe/pipe.key }
`;

let ca: TestCa;
let workspace: string;
let address: string;

beforeAll(() => {
  address = host('sd').address;
  ca = makeCa();
  hostExec(
    'sd',
    'systemctl stop keelpipe.service keelpipe.socket 2>/dev/null; rm -rf /srv/keelpipe /etc/systemd/system/keelpipe.* /etc/nginx/sites-*/keelpipe.conf; systemctl daemon-reload; ' +
      'id keelpipe >/dev/null 2>&1 || useradd --system --home-dir /srv/keelpipe --shell /usr/sbin/nologin keelpipe; install -d -o deploy -g deploy /srv/keelpipe; ' +
      // The reload stage asks the app over its socket (group www-data) as the SSH user.
      'usermod -aG www-data deploy; ' +
      // keel's default server (proxy.default-server) replaces Debian's: two would clash.
      'rm -f /etc/nginx/sites-enabled/default',
  );
  const cert = ca.issue([DOMAIN], { name: 'pipe', days: 30 });
  putFile('sd', '/etc/keel-pipe/pipe.crt', cert.certPem);
  putFile('sd', '/etc/keel-pipe/pipe.key', cert.keyPem, { mode: '0600' });
  workspace = mkdtempSync(join(tmpdir(), 'keel-pipeline-ws-'));
  cpSync(join(repoRoot, 'examples/sample-app'), join(workspace, 'app'), { recursive: true });
  mkdirSync(join(workspace, 'deploy'));
  writeFileSync(join(workspace, 'deploy/keel.yml'), SPEC);
});

afterAll(() => {
  hostExec(
    'sd',
    'systemctl stop keelpipe.service keelpipe.socket nginx 2>/dev/null; rm -rf /srv/keelpipe /etc/keel-pipe /etc/systemd/system/keelpipe.* /etc/nginx/sites-*/keelpipe.conf; systemctl daemon-reload; true',
  );
  rmSync(workspace, { recursive: true, force: true });
  ca.remove();
});

const root = rootAction(() => ({ workspace, address, caPem: ca.caPem }));
const pipeline = (inputs: Record<string, string>, runId = '1') => root(inputs, { context: { runId } });

const sh = (cmd: string) => hostExec('sd', cmd).trim();
const errors = errorsOf;
const warnings = warningsOf;
const hostState = () =>
  sh(
    'readlink /srv/keelpipe/current; ls /srv/keelpipe/releases; test -e /srv/keelpipe/.keel/lock && echo locked; sha256sum /etc/nginx/sites-available/keelpipe.conf /etc/systemd/system/keelpipe.service',
  );

describe('the root action on the systemd host', () => {
  it('renders, deploys the release with its units and Nginx site, and smoke-checks it over TLS, in one step', async () => {
    const r = await pipeline({ 'release-id': 'p1' });
    expect(errors(r)).toEqual([]);
    expect(warnings(r).join('\n')).not.toMatch(/HUP instead/); // the first release: the config the service started with
    expect(r.exitCode).toBe(0);
    expect(r.outputs).toMatchObject({
      status: 'success',
      'render-result': 'passed',
      'deploy-result': 'passed',
      'reload-result': 'passed',
      'smoke-result': 'passed',
      'serving-release': 'p1',
      'rolled-back-hosts': '',
      service: 'keelpipe.service',
      'release-id': 'p1',
      'previous-release': '',
      'deployed-hosts': address,
      'failed-hosts': '',
      'smoke-passed': 'true',
      grade: 'A+',
      version: 'p1',
    });
    expect(sh('readlink /srv/keelpipe/current')).toBe('releases/p1');
    expect(sh('systemctl is-active keelpipe.socket keelpipe.service nginx')).toBe('active\nactive\nactive');
    // One summary: the stage table first, then each stage's own report.
    expect(r.summary).toMatch(/### ✅ keel keelpipe: done in [\d.]+ s/);
    expect(r.summary).toMatch(
      /\| render \| render-config: .* \| pass \| [\d.]+ \| 7 files, \d+ check\(s\) passed/,
    );
    expect(r.summary).toMatch(/\| deploy \| ssh-deploy: .* \| pass \| [\d.]+ \| p1 on 1\/1 host\(s\)/);
    expect(r.summary).toMatch(
      /\| reload \| reload-graceful: .* \| pass \| [\d.]+ \| rolling on 1\/1 host\(s\), serving p1 \|/,
    );
    expect(r.summary).toMatch(
      /\| smoke \| smoke-check: .* \| pass \| [\d.]+ \| \d+\/\d+ checks, grade A\+, version p1 \|/,
    );
    const order = [
      'keel keelpipe: done',
      'keel render-config:',
      'keel plan:',
      'keel deploy p1',
      'keel smoke-check',
    ];
    const at = order.map((t) => r.summary.indexOf(t));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(r.summary).toContain(`| ${address} | pass | - |`);
  });

  it('skips render (deploying the files already rendered); the reload under a load probe through Nginx drops nothing', async () => {
    writeFileSync(join(workspace, 'app/extra.txt'), 'p2\n');
    const master = sh('systemctl show -p MainPID --value keelpipe.service');
    const r = await pipeline({
      'release-id': 'p2',
      skip: 'render',
      'load-url': `https://${DOMAIN}/version`,
      'load-address': address,
      'load-rate': '40',
      'load-window': '1s',
    });
    expect(errors(r)).toEqual([]);
    expect(r.outputs).toMatchObject({
      'render-result': 'skipped',
      'deploy-result': 'passed',
      'reload-result': 'passed',
      'smoke-result': 'passed',
      'previous-release': 'p1',
      'serving-release': 'p2',
      'load-failed': '0',
      version: 'p2',
    });
    expect(Number(r.outputs['load-requests'])).toBeGreaterThan(40);
    // Everything sent was measured: ok + failed = sent; held back (not sent on time) is reported, and the stage
    // passed, so it stayed within its tolerance (1% of those scheduled).
    expect(Number(r.outputs['load-ok'])).toBe(Number(r.outputs['load-requests']));
    expect(r.outputs['load-held-back']).toMatch(/^\d+$/);
    expect(Number(r.outputs['load-held-back'])).toBeLessThanOrEqual(
      Math.floor((Number(r.outputs['load-requests']) + Number(r.outputs['load-held-back'])) / 100),
    );
    expect(r.summary).toMatch(/\| phase \| seconds \| sent \| ok \| failed \| held back \|/);
    expect(warnings(r).join('\n')).not.toMatch(/HUP instead/);
    // Rolling: the same master, with new workers serving p2.
    expect(sh('systemctl show -p MainPID --value keelpipe.service')).toBe(master);
    expect(r.summary).toContain('Load probe');
    expect(r.summary).toContain(
      '| render | render-config: the files from the spec, validated; plan against the hosts | skipped | - | skipped by input |',
    );
    expect(sh('readlink /srv/keelpipe/current')).toBe('releases/p2');
  });

  it('stops at the first failed stage: a failing deploy switches nothing and smoke is not run', async () => {
    const r = await pipeline({ 'release-id': 'p3', skip: 'render', 'before-switch': 'exit 3' });
    expect(r.exitCode).toBe(1);
    expect(r.outputs).toMatchObject({
      status: 'failure',
      'deploy-result': 'failed',
      'smoke-result': 'not run',
    });
    expect(errors(r).join('\n')).toMatch(/deploy failed: release p3 failed on 1 of 1 host\(s\)/);
    expect(r.summary).toMatch(/### ❌ keel keelpipe: stopped at deploy/);
    expect(r.summary).toContain(
      '| smoke | smoke-check: endpoints, version, TLS and headers of the live site | not run | - |',
    );
    expect(sh('readlink /srv/keelpipe/current')).toBe('releases/p2');
  });

  it('a reload that cannot be proved (the app socket closed to the SSH user) fails before touching the service', async () => {
    sh('gpasswd -d deploy www-data >/dev/null');
    try {
      const master = sh('systemctl show -p MainPID --value keelpipe.service');
      const r = await pipeline({ skip: 'render,deploy' });
      expect(r.exitCode).toBe(1);
      expect(r.outputs).toMatchObject({ 'reload-result': 'failed', 'smoke-result': 'not run' });
      expect(errors(r).join('\n')).toMatch(
        /deploy may not open \/run\/keelpipe\.sock \(keelpipe:www-data mode 660\): add deploy to the socket's group, or give 'upstream'/,
      );
      expect(sh('systemctl show -p MainPID --value keelpipe.service')).toBe(master);
      expect(sh('readlink /srv/keelpipe/current')).toBe('releases/p2');
    } finally {
      sh('usermod -aG www-data deploy');
    }
  });

  it('smoke alone (deploy and reload skipped) fails when the site serves another release than expected', async () => {
    const r = await pipeline({ skip: 'render,deploy,reload', 'expected-version': 'p1' });
    expect(r.exitCode).toBe(1);
    expect(r.outputs).toMatchObject({ 'smoke-result': 'failed', 'smoke-passed': 'false', version: 'p2' });
    expect(errors(r).join('\n')).toMatch(/expected p1, got p2/);
  });

  it.each([
    [{ source: 'nope' }, "input 'source': nope is not a directory in the workspace"],
    [
      { skip: 'rollout' },
      'input \'skip\': "rollout" is not a stage (render, deploy, reload, smoke, watch, rest)',
    ],
    [{ set: 'gunicorn.workers=-3' }, "spec field 'gunicorn.workers': "],
    [{ 'ssh-key': '' }, "input 'ssh-key': no credentials"],
  ])('bad input %j: one clear error, exit 1, nothing changed on the host', async (change, message) => {
    const before = hostState();
    const r = await pipeline({ 'release-id': 'p9', ...change });
    expect(r.exitCode).toBe(1);
    expect(errors(r).join('\n')).toContain(message);
    expect([...r.log, r.stderr].join('\n')).not.toMatch(/\n\s+at .+:\d+:\d+|unexpectedly/);
    expect(r.log.join('\n')).not.toMatch(/Rendering|Collecting/);
    expect(hostState()).toBe(before);
  });

  it('keel smoke on a terminal: the same action from the command line, its summary as text tables', () => {
    const caFile = join(workspace, 'ca.pem');
    writeFileSync(caFile, ca.caPem);
    const r = spawnSync(
      process.execPath,
      [
        join(repoRoot, 'bin/keel.js'),
        'smoke',
        '--url',
        `https://${DOMAIN}`,
        '--address',
        address,
        '--ca',
        `@${caFile}`,
        '--expected-version',
        'p2',
      ],
      { cwd: workspace, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
    );
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    expect(r.stdout).toMatch(/^▸ Checking https:\/\/pipe\.keel\.test/m);
    expect(r.stdout).toMatch(/^keel smoke-check https:\/\/pipe\.keel\.test: (\d+)\/\1 passed, grade A\+/m);
    expect(r.stdout).toMatch(/^ {2}check +expected +got +result$/m);
    expect(r.stdout).toMatch(/^ {2}\/version release +p2 +p2 +pass$/m);
    expect(r.stdout.includes('\x1b[') || r.stdout.includes('| ---')).toBe(false); // no colours (not a TTY), no Markdown
    expect(r.stdout).toMatch(/keel smoke: success\n$/);
  });

  it("reload-strategy rolling: the same master, its workers replaced one by one, each in the new release's directory", async () => {
    writeFileSync(join(workspace, 'app/extra.txt'), 'p5\n');
    const master = sh('systemctl show -p MainPID --value keelpipe.service');
    const r = await pipeline({ 'release-id': 'p5', skip: 'render', 'reload-strategy': 'rolling' });
    expect(errors(r)).toEqual([]);
    expect(r.outputs).toMatchObject({ 'reload-result': 'passed', 'serving-release': 'p5', version: 'p5' });
    expect(sh('systemctl show -p MainPID --value keelpipe.service')).toBe(master);
    // Workers added by TTIN would inherit the master's directory (the release it loaded); the rendered
    // post_fork hook puts each one in the release `current` points to.
    const cwds = sh(`for w in $(pgrep -P ${master}); do readlink /proc/$w/cwd; done`).split('\n');
    expect(cwds.length).toBeGreaterThan(0);
    expect(new Set(cwds)).toEqual(new Set(['/srv/keelpipe/releases/p5']));
    expect(warnings(r)).toEqual([]); // the same gunicorn.conf.py: no HUP needed
  });

  it('reload-strategy rolling with a changed gunicorn.conf.py reloads with HUP instead, and says so', async () => {
    const master = sh('systemctl show -p MainPID --value keelpipe.service');
    const r = await pipeline({
      'release-id': 'p6',
      set: 'gunicorn.max-requests=1001',
      'reload-strategy': 'rolling',
    });
    expect(errors(r)).toEqual([]);
    expect(r.outputs).toMatchObject({ 'reload-result': 'passed', 'serving-release': 'p6', version: 'p6' });
    expect(warnings(r).join('\n')).toMatch(
      /the new release changes Gunicorn's config file.*reloaded with HUP instead/,
    );
    expect(sh('grep -c "max_requests = 1001" /srv/keelpipe/current/.keel/gunicorn.conf.py')).toBe('1');
    expect(sh('systemctl show -p MainPID --value keelpipe.service')).toBe(master);
    // The master itself stays in the deploy path (never a release that pruning could delete); its workers
    // run the new release.
    expect(sh(`readlink /proc/${master}/cwd`)).toBe('/srv/keelpipe');
    const cwds = sh(`for w in $(pgrep -P ${master}); do readlink /proc/$w/cwd; done`).split('\n');
    expect(new Set(cwds)).toEqual(new Set(['/srv/keelpipe/releases/p6']));
  });

  const served = () =>
    (
      JSON.parse(
        sh(
          `curl -fsS --cacert /etc/keel-pipe/ca.pem --resolve ${DOMAIN}:443:127.0.0.1 https://${DOMAIN}/version`,
        ),
      ) as {
        release: string;
      }
    ).release;
  const logEntries = () =>
    sh('cat /srv/keelpipe/.keel/releases.log')
      .split('\n')
      .map(
        (l) => JSON.parse(l) as { release: string; status: string; previous?: string | null; live?: string },
      );

  it('with r1 live, f1 (which fails at import; f1 sorts before r1) is rolled back to r1, which serves', async () => {
    putFile('sd', '/etc/keel-pipe/ca.pem', ca.caPem);
    const good = await pipeline({ 'release-id': 'r1', skip: 'render' });
    expect(errors(good)).toEqual([]);
    writeFileSync(join(workspace, 'app/app.py'), 'raise RuntimeError("f1 cannot start")\n');
    let r: StepResult;
    try {
      r = await pipeline({ 'release-id': 'f1', skip: 'render' });
    } finally {
      cpSync(join(repoRoot, 'examples/sample-app/app.py'), join(workspace, 'app/app.py'));
    }
    expect(r.exitCode).toBe(1);
    expect(r.outputs).toMatchObject({
      'deploy-result': 'passed',
      'reload-result': 'failed',
      'rolled-back-hosts': address,
    });
    expect(errors(r).join('\n')).toMatch(
      /f1 cannot start[\s\S]*rolled back to r1, which is serving and healthy/,
    );
    expect(errors(r).join('\n')).not.toMatch(/no previous release/);
    expect(sh('readlink /srv/keelpipe/current')).toBe('releases/r1');
    expect(sh('test -e /srv/keelpipe/releases/f1/.keel/bad && echo bad')).toBe('bad');
    expect(served()).toBe('r1');
    // After a restart too (what a reboot does), r1 comes up.
    sh('systemctl restart keelpipe.service');
    expect(served()).toBe('r1');
    expect(logEntries().slice(-2)).toMatchObject([
      { status: 'deployed', release: 'f1', previous: 'r1', live: 'f1' },
      { status: 'rolled-back', release: 'f1', live: 'r1' },
    ]);
    expect(sh('test -e /srv/keelpipe/.keel/lock && echo locked || echo free')).toBe('free');
  });

  it('two root-action runs at once with lock-wait: one lock through deploy, reload and rollback, so they take turns', async () => {
    const before = logEntries().length;
    const [a, b] = await Promise.all([
      pipeline({ 'release-id': 's2', skip: 'render', 'lock-wait': '300s' }, '901'),
      new Promise<StepResult>((done) =>
        setTimeout(
          () => void pipeline({ 'release-id': 's10', skip: 'render', 'lock-wait': '300s' }, '902').then(done),
          300,
        ),
      ),
    ]);
    expect(errors(a)).toEqual([]);
    expect(errors(b)).toEqual([]);
    expect(a.outputs['serving-release']).toBe('s2');
    expect(b.outputs['serving-release']).toBe('s10');
    const added = logEntries().slice(before);
    // Each release deployed once, the second on top of the first; nothing rolled back.
    expect(added.map((e) => e.status)).toEqual(['deployed', 'deployed']);
    const [first, second] = added;
    expect(new Set([first!.release, second!.release])).toEqual(new Set(['s2', 's10']));
    expect(first!.previous).toBe('r1');
    expect(second!.previous).toBe(first!.release);
    const waited = [a, b].find((x) => x.outputs['release-id'] === second!.release)!;
    expect(waited.log.join('\n')).toMatch(
      /waiting for the deploy lock held by run .*#90[12]\.1 .*\(release s/,
    );
    expect(waited.outputs['previous-release']).toBe(first!.release);
    expect(sh('readlink /srv/keelpipe/current')).toBe(`releases/${second!.release}`);
    expect(served()).toBe(second!.release);
    expect(sh('test -e /srv/keelpipe/.keel/lock && echo locked || echo free')).toBe('free');
  });
});
