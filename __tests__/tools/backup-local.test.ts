/**
 * backup-db's library on the runner itself (the "from the runner" case): real sqlite3, tar, zstd, gzip and
 * age, through the same scripts the hosts run. PostgreSQL and MariaDB over SSH are in the host tests.
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import {
  type BackupOptions,
  type RestoreOptions,
  backup,
  checkFreshness,
  restore,
} from '../../src/backup/backup.js';
import { parseTarget } from '../../src/backup/engines.js';
import { type Manifest, nameProblem, parseBackupName } from '../../src/backup/manifest.js';
import { sqliteIdent, sqliteLiteral } from '../../src/backup/sql.js';
import { localShell } from '../../src/backup/stream.js';
import { localStore } from '../../src/backup/store.js';
import { memoryLogger } from '../../src/log.js';
import { runStep } from '../../src/runner/runner.js';
import { actionDir } from '../support/paths.js';
import { watchSecrets } from '../support/proc.js';

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
  /** Restore options: into the SQLite file `into`, the newest verified backup named `name`. */
  const restoreInto = (into: string, name = 'app'): RestoreOptions => ({
    target: parseTarget('sqlite', into) as never,
    password: undefined,
    file: undefined,
    name,
    identities: [],
    overwrite: false,
    jobs: 1,
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

  it('SQLite: hostile table names are only names: verify: restore and restore count them right, run nothing', async () => {
    const db = join(dir, 'app.sqlite3');
    const attached = join(dir, 'attached.db');
    const names = [
      `users"; ATTACH DATABASE '${attached}' AS p; CREATE TABLE p.t(a); --`,
      'innocent\n(select 1) t; drop table victim; --',
      "it's `odd` $x %s {} ;",
      'cr\r\nlf',
      'keel-status dump=1',
      'ünï 表',
    ];
    // Each statement as an argument (the sqlite3 shell reading stdin would drop the \r).
    execFileSync('sqlite3', [
      '-bail',
      db,
      'create table victim(x); insert into victim values (1);',
      ...names.map(
        (n, i) =>
          `create table ${sqliteIdent(n)}(v); insert into ${sqliteIdent(n)} select ${sqliteLiteral(n)} from (select 1 union select 2 union select 3) limit ${i + 1};`,
      ),
    ]);
    const before = sqlite(db, 'select hex(name) from sqlite_master order by name');
    const expected = [...names, 'victim']
      .map((n) => ({ table: n, rows: n === 'victim' ? 1 : Math.min(3, names.indexOf(n) + 1) }))
      .sort((a, b) => Buffer.from(a.table).compare(Buffer.from(b.table)));
    const store = localStore(join(dir, 'store'));
    const r = await backup(localShell(), store, options(db, { verify: 'restore' }), memoryLogger());
    expect(r.error).toBeUndefined();
    expect(r.restoreTest?.rows).toEqual(expected);
    expect(r.restoreTest?.source).toEqual(expected);
    expect(r.warnings).toEqual([]);
    const res = await restore(
      localShell(),
      store,
      restoreInto(join(dir, 'restored.sqlite3')),
      memoryLogger(),
    );
    expect(res.error).toBeUndefined();
    expect(res.rows).toEqual(expected);
    expect(existsSync(attached)).toBe(false);
    expect(sqlite(db, 'select hex(name) from sqlite_master order by name')).toBe(before);
    expect(sqlite(db, 'select count(*) from victim').trim()).toBe('1');
  });

  it('backup names are exact: shop never matches shop-eu-...; check, restore and retention for shop leave shop-eu alone', async () => {
    const storeDir = join(dir, 'store');
    const store = localStore(storeDir);
    const log = memoryLogger();
    const make = (name: string, rows: number) => {
      const db = join(dir, `${name}.sqlite3`);
      sqlite(db, `create table ${name.replace('-', '_')}(x); ${'insert into t0 values (1);'.repeat(0)}`);
      for (let i = 0; i < rows; i++) sqlite(db, `insert into ${name.replace('-', '_')} values (${i})`);
      return db;
    };
    const shopDb = make('shop', 1);
    const euDb = make('shop-eu', 2);
    const policy = { keepLast: 1, daily: 0, weekly: 0, monthly: 0, yearly: 0, minKeep: 1 };
    /** A copy of a backup under another time stamp: a valid backup (its manifest names it; sha256 matches). */
    const clone = (from: string, m: Manifest, stamp: string) => {
      const file = m.file.replace(/-\d{8}T\d{6}Z\./, `-${stamp}.`);
      copyFileSync(join(from, m.file), join(storeDir, file));
      const iso = `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}.000Z`;
      writeFileSync(
        join(storeDir, `${file}.json`),
        JSON.stringify({ ...m, file, started: iso, finished: iso }),
      );
      return file;
    };
    const eu = await backup(
      localShell(),
      store,
      options(euDb, { name: 'shop-eu', policy, prune: 'apply' }),
      log,
    );
    expect(eu.error).toBeUndefined();
    const euFuture = clone(storeDir, eu.manifest!, '20990101T000000Z');
    const euOld = clone(storeDir, eu.manifest!, '20200101T000000Z');
    // An older backup of shop, made elsewhere and copied in.
    const elsewhere = localStore(join(dir, 'elsewhere'));
    const s0 = await backup(localShell(), elsewhere, options(shopDb, { name: 'shop' }), log);
    const shopOld = clone(join(dir, 'elsewhere'), s0.manifest!, '20200102T000000Z');
    // And one dated in the future (a skewed clock): the "newest", but never at the cost of this run's backup.
    const shopFuture = clone(join(dir, 'elsewhere'), s0.manifest!, '20980101T000000Z');
    // A manifest that speaks for another file than its own name is not listed.
    writeFileSync(
      join(storeDir, 'shop-20210101T000000Z.sqlite3.zst.json'),
      JSON.stringify({ ...eu.manifest!, finished: '2100-01-01T00:00:00.000Z' }),
    );
    const euFiles = readdirSync(storeDir).filter((f) => f.startsWith('shop-eu-'));
    expect(euFiles).toHaveLength(6);

    const s = await backup(
      localShell(),
      store,
      options(shopDb, { name: 'shop', policy, prune: 'apply' }),
      log,
    );
    expect(s.error).toBeUndefined();
    expect(s.warnings.join('\n')).toMatch(/shop-20210101T000000Z\.sqlite3\.zst\.json: describes shop-eu-/);
    expect(s.retention?.deleted).toEqual([shopOld]);
    expect(s.retention?.decisions.map((d) => [d.id, d.keep, d.reasons[0]])).toEqual([
      [shopFuture, true, 'newest verified'],
      [s.manifest!.file, true, "this run's backup"],
      [shopOld, false, 'no rule keeps it'],
    ]);
    expect(readdirSync(storeDir).filter((f) => f.startsWith('shop-eu-'))).toEqual(euFiles);
    expect(euFiles).toEqual(expect.arrayContaining([euFuture, euOld, eu.manifest!.file]));

    const check = await checkFreshness(store, 'shop', 3_600_000);
    expect(check.newest?.file).toBe(shopFuture);
    expect((await checkFreshness(store, 'shop-eu', 3_600_000)).newest?.file).toBe(euFuture);
    const res = await restore(localShell(), store, restoreInto(join(dir, 'restored.sqlite3'), 'shop'), log);
    expect(res.manifest?.file).toBe(shopFuture);
    expect(res.rows).toEqual([{ table: 'shop', rows: 1 }]);
    // Nothing named shop at all: shop-eu's backups are not shop's.
    for (const f of [s.manifest!.file, shopFuture]) {
      rmSync(join(storeDir, f));
      rmSync(join(storeDir, `${f}.json`));
    }
    expect((await checkFreshness(store, 'shop', 3_600_000)).error).toMatch(
      /has no verified backup named shop \(/,
    );
  });

  it('backup file names read back strictly; names that would be ambiguous are refused', () => {
    expect(parseBackupName('shop-eu-20261201T000000Z.sql.zst')).toEqual({
      name: 'shop-eu',
      stamp: '20261201T000000Z',
      ext: 'sql.zst',
    });
    expect(parseBackupName('shop-20261201T000000Z.pgdir.tar.gz.age')?.name).toBe('shop');
    expect(parseBackupName('a-20260101T000000Z.b-20270101T000000Z.sql')?.name).toBe('a-20260101T000000Z.b');
    for (const bad of [
      'shop.sql',
      'shop-2026-12-01.sql',
      'shop-20261201T000000Z.exe',
      '.shop-20261201T000000Z.sql',
      'shop-20261201T000000Z.sql.json',
    ])
      expect(parseBackupName(bad)).toBeUndefined();
    expect(nameProblem('shop-eu')).toBeUndefined();
    expect(nameProblem('shop-20261201T000000Z')).toMatch(/time stamp .* ambiguous/);
    expect(nameProblem('-shop')).toMatch(/not a backup name/);
  });

  it('runner-local (the built action, as the runner runs it): no child process (bash, the dump tools) has the password or the age identity in its environment or argv', async () => {
    const password = `pw-${Date.now()}-Secret'"$`;
    const identity = `AGE-SECRET-KEY-1TESTTESTTEST${Date.now()}`;
    // Slow the dump down (tar waits a second first) so the scan sees the pipeline running.
    const shim = join(dir, 'shim');
    mkdirSync(shim);
    writeFileSync(
      join(shim, 'tar'),
      `#!/bin/bash\nsleep 1\nexec ${execFileSync('bash', ['-c', 'command -v tar'], { encoding: 'utf8' }).trim()} "$@"\n`,
    );
    chmodSync(join(shim, 'tar'), 0o755);
    const src = join(dir, 'media');
    mkdirSync(src);
    writeFileSync(join(src, 'a.txt'), 'a');
    const watch = watchSecrets([password, identity]);
    let r: Awaited<ReturnType<typeof runStep>>;
    let found: { seen: string[]; holders: string[] };
    try {
      // The runner hands each input to the action as INPUT_* in its environment.
      r = await runStep({
        actionDir: actionDir('backup-db'),
        workspace: dir,
        timeoutMs: 60_000,
        env: { PATH: `${shim}:${process.env.PATH}` },
        with: {
          engine: 'files',
          database: src,
          'database-password': password,
          'age-recipients': await identityToRecipient(await generateIdentity()),
          'age-identity': identity,
          verify: 'read',
        },
      });
    } finally {
      found = await watch.stop();
    }
    const { seen, holders } = found;
    expect(r.annotations.filter((a) => a.level === 'error')).toEqual([]);
    expect(r.outputs.status).toBe('success');
    expect(seen).toEqual(expect.arrayContaining(['node', 'bash', 'sleep', 'tee', 'zstd']));
    // Only the action itself holds them (as on GitHub): the scan does see a secret where there is one.
    expect(holders).toEqual(['node']);
  });

  it.each([
    [{ name: 'shop-20261201T000000Z' }, 'input \'name\': "shop-20261201T000000Z" contains a time stamp'],
    [
      { verify: 'restore', 'scratch-database': 'x"; drop table victim; --' },
      'input \'scratch-database\': "x\\"; drop table victim; --" is not a database name or URL',
    ],
    [{ database: '-eshutdown' }, 'input \'database\': "-eshutdown" is not a database name or URL'],
  ])('%j is refused with an error naming the input, before anything runs', async (more, message) => {
    const r = await runStep({
      actionDir: actionDir('backup-db'),
      workspace: dir,
      timeoutMs: 30_000,
      with: { engine: 'postgres', database: 'shop', ...more },
    });
    expect(r.outputs.status).toBeUndefined();
    expect(r.annotations.filter((a) => a.level === 'error').map((a) => a.message)).toEqual([
      expect.stringContaining(message),
    ]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a truncated MariaDB dump (even one with a trailer-like line inside) is a failed backup; retention does not run and the good backup stays', async () => {
    // Stand-ins for the client tools that print a given dump and exit 0, as a dump cut short by a tool that
    // does not notice would.
    const shim = join(dir, 'shim');
    mkdirSync(shim);
    const fixture = join(dir, 'dump.sql');
    writeFileSync(join(shim, 'mariadb'), '#!/bin/bash\necho 10.11.0-MariaDB-stand-in\n');
    writeFileSync(
      join(shim, 'mariadb-dump'),
      `#!/bin/bash\nif [ "$1" = --version ]; then echo "mariadb-dump stand-in"; exit 0; fi\ncat ${fixture}\n`,
    );
    for (const f of ['mariadb', 'mariadb-dump']) chmodSync(join(shim, f), 0o755);
    const path = process.env.PATH;
    process.env.PATH = `${shim}:${path}`;
    const head = "-- MariaDB dump\nCREATE TABLE `t` (\n  `x` int\n) COMMENT='\n";
    const store = localStore(join(dir, 'store'));
    const mysql = (more: Partial<BackupOptions> = {}) =>
      options('/unused', {
        target: parseTarget('mysql', 'shop') as never,
        policy: { keepLast: 1, daily: 0, weekly: 0, monthly: 0, yearly: 0, minKeep: 1 },
        prune: 'apply',
        ...more,
      });
    try {
      writeFileSync(
        fixture,
        `${head}';\nINSERT INTO \`t\` VALUES (1);\n\n-- Dump completed on 2026-12-01 10:00:00\n`,
      );
      const good = await backup(localShell(), store, mysql(), memoryLogger());
      expect(good.error).toBeUndefined();
      expect(good.manifest!.verification.detail).toBe('read back: 1');
      const kept = readdirSync(join(dir, 'store')).sort();
      expect(kept).toEqual([good.manifest!.file, `${good.manifest!.file}.json`]);
      for (const dump of [
        `${head}';\nINSERT INTO \`t\` VALUES (1),`,
        `${head}\n-- Dump completed on 2026-12-01 10:00:00\n';\nINSERT INTO \`t\` VALUES (1),`,
      ]) {
        writeFileSync(fixture, dump);
        await sleep(1000); // a new second, a new file name
        const bad = await backup(localShell(), store, mysql(), memoryLogger());
        expect(bad.ok).toBe(false);
        expect(bad.error).toMatch(/verify exited 1/);
        expect(bad.retention).toBeUndefined();
        expect(readdirSync(join(dir, 'store')).sort()).toEqual(kept);
      }
    } finally {
      process.env.PATH = path;
    }
  });
});
