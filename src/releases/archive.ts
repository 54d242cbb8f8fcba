/**
 * A gzip-compressed tar stream of release files, made on the fly (no temporary archive), with a byte counter
 * for progress lines.
 */
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { constants, createGzip } from 'node:zlib';
import tar from 'tar-stream';
import type { FileEntry } from './files.js';

export interface ArchiveStream {
  stream: Readable;
  /** Bytes of compressed output so far. */
  bytes(): number;
  /** Resolves when every entry is packed (rejects on a read error). */
  done: Promise<void>;
}

/** Extra files made by keel (e.g. the rendered gunicorn.conf.py, the manifest) added to the archive. */
export interface ExtraFile {
  path: string;
  content: string;
  mode: number;
}

export function packStream(
  root: string,
  entries: FileEntry[],
  extra: ExtraFile[] = [],
  level = 6,
): ArchiveStream {
  const pack = tar.pack();
  let count = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      count += chunk.length;
      cb(null, chunk);
    },
  });
  const out = new PassThrough();
  const gzip = createGzip({ level, memLevel: 8, strategy: constants.Z_DEFAULT_STRATEGY });
  const piping = pipeline(pack, gzip, counter, out);
  const mtime = new Date();
  const addEntries = async () => {
    const dirs = new Set<string>();
    const ensureDir = (p: string) => {
      const parts = p.split('/').slice(0, -1);
      for (let i = 1; i <= parts.length; i++) {
        const d = parts.slice(0, i).join('/');
        if (!dirs.has(d)) {
          dirs.add(d);
          pack.entry({ name: d, type: 'directory', mode: 0o755, mtime });
        }
      }
    };
    for (const e of entries) {
      if (e.type === 'dir') {
        dirs.add(e.path);
        pack.entry({ name: e.path, type: 'directory', mode: e.mode, mtime });
      } else if (e.type === 'symlink') {
        ensureDir(e.path);
        pack.entry({ name: e.path, type: 'symlink', linkname: e.target!, mode: 0o777, mtime });
      } else {
        ensureDir(e.path);
        await new Promise<void>((resolve, reject) => {
          const sink = pack.entry({ name: e.path, type: 'file', size: e.size, mode: e.mode, mtime }, (err) =>
            err ? reject(err) : resolve(),
          );
          const src = createReadStream(join(root, e.path));
          src.on('error', reject);
          src.pipe(sink);
        });
      }
    }
    for (const f of extra) {
      ensureDir(f.path);
      pack.entry({ name: f.path, type: 'file', mode: f.mode, mtime }, f.content);
    }
    pack.finalize();
  };
  const done = addEntries().then(
    () => piping,
    (error: unknown) => {
      pack.destroy(error as Error);
      throw error;
    },
  );
  return { stream: out, bytes: () => count, done };
}
