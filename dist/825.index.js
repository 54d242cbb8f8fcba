export const id = 825;
export const ids = [825];
export const modules = {

/***/ 2406:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  O9: () => (/* binding */ finish),
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
/** A single action's end: its outputs, its job summary, then its failure (if any) fails the step. */
async function finish(run) {
    for (const [name, value] of Object.entries(run.outputs))
        core/* setOutput */.uH(name, value);
    await writeSummary(run.reports);
    if (run.error)
        throw run.error;
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

/***/ 1736:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   inputs: () => (/* binding */ inputs),
/* harmony export */   outputs: () => (/* binding */ outputs)
/* harmony export */ });
/* harmony import */ var _common_connection_inputs_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1855);

const inputs = {
    spec: {
        kind: 'string',
        default: 'deploy/keel.yml',
        description: 'The spec file, relative to the workspace.',
    },
    set: {
        kind: 'list',
        description: 'Overrides of spec fields, one a line: `field.path=value` (the value is read as YAML), e.g. `proxy.server=caddy`.',
    },
    'output-dir': {
        kind: 'string',
        default: '.keel/rendered',
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

/***/ 6577:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Ot: () => (/* binding */ readSpec),
  gt: () => (/* binding */ renderFiles),
  Zz: () => (/* binding */ specSource)
});

// UNUSED EXPORTS: annotatingSpec

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 14 modules
var core = __webpack_require__(6421);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 17 modules
var schemas = __webpack_require__(8816);
;// CONCATENATED MODULE: ./src/spec/schema.ts
/**
 * The keel spec (e.g. deploy/keel.yml): one typed description of how a Gunicorn app is served, from which
 * render-config derives every file. Unknown fields are errors, so a typo never silently falls back to a default.
 */

const NAME = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/;
const ABS_PATH = /^\/(?!.*(?:^|\/)\.\.?(?:\/|$))[A-Za-z0-9._/@+-]*$/;
const DOMAIN = /^(?=.{1,253}$)(?:\*\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;
const SIZE = /^\d+[kmg]?$/;
const ROUTE = /^\/[A-Za-z0-9._~!$&'()+,;=:@%/-]*\*?$/;
const MODULE = /^[A-Za-z_][A-Za-z0-9_.]*(?::[A-Za-z_][A-Za-z0-9_]*(?:\(\))?)?$/;
const HEADER_VALUE = /^[\x20-\x7e]*$/;
const absPath = schemas/* string */.YjP()
    .regex(ABS_PATH, 'must be an absolute path without .. (letters, digits, . _ - / @ +)');
const size = schemas/* string */.YjP().regex(SIZE, 'must be a size like 512k, 10m or 1g');
const seconds = (min, max) => schemas/* number */.aig().int().min(min).max(max);
const headerValue = schemas/* string */.YjP().regex(HEADER_VALUE, 'must be printable ASCII on one line (no quotes needed)');
const routeSchema = schemas/* object */.Ikc({
    /** `/ai/*` (prefix), `/healthz` (exact), `/` (everything). */
    path: schemas/* string */.YjP().regex(ROUTE, 'must be a URL path starting with / (a trailing * makes it a prefix)'),
    /** Where it goes: the app, a static directory, or nowhere (404). */
    to: schemas/* enum */.k5n(['app', 'static', 'deny']).default('app'),
    /** For `to: static`: the directory (e.g. /srv/shop/current/static). */
    root: absPath.optional(),
    /** Proxy read/send timeout for this route, seconds (e.g. long AI calls). */
    timeout: seconds(1, 3600).optional(),
    /** Largest request body for this route. */
    'max-body': size.optional(),
    /** Log requests to this route (off for health probes). */
    log: schemas/* boolean */.zMY().default(true),
    /** Stream responses as they come (server-sent events, token streaming). */
    buffering: schemas/* boolean */.zMY().default(true),
})
    .strict();
const specSchema = schemas/* object */.Ikc({
    app: schemas/* object */.Ikc({
        name: schemas/* string */.YjP().regex(NAME, 'must be 2-32 lower-case letters, digits or -, starting with a letter'),
        /** The WSGI/ASGI target, e.g. `app:app` or `shop.wsgi:application`. */
        module: schemas/* string */.YjP().regex(MODULE, 'must be a Python module:variable like app:app'),
        /** Deploy path on the hosts: releases/, current, shared/. */
        path: absPath.refine((p) => p.split('/').filter(Boolean).length >= 2, 'must be at least two levels deep, e.g. /srv/shop'),
        user: schemas/* string */.YjP()
            .regex(/^[a-z_][a-z0-9_-]{0,31}$/, 'must be a valid user name')
            .optional(),
        group: schemas/* string */.YjP()
            .regex(/^[a-z_][a-z0-9_-]{0,31}$/, 'must be a valid group name')
            .optional(),
        /** A Gunicorn binary, e.g. Debian's /usr/bin/gunicorn; default: `python -m gunicorn` of the release's .venv. */
        gunicorn: absPath.optional(),
        'env-file': absPath.optional(),
        environment: schemas/* record */.g1P(schemas/* string */.YjP().regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name'), headerValue)
            .default({}),
    })
        .strict(),
    gunicorn: schemas/* object */.Ikc({
        /** `unix` (a socket in /run/<app>/, the default) or `tcp` (loopback). */
        bind: schemas/* enum */.k5n(['unix', 'tcp']).default('unix'),
        port: schemas/* number */.aig().int().min(1024).max(65535).default(8000),
        /**
         * systemd holds the listening socket (<app>.socket): restarts queue connections instead of refusing them,
         * and the socket gets the proxy's group. Always on for `bind: unix`; optional for tcp.
         */
        'socket-activation': schemas/* boolean */.zMY().optional(),
        workers: schemas/* union */.KCZ([schemas/* literal */.euz('auto'), schemas/* number */.aig().int().min(1).max(256)]).default('auto'),
        'worker-class': schemas/* enum */.k5n(['sync', 'gthread', 'uvicorn.workers.UvicornWorker']).default('sync'),
        threads: schemas/* number */.aig().int().min(1).max(64).default(1),
        timeout: seconds(1, 3600).default(30),
        'graceful-timeout': seconds(1, 3600).default(30),
        keepalive: seconds(1, 300).default(5),
        'max-requests': schemas/* number */.aig().int().min(0).default(1000),
        'max-requests-jitter': schemas/* number */.aig().int().min(0).default(100),
        'preload-app': schemas/* boolean */.zMY().default(false),
        'limit-request-line': schemas/* number */.aig().int().min(0).max(8190).default(4094),
        'limit-request-fields': schemas/* number */.aig().int().min(0).max(32768).default(100),
        'limit-request-field-size': schemas/* number */.aig().int().min(0).default(8190),
        /** journald (stdout/stderr of the unit) or files under /var/log/<app>/ (then rotated by logrotate). */
        logs: schemas/* enum */.k5n(['journald', 'file']).default('journald'),
        'access-log': schemas/* boolean */.zMY().default(true),
        'access-log-format': schemas/* enum */.k5n(['combined', 'json']).default('combined'),
    })
        .strict()
        .prefault({}),
    systemd: schemas/* object */.Ikc({
        /** strict: the full sandbox (exposure <= 2.5 in systemd-analyze security); basic: fewer walls; off. */
        hardening: schemas/* enum */.k5n(['strict', 'basic', 'off']).default('strict'),
        /** Extra paths the service may write (the deploy path's shared/ is always writable). */
        'read-write-paths': schemas/* array */.YOg(absPath).default([]),
        'restart-sec': seconds(1, 600).default(2),
    })
        .strict()
        .prefault({}),
    proxy: schemas/* object */.Ikc({
        server: schemas/* enum */.k5n(['nginx', 'caddy']).default('nginx'),
        domains: schemas/* array */.YOg(schemas/* string */.YjP().regex(DOMAIN, 'must be a domain name like shop.example.com'))
            .min(1, 'needs at least one domain'),
        tls: schemas/* object */.Ikc({
            /** certbot (webroot, Let's Encrypt), caddy (its automatic HTTPS), files (cert/key paths you manage). */
            certificates: schemas/* enum */.k5n(['certbot', 'caddy', 'files']).optional(),
            cert: absPath.optional(),
            key: absPath.optional(),
            /** Mozilla server-side TLS 6.0: intermediate (TLS 1.2 + 1.3) or modern (TLS 1.3 only). */
            profile: schemas/* enum */.k5n(['intermediate', 'modern']).default('intermediate'),
            hsts: schemas/* object */.Ikc({
                'max-age': schemas/* number */.aig().int().min(0).default(63072000),
                'include-subdomains': schemas/* boolean */.zMY().default(true),
                preload: schemas/* boolean */.zMY().default(false),
            })
                .strict()
                .prefault({}),
            /** Only for CAs that still run OCSP (Let's Encrypt turned it off in 2025). */
            'ocsp-stapling': schemas/* boolean */.zMY().default(false),
        })
            .strict()
            .prefault({}),
        headers: schemas/* object */.Ikc({
            'content-security-policy': headerValue.default("default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"),
            'referrer-policy': schemas/* enum */.k5n(['no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin'])
                .default('strict-origin-when-cross-origin'),
            'permissions-policy': headerValue.default('camera=(), microphone=(), geolocation=(), payment=()'),
            'frame-options': schemas/* enum */.k5n(['DENY', 'SAMEORIGIN']).default('DENY'),
            'cross-origin-opener-policy': schemas/* enum */.k5n(['same-origin', 'same-origin-allow-popups', 'unsafe-none'])
                .default('same-origin'),
            'cross-origin-resource-policy': schemas/* enum */.k5n(['same-origin', 'same-site', 'cross-origin'])
                .default('same-origin'),
        })
            .strict()
            .prefault({}),
        routes: schemas/* array */.YOg(routeSchema).default([]),
        /** What paths no route names get: the app (default) or 404. */
        'other-paths': schemas/* enum */.k5n(['app', 'deny']).default('app'),
        'max-body': size.default('10m'),
        /** Default proxy read/send timeout, seconds; defaults to gunicorn.timeout + 5, so Gunicorn answers first. */
        timeout: seconds(1, 3600).optional(),
        gzip: schemas/* boolean */.zMY().default(true),
        'upstream-keepalive': schemas/* number */.aig().int().min(0).max(1024).default(16),
        /** nginx only: where certbot's webroot challenges live. */
        'acme-webroot': absPath.default('/var/www/letsencrypt'),
        /** Email for the ACME account (caddy). */
        email: schemas/* email */.Rpp().optional(),
    })
        .strict(),
    health: schemas/* object */.Ikc({
        liveness: schemas/* string */.YjP().regex(ROUTE).default('/healthz'),
        readiness: schemas/* string */.YjP().regex(ROUTE).default('/readyz'),
        version: schemas/* string */.YjP().regex(ROUTE).default('/version'),
    })
        .strict()
        .prefault({}),
    alerts: schemas/* object */.Ikc({
        '5xx-ratio': schemas/* number */.aig().min(0).max(1).default(0.05),
        'latency-p95-seconds': schemas/* number */.aig().positive().default(1),
        'cert-days': schemas/* number */.aig().int().min(1).default(14),
        'restarts-per-hour': schemas/* number */.aig().int().min(1).default(3),
    })
        .strict()
        .prefault({}),
})
    .strict();

;// CONCATENATED MODULE: ./src/spec/load.ts
/**
 * Reading a spec: YAML text → schema (zod) → cross-file consistency checks. Every problem names its field
 * (`proxy.routes[1].path`), and all of them are reported at once; warnings are returned for the summary.
 */



class SpecError extends errors/* InputError */.dz {
    specProblems;
    file;
    constructor(specProblems, file) {
        super(specProblems, 'spec field');
        this.specProblems = specProblems;
        this.file = file;
        this.name = 'SpecError';
    }
}
function fieldName(path) {
    return path.reduce((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc === '' ? String(k) : `${acc}.${String(k)}`), '');
}
function issueMessage(issue) {
    if (issue.code === 'unrecognized_keys') {
        return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
    }
    if (issue.code === 'invalid_type' && issue.input === undefined)
        return 'is required';
    if (issue.code === 'invalid_value' && 'values' in issue) {
        return `must be one of: ${issue.values.map((v) => String(v)).join(', ')}`;
    }
    return issue.message;
}
/** Checks the parts of a spec that no single field can: how the files will have to agree with each other. */
function crossCheck(spec, raw) {
    const errors = [];
    const warnings = [];
    const g = spec.gunicorn;
    const rawGunicorn = (raw.gunicorn ?? {});
    const tls = spec.proxy.tls;
    if (g.bind === 'unix' && rawGunicorn.port !== undefined) {
        errors.push({
            field: 'gunicorn.port',
            message: 'is only for bind: tcp (bind: unix uses a socket in /run/<app>/)',
        });
    }
    if (g.bind === 'unix' && g['socket-activation'] === false) {
        errors.push({
            field: 'gunicorn.socket-activation',
            message: 'bind: unix needs the socket unit (it gives the socket to the proxy group without adding users to groups); use bind: tcp to run without socket activation',
        });
    }
    if (g['max-requests-jitter'] > g['max-requests']) {
        errors.push({
            field: 'gunicorn.max-requests-jitter',
            message: `must not exceed max-requests (${g['max-requests']})`,
        });
    }
    if (g['worker-class'] === 'sync' && g.threads > 1) {
        warnings.push({
            field: 'gunicorn.threads',
            message: 'with worker-class sync, threads > 1 makes Gunicorn use gthread workers',
        });
    }
    if (g['worker-class'] === 'gthread' && g.threads === 1) {
        warnings.push({
            field: 'gunicorn.threads',
            message: 'gthread workers with 1 thread behave like sync workers',
        });
    }
    if (g['preload-app']) {
        warnings.push({
            field: 'gunicorn.preload-app',
            message: 'with preload-app, a HUP reload keeps the old code: reload-graceful will restart through the socket instead',
        });
    }
    const timeouts = [g.timeout, ...spec.proxy.routes.map((r) => r.timeout ?? 0)];
    if (Math.max(...timeouts) > g.timeout) {
        errors.push({
            field: 'gunicorn.timeout',
            message: `is ${g.timeout}s but a route allows ${Math.max(...timeouts)}s: Gunicorn would kill the worker first; raise gunicorn.timeout`,
        });
    }
    // TLS and certificates.
    const mode = tls.certificates ?? (spec.proxy.server === 'caddy' ? 'caddy' : 'certbot');
    if (mode === 'caddy' && spec.proxy.server !== 'caddy') {
        errors.push({
            field: 'proxy.tls.certificates',
            message: "'caddy' needs proxy.server: caddy (use certbot or files with nginx)",
        });
    }
    if (mode === 'files' && (!tls.cert || !tls.key)) {
        errors.push({
            field: tls.cert ? 'proxy.tls.key' : 'proxy.tls.cert',
            message: 'is required with certificates: files',
        });
    }
    if (mode !== 'files' && (tls.cert || tls.key)) {
        errors.push({
            field: tls.cert ? 'proxy.tls.cert' : 'proxy.tls.key',
            message: 'is only used with certificates: files',
        });
    }
    if (mode === 'certbot' && spec.proxy.domains.some((d) => d.startsWith('*.'))) {
        errors.push({
            field: 'proxy.domains',
            message: 'wildcard domains need a DNS challenge; certbot webroot cannot issue them',
        });
    }
    if (tls.hsts.preload && (!tls.hsts['include-subdomains'] || tls.hsts['max-age'] < 31536000)) {
        errors.push({
            field: 'proxy.tls.hsts.preload',
            message: 'needs include-subdomains: true and max-age >= 31536000 (the preload list requires both)',
        });
    }
    if (tls.hsts['max-age'] < 15552000) {
        warnings.push({
            field: 'proxy.tls.hsts.max-age',
            message: 'below 180 days: scanners mark it down (2 years is recommended)',
        });
    }
    if (tls['ocsp-stapling'] && mode === 'certbot') {
        warnings.push({
            field: 'proxy.tls.ocsp-stapling',
            message: "Let's Encrypt turned OCSP off in 2025: stapling does nothing for its certificates",
        });
    }
    const dupDomains = spec.proxy.domains.filter((d, i, all) => all.indexOf(d) !== i);
    if (dupDomains.length)
        errors.push({ field: 'proxy.domains', message: `lists ${dupDomains.join(', ')} twice` });
    // Routes.
    const seen = new Map();
    spec.proxy.routes.forEach((r, i) => {
        const f = `proxy.routes[${i}]`;
        if (seen.has(r.path))
            errors.push({
                field: `${f}.path`,
                message: `${r.path} is already routed by proxy.routes[${seen.get(r.path)}]`,
            });
        seen.set(r.path, i);
        if (r.to === 'static' && !r.root)
            errors.push({ field: `${f}.root`, message: 'is required for to: static' });
        if (r.to !== 'static' && r.root)
            errors.push({ field: `${f}.root`, message: 'is only used with to: static' });
        if (r.to !== 'app' && (r.timeout !== undefined || !r.buffering)) {
            errors.push({
                field: `${f}.${r.timeout !== undefined ? 'timeout' : 'buffering'}`,
                message: `only applies to routes that go to the app`,
            });
        }
        if (r.path.includes('*') && !r.path.endsWith('/*')) {
            errors.push({ field: `${f}.path`, message: 'a * is only allowed at the end, after a / (e.g. /ai/*)' });
        }
        for (const [what, p] of Object.entries(spec.health)) {
            if (r.path === p && r.to !== 'app') {
                errors.push({
                    field: `${f}.to`,
                    message: `${p} is the ${what} probe path (health.${what}); it must go to the app`,
                });
            }
        }
    });
    return { errors, warnings };
}
function lineOf(doc, counter, path) {
    for (let n = path.length; n > 0; n--) {
        const node = doc.getIn(path.slice(0, n), true);
        if (node && node.range)
            return counter.linePos(node.range[0]).line;
        const parent = n > 1 ? doc.getIn(path.slice(0, n - 1), true) : doc.contents;
        if ((0,dist/* isMap */.jh)(parent)) {
            const pair = parent.items.find((it) => it.key?.value === path[n - 1]);
            const keyNode = pair?.key;
            if (keyNode?.range)
                return counter.linePos(keyNode.range[0]).line;
        }
    }
    return undefined;
}
/** Parses a spec from YAML text (and input overrides already merged in); throws SpecError with every problem. */
function loadSpec(text, file = 'keel.yml', overrides = {}) {
    const counter = new dist/* LineCounter */.HN();
    const doc = (0,dist/* parseDocument */.Tp)(text, { lineCounter: counter, prettyErrors: true, uniqueKeys: true });
    if (doc.errors.length > 0) {
        throw new SpecError(doc.errors.map((e) => ({
            field: '(yaml)',
            message: e.message.split('\n')[0],
            line: e.linePos?.[0]?.line,
        })), file);
    }
    const raw = doc.toJS();
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
        throw new SpecError([{ field: '(root)', message: 'the spec must be a YAML mapping with app:, proxy:, ... at the top' }], file);
    }
    for (const [path, value] of Object.entries(overrides))
        setPath(raw, path.split('.'), value);
    const parsed = specSchema.safeParse(raw);
    if (!parsed.success) {
        const problems = parsed.error.issues.map((issue) => {
            const path = issue.code === 'unrecognized_keys' && issue.keys.length === 1
                ? [...issue.path, issue.keys[0]]
                : issue.path;
            return {
                field: fieldName(issue.code === 'unrecognized_keys' ? path : issue.path) || '(root)',
                message: issueMessage(issue),
                line: lineOf(doc, counter, path),
            };
        });
        throw new SpecError(problems, file);
    }
    const { errors, warnings } = crossCheck(parsed.data, raw);
    const withLines = (ps) => ps.map((p) => ({ ...p, line: lineOf(doc, counter, parseField(p.field)) }));
    if (errors.length > 0)
        throw new SpecError(withLines(errors), file);
    return { spec: parsed.data, warnings: withLines(warnings) };
}
function parseField(field) {
    const out = [];
    for (const m of field.matchAll(/([^.[\]]+)|\[(\d+)\]/g))
        out.push(m[2] !== undefined ? Number(m[2]) : m[1]);
    return out;
}
function setPath(obj, path, value) {
    let cur = obj;
    path.slice(0, -1).forEach((k) => {
        if (typeof cur[k] !== 'object' || cur[k] === null)
            cur[k] = {};
        cur = cur[k];
    });
    cur[path[path.length - 1]] = value;
}

;// CONCATENATED MODULE: ./src/spec/resolve.ts
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

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/render/alerts.ts
/**
 * Prometheus alert rules (pure), so monitoring conditions are defined with the deploy, not described in a wiki.
 * Metric sources: node_exporter's systemd collector (unit state, restarts), blackbox_exporter (health probe,
 * certificate expiry), and the proxy: Caddy's own metrics, or for Nginx prometheus-nginxlog-exporter.
 */

function renderAlerts(r) {
    const a = r.spec.alerts;
    const unit = r.units.service;
    const app = r.name;
    const host = r.spec.proxy.domains[0].replace(/^\*\./, '');
    const caddy = r.spec.proxy.server === 'caddy';
    const errorRatio = caddy
        ? `sum(rate(caddy_http_request_duration_seconds_count{code=~"5.."}[5m])) / sum(rate(caddy_http_request_duration_seconds_count[5m]))`
        : `sum(rate(${app.replace(/-/g, '_')}_http_response_count_total{status=~"5.."}[5m])) / sum(rate(${app.replace(/-/g, '_')}_http_response_count_total[5m]))`;
    const p95 = caddy
        ? `histogram_quantile(0.95, sum by (le) (rate(caddy_http_request_duration_seconds_bucket[5m])))`
        : `histogram_quantile(0.95, sum by (le) (rate(${app.replace(/-/g, '_')}_http_upstream_time_seconds_hist_bucket[5m])))`;
    const rule = (alert, expr, forDur, severity, summary) => ({
        alert,
        expr,
        for: forDur,
        labels: { severity, app },
        annotations: { summary },
    });
    const doc = {
        groups: [
            {
                name: `${app}-systemd`,
                rules: [
                    rule(`${pascal(app)}UnitFailed`, `node_systemd_unit_state{name="${unit}",state="failed"} == 1`, '1m', 'critical', `${unit} has failed on {{ $labels.instance }}`),
                    rule(`${pascal(app)}UnitNotActive`, `node_systemd_unit_state{name="${unit}",state="active"} == 0`, '5m', 'critical', `${unit} is not active on {{ $labels.instance }}`),
                    rule(`${pascal(app)}RestartLoop`, `increase(node_systemd_service_restart_total{name="${unit}"}[1h]) > ${a['restarts-per-hour']}`, '0m', 'warning', `${unit} restarted more than ${a['restarts-per-hour']} times in an hour on {{ $labels.instance }}`),
                ],
            },
            {
                name: `${app}-proxy`,
                rules: [
                    rule(`${pascal(app)}High5xxRate`, `(${errorRatio}) > ${a['5xx-ratio']}`, '5m', 'critical', `more than ${a['5xx-ratio'] * 100}% of ${host} responses are 5xx`),
                    rule(`${pascal(app)}SlowResponses`, `${p95} > ${a['latency-p95-seconds']}`, '10m', 'warning', `p95 latency of ${host} is above ${a['latency-p95-seconds']}s`),
                    rule(`${pascal(app)}HealthProbeFailing`, `probe_success{instance="https://${host}${r.spec.health.readiness}"} == 0`, '2m', 'critical', `${host}${r.spec.health.readiness} is failing`),
                    rule(`${pascal(app)}CertificateExpiresSoon`, `(probe_ssl_earliest_cert_expiry{instance=~"https://${host}.*"} - time()) / 86400 < ${a['cert-days']}`, '1h', 'warning', `the TLS certificate of ${host} expires in less than ${a['cert-days']} days`),
                ],
            },
        ],
    };
    return `# Rendered by keel render-config; edit the spec, not this file.\n${(0,dist/* stringify */.As)(doc, { lineWidth: 0 })}`;
}
function pascal(name) {
    return name
        .split('-')
        .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
        .join('');
}

;// CONCATENATED MODULE: ./src/render/headers.ts
function securityHeaders(r) {
    const h = r.spec.proxy.headers;
    const csp = h['content-security-policy'];
    // frame-ancestors in the CSP and X-Frame-Options say the same thing, for new and old browsers.
    return [
        ['Strict-Transport-Security', r.hstsValue],
        ['Content-Security-Policy', csp],
        ['X-Content-Type-Options', 'nosniff'],
        ['X-Frame-Options', h['frame-options']],
        ['Referrer-Policy', h['referrer-policy']],
        ['Permissions-Policy', h['permissions-policy']],
        ['Cross-Origin-Opener-Policy', h['cross-origin-opener-policy']],
        ['Cross-Origin-Resource-Policy', h['cross-origin-resource-policy']],
    ];
}

;// CONCATENATED MODULE: ./src/render/tls.ts
/** Mozilla server-side TLS guideline 6.0, in the words of each proxy. */
const MOZILLA_TLS12_CIPHERS = [
    'ECDHE-ECDSA-AES128-GCM-SHA256',
    'ECDHE-RSA-AES128-GCM-SHA256',
    'ECDHE-ECDSA-AES256-GCM-SHA384',
    'ECDHE-RSA-AES256-GCM-SHA384',
    'ECDHE-ECDSA-CHACHA20-POLY1305',
    'ECDHE-RSA-CHACHA20-POLY1305',
];
/** The same suites as Go (Caddy) names them. */
const MOZILLA_TLS12_CIPHERS_GO = [
    'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
    'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
    'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
    'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
    'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256',
    'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
];
/**
 * X25519MLKEM768 leads the 6.0 list but needs OpenSSL >= 3.5; an older OpenSSL (Debian bookworm has 3.0)
 * refuses the whole directive, so it is left out until the target servers have it.
 */
const MOZILLA_CURVES = ['X25519', 'prime256v1', 'secp384r1'];
const MOZILLA_CURVES_GO = ['x25519', 'secp256r1', 'secp384r1'];
/** "10m" → bytes. */
function sizeBytes(size) {
    const m = /^(\d+)([kmg]?)$/.exec(size);
    const factor = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2]];
    return Number(m[1]) * factor;
}
/** "10m" → Caddy's "10MiB". */
function caddySize(size) {
    const m = /^(\d+)([kmg]?)$/.exec(size);
    return m[2] ? `${m[1]}${m[2].toUpperCase()}iB` : `${m[1]}B`;
}

;// CONCATENATED MODULE: ./src/render/caddy.ts


const q = (v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
function matcher(route) {
    return route.match === 'exact' ? route.base : route.base === '/' ? '' : `${route.base}*`;
}
function proxy(r, route) {
    const upstream = r.socketPath ? `unix/${r.socketPath}` : r.bind;
    const timeout = route.timeout ?? r.proxyTimeout;
    return [
        `reverse_proxy ${upstream} {`,
        ...(route.buffering ? [] : ['    flush_interval -1']),
        '    transport http {',
        '        dial_timeout 5s',
        `        read_timeout ${timeout}s`,
        `        write_timeout ${timeout}s`,
        '    }',
        '}',
    ];
}
function handle(r, route) {
    const m = matcher(route);
    const body = [];
    // Per route: an outer request_body would cap every route at the site-wide size.
    body.push('request_body {', `    max_size ${caddySize(route['max-body'] ?? r.spec.proxy['max-body'])}`, '}');
    if (route.to === 'deny')
        body.push('respond 404');
    else if (route.to === 'static')
        body.push(`root * ${route.root}`, 'file_server');
    else
        body.push(...proxy(r, route));
    const head = route.to === 'static' && route.match === 'prefix'
        ? `handle_path ${m} {`
        : m
            ? `handle ${m} {`
            : 'handle {';
    return [head, ...body.map((l) => `    ${l}`), '}'];
}
function renderCaddyfile(r) {
    const p = r.spec.proxy;
    const modern = p.tls.profile === 'modern';
    const unlogged = r.routes.filter((x) => !x.log).map(matcher);
    const tls = r.tls.mode === 'files' ? `tls ${r.tls.cert} ${r.tls.key} {` : p.email ? `tls ${p.email} {` : 'tls {';
    const indent = (lines) => lines.map((l) => (l === '' ? '' : `    ${l}`));
    // Most specific first: Caddy tries `handle` blocks in the order of their matchers' specificity anyway,
    // but writing them that way keeps the file readable.
    const ordered = [...r.routes].sort((a, b) => b.base.length - a.base.length);
    return [
        '# Rendered by keel render-config; edit the spec, not this file.',
        `${p.domains.join(', ')} {`,
        ...indent([
            tls,
            `    # Mozilla server-side TLS 6.0, ${p.tls.profile}.`,
            modern ? '    protocols tls1.3' : '    protocols tls1.2 tls1.3',
            ...(modern ? [] : [`    ciphers ${MOZILLA_TLS12_CIPHERS_GO.join(' ')}`]),
            `    curves ${MOZILLA_CURVES_GO.join(' ')}`,
            '}',
            '',
            'header {',
            ...securityHeaders(r).map(([k, v]) => `    ${k} ${q(v)}`),
            '    -Server',
            '}',
            '',
            ...(p.gzip ? ['encode zstd gzip'] : []),
            '',
            `log {`,
            `    output file /var/log/caddy/${r.name}.access.log`,
            '}',
            ...(unlogged.length ? [`@unlogged path ${unlogged.join(' ')}`, 'skip_log @unlogged'] : []),
            '',
            ...ordered.flatMap((route) => [...handle(r, route), '']),
        ]),
        '}',
        '',
    ]
        .join('\n')
        .replace(/\n\n}/g, '\n}');
}

;// CONCATENATED MODULE: ./src/render/gunicorn.ts
const py = (v) => JSON.stringify(v); // a JSON string is a valid Python string literal
function renderGunicornConf(r) {
    const g = r.spec.gunicorn;
    const lines = [
        '# Rendered by keel render-config from the spec; edit the spec, not this file.',
        'import multiprocessing',
        'import os',
        '',
        `wsgi_app = ${py(r.spec.app.module)}`,
        '# The `current` symlink, not the release it points to: every reload imports the release switched to last.',
        `chdir = ${py(r.current)}`,
        r.socketActivation
            ? `# The listening socket comes from systemd (${r.units.socket}); this bind names the same address.`
            : '# Gunicorn listens on loopback only; the proxy is the public face.',
        `bind = [${py(r.bind)}]`,
        `workers = ${r.workersExpr}`,
        `worker_class = ${py(g['worker-class'])}`,
        `threads = ${r.threads}`,
        `timeout = ${g.timeout}`,
        `graceful_timeout = ${g['graceful-timeout']}`,
        `keepalive = ${g.keepalive}`,
        `max_requests = ${g['max-requests']}`,
        `max_requests_jitter = ${g['max-requests-jitter']}`,
        `preload_app = ${g['preload-app'] ? 'True' : 'False'}`,
        `limit_request_line = ${g['limit-request-line']}`,
        `limit_request_fields = ${g['limit-request-fields']}`,
        `limit_request_field_size = ${g['limit-request-field-size']}`,
        '# The heartbeat file on tmpfs, so a slow disk never makes workers look dead.',
        'worker_tmp_dir = "/dev/shm"',
        '# Only the local proxy may set X-Forwarded-*; unix-socket peers are trusted by Gunicorn itself.',
        'forwarded_allow_ips = "127.0.0.1,::1"',
        'proxy_allow_ips = "127.0.0.1,::1"',
        `proc_name = ${py(r.name)}`,
        '# systemd runs the master in the foreground and owns its PID.',
        'daemon = False',
        'capture_output = True',
    ];
    if (r.logDir) {
        lines.push(`accesslog = ${g['access-log'] ? py(`${r.logDir}/access.log`) : 'None'}`);
        lines.push(`errorlog = ${py(`${r.logDir}/error.log`)}`);
    }
    else {
        lines.push('# Logs go to stdout/stderr, i.e. the journal of the unit.');
        lines.push(`accesslog = ${g['access-log'] ? '"-"' : 'None'}`);
        lines.push('errorlog = "-"');
    }
    if (g['access-log-format'] === 'json') {
        lines.push('access_log_format = ' +
            py('{"time":"%(t)s","remote":"%({x-forwarded-for}i)s","method":"%(m)s","path":"%(U)s","query":"%(q)s",' +
                '"status":%(s)s,"bytes":%(B)s,"duration_us":%(D)s,"referer":"%(f)s","agent":"%(a)s","request_id":"%({x-request-id}i)s"}'));
    }
    else {
        lines.push('access_log_format = ' +
            py('%({x-forwarded-for}i)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(D)sus'));
    }
    lines.push('', '', 'def post_fork(server, worker):', "    # Workers added without a HUP (keel's `rolling` reload: TTIN) inherit the master's working directory, the", '    # release it loaded last: enter the one `current` points to now, as a HUP would.', '    os.chdir(server.cfg.chdir)');
    return lines.join('\n') + '\n';
}

;// CONCATENATED MODULE: ./src/render/logrotate.ts
function renderLogrotate(r) {
    if (!r.logDir)
        return undefined;
    return [
        '# Rendered by keel render-config; edit the spec, not this file.',
        `${r.logDir}/*.log {`,
        '    daily',
        '    rotate 14',
        '    missingok',
        '    notifempty',
        '    compress',
        '    # The newest rotated file stays uncompressed until Gunicorn has reopened its logs.',
        '    delaycompress',
        `    create 0640 ${r.user} ${r.group}`,
        `    su ${r.user} ${r.group}`,
        '    sharedscripts',
        '    postrotate',
        `        systemctl kill --signal=USR1 --kill-whom=main ${r.units.service} >/dev/null 2>&1 || true`,
        '    endscript',
        '}',
        '',
    ].join('\n');
}

;// CONCATENATED MODULE: ./src/render/nginx.ts


const nginx_q = (v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
const GZIP_TYPES = 'text/plain text/css text/xml text/javascript application/javascript application/json application/xml application/rss+xml image/svg+xml';
function nginx_location(r, route, upstream) {
    const head = route.base === '/' && route.match === 'prefix'
        ? 'location / {'
        : route.match === 'exact'
            ? `location = ${route.base} {`
            : `location ^~ ${route.base} {`;
    const body = [];
    if (!route.log)
        body.push('access_log off;');
    if (route['max-body'])
        body.push(`client_max_body_size ${route['max-body']};`);
    if (route.to === 'deny') {
        body.push('return 404;');
    }
    else if (route.to === 'static') {
        body.push(`alias ${route.root.replace(/\/?$/, '/')};`, 'expires 7d;', 'try_files $uri =404;');
    }
    else {
        if (route.timeout)
            body.push(`proxy_read_timeout ${route.timeout}s;`, `proxy_send_timeout ${route.timeout}s;`);
        if (!route.buffering)
            body.push('proxy_buffering off;', 'proxy_request_buffering off;');
        body.push(`proxy_pass http://${upstream};`);
    }
    return [head, ...body.map((l) => `    ${l}`), '}'];
}
function renderNginx(r) {
    const p = r.spec.proxy;
    const upstream = `${r.name.replace(/-/g, '_')}_app`;
    const names = p.domains.join(' ');
    const modern = p.tls.profile === 'modern';
    const server = r.socketPath ? `unix:${r.socketPath}` : r.bind;
    const indent = (lines) => lines.map((l) => (l === '' ? '' : `    ${l}`));
    return [
        '# Rendered by keel render-config; edit the spec, not this file.',
        `upstream ${upstream} {`,
        `    server ${server} fail_timeout=0;`,
        ...(p['upstream-keepalive'] > 0 ? [`    keepalive ${p['upstream-keepalive']};`] : []),
        '}',
        '',
        'server {',
        ...indent([
            'listen 80;',
            'listen [::]:80;',
            `server_name ${names};`,
            'server_tokens off;',
            '',
            '# certbot --webroot answers its challenges from here; everything else goes to HTTPS.',
            'location ^~ /.well-known/acme-challenge/ {',
            `    root ${p['acme-webroot']};`,
            '    default_type text/plain;',
            '}',
            'location / {',
            '    return 308 https://$host$request_uri;',
            '}',
        ]),
        '}',
        '',
        'server {',
        ...indent([
            'listen 443 ssl http2;',
            'listen [::]:443 ssl http2;',
            `server_name ${names};`,
            'server_tokens off;',
            '',
            `ssl_certificate ${r.tls.cert};`,
            `ssl_certificate_key ${r.tls.key};`,
            `# Mozilla server-side TLS 6.0, ${p.tls.profile}.`,
            modern ? 'ssl_protocols TLSv1.3;' : 'ssl_protocols TLSv1.2 TLSv1.3;',
            ...(modern ? [] : [`ssl_ciphers ${MOZILLA_TLS12_CIPHERS.join(':')};`]),
            `ssl_ecdh_curve ${MOZILLA_CURVES.join(':')};`,
            'ssl_prefer_server_ciphers off;',
            'ssl_session_timeout 1d;',
            `ssl_session_cache shared:${upstream}_tls:10m;`,
            'ssl_session_tickets off;',
            ...(p.tls['ocsp-stapling'] ? ['ssl_stapling on;', 'ssl_stapling_verify on;'] : []),
            '',
            '# On every response, errors included.',
            ...securityHeaders(r).map(([k, v]) => `add_header ${k} ${nginx_q(v)} always;`),
            '',
            `client_max_body_size ${p['max-body']};`,
            ...(p.gzip
                ? [
                    'gzip on;',
                    'gzip_vary on;',
                    'gzip_proxied any;',
                    'gzip_min_length 1024;',
                    `gzip_types ${GZIP_TYPES};`,
                ]
                : []),
            '',
            'proxy_http_version 1.1;',
            'proxy_set_header Connection "";',
            'proxy_set_header Host $host;',
            '# nginx is the edge: it states the client address instead of passing on whatever the client claimed.',
            'proxy_set_header X-Forwarded-For $remote_addr;',
            'proxy_set_header X-Real-IP $remote_addr;',
            'proxy_set_header X-Forwarded-Proto $scheme;',
            'proxy_set_header X-Forwarded-Host $host;',
            'proxy_set_header X-Request-ID $request_id;',
            'proxy_connect_timeout 5s;',
            `proxy_read_timeout ${r.proxyTimeout}s;`,
            `proxy_send_timeout ${r.proxyTimeout}s;`,
            'proxy_redirect off;',
            '',
            ...r.routes.flatMap((route) => [...nginx_location(r, route, upstream), '']),
        ]),
        '}',
        '',
    ]
        .join('\n')
        .replace(/\n\n\n+/g, '\n\n')
        .replace(/\n\n}/g, '\n}');
}

;// CONCATENATED MODULE: ./src/render/systemd.ts
/** systemd's quoting for one word of ExecStart= (C-style, double quotes). */
function word(v) {
    return /^[A-Za-z0-9_@%+=:,./-]+$/.test(v)
        ? v
        : `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\$/g, '$$$$')}"`;
}
const STRICT = [
    '# Sandbox: the app sees a read-only system, its own /tmp and /dev, no privileges and no kernel knobs.',
    'NoNewPrivileges=yes',
    'CapabilityBoundingSet=',
    'AmbientCapabilities=',
    'PrivateTmp=yes',
    'PrivateDevices=yes',
    'DevicePolicy=closed',
    'PrivateUsers=yes',
    'ProtectSystem=strict',
    'ProtectHome=yes',
    'ProtectKernelTunables=yes',
    'ProtectKernelModules=yes',
    'ProtectKernelLogs=yes',
    'ProtectControlGroups=yes',
    'ProtectClock=yes',
    'ProtectHostname=yes',
    'ProtectProc=invisible',
    'ProcSubset=pid',
    'RestrictNamespaces=yes',
    'RestrictRealtime=yes',
    'RestrictSUIDSGID=yes',
    'LockPersonality=yes',
    'RemoveIPC=yes',
    'KeyringMode=private',
    'RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6',
    'SystemCallArchitectures=native',
    'SystemCallFilter=@system-service',
    'SystemCallFilter=~@privileged @resources @mount @debug @cpu-emulation @obsolete @raw-io @reboot @swap',
    '# Gunicorn workers call setuid()/setgid() to their own ids on boot; without capabilities they can change nothing.',
    'SystemCallFilter=@setuid',
    'SystemCallErrorNumber=EPERM',
    'UMask=0027',
];
const BASIC = [
    '# Basic sandbox: no privileges, read-only system, private /tmp.',
    'NoNewPrivileges=yes',
    'CapabilityBoundingSet=',
    'PrivateTmp=yes',
    'ProtectSystem=full',
    'ProtectHome=yes',
    'UMask=0027',
];
function renderService(r) {
    const s = r.spec;
    const env = Object.entries(s.app.environment).map(([k, v]) => `Environment=${word(`${k}=${v}`)}`);
    const writable = [r.shared, ...(r.logDir ? [r.logDir] : []), ...s.systemd['read-write-paths']];
    const hardening = s.systemd.hardening === 'strict' ? STRICT : s.systemd.hardening === 'basic' ? BASIC : [];
    return [
        '# Rendered by keel render-config; edit the spec, not this file.',
        '[Unit]',
        `Description=${s.app.name} (Gunicorn)`,
        'After=network-online.target',
        'Wants=network-online.target',
        ...(r.units.socket ? [`Requires=${r.units.socket}`, `After=${r.units.socket}`] : []),
        '# A crash loop stops after 5 starts in 2 minutes instead of spinning forever.',
        'StartLimitIntervalSec=120',
        'StartLimitBurst=5',
        '',
        '[Service]',
        'Type=notify',
        '# Gunicorn tells systemd when it is ready; only the master may.',
        'NotifyAccess=main',
        `User=${r.user}`,
        `Group=${r.group}`,
        `WorkingDirectory=${r.current}`,
        `EnvironmentFile=-${r.envFile}`,
        'Environment=PYTHONUNBUFFERED=1',
        ...env,
        `ExecStart=${[r.exec.program, ...r.exec.args].map(word).join(' ')}`,
        '# HUP: new workers with the new code, same master, no dropped requests.',
        'ExecReload=/bin/kill -s HUP $MAINPID',
        '# TERM to the master (graceful), then to what is left.',
        'KillMode=mixed',
        `# Longer than graceful_timeout (${s.gunicorn['graceful-timeout']}s), so in-flight requests can finish.`,
        `TimeoutStopSec=${r.stopTimeoutSec}`,
        'TimeoutStartSec=90',
        'Restart=on-failure',
        `RestartSec=${s.systemd['restart-sec']}`,
        ...(r.logDir ? [`LogsDirectory=${r.name}`, 'LogsDirectoryMode=0750'] : []),
        `ReadWritePaths=${writable.map(word).join(' ')}`,
        `SyslogIdentifier=${r.name}`,
        ...hardening,
        '',
        '[Install]',
        'WantedBy=multi-user.target',
        '',
    ].join('\n');
}
function renderSocket(r) {
    if (!r.units.socket)
        return undefined;
    const listen = r.socketPath ?? r.bind;
    return [
        '# Rendered by keel render-config; edit the spec, not this file.',
        '[Unit]',
        `Description=${r.spec.app.name} listening socket`,
        '',
        '[Socket]',
        `ListenStream=${listen}`,
        ...(r.socketPath ? [`SocketUser=${r.user}`, `SocketGroup=${r.proxyGroup}`, 'SocketMode=0660'] : []),
        '# Connections wait in the backlog while the service restarts, instead of being refused.',
        'Backlog=2048',
        '',
        '[Install]',
        'WantedBy=sockets.target',
        '',
    ].join('\n');
}

;// CONCATENATED MODULE: ./src/render/index.ts
/**
 * Everything render-config makes from one spec, with where each file goes, who owns it and what must be
 * reloaded when it changes: the manifest ssh-deploy installs from. Pure: spec in, files out.
 */







function renderAll(r) {
    const files = [];
    const add = (f, content) => {
        if (content !== undefined)
            files.push({ ...f, content });
    };
    const root = { owner: 'root', group: 'root', mode: '0644', scope: 'host' };
    add({
        name: 'gunicorn.conf.py',
        kind: 'gunicorn',
        install: '.keel/gunicorn.conf.py',
        scope: 'release',
        owner: r.user,
        group: r.group,
        mode: '0644',
        onChange: 'reload-app',
    }, renderGunicornConf(r));
    add({
        ...root,
        name: `systemd/${r.units.service}`,
        kind: 'systemd-service',
        install: `/etc/systemd/system/${r.units.service}`,
        onChange: 'daemon-reload',
    }, renderService(r));
    if (r.units.socket) {
        add({
            ...root,
            name: `systemd/${r.units.socket}`,
            kind: 'systemd-socket',
            install: `/etc/systemd/system/${r.units.socket}`,
            onChange: 'daemon-reload',
        }, renderSocket(r));
    }
    if (r.spec.proxy.server === 'nginx') {
        add({
            ...root,
            name: `nginx/${r.name}.conf`,
            kind: 'nginx',
            install: `/etc/nginx/sites-available/${r.name}.conf`,
            onChange: 'reload-nginx',
        }, renderNginx(r));
    }
    else {
        add({
            ...root,
            name: `caddy/${r.name}.caddy`,
            kind: 'caddy',
            install: `/etc/caddy/sites/${r.name}.caddy`,
            onChange: 'reload-caddy',
        }, renderCaddyfile(r));
    }
    add({
        ...root,
        name: `logrotate/${r.name}`,
        kind: 'logrotate',
        install: `/etc/logrotate.d/${r.name}`,
        onChange: 'none',
    }, renderLogrotate(r));
    add({
        ...root,
        name: `alerts/${r.name}.rules.yml`,
        kind: 'alerts',
        install: `/etc/prometheus/rules/${r.name}.rules.yml`,
        onChange: 'none',
    }, renderAlerts(r));
    return files;
}
function sha256(text) {
    return (0,external_node_crypto_.createHash)('sha256').update(text).digest('hex');
}
function manifestOf(r, files) {
    return {
        keel: 1,
        app: r.name,
        proxy: r.spec.proxy.server,
        service: r.units.service,
        socket: r.units.socket ?? null,
        files: files.map(({ content, ...f }) => ({
            ...f,
            sha256: sha256(content),
            bytes: Buffer.byteLength(content),
        })),
    };
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
;// CONCATENATED MODULE: ./src/local/exec.ts
/** Running local programs (the validators on the runner): argv arrays only, never a shell string. */



function run(command, args, options = {}) {
    return new Promise((resolve, reject) => {
        const child = (0,external_node_child_process_.spawn)(command, args, {
            env: options.env ?? process.env,
            cwd: options.cwd,
            stdio: ['ignore', 'pipe', 'pipe'],
            timeout: options.timeoutMs ?? 60_000,
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d.toString()));
        child.stderr.on('data', (d) => (stderr += d.toString()));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
}
/** The full path of a program on PATH (or in the usual sbin folders), or undefined. */
function which(program) {
    const dirs = [...(process.env.PATH ?? '').split(external_node_path_.delimiter), '/usr/sbin', '/sbin', '/usr/local/sbin'];
    for (const dir of dirs) {
        const file = (0,external_node_path_.join)(dir, program);
        try {
            (0,external_node_fs_.accessSync)(file, external_node_fs_.constants.X_OK);
            return file;
        }
        catch {
            /* not here */
        }
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/render/validate.ts
/**
 * Checks rendered files with the real tools, where they are installed on the machine running keel:
 * nginx -t, caddy validate, systemd-analyze verify and security, logrotate -d, Python's compiler. Each tool
 * runs on a scratch copy (its own prefix, storage and state files), so nothing outside a temp folder changes.
 *
 * Files that only exist on the target host (certificates, the release's gunicorn binary) are stood in for by
 * scratch ones here; the host checks them again when ssh-deploy installs the files.
 */




/** A check that could not run here because its tool is missing (a failure when tools are required). */
function skipped(tool, file, program) {
    return { tool, file, status: 'skipped', detail: `${program} is not installed here` };
}
const firstLines = (text, n = 6) => text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, n)
    .join('\n');
async function selfSignedCert(dir, names) {
    const openssl = which('openssl');
    if (!openssl)
        return undefined;
    const cert = (0,external_node_path_.join)(dir, 'stand-in.crt');
    const key = (0,external_node_path_.join)(dir, 'stand-in.key');
    const cn = names[0].replace(/^\*\./, 'wildcard.');
    const r = await run(openssl, [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '2',
        '-subj',
        `/CN=${cn}`,
        '-keyout',
        key,
        '-out',
        cert,
    ]);
    return r.code === 0 ? { cert, key } : undefined;
}
async function nginx(r, file, scratch) {
    const bin = which('nginx');
    if (!bin)
        return skipped('nginx -t', file.name, 'nginx');
    const prefix = (0,external_node_path_.join)(scratch, 'nginx');
    (0,external_node_fs_.mkdirSync)((0,external_node_path_.join)(prefix, 'logs'), { recursive: true });
    let site = file.content;
    let note = '';
    if (r.tls.cert && r.tls.key && !((0,external_node_fs_.existsSync)(r.tls.cert) && (0,external_node_fs_.existsSync)(r.tls.key))) {
        const stand = await selfSignedCert(prefix, r.spec.proxy.domains);
        if (stand) {
            site = site.split(r.tls.cert).join(stand.cert).split(r.tls.key).join(stand.key);
            note = ' (certificate paths stood in for: they exist on the host)';
        }
    }
    (0,external_node_fs_.writeFileSync)((0,external_node_path_.join)(prefix, 'site.conf'), site);
    const mime = (0,external_node_fs_.existsSync)('/etc/nginx/mime.types') ? 'include /etc/nginx/mime.types;' : '';
    (0,external_node_fs_.writeFileSync)((0,external_node_path_.join)(prefix, 'nginx.conf'), [
        `pid ${(0,external_node_path_.join)(prefix, 'nginx.pid')};`,
        `error_log ${(0,external_node_path_.join)(prefix, 'logs', 'error.log')};`,
        'events {}',
        'http {',
        `  ${mime}`,
        ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${(0,external_node_path_.join)(prefix, `${t}_temp`)};`),
        `  access_log ${(0,external_node_path_.join)(prefix, 'logs', 'access.log')};`,
        `  include ${(0,external_node_path_.join)(prefix, 'site.conf')};`,
        '}',
    ].join('\n'));
    const res = await run(bin, [
        '-t',
        '-q',
        '-p',
        prefix,
        '-c',
        (0,external_node_path_.join)(prefix, 'nginx.conf'),
        '-e',
        (0,external_node_path_.join)(prefix, 'logs', 'error.log'),
    ]);
    const out = (res.stderr + res.stdout).split(prefix + '/site.conf').join(file.name);
    return res.code === 0
        ? { tool: 'nginx -t', file: file.name, status: 'passed', detail: `syntax ok${note}` }
        : { tool: 'nginx -t', file: file.name, status: 'failed', detail: firstLines(out) };
}
async function caddy(r, file, scratch) {
    const bin = which('caddy');
    if (!bin)
        return skipped('caddy validate', file.name, 'caddy');
    const dir = (0,external_node_path_.join)(scratch, 'caddy');
    (0,external_node_fs_.mkdirSync)((0,external_node_path_.join)(dir, 'logs'), { recursive: true });
    let site = file.content.split('/var/log/caddy/').join((0,external_node_path_.join)(dir, 'logs') + '/');
    let note = '';
    if (r.tls.cert && r.tls.key && !((0,external_node_fs_.existsSync)(r.tls.cert) && (0,external_node_fs_.existsSync)(r.tls.key))) {
        const stand = await selfSignedCert(dir, r.spec.proxy.domains);
        if (stand) {
            site = site.split(r.tls.cert).join(stand.cert).split(r.tls.key).join(stand.key);
            note = ' (certificate paths stood in for: they exist on the host)';
        }
    }
    (0,external_node_fs_.writeFileSync)((0,external_node_path_.join)(dir, 'site.caddy'), site);
    (0,external_node_fs_.writeFileSync)((0,external_node_path_.join)(dir, 'Caddyfile'), [
        '{',
        '  admin off',
        `  storage file_system ${(0,external_node_path_.join)(dir, 'storage')}`,
        '  skip_install_trust',
        '}',
        `import ${(0,external_node_path_.join)(dir, 'site.caddy')}`,
        '',
    ].join('\n'));
    const env = {
        ...process.env,
        HOME: dir,
        XDG_DATA_HOME: (0,external_node_path_.join)(dir, 'data'),
        XDG_CONFIG_HOME: (0,external_node_path_.join)(dir, 'config'),
    };
    const res = await run(bin, ['validate', '--adapter', 'caddyfile', '--config', (0,external_node_path_.join)(dir, 'Caddyfile')], {
        env,
    });
    const out = (res.stderr + res.stdout).split((0,external_node_path_.join)(dir, 'site.caddy')).join(file.name);
    if (res.code === 0)
        return {
            tool: 'caddy validate',
            file: file.name,
            status: 'passed',
            detail: `valid configuration${note}`,
        };
    const errorLine = out
        .split('\n')
        .filter((l) => /Error:|error/.test(l))
        .slice(-2)
        .join('\n');
    return { tool: 'caddy validate', file: file.name, status: 'failed', detail: firstLines(errorLine || out) };
}
async function systemd(r, files, scratch, options) {
    const units = files.filter((f) => f.kind === 'systemd-service' || f.kind === 'systemd-socket');
    const bin = which('systemd-analyze');
    if (!bin) {
        return units.map((f) => skipped('systemd-analyze', f.name, 'systemd-analyze'));
    }
    const dir = (0,external_node_path_.join)(scratch, 'systemd');
    (0,external_node_fs_.mkdirSync)(dir, { recursive: true });
    const stub = (0,external_node_path_.join)(dir, 'gunicorn-stand-in');
    (0,external_node_fs_.writeFileSync)(stub, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    for (const f of units) {
        // The release's gunicorn exists only on the host; verify checks ExecStart against a stand-in.
        (0,external_node_fs_.writeFileSync)((0,external_node_path_.join)(dir, f.install.split('/').pop()), f.content.split(`ExecStart=${r.exec.program}`).join(`ExecStart=${stub}`));
    }
    const results = [];
    for (const f of units) {
        const path = (0,external_node_path_.join)(dir, f.install.split('/').pop());
        const v = await run(bin, ['verify', '--man=no', path]);
        // Unknown keys and sections only warn in systemd; a rendered unit must have none.
        const complaints = (v.stderr + v.stdout)
            .split('\n')
            .filter((l) => l.trim() !== '' && !/Failed to (connect|create)|sysinit\.target|not found\.$/.test(l));
        results.push(v.code === 0 && complaints.length === 0
            ? { tool: 'systemd-analyze verify', file: f.name, status: 'passed', detail: 'no warnings' }
            : {
                tool: 'systemd-analyze verify',
                file: f.name,
                status: 'failed',
                detail: firstLines(complaints
                    .join('\n')
                    .split(dir + '/')
                    .join('')),
            });
        if (f.kind === 'systemd-service') {
            const s = await run(bin, ['security', '--offline=yes', '--no-pager', path]);
            const m = /Overall exposure level for [^:]+: ([\d.]+) (\w+)/.exec(s.stdout + s.stderr);
            if (!m) {
                results.push({
                    tool: 'systemd-analyze security',
                    file: f.name,
                    status: 'failed',
                    detail: firstLines(s.stderr || s.stdout),
                });
            }
            else {
                const exposure = Number(m[1]);
                const ok = exposure <= options.maxExposure;
                results.push({
                    tool: 'systemd-analyze security',
                    file: f.name,
                    status: ok ? 'passed' : 'failed',
                    detail: `exposure ${m[1]} ${m[2]} (limit ${options.maxExposure})`,
                });
            }
        }
    }
    return results;
}
async function logrotate(file, scratch) {
    const bin = which('logrotate');
    if (!bin)
        return skipped('logrotate -d', file.name, 'logrotate');
    const dir = (0,external_node_path_.join)(scratch, 'logrotate');
    (0,external_node_fs_.mkdirSync)(dir, { recursive: true });
    const conf = (0,external_node_path_.join)(dir, 'rules');
    // The app's user exists only on the host: check the syntax with root's ownership here.
    (0,external_node_fs_.writeFileSync)(conf, file.content
        .replace(/^(\s*)su .*$/m, '$1su root root')
        .replace(/^(\s*create \d+) \S+ \S+$/m, '$1 root root'), {
        mode: 0o644,
    });
    const res = await run(bin, ['-d', '-s', (0,external_node_path_.join)(dir, 'state'), conf]);
    const bad = (res.stderr + res.stdout).split('\n').filter((l) => /^error:/.test(l));
    return res.code === 0 && bad.length === 0
        ? { tool: 'logrotate -d', file: file.name, status: 'passed', detail: 'rules parse' }
        : {
            tool: 'logrotate -d',
            file: file.name,
            status: 'failed',
            detail: firstLines(bad.join('\n') || res.stderr),
        };
}
async function python(file, scratch) {
    const bin = which('python3');
    if (!bin)
        return skipped('python3 compile', file.name, 'python3');
    const path = (0,external_node_path_.join)(scratch, 'gunicorn.conf.py');
    (0,external_node_fs_.writeFileSync)(path, file.content);
    const code = 'import sys; ns = {}; exec(compile(open(sys.argv[1]).read(), "gunicorn.conf.py", "exec"), ns); print(ns["workers"], ns["bind"])';
    const res = await run(bin, ['-c', code, path]);
    return res.code === 0
        ? {
            tool: 'python3 exec',
            file: file.name,
            status: 'passed',
            detail: `runs; workers here would be ${res.stdout.split(' ')[0]}`,
        }
        : { tool: 'python3 exec', file: file.name, status: 'failed', detail: firstLines(res.stderr) };
}
async function validateFiles(r, files, options) {
    const scratch = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'keel-validate-'));
    try {
        const results = [];
        for (const f of files) {
            if (f.kind === 'gunicorn')
                results.push(await python(f, scratch));
            if (f.kind === 'nginx')
                results.push(await nginx(r, f, scratch));
            if (f.kind === 'caddy')
                results.push(await caddy(r, f, scratch));
            if (f.kind === 'logrotate')
                results.push(await logrotate(f, scratch));
        }
        results.push(...(await systemd(r, files, scratch, options)));
        if (options.requireTools) {
            for (const x of results)
                if (x.status === 'skipped')
                    x.status = 'failed';
        }
        return results;
    }
    finally {
        (0,external_node_fs_.rmSync)(scratch, { recursive: true, force: true });
    }
}

;// CONCATENATED MODULE: ./src/render/render-config.ts
/** render-config as a library call: spec text → validated files on disk, a manifest and a report. */






/**
 * Renders and validates; writes the files only when every check passed (a failed render leaves the output
 * directory as it was).
 */
async function renderConfig(options) {
    const { spec, warnings } = loadSpec(options.specText, options.specFile, options.overrides);
    const resolved = resolve(spec);
    const files = renderAll(resolved);
    const validation = options.validate ? await validateFiles(resolved, files, options.validate) : [];
    const ok = validation.every((v) => v.status !== 'failed');
    const manifest = manifestOf(resolved, files);
    const manifestPath = (0,external_node_path_.join)(options.outDir, 'manifest.json');
    if (ok) {
        (0,external_node_fs_.rmSync)(options.outDir, { recursive: true, force: true });
        for (const f of files) {
            const path = (0,external_node_path_.join)(options.outDir, f.name);
            (0,external_node_fs_.mkdirSync)((0,external_node_path_.dirname)(path), { recursive: true });
            (0,external_node_fs_.writeFileSync)(path, f.content);
        }
        (0,external_node_fs_.writeFileSync)(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
    }
    return { resolved, files, manifest, manifestPath, warnings, validation, ok };
}

;// CONCATENATED MODULE: ./src/report/render.ts
function renderReport(r, specFile) {
    const failed = r.validation.filter((v) => v.status === 'failed');
    return {
        title: `keel render-config: ${r.files.length} files for ${r.resolved.name} (${r.resolved.spec.proxy.server})`,
        status: !r.ok ? 'failed' : r.warnings.length ? 'warning' : 'ok',
        lines: [
            `Spec \`${specFile}\` → ${r.resolved.units.service}${r.resolved.units.socket ? ` + ${r.resolved.units.socket}` : ''}, ` +
                `${r.resolved.spec.proxy.domains.join(', ')}, bind \`${r.resolved.bind}\`.` +
                (failed.length ? ` **${failed.length} check(s) failed; nothing was written.**` : ''),
        ],
        tables: [
            {
                caption: 'Files',
                headers: ['file', 'installs to', 'owner', 'mode', 'on change', 'sha256'],
                rows: r.manifest.files.map((f) => [
                    f.name,
                    f.scope === 'release' ? `<release>/${f.install}` : f.install,
                    `${f.owner}:${f.group}`,
                    f.mode,
                    f.onChange,
                    f.sha256.slice(0, 12),
                ]),
            },
            {
                caption: 'Checks',
                headers: ['check', 'file', 'result', 'detail'],
                rows: r.validation.map((v) => [v.tool, v.file, v.status, v.detail]),
            },
            ...(r.warnings.length
                ? [
                    {
                        caption: 'Warnings',
                        headers: ['field', 'line', 'warning'],
                        rows: r.warnings.map((w) => [w.field, String(w.line ?? ''), w.message]),
                    },
                ]
                : []),
        ],
    };
}
function planReport(plans) {
    const changes = plans.flatMap((p) => p.files.filter((f) => f.change !== 'unchanged'));
    return {
        title: `keel plan: ${changes.length} file change(s) on ${plans.length} host(s)`,
        status: plans.some((p) => p.error) ? 'failed' : 'ok',
        tables: [
            {
                headers: ['host', 'file', 'installs to', 'change'],
                rows: plans.flatMap((p) => p.error
                    ? [[p.host, '-', '-', `error: ${p.error}`]]
                    : p.files.map((f) => [p.host, f.file, f.install, f.change])),
            },
        ],
        blocks: plans.flatMap((p) => p.files
            .filter((f) => f.diff)
            .map((f) => ({ title: `${p.host}: ${f.install} (${f.change})`, language: 'diff', text: f.diff }))),
    };
}

;// CONCATENATED MODULE: ./src/actions/render-config/stage.ts
/**
 * render-config's work, shared by its own entry and the root pipeline action: parsed inputs in, the rendered
 * files, outputs, reports and key figures out.
 */









const workspace = () => process.env.GITHUB_WORKSPACE ?? process.cwd();
function specSource(inputs) {
    const path = (0,external_node_path_.resolve)(workspace(), inputs.spec);
    const problems = [];
    if (!(0,external_node_fs_.existsSync)(path))
        problems.push({
            field: 'spec',
            message: `${inputs.spec} does not exist in the workspace (did the job check out the repository?)`,
        });
    const overrides = {};
    for (const line of inputs.set) {
        const i = line.indexOf('=');
        const field = line.slice(0, i).trim();
        if (i <= 0 || !/^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(field)) {
            problems.push({ field: 'set', message: `${JSON.stringify(line)} is not field.path=value` });
            continue;
        }
        overrides[field] = (0,dist/* parse */.qg)(line.slice(i + 1));
    }
    if (problems.length)
        throw new errors/* InputError */.dz(problems);
    return { file: inputs.spec, path, overrides };
}
/** Runs `body`; a spec problem becomes one annotation per field, on its line of the spec file. */
async function annotatingSpec(source, body) {
    try {
        return await body();
    }
    catch (error) {
        if (!(error instanceof SpecError))
            throw error;
        for (const p of error.specProblems) {
            core/* error */.z3(`${p.field}: ${p.message}`, {
                title: `keel spec: ${p.field}`,
                file: source.file,
                ...(p.line ? { startLine: p.line } : {}),
            });
        }
        throw new errors/* KeelError */.Ui(`${error.specProblems.length} problem(s) in ${source.file}; nothing was written`);
    }
}
/** The spec read and resolved without rendering (what the pipeline needs when render is skipped). */
function readSpec(source) {
    return annotatingSpec(source, () => resolve(loadSpec((0,external_node_fs_.readFileSync)(source.path, 'utf8'), source.file, source.overrides).spec));
}
async function renderFiles(inputs, source, connection, log) {
    const outDir = (0,external_node_path_.resolve)(workspace(), inputs['output-dir']);
    const result = await annotatingSpec(source, () => log.group('Rendering and validating', () => renderConfig({
        specText: (0,external_node_fs_.readFileSync)(source.path, 'utf8'),
        specFile: source.file,
        overrides: source.overrides,
        outDir,
        validate: inputs.validate === 'off'
            ? false
            : { maxExposure: Number(inputs['max-exposure']), requireTools: inputs.validate === 'required' },
    })));
    for (const w of result.warnings) {
        core/* warning */.$e(`${w.field}: ${w.message}`, {
            title: `keel spec: ${w.field}`,
            file: source.file,
            ...(w.line ? { startLine: w.line } : {}),
        });
    }
    for (const v of result.validation) {
        const line = `${v.tool} ${v.file}: ${v.status}: ${v.detail}`;
        if (v.status === 'failed')
            core/* error */.z3(line, { title: `keel: ${v.tool}` });
        else
            log.info(line);
    }
    const checks = `${result.validation.filter((v) => v.status === 'passed').length} check(s) passed`;
    if (!result.ok) {
        return {
            result,
            outputs: {},
            reports: [renderReport(result, source.file)],
            figures: `${result.validation.filter((v) => v.status === 'failed').length} check(s) failed`,
            error: new errors/* KeelError */.Ui('rendered files failed validation (see above); nothing was written'),
        };
    }
    const plans = connection
        ? await log.group('Comparing with the hosts', async () => (await Promise.all(/* import() */[__webpack_require__.e(472), __webpack_require__.e(487), __webpack_require__.e(291), __webpack_require__.e(136), __webpack_require__.e(244)]).then(__webpack_require__.bind(__webpack_require__, 6863))).planAll(connection, result, log))
        : [];
    for (const p of plans) {
        if (p.error)
            core/* error */.z3(p.error, { title: `keel: ${p.host}` });
        else
            log.info(`${p.host}: ${p.files.filter((f) => f.change !== 'unchanged').length} file(s) would change`);
    }
    const changes = plans.flatMap((p) => p.files.filter((f) => f.change !== 'unchanged'));
    const outputs = {
        dir: outDir,
        manifest: result.manifestPath,
        files: JSON.stringify(result.manifest.files.map((f) => ({ name: f.name, install: f.install, sha256: f.sha256 }))),
        service: result.resolved.units.service,
        socket: result.resolved.units.socket ?? '',
        proxy: result.resolved.spec.proxy.server,
        warnings: String(result.warnings.length),
    };
    if (connection) {
        outputs.plan = JSON.stringify(plans.map((p) => ({
            host: p.host,
            error: p.error ?? null,
            files: p.files.map(({ diff: _d, ...f }) => f),
        })));
        outputs.changed = String(changes.length > 0);
    }
    const failed = plans.filter((p) => p.error);
    return {
        result,
        outputs,
        reports: [renderReport(result, source.file), ...(connection ? [planReport(plans)] : [])],
        figures: `${result.files.length} files, ${checks}, ${result.warnings.length} warning(s)` +
            (connection ? `; plan: ${changes.length} change(s) on ${plans.length} host(s)` : ''),
        error: failed.length
            ? new errors/* KeelError */.Ui(`could not compare with ${failed.map((p) => p.host).join(', ')} (see above); the files were rendered`)
            : undefined,
    };
}


/***/ }),

/***/ 7994:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Gy: () => (/* binding */ mark),
/* harmony export */   O9: () => (/* binding */ alignTable),
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
        out.push(...alignTable(t.headers, t.rows).map((l) => `  ${l}`));
    }
    for (const b of report.blocks ?? [])
        out.push('', `  ${b.title}`, ...b.text
            .trimEnd()
            .split('\n')
            .map((l) => `    ${l}`));
    return out.join('\n');
}
/**
 * A table as aligned plain-text lines: the header, a rule, the rows (the first line of each cell).
 * `paint` may decorate a padded cell (colours on a terminal) without changing the widths.
 */
function alignTable(headers, rows, paint = (cell) => cell) {
    const first = (c) => (c ?? '').split('\n')[0];
    const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => first(r[i]).length)));
    const fmt = (r, decorate) => widths
        .map((w, i) => {
        const text = first(r[i]);
        const padded = i === widths.length - 1 ? text : text.padEnd(w);
        return decorate ? paint(padded, text) : padded;
    })
        .join('  ')
        .trimEnd();
    return [fmt(headers, false), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map((r) => fmt(r, true))];
}
const mark = (ok) => (ok ? 'pass' : 'FAIL');


/***/ })

};
