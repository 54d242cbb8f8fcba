/**
 * What each engine runs where the dump is made (the database server over SSH, or the runner): scripts built
 * with the one quoting (`sh`), run under `bash -euo pipefail`.
 *
 * Every dump script has the same shape:
 *
 *     DUMP | tee FIFO | COMPRESS          (stdout: the compressed stream, nothing else)
 *            FIFO → VERIFY                (reads the raw dump end to end: pg_restore, the dump trailer, tar -t)
 *
 * and reports each stage's exit status on stderr (`keel-status dump=0 tee=0 compress=0 verify=0`), so a
 * failing pg_dump is never hidden by the compressor. The verifier drains what it does not read, so it never
 * makes tee fail, and a verifier that cannot start still opens the FIFO (no deadlock).
 *
 * The database password never appears on a command line or in the environment: it arrives as the first line
 * of stdin (base64 of a PGPASSFILE or MariaDB option file), is written with umask 077 into a private temp
 * directory and removed when the script exits. On the runner, the scripts run without the step's INPUT_*
 * variables in their environment (stream.ts `dumpEnvironment`).
 *
 * SQL reaches these scripts only from src/backup/sql.ts (quoted per engine) and through `sh` (quoted for bash);
 * table names read from a database never pass through a string keel builds (see ROW_COUNT_SQL).
 */
import { KeelError } from '../errors.js';
import { type ShellFragment, raw, script, sh } from '../remote/quote.js';
import { ROW_COUNT_SQL, mysqlIdent, pgIdent, pgLiteral } from './sql.js';

export const ENGINES = ['postgres', 'mysql', 'sqlite', 'files'] as const;
export type Engine = (typeof ENGINES)[number];
export type Compression = 'zstd' | 'gzip' | 'none';
export type PgFormat = 'custom' | 'directory';

/** Where the data is: a server (postgres, mysql) or a path (sqlite file, files directory). */
export interface Target {
  engine: Engine;
  /** Database name, or the path for sqlite and files. */
  database: string;
  host?: string;
  port?: number;
  user?: string;
}

export interface DumpOptions {
  format: PgFormat;
  jobs: number;
  compression: Compression;
}

/** A database name keel accepts: nothing a client tool could take for an option (no leading `-`). */
const DB_NAME = /^[A-Za-z0-9_$][A-Za-z0-9_$-]{0,62}$/;

/** Parses the `database` input: a URL (postgres://user@host:port/db, mysql://...), a name, or a path. */
export function parseTarget(engine: Engine, text: string): Target | string {
  if (engine === 'sqlite' || engine === 'files') {
    if (!text.startsWith('/') || text.split('/').includes('..'))
      return `${JSON.stringify(text)} is not an absolute path (the ${engine === 'sqlite' ? 'SQLite database file' : 'directory'})`;
    return { engine, database: text.replace(/\/+$/, '') || '/' };
  }
  if (!text.includes('://')) {
    if (!DB_NAME.test(text))
      return `${JSON.stringify(text)} is not a database name or URL (a name: letters, digits, _, $ and -, not first)`;
    return { engine, database: text };
  }
  const schemes = engine === 'postgres' ? ['postgres:', 'postgresql:'] : ['mysql:', 'mariadb:'];
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `is not a valid URL (expected ${schemes[0]}//user@host:port/database)`;
  }
  if (!schemes.includes(url.protocol))
    return `has the scheme ${url.protocol.replace(':', '')}, but engine ${engine} needs ${schemes.join(' or ')}//user@host:port/database`;
  if (url.password)
    return "contains a password: give it in 'database-password' (a secret) instead, so it never reaches a log or a command line";
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!DB_NAME.test(database))
    return database
      ? `names the database ${JSON.stringify(database)}, which is not a database name (letters, digits, _, $ and -, not first)`
      : 'names no database (…/database at the end)';
  if (url.search || url.hash) return 'has query parameters or a fragment, which keel does not use';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host && !/^[A-Za-z0-9.:-]+$/.test(host)) return `has an invalid host ${JSON.stringify(host)}`;
  return {
    engine,
    database,
    ...(host ? { host } : {}),
    ...(url.port ? { port: Number(url.port) } : {}),
    ...(url.username ? { user: decodeURIComponent(url.username) } : {}),
  };
}

/** The first stdin line of every script: the password file's content, base64-encoded ('' for none). */
export function credentialLine(engine: Engine, password: string | undefined): string {
  if (!password || engine === 'sqlite' || engine === 'files') return '\n';
  const file =
    engine === 'postgres'
      ? `*:*:*:*:${password.replace(/\\/g, '\\\\').replace(/:/g, '\\:')}\n`
      : `[client]\npassword="${password.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"\n`;
  return Buffer.from(file).toString('base64') + '\n';
}

const PRELUDE = raw(`umask 077
keel_tmp=$(mktemp -d)
trap 'rm -rf "$keel_tmp"' EXIT
trap 'exit 129' HUP PIPE TERM INT
IFS= read -r keel_cred || true
if [ -n "$keel_cred" ]; then printf '%s' "$keel_cred" | base64 -d > "$keel_tmp/cred"; fi
keel_cred=
fail() { echo "keel-error $*" >&2; exit 3; }`);

/** Connection arguments and the client tools (the pg_dump whose major version matches the server). */
function clientSetup(t: Target, probe?: string): ShellFragment {
  if (t.engine === 'postgres') {
    const conn = [
      ...(t.host ? [`--host=${t.host}`] : []),
      ...(t.port ? [`--port=${t.port}`] : []),
      ...(t.user ? [`--username=${t.user}`] : []),
      `--dbname=${t.database}`,
    ];
    return script(
      sh`conn=(${conn}) probe=(${probe ? [...conn.slice(0, -1), `--dbname=${probe}`] : conn})`,
      raw(`export PGCONNECT_TIMEOUT=15 PGAPPNAME=keel-backup
if [ -s "$keel_tmp/cred" ]; then export PGPASSFILE="$keel_tmp/cred"; else export PGPASSFILE=/dev/null; fi
command -v psql >/dev/null || fail "psql is not installed (postgresql-client)"
sv=$(psql -XAtq -w "\${probe[@]}" -c 'show server_version_num') || fail "cannot connect to PostgreSQL"
major=$((sv / 10000))
echo "keel-fact server-version=$(psql -XAtq -w "\${probe[@]}" -c 'show server_version')" >&2
bin=""
for d in /usr/lib/postgresql/$major/bin $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n); do
  v=\${d#/usr/lib/postgresql/}; v=\${v%/bin}
  if [ -x "$d/pg_dump" ] && [ "$v" -ge "$major" ]; then bin=$d; break; fi
done
if [ -z "$bin" ] && command -v pg_dump >/dev/null; then
  v=$(pg_dump --version | sed -E 's/^[^0-9]*([0-9]+).*/\\1/')
  [ "$v" -ge "$major" ] && bin=$(dirname "$(command -v pg_dump)")
fi
[ -n "$bin" ] || fail "no pg_dump for PostgreSQL $major here (pg_dump refuses servers newer than itself): install postgresql-client-$major"
echo "keel-fact client=$bin/pg_dump $("$bin/pg_dump" --version | sed -E 's/^[^0-9]*//')" >&2`),
    );
  }
  if (t.engine === 'mysql') {
    // utf8mb4 on every connection: the compiled-in default (latin1) would turn a table named in another
    // script into `?` in the statements the server builds to count its rows.
    const conn = [
      '--default-character-set=utf8mb4',
      ...(t.host ? [`--host=${t.host}`] : []),
      ...(t.port ? [`--port=${t.port}`] : []),
      ...(t.user ? [`--user=${t.user}`] : []),
    ];
    return script(
      sh`conn=(${conn}) db=${t.database}`,
      raw(`if [ -s "$keel_tmp/cred" ]; then opt=(--defaults-extra-file="$keel_tmp/cred"); else opt=(--no-defaults); fi
cli=$(command -v mariadb || command -v mysql) || fail "the mariadb (or mysql) client is not installed"
dump=$(command -v mariadb-dump || command -v mysqldump) || fail "mariadb-dump (or mysqldump) is not installed"
v=$("$cli" "\${opt[@]}" "\${conn[@]}" --connect-timeout=15 -NBe 'select version()') || fail "cannot connect to MySQL/MariaDB"
echo "keel-fact server-version=$v" >&2
echo "keel-fact client=$dump $("$dump" --version | sed -E 's/^[^ ]+ +//')" >&2`),
    );
  }
  if (t.engine === 'sqlite') {
    return script(
      sh`db=${t.database}`,
      raw(`command -v sqlite3 >/dev/null || fail "sqlite3 is not installed"
[ -f "$db" ] || fail "$db is not a file"
echo "keel-fact server-version=SQLite $(sqlite3 --version | cut -d' ' -f1)" >&2`),
    );
  }
  return script(sh`dir=${t.database}`, raw(`[ -d "$dir" ] || fail "$dir is not a directory"`));
}

function compressor(c: Compression): string {
  return c === 'zstd' ? 'zstd -q -c -3 -T0' : c === 'gzip' ? 'gzip -c -6' : 'cat';
}

function decompressor(c: Compression): string {
  return c === 'zstd' ? 'zstd -q -d -c' : c === 'gzip' ? 'gzip -d -c' : 'cat';
}

/** Before the stream: work that needs a file (SQLite's online backup, pg_dump's directory format). */
function prepare(t: Target, o: DumpOptions): string {
  if (t.engine === 'sqlite')
    return `(cd "$keel_tmp" && sqlite3 -init /dev/null -batch "$db" ".timeout 30000" ".backup db.sqlite3") || fail "sqlite3 .backup failed"
[ "$(sqlite3 -init /dev/null -batch "$keel_tmp/db.sqlite3" 'PRAGMA integrity_check')" = ok ] || fail "the backup copy fails PRAGMA integrity_check"
echo "keel-fact tables=$(sqlite3 -init /dev/null -batch "$keel_tmp/db.sqlite3" "select count(*) from sqlite_master where type='table'")" >&2`;
  if (t.engine === 'postgres' && o.format === 'directory')
    return `"$bin/pg_dump" -Fd -Z0 -j ${o.jobs} -f "$keel_tmp/d" "\${conn[@]}" || fail "pg_dump failed"
n=$("$bin/pg_restore" -f - "$keel_tmp/d" | awk '/^COPY /{n++} END{print n+0}') || fail "pg_restore cannot read the dump"
echo "keel-fact tables=$n" >&2`;
  return '';
}

/** The command that writes the raw dump to stdout, and the one that reads it end to end. */
function stages(t: Target, o: DumpOptions): { dump: string; verify: string } {
  switch (t.engine) {
    case 'postgres':
      return o.format === 'directory'
        ? { dump: `tar -C "$keel_tmp/d" -cf - .`, verify: `tar -tf - | awk 'END{print NR}'` }
        : {
            dump: `"$bin/pg_dump" -Fc -Z0 "\${conn[@]}"`,
            verify: `"$bin/pg_restore" -f - | awk '/^COPY /{n++} END{print n+0}'`,
          };
    case 'mysql':
      return {
        dump: `"$dump" "\${opt[@]}" "\${conn[@]}" --single-transaction --quick --routines --triggers --events --hex-blob "$db"`,
        // Complete only when the trailer is the last line that is not empty: a trailer-like line earlier on
        // (in a dump cut short after it) does not count.
        verify: `awk '/^CREATE TABLE/{n++} /^-- Dump completed/{ok=1; next} NF{ok=0} END{print n+0; exit ok ? 0 : 1}'`,
      };
    case 'sqlite':
      return {
        dump: `cat "$keel_tmp/db.sqlite3"`,
        verify: `[ "$(head -c 15)" = "SQLite format 3" ] && echo ok`,
      };
    case 'files':
      return { dump: `tar -C "$dir" -cf - .`, verify: `tar -tf - | awk 'END{print NR}'` };
  }
}

export function dumpScript(t: Target, o: DumpOptions): ShellFragment {
  const { dump, verify } = stages(t, o);
  const prep = prepare(t, o);
  return script(
    PRELUDE,
    clientSetup(t),
    ...(prep ? [raw(prep)] : []),
    raw(`mkfifo "$keel_tmp/v"
( exec < "$keel_tmp/v"; set +e; ( ${verify} ) > "$keel_tmp/vout" 2>"$keel_tmp/verr"; s=$?; cat > /dev/null; exit $s ) &
vpid=$!
set +e
${dump} | tee "$keel_tmp/v" | ${compressor(o.compression)}
st=("\${PIPESTATUS[@]}")
wait $vpid; vst=$?
set -e
echo "keel-fact verify=$(head -c 200 "$keel_tmp/vout" | tr '\\n' ' ')" >&2
[ "$vst" = 0 ] || echo "keel-error the dump does not read back: $(tail -c 300 "$keel_tmp/verr" | tr '\\n' ' ')" >&2
echo "keel-status dump=\${st[0]} tee=\${st[1]} compress=\${st[2]} verify=$vst" >&2`),
  );
}

/** The extension of a backup file: what it is, then its compression (the `age` suffix is added on top). */
export function extension(t: Target, o: DumpOptions): string {
  const base =
    t.engine === 'postgres'
      ? o.format === 'directory'
        ? 'pgdir.tar'
        : 'pgdump'
      : t.engine === 'mysql'
        ? 'sql'
        : t.engine === 'sqlite'
          ? 'sqlite3'
          : 'tar';
  return `${base}${o.compression === 'zstd' ? '.zst' : o.compression === 'gzip' ? '.gz' : ''}`;
}

/**
 * Prints `keel-rows HEX COUNT` for each table of the database the script is set up for (HEX: the table's name,
 * hex-encoded). The SQL is constant (src/backup/sql.ts): no table name passes through keel's strings or bash.
 */
function rowCounts(engine: Engine): ShellFragment {
  switch (engine) {
    case 'postgres':
      return sh`psql -XAtq -w -v ON_ERROR_STOP=1 "\${conn[@]}" -c 'set row_security = off' -c ${ROW_COUNT_SQL.postgres} | sed 's/^/keel-rows /' >&2 || fail "counting rows failed"`;
    case 'mysql':
      return sh`"$cli" "\${opt[@]}" "\${conn[@]}" --database="$db" -NB -e ${ROW_COUNT_SQL.mysql} | tr '\\t' ' ' | sed 's/^/keel-rows /' >&2 || fail "counting rows failed"`;
    case 'sqlite':
      return script(
        sh`keel_h=$(sqlite3 -init /dev/null -batch -bail "$db" ${ROW_COUNT_SQL.sqlite}) || fail "counting rows failed"`,
        raw(`keel_q=()
while read -r h; do [ -z "$h" ] || keel_q+=("$(printf '%b' "$(sed 's/../\\\\x&/g' <<<"$h")")"); done <<<"$keel_h"
if [ \${#keel_q[@]} -gt 0 ]; then
  sqlite3 -init /dev/null -batch -bail -separator ' ' "$db" "\${keel_q[@]}" | sed 's/^/keel-rows /' >&2 || fail "counting rows failed"
fi`),
      );
    case 'files':
      return raw(
        `echo "keel-rows ${Buffer.from('files').toString('hex')} $(find "$dir" -type f | wc -l)" >&2`,
      );
  }
}

/**
 * Restores a backup read from stdin (after the credential line) into `t`. Refuses a non-empty target unless
 * `overwrite`; then prints per-table row counts (`keel-rows HEX COUNT`) on stderr.
 */
export function restoreScript(
  t: Target,
  o: { format: PgFormat; compression: Compression; overwrite: boolean; jobs: number },
): ShellFragment {
  const dec = decompressor(o.compression);
  const ow = o.overwrite ? '1' : '';
  const tail: Record<Engine, ShellFragment> = {
    postgres: script(
      raw(`target=\${conn[-1]#--dbname=}
unset 'conn[-1]'`),
      sh`exists=$(psql -XAtq -w "\${conn[@]}" --dbname=postgres -c ${`select 1 from pg_database where datname = ${pgLiteral(t.database)}`}) || fail "cannot connect to PostgreSQL"`,
      sh`if [ -z "$exists" ]; then psql -XAtq -w "\${conn[@]}" --dbname=postgres -c ${`create database ${pgIdent(t.database)}`} >/dev/null || fail "cannot create database $target"; fi`,
      raw(`conn+=(--dbname="$target")
n=$(psql -XAtq -w "\${conn[@]}" -c "select count(*) from pg_class c join pg_namespace s on s.oid = c.relnamespace where c.relkind in ('r','p','v','m','S') and s.nspname not in ('pg_catalog','information_schema') and s.nspname not like 'pg_toast%'")
if [ "$n" != 0 ] && [ -z "${ow}" ]; then fail "database $target is not empty ($n relations): give overwrite: true to replace its contents"; fi
clean=(); [ "$n" = 0 ] || clean=(--clean --if-exists)
${
  o.format === 'directory'
    ? `mkdir "$keel_tmp/d"; ${dec} | tar -C "$keel_tmp/d" -xf - || fail "cannot unpack the backup"
"$bin/pg_restore" --no-owner --exit-on-error -j ${o.jobs} "\${clean[@]}" "\${conn[@]}" "$keel_tmp/d" || fail "pg_restore failed"`
    : `${dec} | "$bin/pg_restore" --no-owner --exit-on-error "\${clean[@]}" "\${conn[@]}" || fail "pg_restore failed"`
}`),
    ),
    mysql: script(
      sh`"$cli" "\${opt[@]}" "\${conn[@]}" -NB -e ${`create database if not exists ${mysqlIdent(t.database)}`} || fail "cannot create database $db"`,
      raw(`n=$("$cli" "\${opt[@]}" "\${conn[@]}" --database="$db" -NB -e "select count(*) from information_schema.tables where table_schema = database()")
if [ "$n" != 0 ] && [ -z "${ow}" ]; then fail "database $db is not empty ($n tables): give overwrite: true to replace its contents"; fi
${dec} | "$cli" "\${opt[@]}" "\${conn[@]}" --database="$db" || fail "the restore failed"`),
    ),
    sqlite:
      raw(`if [ -s "$db" ] && [ -z "${ow}" ]; then fail "$db exists and is not empty: give overwrite: true to replace it"; fi
${dec} > "$db.keel-restore" || { rm -f "$db.keel-restore"; fail "cannot write $db.keel-restore"; }
[ "$(sqlite3 -init /dev/null -batch "$db.keel-restore" 'PRAGMA integrity_check')" = ok ] || { rm -f "$db.keel-restore"; fail "the restored file fails PRAGMA integrity_check"; }
mv -f "$db.keel-restore" "$db"`),
    files:
      raw(`if [ -d "$dir" ] && [ -n "$(ls -A "$dir")" ] && [ -z "${ow}" ]; then fail "$dir is not empty: give overwrite: true to restore over it"; fi
mkdir -p "$dir"
${dec} | tar -C "$dir" -xf - || fail "cannot unpack the backup"`),
  };
  const setup =
    t.engine === 'sqlite'
      ? script(sh`db=${t.database}`, raw(`command -v sqlite3 >/dev/null || fail "sqlite3 is not installed"`))
      : t.engine === 'files'
        ? sh`dir=${t.database}`
        : clientSetup(t, 'postgres');
  if (t.engine === 'postgres' && !t.database) throw new KeelError('no target database');
  return script(PRELUDE, setup, tail[t.engine], rowCounts(t.engine));
}

/** Per-table row counts of a live database (for comparing a restore with its source). */
export function rowCountScript(t: Target): ShellFragment {
  return script(PRELUDE, clientSetup(t), rowCounts(t.engine));
}

/** Drops a scratch database made by a restore test. */
export function dropScript(t: Target): ShellFragment {
  const body: Record<Engine, ShellFragment> = {
    postgres: script(
      raw(`unset 'conn[-1]'`),
      sh`psql -XAtq -w "\${conn[@]}" --dbname=postgres -c ${`drop database if exists ${pgIdent(t.database)}`} >/dev/null`,
    ),
    mysql: sh`"$cli" "\${opt[@]}" "\${conn[@]}" -NB -e ${`drop database if exists ${mysqlIdent(t.database)}`}`,
    sqlite: raw(`rm -f "$db"`),
    files: raw(`rm -rf "$dir"`),
  };
  const setup =
    t.engine === 'postgres' || t.engine === 'mysql'
      ? clientSetup(t, 'postgres')
      : t.engine === 'sqlite'
        ? sh`db=${t.database}`
        : sh`dir=${t.database}`;
  return script(PRELUDE, setup, body[t.engine]);
}
