/**
 * manifest.json, the contract between render-config (which writes it) and ssh-deploy, reload-graceful and the
 * root action (which read it): one schema is the source of both types. `Manifest` (what render-config writes,
 * every field present) and `ManifestData` (what a reader gets: older manifests may lack what only describes
 * the render) are both inferred from it, and every read parses (never casts), so a damaged or hand-edited
 * directory is an input error naming the input and the file, never a crash, and a file that changed after
 * rendering (its sha256 no longer matches) is refused before any host is touched.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { fieldName } from '../appspec/load.js';

export const FILE_KINDS = [
  'gunicorn',
  'systemd-service',
  'systemd-socket',
  'systemd-process',
  'supervisor-program',
  'supervisor-exec',
  'nginx',
  'caddy',
  'logrotate',
  'certbot-hook',
  'sudoers',
  'alerts',
  'firewall',
] as const;
export type FileKind = (typeof FILE_KINDS)[number];
/** What ssh-deploy does after a file changes. */
export const ON_CHANGE = [
  'reload-app',
  'daemon-reload',
  'supervisor-update',
  'reload-nginx',
  'reload-caddy',
  'apply-firewall',
  'none',
] as const;
export type OnChange = (typeof ON_CHANGE)[number];
const UNIT = /^[A-Za-z0-9@_.:-]+\.(service|socket)$/;
/** A supervisor process of a group: `<program>:<program>_<n>`. */
const UNIT_OR_PROCESS = /^[A-Za-z0-9@_.:-]+\.service$|^[A-Za-z0-9_.-]{1,64}:[A-Za-z0-9_.-]{1,64}_[0-9]{1,2}$/;
/** A path inside the rendered directory: relative, no `..`, no empty or hidden parts. */
const INSIDE = /^(?!.*(?:^|\/)\.\.?(?:\/|$))[A-Za-z0-9._@+-]+(?:\/[A-Za-z0-9._@+-]+)*$/;
const ABSOLUTE = /^\/(?!.*(?:^|\/)\.\.?(?:\/|$))[A-Za-z0-9._/@+-]+$/;
const ACCOUNT = /^[a-z_][a-z0-9_-]{0,31}$/;

const entryShape = {
  name: z.string().regex(INSIDE, 'must be a path inside the rendered directory'),
  kind: z.enum(FILE_KINDS),
  install: z.string().min(1),
  scope: z.enum(['host', 'release']),
  owner: z.string().regex(ACCOUNT, 'must be a user name'),
  group: z.string().regex(ACCOUNT, 'must be a group name'),
  mode: z.string().regex(/^0[0-7]{3}$/, 'must be an octal mode like 0644'),
  onChange: z.enum(ON_CHANGE),
  /** Checked against the file when present (render-config always writes it). */
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'must be a sha256 in hex')
    .optional(),
  bytes: z.number().int().min(0).optional(),
};

function installInside(f: { scope: 'host' | 'release'; install: string }, ctx: z.RefinementCtx): void {
  const ok = f.scope === 'host' ? ABSOLUTE.test(f.install) : INSIDE.test(f.install);
  if (!ok)
    ctx.addIssue({
      code: 'custom',
      path: ['install'],
      message:
        f.scope === 'host'
          ? 'must be an absolute path without ..'
          : 'must be a path inside the release without ..',
    });
}

export const manifestEntrySchema = z.object(entryShape).superRefine(installInside);

/** What ssh-deploy relies on is required; what only describes the render is checked when present. */
const VERSION = /^\d+(\.\d+)*$/;

const manifestShape = {
  keel: z.literal(1).optional(),
  app: z.string().min(1).optional(),
  proxy: z.enum(['nginx', 'caddy']).optional(),
  /** supervisor runs the app and its processes (absent: systemd). */
  processManager: z.literal('supervisor').optional(),
  service: z.string().regex(UNIT, 'must be a .service unit name').optional(),
  socket: z.string().regex(UNIT, 'must be a .socket unit name').nullable().optional(),
  /** The proxy software the files were rendered for (proxy.versions): hosts running newer get a warning. */
  versions: z
    .object({
      nginx: z.string().regex(VERSION),
      openssl: z.string().regex(VERSION),
      caddy: z.string().regex(VERSION),
    })
    .partial()
    .optional(),
  /** What the watch after the switch reads (Nginx and Caddy sites): the access log, the route table, the thresholds. */
  watch: z
    .object({
      log: z.string().regex(ABSOLUTE),
      routes: z.array(z.tuple([z.string().max(1000), z.boolean(), z.boolean()])).max(1000),
      health: z.array(z.string().max(1000)).max(10),
      thresholds: z.object({ ratio: z.number().min(0).max(1), p95: z.number().positive() }),
    })
    .optional(),
  /** The processes beside the app (absent in manifests from before processes: none). */
  processes: z
    .array(
      z
        .object({
          name: z.string().regex(/^[a-z][a-z0-9-]{0,30}[a-z0-9]$/, 'must be a process name'),
          units: z
            .array(z.string().regex(UNIT_OR_PROCESS, 'must be a .service unit or supervisor process name'))
            .min(1)
            .max(32),
          stopTimeout: z.number().int().min(1).max(3600),
          singleton: z.boolean(),
          /** The spec's singleton-host (absent: the first of the hosts list). */
          singletonHost: z
            .string()
            .min(1)
            .max(253)
            .regex(/^[A-Za-z0-9.:-]+$/, 'must be a host')
            .optional(),
          /** supervisor: the program (its group) the processes belong to. */
          program: z
            .string()
            .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be a supervisor program name')
            .optional(),
        })
        .strict(),
    )
    .default([]),
  /** The host firewall (absent: keel leaves it alone). */
  firewall: z
    .object({
      script: z
        .string()
        .regex(
          /^\/usr\/local\/sbin\/keel-[a-z][a-z0-9-]{0,30}[a-z0-9]-firewall$/,
          "must be keel's firewall script",
        ),
      sshPort: z.number().int().min(1).max(65535),
      revertAfter: z.number().int().min(15).max(600),
      rules: z
        .array(
          z
            .object({
              port: z.number().int().min(1).max(65535),
              proto: z.enum(['tcp', 'udp']),
              from: z.array(z.string().regex(/^[0-9a-f.:/]{2,43}$/, 'must be a network')).max(64),
            })
            .strict(),
        )
        .min(1)
        .max(257),
    })
    .strict()
    .optional(),
  files: z.array(manifestEntrySchema),
};

/** What a reader accepts (manifests from older keels lack what only describes the render). */
export const manifestSchema = z.object(manifestShape);

/** What render-config writes: the same schema with everything it always writes required. */
export const writtenManifestSchema = z.object({
  ...manifestShape,
  keel: z.literal(1),
  app: z.string().min(1),
  proxy: manifestShape.proxy.unwrap(),
  service: manifestShape.service.unwrap(),
  socket: manifestShape.socket.unwrap(),
  versions: z.object({
    nginx: z.string().regex(VERSION),
    openssl: z.string().regex(VERSION),
    caddy: z.string().regex(VERSION),
  }),
  files: z.array(
    z
      .object({ ...entryShape, sha256: entryShape.sha256.unwrap(), bytes: entryShape.bytes.unwrap() })
      .superRefine(installInside),
  ),
});

/** The manifest as a reader gets it. */
export type ManifestData = z.output<typeof manifestSchema>;
/** The manifest as render-config writes it. */
export type Manifest = z.output<typeof writtenManifestSchema>;
export type ManifestEntry = Manifest['files'][number];

export interface RenderedDir {
  manifest: ManifestData;
  /** The text of a file of the manifest (checked against its sha256 when the directory was read). */
  content(name: string): string;
}

/**
 * Reads and checks render-config's output directory. `dir` is the absolute path, `shown` how the user gave
 * it, `field` the input that named it. Throws an InputError naming that input and the file.
 */
export function readRenderedDir(dir: string, shown: string, field = 'rendered-dir'): RenderedDir {
  const file = `${shown.replace(/\/+$/, '')}/manifest.json`;
  const fail = (message: string, about = `${file}:`): never => {
    throw new InputError([{ field, message: `${about} ${message}` }]);
  };
  let text = '';
  try {
    text = readFileSync(join(dir, 'manifest.json'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      fail("has no manifest.json (give render-config's dir output)", shown);
    fail(`cannot be read (${(error as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    fail(`is not valid JSON (${(error as Error).message}); render it again with render-config`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${fieldName(i.path) || '(top)'}: ${i.message}`)
      .join('; ');
    fail(`is not a render-config manifest (${issues}); render it again with render-config`);
  }
  const manifest = parsed.data!;
  const texts = new Map<string, string>();
  for (const f of manifest.files) {
    let body: string;
    try {
      body = readFileSync(join(dir, f.name), 'utf8');
    } catch {
      return fail(`lists ${f.name}, which is missing from the directory`);
    }
    if (f.sha256 && createHash('sha256').update(body).digest('hex') !== f.sha256)
      fail(`${f.name} changed after it was rendered (its sha256 differs); render it again`);
    texts.set(f.name, body);
  }
  return {
    manifest,
    content: (name) => {
      const t = texts.get(name);
      if (t === undefined) throw new Error(`${name} is not in ${file}`);
      return t;
    },
  };
}
