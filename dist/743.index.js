export const id = 743;
export const ids = [743];
export const modules = {

/***/ 9941:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   STAGES: () => (/* binding */ STAGES),
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
 * (ssh-deploy's `reload-unit`: a plain `systemctl reload`, unproved).
 */
const STAGES = ['render', 'deploy', 'reload', 'smoke'];
function pick(decls, names) {
    return Object.fromEntries(names.map((n) => [n, decls[n]]));
}
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
        'min-grade',
        'latency-requests',
        'latency-p95',
        'report-file',
    ]),
    ...(0,_common_time_limit_js__WEBPACK_IMPORTED_MODULE_5__/* .timeLimitInput */ .l)('2h'),
};
const outputs = {
    status: '`success` when every stage that ran passed, else `failure`.',
    stages: 'JSON array, one object per stage: name, result (passed, failed, skipped, not run), seconds, key figures.',
    'render-result': 'The render stage: `passed`, `failed`, `skipped` or `not run`.',
    'deploy-result': 'The deploy stage: `passed`, `failed`, `skipped` or `not run`.',
    'reload-result': 'The reload stage: `passed`, `failed`, `skipped` or `not run`.',
    'smoke-result': 'The smoke stage: `passed`, `failed`, `skipped` or `not run`.',
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

/***/ 1743:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  main: () => (/* binding */ main),
  post: () => (/* binding */ post)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 14 modules
var core = __webpack_require__(6421);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./src/cancel.ts
var cancel = __webpack_require__(833);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/releases/lock.ts
var lock = __webpack_require__(8403);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
;// CONCATENATED MODULE: ./src/pipeline/pipeline.ts
/**
 * The pipeline as a library: an ordered list of stages, each run in turn until one fails, with their timings
 * and results, and one report (the stage table) to put above each stage's own reports. It knows nothing of
 * the runner: the stages are functions the caller supplies (the root action wires in the same stage
 * functions the single actions run).
 */


/**
 * Runs the stages in order, skipping those named in `skip`, and stops at the first that fails: the stages
 * after it are reported as `not run`. An unexpected exception in a stage counts as its failure.
 */
async function runPipeline(stages, context, skip, log, now = () => performance.now()) {
    const results = [];
    let error;
    for (const stage of stages) {
        const base = { name: stage.name, title: stage.title, seconds: 0, figures: '', run: undefined };
        if (error) {
            results.push({ ...base, status: 'not run', figures: `a stage before it failed` });
            continue;
        }
        if ((0,cancel/* isCancelled */.mm)()) {
            results.push({ ...base, status: 'not run', figures: 'cancelled' });
            error = new cancel/* CancelledError */.cc((0,cancel/* cancelReason */.zw)() ?? 'cancelled');
            continue;
        }
        if (skip.includes(stage.name)) {
            log.info(`${stage.name}: skipped`);
            results.push({ ...base, status: 'skipped', figures: 'skipped by input' });
            continue;
        }
        const start = now();
        let run;
        try {
            run = await stage.run(context);
        }
        catch (e) {
            // Input problems found only now (e.g. a stage needing what an earlier one did not make) and bugs alike.
            const failure = e instanceof errors/* KeelError */.Ui ? e : new errors/* KeelError */.Ui(`${stage.name} failed unexpectedly: ${(0,errors/* errorMessage */.gJ)(e)}`);
            run = { outputs: {}, reports: [], figures: failure.message.split('\n')[0], error: failure };
        }
        const seconds = Math.round((now() - start) / 100) / 10;
        const status = run.error ? 'failed' : 'passed';
        log.info(`${stage.name}: ${status} in ${seconds}s${run.figures ? ` (${run.figures})` : ''}`);
        results.push({ ...base, status, seconds, figures: run.figures, run });
        if (run.error)
            error = new errors/* KeelError */.Ui(`${stage.name} failed: ${run.error.message}`, { hint: run.error.hint });
    }
    return { ok: !error, stages: results, error };
}
const MARK = {
    passed: 'pass',
    failed: 'FAIL',
    skipped: 'skipped',
    'not run': 'not run',
};
/** The stage table, then each stage's own reports in order. */
function pipelineReports(result, title) {
    const total = result.stages.reduce((n, s) => n + s.seconds, 0);
    const table = {
        title: `${title}: ${result.ok ? 'done' : `stopped at ${result.stages.find((s) => s.status === 'failed')?.name}`} in ${total.toFixed(1)} s`,
        status: result.ok ? 'ok' : 'failed',
        tables: [
            {
                headers: ['stage', 'what', 'result', 'seconds', 'key figures'],
                rows: result.stages.map((s) => [
                    s.name,
                    s.title,
                    MARK[s.status],
                    s.status === 'passed' || s.status === 'failed' ? s.seconds.toFixed(1) : '-',
                    s.figures || '-',
                ]),
            },
        ],
    };
    return [table, ...result.stages.flatMap((s) => s.run?.reports ?? [])];
}

// EXTERNAL MODULE: ./src/actions/common/connection.ts + 2 modules
var common_connection = __webpack_require__(7985);
// EXTERNAL MODULE: ./src/actions/common/step.ts
var step = __webpack_require__(5415);
// EXTERNAL MODULE: ./src/actions/render-config/stage.ts + 5 modules
var stage = __webpack_require__(4949);
// EXTERNAL MODULE: ./src/actions/reload-graceful/stage.ts + 3 modules
var reload_graceful_stage = __webpack_require__(9366);
// EXTERNAL MODULE: ./src/actions/smoke-check/stage.ts + 3 modules
var smoke_check_stage = __webpack_require__(7436);
// EXTERNAL MODULE: ./src/actions/ssh-deploy/stage.ts + 6 modules
var ssh_deploy_stage = __webpack_require__(5369);
// EXTERNAL MODULE: ./src/actions/pipeline/inputs.ts
var pipeline_inputs = __webpack_require__(9941);
// EXTERNAL MODULE: ./src/remote/ssh.ts
var ssh = __webpack_require__(8136);
// EXTERNAL MODULE: ./src/releases/layout.ts
var releases_layout = __webpack_require__(5262);
// EXTERNAL MODULE: ./src/releases/deploy.ts + 2 modules
var deploy = __webpack_require__(469);
// EXTERNAL MODULE: ./src/releases/state.ts
var state = __webpack_require__(4487);
;// CONCATENATED MODULE: ./src/releases/revert.ts
/**
 * Undoing a switch that nothing proved: the repair a cancelled or killed run needs when it had already pointed
 * `current` at the new release and the reload that would prove (or roll back) that release never finished.
 */



/**
 * Switches `current` back to the previous release when (and only when) it still points at the unproved one,
 * marks that one bad, reloads the service and records it in the release log. Never throws.
 */
async function revertUnproved(session, layout, u, why, log) {
    const host = session.endpoint.name;
    try {
        const current = await (0,state/* currentRelease */.BX)(session, layout);
        if (current !== u.release)
            return {
                host,
                ok: true,
                changed: false,
                detail: `current is ${current ?? 'unset'}, not ${u.release}: nothing to undo`,
            };
        await (0,state/* switchTo */.S_)(session, layout, u.previous);
        await (0,state/* markBad */.Tc)(session, layout, u.release);
        if (u.unit)
            await session.check(`reloading ${u.unit}`, (0,deploy/* reloadCommand */.Bo)(u.unit), { timeoutMs: 120_000 });
        await (0,state/* appendLog */.pm)(session, layout, {
            release: u.release,
            previous: u.previous,
            status: 'rolled-back',
            live: u.previous,
            error: why,
        });
        const detail = `switched back to ${u.previous}${u.unit ? ` and reloaded ${u.unit}` : ''}`;
        log.info(`${host}: ${u.release} was never proved (${why}): ${detail}`);
        return { host, ok: true, changed: true, detail };
    }
    catch (error) {
        return { host, ok: false, changed: false, detail: (0,errors/* errorMessage */.gJ)(error) };
    }
}

;// CONCATENATED MODULE: ./src/actions/pipeline/unproved.ts
/**
 * The root action's record of hosts switched to a release that no reload has proved yet, kept in the step
 * state (written at once, so it survives the runner's SIGKILL). A cancelled run undoes the switch itself
 * when it can; when it was killed first, its post step does (before it releases the lock).
 */





const UNPROVED_STATE = 'unproved';
/** This run's record (main step); the post step reads the saved one. */
let record;
/** After the deploy stage: the hosts now on `release`, each with the release it had before. */
function recordSwitched(deployPath, release, unit, hosts) {
    const back = hosts.flatMap((h) => h.switched && h.previous ? [{ host: h.host, previous: h.previous }] : []);
    record = back.length ? { deployPath, release, unit, hosts: back } : undefined;
    core/* saveState */.LZ(UNPROVED_STATE, record ? JSON.stringify(record) : '');
}
/** After the reload stage ended with the release proved, or rolled back: nothing left to undo. */
function clearSwitched() {
    record = undefined;
    core/* saveState */.LZ(UNPROVED_STATE, '');
}
/** What is still unproved: this run's record (main step) or the saved one (post step). */
function pending() {
    if (record !== undefined)
        return record;
    const saved = core/* getState */.Gu(UNPROVED_STATE);
    return saved ? JSON.parse(saved) : undefined;
}
/**
 * Undoes the switch on every recorded host still on the unproved release: back to its previous release,
 * reloaded. Returns what happened per host (none when nothing was pending: then `connect` is not called, so
 * a post step with nothing to undo reads no key) and clears the record.
 * The main step calls it holding the run's locks. The post step passes the tokens the main step held: each
 * host's lock is taken over first, and a host whose lock is no longer the run's is left alone.
 */
async function revertSwitched(connect, why, log, leftLocks) {
    const r = pending();
    if (!r || r.hosts.length === 0)
        return [];
    const connection = connect();
    const layout = new releases_layout/* Layout */.PE(r.deployPath);
    const results = await Promise.all(r.hosts.map(async ({ host, previous }) => {
        const endpoint = connection.endpoints.find((e) => e.name === host);
        if (!endpoint)
            return { host, ok: false, changed: false, detail: 'not among the hosts given' };
        let lease;
        if (leftLocks) {
            const token = leftLocks.find((l) => l.host === host)?.token;
            lease = token
                ? await (0,lock/* adoptLease */.bL)(connection, endpoint, layout, token, 120_000, log).catch(() => undefined)
                : undefined;
            if (!lease)
                return {
                    host,
                    ok: false,
                    changed: false,
                    detail: `the deploy lock is no longer this run's: ${host} was left as it is`,
                };
        }
        try {
            return await (0,ssh/* withSession */.fQ)(connection, endpoint, log, (s) => revertUnproved(s, layout, { release: r.release, previous, unit: r.unit }, why, log), (error) => ({ host, ok: false, changed: false, detail: error }));
        }
        finally {
            await lease?.release().catch(() => undefined);
        }
    }));
    clearSwitched();
    return results;
}

;// CONCATENATED MODULE: ./src/actions/pipeline/main.ts
/**
 * The root action: render-config → ssh-deploy → reload-graceful → smoke-check from one spec, each stage the same function its
 * own action runs, stopping at the first failed stage, with one job summary (the stage table, then each
 * stage's own report). Every input is checked, and the spec read, before the first stage touches anything.
 */















const workspace = () => process.env.GITHUB_WORKSPACE ?? process.cwd();
/** Each stage, by name; the order is STAGES'. */
const stages = {
    render: {
        name: 'render',
        title: 'render-config: the files from the spec, validated; plan against the hosts',
        async run(c) {
            const r = await (0,stage/* renderFiles */.gt)({ ...c.inputs }, c.source, c.connection, c.log);
            c.renderedDir = r.outputs.dir;
            return r;
        },
    },
    deploy: {
        name: 'deploy',
        title: 'ssh-deploy: the release and the host files, switch, reload the service',
        async run(c) {
            const r = await (0,ssh_deploy_stage/* deployRelease */.H_)({ ...c.deploy.inputs, 'rendered-dir': c.renderedDir }, c.deploy.checked, c.connection, c.log);
            c.releaseId = r.outputs['release-id'];
            // Switched and not yet proved: a cancel or a later failure must take these hosts back.
            if (!c.inputs.skip.includes('reload') && c.releaseId)
                recordSwitched(c.spec.path, c.releaseId, c.spec.units.service, JSON.parse(r.outputs.hosts ?? '[]'));
            return r;
        },
    },
    reload: {
        name: 'reload',
        title: 'reload-graceful: reload the service, prove the new workers, readiness and version; roll back on failure',
        async run(c) {
            const r = await (0,reload_graceful_stage/* reloadService */.T)(c.reload(c.inputs['expected-version'] ?? c.releaseId ?? c.inputs['release-id']), c.connection, c.log);
            if (!r.error)
                clearSwitched(); // proved
            return r;
        },
    },
    smoke: {
        name: 'smoke',
        title: 'smoke-check: endpoints, version, TLS and headers of the live site',
        run: (c) => (0,smoke_check_stage/* checkSite */.u)(c.smoke(c.inputs['expected-version'] ?? c.releaseId ?? c.inputs['release-id']), c.inputs['report-file'], c.log),
    },
};
/** Everything checked before the first stage runs: inputs, credentials, the spec, each stage's options. */
async function prepare(inputs, log) {
    const unknown = inputs.skip.filter((s) => !pipeline_inputs.STAGES.includes(s));
    if (unknown.length)
        throw new errors/* InputError */.dz(unknown.map((s) => ({
            field: 'skip',
            message: `${JSON.stringify(s)} is not a stage (${pipeline_inputs.STAGES.join(', ')})`,
        })));
    const connection = (0,common_connection.connectionFrom)(inputs, log);
    const source = (0,stage/* specSource */.Zz)(inputs);
    const spec = await (0,stage/* readSpec */.Ot)(source);
    const deployInputs = {
        ...inputs,
        mode: 'deploy',
        'deploy-path': spec.path,
        'min-free-space': 0,
        'require-sudo': false,
        service: undefined,
        'rollback-to': undefined,
        'rendered-dir': undefined,
        // The reload stage reloads (and proves it); with that stage skipped, the deploy stage reloads itself.
        'reload-unit': inputs.skip.includes('reload') ? spec.units.service : undefined,
    };
    const checked = (0,ssh_deploy_stage/* validateDeployInputs */.rv)(deployInputs);
    const health = spec.spec.health;
    const reload = (expected) => (0,reload_graceful_stage/* planReload */.B)({
        ...inputs,
        strategy: inputs['reload-strategy'],
        unit: spec.units.service,
        pidfile: undefined,
        'deploy-path': spec.path,
        'previous-release': undefined,
        'expected-version': expected,
        upstream: undefined,
        'readiness-path': health.readiness,
        'version-path': health.version,
        url: undefined,
        timeout: inputs['reload-timeout'],
        'app-module': spec.spec.app.module,
        python: undefined,
        proxy: 'none',
        'batch-size': '1',
    });
    reload(undefined);
    const smoke = (expectedVersion) => (0,smoke_check_stage/* smokeOptions */.m)({
        ...inputs,
        endpoints: inputs.endpoints.length
            ? inputs.endpoints
            : [health.liveness, health.readiness, health.version],
        'expected-version': expectedVersion,
        'version-path': health.version,
        timeout: inputs['smoke-timeout'],
        deadline: inputs['smoke-deadline'],
    }, inputs.url ?? `https://${spec.spec.proxy.domains[0]}`);
    smoke(undefined);
    return {
        inputs,
        log,
        connection,
        source,
        spec,
        deploy: { inputs: deployInputs, checked },
        reload,
        smoke,
    };
}
function outputsOf(c, runs) {
    const deployed = runs.deploy?.outputs;
    const hosts = JSON.parse(deployed?.hosts ?? '[]');
    return {
        'rendered-dir': c.renderedDir ?? '',
        service: c.spec.units.service,
        'release-id': deployed?.['release-id'] ?? '',
        'previous-release': deployed?.['previous-release'] ?? '',
        'deployed-hosts': hosts
            .filter((h) => h.ok)
            .map((h) => h.host)
            .join(','),
        'failed-hosts': deployed?.['failed-hosts'] ?? '',
        'serving-release': runs.reload?.outputs['serving-release'] ?? '',
        'rolled-back-hosts': runs.reload?.outputs['rolled-back-hosts'] ?? '',
        'load-requests': runs.reload?.outputs['load-requests'] ?? '',
        'load-ok': runs.reload?.outputs['load-ok'] ?? '',
        'load-failed': runs.reload?.outputs['load-failed'] ?? '',
        'load-held-back': runs.reload?.outputs['load-held-back'] ?? '',
        'smoke-passed': runs.smoke?.outputs.passed ?? '',
        grade: runs.smoke?.outputs.grade ?? '',
        version: runs.smoke?.outputs.version ?? '',
    };
}
async function main() {
    await (0,step/* step */.PM)(async () => {
        const inputs = (0,step/* readInputs */.Ko)(pipeline_inputs.inputs);
        const log = (0,step/* runnerLogger */.hB)();
        const context = {
            ...(await prepare(inputs, log)),
            renderedDir: undefined,
            releaseId: undefined,
        };
        if (inputs.skip.includes('render')) {
            const dir = (0,external_node_path_.resolve)(workspace(), inputs['output-dir']);
            if ((0,external_node_fs_.existsSync)((0,external_node_path_.join)(dir, 'manifest.json')))
                context.renderedDir = dir;
            else
                log.info(`render skipped and ${inputs['output-dir']} has no manifest.json: deploying without host files`);
        }
        // One deploy lock per host for the whole run: taken by the deploy stage (or the reload stage when deploy
        // is skipped) and held through the reload and any rollback, released at the end with its own token.
        const result = await (0,lock/* holdLocksForRun */.y6)(log, async () => {
            const r = await runPipeline(pipeline_inputs.STAGES.map((name) => stages[name]), context, inputs.skip, log);
            // A failure or a cancel after the switch: every host still on the unproved release goes back, under
            // the same locks.
            if (!r.ok && r.error) {
                const why = (0,cancel/* isCancelled */.mm)() ? `cancelled (${(0,cancel/* cancelReason */.zw)()})` : r.error.message.split('\n')[0];
                const back = (await revertSwitched(() => context.connection, why, log)).filter((b) => b.changed || !b.ok);
                const status = (name) => r.stages.find((x) => x.name === name)?.status;
                // A cancel says in what state it left the hosts: switched back, the new release proved, or untouched.
                const state = back.length
                    ? back.map((b) => `${b.host}: ${b.ok ? b.detail : `could NOT switch back: ${b.detail}`}`).join('; ')
                    : (0,cancel/* isCancelled */.mm)() && status('reload') === 'passed'
                        ? `${context.releaseId ?? 'the new release'} was proved before the cancel and is serving`
                        : (0,cancel/* isCancelled */.mm)() && status('deploy') !== 'passed'
                            ? 'the deploy did not finish: the previous release is serving'
                            : undefined;
                if (state)
                    r.error = new errors/* KeelError */.Ui(`${r.error.message}; ${state}`, { hint: r.error.hint });
            }
            return r;
        });
        const runs = Object.fromEntries(result.stages.flatMap((s) => (s.run ? [[s.name, s.run]] : [])));
        await (0,step/* finish */.O9)({
            outputs: {
                status: result.ok ? 'success' : 'failure',
                stages: JSON.stringify(result.stages.map((s) => ({
                    name: s.name,
                    result: s.status,
                    seconds: s.seconds,
                    figures: s.figures,
                }))),
                ...Object.fromEntries(result.stages.map((s) => [`${s.name}-result`, s.status])),
                ...outputsOf(context, runs),
            },
            reports: pipelineReports(result, `keel ${context.spec.name}`),
            figures: '',
            error: result.error,
        });
    });
}
/**
 * Post: when the main step was killed after a switch that nothing proved, switch those hosts back first; then
 * release any deploy lock the main step still held (it was cancelled or crashed).
 */
async function post() {
    await (0,step/* step */.PM)(async () => {
        const log = (0,step/* runnerLogger */.hB)();
        // Inputs are read (and the key parsed) only when there is something to do, and then once.
        let inputs;
        const read = () => (inputs ??= (0,step/* readInputs */.Ko)(pipeline_inputs.inputs));
        const reverted = await revertSwitched(() => (0,common_connection.connectionFrom)(read(), log), 'the run was stopped before the release was proved', log, (0,ssh_deploy_stage/* leftLocks */.ey)()?.locks ?? []);
        // The main step was killed before it could say what it left: this is the run's one error line.
        const done = reverted.filter((x) => x.changed || !x.ok);
        if (done.length)
            core/* error */.z3(`keel: the run was stopped before the release was proved; ${done.map((r) => `${r.host}: ${r.ok ? r.detail : `could NOT switch back to the previous release: ${r.detail}`}`).join('; ')}`, { title: 'keel: rollback' });
        await (0,ssh_deploy_stage/* releaseLeftLocks */.Pr)(read, log);
    });
}


/***/ })

};
