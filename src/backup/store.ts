/**
 * Where backups are kept: a directory on the runner, or a directory on a host over SSH (the database server
 * or a backup host). Data is written under a hidden temporary name (`.NAME.partial`), checked, and only then
 * renamed; the manifest (`NAME.json`) is written last, also through a temporary name, so a backup with a
 * manifest is a complete, verified one and nothing else ever has a final name.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { KeelError } from '../errors.js';
import { type ShellFragment, sh } from '../remote/quote.js';
import type { SshSession } from '../remote/ssh.js';
import { type Manifest, parseBackupName, parseManifest } from './manifest.js';

export interface Upload {
  sink: Writable;
  /** Resolves when the data is durably written; rejects with why not. */
  finished(): Promise<void>;
}

export interface Store {
  /** e.g. `runner:/home/runner/work/x/.keel/backups` or `backup1:/var/backups/shop`. */
  where: string;
  dir: string;
  list(): Promise<{ manifests: Manifest[]; problems: string[] }>;
  create(tmp: string): Promise<Upload>;
  sha256(name: string): Promise<string>;
  open(name: string): Promise<Readable>;
  /** Renames tmp → name and writes the manifest beside it (manifest last). */
  commit(tmp: string, manifest: Manifest): Promise<void>;
  /** Removes a backup's data and manifest (or a temporary file). */
  remove(name: string): Promise<void>;
}

export const partialName = (name: string) => `.${name}.partial`;
const manifestName = (name: string) => `${name}.json`;

/**
 * A manifest as listed: it must be named after the file it describes, and that file name must read back
 * strictly (NAME-STAMP.EXT), so a manifest cannot speak for another backup's file.
 */
function listed(json: string, text: string): Manifest | string {
  const m = parseManifest(text);
  if (typeof m === 'string') return m;
  if (manifestName(m.file) !== json) return `describes ${m.file}, not ${json.replace(/\.json$/, '')}`;
  if (!parseBackupName(m.file))
    return `${m.file} is not a backup file name keel writes (NAME-YYYYMMDDTHHMMSSZ.EXT)`;
  return m;
}

/**
 * A file's sha256, read through one reused 1 MiB buffer: a read stream's new 64 KiB chunk per read would leave
 * a 1 GB backup's read-back as dead buffers for the collector (memory.ts).
 */
export async function fileSha256(path: string): Promise<string> {
  const h = createHash('sha256');
  const file = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(2 ** 20);
    for (;;) {
      const { bytesRead } = await file.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      h.update(buf.subarray(0, bytesRead));
    }
  } finally {
    await file.close();
  }
  return h.digest('hex');
}

export function localStore(dir: string): Store {
  return {
    where: `runner:${dir}`,
    dir,
    async list() {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const manifests: Manifest[] = [];
      const problems: string[] = [];
      for (const f of (await readdir(dir)).filter((f) => f.endsWith('.json') && !f.startsWith('.')).sort()) {
        const m = listed(f, await readFile(join(dir, f), 'utf8'));
        if (typeof m === 'string') problems.push(`${f}: ${m}`);
        else manifests.push(m);
      }
      return { manifests, problems };
    },
    async create(tmp) {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const sink = createWriteStream(join(dir, tmp), { flags: 'wx', mode: 0o600, flush: true });
      const closed = new Promise<void>((resolve, reject) => {
        sink.on('close', resolve);
        sink.on('error', reject);
      });
      return { sink, finished: () => closed };
    },
    async sha256(name) {
      return fileSha256(join(dir, name));
    },
    async open(name) {
      return createReadStream(join(dir, name));
    },
    async commit(tmp, manifest) {
      await rename(join(dir, tmp), join(dir, manifest.file));
      const mtmp = join(dir, partialName(manifestName(manifest.file)));
      await writeFile(mtmp, JSON.stringify(manifest, null, 2) + '\n', { mode: 0o600, flush: true });
      await rename(mtmp, join(dir, manifestName(manifest.file)));
    },
    async remove(name) {
      await rm(join(dir, manifestName(name)), { force: true });
      await rm(join(dir, name), { force: true, recursive: true });
    },
  };
}

export function sshStore(session: SshSession, dir: string): Store {
  const where = `${session.endpoint.name}:${dir}`;
  const check = async (what: string, body: ShellFragment, stdin?: string) =>
    session.check(what, body, stdin === undefined ? {} : { stdin });
  return {
    where,
    dir,
    async list() {
      const r = await check(
        `listing backups in ${dir}`,
        sh`umask 077; mkdir -p ${dir}; cd ${dir}; for f in *.json; do [ -f "$f" ] || continue; printf '%s\\0' "$f"; cat "$f"; printf '\\0'; done`,
      );
      const parts = r.stdout.split('\0');
      const manifests: Manifest[] = [];
      const problems: string[] = [];
      for (let i = 0; i + 1 < parts.length; i += 2) {
        const m = listed(parts[i]!, parts[i + 1]!);
        if (typeof m === 'string') problems.push(`${parts[i]}: ${m}`);
        else manifests.push(m);
      }
      return { manifests, problems };
    },
    async create(tmp) {
      const p = await session.spawn(sh`umask 077; mkdir -p ${dir}; set -C; cat > ${`${dir}/${tmp}`}`);
      let stderr = '';
      p.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
      p.stdout.resume();
      // A writer that stops early (disk full, killed) must fail the stream, not leave it waiting for a drain.
      void p.done.then((end) => {
        if (!p.stdin.writableFinished)
          p.stdin.destroy(
            new KeelError(`${where}: the writer stopped (exit ${end.code ?? 'none'}): ${stderr.trim()}`),
          );
      });
      return {
        sink: p.stdin,
        finished: async () => {
          const end = await p.done;
          if (end.code !== 0)
            throw new KeelError(
              `${where}: writing ${tmp} failed (${end.code === null ? 'cut off' : `exit ${end.code}`})${stderr.trim() ? `: ${stderr.trim()}` : ''}`,
            );
        },
      };
    },
    async sha256(name) {
      const r = await check(`hashing ${name}`, sh`sha256sum ${`${dir}/${name}`}`);
      return r.stdout.split(' ')[0] ?? '';
    },
    async open(name) {
      const p = await session.spawn(sh`cat ${`${dir}/${name}`}`);
      p.stdin.end();
      p.stderr.resume();
      void p.done.then((end) => {
        if (end.code !== 0) p.stdout.destroy(new KeelError(`${where}: cannot read ${name}`));
      });
      return p.stdout;
    },
    async commit(tmp, manifest) {
      const m = manifestName(manifest.file);
      await check(
        `committing ${manifest.file}`,
        sh`cd ${dir}; mv -f ${tmp} ${manifest.file}; cat > ${partialName(m)}; mv -f ${partialName(m)} ${m}`,
        JSON.stringify(manifest, null, 2) + '\n',
      );
    },
    async remove(name) {
      await check(`removing ${name}`, sh`cd ${dir}; rm -rf -- ${manifestName(name)} ${name}`);
    },
  };
}
