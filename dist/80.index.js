export const id = 80;
export const ids = [80,906];
export const modules = {

/***/ 7906:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AK: () => (/* binding */ specInputProblems),
/* harmony export */   provenanceLine: () => (/* binding */ provenanceLine),
/* harmony export */   withSpec: () => (/* binding */ withSpec)
/* harmony export */ });
/* unused harmony exports keyProblem, specValues */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3916);
/* harmony import */ var _appspec_load_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(869);
/* harmony import */ var _appspec_resolve_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(6600);
/* harmony import */ var _backup_db_inputs_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(146);
/* harmony import */ var _pipeline_inputs_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9941);
/* harmony import */ var _reload_graceful_inputs_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(118);
/* harmony import */ var _render_config_inputs_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(1736);
/* harmony import */ var _smoke_check_inputs_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(3275);
/* harmony import */ var _ssh_deploy_inputs_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(2685);
/* harmony import */ var _spec_input_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(2739);
/**
 * Inputs from the spec: what is not secret and the same on every run (hosts, user, known_hosts, deploy path,
 * the database and its backup settings) lives in the spec's `deploy:` and `backup:` sections, so a workflow
 * passes only its secrets and the spec's path. The keys are the actions' input names, so each action's input
 * table documents them, and their values go through the same input parser as the workflow's.
 *
 * Which wins: an input the workflow sets (to anything but its default) wins over the spec; the spec wins over
 * an action's default. Secrets are refused in the spec, and so are inputs that describe one run (mode,
 * release-id, rollback-to...): a spec naming them is an error, not a silent choice.
 */












/** The actions that read each section (in the order they apply: a later section wins for backup-db). */
const SECTIONS = {
    deploy: {
        'ssh-deploy': _ssh_deploy_inputs_js__WEBPACK_IMPORTED_MODULE_9__.inputs,
        'reload-graceful': _reload_graceful_inputs_js__WEBPACK_IMPORTED_MODULE_6__.inputs,
        'smoke-check': _smoke_check_inputs_js__WEBPACK_IMPORTED_MODULE_8__.inputs,
        'render-config': _render_config_inputs_js__WEBPACK_IMPORTED_MODULE_7__.inputs,
        pipeline: _pipeline_inputs_js__WEBPACK_IMPORTED_MODULE_5__.inputs,
        'backup-db': _backup_db_inputs_js__WEBPACK_IMPORTED_MODULE_4__.inputs,
    },
    backup: { 'backup-db': _backup_db_inputs_js__WEBPACK_IMPORTED_MODULE_4__.inputs },
};
/** Inputs that describe one run, never the app: given in the workflow (or the CLI) only. */
const PER_RUN = new Set([
    'spec',
    'set',
    'mode',
    'skip',
    'release-id',
    'rollback-to',
    'previous-release',
    'expected-version',
    'backup-file',
    'restore-database',
    'overwrite',
    'time-limit',
    'github-token',
]);
/** Why `key` cannot be in `section` of the spec, or undefined when it can. */
function keyProblem(section, key) {
    const actions = Object.entries(SECTIONS[section]).filter(([, d]) => key in d);
    if (actions.length === 0) {
        const names = [...new Set(Object.values(SECTIONS[section]).flatMap((d) => Object.keys(d)))]
            .filter((k) => !PER_RUN.has(k) && !Object.values(SECTIONS[section]).some((d) => d[k]?.secret))
            .sort();
        return `is not an input of ${Object.keys(SECTIONS[section]).join(', ')}; ${section}: takes ${names.join(', ')}`;
    }
    if (actions.some(([, d]) => d[key].secret))
        return 'is a secret: give it as an input from the repository secrets (`${{ secrets.NAME }}`), never in the spec';
    if (PER_RUN.has(key))
        return 'describes one run, not the app: give it as an input of the step';
    return undefined;
}
/** Every misplaced key of the spec's input sections (render-config reports them with the spec's lines). */
function specInputProblems(spec) {
    const out = [];
    for (const section of Object.keys(SECTIONS))
        for (const key of Object.keys(spec[section])) {
            const message = keyProblem(section, key);
            if (message)
                out.push({ field: `${section}.${key}`, message });
        }
    return out;
}
/** A spec value as an input's text: a list is one item a line, as in a workflow's multi-line value. */
const asText = (v) => (Array.isArray(v) ? v.map(String).join('\n') : String(v));
/**
 * What the rest of the spec already says, under the inputs that would ask it again: the deploy path, the
 * service and the health paths, as the renderers resolve them (the root action asks resolve() the same).
 * `deploy:` keys win over these.
 */
function derived(spec) {
    const r = (0,_appspec_resolve_js__WEBPACK_IMPORTED_MODULE_11__/* .resolve */ .h)(spec);
    const h = spec.health;
    return {
        'deploy-path': { text: r.path, field: 'app.path' },
        // supervisor: the app's program, reloaded with strategy `supervisor` (supervisorctl signal HUP).
        unit: { text: r.spec['process-manager'] === 'supervisor' ? r.name : r.units.service, field: 'app.name' },
        ...(r.spec['process-manager'] === 'supervisor'
            ? { strategy: { text: 'supervisor', field: 'process-manager' } }
            : {}),
        'readiness-path': { text: h.readiness, field: 'health.readiness' },
        'version-path': { text: h.version, field: 'health.version' },
        endpoints: {
            text: [h.liveness, h.readiness, h.version].filter((p) => p !== '').join('\n'),
            field: 'health',
        },
    };
}
/** The values `spec` gives the inputs `decls` declares (backup: over deploy: for backup-db). */
function specValues(spec, decls) {
    const out = {};
    // The single actions only (the root action derives these itself; backup-db's inputs mean other things).
    if (decls === _ssh_deploy_inputs_js__WEBPACK_IMPORTED_MODULE_9__.inputs || decls === _reload_graceful_inputs_js__WEBPACK_IMPORTED_MODULE_6__.inputs || decls === _smoke_check_inputs_js__WEBPACK_IMPORTED_MODULE_8__.inputs)
        for (const [key, value] of Object.entries(derived(spec)))
            if (key in decls)
                out[key] = value;
    // smoke-check's site is the spec's first domain (reload-graceful's `url` stays opt-in: it adds a check).
    const domain = spec.proxy.domains[0];
    if (decls === _smoke_check_inputs_js__WEBPACK_IMPORTED_MODULE_8__.inputs && domain)
        out.url = { text: `https://${domain}`, field: 'proxy.domains[0]' };
    for (const section of Object.keys(SECTIONS)) {
        const readers = Object.values(SECTIONS[section]);
        if (!readers.includes(decls))
            continue;
        for (const [key, value] of Object.entries(spec[section]))
            if (key in decls && keyProblem(section, key) === undefined)
                out[key] = { text: asText(value), field: `${section}.${key}` };
    }
    return out;
}
/**
 * The input source with the spec under it: reads the spec named by the `spec` input (the default file only
 * when it exists), and answers each input from the workflow first, then the spec, then the default.
 */
function withSpec(decls, source, workspace) {
    const none = { source, fieldOf: (n) => n };
    if (!('spec' in decls))
        return none;
    const given = source('spec')?.trim() || decls.spec.default || '';
    if (given === '')
        return none;
    const path = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(workspace, given);
    if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(path)) {
        // The default file is read when the repository has it; a file the workflow names must exist.
        if (given === _spec_input_js__WEBPACK_IMPORTED_MODULE_10__/* .DEFAULT_SPEC */ .u8)
            return none;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz([
            {
                field: 'spec',
                message: `${given} does not exist in the workspace (did the job check out the repository?)`,
            },
        ]);
    }
    let spec;
    // A spec problem is one annotation per field, on its line of the spec file.
    const annotated = (problems) => new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(problems.map((p) => ({ ...p, file: given })), 'spec field');
    try {
        spec = (0,_appspec_load_js__WEBPACK_IMPORTED_MODULE_3__/* .loadSpec */ .II)((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(path, 'utf8'), given, {}, specInputProblems).spec;
    }
    catch (error) {
        if (error instanceof _appspec_load_js__WEBPACK_IMPORTED_MODULE_3__/* .SpecError */ .G8)
            throw annotated(error.specProblems);
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz([{ field: 'spec', message: `cannot read ${given}: ${error.message}` }]);
    }
    const values = specValues(spec, decls);
    const provenance = { file: given, fromSpec: [], overridden: [] };
    const answered = new Set();
    return {
        provenance,
        fieldOf: (name) => (provenance.fromSpec.includes(name) ? `${values[name].field} (${given})` : name),
        source: (name) => {
            const own = source(name);
            const fromSpec = values[name];
            if (!fromSpec)
                return own;
            const set = own !== undefined && own.trim() !== '' && own !== decls[name].default;
            if (!answered.has(name)) {
                answered.add(name);
                if (set) {
                    if (own.trim() !== fromSpec.text.trim())
                        provenance.overridden.push(name);
                }
                else if (fromSpec.text !== decls[name].default)
                    provenance.fromSpec.push(name);
            }
            return set ? own : fromSpec.text;
        },
    };
}
/** One line for the summary: which inputs the spec gave and which the workflow overrode. */
function provenanceLine(p) {
    if (!p || (p.fromSpec.length === 0 && p.overridden.length === 0))
        return undefined;
    const names = (l) => l.map((n) => `\`${n}\``).join(', ');
    const parts = [];
    if (p.fromSpec.length)
        parts.push(`inputs from the spec \`${p.file}\`: ${names(p.fromSpec)}`);
    if (p.overridden.length)
        parts.push(`the workflow's ${names(p.overridden)} won over the spec's (inputs win over the spec)`);
    return parts.join('; ');
}


/***/ }),

/***/ 8416:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   c: () => (/* binding */ renderSettings)
/* harmony export */ });
/* unused harmony export specSource */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8815);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3916);
/**
 * render-config's settings: the spec file with its `set` overrides, where the files go and how they are
 * validated, parsed and checked once from the inputs (every error names its input). The root action takes
 * the same inputs by the same names, so it builds its render settings with `renderSettings` too.
 */




const workspace = () => process.env.GITHUB_WORKSPACE ?? process.cwd();
function specSource(inputs) {
    const path = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(workspace(), inputs.spec);
    const problems = [];
    if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(path))
        problems.push({
            field: 'spec',
            message: `${inputs.spec} does not exist in the workspace (did the job check out the repository?)`,
        });
    const overrides = {};
    for (const line of inputs.set) {
        const i = line.indexOf('=');
        const field = line.slice(0, i).trim();
        if (i <= 0 || !/^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(field)) {
            problems.push({ field: 'set', message: `${JSON.stringify(line)} is not field.path=value` });
            continue;
        }
        overrides[field] = (0,yaml__WEBPACK_IMPORTED_MODULE_2__/* .parse */ .qg)(line.slice(i + 1));
    }
    if (problems.length)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz(problems);
    return { file: inputs.spec, path, overrides };
}
/** render-config's input helper (the root action's too: it shares these inputs by name). */
function renderSettings(inputs) {
    return {
        source: specSource(inputs),
        outDir: (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(workspace(), inputs['output-dir']),
        validate: inputs.validate === 'off'
            ? false
            : { maxExposure: Number(inputs['max-exposure']), requireTools: inputs.validate === 'required' },
    };
}


/***/ }),

/***/ 3731:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Ot: () => (/* binding */ readSpec),
  gt: () => (/* binding */ renderFiles)
});

// UNUSED EXPORTS: annotatingSpec

// EXTERNAL MODULE: ./src/actions/common/core.ts
var core = __webpack_require__(1442);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/appspec/load.ts + 4 modules
var load = __webpack_require__(869);
// EXTERNAL MODULE: ./src/appspec/resolve.ts
var resolve = __webpack_require__(6600);
// EXTERNAL MODULE: ./src/render/index.ts + 4 modules
var render = __webpack_require__(5168);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
;// CONCATENATED MODULE: ./src/local/exec.ts
/** Running local programs (the validators on the runner): argv arrays only, never a shell string. */



function run(command, args, options = {}) {
    return new Promise((resolve, reject) => {
        const child = (0,external_node_child_process_.spawn)(command, args, {
            env: options.env ?? process.env,
            cwd: options.cwd,
            stdio: ['ignore', 'pipe', 'pipe'],
            timeout: options.timeoutMs ?? 60_000,
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d.toString()));
        child.stderr.on('data', (d) => (stderr += d.toString()));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
}
/** The full path of a program on PATH (or in the usual sbin folders), or undefined. */
function which(program) {
    const dirs = [...(process.env.PATH ?? '').split(external_node_path_.delimiter), '/usr/sbin', '/sbin', '/usr/local/sbin'];
    for (const dir of dirs) {
        const file = (0,external_node_path_.join)(dir, program);
        try {
            (0,external_node_fs_.accessSync)(file, external_node_fs_.constants.X_OK);
            return file;
        }
        catch {
            /* not here */
        }
    }
    return undefined;
}

// EXTERNAL MODULE: ./src/render/tool-output.ts
var tool_output = __webpack_require__(6844);
// EXTERNAL MODULE: ./src/render/caddy.ts
var caddy = __webpack_require__(7663);
// EXTERNAL MODULE: ./src/render/supervisor.ts
var supervisor = __webpack_require__(6076);
;// CONCATENATED MODULE: ./src/render/validate.ts
/**
 * Checks rendered files with the real tools, where they are installed on the machine running keel:
 * nginx -t, caddy validate, systemd-analyze verify and security, logrotate -d, visudo -c, Python's compiler,
 * promtool check rules, sh -n (the certbot renewal hook), supervisor's own config parser (its programs). Each tool runs on a scratch copy (its own prefix, storage and state files), so nothing
 * outside a temp folder changes.
 *
 * A tool that printed warnings never "passes": its result is `warned`, with every warning listed (the files are
 * still written; render-config reports each one as a warning annotation).
 *
 * Files that only exist on the target host (certificates, the release's gunicorn binary) are stood in for by
 * scratch ones here; the host checks them again when ssh-deploy installs the files.
 */








/** A check that could not run here because its tool is missing (a failure when tools are required). */
function skipped(tool, file, program) {
    return { tool, file, status: 'skipped', detail: `${program} is not installed here` };
}
const firstLines = (text, n = 6) => text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, n)
    .join('\n');
async function selfSignedCert(dir, names) {
    const openssl = which('openssl');
    if (!openssl)
        return undefined;
    const cert = (0,external_node_path_.join)(dir, 'stand-in.crt');
    const key = (0,external_node_path_.join)(dir, 'stand-in.key');
    const cn = names[0].replace(/^\*\./, 'wildcard.');
    const r = await run(openssl, [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '2',
        '-subj',
        `/CN=${cn}`,
        '-keyout',
        key,
        '-out',
        cert,
    ]);
    return r.code === 0 ? { cert, key } : undefined;
}
async function nginx(r, file, scratch) {
    const bin = which('nginx');
    if (!bin)
        return skipped('nginx -t', file.name, 'nginx');
    const prefix = (0,external_node_path_.join)(scratch, 'nginx');
    (0,external_node_fs_.mkdirSync)((0,external_node_path_.join)(prefix, 'logs'), { recursive: true });
    let site = file.content;
    let note = '';
    let stand;
    if (r.tls.cert && r.tls.key && !((0,external_node_fs_.existsSync)(r.tls.cert) && (0,external_node_fs_.existsSync)(r.tls.key))) {
        stand = await selfSignedCert(prefix, r.spec.proxy.domains);
        if (stand) {
            site = site.split(r.tls.cert).join(stand.cert).split(r.tls.key).join(stand.key);
            note = ' (certificate paths stood in for: they exist on the host)';
        }
    }
    (0,external_node_fs_.writeFileSync)((0,external_node_path_.join)(prefix, 'site.conf'), site);
    const mime = (0,external_node_fs_.existsSync)('/etc/nginx/mime.types') ? 'include /etc/nginx/mime.types;' : '';
    (0,external_node_fs_.writeFileSync)((0,external_node_path_.join)(prefix, 'nginx.conf'), [
        `pid ${(0,external_node_path_.join)(prefix, 'nginx.pid')};`,
        `error_log ${(0,external_node_path_.join)(prefix, 'logs', 'error.log')};`,
        'events {}',
        'http {',
        `  ${mime}`,
        ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${(0,external_node_path_.join)(prefix, `${t}_temp`)};`),
        `  access_log ${(0,external_node_path_.join)(prefix, 'logs', 'access.log')};`,
        `  include ${(0,external_node_path_.join)(prefix, 'site.conf')};`,
        '}',
    ].join('\n'));
    const res = await run(bin, [
        '-t',
        '-q',
        '-p',
        prefix,
        '-c',
        (0,external_node_path_.join)(prefix, 'nginx.conf'),
        '-e',
        (0,external_node_path_.join)(prefix, 'logs', 'error.log'),
    ]);
    // What nginx says about the scratch copy, said about the rendered file and the spec's certificate paths.
    const shown = (text) => {
        const t = text.split((0,external_node_path_.join)(prefix, 'site.conf')).join(file.name);
        return stand ? t.split(stand.cert).join(r.tls.cert).split(stand.key).join(r.tls.key) : t;
    };
    const out = res.stderr + res.stdout;
    if (res.code !== 0)
        return { tool: 'nginx -t', file: file.name, status: 'failed', detail: firstLines(shown(out)) };
    // -q drops "syntax is ok", not the warnings: every `nginx: [warn]` line is one.
    // The stand-in certificate is self-signed, without an OCSP responder: a stapling warning is about it, not
    // about the host's certificate (the host's own nginx -t sees that one, and ssh-deploy reports its warnings).
    const warnings = (0,tool_output/* nginxMessages */.TC)(out)
        .filter(tool_output/* isNginxWarning */.Ng)
        .filter((m) => !(stand && /^"ssl_stapling" ignored/.test(m.text)))
        .map((m) => shown((0,tool_output/* describeMessage */.Xc)(m)));
    if (warnings.length === 0)
        return { tool: 'nginx -t', file: file.name, status: 'passed', detail: `syntax ok${note}` };
    return {
        tool: 'nginx -t',
        file: file.name,
        status: 'warned',
        detail: `syntax ok, ${warnings.length} warning(s)${note}: ${warnings.join('; ')}`,
        warnings,
    };
}
/**
 * Caddy checks a site inside its main file: keel's main Caddyfile when it rendered one (global options, the
 * catch-all), with the scratch directories' options added to its global block.
 */
async function validate_caddy(r, files, scratch) {
    const bin = which('caddy');
    if (!bin)
        return files.map((f) => skipped('caddy validate', f.name, 'caddy'));
    const dir = (0,external_node_path_.join)(scratch, 'caddy');
    (0,external_node_fs_.mkdirSync)((0,external_node_path_.join)(dir, 'logs'), { recursive: true });
    (0,external_node_fs_.mkdirSync)((0,external_node_path_.join)(dir, 'sites'), { recursive: true });
    const main = files.find((f) => f.install === caddy/* CADDY_MAIN */.kr);
    const sites = files.filter((f) => f !== main);
    let note = '';
    const stand = r.tls.cert && r.tls.key && !((0,external_node_fs_.existsSync)(r.tls.cert) && (0,external_node_fs_.existsSync)(r.tls.key))
        ? await selfSignedCert(dir, r.spec.proxy.domains)
        : undefined;
    for (const f of sites) {
        let site = f.content.split('/var/log/caddy/').join((0,external_node_path_.join)(dir, 'logs') + '/');
        if (stand && r.tls.cert && r.tls.key) {
            site = site.split(r.tls.cert).join(stand.cert).split(r.tls.key).join(stand.key);
            note = ' (certificate paths stood in for: they exist on the host)';
        }
        (0,external_node_fs_.writeFileSync)((0,external_node_path_.join)(dir, 'sites', f.name.split('/').pop()), site);
    }
    // Formatted as `caddy fmt` wants it (tabs): Caddy warns about an unformatted top-level Caddyfile.
    const scratchOptions = [
        '\tadmin off',
        `\tstorage file_system ${(0,external_node_path_.join)(dir, 'storage')}`,
        '\tskip_install_trust',
    ];
    const mainText = main
        ? main.content
            .replace(/^\{$/m, ['{', ...scratchOptions].join('\n'))
            .replace(/^import sites\/\*\.caddy$/m, `import ${(0,external_node_path_.join)(dir, 'sites')}/*`)
        : ['{', ...scratchOptions, '}', '', `import ${(0,external_node_path_.join)(dir, 'sites')}/*`, ''].join('\n');
    (0,external_node_fs_.writeFileSync)((0,external_node_path_.join)(dir, 'Caddyfile'), mainText);
    const env = {
        ...process.env,
        HOME: dir,
        XDG_DATA_HOME: (0,external_node_path_.join)(dir, 'data'),
        XDG_CONFIG_HOME: (0,external_node_path_.join)(dir, 'config'),
    };
    const res = await run(bin, ['validate', '--adapter', 'caddyfile', '--config', (0,external_node_path_.join)(dir, 'Caddyfile')], {
        env,
    });
    let out = res.stderr + res.stdout;
    for (const f of sites)
        out = out.split((0,external_node_path_.join)(dir, 'sites', f.name.split('/').pop())).join(f.name);
    if (main)
        out = out.split((0,external_node_path_.join)(dir, 'Caddyfile')).join(main.name);
    if (stand)
        out = out.split(stand.cert).join(r.tls.cert).split(stand.key).join(r.tls.key);
    const together = main ? ' (site and main file together)' : '';
    if (res.code === 0) {
        // The stand-in certificate has no OCSP responder by construction: Caddy's stapling warning is about it,
        // not about the host's certificate (which the host's own caddy validate sees).
        const warnings = (0,tool_output/* caddyWarnings */.nF)(out).filter((w) => !(stand && /^stapling OCSP\b/.test(w)));
        if (warnings.length === 0)
            return files.map((f) => ({
                tool: 'caddy validate',
                file: f.name,
                status: 'passed',
                detail: `valid configuration${together}${note}`,
            }));
        return files.map((f) => ({
            tool: 'caddy validate',
            file: f.name,
            status: 'warned',
            detail: `valid configuration${together}, ${warnings.length} warning(s)${note}: ${warnings.join('; ')}`,
            warnings,
        }));
    }
    const errorLine = out
        .split('\n')
        .filter((l) => /Error:|error/.test(l))
        .slice(-2)
        .join('\n');
    return files.map((f) => ({
        tool: 'caddy validate',
        file: f.name,
        status: 'failed',
        detail: firstLines(errorLine || out),
    }));
}
async function systemd(r, files, scratch, options) {
    const units = files.filter((f) => f.kind.startsWith('systemd-'));
    const bin = which('systemd-analyze');
    if (!bin) {
        return units.map((f) => skipped('systemd-analyze', f.name, 'systemd-analyze'));
    }
    const dir = (0,external_node_path_.join)(scratch, 'systemd');
    (0,external_node_fs_.mkdirSync)(dir, { recursive: true });
    const stub = (0,external_node_path_.join)(dir, 'gunicorn-stand-in');
    (0,external_node_fs_.writeFileSync)(stub, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    for (const f of units) {
        // The release's gunicorn exists only on the host; verify checks ExecStart against a stand-in.
        (0,external_node_fs_.writeFileSync)((0,external_node_path_.join)(dir, f.install.split('/').pop()), f.content.split(`ExecStart=${r.exec.program}`).join(`ExecStart=${stub}`));
    }
    const results = [];
    for (const f of units) {
        const path = (0,external_node_path_.join)(dir, f.install.split('/').pop());
        const v = await run(bin, ['verify', '--man=no', path]);
        // Unknown keys and sections only warn in systemd; a rendered unit must have none.
        const complaints = (v.stderr + v.stdout)
            .split('\n')
            .filter((l) => l.trim() !== '' && !/Failed to (connect|create)|sysinit\.target|not found\.$/.test(l));
        results.push(v.code === 0 && complaints.length === 0
            ? { tool: 'systemd-analyze verify', file: f.name, status: 'passed', detail: 'no warnings' }
            : {
                tool: 'systemd-analyze verify',
                file: f.name,
                status: 'failed',
                detail: firstLines(complaints
                    .join('\n')
                    .split(dir + '/')
                    .join('')),
            });
        // The processes beside the app run in the same sandbox as the app: the same exposure limit.
        if (f.kind === 'systemd-service' || f.kind === 'systemd-process') {
            const s = await run(bin, ['security', '--offline=yes', '--no-pager', path]);
            const m = /Overall exposure level for [^:]+: ([\d.]+) (\w+)/.exec(s.stdout + s.stderr);
            if (!m) {
                results.push({
                    tool: 'systemd-analyze security',
                    file: f.name,
                    status: 'failed',
                    detail: firstLines(s.stderr || s.stdout),
                });
            }
            else {
                const exposure = Number(m[1]);
                const ok = exposure <= options.maxExposure;
                results.push({
                    tool: 'systemd-analyze security',
                    file: f.name,
                    status: ok ? 'passed' : 'failed',
                    detail: `exposure ${m[1]} ${m[2]} (limit ${options.maxExposure})`,
                });
            }
        }
    }
    return results;
}
async function logrotate(file, scratch) {
    const bin = which('logrotate');
    if (!bin)
        return skipped('logrotate -d', file.name, 'logrotate');
    const dir = (0,external_node_path_.join)(scratch, 'logrotate');
    (0,external_node_fs_.mkdirSync)(dir, { recursive: true });
    const conf = (0,external_node_path_.join)(dir, 'rules');
    // The app's user exists only on the host: check the syntax with root's ownership here.
    (0,external_node_fs_.writeFileSync)(conf, file.content
        .replace(/^(\s*)su .*$/m, '$1su root root')
        .replace(/^(\s*create \d+) \S+ \S+$/m, '$1 root root'), {
        mode: 0o644,
    });
    const res = await run(bin, ['-d', '-s', (0,external_node_path_.join)(dir, 'state'), conf]);
    const bad = (res.stderr + res.stdout).split('\n').filter((l) => /^error:/.test(l));
    return res.code === 0 && bad.length === 0
        ? { tool: 'logrotate -d', file: file.name, status: 'passed', detail: 'rules parse' }
        : {
            tool: 'logrotate -d',
            file: file.name,
            status: 'failed',
            detail: firstLines(bad.join('\n') || res.stderr),
        };
}
async function sudoers(file, scratch) {
    const bin = which('visudo');
    if (!bin)
        return skipped('visudo -c', file.name, 'visudo (package sudo)');
    const path = (0,external_node_path_.join)(scratch, 'sudoers');
    (0,external_node_fs_.writeFileSync)(path, file.content, { mode: 0o440 });
    const res = await run(bin, ['-c', '-f', path]);
    const out = (res.stderr + res.stdout).split(path).join(file.name);
    return res.code === 0
        ? { tool: 'visudo -c', file: file.name, status: 'passed', detail: 'parsed OK' }
        : { tool: 'visudo -c', file: file.name, status: 'failed', detail: firstLines(out) };
}
async function python(file, scratch) {
    const bin = which('python3');
    if (!bin)
        return skipped('python3 compile', file.name, 'python3');
    const path = (0,external_node_path_.join)(scratch, 'gunicorn.conf.py');
    (0,external_node_fs_.writeFileSync)(path, file.content);
    const code = 'import sys; ns = {}; exec(compile(open(sys.argv[1]).read(), "gunicorn.conf.py", "exec"), ns); print(ns["workers"], ns["bind"])';
    const res = await run(bin, ['-c', code, path]);
    return res.code === 0
        ? {
            tool: 'python3 exec',
            file: file.name,
            status: 'passed',
            detail: `runs; workers here would be ${res.stdout.split(' ')[0]}`,
        }
        : { tool: 'python3 exec', file: file.name, status: 'failed', detail: firstLines(res.stderr) };
}
async function shellSyntax(file, scratch) {
    const bin = (0,external_node_fs_.existsSync)('/bin/sh') ? '/bin/sh' : which('sh');
    if (!bin)
        return skipped('sh -n', file.name, 'sh');
    const path = (0,external_node_path_.join)(scratch, 'hook.sh');
    (0,external_node_fs_.writeFileSync)(path, file.content);
    const res = await run(bin, ['-n', path]);
    const out = (res.stderr + res.stdout).split(path).join(file.name);
    return res.code === 0 && out.trim() === ''
        ? { tool: 'sh -n', file: file.name, status: 'passed', detail: 'parses' }
        : { tool: 'sh -n', file: file.name, status: 'failed', detail: firstLines(out) || `exit ${res.code}` };
}
async function promtool(file, scratch) {
    const bin = which('promtool');
    if (!bin)
        return skipped('promtool check rules', file.name, 'promtool (package prometheus)');
    const path = (0,external_node_path_.join)(scratch, 'rules.yml');
    (0,external_node_fs_.writeFileSync)(path, file.content);
    // Every lint promtool knows; --lint-fatal makes a lint finding exit 3 instead of hiding behind exit 0.
    const res = await run(bin, ['check', 'rules', '--lint=all', '--lint-fatal', path]);
    const out = (res.stderr + res.stdout).split(path).join(file.name);
    const said = out
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '' && !/^Checking /.test(l));
    if (res.code === 0 && !said.some((l) => /FAILED|lint|warn/i.test(l)))
        return {
            tool: 'promtool check rules',
            file: file.name,
            status: 'passed',
            detail: said.find((l) => /SUCCESS/.test(l)) ?? 'rules parse',
        };
    if (res.code === 0 || res.code === 3) {
        // "lint error 7 duplicate rule(s) found." then one Metric:/Label(s): block per rule: one line per finding.
        const lines = said.filter((l) => !/^(FAILED:?|SUCCESS.*|Label\(s\):|\w+: .*)$/.test(l) || /^Metric: /.test(l));
        const warnings = [
            lines
                .join(' ')
                .replace(/ Metric: /g, ' ')
                .slice(0, 1000),
        ];
        return {
            tool: 'promtool check rules',
            file: file.name,
            status: 'warned',
            detail: `rules parse, with lint findings: ${warnings[0]}`,
            warnings,
        };
    }
    return {
        tool: 'promtool check rules',
        file: file.name,
        status: 'failed',
        detail: firstLines(said.filter((l) => !/^FAILED:?$/.test(l)).join('\n') || out),
    };
}
/**
 * supervisor's own parser (python3's `supervisor.options.ServerOptions`, what supervisord runs at start): the
 * program files included by a scratch supervisord.conf, with stand-ins for what exists only on the host (the
 * app's user: this user; the log directory: a scratch one). A file supervisor refuses fails with its message.
 */
async function validate_supervisor(r, files, scratch) {
    const programs = files.filter((f) => f.kind === 'supervisor-program');
    if (programs.length === 0)
        return [];
    const python = supervisorPython();
    if (!python)
        return programs.map((f) => skipped('supervisor options', f.name, 'supervisor (python3)'));
    const dir = (0,external_node_path_.join)(scratch, 'supervisor');
    const logs = (0,external_node_path_.join)(dir, 'log');
    (0,external_node_fs_.mkdirSync)(logs, { recursive: true });
    const me = (0,external_node_os_.userInfo)().username;
    const logDir = (0,supervisor/* supervisorLogDir */.wk)(r);
    const results = [];
    for (const f of programs) {
        const path = (0,external_node_path_.join)(dir, f.install.split('/').pop());
        (0,external_node_fs_.writeFileSync)(path, f.content
            .replace(/^user=.*$/m, `user=${me}`)
            .split(`=${logDir}/`)
            .join(`=${logs}/`));
        const main = (0,external_node_path_.join)(dir, 'supervisord.conf');
        (0,external_node_fs_.writeFileSync)(main, [
            '[supervisord]',
            `logfile=${(0,external_node_path_.join)(dir, 'supervisord.log')}`,
            `pidfile=${(0,external_node_path_.join)(dir, 'supervisord.pid')}`,
            '[include]',
            `files=${path}`,
            '',
        ].join('\n'));
        const res = await run(python, ['-I', '-c', SUPERVISOR_CHECK, main]);
        const out = (res.stderr + res.stdout).split(path).join(f.install).split(`${logs}/`).join(`${logDir}/`);
        results.push(res.code === 0
            ? {
                tool: 'supervisor options',
                file: f.name,
                status: 'passed',
                detail: `parsed by supervisor: ${firstLines(res.stdout, 1)}`,
            }
            : {
                tool: 'supervisor options',
                file: f.name,
                status: 'failed',
                detail: firstLines(out.replace(/^For help, use .*$/m, '')),
            });
    }
    return results;
}
/** Reads a supervisord.conf with supervisor's own ServerOptions; prints what each program became. */
const SUPERVISOR_CHECK = [
    'import shlex, sys',
    'from supervisor.options import ServerOptions',
    'o = ServerOptions()',
    "o.realize(args=['-c', sys.argv[1]])",
    'for g in o.process_group_configs:',
    '    for p in g.process_configs:',
    "        print(p.name, 'runs', shlex.split(p.command), 'stopwaitsecs', p.stopwaitsecs, 'stopasgroup', p.stopasgroup, 'killasgroup', p.killasgroup)",
].join('\n');
/** A python3 that can import supervisor: supervisord's own interpreter first, then the usual ones. */
function supervisorPython() {
    const candidates = [];
    const supervisord = which('supervisord');
    if (supervisord) {
        const first = (0,external_node_fs_.readFileSync)(supervisord, 'utf8').split('\n', 1)[0] ?? '';
        const m = /^#!\s*(\S+)/.exec(first);
        if (m)
            candidates.push(m[1]);
    }
    candidates.push('/usr/bin/python3', ...(which('python3') ? [which('python3')] : []));
    return candidates.find((p) => (0,external_node_fs_.existsSync)(p) && (0,external_node_child_process_.spawnSync)(p, ['-I', '-c', 'import supervisor.options']).status === 0);
}
async function pythonCompiles(file, scratch) {
    const bin = (0,external_node_fs_.existsSync)('/usr/bin/python3') ? '/usr/bin/python3' : which('python3');
    if (!bin)
        return skipped('python3 compile', file.name, 'python3');
    const path = (0,external_node_path_.join)(scratch, 'exec.py');
    (0,external_node_fs_.writeFileSync)(path, file.content);
    const res = await run(bin, [
        '-I',
        '-c',
        'import sys; compile(open(sys.argv[1]).read(), sys.argv[2], "exec")',
        path,
        file.name,
    ]);
    return res.code === 0
        ? { tool: 'python3 compile', file: file.name, status: 'passed', detail: 'compiles' }
        : { tool: 'python3 compile', file: file.name, status: 'failed', detail: firstLines(res.stderr) };
}
async function validateFiles(r, files, options) {
    const scratch = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'keel-validate-'));
    try {
        const results = [];
        for (const f of files) {
            if (f.kind === 'gunicorn')
                results.push(await python(f, scratch));
            if (f.kind === 'nginx')
                results.push(await nginx(r, f, scratch));
            if (f.kind === 'logrotate')
                results.push(await logrotate(f, scratch));
            if (f.kind === 'sudoers')
                results.push(await sudoers(f, scratch));
            if (f.kind === 'alerts')
                results.push(await promtool(f, scratch));
            if (f.kind === 'certbot-hook')
                results.push(await shellSyntax(f, scratch));
            if (f.kind === 'supervisor-exec')
                results.push(await pythonCompiles(f, scratch));
        }
        const caddyFiles = files.filter((f) => f.kind === 'caddy');
        if (caddyFiles.length)
            results.push(...(await validate_caddy(r, caddyFiles, scratch)));
        results.push(...(await systemd(r, files, scratch, options)));
        results.push(...(await validate_supervisor(r, files, scratch)));
        if (options.requireTools) {
            for (const x of results)
                if (x.status === 'skipped')
                    x.status = 'failed';
        }
        return results;
    }
    finally {
        (0,external_node_fs_.rmSync)(scratch, { recursive: true, force: true });
    }
}

;// CONCATENATED MODULE: ./src/render/render-config.ts
/** render-config as a library call: spec text → validated files on disk, a manifest and a report. */






/**
 * Renders and validates; writes the files only when every check passed (a failed render leaves the output
 * directory as it was).
 */
async function renderConfig(options) {
    const { spec, warnings } = (0,load/* loadSpec */.II)(options.specText, options.specFile, options.overrides, options.check);
    const resolved = (0,resolve/* resolve */.h)(spec);
    const files = (0,render/* renderAll */.Yl)(resolved);
    const validation = options.validate ? await validateFiles(resolved, files, options.validate) : [];
    const ok = validation.every((v) => v.status !== 'failed');
    const manifest = (0,render/* manifestOf */.$V)(resolved, files);
    const manifestPath = (0,external_node_path_.join)(options.outDir, 'manifest.json');
    if (ok) {
        (0,external_node_fs_.rmSync)(options.outDir, { recursive: true, force: true });
        for (const f of files) {
            const path = (0,external_node_path_.join)(options.outDir, f.name);
            (0,external_node_fs_.mkdirSync)((0,external_node_path_.dirname)(path), { recursive: true });
            (0,external_node_fs_.writeFileSync)(path, f.content);
        }
        (0,external_node_fs_.writeFileSync)(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
    }
    return { resolved, files, manifest, manifestPath, warnings, validation, ok };
}

;// CONCATENATED MODULE: ./src/report/render.ts
function renderReport(r, specFile) {
    const failed = r.validation.filter((v) => v.status === 'failed');
    return {
        title: `keel render-config: ${r.files.length} files for ${r.resolved.name} (${r.resolved.spec.proxy.server})`,
        status: !r.ok
            ? 'failed'
            : r.warnings.length || r.validation.some((v) => v.status === 'warned')
                ? 'warning'
                : 'ok',
        lines: [
            `Spec \`${specFile}\` → ${r.resolved.units.service}${r.resolved.units.socket ? ` + ${r.resolved.units.socket}` : ''}, ` +
                `${r.resolved.spec.proxy.domains.join(', ')}, bind \`${r.resolved.bind}\`.` +
                (failed.length ? ` **${failed.length} check(s) failed; nothing was written.**` : ''),
        ],
        tables: [
            {
                caption: 'Files',
                headers: ['file', 'installs to', 'owner', 'mode', 'on change', 'sha256'],
                rows: r.manifest.files.map((f) => [
                    f.name,
                    f.scope === 'release' ? `<release>/${f.install}` : f.install,
                    `${f.owner}:${f.group}`,
                    f.mode,
                    f.onChange,
                    f.sha256.slice(0, 12),
                ]),
            },
            ...(r.manifest.firewall
                ? [
                    {
                        caption: `Firewall (ufw: everything else incoming is refused; reverted by the host unless a new SSH connection confirms it within ${r.manifest.firewall.revertAfter}s)`,
                        headers: ['allowed', 'from'],
                        rows: r.manifest.firewall.rules.map((rule, i) => [
                            `${rule.port}/${rule.proto}${i === 0 ? ' (SSH)' : ''}`,
                            rule.from.length ? rule.from.join(', ') : 'anywhere',
                        ]),
                    },
                ]
                : []),
            {
                caption: 'Checks',
                headers: ['check', 'file', 'result', 'detail'],
                rows: r.validation.map((v) => [v.tool, v.file, v.status, v.detail]),
            },
            ...(r.warnings.length
                ? [
                    {
                        caption: 'Warnings',
                        headers: ['field', 'line', 'warning'],
                        rows: r.warnings.map((w) => [w.field, String(w.line ?? ''), w.message]),
                    },
                ]
                : []),
        ],
    };
}
function planReport(plans) {
    const changes = plans.flatMap((p) => p.files.filter((f) => f.change !== 'unchanged'));
    return {
        title: `keel plan: ${changes.length} file change(s) on ${plans.length} host(s)`,
        status: plans.some((p) => p.error) ? 'failed' : 'ok',
        tables: [
            {
                headers: ['host', 'file', 'installs to', 'change'],
                rows: plans.flatMap((p) => p.error
                    ? [[p.host, '-', '-', `error: ${p.error}`]]
                    : p.files.map((f) => [p.host, f.file, f.install, f.change])),
            },
        ],
        blocks: plans.flatMap((p) => p.files
            .filter((f) => f.diff)
            .map((f) => ({ title: `${p.host}: ${f.install} (${f.change})`, language: 'diff', text: f.diff }))),
    };
}

// EXTERNAL MODULE: ./src/actions/common/spec-inputs.ts
var spec_inputs = __webpack_require__(7906);
;// CONCATENATED MODULE: ./src/actions/render-config/stage.ts
/**
 * render-config's work, shared by its own entry and the root pipeline action: settings (settings.ts) in, the
 * rendered files, outputs, reports and key figures out.
 */








/** Runs `body`; a spec problem becomes one annotation per field, on its line of the spec file. */
async function annotatingSpec(source, body) {
    try {
        return await body();
    }
    catch (error) {
        if (!(error instanceof load/* SpecError */.G8))
            throw error;
        // One error per problem, on the field's line in the spec file (step() writes them); nothing was written.
        throw new errors/* InputError */.dz(error.specProblems.map((p) => ({ ...p, file: source.file })), 'spec field');
    }
}
/** The spec read and resolved without rendering (what the pipeline needs when render is skipped). */
function readSpec(source) {
    return annotatingSpec(source, () => (0,resolve/* resolve */.h)((0,load/* loadSpec */.II)((0,external_node_fs_.readFileSync)(source.path, 'utf8'), source.file, source.overrides, spec_inputs/* specInputProblems */.AK).spec));
}
async function renderFiles(settings, connection, log) {
    const { source, outDir } = settings;
    const result = await annotatingSpec(source, () => log.group('Rendering and validating', () => renderConfig({
        specText: (0,external_node_fs_.readFileSync)(source.path, 'utf8'),
        specFile: source.file,
        overrides: source.overrides,
        check: spec_inputs/* specInputProblems */.AK,
        outDir,
        validate: settings.validate,
    })));
    for (const w of result.warnings) {
        core/* warning */.$e(`${w.field}: ${w.message}`, {
            title: `keel spec: ${w.field}`,
            file: source.file,
            ...(w.line ? { startLine: w.line } : {}),
        });
    }
    // A check that printed warnings is not a pass: one warning annotation per line the tool printed.
    let toolWarnings = 0;
    for (const v of result.validation) {
        const line = `${v.tool} ${v.file}: ${v.status}: ${v.detail}`;
        if (v.status === 'failed')
            core/* error */.z3(line, { title: `keel: ${v.tool}` });
        else if (v.status === 'warned') {
            for (const w of v.warnings ?? [v.detail]) {
                core/* warning */.$e(`${v.tool} ${v.file}: ${w}`, { title: `keel: ${v.tool}` });
                toolWarnings++;
            }
        }
        else
            log.info(line);
    }
    const warned = result.validation.filter((v) => v.status === 'warned').length;
    const checks = `${result.validation.filter((v) => v.status === 'passed').length} check(s) passed` +
        (warned ? `, ${warned} with warnings` : '');
    const warningCount = result.warnings.length + toolWarnings;
    if (!result.ok) {
        return {
            result,
            outputs: {},
            reports: [renderReport(result, source.file)],
            figures: `${result.validation.filter((v) => v.status === 'failed').length} check(s) failed`,
            error: new errors/* KeelError */.Ui('rendered files failed validation (see above); nothing was written'),
        };
    }
    const plans = connection
        ? await log.group('Comparing with the hosts', async () => (await __webpack_require__.e(/* import() */ 968).then(__webpack_require__.bind(__webpack_require__, 968))).planAll(connection, result, log))
        : [];
    for (const p of plans) {
        if (p.error)
            core/* error */.z3(p.error, { title: `keel: ${p.host}` });
        else
            log.info(`${p.host}: ${p.files.filter((f) => f.change !== 'unchanged').length} file(s) would change`);
    }
    const changes = plans.flatMap((p) => p.files.filter((f) => f.change !== 'unchanged'));
    const outputs = {
        dir: outDir,
        manifest: result.manifestPath,
        files: JSON.stringify(result.manifest.files.map((f) => ({ name: f.name, install: f.install, sha256: f.sha256 }))),
        service: result.resolved.units.service,
        socket: result.resolved.units.socket ?? '',
        proxy: result.resolved.spec.proxy.server,
        warnings: String(warningCount),
    };
    if (connection) {
        outputs.plan = JSON.stringify(plans.map((p) => ({
            host: p.host,
            error: p.error ?? null,
            files: p.files.map(({ diff: _d, ...f }) => f),
        })));
        outputs.changed = String(changes.length > 0);
    }
    const failed = plans.filter((p) => p.error);
    return {
        result,
        outputs,
        reports: [renderReport(result, source.file), ...(connection ? [planReport(plans)] : [])],
        figures: `${result.files.length} files, ${checks}, ${warningCount} warning(s)` +
            (connection ? `; plan: ${changes.length} change(s) on ${plans.length} host(s)` : ''),
        error: failed.length
            ? new errors/* KeelError */.Ui(`could not compare with ${failed.map((p) => p.host).join(', ')} (see above); the files were rendered`)
            : undefined,
    };
}


/***/ }),

/***/ 6600:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   h: () => (/* binding */ resolve)
/* harmony export */ });
function toRoute(r) {
    const prefix = r.path.endsWith('*') || r.path.endsWith('/');
    const base = r.path.endsWith('*') ? r.path.slice(0, -1) : r.path;
    return { ...r, match: prefix ? 'prefix' : 'exact', base };
}
function resolve(spec) {
    const name = spec.app.name;
    const user = spec.app.user ?? name;
    const group = spec.app.group ?? user;
    const path = spec.app.path;
    const proxyUser = spec.proxy.server === 'nginx' ? 'www-data' : 'caddy';
    const unix = spec.gunicorn.bind === 'unix';
    const socketActivation = unix ? true : (spec.gunicorn['socket-activation'] ?? false);
    // Directly in /run: the socket unit owns it, so no service's RuntimeDirectory can remove it under the proxy.
    const socketPath = unix ? `/run/${name}.sock` : undefined;
    const mode = spec.proxy.tls.certificates ?? (spec.proxy.server === 'caddy' ? 'caddy' : 'certbot');
    const first = spec.proxy.domains[0].replace(/^\*\./, '');
    const tls = mode === 'certbot'
        ? {
            mode,
            cert: `/etc/letsencrypt/live/${first}/fullchain.pem`,
            key: `/etc/letsencrypt/live/${first}/privkey.pem`,
        }
        : mode === 'files'
            ? { mode, cert: spec.proxy.tls.cert, key: spec.proxy.tls.key }
            : { mode, cert: undefined, key: undefined };
    const h = spec.proxy.tls.hsts;
    const hstsValue = [
        `max-age=${h['max-age']}`,
        h['include-subdomains'] ? 'includeSubDomains' : '',
        h.preload ? 'preload' : '',
    ]
        .filter(Boolean)
        .join('; ');
    // The route table: the user's routes, then the health paths (never logged), then everything else.
    const routes = spec.proxy.routes.map(toRoute);
    const has = (p) => routes.some((r) => r.base === p && r.match === 'exact');
    for (const p of [spec.health.liveness, spec.health.readiness, spec.health.version]) {
        if (!has(p))
            routes.push(toRoute({ path: p, to: 'app', log: p === spec.health.version, buffering: true }));
    }
    if (!routes.some((r) => r.base === '/' && r.match === 'prefix')) {
        routes.push(toRoute({ path: '/', to: spec.proxy['other-paths'], log: true, buffering: true }));
    }
    const threads = spec.gunicorn['worker-class'] === 'gthread' ? Math.max(spec.gunicorn.threads, 1) : spec.gunicorn.threads;
    return {
        spec,
        name,
        user,
        group,
        deployUser: spec.app['deploy-user'],
        path,
        current: `${path}/current`,
        shared: `${path}/shared`,
        envFile: spec.app['env-file'] ?? `${path}/shared/.env`,
        exec: spec.app.gunicorn
            ? { program: spec.app.gunicorn, args: ['--config', `${path}/current/.keel/gunicorn.conf.py`] }
            : {
                program: `${path}/current/.venv/bin/python`,
                args: ['-m', 'gunicorn', '--config', `${path}/current/.keel/gunicorn.conf.py`],
            },
        configFile: `${path}/current/.keel/gunicorn.conf.py`,
        socketActivation,
        bind: unix ? `unix:${socketPath}` : `127.0.0.1:${spec.gunicorn.port}`,
        socketPath,
        proxyUser,
        proxyGroup: proxyUser,
        logDir: spec.gunicorn.logs === 'file' ? `/var/log/${name}` : undefined,
        stopTimeoutSec: spec.gunicorn['graceful-timeout'] + 10,
        proxyTimeout: spec.proxy.timeout ?? spec.gunicorn.timeout + 5,
        workersExpr: spec.gunicorn.workers === 'auto'
            ? 'multiprocessing.cpu_count() * 2 + 1'
            : String(spec.gunicorn.workers),
        threads,
        tls,
        hstsValue,
        routes,
        units: { service: `${name}.service`, socket: socketActivation ? `${name}.socket` : undefined },
    };
}


/***/ })

};
