/** The release engine's pure parts: file walking and deltas, archives, ids, shared paths, fleet batches. */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { ArchiveCache, packStream } from '../../src/releases/archive.js';
import { delta, walk } from '../../src/releases/files.js';
import { batches, parseBatchSize, rollOut } from '../../src/releases/fleet.js';
import { defaultReleaseId, parseShared } from '../../src/releases/layout.js';

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
      await new Promise((r) => setTimeout(r, 20));
      running--;
      return { ok: true };
    });
    expect(peak).toBe(2);
  });
});
