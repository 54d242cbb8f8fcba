export const id = 109;
export const ids = [109,685,985];
export const modules = {

/***/ 1855:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   e: () => (/* binding */ connectionInputs)
/* harmony export */ });
const connectionInputs = {
    hosts: {
        kind: 'list',
        required: true,
        description: 'Hosts to reach, one a line (or comma-separated): `host`, `user@host`, `host:port`, `[ipv6]:port`.',
    },
    user: { kind: 'string', description: 'SSH user for hosts that do not name one.' },
    port: {
        kind: 'integer',
        default: '22',
        min: 1,
        max: 65535,
        description: 'SSH port for hosts that do not name one.',
    },
    'ssh-key': {
        kind: 'text',
        secret: true,
        description: 'Private key (OpenSSH, PEM, ed25519, RSA, ECDSA), usually `${{ secrets.SSH_KEY }}`. CRLF and a missing final newline are fine.',
    },
    'ssh-passphrase': { kind: 'text', secret: true, description: 'Passphrase of `ssh-key`, if it has one.' },
    password: {
        kind: 'text',
        secret: true,
        description: 'Password authentication (discouraged: use a key). Used only when no key is given or the key is refused.',
    },
    'known-hosts': {
        kind: 'text',
        description: 'known_hosts lines for the hosts (and jump hosts), e.g. from `ssh-keyscan` checked out of band. Host keys are always verified.',
    },
    'host-fingerprints': {
        kind: 'list',
        description: 'SHA256 host-key fingerprints, one a line: `SHA256:...` (any host) or `host SHA256:...` (one host).',
    },
    'trust-on-first-use': {
        kind: 'boolean',
        default: 'false',
        description: 'Accept an unpinned host key and report its fingerprint. Unsafe: for bootstrapping only.',
    },
    'jump-hosts': {
        kind: 'list',
        description: 'Jump hosts to go through, first to last (`user@host:port`), each verified like the target.',
    },
    'connect-timeout': {
        kind: 'duration',
        default: '20s',
        description: 'Time allowed for one connection attempt.',
    },
    'connect-retries': {
        kind: 'integer',
        default: '2',
        min: 0,
        max: 10,
        description: 'Extra connection attempts on network errors (backoff doubles from 1s); never on trust or auth failures.',
    },
};


/***/ }),

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

/***/ 2406:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Ko: () => (/* binding */ readInputs),
  hB: () => (/* binding */ runnerLogger),
  PM: () => (/* binding */ step),
  Sy: () => (/* binding */ writeSummary)
});

// UNUSED EXPORTS: mask

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 14 modules
var core = __webpack_require__(6421);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
;// CONCATENATED MODULE: ./src/config/inputs.ts
/**
 * The one input parser: every action declares its inputs once (name, kind, default, description) and gets
 * typed values back, or one InputError that lists every wrong input by name and says what is wrong.
 *
 * The declarations are also the source of truth for each action's `action.yml` (a test keeps them equal), so
 * the defaults a user reads in the docs are the defaults the code applies.
 */

const TRUE = ['true', 'True', 'TRUE', 'yes', 'on', '1'];
const FALSE = ['false', 'False', 'FALSE', 'no', 'off', '0'];
function parseDuration(text) {
    const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(text.trim());
    if (!m)
        return undefined;
    const n = Number(m[1]);
    const unit = m[2] ?? 's';
    const factor = unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'm' ? 60_000 : 3_600_000;
    return Math.round(n * factor);
}
function parseList(text) {
    const lines = text
        .split(/\r?\n/)
        .map((l) => l.replace(/(^|\s)#.*$/, '').trim())
        .filter((l) => l !== '');
    if (lines.length === 1) {
        return (lines[0] ?? '')
            .split(',')
            .map((s) => s.trim())
            .filter((s) => s !== '');
    }
    return lines;
}
function show(decl, value) {
    return decl.secret ? '(hidden)' : JSON.stringify(value.length > 80 ? value.slice(0, 77) + '...' : value);
}
function parseOne(decl, value) {
    switch (decl.kind) {
        case 'string': {
            const v = value.trim();
            if (decl.pattern && !decl.pattern.test(v)) {
                return { error: `${show(decl, v)} is not ${decl.patternHint ?? `of the form ${decl.pattern}`}` };
            }
            return { value: v };
        }
        case 'text':
            return { value };
        case 'boolean': {
            const v = value.trim();
            if (TRUE.includes(v))
                return { value: true };
            if (FALSE.includes(v))
                return { value: false };
            return { error: `${show(decl, v)} is not a boolean (use true or false)` };
        }
        case 'integer': {
            const v = value.trim();
            if (!/^-?\d+$/.test(v))
                return { error: `${show(decl, v)} is not a whole number` };
            const n = Number(v);
            if (decl.min !== undefined && n < decl.min)
                return { error: `${n} is below the minimum ${decl.min}` };
            if (decl.max !== undefined && n > decl.max)
                return { error: `${n} is above the maximum ${decl.max}` };
            return { value: n };
        }
        case 'choice': {
            const v = value.trim();
            if (!decl.choices.includes(v)) {
                return { error: `${show(decl, v)} is not one of: ${decl.choices.join(', ')}` };
            }
            return { value: v };
        }
        case 'duration': {
            const ms = parseDuration(value);
            if (ms === undefined) {
                return { error: `${show(decl, value.trim())} is not a duration (seconds, or e.g. 30s, 5m, 1h)` };
            }
            if (decl.minMs !== undefined && ms < decl.minMs)
                return { error: `must be at least ${decl.minMs / 1000}s` };
            if (decl.maxMs !== undefined && ms > decl.maxMs)
                return { error: `must be at most ${decl.maxMs / 1000}s` };
            return { value: ms };
        }
        case 'list':
            return { value: parseList(value) };
    }
}
/**
 * Parses every declared input. Values that are absent fall back to the declared default (the runner
 * normally supplies those from action.yml already; the fallback covers the CLI and tests).
 */
function parseInputs(decls, source) {
    const problems = [];
    const out = {};
    for (const [name, decl] of Object.entries(decls)) {
        let text = source(name);
        if (text === undefined || text.trim() === '')
            text = decl.default;
        if (text === undefined || text.trim() === '') {
            if (decl.required)
                problems.push({ field: name, message: 'is required but was not given' });
            out[name] = decl.kind === 'list' ? [] : undefined;
            continue;
        }
        const parsed = parseOne(decl, text);
        if (parsed.error !== undefined)
            problems.push({ field: name, message: parsed.error });
        else
            out[name] = parsed.value;
    }
    if (problems.length > 0)
        throw new errors/* InputError */.dz(problems);
    return out;
}
/** Names of the secret inputs that were given, with their values, for masking. */
function secretValues(decls, source) {
    return Object.entries(decls)
        .filter(([, d]) => d.secret)
        .map(([name]) => source(name) ?? '')
        .filter((v) => v.trim() !== '');
}

// EXTERNAL MODULE: ./src/report/summary.ts
var summary = __webpack_require__(7994);
;// CONCATENATED MODULE: ./src/actions/common/step.ts
/**
 * The bridge between the GitHub runner (@actions/core) and keel's library, shared by every action entry:
 * inputs through the one parser, a Logger on the runner's log (groups, annotations), secrets masked first,
 * and errors turned into one clear annotation and a failed step, without a stack trace.
 */




const source = (name) => core/* getInput */.V4(name);
/** Masks a secret and each of its lines (multi-line keys are masked line by line by the runner). */
function mask(value) {
    if (value.trim() === '')
        return;
    core/* setSecret */.Pq(value);
    for (const line of value.split(/\r?\n/)) {
        if (line.trim().length >= 4)
            core/* setSecret */.Pq(line.trim());
    }
}
/** Masks every secret input, then parses all inputs. */
function readInputs(decls) {
    for (const value of secretValues(decls, source))
        mask(value);
    return parseInputs(decls, source);
}
function runnerLogger() {
    return {
        info: (m) => core/* info */.pq(m),
        warn: (m, field) => core/* warning */.$e(m, field ? { title: `keel: ${field}` } : {}),
        error: (m, field) => core/* error */.z3(m, field ? { title: `keel: ${field}` } : {}),
        debug: (m) => core/* debug */.Yz(m),
        group: (title, body) => core/* group */.Os(title, body),
    };
}
async function writeSummary(reports) {
    if (!process.env.GITHUB_STEP_SUMMARY)
        return;
    await core/* summary */.z.addRaw(reports.map(summary/* toMarkdown */.l6).join('\n')).write();
}
/** Runs an action body: any KeelError becomes annotations + a failed step; anything else is a bug report. */
async function step(body) {
    try {
        await body();
    }
    catch (error) {
        if (error instanceof errors/* InputError */.dz) {
            // One annotation per wrong input, titled with its name, and the step fails (exit code 1).
            for (const p of error.problems)
                core/* error */.z3(`input '${p.field}': ${p.message}`, { title: `keel: input ${p.field}` });
            process.exitCode = 1;
        }
        else if (error instanceof errors/* KeelError */.Ui) {
            core/* setFailed */.C1(error.hint ? `${error.message}\n${error.hint}` : error.message);
        }
        else {
            core/* debug */.Yz(error instanceof Error && error.stack ? error.stack : String(error));
            core/* setFailed */.C1(`keel failed unexpectedly: ${(0,errors/* errorMessage */.gJ)(error)} (this is a bug; run with debug logging for details)`);
        }
    }
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
/** Saved for the post step: the locks held, so they are released even when the job is cancelled. */
const state = { locks: 'locks' };


/***/ }),

/***/ 9109:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  main: () => (/* binding */ main),
  post: () => (/* binding */ post)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 14 modules
var core = __webpack_require__(6421);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./node_modules/picomatch/index.js
var picomatch = __webpack_require__(4006);
var picomatch_default = /*#__PURE__*/__webpack_require__.n(picomatch);
;// CONCATENATED MODULE: ./src/releases/files.ts
/**
 * The files of a release as data: walked from the source directory (with exclude patterns), described by a
 * manifest (path, type, mode, size, sha256), and compared with the previous release's manifest so a redeploy
 * sends only what changed.
 */





/** Never shipped: version control, keel's own scratch, Python caches. */
const ALWAYS_EXCLUDED = [
    '.git',
    '.git/**',
    '.keel/rendered/**',
    '**/__pycache__',
    '**/__pycache__/**',
    '**/*.pyc',
];
async function hashFile(path) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    for await (const chunk of (0,external_node_fs_.createReadStream)(path))
        hash.update(chunk);
    return hash.digest('hex');
}
/** Walks `root` (not following symlinks), skipping excluded paths. Sorted, directories before their contents. */
async function walk(root, exclude) {
    const isExcluded = picomatch_default()([...ALWAYS_EXCLUDED, ...exclude], { dot: true });
    const out = [];
    const visit = async (dir) => {
        const names = (await (0,promises_.readdir)(dir)).sort();
        for (const name of names) {
            const abs = (0,external_node_path_.join)(dir, name);
            const rel = (0,external_node_path_.relative)(root, abs).split(external_node_path_.sep).join(external_node_path_.posix.sep);
            if (isExcluded(rel) || isExcluded(`${rel}/`))
                continue;
            const st = await (0,promises_.lstat)(abs);
            const mode = st.mode & 0o7777;
            if (st.isSymbolicLink()) {
                const target = await (0,promises_.readlink)(abs);
                out.push({
                    path: rel,
                    type: 'symlink',
                    mode: 0o777,
                    size: 0,
                    hash: (0,external_node_crypto_.createHash)('sha256').update(target).digest('hex'),
                    target,
                });
            }
            else if (st.isDirectory()) {
                out.push({ path: rel, type: 'dir', mode, size: 0, hash: '' });
                await visit(abs);
            }
            else if (st.isFile()) {
                out.push({ path: rel, type: 'file', mode, size: st.size, hash: await hashFile(abs) });
            }
            // Sockets, FIFOs and devices are not part of an app release.
        }
    };
    await visit(root);
    return out;
}
/** What differs between the previous release's manifest and the new files. */
function delta(previous, next) {
    const before = new Map(previous.map((e) => [e.path, e]));
    const send = [];
    let unchanged = 0;
    for (const e of next) {
        const p = before.get(e.path);
        if (p && p.type === e.type && p.mode === e.mode && p.hash === e.hash && p.target === e.target)
            unchanged++;
        else
            send.push(e);
    }
    const names = new Set(next.map((e) => e.path));
    // Deepest first, so a directory goes after its contents.
    const remove = previous
        .filter((e) => !names.has(e.path))
        .map((e) => e.path)
        .sort((a, b) => b.length - a.length);
    return { send, remove, unchanged };
}
/** Parses a manifest read from a host; undefined when it is missing or not keel's. */
function parseManifest(text) {
    if (!text)
        return undefined;
    try {
        const m = JSON.parse(text);
        return m.keel === 1 && Array.isArray(m.files) ? m.files : undefined;
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/concurrency.ts
/** Runs `fn` over `items` with at most `limit` running at once; results keep the order of `items`. */
async function mapLimited(items, limit, fn) {
    const out = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const i = next++;
            out[i] = await fn(items[i]);
        }
    };
    await Promise.all(Array.from({ length: Math.min(Math.max(limit, 1), items.length) }, worker));
    return out;
}

;// CONCATENATED MODULE: ./src/releases/fleet.ts
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
        const rs = await mapLimited(group, maxParallel, ({ item }) => fn(item));
        group.forEach(({ i }, k) => (results[i] = rs[k]));
        if (rs.some((r) => !r.ok)) {
            return { results, skipped: groups.slice(b + 1).flatMap((g) => g.map(({ i }) => i)) };
        }
        if (b < groups.length - 1 && waitMs > 0)
            await new Promise((r) => setTimeout(r, waitMs));
    }
    return { results, skipped: [] };
}

// EXTERNAL MODULE: ./src/releases/layout.ts
var releases_layout = __webpack_require__(5262);
// EXTERNAL MODULE: ./src/remote/ssh.ts
var ssh = __webpack_require__(8136);
// EXTERNAL MODULE: ./src/remote/quote.ts
var quote = __webpack_require__(4414);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
// EXTERNAL MODULE: ./node_modules/tar-stream/index.js
var tar_stream = __webpack_require__(6118);
;// CONCATENATED MODULE: ./src/releases/archive.ts
/**
 * A gzip-compressed tar stream of release files, made on the fly (no temporary archive), with a byte counter
 * for progress lines.
 */






function packStream(root, entries, extra = [], level = 6) {
    const pack = tar_stream.pack();
    let count = 0;
    const counter = new external_node_stream_.Transform({
        transform(chunk, _enc, cb) {
            count += chunk.length;
            cb(null, chunk);
        },
    });
    const out = new external_node_stream_.PassThrough();
    const gzip = (0,external_node_zlib_.createGzip)({ level, memLevel: 8, strategy: external_node_zlib_.constants.Z_DEFAULT_STRATEGY });
    const piping = (0,external_node_stream_promises_.pipeline)(pack, gzip, counter, out);
    const mtime = new Date();
    const addEntries = async () => {
        const dirs = new Set();
        const ensureDir = (p) => {
            const parts = p.split('/').slice(0, -1);
            for (let i = 1; i <= parts.length; i++) {
                const d = parts.slice(0, i).join('/');
                if (!dirs.has(d)) {
                    dirs.add(d);
                    pack.entry({ name: d, type: 'directory', mode: 0o755, mtime });
                }
            }
        };
        for (const e of entries) {
            if (e.type === 'dir') {
                dirs.add(e.path);
                pack.entry({ name: e.path, type: 'directory', mode: e.mode, mtime });
            }
            else if (e.type === 'symlink') {
                ensureDir(e.path);
                pack.entry({ name: e.path, type: 'symlink', linkname: e.target, mode: 0o777, mtime });
            }
            else {
                ensureDir(e.path);
                await new Promise((resolve, reject) => {
                    const sink = pack.entry({ name: e.path, type: 'file', size: e.size, mode: e.mode, mtime }, (err) => err ? reject(err) : resolve());
                    const src = (0,external_node_fs_.createReadStream)((0,external_node_path_.join)(root, e.path));
                    src.on('error', reject);
                    src.pipe(sink);
                });
            }
        }
        for (const f of extra) {
            ensureDir(f.path);
            pack.entry({ name: f.path, type: 'file', mode: f.mode, mtime }, f.content);
        }
        pack.finalize();
    };
    const done = addEntries().then(() => piping, (error) => {
        pack.destroy(error);
        throw error;
    });
    return { stream: out, bytes: () => count, done };
}

;// CONCATENATED MODULE: ./src/releases/install.ts
/**
 * Installing the host-level files render-config made (systemd units, the Nginx or Caddy site, logrotate
 * rules), as root, one named `sudo -n` command at a time: only files that differ are touched, each one is
 * backed up first, the real tools check the result on the host (`nginx -t`, `caddy validate`,
 * `systemd-analyze verify`, `logrotate -d`), and any failure puts every file back as it was.
 */



const sha = (t) => (0,external_node_crypto_.createHash)('sha256').update(t).digest('hex');
async function installHostFiles(session, files, token, log) {
    const host = session.endpoint.name;
    const stage = `.keel-stage/${token}`;
    const noop = { changed: [], restore: async () => undefined, commit: async () => undefined };
    if (files.length === 0)
        return noop;
    const hashes = await session.check('comparing installed config files', (0,quote/* script */.K$)((0,quote/* raw */.lS)('set +e'), ...files.map((f) => (0,quote.sh) `if [ -e ${f.install} ]; then (sha256sum < ${f.install} 2>/dev/null || sudo -n cat ${f.install} | sha256sum) | cut -c1-64; else echo missing; fi`)));
    const current = hashes.stdout.trim().split('\n');
    const changed = files.filter((f, i) => current[i] !== sha(f.content));
    if (changed.length === 0) {
        log.info(`${host}: config files unchanged`);
        return noop;
    }
    // Stage the new files in the deploy user's home, then install them as root with explicit owner and mode.
    await session.check('staging config files', (0,quote.sh) `rm -rf ${stage} && mkdir -p ${`${stage}/new`} ${`${stage}/old`} && cd ${`${stage}/new`} && base64 -d | tar -x`, {
        stdin: await tarBase64(changed),
    });
    const enabled = [];
    const steps = [];
    changed.forEach((f, i) => {
        steps.push((0,quote.sh) `if sudo -n test -e ${f.install}; then sudo -n cp -a ${f.install} ${`${stage}/old/${i}`}; fi`);
        steps.push((0,quote.sh) `sudo -n install -D -m ${f.mode} -o ${f.owner} -g ${f.group} ${`${stage}/new/${i}`} ${f.install}`);
        if (f.kind === 'nginx') {
            const link = f.install.replace('/sites-available/', '/sites-enabled/');
            if (link !== f.install) {
                enabled.push(link);
                steps.push((0,quote.sh) `if ! sudo -n test -e ${link}; then sudo -n ln -s ${f.install} ${link}; echo ${`created ${link}`}; fi`);
            }
        }
    });
    const restore = async () => {
        const back = changed.map((f, i) => (0,quote.sh) `if [ -e ${`${stage}/old/${i}`} ]; then sudo -n cp -a ${`${stage}/old/${i}`} ${f.install}; else sudo -n rm -f ${f.install}; fi`);
        const links = enabled.map((l) => (0,quote.sh) `if sudo -n test -L ${l} && ! sudo -n test -e "$(readlink ${l})"; then sudo -n rm -f ${l}; fi`);
        await session.check('putting the previous config files back', (0,quote/* script */.K$)(...back, ...links, ...(changed.some((f) => f.kind.startsWith('systemd'))
            ? [(0,quote/* raw */.lS)('sudo -n systemctl daemon-reload')]
            : [])));
        log.warn(`${host}: config files restored (${changed.map((f) => f.install).join(', ')})`);
    };
    try {
        await session.check('installing config files', (0,quote/* script */.K$)(...steps));
        await validateOnHost(session, changed);
    }
    catch (error) {
        await restore();
        throw error;
    }
    log.info(`${host}: installed ${changed.map((f) => f.install).join(', ')}`);
    return { changed, restore, commit: async () => void (await session.run((0,quote.sh) `rm -rf ${stage}`)) };
}
async function validateOnHost(session, changed) {
    const kinds = new Set(changed.map((f) => f.kind));
    if (kinds.has('systemd-service') || kinds.has('systemd-socket')) {
        await session.check('systemctl daemon-reload', (0,quote/* raw */.lS)('sudo -n systemctl daemon-reload'));
        for (const f of changed.filter((x) => x.kind.startsWith('systemd'))) {
            const r = await session.run((0,quote.sh) `systemd-analyze verify --man=no ${f.install} 2>&1`);
            const complaints = r.stdout
                .split('\n')
                .filter((l) => /Unknown|Failed|not executable|Invalid/.test(l) && !/sysinit\.target/.test(l));
            // The service's ExecStart points into `current`, which may not exist before the first switch.
            const real = complaints.filter((l) => !/is not executable: No such file or directory/.test(l));
            if (r.code !== 0 && real.length > 0)
                throw new errors/* KeelError */.Ui(`${session.endpoint.name}: systemd-analyze verify ${f.install} failed:\n${real.join('\n')}`);
        }
    }
    if (kinds.has('nginx')) {
        const r = await session.run((0,quote/* raw */.lS)('sudo -n nginx -t 2>&1'));
        if (r.code !== 0)
            throw new errors/* KeelError */.Ui(`${session.endpoint.name}: nginx -t failed; the previous Nginx files were put back:\n${r.stdout.trim()}`);
    }
    if (kinds.has('caddy')) {
        const r = await session.run((0,quote/* raw */.lS)("grep -q 'import sites/' /etc/caddy/Caddyfile || { echo '/etc/caddy/Caddyfile does not import sites/*.caddy'; exit 1; }; sudo -n caddy validate --adapter caddyfile --config /etc/caddy/Caddyfile 2>&1 | tail -3"));
        if (r.code !== 0)
            throw new errors/* KeelError */.Ui(`${session.endpoint.name}: caddy validate failed; the previous Caddy files were put back:\n${r.stdout.trim()}`);
    }
    for (const f of changed.filter((x) => x.kind === 'logrotate')) {
        const r = await session.run((0,quote.sh) `sudo -n logrotate -d ${f.install} 2>&1`);
        if (r.code !== 0 || /^error:/m.test(r.stdout))
            throw new errors/* KeelError */.Ui(`${session.endpoint.name}: logrotate -d ${f.install} failed:\n${r.stdout.trim().split('\n').slice(-3).join('\n')}`);
    }
}
/** The changed files as a base64 tar (names 0, 1, ...), small enough for a command's stdin. */
async function tarBase64(files) {
    const { default: tar } = await Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 6118, 19));
    const pack = tar.pack();
    files.forEach((f, i) => pack.entry({ name: String(i), mode: 0o600 }, f.content));
    pack.finalize();
    const chunks = [];
    for await (const c of pack)
        chunks.push(c);
    return Buffer.concat(chunks).toString('base64');
}
/** After the switch: what the changed files need to take effect. */
async function applyHostFiles(session, changed, service, socket, log) {
    const kinds = new Set(changed.map((f) => f.kind));
    if (socket && changed.some((f) => f.kind === 'systemd-socket')) {
        await session.check(`enabling ${socket}`, (0,quote.sh) `sudo -n systemctl enable ${socket} && sudo -n systemctl restart ${socket}`);
    }
    if (service && changed.some((f) => f.kind === 'systemd-service')) {
        // A changed unit (ExecStart, sandbox, limits) takes effect only on a restart; with socket activation
        // connections wait in the socket's backlog meanwhile.
        await session.check(`enabling and restarting ${service}`, (0,quote.sh) `sudo -n systemctl enable ${service} && sudo -n systemctl restart ${service}`, { timeoutMs: 300_000 });
        log.info(`${session.endpoint.name}: ${service} restarted with its new unit`);
    }
    if (kinds.has('nginx'))
        await session.check('reloading nginx', (0,quote/* raw */.lS)('if sudo -n systemctl is-active --quiet nginx; then sudo -n systemctl reload nginx; else sudo -n systemctl start nginx; fi'));
    if (kinds.has('caddy'))
        await session.check('reloading caddy', (0,quote/* raw */.lS)('if sudo -n systemctl is-active --quiet caddy; then sudo -n systemctl reload caddy; else sudo -n systemctl start caddy; fi'));
}

// EXTERNAL MODULE: ./src/releases/lock.ts
var lock = __webpack_require__(8403);
;// CONCATENATED MODULE: ./src/releases/deploy.ts
/**
 * One release to one host: lock → stage (hard-link copy of the previous release, then only what changed) →
 * shared files → virtualenv → hooks → atomic switch → reload → prune → log → unlock. Until the switch nothing
 * the site uses is touched; a failure after it switches back. `current` always points to a complete release.
 */







const MANIFEST = '.keel/files.json';
/** A host's result before anything happened (or when nothing could: `error`). */
function emptyResult(host, release, error) {
    return {
        host,
        ok: false,
        release,
        previous: undefined,
        switched: false,
        rolledBack: false,
        uploadedFiles: 0,
        unchangedFiles: 0,
        removedFiles: 0,
        uploadedBytes: 0,
        pruned: [],
        seconds: 0,
        error,
    };
}
function progress(log, host, bytes) {
    let last = 0;
    const started = Date.now();
    const timer = setInterval(() => {
        const b = bytes();
        if (b !== last) {
            log.info(`${host}: uploaded ${(b / 1048576).toFixed(1)} MiB (${(b / 1048576 / ((Date.now() - started) / 1000)).toFixed(1)} MiB/s)`);
            last = b;
        }
    }, 5_000);
    return () => clearInterval(timer);
}
function hookScript(dir, hook, env) {
    const exports = Object.entries(env).map(([k, v]) => (0,quote.sh) `export ${(0,quote/* raw */.lS)(k)}=${v}`);
    return (0,quote/* script */.K$)((0,quote.sh) `cd ${dir}`, ...exports, (0,quote/* raw */.lS)(hook));
}
async function readText(session, path) {
    const r = await session.run((0,quote.sh) `cat ${path}`);
    return r.code === 0 ? r.stdout : undefined;
}
async function deployToHost(session, layout, o, log) {
    const host = session.endpoint.name;
    const started = Date.now();
    const result = emptyResult(host, o.releaseId);
    const token = (0,external_node_crypto_.randomUUID)();
    const now = new Date();
    const holder = {
        token,
        run: o.run.id,
        actor: o.run.actor,
        release: o.releaseId,
        started: now.toISOString(),
        expires: new Date(now.getTime() + o.lock.ttlMs).toISOString(),
    };
    const release = layout.release(o.releaseId);
    const partial = layout.partial(o.releaseId);
    let locked = false;
    let installed;
    try {
        // 1. Prepare: folders, the lock, what is live now.
        await session.check('preparing the deploy path', (0,quote.sh) `mkdir -p ${layout.releases} ${layout.shared} ${layout.meta}`);
        await (0,lock/* acquireLock */.I)(session, layout, holder, o.lock, log);
        locked = true;
        o.onLocked?.(token);
        const state = await session.check('reading the current release', (0,quote/* script */.K$)((0,quote/* raw */.lS)('set +e'), (0,quote.sh) `echo "current=$(readlink ${layout.current} | sed 's#^.*/##')"`, (0,quote.sh) `test -e ${release} && echo release=exists || echo release=new`, 
        // Partial releases of runs that died: we hold the lock, so nobody is writing them.
        (0,quote.sh) `rm -rf ${layout.releases}/.partial-*`));
        const facts = Object.fromEntries(state.stdout.split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1).trim()]));
        const previous = facts.current || undefined;
        result.previous = previous;
        if (facts.release === 'exists') {
            throw new errors/* KeelError */.Ui(`${host}: release ${o.releaseId} already exists; give a new 'release-id' (or use mode: rollback to return to it)`, {
                field: 'release-id',
            });
        }
        // 2. Stage: a hard-link copy of the previous release, then only the differences.
        const prevManifest = previous
            ? parseManifest(await readText(session, `${layout.release(previous)}/${MANIFEST}`))
            : undefined;
        const d = prevManifest ? delta(prevManifest, o.files) : { send: o.files, remove: [], unchanged: 0 };
        result.unchangedFiles = d.unchanged;
        result.removedFiles = d.remove.length;
        result.uploadedFiles = d.send.filter((e) => e.type === 'file').length;
        if (prevManifest && previous) {
            await session.check('copying the previous release (hard links)', (0,quote.sh) `cp -al ${layout.release(previous)} ${partial}`);
            if (d.remove.length > 0) {
                await session.check('removing deleted files', (0,quote.sh) `cd ${partial} && xargs -0 rm -rf --`, {
                    stdin: d.remove.join('\0') + '\0',
                });
            }
        }
        else {
            await session.check('creating the release directory', (0,quote.sh) `mkdir -p ${partial}`);
        }
        const manifestFile = {
            path: MANIFEST,
            content: JSON.stringify({ keel: 1, files: o.files }),
            mode: 0o644,
        };
        const releaseFile = {
            path: '.keel/release.json',
            content: JSON.stringify({
                id: o.releaseId,
                sha: o.run.sha,
                repository: o.run.repository,
                run: o.run.id,
                actor: o.run.actor,
                created: now.toISOString(),
            }, null, 2) + '\n',
            mode: 0o644,
        };
        const archive = packStream(o.source, d.send, [
            ...o.extra,
            manifestFile,
            releaseFile,
            { path: 'RELEASE', content: `${o.releaseId}\n`, mode: 0o644 },
        ]);
        const stop = progress(log, host, archive.bytes);
        try {
            // GNU tar unlinks an existing file before extracting it, so a changed file replaces the hard link instead
            // of writing through it into the previous release (a test checks the previous release is untouched).
            const [upload] = await Promise.all([
                session.check('uploading and unpacking the release', (0,quote.sh) `tar -xzf - --no-same-owner -C ${partial}`, {
                    stdin: archive.stream,
                    timeoutMs: 3_600_000,
                }),
                archive.done,
            ]);
            void upload;
        }
        finally {
            stop();
        }
        result.uploadedBytes = archive.bytes();
        log.info(`${host}: sent ${result.uploadedFiles} file(s), ${(result.uploadedBytes / 1024).toFixed(0)} KiB; ${d.unchanged} unchanged, ${d.remove.length} removed`);
        // 3. Shared files and folders live outside releases and are linked in.
        for (const s of o.shared) {
            const inRelease = `${partial}/${s.path}`;
            const inShared = `${layout.shared}/${s.path}`;
            await session.check(`linking shared ${s.path}`, (0,quote/* script */.K$)((0,quote.sh) `mkdir -p "$(dirname ${inShared})" "$(dirname ${inRelease})"`, s.dir
                ? (0,quote.sh) `if [ ! -e ${inShared} ]; then if [ -d ${inRelease} ] && [ ! -L ${inRelease} ]; then cp -a ${inRelease} ${inShared}; else mkdir -p ${inShared}; fi; fi`
                : (0,quote.sh) `if [ ! -e ${inShared} ]; then if [ -f ${inRelease} ] && [ ! -L ${inRelease} ]; then cp -a ${inRelease} ${inShared}; else : > ${inShared}; fi; fi`, (0,quote.sh) `rm -rf ${inRelease}`, (0,quote.sh) `ln -s ${inShared} ${inRelease}`));
        }
        // 4. Build: a virtualenv per requirements (shared by releases with the same ones), then the build hook.
        const env = {
            KEEL_RELEASE: o.releaseId,
            KEEL_RELEASE_PATH: release,
            KEEL_DEPLOY_PATH: layout.root,
            KEEL_PREVIOUS_RELEASE: previous ?? '',
        };
        const requirements = o.files.find((f) => f.path === 'requirements.txt');
        if (o.venv.enabled && requirements) {
            const key = (0,external_node_crypto_.createHash)('sha256')
                .update(`${requirements.hash}:${o.venv.systemSitePackages}:${o.venv.wheelsDir ?? ''}:${o.venv.pipArgs.join(' ')}`)
                .digest('hex')
                .slice(0, 16);
            const venv = `${layout.venvs}/${key}`;
            const pip = [
                ...(o.venv.wheelsDir ? ['--no-index', '--find-links', o.venv.wheelsDir] : []),
                '--cache-dir',
                `${layout.meta}/pip-cache`,
                ...o.venv.pipArgs,
            ];
            await log.group(`${host}: virtualenv`, async () => {
                const r = await session.check('building the virtualenv', (0,quote/* script */.K$)(
                // Built in place (a venv's scripts name its own path); the marker says it is complete.
                (0,quote.sh) `if [ -e ${`${venv}/.keel-complete`} ]; then echo reused; exit 0; fi`, (0,quote.sh) `rm -rf ${venv} && mkdir -p ${layout.venvs}`, o.venv.systemSitePackages
                    ? (0,quote.sh) `python3 -m venv --system-site-packages ${venv}`
                    : (0,quote.sh) `python3 -m venv ${venv}`, (0,quote.sh) `${`${venv}/bin/pip`} install --disable-pip-version-check --quiet ${pip} -r ${`${partial}/requirements.txt`}`, (0,quote.sh) `touch ${`${venv}/.keel-complete`}`, (0,quote/* raw */.lS)('echo built')), { timeoutMs: 1_800_000 });
                log.info(`${host}: virtualenv ${key} ${r.stdout.trim().split('\n').pop()}`);
                await session.check('linking the virtualenv', (0,quote.sh) `rm -rf ${`${partial}/.venv`} && ln -s ${venv} ${`${partial}/.venv`}`);
            });
        }
        if (o.hooks.build) {
            await log.group(`${host}: build hook`, () => session.check('the build hook', hookScript(partial, o.hooks.build, { ...env, KEEL_RELEASE_PATH: partial }), { timeoutMs: 1_800_000 }));
        }
        // 5. The release is complete: give it its final name; then the before-switch hook (migrations).
        await session.check('finishing the release', (0,quote.sh) `mv -T ${partial} ${release}`);
        installed = await installHostFiles(session, o.hostFiles, token, log);
        if (o.hooks.beforeSwitch) {
            await log.group(`${host}: before-switch hook`, () => session.check('the before-switch hook', hookScript(release, o.hooks.beforeSwitch, env), {
                timeoutMs: 1_800_000,
            }));
        }
        // 6. Atomic switch: a new symlink under a temporary name, renamed over `current` (rename(2) is atomic).
        await switchTo(session, layout, o.releaseId);
        result.switched = true;
        try {
            if (installed.changed.length > 0)
                await applyHostFiles(session, installed.changed, o.units.service, o.units.socket, log);
            if (o.reloadUnit)
                await session.check(`reloading ${o.reloadUnit}`, reloadCommand(o.reloadUnit), { timeoutMs: 300_000 });
            if (o.hooks.afterSwitch) {
                await log.group(`${host}: after-switch hook`, () => session.check('the after-switch hook', hookScript(release, o.hooks.afterSwitch, env), {
                    timeoutMs: 1_800_000,
                }));
            }
        }
        catch (error) {
            if (previous) {
                log.warn(`${host}: ${(0,errors/* errorMessage */.gJ)(error)}; switching back to ${previous}`);
                await switchTo(session, layout, previous);
                await session.run((0,quote.sh) `touch ${`${release}/.keel/bad`}`);
                if (installed.changed.length > 0) {
                    await installed.restore();
                    await applyHostFiles(session, installed.changed, o.units.service, o.units.socket, log);
                }
                if (o.reloadUnit)
                    await session.check(`reloading ${o.reloadUnit} on ${previous}`, reloadCommand(o.reloadUnit), {
                        timeoutMs: 300_000,
                    });
                result.rolledBack = true;
            }
            throw error;
        }
        // 7. Keep the newest releases (never the current or the previous one), and the venvs they use.
        result.pruned = await prune(session, layout, o.keep, [o.releaseId, previous].filter((x) => !!x));
        await appendLog(session, layout, {
            release: o.releaseId,
            previous: previous ?? null,
            status: 'deployed',
            ...o.run,
        });
        await installed?.commit();
        result.ok = true;
    }
    catch (error) {
        result.error = (0,errors/* errorMessage */.gJ)(error);
        // Never switched to: the release (finished or not) goes, and so do the config files installed for it.
        if (!result.switched) {
            await installed?.restore().catch(() => undefined);
            await session.run((0,quote.sh) `rm -rf ${partial} ${release}`).catch(() => undefined);
        }
        await appendLog(session, layout, {
            release: o.releaseId,
            previous: result.previous ?? null,
            status: result.rolledBack ? 'rolled-back' : 'failed',
            error: result.error,
            ...o.run,
        }).catch(() => undefined);
    }
    finally {
        if (locked)
            await (0,lock.releaseLock)(session, layout, token).catch(() => undefined);
        result.seconds = Math.round((Date.now() - started) / 100) / 10;
    }
    return result;
}
/**
 * `sudo -n systemctl reload UNIT`: one named command, so a sudoers rule as narrow as
 * `deploy ALL=(root) NOPASSWD: /usr/bin/systemctl reload shop.service` is enough (never `sudo bash`).
 */
function reloadCommand(unit) {
    return (0,quote.sh) `sudo -n systemctl reload ${unit}`;
}
async function switchTo(session, layout, id) {
    const tmp = `${layout.root}/.current-${id}`;
    await session.check(`switching current to ${id}`, (0,quote/* script */.K$)((0,quote.sh) `test -d ${layout.release(id)}`, (0,quote.sh) `rm -f ${tmp}`, (0,quote.sh) `ln -s ${`releases/${id}`} ${tmp}`, (0,quote.sh) `mv -T ${tmp} ${layout.current}`));
}
async function listReleases(session, layout) {
    const r = await session.check('listing releases', (0,quote/* script */.K$)((0,quote/* raw */.lS)('set +e'), (0,quote.sh) `echo "current=$(readlink ${layout.current} | sed 's#^.*/##')"`, (0,quote.sh) `cd ${layout.releases} 2>/dev/null && for d in *; do [ -d "$d" ] || continue; case "$d" in .partial-*) continue;; esac; if [ -e "$d/.keel/bad" ]; then echo "bad=$d"; else echo "ok=$d"; fi; done`));
    let current;
    const releases = [];
    for (const line of r.stdout.split('\n')) {
        const [k, v] = [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)];
        if (k === 'current')
            current = v || undefined;
        else if ((k === 'ok' || k === 'bad') && v)
            releases.push({ id: v, bad: k === 'bad' });
    }
    releases.sort((a, b) => a.id.localeCompare(b.id));
    return { releases, current };
}
async function prune(session, layout, keep, protect) {
    const { releases, current } = await listReleases(session, layout);
    const keepSet = new Set([
        ...protect,
        ...(current ? [current] : []),
        ...releases.slice(-keep).map((r) => r.id),
    ]);
    const doomed = releases.map((r) => r.id).filter((id) => !keepSet.has(id));
    if (doomed.length > 0) {
        await session.check('removing old releases', (0,quote.sh) `cd ${layout.releases} && rm -rf -- ${doomed}`);
    }
    // Virtualenvs no remaining release links to.
    await session.check('removing unused virtualenvs', (0,quote/* script */.K$)((0,quote/* raw */.lS)('set +e'), (0,quote.sh) `cd ${layout.venvs} 2>/dev/null || exit 0`, (0,quote.sh) `used=$(for l in ${layout.releases}/*/.venv; do readlink "$l"; done 2>/dev/null | sed 's#^.*/##' | sort -u)`, (0,quote/* raw */.lS)('for v in *; do [ -d "$v" ] || continue; echo "$used" | grep -qx "$v" || rm -rf -- "$v"; done')));
    return doomed;
}
async function appendLog(session, layout, entry) {
    const line = JSON.stringify({ time: new Date().toISOString(), ...entry });
    await session.check('writing the release log', (0,quote.sh) `mkdir -p ${layout.meta} && printf '%s\n' ${line} >> ${layout.log}`);
}

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
        o.onLocked?.(token);
        const { releases, current } = await listReleases(session, layout);
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
            const older = releases.filter((r) => !r.bad && (current === undefined || r.id < current));
            target = older[older.length - 1]?.id;
            if (!target)
                throw new errors/* KeelError */.Ui(`${host}: there is no good release before ${current ?? 'the current one'} to roll back to`);
        }
        await switchTo(session, layout, target);
        result.to = target;
        if (current)
            await session.run((0,quote.sh) `mkdir -p ${`${layout.release(current)}/.keel`} && touch ${`${layout.release(current)}/.keel/bad`}`);
        if (o.reloadUnit)
            await session.check(`reloading ${o.reloadUnit}`, reloadCommand(o.reloadUnit), { timeoutMs: 300_000 });
        await appendLog(session, layout, {
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
            await (0,lock.releaseLock)(session, layout, token).catch(() => undefined);
    }
    return result;
}

;// CONCATENATED MODULE: ./src/releases/run.ts
/**
 * Deploys and rollbacks across hosts: one verified SSH session per host, the fleet rules (parallel or rolling
 * batches), and one result per host, including the hosts a failed batch kept from being touched.
 */





async function deployFleet(c, deployPath, options, fleet, log, onLocked) {
    const layout = new releases_layout/* Layout */.PE(deployPath);
    const outcome = await rollOut(c.endpoints, fleet.batch, fleet.maxParallel, fleet.batchWaitMs, (endpoint) => (0,ssh/* withSession */.fQ)(c, endpoint, log, (s) => deployToHost(s, layout, { ...options, onLocked: (t) => onLocked(endpoint, t) }, log), (error) => emptyResult(endpoint.name, options.releaseId, error)), (b, n, total) => {
        if (total > 1)
            log.info(`batch ${b + 1}/${total}: ${n} host(s)`);
    });
    return outcome.results.map((r, i) => r ?? { host: c.endpoints[i].name, ok: false, skipped: true });
}
async function rollbackFleet(c, deployPath, options, fleet, log, onLocked) {
    const layout = new releases_layout/* Layout */.PE(deployPath);
    const outcome = await rollOut(c.endpoints, fleet.batch, fleet.maxParallel, fleet.batchWaitMs, (endpoint) => (0,ssh/* withSession */.fQ)(c, endpoint, log, (s) => rollbackHost(s, layout, { ...options, onLocked: (t) => onLocked(endpoint, t) }, log), (error) => ({ host: endpoint.name, ok: false, from: undefined, to: undefined, error })));
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
    return mapLimited(c.endpoints, concurrency, (e) => preflightHost(c, e, options, log));
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
var common_connection = __webpack_require__(7985);
// EXTERNAL MODULE: ./src/actions/common/step.ts + 1 modules
var step = __webpack_require__(2406);
// EXTERNAL MODULE: ./src/actions/ssh-deploy/inputs.ts
var ssh_deploy_inputs = __webpack_require__(2685);
;// CONCATENATED MODULE: ./src/actions/ssh-deploy/main.ts
/** ssh-deploy entry: inputs → library → outputs and job summary. */














const workspace = () => process.env.GITHUB_WORKSPACE ?? process.cwd();
function runContext() {
    return {
        id: `${process.env.GITHUB_REPOSITORY ?? 'local'}#${process.env.GITHUB_RUN_ID ?? '0'}.${process.env.GITHUB_RUN_ATTEMPT ?? '1'}`,
        actor: process.env.GITHUB_ACTOR ?? process.env.USER ?? 'unknown',
        sha: process.env.GITHUB_SHA ?? '',
        repository: process.env.GITHUB_REPOSITORY ?? '',
    };
}
/** Input checks that need more than one input, all before any host is touched. */
function validate(inputs) {
    const problems = [];
    if (!inputs['deploy-path'])
        problems.push({ field: 'deploy-path', message: `is required for mode ${inputs.mode}` });
    const batch = parseBatchSize(inputs['batch-size']);
    if (typeof batch === 'string')
        problems.push({ field: 'batch-size', message: batch });
    if (inputs.mode === 'deploy') {
        const source = (0,external_node_path_.resolve)(workspace(), inputs.source);
        if (!(0,external_node_fs_.existsSync)(source) || !(0,external_node_fs_.statSync)(source).isDirectory()) {
            problems.push({ field: 'source', message: `${inputs.source} is not a directory in the workspace` });
        }
        for (const p of (0,releases_layout/* parseShared */.fj)(inputs.shared).problems)
            problems.push({ field: 'shared', message: p });
        if (inputs['rendered-dir'] &&
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
/** Remembers each lock taken, in the step state, for the post step. */
function lockRecorder() {
    const locks = [];
    return (e, token) => {
        locks.push({ host: e.name, token });
        core/* saveState */.LZ(ssh_deploy_inputs.state.locks, JSON.stringify(locks));
    };
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
/** Per-host results to annotations and the status/hosts/failed-hosts outputs; returns the failed ones. */
function reportHosts(results) {
    const failed = results.filter((r) => !r.ok);
    for (const r of results)
        if (r.error)
            core/* error */.z3(r.error, { title: `keel: ${r.host}` });
    core/* setOutput */.uH('status', failed.length === 0 ? 'success' : 'failure');
    core/* setOutput */.uH('hosts', JSON.stringify(results));
    core/* setOutput */.uH('failed-hosts', failed.map((r) => r.host).join(','));
    return failed;
}
/** A GitHub Deployment for this run, when asked for (never fails the deploy itself). */
async function trackDeployment(inputs, description) {
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
        core/* setOutput */.uH('deployment-id', String(d.id));
    return d;
}
async function check(inputs, connection, log) {
    const reports = await log.group(`Checking ${connection.endpoints.length} host(s)`, () => preflight(connection, {
        deployPath: inputs['deploy-path'],
        minFreeMiB: inputs['min-free-space'],
        requireSudo: inputs['require-sudo'],
        service: inputs.service,
    }, log));
    const failed = reportHosts(reports);
    for (const r of reports) {
        for (const c of r.checks.filter((c) => !c.ok))
            core/* error */.z3(`${r.host}: ${c.name}: ${c.detail}`, { title: `keel: ${r.host}` });
        if (r.ok)
            core/* info */.pq(`${r.host}: all checks passed (${r.hostKey})`);
    }
    await (0,step/* writeSummary */.Sy)([preflightReport(reports)]);
    if (failed.length > 0)
        throw new errors/* KeelError */.Ui(`${failed.length} of ${reports.length} host(s) failed the check: ${failed.map((r) => r.host).join(', ')}`);
}
async function deploy(inputs, connection, log, batch, deployPath) {
    const source = (0,external_node_path_.resolve)(workspace(), inputs.source);
    const releaseId = inputs['release-id'] ?? (0,releases_layout/* defaultReleaseId */.sQ)(new Date(), process.env.GITHUB_SHA);
    const files = await log.group('Collecting the release files', async () => {
        const f = await walk(source, inputs.exclude);
        log.info(`${f.filter((e) => e.type === 'file').length} files, ${(f.reduce((n, e) => n + e.size, 0) / 1048576).toFixed(1)} MiB from ${inputs.source}`);
        return f;
    });
    const venvEnabled = inputs.venv === 'on' || (inputs.venv === 'auto' && files.some((f) => f.path === 'requirements.txt'));
    if (inputs.venv === 'on' && !files.some((f) => f.path === 'requirements.txt')) {
        throw new errors/* KeelError */.Ui("input 'venv': on, but the release has no requirements.txt", { field: 'venv' });
    }
    core/* setOutput */.uH('release-id', releaseId);
    const deployment = await trackDeployment(inputs, `keel deploy ${releaseId}`);
    const results = await deployFleet(connection, deployPath, {
        releaseId,
        source,
        files,
        ...rendered(inputs['rendered-dir'], inputs['install-config']),
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
    }, { batch, maxParallel: inputs['max-parallel'], batchWaitMs: inputs['batch-wait'] }, log, lockRecorder());
    const failed = reportHosts(results);
    const first = results.find((r) => !('skipped' in r));
    core/* setOutput */.uH('previous-release', first?.previous ?? '');
    core/* setOutput */.uH('uploaded-bytes', String(results.reduce((n, r) => n + ('uploadedBytes' in r ? r.uploadedBytes : 0), 0)));
    await (0,step/* writeSummary */.Sy)([deployReport(releaseId, results)]);
    await deployment?.finish(failed.length === 0, failed.length === 0
        ? `release ${releaseId} on ${results.length} host(s)`
        : `release ${releaseId} failed on ${failed.map((r) => r.host).join(', ')}`);
    if (failed.length > 0) {
        throw new errors/* KeelError */.Ui(`release ${releaseId} failed on ${failed.length} of ${results.length} host(s): ${failed.map((r) => r.host).join(', ')}; each keeps its previous release`);
    }
}
async function rollback(inputs, connection, log, batch, deployPath) {
    const target = inputs['rollback-to'];
    const deployment = await trackDeployment(inputs, `keel rollback${target ? ` to ${target}` : ''}`);
    const results = await rollbackFleet(connection, deployPath, {
        target: inputs['rollback-to'],
        ...hostOptions(inputs),
    }, { batch, maxParallel: inputs['max-parallel'], batchWaitMs: inputs['batch-wait'] }, log, lockRecorder());
    const failed = reportHosts(results);
    const first = results.find((r) => 'to' in r && r.to);
    core/* setOutput */.uH('release-id', first?.to ?? '');
    core/* setOutput */.uH('previous-release', first?.from ?? '');
    await (0,step/* writeSummary */.Sy)([rollbackReport(results)]);
    await deployment?.finish(failed.length === 0, failed.length === 0 ? `rolled back to ${first?.to ?? '?'}` : 'rollback failed');
    if (failed.length > 0)
        throw new errors/* KeelError */.Ui(`rollback failed on ${failed.length} of ${results.length} host(s): ${failed.map((r) => r.host).join(', ')}`);
}
async function main() {
    await (0,step/* step */.PM)(async () => {
        const inputs = (0,step/* readInputs */.Ko)(ssh_deploy_inputs.inputs);
        const log = (0,step/* runnerLogger */.hB)();
        const checked = inputs.mode === 'check' ? undefined : validate(inputs);
        const connection = (0,common_connection.connectionFrom)(inputs, log);
        if (inputs.mode === 'check')
            return check(inputs, connection, log);
        if (inputs.mode === 'deploy')
            return deploy(inputs, connection, log, checked.batch, checked.deployPath);
        return rollback(inputs, connection, log, checked.batch, checked.deployPath);
    });
}
/** Post: release any deploy lock the main step still held (it was cancelled or crashed). */
async function post() {
    await (0,step/* step */.PM)(async () => {
        const saved = core/* getState */.Gu(ssh_deploy_inputs.state.locks);
        if (!saved)
            return;
        const locks = JSON.parse(saved);
        if (locks.length === 0)
            return;
        const inputs = (0,step/* readInputs */.Ko)(ssh_deploy_inputs.inputs);
        const log = (0,step/* runnerLogger */.hB)();
        const released = await releaseLocks((0,common_connection.connectionFrom)(inputs, log), inputs['deploy-path'], locks, log);
        for (const h of released)
            core/* warning */.$e(`${h}: released the deploy lock the main step left behind`, { title: 'keel: lock' });
    });
}


/***/ }),

/***/ 3916:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ui: () => (/* binding */ KeelError),
/* harmony export */   dz: () => (/* binding */ InputError),
/* harmony export */   gJ: () => (/* binding */ errorMessage)
/* harmony export */ });
/**
 * Errors keel expects and explains to its users. Anything else is a bug and is reported as one.
 *
 * A KeelError's message is shown as it is (no stack trace); `field` names the input or spec field that is
 * wrong so the action can annotate it, and `hint` says what to do about it.
 */
class KeelError extends Error {
    field;
    hint;
    constructor(message, options = {}) {
        super(message, options.cause === undefined ? undefined : { cause: options.cause });
        this.name = 'KeelError';
        this.field = options.field;
        this.hint = options.hint;
    }
}
/** Every problem found in the inputs (or a spec) at once, so a user fixes them in one go. */
class InputError extends KeelError {
    problems;
    constructor(problems, what = 'input') {
        const first = problems[0];
        const text = problems.length === 1 && first
            ? `${what} '${first.field}': ${first.message}`
            : `${problems.length} ${what} problems:\n` +
                problems.map((p) => `  - ${what} '${p.field}': ${p.message}`).join('\n');
        super(text, { field: first?.field });
        this.name = 'InputError';
        this.problems = problems;
    }
}
function errorMessage(error) {
    if (error instanceof Error)
        return error.message;
    return String(error);
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
    partial(id) {
        return `${this.releases}/.partial-${id}`;
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
/* harmony export */   I: () => (/* binding */ acquireLock),
/* harmony export */   releaseLock: () => (/* binding */ releaseLock)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _remote_quote_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4414);
/**
 * The deploy lock on a host: an atomic `mkdir`, with the holder (run, actor, time, expiry) written inside it.
 * A lock past its expiry (a runner that died) is broken with an atomic `mv`; waiting is optional; the
 * action's post step releases it even when the job was cancelled. Only the holder's token releases it.
 */


const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function tryAcquire(layout, holder) {
    return (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .script */ .K$)((0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_1__.sh) `mkdir -p ${layout.meta}`, (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_1__.sh) `if mkdir ${layout.lock} 2>/dev/null; then printf '%s' ${JSON.stringify(holder)} > ${`${layout.lock}/holder.json`}; echo acquired; exit 0; fi`, (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_1__.sh) `echo held; cat ${`${layout.lock}/holder.json`} 2>/dev/null || echo '{}'; echo; stat -c %Y ${layout.lock} 2>/dev/null || echo 0; date +%s`);
}
/** Takes the lock, waiting up to waitMs; breaks an expired one. Throws a KeelError naming the holder. */
async function acquireLock(session, layout, holder, options, log) {
    const deadline = Date.now() + options.waitMs;
    let announced = false;
    for (;;) {
        const r = await session.check('taking the deploy lock', tryAcquire(layout, holder));
        const lines = r.stdout.trim().split('\n');
        if (lines[0] === 'acquired')
            return;
        let other = {};
        try {
            other = JSON.parse(lines[1] ?? '{}');
        }
        catch {
            /* a holder being written right now */
        }
        const lockAge = (Number(lines[3]) - Number(lines[2])) * 1000;
        const expired = other.expires ? Date.parse(other.expires) < Date.now() : lockAge > options.ttlMs;
        const who = other.run
            ? `run ${other.run} by ${other.actor ?? '?'} (release ${other.release ?? '?'}, since ${other.started ?? '?'})`
            : 'an unknown holder';
        if (expired) {
            log.warn(`${session.endpoint.name}: breaking an expired deploy lock held by ${who}`);
            await session.check('breaking an expired lock', (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_1__.sh) `stale=${`${layout.lock}.stale.${holder.token}`}; mv -T ${layout.lock} "$stale" 2>/dev/null && rm -rf "$stale" || true`);
            continue;
        }
        if (Date.now() >= deadline) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .KeelError */ .Ui(`${session.endpoint.name}: another deploy holds the lock: ${who}. ` +
                `Wait for it (input 'lock-wait'), or if that run is dead, the lock expires at ${other.expires ?? 'its ttl'}.`, { field: 'lock-wait' });
        }
        if (!announced) {
            log.info(`${session.endpoint.name}: waiting for the deploy lock held by ${who}`);
            announced = true;
        }
        await sleep(options.pollMs ?? 2_000);
    }
}
/** Releases the lock if (and only if) `token` still holds it. Returns whether it did. */
async function releaseLock(session, layout, token) {
    const r = await session.check('releasing the deploy lock', (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .script */ .K$)((0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .raw */ .lS)('set +e'), (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_1__.sh) `if grep -q ${`"token":"${token}"`} ${`${layout.lock}/holder.json`} 2>/dev/null; then rm -rf ${layout.lock} && echo released; else echo not-held; fi`));
    return r.stdout.trim() === 'released';
}


/***/ }),

/***/ 2838:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Hj: () => (/* binding */ verifyHostKey),
/* harmony export */   TZ: () => (/* binding */ knownHostsLine),
/* harmony export */   Zd: () => (/* binding */ normaliseFingerprint),
/* harmony export */   _d: () => (/* binding */ knownHostKeys),
/* harmony export */   o_: () => (/* binding */ offeredAlgorithms)
/* harmony export */ });
/* unused harmony exports fingerprintOf, keyTypeOf, algorithmsFor */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/**
 * Host-key trust: known_hosts content and SHA256 fingerprints, matched against the key a server offers.
 *
 * Verification is on by default. The client only offers the host-key algorithms of the keys that are
 * pinned for a host, so a server with several key types presents the one the user pinned.
 */

/** The SHA256 fingerprint of a public key blob, as `ssh-keygen -lf` prints it. */
function fingerprintOf(blob) {
    return 'SHA256:' + (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(blob).digest('base64').replace(/=+$/, '');
}
/** The key type written inside a public key blob (its first SSH string). */
function keyTypeOf(blob) {
    if (blob.length < 4)
        return 'unknown';
    const len = blob.readUInt32BE(0);
    return blob.subarray(4, 4 + len).toString('latin1');
}
function normaliseFingerprint(text) {
    const m = /^(?:SHA256:)?([A-Za-z0-9+/]{43})=?$/.exec(text.trim());
    return m ? `SHA256:${m[1]}` : undefined;
}
/** The host-key algorithms a client may accept for one key type. */
function algorithmsFor(type) {
    if (type === 'ssh-rsa')
        return ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];
    return [type];
}
function hostPatterns(host, port) {
    return port === 22 ? [host, `[${host}]:22`] : [`[${host}]:${port}`];
}
function matchesHost(field, host, port) {
    const candidates = hostPatterns(host, port);
    for (const entry of field.split(',')) {
        if (entry.startsWith('|1|')) {
            // Hashed entry: |1|base64(salt)|base64(HMAC-SHA1(salt, hostname)).
            const [, , salt, hash] = entry.split('|');
            if (!salt || !hash)
                continue;
            for (const c of candidates) {
                const mac = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHmac)('sha1', Buffer.from(salt, 'base64')).update(c).digest('base64');
                if (mac === hash)
                    return true;
            }
            continue;
        }
        if (entry.startsWith('!'))
            continue;
        const pattern = entry;
        if (pattern.includes('*') || pattern.includes('?')) {
            const re = new RegExp('^' +
                pattern
                    .replace(/[.+^${}()|\\]/g, '\\$&')
                    .replace(/\*/g, '.*')
                    .replace(/\?/g, '.') +
                '$');
            if (candidates.some((c) => re.test(c)))
                return true;
        }
        else if (candidates.includes(pattern)) {
            return true;
        }
    }
    return false;
}
/**
 * Keys in known_hosts content for host:port. Lines that are not known_hosts lines are reported through
 * `problems` so a user who pasted the wrong thing is told.
 */
function knownHostKeys(content, host, port, problems = []) {
    const keys = [];
    content.split(/\r?\n/).forEach((rawLine, i) => {
        const line = rawLine.trim();
        if (line === '' || line.startsWith('#'))
            return;
        const parts = line.split(/\s+/);
        let marker;
        if (parts[0]?.startsWith('@'))
            marker = parts.shift();
        const [hosts, type, b64] = parts;
        if (!hosts || !type || !b64 || !/^[A-Za-z0-9+/]+=*$/.test(b64)) {
            problems.push(`line ${i + 1} is not a known_hosts line ("host key-type base64-key")`);
            return;
        }
        if (marker === '@cert-authority') {
            problems.push(`line ${i + 1}: @cert-authority entries are not supported; pin the host keys themselves`);
            return;
        }
        if (!matchesHost(hosts, host, port))
            return;
        const blob = Buffer.from(b64, 'base64');
        if (keyTypeOf(blob) !== type) {
            problems.push(`line ${i + 1}: the key is not of the type it names (${type})`);
            return;
        }
        keys.push({ type, blob, revoked: marker === '@revoked' });
    });
    return keys;
}
/** Decides whether the key a server offered is trusted. */
function verifyHostKey(trust, offered) {
    const fingerprint = fingerprintOf(offered);
    const type = keyTypeOf(offered);
    if (trust.keys.some((k) => k.revoked && k.blob.equals(offered))) {
        return { ok: false, fingerprint, type, reason: 'revoked' };
    }
    if (trust.keys.some((k) => !k.revoked && k.blob.equals(offered))) {
        return { ok: true, fingerprint, type, how: 'known-hosts' };
    }
    if (trust.fingerprints.includes(fingerprint))
        return { ok: true, fingerprint, type, how: 'fingerprint' };
    const pinned = trust.keys.some((k) => !k.revoked) || trust.fingerprints.length > 0;
    if (!pinned && trust.trustOnFirstUse)
        return { ok: true, fingerprint, type, how: 'trust-on-first-use' };
    return { ok: false, fingerprint, type, reason: pinned ? 'mismatch' : 'unpinned' };
}
/** Host-key algorithms to offer: those of the pinned keys, or undefined (library default) if none typed. */
function offeredAlgorithms(trust) {
    const types = [...new Set(trust.keys.filter((k) => !k.revoked).map((k) => k.type))];
    if (types.length === 0)
        return undefined;
    return types.flatMap(algorithmsFor);
}
/** The known_hosts line for an offered key, to show a user how to pin it. */
function knownHostsLine(host, port, offered) {
    const name = port === 22 ? host : `[${host}]:${port}`;
    return `${name} ${keyTypeOf(offered)} ${offered.toString('base64')}`;
}


/***/ }),

/***/ 4414:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   K$: () => (/* binding */ script),
/* harmony export */   lS: () => (/* binding */ raw),
/* harmony export */   mV: () => (/* binding */ strictBash),
/* harmony export */   sh: () => (/* binding */ sh)
/* harmony export */ });
/* unused harmony exports ShellFragment, quote */
/**
 * The one place that turns values into shell words for remote commands.
 *
 * Nothing else in keel builds a shell string by concatenation: every value goes through `quote` (or the
 * `sh` template tag, which quotes each interpolated value), so names and paths with spaces, quotes, `$`,
 * `;` or newlines arrive on the host as the literal arguments they are.
 */
/** A fragment that is already shell syntax (made by `sh` or `raw`) and must not be quoted again. */
class ShellFragment {
    text;
    constructor(text) {
        this.text = text;
    }
    toString() {
        return this.text;
    }
}
const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;
/** Quotes one argument for a POSIX shell. Refuses NUL bytes, which no shell argument can carry. */
function quote(value) {
    const text = String(value);
    if (text.includes('\0'))
        throw new Error('a shell argument cannot contain a NUL byte');
    if (text !== '' && SAFE.test(text))
        return text;
    return `'${text.replace(/'/g, `'\\''`)}'`;
}
function render(value) {
    if (value instanceof ShellFragment)
        return value.text;
    if (Array.isArray(value))
        return value.map((v) => render(v)).join(' ');
    return quote(value);
}
/**
 * Template tag: sh`mkdir -p ${dir} && ln -s ${target} ${link}` quotes every interpolated value; arrays
 * become several words; fragments made by `sh` or `raw` are inserted as they are.
 */
function sh(strings, ...values) {
    let out = strings[0] ?? '';
    values.forEach((value, i) => {
        out += render(value) + (strings[i + 1] ?? '');
    });
    return new ShellFragment(out);
}
/** Marks a constant piece of shell syntax written in keel's own source (never user data). */
function raw(text) {
    return new ShellFragment(text);
}
/** Joins fragments into one script, one statement a line. */
function script(...lines) {
    return new ShellFragment(lines.map((l) => l.text).join('\n'));
}
/**
 * The command line that runs a script under `bash -euo pipefail`, so a failing line fails the whole step.
 * --norc/--noprofile: Debian's bash reads /etc/bash.bashrc for commands run by sshd, whose `$PS1` test
 * then fails under -u ("PS1: unbound variable") before the script starts.
 */
function strictBash(body) {
    return `bash --norc --noprofile -euo pipefail -c ${quote(body.text)}`;
}


/***/ }),

/***/ 8136:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   fQ: () => (/* binding */ withSession)
/* harmony export */ });
/* unused harmony exports defaultConnectOptions, RemoteCommandError, SshSession */
/* harmony import */ var node_ssh__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9487);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);
/* harmony import */ var _hostkeys_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2838);
/* harmony import */ var _quote_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4414);
/**
 * The one SSH layer of keel, on node-ssh / ssh2.
 *
 * - Host keys are verified before authentication (known_hosts content or SHA256 fingerprints); an unknown or
 *   changed key fails with the key offered and the known_hosts line that would pin it.
 * - Connections are retried with backoff on network errors, never on trust or authentication failures.
 * - Jump hosts: each hop is its own verified connection; the next one is tunnelled through it.
 * - Every remote command runs as `bash -euo pipefail -c <script>` with stdin closed. A command that exits while
 *   a background process keeps its output open is reported instead of hanging the step.
 */




const defaultConnectOptions = {
    connectTimeoutMs: 20_000,
    keepaliveIntervalMs: 10_000,
    retries: 2,
    retryDelayMs: 1_000,
    jumps: [],
};
class RemoteCommandError extends _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .KeelError */ .Ui {
    host;
    what;
    result;
    constructor(host, what, result) {
        const detail = result.timedOut
            ? 'timed out'
            : result.heldOpen
                ? 'exited, but a background process it started kept the session open (redirect its output and stdin, e.g. `cmd </dev/null >log 2>&1 &`)'
                : result.signal
                    ? `was killed by signal ${result.signal}`
                    : `exited with code ${result.code}`;
        const tail = result.stderr.trim().split('\n').slice(-5).join('\n');
        super(`${host}: ${what} ${detail}${tail ? `:\n${tail}` : ''}`);
        this.host = host;
        this.what = what;
        this.result = result;
        this.name = 'RemoteCommandError';
    }
}
class HostKeyError extends _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .KeelError */ .Ui {
}
function hostKeyMessage(f) {
    const { endpoint: e, verdict: v, offered } = f;
    const where = `${e.host}:${e.port}`;
    const line = (0,_hostkeys_js__WEBPACK_IMPORTED_MODULE_2__/* .knownHostsLine */ .TZ)(e.host, e.port, offered);
    if (v.reason === 'revoked')
        return `${where}: the host key ${v.type} ${v.fingerprint} is marked @revoked`;
    const head = v.reason === 'unpinned'
        ? `${where}: host key not verified: no known_hosts entry or fingerprint is given for this host`
        : `${where}: HOST KEY MISMATCH: the server offered ${v.type} ${v.fingerprint}, which matches none of the pinned keys`;
    const advice = v.reason === 'unpinned'
        ? "Check the fingerprint out of band (on the server: `ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub`), then pin it in 'known-hosts'"
        : 'If the server was rebuilt, check the new key out of band and update the pin; otherwise someone may be intercepting the connection';
    return `${head}.\n${advice}:\n  ${line}\n(or '${v.fingerprint}' in 'host-fingerprints').`;
}
function isNetworkError(error) {
    const code = error.code;
    const level = error.level;
    if (error instanceof HostKeyError)
        return false;
    if (level === 'client-authentication')
        return false;
    return (level === 'client-socket' ||
        level === 'client-timeout' ||
        ['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EPIPE'].includes(code ?? '') ||
        /timed out|No response from server/i.test((0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(error)));
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** One verified, authenticated connection to a host (and the hops in front of it). */
class SshSession {
    endpoint;
    ssh;
    hops;
    hostKey;
    constructor(endpoint, ssh, hops, 
    /** How the host key was trusted, and its fingerprint. */
    hostKey) {
        this.endpoint = endpoint;
        this.ssh = ssh;
        this.hops = hops;
        this.hostKey = hostKey;
    }
    static async open(endpoint, credentials, options, log) {
        let attempt = 0;
        for (;;) {
            try {
                return await SshSession.openOnce(endpoint, credentials, options, log);
            }
            catch (error) {
                if (attempt >= options.retries || !isNetworkError(error))
                    throw SshSession.explain(endpoint, error);
                attempt += 1;
                const delay = options.retryDelayMs * 2 ** (attempt - 1);
                log.info(`${endpoint.name}: connection failed (${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(error)}); retry ${attempt}/${options.retries} in ${delay / 1000}s`);
                await sleep(delay);
            }
        }
    }
    static explain(endpoint, error) {
        if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .KeelError */ .Ui)
            return error;
        const level = error.level;
        const where = `${endpoint.user}@${endpoint.host}:${endpoint.port}`;
        if (level === 'client-authentication') {
            return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .KeelError */ .Ui(`${where}: authentication failed: the server accepted none of the given credentials ` +
                `(is the public key in ~${endpoint.user}/.ssh/authorized_keys?)`, { field: 'ssh-key' });
        }
        return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .KeelError */ .Ui(`${where}: cannot connect: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(error)}`, { cause: error });
    }
    static async openOnce(endpoint, credentials, options, log) {
        const hops = [];
        try {
            let sock;
            for (const hop of options.jumps) {
                const { ssh } = await SshSession.connectOne(hop, credentials, options, sock);
                hops.push(ssh);
                sock = undefined;
                const next = hops.length < options.jumps.length ? options.jumps[hops.length] : endpoint;
                sock = await new Promise((resolve, reject) => {
                    ssh.connection.forwardOut('127.0.0.1', 0, next.host, next.port, (err, stream) => err
                        ? reject(new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .KeelError */ .Ui(`${hop.name}: cannot open a tunnel to ${next.host}:${next.port}: ${err.message}`))
                        : resolve(stream));
                });
                log.debug(`${hop.name}: jump host connected`);
            }
            const { ssh, verdict } = await SshSession.connectOne(endpoint, credentials, options, sock);
            return new SshSession(endpoint, ssh, hops, verdict);
        }
        catch (error) {
            for (const h of hops.reverse())
                h.dispose();
            throw error;
        }
    }
    static async connectOne(endpoint, credentials, options, sock) {
        const ssh = new node_ssh__WEBPACK_IMPORTED_MODULE_0__/* .NodeSSH */ .H();
        let failure;
        let accepted;
        const algorithms = (0,_hostkeys_js__WEBPACK_IMPORTED_MODULE_2__/* .offeredAlgorithms */ .o_)(endpoint.trust);
        const config = {
            host: sock ? undefined : endpoint.host,
            port: endpoint.port,
            sock,
            username: endpoint.user,
            readyTimeout: options.connectTimeoutMs,
            keepaliveInterval: options.keepaliveIntervalMs,
            keepaliveCountMax: 3,
            hostVerifier: (key) => {
                const verdict = (0,_hostkeys_js__WEBPACK_IMPORTED_MODULE_2__/* .verifyHostKey */ .Hj)(endpoint.trust, key);
                if (verdict.ok)
                    accepted = verdict;
                else
                    failure = { endpoint, verdict, offered: Buffer.from(key) };
                return verdict.ok;
            },
            algorithms: {
                // AES-GCM first: Node's crypto does it natively, while chacha20-poly1305 (ssh2's default first choice)
                // needs ssh2's optional native addon, which the bundle leaves out, and is several times slower without.
                cipher: [
                    'aes128-gcm@openssh.com',
                    'aes256-gcm@openssh.com',
                    'aes128-ctr',
                    'aes192-ctr',
                    'aes256-ctr',
                    'chacha20-poly1305@openssh.com',
                ],
                ...(algorithms ? { serverHostKey: algorithms } : {}),
            },
        };
        if (credentials.key) {
            config.privateKey = credentials.key.text;
            if (credentials.key.passphrase !== undefined)
                config.passphrase = credentials.key.passphrase;
        }
        if (credentials.password !== undefined)
            config.password = credentials.password;
        try {
            await ssh.connect(config);
        }
        catch (error) {
            ssh.dispose();
            if (failure)
                throw new HostKeyError(hostKeyMessage(failure), { field: 'known-hosts' });
            throw error;
        }
        if (!accepted) {
            ssh.dispose();
            throw new HostKeyError(`${endpoint.host}:${endpoint.port}: the host key was never verified`);
        }
        return { ssh, verdict: accepted };
    }
    /**
     * Runs a script under `bash -euo pipefail`; privileged steps inside it use `sudo -n CMD` one command at a
     * time (never `sudo bash`), so narrow sudoers rules suffice. Resolves with the result
     * whatever the exit code; use `check` to turn a failure into an error.
     */
    async run(body, options = {}) {
        const command = (0,_quote_js__WEBPACK_IMPORTED_MODULE_3__/* .strictBash */ .mV)(body);
        const grace = options.heldOpenGraceMs ?? 3_000;
        let channel;
        let timedOut = false;
        let heldOpen = false;
        let timer;
        let graceTimer;
        if (options.timeoutMs !== undefined) {
            timer = setTimeout(() => {
                timedOut = true;
                channel?.close();
            }, options.timeoutMs);
        }
        try {
            const result = await this.ssh.execCommand(command, {
                ...(options.stdin !== undefined ? { stdin: options.stdin } : {}),
                noTrim: true,
                onChannel: (ch) => {
                    channel = ch;
                    ch.on('exit', () => {
                        graceTimer = setTimeout(() => {
                            heldOpen = true;
                            ch.close();
                        }, grace);
                    });
                },
                ...(options.onStdout ? { onStdout: options.onStdout } : {}),
                ...(options.onStderr ? { onStderr: options.onStderr } : {}),
            });
            return {
                code: result.code,
                signal: result.signal,
                stdout: result.stdout,
                stderr: result.stderr,
                timedOut,
                heldOpen,
            };
        }
        finally {
            if (timer)
                clearTimeout(timer);
            if (graceTimer)
                clearTimeout(graceTimer);
        }
    }
    /** Runs a script and throws a RemoteCommandError (naming `what`) unless it exits 0 and closes cleanly. */
    async check(what, body, options = {}) {
        const result = await this.run(body, options);
        if (result.code !== 0 || result.timedOut || result.heldOpen) {
            throw new RemoteCommandError(this.endpoint.name, what, result);
        }
        return result;
    }
    close() {
        this.ssh.dispose();
        for (const h of [...this.hops].reverse())
            h.dispose();
    }
}
/**
 * Opens a session to one host, runs `fn`, always closes it; a failure (connecting included) becomes
 * `failed(message)`, so one host's problem is that host's result, not the whole step's exception.
 */
async function withSession(c, endpoint, log, fn, failed) {
    let session;
    try {
        session = await SshSession.open(endpoint, c.credentials, c.options, log);
        return await fn(session);
    }
    catch (error) {
        return failed((0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(error));
    }
    finally {
        session?.close();
    }
}


/***/ }),

/***/ 7994:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Gy: () => (/* binding */ mark),
/* harmony export */   l6: () => (/* binding */ toMarkdown)
/* harmony export */ });
/* unused harmony export toText */
const ICON = { ok: '✅', failed: '❌', skipped: '⏭️', warning: '⚠️' };
function cell(text) {
    return text.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}
function toMarkdown(report) {
    const out = [`### ${ICON[report.status]} ${report.title}`, ''];
    for (const l of report.lines ?? [])
        out.push(l, '');
    for (const t of report.tables) {
        if (t.caption)
            out.push(`**${t.caption}**`, '');
        out.push(`| ${t.headers.map(cell).join(' | ')} |`);
        out.push(`| ${t.headers.map(() => '---').join(' | ')} |`);
        for (const r of t.rows)
            out.push(`| ${r.map(cell).join(' | ')} |`);
        out.push('');
    }
    for (const b of report.blocks ?? []) {
        const fence = b.text.includes('```') ? '~~~~' : '```';
        out.push(`<details><summary>${b.title}</summary>`, '', fence + b.language, b.text.trimEnd(), fence, '', '</details>', '');
    }
    return out.join('\n');
}
function toText(report) {
    const out = [`${report.title}: ${report.status.toUpperCase()}`];
    for (const l of report.lines ?? [])
        out.push(`  ${l}`);
    for (const t of report.tables) {
        if (t.caption)
            out.push('', `  ${t.caption}`);
        const widths = t.headers.map((h, i) => Math.max(h.length, ...t.rows.map((r) => (r[i] ?? '').split('\n')[0].length)));
        const fmt = (r) => '  ' +
            r
                .map((c, i) => (c.split('\n')[0] ?? '').padEnd(widths[i] ?? 0))
                .join('  ')
                .trimEnd();
        out.push(fmt(t.headers), '  ' + widths.map((w) => '-'.repeat(w)).join('  '));
        for (const r of t.rows)
            out.push(fmt(r));
    }
    for (const b of report.blocks ?? [])
        out.push('', `  ${b.title}`, ...b.text
            .trimEnd()
            .split('\n')
            .map((l) => `    ${l}`));
    return out.join('\n');
}
const mark = (ok) => (ok ? 'pass' : 'FAIL');


/***/ })

};
