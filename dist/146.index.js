export const id = 146;
export const ids = [146];
export const modules = {

/***/ 146:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   inputs: () => (/* binding */ inputs),
/* harmony export */   outputs: () => (/* binding */ outputs)
/* harmony export */ });
/* harmony import */ var _backup_engines_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4168);
/* harmony import */ var _common_connection_inputs_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1855);
/* harmony import */ var _common_time_limit_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9562);



const keep = (what, n) => ({
    kind: 'integer',
    default: n,
    min: 0,
    max: 10000,
    description: `Keep the newest backup of each of this many ${what} (0: none).`,
});
const inputs = {
    mode: {
        kind: 'choice',
        choices: ['backup', 'restore', 'check'],
        default: 'backup',
        description: '`backup`: dump, verify, store, apply retention; `restore` a backup (the newest verified, or `backup-file`) into `restore-database`; `check` that the newest verified backup is younger than `max-age`.',
    },
    engine: {
        kind: 'choice',
        choices: _backup_engines_js__WEBPACK_IMPORTED_MODULE_0__/* .ENGINES */ .ug,
        description: '`postgres`, `mysql` (MySQL or MariaDB), `sqlite`, or `files` (a directory, e.g. media). Needed for backup and restore.',
    },
    database: {
        kind: 'string',
        description: 'postgres/mysql: a URL without password (`postgres://app@127.0.0.1:5432/shop`, `mysql://app@127.0.0.1:3306/shop`) or a database name (local socket); sqlite: the database file; files: the directory. Absolute paths.',
    },
    'database-password': {
        kind: 'text',
        secret: true,
        description: 'The database password. Never put on a command line or in the environment: it reaches the dump tools as a PGPASSFILE or MariaDB option file in a private temporary directory, removed afterwards.',
    },
    ..._common_connection_inputs_js__WEBPACK_IMPORTED_MODULE_1__/* .connectionInputs */ .e,
    hosts: {
        kind: 'list',
        description: 'The database server to run the dump on over SSH (one host). Without it the dump runs on the runner, against `database` directly.',
    },
    destination: {
        kind: 'choice',
        choices: ['runner', 'server', 'backup-host'],
        default: 'runner',
        description: 'Where backups are kept: `runner` (a directory in the workspace; upload it with actions/upload-artifact), `server` (a directory on `hosts`), `backup-host` (a directory on `backup-host`, over SSH with the same credentials and trust inputs).',
    },
    'backup-dir': {
        kind: 'string',
        default: '.keel/backups',
        description: 'The directory that holds the backups and their manifests: relative to the workspace on the runner, absolute on a host.',
    },
    'backup-host': {
        kind: 'string',
        pattern: /^(?:[A-Za-z0-9._-]+@)?(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/,
        patternHint: '[user@]host[:port]',
        description: 'With `destination: backup-host`: `user@host:port` of the machine that keeps the backups.',
    },
    name: {
        kind: 'string',
        // Checked by nameProblem (backup/manifest.ts): NAME-YYYYMMDDTHHMMSSZ.EXT must stay unambiguous.
        description: 'Backup files are named `NAME-YYYYMMDDTHHMMSSZ.EXT`; retention, `check` and `restore` consider only backups of exactly this name (`shop` never matches `shop-eu-...`). A name containing such a time stamp is refused. Default: the database name.',
    },
    format: {
        kind: 'choice',
        choices: ['custom', 'directory'],
        default: 'custom',
        description: 'PostgreSQL: `custom` (pg_dump -Fc, streamed) or `directory` (pg_dump -Fd with `jobs` in parallel: needs free space for a copy of the dump in a private temporary directory on the server, then streamed as tar).',
    },
    jobs: {
        kind: 'integer',
        default: '2',
        min: 1,
        max: 64,
        description: 'Parallel jobs for `format: directory` (dump and restore).',
    },
    compression: {
        kind: 'choice',
        choices: ['zstd', 'gzip', 'none'],
        default: 'zstd',
        description: 'Compression, done where the dump runs (less data on the wire).',
    },
    'age-recipients': {
        kind: 'list',
        description: 'Encrypt to these age public keys (`age1...`), one a line: the standard `age -d -i key.txt` decrypts. The file gets a `.age` suffix.',
    },
    'age-identity': {
        kind: 'text',
        secret: true,
        description: 'An age private key (`AGE-SECRET-KEY-1...`): to restore an encrypted backup, or for `verify: restore` of one.',
    },
    verify: {
        kind: 'choice',
        choices: ['read', 'restore'],
        default: 'read',
        description: '`read`: the dump is read end to end while it streams (pg_restore, the dump trailer, the SQLite header, tar) and the stored checksum compared; `restore`: also restore it into `scratch-database` and report row counts.',
    },
    'scratch-database': {
        kind: 'string',
        description: 'With `verify: restore`: the scratch database (or path) restored into and dropped after, given like `database`. Default: `<database>_keel_verify`.',
    },
    'keep-last': {
        kind: 'integer',
        default: '7',
        min: 0,
        max: 10000,
        description: 'Keep the newest N verified backups.',
    },
    'keep-daily': keep('days', '7'),
    'keep-weekly': keep('ISO weeks', '4'),
    'keep-monthly': keep('months', '12'),
    'keep-yearly': keep('years', '0'),
    'min-keep': {
        kind: 'integer',
        default: '3',
        min: 1,
        max: 10000,
        description: 'Whatever the rules say, never fewer than this many verified backups (the newest one is always kept).',
    },
    prune: {
        kind: 'choice',
        choices: ['auto', 'dry-run', 'apply', 'off'],
        default: 'auto',
        description: 'Retention, only after the new backup is verified: `auto` (a dry run on the first backup of this name in the directory, then apply), `dry-run` (report only), `apply`, `off`.',
    },
    'backup-file': {
        kind: 'string',
        pattern: /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
        patternHint: 'a backup file name (no directory)',
        description: 'With `mode: restore`: the backup file to restore (default: the newest verified one named `name`).',
    },
    'restore-database': {
        kind: 'string',
        description: 'With `mode: restore`: the database (or path) to restore into, like `database`. Refused when it is not empty, unless `overwrite`.',
    },
    overwrite: {
        kind: 'boolean',
        default: 'false',
        description: 'Let a restore replace the contents of a non-empty database.',
    },
    'max-age': {
        kind: 'duration',
        default: '26h',
        description: 'With `mode: check`: fail when the newest verified backup is older than this.',
    },
    ...(0,_common_time_limit_js__WEBPACK_IMPORTED_MODULE_2__/* .timeLimitInput */ .l)('6h'),
};
const outputs = {
    status: '`success` or `failure`.',
    file: 'The backup file name (backup), the one restored (restore) or the newest verified one (check).',
    path: 'Full path of that file where it is kept (on the runner: for actions/upload-artifact).',
    'backup-dir': 'The directory of backups (absolute; on the runner for `destination: runner`).',
    sha256: 'The sha256 of the backup file.',
    size: 'Its size in bytes.',
    manifest: 'Its manifest as JSON (engine, server version, size, sha256, times, format, compression, encryption, verification).',
    'age-hours': 'With `mode: check`: the age of the newest verified backup, in hours.',
    deleted: 'Backups that retention deleted (or would delete, in a dry run), JSON array.',
    rows: 'Row counts per table of the restore (or restore test), JSON.',
};


/***/ }),

/***/ 1855:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   e: () => (/* binding */ connectionInputs)
/* harmony export */ });
const connectionInputs = {
    hosts: {
        kind: 'list',
        required: true,
        description: 'Hosts to reach, one a line (or comma-separated): `host`, `user@host`, `host:port`, `[ipv6]:port`.',
    },
    user: { kind: 'string', description: 'SSH user for hosts that do not name one.' },
    port: {
        kind: 'integer',
        default: '22',
        min: 1,
        max: 65535,
        description: 'SSH port for hosts that do not name one.',
    },
    'ssh-key': {
        kind: 'text',
        secret: true,
        description: 'Private key (OpenSSH, PEM, ed25519, RSA, ECDSA), usually `${{ secrets.SSH_KEY }}`. CRLF and a missing final newline are fine.',
    },
    'ssh-passphrase': { kind: 'text', secret: true, description: 'Passphrase of `ssh-key`, if it has one.' },
    password: {
        kind: 'text',
        secret: true,
        description: 'Password authentication (discouraged: use a key). Used only when no key is given or the key is refused.',
    },
    'known-hosts': {
        kind: 'text',
        description: 'known_hosts lines for the hosts (and jump hosts), e.g. from `ssh-keyscan` checked out of band. Host keys are always verified.',
    },
    'host-fingerprints': {
        kind: 'list',
        description: 'SHA256 host-key fingerprints, one a line: `SHA256:...` (any host) or `host SHA256:...` (one host).',
    },
    'trust-on-first-use': {
        kind: 'boolean',
        default: 'false',
        description: 'Accept an unpinned host key and report its fingerprint. Unsafe: for bootstrapping only.',
    },
    'jump-hosts': {
        kind: 'list',
        description: 'Jump hosts to go through, first to last (`user@host:port`), each verified like the target.',
    },
    'connect-timeout': {
        kind: 'duration',
        default: '20s',
        minMs: 1000,
        maxMs: 600_000,
        description: 'Time allowed for one connection attempt.',
    },
    'connect-retries': {
        kind: 'integer',
        default: '2',
        min: 0,
        max: 10,
        description: 'Extra connection attempts on network errors (backoff doubles from 1s); never on trust or auth failures.',
    },
};


/***/ }),

/***/ 9562:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   l: () => (/* binding */ timeLimitInput),
/* harmony export */   r: () => (/* binding */ startTimeLimit)
/* harmony export */ });
/* harmony import */ var _cancel_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(833);
/* harmony import */ var _config_inputs_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4389);
/**
 * `time-limit`, which every action has: the whole step's bound. Past it the step cancels itself exactly as the
 * runner cancels a job (cancel.ts): the remote work in flight is stopped, the hosts are brought to a known state,
 * and the step fails with one error line. Every wait inside keel has its own bound too; this one bounds their sum.
 */


function timeLimitInput(defaultValue) {
    return {
        'time-limit': {
            kind: 'duration',
            default: defaultValue,
            minMs: 10_000,
            maxMs: 24 * 3_600_000,
            description: 'The whole step\'s limit. Past it the step cancels itself as the runner would (remote work stopped, the hosts left in a known state, one error line). Never "no limit": the job\'s `timeout-minutes` is a second bound.',
        },
    };
}
/**
 * Starts the step's clock from its `time-limit` input (as the runner passes it). An invalid or missing value
 * starts nothing here: the action's own input parsing reports it.
 */
function startTimeLimit(raw) {
    const ms = raw ? (0,_config_inputs_js__WEBPACK_IMPORTED_MODULE_1__/* .parseDuration */ .E9)(raw) : undefined;
    if (!ms || ms < 10_000)
        return;
    setTimeout(() => (0,_cancel_js__WEBPACK_IMPORTED_MODULE_0__/* .cancel */ .ZT)(`time-limit ${raw.trim()} reached`), ms).unref();
}


/***/ }),

/***/ 4168:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  ug: () => (/* binding */ ENGINES),
  Yg: () => (/* binding */ credentialLine),
  Jd: () => (/* binding */ dropScript),
  ay: () => (/* binding */ dumpScript),
  ck: () => (/* binding */ extension),
  hu: () => (/* binding */ parseTarget),
  Q: () => (/* binding */ restoreScript),
  r7: () => (/* binding */ rowCountScript)
});

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/remote/quote.ts
var quote = __webpack_require__(4414);
;// CONCATENATED MODULE: ./src/backup/sql.ts
/**
 * The one way keel puts a value into SQL, per engine. Every SQL statement keel builds (in src/backup) takes its
 * values from here; the statements then reach a shell only through `sh` (src/remote/quote.ts), so each is
 * quoted twice: for its SQL dialect, then for bash.
 *
 * Names that keel reads from a database at run time (the tables whose rows it counts) never pass through
 * keel's own strings at all: the counting queries below are constant, and the server quotes each table name
 * itself (PostgreSQL `format('%I')`, MariaDB and SQLite by doubling the quote character in SQL), and the names
 * come back hex-encoded, so a table named with a quote, a newline or a `;` is only ever a name.
 */

function checked(value) {
    if (value.includes('\0'))
        throw new errors/* KeelError */.Ui(`${JSON.stringify(value)} contains a NUL byte, which no SQL name or string can hold`);
    return value;
}
/** A PostgreSQL identifier: always double-quoted, `"` doubled (as the server's quote_ident). */
function pgIdent(name) {
    return `"${checked(name).replace(/"/g, '""')}"`;
}
/**
 * A PostgreSQL string literal, as the server's quote_literal: `'` doubled; with a backslash, an E'' string
 * with backslashes doubled, so the value is the same whatever standard_conforming_strings says.
 */
function pgLiteral(value) {
    const v = checked(value).replace(/'/g, "''");
    return v.includes('\\') ? `E'${v.replace(/\\/g, '\\\\')}'` : `'${v}'`;
}
/** A MySQL/MariaDB identifier: always backquoted, `` ` `` doubled (valid whatever sql_mode says). */
function mysqlIdent(name) {
    return `\`${checked(name).replace(/`/g, '``')}\``;
}
/**
 * A MySQL/MariaDB string literal: `'` doubled and `\` escaped. With sql_mode NO_BACKSLASH_ESCAPES a backslash
 * would arrive doubled (a wrong value, never an unquoted one); keel's own statements use database() instead.
 */
function mysqlLiteral(value) {
    return `'${checked(value).replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}
/** A SQLite identifier: always double-quoted, `"` doubled. */
function sqliteIdent(name) {
    return `"${checked(name).replace(/"/g, '""')}"`;
}
/** A SQLite string literal: `'` doubled (SQLite has no backslash escapes). */
function sqliteLiteral(value) {
    return `'${checked(value).replace(/'/g, "''")}'`;
}
function ident(engine, name) {
    return engine === 'postgres' ? pgIdent(name) : engine === 'mysql' ? mysqlIdent(name) : sqliteIdent(name);
}
function literal(engine, value) {
    return engine === 'postgres'
        ? pgLiteral(value)
        : engine === 'mysql'
            ? mysqlLiteral(value)
            : sqliteLiteral(value);
}
/**
 * Row counts, one line per table: `HEX COUNT`, HEX the table's name in UTF-8, hex-encoded (so no name can
 * break or forge a line of the script's report). Constant SQL: the server quotes every name.
 */
const ROW_COUNT_SQL = {
    /** `schema.table` (format %I.%I, as psql shows it); query_to_xml runs each count with the name quoted by %I. */
    postgres: `select encode(convert_to(format('%I.%I', n.nspname, c.relname), 'UTF8'), 'hex') || ' ' ||
  (xpath('/row/n/text()', query_to_xml(format('select count(*) as n from %I.%I', n.nspname, c.relname), false, true, '')))[1]::text
from pg_class c join pg_namespace n on n.oid = c.relnamespace
where c.relkind in ('r', 'p', 'm') and n.nspname <> 'information_schema' and n.nspname !~ '^pg_'
order by n.nspname, c.relname`,
    /** Run with the database as the default one; builds a UNION of counts, each name quoted by doubling `. */
    mysql: `set session group_concat_max_len = 4294967295;
select group_concat(concat('select ''', hex(table_name), ''' as t, count(*) as n from \`', replace(table_name, '\`', '\`\`'), '\`') separator ' union all ') into @keel_q
from information_schema.tables where table_schema = database() and table_type = 'BASE TABLE';
set @keel_q = concat('select t, n from (', coalesce(@keel_q, 'select 1 as t, 1 as n from dual where false'), ') keel_rows order by t');
prepare keel_rows from @keel_q;
execute keel_rows;
deallocate prepare keel_rows;`,
    /**
     * Prints one `select` per table (the name quoted by doubling "), hex-encoded, which a second sqlite3 runs as
     * its arguments (not on its stdin, where the shell would drop a carriage return at the end of a line).
     */
    sqlite: `select hex('select ' || quote(hex(name)) || ', count(*) from "' || replace(name, '"', '""') || '";')
from sqlite_master where type = 'table' order by name`,
};

;// CONCATENATED MODULE: ./src/backup/engines.ts
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



const ENGINES = ['postgres', 'mysql', 'sqlite', 'files'];
/** A database name keel accepts: nothing a client tool could take for an option (no leading `-`). */
const DB_NAME = /^[A-Za-z0-9_$][A-Za-z0-9_$-]{0,62}$/;
/** Parses the `database` input: a URL (postgres://user@host:port/db, mysql://...), a name, or a path. */
function parseTarget(engine, text) {
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
    let url;
    try {
        url = new URL(text);
    }
    catch {
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
    if (url.search || url.hash)
        return 'has query parameters or a fragment, which keel does not use';
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (host && !/^[A-Za-z0-9.:-]+$/.test(host))
        return `has an invalid host ${JSON.stringify(host)}`;
    return {
        engine,
        database,
        ...(host ? { host } : {}),
        ...(url.port ? { port: Number(url.port) } : {}),
        ...(url.username ? { user: decodeURIComponent(url.username) } : {}),
    };
}
/** The first stdin line of every script: the password file's content, base64-encoded ('' for none). */
function credentialLine(engine, password) {
    if (!password || engine === 'sqlite' || engine === 'files')
        return '\n';
    const file = engine === 'postgres'
        ? `*:*:*:*:${password.replace(/\\/g, '\\\\').replace(/:/g, '\\:')}\n`
        : `[client]\npassword="${password.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"\n`;
    return Buffer.from(file).toString('base64') + '\n';
}
const PRELUDE = (0,quote/* raw */.lS)(`umask 077
keel_tmp=$(mktemp -d)
trap 'rm -rf "$keel_tmp"' EXIT
trap 'exit 129' HUP PIPE TERM INT
IFS= read -r keel_cred || true
if [ -n "$keel_cred" ]; then printf '%s' "$keel_cred" | base64 -d > "$keel_tmp/cred"; fi
keel_cred=
fail() { echo "keel-error $*" >&2; exit 3; }`);
/** Connection arguments and the client tools (the pg_dump whose major version matches the server). */
function clientSetup(t, probe) {
    if (t.engine === 'postgres') {
        const conn = [
            ...(t.host ? [`--host=${t.host}`] : []),
            ...(t.port ? [`--port=${t.port}`] : []),
            ...(t.user ? [`--username=${t.user}`] : []),
            `--dbname=${t.database}`,
        ];
        return (0,quote/* script */.K$)((0,quote.sh) `conn=(${conn}) probe=(${probe ? [...conn.slice(0, -1), `--dbname=${probe}`] : conn})`, (0,quote/* raw */.lS)(`export PGCONNECT_TIMEOUT=15 PGAPPNAME=keel-backup
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
echo "keel-fact client=$bin/pg_dump $("$bin/pg_dump" --version | sed -E 's/^[^0-9]*//')" >&2`));
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
        return (0,quote/* script */.K$)((0,quote.sh) `conn=(${conn}) db=${t.database}`, (0,quote/* raw */.lS)(`if [ -s "$keel_tmp/cred" ]; then opt=(--defaults-extra-file="$keel_tmp/cred"); else opt=(--no-defaults); fi
cli=$(command -v mariadb || command -v mysql) || fail "the mariadb (or mysql) client is not installed"
dump=$(command -v mariadb-dump || command -v mysqldump) || fail "mariadb-dump (or mysqldump) is not installed"
v=$("$cli" "\${opt[@]}" "\${conn[@]}" --connect-timeout=15 -NBe 'select version()') || fail "cannot connect to MySQL/MariaDB"
echo "keel-fact server-version=$v" >&2
echo "keel-fact client=$dump $("$dump" --version | sed -E 's/^[^ ]+ +//')" >&2`));
    }
    if (t.engine === 'sqlite') {
        return (0,quote/* script */.K$)((0,quote.sh) `db=${t.database}`, (0,quote/* raw */.lS)(`command -v sqlite3 >/dev/null || fail "sqlite3 is not installed"
[ -f "$db" ] || fail "$db is not a file"
echo "keel-fact server-version=SQLite $(sqlite3 --version | cut -d' ' -f1)" >&2`));
    }
    return (0,quote/* script */.K$)((0,quote.sh) `dir=${t.database}`, (0,quote/* raw */.lS)(`[ -d "$dir" ] || fail "$dir is not a directory"`));
}
function compressor(c) {
    return c === 'zstd' ? 'zstd -q -c -3 -T0' : c === 'gzip' ? 'gzip -c -6' : 'cat';
}
function decompressor(c) {
    return c === 'zstd' ? 'zstd -q -d -c' : c === 'gzip' ? 'gzip -d -c' : 'cat';
}
/** Before the stream: work that needs a file (SQLite's online backup, pg_dump's directory format). */
function prepare(t, o) {
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
function stages(t, o) {
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
function dumpScript(t, o) {
    const { dump, verify } = stages(t, o);
    const prep = prepare(t, o);
    return (0,quote/* script */.K$)(PRELUDE, clientSetup(t), ...(prep ? [(0,quote/* raw */.lS)(prep)] : []), (0,quote/* raw */.lS)(`mkfifo "$keel_tmp/v"
( exec < "$keel_tmp/v"; set +e; ( ${verify} ) > "$keel_tmp/vout" 2>"$keel_tmp/verr"; s=$?; cat > /dev/null; exit $s ) &
vpid=$!
set +e
${dump} | tee "$keel_tmp/v" | ${compressor(o.compression)}
st=("\${PIPESTATUS[@]}")
wait $vpid; vst=$?
set -e
echo "keel-fact verify=$(head -c 200 "$keel_tmp/vout" | tr '\\n' ' ')" >&2
[ "$vst" = 0 ] || echo "keel-error the dump does not read back: $(tail -c 300 "$keel_tmp/verr" | tr '\\n' ' ')" >&2
echo "keel-status dump=\${st[0]} tee=\${st[1]} compress=\${st[2]} verify=$vst" >&2`));
}
/** The extension of a backup file: what it is, then its compression (the `age` suffix is added on top). */
function extension(t, o) {
    const base = t.engine === 'postgres'
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
function rowCounts(engine) {
    switch (engine) {
        case 'postgres':
            return (0,quote.sh) `psql -XAtq -w -v ON_ERROR_STOP=1 "\${conn[@]}" -c 'set row_security = off' -c ${ROW_COUNT_SQL.postgres} | sed 's/^/keel-rows /' >&2 || fail "counting rows failed"`;
        case 'mysql':
            return (0,quote.sh) `"$cli" "\${opt[@]}" "\${conn[@]}" --database="$db" -NB -e ${ROW_COUNT_SQL.mysql} | tr '\\t' ' ' | sed 's/^/keel-rows /' >&2 || fail "counting rows failed"`;
        case 'sqlite':
            return (0,quote/* script */.K$)((0,quote.sh) `keel_h=$(sqlite3 -init /dev/null -batch -bail "$db" ${ROW_COUNT_SQL.sqlite}) || fail "counting rows failed"`, (0,quote/* raw */.lS)(`keel_q=()
while read -r h; do [ -z "$h" ] || keel_q+=("$(printf '%b' "$(sed 's/../\\\\x&/g' <<<"$h")")"); done <<<"$keel_h"
if [ \${#keel_q[@]} -gt 0 ]; then
  sqlite3 -init /dev/null -batch -bail -separator ' ' "$db" "\${keel_q[@]}" | sed 's/^/keel-rows /' >&2 || fail "counting rows failed"
fi`));
        case 'files':
            return (0,quote/* raw */.lS)(`echo "keel-rows ${Buffer.from('files').toString('hex')} $(find "$dir" -type f | wc -l)" >&2`);
    }
}
/**
 * Restores a backup read from stdin (after the credential line) into `t`. Refuses a non-empty target unless
 * `overwrite`; then prints per-table row counts (`keel-rows HEX COUNT`) on stderr.
 */
function restoreScript(t, o) {
    const dec = decompressor(o.compression);
    const ow = o.overwrite ? '1' : '';
    const tail = {
        postgres: (0,quote/* script */.K$)((0,quote/* raw */.lS)(`target=\${conn[-1]#--dbname=}
unset 'conn[-1]'`), (0,quote.sh) `exists=$(psql -XAtq -w "\${conn[@]}" --dbname=postgres -c ${`select 1 from pg_database where datname = ${pgLiteral(t.database)}`}) || fail "cannot connect to PostgreSQL"`, (0,quote.sh) `if [ -z "$exists" ]; then psql -XAtq -w "\${conn[@]}" --dbname=postgres -c ${`create database ${pgIdent(t.database)}`} >/dev/null || fail "cannot create database $target"; fi`, (0,quote/* raw */.lS)(`conn+=(--dbname="$target")
n=$(psql -XAtq -w "\${conn[@]}" -c "select count(*) from pg_class c join pg_namespace s on s.oid = c.relnamespace where c.relkind in ('r','p','v','m','S') and s.nspname not in ('pg_catalog','information_schema') and s.nspname not like 'pg_toast%'")
if [ "$n" != 0 ] && [ -z "${ow}" ]; then fail "database $target is not empty ($n relations): give overwrite: true to replace its contents"; fi
clean=(); [ "$n" = 0 ] || clean=(--clean --if-exists)
${o.format === 'directory'
            ? `mkdir "$keel_tmp/d"; ${dec} | tar -C "$keel_tmp/d" -xf - || fail "cannot unpack the backup"
"$bin/pg_restore" --no-owner --exit-on-error -j ${o.jobs} "\${clean[@]}" "\${conn[@]}" "$keel_tmp/d" || fail "pg_restore failed"`
            : `${dec} | "$bin/pg_restore" --no-owner --exit-on-error "\${clean[@]}" "\${conn[@]}" || fail "pg_restore failed"`}`)),
        mysql: (0,quote/* script */.K$)((0,quote.sh) `"$cli" "\${opt[@]}" "\${conn[@]}" -NB -e ${`create database if not exists ${mysqlIdent(t.database)}`} || fail "cannot create database $db"`, (0,quote/* raw */.lS)(`n=$("$cli" "\${opt[@]}" "\${conn[@]}" --database="$db" -NB -e "select count(*) from information_schema.tables where table_schema = database()")
if [ "$n" != 0 ] && [ -z "${ow}" ]; then fail "database $db is not empty ($n tables): give overwrite: true to replace its contents"; fi
${dec} | "$cli" "\${opt[@]}" "\${conn[@]}" --database="$db" || fail "the restore failed"`)),
        sqlite: (0,quote/* raw */.lS)(`if [ -s "$db" ] && [ -z "${ow}" ]; then fail "$db exists and is not empty: give overwrite: true to replace it"; fi
${dec} > "$db.keel-restore" || { rm -f "$db.keel-restore"; fail "cannot write $db.keel-restore"; }
[ "$(sqlite3 -init /dev/null -batch "$db.keel-restore" 'PRAGMA integrity_check')" = ok ] || { rm -f "$db.keel-restore"; fail "the restored file fails PRAGMA integrity_check"; }
mv -f "$db.keel-restore" "$db"`),
        files: (0,quote/* raw */.lS)(`if [ -d "$dir" ] && [ -n "$(ls -A "$dir")" ] && [ -z "${ow}" ]; then fail "$dir is not empty: give overwrite: true to restore over it"; fi
mkdir -p "$dir"
${dec} | tar -C "$dir" -xf - || fail "cannot unpack the backup"`),
    };
    const setup = t.engine === 'sqlite'
        ? (0,quote/* script */.K$)((0,quote.sh) `db=${t.database}`, (0,quote/* raw */.lS)(`command -v sqlite3 >/dev/null || fail "sqlite3 is not installed"`))
        : t.engine === 'files'
            ? (0,quote.sh) `dir=${t.database}`
            : clientSetup(t, 'postgres');
    if (t.engine === 'postgres' && !t.database)
        throw new errors/* KeelError */.Ui('no target database');
    return (0,quote/* script */.K$)(PRELUDE, setup, tail[t.engine], rowCounts(t.engine));
}
/** Per-table row counts of a live database (for comparing a restore with its source). */
function rowCountScript(t) {
    return (0,quote/* script */.K$)(PRELUDE, clientSetup(t), rowCounts(t.engine));
}
/** Drops a scratch database made by a restore test. */
function dropScript(t) {
    const body = {
        postgres: (0,quote/* script */.K$)((0,quote/* raw */.lS)(`unset 'conn[-1]'`), (0,quote.sh) `psql -XAtq -w "\${conn[@]}" --dbname=postgres -c ${`drop database if exists ${pgIdent(t.database)}`} >/dev/null`),
        mysql: (0,quote.sh) `"$cli" "\${opt[@]}" "\${conn[@]}" -NB -e ${`drop database if exists ${mysqlIdent(t.database)}`}`,
        sqlite: (0,quote/* raw */.lS)(`rm -f "$db"`),
        files: (0,quote/* raw */.lS)(`rm -rf "$dir"`),
    };
    const setup = t.engine === 'postgres' || t.engine === 'mysql'
        ? clientSetup(t, 'postgres')
        : t.engine === 'sqlite'
            ? (0,quote.sh) `db=${t.database}`
            : (0,quote.sh) `dir=${t.database}`;
    return (0,quote/* script */.K$)(PRELUDE, setup, body[t.engine]);
}


/***/ }),

/***/ 833:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Fn: () => (/* binding */ checkpoint),
/* harmony export */   WN: () => (/* binding */ cancellation),
/* harmony export */   ZT: () => (/* binding */ cancel),
/* harmony export */   cc: () => (/* binding */ CancelledError),
/* harmony export */   dJ: () => (/* binding */ cancelOnSignals),
/* harmony export */   mm: () => (/* binding */ isCancelled),
/* harmony export */   zw: () => (/* binding */ cancelReason)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/**
 * Cancellation: what the GitHub runner does when a job is cancelled (SIGINT to the step's process, SIGTERM
 * 7.5 s later, SIGKILL 2.5 s after that; the post step runs all the same) and what keel does about it.
 *
 * One process-wide signal. Once it fires:
 * - every remote command in flight is stopped: the SSH layer kills the command's whole process tree on the
 *   host (hooks and migrations included), and the command's caller gets a CancelledError;
 * - the work stops at its next checkpoint (`checkpoint()` at the boundaries of a deploy: before the upload,
 *   the shared files, the hooks, the switch; before each stage of the root action), so nothing new starts;
 * - clean-up is not a checkpoint: removing an upload, switching back to the release that was serving, a
 *   rollback, releasing the lock all run to their end, with the same SSH layer;
 * and the step ends with one error line saying it was cancelled and in what state it left the hosts.
 */

class CancelledError extends _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .KeelError */ .Ui {
    reason;
    constructor(reason) {
        super(`cancelled (${reason})`);
        this.reason = reason;
        this.name = 'CancelledError';
    }
}
const controller = new AbortController();
/** Fires once, when the run is cancelled; its `reason` is a CancelledError. */
const cancellation = controller.signal;
function isCancelled() {
    return controller.signal.aborted;
}
/** Cancels the run (a signal from the runner). Later calls change nothing. */
function cancel(reason) {
    if (!controller.signal.aborted)
        controller.abort(new CancelledError(reason));
}
/** The reason the run was cancelled, if it was. */
function cancelReason() {
    return controller.signal.aborted ? controller.signal.reason.reason : undefined;
}
/** Throws CancelledError when the run has been cancelled: call it before starting each new piece of work. */
function checkpoint() {
    if (controller.signal.aborted)
        throw controller.signal.reason;
}
/**
 * Handles SIGINT and SIGTERM as the runner sends them on cancel: the first one cancels the run (the work
 * then ends itself in a known state); the process is not killed here. Returns a function that removes them.
 */
function cancelOnSignals(onCancel) {
    const handler = (signal) => {
        const first = !controller.signal.aborted;
        cancel(signal);
        if (first)
            onCancel?.(signal);
    };
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
    return () => {
        process.off('SIGINT', handler);
        process.off('SIGTERM', handler);
    };
}


/***/ }),

/***/ 4389:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E9: () => (/* binding */ parseDuration),
/* harmony export */   TL: () => (/* binding */ parseInputs),
/* harmony export */   VX: () => (/* binding */ secretValues)
/* harmony export */ });
/* unused harmony export parseList */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/**
 * The one input parser: every action declares its inputs once (name, kind, default, description) and gets
 * typed values back, or one InputError that lists every wrong input by name and says what is wrong.
 *
 * The declarations are also the source of truth for each action's `action.yml` (a test keeps them equal), so
 * the defaults a user reads in the docs are the defaults the code applies.
 */

const TRUE = ['true', 'True', 'TRUE', 'yes', 'on', '1'];
const FALSE = ['false', 'False', 'FALSE', 'no', 'off', '0'];
function parseDuration(text) {
    const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(text.trim());
    if (!m)
        return undefined;
    const n = Number(m[1]);
    const unit = m[2] ?? 's';
    const factor = unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'm' ? 60_000 : 3_600_000;
    return Math.round(n * factor);
}
function parseList(text) {
    const lines = text
        .split(/\r?\n/)
        .map((l) => l.replace(/(^|\s)#.*$/, '').trim())
        .filter((l) => l !== '');
    if (lines.length === 1) {
        return (lines[0] ?? '')
            .split(',')
            .map((s) => s.trim())
            .filter((s) => s !== '');
    }
    return lines;
}
/** A value as an error shows it: secrets hidden, credentials in URLs (`//user:password@`) replaced, long ones cut. */
function show(decl, value) {
    if (decl.secret)
        return '(hidden)';
    const v = value.replace(/\/\/[^/@\s]*@/g, '//***@');
    return JSON.stringify(v.length > 80 ? v.slice(0, 77) + '...' : v);
}
const durationText = (ms) => ms % 3_600_000 === 0
    ? `${ms / 3_600_000}h`
    : ms % 60_000 === 0
        ? `${ms / 60_000}m`
        : ms % 1000 === 0
            ? `${ms / 1000}s`
            : `${ms}ms`;
function parseOne(decl, value) {
    switch (decl.kind) {
        case 'string': {
            const v = value.trim();
            if (decl.pattern && !decl.pattern.test(v)) {
                return { error: `${show(decl, v)} is not ${decl.patternHint ?? `of the form ${decl.pattern}`}` };
            }
            return { value: v };
        }
        case 'text':
            return { value };
        case 'boolean': {
            const v = value.trim();
            if (TRUE.includes(v))
                return { value: true };
            if (FALSE.includes(v))
                return { value: false };
            return { error: `${show(decl, v)} is not a boolean (use true or false)` };
        }
        case 'integer': {
            const v = value.trim();
            if (!/^-?\d+$/.test(v))
                return { error: `${show(decl, v)} is not a whole number` };
            const n = Number(v);
            if (decl.min !== undefined && n < decl.min)
                return { error: `${n} is below the minimum ${decl.min}` };
            if (decl.max !== undefined && n > decl.max)
                return { error: `${n} is above the maximum ${decl.max}` };
            return { value: n };
        }
        case 'choice': {
            const v = value.trim();
            if (!decl.choices.includes(v)) {
                return { error: `${show(decl, v)} is not one of: ${decl.choices.join(', ')}` };
            }
            return { value: v };
        }
        case 'duration': {
            const ms = parseDuration(value);
            if (ms === undefined) {
                return { error: `${show(decl, value.trim())} is not a duration (seconds, or e.g. 30s, 5m, 1h)` };
            }
            if (decl.minMs !== undefined && ms < decl.minMs)
                return {
                    error: `${show(decl, value.trim())} is below the minimum ${durationText(decl.minMs)}${ms === 0 ? ' (0 would mean no limit)' : ''}`,
                };
            if (decl.maxMs !== undefined && ms > decl.maxMs)
                return { error: `${show(decl, value.trim())} is above the maximum ${durationText(decl.maxMs)}` };
            return { value: ms };
        }
        case 'list': {
            const items = parseList(value);
            const bad = decl.itemPattern ? items.filter((i) => !decl.itemPattern.test(i)) : [];
            if (bad.length)
                return {
                    error: bad
                        .map((b) => `${show(decl, b)} is not ${decl.itemHint ?? `of the form ${decl.itemPattern}`}`)
                        .join('; '),
                };
            return { value: items };
        }
    }
}
/**
 * Parses every declared input. Values that are absent fall back to the declared default (the runner
 * normally supplies those from action.yml already; the fallback covers the CLI and tests).
 */
function parseInputs(decls, source) {
    const problems = [];
    const out = {};
    for (const [name, decl] of Object.entries(decls)) {
        let text = source(name);
        if (text === undefined || text.trim() === '')
            text = decl.default;
        if (text === undefined || text.trim() === '') {
            if (decl.required)
                problems.push({ field: name, message: 'is required but was not given' });
            out[name] = decl.kind === 'list' ? [] : undefined;
            continue;
        }
        const parsed = parseOne(decl, text);
        if (parsed.error !== undefined)
            problems.push({ field: name, message: parsed.error });
        else
            out[name] = parsed.value;
    }
    if (problems.length > 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(problems);
    return out;
}
/** Names of the secret inputs that were given, with their values, for masking. */
function secretValues(decls, source) {
    return Object.entries(decls)
        .filter(([, d]) => d.secret)
        .map(([name]) => source(name) ?? '')
        .filter((v) => v.trim() !== '');
}


/***/ }),

/***/ 3916:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ui: () => (/* binding */ KeelError),
/* harmony export */   dz: () => (/* binding */ InputError),
/* harmony export */   gJ: () => (/* binding */ errorMessage)
/* harmony export */ });
/**
 * Errors keel expects and explains to its users. Anything else is a bug and is reported as one.
 *
 * A KeelError's message is shown as it is (no stack trace); `field` names the input or spec field that is
 * wrong so the action can annotate it, and `hint` says what to do about it.
 */
class KeelError extends Error {
    field;
    hint;
    constructor(message, options = {}) {
        super(message, options.cause === undefined ? undefined : { cause: options.cause });
        this.name = 'KeelError';
        this.field = options.field;
        this.hint = options.hint;
    }
}
/** Every problem found in the inputs (or a spec) at once, so a user fixes them in one go. */
class InputError extends KeelError {
    what;
    problems;
    constructor(problems, 
    /** What the problems are about: `input`, `spec field`. */
    what = 'input') {
        const first = problems[0];
        const text = problems.length === 1 && first
            ? `${what} '${first.field}': ${first.message}`
            : `${problems.length} ${what} problems:\n` +
                problems.map((p) => `  - ${what} '${p.field}': ${p.message}`).join('\n');
        super(text, { field: first?.field });
        this.what = what;
        this.name = 'InputError';
        this.problems = problems;
    }
}
function errorMessage(error) {
    if (error instanceof Error)
        return error.message;
    return String(error);
}


/***/ }),

/***/ 4414:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   K$: () => (/* binding */ script),
/* harmony export */   hD: () => (/* binding */ quote),
/* harmony export */   lS: () => (/* binding */ raw),
/* harmony export */   mV: () => (/* binding */ strictBash),
/* harmony export */   sh: () => (/* binding */ sh)
/* harmony export */ });
/* unused harmony export ShellFragment */
/**
 * The one place that turns values into shell words for remote commands.
 *
 * Nothing else in keel builds a shell string by concatenation: every value goes through `quote` (or the
 * `sh` template tag, which quotes each interpolated value), so names and paths with spaces, quotes, `$`,
 * `;` or newlines arrive on the host as the literal arguments they are.
 */
/** A fragment that is already shell syntax (made by `sh` or `raw`) and must not be quoted again. */
class ShellFragment {
    text;
    constructor(text) {
        this.text = text;
    }
    toString() {
        return this.text;
    }
}
const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;
/** Quotes one argument for a POSIX shell. Refuses NUL bytes, which no shell argument can carry. */
function quote(value) {
    const text = String(value);
    if (text.includes('\0'))
        throw new Error('a shell argument cannot contain a NUL byte');
    if (text !== '' && SAFE.test(text))
        return text;
    return `'${text.replace(/'/g, `'\\''`)}'`;
}
function render(value) {
    if (value instanceof ShellFragment)
        return value.text;
    if (Array.isArray(value))
        return value.map((v) => render(v)).join(' ');
    return quote(value);
}
/**
 * Template tag: sh`mkdir -p ${dir} && ln -s ${target} ${link}` quotes every interpolated value; arrays
 * become several words; fragments made by `sh` or `raw` are inserted as they are.
 */
function sh(strings, ...values) {
    let out = strings[0] ?? '';
    values.forEach((value, i) => {
        out += render(value) + (strings[i + 1] ?? '');
    });
    return new ShellFragment(out);
}
/** Marks a constant piece of shell syntax written in keel's own source (never user data). */
function raw(text) {
    return new ShellFragment(text);
}
/** Joins fragments into one script, one statement a line. */
function script(...lines) {
    return new ShellFragment(lines.map((l) => l.text).join('\n'));
}
/**
 * The command line that runs a script under `bash -euo pipefail`, so a failing line fails the whole step.
 * --norc/--noprofile: Debian's bash reads /etc/bash.bashrc for commands run by sshd, whose `$PS1` test
 * then fails under -u ("PS1: unbound variable") before the script starts.
 */
function strictBash(body) {
    return `bash --norc --noprofile -euo pipefail -c ${quote(body.text)}`;
}


/***/ })

};
