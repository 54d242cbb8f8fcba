/**
 * reload-graceful's work, shared by its own entry and the root pipeline action: parsed inputs in (checked
 * before anything runs), the reload across the hosts with its load probe, then outputs, the report and key
 * figures out.
 */
import { resolve } from 'node:path';
import type { Inputs } from '../../config/inputs.js';
import { readRenderedDir } from '../../render/manifest.js';
import { InputError, KeelError, type Problem } from '../../errors.js';
import type { StageRun } from '../../pipeline/pipeline.js';
import { type BatchSize, parseBatchSize } from '../../releases/fleet.js';
import { DEFAULT_LOCK, withLocks } from '../../releases/lock.js';
import type { Connection } from '../../remote/ssh.js';
import { reloadFleet } from '../../reload/fleet.js';
import type { ReloadOptions } from '../../reload/reload.js';
import type { LoadOptions } from '../../probes/load.js';
import type { Logger } from '../../log.js';
import { reloadReport } from '../../report/reload.js';
import type { inputs as decls } from './inputs.js';

export type ReloadInputs = Inputs<typeof decls>;

/** What a reload needs once its inputs have been checked. */
export interface ReloadPlan {
  options: ReloadOptions;
  batch: BatchSize;
  load: (LoadOptions & { windowMs: number; maxFailed: number }) | undefined;
  maxFailedRequests: number;
}

/** Checks the inputs that depend on each other; every problem is reported at once. */
export function planReload(inputs: Omit<ReloadInputs, 'hosts' | 'user' | 'port'>): ReloadPlan {
  const problems: Problem[] = [];
  const strategy = inputs.strategy;
  if (strategy === 'usr2') {
    if (!inputs.pidfile) problems.push({ field: 'pidfile', message: "is required for strategy 'usr2'" });
    if (inputs.unit)
      problems.push({ field: 'unit', message: "is not used by strategy 'usr2' (give 'pidfile')" });
  } else {
    if (!inputs.unit) problems.push({ field: 'unit', message: `is required for strategy '${strategy}'` });
    if (inputs.pidfile) problems.push({ field: 'pidfile', message: `is only used by strategy 'usr2'` });
  }
  if (inputs['previous-release'] && !inputs['deploy-path'])
    problems.push({ field: 'previous-release', message: "needs 'deploy-path' (where releases live)" });
  if (inputs['app-module'] && !inputs['deploy-path'])
    problems.push({
      field: 'app-module',
      message: "needs 'deploy-path' (the boot check imports the new release)",
    });
  const batch = parseBatchSize(inputs['batch-size']);
  if (typeof batch === 'string') problems.push({ field: 'batch-size', message: batch });
  const rendered = inputs['rendered-dir'];
  if (rendered && !inputs['deploy-path'])
    problems.push({
      field: 'rendered-dir',
      message: "needs 'deploy-path' (which release the processes run is read from `current`)",
    });
  if (problems.length) throw new InputError(problems);
  const processes = rendered
    ? readRenderedDir(resolve(process.env.GITHUB_WORKSPACE ?? process.cwd(), rendered), rendered).manifest
        .processes
    : [];
  return {
    options: {
      strategy,
      unit: inputs.unit,
      pidfile: inputs.pidfile,
      deployPath: inputs['deploy-path'],
      previous: inputs['previous-release'],
      expected: inputs['expected-version'],
      gate: {
        upstream: inputs.upstream,
        readinessPath: inputs['readiness-path'],
        versionPath: inputs['version-path'] || undefined,
        publicUrl: inputs.url,
        publicAddress: inputs.address,
        ca: inputs.ca,
        deadlineMs: inputs.timeout,
      },
      timeoutMs: inputs.timeout,
      rollback: inputs.rollback,
      bootCheck: { module: inputs['app-module'], python: inputs.python },
      proxy: inputs.proxy,
      processes,
    },
    batch: batch as BatchSize,
    load: inputs['load-url']
      ? {
          url: inputs['load-url'],
          address: inputs['load-address'],
          ca: inputs.ca,
          rate: inputs['load-rate'],
          timeoutMs: 10_000,
          windowMs: inputs['load-window'],
          maxFailed: inputs['max-failed-requests'],
        }
      : undefined,
    maxFailedRequests: inputs['max-failed-requests'],
  };
}

/** Reloads every host (a batch at a time), proves it, and reports; a failure is the run's `error`. */
export async function reloadService(
  plan: ReloadPlan,
  connection: Connection,
  log: Logger,
): Promise<StageRun> {
  // Under the deploy lock (the root action's, or taken here): a rollback switches `current`.
  const { results, load } = await withLocks(
    connection,
    plan.options.deployPath,
    'reload',
    DEFAULT_LOCK,
    log,
    () => reloadFleet(connection, plan.options, { batch: plan.batch, maxParallel: 16 }, plan.load, log),
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
  const loadFailed = load ? load.failed > plan.maxFailedRequests : false;
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
      `the load probe saw ${load!.failed} failed request(s) of ${load!.requests} (allowed: ${plan.maxFailedRequests})`,
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
      `${plan.options.strategy} on ${reloaded.length}/${results.length} host(s)` +
      (serving ? `, serving ${serving}` : '') +
      (rolledBack.length ? `, rolled back on ${rolledBack.length}` : '') +
      (load
        ? `, load ${load.failed}/${load.sent} failed` + (load.heldBack ? `, ${load.heldBack} held back` : '')
        : ''),
    error,
  };
}
