/**
 * ssh-deploy's settings: what a deploy, a rollback or a check needs, parsed and checked once from the action's
 * inputs, every input check that needs more than one input included, all before any host is touched (every
 * error names its input). The stage (stage.ts) takes these, not inputs. The root action shares the release's
 * inputs by the same names and builds its deploy settings with `deploySettings`.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError, KeelError, type Problem } from '../../errors.js';
import type { Inputs } from '../../config/inputs.js';
import { parseHostAddress } from '../../config/hosts.js';
import { excludeProblems } from '../../releases/files.js';
import { type BatchSize, type CanaryPlan, parseBatchSize, parseCanary } from '../../releases/fleet.js';
import { parseShared, type SharedPath } from '../../releases/layout.js';
import type { FleetOptions } from '../../releases/run.js';
import { sharedPathProblems } from '../../releases/shared.js';
import { readRenderedDir } from '../../render/manifest.js';
import type { inputs as decls } from './inputs.js';

export type SshDeployInputs = Inputs<typeof decls>;

const workspace = () => process.env.GITHUB_WORKSPACE ?? process.cwd();

/** A GitHub Deployment to record the run as (`github-deployment`). */
export interface DeploymentRecord {
  token: string;
  environment: string;
  environmentUrl: string | undefined;
}

/** What deploys and rollbacks share on each host. */
interface HostSettings {
  deployPath: string;
  /** render-config's output directory (relative to the workspace), when there is one. */
  renderedDir: string | undefined;
  /** A unit to `systemctl reload` after the switch (and after a switch back). */
  reloadUnit: string | undefined;
  lock: { waitMs: number; ttlMs: number };
  /** How the hosts are worked through: a batch at a time, up to maxParallel at once, a pause between batches. */
  rollout: FleetOptions;
  /** Undefined: no GitHub Deployment. */
  deployment: DeploymentRecord | undefined;
}

export interface DeploySettings extends HostSettings {
  /** The directory to release, as given (relative to the workspace): what messages name. */
  source: string;
  /** The same, absolute. */
  sourceDir: string;
  exclude: string[];
  /** Undefined: a new id from the time and the commit. */
  releaseId: string | undefined;
  /** Install the host-level files render-config made. */
  installConfig: boolean;
  shared: SharedPath[];
  keep: number;
  venv: {
    mode: 'auto' | 'on' | 'off';
    systemSitePackages: boolean;
    wheelsDir: string | undefined;
    pipArgs: string[];
  };
  hooks: { build: string | undefined; beforeSwitch: string | undefined; afterSwitch: string | undefined };
  /** Watch the site this long after the switch (0: off). */
  watchMs: number;
  /** Canary first: the canary hosts and the rest, by endpoint name (undefined: off). */
  canary: CanaryPlan | undefined;
}

export interface RollbackSettings extends HostSettings {
  /** The release to return to (default: the newest good one before the current). */
  target: string | undefined;
}

export interface CheckSettings {
  deployPath: string | undefined;
  minFreeMiB: number;
  requireSudo: boolean;
  service: string | undefined;
  renderedDir: string | undefined;
}

export type SshDeploySettings =
  | { mode: 'deploy'; deploy: DeploySettings }
  | { mode: 'rollback'; rollback: RollbackSettings }
  | { mode: 'check'; check: CheckSettings };

/** The release's inputs, which the root action shares with ssh-deploy by the same names. */
export type ReleaseInputs = Pick<
  SshDeployInputs,
  | 'source'
  | 'exclude'
  | 'release-id'
  | 'shared'
  | 'keep'
  | 'venv'
  | 'venv-system-site-packages'
  | 'wheels-dir'
  | 'pip-args'
  | 'build'
  | 'before-switch'
  | 'after-switch'
  | 'install-config'
  | RolloutInputs
>;

type RolloutInputs =
  | 'lock-wait'
  | 'lock-ttl'
  | 'max-parallel'
  | 'batch-size'
  | 'batch-wait'
  | 'github-deployment'
  | 'environment'
  | 'environment-url'
  | 'github-token';

/** What ssh-deploy's own inputs say and the root action takes from the spec and its stages instead. */
export interface DeployTarget {
  deployPath: string;
  renderedDir: string | undefined;
  reloadUnit: string | undefined;
  watchMs: number;
  canary: CanaryPlan | undefined;
}

/** The rollout, the lock and the GitHub Deployment, for deploys and rollbacks alike. */
function hostParts(
  inputs: Pick<SshDeployInputs, RolloutInputs>,
  problems: Problem[],
): Pick<HostSettings, 'lock' | 'rollout' | 'deployment'> {
  const batch = parseBatchSize(inputs['batch-size']);
  if (typeof batch === 'string') problems.push({ field: 'batch-size', message: batch });
  return {
    lock: { waitMs: inputs['lock-wait'], ttlMs: inputs['lock-ttl'] },
    rollout: {
      batch: batch as BatchSize,
      maxParallel: inputs['max-parallel'],
      batchWaitMs: inputs['batch-wait'],
    },
    deployment: inputs['github-deployment']
      ? {
          token: inputs['github-token'] ?? '',
          environment: inputs.environment,
          environmentUrl: inputs['environment-url'],
        }
      : undefined,
  };
}

/** The release-only settings: what `releaseParts` reads. */
type ReleaseParts = Omit<DeploySettings, keyof HostSettings | 'watchMs' | 'canary'>;

/**
 * The release: the source directory, what is shipped and how it is built, checked. `renderedLater`: the
 * rendered directory is made by an earlier stage of the root action, so it cannot be checked yet.
 */
function releaseParts(
  inputs: ReleaseInputs,
  renderedDir: string | undefined,
  problems: Problem[],
  options: { renderedLater?: boolean | undefined },
): ReleaseParts {
  const sourceDir = resolve(workspace(), inputs.source);
  if (!existsSync(sourceDir) || !statSync(sourceDir).isDirectory())
    problems.push({ field: 'source', message: `${inputs.source} is not a directory in the workspace` });
  const shared = parseShared(inputs.shared);
  for (const p of [...shared.problems, ...sharedPathProblems(shared.shared)])
    problems.push({ field: 'shared', message: p });
  for (const p of excludeProblems(inputs.exclude)) problems.push({ field: 'exclude', message: p });
  if (renderedDir && !options.renderedLater) {
    try {
      readRenderedDir(resolve(workspace(), renderedDir), renderedDir);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      problems.push(...error.problems);
    }
  }
  return {
    source: inputs.source,
    sourceDir,
    exclude: inputs.exclude,
    releaseId: inputs['release-id'],
    installConfig: inputs['install-config'],
    shared: shared.shared,
    keep: inputs.keep,
    venv: {
      mode: inputs.venv,
      systemSitePackages: inputs['venv-system-site-packages'],
      wheelsDir: inputs['wheels-dir'],
      pipArgs: inputs['pip-args'],
    },
    hooks: {
      build: inputs.build,
      beforeSwitch: inputs['before-switch'],
      afterSwitch: inputs['after-switch'],
    },
  };
}

/** A GitHub Deployment needs a token: refused before anything runs. */
function checkDeployment(settings: Pick<HostSettings, 'deployment'>): void {
  if (settings.deployment && !settings.deployment.token)
    throw new KeelError("input 'github-token' is empty but 'github-deployment' is on", {
      field: 'github-token',
    });
}

/** Deploy settings from the release's inputs and what the caller knows of the target (the root action's way). */
export function deploySettings(
  inputs: ReleaseInputs,
  target: DeployTarget,
  options: { renderedLater?: boolean } = {},
): DeploySettings {
  const problems: Problem[] = [];
  const host = hostParts(inputs, problems);
  const release = releaseParts(inputs, target.renderedDir, problems, options);
  if (problems.length) throw new InputError(problems);
  checkDeployment(host);
  return { ...target, ...host, ...release };
}

/**
 * ssh-deploy's input helper: the mode's settings, with every input check that needs more than one input; every
 * problem at once. `renderedLater` as in `deploySettings`.
 */
export function sshDeploySettings(
  inputs: SshDeployInputs,
  options: { renderedLater?: boolean } = {},
): SshDeploySettings {
  if (inputs.mode === 'check')
    return {
      mode: 'check',
      check: {
        deployPath: inputs['deploy-path'],
        minFreeMiB: inputs['min-free-space'],
        requireSudo: inputs['require-sudo'],
        service: inputs.service,
        renderedDir: inputs['rendered-dir'],
      },
    };
  const problems: Problem[] = [];
  if (!inputs['deploy-path'])
    problems.push({ field: 'deploy-path', message: `is required for mode ${inputs.mode}` });
  const host = {
    ...hostParts(inputs, problems),
    deployPath: inputs['deploy-path']!,
    renderedDir: inputs['rendered-dir'],
    reloadUnit: inputs['reload-unit'],
  };
  const release =
    inputs.mode === 'deploy' ? releaseParts(inputs, inputs['rendered-dir'], problems, options) : undefined;
  if (inputs.watch > 0 && inputs.mode !== 'deploy')
    problems.push({ field: 'watch', message: 'is only used with mode: deploy' });
  else if (inputs.watch > 0 && !inputs['rendered-dir'])
    problems.push({
      field: 'watch',
      message:
        "needs 'rendered-dir' (the access log, route table and thresholds come from render-config's manifest)",
    });
  if (inputs.mode !== 'rollback' && inputs['rollback-to'])
    problems.push({ field: 'rollback-to', message: 'is only used with mode: rollback' });
  // The host names as the endpoints will be named (a malformed entry is the connection's error to report).
  const names = inputs.hosts.flatMap((h) => {
    const a = parseHostAddress(h);
    return typeof a === 'string' ? [] : [a.host];
  });
  const canary = parseCanary(inputs.canary, names);
  if (typeof canary === 'string') problems.push({ field: 'canary', message: canary });
  else if (canary && inputs.mode !== 'deploy')
    problems.push({ field: 'canary', message: 'is only used with mode: deploy' });
  else if (canary && !(inputs.watch > 0))
    problems.push({
      field: 'canary',
      message:
        "needs 'watch' (how long to watch the canaries before the rest follow), e.g. watch: 5m; without it nothing would judge the canaries",
    });
  if (problems.length) throw new InputError(problems);
  checkDeployment(host);
  if (release)
    return {
      mode: 'deploy',
      deploy: {
        ...host,
        ...release,
        watchMs: inputs.watch,
        canary: typeof canary === 'object' ? canary : undefined,
      },
    };
  return { mode: 'rollback', rollback: { ...host, target: inputs['rollback-to'] } };
}
