/**
 * A zero-downtime Gunicorn reload on one host, proved, with automatic rollback.
 *
 * - `systemd`: `systemctl reload UNIT` (ExecReload sends HUP); proved when the master is the same process and
 *   every worker is a new one (none of those seen before is left). Gunicorn stops the old workers as soon as
 *   it has forked the new ones, so requests wait in the backlog while the new workers import the app.
 * - `rolling`: the same master, its workers replaced one at a time: TTIN (one more worker, which imports the
 *   new code), wait until it has stayed up, TTOU (the oldest leaves, gracefully). No moment without a booted
 *   worker, so no latency spike. New workers do not re-read gunicorn.conf.py: when the release changes it,
 *   the reload is a HUP instead.
 * - `socket`: `systemctl restart UNIT` while its .socket unit holds the listening socket (connections wait in
 *   the backlog); proved by a new master with workers.
 * - `usr2`: Gunicorn outside systemd: USR2, wait for the new master (`<pidfile>.2`) and its workers to boot and
 *   stay up, then TERM the old master; a new master that fails is TERMed and the old one keeps serving.
 *   Refused for a master that systemd manages (systemd would kill the service when the old master exits).
 * - `restart`: the last resort; it drops requests, and says so.
 * - `supervisor`: the `systemd` strategy's HUP under supervisor (`supervisorctl signal HUP PROGRAM`), proved
 *   the same way (src/reload/supervisor.ts has the supervisorctl side).
 *
 * Before touching the service, the new code is imported once on the host (the boot check): a release that
 * cannot even import is switched back without the service ever seeing it. After the reload, the health gate
 * (readiness and the expected release on the version path) must pass; if it does not, `current` goes back to the
 * previous release, the service is reloaded again onto it, health is confirmed, and the step fails saying so.
 */
import { describeMessage, isNginxWarning, nginxMessages } from '../render/tool-output.js';
import { KeelError, errorMessage } from '../errors.js';
import { script, sh } from '../remote/quote.js';
import type { SshSession } from '../remote/ssh.js';
import type { Logger } from '../log.js';
import { appendLog, currentRelease, releaseBefore, rollbackTarget, switchTo } from '../releases/state.js';
import { Layout } from '../releases/layout.js';
import {
  keepMoved,
  keepOnSwitchBack,
  type ProcessSet,
  type RestartOptions,
  restartProcesses,
} from '../releases/processes.js';
import {
  type Generation,
  isNewGeneration,
  type MasterFacts,
  masterFacts,
  procId,
  readGeneration,
} from './gunicorn.js';
import { supervisorOps, systemdOps } from './supervisor.js';
import { ROLLING_PAUSE_FILE } from './hooks.js';
import { loaded, nextStep, RollProgress, type Target } from './rolling.js';
import { readRecords, releaseOf } from './workers.js';
import { type GateOptions, type GateResult, healthGate, upstreamAccess } from './health.js';
import { setTimeout as sleep } from 'node:timers/promises';

export const STRATEGIES = ['systemd', 'rolling', 'socket', 'usr2', 'restart', 'supervisor'] as const;
export type Strategy = (typeof STRATEGIES)[number];

export interface ReloadOptions {
  strategy: Strategy;
  /** systemd, socket and restart: the app's service unit; supervisor: the app's supervisor program. */
  unit: string | undefined;
  /** usr2: Gunicorn's pidfile. */
  pidfile: string | undefined;
  /** Where releases live: enables the boot check, the default expected release and rollback. */
  deployPath: string | undefined;
  /** The release to return to on failure (default: the newest good release before the current one). */
  previous: string | undefined;
  /** The release /version must report (default: the one `current` points to). */
  expected: string | undefined;
  gate: Omit<GateOptions, 'expected' | 'upstream'> & { upstream: string | undefined };
  /** How long the new generation (and, for usr2, the old master's exit) may take. */
  timeoutMs: number;
  rollback: boolean;
  /** Import the app module with the app's Python before reloading (`module:attr`), or undefined to skip. */
  bootCheck: { module: string | undefined; python: string | undefined };
  proxy: 'none' | 'nginx' | 'caddy';
  /**
   * The processes beside the app (render-config's manifest): restarted onto the release once the web reload is
   * proved (an instance already on it is left alone), and put back on the previous release by a rollback.
   */
  processes?: ProcessSet[];
  /** The host singletons run on (the first of the hosts list; set by reloadFleet). */
  singletonHost?: string | undefined;
}

export interface ReloadHostResult {
  host: string;
  ok: boolean;
  strategy: Strategy;
  /** The release the host serves at the end (as /version reported it). */
  serving: string | undefined;
  expected: string | undefined;
  masterBefore: number | undefined;
  masterAfter: number | undefined;
  workersBefore: number;
  /** The count the reload must end with (Gunicorn's configured workers). */
  workersExpected: number;
  workersAfter: number;
  gate: GateResult | undefined;
  rolledBackTo: string | undefined;
  seconds: number;
  warnings: string[];
  error: string | undefined;
}

export function emptyReloadResult(host: string, strategy: Strategy, error?: string): ReloadHostResult {
  return {
    host,
    ok: false,
    strategy,
    serving: undefined,
    expected: undefined,
    masterBefore: undefined,
    masterAfter: undefined,
    workersBefore: 0,
    workersExpected: 0,
    workersAfter: 0,
    gate: undefined,
    rolledBackTo: undefined,
    seconds: 0,
    warnings: [],
    error,
  };
}

/** Polls `probe` every 250 ms until it returns a value, or throws `timeoutMessage` after `timeoutMs`. */
async function waitFor<T>(
  timeoutMs: number,
  probe: () => Promise<T | undefined>,
  timeoutMessage: () => string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new KeelError(timeoutMessage());
    await sleep(250);
  }
}

/** A failure that happened before the running service was touched (the old code still serves). */
class NotTouched extends KeelError {}

/** The reload itself, per strategy: returns the generation that serves afterwards. */
interface Reloader {
  /** What is running now; throws a clear error when the setup does not fit the strategy. */
  before(): Promise<Generation>;
  /** Replaces the workers with `count` that loaded `target` (the release `current` points to). */
  reload(before: Generation, target: Target, count: number): Promise<Generation>;
  /** After a failed reload: put the (already switched back) previous code into service. */
  recover(before: Generation, target: Target, count: number): Promise<void>;
  /** The address the app listens on, when the setup tells. */
  upstream: string | undefined;
  configHint: string | undefined;
  /** The running master's facts, read by before(). */
  facts: MasterFacts | undefined;
}

/**
 * Rolls the workers of a master, one at a time, to `count` workers that all loaded `target` (the rule is
 * nextStep's, in rolling.ts): each new worker must record that it imported the app within `timeoutMs`.
 */
async function converge(
  session: SshSession,
  what: string,
  read: () => Promise<Generation>,
  signal: (sig: 'TTIN' | 'TTOU') => Promise<unknown>,
  target: Target,
  count: number,
  timeoutMs: number,
  log: Logger,
): Promise<Generation> {
  const host = session.endpoint.name;
  const first = await read();
  const atStart = new Set(first.workers.map(procId));
  const everReady = new Set<string>();
  const freshSeen = new Set<string>();
  let failedBoots = 0;
  let deadline = Date.now() + timeoutMs;
  let signals = 0;
  const progress = new RollProgress(target, count);
  for (;;) {
    const g = await read();
    const records = await readRecords(session, g);
    const ids = new Set(g.workers.map(procId));
    for (const w of g.workers) if (records.has(procId(w))) everReady.add(procId(w));
    for (const id of freshSeen)
      if (!ids.has(id) && !everReady.has(id)) {
        freshSeen.delete(id);
        failedBoots += 1;
      }
    if (failedBoots >= 3)
      throw new KeelError(
        `${host}: new workers of ${what} exit while importing the app (${failedBoots} so far; see the journal)`,
      );
    const step = nextStep(g, records, target, count, atStart);
    for (const line of progress.observe(g, records, step.good)) log.info(`${host}: ${line}`);
    if (step.kind === 'done') return g;
    if (step.kind === 'wait') for (const w of step.booting) freshSeen.add(procId(w));
    if (Date.now() > deadline)
      throw new KeelError(
        step.kind === 'wait'
          ? `${host}: a new worker of ${what} did not finish importing the app within ${timeoutMs / 1000}s`
          : `${host}: the workers of ${what} were not all replaced within ${timeoutMs / 1000}s`,
      );
    if (step.kind === 'wait') {
      await sleep(250);
      continue;
    }
    if (step.kind === 'TTOU') {
      const oldest = procId(step.oldest);
      progress.retire(step.oldest);
      await signal('TTOU');
      // A serving worker finishes its request and leaves. One still importing the app (the slow worker that
      // made a reload time out) only notices after the import: Gunicorn's worker timeout (30 s by default)
      // bounds that, and until it is gone Gunicorn counts it, so nothing else may happen meanwhile.
      const limit = step.oldestUp ? timeoutMs : Math.max(timeoutMs, 35_000);
      await waitFor(
        limit,
        async () => ((await read()).workers.some((w) => procId(w) === oldest) ? undefined : true),
        () => `${host}: an old worker of ${what} did not exit within ${limit / 1000}s of TTOU`,
      );
    } else {
      if (g.workers.length >= 2 * count + 2 || ++signals > 4 * count + 4)
        throw new KeelError(`${host}: the workers of ${what} do not settle (${g.workers.length} running)`);
      await signal('TTIN');
      await waitFor(
        timeoutMs,
        async () => ((await read()).workers.some((w) => !ids.has(procId(w))) ? true : undefined),
        () => `${host}: the master of ${what} started no new worker within ${timeoutMs / 1000}s of TTIN`,
      );
    }
    deadline = Date.now() + timeoutMs;
  }
}

/** The reloader for a master that a process manager runs: systemd (a unit), or supervisor (a program). */
function managedReloader(session: SshSession, o: ReloadOptions, log: Logger, warnings: string[]): Reloader {
  const ops =
    o.strategy === 'supervisor'
      ? supervisorOps(session, o.unit!, `/var/log/${o.unit!}/${o.unit!}.log`)
      : systemdOps(session, o.unit!);
  // HUP: `systemctl reload` or `supervisorctl signal HUP`, proved the same way.
  const hupStrategy = o.strategy === 'systemd' || o.strategy === 'supervisor';
  const unit = ops.label;
  const host = session.endpoint.name;
  const mainPid = async () => (await ops.state()).mainPid;
  const master = (pid: number) => readGeneration(session, sh`${pid}`);
  const sameMaster = async (before: Generation): Promise<Generation> => {
    const g = await master(await mainPid());
    if (!g.master || g.master.pid !== before.master!.pid) {
      const tail = await ops.logTail();
      if (tail) log.info(`${host}: the last lines of ${unit}'s log:\n${tail}`);
      throw new KeelError(
        `${host}: the Gunicorn master of ${unit} exited during the reload (the new code failed to boot?${tail ? `: ${tail.split('\n').pop()}` : ''})`,
      );
    }
    return g;
  };
  const signal = (sig: 'TTIN' | 'TTOU') =>
    session.check(`sending ${sig} to the master of ${unit}`, ops.signal(sig));
  // HUP: the same master forks a new generation of workers and stops the old one. With keel's hooks the new
  // generation is complete when every worker has recorded that it imported the app, as many as configured.
  const hup = async (before: Generation, count: number): Promise<Generation> => {
    let stable: { ids: string; since: number } | undefined;
    await session.check(`reloading ${unit}`, ops.reload(), {
      timeoutMs: 120_000,
    });
    const old = new Set(before.workers.map(procId));
    return waitFor(
      o.timeoutMs,
      async () => {
        const g = await sameMaster(before);
        if (g.workers.length === 0 || g.workers.some((w) => old.has(procId(w)))) return undefined;
        if (self.facts?.hooks) {
          const records = await readRecords(session, g);
          const configured = [...records.values()][0]?.workers ?? count;
          return records.size === g.workers.length && g.workers.length === configured ? g : undefined;
        }
        // Without records, new workers that fail to boot exit within moments: the generation must stay up.
        if (!isNewGeneration(before, g, true, count)) return undefined;
        const ids = g.workers.map(procId).sort().join(',');
        if (stable?.ids !== ids) stable = { ids, since: Date.now() };
        return Date.now() - stable.since >= 1_000 ? g : undefined;
      },
      () => `${host}: the workers of ${unit} were not all replaced within ${o.timeoutMs / 1000}s`,
    );
  };
  /**
   * Whether the release switched to has another Gunicorn config file than the release before it, whose config
   * the master runs with (every keel reload that saw a change was a HUP, which re-reads it). Workers added by
   * TTIN would not get a new config. Undefined when there is no config file under `current/`; `unknown` when
   * the release before cannot be found or read.
   */
  const configChanged = async (): Promise<boolean | 'unknown' | undefined> => {
    const config = self.facts?.config;
    if (!o.deployPath) return undefined;
    const layout = new Layout(o.deployPath);
    const prefix = `${layout.current}/`;
    if (!config?.startsWith(prefix)) return undefined;
    // No config file (Gunicorn runs on its command line alone): nothing a new release could change.
    if ((await session.run(sh`test -f ${config}`)).code !== 0) return undefined;
    const id = await currentRelease(session, layout);
    const previous = o.previous ?? (id ? await releaseBefore(session, layout, id) : undefined);
    // The first release: the service was started on it (ssh-deploy starts a newly installed unit).
    if (previous === null) return false;
    if (!previous) return 'unknown';
    const r = await session.run(
      sh`cmp -s ${`${layout.release(previous)}/${config.slice(prefix.length)}`} ${config}`,
    );
    return r.code === 0 ? false : r.code === 1 ? true : 'unknown';
  };
  const rollWorkers = async (before: Generation, target: Target, count: number): Promise<Generation> => {
    if (!self.facts?.hooks) {
      warnings.push(
        `${host}: Gunicorn's config has no keel worker hooks (render-config's gunicorn.conf.py has them), so a new worker cannot be proved to have imported the app: reloaded with HUP instead (requests wait while the new workers boot)`,
      );
      return hup(before, count);
    }
    if (target.dir === undefined && target.id === undefined) {
      warnings.push(
        `${host}: the release the new workers must load is not known (no 'deploy-path', and the master's directory cannot be read): reloaded with HUP instead (requests wait while the new workers boot)`,
      );
      return hup(before, count);
    }
    const changed = await configChanged();
    if (changed) {
      warnings.push(
        `${host}: ${changed === true ? "the new release changes Gunicorn's config file" : 'the release before this one (whose Gunicorn config the master runs with) is not known, so the config may have changed'}, which workers added one at a time would not get: reloaded with HUP instead (requests wait while the new workers boot)`,
      );
      return hup(before, count);
    }
    // Gunicorn's max_requests recycling waits while the workers are replaced (keel's pre_request hook reads
    // this file; its deadline bounds a file left behind), so every worker on the new release is one keel added.
    const pause = o.deployPath ? `${new Layout(o.deployPath).root}/${ROLLING_PAUSE_FILE}` : undefined;
    const seconds = Math.ceil(((2 * count + 2) * o.timeoutMs) / 1000) + 60;
    if (pause)
      await session
        .run(
          sh`printf '%s\\n' "$(( $(date +%s) + ${seconds} ))" > ${`${pause}.tmp`} && chmod 0644 ${`${pause}.tmp`} && mv -f ${`${pause}.tmp`} ${pause}`,
        )
        .then(
          (r) => (r.code === 0 ? undefined : r.stderr.trim()),
          (error: unknown) => errorMessage(error),
        )
        .then((problem) => {
          if (problem) log.info(`${host}: cannot pause max_requests recycling (${problem})`);
        });
    try {
      return await converge(session, unit, () => sameMaster(before), signal, target, count, o.timeoutMs, log);
    } finally {
      if (pause) await session.run(sh`rm -f ${pause}`).catch(() => undefined);
    }
  };
  const self: Reloader = {
    upstream: undefined,
    configHint: undefined,
    facts: undefined,
    async before() {
      const u = await ops.state();
      if (!u.loaded)
        throw new KeelError(
          o.strategy === 'supervisor'
            ? `${host}: supervisor does not know the program ${o.unit!} (is it installed and spelled right? supervisorctl reread + update add it)`
            : `${host}: systemd does not know the unit ${unit} (is it installed and spelled right?)`,
          {
            field: 'unit',
          },
        );
      const socket = u.triggeredBy.find((t) => t.endsWith('.socket'));
      if (o.strategy === 'socket' && !socket)
        throw new KeelError(
          `${host}: strategy 'socket' needs a socket-activated unit, but no .socket unit triggers ${unit}; use strategy 'systemd'`,
          { field: 'strategy' },
        );
      self.upstream = u.listen[0];
      if (!u.active || u.mainPid === 0) {
        if (o.strategy === 'restart') return { master: undefined, workers: [] };
        throw new KeelError(
          `${host}: ${unit} is not running, so there is nothing to reload (start it first)`,
          {
            field: 'unit',
          },
        );
      }
      const facts = await masterFacts(session, u.mainPid);
      self.upstream ??= facts.bind;
      self.facts = facts;
      if ((hupStrategy || o.strategy === 'rolling') && facts.preload)
        throw new KeelError(
          `${host}: ${unit} runs Gunicorn with preload_app on: new workers would keep serving the old code. ` +
            `Use strategy 'socket' (with a .socket unit) or 'restart', or turn preload_app off`,
          { field: 'strategy' },
        );
      return master(u.mainPid);
    },
    async reload(before, target, count) {
      if (o.strategy === 'rolling') return rollWorkers(before, target, count);
      if (hupStrategy) return hup(before, count);
      if (o.strategy === 'restart')
        warnings.push(`${host}: strategy 'restart' stops the service and drops requests while it starts`);
      await session.check(`restarting ${unit}`, ops.restart(), {
        timeoutMs: 300_000,
      });
      return waitFor(
        o.timeoutMs,
        async () => {
          const u = await ops.state();
          if (!u.active || u.mainPid === 0) return undefined;
          const g = await master(u.mainPid);
          const fresh = !before.master || procId(g.master!) !== procId(before.master);
          return fresh && g.workers.length > 0 ? g : undefined;
        },
        () =>
          `${host}: ${unit} did not come back with workers within ${o.timeoutMs / 1000}s (see ${ops.logHint})`,
      );
    },
    async recover(before, target, count) {
      const u = await ops.state();
      // The same master still runs (it only served the bad code): roll its workers back (rolling: the old
      // workers keep serving until replacements of the previous release are up), or HUP it. Otherwise it
      // died with the bad code (or this strategy restarts anyway): start it again on the previous release.
      if (
        (hupStrategy || o.strategy === 'rolling') &&
        u.active &&
        u.mainPid > 0 &&
        u.mainPid === before.master?.pid
      ) {
        const g = await master(u.mainPid);
        if (o.strategy === 'rolling' && self.facts?.hooks)
          await converge(session, unit, () => sameMaster(g), signal, target, count, o.timeoutMs, log);
        else await hup(g, count);
      } else {
        log.info(`${host}: starting ${unit} again on the previous release`);
        const reset = ops.resetFailed();
        if (reset) await session.run(reset);
        await session.check(`restarting ${unit}`, ops.restart(), {
          timeoutMs: 300_000,
        });
      }
    },
  };
  return self;
}

function usr2Reloader(session: SshSession, o: ReloadOptions, log: Logger): Reloader {
  const host = session.endpoint.name;
  const pidfile = o.pidfile!;
  const readPid = async (file: string): Promise<number | undefined> => {
    const r = await session.run(sh`cat ${file}`);
    const n = Number(r.stdout.trim());
    return r.code === 0 && Number.isInteger(n) && n > 0 ? n : undefined;
  };
  const gen = (pid: number) => readGeneration(session, sh`${pid}`);
  const alive = async (pid: number) => (await gen(pid)).master !== undefined;
  const signal = (sig: string, pid: number, what: string) =>
    session.check(what, sh`kill -s ${sig} ${pid}`).catch((error: unknown) => {
      throw new KeelError(
        `${host}: cannot signal Gunicorn's master ${pid} (${errorMessage(error)}); the SSH user must be the app's user`,
      );
    });

  const upgrade = async (before: Generation, count: number): Promise<Generation> => {
    const old = before.master!;
    await session.run(sh`rm -f ${`${pidfile}.2`}`);
    await signal('USR2', old.pid, 'sending USR2 to the Gunicorn master');
    // The new master writes <pidfile>.2; it is healthy once it has its workers and they stay up for a second.
    let candidate: number | undefined;
    let stable: { ids: string; since: number } | undefined;
    let next: Generation;
    try {
      next = await waitFor(
        o.timeoutMs,
        async () => {
          candidate ??= await readPid(`${pidfile}.2`);
          if (candidate === undefined) {
            if (!(await alive(old.pid)))
              throw new KeelError(`${host}: the old master ${old.pid} exited after USR2`);
            return undefined;
          }
          const g = await gen(candidate);
          if (!g.master)
            throw new KeelError(
              `${host}: the new Gunicorn master ${candidate} exited while booting (the new code failed to start?)`,
            );
          if (g.workers.length < Math.max(count, 1)) return undefined;
          const ids = g.workers.map(procId).sort().join(',');
          if (!stable || stable.ids !== ids) {
            stable = { ids, since: Date.now() };
            return undefined;
          }
          return Date.now() - stable.since >= 1_000 ? g : undefined;
        },
        () =>
          `${host}: no new Gunicorn master with workers appeared within ${o.timeoutMs / 1000}s of USR2 (did the new code fail to boot? see Gunicorn's log)`,
      );
    } catch (error) {
      if (candidate !== undefined && (await alive(candidate))) {
        await signal('TERM', candidate, 'stopping the failed new master');
        log.warn(
          `${host}: the new master ${candidate} failed; it was stopped and the old master ${old.pid} keeps serving`,
        );
      }
      throw new NotTouched(errorMessage(error));
    }
    await signal('TERM', old.pid, 'stopping the old Gunicorn master');
    await waitFor(
      o.timeoutMs,
      async () => ((await alive(old.pid)) ? undefined : true),
      () => `${host}: the old master ${old.pid} did not exit within ${o.timeoutMs / 1000}s of TERM`,
    );
    // The new master renames <pidfile>.2 to <pidfile> once it sees its parent gone.
    await waitFor(
      10_000,
      async () => ((await readPid(pidfile)) === next.master!.pid ? true : undefined),
      () => `${host}: ${pidfile} does not name the new master ${next.master!.pid}`,
    );
    return gen(next.master!.pid);
  };

  const self: Reloader = {
    upstream: undefined,
    configHint: undefined,
    async before() {
      const pid = await readPid(pidfile);
      if (pid === undefined)
        throw new KeelError(
          `${host}: no Gunicorn pidfile at ${pidfile} (start Gunicorn with --pid ${pidfile})`,
          {
            field: 'pidfile',
          },
        );
      const g = await gen(pid);
      if (!g.master)
        throw new KeelError(`${host}: ${pidfile} names process ${pid}, which is not running`, {
          field: 'pidfile',
        });
      const facts = await masterFacts(session, pid);
      if (facts.systemdUnit)
        throw new KeelError(
          `${host}: the Gunicorn master ${pid} is the main process of ${facts.systemdUnit}: a USR2 upgrade would make systemd kill the service when the old master exits. Use strategy 'systemd' (HUP) or 'socket'`,
          { field: 'strategy' },
        );
      self.upstream = facts.bind;
      self.facts = facts;
      return g;
    },
    facts: undefined,
    reload: (before, _target, count) => upgrade(before, count),
    async recover(_before, _target, count) {
      const pid = await readPid(pidfile);
      if (pid !== undefined) await upgrade(await gen(pid), count);
    },
  };
  return self;
}

/** Imports the app on the host with its own Python, from the release `current` points to, before any reload. */
async function bootCheck(
  session: SshSession,
  layout: Layout,
  o: ReloadOptions,
  python: string,
  log: Logger,
): Promise<void> {
  const code =
    'import importlib, sys; sys.path.insert(0, "."); mod, _, attr = sys.argv[1].partition(":"); ' +
    'm = importlib.import_module(mod); attr and eval(attr, vars(m))';
  const r = await session.run(
    script(
      sh`cd ${layout.current}/`,
      sh`env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/tmp PYTHONDONTWRITEBYTECODE=1 ${python} -c ${code} ${o.bootCheck.module!}`,
    ),
    { timeoutMs: 120_000 },
  );
  if (r.code !== 0) {
    const lines = r.stderr.trim().split('\n');
    log.info(
      `${session.endpoint.name}: importing ${o.bootCheck.module} failed:\n${lines.slice(-30).join('\n')}`,
    );
    throw new NotTouched(
      `${session.endpoint.name}: the new release does not import (${o.bootCheck.module}): ${lines.pop()?.trim() || `exit ${r.code}`}`,
    );
  }
}

async function reloadProxy(session: SshSession, proxy: 'nginx' | 'caddy', log: Logger): Promise<void> {
  if (proxy === 'nginx') {
    // Checked before the reload; a warning does not stop it, but is said (it may be about another site).
    const check = await session.check('checking the Nginx configuration', sh`sudo -n nginx -t 2>&1`);
    for (const m of nginxMessages(check.stdout).filter(isNginxWarning))
      log.warn(`${session.endpoint.name}: nginx -t: ${describeMessage(m)}`, 'nginx -t');
    await session.check('reloading Nginx', sh`sudo -n systemctl reload nginx`);
  } else {
    await session.check('reloading Caddy', sh`sudo -n systemctl reload caddy`);
  }
}

export async function reloadHost(
  session: SshSession,
  o: ReloadOptions,
  log: Logger,
): Promise<ReloadHostResult> {
  const host = session.endpoint.name;
  const started = Date.now();
  const result = emptyReloadResult(host, o.strategy);
  const layout = o.deployPath ? new Layout(o.deployPath) : undefined;
  const reloader =
    o.strategy === 'usr2' ? usr2Reloader(session, o, log) : managedReloader(session, o, log, result.warnings);
  let touched = false;
  let current: string | undefined;
  let before: Generation = { master: undefined, workers: [] };
  let count = 0;
  try {
    current = layout ? await currentRelease(session, layout) : undefined;
    result.expected = o.expected ?? current;
    before = await reloader.before();
    result.masterBefore = before.master?.pid;
    result.workersBefore = before.workers.length;
    count = await expectedWorkers(session, reloader.facts, before, result.warnings);
    result.workersExpected = count;
    const upstream = o.gate.upstream ?? reloader.upstream;
    if (!upstream && !o.gate.publicUrl)
      throw new KeelError(`${host}: no way to check the app's health: give 'upstream' (or 'url')`, {
        field: 'upstream',
      });
    const denied = upstream ? await upstreamAccess(session, upstream) : undefined;
    if (denied) throw new KeelError(`${host}: ${denied}`, { field: 'upstream' });
    if (layout && o.bootCheck.module) {
      const python = o.bootCheck.python ?? (await appPython(session, before));
      if (python) await bootCheck(session, layout, o, python, log);
      else result.warnings.push(`${host}: boot check skipped: give 'python' (the app's interpreter)`);
    }
    const target = await targetOf(session, layout, layout ? current : undefined, reloader.facts);
    touched = true;
    const after = await reloader.reload(before, target, count);
    result.masterAfter = after.master?.pid;
    result.workersAfter = after.workers.length;
    const gate = await provedHealthy(session, o, upstream, result.expected, layout, after, log);
    result.gate = gate;
    result.serving = gate.version;
    if (gate.warning) result.warnings.push(`${host}: ${gate.warning}`);
    if (!gate.ok) {
      const failed = gate.checks.filter((c) => !c.ok).map((c) => `${c.where} ${c.what}: ${c.detail}`);
      throw new KeelError(`${host}: the health gate failed after ${gate.seconds}s: ${failed.join('; ')}`);
    }
    if (o.proxy !== 'none') await reloadProxy(session, o.proxy, log);
    // The web is proved: now the workers (a failure here rolls back the web and the workers together).
    if (layout && o.processes?.length)
      await restartProcesses(
        session,
        o.processes,
        o.singletonHost,
        log,
        await keepMoved(session, layout, o.processes),
      );
    result.ok = true;
  } catch (error) {
    result.error = oneLine(host, errorMessage(error), log);
    if (error instanceof NotTouched) touched = false;
    const configError = error instanceof KeelError && error.field !== undefined && !touched;
    if (o.rollback && layout && current && !configError) {
      await rollBack(session, layout, o, reloader, before, current, touched, count, result, log).catch(
        (e: unknown) => failedRollback(session, layout, reloader, result, e, log),
      );
    } else if (touched) {
      result.error += `; not rolled back (${!o.rollback ? "'rollback' is off" : "no 'deploy-path', so no release to go back to"}): ${await liveState(session, layout, reloader)}`;
    }
    if (configError) throw error;
  } finally {
    result.seconds = Math.round((Date.now() - started) / 100) / 10;
  }
  return result;
}

/**
 * A failure message as one line (an annotation), its detail (a journal tail, a traceback) into the log:
 * the first line, plus the last non-empty line of the rest when that names the cause (e.g. the exception).
 */
function oneLine(host: string, message: string, log: Logger): string {
  const lines = message.split('\n');
  if (lines.length === 1) return message;
  log.info(`${host}: details of the failure:\n${lines.slice(1).join('\n')}`);
  return lines[0]!;
}

/**
 * How many workers the reload must end with: Gunicorn's configured count (its `-w`/`--workers`, a number in
 * its config file, or what the workers recorded from their config), else the count running now. A running
 * count that differs from the configured one (drift, e.g. after an interrupted TTIN) is repaired, with a warning.
 */
async function expectedWorkers(
  session: SshSession,
  facts: MasterFacts | undefined,
  before: Generation,
  warnings: string[],
): Promise<number> {
  const host = session.endpoint.name;
  let configured = facts?.workers;
  if (configured === undefined && facts?.hooks && before.workers.length) {
    const counts = [...(await readRecords(session, before)).values()].map((r) => r.workers);
    configured = counts.find((n) => Number.isInteger(n) && n > 0);
  }
  if (configured === undefined) {
    if (before.master)
      warnings.push(
        `${host}: Gunicorn's configured worker count cannot be read (no -w, no number in its config, no worker records): keeping the ${before.workers.length} running`,
      );
    return Math.max(before.workers.length, 1);
  }
  if (before.master && before.workers.length !== configured)
    warnings.push(
      `${host}: Gunicorn ran ${before.workers.length} worker(s) but is configured for ${configured}: the reload ends with ${configured}`,
    );
  return configured;
}

/** The release the new workers must load: `current` resolved, or else the master's own directory. */
async function targetOf(
  session: SshSession,
  layout: Layout | undefined,
  id: string | undefined,
  facts: MasterFacts | undefined,
): Promise<Target> {
  const path = layout && id ? layout.release(id) : facts?.chdir;
  if (!path) return { dir: undefined, id };
  const r = await session.run(sh`readlink -f ${path}`);
  const dir = r.code === 0 ? r.stdout.trim() || undefined : undefined;
  return { dir, id: id ?? (dir ? releaseOf(dir) : undefined) };
}

/**
 * The health gate, then the proof that every worker loaded the expected release, from the record each
 * worker wrote after importing the app (keel's hooks), not from an answer that may come through `current`.
 */
async function provedHealthy(
  session: SshSession,
  o: ReloadOptions,
  upstream: string | undefined,
  expected: string | undefined,
  layout: Layout | undefined,
  after: Generation,
  log: Logger,
): Promise<GateResult & { warning?: string }> {
  const started = Date.now();
  const gate = await healthGate(session, { ...o.gate, upstream, expected });
  if (!gate.ok || !after.master || !expected) return gate;
  const seconds = () => Math.round((Date.now() - started) / 100) / 10;
  const facts = await masterFacts(session, after.master.pid);
  if (!facts.hooks)
    return {
      ...gate,
      warning: `Gunicorn's config has no keel worker hooks: the release was checked on ${o.gate.versionPath ?? 'no version path'} only, which an app reading its release through \`current\` answers for old workers too`,
    };
  const target = await targetOf(session, layout, layout ? expected : undefined, facts);
  if (!target.id) return gate;
  const check = { where: 'upstream' as const, what: 'worker records', ok: false, detail: '' };
  // The records of the generation that serves now (the health gate may have outlived a worker or two).
  for (;;) {
    const g = await readGeneration(session, sh`${after.master.pid}`);
    const records = await readRecords(session, g);
    const wrong = g.workers.filter((w) => {
      const rec = records.get(procId(w));
      return !rec || !loaded(rec, { dir: target.dir, id: target.dir ? undefined : target.id });
    });
    check.detail = wrong.length
      ? `expected every worker on ${expected}, but ${wrong
          .map((w) => {
            const rec = records.get(procId(w));
            return `worker ${w.pid} ${rec ? `loaded ${releaseOf(rec.release)}` : 'has no record (still importing, or an old worker)'}`;
          })
          .join(', ')}`
      : `all ${g.workers.length} worker(s) loaded ${expected}`;
    check.ok = wrong.length === 0 && g.workers.length > 0;
    if (check.ok || Date.now() - started > o.gate.deadlineMs) break;
    await sleep(500);
  }
  log.info(`${session.endpoint.name}: ${check.detail}`);
  return { ...gate, ok: check.ok, checks: [...gate.checks, check], seconds: seconds() };
}

/** The interpreter of a running master (its argv[0] when it is a Python), for the boot check. */
async function appPython(session: SshSession, g: Generation): Promise<string | undefined> {
  if (!g.master) return undefined;
  const facts = await masterFacts(session, g.master.pid);
  const first = facts.argv[0];
  return first && /python[\d.]*$/.test(first) ? first : undefined;
}

/** What is live on a host, for a failure that could not be (fully) undone: `current` and what the workers loaded. */
async function liveState(
  session: SshSession,
  layout: Layout | undefined,
  reloader: Reloader,
): Promise<string> {
  const parts: string[] = [];
  try {
    if (layout) parts.push(`current → ${(await currentRelease(session, layout)) ?? '(none)'}`);
    const g = await reloader.before().catch(() => undefined);
    if (g?.master) {
      const records = await readRecords(session, g);
      const loadedBy = new Map<string, number>();
      for (const w of g.workers) {
        const rec = records.get(procId(w));
        const k = rec ? releaseOf(rec.release) : 'unrecorded';
        loadedBy.set(k, (loadedBy.get(k) ?? 0) + 1);
      }
      parts.push(
        `master ${g.master.pid} with ${g.workers.length} worker(s)` +
          (loadedBy.size ? ` (${[...loadedBy].map(([k, n]) => `${n} on ${k}`).join(', ')})` : ''),
      );
    } else parts.push('no Gunicorn master is running');
  } catch (error) {
    parts.push(`cannot tell what is live: ${errorMessage(error)}`);
  }
  return `live: ${parts.join('; ')}`;
}

async function failedRollback(
  session: SshSession,
  layout: Layout,
  reloader: Reloader,
  result: ReloadHostResult,
  e: unknown,
  log: Logger,
): Promise<void> {
  result.error += `; the rollback failed too: ${oneLine(session.endpoint.name, errorMessage(e), log)}; ${await liveState(session, layout, reloader)}`;
}

async function rollBack(
  session: SshSession,
  layout: Layout,
  o: ReloadOptions,
  reloader: Reloader,
  before: Generation,
  bad: string,
  touched: boolean,
  count: number,
  result: ReloadHostResult,
  log: Logger,
): Promise<void> {
  const host = session.endpoint.name;
  const target = o.previous ?? (await rollbackTarget(session, layout, bad));
  if (!target) {
    result.error += `; no previous release to roll back to: ${await liveState(session, layout, reloader)}`;
    return;
  }
  log.warn(`${host}: ${result.error}; rolling back to ${target}`);
  // Which processes moved to the bad release, read before the switch back (they go back with it).
  const processes = o.processes?.length ? o.processes : undefined;
  const keep: RestartOptions | undefined = processes
    ? await keepOnSwitchBack(session, layout, processes)
    : undefined;
  await switchTo(session, layout, target);
  await session.run(sh`touch ${`${layout.release(bad)}/.keel/bad`}`);
  if (touched)
    await reloader.recover(
      before,
      await targetOf(session, layout, target, reloader.facts),
      Math.max(count, 1),
    );
  const gate = await provedHealthy(
    session,
    o,
    o.gate.upstream ?? reloader.upstream,
    target,
    layout,
    touched ? await reloader.before() : before,
    log,
  );
  result.gate = gate;
  result.serving = gate.version;
  result.rolledBackTo = target;
  let workers = '';
  if (processes)
    workers = await restartProcesses(session, processes, o.singletonHost, log, keep)
      .then(() => '')
      .catch((e: unknown) => `; the processes did NOT come back on ${target}: ${errorMessage(e)}`);
  await appendLog(session, layout, {
    release: bad,
    live: target,
    status: 'rolled-back',
    error: result.error,
  });
  result.error += `; rolled back to ${target}${
    gate.ok
      ? ', which is serving and healthy'
      : `, but it is NOT healthy (${gate.checks
          .filter((c) => !c.ok)
          .map((c) => `${c.what}: ${c.detail}`)
          .join('; ')})`
  }${workers}`;
}

/**
 * The rollback entry point for a host whose reload passed but whose release must go (the load probe saw
 * failed requests, or the run is cancelled after the switch): `current` back to the previous release, the
 * workers rolled back onto it, health and the workers' release proved. Returns the host's result updated.
 */
export async function recoverHost(
  session: SshSession,
  o: ReloadOptions,
  reason: string,
  result: ReloadHostResult,
  log: Logger,
): Promise<ReloadHostResult> {
  const layout = o.deployPath ? new Layout(o.deployPath) : undefined;
  const reloader =
    o.strategy === 'usr2' ? usr2Reloader(session, o, log) : managedReloader(session, o, log, result.warnings);
  result.ok = false;
  result.error = reason;
  try {
    const before = await reloader.before();
    const bad = layout ? await currentRelease(session, layout) : undefined;
    if (!o.rollback || !layout || !bad) {
      result.error += `; not rolled back (${!o.rollback ? "'rollback' is off" : "no 'deploy-path'"}): ${await liveState(session, layout, reloader)}`;
      return result;
    }
    const count = result.workersExpected || before.workers.length;
    await rollBack(session, layout, o, reloader, before, bad, true, count, result, log).catch((e: unknown) =>
      failedRollback(session, layout, reloader, result, e, log),
    );
  } catch (error) {
    result.error += `; the rollback failed: ${oneLine(session.endpoint.name, errorMessage(error), log)}; ${await liveState(session, layout, reloader)}`;
  }
  return result;
}
