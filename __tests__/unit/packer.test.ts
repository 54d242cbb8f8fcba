/**
 * The native packer (packer.ts): the runner's GNU tar and zstd, fed NUL-separated names. Each case packs a
 * tree, unpacks the stream as the host does (`zstd -dcq | tar -xif -`), and compares every name, mode, link
 * and byte with the source: names with newlines, quotes, backslashes, leading dashes, spaces, `$` and
 * non-ASCII; a link pointing outside the tree kept as a link (never followed); hard links stored as files;
 * only the listed entries; an empty list; and a file that changes size while it is read fails the pack.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { walk, type FileEntry } from '../../src/releases/files.js';
import { nameList, nativePackerAvailable, pack, tarArgs } from '../../src/releases/packer.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'keel-pack-'));
  mkdirSync(join(dir, 'src'));
  mkdirSync(join(dir, 'out'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const src = () => join(dir, 'src');
const out = () => join(dir, 'out');

async function packAndUnpack(
  entries: FileEntry[],
  extra = [{ path: '.keel/x.json', content: '{}', mode: 0o644 }],
) {
  const a = await pack(src(), entries, extra, 'zstd');
  const [bytes] = await Promise.all([buffer(a.stream), a.done]);
  expect(a.bytes()).toBe(bytes.length);
  const r = spawnSync('bash', ['-c', `zstd -dcq | tar -xif - --no-same-owner -C "$1"`, '_', out()], {
    input: bytes,
  });
  expect(r.stderr.toString()).toBe('');
  expect(r.status).toBe(0);
  return bytes;
}

const native = spawnSync('bash', ['-c', 'tar --version | grep -q "GNU tar" && command -v zstd']).status === 0;
const maybe = native ? it : it.skip;

describe('native packer', () => {
  maybe('is found on this machine (GNU tar and zstd), and KEEL_PACKER=node turns it off', async () => {
    expect(await nativePackerAvailable()).toBe(true);
    expect(tarArgs('/x')).toEqual(
      expect.arrayContaining(['--null', '--verbatim-files-from', '--no-recursion']),
    );
  });

  maybe(
    'packs hostile names exactly: newlines, quotes, backslashes, leading dashes, $, spaces, non-ASCII',
    async () => {
      const names = [
        'new\nline.py',
        'it\'s "quoted".txt',
        'back\\slash',
        '-C',
        '--to-command=touch PWNED',
        '-rf',
        '$(touch PWNED)',
        'sp ace',
        'naïve-日本.py',
        '*',
      ];
      mkdirSync(join(src(), '-dir'));
      for (const n of names) writeFileSync(join(src(), n), `content of ${n}`);
      writeFileSync(join(src(), '-dir', '--checkpoint-action=exec=touch PWNED'), 'x');
      const entries = await walk(src(), []);
      await packAndUnpack(entries);
      for (const n of names) expect(readFileSync(join(out(), n), 'utf8')).toBe(`content of ${n}`);
      expect(readFileSync(join(out(), '-dir', '--checkpoint-action=exec=touch PWNED'), 'utf8')).toBe('x');
      expect(readFileSync(join(out(), '.keel/x.json'), 'utf8')).toBe('{}');
      expect(spawnSync('find', [dir, '-name', 'PWNED']).stdout.toString()).toBe('');
      expect(spawnSync('find', [process.cwd(), '-maxdepth', '1', '-name', 'PWNED']).stdout.toString()).toBe(
        '',
      );
    },
  );

  maybe(
    'keeps modes and links as links (one pointing outside the tree is not followed), only listed entries',
    async () => {
      writeFileSync(join(src(), 'run.sh'), '#!/bin/sh\n', { mode: 0o755 });
      writeFileSync(join(src(), 'a.py'), 'a');
      writeFileSync(join(src(), 'not-listed.py'), 'n');
      symlinkSync('a.py', join(src(), 'link.py'));
      symlinkSync('/etc/passwd', join(src(), 'outside'));
      const all = [
        { path: 'run.sh', type: 'file', mode: 0o755, size: 10, hash: '' },
        { path: 'a.py', type: 'file', mode: 0o644, size: 1, hash: '' },
        { path: 'link.py', type: 'symlink', mode: 0o777, size: 0, hash: '', target: 'a.py' },
        { path: 'outside', type: 'symlink', mode: 0o777, size: 0, hash: '', target: '/etc/passwd' },
      ] as FileEntry[];
      await packAndUnpack(all);
      expect(lstatSync(join(out(), 'run.sh')).mode & 0o777).toBe(0o755);
      expect(readlinkSync(join(out(), 'link.py'))).toBe('a.py');
      expect(lstatSync(join(out(), 'outside')).isSymbolicLink()).toBe(true);
      expect(readlinkSync(join(out(), 'outside'))).toBe('/etc/passwd');
      expect(() => lstatSync(join(out(), 'not-listed.py'))).toThrow();
    },
  );

  maybe('stores a hard-linked file as a file (a redeploy may send one of two linked names)', async () => {
    writeFileSync(join(src(), 'a'), 'same');
    linkSync(join(src(), 'a'), join(src(), 'b'));
    await packAndUnpack([{ path: 'b', type: 'file', mode: 0o644, size: 4, hash: '' }]);
    expect(readFileSync(join(out(), 'b'), 'utf8')).toBe('same');
  });

  maybe('an empty list sends keel’s own files only; a big file streams through', async () => {
    await packAndUnpack([]);
    expect(readFileSync(join(out(), '.keel/x.json'), 'utf8')).toBe('{}');
    execFileSync('dd', [
      'if=/dev/urandom',
      `of=${join(src(), 'big.bin')}`,
      'bs=1M',
      'count=40',
      'status=none',
    ]);
    await packAndUnpack([{ path: 'big.bin', type: 'file', mode: 0o644, size: 40 << 20, hash: '' }]);
    expect(readFileSync(join(out(), 'big.bin')).equals(readFileSync(join(src(), 'big.bin')))).toBe(true);
  });

  maybe('fails when a listed file is gone or shrinks while it is packed', async () => {
    const missing = await pack(
      src(),
      [{ path: 'gone.py', type: 'file', mode: 0o644, size: 1, hash: '' }],
      [],
      'zstd',
    );
    missing.stream.resume();
    await expect(missing.done).rejects.toThrow(/tar exited with code 2[^]*gone\.py/);
    execFileSync('dd', ['if=/dev/zero', `of=${join(src(), 'big.bin')}`, 'bs=1M', 'count=200', 'status=none']);
    const a = await pack(
      src(),
      [{ path: 'big.bin', type: 'file', mode: 0o644, size: 200 << 20, hash: '' }],
      [],
      'zstd',
    );
    let shrunk = false;
    a.stream.on('data', () => {
      if (!shrunk) truncateSync(join(src(), 'big.bin'), 1000);
      shrunk = true;
    });
    await expect(a.done).rejects.toThrow(/tar/);
  });

  it('the list of names is NUL-separated UTF-8, one per entry', () => {
    expect(
      nameList([
        { path: 'a\nb', type: 'file', mode: 0, size: 0, hash: '' },
        { path: 'é', type: 'dir', mode: 0, size: 0, hash: '' },
      ]),
    ).toEqual(Buffer.from('a\nb\0é\0', 'utf8'));
  });

  it('KEEL_PACKER=node falls back to the in-process packer', async () => {
    process.env.KEEL_PACKER = 'node';
    try {
      expect(await nativePackerAvailable()).toBe(false);
    } finally {
      delete process.env.KEEL_PACKER;
    }
  });
});
