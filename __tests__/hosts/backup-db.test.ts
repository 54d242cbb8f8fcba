/**
 * backup-db against real PostgreSQL 15, MariaDB 10.11 and SQLite on a plain test host (servers started by this
 * file in /var/tmp/keel-bk and stopped after), run from the committed bundle as the runner runs it: backups over
 * SSH to the runner, the server and a backup host, restore tests with row counts, the age tool, and the faults
 * (a dump failing mid-way, a dropped connection, a full disk, a planted corrupt file).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { execFileSync } from 'node:child_process';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import { runStep, secret, type StepResult } from '../support/step.js';
import {
  clientKey,
  hostExec,
  hostctl,
  knownHosts,
  plainHosts,
  putFile,
  type TestHost,
} from '../support/hosts.js';
import { actionDir } from '../support/paths.js';
import { watchSecrets } from '../support/proc.js';
import {
  mysqlIdent,
  mysqlLiteral,
  pgIdent,
  pgLiteral,
  sqliteIdent,
  sqliteLiteral,
} from '../../src/backup/sql.js';

const D = '/var/tmp/keel-bk';
const PG_PASSWORD = secret('pg:Secret\\word"7-' + randomBytes(4).toString('hex'));
const MY_PASSWORD = secret('my:Secret"word#7-' + randomBytes(4).toString('hex'));
let h: TestHost;
let backupHost: TestHost;
let workspace: string;
const sh = (t: TestHost, cmd: string) => hostExec(t.name, cmd).trim();
const errors = (r: StepResult) => r.annotations.filter((a) => a.level === 'error').map((a) => a.message);
const psql = (sql: string, db = 'shop') =>
  sh(h, `psql -h ${D} -p 5433 -U postgres -XAtq -d ${db} -c "${sql}"`);
const maria = (sql: string) => sh(h, `mariadb --socket=${D}/myrun/my.sock -NBe "${sql}"`);

function step(inputs: Record<string, string>): Promise<StepResult> {
  return runStep({
    timeoutMs: 60_000, // a hang fails the test instead of holding the suite
    actionDir: actionDir('backup-db'),
    workspace,
    with: {
      user: 'deploy',
      'ssh-key': clientKey(),
      'known-hosts': knownHosts(),
      'connect-retries': '0',
      ...inputs,
    },
  });
}
const pg = {
  engine: 'postgres',
  database: 'postgres://app@127.0.0.1:5433/shop',
  'database-password': PG_PASSWORD,
};

beforeAll(() => {
  [, h, backupHost] = plainHosts() as [TestHost, TestHost, TestHost];
  stopServers();
  putFile(
    h.name,
    `${D}/setup.sql`,
    `create role app login createdb password '${PG_PASSWORD}';
create database shop owner app;
\\c shop app
create table customers(id serial primary key, name text);
insert into customers(name) select 'c' || g from generate_series(1, 1234) g;
create table orders(id bigserial primary key, customer int references customers, total numeric);
insert into orders(customer, total) select 1 + g % 1234, g * 1.5 from generate_series(1, 5000) g;
`,
  );
  putFile(
    h.name,
    `${D}/setup-my.sql`,
    `create user app@'127.0.0.1' identified by '${MY_PASSWORD.replace(/"/g, '\\"')}';
grant all on *.* to app@'127.0.0.1';
create database shop;
use shop;
create table items(id int primary key auto_increment, name varchar(40));
insert into items(name) select concat('i', seq) from seq_1_to_777;
create table empty_one(x int);
`,
  );
  sh(
    h,
    `set -e; cd ${D}; chown postgres ${D}; chmod 755 ${D}
runuser -u postgres -- /usr/lib/postgresql/15/bin/initdb -D ${D}/pg -U postgres --auth-local=trust --auth-host=scram-sha-256 >/dev/null
echo "host all all 0.0.0.0/0 scram-sha-256" >> ${D}/pg/pg_hba.conf
runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D ${D}/pg -l ${D}/pg/log -o "-p 5433 -k ${D} -c listen_addresses=127.0.0.1,${h.address}" -w start >/dev/null
PGPASSWORD= psql -h ${D} -p 5433 -U postgres -Xq -v ON_ERROR_STOP=1 -f ${D}/setup.sql >/dev/null
install -d -o mysql -g mysql ${D}/my ${D}/myrun
mariadb-install-db --user=mysql --datadir=${D}/my --auth-root-authentication-method=socket >/dev/null 2>&1
(mariadbd --user=mysql --datadir=${D}/my --socket=${D}/myrun/my.sock --port=3307 --bind-address=127.0.0.1 --pid-file=${D}/myrun/my.pid --log-error=${D}/myrun/my.err </dev/null >/dev/null 2>&1 &)
for i in $(seq 100); do [ -S ${D}/myrun/my.sock ] && break; sleep 0.1; done
mariadb --socket=${D}/myrun/my.sock < ${D}/setup-my.sql
install -d -o deploy -g deploy ${D}/app ${D}/media ${D}/backups
sqlite3 ${D}/app/app.sqlite3 "create table notes(t text); insert into notes values ('a'),('b'); pragma journal_mode=wal;" >/dev/null
chown -R deploy:deploy ${D}/app`,
  );
}, 120_000);

function stopServers(): void {
  sh(
    h,
    `runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D ${D}/pg -m immediate stop >/dev/null 2>&1 || true
[ -f ${D}/myrun/my.pid ] && kill $(cat ${D}/myrun/my.pid) 2>/dev/null; for i in $(seq 50); do [ -f ${D}/myrun/my.pid ] || break; sleep 0.1; done
umount ${D}/full 2>/dev/null || true; rm -rf ${D}`,
  );
}

afterAll(() => {
  stopServers();
  sh(backupHost, 'rm -rf /srv/keel-backups');
});

beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), 'keel-backup-ws-'));
});
afterEach(() => rmSync(workspace, { recursive: true, force: true }));

describe('backup-db on real databases over SSH', () => {
  it('PostgreSQL: verified, restore-tested with identical row counts, sha256 matches; the password is never visible', async () => {
    // Watch the host's process list (command lines and environments) while the step runs.
    putFile(h.name, `${D}/watch/pattern`, PG_PASSWORD.slice(0, 12) + '\n', { mode: '0600' });
    const watch = promisify(execFile)(hostctl, [
      'exec',
      h.name,
      '--',
      'bash',
      '-c',
      `for i in $(seq 60); do cat /proc/[0-9]*/cmdline /proc/[0-9]*/environ 2>/dev/null | tr '\\0' '\\n'; sleep 0.1; done | grep -cFf ${D}/watch/pattern || true`,
    ]);
    const r = await step({ ...pg, hosts: h.address, verify: 'restore' });
    expect(errors(r)).toEqual([]);
    expect((await watch).stdout.trim()).toBe('0');
    expect(r.outputs.status).toBe('success');
    const m = JSON.parse(r.outputs.manifest!);
    expect(m).toMatchObject({
      engine: 'postgres',
      format: 'custom',
      compression: 'zstd',
      serverVersion: expect.stringMatching(/^15\./),
    });
    expect(m.client).toMatch(/\/usr\/lib\/postgresql\/15\/bin\/pg_dump 15/);
    expect(JSON.parse(r.outputs.rows!)).toEqual([
      { table: 'public.customers', rows: 1234 },
      { table: 'public.orders', rows: 5000 },
    ]);
    expect(r.summary).toContain('| public.orders | 5000 | 5000 | pass |');
    expect(execFileSync('sha256sum', [r.outputs.path!], { encoding: 'utf8' }).split(' ')[0]).toBe(
      r.outputs.sha256,
    );
    expect(psql("select count(*) from pg_database where datname = 'shop_keel_verify'", 'postgres')).toBe('0');
    expect(sh(h, `ls -A /tmp | grep -c '^tmp\\.' || true`)).toBe('0'); // the private temp dir is gone
    // First run: retention is a dry run.
    expect(r.summary).toMatch(/Retention \(dry-run: first backup named shop/);

    // Restore into a new database, then refuse to restore over it again.
    const into = {
      ...pg,
      hosts: h.address,
      mode: 'restore',
      'restore-database': 'postgres://app@127.0.0.1:5433/shop_copy',
    };
    const first = await step(into);
    expect(errors(first)).toEqual([]);
    expect(psql('select count(*) from orders', 'shop_copy')).toBe('5000');
    const again = await step(into);
    expect(errors(again).join('\n')).toMatch(
      /database shop_copy is not empty \(\d+ relations\): give overwrite: true/,
    );
    expect(psql('select count(*) from orders', 'shop_copy')).toBe('5000');
  });

  it('MariaDB to a directory on the server, age-encrypted: the age tool decrypts it; restore test counts rows', async () => {
    const identity = await generateIdentity();
    const r = await step({
      engine: 'mysql',
      database: 'mysql://app@127.0.0.1:3307/shop',
      'database-password': MY_PASSWORD,
      hosts: h.address,
      destination: 'server',
      'backup-dir': `${D}/backups`,
      'age-recipients': await identityToRecipient(identity),
      'age-identity': secret(identity),
      verify: 'restore',
    });
    expect(errors(r)).toEqual([]);
    expect(r.outputs.path).toMatch(new RegExp(`^${D}/backups/shop-\\d{8}T\\d{6}Z\\.sql\\.zst\\.age$`));
    expect(JSON.parse(r.outputs.rows!)).toEqual([
      { table: 'empty_one', rows: 0 },
      { table: 'items', rows: 777 },
    ]);
    expect(sh(h, `sha256sum ${r.outputs.path}`).split(' ')[0]).toBe(r.outputs.sha256);
    expect(sh(h, `ls -A ${D}/backups`).split('\n')).toHaveLength(2); // the file and its manifest; no .partial
    const local = join(workspace, 'b.age');
    writeFileSync(local, execFileSync(hostctl, ['exec', h.name, '--', 'cat', r.outputs.path!]));
    writeFileSync(join(workspace, 'id.txt'), identity + '\n');
    const sql = execFileSync('bash', ['-c', `age -d -i ${workspace}/id.txt ${local} | zstd -d -c`], {
      encoding: 'utf8',
    });
    expect(sql).toMatch(/CREATE TABLE `items`/);
    expect(sql).toMatch(/-- Dump completed on/);
    expect(
      maria("select count(*) from information_schema.schemata where schema_name = 'shop_keel_verify'"),
    ).toBe('0');
  });

  it('SQLite (online backup of a WAL database) to a backup host; then a freshness check there', async () => {
    const target = {
      engine: 'sqlite',
      database: `${D}/app/app.sqlite3`,
      hosts: h.address,
      destination: 'backup-host',
      'backup-host': `deploy@${backupHost.address}`,
      'backup-dir': '/srv/keel-backups',
    };
    const r = await step({ ...target, verify: 'restore', name: 'notes' });
    expect(errors(r)).toEqual([]);
    expect(JSON.parse(r.outputs.rows!)).toEqual([{ table: 'notes', rows: 2 }]);
    expect(sh(backupHost, `sha256sum ${r.outputs.path}`).split(' ')[0]).toBe(r.outputs.sha256);
    const fresh = await step({
      mode: 'check',
      destination: 'backup-host',
      'backup-host': target['backup-host'],
      'backup-dir': '/srv/keel-backups',
      name: 'notes',
      'max-age': '1h',
    });
    expect(errors(fresh)).toEqual([]);
    expect(Number(fresh.outputs['age-hours'])).toBeLessThan(0.1);
    await sleep(1100);
    const staleNow = await step({
      mode: 'check',
      destination: 'backup-host',
      'backup-host': target['backup-host'],
      'backup-dir': '/srv/keel-backups',
      name: 'notes',
      'max-age': '1s',
    });
    expect(errors(staleNow).join('\n')).toMatch(/the newest verified backup notes-.* is 0\.0 h old/);
    expect(staleNow.outputs.status).toBe('failure');
  });
});

describe('backup-db faults: nothing bad is ever counted as good', () => {
  const files = { engine: 'files', database: `${D}/media`, hosts: h?.address ?? '', name: 'media' };
  const finals = () =>
    existsSync(join(workspace, '.keel/backups')) ? readdirSync(join(workspace, '.keel/backups')) : [];

  it('a dump that fails mid-way (an unreadable file half way through the tree) is a failed backup, no file kept', async () => {
    sh(
      h,
      `cd ${D}/media && head -c 300000 /dev/urandom > a.bin && head -c 10 /dev/urandom > m.bin && head -c 300000 /dev/urandom > z.bin && chown deploy a.bin z.bin && chown root m.bin && chmod 600 m.bin`,
    );
    const r = await step({ ...files, hosts: h.address });
    expect(r.outputs.status).toBe('failure');
    expect(errors(r).join('\n')).toMatch(/the dump failed: dump exited 2.*Permission denied/);
    expect(finals()).toEqual([]);
    sh(h, `rm -f ${D}/media/m.bin`);
  });

  it('PostgreSQL refusing the dump (no permission on a table) fails the backup; the compressor does not hide it', async () => {
    psql('create table secret_t(x int); revoke all on secret_t from app', 'shop');
    sh(h, `psql -h ${D} -p 5433 -U postgres -XAtq -d shop -c "alter table secret_t owner to postgres"`);
    const r = await step({ ...pg, hosts: h.address });
    expect(errors(r).join('\n')).toMatch(/the dump failed: dump exited 1.*(permission denied|read back)/s);
    expect(finals()).toEqual([]);
    psql('drop table secret_t', 'shop');
  });

  it('a dropped connection mid-stream leaves no backup and no partial file', async () => {
    sh(h, `truncate -s 4G ${D}/media/big.bin && chown deploy ${D}/media/big.bin`);
    // Once its tar runs, kill the SSH session of this dump (the sshd ancestor of the tar), as a network drop would.
    const killer = promisify(execFile)(hostctl, [
      'exec',
      h.name,
      '--',
      'bash',
      '-c',
      `for i in $(seq 200); do p=$(pgrep -f '^tar -C ${D}/media' | head -1); [ -n "$p" ] && break; sleep 0.05; done; sleep 1
while [ -n "$p" ] && [ "$(ps -o comm= -p $p)" != sshd ]; do p=$(ps -o ppid= -p $p | tr -d ' '); done; kill -9 $p; echo killed`,
    ]);
    const running = step({ ...files, hosts: h.address, compression: 'none' });
    expect((await killer).stdout.trim()).toBe('killed');
    const r = await running;
    expect(r.outputs.status).toBe('failure');
    expect(errors(r).join('\n')).toMatch(/cut off|connection|failed/);
    expect(finals()).toEqual([]);
    sh(h, `rm -f ${D}/media/big.bin`);
  });

  // The writer fills the disk and exits before the dump has ended: ssh2 then marks its channel finished, so
  // the stream must be ended by the writer's exit, not by the pipeline (which would wait forever; it did,
  // about one run in three, before streamDump raced the two).
  it('a full destination disk fails the backup and leaves no partial file there', async () => {
    // 600 kB of incompressible data into 200 kB.
    sh(
      h,
      `rm -f ${D}/media/*.bin; head -c 600000 /dev/urandom > ${D}/media/r.bin && chown deploy ${D}/media/r.bin`,
    );
    sh(h, `mkdir -p ${D}/full && mount -t tmpfs -o size=200k,mode=0777 keel-full ${D}/full`);
    const r = await step({
      ...files,
      hosts: h.address,
      destination: 'server',
      'backup-dir': `${D}/full/b`,
      compression: 'none',
    });
    expect(r.outputs.status).toBe('failure');
    expect(errors(r).join('\n')).toMatch(/No space left on device|writing .* failed/);
    expect(sh(h, `ls -A ${D}/full/b`)).toBe('');
    sh(h, `umount ${D}/full; rm -f ${D}/media/r.bin`);
  });

  it('runner-local: a full disk on the runner fails the backup and leaves no partial file there', async () => {
    const data = join(workspace, 'data');
    const keel = join(workspace, '.keel');
    execFileSync('bash', ['-c', `mkdir -p ${data} ${keel} && head -c 600000 /dev/urandom > ${data}/r.bin`]);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=200k,mode=0700', 'keel-runner-full', keel]);
    try {
      const r = await step({ engine: 'files', database: data, name: 'media', compression: 'none' });
      expect(r.outputs.status).toBe('failure');
      expect(errors(r).join('\n')).toMatch(/ENOSPC|no space left/i);
      expect(readdirSync(join(keel, 'backups'))).toEqual([]);
    } finally {
      execFileSync('umount', [keel]);
    }
  });

  it('retention deletes only verified backups; a planted corrupt file is never restored', async () => {
    const dir = join(workspace, '.keel/backups');
    const first = await step({
      ...files,
      hosts: h.address,
      'keep-last': '1',
      'keep-daily': '0',
      'keep-weekly': '0',
      'keep-monthly': '0',
      'min-keep': '1',
    });
    expect(errors(first)).toEqual([]);
    // A planted file with a manifest claiming it is good, but damaged; and a stray file without a manifest.
    const good = JSON.parse(first.outputs.manifest!);
    const planted = {
      ...good,
      file: 'media-20000101T000000Z.tar.zst',
      finished: '2000-01-01T00:00:00.000Z',
      started: '2000-01-01T00:00:00.000Z',
    };
    writeFileSync(join(dir, planted.file), 'corrupt');
    writeFileSync(
      join(dir, `${planted.file}.json`),
      JSON.stringify({ ...planted, verification: { ...good.verification, ok: false } }),
    );
    writeFileSync(join(dir, 'media-19990101T000000Z.tar.zst'), 'stray');
    const restoreBad = await step({
      ...files,
      hosts: h.address,
      mode: 'restore',
      'backup-file': planted.file,
      'restore-database': `${D}/app/restored`,
    });
    expect(errors(restoreBad).join('\n')).toMatch(/does not match its manifest .* nothing was restored/);
    expect(sh(h, `ls -A ${D}/app/restored 2>/dev/null || true`)).toBe('');
    await sleep(1100); // a new second, a new name
    const second = await step({
      ...files,
      hosts: h.address,
      'keep-last': '1',
      'keep-daily': '0',
      'keep-weekly': '0',
      'keep-monthly': '0',
      'min-keep': '1',
    });
    expect(errors(second)).toEqual([]);
    expect(JSON.parse(second.outputs.deleted!)).toEqual([first.outputs.file]);
    expect(readdirSync(dir).sort()).toEqual(
      [
        'media-19990101T000000Z.tar.zst',
        planted.file,
        `${planted.file}.json`,
        second.outputs.file!,
        `${second.outputs.file}.json`,
      ].sort(),
    );
    expect(second.summary).toContain('not verified: not counted, never deleted');
    const restored = await step({
      ...files,
      hosts: h.address,
      mode: 'restore',
      'restore-database': `${D}/app/restored`,
    });
    expect(errors(restored)).toEqual([]);
    expect(readFileSync(join(dir, `${second.outputs.file}.json`), 'utf8')).toContain(second.outputs.sha256!);
  });
});

describe('backup-db: hostile table names are only names; backups are found by their exact name', () => {
  const rowsOf = (r: StepResult) => JSON.parse(r.outputs.rows ?? '[]') as { table: string; rows: number }[];
  const hex = (text: string) => Buffer.from(text).toString('hex');

  it('PostgreSQL (the issue): a table named to drop another, owned by a low-privilege role: verify: restore and a restore count it; nothing is dropped', async () => {
    const names = [
      'innocent\n(select 1) t; drop table public.victim; --',
      'x"; drop table public.victim; --',
      "it's $1 $$ %I %s {} ;",
      'back\\slash\\',
      'ünï 表 🦀',
    ];
    // As the superuser: a role that cannot drop public.victim (app owns it) owns the hostile tables, which app
    // may read (else pg_dump itself would refuse). Values and names through keel's own quoting, which the
    // literal checks at the end prove on this server.
    putFile(
      h.name,
      `${D}/hostile.sql`,
      `\\set ON_ERROR_STOP 1
\\c shop postgres
create role lowpriv nologin;
grant usage, create on schema public to lowpriv;
set role app;
create table public.victim(x int); insert into public.victim values (42);
reset role;
set role lowpriv;
${names.map((n, i) => `create table public.${pgIdent(n)}(v text); insert into public.${pgIdent(n)} select ${pgLiteral(n)} from generate_series(1, ${i + 1}); grant select on public.${pgIdent(n)} to app;`).join('\n')}
reset role;
${names.map((n) => `select encode(convert_to(${pgLiteral(n)}, 'UTF8'), 'hex');`).join('\n')}
`,
    );
    try {
      expect(sh(h, `psql -h ${D} -p 5433 -U postgres -XAtq -f ${D}/hostile.sql`).split('\n')).toEqual(
        names.map(hex),
      );
      const catalog = () =>
        psql(
          "select string_agg(relname || ':' || relowner::regrole, ',' order by relname) from pg_class where relnamespace = 'public'::regnamespace",
        );
      const before = catalog();
      const expected = [
        { table: 'public.customers', rows: 1234 },
        { table: 'public.orders', rows: 5000 },
        { table: 'public.victim', rows: 1 },
        ...names.map((n, i) => ({ table: `public.${pgIdent(n)}`, rows: i + 1 })),
      ].sort((a, b) => a.table.localeCompare(b.table));
      const sorted = (r: StepResult) => rowsOf(r).sort((a, b) => a.table.localeCompare(b.table));

      const r = await step({ ...pg, hosts: h.address, verify: 'restore' });
      expect(errors(r)).toEqual([]);
      expect(sorted(r)).toEqual(expected);
      expect(r.summary).toContain('| public.victim | 1 | 1 | pass |');
      expect(psql('select x from public.victim')).toBe('42');
      expect(catalog()).toBe(before);

      const restored = await step({
        ...pg,
        hosts: h.address,
        mode: 'restore',
        'restore-database': 'postgres://app@127.0.0.1:5433/shop_hostile',
      });
      expect(errors(restored)).toEqual([]);
      expect(sorted(restored)).toEqual(expected);
      expect(psql('select x from public.victim', 'shop_hostile')).toBe('42');
      expect(psql('select x from public.victim')).toBe('42');
      expect(catalog()).toBe(before);
    } finally {
      putFile(
        h.name,
        `${D}/hostile-clean.sql`,
        `\\c shop postgres
drop table if exists public.victim;
${names.map((n) => `drop table if exists public.${pgIdent(n)};`).join('\n')}
revoke all on schema public from lowpriv;
drop role if exists lowpriv;
drop database if exists shop_hostile;
`,
      );
      sh(h, `psql -h ${D} -p 5433 -U postgres -XAtq -f ${D}/hostile-clean.sql >/dev/null 2>&1 || true`);
    }
  });

  it('MariaDB: tables named with backticks, quotes, a newline and ; : verify: restore and a restore count them; nothing is dropped', async () => {
    const names = [
      'back`tick`; drop table victim; -- x',
      '``',
      'innocent\n(select 1) t; drop table victim; --',
      "it's $x %s {} ;",
      'a"b',
      'ünï 表',
    ];
    putFile(
      h.name,
      `${D}/hostile-my.sql`,
      `use shop;
create table victim(x int); insert into victim values (42);
${names.map((n, i) => `create table ${mysqlIdent(n)}(v text); insert into ${mysqlIdent(n)} select ${mysqlLiteral(n)} from seq_1_to_${i + 1};`).join('\n')}
${[...names, "back\\slash'\\"].map((n) => `select hex(${mysqlLiteral(n)});`).join('\n')}
`,
    );
    const my = {
      engine: 'mysql',
      database: 'mysql://app@127.0.0.1:3307/shop',
      'database-password': MY_PASSWORD,
      hosts: h.address,
    };
    try {
      expect(
        sh(
          h,
          `mariadb --default-character-set=utf8mb4 --socket=${D}/myrun/my.sock -NB < ${D}/hostile-my.sql`,
        ).split('\n'),
      ).toEqual([...names, "back\\slash'\\"].map((n) => hex(n).toUpperCase()));
      const catalog = () =>
        maria(
          "select hex(group_concat(table_name order by table_name)) from information_schema.tables where table_schema = 'shop'",
        );
      const before = catalog();
      const expected = [
        { table: 'empty_one', rows: 0 },
        { table: 'items', rows: 777 },
        { table: 'victim', rows: 1 },
        ...names.map((n, i) => ({ table: n, rows: i + 1 })),
      ].sort((a, b) => Buffer.from(a.table).compare(Buffer.from(b.table)));

      const r = await step({ ...my, verify: 'restore' });
      expect(errors(r)).toEqual([]);
      expect(rowsOf(r)).toEqual(expected);
      expect(maria('select x from shop.victim')).toBe('42');
      expect(catalog()).toBe(before);

      const restored = await step({
        ...my,
        mode: 'restore',
        'restore-database': 'mysql://app@127.0.0.1:3307/shop_hostile',
      });
      expect(errors(restored)).toEqual([]);
      expect(rowsOf(restored)).toEqual(expected);
      expect(maria('select x from shop_hostile.victim')).toBe('42');
      expect(maria('select x from shop.victim')).toBe('42');
      expect(catalog()).toBe(before);
    } finally {
      putFile(
        h.name,
        `${D}/hostile-my-clean.sql`,
        `drop table if exists shop.victim;
${names.map((n) => `drop table if exists shop.${mysqlIdent(n)};`).join('\n')}
drop database if exists shop_hostile;
`,
      );
      sh(h, `mariadb --socket=${D}/myrun/my.sock < ${D}/hostile-my-clean.sql || true`);
    }
  });

  it('SQLite over SSH: a table named to ATTACH a file, and others: verify: restore and a restore count them; no file is created', async () => {
    const attached = `${D}/attached-by-injection.db`;
    const names = [
      `users"; ATTACH DATABASE '${attached}' AS p; CREATE TABLE p.t(a); --`,
      'innocent\n(select 1) t; drop table victim; --',
      "it's `odd` $x %s {} ;",
      'ünï 表',
    ];
    const db = `${D}/hostile/app.sqlite3`;
    putFile(
      h.name,
      `${D}/hostile/setup.sql`,
      `create table victim(x); insert into victim values (42);
${names.map((n, i) => `create table ${sqliteIdent(n)}(v); insert into ${sqliteIdent(n)} select ${sqliteLiteral(n)} from (select 1 union select 2 union select 3 union select 4) limit ${i + 1};`).join('\n')}
`,
    );
    sh(h, `sqlite3 -bail ${db} < ${D}/hostile/setup.sql && chown -R deploy:deploy ${D}/hostile`);
    const target = { engine: 'sqlite', database: db, hosts: h.address, name: 'hostile' };
    const expected = [{ table: 'victim', rows: 1 }, ...names.map((n, i) => ({ table: n, rows: i + 1 }))].sort(
      (a, b) => Buffer.from(a.table).compare(Buffer.from(b.table)),
    );
    const r = await step({ ...target, verify: 'restore' });
    expect(errors(r)).toEqual([]);
    expect(rowsOf(r)).toEqual(expected);
    const restored = await step({
      ...target,
      mode: 'restore',
      'restore-database': `${D}/hostile/restored.sqlite3`,
    });
    expect(errors(restored)).toEqual([]);
    expect(rowsOf(restored)).toEqual(expected);
    expect(sh(h, `ls -A ${D}; ls -A ${D}/hostile`)).not.toMatch(/attached-by-injection/);
    expect(sh(h, `sqlite3 ${db} 'select x from victim'`)).toBe('42');
  });

  it('backups named shop and shop-eu in one directory on a host: check, restore and retention for shop never touch shop-eu', async () => {
    const dir = `${D}/names`;
    sh(
      h,
      `install -d -o deploy -g deploy ${D}/shop-files ${D}/eu-files ${dir} ${D}/elsewhere ${D}/restored-shop
echo shop > ${D}/shop-files/shop.txt; echo eu > ${D}/eu-files/eu.txt; chown deploy ${D}/shop-files/* ${D}/eu-files/*`,
    );
    const base = { engine: 'files', hosts: h.address, destination: 'server', 'backup-dir': dir };
    const tight = {
      'keep-last': '1',
      'keep-daily': '0',
      'keep-weekly': '0',
      'keep-monthly': '0',
      'min-keep': '1',
    };
    /** A copy of a backup under another time stamp, with its manifest: a valid backup. */
    const plant = (from: string, manifest: string, stamp: string) => {
      const m = JSON.parse(manifest);
      const file = m.file.replace(/-\d{8}T\d{6}Z\./, `-${stamp}.`);
      const iso = `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T00:00:00.000Z`;
      sh(h, `cp ${from}/${m.file} ${dir}/${file} && chown deploy ${dir}/${file}`);
      putFile(h.name, `${dir}/${file}.json`, JSON.stringify({ ...m, file, started: iso, finished: iso }), {
        owner: 'deploy',
      });
      return file;
    };
    const eu = await step({ ...base, database: `${D}/eu-files`, name: 'shop-eu' });
    expect(errors(eu)).toEqual([]);
    const euFuture = plant(dir, eu.outputs.manifest!, '20990101T000000Z');
    const euOld = plant(dir, eu.outputs.manifest!, '20200101T000000Z');
    const elsewhere = await step({
      ...base,
      database: `${D}/shop-files`,
      name: 'shop',
      'backup-dir': `${D}/elsewhere`,
    });
    expect(errors(elsewhere)).toEqual([]);
    const shopOld = plant(`${D}/elsewhere`, elsewhere.outputs.manifest!, '20200102T000000Z');
    const euFiles = () => sh(h, `cd ${dir} && ls -A | grep '^shop-eu-' || true`);
    const euBefore = euFiles();
    expect(euBefore.split('\n')).toHaveLength(6);
    expect(euBefore).toContain(euFuture);
    expect(euBefore).toContain(euOld);

    const shop = await step({ ...base, database: `${D}/shop-files`, name: 'shop', prune: 'apply', ...tight });
    expect(errors(shop)).toEqual([]);
    expect(JSON.parse(shop.outputs.deleted!)).toEqual([shopOld]);
    expect(euFiles()).toBe(euBefore);
    expect(sh(h, `cd ${dir} && ls -A | grep -v '^shop-eu-'`).split('\n').sort()).toEqual(
      [shop.outputs.file!, `${shop.outputs.file}.json`].sort(),
    );

    const check = await step({
      mode: 'check',
      destination: 'server',
      hosts: h.address,
      'backup-dir': dir,
      name: 'shop',
    });
    expect(errors(check)).toEqual([]);
    expect(check.outputs.file).toBe(shop.outputs.file);
    const restored = await step({
      ...base,
      database: `${D}/shop-files`,
      name: 'shop',
      mode: 'restore',
      'restore-database': `${D}/restored-shop`,
    });
    expect(errors(restored)).toEqual([]);
    expect(restored.outputs.file).toBe(shop.outputs.file);
    expect(sh(h, `ls -A ${D}/restored-shop`)).toBe('shop.txt');
    expect(euFiles()).toBe(euBefore);
  });

  it('PostgreSQL from the runner (pg_dump and psql run here): no process but the action holds the password in its environment or argv', async () => {
    const watch = watchSecrets([PG_PASSWORD]);
    let r: StepResult;
    let found: { seen: string[]; holders: string[] };
    try {
      r = await step({ ...pg, database: `postgres://app@${h.address}:5433/shop`, verify: 'restore' });
    } finally {
      found = await watch.stop();
    }
    expect(errors(r)).toEqual([]);
    expect(JSON.parse(r.outputs.rows!)).toEqual([
      { table: 'public.customers', rows: 1234 },
      { table: 'public.orders', rows: 5000 },
    ]);
    expect(found.seen).toEqual(expect.arrayContaining(['node', 'bash', 'pg_dump', 'pg_restore', 'psql']));
    expect(found.holders).toEqual(['node']); // the action itself, given the input by the runner
  });
});
