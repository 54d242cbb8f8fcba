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


/***/ })

};
