/** backup-db's inputs and outputs: the one place their names live (action.yml is generated from it). */
import type { InputDecls } from '../../config/inputs.js';
import { ENGINES } from '../../backup/engines.js';
import { connectionInputs } from '../common/connection-inputs.js';
import { timeLimitInput } from '../common/time-limit.js';

const keep = (what: string, n: string) =>
  ({
    kind: 'integer',
    default: n,
    min: 0,
    max: 10000,
    description: `Keep the newest backup of each of this many ${what} (0: none).`,
  }) as const;

export const inputs = {
  mode: {
    kind: 'choice',
    choices: ['backup', 'restore', 'check'] as const,
    default: 'backup',
    description:
      '`backup`: dump, verify, store, apply retention; `restore` a backup (the newest verified, or `backup-file`) into `restore-database`; `check` that the newest verified backup is younger than `max-age`.',
  },
  engine: {
    kind: 'choice',
    choices: ENGINES,
    description:
      '`postgres`, `mysql` (MySQL or MariaDB), `sqlite`, or `files` (a directory, e.g. media). Needed for backup and restore.',
  },
  database: {
    kind: 'string',
    description:
      'postgres/mysql: a URL without password (`postgres://app@127.0.0.1:5432/shop`, `mysql://app@127.0.0.1:3306/shop`) or a database name (local socket); sqlite: the database file; files: the directory. Absolute paths.',
  },
  'database-password': {
    kind: 'text',
    secret: true,
    description:
      'The database password. Never put on a command line or in the environment: it reaches the dump tools as a PGPASSFILE or MariaDB option file in a private temporary directory, removed afterwards.',
  },
  ...connectionInputs,
  hosts: {
    kind: 'list',
    description:
      'The database server to run the dump on over SSH (one host). Without it the dump runs on the runner, against `database` directly.',
  },
  destination: {
    kind: 'choice',
    choices: ['runner', 'server', 'backup-host'] as const,
    default: 'runner',
    description:
      'Where backups are kept: `runner` (a directory in the workspace; upload it with actions/upload-artifact), `server` (a directory on `hosts`), `backup-host` (a directory on `backup-host`, over SSH with the same credentials and trust inputs).',
  },
  'backup-dir': {
    kind: 'string',
    default: '.keel/backups',
    description:
      'The directory that holds the backups and their manifests: relative to the workspace on the runner, absolute on a host.',
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
    description:
      'Backup files are named `NAME-YYYYMMDDTHHMMSSZ.EXT`; retention, `check` and `restore` consider only backups of exactly this name (`shop` never matches `shop-eu-...`). A name containing such a time stamp is refused. Default: the database name.',
  },
  format: {
    kind: 'choice',
    choices: ['custom', 'directory'] as const,
    default: 'custom',
    description:
      'PostgreSQL: `custom` (pg_dump -Fc, streamed) or `directory` (pg_dump -Fd with `jobs` in parallel: needs free space for a copy of the dump in a private temporary directory on the server, then streamed as tar).',
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
    choices: ['zstd', 'gzip', 'none'] as const,
    default: 'zstd',
    description: 'Compression, done where the dump runs (less data on the wire).',
  },
  'age-recipients': {
    kind: 'list',
    description:
      'Encrypt to these age public keys (`age1...`), one a line: the standard `age -d -i key.txt` decrypts. The file gets a `.age` suffix.',
  },
  'age-identity': {
    kind: 'text',
    secret: true,
    description:
      'An age private key (`AGE-SECRET-KEY-1...`): to restore an encrypted backup, or for `verify: restore` of one.',
  },
  verify: {
    kind: 'choice',
    choices: ['read', 'restore'] as const,
    default: 'read',
    description:
      '`read`: the dump is read end to end while it streams (pg_restore, the dump trailer, the SQLite header, tar) and the stored checksum compared; `restore`: also restore it into `scratch-database` and report row counts.',
  },
  'scratch-database': {
    kind: 'string',
    description:
      'With `verify: restore`: the scratch database (or path) restored into and dropped after, given like `database`. Default: `<database>_keel_verify`.',
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
    description:
      'Whatever the rules say, never fewer than this many verified backups (the newest one is always kept).',
  },
  prune: {
    kind: 'choice',
    choices: ['auto', 'dry-run', 'apply', 'off'] as const,
    default: 'auto',
    description:
      'Retention, only after the new backup is verified: `auto` (a dry run on the first backup of this name in the directory, then apply), `dry-run` (report only), `apply`, `off`.',
  },
  'backup-file': {
    kind: 'string',
    pattern: /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
    patternHint: 'a backup file name (no directory)',
    description:
      'With `mode: restore`: the backup file to restore (default: the newest verified one named `name`).',
  },
  'restore-database': {
    kind: 'string',
    description:
      'With `mode: restore`: the database (or path) to restore into, like `database`. Refused when it is not empty, unless `overwrite`.',
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
  ...timeLimitInput('6h'),
} as const satisfies InputDecls;

export const outputs = {
  status: '`success` or `failure`.',
  file: 'The backup file name (backup), the one restored (restore) or the newest verified one (check).',
  path: 'Full path of that file where it is kept (on the runner: for actions/upload-artifact).',
  'backup-dir': 'The directory of backups (absolute; on the runner for `destination: runner`).',
  sha256: 'The sha256 of the backup file.',
  size: 'Its size in bytes.',
  manifest:
    'Its manifest as JSON (engine, server version, size, sha256, times, format, compression, encryption, verification).',
  'age-hours': 'With `mode: check`: the age of the newest verified backup, in hours.',
  deleted: 'Backups that retention deleted (or would delete, in a dry run), JSON array.',
  rows: 'Row counts per table of the restore (or restore test), JSON.',
} as const;
