export const id = 207;
export const ids = [207];
export const modules = {

/***/ 1262:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $D: () => (/* binding */ reloadSettings),
/* harmony export */   RI: () => (/* binding */ loadProbe),
/* harmony export */   xS: () => (/* binding */ renderedProcesses)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _render_manifest_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8087);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3916);
/* harmony import */ var _releases_fleet_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5550);
/**
 * reload-graceful's settings: what a proved reload needs, parsed and checked once from the action's inputs
 * (every error names its input). The stage (stage.ts) takes these, not inputs; the root action builds them
 * from its own inputs and the spec (with `loadProbe` for the inputs both share).
 */




/** The load probe: requests at `load-rate` to `load-url` through the reload (undefined without `load-url`). */
function loadProbe(inputs) {
    return inputs['load-url']
        ? {
            url: inputs['load-url'],
            address: inputs['load-address'],
            ca: inputs.ca,
            rate: inputs['load-rate'],
            timeoutMs: 10_000,
            windowMs: inputs['load-window'],
            maxFailed: inputs['max-failed-requests'],
        }
        : undefined;
}
/** The processes beside the app in render-config's manifest in `dir` (none without one). */
function renderedProcesses(dir) {
    return dir
        ? (0,_render_manifest_js__WEBPACK_IMPORTED_MODULE_1__/* .readRenderedDir */ .LQ)((0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(process.env.GITHUB_WORKSPACE ?? process.cwd(), dir), dir).manifest.processes
        : [];
}
/** reload-graceful's input helper: checks the inputs that depend on each other; every problem at once. */
function reloadSettings(inputs) {
    const problems = [];
    const strategy = inputs.strategy;
    if (strategy === 'usr2') {
        if (!inputs.pidfile)
            problems.push({ field: 'pidfile', message: "is required for strategy 'usr2'" });
        if (inputs.unit)
            problems.push({ field: 'unit', message: "is not used by strategy 'usr2' (give 'pidfile')" });
    }
    else {
        if (!inputs.unit)
            problems.push({ field: 'unit', message: `is required for strategy '${strategy}'` });
        if (inputs.pidfile)
            problems.push({ field: 'pidfile', message: `is only used by strategy 'usr2'` });
    }
    if (inputs['previous-release'] && !inputs['deploy-path'])
        problems.push({ field: 'previous-release', message: "needs 'deploy-path' (where releases live)" });
    if (inputs['app-module'] && !inputs['deploy-path'])
        problems.push({
            field: 'app-module',
            message: "needs 'deploy-path' (the boot check imports the new release)",
        });
    const batch = (0,_releases_fleet_js__WEBPACK_IMPORTED_MODULE_3__/* .parseBatchSize */ .DV)(inputs['batch-size']);
    if (typeof batch === 'string')
        problems.push({ field: 'batch-size', message: batch });
    const rendered = inputs['rendered-dir'];
    if (rendered && !inputs['deploy-path'])
        problems.push({
            field: 'rendered-dir',
            message: "needs 'deploy-path' (which release the processes run is read from `current`)",
        });
    if (problems.length)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(problems);
    return {
        options: {
            strategy,
            unit: inputs.unit,
            pidfile: inputs.pidfile,
            deployPath: inputs['deploy-path'],
            previous: inputs['previous-release'],
            expected: inputs['expected-version'],
            gate: {
                upstream: inputs.upstream,
                readinessPath: inputs['readiness-path'],
                versionPath: inputs['version-path'] || undefined,
                publicUrl: inputs.url,
                publicAddress: inputs.address,
                ca: inputs.ca,
                deadlineMs: inputs.timeout,
            },
            timeoutMs: inputs.timeout,
            rollback: inputs.rollback,
            bootCheck: { module: inputs['app-module'], python: inputs.python },
            proxy: inputs.proxy,
            processes: renderedProcesses(rendered),
        },
        batch: batch,
        load: loadProbe(inputs),
        maxFailedRequests: inputs['max-failed-requests'],
    };
}


/***/ }),

/***/ 9366:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  T: () => (/* binding */ reloadService)
});

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/releases/lock.ts
var lock = __webpack_require__(8403);
// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __webpack_require__(8500);
// EXTERNAL MODULE: ./src/stats.ts
var stats = __webpack_require__(9176);
// EXTERNAL MODULE: ./src/probes/http.ts
var http = __webpack_require__(9879);
;// CONCATENATED MODULE: ./src/probes/load.ts



/** Held back requests allowed before the probe is judged unable to keep its rate: 1% of those scheduled. */
const heldBackAllowed = (scheduled) => Math.floor(scheduled / 100);
/** At most 60 points: 1 s steps up to a minute, longer ones beyond. */
function timelineOf(samples, seconds, marks) {
    const step = Math.max(1, Math.ceil(seconds / 60));
    const n = Math.max(1, Math.ceil(seconds / step));
    const buckets = Array.from({ length: n }, () => []);
    for (const s of samples)
        buckets[Math.min(n - 1, Math.max(0, Math.floor((s.at ?? 0) / step)))].push(s);
    return {
        step,
        points: buckets.map((b, i) => ({
            at: i * step,
            requests: b.length,
            failed: b.filter((s) => !s.ok).length,
            p95: round((0,stats/* percentile */.Y)(b.map((s) => s.ms).sort((x, y) => x - y), 0.95)),
        })),
        during: marks.during,
        after: marks.after,
    };
}
const round = (v) => (v === undefined ? undefined : Math.round(v * 10) / 10);
const perRequest = (cpuMicros, n) => n > 0 ? Math.round((cpuMicros / 1000 / n) * 100) / 100 : undefined;
function phaseStats(phase, samples, heldBack, seconds, cpuMicros = 0) {
    const mine = samples.filter((s) => s.phase === phase);
    const ms = mine.map((s) => s.ms).sort((a, b) => a - b);
    return {
        phase,
        requests: mine.length,
        failed: mine.filter((s) => !s.ok).length,
        heldBack,
        seconds: Math.round(seconds * 10) / 10,
        cpuMsPerRequest: perRequest(cpuMicros, mine.length),
        p50: round((0,stats/* percentile */.Y)(ms, 0.5)),
        p95: round((0,stats/* percentile */.Y)(ms, 0.95)),
        p99: round((0,stats/* percentile */.Y)(ms, 0.99)),
        max: round(ms[ms.length - 1]),
    };
}
class LoadProbe {
    o;
    phase = 'before';
    samples = [];
    failures = [];
    heldBack = { before: 0, during: 0, after: 0 };
    late = 0;
    capped = 0;
    /** process.cpuUsage() when each phase began, and the CPU (µs) each phase used. */
    cpuMark;
    cpu = { before: 0, during: 0, after: 0 };
    context;
    phaseStart = {
        before: undefined,
        during: undefined,
        after: undefined,
    };
    inFlight = new Set();
    timer;
    started = 0;
    ended;
    sent = 0;
    constructor(o) {
        this.o = o;
        if (!(o.rate > 0))
            throw new Error('the load rate must be positive');
        // The one TLS context of every request (the URL is checked by the caller; a bad one fails each request).
        this.context = /^https:/i.test(o.url) ? (0,http/* trustContext */.K4)(o.ca) : undefined;
    }
    start() {
        this.cpuMark = process.cpuUsage();
        this.started = performance.now();
        this.phaseStart.before = this.started;
        // A 10 ms tick sends whatever the schedule says is due by now: a steady rate without a timer per request.
        this.timer = setInterval(() => this.tick(), 10);
        this.tick();
    }
    /** Starts the next phase: 'during' when the risky operation begins, 'after' when it has ended. */
    mark(phase) {
        this.closeCpu();
        this.phase = phase;
        this.phaseStart[phase] = performance.now();
    }
    /** Adds the CPU used since the last mark to the current phase. */
    closeCpu() {
        if (!this.cpuMark)
            return;
        const d = process.cpuUsage(this.cpuMark);
        this.cpu[this.phase] += d.user + d.system;
        this.cpuMark = process.cpuUsage();
    }
    tick() {
        const now = performance.now();
        const due = Math.floor(((now - this.started) / 1000) * this.o.rate) + 1;
        const lateMs = this.o.lateMs ?? 100;
        while (this.sent < due) {
            // Request k (from 0) is due k/rate seconds after the start.
            const lateBy = now - (this.started + (this.sent * 1000) / this.o.rate);
            this.sent += 1;
            if (lateBy > lateMs) {
                // The process was too busy to send it on time: sending it now would measure a burst, not the rate.
                this.late += 1;
                this.heldBack[this.phase] += 1;
                continue;
            }
            if (this.inFlight.size >= (this.o.maxInFlight ?? 256)) {
                this.capped += 1;
                this.heldBack[this.phase] += 1;
                continue;
            }
            const p = this.one(this.phase).finally(() => this.inFlight.delete(p));
            this.inFlight.add(p);
        }
    }
    async one(phase) {
        const t0 = performance.now();
        const ok = this.o.okStatus ?? ((s) => s >= 200 && s < 400);
        try {
            const r = await (0,http/* fetchOnce */.Wl)(this.o.url, {
                timeoutMs: this.o.timeoutMs,
                address: this.o.address,
                ca: this.o.ca,
                secureContext: this.context,
                maxBodyBytes: 65_536,
            });
            const good = ok(r.status);
            this.samples.push({ phase, ms: r.ms, ok: good, at: (t0 - this.started) / 1000 });
            if (!good)
                this.fail(phase, t0, `HTTP ${r.status}`);
        }
        catch (error) {
            this.samples.push({ phase, ms: performance.now() - t0, ok: false, at: (t0 - this.started) / 1000 });
            this.fail(phase, t0, error.code ?? error.message);
        }
    }
    fail(phase, t0, error) {
        if (this.failures.length < 10)
            this.failures.push({ phase, at: Math.round(t0 - this.started) / 1000, error });
    }
    /** Requests not sent on time so far (late or over the in-flight cap). */
    get heldBackSoFar() {
        return this.late + this.capped;
    }
    /** Failed requests so far (answered or given up on; those still in flight are not counted yet). */
    get failedSoFar() {
        return this.samples.reduce((n, s) => n + (s.ok ? 0 : 1), 0);
    }
    /** Waits (at most `ms`) for the requests in flight now, so their failures are counted. */
    async settle(ms) {
        await Promise.race([Promise.all([...this.inFlight]), (0,promises_.setTimeout)(ms)]);
    }
    /** Stops sending, waits for the requests in flight, and reports each phase. */
    async stop() {
        if (this.timer)
            clearInterval(this.timer);
        this.timer = undefined;
        this.ended ??= performance.now();
        const end = this.ended;
        await Promise.all([...this.inFlight]);
        // The CPU of the last answers counts too (to the last phase); then the probe's account is closed.
        this.closeCpu();
        this.cpuMark = undefined;
        const order = ['before', 'during', 'after'];
        const phases = order
            .filter((p) => this.phaseStart[p] !== undefined)
            .map((p, i, list) => {
            const next = list[i + 1];
            const until = next ? this.phaseStart[next] : end;
            return phaseStats(p, this.samples, this.heldBack[p], (until - this.phaseStart[p]) / 1000, this.cpu[p]);
        });
        const sent = this.samples.length;
        const failed = this.samples.filter((s) => !s.ok).length;
        const heldBack = this.late + this.capped;
        const scheduled = sent + heldBack;
        const allowed = heldBackAllowed(scheduled);
        const why = [
            this.late ? `${this.late} while this process was too busy to send them` : '',
            this.capped
                ? `${this.capped} while ${this.o.maxInFlight ?? 256} requests were already waiting for the server`
                : '',
        ].filter(Boolean);
        return {
            url: this.o.url,
            rate: this.o.rate,
            scheduled,
            sent,
            requests: sent,
            ok: sent - failed,
            failed,
            heldBack,
            late: this.late,
            capped: this.capped,
            heldBackAllowed: allowed,
            problem: heldBack > allowed
                ? `the probe could not keep its rate (${heldBack} of ${scheduled} requests not sent on time: ${why.join(', ')}; allowed: ${allowed})`
                : undefined,
            cpuMsPerRequest: perRequest(order.reduce((n, p) => n + this.cpu[p], 0), sent),
            phases,
            failures: this.failures,
            timeline: timelineOf(this.samples, (end - this.started) / 1000, {
                during: this.phaseStart.during === undefined ? undefined : (this.phaseStart.during - this.started) / 1000,
                after: this.phaseStart.after === undefined ? undefined : (this.phaseStart.after - this.started) / 1000,
            }),
        };
    }
}

// EXTERNAL MODULE: ./src/each-host.ts
var each_host = __webpack_require__(7313);
// EXTERNAL MODULE: ./src/remote/ssh.ts
var ssh = __webpack_require__(8136);
// EXTERNAL MODULE: ./src/reload/reload.ts + 6 modules
var reload = __webpack_require__(3203);
// EXTERNAL MODULE: ./src/releases/processes.ts
var processes = __webpack_require__(955);
;// CONCATENATED MODULE: ./src/reload/fleet.ts
/**
 * Reloads across hosts (a batch at a time, one by default, stopping after a failed batch), with the optional
 * load probe running from before the first reload until after the last. Failed requests count as a failure
 * after the switch: when the probe has seen more than allowed, every host reloaded by this run is rolled back
 * (the probe keeps running through the rollback, so its cost is measured too). A probe that could not keep
 * its rate rolls nothing back (it saw no failure) but its report says so, and the step fails on it.
 */






async function reloadFleet(c, options, fleet, load, log) {
    // Singletons (Celery beat) run on the first host of the whole hosts list only (given when `c` is a part of
    // the fleet, e.g. the canaries), and are stopped everywhere else before it starts them.
    const singletonHost = options.singletonHost ?? c.endpoints[0]?.name;
    if (options.processes?.length)
        await (0,processes/* retireSingletons */.gv)(c, options.processes, singletonHost, log);
    options = { ...options, singletonHost };
    let probe;
    if (load) {
        probe = new LoadProbe(load);
        log.info(`load probe: ${load.rate} requests/s to ${load.url}`);
        probe.start();
        await (0,promises_.setTimeout)(load.windowMs);
        probe.mark('during');
    }
    const tooMany = () => (probe && load ? probe.failedSoFar > load.maxFailed : false);
    let results;
    try {
        results = await (0,each_host/* onEachHost */.V)(c, fleet, log, (s, endpoint) => log.group(`${endpoint.name}: ${options.strategy} reload`, async () => {
            const r = await (0,reload/* reloadHost */.Cf)(s, options, log);
            // Failed requests already seen: this host's reload is not proved; roll it back now, in its session,
            // and stop the rollout here (the hosts reloaded before it are rolled back below).
            if (r.ok && tooMany())
                return (0,reload/* recoverHost */.TJ)(s, options, loadFailure(probe, load), r, log);
            return r;
        }), (endpoint, error) => (0,reload/* emptyReloadResult */.sQ)(endpoint.name, options.strategy, error));
        if (probe) {
            probe.mark('after');
            await (0,promises_.setTimeout)(load.windowMs);
            await probe.settle(load.timeoutMs);
        }
        const done = results.filter((r) => r.ok);
        if (tooMany() && done.length) {
            const reason = loadFailure(probe, load);
            const rolled = await Promise.all(done.map((r) => {
                const endpoint = c.endpoints.find((e) => e.name === r.host);
                return (0,ssh/* withSession */.fQ)(c, endpoint, log, (s) => log.group(`${endpoint.name}: rollback`, () => (0,reload/* recoverHost */.TJ)(s, options, reason, r, log)), (error) => ({ ...r, ok: false, error: `${reason}; the rollback could not start: ${error}` }));
            }));
            results = results.map((r) => (r.ok ? (rolled.find((x) => x.host === r.host) ?? r) : r));
        }
    }
    catch (error) {
        // Never leave the probe's timer running behind an unexpected failure.
        if (probe)
            await probe.stop();
        throw error;
    }
    const report = probe ? await probe.stop() : undefined;
    if (report) {
        const own = report.phases.find((p) => p.phase === 'before')?.cpuMsPerRequest;
        log.info(`load probe: ${report.sent} sent, ${report.ok} ok, ${report.failed} failed, ${report.heldBack} held back` +
            (own === undefined ? '' : `; its own CPU: ${own} ms per request`));
    }
    return { results, load: report };
}
function loadFailure(probe, load) {
    return `the load probe saw ${probe.failedSoFar} failed request(s) to ${load.url} during the reload (allowed: ${load.maxFailed})`;
}

// EXTERNAL MODULE: ./src/report/chart.ts
var chart = __webpack_require__(194);
// EXTERNAL MODULE: ./src/report/summary.ts
var summary = __webpack_require__(7994);
;// CONCATENATED MODULE: ./src/report/reload.ts


const ms = (v) => (v === undefined ? '-' : `${v}`);
function loadTable(load) {
    const row = (p) => [
        String(p.requests),
        String(p.requests - p.failed),
        String(p.failed),
        String(p.heldBack),
    ];
    return {
        caption: `Load probe: ${load.rate} requests/s to ${load.url}` +
            ` (held back allowed: ${load.heldBackAllowed}, 1% of ${load.scheduled} scheduled)`,
        headers: [
            'phase',
            'seconds',
            'sent',
            'ok',
            'failed',
            'held back',
            'p50 ms',
            'p95 ms',
            'p99 ms',
            'max ms',
            'CPU ms/request',
        ],
        rows: [
            ...load.phases.map((p) => [
                p.phase,
                String(p.seconds),
                ...row(p),
                ms(p.p50),
                ms(p.p95),
                ms(p.p99),
                ms(p.max),
                ms(p.cpuMsPerRequest),
            ]),
            [
                'all',
                String(Math.round(load.phases.reduce((n, p) => n + p.seconds, 0) * 10) / 10),
                ...row({ requests: load.sent, failed: load.failed, heldBack: load.heldBack }),
                '-',
                '-',
                '-',
                '-',
                ms(load.cpuMsPerRequest),
            ],
        ],
    };
}
/**
 * The load probe over time: p95 latency per step as a line, the reload marked by bars over the steps it
 * covered (and `reload` / `done` in the axis labels), failed requests as a second line; the same numbers in a
 * table beside it.
 */
function loadChart(url, t) {
    const inReload = (at) => t.during !== undefined && at + t.step > t.during && (t.after === undefined || at < t.after);
    const label = (at) => {
        const starts = t.during !== undefined && at <= t.during && t.during < at + t.step;
        const ends = t.after !== undefined && at <= t.after && t.after < at + t.step;
        return `${at}s${starts ? ' reload' : ''}${ends ? ' done' : ''}`;
    };
    const p95 = t.points.map((p) => p.p95);
    const top = Math.max(0, ...p95.filter((v) => v !== undefined));
    return {
        chart: (0,chart/* xyChart */.Gp)({
            title: `Load probe: p95 ms per ${t.step} s (bars: the reload; lower line: failed requests)`,
            x: t.points.map((p) => label(p.at)),
            yLabel: 'ms',
            bars: [t.points.map((p) => (inReload(p.at) ? top : 0))],
            lines: [p95, t.points.map((p) => p.failed)],
            digits: 1,
        }),
        table: {
            caption: `Load probe over time: ${url}, per ${t.step} s`,
            headers: ['from', 'sent', 'failed', 'p95 ms', 'reload'],
            rows: t.points.map((p) => [
                `${p.at}s`,
                String(p.requests),
                String(p.failed),
                p.p95 === undefined ? '-' : String(p.p95),
                inReload(p.at) ? 'yes' : '-',
            ]),
        },
    };
}
function reloadReport(results, load) {
    const ok = results.every((r) => r.ok);
    const done = results.filter((r) => !('skipped' in r));
    const tables = [
        {
            headers: ['host', 'strategy', 'result', 'master', 'workers', 'serving', 'health', 'seconds', 'problem'],
            rows: results.map((r) => 'skipped' in r
                ? [r.host, '-', 'skipped', '-', '-', '-', '-', '-', 'not attempted: an earlier batch failed']
                : [
                    r.host,
                    r.strategy,
                    r.ok ? 'pass' : r.rolledBackTo ? `FAIL (rolled back to ${r.rolledBackTo})` : 'FAIL',
                    r.masterBefore === r.masterAfter
                        ? `${r.masterBefore ?? '-'} (kept)`
                        : `${r.masterBefore ?? '-'} → ${r.masterAfter ?? '-'}`,
                    `${r.workersBefore} → ${r.workersAfter}`,
                    r.serving ?? '-',
                    r.gate ? `${(0,summary/* mark */.Gy)(r.gate.ok)} in ${r.gate.seconds}s` : '-',
                    String(r.seconds),
                    r.error ?? '-',
                ]),
        },
    ];
    const checks = done.flatMap((r) => (r.gate?.checks ?? []).map((c) => [r.host, c.where, c.what, (0,summary/* mark */.Gy)(c.ok), c.detail]));
    if (checks.length)
        tables.push({
            caption: 'Health gate',
            headers: ['host', 'where', 'path', 'result', 'detail'],
            rows: checks,
        });
    if (load)
        tables.push(loadTable(load));
    const charts = [];
    if (load?.timeline?.points.some((p) => p.requests > 0)) {
        const over = loadChart(load.url, load.timeline);
        charts.push(over.chart);
        tables.push(over.table);
    }
    const lines = done.flatMap((r) => r.warnings);
    if (load?.problem)
        lines.push(`The load probe did not measure the reload: ${load.problem}.`);
    if (load && load.failed > 0)
        lines.push(`The load probe saw ${load.failed} failed request(s): ${load.failures
            .map((f) => `${f.error} at ${f.at}s (${f.phase})`)
            .slice(0, 5)
            .join(', ')}`);
    return {
        title: `keel reload-graceful: ${done.filter((r) => r.ok).length}/${results.length} hosts`,
        status: !ok || load?.problem ? 'failed' : load && load.failed > 0 ? 'warning' : 'ok',
        lines,
        tables,
        ...(charts.length ? { charts } : {}),
    };
}

;// CONCATENATED MODULE: ./src/actions/reload-graceful/stage.ts
/**
 * reload-graceful's work, shared by its own entry and the root pipeline action: settings (settings.ts,
 * checked before anything runs) in, the reload across the hosts with its load probe, then outputs, the report
 * and key figures out.
 */




/** Reloads every host (a batch at a time), proves it, and reports; a failure is the run's `error`. */
async function reloadService(settings, connection, log) {
    // Under the deploy lock (the root action's, or taken here): a rollback switches `current`.
    const { results, load } = await (0,lock/* withLocks */.X6)(connection, settings.options.deployPath, 'reload', lock/* DEFAULT_LOCK */.sR, log, () => reloadFleet(connection, settings.options, { batch: settings.batch, maxParallel: 16 }, settings.load, log));
    // The log says what happened on each host; the step's one error annotation says why it failed.
    for (const r of results) {
        if ('skipped' in r)
            continue;
        for (const w of r.warnings)
            log.warn(w, 'strategy');
        if (r.ok)
            log.info(`${r.host}: reloaded (${r.strategy}), serving ${r.serving ?? '?'}`);
        else
            log.info(`${r.host}: FAILED: ${r.error ?? 'failed'}`);
    }
    const done = results.filter((r) => !('skipped' in r));
    const ok = results.every((r) => r.ok);
    const loadFailed = load ? load.failed > settings.maxFailedRequests : false;
    // A probe that could not keep its rate measured less than it was asked to: the reload is not proved.
    const loadUnmeasured = load?.problem;
    const rolledBack = done.filter((r) => 'rolledBackTo' in r && r.rolledBackTo).map((r) => r.host);
    const last = [...done].reverse().find((r) => 'serving' in r && r.serving);
    const serving = last && 'serving' in last ? (last.serving ?? '') : '';
    const reloaded = results.filter((r) => r.ok).map((r) => r.host);
    const skipped = results.filter((r) => 'skipped' in r).map((r) => r.host);
    let error;
    if (!ok) {
        const failed = done.filter((r) => !r.ok);
        error = new errors/* KeelError */.Ui(failed
            .map((r) => {
            const e = ('error' in r && r.error ? r.error : 'failed').split('\n')[0];
            return `reload failed on ${e.startsWith(`${r.host}: `) ? e : `${r.host}: ${e}`}`;
        })
            .join('; ') + (skipped.length ? ` (not attempted: ${skipped.join(', ')})` : ''));
    }
    else if (loadFailed)
        error = new errors/* KeelError */.Ui(`the load probe saw ${load.failed} failed request(s) of ${load.requests} (allowed: ${settings.maxFailedRequests})`);
    else if (loadUnmeasured)
        error = new errors/* KeelError */.Ui(`${loadUnmeasured}: the reload is not proved to have dropped no request`, {
            hint: 'run the step on a less busy runner, or lower load-rate',
        });
    return {
        outputs: {
            result: error ? 'failure' : 'success',
            'reloaded-hosts': reloaded.join(','),
            'rolled-back-hosts': rolledBack.join(','),
            'serving-release': serving,
            'load-requests': load ? String(load.sent) : '',
            'load-ok': load ? String(load.ok) : '',
            'load-failed': load ? String(load.failed) : '',
            'load-held-back': load ? String(load.heldBack) : '',
            'load-cpu-ms-per-request': String(load?.phases.find((p) => p.phase === 'before')?.cpuMsPerRequest ?? ''),
            'load-p99-during': String(load?.phases.find((p) => p.phase === 'during')?.p99 ?? ''),
            report: JSON.stringify({ hosts: results, load }),
        },
        reports: [reloadReport(results, load)],
        figures: `${settings.options.strategy} on ${reloaded.length}/${results.length} host(s)` +
            (serving ? `, serving ${serving}` : '') +
            (rolledBack.length ? `, rolled back on ${rolledBack.length}` : '') +
            (load
                ? `, load ${load.failed}/${load.sent} failed` + (load.heldBack ? `, ${load.heldBack} held back` : '')
                : ''),
        error,
    };
}


/***/ })

};
