/**
 * backup-db's work: settings (settings.ts, checked before anything is contacted) in, the mode run against the
 * database server and the store, as a StageRun (outputs, report, error).
 */
import { resolve } from 'node:path';
import { type CheckResult, backup, checkFreshness, restore } from '../../backup/backup.js';
import type { Manifest } from '../../backup/manifest.js';
import { type Shell, localShell, sshShell } from '../../backup/stream.js';
import { type Store, localStore, sshStore } from '../../backup/store.js';
import { KeelError } from '../../errors.js';
import { type SshSession, withSession } from '../../remote/ssh.js';
import type { Logger } from '../../log.js';
import { backupReport, checkReport, restoreReport } from '../../report/backup.js';
import type { Report } from '../../report/summary.js';
import { connectionFrom } from '../common/connection.js';
import type { StageRun } from '../../report/run.js';
import type { BackupSettings } from './settings.js';

const workspace = () => process.env.GITHUB_WORKSPACE ?? process.cwd();

function run(): string {
  return `${process.env.GITHUB_REPOSITORY ?? 'local'}#${process.env.GITHUB_RUN_ID ?? '0'}.${process.env.GITHUB_RUN_ATTEMPT ?? '1'}`;
}

/**
 * Opens what the mode needs: an SSH session to the database server (when `hosts` is given) and, for
 * `destination: backup-host`, one to the backup host; then runs `fn` with the shell and the store.
 */
async function withPlaces<R>(
  settings: BackupSettings,
  log: Logger,
  fn: (shell: Shell, store: Store) => Promise<R>,
): Promise<R> {
  const fail = (error: string): never => {
    throw new KeelError(error);
  };
  const withHost = <T>(hosts: string[], body: (s: SshSession | undefined) => Promise<T>): Promise<T> => {
    if (hosts.length === 0) return body(undefined);
    const c = connectionFrom({ ...settings.ssh, hosts }, log);
    return withSession(c, c.endpoints[0]!, log, body, fail);
  };
  const { destination, dir } = settings.store;
  return withHost(settings.ssh.hosts, (server) =>
    withHost(destination === 'backup-host' ? [settings.store.backupHost!] : [], async (backupHost) => {
      const shell = server ? sshShell(server) : localShell();
      const store =
        destination === 'runner'
          ? localStore(resolve(workspace(), dir))
          : sshStore((destination === 'server' ? server : backupHost)!, dir);
      return fn(shell, store);
    }),
  );
}

/**
 * Runs the mode (backup, restore or check) and returns what it produced: outputs, the report, and the error
 * when it failed. Whatever ends the run (a failed backup, or an SSH session that could not be opened or
 * dropped), `status` says so: a scheduled workflow's next step reads it rather than the step's outcome.
 */
export async function runBackupDb(p: BackupSettings, log: Logger): Promise<StageRun> {
  const outputs: Record<string, string> = {};
  const set = (name: string, value: string) => (outputs[name] = value);
  const manifestOutputs = (m: Manifest, dir: string): void => {
    set('file', m.file);
    set('path', `${dir}/${m.file}`);
    set('sha256', m.sha256);
    set('size', String(m.size));
    set('manifest', JSON.stringify(m));
  };
  let report: Report | undefined;
  let error: string | undefined;
  let figures = '';
  try {
    await withPlaces(p, log, async (shell, store) => {
      set('backup-dir', store.dir);
      if (p.mode === 'backup') {
        const r = await log.group(`Backing up ${p.engine} ${p.target!.database} from ${shell.where}`, () =>
          backup(
            shell,
            store,
            {
              target: p.target!,
              password: p.password,
              dump: p.dump,
              name: p.name!,
              recipients: p.recipients,
              identities: p.identities,
              verify: p.verify,
              scratch: p.scratch!,
              policy: p.policy,
              prune: p.prune,
              run: run(),
            },
            log,
          ),
        );
        for (const w of r.warnings) log.warn(w);
        if (r.manifest) manifestOutputs(r.manifest, store.dir);
        if (r.restoreTest) set('rows', JSON.stringify(r.restoreTest.rows));
        set('deleted', JSON.stringify(r.retention?.decisions.filter((d) => !d.keep).map((d) => d.id) ?? []));
        report = backupReport(store.where, r);
        error = r.error;
        if (r.manifest) figures = `${r.manifest.file}, ${r.manifest.size} bytes`;
      } else if (p.mode === 'restore') {
        const r = await log.group(`Restoring into ${p.restoreTarget!.database} on ${shell.where}`, () =>
          restore(
            shell,
            store,
            {
              target: p.restoreTarget!,
              password: p.password,
              file: p.backupFile,
              name: p.name!,
              identities: p.identities,
              overwrite: p.overwrite,
              jobs: p.dump.jobs,
            },
            log,
          ),
        );
        if (r.manifest) manifestOutputs(r.manifest, store.dir);
        set('rows', JSON.stringify(r.rows));
        report = restoreReport(p.restoreTarget!.database, r);
        error = r.error;
      } else {
        const r: CheckResult = await checkFreshness(store, p.check.name, p.check.maxAgeMs);
        if (r.newest) {
          manifestOutputs(r.newest, store.dir);
          set('age-hours', ((r.ageMs ?? 0) / 3_600_000).toFixed(2));
        }
        report = checkReport(store.where, p.check.maxAgeMs, r);
        error = r.error;
      }
    });
  } catch (e) {
    // No report: the session could not be opened or dropped; the step fails with this error as it is.
    return { outputs: { ...outputs, status: 'failure' }, reports: [], figures, error: e as KeelError };
  }
  set('status', error ? 'failure' : 'success');
  return { outputs, reports: [report!], figures, ...(error ? { error: new KeelError(error) } : {}) };
}
