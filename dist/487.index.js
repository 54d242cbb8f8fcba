export const id = 487;
export const ids = [487];
export const modules = {

/***/ 5262:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   PE: () => (/* binding */ Layout),
/* harmony export */   fj: () => (/* binding */ parseShared),
/* harmony export */   sQ: () => (/* binding */ defaultReleaseId),
/* harmony export */   uX: () => (/* binding */ RELEASE_ID)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/** Where things live on a host, and how release ids look. */

const RELEASE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
/** `20261122T234500Z-abc1234`: sorts by time, names the commit. */
function defaultReleaseId(now, sha) {
    const stamp = now
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d+Z$/, 'Z');
    return sha && /^[0-9a-f]{7,40}$/i.test(sha) ? `${stamp}-${sha.slice(0, 7).toLowerCase()}` : stamp;
}
class Layout {
    root;
    constructor(root) {
        this.root = root;
    }
    get releases() {
        return `${this.root}/releases`;
    }
    get shared() {
        return `${this.root}/shared`;
    }
    get current() {
        return `${this.root}/current`;
    }
    /** keel's own files on the host: lock, release log, venvs. */
    get meta() {
        return `${this.root}/.keel`;
    }
    get lock() {
        return `${this.meta}/lock`;
    }
    get log() {
        return `${this.meta}/releases.log`;
    }
    get venvs() {
        return `${this.meta}/venvs`;
    }
    release(id) {
        if (!RELEASE_ID.test(id))
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .KeelError */ .Ui(`release id ${JSON.stringify(id)} is not valid`);
        return `${this.releases}/${id}`;
    }
    /** An upload in progress, named with its run's lock token (only that run, or one that finds it abandoned, removes it). */
    partial(id, token) {
        return `${this.releases}/.partial-${id}.${token}`;
    }
}
const SHARED = /^(?!.*(?:^|\/)\.\.?(?:\/|$))[A-Za-z0-9._@+-][A-Za-z0-9._@+/-]*$/;
function parseShared(items) {
    const shared = [];
    const problems = [];
    for (const item of items) {
        const dir = item.endsWith('/');
        const path = item.replace(/\/+$/, '');
        if (!SHARED.test(path))
            problems.push(`${JSON.stringify(item)} is not a relative path inside the release (no .., no leading /)`);
        else
            shared.push({ path, dir });
    }
    return { shared, problems };
}


/***/ }),

/***/ 8403:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GE: () => (/* binding */ cleanPartials),
/* harmony export */   TA: () => (/* binding */ confirmLease),
/* harmony export */   X6: () => (/* binding */ withLocks),
/* harmony export */   bL: () => (/* binding */ adoptLease),
/* harmony export */   pO: () => (/* binding */ runContext),
/* harmony export */   pS: () => (/* binding */ withLease),
/* harmony export */   sR: () => (/* binding */ DEFAULT_LOCK),
/* harmony export */   x_: () => (/* binding */ releaseLock),
/* harmony export */   y6: () => (/* binding */ holdLocksForRun)
/* harmony export */ });
/* unused harmony exports acquireScript, renewScript, releaseScript, cleanPartialsScript, Lease, heldLease, acquireLease */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);
/* harmony import */ var _remote_quote_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(4414);
/* harmony import */ var _remote_ssh_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8136);
/* harmony import */ var _layout_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5262);
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8500);
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(node_timers_promises__WEBPACK_IMPORTED_MODULE_4__);
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






/**
 * The lock's defaults where a step has no inputs for it (reload-graceful alone): fail at once when held; a short
 * ttl (the lease is renewed while the step runs), so a cancelled step without a post step blocks deploys briefly.
 */
const DEFAULT_LOCK = { waitMs: 0, ttlMs: 120_000 };
/** Who runs this step, from the runner's environment (for the lock's holder and the release log). */
function runContext() {
    return {
        id: `${process.env.GITHUB_REPOSITORY ?? 'local'}#${process.env.GITHUB_RUN_ID ?? '0'}.${process.env.GITHUB_RUN_ATTEMPT ?? '1'}`,
        actor: process.env.GITHUB_ACTOR ?? process.env.USER ?? 'unknown',
        sha: process.env.GITHUB_SHA ?? '',
        repository: process.env.GITHUB_REPOSITORY ?? '',
    };
}
/** How long an operation waits for the guard (another run's lock operation takes milliseconds). */
const GUARD_WAIT_S = 20;
const paths = (layout, token) => ({
    guard: `${layout.meta}/lock.guard`,
    lock: layout.lock,
    fresh: `${layout.meta}/lock.new.${token}`,
    broken: `${layout.meta}/lock.broken.${token}`,
    gone: `${layout.meta}/lock.released.${token}`,
});
/** A script whose body runs holding the guard (`busy` when it cannot be had in time). */
function guarded(layout, token, ...body) {
    const p = paths(layout, token);
    return (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_5__/* .script */ .K$)((0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_5__/* .raw */ .lS)('set +e'), (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_5__/* .raw */ .lS)(`command -v flock >/dev/null || { echo "keel's deploy lock needs flock (util-linux) on the host" >&2; exit 1; }`), (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_5__.sh) `mkdir -p ${layout.meta} || exit 1`, (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_5__.sh) `exec 9>>${p.guard} || exit 1`, (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_5__.sh) `flock -w ${GUARD_WAIT_S} 9 || { echo busy; exit 0; }`, ...body);
}
const HOLDER_LINE = (lock) => (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_5__.sh) `head -c 4096 ${`${lock}/holder.json`} 2>/dev/null | tr -d '\\n\\r'; echo`;
/** One attempt: `acquired` (after `broke` + the old holder, when an expired lock was broken), `held`, `busy`. */
function acquireScript(layout, token, ttlS, holder) {
    const p = paths(layout, token);
    return guarded(layout, token, (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_5__/* .raw */ .lS)('now=$(date +%s)'), (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_5__.sh) `if [ -e ${p.lock} ] || [ -L ${p.lock} ]; then`, (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_5__.sh) `  exp=$(cat ${`${p.lock}/expires`} 2>/dev/null)`, 
    // A lock without a readable expiry (an older keel's, or a broken one): its directory's age decides.
    (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_5__.sh) `  case "$exp" in ''|*[!0-9]*) exp=$(( $(stat -c %Y ${p.lock} 2>/dev/null || echo 0) + ${ttlS} ));; esac`, (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_5__/* .raw */ .lS)('  if [ "$now" -lt "$exp" ]; then echo held; echo $((exp - now));'), HOLDER_LINE(p.lock), (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_5__/* .raw */ .lS)('  exit 0; fi'), (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_5__/* .raw */ .lS)('  echo broke'), HOLDER_LINE(p.lock), (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_5__.sh) `  mv -T ${p.lock} ${p.broken} && rm -rf ${p.broken} || exit 1`, (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_5__/* .raw */ .lS)('fi'), (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_5__.sh) `rm -rf ${p.fresh} && mkdir ${p.fresh} || exit 1`, (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_5__.sh) `printf '%s' ${token} > ${`${p.fresh}/token`} || exit 1`, (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_5__.sh) `echo $((now + ${ttlS})) > ${`${p.fresh}/expires`} || exit 1`, (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_5__.sh) `printf '%s\\n' ${JSON.stringify(holder)} > ${`${p.fresh}/holder.json`} || exit 1`, (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_5__.sh) `mv -T ${p.fresh} ${p.lock} || exit 1`, (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_5__/* .raw */ .lS)('echo acquired'));
}
/** Under the guard: `then` when `token` holds the lock, else `otherwise`. */
function ifHolder(layout, token, then, otherwise) {
    return guarded(layout, token, (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_5__.sh) `if [ "$(cat ${`${layout.lock}/token`} 2>/dev/null)" = ${token} ]; then`, ...then, (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_5__/* .raw */ .lS)('else'), ...otherwise, (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_5__/* .raw */ .lS)('fi'));
}
/** Extends the lease if `token` still holds it: `renewed`, or `lost` and the holder now. */
function renewScript(layout, token, ttlS) {
    const { lock } = paths(layout, token);
    return ifHolder(layout, token, [
        (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_5__.sh) `echo $(( $(date +%s) + ${ttlS} )) > ${`${lock}/expires.new`} && mv -f ${`${lock}/expires.new`} ${`${lock}/expires`} || exit 1`,
        (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_5__/* .raw */ .lS)('echo renewed'),
    ], [(0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_5__/* .raw */ .lS)('echo lost'), HOLDER_LINE(lock)]);
}
/** Removes the lock if `token` holds it: `released` or `not-held`. */
function releaseScript(layout, token) {
    const p = paths(layout, token);
    return ifHolder(layout, token, [(0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_5__.sh) `mv -T ${p.lock} ${p.gone} && rm -rf ${p.gone} && echo released || exit 1`], [(0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_5__/* .raw */ .lS)('echo not-held')]);
}
/**
 * Removes the `.partial-*` uploads that belong to no live holder: run while `token` holds the lock, so every
 * partial not named with `token` is a dead run's. Says `lost` (and removes nothing) when `token` no longer holds it.
 */
function cleanPartialsScript(layout, token) {
    return ifHolder(layout, token, [
        (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_5__.sh) `cd ${layout.releases} 2>/dev/null || { echo clean; exit 0; }`,
        (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_5__.sh) `for d in .partial-*; do [ -e "$d" ] || continue; case "$d" in *.${token}) ;; *) rm -rf -- "$d" && echo "removed $d";; esac; done`,
        (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_5__/* .raw */ .lS)('echo clean'),
    ], [(0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_5__/* .raw */ .lS)('echo lost')]);
}
function describe(json) {
    let h = {};
    try {
        const v = JSON.parse(json ?? '');
        if (v && typeof v === 'object')
            h = v;
    }
    catch {
        /* an older keel's or a damaged holder file */
    }
    const text = (x) => (typeof x === 'string' ? x.replace(/[\r\n]/g, ' ').slice(0, 200) : '?');
    return h.run
        ? `run ${text(h.run)} by ${text(h.actor)} (release ${text(h.release)}, since ${text(h.started)})`
        : 'an unknown holder';
}
/** A held lock: its token, its own session to the host, and the heartbeat that renews it. */
class Lease {
    endpoint;
    layout;
    token;
    ttlMs;
    session;
    reopen;
    log;
    /** Why the lease is no longer held (another run took the lock, or it could not be renewed in time). */
    lost;
    renewedAt = Date.now();
    timer;
    queue = Promise.resolve();
    released = false;
    /** Told once the lock has been released (the post step's record). */
    onReleased;
    constructor(endpoint, layout, token, ttlMs, session, reopen, log) {
        this.endpoint = endpoint;
        this.layout = layout;
        this.token = token;
        this.ttlMs = ttlMs;
        this.session = session;
        this.reopen = reopen;
        this.log = log;
    }
    get name() {
        return this.endpoint.name;
    }
    /** Renews every ttl/3 until released. */
    startHeartbeat() {
        this.timer = setInterval(() => void this.beat(), Math.max(500, Math.floor(this.ttlMs / 3)));
        this.timer.unref();
    }
    /** One renewal on the lease's session, one at a time; reconnects once when the session broke. */
    renew() {
        const next = this.queue.then(async () => {
            if (this.lost)
                return;
            const run = (s) => s.check('renewing the deploy lock', renewScript(this.layout, this.token, Math.ceil(this.ttlMs / 1000)));
            let r;
            try {
                r = await run(this.session);
            }
            catch (error) {
                this.session.close();
                this.session = await this.reopen().catch((e) => {
                    throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .KeelError */ .Ui(`${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(error)}; reconnecting failed: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(e)}`);
                });
                r = await run(this.session);
            }
            const lines = r.stdout.trim().split('\n');
            if (lines[0] === 'renewed')
                this.renewedAt = Date.now();
            else if (lines[0] === 'lost')
                this.lost = `${this.name}: this run no longer holds the deploy lock (now held by ${describe(lines[1])})`;
            // `busy`: the guard was held by someone else for GUARD_WAIT_S; the next beat tries again.
        });
        this.queue = next.catch(() => undefined);
        return next;
    }
    async beat() {
        try {
            await this.renew();
        }
        catch (error) {
            this.log.warn(`${this.name}: could not renew the deploy lock: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(error)}`);
        }
        // Not renewed for a whole ttl: another run may have broken it by now.
        if (!this.lost && Date.now() - this.renewedAt >= this.ttlMs)
            this.lost = `${this.name}: the deploy lock could not be renewed for ${Math.round(this.ttlMs / 1000)}s and may have been taken by another run`;
        if (this.lost) {
            this.log.warn(this.lost);
            this.stopHeartbeat();
        }
    }
    stopHeartbeat() {
        if (this.timer)
            clearInterval(this.timer);
        this.timer = undefined;
    }
    /** Renews now; throws when this run no longer holds the lock (fail safe before switching `current`). */
    async confirm() {
        if (!this.lost && !this.released) {
            const asked = Date.now();
            try {
                await this.renew();
            }
            catch (error) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .KeelError */ .Ui(`${this.name}: could not confirm the deploy lock: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(error)}`);
            }
            if (!this.lost && this.renewedAt < asked)
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .KeelError */ .Ui(`${this.name}: could not confirm the deploy lock (its guard stayed busy)`);
        }
        if (this.released)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .KeelError */ .Ui(`${this.name}: the deploy lock was already released`);
        if (this.lost)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .KeelError */ .Ui(`${this.lost}; nothing was switched`);
    }
    /** Releases the lock if this run still holds it, and closes the lease's session. Returns whether it did. */
    async release() {
        if (this.released)
            return false;
        this.released = true;
        this.stopHeartbeat();
        held.delete(key(this.endpoint, this.layout));
        try {
            await this.queue;
            const r = await this.session.check('releasing the deploy lock', releaseScript(this.layout, this.token));
            this.onReleased?.();
            return r.stdout.trim() === 'released';
        }
        finally {
            this.session.close();
        }
    }
}
/** The leases this process holds, by host and deploy path. */
const held = new Map();
const key = (e, layout) => JSON.stringify([e.name, e.host, e.port, layout.root]);
/** Inside holdLocksForRun: leases are kept until it ends, so every stage works under the same one. */
let runWide = false;
function heldLease(e, layout) {
    return held.get(key(e, layout));
}
/** Before `current` is switched: the run must hold the host's lock, confirmed (renewed) now. */
async function confirmLease(e, layout) {
    const lease = heldLease(e, layout);
    if (!lease)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .KeelError */ .Ui(`${e.name}: refusing to switch ${layout.current} without holding the deploy lock`);
    await lease.confirm();
}
/** Takes the lock on one host (its own session), waiting up to waitMs; breaks an expired one atomically. */
async function acquireLease(c, endpoint, layout, holder, o, log) {
    const token = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomUUID)();
    const ttlS = Math.ceil(o.ttlMs / 1000);
    const open = () => _remote_ssh_js__WEBPACK_IMPORTED_MODULE_2__/* .SshSession */ .vM.open(endpoint, c.credentials, c.options, log);
    const session = await open();
    try {
        const deadline = Date.now() + o.waitMs;
        let announced = false;
        for (;;) {
            const full = { ...holder, started: new Date().toISOString() };
            const r = await session.check('taking the deploy lock', acquireScript(layout, token, ttlS, full));
            const lines = r.stdout.trim().split('\n');
            if (lines[0] === 'broke')
                log.warn(`${endpoint.name}: broke an expired deploy lock held by ${describe(lines[1])}`);
            if (lines[lines.length - 1] === 'acquired') {
                const lease = new Lease(endpoint, layout, token, o.ttlMs, session, open, log);
                held.set(key(endpoint, layout), lease);
                lease.startHeartbeat();
                return lease;
            }
            const who = lines[0] === 'held' ? describe(lines[2]) : 'a run changing it right now';
            if (Date.now() >= deadline) {
                const left = lines[0] === 'held' ? Number(lines[1]) : NaN;
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .KeelError */ .Ui(`${endpoint.name}: another deploy holds the lock: ${who}. ` +
                    `Wait for it (input 'lock-wait'), or if that run is dead, the lock expires` +
                    (Number.isFinite(left) ? ` in ${left}s unless it is renewed.` : ' after its ttl.'), { field: 'lock-wait' });
            }
            if (!announced) {
                log.info(`${endpoint.name}: waiting for the deploy lock held by ${who}`);
                announced = true;
            }
            await (0,node_timers_promises__WEBPACK_IMPORTED_MODULE_4__.setTimeout)(Math.min(o.pollMs ?? 2_000, Math.max(0, deadline - Date.now())));
        }
    }
    catch (error) {
        session.close();
        throw error;
    }
}
/**
 * Takes over a lease this run's main step held with `token` (the post step, after the main step was killed):
 * only if the token still holds the lock, which is renewed at once. Undefined when it no longer does (expired and
 * taken by another run): then the host is someone else's to change.
 */
async function adoptLease(c, endpoint, layout, token, ttlMs, log) {
    const open = () => _remote_ssh_js__WEBPACK_IMPORTED_MODULE_2__/* .SshSession */ .vM.open(endpoint, c.credentials, c.options, log);
    const session = await open();
    const r = await session
        .check('taking over the deploy lock', renewScript(layout, token, Math.ceil(ttlMs / 1000)))
        .catch((error) => {
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
async function releaseAll(leases, log) {
    await Promise.all(leases.map((l) => l
        .release()
        .catch((error) => log.warn(`${l.endpoint.name}: could not release the deploy lock: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(error)}`))));
}
/**
 * Runs `fn` holding the host's lock: the one this run already holds (taken by the root action or an earlier
 * stage), or a new one, released afterwards unless the run keeps its leases (holdLocksForRun).
 */
async function withLease(c, endpoint, layout, holder, o, log, onLock, fn) {
    const existing = heldLease(endpoint, layout);
    if (existing)
        return fn(existing);
    const lease = await acquireLease(c, endpoint, layout, holder, o, log);
    onLock?.(lease.token, true);
    lease.onReleased = () => onLock?.(lease.token, false);
    if (runWide)
        return fn(lease);
    try {
        return await fn(lease);
    }
    finally {
        await releaseAll([lease], log);
    }
}
/**
 * Runs `fn` holding the lock on every host of `c` at `deployPath` (nothing to hold without one): those this run
 * holds already are used as they are; the others are taken first (all of them, or none and a KeelError naming
 * the holder) and released afterwards unless the run keeps its leases. For reload-graceful, whose rollback
 * switches `current`.
 */
async function withLocks(c, deployPath, what, o, log, fn) {
    if (!deployPath)
        return fn();
    const layout = new _layout_js__WEBPACK_IMPORTED_MODULE_3__/* .Layout */ .PE(deployPath);
    const run = runContext();
    const taken = [];
    const keep = runWide;
    try {
        for (const e of c.endpoints)
            if (!heldLease(e, layout))
                taken.push(await acquireLease(c, e, layout, { run: run.id, actor: run.actor, release: what }, o, log));
        return await fn();
    }
    finally {
        if (!keep)
            await releaseAll(taken, log);
    }
}
/**
 * The root action's scope: every lease taken while `fn` runs (deploy, reload, rollback) is kept until it ends,
 * then released (only with its own token). Stages inside find the leases held and do not take them again.
 */
async function holdLocksForRun(log, fn) {
    const before = new Set(held.keys());
    runWide = true;
    try {
        return await fn();
    }
    finally {
        runWide = false;
        const mine = [...held.entries()].filter(([k]) => !before.has(k)).map(([, l]) => l);
        await releaseAll(mine, log);
    }
}
/** Releases the lock if (and only if) `token` still holds it (the post step). Returns whether it did. */
async function releaseLock(session, layout, token) {
    const r = await session.check('releasing the deploy lock', releaseScript(layout, token));
    return r.stdout.trim() === 'released';
}
/** Under the lease: removes the uploads of dead runs; throws when the lease was lost. */
async function cleanPartials(session, lease, log) {
    const r = await session.check('removing abandoned uploads', cleanPartialsScript(lease.layout, lease.token));
    const lines = r.stdout.trim().split('\n');
    if (lines[0] === 'lost') {
        lease.lost ??= `${session.endpoint.name}: this run no longer holds the deploy lock`;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .KeelError */ .Ui(`${lease.lost}; nothing was changed`);
    }
    if (lines[lines.length - 1] !== 'clean')
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .KeelError */ .Ui(`${session.endpoint.name}: could not take the lock's guard to remove abandoned uploads`);
    for (const l of lines.filter((x) => x.startsWith('removed ')))
        log.info(`${session.endpoint.name}: ${l} (an upload of a run that no longer holds the lock)`);
}


/***/ }),

/***/ 4487:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BX: () => (/* binding */ currentRelease),
/* harmony export */   PZ: () => (/* binding */ releaseBefore),
/* harmony export */   S_: () => (/* binding */ switchTo),
/* harmony export */   Tc: () => (/* binding */ markBad),
/* harmony export */   bZ: () => (/* binding */ rollbackTargetOf),
/* harmony export */   es: () => (/* binding */ rollbackTarget),
/* harmony export */   mz: () => (/* binding */ logAndPrune),
/* harmony export */   pm: () => (/* binding */ appendLog),
/* harmony export */   r5: () => (/* binding */ parseCurrentLink),
/* harmony export */   un: () => (/* binding */ readState)
/* harmony export */ });
/* unused harmony exports STATUSES, LOG_LINES, parseLog, releasesByTime, liveHistory, previousLive, goodReleaseBefore, pruneList, releaseOfPath, parseState, stateScript, prune */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _remote_quote_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4414);
/* harmony import */ var _lock_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8403);
/* harmony import */ var _layout_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5262);
/**
 * The release state of a host, in one place: the release log, `current`, the releases on disk with the time each
 * was deployed, and the rules built on them. Every rule goes by history (what was live, and when), never by the
 * order of release names: `f1` deployed after `r1` is the newer one, and `r1` is what was live before it.
 *
 * The release log (`.keel/releases.log`) is one JSON object a line. Each line says what happened to `release`
 * and, in `live`, the release `current` points to afterwards:
 * - `deployed`: `release` was switched in; `previous` was live before it (read before the switch).
 * - `failed`: a deploy of `release` failed before or at the switch; `live` is what stayed live.
 * - `rolled-back`: `release` was taken out (and marked bad); `live` is the release rolled back to.
 * Lines written before `live` existed are read too (a `deployed` line's live release is its `release`; an old
 * `rolled-back` line's is unknown). The log is never trusted blindly: a line that is not JSON, has an unknown
 * status, or names a release that is not a valid release id (newlines, quotes, `..`) is skipped and counted.
 */




const STATUSES = ['deployed', 'failed', 'rolled-back'];
/** How many lines of the log are read: enough for every release kept, bounded for a log that was never rotated. */
const LOG_LINES = 20_000;
const validId = (v) => typeof v === 'string' && _layout_js__WEBPACK_IMPORTED_MODULE_2__/* .RELEASE_ID */ .uX.test(v);
/** A valid id, null, or undefined (absent or invalid: `bad` is set). */
function optionalId(v) {
    if (v === undefined)
        return { value: undefined, bad: false };
    if (v === null || v === '')
        return { value: null, bad: false };
    return validId(v) ? { value: v, bad: false } : { value: undefined, bad: true };
}
/** Parses the log's text: the valid lines in order, and how many were skipped. */
function parseLog(text) {
    const entries = [];
    let skipped = 0;
    for (const line of text.split('\n')) {
        if (line.trim() === '')
            continue;
        let e;
        try {
            e = JSON.parse(line);
        }
        catch {
            skipped++;
            continue;
        }
        if (typeof e !== 'object' || e === null || Array.isArray(e)) {
            skipped++;
            continue;
        }
        const o = e;
        const time = typeof o.time === 'string' ? Date.parse(o.time) : NaN;
        const status = o.status;
        const previous = optionalId(o.previous);
        const live = optionalId(o.live);
        if (!Number.isFinite(time) ||
            !STATUSES.includes(status) ||
            !validId(o.release) ||
            previous.bad ||
            live.bad) {
            skipped++;
            continue;
        }
        entries.push({
            time,
            status,
            release: o.release,
            previous: previous.value,
            live: 'live' in o
                ? live.value
                : status === 'deployed'
                    ? o.release
                    : status === 'failed'
                        ? previous.value
                        : undefined,
        });
    }
    return { entries, skipped };
}
/** What `current` points to, as `readlink` prints it: the release id, or undefined (no `current`). */
function parseCurrentLink(target, layout) {
    const t = target.replace(/\n$/, '');
    if (t === '')
        return undefined;
    const m = /^(?:releases|(.*)\/releases)\/([^/]+)\/?$/.exec(t);
    const id = m?.[2];
    const norm = (p) => p.replace(/\/+/g, '/').replace(/\/$/, '');
    if (!m || (m[1] !== undefined && norm(`${m[1]}/releases`) !== norm(layout.releases)) || !validId(id))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .KeelError */ .Ui(`${layout.current} points to ${JSON.stringify(t)}, which is not a release in ${layout.releases}`);
    return id;
}
/**
 * The releases on disk, oldest deploy first. A release's deploy time is the time of its last `deployed` line,
 * else of the last line naming it; a release the log does not know gets its directory's mtime.
 */
function releasesByTime(dirs, entries) {
    const deployed = new Map();
    const named = new Map();
    for (const e of entries) {
        named.set(e.release, e.time);
        if (e.status === 'deployed')
            deployed.set(e.release, e.time);
    }
    return dirs
        .filter((d) => validId(d.id))
        .map((d) => {
        const t = deployed.get(d.id) ?? named.get(d.id);
        return {
            id: d.id,
            bad: d.bad,
            deployedAt: t ?? d.mtimeMs,
            timeFrom: t === undefined ? 'mtime' : 'log',
        };
    })
        .map((r, i) => ({ r, i }))
        .sort((a, b) => a.r.deployedAt - b.r.deployedAt || a.i - b.i)
        .map(({ r }) => r);
}
/** The releases that were live, in order, each change once (an unknown `live` is left out). */
function liveHistory(entries) {
    const out = [];
    for (const e of entries) {
        if (e.live === undefined)
            continue;
        if (out.length === 0 || out[out.length - 1] !== e.live)
            out.push(e.live);
    }
    return out;
}
/**
 * The release that was current just before `id` was last switched in: the `previous` of its `deployed` line,
 * or the live release before it in the history. null: `id` was the first release; undefined: the log does not
 * say (the caller falls back to `current` as read before the switch).
 */
function previousLive(entries, id) {
    let last;
    let found;
    for (const e of entries) {
        if (e.live === undefined)
            continue;
        if (e.live === id && last !== id)
            found = { entry: e, before: last };
        last = e.live;
    }
    if (!found)
        return undefined;
    if (found.entry.status === 'deployed' && found.entry.release === id && found.entry.previous !== undefined)
        return found.entry.previous;
    return found.before;
}
/**
 * Where a rollback from `current` goes: the most recently live release before `current` was switched in that
 * is not marked bad and still exists (by the log's history); when the history names none, the newest by deploy
 * time deployed before `current` (any, when `current` is unknown).
 */
function goodReleaseBefore(entries, releases, current) {
    const usable = new Map(releases.filter((r) => !r.bad && r.id !== current).map((r) => [r.id, r]));
    const history = liveHistory(entries);
    const at = current === undefined ? -1 : history.lastIndexOf(current);
    for (let i = at - 1; i >= 0; i--) {
        const id = history[i];
        if (id && usable.has(id))
            return id;
    }
    // Releases are in deploy order (equal times: as listed); those before the current one.
    const mine = releases.findIndex((r) => r.id === current);
    return releases
        .slice(0, mine < 0 ? releases.length : mine)
        .filter((r) => usable.has(r.id))
        .map((r) => r.id)
        .pop();
}
/**
 * Where a rollback from `current` goes: the release that was live just before it (previousLive) when it still
 * exists and is not marked bad, else goodReleaseBefore.
 */
function rollbackTargetOf(entries, releases, current) {
    const before = current === undefined ? undefined : previousLive(entries, current);
    if (before && before !== current && releases.some((r) => r.id === before && !r.bad))
        return before;
    return goodReleaseBefore(entries, releases, current);
}
/**
 * The releases to remove to keep the newest `keep` by deploy time, never one in `protect` (current, the one a
 * rollback would go to, the previous one, any a running master uses).
 */
function pruneList(releases, keep, protect) {
    const kept = new Set([
        ...protect.filter((x) => !!x),
        ...releases.slice(Math.max(0, releases.length - keep)).map((r) => r.id),
    ]);
    return releases.map((r) => r.id).filter((id) => !kept.has(id));
}
/** The part of a process's working directory naming a release in `layout` (a running master's release). */
function releaseOfPath(path, layout) {
    const prefix = `${layout.releases}/`;
    if (!path.startsWith(prefix))
        return undefined;
    const id = path
        .slice(prefix.length)
        .split('/')[0]
        .replace(/ \(deleted\)$/, '');
    return validId(id) ? id : undefined;
}
/** Parses readState's output (NUL-separated records), for the host-side reader and the tests. */
function parseState(out, layout) {
    const f = out.split('\0');
    let current;
    let log = '';
    const dirs = [];
    const inUse = new Set();
    for (let i = 0; i < f.length;) {
        const tag = f[i++];
        if (tag === 'current')
            current = parseCurrentLink(f[i++] ?? '', layout);
        else if (tag === 'release') {
            const [id, mtime, flag] = [f[i++] ?? '', f[i++] ?? '', f[i++] ?? ''];
            if (validId(id) && /^\d+(\.\d+)?$/.test(mtime))
                dirs.push({ id, bad: flag === 'bad', mtimeMs: Number(mtime) * 1000 });
        }
        else if (tag === 'log')
            log = f[i++] ?? '';
        else if (tag === 'cwd') {
            const id = releaseOfPath(f[i++] ?? '', layout);
            if (id)
                inUse.add(id);
        }
    }
    const { entries, skipped } = parseLog(log);
    return { current, releases: releasesByTime(dirs, entries), entries, skipped, inUse: [...inUse] };
}
/** The host side of readState: NUL-separated records (parseState reads them). */
function stateScript(layout) {
    return (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__/* .script */ .K$)((0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__/* .raw */ .lS)('set +e'), (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__.sh) `printf 'current\\0%s\\0' "$(readlink ${layout.current})"`, (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__.sh) `if cd ${layout.releases} 2>/dev/null; then for d in *; do`, (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__/* .raw */ .lS)(`  [ -d "$d" ] && [ ! -L "$d" ] || continue`), (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__/* .raw */ .lS)(`  if [ -e "$d/.keel/bad" ]; then b=bad; else b=ok; fi`), (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__/* .raw */ .lS)(`  printf 'release\\0%s\\0%s\\0%s\\0' "$d" "$(date -r "$d" +%s.%N)" "$b"`), (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__/* .raw */ .lS)('done; fi'), (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__.sh) `printf 'log\\0'; tail -n ${LOG_LINES} ${layout.log} 2>/dev/null | tr -d '\\000'; printf '\\0'`, 
    // One process for every process's working directory (those the SSH user may read).
    (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__/* .raw */ .lS)(`find /proc -mindepth 2 -maxdepth 2 -name cwd -printf 'cwd\\0%l\\0' 2>/dev/null`), (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__/* .raw */ .lS)('true'));
}
/** Reads `current`, the releases (bad marks, mtimes), the end of the log and the releases processes run in. */
async function readState(session, layout) {
    const r = await session.check('reading the release state', stateScript(layout));
    return parseState(r.stdout, layout);
}
/** The release `current` points to (undefined: none yet). The one reader of `current`. */
async function currentRelease(session, layout) {
    const r = await session.run((0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__.sh) `readlink ${layout.current}`);
    return r.code === 0 ? parseCurrentLink(r.stdout, layout) : undefined;
}
/** Appends one line to the release log (JSON: a newline in any value is escaped, so a line stays one line). */
async function appendLog(session, layout, entry) {
    const line = JSON.stringify({ time: new Date().toISOString(), ...entry });
    await session.check('writing the release log', (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__.sh) `mkdir -p ${layout.meta} && printf '%s\n' ${line} >> ${layout.log}`);
}
/**
 * Points `current` at release `id`: a new symlink under a temporary name renamed over it (rename(2) is atomic).
 * Only under the deploy lock: the lease this run holds on the host is confirmed (renewed) first, and a run
 * that lost it fails here, before touching `current`.
 */
async function switchTo(session, layout, id) {
    await (0,_lock_js__WEBPACK_IMPORTED_MODULE_1__/* .confirmLease */ .TA)(session.endpoint, layout);
    const tmp = `${layout.root}/.current-${id}`;
    await session.check(`switching current to ${id}`, (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__/* .script */ .K$)((0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__.sh) `test -d ${layout.release(id)}`, (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__.sh) `rm -f ${tmp}`, (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__.sh) `ln -s ${`releases/${id}`} ${tmp}`, (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__.sh) `mv -T ${tmp} ${layout.current}`));
}
/** Marks a release bad (a rollback never goes to it without `rollback-to`). */
async function markBad(session, layout, id) {
    await session.run((0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__.sh) `mkdir -p ${`${layout.release(id)}/.keel`} && touch ${`${layout.release(id)}/.keel/bad`}`);
}
/** Where a rollback from `current` (default: what `current` points to) goes, by history (rollbackTargetOf). */
async function rollbackTarget(session, layout, current) {
    const s = await readState(session, layout);
    return rollbackTargetOf(s.entries, s.releases, current ?? s.current);
}
/** The release that was live before `id` was switched in (from the log; `fallback`: `current` read before it). */
async function releaseBefore(session, layout, id, fallback) {
    const s = await readState(session, layout);
    const p = previousLive(s.entries, id);
    return p !== undefined ? p : fallback;
}
/**
 * Keeps the newest `keep` releases by deploy time and removes the rest, never the current one, the one a
 * rollback would go to, those in `protect`, or one a running master uses; then the venvs no release links to.
 * Returns the removed ids and a note when some deploy times came from directory mtimes.
 */
async function prune(session, layout, keep, protect) {
    return pruneWith(session, layout, await readState(session, layout), keep, protect);
}
/**
 * appendLog, then prune, in two round trips: the log line is written and the state read in one script (the
 * state then includes the line), the old releases and unused virtualenvs removed in the other.
 */
async function logAndPrune(session, layout, entry, keep, protect) {
    const line = JSON.stringify({ time: new Date().toISOString(), ...entry });
    const r = await session.check('writing the release log', (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__/* .script */ .K$)((0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__.sh) `mkdir -p ${layout.meta} && printf '%s\n' ${line} >> ${layout.log}`, stateScript(layout)));
    return pruneWith(session, layout, parseState(r.stdout, layout), keep, protect);
}
async function pruneWith(session, layout, s, keep, protect) {
    const doomed = pruneList(s.releases, keep, [
        ...protect,
        s.current,
        rollbackTargetOf(s.entries, s.releases, s.current),
        ...s.inUse,
    ]);
    await session.check(doomed.length > 0 ? 'removing old releases' : 'removing unused virtualenvs', (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__/* .script */ .K$)(...(doomed.length > 0 ? [(0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__.sh) `(cd ${layout.releases} && rm -rf -- ${doomed})`] : []), (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__/* .raw */ .lS)('set +e'), (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__.sh) `cd ${layout.venvs} 2>/dev/null || exit 0`, (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__.sh) `used=$(for l in ${layout.releases}/*/.venv; do readlink "$l"; done 2>/dev/null | sed 's#^.*/##' | sort -u)`, (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__/* .raw */ .lS)('for v in *; do [ -d "$v" ] || continue; echo "$used" | grep -qx "$v" || rm -rf -- "$v"; done')));
    const guessed = s.releases.filter((r) => r.timeFrom === 'mtime').map((r) => r.id);
    return {
        removed: doomed,
        note: guessed.length
            ? `the release log does not know ${guessed.join(', ')}: their deploy times are their directories' modification times`
            : undefined,
    };
}


/***/ })

};
