export const id = 518;
export const ids = [518,414];
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


/***/ }),

/***/ 4414:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   K$: () => (/* binding */ script),
/* harmony export */   hD: () => (/* binding */ quote),
/* harmony export */   lS: () => (/* binding */ raw),
/* harmony export */   sh: () => (/* binding */ sh),
/* harmony export */   strictBash: () => (/* binding */ strictBash)
/* harmony export */ });
/* unused harmony export ShellFragment */
/**
 * The one place that turns values into shell words for remote commands.
 *
 * Nothing else in keel builds a shell string by concatenation: every value goes through `quote` (or the
 * `sh` template tag, which quotes each interpolated value), so names and paths with spaces, quotes, `$`,
 * `;` or newlines arrive on the host as the literal arguments they are.
 */
/** A fragment that is already shell syntax (made by `sh` or `raw`) and must not be quoted again. */
class ShellFragment {
    text;
    constructor(text) {
        this.text = text;
    }
    toString() {
        return this.text;
    }
}
const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;
/** Quotes one argument for a POSIX shell. Refuses NUL bytes, which no shell argument can carry. */
function quote(value) {
    const text = String(value);
    if (text.includes('\0'))
        throw new Error('a shell argument cannot contain a NUL byte');
    if (text !== '' && SAFE.test(text))
        return text;
    return `'${text.replace(/'/g, `'\\''`)}'`;
}
function render(value) {
    if (value instanceof ShellFragment)
        return value.text;
    if (Array.isArray(value))
        return value.map((v) => render(v)).join(' ');
    return quote(value);
}
/**
 * Template tag: sh`mkdir -p ${dir} && ln -s ${target} ${link}` quotes every interpolated value; arrays
 * become several words; fragments made by `sh` or `raw` are inserted as they are.
 */
function sh(strings, ...values) {
    let out = strings[0] ?? '';
    values.forEach((value, i) => {
        out += render(value) + (strings[i + 1] ?? '');
    });
    return new ShellFragment(out);
}
/** Marks a constant piece of shell syntax written in keel's own source (never user data). */
function raw(text) {
    return new ShellFragment(text);
}
/** Joins fragments into one script, one statement a line. */
function script(...lines) {
    return new ShellFragment(lines.map((l) => l.text).join('\n'));
}
/**
 * The command line that runs a script under `bash -euo pipefail`, so a failing line fails the whole step.
 * --norc/--noprofile: Debian's bash reads /etc/bash.bashrc for commands run by sshd, whose `$PS1` test
 * then fails under -u ("PS1: unbound variable") before the script starts.
 */
function strictBash(body) {
    return `bash --norc --noprofile -euo pipefail -c ${quote(body.text)}`;
}


/***/ }),

/***/ 8136:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Y1: () => (/* binding */ channelsOpened),
/* harmony export */   fQ: () => (/* binding */ withSession),
/* harmony export */   vM: () => (/* binding */ SshSession)
/* harmony export */ });
/* unused harmony exports defaultConnectOptions, RemoteCommandError, DEFAULT_COMMAND_TIMEOUT_MS, tagged, stopScript */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _cancel_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(833);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3916);
/* harmony import */ var _hostkeys_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2838);
/* harmony import */ var _quote_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(4414);
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8500);
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(node_timers_promises__WEBPACK_IMPORTED_MODULE_4__);
/**
 * The one SSH layer of keel, on ssh2 alone (its Client: connect, exec, forwardOut; no wrapper library).
 *
 * - Host keys are verified before authentication (known_hosts content or SHA256 fingerprints); an unknown or
 *   changed key fails with the key offered and the known_hosts line that would pin it.
 * - Connections are retried with backoff on network errors, never on trust or authentication failures.
 * - Jump hosts: each hop is its own verified connection; the next one is tunnelled through it.
 * - Every remote command runs as `bash -euo pipefail -c <script>` with stdin closed. A command that exits while
 *   a background process keeps its output open is reported instead of hanging the step.
 * - A connection that drops (a reset, the keepalive unanswered) never crashes the step: the command in flight is
 *   cut off and says why, and the session says it is no longer connected.
 * - Remote work dies with its job: every command carries a token of its own in its environment (KEEL_RUN),
 *   which everything it starts inherits. When the run is cancelled, the processes that carry the token of a
 *   command in flight (a hook, a migration, a dump) are stopped on the host, TERM then KILL, before the
 *   command's caller goes on to its clean-up (which releases the lock last). Closing the channel alone would
 *   not do it: without a terminal, sshd leaves the command running.
 */






const defaultConnectOptions = {
    connectTimeoutMs: 20_000,
    keepaliveIntervalMs: 10_000,
    retries: 2,
    retryDelayMs: 1_000,
    jumps: [],
};
class RemoteCommandError extends _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .KeelError */ .Ui {
    host;
    what;
    result;
    constructor(host, what, result, 
    /** Why the connection was lost, when it was: a command cut off by it is reported with the reason. */
    lost) {
        const detail = result.timedOut
            ? 'timed out'
            : result.heldOpen
                ? 'exited, but a background process it started kept the session open (redirect its output and stdin, e.g. `cmd </dev/null >log 2>&1 &`)'
                : result.signal
                    ? `was killed by signal ${result.signal}`
                    : result.code === null
                        ? `was cut off before it reported an exit status${lost ? ` (the connection dropped: ${lost})` : ''}`
                        : `exited with code ${result.code}`;
        const tail = result.stderr.trim().split('\n').slice(-5).join('\n');
        super(`${host}: ${what} ${detail}${tail ? `:\n${tail}` : ''}`);
        this.host = host;
        this.what = what;
        this.result = result;
        this.name = 'RemoteCommandError';
    }
}
class HostKeyError extends _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .KeelError */ .Ui {
}
function hostKeyMessage(f) {
    const { endpoint: e, verdict: v, offered } = f;
    const where = `${e.host}:${e.port}`;
    const line = (0,_hostkeys_js__WEBPACK_IMPORTED_MODULE_3__/* .knownHostsLine */ .TZ)(e.host, e.port, offered);
    if (v.reason === 'revoked')
        return `${where}: the host key ${v.type} ${v.fingerprint} is marked @revoked`;
    const head = v.reason === 'unpinned'
        ? `${where}: host key not verified: no known_hosts entry or fingerprint is given for this host`
        : `${where}: HOST KEY MISMATCH: the server offered ${v.type} ${v.fingerprint}, which matches none of the pinned keys`;
    const advice = v.reason === 'unpinned'
        ? "Check the fingerprint out of band (on the server: `ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub`), then pin it in 'known-hosts'"
        : 'If the server was rebuilt, check the new key out of band and update the pin; otherwise someone may be intercepting the connection';
    return `${head}.\n${advice}:\n  ${line}\n(or '${v.fingerprint}' in 'host-fingerprints').`;
}
function isNetworkError(error) {
    const code = error.code;
    const level = error.level;
    if (error instanceof HostKeyError)
        return false;
    if (level === 'client-authentication')
        return false;
    return (level === 'client-socket' ||
        level === 'client-timeout' ||
        ['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EPIPE'].includes(code ?? '') ||
        // A server that accepts and closes before the SSH banner (sshd's MaxStartups, a restarting sshd, a
        // load balancer with no backend yet): ssh2 reports it at level 'protocol'.
        /timed out|No response from server|Connection lost before handshake/i.test((0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .errorMessage */ .gJ)(error)));
}
/** The limit of a remote command that does not set its own: no step of keel's waits forever on a host. */
const DEFAULT_COMMAND_TIMEOUT_MS = 600_000;
/**
 * A command line that runs `body` with its process-tree token in the environment. The EXIT trap keeps bash
 * from exec'ing the script's last command in its own place: a last command that clears its environment
 * (`env -i python ...`) would otherwise take the token away, and with it the way to stop it on cancel.
 * (An EXIT trap that does nothing leaves the exit status as it was.)
 */
function tagged(token, body) {
    return `KEEL_RUN=${token} ${(0,_quote_js__WEBPACK_IMPORTED_MODULE_5__.strictBash)((0,_quote_js__WEBPACK_IMPORTED_MODULE_5__/* .script */ .K$)((0,_quote_js__WEBPACK_IMPORTED_MODULE_5__/* .raw */ .lS)('trap : EXIT'), body))}`;
}
/**
 * Stops every process on the host whose environment carries one of the tokens, and every descendant of one
 * (a program started with a cleared environment, e.g. `env -i`): TERM, up to `graceS` seconds for them to end,
 * then KILL. Prints `none`, `stopped`, `killed`, or `left: PIDS` for processes it may not signal (another
 * user's, e.g. under sudo).
 */
function stopScript(tokens, graceS = 5) {
    const patterns = tokens.map((t) => `-e ${(0,_quote_js__WEBPACK_IMPORTED_MODULE_5__/* .quote */ .hD)(`KEEL_RUN=${t}`)}`).join(' ');
    const lines = [
        'set +e',
        `tagged() { grep -lzxF ${patterns} /proc/[0-9]*/environ 2>/dev/null | sed 's#^/proc/##; s#/environ$##'; }`,
        // The tagged processes and their descendants, from one `ps` snapshot.
        `tree() { ps -eo pid=,ppid= | awk -v roots="$(tagged | tr '\n' ' ')" -v self=$$ 'BEGIN { n = split(roots, r, " "); for (i = 1; i <= n; i++) keep[r[i]] = 1 } { parent[$1] = $2 } END { do { more = 0; for (c in parent) if (!(c in keep) && (parent[c] in keep)) { keep[c] = 1; more = 1 } } while (more); for (k in keep) if ((k in parent) && k != self) print k }'; }`,
        // Later rounds: those still alive (their parents may be gone), and any newly tagged; read with bash's
        // builtins, no process per pid (a busy host forks slowly). (A zombie has ended: only its parent's wait is
        // missing.)
        `alive() { for q in $all $(tagged); do st=; read -r st 2>/dev/null < /proc/$q/stat || continue; st=\${st##*) }; [ "\${st%% *}" != Z ] && echo $q; done; }`,
        // The grace is wall time (bash 5's EPOCHREALTIME, else SECONDS), never a count of rounds: on a busy
        // host a round takes far longer than its sleep, and the runner kills keel 10 s after the cancel.
        'if [ -n "${EPOCHREALTIME:-}" ]; then now() { t=${EPOCHREALTIME//[!0-9]/}; }; scale=1000000; else now() { t=$SECONDS; }; scale=1; fi',
        'all=$(tree); [ -z "$all" ] && { echo none; exit 0; }',
        'kill -TERM $all 2>/dev/null',
        `now; end=$((t + ${graceS} * scale)); while now; [ "$t" -lt "$end" ]; do sleep 0.1; p=$(alive); [ -z "$p" ] && { echo stopped; exit 0; }; done`,
        'p=$(alive)',
        'kill -KILL $p 2>/dev/null; sleep 0.2; p=$(alive); [ -z "$p" ] && echo killed || echo "left:" $(printf \'%s\\n\' $p | sort -un)',
    ];
    return (0,_quote_js__WEBPACK_IMPORTED_MODULE_5__/* .raw */ .lS)(lines.join('\n'));
}
/**
 * SSH channels (exec requests: round trips to the host) opened per endpoint, by every session to it (the
 * deploy's, the lock's, the stop on cancel): counted where they are opened, for the benchmark's table.
 */
const channelCounts = new WeakMap();
const countChannel = (e) => channelCounts.set(e, (channelCounts.get(e) ?? 0) + 1);
/** How many SSH channels this process has opened to `endpoint` so far. */
function channelsOpened(endpoint) {
    return channelCounts.get(endpoint) ?? 0;
}
/** Sessions opened ahead of time (while the release is walked and hashed), taken by the next `open`s. */
const warm = new WeakMap();
/** One verified, authenticated connection to a host (and the hops in front of it). */
class SshSession {
    endpoint;
    client;
    hops;
    hostKey;
    link;
    log;
    constructor(endpoint, client, 
    /** The jump hosts' connections, first to last. */
    hops, 
    /** How the host key was trusted, and its fingerprint. */
    hostKey, link, log) {
        this.endpoint = endpoint;
        this.client = client;
        this.hops = hops;
        this.hostKey = hostKey;
        this.link = link;
        this.log = log;
        _cancel_js__WEBPACK_IMPORTED_MODULE_1__/* .cancellation */ .WN.addEventListener('abort', this.onCancel, { once: true });
    }
    /**
     * The commands in flight, by token: `stopped` is set once their processes have been stopped on cancel,
     * `close` closes the command's channel.
     */
    inflight = new Map();
    /**
     * On cancel: the processes of every command in flight are stopped; a command whose channel is still open
     * 2 s after that (it waits on a process keel may not signal, e.g. one run under sudo as another user) is
     * let go: its channel is closed and its caller goes on to the clean-up.
     */
    onCancel = () => {
        if (this.inflight.size === 0)
            return;
        const entries = [...this.inflight.entries()];
        const stopped = this.stopRemote(entries.map(([t]) => t)).then(() => {
            const timer = setTimeout(() => {
                for (const [, e] of entries)
                    e.close?.();
            }, 2_000);
            timer.unref();
        });
        for (const [, e] of entries)
            e.stopped = stopped;
    };
    /** Stops the processes of these commands on the host (see stopScript), saying why; never throws. */
    async stopRemote(tokens, why = 'cancelled') {
        try {
            const r = await this.exec((0,_quote_js__WEBPACK_IMPORTED_MODULE_5__.strictBash)(stopScript(tokens)));
            const what = r.stdout.trim();
            if (what.startsWith('left'))
                this.log.warn(`${this.endpoint.name}: ${why}, but processes are still running on the host (${what})`);
            else if (what !== 'none')
                this.log.info(`${this.endpoint.name}: ${why}: the remote command was ${what}`);
        }
        catch (error) {
            this.log.warn(`${this.endpoint.name}: ${why}, and the remote command could not be stopped: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .errorMessage */ .gJ)(error)}`);
        }
    }
    /** How long the handshake took (verification and authentication included), in ms. */
    connectMs = 0;
    /**
     * Starts `perHost` sessions to each endpoint now, verified and authenticated exactly as `open` does, so the
     * handshakes overlap local work (walking and hashing the release); `open` with the same endpoint, credentials
     * and options takes them, in order, before opening new ones. Nothing is run on a host. `dispose` closes the
     * ones nobody took.
     */
    static preconnect(c, endpoints, perHost, log) {
        const abort = new AbortController();
        for (const endpoint of endpoints) {
            const sessions = Array.from({ length: perHost }, () => {
                const p = SshSession.open(endpoint, c.credentials, c.options, log, abort.signal);
                p.catch(() => undefined); // whoever takes it sees the failure, as if it had opened it
                return p;
            });
            warm.set(endpoint, { credentials: c.credentials, options: c.options, sessions });
        }
        return {
            // Those still connecting are given up at once (a host that never answers would keep the step alive).
            dispose: async () => {
                const left = endpoints.flatMap((e) => {
                    const w = warm.get(e);
                    warm.delete(e);
                    return w?.sessions ?? [];
                });
                abort.abort();
                for (const p of left)
                    void p.then((s) => s.close()).catch(() => undefined);
                await Promise.resolve();
            },
        };
    }
    static async open(endpoint, credentials, options, log, 
    /** Set for a session opened ahead (preconnect): never taken from the warm ones; aborted, it gives up. */
    ahead) {
        const w = ahead ? undefined : warm.get(endpoint);
        if (w && w.credentials === credentials && w.options === options && w.sessions.length > 0)
            return w.sessions.shift();
        const t0 = Date.now();
        let attempt = 0;
        for (;;) {
            try {
                const session = await SshSession.openOnce(endpoint, credentials, options, log, ahead);
                session.connectMs = Date.now() - t0;
                if (ahead?.aborted) {
                    session.close();
                    throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .KeelError */ .Ui(`${endpoint.name}: connection no longer needed`);
                }
                return session;
            }
            catch (error) {
                if (ahead?.aborted)
                    throw error;
                if (attempt >= options.retries || !isNetworkError(error))
                    throw SshSession.explain(endpoint, error);
                attempt += 1;
                const delay = options.retryDelayMs * 2 ** (attempt - 1);
                log.info(`${endpoint.name}: connection failed (${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .errorMessage */ .gJ)(error)}); retry ${attempt}/${options.retries} in ${delay / 1000}s`);
                await (0,node_timers_promises__WEBPACK_IMPORTED_MODULE_4__.setTimeout)(delay);
            }
        }
    }
    static explain(endpoint, error) {
        if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .KeelError */ .Ui)
            return error;
        const level = error.level;
        const where = `${endpoint.user}@${endpoint.host}:${endpoint.port}`;
        if (level === 'client-authentication') {
            return new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .KeelError */ .Ui(`${where}: authentication failed: the server accepted none of the given credentials ` +
                `(is the public key in ~${endpoint.user}/.ssh/authorized_keys?)`, { field: 'ssh-key' });
        }
        return new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .KeelError */ .Ui(`${where}: cannot connect: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .errorMessage */ .gJ)(error)}`, { cause: error });
    }
    static async openOnce(endpoint, credentials, options, log, ahead) {
        const hops = [];
        try {
            let sock;
            for (const hop of options.jumps) {
                const { client } = await SshSession.connectOne(hop, credentials, options, sock, log, ahead);
                hops.push(client);
                const next = hops.length < options.jumps.length ? options.jumps[hops.length] : endpoint;
                sock = await new Promise((resolve, reject) => {
                    client.forwardOut('127.0.0.1', 0, next.host, next.port, (err, stream) => err
                        ? reject(new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .KeelError */ .Ui(`${hop.name}: cannot open a tunnel to ${next.host}:${next.port}: ${err.message}`))
                        : resolve(stream));
                });
                log.debug(`${hop.name}: jump host connected`);
            }
            const { client, verdict, link } = await SshSession.connectOne(endpoint, credentials, options, sock, log, ahead);
            return new SshSession(endpoint, client, hops, verdict, link, log);
        }
        catch (error) {
            for (const h of hops.reverse())
                h.end();
            throw error;
        }
    }
    /**
     * One verified, authenticated ssh2 connection (over `sock`, a tunnel through the previous hop, when given).
     * The host key is checked by ssh2's hostVerifier before any credential is sent; a refused key fails with
     * the key offered and the line that would pin it.
     */
    static async connectOne(endpoint, credentials, options, sock, log, ahead) {
        // Loaded on the first connection, not at start-up: an action that fails on its inputs never parses the
        // SSH stack (issue #16, cold start).
        const { Client } = await Promise.all(/* import() */[__webpack_require__.e(789), __webpack_require__.e(472)]).then(__webpack_require__.t.bind(__webpack_require__, 5472, 23));
        const client = new Client();
        const link = {};
        // The client's one 'error' listener, for its whole life. While connecting, an error fails the connect.
        // After it, a connection that drops (a reset, a keepalive timeout) emits 'error' once more: unheard, it
        // would crash the step with a stack trace and no outputs. ssh2 then closes every open channel, so the
        // command in flight ends with no exit status ("cut off"), and the session says why on its next use.
        let connecting;
        client.on('error', (error) => {
            if (connecting)
                return connecting(error);
            link.lost ??= error.message;
            log.debug(`${endpoint.name}: the connection dropped: ${error.message}`);
        });
        client.on('close', () => {
            link.lost ??= 'the connection was closed';
        });
        // Given up (preconnect's dispose): the socket is closed while the handshake is under way.
        const giveUp = () => client.end();
        ahead?.addEventListener('abort', giveUp, { once: true });
        let failure;
        let accepted;
        const algorithms = (0,_hostkeys_js__WEBPACK_IMPORTED_MODULE_3__/* .offeredAlgorithms */ .o_)(endpoint.trust);
        const config = {
            ...(sock ? { sock } : { host: endpoint.host }),
            port: endpoint.port,
            username: endpoint.user,
            readyTimeout: options.connectTimeoutMs,
            keepaliveInterval: options.keepaliveIntervalMs,
            keepaliveCountMax: 3,
            hostVerifier: (key) => {
                const verdict = (0,_hostkeys_js__WEBPACK_IMPORTED_MODULE_3__/* .verifyHostKey */ .Hj)(endpoint.trust, key);
                if (verdict.ok)
                    accepted = verdict;
                else
                    failure = { endpoint, verdict, offered: Buffer.from(key) };
                return verdict.ok;
            },
            algorithms: {
                // AES-GCM first: Node's crypto does it natively, while chacha20-poly1305 (ssh2's default first choice)
                // needs ssh2's optional native addon, which the bundle leaves out, and is several times slower without.
                cipher: [
                    'aes128-gcm@openssh.com',
                    'aes256-gcm@openssh.com',
                    'aes128-ctr',
                    'aes192-ctr',
                    'aes256-ctr',
                    'chacha20-poly1305@openssh.com',
                ],
                ...(algorithms ? { serverHostKey: algorithms } : {}),
            },
        };
        if (credentials.key) {
            config.privateKey = credentials.key.text;
            if (credentials.key.passphrase !== undefined)
                config.passphrase = credentials.key.passphrase;
        }
        if (credentials.password !== undefined)
            config.password = credentials.password;
        // The methods keel has, in ssh2's own order, without the `none` probe ssh2 (like OpenSSH) sends first to
        // learn the server's methods: one round trip less per connection (40 ms on a 40 ms link), and a server
        // that would let `none` in is never asked.
        config.authHandler = [
            ...(credentials.password !== undefined ? ['password'] : []),
            ...(credentials.key ? ['publickey'] : []),
        ];
        try {
            await new Promise((resolve, reject) => {
                connecting = reject;
                client.once('ready', resolve);
                // Closed before 'ready' without an error first: a network failure (isNetworkError knows the words).
                client.once('close', () => reject(new Error('No response from server')));
                client.connect(config); // a key ssh2 cannot use throws here: a rejection too
            });
        }
        catch (error) {
            client.end();
            if (failure)
                throw new HostKeyError(hostKeyMessage(failure), { field: 'known-hosts' });
            throw error;
        }
        finally {
            connecting = undefined;
            ahead?.removeEventListener('abort', giveUp);
        }
        if (!accepted) {
            client.end();
            throw new HostKeyError(`${endpoint.host}:${endpoint.port}: the host key was never verified`);
        }
        // Every remote step is a short exchange: with Nagle's algorithm on (ssh2's default) each one waited for
        // the peer's delayed ACK, about 90 ms a command here; without it, about 6 ms.
        client.setNoDelay(true);
        return { client, verdict: accepted, link };
    }
    /**
     * Runs one command line on a channel of its own: stdin from `o.stdin` (closed after) or closed at once,
     * stdout and stderr collected whole (and passed on as they come), resolved when the channel closes, with
     * the exit code, or the signal that killed it, or neither (the channel closed first: a dropped connection,
     * or keel closed it). Rejects only when no channel can be opened.
     */
    exec(command, o = {}) {
        countChannel(this.endpoint);
        return new Promise((resolve, reject) => {
            const opened = (err, channel) => {
                if (err)
                    return reject(this.notConnected(err));
                o.onChannel?.(channel);
                const stdout = [];
                const stderr = [];
                channel.on('data', (chunk) => {
                    o.onStdout?.(chunk);
                    stdout.push(chunk);
                });
                channel.stderr.on('data', (chunk) => {
                    o.onStderr?.(chunk);
                    stderr.push(chunk);
                });
                let code = null;
                let signal = null;
                channel.on('exit', (c, s) => {
                    code = c ?? null;
                    signal = s ?? null;
                });
                // Decoded once whole: a character split across two packets stays one character.
                channel.on('close', () => resolve({
                    code,
                    signal,
                    stdout: Buffer.concat(stdout).toString(),
                    stderr: Buffer.concat(stderr).toString(),
                }));
                if (o.stdin === undefined)
                    channel.end();
                else if (typeof o.stdin === 'string')
                    channel.end(o.stdin);
                else
                    o.stdin.pipe(channel);
            };
            try {
                this.client.exec(command, opened);
            }
            catch (error) {
                reject(this.notConnected(error)); // ssh2 throws when the connection is already gone
            }
        });
    }
    /** Why a channel could not be opened: the connection is gone (and why, when known), or ssh2's reason. */
    notConnected(error) {
        const why = this.link.lost ? ` (${this.link.lost})` : '';
        return this.link.lost || /not connected|no response from server/i.test((0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .errorMessage */ .gJ)(error))
            ? new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .KeelError */ .Ui(`${this.endpoint.name}: not connected${why}`)
            : new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .KeelError */ .Ui(`${this.endpoint.name}: cannot start a command: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .errorMessage */ .gJ)(error)}`);
    }
    /**
     * Runs a script under `bash -euo pipefail`; privileged steps inside it use `sudo -n CMD` one command at a
     * time (never `sudo bash`), so narrow sudoers rules suffice. Resolves with the result
     * whatever the exit code; use `check` to turn a failure into an error.
     */
    async run(body, options = {}) {
        const token = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomUUID)();
        const entry = {};
        this.inflight.set(token, entry);
        const command = tagged(token, body);
        const grace = options.heldOpenGraceMs ?? 3_000;
        let channel;
        let timedOut = false;
        let heldOpen = false;
        let graceTimer;
        const timer = setTimeout(() => {
            timedOut = true;
            // Its processes first: without a terminal, sshd would leave them running after the channel closes.
            void this.stopRemote([token], 'timed out').finally(() => channel?.close());
        }, options.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS);
        try {
            const result = await this.exec(command, {
                ...(options.stdin !== undefined ? { stdin: options.stdin } : {}),
                onChannel: (ch) => {
                    channel = ch;
                    entry.close = () => ch.close();
                    ch.on('exit', () => {
                        graceTimer = setTimeout(() => {
                            heldOpen = true;
                            ch.close();
                        }, grace);
                    });
                },
                ...(options.onStdout ? { onStdout: options.onStdout } : {}),
                ...(options.onStderr ? { onStderr: options.onStderr } : {}),
            });
            if (entry.stopped) {
                // Cancelled while it ran: its processes are gone (or reported) before the caller cleans up.
                await entry.stopped;
                (0,_cancel_js__WEBPACK_IMPORTED_MODULE_1__/* .checkpoint */ .Fn)();
            }
            return {
                code: result.code,
                signal: result.signal,
                stdout: result.stdout,
                stderr: result.stderr,
                timedOut,
                heldOpen,
            };
        }
        finally {
            this.inflight.delete(token);
            clearTimeout(timer);
            if (graceTimer)
                clearTimeout(graceTimer);
        }
    }
    /** Runs a script and throws a RemoteCommandError (naming `what`) unless it exits 0 and closes cleanly. */
    async check(what, body, options = {}) {
        const result = await this.run(body, options);
        if (result.code !== 0 || result.timedOut || result.heldOpen) {
            throw new RemoteCommandError(this.endpoint.name, what, result, this.link.lost);
        }
        return result;
    }
    /**
     * Starts a script under `bash -euo pipefail` and hands back its streams, for data that must not be held in
     * memory (backups): stdout with backpressure (the SSH window), stdin to write to, and how it ended. A
     * channel closed without an exit status (a dropped connection) ends with code null.
     */
    spawn(body) {
        const token = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomUUID)();
        countChannel(this.endpoint);
        return new Promise((resolve, reject) => {
            const opened = (err, channel) => {
                if (err)
                    return reject(this.notConnected(err));
                this.inflight.set(token, {});
                channel.on('close', () => this.inflight.delete(token));
                let code = null;
                let signal = null;
                channel.on('exit', (c, s) => {
                    code = c;
                    signal = s ?? null;
                });
                let end = () => undefined;
                const done = new Promise((r) => (end = r));
                channel.on('close', () => end({ code, signal }));
                // ssh2 reports 'close' only once our side is done writing too: a command that exits while we still
                // write to it (a full disk) would never end. Its exit status is final: end shortly after it.
                channel.on('exit', () => setTimeout(() => end({ code, signal }), 1_000).unref());
                // A channel whose streams were already destroyed may never report 'close': don't wait for it forever.
                const kill = () => {
                    // The processes first (they may not notice a closed channel), then the channel.
                    if (this.inflight.has(token))
                        void this.stopRemote([token]);
                    try {
                        channel.close();
                    }
                    catch {
                        /* already destroyed */
                    }
                    setTimeout(() => end({ code: null, signal: 'closed by keel' }), 2_000).unref();
                };
                resolve({ stdout: channel, stderr: channel.stderr, stdin: channel, done, kill });
            };
            try {
                this.client.exec(tagged(token, body), opened);
            }
            catch (error) {
                reject(this.notConnected(error));
            }
        });
    }
    close() {
        _cancel_js__WEBPACK_IMPORTED_MODULE_1__/* .cancellation */ .WN.removeEventListener('abort', this.onCancel);
        this.client.end();
        for (const h of [...this.hops].reverse())
            h.end();
    }
}
/**
 * Opens a session to one host, runs `fn`, always closes it; a failure (connecting included) becomes
 * `failed(message)`, so one host's problem is that host's result, not the whole step's exception.
 */
async function withSession(c, endpoint, log, fn, failed) {
    let session;
    try {
        session = await SshSession.open(endpoint, c.credentials, c.options, log);
        return await fn(session);
    }
    catch (error) {
        return failed((0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .errorMessage */ .gJ)(error));
    }
    finally {
        session?.close();
    }
}


/***/ })

};
