export const id = 889;
export const ids = [889,221];
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

/***/ 1532:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   b: () => (/* binding */ mapLimited)
/* harmony export */ });
/** Runs `fn` over `items` with at most `limit` running at once; results keep the order of `items`. */
async function mapLimited(items, limit, fn) {
    const out = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const i = next++;
            out[i] = await fn(items[i]);
        }
    };
    await Promise.all(Array.from({ length: Math.min(Math.max(limit, 1), items.length) }, worker));
    return out;
}


/***/ }),

/***/ 7313:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   V: () => (/* binding */ onEachHost)
/* harmony export */ });
/* unused harmony export withSkipped */
/* harmony import */ var _releases_fleet_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5550);
/* harmony import */ var _remote_ssh_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8136);
/**
 * The fleet pattern, once: a body run on each host in its own verified SSH session, a batch at a time (a failed
 * batch stops the rollout), a host whose session could not be opened (or dropped) failing with the caller's
 * result, and every host a failed batch kept from being touched reported as skipped. One result per host, in
 * the order of the hosts list. The batch rules are rollOut's (releases/fleet.ts); sessions are withSession's.
 */


/** rollOut's results with a Skipped in each place it left empty. */
function withSkipped(c, results) {
    return results.map((r, i) => r ?? { host: c.endpoints[i].name, ok: false, skipped: true });
}
async function onEachHost(c, rollout, log, body, failed, onBatch) {
    const outcome = await (0,_releases_fleet_js__WEBPACK_IMPORTED_MODULE_0__/* .rollOut */ .Of)(c.endpoints, rollout.batch, rollout.maxParallel, rollout.batchWaitMs ?? 0, (endpoint) => (0,_remote_ssh_js__WEBPACK_IMPORTED_MODULE_1__/* .withSession */ .fQ)(c, endpoint, log, (s) => body(s, endpoint), (error) => failed(endpoint, error)), onBatch);
    return withSkipped(c, outcome.results);
}


/***/ }),

/***/ 5550:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DV: () => (/* binding */ parseBatchSize),
/* harmony export */   Of: () => (/* binding */ rollOut),
/* harmony export */   Xy: () => (/* binding */ batches),
/* harmony export */   cR: () => (/* binding */ parseCanary)
/* harmony export */ });
/* harmony import */ var _concurrency_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1532);
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8500);
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_timers_promises__WEBPACK_IMPORTED_MODULE_0__);
/**
 * Many hosts: all at once (at most `maxParallel` at a time) or rolling in batches (a number or a percentage),
 * stopping after the first batch with a failure so the rest stay on their previous release.
 */


function parseBatchSize(text) {
    const t = (text ?? '').trim();
    if (t === '' || t === 'all')
        return { kind: 'all' };
    let m = /^(\d+)$/.exec(t);
    if (m && Number(m[1]) >= 1)
        return { kind: 'count', n: Number(m[1]) };
    m = /^(\d+(?:\.\d+)?)%$/.exec(t);
    if (m && Number(m[1]) > 0 && Number(m[1]) <= 100)
        return { kind: 'percent', p: Number(m[1]) };
    return `${JSON.stringify(t)} is not a batch size (all, a number of hosts, or a percentage like 25%)`;
}
function batches(items, size) {
    const n = size.kind === 'all'
        ? items.length
        : size.kind === 'count'
            ? size.n
            : Math.max(1, Math.ceil((items.length * size.p) / 100));
    const out = [];
    for (let i = 0; i < items.length; i += Math.max(n, 1))
        out.push(items.slice(i, i + Math.max(n, 1)));
    return out;
}
async function rollOut(items, size, maxParallel, waitMs, fn, onBatch) {
    const groups = batches(items.map((item, i) => ({ item, i })), size);
    const results = new Array(items.length).fill(undefined);
    for (let b = 0; b < groups.length; b++) {
        const group = groups[b];
        onBatch?.(b, group.length, groups.length);
        const rs = await (0,_concurrency_js__WEBPACK_IMPORTED_MODULE_1__/* .mapLimited */ .b)(group, maxParallel, ({ item }) => fn(item));
        group.forEach(({ i }, k) => (results[i] = rs[k]));
        if (rs.some((r) => !r.ok)) {
            return { results, skipped: groups.slice(b + 1).flatMap((g) => g.map(({ i }) => i)) };
        }
        if (b < groups.length - 1 && waitMs > 0)
            await (0,node_timers_promises__WEBPACK_IMPORTED_MODULE_0__.setTimeout)(waitMs);
    }
    return { results, skipped: [] };
}
function parseCanary(text, hosts) {
    const items = (text ?? '')
        .split(/[\s,]+/)
        .map((s) => s.trim())
        .filter(Boolean);
    if (items.length === 0)
        return undefined;
    let canaries;
    if (items.length === 1 && /^[-+]?\d+(\.\d*)?$/.test(items[0])) {
        const n = Number(items[0]);
        if (!Number.isInteger(n) || n < 0 || !/^\d+$/.test(items[0]))
            return `${JSON.stringify(items[0])} is not a number of canary hosts (a whole number from 1, 0 for off, or host names)`;
        if (n === 0)
            return undefined;
        if (n >= hosts.length)
            return `${n} canary host(s) of ${hosts.length} host(s): at least one host must be left to follow the canary`;
        canaries = hosts.slice(0, n);
    }
    else {
        const seen = new Set();
        for (const name of items) {
            if (!hosts.includes(name))
                return `${JSON.stringify(name)} is not one of the hosts (${hosts.map((h) => JSON.stringify(h)).join(', ')}); name each canary exactly as in 'hosts', without user or port`;
            if (seen.has(name))
                return `${JSON.stringify(name)} is named twice`;
            seen.add(name);
        }
        if (seen.size >= hosts.length)
            return `every host (${hosts.length}) is a canary: at least one host must be left to follow the canary`;
        canaries = hosts.filter((h) => seen.has(h));
    }
    return { canaries, rest: hosts.filter((h) => !canaries.includes(h)) };
}


/***/ }),

/***/ 8087:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   LQ: () => (/* binding */ readRenderedDir)
/* harmony export */ });
/* unused harmony exports FILE_KINDS, ON_CHANGE, manifestEntrySchema, manifestSchema, writtenManifestSchema */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(8816);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3916);
/* harmony import */ var _appspec_load_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(869);
/**
 * manifest.json, the contract between render-config (which writes it) and ssh-deploy, reload-graceful and the
 * root action (which read it): one schema is the source of both types. `Manifest` (what render-config writes,
 * every field present) and `ManifestData` (what a reader gets: older manifests may lack what only describes
 * the render) are both inferred from it, and every read parses (never casts), so a damaged or hand-edited
 * directory is an input error naming the input and the file, never a crash, and a file that changed after
 * rendering (its sha256 no longer matches) is refused before any host is touched.
 */






const FILE_KINDS = [
    'gunicorn',
    'systemd-service',
    'systemd-socket',
    'systemd-process',
    'supervisor-program',
    'supervisor-exec',
    'nginx',
    'caddy',
    'logrotate',
    'certbot-hook',
    'sudoers',
    'alerts',
    'firewall',
];
/** What ssh-deploy does after a file changes. */
const ON_CHANGE = [
    'reload-app',
    'daemon-reload',
    'supervisor-update',
    'reload-nginx',
    'reload-caddy',
    'apply-firewall',
    'none',
];
const UNIT = /^[A-Za-z0-9@_.:-]+\.(service|socket)$/;
/** A supervisor process of a group: `<program>:<program>_<n>`. */
const UNIT_OR_PROCESS = /^[A-Za-z0-9@_.:-]+\.service$|^[A-Za-z0-9_.-]{1,64}:[A-Za-z0-9_.-]{1,64}_[0-9]{1,2}$/;
/** A path inside the rendered directory: relative, no `..`, no empty or hidden parts. */
const INSIDE = /^(?!.*(?:^|\/)\.\.?(?:\/|$))[A-Za-z0-9._@+-]+(?:\/[A-Za-z0-9._@+-]+)*$/;
const ABSOLUTE = /^\/(?!.*(?:^|\/)\.\.?(?:\/|$))[A-Za-z0-9._/@+-]+$/;
const ACCOUNT = /^[a-z_][a-z0-9_-]{0,31}$/;
const entryShape = {
    name: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().regex(INSIDE, 'must be a path inside the rendered directory'),
    kind: zod__WEBPACK_IMPORTED_MODULE_5__/* ["enum"] */ .k5n(FILE_KINDS),
    install: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().min(1),
    scope: zod__WEBPACK_IMPORTED_MODULE_5__/* ["enum"] */ .k5n(['host', 'release']),
    owner: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().regex(ACCOUNT, 'must be a user name'),
    group: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().regex(ACCOUNT, 'must be a group name'),
    mode: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().regex(/^0[0-7]{3}$/, 'must be an octal mode like 0644'),
    onChange: zod__WEBPACK_IMPORTED_MODULE_5__/* ["enum"] */ .k5n(ON_CHANGE),
    /** Checked against the file when present (render-config always writes it). */
    sha256: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP()
        .regex(/^[0-9a-f]{64}$/, 'must be a sha256 in hex')
        .optional(),
    bytes: zod__WEBPACK_IMPORTED_MODULE_5__/* .number */ .aig().int().min(0).optional(),
};
function installInside(f, ctx) {
    const ok = f.scope === 'host' ? ABSOLUTE.test(f.install) : INSIDE.test(f.install);
    if (!ok)
        ctx.addIssue({
            code: 'custom',
            path: ['install'],
            message: f.scope === 'host'
                ? 'must be an absolute path without ..'
                : 'must be a path inside the release without ..',
        });
}
const manifestEntrySchema = zod__WEBPACK_IMPORTED_MODULE_5__/* .object */ .Ikc(entryShape).superRefine(installInside);
/** What ssh-deploy relies on is required; what only describes the render is checked when present. */
const VERSION = /^\d+(\.\d+)*$/;
const manifestShape = {
    keel: zod__WEBPACK_IMPORTED_MODULE_5__/* .literal */ .euz(1).optional(),
    app: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().min(1).optional(),
    proxy: zod__WEBPACK_IMPORTED_MODULE_5__/* ["enum"] */ .k5n(['nginx', 'caddy']).optional(),
    /** supervisor runs the app and its processes (absent: systemd). */
    processManager: zod__WEBPACK_IMPORTED_MODULE_5__/* .literal */ .euz('supervisor').optional(),
    service: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().regex(UNIT, 'must be a .service unit name').optional(),
    socket: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().regex(UNIT, 'must be a .socket unit name').nullable().optional(),
    /** The proxy software the files were rendered for (proxy.versions): hosts running newer get a warning. */
    versions: zod__WEBPACK_IMPORTED_MODULE_5__/* .object */ .Ikc({
        nginx: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().regex(VERSION),
        openssl: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().regex(VERSION),
        caddy: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().regex(VERSION),
    })
        .partial()
        .optional(),
    /** What the watch after the switch reads (Nginx and Caddy sites): the access log, the route table, the thresholds. */
    watch: zod__WEBPACK_IMPORTED_MODULE_5__/* .object */ .Ikc({
        log: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().regex(ABSOLUTE),
        routes: zod__WEBPACK_IMPORTED_MODULE_5__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_5__/* .tuple */ .PVZ([zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().max(1000), zod__WEBPACK_IMPORTED_MODULE_5__/* .boolean */ .zMY(), zod__WEBPACK_IMPORTED_MODULE_5__/* .boolean */ .zMY()])).max(1000),
        health: zod__WEBPACK_IMPORTED_MODULE_5__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().max(1000)).max(10),
        thresholds: zod__WEBPACK_IMPORTED_MODULE_5__/* .object */ .Ikc({ ratio: zod__WEBPACK_IMPORTED_MODULE_5__/* .number */ .aig().min(0).max(1), p95: zod__WEBPACK_IMPORTED_MODULE_5__/* .number */ .aig().positive() }),
    })
        .optional(),
    /** The processes beside the app (absent in manifests from before processes: none). */
    processes: zod__WEBPACK_IMPORTED_MODULE_5__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_5__/* .object */ .Ikc({
        name: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().regex(/^[a-z][a-z0-9-]{0,30}[a-z0-9]$/, 'must be a process name'),
        units: zod__WEBPACK_IMPORTED_MODULE_5__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().regex(UNIT_OR_PROCESS, 'must be a .service unit or supervisor process name'))
            .min(1)
            .max(32),
        stopTimeout: zod__WEBPACK_IMPORTED_MODULE_5__/* .number */ .aig().int().min(1).max(3600),
        singleton: zod__WEBPACK_IMPORTED_MODULE_5__/* .boolean */ .zMY(),
        /** The spec's singleton-host (absent: the first of the hosts list). */
        singletonHost: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP()
            .min(1)
            .max(253)
            .regex(/^[A-Za-z0-9.:-]+$/, 'must be a host')
            .optional(),
        /** supervisor: the program (its group) the processes belong to. */
        program: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP()
            .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be a supervisor program name')
            .optional(),
    })
        .strict())
        .default([]),
    /** The host firewall (absent: keel leaves it alone). */
    firewall: zod__WEBPACK_IMPORTED_MODULE_5__/* .object */ .Ikc({
        script: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP()
            .regex(/^\/usr\/local\/sbin\/keel-[a-z][a-z0-9-]{0,30}[a-z0-9]-firewall$/, "must be keel's firewall script"),
        sshPort: zod__WEBPACK_IMPORTED_MODULE_5__/* .number */ .aig().int().min(1).max(65535),
        revertAfter: zod__WEBPACK_IMPORTED_MODULE_5__/* .number */ .aig().int().min(15).max(600),
        rules: zod__WEBPACK_IMPORTED_MODULE_5__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_5__/* .object */ .Ikc({
            port: zod__WEBPACK_IMPORTED_MODULE_5__/* .number */ .aig().int().min(1).max(65535),
            proto: zod__WEBPACK_IMPORTED_MODULE_5__/* ["enum"] */ .k5n(['tcp', 'udp']),
            from: zod__WEBPACK_IMPORTED_MODULE_5__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().regex(/^[0-9a-f.:/]{2,43}$/, 'must be a network')).max(64),
        })
            .strict())
            .min(1)
            .max(257),
    })
        .strict()
        .optional(),
    files: zod__WEBPACK_IMPORTED_MODULE_5__/* .array */ .YOg(manifestEntrySchema),
};
/** What a reader accepts (manifests from older keels lack what only describes the render). */
const manifestSchema = zod__WEBPACK_IMPORTED_MODULE_5__/* .object */ .Ikc(manifestShape);
/** What render-config writes: the same schema with everything it always writes required. */
const writtenManifestSchema = zod__WEBPACK_IMPORTED_MODULE_5__/* .object */ .Ikc({
    ...manifestShape,
    keel: zod__WEBPACK_IMPORTED_MODULE_5__/* .literal */ .euz(1),
    app: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().min(1),
    proxy: manifestShape.proxy.unwrap(),
    service: manifestShape.service.unwrap(),
    socket: manifestShape.socket.unwrap(),
    versions: zod__WEBPACK_IMPORTED_MODULE_5__/* .object */ .Ikc({
        nginx: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().regex(VERSION),
        openssl: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().regex(VERSION),
        caddy: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().regex(VERSION),
    }),
    files: zod__WEBPACK_IMPORTED_MODULE_5__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_5__/* .object */ .Ikc({ ...entryShape, sha256: entryShape.sha256.unwrap(), bytes: entryShape.bytes.unwrap() })
        .superRefine(installInside)),
});
/**
 * Reads and checks render-config's output directory. `dir` is the absolute path, `shown` how the user gave
 * it, `field` the input that named it. Throws an InputError naming that input and the file.
 */
function readRenderedDir(dir, shown, field = 'rendered-dir') {
    const file = `${shown.replace(/\/+$/, '')}/manifest.json`;
    const fail = (message, about = `${file}:`) => {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz([{ field, message: `${about} ${message}` }]);
    };
    let text = '';
    try {
        text = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, 'manifest.json'), 'utf8');
    }
    catch (error) {
        if (error.code === 'ENOENT')
            fail("has no manifest.json (give render-config's dir output)", shown);
        fail(`cannot be read (${error.message})`);
    }
    let json;
    try {
        json = JSON.parse(text);
    }
    catch (error) {
        fail(`is not valid JSON (${error.message}); render it again with render-config`);
    }
    const parsed = manifestSchema.safeParse(json);
    if (!parsed.success) {
        const issues = parsed.error.issues
            .slice(0, 5)
            .map((i) => `${(0,_appspec_load_js__WEBPACK_IMPORTED_MODULE_4__/* .fieldName */ .w5)(i.path) || '(top)'}: ${i.message}`)
            .join('; ');
        fail(`is not a render-config manifest (${issues}); render it again with render-config`);
    }
    const manifest = parsed.data;
    const texts = new Map();
    for (const f of manifest.files) {
        let body;
        try {
            body = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, f.name), 'utf8');
        }
        catch {
            return fail(`lists ${f.name}, which is missing from the directory`);
        }
        if (f.sha256 && (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(body).digest('hex') !== f.sha256)
            fail(`${f.name} changed after it was rendered (its sha256 differs); render it again`);
        texts.set(f.name, body);
    }
    return {
        manifest,
        content: (name) => {
            const t = texts.get(name);
            if (t === undefined)
                throw new Error(`${name} is not in ${file}`);
            return t;
        },
    };
}


/***/ }),

/***/ 194:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Gp: () => (/* binding */ xyChart)
/* harmony export */ });
/* unused harmony exports chartLabel, chartNumber */
/**
 * Mermaid `xychart-beta` charts for job summaries (GitHub draws them; Mermaid >= 10.5): one x-axis of labels,
 * lines and bars of numbers. Every text is a quoted Mermaid string with anything that could end it replaced,
 * and every number is finite (a missing value is drawn as 0; the table beside each chart says `-`).
 */
/** A Mermaid string: quotes, backslashes, backticks and line breaks could end it or the chart; they are replaced. */
const chartLabel = (text) => `"${text.replace(/["\\\r\n`]/g, "'")}"`;
/** A number as the chart writes it: at most `digits` decimals, never NaN or Infinity. */
const chartNumber = (x, digits) => x === undefined || !Number.isFinite(x) ? '0' : Number(x.toFixed(digits)).toString();
function xyChart(c) {
    const all = [...c.lines, ...(c.bars ?? [])].flat().filter((v) => Number.isFinite(v));
    const top = Math.max(0, ...all) * 1.1;
    const series = (kind, values) => `    ${kind} [${values.map((v) => chartNumber(v, c.digits)).join(', ')}]`;
    return [
        'xychart-beta',
        `    title ${chartLabel(c.title)}`,
        `    x-axis [${c.x.map(chartLabel).join(', ')}]`,
        `    y-axis ${chartLabel(c.yLabel)} 0 --> ${chartNumber(top, c.digits) === '0' ? '1' : chartNumber(top, c.digits)}`,
        ...(c.bars ?? []).map((b) => series('bar', b)),
        ...c.lines.map((l) => series('line', l)),
    ].join('\n');
}


/***/ }),

/***/ 9176:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Y: () => (/* binding */ percentile),
/* harmony export */   z: () => (/* binding */ percentileOfCounts)
/* harmony export */ });
/**
 * The one percentile: nearest rank. The q-quantile (q from 0 to 1) of n values is the value of rank
 * ceil(q × n) (at least 1) in ascending order, so it is always one of the values seen (never interpolated):
 * p95 of 20 values is the 19th, p50 of 4 is the 2nd, q = 0 is the smallest, q = 1 the largest. Undefined
 * without values. The same rank over a histogram gives the bin it falls in.
 */
function rankOf(n, q) {
    if (!(q >= 0 && q <= 1))
        throw new RangeError(`a quantile is from 0 to 1, not ${q}`);
    return Math.min(n, Math.max(1, Math.ceil(q * n)));
}
/** The q-quantile of `sorted` (ascending), or undefined when it is empty. */
function percentile(sorted, q) {
    if (sorted.length === 0)
        return undefined;
    return sorted[rankOf(sorted.length, q) - 1];
}
/**
 * The q-quantile of values counted into bins (`counts[i]` values in bin i, bins ascending), as `valueOf(i)`
 * of the bin it falls in (e.g. the bin's upper edge); undefined when nothing was counted.
 */
function percentileOfCounts(counts, q, valueOf) {
    const n = counts.reduce((a, b) => a + b, 0);
    if (n === 0)
        return undefined;
    const rank = rankOf(n, q);
    let seen = 0;
    for (let i = 0; i < counts.length; i++) {
        seen += counts[i];
        if (seen >= rank)
            return valueOf(i);
    }
    return valueOf(counts.length - 1);
}


/***/ })

};
