export const id = 338;
export const ids = [338];
export const modules = {

/***/ 4338:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  main: () => (/* binding */ main),
  post: () => (/* binding */ post)
});

// EXTERNAL MODULE: ./src/actions/common/core.ts
var core = __webpack_require__(1442);
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
        const status = run.error ? 'failed' : run.warning ? 'warning' : 'passed';
        log.info(`${stage.name}: ${status} in ${seconds}s${run.figures ? ` (${run.figures})` : ''}`);
        results.push({ ...base, status, seconds, figures: run.figures, run });
        if (run.error)
            error = new errors/* KeelError */.Ui(`${stage.name} failed: ${run.error.message}`, { hint: run.error.hint });
    }
    return { ok: !error, stages: results, error };
}
const MARK = {
    passed: 'pass',
    warning: 'warning',
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
                    s.status === 'passed' || s.status === 'warning' || s.status === 'failed'
                        ? s.seconds.toFixed(1)
                        : '-',
                    s.figures || '-',
                ]),
            },
        ],
    };
    return [table, ...result.stages.flatMap((s) => s.run?.reports ?? [])];
}

// EXTERNAL MODULE: ./src/actions/common/connection.ts + 1 modules
var common_connection = __webpack_require__(9221);
// EXTERNAL MODULE: ./src/actions/common/step.ts
var step = __webpack_require__(5415);
// EXTERNAL MODULE: ./src/actions/render-config/stage.ts + 4 modules
var stage = __webpack_require__(3731);
// EXTERNAL MODULE: ./src/actions/render-config/settings.ts
var settings = __webpack_require__(8416);
// EXTERNAL MODULE: ./src/actions/reload-graceful/stage.ts + 3 modules
var reload_graceful_stage = __webpack_require__(9366);
// EXTERNAL MODULE: ./src/actions/reload-graceful/settings.ts
var reload_graceful_settings = __webpack_require__(1262);
// EXTERNAL MODULE: ./src/actions/smoke-check/stage.ts + 1 modules
var smoke_check_stage = __webpack_require__(7660);
// EXTERNAL MODULE: ./src/actions/ssh-deploy/stage.ts + 5 modules
var ssh_deploy_stage = __webpack_require__(7178);
// EXTERNAL MODULE: ./src/actions/pipeline/inputs.ts
var pipeline_inputs = __webpack_require__(9941);
// EXTERNAL MODULE: ./src/releases/fleet.ts
var fleet = __webpack_require__(5550);
// EXTERNAL MODULE: ./src/releases/deploy.ts + 5 modules
var releases_deploy = __webpack_require__(4913);
// EXTERNAL MODULE: ./src/actions/ssh-deploy/settings.ts
var ssh_deploy_settings = __webpack_require__(3853);
// EXTERNAL MODULE: ./src/actions/smoke-check/settings.ts
var smoke_check_settings = __webpack_require__(6867);
;// CONCATENATED MODULE: ./src/actions/pipeline/settings.ts
/**
 * The root action's settings: its own inputs checked (skip, canary), and each stage's settings composed from
 * those inputs (most share a stage action's name and meaning) and the spec (deploy path, units, health paths,
 * domain), before any stage runs. What only the run finds out (the rendered files, the release id, the release
 * to expect) each stage adds when it runs (main.ts).
 */







/** Every name in `skip` is a stage. */
function checkSkip(inputs) {
    const unknown = inputs.skip.filter((s) => !pipeline_inputs.STAGES.includes(s));
    if (unknown.length)
        throw new errors/* InputError */.dz(unknown.map((s) => ({
            field: 'skip',
            message: `${JSON.stringify(s)} is not a stage (${pipeline_inputs.STAGES.join(', ')})`,
        })));
}
/** Canary first: the canaries and the rest among `hosts` (endpoint names), or undefined when off. */
function canaryPlan(inputs, hosts) {
    const canary = (0,fleet/* parseCanary */.cR)(inputs.canary, hosts);
    if (typeof canary === 'string')
        throw new errors/* InputError */.dz([{ field: 'canary', message: canary }]);
    if (canary && !(inputs.watch > 0))
        throw new errors/* InputError */.dz([
            {
                field: 'canary',
                message: "needs 'watch' (how long to watch the canaries before the rest follow), e.g. watch: 5m; without it nothing would judge the canaries",
            },
        ]);
    if (canary && ['deploy', 'watch'].some((s) => inputs.skip.includes(s)))
        throw new errors/* InputError */.dz([
            { field: 'canary', message: "needs the deploy and watch stages: remove them from 'skip'" },
        ]);
    return canary;
}
/** The deploy, reload and smoke stages' settings, from the root action's inputs and the spec. */
function stageSettings(inputs, spec) {
    const deploy = (0,ssh_deploy_settings/* deploySettings */.$)(inputs, {
        deployPath: spec.path,
        // Known once the render stage ran (or found in output-dir when it is skipped).
        renderedDir: undefined,
        // The reload stage reloads (and proves it); with that stage skipped, the deploy stage reloads itself.
        reloadUnit: inputs.skip.includes('reload') ? (0,releases_deploy/* reloadTarget */.bD)(spec) : undefined,
        // The root action watches in its own stage, after the reload and smoke stages, and runs the canaries
        // and the rest as stages of its own.
        watchMs: 0,
        canary: undefined,
    }, { renderedLater: true });
    const health = spec.spec.health;
    // supervisor runs the app: its HUP through supervisorctl, proved the same way (the spec allows no other).
    const supervisor = spec.spec['process-manager'] === 'supervisor';
    const reload = {
        options: {
            strategy: supervisor ? 'supervisor' : inputs['reload-strategy'],
            unit: supervisor ? spec.name : spec.units.service,
            pidfile: undefined,
            deployPath: spec.path,
            previous: undefined,
            // The release to expect and the processes beside the app: known once the deploy stage ran.
            expected: undefined,
            gate: {
                upstream: undefined,
                readinessPath: health.readiness,
                versionPath: health.version || undefined,
                publicUrl: undefined,
                publicAddress: inputs.address,
                ca: inputs.ca,
                deadlineMs: inputs['reload-timeout'],
            },
            timeoutMs: inputs['reload-timeout'],
            rollback: inputs.rollback,
            bootCheck: { module: spec.spec.app.module, python: undefined },
            proxy: 'none',
            processes: [],
        },
        // One host at a time.
        batch: { kind: 'count', n: 1 },
        load: (0,reload_graceful_settings/* loadProbe */.RI)(inputs),
        maxFailedRequests: inputs['max-failed-requests'],
    };
    const smoke = (0,smoke_check_settings/* smokeSettingsFrom */.j)({
        ...inputs,
        endpoints: inputs.endpoints.length
            ? inputs.endpoints
            : [health.liveness, health.readiness, health.version],
    }, {
        url: inputs.url ?? `https://${spec.spec.proxy.domains[0]}`,
        versionPath: health.version,
        expectedVersion: undefined,
        timeoutMs: inputs['smoke-timeout'],
        deadlineMs: inputs['smoke-deadline'],
    });
    return { deploy, reload, smoke };
}

// EXTERNAL MODULE: ./src/remote/ssh.ts
var ssh = __webpack_require__(8136);
// EXTERNAL MODULE: ./src/releases/layout.ts
var releases_layout = __webpack_require__(5262);
// EXTERNAL MODULE: ./src/releases/revert.ts
var revert = __webpack_require__(7506);
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
function recordSwitched(deployPath, release, unit, hosts, processes = {
    processes: [],
    singletonHost: undefined,
}) {
    const back = hosts.flatMap((h) => h.switched && h.previous ? [{ host: h.host, previous: h.previous }] : []);
    record = back.length ? { deployPath, release, unit, hosts: back, ...processes } : undefined;
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
    const connection = await connect();
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
            return await (0,ssh/* withSession */.fQ)(connection, endpoint, log, (s) => (0,revert/* revertUnproved */.I)(s, layout, {
                release: r.release,
                previous,
                unit: r.unit,
                processes: r.processes ?? [],
                singletonHost: r.singletonHost,
            }, why, log), (error) => ({ host, ok: false, changed: false, detail: error }));
        }
        finally {
            await lease?.release().catch(() => undefined);
        }
    }));
    clearSwitched();
    return results;
}

// EXTERNAL MODULE: ./src/actions/common/watch.ts + 3 modules
var watch = __webpack_require__(6031);
// EXTERNAL MODULE: ./src/watch/read.ts
var read = __webpack_require__(2595);
// EXTERNAL MODULE: ./src/releases/processes.ts
var processes = __webpack_require__(955);
// EXTERNAL MODULE: ./src/render/processes.ts
var render_processes = __webpack_require__(5637);
;// CONCATENATED MODULE: ./src/actions/pipeline/main.ts
/**
 * The root action: render-config → ssh-deploy → reload-graceful → smoke-check from one spec, each stage the same
 * function its own action runs, stopping at the first failed stage, with one job summary (the stage table, then
 * each stage's own report). Every input is checked, and the spec read, before the first stage touches anything:
 * `prepare` composes each stage's settings (settings.ts here; the types are in actions/<name>/settings.ts) from
 * this action's inputs and the spec; a stage adds only what the run before it found out (the rendered files,
 * the release id).
 */























const workspace = () => process.env.GITHUB_WORKSPACE ?? process.cwd();
/** Each stage, by name; the order is STAGES'. */
const stages = {
    render: {
        name: 'render',
        title: 'render-config: the files from the spec, validated; plan against the hosts',
        async run(c) {
            const r = await (0,stage/* renderFiles */.gt)(c.render, c.all, c.log);
            c.renderedDir = r.outputs.dir;
            return r;
        },
    },
    deploy: {
        name: 'deploy',
        title: 'ssh-deploy: the release and the host files, switch, reload the service',
        async run(c) {
            c.switchedAt = Date.now();
            // With a reload stage, the processes beside the app move after it proved the web (not at the switch).
            const defer = !c.inputs.skip.includes('reload');
            const r = await (0,ssh_deploy_stage/* deployRelease */.H_)(
            // The rest after a canary get the canaries' release id (a default id would be a new one).
            { ...c.deploy, renderedDir: c.renderedDir, releaseId: c.releaseId ?? c.deploy.releaseId }, c.connection, c.log, { deferProcesses: defer, fleetHosts: c.all.endpoints.map((e) => e.name) });
            c.releaseId = r.outputs['release-id'];
            c.switchedHosts = JSON.parse(r.outputs.hosts ?? '[]');
            // Switched and not yet proved: a cancel or a later failure must take these hosts back.
            if (!c.inputs.skip.includes('reload') && c.releaseId)
                recordSwitched(c.spec.path, c.releaseId, (0,releases_deploy/* reloadTarget */.bD)(c.spec), JSON.parse(r.outputs.hosts ?? '[]'), {
                    processes: (0,reload_graceful_settings/* renderedProcesses */.xS)(c.renderedDir),
                    singletonHost: c.all.endpoints[0]?.name,
                });
            return r;
        },
    },
    reload: {
        name: 'reload',
        title: 'reload-graceful: reload the service, prove the new workers, readiness and version; roll back on failure',
        async run(c) {
            // The processes beside the app (from the deploy's manifest) restart once the web reload is proved;
            // singletons on the first host of the whole list, whichever part of the fleet this stage reloads.
            const settings = {
                ...c.reload,
                options: {
                    ...c.reload.options,
                    expected: c.inputs['expected-version'] ?? c.releaseId ?? c.inputs['release-id'],
                    processes: (0,reload_graceful_settings/* renderedProcesses */.xS)(c.renderedDir),
                    singletonHost: c.all.endpoints[0]?.name,
                },
            };
            (0,processes/* checkSingletonHosts */.Fj)(settings.options.processes ?? [], c.all.endpoints.map((e) => e.name));
            const r = await (0,reload_graceful_stage/* reloadService */.T)(settings, c.connection, c.log);
            if (!r.error)
                clearSwitched(); // proved
            return r;
        },
    },
    smoke: {
        name: 'smoke',
        title: 'smoke-check: endpoints, version, TLS and headers of the live site',
        run: (c) => (0,smoke_check_stage/* checkSite */.u)({
            ...c.smoke,
            check: {
                ...c.smoke.check,
                expectedVersion: c.inputs['expected-version'] ?? c.releaseId ?? c.inputs['release-id'],
            },
        }, c.log),
    },
    watch: {
        name: 'watch',
        title: 'watch: 5xx and p95 in the access log before and after the switch; roll back on a regression',
        async run(c) {
            const switched = c.switchedHosts.filter((h) => h.ok).map((h) => h.host);
            const r = await (0,watch/* watchRelease */.v)((0,read/* watchTarget */.NI)(c.spec), c.connection, c.switchedAt ? switched : c.connection.endpoints.map((e) => e.name), c.inputs.watch, c.switchedAt ?? Date.now(), c.log, { canary: !!c.canary });
            // A regression (on a canary: anything but healthy): the hosts this run switched go back (after the
            // pipeline stops, under the same locks), the processes beside the app with them.
            if ((r.regressed || (c.canary && r.error)) && c.releaseId)
                recordSwitched(c.spec.path, c.releaseId, (0,releases_deploy/* reloadTarget */.bD)(c.spec), c.switchedHosts, {
                    processes: (0,reload_graceful_settings/* renderedProcesses */.xS)(c.renderedDir),
                    singletonHost: c.all.endpoints[0]?.name,
                });
            if (c.canary && r.error)
                r.error = new errors/* KeelError */.Ui(`${r.error.message}; not contacted (the canary did not pass), still on their release: ${c.canary.rest.join(', ')}`);
            return r;
        },
    },
    rest: {
        name: 'rest',
        title: 'rest: after the canaries passed the watch, deploy, reload and smoke on the other hosts',
        async run(c) {
            c.connection = (0,ssh_deploy_stage/* subset */.LE)(c.all, c.canary.rest);
            c.log.info(`Canary passed: ${c.releaseId ?? 'the release'} goes to ${c.canary.rest.join(', ')}`);
            const parts = [];
            for (const name of ['deploy', 'reload', 'smoke']) {
                if (c.inputs.skip.includes(name))
                    continue;
                const r = await stages[name].run(c);
                parts.push([name, r]);
                if (r.error)
                    break;
            }
            const failed = parts.find(([, r]) => r.error);
            return {
                outputs: Object.assign({}, ...parts.map(([, r]) => r.outputs)),
                reports: parts.flatMap(([, r]) => r.reports),
                figures: parts.map(([n, r]) => `${n}: ${r.figures}`).join('; '),
                warning: parts.some(([, r]) => r.warning),
                error: failed ? new errors/* KeelError */.Ui(`${failed[0]} on the rest: ${failed[1].error.message}`) : undefined,
            };
        },
    },
};
/** Everything checked before the first stage runs: inputs, credentials, the spec, each stage's settings. */
async function prepare(inputs, log) {
    checkSkip(inputs);
    const connection = (0,common_connection.connectionFrom)(inputs, log);
    const canary = canaryPlan(inputs, connection.endpoints.map((e) => e.name));
    const render = (0,settings/* renderSettings */.c)(inputs);
    const spec = await (0,stage/* readSpec */.Ot)(render.source);
    // A singleton-host that is not one of the hosts: refused before any stage runs (and again against the
    // rendered manifest the deploy and reload stages use).
    (0,processes/* checkSingletonHosts */.Fj)((0,render_processes/* processUnits */.HX)(spec), connection.endpoints.map((e) => e.name));
    return { inputs, log, all: connection, canary, spec, render, ...stageSettings(inputs, spec) };
}
function outputsOf(c, runs) {
    const deployed = runs.deploy?.outputs;
    const hosts = [
        ...JSON.parse(deployed?.hosts ?? '[]'),
        ...JSON.parse(runs.rest?.outputs.hosts ?? '[]'),
    ];
    const watched = runs.watch?.outputs['watch-result'];
    return {
        'rendered-dir': c.renderedDir ?? '',
        service: c.spec.units.service,
        'release-id': deployed?.['release-id'] ?? '',
        'previous-release': deployed?.['previous-release'] ?? '',
        'deployed-hosts': hosts
            .filter((h) => h.ok)
            .map((h) => h.host)
            .join(','),
        'failed-hosts': [deployed?.['failed-hosts'], runs.rest?.outputs['failed-hosts']]
            .filter(Boolean)
            .join(','),
        'canary-hosts': c.canary?.canaries.join(',') ?? '',
        'canary-result': !c.canary ? 'off' : watched === 'healthy' ? 'passed' : (watched ?? 'failed'),
        'serving-release': runs.reload?.outputs['serving-release'] ?? '',
        'rolled-back-hosts': runs.reload?.outputs['rolled-back-hosts'] ?? '',
        'load-requests': runs.reload?.outputs['load-requests'] ?? '',
        'load-ok': runs.reload?.outputs['load-ok'] ?? '',
        'load-failed': runs.reload?.outputs['load-failed'] ?? '',
        'load-held-back': runs.reload?.outputs['load-held-back'] ?? '',
        'smoke-passed': runs.smoke?.outputs.passed ?? '',
        'watch-result': c.inputs.watch > 0 ? (runs.watch?.outputs['watch-result'] ?? '') : 'off',
        grade: runs.smoke?.outputs.grade ?? '',
        version: runs.smoke?.outputs.version ?? '',
    };
}
async function main() {
    await (0,step/* step */.PM)(async () => {
        const inputs = await (0,step/* readInputs */.Ko)(pipeline_inputs.inputs);
        const log = (0,step/* runnerLogger */.hB)();
        const prepared = await prepare(inputs, log);
        const context = {
            ...prepared,
            connection: prepared.canary ? (0,ssh_deploy_stage/* subset */.LE)(prepared.all, prepared.canary.canaries) : prepared.all,
            renderedDir: undefined,
            releaseId: undefined,
            switchedAt: undefined,
            switchedHosts: [],
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
            const r = await runPipeline(pipeline_inputs.STAGES.map((name) => stages[name]), context, [...inputs.skip, ...(inputs.watch > 0 ? [] : ['watch']), ...(context.canary ? [] : ['rest'])], log);
            // A failure or a cancel after the switch: every host still on the unproved release goes back, under
            // the same locks.
            if (!r.ok && r.error) {
                const why = (0,cancel/* isCancelled */.mm)() ? `cancelled (${(0,cancel/* cancelReason */.zw)()})` : r.error.message.split('\n')[0];
                const back = (await revertSwitched(() => context.all, why, log)).filter((b) => b.changed || !b.ok);
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
        const read = async () => (inputs ??= await (0,step/* readInputs */.Ko)(pipeline_inputs.inputs));
        const reverted = await revertSwitched(async () => (0,common_connection.connectionFrom)(await read(), log), 'the run was stopped before the release was proved', log, (0,ssh_deploy_stage/* leftLocks */.ey)()?.locks ?? []);
        // The main step was killed before it could say what it left: this is the run's one error line.
        const done = reverted.filter((x) => x.changed || !x.ok);
        if (done.length)
            core/* error */.z3(`keel: the run was stopped before the release was proved; ${done.map((r) => `${r.host}: ${r.ok ? r.detail : `could NOT switch back to the previous release: ${r.detail}`}`).join('; ')}`, { title: 'keel: rollback' });
        await (0,ssh_deploy_stage/* releaseLeftLocks */.Pr)(read, log);
    });
}


/***/ })

};
