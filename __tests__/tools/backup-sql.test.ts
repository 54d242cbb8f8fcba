/**
 * The one SQL quoting (src/backup/sql.ts): hostile names become exactly one identifier or one string, for
 * PostgreSQL, MariaDB and SQLite. SQLite's is checked against the real sqlite3 here; PostgreSQL's and MariaDB's
 * against the real servers in __tests__/hosts/backup-db.test.ts.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeelError } from '../../src/errors.js';
import {
  ident,
  literal,
  mysqlIdent,
  mysqlLiteral,
  pgIdent,
  pgLiteral,
  sqliteIdent,
  sqliteLiteral,
} from '../../src/backup/sql.js';

const ATTACHED = join(tmpdir(), 'keel-attached-by-injection.db');
const HOSTILE = [
  'plain',
  'innocent\n(select 1) t; drop table public.victim; --',
  `users"; ATTACH DATABASE '${ATTACHED}' AS p; CREATE TABLE p.t(a); --`,
  'back`tick`; drop table victim; -- ',
  "it's",
  'back\\slash\\',
  "\\'; drop table victim; --",
  '$1 $$ ${x} %s %I {} {{}}',
  'semi;colon',
  'tab\there\r\n',
  'ünïcödé 表 🦀',
  ' ',
  '"',
  '`',
  "'",
  '""``\'\'',
];

describe('SQL quoting', () => {
  it('PostgreSQL identifiers and strings: the quote character doubled, backslashes in an E string', () => {
    expect(pgIdent('a"b')).toBe('"a""b"');
    expect(pgIdent('innocent\n(select 1) t; drop')).toBe('"innocent\n(select 1) t; drop"');
    expect(pgLiteral("it's")).toBe("'it''s'");
    expect(pgLiteral("\\'; x")).toBe("E'\\\\''; x'");
    expect(pgLiteral('$1 %I {}')).toBe("'$1 %I {}'");
  });

  it('MariaDB identifiers and strings: backticks doubled; quotes doubled and backslashes escaped', () => {
    expect(mysqlIdent('a`b')).toBe('`a``b`');
    expect(mysqlIdent('x`; drop table v; -- ')).toBe('`x``; drop table v; -- `');
    expect(mysqlLiteral("it's")).toBe("'it''s'");
    expect(mysqlLiteral("\\'; x")).toBe("'\\\\''; x'");
  });

  it('SQLite identifiers and strings: the quote character doubled', () => {
    expect(sqliteIdent('users"; ATTACH')).toBe('"users""; ATTACH"');
    expect(sqliteLiteral("it's \\")).toBe("'it''s \\'");
    expect(ident('sqlite', 'a"b')).toBe(sqliteIdent('a"b'));
    expect(literal('mysql', "a'b")).toBe(mysqlLiteral("a'b"));
    expect(ident('postgres', 'a"b')).toBe(pgIdent('a"b'));
  });

  it('refuses a NUL byte, which no SQL name or string can hold', () => {
    for (const f of [pgIdent, pgLiteral, mysqlIdent, mysqlLiteral, sqliteIdent, sqliteLiteral]) {
      expect(() => f('a\0b')).toThrow(KeelError);
      expect(() => f('a\0b')).toThrow(/NUL byte/);
    }
  });

  it('every quoted form starts and ends with its quote and holds no lone quote (any name, one token)', () => {
    for (const n of HOSTILE) {
      for (const [q, c] of [
        [pgIdent(n), '"'],
        [mysqlIdent(n), '`'],
        [sqliteIdent(n), '"'],
        [sqliteLiteral(n), "'"],
        [mysqlLiteral(n), "'"],
      ] as const) {
        expect(q.startsWith(c) && q.endsWith(c)).toBe(true);
        expect(
          q
            .slice(1, -1)
            .split(c + c)
            .join(''),
        ).not.toContain(c);
      }
    }
  });

  describe('against the real sqlite3', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'keel-sql-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('each hostile name makes one table of exactly that name, and one string of exactly that value', () => {
      const db = join(dir, 'q.sqlite3');
      // As arguments, not on stdin (where the sqlite3 shell drops a carriage return at the end of a line).
      const sql = HOSTILE.map(
        (n, i) =>
          `create table ${sqliteIdent(n)}(v text); insert into ${sqliteIdent(n)} values (${sqliteLiteral(n)}), (${i});`,
      );
      execFileSync('sqlite3', ['-batch', '-bail', db, ...sql]);
      const names = execFileSync(
        'sqlite3',
        [db, "select hex(name) from sqlite_master where type = 'table' order by rowid"],
        { encoding: 'utf8' },
      )
        .trim()
        .split('\n')
        .map((h) => Buffer.from(h, 'hex').toString('utf8'));
      expect(names).toEqual(HOSTILE);
      for (const n of HOSTILE) {
        const v = execFileSync('sqlite3', [db, `select hex(v) from ${sqliteIdent(n)} limit 1`], {
          encoding: 'utf8',
        }).trim();
        expect(Buffer.from(v, 'hex').toString('utf8')).toBe(n);
      }
      expect(readdirSync(dir)).toEqual(['q.sqlite3']);
      expect(existsSync(ATTACHED)).toBe(false); // nothing ATTACHed
    });
  });
});
