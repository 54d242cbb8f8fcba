export const id = 164;
export const ids = [164];
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


/***/ }),

/***/ 596:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   c: () => (/* binding */ packStream),
/* harmony export */   t: () => (/* binding */ ArchiveCache)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_5___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_5__);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(6466);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_6___default = /*#__PURE__*/__webpack_require__.n(node_stream_promises__WEBPACK_IMPORTED_MODULE_6__);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(8522);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_7___default = /*#__PURE__*/__webpack_require__.n(node_zlib__WEBPACK_IMPORTED_MODULE_7__);
/* harmony import */ var tar_stream__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(6118);
/**
 * A compressed tar stream of release files, made on the fly (no temporary archive), with a byte counter for
 * progress lines. zstd when the host can unpack it (Node's own zstd, on the thread pool: level 3 packs a
 * release about as small as gzip -6 at over ten times the speed, and does not stall on incompressible files
 * such as model weights or images); gzip otherwise.
 */









function packStream(root, entries, extra = [], compression = 'gzip') {
    const pack = tar_stream__WEBPACK_IMPORTED_MODULE_8__.pack();
    const counter = byteCounter();
    const out = new node_stream__WEBPACK_IMPORTED_MODULE_5__.PassThrough();
    const compressor = compression === 'zstd'
        ? (0,node_zlib__WEBPACK_IMPORTED_MODULE_7__.createZstdCompress)({ params: { [node_zlib__WEBPACK_IMPORTED_MODULE_7__.constants.ZSTD_c_compressionLevel]: 3 } })
        : (0,node_zlib__WEBPACK_IMPORTED_MODULE_7__.createGzip)({ level: 6, memLevel: 8, strategy: node_zlib__WEBPACK_IMPORTED_MODULE_7__.constants.Z_DEFAULT_STRATEGY });
    const piping = (0,node_stream_promises__WEBPACK_IMPORTED_MODULE_6__.pipeline)(pack, compressor, counter.stream, out);
    const mtime = new Date();
    // Small files are read ahead, several at once, and packed from memory: opening a stream per file, one after
    // the other, made packing 3,000 small files take seconds. Big files (model weights) are streamed. The read-
    // ahead is bounded (count and bytes), and each entry waits for the archive to be drained (backpressure).
    const SMALL = 1 << 20;
    const files = entries.filter((e) => e.type === 'file');
    const reads = new Map();
    let next = 0;
    let ahead = 0;
    const readAhead = () => {
        while (next < files.length && reads.size < 64 && ahead < 16 * SMALL) {
            const e = files[next++];
            if (e.size > SMALL)
                continue;
            ahead += e.size;
            const p = (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readFile)((0,node_path__WEBPACK_IMPORTED_MODULE_4__.join)(root, e.path));
            p.catch(() => undefined); // awaited in order below; a failure surfaces there
            reads.set(e.path, p);
        }
    };
    const write = (header, body) => new Promise((resolve, reject) => {
        pack.entry(header, body, (err) => (err ? reject(err) : resolve()));
    });
    const addEntries = async () => {
        const dirs = new Set();
        const ensureDir = (p) => {
            const parts = p.split('/').slice(0, -1);
            for (let i = 1; i <= parts.length; i++) {
                const d = parts.slice(0, i).join('/');
                if (!dirs.has(d)) {
                    dirs.add(d);
                    pack.entry({ name: d, type: 'directory', mode: 0o755, mtime });
                }
            }
        };
        readAhead();
        for (const e of entries) {
            if (e.type === 'dir') {
                dirs.add(e.path);
                pack.entry({ name: e.path, type: 'directory', mode: e.mode, mtime });
            }
            else if (e.type === 'symlink') {
                ensureDir(e.path);
                pack.entry({ name: e.path, type: 'symlink', linkname: e.target, mode: 0o777, mtime });
            }
            else {
                ensureDir(e.path);
                const header = { name: e.path, type: 'file', size: e.size, mode: e.mode, mtime };
                const read = reads.get(e.path);
                if (read) {
                    const body = await read;
                    reads.delete(e.path);
                    ahead -= e.size;
                    readAhead();
                    if (body.length !== e.size)
                        throw new Error(`${e.path} changed while the release was being packed (${body.length} bytes, was ${e.size})`);
                    await write(header, body);
                }
                else {
                    readAhead();
                    await new Promise((resolve, reject) => {
                        const sink = pack.entry(header, (err) => (err ? reject(err) : resolve()));
                        const src = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.createReadStream)((0,node_path__WEBPACK_IMPORTED_MODULE_4__.join)(root, e.path), { highWaterMark: SMALL });
                        src.on('error', reject);
                        src.pipe(sink);
                    });
                }
            }
        }
        for (const f of extra) {
            ensureDir(f.path);
            pack.entry({ name: f.path, type: 'file', mode: f.mode, mtime }, f.content);
        }
        pack.finalize();
    };
    const done = addEntries().then(() => piping, (error) => {
        pack.destroy(error);
        throw error;
    });
    return { stream: out, bytes: counter.bytes, done };
}
/** A pass-through that counts the bytes flowing through it (for progress lines and the result). */
function byteCounter() {
    let count = 0;
    const stream = new node_stream__WEBPACK_IMPORTED_MODULE_5__.Transform({
        transform(chunk, _enc, cb) {
            count += chunk.length;
            cb(null, chunk);
        },
    });
    return { stream, bytes: () => count };
}
/**
 * Archives packed once and sent to many hosts. The first host of a fleet that needs a given archive (the same
 * files to send, the same extra files, the same compression) packs it into a temporary file on the runner; the
 * others wait for that file and stream it. Packing is the CPU-bound part of an upload: a fleet deploy does it
 * once instead of once per host. Hosts whose previous release differs need other archives, packed likewise.
 */
class ArchiveCache {
    dir;
    made = new Map(); // archive key → its file
    files = 0; // names are never reused, not even after a failed pack
    constructor(dir) {
        this.dir = dir;
    }
    static async create() {
        return new ArchiveCache(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.mkdtemp)((0,node_path__WEBPACK_IMPORTED_MODULE_4__.join)(process.env.RUNNER_TEMP ?? (0,node_os__WEBPACK_IMPORTED_MODULE_3__.tmpdir)(), 'keel-archives-')));
    }
    open(root, entries, extra, compression) {
        const key = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256')
            .update(JSON.stringify([
            compression,
            entries.map((e) => [e.path, e.type, e.mode, e.size, e.hash, e.target]),
            extra,
        ]))
            .digest('hex');
        let made = this.made.get(key);
        if (!made) {
            const path = (0,node_path__WEBPACK_IMPORTED_MODULE_4__.join)(this.dir, `${this.files++}.tar`);
            made = (async () => {
                const a = packStream(root, entries, extra, compression);
                await Promise.all([
                    (0,node_stream_promises__WEBPACK_IMPORTED_MODULE_6__.pipeline)(a.stream, (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.createWriteStream)(path, { flags: 'wx', mode: 0o600 })),
                    a.done,
                ]);
                return path;
            })();
            this.made.set(key, made);
            made.catch(() => this.made.delete(key)); // a failed pack is tried again by the next host
        }
        const counter = byteCounter();
        const out = new node_stream__WEBPACK_IMPORTED_MODULE_5__.PassThrough();
        const done = made.then((path) => (0,node_stream_promises__WEBPACK_IMPORTED_MODULE_6__.pipeline)((0,node_fs__WEBPACK_IMPORTED_MODULE_1__.createReadStream)(path, { highWaterMark: 1 << 20 }), counter.stream, out));
        done.catch((error) => out.destroy(error));
        return { stream: out, bytes: counter.bytes, done };
    }
    async dispose() {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(this.dir, { recursive: true, force: true });
    }
}


/***/ }),

/***/ 469:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  pm: () => (/* binding */ appendLog),
  Tx: () => (/* binding */ deployToHost),
  $: () => (/* binding */ emptyResult),
  UY: () => (/* binding */ goodReleaseBefore),
  tH: () => (/* binding */ listReleases),
  Bo: () => (/* binding */ reloadCommand),
  S_: () => (/* binding */ switchTo)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/remote/quote.ts
var quote = __webpack_require__(4414);
// EXTERNAL MODULE: ./src/releases/archive.ts
var releases_archive = __webpack_require__(596);
// EXTERNAL MODULE: ./src/releases/files.ts
var files = __webpack_require__(953);
;// CONCATENATED MODULE: ./src/releases/install.ts
/**
 * Installing the host-level files render-config made (systemd units, the Nginx or Caddy site, logrotate
 * rules), as root, one named `sudo -n` command at a time: only files that differ are touched, each one is
 * backed up first, the real tools check the result on the host (`nginx -t`, `caddy validate`,
 * `systemd-analyze verify`, `logrotate -d`), and any failure puts every file back as it was.
 */



const sha = (t) => (0,external_node_crypto_.createHash)('sha256').update(t).digest('hex');
async function installHostFiles(session, files, token, log) {
    const host = session.endpoint.name;
    const stage = `.keel-stage/${token}`;
    const noop = { changed: [], restore: async () => undefined, commit: async () => undefined };
    if (files.length === 0)
        return noop;
    const hashes = await session.check('comparing installed config files', (0,quote/* script */.K$)((0,quote/* raw */.lS)('set +e'), ...files.map((f) => (0,quote.sh) `if [ -e ${f.install} ]; then (sha256sum < ${f.install} 2>/dev/null || sudo -n cat ${f.install} | sha256sum) | cut -c1-64; else echo missing; fi`)));
    const current = hashes.stdout.trim().split('\n');
    const changed = files.filter((f, i) => current[i] !== sha(f.content));
    if (changed.length === 0) {
        log.info(`${host}: config files unchanged`);
        return noop;
    }
    // Stage the new files in the deploy user's home, then install them as root with explicit owner and mode.
    await session.check('staging config files', (0,quote.sh) `rm -rf ${stage} && mkdir -p ${`${stage}/new`} ${`${stage}/old`} && cd ${`${stage}/new`} && base64 -d | tar -x`, {
        stdin: await tarBase64(changed),
    });
    const enabled = [];
    const steps = [];
    changed.forEach((f, i) => {
        steps.push((0,quote.sh) `if sudo -n test -e ${f.install}; then sudo -n cp -a ${f.install} ${`${stage}/old/${i}`}; fi`);
        steps.push((0,quote.sh) `sudo -n install -D -m ${f.mode} -o ${f.owner} -g ${f.group} ${`${stage}/new/${i}`} ${f.install}`);
        if (f.kind === 'nginx') {
            const link = f.install.replace('/sites-available/', '/sites-enabled/');
            if (link !== f.install) {
                enabled.push(link);
                steps.push((0,quote.sh) `if ! sudo -n test -e ${link}; then sudo -n ln -s ${f.install} ${link}; echo ${`created ${link}`}; fi`);
            }
        }
    });
    const restore = async () => {
        const back = changed.map((f, i) => (0,quote.sh) `if [ -e ${`${stage}/old/${i}`} ]; then sudo -n cp -a ${`${stage}/old/${i}`} ${f.install}; else sudo -n rm -f ${f.install}; fi`);
        const links = enabled.map((l) => (0,quote.sh) `if sudo -n test -L ${l} && ! sudo -n test -e "$(readlink ${l})"; then sudo -n rm -f ${l}; fi`);
        await session.check('putting the previous config files back', (0,quote/* script */.K$)(...back, ...links, ...(changed.some((f) => f.kind.startsWith('systemd'))
            ? [(0,quote/* raw */.lS)('sudo -n systemctl daemon-reload')]
            : [])));
        log.warn(`${host}: config files restored (${changed.map((f) => f.install).join(', ')})`);
    };
    try {
        await session.check('installing config files', (0,quote/* script */.K$)(...steps));
        await validateOnHost(session, changed);
    }
    catch (error) {
        await restore();
        throw error;
    }
    log.info(`${host}: installed ${changed.map((f) => f.install).join(', ')}`);
    return { changed, restore, commit: async () => void (await session.run((0,quote.sh) `rm -rf ${stage}`)) };
}
async function validateOnHost(session, changed) {
    const kinds = new Set(changed.map((f) => f.kind));
    if (kinds.has('systemd-service') || kinds.has('systemd-socket')) {
        await session.check('systemctl daemon-reload', (0,quote/* raw */.lS)('sudo -n systemctl daemon-reload'));
        for (const f of changed.filter((x) => x.kind.startsWith('systemd'))) {
            const r = await session.run((0,quote.sh) `systemd-analyze verify --man=no ${f.install} 2>&1`);
            const complaints = r.stdout
                .split('\n')
                .filter((l) => /Unknown|Failed|not executable|Invalid/.test(l) && !/sysinit\.target/.test(l));
            // The service's ExecStart points into `current`, which may not exist before the first switch.
            const real = complaints.filter((l) => !/is not executable: No such file or directory/.test(l));
            if (r.code !== 0 && real.length > 0)
                throw new errors/* KeelError */.Ui(`${session.endpoint.name}: systemd-analyze verify ${f.install} failed:\n${real.join('\n')}`);
        }
    }
    if (kinds.has('nginx')) {
        const r = await session.run((0,quote/* raw */.lS)('sudo -n nginx -t 2>&1'));
        if (r.code !== 0)
            throw new errors/* KeelError */.Ui(`${session.endpoint.name}: nginx -t failed; the previous Nginx files were put back:\n${r.stdout.trim()}`);
    }
    if (kinds.has('caddy')) {
        const r = await session.run((0,quote/* raw */.lS)("grep -q 'import sites/' /etc/caddy/Caddyfile || { echo '/etc/caddy/Caddyfile does not import sites/*.caddy'; exit 1; }; sudo -n caddy validate --adapter caddyfile --config /etc/caddy/Caddyfile 2>&1 | tail -3"));
        if (r.code !== 0)
            throw new errors/* KeelError */.Ui(`${session.endpoint.name}: caddy validate failed; the previous Caddy files were put back:\n${r.stdout.trim()}`);
    }
    for (const f of changed.filter((x) => x.kind === 'logrotate')) {
        const r = await session.run((0,quote.sh) `sudo -n logrotate -d ${f.install} 2>&1`);
        if (r.code !== 0 || /^error:/m.test(r.stdout))
            throw new errors/* KeelError */.Ui(`${session.endpoint.name}: logrotate -d ${f.install} failed:\n${r.stdout.trim().split('\n').slice(-3).join('\n')}`);
    }
}
/** The changed files as a base64 tar (names 0, 1, ...), small enough for a command's stdin. */
async function tarBase64(files) {
    const { default: tar } = await Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 6118, 19));
    const pack = tar.pack();
    files.forEach((f, i) => pack.entry({ name: String(i), mode: 0o600 }, f.content));
    pack.finalize();
    const chunks = [];
    for await (const c of pack)
        chunks.push(c);
    return Buffer.concat(chunks).toString('base64');
}
/** After the switch: what the changed files need to take effect. */
async function applyHostFiles(session, changed, service, socket, log) {
    const kinds = new Set(changed.map((f) => f.kind));
    if (socket && changed.some((f) => f.kind === 'systemd-socket')) {
        await session.check(`enabling ${socket}`, (0,quote.sh) `sudo -n systemctl enable ${socket} && sudo -n systemctl restart ${socket}`);
    }
    if (service && changed.some((f) => f.kind === 'systemd-service')) {
        // A changed unit (ExecStart, sandbox, limits) takes effect only on a restart; with socket activation
        // connections wait in the socket's backlog meanwhile.
        await session.check(`enabling and restarting ${service}`, (0,quote.sh) `sudo -n systemctl enable ${service} && sudo -n systemctl restart ${service}`, { timeoutMs: 300_000 });
        log.info(`${session.endpoint.name}: ${service} restarted with its new unit`);
    }
    if (kinds.has('nginx'))
        await session.check('reloading nginx', (0,quote/* raw */.lS)('if sudo -n systemctl is-active --quiet nginx; then sudo -n systemctl reload nginx; else sudo -n systemctl start nginx; fi'));
    if (kinds.has('caddy'))
        await session.check('reloading caddy', (0,quote/* raw */.lS)('if sudo -n systemctl is-active --quiet caddy; then sudo -n systemctl reload caddy; else sudo -n systemctl start caddy; fi'));
}

// EXTERNAL MODULE: ./src/releases/lock.ts
var lock = __webpack_require__(8403);
;// CONCATENATED MODULE: ./src/releases/copy.ts
/**
 * The hard-link copy of the previous release that a new release starts from (`cp -al`), made safe to write
 * into: keel removes files from it and unpacks the changed ones over it, and neither may go through a symlink
 * to somewhere else.
 *
 * - keel's own links in it (to `shared/<path>`, `.venv` to a virtualenv) are removed first: deleting `media/old.png` or unpacking
 *   `media/new.png` through `media -> shared/media` would delete or replace the shared copy. They are made
 *   again later (shared links after the upload, the virtualenv link when it is built).
 * - Any other symlink at a path the previous release's manifest lists as a file or folder, or with another
 *   target than it shipped, was planted on the host: GNU tar would unpack through a planted link to a folder,
 *   and `rm -rf a/b` goes through a planted `a`. Then the copy is not used: it is removed and every file is
 *   sent (a full upload), so nothing is written through the link and the new release does not inherit it.
 *   Links the manifest does not know of at all (made by a build hook) are left alone: keel writes and removes
 *   only manifest paths.
 */

/**
 * Makes the copy at `copy` safe (see the module's header). Returns false when it was thrown away (planted
 * links): the caller then sends every file into the now empty `copy`.
 */
async function prepareCopy(session, layout, copy, manifest, log) {
    // find does not follow links, so every path it lists is reached through real folders.
    const r = await session.check('checking the copy of the previous release for symlinks', (0,quote.sh) `cd ${copy} && find . -type l -printf '%P\\0%l\\0'`);
    const fields = r.stdout.split('\0');
    const shipped = new Map(manifest.map((e) => [e.path, e]));
    const keels = [];
    const planted = [];
    for (let i = 0; i + 1 < fields.length; i += 2) {
        const [path, target] = [fields[i], fields[i + 1]];
        const e = shipped.get(path);
        if (target === `${layout.shared}/${path}` || (path === '.venv' && target.startsWith(`${layout.venvs}/`)))
            keels.push(path);
        else if (e && (e.type !== 'symlink' || e.target !== target))
            planted.push(`${JSON.stringify(path)} -> ${JSON.stringify(target)}`);
    }
    if (planted.length === 0) {
        if (keels.length > 0)
            await session.check('removing the previous release’s own links from the copy', (0,quote.sh) `cd ${copy} && xargs -0 rm -f --`, {
                stdin: keels.join('\0') + '\0',
            });
        return true;
    }
    log.warn(`${session.endpoint.name}: the previous release was changed on the host (${planted.slice(0, 3).join(', ')}${planted.length > 3 ? ', ...' : ''}: symlinks it did not ship); sending every file instead of building on it`);
    await session.check('discarding the copy', (0,quote.sh) `rm -rf ${copy} && mkdir -p ${copy}`);
    return false;
}
/**
 * Removes paths from the copy (deepest first), never through a symlink on the way: a path below a link is
 * left alone (the link itself, when it is to go, is in the list too).
 */
async function removeFromCopy(session, copy, paths) {
    if (paths.length === 0)
        return;
    await session.check('removing deleted files', (0,quote/* script */.K$)((0,quote.sh) `cd ${copy}`, (0,quote/* raw */.lS)(`while IFS= read -r -d '' p; do d=$p; ok=1; while [[ $d == */* ]]; do d=\${d%/*}; if [[ -L $d ]]; then ok=0; break; fi; done; if (( ok )); then printf '%s\\0' "$p"; fi; done | xargs -0 -r rm -rf --`)), { stdin: paths.join('\0') + '\0' });
}

// EXTERNAL MODULE: ./src/releases/shared.ts
var shared = __webpack_require__(1613);
;// CONCATENATED MODULE: ./src/releases/deploy.ts
/**
 * One release to one host: lock → stage (hard-link copy of the previous release, then only what changed) →
 * shared files → virtualenv → hooks → atomic switch → reload → prune → log → unlock. Until the switch nothing
 * the site uses is touched; a failure after it switches back. `current` always points to a complete release.
 */









const MANIFEST = '.keel/files.json';
/** A host's result before anything happened (or when nothing could: `error`). */
function emptyResult(host, release, error) {
    return {
        host,
        ok: false,
        release,
        previous: undefined,
        switched: false,
        rolledBack: false,
        uploadedFiles: 0,
        unchangedFiles: 0,
        removedFiles: 0,
        uploadedBytes: 0,
        pruned: [],
        seconds: 0,
        error,
    };
}
function progress(log, host, bytes) {
    let last = 0;
    const started = Date.now();
    const timer = setInterval(() => {
        const b = bytes();
        if (b !== last) {
            log.info(`${host}: uploaded ${(b / 1048576).toFixed(1)} MiB (${(b / 1048576 / ((Date.now() - started) / 1000)).toFixed(1)} MiB/s)`);
            last = b;
        }
    }, 5_000);
    return () => clearInterval(timer);
}
function hookScript(dir, hook, env) {
    const exports = Object.entries(env).map(([k, v]) => (0,quote.sh) `export ${(0,quote/* raw */.lS)(k)}=${v}`);
    return (0,quote/* script */.K$)((0,quote.sh) `cd ${dir}`, ...exports, (0,quote/* raw */.lS)(hook));
}
async function readText(session, path) {
    const r = await session.run((0,quote.sh) `cat ${path}`);
    return r.code === 0 ? r.stdout : undefined;
}
async function deployToHost(session, layout, o, log) {
    const host = session.endpoint.name;
    const started = Date.now();
    const result = emptyResult(host, o.releaseId);
    const token = (0,external_node_crypto_.randomUUID)();
    const now = new Date();
    const holder = {
        token,
        run: o.run.id,
        actor: o.run.actor,
        release: o.releaseId,
        started: now.toISOString(),
        expires: new Date(now.getTime() + o.lock.ttlMs).toISOString(),
    };
    const release = layout.release(o.releaseId);
    const partial = layout.partial(o.releaseId);
    let locked = false;
    let installed;
    try {
        // 1. Prepare: folders, the lock, what is live now.
        await session.check('preparing the deploy path', (0,quote.sh) `mkdir -p ${layout.releases} ${layout.shared} ${layout.meta}`);
        await (0,lock/* acquireLock */.I)(session, layout, holder, o.lock, log);
        locked = true;
        o.onLock?.(token, true);
        const state = await session.check('reading the current release', (0,quote/* script */.K$)((0,quote/* raw */.lS)('set +e'), (0,quote.sh) `echo "current=$(readlink ${layout.current} | sed 's#^.*/##')"`, (0,quote.sh) `test -e ${release} && echo release=exists || echo release=new`, (0,quote/* raw */.lS)('command -v zstd >/dev/null && echo zstd=yes || echo zstd=no'), 
        // Partial releases of runs that died: we hold the lock, so nobody is writing them.
        (0,quote.sh) `rm -rf ${layout.releases}/.partial-*`));
        const facts = Object.fromEntries(state.stdout.split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1).trim()]));
        const previous = facts.current || undefined;
        result.previous = previous;
        if (facts.release === 'exists') {
            throw new errors/* KeelError */.Ui(`${host}: release ${o.releaseId} already exists; give a new 'release-id' (or use mode: rollback to return to it)`, {
                field: 'release-id',
            });
        }
        // 2. Stage: a hard-link copy of the previous release, then only the differences.
        const prevManifest = previous
            ? (0,files/* parseManifest */.Ng)(await readText(session, `${layout.release(previous)}/${MANIFEST}`))
            : undefined;
        const full = { send: o.files, remove: [], unchanged: 0 };
        let d = prevManifest ? (0,files/* delta */.pU)(prevManifest, o.files) : full;
        if (prevManifest && previous) {
            await session.check('copying the previous release (hard links)', (0,quote.sh) `cp -al ${layout.release(previous)} ${partial}`);
            if (await prepareCopy(session, layout, partial, prevManifest, log))
                await removeFromCopy(session, partial, d.remove);
            else
                d = full;
        }
        else {
            await session.check('creating the release directory', (0,quote.sh) `mkdir -p ${partial}`);
        }
        result.unchangedFiles = d.unchanged;
        result.removedFiles = d.remove.length;
        result.uploadedFiles = d.send.filter((e) => e.type === 'file').length;
        const manifestFile = {
            path: MANIFEST,
            content: JSON.stringify({ keel: 1, files: o.files }),
            mode: 0o644,
        };
        const releaseFile = {
            path: '.keel/release.json',
            content: JSON.stringify({
                id: o.releaseId,
                sha: o.run.sha,
                repository: o.run.repository,
                run: o.run.id,
                actor: o.run.actor,
                created: (o.createdAt ?? now).toISOString(),
            }, null, 2) + '\n',
            mode: 0o644,
        };
        const compression = facts.zstd === 'yes' ? 'zstd' : 'gzip';
        const extra = [
            ...o.extra,
            manifestFile,
            releaseFile,
            { path: 'RELEASE', content: `${o.releaseId}\n`, mode: 0o644 },
        ];
        const archive = o.archives
            ? o.archives.open(o.source, d.send, extra, compression)
            : (0,releases_archive/* packStream */.c)(o.source, d.send, extra, compression);
        const stop = progress(log, host, archive.bytes);
        try {
            // GNU tar unlinks an existing file before extracting it, so a changed file replaces the hard link instead
            // of writing through it into the previous release (a test checks the previous release is untouched).
            const [upload] = await Promise.all([
                session.check('uploading and unpacking the release', compression === 'zstd'
                    ? (0,quote.sh) `zstd -dcq | tar -xf - --no-same-owner -C ${partial}`
                    : (0,quote.sh) `tar -xzf - --no-same-owner -C ${partial}`, {
                    stdin: archive.stream,
                    timeoutMs: 3_600_000,
                }),
                archive.done,
            ]);
            void upload;
        }
        finally {
            stop();
        }
        result.uploadedBytes = archive.bytes();
        log.info(`${host}: sent ${result.uploadedFiles} file(s), ${(result.uploadedBytes / 1024).toFixed(0)} KiB (${compression}); ${d.unchanged} unchanged, ${d.remove.length} removed`);
        // 3. Shared files and folders live outside releases and are linked in (never through a symlink).
        await (0,shared/* linkShared */.E)(session, layout, partial, o.shared);
        // 4. Build: a virtualenv per requirements (shared by releases with the same ones), then the build hook.
        const env = {
            KEEL_RELEASE: o.releaseId,
            KEEL_RELEASE_PATH: release,
            KEEL_DEPLOY_PATH: layout.root,
            KEEL_PREVIOUS_RELEASE: previous ?? '',
        };
        const requirements = o.files.find((f) => f.path === 'requirements.txt');
        if (o.venv.enabled && requirements) {
            const key = (0,external_node_crypto_.createHash)('sha256')
                .update(`${requirements.hash}:${o.venv.systemSitePackages}:${o.venv.wheelsDir ?? ''}:${o.venv.pipArgs.join(' ')}`)
                .digest('hex')
                .slice(0, 16);
            const venv = `${layout.venvs}/${key}`;
            const pip = [
                ...(o.venv.wheelsDir ? ['--no-index', '--find-links', o.venv.wheelsDir] : []),
                '--cache-dir',
                `${layout.meta}/pip-cache`,
                ...o.venv.pipArgs,
            ];
            await log.group(`${host}: virtualenv`, async () => {
                const r = await session.check('building the virtualenv', (0,quote/* script */.K$)(
                // Built in place (a venv's scripts name its own path); the marker says it is complete.
                (0,quote.sh) `if [ -e ${`${venv}/.keel-complete`} ]; then echo reused; exit 0; fi`, (0,quote.sh) `rm -rf ${venv} && mkdir -p ${layout.venvs}`, o.venv.systemSitePackages
                    ? (0,quote.sh) `python3 -m venv --system-site-packages ${venv}`
                    : (0,quote.sh) `python3 -m venv ${venv}`, (0,quote.sh) `${`${venv}/bin/pip`} install --disable-pip-version-check --quiet ${pip} -r ${`${partial}/requirements.txt`}`, (0,quote.sh) `touch ${`${venv}/.keel-complete`}`, (0,quote/* raw */.lS)('echo built')), { timeoutMs: 1_800_000 });
                log.info(`${host}: virtualenv ${key} ${r.stdout.trim().split('\n').pop()}`);
                await session.check('linking the virtualenv', (0,quote.sh) `rm -rf ${`${partial}/.venv`} && ln -s ${venv} ${`${partial}/.venv`}`);
            });
        }
        if (o.hooks.build) {
            await log.group(`${host}: build hook`, () => session.check('the build hook', hookScript(partial, o.hooks.build, { ...env, KEEL_RELEASE_PATH: partial }), { timeoutMs: 1_800_000 }));
        }
        // 5. The release is complete: give it its final name; then the before-switch hook (migrations).
        await session.check('finishing the release', (0,quote.sh) `mv -T ${partial} ${release}`);
        installed = await installHostFiles(session, o.hostFiles, token, log);
        if (o.hooks.beforeSwitch) {
            await log.group(`${host}: before-switch hook`, () => session.check('the before-switch hook', hookScript(release, o.hooks.beforeSwitch, env), {
                timeoutMs: 1_800_000,
            }));
        }
        // 6. Atomic switch: a new symlink under a temporary name, renamed over `current` (rename(2) is atomic).
        await switchTo(session, layout, o.releaseId);
        result.switched = true;
        try {
            if (installed.changed.length > 0)
                await applyHostFiles(session, installed.changed, o.units.service, o.units.socket, log);
            if (o.reloadUnit)
                await session.check(`reloading ${o.reloadUnit}`, reloadCommand(o.reloadUnit), { timeoutMs: 300_000 });
            if (o.hooks.afterSwitch) {
                await log.group(`${host}: after-switch hook`, () => session.check('the after-switch hook', hookScript(release, o.hooks.afterSwitch, env), {
                    timeoutMs: 1_800_000,
                }));
            }
        }
        catch (error) {
            if (previous) {
                log.warn(`${host}: ${(0,errors/* errorMessage */.gJ)(error)}; switching back to ${previous}`);
                await switchTo(session, layout, previous);
                await session.run((0,quote.sh) `touch ${`${release}/.keel/bad`}`);
                if (installed.changed.length > 0) {
                    await installed.restore();
                    await applyHostFiles(session, installed.changed, o.units.service, o.units.socket, log);
                }
                if (o.reloadUnit)
                    await session.check(`reloading ${o.reloadUnit} on ${previous}`, reloadCommand(o.reloadUnit), {
                        timeoutMs: 300_000,
                    });
                result.rolledBack = true;
            }
            throw error;
        }
        // 7. Keep the newest releases (never the current or the previous one), and the venvs they use.
        result.pruned = await prune(session, layout, o.keep, [o.releaseId, previous].filter((x) => !!x));
        await appendLog(session, layout, {
            release: o.releaseId,
            previous: previous ?? null,
            status: 'deployed',
            ...o.run,
        });
        await installed?.commit();
        result.ok = true;
    }
    catch (error) {
        result.error = (0,errors/* errorMessage */.gJ)(error);
        // Never switched to: the release (finished or not) goes, and so do the config files installed for it.
        if (!result.switched) {
            await installed?.restore().catch(() => undefined);
            await session.run((0,quote.sh) `rm -rf ${partial} ${release}`).catch(() => undefined);
        }
        await appendLog(session, layout, {
            release: o.releaseId,
            previous: result.previous ?? null,
            status: result.rolledBack ? 'rolled-back' : 'failed',
            error: result.error,
            ...o.run,
        }).catch(() => undefined);
    }
    finally {
        if (locked)
            await (0,lock.releaseLock)(session, layout, token)
                .then(() => o.onLock?.(token, false))
                .catch(() => undefined);
        result.seconds = Math.round((Date.now() - started) / 100) / 10;
    }
    return result;
}
/**
 * `sudo -n systemctl reload UNIT`: one named command, so a sudoers rule as narrow as
 * `deploy ALL=(root) NOPASSWD: /usr/bin/systemctl reload shop.service` is enough (never `sudo bash`).
 */
function reloadCommand(unit) {
    return (0,quote.sh) `sudo -n systemctl reload ${unit}`;
}
async function switchTo(session, layout, id) {
    const tmp = `${layout.root}/.current-${id}`;
    await session.check(`switching current to ${id}`, (0,quote/* script */.K$)((0,quote.sh) `test -d ${layout.release(id)}`, (0,quote.sh) `rm -f ${tmp}`, (0,quote.sh) `ln -s ${`releases/${id}`} ${tmp}`, (0,quote.sh) `mv -T ${tmp} ${layout.current}`));
}
async function listReleases(session, layout) {
    const r = await session.check('listing releases', (0,quote/* script */.K$)((0,quote/* raw */.lS)('set +e'), (0,quote.sh) `echo "current=$(readlink ${layout.current} | sed 's#^.*/##')"`, (0,quote.sh) `cd ${layout.releases} 2>/dev/null && for d in *; do [ -d "$d" ] || continue; case "$d" in .partial-*) continue;; esac; if [ -e "$d/.keel/bad" ]; then echo "bad=$d"; else echo "ok=$d"; fi; done`));
    let current;
    const releases = [];
    for (const line of r.stdout.split('\n')) {
        const [k, v] = [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)];
        if (k === 'current')
            current = v || undefined;
        else if ((k === 'ok' || k === 'bad') && v)
            releases.push({ id: v, bad: k === 'bad' });
    }
    releases.sort((a, b) => a.id.localeCompare(b.id));
    return { releases, current };
}
/** The newest release before `id` (ids sort by time; any, without `id`) that is not marked bad. */
function goodReleaseBefore(releases, id) {
    return releases
        .filter((r) => !r.bad && (id === undefined || r.id < id))
        .map((r) => r.id)
        .pop();
}
async function prune(session, layout, keep, protect) {
    const { releases, current } = await listReleases(session, layout);
    const keepSet = new Set([
        ...protect,
        ...(current ? [current] : []),
        ...releases.slice(-keep).map((r) => r.id),
    ]);
    const doomed = releases.map((r) => r.id).filter((id) => !keepSet.has(id));
    if (doomed.length > 0) {
        await session.check('removing old releases', (0,quote.sh) `cd ${layout.releases} && rm -rf -- ${doomed}`);
    }
    // Virtualenvs no remaining release links to.
    await session.check('removing unused virtualenvs', (0,quote/* script */.K$)((0,quote/* raw */.lS)('set +e'), (0,quote.sh) `cd ${layout.venvs} 2>/dev/null || exit 0`, (0,quote.sh) `used=$(for l in ${layout.releases}/*/.venv; do readlink "$l"; done 2>/dev/null | sed 's#^.*/##' | sort -u)`, (0,quote/* raw */.lS)('for v in *; do [ -d "$v" ] || continue; echo "$used" | grep -qx "$v" || rm -rf -- "$v"; done')));
    return doomed;
}
async function appendLog(session, layout, entry) {
    const line = JSON.stringify({ time: new Date().toISOString(), ...entry });
    await session.check('writing the release log', (0,quote.sh) `mkdir -p ${layout.meta} && printf '%s\n' ${line} >> ${layout.log}`);
}


/***/ }),

/***/ 953:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BC: () => (/* binding */ excludeProblems),
/* harmony export */   GG: () => (/* binding */ walk),
/* harmony export */   Ng: () => (/* binding */ parseManifest),
/* harmony export */   ar: () => (/* binding */ entryModuleOf),
/* harmony export */   pU: () => (/* binding */ delta)
/* harmony export */ });
/* unused harmony exports ALWAYS_EXCLUDED, escapingLinks */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var picomatch__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(4006);
/* harmony import */ var picomatch__WEBPACK_IMPORTED_MODULE_5___default = /*#__PURE__*/__webpack_require__.n(picomatch__WEBPACK_IMPORTED_MODULE_5__);
/* harmony import */ var _concurrency_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(1532);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3916);
/**
 * The files of a release as data: walked from the source directory (with exclude patterns), described by a
 * manifest (path, type, mode, size, sha256), and compared with the previous release's manifest so a redeploy
 * sends only what changed.
 */







/** Never shipped: version control, keel's own scratch, Python caches. */
const ALWAYS_EXCLUDED = [
    '.git',
    '.git/**',
    '.keel/rendered/**',
    '**/__pycache__',
    '**/__pycache__/**',
    '**/*.pyc',
];
async function hashFile(path, size) {
    const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
    // Most of a release is small files: one read each; big ones (model weights) are streamed.
    if (size <= 1 << 20)
        return hash.update(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readFile)(path)).digest('hex');
    for await (const chunk of (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.createReadStream)(path, { highWaterMark: 1 << 20 }))
        hash.update(chunk);
    return hash.digest('hex');
}
/** picomatch's options for exclude patterns: brackets, braces and parentheses must balance. */
const GLOB = { dot: true, strictBrackets: true, debug: true };
/**
 * What is wrong with each exclude pattern (empty when all are fine), checked before anything is read or sent:
 * a glob picomatch cannot compile would otherwise match nothing, silently (`**\/{a`, `[z-a]`), and an
 * unbalanced `[` would match itself literally.
 */
function excludeProblems(patterns) {
    const problems = [];
    for (const p of patterns) {
        const shown = JSON.stringify(p);
        if (p.startsWith('!')) {
            problems.push(`${shown}: negated patterns are not supported (exclude lists what not to ship; a leading ! would exclude everything else)`);
        }
        else if (p.startsWith('/')) {
            problems.push(`${shown}: patterns are relative to 'source' (write ${JSON.stringify(p.replace(/^\/+/, ''))})`);
        }
        else if (/(^|\/)\.\.(\/|$)/.test(p)) {
            problems.push(`${shown}: patterns cannot reach outside 'source' (..)`);
        }
        else if (p.includes('\0')) {
            problems.push(`${shown}: contains a NUL character`);
        }
        else {
            try {
                picomatch__WEBPACK_IMPORTED_MODULE_5___default().makeRe(p, GLOB);
            }
            catch (error) {
                const why = error.message.replace(/^Invalid regular expression: \/.*\/: /s, '');
                problems.push(`${shown} is not a valid glob: ${why}`);
            }
        }
    }
    return problems;
}
const sourceError = (message) => new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .KeelError */ .Ui(message, { field: 'source' });
/**
 * Walks `root` (never following symlinks), skipping excluded paths. Sorted, directories before their contents.
 * Refused with a KeelError naming the input, before anything is sent: an invalid exclude pattern, excludes
 * that leave no file (or drop the entry module), a symlink that leads outside the release, a name that is not
 * UTF-8, an unreadable file or folder.
 */
async function walk(root, exclude, options = {}) {
    const invalid = excludeProblems(exclude);
    if (invalid.length > 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .KeelError */ .Ui(`input 'exclude': ${invalid.join('; ')}`, { field: 'exclude' });
    const always = picomatch__WEBPACK_IMPORTED_MODULE_5___default()(ALWAYS_EXCLUDED, GLOB);
    const byUser = exclude.length > 0 ? picomatch__WEBPACK_IMPORTED_MODULE_5___default()(exclude, GLOB) : () => false;
    const isExcluded = (p) => always(p) || byUser(p);
    const out = [];
    const files = [];
    let excluded = 0;
    const fail = (what, rel, error) => {
        throw sourceError(`cannot ${what} ${JSON.stringify(rel || '.')} in 'source': ${error.message}`);
    };
    const visit = async (dir) => {
        const rawNames = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readdir)(dir, { encoding: 'buffer' }).catch((e) => fail('read the folder', (0,node_path__WEBPACK_IMPORTED_MODULE_3__.relative)(root, dir), e));
        const names = rawNames.map((b) => ({ raw: b, name: b.toString('utf8') }));
        names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        for (const { raw, name } of names) {
            const abs = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, name);
            const rel = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.relative)(root, abs).split(node_path__WEBPACK_IMPORTED_MODULE_3__.sep).join(node_path__WEBPACK_IMPORTED_MODULE_3__.posix.sep);
            if (isExcluded(rel) || isExcluded(`${rel}/`)) {
                if (!always(rel) && !always(`${rel}/`))
                    excluded++;
                continue;
            }
            if (!Buffer.from(name, 'utf8').equals(raw))
                throw sourceError(`${JSON.stringify(rel)} in 'source' has a name that is not UTF-8 (rename it, or leave it out with 'exclude')`);
            const st = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.lstat)(abs).catch((e) => fail('read', rel, e));
            const mode = st.mode & 0o7777;
            if (st.isSymbolicLink()) {
                const target = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readlink)(abs).catch((e) => fail('read the link', rel, e));
                out.push({
                    path: rel,
                    type: 'symlink',
                    mode: 0o777,
                    size: 0,
                    hash: (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(target).digest('hex'),
                    target,
                });
            }
            else if (st.isDirectory()) {
                out.push({ path: rel, type: 'dir', mode, size: 0, hash: '' });
                await visit(abs);
            }
            else if (st.isFile()) {
                const entry = { path: rel, type: 'file', mode, size: st.size, hash: '' };
                out.push(entry);
                files.push({ entry, abs });
            }
            else {
                // Sockets, FIFOs and devices are not part of an app release (rsync skips them too, without --specials).
                const kind = st.isSocket() ? 'a socket' : st.isFIFO() ? 'a FIFO' : 'a device';
                options.onSkip?.(rel, `${kind}, not shipped`);
            }
        }
    };
    await visit(root);
    if (files.length === 0) {
        throw excluded > 0
            ? new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .KeelError */ .Ui(`input 'exclude': the patterns leave no file to ship from ${JSON.stringify(root)} (${exclude.map((p) => JSON.stringify(p)).join(', ')}); nothing was sent`, { field: 'exclude' })
            : sourceError(`${JSON.stringify(root)} has no file to ship; nothing was sent`);
    }
    const escaping = escapingLinks(out);
    if (escaping.length > 0) {
        throw sourceError(`${escaping
            .slice(0, 5)
            .map((e) => `${JSON.stringify(e.path)} -> ${JSON.stringify(e.target)}`)
            .join(', ')}${escaping.length > 5 ? ` and ${escaping.length - 5} more` : ''}: a symlink in the release must resolve inside it (as rsync --safe-links; no absolute targets, no loops); leave it out with 'exclude', make it relative, or keep the data in 'shared'`);
    }
    if (options.entryModule)
        await checkEntryModule(root, out, options.entryModule, exclude);
    // Hashed several at a time: the reads overlap (3,000 files took 0.8 s one by one, mostly waiting).
    await (0,_concurrency_js__WEBPACK_IMPORTED_MODULE_6__/* .mapLimited */ .b)(files, 16, async (f) => {
        f.entry.hash = await hashFile(f.abs, f.entry.size).catch((e) => fail('read', f.entry.path, e));
    });
    return out;
}
/**
 * The symlinks that do not resolve inside the release, resolved as the host will resolve them: following the
 * release's own links (so `a/b/../..` through a link `a/b -> ..` is seen for what it is), at most 40 of them
 * (a loop). Absolute targets never stay inside: the release would depend on the host's files outside it.
 * rsync --safe-links judges by the text alone and drops such links; keel refuses them, naming each.
 */
function escapingLinks(entries) {
    const links = new Map(entries.filter((e) => e.type === 'symlink').map((e) => [e.path, e.target ?? '']));
    return entries.filter((e) => e.type === 'symlink' && !linkStaysInside(e, links));
}
function linkStaysInside(link, links) {
    let hops = 0;
    const resolve = (dir, target) => {
        if (target.startsWith('/'))
            return undefined;
        const at = [...dir];
        for (const part of target.split('/')) {
            if (part === '' || part === '.')
                continue;
            if (part === '..') {
                if (at.length === 0)
                    return undefined;
                at.pop();
                continue;
            }
            at.push(part);
            const next = links.get(at.join('/'));
            if (next !== undefined) {
                if (++hops > 40)
                    return undefined; // a loop (the host would say ELOOP): refused
                at.pop();
                const r = resolve(at, next);
                if (!r)
                    return undefined;
                at.splice(0, at.length, ...r);
            }
        }
        return at;
    };
    return resolve(link.path.split('/').slice(0, -1), link.target ?? '') !== undefined;
}
/** The entry module (`wsgi_app`) named in the gunicorn.conf.py render-config made for the release, if any. */
function entryModuleOf(extra) {
    const conf = extra.find((f) => f.path.endsWith('gunicorn.conf.py'));
    const m = conf && /^wsgi_app = "([^"\\]*)"$/m.exec(conf.content);
    return m ? m[1] : undefined;
}
/** Fails when the source has the entry module's file but the excludes leave it out. */
async function checkEntryModule(root, entries, entry, exclude) {
    const module = entry.split(':')[0].trim();
    if (!/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(module))
        return;
    const base = module.split('.').join('/');
    const shipped = new Set(entries.filter((e) => e.type !== 'dir').map((e) => e.path));
    for (const candidate of [`${base}.py`, `${base}/__init__.py`]) {
        const inSource = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.lstat)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(root, candidate)).then(() => true, () => false);
        if (inSource && !shipped.has(candidate))
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .KeelError */ .Ui(`input 'exclude': the patterns leave out ${candidate}, the app's entry point (${entry}); nothing was sent`, { field: 'exclude', hint: `patterns: ${exclude.map((p) => JSON.stringify(p)).join(', ')}` });
    }
}
/** What differs between the previous release's manifest and the new files. */
function delta(previous, next) {
    const before = new Map(previous.map((e) => [e.path, e]));
    const send = [];
    let unchanged = 0;
    for (const e of next) {
        const p = before.get(e.path);
        if (p && p.type === e.type && p.mode === e.mode && p.hash === e.hash && p.target === e.target)
            unchanged++;
        else
            send.push(e);
    }
    const names = new Set(next.map((e) => e.path));
    // Deepest first, so a directory goes after its contents.
    const remove = previous
        .filter((e) => !names.has(e.path))
        .map((e) => e.path)
        .sort((a, b) => b.length - a.length);
    return { send, remove, unchanged };
}
/** Parses a manifest read from a host; undefined when it is missing or not keel's. */
function parseManifest(text) {
    if (!text)
        return undefined;
    try {
        const m = JSON.parse(text);
        return m.keel === 1 && Array.isArray(m.files) ? m.files : undefined;
    }
    catch {
        return undefined;
    }
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
    partial(id) {
        return `${this.releases}/.partial-${id}`;
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


/***/ }),

/***/ 8403:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   I: () => (/* binding */ acquireLock),
/* harmony export */   releaseLock: () => (/* binding */ releaseLock)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _remote_quote_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4414);
/**
 * The deploy lock on a host: an atomic `mkdir`, with the holder (run, actor, time, expiry) written inside it.
 * A lock past its expiry (a runner that died) is broken with an atomic `mv`; waiting is optional; the
 * action's post step releases it even when the job was cancelled. Only the holder's token releases it.
 */


const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function tryAcquire(layout, holder) {
    return (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .script */ .K$)((0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_1__.sh) `mkdir -p ${layout.meta}`, (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_1__.sh) `if mkdir ${layout.lock} 2>/dev/null; then printf '%s' ${JSON.stringify(holder)} > ${`${layout.lock}/holder.json`}; echo acquired; exit 0; fi`, (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_1__.sh) `echo held; cat ${`${layout.lock}/holder.json`} 2>/dev/null || echo '{}'; echo; stat -c %Y ${layout.lock} 2>/dev/null || echo 0; date +%s`);
}
/** Takes the lock, waiting up to waitMs; breaks an expired one. Throws a KeelError naming the holder. */
async function acquireLock(session, layout, holder, options, log) {
    const deadline = Date.now() + options.waitMs;
    let announced = false;
    for (;;) {
        const r = await session.check('taking the deploy lock', tryAcquire(layout, holder));
        const lines = r.stdout.trim().split('\n');
        if (lines[0] === 'acquired')
            return;
        let other = {};
        try {
            other = JSON.parse(lines[1] ?? '{}');
        }
        catch {
            /* a holder being written right now */
        }
        const lockAge = (Number(lines[3]) - Number(lines[2])) * 1000;
        const expired = other.expires ? Date.parse(other.expires) < Date.now() : lockAge > options.ttlMs;
        const who = other.run
            ? `run ${other.run} by ${other.actor ?? '?'} (release ${other.release ?? '?'}, since ${other.started ?? '?'})`
            : 'an unknown holder';
        if (expired) {
            log.warn(`${session.endpoint.name}: breaking an expired deploy lock held by ${who}`);
            await session.check('breaking an expired lock', (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_1__.sh) `stale=${`${layout.lock}.stale.${holder.token}`}; mv -T ${layout.lock} "$stale" 2>/dev/null && rm -rf "$stale" || true`);
            continue;
        }
        if (Date.now() >= deadline) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .KeelError */ .Ui(`${session.endpoint.name}: another deploy holds the lock: ${who}. ` +
                `Wait for it (input 'lock-wait'), or if that run is dead, the lock expires at ${other.expires ?? 'its ttl'}.`, { field: 'lock-wait' });
        }
        if (!announced) {
            log.info(`${session.endpoint.name}: waiting for the deploy lock held by ${who}`);
            announced = true;
        }
        await sleep(options.pollMs ?? 2_000);
    }
}
/** Releases the lock if (and only if) `token` still holds it. Returns whether it did. */
async function releaseLock(session, layout, token) {
    const r = await session.check('releasing the deploy lock', (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .script */ .K$)((0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .raw */ .lS)('set +e'), (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_1__.sh) `if grep -q ${`"token":"${token}"`} ${`${layout.lock}/holder.json`} 2>/dev/null; then rm -rf ${layout.lock} && echo released; else echo not-held; fi`));
    return r.stdout.trim() === 'released';
}


/***/ }),

/***/ 1613:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E: () => (/* binding */ linkShared),
/* harmony export */   F: () => (/* binding */ sharedPathProblems)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _remote_quote_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4414);
/**
 * Shared paths (`shared:`): files and folders kept in `<deploy-path>/shared` across releases and linked into
 * each new release. keel never writes through a symlink while doing it:
 *
 * - Up front (no host touched): a shared path is relative, has no `.`/`..` segments (layout.parseShared), is
 *   not keel's own (`.keel`, `.venv`, `RELEASE`) and is not inside another shared path.
 * - On each host, before anything is linked: no folder on the way to the path inside the new release is a
 *   symlink (or a file), and no part of the path below `shared/` is a symlink (`shared/` itself may be one: the
 *   operator's choice of volume). The release is built by keel under the deploy lock and no hook has run in
 *   it yet, so checking it then linking is sound. Any finding fails the host's deploy with an error naming
 *   input `shared`, before the switch: the previous release keeps serving, nothing outside the deploy path
 *   was touched, and the unfinished release is removed.
 * - Creating what is missing in `shared/` cannot follow a link planted meanwhile: a file is made with
 *   O_EXCL (bash noclobber), the last folder with a plain mkdir, and the link with `ln -sT`.
 */


/** Names keel itself makes in a release: never shared. */
const KEEL_OWNED = ['.keel', '.venv', 'RELEASE'];
/** Problems with shared paths that need no host (beyond layout.parseShared's form check). */
function sharedPathProblems(shared) {
    const problems = [];
    const seen = new Set();
    for (const s of shared) {
        if (seen.has(s.path))
            problems.push(`${JSON.stringify(s.path)} is listed twice`);
        seen.add(s.path);
        const top = s.path.split('/')[0];
        if (KEEL_OWNED.includes(top))
            problems.push(`${JSON.stringify(s.path)} is keel's own (${top}) and cannot be shared`);
        const outer = shared.find((o) => o !== s && s.path.startsWith(`${o.path}/`));
        if (outer)
            problems.push(`${JSON.stringify(s.path)} is inside another shared path, ${JSON.stringify(outer.path)} (share the outer one only)`);
    }
    return problems;
}
const findings = {
    'release-link': (p, w, t) => `${w} in the new release is a symlink (to ${JSON.stringify(t)}); keel does not write through symlinks`,
    'release-file': (p, w) => `${w} in the new release is a file, so ${JSON.stringify(p)} cannot be inside it`,
    'shared-link': (p, w, t) => `shared/${w} is a symlink (to ${JSON.stringify(t)}); keel does not write through symlinks (remove it, or share a path without one)`,
    'shared-file': (p, w) => `shared/${w} is a file, so ${JSON.stringify(p)} cannot be inside it`,
    'shared-not-dir': (p) => `shared/${p} exists and is not a folder (the shared path ends with /)`,
    'shared-not-file': (p) => `shared/${p} is a folder, but the shared path names a file (end it with / for a folder)`,
};
/** The checks for one shared path: one line `kind<TAB>path<TAB>where<TAB>link target` for each finding. */
function checks(release, shared, s) {
    const parts = s.path.split('/');
    const out = [];
    const say = (kind, where, at) => (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_1__.sh) `printf '%s\\t%s\\t%s\\t%s\\n' ${kind} ${s.path} ${where} "$(readlink ${at} || true)"`;
    for (let i = 1; i <= parts.length; i++) {
        const rel = parts.slice(0, i).join('/');
        const inRelease = `${release}/${rel}`;
        const inShared = `${shared}/${rel}`;
        if (i < parts.length) {
            out.push((0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_1__.sh) `if [ -L ${inRelease} ]; then ${say('release-link', rel, inRelease)}; elif [ -e ${inRelease} ] && [ ! -d ${inRelease} ]; then ${say('release-file', rel, inRelease)}; fi`);
            out.push((0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_1__.sh) `if [ -L ${inShared} ]; then ${say('shared-link', rel, inShared)}; elif [ -e ${inShared} ] && [ ! -d ${inShared} ]; then ${say('shared-file', rel, inShared)}; fi`);
        }
        else {
            out.push(s.dir
                ? (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_1__.sh) `if [ -L ${inShared} ]; then ${say('shared-link', rel, inShared)}; elif [ -e ${inShared} ] && [ ! -d ${inShared} ]; then ${say('shared-not-dir', rel, inShared)}; fi`
                : (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_1__.sh) `if [ -L ${inShared} ]; then ${say('shared-link', rel, inShared)}; elif [ -d ${inShared} ]; then ${say('shared-not-file', rel, inShared)}; fi`);
        }
    }
    return out;
}
/** Links every shared path into the unfinished release `release` (see the module's header). */
async function linkShared(session, layout, release, shared) {
    if (shared.length === 0)
        return;
    const host = session.endpoint.name;
    const r = await session.check('checking the shared paths', (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .script */ .K$)((0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .raw */ .lS)('set +e'), ...shared.flatMap((s) => checks(release, layout.shared, s))));
    const found = r.stdout
        .split('\n')
        .map((l) => l.split('\t'))
        .filter(([kind]) => kind !== undefined && kind in findings)
        .map(([kind, path, where, target]) => findings[kind](path ?? '', where ?? '', target ?? ''));
    if (found.length > 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .KeelError */ .Ui(`${host}: input 'shared': ${[...new Set(found)].join('; ')}. Nothing was linked and the previous release keeps serving.`, { field: 'shared' });
    for (const s of shared) {
        const inRelease = `${release}/${s.path}`;
        const inShared = `${layout.shared}/${s.path}`;
        const parent = (p) => p.slice(0, p.lastIndexOf('/'));
        await session.check(`linking shared ${s.path}`, (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .script */ .K$)((0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_1__.sh) `mkdir -p ${parent(inShared)} ${parent(inRelease)}`, s.dir
            ? (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_1__.sh) `if [ ! -e ${inShared} ]; then if [ -d ${inRelease} ] && [ ! -L ${inRelease} ]; then cp -a --no-target-directory ${inRelease} ${inShared}; else mkdir ${inShared}; fi; fi`
            : (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_1__.sh) `if [ ! -e ${inShared} ]; then if [ -f ${inRelease} ] && [ ! -L ${inRelease} ]; then cp -a --no-target-directory ${inRelease} ${inShared}; else (set -C; : > ${inShared}); fi; fi`, (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_1__.sh) `rm -rf ${inRelease}`, (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_1__.sh) `ln -sT ${inShared} ${inRelease}`));
    }
}


/***/ }),

/***/ 4414:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   K$: () => (/* binding */ script),
/* harmony export */   lS: () => (/* binding */ raw),
/* harmony export */   mV: () => (/* binding */ strictBash),
/* harmony export */   sh: () => (/* binding */ sh)
/* harmony export */ });
/* unused harmony exports ShellFragment, quote */
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


/***/ })

};
