export const id = 37;
export const ids = [37,60,679];
export const modules = {

/***/ 1442:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $e: () => (/* binding */ warning),
/* harmony export */   C1: () => (/* binding */ setFailed),
/* harmony export */   Gu: () => (/* binding */ getState),
/* harmony export */   LZ: () => (/* binding */ saveState),
/* harmony export */   Os: () => (/* binding */ group),
/* harmony export */   Pq: () => (/* binding */ setSecret),
/* harmony export */   V4: () => (/* binding */ getInput),
/* harmony export */   Yz: () => (/* binding */ debug),
/* harmony export */   pq: () => (/* binding */ info),
/* harmony export */   uH: () => (/* binding */ setOutput),
/* harmony export */   z: () => (/* binding */ summary),
/* harmony export */   z3: () => (/* binding */ error)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_3__);
/**
 * The runner's workflow-command protocol: the part of @actions/core (v3) that keel's action entries use, written
 * out here byte for byte (a unit test compares every function with @actions/core on hostile values).
 *
 * Why not @actions/core itself: its index imports the OIDC client (getIDToken), which pulls in
 * @actions/http-client and undici, 1 MB of code that every action parsed and ran at start-up for a function
 * keel never calls (issue #16: cold start).
 */




function toCommandValue(input) {
    if (input === null || input === undefined)
        return '';
    if (typeof input === 'string' || input instanceof String)
        return input;
    return JSON.stringify(input);
}
const escapeData = (s) => toCommandValue(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s) => toCommandValue(s)
    .replace(/%/g, '%25')
    .replace(/\r/g, '%0D')
    .replace(/\n/g, '%0A')
    .replace(/:/g, '%3A')
    .replace(/,/g, '%2C');
/** `::command key=value,key=value::message` on stdout; properties without a value are left out. */
function issueCommand(command, properties, message) {
    let text = `::${command}`;
    const props = Object.entries(properties).filter(([, v]) => v);
    if (Object.keys(properties).length > 0) {
        text += ' ' + props.map(([k, v]) => `${k}=${escapeProperty(v)}`).join(',');
    }
    process.stdout.write(`${text}::${escapeData(message)}${node_os__WEBPACK_IMPORTED_MODULE_3__.EOL}`);
}
function toCommandProperties(p) {
    if (!Object.keys(p).length)
        return {};
    return {
        title: p.title,
        file: p.file,
        line: p.startLine,
        endLine: p.endLine,
        col: p.startColumn,
        endColumn: p.endColumn,
    };
}
/** A `name<<delimiter` block appended to the runner's GITHUB_OUTPUT or GITHUB_STATE file. */
function issueFileCommand(command, key, value) {
    const filePath = process.env[`GITHUB_${command}`];
    if (!filePath)
        throw new Error(`Unable to find environment variable for file command ${command}`);
    if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_1__.existsSync)(filePath))
        throw new Error(`Missing file at path: ${filePath}`);
    const delimiter = `ghadelimiter_${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomUUID)()}`;
    const converted = toCommandValue(value);
    if (key.includes(delimiter))
        throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
    if (converted.includes(delimiter))
        throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
    (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.appendFileSync)(filePath, `${key}<<${delimiter}${node_os__WEBPACK_IMPORTED_MODULE_3__.EOL}${converted}${node_os__WEBPACK_IMPORTED_MODULE_3__.EOL}${delimiter}${node_os__WEBPACK_IMPORTED_MODULE_3__.EOL}`, {
        encoding: 'utf8',
    });
}
function getInput(name) {
    return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '').trim();
}
function setOutput(name, value) {
    if (process.env.GITHUB_OUTPUT)
        return issueFileCommand('OUTPUT', name, value);
    process.stdout.write(node_os__WEBPACK_IMPORTED_MODULE_3__.EOL);
    issueCommand('set-output', { name }, toCommandValue(value));
}
function saveState(name, value) {
    if (process.env.GITHUB_STATE)
        return issueFileCommand('STATE', name, value);
    issueCommand('save-state', { name }, toCommandValue(value));
}
function getState(name) {
    return process.env[`STATE_${name}`] || '';
}
function setSecret(secret) {
    issueCommand('add-mask', {}, secret);
}
function info(message) {
    process.stdout.write(message + node_os__WEBPACK_IMPORTED_MODULE_3__.EOL);
}
function debug(message) {
    issueCommand('debug', {}, message);
}
function warning(message, properties = {}) {
    issueCommand('warning', toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
function error(message, properties = {}) {
    issueCommand('error', toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
function setFailed(message) {
    process.exitCode = 1;
    error(message);
}
async function group(name, fn) {
    issueCommand('group', {}, name);
    try {
        return await fn();
    }
    finally {
        issueCommand('endgroup', {}, '');
    }
}
/** The job summary: text appended to the file the runner names in GITHUB_STEP_SUMMARY. */
const summary = {
    addRaw(text) {
        return {
            async write() {
                const file = process.env.GITHUB_STEP_SUMMARY;
                if (!file)
                    throw new Error('Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.');
                try {
                    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.access)(file, node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.R_OK | node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.W_OK);
                }
                catch {
                    throw new Error(`Unable to access summary file: '${file}'. Check if the file has correct read/write permissions.`);
                }
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.appendFile)(file, text, { encoding: 'utf8' });
            },
        };
    },
};


/***/ }),

/***/ 2739:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ko: () => (/* binding */ IN_WORKSPACE),
/* harmony export */   WS: () => (/* binding */ IN_WORKSPACE_HINT),
/* harmony export */   iv: () => (/* binding */ specInput),
/* harmony export */   u8: () => (/* binding */ DEFAULT_SPEC)
/* harmony export */ });
/** A path inside the workspace: relative, no `..` segment, not the workspace itself. */
const IN_WORKSPACE = /^(?!\/)(?!(?:.*\/)?\.\.(?:\/|$))(?!\.?\/*$)[^\0\r\n]+$/;
const IN_WORKSPACE_HINT = 'a path inside the workspace (relative, without .. segments)';
const DEFAULT_SPEC = 'deploy/keel.yml';
const specInput = {
    spec: {
        kind: 'string',
        default: DEFAULT_SPEC,
        pattern: IN_WORKSPACE,
        patternHint: IN_WORKSPACE_HINT,
        description: "The spec file, relative to the workspace. Inputs the workflow leaves unset (or at their default) are taken from the spec's `deploy:` section (and `backup:` for backup-db): hosts, user, known-hosts and the like, never secrets; the summary says which came from where. The default file is read when it exists; another path must exist.",
    },
};


/***/ }),

/***/ 5415:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ko: () => (/* binding */ readInputs),
/* harmony export */   O9: () => (/* binding */ finish),
/* harmony export */   PM: () => (/* binding */ step),
/* harmony export */   hB: () => (/* binding */ runnerLogger)
/* harmony export */ });
/* unused harmony exports mask, writeSummary */
/* harmony import */ var _core_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1442);
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






const source = (name) => _core_js__WEBPACK_IMPORTED_MODULE_0__/* .getInput */ .V4(name);
/** Masks a secret and each of its lines (multi-line keys are masked line by line by the runner). */
function mask(value) {
    if (value.trim() === '')
        return;
    _core_js__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq(value);
    for (const line of value.split(/\r?\n/)) {
        if (line.trim().length >= 4)
            _core_js__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq(line.trim());
    }
}
/** Which inputs came from the spec (for the summary line `finish` writes), once readInputs has run. */
let specProvenance;
/**
 * Masks every secret input, then parses all inputs: the workflow's, then the spec's `deploy:`/`backup:`
 * values for what it left unset (when the action has a `spec` input and the file exists), then defaults.
 * A wrong value from the spec is reported under its spec field (`deploy.port (deploy/keel.yml)`).
 */
async function readInputs(decls) {
    for (const value of (0,_config_inputs_js__WEBPACK_IMPORTED_MODULE_3__/* .secretValues */ .VX)(decls, source))
        mask(value);
    if (!('spec' in decls))
        return (0,_config_inputs_js__WEBPACK_IMPORTED_MODULE_3__/* .parseInputs */ .TL)(decls, source);
    // Loaded only here: the spec's schema is not evaluated by actions that have no spec to read.
    const { provenanceLine, withSpec } = await Promise.all(/* import() */[__webpack_require__.e(816), __webpack_require__.e(815), __webpack_require__.e(518), __webpack_require__.e(888), __webpack_require__.e(118), __webpack_require__.e(869), __webpack_require__.e(146), __webpack_require__.e(941), __webpack_require__.e(906)]).then(__webpack_require__.bind(__webpack_require__, 7906));
    const layered = withSpec(decls, source, process.env.GITHUB_WORKSPACE ?? process.cwd());
    try {
        const parsed = (0,_config_inputs_js__WEBPACK_IMPORTED_MODULE_3__/* .parseInputs */ .TL)(decls, layered.source);
        specProvenance = provenanceLine(layered.provenance);
        if (specProvenance)
            _core_js__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`keel: ${specProvenance.replace(/`/g, '')}`);
        return parsed;
    }
    catch (error) {
        if (!(error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz))
            throw error;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(error.problems.map((p) => ({ ...p, field: layered.fieldOf(p.field) })), error.what);
    }
}
function runnerLogger() {
    return {
        info: (m) => _core_js__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(m),
        warn: (m, field) => _core_js__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(m, field ? { title: `keel: ${field}` } : {}),
        error: (m, field) => _core_js__WEBPACK_IMPORTED_MODULE_0__/* .error */ .z3(m, field ? { title: `keel: ${field}` } : {}),
        debug: (m) => _core_js__WEBPACK_IMPORTED_MODULE_0__/* .debug */ .Yz(m),
        group: (title, body) => _core_js__WEBPACK_IMPORTED_MODULE_0__/* .group */ .Os(title, body),
    };
}
async function writeSummary(reports) {
    if (!process.env.GITHUB_STEP_SUMMARY)
        return;
    await _core_js__WEBPACK_IMPORTED_MODULE_0__/* .summary */ .z.addRaw(reports.map(_report_summary_js__WEBPACK_IMPORTED_MODULE_4__/* .toMarkdown */ .l6).join('\n')).write();
}
/** A single action's end: its outputs, its job summary, then its failure (if any) fails the step. */
async function finish(run) {
    for (const [name, value] of Object.entries(run.outputs))
        _core_js__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH(name, value);
    const [first, ...rest] = run.reports;
    await writeSummary(first && specProvenance
        ? [{ ...first, lines: [...(first.lines ?? []), specProvenance] }, ...rest]
        : run.reports);
    if (run.error)
        throw run.error;
}
/**
 * Runs an action body: any KeelError becomes annotations + a failed step; anything else is a bug report.
 * A cancel from the runner (SIGINT, then SIGTERM) stops the remote work in flight; the body then ends in a
 * known state through its own clean-up (see cancel.ts) and the step fails with one line saying so.
 */
async function step(body) {
    (0,_time_limit_js__WEBPACK_IMPORTED_MODULE_5__/* .startTimeLimit */ .r)(_core_js__WEBPACK_IMPORTED_MODULE_0__/* .getInput */ .V4('time-limit'));
    const stopListening = (0,_cancel_js__WEBPACK_IMPORTED_MODULE_1__/* .cancelOnSignals */ .dJ)((signal) => _core_js__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`keel: ${signal}: the job was cancelled; stopping the remote work and bringing the hosts to a known state`));
    try {
        await body();
    }
    catch (error) {
        if ((0,_cancel_js__WEBPACK_IMPORTED_MODULE_1__/* .isCancelled */ .mm)()) {
            const what = error instanceof _cancel_js__WEBPACK_IMPORTED_MODULE_1__/* .CancelledError */ .cc ? '' : `: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .errorMessage */ .gJ)(error)}`;
            _core_js__WEBPACK_IMPORTED_MODULE_0__/* .setFailed */ .C1(`keel: cancelled (${(0,_cancel_js__WEBPACK_IMPORTED_MODULE_1__/* .cancelReason */ .zw)()})${what}`);
        }
        else if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz) {
            // One annotation per wrong input, titled with its name, and the step fails (exit code 1).
            // A spec field's annotation sits on its line in the spec file.
            for (const p of error.problems)
                _core_js__WEBPACK_IMPORTED_MODULE_0__/* .error */ .z3(`${error.what} '${p.field}': ${p.message}`, {
                    title: `keel: ${error.what} ${p.field}`,
                    ...(p.file ? { file: p.file } : {}),
                    ...(p.file && p.line ? { startLine: p.line } : {}),
                });
            process.exitCode = 1;
        }
        else if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .KeelError */ .Ui) {
            _core_js__WEBPACK_IMPORTED_MODULE_0__/* .setFailed */ .C1(error.hint ? `${error.message}\n${error.hint}` : error.message);
        }
        else {
            _core_js__WEBPACK_IMPORTED_MODULE_0__/* .debug */ .Yz(error instanceof Error && error.stack ? error.stack : String(error));
            _core_js__WEBPACK_IMPORTED_MODULE_0__/* .setFailed */ .C1(`keel failed unexpectedly: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .errorMessage */ .gJ)(error)} (this is a bug; run with debug logging for details)`);
        }
    }
    finally {
        stopListening();
    }
}


/***/ }),

/***/ 9562:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   l: () => (/* binding */ timeLimitInput),
/* harmony export */   r: () => (/* binding */ startTimeLimit)
/* harmony export */ });
/* harmony import */ var _cancel_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(833);
/* harmony import */ var _config_inputs_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4389);
/**
 * `time-limit`, which every action has: the whole step's bound. Past it the step cancels itself exactly as the
 * runner cancels a job (cancel.ts): the remote work in flight is stopped, the hosts are brought to a known state,
 * and the step fails with one error line. Every wait inside keel has its own bound too; this one bounds their sum.
 */


function timeLimitInput(defaultValue) {
    return {
        'time-limit': {
            kind: 'duration',
            default: defaultValue,
            minMs: 10_000,
            maxMs: 24 * 3_600_000,
            description: 'The whole step\'s limit. Past it the step cancels itself as the runner would (remote work stopped, the hosts left in a known state, one error line). Never "no limit": the job\'s `timeout-minutes` is a second bound.',
        },
    };
}
/**
 * Starts the step's clock from its `time-limit` input (as the runner passes it). An invalid or missing value
 * starts nothing here: the action's own input parsing reports it.
 */
function startTimeLimit(raw) {
    const ms = raw ? (0,_config_inputs_js__WEBPACK_IMPORTED_MODULE_1__/* .parseDuration */ .E9)(raw) : undefined;
    if (!ms || ms < 10_000)
        return;
    setTimeout(() => (0,_cancel_js__WEBPACK_IMPORTED_MODULE_0__/* .cancel */ .ZT)(`time-limit ${raw.trim()} reached`), ms).unref();
}


/***/ }),

/***/ 833:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CN: () => (/* binding */ cleanupLeftMs),
/* harmony export */   Fn: () => (/* binding */ checkpoint),
/* harmony export */   WN: () => (/* binding */ cancellation),
/* harmony export */   ZT: () => (/* binding */ cancel),
/* harmony export */   cc: () => (/* binding */ CancelledError),
/* harmony export */   dJ: () => (/* binding */ cancelOnSignals),
/* harmony export */   kc: () => (/* binding */ cleanupWaitMs),
/* harmony export */   mm: () => (/* binding */ isCancelled),
/* harmony export */   zw: () => (/* binding */ cancelReason)
/* harmony export */ });
/* unused harmony export CLEANUP_BUDGET_MS */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/**
 * Cancellation: what the GitHub runner does when a job is cancelled (SIGINT to the step's process, SIGTERM
 * 7.5 s later, SIGKILL 2.5 s after that; the post step runs all the same) and what keel does about it.
 *
 * One process-wide signal. Once it fires:
 * - every remote command in flight is stopped: the SSH layer kills the command's whole process tree on the
 *   host (hooks and migrations included), and the command's caller gets a CancelledError;
 * - the work stops at its next checkpoint (`checkpoint()` at the boundaries of a deploy: before the upload,
 *   the shared files, the hooks, the switch; before each stage of the root action), so nothing new starts;
 * - clean-up is not a checkpoint: removing an upload, switching back to the release that was serving, a
 *   rollback, releasing the lock all run to their end, with the same SSH layer;
 * and the step ends with one error line saying it was cancelled and in what state it left the hosts.
 */

class CancelledError extends _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .KeelError */ .Ui {
    reason;
    constructor(reason) {
        super(`cancelled (${reason})`);
        this.reason = reason;
        this.name = 'CancelledError';
    }
}
const controller = new AbortController();
let cancelledAt = 0;
/**
 * How long after a cancel the clean-up may spend waiting for what would finish without keel (restarts and
 * stops queued in systemd, a settle check): the runner sends SIGTERM 7.5 s after SIGINT and SIGKILL 2.5 s
 * later, and the lock's release, the summary and the exit need the rest.
 */
const CLEANUP_BUDGET_MS = 5_000;
/** Fires once, when the run is cancelled; its `reason` is a CancelledError. */
const cancellation = controller.signal;
function isCancelled() {
    return controller.signal.aborted;
}
/** Cancels the run (a signal from the runner). Later calls change nothing. */
function cancel(reason) {
    if (controller.signal.aborted)
        return;
    cancelledAt = Date.now();
    controller.abort(new CancelledError(reason));
}
/** The longest one wait of the clean-up may last (for restarts or stops it queued), within the budget. */
const CLEANUP_WAIT_MS = 3_000;
/**
 * What is left of the clean-up's budget (CLEANUP_BUDGET_MS from the cancel): a wait in the clean-up is cut to
 * it, and says what it left queued. Infinity while the run is not cancelled.
 */
function cleanupLeftMs() {
    return controller.signal.aborted ? Math.max(0, cancelledAt + CLEANUP_BUDGET_MS - Date.now()) : Infinity;
}
/**
 * How long a wait for what finishes without keel (a queued restart or stop, a settle check) may last: `ms`
 * while the run goes on; after a cancel, at most CLEANUP_WAIT_MS and what is left of the clean-up's budget.
 */
function cleanupWaitMs(ms) {
    return controller.signal.aborted ? Math.min(ms, CLEANUP_WAIT_MS, cleanupLeftMs()) : ms;
}
/** The reason the run was cancelled, if it was. */
function cancelReason() {
    return controller.signal.aborted ? controller.signal.reason.reason : undefined;
}
/** Throws CancelledError when the run has been cancelled: call it before starting each new piece of work. */
function checkpoint() {
    if (controller.signal.aborted)
        throw controller.signal.reason;
}
/**
 * Handles SIGINT and SIGTERM as the runner sends them on cancel: the first one cancels the run (the work
 * then ends itself in a known state); the process is not killed here. Returns a function that removes them.
 */
function cancelOnSignals(onCancel) {
    const handler = (signal) => {
        const first = !controller.signal.aborted;
        cancel(signal);
        if (first)
            onCancel?.(signal);
    };
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
    return () => {
        process.off('SIGINT', handler);
        process.off('SIGTERM', handler);
    };
}


/***/ }),

/***/ 4389:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E9: () => (/* binding */ parseDuration),
/* harmony export */   TL: () => (/* binding */ parseInputs),
/* harmony export */   VX: () => (/* binding */ secretValues)
/* harmony export */ });
/* unused harmony export parseList */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
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
/** A value as an error shows it: secrets hidden, credentials in URLs (`//user:password@`) replaced, long ones cut. */
function show(decl, value) {
    if (decl.secret)
        return '(hidden)';
    const v = value.replace(/\/\/[^/@\s]*@/g, '//***@');
    return JSON.stringify(v.length > 80 ? v.slice(0, 77) + '...' : v);
}
const durationText = (ms) => ms % 3_600_000 === 0
    ? `${ms / 3_600_000}h`
    : ms % 60_000 === 0
        ? `${ms / 60_000}m`
        : ms % 1000 === 0
            ? `${ms / 1000}s`
            : `${ms}ms`;
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
                return {
                    error: `${show(decl, value.trim())} is below the minimum ${durationText(decl.minMs)}${ms === 0 ? ' (0 would mean no limit)' : ''}`,
                };
            if (decl.maxMs !== undefined && ms > decl.maxMs)
                return { error: `${show(decl, value.trim())} is above the maximum ${durationText(decl.maxMs)}` };
            return { value: ms };
        }
        case 'list': {
            const items = parseList(value);
            const bad = decl.itemPattern ? items.filter((i) => !decl.itemPattern.test(i)) : [];
            if (bad.length)
                return {
                    error: bad
                        .map((b) => `${show(decl, b)} is not ${decl.itemHint ?? `of the form ${decl.itemPattern}`}`)
                        .join('; '),
                };
            return { value: items };
        }
    }
}
/**
 * Parses every declared input. Values that are absent or empty fall back to the declared default (the runner
 * normally supplies those from action.yml already; the fallback covers the CLI, tests, and `with: x: ''`,
 * which the runner passes as given). A default that is an expression (`${{ github.token }}`) is the runner's
 * to evaluate: an input given empty stays unset, never the expression's own text.
 */
function parseInputs(decls, source) {
    const problems = [];
    const out = {};
    for (const [name, decl] of Object.entries(decls)) {
        let text = source(name);
        if ((text === undefined || text.trim() === '') && !decl.default?.includes('${{'))
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
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(problems);
    return out;
}
/** Names of the secret inputs that were given, with their values, for masking. */
function secretValues(decls, source) {
    return Object.entries(decls)
        .filter(([, d]) => d.secret)
        .map(([name]) => source(name) ?? '')
        .filter((v) => v.trim() !== '');
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
    what;
    problems;
    constructor(problems, 
    /** What the problems are about: `input`, `spec field`. */
    what = 'input') {
        const first = problems[0];
        const text = problems.length === 1 && first
            ? `${what} '${first.field}': ${first.message}`
            : `${problems.length} ${what} problems:\n` +
                problems.map((p) => `  - ${what} '${p.field}': ${p.message}`).join('\n');
        super(text, { field: first?.field });
        this.what = what;
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
    for (const c of report.charts ?? [])
        out.push('```mermaid', c.trimEnd(), '```', '');
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
