/**
 * The watch after the switch, as the root action's watch stage and ssh-deploy's `watch` run it: the window
 * after the switch on every host the release went live on, then the verdict. A regression fails the stage with the reasons (the caller then switches the hosts back the way an
 * unproved release is switched back); too little traffic is a warning saying so, never a pass.
 *
 * On canaries (`canary`), too little traffic fails the stage instead: the canary exists to judge the release
 * before the rest get it, and an unjudged canary is not a pass. The callers then switch the canaries back too,
 * so a failed step leaves the whole fleet on the release it had (the rest were never contacted).
 */
import * as core from './core.js';
import { KeelError } from '../../errors.js';
import type { StageRun } from '../../report/run.js';
import type { Connection } from '../../remote/ssh.js';
import type { Logger } from '../../log.js';
import { watchReport } from '../../report/watch.js';
import type { WatchTarget } from '../../watch/read.js';
import { bucketSeconds, watchHosts } from '../../watch/watch.js';

export async function watchRelease(
  target: WatchTarget,
  connection: Connection,
  hosts: string[],
  windowMs: number,
  switchedAt: number,
  log: Logger,
  options: { canary?: boolean } = {},
): Promise<StageRun & { regressed: boolean }> {
  const thresholds = target.thresholds;
  const bucketS = bucketSeconds(windowMs);
  const results = await log.group(`Watching ${hosts.length} host(s) for ${windowMs / 1000} s`, () =>
    watchHosts(
      connection,
      hosts,
      {
        file: target.log,
        table: { routes: target.routes, health: target.health },
        windowMs,
        bucketS,
        thresholds,
        switchedAt,
      },
      log,
    ),
  );
  const bad = results.filter((r) => r.result === 'regressed' || r.result === 'error');
  const thin = results.filter((r) => r.result === 'not-enough-traffic');
  for (const r of options.canary ? [] : thin)
    core.warning(`${r.host}: ${r.decision?.reasons[0] ?? 'not enough traffic to judge'}`, {
      title: 'keel: watch',
    });
  const result = results.some((r) => r.result === 'regressed')
    ? 'regressed'
    : bad.length
      ? 'error'
      : thin.length
        ? 'not-enough-traffic'
        : 'healthy';
  const requests = results.reduce((n, r) => n + (r.watch?.total.requests ?? 0), 0);
  const why = bad
    .map(
      (r) =>
        `${r.host}: ${r.result === 'error' ? `could not read the access log: ${r.error}` : r.decision!.reasons.join('; ')}`,
    )
    .join('; ');
  return {
    outputs: { 'watch-result': result },
    reports: [watchReport(results, bucketS, thresholds)],
    figures: `${result}: ${requests} request(s) in ${windowMs / 1000} s on ${results.length} host(s)`,
    warning: result === 'not-enough-traffic',
    regressed: result === 'regressed',
    error:
      options.canary && result === 'not-enough-traffic'
        ? new KeelError(
            `the canary was not judged: ${thin.map((r) => `${r.host}: ${r.decision?.reasons[0] ?? 'not enough traffic to judge'}`).join('; ')}; an unjudged canary is not a pass, so the rest were not deployed (watch longer, or deploy when the site has traffic)`,
          )
        : bad.length
          ? new KeelError(
              `${result === 'regressed' ? 'the watch found a regression' : 'the watch could not read every host'}: ${why}`,
            )
          : undefined,
  };
}
