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
import { KeelError } from '../errors.js';

export type SqlEngine = 'postgres' | 'mysql' | 'sqlite';

function checked(value: string): string {
  if (value.includes('\0'))
    throw new KeelError(`${JSON.stringify(value)} contains a NUL byte, which no SQL name or string can hold`);
  return value;
}

/** A PostgreSQL identifier: always double-quoted, `"` doubled (as the server's quote_ident). */
export function pgIdent(name: string): string {
  return `"${checked(name).replace(/"/g, '""')}"`;
}

/**
 * A PostgreSQL string literal, as the server's quote_literal: `'` doubled; with a backslash, an E'' string
 * with backslashes doubled, so the value is the same whatever standard_conforming_strings says.
 */
export function pgLiteral(value: string): string {
  const v = checked(value).replace(/'/g, "''");
  return v.includes('\\') ? `E'${v.replace(/\\/g, '\\\\')}'` : `'${v}'`;
}

/** A MySQL/MariaDB identifier: always backquoted, `` ` `` doubled (valid whatever sql_mode says). */
export function mysqlIdent(name: string): string {
  return `\`${checked(name).replace(/`/g, '``')}\``;
}

/**
 * A MySQL/MariaDB string literal: `'` doubled and `\` escaped. With sql_mode NO_BACKSLASH_ESCAPES a backslash
 * would arrive doubled (a wrong value, never an unquoted one); keel's own statements use database() instead.
 */
export function mysqlLiteral(value: string): string {
  return `'${checked(value).replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** A SQLite identifier: always double-quoted, `"` doubled. */
export function sqliteIdent(name: string): string {
  return `"${checked(name).replace(/"/g, '""')}"`;
}

/** A SQLite string literal: `'` doubled (SQLite has no backslash escapes). */
export function sqliteLiteral(value: string): string {
  return `'${checked(value).replace(/'/g, "''")}'`;
}

export function ident(engine: SqlEngine, name: string): string {
  return engine === 'postgres' ? pgIdent(name) : engine === 'mysql' ? mysqlIdent(name) : sqliteIdent(name);
}

export function literal(engine: SqlEngine, value: string): string {
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
export const ROW_COUNT_SQL = {
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
} as const;
