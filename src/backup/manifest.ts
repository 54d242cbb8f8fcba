/** The JSON manifest written beside each backup: what it is, how it was made and how it was verified. */
import { z } from 'zod';
import { KeelError } from '../errors.js';
import { ENGINES } from './engines.js';

const schema = z.object({
  keel: z.literal(1),
  file: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/),
  engine: z.enum(ENGINES),
  database: z.string(),
  source: z.string(),
  serverVersion: z.string(),
  client: z.string(),
  format: z.string(),
  compression: z.enum(['zstd', 'gzip', 'none']),
  encryption: z.object({ kind: z.enum(['age', 'none']), recipients: z.array(z.string()) }),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  started: z.string(),
  finished: z.string(),
  verification: z.object({
    ok: z.boolean(),
    method: z.string(),
    detail: z.string(),
    restoreTest: z
      .object({ database: z.string(), tables: z.array(z.object({ table: z.string(), rows: z.number() })) })
      .optional(),
  }),
  run: z.string(),
});

export type Manifest = z.infer<typeof schema>;

export function parseManifest(text: string): Manifest | string {
  try {
    const r = schema.safeParse(JSON.parse(text));
    return r.success
      ? r.data
      : `not a keel backup manifest (${r.error.issues[0]?.path.join('.')}: ${r.error.issues[0]?.message})`;
  } catch {
    return 'not JSON';
  }
}

/** The time stamp in a backup's file name: UTC, to the second (sortable). */
const STAMP = /-\d{8}T\d{6}Z/;

/** The extensions keel writes (engines.ts `extension`, then `.age` when encrypted). */
const EXT = '(?:pgdump|pgdir\\.tar|sql|sqlite3|tar)(?:\\.zst|\\.gz)?(?:\\.age)?';
const FILE = new RegExp(`^([A-Za-z0-9][A-Za-z0-9_.-]*)-(\\d{8}T\\d{6}Z)\\.(${EXT})$`);

/** A backup's file name: NAME-YYYYMMDDTHHMMSSZ.EXT (sortable, one per second). */
export function backupName(name: string, at: Date, ext: string): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const file = `${name}-${stamp}.${ext}`;
  if (parseBackupName(file)?.name !== name)
    throw new KeelError(`${file} would not read back as a backup named ${name}`);
  return file;
}

/**
 * Reads a backup file name back strictly: NAME, stamp and one of keel's extensions, or undefined. NAME is
 * everything before the last `-STAMP.EXT`, so `shop-eu-20261201T000000Z.sql` is named `shop-eu`, never `shop`.
 */
export function parseBackupName(file: string): { name: string; stamp: string; ext: string } | undefined {
  const m = FILE.exec(file);
  return m ? { name: m[1]!, stamp: m[2]!, ext: m[3]! } : undefined;
}

/** Why a backup name cannot be used (it would be ambiguous in a file name), or undefined. */
export function nameProblem(name: string): string | undefined {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(name))
    return `${JSON.stringify(name)} is not a backup name (up to 64 letters, digits, ., _ and -, starting with a letter or digit)`;
  if (STAMP.test(name))
    return `${JSON.stringify(name)} contains a time stamp like the one keel adds (-YYYYMMDDTHHMMSSZ): a file name made from it would be ambiguous`;
  return undefined;
}

/** The manifests of backups named exactly `name` (all of them when name is undefined). */
export function named(manifests: Manifest[], name: string | undefined): Manifest[] {
  return manifests.filter((m) => {
    const p = parseBackupName(m.file);
    return p !== undefined && (name === undefined || p.name === name);
  });
}

/** The newest verified backup, optionally only those named exactly `name`. */
export function newestVerified(manifests: Manifest[], name?: string): Manifest | undefined {
  return named(manifests, name)
    .filter((m) => m.verification.ok)
    .sort((a, b) => b.finished.localeCompare(a.finished))[0];
}
