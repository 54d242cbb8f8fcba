/** The JSON manifest written beside each backup: what it is, how it was made and how it was verified. */
import { z } from 'zod';
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

/** A backup's file name: NAME-YYYYMMDDTHHMMSSZ.EXT (sortable, one per second). */
export function backupName(prefix: string, at: Date, ext: string): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${prefix}-${stamp}.${ext}`;
}

/** The newest verified backup, optionally only those named with `prefix`. */
export function newestVerified(manifests: Manifest[], prefix?: string): Manifest | undefined {
  return manifests
    .filter((m) => m.verification.ok && (!prefix || m.file.startsWith(`${prefix}-`)))
    .sort((a, b) => b.finished.localeCompare(a.finished))[0];
}
