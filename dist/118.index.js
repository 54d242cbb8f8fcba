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
/* harmony import */ var _reload_reload_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7589);
/* harmony import */ var _common_connection_inputs_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1855);



const UNIT = /^[A-Za-z0-9:_.@-]+\.service$|^[A-Za-z0-9:_.@-]+$/;
const PATH = /^\/[A-Za-z0-9._/@+-]*$/;
const inputs = {
    ..._common_connection_inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .connectionInputs */ .e,
    strategy: {
        kind: 'choice',
        choices: _reload_reload_js__WEBPACK_IMPORTED_MODULE_1__/* .STRATEGIES */ .YL,
        default: 'systemd',
        description: '`systemd`: `systemctl reload` (HUP): same master, every worker replaced (requests wait while the new workers boot). `rolling`: same master, workers replaced one at a time (TTIN, proved up, TTOU): no wait (HUP instead when the release changes gunicorn.conf.py). `socket`: restart a socket-activated unit while systemd holds the socket. `usr2`: Gunicorn outside systemd (pidfile): USR2, new master proved, then TERM the old one. `restart`: last resort, drops requests.',
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
        description: 'Reports the release (JSON `release` or `version`); empty to skip the version check.',
    },
    url: {
        kind: 'string',
        pattern: /^https?:\/\/\S+$/,
        patternHint: 'an http(s) URL',
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
        description: 'How long the new workers (and each health gate) may take.',
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
        pattern: /^https?:\/\/\S+$/,
        patternHint: 'an http(s) URL',
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
        description: 'The step fails when the load probe sees more failed requests than this.',
    },
};
const outputs = {
    result: '`success` or `failure`.',
    'reloaded-hosts': 'Hosts whose reload passed the health gate, comma-separated.',
    'rolled-back-hosts': 'Hosts that were rolled back to the previous release, comma-separated.',
    'serving-release': 'The release the version path reported after the reload (the last host checked).',
    'load-requests': 'Load probe: requests sent.',
    'load-failed': 'Load probe: failed requests (errors and 5xx).',
    'load-p99-during': 'Load probe: p99 latency (ms) during the reloads.',
    report: 'Everything above as JSON (per host: strategy, masters, workers, health checks; load probe phases).',
};


/***/ }),

/***/ 9879:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   W: () => (/* binding */ fetchOnce)
/* harmony export */ });
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



function fetchOnce(url, o) {
    const u = new URL(url);
    const secure = u.protocol === 'https:';
    const started = performance.now();
    return new Promise((resolve, reject) => {
        const req = (secure ? (node_https__WEBPACK_IMPORTED_MODULE_1___default()) : (node_http__WEBPACK_IMPORTED_MODULE_0___default())).request({
            host: o.address ?? u.hostname,
            port: u.port || (secure ? 443 : 80),
            path: u.pathname + u.search,
            method: o.method ?? 'GET',
            headers: { Host: u.host, 'User-Agent': 'keel-smoke-check', Accept: '*/*' },
            timeout: o.timeoutMs,
            agent: false,
            ...(secure
                ? {
                    servername: u.hostname,
                    ca: o.ca ? [...node_tls__WEBPACK_IMPORTED_MODULE_2__.rootCertificates, o.ca] : undefined,
                    rejectUnauthorized: false, // judged below, so a bad certificate is reported, not just refused
                    minVersion: o.minVersion,
                    maxVersion: o.maxVersion,
                    ciphers: o.ciphers,
                }
                : {}),
        }, (res) => {
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
            let body = '';
            const limit = o.maxBodyBytes ?? 1_000_000;
            res.setEncoding('utf8');
            res.on('data', (c) => {
                if (body.length < limit)
                    body += c;
            });
            res.on('end', () => resolve({
                url,
                status: res.statusCode ?? 0,
                headers: res.headers,
                body,
                ms: performance.now() - started,
                tls,
            }));
        });
        req.on('timeout', () => req.destroy(new Error(`timed out after ${o.timeoutMs} ms`)));
        req.on('error', reject);
        req.end();
    });
}


/***/ }),

/***/ 7589:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  YL: () => (/* binding */ STRATEGIES),
  sQ: () => (/* binding */ emptyReloadResult),
  Cf: () => (/* binding */ reloadHost)
});

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/remote/quote.ts
var quote = __webpack_require__(4414);
// EXTERNAL MODULE: ./src/releases/deploy.ts + 2 modules
var deploy = __webpack_require__(469);
// EXTERNAL MODULE: ./src/releases/layout.ts
var releases_layout = __webpack_require__(5262);
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
 * before the reload is left, and at least as many are running as before.
 */
function isNewGeneration(before, now, sameMaster) {
    if (!now.master || !before.master)
        return false;
    if (sameMaster && procId(now.master) !== procId(before.master))
        return false;
    const old = new Set(before.workers.map(procId));
    return (now.workers.length >= Math.max(before.workers.length, 1) && now.workers.every((w) => !old.has(procId(w))));
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
    return {
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
async function askUpstream(session, upstream, path) {
    const t = upstreamTarget(upstream, path);
    const r = await session.run((0,quote.sh) `curl -sS --max-time 5 -w '\n%{http_code}' ${t.socket ? ['--unix-socket', t.socket] : []} ${t.url}`, { timeoutMs: 15_000 });
    if (r.code !== 0)
        throw new Error(r.stderr.trim().split('\n').pop() || `curl exited with ${r.code}`);
    const i = r.stdout.lastIndexOf('\n');
    return { status: Number(r.stdout.slice(i + 1).trim()), body: r.stdout.slice(0, i) };
}
async function askPublic(o, path) {
    const url = new URL(path, o.publicUrl.replace(/\/?$/, '/')).toString();
    const r = await (0,http/* fetchOnce */.W)(url, { timeoutMs: 5_000, address: o.publicAddress, ca: o.ca });
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
async function checkOnce(where, ask, o) {
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
            for (let i = 0; i < repeats; i++) {
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
/** Polls (250 ms, doubling to 2 s) until every gate passes at once, or the deadline passes. */
async function healthGate(session, o) {
    const started = Date.now();
    let delay = 250;
    for (;;) {
        const checks = [];
        let version;
        let ok = true;
        if (o.upstream) {
            const u = await checkOnce('upstream', (p) => askUpstream(session, o.upstream, p), o);
            checks.push(...u.checks);
            version = u.version;
            ok &&= u.ok;
        }
        if (ok && o.publicUrl) {
            const p = await checkOnce('public', (path) => askPublic(o, path), o);
            checks.push(...p.checks);
            version ??= p.version;
            ok &&= p.ok;
        }
        const seconds = Math.round((Date.now() - started) / 100) / 10;
        if (ok || Date.now() + delay > started + o.deadlineMs)
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
function systemdReloader(session, o, log, warnings) {
    const unit = o.unit;
    const host = session.endpoint.name;
    const mainPid = async () => (await unitState(session, unit)).mainPid;
    const master = (pid) => readGeneration(session, (0,quote.sh) `${pid}`);
    const sameMaster = async (before) => {
        const g = await master(await mainPid());
        if (!g.master || g.master.pid !== before.master.pid)
            throw new errors/* KeelError */.Ui(`${host}: the Gunicorn master of ${unit} exited during the reload (the new code failed to boot?):\n${await journalTail(session, unit)}`);
        return g;
    };
    const signal = (sig) => session.check(`sending ${sig} to the master of ${unit}`, (0,quote.sh) `sudo -n systemctl kill -s ${sig} --kill-whom=main ${unit}`);
    // HUP: the same master forks a new generation of workers and stops the old one.
    const hup = async (before) => {
        let stable;
        await session.check(`reloading ${unit}`, (0,quote.sh) `sudo -n systemctl reload ${unit}`, {
            timeoutMs: 120_000,
        });
        return waitFor(o.timeoutMs, async () => {
            const g = await sameMaster(before);
            // New workers that fail to boot exit within moments: the new generation must stay up for a second.
            if (!isNewGeneration(before, g, true))
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
    let config; // the master's config file, read by before()
    const configChanged = async () => {
        if (!o.deployPath)
            return undefined;
        const layout = new releases_layout/* Layout */.PE(o.deployPath);
        const prefix = `${layout.current}/`;
        if (!config?.startsWith(prefix))
            return undefined;
        // No config file (Gunicorn runs on its command line alone): nothing a new release could change.
        if ((await session.run((0,quote.sh) `test -f ${config}`)).code !== 0)
            return undefined;
        const id = await currentRelease(session, layout);
        const previous = o.previous ?? (id ? await releaseBefore(session, layout, id) : undefined);
        // The first release: the service was started on it (ssh-deploy starts a newly installed unit).
        if (previous === null)
            return false;
        if (!previous)
            return 'unknown';
        const r = await session.run((0,quote.sh) `cmp -s ${`${layout.release(previous)}/${config.slice(prefix.length)}`} ${config}`);
        return r.code === 0 ? false : r.code === 1 ? true : 'unknown';
    };
    // One worker at a time: one more (new code), proved up for a second, then the oldest one out.
    const rollWorkers = async (before) => {
        const changed = await configChanged();
        if (changed) {
            warnings.push(`${host}: ${changed === true ? "the new release changes Gunicorn's config file" : 'the release before this one (whose Gunicorn config the master runs with) is not known, so the config may have changed'}, which workers added one at a time would not get: reloaded with HUP instead (requests wait while the new workers boot)`);
            return hup(before);
        }
        const count = before.workers.length;
        for (let i = 0; i < count; i++) {
            const seen = new Set((await sameMaster(before)).workers.map(procId));
            await signal('TTIN');
            let stable;
            await waitFor(o.timeoutMs, async () => {
                const fresh = (await sameMaster(before)).workers.filter((w) => !seen.has(procId(w)));
                if (fresh.length === 0)
                    return undefined;
                const id = procId(fresh[0]);
                if (stable?.id !== id)
                    stable = { id, since: Date.now() };
                return Date.now() - stable.since >= 1_000 ? true : undefined;
            }, () => `${host}: the new worker of ${unit} did not come up within ${o.timeoutMs / 1000}s`);
            await signal('TTOU');
            // The oldest worker finishes its requests and exits; then the next one.
            await waitFor(o.timeoutMs, async () => ((await sameMaster(before)).workers.length <= count ? true : undefined), () => `${host}: an old worker of ${unit} did not exit within ${o.timeoutMs / 1000}s`);
            log.info(`${host}: worker ${i + 1}/${count} replaced`);
        }
        return waitFor(o.timeoutMs, async () => {
            const g = await sameMaster(before);
            return isNewGeneration(before, g, true) ? g : undefined;
        }, () => `${host}: the workers of ${unit} were not all replaced within ${o.timeoutMs / 1000}s`);
    };
    const self = {
        upstream: undefined,
        configHint: undefined,
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
            config = facts.config;
            if ((o.strategy === 'systemd' || o.strategy === 'rolling') && facts.preload)
                throw new errors/* KeelError */.Ui(`${host}: ${unit} runs Gunicorn with preload_app on: new workers would keep serving the old code. ` +
                    `Use strategy 'socket' (with a .socket unit) or 'restart', or turn preload_app off`, { field: 'strategy' });
            return master(u.mainPid);
        },
        async reload(before) {
            if (o.strategy === 'rolling')
                return rollWorkers(before);
            if (o.strategy === 'systemd')
                return hup(before);
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
            }, () => `${host}: ${unit} did not come back with workers within ${o.timeoutMs / 1000}s:\n(see journalctl -u ${unit})`);
        },
        async recover(before) {
            const u = await unitState(session, unit);
            // The same master still runs (it only served the bad code): reload it. Otherwise it died with the bad
            // code (or this strategy restarts anyway): start it again on the previous release.
            if ((o.strategy === 'systemd' || o.strategy === 'rolling') &&
                u.active &&
                u.mainPid > 0 &&
                u.mainPid === before.master?.pid) {
                const g = await master(u.mainPid);
                await self.reload(g);
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
    const upgrade = async (before) => {
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
                if (g.workers.length < Math.max(before.workers.length, 1))
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
            return g;
        },
        reload: upgrade,
        async recover() {
            const pid = await readPid(pidfile);
            if (pid !== undefined)
                await upgrade(await gen(pid));
        },
    };
    return self;
}
/** Imports the app on the host with its own Python, from the release `current` points to, before any reload. */
async function bootCheck(session, layout, o, python) {
    const code = 'import importlib, sys; sys.path.insert(0, "."); mod, _, attr = sys.argv[1].partition(":"); ' +
        'm = importlib.import_module(mod); attr and eval(attr, vars(m))';
    const r = await session.run((0,quote/* script */.K$)((0,quote.sh) `cd ${layout.current}/`, (0,quote.sh) `env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/tmp PYTHONDONTWRITEBYTECODE=1 ${python} -c ${code} ${o.bootCheck.module}`), { timeoutMs: 120_000 });
    if (r.code !== 0) {
        const tail = r.stderr.trim().split('\n').slice(-4).join('\n');
        throw new NotTouched(`${session.endpoint.name}: the new release does not import (${o.bootCheck.module}):\n${tail}`);
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
/**
 * The release that was current before `id`: from ssh-deploy's release log (null: `id` was the first), else the
 * newest good one before it.
 */
async function releaseBefore(session, layout, id) {
    const r = await session.run((0,quote/* script */.K$)((0,quote/* raw */.lS)('set +e'), (0,quote.sh) `grep -F ${`"release":${JSON.stringify(id)}`} ${layout.log}`));
    for (const line of r.stdout.trim().split('\n').reverse()) {
        try {
            const e = JSON.parse(line);
            if (e.release === id && e.status === 'deployed')
                return e.previous ?? null;
        }
        catch {
            /* not a log line */
        }
    }
    return (0,deploy/* goodReleaseBefore */.UY)((await (0,deploy/* listReleases */.tH)(session, layout)).releases, id);
}
async function currentRelease(session, layout) {
    const r = await session.run((0,quote/* script */.K$)((0,quote/* raw */.lS)('set +e'), (0,quote.sh) `readlink ${layout.current} | sed 's#^.*/##'`));
    return r.stdout.trim() || undefined;
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
    try {
        current = layout ? await currentRelease(session, layout) : undefined;
        result.expected = o.expected ?? current;
        before = await reloader.before();
        result.masterBefore = before.master?.pid;
        result.workersBefore = before.workers.length;
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
                await bootCheck(session, layout, o, python);
            else
                result.warnings.push(`${host}: boot check skipped: give 'python' (the app's interpreter)`);
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
            throw new errors/* KeelError */.Ui(`${host}: the health gate failed after the reload: ${failed.join('; ')}`);
        }
        if (o.proxy !== 'none')
            await reloadProxy(session, o.proxy);
        result.ok = true;
    }
    catch (error) {
        result.error = (0,errors/* errorMessage */.gJ)(error);
        if (error instanceof NotTouched)
            touched = false;
        const configError = error instanceof errors/* KeelError */.Ui && error.field !== undefined && !touched;
        if (o.rollback && layout && current && !configError) {
            await rollBack(session, layout, o, reloader, before, current, touched, result, log).catch((e) => {
                result.error += `; the rollback failed too: ${(0,errors/* errorMessage */.gJ)(e)}`;
            });
        }
        if (configError)
            throw error;
    }
    finally {
        result.seconds = Math.round((Date.now() - started) / 100) / 10;
    }
    return result;
}
/** The interpreter of a running master (its argv[0] when it is a Python), for the boot check. */
async function appPython(session, g) {
    if (!g.master)
        return undefined;
    const facts = await masterFacts(session, g.master.pid);
    const first = facts.argv[0];
    return first && /python[\d.]*$/.test(first) ? first : undefined;
}
async function rollBack(session, layout, o, reloader, before, bad, touched, result, log) {
    const host = session.endpoint.name;
    const { releases } = await (0,deploy/* listReleases */.tH)(session, layout);
    const target = o.previous ?? (0,deploy/* goodReleaseBefore */.UY)(releases, bad);
    if (!target) {
        result.error += `; no previous release to roll back to`;
        return;
    }
    log.warn(`${host}: ${result.error}; rolling back to ${target}`);
    await (0,deploy/* switchTo */.S_)(session, layout, target);
    await session.run((0,quote.sh) `touch ${`${layout.release(bad)}/.keel/bad`}`);
    if (touched)
        await reloader.recover(before);
    const gate = await healthGate(session, {
        ...o.gate,
        upstream: o.gate.upstream ?? reloader.upstream,
        expected: target,
    });
    result.gate = gate;
    result.serving = gate.version;
    result.rolledBackTo = target;
    await (0,deploy/* appendLog */.pm)(session, layout, {
        release: bad,
        previous: target,
        status: 'rolled-back',
        error: result.error,
    });
    result.error += `; rolled back to ${target}${gate.ok ? ', which is serving and healthy' : ', but it is NOT healthy'}`;
}


/***/ })

};
