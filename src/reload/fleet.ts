/**
 * Reloads across hosts (a batch at a time, one by default, stopping after a failed batch), with the optional
 * load probe running from before the first reload until after the last. Failed requests count as a failure
 * after the switch: when the probe has seen more than allowed, every host reloaded by this run is rolled back
 * (the probe keeps running through the rollback, so its cost is measured too). A probe that could not keep
 * its rate rolls nothing back (it saw no failure) but its report says so, and the step fails on it.
 */
import { LoadProbe, type LoadOptions, type LoadReport } from '../probes/load.js';
import type { BatchSize } from '../releases/fleet.js';
import { onEachHost, type Skipped } from '../each-host.js';
import { type Connection, withSession } from '../remote/ssh.js';
import type { Logger } from '../log.js';
import {
  emptyReloadResult,
  recoverHost,
  type ReloadHostResult,
  type ReloadOptions,
  reloadHost,
} from './reload.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { retireSingletons } from '../releases/processes.js';

export interface FleetReload {
  results: (ReloadHostResult | Skipped)[];
  load: LoadReport | undefined;
}

export async function reloadFleet(
  c: Connection,
  options: ReloadOptions,
  fleet: { batch: BatchSize; maxParallel: number },
  load: (LoadOptions & { windowMs: number; maxFailed: number }) | undefined,
  log: Logger,
): Promise<FleetReload> {
  // Singletons (Celery beat) run on the first host of the whole hosts list only (given when `c` is a part of
  // the fleet, e.g. the canaries), and are stopped everywhere else before it starts them.
  const singletonHost = options.singletonHost ?? c.endpoints[0]?.name;
  if (options.processes?.length) await retireSingletons(c, options.processes, singletonHost, log);
  options = { ...options, singletonHost };
  let probe: LoadProbe | undefined;
  if (load) {
    probe = new LoadProbe(load);
    log.info(`load probe: ${load.rate} requests/s to ${load.url}`);
    probe.start();
    await sleep(load.windowMs);
    probe.mark('during');
  }
  const tooMany = () => (probe && load ? probe.failedSoFar > load.maxFailed : false);
  let results: (ReloadHostResult | Skipped)[];
  try {
    results = await onEachHost(
      c,
      fleet,
      log,
      (s, endpoint) =>
        log.group(`${endpoint.name}: ${options.strategy} reload`, async () => {
          const r = await reloadHost(s, options, log);
          // Failed requests already seen: this host's reload is not proved; roll it back now, in its session,
          // and stop the rollout here (the hosts reloaded before it are rolled back below).
          if (r.ok && tooMany()) return recoverHost(s, options, loadFailure(probe!, load!), r, log);
          return r;
        }),
      (endpoint, error) => emptyReloadResult(endpoint.name, options.strategy, error),
    );
    if (probe) {
      probe.mark('after');
      await sleep(load!.windowMs);
      await probe.settle(load!.timeoutMs);
    }
    const done = results.filter((r): r is ReloadHostResult => r.ok);
    if (tooMany() && done.length) {
      const reason = loadFailure(probe!, load!);
      const rolled = await Promise.all(
        done.map((r) => {
          const endpoint = c.endpoints.find((e) => e.name === r.host)!;
          return withSession(
            c,
            endpoint,
            log,
            (s) => log.group(`${endpoint.name}: rollback`, () => recoverHost(s, options, reason, r, log)),
            (error) => ({ ...r, ok: false, error: `${reason}; the rollback could not start: ${error}` }),
          );
        }),
      );
      results = results.map((r) => (r.ok ? (rolled.find((x) => x.host === r.host) ?? r) : r));
    }
  } catch (error) {
    // Never leave the probe's timer running behind an unexpected failure.
    if (probe) await probe.stop();
    throw error;
  }
  const report = probe ? await probe.stop() : undefined;
  if (report) {
    const own = report.phases.find((p) => p.phase === 'before')?.cpuMsPerRequest;
    log.info(
      `load probe: ${report.sent} sent, ${report.ok} ok, ${report.failed} failed, ${report.heldBack} held back` +
        (own === undefined ? '' : `; its own CPU: ${own} ms per request`),
    );
  }
  return { results, load: report };
}

function loadFailure(probe: LoadProbe, load: { maxFailed: number; url: string }): string {
  return `the load probe saw ${probe.failedSoFar} failed request(s) to ${load.url} during the reload (allowed: ${load.maxFailed})`;
}
