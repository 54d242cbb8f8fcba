export const id = 244;
export const ids = [244];
export const modules = {

/***/ 6863:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  planAll: () => (/* binding */ planAll)
});

// EXTERNAL MODULE: ./node_modules/diff/libesm/patch/create.js + 2 modules
var create = __webpack_require__(7291);
// EXTERNAL MODULE: ./src/remote/quote.ts
var quote = __webpack_require__(4414);
;// CONCATENATED MODULE: ./src/render/plan.ts
/**
 * The plan: what installing the rendered files would change on a host, file by file, with unified diffs.
 * Read-only: one `cat` per file over SSH (root's files under /etc are world-readable; others through sudo -n).
 */


const MARK = '@@keel-file@@';
function installPath(r, f) {
    return f.scope === 'release' ? `${r.current}/${f.install}` : f.install;
}
/** One round trip: prints each file between markers, or a missing marker. */
function readFilesScript(paths) {
    return (0,quote/* script */.K$)((0,quote/* raw */.lS)('set +e'), ...paths.map((p, i) => (0,quote.sh) `if [ -e ${p} ]; then echo ${`${MARK}${i}:present`}; (cat ${p} 2>/dev/null || sudo -n cat ${p}) | base64 -w0; echo; else echo ${`${MARK}${i}:missing`}; fi`));
}
function parseFiles(stdout, count) {
    const out = new Array(count).fill(undefined);
    const lines = stdout.split('\n');
    for (let i = 0; i < lines.length; i++) {
        const m = new RegExp(`^${MARK}(\\d+):(present|missing)$`).exec(lines[i]);
        if (m && m[2] === 'present')
            out[Number(m[1])] = Buffer.from(lines[i + 1] ?? '', 'base64').toString('utf8');
    }
    return out;
}
async function planHost(session, r, files) {
    const paths = files.map((f) => installPath(r, f));
    const result = await session.check('reading the installed files', readFilesScript(paths), {
        timeoutMs: 60_000,
    });
    const current = parseFiles(result.stdout, files.length);
    return {
        host: session.endpoint.name,
        error: undefined,
        files: files.map((f, i) => {
            const before = current[i];
            const change = before === undefined ? 'create' : before === f.content ? 'unchanged' : 'update';
            const diff = change === 'unchanged'
                ? ''
                : (0,create/* createTwoFilesPatch */.ss)(paths[i], paths[i], before ?? '', f.content, 'installed', 'rendered');
            return { file: f.name, install: paths[i], change, diff };
        }),
    };
}

// EXTERNAL MODULE: ./src/remote/ssh.ts
var ssh = __webpack_require__(8136);
;// CONCATENATED MODULE: ./src/actions/render-config/plan.ts


async function planAll(connection, result, log) {
    return Promise.all(connection.endpoints.map((endpoint) => (0,ssh/* withSession */.fQ)(connection, endpoint, log, (session) => planHost(session, result.resolved, result.files), (error) => ({ host: endpoint.name, files: [], error }))));
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
