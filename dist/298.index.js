export const id = 298;
export const ids = [298,221];
export const modules = {

/***/ 9221:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  connectionFrom: () => (/* binding */ connectionFrom)
});

// EXTERNAL MODULE: ./src/config/hosts.ts
var hosts = __webpack_require__(6593);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./node_modules/ssh2/lib/protocol/keyParser.js
var keyParser = __webpack_require__(1789);
;// CONCATENATED MODULE: ./src/remote/keys.ts
/**
 * Private keys as users paste them into secrets: OpenSSH (new format), PEM (RSA, ECDSA), ed25519, with or
 * without passphrase, with CRLF line ends, stray indentation or no trailing newline. Problems are reported
 * by input name and never include the key itself.
 */
// ssh2's key parser alone (ssh2.utils.parseKey): the rest of ssh2 loads with the first connection (ssh.ts).


function normaliseKeyText(text) {
    const lines = text
        .replace(/\r\n?/g, '\n')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '');
    return lines.join('\n') + '\n';
}
function parsePrivateKey(text, passphrase, field = 'ssh-key') {
    const normalised = normaliseKeyText(text);
    if (!/^-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----\n/.test(normalised)) {
        const hint = /^(ssh-|ecdsa-)/.test(normalised)
            ? 'this looks like a public key; give the private key (the file without .pub)'
            : 'expected a private key starting with -----BEGIN ... PRIVATE KEY-----';
        throw new errors/* KeelError */.Ui(`input '${field}': not a private key: ${hint}`, { field });
    }
    if (/^-----BEGIN ENCRYPTED PRIVATE KEY-----/.test(normalised)) {
        throw new errors/* KeelError */.Ui(`input '${field}': PKCS#8 encrypted keys are not supported; convert it with ` +
            '`ssh-keygen -p -f KEY` (OpenSSH format keeps the passphrase)', { field });
    }
    const pass = passphrase === undefined || passphrase === '' ? undefined : passphrase;
    const parsed = (0,keyParser.parseKey)(normalised, pass);
    if (parsed instanceof Error) {
        const msg = parsed.message;
        if (/no passphrase/i.test(msg)) {
            throw new errors/* KeelError */.Ui(`input '${field}': the key is encrypted; give its passphrase in 'ssh-passphrase'`, {
                field: 'ssh-passphrase',
            });
        }
        if (pass !== undefined && /(decrypt|bad|integrity|passphrase)/i.test(msg)) {
            throw new errors/* KeelError */.Ui(`input 'ssh-passphrase': the passphrase does not decrypt the key in '${field}'`, {
                field: 'ssh-passphrase',
            });
        }
        throw new errors/* KeelError */.Ui(`input '${field}': the private key cannot be read (${msg})`, { field });
    }
    const key = Array.isArray(parsed) ? parsed[0] : parsed;
    if (!key)
        throw new errors/* KeelError */.Ui(`input '${field}': the private key cannot be read`, { field });
    return { text: normalised, passphrase: pass, type: key.type };
}

;// CONCATENATED MODULE: ./src/actions/common/connection.ts



function connectionFrom(inputs, log) {
    const problems = [];
    const trust = {
        knownHosts: inputs['known-hosts'],
        fingerprints: inputs['host-fingerprints'],
        trustOnFirstUse: inputs['trust-on-first-use'],
    };
    const defaults = { user: inputs.user, port: inputs.port };
    const endpoints = (0,hosts/* endpointsFrom */.BY)(inputs.hosts, defaults, trust, 'hosts', problems);
    const jumps = (0,hosts/* endpointsFrom */.BY)(inputs['jump-hosts'], defaults, trust, 'jump-hosts', problems);
    if (inputs.hosts.length === 0)
        problems.push({
            field: 'hosts',
            message: "is required but was not given (as an input, or in the spec's deploy.hosts)",
        });
    const keyText = inputs['ssh-key'];
    if ((keyText ?? '').trim() === '' && (inputs.password ?? '') === '') {
        problems.push({
            field: 'ssh-key',
            message: "no credentials: give 'ssh-key' (or, discouraged, 'password')",
        });
    }
    if (problems.length > 0)
        throw new errors/* InputError */.dz(problems);
    const credentials = {};
    if (keyText && keyText.trim() !== '') {
        credentials.key = parsePrivateKey(keyText, inputs['ssh-passphrase']);
    }
    else if (inputs['ssh-passphrase']) {
        throw new errors/* KeelError */.Ui("input 'ssh-passphrase' is given but 'ssh-key' is not", { field: 'ssh-passphrase' });
    }
    if (inputs.password) {
        credentials.password = inputs.password;
        log.warn('password authentication is in use; a key (ssh-key) is safer', 'password');
    }
    if (inputs['trust-on-first-use']) {
        log.warn('trust-on-first-use is on: host keys are accepted without verification', 'trust-on-first-use');
    }
    return {
        endpoints,
        credentials,
        options: {
            connectTimeoutMs: inputs['connect-timeout'],
            keepaliveIntervalMs: 10_000,
            retries: inputs['connect-retries'],
            retryDelayMs: 1_000,
            jumps,
        },
    };
}


/***/ }),

/***/ 1298:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   main: () => (/* binding */ main)
/* harmony export */ });
/* harmony import */ var _releases_processes_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(955);
/* harmony import */ var _common_connection_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9221);
/* harmony import */ var _common_step_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5415);
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(118);
/* harmony import */ var _stage_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1637);
/** reload-graceful entry: inputs → library → outputs and job summary. */





async function main() {
    await (0,_common_step_js__WEBPACK_IMPORTED_MODULE_2__/* .step */ .PM)(async () => {
        const inputs = await (0,_common_step_js__WEBPACK_IMPORTED_MODULE_2__/* .readInputs */ .Ko)(_inputs_js__WEBPACK_IMPORTED_MODULE_3__.inputs);
        const log = (0,_common_step_js__WEBPACK_IMPORTED_MODULE_2__/* .runnerLogger */ .hB)();
        const plan = (0,_stage_js__WEBPACK_IMPORTED_MODULE_4__/* .planReload */ .B)(inputs);
        const connection = (0,_common_connection_js__WEBPACK_IMPORTED_MODULE_1__.connectionFrom)(inputs, log);
        (0,_releases_processes_js__WEBPACK_IMPORTED_MODULE_0__/* .checkSingletonHosts */ .Fj)(plan.options.processes ?? [], connection.endpoints.map((e) => e.name));
        return (0,_common_step_js__WEBPACK_IMPORTED_MODULE_2__/* .finish */ .O9)(await (0,_stage_js__WEBPACK_IMPORTED_MODULE_4__/* .reloadService */ .T)(plan, connection, log));
    });
}


/***/ }),

/***/ 1637:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  B: () => (/* binding */ planReload),
  T: () => (/* binding */ reloadService)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/render/manifest.ts
var manifest = __webpack_require__(8087);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/releases/fleet.ts
var releases_fleet = __webpack_require__(5550);
// EXTERNAL MODULE: ./src/releases/lock.ts
var lock = __webpack_require__(8403);
// EXTERNAL MODULE: ./src/probes/load.ts
var probes_load = __webpack_require__(8287);
// EXTERNAL MODULE: ./src/remote/ssh.ts
var ssh = __webpack_require__(8136);
// EXTERNAL MODULE: ./src/reload/reload.ts + 4 modules
var reload = __webpack_require__(4483);
// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __webpack_require__(8500);
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
        probe = new probes_load/* LoadProbe */.lI(load);
        log.info(`load probe: ${load.rate} requests/s to ${load.url}`);
        probe.start();
        await (0,promises_.setTimeout)(load.windowMs);
        probe.mark('during');
    }
    const tooMany = () => (probe && load ? probe.failedSoFar > load.maxFailed : false);
    const byHost = new Map();
    let outcome;
    try {
        outcome = await (0,releases_fleet/* rollOut */.Of)(c.endpoints, fleet.batch, fleet.maxParallel, 0, (endpoint) => (0,ssh/* withSession */.fQ)(c, endpoint, log, (s) => log.group(`${endpoint.name}: ${options.strategy} reload`, async () => {
            const r = await (0,reload/* reloadHost */.Cf)(s, options, log);
            byHost.set(endpoint.name, r);
            // Failed requests already seen: this host's reload is not proved; roll it back now, in its session,
            // and stop the rollout here (the hosts reloaded before it are rolled back below).
            if (r.ok && tooMany())
                return (0,reload/* recoverHost */.TJ)(s, options, loadFailure(probe, load), r, log);
            return r;
        }), (error) => (0,reload/* emptyReloadResult */.sQ)(endpoint.name, options.strategy, error)));
        if (probe) {
            probe.mark('after');
            await (0,promises_.setTimeout)(load.windowMs);
            await probe.settle(load.timeoutMs);
        }
        const done = outcome.results.filter((r) => r !== undefined && r.ok);
        if (tooMany() && done.length) {
            const reason = loadFailure(probe, load);
            const rolled = await Promise.all(done.map((r) => {
                const endpoint = c.endpoints.find((e) => e.name === r.host);
                return (0,ssh/* withSession */.fQ)(c, endpoint, log, (s) => log.group(`${endpoint.name}: rollback`, () => (0,reload/* recoverHost */.TJ)(s, options, reason, r, log)), (error) => ({ ...r, ok: false, error: `${reason}; the rollback could not start: ${error}` }));
            }));
            outcome.results = outcome.results.map((r) => r && r.ok ? (rolled.find((x) => x.host === r.host) ?? r) : r);
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
    return {
        results: outcome.results.map((r, i) => r ?? { host: c.endpoints[i].name, ok: false, skipped: true }),
        load: report,
    };
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
 * reload-graceful's work, shared by its own entry and the root pipeline action: parsed inputs in (checked
 * before anything runs), the reload across the hosts with its load probe, then outputs, the report and key
 * figures out.
 */







/** Checks the inputs that depend on each other; every problem is reported at once. */
function planReload(inputs) {
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
    const batch = (0,releases_fleet/* parseBatchSize */.DV)(inputs['batch-size']);
    if (typeof batch === 'string')
        problems.push({ field: 'batch-size', message: batch });
    const rendered = inputs['rendered-dir'];
    if (rendered && !inputs['deploy-path'])
        problems.push({
            field: 'rendered-dir',
            message: "needs 'deploy-path' (which release the processes run is read from `current`)",
        });
    if (problems.length)
        throw new errors/* InputError */.dz(problems);
    const processes = rendered
        ? (0,manifest/* readRenderedDir */.LQ)((0,external_node_path_.resolve)(process.env.GITHUB_WORKSPACE ?? process.cwd(), rendered), rendered).manifest
            .processes
        : [];
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
            processes,
        },
        batch: batch,
        load: inputs['load-url']
            ? {
                url: inputs['load-url'],
                address: inputs['load-address'],
                ca: inputs.ca,
                rate: inputs['load-rate'],
                timeoutMs: 10_000,
                windowMs: inputs['load-window'],
                maxFailed: inputs['max-failed-requests'],
            }
            : undefined,
        maxFailedRequests: inputs['max-failed-requests'],
    };
}
/** Reloads every host (a batch at a time), proves it, and reports; a failure is the run's `error`. */
async function reloadService(plan, connection, log) {
    // Under the deploy lock (the root action's, or taken here): a rollback switches `current`.
    const { results, load } = await (0,lock/* withLocks */.X6)(connection, plan.options.deployPath, 'reload', lock/* DEFAULT_LOCK */.sR, log, () => reloadFleet(connection, plan.options, { batch: plan.batch, maxParallel: 16 }, plan.load, log));
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
    const loadFailed = load ? load.failed > plan.maxFailedRequests : false;
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
        error = new errors/* KeelError */.Ui(`the load probe saw ${load.failed} failed request(s) of ${load.requests} (allowed: ${plan.maxFailedRequests})`);
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
        figures: `${plan.options.strategy} on ${reloaded.length}/${results.length} host(s)` +
            (serving ? `, serving ${serving}` : '') +
            (rolledBack.length ? `, rolled back on ${rolledBack.length}` : '') +
            (load
                ? `, load ${load.failed}/${load.sent} failed` + (load.heldBack ? `, ${load.heldBack} held back` : '')
                : ''),
        error,
    };
}


/***/ }),

/***/ 1532:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   b: () => (/* binding */ mapLimited)
/* harmony export */ });
/** Runs `fn` over `items` with at most `limit` running at once; results keep the order of `items`. */
async function mapLimited(items, limit, fn) {
    const out = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const i = next++;
            out[i] = await fn(items[i]);
        }
    };
    await Promise.all(Array.from({ length: Math.min(Math.max(limit, 1), items.length) }, worker));
    return out;
}


/***/ }),

/***/ 8287:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ym: () => (/* binding */ percentile),
/* harmony export */   lI: () => (/* binding */ LoadProbe)
/* harmony export */ });
/* unused harmony exports heldBackAllowed, timelineOf, phaseStats */
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9879);

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
            p95: round(percentile(b.map((s) => s.ms).sort((x, y) => x - y), 0.95)),
        })),
        during: marks.during,
        after: marks.after,
    };
}
/** The value at quantile q (0..1) of sorted numbers (nearest rank). */
function percentile(sorted, q) {
    if (sorted.length === 0)
        return undefined;
    const rank = Math.ceil(q * sorted.length);
    return sorted[Math.min(sorted.length, Math.max(rank, 1)) - 1];
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
        p50: round(percentile(ms, 0.5)),
        p95: round(percentile(ms, 0.95)),
        p99: round(percentile(ms, 0.99)),
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
        this.context = /^https:/i.test(o.url) ? (0,_http_js__WEBPACK_IMPORTED_MODULE_0__/* .trustContext */ .K4)(o.ca) : undefined;
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
            const r = await (0,_http_js__WEBPACK_IMPORTED_MODULE_0__/* .fetchOnce */ .Wl)(this.o.url, {
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
        await Promise.race([Promise.all([...this.inFlight]), new Promise((r) => setTimeout(r, ms))]);
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


/***/ }),

/***/ 5550:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DV: () => (/* binding */ parseBatchSize),
/* harmony export */   Of: () => (/* binding */ rollOut),
/* harmony export */   Xy: () => (/* binding */ batches),
/* harmony export */   cR: () => (/* binding */ parseCanary)
/* harmony export */ });
/* harmony import */ var _concurrency_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1532);
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8500);
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_timers_promises__WEBPACK_IMPORTED_MODULE_0__);
/**
 * Many hosts: all at once (at most `maxParallel` at a time) or rolling in batches (a number or a percentage),
 * stopping after the first batch with a failure so the rest stay on their previous release.
 */


function parseBatchSize(text) {
    const t = (text ?? '').trim();
    if (t === '' || t === 'all')
        return { kind: 'all' };
    let m = /^(\d+)$/.exec(t);
    if (m && Number(m[1]) >= 1)
        return { kind: 'count', n: Number(m[1]) };
    m = /^(\d+(?:\.\d+)?)%$/.exec(t);
    if (m && Number(m[1]) > 0 && Number(m[1]) <= 100)
        return { kind: 'percent', p: Number(m[1]) };
    return `${JSON.stringify(t)} is not a batch size (all, a number of hosts, or a percentage like 25%)`;
}
function batches(items, size) {
    const n = size.kind === 'all'
        ? items.length
        : size.kind === 'count'
            ? size.n
            : Math.max(1, Math.ceil((items.length * size.p) / 100));
    const out = [];
    for (let i = 0; i < items.length; i += Math.max(n, 1))
        out.push(items.slice(i, i + Math.max(n, 1)));
    return out;
}
async function rollOut(items, size, maxParallel, waitMs, fn, onBatch) {
    const groups = batches(items.map((item, i) => ({ item, i })), size);
    const results = new Array(items.length).fill(undefined);
    for (let b = 0; b < groups.length; b++) {
        const group = groups[b];
        onBatch?.(b, group.length, groups.length);
        const rs = await (0,_concurrency_js__WEBPACK_IMPORTED_MODULE_1__/* .mapLimited */ .b)(group, maxParallel, ({ item }) => fn(item));
        group.forEach(({ i }, k) => (results[i] = rs[k]));
        if (rs.some((r) => !r.ok)) {
            return { results, skipped: groups.slice(b + 1).flatMap((g) => g.map(({ i }) => i)) };
        }
        if (b < groups.length - 1 && waitMs > 0)
            await (0,node_timers_promises__WEBPACK_IMPORTED_MODULE_0__.setTimeout)(waitMs);
    }
    return { results, skipped: [] };
}
function parseCanary(text, hosts) {
    const items = (text ?? '')
        .split(/[\s,]+/)
        .map((s) => s.trim())
        .filter(Boolean);
    if (items.length === 0)
        return undefined;
    let canaries;
    if (items.length === 1 && /^[-+]?\d+(\.\d*)?$/.test(items[0])) {
        const n = Number(items[0]);
        if (!Number.isInteger(n) || n < 0 || !/^\d+$/.test(items[0]))
            return `${JSON.stringify(items[0])} is not a number of canary hosts (a whole number from 1, 0 for off, or host names)`;
        if (n === 0)
            return undefined;
        if (n >= hosts.length)
            return `${n} canary host(s) of ${hosts.length} host(s): at least one host must be left to follow the canary`;
        canaries = hosts.slice(0, n);
    }
    else {
        const seen = new Set();
        for (const name of items) {
            if (!hosts.includes(name))
                return `${JSON.stringify(name)} is not one of the hosts (${hosts.map((h) => JSON.stringify(h)).join(', ')}); name each canary exactly as in 'hosts', without user or port`;
            if (seen.has(name))
                return `${JSON.stringify(name)} is named twice`;
            seen.add(name);
        }
        if (seen.size >= hosts.length)
            return `every host (${hosts.length}) is a canary: at least one host must be left to follow the canary`;
        canaries = hosts.filter((h) => seen.has(h));
    }
    return { canaries, rest: hosts.filter((h) => !canaries.includes(h)) };
}


/***/ }),

/***/ 8087:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   LQ: () => (/* binding */ readRenderedDir)
/* harmony export */ });
/* unused harmony exports manifestEntrySchema, manifestSchema */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(8816);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3916);
/* harmony import */ var _spec_load_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7519);
/**
 * manifest.json, the contract between render-config (which writes it) and ssh-deploy (which installs from
 * it): one schema, checked where the rendered directory is read, so a damaged or hand-edited directory is an
 * input error naming the input and the file, never a crash, and a file that changed after rendering (its
 * sha256 no longer matches) is refused before any host is touched.
 */






const KINDS = [
    'gunicorn',
    'systemd-service',
    'systemd-socket',
    'systemd-process',
    'nginx',
    'caddy',
    'logrotate',
    'certbot-hook',
    'sudoers',
    'alerts',
    'firewall',
];
const UNIT = /^[A-Za-z0-9@_.:-]+\.(service|socket)$/;
/** A path inside the rendered directory: relative, no `..`, no empty or hidden parts. */
const INSIDE = /^(?!.*(?:^|\/)\.\.?(?:\/|$))[A-Za-z0-9._@+-]+(?:\/[A-Za-z0-9._@+-]+)*$/;
const ABSOLUTE = /^\/(?!.*(?:^|\/)\.\.?(?:\/|$))[A-Za-z0-9._/@+-]+$/;
const ACCOUNT = /^[a-z_][a-z0-9_-]{0,31}$/;
const manifestEntrySchema = zod__WEBPACK_IMPORTED_MODULE_5__/* .object */ .Ikc({
    name: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().regex(INSIDE, 'must be a path inside the rendered directory'),
    kind: zod__WEBPACK_IMPORTED_MODULE_5__/* ["enum"] */ .k5n(KINDS),
    install: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().min(1),
    scope: zod__WEBPACK_IMPORTED_MODULE_5__/* ["enum"] */ .k5n(['host', 'release']),
    owner: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().regex(ACCOUNT, 'must be a user name'),
    group: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().regex(ACCOUNT, 'must be a group name'),
    mode: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().regex(/^0[0-7]{3}$/, 'must be an octal mode like 0644'),
    onChange: zod__WEBPACK_IMPORTED_MODULE_5__/* ["enum"] */ .k5n([
        'reload-app',
        'daemon-reload',
        'reload-nginx',
        'reload-caddy',
        'apply-firewall',
        'none',
    ]),
    /** Checked against the file when present (render-config always writes it). */
    sha256: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP()
        .regex(/^[0-9a-f]{64}$/, 'must be a sha256 in hex')
        .optional(),
    bytes: zod__WEBPACK_IMPORTED_MODULE_5__/* .number */ .aig().int().min(0).optional(),
})
    .superRefine((f, ctx) => {
    const ok = f.scope === 'host' ? ABSOLUTE.test(f.install) : INSIDE.test(f.install);
    if (!ok)
        ctx.addIssue({
            code: 'custom',
            path: ['install'],
            message: f.scope === 'host'
                ? 'must be an absolute path without ..'
                : 'must be a path inside the release without ..',
        });
});
/** What ssh-deploy relies on is required; what only describes the render is checked when present. */
const VERSION = /^\d+(\.\d+)*$/;
const manifestSchema = zod__WEBPACK_IMPORTED_MODULE_5__/* .object */ .Ikc({
    keel: zod__WEBPACK_IMPORTED_MODULE_5__/* .literal */ .euz(1).optional(),
    app: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().min(1).optional(),
    proxy: zod__WEBPACK_IMPORTED_MODULE_5__/* ["enum"] */ .k5n(['nginx', 'caddy']).optional(),
    service: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().regex(UNIT, 'must be a .service unit name').optional(),
    socket: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().regex(UNIT, 'must be a .socket unit name').nullable().optional(),
    /** The proxy software the files were rendered for (proxy.versions): hosts running newer get a warning. */
    versions: zod__WEBPACK_IMPORTED_MODULE_5__/* .object */ .Ikc({
        nginx: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().regex(VERSION),
        openssl: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().regex(VERSION),
        caddy: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().regex(VERSION),
    })
        .partial()
        .optional(),
    /** What the watch after the switch reads (Nginx and Caddy sites): the access log, the route table, the thresholds. */
    watch: zod__WEBPACK_IMPORTED_MODULE_5__/* .object */ .Ikc({
        log: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().regex(ABSOLUTE),
        routes: zod__WEBPACK_IMPORTED_MODULE_5__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_5__/* .tuple */ .PVZ([zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().max(1000), zod__WEBPACK_IMPORTED_MODULE_5__/* .boolean */ .zMY(), zod__WEBPACK_IMPORTED_MODULE_5__/* .boolean */ .zMY()])).max(1000),
        health: zod__WEBPACK_IMPORTED_MODULE_5__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().max(1000)).max(10),
        thresholds: zod__WEBPACK_IMPORTED_MODULE_5__/* .object */ .Ikc({ ratio: zod__WEBPACK_IMPORTED_MODULE_5__/* .number */ .aig().min(0).max(1), p95: zod__WEBPACK_IMPORTED_MODULE_5__/* .number */ .aig().positive() }),
    })
        .optional(),
    /** The processes beside the app (absent in manifests from before processes: none). */
    processes: zod__WEBPACK_IMPORTED_MODULE_5__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_5__/* .object */ .Ikc({
        name: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().regex(/^[a-z][a-z0-9-]{0,30}[a-z0-9]$/, 'must be a process name'),
        units: zod__WEBPACK_IMPORTED_MODULE_5__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().regex(UNIT, 'must be a .service unit name')).min(1).max(32),
        stopTimeout: zod__WEBPACK_IMPORTED_MODULE_5__/* .number */ .aig().int().min(1).max(3600),
        singleton: zod__WEBPACK_IMPORTED_MODULE_5__/* .boolean */ .zMY(),
        /** The spec's singleton-host (absent: the first of the hosts list). */
        singletonHost: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP()
            .min(1)
            .max(253)
            .regex(/^[A-Za-z0-9.:-]+$/, 'must be a host')
            .optional(),
    })
        .strict())
        .default([]),
    /** The host firewall (absent: keel leaves it alone). */
    firewall: zod__WEBPACK_IMPORTED_MODULE_5__/* .object */ .Ikc({
        script: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP()
            .regex(/^\/usr\/local\/sbin\/keel-[a-z][a-z0-9-]{0,30}[a-z0-9]-firewall$/, "must be keel's firewall script"),
        sshPort: zod__WEBPACK_IMPORTED_MODULE_5__/* .number */ .aig().int().min(1).max(65535),
        revertAfter: zod__WEBPACK_IMPORTED_MODULE_5__/* .number */ .aig().int().min(15).max(600),
        rules: zod__WEBPACK_IMPORTED_MODULE_5__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_5__/* .object */ .Ikc({
            port: zod__WEBPACK_IMPORTED_MODULE_5__/* .number */ .aig().int().min(1).max(65535),
            proto: zod__WEBPACK_IMPORTED_MODULE_5__/* ["enum"] */ .k5n(['tcp', 'udp']),
            from: zod__WEBPACK_IMPORTED_MODULE_5__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().regex(/^[0-9a-f.:/]{2,43}$/, 'must be a network')).max(64),
        })
            .strict())
            .min(1)
            .max(257),
    })
        .strict()
        .optional(),
    files: zod__WEBPACK_IMPORTED_MODULE_5__/* .array */ .YOg(manifestEntrySchema),
});
/**
 * Reads and checks render-config's output directory. `dir` is the absolute path, `shown` how the user gave
 * it, `field` the input that named it. Throws an InputError naming that input and the file.
 */
function readRenderedDir(dir, shown, field = 'rendered-dir') {
    const file = `${shown.replace(/\/+$/, '')}/manifest.json`;
    const fail = (message, about = `${file}:`) => {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz([{ field, message: `${about} ${message}` }]);
    };
    let text = '';
    try {
        text = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, 'manifest.json'), 'utf8');
    }
    catch (error) {
        if (error.code === 'ENOENT')
            fail("has no manifest.json (give render-config's dir output)", shown);
        fail(`cannot be read (${error.message})`);
    }
    let json;
    try {
        json = JSON.parse(text);
    }
    catch (error) {
        fail(`is not valid JSON (${error.message}); render it again with render-config`);
    }
    const parsed = manifestSchema.safeParse(json);
    if (!parsed.success) {
        const issues = parsed.error.issues
            .slice(0, 5)
            .map((i) => `${(0,_spec_load_js__WEBPACK_IMPORTED_MODULE_4__/* .fieldName */ .w5)(i.path) || '(top)'}: ${i.message}`)
            .join('; ');
        fail(`is not a render-config manifest (${issues}); render it again with render-config`);
    }
    const manifest = parsed.data;
    const texts = new Map();
    for (const f of manifest.files) {
        let body;
        try {
            body = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, f.name), 'utf8');
        }
        catch {
            return fail(`lists ${f.name}, which is missing from the directory`);
        }
        if (f.sha256 && (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(body).digest('hex') !== f.sha256)
            fail(`${f.name} changed after it was rendered (its sha256 differs); render it again`);
        texts.set(f.name, body);
    }
    return {
        manifest,
        content: (name) => {
            const t = texts.get(name);
            if (t === undefined)
                throw new Error(`${name} is not in ${file}`);
            return t;
        },
    };
}


/***/ }),

/***/ 194:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Gp: () => (/* binding */ xyChart)
/* harmony export */ });
/* unused harmony exports chartLabel, chartNumber */
/**
 * Mermaid `xychart-beta` charts for job summaries (GitHub draws them; Mermaid >= 10.5): one x-axis of labels,
 * lines and bars of numbers. Every text is a quoted Mermaid string with anything that could end it replaced,
 * and every number is finite (a missing value is drawn as 0; the table beside each chart says `-`).
 */
/** A Mermaid string: quotes, backslashes, backticks and line breaks could end it or the chart; they are replaced. */
const chartLabel = (text) => `"${text.replace(/["\\\r\n`]/g, "'")}"`;
/** A number as the chart writes it: at most `digits` decimals, never NaN or Infinity. */
const chartNumber = (x, digits) => x === undefined || !Number.isFinite(x) ? '0' : Number(x.toFixed(digits)).toString();
function xyChart(c) {
    const all = [...c.lines, ...(c.bars ?? [])].flat().filter((v) => Number.isFinite(v));
    const top = Math.max(0, ...all) * 1.1;
    const series = (kind, values) => `    ${kind} [${values.map((v) => chartNumber(v, c.digits)).join(', ')}]`;
    return [
        'xychart-beta',
        `    title ${chartLabel(c.title)}`,
        `    x-axis [${c.x.map(chartLabel).join(', ')}]`,
        `    y-axis ${chartLabel(c.yLabel)} 0 --> ${chartNumber(top, c.digits) === '0' ? '1' : chartNumber(top, c.digits)}`,
        ...(c.bars ?? []).map((b) => series('bar', b)),
        ...c.lines.map((l) => series('line', l)),
    ].join('\n');
}


/***/ })

};
