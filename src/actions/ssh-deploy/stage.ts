/**
 * ssh-deploy's work, shared by its own entry and the root pipeline action: settings (settings.ts) and a connection in,
 * outputs, reports and key figures out (a failure after the hosts were touched is returned, not thrown, so
 * the outputs and reports are still written).
 */
import * as core from '../common/core.js';
import { resolve } from 'node:path';
import { KeelError } from '../../errors.js';
import type { Inputs } from '../../config/inputs.js';
import type { StageRun } from '../../report/run.js';
import { entryModuleOf, walk } from '../../releases/files.js';
import { installedByKeel } from '../../render/index.js';
import { readRenderedDir } from '../../render/manifest.js';
import { batches } from '../../releases/fleet.js';
import { defaultReleaseId } from '../../releases/layout.js';
import { runContext } from '../../releases/lock.js';
import { deployFleet, releaseLocks, rollbackFleet } from '../../releases/run.js';
import { preflight } from '../../remote/preflight.js';
import type { Endpoint } from '../../remote/ssh.js';
import type { Logger } from '../../log.js';
import { deployReport, rollbackReport } from '../../report/deploy.js';
import { preflightReport } from '../../report/preflight.js';
import type { connectionInputs } from '../common/connection-inputs.js';
import { type Connection, connectionFrom } from '../common/connection.js';
import { state } from './inputs.js';
import type { CheckSettings, DeploymentRecord, DeploySettings, RollbackSettings } from './settings.js';
import { watchRelease } from '../common/watch.js';
import type { WatchTarget } from '../../watch/read.js';
import { Layout } from '../../releases/layout.js';
import { checkSingletonHosts, type ProcessSet } from '../../releases/processes.js';
import { revertUnproved, type RevertResult } from '../../releases/revert.js';
import { channelsOpened, SshSession, withSession } from '../../remote/ssh.js';
import { performance } from 'node:perf_hooks';

const workspace = () => process.env.GITHUB_WORKSPACE ?? process.cwd();

/**
 * Remembers each lock held (and where) in the step state, for the post step: taken ones are added, released
 * ones removed, so after a run that ended normally the post step has nothing to do and connects nowhere.
 */
function lockRecorder(deployPath: string): (e: Endpoint, token: string, held: boolean) => void {
  let locks: { host: string; token: string }[] = [];
  core.saveState(state.deployPath, deployPath);
  return (e, token, held) => {
    locks = held ? [...locks, { host: e.name, token }] : locks.filter((l) => l.token !== token);
    core.saveState(state.locks, JSON.stringify(locks));
  };
}

/** The locks the main step still held when it ended (the post step's view), and where. */
export function leftLocks(): { deployPath: string; locks: { host: string; token: string }[] } | undefined {
  const saved = core.getState(state.locks);
  const deployPath = core.getState(state.deployPath);
  if (!saved || !deployPath) return undefined;
  return { deployPath, locks: JSON.parse(saved) as { host: string; token: string }[] };
}

/** The post step of ssh-deploy and of the pipeline: release any deploy lock the main step still held. */
export async function releaseLeftLocks(
  readConnectionInputs: () => Promise<Inputs<typeof connectionInputs>>,
  log: Logger,
): Promise<void> {
  const left = leftLocks();
  if (!left || left.locks.length === 0) return;
  const { deployPath, locks } = left;
  const released = await releaseLocks(
    connectionFrom(await readConnectionInputs(), log),
    deployPath,
    locks,
    log,
  );
  for (const h of released)
    core.warning(`${h}: released the deploy lock the main step left behind`, { title: 'keel: lock' });
}

/** render-config's output: files for the release itself (gunicorn.conf.py) and for the host (units, site, ...). */
function rendered(dir: string | undefined, installConfig: boolean) {
  if (!dir)
    return {
      extra: [],
      hostFiles: [],
      units: { service: undefined, socket: undefined },
      processes: [],
      firewall: undefined,
      proxyVersions: undefined,
      watch: undefined,
    };
  const { manifest, content } = readRenderedDir(resolve(workspace(), dir), dir);
  return {
    extra: manifest.files
      .filter((f) => f.scope === 'release')
      .map((f) => ({ path: f.install, content: content(f.name), mode: parseInt(f.mode, 8) })),
    hostFiles: installConfig
      ? manifest.files
          .filter((f) => f.scope === 'host' && installedByKeel(f))
          .map((f) => ({ ...f, content: content(f.name) }))
      : [],
    units: { service: manifest.service, socket: manifest.socket ?? undefined },
    processes: manifest.processes,
    firewall: installConfig ? manifest.firewall : undefined,
    proxyVersions: manifest.versions,
    watch: manifest.watch,
  };
}

/** What deploys and rollbacks share on each host: the reload, the lock, who is running it. */
function hostOptions(settings: DeploySettings | RollbackSettings) {
  return { reloadUnit: settings.reloadUnit, lock: settings.lock, run: runContext() };
}

/**
 * Per-host results to the status/hosts/failed-hosts outputs, and each failed host's cause for the step's one
 * error line (`causes`); the causes go to the log as well, so the step does not annotate them twice.
 */
function hostOutputs<R extends { host: string; ok: boolean; error?: string | undefined }>(results: R[]) {
  const failed = results.filter((r) => !r.ok);
  for (const r of failed) core.info(`✗ ${r.host}: ${r.error ?? 'failed'}`);
  const causes = failed
    .map((r) => (r.error?.startsWith(`${r.host}:`) ? r.error : `${r.host}: ${r.error ?? 'failed'}`))
    .join('; ');
  return {
    failed,
    causes,
    outputs: {
      status: failed.length === 0 ? 'success' : 'failure',
      hosts: JSON.stringify(results),
      'failed-hosts': failed.map((r) => r.host).join(','),
    },
  };
}

/** A GitHub Deployment for this run, when asked for (never fails the deploy itself). */
async function trackDeployment(
  record: DeploymentRecord | undefined,
  description: string,
  outputs: Record<string, string>,
) {
  if (!record) return undefined;
  const { startDeployment } = await import('../../github/deployments.js');
  const d = await startDeployment({
    token: record.token,
    environment: record.environment,
    environmentUrl: record.environmentUrl,
    description,
  });
  if (d) outputs['deployment-id'] = String(d.id);
  return d;
}

export async function checkHosts(
  settings: CheckSettings,
  connection: Connection,
  log: Logger,
): Promise<StageRun> {
  const reports = await log.group(`Checking ${connection.endpoints.length} host(s)`, () =>
    preflight(
      connection,
      {
        deployPath: settings.deployPath,
        minFreeMiB: settings.minFreeMiB,
        requireSudo: settings.requireSudo,
        service: settings.service,
        firewall: rendered(settings.renderedDir, true).firewall,
      },
      log,
    ),
  );
  const { failed, outputs } = hostOutputs(reports);
  for (const r of reports) {
    for (const c of r.checks.filter((c) => !c.ok))
      (c.warning ? core.warning : core.error)(`${r.host}: ${c.name}: ${c.detail}`, {
        title: `keel: ${r.host}`,
      });
    if (r.ok) log.info(`${r.host}: all checks passed (${r.hostKey})`);
  }
  return {
    outputs,
    reports: [preflightReport(reports)],
    figures: `${reports.length - failed.length}/${reports.length} hosts ready`,
    error: failed.length
      ? new KeelError(
          `${failed.length} of ${reports.length} host(s) failed the check: ${failed.map((r) => r.error ?? r.host).join('; ')}`,
        )
      : undefined,
  };
}

export async function deployRelease(
  settings: DeploySettings,
  connection: Connection,
  log: Logger,
  /** fleetHosts: every host of the run (the root action deploys a part of it at a time), in order. */
  options: { deferProcesses?: boolean; fleetHosts?: string[] } = {},
): Promise<StageRun> {
  const source = settings.sourceDir;
  const releaseId = settings.releaseId ?? defaultReleaseId(new Date(), process.env.GITHUB_SHA);
  const switchedAt = Date.now();
  const { watch: target, firewall, ...made } = rendered(settings.renderedDir, settings.installConfig);
  const fleetHosts = options.fleetHosts ?? connection.endpoints.map((e) => e.name);
  // A singleton-host that is not one of the hosts: refused before any host is touched.
  checkSingletonHosts(made.processes, fleetHosts);
  if (settings.watchMs > 0 && !target)
    throw new KeelError(
      settings.renderedDir
        ? `input 'watch': ${settings.renderedDir}/manifest.json has nothing to watch (render it again with this keel)`
        : "input 'watch': needs 'rendered-dir' (the access log, route table and thresholds come from render-config's manifest)",
      { field: 'watch' },
    );
  // The first hosts' SSH handshakes (one session per host: the lock's lease uses the deploy's) overlap the walk and hashing; nothing
  // runs on a host until the release files are known to be good.
  const startMs = Math.round(performance.now());
  // The first batch (of the canaries, when they go first) is connected while the files are walked.
  const firstTargets = settings.canary ? subset(connection, settings.canary.canaries) : connection;
  const firstHosts = (batches(firstTargets.endpoints, settings.rollout.batch)[0] ?? []).slice(
    0,
    settings.rollout.maxParallel,
  );
  const ahead = SshSession.preconnect(connection, firstHosts, 1, log);
  const walkStarted = Date.now();
  const files = await log
    .group('Collecting the release files', async () => {
      const f = await walk(source, settings.exclude, {
        onSkip: (path, why) => log.warn(`${settings.source}: ${path}: ${why}`),
        entryModule: entryModuleOf(made.extra),
      });
      log.info(
        `${f.filter((e) => e.type === 'file').length} files, ${(f.reduce((n, e) => n + e.size, 0) / 1048576).toFixed(1)} MiB from ${settings.source}`,
      );
      return f;
    })
    .catch(async (error: unknown) => {
      await ahead.dispose();
      throw error;
    });
  log.info(`timing: start ${startMs} ms, walk/hash ${Date.now() - walkStarted} ms`);
  const venvMode = settings.venv.mode;
  const venvEnabled =
    venvMode === 'on' || (venvMode === 'auto' && files.some((f) => f.path === 'requirements.txt'));
  if (venvMode === 'on' && !files.some((f) => f.path === 'requirements.txt')) {
    throw new KeelError("input 'venv': on, but the release has no requirements.txt", { field: 'venv' });
  }
  const outputs: Record<string, string> = { 'release-id': releaseId };
  const deployment = await trackDeployment(settings.deployment, `keel deploy ${releaseId}`, outputs).catch(
    async (error: unknown) => {
      await ahead.dispose();
      throw error;
    },
  );
  const filesReadyAt = Date.now();
  const onLock = lockRecorder(settings.deployPath);
  const deployTo = (c: Connection) =>
    deployFleet(
      c,
      settings.deployPath,
      {
        releaseId,
        source,
        files,
        ...made,
        // The firewall's proof needs connections of its own: new ones, made after the rules are live (a new
        // options object, so `open` never hands it a session opened ahead while the files were walked).
        firewall: firewall && {
          plan: firewall,
          connect: (endpoint: Endpoint, ms: number) =>
            SshSession.open(
              endpoint,
              connection.credentials,
              { ...connection.options, connectTimeoutMs: ms, retries: 0 },
              log,
            ),
        },
        // Deferred: the root action's reload stage restarts them once the web reload is proved.
        processes: options.deferProcesses ? [] : made.processes,
        shared: settings.shared,
        keep: settings.keep,
        venv: {
          enabled: venvEnabled,
          systemSitePackages: settings.venv.systemSitePackages,
          wheelsDir: settings.venv.wheelsDir,
          pipArgs: settings.venv.pipArgs,
        },
        hooks: settings.hooks,
        filesReadyAt,
        ...hostOptions(settings),
        // Celery beat and other singletons: their singleton-host, or else the first host of the whole list,
        // canary first or not.
        singletonHost: fleetHosts[0],
      },
      settings.rollout,
      log,
      onLock,
    );
  const canary = settings.canary;
  let results: Awaited<ReturnType<typeof deployTo>>;
  let watched: Awaited<ReturnType<typeof watchAndRevert>> | undefined;
  /** Hosts never contacted because the canaries did not pass. */
  let untouched: string[] = [];
  if (!canary) {
    results = await deployTo(connection).finally(() => ahead.dispose());
    watched =
      target && settings.watchMs > 0 && results.every((r) => r.ok)
        ? await watchAndRevert(
            settings,
            connection,
            log,
            target,
            releaseId,
            switchedAt,
            results,
            made.processes,
          )
        : undefined;
  } else {
    log.info(
      `Canary first: ${canary.canaries.join(', ')}; then ${canary.rest.join(', ')} if the canary passes`,
    );
    results = await deployTo(subset(connection, canary.canaries)).finally(() => ahead.dispose());
    if (results.every((r) => r.ok)) {
      watched = await watchAndRevert(
        settings,
        connection,
        log,
        target!,
        releaseId,
        switchedAt,
        results,
        made.processes,
        { canary: true },
      );
      if (watched.result === 'healthy') {
        log.info(`Canary passed: deploying ${releaseId} to ${canary.rest.join(', ')}`);
        results = [...results, ...(await deployTo(subset(connection, canary.rest)))];
      } else untouched = canary.rest;
    } else untouched = canary.rest;
    outputs['canary-hosts'] = canary.canaries.join(',');
    outputs['canary-result'] = !watched ? 'failed' : watched.result === 'healthy' ? 'passed' : watched.result;
    if (untouched.length)
      log.info(`Canary did not pass: ${untouched.join(', ')} not contacted, still on their previous release`);
  }
  // Round trips to each host, counted by the SSH layer (the lock's included).
  for (const e of connection.endpoints)
    if (channelsOpened(e) > 0) log.info(`${e.name}: timing: ${channelsOpened(e)} SSH channels`);
  const hosts = hostOutputs(results);
  const { failed, causes } = hosts;
  if (untouched.length)
    hosts.outputs.hosts = JSON.stringify([
      ...results,
      ...untouched.map((host) => ({
        host,
        ok: false,
        skipped: true,
        error: 'not deployed: the canary did not pass',
      })),
    ]);
  outputs['watch-result'] = settings.watchMs > 0 ? (watched?.result ?? '') : 'off';
  if (!canary) Object.assign(outputs, { 'canary-hosts': '', 'canary-result': 'off' });
  const first = results.find((r): r is Exclude<typeof r, { skipped: true }> => !('skipped' in r));
  const sentFiles = results.reduce((n, r) => n + ('uploadedFiles' in r ? r.uploadedFiles : 0), 0);
  const sentBytes = results.reduce((n, r) => n + ('uploadedBytes' in r ? r.uploadedBytes : 0), 0);
  Object.assign(outputs, hosts.outputs, {
    'previous-release': first?.previous ?? '',
    'uploaded-bytes': String(sentBytes),
  });
  const ok = failed.length === 0 && !watched?.run.error;
  if (!ok) outputs.status = 'failure';
  await deployment?.finish(
    ok,
    failed.length
      ? `release ${releaseId} failed on ${failed.map((r) => r.host).join(', ')}`
      : watched?.run.error
        ? `release ${releaseId}: ${watched.run.error.message.slice(0, 120)}`
        : `release ${releaseId} on ${results.length} host(s)`,
  );
  return {
    outputs,
    reports: [deployReport(releaseId, results), ...(watched?.run.reports ?? [])],
    figures:
      `${releaseId} on ${results.length - failed.length}/${results.length} host(s)` +
      (first?.previous ? ` (was ${first.previous})` : '') +
      `, ${sentFiles} file(s) sent, ${(sentBytes / 1024).toFixed(0)} KiB` +
      (settings.reloadUnit ? `, ${settings.reloadUnit} reloaded` : '') +
      (watched ? `; watch ${watched.run.figures}` : ''),
    warning: watched?.run.warning,
    error: failed.length
      ? new KeelError(
          `release ${releaseId} failed on ${failed.length} of ${results.length} host(s); each keeps its previous release. ${causes}` +
            (untouched.length ? `; not contacted (the canary did not pass): ${untouched.join(', ')}` : ''),
        )
      : watched?.run.error,
  };
}

/** The same connection, with only the named hosts (in the list's order). */
export function subset(c: Connection, names: string[]): Connection {
  return { ...c, endpoints: c.endpoints.filter((e) => names.includes(e.name)) };
}

/**
 * ssh-deploy's watch: after the switch, the window on every host; on a regression, each host still on the new
 * release goes back to the one it had (marked bad, `reload-unit` reloaded, logged), under the run's locks.
 */
async function watchAndRevert(
  settings: DeploySettings,
  connection: Connection,
  log: Logger,
  target: WatchTarget,
  releaseId: string,
  switchedAt: number,
  results: { host: string; ok: boolean; switched?: boolean; previous?: string | undefined }[],
  processes: ProcessSet[],
  options: { canary?: boolean } = {},
) {
  const live = results.filter((r) => r.ok && r.switched);
  const run = await watchRelease(
    target,
    connection,
    live.map((r) => r.host),
    settings.watchMs,
    switchedAt,
    log,
    options,
  );
  // Without a canary only a regression switches back; a canary goes back unless it was judged healthy.
  if (!run.regressed && !(options.canary && run.error)) return { result: run.outputs['watch-result']!, run };
  const why = run.error!.message.split('\n')[0]!;
  const layout = new Layout(settings.deployPath);
  const back = await Promise.all(
    live.map(async ({ host, previous }): Promise<RevertResult> => {
      const endpoint = connection.endpoints.find((e) => e.name === host)!;
      if (!previous) return { host, ok: false, changed: false, detail: 'no previous release to go back to' };
      return withSession(
        connection,
        endpoint,
        log,
        (s) =>
          revertUnproved(
            s,
            layout,
            {
              release: releaseId,
              previous,
              unit: settings.reloadUnit,
              processes,
              singletonHost: connection.endpoints[0]?.name,
            },
            why,
            log,
          ),
        (error): RevertResult => ({ host, ok: false, changed: false, detail: error }),
      );
    }),
  );
  const state = back
    .map((b) => `${b.host}: ${b.ok ? b.detail : `could NOT switch back: ${b.detail}`}`)
    .join('; ');
  run.error = new KeelError(`${run.error!.message}; ${state}`);
  return { result: run.outputs['watch-result']!, run };
}

export async function rollbackRelease(
  settings: RollbackSettings,
  connection: Connection,
  log: Logger,
): Promise<StageRun> {
  const target = settings.target;
  const processes = rendered(settings.renderedDir, false).processes;
  checkSingletonHosts(
    processes,
    connection.endpoints.map((e) => e.name),
  );
  const outputs: Record<string, string> = {};
  const deployment = await trackDeployment(
    settings.deployment,
    `keel rollback${target ? ` to ${target}` : ''}`,
    outputs,
  );
  const results = await rollbackFleet(
    connection,
    settings.deployPath,
    { target, processes, ...hostOptions(settings) },
    settings.rollout,
    log,
    lockRecorder(settings.deployPath),
  );
  const { failed, causes, outputs: hostOuts } = hostOutputs(results);
  const first = results.find((r) => 'to' in r && r.to) as { to?: string; from?: string } | undefined;
  Object.assign(outputs, hostOuts, {
    'release-id': first?.to ?? '',
    'previous-release': first?.from ?? '',
  });
  await deployment?.finish(
    failed.length === 0,
    failed.length === 0 ? `rolled back to ${first?.to ?? '?'}` : 'rollback failed',
  );
  return {
    outputs,
    reports: [rollbackReport(results)],
    figures: `${first?.from ?? '?'} → ${first?.to ?? '?'} on ${results.length - failed.length}/${results.length} host(s)`,
    error: failed.length
      ? new KeelError(`rollback failed on ${failed.length} of ${results.length} host(s): ${causes}`)
      : undefined,
  };
}
