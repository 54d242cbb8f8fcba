/**
 * ssh-deploy's release engine against the real test hosts, run from the committed bundle as the runner runs it:
 * first deploy, delta redeploy, shared files, keep-N, rollback, hooks, the lock, cancellation, a full disk,
 * rolling batches, virtualenvs, and a reload of a real systemd service.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { type AddressInfo, connect, createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { renderAll } from '../../src/render/index.js';
import { renderConfig } from '../../src/render/render-config.js';
import { loadSpec } from '../../src/appspec/load.js';
import { resolve } from '../../src/appspec/resolve.js';
import { runStep, secret, type StepResult } from '../support/step.js';
import { fakeGitHub, type FakeGitHub } from '../support/fake-github.js';
import {
  clientKey,
  host,
  hostExec,
  knownHosts,
  plainHosts,
  putFile,
  type TestHost,
} from '../support/hosts.js';
import { actionDir, repoRoot } from '../support/paths.js';

let workspace: string;
const APP = join(repoRoot, 'examples/sample-app');

beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), 'keel-deploy-ws-'));
  cpSync(APP, join(workspace, 'app'), { recursive: true });
});
afterEach(() => rmSync(workspace, { recursive: true, force: true }));

function deploy(
  target: TestHost | TestHost[],
  inputs: Record<string, string> = {},
  extra: Partial<Parameters<typeof runStep>[0]> = {},
): Promise<StepResult> {
  const hosts = Array.isArray(target) ? target : [target];
  return runStep({
    actionDir: actionDir('ssh-deploy'),
    workspace,
    with: {
      hosts: hosts.map((h) => h.address).join('\n'),
      user: 'deploy',
      'ssh-key': clientKey(),
      'known-hosts': knownHosts(),
      'deploy-path': '/srv/keel/shop',
      source: 'app',
      ...inputs,
    },
    ...extra,
  });
}

const sh = (h: TestHost, cmd: string) => hostExec(h.name, cmd).trim();
const current = (h: TestHost, path = '/srv/keel/shop') => sh(h, `readlink ${path}/current`);
const errors = (r: StepResult) => r.annotations.filter((a) => a.level === 'error').map((a) => a.message);

describe('deploying releases to a plain host', () => {
  let h: TestHost;
  beforeAll(() => {
    h = plainHosts()[0]!;
    hostExec(h.name, 'rm -rf /srv/keel/shop');
  });

  it('first deploy: uploads the release, links shared files, switches current, logs it and releases the lock', async () => {
    const r = await deploy(h, { 'release-id': 'r1', shared: '.env\nmedia/' });
    expect(errors(r)).toEqual([]);
    expect(r.outputs).toMatchObject({ status: 'success', 'release-id': 'r1', 'previous-release': '' });
    expect(current(h)).toBe('releases/r1');
    expect(sh(h, 'cat /srv/keel/shop/current/RELEASE')).toBe('r1');
    expect(sh(h, 'cmp /srv/keel/shop/current/app.py /opt/keel-sample/app.py && echo same')).toBe('same');
    expect(sh(h, 'readlink /srv/keel/shop/current/.env; readlink /srv/keel/shop/current/media')).toBe(
      '/srv/keel/shop/shared/.env\n/srv/keel/shop/shared/media',
    );
    expect(sh(h, 'test -e /srv/keel/shop/.keel/lock && echo locked || echo free')).toBe('free');
    expect(JSON.parse(sh(h, 'tail -1 /srv/keel/shop/.keel/releases.log'))).toMatchObject({
      release: 'r1',
      status: 'deployed',
    });
    expect(r.summary).toContain(`| ${h.address} | pass | - |`);
    expect(r.log.join('\n')).toMatch(/sent \d+ file\(s\), \d+ KiB \(zstd\)/); // the host has zstd
  });

  it('redeploy: sends only the changed file and never writes through the hard links into the previous release', async () => {
    writeFileSync(join(workspace, 'app/app.py'), '# changed\n' + readFileSync(join(APP, 'app.py'), 'utf8'));
    hostExec(h.name, 'echo SECRET=1 > /srv/keel/shop/shared/.env');
    // A host without zstd gets gzip.
    hostExec(h.name, 'mv /usr/bin/zstd /usr/bin/zstd.hidden');
    let r: StepResult;
    try {
      r = await deploy(h, { 'release-id': 'r2', shared: '.env\nmedia/' });
    } finally {
      hostExec(h.name, 'mv /usr/bin/zstd.hidden /usr/bin/zstd');
    }
    expect(errors(r)).toEqual([]);
    expect(r.log.join('\n')).toMatch(/sent 1 file\(s\), \d+ KiB \(gzip\)/);
    const [result] = JSON.parse(r.outputs.hosts!) as {
      uploadedFiles: number;
      unchangedFiles: number;
      previous: string;
    }[];
    expect(result).toMatchObject({ uploadedFiles: 1, previous: 'r1' });
    expect(result!.unchangedFiles).toBe(readdirSync(APP).length - 1);
    expect(sh(h, 'head -1 /srv/keel/shop/releases/r2/app.py')).toBe('# changed');
    expect(sh(h, 'head -1 /srv/keel/shop/releases/r1/app.py')).not.toBe('# changed');
    expect(sh(h, 'cat /srv/keel/shop/current/.env')).toBe('SECRET=1');
    expect(current(h)).toBe('releases/r2');
  });

  it('a failing before-switch hook fails the deploy, leaves current alone and removes nothing else', async () => {
    const r = await deploy(h, { 'release-id': 'r3', 'before-switch': 'echo migrating; exit 7' });
    expect(r.exitCode).toBe(1);
    expect(errors(r).join('\n')).toMatch(/the before-switch hook exited with code 7/);
    expect(current(h)).toBe('releases/r2');
    expect(sh(h, 'test -e /srv/keel/shop/.keel/lock && echo locked || echo free')).toBe('free');
    expect(JSON.parse(sh(h, 'tail -1 /srv/keel/shop/.keel/releases.log'))).toMatchObject({
      release: 'r3',
      status: 'failed',
    });
  });

  it('a failing build hook fails the deploy before anything goes live, and the partial release is removed', async () => {
    const r = await deploy(h, { 'release-id': 'r3b', build: 'echo building >&2; false' });
    expect(r.exitCode).toBe(1);
    expect(errors(r).join('\n')).toMatch(/the build hook exited with code 1:\nbuilding/);
    expect(current(h)).toBe('releases/r2');
    expect(sh(h, 'ls -a /srv/keel/shop/releases')).not.toMatch(/r3b|partial/);
  });

  it('a failing after-switch hook switches back to the previous release and marks the new one bad', async () => {
    const r = await deploy(h, { 'release-id': 'r4', 'after-switch': 'exit 3' });
    expect(r.exitCode).toBe(1);
    expect(current(h)).toBe('releases/r2');
    expect(sh(h, 'test -e /srv/keel/shop/releases/r4/.keel/bad && echo bad')).toBe('bad');
    expect(r.summary).toContain('FAIL (switched back)');
  });

  it('keeps the newest N releases, never the current or previous one', async () => {
    for (const id of ['r5', 'r6', 'r7'])
      expect((await deploy(h, { 'release-id': id, keep: '2' })).outputs.status).toBe('success');
    expect(sh(h, 'ls /srv/keel/shop/releases').split('\n')).toEqual(['r6', 'r7']);
  });

  it('rolls back to the previous release, marks the bad one, and can go to a named release', async () => {
    const r = await deploy(h, { mode: 'rollback' });
    expect(errors(r)).toEqual([]);
    expect(r.outputs).toMatchObject({ 'release-id': 'r6', 'previous-release': 'r7' });
    expect(current(h)).toBe('releases/r6');
    expect(sh(h, 'test -e /srv/keel/shop/releases/r7/.keel/bad && echo bad')).toBe('bad');
    const again = await deploy(h, { mode: 'rollback' });
    expect(errors(again)[0]).toMatch(/no good release before r6/);
    const named = await deploy(h, { mode: 'rollback', 'rollback-to': 'r7' });
    expect(named.outputs['release-id']).toBe('r7');
    expect(current(h)).toBe('releases/r7');
  });

  it('refuses to deploy while another deploy holds the lock, naming it', async () => {
    const [a, b] = await Promise.all([
      deploy(h, { 'release-id': 'r8', build: 'sleep 4' }),
      new Promise<StepResult>((done) =>
        setTimeout(() => void deploy(h, { 'release-id': 'r9' }).then(done), 1500),
      ),
    ]);
    expect(a.outputs.status).toBe('success');
    expect(b.exitCode).toBe(1);
    expect(errors(b).join('\n')).toMatch(
      /another deploy holds the lock: run keel-local\/app#1\.1 by keel-local \(release r8/,
    );
    const waited = await Promise.all([
      deploy(h, { 'release-id': 'r10', build: 'sleep 3' }),
      new Promise<StepResult>((done) =>
        setTimeout(() => void deploy(h, { 'release-id': 'r11', 'lock-wait': '60s' }).then(done), 1000),
      ),
    ]);
    expect(waited.map((x) => x.outputs.status)).toEqual(['success', 'success']);
    expect(current(h)).toBe('releases/r11');
  });

  it('a job cancelled mid-deploy keeps current; the main step stops its hook and releases its own lock', async () => {
    const before = current(h);
    const r = await deploy(h, { 'release-id': 'r12', build: 'sleep 30' }, { cancelAfterMs: 4000 });
    expect(r.conclusion).toBe('cancelled');
    expect(current(h)).toBe(before);
    expect(r.post?.annotations ?? []).toEqual([]); // nothing left for the post step
    expect(sh(h, 'test -e /srv/keel/shop/.keel/lock && echo locked || echo free')).toBe('free');
  });

  it('a main step killed outright (SIGKILL) leaves the lock to its post step, which releases it', async () => {
    const before = current(h);
    const r = await deploy(h, { 'release-id': 'r12', build: 'sleep 30' }, { timeoutMs: 4000 });
    expect(r.signal).toBe('SIGKILL');
    expect(current(h)).toBe(before);
    expect(r.post?.annotations.map((a) => a.message)).toContain(
      `${h.address}: released the deploy lock the main step left behind`,
    );
    expect(sh(h, 'test -e /srv/keel/shop/.keel/lock && echo locked || echo free')).toBe('free');
    const next = await deploy(h, { 'release-id': 'r13' });
    expect(next.outputs.status).toBe('success');
    expect(sh(h, 'ls -a /srv/keel/shop/releases | grep -c partial || true')).toBe('0');
  });
});

describe('the deploy lock as a lease', () => {
  const PATH = '/srv/keel/race';
  const HOLDERS = '/srv/keel/race-holders';
  let h: TestHost;
  beforeAll(() => {
    h = plainHosts()[1]!;
    hostExec(h.name, `rm -rf ${PATH} ${HOLDERS}`);
  });

  /** A build hook that records when this run held the lock, and fails if its own upload vanished meanwhile. */
  const recorder =
    `echo "start $KEEL_RELEASE $(date +%s%N)" >> ${HOLDERS}; sleep 1; ` +
    `test -d "$KEEL_RELEASE_PATH" || { echo "my upload is gone" >&2; exit 9; }; ` +
    `echo "end $KEEL_RELEASE $(date +%s%N)" >> ${HOLDERS}`;

  /** [release, start, end] per run, from the holders file; throws if a start has no end. */
  const intervals = () => {
    const lines = sh(h, `cat ${HOLDERS}`).split('\n');
    const open = new Map<string, bigint>();
    const out: [string, bigint, bigint][] = [];
    for (const l of lines) {
      const [what, id, t] = l.split(' ');
      if (what === 'start') open.set(id!, BigInt(t!));
      else {
        out.push([id!, open.get(id!)!, BigInt(t!)]);
        open.delete(id!);
      }
    }
    expect([...open.keys()]).toEqual([]);
    return out;
  };

  it('an expired lock and 4 deploys started at once, 4 times over: one holder at a time, no upload of another run deleted', async () => {
    const expiredLock =
      `mkdir -p ${PATH}/.keel/lock && printf dead > ${PATH}/.keel/lock/token && echo $(( $(date +%s) - 5 )) > ${PATH}/.keel/lock/expires && ` +
      `printf '%s\n' '{"run":"dead-run","actor":"ghost","release":"x","started":"2026-01-01T00:00:00Z"}' > ${PATH}/.keel/lock/holder.json && ` +
      // An upload of a run that died: it belongs to no live holder, so the next holder removes it.
      `mkdir -p ${PATH}/releases/.partial-x.dead && chown -R deploy:deploy ${PATH}`;
    // (The workspace exists per test.)
    expect((await deploy(h, { 'deploy-path': PATH, 'release-id': 'zz0', venv: 'off' })).outputs.status).toBe(
      'success',
    );
    const deployed: string[] = [];
    for (let trial = 0; trial < 4; trial++) {
      hostExec(h.name, `rm -f ${HOLDERS}; ${expiredLock}`);
      // Names that sort against the order they may run in: 9 before 10, b before a.
      const ids = ['10', '9', 'b', 'a'].map((x) => `t${trial}-${x}`);
      const runs = await Promise.all(
        ids.map((id, i) =>
          deploy(
            h,
            {
              'deploy-path': PATH,
              'release-id': id,
              venv: 'off',
              'lock-wait': '120s',
              build: recorder,
              keep: '30',
            },
            { context: { runId: `${700 + trial * 10 + i}` } },
          ),
        ),
      );
      for (const r of runs) expect(errors(r)).toEqual([]);
      const spans = intervals().sort((x, y) => (x[1] < y[1] ? -1 : 1));
      expect(spans.map((x) => x[0]).sort()).toEqual([...ids].sort());
      for (let i = 1; i < spans.length; i++) expect(spans[i]![1]).toBeGreaterThan(spans[i - 1]![2]);
      // Exactly one run broke the expired lock; nobody broke a live one.
      const broke = runs.flatMap((r) => r.log.filter((l) => /broke an expired deploy lock/.test(l)));
      expect(broke).toHaveLength(1);
      expect(broke[0]).toMatch(/held by run dead-run by ghost/);
      expect(sh(h, `ls -a ${PATH}/releases | grep -c partial || true`)).toBe('0');
      expect(sh(h, `test -e ${PATH}/.keel/lock && echo locked || echo free`)).toBe('free');
      // The one that held the lock last is live, and each release was deployed once, on top of the one before.
      expect(current(h, PATH)).toBe(`releases/${spans.at(-1)![0]}`);
      deployed.push(...spans.map((x) => x[0]));
    }
    const log = sh(h, `cat ${PATH}/.keel/releases.log`)
      .split('\n')
      .map((l) => JSON.parse(l) as { release: string; status: string; previous: string | null });
    const ok = log.filter((e) => e.status === 'deployed');
    expect(ok.map((e) => e.release)).toEqual(['zz0', ...deployed]);
    expect(ok.slice(1).map((e) => e.previous)).toEqual(['zz0', ...deployed.slice(0, -1)]);
    expect(log.filter((e) => e.status !== 'deployed')).toEqual([]);
  });

  it('a long build with a short lock-ttl keeps the lock renewed: a waiting deploy never breaks it', async () => {
    hostExec(h.name, `rm -f ${HOLDERS}`);
    const slow = `echo "start $KEEL_RELEASE $(date +%s%N)" >> ${HOLDERS}; sleep 25; test -d "$KEEL_RELEASE_PATH" || exit 9; echo "end $KEEL_RELEASE $(date +%s%N)" >> ${HOLDERS}`;
    const [a, b] = await Promise.all([
      deploy(h, { 'deploy-path': PATH, 'release-id': 'slow', venv: 'off', 'lock-ttl': '10s', build: slow }),
      new Promise<StepResult>((done) =>
        setTimeout(
          () =>
            void deploy(
              h,
              {
                'deploy-path': PATH,
                'release-id': 'after',
                venv: 'off',
                'lock-wait': '90s',
                'lock-ttl': '10s',
                build: recorder,
              },
              { context: { runId: '801' } },
            ).then(done),
          3000,
        ),
      ),
    ]);
    expect(errors(a)).toEqual([]);
    expect(errors(b)).toEqual([]);
    expect(b.log.join('\n')).toMatch(/waiting for the deploy lock held by run .* \(release slow/);
    expect([...a.log, ...b.log].join('\n')).not.toMatch(/broke an expired|no longer holds/);
    const spans = intervals();
    expect(spans.map((x) => x[0])).toEqual(['slow', 'after']);
    expect(spans[1]![1]).toBeGreaterThan(spans[0]![2]);
    expect(Number(spans[0]![2] - spans[0]![1]) / 1e9).toBeGreaterThan(25); // longer than two ttls
    expect(current(h, PATH)).toBe('releases/after');
  });

  it('a run whose lock was taken over fails before switching, and leaves the new holder alone', async () => {
    // While the build runs, the lock is replaced (as if another run had broken it): the heartbeat notices.
    const steal = `sleep 3; printf thief > ${PATH}/.keel/lock/token; sleep 5`;
    const r = await deploy(h, {
      'deploy-path': PATH,
      'release-id': 'robbed',
      venv: 'off',
      'lock-ttl': '10s',
      build: steal,
    });
    expect(r.exitCode).toBe(1);
    expect(errors(r).join('\n')).toMatch(/this run no longer holds the deploy lock/);
    expect(current(h, PATH)).toBe('releases/after');
    // The thief's lock is still there (only its token may release it).
    expect(sh(h, `cat ${PATH}/.keel/lock/token`)).toBe('thief');
    hostExec(h.name, `rm -rf ${PATH}/.keel/lock`);
  });

  it('a lease stolen right before the switch (nothing runs after it: switch, log, prune and release are one script): nothing switched, pruned or released', async () => {
    // The before-switch hook is the last thing before the switch's script, with no renewal in between: the
    // lock changes hands there. The one script must find it lost under the guard and do none of its parts.
    const releases = sh(h, `ls ${PATH}/releases`);
    expect(releases.split('\n').length).toBeGreaterThan(1); // something a `keep: 1` prune would remove
    const log = sh(h, `cat ${PATH}/.keel/releases.log`);
    const r = await deploy(h, {
      'deploy-path': PATH,
      'release-id': 'robbed-late',
      venv: 'off',
      keep: '1',
      'before-switch': `printf thief > ${PATH}/.keel/lock/token`,
    });
    expect(r.exitCode).toBe(1);
    expect(errors(r).join('\n')).toMatch(/this run no longer holds the deploy lock.*nothing was switched/);
    expect(current(h, PATH)).toBe('releases/after');
    expect(sh(h, `ls ${PATH}/releases`)).toBe(releases); // nothing pruned; the unswitched release removed
    expect(sh(h, `cat ${PATH}/.keel/releases.log`)).toBe(log); // a run that lost its lock writes no line
    expect(sh(h, `cat ${PATH}/.keel/lock/token`)).toBe('thief');
    hostExec(h.name, `rm -rf ${PATH}/.keel/lock`);
  });
});

describe('one SSH session per host: the lease beside the upload', () => {
  const PATH = '/srv/keel/shared-session';
  let h: TestHost;
  beforeAll(() => {
    h = plainHosts()[1]!;
    hostExec(h.name, `rm -rf ${PATH}`);
  });

  it('an upload slower than the lock-ttl on the same connection: the lease stays renewed, a waiting deploy never breaks it', async () => {
    // 3 MiB that do not compress, through a 1 Mbit/s link (the runner's side of this host's veth): ~25 s of
    // upload on the deploy's connection, where the lease's renewals (every ttl/3 = 3.3 s) also go.
    writeFileSync(join(workspace, 'app', 'big.bin'), randomBytes(3 * 1024 * 1024));
    const dev = `kp-${h.name}`;
    execFileSync('tc', [
      'qdisc',
      'replace',
      'dev',
      dev,
      'root',
      'tbf',
      'rate',
      '1mbit',
      'burst',
      '32kbit',
      'latency',
      '400ms',
    ]);
    let a: StepResult, b: StepResult;
    try {
      [a, b] = await Promise.all([
        deploy(h, { 'deploy-path': PATH, 'release-id': 'slow', venv: 'off', 'lock-ttl': '10s' }),
        new Promise<StepResult>((done) =>
          setTimeout(
            () =>
              void deploy(
                h,
                {
                  'deploy-path': PATH,
                  'release-id': 'next',
                  venv: 'off',
                  'lock-wait': '120s',
                  'lock-ttl': '10s',
                },
                { context: { runId: '901' } },
              ).then(done),
            4000,
          ),
        ),
      ]);
    } finally {
      execFileSync('tc', ['qdisc', 'del', 'dev', dev, 'root']);
    }
    expect(errors(a)).toEqual([]);
    expect(errors(b)).toEqual([]);
    // The renewals queued behind the upload's data on the shared connection; the lease went on on its own one
    // (without that, this test fails: the lock expires mid-upload and the waiting run breaks it).
    expect(a.log.join('\n')).toMatch(/renewing the deploy lock on a connection of its own/);
    // The transfer really outlasted the ttl (keel's own timing line).
    const transfer = Number(/pack \+ transfer (\d+) ms/.exec(a.log.join('\n'))?.[1]);
    expect(transfer).toBeGreaterThan(10_000);
    expect(b.log.join('\n')).toMatch(/waiting for the deploy lock held by run .* \(release slow/);
    expect([...a.log, ...b.log].join('\n')).not.toMatch(
      /broke an expired|no longer holds|could not be renewed/,
    );
    const log = sh(h, `cat ${PATH}/.keel/releases.log`)
      .split('\n')
      .map((l) => JSON.parse(l) as { release: string; status: string; previous: string | null });
    expect(log.map((e) => [e.release, e.status, e.previous])).toEqual([
      ['slow', 'deployed', null],
      ['next', 'deployed', 'slow'],
    ]);
    expect(current(h, PATH)).toBe('releases/next');
    expect(sh(h, `test -e ${PATH}/.keel/lock && echo locked || echo free`)).toBe('free');
  }, 180_000);

  it('a lease lost just before the switch (no heartbeat in between): nothing switched, the new holder left alone', async () => {
    // The before-switch hook is the last thing before the switch; the lock is taken over inside it, and the
    // 30-minute ttl means no renewal notices: only the switch's own guarded check can.
    const steal = `printf thief > ${PATH}/.keel/lock/token`;
    const r = await deploy(h, {
      'deploy-path': PATH,
      'release-id': 'robbed',
      venv: 'off',
      'before-switch': steal,
    });
    expect(r.exitCode).toBe(1);
    expect(errors(r).join('\n')).toMatch(/this run no longer holds the deploy lock.*nothing was switched/);
    expect(current(h, PATH)).toBe('releases/next');
    expect(sh(h, `ls ${PATH}/releases`).split('\n')).not.toContain('robbed');
    expect(sh(h, `cat ${PATH}/.keel/lock/token`)).toBe('thief');
    // A run that lost its lock writes nothing more to the log (the holder now owns it).
    expect(sh(h, `cat ${PATH}/.keel/releases.log`)).not.toMatch(/robbed/);
    hostExec(h.name, `rm -rf ${PATH}/.keel/lock`);
  });
});

describe('faults and fleets', () => {
  it('a full disk fails the upload, keeps the previous release current, and leaves no partial release', async () => {
    const h = plainHosts()[2]!;
    hostExec(
      h.name,
      'umount /srv/full 2>/dev/null || true; install -d -o deploy -g deploy /srv/full && mount -t tmpfs -o size=3m,mode=0755,uid=1000,gid=1000 tmpfs /srv/full',
    );
    try {
      expect(
        (await deploy(h, { 'deploy-path': '/srv/full/shop', 'release-id': 'small', venv: 'off' })).outputs
          .status,
      ).toBe('success');
      writeFileSync(join(workspace, 'app/blob.bin'), randomBytes(6 * 1024 * 1024));
      const r = await deploy(h, { 'deploy-path': '/srv/full/shop', 'release-id': 'big', venv: 'off' });
      expect(r.exitCode).toBe(1);
      expect(errors(r).join('\n')).toMatch(/No space left on device/);
      expect(current(h, '/srv/full/shop')).toBe('releases/small');
      expect(sh(h, 'ls -a /srv/full/shop/releases')).not.toMatch(/partial|big/);
      expect(sh(h, 'test -e /srv/full/shop/.keel/lock && echo locked || echo free')).toBe('free');
    } finally {
      hostExec(h.name, 'umount /srv/full');
    }
  });

  it('rolls out in batches and stops at the first failed batch, leaving later hosts untouched', async () => {
    const [a, b, c] = plainHosts();
    for (const x of [a, b, c]) hostExec(x!.name, 'rm -rf /srv/keel/fleet');
    hostExec(b!.name, 'install -d -o root -g root -m 0755 /srv/keel/fleet');
    const r = await deploy([a!, b!, c!], {
      'deploy-path': '/srv/keel/fleet',
      'release-id': 'f1',
      'batch-size': '1',
    });
    expect(r.exitCode).toBe(1);
    const results = JSON.parse(r.outputs.hosts!) as { host: string; ok: boolean; skipped?: boolean }[];
    expect(results.map((x) => [x.host, x.ok, x.skipped ?? false])).toEqual([
      [a!.address, true, false],
      [b!.address, false, false],
      [c!.address, false, true],
    ]);
    expect(r.outputs['failed-hosts']).toBe(`${b!.address},${c!.address}`);
    expect(sh(c!, 'test -e /srv/keel/fleet && echo exists || echo untouched')).toBe('untouched');
    expect(r.summary).toContain('not attempted: an earlier batch failed');
    hostExec(b!.name, 'rm -rf /srv/keel/fleet');
  });

  it('deploys to three hosts at once', async () => {
    const hosts = plainHosts();
    const r = await deploy(hosts, { 'deploy-path': '/srv/keel/fleet2', 'release-id': 'p1' });
    expect(errors(r)).toEqual([]);
    for (const x of hosts) expect(current(x, '/srv/keel/fleet2')).toBe('releases/p1');
  });
});

describe('on the systemd host', () => {
  const SPEC = `app: { name: deployed, module: "app:app", path: /srv/deployed }
gunicorn: { workers: 2, bind: tcp, port: 8100 }
proxy: { domains: [deployed.keel.test], tls: { certificates: files, cert: /etc/c.pem, key: /etc/k.pem } }
`;
  let sd: TestHost;
  let rendered: string;
  beforeAll(() => {
    sd = host('sd');
    const r = resolve(loadSpec(SPEC).spec);
    const files = renderAll(r);
    // Installing units is the host's admin's (or a later ssh-deploy's) job: here the test does it.
    hostExec(
      'sd',
      'systemctl stop deployed.service deployed.socket 2>/dev/null; rm -rf /srv/deployed; id deployed >/dev/null 2>&1 || useradd --system --home-dir /srv/deployed --shell /usr/sbin/nologin deployed; install -d -o deploy -g deploy /srv/deployed',
    );
    for (const f of files.filter((x) => x.scope === 'host' && x.kind.startsWith('systemd')))
      putFile('sd', f.install, f.content);
    hostExec('sd', 'systemctl daemon-reload');
    rendered = mkdtempSync(join(tmpdir(), 'keel-rendered-'));
    mkdirSync(rendered, { recursive: true });
    for (const f of files) {
      mkdirSync(join(rendered, f.name, '..'), { recursive: true });
      writeFileSync(join(rendered, f.name), f.content);
    }
    writeFileSync(
      join(rendered, 'manifest.json'),
      JSON.stringify({ files: files.map(({ content: _c, ...f }) => f) }),
    );
  });
  afterAll(() => {
    hostExec('sd', 'systemctl stop deployed.service 2>/dev/null || true');
    rmSync(rendered, { recursive: true, force: true });
  });

  const version = () => JSON.parse(sh(sd, 'curl -fsS http://127.0.0.1:8100/version')).release as string;

  it('builds a virtualenv, ships the rendered gunicorn.conf.py, and reloads the service onto each new release', async () => {
    writeFileSync(join(workspace, 'app/requirements.txt'), '# from Debian: flask, gunicorn\n');
    const inputs = {
      'deploy-path': '/srv/deployed',
      'rendered-dir': rendered,
      'install-config': 'false',
      'venv-system-site-packages': 'true',
      'reload-unit': 'deployed.service',
    };
    const first = await deploy(sd, {
      ...inputs,
      'release-id': 's1',
      'reload-unit': '',
      'after-switch': 'sudo -n systemctl start deployed.service',
    });
    expect(errors(first)).toEqual([]);
    expect(sh(sd, 'readlink /srv/deployed/current/.venv')).toMatch(
      /^\/srv\/deployed\/\.keel\/venvs\/[0-9a-f]{16}$/,
    );
    expect(sh(sd, 'test -f /srv/deployed/current/.keel/gunicorn.conf.py && echo yes')).toBe('yes');
    expect(version()).toBe('s1');
    const second = await deploy(sd, { ...inputs, 'release-id': 's2' });
    expect(errors(second)).toEqual([]);
    await sleep(1500);
    expect(version()).toBe('s2');
    expect(
      sh(sd, 'readlink /srv/deployed/releases/s1/.venv') ===
        sh(sd, 'readlink /srv/deployed/releases/s2/.venv'),
    ).toBe(true);
    const back = await deploy(sd, { ...inputs, mode: 'rollback' });
    expect(back.outputs['release-id']).toBe('s1');
    await sleep(1500);
    expect(version()).toBe('s1');
  });
});

describe('installing the rendered config on the systemd host', () => {
  const DOMAIN = 'confapp.keel.test';
  const spec = (
    cert: string,
  ) => `app: { name: confapp, module: "app:app", path: /srv/confapp, gunicorn: /usr/bin/gunicorn }
gunicorn: { workers: 2 }
proxy:
  domains: [${DOMAIN}]
  tls: { certificates: files, cert: ${cert}, key: /etc/keel-test/confapp.key }
`;
  let sd: TestHost;
  const renderTo = async (cert: string) => {
    const out = mkdtempSync(join(tmpdir(), 'keel-conf-'));
    await renderConfig({
      specText: spec(cert),
      specFile: 'keel.yml',
      overrides: {},
      outDir: out,
      validate: false,
    });
    return out;
  };
  const dirs: string[] = [];
  beforeAll(() => {
    sd = host('sd');
    hostExec(
      'sd',
      'systemctl stop confapp.service confapp.socket nginx 2>/dev/null; rm -rf /srv/confapp /etc/nginx/sites-enabled/confapp.conf /etc/nginx/sites-available/confapp.conf /etc/systemd/system/confapp.*; systemctl daemon-reload; ' +
        'id confapp >/dev/null 2>&1 || useradd --system --home-dir /srv/confapp --shell /usr/sbin/nologin confapp; install -d -o deploy -g deploy /srv/confapp; rm -f /etc/nginx/sites-enabled/default; ' +
        'install -d /etc/keel-test && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=confapp.keel.test -keyout /etc/keel-test/confapp.key -out /etc/keel-test/confapp.crt 2>/dev/null',
    );
  });
  afterAll(() => {
    hostExec('sd', 'systemctl stop confapp.service confapp.socket nginx 2>/dev/null || true');
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('installs units and the Nginx site, starts the app and serves it; a failing nginx -t puts everything back', async () => {
    const good = await renderTo('/etc/keel-test/confapp.crt');
    dirs.push(good);
    const r1 = await deploy(sd, {
      'deploy-path': '/srv/confapp',
      'release-id': 'c1',
      'rendered-dir': good,
      venv: 'off',
    });
    expect(errors(r1)).toEqual([]);
    expect(sh(sd, 'systemctl is-active confapp.socket confapp.service nginx')).toBe('active\nactive\nactive');
    const version = () =>
      JSON.parse(sh(sd, `curl -fsSk --resolve ${DOMAIN}:443:127.0.0.1 https://${DOMAIN}/version`))
        .release as string;
    expect(version()).toBe('c1');
    const siteBefore = sh(sd, 'sha256sum < /etc/nginx/sites-available/confapp.conf');

    const broken = await renderTo('/etc/keel-test/missing.crt');
    dirs.push(broken);
    const r2 = await deploy(sd, {
      'deploy-path': '/srv/confapp',
      'release-id': 'c2',
      'rendered-dir': broken,
      venv: 'off',
    });
    expect(r2.exitCode).toBe(1);
    expect(errors(r2).join('\n')).toMatch(/nginx -t failed; the previous Nginx files were put back/);
    expect(sh(sd, 'sha256sum < /etc/nginx/sites-available/confapp.conf')).toBe(siteBefore);
    expect(current(sd, '/srv/confapp')).toBe('releases/c1');
    expect(sh(sd, 'ls /srv/confapp/releases')).toBe('c1');
    expect(sh(sd, 'sudo nginx -t 2>&1 | tail -1')).toMatch(/successful/);
    expect(version()).toBe('c1');
  });
});

describe('GitHub Deployments', () => {
  let gh: FakeGitHub;
  beforeAll(async () => {
    gh = await fakeGitHub();
    hostExec(plainHosts()[1]!.name, 'rm -rf /srv/keel/gh');
  });
  afterAll(() => gh.close());

  const token = secret('ghs_keelFakeToken0123456789abcdef');
  const context = () => ({
    apiUrl: gh.url,
    token,
    repository: 'octo/shop',
    sha: 'f00dfeedf00dfeedf00dfeedf00dfeedf00dfeed',
    runId: '77',
  });

  it('records a deploy as a deployment: in_progress, then success with the environment URL', async () => {
    gh.requests.length = 0;
    const h = plainHosts()[1]!;
    const r = await deploy(
      h,
      {
        'deploy-path': '/srv/keel/gh',
        'release-id': 'g1',
        venv: 'off',
        'github-deployment': 'true',
        environment: 'staging',
        'environment-url': 'https://staging.shop.example.com',
      },
      { context: context() },
    );
    expect(errors(r)).toEqual([]);
    expect(r.outputs['deployment-id']).toBe('1000');
    expect(gh.requests.map((q) => [q.method, q.path, q.body.state ?? q.body.environment])).toEqual([
      ['POST', '/repos/octo/shop/deployments', 'staging'],
      ['POST', '/repos/octo/shop/deployments/1000/statuses', 'in_progress'],
      ['POST', '/repos/octo/shop/deployments/1000/statuses', 'success'],
    ]);
    expect(gh.requests[0]!.body).toMatchObject({
      ref: 'f00dfeedf00dfeedf00dfeedf00dfeedf00dfeed',
      auto_merge: false,
      required_contexts: [],
    });
    expect(gh.requests[2]!.body).toMatchObject({
      environment_url: 'https://staging.shop.example.com',
      log_url: 'https://github.com/octo/shop/actions/runs/77',
    });
    expect(gh.requests.every((q) => q.authorization === `token ${token}`)).toBe(true);
  });

  it('marks a failed deploy as failure', async () => {
    gh.requests.length = 0;
    const r = await deploy(
      plainHosts()[1]!,
      {
        'deploy-path': '/srv/keel/gh',
        'release-id': 'g2',
        venv: 'off',
        'github-deployment': 'true',
        'before-switch': 'exit 1',
      },
      { context: context() },
    );
    expect(r.exitCode).toBe(1);
    expect(gh.requests.map((q) => q.body.state).filter(Boolean)).toEqual(['in_progress', 'failure']);
  });

  it('still deploys when the API is down, with a warning', async () => {
    gh.failWith = 500;
    try {
      const r = await deploy(
        plainHosts()[1]!,
        { 'deploy-path': '/srv/keel/gh', 'release-id': 'g3', venv: 'off', 'github-deployment': 'true' },
        { context: context() },
      );
      expect(r.outputs.status).toBe('success');
      expect(
        r.annotations
          .filter((a) => a.level === 'warning')
          .map((a) => a.message)
          .join('\n'),
      ).toMatch(/could not create a GitHub deployment/);
    } finally {
      gh.failWith = undefined;
    }
  });
});

/**
 * A TCP relay in front of a host's sshd that cuts the connection at a known point: when one connection has
 * carried `cutAfter` bytes from the client, every connection open then is reset (as when the network drops);
 * connections made after that pass through (so the post step can still unlock).
 */
async function cuttingRelay(h: TestHost, cutAfter: number) {
  const open = new Set<Socket>();
  const relay = {
    port: 0,
    /** How many bytes the connection that was cut had carried (undefined: not cut). */
    cutAt: undefined as number | undefined,
    close: () =>
      new Promise<void>((done) => {
        for (const s of open) s.destroy();
        server.close(() => done());
      }),
  };
  const server = createServer((client) => {
    const upstream = connect(h.port, h.address);
    open.add(client).add(upstream);
    let sent = 0;
    client.on('data', (chunk: Buffer) => {
      sent += chunk.length;
      if (relay.cutAt === undefined && sent >= cutAfter) {
        relay.cutAt = sent;
        for (const s of open) s.resetAndDestroy();
        open.clear();
      }
    });
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      from.pipe(to);
      from.on('error', () => to.destroy());
      from.on('close', () => (open.delete(from), to.destroy()));
    }
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  relay.port = (server.address() as AddressInfo).port;
  return relay;
}

describe('a connection cut mid-upload', () => {
  it('fails the deploy, keeps current on a complete release, and the next deploy cleans up and succeeds', async () => {
    const h = plainHosts()[0]!;
    hostExec(h.name, 'rm -rf /srv/keel/cut');
    expect(
      (await deploy(h, { 'deploy-path': '/srv/keel/cut', 'release-id': 'k1', venv: 'off' })).outputs.status,
    ).toBe('success');
    // An incompressible file four times the cut point: the upload cannot have ended when the cut comes.
    writeFileSync(join(workspace, 'app/big.bin'), randomBytes(32 * 1024 * 1024));
    const relay = await cuttingRelay(h, 8 * 1024 * 1024);
    // The host's keys under the relay's name ([127.0.0.1]:port), so it is verified as strictly as directly.
    const relayed = knownHosts()
      .split('\n')
      .filter((l) => l.split(' ')[0] === h.address)
      .map((l) => l.replace(h.address, `[127.0.0.1]:${relay.port}`))
      .join('\n');
    let r: StepResult;
    try {
      r = await deploy(h, {
        hosts: `127.0.0.1:${relay.port}`,
        'known-hosts': relayed,
        'deploy-path': '/srv/keel/cut',
        'release-id': 'k2',
        venv: 'off',
        'connect-retries': '0',
      });
    } finally {
      await relay.close();
    }
    expect(relay.cutAt).toBeGreaterThanOrEqual(8 * 1024 * 1024);
    expect(r.exitCode).toBe(1);
    expect(current(h, '/srv/keel/cut')).toBe('releases/k1');
    expect(sh(h, 'cat /srv/keel/cut/current/RELEASE')).toBe('k1');
    // The cut run could not unlock; its post step did (or the lock expires): the next deploy goes through.
    const next = await deploy(h, { 'deploy-path': '/srv/keel/cut', 'release-id': 'k3', venv: 'off' });
    expect(errors(next)).toEqual([]);
    expect(current(h, '/srv/keel/cut')).toBe('releases/k3');
    expect(sh(h, 'ls -a /srv/keel/cut/releases | grep -c partial || true')).toBe('0');
  });
});
