export const id = 685;
export const ids = [685,60,679];
export const modules = {

/***/ 1855:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   e: () => (/* binding */ connectionInputs)
/* harmony export */ });
const connectionInputs = {
    hosts: {
        kind: 'list',
        description: "Hosts to reach, one a line (or comma-separated): `host`, `user@host`, `host:port`, `[ipv6]:port`. Required: here or in the spec's `deploy.hosts`.",
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
        minMs: 1000,
        maxMs: 600_000,
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

/***/ 2685:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   description: () => (/* binding */ description),
/* harmony export */   inputs: () => (/* binding */ inputs),
/* harmony export */   outputs: () => (/* binding */ outputs),
/* harmony export */   state: () => (/* binding */ state)
/* harmony export */ });
/* harmony import */ var _releases_layout_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5262);
/* harmony import */ var _common_connection_inputs_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1855);
/* harmony import */ var _common_spec_input_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2739);
/* harmony import */ var _common_time_limit_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9562);




/** What the action does, in its action.yml (generated by scripts/gen-action-yml.mjs, like the inputs). */
const description = 'Release directories over SSH to one host or a fleet, with verified host keys: deploy (upload only what changed, shared files, hooks, the host files render-config made, an atomic switch under a deploy lock, keep-N), rollback to the previous good release, or check every host without changing anything.';
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
        pattern: /^(?!\/)(?!(?:.*\/)?\.\.(?:\/|$))[^\0\r\n]+$/,
        patternHint: 'a directory inside the workspace (relative, without .. segments)',
        description: 'The directory to release, relative to the workspace.',
    },
    exclude: {
        kind: 'list',
        itemPattern: /^(?!\/)(?!(?:.*\/)?\.\.(?:\/|$)).+$/,
        itemHint: 'a pattern relative to source (no leading / and no .. segments)',
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
        description: "A systemd unit to `systemctl reload` after the switch (and after a switch back); for an app under supervisor, `supervisor:PROGRAM` (`supervisorctl signal HUP PROGRAM`). Proving the reload is reload-graceful's job.",
    },
    'lock-wait': {
        kind: 'duration',
        default: '0s',
        description: "How long to wait for another deploy's lock on a host before failing.",
    },
    'lock-ttl': {
        kind: 'duration',
        default: '30m',
        minMs: 10_000,
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
        pattern: /^https?:\/\/[^\s/@]+(\/\S*)?$/,
        patternHint: 'an http(s) URL without user:password@',
        description: 'The URL shown on the deployment, e.g. `https://shop.example.com`.',
    },
    'github-token': {
        kind: 'string',
        secret: true,
        default: '${{ github.token }}',
        description: 'Token for the Deployments API.',
    },
    watch: {
        kind: 'duration',
        default: '0',
        maxMs: 3_600_000,
        description: "With `rendered-dir` (an Nginx or Caddy site): after the switch (and `reload-unit`), watch the site this long (e.g. `5m`; `0`: off) in the access log on each host, against the same length before the switch, and switch back to the previous release (reloading `reload-unit`) when the 5xx ratio or p95 latency breaches the spec's `alerts` thresholds or rises significantly (see the root action's `watch`). Under 50 requests: a warning that there was not enough traffic to judge, never a pass.",
    },
    canary: {
        kind: 'string',
        default: '',
        description: 'Canary first (needs `watch`): a number of hosts (the first N of `hosts`) or a list of host names (as in `hosts`, without user or port). The canaries are deployed and watched first; the rest follow only when the watch finds them healthy. A regression, a host whose log cannot be read, or not enough traffic to judge stops there: the canaries are switched back to their previous release, the rest are never contacted, and the step fails. Empty or `0`: off. Every host a canary, or a name not in `hosts`: an error.',
    },
    ...(0,_common_time_limit_js__WEBPACK_IMPORTED_MODULE_3__/* .timeLimitInput */ .l)('2h'),
    ..._common_spec_input_js__WEBPACK_IMPORTED_MODULE_2__/* .specInput */ .iv,
};
const outputs = {
    status: '`success` or `failure`.',
    hosts: 'JSON array, one object per host (check: checks and facts; deploy: release, previous, files sent, bytes; rollback: from, to).',
    'failed-hosts': 'Hosts that failed, comma-separated (empty when all passed).',
    'release-id': 'The release deployed (deploy) or returned to (rollback).',
    'previous-release': 'The release that was current before, on the first host.',
    'uploaded-bytes': 'Compressed bytes sent, all hosts together.',
    'deployment-id': 'The GitHub deployment id, when `github-deployment` is on.',
    'watch-result': 'With `watch`: `healthy`, `regressed` (switched back), `not-enough-traffic` (not judged), `error` (a host could not be read); `off` without it.',
    'canary-hosts': 'With `canary`: the canary hosts, comma-separated (empty without it).',
    'canary-result': 'With `canary`: `passed` (the rest followed), `regressed`, `not-enough-traffic` or `error` (the canaries were switched back, the rest untouched), `failed` (the deploy to a canary failed); `off` without it.',
};
/** Saved for the post step: the locks held (and where), so they are released even when the job is cancelled. */
const state = { locks: 'locks', deployPath: 'deploy-path' };


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


/***/ })

};
