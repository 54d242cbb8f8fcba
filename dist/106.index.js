export const id = 106;
export const ids = [106,685,985];
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
/* harmony import */ var _common_connection_inputs_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1855);

const inputs = {
    ..._common_connection_inputs_js__WEBPACK_IMPORTED_MODULE_0__/* .connectionInputs */ .e,
    mode: {
        kind: 'choice',
        choices: ['deploy', 'rollback', 'check'],
        default: 'deploy',
        description: '`check`: verify every host (host key, login, bash, python3, sudo, systemd, deploy path, free space) and change nothing. `deploy` and `rollback` arrive with the release engine.',
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
};
const outputs = {
    status: '`success` or `failure`.',
    hosts: 'JSON array, one object per host: host, ok, host key, facts, checks, error.',
    'failed-hosts': 'Hosts that failed, comma-separated (empty when all passed).',
};
const state = {};


/***/ }),

/***/ 1106:
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
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/remote/quote.ts
var quote = __webpack_require__(4414);
// EXTERNAL MODULE: ./src/remote/ssh.ts
var ssh = __webpack_require__(8136);
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
async function preflightHost(endpoint, credentials, connect, options, log) {
    let session;
    try {
        session = await ssh/* SshSession */.vM.open(endpoint, credentials, connect, log);
        const hostKey = `${session.hostKey.type} ${session.hostKey.fingerprint} (${session.hostKey.how})`;
        if (session.hostKey.how === 'trust-on-first-use') {
            log.warn(`${endpoint.name}: host key trusted on first use: ${session.hostKey.fingerprint}; pin it`);
        }
        const result = await session.check('preflight', factsScript(options), { timeoutMs: 60_000 });
        const facts = parseFacts(result.stdout);
        const checks = judge(facts, options);
        return { host: endpoint.name, ok: checks.every((c) => c.ok), hostKey, facts, checks, error: undefined };
    }
    catch (error) {
        return {
            host: endpoint.name,
            ok: false,
            hostKey: undefined,
            facts: {},
            checks: [],
            error: (0,errors/* errorMessage */.gJ)(error),
        };
    }
    finally {
        session?.close();
    }
}
/** Preflight of many hosts at once, at most `concurrency` at a time, results in the order given. */
async function preflight(endpoints, credentials, connect, options, log, concurrency = 8) {
    const reports = new Array(endpoints.length);
    let next = 0;
    const worker = async () => {
        while (next < endpoints.length) {
            const i = next++;
            reports[i] = await preflightHost(endpoints[i], credentials, connect, options, log);
        }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, endpoints.length) }, worker));
    return reports;
}

// EXTERNAL MODULE: ./src/report/summary.ts
var summary = __webpack_require__(7994);
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







async function main() {
    await (0,step/* step */.PM)(async () => {
        const inputs = (0,step/* readInputs */.Ko)(ssh_deploy_inputs.inputs);
        const log = (0,step/* runnerLogger */.hB)();
        if (inputs.mode !== 'check') {
            throw new errors/* KeelError */.Ui(`input 'mode': '${inputs.mode}' is not available yet in this version of keel; only 'check' is (the release engine is keel issue #4)`, { field: 'mode' });
        }
        const connection = (0,common_connection.connectionFrom)(inputs, log);
        const reports = await log.group(`Checking ${connection.endpoints.length} host(s)`, () => preflight(connection.endpoints, connection.credentials, connection.options, {
            deployPath: inputs['deploy-path'],
            minFreeMiB: inputs['min-free-space'],
            requireSudo: inputs['require-sudo'],
            service: inputs.service,
        }, log));
        const failed = reports.filter((r) => !r.ok);
        for (const r of reports) {
            if (r.error)
                core/* error */.z3(r.error, { title: `keel: ${r.host}` });
            for (const c of r.checks.filter((c) => !c.ok))
                core/* error */.z3(`${r.host}: ${c.name}: ${c.detail}`, { title: `keel: ${r.host}` });
            if (r.ok)
                core/* info */.pq(`${r.host}: all checks passed (${r.hostKey})`);
        }
        core/* setOutput */.uH('status', failed.length === 0 ? 'success' : 'failure');
        core/* setOutput */.uH('hosts', JSON.stringify(reports));
        core/* setOutput */.uH('failed-hosts', failed.map((r) => r.host).join(','));
        await (0,step/* writeSummary */.Sy)([preflightReport(reports)]);
        if (failed.length > 0) {
            throw new errors/* KeelError */.Ui(`${failed.length} of ${reports.length} host(s) failed the check: ${failed.map((r) => r.host).join(', ')}`);
        }
    });
}
async function post() {
    // Nothing is locked in check mode; the release engine will release its lock here.
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
/* harmony export */   vM: () => (/* binding */ SshSession)
/* harmony export */ });
/* unused harmony exports defaultConnectOptions, RemoteCommandError */
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
            ...(algorithms ? { algorithms: { serverHostKey: algorithms } } : {}),
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
     * Runs a script under `bash -euo pipefail` (as root with `sudo` when asked). Resolves with the result
     * whatever the exit code; use `check` to turn a failure into an error.
     */
    async run(body, options = {}) {
        const command = options.sudo ? `sudo -n -- ${(0,_quote_js__WEBPACK_IMPORTED_MODULE_3__/* .strictBash */ .mV)(body)}` : (0,_quote_js__WEBPACK_IMPORTED_MODULE_3__/* .strictBash */ .mV)(body);
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
