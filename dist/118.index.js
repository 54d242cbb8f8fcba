export const id = 118;
export const ids = [118];
export const modules = {

/***/ 118:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   inputs: () => (/* binding */ inputs),
/* harmony export */   outputs: () => (/* binding */ outputs)
/* harmony export */ });
/* harmony import */ var _releases_layout_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5262);
/* harmony import */ var _reload_reload_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4483);
/* harmony import */ var _common_connection_inputs_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1855);
/* harmony import */ var _common_time_limit_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9562);




const UNIT = /^[A-Za-z0-9:_.@-]+\.service$|^[A-Za-z0-9:_.@-]+$/;
const PATH = /^\/[A-Za-z0-9._/@+-]*$/;
/** URLs are shown in logs and reports: credentials in them are refused. */
const URL_NO_CREDENTIALS = /^https?:\/\/[^\s/@]+(\/\S*)?$/;
const inputs = {
    ..._common_connection_inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .connectionInputs */ .e,
    strategy: {
        kind: 'choice',
        choices: _reload_reload_js__WEBPACK_IMPORTED_MODULE_1__/* .STRATEGIES */ .YL,
        default: 'systemd',
        description: '`systemd`: `systemctl reload` (HUP): same master, every worker replaced (requests wait while the new workers boot). `rolling`: same master, workers replaced one at a time (TTIN; the new worker proved to have imported the app by the keel hooks in gunicorn.conf.py; then TTOU retires the oldest): no wait, and it ends with exactly the configured worker count (HUP instead when the release changes gunicorn.conf.py or the config has no keel hooks). `socket`: restart a socket-activated unit while systemd holds the socket. `usr2`: Gunicorn outside systemd (pidfile): USR2, new master proved, then TERM the old one. `restart`: last resort, drops requests.',
    },
    unit: {
        kind: 'string',
        pattern: UNIT,
        patternHint: 'a systemd unit name like shop.service',
        description: "The app's systemd service (strategies `systemd`, `rolling`, `socket`, `restart`).",
    },
    pidfile: {
        kind: 'string',
        pattern: PATH,
        patternHint: 'an absolute path',
        description: "Gunicorn's pidfile (`--pid`), for strategy `usr2`.",
    },
    'deploy-path': {
        kind: 'string',
        pattern: PATH,
        patternHint: 'an absolute path',
        description: "ssh-deploy's deploy path: enables the boot check, the default expected release (the one `current` points to) and rollback.",
    },
    'previous-release': {
        kind: 'string',
        pattern: _releases_layout_js__WEBPACK_IMPORTED_MODULE_0__/* .RELEASE_ID */ .uX,
        patternHint: 'a release id',
        description: "The release to roll back to on failure (ssh-deploy's `previous-release` output). Default: the newest good release before the current one.",
    },
    'expected-version': {
        kind: 'string',
        description: 'The release the version path must report after the reload. Default: the release `current` points to.',
    },
    upstream: {
        kind: 'string',
        pattern: /^(unix:)?\/[^\s]+$|^(https?:\/\/)?[A-Za-z0-9.[\]:-]+:\d+$/,
        patternHint: 'host:port, http://host:port, unix:/path or /path.sock',
        description: "The app's own address on the host, asked over SSH (`127.0.0.1:8000`, `unix:/run/shop.sock`). Default: the socket unit's or Gunicorn's bind.",
    },
    'readiness-path': { kind: 'string', default: '/readyz', description: 'Must answer 2xx after the reload.' },
    'version-path': {
        kind: 'string',
        default: '/version',
        description: "Reports the release (JSON `release` or `version`); empty to skip. With keel's Gunicorn hooks (render-config's gunicorn.conf.py), the release each worker loaded is checked too, so an app answering through `current` cannot report a release its workers do not run.",
    },
    url: {
        kind: 'string',
        pattern: URL_NO_CREDENTIALS,
        patternHint: 'an http(s) URL without user:password@',
        description: 'The public site: its readiness and version paths must pass too (checked from the runner).',
    },
    address: {
        kind: 'string',
        description: 'Connect to this address for `url` instead of its host (checks one host of a fleet).',
    },
    ca: { kind: 'text', description: 'Extra CA certificate (PEM) for `url` and `load-url`.' },
    timeout: {
        kind: 'duration',
        default: '60s',
        minMs: 1000,
        description: 'How long each new worker may take to import the app (`rolling`; the new generation for the other strategies), and how long the health gate may take in all.',
    },
    rollback: {
        kind: 'boolean',
        default: 'true',
        description: 'On failure, switch `current` back to the previous release, reload onto it and confirm health.',
    },
    'app-module': {
        kind: 'string',
        pattern: /^[A-Za-z_][\w.]*(:[A-Za-z_][\w.()]*)?$/,
        patternHint: 'module:attribute, like app:app',
        description: "Boot check: import this WSGI target (`app:app`) with the app's Python from the new release before reloading; a release that cannot import is switched back untouched.",
    },
    python: {
        kind: 'string',
        pattern: PATH,
        patternHint: 'an absolute path',
        description: "The app's Python for the boot check. Default: the running master's interpreter.",
    },
    proxy: {
        kind: 'choice',
        choices: ['none', 'nginx', 'caddy'],
        default: 'none',
        description: 'After the app: `nginx -t` then reload Nginx, or reload Caddy (never a restart).',
    },
    'batch-size': {
        kind: 'string',
        default: '1',
        description: 'Hosts reloaded at a time (a number, a percentage, or `all`); a failed batch stops the rest.',
    },
    'load-url': {
        kind: 'string',
        pattern: URL_NO_CREDENTIALS,
        patternHint: 'an http(s) URL without user:password@',
        description: 'Load probe: send requests at `load-rate` to this URL before, during and after the reloads, and report failures and latency.',
    },
    'load-address': {
        kind: 'string',
        description: 'Connect to this address for `load-url` instead of its host.',
    },
    'load-rate': {
        kind: 'integer',
        default: '50',
        min: 1,
        max: 2000,
        description: 'Load probe requests per second.',
    },
    'load-window': {
        kind: 'duration',
        default: '3s',
        description: 'Load probe time before the first and after the last reload.',
    },
    'max-failed-requests': {
        kind: 'integer',
        default: '0',
        min: 0,
        description: 'More failed requests than this fail the step, and every host reloaded by it is rolled back to its previous release.',
    },
    ...(0,_common_time_limit_js__WEBPACK_IMPORTED_MODULE_3__/* .timeLimitInput */ .l)('30m'),
};
const outputs = {
    result: '`success` or `failure`.',
    'reloaded-hosts': 'Hosts whose reload passed the health gate, comma-separated.',
    'rolled-back-hosts': 'Hosts that were rolled back to the previous release, comma-separated.',
    'serving-release': 'The release the version path reported after the reload (the last host checked).',
    'load-requests': 'Load probe: requests sent.',
    'load-ok': 'Load probe: requests answered with success.',
    'load-failed': 'Load probe: failed requests (errors and 5xx).',
    'load-held-back': 'Load probe: requests not sent on time (the runner too busy, or too many waiting for the server); over 1% of those scheduled fails the step.',
    'load-cpu-ms-per-request': "Load probe: the action's CPU time (ms) per request sent while the probe ran alone, before the first reload.",
    'load-p99-during': 'Load probe: p99 latency (ms) during the reloads.',
    report: 'Everything above as JSON (per host: strategy, masters, workers, health checks; load probe phases).',
};


/***/ }),

/***/ 9879:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   K4: () => (/* binding */ trustContext),
/* harmony export */   Qy: () => (/* binding */ displayUrl),
/* harmony export */   Wl: () => (/* binding */ fetchOnce)
/* harmony export */ });
/* unused harmony export RequestFailure */
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_http__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4708);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_https__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_tls__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1692);
/* harmony import */ var node_tls__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_tls__WEBPACK_IMPORTED_MODULE_2__);
/**
 * One HTTP(S) request with everything a smoke check looks at: status, headers, body, timing and, for HTTPS,
 * the negotiated protocol and cipher and the certificate (validity for the name, days left). It can connect to
 * a given address while sending the real host name (SNI and Host), to check one server before DNS points at it.
 */



/** The TLS context that trusts the root certificates plus `ca` (PEM), made once for many requests. */
function trustContext(ca) {
    return (0,node_tls__WEBPACK_IMPORTED_MODULE_2__.createSecureContext)(ca ? { ca: [...node_tls__WEBPACK_IMPORTED_MODULE_2__.rootCertificates, ca] } : {});
}
/** A request that failed, with what went wrong in words a user reads (`code` is Node's, or keel's own). */
class RequestFailure extends Error {
    code;
    constructor(message, code) {
        super(message);
        this.name = 'RequestFailure';
        this.code = code;
    }
}
/** A URL as shown to people: without `user:password@` (and otherwise as it was written). */
function displayUrl(url) {
    return url.toString().replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/i, '$1');
}
const seconds = (ms) => (ms >= 1000 ? `${+(ms / 1000).toFixed(1)}s` : `${ms} ms`);
/** Node's network errors in words: "connection refused" rather than "connect ECONNREFUSED 127.0.0.1:443". */
function describe(error, target) {
    if (error instanceof RequestFailure)
        return error;
    const code = error.code ?? 'EREQUEST';
    const words = {
        ECONNREFUSED: `connection refused by ${target}`,
        ECONNRESET: `connection reset by ${target}`,
        EHOSTUNREACH: `host ${target} unreachable`,
        ENETUNREACH: `network unreachable for ${target}`,
        ENOTFOUND: `host name not found (${target})`,
        EAI_AGAIN: `host name lookup failed for now (${target})`,
        EPIPE: `connection closed by ${target}`,
    };
    return new RequestFailure(words[code] ?? `${error.message} (${target})`, code);
}
function fetchOnce(url, o) {
    const u = new URL(url);
    const secure = u.protocol === 'https:';
    const started = performance.now();
    if (!(o.timeoutMs > 0) || !Number.isFinite(o.timeoutMs))
        return Promise.reject(new RequestFailure(`a request needs a time limit above 0 (got ${o.timeoutMs})`, 'ETIMEOUT0'));
    const port = u.port || (secure ? 443 : 80);
    const target = `${o.address ?? u.hostname}:${port}`;
    const limit = o.maxBodyBytes ?? 1_000_000;
    return new Promise((resolve, reject) => {
        let phase = 'connecting';
        let settled = false;
        const done = (f) => {
            if (settled)
                return;
            settled = true;
            clearTimeout(timer);
            o.signal?.removeEventListener('abort', onAbort);
            f();
        };
        const fail = (error) => done(() => reject(describe(error, target)));
        const req = (secure ? (node_https__WEBPACK_IMPORTED_MODULE_1___default()) : (node_http__WEBPACK_IMPORTED_MODULE_0___default())).request({
            host: o.address ?? u.hostname,
            port,
            path: u.pathname + u.search,
            method: o.method ?? 'GET',
            headers: { Host: u.host, 'User-Agent': 'keel-smoke-check', Accept: '*/*' },
            agent: false,
            ...(secure
                ? {
                    servername: u.hostname,
                    ...(o.secureContext
                        ? { secureContext: o.secureContext }
                        : { ca: o.ca ? [...node_tls__WEBPACK_IMPORTED_MODULE_2__.rootCertificates, o.ca] : undefined }),
                    rejectUnauthorized: false, // judged below, so a bad certificate is reported, not just refused
                    minVersion: o.minVersion,
                    maxVersion: o.maxVersion,
                    ciphers: o.ciphers,
                }
                : {}),
        }, (res) => {
            phase = 'reading the body';
            let tls;
            if (secure) {
                const s = res.socket;
                const cert = s.getPeerCertificate();
                const validTo = cert && cert.valid_to ? cert.valid_to : undefined;
                tls = {
                    protocol: s.getProtocol(),
                    cipher: s.getCipher()?.standardName ?? s.getCipher()?.name ?? '',
                    authorized: s.authorized,
                    authorizationError: s.authorizationError ? String(s.authorizationError) : undefined,
                    validTo,
                    daysLeft: validTo ? Math.floor((Date.parse(validTo) - Date.now()) / 86_400_000) : undefined,
                    subject: cert?.subject?.CN,
                };
            }
            const chunks = [];
            let size = 0;
            const reply = (truncated) => ({
                url,
                status: res.statusCode ?? 0,
                headers: res.headers,
                body: Buffer.concat(chunks).toString('utf8'),
                truncated,
                ms: performance.now() - started,
                tls,
            });
            res.on('data', (c) => {
                if (settled)
                    return;
                const room = limit - size;
                if (c.length > room) {
                    // Enough: the rest is not downloaded (an endless body ends here).
                    chunks.push(c.subarray(0, room));
                    size = limit;
                    done(() => resolve(reply(true)));
                    req.destroy();
                    return;
                }
                chunks.push(c);
                size += c.length;
            });
            res.on('end', () => done(() => resolve(reply(false))));
            res.on('error', fail);
            res.on('close', () => {
                if (!res.complete)
                    fail(new RequestFailure(`connection closed by ${target} mid-body`, 'ECONNRESET'));
            });
        });
        req.on('socket', (socket) => {
            socket.once(secure ? 'secureConnect' : 'connect', () => {
                phase = 'waiting for the response headers';
            });
            if (secure)
                socket.once('connect', () => (phase = 'in the TLS handshake'));
        });
        const timer = setTimeout(() => {
            const e = new RequestFailure(`timed out after ${seconds(o.timeoutMs)} ${phase}`, 'ETIMEDOUT');
            fail(e);
            req.destroy();
        }, o.timeoutMs);
        const onAbort = () => {
            const reason = o.signal?.reason;
            fail(reason instanceof RequestFailure
                ? reason
                : new RequestFailure(`stopped ${phase}: ${reason instanceof Error ? reason.message : 'aborted'}`, 'EABORTED'));
            req.destroy();
        };
        if (o.signal?.aborted) {
            onAbort();
            return;
        }
        o.signal?.addEventListener('abort', onAbort, { once: true });
        req.on('error', fail);
        req.end();
    });
}


/***/ }),

/***/ 4483:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  YL: () => (/* binding */ STRATEGIES),
  sQ: () => (/* binding */ emptyReloadResult),
  TJ: () => (/* binding */ recoverHost),
  Cf: () => (/* binding */ reloadHost)
});

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/remote/quote.ts
var quote = __webpack_require__(4414);
// EXTERNAL MODULE: ./src/releases/state.ts
var state = __webpack_require__(4487);
// EXTERNAL MODULE: ./src/releases/layout.ts
var releases_layout = __webpack_require__(5262);
// EXTERNAL MODULE: ./src/reload/hooks.ts
var hooks = __webpack_require__(3533);
;// CONCATENATED MODULE: ./src/reload/gunicorn.ts
/**
 * What a Gunicorn master and its workers look like from the host, read over SSH: the master, each worker as
 * (pid, start time) so a reused PID is never taken for the same process, and the facts a reload depends on
 * (preload_app, the bind, the systemd unit that owns the master).
 */



const procId = (p) => `${p.pid}@${p.start}`;
/** Shell: prints `P pid start` for process $1 if it exists (a bash function, defined once per script). */
const STAT_FN = (0,quote/* raw */.lS)('stat_of() { local s; s=$(cat "/proc/$1/stat" 2>/dev/null) || return 0; s=${s##*) }; set -- $s; echo "$1:${20}"; }');
/** Shell printing the generation of master $m: `master PID START` then `worker PID START` lines. */
function generationScript(master) {
    return (0,quote/* script */.K$)((0,quote/* raw */.lS)('set +e'), STAT_FN, (0,quote.sh) `m=${master}`, (0,quote/* raw */.lS)('[ -n "$m" ] && [ "$m" != 0 ] || exit 0'), (0,quote/* raw */.lS)('st=$(stat_of "$m"); [ -n "$st" ] || exit 0'), (0,quote/* raw */.lS)('case $st in Z:*) exit 0;; esac'), (0,quote/* raw */.lS)('echo "master $m ${st#*:}"'), (0,quote/* raw */.lS)('for w in $(ps -o pid= --ppid "$m" 2>/dev/null); do ws=$(stat_of "$w"); case $ws in ""|Z:*) ;; *) echo "worker $w ${ws#*:}";; esac; done'));
}
function parseGeneration(text) {
    const g = { master: undefined, workers: [] };
    for (const line of text.split('\n')) {
        const [kind, pid, start] = line.trim().split(/\s+/);
        if (!pid || !start || !/^\d+$/.test(pid) || !/^\d+$/.test(start))
            continue;
        const p = { pid: Number(pid), start: Number(start) };
        if (kind === 'master')
            g.master = p;
        else if (kind === 'worker')
            g.workers.push(p);
    }
    return g;
}
/** The generation under the master whose PID `masterPid` gives (a shell expression, e.g. `$(cat pidfile)`). */
async function readGeneration(session, masterPid) {
    const r = await session.check('reading the Gunicorn processes', generationScript(masterPid));
    return parseGeneration(r.stdout);
}
/**
 * A reload is proved when the master is the same process and every worker is new: none of the workers seen
 * before the reload is left, and exactly the expected number is running (a drifted count before the reload,
 * e.g. a worker too many after an interrupted TTIN, is not the target).
 */
function isNewGeneration(before, now, sameMaster, expected) {
    if (!now.master || !before.master)
        return false;
    if (sameMaster && procId(now.master) !== procId(before.master))
        return false;
    const old = new Set(before.workers.map(procId));
    return now.workers.length === Math.max(expected, 1) && now.workers.every((w) => !old.has(procId(w)));
}
/** Reads what a reload needs to know about a running master. */
async function masterFacts(session, pid, configHint) {
    const r = await session.check('reading the Gunicorn master', (0,quote/* script */.K$)((0,quote/* raw */.lS)('set +e'), (0,quote.sh) `pid=${pid}`, (0,quote/* raw */.lS)('echo "cwd=$(readlink "/proc/$pid/cwd" 2>/dev/null)"'), (0,quote/* raw */.lS)('printf "argv="; tr "\\0" "\\036" < "/proc/$pid/cmdline"; echo'), 
    // cgroup v2 (`0::/system.slice/x.service`) or v1's name=systemd line: the unit is the last path part.
    (0,quote/* raw */.lS)('unit=$(grep -o "[^/]*\\.service$" "/proc/$pid/cgroup" 2>/dev/null | head -n1)'), (0,quote/* raw */.lS)('if [ -n "$unit" ] && command -v systemctl >/dev/null; then main=$(systemctl show -p MainPID --value "$unit" 2>/dev/null); [ "$main" = "$pid" ] && echo "unit=$unit"; fi'), (0,quote.sh) `hint=${configHint ?? ''}`, (0,quote/* raw */.lS)('echo "hint=$hint"')));
    const kv = new Map();
    for (const line of r.stdout.split('\n')) {
        const i = line.indexOf('=');
        if (i > 0)
            kv.set(line.slice(0, i), line.slice(i + 1));
    }
    const argv = (kv.get('argv') ?? '').split('\x1e').filter((a) => a !== '');
    const cwd = kv.get('cwd') ?? '';
    const flag = (names) => {
        for (let i = 0; i < argv.length; i++) {
            const a = argv[i];
            for (const n of names) {
                if (a === n)
                    return argv[i + 1];
                if (a.startsWith(`${n}=`))
                    return a.slice(n.length + 1);
                if (n.length === 2 && a.startsWith(n) && !a.startsWith('--'))
                    return a.slice(2);
            }
        }
        return undefined;
    };
    let config = flag(['-c', '--config']) ?? configHint;
    if (config && !config.startsWith('/') && !config.startsWith('python:'))
        config = `${cwd}/${config}`;
    const chdir = flag(['--chdir']);
    if (!config && chdir)
        config = `${chdir}/gunicorn.conf.py`;
    let configText = '';
    if (config && !config.startsWith('python:')) {
        const c = await session.run((0,quote.sh) `cat ${config}`);
        if (c.code === 0)
            configText = c.stdout;
    }
    const preload = argv.includes('--preload') || /^\s*preload_app\s*=\s*True\b/m.test(configText);
    const confBind = /^\s*bind\s*=\s*\[?\s*["']([^"']+)["']/m.exec(configText)?.[1];
    const cliWorkers = flag(['-w', '--workers']);
    const confWorkers = /^\s*workers\s*=\s*(\d+)\s*(#.*)?$/m.exec(configText)?.[1];
    const workers = Number(cliWorkers ?? confWorkers);
    const confChdir = /^\s*chdir\s*=\s*["']([^"']+)["']/m.exec(configText)?.[1];
    return {
        chdir: chdir ?? confChdir ?? (cwd || undefined),
        workers: Number.isInteger(workers) && workers > 0 ? workers : undefined,
        hooks: configText.includes(hooks/* HOOKS_SIGNATURE */.Uw) && /^def post_worker_init\(/m.test(configText),
        argv,
        preload,
        systemdUnit: kv.get('unit') || undefined,
        bind: flag(['-b', '--bind']) ?? confBind,
        config: config && !config.startsWith('python:') ? config : undefined,
    };
}
async function unitState(session, unit) {
    const r = await session.run((0,quote.sh) `systemctl show ${unit} -p LoadState -p ActiveState -p MainPID -p TriggeredBy --no-pager`);
    if (r.code !== 0) {
        throw new errors/* KeelError */.Ui(`${session.endpoint.name}: cannot ask systemd about ${unit}: ${r.stderr.trim() || `exit ${r.code}`}`);
    }
    const kv = new Map(r.stdout
        .split('\n')
        .filter((l) => l.includes('='))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1).trim()]));
    const triggeredBy = (kv.get('TriggeredBy') ?? '').split(/\s+/).filter(Boolean);
    let listen = [];
    for (const s of triggeredBy.filter((t) => t.endsWith('.socket'))) {
        const l = await session.run((0,quote.sh) `systemctl show ${s} -p Listen --value --no-pager`);
        // "Listen=/run/shop.sock (Stream)" → the address.
        listen = listen.concat(l.stdout
            .split('\n')
            .map((x) => x.replace(/\s*\(.*\)\s*$/, '').trim())
            .filter(Boolean));
    }
    return {
        unit,
        loaded: kv.get('LoadState') === 'loaded',
        active: kv.get('ActiveState') === 'active',
        mainPid: Number(kv.get('MainPID') ?? 0),
        triggeredBy,
        listen,
    };
}

;// CONCATENATED MODULE: ./src/reload/workers.ts
/**
 * What each Gunicorn worker actually loaded, recorded by the worker itself.
 *
 * keel's Gunicorn hooks (GUNICORN_HOOKS, part of the rendered gunicorn.conf.py):
 * - `post_fork`: the worker resolves `current` ONCE, enters that release directory and imports the app from it
 *   (not through the symlink), so switching `current` later can never change what a running worker runs, and
 *   `KEEL_RELEASE_DIR` tells the app which release it is.
 * - `post_worker_init` (after the app is imported, just before the worker serves): writes
 *   `/dev/shm/keel-workers.<uid>/<pid>` = `{"pid", "start", "release", "workers"}`: the release directory it
 *   loaded, its start time (so a reused PID is never taken for it) and Gunicorn's configured worker count.
 * - `worker_exit` (in the master): removes the file.
 *
 * A worker with such a file has finished importing and is about to serve: that is what "up" means to the
 * rolling reload, and the release in it (not what a request answered through `current` says) is what the
 * health gate checks. /dev/shm is the one place a hardened unit (ProtectSystem=strict, PrivateTmp,
 * PrivateDevices: systemd binds the host's /dev/shm into the private /dev) can write and the deploy user can
 * read. A record is believed only when the directory and the file belong to the worker's own user and nobody
 * else may write the directory: another local user cannot plant records for the app's workers.
 */



function parseRecord(text) {
    try {
        const j = JSON.parse(text);
        const { pid, start, release, workers } = j;
        if (typeof pid !== 'number' ||
            typeof start !== 'number' ||
            typeof release !== 'string' ||
            typeof workers !== 'number')
            return undefined;
        return { pid, start, release, workers };
    }
    catch {
        return undefined;
    }
}
/**
 * The records of a generation's workers, by procId. A worker without a (trustworthy, matching) record is
 * still importing the app, or runs without keel's hooks.
 */
async function readRecords(session, g) {
    const out = new Map();
    if (g.workers.length === 0)
        return out;
    const r = await session.run((0,quote/* script */.K$)((0,quote/* raw */.lS)('set +e'), (0,quote.sh) `for pid in ${g.workers.map((w) => w.pid)}; do`, (0,quote/* raw */.lS)('  uid=$(awk \'/^Uid:/{print $3; exit}\' "/proc/$pid/status" 2>/dev/null) || continue'), (0,quote/* raw */.lS)('  [ -n "$uid" ] || continue'), (0,quote/* raw */.lS)(`  d=/dev/shm/${hooks/* HOOKS_SIGNATURE */.Uw}.$uid; f=$d/$pid`), (0,quote/* raw */.lS)('  [ -f "$f" ] && [ ! -L "$f" ] && [ ! -L "$d" ] || continue'), 
    // The directory and the file are the worker's user's, and only that user may write the directory.
    (0,quote/* raw */.lS)('  set -- $(stat -c "%u %a" "$d" "$f" 2>/dev/null); [ "$1" = "$uid" ] && [ "$3" = "$uid" ] || continue'), (0,quote/* raw */.lS)('  case $2 in *[2367]?|*[2367]) continue;; esac'), (0,quote/* raw */.lS)('  printf "record %s " "$pid"; head -c 4096 "$f" | tr -d "\\n"; echo'), (0,quote/* raw */.lS)('done')));
    const byPid = new Map(g.workers.map((w) => [w.pid, w]));
    for (const line of r.stdout.split('\n')) {
        const m = /^record (\d+) (.*)$/.exec(line);
        if (!m)
            continue;
        const proc = byPid.get(Number(m[1]));
        const rec = parseRecord(m[2]);
        if (proc && rec && rec.pid === proc.pid && rec.start === proc.start)
            out.set(procId(proc), rec);
    }
    return out;
}
/** The release id of a resolved release directory (`…/releases/<id>`). */
const releaseOf = (dir) => dir.replace(/\/+$/, '').split('/').pop() ?? dir;

;// CONCATENATED MODULE: ./src/reload/rolling.ts
/**
 * The rolling reload's rule, as a pure function: given the workers running now and what each recorded it
 * loaded, the next thing to do to reach `count` workers that all loaded the target release, using only the
 * master's TTIN (one more worker, which loads what `current` points to) and TTOU (the oldest worker leaves).
 *
 * - A worker is up only when it has recorded that it imported the app (keel's hooks), never when merely forked.
 * - TTOU only while at least `count` workers are up without the oldest: no worker leaves before its replacement
 *   is proved up, so the number of up workers never drops below `count` (when it was `count` to begin with).
 * - It ends with exactly `count` workers, so a drifted count (one too many after an interrupted TTIN, or too
 *   few) is repaired on the way.
 * - New workers still importing are waited for; workers that were already there and never finished importing
 *   (on a rollback: the slow new worker that made the reload time out) are not: they leave as the oldest.
 */


const loaded = (rec, t) => t.dir !== undefined ? rec.release === t.dir : t.id !== undefined && releaseOf(rec.release) === t.id;
/** Oldest first, as Gunicorn ranks workers for TTOU (it retires the oldest). */
const byAge = (a, b) => a.start - b.start || a.pid - b.pid;
function nextStep(g, records, target, count, atStart) {
    const up = g.workers.filter((w) => records.has(procId(w)));
    const good = up.filter((w) => loaded(records.get(procId(w)), target)).length;
    if (good === count && g.workers.length === count)
        return { kind: 'done', good };
    const booting = g.workers.filter((w) => !records.has(procId(w)) && !atStart.has(procId(w)));
    if (booting.length > 0)
        return { kind: 'wait', good, booting };
    const oldest = [...g.workers].sort(byAge)[0];
    const oldestUp = oldest !== undefined && records.has(procId(oldest));
    if (oldest && g.workers.length > count && up.length - (oldestUp ? 1 : 0) >= count)
        return { kind: 'TTOU', good, oldest, oldestUp };
    return { kind: 'TTIN', good };
}
/**
 * What a rolling reload's log says as it goes. "worker N/count replaced" counts the workers up on the target,
 * and only ever upwards: Gunicorn's own recycling (`max_requests`) goes on during the roll, so a worker already
 * on the new release may leave and be re-forked on it; that is said in words, never counted as one more worker
 * replaced. A worker that leaves without keel's TTOU is named with the release it ran.
 */
class RollProgress {
    target;
    count;
    best = 0;
    ran = new Map();
    retired = new Set();
    constructor(target, count) {
        this.target = target;
        this.count = count;
    }
    /** keel's TTOU is about to retire this worker: its leaving is no surprise. */
    retire(p) {
        this.retired.add(procId(p));
    }
    /** After each look at the master's workers: the lines to log. */
    observe(g, records, good) {
        const lines = [];
        const ids = new Set(g.workers.map(procId));
        for (const [id, { pid, release }] of this.ran) {
            if (ids.has(id))
                continue;
            this.ran.delete(id);
            if (this.retired.delete(id))
                continue;
            const onTarget = loaded({ pid, start: 0, release, workers: 0 }, this.target);
            lines.push(`worker ${pid} (${onTarget ? 'already on the new release' : `on ${releaseOf(release)}`}) left by itself (Gunicorn's max_requests recycling, or it exited); the master forks its replacement on the release current points to`);
        }
        for (const w of g.workers) {
            const rec = records.get(procId(w));
            if (rec)
                this.ran.set(procId(w), { pid: w.pid, release: rec.release });
        }
        if (good > this.best) {
            this.best = good;
            lines.push(`worker ${Math.min(good, this.count)}/${this.count} replaced`);
        }
        return lines;
    }
}

// EXTERNAL MODULE: ./src/probes/http.ts
var http = __webpack_require__(9879);
;// CONCATENATED MODULE: ./src/reload/health.ts
/**
 * The health gate after a reload: the app's own upstream (its socket or port, asked over SSH on the host, so
 * the proxy cannot hide a dead app behind a cached page) and, when given, the public URL must answer the
 * readiness path, and the version path must report the expected release on several requests in a row (a
 * reload that left one old worker behind is caught). Retried with backoff until a deadline.
 */



/** The curl arguments that reach an upstream address, and the URL to ask for `path`. */
function upstreamTarget(upstream, path) {
    const u = upstream.trim();
    if (u.startsWith('unix:'))
        return { socket: u.slice(5), url: `http://localhost${path}` };
    if (u.startsWith('/'))
        return { socket: u, url: `http://localhost${path}` };
    const base = /^https?:\/\//.test(u) ? u.replace(/\/+$/, '') : `http://${u}`;
    return { socket: undefined, url: `${base}${path}` };
}
/**
 * Why the SSH user cannot ask the upstream, or undefined when it can: a unix socket it may not open (curl
 * would only say "Failed to connect to localhost port 80", after the reload). Checked before anything changes.
 */
async function upstreamAccess(session, upstream) {
    const { socket } = upstreamTarget(upstream, '/');
    if (!socket)
        return undefined;
    const r = await session.run((0,quote.sh) `s=${socket}; if [ -S "$s" ] && ! [ -w "$s" ]; then echo "$(id -un) may not open $s ($(stat -c '%U:%G mode %a' "$s")): add $(id -un) to the socket's group, or give 'upstream'"; fi`);
    return r.stdout.trim() || undefined;
}
/** One request's time limit: 5 s, or what is left before the gate's deadline (at least 1 s). */
const limit = (deadline) => Math.min(5, Math.max(1, Math.ceil((deadline - Date.now()) / 1000)));
async function askUpstream(session, upstream, path, deadline) {
    const t = upstreamTarget(upstream, path);
    const seconds = limit(deadline);
    const r = await session.run((0,quote.sh) `curl -sS --max-time ${seconds} -w '\n%{http_code}' ${t.socket ? ['--unix-socket', t.socket] : []} ${t.url}`, { timeoutMs: seconds * 1000 + 5_000 });
    if (r.code !== 0)
        throw new Error(r.stderr.trim().split('\n').pop() || `curl exited with ${r.code}`);
    const i = r.stdout.lastIndexOf('\n');
    return { status: Number(r.stdout.slice(i + 1).trim()), body: r.stdout.slice(0, i) };
}
async function askPublic(o, path, deadline) {
    const url = new URL(path, o.publicUrl.replace(/\/?$/, '/')).toString();
    const r = await (0,http/* fetchOnce */.Wl)(url, { timeoutMs: limit(deadline) * 1000, address: o.publicAddress, ca: o.ca });
    return { status: r.status, body: r.body };
}
/** The release a version endpoint reports (`release`, else `version`), or undefined. */
function reportedVersion(body) {
    try {
        const j = JSON.parse(body);
        const v = j.release ?? j.version;
        return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
    }
    catch {
        return undefined;
    }
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function checkOnce(where, ask, o, deadline) {
    const checks = [];
    let version;
    try {
        const ready = await ask(o.readinessPath);
        const okReady = ready.status >= 200 && ready.status < 300;
        checks.push({ where, what: o.readinessPath, ok: okReady, detail: `HTTP ${ready.status}` });
        if (!okReady)
            return { ok: false, version, checks };
        if (o.versionPath) {
            const repeats = o.expected ? (o.versionRepeats ?? 4) : 1;
            const seen = [];
            for (let i = 0; i < repeats && (i === 0 || Date.now() < deadline); i++) {
                const v = await ask(o.versionPath);
                version = v.status === 200 ? reportedVersion(v.body) : undefined;
                seen.push(version ?? `HTTP ${v.status}`);
                if (o.expected && version !== o.expected)
                    break;
            }
            const ok = o.expected ? seen.every((s) => s === o.expected) : version !== undefined;
            checks.push({
                where,
                what: o.versionPath,
                ok,
                detail: o.expected
                    ? `${ok ? '' : `expected ${o.expected}, `}got ${[...new Set(seen)].join(', ')}`
                    : `got ${seen.join(', ')}`,
            });
            if (!ok)
                return { ok: false, version, checks };
        }
        return { ok: true, version, checks };
    }
    catch (error) {
        checks.push({ where, what: o.readinessPath, ok: false, detail: (0,errors/* errorMessage */.gJ)(error) });
        return { ok: false, version, checks };
    }
}
/**
 * Polls (250 ms, doubling to 2 s) until every gate passes at once, or the deadline passes: the whole gate,
 * its last round of requests included, takes at most `deadlineMs` (plus one SSH round trip).
 */
async function healthGate(session, o) {
    const started = Date.now();
    const deadline = started + o.deadlineMs;
    let delay = 250;
    for (;;) {
        const checks = [];
        let version;
        let ok = true;
        if (o.upstream) {
            const u = await checkOnce('upstream', (p) => askUpstream(session, o.upstream, p, deadline), o, deadline);
            checks.push(...u.checks);
            version = u.version;
            ok &&= u.ok;
        }
        if (ok && o.publicUrl) {
            const p = await checkOnce('public', (path) => askPublic(o, path, deadline), o, deadline);
            checks.push(...p.checks);
            version ??= p.version;
            ok &&= p.ok;
        }
        const seconds = Math.round((Date.now() - started) / 100) / 10;
        if (ok || Date.now() + delay > deadline)
            return { ok, version, checks, seconds };
        await sleep(delay);
        delay = Math.min(delay * 2, 2_000);
    }
}

;// CONCATENATED MODULE: ./src/reload/reload.ts
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









const STRATEGIES = ['systemd', 'rolling', 'socket', 'usr2', 'restart'];
function emptyReloadResult(host, strategy, error) {
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
const reload_sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** Polls `probe` every 250 ms until it returns a value, or throws `timeoutMessage` after `timeoutMs`. */
async function waitFor(timeoutMs, probe, timeoutMessage) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const v = await probe();
        if (v !== undefined)
            return v;
        if (Date.now() > deadline)
            throw new errors/* KeelError */.Ui(timeoutMessage());
        await reload_sleep(250);
    }
}
/** A failure that happened before the running service was touched (the old code still serves). */
class NotTouched extends errors/* KeelError */.Ui {
}
function journalTail(session, unit) {
    return session
        .run((0,quote.sh) `sudo -n journalctl -u ${unit} -n 15 --no-pager -o cat`)
        .then((r) => r.stdout.trim())
        .catch(() => '');
}
/**
 * Rolls the workers of a master, one at a time, to `count` workers that all loaded `target` (the rule is
 * nextStep's, in rolling.ts): each new worker must record that it imported the app within `timeoutMs`.
 */
async function converge(session, what, read, signal, target, count, timeoutMs, log) {
    const host = session.endpoint.name;
    const first = await read();
    const atStart = new Set(first.workers.map(procId));
    const everReady = new Set();
    const freshSeen = new Set();
    let failedBoots = 0;
    let deadline = Date.now() + timeoutMs;
    let signals = 0;
    const progress = new RollProgress(target, count);
    for (;;) {
        const g = await read();
        const records = await readRecords(session, g);
        const ids = new Set(g.workers.map(procId));
        for (const w of g.workers)
            if (records.has(procId(w)))
                everReady.add(procId(w));
        for (const id of freshSeen)
            if (!ids.has(id) && !everReady.has(id)) {
                freshSeen.delete(id);
                failedBoots += 1;
            }
        if (failedBoots >= 3)
            throw new errors/* KeelError */.Ui(`${host}: new workers of ${what} exit while importing the app (${failedBoots} so far; see the journal)`);
        const step = nextStep(g, records, target, count, atStart);
        for (const line of progress.observe(g, records, step.good))
            log.info(`${host}: ${line}`);
        if (step.kind === 'done')
            return g;
        if (step.kind === 'wait')
            for (const w of step.booting)
                freshSeen.add(procId(w));
        if (Date.now() > deadline)
            throw new errors/* KeelError */.Ui(step.kind === 'wait'
                ? `${host}: a new worker of ${what} did not finish importing the app within ${timeoutMs / 1000}s`
                : `${host}: the workers of ${what} were not all replaced within ${timeoutMs / 1000}s`);
        if (step.kind === 'wait') {
            await reload_sleep(250);
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
            await waitFor(limit, async () => ((await read()).workers.some((w) => procId(w) === oldest) ? undefined : true), () => `${host}: an old worker of ${what} did not exit within ${limit / 1000}s of TTOU`);
        }
        else {
            if (g.workers.length >= 2 * count + 2 || ++signals > 4 * count + 4)
                throw new errors/* KeelError */.Ui(`${host}: the workers of ${what} do not settle (${g.workers.length} running)`);
            await signal('TTIN');
            await waitFor(timeoutMs, async () => ((await read()).workers.some((w) => !ids.has(procId(w))) ? true : undefined), () => `${host}: the master of ${what} started no new worker within ${timeoutMs / 1000}s of TTIN`);
        }
        deadline = Date.now() + timeoutMs;
    }
}
function systemdReloader(session, o, log, warnings) {
    const unit = o.unit;
    const host = session.endpoint.name;
    const mainPid = async () => (await unitState(session, unit)).mainPid;
    const master = (pid) => readGeneration(session, (0,quote.sh) `${pid}`);
    const sameMaster = async (before) => {
        const g = await master(await mainPid());
        if (!g.master || g.master.pid !== before.master.pid) {
            const tail = await journalTail(session, unit);
            if (tail)
                log.info(`${host}: the last lines of ${unit}'s journal:\n${tail}`);
            throw new errors/* KeelError */.Ui(`${host}: the Gunicorn master of ${unit} exited during the reload (the new code failed to boot?${tail ? `: ${tail.split('\n').pop()}` : ''})`);
        }
        return g;
    };
    const signal = (sig) => session.check(`sending ${sig} to the master of ${unit}`, (0,quote.sh) `sudo -n systemctl kill -s ${sig} --kill-whom=main ${unit}`);
    // HUP: the same master forks a new generation of workers and stops the old one. With keel's hooks the new
    // generation is complete when every worker has recorded that it imported the app, as many as configured.
    const hup = async (before, count) => {
        let stable;
        await session.check(`reloading ${unit}`, (0,quote.sh) `sudo -n systemctl reload ${unit}`, {
            timeoutMs: 120_000,
        });
        const old = new Set(before.workers.map(procId));
        return waitFor(o.timeoutMs, async () => {
            const g = await sameMaster(before);
            if (g.workers.length === 0 || g.workers.some((w) => old.has(procId(w))))
                return undefined;
            if (self.facts?.hooks) {
                const records = await readRecords(session, g);
                const configured = [...records.values()][0]?.workers ?? count;
                return records.size === g.workers.length && g.workers.length === configured ? g : undefined;
            }
            // Without records, new workers that fail to boot exit within moments: the generation must stay up.
            if (!isNewGeneration(before, g, true, count))
                return undefined;
            const ids = g.workers.map(procId).sort().join(',');
            if (stable?.ids !== ids)
                stable = { ids, since: Date.now() };
            return Date.now() - stable.since >= 1_000 ? g : undefined;
        }, () => `${host}: the workers of ${unit} were not all replaced within ${o.timeoutMs / 1000}s`);
    };
    /**
     * Whether the release switched to has another Gunicorn config file than the release before it, whose config
     * the master runs with (every keel reload that saw a change was a HUP, which re-reads it). Workers added by
     * TTIN would not get a new config. Undefined when there is no config file under `current/`; `unknown` when
     * the release before cannot be found or read.
     */
    const configChanged = async () => {
        const config = self.facts?.config;
        if (!o.deployPath)
            return undefined;
        const layout = new releases_layout/* Layout */.PE(o.deployPath);
        const prefix = `${layout.current}/`;
        if (!config?.startsWith(prefix))
            return undefined;
        // No config file (Gunicorn runs on its command line alone): nothing a new release could change.
        if ((await session.run((0,quote.sh) `test -f ${config}`)).code !== 0)
            return undefined;
        const id = await (0,state/* currentRelease */.BX)(session, layout);
        const previous = o.previous ?? (id ? await (0,state/* releaseBefore */.PZ)(session, layout, id) : undefined);
        // The first release: the service was started on it (ssh-deploy starts a newly installed unit).
        if (previous === null)
            return false;
        if (!previous)
            return 'unknown';
        const r = await session.run((0,quote.sh) `cmp -s ${`${layout.release(previous)}/${config.slice(prefix.length)}`} ${config}`);
        return r.code === 0 ? false : r.code === 1 ? true : 'unknown';
    };
    const rollWorkers = async (before, target, count) => {
        if (!self.facts?.hooks) {
            warnings.push(`${host}: Gunicorn's config has no keel worker hooks (render-config's gunicorn.conf.py has them), so a new worker cannot be proved to have imported the app: reloaded with HUP instead (requests wait while the new workers boot)`);
            return hup(before, count);
        }
        if (target.dir === undefined && target.id === undefined) {
            warnings.push(`${host}: the release the new workers must load is not known (no 'deploy-path', and the master's directory cannot be read): reloaded with HUP instead (requests wait while the new workers boot)`);
            return hup(before, count);
        }
        const changed = await configChanged();
        if (changed) {
            warnings.push(`${host}: ${changed === true ? "the new release changes Gunicorn's config file" : 'the release before this one (whose Gunicorn config the master runs with) is not known, so the config may have changed'}, which workers added one at a time would not get: reloaded with HUP instead (requests wait while the new workers boot)`);
            return hup(before, count);
        }
        // Gunicorn's max_requests recycling waits while the workers are replaced (keel's pre_request hook reads
        // this file; its deadline bounds a file left behind), so every worker on the new release is one keel added.
        const pause = o.deployPath ? `${new releases_layout/* Layout */.PE(o.deployPath).root}/${hooks/* ROLLING_PAUSE_FILE */.ok}` : undefined;
        const seconds = Math.ceil(((2 * count + 2) * o.timeoutMs) / 1000) + 60;
        if (pause)
            await session
                .run((0,quote.sh) `printf '%s\\n' "$(( $(date +%s) + ${seconds} ))" > ${`${pause}.tmp`} && chmod 0644 ${`${pause}.tmp`} && mv -f ${`${pause}.tmp`} ${pause}`)
                .then((r) => (r.code === 0 ? undefined : r.stderr.trim()), (error) => (0,errors/* errorMessage */.gJ)(error))
                .then((problem) => {
                if (problem)
                    log.info(`${host}: cannot pause max_requests recycling (${problem})`);
            });
        try {
            return await converge(session, unit, () => sameMaster(before), signal, target, count, o.timeoutMs, log);
        }
        finally {
            if (pause)
                await session.run((0,quote.sh) `rm -f ${pause}`).catch(() => undefined);
        }
    };
    const self = {
        upstream: undefined,
        configHint: undefined,
        facts: undefined,
        async before() {
            const u = await unitState(session, unit);
            if (!u.loaded)
                throw new errors/* KeelError */.Ui(`${host}: systemd does not know the unit ${unit} (is it installed and spelled right?)`, {
                    field: 'unit',
                });
            const socket = u.triggeredBy.find((t) => t.endsWith('.socket'));
            if (o.strategy === 'socket' && !socket)
                throw new errors/* KeelError */.Ui(`${host}: strategy 'socket' needs a socket-activated unit, but no .socket unit triggers ${unit}; use strategy 'systemd'`, { field: 'strategy' });
            self.upstream = u.listen[0];
            if (!u.active || u.mainPid === 0) {
                if (o.strategy === 'restart')
                    return { master: undefined, workers: [] };
                throw new errors/* KeelError */.Ui(`${host}: ${unit} is not running, so there is nothing to reload (start it first)`, {
                    field: 'unit',
                });
            }
            const facts = await masterFacts(session, u.mainPid);
            self.upstream ??= facts.bind;
            self.facts = facts;
            if ((o.strategy === 'systemd' || o.strategy === 'rolling') && facts.preload)
                throw new errors/* KeelError */.Ui(`${host}: ${unit} runs Gunicorn with preload_app on: new workers would keep serving the old code. ` +
                    `Use strategy 'socket' (with a .socket unit) or 'restart', or turn preload_app off`, { field: 'strategy' });
            return master(u.mainPid);
        },
        async reload(before, target, count) {
            if (o.strategy === 'rolling')
                return rollWorkers(before, target, count);
            if (o.strategy === 'systemd')
                return hup(before, count);
            if (o.strategy === 'restart')
                warnings.push(`${host}: strategy 'restart' stops the service and drops requests while it starts`);
            await session.check(`restarting ${unit}`, (0,quote.sh) `sudo -n systemctl restart ${unit}`, {
                timeoutMs: 300_000,
            });
            return waitFor(o.timeoutMs, async () => {
                const u = await unitState(session, unit);
                if (!u.active || u.mainPid === 0)
                    return undefined;
                const g = await master(u.mainPid);
                const fresh = !before.master || procId(g.master) !== procId(before.master);
                return fresh && g.workers.length > 0 ? g : undefined;
            }, () => `${host}: ${unit} did not come back with workers within ${o.timeoutMs / 1000}s (see journalctl -u ${unit})`);
        },
        async recover(before, target, count) {
            const u = await unitState(session, unit);
            // The same master still runs (it only served the bad code): roll its workers back (rolling: the old
            // workers keep serving until replacements of the previous release are up), or HUP it. Otherwise it
            // died with the bad code (or this strategy restarts anyway): start it again on the previous release.
            if ((o.strategy === 'systemd' || o.strategy === 'rolling') &&
                u.active &&
                u.mainPid > 0 &&
                u.mainPid === before.master?.pid) {
                const g = await master(u.mainPid);
                if (o.strategy === 'rolling' && self.facts?.hooks)
                    await converge(session, unit, () => sameMaster(g), signal, target, count, o.timeoutMs, log);
                else
                    await hup(g, count);
            }
            else {
                log.info(`${host}: starting ${unit} again on the previous release`);
                await session.run((0,quote.sh) `sudo -n systemctl reset-failed ${unit}`);
                await session.check(`restarting ${unit}`, (0,quote.sh) `sudo -n systemctl restart ${unit}`, {
                    timeoutMs: 300_000,
                });
            }
        },
    };
    return self;
}
function usr2Reloader(session, o, log) {
    const host = session.endpoint.name;
    const pidfile = o.pidfile;
    const readPid = async (file) => {
        const r = await session.run((0,quote.sh) `cat ${file}`);
        const n = Number(r.stdout.trim());
        return r.code === 0 && Number.isInteger(n) && n > 0 ? n : undefined;
    };
    const gen = (pid) => readGeneration(session, (0,quote.sh) `${pid}`);
    const alive = async (pid) => (await gen(pid)).master !== undefined;
    const signal = (sig, pid, what) => session.check(what, (0,quote.sh) `kill -s ${sig} ${pid}`).catch((error) => {
        throw new errors/* KeelError */.Ui(`${host}: cannot signal Gunicorn's master ${pid} (${(0,errors/* errorMessage */.gJ)(error)}); the SSH user must be the app's user`);
    });
    const upgrade = async (before, count) => {
        const old = before.master;
        await session.run((0,quote.sh) `rm -f ${`${pidfile}.2`}`);
        await signal('USR2', old.pid, 'sending USR2 to the Gunicorn master');
        // The new master writes <pidfile>.2; it is healthy once it has its workers and they stay up for a second.
        let candidate;
        let stable;
        let next;
        try {
            next = await waitFor(o.timeoutMs, async () => {
                candidate ??= await readPid(`${pidfile}.2`);
                if (candidate === undefined) {
                    if (!(await alive(old.pid)))
                        throw new errors/* KeelError */.Ui(`${host}: the old master ${old.pid} exited after USR2`);
                    return undefined;
                }
                const g = await gen(candidate);
                if (!g.master)
                    throw new errors/* KeelError */.Ui(`${host}: the new Gunicorn master ${candidate} exited while booting (the new code failed to start?)`);
                if (g.workers.length < Math.max(count, 1))
                    return undefined;
                const ids = g.workers.map(procId).sort().join(',');
                if (!stable || stable.ids !== ids) {
                    stable = { ids, since: Date.now() };
                    return undefined;
                }
                return Date.now() - stable.since >= 1_000 ? g : undefined;
            }, () => `${host}: no new Gunicorn master with workers appeared within ${o.timeoutMs / 1000}s of USR2 (did the new code fail to boot? see Gunicorn's log)`);
        }
        catch (error) {
            if (candidate !== undefined && (await alive(candidate))) {
                await signal('TERM', candidate, 'stopping the failed new master');
                log.warn(`${host}: the new master ${candidate} failed; it was stopped and the old master ${old.pid} keeps serving`);
            }
            throw new NotTouched((0,errors/* errorMessage */.gJ)(error));
        }
        await signal('TERM', old.pid, 'stopping the old Gunicorn master');
        await waitFor(o.timeoutMs, async () => ((await alive(old.pid)) ? undefined : true), () => `${host}: the old master ${old.pid} did not exit within ${o.timeoutMs / 1000}s of TERM`);
        // The new master renames <pidfile>.2 to <pidfile> once it sees its parent gone.
        await waitFor(10_000, async () => ((await readPid(pidfile)) === next.master.pid ? true : undefined), () => `${host}: ${pidfile} does not name the new master ${next.master.pid}`);
        return gen(next.master.pid);
    };
    const self = {
        upstream: undefined,
        configHint: undefined,
        async before() {
            const pid = await readPid(pidfile);
            if (pid === undefined)
                throw new errors/* KeelError */.Ui(`${host}: no Gunicorn pidfile at ${pidfile} (start Gunicorn with --pid ${pidfile})`, {
                    field: 'pidfile',
                });
            const g = await gen(pid);
            if (!g.master)
                throw new errors/* KeelError */.Ui(`${host}: ${pidfile} names process ${pid}, which is not running`, {
                    field: 'pidfile',
                });
            const facts = await masterFacts(session, pid);
            if (facts.systemdUnit)
                throw new errors/* KeelError */.Ui(`${host}: the Gunicorn master ${pid} is the main process of ${facts.systemdUnit}: a USR2 upgrade would make systemd kill the service when the old master exits. Use strategy 'systemd' (HUP) or 'socket'`, { field: 'strategy' });
            self.upstream = facts.bind;
            self.facts = facts;
            return g;
        },
        facts: undefined,
        reload: (before, _target, count) => upgrade(before, count),
        async recover(_before, _target, count) {
            const pid = await readPid(pidfile);
            if (pid !== undefined)
                await upgrade(await gen(pid), count);
        },
    };
    return self;
}
/** Imports the app on the host with its own Python, from the release `current` points to, before any reload. */
async function bootCheck(session, layout, o, python, log) {
    const code = 'import importlib, sys; sys.path.insert(0, "."); mod, _, attr = sys.argv[1].partition(":"); ' +
        'm = importlib.import_module(mod); attr and eval(attr, vars(m))';
    const r = await session.run((0,quote/* script */.K$)((0,quote.sh) `cd ${layout.current}/`, (0,quote.sh) `env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/tmp PYTHONDONTWRITEBYTECODE=1 ${python} -c ${code} ${o.bootCheck.module}`), { timeoutMs: 120_000 });
    if (r.code !== 0) {
        const lines = r.stderr.trim().split('\n');
        log.info(`${session.endpoint.name}: importing ${o.bootCheck.module} failed:\n${lines.slice(-30).join('\n')}`);
        throw new NotTouched(`${session.endpoint.name}: the new release does not import (${o.bootCheck.module}): ${lines.pop()?.trim() || `exit ${r.code}`}`);
    }
}
async function reloadProxy(session, proxy) {
    if (proxy === 'nginx') {
        await session.check('checking the Nginx configuration', (0,quote.sh) `sudo -n nginx -t -q`);
        await session.check('reloading Nginx', (0,quote.sh) `sudo -n systemctl reload nginx`);
    }
    else {
        await session.check('reloading Caddy', (0,quote.sh) `sudo -n systemctl reload caddy`);
    }
}
async function reloadHost(session, o, log) {
    const host = session.endpoint.name;
    const started = Date.now();
    const result = emptyReloadResult(host, o.strategy);
    const layout = o.deployPath ? new releases_layout/* Layout */.PE(o.deployPath) : undefined;
    const reloader = o.strategy === 'usr2' ? usr2Reloader(session, o, log) : systemdReloader(session, o, log, result.warnings);
    let touched = false;
    let current;
    let before = { master: undefined, workers: [] };
    let count = 0;
    try {
        current = layout ? await (0,state/* currentRelease */.BX)(session, layout) : undefined;
        result.expected = o.expected ?? current;
        before = await reloader.before();
        result.masterBefore = before.master?.pid;
        result.workersBefore = before.workers.length;
        count = await expectedWorkers(session, reloader.facts, before, result.warnings);
        result.workersExpected = count;
        const upstream = o.gate.upstream ?? reloader.upstream;
        if (!upstream && !o.gate.publicUrl)
            throw new errors/* KeelError */.Ui(`${host}: no way to check the app's health: give 'upstream' (or 'url')`, {
                field: 'upstream',
            });
        const denied = upstream ? await upstreamAccess(session, upstream) : undefined;
        if (denied)
            throw new errors/* KeelError */.Ui(`${host}: ${denied}`, { field: 'upstream' });
        if (layout && o.bootCheck.module) {
            const python = o.bootCheck.python ?? (await appPython(session, before));
            if (python)
                await bootCheck(session, layout, o, python, log);
            else
                result.warnings.push(`${host}: boot check skipped: give 'python' (the app's interpreter)`);
        }
        const target = await targetOf(session, layout, layout ? current : undefined, reloader.facts);
        touched = true;
        const after = await reloader.reload(before, target, count);
        result.masterAfter = after.master?.pid;
        result.workersAfter = after.workers.length;
        const gate = await provedHealthy(session, o, upstream, result.expected, layout, after, log);
        result.gate = gate;
        result.serving = gate.version;
        if (gate.warning)
            result.warnings.push(`${host}: ${gate.warning}`);
        if (!gate.ok) {
            const failed = gate.checks.filter((c) => !c.ok).map((c) => `${c.where} ${c.what}: ${c.detail}`);
            throw new errors/* KeelError */.Ui(`${host}: the health gate failed after ${gate.seconds}s: ${failed.join('; ')}`);
        }
        if (o.proxy !== 'none')
            await reloadProxy(session, o.proxy);
        result.ok = true;
    }
    catch (error) {
        result.error = oneLine(host, (0,errors/* errorMessage */.gJ)(error), log);
        if (error instanceof NotTouched)
            touched = false;
        const configError = error instanceof errors/* KeelError */.Ui && error.field !== undefined && !touched;
        if (o.rollback && layout && current && !configError) {
            await rollBack(session, layout, o, reloader, before, current, touched, count, result, log).catch((e) => failedRollback(session, layout, reloader, result, e, log));
        }
        else if (touched) {
            result.error += `; not rolled back (${!o.rollback ? "'rollback' is off" : "no 'deploy-path', so no release to go back to"}): ${await liveState(session, layout, reloader)}`;
        }
        if (configError)
            throw error;
    }
    finally {
        result.seconds = Math.round((Date.now() - started) / 100) / 10;
    }
    return result;
}
/**
 * A failure message as one line (an annotation), its detail (a journal tail, a traceback) into the log:
 * the first line, plus the last non-empty line of the rest when that names the cause (e.g. the exception).
 */
function oneLine(host, message, log) {
    const lines = message.split('\n');
    if (lines.length === 1)
        return message;
    log.info(`${host}: details of the failure:\n${lines.slice(1).join('\n')}`);
    return lines[0];
}
/**
 * How many workers the reload must end with: Gunicorn's configured count (its `-w`/`--workers`, a number in
 * its config file, or what the workers recorded from their config), else the count running now. A running
 * count that differs from the configured one (drift, e.g. after an interrupted TTIN) is repaired, with a warning.
 */
async function expectedWorkers(session, facts, before, warnings) {
    const host = session.endpoint.name;
    let configured = facts?.workers;
    if (configured === undefined && facts?.hooks && before.workers.length) {
        const counts = [...(await readRecords(session, before)).values()].map((r) => r.workers);
        configured = counts.find((n) => Number.isInteger(n) && n > 0);
    }
    if (configured === undefined) {
        if (before.master)
            warnings.push(`${host}: Gunicorn's configured worker count cannot be read (no -w, no number in its config, no worker records): keeping the ${before.workers.length} running`);
        return Math.max(before.workers.length, 1);
    }
    if (before.master && before.workers.length !== configured)
        warnings.push(`${host}: Gunicorn ran ${before.workers.length} worker(s) but is configured for ${configured}: the reload ends with ${configured}`);
    return configured;
}
/** The release the new workers must load: `current` resolved, or else the master's own directory. */
async function targetOf(session, layout, id, facts) {
    const path = layout && id ? layout.release(id) : facts?.chdir;
    if (!path)
        return { dir: undefined, id };
    const r = await session.run((0,quote.sh) `readlink -f ${path}`);
    const dir = r.code === 0 ? r.stdout.trim() || undefined : undefined;
    return { dir, id: id ?? (dir ? releaseOf(dir) : undefined) };
}
/**
 * The health gate, then the proof that every worker loaded the expected release, from the record each
 * worker wrote after importing the app (keel's hooks), not from an answer that may come through `current`.
 */
async function provedHealthy(session, o, upstream, expected, layout, after, log) {
    const started = Date.now();
    const gate = await healthGate(session, { ...o.gate, upstream, expected });
    if (!gate.ok || !after.master || !expected)
        return gate;
    const seconds = () => Math.round((Date.now() - started) / 100) / 10;
    const facts = await masterFacts(session, after.master.pid);
    if (!facts.hooks)
        return {
            ...gate,
            warning: `Gunicorn's config has no keel worker hooks: the release was checked on ${o.gate.versionPath ?? 'no version path'} only, which an app reading its release through \`current\` answers for old workers too`,
        };
    const target = await targetOf(session, layout, layout ? expected : undefined, facts);
    if (!target.id)
        return gate;
    const check = { where: 'upstream', what: 'worker records', ok: false, detail: '' };
    // The records of the generation that serves now (the health gate may have outlived a worker or two).
    for (;;) {
        const g = await readGeneration(session, (0,quote.sh) `${after.master.pid}`);
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
        if (check.ok || Date.now() - started > o.gate.deadlineMs)
            break;
        await reload_sleep(500);
    }
    log.info(`${session.endpoint.name}: ${check.detail}`);
    return { ...gate, ok: check.ok, checks: [...gate.checks, check], seconds: seconds() };
}
/** The interpreter of a running master (its argv[0] when it is a Python), for the boot check. */
async function appPython(session, g) {
    if (!g.master)
        return undefined;
    const facts = await masterFacts(session, g.master.pid);
    const first = facts.argv[0];
    return first && /python[\d.]*$/.test(first) ? first : undefined;
}
/** What is live on a host, for a failure that could not be (fully) undone: `current` and what the workers loaded. */
async function liveState(session, layout, reloader) {
    const parts = [];
    try {
        if (layout)
            parts.push(`current → ${(await (0,state/* currentRelease */.BX)(session, layout)) ?? '(none)'}`);
        const g = await reloader.before().catch(() => undefined);
        if (g?.master) {
            const records = await readRecords(session, g);
            const loadedBy = new Map();
            for (const w of g.workers) {
                const rec = records.get(procId(w));
                const k = rec ? releaseOf(rec.release) : 'unrecorded';
                loadedBy.set(k, (loadedBy.get(k) ?? 0) + 1);
            }
            parts.push(`master ${g.master.pid} with ${g.workers.length} worker(s)` +
                (loadedBy.size ? ` (${[...loadedBy].map(([k, n]) => `${n} on ${k}`).join(', ')})` : ''));
        }
        else
            parts.push('no Gunicorn master is running');
    }
    catch (error) {
        parts.push(`cannot tell what is live: ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
    return `live: ${parts.join('; ')}`;
}
async function failedRollback(session, layout, reloader, result, e, log) {
    result.error += `; the rollback failed too: ${oneLine(session.endpoint.name, (0,errors/* errorMessage */.gJ)(e), log)}; ${await liveState(session, layout, reloader)}`;
}
async function rollBack(session, layout, o, reloader, before, bad, touched, count, result, log) {
    const host = session.endpoint.name;
    const target = o.previous ?? (await (0,state/* rollbackTarget */.es)(session, layout, bad));
    if (!target) {
        result.error += `; no previous release to roll back to: ${await liveState(session, layout, reloader)}`;
        return;
    }
    log.warn(`${host}: ${result.error}; rolling back to ${target}`);
    await (0,state/* switchTo */.S_)(session, layout, target);
    await session.run((0,quote.sh) `touch ${`${layout.release(bad)}/.keel/bad`}`);
    if (touched)
        await reloader.recover(before, await targetOf(session, layout, target, reloader.facts), Math.max(count, 1));
    const gate = await provedHealthy(session, o, o.gate.upstream ?? reloader.upstream, target, layout, touched ? await reloader.before() : before, log);
    result.gate = gate;
    result.serving = gate.version;
    result.rolledBackTo = target;
    await (0,state/* appendLog */.pm)(session, layout, {
        release: bad,
        live: target,
        status: 'rolled-back',
        error: result.error,
    });
    result.error += `; rolled back to ${target}${gate.ok
        ? ', which is serving and healthy'
        : `, but it is NOT healthy (${gate.checks
            .filter((c) => !c.ok)
            .map((c) => `${c.what}: ${c.detail}`)
            .join('; ')})`}`;
}
/**
 * The rollback entry point for a host whose reload passed but whose release must go (the load probe saw
 * failed requests, or the run is cancelled after the switch): `current` back to the previous release, the
 * workers rolled back onto it, health and the workers' release proved. Returns the host's result updated.
 */
async function recoverHost(session, o, reason, result, log) {
    const layout = o.deployPath ? new releases_layout/* Layout */.PE(o.deployPath) : undefined;
    const reloader = o.strategy === 'usr2' ? usr2Reloader(session, o, log) : systemdReloader(session, o, log, result.warnings);
    result.ok = false;
    result.error = reason;
    try {
        const before = await reloader.before();
        const bad = layout ? await (0,state/* currentRelease */.BX)(session, layout) : undefined;
        if (!o.rollback || !layout || !bad) {
            result.error += `; not rolled back (${!o.rollback ? "'rollback' is off" : "no 'deploy-path'"}): ${await liveState(session, layout, reloader)}`;
            return result;
        }
        const count = result.workersExpected || before.workers.length;
        await rollBack(session, layout, o, reloader, before, bad, true, count, result, log).catch((e) => failedRollback(session, layout, reloader, result, e, log));
    }
    catch (error) {
        result.error += `; the rollback failed: ${oneLine(session.endpoint.name, (0,errors/* errorMessage */.gJ)(error), log)}; ${await liveState(session, layout, reloader)}`;
    }
    return result;
}


/***/ })

};
