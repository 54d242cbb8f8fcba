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
/* harmony import */ var _spec_load_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3762);
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
 * service, the site's URL and the health paths. `deploy:` keys win over these.
 */
function derived(spec) {
    const h = spec.health;
    const out = {
        'deploy-path': { text: spec.app.path, field: 'app.path' },
        unit: { text: `${spec.app.name}.service`, field: 'app.name' },
        'readiness-path': { text: h.readiness, field: 'health.readiness' },
        'version-path': { text: h.version, field: 'health.version' },
        endpoints: {
            text: [h.liveness, h.readiness, h.version].filter((p) => p !== '').join('\n'),
            field: 'health',
        },
    };
    return out;
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
        spec = (0,_spec_load_js__WEBPACK_IMPORTED_MODULE_3__/* .loadSpec */ .II)((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(path, 'utf8'), given, {}, specInputProblems).spec;
    }
    catch (error) {
        if (error instanceof _spec_load_js__WEBPACK_IMPORTED_MODULE_3__/* .SpecError */ .G8)
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

/***/ 9941:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   STAGES: () => (/* binding */ STAGES),
/* harmony export */   description: () => (/* binding */ description),
/* harmony export */   inputs: () => (/* binding */ inputs),
/* harmony export */   outputs: () => (/* binding */ outputs)
/* harmony export */ });
/* harmony import */ var _common_connection_inputs_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1855);
/* harmony import */ var _render_config_inputs_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1736);
/* harmony import */ var _ssh_deploy_inputs_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2685);
/* harmony import */ var _reload_graceful_inputs_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(118);
/* harmony import */ var _smoke_check_inputs_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3275);
/* harmony import */ var _common_time_limit_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9562);






/**
 * The stages in the order they run. With `reload` skipped, the deploy stage reloads the service itself
 * (ssh-deploy's `reload-unit`: a plain `systemctl reload`, unproved). `watch` runs only with a `watch` window.
 * With `canary`, deploy, reload, smoke and watch work on the canary hosts only, and `rest` (deploy, reload and
 * smoke on the other hosts) runs only when the canaries passed the watch.
 */
const STAGES = ['render', 'deploy', 'reload', 'smoke', 'watch', 'rest'];
function pick(decls, names) {
    return Object.fromEntries(names.map((n) => [n, decls[n]]));
}
/** What the action does, in its action.yml (generated by scripts/gen-action-yml.mjs, like the inputs). */
const description = 'Ship a Gunicorn app from one spec: render-config, ssh-deploy, reload-graceful and smoke-check in one step (each stage skippable), stopping at the first failed stage, with one job summary of every stage and host.';
const inputs = {
    ...pick(_render_config_inputs_js__WEBPACK_IMPORTED_MODULE_1__.inputs, ['spec', 'set', 'output-dir', 'validate', 'max-exposure']),
    ..._common_connection_inputs_js__WEBPACK_IMPORTED_MODULE_0__/* .connectionInputs */ .e,
    skip: {
        kind: 'list',
        description: `Stages not to run, of: ${STAGES.join(', ')}. Without \`render\`, deploy installs the files already in \`output-dir\` (if any); without \`deploy\`, smoke expects \`release-id\` (if given).`,
    },
    ...pick(_ssh_deploy_inputs_js__WEBPACK_IMPORTED_MODULE_2__.inputs, [
        'source',
        'exclude',
        'release-id',
        'shared',
        'keep',
        'venv',
        'venv-system-site-packages',
        'wheels-dir',
        'pip-args',
        'build',
        'before-switch',
        'after-switch',
        'lock-wait',
        'lock-ttl',
        'max-parallel',
        'batch-size',
        'batch-wait',
        'github-deployment',
        'environment',
        'environment-url',
        'github-token',
    ]),
    'install-config': {
        ..._ssh_deploy_inputs_js__WEBPACK_IMPORTED_MODULE_2__.inputs['install-config'],
        description: 'Install the host-level files render made (systemd units, the Nginx or Caddy site, logrotate rules) as root through `sudo -n`, only those that changed, checked on the host and put back if anything fails.',
    },
    'reload-strategy': {
        kind: 'choice',
        choices: ['systemd', 'rolling', 'socket', 'restart'],
        default: 'rolling',
        description: "How the reload stage reloads the spec's service: `rolling` (the same master, workers replaced one at a time: no wait while they boot; HUP when the release changes gunicorn.conf.py), `systemd` (HUP: every worker at once; requests wait while the new ones boot), `socket` (restart behind the socket unit), `restart` (drops requests). Each is proved by the new worker generation, readiness and the deployed release on the version path.",
    },
    'reload-timeout': {
        ..._reload_graceful_inputs_js__WEBPACK_IMPORTED_MODULE_3__.inputs.timeout,
        description: 'How long the new workers (and each health gate) may take in the reload stage.',
    },
    rollback: {
        ..._reload_graceful_inputs_js__WEBPACK_IMPORTED_MODULE_3__.inputs.rollback,
        description: 'When the reload stage fails: switch `current` back to the previous release, reload onto it and confirm health.',
    },
    ...pick(_reload_graceful_inputs_js__WEBPACK_IMPORTED_MODULE_3__.inputs, ['load-url', 'load-address', 'load-rate', 'load-window', 'max-failed-requests']),
    url: {
        ..._smoke_check_inputs_js__WEBPACK_IMPORTED_MODULE_4__.inputs.url,
        required: false,
        description: "The site to smoke-check. Default: `https://` and the spec's first domain.",
    },
    ...pick(_smoke_check_inputs_js__WEBPACK_IMPORTED_MODULE_4__.inputs, ['address', 'ca']),
    endpoints: {
        kind: 'list',
        description: "Paths to smoke-check, one a line, each with the statuses that pass. Default: the spec's health paths (liveness, readiness, version).",
    },
    ...pick(_smoke_check_inputs_js__WEBPACK_IMPORTED_MODULE_4__.inputs, ['expect']),
    'expected-version': {
        ..._smoke_check_inputs_js__WEBPACK_IMPORTED_MODULE_4__.inputs['expected-version'],
        description: 'The release id the site must report. Default: the release the deploy stage deployed.',
    },
    'smoke-timeout': _smoke_check_inputs_js__WEBPACK_IMPORTED_MODULE_4__.inputs.timeout,
    'smoke-deadline': _smoke_check_inputs_js__WEBPACK_IMPORTED_MODULE_4__.inputs.deadline,
    ...pick(_smoke_check_inputs_js__WEBPACK_IMPORTED_MODULE_4__.inputs, [
        'min-cert-days',
        'check-tls',
        'check-headers',
        'check-names',
        'min-grade',
        'latency-requests',
        'latency-p95',
        'report-file',
    ]),
    watch: {
        kind: 'duration',
        default: '0',
        maxMs: 3_600_000,
        description: "After the switch, watch the site this long (e.g. `5m`; `0`: off): keel reads the proxy's access log on each host (Nginx's or Caddy's, as keel renders them; health paths, static files and bots left out) for the same length before the switch and after it, and rolls the release back when the 5xx ratio or p95 latency breaches the spec's `alerts` thresholds or rises significantly over the baseline (5xx: one-sided two-proportion z-test, p < 0.01; p95: over 2x the baseline's and 100 ms slower). Under 50 requests it says there was not enough traffic to judge (a warning, not a pass). Buckets: a minute from `5m` up, shorter windows about six.",
    },
    canary: {
        ..._ssh_deploy_inputs_js__WEBPACK_IMPORTED_MODULE_2__.inputs.canary,
        description: 'Canary first (needs `watch`): a number of hosts (the first N of `hosts`) or a list of host names (as in `hosts`, without user or port). The deploy, reload, smoke and watch stages run on the canaries only; the `rest` stage (deploy, reload, smoke on the other hosts) runs only when the watch found every canary healthy. A regression, an unreadable log, or not enough traffic to judge (an unjudged canary is not a pass) fails the run: the canaries are switched back to their previous release and reloaded, the rest are never contacted. Empty or `0`: off. Every host a canary, or a name not in `hosts`: an error.',
    },
    ...(0,_common_time_limit_js__WEBPACK_IMPORTED_MODULE_5__/* .timeLimitInput */ .l)('2h'),
};
const outputs = {
    status: '`success` when every stage that ran passed, else `failure`.',
    stages: 'JSON array, one object per stage: name, result (passed, failed, skipped, not run), seconds, key figures.',
    'render-result': 'The render stage: `passed`, `failed`, `skipped` or `not run`.',
    'deploy-result': 'The deploy stage: `passed`, `failed`, `skipped` or `not run`.',
    'reload-result': 'The reload stage: `passed`, `failed`, `skipped` or `not run`.',
    'smoke-result': 'The smoke stage: `passed`, `failed`, `skipped` or `not run`.',
    'rest-result': 'The rest stage (with `canary`): `passed`, `failed`, `skipped` or `not run` (the canary did not pass).',
    'canary-hosts': 'With `canary`: the canary hosts, comma-separated (empty without it).',
    'canary-result': 'With `canary`: `passed` (the rest followed), `regressed`, `not-enough-traffic` or `error` (the canaries were switched back, the rest untouched), `failed` (a stage before the watch failed on a canary); `off` without it.',
    'watch-result': 'The watch after the switch: `healthy`, `regressed` (rolled back), `not-enough-traffic` (not judged), `error` (a host could not be read) or `off`.',
    'rendered-dir': "The rendered files the deploy used: render's output directory, or `output-dir` when render was skipped and holds them (empty when neither).",
    service: 'The systemd service unit (from the spec).',
    'release-id': 'The release deployed.',
    'previous-release': 'The release that was current before, on the first host.',
    'deployed-hosts': 'Hosts the release went live on, comma-separated.',
    'failed-hosts': 'Hosts the deploy failed on (each keeps or went back to its previous release), comma-separated.',
    'serving-release': 'The release the version path reported after the reload (empty when reload did not run).',
    'rolled-back-hosts': 'Hosts the reload stage rolled back to their previous release, comma-separated.',
    'load-requests': 'Load probe (with `load-url`): requests sent during the reload stage.',
    'load-ok': 'Load probe: requests answered with success.',
    'load-failed': 'Load probe: failed requests (errors and 5xx).',
    'load-held-back': 'Load probe: requests not sent on time (the runner too busy, or too many waiting for the server); over 1% of those scheduled fails the reload stage.',
    'smoke-passed': '`true` when every smoke check passed (empty when smoke did not run).',
    grade: 'The security-header grade (A+ ... F) smoke-check gave.',
    version: 'The release id the site reports.',
};


/***/ }),

/***/ 1736:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   description: () => (/* binding */ description),
/* harmony export */   inputs: () => (/* binding */ inputs),
/* harmony export */   outputs: () => (/* binding */ outputs)
/* harmony export */ });
/* harmony import */ var _common_connection_inputs_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1855);
/* harmony import */ var _common_spec_input_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2739);
/* harmony import */ var _common_time_limit_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9562);



/** What the action does, in its action.yml (generated by scripts/gen-action-yml.mjs, like the inputs). */
const description = 'Render systemd units, gunicorn.conf.py, an Nginx or Caddy site (TLS, HSTS, security headers on every response, a default server that refuses unknown names, routes), a certbot renewal hook, logrotate and alert rules from one typed spec, checked with the real tools before anything is written.';
const inputs = {
    spec: {
        kind: 'string',
        default: 'deploy/keel.yml',
        pattern: _common_spec_input_js__WEBPACK_IMPORTED_MODULE_1__/* .IN_WORKSPACE */ .Ko,
        patternHint: _common_spec_input_js__WEBPACK_IMPORTED_MODULE_1__/* .IN_WORKSPACE_HINT */ .WS,
        description: 'The spec file, relative to the workspace.',
    },
    set: {
        kind: 'list',
        description: 'Overrides of spec fields, one a line: `field.path=value` (the value is read as YAML), e.g. `proxy.server=caddy`.',
    },
    'output-dir': {
        kind: 'string',
        default: '.keel/rendered',
        // It is deleted and written again on each run: never the workspace itself or anything outside it.
        pattern: _common_spec_input_js__WEBPACK_IMPORTED_MODULE_1__/* .IN_WORKSPACE */ .Ko,
        patternHint: `${_common_spec_input_js__WEBPACK_IMPORTED_MODULE_1__/* .IN_WORKSPACE_HINT */ .WS}, not the workspace itself`,
        description: 'Where the files and manifest.json are written (relative to the workspace). Replaced on each run.',
    },
    validate: {
        kind: 'choice',
        choices: ['auto', 'required', 'off'],
        default: 'auto',
        description: '`auto`: check the files with nginx, caddy, systemd-analyze, logrotate and python3 where installed; `required`: fail when one is missing; `off`.',
    },
    'max-exposure': {
        kind: 'string',
        pattern: /^(10(\.0)?|\d(\.\d)?)$/,
        patternHint: 'a number from 0 to 10 with at most one decimal',
        default: '2.5',
        description: 'Highest `systemd-analyze security` exposure the service unit may have (2.5 = "OK" or better).',
    },
    ..._common_connection_inputs_js__WEBPACK_IMPORTED_MODULE_0__/* .connectionInputs */ .e,
    hosts: {
        kind: 'list',
        description: 'Hosts to compare with (optional): the plan shows, per host, which installed files the rendered ones would create or change, with diffs. Read-only.',
    },
    ...(0,_common_time_limit_js__WEBPACK_IMPORTED_MODULE_2__/* .timeLimitInput */ .l)('10m'),
};
const outputs = {
    dir: 'Absolute path of the output directory.',
    manifest: 'Absolute path of manifest.json (files, sha256, install paths, owners, modes, what to reload).',
    files: 'JSON array of the rendered files (name, install path, sha256).',
    service: 'The systemd service unit name.',
    socket: 'The systemd socket unit name (empty without socket activation).',
    proxy: '`nginx` or `caddy`.',
    warnings: 'Number of spec warnings.',
    plan: 'JSON, per host given in `hosts`: each file and whether installing it would create, update or leave it unchanged.',
    changed: '`true` when the plan found a file to create or update on any host (empty without hosts).',
};


/***/ }),

/***/ 3275:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   description: () => (/* binding */ description),
/* harmony export */   inputs: () => (/* binding */ inputs),
/* harmony export */   outputs: () => (/* binding */ outputs)
/* harmony export */ });
/* harmony import */ var _common_spec_input_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2739);
/* harmony import */ var _common_time_limit_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9562);


/** What the action does, in its action.yml (generated by scripts/gen-action-yml.mjs, like the inputs). */
const description = "Check the live site as a security scanner and an SRE would: endpoints and JSON fields, the deployed version, HTTP to HTTPS, the certificate and TLS versions, names it must refuse, security headers graded by the HTTP Observatory's rules, and latency percentiles, with a report.";
const inputs = {
    url: {
        kind: 'string',
        // No `user:password@`: a URL is shown in logs, outputs and the summary, so credentials in it are refused.
        pattern: /^https?:\/\/[^\s/@]+(\/[^\s]*)?$/,
        patternHint: 'an http(s) URL like https://shop.example.com, without user:password@ (it would be shown in logs)',
        description: "The site, e.g. `https://shop.example.com` (endpoint paths are relative to it). Required: here, or `https://` and the spec's first domain.",
    },
    address: {
        kind: 'string',
        pattern: /^[A-Za-z0-9.:[\]-]+$/,
        patternHint: 'an IP address or host name',
        description: "Connect to this address instead of the URL's host, still sending the real name (SNI and Host): checks one server of a fleet, or before DNS points at it.",
    },
    ca: { kind: 'text', description: 'Extra CA certificate (PEM) to trust, for private CAs.' },
    endpoints: {
        kind: 'list',
        default: '/healthz\n/readyz\n/version',
        description: 'Paths to request, one a line, each with the statuses that pass: `/healthz` (200) or `/login 200 302`.',
    },
    expect: {
        kind: 'list',
        description: 'Assertions, one a line: a JSON field (`/readyz status == ready`, `/version release ~ ^2026`) or the raw body (`/ body ~ <h1>Shop</h1>`); `==`, `!=`, `~` (regex).',
    },
    'expected-version': {
        kind: 'string',
        description: "The release id `version-path` must report (e.g. ssh-deploy's `release-id` output): old code still serving fails.",
    },
    'version-path': {
        kind: 'string',
        default: '/version',
        description: 'Where the version JSON (`release` or `version`) is.',
    },
    timeout: {
        kind: 'duration',
        default: '10s',
        minMs: 100,
        maxMs: 600_000,
        description: 'Time allowed for one request: connect, TLS handshake, headers and body (at most 1 MB read).',
    },
    deadline: {
        kind: 'duration',
        default: '60s',
        minMs: 1000,
        maxMs: 3_600_000,
        description: 'Keep retrying the endpoint checks (exponential backoff with jitter) until they pass or this time is up: waits out a rollout. Requests still in flight then are stopped.',
    },
    'min-cert-days': {
        kind: 'integer',
        default: '14',
        min: 0,
        description: 'Days the certificate must still be valid.',
    },
    'check-tls': {
        kind: 'boolean',
        default: 'true',
        description: 'Check the certificate, TLS 1.2/1.3 offered, TLS 1.0/1.1 refused, the cipher.',
    },
    'check-headers': {
        kind: 'boolean',
        default: 'true',
        description: 'Score the security headers (MDN HTTP Observatory rules) and check `Server`.',
    },
    'check-names': {
        kind: 'boolean',
        default: 'true',
        description: "Ask the server for a name it does not serve, by Host and by TLS server name: it must refuse both (keel's rendered sites do), never answer as the site, redirect to that name or complete a handshake with the site's certificate. Turn off for sites behind a shared front end (a CDN) that answers every name.",
    },
    'min-grade': {
        kind: 'choice',
        choices: ['A+', 'A', 'A-', 'B+', 'B', 'B-', 'C+', 'C', 'C-', 'D+', 'D', 'D-', 'F'],
        default: 'A+',
        description: 'The lowest header grade that passes.',
    },
    'latency-requests': {
        kind: 'integer',
        default: '0',
        min: 0,
        max: 10000,
        description: 'Requests per endpoint for latency percentiles (0: none).',
    },
    'latency-p95': {
        kind: 'duration',
        default: '1s',
        minMs: 1,
        description: 'The p95 latency budget per endpoint.',
    },
    'report-file': {
        kind: 'string',
        default: '.keel/smoke-report.json',
        description: 'Where the JSON report is written (relative to the workspace).',
    },
    ...(0,_common_time_limit_js__WEBPACK_IMPORTED_MODULE_1__/* .timeLimitInput */ .l)('15m'),
    ..._common_spec_input_js__WEBPACK_IMPORTED_MODULE_0__/* .specInput */ .iv,
};
const outputs = {
    passed: '`true` when every check passed.',
    grade: 'The security-header grade (A+ ... F).',
    score: 'The security-header score.',
    version: 'The release id the site reports.',
    'cert-days-left': 'Days until the certificate expires.',
    report: 'The JSON report (every check: expected, got, pass).',
    'report-file': 'Absolute path of the JSON report file.',
};


/***/ })

};
