export const id = 178;
export const ids = [178];
export const modules = {

/***/ 7985:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  connectionFrom: () => (/* binding */ connectionFrom)
});

// EXTERNAL MODULE: ./src/remote/hostkeys.ts
var hostkeys = __webpack_require__(2838);
;// CONCATENATED MODULE: ./src/config/hosts.ts

const HOSTNAME = /^(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const IPV6 = /^[0-9A-Fa-f:.]+$/;
const USER = /^[a-z_][a-z0-9_.-]{0,31}$/i;
/** Parses `[user@]host[:port]` (IPv6 as `[addr]:port`). Returns an error text instead of throwing. */
function parseHostAddress(text) {
    const m = /^(?:([^@\s]+)@)?(?:\[([^\]]+)\]|([^:\s]+))(?::(\d+))?$/.exec(text.trim());
    if (!m)
        return `${JSON.stringify(text)} is not of the form [user@]host[:port]`;
    const [, user, v6, name, portText] = m;
    const host = (v6 ?? name);
    if (v6 !== undefined ? !(IPV6.test(v6) && v6.includes(':')) : !(IPV4.test(host) || HOSTNAME.test(host))) {
        return `${JSON.stringify(host)} is not a host name or IP address`;
    }
    if (user !== undefined && !USER.test(user))
        return `${JSON.stringify(user)} is not a valid user name`;
    const port = portText === undefined ? 22 : Number(portText);
    if (!(port >= 1 && port <= 65535))
        return `port ${portText} is out of range (1-65535)`;
    return { host, port, user };
}
function trustFor(host, port, inputs, problems) {
    const notes = [];
    const keys = inputs.knownHosts ? (0,hostkeys/* knownHostKeys */._d)(inputs.knownHosts, host, port, notes) : [];
    for (const n of new Set(notes))
        problems.push({ field: 'known-hosts', message: n });
    const fingerprints = [];
    for (const line of inputs.fingerprints) {
        const parts = line.split(/\s+/);
        const [scope, value] = parts.length >= 2 ? [parts[0], parts[parts.length - 1]] : [undefined, parts[0]];
        const fp = (0,hostkeys/* normaliseFingerprint */.Zd)(value ?? '');
        if (!fp) {
            problems.push({
                field: 'host-fingerprints',
                message: `${JSON.stringify(line)} is not a SHA256 fingerprint (SHA256:<43 base64 characters>)`,
            });
            continue;
        }
        if (scope === undefined ||
            scope === host ||
            scope === `${host}:${port}` ||
            scope === `[${host}]:${port}`) {
            fingerprints.push(fp);
        }
    }
    return { keys, fingerprints, trustOnFirstUse: inputs.trustOnFirstUse };
}
/** Builds verified endpoints for every listed host, collecting problems instead of stopping at the first. */
function endpointsFrom(list, defaults, trust, field, problems) {
    const out = [];
    for (const item of list) {
        const parsed = parseHostAddress(item);
        if (typeof parsed === 'string') {
            problems.push({ field, message: parsed });
            continue;
        }
        const user = parsed.user ?? defaults.user;
        if (!user) {
            problems.push({ field, message: `no user for ${parsed.host}: give 'user' or write user@host` });
            continue;
        }
        if (!USER.test(user)) {
            problems.push({ field: 'user', message: `${JSON.stringify(user)} is not a valid user name` });
            continue;
        }
        const port = item.match(/:\d+$/) ? parsed.port : defaults.port;
        const hostTrust = trustFor(parsed.host, port, trust, problems);
        out.push({ name: parsed.host, host: parsed.host, port, user, trust: hostTrust });
    }
    return out;
}

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./node_modules/ssh2/lib/index.js
var lib = __webpack_require__(5472);
var lib_default = /*#__PURE__*/__webpack_require__.n(lib);
;// CONCATENATED MODULE: ./src/remote/keys.ts
/**
 * Private keys as users paste them into secrets: OpenSSH (new format), PEM (RSA, ECDSA), ed25519, with or
 * without passphrase, with CRLF line ends, stray indentation or no trailing newline. Problems are reported
 * by input name and never include the key itself.
 */


function normaliseKeyText(text) {
    const lines = text
        .replace(/\r\n?/g, '\n')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '');
    return lines.join('\n') + '\n';
}
function parsePrivateKey(text, passphrase, field = 'ssh-key') {
    const normalised = normaliseKeyText(text);
    if (!/^-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----\n/.test(normalised)) {
        const hint = /^(ssh-|ecdsa-)/.test(normalised)
            ? 'this looks like a public key; give the private key (the file without .pub)'
            : 'expected a private key starting with -----BEGIN ... PRIVATE KEY-----';
        throw new errors/* KeelError */.Ui(`input '${field}': not a private key: ${hint}`, { field });
    }
    if (/^-----BEGIN ENCRYPTED PRIVATE KEY-----/.test(normalised)) {
        throw new errors/* KeelError */.Ui(`input '${field}': PKCS#8 encrypted keys are not supported; convert it with ` +
            '`ssh-keygen -p -f KEY` (OpenSSH format keeps the passphrase)', { field });
    }
    const pass = passphrase === undefined || passphrase === '' ? undefined : passphrase;
    const parsed = lib_default().utils.parseKey(normalised, pass);
    if (parsed instanceof Error) {
        const msg = parsed.message;
        if (/no passphrase/i.test(msg)) {
            throw new errors/* KeelError */.Ui(`input '${field}': the key is encrypted; give its passphrase in 'ssh-passphrase'`, {
                field: 'ssh-passphrase',
            });
        }
        if (pass !== undefined && /(decrypt|bad|integrity|passphrase)/i.test(msg)) {
            throw new errors/* KeelError */.Ui(`input 'ssh-passphrase': the passphrase does not decrypt the key in '${field}'`, {
                field: 'ssh-passphrase',
            });
        }
        throw new errors/* KeelError */.Ui(`input '${field}': the private key cannot be read (${msg})`, { field });
    }
    const key = Array.isArray(parsed) ? parsed[0] : parsed;
    if (!key)
        throw new errors/* KeelError */.Ui(`input '${field}': the private key cannot be read`, { field });
    return { text: normalised, passphrase: pass, type: key.type };
}

;// CONCATENATED MODULE: ./src/actions/common/connection.ts



function connectionFrom(inputs, log) {
    const problems = [];
    const trust = {
        knownHosts: inputs['known-hosts'],
        fingerprints: inputs['host-fingerprints'],
        trustOnFirstUse: inputs['trust-on-first-use'],
    };
    const defaults = { user: inputs.user, port: inputs.port };
    const endpoints = endpointsFrom(inputs.hosts, defaults, trust, 'hosts', problems);
    const jumps = endpointsFrom(inputs['jump-hosts'], defaults, trust, 'jump-hosts', problems);
    if (inputs.hosts.length === 0)
        problems.push({ field: 'hosts', message: 'is required but was not given' });
    const keyText = inputs['ssh-key'];
    if ((keyText ?? '').trim() === '' && (inputs.password ?? '') === '') {
        problems.push({
            field: 'ssh-key',
            message: "no credentials: give 'ssh-key' (or, discouraged, 'password')",
        });
    }
    if (problems.length > 0)
        throw new errors/* InputError */.dz(problems);
    const credentials = {};
    if (keyText && keyText.trim() !== '') {
        credentials.key = parsePrivateKey(keyText, inputs['ssh-passphrase']);
    }
    else if (inputs['ssh-passphrase']) {
        throw new errors/* KeelError */.Ui("input 'ssh-passphrase' is given but 'ssh-key' is not", { field: 'ssh-passphrase' });
    }
    if (inputs.password) {
        credentials.password = inputs.password;
        log.warn('password authentication is in use; a key (ssh-key) is safer', 'password');
    }
    if (inputs['trust-on-first-use']) {
        log.warn('trust-on-first-use is on: host keys are accepted without verification', 'trust-on-first-use');
    }
    return {
        endpoints,
        credentials,
        options: {
            connectTimeoutMs: inputs['connect-timeout'],
            keepaliveIntervalMs: 10_000,
            retries: inputs['connect-retries'],
            retryDelayMs: 1_000,
            jumps,
        },
    };
}


/***/ }),

/***/ 2685:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   inputs: () => (/* binding */ inputs),
/* harmony export */   outputs: () => (/* binding */ outputs),
/* harmony export */   state: () => (/* binding */ state)
/* harmony export */ });
/* harmony import */ var _releases_layout_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5262);
/* harmony import */ var _common_connection_inputs_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1855);


const inputs = {
    ..._common_connection_inputs_js__WEBPACK_IMPORTED_MODULE_1__/* .connectionInputs */ .e,
    mode: {
        kind: 'choice',
        choices: ['deploy', 'rollback', 'check'],
        default: 'deploy',
        description: '`deploy` a new release; `rollback` to the previous good release (or `rollback-to`); `check` every host (host key, login, bash, python3, sudo, systemd, deploy path, free space) without changing anything.',
    },
    'deploy-path': {
        kind: 'string',
        pattern: /^\/(?!.*(?:^|\/)\.\.?(?:\/|$))[A-Za-z0-9._/-]*[A-Za-z0-9._-]$/,
        patternHint: 'an absolute path other than / made of letters, digits, . _ - and / (no .. segments)',
        description: 'Directory on the hosts that holds releases/, current and shared/.',
    },
    'min-free-space': {
        kind: 'integer',
        default: '512',
        min: 0,
        description: 'MiB that must be free on the file system of deploy-path.',
    },
    'require-sudo': {
        kind: 'boolean',
        default: 'false',
        description: 'Fail the check when the SSH user cannot run `sudo -n` (needed to install units and proxy sites).',
    },
    service: {
        kind: 'string',
        pattern: /^[A-Za-z0-9:_.@-]+$/,
        patternHint: 'a systemd unit name',
        description: 'A systemd unit that must be active (its state is reported).',
    },
    source: {
        kind: 'string',
        default: '.',
        description: 'The directory to release, relative to the workspace.',
    },
    exclude: {
        kind: 'list',
        description: 'Glob patterns (one a line) of paths not to ship, e.g. `tests/**`. `.git`, `__pycache__` and `*.pyc` are never shipped.',
    },
    'release-id': {
        kind: 'string',
        pattern: _releases_layout_js__WEBPACK_IMPORTED_MODULE_0__/* .RELEASE_ID */ .uX,
        patternHint: 'letters, digits, . _ - (up to 100, not starting with . or -)',
        description: 'The release directory name. Default: UTC time and short commit SHA, e.g. `20261122T234500Z-abc1234` (sortable).',
    },
    shared: {
        kind: 'list',
        description: 'Paths kept across releases in `shared/` and linked into each release, one a line; a trailing `/` marks a directory (e.g. `.env`, `media/`).',
    },
    keep: {
        kind: 'integer',
        default: '5',
        min: 1,
        max: 100,
        description: 'Releases to keep on each host; the current and the previous one are never removed.',
    },
    venv: {
        kind: 'choice',
        choices: ['auto', 'on', 'off'],
        default: 'auto',
        description: 'Build a Python virtualenv (`.venv` in the release) from `requirements.txt`: `auto` when the file exists. Releases with the same requirements share one.',
    },
    'venv-system-site-packages': {
        kind: 'boolean',
        default: 'false',
        description: "Let the virtualenv see the system Python packages (e.g. Debian's python3-* packages).",
    },
    'wheels-dir': {
        kind: 'string',
        pattern: /^\/[A-Za-z0-9._/@+-]*$/,
        patternHint: 'an absolute path on the host',
        description: 'Install from wheels in this directory on the host only (offline: `pip --no-index --find-links`).',
    },
    'pip-args': { kind: 'list', description: 'Extra arguments for `pip install`, one a line.' },
    build: {
        kind: 'text',
        description: 'A bash script run in the new release before it is finished (e.g. collectstatic). A failure fails the deploy; nothing goes live.',
    },
    'before-switch': {
        kind: 'text',
        description: 'A bash script run in the finished release just before the switch (e.g. migrations). A failure fails the deploy; nothing goes live.',
    },
    'after-switch': {
        kind: 'text',
        description: 'A bash script run after the switch. A failure switches back to the previous release.',
    },
    'reload-unit': {
        kind: 'string',
        pattern: /^[A-Za-z0-9:_.@-]+$/,
        patternHint: 'a systemd unit name',
        description: "A systemd unit to `systemctl reload` after the switch (and after a switch back). Proving the reload is reload-graceful's job.",
    },
    'lock-wait': {
        kind: 'duration',
        default: '0s',
        description: "How long to wait for another deploy's lock on a host before failing.",
    },
    'lock-ttl': {
        kind: 'duration',
        default: '30m',
        minMs: 60_000,
        description: 'After this long a lock counts as abandoned (a runner that died) and the next deploy breaks it.',
    },
    'max-parallel': {
        kind: 'integer',
        default: '10',
        min: 1,
        max: 256,
        description: 'Hosts worked on at the same time.',
    },
    'batch-size': {
        kind: 'string',
        default: 'all',
        description: 'Rolling deploys: `all`, a number of hosts, or a percentage (`25%`). A failed batch stops the rollout.',
    },
    'batch-wait': { kind: 'duration', default: '0s', description: 'Pause between batches.' },
    'rollback-to': {
        kind: 'string',
        pattern: _releases_layout_js__WEBPACK_IMPORTED_MODULE_0__/* .RELEASE_ID */ .uX,
        patternHint: 'a release id',
        description: 'With mode `rollback`: the release to return to (default: the newest good one before the current).',
    },
    'rendered-dir': {
        kind: 'string',
        description: "render-config's output directory (its `dir` output): gunicorn.conf.py ships in the release; the host-level files are installed (see `install-config`).",
    },
    'install-config': {
        kind: 'boolean',
        default: 'true',
        description: 'With `rendered-dir`: install the host-level files too (systemd units, the Nginx or Caddy site, logrotate rules) as root through `sudo -n`, only those that changed, checked on the host (`nginx -t`, `caddy validate`, `systemd-analyze verify`, `logrotate -d`) and put back if anything fails.',
    },
    'github-deployment': {
        kind: 'boolean',
        default: 'false',
        description: 'Record the deploy (and rollbacks) as a GitHub Deployment of `environment`: `in_progress`, then `success` with `environment-url`, or `failure`. Needs `permissions: deployments: write`.',
    },
    environment: {
        kind: 'string',
        default: 'production',
        pattern: /^[A-Za-z0-9._ -]{1,255}$/,
        patternHint: 'an environment name',
        description: 'The GitHub environment the deployment is for.',
    },
    'environment-url': {
        kind: 'string',
        pattern: /^https?:\/\/\S+$/,
        patternHint: 'an http(s) URL',
        description: 'The URL shown on the deployment, e.g. `https://shop.example.com`.',
    },
    'github-token': {
        kind: 'string',
        secret: true,
        default: '${{ github.token }}',
        description: 'Token for the Deployments API.',
    },
};
const outputs = {
    status: '`success` or `failure`.',
    hosts: 'JSON array, one object per host (check: checks and facts; deploy: release, previous, files sent, bytes; rollback: from, to).',
    'failed-hosts': 'Hosts that failed, comma-separated (empty when all passed).',
    'release-id': 'The release deployed (deploy) or returned to (rollback).',
    'previous-release': 'The release that was current before, on the first host.',
    'uploaded-bytes': 'Compressed bytes sent, all hosts together.',
    'deployment-id': 'The GitHub deployment id, when `github-deployment` is on.',
};
/** Saved for the post step: the locks held (and where), so they are released even when the job is cancelled. */
const state = { locks: 'locks', deployPath: 'deploy-path' };


/***/ }),

/***/ 7178:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  GZ: () => (/* binding */ checkHosts),
  H_: () => (/* binding */ deployRelease),
  Pr: () => (/* binding */ releaseLeftLocks),
  w6: () => (/* binding */ rollbackRelease),
  rv: () => (/* binding */ validateDeployInputs)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 14 modules
var core = __webpack_require__(6421);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/releases/files.ts
var releases_files = __webpack_require__(953);
// EXTERNAL MODULE: ./src/releases/fleet.ts
var releases_fleet = __webpack_require__(5550);
// EXTERNAL MODULE: ./src/releases/layout.ts
var releases_layout = __webpack_require__(5262);
// EXTERNAL MODULE: ./src/remote/ssh.ts
var ssh = __webpack_require__(8136);
// EXTERNAL MODULE: ./src/releases/deploy.ts + 2 modules
var deploy = __webpack_require__(469);
// EXTERNAL MODULE: ./src/releases/archive.ts
var archive = __webpack_require__(596);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/remote/quote.ts
var quote = __webpack_require__(4414);
// EXTERNAL MODULE: ./src/releases/lock.ts
var lock = __webpack_require__(8403);
;// CONCATENATED MODULE: ./src/releases/rollback.ts
/** Rollback on one host: back to the previous good release (or a named one), the bad one marked, a reload. */





async function rollbackHost(session, layout, o, log) {
    const host = session.endpoint.name;
    const result = { host, ok: false, from: undefined, to: undefined, error: undefined };
    const token = (0,external_node_crypto_.randomUUID)();
    const now = new Date();
    let locked = false;
    try {
        await (0,lock/* acquireLock */.I)(session, layout, {
            token,
            run: o.run.id,
            actor: o.run.actor,
            release: `rollback${o.target ? ` to ${o.target}` : ''}`,
            started: now.toISOString(),
            expires: new Date(now.getTime() + o.lock.ttlMs).toISOString(),
        }, o.lock, log);
        locked = true;
        o.onLock?.(token, true);
        const { releases, current } = await (0,deploy/* listReleases */.tH)(session, layout);
        result.from = current;
        let target;
        if (o.target) {
            if (!releases.some((r) => r.id === o.target)) {
                throw new errors/* KeelError */.Ui(`${host}: release ${o.target} does not exist (there are: ${releases.map((r) => r.id).join(', ') || 'none'})`, { field: 'rollback-to' });
            }
            if (o.target === current)
                throw new errors/* KeelError */.Ui(`${host}: ${o.target} is already the current release`, { field: 'rollback-to' });
            target = o.target;
        }
        else {
            target = (0,deploy/* goodReleaseBefore */.UY)(releases, current);
            if (!target)
                throw new errors/* KeelError */.Ui(`${host}: there is no good release before ${current ?? 'the current one'} to roll back to`);
        }
        await (0,deploy/* switchTo */.S_)(session, layout, target);
        result.to = target;
        if (current)
            await session.run((0,quote.sh) `mkdir -p ${`${layout.release(current)}/.keel`} && touch ${`${layout.release(current)}/.keel/bad`}`);
        if (o.reloadUnit)
            await session.check(`reloading ${o.reloadUnit}`, (0,deploy/* reloadCommand */.Bo)(o.reloadUnit), { timeoutMs: 300_000 });
        await (0,deploy/* appendLog */.pm)(session, layout, {
            release: target,
            previous: current ?? null,
            status: 'rolled-back',
            ...o.run,
        });
        log.info(`${host}: rolled back from ${current ?? '-'} to ${target}`);
        result.ok = true;
    }
    catch (error) {
        result.error = (0,errors/* errorMessage */.gJ)(error);
    }
    finally {
        if (locked)
            await (0,lock.releaseLock)(session, layout, token)
                .then(() => o.onLock?.(token, false))
                .catch(() => undefined);
    }
    return result;
}

;// CONCATENATED MODULE: ./src/releases/run.ts
/**
 * Deploys and rollbacks across hosts: one verified SSH session per host, the fleet rules (parallel or rolling
 * batches), and one result per host, including the hosts a failed batch kept from being touched.
 */






async function deployFleet(c, deployPath, options, fleet, log, onLock) {
    const layout = new releases_layout/* Layout */.PE(deployPath);
    // More than one host: archives are packed once for all of them (on one host, streamed as packed).
    const archives = c.endpoints.length > 1 ? await archive/* ArchiveCache */.t.create() : undefined;
    const perHost = { ...options, createdAt: new Date(), ...(archives ? { archives } : {}) };
    let outcome;
    try {
        outcome = await (0,releases_fleet/* rollOut */.Of)(c.endpoints, fleet.batch, fleet.maxParallel, fleet.batchWaitMs, (endpoint) => (0,ssh/* withSession */.fQ)(c, endpoint, log, (s) => (0,deploy/* deployToHost */.Tx)(s, layout, { ...perHost, onLock: (t, held) => onLock(endpoint, t, held) }, log), (error) => (0,deploy/* emptyResult */.$)(endpoint.name, options.releaseId, error)), (b, n, total) => {
            if (total > 1)
                log.info(`batch ${b + 1}/${total}: ${n} host(s)`);
        });
    }
    finally {
        await archives?.dispose();
    }
    return outcome.results.map((r, i) => r ?? { host: c.endpoints[i].name, ok: false, skipped: true });
}
async function rollbackFleet(c, deployPath, options, fleet, log, onLock) {
    const layout = new releases_layout/* Layout */.PE(deployPath);
    const outcome = await (0,releases_fleet/* rollOut */.Of)(c.endpoints, fleet.batch, fleet.maxParallel, fleet.batchWaitMs, (endpoint) => (0,ssh/* withSession */.fQ)(c, endpoint, log, (s) => rollbackHost(s, layout, { ...options, onLock: (t, held) => onLock(endpoint, t, held) }, log), (error) => ({ host: endpoint.name, ok: false, from: undefined, to: undefined, error })));
    return outcome.results.map((r, i) => r ?? { host: c.endpoints[i].name, ok: false, skipped: true });
}
/** The post step's job: release locks a cancelled or crashed main step left behind (only its own tokens). */
async function releaseLocks(c, deployPath, locks, log) {
    const { releaseLock } = await Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 8403));
    const layout = new releases_layout/* Layout */.PE(deployPath);
    const released = [];
    await Promise.all(c.endpoints
        .filter((e) => locks.some((l) => l.host === e.name))
        .map((e) => (0,ssh/* withSession */.fQ)(c, e, log, async (s) => {
        for (const l of locks.filter((x) => x.host === e.name))
            if (await releaseLock(s, layout, l.token))
                released.push(e.name);
    }, (error) => log.warn(`${e.name}: could not release the deploy lock: ${error}`))));
    return released;
}

// EXTERNAL MODULE: ./src/releases/shared.ts
var releases_shared = __webpack_require__(1613);
// EXTERNAL MODULE: ./src/concurrency.ts
var src_concurrency = __webpack_require__(1532);
;// CONCATENATED MODULE: ./src/remote/preflight.ts



/** The facts script: prints `key=value` lines and never fails on a missing tool. */
function factsScript(options) {
    const path = options.deployPath ?? '';
    return (0,quote/* script */.K$)((0,quote/* raw */.lS)('set +e'), (0,quote/* raw */.lS)(`echo "os=$( . /etc/os-release 2>/dev/null && echo "$PRETTY_NAME" || uname -s)"`), (0,quote/* raw */.lS)('echo "kernel=$(uname -r)"'), (0,quote/* raw */.lS)('echo "bash=${BASH_VERSION}"'), (0,quote/* raw */.lS)('echo "python3=$(python3 -c "import sys; print(sys.version.split()[0])" 2>/dev/null || echo missing)"'), (0,quote/* raw */.lS)('echo "sudo=$(sudo -n true 2>/dev/null && echo yes || echo no)"'), (0,quote/* raw */.lS)('echo "init=$(ps -o comm= -p 1 2>/dev/null || echo unknown)"'), (0,quote/* raw */.lS)('echo "systemd=$(systemctl is-system-running 2>/dev/null || true)"'), (0,quote/* raw */.lS)('echo "cpus=$(nproc 2>/dev/null || echo 1)"'), (0,quote.sh) `p=${path}`, (0,quote/* raw */.lS)('if [ -n "$p" ]; then'), (0,quote/* raw */.lS)('  q="$p"; while [ ! -e "$q" ] && [ "$q" != / ]; do q=$(dirname "$q"); done'), (0,quote/* raw */.lS)('  echo "path.exists=$([ -e "$p" ] && echo yes || echo no)"'), (0,quote/* raw */.lS)('  echo "path.checked=$q"'), (0,quote/* raw */.lS)('  echo "path.writable=$([ -w "$q" ] && echo yes || echo no)"'), (0,quote/* raw */.lS)(`  echo "path.freeMiB=$(df -Pk "$q" 2>/dev/null | awk 'NR==2 {print int($4/1024)}')"`), (0,quote/* raw */.lS)('fi'), ...(options.service
        ? [
            (0,quote.sh) `s=${options.service}`,
            (0,quote/* raw */.lS)('echo "service.state=$(systemctl is-active "$s" 2>/dev/null || true)"'),
        ]
        : []));
}
function parseFacts(stdout) {
    const facts = {};
    for (const line of stdout.split('\n')) {
        const i = line.indexOf('=');
        if (i > 0)
            facts[line.slice(0, i)] = line.slice(i + 1).trim();
    }
    return facts;
}
function judge(facts, options) {
    const checks = [];
    checks.push({ name: 'bash', ok: (facts.bash ?? '') !== '', detail: facts.bash || 'missing' });
    checks.push({ name: 'python3', ok: facts.python3 !== 'missing', detail: facts.python3 ?? 'unknown' });
    checks.push({
        name: 'sudo',
        ok: !options.requireSudo || facts.sudo === 'yes',
        detail: facts.sudo === 'yes' ? 'passwordless' : 'not available without a password',
    });
    const running = facts.systemd ?? '';
    checks.push({
        name: 'systemd',
        ok: true,
        detail: facts.init === 'systemd'
            ? `PID 1, ${running || 'state unknown'}`
            : `not PID 1 (${facts.init ?? 'unknown'})`,
    });
    if (options.deployPath) {
        const free = Number(facts['path.freeMiB'] ?? 'NaN');
        const writable = facts['path.writable'] === 'yes';
        checks.push({
            name: 'deploy path',
            ok: writable,
            detail: `${options.deployPath} ${facts['path.exists'] === 'yes' ? 'exists' : `(nearest: ${facts['path.checked'] ?? '?'})`}, ${writable ? 'writable' : 'NOT writable'}`,
        });
        checks.push({
            name: 'free space',
            ok: Number.isFinite(free) && free >= options.minFreeMiB,
            detail: Number.isFinite(free) ? `${free} MiB (need ${options.minFreeMiB})` : 'unknown',
        });
    }
    if (options.service) {
        const state = facts['service.state'] || 'unknown';
        checks.push({ name: `service ${options.service}`, ok: state === 'active', detail: state });
    }
    return checks;
}
/** Connects to one host (verifying its key), gathers facts, judges them. Never throws. */
async function preflightHost(c, endpoint, options, log) {
    return (0,ssh/* withSession */.fQ)(c, endpoint, log, async (session) => {
        const hostKey = `${session.hostKey.type} ${session.hostKey.fingerprint} (${session.hostKey.how})`;
        if (session.hostKey.how === 'trust-on-first-use') {
            log.warn(`${endpoint.name}: host key trusted on first use: ${session.hostKey.fingerprint}; pin it`);
        }
        const result = await session.check('preflight', factsScript(options), { timeoutMs: 60_000 });
        const facts = parseFacts(result.stdout);
        const checks = judge(facts, options);
        return { host: endpoint.name, ok: checks.every((c) => c.ok), hostKey, facts, checks, error: undefined };
    }, (error) => ({
        host: endpoint.name,
        ok: false,
        hostKey: undefined,
        facts: {},
        checks: [],
        error,
    }));
}
/** Preflight of many hosts at once, at most `concurrency` at a time, results in the order given. */
function preflight(c, options, log, concurrency = 8) {
    return (0,src_concurrency/* mapLimited */.b)(c.endpoints, concurrency, (e) => preflightHost(c, e, options, log));
}

// EXTERNAL MODULE: ./src/report/summary.ts
var summary = __webpack_require__(7994);
;// CONCATENATED MODULE: ./src/report/deploy.ts

const kib = (b) => `${(b / 1024).toFixed(0)} KiB`;
function deployReport(release, results) {
    const ok = results.every((r) => r.ok);
    return {
        title: `keel deploy ${release}: ${results.filter((r) => r.ok).length}/${results.length} hosts`,
        status: ok ? 'ok' : 'failed',
        tables: [
            {
                headers: [
                    'host',
                    'result',
                    'previous',
                    'sent',
                    'unchanged',
                    'removed',
                    'bytes',
                    'seconds',
                    'problem',
                ],
                rows: results.map((r) => 'skipped' in r
                    ? [r.host, 'skipped', '-', '-', '-', '-', '-', '-', 'not attempted: an earlier batch failed']
                    : [
                        r.host,
                        r.ok ? 'pass' : r.rolledBack ? 'FAIL (switched back)' : 'FAIL',
                        r.previous ?? '-',
                        String(r.uploadedFiles),
                        String(r.unchangedFiles),
                        String(r.removedFiles),
                        kib(r.uploadedBytes),
                        String(r.seconds),
                        r.error ?? (r.pruned.length ? `pruned ${r.pruned.join(', ')}` : '-'),
                    ]),
            },
        ],
    };
}
function rollbackReport(results) {
    return {
        title: `keel rollback: ${results.filter((r) => r.ok).length}/${results.length} hosts`,
        status: results.every((r) => r.ok) ? 'ok' : 'failed',
        tables: [
            {
                headers: ['host', 'result', 'from', 'to', 'problem'],
                rows: results.map((r) => 'skipped' in r
                    ? [r.host, 'skipped', '-', '-', 'not attempted: an earlier batch failed']
                    : [r.host, (0,summary/* mark */.Gy)(r.ok), r.from ?? '-', r.to ?? '-', r.error ?? '-']),
            },
        ],
    };
}

;// CONCATENATED MODULE: ./src/report/preflight.ts

function preflightReport(reports) {
    const ok = reports.every((r) => r.ok);
    return {
        title: `keel host check: ${reports.filter((r) => r.ok).length}/${reports.length} hosts ready`,
        status: ok ? 'ok' : 'failed',
        tables: [
            {
                headers: ['host', 'result', 'host key', 'os', 'python3', 'sudo', 'systemd', 'problems'],
                rows: reports.map((r) => [
                    r.host,
                    (0,summary/* mark */.Gy)(r.ok),
                    r.hostKey ?? '-',
                    r.facts.os ?? '-',
                    r.facts.python3 ?? '-',
                    r.facts.sudo ?? '-',
                    r.facts.init === 'systemd' ? r.facts.systemd || 'yes' : r.facts.init ? 'no' : '-',
                    r.error ??
                        (r.checks
                            .filter((c) => !c.ok)
                            .map((c) => `${c.name}: ${c.detail}`)
                            .join('; ') ||
                            '-'),
                ]),
            },
        ],
    };
}

// EXTERNAL MODULE: ./src/actions/common/connection.ts + 2 modules
var connection = __webpack_require__(7985);
// EXTERNAL MODULE: ./src/actions/ssh-deploy/inputs.ts
var inputs = __webpack_require__(2685);
;// CONCATENATED MODULE: ./src/actions/ssh-deploy/stage.ts
/**
 * ssh-deploy's work, shared by its own entry and the root pipeline action: parsed inputs and a connection in,
 * outputs, reports and key figures out (a failure after the hosts were touched is returned, not thrown, so
 * the outputs and reports are still written).
 */














const workspace = () => process.env.GITHUB_WORKSPACE ?? process.cwd();
function runContext() {
    return {
        id: `${process.env.GITHUB_REPOSITORY ?? 'local'}#${process.env.GITHUB_RUN_ID ?? '0'}.${process.env.GITHUB_RUN_ATTEMPT ?? '1'}`,
        actor: process.env.GITHUB_ACTOR ?? process.env.USER ?? 'unknown',
        sha: process.env.GITHUB_SHA ?? '',
        repository: process.env.GITHUB_REPOSITORY ?? '',
    };
}
/**
 * Input checks that need more than one input, all before any host is touched. `renderedLater`: the
 * rendered directory is made by an earlier pipeline stage, so it cannot be checked yet.
 */
function validateDeployInputs(inputs, options = {}) {
    const problems = [];
    if (!inputs['deploy-path'])
        problems.push({ field: 'deploy-path', message: `is required for mode ${inputs.mode}` });
    const batch = (0,releases_fleet/* parseBatchSize */.DV)(inputs['batch-size']);
    if (typeof batch === 'string')
        problems.push({ field: 'batch-size', message: batch });
    if (inputs.mode === 'deploy') {
        const source = (0,external_node_path_.resolve)(workspace(), inputs.source);
        if (!(0,external_node_fs_.existsSync)(source) || !(0,external_node_fs_.statSync)(source).isDirectory()) {
            problems.push({ field: 'source', message: `${inputs.source} is not a directory in the workspace` });
        }
        const shared = (0,releases_layout/* parseShared */.fj)(inputs.shared);
        for (const p of [...shared.problems, ...(0,releases_shared/* sharedPathProblems */.F)(shared.shared)])
            problems.push({ field: 'shared', message: p });
        for (const p of (0,releases_files/* excludeProblems */.BC)(inputs.exclude))
            problems.push({ field: 'exclude', message: p });
        if (inputs['rendered-dir'] &&
            !options.renderedLater &&
            !(0,external_node_fs_.existsSync)((0,external_node_path_.join)((0,external_node_path_.resolve)(workspace(), inputs['rendered-dir']), 'manifest.json'))) {
            problems.push({
                field: 'rendered-dir',
                message: `${inputs['rendered-dir']} has no manifest.json (give render-config's dir output)`,
            });
        }
    }
    if (inputs.mode !== 'rollback' && inputs['rollback-to'])
        problems.push({ field: 'rollback-to', message: 'is only used with mode: rollback' });
    if (problems.length)
        throw new errors/* InputError */.dz(problems);
    return { batch: batch, deployPath: inputs['deploy-path'] };
}
/**
 * Remembers each lock held (and where) in the step state, for the post step: taken ones are added, released
 * ones removed, so after a run that ended normally the post step has nothing to do and connects nowhere.
 */
function lockRecorder(deployPath) {
    let locks = [];
    core/* saveState */.LZ(inputs.state.deployPath, deployPath);
    return (e, token, held) => {
        locks = held ? [...locks, { host: e.name, token }] : locks.filter((l) => l.token !== token);
        core/* saveState */.LZ(inputs.state.locks, JSON.stringify(locks));
    };
}
/** The post step of ssh-deploy and of the pipeline: release any deploy lock the main step still held. */
async function releaseLeftLocks(readConnectionInputs, log) {
    const saved = core/* getState */.Gu(inputs.state.locks);
    const deployPath = core/* getState */.Gu(inputs.state.deployPath);
    if (!saved || !deployPath)
        return;
    const locks = JSON.parse(saved);
    if (locks.length === 0)
        return;
    const released = await releaseLocks((0,connection.connectionFrom)(readConnectionInputs(), log), deployPath, locks, log);
    for (const h of released)
        core/* warning */.$e(`${h}: released the deploy lock the main step left behind`, { title: 'keel: lock' });
}
/** render-config's output: files for the release itself (gunicorn.conf.py) and for the host (units, site, ...). */
function rendered(dir, installConfig) {
    if (!dir)
        return { extra: [], hostFiles: [], units: { service: undefined, socket: undefined } };
    const root = (0,external_node_path_.resolve)(workspace(), dir);
    const manifest = JSON.parse((0,external_node_fs_.readFileSync)((0,external_node_path_.join)(root, 'manifest.json'), 'utf8'));
    const content = (name) => (0,external_node_fs_.readFileSync)((0,external_node_path_.join)(root, name), 'utf8');
    return {
        extra: manifest.files
            .filter((f) => f.scope === 'release')
            .map((f) => ({ path: f.install, content: content(f.name), mode: parseInt(f.mode, 8) })),
        hostFiles: installConfig
            ? manifest.files
                .filter((f) => f.scope === 'host' && f.kind !== 'alerts')
                .map((f) => ({ ...f, content: content(f.name) }))
            : [],
        units: { service: manifest.service, socket: manifest.socket ?? undefined },
    };
}
/** What deploys and rollbacks share on each host: the reload, the lock, who is running it. */
function hostOptions(inputs) {
    return {
        reloadUnit: inputs['reload-unit'],
        lock: { waitMs: inputs['lock-wait'], ttlMs: inputs['lock-ttl'] },
        run: runContext(),
    };
}
/** Per-host results to annotations and the status/hosts/failed-hosts outputs. */
function hostOutputs(results) {
    const failed = results.filter((r) => !r.ok);
    for (const r of results)
        if (r.error)
            core/* error */.z3(r.error, { title: `keel: ${r.host}` });
    return {
        failed,
        outputs: {
            status: failed.length === 0 ? 'success' : 'failure',
            hosts: JSON.stringify(results),
            'failed-hosts': failed.map((r) => r.host).join(','),
        },
    };
}
/** A GitHub Deployment for this run, when asked for (never fails the deploy itself). */
async function trackDeployment(inputs, description, outputs) {
    if (!inputs['github-deployment'])
        return undefined;
    if (!inputs['github-token'])
        throw new errors/* KeelError */.Ui("input 'github-token' is empty but 'github-deployment' is on", {
            field: 'github-token',
        });
    const { startDeployment } = await Promise.all(/* import() */[__webpack_require__.e(413), __webpack_require__.e(887)]).then(__webpack_require__.bind(__webpack_require__, 6887));
    const d = await startDeployment({
        token: inputs['github-token'],
        environment: inputs.environment,
        environmentUrl: inputs['environment-url'],
        description,
    });
    if (d)
        outputs['deployment-id'] = String(d.id);
    return d;
}
async function checkHosts(inputs, connection, log) {
    const reports = await log.group(`Checking ${connection.endpoints.length} host(s)`, () => preflight(connection, {
        deployPath: inputs['deploy-path'],
        minFreeMiB: inputs['min-free-space'],
        requireSudo: inputs['require-sudo'],
        service: inputs.service,
    }, log));
    const { failed, outputs } = hostOutputs(reports);
    for (const r of reports) {
        for (const c of r.checks.filter((c) => !c.ok))
            core/* error */.z3(`${r.host}: ${c.name}: ${c.detail}`, { title: `keel: ${r.host}` });
        if (r.ok)
            log.info(`${r.host}: all checks passed (${r.hostKey})`);
    }
    return {
        outputs,
        reports: [preflightReport(reports)],
        figures: `${reports.length - failed.length}/${reports.length} hosts ready`,
        error: failed.length
            ? new errors/* KeelError */.Ui(`${failed.length} of ${reports.length} host(s) failed the check: ${failed.map((r) => r.host).join(', ')}`)
            : undefined,
    };
}
async function deployRelease(inputs, checked, connection, log) {
    const source = (0,external_node_path_.resolve)(workspace(), inputs.source);
    const releaseId = inputs['release-id'] ?? (0,releases_layout/* defaultReleaseId */.sQ)(new Date(), process.env.GITHUB_SHA);
    const made = rendered(inputs['rendered-dir'], inputs['install-config']);
    const files = await log.group('Collecting the release files', async () => {
        const f = await (0,releases_files/* walk */.GG)(source, inputs.exclude, {
            onSkip: (path, why) => log.warn(`${inputs.source}: ${path}: ${why}`),
            entryModule: (0,releases_files/* entryModuleOf */.ar)(made.extra),
        });
        log.info(`${f.filter((e) => e.type === 'file').length} files, ${(f.reduce((n, e) => n + e.size, 0) / 1048576).toFixed(1)} MiB from ${inputs.source}`);
        return f;
    });
    const venvEnabled = inputs.venv === 'on' || (inputs.venv === 'auto' && files.some((f) => f.path === 'requirements.txt'));
    if (inputs.venv === 'on' && !files.some((f) => f.path === 'requirements.txt')) {
        throw new errors/* KeelError */.Ui("input 'venv': on, but the release has no requirements.txt", { field: 'venv' });
    }
    const outputs = { 'release-id': releaseId };
    const deployment = await trackDeployment(inputs, `keel deploy ${releaseId}`, outputs);
    const results = await deployFleet(connection, checked.deployPath, {
        releaseId,
        source,
        files,
        ...made,
        shared: (0,releases_layout/* parseShared */.fj)(inputs.shared).shared,
        keep: inputs.keep,
        venv: {
            enabled: venvEnabled,
            systemSitePackages: inputs['venv-system-site-packages'],
            wheelsDir: inputs['wheels-dir'],
            pipArgs: inputs['pip-args'],
        },
        hooks: {
            build: inputs.build,
            beforeSwitch: inputs['before-switch'],
            afterSwitch: inputs['after-switch'],
        },
        ...hostOptions(inputs),
    }, { batch: checked.batch, maxParallel: inputs['max-parallel'], batchWaitMs: inputs['batch-wait'] }, log, lockRecorder(checked.deployPath));
    const hosts = hostOutputs(results);
    const failed = hosts.failed;
    const first = results.find((r) => !('skipped' in r));
    const sentFiles = results.reduce((n, r) => n + ('uploadedFiles' in r ? r.uploadedFiles : 0), 0);
    const sentBytes = results.reduce((n, r) => n + ('uploadedBytes' in r ? r.uploadedBytes : 0), 0);
    Object.assign(outputs, hosts.outputs, {
        'previous-release': first?.previous ?? '',
        'uploaded-bytes': String(sentBytes),
    });
    await deployment?.finish(failed.length === 0, failed.length === 0
        ? `release ${releaseId} on ${results.length} host(s)`
        : `release ${releaseId} failed on ${failed.map((r) => r.host).join(', ')}`);
    return {
        outputs,
        reports: [deployReport(releaseId, results)],
        figures: `${releaseId} on ${results.length - failed.length}/${results.length} host(s)` +
            (first?.previous ? ` (was ${first.previous})` : '') +
            `, ${sentFiles} file(s) sent, ${(sentBytes / 1024).toFixed(0)} KiB` +
            (inputs['reload-unit'] ? `, ${inputs['reload-unit']} reloaded` : ''),
        error: failed.length
            ? new errors/* KeelError */.Ui(`release ${releaseId} failed on ${failed.length} of ${results.length} host(s): ${failed.map((r) => r.host).join(', ')}; each keeps its previous release`)
            : undefined,
    };
}
async function rollbackRelease(inputs, checked, connection, log) {
    const target = inputs['rollback-to'];
    const outputs = {};
    const deployment = await trackDeployment(inputs, `keel rollback${target ? ` to ${target}` : ''}`, outputs);
    const results = await rollbackFleet(connection, checked.deployPath, { target, ...hostOptions(inputs) }, { batch: checked.batch, maxParallel: inputs['max-parallel'], batchWaitMs: inputs['batch-wait'] }, log, lockRecorder(checked.deployPath));
    const { failed, outputs: hostOuts } = hostOutputs(results);
    const first = results.find((r) => 'to' in r && r.to);
    Object.assign(outputs, hostOuts, {
        'release-id': first?.to ?? '',
        'previous-release': first?.from ?? '',
    });
    await deployment?.finish(failed.length === 0, failed.length === 0 ? `rolled back to ${first?.to ?? '?'}` : 'rollback failed');
    return {
        outputs,
        reports: [rollbackReport(results)],
        figures: `${first?.from ?? '?'} → ${first?.to ?? '?'} on ${results.length - failed.length}/${results.length} host(s)`,
        error: failed.length
            ? new errors/* KeelError */.Ui(`rollback failed on ${failed.length} of ${results.length} host(s): ${failed.map((r) => r.host).join(', ')}`)
            : undefined,
    };
}


/***/ }),

/***/ 5550:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DV: () => (/* binding */ parseBatchSize),
/* harmony export */   Of: () => (/* binding */ rollOut)
/* harmony export */ });
/* unused harmony export batches */
/* harmony import */ var _concurrency_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1532);
/**
 * Many hosts: all at once (at most `maxParallel` at a time) or rolling in batches (a number or a percentage),
 * stopping after the first batch with a failure so the rest stay on their previous release.
 */

function parseBatchSize(text) {
    const t = (text ?? '').trim();
    if (t === '' || t === 'all')
        return { kind: 'all' };
    let m = /^(\d+)$/.exec(t);
    if (m && Number(m[1]) >= 1)
        return { kind: 'count', n: Number(m[1]) };
    m = /^(\d+(?:\.\d+)?)%$/.exec(t);
    if (m && Number(m[1]) > 0 && Number(m[1]) <= 100)
        return { kind: 'percent', p: Number(m[1]) };
    return `${JSON.stringify(t)} is not a batch size (all, a number of hosts, or a percentage like 25%)`;
}
function batches(items, size) {
    const n = size.kind === 'all'
        ? items.length
        : size.kind === 'count'
            ? size.n
            : Math.max(1, Math.ceil((items.length * size.p) / 100));
    const out = [];
    for (let i = 0; i < items.length; i += Math.max(n, 1))
        out.push(items.slice(i, i + Math.max(n, 1)));
    return out;
}
async function rollOut(items, size, maxParallel, waitMs, fn, onBatch) {
    const groups = batches(items.map((item, i) => ({ item, i })), size);
    const results = new Array(items.length).fill(undefined);
    for (let b = 0; b < groups.length; b++) {
        const group = groups[b];
        onBatch?.(b, group.length, groups.length);
        const rs = await (0,_concurrency_js__WEBPACK_IMPORTED_MODULE_0__/* .mapLimited */ .b)(group, maxParallel, ({ item }) => fn(item));
        group.forEach(({ i }, k) => (results[i] = rs[k]));
        if (rs.some((r) => !r.ok)) {
            return { results, skipped: groups.slice(b + 1).flatMap((g) => g.map(({ i }) => i)) };
        }
        if (b < groups.length - 1 && waitMs > 0)
            await new Promise((r) => setTimeout(r, waitMs));
    }
    return { results, skipped: [] };
}


/***/ })

};
