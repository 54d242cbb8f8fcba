/**
 * The files of a release as data: walked from the source directory (with exclude patterns), described by a
 * manifest (path, type, mode, size, sha256), and compared with the previous release's manifest so a redeploy
 * sends only what changed.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import { join, posix, relative, sep } from 'node:path';
import picomatch from 'picomatch';
import { mapLimited } from '../concurrency.js';

export interface FileEntry {
  /** Relative POSIX path. */
  path: string;
  type: 'file' | 'dir' | 'symlink';
  /** Permission bits, e.g. 0o644. */
  mode: number;
  size: number;
  /** sha256 of the content (files), or of the link target (symlinks); '' for directories. */
  hash: string;
  /** Symlink target. */
  target?: string;
}

export interface Manifest {
  keel: 1;
  files: FileEntry[];
}

/** Never shipped: version control, keel's own scratch, Python caches. */
export const ALWAYS_EXCLUDED = [
  '.git',
  '.git/**',
  '.keel/rendered/**',
  '**/__pycache__',
  '**/__pycache__/**',
  '**/*.pyc',
];

async function hashFile(path: string, size: number): Promise<string> {
  const hash = createHash('sha256');
  // Most of a release is small files: one read each; big ones (model weights) are streamed.
  if (size <= 1 << 20) return hash.update(await readFile(path)).digest('hex');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Walks `root` (not following symlinks), skipping excluded paths. Sorted, directories before their contents. */
export async function walk(root: string, exclude: string[]): Promise<FileEntry[]> {
  const isExcluded = picomatch([...ALWAYS_EXCLUDED, ...exclude], { dot: true });
  const out: FileEntry[] = [];
  const files: { entry: FileEntry; abs: string }[] = [];
  const visit = async (dir: string): Promise<void> => {
    const names = (await readdir(dir)).sort();
    for (const name of names) {
      const abs = join(dir, name);
      const rel = relative(root, abs).split(sep).join(posix.sep);
      if (isExcluded(rel) || isExcluded(`${rel}/`)) continue;
      const st = await lstat(abs);
      const mode = st.mode & 0o7777;
      if (st.isSymbolicLink()) {
        const target = await readlink(abs);
        out.push({
          path: rel,
          type: 'symlink',
          mode: 0o777,
          size: 0,
          hash: createHash('sha256').update(target).digest('hex'),
          target,
        });
      } else if (st.isDirectory()) {
        out.push({ path: rel, type: 'dir', mode, size: 0, hash: '' });
        await visit(abs);
      } else if (st.isFile()) {
        const entry: FileEntry = { path: rel, type: 'file', mode, size: st.size, hash: '' };
        out.push(entry);
        files.push({ entry, abs });
      }
      // Sockets, FIFOs and devices are not part of an app release.
    }
  };
  await visit(root);
  // Hashed several at a time: the reads overlap (3,000 files took 0.8 s one by one, mostly waiting).
  await mapLimited(files, 16, async (f) => {
    f.entry.hash = await hashFile(f.abs, f.entry.size);
  });
  return out;
}

export interface Delta {
  /** Entries to send (new or changed files, new directories, changed links or modes). */
  send: FileEntry[];
  /** Paths present in the previous release but not in this one (to remove from the hard-linked copy). */
  remove: string[];
  unchanged: number;
}

/** What differs between the previous release's manifest and the new files. */
export function delta(previous: FileEntry[], next: FileEntry[]): Delta {
  const before = new Map(previous.map((e) => [e.path, e]));
  const send: FileEntry[] = [];
  let unchanged = 0;
  for (const e of next) {
    const p = before.get(e.path);
    if (p && p.type === e.type && p.mode === e.mode && p.hash === e.hash && p.target === e.target)
      unchanged++;
    else send.push(e);
  }
  const names = new Set(next.map((e) => e.path));
  // Deepest first, so a directory goes after its contents.
  const remove = previous
    .filter((e) => !names.has(e.path))
    .map((e) => e.path)
    .sort((a, b) => b.length - a.length);
  return { send, remove, unchanged };
}

/** Parses a manifest read from a host; undefined when it is missing or not keel's. */
export function parseManifest(text: string | undefined): FileEntry[] | undefined {
  if (!text) return undefined;
  try {
    const m = JSON.parse(text) as Manifest;
    return m.keel === 1 && Array.isArray(m.files) ? m.files : undefined;
  } catch {
    return undefined;
  }
}
