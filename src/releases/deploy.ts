/**
 * One release to one host, under the deploy lock the caller holds (lock.ts): stage (hard-link copy of the
 * previous release, then only what changed) → shared files → virtualenv → hooks → atomic switch → reload → log →
 * prune. Until the switch nothing the site uses is touched; a failure after it switches back. `current` always
 * points to a complete release. The steps are steps.ts's; the release state (log, `current`, pruning) is
 * state.ts's.
 */
import type { SshSession } from '../remote/ssh.js';
import type { Logger } from '../log.js';
import { type ArchiveCache, type ExtraFile } from './archive.js';
import { type FileEntry } from './files.js';
import { type Layout, type SharedPath } from './layout.js';
import type { ProxyVersions } from '../render/versions.js';
import { type HostFile } from './install.js';
import { type ProcessSet } from './processes.js';
import { type FirewallDeploy } from './firewall.js';
import { type Lease } from './lock.js';
import { HostDeploy } from './steps.js';

export {
  firstScript,
  parsePrepared,
  prepareBody,
  prepareScript,
  quietPlan,
  readPrepared,
  reloadCommand,
} from './steps.js';

export interface DeployOptions {
  releaseId: string;
  source: string;
  files: FileEntry[];
  /** Files keel adds to the release (rendered gunicorn.conf.py, ...). */
  extra: ExtraFile[];
  shared: SharedPath[];
  keep: number;
  venv: { enabled: boolean; systemSitePackages: boolean; wheelsDir: string | undefined; pipArgs: string[] };
  hooks: { build: string | undefined; beforeSwitch: string | undefined; afterSwitch: string | undefined };
  /** systemd unit to reload after the switch (and after a switch back). */
  reloadUnit: string | undefined;
  /** Host-level files from render-config to install (checked on the host, restored on failure). */
  hostFiles: HostFile[];
  /** The proxy versions the host files were rendered for (a host running newer ones gets a warning). */
  proxyVersions?: ProxyVersions | undefined;
  /** The app's units, to enable and restart when their files change. */
  units: { service: string | undefined; socket: string | undefined };
  /** The processes beside the app: restarted onto the release after every switch (and every switch back). */
  processes: ProcessSet[];
  /** The host singletons (Celery beat) run on: the first of the hosts list (set by deployFleet). */
  singletonHost?: string | undefined;
  /** The host firewall, applied before the switch with its lock-out guard (firewall.ts). */
  firewall?: FirewallDeploy | undefined;
  /** The deploy lock this run holds on the host (see lock.ts): its token names this run's upload. */
  lease: Lease;
  /** What firstScript printed when it rode the lock's take (withLease's `then`): its round trip saved. */
  prepared?: string | undefined;
  /**
   * The lease is this deploy's alone (withLease's `owned`): with nothing to run after the switch (quietPlan),
   * the switch's script releases the lock as its last step, after the log line and the prune.
   */
  releaseAtSwitch?: boolean;
  run: { id: string; actor: string; sha: string; repository: string };
  /** A fleet's shared archives: hosts that need the same archive get one packed once (see ArchiveCache). */
  archives?: ArchiveCache;
  /** When the release was made (the same on every host of a fleet, so their archives are the same). */
  createdAt?: Date;
  /** When the release files were ready (Date.now()): the time to here is the host's wait (connect, lock). */
  filesReadyAt?: number;
}

export interface HostResult {
  host: string;
  ok: boolean;
  release: string;
  previous: string | undefined;
  switched: boolean;
  rolledBack: boolean;
  uploadedFiles: number;
  unchangedFiles: number;
  removedFiles: number;
  uploadedBytes: number;
  pruned: string[];
  seconds: number;
  error: string | undefined;
}

/** A host's result before anything happened (or when nothing could: `error`). */
export function emptyResult(host: string, release: string, error?: string): HostResult {
  return {
    host,
    ok: false,
    release,
    previous: undefined,
    switched: false,
    rolledBack: false,
    uploadedFiles: 0,
    unchangedFiles: 0,
    removedFiles: 0,
    uploadedBytes: 0,
    pruned: [],
    seconds: 0,
    error,
  };
}

export async function deployToHost(
  session: SshSession,
  layout: Layout,
  o: DeployOptions,
  log: Logger,
): Promise<HostResult> {
  const run = new HostDeploy(session, layout, o, log, emptyResult(session.endpoint.name, o.releaseId));
  try {
    const facts = await run.prepare(); // 1
    const d = await run.stage(facts); // 2
    await run.transfer(d, facts.zstd === 'yes' ? 'zstd' : 'gzip');
    await run.build(); // 3, 4
    const installed = await run.finish(); // 5
    const logged = await run.switchOver(installed); // 6
    await run.record(logged); // 7
    run.result.ok = true;
  } catch (error) {
    await run.undo(error);
  } finally {
    run.end();
  }
  return run.result;
}

/** What reloadCommand reloads for an app: its systemd service, or its supervisor program. */
export function reloadTarget(r: {
  name: string;
  units: { service: string };
  spec: { 'process-manager'?: string };
}): string {
  return r.spec['process-manager'] === 'supervisor' ? `supervisor:${r.name}` : r.units.service;
}
