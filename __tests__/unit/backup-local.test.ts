/**
 * backup-db's library on the runner itself (the "from the runner" case): real sqlite3, tar, zstd, gzip and
 * age, through the same scripts the hosts run. PostgreSQL and MariaDB over SSH are in the host tests.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import { type BackupOptions, backup, checkFreshness, restore } from '../../src/backup/backup.js';
import { parseTarget } from '../../src/backup/engines.js';
import { localShell } from '../../src/backup/stream.js';
import { localStore } from '../../src/backup/store.js';
import { memoryLogger } from '../../src/report/log.js';

const sqlite = (db: string, sql: string) => execFileSync('sqlite3', [db, sql], { encoding: 'utf8' });

describe('backup-db on the runner', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'keel-backup-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const options = (db: string, more: Partial<BackupOptions> = {}): BackupOptions => ({
    target: parseTarget('sqlite', db) as never,
    password: undefined,
    dump: { format: 'custom', jobs: 1, compression: 'zstd' },
    name: 'app',
    recipients: [],
    identities: [],
    verify: 'read',
    scratch: join(dir, 'scratch.sqlite3'),
    policy: { keepLast: 2, daily: 0, weekly: 0, monthly: 0, yearly: 0, minKeep: 1 },
    prune: 'auto',
    run: 'test',
    ...more,
  });

  it('SQLite: an online backup, verified, age-encrypted, decryptable by the age tool, restorable', async () => {
    const db = join(dir, 'app.sqlite3');
    sqlite(db, 'create table t(x); insert into t values (1),(2),(3); create table u(y);');
    const identity = await generateIdentity();
    const recipient = await identityToRecipient(identity);
    const store = localStore(join(dir, 'store'));
    const log = memoryLogger();
    const r = await backup(
      localShell(),
      store,
      options(db, { recipients: [recipient], identities: [identity], verify: 'restore' }),
      log,
    );
    expect(r.error).toBeUndefined();
    expect(r.ok).toBe(true);
    expect(r.manifest).toMatchObject({ engine: 'sqlite', compression: 'zstd', encryption: { kind: 'age' } });
    expect(r.restoreTest?.rows).toEqual([
      { table: 't', rows: 3 },
      { table: 'u', rows: 0 },
    ]);
    const file = join(dir, 'store', r.manifest!.file);
    expect(readdirSync(join(dir, 'store')).sort()).toEqual([r.manifest!.file, `${r.manifest!.file}.json`]);
    const sum = execFileSync('sha256sum', [file], { encoding: 'utf8' }).split(' ')[0];
    expect(sum).toBe(r.manifest!.sha256);
    // The standard age tool decrypts it, and zstd + sqlite3 read the result.
    writeFileSync(join(dir, 'id.txt'), identity + '\n');
    execFileSync('bash', ['-c', `age -d -i ${dir}/id.txt ${file} | zstd -d -c > ${dir}/plain.sqlite3`]);
    expect(sqlite(join(dir, 'plain.sqlite3'), 'select count(*) from t').trim()).toBe('3');
    // Restore refuses a non-empty database, then overwrites when told.
    const restoreOptions = {
      target: parseTarget('sqlite', join(dir, 'restored.sqlite3')) as never,
      password: undefined,
      file: undefined,
      name: 'app',
      identities: [identity],
      overwrite: false,
      jobs: 1,
    };
    const first = await restore(localShell(), store, restoreOptions, log);
    expect(first).toMatchObject({
      ok: true,
      rows: [
        { table: 't', rows: 3 },
        { table: 'u', rows: 0 },
      ],
    });
    const again = await restore(localShell(), store, restoreOptions, log);
    expect(again.ok).toBe(false);
    expect(again.error).toMatch(/exists and is not empty: give overwrite: true/);
    expect((await restore(localShell(), store, { ...restoreOptions, overwrite: true }, log)).ok).toBe(true);
    // Freshness.
    expect((await checkFreshness(store, 'app', 3_600_000)).ok).toBe(true);
    const stale = await checkFreshness(store, 'app', 3_600_000, new Date(Date.now() + 7_200_000));
    expect(stale.error).toMatch(/is 2\.0 h old \(more than 1\.0 h\)/);
  });

  it('a missing database is a failed backup and leaves no file behind', async () => {
    const store = localStore(join(dir, 'store'));
    const r = await backup(localShell(), store, options(join(dir, 'nope.sqlite3')), memoryLogger());
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(/nope\.sqlite3 is not a file/);
    expect(readdirSync(join(dir, 'store'))).toEqual([]);
  });

  it('files mode with gzip; a planted corrupt file is refused by restore', async () => {
    const src = join(dir, 'media');
    execFileSync('bash', ['-c', `mkdir -p ${src}/a && echo one > ${src}/a/1.txt && echo two > ${src}/2.txt`]);
    const store = localStore(join(dir, 'store'));
    const r = await backup(
      localShell(),
      store,
      {
        ...options(src),
        target: parseTarget('files', src) as never,
        dump: { format: 'custom', jobs: 1, compression: 'gzip' },
      },
      memoryLogger(),
    );
    expect(r.error).toBeUndefined();
    expect(r.manifest!.file).toMatch(/^app-\d{8}T\d{6}Z\.tar\.gz$/);
    const file = join(dir, 'store', r.manifest!.file);
    const bytes = readFileSync(file);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 20) ^ 0xff, bytes.length - 20);
    writeFileSync(file, bytes);
    const out = join(dir, 'out');
    const res = await restore(
      localShell(),
      store,
      {
        target: parseTarget('files', out) as never,
        password: undefined,
        file: r.manifest!.file,
        name: 'app',
        identities: [],
        overwrite: false,
        jobs: 1,
      },
      memoryLogger(),
    );
    expect(res.ok).toBe(false);
    expect(res.error).toMatch(/does not match its manifest .* nothing was restored/);
  });
});
