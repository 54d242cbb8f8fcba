/**
 * The reload strategies: how each one replaces the workers of a Gunicorn master on one host (the `Reloader` that
 * reload.ts's `reloadHost` drives through its steps: before, boot check, reload, health gate, rollback).
 *
 * - `ManagedReloader`: a master that a process manager runs: systemd (strategies `systemd`, `rolling`, `socket`,
 *   `restart`) or supervisor (`supervisor`), through the manager's operations (supervisor.ts).
 * - `Usr2Reloader`: Gunicorn outside systemd (strategy `usr2`): USR2, the new master proved, TERM the old one.
 * - `converge`: the rolling replacement both use: TTIN, the new worker proved, TTOU the oldest.
 *
 * Every wait here is the one bounded poll (src/poll.ts), through `waitFor`.
 */
import { isCancelled } from '../cancel.js';
import { KeelError, errorMessage } from '../errors.js';
import { poll } from '../poll.js';
import { sh } from '../remote/quote.js';
import type { SshSession } from '../remote/ssh.js';
import type { Logger } from '../log.js';
import { currentRelease, releaseBefore } from '../releases/state.js';
import { Layout } from '../releases/layout.js';
import {
  type Generation,
  isNewGeneration,
  type MasterFacts,
  masterFacts,
  procId,
  readGeneration,
} from './gunicorn.js';
import { type ManagerOps, supervisorOps, systemdOps } from './supervisor.js';
import { ROLLING_PAUSE_FILE } from './hooks.js';
import { nextStep, RollProgress, type Target } from './rolling.js';
import { readRecords } from './workers.js';
import type { ReloadOptions } from './reload.js';
import { setTimeout as sleep } from 'node:timers/promises';

/** A failure that happened before the running service was touched (the old code still serves). */
export class NotTouched extends KeelError {}

/** The reload itself, per strategy: returns the generation that serves afterwards. */
export interface Reloader {
  /** What is running now; throws a clear error when the setup does not fit the strategy. */
  before(): Promise<Generation>;
  /** Replaces the workers with `count` that loaded `target` (the release `current` points to). */
  reload(before: Generation, target: Target, count: number): Promise<Generation>;
  /** After a failed reload: put the (already switched back) previous code into service. */
  recover(before: Generation, target: Target, count: number): Promise<void>;
  /** The address the app listens on, when the setup tells. */
  upstream: string | undefined;
  /** The running master's facts, read by before(). */
  facts: MasterFacts | undefined;
}

/** The reloader for the options' strategy; `warnings` collects what the host's result reports. */
export function reloaderFor(
  session: SshSession,
  o: ReloadOptions,
  log: Logger,
  warnings: string[],
): Reloader {
  return o.strategy === 'usr2'
    ? new Usr2Reloader(session, o, log)
    : new ManagedReloader(session, o, log, warnings);
}

/**
 * Tries `probe` every 250 ms (the one bounded poll) until it returns a value; throws `timeoutMessage` when
 * `timeoutMs` passed without one.
 */
async function waitFor<T>(
  timeoutMs: number,
  probe: () => Promise<T | undefined>,
  timeoutMessage: () => string,
  delayMs = 250,
): Promise<T> {
  const r = await poll(probe, (v) => v !== undefined, { deadline: Date.now() + timeoutMs, delayMs });
  if (r.value === undefined) throw new KeelError(timeoutMessage());
  return r.value;
}

/**
 * A generation whose workers stay the same for a second: `settled(g)` gives it back once the same workers
 * were seen for 1 s (new workers that fail to boot exit within moments).
 */
function stability(): (g: Generation) => Generation | undefined {
  let stable: { ids: string; since: number } | undefined;
  return (g) => {
    const ids = g.workers.map(procId).sort().join(',');
    if (stable?.ids !== ids) {
      stable = { ids, since: Date.now() };
      return undefined;
    }
    return Date.now() - stable.since >= 1_000 ? g : undefined;
  };
}

/**
 * Rolls the workers of a master, one at a time (all at once in a cancelled run's clean-up), to `count` workers
 * that all loaded `target` (the rule is nextStep's, in rolling.ts): each new worker must record that it
 * imported the app within `timeoutMs`.
 */
export async function converge(
  session: SshSession,
  what: string,
  read: () => Promise<Generation>,
  signal: (sig: 'TTIN' | 'TTOU') => Promise<unknown>,
  target: Target,
  count: number,
  timeoutMs: number,
  log: Logger,
  /** The workers as just read (the caller's own reading): spares one round trip. */
  fresh?: Generation,
): Promise<Generation> {
  const host = session.endpoint.name;
  const first = fresh ?? (await read());
  // The generation the last wait read (it is as new as a read would be): the next round decides on it.
  let next: Generation | undefined = first;
  const atStart = new Set(first.workers.map(procId));
  const everReady = new Set<string>();
  const freshSeen = new Set<string>();
  let failedBoots = 0;
  let deadline = Date.now() + timeoutMs;
  let signals = 0;
  let saidBurst = false;
  const progress = new RollProgress(target, count);
  for (;;) {
    const g: Generation = next ?? (await read());
    next = undefined;
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
    // A cancelled run's rollback has the runner's 10 s: every replacement is added at once (nextStep's burst).
    const burst = isCancelled();
    const pollMs = burst ? 100 : 250;
    if (burst && !saidBurst) {
      saidBurst = true;
      log.info(
        `${host}: cancelled: adding the replacement workers all at once (the runner ends the job 10 s after a cancel)`,
      );
    }
    const step = nextStep(g, records, target, count, atStart, burst);
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
      // Not a wait for one condition: the next round reads the workers again and decides (nextStep) anew.
      await sleep(pollMs);
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
      next = await waitFor(
        limit,
        async (): Promise<Generation | undefined> => {
          const now = await read();
          return now.workers.some((w) => procId(w) === oldest) ? undefined : now;
        },
        () => `${host}: an old worker of ${what} did not exit within ${limit / 1000}s of TTOU`,
        pollMs,
      );
    } else {
      if (g.workers.length >= 2 * count + 2 || ++signals > 4 * count + 4)
        throw new KeelError(`${host}: the workers of ${what} do not settle (${g.workers.length} running)`);
      await signal('TTIN');
      next = await waitFor(
        timeoutMs,
        async (): Promise<Generation | undefined> => {
          const now = await read();
          return now.workers.some((w) => !ids.has(procId(w))) ? now : undefined;
        },
        () => `${host}: the master of ${what} started no new worker within ${timeoutMs / 1000}s of TTIN`,
        pollMs,
      );
    }
    deadline = Date.now() + timeoutMs;
  }
}

/**
 * The reloader for a master that a process manager runs: systemd (a unit), or supervisor (a program).
 * `systemd` and `supervisor` HUP it (`hup`), `rolling` replaces its workers one at a time (`rollWorkers`, or a
 * HUP when that cannot be proved), `socket` and `restart` restart it (`restart`).
 */
class ManagedReloader implements Reloader {
  upstream: string | undefined = undefined;
  facts: MasterFacts | undefined = undefined;
  private readonly ops: ManagerOps;
  /** HUP: `systemctl reload` or `supervisorctl signal HUP`, proved the same way. */
  private readonly hupStrategy: boolean;
  private readonly unit: string;
  private readonly host: string;

  constructor(
    private readonly session: SshSession,
    private readonly o: ReloadOptions,
    private readonly log: Logger,
    private readonly warnings: string[],
  ) {
    this.ops =
      o.strategy === 'supervisor'
        ? supervisorOps(session, o.unit!, `/var/log/${o.unit!}/${o.unit!}.log`)
        : systemdOps(session, o.unit!);
    this.hupStrategy = o.strategy === 'systemd' || o.strategy === 'supervisor';
    this.unit = this.ops.label;
    this.host = session.endpoint.name;
  }

  private master(pid: number): Promise<Generation> {
    return readGeneration(this.session, sh`${pid}`);
  }

  /** The generation of the master `before` had: an error (with the log's last lines) when it exited. */
  private async sameMaster(before: Generation): Promise<Generation> {
    const g = await this.master((await this.ops.state()).mainPid);
    if (!g.master || g.master.pid !== before.master!.pid) {
      const tail = await this.ops.logTail();
      if (tail) this.log.info(`${this.host}: the last lines of ${this.unit}'s log:\n${tail}`);
      throw new KeelError(
        `${this.host}: the Gunicorn master of ${this.unit} exited during the reload (the new code failed to boot?${tail ? `: ${tail.split('\n').pop()}` : ''})`,
      );
    }
    return g;
  }

  private signal = (sig: 'TTIN' | 'TTOU') =>
    this.session.check(`sending ${sig} to the master of ${this.unit}`, this.ops.signal(sig));

  /** Rolls the master's workers one at a time (converge), reading them through sameMaster(`of`). */
  private converge(of: Generation, target: Target, count: number, fresh?: Generation): Promise<Generation> {
    return converge(
      this.session,
      this.unit,
      () => this.sameMaster(of),
      this.signal,
      target,
      count,
      this.o.timeoutMs,
      this.log,
      fresh,
    );
  }

  /**
   * HUP: the same master forks a new generation of workers and stops the old one. With keel's hooks the new
   * generation is complete when every worker has recorded that it imported the app, as many as configured.
   */
  private async hup(before: Generation, count: number): Promise<Generation> {
    await this.session.check(`reloading ${this.unit}`, this.ops.reload(), { timeoutMs: 120_000 });
    const old = new Set(before.workers.map(procId));
    const settled = stability();
    return waitFor(
      this.o.timeoutMs,
      async () => {
        const g = await this.sameMaster(before);
        if (g.workers.length === 0 || g.workers.some((w) => old.has(procId(w)))) return undefined;
        if (this.facts?.hooks) {
          const records = await readRecords(this.session, g);
          const configured = [...records.values()][0]?.workers ?? count;
          return records.size === g.workers.length && g.workers.length === configured ? g : undefined;
        }
        // Without records, new workers that fail to boot exit within moments: the generation must stay up.
        if (!isNewGeneration(before, g, true, count)) return undefined;
        return settled(g);
      },
      () =>
        `${this.host}: the workers of ${this.unit} were not all replaced within ${this.o.timeoutMs / 1000}s`,
    );
  }

  /**
   * Whether the release switched to has another Gunicorn config file than the release before it, whose config
   * the master runs with (every keel reload that saw a change was a HUP, which re-reads it). Workers added by
   * TTIN would not get a new config. Undefined when there is no config file under `current/`; `unknown` when
   * the release before cannot be found or read.
   */
  private async configChanged(): Promise<boolean | 'unknown' | undefined> {
    const config = this.facts?.config;
    if (!this.o.deployPath) return undefined;
    const layout = new Layout(this.o.deployPath);
    const prefix = `${layout.current}/`;
    if (!config?.startsWith(prefix)) return undefined;
    // No config file (Gunicorn runs on its command line alone): nothing a new release could change.
    if ((await this.session.run(sh`test -f ${config}`)).code !== 0) return undefined;
    const id = await currentRelease(this.session, layout);
    const previous = this.o.previous ?? (id ? await releaseBefore(this.session, layout, id) : undefined);
    // The first release: the service was started on it (ssh-deploy starts a newly installed unit).
    if (previous === null) return false;
    if (!previous) return 'unknown';
    const r = await this.session.run(
      sh`cmp -s ${`${layout.release(previous)}/${config.slice(prefix.length)}`} ${config}`,
    );
    return r.code === 0 ? false : r.code === 1 ? true : 'unknown';
  }

  /** Why the workers cannot be rolled one at a time (then the reload is a HUP), or undefined when they can. */
  private async whyNotRolling(target: Target): Promise<string | undefined> {
    if (!this.facts?.hooks)
      return "Gunicorn's config has no keel worker hooks (render-config's gunicorn.conf.py has them), so a new worker cannot be proved to have imported the app";
    if (target.dir === undefined && target.id === undefined)
      return "the release the new workers must load is not known (no 'deploy-path', and the master's directory cannot be read)";
    const changed = await this.configChanged();
    if (changed)
      return `${changed === true ? "the new release changes Gunicorn's config file" : 'the release before this one (whose Gunicorn config the master runs with) is not known, so the config may have changed'}, which workers added one at a time would not get`;
    return undefined;
  }

  /** Strategy `rolling`: the workers replaced one at a time, with max_requests recycling paused meanwhile. */
  private async rollWorkers(before: Generation, target: Target, count: number): Promise<Generation> {
    const why = await this.whyNotRolling(target);
    if (why) {
      this.warnings.push(
        `${this.host}: ${why}: reloaded with HUP instead (requests wait while the new workers boot)`,
      );
      return this.hup(before, count);
    }
    // Gunicorn's max_requests recycling waits while the workers are replaced (keel's pre_request hook reads
    // this file; its deadline bounds a file left behind), so every worker on the new release is one keel added.
    const pause = this.o.deployPath
      ? `${new Layout(this.o.deployPath).root}/${ROLLING_PAUSE_FILE}`
      : undefined;
    const seconds = Math.ceil(((2 * count + 2) * this.o.timeoutMs) / 1000) + 60;
    if (pause)
      await this.session
        .run(
          sh`printf '%s\\n' "$(( $(date +%s) + ${seconds} ))" > ${`${pause}.tmp`} && chmod 0644 ${`${pause}.tmp`} && mv -f ${`${pause}.tmp`} ${pause}`,
        )
        .then(
          (r) => (r.code === 0 ? undefined : r.stderr.trim()),
          (error: unknown) => errorMessage(error),
        )
        .then((problem) => {
          if (problem) this.log.info(`${this.host}: cannot pause max_requests recycling (${problem})`);
        });
    try {
      return await this.converge(before, target, count);
    } finally {
      if (pause) await this.session.run(sh`rm -f ${pause}`).catch(() => undefined);
    }
  }

  /** Strategies `socket` and `restart`: a restart, proved by a new master with workers. */
  private async restart(before: Generation): Promise<Generation> {
    if (this.o.strategy === 'restart')
      this.warnings.push(
        `${this.host}: strategy 'restart' stops the service and drops requests while it starts`,
      );
    await this.session.check(`restarting ${this.unit}`, this.ops.restart(), { timeoutMs: 300_000 });
    return waitFor(
      this.o.timeoutMs,
      async () => {
        const u = await this.ops.state();
        if (!u.active || u.mainPid === 0) return undefined;
        const g = await this.master(u.mainPid);
        const fresh = !before.master || procId(g.master!) !== procId(before.master);
        return fresh && g.workers.length > 0 ? g : undefined;
      },
      () =>
        `${this.host}: ${this.unit} did not come back with workers within ${this.o.timeoutMs / 1000}s (see ${this.ops.logHint})`,
    );
  }

  async before(): Promise<Generation> {
    const { o, host, unit } = this;
    const u = await this.ops.state();
    if (!u.loaded)
      throw new KeelError(
        o.strategy === 'supervisor'
          ? `${host}: supervisor does not know the program ${o.unit!} (is it installed and spelled right? supervisorctl reread + update add it)`
          : `${host}: systemd does not know the unit ${unit} (is it installed and spelled right?)`,
        { field: 'unit' },
      );
    const socket = u.triggeredBy.find((t) => t.endsWith('.socket'));
    if (o.strategy === 'socket' && !socket)
      throw new KeelError(
        `${host}: strategy 'socket' needs a socket-activated unit, but no .socket unit triggers ${unit}; use strategy 'systemd'`,
        { field: 'strategy' },
      );
    this.upstream = u.listen[0];
    if (!u.active || u.mainPid === 0) {
      if (o.strategy === 'restart') return { master: undefined, workers: [] };
      throw new KeelError(`${host}: ${unit} is not running, so there is nothing to reload (start it first)`, {
        field: 'unit',
      });
    }
    const facts = await masterFacts(this.session, u.mainPid);
    this.upstream ??= facts.bind;
    this.facts = facts;
    if ((this.hupStrategy || o.strategy === 'rolling') && facts.preload)
      throw new KeelError(
        `${host}: ${unit} runs Gunicorn with preload_app on: new workers would keep serving the old code. ` +
          `Use strategy 'socket' (with a .socket unit) or 'restart', or turn preload_app off`,
        { field: 'strategy' },
      );
    return this.master(u.mainPid);
  }

  reload(before: Generation, target: Target, count: number): Promise<Generation> {
    if (this.o.strategy === 'rolling') return this.rollWorkers(before, target, count);
    if (this.hupStrategy) return this.hup(before, count);
    return this.restart(before);
  }

  async recover(before: Generation, target: Target, count: number): Promise<void> {
    const u = await this.ops.state();
    // The same master still runs (it only served the bad code): roll its workers back (rolling: the old
    // workers keep serving until replacements of the previous release are up), or HUP it. Otherwise it
    // died with the bad code (or this strategy restarts anyway): start it again on the previous release.
    if (
      (this.hupStrategy || this.o.strategy === 'rolling') &&
      u.active &&
      u.mainPid > 0 &&
      u.mainPid === before.master?.pid
    ) {
      const g = await this.master(u.mainPid);
      if (this.o.strategy === 'rolling' && this.facts?.hooks) await this.converge(g, target, count, g);
      else await this.hup(g, count);
    } else {
      this.log.info(`${this.host}: starting ${this.unit} again on the previous release`);
      const reset = this.ops.resetFailed();
      if (reset) await this.session.run(reset);
      await this.session.check(`restarting ${this.unit}`, this.ops.restart(), { timeoutMs: 300_000 });
    }
  }
}

/** Strategy `usr2`: Gunicorn outside systemd, upgraded in place through its pidfile. */
class Usr2Reloader implements Reloader {
  upstream: string | undefined = undefined;
  facts: MasterFacts | undefined = undefined;
  private readonly host: string;
  private readonly pidfile: string;

  constructor(
    private readonly session: SshSession,
    private readonly o: ReloadOptions,
    private readonly log: Logger,
  ) {
    this.host = session.endpoint.name;
    this.pidfile = o.pidfile!;
  }

  private async readPid(file: string): Promise<number | undefined> {
    const r = await this.session.run(sh`cat ${file}`);
    const n = Number(r.stdout.trim());
    return r.code === 0 && Number.isInteger(n) && n > 0 ? n : undefined;
  }

  private gen(pid: number): Promise<Generation> {
    return readGeneration(this.session, sh`${pid}`);
  }

  private async alive(pid: number): Promise<boolean> {
    return (await this.gen(pid)).master !== undefined;
  }

  private signal(sig: string, pid: number, what: string) {
    return this.session.check(what, sh`kill -s ${sig} ${pid}`).catch((error: unknown) => {
      throw new KeelError(
        `${this.host}: cannot signal Gunicorn's master ${pid} (${errorMessage(error)}); the SSH user must be the app's user`,
      );
    });
  }

  /** The new master writes <pidfile>.2; it is healthy once it has its workers and they stay up for a second. */
  private async newMaster(old: number, count: number, seen: { pid?: number }): Promise<Generation> {
    const { host } = this;
    const settled = stability();
    return waitFor(
      this.o.timeoutMs,
      async () => {
        seen.pid ??= await this.readPid(`${this.pidfile}.2`);
        if (seen.pid === undefined) {
          if (!(await this.alive(old)))
            throw new KeelError(`${host}: the old master ${old} exited after USR2`);
          return undefined;
        }
        const g = await this.gen(seen.pid);
        if (!g.master)
          throw new KeelError(
            `${host}: the new Gunicorn master ${seen.pid} exited while booting (the new code failed to start?)`,
          );
        if (g.workers.length < Math.max(count, 1)) return undefined;
        return settled(g);
      },
      () =>
        `${host}: no new Gunicorn master with workers appeared within ${this.o.timeoutMs / 1000}s of USR2 (did the new code fail to boot? see Gunicorn's log)`,
    );
  }

  private async upgrade(before: Generation, count: number): Promise<Generation> {
    const { host, pidfile } = this;
    const old = before.master!;
    await this.session.run(sh`rm -f ${`${pidfile}.2`}`);
    await this.signal('USR2', old.pid, 'sending USR2 to the Gunicorn master');
    const candidate: { pid?: number } = {};
    let next: Generation;
    try {
      next = await this.newMaster(old.pid, count, candidate);
    } catch (error) {
      if (candidate.pid !== undefined && (await this.alive(candidate.pid))) {
        await this.signal('TERM', candidate.pid, 'stopping the failed new master');
        this.log.warn(
          `${host}: the new master ${candidate.pid} failed; it was stopped and the old master ${old.pid} keeps serving`,
        );
      }
      throw new NotTouched(errorMessage(error));
    }
    await this.signal('TERM', old.pid, 'stopping the old Gunicorn master');
    await waitFor(
      this.o.timeoutMs,
      async () => ((await this.alive(old.pid)) ? undefined : true),
      () => `${host}: the old master ${old.pid} did not exit within ${this.o.timeoutMs / 1000}s of TERM`,
    );
    // The new master renames <pidfile>.2 to <pidfile> once it sees its parent gone.
    await waitFor(
      10_000,
      async () => ((await this.readPid(pidfile)) === next.master!.pid ? true : undefined),
      () => `${host}: ${pidfile} does not name the new master ${next.master!.pid}`,
    );
    return this.gen(next.master!.pid);
  }

  async before(): Promise<Generation> {
    const { host, pidfile } = this;
    const pid = await this.readPid(pidfile);
    if (pid === undefined)
      throw new KeelError(
        `${host}: no Gunicorn pidfile at ${pidfile} (start Gunicorn with --pid ${pidfile})`,
        {
          field: 'pidfile',
        },
      );
    const g = await this.gen(pid);
    if (!g.master)
      throw new KeelError(`${host}: ${pidfile} names process ${pid}, which is not running`, {
        field: 'pidfile',
      });
    const facts = await masterFacts(this.session, pid);
    if (facts.systemdUnit)
      throw new KeelError(
        `${host}: the Gunicorn master ${pid} is the main process of ${facts.systemdUnit}: a USR2 upgrade would make systemd kill the service when the old master exits. Use strategy 'systemd' (HUP) or 'socket'`,
        { field: 'strategy' },
      );
    this.upstream = facts.bind;
    this.facts = facts;
    return g;
  }

  reload(before: Generation, _target: Target, count: number): Promise<Generation> {
    return this.upgrade(before, count);
  }

  async recover(_before: Generation, _target: Target, count: number): Promise<void> {
    const pid = await this.readPid(this.pidfile);
    if (pid !== undefined) await this.upgrade(await this.gen(pid), count);
  }
}
