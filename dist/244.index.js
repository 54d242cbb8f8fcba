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
// EXTERNAL MODULE: ./src/render/index.ts + 4 modules
var render = __webpack_require__(5168);
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
async function planHost(session, r, rendered) {
    // Only what ssh-deploy installs on these hosts: a file keel never puts there would stay "create" forever.
    const files = rendered.filter(render/* installedByKeel */.lo);
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


/***/ })

};
