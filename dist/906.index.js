export const id = 906;
export const ids = [906];
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
