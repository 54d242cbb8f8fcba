/** ssh-deploy entry: inputs → library → outputs and job summary. */
import * as core from '@actions/core';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InputError, KeelError, type Problem } from '../../errors.js';
import type { Inputs } from '../../config/inputs.js';
import { walk } from '../../releases/files.js';
import { type BatchSize, parseBatchSize } from '../../releases/fleet.js';
import { defaultReleaseId, parseShared } from '../../releases/layout.js';
import { deployFleet, releaseLocks, rollbackFleet } from '../../releases/run.js';
import { preflight } from '../../remote/preflight.js';
import type { Endpoint } from '../../remote/ssh.js';
import type { Logger } from '../../report/log.js';
import { deployReport, rollbackReport } from '../../report/deploy.js';
import { preflightReport } from '../../report/preflight.js';
import { type Connection, connectionFrom } from '../common/connection.js';
import { readInputs, runnerLogger, step, writeSummary } from '../common/step.js';
import { inputs as decls, state } from './inputs.js';

type SshDeployInputs = Inputs<typeof decls>;

const workspace = () => process.env.GITHUB_WORKSPACE ?? process.cwd();

function runContext() {
  return {
    id: `${process.env.GITHUB_REPOSITORY ?? 'local'}#${process.env.GITHUB_RUN_ID ?? '0'}.${process.env.GITHUB_RUN_ATTEMPT ?? '1'}`,
    actor: process.env.GITHUB_ACTOR ?? process.env.USER ?? 'unknown',
    sha: process.env.GITHUB_SHA ?? '',
    repository: process.env.GITHUB_REPOSITORY ?? '',
  };
}

/** Input checks that need more than one input, all before any host is touched. */
function validate(inputs: SshDeployInputs): { batch: BatchSize; deployPath: string } {
  const problems: Problem[] = [];
  if (!inputs['deploy-path'])
    problems.push({ field: 'deploy-path', message: `is required for mode ${inputs.mode}` });
  const batch = parseBatchSize(inputs['batch-size']);
  if (typeof batch === 'string') problems.push({ field: 'batch-size', message: batch });
  if (inputs.mode === 'deploy') {
    const source = resolve(workspace(), inputs.source);
    if (!existsSync(source) || !statSync(source).isDirectory()) {
      problems.push({ field: 'source', message: `${inputs.source} is not a directory in the workspace` });
    }
    for (const p of parseShared(inputs.shared).problems) problems.push({ field: 'shared', message: p });
    if (
      inputs['rendered-dir'] &&
      !existsSync(join(resolve(workspace(), inputs['rendered-dir']), 'manifest.json'))
    ) {
      problems.push({
        field: 'rendered-dir',
        message: `${inputs['rendered-dir']} has no manifest.json (give render-config's dir output)`,
      });
    }
  }
  if (inputs.mode !== 'rollback' && inputs['rollback-to'])
    problems.push({ field: 'rollback-to', message: 'is only used with mode: rollback' });
  if (problems.length) throw new InputError(problems);
  return { batch: batch as BatchSize, deployPath: inputs['deploy-path']! };
}

/** Remembers each lock taken, in the step state, for the post step. */
function lockRecorder(): (e: Endpoint, token: string) => void {
  const locks: { host: string; token: string }[] = [];
  return (e, token) => {
    locks.push({ host: e.name, token });
    core.saveState(state.locks, JSON.stringify(locks));
  };
}

interface RenderedManifest {
  service: string;
  socket: string | null;
  files: {
    name: string;
    kind: string;
    install: string;
    scope: string;
    owner: string;
    group: string;
    mode: string;
    onChange: string;
  }[];
}

/** render-config's output: files for the release itself (gunicorn.conf.py) and for the host (units, site, ...). */
function rendered(dir: string | undefined, installConfig: boolean) {
  if (!dir) return { extra: [], hostFiles: [], units: { service: undefined, socket: undefined } };
  const root = resolve(workspace(), dir);
  const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')) as RenderedManifest;
  const content = (name: string) => readFileSync(join(root, name), 'utf8');
  return {
    extra: manifest.files
      .filter((f) => f.scope === 'release')
      .map((f) => ({ path: f.install, content: content(f.name), mode: parseInt(f.mode, 8) })),
    hostFiles: installConfig
      ? manifest.files
          .filter((f) => f.scope === 'host' && f.kind !== 'alerts')
          .map((f) => ({ ...f, content: content(f.name) }))
      : [],
    units: { service: manifest.service, socket: manifest.socket ?? undefined },
  };
}

/** What deploys and rollbacks share on each host: the reload, the lock, who is running it. */
function hostOptions(inputs: SshDeployInputs) {
  return {
    reloadUnit: inputs['reload-unit'],
    lock: { waitMs: inputs['lock-wait'], ttlMs: inputs['lock-ttl'] },
    run: runContext(),
  };
}

/** Per-host results to annotations and the status/hosts/failed-hosts outputs; returns the failed ones. */
function reportHosts<R extends { host: string; ok: boolean; error?: string | undefined }>(results: R[]): R[] {
  const failed = results.filter((r) => !r.ok);
  for (const r of results) if (r.error) core.error(r.error, { title: `keel: ${r.host}` });
  core.setOutput('status', failed.length === 0 ? 'success' : 'failure');
  core.setOutput('hosts', JSON.stringify(results));
  core.setOutput('failed-hosts', failed.map((r) => r.host).join(','));
  return failed;
}

/** A GitHub Deployment for this run, when asked for (never fails the deploy itself). */
async function trackDeployment(inputs: SshDeployInputs, description: string) {
  if (!inputs['github-deployment']) return undefined;
  if (!inputs['github-token'])
    throw new KeelError("input 'github-token' is empty but 'github-deployment' is on", {
      field: 'github-token',
    });
  const { startDeployment } = await import('../../github/deployments.js');
  const d = await startDeployment({
    token: inputs['github-token'],
    environment: inputs.environment,
    environmentUrl: inputs['environment-url'],
    description,
  });
  if (d) core.setOutput('deployment-id', String(d.id));
  return d;
}

async function check(inputs: SshDeployInputs, connection: Connection, log: Logger): Promise<void> {
  const reports = await log.group(`Checking ${connection.endpoints.length} host(s)`, () =>
    preflight(
      connection,
      {
        deployPath: inputs['deploy-path'],
        minFreeMiB: inputs['min-free-space'],
        requireSudo: inputs['require-sudo'],
        service: inputs.service,
      },
      log,
    ),
  );
  const failed = reportHosts(reports);
  for (const r of reports) {
    for (const c of r.checks.filter((c) => !c.ok))
      core.error(`${r.host}: ${c.name}: ${c.detail}`, { title: `keel: ${r.host}` });
    if (r.ok) core.info(`${r.host}: all checks passed (${r.hostKey})`);
  }
  await writeSummary([preflightReport(reports)]);
  if (failed.length > 0)
    throw new KeelError(
      `${failed.length} of ${reports.length} host(s) failed the check: ${failed.map((r) => r.host).join(', ')}`,
    );
}

async function deploy(
  inputs: SshDeployInputs,
  connection: Connection,
  log: Logger,
  batch: BatchSize,
  deployPath: string,
): Promise<void> {
  const source = resolve(workspace(), inputs.source);
  const releaseId = inputs['release-id'] ?? defaultReleaseId(new Date(), process.env.GITHUB_SHA);
  const files = await log.group('Collecting the release files', async () => {
    const f = await walk(source, inputs.exclude);
    log.info(
      `${f.filter((e) => e.type === 'file').length} files, ${(f.reduce((n, e) => n + e.size, 0) / 1048576).toFixed(1)} MiB from ${inputs.source}`,
    );
    return f;
  });
  const venvEnabled =
    inputs.venv === 'on' || (inputs.venv === 'auto' && files.some((f) => f.path === 'requirements.txt'));
  if (inputs.venv === 'on' && !files.some((f) => f.path === 'requirements.txt')) {
    throw new KeelError("input 'venv': on, but the release has no requirements.txt", { field: 'venv' });
  }
  core.setOutput('release-id', releaseId);
  const deployment = await trackDeployment(inputs, `keel deploy ${releaseId}`);
  const results = await deployFleet(
    connection,
    deployPath,
    {
      releaseId,
      source,
      files,
      ...rendered(inputs['rendered-dir'], inputs['install-config']),
      shared: parseShared(inputs.shared).shared,
      keep: inputs.keep,
      venv: {
        enabled: venvEnabled,
        systemSitePackages: inputs['venv-system-site-packages'],
        wheelsDir: inputs['wheels-dir'],
        pipArgs: inputs['pip-args'],
      },
      hooks: {
        build: inputs.build,
        beforeSwitch: inputs['before-switch'],
        afterSwitch: inputs['after-switch'],
      },
      ...hostOptions(inputs),
    },
    { batch, maxParallel: inputs['max-parallel'], batchWaitMs: inputs['batch-wait'] },
    log,
    lockRecorder(),
  );
  const failed = reportHosts(results);
  const first = results.find((r): r is Exclude<typeof r, { skipped: true }> => !('skipped' in r));
  core.setOutput('previous-release', first?.previous ?? '');
  core.setOutput(
    'uploaded-bytes',
    String(results.reduce((n, r) => n + ('uploadedBytes' in r ? r.uploadedBytes : 0), 0)),
  );
  await writeSummary([deployReport(releaseId, results)]);
  await deployment?.finish(
    failed.length === 0,
    failed.length === 0
      ? `release ${releaseId} on ${results.length} host(s)`
      : `release ${releaseId} failed on ${failed.map((r) => r.host).join(', ')}`,
  );
  if (failed.length > 0) {
    throw new KeelError(
      `release ${releaseId} failed on ${failed.length} of ${results.length} host(s): ${failed.map((r) => r.host).join(', ')}; each keeps its previous release`,
    );
  }
}

async function rollback(
  inputs: SshDeployInputs,
  connection: Connection,
  log: Logger,
  batch: BatchSize,
  deployPath: string,
): Promise<void> {
  const target = inputs['rollback-to'];
  const deployment = await trackDeployment(inputs, `keel rollback${target ? ` to ${target}` : ''}`);
  const results = await rollbackFleet(
    connection,
    deployPath,
    {
      target: inputs['rollback-to'],
      ...hostOptions(inputs),
    },
    { batch, maxParallel: inputs['max-parallel'], batchWaitMs: inputs['batch-wait'] },
    log,
    lockRecorder(),
  );
  const failed = reportHosts(results);
  const first = results.find((r) => 'to' in r && r.to) as { to?: string; from?: string } | undefined;
  core.setOutput('release-id', first?.to ?? '');
  core.setOutput('previous-release', first?.from ?? '');
  await writeSummary([rollbackReport(results)]);
  await deployment?.finish(
    failed.length === 0,
    failed.length === 0 ? `rolled back to ${first?.to ?? '?'}` : 'rollback failed',
  );
  if (failed.length > 0)
    throw new KeelError(
      `rollback failed on ${failed.length} of ${results.length} host(s): ${failed.map((r) => r.host).join(', ')}`,
    );
}

export async function main(): Promise<void> {
  await step(async () => {
    const inputs = readInputs(decls);
    const log = runnerLogger();
    const checked = inputs.mode === 'check' ? undefined : validate(inputs);
    const connection = connectionFrom(inputs, log);
    if (inputs.mode === 'check') return check(inputs, connection, log);
    if (inputs.mode === 'deploy') return deploy(inputs, connection, log, checked!.batch, checked!.deployPath);
    return rollback(inputs, connection, log, checked!.batch, checked!.deployPath);
  });
}

/** Post: release any deploy lock the main step still held (it was cancelled or crashed). */
export async function post(): Promise<void> {
  await step(async () => {
    const saved = core.getState(state.locks);
    if (!saved) return;
    const locks = JSON.parse(saved) as { host: string; token: string }[];
    if (locks.length === 0) return;
    const inputs = readInputs(decls);
    const log = runnerLogger();
    const released = await releaseLocks(connectionFrom(inputs, log), inputs['deploy-path']!, locks, log);
    for (const h of released)
      core.warning(`${h}: released the deploy lock the main step left behind`, { title: 'keel: lock' });
  });
}
