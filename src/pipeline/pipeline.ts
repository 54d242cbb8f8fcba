/**
 * The pipeline as a library: an ordered list of stages, each run in turn until one fails, with their timings
 * and results, and one report (the stage table) to put above each stage's own reports. It knows nothing of
 * the runner: the stages are functions the caller supplies (the root action wires in the same stage
 * functions the single actions run).
 */
import { CancelledError, cancelReason, isCancelled } from '../cancel.js';
import { errorMessage, KeelError } from '../errors.js';
import type { Logger } from '../log.js';
import type { StageRun } from '../report/run.js';
import type { Report } from '../report/summary.js';

/** What one stage did: the outputs its own action would set, its reports, one line of key figures. */
export type { StageRun };

export interface Stage<C> {
  /** The name used in `skip`, the stage table and the `<name>-result` output. */
  name: string;
  /** What the stage does, for the stage table and the docs. */
  title: string;
  run(context: C): Promise<StageRun>;
}

export type StageStatus = 'passed' | 'warning' | 'failed' | 'skipped' | 'not run';

export interface StageResult {
  name: string;
  title: string;
  status: StageStatus;
  seconds: number;
  figures: string;
  run: StageRun | undefined;
}

export interface PipelineResult {
  ok: boolean;
  stages: StageResult[];
  /** The first failure, when a stage failed. */
  error: KeelError | undefined;
}

/**
 * Runs the stages in order, skipping those named in `skip`, and stops at the first that fails: the stages
 * after it are reported as `not run`. An unexpected exception in a stage counts as its failure.
 */
export async function runPipeline<C>(
  stages: readonly Stage<C>[],
  context: C,
  skip: readonly string[],
  log: Logger,
  now: () => number = () => performance.now(),
): Promise<PipelineResult> {
  const results: StageResult[] = [];
  let error: KeelError | undefined;
  for (const stage of stages) {
    const base = { name: stage.name, title: stage.title, seconds: 0, figures: '', run: undefined };
    if (error) {
      results.push({ ...base, status: 'not run', figures: `a stage before it failed` });
      continue;
    }
    if (isCancelled()) {
      results.push({ ...base, status: 'not run', figures: 'cancelled' });
      error = new CancelledError(cancelReason() ?? 'cancelled');
      continue;
    }
    if (skip.includes(stage.name)) {
      log.info(`${stage.name}: skipped`);
      results.push({ ...base, status: 'skipped', figures: 'skipped by input' });
      continue;
    }
    const start = now();
    let run: StageRun;
    try {
      run = await stage.run(context);
    } catch (e) {
      // Input problems found only now (e.g. a stage needing what an earlier one did not make) and bugs alike.
      const failure =
        e instanceof KeelError ? e : new KeelError(`${stage.name} failed unexpectedly: ${errorMessage(e)}`);
      run = { outputs: {}, reports: [], figures: failure.message.split('\n')[0]!, error: failure };
    }
    const seconds = Math.round((now() - start) / 100) / 10;
    const status: StageStatus = run.error ? 'failed' : run.warning ? 'warning' : 'passed';
    log.info(`${stage.name}: ${status} in ${seconds}s${run.figures ? ` (${run.figures})` : ''}`);
    results.push({ ...base, status, seconds, figures: run.figures, run });
    if (run.error)
      error = new KeelError(`${stage.name} failed: ${run.error.message}`, { hint: run.error.hint });
  }
  return { ok: !error, stages: results, error };
}

const MARK: Record<StageStatus, string> = {
  passed: 'pass',
  warning: 'warning',
  failed: 'FAIL',
  skipped: 'skipped',
  'not run': 'not run',
};

/** The stage table, then each stage's own reports in order. */
export function pipelineReports(result: PipelineResult, title: string): Report[] {
  const total = result.stages.reduce((n, s) => n + s.seconds, 0);
  const table: Report = {
    title: `${title}: ${result.ok ? 'done' : `stopped at ${result.stages.find((s) => s.status === 'failed')?.name}`} in ${total.toFixed(1)} s`,
    status: result.ok ? 'ok' : 'failed',
    tables: [
      {
        headers: ['stage', 'what', 'result', 'seconds', 'key figures'],
        rows: result.stages.map((s) => [
          s.name,
          s.title,
          MARK[s.status],
          s.status === 'passed' || s.status === 'warning' || s.status === 'failed'
            ? s.seconds.toFixed(1)
            : '-',
          s.figures || '-',
        ]),
      },
    ],
  };
  return [table, ...result.stages.flatMap((s) => s.run?.reports ?? [])];
}
