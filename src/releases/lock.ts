/**
 * The deploy lock on a host, as a lease: one per run and host, with a unique token, renewed while the run works.
 *
 * On the host: `.keel/lock/` holds `token`, `expires` (the host's clock, epoch seconds) and `holder.json` (who,
 * for messages). Every change to it (take, break, renew, release) runs under `flock` on `.keel/lock.guard`, so
 * reading the holder and acting on what was read is one atomic step: an expired lock is broken only while it is
 * still the expired one that was read (two breakers can never both win), and only the token's holder renews or
 * releases. The lock itself appears by a rename of a complete directory, so it is never seen half written.
 * Expiry is judged by the host's clock alone (runners' clocks may disagree).
 *
 * In the run: a Lease renews every ttl/3 on the deploy's own SSH session (a channel beside the upload's; one
 * connection per host), or on one of its own when that one is slow or gone; a renewal that finds
 * another token marks the lease lost. Every switch of `current` runs through `whileHeld`: one script that, under
 * the guard, checks the token still holds the lock (renewing it) and only then switches, so a run that lost its
 * lock (even a moment before, with no renewal in between) fails with nothing switched. Leases are kept
 * in one table per process: a stage that finds its host's lease already held (the root action took it) uses it
 * and leaves it held; `holdLocksForRun` keeps every lease taken inside it until it ends.
 */
import { randomUUID } from 'node:crypto';
import { KeelError, errorMessage } from '../errors.js';
import { raw, script, sh, type ShellFragment } from '../remote/quote.js';
import { type Connection, type Endpoint, SshSession } from '../remote/ssh.js';
import type { Logger } from '../log.js';
import { Layout } from './layout.js';
import { poll } from '../poll.js';
import { isCancelled } from '../cancel.js';

/** Who holds a lock, for messages (holder.json). */
export interface Holder {
  run: string;
  actor: string;
  /** What the run does: the release it deploys, `rollback`, `reload`. */
  release: string;
  started: string;
}

export interface LockOptions {
  waitMs: number;
  ttlMs: number;
  pollMs?: number;
}

/**
 * The lock's defaults where a step has no inputs for it (reload-graceful alone): fail at once when held; a short
 * ttl (the lease is renewed while the step runs), so a cancelled step without a post step blocks deploys briefly.
 */
export const DEFAULT_LOCK: LockOptions = { waitMs: 0, ttlMs: 120_000 };

/** Who runs this step, from the runner's environment (for the lock's holder and the release log). */
export function runContext() {
  return {
    id: `${process.env.GITHUB_REPOSITORY ?? 'local'}#${process.env.GITHUB_RUN_ID ?? '0'}.${process.env.GITHUB_RUN_ATTEMPT ?? '1'}`,
    actor: process.env.GITHUB_ACTOR ?? process.env.USER ?? 'unknown',
    sha: process.env.GITHUB_SHA ?? '',
    repository: process.env.GITHUB_REPOSITORY ?? '',
  };
}

/** How long an operation waits for the guard (another run's lock operation takes milliseconds). */
const GUARD_WAIT_S = 20;

const paths = (layout: Layout, token: string) => ({
  guard: `${layout.meta}/lock.guard`,
  lock: layout.lock,
  fresh: `${layout.meta}/lock.new.${token}`,
  broken: `${layout.meta}/lock.broken.${token}`,
  gone: `${layout.meta}/lock.released.${token}`,
});

/** A script whose body runs holding the guard (`busy` when it cannot be had in time). */
function guarded(layout: Layout, token: string, ...body: ShellFragment[]): ShellFragment {
  const p = paths(layout, token);
  return script(
    raw('set +e'),
    raw(
      `command -v flock >/dev/null || { echo "keel's deploy lock needs flock (util-linux) on the host" >&2; exit 1; }`,
    ),
    sh`mkdir -p ${layout.meta} || exit 1`,
    sh`exec 9>>${p.guard} || exit 1`,
    sh`flock -w ${GUARD_WAIT_S} 9 || { echo busy; exit 0; }`,
    ...body,
  );
}

const HOLDER_LINE = (lock: string) =>
  sh`head -c 4096 ${`${lock}/holder.json`} 2>/dev/null | tr -d '\\n\\r'; echo`;

/**
 * One attempt: `acquired` (after `broke` + the old holder, when an expired lock was broken), `held`, `busy`.
 * `then`, when given, runs once the lock is taken, still holding the guard, after a NUL (the deploy's first
 * script rides the lock's round trip: see withLease's `first`).
 */
export function acquireScript(
  layout: Layout,
  token: string,
  ttlS: number,
  holder: Holder,
  then: ShellFragment[] = [],
): ShellFragment {
  const p = paths(layout, token);
  return guarded(
    layout,
    token,
    raw('now=$(date +%s)'),
    sh`if [ -e ${p.lock} ] || [ -L ${p.lock} ]; then`,
    sh`  exp=$(cat ${`${p.lock}/expires`} 2>/dev/null)`,
    // A lock without a readable expiry (an older keel's, or a broken one): its directory's age decides.
    sh`  case "$exp" in ''|*[!0-9]*) exp=$(( $(stat -c %Y ${p.lock} 2>/dev/null || echo 0) + ${ttlS} ));; esac`,
    raw('  if [ "$now" -lt "$exp" ]; then echo held; echo $((exp - now));'),
    HOLDER_LINE(p.lock),
    raw('  exit 0; fi'),
    raw('  echo broke'),
    HOLDER_LINE(p.lock),
    sh`  mv -T ${p.lock} ${p.broken} && rm -rf ${p.broken} || exit 1`,
    raw('fi'),
    sh`rm -rf ${p.fresh} && mkdir ${p.fresh} || exit 1`,
    sh`printf '%s' ${token} > ${`${p.fresh}/token`} || exit 1`,
    sh`echo $((now + ${ttlS})) > ${`${p.fresh}/expires`} || exit 1`,
    sh`printf '%s\\n' ${JSON.stringify(holder)} > ${`${p.fresh}/holder.json`} || exit 1`,
    sh`mv -T ${p.fresh} ${p.lock} || exit 1`,
    raw('echo acquired'),
    ...(then.length > 0 ? [raw("printf '\\0'"), ...then] : []),
  );
}

/** Under the guard: `then` when `token` holds the lock, else `otherwise`. */
function ifHolder(
  layout: Layout,
  token: string,
  then: ShellFragment[],
  otherwise: ShellFragment[],
): ShellFragment {
  return guarded(
    layout,
    token,
    sh`if [ "$(cat ${`${layout.lock}/token`} 2>/dev/null)" = ${token} ]; then`,
    ...then,
    raw('else'),
    ...otherwise,
    raw('fi'),
  );
}

/** Extends the lease if `token` still holds it: `renewed`, or `lost` and the holder now. */
export function renewScript(layout: Layout, token: string, ttlS: number): ShellFragment {
  const { lock } = paths(layout, token);
  return ifHolder(
    layout,
    token,
    [
      sh`echo $(( $(date +%s) + ${ttlS} )) > ${`${lock}/expires.new`} && mv -f ${`${lock}/expires.new`} ${`${lock}/expires`} || exit 1`,
      raw('echo renewed'),
    ],
    [raw('echo lost'), HOLDER_LINE(lock)],
  );
}

/**
 * The lock's removal, for a script that holds the guard and has checked `token` holds the lock (releaseScript,
 * or the end of a deploy's switch: switchLogPruneRelease). One command, ending in `;` (for `if ... then`).
 */
export function releaseBody(layout: Layout, token: string): ShellFragment {
  const p = paths(layout, token);
  return sh`mv -T ${p.lock} ${p.gone} && rm -rf ${p.gone};`;
}

/** Removes the lock if `token` holds it: `released` or `not-held`. */
export function releaseScript(layout: Layout, token: string): ShellFragment {
  const p = paths(layout, token);
  return ifHolder(
    layout,
    token,
    [sh`mv -T ${p.lock} ${p.gone} && rm -rf ${p.gone} && echo released || exit 1`],
    [raw('echo not-held')],
  );
}

/**
 * Removes the `.partial-*` uploads that belong to no live holder: run while `token` holds the lock, so every
 * partial not named with `token` is a dead run's. Says `lost` (and removes nothing) when `token` no longer holds it.
 */
export function cleanPartialsScript(layout: Layout, token: string): ShellFragment {
  return ifHolder(layout, token, [partialsBody(layout, token)], [raw('echo lost')]);
}

/**
 * The host side of removing dead runs' uploads, for a script that already holds the lock and its guard (a
 * subshell: `removed NAME` per upload removed, then `clean`).
 */
export function partialsBody(layout: Layout, token: string): ShellFragment {
  return script(
    raw('('),
    sh`cd ${layout.releases} 2>/dev/null || { echo clean; exit 0; }`,
    sh`for d in .partial-*; do [ -e "$d" ] || continue; case "$d" in *.${token}) ;; *) rm -rf -- "$d" && echo "removed $d";; esac; done`,
    raw('echo clean'),
    raw(')'),
  );
}

/** Logs the uploads partialsBody removed; throws unless it finished (`clean`). */
export function reportPartials(host: string, out: string, log: Logger): void {
  const lines = out.trim().split('\n');
  if (lines[lines.length - 1] !== 'clean')
    throw new KeelError(`${host}: could not remove abandoned uploads: ${out.trim().slice(0, 200)}`);
  for (const l of lines.filter((x) => x.startsWith('removed ')))
    log.info(`${host}: ${l} (an upload of a run that no longer holds the lock)`);
}

/**
 * Under the guard: when `token` holds the lock, its expiry is extended (as a renewal) and `body` runs (it
 * prints what it prints, then `done`); otherwise `lost` and the holder now, and nothing of `body` runs.
 * The lease check and the change it guards (the switch of `current`) in one round trip, as one atomic step.
 */
export function whileHolderScript(
  layout: Layout,
  token: string,
  ttlS: number,
  body: ShellFragment[],
): ShellFragment {
  const { lock } = paths(layout, token);
  return ifHolder(
    layout,
    token,
    [
      sh`echo $(( $(date +%s) + ${ttlS} )) > ${`${lock}/expires.new`} && mv -f ${`${lock}/expires.new`} ${`${lock}/expires`} || exit 1`,
      raw('echo held'),
      ...body,
      raw('echo; echo done'),
    ],
    [raw('echo lost'), HOLDER_LINE(lock)],
  );
}

function describe(json: string | undefined): string {
  let h: Partial<Holder> = {};
  try {
    const v = JSON.parse(json ?? '') as unknown;
    if (v && typeof v === 'object') h = v as Partial<Holder>;
  } catch {
    /* an older keel's or a damaged holder file */
  }
  const text = (x: unknown) => (typeof x === 'string' ? x.replace(/[\r\n]/g, ' ').slice(0, 200) : '?');
  return h.run
    ? `run ${text(h.run)} by ${text(h.actor)} (release ${text(h.release)}, since ${text(h.started)})`
    : 'an unknown holder';
}

/** Who holds the lock, from a try's answer (`held` + seconds left + holder, or `busy`). */
const holderOf = (lines: string[]): string =>
  lines[0] === 'held' ? describe(lines[2]) : 'a run changing it right now';

/**
 * A held lock: its token, the heartbeat that renews it, and the session it talks to the host on. That is the
 * deploy's own session when the lock was taken on it (`lend`; one SSH connection per host, the renewals a
 * channel beside the upload's), else one of its own. A renewal on a lent session that gets no answer within
 * ttl/6 (a slow link, where the upload's data queues ahead of it in the connection) is made again on a session
 * of the lease's own, which it keeps from then on; so is one after the lent session failed or was given back.
 */
export class Lease {
  /** Why the lease is no longer held (another run took the lock, or it could not be renewed in time). */
  lost: string | undefined;
  private renewedAt = Date.now();
  private timer: ReturnType<typeof setInterval> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private released = false;
  /** A script of this run is releasing the lock itself (switchLogPruneRelease): renewals stand aside. */
  private releasing = false;
  /** That script released it (releasedOnHost): nothing opens a session for this lease any more. */
  private goneOnHost = false;
  /** The deploy's session, while the lease may use it (never closed by the lease). */
  private lent: SshSession | undefined;
  /** A session of the lease's own (closed on release), opened when the lent one is not there or too slow. */
  private own: SshSession | undefined;
  /** Told once the lock has been released (the post step's record). */
  onReleased: (() => void) | undefined;
  /** What acquireLease's `then` printed, in the take's own round trip (taken once by withLease). */
  firstOutput: string | undefined;

  constructor(
    readonly endpoint: Endpoint,
    readonly layout: Layout,
    readonly token: string,
    private readonly ttlMs: number,
    session: { own: SshSession } | { lent: SshSession },
    private readonly reopen: () => Promise<SshSession>,
    private readonly log: Logger,
  ) {
    if ('own' in session) this.own = session.own;
    else this.lent = session.lent;
  }

  private get name() {
    return this.endpoint.name;
  }

  private get ttlS() {
    return Math.ceil(this.ttlMs / 1000);
  }

  /**
   * The deploy's session is closing while the lease stays held (a run that keeps its leases): the lease opens
   * its own now, in the background, for the renewals and the release still to come.
   */
  giveBack(session: SshSession): void {
    if (this.lent !== session) return;
    this.lent = undefined;
    if (this.released || this.lost || this.own) return;
    this.queue = this.queue.then(() => this.ownSession()).catch(() => undefined);
  }

  private async ownSession(): Promise<SshSession> {
    this.own ??= await this.reopen();
    return this.own;
  }

  /** Runs a lock script: on the lent session (bounded by ttl/6), else, or then, on the lease's own. */
  private async runScript(what: string, body: ShellFragment) {
    const lent = this.lent;
    if (lent) {
      const bound = Math.max(1_000, Math.floor(this.ttlMs / 6));
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        return await Promise.race([
          lent.check(what, body),
          new Promise<never>((_, reject) => {
            timer = setTimeout(
              () => reject(new KeelError(`no answer on the deploy's connection in ${bound} ms`)),
              bound,
            );
          }),
        ]);
      } catch (error) {
        // The deploy's connection is busy or broken: the lease goes on on its own one (a late answer there is
        // ignored; a renewal is harmless twice).
        this.log.info(`${this.name}: ${what} on a connection of its own (${errorMessage(error)})`);
        if (this.lent === lent) this.lent = undefined;
      } finally {
        clearTimeout(timer);
      }
    }
    const run = (s: SshSession) => s.check(what, body);
    try {
      return await run(await this.ownSession());
    } catch (error) {
      this.own?.close();
      this.own = undefined;
      // Released on the host meanwhile (by a script of this run): no new session for a lock that is gone.
      if (this.goneOnHost) throw error;
      const s = await this.ownSession().catch((e: unknown) => {
        throw new KeelError(`${errorMessage(error)}; reconnecting failed: ${errorMessage(e)}`);
      });
      return run(s);
    }
  }

  /** Renews every ttl/3 until released. */
  startHeartbeat(): void {
    this.timer = setInterval(() => void this.beat(), Math.max(500, Math.floor(this.ttlMs / 3)));
    this.timer.unref();
  }

  /** One renewal, one at a time. */
  private renew(): Promise<void> {
    const next = this.queue.then(async () => {
      if (this.lost || this.releasing || this.released) return;
      const r = await this.runScript(
        'renewing the deploy lock',
        renewScript(this.layout, this.token, this.ttlS),
      );
      const lines = r.stdout.trim().split('\n');
      if (lines[0] === 'renewed') this.renewedAt = Date.now();
      // A renewal that ran after this run's own release (a script that released it) lost nothing.
      else if (lines[0] === 'lost' && !this.releasing && !this.released) this.markLost(lines[1]);
      // `busy`: the guard was held by someone else for GUARD_WAIT_S; the next beat tries again.
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  private markLost(holderLine: string | undefined) {
    this.lost ??= `${this.name}: this run no longer holds the deploy lock (now held by ${describe(holderLine)})`;
  }

  private async beat(): Promise<void> {
    try {
      await this.renew();
    } catch (error) {
      if (this.released || this.releasing) return;
      this.log.warn(`${this.name}: could not renew the deploy lock: ${errorMessage(error)}`);
    }
    if (this.released || this.releasing) return;
    // Not renewed for a whole ttl: another run may have broken it by now.
    if (!this.lost && Date.now() - this.renewedAt >= this.ttlMs)
      this.lost = `${this.name}: the deploy lock could not be renewed for ${Math.round(this.ttlMs / 1000)}s and may have been taken by another run`;
    // Said once (beats queued behind a slow renewal end here too).
    if (this.lost && this.timer) {
      this.log.warn(this.lost);
      this.stopHeartbeat();
    }
  }

  private stopHeartbeat() {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Throws when this lease may not guard a change any more (lost, or released). */
  private usable(): void {
    if (this.released) throw new KeelError(`${this.name}: the deploy lock was already released`);
    if (this.lost) throw new KeelError(`${this.lost}; nothing was switched`);
  }

  /**
   * Runs `body` on `session` only while this run holds the lock, checked and renewed in the same script under
   * the lock's guard (whileHolderScript): one round trip for the check and the change. Returns what `body`
   * printed; throws, with nothing of `body` run, when the lock is no longer this run's.
   */
  async whileHeld(session: SshSession, what: string, body: ShellFragment[]): Promise<string> {
    this.usable();
    const asked = Date.now();
    const r = await session.check(what, whileHolderScript(this.layout, this.token, this.ttlS, body));
    const out = r.stdout;
    if (out.startsWith('held\n') && out.endsWith('\ndone\n')) {
      if (this.renewedAt < asked) this.renewedAt = asked;
      return out.slice('held\n'.length, -'\ndone\n'.length);
    }
    const lines = out.trim().split('\n');
    if (lines[0] === 'lost') {
      this.markLost(lines[1]);
      throw new KeelError(`${this.lost}; nothing was switched`);
    }
    throw new KeelError(
      `${this.name}: could not confirm the deploy lock (its guard stayed busy); nothing was switched`,
    );
  }

  /**
   * A script that releases the lock itself is about to run (or, `false`, did not release it after all): no
   * renewal is made meanwhile, and one already on its way that finds the lock gone is not taken for a loss.
   * The script renews the lease itself as it starts (whileHolderScript).
   */
  closing(on = true): void {
    this.releasing = on;
    if (on) this.stopHeartbeat();
    else if (!this.released && !this.lost && !this.timer) this.startHeartbeat();
  }

  /** The lock was released on the host by a script of this run (releaseBody, under the guard, token checked). */
  releasedOnHost(): void {
    if (this.released) return;
    this.released = true;
    this.goneOnHost = true;
    this.releasing = false;
    this.stopHeartbeat();
    held.delete(key(this.endpoint, this.layout));
    this.onReleased?.();
    this.lent = undefined;
    // A renewal may still be on its way on the lease's own session: that session is closed once it has ended.
    // Closed under it, the renewal would fail and reconnect, to a session nothing closes (the step never exits).
    void this.queue.finally(() => {
      this.own?.close();
      this.own = undefined;
    });
  }

  /** Releases the lock if this run still holds it, and closes the lease's own session. Returns whether it did. */
  async release(): Promise<boolean> {
    if (this.released) return false;
    this.released = true;
    this.stopHeartbeat();
    held.delete(key(this.endpoint, this.layout));
    try {
      await this.queue;
      const r = await this.runScript('releasing the deploy lock', releaseScript(this.layout, this.token));
      this.onReleased?.();
      return r.stdout.trim() === 'released';
    } finally {
      this.lent = undefined;
      this.own?.close();
      this.own = undefined;
    }
  }
}

/** The leases this process holds, by host and deploy path. */
const held = new Map<string, Lease>();
const key = (e: Endpoint, layout: Layout) => JSON.stringify([e.name, e.host, e.port, layout.root]);
/** Inside holdLocksForRun: leases are kept until it ends, so every stage works under the same one. */
let runWide = false;

export function heldLease(e: Endpoint, layout: Layout): Lease | undefined {
  return held.get(key(e, layout));
}

/**
 * Takes the lock on one host, waiting up to waitMs; breaks an expired one atomically. On `via.session` (the
 * deploy's, lent to the lease) when given, else on a session of its own. `via.then` runs in the same script once
 * the lock is taken (under its guard); its output is the lease's `firstOutput`.
 */
export async function acquireLease(
  c: Connection,
  endpoint: Endpoint,
  layout: Layout,
  holder: Omit<Holder, 'started'>,
  o: LockOptions,
  log: Logger,
  via: {
    session?: SshSession;
    then?: (token: string) => ShellFragment[];
    /**
     * Told the token before the first try (held: true), so a run cancelled while a take runs (its `then` can
     * take a while: the copy of the live release) leaves the token to its post step, which releases the lock
     * if that token took it; told again (false) when no lock was taken and the run was not cancelled.
     */
    record?: (token: string, held: boolean) => void;
  } = {},
): Promise<Lease> {
  const token = randomUUID();
  const ttlS = Math.ceil(o.ttlMs / 1000);
  const open = () => SshSession.open(endpoint, c.credentials, c.options, log);
  const session = via.session ?? (await open());
  const then = via.then?.(token) ?? [];
  via.record?.(token, true);
  try {
    let after: string | undefined;
    const tried = await poll(
      async () => {
        const full: Holder = { ...holder, started: new Date().toISOString() };
        const r = await session.check(
          'taking the deploy lock',
          acquireScript(layout, token, ttlS, full, then),
        );
        const nul = r.stdout.indexOf('\0');
        const lines = (nul < 0 ? r.stdout : r.stdout.slice(0, nul)).trim().split('\n');
        if (nul >= 0) after = r.stdout.slice(nul + 1);
        if (lines[0] === 'broke')
          log.warn(`${endpoint.name}: broke an expired deploy lock held by ${describe(lines[1])}`);
        return lines;
      },
      (lines) => lines[lines.length - 1] === 'acquired',
      {
        deadline: Date.now() + o.waitMs,
        delayMs: o.pollMs ?? 2_000,
        onMiss: (lines, tries) => {
          if (tries === 1)
            log.info(`${endpoint.name}: waiting for the deploy lock held by ${holderOf(lines)}`);
        },
      },
    );
    if (tried.done) {
      const lease = new Lease(
        endpoint,
        layout,
        token,
        o.ttlMs,
        via.session ? { lent: via.session } : { own: session },
        open,
        log,
      );
      lease.firstOutput = after;
      held.set(key(endpoint, layout), lease);
      lease.startHeartbeat();
      return lease;
    }
    const lines = tried.value;
    const left = lines[0] === 'held' ? Number(lines[1]) : NaN;
    throw new KeelError(
      `${endpoint.name}: another deploy holds the lock: ${holderOf(lines)}. ` +
        `Wait for it (input 'lock-wait'), or if that run is dead, the lock expires` +
        (Number.isFinite(left) ? ` in ${left}s unless it is renewed.` : ' after its ttl.'),
      { field: 'lock-wait' },
    );
  } catch (error) {
    if (!via.session) session.close();
    if (!isCancelled()) via.record?.(token, false);
    throw error;
  }
}

/**
 * Takes over a lease this run's main step held with `token` (the post step, after the main step was killed):
 * only if the token still holds the lock, which is renewed at once. Undefined when it no longer does (expired and
 * taken by another run): then the host is someone else's to change.
 */
export async function adoptLease(
  c: Connection,
  endpoint: Endpoint,
  layout: Layout,
  token: string,
  ttlMs: number,
  log: Logger,
): Promise<Lease | undefined> {
  const open = () => SshSession.open(endpoint, c.credentials, c.options, log);
  const session = await open();
  const r = await session
    .check('taking over the deploy lock', renewScript(layout, token, Math.ceil(ttlMs / 1000)))
    .catch((error: unknown) => {
      session.close();
      throw error;
    });
  if (r.stdout.trim().split('\n')[0] !== 'renewed') {
    session.close();
    return undefined;
  }
  const lease = new Lease(endpoint, layout, token, ttlMs, { own: session }, open, log);
  held.set(key(endpoint, layout), lease);
  lease.startHeartbeat();
  return lease;
}

/** Releases leases (each only with its own token); a host that cannot be reached is a warning. */
async function releaseAll(leases: Lease[], log: Logger): Promise<void> {
  await Promise.all(
    leases.map((l) =>
      l
        .release()
        .catch((error: unknown) =>
          log.warn(`${l.endpoint.name}: could not release the deploy lock: ${errorMessage(error)}`),
        ),
    ),
  );
}

/**
 * Runs `fn` holding the host's lock: the one this run already holds (taken by the root action or an earlier
 * stage), or a new one, released afterwards unless the run keeps its leases (holdLocksForRun). A new one is
 * taken on `via.session` (the caller's session to the host: one connection for the lock and the work), and
 * `via.then` rides the take's round trip (`lease.firstOutput`; unset when the lease was held already).
 * `fn`'s `owned`: the lease is this call's alone (taken here, released when `fn` ends), so `fn` may release it
 * in its own last script; a lease held before, or kept for the run, is never released by `fn`.
 */
export async function withLease<R>(
  c: Connection,
  endpoint: Endpoint,
  layout: Layout,
  holder: Omit<Holder, 'started'>,
  o: LockOptions,
  log: Logger,
  onLock: ((token: string, held: boolean) => void) | undefined,
  fn: (lease: Lease, firstOutput: string | undefined, owned: boolean) => Promise<R>,
  via: { session?: SshSession; then?: (token: string) => ShellFragment[] } = {},
): Promise<R> {
  const existing = heldLease(endpoint, layout);
  if (existing) return fn(existing, undefined, false);
  const lease = await acquireLease(c, endpoint, layout, holder, o, log, {
    ...via,
    ...(onLock ? { record: onLock } : {}),
  });
  lease.onReleased = () => onLock?.(lease.token, false);
  const first = lease.firstOutput;
  lease.firstOutput = undefined;
  if (runWide) {
    try {
      return await fn(lease, first, false);
    } finally {
      // Kept past this host's work: the lease goes on on its own connection once the caller's closes.
      if (via.session) lease.giveBack(via.session);
    }
  }
  try {
    // Owned: nothing after `fn` needs the lock, so `fn` may release it itself (lease.releasedOnHost).
    return await fn(lease, first, true);
  } finally {
    await releaseAll([lease], log);
  }
}

/**
 * Runs `fn` holding the lock on every host of `c` at `deployPath` (nothing to hold without one): those this run
 * holds already are used as they are; the others are taken first (all of them, or none and a KeelError naming
 * the holder) and released afterwards unless the run keeps its leases. For reload-graceful, whose rollback
 * switches `current`.
 */
export async function withLocks<R>(
  c: Connection,
  deployPath: string | undefined,
  what: string,
  o: LockOptions,
  log: Logger,
  fn: () => Promise<R>,
  onLock?: (endpoint: Endpoint, token: string, held: boolean) => void,
): Promise<R> {
  if (!deployPath) return fn();
  const layout = new Layout(deployPath);
  const run = runContext();
  const taken: Lease[] = [];
  const keep = runWide;
  try {
    // Taken in one order for every run (by name), so two runs listing the same hosts in different orders
    // cannot each hold a part and wait for the other's.
    const order = [...c.endpoints].sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : a.port - b.port,
    );
    for (const e of order)
      if (!heldLease(e, layout)) {
        const lease = await acquireLease(
          c,
          e,
          layout,
          { run: run.id, actor: run.actor, release: what },
          o,
          log,
        );
        taken.push(lease);
        onLock?.(e, lease.token, true);
        lease.onReleased = () => onLock?.(e, lease.token, false);
      }
    return await fn();
  } finally {
    if (!keep) await releaseAll(taken, log);
  }
}

/**
 * The root action's scope: every lease taken while `fn` runs (deploy, reload, rollback) is kept until it ends,
 * then released (only with its own token). Stages inside find the leases held and do not take them again.
 */
export async function holdLocksForRun<R>(log: Logger, fn: () => Promise<R>): Promise<R> {
  const before = new Set(held.keys());
  runWide = true;
  try {
    return await fn();
  } finally {
    runWide = false;
    const mine = [...held.entries()].filter(([k]) => !before.has(k)).map(([, l]) => l);
    await releaseAll(mine, log);
  }
}

/** Releases the lock if (and only if) `token` still holds it (the post step). Returns whether it did. */
export async function releaseLock(session: SshSession, layout: Layout, token: string): Promise<boolean> {
  const r = await session.check('releasing the deploy lock', releaseScript(layout, token));
  return r.stdout.trim() === 'released';
}

/** Under the lease: removes the uploads of dead runs; throws when the lease was lost. */
export async function cleanPartials(session: SshSession, lease: Lease, log: Logger): Promise<void> {
  const r = await session.check('removing abandoned uploads', cleanPartialsScript(lease.layout, lease.token));
  const lines = r.stdout.trim().split('\n');
  if (lines[0] === 'lost') {
    lease.lost ??= `${session.endpoint.name}: this run no longer holds the deploy lock`;
    throw new KeelError(`${lease.lost}; nothing was changed`);
  }
  if (lines[lines.length - 1] !== 'clean')
    throw new KeelError(
      `${session.endpoint.name}: could not take the lock's guard to remove abandoned uploads`,
    );
  reportPartials(session.endpoint.name, r.stdout, log);
}
