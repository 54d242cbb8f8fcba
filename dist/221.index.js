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
    const endpoints = (0,hosts/* endpointsFrom */.BY)(inputs.hosts, defaults, trust, 'hosts', problems);
    const jumps = (0,hosts/* endpointsFrom */.BY)(inputs['jump-hosts'], defaults, trust, 'jump-hosts', problems);
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
/* unused harmony exports fingerprintOf, keyTypeOf, parseKnownHosts, matchPatternList, hostFieldMatches, lookupName */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/**
 * Host-key trust: known_hosts content and SHA256 fingerprints, matched against the key a server offers.
 *
 * Verification is on by default. known_hosts is read as OpenSSH reads it, and the host-key algorithms are
 * offered in the order OpenSSH's client offers them (pinned key types first), so for a given known_hosts and
 * server keel accepts exactly the connections `ssh -o StrictHostKeyChecking=yes` accepts.
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
/**
 * OpenSSH 9's default HostKeyAlgorithms without certificates and security keys (keel verifies neither). ssh-rsa
 * (SHA-1 signatures) is not offered: OpenSSH has not offered it by default since 8.8.
 */
const OPENSSH_ALGORITHMS = [
    'ssh-ed25519',
    'ecdsa-sha2-nistp256',
    'ecdsa-sha2-nistp384',
    'ecdsa-sha2-nistp521',
    'rsa-sha2-512',
    'rsa-sha2-256',
];
/** The key type an algorithm signs with. */
const keyTypeOfAlgorithm = (alg) => (alg.startsWith('rsa-sha2-') ? 'ssh-rsa' : alg);
const CA_MARKER = '@cert-authority';
const REVOKE_MARKER = '@revoked';
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const HASHED = /^\|1\|([A-Za-z0-9+/]{27}=)\|([A-Za-z0-9+/]{27}=)$/;
/** Splits off the first field (up to a space or tab) and the whitespace after it. */
function field(text) {
    const m = /^([^ \t]*)[ \t]*(.*)$/s.exec(text);
    return [m[1], m[2]];
}
/** The SSH strings of a public key blob, or undefined when it is not a sequence of whole SSH strings. */
function sshStrings(blob) {
    const out = [];
    let at = 0;
    while (at < blob.length) {
        if (at + 4 > blob.length)
            return undefined;
        const len = blob.readUInt32BE(at);
        if (at + 4 + len > blob.length)
            return undefined;
        out.push(blob.subarray(at + 4, at + 4 + len));
        at += 4 + len;
    }
    return out;
}
/** What OpenSSH's key parser would reject in a key of a type it checks closely (undefined: fine). */
function keyShapeProblem(type, s) {
    if (type === 'ssh-ed25519' && (s.length !== 2 || s[1].length !== 32))
        return 'the ssh-ed25519 key is not 32 bytes';
    if (type === 'ssh-rsa') {
        if (s.length !== 3)
            return 'the ssh-rsa key is malformed';
        const n = s[2];
        const bits = n.length === 0 ? 0 : (n.length - 1) * 8 + (32 - Math.clz32(n[0]));
        if (bits < 1024)
            return `the ssh-rsa key has ${bits} bits; OpenSSH refuses RSA keys under 1024 bits`;
    }
    const curve = /^ecdsa-sha2-(nistp\d+)$/.exec(type)?.[1];
    if (curve && (s.length !== 3 || s[1].toString('latin1') !== curve))
        return `the ${type} key is not on the curve ${curve}`;
    return undefined;
}
/** Parses known_hosts text. Lines OpenSSH would skip as invalid are reported through `problems`. */
function parseKnownHosts(content, problems = []) {
    const entries = [];
    content.split('\n').forEach((text, i) => {
        const n = i + 1;
        let rest = text.replace(/\r$/, '').replace(/^[ \t]+/, '');
        if (rest === '' || rest.startsWith('#'))
            return;
        let marker = 'none';
        while (rest.startsWith('@')) {
            // As OpenSSH: a marker ends at the line's first space (a tab only when the line has no space at all).
            const sp = rest.indexOf(' ') >= 0 ? rest.indexOf(' ') : rest.indexOf('\t');
            const word = sp < 0 ? rest : rest.slice(0, sp);
            if (marker !== 'none') {
                problems.push(`line ${n}: only one marker (@revoked or @cert-authority) is allowed`);
                return;
            }
            if (sp < 0 || (word !== CA_MARKER && word !== REVOKE_MARKER)) {
                problems.push(`line ${n}: unknown marker ${JSON.stringify(word.slice(0, 40))} (a marker is @revoked or @cert-authority, followed by a space)`);
                return;
            }
            marker = word === CA_MARKER ? 'cert-authority' : 'revoked';
            rest = rest.slice(sp).replace(/^[ \t]+/, '');
        }
        const [hosts, afterHosts] = field(rest);
        const [type, afterType] = field(afterHosts);
        const [b64] = field(afterType);
        if (hosts === '' || type === '' || type.startsWith('#') || b64 === '') {
            problems.push(`line ${n} is not a known_hosts line ("host key-type base64-key")`);
            return;
        }
        const hashed = HASHED.exec(hosts);
        const canonical = (b) => Buffer.from(b, 'base64').toString('base64') === b;
        if (hosts.startsWith('|') && !(hashed && canonical(hashed[1]) && canonical(hashed[2]))) {
            problems.push(`line ${n}: the hashed host name is malformed (ssh-keygen -H writes |1|<salt>|<hash>, 20 bytes each in base64, one name a line)`);
            return;
        }
        const blob = BASE64.test(b64) ? Buffer.from(b64, 'base64') : undefined;
        const strings = blob && blob.toString('base64') === b64 ? sshStrings(blob) : undefined;
        if (!blob || !strings || strings.length < 2) {
            problems.push(`line ${n}: the key is not a base64 SSH public key`);
            return;
        }
        if (strings[0].toString('latin1') !== type) {
            problems.push(`line ${n}: the key is not of the type it names (${JSON.stringify(type.slice(0, 40))})`);
            return;
        }
        if (type.includes('-cert-')) {
            problems.push(`line ${n}: ${type} is a certificate, not a host key; pin the host's own key`);
            return;
        }
        const shape = keyShapeProblem(type, strings);
        if (shape) {
            problems.push(`line ${n}: ${shape}`);
            return;
        }
        entries.push({ line: n, marker, hosts, type, blob });
    });
    return entries;
}
/** OpenSSH's match_pattern: `*` any run of bytes, `?` one byte, anything else itself (no NFA blow-up). */
function matchPattern(s, p) {
    let states = new Uint8Array(p.length + 1);
    const close = (st) => {
        for (let i = 0; i < p.length; i++)
            if (st[i] && p[i] === 0x2a)
                st[i + 1] = 1;
    };
    states[0] = 1;
    close(states);
    for (const c of s) {
        const next = new Uint8Array(p.length + 1);
        let any = false;
        for (let i = 0; i < p.length; i++) {
            if (!states[i])
                continue;
            if (p[i] === 0x2a)
                next[i] = 1;
            else if (p[i] === 0x3f || p[i] === c)
                next[i + 1] = 1;
        }
        close(next);
        states = next;
        for (const v of states)
            any ||= v === 1;
        if (!any)
            return false;
    }
    return states[p.length] === 1;
}
const lowerAscii = (b) => Buffer.from(b.map((c) => (c >= 0x41 && c <= 0x5a ? c + 32 : c)));
/** OpenSSH's match_pattern_list(name, list, dolower=1): 1 positive, -1 negated, 0 no match. */
function matchPatternList(name, list) {
    const s = Buffer.from(name, 'utf8');
    const pattern = Buffer.from(list, 'utf8');
    let positive = false;
    let i = 0;
    while (i < pattern.length) {
        const negated = pattern[i] === 0x21;
        if (negated)
            i++;
        let end = i;
        while (end < pattern.length && pattern[end] !== 0x2c && end - i < 1023)
            end++;
        if (end - i >= 1023)
            return 0; // OpenSSH: a subpattern too long fails the whole list
        const sub = lowerAscii(pattern.subarray(i, end));
        i = end < pattern.length ? end + 1 : end;
        if (matchPattern(s, sub)) {
            if (negated)
                return -1;
            positive = true;
        }
    }
    return positive ? 1 : 0;
}
/**
 * Whether a known_hosts host field names `name` (OpenSSH's match_maybe_hashed): a hashed name by its HMAC,
 * a pattern list by match_hostname (the name in lower case; a negated match is no match).
 */
function hostFieldMatches(hosts, name) {
    const hashed = HASHED.exec(hosts);
    if (hashed) {
        const mac = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHmac)('sha1', Buffer.from(hashed[1], 'base64')).update(name).digest('base64');
        return mac === hashed[2];
    }
    if (hosts.startsWith('|'))
        return false;
    return matchPatternList(name.toLowerCase(), hosts) === 1;
}
/** The name OpenSSH looks up for a host: lower case (an IPv6 address in its canonical form), `[host]:port` off 22. */
function lookupName(host, port) {
    let h = host.toLowerCase();
    if (h.includes(':')) {
        try {
            h = new URL(`http://[${h}]/`).hostname.slice(1, -1);
        }
        catch {
            // not an address: looked up as written
        }
    }
    return port === 22 || port === 0 ? h : `[${h}]:${port}`;
}
/**
 * Keys in known_hosts content for host:port, as OpenSSH's check_host_key would consult them (see above).
 * Lines that are not known_hosts lines, and @cert-authority lines for this host, are reported through
 * `problems` so a user who pasted the wrong thing is told.
 */
function knownHostKeys(content, host, port, problems = []) {
    const entries = parseKnownHosts(content, problems);
    const lookup = (name) => {
        const matched = entries.filter((e) => hostFieldMatches(e.hosts, name));
        for (const e of matched.filter((x) => x.marker === 'cert-authority'))
            problems.push(`line ${e.line}: @cert-authority (host certificates) is not supported and this line names ${name}; pin the host's own keys instead`);
        return matched.filter((e) => e.marker !== 'cert-authority');
    };
    const keys = (list, portless) => list.map((e) => ({
        type: e.type,
        blob: e.blob,
        revoked: e.marker === 'revoked',
        ...(portless ? { portless } : {}),
    }));
    const matched = lookup(lookupName(host, port));
    if (port === 22 || matched.some((e) => e.marker === 'none'))
        return keys(matched, false);
    return [...keys(matched, false), ...keys(lookup(lookupName(host, 22)), true)];
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
/**
 * Host-key algorithms to offer, in OpenSSH's order (sshconnect2.c order_hostkeyalgs): the default list as it
 * is when a plain key of its first type (ssh-ed25519) is pinned for the name looked up, otherwise the
 * algorithms of the pinned key types first and the others after them. Keys found only under the bare host name
 * (another port's fallback) do not reorder, as in OpenSSH. Undefined (the library's default) when no key is
 * pinned (fingerprints or trust-on-first-use only).
 */
function offeredAlgorithms(trust) {
    if (!trust.keys.some((k) => !k.revoked))
        return undefined;
    const types = new Set(trust.keys.filter((k) => !k.revoked && !k.portless).map((k) => k.type));
    const pinned = (alg) => types.has(keyTypeOfAlgorithm(alg));
    if (pinned(OPENSSH_ALGORITHMS[0]))
        return [...OPENSSH_ALGORITHMS];
    return [...OPENSSH_ALGORITHMS.filter(pinned), ...OPENSSH_ALGORITHMS.filter((a) => !pinned(a))];
}
/** The known_hosts line for an offered key, to show a user how to pin it. */
function knownHostsLine(host, port, offered) {
    const name = port === 22 ? host : `[${host}]:${port}`;
    return `${name} ${keyTypeOf(offered)} ${offered.toString('base64')}`;
}


/***/ })

};
