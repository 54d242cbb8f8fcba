/**
 * The root action: render-config → ssh-deploy → reload-graceful → smoke-check from one spec, each stage the same
 * function its own action runs, stopping at the first failed stage, with one job summary (the stage table, then
 * each stage's own report). Every input is checked, and the spec read, before the first stage touches anything:
 * `prepare` composes each stage's settings (settings.ts here; the types are in actions/<name>/settings.ts) from
 * this action's inputs and the spec; a stage adds only what the run before it found out (the rendered files,
 * the release id).
 */
import * as core from '../common/core.js';
import { existsSync } from 'node:fs';
import { cancelReason, isCancelled } from '../../cancel.js';
import { join, resolve } from 'node:path';
import { holdLocksForRun } from '../../releases/lock.js';
import { KeelError } from '../../errors.js';
import { pipelineReports, runPipeline, type Stage, type StageRun } from '../../pipeline/pipeline.js';
import type { Logger } from '../../log.js';
import type { Resolved } from '../../appspec/resolve.js';
import { type Connection, connectionFrom } from '../common/connection.js';
import { finish, readInputs, runnerLogger, step } from '../common/step.js';
import { readSpec, renderFiles } from '../render-config/stage.js';
import { type RenderSettings, renderSettings } from '../render-config/settings.js';
import { reloadService } from '../reload-graceful/stage.js';
import { renderedProcesses, type ReloadSettings } from '../reload-graceful/settings.js';
import { checkSite } from '../smoke-check/stage.js';
import type { SmokeSettings } from '../smoke-check/settings.js';
import { deployRelease, leftLocks, releaseLeftLocks, subset } from '../ssh-deploy/stage.js';
import type { DeploySettings } from '../ssh-deploy/settings.js';
import type { CanaryPlan } from '../../releases/fleet.js';
import { inputs as decls, STAGES, type StageName } from './inputs.js';
import { canaryPlan, checkSkip, type PipelineInputs, stageSettings } from './settings.js';
import { clearSwitched, recordSwitched, revertSwitched } from './unproved.js';
import { watchRelease } from '../common/watch.js';
import { watchTarget } from '../../watch/read.js';
import { reloadTarget } from '../../releases/deploy.js';
import { checkSingletonHosts } from '../../releases/processes.js';
import { processUnits } from '../../render/processes.js';

interface Context {
  inputs: PipelineInputs;
  log: Logger;
  /** The hosts the deploy, reload and watch stages work on: all of them, or the canaries, then the rest. */
  connection: Connection;
  /** Every host. */
  all: Connection;
  canary: CanaryPlan | undefined;
  spec: Resolved;
  /**
   * Each stage's settings, composed from the root action's inputs and the spec before any stage runs. What
   * only a run knows (the rendered directory, the release id, the release to expect) is added by the stage.
   */
  render: RenderSettings;
  deploy: DeploySettings;
  reload: ReloadSettings;
  smoke: SmokeSettings;
  /** Set by the render stage (or found in output-dir when render is skipped). */
  renderedDir: string | undefined;
  /** Set by the deploy stage. */
  releaseId: string | undefined;
  /** When the deploy stage started (the watch's baseline ends there), and the hosts it switched. */
  switchedAt: number | undefined;
  switchedHosts: { host: string; ok: boolean; switched: boolean; previous?: string }[];
}

const workspace = () => process.env.GITHUB_WORKSPACE ?? process.cwd();

/** Each stage, by name; the order is STAGES'. */
const stages: Record<StageName, Stage<Context>> = {
  render: {
    name: 'render',
    title: 'render-config: the files from the spec, validated; plan against the hosts',
    async run(c) {
      const r = await renderFiles(c.render, c.all, c.log);
      c.renderedDir = r.outputs.dir;
      return r;
    },
  },
  deploy: {
    name: 'deploy',
    title: 'ssh-deploy: the release and the host files, switch, reload the service',
    async run(c) {
      c.switchedAt = Date.now();
      // With a reload stage, the processes beside the app move after it proved the web (not at the switch).
      const defer = !c.inputs.skip.includes('reload');
      const r = await deployRelease(
        // The rest after a canary get the canaries' release id (a default id would be a new one).
        { ...c.deploy, renderedDir: c.renderedDir, releaseId: c.releaseId ?? c.deploy.releaseId },
        c.connection,
        c.log,
        { deferProcesses: defer, fleetHosts: c.all.endpoints.map((e) => e.name) },
      );
      c.releaseId = r.outputs['release-id'];
      c.switchedHosts = JSON.parse(r.outputs.hosts ?? '[]');
      // Switched and not yet proved: a cancel or a later failure must take these hosts back.
      if (!c.inputs.skip.includes('reload') && c.releaseId)
        recordSwitched(c.spec.path, c.releaseId, reloadTarget(c.spec), JSON.parse(r.outputs.hosts ?? '[]'), {
          processes: renderedProcesses(c.renderedDir),
          singletonHost: c.all.endpoints[0]?.name,
        });
      return r;
    },
  },
  reload: {
    name: 'reload',
    title:
      'reload-graceful: reload the service, prove the new workers, readiness and version; roll back on failure',
    async run(c) {
      // The processes beside the app (from the deploy's manifest) restart once the web reload is proved;
      // singletons on the first host of the whole list, whichever part of the fleet this stage reloads.
      const settings: ReloadSettings = {
        ...c.reload,
        options: {
          ...c.reload.options,
          expected: c.inputs['expected-version'] ?? c.releaseId ?? c.inputs['release-id'],
          processes: renderedProcesses(c.renderedDir),
          singletonHost: c.all.endpoints[0]?.name,
        },
      };
      checkSingletonHosts(
        settings.options.processes ?? [],
        c.all.endpoints.map((e) => e.name),
      );
      const r = await reloadService(settings, c.connection, c.log);
      if (!r.error) clearSwitched(); // proved
      return r;
    },
  },
  smoke: {
    name: 'smoke',
    title: 'smoke-check: endpoints, version, TLS and headers of the live site',
    run: (c) =>
      checkSite(
        {
          ...c.smoke,
          check: {
            ...c.smoke.check,
            expectedVersion: c.inputs['expected-version'] ?? c.releaseId ?? c.inputs['release-id'],
          },
        },
        c.log,
      ),
  },
  watch: {
    name: 'watch',
    title: 'watch: 5xx and p95 in the access log before and after the switch; roll back on a regression',
    async run(c) {
      const switched = c.switchedHosts.filter((h) => h.ok).map((h) => h.host);
      const r = await watchRelease(
        watchTarget(c.spec),
        c.connection,
        c.switchedAt ? switched : c.connection.endpoints.map((e) => e.name),
        c.inputs.watch,
        c.switchedAt ?? Date.now(),
        c.log,
        { canary: !!c.canary },
      );
      // A regression (on a canary: anything but healthy): the hosts this run switched go back (after the
      // pipeline stops, under the same locks), the processes beside the app with them.
      if ((r.regressed || (c.canary && r.error)) && c.releaseId)
        recordSwitched(c.spec.path, c.releaseId, reloadTarget(c.spec), c.switchedHosts, {
          processes: renderedProcesses(c.renderedDir),
          singletonHost: c.all.endpoints[0]?.name,
        });
      if (c.canary && r.error)
        r.error = new KeelError(
          `${r.error.message}; not contacted (the canary did not pass), still on their release: ${c.canary.rest.join(', ')}`,
        );
      return r;
    },
  },
  rest: {
    name: 'rest',
    title: 'rest: after the canaries passed the watch, deploy, reload and smoke on the other hosts',
    async run(c) {
      c.connection = subset(c.all, c.canary!.rest);
      c.log.info(`Canary passed: ${c.releaseId ?? 'the release'} goes to ${c.canary!.rest.join(', ')}`);
      const parts: [string, StageRun][] = [];
      for (const name of ['deploy', 'reload', 'smoke'] as const) {
        if (c.inputs.skip.includes(name)) continue;
        const r = await stages[name].run(c);
        parts.push([name, r]);
        if (r.error) break;
      }
      const failed = parts.find(([, r]) => r.error);
      return {
        outputs: Object.assign({}, ...parts.map(([, r]) => r.outputs)) as Record<string, string>,
        reports: parts.flatMap(([, r]) => r.reports),
        figures: parts.map(([n, r]) => `${n}: ${r.figures}`).join('; '),
        warning: parts.some(([, r]) => r.warning),
        error: failed ? new KeelError(`${failed[0]} on the rest: ${failed[1].error!.message}`) : undefined,
      };
    },
  },
};

/** Everything checked before the first stage runs: inputs, credentials, the spec, each stage's settings. */
async function prepare(
  inputs: PipelineInputs,
  log: Logger,
): Promise<Omit<Context, 'renderedDir' | 'releaseId' | 'switchedAt' | 'switchedHosts' | 'connection'>> {
  checkSkip(inputs);
  const connection = connectionFrom(inputs, log);
  const canary = canaryPlan(
    inputs,
    connection.endpoints.map((e) => e.name),
  );
  const render = renderSettings(inputs);
  const spec = await readSpec(render.source);
  // A singleton-host that is not one of the hosts: refused before any stage runs (and again against the
  // rendered manifest the deploy and reload stages use).
  checkSingletonHosts(
    processUnits(spec),
    connection.endpoints.map((e) => e.name),
  );
  return { inputs, log, all: connection, canary, spec, render, ...stageSettings(inputs, spec) };
}

function outputsOf(c: Context, runs: Partial<Record<StageName, StageRun>>): Record<string, string> {
  const deployed = runs.deploy?.outputs;
  const hosts = [
    ...(JSON.parse(deployed?.hosts ?? '[]') as { host: string; ok: boolean }[]),
    ...(JSON.parse(runs.rest?.outputs.hosts ?? '[]') as { host: string; ok: boolean }[]),
  ];
  const watched = runs.watch?.outputs['watch-result'];
  return {
    'rendered-dir': c.renderedDir ?? '',
    service: c.spec.units.service,
    'release-id': deployed?.['release-id'] ?? '',
    'previous-release': deployed?.['previous-release'] ?? '',
    'deployed-hosts': hosts
      .filter((h) => h.ok)
      .map((h) => h.host)
      .join(','),
    'failed-hosts': [deployed?.['failed-hosts'], runs.rest?.outputs['failed-hosts']]
      .filter(Boolean)
      .join(','),
    'canary-hosts': c.canary?.canaries.join(',') ?? '',
    'canary-result': !c.canary ? 'off' : watched === 'healthy' ? 'passed' : (watched ?? 'failed'),
    'serving-release': runs.reload?.outputs['serving-release'] ?? '',
    'rolled-back-hosts': runs.reload?.outputs['rolled-back-hosts'] ?? '',
    'load-requests': runs.reload?.outputs['load-requests'] ?? '',
    'load-ok': runs.reload?.outputs['load-ok'] ?? '',
    'load-failed': runs.reload?.outputs['load-failed'] ?? '',
    'load-held-back': runs.reload?.outputs['load-held-back'] ?? '',
    'smoke-passed': runs.smoke?.outputs.passed ?? '',
    'watch-result': c.inputs.watch > 0 ? (runs.watch?.outputs['watch-result'] ?? '') : 'off',
    grade: runs.smoke?.outputs.grade ?? '',
    version: runs.smoke?.outputs.version ?? '',
  };
}

export async function main(): Promise<void> {
  await step(async () => {
    const inputs = await readInputs(decls);
    const log = runnerLogger();
    const prepared = await prepare(inputs, log);
    const context: Context = {
      ...prepared,
      connection: prepared.canary ? subset(prepared.all, prepared.canary.canaries) : prepared.all,
      renderedDir: undefined,
      releaseId: undefined,
      switchedAt: undefined,
      switchedHosts: [],
    };
    if (inputs.skip.includes('render')) {
      const dir = resolve(workspace(), inputs['output-dir']);
      if (existsSync(join(dir, 'manifest.json'))) context.renderedDir = dir;
      else
        log.info(
          `render skipped and ${inputs['output-dir']} has no manifest.json: deploying without host files`,
        );
    }
    // One deploy lock per host for the whole run: taken by the deploy stage (or the reload stage when deploy
    // is skipped) and held through the reload and any rollback, released at the end with its own token.
    const result = await holdLocksForRun(log, async () => {
      const r = await runPipeline(
        STAGES.map((name) => stages[name]),
        context,
        [...inputs.skip, ...(inputs.watch > 0 ? [] : ['watch']), ...(context.canary ? [] : ['rest'])],
        log,
      );
      // A failure or a cancel after the switch: every host still on the unproved release goes back, under
      // the same locks.
      if (!r.ok && r.error) {
        const why = isCancelled() ? `cancelled (${cancelReason()})` : r.error.message.split('\n')[0]!;
        const back = (await revertSwitched(() => context.all, why, log)).filter((b) => b.changed || !b.ok);
        const status = (name: StageName) => r.stages.find((x) => x.name === name)?.status;
        // A cancel says in what state it left the hosts: switched back, the new release proved, or untouched.
        const state = back.length
          ? back.map((b) => `${b.host}: ${b.ok ? b.detail : `could NOT switch back: ${b.detail}`}`).join('; ')
          : isCancelled() && status('reload') === 'passed'
            ? `${context.releaseId ?? 'the new release'} was proved before the cancel and is serving`
            : isCancelled() && status('deploy') !== 'passed'
              ? 'the deploy did not finish: the previous release is serving'
              : undefined;
        if (state) r.error = new KeelError(`${r.error.message}; ${state}`, { hint: r.error.hint });
      }
      return r;
    });
    const runs = Object.fromEntries(
      result.stages.flatMap((s) => (s.run ? [[s.name, s.run]] : [])),
    ) as Partial<Record<StageName, StageRun>>;
    await finish({
      outputs: {
        status: result.ok ? 'success' : 'failure',
        stages: JSON.stringify(
          result.stages.map((s) => ({
            name: s.name,
            result: s.status,
            seconds: s.seconds,
            figures: s.figures,
          })),
        ),
        ...Object.fromEntries(result.stages.map((s) => [`${s.name}-result`, s.status])),
        ...outputsOf(context, runs),
      },
      reports: pipelineReports(result, `keel ${context.spec.name}`),
      figures: '',
      error: result.error,
    });
  });
}

/**
 * Post: when the main step was killed after a switch that nothing proved, switch those hosts back first; then
 * release any deploy lock the main step still held (it was cancelled or crashed).
 */
export async function post(): Promise<void> {
  await step(async () => {
    const log = runnerLogger();
    // Inputs are read (and the key parsed) only when there is something to do, and then once.
    let inputs: PipelineInputs | undefined;
    const read = async () => (inputs ??= await readInputs(decls));
    const reverted = await revertSwitched(
      async () => connectionFrom(await read(), log),
      'the run was stopped before the release was proved',
      log,
      leftLocks()?.locks ?? [],
    );
    // The main step was killed before it could say what it left: this is the run's one error line.
    const done = reverted.filter((x) => x.changed || !x.ok);
    if (done.length)
      core.error(
        `keel: the run was stopped before the release was proved; ${done.map((r) => `${r.host}: ${r.ok ? r.detail : `could NOT switch back to the previous release: ${r.detail}`}`).join('; ')}`,
        { title: 'keel: rollback' },
      );
    await releaseLeftLocks(read, log);
  });
}
