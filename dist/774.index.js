export const id = 774;
export const ids = [774,275];
export const modules = {

/***/ 2406:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Ko: () => (/* binding */ readInputs),
  hB: () => (/* binding */ runnerLogger),
  PM: () => (/* binding */ step),
  Sy: () => (/* binding */ writeSummary)
});

// UNUSED EXPORTS: mask

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 14 modules
var core = __webpack_require__(6421);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
;// CONCATENATED MODULE: ./src/config/inputs.ts
/**
 * The one input parser: every action declares its inputs once (name, kind, default, description) and gets
 * typed values back, or one InputError that lists every wrong input by name and says what is wrong.
 *
 * The declarations are also the source of truth for each action's `action.yml` (a test keeps them equal), so
 * the defaults a user reads in the docs are the defaults the code applies.
 */

const TRUE = ['true', 'True', 'TRUE', 'yes', 'on', '1'];
const FALSE = ['false', 'False', 'FALSE', 'no', 'off', '0'];
function parseDuration(text) {
    const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(text.trim());
    if (!m)
        return undefined;
    const n = Number(m[1]);
    const unit = m[2] ?? 's';
    const factor = unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'm' ? 60_000 : 3_600_000;
    return Math.round(n * factor);
}
function parseList(text) {
    const lines = text
        .split(/\r?\n/)
        .map((l) => l.replace(/(^|\s)#.*$/, '').trim())
        .filter((l) => l !== '');
    if (lines.length === 1) {
        return (lines[0] ?? '')
            .split(',')
            .map((s) => s.trim())
            .filter((s) => s !== '');
    }
    return lines;
}
function show(decl, value) {
    return decl.secret ? '(hidden)' : JSON.stringify(value.length > 80 ? value.slice(0, 77) + '...' : value);
}
function parseOne(decl, value) {
    switch (decl.kind) {
        case 'string': {
            const v = value.trim();
            if (decl.pattern && !decl.pattern.test(v)) {
                return { error: `${show(decl, v)} is not ${decl.patternHint ?? `of the form ${decl.pattern}`}` };
            }
            return { value: v };
        }
        case 'text':
            return { value };
        case 'boolean': {
            const v = value.trim();
            if (TRUE.includes(v))
                return { value: true };
            if (FALSE.includes(v))
                return { value: false };
            return { error: `${show(decl, v)} is not a boolean (use true or false)` };
        }
        case 'integer': {
            const v = value.trim();
            if (!/^-?\d+$/.test(v))
                return { error: `${show(decl, v)} is not a whole number` };
            const n = Number(v);
            if (decl.min !== undefined && n < decl.min)
                return { error: `${n} is below the minimum ${decl.min}` };
            if (decl.max !== undefined && n > decl.max)
                return { error: `${n} is above the maximum ${decl.max}` };
            return { value: n };
        }
        case 'choice': {
            const v = value.trim();
            if (!decl.choices.includes(v)) {
                return { error: `${show(decl, v)} is not one of: ${decl.choices.join(', ')}` };
            }
            return { value: v };
        }
        case 'duration': {
            const ms = parseDuration(value);
            if (ms === undefined) {
                return { error: `${show(decl, value.trim())} is not a duration (seconds, or e.g. 30s, 5m, 1h)` };
            }
            if (decl.minMs !== undefined && ms < decl.minMs)
                return { error: `must be at least ${decl.minMs / 1000}s` };
            if (decl.maxMs !== undefined && ms > decl.maxMs)
                return { error: `must be at most ${decl.maxMs / 1000}s` };
            return { value: ms };
        }
        case 'list':
            return { value: parseList(value) };
    }
}
/**
 * Parses every declared input. Values that are absent fall back to the declared default (the runner
 * normally supplies those from action.yml already; the fallback covers the CLI and tests).
 */
function parseInputs(decls, source) {
    const problems = [];
    const out = {};
    for (const [name, decl] of Object.entries(decls)) {
        let text = source(name);
        if (text === undefined || text.trim() === '')
            text = decl.default;
        if (text === undefined || text.trim() === '') {
            if (decl.required)
                problems.push({ field: name, message: 'is required but was not given' });
            out[name] = decl.kind === 'list' ? [] : undefined;
            continue;
        }
        const parsed = parseOne(decl, text);
        if (parsed.error !== undefined)
            problems.push({ field: name, message: parsed.error });
        else
            out[name] = parsed.value;
    }
    if (problems.length > 0)
        throw new errors/* InputError */.dz(problems);
    return out;
}
/** Names of the secret inputs that were given, with their values, for masking. */
function secretValues(decls, source) {
    return Object.entries(decls)
        .filter(([, d]) => d.secret)
        .map(([name]) => source(name) ?? '')
        .filter((v) => v.trim() !== '');
}

// EXTERNAL MODULE: ./src/report/summary.ts
var summary = __webpack_require__(7994);
;// CONCATENATED MODULE: ./src/actions/common/step.ts
/**
 * The bridge between the GitHub runner (@actions/core) and keel's library, shared by every action entry:
 * inputs through the one parser, a Logger on the runner's log (groups, annotations), secrets masked first,
 * and errors turned into one clear annotation and a failed step, without a stack trace.
 */




const source = (name) => core/* getInput */.V4(name);
/** Masks a secret and each of its lines (multi-line keys are masked line by line by the runner). */
function mask(value) {
    if (value.trim() === '')
        return;
    core/* setSecret */.Pq(value);
    for (const line of value.split(/\r?\n/)) {
        if (line.trim().length >= 4)
            core/* setSecret */.Pq(line.trim());
    }
}
/** Masks every secret input, then parses all inputs. */
function readInputs(decls) {
    for (const value of secretValues(decls, source))
        mask(value);
    return parseInputs(decls, source);
}
function runnerLogger() {
    return {
        info: (m) => core/* info */.pq(m),
        warn: (m, field) => core/* warning */.$e(m, field ? { title: `keel: ${field}` } : {}),
        error: (m, field) => core/* error */.z3(m, field ? { title: `keel: ${field}` } : {}),
        debug: (m) => core/* debug */.Yz(m),
        group: (title, body) => core/* group */.Os(title, body),
    };
}
async function writeSummary(reports) {
    if (!process.env.GITHUB_STEP_SUMMARY)
        return;
    await core/* summary */.z.addRaw(reports.map(summary/* toMarkdown */.l6).join('\n')).write();
}
/** Runs an action body: any KeelError becomes annotations + a failed step; anything else is a bug report. */
async function step(body) {
    try {
        await body();
    }
    catch (error) {
        if (error instanceof errors/* InputError */.dz) {
            // One annotation per wrong input, titled with its name, and the step fails (exit code 1).
            for (const p of error.problems)
                core/* error */.z3(`input '${p.field}': ${p.message}`, { title: `keel: input ${p.field}` });
            process.exitCode = 1;
        }
        else if (error instanceof errors/* KeelError */.Ui) {
            core/* setFailed */.C1(error.hint ? `${error.message}\n${error.hint}` : error.message);
        }
        else {
            core/* debug */.Yz(error instanceof Error && error.stack ? error.stack : String(error));
            core/* setFailed */.C1(`keel failed unexpectedly: ${(0,errors/* errorMessage */.gJ)(error)} (this is a bug; run with debug logging for details)`);
        }
    }
}


/***/ }),

/***/ 3275:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   inputs: () => (/* binding */ inputs),
/* harmony export */   outputs: () => (/* binding */ outputs)
/* harmony export */ });
const inputs = {
    url: {
        kind: 'string',
        required: true,
        pattern: /^https?:\/\/[^\s/]+\/?[^\s]*$/,
        patternHint: 'an http(s) URL like https://shop.example.com',
        description: 'The site, e.g. `https://shop.example.com` (endpoint paths are relative to it).',
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
    timeout: { kind: 'duration', default: '10s', description: 'Time allowed for one request.' },
    deadline: {
        kind: 'duration',
        default: '60s',
        description: 'Keep retrying the endpoint checks (exponential backoff with jitter) until they pass or this time is up: waits out a rollout.',
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
    'latency-p95': { kind: 'duration', default: '1s', description: 'The p95 latency budget per endpoint.' },
    'report-file': {
        kind: 'string',
        default: '.keel/smoke-report.json',
        description: 'Where the JSON report is written (relative to the workspace).',
    },
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


/***/ }),

/***/ 9774:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  main: () => (/* binding */ main)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 14 modules
var core = __webpack_require__(6421);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
var external_node_http_default = /*#__PURE__*/__webpack_require__.n(external_node_http_);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(4708);
var external_node_https_default = /*#__PURE__*/__webpack_require__.n(external_node_https_);
// EXTERNAL MODULE: external "node:tls"
var external_node_tls_ = __webpack_require__(1692);
;// CONCATENATED MODULE: ./src/probes/http.ts
/**
 * One HTTP(S) request with everything a smoke check looks at: status, headers, body, timing and, for HTTPS,
 * the negotiated protocol and cipher and the certificate (validity for the name, days left). It can connect to
 * a given address while sending the real host name (SNI and Host), to check one server before DNS points at it.
 */



function fetchOnce(url, o) {
    const u = new URL(url);
    const secure = u.protocol === 'https:';
    const started = performance.now();
    return new Promise((resolve, reject) => {
        const req = (secure ? (external_node_https_default()) : (external_node_http_default())).request({
            host: o.address ?? u.hostname,
            port: u.port || (secure ? 443 : 80),
            path: u.pathname + u.search,
            method: o.method ?? 'GET',
            headers: { Host: u.host, 'User-Agent': 'keel-smoke-check', Accept: '*/*' },
            timeout: o.timeoutMs,
            agent: false,
            ...(secure
                ? {
                    servername: u.hostname,
                    ca: o.ca ? [...external_node_tls_.rootCertificates, o.ca] : undefined,
                    rejectUnauthorized: false, // judged below, so a bad certificate is reported, not just refused
                    minVersion: o.minVersion,
                    maxVersion: o.maxVersion,
                    ciphers: o.ciphers,
                }
                : {}),
        }, (res) => {
            let tls;
            if (secure) {
                const s = res.socket;
                const cert = s.getPeerCertificate();
                const validTo = cert && cert.valid_to ? cert.valid_to : undefined;
                tls = {
                    protocol: s.getProtocol(),
                    cipher: s.getCipher()?.standardName ?? s.getCipher()?.name ?? '',
                    authorized: s.authorized,
                    authorizationError: s.authorizationError ? String(s.authorizationError) : undefined,
                    validTo,
                    daysLeft: validTo ? Math.floor((Date.parse(validTo) - Date.now()) / 86_400_000) : undefined,
                    subject: cert?.subject?.CN,
                };
            }
            let body = '';
            const limit = o.maxBodyBytes ?? 1_000_000;
            res.setEncoding('utf8');
            res.on('data', (c) => {
                if (body.length < limit)
                    body += c;
            });
            res.on('end', () => resolve({
                url,
                status: res.statusCode ?? 0,
                headers: res.headers,
                body,
                ms: performance.now() - started,
                tls,
            }));
        });
        req.on('timeout', () => req.destroy(new Error(`timed out after ${o.timeoutMs} ms`)));
        req.on('error', reject);
        req.end();
    });
}

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

;// CONCATENATED MODULE: ./src/probes/smoke.ts
/**
 * smoke-check as a library call: the live site judged as a security scanner and an SRE would: endpoints
 * (status, JSON fields, body), the deployed version, HTTP → HTTPS, the certificate and TLS versions and
 * ciphers, the security headers scored by the HTTP Observatory's rules, and latency percentiles.
 */


const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const GRADE_ORDER = ['A+', 'A', 'A-', 'B+', 'B', 'B-', 'C+', 'C', 'C-', 'D+', 'D', 'D-', 'F'];
function parseAssertion(text) {
    const m = /^(\/\S*)\s+([A-Za-z0-9_.[\]-]+)\s*(==|!=|~)\s*(.*)$/.exec(text.trim());
    return m ? { path: m[1], field: m[2], op: m[3], value: m[4].trim() } : undefined;
}
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
function percentile(sorted, p) {
    if (sorted.length === 0)
        return 0;
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
async function smokeCheck(o, log) {
    const base = new URL(o.url);
    const at = (path) => new URL(path, base).toString();
    const req = { address: o.address, ca: o.ca, timeoutMs: o.timeoutMs };
    const checks = [];
    // 1. Endpoints (and assertions), retried with exponential backoff and jitter until they pass or time runs out.
    const deadline = Date.now() + o.deadlineMs;
    let attempt = 0;
    let endpointChecks = [];
    let replies = new Map();
    for (;;) {
        attempt++;
        endpointChecks = [];
        replies = new Map();
        // All endpoints at once: a slow one does not hold up the others.
        const answers = await Promise.all(o.endpoints.map((e) => fetchOnce(at(e.path), req).then((r) => ({ e, r }), (error) => ({ e, error }))));
        for (const a of answers) {
            if ('r' in a) {
                replies.set(a.e.path, a.r);
                endpointChecks.push({
                    group: 'endpoint',
                    name: `GET ${a.e.path}`,
                    expected: a.e.status.join(' or '),
                    got: `${a.r.status} (${Math.round(a.r.ms)} ms)`,
                    ok: a.e.status.includes(a.r.status),
                });
            }
            else {
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
            const r = replies.get(a.path) ?? (await fetchOnce(at(a.path), req).catch(() => undefined));
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
            const r = replies.get(o.versionPath) ?? (await fetchOnce(at(o.versionPath), req).catch(() => undefined));
            const version = r ? versionOf(r) : '';
            endpointChecks.push({
                group: 'version',
                name: `${o.versionPath} release`,
                expected: o.expectedVersion,
                got: version ?? '(not JSON)',
                ok: version === o.expectedVersion,
            });
        }
        if (endpointChecks.every((c) => c.ok) || Date.now() >= deadline)
            break;
        const wait = Math.min(500 * 2 ** (attempt - 1), 8_000) * (0.75 + Math.random() * 0.5);
        log(`attempt ${attempt}: ${endpointChecks
            .filter((c) => !c.ok)
            .map((c) => `${c.name} got ${c.got}`)
            .join('; ')}; retrying in ${(wait / 1000).toFixed(1)}s`);
        await sleep(Math.max(0, Math.min(wait, deadline - Date.now())));
    }
    checks.push(...endpointChecks);
    const versionReply = replies.get(o.versionPath);
    const version = (versionReply && versionOf(versionReply)) || undefined;
    const secure = base.protocol === 'https:';
    const main = secure ? await fetchOnce(at('/'), req).catch(() => undefined) : undefined;
    // 2. HTTP → HTTPS on the same host.
    let redirects = false;
    if (secure) {
        const plain = new URL(base.toString());
        plain.protocol = 'http:';
        plain.port = '';
        plain.pathname = '/keel-smoke-check';
        try {
            const r = await fetchOnce(plain.toString(), req);
            const loc = String(r.headers.location ?? '');
            redirects = [301, 308].includes(r.status) && loc.startsWith(`https://${base.host}/`);
            checks.push({
                group: 'redirect',
                name: 'http → https',
                expected: `301/308 to https://${base.host}/`,
                got: `${r.status} ${loc || '(no Location)'}`,
                ok: redirects,
            });
        }
        catch (error) {
            checks.push({
                group: 'redirect',
                name: 'http → https',
                expected: `301/308 to https://${base.host}/`,
                got: error.message,
                ok: false,
            });
        }
    }
    // 3. TLS: the certificate, the protocol versions offered and refused, the cipher.
    let certDaysLeft;
    if (secure && o.checkTls) {
        const t = main?.tls;
        certDaysLeft = t?.daysLeft;
        checks.push({
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
        checks.push({
            group: 'tls',
            name: 'certificate expiry',
            expected: `>= ${o.minCertDays} days left`,
            got: certDaysLeft === undefined ? '?' : `${certDaysLeft} days (${t?.validTo})`,
            ok: certDaysLeft !== undefined && certDaysLeft >= o.minCertDays,
        });
        const probe = async (v) => {
            try {
                const r = await fetchOnce(at('/'), {
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
        checks.push({
            group: 'tls',
            name: 'TLS 1.3',
            expected: 'offered',
            got: v13.ok ? 'offered' : 'refused',
            ok: v13.ok,
        });
        checks.push({
            group: 'tls',
            name: 'TLS 1.2',
            expected: 'offered (or 1.3 only)',
            got: v12.ok ? `offered, ${v12.cipher}` : 'refused',
            ok: v12.ok || v13.ok,
        });
        if (v12.ok) {
            const good = /^TLS_ECDHE_(ECDSA|RSA)_WITH_(AES_(128|256)_GCM|CHACHA20_POLY1305)/.test(v12.cipher) ||
                /^ECDHE-(ECDSA|RSA)-(AES(128|256)-GCM|CHACHA20-POLY1305)/.test(v12.cipher);
            checks.push({
                group: 'tls',
                name: 'TLS 1.2 cipher',
                expected: 'forward-secret AEAD (ECDHE + GCM/ChaCha20)',
                got: v12.cipher,
                ok: good,
            });
        }
        checks.push({
            group: 'tls',
            name: 'TLS 1.1',
            expected: 'refused',
            got: v11.ok ? 'accepted' : 'refused',
            ok: !v11.ok,
        });
        checks.push({
            group: 'tls',
            name: 'TLS 1.0',
            expected: 'refused',
            got: v10.ok ? 'accepted' : 'refused',
            ok: !v10.ok,
        });
    }
    // 4. Security headers, scored; no version in Server.
    let score;
    if (secure && o.checkHeaders && main) {
        score = scoreHeaders(main.headers, redirects);
        const ok = GRADE_ORDER.indexOf(score.grade) <= GRADE_ORDER.indexOf(o.minGrade);
        checks.push({
            group: 'headers',
            name: 'HTTP Observatory score',
            expected: `grade ${o.minGrade} or better`,
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
    }
    // 5. Latency percentiles per endpoint.
    const latency = [];
    if (o.latency && o.latency.requests > 0) {
        for (const e of o.endpoints) {
            const times = [];
            for (let i = 0; i < o.latency.requests; i++) {
                const r = await fetchOnce(at(e.path), req).catch(() => undefined);
                if (r)
                    times.push(r.ms);
            }
            times.sort((a, b) => a - b);
            const row = {
                path: e.path,
                p50: percentile(times, 50),
                p95: percentile(times, 95),
                p99: percentile(times, 99),
            };
            latency.push(row);
            checks.push({
                group: 'latency',
                name: `${e.path} p95 (${times.length} requests)`,
                expected: `<= ${o.latency.p95BudgetMs} ms`,
                got: `p50 ${row.p50.toFixed(1)} / p95 ${row.p95.toFixed(1)} / p99 ${row.p99.toFixed(1)} ms`,
                ok: times.length === o.latency.requests && row.p95 <= o.latency.p95BudgetMs,
            });
        }
    }
    return { url: o.url, passed: checks.every((c) => c.ok), checks, score, version, certDaysLeft, latency };
}


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

// EXTERNAL MODULE: ./src/actions/common/step.ts + 1 modules
var step = __webpack_require__(2406);
// EXTERNAL MODULE: ./src/actions/smoke-check/inputs.ts
var smoke_check_inputs = __webpack_require__(3275);
;// CONCATENATED MODULE: ./src/actions/smoke-check/main.ts
/** smoke-check entry: inputs → library → outputs and job summary. */








async function main() {
    await (0,step/* step */.PM)(async () => {
        const inputs = (0,step/* readInputs */.Ko)(smoke_check_inputs.inputs);
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
            const a = parseAssertion(line);
            if (!a)
                problems.push({
                    field: 'expect',
                    message: `${JSON.stringify(line)} is not "/path field == value" (or != or ~ regex)`,
                });
            return a ? [a] : [];
        });
        if (problems.length)
            throw new errors/* InputError */.dz(problems);
        const report = await core/* group */.Os(`Checking ${inputs.url}`, () => smokeCheck({
            url: inputs.url,
            address: inputs.address,
            ca: inputs.ca,
            endpoints,
            assertions,
            expectedVersion: inputs['expected-version'],
            versionPath: inputs['version-path'],
            timeoutMs: inputs.timeout,
            deadlineMs: inputs.deadline,
            minCertDays: inputs['min-cert-days'],
            checkTls: inputs['check-tls'],
            checkHeaders: inputs['check-headers'],
            minGrade: inputs['min-grade'],
            latency: inputs['latency-requests'] > 0
                ? { requests: inputs['latency-requests'], p95BudgetMs: inputs['latency-p95'] }
                : undefined,
        }, (line) => core/* info */.pq(line)));
        for (const c of report.checks) {
            const line = `${c.name}: expected ${c.expected}, got ${c.got}`;
            if (c.ok)
                core/* info */.pq(`pass  ${line}`);
            else
                core/* error */.z3(line, { title: `keel smoke-check: ${c.group}` });
        }
        const file = (0,external_node_path_.resolve)(process.env.GITHUB_WORKSPACE ?? process.cwd(), inputs['report-file']);
        (0,external_node_fs_.mkdirSync)((0,external_node_path_.dirname)(file), { recursive: true });
        (0,external_node_fs_.writeFileSync)(file, JSON.stringify(report, null, 2) + '\n');
        core/* setOutput */.uH('passed', String(report.passed));
        core/* setOutput */.uH('grade', report.score?.grade ?? '');
        core/* setOutput */.uH('score', report.score ? String(report.score.score) : '');
        core/* setOutput */.uH('version', report.version ?? '');
        core/* setOutput */.uH('cert-days-left', report.certDaysLeft === undefined ? '' : String(report.certDaysLeft));
        core/* setOutput */.uH('report', JSON.stringify(report));
        core/* setOutput */.uH('report-file', file);
        await (0,step/* writeSummary */.Sy)([smokeReport(report)]);
        const failed = report.checks.filter((c) => !c.ok);
        if (failed.length)
            throw new errors/* KeelError */.Ui(`${failed.length} of ${report.checks.length} smoke checks failed on ${inputs.url}`);
    });
}


/***/ }),

/***/ 3916:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ui: () => (/* binding */ KeelError),
/* harmony export */   dz: () => (/* binding */ InputError),
/* harmony export */   gJ: () => (/* binding */ errorMessage)
/* harmony export */ });
/**
 * Errors keel expects and explains to its users. Anything else is a bug and is reported as one.
 *
 * A KeelError's message is shown as it is (no stack trace); `field` names the input or spec field that is
 * wrong so the action can annotate it, and `hint` says what to do about it.
 */
class KeelError extends Error {
    field;
    hint;
    constructor(message, options = {}) {
        super(message, options.cause === undefined ? undefined : { cause: options.cause });
        this.name = 'KeelError';
        this.field = options.field;
        this.hint = options.hint;
    }
}
/** Every problem found in the inputs (or a spec) at once, so a user fixes them in one go. */
class InputError extends KeelError {
    problems;
    constructor(problems, what = 'input') {
        const first = problems[0];
        const text = problems.length === 1 && first
            ? `${what} '${first.field}': ${first.message}`
            : `${problems.length} ${what} problems:\n` +
                problems.map((p) => `  - ${what} '${p.field}': ${p.message}`).join('\n');
        super(text, { field: first?.field });
        this.name = 'InputError';
        this.problems = problems;
    }
}
function errorMessage(error) {
    if (error instanceof Error)
        return error.message;
    return String(error);
}


/***/ }),

/***/ 7994:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Gy: () => (/* binding */ mark),
/* harmony export */   l6: () => (/* binding */ toMarkdown)
/* harmony export */ });
/* unused harmony export toText */
const ICON = { ok: '✅', failed: '❌', skipped: '⏭️', warning: '⚠️' };
function cell(text) {
    return text.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}
function toMarkdown(report) {
    const out = [`### ${ICON[report.status]} ${report.title}`, ''];
    for (const l of report.lines ?? [])
        out.push(l, '');
    for (const t of report.tables) {
        if (t.caption)
            out.push(`**${t.caption}**`, '');
        out.push(`| ${t.headers.map(cell).join(' | ')} |`);
        out.push(`| ${t.headers.map(() => '---').join(' | ')} |`);
        for (const r of t.rows)
            out.push(`| ${r.map(cell).join(' | ')} |`);
        out.push('');
    }
    for (const b of report.blocks ?? []) {
        const fence = b.text.includes('```') ? '~~~~' : '```';
        out.push(`<details><summary>${b.title}</summary>`, '', fence + b.language, b.text.trimEnd(), fence, '', '</details>', '');
    }
    return out.join('\n');
}
function toText(report) {
    const out = [`${report.title}: ${report.status.toUpperCase()}`];
    for (const l of report.lines ?? [])
        out.push(`  ${l}`);
    for (const t of report.tables) {
        if (t.caption)
            out.push('', `  ${t.caption}`);
        const widths = t.headers.map((h, i) => Math.max(h.length, ...t.rows.map((r) => (r[i] ?? '').split('\n')[0].length)));
        const fmt = (r) => '  ' +
            r
                .map((c, i) => (c.split('\n')[0] ?? '').padEnd(widths[i] ?? 0))
                .join('  ')
                .trimEnd();
        out.push(fmt(t.headers), '  ' + widths.map((w) => '-'.repeat(w)).join('  '));
        for (const r of t.rows)
            out.push(fmt(r));
    }
    for (const b of report.blocks ?? [])
        out.push('', `  ${b.title}`, ...b.text
            .trimEnd()
            .split('\n')
            .map((l) => `    ${l}`));
    return out.join('\n');
}
const mark = (ok) => (ok ? 'pass' : 'FAIL');


/***/ })

};
