/**
 * The fast packer: the runner's own GNU tar and zstd (`tar -I 'zstd -1'`), native processes that pack a release
 * several times faster than tar-stream in the action's process (which reads, frames and compresses every file
 * on the one JavaScript thread, next to ssh2's encryption). Names are handed to tar NUL-separated and verbatim
 * (`--null --verbatim-files-from -T -`), so a name with a newline, a quote, a backslash or a leading dash is
 * the file it names and never an option. Only the entries given are packed (`--no-recursion`), links are kept
 * as links, hard links are stored as the files they are (`--hard-dereference`: a redeploy may send one of two
 * linked files), and a file that changes while tar reads it fails the pack.
 *
 * keel's own files (the manifest, the rendered config) follow as a second archive (tar-stream, in memory),
 * compressed as a second zstd frame: zstd -d reads the frames as one stream and the host's `tar -i` reads past
 * the first archive's end. Used when the runner has GNU tar and zstd and the host has zstd; archive.ts's
 * packStream otherwise (and KEEL_PACKER=node forces it).
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { PassThrough, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { constants, createZstdCompress } from 'node:zlib';
import tar from 'tar-stream';
import { type ArchiveStream, type Compression, type ExtraFile, packStream } from './archive.js';
import type { FileEntry } from './files.js';

let probed: Promise<boolean> | undefined;

/** Whether the runner has GNU tar (with --verbatim-files-from) and zstd; asked once per process. */
export function nativePackerAvailable(): Promise<boolean> {
  if (process.env.KEEL_PACKER === 'node') return Promise.resolve(false);
  probed ??= Promise.all([
    version('tar', /GNU tar\) (\d+)\.(\d+)/, (major, minor) => major > 1 || minor >= 29),
    version('zstd', /v(\d+)\.(\d+)/, () => true),
  ]).then(([t, z]) => t && z);
  return probed;
}

function version(cmd: string, re: RegExp, ok: (major: number, minor: number) => boolean): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(cmd, ['--version'], { timeout: 5_000 }, (error, stdout) => {
      const m = re.exec(stdout ?? '');
      resolve(!error && !!m && ok(Number(m[1]), Number(m[2])));
    });
  });
}

/** The NUL-separated list of names tar reads (the entries' relative paths, in order). */
export function nameList(entries: FileEntry[]): Buffer {
  return Buffer.concat(entries.map((e) => Buffer.from(`${e.path}\0`, 'utf8')));
}

/** GNU tar's arguments: an archive of exactly the listed names under `root`, on stdout. */
export function tarArgs(root: string): string[] {
  return [
    '--create',
    '--file=-',
    '--format=gnu',
    '--no-recursion',
    '--hard-dereference',
    // zstd run by tar itself, its output on tar's stdout (tar's exit status covers it).
    '--use-compress-program=zstd -1 -q',
    // Before the list: tar applies -C to the names that follow it.
    `--directory=${root}`,
    '--null',
    '--verbatim-files-from',
    '--files-from=-',
  ];
}

/** A tar of keel's own files (small, in memory). */
function extraArchive(extra: ExtraFile[]): tar.Pack {
  const pack = tar.pack();
  const mtime = new Date();
  const dirs = new Set<string>();
  for (const f of extra) {
    const parts = f.path.split('/').slice(0, -1);
    for (let i = 1; i <= parts.length; i++) {
      const d = parts.slice(0, i).join('/');
      if (!dirs.has(d)) {
        dirs.add(d);
        pack.entry({ name: d, type: 'directory', mode: 0o755, mtime });
      }
    }
    pack.entry({ name: f.path, type: 'file', mode: f.mode, mtime }, f.content);
  }
  pack.finalize();
  return pack;
}

/**
 * Packs with the native packer when it can (zstd only), else with tar-stream. The host must unpack with
 * `tar -i` (both archives may be two, one after the other).
 */
export async function pack(
  root: string,
  entries: FileEntry[],
  extra: ExtraFile[],
  compression: Compression,
): Promise<ArchiveStream> {
  if (compression !== 'zstd' || !(await nativePackerAvailable()))
    return packStream(root, entries, extra, compression);
  return nativePack(root, entries, extra);
}

function nativePack(root: string, entries: FileEntry[], extra: ExtraFile[]): ArchiveStream {
  let count = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      count += chunk.length;
      cb(null, chunk);
    },
  });
  const out = new PassThrough({ highWaterMark: 1 << 20 });
  counter.pipe(out);
  const children: ChildProcess[] = [];
  // Waits until the consumer takes more, or is gone (then packing stops: nothing would read it).
  const drained = () =>
    new Promise<void>((resolve, reject) => {
      if (out.destroyed) return reject(new Error('packing the release: the upload stopped'));
      const go = () => {
        counter.off('drain', go);
        out.off('close', go);
        if (out.destroyed) reject(new Error('packing the release: the upload stopped'));
        else resolve();
      };
      counter.on('drain', go);
      out.on('close', go);
    });
  const ended = (child: ChildProcess, name: string, stderr: () => string) =>
    new Promise<void>((resolve, reject) => {
      child.on('error', (e) => reject(new Error(`${name}: ${e.message}`)));
      child.on('close', (code, signal) =>
        code === 0
          ? resolve()
          : reject(
              new Error(
                `packing the release: ${name} ${signal ? `was killed by ${signal}` : `exited with code ${code}`}${stderr() ? `: ${stderr().trim().split('\n').slice(-3).join('; ')}` : ''}`,
              ),
            ),
      );
    });
  const done = (async () => {
    if (entries.length > 0) {
      // Its own process group: the runner's SIGINT to the step's group on cancel must not kill it before the
      // host's side is stopped (keel stops it itself, after).
      const t = spawn('tar', tarArgs(root), { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
      children.push(t);
      let tErr = '';
      t.stderr!.on('data', (d: Buffer) => (tErr = (tErr + d.toString()).slice(-4000)));
      t.stdin!.on('error', () => undefined); // tar's own exit status reports why it stopped reading
      t.stdin!.end(nameList(entries));
      const tarDone = ended(t, 'tar', () => tErr);
      tarDone.catch(() => undefined);
      for await (const chunk of t.stdout!) {
        if (!counter.write(chunk)) await drained();
      }
      await tarDone;
    }
    const x = createZstdCompress({ params: { [constants.ZSTD_c_compressionLevel]: 3 } });
    await pipeline(extraArchive(extra), x, async (source: AsyncIterable<Buffer>) => {
      for await (const chunk of source) {
        if (!counter.write(chunk)) await drained();
      }
    });
    counter.end();
  })();
  // The packer never outlives the upload: killed, and its pipes closed (an unread pipe would keep the step alive).
  const stop = () => {
    for (const c of children) {
      if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
      c.stdin?.destroy();
      c.stdout?.destroy();
      c.stderr?.destroy();
    }
  };
  done.catch((error: unknown) => {
    stop();
    out.destroy(error as Error);
  });
  out.on('close', stop);
  out.on('error', () => undefined); // the failure is reported by `done`, which the caller awaits
  return { stream: out, bytes: () => count, done };
}
