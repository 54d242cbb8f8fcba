/** The release engine's pure parts: file walking and deltas, archives, ids, shared paths, fleet batches. */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { ArchiveCache, packStream } from '../../src/releases/archive.js';
import { delta, entryModuleOf, escapingLinks, excludeProblems, walk } from '../../src/releases/files.js';
import { linkShared, sharedPathProblems } from '../../src/releases/shared.js';
import { prepareCopy, removeFromCopy } from '../../src/releases/copy.js';
import type { ShellFragment } from '../../src/remote/quote.js';
import type { SshSession } from '../../src/remote/ssh.js';
import { memoryLogger } from '../../src/log.js';
import { KeelError } from '../../src/errors.js';
import { batches, parseBatchSize, rollOut } from '../../src/releases/fleet.js';
import { defaultReleaseId, Layout, parseShared } from '../../src/releases/layout.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'keel-rel-'));
  mkdirSync(join(dir, 'src/pkg/__pycache__'), { recursive: true });
  writeFileSync(join(dir, 'app.py'), 'print(1)\n');
  writeFileSync(join(dir, 'src/pkg/mod.py'), 'x = 1\n');
  writeFileSync(join(dir, 'src/pkg/__pycache__/mod.cpython-311.pyc'), 'junk');
  writeFileSync(join(dir, 'run.sh'), '#!/bin/sh\n');
  chmodSync(join(dir, 'run.sh'), 0o755);
  symlinkSync('app.py', join(dir, 'main.py'));
  mkdirSync(join(dir, '.git'));
  writeFileSync(join(dir, '.git/HEAD'), 'ref');
  mkdirSync(join(dir, 'tests'));
  writeFileSync(join(dir, 'tests/test_x.py'), '');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('walk and delta', () => {
  it('lists files, folders and links with modes and hashes, without .git, caches or excluded paths', async () => {
    const files = await walk(dir, ['tests/**', 'tests']);
    expect(files.map((f) => [f.path, f.type])).toEqual([
      ['app.py', 'file'],
      ['main.py', 'symlink'],
      ['run.sh', 'file'],
      ['src', 'dir'],
      ['src/pkg', 'dir'],
      ['src/pkg/mod.py', 'file'],
    ]);
    expect(files.find((f) => f.path === 'run.sh')!.mode).toBe(0o755);
    const sha = execFileSync('sha256sum', [join(dir, 'app.py')])
      .toString()
      .split(' ')[0];
    expect(files.find((f) => f.path === 'app.py')!.hash).toBe(sha);
    expect(files.find((f) => f.path === 'main.py')!.target).toBe('app.py');
  });

  it('sends only new or changed entries and lists removed ones deepest first', async () => {
    const before = await walk(dir, []);
    writeFileSync(join(dir, 'app.py'), 'print(2)\n');
    chmodSync(join(dir, 'src/pkg/mod.py'), 0o600);
    rmSync(join(dir, 'tests'), { recursive: true });
    writeFileSync(join(dir, 'new.txt'), 'n');
    const d = delta(before, await walk(dir, []));
    expect(d.send.map((e) => e.path)).toEqual(['app.py', 'new.txt', 'src/pkg/mod.py']);
    expect(d.remove).toEqual(['tests/test_x.py', 'tests']);
    expect(d.unchanged).toBe(4);
  });
});

/** The KeelError a promise rejects with (fails the test when it resolves or throws something else). */
async function keelError(p: Promise<unknown>): Promise<KeelError> {
  const e = await p.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(e).toBeInstanceOf(KeelError);
  return e as KeelError;
}

describe('exclude patterns (issue #13 item 6)', () => {
  it.each([
    ['[', /"\[" is not a valid glob: Missing closing: "\]"/],
    ['**/{a', /"\*\*\/\{a" is not a valid glob: Missing closing: "\}"/],
    ['{a,b', /not a valid glob: Missing closing: "\}"/],
    ['[z-a]', /not a valid glob: Range out of order in character class/],
    ['a(b', /not a valid glob: Missing closing: "\)"/],
    ['!tests', /negated patterns are not supported/],
    ['/tests', /relative to 'source' \(write "tests"\)/],
    ['../x', /cannot reach outside 'source'/],
  ])('refuses %j with the pattern and why', (pattern, why) => {
    const problems = excludeProblems([pattern]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(why);
  });

  it('accepts ordinary globs, braces, classes and escapes', () => {
    expect(
      excludeProblems(['tests/**', '*.log', 'src/[ab].py', '**/*.{js,ts}', 'a}', '\\[literal\\]', 'é*']),
    ).toEqual([]);
  });

  it('refuses a bad pattern in walk too, naming input exclude, before reading anything', async () => {
    const e = await keelError(walk(dir, ['tests/**', '**/{a']));
    expect(e.field).toBe('exclude');
    expect(e.message).toMatch(/input 'exclude': "\*\*\/\{a" is not a valid glob/);
  });

  it.each([['**'], ['*'], ['**/*', '*/**', '*']])(
    'refuses excludes (%j) that leave no file to ship',
    async (...patterns) => {
      const e = await keelError(walk(dir, patterns));
      expect(e.field).toBe('exclude');
      expect(e.message).toMatch(/the patterns leave no file to ship/);
    },
  );

  it('refuses excludes that leave only folders and links', async () => {
    const e = await keelError(walk(dir, ['**/*.py', '*.sh']));
    expect(e.message).toMatch(/leave no file to ship/);
  });

  it('says the source is empty when there is nothing to exclude from', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'keel-empty-'));
    try {
      mkdirSync(join(empty, '.git'));
      writeFileSync(join(empty, '.git/HEAD'), 'x');
      const e = await keelError(walk(empty, []));
      expect(e.field).toBe('source');
      expect(e.message).toMatch(/has no file to ship/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('refuses excludes that leave out the entry module gunicorn imports', async () => {
    const e = await keelError(walk(dir, ['app.py'], { entryModule: 'app:app' }));
    expect(e.field).toBe('exclude');
    expect(e.message).toMatch(/leave out app\.py, the app's entry point \(app:app\)/);
    mkdirSync(join(dir, 'src/pkg/wsgi'));
    writeFileSync(join(dir, 'src/pkg/wsgi/__init__.py'), 'app = 1\n');
    writeFileSync(join(dir, 'src/__init__.py'), '');
    await expect(walk(dir, ['src/**'], { entryModule: 'src.pkg.wsgi:app' })).rejects.toThrow(
      /leave out src\/pkg\/wsgi\/__init__\.py/,
    );
    // A module the source does not have (an installed package) is not the excludes' doing.
    await expect(walk(dir, [], { entryModule: 'installed.pkg:app' })).resolves.toBeDefined();
    await expect(walk(dir, ['tests'], { entryModule: 'app:app' })).resolves.toBeDefined();
  });

  it('reads the entry module from the rendered gunicorn.conf.py', () => {
    const conf = '# x\nwsgi_app = "shop.wsgi:application"\nchdir = "/srv"\n';
    expect(entryModuleOf([{ path: '.keel/gunicorn.conf.py', content: conf }])).toBe('shop.wsgi:application');
    expect(entryModuleOf([])).toBeUndefined();
  });
});

describe('what a source tree may hold', () => {
  it('ships odd names (newline, quotes, $, leading -, backslash, non-ASCII, long) through GNU tar intact', async () => {
    const odd = [
      'new\nline.txt',
      `quo'te"s.txt`,
      '$(touch pwned);`x`.txt',
      '-rf',
      '--help',
      'back\\slash',
      'é€😀.txt',
      ' lead and trail ',
      `${'d'.repeat(120)}/${'é'.repeat(127)}`,
    ];
    for (const name of odd) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), `content of ${name}`);
    }
    const files = await walk(dir, ['--help']);
    expect(files.map((f) => f.path)).not.toContain('--help');
    const out = join(dir, '..', `${dir.split('/').pop()}-odd.tar.gz`);
    const a = packStream(dir, files, [], 'gzip');
    await Promise.all([pipeline(a.stream, createWriteStream(out)), a.done]);
    const dest = mkdtempSync(join(tmpdir(), 'keel-unpack-'));
    try {
      execFileSync('tar', ['-xzf', out, '--no-same-owner', '-C', dest]);
      for (const name of odd.filter((n) => n !== '--help'))
        expect(readFileSync(join(dest, name), 'utf8')).toBe(`content of ${name}`);
      expect(() => readFileSync(join(dest, '--help'))).toThrow(/ENOENT/);
      expect(() => readFileSync(join(dest, 'pwned'))).toThrow(/ENOENT/);
    } finally {
      rmSync(dest, { recursive: true, force: true });
      rmSync(out, { force: true });
    }
  });

  it('refuses a name that is not UTF-8 (it could not be read back), unless excluded', async () => {
    const bad = Buffer.concat([
      Buffer.from(join(dir, 'bad-')),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('.txt'),
    ]);
    writeFileSync(bad, 'x');
    const e = await keelError(walk(dir, []));
    expect(e.field).toBe('source');
    expect(e.message).toMatch(/"bad-\uFFFD\uFFFD\.txt" in 'source' has a name that is not UTF-8/);
    await expect(walk(dir, ['bad-*'])).resolves.toBeDefined();
  });

  it('skips sockets and FIFOs, and says so', async () => {
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    const server = createServer();
    await new Promise<void>((r) => server.listen(join(dir, 'sock'), r));
    try {
      const skipped: string[] = [];
      const files = await walk(dir, [], { onSkip: (p, why) => skipped.push(`${p}: ${why}`) });
      expect(files.map((f) => f.path)).not.toContain('fifo');
      expect(files.map((f) => f.path)).not.toContain('sock');
      expect(skipped).toEqual(['fifo: a FIFO, not shipped', 'sock: a socket, not shipped']);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('ships symlinks as symlinks when they resolve inside the release', async () => {
    mkdirSync(join(dir, 'd'));
    symlinkSync('..', join(dir, 'd/up')); // d/up -> the release root
    symlinkSync('d/up/app.py', join(dir, 'via'));
    symlinkSync('../src/pkg', join(dir, 'd/pkg'));
    symlinkSync('missing', join(dir, 'dangling'));
    const files = await walk(dir, []);
    expect(files.filter((f) => f.type === 'symlink').map((f) => [f.path, f.target])).toEqual([
      ['d/pkg', '../src/pkg'],
      ['d/up', '..'],
      ['dangling', 'missing'],
      ['main.py', 'app.py'],
      ['via', 'd/up/app.py'],
    ]);
  });

  it.each([
    ['linkdir', '/elsewhere'],
    ['up', '../outside'],
    ['d/deep', '../../x'],
    ['loop', 'loop'],
  ])('refuses %s -> %s, which leads outside the release (or nowhere)', async (link, target) => {
    mkdirSync(join(dir, 'd'), { recursive: true });
    symlinkSync(target, join(dir, link));
    const e = await keelError(walk(dir, []));
    expect(e.field).toBe('source');
    expect(e.message).toContain(`"${link}" -> "${target}"`);
    expect(e.message).toMatch(/must resolve inside it \(as rsync --safe-links/);
    await expect(walk(dir, [link])).resolves.toBeDefined(); // excluding it is the way out
  });

  it('sees through a link inside the release: a/b -> .. makes a/b/../.. leave it', () => {
    const entries = [
      { path: 'a', type: 'dir' as const, mode: 0o755, size: 0, hash: '' },
      { path: 'a/b', type: 'symlink' as const, mode: 0o777, size: 0, hash: '', target: '..' },
      { path: 'x', type: 'symlink' as const, mode: 0o777, size: 0, hash: '', target: 'a/b/../..' },
      { path: 'y', type: 'symlink' as const, mode: 0o777, size: 0, hash: '', target: 'a/b/a/b/a' },
    ];
    // Lexically a/b/../.. is the root itself; on the host a/b is the root, so a/b/../.. is its parent.
    expect(escapingLinks(entries).map((e) => e.path)).toEqual(['x']);
  });
});

describe('shared paths, before any host', () => {
  it('refuses keel’s own names, nested and repeated paths', () => {
    expect(
      sharedPathProblems([
        { path: '.keel', dir: true },
        { path: '.venv/lib', dir: true },
        { path: 'media', dir: true },
        { path: 'media/thumbs', dir: true },
        { path: '.env', dir: false },
        { path: '.env', dir: false },
      ]),
    ).toEqual([
      `".keel" is keel's own (.keel) and cannot be shared`,
      `".venv/lib" is keel's own (.venv) and cannot be shared`,
      `"media/thumbs" is inside another shared path, "media" (share the outer one only)`,
      `".env" is listed twice`,
    ]);
    expect(parseShared(['.', './x', 'a/./b', '']).problems).toHaveLength(4);
  });
});

describe('packStream', () => {
  it.each([
    ['gzip', 'tar -xzf "$0" -C "$1"'],
    ['zstd', 'zstd -dcq "$0" | tar -xf - -C "$1"'],
  ] as const)(
    'makes a %s tar that GNU tar unpacks to the same files, modes and links',
    async (kind, unpack) => {
      const files = await walk(dir, []);
      const out = join(dir, '..', `${dir.split('/').pop()}.tar.${kind}`);
      const a = packStream(dir, files, [{ path: '.keel/extra.json', content: '{}', mode: 0o644 }], kind);
      await Promise.all([pipeline(a.stream, createWriteStream(out)), a.done]);
      const dest = mkdtempSync(join(tmpdir(), 'keel-unpack-'));
      try {
        execFileSync('bash', ['-o', 'pipefail', '-c', unpack, out, dest]);
        expect(
          execFileSync('diff', [
            '-r',
            '--no-dereference',
            '-x',
            '.git',
            '-x',
            '__pycache__',
            '-x',
            '.keel',
            dir,
            dest,
          ]).toString(),
        ).toBe('');
        expect(
          execFileSync('stat', ['-c', '%a', join(dest, 'run.sh')])
            .toString()
            .trim(),
        ).toBe('755');
        expect(execFileSync('cat', [join(dest, '.keel/extra.json')]).toString()).toBe('{}');
        expect(a.bytes()).toBeGreaterThan(100);
      } finally {
        rmSync(dest, { recursive: true, force: true });
        rmSync(out, { force: true });
      }
    },
  );
});

describe('ArchiveCache', () => {
  it('packs an archive once for many hosts; another set of files gets its own', async () => {
    const runner = mkdtempSync(join(tmpdir(), 'keel-runner-temp-'));
    const before = process.env.RUNNER_TEMP;
    process.env.RUNNER_TEMP = runner;
    try {
      const cache = await ArchiveCache.create();
      const files = await walk(dir, []);
      const read = async (a: ReturnType<ArchiveCache['open']>) => {
        const chunks: Buffer[] = [];
        const collecting = (async () => {
          for await (const c of a.stream) chunks.push(c as Buffer);
        })();
        await Promise.all([collecting, a.done]);
        return Buffer.concat(chunks);
      };
      const [one, two] = await Promise.all([
        read(cache.open(dir, files, [], 'zstd')),
        read(cache.open(dir, files, [], 'zstd')),
      ]);
      expect(one.length).toBeGreaterThan(100);
      expect(two.equals(one)).toBe(true);
      const other = await read(cache.open(dir, files.slice(0, 2), [], 'zstd'));
      expect(other.equals(one)).toBe(false);
      const [tmp] = execFileSync('ls', [runner]).toString().trim().split('\n');
      expect(
        execFileSync('ls', [join(runner, tmp!)])
          .toString()
          .trim()
          .split('\n'),
      ).toEqual(['0.tar', '1.tar']);
      await cache.dispose();
      expect(execFileSync('ls', [runner]).toString().trim()).toBe('');
    } finally {
      if (before === undefined) delete process.env.RUNNER_TEMP;
      else process.env.RUNNER_TEMP = before;
      rmSync(runner, { recursive: true, force: true });
    }
  });
});

describe('ids, shared paths and batches', () => {
  it('makes sortable release ids from the time and the commit', () => {
    expect(defaultReleaseId(new Date('2026-11-22T23:45:00.123Z'), 'ABCDEF1234567890')).toBe(
      '20261122T234500Z-abcdef1',
    );
    expect(defaultReleaseId(new Date('2026-11-22T23:45:00Z'), undefined)).toBe('20261122T234500Z');
  });

  it('accepts relative shared paths and refuses escapes', () => {
    expect(parseShared(['.env', 'media/', 'var/uploads/'])).toEqual({
      shared: [
        { path: '.env', dir: false },
        { path: 'media', dir: true },
        { path: 'var/uploads', dir: true },
      ],
      problems: [],
    });
    expect(parseShared(['../etc', '/abs', 'a/../../b', 'x;rm']).problems).toHaveLength(4);
  });

  it('splits hosts into batches by count or percentage', () => {
    expect(batches([1, 2, 3, 4, 5], { kind: 'count', n: 2 })).toEqual([[1, 2], [3, 4], [5]]);
    expect(batches([1, 2, 3, 4, 5], { kind: 'percent', p: 25 })).toEqual([[1, 2], [3, 4], [5]]);
    expect(batches([1, 2, 3], { kind: 'all' })).toEqual([[1, 2, 3]]);
    expect(parseBatchSize('0')).toMatch(/not a batch size/);
    expect(parseBatchSize('150%')).toMatch(/not a batch size/);
  });

  it('stops after the first batch with a failure and reports the rest as skipped', async () => {
    const seen: number[] = [];
    const out = await rollOut([1, 2, 3, 4], { kind: 'count', n: 1 }, 4, 0, async (n) => {
      seen.push(n);
      return { ok: n !== 2 };
    });
    expect(seen).toEqual([1, 2]);
    expect(out.skipped).toEqual([2, 3]);
  });

  it('never runs more than max-parallel hosts at once', async () => {
    let running = 0;
    let peak = 0;
    await rollOut([1, 2, 3, 4, 5, 6], { kind: 'all' }, 2, 0, async () => {
      peak = Math.max(peak, ++running);
      await sleep(20);
      running--;
      return { ok: true };
    });
    expect(peak).toBe(2);
  });
});

/**
 * The host-side scripts of shared linking and of the hard-link copy, run by a real bash on real files here: a
 * session whose commands run locally (as `bash -euo pipefail`, like SshSession.run) instead of over SSH.
 */
function localSession(): SshSession {
  const run = (body: ShellFragment, options: { stdin?: string } = {}) => {
    const r = spawnSync('bash', ['--norc', '--noprofile', '-euo', 'pipefail', '-c', body.text], {
      input: options.stdin ?? '',
      encoding: 'utf8',
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr, timedOut: false, heldOpen: false };
  };
  return {
    endpoint: { name: 'local' },
    run: async (body: ShellFragment, options?: { stdin?: string }) => run(body, options),
    check: async (what: string, body: ShellFragment, options?: { stdin?: string }) => {
      const r = run(body, options);
      if (r.code !== 0) throw new Error(`${what} exited with code ${r.code}: ${r.stderr}`);
      return r;
    },
  } as unknown as SshSession;
}

describe('shared links and the hard-link copy, on real files (local bash)', () => {
  let root: string;
  let layout: Layout;
  let release: string;
  let elsewhere: string;
  const inode = (p: string) => `${statSync(p).ino}:${readFileSync(p, 'utf8')}`;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'keel-deploypath-'));
    layout = new Layout(join(root, 'app'));
    release = layout.partial('r2', 'tok');
    elsewhere = join(root, 'elsewhere');
    mkdirSync(release, { recursive: true });
    mkdirSync(layout.shared, { recursive: true });
    mkdirSync(elsewhere);
    writeFileSync(join(elsewhere, 'data.txt'), 'precious\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('refuses a symlink on the way in the release (the issue’s attack); the file outside keeps content and inode', async () => {
    symlinkSync(elsewhere, join(release, 'linkdir'));
    const before = inode(join(elsewhere, 'data.txt'));
    const e = await keelError(
      linkShared(localSession(), layout, release, [{ path: 'linkdir/data.txt', dir: false }]),
    );
    expect(e.field).toBe('shared');
    expect(e.message).toBe(
      `local: input 'shared': linkdir in the new release is a symlink (to ${JSON.stringify(elsewhere)}); keel does not write through symlinks. Nothing was linked and the previous release keeps serving.`,
    );
    expect(inode(join(elsewhere, 'data.txt'))).toBe(before);
  });

  it.each([
    ['conf/app.ini', false, 'conf'],
    ['.env', false, '.env'],
    ['media', true, 'media'],
  ])(
    'refuses a symlink planted in shared/ (%s), and makes nothing through it',
    async (path, dir, planted) => {
      symlinkSync(planted === '.env' ? join(elsewhere, 'data.txt') : elsewhere, join(layout.shared, planted));
      const before = inode(join(elsewhere, 'data.txt'));
      const e = await keelError(linkShared(localSession(), layout, release, [{ path, dir }]));
      expect(e.field).toBe('shared');
      expect(e.message).toMatch(new RegExp(`shared/${planted.replace('.', '\\.')} is a symlink \\(to `));
      expect(inode(join(elsewhere, 'data.txt'))).toBe(before);
      expect(readdirSync(elsewhere)).toEqual(['data.txt']);
    },
  );

  it('refuses a shared file where a folder is named and the other way round', async () => {
    writeFileSync(join(layout.shared, 'media'), '');
    mkdirSync(join(layout.shared, '.env'));
    const e = await keelError(
      linkShared(localSession(), layout, release, [
        { path: 'media', dir: true },
        { path: '.env', dir: false },
      ]),
    );
    expect(e.message).toMatch(/shared\/media exists and is not a folder.*shared\/\.env is a folder/);
  });

  it('seeds shared/ from the release once, then links; existing shared content is kept', async () => {
    mkdirSync(join(release, 'media'));
    writeFileSync(join(release, 'media/logo.png'), 'seed');
    writeFileSync(join(release, '.env'), 'A=1');
    const shared = [
      { path: 'media', dir: true },
      { path: '.env', dir: false },
      { path: 'var/uploads', dir: true },
      { path: 'conf/new.ini', dir: false },
    ];
    await linkShared(localSession(), layout, release, shared);
    expect(readFileSync(join(release, 'media/logo.png'), 'utf8')).toBe('seed');
    expect(readlinkSync(join(release, 'media'))).toBe(`${layout.shared}/media`);
    expect(readlinkSync(join(release, 'var/uploads'))).toBe(`${layout.shared}/var/uploads`);
    expect(readFileSync(join(layout.shared, 'conf/new.ini'), 'utf8')).toBe('');
    writeFileSync(join(layout.shared, '.env'), 'A=users');
    const next = layout.partial('r3', 'tok');
    mkdirSync(next);
    writeFileSync(join(next, '.env'), 'A=2');
    await linkShared(localSession(), layout, next, shared);
    expect(readFileSync(join(next, '.env'), 'utf8')).toBe('A=users');
  });

  const manifestOf = (dir: string) => walk(dir, []);

  it('drops the copy’s own links first, keeps shipped and hook-made links, and removes without following links', async () => {
    mkdirSync(join(release, 'media'));
    writeFileSync(join(release, 'app.py'), 'x');
    symlinkSync('app.py', join(release, 'main.py'));
    const manifest = await manifestOf(release);
    rmSync(join(release, 'media'), { recursive: true });
    symlinkSync(`${layout.shared}/media`, join(release, 'media')); // keel's shared link
    symlinkSync(`${layout.venvs}/abc`, join(release, '.venv')); // keel's virtualenv link
    symlinkSync(elsewhere, join(release, 'hook-made')); // a build hook's, not in the manifest
    mkdirSync(join(layout.shared, 'media'));
    writeFileSync(join(layout.shared, 'media/old.png'), 'users');
    const log = memoryLogger();
    expect(await prepareCopy(localSession(), layout, release, manifest, log)).toBe(true);
    expect(readdirSync(release).sort()).toEqual(['app.py', 'hook-made', 'main.py']);
    // Removing a manifest path below a link never goes through it.
    await removeFromCopy(localSession(), release, ['hook-made/data.txt', 'media/old.png', 'main.py']);
    expect(readFileSync(join(elsewhere, 'data.txt'), 'utf8')).toBe('precious\n');
    expect(readFileSync(join(layout.shared, 'media/old.png'), 'utf8')).toBe('users');
    expect(readdirSync(release).sort()).toEqual(['app.py', 'hook-made']);
  });

  it('throws the copy away when a symlink was planted where the release shipped a folder', async () => {
    mkdirSync(join(release, 'linkdir'));
    writeFileSync(join(release, 'linkdir/data.txt'), 'seed');
    const manifest = await manifestOf(release);
    rmSync(join(release, 'linkdir'), { recursive: true });
    symlinkSync(elsewhere, join(release, 'linkdir'));
    const log = memoryLogger();
    expect(await prepareCopy(localSession(), layout, release, manifest, log)).toBe(false);
    expect(readdirSync(release)).toEqual([]);
    expect(log.lines.join('\n')).toMatch(
      new RegExp(
        `"linkdir" -> ${JSON.stringify(elsewhere).replace(/[/.]/g, '\\$&')}: symlinks it did not ship`,
      ),
    );
    expect(readdirSync(elsewhere)).toEqual(['data.txt']);
  });

  it('removes odd names (newlines, leading -) by NUL-separated paths', async () => {
    for (const n of ['a\nb', '-rf', 'keep']) writeFileSync(join(release, n), n);
    await removeFromCopy(localSession(), release, ['a\nb', '-rf']);
    expect(readdirSync(release)).toEqual(['keep']);
  });
});
