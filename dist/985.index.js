export const id = 985;
export const ids = [985];
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
        // Every line is checked (not only this host's): garbage in known-hosts is an error, not silently ignored.
        const blob = Buffer.from(b64, 'base64');
        if (keyTypeOf(blob) !== type) {
            problems.push(`line ${i + 1}: the key is not of the type it names (${type})`);
            return;
        }
        if (!matchesHost(hosts, host, port))
            return;
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


/***/ })

};
