/**
 * ssh-deploy against hostile inputs on a real host (issue #13 items 6, 7, 8), run from the committed bundle as
 * the runner runs it: excludes that leave nothing or do not parse, odd file names, symlinks out of the source,
 * shared paths through planted symlinks (a file outside the deploy path keeps its content and inode), and
 * known_hosts forms judged by keel and by OpenSSH's own `ssh` against the same real server.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trustFor } from '../../src/config/hosts.js';
import type { Problem } from '../../src/errors.js';
import { parsePrivateKey } from '../../src/remote/keys.js';
import { SshSession } from '../../src/remote/ssh.js';
import { memoryLogger } from '../../src/log.js';
import { runStep, type StepResult } from '../support/step.js';
import {
  clientKey,
  hostExec,
  knownHosts,
  loadHosts,
  plainHosts,
  testConnectOptions,
  type TestHost,
} from '../support/hosts.js';
import { actionDir, repoRoot } from '../support/paths.js';
import { makeKey } from '../support/keys.js';

const APP = join(repoRoot, 'examples/sample-app');
const DEPLOY = '/srv/keel/hostile';
let workspace: string;

beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), 'keel-hostile-ws-'));
  cpSync(APP, join(workspace, 'app'), { recursive: true });
});
afterEach(() => rmSync(workspace, { recursive: true, force: true }));

function deploy(h: TestHost, inputs: Record<string, string> = {}): Promise<StepResult> {
  return runStep({
    actionDir: actionDir('ssh-deploy'),
    workspace,
    with: {
      hosts: h.address,
      user: 'deploy',
      'ssh-key': clientKey(),
      'known-hosts': knownHosts(),
      'deploy-path': DEPLOY,
      source: 'app',
      venv: 'off',
      ...inputs,
    },
  });
}

const sh = (h: TestHost, cmd: string) => hostExec(h.name, cmd).trim();
const errors = (r: StepResult) => r.annotations.filter((a) => a.level === 'error').map((a) => a.message);
/** What a failed deploy may not change: where current points, the releases there are, no lock, no partial. */
const state = (h: TestHost) =>
  sh(
    h,
    `readlink ${DEPLOY}/current; ls -A ${DEPLOY}/releases; test -e ${DEPLOY}/.keel/lock && echo LOCKED || true`,
  );
/** A file outside the deploy path, as the attacker wants it changed: content and inode. */
const outside = (h: TestHost, path: string) => sh(h, `stat -c %i ${path}; cat ${path}`);

/** Every file of a tree as [path, sha256], from Python on the host (no shell sees the names). */
function hostTree(h: TestHost, dir: string): [string, string][] {
  const py = `import hashlib,json,os,sys
d=sys.argv[1];out=[]
for r,ds,fs in os.walk(d):
  for f in fs:
    p=os.path.join(r,f)
    if os.path.islink(p): continue
    out.append([os.path.relpath(p,d),hashlib.sha256(open(p,'rb').read()).hexdigest()])
print(json.dumps(sorted(out)))`;
  const b64 = Buffer.from(py).toString('base64');
  return JSON.parse(sh(h, `echo ${b64} | base64 -d > /tmp/tree.py && python3 /tmp/tree.py ${dir}`)) as [
    string,
    string,
  ][];
}

function localTree(dir: string, skip: (p: string) => boolean = () => false): [string, string][] {
  const out: [string, string][] = [];
  const visit = (d: string, rel: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (skip(r)) continue;
      if (e.isDirectory()) visit(join(d, e.name), r);
      else if (e.isFile())
        out.push([
          r,
          createHash('sha256')
            .update(readFileSync(join(d, e.name)))
            .digest('hex'),
        ]);
    }
  };
  visit(dir, '');
  return out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

describe('excludes and odd source trees (issue #13 item 6)', () => {
  let h: TestHost;
  beforeAll(async () => {
    h = plainHosts()[1]!;
    hostExec(h.name, `rm -rf ${DEPLOY} /srv/elsewhere`);
  });

  it('a first good release to compare against', async () => {
    const r = await deploy(h, { 'release-id': 'good1' });
    expect(errors(r)).toEqual([]);
    expect(sh(h, `readlink ${DEPLOY}/current`)).toBe('releases/good1');
  });

  it.each([['**'], ['*'], ['**/*\n*']])(
    'exclude %j leaves no file: refused before anything is sent, current stays',
    async (exclude) => {
      const before = state(h);
      const r = await deploy(h, { 'release-id': 'empty', exclude });
      expect(r.exitCode).toBe(1);
      expect(errors(r).join('\n')).toMatch(/input 'exclude': the patterns leave no file to ship/);
      expect(r.stderr + r.log.join('\n')).not.toMatch(/\n\s+at .*\.js:\d+/); // no stack trace
      expect(state(h)).toBe(before);
    },
  );

  it.each([
    ['[', /"\[" is not a valid glob: Missing closing: "\]"/],
    ['**/{a', /"\*\*\/\{a" is not a valid glob: Missing closing: "\}"/],
    ['!tests', /negated patterns are not supported/],
  ])('exclude %j is refused with the pattern and why, before any host is reached', async (exclude, why) => {
    const before = state(h);
    const r = await deploy(h, { 'release-id': 'badglob', exclude });
    expect(r.exitCode).toBe(1);
    expect(errors(r).join('\n')).toMatch(/input 'exclude'/);
    expect(errors(r).join('\n')).toMatch(why);
    expect(r.log.join('\n')).not.toMatch(/Collecting the release files/);
    expect(state(h)).toBe(before);
  });

  const odd = [
    'new\nline.txt',
    `quo'te"s.txt`,
    '$(touch pwned);`id`.txt',
    '-rf',
    '--no-same-owner',
    'é€😀 ünïcode.txt',
    'sp ace/ in dir/*?[x].txt',
    `${'d'.repeat(150)}/${'é'.repeat(120)}.txt`,
  ];

  it('odd names ship intact, change and disappear again (delta removal by NUL-separated names)', async () => {
    for (const name of odd) {
      mkdirSync(join(workspace, 'app', name, '..'), { recursive: true });
      writeFileSync(join(workspace, 'app', name), `content of ${name}\n`);
    }
    const r1 = await deploy(h, { 'release-id': 'odd1', exclude: 'README.md' });
    expect(errors(r1)).toEqual([]);
    const ours = localTree(join(workspace, 'app'), (p) => p === 'README.md');
    const shipped = (dir: string) =>
      hostTree(h, dir).filter(([p]) => !p.startsWith('.keel/') && p !== 'RELEASE');
    expect(ours.map(([p]) => p)).toEqual(expect.arrayContaining(odd));
    expect(shipped(`${DEPLOY}/releases/odd1`)).toEqual(ours);
    expect(sh(h, `test -e ${DEPLOY}/releases/odd1/pwned && echo PWNED || echo clean`)).toBe('clean');

    writeFileSync(join(workspace, 'app', odd[0]!), 'changed\n');
    unlinkSync(join(workspace, 'app', odd[3]!));
    unlinkSync(join(workspace, 'app', odd[5]!));
    const r2 = await deploy(h, { 'release-id': 'odd2', exclude: 'README.md' });
    expect(errors(r2)).toEqual([]);
    const [result] = JSON.parse(r2.outputs.hosts!) as { uploadedFiles: number; removedFiles: number }[];
    expect(result).toMatchObject({ uploadedFiles: 1, removedFiles: 2 });
    const after = shipped(`${DEPLOY}/releases/odd2`);
    expect(after.map(([p]) => p)).not.toContain(odd[3]);
    expect(after.map(([p]) => p)).not.toContain(odd[5]);
    expect(after.find(([p]) => p === odd[0])![1]).toBe(
      createHash('sha256').update('changed\n').digest('hex'),
    );
    // The previous release (hard-linked) is untouched.
    expect(shipped(`${DEPLOY}/releases/odd1`)).toEqual(ours);
  });

  it('a symlink out of the source (the issue’s attack) is refused, and the file outside keeps content and inode', async () => {
    sh(
      h,
      'install -d -o deploy -g deploy /srv/elsewhere && echo precious > /srv/elsewhere/data.txt && chown deploy /srv/elsewhere/data.txt',
    );
    const before = outside(h, '/srv/elsewhere/data.txt');
    const was = state(h);
    symlinkSync('/srv/elsewhere', join(workspace, 'app/linkdir'));
    const r = await deploy(h, { 'release-id': 'attack1', shared: 'linkdir/data.txt' });
    expect(r.exitCode).toBe(1);
    expect(errors(r).join('\n')).toMatch(
      /"linkdir" -> "\/srv\/elsewhere": a symlink in the release must resolve inside it/,
    );
    expect(outside(h, '/srv/elsewhere/data.txt')).toBe(before);
    expect(state(h)).toBe(was);
    // Left out with exclude, the release goes out (and the shared file is made in shared/, not elsewhere).
    const ok = await deploy(h, { 'release-id': 'attack1b', exclude: 'linkdir', shared: 'linkdir/data.txt' });
    expect(errors(ok)).toEqual([]);
    expect(sh(h, `readlink ${DEPLOY}/current/linkdir/data.txt`)).toBe(`${DEPLOY}/shared/linkdir/data.txt`);
    expect(outside(h, '/srv/elsewhere/data.txt')).toBe(before);
  });
});

describe('shared paths never go through a symlink (issue #13 item 7)', () => {
  let h: TestHost;
  let precious: string;
  beforeAll(async () => {
    h = plainHosts()[1]!;
    hostExec(
      h.name,
      `rm -rf ${DEPLOY} /srv/elsewhere && install -d -o deploy -g deploy /srv/elsewhere && echo precious > /srv/elsewhere/data.txt && chown deploy /srv/elsewhere/data.txt`,
    );
    precious = outside(h, '/srv/elsewhere/data.txt');
  });
  afterEach(() => expect(outside(h, '/srv/elsewhere/data.txt')).toBe(precious));

  it('a first good release, with a real linkdir/ folder', async () => {
    mkdirSync(join(workspace, 'app/linkdir'));
    writeFileSync(join(workspace, 'app/linkdir/data.txt'), 'seed\n');
    const r = await deploy(h, { 'release-id': 's1' });
    expect(errors(r)).toEqual([]);
  });

  it('a symlink planted in the previous release is not built on: nothing is written or removed through it', async () => {
    mkdirSync(join(workspace, 'app/linkdir'));
    writeFileSync(join(workspace, 'app/linkdir/data.txt'), 'seed\n');
    writeFileSync(join(workspace, 'app/linkdir/gone.txt'), 'gone\n');
    const r0 = await deploy(h, { 'release-id': 's1b' });
    expect(errors(r0)).toEqual([]);
    sh(h, 'echo gone-outside > /srv/elsewhere/gone.txt');
    const gone = outside(h, '/srv/elsewhere/gone.txt');
    // Someone with the deploy user's rights replaced linkdir/ in the live release by a link out of the deploy
    // path. The next release drops linkdir/gone.txt (rm -rf linkdir/gone.txt would go through the link) and
    // shares linkdir/data.txt (linking it would replace /srv/elsewhere/data.txt).
    sh(
      h,
      `cd ${DEPLOY}/releases/s1b && rm -rf linkdir && ln -s /srv/elsewhere linkdir && chown -h deploy linkdir`,
    );
    unlinkSync(join(workspace, 'app/linkdir/gone.txt'));
    const r = await deploy(h, { 'release-id': 's2', shared: 'linkdir/data.txt' });
    expect(errors(r)).toEqual([]);
    expect(r.log.join('\n')).toMatch(
      /the previous release was changed on the host \("linkdir" -> "\/srv\/elsewhere": symlinks it did not ship\); sending every file/,
    );
    const [result] = JSON.parse(r.outputs.hosts!) as { uploadedFiles: number; unchangedFiles: number }[];
    expect(result!.unchangedFiles).toBe(0);
    expect(outside(h, '/srv/elsewhere/gone.txt')).toBe(gone);
    expect(sh(h, `test -L ${DEPLOY}/releases/s2/linkdir && echo link || echo dir`)).toBe('dir');
    expect(sh(h, `readlink ${DEPLOY}/releases/s2/linkdir/data.txt`)).toBe(
      `${DEPLOY}/shared/linkdir/data.txt`,
    );
    expect(sh(h, `cat ${DEPLOY}/shared/linkdir/data.txt`)).toBe('seed');
  });

  it('a symlink planted in shared/ (the last part or a folder on the way) is refused, nothing made through it', async () => {
    sh(
      h,
      `install -d -o deploy -g deploy ${DEPLOY}/shared && ln -sfn /srv/elsewhere ${DEPLOY}/shared/conf && ln -sfn /srv/elsewhere/data.txt ${DEPLOY}/shared/.env && ln -sfn /srv/elsewhere ${DEPLOY}/shared/media`,
    );
    const was = state(h);
    const listing = sh(h, 'ls -lA --time-style=+%s.%N /srv/elsewhere');
    try {
      for (const [shared, planted] of [
        ['conf/app.ini', 'conf'],
        ['.env', '.env'],
        ['media/', 'media'],
      ] as const) {
        const r = await deploy(h, { 'release-id': 's3', shared });
        expect(r.exitCode).toBe(1);
        expect(errors(r).join('\n')).toMatch(
          new RegExp(
            `input 'shared': shared/${planted.replace('.', '\\.')} is a symlink \\(to "/srv/elsewhere`,
          ),
        );
        expect(state(h)).toBe(was);
      }
      expect(sh(h, 'ls -lA --time-style=+%s.%N /srv/elsewhere')).toBe(listing);
    } finally {
      sh(h, `rm -f ${DEPLOY}/shared/conf ${DEPLOY}/shared/.env ${DEPLOY}/shared/media`);
    }
  });

  it('a symlink inside the release on the way to a shared path is refused (no data lands in its target)', async () => {
    mkdirSync(join(workspace, 'app/real'));
    symlinkSync('real', join(workspace, 'app/alias'));
    const was = state(h);
    const r = await deploy(h, { 'release-id': 's4', shared: 'alias/data.txt' });
    expect(r.exitCode).toBe(1);
    expect(errors(r).join('\n')).toMatch(
      /input 'shared': alias in the new release is a symlink \(to "real"\)/,
    );
    expect(state(h)).toBe(was);
  });

  it.each([
    ['../x', /"\.\.\/x" is not a relative path inside the release/],
    ['/etc/passwd', /"\/etc\/passwd" is not a relative path inside the release/],
    ['.', /"\." is not a relative path inside the release/],
    ['.keel/', /"\.keel" is keel's own/],
    ['media/\nmedia/thumbs/', /"media\/thumbs" is inside another shared path, "media"/],
  ])('shared %j is refused before any host is reached', async (shared, why) => {
    const was = state(h);
    const r = await deploy(h, { 'release-id': 's5', shared });
    expect(r.exitCode).toBe(1);
    expect(errors(r).join('\n')).toMatch(/input 'shared'/);
    expect(errors(r).join('\n')).toMatch(why);
    expect(r.log.join('\n')).not.toMatch(/Collecting the release files/);
    expect(state(h)).toBe(was);
  });

  it('a redeploy that changes or drops files under a shared folder leaves the shared copies alone', async () => {
    mkdirSync(join(workspace, 'app/media'));
    writeFileSync(join(workspace, 'app/media/logo.png'), 'seed logo\n');
    writeFileSync(join(workspace, 'app/media/old.png'), 'seed old\n');
    const r1 = await deploy(h, { 'release-id': 'm1', shared: 'media/' });
    expect(errors(r1)).toEqual([]);
    expect(sh(h, `cat ${DEPLOY}/shared/media/logo.png`)).toBe('seed logo');
    sh(h, `echo users logo > ${DEPLOY}/shared/media/logo.png`); // what the app wrote since
    writeFileSync(join(workspace, 'app/media/logo.png'), 'new seed logo\n');
    unlinkSync(join(workspace, 'app/media/old.png'));
    const r2 = await deploy(h, { 'release-id': 'm2', shared: 'media/' });
    expect(errors(r2)).toEqual([]);
    expect(sh(h, `readlink ${DEPLOY}/current/media`)).toBe(`${DEPLOY}/shared/media`);
    expect(sh(h, `cat ${DEPLOY}/shared/media/logo.png; cat ${DEPLOY}/shared/media/old.png`)).toBe(
      'users logo\nseed old',
    );
  });
});

/**
 * For a table of known_hosts files and host/port pairs, keel's verdict (the trust the action builds from
 * 'known-hosts', then a real connection) against OpenSSH's (`ssh -o StrictHostKeyChecking=yes` with the same
 * file as its only known_hosts), both against the same real sshd. Names that are not the address are given to
 * ssh as HostKeyAlias (OpenSSH then looks the alias up instead of the address, with no port).
 */
describe('known_hosts: keel’s verdict is OpenSSH’s (issue #13 item 8)', () => {
  let h: TestHost;
  let A: string;
  let E: string; // the host's real ed25519 key ("type base64")
  let R: string; // its RSA key
  let X: string; // a stranger's ed25519 key
  let dir: string;
  const PORT2 = 2222;
  beforeAll(() => {
    h = plainHosts()[2] ?? plainHosts()[0]!;
    A = h.address;
    const kh = knownHosts().split('\n');
    const key = (type: string) =>
      kh
        .find((l) => l.startsWith(`${A} ${type} `))!
        .split(' ')
        .slice(1, 3)
        .join(' ');
    E = key('ssh-ed25519');
    R = key('ssh-rsa');
    X = makeKey('ed25519').public.split(' ').slice(0, 2).join(' ');
    dir = mkdtempSync(join(tmpdir(), 'keel-kh-diff-'));
    // A second sshd on the same host, on another port (same keys, same config).
    hostExec(
      h.name,
      `/usr/sbin/sshd -p ${PORT2} -o PidFile=/run/sshd-${PORT2}.pid </dev/null >/dev/null 2>&1`,
    );
  });
  afterAll(() => {
    hostExec(h.name, `kill $(cat /run/sshd-${PORT2}.pid) || true`);
    rmSync(dir, { recursive: true, force: true });
  });

  const hashed = (name: string, key: string) => {
    const f = join(dir, `hash-${Math.random().toString(36).slice(2)}`);
    writeFileSync(f, `${name} ${key}\n`);
    execFileSync('ssh-keygen', ['-q', '-H', '-f', f], { stdio: 'ignore' });
    return readFileSync(f, 'utf8').trim();
  };

  /** OpenSSH: true when `ssh` logs in, false when it refuses the host key. */
  function openssh(lines: string, port: number, alias?: string): boolean {
    const file = join(dir, 'known_hosts');
    writeFileSync(file, lines + '\n');
    const r = spawnSync(
      'ssh',
      [
        '-F',
        '/dev/null',
        '-o',
        'BatchMode=yes',
        '-o',
        'StrictHostKeyChecking=yes',
        '-o',
        `UserKnownHostsFile=${file}`,
        '-o',
        'GlobalKnownHostsFile=/dev/null',
        '-o',
        'IdentitiesOnly=yes',
        '-o',
        'ConnectTimeout=10',
        ...(alias ? ['-o', `HostKeyAlias=${alias}`] : []),
        '-i',
        loadHosts().clientKey,
        '-p',
        String(port),
        `deploy@${A}`,
        'true',
      ],
      { encoding: 'utf8', timeout: 30_000 },
    );
    if (r.status === 0) return true;
    expect(r.stderr).toMatch(/Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED|REVOKED/);
    return false;
  }

  /** keel: 'input' when the known-hosts input itself is refused, else whether the connection is accepted. */
  async function keel(lines: string, port: number, name = A): Promise<boolean | 'input'> {
    const problems: Problem[] = [];
    const trust = trustFor(
      name,
      port,
      { knownHosts: lines, fingerprints: [], trustOnFirstUse: false },
      problems,
    );
    if (problems.length > 0) {
      expect(problems.every((p) => p.field === 'known-hosts')).toBe(true);
      return 'input';
    }
    try {
      const s = await SshSession.open(
        { name, host: A, port, user: 'deploy', trust },
        { key: parsePrivateKey(clientKey(), undefined) },
        testConnectOptions,
        memoryLogger(),
      );
      s.close();
      return true;
    } catch (error) {
      expect((error as Error).message).toMatch(/HOST KEY MISMATCH|host key not verified|@revoked|host key/i);
      return false;
    }
  }

  // [what, known_hosts lines, port, alias (the name keel is given; ssh's HostKeyAlias)]
  const table: [string, () => string, number, string?][] = [
    ['the host pinned', () => `${A} ${E}`, 22],
    ['a stranger pinned', () => `${A} ${X}`, 22],
    ['the RSA key pinned only', () => `${A} ${R}`, 22],
    ['a wrong ed25519 and the right RSA key', () => `${A} ${X}\n${A} ${R}`, 22],
    ['a stranger and the right key', () => `${A} ${X}\n${A} ${E}`, 22],
    ['a wildcard with the host negated after it (issue #13)', () => `*,!${A} ${E}`, 22],
    ['the host negated before a wildcard', () => `!${A},* ${E}`, 22],
    ['a wildcard negating another host', () => `*,!10.200.99.99 ${E}`, 22],
    ['? and * wildcards', () => `${A.replace(/\d$/, '?')},10.9.*.1 ${E}`, 22],
    ['a hashed entry', () => hashed(A, E), 22],
    ['a hashed entry of another host', () => hashed('10.200.99.99', E), 22],
    ['[host]:22 on port 22', () => `[${A}]:22 ${E}`, 22],
    ['@revoked beside a pin', () => `@revoked ${A} ${E}\n${A} ${E}`, 22],
    ['@revoked * for the ed25519 key, RSA pinned', () => `@revoked * ${E}\n${A} ${R}`, 22],
    ['@revoked for another host only', () => `@revoked 10.200.99.99 ${E}\n${A} ${E}`, 22],
    ['an unknown marker', () => `@trusted ${A} ${E}`, 22],
    ['@cert-authority for the host', () => `@cert-authority * ${E}\n${A} ${E}`, 22],
    ['port 2222: the bare host (OpenSSH falls back to it)', () => `${A} ${E}`, PORT2],
    ['port 2222: [host]:2222', () => `[${A}]:${PORT2} ${E}`, PORT2],
    [
      'port 2222: [host]:2222 wrong, bare host right (no fallback)',
      () => `[${A}]:${PORT2} ${X}\n${A} ${E}`,
      PORT2,
    ],
    [
      'port 2222: [host]:2222 revoked, bare host pinned',
      () => `@revoked [${A}]:${PORT2} ${E}\n${A} ${E}`,
      PORT2,
    ],
    ['port 2222: [host]:22?? wildcard', () => `[${A}]:22?? ${E}`, PORT2],
    ['port 2222: only RSA under the bare host (ed25519 is negotiated)', () => `${A} ${R}`, PORT2],
    ['port 2222: hashed [host]:2222', () => hashed(`[${A}]:${PORT2}`, E), PORT2],
    ['port 22: [host]:2222 only', () => `[${A}]:${PORT2} ${E}`, 22],
    ['a name in mixed case, pinned in lower case', () => `web.example.com ${E}`, 22, 'Web.Example.COM'],
    ['a hashed name, asked in upper case', () => hashed('web.example.com', E), 22, 'WEB.example.com'],
    ['a pattern in upper case', () => `*.EXAMPLE.com ${E}`, 22, 'db.example.com'],
    ['a name negated in its own list', () => `*.example.com,!db.example.com ${E}`, 22, 'db.example.com'],
  ];

  const seen = { accepted: 0, refused: 0 };
  // Two arguments a row: with more declared than a row has, jest would pass its `done` callback and wait for it.
  const rows = table.map(([what, lines, port, alias]) => [what, { lines, port, alias }] as const);
  it.each(rows)('%s', async (_what, { lines, port, alias }) => {
    const text = lines();
    const theirs = openssh(text, port, alias);
    const ours = await keel(text, port, alias ?? A);
    if (ours === 'input') {
      // keel refuses what it cannot do exactly (here: host certificates, unknown markers) with an input error.
      expect(_what).toMatch(/marker|cert-authority/);
    } else {
      expect(ours).toBe(theirs);
      seen[ours ? 'accepted' : 'refused']++;
    }
  });

  it('the table has both verdicts (so it cannot pass by always saying one thing)', () => {
    expect(seen.accepted).toBeGreaterThanOrEqual(8);
    expect(seen.refused).toBeGreaterThanOrEqual(8);
  });
});
