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
 * In the run: a Lease keeps its own SSH session to the host and renews every ttl/3; a renewal that finds
 * another token marks the lease lost, and `confirmLease` (called before every switch of `current`) renews at
 * once and throws when the lease was lost, so a run that lost its lock fails before switching. Leases are kept
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

/** One attempt: `acquired` (after `broke` + the old holder, when an expired lock was broken), `held`, `busy`. */
export function acquireScript(layout: Layout, token: string, ttlS: number, holder: Holder): ShellFragment {
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
  return ifHolder(
    layout,
    token,
    [
      sh`cd ${layout.releases} 2>/dev/null || { echo clean; exit 0; }`,
      sh`for d in .partial-*; do [ -e "$d" ] || continue; case "$d" in *.${token}) ;; *) rm -rf -- "$d" && echo "removed $d";; esac; done`,
      raw('echo clean'),
    ],
    [raw('echo lost')],
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

/** A held lock: its token, its own session to the host, and the heartbeat that renews it. */
export class Lease {
  /** Why the lease is no longer held (another run took the lock, or it could not be renewed in time). */
  lost: string | undefined;
  private renewedAt = Date.now();
  private timer: ReturnType<typeof setInterval> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private released = false;
  /** Told once the lock has been released (the post step's record). */
  onReleased: (() => void) | undefined;

  constructor(
    readonly endpoint: Endpoint,
    readonly layout: Layout,
    readonly token: string,
    private readonly ttlMs: number,
    private session: SshSession,
    private readonly reopen: () => Promise<SshSession>,
    private readonly log: Logger,
  ) {}

  private get name() {
    return this.endpoint.name;
  }

  /** Renews every ttl/3 until released. */
  startHeartbeat(): void {
    this.timer = setInterval(() => void this.beat(), Math.max(500, Math.floor(this.ttlMs / 3)));
    this.timer.unref();
  }

  /** One renewal on the lease's session, one at a time; reconnects once when the session broke. */
  private renew(): Promise<void> {
    const next = this.queue.then(async () => {
      if (this.lost) return;
      const run = (s: SshSession) =>
        s.check(
          'renewing the deploy lock',
          renewScript(this.layout, this.token, Math.ceil(this.ttlMs / 1000)),
        );
      let r;
      try {
        r = await run(this.session);
      } catch (error) {
        this.session.close();
        this.session = await this.reopen().catch((e: unknown) => {
          throw new KeelError(`${errorMessage(error)}; reconnecting failed: ${errorMessage(e)}`);
        });
        r = await run(this.session);
      }
      const lines = r.stdout.trim().split('\n');
      if (lines[0] === 'renewed') this.renewedAt = Date.now();
      else if (lines[0] === 'lost')
        this.lost = `${this.name}: this run no longer holds the deploy lock (now held by ${describe(lines[1])})`;
      // `busy`: the guard was held by someone else for GUARD_WAIT_S; the next beat tries again.
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async beat(): Promise<void> {
    try {
      await this.renew();
    } catch (error) {
      this.log.warn(`${this.name}: could not renew the deploy lock: ${errorMessage(error)}`);
    }
    // Not renewed for a whole ttl: another run may have broken it by now.
    if (!this.lost && Date.now() - this.renewedAt >= this.ttlMs)
      this.lost = `${this.name}: the deploy lock could not be renewed for ${Math.round(this.ttlMs / 1000)}s and may have been taken by another run`;
    if (this.lost) {
      this.log.warn(this.lost);
      this.stopHeartbeat();
    }
  }

  private stopHeartbeat() {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Renews now; throws when this run no longer holds the lock (fail safe before switching `current`). */
  async confirm(): Promise<void> {
    if (!this.lost && !this.released) {
      const asked = Date.now();
      try {
        await this.renew();
      } catch (error) {
        throw new KeelError(`${this.name}: could not confirm the deploy lock: ${errorMessage(error)}`);
      }
      if (!this.lost && this.renewedAt < asked)
        throw new KeelError(`${this.name}: could not confirm the deploy lock (its guard stayed busy)`);
    }
    if (this.released) throw new KeelError(`${this.name}: the deploy lock was already released`);
    if (this.lost) throw new KeelError(`${this.lost}; nothing was switched`);
  }

  /** Releases the lock if this run still holds it, and closes the lease's session. Returns whether it did. */
  async release(): Promise<boolean> {
    if (this.released) return false;
    this.released = true;
    this.stopHeartbeat();
    held.delete(key(this.endpoint, this.layout));
    try {
      await this.queue;
      const r = await this.session.check('releasing the deploy lock', releaseScript(this.layout, this.token));
      this.onReleased?.();
      return r.stdout.trim() === 'released';
    } finally {
      this.session.close();
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

/** Before `current` is switched: the run must hold the host's lock, confirmed (renewed) now. */
export async function confirmLease(e: Endpoint, layout: Layout): Promise<void> {
  const lease = heldLease(e, layout);
  if (!lease)
    throw new KeelError(`${e.name}: refusing to switch ${layout.current} without holding the deploy lock`);
  await lease.confirm();
}

/** Takes the lock on one host (its own session), waiting up to waitMs; breaks an expired one atomically. */
export async function acquireLease(
  c: Connection,
  endpoint: Endpoint,
  layout: Layout,
  holder: Omit<Holder, 'started'>,
  o: LockOptions,
  log: Logger,
): Promise<Lease> {
  const token = randomUUID();
  const ttlS = Math.ceil(o.ttlMs / 1000);
  const open = () => SshSession.open(endpoint, c.credentials, c.options, log);
  const session = await open();
  try {
    const tried = await poll(
      async () => {
        const full: Holder = { ...holder, started: new Date().toISOString() };
        const r = await session.check('taking the deploy lock', acquireScript(layout, token, ttlS, full));
        const lines = r.stdout.trim().split('\n');
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
      const lease = new Lease(endpoint, layout, token, o.ttlMs, session, open, log);
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
    session.close();
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
  const lease = new Lease(endpoint, layout, token, ttlMs, session, open, log);
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
 * stage), or a new one, released afterwards unless the run keeps its leases (holdLocksForRun).
 */
export async function withLease<R>(
  c: Connection,
  endpoint: Endpoint,
  layout: Layout,
  holder: Omit<Holder, 'started'>,
  o: LockOptions,
  log: Logger,
  onLock: ((token: string, held: boolean) => void) | undefined,
  fn: (lease: Lease) => Promise<R>,
): Promise<R> {
  const existing = heldLease(endpoint, layout);
  if (existing) return fn(existing);
  const lease = await acquireLease(c, endpoint, layout, holder, o, log);
  onLock?.(lease.token, true);
  lease.onReleased = () => onLock?.(lease.token, false);
  if (runWide) return fn(lease);
  try {
    return await fn(lease);
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
  for (const l of lines.filter((x) => x.startsWith('removed ')))
    log.info(`${session.endpoint.name}: ${l} (an upload of a run that no longer holds the lock)`);
}
