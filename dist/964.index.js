export const id = 964;
export const ids = [964];
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
/* harmony import */ var _smoke_check_inputs_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3275);




/**
 * The stages in the order they run. reload-graceful (issue #5) slots in as `reload` between deploy and
 * smoke; until then the deploy stage reloads the service itself (ssh-deploy's reload-unit).
 */
const STAGES = ['render', 'deploy', 'smoke'];
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
    url: {
        ..._smoke_check_inputs_js__WEBPACK_IMPORTED_MODULE_3__.inputs.url,
        required: false,
        description: "The site to smoke-check. Default: `https://` and the spec's first domain.",
    },
    ...pick(_smoke_check_inputs_js__WEBPACK_IMPORTED_MODULE_3__.inputs, ['address', 'ca']),
    endpoints: {
        kind: 'list',
        description: "Paths to smoke-check, one a line, each with the statuses that pass. Default: the spec's health paths (liveness, readiness, version).",
    },
    ...pick(_smoke_check_inputs_js__WEBPACK_IMPORTED_MODULE_3__.inputs, ['expect']),
    'expected-version': {
        ..._smoke_check_inputs_js__WEBPACK_IMPORTED_MODULE_3__.inputs['expected-version'],
        description: 'The release id the site must report. Default: the release the deploy stage deployed.',
    },
    'smoke-timeout': _smoke_check_inputs_js__WEBPACK_IMPORTED_MODULE_3__.inputs.timeout,
    'smoke-deadline': _smoke_check_inputs_js__WEBPACK_IMPORTED_MODULE_3__.inputs.deadline,
    ...pick(_smoke_check_inputs_js__WEBPACK_IMPORTED_MODULE_3__.inputs, [
        'min-cert-days',
        'check-tls',
        'check-headers',
        'min-grade',
        'latency-requests',
        'latency-p95',
        'report-file',
    ]),
};
const outputs = {
    status: '`success` when every stage that ran passed, else `failure`.',
    stages: 'JSON array, one object per stage: name, result (passed, failed, skipped, not run), seconds, key figures.',
    'render-result': 'The render stage: `passed`, `failed`, `skipped` or `not run`.',
    'deploy-result': 'The deploy stage: `passed`, `failed`, `skipped` or `not run`.',
    'smoke-result': 'The smoke stage: `passed`, `failed`, `skipped` or `not run`.',
    'rendered-dir': "The rendered files the deploy used: render's output directory, or `output-dir` when render was skipped and holds them (empty when neither).",
    service: 'The systemd service unit (from the spec).',
    'release-id': 'The release deployed.',
    'previous-release': 'The release that was current before, on the first host.',
    'deployed-hosts': 'Hosts the release went live on, comma-separated.',
    'failed-hosts': 'Hosts the deploy failed on (each keeps or went back to its previous release), comma-separated.',
    'smoke-passed': '`true` when every smoke check passed (empty when smoke did not run).',
    grade: 'The security-header grade (A+ ... F) smoke-check gave.',
    version: 'The release id the site reports.',
};


/***/ }),

/***/ 3964:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  main: () => (/* binding */ main),
  post: () => (/* binding */ post)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
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
// EXTERNAL MODULE: ./src/actions/common/step.ts + 1 modules
var step = __webpack_require__(2406);
// EXTERNAL MODULE: ./src/actions/render-config/stage.ts + 16 modules
var stage = __webpack_require__(6577);
// EXTERNAL MODULE: ./src/actions/smoke-check/stage.ts + 3 modules
var smoke_check_stage = __webpack_require__(7436);
// EXTERNAL MODULE: ./src/actions/ssh-deploy/stage.ts + 5 modules
var ssh_deploy_stage = __webpack_require__(7178);
// EXTERNAL MODULE: ./src/actions/pipeline/inputs.ts
var pipeline_inputs = __webpack_require__(9941);
;// CONCATENATED MODULE: ./src/actions/pipeline/main.ts
/**
 * The root action: render-config → ssh-deploy → smoke-check from one spec, each stage the same function its
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
        // The reload happens in the deploy stage until reload-graceful (issue #5) is a stage of its own.
        'reload-unit': spec.units.service,
    };
    const checked = (0,ssh_deploy_stage/* validateDeployInputs */.rv)(deployInputs);
    const health = spec.spec.health;
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
    return { inputs, log, connection, source, spec, deploy: { inputs: deployInputs, checked }, smoke };
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
        const result = await runPipeline(pipeline_inputs.STAGES.map((name) => stages[name]), context, inputs.skip, log);
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
/** Post: release any deploy lock the main step still held (it was cancelled or crashed). */
async function post() {
    await (0,step/* step */.PM)(() => (0,ssh_deploy_stage/* releaseLeftLocks */.Pr)(() => (0,step/* readInputs */.Ko)(pipeline_inputs.inputs), (0,step/* runnerLogger */.hB)()));
}


/***/ })

};
