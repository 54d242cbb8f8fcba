export const id = 221;
export const ids = [221];
export const modules = {

/***/ 9221:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  connectionFrom: () => (/* binding */ connectionFrom)
});

// EXTERNAL MODULE: ./src/config/hosts.ts
var hosts = __webpack_require__(6593);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./node_modules/ssh2/lib/protocol/keyParser.js
var keyParser = __webpack_require__(1789);
;// CONCATENATED MODULE: ./src/remote/keys.ts
/**
 * Private keys as users paste them into secrets: OpenSSH (new format), PEM (RSA, ECDSA), ed25519, with or
 * without passphrase, with CRLF line ends, stray indentation or no trailing newline. Problems are reported
 * by input name and never include the key itself.
 */
// ssh2's key parser alone (ssh2.utils.parseKey): the rest of ssh2 loads with the first connection (ssh.ts).


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
    const parsed = (0,keyParser.parseKey)(normalised, pass);
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
    const endpoints = (0,hosts/* endpointsFrom */.BY)(inputs.hosts, defaults, trust, 'hosts', problems);
    const jumps = (0,hosts/* endpointsFrom */.BY)(inputs['jump-hosts'], defaults, trust, 'jump-hosts', problems);
    if (inputs.hosts.length === 0)
        problems.push({
            field: 'hosts',
            message: "is required but was not given (as an input, or in the spec's deploy.hosts)",
        });
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

/***/ 6593:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BY: () => (/* binding */ endpointsFrom),
/* harmony export */   un: () => (/* binding */ parseHostAddress)
/* harmony export */ });
/* unused harmony export trustFor */
/* harmony import */ var _remote_hostkeys_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2838);

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
    const keys = inputs.knownHosts ? (0,_remote_hostkeys_js__WEBPACK_IMPORTED_MODULE_0__/* .knownHostKeys */ ._d)(inputs.knownHosts, host, port, notes) : [];
    for (const n of new Set(notes))
        problems.push({ field: 'known-hosts', message: n });
    const fingerprints = [];
    for (const line of inputs.fingerprints) {
        const parts = line.split(/\s+/);
        const [scope, value] = parts.length >= 2 ? [parts[0], parts[parts.length - 1]] : [undefined, parts[0]];
        const fp = (0,_remote_hostkeys_js__WEBPACK_IMPORTED_MODULE_0__/* .normaliseFingerprint */ .Zd)(value ?? '');
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


/***/ })

};
