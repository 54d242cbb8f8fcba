/**
 * reload-graceful's settings: what a proved reload needs, parsed and checked once from the action's inputs
 * (every error names its input). The stage (stage.ts) takes these, not inputs; the root action builds them
 * from its own inputs and the spec (with `loadProbe` for the inputs both share).
 */
import { resolve } from 'node:path';
import type { Inputs } from '../../config/inputs.js';
import { readRenderedDir } from '../../render/manifest.js';
import { InputError, type Problem } from '../../errors.js';
import { type BatchSize, parseBatchSize } from '../../releases/fleet.js';
import type { ReloadOptions } from '../../reload/reload.js';
import type { LoadOptions } from '../../probes/load.js';
import type { inputs as decls } from './inputs.js';

export type ReloadInputs = Inputs<typeof decls>;

export interface ReloadSettings {
  /** The reload on each host: strategy, unit, health gate, boot check, rollback, the processes beside the app. */
  options: ReloadOptions;
  /** How many hosts reload at a time. */
  batch: BatchSize;
  /** The load probe during the reload (off without `load-url`). */
  load: (LoadOptions & { windowMs: number; maxFailed: number }) | undefined;
  maxFailedRequests: number;
}

/** The load probe's inputs, which the root action shares by the same names. */
export type LoadProbeInputs = Pick<
  ReloadInputs,
  'load-url' | 'load-address' | 'ca' | 'load-rate' | 'load-window' | 'max-failed-requests'
>;

/** The load probe: requests at `load-rate` to `load-url` through the reload (undefined without `load-url`). */
export function loadProbe(inputs: LoadProbeInputs): ReloadSettings['load'] {
  return inputs['load-url']
    ? {
        url: inputs['load-url'],
        address: inputs['load-address'],
        ca: inputs.ca,
        rate: inputs['load-rate'],
        timeoutMs: 10_000,
        windowMs: inputs['load-window'],
        maxFailed: inputs['max-failed-requests'],
      }
    : undefined;
}

/** The processes beside the app in render-config's manifest in `dir` (none without one). */
export function renderedProcesses(dir: string | undefined): NonNullable<ReloadOptions['processes']> {
  return dir
    ? readRenderedDir(resolve(process.env.GITHUB_WORKSPACE ?? process.cwd(), dir), dir).manifest.processes
    : [];
}

/** reload-graceful's input helper: checks the inputs that depend on each other; every problem at once. */
export function reloadSettings(inputs: ReloadInputs): ReloadSettings {
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
      processes: renderedProcesses(rendered),
    },
    batch: batch as BatchSize,
    load: loadProbe(inputs),
    maxFailedRequests: inputs['max-failed-requests'],
  };
}
