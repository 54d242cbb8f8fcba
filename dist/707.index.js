export const id = 707;
export const ids = [707];
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

/***/ 5415:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ko: () => (/* binding */ readInputs),
/* harmony export */   O9: () => (/* binding */ finish),
/* harmony export */   PM: () => (/* binding */ step),
/* harmony export */   Sy: () => (/* binding */ writeSummary),
/* harmony export */   hB: () => (/* binding */ runnerLogger)
/* harmony export */ });
/* unused harmony export mask */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6421);
/* harmony import */ var _cancel_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(833);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3916);
/* harmony import */ var _config_inputs_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4389);
/* harmony import */ var _report_summary_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7994);
/* harmony import */ var _time_limit_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9562);
/**
 * The bridge between the GitHub runner (@actions/core) and keel's library, shared by every action entry:
 * inputs through the one parser, a Logger on the runner's log (groups, annotations), secrets masked first,
 * and errors turned into one clear annotation and a failed step, without a stack trace.
 */






const source = (name) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getInput */ .V4(name);
/** Masks a secret and each of its lines (multi-line keys are masked line by line by the runner). */
function mask(value) {
    if (value.trim() === '')
        return;
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq(value);
    for (const line of value.split(/\r?\n/)) {
        if (line.trim().length >= 4)
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq(line.trim());
    }
}
/** Masks every secret input, then parses all inputs. */
function readInputs(decls) {
    for (const value of (0,_config_inputs_js__WEBPACK_IMPORTED_MODULE_3__/* .secretValues */ .VX)(decls, source))
        mask(value);
    return (0,_config_inputs_js__WEBPACK_IMPORTED_MODULE_3__/* .parseInputs */ .TL)(decls, source);
}
function runnerLogger() {
    return {
        info: (m) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(m),
        warn: (m, field) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(m, field ? { title: `keel: ${field}` } : {}),
        error: (m, field) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .error */ .z3(m, field ? { title: `keel: ${field}` } : {}),
        debug: (m) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .debug */ .Yz(m),
        group: (title, body) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .group */ .Os(title, body),
    };
}
async function writeSummary(reports) {
    if (!process.env.GITHUB_STEP_SUMMARY)
        return;
    await _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .summary */ .z.addRaw(reports.map(_report_summary_js__WEBPACK_IMPORTED_MODULE_4__/* .toMarkdown */ .l6).join('\n')).write();
}
/** A single action's end: its outputs, its job summary, then its failure (if any) fails the step. */
async function finish(run) {
    for (const [name, value] of Object.entries(run.outputs))
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH(name, value);
    await writeSummary(run.reports);
    if (run.error)
        throw run.error;
}
/**
 * Runs an action body: any KeelError becomes annotations + a failed step; anything else is a bug report.
 * A cancel from the runner (SIGINT, then SIGTERM) stops the remote work in flight; the body then ends in a
 * known state through its own clean-up (see cancel.ts) and the step fails with one line saying so.
 */
async function step(body) {
    (0,_time_limit_js__WEBPACK_IMPORTED_MODULE_5__/* .startTimeLimit */ .r)(_actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getInput */ .V4('time-limit'));
    const stopListening = (0,_cancel_js__WEBPACK_IMPORTED_MODULE_1__/* .cancelOnSignals */ .dJ)((signal) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`keel: ${signal}: the job was cancelled; stopping the remote work and bringing the hosts to a known state`));
    try {
        await body();
    }
    catch (error) {
        if ((0,_cancel_js__WEBPACK_IMPORTED_MODULE_1__/* .isCancelled */ .mm)()) {
            const what = error instanceof _cancel_js__WEBPACK_IMPORTED_MODULE_1__/* .CancelledError */ .cc ? '' : `: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .errorMessage */ .gJ)(error)}`;
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setFailed */ .C1(`keel: cancelled (${(0,_cancel_js__WEBPACK_IMPORTED_MODULE_1__/* .cancelReason */ .zw)()})${what}`);
        }
        else if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz) {
            // One annotation per wrong input, titled with its name, and the step fails (exit code 1).
            // A spec field's annotation sits on its line in the spec file.
            for (const p of error.problems)
                _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .error */ .z3(`${error.what} '${p.field}': ${p.message}`, {
                    title: `keel: ${error.what} ${p.field}`,
                    ...(p.file ? { file: p.file } : {}),
                    ...(p.file && p.line ? { startLine: p.line } : {}),
                });
            process.exitCode = 1;
        }
        else if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .KeelError */ .Ui) {
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setFailed */ .C1(error.hint ? `${error.message}\n${error.hint}` : error.message);
        }
        else {
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .debug */ .Yz(error instanceof Error && error.stack ? error.stack : String(error));
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setFailed */ .C1(`keel failed unexpectedly: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .errorMessage */ .gJ)(error)} (this is a bug; run with debug logging for details)`);
        }
    }
    finally {
        stopListening();
    }
}


/***/ }),

/***/ 1298:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   main: () => (/* binding */ main)
/* harmony export */ });
/* harmony import */ var _common_connection_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7985);
/* harmony import */ var _common_step_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5415);
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(118);
/* harmony import */ var _stage_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9366);
/** reload-graceful entry: inputs → library → outputs and job summary. */




async function main() {
    await (0,_common_step_js__WEBPACK_IMPORTED_MODULE_1__/* .step */ .PM)(async () => {
        const inputs = (0,_common_step_js__WEBPACK_IMPORTED_MODULE_1__/* .readInputs */ .Ko)(_inputs_js__WEBPACK_IMPORTED_MODULE_2__.inputs);
        const log = (0,_common_step_js__WEBPACK_IMPORTED_MODULE_1__/* .runnerLogger */ .hB)();
        const plan = (0,_stage_js__WEBPACK_IMPORTED_MODULE_3__/* .planReload */ .B)(inputs);
        const connection = (0,_common_connection_js__WEBPACK_IMPORTED_MODULE_0__.connectionFrom)(inputs, log);
        return (0,_common_step_js__WEBPACK_IMPORTED_MODULE_1__/* .finish */ .O9)(await (0,_stage_js__WEBPACK_IMPORTED_MODULE_3__/* .reloadService */ .T)(plan, connection, log));
    });
}


/***/ }),

/***/ 1532:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   b: () => (/* binding */ mapLimited)
/* harmony export */ });
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


/***/ }),

/***/ 5550:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DV: () => (/* binding */ parseBatchSize),
/* harmony export */   Of: () => (/* binding */ rollOut)
/* harmony export */ });
/* unused harmony export batches */
/* harmony import */ var _concurrency_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1532);
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8500);
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_timers_promises__WEBPACK_IMPORTED_MODULE_0__);
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
        const rs = await (0,_concurrency_js__WEBPACK_IMPORTED_MODULE_1__/* .mapLimited */ .b)(group, maxParallel, ({ item }) => fn(item));
        group.forEach(({ i }, k) => (results[i] = rs[k]));
        if (rs.some((r) => !r.ok)) {
            return { results, skipped: groups.slice(b + 1).flatMap((g) => g.map(({ i }) => i)) };
        }
        if (b < groups.length - 1 && waitMs > 0)
            await (0,node_timers_promises__WEBPACK_IMPORTED_MODULE_0__.setTimeout)(waitMs);
    }
    return { results, skipped: [] };
}


/***/ }),

/***/ 7994:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Gy: () => (/* binding */ mark),
/* harmony export */   O9: () => (/* binding */ alignTable),
/* harmony export */   l6: () => (/* binding */ toMarkdown)
/* harmony export */ });
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
/**
 * A table as aligned plain-text lines: the header, a rule, the rows (the first line of each cell).
 * `paint` may decorate a padded cell (colours on a terminal) without changing the widths.
 */
function alignTable(headers, rows, paint = (cell) => cell) {
    const first = (c) => (c ?? '').split('\n')[0];
    const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => first(r[i]).length)));
    const fmt = (r, decorate) => widths
        .map((w, i) => {
        const text = first(r[i]);
        const padded = i === widths.length - 1 ? text : text.padEnd(w);
        return decorate ? paint(padded, text) : padded;
    })
        .join('  ')
        .trimEnd();
    return [fmt(headers, false), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map((r) => fmt(r, true))];
}
const mark = (ok) => (ok ? 'pass' : 'FAIL');


/***/ })

};
