/** backup-db entry: inputs → library (src/backup) → outputs and job summary. */
import * as core from '../common/core.js';
import { resolve } from 'node:path';
import { type CheckResult, backup, checkFreshness, restore } from '../../backup/backup.js';
import { type Target, parseTarget } from '../../backup/engines.js';
import { type Manifest, nameProblem } from '../../backup/manifest.js';
import { type Policy, policyProblem } from '../../backup/retention.js';
import { type Shell, localShell, sshShell } from '../../backup/stream.js';
import { type Store, localStore, sshStore } from '../../backup/store.js';
import type { Inputs } from '../../config/inputs.js';
import { InputError, KeelError, type Problem } from '../../errors.js';
import { type SshSession, withSession } from '../../remote/ssh.js';
import type { Logger } from '../../log.js';
import { backupReport, checkReport, restoreReport } from '../../report/backup.js';
import type { Report } from '../../report/summary.js';
import { connectionFrom } from '../common/connection.js';
import { readInputs, runnerLogger, step, writeSummary } from '../common/step.js';
import { inputs as decls } from './inputs.js';

type BackupInputs = Inputs<typeof decls>;

const workspace = () => process.env.GITHUB_WORKSPACE ?? process.cwd();

interface Plan {
  target?: Target;
  restoreTarget?: Target;
  policy: Policy;
  name: string | undefined;
}

/** Every input check that needs more than one input, before anything is contacted. */
function validate(i: BackupInputs): Plan {
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
  return { ...(t ? { target: t } : {}), ...(restoreTarget ? { restoreTarget } : {}), policy, name };
}

function run(): string {
  return `${process.env.GITHUB_REPOSITORY ?? 'local'}#${process.env.GITHUB_RUN_ID ?? '0'}.${process.env.GITHUB_RUN_ATTEMPT ?? '1'}`;
}

/**
 * Opens what the mode needs: an SSH session to the database server (when `hosts` is given) and, for
 * `destination: backup-host`, one to the backup host; then runs `fn` with the shell and the store.
 */
async function withPlaces<R>(
  i: BackupInputs,
  log: Logger,
  fn: (shell: Shell, store: Store) => Promise<R>,
): Promise<R> {
  const fail = (error: string): never => {
    throw new KeelError(error);
  };
  const withHost = <T>(hosts: string[], body: (s: SshSession | undefined) => Promise<T>): Promise<T> => {
    if (hosts.length === 0) return body(undefined);
    const c = connectionFrom({ ...i, hosts }, log);
    return withSession(c, c.endpoints[0]!, log, body, fail);
  };
  return withHost(i.hosts, (server) =>
    withHost(i.destination === 'backup-host' ? [i['backup-host']!] : [], async (backupHost) => {
      const shell = server ? sshShell(server) : localShell();
      const store =
        i.destination === 'runner'
          ? localStore(resolve(workspace(), i['backup-dir']))
          : sshStore((i.destination === 'server' ? server : backupHost)!, i['backup-dir']);
      return fn(shell, store);
    }),
  );
}

export async function main(): Promise<void> {
  await step(async () => {
    const i = readInputs(decls);
    const p = validate(i);
    const log = runnerLogger();
    let report: Report;
    let error: string | undefined;
    // Whatever ends the run (a failed backup, or an SSH session that could not be opened or dropped),
    // `status` says so: a scheduled workflow's next step reads it rather than the step's outcome.
    const failed = (e: unknown): never => {
      core.setOutput('status', 'failure');
      throw e;
    };
    await withPlaces(i, log, async (shell, store) => {
      core.setOutput('backup-dir', store.dir);
      if (i.mode === 'backup') {
        const r = await log.group(`Backing up ${i.engine} ${p.target!.database} from ${shell.where}`, () =>
          backup(
            shell,
            store,
            {
              target: p.target!,
              password: i['database-password'],
              dump: { format: i.format, jobs: i.jobs, compression: i.compression },
              name: p.name!,
              recipients: i['age-recipients'],
              identities: i['age-identity'] ? [i['age-identity'].trim()] : [],
              verify: i.verify,
              scratch: i['scratch-database'] ?? scratchName(p.target!),
              policy: p.policy,
              prune: i.prune,
              run: run(),
            },
            log,
          ),
        );
        for (const w of r.warnings) log.warn(w);
        if (r.manifest) {
          manifestOutputs(r.manifest, store.dir);
        }
        if (r.restoreTest) core.setOutput('rows', JSON.stringify(r.restoreTest.rows));
        core.setOutput(
          'deleted',
          JSON.stringify(r.retention?.decisions.filter((d) => !d.keep).map((d) => d.id) ?? []),
        );
        report = backupReport(store.where, r);
        error = r.error;
      } else if (i.mode === 'restore') {
        const r = await log.group(`Restoring into ${p.restoreTarget!.database} on ${shell.where}`, () =>
          restore(
            shell,
            store,
            {
              target: p.restoreTarget!,
              password: i['database-password'],
              file: i['backup-file'],
              name: p.name!,
              identities: i['age-identity'] ? [i['age-identity'].trim()] : [],
              overwrite: i.overwrite,
              jobs: i.jobs,
            },
            log,
          ),
        );
        if (r.manifest) {
          manifestOutputs(r.manifest, store.dir);
        }
        core.setOutput('rows', JSON.stringify(r.rows));
        report = restoreReport(p.restoreTarget!.database, r);
        error = r.error;
      } else {
        const r: CheckResult = await checkFreshness(store, i.name, i['max-age']);
        if (r.newest) {
          manifestOutputs(r.newest, store.dir);
          core.setOutput('age-hours', ((r.ageMs ?? 0) / 3_600_000).toFixed(2));
        }
        report = checkReport(store.where, i['max-age'], r);
        error = r.error;
      }
    }).catch(failed);
    core.setOutput('status', error ? 'failure' : 'success');
    await writeSummary([report!]);
    if (error) throw new KeelError(error);
  });
}

function manifestOutputs(m: Manifest, dir: string): void {
  core.setOutput('file', m.file);
  core.setOutput('path', `${dir}/${m.file}`);
  core.setOutput('sha256', m.sha256);
  core.setOutput('size', String(m.size));
  core.setOutput('manifest', JSON.stringify(m));
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
