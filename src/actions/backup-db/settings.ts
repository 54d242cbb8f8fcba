/**
 * backup-db's settings: what a backup, a restore or a freshness check needs, parsed and checked once from the
 * action's inputs, every check that needs more than one input included, before anything is contacted (every
 * error names its input). The stage (stage.ts) takes these, not inputs.
 */
import { type Target, parseTarget } from '../../backup/engines.js';
import { nameProblem } from '../../backup/manifest.js';
import { type Policy, policyProblem } from '../../backup/retention.js';
import type { Inputs } from '../../config/inputs.js';
import { InputError, type Problem } from '../../errors.js';
import { connectionInputs } from '../common/connection-inputs.js';
import type { inputs as decls } from './inputs.js';

export type BackupInputs = Inputs<typeof decls>;

export interface BackupSettings {
  mode: BackupInputs['mode'];
  engine: BackupInputs['engine'];
  /** The database backed up (backup), whose backups are restored (restore). */
  target?: Target;
  /** The database restored into (restore). */
  restoreTarget?: Target;
  /** The backup's name (the stored files' prefix): `name`, or one from the database. */
  name: string | undefined;
  password: string | undefined;
  dump: { format: BackupInputs['format']; jobs: number; compression: BackupInputs['compression'] };
  /** age: encrypt to these recipients; decrypt (a restore, a restore test) with these identities. */
  recipients: string[];
  identities: string[];
  verify: BackupInputs['verify'];
  /** The scratch database of a restore test (`scratch-database`, or one named after the target). */
  scratch: string | undefined;
  policy: Policy;
  prune: BackupInputs['prune'];
  /** restore: the backup to restore (default: the newest verified). */
  backupFile: string | undefined;
  overwrite: boolean;
  /** check: the backups looked at (`name` as given; none: every name), and how old the newest may be. */
  check: { name: string | undefined; maxAgeMs: number };
  /** Where backups are kept: on the runner, on the database server, or on the backup host, in `dir`. */
  store: { destination: BackupInputs['destination']; dir: string; backupHost: string | undefined };
  /** The SSH inputs (hosts: the database server, none: the runner itself), to connect when the run starts. */
  ssh: Inputs<typeof connectionInputs>;
}

/** backup-db's input helper: every input check that needs more than one input, before anything is contacted. */
export function backupSettings(i: BackupInputs): BackupSettings {
  const problems: Problem[] = [];
  const need = (field: keyof BackupInputs, why: string) =>
    problems.push({ field, message: `is required ${why}` });
  const target = (
    field: 'database' | 'restore-database' | 'scratch-database',
    text: string | undefined,
  ): Target | undefined => {
    if (!i.engine || !text) return undefined;
    const t = parseTarget(i.engine, text);
    if (typeof t === 'string') {
      problems.push({ field, message: t });
      return undefined;
    }
    if (t.user && !i['database-password'] && t.host)
      problems.push({
        field: 'database-password',
        message: `is empty, but ${field} connects as ${t.user} over TCP: give the password as a secret`,
      });
    return t;
  };
  if (i.mode !== 'check') {
    if (!i.engine) need('engine', `for mode ${i.mode} (postgres, mysql, sqlite or files)`);
    if (!i.database) need('database', `for mode ${i.mode}`);
  }
  const t = target('database', i.database);
  // The scratch database of a restore test is created, restored into and dropped: a name like `database`.
  if (i.mode === 'backup' && i.verify === 'restore' && i['scratch-database'])
    target('scratch-database', i['scratch-database']);
  let restoreTarget: Target | undefined;
  if (i.mode === 'restore') {
    if (!i['restore-database']) need('restore-database', 'for mode restore (the database to restore into)');
    restoreTarget = target('restore-database', i['restore-database']);
    if (restoreTarget && t && restoreTarget.database === t.database && !i.overwrite)
      problems.push({
        field: 'restore-database',
        message: 'is the database that was backed up; give overwrite: true if you really mean to replace it',
      });
  }
  if (i.hosts.length > 1)
    problems.push({
      field: 'hosts',
      message: 'names more than one host: backup-db dumps one database server',
    });
  if (i.destination === 'server' && i.hosts.length === 0) need('hosts', 'for destination: server');
  if (i.destination === 'backup-host' && !i['backup-host'])
    need('backup-host', 'for destination: backup-host');
  if (i.destination !== 'runner' && !i['backup-dir'].startsWith('/'))
    problems.push({
      field: 'backup-dir',
      message: `${JSON.stringify(i['backup-dir'])} must be an absolute path on a host`,
    });
  if (i['backup-dir'].split('/').includes('..'))
    problems.push({ field: 'backup-dir', message: `${JSON.stringify(i['backup-dir'])} must not contain ..` });
  for (const r of i['age-recipients'])
    if (!/^age1[0-9a-z]{20,}$/.test(r))
      problems.push({
        field: 'age-recipients',
        message: `${JSON.stringify(r)} is not an age recipient (age1...)`,
      });
  if (i['age-identity'] && !/^AGE-SECRET-KEY-(PQ-)?1[0-9A-Z]+$/.test(i['age-identity'].trim()))
    problems.push({ field: 'age-identity', message: 'is not an age identity (AGE-SECRET-KEY-1...)' });
  if (i.mode === 'backup' && i.verify === 'restore' && i['age-recipients'].length && !i['age-identity'])
    need('age-identity', 'for verify: restore of an encrypted backup');
  const policy: Policy = {
    keepLast: i['keep-last'],
    daily: i['keep-daily'],
    weekly: i['keep-weekly'],
    monthly: i['keep-monthly'],
    yearly: i['keep-yearly'],
    minKeep: i['min-keep'],
  };
  const pp = policyProblem(policy);
  if (pp && i.mode === 'backup' && i.prune !== 'off')
    problems.push({ field: 'keep-last', message: `retention ${pp}` });
  const name = i.name ?? (t ? defaultName(t) : undefined);
  if (name !== undefined) {
    const np = nameProblem(name);
    if (np)
      problems.push({
        field: 'name',
        message: i.name ? np : `is needed: the default from database, ${np}`,
      });
  }
  if (problems.length) throw new InputError(problems);
  return {
    mode: i.mode,
    engine: i.engine,
    ...(t ? { target: t } : {}),
    ...(restoreTarget ? { restoreTarget } : {}),
    name,
    password: i['database-password'],
    dump: { format: i.format, jobs: i.jobs, compression: i.compression },
    recipients: i['age-recipients'],
    identities: i['age-identity'] ? [i['age-identity'].trim()] : [],
    verify: i.verify,
    scratch: i['scratch-database'] ?? (t ? scratchName(t) : undefined),
    policy,
    prune: i.prune,
    backupFile: i['backup-file'],
    overwrite: i.overwrite,
    check: { name: i.name, maxAgeMs: i['max-age'] },
    store: { destination: i.destination, dir: i['backup-dir'], backupHost: i['backup-host'] },
    ssh: Object.fromEntries(
      Object.keys(connectionInputs).map((k) => [k, i[k as keyof typeof connectionInputs]]),
    ) as BackupSettings['ssh'],
  };
}

/** The backup name from the database: its name, or the file or directory name of a path. */
function defaultName(t: Target): string {
  return t.database
    .split('/')
    .pop()!
    .replace(/[^A-Za-z0-9_.-]/g, '_')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 64);
}

function scratchName(t: Target): string {
  if (t.engine === 'sqlite' || t.engine === 'files') return `${t.database}.keel-verify`;
  return `${t.database}_keel_verify`.slice(0, 63);
}
