/**
 * A zero-downtime Gunicorn reload on one host, proved, with automatic rollback. This file is the orchestration
 * (`reloadHost`: the boot check, the reload, the health gate and the workers' release proved, the processes
 * beside the app, the rollback; `recoverHost`); how each strategy replaces the workers is in strategies.ts.
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
import { appendLog, currentRelease, rollbackTarget, switchTo } from '../releases/state.js';
import { Layout } from '../releases/layout.js';
import {
  keepMoved,
  keepOnSwitchBack,
  type ProcessSet,
  type RestartOptions,
  restartProcesses,
} from '../releases/processes.js';
import { type Generation, type MasterFacts, masterFacts, procId, readGeneration } from './gunicorn.js';
import { loaded, type Target } from './rolling.js';
import { readRecords, releaseOf } from './workers.js';
import { type GateOptions, type GateResult, healthGate, upstreamAccess } from './health.js';
import { poll } from '../poll.js';
import { NotTouched, type Reloader, reloaderFor } from './strategies.js';

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
  const reloader = reloaderFor(session, o, log, result.warnings);
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
  await poll(
    async () => {
      const g = await readGeneration(session, sh`${after.master!.pid}`);
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
      return check.ok;
    },
    (ok) => ok,
    { deadline: started + o.gate.deadlineMs, delayMs: 500 },
  );
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
  const reloader = reloaderFor(session, o, log, result.warnings);
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
