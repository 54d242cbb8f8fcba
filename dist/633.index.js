export const id = 633;
export const ids = [633];
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

/***/ 5752:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   main: () => (/* binding */ main)
/* harmony export */ });
/* harmony import */ var _common_step_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2406);
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1736);
/* harmony import */ var _stage_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6577);
/** render-config entry: inputs → library → outputs and job summary. */



async function main() {
    await (0,_common_step_js__WEBPACK_IMPORTED_MODULE_0__/* .step */ .PM)(async () => {
        const inputs = (0,_common_step_js__WEBPACK_IMPORTED_MODULE_0__/* .readInputs */ .Ko)(_inputs_js__WEBPACK_IMPORTED_MODULE_1__.inputs);
        const log = (0,_common_step_js__WEBPACK_IMPORTED_MODULE_0__/* .runnerLogger */ .hB)();
        const source = (0,_stage_js__WEBPACK_IMPORTED_MODULE_2__/* .specSource */ .Zz)(inputs);
        // Connection problems are input problems too: report them before rendering anything.
        // The SSH stack is loaded only when there are hosts to compare with.
        const connection = inputs.hosts.length > 0
            ? (await Promise.all(/* import() */[__webpack_require__.e(472), __webpack_require__.e(985)]).then(__webpack_require__.bind(__webpack_require__, 7985))).connectionFrom(inputs, log)
            : undefined;
        await (0,_common_step_js__WEBPACK_IMPORTED_MODULE_0__/* .finish */ .O9)(await (0,_stage_js__WEBPACK_IMPORTED_MODULE_2__/* .renderFiles */ .gt)(inputs, source, connection, log));
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


/***/ })

};
