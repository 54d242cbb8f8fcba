export const id = 386;
export const ids = [386];
export const modules = {

/***/ 6867:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   j: () => (/* binding */ smokeSettingsFrom),
/* harmony export */   l: () => (/* binding */ smokeSettings)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _probes_smoke_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4709);
/**
 * smoke-check's settings: what a smoke check needs, parsed and checked once from the action's inputs (every
 * error names its input). The stage (stage.ts) takes these, not inputs; the root action builds them from its
 * own inputs and the spec through `smokeSettingsFrom`.
 */


/** The settings from the shared inputs and the site; every malformed endpoint or assertion is reported at once. */
function smokeSettingsFrom(inputs, site) {
    const problems = [];
    const endpoints = inputs.endpoints.flatMap((line) => {
        const [path, ...codes] = line.split(/\s+/);
        if (!path || !/^\/\S*$/.test(path) || codes.some((c) => !/^[1-5]\d\d$/.test(c))) {
            problems.push({ field: 'endpoints', message: `${JSON.stringify(line)} is not "/path [status ...]"` });
            return [];
        }
        return [{ path, status: codes.length ? codes.map(Number) : [200] }];
    });
    const assertions = inputs.expect.flatMap((line) => {
        const a = (0,_probes_smoke_js__WEBPACK_IMPORTED_MODULE_1__/* .parseAssertion */ .MV)(line);
        if (!a) {
            problems.push({
                field: 'expect',
                message: `${JSON.stringify(line)} is not "/path field == value" (or != or ~ regex)`,
            });
            return [];
        }
        if (a.op === '~') {
            try {
                new RegExp(a.value);
            }
            catch (error) {
                problems.push({
                    field: 'expect',
                    message: `${JSON.stringify(a.value)}: ${error.message}`,
                });
                return [];
            }
        }
        return [a];
    });
    if (problems.length)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(problems);
    return {
        check: {
            url: site.url,
            address: inputs.address,
            ca: inputs.ca,
            endpoints,
            assertions,
            expectedVersion: site.expectedVersion,
            versionPath: site.versionPath,
            timeoutMs: site.timeoutMs,
            deadlineMs: site.deadlineMs,
            minCertDays: inputs['min-cert-days'],
            checkTls: inputs['check-tls'],
            checkHeaders: inputs['check-headers'],
            checkNames: inputs['check-names'],
            minGrade: inputs['min-grade'],
            latency: inputs['latency-requests'] > 0
                ? { requests: inputs['latency-requests'], p95BudgetMs: inputs['latency-p95'] }
                : undefined,
        },
        reportFile: inputs['report-file'],
    };
}
/** smoke-check's input helper: its inputs, parsed once into settings. */
function smokeSettings(inputs) {
    if (!inputs.url)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz([
            { field: 'url', message: "is required but was not given (as an input, or the spec's proxy.domains)" },
        ]);
    return smokeSettingsFrom(inputs, {
        url: inputs.url,
        versionPath: inputs['version-path'],
        expectedVersion: inputs['expected-version'],
        timeoutMs: inputs.timeout,
        deadlineMs: inputs.deadline,
    });
}


/***/ }),

/***/ 7660:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  u: () => (/* binding */ checkSite)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/probes/smoke.ts + 2 modules
var smoke = __webpack_require__(4709);
// EXTERNAL MODULE: ./src/report/summary.ts
var summary = __webpack_require__(7994);
;// CONCATENATED MODULE: ./src/report/smoke.ts

function smokeReport(r) {
    return {
        title: `keel smoke-check ${r.url}: ${r.checks.filter((c) => c.ok).length}/${r.checks.length} passed${r.score ? `, grade ${r.score.grade} (${r.score.score})` : ''}`,
        status: r.passed ? 'ok' : 'failed',
        lines: [
            [
                r.version ? `version \`${r.version}\`` : '',
                r.certDaysLeft !== undefined ? `certificate: ${r.certDaysLeft} days left` : '',
            ]
                .filter(Boolean)
                .join(', '),
        ].filter(Boolean),
        tables: [
            {
                headers: ['check', 'expected', 'got', 'result'],
                rows: r.checks.map((c) => [c.name, c.expected, c.got, (0,summary/* mark */.Gy)(c.ok)]),
            },
            ...(r.score
                ? [
                    {
                        caption: 'Security headers (MDN HTTP Observatory rules)',
                        headers: ['test', 'points', 'why'],
                        rows: r.score.items.map((i) => [i.test, String(i.points), i.why]),
                    },
                ]
                : []),
        ],
    };
}

;// CONCATENATED MODULE: ./src/actions/smoke-check/stage.ts
/**
 * smoke-check's work, shared by its own entry and the root pipeline action: settings (settings.ts) in, the
 * report, outputs and key figures out.
 */





async function checkSite(settings, log) {
    const { check: options, reportFile } = settings;
    const report = await log.group(`Checking ${options.url}`, () => (0,smoke/* smokeCheck */.CP)(options, (l) => log.info(l)));
    for (const c of report.checks)
        log.info(`${c.ok ? 'pass' : 'FAIL'}  ${c.name}: expected ${c.expected}, got ${c.got}`);
    const file = (0,external_node_path_.resolve)(process.env.GITHUB_WORKSPACE ?? process.cwd(), reportFile);
    (0,external_node_fs_.mkdirSync)((0,external_node_path_.dirname)(file), { recursive: true });
    (0,external_node_fs_.writeFileSync)(file, JSON.stringify(report, null, 2) + '\n');
    const failed = report.checks.filter((c) => !c.ok);
    return {
        outputs: {
            passed: String(report.passed),
            grade: report.score?.grade ?? '',
            score: report.score ? String(report.score.score) : '',
            version: report.version ?? '',
            'cert-days-left': report.certDaysLeft === undefined ? '' : String(report.certDaysLeft),
            report: JSON.stringify(report),
            'report-file': file,
        },
        reports: [smokeReport(report)],
        figures: `${report.checks.length - failed.length}/${report.checks.length} checks` +
            (report.score ? `, grade ${report.score.grade}` : '') +
            (report.version ? `, version ${report.version}` : ''),
        // One error for the step, listing every failed check (the job summary has the whole table).
        error: failed.length
            ? new errors/* KeelError */.Ui(`${failed.length} of ${report.checks.length} smoke checks failed on ${report.url}:\n` +
                failed.map((c) => `- ${c.name}: expected ${c.expected}, got ${c.got}`).join('\n'))
            : undefined,
    };
}


/***/ }),

/***/ 4709:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  MV: () => (/* binding */ parseAssertion),
  CP: () => (/* binding */ smokeCheck)
});

// UNUSED EXPORTS: MAX_BODY_BYTES, gradeOf

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/poll.ts
var poll = __webpack_require__(9810);
// EXTERNAL MODULE: ./src/probes/http.ts
var http = __webpack_require__(9879);
;// CONCATENATED MODULE: ./src/probes/observatory.ts
const GRADES = [
    [100, 'A+'],
    [90, 'A'],
    [85, 'A-'],
    [80, 'B+'],
    [70, 'B'],
    [65, 'B-'],
    [60, 'C+'],
    [50, 'C'],
    [45, 'C-'],
    [40, 'D+'],
    [30, 'D'],
    [25, 'D-'],
];
function gradeOf(score) {
    return GRADES.find(([min]) => score >= min)?.[1] ?? 'F';
}
function header(h, name) {
    const v = h[name.toLowerCase()];
    return Array.isArray(v) ? v.join(', ') : v;
}
function directive(csp, name) {
    for (const part of csp.split(';')) {
        const [k, ...rest] = part.trim().split(/\s+/);
        if (k?.toLowerCase() === name)
            return rest.join(' ');
    }
    return undefined;
}
/** `redirectsToHttps`: whether http:// answered with a redirect to https:// on the same host. */
function scoreHeaders(h, redirectsToHttps) {
    const penalties = [];
    const bonuses = [];
    const csp = header(h, 'content-security-policy');
    if (!csp)
        penalties.push({ test: 'content-security-policy', points: -25, why: 'no Content-Security-Policy' });
    else {
        const scripts = directive(csp, 'script-src') ?? directive(csp, 'default-src') ?? '';
        if (/'unsafe-inline'/.test(scripts) && !/'nonce-|'sha(256|384|512)-|'strict-dynamic'/.test(scripts)) {
            penalties.push({ test: 'content-security-policy', points: -20, why: "'unsafe-inline' in script-src" });
        }
        else if (/'unsafe-eval'/.test(scripts)) {
            penalties.push({ test: 'content-security-policy', points: -10, why: "'unsafe-eval' in script-src" });
        }
        else if (!directive(csp, 'default-src') && !directive(csp, 'script-src')) {
            penalties.push({
                test: 'content-security-policy',
                points: -25,
                why: 'the CSP restricts neither default-src nor script-src',
            });
        }
    }
    const hsts = header(h, 'strict-transport-security');
    const maxAge = Number(/max-age=(\d+)/i.exec(hsts ?? '')?.[1] ?? NaN);
    if (!hsts || !Number.isFinite(maxAge))
        penalties.push({ test: 'strict-transport-security', points: -20, why: 'no HSTS' });
    else if (maxAge < 15552000)
        penalties.push({
            test: 'strict-transport-security',
            points: -10,
            why: `HSTS max-age ${maxAge} is under 6 months`,
        });
    else if (/preload/i.test(hsts))
        bonuses.push({ test: 'strict-transport-security', points: 5, why: 'HSTS preloaded' });
    const frameAncestors = csp ? directive(csp, 'frame-ancestors') : undefined;
    const xfo = header(h, 'x-frame-options');
    if (frameAncestors !== undefined)
        bonuses.push({ test: 'x-frame-options', points: 5, why: 'CSP frame-ancestors' });
    else if (!xfo || !/^(deny|sameorigin)$/i.test(xfo.trim()))
        penalties.push({ test: 'x-frame-options', points: -20, why: 'no X-Frame-Options or frame-ancestors' });
    if (header(h, 'x-content-type-options')?.toLowerCase() !== 'nosniff') {
        penalties.push({ test: 'x-content-type-options', points: -5, why: 'no X-Content-Type-Options: nosniff' });
    }
    const referrer = header(h, 'referrer-policy')?.split(',').pop()?.trim().toLowerCase();
    if (referrer &&
        ['no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin'].includes(referrer)) {
        bonuses.push({ test: 'referrer-policy', points: 5, why: `Referrer-Policy ${referrer}` });
    }
    else if (referrer &&
        ['origin-when-cross-origin', 'origin', 'unsafe-url', 'no-referrer-when-downgrade'].includes(referrer)) {
        penalties.push({ test: 'referrer-policy', points: -5, why: `Referrer-Policy ${referrer} leaks URLs` });
    }
    const cookies = [].concat(h['set-cookie'] ?? []);
    if (cookies.some((c) => !/;\s*secure/i.test(c)))
        penalties.push({ test: 'cookies', points: -40, why: 'a cookie without Secure' });
    else if (cookies.some((c) => !/;\s*httponly/i.test(c)))
        penalties.push({ test: 'cookies', points: -30, why: 'a cookie without HttpOnly' });
    if (!redirectsToHttps)
        penalties.push({ test: 'redirection', points: -20, why: 'http:// does not redirect to https://' });
    if (header(h, 'access-control-allow-origin')?.trim() === '*' &&
        header(h, 'access-control-allow-credentials') === 'true') {
        penalties.push({
            test: 'cross-origin-resource-sharing',
            points: -50,
            why: 'CORS allows any origin with credentials',
        });
    }
    if (header(h, 'cross-origin-resource-policy'))
        bonuses.push({ test: 'cross-origin-resource-policy', points: 10, why: 'CORP set' });
    const base = 100 + penalties.reduce((n, i) => n + i.points, 0);
    const score = Math.max(0, base >= 90 ? base + bonuses.reduce((n, i) => n + i.points, 0) : base);
    return { score, grade: gradeOf(score), items: [...penalties, ...(base >= 90 ? bonuses : [])] };
}

// EXTERNAL MODULE: ./src/stats.ts
var stats = __webpack_require__(9176);
;// CONCATENATED MODULE: ./src/probes/checks.ts
/**
 * smoke-check's individual checks, in the order smokeCheck (smoke.ts) runs them: 1. the endpoints, assertions
 * and version (one round; smokeCheck retries it), 2. HTTP → HTTPS, 3. TLS, 4. names the site does not serve,
 * 5. the security headers, 6. latency. Each takes what it needs and returns its rows of the report.
 */



/** The most of a body read; a longer one fails its check (and is not downloaded). */
const MAX_BODY_BYTES = 1_000_000;
const GRADE_ORDER = ['A+', 'A', 'A-', 'B+', 'B', 'B-', 'C+', 'C', 'C-', 'D+', 'D', 'D-', 'F'];
function fieldOf(json, field) {
    return field
        .split('.')
        .reduce((v, k) => (v !== null && typeof v === 'object' ? v[k] : undefined), json);
}
/** The release id a version endpoint reports (`release`, else `version`), or undefined when it is not JSON. */
function versionOf(reply) {
    try {
        const j = JSON.parse(reply.body);
        return String(j.release ?? j.version ?? '');
    }
    catch {
        return undefined;
    }
}
const answered = (r) => r.truncated
    ? `${r.status}, body over ${MAX_BODY_BYTES} bytes (not read)`
    : `${r.status} (${Math.round(r.ms)} ms)`;
/**
 * 1. One round of the endpoints (all at once), then the assertions and the version; what could not be reached
 * is added to `unreached` (the error → the paths it happened to). `inTime` ends the requests at the deadline.
 */
async function endpointRound(o, at, inTime, unreached) {
    const endpointChecks = [];
    const replies = new Map();
    // All endpoints at once: a slow one does not hold up the others.
    const answers = await Promise.all(o.endpoints.map((e) => (0,http/* fetchOnce */.Wl)(at(e.path), inTime).then((r) => ({ e, r }), (error) => ({ e, error }))));
    for (const a of answers) {
        if ('r' in a) {
            replies.set(a.e.path, a.r);
            endpointChecks.push({
                group: 'endpoint',
                name: `GET ${a.e.path}`,
                expected: a.e.status.join(' or '),
                got: answered(a.r),
                ok: a.e.status.includes(a.r.status) && !a.r.truncated,
            });
        }
        else {
            const paths = unreached.get(a.error.message) ?? new Set();
            unreached.set(a.error.message, paths.add(a.e.path));
            endpointChecks.push({
                group: 'endpoint',
                name: `GET ${a.e.path}`,
                expected: a.e.status.join(' or '),
                got: a.error.message,
                ok: false,
            });
        }
    }
    for (const a of o.assertions) {
        const r = replies.get(a.path) ?? (await (0,http/* fetchOnce */.Wl)(at(a.path), inTime).catch(() => undefined));
        let got;
        try {
            // `body` is the raw response body (for ~ regex matches); anything else a JSON field.
            got = !r ? undefined : a.field === 'body' ? r.body : fieldOf(JSON.parse(r.body), a.field);
        }
        catch {
            got = undefined;
        }
        const text = got === undefined ? '(missing)' : typeof got === 'string' ? got : JSON.stringify(got);
        const ok = a.op === '==' ? text === a.value : a.op === '!=' ? text !== a.value : new RegExp(a.value).test(text);
        endpointChecks.push({
            group: 'endpoint',
            name: `${a.path} ${a.field}`,
            expected: `${a.op} ${a.value}`,
            got: text,
            ok,
        });
    }
    if (o.expectedVersion !== undefined) {
        const r = replies.get(o.versionPath) ?? (await (0,http/* fetchOnce */.Wl)(at(o.versionPath), inTime).catch(() => undefined));
        const version = r ? versionOf(r) : '';
        endpointChecks.push({
            group: 'version',
            name: `${o.versionPath} release`,
            expected: o.expectedVersion,
            got: version ?? '(not JSON)',
            ok: version === o.expectedVersion,
        });
    }
    return { checks: endpointChecks, replies };
}
/** 2. A plain-HTTP request on the same host must be redirected (301/308) to HTTPS on it. */
async function redirectCheck({ base, req }) {
    const plain = new URL(base.toString());
    plain.protocol = 'http:';
    plain.port = '';
    plain.pathname = '/keel-smoke-check';
    try {
        const r = await (0,http/* fetchOnce */.Wl)(plain.toString(), req);
        const loc = String(r.headers.location ?? '');
        return {
            group: 'redirect',
            name: 'http → https',
            expected: `301/308 to https://${base.host}/`,
            got: `${r.status} ${loc || '(no Location)'}`,
            ok: [301, 308].includes(r.status) && loc.startsWith(`https://${base.host}/`),
        };
    }
    catch (error) {
        return {
            group: 'redirect',
            name: 'http → https',
            expected: `301/308 to https://${base.host}/`,
            got: error.message,
            ok: false,
        };
    }
}
/** 3. The certificate (trusted, for the name, days left) and the TLS versions offered and refused, the cipher. */
async function tlsChecks({ base, at, req }, main, minCertDays) {
    const checks = [];
    const push = (c) => checks.push(c);
    const t = main?.tls;
    const certDaysLeft = t?.daysLeft;
    push({
        group: 'tls',
        name: 'certificate valid for the name',
        expected: `trusted, for ${base.hostname}`,
        got: t
            ? t.authorized
                ? `ok (${t.subject ?? '?'})`
                : (t.authorizationError ?? 'untrusted')
            : 'no TLS answer',
        ok: !!t?.authorized,
    });
    push({
        group: 'tls',
        name: 'certificate expiry',
        expected: `>= ${minCertDays} days left`,
        got: certDaysLeft === undefined ? '?' : `${certDaysLeft} days (${t?.validTo})`,
        ok: certDaysLeft !== undefined && certDaysLeft >= minCertDays,
    });
    const probe = async (v) => {
        try {
            const r = await (0,http/* fetchOnce */.Wl)(at('/'), {
                ...req,
                minVersion: v,
                maxVersion: v,
                ciphers: v === 'TLSv1' || v === 'TLSv1.1' ? 'DEFAULT:@SECLEVEL=0' : undefined,
            });
            return { ok: true, cipher: r.tls?.cipher ?? '' };
        }
        catch (error) {
            return { ok: false, error: error.message };
        }
    };
    const [v10, v11, v12, v13] = await Promise.all([
        probe('TLSv1'),
        probe('TLSv1.1'),
        probe('TLSv1.2'),
        probe('TLSv1.3'),
    ]);
    push({
        group: 'tls',
        name: 'TLS 1.3',
        expected: 'offered',
        got: v13.ok ? 'offered' : 'refused',
        ok: v13.ok,
    });
    push({
        group: 'tls',
        name: 'TLS 1.2',
        expected: 'offered (or 1.3 only)',
        got: v12.ok ? `offered, ${v12.cipher}` : 'refused',
        ok: v12.ok || v13.ok,
    });
    if (v12.ok) {
        const good = /^TLS_ECDHE_(ECDSA|RSA)_WITH_(AES_(128|256)_GCM|CHACHA20_POLY1305)/.test(v12.cipher) ||
            /^ECDHE-(ECDSA|RSA)-(AES(128|256)-GCM|CHACHA20-POLY1305)/.test(v12.cipher);
        push({
            group: 'tls',
            name: 'TLS 1.2 cipher',
            expected: 'forward-secret AEAD (ECDHE + GCM/ChaCha20)',
            got: v12.cipher,
            ok: good,
        });
    }
    push({
        group: 'tls',
        name: 'TLS 1.1',
        expected: 'refused',
        got: v11.ok ? 'accepted' : 'refused',
        ok: !v11.ok,
    });
    push({
        group: 'tls',
        name: 'TLS 1.0',
        expected: 'refused',
        got: v10.ok ? 'accepted' : 'refused',
        ok: !v10.ok,
    });
    return { checks, certDaysLeft };
}
/**
 * 4. Names the site does not serve: a foreign Host (with the site's SNI) must not reach the app or be
 * redirected to, and a foreign SNI must not complete a handshake with the site's certificate.
 */
async function nameChecks({ at, req }) {
    const checks = [];
    const foreign = 'keel-smoke-check.invalid';
    const [byHost, bySni] = await Promise.all([
        (0,http/* fetchOnce */.Wl)(at('/'), { ...req, hostHeader: foreign }).then((r) => ({ r }), (error) => ({ error })),
        (0,http/* fetchOnce */.Wl)(at('/'), { ...req, servername: foreign }).then((r) => ({ r }), (error) => ({ error })),
    ]);
    const hostOk = 'error' in byHost || (byHost.r.status >= 400 && byHost.r.status < 500);
    checks.push({
        group: 'names',
        name: 'another Host name',
        expected: 'refused (connection closed or 4xx)',
        got: 'error' in byHost
            ? `refused (${byHost.error.message})`
            : `${byHost.r.status}${byHost.r.headers.location ? ` to ${String(byHost.r.headers.location)}` : ''}`,
        ok: hostOk,
    });
    checks.push({
        group: 'names',
        name: 'another TLS server name (SNI)',
        expected: 'handshake refused',
        got: 'error' in bySni
            ? `refused (${bySni.error.message})`
            : `handshake completed${bySni.r.tls?.subject ? ` with ${bySni.r.tls.subject}` : ''}, ${bySni.r.status}`,
        ok: 'error' in bySni,
    });
    return checks;
}
/** 5. The security headers scored by the HTTP Observatory's rules (`redirects`: step 2 passed); no version in Server. */
function headerChecks(main, redirects, minGrade) {
    const checks = [];
    const score = scoreHeaders(main.headers, redirects);
    const ok = GRADE_ORDER.indexOf(score.grade) <= GRADE_ORDER.indexOf(minGrade);
    checks.push({
        group: 'headers',
        name: 'HTTP Observatory score',
        expected: `grade ${minGrade} or better`,
        got: `${score.score} (${score.grade})${score.items
            .filter((i) => i.points < 0)
            .map((i) => `; ${i.why} ${i.points}`)
            .join('')}`,
        ok,
    });
    const server = String(main.headers.server ?? '');
    checks.push({
        group: 'headers',
        name: 'Server header',
        expected: 'no version',
        got: server || '(none)',
        ok: !/\d/.test(server),
    });
    return { checks, score };
}
/** 6. Latency percentiles per endpoint over `latency.requests` requests each, p95 against the budget. */
async function latencyChecks({ at, req }, endpoints, latency) {
    const checks = [];
    const rows = [];
    for (const e of endpoints) {
        const times = [];
        for (let i = 0; i < latency.requests; i++) {
            const r = await (0,http/* fetchOnce */.Wl)(at(e.path), req).catch(() => undefined);
            if (r)
                times.push(r.ms);
        }
        times.sort((a, b) => a - b);
        const row = {
            path: e.path,
            p50: (0,stats/* percentile */.Y)(times, 0.5) ?? 0,
            p95: (0,stats/* percentile */.Y)(times, 0.95) ?? 0,
            p99: (0,stats/* percentile */.Y)(times, 0.99) ?? 0,
        };
        rows.push(row);
        checks.push({
            group: 'latency',
            name: `${e.path} p95 (${times.length} requests)`,
            expected: `<= ${latency.p95BudgetMs} ms`,
            got: `p50 ${row.p50.toFixed(1)} / p95 ${row.p95.toFixed(1)} / p99 ${row.p99.toFixed(1)} ms`,
            ok: times.length === latency.requests && row.p95 <= latency.p95BudgetMs,
        });
    }
    return { checks, rows };
}

;// CONCATENATED MODULE: ./src/probes/smoke.ts
/**
 * smoke-check as a library call: the live site judged as a security scanner and an SRE would: endpoints
 * (status, JSON fields, body), the deployed version, HTTP → HTTPS, the certificate and TLS versions and
 * ciphers, the security headers scored by the HTTP Observatory's rules, and latency percentiles. The steps
 * run in that order; each step's checks are in checks.ts.
 */






const secondsText = (ms) => `${+(ms / 1000).toFixed(1)}s`;
function parseAssertion(text) {
    const m = /^(\/\S*)\s+([A-Za-z0-9_.[\]-]+)\s*(==|!=|~)\s*(.*)$/.exec(text.trim());
    return m ? { path: m[1], field: m[2], op: m[3], value: m[4].trim() } : undefined;
}
async function smokeCheck(o, log) {
    const base = new URL(o.url);
    const at = (path) => new URL(path, base).toString();
    const req = {
        address: o.address,
        ca: o.ca,
        timeoutMs: o.timeoutMs,
        maxBodyBytes: MAX_BODY_BYTES,
    };
    const checks = [];
    // 1. Endpoints (and assertions), retried with exponential backoff and jitter until they pass or time runs out.
    // The deadline also ends the requests in flight, so a server that never answers cannot hold the step.
    const startedAt = Date.now();
    const deadline = startedAt + o.deadlineMs;
    const stop = new AbortController();
    const deadlineTimer = setTimeout(() => stop.abort(new Error(`the deadline of ${secondsText(o.deadlineMs)} was reached`)), o.deadlineMs);
    const inTime = { ...req, signal: stop.signal };
    // What went wrong on the way, over every attempt (first seen first, with the paths it happened to), and
    // whether anything ever answered.
    const unreached = new Map();
    let answeredOnce = false;
    let tried;
    try {
        // Backoff doubles from 0.5s up to 8s (less up to a quarter at random), never past the deadline (the
        // last try keeps a moment to answer).
        tried = await (0,poll/* poll */.w)(async () => {
            const round = await endpointRound(o, at, inTime, unreached);
            if (round.replies.size > 0)
                answeredOnce = true;
            return round;
        }, (round) => round.checks.every((c) => c.ok), {
            deadline,
            delayMs: (n) => Math.min(500 * 2 ** (n - 1), 8_000),
            jitter: 0.25,
            reserveMs: 250,
            onMiss: (round, n, wait) => log(`attempt ${n}: ${round.checks
                .filter((c) => !c.ok)
                .map((c) => `${c.name} got ${c.got}`)
                .join('; ')}${wait !== undefined ? `; retrying in ${(wait / 1000).toFixed(1)}s` : ''}`),
        });
    }
    finally {
        clearTimeout(deadlineTimer);
    }
    const attempt = tried.tries;
    const { checks: endpointChecks, replies } = tried.value;
    // Not one endpoint answered: nothing else can be judged, and one error says why.
    if (o.endpoints.length > 0 && !answeredOnce) {
        const why = [...unreached].map(([reason, paths]) => `${reason} (GET ${[...paths].join(', ')})`);
        throw new errors/* KeelError */.Ui(`${(0,http/* displayUrl */.Qy)(o.url)} could not be reached in ${attempt} attempt${attempt === 1 ? '' : 's'} over ` +
            `${secondsText(Date.now() - startedAt)}: ${why.join('; ')}`, { hint: 'Check the URL, the address, and that the server is up and answering.' });
    }
    checks.push(...endpointChecks);
    const versionReply = replies.get(o.versionPath);
    const version = (versionReply && versionOf(versionReply)) || undefined;
    const secure = base.protocol === 'https:';
    const ctx = { base, at, req };
    const main = secure ? await (0,http/* fetchOnce */.Wl)(at('/'), req).catch(() => undefined) : undefined;
    // 2. HTTP → HTTPS on the same host.
    const redirect = secure ? await redirectCheck(ctx) : undefined;
    if (redirect)
        checks.push(redirect);
    const redirects = !!redirect?.ok;
    // 3. TLS: the certificate, the protocol versions offered and refused, the cipher.
    let certDaysLeft;
    if (secure && o.checkTls) {
        const tls = await tlsChecks(ctx, main, o.minCertDays);
        checks.push(...tls.checks);
        certDaysLeft = tls.certDaysLeft;
    }
    // 4. Names the site does not serve.
    if (secure && o.checkNames)
        checks.push(...(await nameChecks(ctx)));
    // 5. Security headers, scored; no version in Server.
    let score;
    if (secure && o.checkHeaders && main) {
        const headers = headerChecks(main, redirects, o.minGrade);
        checks.push(...headers.checks);
        score = headers.score;
    }
    // 6. Latency percentiles per endpoint.
    let latency = [];
    if (o.latency && o.latency.requests > 0) {
        const l = await latencyChecks(ctx, o.endpoints, o.latency);
        checks.push(...l.checks);
        latency = l.rows;
    }
    return {
        url: (0,http/* displayUrl */.Qy)(o.url),
        passed: checks.every((c) => c.ok),
        checks,
        score,
        version,
        certDaysLeft,
        latency,
    };
}



/***/ })

};
