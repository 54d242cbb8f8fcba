/**
 * The root action's settings: its own inputs checked (skip, canary), and each stage's settings composed from
 * those inputs (most share a stage action's name and meaning) and the spec (deploy path, units, health paths,
 * domain), before any stage runs. What only the run finds out (the rendered files, the release id, the release
 * to expect) each stage adds when it runs (main.ts).
 */
import { InputError } from '../../errors.js';
import type { Inputs } from '../../config/inputs.js';
import type { Resolved } from '../../appspec/resolve.js';
import { type CanaryPlan, parseCanary } from '../../releases/fleet.js';
import { reloadTarget } from '../../releases/deploy.js';
import { type DeploySettings, deploySettings } from '../ssh-deploy/settings.js';
import { loadProbe, type ReloadSettings } from '../reload-graceful/settings.js';
import { type SmokeSettings, smokeSettingsFrom } from '../smoke-check/settings.js';
import { inputs as decls, STAGES } from './inputs.js';

export type PipelineInputs = Inputs<typeof decls>;

/** Every name in `skip` is a stage. */
export function checkSkip(inputs: PipelineInputs): void {
  const unknown = inputs.skip.filter((s) => !(STAGES as readonly string[]).includes(s));
  if (unknown.length)
    throw new InputError(
      unknown.map((s) => ({
        field: 'skip',
        message: `${JSON.stringify(s)} is not a stage (${STAGES.join(', ')})`,
      })),
    );
}

/** Canary first: the canaries and the rest among `hosts` (endpoint names), or undefined when off. */
export function canaryPlan(inputs: PipelineInputs, hosts: string[]): CanaryPlan | undefined {
  const canary = parseCanary(inputs.canary, hosts);
  if (typeof canary === 'string') throw new InputError([{ field: 'canary', message: canary }]);
  if (canary && !(inputs.watch > 0))
    throw new InputError([
      {
        field: 'canary',
        message:
          "needs 'watch' (how long to watch the canaries before the rest follow), e.g. watch: 5m; without it nothing would judge the canaries",
      },
    ]);
  if (canary && ['deploy', 'watch'].some((s) => inputs.skip.includes(s)))
    throw new InputError([
      { field: 'canary', message: "needs the deploy and watch stages: remove them from 'skip'" },
    ]);
  return canary;
}

/** The deploy, reload and smoke stages' settings, from the root action's inputs and the spec. */
export function stageSettings(
  inputs: PipelineInputs,
  spec: Resolved,
): { deploy: DeploySettings; reload: ReloadSettings; smoke: SmokeSettings } {
  const deploy = deploySettings(
    inputs,
    {
      deployPath: spec.path,
      // Known once the render stage ran (or found in output-dir when it is skipped).
      renderedDir: undefined,
      // The reload stage reloads (and proves it); with that stage skipped, the deploy stage reloads itself.
      reloadUnit: inputs.skip.includes('reload') ? reloadTarget(spec) : undefined,
      // The root action watches in its own stage, after the reload and smoke stages, and runs the canaries
      // and the rest as stages of its own.
      watchMs: 0,
      canary: undefined,
    },
    { renderedLater: true },
  );
  const health = spec.spec.health;
  // supervisor runs the app: its HUP through supervisorctl, proved the same way (the spec allows no other).
  const supervisor = spec.spec['process-manager'] === 'supervisor';
  const reload: ReloadSettings = {
    options: {
      strategy: supervisor ? 'supervisor' : inputs['reload-strategy'],
      unit: supervisor ? spec.name : spec.units.service,
      pidfile: undefined,
      deployPath: spec.path,
      previous: undefined,
      // The release to expect and the processes beside the app: known once the deploy stage ran.
      expected: undefined,
      gate: {
        upstream: undefined,
        readinessPath: health.readiness,
        versionPath: health.version || undefined,
        publicUrl: undefined,
        publicAddress: inputs.address,
        ca: inputs.ca,
        deadlineMs: inputs['reload-timeout'],
      },
      timeoutMs: inputs['reload-timeout'],
      rollback: inputs.rollback,
      bootCheck: { module: spec.spec.app.module, python: undefined },
      proxy: 'none',
      processes: [],
    },
    // One host at a time.
    batch: { kind: 'count', n: 1 },
    load: loadProbe(inputs),
    maxFailedRequests: inputs['max-failed-requests'],
  };
  const smoke = smokeSettingsFrom(
    {
      ...inputs,
      endpoints: inputs.endpoints.length
        ? inputs.endpoints
        : [health.liveness, health.readiness, health.version],
    },
    {
      url: inputs.url ?? `https://${spec.spec.proxy.domains[0]}`,
      versionPath: health.version,
      expectedVersion: undefined,
      timeoutMs: inputs['smoke-timeout'],
      deadlineMs: inputs['smoke-deadline'],
    },
  );
  return { deploy, reload, smoke };
}
