export const id = 286;
export const ids = [286];
export const modules = {

/***/ 6031:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  v: () => (/* binding */ watchRelease)
});

// EXTERNAL MODULE: ./src/actions/common/core.ts
var core = __webpack_require__(1442);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/stats.ts
var stats = __webpack_require__(9176);
// EXTERNAL MODULE: ./src/watch/read.ts
var read = __webpack_require__(2595);
;// CONCATENATED MODULE: ./src/watch/decide.ts
/**
 * The watch's decision (pure): from per-bucket, per-route aggregates of the access log for a baseline window
 * (before the switch) and the watch window (after it), is the new release healthy, regressed, or is there not
 * enough traffic to tell? The rules, all applied to every route's figures and to all routes together:
 *
 * - Too little traffic is never a pass: under `minRequests` requests in the watch window (all routes) the result
 *   is `not-enough-traffic`.
 * - A breach of the spec's thresholds (`alerts.5xx-ratio`, `alerts.latency-p95-seconds`) over the watch window,
 *   on at least `minRequests` requests; a 5xx breach also needs at least `minErrors` 5xx (so one or two stray
 *   errors on light traffic do not roll a release back). Equal to the threshold is not a breach.
 * - A significant rise in 5xx against the baseline: a one-sided two-proportion z-test (pooled), z >
 *   `zCritical` (2.326: p < 0.01), applied only when both windows have `minRequests` requests and the errors the
 *   pooled rate predicts for the watch window are at least `minExpected` (where the normal approximation
 *   holds); under that the test is not run and the thresholds alone decide.
 * - A latency regression against the baseline: the watch window's p95 above `latencyFactor` x the baseline's
 *   p95 and above it by at least `latencyMinDelta` seconds, both windows with `minRequests` requests.
 *
 * p95 comes from a histogram with 19%-wide bins (read.ts) and is reported as the upper edge of its bin: it
 * overstates by at most one bin, the same way in both windows.
 */


const RULES = {
    minRequests: 50,
    minErrors: 5,
    minExpected: 5,
    zCritical: 2.326,
    latencyFactor: 2,
    latencyMinDelta: 0.1,
};
const empty = () => ({ requests: 0, errors: 0, hist: new Array(read/* BINS */.Bp).fill(0) });
function add(into, requests, errors, hist) {
    into.requests += requests;
    into.errors += errors;
    for (const [bin, count] of Object.entries(hist)) {
        const i = Math.min(read/* BINS */.Bp - 1, Math.max(0, Number(bin)));
        if (Number.isFinite(i))
            into.hist[i] += Number(count) || 0;
    }
}
/** The host's aggregates as figures: `buckets` buckets (cells outside them are ignored), routes by base. */
function figures(read, buckets, routeBases) {
    const out = {
        buckets: Array.from({ length: buckets }, empty),
        total: empty(),
        routes: new Map(),
    };
    for (const [b, r, n, e, h] of read.cells) {
        if (!(b >= 0 && b < buckets))
            continue;
        const base = routeBases[r] ?? '?';
        add(out.buckets[b], n, e, h);
        add(out.total, n, e, h);
        if (!out.routes.has(base))
            out.routes.set(base, empty());
        add(out.routes.get(base), n, e, h);
    }
    return out;
}
/** The 95th percentile (upper edge of its histogram bin), or undefined without requests. */
function p95(f) {
    return (0,stats/* percentileOfCounts */.z)(f.hist, 0.95, read/* binUpper */.Wb);
}
const ratio = (f) => (f.requests ? f.errors / f.requests : undefined);
/** One-sided two-proportion z statistic (pooled): how far the watch's 5xx rate is above the baseline's. */
function zScore(base, watch) {
    const p = (base.errors + watch.errors) / (base.requests + watch.requests);
    const se = Math.sqrt(p * (1 - p) * (1 / base.requests + 1 / watch.requests));
    const diff = watch.errors / watch.requests - base.errors / base.requests;
    if (se === 0)
        return diff > 0 ? Infinity : 0;
    return diff / se;
}
const pct = (x) => `${(x * 100).toFixed(1)}%`;
const secs = (x) => `${x.toFixed(3)} s`;
/** The regressions one set of figures shows (empty: none). */
function judge(what, base, watch, t, rules, notes) {
    const out = [];
    if (watch.requests < rules.minRequests)
        return out;
    const r = watch.errors / watch.requests;
    if (r > t.ratio && watch.errors >= rules.minErrors)
        out.push(`${what}: 5xx ${pct(r)} (${watch.errors}/${watch.requests}) is above the threshold ${pct(t.ratio)}`);
    const p = p95(watch);
    if (p > t.p95)
        out.push(`${what}: p95 ${secs(p)} is above the threshold ${secs(t.p95)}`);
    if (!base || base.requests < rules.minRequests) {
        notes.push(`${what}: no comparison with the baseline (${base?.requests ?? 0} request(s) before the switch, ${rules.minRequests} needed)`);
        return out;
    }
    const pooled = (base.errors + watch.errors) / (base.requests + watch.requests);
    if (watch.requests * pooled >= rules.minExpected) {
        const z = zScore(base, watch);
        if (z > rules.zCritical && !out.some((o) => o.includes('5xx')))
            out.push(`${what}: 5xx rose from ${pct(base.errors / base.requests)} to ${pct(r)} (z = ${z.toFixed(2)} > ${rules.zCritical}, p < 0.01)`);
    }
    const pb = p95(base);
    if (p > pb * rules.latencyFactor && p - pb >= rules.latencyMinDelta && !out.some((o) => o.includes('p95')))
        out.push(`${what}: p95 rose from ${secs(pb)} to ${secs(p)} (over ${rules.latencyFactor}x the baseline)`);
    return out;
}
function decide(baseline, watch, thresholds, rules = RULES) {
    const notes = [];
    if (watch.total.requests < rules.minRequests)
        return {
            result: 'not-enough-traffic',
            reasons: [
                `not enough traffic to judge: ${watch.total.requests} request(s) in the watch window, ${rules.minRequests} needed`,
            ],
            notes,
        };
    const reasons = judge('all routes', baseline.total, watch.total, thresholds, rules, notes);
    // Each route on its own: a route that fails while the others are fine is diluted in the total.
    if (watch.routes.size > 1)
        for (const [base, f] of watch.routes) {
            const ignored = [];
            reasons.push(...judge(`route ${base}`, baseline.routes.get(base), f, thresholds, rules, ignored));
        }
    return { result: reasons.length ? 'regressed' : 'healthy', reasons, notes };
}

// EXTERNAL MODULE: ./src/report/chart.ts
var report_chart = __webpack_require__(194);
;// CONCATENATED MODULE: ./src/report/watch.ts
/**
 * The watch in the job summary: per host, the 5xx ratio and p95 per bucket before and after the switch as
 * Mermaid xychart-beta charts (GitHub draws them in job summaries), the spec's threshold as a second line,
 * and the same numbers in a table beside them. Buckets without requests show as 0 in the charts and `-` in
 * the table.
 */


function watchCharts(host, bucketS, baseline, watch, threshold) {
    const xs = [
        ...baseline.map((_, i) => `-${(baseline.length - i) * bucketS}s`),
        ...watch.map((_, i) => `+${i * bucketS}s`),
    ];
    const all = [...baseline, ...watch];
    const ratios = all.map((f) => (ratio(f) ?? 0) * 100);
    const p95s = all.map((f) => p95(f) ?? 0);
    const chart = (title, axis, values, line, digits) => (0,report_chart/* xyChart */.Gp)({ title, x: xs, yLabel: axis, lines: [values, values.map(() => line)], digits });
    return [
        chart(`${host}: 5xx % per ${bucketS} s (switch at +0s; flat line: threshold)`, '5xx %', ratios, threshold.ratio * 100, 2),
        chart(`${host}: p95 seconds per ${bucketS} s (switch at +0s; flat line: threshold)`, 'p95 s', p95s, threshold.p95, 3),
    ];
}
function watchReport(results, bucketS, threshold) {
    const worst = results.some((r) => r.result === 'regressed' || r.result === 'error')
        ? 'failed'
        : results.some((r) => r.result === 'not-enough-traffic')
            ? 'warning'
            : 'ok';
    const charts = [];
    const tables = [
        {
            headers: ['host', 'result', 'why'],
            rows: results.map((r) => [
                r.host,
                r.result,
                [...(r.decision?.reasons ?? []), ...(r.error ? [r.error] : [])].join('; ') || '-',
            ]),
        },
    ];
    for (const r of results) {
        if (!r.baseline || !r.watch)
            continue;
        charts.push(...watchCharts(r.host, bucketS, r.baseline.buckets, r.watch.buckets, threshold));
        const row = (when, f, i) => {
            const q = ratio(f);
            const p = p95(f);
            return [
                `${when}${i * bucketS}s`,
                String(f.requests),
                String(f.errors),
                q === undefined ? '-' : `${(q * 100).toFixed(1)}%`,
                p === undefined ? '-' : p.toFixed(3),
            ];
        };
        tables.push({
            caption: `${r.host}: per ${bucketS} s, before and after the switch (health paths, static files and bots left out)`,
            headers: ['bucket', 'requests', '5xx', '5xx %', 'p95 s'],
            rows: [
                ...r.baseline.buckets.map((f, i) => row('-', f, r.baseline.buckets.length - i)),
                ...r.watch.buckets.map((f, i) => row('+', f, i)),
            ],
        });
    }
    return {
        title: 'keel watch: after the switch',
        status: worst,
        lines: [
            `Thresholds (spec alerts): 5xx ratio ${(threshold.ratio * 100).toFixed(1)}%, p95 ${threshold.p95} s. ` +
                `Against the baseline: a one-sided two-proportion z-test on 5xx (p < 0.01, at least ${RULES.minRequests} requests in each window and ${RULES.minExpected} expected errors), p95 over ${RULES.latencyFactor}x the baseline's and ${RULES.latencyMinDelta * 1000} ms slower. Under ${RULES.minRequests} requests: not enough traffic to judge.`,
            ...results.flatMap((r) => r.decision?.notes.map((n) => `${r.host}: ${n}`) ?? []),
        ],
        charts,
        tables,
    };
}

// EXTERNAL MODULE: ./src/cancel.ts
var cancel = __webpack_require__(833);
// EXTERNAL MODULE: ./src/remote/quote.ts
var quote = __webpack_require__(4414);
// EXTERNAL MODULE: ./src/remote/ssh.ts
var ssh = __webpack_require__(8136);
;// CONCATENATED MODULE: ./src/watch/watch.ts
/**
 * The watch after the switch, per host: the baseline (the proxy's access log for the window before the switch)
 * and the watch window (the same length, from now on), read on the host by read.ts, then decide.ts's verdict.
 *
 * Times are the host's: the log's timestamps are, and the runner's clock may differ from it. Each host is
 * asked its clock first, and the switch time is carried over with the difference. The wait is bounded (the
 * window plus a second for the last lines to be written) and cancellable: a cancel ends it at once.
 */






/** Buckets: a minute from a 5-minute window up; shorter windows get about 6 buckets of 5 s steps. */
function bucketSeconds(windowMs) {
    const s = windowMs / 1000;
    return s >= 300 ? 60 : Math.max(5, Math.ceil(s / 6 / 5) * 5);
}
/** Sleeps, unless the run is cancelled first (then throws the CancelledError). */
function cancellableSleep(ms) {
    return new Promise((resolve, reject) => {
        if (cancel/* cancellation */.WN.aborted)
            return reject(cancel/* cancellation */.WN.reason);
        const stop = () => {
            clearTimeout(timer);
            reject(cancel/* cancellation */.WN.reason);
        };
        const timer = setTimeout(() => {
            cancel/* cancellation */.WN.removeEventListener('abort', stop);
            resolve();
        }, ms);
        cancel/* cancellation */.WN.addEventListener('abort', stop, { once: true });
    });
}
const READ_TIMEOUT_MS = 120_000;
async function readOn(connection, endpoint, log, what, body) {
    return (0,ssh/* withSession */.fQ)(connection, endpoint, log, async (s) => {
        const r = await s.check(what, (0,read.readCommand)(...body), { timeoutMs: READ_TIMEOUT_MS });
        for (const line of r.stderr.split('\n').filter((l) => l.startsWith('keel:')))
            log.warn(`${endpoint.name}: ${line.slice(6)}`);
        return (0,read/* parseRead */.uA)(r.stdout);
    }, (error) => {
        throw new Error(error);
    });
}
async function hostClock(connection, endpoint, log) {
    return (0,ssh/* withSession */.fQ)(connection, endpoint, log, async (s) => {
        const r = await s.check("reading the host's clock", (0,quote/* raw */.lS)('date +%s.%N'), { timeoutMs: 30_000 });
        return Number(r.stdout.trim()) * 1000 - Date.now();
    }, (error) => {
        throw new Error(error);
    });
}
/** Watches every host at the same time; a host that cannot be read is an `error`, never a pass. */
async function watchHosts(connection, hosts, plan, log) {
    const bases = plan.table.routes.map(([b]) => b);
    const buckets = Math.ceil(plan.windowMs / 1000 / plan.bucketS);
    const span = buckets * plan.bucketS;
    return Promise.all(hosts.map(async (host) => {
        const none = { decision: undefined, baseline: undefined, watch: undefined, stats: undefined };
        const endpoint = connection.endpoints.find((e) => e.name === host);
        if (!endpoint)
            return { host, result: 'error', ...none, error: 'not among the hosts given' };
        try {
            const skewMs = await hostClock(connection, endpoint, log);
            const switched = (plan.switchedAt + skewMs) / 1000;
            const base = await readOn(connection, endpoint, log, 'reading the access log before the switch', [
                plan.file,
                { from: switched - span, to: switched, bucket: plan.bucketS, ...plan.table },
            ]);
            const start = base.hostTime;
            const mark = base.mark;
            log.info(`${host}: watching ${plan.file} for ${span} s (${buckets} bucket(s) of ${plan.bucketS} s); baseline: the ${span} s before the switch`);
            await cancellableSleep(span * 1000 + 1000);
            const after = await readOn(connection, endpoint, log, 'reading the access log after the switch', [
                plan.file,
                { from: start, to: start + span, bucket: plan.bucketS, ...plan.table },
                mark,
            ]);
            const baseline = figures(base, buckets, bases);
            const watch = figures(after, buckets, bases);
            const decision = decide(baseline, watch, plan.thresholds);
            return { host, result: decision.result, decision, baseline, watch, stats: after.stats };
        }
        catch (error) {
            (0,cancel/* checkpoint */.Fn)();
            return { host, result: 'error', ...none, error: (0,errors/* errorMessage */.gJ)(error) };
        }
    }));
}

;// CONCATENATED MODULE: ./src/actions/common/watch.ts
/**
 * The watch after the switch, as the root action's watch stage and ssh-deploy's `watch` run it: the window
 * after the switch on every host the release went live on, then the verdict. A regression fails the stage with the reasons (the caller then switches the hosts back the way an
 * unproved release is switched back); too little traffic is a warning saying so, never a pass.
 *
 * On canaries (`canary`), too little traffic fails the stage instead: the canary exists to judge the release
 * before the rest get it, and an unjudged canary is not a pass. The callers then switch the canaries back too,
 * so a failed step leaves the whole fleet on the release it had (the rest were never contacted).
 */




async function watchRelease(target, connection, hosts, windowMs, switchedAt, log, options = {}) {
    const thresholds = target.thresholds;
    const bucketS = bucketSeconds(windowMs);
    const results = await log.group(`Watching ${hosts.length} host(s) for ${windowMs / 1000} s`, () => watchHosts(connection, hosts, {
        file: target.log,
        table: { routes: target.routes, health: target.health },
        windowMs,
        bucketS,
        thresholds,
        switchedAt,
    }, log));
    const bad = results.filter((r) => r.result === 'regressed' || r.result === 'error');
    const thin = results.filter((r) => r.result === 'not-enough-traffic');
    for (const r of options.canary ? [] : thin)
        core/* warning */.$e(`${r.host}: ${r.decision?.reasons[0] ?? 'not enough traffic to judge'}`, {
            title: 'keel: watch',
        });
    const result = results.some((r) => r.result === 'regressed')
        ? 'regressed'
        : bad.length
            ? 'error'
            : thin.length
                ? 'not-enough-traffic'
                : 'healthy';
    const requests = results.reduce((n, r) => n + (r.watch?.total.requests ?? 0), 0);
    const why = bad
        .map((r) => `${r.host}: ${r.result === 'error' ? `could not read the access log: ${r.error}` : r.decision.reasons.join('; ')}`)
        .join('; ');
    return {
        outputs: { 'watch-result': result },
        reports: [watchReport(results, bucketS, thresholds)],
        figures: `${result}: ${requests} request(s) in ${windowMs / 1000} s on ${results.length} host(s)`,
        warning: result === 'not-enough-traffic',
        regressed: result === 'regressed',
        error: options.canary && result === 'not-enough-traffic'
            ? new errors/* KeelError */.Ui(`the canary was not judged: ${thin.map((r) => `${r.host}: ${r.decision?.reasons[0] ?? 'not enough traffic to judge'}`).join('; ')}; an unjudged canary is not a pass, so the rest were not deployed (watch longer, or deploy when the site has traffic)`)
            : bad.length
                ? new errors/* KeelError */.Ui(`${result === 'regressed' ? 'the watch found a regression' : 'the watch could not read every host'}: ${why}`)
                : undefined,
    };
}


/***/ }),

/***/ 3853:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ deploySettings),
/* harmony export */   s: () => (/* binding */ sshDeploySettings)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3916);
/* harmony import */ var _config_hosts_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6593);
/* harmony import */ var _releases_files_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(953);
/* harmony import */ var _releases_fleet_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(5550);
/* harmony import */ var _releases_layout_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(5262);
/* harmony import */ var _releases_shared_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(1613);
/* harmony import */ var _render_manifest_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(8087);
/**
 * ssh-deploy's settings: what a deploy, a rollback or a check needs, parsed and checked once from the action's
 * inputs, every input check that needs more than one input included, all before any host is touched (every
 * error names its input). The stage (stage.ts) takes these, not inputs. The root action shares the release's
 * inputs by the same names and builds its deploy settings with `deploySettings`.
 */









const workspace = () => process.env.GITHUB_WORKSPACE ?? process.cwd();
/** The rollout, the lock and the GitHub Deployment, for deploys and rollbacks alike. */
function hostParts(inputs, problems) {
    const batch = (0,_releases_fleet_js__WEBPACK_IMPORTED_MODULE_5__/* .parseBatchSize */ .DV)(inputs['batch-size']);
    if (typeof batch === 'string')
        problems.push({ field: 'batch-size', message: batch });
    return {
        lock: { waitMs: inputs['lock-wait'], ttlMs: inputs['lock-ttl'] },
        rollout: {
            batch: batch,
            maxParallel: inputs['max-parallel'],
            batchWaitMs: inputs['batch-wait'],
        },
        deployment: inputs['github-deployment']
            ? {
                token: inputs['github-token'] ?? '',
                environment: inputs.environment,
                environmentUrl: inputs['environment-url'],
            }
            : undefined,
    };
}
/**
 * The release: the source directory, what is shipped and how it is built, checked. `renderedLater`: the
 * rendered directory is made by an earlier stage of the root action, so it cannot be checked yet.
 */
function releaseParts(inputs, renderedDir, problems, options) {
    const sourceDir = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(workspace(), inputs.source);
    if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(sourceDir) || !(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(sourceDir).isDirectory())
        problems.push({ field: 'source', message: `${inputs.source} is not a directory in the workspace` });
    const shared = (0,_releases_layout_js__WEBPACK_IMPORTED_MODULE_6__/* .parseShared */ .fj)(inputs.shared);
    for (const p of [...shared.problems, ...(0,_releases_shared_js__WEBPACK_IMPORTED_MODULE_7__/* .sharedPathProblems */ .F)(shared.shared)])
        problems.push({ field: 'shared', message: p });
    for (const p of (0,_releases_files_js__WEBPACK_IMPORTED_MODULE_4__/* .excludeProblems */ .BC)(inputs.exclude))
        problems.push({ field: 'exclude', message: p });
    if (renderedDir && !options.renderedLater) {
        try {
            (0,_render_manifest_js__WEBPACK_IMPORTED_MODULE_8__/* .readRenderedDir */ .LQ)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(workspace(), renderedDir), renderedDir);
        }
        catch (error) {
            if (!(error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz))
                throw error;
            problems.push(...error.problems);
        }
    }
    return {
        source: inputs.source,
        sourceDir,
        exclude: inputs.exclude,
        releaseId: inputs['release-id'],
        installConfig: inputs['install-config'],
        shared: shared.shared,
        keep: inputs.keep,
        venv: {
            mode: inputs.venv,
            systemSitePackages: inputs['venv-system-site-packages'],
            wheelsDir: inputs['wheels-dir'],
            pipArgs: inputs['pip-args'],
        },
        hooks: {
            build: inputs.build,
            beforeSwitch: inputs['before-switch'],
            afterSwitch: inputs['after-switch'],
        },
    };
}
/** A GitHub Deployment needs a token: refused before anything runs. */
function checkDeployment(settings) {
    if (settings.deployment && !settings.deployment.token)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .KeelError */ .Ui("input 'github-token' is empty but 'github-deployment' is on", {
            field: 'github-token',
        });
}
/** Deploy settings from the release's inputs and what the caller knows of the target (the root action's way). */
function deploySettings(inputs, target, options = {}) {
    const problems = [];
    const host = hostParts(inputs, problems);
    const release = releaseParts(inputs, target.renderedDir, problems, options);
    if (problems.length)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(problems);
    checkDeployment(host);
    return { ...target, ...host, ...release };
}
/**
 * ssh-deploy's input helper: the mode's settings, with every input check that needs more than one input; every
 * problem at once. `renderedLater` as in `deploySettings`.
 */
function sshDeploySettings(inputs, options = {}) {
    if (inputs.mode === 'check')
        return {
            mode: 'check',
            check: {
                deployPath: inputs['deploy-path'],
                minFreeMiB: inputs['min-free-space'],
                requireSudo: inputs['require-sudo'],
                service: inputs.service,
                renderedDir: inputs['rendered-dir'],
            },
        };
    const problems = [];
    if (!inputs['deploy-path'])
        problems.push({ field: 'deploy-path', message: `is required for mode ${inputs.mode}` });
    const host = {
        ...hostParts(inputs, problems),
        deployPath: inputs['deploy-path'],
        renderedDir: inputs['rendered-dir'],
        reloadUnit: inputs['reload-unit'],
    };
    const release = inputs.mode === 'deploy' ? releaseParts(inputs, inputs['rendered-dir'], problems, options) : undefined;
    if (inputs.watch > 0 && inputs.mode !== 'deploy')
        problems.push({ field: 'watch', message: 'is only used with mode: deploy' });
    else if (inputs.watch > 0 && !inputs['rendered-dir'])
        problems.push({
            field: 'watch',
            message: "needs 'rendered-dir' (the access log, route table and thresholds come from render-config's manifest)",
        });
    if (inputs.mode !== 'rollback' && inputs['rollback-to'])
        problems.push({ field: 'rollback-to', message: 'is only used with mode: rollback' });
    // The host names as the endpoints will be named (a malformed entry is the connection's error to report).
    const names = inputs.hosts.flatMap((h) => {
        const a = (0,_config_hosts_js__WEBPACK_IMPORTED_MODULE_3__/* .parseHostAddress */ .un)(h);
        return typeof a === 'string' ? [] : [a.host];
    });
    const canary = (0,_releases_fleet_js__WEBPACK_IMPORTED_MODULE_5__/* .parseCanary */ .cR)(inputs.canary, names);
    if (typeof canary === 'string')
        problems.push({ field: 'canary', message: canary });
    else if (canary && inputs.mode !== 'deploy')
        problems.push({ field: 'canary', message: 'is only used with mode: deploy' });
    else if (canary && !(inputs.watch > 0))
        problems.push({
            field: 'canary',
            message: "needs 'watch' (how long to watch the canaries before the rest follow), e.g. watch: 5m; without it nothing would judge the canaries",
        });
    if (problems.length)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(problems);
    checkDeployment(host);
    if (release)
        return {
            mode: 'deploy',
            deploy: {
                ...host,
                ...release,
                watchMs: inputs.watch,
                canary: typeof canary === 'object' ? canary : undefined,
            },
        };
    return { mode: 'rollback', rollback: { ...host, target: inputs['rollback-to'] } };
}


/***/ }),

/***/ 7178:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  GZ: () => (/* binding */ checkHosts),
  H_: () => (/* binding */ deployRelease),
  ey: () => (/* binding */ leftLocks),
  Pr: () => (/* binding */ releaseLeftLocks),
  w6: () => (/* binding */ rollbackRelease),
  LE: () => (/* binding */ subset)
});

// EXTERNAL MODULE: ./src/actions/common/core.ts
var core = __webpack_require__(1442);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/releases/files.ts
var releases_files = __webpack_require__(953);
// EXTERNAL MODULE: ./src/render/index.ts + 4 modules
var render = __webpack_require__(5168);
// EXTERNAL MODULE: ./src/render/manifest.ts
var render_manifest = __webpack_require__(8087);
// EXTERNAL MODULE: ./src/releases/fleet.ts
var fleet = __webpack_require__(5550);
// EXTERNAL MODULE: ./src/releases/layout.ts
var releases_layout = __webpack_require__(5262);
// EXTERNAL MODULE: ./src/releases/lock.ts
var lock = __webpack_require__(8403);
// EXTERNAL MODULE: ./src/remote/ssh.ts
var ssh = __webpack_require__(8136);
// EXTERNAL MODULE: ./src/each-host.ts
var each_host = __webpack_require__(7313);
// EXTERNAL MODULE: ./src/releases/deploy.ts + 5 modules
var deploy = __webpack_require__(4913);
// EXTERNAL MODULE: ./src/releases/archive.ts
var archive = __webpack_require__(596);
// EXTERNAL MODULE: ./src/releases/processes.ts
var releases_processes = __webpack_require__(955);
// EXTERNAL MODULE: ./src/releases/state.ts
var releases_state = __webpack_require__(4487);
;// CONCATENATED MODULE: ./src/releases/rollback.ts
/** Rollback on one host: back to the previous good release (or a named one), the bad one marked, a reload. */




/** Rolls one host back; the caller holds the host's deploy lock (`lease`). */
async function rollbackHost(session, layout, o, log) {
    const host = session.endpoint.name;
    const result = { host, ok: false, from: undefined, to: undefined, error: undefined };
    try {
        const state = await (0,releases_state/* readState */.un)(session, layout);
        const { releases, current } = state;
        result.from = current;
        let target;
        if (o.target) {
            if (!releases.some((r) => r.id === o.target)) {
                throw new errors/* KeelError */.Ui(`${host}: release ${o.target} does not exist (there are: ${releases.map((r) => r.id).join(', ') || 'none'})`, { field: 'rollback-to' });
            }
            if (o.target === current)
                throw new errors/* KeelError */.Ui(`${host}: ${o.target} is already the current release`, { field: 'rollback-to' });
            target = o.target;
        }
        else {
            target = (0,releases_state/* rollbackTargetOf */.bZ)(state.entries, releases, current);
            if (!target)
                throw new errors/* KeelError */.Ui(`${host}: there is no good release before ${current ?? 'the current one'} to roll back to`);
        }
        await (0,releases_state/* switchTo */.S_)(session, layout, target);
        result.to = target;
        if (current)
            await (0,releases_state/* markBad */.Tc)(session, layout, current);
        if (o.reloadUnit)
            await session.check(`reloading ${o.reloadUnit}`, (0,deploy/* reloadCommand */.Bo)(o.reloadUnit), { timeoutMs: 300_000 });
        await (0,releases_processes/* restartProcesses */.Tx)(session, o.processes, o.singletonHost, log);
        await (0,releases_state/* appendLog */.pm)(session, layout, {
            status: 'rolled-back',
            release: current ?? target,
            live: target,
            ...o.run,
        });
        log.info(`${host}: rolled back from ${current ?? '-'} to ${target}`);
        result.ok = true;
    }
    catch (error) {
        result.error = (0,errors/* errorMessage */.gJ)(error);
    }
    return result;
}

;// CONCATENATED MODULE: ./src/releases/run.ts
/**
 * Deploys and rollbacks across hosts: one verified SSH session per host (the deploy lock's lease included), the fleet rules (parallel or rolling
 * batches), and one result per host, including the hosts a failed batch kept from being touched.
 */








async function deployFleet(c, deployPath, options, fleet, log, onLock) {
    const layout = new releases_layout/* Layout */.PE(deployPath);
    // More than one host: archives are packed once for all of them (on one host, streamed as packed).
    const archives = c.endpoints.length > 1 ? await archive/* ArchiveCache */.t.create() : undefined;
    // Singletons (Celery beat) run on the first host of the list only.
    const perHost = {
        ...options,
        singletonHost: options.singletonHost ?? c.endpoints[0]?.name,
        createdAt: new Date(),
        ...(archives ? { archives } : {}),
    };
    try {
        return await singletonsFirst(c, deployPath, options, options.releaseId, log, onLock, perHost.singletonHost, () => (0,each_host/* onEachHost */.V)(c, fleet, log, (s, endpoint) => (0,lock/* withLease */.pS)(c, endpoint, layout, { run: options.run.id, actor: options.run.actor, release: options.releaseId }, options.lock, log, (t, held) => onLock(endpoint, t, held), (lease, prepared, owned) => (0,deploy/* deployToHost */.Tx)(s, layout, { ...perHost, lease, prepared, releaseAtSwitch: owned }, log), 
        // One connection per host: the lock is taken on the deploy's session, and the deploy's first
        // script (firstScript: the prepare, the state, the copy of the live release) rides the take's
        // round trip.
        {
            session: s,
            then: (token) => (0,deploy/* firstScript */.ce)(layout, options, token),
        }), (endpoint, error) => (0,deploy/* emptyResult */.$)(endpoint.name, options.releaseId, error), (b, n, total) => {
            if (total > 1)
                log.info(`batch ${b + 1}/${total}: ${n} host(s)`);
        }));
    }
    finally {
        await archives?.dispose();
    }
}
async function rollbackFleet(c, deployPath, options, fleet, log, onLock) {
    const layout = new releases_layout/* Layout */.PE(deployPath);
    const release = `rollback${options.target ? ` to ${options.target}` : ''}`;
    return singletonsFirst(c, deployPath, options, release, log, onLock, c.endpoints[0]?.name, () => (0,each_host/* onEachHost */.V)(c, fleet, log, (s, endpoint) => (0,lock/* withLease */.pS)(c, endpoint, layout, { run: options.run.id, actor: options.run.actor, release }, options.lock, log, (t, held) => onLock(endpoint, t, held), (lease) => rollbackHost(s, layout, { ...options, singletonHost: c.endpoints[0]?.name, lease }, log), { session: s }), (endpoint, error) => ({
        host: endpoint.name,
        ok: false,
        from: undefined,
        to: undefined,
        error,
    })));
}
/**
 * With a singleton (Celery beat) among the processes: every host's lock is taken first (all or none), then the
 * singleton is stopped on every other host, then `work` runs under those locks. A run that cannot hold every
 * lock changes nothing, so it can never stop the singleton that another run, holding the locks, has just
 * started (and then start its own on another host). Without a singleton, each host's lock is taken when its
 * own deploy starts, as before. `release` is what the lock's holder says (as each host's lease would).
 */
async function singletonsFirst(c, deployPath, options, release, log, onLock, singletonHost, work) {
    if (!options.processes.some((p) => p.singleton))
        return work();
    return (0,lock/* withLocks */.X6)(c, deployPath, release, options.lock, log, async () => {
        // A singleton is stopped on every other host before any host starts it (never twice, not for a moment).
        await (0,releases_processes/* retireSingletons */.gv)(c, options.processes, singletonHost, log);
        return work();
    }, onLock);
}
/** The post step's job: release locks a cancelled or crashed main step left behind (only its own tokens). */
async function releaseLocks(c, deployPath, locks, log) {
    const layout = new releases_layout/* Layout */.PE(deployPath);
    const released = [];
    await Promise.all(c.endpoints
        .filter((e) => locks.some((l) => l.host === e.name))
        .map((e) => (0,ssh/* withSession */.fQ)(c, e, log, async (s) => {
        for (const l of locks.filter((x) => x.host === e.name))
            if (await (0,lock/* releaseLock */.x_)(s, layout, l.token))
                released.push(e.name);
    }, (error) => log.warn(`${e.name}: could not release the deploy lock: ${error}`))));
    return released;
}

// EXTERNAL MODULE: ./src/concurrency.ts
var src_concurrency = __webpack_require__(1532);
// EXTERNAL MODULE: ./src/remote/quote.ts
var quote = __webpack_require__(4414);
;// CONCATENATED MODULE: ./src/remote/preflight.ts



/**
 * Command lines keel never runs as root, for any spec (its rules are rendered by render-config: see
 * src/render/sudoers.ts). `sudo -n -l CMD...` says, without running anything, whether the SSH user may run
 * one: if so, its sudo rules are broader than keel needs (`ALL`, a shell, or a tool with any arguments).
 */
const SUDO_CANARIES = [
    ['/bin/bash'],
    ['/bin/sh', '-c', 'id'],
    ['/usr/bin/systemctl', 'stop', 'ssh.service'],
    ['/usr/bin/journalctl'],
    ['/usr/bin/install', '-m', '4755', '/bin/sh', '/usr/local/bin/keel-canary'],
    ['/usr/bin/cp', '/bin/sh', '/usr/local/bin/keel-canary'],
    ['/usr/bin/tee', '/etc/sudoers.d/keel-canary'],
    ['/usr/bin/cat', '/etc/shadow'],
    ['/usr/bin/rm', '-rf', '/etc/keel-canary'],
    ['/usr/bin/chmod', '4755', '/bin/sh'],
    ['/usr/sbin/nginx', '-c', '/tmp/keel-canary.conf'],
];
/** The facts script: prints `key=value` lines and never fails on a missing tool. */
function factsScript(options) {
    const path = options.deployPath ?? '';
    return (0,quote/* script */.K$)((0,quote/* raw */.lS)('set +e'), (0,quote/* raw */.lS)(`echo "os=$( . /etc/os-release 2>/dev/null && echo "$PRETTY_NAME" || uname -s)"`), (0,quote/* raw */.lS)('echo "kernel=$(uname -r)"'), (0,quote/* raw */.lS)('echo "bash=${BASH_VERSION}"'), (0,quote/* raw */.lS)('echo "python3=$(python3 -c "import sys; print(sys.version.split()[0])" 2>/dev/null || echo missing)"'), (0,quote/* raw */.lS)('echo "sudo=$(sudo -n true 2>/dev/null && echo yes || echo no)"'), 
    // What the SSH user may run as root beyond keel's own command lines (asked, never run).
    (0,quote/* raw */.lS)('broad='), ...SUDO_CANARIES.map((c) => (0,quote.sh) `if sudo -n -l -- ${c} >/dev/null 2>&1; then broad="$broad|"${c.join(' ')}; fi`), (0,quote/* raw */.lS)('echo "sudo.broader=${broad#|}"'), (0,quote/* raw */.lS)('echo "init=$(ps -o comm= -p 1 2>/dev/null || echo unknown)"'), (0,quote/* raw */.lS)('echo "systemd=$(systemctl is-system-running 2>/dev/null || true)"'), (0,quote/* raw */.lS)('echo "cpus=$(nproc 2>/dev/null || echo 1)"'), (0,quote.sh) `p=${path}`, (0,quote/* raw */.lS)('if [ -n "$p" ]; then'), (0,quote/* raw */.lS)('  q="$p"; while [ ! -e "$q" ] && [ "$q" != / ]; do q=$(dirname "$q"); done'), (0,quote/* raw */.lS)('  echo "path.exists=$([ -e "$p" ] && echo yes || echo no)"'), (0,quote/* raw */.lS)('  echo "path.checked=$q"'), (0,quote/* raw */.lS)('  echo "path.writable=$([ -w "$q" ] && echo yes || echo no)"'), (0,quote/* raw */.lS)(`  echo "path.freeMiB=$(df -Pk "$q" 2>/dev/null | awk 'NR==2 {print int($4/1024)}')"`), (0,quote/* raw */.lS)('fi'), 
    // Listening sockets with their processes (as root, through keel's one ss rule, when it is installed:
    // other users' processes are hidden from ss otherwise). Numbered, so a process name cannot pose as a fact.
    ...(options.firewall
        ? [
            (0,quote/* raw */.lS)('{ sudo -n /usr/bin/ss -H -ltnup 2>/dev/null || ss -H -ltnup 2>/dev/null || echo \'unavailable\'; } | awk \'{ print "listen." NR "=" $0 }\''),
        ]
        : []), ...(options.service
        ? [
            (0,quote.sh) `s=${options.service}`,
            (0,quote/* raw */.lS)('echo "service.state=$(systemctl is-active "$s" 2>/dev/null || true)"'),
        ]
        : []));
}
function parseFacts(stdout) {
    const facts = {};
    for (const line of stdout.split('\n')) {
        const i = line.indexOf('=');
        if (i > 0)
            facts[line.slice(0, i)] = line.slice(i + 1).trim();
    }
    return facts;
}
function judge(facts, options) {
    const checks = [];
    checks.push({ name: 'bash', ok: (facts.bash ?? '') !== '', detail: facts.bash || 'missing' });
    checks.push({ name: 'python3', ok: facts.python3 !== 'missing', detail: facts.python3 ?? 'unknown' });
    checks.push({
        name: 'sudo',
        ok: !options.requireSudo || facts.sudo === 'yes',
        detail: facts.sudo === 'yes' ? 'passwordless' : 'not available without a password',
    });
    if (facts.sudo === 'yes') {
        const broader = (facts['sudo.broader'] ?? '').split('|').filter(Boolean);
        checks.push({
            name: 'sudo rules',
            ok: broader.length === 0,
            warning: true,
            detail: broader.length === 0
                ? "no broader than keel's own commands"
                : `broader than keel needs: may run ${broader.map((c) => `\`${c}\``).join(', ')} as root; install the rules render-config renders (sudoers/<app>-keel) instead`,
        });
    }
    const running = facts.systemd ?? '';
    checks.push({
        name: 'systemd',
        ok: true,
        detail: facts.init === 'systemd'
            ? `PID 1, ${running || 'state unknown'}`
            : `not PID 1 (${facts.init ?? 'unknown'})`,
    });
    if (options.deployPath) {
        const free = Number(facts['path.freeMiB'] ?? 'NaN');
        const writable = facts['path.writable'] === 'yes';
        checks.push({
            name: 'deploy path',
            ok: writable,
            detail: `${options.deployPath} ${facts['path.exists'] === 'yes' ? 'exists' : `(nearest: ${facts['path.checked'] ?? '?'})`}, ${writable ? 'writable' : 'NOT writable'}`,
        });
        checks.push({
            name: 'free space',
            ok: Number.isFinite(free) && free >= options.minFreeMiB,
            detail: Number.isFinite(free) ? `${free} MiB (need ${options.minFreeMiB})` : 'unknown',
        });
    }
    if (options.firewall)
        checks.push(...listenerFindings(facts, options.firewall));
    if (options.service) {
        const state = facts['service.state'] || 'unknown';
        checks.push({ name: `service ${options.service}`, ok: state === 'active', detail: state });
    }
    return checks;
}
/** Connects to one host (verifying its key), gathers facts, judges them. Never throws. */
async function preflightHost(c, endpoint, options, log) {
    return (0,ssh/* withSession */.fQ)(c, endpoint, log, async (session) => {
        const hostKey = `${session.hostKey.type} ${session.hostKey.fingerprint} (${session.hostKey.how})`;
        if (session.hostKey.how === 'trust-on-first-use') {
            log.warn(`${endpoint.name}: host key trusted on first use: ${session.hostKey.fingerprint}; pin it`);
        }
        const result = await session.check('preflight', factsScript(options), { timeoutMs: 60_000 });
        const facts = parseFacts(result.stdout);
        const checks = judge(facts, options);
        return {
            host: endpoint.name,
            ok: checks.every((c) => c.ok || c.warning),
            hostKey,
            facts,
            checks,
            error: undefined,
        };
    }, (error) => ({
        host: endpoint.name,
        ok: false,
        hostKey: undefined,
        facts: {},
        checks: [],
        error,
    }));
}
/** Preflight of many hosts at once, at most `concurrency` at a time, results in the order given. */
function preflight(c, options, log, concurrency = 8) {
    return (0,src_concurrency/* mapLimited */.b)(c.endpoints, concurrency, (e) => preflightHost(c, e, options, log));
}
const SS_LINE = /^(tcp|udp)\s+\S+\s+\d+\s+\d+\s+(\S+):(\d{1,5}|\*)\s+\S+(?:\s+(.*))?$/;
/** One `ss -H -ltnup` line, or undefined for anything else (a line a process name broke, a header). */
function parseListener(line) {
    const m = SS_LINE.exec(line.trim());
    if (!m || m[3] === '*')
        return undefined;
    const address = m[2].replace(/%[^\]:]*/g, '').replace(/^\[(.*)\]$/, '$1');
    const processes = [];
    // users:(("name",pid=1,fd=3),...): names may hold quotes, commas or brackets; the pid that follows anchors each.
    for (const p of (m[4] ?? '').matchAll(/\("(.*?)",pid=(\d+),fd=\d+\)/g))
        processes.push({ name: p[1], pid: Number(p[2]) });
    return { proto: m[1], address, port: Number(m[3]), processes };
}
/** Whether a socket bound to this address takes connections from other machines. */
function reachable(address) {
    const a = address.toLowerCase();
    if (a === '*' || a === '0.0.0.0' || a === '::')
        return true;
    return !(/^127\./.test(a) || a === '::1' || /^::ffff:127\./.test(a) || a === 'localhost');
}
/** A process name for a report line: control characters shown as ?, at most 32 characters, quoted. */
function shownName(name) {
    // eslint-disable-next-line no-control-regex -- replacing control characters is the point
    const clean = name.replace(/[\x00-\x1f\x7f]/g, '?');
    return JSON.stringify(clean.length > 32 ? `${clean.slice(0, 32)}...` : clean);
}
/** mode: check's findings: sockets reachable from outside on ports the firewall does not allow. */
function listenerFindings(facts, firewall) {
    const lines = Object.entries(facts)
        .filter(([k]) => /^listen\.\d+$/.test(k))
        .sort(([a], [b]) => Number(a.slice(7)) - Number(b.slice(7)))
        .map(([, v]) => v);
    if (lines.length === 0 || (lines.length === 1 && lines[0] === 'unavailable'))
        return [
            {
                name: 'listening sockets',
                ok: true,
                warning: true,
                detail: 'unknown (ss is not available on the host)',
            },
        ];
    const allowed = new Set(firewall.rules.map((r) => `${r.port}/${r.proto}`));
    const seen = new Set();
    const findings = [];
    for (const l of lines.map(parseListener)) {
        if (!l || !reachable(l.address) || allowed.has(`${l.port}/${l.proto}`))
            continue;
        const where = `${l.address.includes(':') ? `[${l.address}]` : l.address}:${l.port}/${l.proto}`;
        if (seen.has(where))
            continue;
        seen.add(where);
        const names = [...new Set(l.processes.map((p) => `${shownName(p.name)} (PID ${p.pid})`))];
        findings.push({
            name: `port ${l.port}/${l.proto}`,
            ok: false,
            warning: true,
            detail: `${names.length ? names.slice(0, 3).join(', ') : 'a process keel cannot see'} listens on ${where}, reachable from outside, and firewall.allow does not open ${l.port}/${l.proto}: bind it to 127.0.0.1 (or a unix socket), or allow it in the spec`,
        });
    }
    if (findings.length === 0)
        findings.push({
            name: 'listening sockets',
            ok: true,
            detail: `every socket reachable from outside is on a port the firewall allows (${firewall.rules.map((r) => `${r.port}/${r.proto}`).join(', ')})`,
        });
    return findings;
}

// EXTERNAL MODULE: ./src/report/summary.ts
var summary = __webpack_require__(7994);
;// CONCATENATED MODULE: ./src/report/deploy.ts

const kib = (b) => `${(b / 1024).toFixed(0)} KiB`;
function deployReport(release, results) {
    const ok = results.every((r) => r.ok);
    return {
        title: `keel deploy ${release}: ${results.filter((r) => r.ok).length}/${results.length} hosts`,
        status: ok ? 'ok' : 'failed',
        tables: [
            {
                headers: [
                    'host',
                    'result',
                    'previous',
                    'sent',
                    'unchanged',
                    'removed',
                    'bytes',
                    'seconds',
                    'problem',
                ],
                rows: results.map((r) => 'skipped' in r
                    ? [r.host, 'skipped', '-', '-', '-', '-', '-', '-', 'not attempted: an earlier batch failed']
                    : [
                        r.host,
                        r.ok ? 'pass' : r.rolledBack ? 'FAIL (switched back)' : 'FAIL',
                        r.previous ?? '-',
                        String(r.uploadedFiles),
                        String(r.unchangedFiles),
                        String(r.removedFiles),
                        kib(r.uploadedBytes),
                        String(r.seconds),
                        r.error ?? (r.pruned.length ? `pruned ${r.pruned.join(', ')}` : '-'),
                    ]),
            },
        ],
    };
}
function rollbackReport(results) {
    return {
        title: `keel rollback: ${results.filter((r) => r.ok).length}/${results.length} hosts`,
        status: results.every((r) => r.ok) ? 'ok' : 'failed',
        tables: [
            {
                headers: ['host', 'result', 'from', 'to', 'problem'],
                rows: results.map((r) => 'skipped' in r
                    ? [r.host, 'skipped', '-', '-', 'not attempted: an earlier batch failed']
                    : [r.host, (0,summary/* mark */.Gy)(r.ok), r.from ?? '-', r.to ?? '-', r.error ?? '-']),
            },
        ],
    };
}

;// CONCATENATED MODULE: ./src/report/preflight.ts

function preflightReport(reports) {
    const ok = reports.every((r) => r.ok);
    return {
        title: `keel host check: ${reports.filter((r) => r.ok).length}/${reports.length} hosts ready`,
        status: ok ? 'ok' : 'failed',
        tables: [
            {
                headers: ['host', 'result', 'host key', 'os', 'python3', 'sudo', 'systemd', 'problems'],
                rows: reports.map((r) => [
                    r.host,
                    (0,summary/* mark */.Gy)(r.ok),
                    r.hostKey ?? '-',
                    r.facts.os ?? '-',
                    r.facts.python3 ?? '-',
                    r.facts.sudo ?? '-',
                    r.facts.init === 'systemd' ? r.facts.systemd || 'yes' : r.facts.init ? 'no' : '-',
                    r.error ??
                        (r.checks
                            .filter((c) => !c.ok)
                            .map((c) => `${c.name}: ${c.detail}`)
                            .join('; ') ||
                            '-'),
                ]),
            },
        ],
    };
}

// EXTERNAL MODULE: ./src/actions/common/connection.ts + 1 modules
var connection = __webpack_require__(9221);
// EXTERNAL MODULE: ./src/actions/ssh-deploy/inputs.ts
var inputs = __webpack_require__(2685);
// EXTERNAL MODULE: ./src/actions/common/watch.ts + 3 modules
var watch = __webpack_require__(6031);
// EXTERNAL MODULE: ./src/releases/revert.ts
var revert = __webpack_require__(7506);
// EXTERNAL MODULE: external "node:perf_hooks"
var external_node_perf_hooks_ = __webpack_require__(643);
;// CONCATENATED MODULE: ./src/actions/ssh-deploy/stage.ts
/**
 * ssh-deploy's work, shared by its own entry and the root pipeline action: settings (settings.ts) and a connection in,
 * outputs, reports and key figures out (a failure after the hosts were touched is returned, not thrown, so
 * the outputs and reports are still written).
 */





















const workspace = () => process.env.GITHUB_WORKSPACE ?? process.cwd();
/**
 * Remembers each lock held (and where) in the step state, for the post step: taken ones are added, released
 * ones removed, so after a run that ended normally the post step has nothing to do and connects nowhere.
 */
function lockRecorder(deployPath) {
    let locks = [];
    core/* saveState */.LZ(inputs.state.deployPath, deployPath);
    return (e, token, held) => {
        locks = held ? [...locks, { host: e.name, token }] : locks.filter((l) => l.token !== token);
        core/* saveState */.LZ(inputs.state.locks, JSON.stringify(locks));
    };
}
/** The locks the main step still held when it ended (the post step's view), and where. */
function leftLocks() {
    const saved = core/* getState */.Gu(inputs.state.locks);
    const deployPath = core/* getState */.Gu(inputs.state.deployPath);
    if (!saved || !deployPath)
        return undefined;
    return { deployPath, locks: JSON.parse(saved) };
}
/** The post step of ssh-deploy and of the pipeline: release any deploy lock the main step still held. */
async function releaseLeftLocks(readConnectionInputs, log) {
    const left = leftLocks();
    if (!left || left.locks.length === 0)
        return;
    const { deployPath, locks } = left;
    const released = await releaseLocks((0,connection.connectionFrom)(await readConnectionInputs(), log), deployPath, locks, log);
    for (const h of released)
        core/* warning */.$e(`${h}: released the deploy lock the main step left behind`, { title: 'keel: lock' });
}
/** render-config's output: files for the release itself (gunicorn.conf.py) and for the host (units, site, ...). */
function rendered(dir, installConfig) {
    if (!dir)
        return {
            extra: [],
            hostFiles: [],
            units: { service: undefined, socket: undefined },
            processes: [],
            firewall: undefined,
            proxyVersions: undefined,
            watch: undefined,
        };
    const { manifest, content } = (0,render_manifest/* readRenderedDir */.LQ)((0,external_node_path_.resolve)(workspace(), dir), dir);
    return {
        extra: manifest.files
            .filter((f) => f.scope === 'release')
            .map((f) => ({ path: f.install, content: content(f.name), mode: parseInt(f.mode, 8) })),
        hostFiles: installConfig
            ? manifest.files
                .filter((f) => f.scope === 'host' && (0,render/* installedByKeel */.lo)(f))
                .map((f) => ({ ...f, content: content(f.name) }))
            : [],
        units: { service: manifest.service, socket: manifest.socket ?? undefined },
        processes: manifest.processes,
        firewall: installConfig ? manifest.firewall : undefined,
        proxyVersions: manifest.versions,
        watch: manifest.watch,
    };
}
/** What deploys and rollbacks share on each host: the reload, the lock, who is running it. */
function hostOptions(settings) {
    return { reloadUnit: settings.reloadUnit, lock: settings.lock, run: (0,lock/* runContext */.pO)() };
}
/**
 * Per-host results to the status/hosts/failed-hosts outputs, and each failed host's cause for the step's one
 * error line (`causes`); the causes go to the log as well, so the step does not annotate them twice.
 */
function hostOutputs(results) {
    const failed = results.filter((r) => !r.ok);
    for (const r of failed)
        core/* info */.pq(`✗ ${r.host}: ${r.error ?? 'failed'}`);
    const causes = failed
        .map((r) => (r.error?.startsWith(`${r.host}:`) ? r.error : `${r.host}: ${r.error ?? 'failed'}`))
        .join('; ');
    return {
        failed,
        causes,
        outputs: {
            status: failed.length === 0 ? 'success' : 'failure',
            hosts: JSON.stringify(results),
            'failed-hosts': failed.map((r) => r.host).join(','),
        },
    };
}
/** A GitHub Deployment for this run, when asked for (never fails the deploy itself). */
async function trackDeployment(record, description, outputs) {
    if (!record)
        return undefined;
    const { startDeployment } = await Promise.all(/* import() */[__webpack_require__.e(413), __webpack_require__.e(887)]).then(__webpack_require__.bind(__webpack_require__, 6887));
    const d = await startDeployment({
        token: record.token,
        environment: record.environment,
        environmentUrl: record.environmentUrl,
        description,
    });
    if (d)
        outputs['deployment-id'] = String(d.id);
    return d;
}
async function checkHosts(settings, connection, log) {
    const reports = await log.group(`Checking ${connection.endpoints.length} host(s)`, () => preflight(connection, {
        deployPath: settings.deployPath,
        minFreeMiB: settings.minFreeMiB,
        requireSudo: settings.requireSudo,
        service: settings.service,
        firewall: rendered(settings.renderedDir, true).firewall,
    }, log));
    const { failed, outputs } = hostOutputs(reports);
    for (const r of reports) {
        for (const c of r.checks.filter((c) => !c.ok))
            (c.warning ? core/* warning */.$e : core/* error */.z3)(`${r.host}: ${c.name}: ${c.detail}`, {
                title: `keel: ${r.host}`,
            });
        if (r.ok)
            log.info(`${r.host}: all checks passed (${r.hostKey})`);
    }
    return {
        outputs,
        reports: [preflightReport(reports)],
        figures: `${reports.length - failed.length}/${reports.length} hosts ready`,
        error: failed.length
            ? new errors/* KeelError */.Ui(`${failed.length} of ${reports.length} host(s) failed the check: ${failed.map((r) => r.error ?? r.host).join('; ')}`)
            : undefined,
    };
}
async function deployRelease(settings, connection, log, 
/** fleetHosts: every host of the run (the root action deploys a part of it at a time), in order. */
options = {}) {
    const source = settings.sourceDir;
    const releaseId = settings.releaseId ?? (0,releases_layout/* defaultReleaseId */.sQ)(new Date(), process.env.GITHUB_SHA);
    const switchedAt = Date.now();
    const { watch: target, firewall, ...made } = rendered(settings.renderedDir, settings.installConfig);
    const fleetHosts = options.fleetHosts ?? connection.endpoints.map((e) => e.name);
    // A singleton-host that is not one of the hosts: refused before any host is touched.
    (0,releases_processes/* checkSingletonHosts */.Fj)(made.processes, fleetHosts);
    if (settings.watchMs > 0 && !target)
        throw new errors/* KeelError */.Ui(settings.renderedDir
            ? `input 'watch': ${settings.renderedDir}/manifest.json has nothing to watch (render it again with this keel)`
            : "input 'watch': needs 'rendered-dir' (the access log, route table and thresholds come from render-config's manifest)", { field: 'watch' });
    // The first hosts' SSH handshakes (one session per host: the lock's lease uses the deploy's) overlap the walk and hashing; nothing
    // runs on a host until the release files are known to be good.
    const startMs = Math.round(external_node_perf_hooks_.performance.now());
    // The first batch (of the canaries, when they go first) is connected while the files are walked.
    const firstTargets = settings.canary ? subset(connection, settings.canary.canaries) : connection;
    const firstHosts = ((0,fleet/* batches */.Xy)(firstTargets.endpoints, settings.rollout.batch)[0] ?? []).slice(0, settings.rollout.maxParallel);
    const ahead = ssh/* SshSession */.vM.preconnect(connection, firstHosts, 1, log);
    const walkStarted = Date.now();
    const files = await log
        .group('Collecting the release files', async () => {
        const f = await (0,releases_files/* walk */.GG)(source, settings.exclude, {
            onSkip: (path, why) => log.warn(`${settings.source}: ${path}: ${why}`),
            entryModule: (0,releases_files/* entryModuleOf */.ar)(made.extra),
        });
        log.info(`${f.filter((e) => e.type === 'file').length} files, ${(f.reduce((n, e) => n + e.size, 0) / 1048576).toFixed(1)} MiB from ${settings.source}`);
        return f;
    })
        .catch(async (error) => {
        await ahead.dispose();
        throw error;
    });
    log.info(`timing: start ${startMs} ms, walk/hash ${Date.now() - walkStarted} ms`);
    const venvMode = settings.venv.mode;
    const venvEnabled = venvMode === 'on' || (venvMode === 'auto' && files.some((f) => f.path === 'requirements.txt'));
    if (venvMode === 'on' && !files.some((f) => f.path === 'requirements.txt')) {
        throw new errors/* KeelError */.Ui("input 'venv': on, but the release has no requirements.txt", { field: 'venv' });
    }
    const outputs = { 'release-id': releaseId };
    const deployment = await trackDeployment(settings.deployment, `keel deploy ${releaseId}`, outputs).catch(async (error) => {
        await ahead.dispose();
        throw error;
    });
    const filesReadyAt = Date.now();
    const onLock = lockRecorder(settings.deployPath);
    const deployTo = (c) => deployFleet(c, settings.deployPath, {
        releaseId,
        source,
        files,
        ...made,
        // The firewall's proof needs connections of its own: new ones, made after the rules are live (a new
        // options object, so `open` never hands it a session opened ahead while the files were walked).
        firewall: firewall && {
            plan: firewall,
            connect: (endpoint, ms) => ssh/* SshSession */.vM.open(endpoint, connection.credentials, { ...connection.options, connectTimeoutMs: ms, retries: 0 }, log),
        },
        // Deferred: the root action's reload stage restarts them once the web reload is proved.
        processes: options.deferProcesses ? [] : made.processes,
        shared: settings.shared,
        keep: settings.keep,
        venv: {
            enabled: venvEnabled,
            systemSitePackages: settings.venv.systemSitePackages,
            wheelsDir: settings.venv.wheelsDir,
            pipArgs: settings.venv.pipArgs,
        },
        hooks: settings.hooks,
        filesReadyAt,
        ...hostOptions(settings),
        // Celery beat and other singletons: their singleton-host, or else the first host of the whole list,
        // canary first or not.
        singletonHost: fleetHosts[0],
    }, settings.rollout, log, onLock);
    const canary = settings.canary;
    let results;
    let watched;
    /** Hosts never contacted because the canaries did not pass. */
    let untouched = [];
    if (!canary) {
        results = await deployTo(connection).finally(() => ahead.dispose());
        watched =
            target && settings.watchMs > 0 && results.every((r) => r.ok)
                ? await watchAndRevert(settings, connection, log, target, releaseId, switchedAt, results, made.processes)
                : undefined;
    }
    else {
        log.info(`Canary first: ${canary.canaries.join(', ')}; then ${canary.rest.join(', ')} if the canary passes`);
        results = await deployTo(subset(connection, canary.canaries)).finally(() => ahead.dispose());
        if (results.every((r) => r.ok)) {
            watched = await watchAndRevert(settings, connection, log, target, releaseId, switchedAt, results, made.processes, { canary: true });
            if (watched.result === 'healthy') {
                log.info(`Canary passed: deploying ${releaseId} to ${canary.rest.join(', ')}`);
                results = [...results, ...(await deployTo(subset(connection, canary.rest)))];
            }
            else
                untouched = canary.rest;
        }
        else
            untouched = canary.rest;
        outputs['canary-hosts'] = canary.canaries.join(',');
        outputs['canary-result'] = !watched ? 'failed' : watched.result === 'healthy' ? 'passed' : watched.result;
        if (untouched.length)
            log.info(`Canary did not pass: ${untouched.join(', ')} not contacted, still on their previous release`);
    }
    // Round trips to each host, counted by the SSH layer (the lock's included).
    for (const e of connection.endpoints)
        if ((0,ssh/* channelsOpened */.Y1)(e) > 0)
            log.info(`${e.name}: timing: ${(0,ssh/* channelsOpened */.Y1)(e)} SSH channels`);
    const hosts = hostOutputs(results);
    const { failed, causes } = hosts;
    if (untouched.length)
        hosts.outputs.hosts = JSON.stringify([
            ...results,
            ...untouched.map((host) => ({
                host,
                ok: false,
                skipped: true,
                error: 'not deployed: the canary did not pass',
            })),
        ]);
    outputs['watch-result'] = settings.watchMs > 0 ? (watched?.result ?? '') : 'off';
    if (!canary)
        Object.assign(outputs, { 'canary-hosts': '', 'canary-result': 'off' });
    const first = results.find((r) => !('skipped' in r));
    const sentFiles = results.reduce((n, r) => n + ('uploadedFiles' in r ? r.uploadedFiles : 0), 0);
    const sentBytes = results.reduce((n, r) => n + ('uploadedBytes' in r ? r.uploadedBytes : 0), 0);
    Object.assign(outputs, hosts.outputs, {
        'previous-release': first?.previous ?? '',
        'uploaded-bytes': String(sentBytes),
    });
    const ok = failed.length === 0 && !watched?.run.error;
    if (!ok)
        outputs.status = 'failure';
    await deployment?.finish(ok, failed.length
        ? `release ${releaseId} failed on ${failed.map((r) => r.host).join(', ')}`
        : watched?.run.error
            ? `release ${releaseId}: ${watched.run.error.message.slice(0, 120)}`
            : `release ${releaseId} on ${results.length} host(s)`);
    return {
        outputs,
        reports: [deployReport(releaseId, results), ...(watched?.run.reports ?? [])],
        figures: `${releaseId} on ${results.length - failed.length}/${results.length} host(s)` +
            (first?.previous ? ` (was ${first.previous})` : '') +
            `, ${sentFiles} file(s) sent, ${(sentBytes / 1024).toFixed(0)} KiB` +
            (settings.reloadUnit ? `, ${settings.reloadUnit} reloaded` : '') +
            (watched ? `; watch ${watched.run.figures}` : ''),
        warning: watched?.run.warning,
        error: failed.length
            ? new errors/* KeelError */.Ui(`release ${releaseId} failed on ${failed.length} of ${results.length} host(s); each keeps its previous release. ${causes}` +
                (untouched.length ? `; not contacted (the canary did not pass): ${untouched.join(', ')}` : ''))
            : watched?.run.error,
    };
}
/** The same connection, with only the named hosts (in the list's order). */
function subset(c, names) {
    return { ...c, endpoints: c.endpoints.filter((e) => names.includes(e.name)) };
}
/**
 * ssh-deploy's watch: after the switch, the window on every host; on a regression, each host still on the new
 * release goes back to the one it had (marked bad, `reload-unit` reloaded, logged), under the run's locks.
 */
async function watchAndRevert(settings, connection, log, target, releaseId, switchedAt, results, processes, options = {}) {
    const live = results.filter((r) => r.ok && r.switched);
    const run = await (0,watch/* watchRelease */.v)(target, connection, live.map((r) => r.host), settings.watchMs, switchedAt, log, options);
    // Without a canary only a regression switches back; a canary goes back unless it was judged healthy.
    if (!run.regressed && !(options.canary && run.error))
        return { result: run.outputs['watch-result'], run };
    const why = run.error.message.split('\n')[0];
    const layout = new releases_layout/* Layout */.PE(settings.deployPath);
    const back = await Promise.all(live.map(async ({ host, previous }) => {
        const endpoint = connection.endpoints.find((e) => e.name === host);
        if (!previous)
            return { host, ok: false, changed: false, detail: 'no previous release to go back to' };
        return (0,ssh/* withSession */.fQ)(connection, endpoint, log, (s) => (0,revert/* revertUnproved */.I)(s, layout, {
            release: releaseId,
            previous,
            unit: settings.reloadUnit,
            processes,
            singletonHost: connection.endpoints[0]?.name,
        }, why, log), (error) => ({ host, ok: false, changed: false, detail: error }));
    }));
    const state = back
        .map((b) => `${b.host}: ${b.ok ? b.detail : `could NOT switch back: ${b.detail}`}`)
        .join('; ');
    run.error = new errors/* KeelError */.Ui(`${run.error.message}; ${state}`);
    return { result: run.outputs['watch-result'], run };
}
async function rollbackRelease(settings, connection, log) {
    const target = settings.target;
    const processes = rendered(settings.renderedDir, false).processes;
    (0,releases_processes/* checkSingletonHosts */.Fj)(processes, connection.endpoints.map((e) => e.name));
    const outputs = {};
    const deployment = await trackDeployment(settings.deployment, `keel rollback${target ? ` to ${target}` : ''}`, outputs);
    const results = await rollbackFleet(connection, settings.deployPath, { target, processes, ...hostOptions(settings) }, settings.rollout, log, lockRecorder(settings.deployPath));
    const { failed, causes, outputs: hostOuts } = hostOutputs(results);
    const first = results.find((r) => 'to' in r && r.to);
    Object.assign(outputs, hostOuts, {
        'release-id': first?.to ?? '',
        'previous-release': first?.from ?? '',
    });
    await deployment?.finish(failed.length === 0, failed.length === 0 ? `rolled back to ${first?.to ?? '?'}` : 'rollback failed');
    return {
        outputs,
        reports: [rollbackReport(results)],
        figures: `${first?.from ?? '?'} → ${first?.to ?? '?'} on ${results.length - failed.length}/${results.length} host(s)`,
        error: failed.length
            ? new errors/* KeelError */.Ui(`rollback failed on ${failed.length} of ${results.length} host(s): ${causes}`)
            : undefined,
    };
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
/* harmony import */ var _packer_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(9270);
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
                const a = await (0,_packer_js__WEBPACK_IMPORTED_MODULE_9__/* .pack */ .qq)(root, entries, extra, compression);
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

/***/ 4913:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Tx: () => (/* binding */ deployToHost),
  $: () => (/* binding */ emptyResult),
  ce: () => (/* reexport */ firstScript),
  Bo: () => (/* reexport */ reloadCommand),
  bD: () => (/* binding */ reloadTarget)
});

// UNUSED EXPORTS: parsePrepared, prepareBody, prepareScript, quietPlan, readPrepared

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __webpack_require__(8500);
// EXTERNAL MODULE: ./src/cancel.ts
var cancel = __webpack_require__(833);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/remote/quote.ts
var quote = __webpack_require__(4414);
// EXTERNAL MODULE: ./src/releases/packer.ts
var packer = __webpack_require__(9270);
;// CONCATENATED MODULE: ./src/releases/timing.ts
/**
 * Where a step's time goes, phase by phase, for the log (`timing: NAME N ms, ...`), which the benchmark reads
 * to show each deploy's breakdown. Measured by the code that does the work, never estimated.
 */
class Phases {
    last = Date.now();
    ms = new Map();
    /** Adds the time since the previous lap (or since the start) to `name`. */
    lap(name) {
        const now = Date.now();
        this.add(name, now - this.last);
        this.last = now;
    }
    add(name, ms) {
        this.ms.set(name, (this.ms.get(name) ?? 0) + Math.max(0, Math.round(ms)));
    }
    line() {
        return [...this.ms].map(([name, ms]) => `${name} ${ms} ms`).join(', ');
    }
}

// EXTERNAL MODULE: ./src/releases/files.ts
var files = __webpack_require__(953);
// EXTERNAL MODULE: ./src/render/supervisor.ts
var supervisor = __webpack_require__(6076);
// EXTERNAL MODULE: ./src/render/caddy.ts
var caddy = __webpack_require__(7663);
// EXTERNAL MODULE: ./src/render/nginx.ts
var nginx = __webpack_require__(132);
// EXTERNAL MODULE: ./src/render/sudoers.ts
var render_sudoers = __webpack_require__(2907);
// EXTERNAL MODULE: ./src/render/tool-output.ts
var tool_output = __webpack_require__(6844);
// EXTERNAL MODULE: ./src/render/versions.ts
var versions = __webpack_require__(1467);
// EXTERNAL MODULE: ./src/releases/supervisor.ts
var releases_supervisor = __webpack_require__(2342);
;// CONCATENATED MODULE: ./src/releases/install.ts
/**
 * Installing the host-level files render-config made (systemd units, the Nginx or Caddy site, logrotate
 * rules), as root, one named `sudo -n` command at a time: only files that differ are touched, each one is
 * backed up first, the real tools check the result on the host (`nginx -t`, `caddy validate`,
 * `systemd-analyze verify`, `logrotate -d`), and any failure puts every file back as it was. What the
 * proxies' checks print as warnings (on a host, also about other sites) is logged as a warning naming the host
 * and the file, and a host whose Nginx, OpenSSL or Caddy is newer than the versions the files were rendered
 * for says so.
 */









const sha = (t) => (0,external_node_crypto_.createHash)('sha256').update(t).digest('hex');
/**
 * `assumed`: the proxy versions the files were rendered for (the spec's `proxy.versions`); when given, a host
 * running newer ones is reported (the files still work there, they just use the older syntax or curves).
 */
async function installHostFiles(session, files, token, log, assumed) {
    const host = session.endpoint.name;
    const stage = `.keel-stage/${token}`;
    const noop = { changed: [], restore: async () => undefined, commit: async () => undefined };
    if (files.length === 0)
        return noop;
    const hashes = await session.check('comparing installed config files', (0,quote/* script */.K$)((0,quote/* raw */.lS)('set +e'), 
    // A site whose sites-enabled link is gone is not serving: it counts as changed, so it is linked again.
    ...files.map((f) => {
        const link = (0,render_sudoers/* siteLink */.q7)(f);
        const present = link ? (0,quote.sh) `[ -e ${f.install} ] && [ -e ${link} ]` : (0,quote.sh) `[ -e ${f.install} ]`;
        return (0,quote.sh) `if ${present}; then (sha256sum < ${f.install} 2>/dev/null || sudo -n cat ${f.install} | sha256sum) | cut -c1-64; else echo missing; fi`;
    })));
    const current = hashes.stdout.trim().split('\n');
    const changed = files.filter((f, i) => current[i] !== sha(f.content));
    if (changed.length === 0) {
        log.info(`${host}: config files unchanged`);
        return noop;
    }
    if (changed.some((f) => f.install === caddy/* CADDY_MAIN */.kr))
        await refuseForeignCaddyfile(session);
    // Stage the new files in the deploy user's home, then install them as root with explicit owner and mode.
    await session.check('staging config files', (0,quote.sh) `rm -rf ${stage} && mkdir -p ${`${stage}/new`} ${`${stage}/old`} && cd ${`${stage}/new`} && base64 -d | tar -x`, {
        stdin: await tarBase64(changed),
    });
    // A sudoers file that sudo cannot parse would lock every sudo out, the restore included: check it on the
    // host before anything is installed.
    const sudoers = changed.flatMap((f, i) => f.kind === 'sudoers' ? [(0,quote.sh) `/usr/sbin/visudo -c -q -f ${`${stage}/new/${i}`}`] : []);
    if (sudoers.length > 0)
        await session.check('checking the sudoers file with visudo', (0,quote/* script */.K$)(...sudoers));
    // certbot runs the renewal hook as root with /bin/sh months from now: a syntax error would only show then.
    const hooks = changed.flatMap((f, i) => f.kind === 'certbot-hook' ? [(0,quote.sh) `/bin/sh -n ${`${stage}/new/${i}`}`] : []);
    if (hooks.length > 0)
        await session.check('checking the certbot renewal hook with sh -n', (0,quote/* script */.K$)(...hooks));
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
    // keel's default server and Debian's stock welcome site both claim `default_server` on port 80: the stock
    // one is disabled (its link removed, the file kept) when it is exactly as the package installed it, and put
    // back on a restore. A stock site someone changed is left alone: nginx -t then names the conflict.
    const stockDefault = changed.some((f) => f.install === nginx/* NGINX_DEFAULT_SERVER */.tG);
    if (stockDefault)
        steps.push(disableStockDefault(`${stage}/disabled-stock-default`));
    const restore = async () => {
        const back = changed.map((f, i) => (0,quote.sh) `if [ -e ${`${stage}/old/${i}`} ]; then sudo -n cp -a ${`${stage}/old/${i}`} ${f.install}; else sudo -n rm -f ${f.install}; fi`);
        const links = enabled.map((l) => (0,quote.sh) `if sudo -n test -L ${l} && ! sudo -n test -e "$(readlink ${l})"; then sudo -n rm -f ${l}; fi`);
        await session.check('putting the previous config files back', (0,quote/* script */.K$)(...back, ...links, ...(stockDefault
            ? [
                (0,quote.sh) `if [ -e ${`${stage}/disabled-stock-default`} ] && ! sudo -n test -e ${STOCK_DEFAULT.link}; then sudo -n ln -s ${STOCK_DEFAULT.site} ${STOCK_DEFAULT.link}; fi`,
            ]
            : []), ...(changed.some((f) => f.kind.startsWith('systemd'))
            ? [(0,quote/* raw */.lS)('sudo -n systemctl daemon-reload')]
            : [])));
        log.warn(`${host}: config files restored (${changed.map((f) => f.install).join(', ')})`);
    };
    try {
        await session.check('installing config files', (0,quote/* script */.K$)(...steps));
        await validateOnHost(session, changed, log);
    }
    catch (error) {
        await restore();
        throw error;
    }
    log.info(`${host}: installed ${changed.map((f) => f.install).join(', ')}`);
    if (assumed)
        await compareVersions(session, changed, assumed, log);
    return { changed, restore, commit: async () => void (await session.run((0,quote.sh) `rm -rf ${stage}`)) };
}
/**
 * keel's main Caddyfile replaces the host's only when that one is keel's own or Debian's untouched stock file:
 * any other holds someone's sites or options, which would be lost. Checked before anything is changed.
 */
async function refuseForeignCaddyfile(session) {
    const f = caddy/* CADDY_MAIN */.kr;
    const r = await session.run((0,quote/* script */.K$)((0,quote.sh) `if [ ! -e ${f} ]; then echo absent; exit 0; fi`, (0,quote.sh) `if head -n 1 ${f} | grep -q '^# Rendered by keel render-config'; then echo keel; exit 0; fi`, (0,quote.sh) `if ${untouchedConffile('caddy', f)}; then echo stock; else echo foreign; fi`));
    if (r.code === 0 && /^(absent|keel|stock)$/m.test(r.stdout))
        return;
    throw new errors/* KeelError */.Ui(`${session.endpoint.name}: ${f} was not written by keel and is not Debian's own: keel installs its main Caddyfile there (timeouts for slow clients, the catch-all for unknown names, \`import sites/*.caddy\`), which would replace what it holds. Nothing was changed.`, {
        hint: `Move the sites and options in ${f} into files in /etc/caddy/sites/ (keel's main file imports them), remove ${f}, and deploy again.`,
    });
}
/** Debian's stock Nginx site (the welcome page), enabled by the package with `listen 80 default_server`. */
const STOCK_DEFAULT = {
    link: '/etc/nginx/sites-enabled/default',
    site: '/etc/nginx/sites-available/default',
};
/**
 * A shell condition: `path` (which exists) is exactly the conffile `pkg` installed, by dpkg's own md5 of it.
 * A package that is not installed, or a file it does not list, is not untouched.
 */
function untouchedConffile(pkg, path) {
    return (0,quote.sh) `{ want=$(dpkg-query -W -f='\${Conffiles}\n' ${pkg} 2>/dev/null | awk -v f=${path} '$1 == f { print $2 }'); [ -n "$want" ] && [ "$want" = "$(md5sum < ${path} | cut -c1-32)" ]; }`;
}
/** Removes the stock site's link if the site is the package's own (untouched since Debian installed it). */
function disableStockDefault(marker) {
    const { link, site } = STOCK_DEFAULT;
    return (0,quote.sh) `if [ -L ${link} ] && [ "$(readlink ${link})" = ${site} ] && [ -f ${site} ] && ${untouchedConffile('nginx-common', site)}; then sudo -n rm -f ${link} && touch ${marker} && echo ${`disabled Debian's stock default site (${link})`}; fi`;
}
async function validateOnHost(session, changed, log) {
    const host = session.endpoint.name;
    const kinds = new Set(changed.map((f) => f.kind));
    if ([...kinds].some((k) => k.startsWith('systemd-'))) {
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
    // supervisor's program files: their log directories, then supervisord's own parser (reread).
    if (kinds.has('supervisor-program'))
        await (0,releases_supervisor/* checkSupervisorFiles */.aE)(session, changed);
    if (kinds.has('nginx')) {
        const r = await session.run((0,quote/* raw */.lS)('sudo -n nginx -t 2>&1'));
        if (r.code !== 0)
            throw new errors/* KeelError */.Ui(`${session.endpoint.name}: nginx -t failed; the previous Nginx files were put back:\n${r.stdout.trim()}` +
                (/duplicate default server/.test(r.stdout)
                    ? `\nAnother site on the host is the default server too: keel installs its own (${nginx/* NGINX_DEFAULT_SERVER */.tG}, which refuses names no site serves). Remove the other site's default_server, or set proxy.default-server: false in the spec.`
                    : ''));
        // nginx -t checks every site on the host: a warning may be about another one, so each names its file.
        const ours = new Set(changed.filter((f) => f.kind === 'nginx').flatMap((f) => [f.install, siteLinkOf(f)]));
        for (const m of (0,tool_output/* nginxMessages */.TC)(r.stdout).filter(tool_output/* isNginxWarning */.Ng)) {
            const whose = m.file && !ours.has(m.file) ? ' (another file than the ones keel installed)' : '';
            log.warn(`${host}: nginx -t: ${(0,tool_output/* describeMessage */.Xc)(m)}${whose}`, 'nginx -t');
        }
    }
    if (kinds.has('caddy')) {
        const r = await session.run((0,quote/* raw */.lS)("grep -q 'import sites/' /etc/caddy/Caddyfile || { echo '/etc/caddy/Caddyfile does not import sites/*.caddy'; exit 1; }; sudo -n caddy validate --adapter caddyfile --config /etc/caddy/Caddyfile 2>&1"));
        if (r.code !== 0)
            throw new errors/* KeelError */.Ui(`${session.endpoint.name}: caddy validate failed; the previous Caddy files were put back:\n${r.stdout.trim().split('\n').slice(-3).join('\n')}`);
        for (const w of (0,tool_output/* caddyWarnings */.nF)(r.stdout))
            log.warn(`${host}: caddy validate: ${w}`, 'caddy validate');
    }
    for (const f of changed.filter((x) => x.kind === 'logrotate')) {
        const r = await session.run((0,quote.sh) `sudo -n logrotate -d ${f.install} 2>&1`);
        if (r.code !== 0 || /^error:/m.test(r.stdout))
            throw new errors/* KeelError */.Ui(`${session.endpoint.name}: logrotate -d ${f.install} failed:\n${r.stdout.trim().split('\n').slice(-3).join('\n')}`);
    }
}
const siteLinkOf = (f) => f.install.replace('/sites-available/', '/sites-enabled/');
/**
 * When the proxy's files changed: the versions the host runs (`nginx -V`, `caddy version`; no root needed),
 * compared with the ones the files were rendered for. Only informs: an unreadable answer says nothing.
 */
async function compareVersions(session, changed, assumed, log) {
    const kinds = new Set(changed.map((f) => f.kind));
    const found = {};
    // The deploy user's PATH over SSH has no sbin directories, where Debian puts nginx.
    const path = (0,quote/* raw */.lS)('PATH="$PATH:/usr/sbin:/sbin"; export PATH;');
    if (kinds.has('nginx')) {
        const r = await session.run((0,quote.sh) `${path} nginx -V 2>&1`, { timeoutMs: 30_000 });
        Object.assign(found, (0,versions/* parseNginxV */.ml)(r.stdout));
    }
    if (kinds.has('caddy')) {
        const r = await session.run((0,quote.sh) `${path} caddy version 2>&1`, { timeoutMs: 30_000 });
        found.caddy = (0,versions/* parseCaddyVersion */.NQ)(r.stdout);
    }
    const seen = [
        found.nginx && `nginx ${found.nginx}`,
        found.openssl && `OpenSSL ${found.openssl}`,
        found.caddy && `Caddy ${found.caddy}`,
    ].filter(Boolean);
    log.debug(`${session.endpoint.name}: runs ${seen.length ? seen.join(', ') : 'no proxy version keel could read'}`);
    for (const m of (0,versions/* newerThanAssumed */.Zs)(assumed, found))
        log.warn(`${session.endpoint.name}: ${m}`, 'proxy.versions');
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
    // supervisor: `update` restarts only the programs whose files changed.
    if (kinds.has('supervisor-program'))
        await (0,releases_supervisor/* applySupervisorFiles */.If)(session, changed, log);
    if (kinds.has('nginx'))
        await session.check('reloading nginx', (0,quote/* raw */.lS)('if sudo -n systemctl is-active --quiet nginx; then sudo -n systemctl reload nginx; else sudo -n systemctl start nginx; fi'));
    if (kinds.has('caddy'))
        await session.check('reloading caddy', (0,quote/* raw */.lS)('if sudo -n systemctl is-active --quiet caddy; then sudo -n systemctl reload caddy; else sudo -n systemctl start caddy; fi'));
}

// EXTERNAL MODULE: ./src/releases/processes.ts
var processes = __webpack_require__(955);
// EXTERNAL MODULE: ./src/poll.ts
var poll = __webpack_require__(9810);
// EXTERNAL MODULE: ./src/render/firewall.ts
var firewall = __webpack_require__(9386);
;// CONCATENATED MODULE: ./src/releases/firewall.ts
/**
 * Applying the host firewall (spec `firewall:`, rendered as the root-owned script
 * `/usr/local/sbin/keel-<app>-firewall`, see src/render/firewall.ts) with a guard that cannot lock keel out:
 *
 * 1. nothing happens when the script is unchanged and the host says its rules are the ones confirmed last
 *    (`status` = current): re-running a deploy is a no-op;
 * 2. `apply` saves ufw's state and arms a transient systemd timer that puts it back in `revert-after`
 *    seconds (on the host: it fires whatever happens to keel, its runner or the SSH session), then puts
 *    the rules in place and enables ufw;
 * 3. keel opens a NEW SSH connection (a fresh TCP connection and handshake, through the same jump hosts)
 *    and runs `confirm` over it, which cancels the timer. Only a connection made after the rules are live
 *    proves them: the session that applied them is an established connection, which ufw lets through;
 * 4. when the new connection fails, the deploy fails: keel waits for the host's timer to put the previous
 *    rules back, proves a new connection works again, and says so.
 */




const STATUS = new Set(['current', 'pending', 'reverted', 'changed']);
async function firewall_status(session, plan, timeoutMs = 30_000) {
    const r = await session.check('reading the firewall state', (0,quote.sh) `sudo -n ${plan.script} status`, {
        timeoutMs,
    });
    const s = r.stdout.trim();
    if (!STATUS.has(s))
        throw new errors/* KeelError */.Ui(`${session.endpoint.name}: ${plan.script} status said ${JSON.stringify(s.slice(0, 80))}`);
    return s;
}
/** How long a new connection may take to prove the rules: well inside the revert's window. */
function proofTimeoutMs(plan) {
    return Math.min(15_000, Math.floor((plan.revertAfter * 1000) / 3));
}
async function applyFirewall(session, fw, scriptChanged, log) {
    const { plan } = fw;
    const host = session.endpoint.name;
    if (session.endpoint.port !== plan.sshPort)
        throw new errors/* KeelError */.Ui(`${host}: keel connects on port ${session.endpoint.port} but the firewall opens SSH on ${plan.sshPort} (firewall.ssh-port): the rules would shut keel's own connections out; set firewall.ssh-port to ${session.endpoint.port}`, { field: 'firewall.ssh-port' });
    const tools = await session.run((0,quote.sh) `command -v ufw >/dev/null || test -x /usr/sbin/ufw`, {
        timeoutMs: 30_000,
    });
    if (tools.code !== 0)
        throw new errors/* KeelError */.Ui(`${host}: ufw is not installed (apt-get install ufw), but the spec has a firewall: section`, {
            field: 'firewall',
        });
    const before = await firewall_status(session, plan);
    if (before === 'current' && !scriptChanged) {
        log.info(`${host}: firewall unchanged (${plan.rules.map(firewall/* describeRule */.IO).join('; ')})`);
        return 'unchanged';
    }
    if (before === 'pending')
        log.warn(`${host}: an earlier firewall change was never confirmed; its revert runs first`);
    log.info(`${host}: applying the firewall (allowed: ${plan.rules.map(firewall/* describeRule */.IO).join('; ')}); the host reverts it in ${plan.revertAfter}s unless a new SSH connection confirms it`);
    const appliedAt = Date.now();
    const applied = await session.run((0,quote.sh) `sudo -n ${plan.script} apply`, { timeoutMs: 120_000 });
    if (applied.code !== 0 || applied.timedOut) {
        // The revert is armed (or nothing changed); put the saved state back now rather than in N seconds.
        await session.run((0,quote.sh) `sudo -n ${plan.script} revert`, { timeoutMs: 60_000 }).catch(() => undefined);
        throw new errors/* KeelError */.Ui(`${host}: applying the firewall failed (${(applied.stderr || applied.stdout).trim().split('\n').slice(-3).join(' / ') || `exit ${applied.code}`}); the previous rules were put back`);
    }
    // The proof: a connection opened now, after the rules are live.
    let proof;
    let failure;
    try {
        proof = await fw.connect(session.endpoint, proofTimeoutMs(plan));
        const r = await proof.run((0,quote.sh) `sudo -n ${plan.script} confirm`, { timeoutMs: 30_000 });
        if (r.code === 0 && r.stdout.trim() === 'confirmed') {
            log.info(`${host}: firewall applied and confirmed by a new SSH connection (${((Date.now() - appliedAt) / 1000).toFixed(1)}s after apply)`);
            return 'applied';
        }
        failure = `confirming over the new connection failed: ${(r.stderr || r.stdout).trim().slice(0, 200) || `exit ${r.code}`}`;
    }
    catch (error) {
        failure = `a new SSH connection failed after the rules were applied: ${(0,errors/* errorMessage */.gJ)(error)}`;
    }
    finally {
        proof?.close();
    }
    log.warn(`${host}: ${failure}; waiting for the host to put its previous firewall back (within ${plan.revertAfter}s)`);
    throw new errors/* KeelError */.Ui(`${host}: firewall not applied: ${failure}; ${await awaitRevert(session, fw, appliedAt, log)}`, {
        hint: `Nothing of the firewall changed. Check that sshd listens on firewall.ssh-port (${plan.sshPort}) and what /etc/ufw/before.rules does to new connections on ${host}.`,
    });
}
/**
 * After a failed proof: waits (bounded) until the host's timer has reverted, then proves a new connection
 * works again. Returns the sentence for the error; never throws.
 */
async function awaitRevert(session, fw, appliedAt, log) {
    const { plan } = fw;
    const deadline = appliedAt + plan.revertAfter * 1000 + 60_000;
    const { value: last } = await (0,poll/* poll */.w)(async () => {
        // The session that applied the rules is established: ufw keeps it (its state can still be read).
        try {
            return await firewall_status(session, plan, 10_000);
        }
        catch (error) {
            return `unreadable (${(0,errors/* errorMessage */.gJ)(error)})`;
        }
    }, (state) => state === 'reverted', { deadline, delayMs: 2_000 });
    if (last !== 'reverted')
        return `the host did not report its revert within ${Math.round((deadline - appliedAt) / 1000)}s (state: ${last}); check it from the console`;
    // And the old rules let new connections in again.
    let again;
    try {
        again = await fw.connect(session.endpoint, 20_000);
        const s = await firewall_status(again, plan);
        log.info(`${session.endpoint.name}: the previous firewall is back and a new SSH connection works (${s})`);
        return `the host put its previous firewall back after ${Math.round((Date.now() - appliedAt) / 1000)}s and a new SSH connection works again`;
    }
    catch (error) {
        return `the host reverted its firewall, but a new SSH connection still fails (${(0,errors/* errorMessage */.gJ)(error)})`;
    }
    finally {
        again?.close();
    }
}

// EXTERNAL MODULE: ./src/releases/lock.ts
var lock = __webpack_require__(8403);
// EXTERNAL MODULE: ./src/releases/state.ts
var state = __webpack_require__(4487);
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
    const r = await session.check('checking the copy of the previous release for symlinks', sh `cd ${copy} && find . -type l -printf '%P\\0%l\\0'`);
    const found = await judgeCopy(session, layout, copy, manifest, r.stdout, log);
    if (found === false)
        return false;
    if (found.length > 0)
        await session.check('removing the previous release’s own links from the copy', sh `cd ${copy} && xargs -0 rm -f --`, {
            stdin: found.join('\0') + '\0',
        });
    return true;
}
/**
 * The hard-link copy of release `from` at `copy`, made and listed for symlinks in one round trip (`cp -al`,
 * then `find`), then judged as prepareCopy does. Returns keel's own links in it (to remove, e.g. with
 * removeFromCopy along with the deleted files), or false when the copy was thrown away (planted links).
 */
async function copyPrevious(session, layout, from, copy, manifest, log) {
    const r = await session.check('copying the previous release (hard links)', (0,quote/* script */.K$)((0,quote.sh) `cp -al ${from} ${copy}`, (0,quote.sh) `cd ${copy}`, (0,quote/* raw */.lS)("find . -type l -printf '%P\\0%l\\0'")));
    return judgeCopy(session, layout, copy, manifest, r.stdout, log);
}
/** keel's own links in the copy (`find`'s NUL-separated path/target pairs), or false once it is discarded. */
async function judgeCopy(session, layout, copy, manifest, listing, log) {
    const fields = listing.split('\0');
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
    if (planted.length === 0)
        return keels;
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
;// CONCATENATED MODULE: ./src/releases/steps.ts
/**
 * The steps of one release to one host (deployToHost in deploy.ts runs them in order, under the deploy lock):
 * 1 prepare → 2 stage and transfer → 3 shared files → 4 build → 5 finish (final name, host files, firewall,
 * before-switch hook) → 6 atomic switch (and what follows it, or the switch back) → 7 log and prune; `undo`
 * after a failure. One HostDeploy holds what the steps share (the session, the result, what was made).
 */
















const MANIFEST = '.keel/files.json';
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
/**
 * One round trip before staging: the deploy path's folders made, what `current` points to, whether the release
 * exists, whether the host has zstd, and the live release's manifest (read through `current`, which is checked
 * to be one of this deploy path's releases). NUL-separated fields (a manifest is JSON: it has no NUL).
 */
function prepareScript(layout, release) {
    return (0,quote/* script */.K$)((0,quote/* raw */.lS)('set +e'), (0,quote.sh) `mkdir -p ${layout.releases} ${layout.shared} ${layout.meta} || exit 1`, (0,quote/* raw */.lS)("printf 'current\\0'"), (0,quote.sh) `readlink ${layout.current}`, (0,quote/* raw */.lS)("printf '\\0release\\0'"), (0,quote.sh) `if [ -e ${release} ] || [ -L ${release} ]; then printf 'exists\\0'; else printf 'new\\0'; fi`, (0,quote/* raw */.lS)("printf 'zstd\\0'; if command -v zstd >/dev/null; then printf 'yes\\0'; else printf 'no\\0'; fi"), (0,quote/* raw */.lS)("printf 'manifest\\0'"), (0,quote.sh) `cat ${`${layout.current}/${MANIFEST}`} 2>/dev/null`, (0,quote/* raw */.lS)("printf '\\0'"));
}
/**
 * The deploy's first script, for a script that holds the lock and its guard (the take's, or whileHeld): the
 * uploads of dead runs removed (field `partials`, see partialsBody), then prepareScript's fields. With
 * `state`, the release state follows (field `state`: stateScript's records up to `end`; the switch's prune is
 * computed from it, see switchLogPruneRelease). With `copy` (this run's upload folder), the hard-link copy of
 * the live release is made there when `current` is `releases/ID` (a real folder with a manifest) and the new
 * release is not there yet, and listed for symlinks: field `copied` with ID, then the listing to the end
 * (NUL-separated path/target pairs, as copyPrevious's). The guard is let go first (the copy needs only the lock,
 * as before: a big release's copy must not hold every other run's lock operation); so `copy` comes last.
 */
function prepareBody(layout, release, token, o = {}) {
    return [
        (0,quote/* raw */.lS)("printf 'partials\\0'"),
        (0,lock/* partialsBody */.ns)(layout, token),
        (0,quote/* raw */.lS)("printf '\\0'"),
        (0,quote/* raw */.lS)('('),
        prepareScript(layout, release),
        (0,quote/* raw */.lS)(')'),
        ...(o.state
            ? [(0,quote/* raw */.lS)("printf 'state\\0'"), (0,quote/* raw */.lS)('('), (0,state/* stateScript */.nB)(layout), (0,quote/* raw */.lS)(')'), (0,quote/* raw */.lS)("printf 'end\\0'")]
            : []),
        ...(o.copy ? [copyBody(layout, release, o.copy)] : []),
    ];
}
/** The host side of prepareBody's `copy` (a subshell, after the guard is let go). */
function copyBody(layout, release, copy) {
    return (0,quote/* script */.K$)((0,quote/* raw */.lS)('exec 9>&-'), (0,quote/* raw */.lS)('('), (0,quote.sh) `cur=$(readlink ${layout.current}) || exit 0`, (0,quote/* raw */.lS)('case "$cur" in releases/*) id=${cur#releases/} ;; *) exit 0 ;; esac'), (0,quote/* raw */.lS)(`case "$id" in '' | . | .. | */* | -* | .partial-*) exit 0 ;; esac`), (0,quote.sh) `from=${layout.releases}/$id`, (0,quote/* raw */.lS)('[ -d "$from" ] && [ ! -L "$from" ] && [ -f "$from/.keel/files.json" ] || exit 0'), (0,quote.sh) `[ -e ${release} ] || [ -L ${release} ] || [ -e ${copy} ] && exit 0`, (0,quote.sh) `cp -al "$from" ${copy} || exit 1`, (0,quote/* raw */.lS)(`printf 'copied\\0%s\\0' "$id"`), (0,quote.sh) `cd ${copy} || exit 1`, (0,quote/* raw */.lS)("find . -type l -printf '%P\\0%l\\0'"), (0,quote/* raw */.lS)(')'));
}
/** prepareBody's output, read back. */
function parsePrepared(out) {
    return readPrepared(out).facts;
}
function readPrepared(out) {
    const f = out.split('\0');
    const facts = {};
    const r = { facts };
    let i = 0;
    while (i + 1 < f.length) {
        const tag = f[i];
        if (tag === 'state') {
            const end = (0,state/* stateEnd */.dr)(f, i + 1);
            r.state = f.slice(i + 1, end).join('\0');
            i = end + 1;
        }
        else if (tag === 'copied') {
            r.copied = { id: f[i + 1], listing: f.slice(i + 2).join('\0') };
            break;
        }
        else {
            facts[tag] = f[i + 1];
            i += 2;
        }
    }
    return r;
}
/**
 * Nothing is planned to run after the switch (no host files, reload, processes or after-switch hook): the log
 * line, the prune and (when the lease is the deploy's own) the lock's release can ride the switch's script,
 * with the prune computed from the state read at the take.
 */
function quietPlan(o) {
    return o.hostFiles.length === 0 && !o.reloadUnit && o.processes.length === 0 && !o.hooks.afterSwitch;
}
/** A deploy's first script under the lock: prepareBody with the state (when quietPlan) and the live release's copy. */
function firstScript(layout, o, token) {
    return prepareBody(layout, layout.release(o.releaseId), token, {
        state: quietPlan(o),
        copy: layout.partial(o.releaseId, token),
    });
}
/**
 * `sudo -n systemctl reload UNIT`: one named command, so a sudoers rule as narrow as
 * `deploy ALL=(root) NOPASSWD: /usr/bin/systemctl reload shop.service` is enough (never `sudo bash`). An app
 * under supervisor is named `supervisor:PROGRAM`: `sudo -n supervisorctl signal HUP PROGRAM` (the rendered rule).
 */
function reloadCommand(unit) {
    const program = /^supervisor:(.+)$/s.exec(unit)?.[1];
    return program !== undefined
        ? (0,quote.sh) `sudo -n ${supervisor/* SUPERVISORCTL */.cd} signal HUP ${program}`
        : (0,quote.sh) `sudo -n systemctl reload ${unit}`;
}
/** One release on its way to one host: what the steps share. */
class HostDeploy {
    session;
    layout;
    o;
    log;
    result;
    host;
    started = Date.now();
    now = new Date();
    token;
    release;
    partial;
    phases = new Phases();
    /** Whether this run made `release` (so a failure before the switch removes it, and only then). */
    finished = false;
    installed;
    previous;
    /** Nothing runs in the release between unpacking and finishing it: it gets its final name with the upload. */
    finishNow;
    /** The release state as the take's script read it, under the lock (firstScript's `state`, when quietPlan). */
    takeState;
    /** The hard-link copy of the live release the take's script made at `partial`, and its symlink listing. */
    copied;
    /** What the switch's script pruned (switchLogPruneRelease), when it did. */
    prunedAtSwitch;
    constructor(session, layout, o, log, result) {
        this.session = session;
        this.layout = layout;
        this.o = o;
        this.log = log;
        this.result = result;
        this.host = session.endpoint.name;
        this.token = o.lease.token;
        this.release = layout.release(o.releaseId);
        this.partial = layout.partial(o.releaseId, this.token);
        this.finishNow = o.shared.length === 0 && !(o.venv.enabled && hasRequirements(o)) && !o.hooks.build;
        this.phases.add('connect', session.connectMs);
        if (o.filesReadyAt)
            this.phases.add('wait for lock', this.started - o.filesReadyAt);
    }
    /** The hooks' environment. */
    get env() {
        return {
            KEEL_RELEASE: this.o.releaseId,
            KEEL_RELEASE_PATH: this.release,
            KEEL_DEPLOY_PATH: this.layout.root,
            KEEL_PREVIOUS_RELEASE: this.previous ?? '',
        };
    }
    /**
     * 1. Prepare (the lock is held): uploads of dead runs removed, folders, what is live now; in one round trip,
     * the lock's own when the lock was taken for this deploy.
     */
    async prepare() {
        const { session, layout, o, log, host, token, result } = this;
        const prepared = readPrepared(o.prepared ??
            (await o.lease.whileHeld(session, 'preparing the deploy path', firstScript(layout, o, token))));
        const facts = prepared.facts;
        this.takeState = prepared.state;
        this.copied = prepared.copied;
        (0,lock/* reportPartials */.BC)(host, facts.partials ?? '', log);
        // `current` read before the switch: the release live before this one (the log's `previous`).
        this.previous = (0,state/* parseCurrentLink */.r5)(facts.current ?? '', layout);
        result.previous = this.previous;
        if (facts.release === 'exists') {
            throw new errors/* KeelError */.Ui(`${host}: release ${o.releaseId} already exists; give a new 'release-id' (or use mode: rollback to return to it)`, {
                field: 'release-id',
            });
        }
        this.phases.lap('prepare');
        return facts;
    }
    /** 2. Stage: a hard-link copy of the previous release, then only the differences. */
    async stage(facts) {
        const { session, layout, o, log, partial, previous, result } = this;
        (0,cancel/* checkpoint */.Fn)();
        const prevManifest = previous ? (0,files/* parseManifest */.Ng)(facts.manifest) : undefined;
        const full = { send: o.files, remove: [], unchanged: 0 };
        let d = prevManifest ? (0,files/* delta */.pU)(prevManifest, o.files) : full;
        // The copy the take's script made (firstScript) is of the release live then: used when it is the one the
        // delta is against, else removed (a manifest that does not parse, a `current` written another way).
        let copied = this.copied;
        if (copied && !(prevManifest && copied.id === previous)) {
            await session.check('discarding the copy', (0,quote.sh) `rm -rf ${partial}`);
            copied = undefined;
        }
        if (prevManifest && previous) {
            const keels = copied
                ? await judgeCopy(session, layout, partial, prevManifest, copied.listing, log)
                : await copyPrevious(session, layout, layout.release(previous), partial, prevManifest, log);
            // keel's own links first (shared, .venv: never deleted or written through), then the deleted files.
            if (keels)
                await removeFromCopy(session, partial, [...keels, ...d.remove]);
            else
                d = full;
        }
        this.phases.lap('stage (copy)');
        result.unchangedFiles = d.unchanged;
        result.removedFiles = d.remove.length;
        result.uploadedFiles = d.send.filter((e) => e.type === 'file').length;
        return d;
    }
    /** 2. (continued) Pack what changed with keel's files, send it, unpack it (and finish it, when nothing follows). */
    async transfer(d, compression) {
        const { session, o, log, host, partial, release, result, finishNow } = this;
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
                created: (o.createdAt ?? this.now).toISOString(),
            }, null, 2) + '\n',
            mode: 0o644,
        };
        const extra = [
            ...o.extra,
            manifestFile,
            releaseFile,
            { path: 'RELEASE', content: `${o.releaseId}\n`, mode: 0o644 },
        ];
        const archive = o.archives
            ? o.archives.open(o.source, d.send, extra, compression)
            : await (0,packer/* pack */.qq)(o.source, d.send, extra, compression);
        const stop = progress(log, host, archive.bytes);
        try {
            // GNU tar unlinks an existing file before extracting it, so a changed file replaces the hard link instead
            // of writing through it into the previous release (a test checks the previous release is untouched).
            // -i: the archive may be two, one after the other (packer.ts).
            const unpack = compression === 'zstd'
                ? (0,quote.sh) `zstd -dcq | tar -xif - --no-same-owner -C ${partial}`
                : (0,quote.sh) `tar -xizf - --no-same-owner -C ${partial}`;
            if (finishNow)
                this.finished = true; // the release path was free under the lock: whatever is there is this run's
            const upload = session.check('uploading and unpacking the release', (0,quote/* script */.K$)((0,quote.sh) `mkdir -p ${partial}`, unpack, ...(finishNow ? [(0,quote.sh) `mv -T ${partial} ${release}`] : [])), {
                stdin: archive.stream,
                timeoutMs: 3_600_000,
            });
            try {
                await Promise.all([upload, archive.done]);
            }
            catch (error) {
                archive.stream.destroy(); // the local packer stops with it
                // The host's side settles before the clean-up removes what it wrote (bounded: with its input stopped it
                // writes nothing more, and it ends when the session closes).
                await Promise.race([upload.catch(() => undefined), (0,promises_.setTimeout)(5_000, undefined, { ref: false })]);
                throw error;
            }
        }
        finally {
            stop();
        }
        this.phases.lap('pack + transfer');
        result.uploadedBytes = archive.bytes();
        log.info(`${host}: sent ${result.uploadedFiles} file(s), ${(result.uploadedBytes / 1024).toFixed(0)} KiB (${compression}); ${d.unchanged} unchanged, ${d.remove.length} removed`);
    }
    /**
     * 3. Shared files and folders live outside releases and are linked in (never through a symlink).
     * 4. Build: a virtualenv per requirements (shared by releases with the same ones), then the build hook.
     */
    async build() {
        const { session, layout, o, log, host, partial } = this;
        (0,cancel/* checkpoint */.Fn)();
        await (0,shared/* linkShared */.E)(session, layout, partial, o.shared);
        const requirements = hasRequirements(o);
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
        (0,cancel/* checkpoint */.Fn)();
        if (o.hooks.build) {
            await log.group(`${host}: build hook`, () => session.check('the build hook', hookScript(partial, o.hooks.build, { ...this.env, KEEL_RELEASE_PATH: partial }), { timeoutMs: 1_800_000 }));
        }
    }
    /** 5. The release is complete: give it its final name; the host files, the firewall, the before-switch hook. */
    async finish() {
        const { session, o, log, host, partial, release, token } = this;
        (0,cancel/* checkpoint */.Fn)();
        if (!this.finishNow) {
            await session.check('finishing the release', (0,quote.sh) `mv -T ${partial} ${release}`);
            this.finished = true;
        }
        this.phases.lap('link/build');
        const installed = await installHostFiles(session, o.hostFiles, token, log, o.proxyVersions);
        this.installed = installed;
        // The firewall before the switch: a failed one leaves the previous release live.
        if (o.firewall)
            await applyFirewall(session, o.firewall, installed.changed.some((f) => f.kind === 'firewall'), log);
        if (o.hooks.beforeSwitch) {
            await log.group(`${host}: before-switch hook`, () => session.check('the before-switch hook', hookScript(release, o.hooks.beforeSwitch, this.env), {
                timeoutMs: 1_800_000,
            }));
        }
        return installed;
    }
    /** The log line of a deploy that went live. */
    get deployedEntry() {
        return {
            status: 'deployed',
            release: this.o.releaseId,
            previous: this.previous ?? null,
            live: this.o.releaseId,
            ...this.o.run,
        };
    }
    /**
     * 6. Atomic switch: a new symlink under a temporary name, renamed over `current` (rename(2) is atomic), in one
     * script with the lease's check (lock.ts whileHeld). The last point where a cancel leaves nothing to undo.
     * With nothing to run after the switch, the log line and the state for pruning ride the same script (the
     * state is returned). Then the host files, the reload, the processes, the after-switch hook; a failure there
     * switches back to the previous release (when there is one) and marks this one bad.
     */
    async switchOver(installed) {
        const { session, layout, o, log, host, release, result, previous } = this;
        (0,cancel/* checkpoint */.Fn)();
        const quiet = installed.changed.length === 0 && !o.reloadUnit && o.processes.length === 0 && !o.hooks.afterSwitch;
        let logged;
        if (quiet && this.takeState !== undefined) {
            // One round trip for the rest of the deploy: switch, log line, prune, and the lock's release.
            const doomed = (0,state/* pruneAfterSwitch */.ll)((0,state/* parseState */.Bu)(this.takeState, layout), o.releaseId, previous, o.keep, [
                o.releaseId,
                previous,
            ]);
            const done = await (0,state/* switchLogPruneRelease */.uK)(session, layout, o.releaseId, this.deployedEntry, doomed, o.releaseAtSwitch === true);
            result.switched = true;
            if (!done.logged)
                throw new errors/* KeelError */.Ui(`${host}: switched to ${o.releaseId}, but the release log could not be written`);
            if (!done.pruned)
                throw new errors/* KeelError */.Ui(`${host}: switched to ${o.releaseId} and logged it, but removing old releases failed`);
            this.prunedAtSwitch = done;
        }
        else if (quiet)
            logged = await (0,state/* switchAndLog */.yC)(session, layout, o.releaseId, this.deployedEntry);
        else
            await (0,state/* switchTo */.S_)(session, layout, o.releaseId);
        result.switched = true;
        if (logged && !logged.logged)
            throw new errors/* KeelError */.Ui(`${host}: switched to ${o.releaseId}, but the release log could not be written`);
        try {
            if (installed.changed.length > 0)
                await applyHostFiles(session, installed.changed, o.units.service, o.units.socket, log);
            if (o.reloadUnit)
                await session.check(`reloading ${o.reloadUnit}`, reloadCommand(o.reloadUnit), { timeoutMs: 300_000 });
            await (0,processes/* restartProcesses */.Tx)(session, o.processes, o.singletonHost, log);
            if (o.hooks.afterSwitch) {
                await log.group(`${host}: after-switch hook`, () => session.check('the after-switch hook', hookScript(release, o.hooks.afterSwitch, this.env), {
                    timeoutMs: 1_800_000,
                }));
            }
        }
        catch (error) {
            if (previous) {
                log.warn(`${host}: ${(0,errors/* errorMessage */.gJ)(error)}; switching back to ${previous}`);
                const keep = await (0,processes/* keepOnSwitchBack */.iz)(session, layout, o.processes).catch(() => undefined);
                await (0,state/* switchTo */.S_)(session, layout, previous);
                await (0,state/* markBad */.Tc)(session, layout, o.releaseId);
                if (installed.changed.length > 0) {
                    await installed.restore();
                    await applyHostFiles(session, installed.changed, o.units.service, o.units.socket, log);
                }
                if (o.reloadUnit)
                    await session.check(`reloading ${o.reloadUnit} on ${previous}`, reloadCommand(o.reloadUnit), {
                        timeoutMs: 300_000,
                    });
                // The processes go back too (a failed restart here is logged; the deploy's own error is the cause).
                await (0,processes/* restartProcesses */.Tx)(session, o.processes, o.singletonHost, log, keep).catch((e) => log.warn(`${host}: ${(0,errors/* errorMessage */.gJ)(e)}`));
                result.rolledBack = true;
            }
            throw error;
        }
        this.phases.lap('switch');
        return logged;
    }
    /**
     * 7. Log it (unless the switch did), then keep the newest releases by deploy time (never the current one,
     * the previous one, the one a rollback would go to, or one a running master uses), and the venvs they use.
     */
    async record(logged) {
        const { session, layout, o, log, host, result } = this;
        const protect = [o.releaseId, this.previous];
        const pruned = this.prunedAtSwitch
            ? { removed: this.prunedAtSwitch.removed, note: (0,state/* guessedNote */.Jz)((0,state/* parseState */.Bu)(this.takeState ?? '', layout)) }
            : logged
                ? await (0,state/* pruneWith */.zg)(session, layout, logged.state, o.keep, protect)
                : await (0,state/* logAndPrune */.mz)(session, layout, this.deployedEntry, o.keep, protect);
        result.pruned = pruned.removed;
        if (pruned.note)
            log.info(`${host}: ${pruned.note}`);
        if (this.prunedAtSwitch?.kept.length)
            log.info(`${host}: kept ${this.prunedAtSwitch.kept.join(', ')}: a process runs in it`);
        await this.installed?.commit();
        this.phases.lap('log/prune');
    }
    /** After a failure: what was never switched to goes; the log says what happened (unless the lock was lost). */
    async undo(error) {
        const { session, layout, o, result, partial, release } = this;
        result.error = (0,errors/* errorMessage */.gJ)(error);
        // Never switched to: the release (finished or not) goes, and so do the config files installed for it.
        if (!result.switched) {
            await this.installed?.restore().catch(() => undefined);
            await session
                .run(this.finished ? (0,quote.sh) `rm -rf ${partial} ${release}` : (0,quote.sh) `rm -rf ${partial}`)
                .catch(() => undefined);
        }
        // Switched and not switched back (no previous release): the new one stays live.
        const live = result.switched && !result.rolledBack ? o.releaseId : (result.previous ?? null);
        // A run that lost its lock writes nothing more (the run holding it now owns the log).
        if (!o.lease.lost)
            await (0,state/* appendLog */.pm)(session, layout, {
                status: result.rolledBack ? 'rolled-back' : 'failed',
                release: o.releaseId,
                previous: result.previous ?? null,
                live,
                error: result.error,
                ...o.run,
            }).catch(() => undefined);
    }
    /** The host's time and its timing line. */
    end() {
        this.result.seconds = Math.round((Date.now() - this.started) / 100) / 10;
        this.log.info(`${this.host}: timing: ${this.phases.line()}`);
    }
}
function hasRequirements(o) {
    return o.files.find((f) => f.path === 'requirements.txt');
}

;// CONCATENATED MODULE: ./src/releases/deploy.ts


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
async function deployToHost(session, layout, o, log) {
    const run = new HostDeploy(session, layout, o, log, emptyResult(session.endpoint.name, o.releaseId));
    try {
        const facts = await run.prepare(); // 1
        const d = await run.stage(facts); // 2
        await run.transfer(d, facts.zstd === 'yes' ? 'zstd' : 'gzip');
        await run.build(); // 3, 4
        const installed = await run.finish(); // 5
        const logged = await run.switchOver(installed); // 6
        await run.record(logged); // 7
        run.result.ok = true;
    }
    catch (error) {
        await run.undo(error);
    }
    finally {
        run.end();
    }
    return run.result;
}
/** What reloadCommand reloads for an app: its systemd service, or its supervisor program. */
function reloadTarget(r) {
    return r.spec['process-manager'] === 'supervisor' ? `supervisor:${r.name}` : r.units.service;
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
/* unused harmony exports releaseManifestSchema, ALWAYS_EXCLUDED, escapingLinks */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var picomatch__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(4006);
/* harmony import */ var picomatch__WEBPACK_IMPORTED_MODULE_6___default = /*#__PURE__*/__webpack_require__.n(picomatch__WEBPACK_IMPORTED_MODULE_6__);
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(8816);
/* harmony import */ var _concurrency_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(1532);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3916);
/**
 * The files of a release as data: walked from the source directory (with exclude patterns), described by a
 * manifest (path, type, mode, size, sha256), and compared with the previous release's manifest so a redeploy
 * sends only what changed.
 */








/** A path inside the release: relative, no empty, `.` or `..` parts. */
const RELATIVE = /^(?!\/)(?!.*(?:^|\/)\.{0,2}(?:\/|$))/s;
const fileEntrySchema = zod__WEBPACK_IMPORTED_MODULE_5__/* .object */ .Ikc({
    /** Relative POSIX path. */
    path: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().regex(RELATIVE, 'must be a path inside the release'),
    type: zod__WEBPACK_IMPORTED_MODULE_5__/* ["enum"] */ .k5n(['file', 'dir', 'symlink']),
    /** Permission bits, e.g. 0o644. */
    mode: zod__WEBPACK_IMPORTED_MODULE_5__/* .number */ .aig().int().min(0).max(0o7777),
    size: zod__WEBPACK_IMPORTED_MODULE_5__/* .number */ .aig().int().min(0),
    /** sha256 of the content (files), or of the link target (symlinks); '' for directories. */
    hash: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().regex(/^(?:[0-9a-f]{64})?$/, 'must be a sha256 in hex'),
    /** Symlink target. */
    target: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().optional(),
});
/** `.keel/files.json` in each release (written by deploy, read back next time to send only what changed). */
const releaseManifestSchema = zod__WEBPACK_IMPORTED_MODULE_5__/* .object */ .Ikc({ keel: zod__WEBPACK_IMPORTED_MODULE_5__/* .literal */ .euz(1), files: zod__WEBPACK_IMPORTED_MODULE_5__/* .array */ .YOg(fileEntrySchema) });
/** Never shipped: version control, keel's own scratch, Python caches. */
const ALWAYS_EXCLUDED = [
    '.git',
    '.git/**',
    '.keel/rendered/**',
    '**/__pycache__',
    '**/__pycache__/**',
    '**/*.pyc',
];
/** Files up to this size are read and hashed in one synchronous call each; bigger ones are streamed. */
const SMALL = 1 << 20;
async function hashBigFile(path) {
    const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
    for await (const chunk of (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.createReadStream)(path, { highWaterMark: SMALL }))
        hash.update(chunk);
    return hash.digest('hex');
}
/**
 * Gives the event loop a turn (SSH handshakes made meanwhile, timers) every so much synchronous work: the walk
 * and the small files' hashing use synchronous calls, which for thousands of small files from the page cache
 * cost a fraction of one promise per open, stat, read and close each.
 */
function budget(perTurn) {
    let spent = 0;
    return (cost) => {
        spent += cost;
        if (spent < perTurn)
            return undefined;
        spent = 0;
        return new Promise((resolve) => setImmediate(resolve));
    };
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
                picomatch__WEBPACK_IMPORTED_MODULE_6___default().makeRe(p, GLOB);
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
    const always = picomatch__WEBPACK_IMPORTED_MODULE_6___default()(ALWAYS_EXCLUDED, GLOB);
    const byUser = exclude.length > 0 ? picomatch__WEBPACK_IMPORTED_MODULE_6___default()(exclude, GLOB) : () => false;
    const isExcluded = (p) => always(p) || byUser(p);
    const out = [];
    const files = [];
    let excluded = 0;
    const fail = (what, rel, error) => {
        throw sourceError(`cannot ${what} ${JSON.stringify(rel || '.')} in 'source': ${error.message}`);
    };
    const turn = budget(512);
    const sync = (fn, what, rel) => {
        try {
            return fn();
        }
        catch (e) {
            return fail(what, rel, e);
        }
    };
    const visit = async (dir) => {
        const rawNames = sync(() => (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readdirSync)(dir, { encoding: 'buffer' }), 'read the folder', (0,node_path__WEBPACK_IMPORTED_MODULE_3__.relative)(root, dir));
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
            await turn(1);
            const st = sync(() => (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.lstatSync)(abs), 'read', rel);
            const mode = st.mode & 0o7777;
            if (st.isSymbolicLink()) {
                const target = sync(() => (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readlinkSync)(abs, 'utf8'), 'read the link', rel);
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
    // Small files: one synchronous read each (3,000 of them took 0.3-0.5 s as promises, mostly the promises'
    // own round trips through the thread pool), with a turn for the event loop every 4 MiB. Big ones (model
    // weights) are streamed, several at a time.
    const hashTurn = budget(4 * SMALL);
    for (const f of files) {
        if (f.entry.size > SMALL)
            continue;
        const data = sync(() => (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync)(f.abs), 'read', f.entry.path);
        f.entry.hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(data).digest('hex');
        await hashTurn(data.length + 4096);
    }
    await (0,_concurrency_js__WEBPACK_IMPORTED_MODULE_7__/* .mapLimited */ .b)(files.filter((f) => f.entry.size > SMALL), 4, async (f) => {
        f.entry.hash = await hashBigFile(f.abs).catch((e) => fail('read', f.entry.path, e));
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
/**
 * Parses a release's manifest read from a host; undefined when it is missing or not keel's (damaged, edited,
 * from another tool), and the deploy then sends every file instead of trusting it.
 */
function parseManifest(text) {
    if (!text)
        return undefined;
    let json;
    try {
        json = JSON.parse(text);
    }
    catch {
        return undefined;
    }
    const parsed = releaseManifestSchema.safeParse(json);
    return parsed.success ? parsed.data.files : undefined;
}


/***/ }),

/***/ 9270:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   qq: () => (/* binding */ pack)
/* harmony export */ });
/* unused harmony exports nativePackerAvailable, nameList, tarArgs */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6466);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_stream_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8522);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_zlib__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var tar_stream__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6118);
/* harmony import */ var _archive_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(596);
/**
 * The fast packer: the runner's own GNU tar and zstd (`tar -I 'zstd -1'`), native processes that pack a release
 * several times faster than tar-stream in the action's process (which reads, frames and compresses every file
 * on the one JavaScript thread, next to ssh2's encryption). Names are handed to tar NUL-separated and verbatim
 * (`--null --verbatim-files-from -T -`), so a name with a newline, a quote, a backslash or a leading dash is
 * the file it names and never an option. Only the entries given are packed (`--no-recursion`), links are kept
 * as links, hard links are stored as the files they are (`--hard-dereference`: a redeploy may send one of two
 * linked files), and a file that changes while tar reads it fails the pack.
 *
 * keel's own files (the manifest, the rendered config) follow as a second archive (tar-stream, in memory),
 * compressed as a second zstd frame: zstd -d reads the frames as one stream and the host's `tar -i` reads past
 * the first archive's end. Used when the runner has GNU tar and zstd and the host has zstd; archive.ts's
 * packStream otherwise (and KEEL_PACKER=node forces it).
 */






let probed;
/** Whether the runner has GNU tar (with --verbatim-files-from) and zstd; asked once per process. */
function nativePackerAvailable() {
    if (process.env.KEEL_PACKER === 'node')
        return Promise.resolve(false);
    probed ??= Promise.all([
        version('tar', /GNU tar\) (\d+)\.(\d+)/, (major, minor) => major > 1 || minor >= 29),
        version('zstd', /v(\d+)\.(\d+)/, () => true),
    ]).then(([t, z]) => t && z);
    return probed;
}
function version(cmd, re, ok) {
    return new Promise((resolve) => {
        (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.execFile)(cmd, ['--version'], { timeout: 5_000 }, (error, stdout) => {
            const m = re.exec(stdout ?? '');
            resolve(!error && !!m && ok(Number(m[1]), Number(m[2])));
        });
    });
}
/** The NUL-separated list of names tar reads (the entries' relative paths, in order). */
function nameList(entries) {
    return Buffer.concat(entries.map((e) => Buffer.from(`${e.path}\0`, 'utf8')));
}
/** GNU tar's arguments: an archive of exactly the listed names under `root`, on stdout. */
function tarArgs(root) {
    return [
        '--create',
        '--file=-',
        '--format=gnu',
        '--no-recursion',
        '--hard-dereference',
        // zstd run by tar itself, its output on tar's stdout (tar's exit status covers it).
        '--use-compress-program=zstd -1 -q',
        // Before the list: tar applies -C to the names that follow it.
        `--directory=${root}`,
        '--null',
        '--verbatim-files-from',
        '--files-from=-',
    ];
}
/** A tar of keel's own files (small, in memory). */
function extraArchive(extra) {
    const pack = tar_stream__WEBPACK_IMPORTED_MODULE_4__.pack();
    const mtime = new Date();
    const dirs = new Set();
    for (const f of extra) {
        const parts = f.path.split('/').slice(0, -1);
        for (let i = 1; i <= parts.length; i++) {
            const d = parts.slice(0, i).join('/');
            if (!dirs.has(d)) {
                dirs.add(d);
                pack.entry({ name: d, type: 'directory', mode: 0o755, mtime });
            }
        }
        pack.entry({ name: f.path, type: 'file', mode: f.mode, mtime }, f.content);
    }
    pack.finalize();
    return pack;
}
/**
 * Packs with the native packer when it can (zstd only), else with tar-stream. The host must unpack with
 * `tar -i` (both archives may be two, one after the other).
 */
async function pack(root, entries, extra, compression) {
    if (compression !== 'zstd' || !(await nativePackerAvailable()))
        return (0,_archive_js__WEBPACK_IMPORTED_MODULE_5__/* .packStream */ .c)(root, entries, extra, compression);
    return nativePack(root, entries, extra);
}
function nativePack(root, entries, extra) {
    let count = 0;
    const counter = new node_stream__WEBPACK_IMPORTED_MODULE_1__.Transform({
        transform(chunk, _enc, cb) {
            count += chunk.length;
            cb(null, chunk);
        },
    });
    const out = new node_stream__WEBPACK_IMPORTED_MODULE_1__.PassThrough({ highWaterMark: 1 << 20 });
    counter.pipe(out);
    const children = [];
    // Waits until the consumer takes more, or is gone (then packing stops: nothing would read it).
    const drained = () => new Promise((resolve, reject) => {
        if (out.destroyed)
            return reject(new Error('packing the release: the upload stopped'));
        const go = () => {
            counter.off('drain', go);
            out.off('close', go);
            if (out.destroyed)
                reject(new Error('packing the release: the upload stopped'));
            else
                resolve();
        };
        counter.on('drain', go);
        out.on('close', go);
    });
    const ended = (child, name, stderr) => new Promise((resolve, reject) => {
        child.on('error', (e) => reject(new Error(`${name}: ${e.message}`)));
        child.on('close', (code, signal) => code === 0
            ? resolve()
            : reject(new Error(`packing the release: ${name} ${signal ? `was killed by ${signal}` : `exited with code ${code}`}${stderr() ? `: ${stderr().trim().split('\n').slice(-3).join('; ')}` : ''}`)));
    });
    const done = (async () => {
        if (entries.length > 0) {
            // Its own process group: the runner's SIGINT to the step's group on cancel must not kill it before the
            // host's side is stopped (keel stops it itself, after).
            const t = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)('tar', tarArgs(root), { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
            children.push(t);
            let tErr = '';
            t.stderr.on('data', (d) => (tErr = (tErr + d.toString()).slice(-4000)));
            t.stdin.on('error', () => undefined); // tar's own exit status reports why it stopped reading
            t.stdin.end(nameList(entries));
            const tarDone = ended(t, 'tar', () => tErr);
            tarDone.catch(() => undefined);
            for await (const chunk of t.stdout) {
                if (!counter.write(chunk))
                    await drained();
            }
            await tarDone;
        }
        const x = (0,node_zlib__WEBPACK_IMPORTED_MODULE_3__.createZstdCompress)({ params: { [node_zlib__WEBPACK_IMPORTED_MODULE_3__.constants.ZSTD_c_compressionLevel]: 3 } });
        await (0,node_stream_promises__WEBPACK_IMPORTED_MODULE_2__.pipeline)(extraArchive(extra), x, async (source) => {
            for await (const chunk of source) {
                if (!counter.write(chunk))
                    await drained();
            }
        });
        counter.end();
    })();
    // The packer never outlives the upload: killed, and its pipes closed (an unread pipe would keep the step alive).
    const stop = () => {
        for (const c of children) {
            if (c.exitCode === null && c.signalCode === null)
                c.kill('SIGKILL');
            c.stdin?.destroy();
            c.stdout?.destroy();
            c.stderr?.destroy();
        }
    };
    done.catch((error) => {
        stop();
        out.destroy(error);
    });
    out.on('close', stop);
    out.on('error', () => undefined); // the failure is reported by `done`, which the caller awaits
    return { stream: out, bytes: () => count, done };
}


/***/ }),

/***/ 7506:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   I: () => (/* binding */ revertUnproved)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _deploy_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4913);
/* harmony import */ var _state_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4487);
/* harmony import */ var _processes_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(955);
/**
 * Undoing a switch that nothing proved: the repair a cancelled or killed run needs when it had already pointed
 * `current` at the new release and the reload that would prove (or roll back) that release never finished.
 */




/**
 * Switches `current` back to the previous release when (and only when) it still points at the unproved one,
 * marks that one bad, reloads the service, puts the processes that had moved to it back, and records it in the
 * release log. Never throws.
 */
async function revertUnproved(session, layout, u, why, log) {
    const host = session.endpoint.name;
    try {
        const current = await (0,_state_js__WEBPACK_IMPORTED_MODULE_2__/* .currentRelease */ .BX)(session, layout);
        if (current !== u.release)
            return {
                host,
                ok: true,
                changed: false,
                detail: `current is ${current ?? 'unset'}, not ${u.release}: nothing to undo`,
            };
        const keep = u.processes?.length ? await (0,_processes_js__WEBPACK_IMPORTED_MODULE_3__/* .keepOnSwitchBack */ .iz)(session, layout, u.processes) : undefined;
        await (0,_state_js__WEBPACK_IMPORTED_MODULE_2__/* .switchTo */ .S_)(session, layout, u.previous);
        await (0,_state_js__WEBPACK_IMPORTED_MODULE_2__/* .markBad */ .Tc)(session, layout, u.release);
        if (u.unit)
            await session.check(`reloading ${u.unit}`, (0,_deploy_js__WEBPACK_IMPORTED_MODULE_1__/* .reloadCommand */ .Bo)(u.unit), { timeoutMs: 120_000 });
        if (u.processes?.length)
            await (0,_processes_js__WEBPACK_IMPORTED_MODULE_3__/* .restartProcesses */ .Tx)(session, u.processes, u.singletonHost, log, keep);
        await (0,_state_js__WEBPACK_IMPORTED_MODULE_2__/* .appendLog */ .pm)(session, layout, {
            release: u.release,
            previous: u.previous,
            status: 'rolled-back',
            live: u.previous,
            error: why,
        });
        const detail = `switched back to ${u.previous}${u.unit ? ` and reloaded ${u.unit}` : ''}${u.processes?.length ? ', the processes on it' : ''}`;
        log.info(`${host}: ${u.release} was never proved (${why}): ${detail}`);
        return { host, ok: true, changed: true, detail };
    }
    catch (error) {
        return { host, ok: false, changed: false, detail: (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(error) };
    }
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


/***/ })

};
