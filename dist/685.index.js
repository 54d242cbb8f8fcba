export const id = 685;
export const ids = [685];
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


/***/ })

};
