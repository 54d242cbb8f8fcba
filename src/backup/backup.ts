/**
 * backup-db's three modes as library calls: backup (dump → verify → commit → retention), restore, and the
 * freshness check. They take a Shell (where the database is reached) and a Store (where backups live) and
 * return typed results; nothing here knows about the runner.
 */
import { KeelError, errorMessage } from '../errors.js';
import type { Logger } from '../log.js';
import {
  type DumpOptions,
  type Target,
  credentialLine,
  dropScript,
  dumpScript,
  extension,
  restoreScript,
  rowCountScript,
} from './engines.js';
import { type Manifest, backupName, named, newestVerified } from './manifest.js';
import { type Decision, type Policy, plan } from './retention.js';
import { type Shell, decrypt, failure, runScript, streamDump } from './stream.js';
import { type Store, partialName } from './store.js';

export type PruneMode = 'auto' | 'dry-run' | 'apply' | 'off';
export type Rows = { table: string; rows: number }[];

export interface BackupOptions {
  target: Target;
  password: string | undefined;
  dump: DumpOptions;
  /** File name prefix. */
  name: string;
  recipients: string[];
  identities: string[];
  /** `restore`: also restore into `scratch` and count rows. */
  verify: 'read' | 'restore';
  scratch: string;
  policy: Policy;
  prune: PruneMode;
  run: string;
}

export interface RetentionResult {
  mode: 'dry-run' | 'apply' | 'off';
  why: string;
  decisions: Decision[];
  deleted: string[];
}

export interface BackupResult {
  ok: boolean;
  error?: string;
  manifest?: Manifest;
  /** The file's path in the store. */
  path?: string;
  restoreTest?: { database: string; rows: Rows; source: Rows };
  retention?: RetentionResult;
  warnings: string[];
  /** This backup and the earlier ones of the same name in the store (before retention), oldest first. */
  history?: Manifest[];
}

const mib = (b: number) => `${(b / 1048576).toFixed(1)} MiB`;

export async function backup(
  shell: Shell,
  store: Store,
  o: BackupOptions,
  log: Logger,
): Promise<BackupResult> {
  const warnings: string[] = [];
  const listed = await store.list();
  for (const p of listed.problems) warnings.push(`${store.where}: ${p} (ignored)`);
  const previous = named(listed.manifests, o.name);
  const started = new Date();
  const encrypted = o.recipients.length > 0;
  const file = backupName(o.name, started, extension(o.target, o.dump) + (encrypted ? '.age' : ''));
  const tmp = partialName(file);
  const credentials = credentialLine(o.target.engine, o.password);
  log.info(`dumping ${o.target.engine} ${o.target.database} on ${shell.where} into ${store.where}/${file}`);
  const t0 = Date.now();
  const upload = await store.create(tmp);
  const s = await streamDump(shell, dumpScript(o.target, o.dump), credentials, upload, {
    recipients: o.recipients,
    progress: (b) => log.info(`  ${mib(b)} so far (${mib(b / ((Date.now() - t0) / 1000))}/s)`),
  });
  let error: string | undefined;
  try {
    await upload.finished();
  } catch (e) {
    error = errorMessage(e); // the writer's own reason (e.g. no space left) says more than a broken stream
  }
  error ??= s.streamError
    ? `the stream to ${store.where} failed: ${s.streamError}`
    : failure(s.report, 'the dump');
  if (!error && s.bytes === 0) error = 'the backup is empty (0 bytes)';
  if (!error) {
    const stored = await store.sha256(tmp);
    if (stored !== s.sha256)
      error = `the stored file's sha256 ${stored} differs from the streamed ${s.sha256}: the copy is damaged`;
  }
  log.info(
    `${mib(s.bytes)} in ${((Date.now() - t0) / 1000).toFixed(1)} s, sha256 ${s.sha256}; read back: ${s.report.facts.verify ?? '-'}`,
  );
  let restoreTest: BackupResult['restoreTest'];
  if (!error && o.verify === 'restore') {
    const scratch: Target = { ...o.target, database: o.scratch };
    try {
      const data = await store.open(tmp);
      const r = await runScript(
        shell,
        restoreScript(scratch, {
          format: o.dump.format,
          compression: o.dump.compression,
          overwrite: true,
          jobs: o.dump.jobs,
        }),
        credentials,
        encrypted ? await decrypt(data, o.identities) : data,
      );
      error = failure(r, `the restore test into ${o.scratch}`);
      if (!error) {
        const src = await runScript(shell, rowCountScript(o.target), credentials);
        restoreTest = { database: o.scratch, rows: r.rows, source: src.rows };
        const differ = r.rows.filter((x) => src.rows.find((y) => y.table === x.table)?.rows !== x.rows);
        if (differ.length)
          warnings.push(
            `row counts differ from the live database for ${differ.map((d) => d.table).join(', ')} (it changed since the dump, or the restore lost rows)`,
          );
      }
    } catch (e) {
      error = `the restore test failed: ${errorMessage(e)}`;
    } finally {
      await runScript(shell, dropScript(scratch), credentials).catch(() => undefined);
    }
  }
  if (error) {
    await store.remove(tmp).catch(() => undefined);
    return { ok: false, error, warnings };
  }
  const manifest: Manifest = {
    keel: 1,
    file,
    engine: o.target.engine,
    database: o.target.database,
    source: shell.where,
    serverVersion: s.report.facts['server-version'] ?? '',
    client: s.report.facts.client ?? '',
    format:
      o.target.engine === 'postgres'
        ? o.dump.format
        : extension(o.target, { ...o.dump, compression: 'none' }),
    compression: o.dump.compression,
    encryption: { kind: encrypted ? 'age' : 'none', recipients: o.recipients },
    size: s.bytes,
    sha256: s.sha256,
    started: started.toISOString(),
    finished: new Date().toISOString(),
    verification: {
      ok: true,
      method:
        o.verify === 'restore' ? 'read end to end, checksum, restore test' : 'read end to end, checksum',
      detail:
        `read back: ${s.report.facts.verify ?? ''}${s.report.facts.tables ? `; tables: ${s.report.facts.tables}` : ''}`.trim(),
      ...(restoreTest ? { restoreTest: { database: restoreTest.database, tables: restoreTest.rows } } : {}),
    },
    run: o.run,
  };
  try {
    await store.commit(tmp, manifest);
  } catch (e) {
    // e.g. no space left for the manifest: a backup without its manifest is never one that counts.
    await store.remove(tmp).catch(() => undefined);
    await store.remove(file).catch(() => undefined);
    await store.remove(partialName(`${file}.json`)).catch(() => undefined);
    return { ok: false, error: `committing ${file} failed: ${errorMessage(e)}`, warnings };
  }
  const retention = await prune(store, [...previous, manifest], file, o, previous.length === 0, log);
  return {
    ok: true,
    manifest,
    path: `${store.dir}/${file}`,
    warnings,
    ...(restoreTest ? { restoreTest } : {}),
    retention,
    history: [...previous, manifest],
  };
}

/** Retention over the backups named exactly `o.name`; `current`, the backup this run just verified, stays. */
async function prune(
  store: Store,
  all: Manifest[],
  current: string,
  o: BackupOptions,
  first: boolean,
  log: Logger,
): Promise<RetentionResult> {
  const decisions = plan(
    all.map((m) => ({ id: m.file, time: new Date(m.finished), verified: m.verification.ok })),
    o.policy,
    current,
  );
  if (o.prune === 'off') return { mode: 'off', why: 'prune: off', decisions, deleted: [] };
  const dry = o.prune === 'dry-run' || (o.prune === 'auto' && first);
  const why =
    o.prune === 'dry-run'
      ? 'prune: dry-run'
      : dry
        ? `first backup named ${o.name} in ${store.where}: dry run (nothing deleted); later runs delete`
        : `prune: ${o.prune}`;
  const deleted: string[] = [];
  for (const d of decisions.filter((x) => !x.keep)) {
    if (dry) log.info(`would delete ${d.id} (${d.reasons.join(', ')})`);
    else {
      await store.remove(d.id);
      deleted.push(d.id);
      log.info(`deleted ${d.id} (${d.reasons.join(', ')})`);
    }
  }
  return { mode: dry ? 'dry-run' : 'apply', why, decisions, deleted };
}

export interface RestoreOptions {
  target: Target;
  password: string | undefined;
  /** A backup file name, or undefined for the newest verified one (named `name`-...). */
  file: string | undefined;
  name: string;
  identities: string[];
  overwrite: boolean;
  jobs: number;
}

export interface RestoreResult {
  ok: boolean;
  error?: string;
  manifest?: Manifest;
  rows: Rows;
}

export async function restore(
  shell: Shell,
  store: Store,
  o: RestoreOptions,
  log: Logger,
): Promise<RestoreResult> {
  const { manifests } = await store.list();
  const m = o.file ? manifests.find((x) => x.file === o.file) : newestVerified(manifests, o.name);
  if (!m)
    return {
      ok: false,
      rows: [],
      error: o.file
        ? `${store.where} has no backup ${o.file} with a manifest`
        : `${store.where} has no verified backup named ${o.name} (${o.name}-YYYYMMDDTHHMMSSZ.*)`,
    };
  if (m.engine !== o.target.engine)
    return {
      ok: false,
      rows: [],
      manifest: m,
      error: `${m.file} is a ${m.engine} backup, not ${o.target.engine}`,
    };
  if (m.encryption.kind === 'age' && o.identities.length === 0)
    throw new KeelError(`${m.file} is encrypted with age: give the identity in 'age-identity'`, {
      field: 'age-identity',
    });
  const sum = await store.sha256(m.file);
  if (sum !== m.sha256)
    return {
      ok: false,
      rows: [],
      manifest: m,
      error: `${m.file}: sha256 ${sum} does not match its manifest (${m.sha256}): the file is damaged; nothing was restored`,
    };
  log.info(`${m.file}: sha256 matches its manifest; restoring into ${o.target.database} on ${shell.where}`);
  const data = await store.open(m.file);
  const r = await runScript(
    shell,
    restoreScript(o.target, {
      format: m.format === 'directory' ? 'directory' : 'custom',
      compression: m.compression,
      overwrite: o.overwrite,
      jobs: o.jobs,
    }),
    credentialLine(o.target.engine, o.password),
    m.encryption.kind === 'age' ? await decrypt(data, o.identities) : data,
  );
  const error = failure(r, `restoring ${m.file}`);
  return { ok: !error, manifest: m, rows: r.rows, ...(error ? { error } : {}) };
}

export interface CheckResult {
  ok: boolean;
  newest?: Manifest;
  ageMs?: number;
  error?: string;
}

export async function checkFreshness(
  store: Store,
  name: string | undefined,
  maxAgeMs: number,
  now = new Date(),
): Promise<CheckResult> {
  const { manifests } = await store.list();
  const newest = newestVerified(manifests, name);
  if (!newest)
    return {
      ok: false,
      error: `${store.where} has no verified backup${name ? ` named ${name} (${name}-YYYYMMDDTHHMMSSZ.*)` : ''}`,
    };
  const ageMs = now.getTime() - new Date(newest.finished).getTime();
  const h = (ms: number) => `${(ms / 3_600_000).toFixed(1)} h`;
  return ageMs > maxAgeMs
    ? {
        ok: false,
        newest,
        ageMs,
        error: `the newest verified backup ${newest.file} is ${h(ageMs)} old (more than ${h(maxAgeMs)})`,
      }
    : { ok: true, newest, ageMs };
}
