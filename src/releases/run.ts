/**
 * Deploys and rollbacks across hosts: one verified SSH session per host (the deploy lock's lease included), the fleet rules (parallel or rolling
 * batches), and one result per host, including the hosts a failed batch kept from being touched.
 */
import { type Connection, type Endpoint, withSession } from '../remote/ssh.js';
import { onEachHost, type Skipped } from '../each-host.js';
import type { Logger } from '../log.js';
import { type DeployOptions, deployToHost, emptyResult, firstScript, type HostResult } from './deploy.js';
import { type BatchSize } from './fleet.js';
import { ArchiveCache } from './archive.js';
import { Layout } from './layout.js';
import { releaseLock, withLease, withLocks } from './lock.js';
import { rollbackHost, type RollbackOptions, type RollbackResult } from './rollback.js';
import { type ProcessSet, retireSingletons } from './processes.js';

export interface FleetOptions {
  batch: BatchSize;
  maxParallel: number;
  batchWaitMs: number;
}

export type { Skipped };

export async function deployFleet(
  c: Connection,
  deployPath: string,
  options: Omit<DeployOptions, 'lease'> & { lock: { waitMs: number; ttlMs: number } },
  fleet: FleetOptions,
  log: Logger,
  onLock: (endpoint: Endpoint, token: string, held: boolean) => void,
): Promise<(HostResult | Skipped)[]> {
  const layout = new Layout(deployPath);
  // More than one host: archives are packed once for all of them (on one host, streamed as packed).
  const archives = c.endpoints.length > 1 ? await ArchiveCache.create() : undefined;
  // Singletons (Celery beat) run on the first host of the list only.
  const perHost = {
    ...options,
    singletonHost: options.singletonHost ?? c.endpoints[0]?.name,
    createdAt: new Date(),
    ...(archives ? { archives } : {}),
  };
  try {
    return await singletonsFirst(
      c,
      deployPath,
      options,
      options.releaseId,
      log,
      onLock,
      perHost.singletonHost,
      () =>
        onEachHost(
          c,
          fleet,
          log,
          (s, endpoint) =>
            withLease(
              c,
              endpoint,
              layout,
              { run: options.run.id, actor: options.run.actor, release: options.releaseId },
              options.lock,
              log,
              (t, held) => onLock(endpoint, t, held),
              (lease, prepared, owned) =>
                deployToHost(s, layout, { ...perHost, lease, prepared, releaseAtSwitch: owned }, log),
              // One connection per host: the lock is taken on the deploy's session, and the deploy's first
              // script (firstScript: the prepare, the state, the copy of the live release) rides the take's
              // round trip.
              {
                session: s,
                then: (token) => firstScript(layout, options, token),
              },
            ),
          (endpoint, error) => emptyResult(endpoint.name, options.releaseId, error),
          (b, n, total) => {
            if (total > 1) log.info(`batch ${b + 1}/${total}: ${n} host(s)`);
          },
        ),
    );
  } finally {
    await archives?.dispose();
  }
}

export async function rollbackFleet(
  c: Connection,
  deployPath: string,
  options: RollbackOptions,
  fleet: FleetOptions,
  log: Logger,
  onLock: (endpoint: Endpoint, token: string, held: boolean) => void,
): Promise<(RollbackResult | Skipped)[]> {
  const layout = new Layout(deployPath);
  const release = `rollback${options.target ? ` to ${options.target}` : ''}`;
  return singletonsFirst(c, deployPath, options, release, log, onLock, c.endpoints[0]?.name, () =>
    onEachHost(
      c,
      fleet,
      log,
      (s, endpoint) =>
        withLease(
          c,
          endpoint,
          layout,
          { run: options.run.id, actor: options.run.actor, release },
          options.lock,
          log,
          (t, held) => onLock(endpoint, t, held),
          (lease) => rollbackHost(s, layout, { ...options, singletonHost: c.endpoints[0]?.name, lease }, log),
          { session: s },
        ),
      (endpoint, error): RollbackResult => ({
        host: endpoint.name,
        ok: false,
        from: undefined,
        to: undefined,
        error,
      }),
    ),
  );
}

/**
 * With a singleton (Celery beat) among the processes: every host's lock is taken first (all or none), then the
 * singleton is stopped on every other host, then `work` runs under those locks. A run that cannot hold every
 * lock changes nothing, so it can never stop the singleton that another run, holding the locks, has just
 * started (and then start its own on another host). Without a singleton, each host's lock is taken when its
 * own deploy starts, as before. `release` is what the lock's holder says (as each host's lease would).
 */
async function singletonsFirst<R>(
  c: Connection,
  deployPath: string,
  options: { processes: ProcessSet[]; lock: { waitMs: number; ttlMs: number } },
  release: string,
  log: Logger,
  onLock: (endpoint: Endpoint, token: string, held: boolean) => void,
  singletonHost: string | undefined,
  work: () => Promise<R>,
): Promise<R> {
  if (!options.processes.some((p) => p.singleton)) return work();
  return withLocks(
    c,
    deployPath,
    release,
    options.lock,
    log,
    async () => {
      // A singleton is stopped on every other host before any host starts it (never twice, not for a moment).
      await retireSingletons(c, options.processes, singletonHost, log);
      return work();
    },
    onLock,
  );
}

/** The post step's job: release locks a cancelled or crashed main step left behind (only its own tokens). */
export async function releaseLocks(
  c: Connection,
  deployPath: string,
  locks: { host: string; token: string }[],
  log: Logger,
): Promise<string[]> {
  const layout = new Layout(deployPath);
  const released: string[] = [];
  await Promise.all(
    c.endpoints
      .filter((e) => locks.some((l) => l.host === e.name))
      .map((e) =>
        withSession(
          c,
          e,
          log,
          async (s) => {
            for (const l of locks.filter((x) => x.host === e.name))
              if (await releaseLock(s, layout, l.token)) released.push(e.name);
          },
          (error) => log.warn(`${e.name}: could not release the deploy lock: ${error}`),
        ),
      ),
  );
  return released;
}
