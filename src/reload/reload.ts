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
 *
 * Before touching the service, the new code is imported once on the host (the boot check): a release that
 * cannot even import is switched back without the service ever seeing it. After the reload, the health gate
 * (readiness and the expected release on the version path) must pass; if it does not, `current` goes back to the
 * previous release, the service is reloaded again onto it, health is confirmed, and the step fails saying so.
 */
import { KeelError, errorMessage } from '../errors.js';
import { script, sh } from '../remote/quote.js';
import type { SshSession } from '../remote/ssh.js';
import type { Logger } from '../report/log.js';
import { appendLog, currentRelease, releaseBefore, rollbackTarget, switchTo } from '../releases/state.js';
import { Layout } from '../releases/layout.js';
import {
  type Generation,
  isNewGeneration,
  masterFacts,
  procId,
  readGeneration,
  unitState,
} from './gunicorn.js';
import { type GateOptions, type GateResult, healthGate, upstreamAccess } from './health.js';

export const STRATEGIES = ['systemd', 'rolling', 'socket', 'usr2', 'restart'] as const;
export type Strategy = (typeof STRATEGIES)[number];

export interface ReloadOptions {
  strategy: Strategy;
  /** systemd, socket and restart: the app's service unit. */
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
    workersAfter: 0,
    gate: undefined,
    rolledBackTo: undefined,
    seconds: 0,
    warnings: [],
    error,
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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
  reload(before: Generation): Promise<Generation>;
  /** After a failed reload: put the (already switched back) previous code into service. */
  recover(before: Generation): Promise<void>;
  /** The address the app listens on, when the setup tells. */
  upstream: string | undefined;
  configHint: string | undefined;
}

function journalTail(session: SshSession, unit: string): Promise<string> {
  return session
    .run(sh`sudo -n journalctl -u ${unit} -n 15 --no-pager -o cat`)
    .then((r) => r.stdout.trim())
    .catch(() => '');
}

function systemdReloader(session: SshSession, o: ReloadOptions, log: Logger, warnings: string[]): Reloader {
  const unit = o.unit!;
  const host = session.endpoint.name;
  const mainPid = async () => (await unitState(session, unit)).mainPid;
  const master = (pid: number) => readGeneration(session, sh`${pid}`);
  const sameMaster = async (before: Generation): Promise<Generation> => {
    const g = await master(await mainPid());
    if (!g.master || g.master.pid !== before.master!.pid)
      throw new KeelError(
        `${host}: the Gunicorn master of ${unit} exited during the reload (the new code failed to boot?):\n${await journalTail(session, unit)}`,
      );
    return g;
  };
  const signal = (sig: 'TTIN' | 'TTOU') =>
    session.check(
      `sending ${sig} to the master of ${unit}`,
      sh`sudo -n systemctl kill -s ${sig} --kill-whom=main ${unit}`,
    );
  // HUP: the same master forks a new generation of workers and stops the old one.
  const hup = async (before: Generation): Promise<Generation> => {
    let stable: { ids: string; since: number } | undefined;
    await session.check(`reloading ${unit}`, sh`sudo -n systemctl reload ${unit}`, {
      timeoutMs: 120_000,
    });
    return waitFor(
      o.timeoutMs,
      async () => {
        const g = await sameMaster(before);
        // New workers that fail to boot exit within moments: the new generation must stay up for a second.
        if (!isNewGeneration(before, g, true)) return undefined;
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
  let config: string | undefined; // the master's config file, read by before()
  const configChanged = async (): Promise<boolean | 'unknown' | undefined> => {
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
  // One worker at a time: one more (new code), proved up for a second, then the oldest one out.
  const rollWorkers = async (before: Generation): Promise<Generation> => {
    const changed = await configChanged();
    if (changed) {
      warnings.push(
        `${host}: ${changed === true ? "the new release changes Gunicorn's config file" : 'the release before this one (whose Gunicorn config the master runs with) is not known, so the config may have changed'}, which workers added one at a time would not get: reloaded with HUP instead (requests wait while the new workers boot)`,
      );
      return hup(before);
    }
    const count = before.workers.length;
    for (let i = 0; i < count; i++) {
      const seen = new Set((await sameMaster(before)).workers.map(procId));
      await signal('TTIN');
      let stable: { id: string; since: number } | undefined;
      await waitFor(
        o.timeoutMs,
        async () => {
          const fresh = (await sameMaster(before)).workers.filter((w) => !seen.has(procId(w)));
          if (fresh.length === 0) return undefined;
          const id = procId(fresh[0]!);
          if (stable?.id !== id) stable = { id, since: Date.now() };
          return Date.now() - stable.since >= 1_000 ? true : undefined;
        },
        () => `${host}: the new worker of ${unit} did not come up within ${o.timeoutMs / 1000}s`,
      );
      await signal('TTOU');
      // The oldest worker finishes its requests and exits; then the next one.
      await waitFor(
        o.timeoutMs,
        async () => ((await sameMaster(before)).workers.length <= count ? true : undefined),
        () => `${host}: an old worker of ${unit} did not exit within ${o.timeoutMs / 1000}s`,
      );
      log.info(`${host}: worker ${i + 1}/${count} replaced`);
    }
    return waitFor(
      o.timeoutMs,
      async () => {
        const g = await sameMaster(before);
        return isNewGeneration(before, g, true) ? g : undefined;
      },
      () => `${host}: the workers of ${unit} were not all replaced within ${o.timeoutMs / 1000}s`,
    );
  };
  const self: Reloader = {
    upstream: undefined,
    configHint: undefined,
    async before() {
      const u = await unitState(session, unit);
      if (!u.loaded)
        throw new KeelError(
          `${host}: systemd does not know the unit ${unit} (is it installed and spelled right?)`,
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
      config = facts.config;
      if ((o.strategy === 'systemd' || o.strategy === 'rolling') && facts.preload)
        throw new KeelError(
          `${host}: ${unit} runs Gunicorn with preload_app on: new workers would keep serving the old code. ` +
            `Use strategy 'socket' (with a .socket unit) or 'restart', or turn preload_app off`,
          { field: 'strategy' },
        );
      return master(u.mainPid);
    },
    async reload(before) {
      if (o.strategy === 'rolling') return rollWorkers(before);
      if (o.strategy === 'systemd') return hup(before);
      if (o.strategy === 'restart')
        warnings.push(`${host}: strategy 'restart' stops the service and drops requests while it starts`);
      await session.check(`restarting ${unit}`, sh`sudo -n systemctl restart ${unit}`, {
        timeoutMs: 300_000,
      });
      return waitFor(
        o.timeoutMs,
        async () => {
          const u = await unitState(session, unit);
          if (!u.active || u.mainPid === 0) return undefined;
          const g = await master(u.mainPid);
          const fresh = !before.master || procId(g.master!) !== procId(before.master);
          return fresh && g.workers.length > 0 ? g : undefined;
        },
        () =>
          `${host}: ${unit} did not come back with workers within ${o.timeoutMs / 1000}s:\n(see journalctl -u ${unit})`,
      );
    },
    async recover(before) {
      const u = await unitState(session, unit);
      // The same master still runs (it only served the bad code): reload it. Otherwise it died with the bad
      // code (or this strategy restarts anyway): start it again on the previous release.
      if (
        (o.strategy === 'systemd' || o.strategy === 'rolling') &&
        u.active &&
        u.mainPid > 0 &&
        u.mainPid === before.master?.pid
      ) {
        const g = await master(u.mainPid);
        await self.reload(g);
      } else {
        log.info(`${host}: starting ${unit} again on the previous release`);
        await session.run(sh`sudo -n systemctl reset-failed ${unit}`);
        await session.check(`restarting ${unit}`, sh`sudo -n systemctl restart ${unit}`, {
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

  const upgrade = async (before: Generation): Promise<Generation> => {
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
          if (g.workers.length < Math.max(before.workers.length, 1)) return undefined;
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
      return g;
    },
    reload: upgrade,
    async recover() {
      const pid = await readPid(pidfile);
      if (pid !== undefined) await upgrade(await gen(pid));
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
    const tail = r.stderr.trim().split('\n').slice(-4).join('\n');
    throw new NotTouched(
      `${session.endpoint.name}: the new release does not import (${o.bootCheck.module}):\n${tail}`,
    );
  }
}

async function reloadProxy(session: SshSession, proxy: 'nginx' | 'caddy'): Promise<void> {
  if (proxy === 'nginx') {
    await session.check('checking the Nginx configuration', sh`sudo -n nginx -t -q`);
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
    o.strategy === 'usr2' ? usr2Reloader(session, o, log) : systemdReloader(session, o, log, result.warnings);
  let touched = false;
  let current: string | undefined;
  let before: Generation = { master: undefined, workers: [] };
  try {
    current = layout ? await currentRelease(session, layout) : undefined;
    result.expected = o.expected ?? current;
    before = await reloader.before();
    result.masterBefore = before.master?.pid;
    result.workersBefore = before.workers.length;
    const upstream = o.gate.upstream ?? reloader.upstream;
    if (!upstream && !o.gate.publicUrl)
      throw new KeelError(`${host}: no way to check the app's health: give 'upstream' (or 'url')`, {
        field: 'upstream',
      });
    const denied = upstream ? await upstreamAccess(session, upstream) : undefined;
    if (denied) throw new KeelError(`${host}: ${denied}`, { field: 'upstream' });
    if (layout && o.bootCheck.module) {
      const python = o.bootCheck.python ?? (await appPython(session, before));
      if (python) await bootCheck(session, layout, o, python);
      else result.warnings.push(`${host}: boot check skipped: give 'python' (the app's interpreter)`);
    }
    touched = true;
    const after = await reloader.reload(before);
    result.masterAfter = after.master?.pid;
    result.workersAfter = after.workers.length;
    const gate = await healthGate(session, { ...o.gate, upstream, expected: result.expected });
    result.gate = gate;
    result.serving = gate.version;
    if (!gate.ok) {
      const failed = gate.checks.filter((c) => !c.ok).map((c) => `${c.where} ${c.what}: ${c.detail}`);
      throw new KeelError(`${host}: the health gate failed after the reload: ${failed.join('; ')}`);
    }
    if (o.proxy !== 'none') await reloadProxy(session, o.proxy);
    result.ok = true;
  } catch (error) {
    result.error = errorMessage(error);
    if (error instanceof NotTouched) touched = false;
    const configError = error instanceof KeelError && error.field !== undefined && !touched;
    if (o.rollback && layout && current && !configError) {
      await rollBack(session, layout, o, reloader, before, current, touched, result, log).catch(
        (e: unknown) => {
          result.error += `; the rollback failed too: ${errorMessage(e)}`;
        },
      );
    }
    if (configError) throw error;
  } finally {
    result.seconds = Math.round((Date.now() - started) / 100) / 10;
  }
  return result;
}

/** The interpreter of a running master (its argv[0] when it is a Python), for the boot check. */
async function appPython(session: SshSession, g: Generation): Promise<string | undefined> {
  if (!g.master) return undefined;
  const facts = await masterFacts(session, g.master.pid);
  const first = facts.argv[0];
  return first && /python[\d.]*$/.test(first) ? first : undefined;
}

async function rollBack(
  session: SshSession,
  layout: Layout,
  o: ReloadOptions,
  reloader: Reloader,
  before: Generation,
  bad: string,
  touched: boolean,
  result: ReloadHostResult,
  log: Logger,
): Promise<void> {
  const host = session.endpoint.name;
  const target = o.previous ?? (await rollbackTarget(session, layout, bad));
  if (!target) {
    result.error += `; no previous release to roll back to`;
    return;
  }
  log.warn(`${host}: ${result.error}; rolling back to ${target}`);
  await switchTo(session, layout, target);
  await session.run(sh`touch ${`${layout.release(bad)}/.keel/bad`}`);
  if (touched) await reloader.recover(before);
  const gate = await healthGate(session, {
    ...o.gate,
    upstream: o.gate.upstream ?? reloader.upstream,
    expected: target,
  });
  result.gate = gate;
  result.serving = gate.version;
  result.rolledBackTo = target;
  await appendLog(session, layout, {
    release: bad,
    live: target,
    status: 'rolled-back',
    error: result.error,
  });
  result.error += `; rolled back to ${target}${gate.ok ? ', which is serving and healthy' : ', but it is NOT healthy'}`;
}
