export const id = 888;
export const ids = [888];
export const modules = {

/***/ 9029:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   G: () => (/* binding */ splitCommand),
/* harmony export */   Q: () => (/* binding */ CommandError)
/* harmony export */ });
/**
 * A process's command line (spec `processes.<name>.command`) split into words the way keel runs it: with no
 * shell. Words are separated by spaces; a word may be quoted with '...' or "..." (the quotes are removed,
 * nothing inside is special). Everything a shell would interpret is refused rather than passed on literally,
 * so the spec never looks like it does something it does not: `;` `|` `&` `$` backticks `<` `>` and
 * backslashes, anywhere (also inside quotes), and control characters (newlines, tabs).
 */
class CommandError extends Error {
}
const SHELL = /[;|&$`<>\\]/;
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const CONTROL = /[\x00-\x1f\x7f]/;
function splitCommand(text) {
    if (CONTROL.test(text))
        throw new CommandError('must be one line (no newlines, tabs or other control characters)');
    const bad = SHELL.exec(text);
    if (bad)
        throw new CommandError(`runs without a shell: ${JSON.stringify(bad[0])} is not allowed (no ; | & $ \` < > or \\); put pipelines and variables in a script in the release and run that`);
    const words = [];
    let word;
    let quote;
    for (const c of text) {
        if (quote) {
            if (c === quote)
                quote = undefined;
            else
                word += c;
        }
        else if (c === ' ') {
            if (word !== undefined)
                words.push(word);
            word = undefined;
        }
        else if (c === '"' || c === "'") {
            quote = c;
            word ??= '';
        }
        else
            word = (word ?? '') + c;
    }
    if (quote)
        throw new CommandError(`has an unclosed ${quote} quote`);
    if (word !== undefined)
        words.push(word);
    if (words.length === 0)
        throw new CommandError('is empty: give the program to run and its arguments');
    const program = words[0];
    if (program === '' || program.startsWith('-') || program.includes('='))
        throw new CommandError(`must start with the program to run (a name found on the PATH, the release's venv first, or an absolute path), not ${JSON.stringify(program)}`);
    return words;
}


/***/ }),

/***/ 9810:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   w: () => (/* binding */ poll)
/* harmony export */ });
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8500);
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_timers_promises__WEBPACK_IMPORTED_MODULE_0__);
/**
 * The one bounded poll: tries until `done` says so or the deadline passes, waiting between tries. Every wait is
 * bounded by the deadline: when the next wait would reach past it (less `reserveMs`, the moment a last try
 * keeps to answer), the wait is cut to end there and the try after it is the last, so the waits never shrink
 * into a burst of tries just before the deadline. There is always a first try, and no try starts after a wait
 * that ended at or past the deadline.
 */

async function poll(attempt, done, o) {
    const reserve = o.reserveMs ?? 0;
    const jitter = Math.min(1, Math.max(0, o.jitter ?? 0));
    let last = false;
    for (let tries = 1;; tries++) {
        const value = await attempt(tries);
        if (done(value))
            return { value, done: true, tries };
        const now = Date.now();
        if (now >= o.deadline || last)
            return { value, done: false, tries };
        const left = o.deadline - reserve - now;
        const nominal = Math.max(0, typeof o.delayMs === 'number' ? o.delayMs : o.delayMs(tries));
        const wait = Math.min(nominal * (1 - jitter * Math.random()), left);
        last = nominal >= left;
        o.onMiss?.(value, tries, left > 0 ? wait : undefined);
        if (left <= 0)
            return { value, done: false, tries };
        await (0,node_timers_promises__WEBPACK_IMPORTED_MODULE_0__.setTimeout)(wait);
    }
}


/***/ }),

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
/* harmony export */   BC: () => (/* binding */ reportPartials),
/* harmony export */   Mn: () => (/* binding */ heldLease),
/* harmony export */   X6: () => (/* binding */ withLocks),
/* harmony export */   bL: () => (/* binding */ adoptLease),
/* harmony export */   ns: () => (/* binding */ partialsBody),
/* harmony export */   pO: () => (/* binding */ runContext),
/* harmony export */   pS: () => (/* binding */ withLease),
/* harmony export */   sR: () => (/* binding */ DEFAULT_LOCK),
/* harmony export */   ul: () => (/* binding */ releaseBody),
/* harmony export */   x_: () => (/* binding */ releaseLock),
/* harmony export */   y6: () => (/* binding */ holdLocksForRun)
/* harmony export */ });
/* unused harmony exports acquireScript, renewScript, releaseScript, cleanPartialsScript, whileHolderScript, Lease, acquireLease, cleanPartials */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);
/* harmony import */ var _remote_quote_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(4414);
/* harmony import */ var _remote_ssh_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8136);
/* harmony import */ var _layout_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5262);
/* harmony import */ var _poll_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9810);
/* harmony import */ var _cancel_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(833);
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
    return (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_6__/* .script */ .K$)((0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_6__/* .raw */ .lS)('set +e'), (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_6__/* .raw */ .lS)(`command -v flock >/dev/null || { echo "keel's deploy lock needs flock (util-linux) on the host" >&2; exit 1; }`), (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_6__.sh) `mkdir -p ${layout.meta} || exit 1`, (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_6__.sh) `exec 9>>${p.guard} || exit 1`, (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_6__.sh) `flock -w ${GUARD_WAIT_S} 9 || { echo busy; exit 0; }`, ...body);
}
const HOLDER_LINE = (lock) => (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_6__.sh) `head -c 4096 ${`${lock}/holder.json`} 2>/dev/null | tr -d '\\n\\r'; echo`;
/**
 * One attempt: `acquired` (after `broke` + the old holder, when an expired lock was broken), `held`, `busy`.
 * `then`, when given, runs once the lock is taken, still holding the guard, after a NUL (the deploy's first
 * script rides the lock's round trip: see withLease's `first`).
 */
function acquireScript(layout, token, ttlS, holder, then = []) {
    const p = paths(layout, token);
    return guarded(layout, token, (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_6__/* .raw */ .lS)('now=$(date +%s)'), (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_6__.sh) `if [ -e ${p.lock} ] || [ -L ${p.lock} ]; then`, (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_6__.sh) `  exp=$(cat ${`${p.lock}/expires`} 2>/dev/null)`, 
    // A lock without a readable expiry (an older keel's, or a broken one): its directory's age decides.
    (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_6__.sh) `  case "$exp" in ''|*[!0-9]*) exp=$(( $(stat -c %Y ${p.lock} 2>/dev/null || echo 0) + ${ttlS} ));; esac`, (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_6__/* .raw */ .lS)('  if [ "$now" -lt "$exp" ]; then echo held; echo $((exp - now));'), HOLDER_LINE(p.lock), (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_6__/* .raw */ .lS)('  exit 0; fi'), (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_6__/* .raw */ .lS)('  echo broke'), HOLDER_LINE(p.lock), (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_6__.sh) `  mv -T ${p.lock} ${p.broken} && rm -rf ${p.broken} || exit 1`, (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_6__/* .raw */ .lS)('fi'), (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_6__.sh) `rm -rf ${p.fresh} && mkdir ${p.fresh} || exit 1`, (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_6__.sh) `printf '%s' ${token} > ${`${p.fresh}/token`} || exit 1`, (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_6__.sh) `echo $((now + ${ttlS})) > ${`${p.fresh}/expires`} || exit 1`, (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_6__.sh) `printf '%s\\n' ${JSON.stringify(holder)} > ${`${p.fresh}/holder.json`} || exit 1`, (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_6__.sh) `mv -T ${p.fresh} ${p.lock} || exit 1`, (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_6__/* .raw */ .lS)('echo acquired'), ...(then.length > 0 ? [(0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_6__/* .raw */ .lS)("printf '\\0'"), ...then] : []));
}
/** Under the guard: `then` when `token` holds the lock, else `otherwise`. */
function ifHolder(layout, token, then, otherwise) {
    return guarded(layout, token, (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_6__.sh) `if [ "$(cat ${`${layout.lock}/token`} 2>/dev/null)" = ${token} ]; then`, ...then, (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_6__/* .raw */ .lS)('else'), ...otherwise, (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_6__/* .raw */ .lS)('fi'));
}
/** Extends the lease if `token` still holds it: `renewed`, or `lost` and the holder now. */
function renewScript(layout, token, ttlS) {
    const { lock } = paths(layout, token);
    return ifHolder(layout, token, [
        (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_6__.sh) `echo $(( $(date +%s) + ${ttlS} )) > ${`${lock}/expires.new`} && mv -f ${`${lock}/expires.new`} ${`${lock}/expires`} || exit 1`,
        (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_6__/* .raw */ .lS)('echo renewed'),
    ], [(0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_6__/* .raw */ .lS)('echo lost'), HOLDER_LINE(lock)]);
}
/**
 * The lock's removal, for a script that holds the guard and has checked `token` holds the lock (releaseScript,
 * or the end of a deploy's switch: switchLogPruneRelease). One command, ending in `;` (for `if ... then`).
 */
function releaseBody(layout, token) {
    const p = paths(layout, token);
    return (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_6__.sh) `mv -T ${p.lock} ${p.gone} && rm -rf ${p.gone};`;
}
/** Removes the lock if `token` holds it: `released` or `not-held`. */
function releaseScript(layout, token) {
    const p = paths(layout, token);
    return ifHolder(layout, token, [(0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_6__.sh) `mv -T ${p.lock} ${p.gone} && rm -rf ${p.gone} && echo released || exit 1`], [(0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_6__/* .raw */ .lS)('echo not-held')]);
}
/**
 * Removes the `.partial-*` uploads that belong to no live holder: run while `token` holds the lock, so every
 * partial not named with `token` is a dead run's. Says `lost` (and removes nothing) when `token` no longer holds it.
 */
function cleanPartialsScript(layout, token) {
    return ifHolder(layout, token, [partialsBody(layout, token)], [raw('echo lost')]);
}
/**
 * The host side of removing dead runs' uploads, for a script that already holds the lock and its guard (a
 * subshell: `removed NAME` per upload removed, then `clean`).
 */
function partialsBody(layout, token) {
    return (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_6__/* .script */ .K$)((0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_6__/* .raw */ .lS)('('), (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_6__.sh) `cd ${layout.releases} 2>/dev/null || { echo clean; exit 0; }`, (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_6__.sh) `for d in .partial-*; do [ -e "$d" ] || continue; case "$d" in *.${token}) ;; *) rm -rf -- "$d" && echo "removed $d";; esac; done`, (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_6__/* .raw */ .lS)('echo clean'), (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_6__/* .raw */ .lS)(')'));
}
/** Logs the uploads partialsBody removed; throws unless it finished (`clean`). */
function reportPartials(host, out, log) {
    const lines = out.trim().split('\n');
    if (lines[lines.length - 1] !== 'clean')
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .KeelError */ .Ui(`${host}: could not remove abandoned uploads: ${out.trim().slice(0, 200)}`);
    for (const l of lines.filter((x) => x.startsWith('removed ')))
        log.info(`${host}: ${l} (an upload of a run that no longer holds the lock)`);
}
/**
 * Under the guard: when `token` holds the lock, its expiry is extended (as a renewal) and `body` runs (it
 * prints what it prints, then `done`); otherwise `lost` and the holder now, and nothing of `body` runs.
 * The lease check and the change it guards (the switch of `current`) in one round trip, as one atomic step.
 */
function whileHolderScript(layout, token, ttlS, body) {
    const { lock } = paths(layout, token);
    return ifHolder(layout, token, [
        (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_6__.sh) `echo $(( $(date +%s) + ${ttlS} )) > ${`${lock}/expires.new`} && mv -f ${`${lock}/expires.new`} ${`${lock}/expires`} || exit 1`,
        (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_6__/* .raw */ .lS)('echo held'),
        ...body,
        (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_6__/* .raw */ .lS)('echo; echo done'),
    ], [(0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_6__/* .raw */ .lS)('echo lost'), HOLDER_LINE(lock)]);
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
/** Who holds the lock, from a try's answer (`held` + seconds left + holder, or `busy`). */
const holderOf = (lines) => lines[0] === 'held' ? describe(lines[2]) : 'a run changing it right now';
/**
 * A held lock: its token, the heartbeat that renews it, and the session it talks to the host on. That is the
 * deploy's own session when the lock was taken on it (`lend`; one SSH connection per host, the renewals a
 * channel beside the upload's), else one of its own. A renewal on a lent session that gets no answer within
 * ttl/6 (a slow link, where the upload's data queues ahead of it in the connection) is made again on a session
 * of the lease's own, which it keeps from then on; so is one after the lent session failed or was given back.
 */
class Lease {
    endpoint;
    layout;
    token;
    ttlMs;
    reopen;
    log;
    /** Why the lease is no longer held (another run took the lock, or it could not be renewed in time). */
    lost;
    renewedAt = Date.now();
    timer;
    queue = Promise.resolve();
    released = false;
    /** A script of this run is releasing the lock itself (switchLogPruneRelease): renewals stand aside. */
    releasing = false;
    /** That script released it (releasedOnHost): nothing opens a session for this lease any more. */
    goneOnHost = false;
    /** The deploy's session, while the lease may use it (never closed by the lease). */
    lent;
    /** A session of the lease's own (closed on release), opened when the lent one is not there or too slow. */
    own;
    /** Told once the lock has been released (the post step's record). */
    onReleased;
    /** What acquireLease's `then` printed, in the take's own round trip (taken once by withLease). */
    firstOutput;
    constructor(endpoint, layout, token, ttlMs, session, reopen, log) {
        this.endpoint = endpoint;
        this.layout = layout;
        this.token = token;
        this.ttlMs = ttlMs;
        this.reopen = reopen;
        this.log = log;
        if ('own' in session)
            this.own = session.own;
        else
            this.lent = session.lent;
    }
    get name() {
        return this.endpoint.name;
    }
    get ttlS() {
        return Math.ceil(this.ttlMs / 1000);
    }
    /**
     * The deploy's session is closing while the lease stays held (a run that keeps its leases): the lease opens
     * its own now, in the background, for the renewals and the release still to come.
     */
    giveBack(session) {
        if (this.lent !== session)
            return;
        this.lent = undefined;
        if (this.released || this.lost || this.own)
            return;
        this.queue = this.queue.then(() => this.ownSession()).catch(() => undefined);
    }
    async ownSession() {
        this.own ??= await this.reopen();
        return this.own;
    }
    /** Runs a lock script: on the lent session (bounded by ttl/6), else, or then, on the lease's own. */
    async runScript(what, body) {
        const lent = this.lent;
        if (lent) {
            const bound = Math.max(1_000, Math.floor(this.ttlMs / 6));
            let timer;
            try {
                return await Promise.race([
                    lent.check(what, body),
                    new Promise((_, reject) => {
                        timer = setTimeout(() => reject(new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .KeelError */ .Ui(`no answer on the deploy's connection in ${bound} ms`)), bound);
                    }),
                ]);
            }
            catch (error) {
                // The deploy's connection is busy or broken: the lease goes on on its own one (a late answer there is
                // ignored; a renewal is harmless twice).
                this.log.info(`${this.name}: ${what} on a connection of its own (${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(error)})`);
                if (this.lent === lent)
                    this.lent = undefined;
            }
            finally {
                clearTimeout(timer);
            }
        }
        const run = (s) => s.check(what, body);
        try {
            return await run(await this.ownSession());
        }
        catch (error) {
            this.own?.close();
            this.own = undefined;
            // Released on the host meanwhile (by a script of this run): no new session for a lock that is gone.
            if (this.goneOnHost)
                throw error;
            const s = await this.ownSession().catch((e) => {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .KeelError */ .Ui(`${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(error)}; reconnecting failed: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(e)}`);
            });
            return run(s);
        }
    }
    /** Renews every ttl/3 until released. */
    startHeartbeat() {
        this.timer = setInterval(() => void this.beat(), Math.max(500, Math.floor(this.ttlMs / 3)));
        this.timer.unref();
    }
    /** One renewal, one at a time. */
    renew() {
        const next = this.queue.then(async () => {
            if (this.lost || this.releasing || this.released)
                return;
            const r = await this.runScript('renewing the deploy lock', renewScript(this.layout, this.token, this.ttlS));
            const lines = r.stdout.trim().split('\n');
            if (lines[0] === 'renewed')
                this.renewedAt = Date.now();
            // A renewal that ran after this run's own release (a script that released it) lost nothing.
            else if (lines[0] === 'lost' && !this.releasing && !this.released)
                this.markLost(lines[1]);
            // `busy`: the guard was held by someone else for GUARD_WAIT_S; the next beat tries again.
        });
        this.queue = next.catch(() => undefined);
        return next;
    }
    markLost(holderLine) {
        this.lost ??= `${this.name}: this run no longer holds the deploy lock (now held by ${describe(holderLine)})`;
    }
    async beat() {
        try {
            await this.renew();
        }
        catch (error) {
            if (this.released || this.releasing)
                return;
            this.log.warn(`${this.name}: could not renew the deploy lock: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(error)}`);
        }
        if (this.released || this.releasing)
            return;
        // Not renewed for a whole ttl: another run may have broken it by now.
        if (!this.lost && Date.now() - this.renewedAt >= this.ttlMs)
            this.lost = `${this.name}: the deploy lock could not be renewed for ${Math.round(this.ttlMs / 1000)}s and may have been taken by another run`;
        // Said once (beats queued behind a slow renewal end here too).
        if (this.lost && this.timer) {
            this.log.warn(this.lost);
            this.stopHeartbeat();
        }
    }
    stopHeartbeat() {
        if (this.timer)
            clearInterval(this.timer);
        this.timer = undefined;
    }
    /** Throws when this lease may not guard a change any more (lost, or released). */
    usable() {
        if (this.released)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .KeelError */ .Ui(`${this.name}: the deploy lock was already released`);
        if (this.lost)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .KeelError */ .Ui(`${this.lost}; nothing was switched`);
    }
    /**
     * Runs `body` on `session` only while this run holds the lock, checked and renewed in the same script under
     * the lock's guard (whileHolderScript): one round trip for the check and the change. Returns what `body`
     * printed; throws, with nothing of `body` run, when the lock is no longer this run's.
     */
    async whileHeld(session, what, body) {
        this.usable();
        const asked = Date.now();
        const r = await session.check(what, whileHolderScript(this.layout, this.token, this.ttlS, body));
        const out = r.stdout;
        if (out.startsWith('held\n') && out.endsWith('\ndone\n')) {
            if (this.renewedAt < asked)
                this.renewedAt = asked;
            return out.slice('held\n'.length, -'\ndone\n'.length);
        }
        const lines = out.trim().split('\n');
        if (lines[0] === 'lost') {
            this.markLost(lines[1]);
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .KeelError */ .Ui(`${this.lost}; nothing was switched`);
        }
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .KeelError */ .Ui(`${this.name}: could not confirm the deploy lock (its guard stayed busy); nothing was switched`);
    }
    /**
     * A script that releases the lock itself is about to run (or, `false`, did not release it after all): no
     * renewal is made meanwhile, and one already on its way that finds the lock gone is not taken for a loss.
     * The script renews the lease itself as it starts (whileHolderScript).
     */
    closing(on = true) {
        this.releasing = on;
        if (on)
            this.stopHeartbeat();
        else if (!this.released && !this.lost && !this.timer)
            this.startHeartbeat();
    }
    /** The lock was released on the host by a script of this run (releaseBody, under the guard, token checked). */
    releasedOnHost() {
        if (this.released)
            return;
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
    async release() {
        if (this.released)
            return false;
        this.released = true;
        this.stopHeartbeat();
        held.delete(key(this.endpoint, this.layout));
        try {
            await this.queue;
            const r = await this.runScript('releasing the deploy lock', releaseScript(this.layout, this.token));
            this.onReleased?.();
            return r.stdout.trim() === 'released';
        }
        finally {
            this.lent = undefined;
            this.own?.close();
            this.own = undefined;
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
/**
 * Takes the lock on one host, waiting up to waitMs; breaks an expired one atomically. On `via.session` (the
 * deploy's, lent to the lease) when given, else on a session of its own. `via.then` runs in the same script once
 * the lock is taken (under its guard); its output is the lease's `firstOutput`.
 */
async function acquireLease(c, endpoint, layout, holder, o, log, via = {}) {
    const token = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomUUID)();
    const ttlS = Math.ceil(o.ttlMs / 1000);
    const open = () => _remote_ssh_js__WEBPACK_IMPORTED_MODULE_2__/* .SshSession */ .vM.open(endpoint, c.credentials, c.options, log);
    const session = via.session ?? (await open());
    const then = via.then?.(token) ?? [];
    via.record?.(token, true);
    try {
        let after;
        const tried = await (0,_poll_js__WEBPACK_IMPORTED_MODULE_4__/* .poll */ .w)(async () => {
            const full = { ...holder, started: new Date().toISOString() };
            const r = await session.check('taking the deploy lock', acquireScript(layout, token, ttlS, full, then));
            const nul = r.stdout.indexOf('\0');
            const lines = (nul < 0 ? r.stdout : r.stdout.slice(0, nul)).trim().split('\n');
            if (nul >= 0)
                after = r.stdout.slice(nul + 1);
            if (lines[0] === 'broke')
                log.warn(`${endpoint.name}: broke an expired deploy lock held by ${describe(lines[1])}`);
            return lines;
        }, (lines) => lines[lines.length - 1] === 'acquired', {
            deadline: Date.now() + o.waitMs,
            delayMs: o.pollMs ?? 2_000,
            onMiss: (lines, tries) => {
                if (tries === 1)
                    log.info(`${endpoint.name}: waiting for the deploy lock held by ${holderOf(lines)}`);
            },
        });
        if (tried.done) {
            const lease = new Lease(endpoint, layout, token, o.ttlMs, via.session ? { lent: via.session } : { own: session }, open, log);
            lease.firstOutput = after;
            held.set(key(endpoint, layout), lease);
            lease.startHeartbeat();
            return lease;
        }
        const lines = tried.value;
        const left = lines[0] === 'held' ? Number(lines[1]) : NaN;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .KeelError */ .Ui(`${endpoint.name}: another deploy holds the lock: ${holderOf(lines)}. ` +
            `Wait for it (input 'lock-wait'), or if that run is dead, the lock expires` +
            (Number.isFinite(left) ? ` in ${left}s unless it is renewed.` : ' after its ttl.'), { field: 'lock-wait' });
    }
    catch (error) {
        if (!via.session)
            session.close();
        if (!(0,_cancel_js__WEBPACK_IMPORTED_MODULE_5__/* .isCancelled */ .mm)())
            via.record?.(token, false);
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
    const lease = new Lease(endpoint, layout, token, ttlMs, { own: session }, open, log);
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
 * stage), or a new one, released afterwards unless the run keeps its leases (holdLocksForRun). A new one is
 * taken on `via.session` (the caller's session to the host: one connection for the lock and the work), and
 * `via.then` rides the take's round trip (`lease.firstOutput`; unset when the lease was held already).
 * `fn`'s `owned`: the lease is this call's alone (taken here, released when `fn` ends), so `fn` may release it
 * in its own last script; a lease held before, or kept for the run, is never released by `fn`.
 */
async function withLease(c, endpoint, layout, holder, o, log, onLock, fn, via = {}) {
    const existing = heldLease(endpoint, layout);
    if (existing)
        return fn(existing, undefined, false);
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
        }
        finally {
            // Kept past this host's work: the lease goes on on its own connection once the caller's closes.
            if (via.session)
                lease.giveBack(via.session);
        }
    }
    try {
        // Owned: nothing after `fn` needs the lock, so `fn` may release it itself (lease.releasedOnHost).
        return await fn(lease, first, true);
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
async function withLocks(c, deployPath, what, o, log, fn, onLock) {
    if (!deployPath)
        return fn();
    const layout = new _layout_js__WEBPACK_IMPORTED_MODULE_3__/* .Layout */ .PE(deployPath);
    const run = runContext();
    const taken = [];
    const keep = runWide;
    try {
        // Taken in one order for every run (by name), so two runs listing the same hosts in different orders
        // cannot each hold a part and wait for the other's.
        const order = [...c.endpoints].sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : a.port - b.port);
        for (const e of order)
            if (!heldLease(e, layout)) {
                const lease = await acquireLease(c, e, layout, { run: run.id, actor: run.actor, release: what }, o, log);
                taken.push(lease);
                onLock?.(e, lease.token, true);
                lease.onReleased = () => onLock?.(e, lease.token, false);
            }
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
        throw new KeelError(`${lease.lost}; nothing was changed`);
    }
    if (lines[lines.length - 1] !== 'clean')
        throw new KeelError(`${session.endpoint.name}: could not take the lock's guard to remove abandoned uploads`);
    reportPartials(session.endpoint.name, r.stdout, log);
}


/***/ }),

/***/ 955:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Fj: () => (/* binding */ checkSingletonHosts),
/* harmony export */   Tx: () => (/* binding */ restartProcesses),
/* harmony export */   Xu: () => (/* binding */ keepMoved),
/* harmony export */   gv: () => (/* binding */ retireSingletons),
/* harmony export */   iz: () => (/* binding */ keepOnSwitchBack)
/* harmony export */ });
/* unused harmony exports hostOf, processesOnHost, processClock, parseClock */
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8500);
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_timers_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _cancel_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(833);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3916);
/* harmony import */ var _remote_quote_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(4414);
/* harmony import */ var _remote_ssh_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8136);
/* harmony import */ var _supervisor_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2342);
/**
 * The processes beside the app (Celery workers, beat; spec `processes:`) onto the release `current` points to:
 * every instance is enabled and restarted. `systemctl restart` of a unit with `KillMode=mixed` sends SIGTERM to
 * the main process only and waits up to its `TimeoutStopSec` (the spec's stop-timeout) for it to exit: a Celery
 * worker's warm shutdown, tasks in flight finish; what is left then gets SIGKILL (and the run says so). The
 * instances of all processes restart in parallel (each one's stop waits only for its own tasks). Proved, with
 * bounded waits: every unit active with a new main PID, still the same one a moment later (not a crash loop).
 *
 * Which release a running instance has: its main process chdir'd into `current` when it started, so it runs the
 * release `current` pointed to then. An instance whose main process started after `current` was last switched
 * (the link's ctime, set by the rename) runs the release live now (`processClock`). So the same restart serves
 * every caller: after a deploy's switch, after the web reload is proved (reload-graceful and the root action,
 * which leave an instance already moved alone), and after every switch back (which restarts only the instances
 * that had moved to the release rolled away from, or are down).
 *
 * Restarts and stops are queued in systemd (`--no-block`) and keel polls for them, bounded: no remote command
 * of keel's waits through a warm shutdown. So a cancelled job leaves no command running on a host, and what it
 * leaves is never half done: every instance either runs the release it ran, or has a restart job queued in
 * systemd (PID 1, not the job) that starts it on the release `current` points to once its tasks have finished
 * (the command and the directory are resolved at that exec). A cancel during the warm shutdown ends the wait:
 * the deploy's clean-up switches `current` back and queues the instances that moved for a restart too, so the
 * whole fleet lands on the release that was serving; the run says which instances are still finishing tasks.
 *
 * A singleton (Celery beat) runs on one host only: the one its `singleton-host` names, or else the first of the
 * hosts list. It never runs twice, not even
 * for a moment during a fleet rollout: before any host (re)starts it, `retireSingletons` stops and disables it on
 * every other host (a host order that changed moves it, the old host's instance stopped first), and a host that
 * is not the singleton host stops and disables any instance it still has whenever its processes are restarted.
 * Under supervisor the same order holds, with the program's conf.d file in place of enable/disable: removed and
 * the program stopped and dropped elsewhere first, then linked and started on its host (src/releases/supervisor.ts).
 */






/** How long the new main processes have to be up, and how long they must then stay up. */
const START_WAIT_MS = 30_000;
const SETTLE_MS = 2_000;
/** How often a queued restart or stop is polled. */
const POLL_MS = 500;
async function states(session, units) {
    // Neither needs root. One line per unit: PID and state (is-active prints the state even when it fails).
    const r = await session.check('reading the main PIDs of the processes', (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_5__/* .script */ .K$)((0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_5__/* .raw */ .lS)('set +e'), ...units.map((u) => (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_5__.sh) `printf '%s %s\n' "$(systemctl show -p MainPID --value ${u})" "$(systemctl is-active ${u})"`)), { timeoutMs: 30_000 });
    const lines = r.stdout.trim().split('\n');
    return new Map(units.map((u, i) => {
        const [pid = '', state = ''] = (lines[i] ?? '').trim().split(/\s+/);
        return [u, { pid, state }];
    }));
}
/** The host a singleton runs on: its own `singleton-host`, or else the fleet's (the first of the hosts list). */
function hostOf(p, singletonHost) {
    return p.singletonHost ?? singletonHost;
}
/** Which processes run on this host: all but the singletons, which run on their host only (exact names). */
function processesOnHost(processes, host, singletonHost) {
    return processes.filter((p) => {
        const at = hostOf(p, singletonHost);
        return !p.singleton || at === undefined || host === at;
    });
}
/**
 * Before any host is touched: every `singleton-host` names one of the deploy's hosts (`hosts`: the whole fleet,
 * not only the part a stage works on), matched exactly as written in the hosts list (no case folding, no
 * prefixes, no user@ or :port).
 */
function checkSingletonHosts(processes, hosts) {
    for (const p of processes) {
        if (!p.singleton || p.singletonHost === undefined || hosts.includes(p.singletonHost))
            continue;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .KeelError */ .Ui(`processes.${p.name}.singleton-host: ${JSON.stringify(p.singletonHost)} is not one of the hosts (${hosts.map((h) => JSON.stringify(h)).join(', ')}), so ${p.name} would run nowhere; nothing was changed on any host`, {
            field: `processes.${p.name}.singleton-host`,
            hint: 'Name one of the hosts exactly as the hosts input spells it (no user@ or :port), or drop singleton-host to use the first host.',
        });
    }
}
async function processClock(session, layout, units) {
    if (units.length === 0)
        return new Map();
    // supervisor's processes (`<program>:<program>_N`): their PIDs from supervisorctl, the same reading.
    if (units.some((u) => u.includes(':'))) {
        const r = await session.check('reading when the processes started', (0,_supervisor_js__WEBPACK_IMPORTED_MODULE_4__/* .supervisorClockScript */ .U9)(layout.current, units), { timeoutMs: 30_000 });
        return parseClock(r.stdout, units);
    }
    const r = await session.check('reading when the processes started', (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_5__/* .script */ .K$)((0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_5__/* .raw */ .lS)('set +e'), 
    // The rename that switched `current` set the link's ctime (µs; printed as seconds.micro).
    (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_5__.sh) `stat -c %.6Z ${layout.current} 2>/dev/null || echo -`, ...units.map((u) => (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_5__.sh) `t=$(systemctl show --timestamp=us+utc -p ExecMainStartTimestamp --value ${u}); printf '%s %s\n' "$(systemctl is-active ${u})" "$(test -n "$t" && date -u -d "$t" +%s.%6N || echo -)"`)), { timeoutMs: 30_000 });
    return parseClock(r.stdout, units);
}
/**
 * processClock's reading (pure): the first line is `current`'s ctime (seconds.micro, or -), then per unit its
 * state and its main process's start (seconds.micro, or -). Started strictly after the switch: `new`.
 */
function parseClock(stdout, units) {
    const [switched = '-', ...lines] = stdout.trim().split('\n');
    const us = (text) => text && /^\d+\.\d{6}$/.test(text) ? Number(text.replace('.', '')) : undefined;
    const since = us(switched.trim());
    return new Map(units.map((u, i) => {
        const [state = '', start] = (lines[i] ?? '').trim().split(/\s+/);
        const at = us(start);
        if (state !== 'active')
            return [u, 'down'];
        // Unknown times count as old: restarting once too often is safe, keeping a stale worker is not.
        return [u, since !== undefined && at !== undefined && at > since ? 'new' : 'old'];
    }));
}
/**
 * Waits (bounded by `ms`, polling) until `done` holds for every unit. A cancel ends the wait at once
 * (CancelledError) unless the run was already cancelled when it began (a clean-up): then it waits at most
 * cleanupWaitMs(ms) (the jobs need no keel to finish). Returns the last states read and whether they all were
 * done.
 */
async function waitFor(session, units, ms, done, 
/** A state that will not come right by waiting (a unit that failed for good): the wait ends early. */
hopeless = () => false) {
    const cleanup = (0,_cancel_js__WEBPACK_IMPORTED_MODULE_1__/* .isCancelled */ .mm)();
    const deadline = Date.now() + (0,_cancel_js__WEBPACK_IMPORTED_MODULE_1__/* .cleanupWaitMs */ .kc)(ms);
    // Hopeless in two polls in a row (a stop cut off by its timeout passes through `failed` for an instant
    // before the restart's start).
    let lost = new Set();
    for (;;) {
        const now = await states(session, units);
        if (units.every((u) => done(u, now.get(u))))
            return { now, ok: true, cut: false };
        const gone = new Set(units.filter((u) => hopeless(now.get(u))));
        if ([...gone].some((u) => lost.has(u)))
            return { now, ok: false, cut: false };
        lost = gone;
        if (Date.now() >= deadline)
            return { now, ok: false, cut: cleanup };
        await (0,node_timers_promises__WEBPACK_IMPORTED_MODULE_0__.setTimeout)(POLL_MS);
        if (!cleanup)
            (0,_cancel_js__WEBPACK_IMPORTED_MODULE_1__/* .checkpoint */ .Fn)();
    }
}
const stopped = (st) => st === 'inactive' || st === 'failed' || st === '';
/** Stops and disables instances of singletons that must not run on this host (their stop is a warm shutdown). */
async function stopSingletons(session, sets, log) {
    const units = sets.flatMap((p) => p.units);
    if (units.length === 0)
        return;
    const host = session.endpoint.name;
    const why = `${sets.map((p) => p.name).join(', ')} runs on the singleton host only`;
    const running = [...(await states(session, units))].filter(([, x]) => !stopped(x.state)).map(([u]) => u);
    // Queued, not waited for on the host: a warm shutdown may take minutes, and no command of keel's may
    // outlive a cancelled job. Once queued, the stop happens with or without keel.
    await session.check(`stopping ${units.join(', ')} (${why})`, (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_5__/* .script */ .K$)((0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_5__/* .raw */ .lS)('set +e; rc=0'), 
    // Neither is-enabled nor is-active needs root; a unit never installed here is neither.
    ...units.map((u) => (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_5__.sh) `if systemctl is-enabled --quiet ${u} 2>/dev/null; then sudo -n systemctl disable ${u} || rc=1; fi`), ...units.map((u) => (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_5__.sh) `case "$(systemctl is-active ${u})" in inactive|failed|unknown|'') ;; *) sudo -n systemctl stop --no-block ${u} || rc=1 ;; esac`), (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_5__/* .raw */ .lS)('exit $rc')), { timeoutMs: 60_000 });
    const waited = await waitFor(session, units, Math.max(...sets.map((p) => p.stopTimeout)) * 1000 + 30_000, (_, x) => stopped(x.state));
    const left = units.filter((u) => !stopped(waited.now.get(u).state));
    // A clean-up after a cancel: the stop is queued and happens without keel (it only ever stops it here).
    if (left.length && waited.cut)
        log.warn(`${host}: cancelled while ${left.join(', ')} finished a warm shutdown: its stop is queued in systemd (${why})`);
    else if (left.length)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .KeelError */ .Ui(`${host}: ${left.join(', ')} still running after stop (${why}): a singleton would run twice`);
    if (running.length)
        log.info(`${host}: stopped and disabled ${running.join(', ')} (${why})`);
}
/**
 * Restarts the processes that run on this host onto the release `current` points to (a warm shutdown each),
 * and stops the singletons that run elsewhere. The restarts are queued in systemd at once (one transaction per
 * instance, all of them before any wait) and then polled, bounded by the longest stop-timeout plus the start.
 */
async function restartProcesses(session, processes, singletonHost, log, options = {}) {
    const host = session.endpoint.name;
    const here = processesOnHost(processes, host, singletonHost);
    const elsewhere = processes.filter((x) => !here.includes(x));
    if (processes.some((p) => p.program !== undefined)) {
        // supervisor: singletons that are not this host's stopped and removed first; this host's singletons
        // linked into conf.d and updated (what that started runs the live release already); then each process
        // restarted with a warm shutdown, proved by new PIDs.
        await (0,_supervisor_js__WEBPACK_IMPORTED_MODULE_4__/* .retireSupervisorSingletons */ .uX)(session, elsewhere, log);
        const started = await (0,_supervisor_js__WEBPACK_IMPORTED_MODULE_4__/* .enableSupervisorSingletons */ .AS)(session, here.filter((p) => p.singleton), log);
        const units = here.flatMap((p) => p.units);
        const names = units.filter((u) => !options.keep?.has(u) && !started.has(u));
        const kept = units.filter((u) => options.keep?.has(u) && !started.has(u));
        if (kept.length)
            log.info(`${host}: ${kept.join(', ')} already run(s) the live release: left as is`);
        if (started.size)
            log.info(`${host}: started ${[...started].join(', ')} on the live release`);
        const limits = new Map(here.flatMap((p) => p.units.map((u) => [u, p.stopTimeout * 1000])));
        return (0,_supervisor_js__WEBPACK_IMPORTED_MODULE_4__/* .restartSupervisorProcesses */ .lz)(session, names, limits, log);
    }
    // Not this host's: stopped first (a host that was the singleton host before must not keep running it).
    await stopSingletons(session, elsewhere, log);
    const kept = here.flatMap((p) => p.units).filter((u) => options.keep?.has(u));
    if (kept.length)
        log.info(`${host}: ${kept.join(', ')} already run(s) the live release: left as is`);
    const restart = here.filter((p) => p.units.some((u) => !options.keep?.has(u)));
    const units = restart.flatMap((p) => p.units).filter((u) => !options.keep?.has(u));
    if (units.length === 0)
        return;
    // A cancelled run's clean-up whose budget is spent queues the restarts and does not wait for them.
    const late = (0,_cancel_js__WEBPACK_IMPORTED_MODULE_1__/* .cleanupLeftMs */ .CN)() <= 0;
    const before = late ? new Map() : await states(session, units);
    const stopMs = Math.max(...restart.map((p) => p.stopTimeout)) * 1000;
    const timeoutOf = new Map(restart.flatMap((p) => p.units.map((u) => [u, p.stopTimeout])));
    log.info(`${host}: restarting ${units.join(', ')} (a warm shutdown may take up to ${stopMs / 1000}s)`);
    await session.check(`restarting ${units.join(', ')}`, (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_5__/* .script */ .K$)(
    // A crash loop of an earlier release may have hit the start limit: a deploy starts the count afresh
    // (reset-failed fails for an instance not loaded yet, as on the first deploy: that is fine).
    ...units.map((u) => (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_5__.sh) `sudo -n systemctl reset-failed ${u} 2>/dev/null || true`), ...units.map((u) => (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_5__.sh) `sudo -n systemctl enable ${u}`), 
    // Queued: systemd stops (TERM to the main process, tasks finish) and starts each on its own.
    ...units.map((u) => (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_5__.sh) `sudo -n systemctl restart --no-block ${u}`)), { timeoutMs: 60_000 });
    const queued = (what) => log.warn(`${host}: cancelled ${what}: each one's restart is queued in systemd, which starts it on the release \`current\` points to once its tasks end (within its stop-timeout); no command of keel's is left running`);
    if (late)
        return queued(`with the clean-up's time spent, so ${units.join(', ')} are not watched`);
    const fresh = (u, s) => s.state === 'active' && /^[1-9]\d*$/.test(s.pid) && s.pid !== before.get(u)?.pid;
    // systemd kills what is left after TimeoutStopSec; the start (Type=exec) follows at once.
    // `failed` (reset just before): systemd gave up on it (its start limit), no point in waiting further.
    const waited = await waitFor(session, units, stopMs + START_WAIT_MS, fresh, (x) => x.state === 'failed');
    const { ok, cut } = waited;
    let now = waited.now;
    if (cut) {
        return queued(`while ${units.filter((u) => !fresh(u, now.get(u))).join(', ')} finished tasks in flight`);
    }
    if (ok) {
        // Up is not enough: a process that exits at once is restarted by systemd and may look active between.
        // (A cancelled run's clean-up settles only as long as its budget lets it.)
        await (0,node_timers_promises__WEBPACK_IMPORTED_MODULE_0__.setTimeout)((0,_cancel_js__WEBPACK_IMPORTED_MODULE_1__/* .cleanupWaitMs */ .kc)(SETTLE_MS));
        const later = await states(session, units);
        const moved = units.filter((u) => later.get(u).pid !== now.get(u).pid || later.get(u).state !== 'active');
        if (moved.length === 0) {
            await warnKilled(session, units, timeoutOf, log);
            log.info(`${host}: restarted ${units.map((u) => `${u} (PID ${before.get(u).pid} → ${now.get(u).pid})`).join(', ')}`);
            return;
        }
        now = later;
    }
    const bad = units
        .map((u) => ({ u, s: now.get(u), was: before.get(u).pid }))
        .filter(({ u, s }) => !fresh(u, s))
        .map(({ u, s, was }) => `${u} is ${s.state || 'unknown'} with main PID ${s.pid || '?'} (was ${was || '?'})`);
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .KeelError */ .Ui(`${host}: the processes did not come back on the new release: ${bad.join('; ') || 'their main PIDs kept changing (a crash loop)'}`, { hint: `Look at \`journalctl -u ${units[0]}\` on ${host}.` });
}
/**
 * Says which restarted instances did not finish their warm shutdown within stop-timeout (systemd killed what
 * was left): the time from leaving `active` to reaching `inactive`, from systemd's own monotonic clock.
 */
async function warnKilled(session, units, timeoutOf, log) {
    const r = await session.run((0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_5__/* .script */ .K$)((0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_5__/* .raw */ .lS)('set +e'), ...units.map((u) => (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_5__.sh) `printf '%s %s\n' "$(systemctl show -p ActiveExitTimestampMonotonic --value ${u})" "$(systemctl show -p InactiveEnterTimestampMonotonic --value ${u})"`)), { timeoutMs: 30_000 });
    const lines = r.stdout.trim().split('\n');
    units.forEach((u, i) => {
        const [left, down] = (lines[i] ?? '').trim().split(/\s+/).map(Number);
        const limit = timeoutOf.get(u);
        if (limit !== undefined && left && down && down > left && down - left >= limit * 1e6)
            log.warn(`${session.endpoint.name}: ${u} did not finish its warm shutdown within its stop-timeout (${limit}s): systemd killed what was left (tasks in flight were cut off)`);
    });
}
/**
 * Before a fleet (re)starts singletons on `singletonHost`: every other host stops and disables its instances
 * (a warm shutdown), all in parallel. Throws when any host cannot confirm it, so the caller starts nothing:
 * a singleton that may still run elsewhere is never started a second time.
 */
async function retireSingletons(c, processes, singletonHost, log) {
    const singles = processes.filter((p) => p.singleton && hostOf(p, singletonHost) !== undefined);
    if (singles.length === 0)
        return;
    // Per host, the singletons that belong to another host.
    const others = c.endpoints
        .map((e) => ({ e, sets: singles.filter((p) => hostOf(p, singletonHost) !== e.name) }))
        .filter((x) => x.sets.length > 0);
    const failures = await Promise.all(others.map(({ e, sets }) => (0,_remote_ssh_js__WEBPACK_IMPORTED_MODULE_3__/* .withSession */ .fQ)(c, e, log, async (s) => {
        if (sets.some((p) => p.program !== undefined))
            await (0,_supervisor_js__WEBPACK_IMPORTED_MODULE_4__/* .retireSupervisorSingletons */ .uX)(s, sets, log);
        else
            await stopSingletons(s, sets, log);
        return undefined;
    }, (error) => `${e.name}: ${error}`).catch((error) => `${e.name}: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .errorMessage */ .gJ)(error)}`)));
    const failed = failures.filter((f) => f !== undefined);
    if (failed.length)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .KeelError */ .Ui(`${singles.map((p) => p.name).join(', ')} (a singleton) could not be confirmed stopped on every host but ${[...new Set(singles.map((p) => hostOf(p, singletonHost)))].join(', ')}, so it is not started anywhere by this run: ${failed.join('; ')}`, { hint: 'Make every host reachable (or take it out of the hosts list) and run again.' });
}
/** After a switch forward: the instances that already run the release live now are left alone. */
async function keepMoved(session, layout, processes) {
    const clock = await processClock(session, layout, processes.flatMap((p) => p.units));
    return { keep: new Set([...clock].filter(([, c]) => c === 'new').map(([u]) => u)) };
}
/**
 * Read BEFORE switching back: the instances still running the release before the one being rolled away from
 * (started before its switch) are left alone afterwards; the ones that moved to it, or are down, restart.
 */
async function keepOnSwitchBack(session, layout, processes) {
    const clock = await processClock(session, layout, processes.flatMap((p) => p.units));
    return { keep: new Set([...clock].filter(([, c]) => c === 'old').map(([u]) => u)) };
}


/***/ }),

/***/ 4487:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BX: () => (/* binding */ currentRelease),
/* harmony export */   Bu: () => (/* binding */ parseState),
/* harmony export */   Jz: () => (/* binding */ guessedNote),
/* harmony export */   PZ: () => (/* binding */ releaseBefore),
/* harmony export */   S_: () => (/* binding */ switchTo),
/* harmony export */   Tc: () => (/* binding */ markBad),
/* harmony export */   bZ: () => (/* binding */ rollbackTargetOf),
/* harmony export */   dr: () => (/* binding */ stateEnd),
/* harmony export */   es: () => (/* binding */ rollbackTarget),
/* harmony export */   ll: () => (/* binding */ pruneAfterSwitch),
/* harmony export */   mz: () => (/* binding */ logAndPrune),
/* harmony export */   nB: () => (/* binding */ stateScript),
/* harmony export */   pm: () => (/* binding */ appendLog),
/* harmony export */   r5: () => (/* binding */ parseCurrentLink),
/* harmony export */   uK: () => (/* binding */ switchLogPruneRelease),
/* harmony export */   un: () => (/* binding */ readState),
/* harmony export */   yC: () => (/* binding */ switchAndLog),
/* harmony export */   zg: () => (/* binding */ pruneWith)
/* harmony export */ });
/* unused harmony exports STATUSES, LOG_LINES, parseLog, releasesByTime, liveHistory, previousLive, goodReleaseBefore, pruneList, releaseOfPath, logLine, prune */
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
/** How many fields follow each tag of stateScript's records (an unknown tag has none). */
const ARITY = { current: 1, release: 3, log: 1, cwd: 1 };
/**
 * Where stateScript's records that start at `f[i]` end: the index of the `end` tag that follows them (or the
 * length). Walked record by record, so a value (a log's text, a folder's name) is never taken for a tag.
 */
function stateEnd(f, i) {
    while (i < f.length && f[i] !== 'end')
        i += 1 + (ARITY[f[i]] ?? 0);
    return Math.min(i, f.length);
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
    await session.check('writing the release log', logLine(layout, entry));
}
/**
 * Points `current` at release `id`: a new symlink under a temporary name renamed over it (rename(2) is atomic).
 * Only under the deploy lock, in one round trip: the script checks, under the lock's guard, that this run's
 * lease still holds the lock (and renews it), and only then switches; a run that lost it fails with nothing
 * switched. `after` runs in the same script once switched (its output is returned).
 */
async function switchTo(session, layout, id, after = []) {
    const lease = (0,_lock_js__WEBPACK_IMPORTED_MODULE_1__/* .heldLease */ .Mn)(session.endpoint, layout);
    if (!lease)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .KeelError */ .Ui(`${session.endpoint.name}: refusing to switch ${layout.current} without holding the deploy lock`);
    const tmp = `${layout.root}/.current-${id}`;
    return lease.whileHeld(session, `switching current to ${id}`, [
        (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__.sh) `test -d ${layout.release(id)} || { echo "no release ${id}" >&2; exit 1; }`,
        (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__.sh) `rm -f ${tmp} && ln -s ${`releases/${id}`} ${tmp} && mv -T ${tmp} ${layout.current} || exit 1`,
        ...after,
    ]);
}
/** The log line's append, for a script: one JSON line (a newline in any value is escaped). */
function logLine(layout, entry) {
    const line = JSON.stringify({ time: new Date().toISOString(), ...entry });
    return (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__.sh) `mkdir -p ${layout.meta} && printf '%s\n' ${line} >> ${layout.log}`;
}
/**
 * The switch, the log line and the state read for pruning, in one round trip (for a deploy with nothing to run
 * between the switch and the log: no reload, no processes, no after-switch hook). Once switched, a log line
 * that could not be written does not fail the script (`logged: false`): the caller knows `current` moved.
 */
async function switchAndLog(session, layout, id, entry) {
    const out = await switchTo(session, layout, id, [
        (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__.sh) `if ${logLine(layout, entry)}; then printf 'logged\\0'; else printf 'not-logged\\0'; fi`,
        (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__/* .raw */ .lS)('('),
        stateScript(layout),
        (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__/* .raw */ .lS)(')'),
    ]);
    const logged = out.startsWith('logged\0');
    return { logged, state: parseState(out.slice(out.indexOf('\0') + 1), layout) };
}
/**
 * Removes the virtualenvs no release links to any more (for a script that has `set +e`; it leaves the shell in
 * the venvs folder, or exits 0 when there is none). One body for the prune after a switch and pruneWith.
 */
function unusedVenvsBody(layout) {
    return [
        (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__.sh) `cd ${layout.venvs} 2>/dev/null || exit 0`,
        (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__.sh) `used=$(for l in ${layout.releases}/*/.venv; do readlink "$l"; done 2>/dev/null | sed 's#^.*/##' | sort -u)`,
        (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__/* .raw */ .lS)('for v in *; do [ -d "$v" ] || continue; echo "$used" | grep -qx "$v" || rm -rf -- "$v"; done'),
    ];
}
/**
 * The releases to prune once `id` is switched in, from the state read under the lock before (at the take:
 * prepareBody's `state`): that state with this deploy's log line and `id` added, and `id` current. Under the
 * lock nothing else changes the releases, the log or `current` in between; what may change (a process starting
 * in an old release) is checked again on the host right before each removal (switchLogPruneRelease).
 */
function pruneAfterSwitch(before, id, previous, keep, protect, now = Date.now()) {
    const releases = [
        ...before.releases.filter((r) => r.id !== id),
        { id, bad: false, deployedAt: now, timeFrom: 'log' },
    ];
    const entries = [
        ...before.entries,
        { time: now, status: 'deployed', release: id, previous: previous ?? null, live: id },
    ];
    return pruneList(releases, keep, [
        ...protect,
        id,
        previous,
        rollbackTargetOf(entries, releases, id),
        ...before.inUse,
    ]);
}
/**
 * The end of a deploy with nothing to run after the switch, in one round trip under the lock's guard (the
 * lease checked and renewed first, whileHeld): the switch; the log line; then, once logged, the releases in
 * `doomed` removed (each skipped when a process has its working directory in it right now) and the unused
 * virtualenvs; then, with `release`, the lock released (only after all of it, and only when all of it went
 * well: a deploy that fails here still holds its lock for its clean-up). A run that lost the lock switches,
 * logs, removes and releases nothing.
 */
async function switchLogPruneRelease(session, layout, id, entry, doomed, release) {
    const lease = (0,_lock_js__WEBPACK_IMPORTED_MODULE_1__/* .heldLease */ .Mn)(session.endpoint, layout);
    if (release)
        lease?.closing();
    const body = [
        (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__.sh) `if ${logLine(layout, entry)}; then`,
        (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__/* .raw */ .lS)("printf 'logged\\0'"),
        (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__/* .raw */ .lS)('if ('),
        (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__.sh) `  cd ${layout.releases} || exit 1`,
        (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__/* .raw */ .lS)(`  inuse=$(find /proc -mindepth 2 -maxdepth 2 -name cwd -printf '%l\\n' 2>/dev/null)`),
        (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__.sh) `  for d in ${doomed.length > 0 ? doomed : ['']}; do`,
        (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__/* .raw */ .lS)('    [ -n "$d" ] || continue'),
        // Conservative: a release whose path is a prefix of one in use (r1 of r10) is kept too.
        (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__.sh) `    case "$inuse" in *${layout.releases}/"$d"*) printf 'kept\\0%s\\0' "$d"; continue ;; esac`,
        (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__/* .raw */ .lS)(`    rm -rf -- "$d" && printf 'removed\\0%s\\0' "$d" || exit 1`),
        (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__/* .raw */ .lS)('  done'),
        (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__/* .raw */ .lS)(') && ('),
        (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__/* .raw */ .lS)('  set +e'),
        ...unusedVenvsBody(layout),
        (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__/* .raw */ .lS)('  true'),
        (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__/* .raw */ .lS)('); then'),
        (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__/* .raw */ .lS)("printf 'pruned\\0'"),
        ...(release && lease
            ? [(0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__/* .raw */ .lS)('if'), (0,_lock_js__WEBPACK_IMPORTED_MODULE_1__/* .releaseBody */ .ul)(layout, lease.token), (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__/* .raw */ .lS)("then printf 'released\\0'; fi")]
            : []),
        (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__/* .raw */ .lS)('fi'),
        (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__/* .raw */ .lS)('else'),
        (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__/* .raw */ .lS)("printf 'not-logged\\0'"),
        (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__/* .raw */ .lS)('fi'),
    ];
    let out;
    try {
        out = await switchTo(session, layout, id, body);
    }
    catch (error) {
        lease?.closing(false);
        throw error;
    }
    const f = out.split('\0');
    const removed = [];
    const kept = [];
    for (let i = 0; i < f.length; i++) {
        if (f[i] === 'removed')
            removed.push(f[++i]);
        else if (f[i] === 'kept')
            kept.push(f[++i]);
    }
    const released = release && f.includes('released');
    if (released)
        lease?.releasedOnHost();
    else
        lease?.closing(false);
    return { logged: f[0] === 'logged', removed, kept, pruned: f.includes('pruned'), released };
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
    const r = await session.check('writing the release log', (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__/* .script */ .K$)(logLine(layout, entry), stateScript(layout)));
    return pruneWith(session, layout, parseState(r.stdout, layout), keep, protect);
}
async function pruneWith(session, layout, s, keep, protect) {
    const doomed = pruneList(s.releases, keep, [
        ...protect,
        s.current,
        rollbackTargetOf(s.entries, s.releases, s.current),
        ...s.inUse,
    ]);
    await session.check(doomed.length > 0 ? 'removing old releases' : 'removing unused virtualenvs', (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__/* .script */ .K$)(...(doomed.length > 0 ? [(0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__.sh) `(cd ${layout.releases} && rm -rf -- ${doomed})`] : []), (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_3__/* .raw */ .lS)('set +e'), ...unusedVenvsBody(layout)));
    return { removed: doomed, note: guessedNote(s) };
}
/** The note for releases the log does not know (their deploy times are guessed from mtimes), if any. */
function guessedNote(s) {
    const guessed = s.releases.filter((r) => r.timeFrom === 'mtime').map((r) => r.id);
    return guessed.length
        ? `the release log does not know ${guessed.join(', ')}: their deploy times are their directories' modification times`
        : undefined;
}


/***/ }),

/***/ 2342:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AS: () => (/* binding */ enableSupervisorSingletons),
/* harmony export */   If: () => (/* binding */ applySupervisorFiles),
/* harmony export */   U9: () => (/* binding */ supervisorClockScript),
/* harmony export */   aE: () => (/* binding */ checkSupervisorFiles),
/* harmony export */   lz: () => (/* binding */ restartSupervisorProcesses),
/* harmony export */   uX: () => (/* binding */ retireSupervisorSingletons)
/* harmony export */ });
/* unused harmony exports programOf, supervisorPids */
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8500);
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_timers_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _cancel_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(833);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3916);
/* harmony import */ var _remote_quote_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4414);
/* harmony import */ var _render_supervisor_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6076);
/**
 * supervisor on a host (`process-manager: supervisor`): installing the program files and restarting the
 * processes beside the app, one named `sudo -n supervisorctl VERB NAME` at a time (the rendered sudo rules
 * allow exactly those).
 *
 * - Installing: the log directory first (supervisor refuses a program whose log directory is missing), then
 *   `supervisorctl reread` checks the files with supervisord's own parser on the host (a file it refuses is put
 *   back with the others). After the switch, `supervisorctl update PROGRAM` for each changed file: supervisor
 *   restarts only the programs whose section changed (added, changed or removed); every other program, the
 *   app's included, is left running. Then every process of those programs must be running.
 * - Restarting the processes after a switch: `supervisorctl restart NAME` of each process, in parallel. A stop
 *   is TERM to the main process (stopasgroup=false: a Celery worker's warm shutdown, tasks in flight finish),
 *   KILL to the group only after stopwaitsecs (the spec's stop-timeout); proved by a new PID that stays. * - A singleton (Celery beat): its program file is installed on every host OUTSIDE conf.d
 *   (/etc/supervisor/keel-singletons/), where supervisord never reads it. On the host it runs on, keel links it
 *   into conf.d and `update`s it (supervisord starts it there, and again after a reboot). On every other host,
 *   before that host starts it (src/releases/processes.ts: retireSingletons, then each host's restart), keel
 *   removes whatever conf.d file declares it under keel's name (the link, or a stale file left by hand),
 *   `reread`s, and `update`s it: supervisord stops it warmly (TERM, KILL after stopwaitsecs) and drops it. That
 *   update's client gives up after a few seconds (`timeout`), supervisord goes on alone, and keel polls until
 *   supervisor no longer knows any of its processes: no command of keel's waits on the host through a warm
 *   shutdown, so a cancelled job leaves none behind, and what it leaves is a stop already under way in
 *   supervisord, of a program whose file is gone (it never starts there again, not even after a reboot).
 */





const CTL = _render_supervisor_js__WEBPACK_IMPORTED_MODULE_3__/* .SUPERVISORCTL */ .cd;
const START_WAIT_MS = 60_000;
const SETTLE_MS = 2_000;
/** What a rendered program file declares (pure): its program, its process names, its log directory. */
function programOf(f) {
    const program = /^\[program:([A-Za-z0-9_.-]+)\]$/m.exec(f.content)?.[1];
    if (!program)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .KeelError */ .Ui(`${f.install} has no [program:NAME] section keel can read`);
    const n = Number(/^numprocs=(\d+)$/m.exec(f.content)?.[1] ?? 0);
    const names = n > 0 ? Array.from({ length: n }, (_, i) => `${program}:${program}_${i + 1}`) : [program];
    const log = /^stdout_logfile=(\/[A-Za-z0-9._/-]+)\/[^/]+$/m.exec(f.content)?.[1];
    return { program, names, logDir: log };
}
/** PIDs of supervisor processes by name (0: not running; undefined: supervisor does not know the name). */
async function supervisorPids(session, names) {
    if (names.length === 0)
        return new Map();
    const r = await session.check('asking supervisor for the PIDs', (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_4__/* .script */ .K$)((0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_4__/* .raw */ .lS)('set +e'), ...names.map((n) => (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_4__.sh) `printf '%s\\n' "$(sudo -n ${CTL} pid ${n} 2>&1 | tail -n 1)"`)), { timeoutMs: 30_000 });
    const lines = r.stdout.split('\n');
    const out = new Map();
    names.forEach((n, i) => {
        const line = (lines[i] ?? '').trim();
        if (/^\d+$/.test(line))
            out.set(n, Number(line));
        else if (/no such process/i.test(line))
            out.set(n, undefined);
        else
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .KeelError */ .Ui(`${session.endpoint.name}: cannot ask supervisor about ${n}: ${line || 'no answer'} (is supervisord running?)`);
    });
    return out;
}
/** Before the host's own checks: the log directories, then supervisord's parser (`reread`) on the new files. */
async function checkSupervisorFiles(session, changed) {
    const programs = changed.filter((f) => f.kind === 'supervisor-program').map(programOf);
    if (programs.length === 0)
        return;
    const dirs = [...new Set(programs.flatMap((p) => (p.logDir ? [p.logDir] : [])))];
    if (dirs.length)
        await session.check('creating the supervisor log directories', (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_4__/* .script */ .K$)(...dirs.map((d) => (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_4__.sh) `sudo -n install -d -m 0750 -o root -g root ${d}`)));
    const r = await session.run((0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_4__.sh) `sudo -n ${CTL} reread 2>&1`, { timeoutMs: 60_000 });
    if (r.code !== 0 || /ERROR|Error/.test(r.stdout))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .KeelError */ .Ui(`${session.endpoint.name}: supervisorctl reread refused the new program files; the previous files were put back:\n${r.stdout.trim().split('\n').slice(-3).join('\n')}`, { hint: 'Is supervisord running (systemctl status supervisor)?' });
}
/**
 * After the switch (or a restore): `reread`, then `update PROGRAM` for each changed file, then every process
 * of those programs running (a program whose file was removed is gone instead).
 */
async function applySupervisorFiles(session, changed, log) {
    const host = session.endpoint.name;
    // A singleton's file (outside conf.d) is made live by the restart of the processes, on its host only.
    const programs = changed
        .filter((f) => f.kind === 'supervisor-program' && !isSingletonFile(f.install))
        .map(programOf);
    if (programs.length === 0)
        return;
    const r = await session.check(`supervisorctl update ${programs.map((p) => p.program).join(' ')}`, (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_4__/* .script */ .K$)((0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_4__.sh) `sudo -n ${CTL} reread`, ...programs.map((p) => (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_4__.sh) `sudo -n ${CTL} update ${p.program}`)), { timeoutMs: 900_000 });
    log.info(`${host}: ${r.stdout.trim().split('\n').join('; ')}`);
    const installed = await session.run((0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_4__/* .script */ .K$)(...programs.map((p) => (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_4__.sh) `if [ -e ${`${_render_supervisor_js__WEBPACK_IMPORTED_MODULE_3__/* .SUPERVISOR_CONF_DIR */ .u7}/${p.program}.conf`} ]; then echo y; else echo n; fi`)));
    const present = installed.stdout.trim().split('\n');
    const names = programs.filter((_, i) => present[i] === 'y').flatMap((p) => p.names);
    const deadline = Date.now() + START_WAIT_MS;
    let pids = await supervisorPids(session, names);
    while ([...pids.values()].some((p) => !p) && Date.now() < deadline) {
        await (0,node_timers_promises__WEBPACK_IMPORTED_MODULE_0__.setTimeout)(500);
        pids = await supervisorPids(session, names);
    }
    const down = [...pids].filter(([, p]) => !p).map(([n]) => n);
    if (down.length)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .KeelError */ .Ui(`${host}: supervisor did not start ${down.join(', ')} within ${START_WAIT_MS / 1000}s`, {
            hint: `Look at supervisorctl status and /var/log/<app>/ on ${host}.`,
        });
}
/**
 * Restarts the supervisor processes `names` (a warm shutdown each, in parallel), proved by new PIDs that stay.
 * `stopTimeoutMs` per name: a restart that took that long was cut off by KILL, and the run says so.
 */
async function restartSupervisorProcesses(session, names, stopTimeoutMs, log) {
    const host = session.endpoint.name;
    if (names.length === 0)
        return;
    const before = await supervisorPids(session, names);
    const unknown = names.filter((n) => before.get(n) === undefined);
    if (unknown.length)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .KeelError */ .Ui(`${host}: supervisor does not know ${unknown.join(', ')} (were the program files installed? ssh-deploy with install-config does it)`);
    const longest = Math.max(...names.map((n) => stopTimeoutMs.get(n) ?? 0));
    const r = await session.check(`restarting ${names.join(', ')} (a warm shutdown may take up to ${longest / 1000}s)`, (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_4__/* .script */ .K$)((0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_4__/* .raw */ .lS)('pids='), ...names.map((n) => 
    // supervisorctl restart exits 1 when the stop half finds the process not running: what counts
    // is that it runs afterwards.
    (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_4__.sh) `{ s=$(date +%s%3N); sudo -n ${CTL} restart ${n} >/dev/null; c=0; test "$(sudo -n ${CTL} pid ${n})" -gt 0 2>/dev/null || c=1; echo "restarted ${n} $c $(( $(date +%s%3N) - s ))"; exit $c; } & pids="$pids $!"`), (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_4__/* .raw */ .lS)('rc=0; for p in $pids; do wait "$p" || rc=1; done; exit $rc')), { timeoutMs: longest + 120_000 });
    for (const m of r.stdout.matchAll(/^restarted (\S+) 0 (\d+)$/gm)) {
        const limit = stopTimeoutMs.get(m[1]);
        if (limit !== undefined && Number(m[2]) >= limit)
            log.warn(`${host}: ${m[1]} did not finish its warm shutdown within its stop-timeout (${limit / 1000}s): supervisor killed what was left (tasks in flight were cut off)`);
    }
    const fresh = (n, pid) => !!pid && pid !== before.get(n);
    const deadline = Date.now() + START_WAIT_MS;
    let now = await supervisorPids(session, names);
    while (!names.every((n) => fresh(n, now.get(n))) && Date.now() < deadline) {
        await (0,node_timers_promises__WEBPACK_IMPORTED_MODULE_0__.setTimeout)(500);
        now = await supervisorPids(session, names);
    }
    if (names.every((n) => fresh(n, now.get(n)))) {
        await (0,node_timers_promises__WEBPACK_IMPORTED_MODULE_0__.setTimeout)((0,_cancel_js__WEBPACK_IMPORTED_MODULE_1__/* .cleanupWaitMs */ .kc)(SETTLE_MS));
        const later = await supervisorPids(session, names);
        if (names.every((n) => later.get(n) === now.get(n))) {
            log.info(`${host}: restarted ${names.map((n) => `${n} (PID ${before.get(n)} → ${now.get(n)})`).join(', ')}`);
            return;
        }
        now = later;
    }
    const bad = names
        .filter((n) => !fresh(n, now.get(n)))
        .map((n) => `${n} has PID ${now.get(n) ?? '?'} (was ${before.get(n) ?? '?'})`);
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .KeelError */ .Ui(`${host}: the processes did not come back on the new release: ${bad.join('; ') || 'their PIDs kept changing (a crash loop)'}`, { hint: `Look at supervisorctl status and /var/log/<app>/ on ${host}.` });
}
/**
 * processClock's reading under supervisor (src/releases/processes.ts parses it): `current`'s ctime, then per
 * process `active START` (seconds.micro) or `inactive -`. The start is the boot time (whole seconds, rounded
 * down) plus the process's start in clock ticks: never later than the truth, so a process is never taken for
 * one started after the switch when it was not (at worst one restarts once too often).
 */
function supervisorClockScript(current, names) {
    return (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_4__/* .script */ .K$)((0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_4__/* .raw */ .lS)('set +e'), (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_4__.sh) `stat -c %.6Z ${current} 2>/dev/null || echo -`, (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_4__/* .raw */ .lS)("bt=$(awk '/^btime/ { print $2 }' /proc/stat); hz=$(getconf CLK_TCK)"), ...names.map((n) => (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_4__.sh) `p=$(sudo -n ${CTL} pid ${n} 2>/dev/null); s=$(cat /proc/$p/stat 2>/dev/null); if [ "$p" -gt 0 ] 2>/dev/null && [ -n "$s" ]; then s=\${s##*) }; set -- $s; awk -v b="$bt" -v t="\${20}" -v h="$hz" 'BEGIN { printf "active %.6f\\n", b + t / h }'; else echo 'inactive -'; fi`));
}
const isSingletonFile = (install) => install.startsWith(`${_render_supervisor_js__WEBPACK_IMPORTED_MODULE_3__/* .SUPERVISOR_SINGLETON_DIR */ .Lb}/`);
/** How often a singleton's stop is polled (after a cancel, the clean-up waits for it cleanupWaitMs). */
const POLL_MS = 500;
async function singletonFacts(session, sets) {
    const r = await session.check('reading the singleton programs', (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_4__/* .script */ .K$)((0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_4__/* .raw */ .lS)('set +e'), ...sets.flatMap((p) => {
        const enabled = (0,_render_supervisor_js__WEBPACK_IMPORTED_MODULE_3__/* .supervisorEnabled */ .Ki)(p.program);
        return [
            (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_4__.sh) `if [ -e ${enabled} ] || [ -L ${enabled} ]; then echo enabled; else echo absent; fi`,
            // Exact line: a program `beat` is not declared by `[program:beat2]`.
            (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_4__.sh) `printf 'others'; for f in $(grep -lxF ${`[program:${p.program}]`} ${_render_supervisor_js__WEBPACK_IMPORTED_MODULE_3__/* .SUPERVISOR_CONF_DIR */ .u7}/*.conf 2>/dev/null); do [ "$f" = ${enabled} ] || printf ' %s' "$f"; done; echo`,
            ...p.units.map((n) => (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_4__.sh) `printf '%s\\n' "$(sudo -n ${_render_supervisor_js__WEBPACK_IMPORTED_MODULE_3__/* .SUPERVISORCTL */ .cd} pid ${n} 2>&1 | tail -n 1)"`),
        ];
    })), { timeoutMs: 30_000 });
    const lines = r.stdout.split('\n');
    let i = 0;
    const out = new Map();
    for (const p of sets) {
        const enabled = lines[i++]?.trim() === 'enabled';
        const others = (lines[i++] ?? '').trim().split(/\s+/).slice(1);
        let pids = new Map();
        for (const n of p.units) {
            const line = (lines[i++] ?? '').trim();
            if (pids === 'denied')
                continue;
            if (/^\d+$/.test(line))
                pids.set(n, Number(line));
            else if (/no such process/i.test(line))
                pids.set(n, undefined);
            else if (/^sudo: |password is required|not allowed/.test(line))
                pids = 'denied';
            else
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .KeelError */ .Ui(`${session.endpoint.name}: cannot ask supervisor about ${n}: ${line || 'no answer'} (is supervisord running?)`);
        }
        out.set(p.program, { enabled, others, pids });
    }
    return out;
}
/**
 * On a host a singleton does not run on: its conf.d file removed, supervisord's warm stop of it started, and
 * waited for (polled, bounded by its stop-timeout) until supervisor knows none of its processes. Throws when
 * it cannot be confirmed: a singleton must never run twice. After a cancel, the wait ends; the stop goes on in
 * supervisord and the run says so.
 */
async function retireSupervisorSingletons(session, sets, log) {
    const host = session.endpoint.name;
    if (sets.length === 0)
        return;
    const why = `${sets.map((p) => p.name).join(', ')} runs on the singleton host only`;
    const facts = await singletonFacts(session, sets);
    const todo = [];
    for (const p of sets) {
        const f = facts.get(p.program);
        if (f.others.length)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .KeelError */ .Ui(`${host}: ${f.others.join(', ')} also declare(s) [program:${p.program}], which keel did not write: keel cannot stop ${p.name} there for good, so it starts it nowhere (a singleton would run twice)`, {
                hint: `Remove ${f.others.join(', ')} on ${host} (keel manages ${p.program} itself), then run again.`,
            });
        if (f.pids === 'denied') {
            // Never deployed with keel's sudo rules: keel never started it here, and no file declares it.
            if (!f.enabled)
                continue;
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .KeelError */ .Ui(`${host}: ${(0,_render_supervisor_js__WEBPACK_IMPORTED_MODULE_3__/* .supervisorEnabled */ .Ki)(p.program)} declares ${p.name} but keel's sudo rules for supervisorctl are not installed here, so it cannot be stopped: a singleton would run twice`, {
                hint: 'Deploy the rendered sudo rules (install-config) to this host first, or remove the file by hand.',
            });
        }
        if (f.enabled || [...f.pids.values()].some((x) => x !== undefined))
            todo.push(p);
    }
    if (todo.length === 0)
        return;
    const names = todo.flatMap((p) => p.units);
    const running = names.filter((n) => {
        const pids = facts.get(todo.find((p) => p.units.includes(n)).program).pids;
        return pids !== 'denied' && (pids.get(n) ?? 0) > 0;
    });
    // Started, not waited for: the client gives up after a few seconds, supervisord goes on with the stop.
    const update = (p) => (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_4__.sh) `sudo -n ${_render_supervisor_js__WEBPACK_IMPORTED_MODULE_3__/* .TIMEOUT */ .Q9} ${String(_render_supervisor_js__WEBPACK_IMPORTED_MODULE_3__/* .SUPERVISOR_RETIRE_CLIENT_S */ .dS)} ${_render_supervisor_js__WEBPACK_IMPORTED_MODULE_3__/* .SUPERVISORCTL */ .cd} update ${p.program} >/dev/null 2>&1 || true`;
    await session.check(`stopping ${names.join(', ')} (${why})`, (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_4__/* .script */ .K$)((0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_4__/* .raw */ .lS)('set +e'), ...todo.map((p) => {
        const enabled = (0,_render_supervisor_js__WEBPACK_IMPORTED_MODULE_3__/* .supervisorEnabled */ .Ki)(p.program);
        return (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_4__.sh) `if [ -e ${enabled} ] || [ -L ${enabled} ]; then sudo -n rm -f ${enabled} || exit 1; fi`;
    }), (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_4__.sh) `sudo -n ${_render_supervisor_js__WEBPACK_IMPORTED_MODULE_3__/* .SUPERVISORCTL */ .cd} reread >/dev/null || exit 1`, ...todo.map(update)), { timeoutMs: 60_000 });
    const cleanup = (0,_cancel_js__WEBPACK_IMPORTED_MODULE_1__/* .isCancelled */ .mm)();
    const longest = Math.max(...todo.map((p) => p.stopTimeout)) * 1000 + 30_000;
    const deadline = Date.now() + (0,_cancel_js__WEBPACK_IMPORTED_MODULE_1__/* .cleanupWaitMs */ .kc)(longest);
    let pids = await supervisorPids(session, names);
    for (;;) {
        if (names.every((n) => pids.get(n) === undefined))
            break;
        // Stopped and still loaded (the client gave up before the removal): the update drops it now.
        const stopped = todo.filter((p) => p.units.every((n) => !pids.get(n)));
        if (stopped.length)
            await session.check(`removing ${stopped.map((p) => p.program).join(', ')}`, (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_4__/* .script */ .K$)((0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_4__/* .raw */ .lS)('set +e'), ...stopped.map(update)), { timeoutMs: 60_000 });
        if (Date.now() >= deadline)
            break;
        await (0,node_timers_promises__WEBPACK_IMPORTED_MODULE_0__.setTimeout)(POLL_MS);
        if (!cleanup)
            (0,_cancel_js__WEBPACK_IMPORTED_MODULE_1__/* .checkpoint */ .Fn)();
        pids = await supervisorPids(session, names);
    }
    const left = names.filter((n) => pids.get(n) !== undefined);
    if (left.length && cleanup)
        log.warn(`${host}: cancelled while ${left.join(', ')} finished a warm shutdown: supervisord goes on with its stop (its file is gone: it never starts here again) (${why})`);
    else if (left.length)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .KeelError */ .Ui(`${host}: ${left.map((n) => `${n} (PID ${pids.get(n)})`).join(', ')} still known to supervisor after its stop (${why}): a singleton would run twice`, { hint: `Look at supervisorctl status on ${host}.` });
    else if (running.length)
        log.info(`${host}: stopped and removed ${running.join(', ')} (${why})`);
    else
        log.info(`${host}: removed ${todo.map((p) => p.program).join(', ')} (${why})`);
}
/**
 * On the host a singleton runs on: its file linked into conf.d (replacing whatever was there), `reread`, and
 * `update` (supervisord adds and starts it, or restarts it when its file changed), until every process of it
 * runs. Returns the processes this started (they run the release live now: no restart needed).
 */
async function enableSupervisorSingletons(session, sets, log) {
    const host = session.endpoint.name;
    if (sets.length === 0)
        return new Set();
    const facts = await singletonFacts(session, sets);
    for (const p of sets) {
        const f = facts.get(p.program);
        if (f.others.length)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .KeelError */ .Ui(`${host}: ${f.others.join(', ')} also declare(s) [program:${p.program}], which keel did not write: remove it (keel manages ${p.program} itself)`);
        if (f.pids === 'denied')
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .KeelError */ .Ui(`${host}: keel's sudo rules for supervisorctl are not installed here (ssh-deploy with install-config installs them)`);
    }
    const names = sets.flatMap((p) => p.units);
    const before = new Map(sets.flatMap((p) => {
        const pids = facts.get(p.program).pids;
        return p.units.map((n) => [n, pids.get(n)]);
    }));
    const longest = Math.max(...sets.map((p) => p.stopTimeout)) * 1000;
    const r = await session.check(`starting ${sets.map((p) => p.program).join(', ')} on this host only`, (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_4__/* .script */ .K$)(...sets.flatMap((p) => {
        const file = (0,_render_supervisor_js__WEBPACK_IMPORTED_MODULE_3__/* .supervisorSingletonFile */ ._3)(p.program);
        const enabled = (0,_render_supervisor_js__WEBPACK_IMPORTED_MODULE_3__/* .supervisorEnabled */ .Ki)(p.program);
        return [
            (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_4__.sh) `if ! [ -e ${file} ]; then echo ${`${file} is not installed (ssh-deploy with install-config installs it)`} >&2; exit 3; fi`,
            (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_4__.sh) `if ! { [ -L ${enabled} ] && [ "$(readlink ${enabled})" = ${file} ]; }; then sudo -n rm -f ${enabled} && sudo -n ln -s ${file} ${enabled}; fi`,
        ];
    }), (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_4__/* .raw */ .lS)(`out=$(sudo -n ${_render_supervisor_js__WEBPACK_IMPORTED_MODULE_3__/* .SUPERVISORCTL */ .cd} reread 2>&1); echo "$out"; case "$out" in *ERROR*|*Error*) exit 4 ;; esac`), ...sets.map((p) => (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_4__.sh) `sudo -n ${_render_supervisor_js__WEBPACK_IMPORTED_MODULE_3__/* .SUPERVISORCTL */ .cd} update ${p.program}`)), { timeoutMs: longest + 120_000 });
    const said = r.stdout.trim().split('\n').filter(Boolean);
    if (said.length)
        log.info(`${host}: ${said.join('; ')}`);
    // Added or changed by this update: supervisord (re)started them; they must come up (bounded), and then run
    // the release live now. The others were left as they were: the caller restarts them.
    const started = sets.filter((p) => new RegExp(`^${p.program.replace(/[.]/g, '\\.')}: (added|updated) process group$`, 'm').test(r.stdout));
    const startedNames = started.flatMap((p) => p.units);
    const deadline = Date.now() + START_WAIT_MS;
    let pids = await supervisorPids(session, names);
    while ((names.some((n) => pids.get(n) === undefined) || startedNames.some((n) => !pids.get(n))) &&
        Date.now() < deadline) {
        await (0,node_timers_promises__WEBPACK_IMPORTED_MODULE_0__.setTimeout)(POLL_MS);
        pids = await supervisorPids(session, names);
    }
    const down = names.filter((n) => pids.get(n) === undefined || (startedNames.includes(n) && !pids.get(n)));
    if (down.length)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .KeelError */ .Ui(`${host}: supervisor did not start ${down.join(', ')} within ${START_WAIT_MS / 1000}s`, { hint: `Look at supervisorctl status and /var/log/<app>/ on ${host}.` });
    return new Set(startedNames.filter((n) => pids.get(n) !== before.get(n)));
}


/***/ }),

/***/ 3533:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Uw: () => (/* binding */ HOOKS_SIGNATURE),
/* harmony export */   hO: () => (/* binding */ GUNICORN_HOOKS),
/* harmony export */   ok: () => (/* binding */ ROLLING_PAUSE_FILE)
/* harmony export */ });
/**
 * keel's Gunicorn worker hooks, part of the rendered gunicorn.conf.py (see workers.ts for what reads their
 * records and why /dev/shm).
 */
/** The word in a Gunicorn config that shows keel's hooks are in it. */
const HOOKS_SIGNATURE = 'keel-workers';
/**
 * The file (next to `current`, in the deploy path) a rolling reload writes while it replaces the workers one at
 * a time: it holds a deadline (seconds since the epoch). Until then, workers do not recycle on `max_requests`:
 * a worker recycled mid-roll would come back on the new release unasked, and a roll counts on replacing each
 * one itself. A file left behind (keel killed) stops counting at its deadline.
 */
const ROLLING_PAUSE_FILE = '.keel-rolling';
/** Python for gunicorn.conf.py (top level; it needs nothing else from the file). */
const GUNICORN_HOOKS = `# keel's worker hooks: each worker loads the release \`current\` points to when it is forked (resolved once,
# so a later switch of the symlink cannot change what it runs) and, once the app is imported, records that
# release in /dev/shm/${HOOKS_SIGNATURE}.<uid>/<pid>; reload-graceful proves new workers up and on the
# expected release from these records.
import json as _keel_json
import os as _keel_os
import sys as _keel_sys
import time as _keel_time


def post_fork(server, worker):
    link = server.cfg.chdir
    release = _keel_os.path.realpath(link)
    _keel_os.chdir(release)
    _keel_sys.path[:] = [release if p == link else p for p in _keel_sys.path]
    _keel_os.environ["KEEL_RELEASE_DIR"] = release


def _keel_leave_release(server):
    # The master never stays in a release directory: keep-N pruning may delete it, and Gunicorn's next reload
    # then fails (os.getcwd() raises) and the master exits. Its workers enter their release in post_fork.
    try:
        _keel_os.chdir(_keel_os.path.dirname(server.cfg.chdir.rstrip("/")) or "/")
    except OSError as error:
        server.log.warning("keel: cannot leave the release directory: %s", error)


def when_ready(server):
    _keel_leave_release(server)


def on_reload(server):
    _keel_leave_release(server)


def _keel_rolling(worker):
    # Whether a rolling reload is under way (see pre_request): read at most once a second per worker.
    now = _keel_time.monotonic()
    if now - getattr(worker, "_keel_checked", -2.0) >= 1.0:
        worker._keel_checked = now
        paused = False
        try:
            path = _keel_os.path.join(_keel_os.path.dirname(worker.cfg.chdir.rstrip("/")), "${ROLLING_PAUSE_FILE}")
            with open(path) as f:
                paused = _keel_time.time() < float(f.read(64).strip())
        except (OSError, ValueError):
            pass
        worker._keel_paused = paused
    return worker._keel_paused


def pre_request(worker, req):
    # While reload-graceful rolls the workers, max_requests recycling waits (the worker's count stops just short
    # of its limit); afterwards it goes on as configured. Gunicorn counts the request right after this hook.
    worker.log.debug("%s %s", req.method, req.path)
    if worker.max_requests < _keel_sys.maxsize and _keel_rolling(worker):
        worker.nr = min(worker.nr, worker.max_requests - 2)


def _keel_records():
    return "/dev/shm/${HOOKS_SIGNATURE}.%d" % _keel_os.geteuid()


def post_worker_init(worker):
    try:
        d = _keel_records()
        _keel_os.makedirs(d, exist_ok=True)
        if _keel_os.stat(d).st_uid == _keel_os.geteuid():
            _keel_os.chmod(d, 0o755)
        with open("/proc/self/stat") as f:
            start = int(f.read().rsplit(")", 1)[1].split()[19])
        pid = _keel_os.getpid()
        release = _keel_os.environ.get("KEEL_RELEASE_DIR") or _keel_os.getcwd()
        tmp = "%s/.%d.tmp" % (d, pid)
        with open(tmp, "w") as f:
            _keel_json.dump({"pid": pid, "start": start, "release": release, "workers": worker.cfg.workers}, f)
        _keel_os.chmod(tmp, 0o644)
        _keel_os.rename(tmp, "%s/%d" % (d, pid))
    except Exception as error:  # never stop a worker over its record
        worker.log.warning("keel: cannot record this worker's release: %s", error)


def worker_exit(server, worker):
    try:
        _keel_os.unlink("%s/%d" % (_keel_records(), worker.pid))
    except OSError:
        pass
`;


/***/ }),

/***/ 7789:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $H: () => (/* binding */ usesNginxDollar),
/* harmony export */   By: () => (/* binding */ systemdValue),
/* harmony export */   Ok: () => (/* binding */ nginxDollarDefinition),
/* harmony export */   Vk: () => (/* binding */ caddyString),
/* harmony export */   XP: () => (/* binding */ sudoersArgs),
/* harmony export */   ZV: () => (/* binding */ sudoersRegex),
/* harmony export */   _$: () => (/* binding */ nginxString),
/* harmony export */   cE: () => (/* binding */ pythonString),
/* harmony export */   ff: () => (/* binding */ systemdExec),
/* harmony export */   jR: () => (/* binding */ CADDY_DOLLAR_DEFINITION),
/* harmony export */   nv: () => (/* binding */ systemdEnvironment),
/* harmony export */   rA: () => (/* binding */ caddyRegex),
/* harmony export */   sX: () => (/* binding */ systemdWord),
/* harmony export */   wk: () => (/* binding */ sudoersRegexLiteral),
/* harmony export */   yl: () => (/* binding */ usesCaddyDollar)
/* harmony export */ });
/* unused harmony export nginxDollarVariable */
/**
 * The one place where values enter the languages of the rendered files: systemd unit settings, Nginx
 * strings, Caddyfile strings, sudoers rules. Every renderer writes a value from the spec through one of
 * these functions and never by concatenation, so a quote, `$`, `%`, `{`, `;` or a backslash in a value arrives
 * as the literal text the spec says. What a language cannot carry (control characters such as newlines) is
 * refused here, loudly; the spec refuses it first, naming the field.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\x00-\x1f\x7f]/;
function refuseControl(value, where) {
    if (CONTROL.test(value))
        throw new Error(`${where} cannot carry control characters (newlines, tabs): ${JSON.stringify(value)}`);
}
// --- systemd (systemd.syntax(7), systemd.unit(5) "Specifiers", systemd.service(5) "Command lines") ----------
const SYSTEMD_SAFE = /^[A-Za-z0-9_@+=:,./-]+$/;
/**
 * One word of a systemd setting that splits and unquotes its value (Environment=, Exec*=, ReadWritePaths=):
 * `%` is a specifier everywhere (`%%`), backslashes and double quotes are C-escaped inside double quotes.
 * `exec`: in Exec*= lines `$` expands variables even inside quotes, so it is doubled (`$$`); elsewhere a `$`
 * is an ordinary character and must stay single.
 */
function systemdWord(value, context = 'value') {
    refuseControl(value, 'a systemd setting');
    if (value !== '' && SYSTEMD_SAFE.test(value))
        return value;
    let text = value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/%/g, '%%');
    if (context === 'exec')
        text = text.replace(/\$/g, '$$$$');
    return `"${text}"`;
}
/** `Environment="NAME=value"`: the value reaches the process exactly as written. */
function systemdEnvironment(name, value) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
        throw new Error(`not an environment variable name: ${name}`);
    return `Environment=${systemdWord(`${name}=${value}`, 'value')}`;
}
/** An Exec*= command line: every word quoted as needed, `$` and `%` doubled. */
function systemdExec(words) {
    return words.map((w) => systemdWord(w, 'exec')).join(' ');
}
/**
 * A whole-value setting that is not split into words (User=, WorkingDirectory=, Description=,
 * ListenStream=, SyslogIdentifier=): only specifiers are special, so `%` is doubled and nothing is quoted.
 * Leading or trailing spaces would be stripped by systemd, so they are refused.
 */
function systemdValue(value) {
    refuseControl(value, 'a systemd setting');
    if (value !== value.trim())
        throw new Error(`a systemd setting cannot start or end with a space: "${value}"`);
    return value.replace(/%/g, '%%');
}
// --- Nginx (ngx_conf_file.c: quoted tokens; ngx_http_script.c: variables) -----------------------------------
/** The name of the variable that holds a literal `$` for one site (`geo` values are never interpolated). */
function nginxDollarVariable(app) {
    return `keel_dollar_${app.replace(/[^A-Za-z0-9_]/g, '_')}`;
}
/** The `geo` block that defines it: `geo $v { default "$"; }` (a `map` value cannot be a bare `$`). */
function nginxDollarDefinition(app) {
    return `geo $${nginxDollarVariable(app)} { default "$"; }`;
}
/**
 * An Nginx string: as it is when it is a plain word, else double-quoted. Backslashes and double quotes are escaped. `$` has no escape in Nginx:
 * - `variables: app name` (directives that interpolate variables: add_header, return, root, alias, ...): each
 *   `$` becomes `${keel_dollar_<app>}`, a variable whose value is `$` (see nginxDollarDefinition; the
 *   renderer emits it when a string needed it: `usesNginxDollar`);
 * - `variables: false` (location paths, server_name): the text is literal and `$` stays as it is.
 */
function nginxString(value, variables) {
    refuseControl(value, 'an Nginx string');
    if (value !== '' && /^[A-Za-z0-9_@+=:,./-]+$/.test(value))
        return value;
    let text = value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
    if (variables)
        text = text.replace(/\$/g, `\${${nginxDollarVariable(variables.app)}}`);
    return `"${text}"`;
}
/** Whether a rendered Nginx file refers to the dollar variable (and so needs its definition). */
function usesNginxDollar(text, app) {
    return text.includes(`\${${nginxDollarVariable(app)}}`);
}
// --- Caddy (caddyfile/lexer.go, caddyfile/parse.go replaceEnvVars, caddy's Replacer) -------------------------
/** The site-level `vars` line that gives `{vars.keel_dollar}` its value. */
const CADDY_DOLLAR_DEFINITION = 'vars keel_dollar "$"';
const CADDY_DOLLAR = '{vars.keel_dollar}';
/** One backslash per replacer pass a site file's tokens go through (import, then the request). */
const CADDY_BRACE_ESCAPE = '\\\\';
/**
 * A Caddyfile token (a plain word as it is, else quoted) whose value, after Caddy has read the site file and
 * replaced placeholders, is exactly `value`.
 * - `{` and `}` are placeholder delimiters, and the escape `\{` loses its backslash on every pass of Caddy's
 *   replacer. A keel site is always imported (`import sites/*.caddy` in the main Caddyfile), and Caddy 2.6
 *   runs the replacer over every imported token (for `{args.N}`) before the request-time pass: so each brace
 *   gets one backslash per pass, two in all (`\\{`).
 * - `{$NAME}` is replaced by an environment variable when Caddy reads the file, before any quoting is looked
 *   at, and nothing escapes it: a `$` right after a `{` becomes the placeholder `{vars.keel_dollar}` (whose
 *   value is `$`, see CADDY_DOLLAR_DEFINITION; the renderer adds it when `usesCaddyDollar`).
 * - In a double-quoted token only `\"` is an escape; every other backslash is kept as written. A value with a
 *   backslash right before a quote, or ending in a backslash, cannot be written that way: it goes between
 *   backticks (no escapes at all), unless it also holds a backtick, which no Caddyfile token can then carry.
 */
function caddyString(value) {
    refuseControl(value, 'a Caddyfile string');
    if (/^[A-Za-z0-9_+=:,./*-][A-Za-z0-9_@+=:,./*-]*$/.test(value))
        return value;
    const text = value
        .replace(/[{}]/g, (c) => `${CADDY_BRACE_ESCAPE}${c}`)
        .replace(/(?<=\\\{)\$/g, CADDY_DOLLAR);
    if (!/\\("|$)/.test(text))
        return `"${text.replace(/"/g, '\\"')}"`;
    if (!text.includes('`'))
        return `\`${text}\``;
    throw new Error(`a Caddyfile string cannot hold a backtick together with a backslash before a quote or at the end: ${JSON.stringify(value)}`);
}
/**
 * A regular expression as a Caddyfile token: double-quoted, as written (Caddy compiles matcher patterns without
 * replacing placeholders). Braces, quotes and control characters are refused: keel's patterns have none.
 */
function caddyRegex(pattern) {
    if (/[{}"`]/.test(pattern) || CONTROL.test(pattern) || pattern.endsWith('\\'))
        throw new Error(`not a pattern a Caddyfile token can carry as written: ${JSON.stringify(pattern)}`);
    return `"${pattern}"`;
}
function usesCaddyDollar(text) {
    return text.includes(CADDY_DOLLAR);
}
// --- Python (gunicorn.conf.py) ------------------------------------------------------------------------------
/** A Python string literal: a JSON string is one (same escapes; non-ASCII stays as it is in a UTF-8 file). */
function pythonString(value) {
    return JSON.stringify(value);
}
// --- sudoers (sudoers(5): "Command line arguments", "Regular expressions") ----------------------------------
/**
 * Literal command line arguments of a sudoers rule: `,` `:` `=` `\` are escaped; a leading `^` would make
 * a regular expression and is escaped too. Arguments with spaces or wildcard characters are refused (they
 * would match more than the one command line); use `sudoersRegex` for those.
 */
function sudoersArgs(args) {
    if (args.length === 0)
        return '""';
    return args
        .map((a) => {
        refuseControl(a, 'a sudoers argument');
        if (a === '' || /[\s*?[\]!#"']/.test(a))
            throw new Error(`not a literal sudoers argument: ${JSON.stringify(a)}`);
        return a.replace(/[,:=\\]/g, (c) => `\\${c}`).replace(/^\^/, '\\^');
    })
        .join(' ');
}
/** A literal inside a sudoers (POSIX extended) regular expression: metacharacters and `#` escaped. */
function sudoersRegexLiteral(text) {
    refuseControl(text, 'a sudoers argument');
    if (/\s/.test(text))
        throw new Error(`a sudoers argument cannot hold a space: ${JSON.stringify(text)}`);
    return text.replace(/[.[\]()*+?{}|^$\\#]/g, (c) => `\\${c}`);
}
/** The whole argument list as one anchored regular expression (sudo matches it against the joined arguments). */
function sudoersRegex(parts) {
    return `^${parts.join(' ')}$`;
}


/***/ }),

/***/ 6076:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A4: () => (/* binding */ supervisorPrograms),
/* harmony export */   Fo: () => (/* binding */ renderSupervisorProgram),
/* harmony export */   Ki: () => (/* binding */ supervisorEnabled),
/* harmony export */   Lb: () => (/* binding */ SUPERVISOR_SINGLETON_DIR),
/* harmony export */   Q9: () => (/* binding */ TIMEOUT),
/* harmony export */   Vb: () => (/* binding */ usesSupervisor),
/* harmony export */   X$: () => (/* binding */ supervisorExecPath),
/* harmony export */   _3: () => (/* binding */ supervisorSingletonFile),
/* harmony export */   _O: () => (/* binding */ renderSupervisorLogrotate),
/* harmony export */   cd: () => (/* binding */ SUPERVISORCTL),
/* harmony export */   dS: () => (/* binding */ SUPERVISOR_RETIRE_CLIENT_S),
/* harmony export */   ql: () => (/* binding */ supervisorSudo),
/* harmony export */   so: () => (/* binding */ renderSupervisorExec),
/* harmony export */   u7: () => (/* binding */ SUPERVISOR_CONF_DIR),
/* harmony export */   wk: () => (/* binding */ supervisorLogDir)
/* harmony export */ });
/* unused harmony exports supervisorValue, supervisorName */
/* harmony import */ var _appspec_command_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9029);
/* harmony import */ var _escape_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7789);


// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\x00-\x1f\x7f\u2028\u2029\u0085]/;
/**
 * The ONE function that writes a value into a supervisor program section. A string is a plain value
 * (a path, a user name); a list of words is a command line, each word quoted for supervisor's `shlex.split`.
 * What supervisor's syntax cannot carry is refused with an Error naming the value.
 */
function supervisorValue(value) {
    const text = Array.isArray(value) ? commandLine(value) : value;
    const shown = JSON.stringify(Array.isArray(value) ? value : text);
    if (CONTROL.test(text))
        throw new Error(`a supervisor setting cannot carry control characters (newlines, tabs): ${shown}`);
    if (text !== text.trim() || text === '')
        throw new Error(`a supervisor setting cannot be empty or start or end with a space: ${shown}`);
    if (text.includes('%(here)s'))
        throw new Error(`a supervisor setting cannot hold the text %(here)s (supervisor replaces it, even after %%): ${shown}`);
    if (/\s[;#]/.test(text))
        throw new Error(`a supervisor setting cannot hold a space before ; or # (an inline comment): ${shown}`);
    return text.replace(/%/g, '%%');
}
const SHLEX_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;
/**
 * Words as `shlex.split` (POSIX mode) reads them back: safe words bare; otherwise runs of characters in single
 * quotes (nothing is special inside), and `'`, `;` and `#` outside them, backslash-escaped, so configparser
 * never sees a space before `;` or `#` and a value never ends in a space.
 */
function commandLine(words) {
    if (words.length === 0)
        throw new Error('a supervisor command line needs at least the program');
    return words
        .map((w) => {
        if (SHLEX_SAFE.test(w))
            return w;
        if (w === '')
            return "''";
        // `%` stays outside the quotes: supervisor replaces the text `%(here)s` before anything else, even in
        // `%%(here)s`; `%%'(here)s'` reads back as `%(here)s` without ever holding that text.
        return w
            .split(/(['#;%])/)
            .filter((piece) => piece !== '')
            .map((piece) => (piece === '%' ? '%' : /^['#;]$/.test(piece) ? `\\${piece}` : `'${piece}'`))
            .join('');
    })
        .join(' ');
}
/** A program or group name in `[program:NAME]` and supervisorctl's arguments: letters, digits, _ . - only. */
function supervisorName(name) {
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name))
        throw new Error(`not a supervisor program name (letters, digits, _ . - only): ${JSON.stringify(name)}`);
    return name;
}
const SUPERVISOR_CONF_DIR = '/etc/supervisor/conf.d';
const SUPERVISORCTL = '/usr/bin/supervisorctl';
/**
 * Where a singleton's program file is installed on every host: outside conf.d, so supervisord never reads it
 * there. Only the host the singleton runs on links it into conf.d (`supervisorEnabled`), so after a reboot
 * supervisord starts it there and nowhere else.
 */
const SUPERVISOR_SINGLETON_DIR = '/etc/supervisor/keel-singletons';
/**
 * How long a `supervisorctl update` that stops a singleton on a host it no longer runs on may keep its client
 * waiting: supervisord goes on with the warm stop on its own (TERM, then KILL after stopwaitsecs) and keel
 * polls for it, so no command of keel's waits on the host through a warm shutdown.
 */
const SUPERVISOR_RETIRE_CLIENT_S = 3;
const TIMEOUT = '/usr/bin/timeout';
/** A program's file in conf.d: what supervisord reads (for a singleton, the link on its host). */
function supervisorEnabled(program) {
    return `${SUPERVISOR_CONF_DIR}/${supervisorName(program)}.conf`;
}
/** A singleton program's file as installed on every host (linked into conf.d on its host only). */
function supervisorSingletonFile(program) {
    return `${SUPERVISOR_SINGLETON_DIR}/${supervisorName(program)}.conf`;
}
function usesSupervisor(r) {
    return r.spec['process-manager'] === 'supervisor';
}
/** The exec wrapper every program of the app starts through. */
function supervisorExecPath(r) {
    return `/usr/local/libexec/keel/${r.name}-exec`;
}
/** Where supervisord writes the programs' output (root:root 0750; ssh-deploy creates it). */
function supervisorLogDir(r) {
    return `/var/log/${r.name}`;
}
function supervisorPrograms(r) {
    const app = {
        program: supervisorName(r.name),
        process: undefined,
        install: supervisorEnabled(r.name),
        singleton: false,
        names: [r.name],
        argv: [r.exec.program, ...r.exec.args],
        directory: r.path,
        stopTimeout: r.stopTimeoutSec,
    };
    const processes = Object.entries(r.spec.processes).map(([name, p]) => {
        const program = supervisorName(`${r.name}-${name}`);
        return {
            program,
            process: name,
            install: p.singleton ? supervisorSingletonFile(program) : supervisorEnabled(program),
            singleton: p.singleton,
            ...(p['singleton-host'] !== undefined ? { singletonHost: p['singleton-host'] } : {}),
            names: Array.from({ length: p.instances }, (_, i) => `${program}:${program}_${i + 1}`),
            argv: (0,_appspec_command_js__WEBPACK_IMPORTED_MODULE_0__/* .splitCommand */ .G)(p.command),
            directory: r.current,
            stopTimeout: p['stop-timeout'],
        };
    });
    return [app, ...processes];
}
function renderSupervisorProgram(r, p) {
    const v = supervisorValue;
    const instances = p.process === undefined ? 1 : r.spec.processes[p.process].instances;
    return [
        '; Rendered by keel render-config; edit the spec, not this file.',
        p.process === undefined
            ? `; ${r.name}: Gunicorn. Reload: supervisorctl signal HUP ${p.program} (same master, new workers).`
            : `; ${r.name}'s ${p.process}: restarted after every deploy with a warm shutdown (tasks in flight finish).`,
        ...(p.singleton
            ? [
                `; A singleton: this file is on every host, linked into ${SUPERVISOR_CONF_DIR} on the one host it runs on;`,
                '; keel removes the link and stops it (warmly) everywhere else before that host starts it.',
            ]
            : []),
        `[program:${p.program}]`,
        `command=${v([supervisorExecPath(r), ...p.argv])}`,
        ...(p.process === undefined
            ? []
            : [
                `numprocs=${instances}`,
                'numprocs_start=1',
                // supervisor's own expansion, written as is: <program>_1 ... <program>_N.
                'process_name=%(program_name)s_%(process_num)d',
            ]),
        `directory=${v(p.directory)}`,
        `user=${v(r.user)}`,
        'umask=027',
        'autostart=true',
        '; Restarted when it exits on its own (like Restart=on-failure); a crash loop stops after 5 quick exits.',
        'autorestart=unexpected',
        'exitcodes=0',
        `startsecs=${p.process === undefined ? 5 : 2}`,
        'startretries=5',
        '; Stop: TERM to the main process only (Gunicorn: graceful; Celery: warm shutdown), KILL to the whole',
        '; group only after stopwaitsecs.',
        'stopsignal=TERM',
        `stopwaitsecs=${p.stopTimeout}`,
        'stopasgroup=false',
        'killasgroup=true',
        'redirect_stderr=true',
        `stdout_logfile=${v(`${supervisorLogDir(r)}/${p.program}.log`)}`,
        '; logrotate rotates the file (copytruncate), not supervisor.',
        'stdout_logfile_maxbytes=0',
        'stdout_logfile_backups=0',
        '',
    ].join('\n');
}
/** The exec wrapper (Python, no shell): the environment systemd's units would give, then the command. */
function renderSupervisorExec(r) {
    const venv = `${r.current}/.venv`;
    const base = [['PYTHONUNBUFFERED', '1'], ...Object.entries(r.spec.app.environment)];
    return [
        '#!/usr/bin/python3 -I',
        '# Rendered by keel render-config; edit the spec, not this file.',
        `# Starts a program of ${r.name} under supervisor with the environment its systemd unit would`,
        '# have: the env file (systemd EnvironmentFile format, nothing expanded, no shell), the spec environment,',
        '# the release venv first on PATH. Then it becomes the command (exec; no shell).',
        'import os',
        'import pwd',
        'import re',
        'import sys',
        '',
        `ENV_FILE = ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .pythonString */ .cE)(r.envFile)}`,
        `VENV = ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .pythonString */ .cE)(venv)}`,
        'SPEC = {',
        ...base.map(([k, val]) => `    ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .pythonString */ .cE)(k)}: ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .pythonString */ .cE)(val)},`),
        '}',
        "NAME = re.compile(r'[A-Za-z_][A-Za-z0-9_]*')",
        '',
        '',
        'def env_file(path):',
        '    try:',
        "        with open(path, encoding='utf-8') as f:",
        '            text = f.read()',
        '    except FileNotFoundError:',
        '        return {}',
        '    except OSError as e:',
        "        sys.exit(f'keel: cannot read the env file {path} as this user: {e.strerror}')",
        '    found = {}',
        '    for n, line in enumerate(text.splitlines(), 1):',
        '        line = line.strip()',
        "        if not line or line[0] in '#;':",
        '            continue',
        "        if line.startswith('export '):",
        '            line = line[7:].lstrip()',
        "        key, sep, value = line.partition('=')",
        '        key, value = key.strip(), value.strip()',
        '        if not sep or not NAME.fullmatch(key):',
        "            sys.exit(f'keel: {path} line {n} is not NAME=VALUE')",
        "        if len(value) >= 2 and value[0] == value[-1] and value[0] in '\"\\'':",
        '            quote, value = value[0], value[1:-1]',
        "            if quote == '\"':",
        "                value = re.sub(r'\\\\(.)', r'\\1', value)",
        '        found[key] = value',
        '    return found',
        '',
        '',
        'if len(sys.argv) < 2:',
        "    sys.exit('usage: ' + sys.argv[0] + ' PROGRAM [ARGUMENT...]')",
        'env = dict(os.environ)',
        "# What systemd's User= sets and supervisor's user= does not: the user's own HOME, USER, LOGNAME, SHELL.",
        'try:',
        '    pw = pwd.getpwuid(os.getuid())',
        '    env.update(HOME=pw.pw_dir, USER=pw.pw_name, LOGNAME=pw.pw_name, SHELL=pw.pw_shell)',
        'except KeyError:',
        '    pass',
        'env.update(SPEC)',
        "env['PATH'] = VENV + '/bin:/usr/local/bin:/usr/bin:/bin'",
        "env['VIRTUAL_ENV'] = VENV",
        'env.update(env_file(ENV_FILE))',
        'try:',
        '    os.execvpe(sys.argv[1], sys.argv[1:], env)',
        'except OSError as e:',
        "    sys.exit(f'keel: cannot run {sys.argv[1]}: {e.strerror}')",
        '',
    ].join('\n');
}
/** logrotate for the programs' logs: supervisord keeps them open in append mode, so they are copied and truncated. */
function renderSupervisorLogrotate(r) {
    return [
        '# Rendered by keel render-config; edit the spec, not this file.',
        `# The output of ${r.name}'s supervisor programs (supervisord writes them as root and keeps them open).`,
        `${supervisorLogDir(r)}/*.log {`,
        '    daily',
        '    rotate 14',
        '    missingok',
        '    notifempty',
        '    compress',
        '    delaycompress',
        '    copytruncate',
        '}',
        '',
    ].join('\n');
}
/**
 * Every command line keel runs as root for the app's supervisor programs, as [program, arguments] (the sudo
 * rules; src/render/sudoers.ts writes them): the reread, each program's update, pid, start and restart by its
 * exact name, the app's signals, the tail of its log, and its log directory. For a singleton, also its link in
 * conf.d (made on its host, removed on the others) and the update whose client gives up after a few seconds
 * while supervisord stops it (src/releases/supervisor.ts, retireSupervisorSingletons).
 */
function supervisorSudo(r) {
    const ctl = SUPERVISORCTL;
    const programs = supervisorPrograms(r);
    const app = programs[0];
    const out = [[ctl, ['reread']]];
    for (const p of programs)
        out.push([ctl, ['update', p.program]]);
    for (const p of programs.filter((x) => x.singleton)) {
        out.push(['/usr/bin/ln', ['-s', p.install, supervisorEnabled(p.program)]]);
        out.push(['/usr/bin/rm', ['-f', supervisorEnabled(p.program)]]);
        out.push([TIMEOUT, [String(SUPERVISOR_RETIRE_CLIENT_S), ctl, 'update', p.program]]);
    }
    for (const name of programs.flatMap((p) => p.names))
        for (const verb of ['pid', 'start', 'restart'])
            out.push([ctl, [verb, name]]);
    for (const sig of ['HUP', 'TTIN', 'TTOU'])
        out.push([ctl, ['signal', sig, app.program]]);
    out.push(['/usr/bin/tail', ['-n', '15', `${supervisorLogDir(r)}/${app.program}.log`]]);
    out.push(['/usr/bin/install', ['-d', '-m', '0750', '-o', 'root', '-g', 'root', supervisorLogDir(r)]]);
    return out;
}


/***/ }),

/***/ 6844:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ng: () => (/* binding */ isNginxWarning),
/* harmony export */   TC: () => (/* binding */ nginxMessages),
/* harmony export */   Xc: () => (/* binding */ describeMessage),
/* harmony export */   nF: () => (/* binding */ caddyWarnings)
/* harmony export */ });
/**
 * What the proxies' and Prometheus' checkers print, read line by line (pure), so a warning is never lost
 * behind exit code 0: `nginx -t` prints `nginx: [warn] ... in FILE:LINE` and still succeeds.
 */
/**
 * `nginx: [warn] text` (before nginx has read its error_log directive, or with -e) or, once the host's
 * nginx.conf has named an error log, its log format: `2026/12/01 20:32:54 [warn] 115#115: text`.
 */
const NGINX = /^(?:nginx: |\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d )\[(emerg|alert|crit|error|warn|notice|info)\] (?:\d+#\d+: )?(.*)$/;
/** nginx ends a message about a place with ` in /absolute/file:LINE` (the path may hold spaces). */
const WHERE = /^(.*) in (\/.*):(\d+)$/;
/** Every `nginx: [level] ...` line of `nginx -t` output, in order. */
function nginxMessages(output) {
    const out = [];
    for (const raw of output.split('\n')) {
        const m = NGINX.exec(raw.replace(/\r$/, '').trim());
        if (!m)
            continue;
        const where = WHERE.exec(m[2]);
        out.push(where
            ? { level: m[1], text: where[1], file: where[2], line: Number(where[3]) }
            : { level: m[1], text: m[2] });
    }
    return out;
}
/** `[warn] text (in file:line)` for a log line or an annotation. */
function describeMessage(m) {
    return `[${m.level}] ${m.text}${m.file ? ` (in ${m.file}${m.line ? `:${m.line}` : ''})` : ''}`;
}
const isNginxWarning = (m) => m.level === 'warn';
/** Caddy's `"level":"warn"` log lines (JSON, one a line) as `msg: error` texts. */
/**
 * Warnings Caddy prints about what keel renders on purpose, each with the reason it is not a problem:
 * - keel's plain-HTTP sites (`http://<domain>`: a redirect to HTTPS for the site's own names only) and the
 *   catch-all `http://` make a server that listens only on port 80, which Caddy remarks gets no automatic HTTPS.
 */
const EXPECTED_CADDY_WARNINGS = [/^server is listening only on the HTTP port, so no automatic HTTPS/];
/** Caddy's warnings (JSON log lines at level warn), except the ones keel's own design causes (listed above). */
function caddyWarnings(output) {
    const out = [];
    for (const line of output.split('\n')) {
        if (!line.startsWith('{'))
            continue;
        let entry;
        try {
            entry = JSON.parse(line);
        }
        catch {
            continue;
        }
        if (entry.level !== 'warn')
            continue;
        if (EXPECTED_CADDY_WARNINGS.some((re) => re.test(String(entry.msg))))
            continue;
        const where = typeof entry.file === 'string'
            ? ` (in ${entry.file}${entry.line ? `:${String(entry.line)}` : ''})`
            : '';
        out.push(`${String(entry.msg)}${entry.error ? `: ${String(entry.error)}` : ''}${where}`);
    }
    return out;
}


/***/ })

};
