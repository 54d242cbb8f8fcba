export const id = 736;
export const ids = [736];
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

/***/ 1736:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   inputs: () => (/* binding */ inputs),
/* harmony export */   outputs: () => (/* binding */ outputs)
/* harmony export */ });
/* harmony import */ var _common_connection_inputs_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1855);

/** A path inside the workspace: relative, no `..` segment, not the workspace itself. */
const IN_WORKSPACE = /^(?!\/)(?!(?:.*\/)?\.\.(?:\/|$))(?!\.?\/*$)[^\0\r\n]+$/;
const IN_WORKSPACE_HINT = 'a path inside the workspace (relative, without .. segments)';
const inputs = {
    spec: {
        kind: 'string',
        default: 'deploy/keel.yml',
        pattern: IN_WORKSPACE,
        patternHint: IN_WORKSPACE_HINT,
        description: 'The spec file, relative to the workspace.',
    },
    set: {
        kind: 'list',
        description: 'Overrides of spec fields, one a line: `field.path=value` (the value is read as YAML), e.g. `proxy.server=caddy`.',
    },
    'output-dir': {
        kind: 'string',
        default: '.keel/rendered',
        // It is deleted and written again on each run: never the workspace itself or anything outside it.
        pattern: IN_WORKSPACE,
        patternHint: `${IN_WORKSPACE_HINT}, not the workspace itself`,
        description: 'Where the files and manifest.json are written (relative to the workspace). Replaced on each run.',
    },
    validate: {
        kind: 'choice',
        choices: ['auto', 'required', 'off'],
        default: 'auto',
        description: '`auto`: check the files with nginx, caddy, systemd-analyze, logrotate and python3 where installed; `required`: fail when one is missing; `off`.',
    },
    'max-exposure': {
        kind: 'string',
        pattern: /^(10(\.0)?|\d(\.\d)?)$/,
        patternHint: 'a number from 0 to 10 with at most one decimal',
        default: '2.5',
        description: 'Highest `systemd-analyze security` exposure the service unit may have (2.5 = "OK" or better).',
    },
    ..._common_connection_inputs_js__WEBPACK_IMPORTED_MODULE_0__/* .connectionInputs */ .e,
    hosts: {
        kind: 'list',
        description: 'Hosts to compare with (optional): the plan shows, per host, which installed files the rendered ones would create or change, with diffs. Read-only.',
    },
};
const outputs = {
    dir: 'Absolute path of the output directory.',
    manifest: 'Absolute path of manifest.json (files, sha256, install paths, owners, modes, what to reload).',
    files: 'JSON array of the rendered files (name, install path, sha256).',
    service: 'The systemd service unit name.',
    socket: 'The systemd socket unit name (empty without socket activation).',
    proxy: '`nginx` or `caddy`.',
    warnings: 'Number of spec warnings.',
    plan: 'JSON, per host given in `hosts`: each file and whether installing it would create, update or leave it unchanged.',
    changed: '`true` when the plan found a file to create or update on any host (empty without hosts).',
};


/***/ })

};
