/**
 * reload-graceful's work, shared by its own entry and the root pipeline action: settings (settings.ts,
 * checked before anything runs) in, the reload across the hosts with its load probe, then outputs, the report
 * and key figures out.
 */
import { KeelError } from '../../errors.js';
import type { StageRun } from '../../report/run.js';
import { DEFAULT_LOCK, withLocks } from '../../releases/lock.js';
import type { Connection } from '../../remote/ssh.js';
import { reloadFleet } from '../../reload/fleet.js';
import type { Logger } from '../../log.js';
import { reloadReport } from '../../report/reload.js';
import type { ReloadSettings } from './settings.js';

/** Reloads every host (a batch at a time), proves it, and reports; a failure is the run's `error`. */
export async function reloadService(
  settings: ReloadSettings,
  connection: Connection,
  log: Logger,
): Promise<StageRun> {
  // Under the deploy lock (the root action's, or taken here): a rollback switches `current`.
  const { results, load } = await withLocks(
    connection,
    settings.options.deployPath,
    'reload',
    DEFAULT_LOCK,
    log,
    () =>
      reloadFleet(
        connection,
        settings.options,
        { batch: settings.batch, maxParallel: 16 },
        settings.load,
        log,
      ),
  );
  // The log says what happened on each host; the step's one error annotation says why it failed.
  for (const r of results) {
    if ('skipped' in r) continue;
    for (const w of r.warnings) log.warn(w, 'strategy');
    if (r.ok) log.info(`${r.host}: reloaded (${r.strategy}), serving ${r.serving ?? '?'}`);
    else log.info(`${r.host}: FAILED: ${r.error ?? 'failed'}`);
  }
  const done = results.filter((r) => !('skipped' in r));
  const ok = results.every((r) => r.ok);
  const loadFailed = load ? load.failed > settings.maxFailedRequests : false;
  // A probe that could not keep its rate measured less than it was asked to: the reload is not proved.
  const loadUnmeasured = load?.problem;
  const rolledBack = done.filter((r) => 'rolledBackTo' in r && r.rolledBackTo).map((r) => r.host);
  const last = [...done].reverse().find((r) => 'serving' in r && r.serving);
  const serving = last && 'serving' in last ? (last.serving ?? '') : '';
  const reloaded = results.filter((r) => r.ok).map((r) => r.host);
  const skipped = results.filter((r) => 'skipped' in r).map((r) => r.host);
  let error: KeelError | undefined;
  if (!ok) {
    const failed = done.filter((r) => !r.ok);
    error = new KeelError(
      failed
        .map((r) => {
          const e = ('error' in r && r.error ? r.error : 'failed').split('\n')[0]!;
          return `reload failed on ${e.startsWith(`${r.host}: `) ? e : `${r.host}: ${e}`}`;
        })
        .join('; ') + (skipped.length ? ` (not attempted: ${skipped.join(', ')})` : ''),
    );
  } else if (loadFailed)
    error = new KeelError(
      `the load probe saw ${load!.failed} failed request(s) of ${load!.requests} (allowed: ${settings.maxFailedRequests})`,
    );
  else if (loadUnmeasured)
    error = new KeelError(`${loadUnmeasured}: the reload is not proved to have dropped no request`, {
      hint: 'run the step on a less busy runner, or lower load-rate',
    });
  return {
    outputs: {
      result: error ? 'failure' : 'success',
      'reloaded-hosts': reloaded.join(','),
      'rolled-back-hosts': rolledBack.join(','),
      'serving-release': serving,
      'load-requests': load ? String(load.sent) : '',
      'load-ok': load ? String(load.ok) : '',
      'load-failed': load ? String(load.failed) : '',
      'load-held-back': load ? String(load.heldBack) : '',
      'load-cpu-ms-per-request': String(
        load?.phases.find((p) => p.phase === 'before')?.cpuMsPerRequest ?? '',
      ),
      'load-p99-during': String(load?.phases.find((p) => p.phase === 'during')?.p99 ?? ''),
      report: JSON.stringify({ hosts: results, load }),
    },
    reports: [reloadReport(results, load)],
    figures:
      `${settings.options.strategy} on ${reloaded.length}/${results.length} host(s)` +
      (serving ? `, serving ${serving}` : '') +
      (rolledBack.length ? `, rolled back on ${rolledBack.length}` : '') +
      (load
        ? `, load ${load.failed}/${load.sent} failed` + (load.heldBack ? `, ${load.heldBack} held back` : '')
        : ''),
    error,
  };
}
