/** reload-graceful entry: inputs → library → outputs and job summary. */
import * as core from '@actions/core';
import { InputError, KeelError, type Problem } from '../../errors.js';
import { parseBatchSize, type BatchSize } from '../../releases/fleet.js';
import { reloadFleet } from '../../reload/fleet.js';
import { reloadReport } from '../../report/reload.js';
import { connectionFrom } from '../common/connection.js';
import { readInputs, runnerLogger, step, writeSummary } from '../common/step.js';
import { inputs as decls } from './inputs.js';

export async function main(): Promise<void> {
  await step(async () => {
    const inputs = readInputs(decls);
    const log = runnerLogger();
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
    if (problems.length) throw new InputError(problems);
    const connection = connectionFrom(inputs, log);

    const { results, load } = await reloadFleet(
      connection,
      {
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
      },
      { batch: batch as BatchSize, maxParallel: 16 },
      inputs['load-url']
        ? {
            url: inputs['load-url'],
            address: inputs['load-address'],
            ca: inputs.ca,
            rate: inputs['load-rate'],
            timeoutMs: 10_000,
            windowMs: inputs['load-window'],
          }
        : undefined,
      log,
    );

    for (const r of results) {
      if ('skipped' in r) continue;
      for (const w of r.warnings) log.warn(w, 'strategy');
      if (r.ok) log.info(`${r.host}: reloaded (${r.strategy}), serving ${r.serving ?? '?'}`);
      else core.error(r.error ?? 'failed', { title: `keel reload-graceful: ${r.host}` });
    }
    const done = results.filter((r) => !('skipped' in r));
    const ok = results.every((r) => r.ok);
    const loadFailed = load ? load.failed > inputs['max-failed-requests'] : false;
    core.setOutput('result', ok && !loadFailed ? 'success' : 'failure');
    core.setOutput(
      'reloaded-hosts',
      results
        .filter((r) => r.ok)
        .map((r) => r.host)
        .join(','),
    );
    core.setOutput(
      'rolled-back-hosts',
      done
        .filter((r) => 'rolledBackTo' in r && r.rolledBackTo)
        .map((r) => r.host)
        .join(','),
    );
    const last = [...done].reverse().find((r) => 'serving' in r && r.serving);
    core.setOutput('serving-release', last && 'serving' in last ? (last.serving ?? '') : '');
    core.setOutput('load-requests', load ? String(load.requests) : '');
    core.setOutput('load-failed', load ? String(load.failed) : '');
    core.setOutput('load-p99-during', String(load?.phases.find((p) => p.phase === 'during')?.p99 ?? ''));
    core.setOutput('report', JSON.stringify({ hosts: results, load }));
    await writeSummary([reloadReport(results, load)]);
    if (!ok) {
      const failed = results.filter((r) => !r.ok);
      throw new KeelError(`reload failed on ${failed.map((r) => r.host).join(', ')}`);
    }
    if (loadFailed)
      throw new KeelError(
        `the load probe saw ${load!.failed} failed request(s) of ${load!.requests} (allowed: ${inputs['max-failed-requests']})`,
      );
  });
}
