export const id = 679;
export const ids = [679,60];
export const modules = {

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


/***/ })

};
