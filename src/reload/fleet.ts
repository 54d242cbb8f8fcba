/**
 * Reloads across hosts (a batch at a time, one by default, stopping after a failed batch), with the optional
 * load probe running from before the first reload until after the last.
 */
import { LoadProbe, type LoadOptions, type LoadReport } from '../probes/load.js';
import { type BatchSize, rollOut } from '../releases/fleet.js';
import type { Skipped } from '../releases/run.js';
import { type Connection, withSession } from '../remote/ssh.js';
import type { Logger } from '../report/log.js';
import { emptyReloadResult, type ReloadHostResult, type ReloadOptions, reloadHost } from './reload.js';

export interface FleetReload {
  results: (ReloadHostResult | Skipped)[];
  load: LoadReport | undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function reloadFleet(
  c: Connection,
  options: ReloadOptions,
  fleet: { batch: BatchSize; maxParallel: number },
  load: (LoadOptions & { windowMs: number }) | undefined,
  log: Logger,
): Promise<FleetReload> {
  let probe: LoadProbe | undefined;
  if (load) {
    probe = new LoadProbe(load);
    log.info(`load probe: ${load.rate} requests/s to ${load.url}`);
    probe.start();
    await sleep(load.windowMs);
    probe.mark('during');
  }
  let outcome;
  try {
    outcome = await rollOut(c.endpoints, fleet.batch, fleet.maxParallel, 0, (endpoint) =>
      withSession(
        c,
        endpoint,
        log,
        (s) => log.group(`${endpoint.name}: ${options.strategy} reload`, () => reloadHost(s, options, log)),
        (error) => emptyReloadResult(endpoint.name, options.strategy, error),
      ),
    );
  } finally {
    if (probe) {
      probe.mark('after');
      await sleep(load!.windowMs);
    }
  }
  const report = probe ? await probe.stop() : undefined;
  return {
    results: outcome.results.map((r, i) => r ?? { host: c.endpoints[i]!.name, ok: false, skipped: true }),
    load: report,
  };
}
