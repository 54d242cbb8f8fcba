/**
 * The watch after the switch, on the systemd host, run from the built bundle the way the runner runs it, with a
 * load generator in this process sending traffic through Nginx over TLS (every request its own connection):
 * a healthy release passes; a release whose /checkout answers 500 (its health paths still green) is rolled back
 * by the watch to the release before it; with no traffic the result says there was not enough to judge. The
 * access log is made root:adm 0640 (as Debian's logrotate leaves it), so the deploy user reads it only through
 * the one sudo rule render-config wrote.
 *
 * Then a release slower on /ai/* than the threshold is rolled back; canary first on a 2-host fleet (sd, whose
 * Nginx log is watched, and plain1, a host without systemd that only ever gets files): a failed canary is
 * switched back and plain1 is never contacted, a healthy canary lets plain1 follow; and the same watch on Caddy
 * (its JSON log, caddy-owned 0600, read through the one sudo rule) passes a healthy release and rolls back a
 * broken one.
 *
 * No outcome depends on timing luck: the load runs at 25 requests/s, half to /checkout, from before the
 * baseline window starts until the last watch that needs it ends, so each window holds hundreds of requests
 * (the minimum is 50); the broken release fails every /checkout (50% 5xx against a 5% threshold).
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type LogMark, type LogRead, parseRead, readCommand } from '../../src/watch/read.js';
import { clientKey, host, hostExec, knownHosts, openSession, putFile } from '../support/hosts.js';
import { request } from '../support/http.js';
import { actionDir, repoRoot } from '../support/paths.js';
import { errorsOf, rootAction, warningsOf } from '../support/root-action.js';
import { runStep, type StepResult } from '../support/step.js';
import { makeCa, type TestCa } from '../support/tls.js';

const DOMAIN = 'watch.keel.test';
const SPEC = `app: { name: keelwatch, module: "app:app", path: /srv/keelwatch, gunicorn: /usr/bin/gunicorn }
gunicorn: { workers: 4 }
proxy:
  domains: [${DOMAIN}]
  tls: { certificates: files, cert: /etc/keel-watch/w.crt, key: /etc/keel-watch/w.key }
  routes: [{ path: /checkout }, { path: /ai/ }]
`;
const LOG = '/var/log/nginx/keelwatch.access.log';
const CADDY_LOG = '/var/log/caddy/keelwatch.access.log';

let ca: TestCa;
let workspace: string;
let address: string;

beforeAll(() => {
  address = host('sd').address;
  ca = makeCa();
  hostExec(
    'sd',
    'systemctl stop keelwatch.service keelwatch.socket 2>/dev/null; rm -rf /srv/keelwatch /etc/systemd/system/keelwatch.* /etc/nginx/sites-*/keelwatch.conf /etc/sudoers.d/keelwatch-keel ' +
      `${LOG}*; systemctl daemon-reload; ` +
      'id keelwatch >/dev/null 2>&1 || useradd --system --home-dir /srv/keelwatch --shell /usr/sbin/nologin keelwatch; install -d -o deploy -g deploy /srv/keelwatch; ' +
      // keel's default server replaces Debian's (two would clash).
      'usermod -aG www-data deploy; rm -f /etc/nginx/sites-enabled/default',
  );
  const cert = ca.issue([DOMAIN], { name: 'watch', days: 30 });
  putFile('sd', '/etc/keel-watch/w.crt', cert.certPem);
  putFile('sd', '/etc/keel-watch/w.key', cert.keyPem, { mode: '0600' });
  workspace = mkdtempSync(join(tmpdir(), 'keel-watch-ws-'));
  cpSync(join(repoRoot, 'examples/sample-app'), join(workspace, 'app'), { recursive: true });
  mkdirSync(join(workspace, 'deploy'));
  writeFileSync(join(workspace, 'deploy/keel.yml'), SPEC);
});

afterAll(() => {
  load?.stop();
  hostExec('plain1', 'rm -rf /srv/keelwatch');
  hostExec(
    'sd',
    `systemctl stop caddy 2>/dev/null; rm -f /etc/caddy/sites/keelwatch.caddy ${CADDY_LOG}*; systemctl stop keelwatch.service keelwatch.socket 2>/dev/null; rm -rf /srv/keelwatch /etc/keel-watch /etc/systemd/system/keelwatch.* /etc/nginx/sites-*/keelwatch.conf /etc/sudoers.d/keelwatch-keel ${LOG}*; systemctl daemon-reload; systemctl reload nginx; true`,
  );
  rmSync(workspace, { recursive: true, force: true });
  ca.remove();
});

const pipeline = rootAction(() => ({ workspace, address, caPem: ca.caPem }));

const sh = (cmd: string) => hostExec('sd', cmd).trim();
const errors = errorsOf;
const warnings = warningsOf;

/** Steady traffic: `rate` requests/s alternating /checkout and /, plus health probes and a bot (left out). */
function startLoad(rate: number) {
  const statuses = new Map<string, number>();
  let i = 0;
  const timer = setInterval(() => {
    const n = i++;
    const path = n % 10 === 9 ? '/healthz' : n % 10 === 4 ? '/ai/answer' : n % 2 ? '/checkout' : '/';
    request(`https://${DOMAIN}${path}`, { address, ca: ca.caPem, timeoutMs: 5000 })
      .then((r) => statuses.set(`${path} ${r.status}`, (statuses.get(`${path} ${r.status}`) ?? 0) + 1))
      .catch(() => statuses.set(`${path} error`, (statuses.get(`${path} error`) ?? 0) + 1));
  }, 1000 / rate);
  return { statuses, stop: () => clearInterval(timer) };
}
let load: ReturnType<typeof startLoad> | undefined;
let rendered = '';

describe('the watch after the switch on the systemd host', () => {
  it("r1 goes live without a watch; its log is the site's own, in keel's format, and readable only through sudo", async () => {
    const r = await pipeline({ 'release-id': 'r1' });
    expect(errors(r)).toEqual([]);
    rendered = r.outputs['rendered-dir']!;
    expect(r.outputs).toMatchObject({ status: 'success', 'watch-result': 'off' });
    expect(r.summary).toContain('| watch | watch: ');
    // As Debian's logrotate creates it: the deploy user may not read it directly.
    await request(`https://${DOMAIN}/checkout?card=4111111111111111`, { address, ca: ca.caPem });
    sh(`chown root:adm ${LOG} && chmod 0640 ${LOG}`);
    const line = sh(`tail -n 1 ${LOG}`);
    expect(JSON.parse(line)).toMatchObject({ s: 200, m: 'GET', u: '/checkout' });
    expect(line).not.toContain('4111'); // $uri: the query string is never logged
    expect(sh(`su deploy -s /bin/sh -c 'cat ${LOG} >/dev/null 2>&1 && echo readable || echo denied'`)).toBe(
      'denied',
    );
    expect(
      sh(
        `su deploy -s /bin/sh -c 'sudo -n /usr/bin/tail -c +1 /etc/shadow >/dev/null 2>&1 && echo yes || echo refused'`,
      ),
    ).toBe('refused');
  });

  it("the reader over SSH follows the log through a real logrotate (Debian's rule, Nginx reopening), through sudo", async () => {
    const session = await openSession(host('sd'));
    try {
      const table = { routes: [['/', false, true]] as [string, boolean, boolean][], health: ['/healthz'] };
      const now = Number(sh('date +%s.%N'));
      const config = { from: now, to: now + 300, bucket: 10, ...table };
      const read = async (since?: LogMark) => {
        const r = await session.check('reading the log', readCommand(LOG, config, since));
        return parseRead(r.stdout);
      };
      const count = (r: LogRead) => r.cells.reduce((n, c) => n + c[2], 0);
      const send = async (n: number) => {
        for (let i = 0; i < n; i++) await request(`https://${DOMAIN}/checkout`, { address, ca: ca.caPem });
      };
      await send(3);
      const first = await read();
      expect(count(first)).toBe(3);
      await send(2);
      sh('logrotate -f /etc/logrotate.d/nginx');
      // Nginx writes into the new file once it has reopened its logs (USR1 from the rule's postrotate).
      for (let i = 0; i < 40 && sh(`stat -c %s ${LOG} 2>/dev/null || echo 0`) !== '0'; i++) await sleep(250);
      expect(sh(`stat -c '%i %U:%G %a' ${LOG}.1`)).toBe(`${first.mark.inode} root:adm 640`);
      await send(4);
      const second = await read(first.mark);
      expect(count(second)).toBe(6); // 2 from the rest of .1, 4 from the new file
      expect(second.mark.inode).not.toBe(first.mark.inode);
      expect(sh(`stat -c '%U:%G %a' ${LOG}`)).toBe('www-data:adm 640'); // unreadable to deploy but for sudo
    } finally {
      session.close();
    }
  });

  it('a healthy release under load passes the watch', async () => {
    load = startLoad(25);
    await sleep(45_000); // the baseline: the 40 s before the switch
    const r = await pipeline({ 'release-id': 'w1', skip: 'render', watch: '40s' });
    expect(errors(r)).toEqual([]);
    expect(r.exitCode).toBe(0);
    expect(r.outputs).toMatchObject({
      status: 'success',
      'smoke-result': 'passed',
      'watch-result': 'healthy',
    });
    expect(sh('readlink /srv/keelwatch/current')).toBe('releases/w1');
    expect(r.summary).toContain('```mermaid\nxychart-beta');
    expect(r.summary).toMatch(
      /\| watch \| watch: .* \| pass \| [\d.]+ \| healthy: \d+ request\(s\) in 40 s on 1 host\(s\) \|/,
    );
    const requests = Number(/healthy: (\d+) request/.exec(r.summary)![1]);
    expect(requests).toBeGreaterThan(300); // 40 s x 25/s x 0.9 (the health probes are left out)
  });

  it('a release whose /checkout fails (health green) is rolled back by the watch to the one before', async () => {
    writeFileSync(join(workspace, 'app/BROKEN'), 'yes\n');
    let r: StepResult;
    try {
      r = await pipeline({ 'release-id': 'b1', skip: 'render', watch: '40s' });
    } finally {
      rmSync(join(workspace, 'app/BROKEN'));
    }
    expect(r.exitCode).toBe(1);
    expect(r.outputs).toMatchObject({
      status: 'failure',
      'reload-result': 'passed',
      'smoke-result': 'passed', // the health paths were green all along
      'watch-result': 'regressed',
    });
    const error = errors(r).join('\n');
    expect(error).toMatch(
      /watch failed: the watch found a regression: .*all routes: 5xx [1-9]\d\.\d% \(\d+\/\d+\) is above the threshold 5\.0%.*route \/checkout: 5xx 100\.0% \(\d+\/\d+\) is above the threshold 5\.0%/,
    );
    expect(error).toMatch(/switched back to w1 and reloaded keelwatch\.service/);
    expect(sh('readlink /srv/keelwatch/current')).toBe('releases/w1');
    const logged = sh('tail -n 1 /srv/keelwatch/.keel/releases.log');
    expect(JSON.parse(logged)).toMatchObject({ release: 'b1', status: 'rolled-back', live: 'w1' });
    // w1's workers answer again once the HUP has replaced b1's (bounded wait).
    let status = 0;
    for (let i = 0; i < 40 && status !== 200; i++) {
      status = (await request(`https://${DOMAIN}/checkout`, { address, ca: ca.caPem })).status;
      if (status !== 200) await sleep(250);
    }
    expect(status).toBe(200);
    expect(r.summary).toMatch(/### ❌ keel watch: after the switch/);
    expect(r.summary).toMatch(/\| \+0s \| \d+ \| \d+ \| [1-9]\d\.\d% \|/);
  });

  it('ssh-deploy with watch: a broken release is switched back by the watch, under its lock, the same way', async () => {
    writeFileSync(join(workspace, 'app/BROKEN'), 'yes\n');
    let r: StepResult;
    try {
      r = await runStep({
        actionDir: actionDir('ssh-deploy'),
        workspace,
        with: {
          hosts: address,
          user: 'deploy',
          'ssh-key': clientKey(),
          'known-hosts': knownHosts(),
          source: 'app',
          venv: 'off',
          'deploy-path': '/srv/keelwatch',
          'release-id': 'b2',
          'rendered-dir': rendered,
          'reload-unit': 'keelwatch.service',
          watch: '40s',
        },
      });
    } finally {
      rmSync(join(workspace, 'app/BROKEN'));
    }
    expect(r.exitCode).toBe(1);
    expect(r.outputs).toMatchObject({ status: 'failure', 'release-id': 'b2', 'watch-result': 'regressed' });
    expect(errors(r).join('\n')).toMatch(
      /the watch found a regression: .*route \/checkout: 5xx 100\.0% \(\d+\/\d+\) is above the threshold 5\.0%.*switched back to w1 and reloaded keelwatch\.service/,
    );
    expect(sh('readlink /srv/keelwatch/current')).toBe('releases/w1');
    expect(JSON.parse(sh('tail -n 1 /srv/keelwatch/.keel/releases.log'))).toMatchObject({
      release: 'b2',
      status: 'rolled-back',
      live: 'w1',
    });
    expect(sh('test -e /srv/keelwatch/.keel/lock && echo locked || echo free')).toBe('free');
    expect(r.summary).toContain('```mermaid\nxychart-beta');
  });

  it('a release slower on /ai/* than the threshold (health still fast) is rolled back by the watch', async () => {
    writeFileSync(join(workspace, 'app/SLOW'), '0.6\n');
    let r: StepResult;
    try {
      r = await pipeline({
        'release-id': 's1',
        skip: 'render',
        watch: '40s',
        set: 'alerts.latency-p95-seconds=0.3',
      });
    } finally {
      rmSync(join(workspace, 'app/SLOW'));
    }
    expect(r.exitCode).toBe(1);
    expect(r.outputs).toMatchObject({ 'smoke-result': 'passed', 'watch-result': 'regressed' });
    const error = errors(r).join('\n');
    // 0.6 s sleeps: the p95 bin's upper edge is at least 0.6 s, over the 0.3 s threshold; /ai/answer is 10% of
    // the traffic, so it is caught on its own route's figures.
    expect(error).toMatch(/route \/ai\/: p95 (0\.[6-9]|[1-9])\d* s is above the threshold 0\.300 s/);
    expect(error).toMatch(/switched back to w1 and reloaded keelwatch\.service/);
    expect(sh('readlink /srv/keelwatch/current')).toBe('releases/w1');
    expect(JSON.parse(sh('tail -n 1 /srv/keelwatch/.keel/releases.log'))).toMatchObject({
      release: 's1',
      status: 'rolled-back',
      live: 'w1',
    });
    expect(r.summary).toMatch(/route \/ai\/: p95 [\d.]+ s is above the threshold 0\.300 s/);
  });

  const plain = () => host('plain1').address;
  const onPlain = (cmd: string) => hostExec('plain1', cmd).trim();

  it('canary first on 2 hosts: a failed canary is switched back, and the other host is never contacted', async () => {
    // plain1 (no systemd, no proxy) holds w1 from a plain ssh-deploy: the release the canary run must not touch.
    onPlain('rm -rf /srv/keelwatch; install -d -o deploy -g deploy /srv/keelwatch');
    const seed = await runStep({
      actionDir: actionDir('ssh-deploy'),
      workspace,
      with: {
        hosts: plain(),
        user: 'deploy',
        'ssh-key': clientKey(),
        'known-hosts': knownHosts(),
        source: 'app',
        venv: 'off',
        'deploy-path': '/srv/keelwatch',
        'release-id': 'w1',
      },
    });
    expect(errors(seed)).toEqual([]);
    const before = onPlain(
      'ls /srv/keelwatch/releases; readlink /srv/keelwatch/current; md5sum < /srv/keelwatch/.keel/releases.log',
    );
    writeFileSync(join(workspace, 'app/BROKEN'), 'yes\n');
    let r: StepResult;
    try {
      r = await pipeline({
        hosts: `${address},${plain()}`,
        canary: address,
        'release-id': 'c1',
        skip: 'render',
        watch: '40s',
      });
    } finally {
      rmSync(join(workspace, 'app/BROKEN'));
    }
    expect(r.exitCode).toBe(1);
    expect(r.outputs).toMatchObject({
      status: 'failure',
      'canary-hosts': address,
      'canary-result': 'regressed',
      'watch-result': 'regressed',
      'rest-result': 'not run',
      'deployed-hosts': address,
    });
    const error = errors(r).join('\n');
    expect(error).toMatch(/route \/checkout: 5xx 100\.0%/);
    expect(error).toContain(`not contacted (the canary did not pass), still on their release: ${plain()}`);
    expect(error).toMatch(/switched back to w1 and reloaded keelwatch\.service/);
    expect(sh('readlink /srv/keelwatch/current')).toBe('releases/w1');
    expect(JSON.parse(sh('tail -n 1 /srv/keelwatch/.keel/releases.log'))).toMatchObject({
      release: 'c1',
      status: 'rolled-back',
    });
    // plain1: byte for byte as before: no c1 directory, same current, same release log, no lock left.
    expect(
      onPlain(
        'ls /srv/keelwatch/releases; readlink /srv/keelwatch/current; md5sum < /srv/keelwatch/.keel/releases.log',
      ),
    ).toBe(before);
    expect(onPlain('test -e /srv/keelwatch/.keel/lock && echo locked || echo free')).toBe('free');
    expect(r.summary).toMatch(/\| rest \| rest: .* \| not run \|/);
  });

  it('canary first on 2 hosts: a healthy canary passes the watch, then the other host follows', async () => {
    // ssh-deploy: sd is the canary (reloaded by the after-switch hook, where systemd runs); plain1 gets the
    // files and the switch only (it has no systemd and no proxy).
    const r = await runStep({
      actionDir: actionDir('ssh-deploy'),
      workspace,
      with: {
        hosts: `${address}\n${plain()}`,
        user: 'deploy',
        'ssh-key': clientKey(),
        'known-hosts': knownHosts(),
        source: 'app',
        venv: 'off',
        'deploy-path': '/srv/keelwatch',
        'release-id': 'c2',
        'rendered-dir': rendered,
        'install-config': 'false',
        'after-switch':
          'if [ -d /run/systemd/system ]; then sudo -n /usr/bin/systemctl reload keelwatch.service; fi',
        canary: '1',
        watch: '40s',
      },
    });
    expect(errors(r)).toEqual([]);
    expect(r.outputs).toMatchObject({
      status: 'success',
      'canary-hosts': address,
      'canary-result': 'passed',
      'watch-result': 'healthy',
    });
    const hosts = JSON.parse(r.outputs.hosts!) as { host: string; ok: boolean }[];
    expect(hosts.map((h) => [h.host, h.ok])).toEqual([
      [address, true],
      [plain(), true],
    ]);
    expect(sh('readlink /srv/keelwatch/current')).toBe('releases/c2');
    expect(onPlain('readlink /srv/keelwatch/current')).toBe('releases/c2');
    // plain1 was switched after the canary's watch ended: its c2 is at least the window younger than sd's.
    const made = (cmd: (c: string) => string) => Number(cmd('stat -c %Y /srv/keelwatch/releases/c2'));
    expect(made(onPlain) - made(sh)).toBeGreaterThanOrEqual(40);
  });

  it('with no traffic, the result is not-enough-traffic: a warning, never a pass', async () => {
    load?.stop();
    // What the load saw: the broken release's 500s on /checkout; the health path never failed.
    expect(load!.statuses.get('/checkout 500')).toBeGreaterThan(100);
    expect(
      [...load!.statuses.keys()].filter((k) => k.startsWith('/healthz') && k !== '/healthz 200'),
    ).toEqual([]);
    await sleep(2000);
    const r = await pipeline({ 'release-id': 'n1', skip: 'render', watch: '20s' });
    expect(errors(r)).toEqual([]);
    expect(r.exitCode).toBe(0);
    expect(r.outputs).toMatchObject({ 'watch-result': 'not-enough-traffic' });
    expect(warnings(r).join('\n')).toMatch(
      /not enough traffic to judge: \d request\(s\) in the watch window, 50 needed/,
    );
    expect(r.summary).toMatch(
      /\| watch \| watch: .* \| warning \| [\d.]+ \| not-enough-traffic: \d request\(s\) in 20 s/,
    );
    expect(sh('readlink /srv/keelwatch/current')).toBe('releases/n1');
  });
});

describe('the same watch on Caddy (its JSON access log, read through the one sudo rule)', () => {
  const caddy = (inputs: Record<string, string>) => pipeline({ set: 'proxy.server=caddy', ...inputs });

  beforeAll(() => {
    // Caddy runs as caddy: it reads the key as its group, as a Caddy host would have it.
    // The app's socket is keelwatch:caddy 0660 on a Caddy site: deploy joins caddy's group to probe it, as it
    // joined www-data's for Nginx.
    sh(
      'systemctl stop nginx; chown root:caddy /etc/keel-watch/w.key; chmod 0640 /etc/keel-watch/w.key; usermod -aG caddy deploy',
    );
  });

  it('k1 goes live on Caddy; its log is keel-rolled JSON, and unreadable to deploy but for the sudo rule', async () => {
    const r = await caddy({ 'release-id': 'k1' });
    expect(errors(r)).toEqual([]);
    expect(r.outputs).toMatchObject({ status: 'success', 'smoke-result': 'passed' });
    expect(sh('systemctl is-active caddy')).toBe('active');
    await request(`https://${DOMAIN}/checkout?card=4111111111111111`, { address, ca: ca.caPem });
    // Whatever mode Caddy gave it, make it the strictest: only caddy reads it; the watch must go through sudo.
    sh(`chown caddy:caddy ${CADDY_LOG} && chmod 0600 ${CADDY_LOG}`);
    const line = JSON.parse(sh(`tail -n 1 ${CADDY_LOG}`)) as {
      status: number;
      duration: number;
      request: { uri: string };
    };
    expect(line).toMatchObject({ status: 200, request: { uri: '/checkout?card=4111111111111111' } });
    expect(typeof line.duration).toBe('number');
    expect(
      sh(`su deploy -s /bin/sh -c 'cat ${CADDY_LOG} >/dev/null 2>&1 && echo readable || echo denied'`),
    ).toBe('denied');
    expect(
      sh(
        `su deploy -s /bin/sh -c 'sudo -n /usr/bin/tail -c +1 ${CADDY_LOG} >/dev/null 2>&1 && echo yes || echo refused'`,
      ),
    ).toBe('yes');
    for (const other of ['/etc/shadow', '/var/log/caddy/../../../etc/shadow', `${CADDY_LOG} /etc/shadow`])
      expect(
        sh(
          `su deploy -s /bin/sh -c 'sudo -n /usr/bin/tail -c +1 ${other} >/dev/null 2>&1 && echo yes || echo refused'`,
        ),
      ).toBe('refused');
  });

  it('a healthy release under load passes the watch on Caddy', async () => {
    load = startLoad(25);
    await sleep(45_000);
    const r = await caddy({ 'release-id': 'k2', skip: 'render', watch: '40s' });
    expect(errors(r)).toEqual([]);
    expect(r.outputs).toMatchObject({ status: 'success', 'watch-result': 'healthy' });
    expect(sh('readlink /srv/keelwatch/current')).toBe('releases/k2');
    const requests = Number(/healthy: (\d+) request/.exec(r.summary)![1]);
    expect(requests).toBeGreaterThan(300);
  });

  it('a release whose /checkout fails is rolled back by the watch on Caddy', async () => {
    writeFileSync(join(workspace, 'app/BROKEN'), 'yes\n');
    let r: StepResult;
    try {
      r = await caddy({ 'release-id': 'k3', skip: 'render', watch: '40s' });
    } finally {
      rmSync(join(workspace, 'app/BROKEN'));
      load?.stop();
    }
    expect(r.exitCode).toBe(1);
    expect(r.outputs).toMatchObject({ 'smoke-result': 'passed', 'watch-result': 'regressed' });
    expect(errors(r).join('\n')).toMatch(
      /route \/checkout: 5xx 100\.0% \(\d+\/\d+\) is above the threshold 5\.0%.*switched back to k2 and reloaded keelwatch\.service/,
    );
    expect(sh('readlink /srv/keelwatch/current')).toBe('releases/k2');
    expect(load!.statuses.get('/checkout 500')).toBeGreaterThan(50);
  });
});
