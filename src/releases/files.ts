/**
 * The files of a release as data: walked from the source directory (with exclude patterns), described by a
 * manifest (path, type, mode, size, sha256), and compared with the previous release's manifest so a redeploy
 * sends only what changed.
 */
import { createHash } from 'node:crypto';
import { createReadStream, lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { join, posix, relative, sep } from 'node:path';
import picomatch from 'picomatch';
import { z } from 'zod';
import { mapLimited } from '../concurrency.js';
import { KeelError } from '../errors.js';

/** A path inside the release: relative, no empty, `.` or `..` parts. */
const RELATIVE = /^(?!\/)(?!.*(?:^|\/)\.{0,2}(?:\/|$))/s;

const fileEntrySchema = z.object({
  /** Relative POSIX path. */
  path: z.string().regex(RELATIVE, 'must be a path inside the release'),
  type: z.enum(['file', 'dir', 'symlink']),
  /** Permission bits, e.g. 0o644. */
  mode: z.number().int().min(0).max(0o7777),
  size: z.number().int().min(0),
  /** sha256 of the content (files), or of the link target (symlinks); '' for directories. */
  hash: z.string().regex(/^(?:[0-9a-f]{64})?$/, 'must be a sha256 in hex'),
  /** Symlink target. */
  target: z.string().optional(),
});

/** `.keel/files.json` in each release (written by deploy, read back next time to send only what changed). */
export const releaseManifestSchema = z.object({ keel: z.literal(1), files: z.array(fileEntrySchema) });

export type FileEntry = z.output<typeof fileEntrySchema>;
export type Manifest = z.output<typeof releaseManifestSchema>;

/** Never shipped: version control, keel's own scratch, Python caches. */
export const ALWAYS_EXCLUDED = [
  '.git',
  '.git/**',
  '.keel/rendered/**',
  '**/__pycache__',
  '**/__pycache__/**',
  '**/*.pyc',
];

/** Files up to this size are read and hashed in one synchronous call each; bigger ones are streamed. */
const SMALL = 1 << 20;

async function hashBigFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: SMALL })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Gives the event loop a turn (SSH handshakes made meanwhile, timers) every so much synchronous work: the walk
 * and the small files' hashing use synchronous calls, which for thousands of small files from the page cache
 * cost a fraction of one promise per open, stat, read and close each.
 */
function budget(perTurn: number): (cost: number) => Promise<void> | undefined {
  let spent = 0;
  return (cost) => {
    spent += cost;
    if (spent < perTurn) return undefined;
    spent = 0;
    return new Promise((resolve) => setImmediate(resolve));
  };
}

/** picomatch's options for exclude patterns: brackets, braces and parentheses must balance. */
const GLOB = { dot: true, strictBrackets: true, debug: true } as const;

/**
 * What is wrong with each exclude pattern (empty when all are fine), checked before anything is read or sent:
 * a glob picomatch cannot compile would otherwise match nothing, silently (`**\/{a`, `[z-a]`), and an
 * unbalanced `[` would match itself literally.
 */
export function excludeProblems(patterns: string[]): string[] {
  const problems: string[] = [];
  for (const p of patterns) {
    const shown = JSON.stringify(p);
    if (p.startsWith('!')) {
      problems.push(
        `${shown}: negated patterns are not supported (exclude lists what not to ship; a leading ! would exclude everything else)`,
      );
    } else if (p.startsWith('/')) {
      problems.push(
        `${shown}: patterns are relative to 'source' (write ${JSON.stringify(p.replace(/^\/+/, ''))})`,
      );
    } else if (/(^|\/)\.\.(\/|$)/.test(p)) {
      problems.push(`${shown}: patterns cannot reach outside 'source' (..)`);
    } else if (p.includes('\0')) {
      problems.push(`${shown}: contains a NUL character`);
    } else {
      try {
        picomatch.makeRe(p, GLOB);
      } catch (error) {
        const why = (error as Error).message.replace(/^Invalid regular expression: \/.*\/: /s, '');
        problems.push(`${shown} is not a valid glob: ${why}`);
      }
    }
  }
  return problems;
}

export interface WalkOptions {
  /** Told about each entry that is not shipped because no release can hold it (sockets, FIFOs, devices). */
  onSkip?: (path: string, why: string) => void;
  /**
   * The app's entry module (`pkg.wsgi:app`, from gunicorn's wsgi_app): when the source has its file but the
   * excludes leave it out, the walk fails instead of shipping a release that cannot start.
   */
  entryModule?: string;
}

const sourceError = (message: string) => new KeelError(message, { field: 'source' });

/**
 * Walks `root` (never following symlinks), skipping excluded paths. Sorted, directories before their contents.
 * Refused with a KeelError naming the input, before anything is sent: an invalid exclude pattern, excludes
 * that leave no file (or drop the entry module), a symlink that leads outside the release, a name that is not
 * UTF-8, an unreadable file or folder.
 */
export async function walk(root: string, exclude: string[], options: WalkOptions = {}): Promise<FileEntry[]> {
  const invalid = excludeProblems(exclude);
  if (invalid.length > 0) throw new KeelError(`input 'exclude': ${invalid.join('; ')}`, { field: 'exclude' });
  const always = picomatch(ALWAYS_EXCLUDED, GLOB);
  const byUser = exclude.length > 0 ? picomatch(exclude, GLOB) : () => false;
  const isExcluded = (p: string) => always(p) || byUser(p);
  const out: FileEntry[] = [];
  const files: { entry: FileEntry; abs: string }[] = [];
  let excluded = 0;
  const fail = (what: string, rel: string, error: unknown): never => {
    throw sourceError(
      `cannot ${what} ${JSON.stringify(rel || '.')} in 'source': ${(error as Error).message}`,
    );
  };
  const turn = budget(512);
  const sync = <T>(fn: () => T, what: string, rel: string): T => {
    try {
      return fn();
    } catch (e) {
      return fail(what, rel, e);
    }
  };
  const visit = async (dir: string): Promise<void> => {
    const rawNames = sync(
      () => readdirSync(dir, { encoding: 'buffer' }),
      'read the folder',
      relative(root, dir),
    );
    const names = rawNames.map((b) => ({ raw: b, name: b.toString('utf8') }));
    names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const { raw, name } of names) {
      const abs = join(dir, name);
      const rel = relative(root, abs).split(sep).join(posix.sep);
      if (isExcluded(rel) || isExcluded(`${rel}/`)) {
        if (!always(rel) && !always(`${rel}/`)) excluded++;
        continue;
      }
      if (!Buffer.from(name, 'utf8').equals(raw))
        throw sourceError(
          `${JSON.stringify(rel)} in 'source' has a name that is not UTF-8 (rename it, or leave it out with 'exclude')`,
        );
      await turn(1);
      const st = sync(() => lstatSync(abs), 'read', rel);
      const mode = st.mode & 0o7777;
      if (st.isSymbolicLink()) {
        const target = sync(() => readlinkSync(abs, 'utf8'), 'read the link', rel);
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
      } else {
        // Sockets, FIFOs and devices are not part of an app release (rsync skips them too, without --specials).
        const kind = st.isSocket() ? 'a socket' : st.isFIFO() ? 'a FIFO' : 'a device';
        options.onSkip?.(rel, `${kind}, not shipped`);
      }
    }
  };
  await visit(root);
  if (files.length === 0) {
    throw excluded > 0
      ? new KeelError(
          `input 'exclude': the patterns leave no file to ship from ${JSON.stringify(root)} (${exclude.map((p) => JSON.stringify(p)).join(', ')}); nothing was sent`,
          { field: 'exclude' },
        )
      : sourceError(`${JSON.stringify(root)} has no file to ship; nothing was sent`);
  }
  const escaping = escapingLinks(out);
  if (escaping.length > 0) {
    throw sourceError(
      `${escaping
        .slice(0, 5)
        .map((e) => `${JSON.stringify(e.path)} -> ${JSON.stringify(e.target)}`)
        .join(
          ', ',
        )}${escaping.length > 5 ? ` and ${escaping.length - 5} more` : ''}: a symlink in the release must resolve inside it (as rsync --safe-links; no absolute targets, no loops); leave it out with 'exclude', make it relative, or keep the data in 'shared'`,
    );
  }
  if (options.entryModule) await checkEntryModule(root, out, options.entryModule, exclude);
  // Small files: one synchronous read each (3,000 of them took 0.3-0.5 s as promises, mostly the promises'
  // own round trips through the thread pool), with a turn for the event loop every 4 MiB. Big ones (model
  // weights) are streamed, several at a time.
  const hashTurn = budget(4 * SMALL);
  for (const f of files) {
    if (f.entry.size > SMALL) continue;
    const data = sync(() => readFileSync(f.abs), 'read', f.entry.path);
    f.entry.hash = createHash('sha256').update(data).digest('hex');
    await hashTurn(data.length + 4096);
  }
  await mapLimited(
    files.filter((f) => f.entry.size > SMALL),
    4,
    async (f) => {
      f.entry.hash = await hashBigFile(f.abs).catch((e: unknown) => fail('read', f.entry.path, e));
    },
  );
  return out;
}

/**
 * The symlinks that do not resolve inside the release, resolved as the host will resolve them: following the
 * release's own links (so `a/b/../..` through a link `a/b -> ..` is seen for what it is), at most 40 of them
 * (a loop). Absolute targets never stay inside: the release would depend on the host's files outside it.
 * rsync --safe-links judges by the text alone and drops such links; keel refuses them, naming each.
 */
export function escapingLinks(entries: FileEntry[]): FileEntry[] {
  const links = new Map(entries.filter((e) => e.type === 'symlink').map((e) => [e.path, e.target ?? '']));
  return entries.filter((e) => e.type === 'symlink' && !linkStaysInside(e, links));
}

function linkStaysInside(link: FileEntry, links: Map<string, string>): boolean {
  let hops = 0;
  const resolve = (dir: string[], target: string): string[] | undefined => {
    if (target.startsWith('/')) return undefined;
    const at = [...dir];
    for (const part of target.split('/')) {
      if (part === '' || part === '.') continue;
      if (part === '..') {
        if (at.length === 0) return undefined;
        at.pop();
        continue;
      }
      at.push(part);
      const next = links.get(at.join('/'));
      if (next !== undefined) {
        if (++hops > 40) return undefined; // a loop (the host would say ELOOP): refused
        at.pop();
        const r = resolve(at, next);
        if (!r) return undefined;
        at.splice(0, at.length, ...r);
      }
    }
    return at;
  };
  return resolve(link.path.split('/').slice(0, -1), link.target ?? '') !== undefined;
}

/** The entry module (`wsgi_app`) named in the gunicorn.conf.py render-config made for the release, if any. */
export function entryModuleOf(extra: { path: string; content: string }[]): string | undefined {
  const conf = extra.find((f) => f.path.endsWith('gunicorn.conf.py'));
  const m = conf && /^wsgi_app = "([^"\\]*)"$/m.exec(conf.content);
  return m ? m[1] : undefined;
}

/** Fails when the source has the entry module's file but the excludes leave it out. */
async function checkEntryModule(
  root: string,
  entries: FileEntry[],
  entry: string,
  exclude: string[],
): Promise<void> {
  const module = entry.split(':')[0]!.trim();
  if (!/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(module)) return;
  const base = module.split('.').join('/');
  const shipped = new Set(entries.filter((e) => e.type !== 'dir').map((e) => e.path));
  for (const candidate of [`${base}.py`, `${base}/__init__.py`]) {
    const inSource = await lstat(join(root, candidate)).then(
      () => true,
      () => false,
    );
    if (inSource && !shipped.has(candidate))
      throw new KeelError(
        `input 'exclude': the patterns leave out ${candidate}, the app's entry point (${entry}); nothing was sent`,
        { field: 'exclude', hint: `patterns: ${exclude.map((p) => JSON.stringify(p)).join(', ')}` },
      );
  }
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

/**
 * Parses a release's manifest read from a host; undefined when it is missing or not keel's (damaged, edited,
 * from another tool), and the deploy then sends every file instead of trusting it.
 */
export function parseManifest(text: string | undefined): FileEntry[] | undefined {
  if (!text) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = releaseManifestSchema.safeParse(json);
  return parsed.success ? parsed.data.files : undefined;
}
