export const id = 251;
export const ids = [251];
export const modules = {

/***/ 5415:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ko: () => (/* binding */ readInputs),
/* harmony export */   O9: () => (/* binding */ finish),
/* harmony export */   PM: () => (/* binding */ step),
/* harmony export */   Sy: () => (/* binding */ writeSummary),
/* harmony export */   hB: () => (/* binding */ runnerLogger)
/* harmony export */ });
/* unused harmony export mask */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6421);
/* harmony import */ var _cancel_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(833);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3916);
/* harmony import */ var _config_inputs_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4389);
/* harmony import */ var _report_summary_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7994);
/* harmony import */ var _time_limit_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9562);
/**
 * The bridge between the GitHub runner (@actions/core) and keel's library, shared by every action entry:
 * inputs through the one parser, a Logger on the runner's log (groups, annotations), secrets masked first,
 * and errors turned into one clear annotation and a failed step, without a stack trace.
 */






const source = (name) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getInput */ .V4(name);
/** Masks a secret and each of its lines (multi-line keys are masked line by line by the runner). */
function mask(value) {
    if (value.trim() === '')
        return;
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq(value);
    for (const line of value.split(/\r?\n/)) {
        if (line.trim().length >= 4)
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq(line.trim());
    }
}
/** Masks every secret input, then parses all inputs. */
function readInputs(decls) {
    for (const value of (0,_config_inputs_js__WEBPACK_IMPORTED_MODULE_3__/* .secretValues */ .VX)(decls, source))
        mask(value);
    return (0,_config_inputs_js__WEBPACK_IMPORTED_MODULE_3__/* .parseInputs */ .TL)(decls, source);
}
function runnerLogger() {
    return {
        info: (m) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(m),
        warn: (m, field) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(m, field ? { title: `keel: ${field}` } : {}),
        error: (m, field) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .error */ .z3(m, field ? { title: `keel: ${field}` } : {}),
        debug: (m) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .debug */ .Yz(m),
        group: (title, body) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .group */ .Os(title, body),
    };
}
async function writeSummary(reports) {
    if (!process.env.GITHUB_STEP_SUMMARY)
        return;
    await _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .summary */ .z.addRaw(reports.map(_report_summary_js__WEBPACK_IMPORTED_MODULE_4__/* .toMarkdown */ .l6).join('\n')).write();
}
/** A single action's end: its outputs, its job summary, then its failure (if any) fails the step. */
async function finish(run) {
    for (const [name, value] of Object.entries(run.outputs))
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH(name, value);
    await writeSummary(run.reports);
    if (run.error)
        throw run.error;
}
/**
 * Runs an action body: any KeelError becomes annotations + a failed step; anything else is a bug report.
 * A cancel from the runner (SIGINT, then SIGTERM) stops the remote work in flight; the body then ends in a
 * known state through its own clean-up (see cancel.ts) and the step fails with one line saying so.
 */
async function step(body) {
    (0,_time_limit_js__WEBPACK_IMPORTED_MODULE_5__/* .startTimeLimit */ .r)(_actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getInput */ .V4('time-limit'));
    const stopListening = (0,_cancel_js__WEBPACK_IMPORTED_MODULE_1__/* .cancelOnSignals */ .dJ)((signal) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`keel: ${signal}: the job was cancelled; stopping the remote work and bringing the hosts to a known state`));
    try {
        await body();
    }
    catch (error) {
        if ((0,_cancel_js__WEBPACK_IMPORTED_MODULE_1__/* .isCancelled */ .mm)()) {
            const what = error instanceof _cancel_js__WEBPACK_IMPORTED_MODULE_1__/* .CancelledError */ .cc ? '' : `: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .errorMessage */ .gJ)(error)}`;
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setFailed */ .C1(`keel: cancelled (${(0,_cancel_js__WEBPACK_IMPORTED_MODULE_1__/* .cancelReason */ .zw)()})${what}`);
        }
        else if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz) {
            // One annotation per wrong input, titled with its name, and the step fails (exit code 1).
            // A spec field's annotation sits on its line in the spec file.
            for (const p of error.problems)
                _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .error */ .z3(`${error.what} '${p.field}': ${p.message}`, {
                    title: `keel: ${error.what} ${p.field}`,
                    ...(p.file ? { file: p.file } : {}),
                    ...(p.file && p.line ? { startLine: p.line } : {}),
                });
            process.exitCode = 1;
        }
        else if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .KeelError */ .Ui) {
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setFailed */ .C1(error.hint ? `${error.message}\n${error.hint}` : error.message);
        }
        else {
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .debug */ .Yz(error instanceof Error && error.stack ? error.stack : String(error));
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setFailed */ .C1(`keel failed unexpectedly: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .errorMessage */ .gJ)(error)} (this is a bug; run with debug logging for details)`);
        }
    }
    finally {
        stopListening();
    }
}


/***/ }),

/***/ 7663:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   c0: () => (/* binding */ renderCaddyfile),
/* harmony export */   kr: () => (/* binding */ CADDY_MAIN),
/* harmony export */   lE: () => (/* binding */ renderCaddyMain)
/* harmony export */ });
/* unused harmony export CADDY_READ_BODY */
/* harmony import */ var _escape_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7789);
/* harmony import */ var _headers_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5090);
/* harmony import */ var _nginx_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(132);
/* harmony import */ var _paths_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(564);
/* harmony import */ var _tls_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5169);





/** Where keel's main Caddyfile goes: it imports every site in /etc/caddy/sites/. */
const CADDY_MAIN = '/etc/caddy/Caddyfile';
/** Caddy reads a whole request body within this (Go's ReadTimeout; Nginx times the gap between reads). */
const CADDY_READ_BODY = '5m';
function matcher(route) {
    return route.match === 'exact' ? (0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .caddyString */ .Vk)(route.base) : route.base === '/' ? '' : (0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .caddyString */ .Vk)(`${route.base}*`);
}
function encode() {
    return [
        'encode zstd gzip {',
        '    minimum_length 1024',
        '    match {',
        ...['text/html', ..._nginx_js__WEBPACK_IMPORTED_MODULE_1__/* .COMPRESSED_TYPES */ .yR].map((t) => `        header Content-Type ${t}*`),
        '    }',
        '}',
    ];
}
function proxy(r, route) {
    const p = r.spec.proxy;
    const upstream = r.socketPath ? `unix/${r.socketPath}` : r.bind;
    const timeout = route.timeout ?? r.proxyTimeout;
    return [
        ...(p.gzip && p['compress-app'] ? encode() : []),
        `reverse_proxy ${upstream} {`,
        ...(route.buffering ? [] : ['    flush_interval -1']),
        // Caddy replaces X-Forwarded-For with the client's address (no trusted proxies) and sets X-Forwarded-Proto
        // and -Host; these two Nginx sends as well.
        '    header_up X-Real-IP {remote_host}',
        '    header_up X-Request-ID {http.request.uuid}',
        ...(p['cookie-flags']
            ? [
                // Drop the flags the cookie has, then append all three: the same cookie Nginx's proxy_cookie_flags makes.
                `    header_down Set-Cookie ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .caddyRegex */ .rA)('(?i)(;\\s*(?:secure|httponly|samesite=[^;]*)\\s*)+(;|$)')} "$2"`,
                '    header_down Set-Cookie "$" "; Secure; HttpOnly; SameSite=Lax"',
            ]
            : []),
        '    transport http {',
        '        dial_timeout 5s',
        `        read_timeout ${timeout}s`,
        `        write_timeout ${timeout}s`,
        '    }',
        '}',
    ];
}
function handle(r, route) {
    const p = r.spec.proxy;
    const m = matcher(route);
    const max = route['max-body'] ?? p['max-body'];
    const body = [
        // A declared body over the limit is refused before the app (Caddy's request_body alone cuts a body only
        // when the app reads it); a body of unknown length is cut at the limit as it streams.
        `@too_big header_regexp Content-Length ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .caddyRegex */ .rA)((0,_tls_js__WEBPACK_IMPORTED_MODULE_2__/* .greaterThanPattern */ ._q)((0,_tls_js__WEBPACK_IMPORTED_MODULE_2__/* .sizeBytes */ .Vv)(max)))}`,
        'error @too_big 413',
        'request_body {',
        `    max_size ${(0,_tls_js__WEBPACK_IMPORTED_MODULE_2__/* .caddySize */ .zF)(max)}`,
        '}',
    ];
    if (route.to === 'deny')
        body.push('error 404');
    else if (route.to === 'static') {
        if (p.gzip)
            body.push(...encode());
        body.push(`root * ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .caddyString */ .Vk)(route.root)}`, 'header Cache-Control "max-age=604800"');
        body.push(p.gzip ? 'file_server {\n    precompressed gzip\n}' : 'file_server');
    }
    else
        body.push(...proxy(r, route));
    const head = route.to === 'static' && route.match === 'prefix'
        ? `handle_path ${m} {`
        : m
            ? `handle ${m} {`
            : 'handle {';
    return [head, ...body.flatMap((l) => l.split('\n')).map((l) => `    ${l}`), '}'];
}
function headerBlock(r, onError) {
    return [
        'header {',
        // Applied when the response is written, over whatever the app sent.
        ...(onError ? [] : ['    defer']),
        ...(0,_headers_js__WEBPACK_IMPORTED_MODULE_0__/* .securityHeaders */ .BP)(r).map((h) => `    ${h.fromApp && !onError ? '?' : ''}${h.name} ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .caddyString */ .Vk)(h.value)}`),
        '    -Server',
        '}',
    ];
}
const indent = (lines) => lines.map((l) => (l === '' ? '' : `    ${l}`));
function renderCaddyfile(r) {
    const p = r.spec.proxy;
    const modern = p.tls.profile === 'modern';
    const unlogged = r.routes.filter((x) => !x.log).map(matcher);
    const tls = r.tls.mode === 'files'
        ? `tls ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .caddyString */ .Vk)(r.tls.cert)} ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .caddyString */ .Vk)(r.tls.key)} {`
        : p.email
            ? `tls ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .caddyString */ .Vk)(p.email)} {`
            : 'tls {';
    const paths = (0,_paths_js__WEBPACK_IMPORTED_MODULE_4__/* .deniedPaths */ .qT)(r);
    const any = (patterns) => (0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .caddyRegex */ .rA)(`(?i)${patterns.map((x) => `(?:${x})`).join('|')}`);
    // Most specific first: Caddy tries `handle` blocks in the order of their matchers' specificity anyway,
    // but writing them that way keeps the file readable.
    const ordered = [...r.routes].sort((a, b) => b.base.length - a.base.length);
    const site = [
        ...indent([
            tls,
            `    # Mozilla server-side TLS 6.0, ${p.tls.profile}, for Caddy ${p.versions.caddy}.`,
            modern ? '    protocols tls1.3' : '    protocols tls1.2 tls1.3',
            ...(modern ? [] : [`    ciphers ${_tls_js__WEBPACK_IMPORTED_MODULE_2__/* .MOZILLA_TLS12_CIPHERS_GO */ .a0.join(' ')}`]),
            `    curves ${(0,_tls_js__WEBPACK_IMPORTED_MODULE_2__/* .caddyCurves */ .wl)(p.versions.caddy).join(' ')}`,
            '}',
            '',
            '# On every response; the ones Caddy makes itself get them in handle_errors below.',
            ...headerBlock(r, false),
            '',
            `log {`,
            `    output file ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .caddyString */ .Vk)(`/var/log/caddy/${r.name}.access.log`)}`,
            '}',
            ...(unlogged.length ? [`@unlogged path ${unlogged.join(' ')}`, 'skip_log @unlogged'] : []),
            '',
            ...(paths.dotfiles.length
                ? [
                    '# Dotfiles under static routes, in any letter case.',
                    `@dotfiles path_regexp ${any(paths.dotfiles)}`,
                    'handle @dotfiles {',
                    '    error 404',
                    '}',
                ]
                : []),
            ...(paths.denied.length
                ? [
                    '# Deny routes in any letter case, with or without their trailing /, except routes inside them.',
                    '@denied {',
                    `    path_regexp ${any(paths.denied)}`,
                    ...(paths.allowed.length ? [`    not path_regexp ${any(paths.allowed)}`] : []),
                    '}',
                    'handle @denied {',
                    '    error 404',
                    '}',
                ]
                : []),
            '',
            ...ordered.flatMap((route) => [...handle(r, route), '']),
            'handle_errors {',
            ...indent(headerBlock(r, true)),
            '    respond "{err.status_code} {err.status_text}"',
            '}',
        ]),
    ];
    const dollar = site.some(_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .usesCaddyDollar */ .yl)
        ? indent([
            '# Holds a literal dollar sign for values where it follows a brace (Caddy would read an environment variable).',
            _escape_js__WEBPACK_IMPORTED_MODULE_3__/* .CADDY_DOLLAR_DEFINITION */ .jR,
            '',
        ])
        : [];
    return [
        '# Rendered by keel render-config; edit the spec, not this file.',
        '# Plain HTTP: to HTTPS, for these names only (Caddy answers ACME challenges before this).',
        `${p.domains.map((d) => `http://${d}`).join(', ')} {`,
        '    redir https://{host}{uri} 308',
        '}',
        '',
        `${p.domains.join(', ')} {`,
        ...dollar,
        ...site,
        '}',
        '',
    ]
        .join('\n')
        .replace(/\n\n\n+/g, '\n\n')
        .replace(/\n\n}/g, '\n}');
}
/**
 * Caddy's main file (pure), shared by every keel site on the host: timeouts for slow clients (global options,
 * which a site file cannot set), the catch-all for names no site serves (an unknown SNI finds no certificate
 * and fails the handshake; an unknown Host, over HTTPS or HTTP, gets the connection closed), then the sites.
 */
function renderCaddyMain(r) {
    // Tabs, as `caddy fmt` writes it: Caddy warns about a main Caddyfile that is not formatted.
    const lines = [
        '# Rendered by keel render-config; every keel site on this host renders the same file. Edit the spec, not this.',
        '{',
        '    servers {',
        '        timeouts {',
        `            read_header ${_nginx_js__WEBPACK_IMPORTED_MODULE_1__/* .CLIENT_TIMEOUTS */ .BV.header}s`,
        `            read_body ${CADDY_READ_BODY}`,
        `            idle ${_nginx_js__WEBPACK_IMPORTED_MODULE_1__/* .CLIENT_TIMEOUTS */ .BV.idle}s`,
        '        }',
        '    }',
        '}',
        '',
        ...(r.spec.proxy['default-server']
            ? [
                '# Requests for names no site here serves: refused.',
                'https:// {',
                '    abort',
                '}',
                'http:// {',
                '    abort',
                '}',
                '',
            ]
            : []),
        'import sites/*.caddy',
        '',
    ];
    return lines.map((l) => l.replace(/^( {4})+/, (m) => '\t'.repeat(m.length / 4))).join('\n');
}


/***/ }),

/***/ 7789:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $H: () => (/* binding */ usesNginxDollar),
/* harmony export */   By: () => (/* binding */ systemdValue),
/* harmony export */   Ok: () => (/* binding */ nginxDollarDefinition),
/* harmony export */   Vk: () => (/* binding */ caddyString),
/* harmony export */   XP: () => (/* binding */ sudoersArgs),
/* harmony export */   ZV: () => (/* binding */ sudoersRegex),
/* harmony export */   _$: () => (/* binding */ nginxString),
/* harmony export */   cE: () => (/* binding */ pythonString),
/* harmony export */   ff: () => (/* binding */ systemdExec),
/* harmony export */   jR: () => (/* binding */ CADDY_DOLLAR_DEFINITION),
/* harmony export */   nv: () => (/* binding */ systemdEnvironment),
/* harmony export */   rA: () => (/* binding */ caddyRegex),
/* harmony export */   sX: () => (/* binding */ systemdWord),
/* harmony export */   wk: () => (/* binding */ sudoersRegexLiteral),
/* harmony export */   yl: () => (/* binding */ usesCaddyDollar)
/* harmony export */ });
/* unused harmony export nginxDollarVariable */
/**
 * The one place where values enter the languages of the rendered files: systemd unit settings, Nginx
 * strings, Caddyfile strings, sudoers rules. Every renderer writes a value from the spec through one of
 * these functions and never by concatenation, so a quote, `$`, `%`, `{`, `;` or a backslash in a value arrives
 * as the literal text the spec says. What a language cannot carry (control characters such as newlines) is
 * refused here, loudly; the spec refuses it first, naming the field.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\x00-\x1f\x7f]/;
function refuseControl(value, where) {
    if (CONTROL.test(value))
        throw new Error(`${where} cannot carry control characters (newlines, tabs): ${JSON.stringify(value)}`);
}
// --- systemd (systemd.syntax(7), systemd.unit(5) "Specifiers", systemd.service(5) "Command lines") ----------
const SYSTEMD_SAFE = /^[A-Za-z0-9_@+=:,./-]+$/;
/**
 * One word of a systemd setting that splits and unquotes its value (Environment=, Exec*=, ReadWritePaths=):
 * `%` is a specifier everywhere (`%%`), backslashes and double quotes are C-escaped inside double quotes.
 * `exec`: in Exec*= lines `$` expands variables even inside quotes, so it is doubled (`$$`); elsewhere a `$`
 * is an ordinary character and must stay single.
 */
function systemdWord(value, context = 'value') {
    refuseControl(value, 'a systemd setting');
    if (value !== '' && SYSTEMD_SAFE.test(value))
        return value;
    let text = value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/%/g, '%%');
    if (context === 'exec')
        text = text.replace(/\$/g, '$$$$');
    return `"${text}"`;
}
/** `Environment="NAME=value"`: the value reaches the process exactly as written. */
function systemdEnvironment(name, value) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
        throw new Error(`not an environment variable name: ${name}`);
    return `Environment=${systemdWord(`${name}=${value}`, 'value')}`;
}
/** An Exec*= command line: every word quoted as needed, `$` and `%` doubled. */
function systemdExec(words) {
    return words.map((w) => systemdWord(w, 'exec')).join(' ');
}
/**
 * A whole-value setting that is not split into words (User=, WorkingDirectory=, Description=,
 * ListenStream=, SyslogIdentifier=): only specifiers are special, so `%` is doubled and nothing is quoted.
 * Leading or trailing spaces would be stripped by systemd, so they are refused.
 */
function systemdValue(value) {
    refuseControl(value, 'a systemd setting');
    if (value !== value.trim())
        throw new Error(`a systemd setting cannot start or end with a space: "${value}"`);
    return value.replace(/%/g, '%%');
}
// --- Nginx (ngx_conf_file.c: quoted tokens; ngx_http_script.c: variables) -----------------------------------
/** The name of the variable that holds a literal `$` for one site (`geo` values are never interpolated). */
function nginxDollarVariable(app) {
    return `keel_dollar_${app.replace(/[^A-Za-z0-9_]/g, '_')}`;
}
/** The `geo` block that defines it: `geo $v { default "$"; }` (a `map` value cannot be a bare `$`). */
function nginxDollarDefinition(app) {
    return `geo $${nginxDollarVariable(app)} { default "$"; }`;
}
/**
 * An Nginx string: as it is when it is a plain word, else double-quoted. Backslashes and double quotes are escaped. `$` has no escape in Nginx:
 * - `variables: app name` (directives that interpolate variables: add_header, return, root, alias, ...): each
 *   `$` becomes `${keel_dollar_<app>}`, a variable whose value is `$` (see nginxDollarDefinition; the
 *   renderer emits it when a string needed it: `usesNginxDollar`);
 * - `variables: false` (location paths, server_name): the text is literal and `$` stays as it is.
 */
function nginxString(value, variables) {
    refuseControl(value, 'an Nginx string');
    if (value !== '' && /^[A-Za-z0-9_@+=:,./-]+$/.test(value))
        return value;
    let text = value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
    if (variables)
        text = text.replace(/\$/g, `\${${nginxDollarVariable(variables.app)}}`);
    return `"${text}"`;
}
/** Whether a rendered Nginx file refers to the dollar variable (and so needs its definition). */
function usesNginxDollar(text, app) {
    return text.includes(`\${${nginxDollarVariable(app)}}`);
}
// --- Caddy (caddyfile/lexer.go, caddyfile/parse.go replaceEnvVars, caddy's Replacer) -------------------------
/** The site-level `vars` line that gives `{vars.keel_dollar}` its value. */
const CADDY_DOLLAR_DEFINITION = 'vars keel_dollar "$"';
const CADDY_DOLLAR = '{vars.keel_dollar}';
/** One backslash per replacer pass a site file's tokens go through (import, then the request). */
const CADDY_BRACE_ESCAPE = '\\\\';
/**
 * A Caddyfile token (a plain word as it is, else quoted) whose value, after Caddy has read the site file and
 * replaced placeholders, is exactly `value`.
 * - `{` and `}` are placeholder delimiters, and the escape `\{` loses its backslash on every pass of Caddy's
 *   replacer. A keel site is always imported (`import sites/*.caddy` in the main Caddyfile), and Caddy 2.6
 *   runs the replacer over every imported token (for `{args.N}`) before the request-time pass: so each brace
 *   gets one backslash per pass, two in all (`\\{`).
 * - `{$NAME}` is replaced by an environment variable when Caddy reads the file, before any quoting is looked
 *   at, and nothing escapes it: a `$` right after a `{` becomes the placeholder `{vars.keel_dollar}` (whose
 *   value is `$`, see CADDY_DOLLAR_DEFINITION; the renderer adds it when `usesCaddyDollar`).
 * - In a double-quoted token only `\"` is an escape; every other backslash is kept as written. A value with a
 *   backslash right before a quote, or ending in a backslash, cannot be written that way: it goes between
 *   backticks (no escapes at all), unless it also holds a backtick, which no Caddyfile token can then carry.
 */
function caddyString(value) {
    refuseControl(value, 'a Caddyfile string');
    if (/^[A-Za-z0-9_+=:,./*-][A-Za-z0-9_@+=:,./*-]*$/.test(value))
        return value;
    const text = value
        .replace(/[{}]/g, (c) => `${CADDY_BRACE_ESCAPE}${c}`)
        .replace(/(?<=\\\{)\$/g, CADDY_DOLLAR);
    if (!/\\("|$)/.test(text))
        return `"${text.replace(/"/g, '\\"')}"`;
    if (!text.includes('`'))
        return `\`${text}\``;
    throw new Error(`a Caddyfile string cannot hold a backtick together with a backslash before a quote or at the end: ${JSON.stringify(value)}`);
}
/**
 * A regular expression as a Caddyfile token: double-quoted, as written (Caddy compiles matcher patterns without
 * replacing placeholders). Braces, quotes and control characters are refused: keel's patterns have none.
 */
function caddyRegex(pattern) {
    if (/[{}"`]/.test(pattern) || CONTROL.test(pattern) || pattern.endsWith('\\'))
        throw new Error(`not a pattern a Caddyfile token can carry as written: ${JSON.stringify(pattern)}`);
    return `"${pattern}"`;
}
function usesCaddyDollar(text) {
    return text.includes(CADDY_DOLLAR);
}
// --- Python (gunicorn.conf.py) ------------------------------------------------------------------------------
/** A Python string literal: a JSON string is one (same escapes; non-ASCII stays as it is in a UTF-8 file). */
function pythonString(value) {
    return JSON.stringify(value);
}
// --- sudoers (sudoers(5): "Command line arguments", "Regular expressions") ----------------------------------
/**
 * Literal command line arguments of a sudoers rule: `,` `:` `=` `\` are escaped; a leading `^` would make
 * a regular expression and is escaped too. Arguments with spaces or wildcard characters are refused (they
 * would match more than the one command line); use `sudoersRegex` for those.
 */
function sudoersArgs(args) {
    if (args.length === 0)
        return '""';
    return args
        .map((a) => {
        refuseControl(a, 'a sudoers argument');
        if (a === '' || /[\s*?[\]!#"']/.test(a))
            throw new Error(`not a literal sudoers argument: ${JSON.stringify(a)}`);
        return a.replace(/[,:=\\]/g, (c) => `\\${c}`).replace(/^\^/, '\\^');
    })
        .join(' ');
}
/** A literal inside a sudoers (POSIX extended) regular expression: metacharacters and `#` escaped. */
function sudoersRegexLiteral(text) {
    refuseControl(text, 'a sudoers argument');
    if (/\s/.test(text))
        throw new Error(`a sudoers argument cannot hold a space: ${JSON.stringify(text)}`);
    return text.replace(/[.[\]()*+?{}|^$\\#]/g, (c) => `\\${c}`);
}
/** The whole argument list as one anchored regular expression (sudo matches it against the joined arguments). */
function sudoersRegex(parts) {
    return `^${parts.join(' ')}$`;
}


/***/ }),

/***/ 9386:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   IO: () => (/* binding */ describeRule),
/* harmony export */   Mg: () => (/* binding */ firewallPlan),
/* harmony export */   O3: () => (/* binding */ renderFirewallScript),
/* harmony export */   k3: () => (/* binding */ firewallRules)
/* harmony export */ });
/* unused harmony exports FirewallRuleError, parsePort, parseSource, firewallScriptPath, ufwCommands */
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_net__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _remote_quote_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4414);
/**
 * The host firewall (spec `firewall:`) as ufw commands (pure). render-config renders one root-owned script,
 * `/usr/local/sbin/keel-<app>-firewall`, holding exactly the rules; ssh-deploy runs its verbs through sudo
 * (one sudo rule per verb, no ufw arguments of its own) and proves a new SSH connection before it confirms
 * (src/releases/firewall.ts):
 *
 *   apply    save ufw's current state, arm the automatic revert (a transient systemd timer, in
 *            `revert-after` seconds), then replace ufw's user rules with these and enable ufw
 *   confirm  a new SSH connection worked: stop the timer, record a fingerprint of what is applied
 *   revert   put the saved state back (the timer runs this when no confirm comes)
 *   status   current | pending | reverted | changed
 *
 * The spec's rules are ufw's whole user rule set: rules added by hand (`ufw allow ...`) are replaced.
 */


class FirewallRuleError extends Error {
    sub;
    constructor(
    /** The field below `firewall.allow[i]` (`.port`, `.from[1]`), or '' for the rule itself. */
    sub, message) {
        super(message);
        this.sub = sub;
    }
}
/** `443/tcp` → port and protocol, or a FirewallRuleError saying what is wrong. */
function parsePort(text, sub = '') {
    if (typeof text === 'number')
        throw new FirewallRuleError(sub, `needs a protocol: write ${Number.isInteger(text) ? text : 'PORT'}/tcp or ${Number.isInteger(text) ? text : 'PORT'}/udp`);
    const shown = JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}...` : text);
    const m = /^([0-9]+)\/([A-Za-z0-9]*)$/.exec(text);
    if (!m) {
        if (/^[0-9]+$/.test(text))
            throw new FirewallRuleError(sub, `needs a protocol: write ${text}/tcp or ${text}/udp`);
        throw new FirewallRuleError(sub, `must be PORT/PROTOCOL like 443/tcp, not ${shown}`);
    }
    const [, digits, proto] = m;
    const port = Number(digits);
    if (!/^[1-9][0-9]{0,4}$/.test(digits) || port > 65535)
        throw new FirewallRuleError(sub, `port must be a number from 1 to 65535, not ${digits}`);
    if (proto !== 'tcp' && proto !== 'udp')
        throw new FirewallRuleError(sub, `protocol must be tcp or udp, not ${JSON.stringify(proto)}`);
    return { port, proto };
}
/** `10.0.0.0/8`, `2001:db8::/32` or one address → the network in ufw's words; throws on anything else. */
function parseSource(text, sub) {
    const shown = JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}...` : text);
    const slash = text.indexOf('/');
    const address = slash < 0 ? text : text.slice(0, slash);
    const prefixText = slash < 0 ? undefined : text.slice(slash + 1);
    const family = (0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIP)(address);
    // isIP accepts IPv6 zone ids (fe80::1%eth0); a firewall source cannot use one.
    if (family === 0 || address.includes('%'))
        throw new FirewallRuleError(sub, `must be a network like 203.0.113.0/24 or 2001:db8::/32 (or one address), not ${shown}`);
    const bits = family === 4 ? 32 : 128;
    if (prefixText !== undefined && !/^(0|[1-9][0-9]{0,2})$/.test(prefixText))
        throw new FirewallRuleError(sub, `has a bad prefix length in ${shown} (0 to ${bits})`);
    const prefix = prefixText === undefined ? bits : Number(prefixText);
    if (prefix > bits)
        throw new FirewallRuleError(sub, `has prefix /${prefix} but IPv${family} has ${bits} bits`);
    if (prefix === 0)
        throw new FirewallRuleError(sub, `is /0, everyone: leave out from: to open the port to everyone`);
    const value = family === 4 ? v4(address) : v6(address);
    const mask = prefix === bits ? 0n : (1n << BigInt(bits - prefix)) - 1n;
    if ((value & mask) !== 0n) {
        const network = value & ~mask & ((1n << BigInt(bits)) - 1n);
        throw new FirewallRuleError(sub, `${shown} has host bits set: the network is ${family === 4 ? show4(network) : show6(network)}/${prefix}`);
    }
    const canonical = family === 4 ? show4(value) : show6(value);
    return prefix === bits ? canonical : `${canonical}/${prefix}`;
}
function v4(a) {
    return a.split('.').reduce((n, part) => (n << 8n) | BigInt(Number(part)), 0n);
}
function show4(n) {
    return [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 255n)).join('.');
}
function v6(a) {
    let text = a;
    // An embedded IPv4 tail (::ffff:192.0.2.1) as two groups.
    const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
    if (tail) {
        const n = v4(tail[1]);
        text = `${text.slice(0, -tail[1].length)}${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
    }
    const [head, rest] = text.includes('::') ? text.split('::') : [text, undefined];
    const h = head ? head.split(':') : [];
    const r = rest === undefined ? [] : rest ? rest.split(':') : [];
    const groups = rest === undefined ? h : [...h, ...Array(8 - h.length - r.length).fill('0'), ...r];
    return groups.reduce((n, g) => (n << 16n) | BigInt(parseInt(g, 16)), 0n);
}
function show6(n) {
    const groups = Array.from({ length: 8 }, (_, i) => Number((n >> BigInt(112 - i * 16)) & 0xffffn));
    // The longest run of zero groups (two or more) becomes :: (RFC 5952).
    let best = -1;
    let len = 0;
    for (let i = 0; i < 8;) {
        let j = i;
        while (j < 8 && groups[j] === 0)
            j++;
        if (j - i > len && j - i > 1) {
            best = i;
            len = j - i;
        }
        i = j === i ? i + 1 : j;
    }
    const hex = groups.map((g) => g.toString(16));
    if (best < 0)
        return hex.join(':');
    return `${hex.slice(0, best).join(':')}::${hex.slice(best + len).join(':')}`;
}
/**
 * The spec's rules, checked and normalised, SSH first. Problems are returned with their field (all of them,
 * so the spec's author sees every one at once).
 */
function firewallRules(f) {
    const problems = [];
    const ssh = { port: f['ssh-port'], proto: 'tcp', from: [] };
    const rules = [ssh];
    const seen = new Map();
    f.allow.forEach((entry, i) => {
        const field = `firewall.allow[${i}]`;
        try {
            const obj = typeof entry === 'object' ? entry : undefined;
            const { port, proto } = parsePort(typeof entry === 'object' ? entry.port : entry, obj ? '.port' : '');
            const from = [];
            obj?.from.forEach((s, j) => {
                try {
                    from.push(parseSource(s, `.from[${j}]`));
                }
                catch (e) {
                    if (!(e instanceof FirewallRuleError))
                        throw e;
                    problems.push({ field: `${field}${e.sub}`, message: e.message });
                }
            });
            if (obj && from.length !== obj.from.length)
                return;
            const dupSource = from.find((s, j) => from.indexOf(s) !== j);
            if (dupSource)
                throw new FirewallRuleError('.from', `lists ${dupSource} twice`);
            if (port === ssh.port && proto === 'tcp') {
                // The runbooks' `ufw allow 22` is what keel does anyway; limiting SSH to sources would lock keel out.
                if (from.length > 0)
                    throw new FirewallRuleError('.from', `limits ${port}/tcp, the SSH port keel connects on (firewall.ssh-port), to some sources: keel keeps it open to everyone so a deploy can never lock itself out; drop this rule (or change ssh-port)`);
                return;
            }
            const key = `${port}/${proto}`;
            const before = seen.get(key);
            if (before !== undefined)
                throw new FirewallRuleError('', before.from.length === 0 || from.length === 0
                    ? `${key} is already allowed by firewall.allow[${before.index}]${before.from.length === 0 ? ' (from everyone)' : ''}: give each port once`
                    : `${key} is already allowed by firewall.allow[${before.index}]: list all its sources in one rule`);
            seen.set(key, { index: i, from });
            rules.push({ port, proto, from });
        }
        catch (e) {
            if (!(e instanceof FirewallRuleError))
                throw e;
            problems.push({ field: `${field}${e.sub}`, message: e.message });
        }
    });
    return { rules, problems };
}
function firewallScriptPath(app) {
    return `/usr/local/sbin/keel-${app}-firewall`;
}
/** The plan for ssh-deploy (undefined: keel leaves the firewall alone). Needs a spec load.ts has checked. */
function firewallPlan(r) {
    const f = r.spec.firewall;
    if (!f || !f.enabled)
        return undefined;
    const { rules, problems } = firewallRules(f);
    if (problems.length)
        throw new Error(`firewall: ${problems[0].field} ${problems[0].message}`);
    return {
        script: firewallScriptPath(r.name),
        sshPort: f['ssh-port'],
        revertAfter: f['revert-after'],
        rules,
    };
}
/** One rule as the ufw command lines that add it (one per source). */
function ufwCommands(app, rule, what) {
    const comment = (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(`keel ${app}: ${what}`);
    if (rule.from.length === 0)
        return [`ufw allow ${rule.port}/${rule.proto} comment ${comment}`];
    return rule.from.map((s) => `ufw allow proto ${rule.proto} from ${(0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(s)} to any port ${rule.port} comment ${comment}`);
}
/** `22/tcp`, `443/tcp from 10.0.0.0/8, 192.0.2.1`: a rule in words (summary, logs). */
function describeRule(rule) {
    return `${rule.port}/${rule.proto}${rule.from.length ? ` from ${rule.from.join(', ')}` : ''}`;
}
function renderFirewallScript(r, plan) {
    const q = _remote_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD;
    const state = `/var/lib/keel/firewall/${r.name}`;
    const unit = `keel-${r.name}-firewall-revert`;
    const rules = plan.rules.flatMap((rule, i) => ufwCommands(r.name, rule, i === 0 ? 'ssh (firewall.ssh-port)' : describeRule(rule)));
    return `#!/bin/sh
# Rendered by keel render-config; edit the spec (firewall:), not this file.
# The firewall of ${r.name}: ufw refuses incoming connections except these (the spec's firewall.allow and the
# SSH port keel connects on). ssh-deploy runs it through sudo, one verb at a time:
#   apply    save ufw's state, arm the automatic revert (in ${plan.revertAfter}s), put these rules in place, enable ufw
#   confirm  a NEW SSH connection worked after apply: cancel the revert, record what is applied
#   revert   put the saved state back (the timer runs this when no confirm comes in time)
#   status   current | pending | reverted | changed
# Allowed: ${plan.rules.map(describeRule).join('; ')}
set -eu
PATH=/usr/sbin:/usr/bin:/sbin:/bin
export PATH
umask 022
SELF=${q(plan.script)}
STATE=${q(state)}
UNIT=${q(unit)}
REVERT_AFTER=${plan.revertAfter}
# What ufw keeps and keel changes: the user rules, the default policies, whether it is enabled.
FILES='/etc/ufw/user.rules /etc/ufw/user6.rules /etc/default/ufw /etc/ufw/ufw.conf'

fingerprint() {
  # shellcheck disable=SC2086 # FILES is a list of paths without spaces
  cat "$SELF" $FILES 2>/dev/null | sha256sum | cut -c1-64
}

rules() {
  ufw default deny incoming
  ufw default allow outgoing
${rules.map((l) => `  ${l}`).join('\n')}
}

restore() {
  for f in $FILES; do
    saved="$STATE/previous/$(basename "$f")"
    if [ -e "$saved" ]; then cp -p "$saved" "$f"; fi
  done
  if grep -qx 'ENABLED=yes' "$STATE/previous/ufw.conf" 2>/dev/null; then
    ufw --force enable
    ufw reload
  else
    ufw --force disable
  fi
}

command -v ufw >/dev/null || { echo "ufw is not installed (apt-get install ufw)" >&2; exit 3; }
mkdir -p "$STATE"
chmod 0755 "$STATE"
exec 9>"$STATE/lock"
flock -w 120 9

case "\${1:-}" in
  apply)
    # A run that died before it confirmed left its revert armed: that revert happens first.
    if [ -e "$STATE/pending" ]; then
      systemctl stop "$UNIT.timer" 2>/dev/null || true
      restore
      rm -f "$STATE/pending"
    fi
    rm -rf "$STATE/previous" "$STATE/applied" "$STATE/reverted"
    mkdir -p "$STATE/previous"
    for f in $FILES; do
      if [ -e "$f" ]; then cp -p "$f" "$STATE/previous/"; fi
    done
    : >"$STATE/pending"
    systemctl stop "$UNIT.timer" 2>/dev/null || true
    systemctl reset-failed "$UNIT.timer" "$UNIT.service" 2>/dev/null || true
    systemd-run --quiet --unit="$UNIT" --on-active="\${REVERT_AFTER}s" --timer-property=AccuracySec=1s "$SELF" revert
    # The spec's rules replace ufw's user rules (ufw's own empty rule files first).
    install -m 0640 /usr/share/ufw/iptables/user.rules /etc/ufw/user.rules
    install -m 0640 /usr/share/ufw/iptables/user6.rules /etc/ufw/user6.rules
    rules >/dev/null
    ufw --force enable >/dev/null
    ufw reload >/dev/null
    echo applied
    ;;
  confirm)
    systemctl stop "$UNIT.timer" 2>/dev/null || true
    if [ ! -e "$STATE/pending" ]; then
      echo "nothing to confirm: the rules were reverted already" >&2
      exit 4
    fi
    rm -f "$STATE/pending"
    fingerprint >"$STATE/applied"
    echo confirmed
    ;;
  revert)
    systemctl stop "$UNIT.timer" 2>/dev/null || true
    if [ ! -e "$STATE/pending" ]; then
      echo "nothing to revert"
      exit 0
    fi
    restore
    rm -f "$STATE/pending" "$STATE/applied"
    date -u +%Y-%m-%dT%H:%M:%SZ >"$STATE/reverted"
    echo reverted
    ;;
  status)
    if [ -e "$STATE/pending" ]; then
      echo pending
    elif [ -e "$STATE/applied" ] && [ "$(cat "$STATE/applied")" = "$(fingerprint)" ] && grep -qx 'ENABLED=yes' /etc/ufw/ufw.conf; then
      echo current
    elif [ -e "$STATE/reverted" ]; then
      echo reverted
    else
      echo changed
    fi
    ;;
  *)
    echo "usage: $SELF apply|confirm|revert|status" >&2
    exit 2
    ;;
esac
`;
}


/***/ }),

/***/ 5090:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BP: () => (/* binding */ securityHeaders),
/* harmony export */   Jt: () => (/* binding */ frameOptionsFor),
/* harmony export */   cL: () => (/* binding */ frameAncestors)
/* harmony export */ });
/* unused harmony export framing */
const ANCESTORS = { DENY: "'none'", SAMEORIGIN: "'self'" };
/** The sources of the CSP's frame-ancestors directive, or undefined when it has none. */
function frameAncestors(csp) {
    for (const directive of csp.split(';')) {
        const [name, ...sources] = directive.trim().split(/\s+/);
        if (name?.toLowerCase() === 'frame-ancestors')
            return sources.join(' ');
    }
    return undefined;
}
/** What X-Frame-Options says the same as these frame-ancestors sources (none when it cannot say it). */
function frameOptionsFor(ancestors) {
    const a = ancestors.trim().toLowerCase();
    if (a === "'none'")
        return 'DENY';
    if (a === "'self'")
        return 'SAMEORIGIN';
    return undefined;
}
/** The CSP and X-Frame-Options values of a spec (checked for agreement by the spec loader). */
function framing(headers) {
    const csp = headers['content-security-policy'].trim().replace(/;\s*$/, '');
    const ancestors = frameAncestors(csp);
    if (ancestors !== undefined)
        return { csp, frameOptions: frameOptionsFor(ancestors) };
    const fo = headers['frame-options'] ?? 'DENY';
    const withAncestors = csp ? `${csp}; frame-ancestors ${ANCESTORS[fo]}` : `frame-ancestors ${ANCESTORS[fo]}`;
    return { csp: withAncestors, frameOptions: fo };
}
function securityHeaders(r) {
    const h = r.spec.proxy.headers;
    const fromApp = new Set(h['from-app']);
    const { csp, frameOptions } = framing(h);
    const list = [
        ['Strict-Transport-Security', r.hstsValue],
        ['Content-Security-Policy', csp],
        ['X-Content-Type-Options', 'nosniff'],
        ['X-Frame-Options', frameOptions],
        ['Referrer-Policy', h['referrer-policy']],
        ['Permissions-Policy', h['permissions-policy']],
        ['Cross-Origin-Opener-Policy', h['cross-origin-opener-policy']],
        ['Cross-Origin-Resource-Policy', h['cross-origin-resource-policy']],
    ];
    return list
        .filter((x) => x[1] !== undefined)
        .map(([name, value]) => ({ name, value, fromApp: fromApp.has(name.toLowerCase()) }));
}


/***/ }),

/***/ 5168:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  lo: () => (/* binding */ installedByKeel),
  $V: () => (/* binding */ manifestOf),
  Yl: () => (/* binding */ renderAll)
});

// UNUSED EXPORTS: sha256

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
// EXTERNAL MODULE: ./src/render/processes.ts
var processes = __webpack_require__(5637);
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
            // The processes beside the app: every instance of a template unit, by its name pattern.
            ...(0,processes/* processUnits */.HX)(r).map((p) => {
                const units = `${app}-${p.name}@[0-9]+[.]service`;
                return {
                    name: `${app}-${p.name}-systemd`,
                    rules: [
                        rule(`${pascal(app)}${pascal(p.name)}UnitFailed`, `node_systemd_unit_state{name=~"${units}",state="failed"} == 1`, '1m', 'critical', `{{ $labels.name }} (${app}'s ${p.name}) has failed on {{ $labels.instance }}`),
                        rule(`${pascal(app)}${pascal(p.name)}RestartLoop`, `increase(node_systemd_service_restart_total{name=~"${units}"}[1h]) > ${a['restarts-per-hour']}`, '0m', 'warning', `{{ $labels.name }} (${app}'s ${p.name}) restarted more than ${a['restarts-per-hour']} times in an hour on {{ $labels.instance }}`),
                    ],
                };
            }),
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

// EXTERNAL MODULE: ./src/render/caddy.ts
var caddy = __webpack_require__(7663);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/remote/quote.ts
var quote = __webpack_require__(4414);
;// CONCATENATED MODULE: ./src/render/certbot-hook.ts
/**
 * certbot's renewal deploy hook for one app (pure): certbot renews the certificate files, but Nginx and Caddy
 * keep serving the certificate they loaded until they are reloaded. certbot runs every executable in
 * /etc/letsencrypt/renewal-hooks/deploy/ after each successful renewal, with RENEWED_LINEAGE set to the
 * renewed certificate's live directory; this hook acts only on this app's lineage, checks the proxy's whole
 * configuration first and reloads only when it is valid (a reload of a broken config would fail anyway, and
 * the exit status tells certbot, which logs it, that the new certificate is not being served yet).
 */


function certbotHookPath(r) {
    return `/etc/letsencrypt/renewal-hooks/deploy/keel-${r.name}`;
}
/** The hook's text, or undefined when certbot does not manage this app's certificates. */
function renderCertbotHook(r) {
    if (r.tls.mode !== 'certbot' || !r.tls.cert)
        return undefined;
    const lineage = (0,external_node_path_.dirname)(r.tls.cert);
    const me = `keel-${r.name}`;
    const nginx = r.spec.proxy.server === 'nginx';
    const check = nginx ? 'nginx -t' : 'caddy validate --adapter caddyfile --config /etc/caddy/Caddyfile';
    const unit = nginx ? 'nginx' : 'caddy';
    return [
        '#!/bin/sh',
        '# Rendered by keel render-config; edit the spec, not this file.',
        `# certbot runs this after each renewal. For ${r.name}'s certificate only: check the ${unit} configuration,`,
        `# then reload ${unit} so it serves the renewed certificate (it keeps the old one until reloaded).`,
        'set -eu',
        '# nginx lives in /usr/sbin, which a PATH without sbin directories lacks.',
        'PATH="${PATH:-}:/usr/sbin:/usr/bin:/sbin:/bin"',
        'export PATH',
        'case "${RENEWED_LINEAGE:-}" in',
        `  ${(0,quote/* quote */.hD)(lineage)}) ;;`,
        '  *) exit 0 ;;',
        'esac',
        `if ! out=$(${check} 2>&1); then`,
        `  printf '%s\\n' ${(0,quote/* quote */.hD)(`${me}: ${check} failed, so ${unit} was NOT reloaded and still serves the previous certificate of ${lineage}:`)} "$out" >&2`,
        '  exit 1',
        'fi',
        `systemctl reload ${unit}`,
        `printf '%s\\n' ${(0,quote/* quote */.hD)(`${me}: reloaded ${unit} for ${lineage}`)}`,
        '',
    ].join('\n');
}

// EXTERNAL MODULE: ./src/render/firewall.ts
var render_firewall = __webpack_require__(9386);
// EXTERNAL MODULE: ./src/reload/hooks.ts
var hooks = __webpack_require__(3533);
// EXTERNAL MODULE: ./src/render/escape.ts
var render_escape = __webpack_require__(7789);
;// CONCATENATED MODULE: ./src/render/gunicorn.ts
/** gunicorn.conf.py from a resolved spec (pure). */


function renderGunicornConf(r) {
    const g = r.spec.gunicorn;
    const lines = [
        '# Rendered by keel render-config from the spec; edit the spec, not this file.',
        'import multiprocessing',
        'import os',
        '',
        `wsgi_app = ${(0,render_escape/* pythonString */.cE)(r.spec.app.module)}`,
        '# The `current` symlink, not the release it points to: every reload imports the release switched to last.',
        `chdir = ${(0,render_escape/* pythonString */.cE)(r.current)}`,
        r.socketActivation
            ? `# The listening socket comes from systemd (${r.units.socket}); this bind names the same address.`
            : '# Gunicorn listens on loopback only; the proxy is the public face.',
        `bind = [${(0,render_escape/* pythonString */.cE)(r.bind)}]`,
        `workers = ${r.workersExpr}`,
        `worker_class = ${(0,render_escape/* pythonString */.cE)(g['worker-class'])}`,
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
        `proc_name = ${(0,render_escape/* pythonString */.cE)(r.name)}`,
        '# systemd runs the master in the foreground and owns its PID.',
        'daemon = False',
        'capture_output = True',
    ];
    if (r.logDir) {
        lines.push(`accesslog = ${g['access-log'] ? (0,render_escape/* pythonString */.cE)(`${r.logDir}/access.log`) : 'None'}`);
        lines.push(`errorlog = ${(0,render_escape/* pythonString */.cE)(`${r.logDir}/error.log`)}`);
    }
    else {
        lines.push('# Logs go to stdout/stderr, i.e. the journal of the unit.');
        lines.push(`accesslog = ${g['access-log'] ? '"-"' : 'None'}`);
        lines.push('errorlog = "-"');
    }
    if (g['access-log-format'] === 'json') {
        lines.push('access_log_format = ' +
            (0,render_escape/* pythonString */.cE)('{"time":"%(t)s","remote":"%({x-forwarded-for}i)s","method":"%(m)s","path":"%(U)s","query":"%(q)s",' +
                '"status":%(s)s,"bytes":%(B)s,"duration_us":%(D)s,"referer":"%(f)s","agent":"%(a)s","request_id":"%({x-request-id}i)s"}'));
    }
    else {
        lines.push('access_log_format = ' +
            (0,render_escape/* pythonString */.cE)('%({x-forwarded-for}i)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(D)sus'));
    }
    // Workers added without a HUP (keel's `rolling` reload: TTIN) would inherit the master's working directory,
    // the release it loaded last: the hooks enter the one `current` points to now, and record what they loaded.
    lines.push('', '', hooks/* GUNICORN_HOOKS */.hO.trimEnd());
    return lines.join('\n') + '\n';
}

;// CONCATENATED MODULE: ./src/render/logrotate.ts
/** logrotate rules for file logs (pure): new files owned by the app, USR1 to the Gunicorn master to reopen. */

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
        // postrotate is a shell script: the unit name goes through the shell's one quoting function.
        `        ${(0,quote.sh) `systemctl kill --signal=USR1 --kill-whom=main ${r.units.service}`.text} >/dev/null 2>&1 || true`,
        '    endscript',
        '}',
        '',
    ].join('\n');
}

// EXTERNAL MODULE: ./src/render/nginx.ts
var nginx = __webpack_require__(132);
// EXTERNAL MODULE: ./src/render/sudoers.ts
var render_sudoers = __webpack_require__(2907);
// EXTERNAL MODULE: ./src/render/systemd.ts
var systemd = __webpack_require__(6091);
// EXTERNAL MODULE: ./src/watch/read.ts
var read = __webpack_require__(2595);
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
    }, (0,systemd/* renderService */.is)(r));
    if (r.units.socket) {
        add({
            ...root,
            name: `systemd/${r.units.socket}`,
            kind: 'systemd-socket',
            install: `/etc/systemd/system/${r.units.socket}`,
            onChange: 'daemon-reload',
        }, (0,systemd/* renderSocket */.K8)(r));
    }
    for (const p of (0,processes/* processUnits */.HX)(r))
        add({
            ...root,
            name: `systemd/${p.template}`,
            kind: 'systemd-process',
            install: `/etc/systemd/system/${p.template}`,
            onChange: 'daemon-reload',
        }, (0,processes/* renderProcess */.AA)(r, p));
    if (r.spec.proxy.server === 'nginx') {
        if (r.spec.proxy['default-server'])
            add({
                ...root,
                name: 'nginx/keel-default.conf',
                kind: 'nginx',
                install: nginx/* NGINX_DEFAULT_SERVER */.tG,
                onChange: 'reload-nginx',
            }, (0,nginx/* renderNginxDefault */.yS)(r));
        add({
            ...root,
            name: `nginx/${r.name}.conf`,
            kind: 'nginx',
            install: `/etc/nginx/sites-available/${r.name}.conf`,
            onChange: 'reload-nginx',
        }, (0,nginx/* renderNginx */.FH)(r));
    }
    else {
        add({ ...root, name: 'caddy/Caddyfile', kind: 'caddy', install: caddy/* CADDY_MAIN */.kr, onChange: 'reload-caddy' }, (0,caddy/* renderCaddyMain */.lE)(r));
        add({
            ...root,
            name: `caddy/${r.name}.caddy`,
            kind: 'caddy',
            install: `/etc/caddy/sites/${r.name}.caddy`,
            onChange: 'reload-caddy',
        }, (0,caddy/* renderCaddyfile */.c0)(r));
    }
    add({
        ...root,
        name: `logrotate/${r.name}`,
        kind: 'logrotate',
        install: `/etc/logrotate.d/${r.name}`,
        onChange: 'none',
    }, renderLogrotate(r));
    // The firewall: a root-owned script holding the rules; ssh-deploy applies it (guarded) when it changes.
    const firewall = (0,render_firewall/* firewallPlan */.Mg)(r);
    if (firewall)
        add({
            ...root,
            mode: '0755',
            name: `firewall/keel-${r.name}-firewall`,
            kind: 'firewall',
            install: firewall.script,
            onChange: 'apply-firewall',
        }, (0,render_firewall/* renderFirewallScript */.O3)(r, firewall));
    // With certificates: certbot, renewals reload the proxy (only then: undefined otherwise).
    add({
        ...root,
        mode: '0755',
        name: `certbot/keel-${r.name}`,
        kind: 'certbot-hook',
        install: certbotHookPath(r),
        onChange: 'none',
    }, renderCertbotHook(r));
    add({
        ...root,
        name: `alerts/${r.name}.rules.yml`,
        kind: 'alerts',
        install: `/etc/prometheus/rules/${r.name}.rules.yml`,
        onChange: 'none',
    }, renderAlerts(r));
    // The deploy user's sudo rules cover every file keel installs as root, this one included. It comes first
    // among the host files, so a deploy that changes the rules installs them before it needs them.
    const sudoers = {
        ...root,
        mode: '0440',
        name: `sudoers/${r.name}-keel`,
        kind: 'sudoers',
        install: (0,render_sudoers/* sudoersPath */.$W)(r),
        onChange: 'none',
    };
    const content = (0,render_sudoers/* renderSudoers */.MJ)(r, [
        sudoers,
        ...files.filter((f) => f.scope === 'host' && installedByKeel(f)),
    ]);
    files.splice(1, 0, { ...sudoers, content });
    return files;
}
/**
 * Whether ssh-deploy puts this file on the app's hosts: release files always, host files with
 * `install-config`. The alert rules belong on the Prometheus server, which keel does not deploy to.
 */
function installedByKeel(f) {
    return f.kind !== 'alerts';
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
        versions: r.spec.proxy.versions,
        ...(r.spec.proxy.server === 'nginx' ? { watch: (0,read/* watchTarget */.NI)(r) } : {}),
        processes: (0,processes/* processUnits */.HX)(r).map(({ name, units, stopTimeout, singleton }) => ({
            name,
            units,
            stopTimeout,
            singleton,
        })),
        ...((0,render_firewall/* firewallPlan */.Mg)(r) ? { firewall: (0,render_firewall/* firewallPlan */.Mg)(r) } : {}),
        files: files.map(({ content, ...f }) => ({
            ...f,
            sha256: sha256(content),
            bytes: Buffer.byteLength(content),
        })),
    };
}


/***/ }),

/***/ 132:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BV: () => (/* binding */ CLIENT_TIMEOUTS),
/* harmony export */   FH: () => (/* binding */ renderNginx),
/* harmony export */   tG: () => (/* binding */ NGINX_DEFAULT_SERVER),
/* harmony export */   yR: () => (/* binding */ COMPRESSED_TYPES),
/* harmony export */   yS: () => (/* binding */ renderNginxDefault)
/* harmony export */ });
/* harmony import */ var _escape_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7789);
/* harmony import */ var _headers_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5090);
/* harmony import */ var _paths_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(564);
/* harmony import */ var _tls_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5169);
/* harmony import */ var _versions_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1467);
/* harmony import */ var _watch_read_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(2595);






/** What the proxy compresses besides text/html (which Nginx always includes once gzip is on). */
const COMPRESSED_TYPES = [
    'text/plain',
    'text/css',
    'text/xml',
    'text/javascript',
    'application/javascript',
    'application/json',
    'application/xml',
    'application/rss+xml',
    'image/svg+xml',
];
/** Timeouts for slow clients, the same on the default server and every site (and in Caddy's main file). */
const CLIENT_TIMEOUTS = { header: 10, body: 60, idle: 65 };
const varName = (r, what) => `keel_${r.name.replace(/-/g, '_')}_${what}`;
function tlsListen(r, port, def) {
    const http2on = (0,_versions_js__WEBPACK_IMPORTED_MODULE_2__/* .versionAtLeast */ .zy)(r.spec.proxy.versions.nginx, _versions_js__WEBPACK_IMPORTED_MODULE_2__/* .SINCE */ .Fe.nginxHttp2On);
    const opts = (port === 443 ? ' ssl' : '') + (def ? ' default_server' : '');
    const legacyHttp2 = port === 443 && !http2on ? ' http2' : '';
    return [
        `listen ${port}${opts}${legacyHttp2};`,
        `listen [::]:${port}${opts}${legacyHttp2};`,
        ...(port === 443 && http2on ? ['http2 on;'] : []),
    ];
}
function tlsProtocols(r) {
    const p = r.spec.proxy;
    const modern = p.tls.profile === 'modern';
    return [
        `# Mozilla server-side TLS 6.0, ${p.tls.profile}, for OpenSSL ${p.versions.openssl}.`,
        modern ? 'ssl_protocols TLSv1.3;' : 'ssl_protocols TLSv1.2 TLSv1.3;',
        // TLS 1.2 suites even for modern: if another server on :443 lets TLS 1.2 through, it gets only these.
        `ssl_ciphers ${_tls_js__WEBPACK_IMPORTED_MODULE_1__/* .MOZILLA_TLS12_CIPHERS */ .z$.join(':')};`,
        `ssl_ecdh_curve ${(0,_tls_js__WEBPACK_IMPORTED_MODULE_1__/* .nginxCurves */ .rE)(p.versions.openssl).join(':')};`,
        'ssl_prefer_server_ciphers off;',
    ];
}
const timeouts = () => [
    `client_header_timeout ${CLIENT_TIMEOUTS.header}s;`,
    `client_body_timeout ${CLIENT_TIMEOUTS.body}s;`,
    `keepalive_timeout ${CLIENT_TIMEOUTS.idle}s;`,
];
const indent = (lines) => lines.map((l) => (l === '' ? '' : `    ${l}`));
function location(r, route, upstream) {
    const q = (v) => (0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .nginxString */ ._$)(v, { app: r.name });
    const p = r.spec.proxy;
    // A location's path is literal text (no variables): `$` in it stays as it is.
    const path = (0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .nginxString */ ._$)(route.base, false);
    const head = route.base === '/' && route.match === 'prefix'
        ? 'location / {'
        : route.match === 'exact'
            ? `location = ${path} {`
            : `location ^~ ${path} {`;
    const body = [];
    if (!route.log)
        body.push('access_log off;');
    if (route['max-body'])
        body.push(`client_max_body_size ${route['max-body']};`);
    if (route.to === 'deny') {
        body.push('return 404;');
    }
    else if (route.to === 'static') {
        body.push(`alias ${q(route.root.replace(/\/?$/, '/'))};`, 'expires 7d;', 'try_files $uri =404;');
        // Static files are compressed (precompressed .gz first); nothing in them is a per-user secret.
        if (p.gzip)
            body.push('gzip on;', 'gzip_static on;');
    }
    else {
        if (route.timeout)
            body.push(`proxy_read_timeout ${route.timeout}s;`, `proxy_send_timeout ${route.timeout}s;`);
        if (!route.buffering)
            body.push('proxy_buffering off;', 'proxy_request_buffering off;');
        body.push(`proxy_pass http://${upstream};`);
    }
    return [head, ...indent(body), '}'];
}
function headerLines(r) {
    const q = (v) => (0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .nginxString */ ._$)(v, { app: r.name });
    const maps = [];
    const lines = [];
    for (const h of (0,_headers_js__WEBPACK_IMPORTED_MODULE_0__/* .securityHeaders */ .BP)(r)) {
        if (h.fromApp) {
            // The app's own value wins; the spec's is sent only when the app sent none (or on Nginx's own responses).
            const v = varName(r, h.name.toLowerCase().replace(/-/g, '_'));
            maps.push(`map $upstream_http_${h.name.toLowerCase().replace(/-/g, '_')} $${v} {`, `    "" ${q(h.value)};`, '    default "";', '}');
            lines.push(`add_header ${h.name} $${v} always;`);
        }
        else {
            // The spec's value replaces the app's: one header, never two that disagree.
            lines.push(`proxy_hide_header ${h.name};`, `add_header ${h.name} ${q(h.value)} always;`);
        }
    }
    return { maps, lines };
}
function renderNginx(r) {
    const q = (v) => (0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .nginxString */ ._$)(v, { app: r.name });
    const p = r.spec.proxy;
    const upstream = `${r.name.replace(/-/g, '_')}_app`;
    const names = p.domains.join(' ');
    const server = r.socketPath ? `unix:${r.socketPath}` : r.bind;
    const paths = (0,_paths_js__WEBPACK_IMPORTED_MODULE_4__/* .deniedPaths */ .qT)(r);
    const mapped = [
        ...paths.dotfiles.map((d) => [d, 1]),
        ...paths.allowed.map((d) => [d, 0]),
        ...paths.denied.map((d) => [d, 1]),
    ];
    const deniedVar = varName(r, 'denied');
    const hosts = (0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .nginxString */ ._$)((0,_paths_js__WEBPACK_IMPORTED_MODULE_4__/* .hostPattern */ .JF)(p.domains), false);
    const headers = headerLines(r);
    const compressApp = p.gzip && p['compress-app'];
    const logFormat = `keel_${r.name.replace(/-/g, '_')}`;
    const body = [
        "# The access log keel's watch reads (one JSON object a line; $uri, never the query string, which can hold secrets).",
        `log_format ${logFormat} escape=json '{"t":$msec,"s":$status,"rt":$request_time,"ut":"$upstream_response_time","m":"$request_method","u":"$uri","ua":"$http_user_agent"}';`,
        '',
        `upstream ${upstream} {`,
        `    server ${server} fail_timeout=0;`,
        ...(p['upstream-keepalive'] > 0 ? [`    keepalive ${p['upstream-keepalive']};`] : []),
        '}',
        '',
        ...(mapped.length
            ? [
                '# Paths no request reaches, in any letter case: dotfiles under static routes, and deny routes (with or',
                '# without their trailing /) except the routes the spec sends elsewhere inside them. First match wins.',
                `map $uri $${deniedVar} {`,
                '    default 0;',
                ...mapped.map(([d, v]) => `    ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .nginxString */ ._$)(`~*${d}`, false)} ${v};`),
                '}',
                '',
            ]
            : []),
        ...headers.maps,
        '',
        'server {',
        ...indent([
            ...tlsListen(r, 80, false),
            `server_name ${names};`,
            'server_tokens off;',
            '# Only ever redirects to its own names (a request for another reaches this server only if it is the default).',
            `if ($host !~* ${hosts}) {`,
            '    return 444;',
            '}',
            '',
            '# certbot --webroot answers its challenges from here; everything else goes to HTTPS.',
            'location ^~ /.well-known/acme-challenge/ {',
            `    root ${q(p['acme-webroot'])};`,
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
            ...tlsListen(r, 443, false),
            `server_name ${names};`,
            'server_tokens off;',
            `if ($host !~* ${hosts}) {`,
            '    return 444;',
            '}',
            ...(mapped.length ? [`if ($${deniedVar}) {`, '    return 404;', '}'] : []),
            '',
            `access_log ${(0,_watch_read_js__WEBPACK_IMPORTED_MODULE_5__/* .nginxAccessLog */ .N2)(r.name)} ${logFormat};`,
            '',
            `ssl_certificate ${q(r.tls.cert)};`,
            `ssl_certificate_key ${q(r.tls.key)};`,
            ...tlsProtocols(r),
            'ssl_session_timeout 1d;',
            `ssl_session_cache shared:${upstream}_tls:10m;`,
            'ssl_session_tickets off;',
            ...(p.tls['ocsp-stapling'] ? ['ssl_stapling on;', 'ssl_stapling_verify on;'] : []),
            '',
            '# On every response, errors included.',
            ...headers.lines,
            ...(p['cookie-flags'] ? ['proxy_cookie_flags ~ secure httponly samesite=lax;'] : []),
            '',
            `client_max_body_size ${p['max-body']};`,
            ...timeouts(),
            '',
            compressApp
                ? "# The app's responses are compressed (proxy.compress-app): see BREACH on keel's render-config page."
                : "# The app's responses are not compressed here: a compressed page that carries a secret leaks it (BREACH).",
            `gzip ${compressApp ? 'on' : 'off'};`,
            ...(p.gzip
                ? [
                    'gzip_vary on;',
                    'gzip_proxied any;',
                    'gzip_min_length 1024;',
                    `gzip_types ${COMPRESSED_TYPES.join(' ')};`,
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
            ...r.routes.flatMap((route) => [...location(r, route, upstream), '']),
        ]),
        '}',
        '',
    ]
        .join('\n')
        .replace(/\n\n\n+/g, '\n\n')
        .replace(/\n\n}/g, '\n}');
    const head = ['# Rendered by keel render-config; edit the spec, not this file.'];
    if ((0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .usesNginxDollar */ .$H)(body, r.name))
        head.push('# Holds a literal $ for the strings below (Nginx has no escape for it).', (0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .nginxDollarDefinition */ .Ok)(r.name), '');
    return `${head.join('\n')}\n${body}`;
}
/** Where the shared default server goes (one per host, whatever the number of keel apps). */
const NGINX_DEFAULT_SERVER = '/etc/nginx/sites-available/keel-default.conf';
/**
 * The host's default server (pure): a request for a name no site serves gets the connection closed (444) and a
 * TLS handshake for an unknown name is refused, so no app ever sees a foreign Host and no certificate is shown
 * to a scanner asking for another name. Nginx takes the TLS protocol versions and key exchange groups for
 * every site on :443 from this server, so it carries the profile's.
 */
function renderNginxDefault(r) {
    return [
        '# Rendered by keel render-config; every keel site on this host renders the same file. Edit the spec, not this.',
        '# The default server: requests and TLS handshakes for names no site here serves are refused.',
        'server {',
        ...indent([
            ...tlsListen(r, 80, true),
            'server_name _;',
            'server_tokens off;',
            ...timeouts(),
            'return 444;',
        ]),
        '}',
        '',
        'server {',
        ...indent([
            ...tlsListen(r, 443, true),
            'server_name _;',
            'server_tokens off;',
            'ssl_reject_handshake on;',
            '# Nginx negotiates the protocol version for every site on :443 with these settings.',
            ...tlsProtocols(r),
            ...timeouts(),
            'return 444;',
        ]),
        '}',
        '',
    ].join('\n');
}


/***/ }),

/***/ 564:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   JF: () => (/* binding */ hostPattern),
/* harmony export */   qT: () => (/* binding */ deniedPaths)
/* harmony export */ });
/* unused harmony export regexLiteral */
/** A literal string as a regular expression. */
function regexLiteral(text) {
    return text.replace(/[\\^$.*+?()[\]{}|/]/g, (c) => (c === '/' ? '/' : `\\${c}`));
}
const routePattern = (base, match) => match === 'exact' ? `^${regexLiteral(base)}$` : `^${regexLiteral(base.replace(/\/$/, ''))}(?:/|$)`;
/**
 * The paths no request may reach, matched case-insensitively on the normalised path, as patterns both proxies
 * check before any route: a path is refused when it is a dotfile under a static route, or when it is denied
 * and not allowed.
 */
function deniedPaths(r) {
    const dotfiles = [];
    const denied = [];
    const allowed = [];
    const denies = r.routes.filter((x) => x.to === 'deny' && x.base !== '/');
    for (const route of r.routes) {
        if (route.to === 'static')
            dotfiles.push(`^${regexLiteral(route.base.replace(/\/?$/, '/'))}(?:.*/)?\\.`);
        if (route.to === 'deny' && route.base !== '/')
            denied.push(routePattern(route.base, route.match));
        const inside = denies.some((d) => d !== route &&
            d.match === 'prefix' &&
            route.base.toLowerCase().startsWith(d.base.toLowerCase()) &&
            route.base.length > d.base.length);
        if (route.to !== 'deny' && inside)
            allowed.push(routePattern(route.base, route.match));
    }
    return { dotfiles, denied, allowed };
}
/** The spec's domains as one anchored pattern (a wildcard stands for exactly one label). */
function hostPattern(domains) {
    const one = (d) => (d.startsWith('*.') ? `[^.]+\\.${regexLiteral(d.slice(2))}` : regexLiteral(d));
    return `^(?:${domains.map(one).join('|')})$`;
}


/***/ }),

/***/ 5637:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AA: () => (/* binding */ renderProcess),
/* harmony export */   HX: () => (/* binding */ processUnits)
/* harmony export */ });
/* unused harmony export ENV */
/* harmony import */ var _spec_command_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1542);
/* harmony import */ var _escape_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7789);
/* harmony import */ var _systemd_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6091);
/**
 * systemd units for the processes beside the app (pure): one template unit `<app>-<name>@.service` per
 * process, run as `<app>-<name>@1.service` ... `@N.service`. Same user, env file, environment and sandbox as
 * the app's service; the command runs without a shell in `current` with the release's venv first on PATH.
 * Stopping is a warm shutdown: SIGTERM to the main process only (a Celery worker stops taking tasks and waits
 * for the ones in flight), SIGKILL to whatever is left after `stop-timeout`.
 */



/** What `env` is: a name without / is looked up on the unit's PATH (systemd itself only searches /usr/bin...). */
const ENV = '/usr/bin/env';
function processUnits(r) {
    return Object.entries(r.spec.processes).map(([name, p]) => {
        const words = (0,_spec_command_js__WEBPACK_IMPORTED_MODULE_0__/* .splitCommand */ .G)(p.command);
        const base = `${r.name}-${name}`;
        return {
            name,
            template: `${base}@.service`,
            units: Array.from({ length: p.instances }, (_, i) => `${base}@${i + 1}.service`),
            argv: words[0].startsWith('/') ? words : [ENV, ...words],
            stopTimeout: p['stop-timeout'],
            singleton: p.singleton,
        };
    });
}
function renderProcess(r, p) {
    const box = (0,_systemd_js__WEBPACK_IMPORTED_MODULE_1__/* .sandbox */ ._S)(r);
    const bin = `${r.current}/.venv/bin`;
    return [
        '# Rendered by keel render-config; edit the spec, not this file.',
        '[Unit]',
        // %i is systemd's instance specifier, written as is; the names go through systemdValue.
        `Description=${(0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .systemdValue */ .By)(r.name)} ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .systemdValue */ .By)(p.name)} %i`,
        'After=network-online.target',
        'Wants=network-online.target',
        '# A crash loop stops after 5 starts in 2 minutes instead of spinning forever.',
        'StartLimitIntervalSec=120',
        'StartLimitBurst=5',
        '',
        '[Service]',
        'Type=exec',
        `User=${(0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .systemdValue */ .By)(r.user)}`,
        `Group=${(0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .systemdValue */ .By)(r.group)}`,
        `WorkingDirectory=${(0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .systemdValue */ .By)(r.current)}`,
        `EnvironmentFile=-${(0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .systemdValue */ .By)(r.envFile)}`,
        'Environment=PYTHONUNBUFFERED=1',
        ...(0,_systemd_js__WEBPACK_IMPORTED_MODULE_1__/* .environmentLines */ .di)(r),
        '# The release venv first: the command is looked up there before the system.',
        (0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .systemdEnvironment */ .nv)('PATH', `${bin}:/usr/local/bin:/usr/bin:/bin`),
        (0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .systemdEnvironment */ .nv)('VIRTUAL_ENV', `${r.current}/.venv`),
        `ExecStart=${(0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .systemdExec */ .ff)(p.argv)}`,
        '# Warm shutdown: TERM to the main process only (tasks in flight finish), KILL to what is left after the timeout.',
        'KillSignal=SIGTERM',
        'KillMode=mixed',
        `TimeoutStopSec=${p.stopTimeout}`,
        'Restart=on-failure',
        `RestartSec=${r.spec.systemd['restart-sec']}`,
        ...(r.logDir ? [`LogsDirectory=${(0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .systemdValue */ .By)(r.name)}`, 'LogsDirectoryMode=0750'] : []),
        box.readWritePaths,
        `SyslogIdentifier=${(0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .systemdValue */ .By)(`${r.name}-${p.name}`)}`,
        ...box.hardening,
        '',
        '[Install]',
        'WantedBy=multi-user.target',
        '',
    ].join('\n');
}


/***/ }),

/***/ 2907:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $W: () => (/* binding */ sudoersPath),
/* harmony export */   MJ: () => (/* binding */ renderSudoers),
/* harmony export */   q7: () => (/* binding */ siteLink)
/* harmony export */ });
/* unused harmony exports SUDO_PATHS, sudoCommands */
/* harmony import */ var _watch_read_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2595);
/* harmony import */ var _processes_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5637);
/* harmony import */ var _firewall_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9386);
/* harmony import */ var _escape_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7789);




const SUDO_PATHS = {
    systemctl: '/usr/bin/systemctl',
    journalctl: '/usr/bin/journalctl',
    nginx: '/usr/sbin/nginx',
    caddy: '/usr/bin/caddy',
    logrotate: '/usr/sbin/logrotate',
    install: '/usr/bin/install',
    cp: '/usr/bin/cp',
    rm: '/usr/bin/rm',
    ln: '/usr/bin/ln',
    cat: '/usr/bin/cat',
    test: '/usr/bin/test',
    true: '/usr/bin/true',
    tail: _watch_read_js__WEBPACK_IMPORTED_MODULE_1__/* .TAIL */ .ZH,
    ss: '/usr/bin/ss',
};
const STAGE = (dir) => `${(0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .sudoersRegexLiteral */ .wk)('.keel-stage/')}[0-9a-f-]+/${dir}/[0-9]+`;
/** The enabled-site link ssh-deploy makes for an Nginx site in sites-available (none for other files). */
function siteLink(f) {
    if (f.kind !== 'nginx')
        return undefined;
    const link = f.install.replace('/sites-available/', '/sites-enabled/');
    return link === f.install ? undefined : link;
}
/** Every command line keel may run as root for this app, as [program, sudoers argument text]. */
function sudoCommands(r, files) {
    const P = SUDO_PATHS;
    const cmds = [];
    const literal = (program, ...args) => cmds.push([program, (0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .sudoersArgs */ .XP)(args)]);
    const regex = (program, ...parts) => cmds.push([program, (0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .sudoersRegex */ .ZV)(parts)]);
    literal(P.true);
    literal(P.systemctl, 'daemon-reload');
    const service = r.units.service;
    for (const unit of [service, ...(r.units.socket ? [r.units.socket] : [])]) {
        literal(P.systemctl, 'enable', unit);
        literal(P.systemctl, 'restart', unit);
    }
    for (const unit of (0,_processes_js__WEBPACK_IMPORTED_MODULE_3__/* .processUnits */ .HX)(r).flatMap((p) => p.units))
        for (const verb of ['reset-failed', 'enable', 'restart'])
            literal(P.systemctl, verb, unit);
    literal(P.systemctl, 'reload', service);
    literal(P.systemctl, 'reset-failed', service);
    for (const sig of ['TTIN', 'TTOU'])
        literal(P.systemctl, 'kill', '-s', sig, '--kill-whom=main', service);
    literal(P.journalctl, '-u', service, '-n', '15', '--no-pager', '-o', 'cat');
    const proxy = r.spec.proxy.server;
    for (const verb of ['reload', 'start'])
        literal(P.systemctl, verb, proxy);
    literal(P.systemctl, 'is-active', '--quiet', proxy);
    if (proxy === 'nginx') {
        literal(P.nginx, '-t');
        if (r.spec.proxy['default-server']) {
            // Disabling Debian's stock welcome site for keel's default server, and putting it back on a restore
            // (src/releases/install.ts; the paths are STOCK_DEFAULT there).
            literal(P.rm, '-f', '/etc/nginx/sites-enabled/default');
            literal(P.test, '-e', '/etc/nginx/sites-enabled/default');
            literal(P.ln, '-s', '/etc/nginx/sites-available/default', '/etc/nginx/sites-enabled/default');
        }
        // The watch: the site's own access log from a byte offset, nothing else.
        regex(P.tail, '-c', '\\+[0-9]+', `${(0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .sudoersRegexLiteral */ .wk)((0,_watch_read_js__WEBPACK_IMPORTED_MODULE_1__/* .nginxAccessLog */ .N2)(r.name))}(${(0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .sudoersRegexLiteral */ .wk)('.1')})?`);
    }
    else {
        literal(P.caddy, 'validate', '--adapter', 'caddyfile', '--config', '/etc/caddy/Caddyfile');
    }
    // The firewall: its script's verbs (the rules are inside it, root's; no ufw arguments here) and the
    // listening sockets with their processes for mode: check.
    const firewall = (0,_firewall_js__WEBPACK_IMPORTED_MODULE_0__/* .firewallPlan */ .Mg)(r);
    if (firewall) {
        for (const verb of ['apply', 'confirm', 'revert', 'status'])
            literal(firewall.script, verb);
        literal(P.ss, '-H', '-ltnup');
    }
    for (const f of files) {
        const to = (0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .sudoersRegexLiteral */ .wk)(f.install);
        literal(P.cat, f.install);
        literal(P.test, '-e', f.install);
        regex(P.cp, '-a', to, STAGE('old'));
        regex(P.cp, '-a', STAGE('old'), to);
        regex(P.install, '-D', '-m', (0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .sudoersRegexLiteral */ .wk)(f.mode), '-o', (0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .sudoersRegexLiteral */ .wk)(f.owner), '-g', (0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .sudoersRegexLiteral */ .wk)(f.group), STAGE('new'), to);
        literal(P.rm, '-f', f.install);
        const link = siteLink(f);
        if (link) {
            literal(P.test, '-e', link);
            literal(P.test, '-L', link);
            literal(P.ln, '-s', f.install, link);
            literal(P.rm, '-f', link);
        }
        if (f.kind === 'logrotate')
            literal(P.logrotate, '-d', f.install);
    }
    return cmds;
}
function sudoersPath(r) {
    // sudo skips files in /etc/sudoers.d whose names hold a dot; an app name never does.
    return `/etc/sudoers.d/${r.name}-keel`;
}
function renderSudoers(r, files) {
    const user = r.deployUser;
    const lines = sudoCommands(r, files).map(([program, args]) => `${user} ALL=(root) NOPASSWD: ${program} ${args}`);
    return [
        '# Rendered by keel render-config; edit the spec, not this file.',
        `# What keel runs as root for ${r.name} when ${user} deploys it over SSH, and nothing else: one rule per`,
        '# command line, arguments included (no shell, no editor, no other unit or file). Check: visudo -cf FILE.',
        ...lines,
        '',
    ].join('\n');
}


/***/ }),

/***/ 6091:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   K8: () => (/* binding */ renderSocket),
/* harmony export */   _S: () => (/* binding */ sandbox),
/* harmony export */   di: () => (/* binding */ environmentLines),
/* harmony export */   is: () => (/* binding */ renderService)
/* harmony export */ });
/* harmony import */ var _escape_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7789);

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
/**
 * The sandbox every unit keel renders for the app runs in (the app's service and the processes beside it):
 * what it may write (shared/, the log directory, the spec's extra paths) and the spec's hardening profile.
 */
function sandbox(r) {
    const s = r.spec;
    const writable = [r.shared, ...(r.logDir ? [r.logDir] : []), ...s.systemd['read-write-paths']];
    const hardening = s.systemd.hardening === 'strict' ? STRICT : s.systemd.hardening === 'basic' ? BASIC : [];
    return { readWritePaths: `ReadWritePaths=${writable.map((p) => (0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .systemdWord */ .sX)(p)).join(' ')}`, hardening };
}
/** The spec's app.environment as Environment= lines (the app's service and the processes share them). */
function environmentLines(r) {
    return Object.entries(r.spec.app.environment).map(([k, value]) => (0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .systemdEnvironment */ .nv)(k, value));
}
function renderService(r) {
    const s = r.spec;
    const env = environmentLines(r);
    const box = sandbox(r);
    return [
        '# Rendered by keel render-config; edit the spec, not this file.',
        '[Unit]',
        `Description=${(0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .systemdValue */ .By)(s.app.name)} (Gunicorn)`,
        'After=network-online.target',
        'Wants=network-online.target',
        ...(r.units.socket ? [`Requires=${(0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .systemdValue */ .By)(r.units.socket)}`, `After=${(0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .systemdValue */ .By)(r.units.socket)}`] : []),
        '# A crash loop stops after 5 starts in 2 minutes instead of spinning forever.',
        'StartLimitIntervalSec=120',
        'StartLimitBurst=5',
        '',
        '[Service]',
        'Type=notify',
        '# Gunicorn tells systemd when it is ready; only the master may.',
        'NotifyAccess=main',
        `User=${(0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .systemdValue */ .By)(r.user)}`,
        `Group=${(0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .systemdValue */ .By)(r.group)}`,
        // The deploy path, never a release: Gunicorn remembers the directory it started in and goes back to it on
        // every HUP before reading its config (whose `chdir` then enters `current`). Started in a release, the
        // master would die on the first HUP after keep-N pruned that release.
        `WorkingDirectory=${(0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .systemdValue */ .By)(r.path)}`,
        `EnvironmentFile=-${(0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .systemdValue */ .By)(r.envFile)}`,
        'Environment=PYTHONUNBUFFERED=1',
        ...env,
        `ExecStart=${(0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .systemdExec */ .ff)([r.exec.program, ...r.exec.args])}`,
        '# HUP: new workers with the new code, same master, no dropped requests.',
        'ExecReload=/bin/kill -s HUP $MAINPID',
        '# TERM to the master (graceful), then to what is left.',
        'KillMode=mixed',
        `# Longer than graceful_timeout (${s.gunicorn['graceful-timeout']}s), so in-flight requests can finish.`,
        `TimeoutStopSec=${r.stopTimeoutSec}`,
        'TimeoutStartSec=90',
        'Restart=on-failure',
        `RestartSec=${s.systemd['restart-sec']}`,
        ...(r.logDir ? [`LogsDirectory=${(0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .systemdValue */ .By)(r.name)}`, 'LogsDirectoryMode=0750'] : []),
        box.readWritePaths,
        `SyslogIdentifier=${(0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .systemdValue */ .By)(r.name)}`,
        ...box.hardening,
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
        `Description=${(0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .systemdValue */ .By)(r.spec.app.name)} listening socket`,
        '',
        '[Socket]',
        `ListenStream=${(0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .systemdValue */ .By)(listen)}`,
        ...(r.socketPath ? [`SocketUser=${(0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .systemdValue */ .By)(r.user)}`, `SocketGroup=${(0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .systemdValue */ .By)(r.proxyGroup)}`, 'SocketMode=0660'] : []),
        '# Connections wait in the backlog while the service restarts, instead of being refused.',
        'Backlog=2048',
        '',
        '[Install]',
        'WantedBy=sockets.target',
        '',
    ].join('\n');
}


/***/ }),

/***/ 5169:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Vv: () => (/* binding */ sizeBytes),
/* harmony export */   _q: () => (/* binding */ greaterThanPattern),
/* harmony export */   a0: () => (/* binding */ MOZILLA_TLS12_CIPHERS_GO),
/* harmony export */   rE: () => (/* binding */ nginxCurves),
/* harmony export */   wl: () => (/* binding */ caddyCurves),
/* harmony export */   z$: () => (/* binding */ MOZILLA_TLS12_CIPHERS),
/* harmony export */   zF: () => (/* binding */ caddySize)
/* harmony export */ });
/* harmony import */ var _versions_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1467);

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
 * The key exchange groups of Mozilla's 6.0 guideline that the installed software knows: X25519MLKEM768 (post-
 * quantum hybrid) leads the list but needs OpenSSL >= 3.5 (Nginx) or Caddy >= 2.10; an older OpenSSL refuses
 * the whole directive, so it is left out there.
 */
function nginxCurves(openssl) {
    return [
        ...((0,_versions_js__WEBPACK_IMPORTED_MODULE_0__/* .versionAtLeast */ .zy)(openssl, _versions_js__WEBPACK_IMPORTED_MODULE_0__/* .SINCE */ .Fe.opensslMlkem) ? ['X25519MLKEM768'] : []),
        'X25519',
        'prime256v1',
        'secp384r1',
    ];
}
function caddyCurves(caddy) {
    return [
        ...((0,_versions_js__WEBPACK_IMPORTED_MODULE_0__/* .versionAtLeast */ .zy)(caddy, _versions_js__WEBPACK_IMPORTED_MODULE_0__/* .SINCE */ .Fe.caddyMlkem) ? ['x25519mlkem768'] : []),
        'x25519',
        'secp256r1',
        'secp384r1',
    ];
}
/**
 * A regular expression (RE2 and PCRE alike, no braces) for the decimal numbers greater than `n`: what Caddy
 * matches Content-Length against to refuse an oversized body before the app sees it.
 */
function greaterThanPattern(n) {
    const digits = String(Math.floor(n));
    const any = (k) => '[0-9]'.repeat(k);
    // More digits than n (after leading zeros)...
    const alternatives = [`[1-9]${any(digits.length)}[0-9]*`];
    // ...or as many, and greater at the first digit that differs.
    for (let i = 0; i < digits.length; i++) {
        const d = Number(digits[i]);
        if (d === 9)
            continue;
        const lowest = i === 0 ? Math.max(d + 1, 1) : d + 1;
        const range = lowest === 9 ? '9' : `[${lowest}-9]`;
        alternatives.push(`${digits.slice(0, i)}${range}${any(digits.length - i - 1)}`);
    }
    return `^0*(?:${alternatives.join('|')})$`;
}
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


/***/ }),

/***/ 1467:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Fe: () => (/* binding */ SINCE),
/* harmony export */   NQ: () => (/* binding */ parseCaddyVersion),
/* harmony export */   Zs: () => (/* binding */ newerThanAssumed),
/* harmony export */   ml: () => (/* binding */ parseNginxV),
/* harmony export */   zy: () => (/* binding */ versionAtLeast)
/* harmony export */ });
/* unused harmony export compareVersions */
/**
 * The proxy versions a host really runs, compared with the ones the spec told the renderer to assume
 * (`proxy.versions`): the rendered syntax follows the assumed versions (`http2 on;` from Nginx 1.25.1, the
 * X25519MLKEM768 hybrid group from OpenSSL 3.5 and Caddy 2.10), so a host that is newer than assumed gets
 * a config that works but is older than it could be. Pure: command output in, versions and messages out.
 */
const DOTTED = /^\d+(\.\d+)*$/;
/**
 * Compares two dotted numeric versions ("1.25.1" vs "1.22"): negative, 0 or positive. Missing parts count
 * as 0 ("1.22" equals "1.22.0"). Throws on anything else, so a parse mistake never passes as "older".
 */
function compareVersions(a, b) {
    if (!DOTTED.test(a) || !DOTTED.test(b))
        throw new Error(`not a dotted version: ${JSON.stringify(DOTTED.test(a) ? b : a)}`);
    const x = a.split('.').map(Number);
    const y = b.split('.').map(Number);
    for (let i = 0; i < Math.max(x.length, y.length); i++) {
        const d = (x[i] ?? 0) - (y[i] ?? 0);
        if (d !== 0)
            return d < 0 ? -1 : 1;
    }
    return 0;
}
/** Whether a dotted version (1.25.1, 3.5, 2.10) is at least `min`; missing parts count as 0. */
function versionAtLeast(version, min) {
    return compareVersions(version, min) >= 0;
}
/**
 * The first versions with what keel renders differently: the renderers decide with these, and ssh-deploy's
 * warning about a host newer than assumed names them.
 */
const SINCE = {
    /** `http2 on;` instead of the deprecated `listen ... http2`. */
    nginxHttp2On: '1.25.1',
    /** X25519MLKEM768 in ssl_ecdh_curve (an older OpenSSL refuses the whole directive). */
    opensslMlkem: '3.5',
    /** x25519mlkem768 in Caddy's curves. */
    caddyMlkem: '2.10',
};
/** "1.26.3" -> "1.26": what to write into proxy.versions. */
const minor = (v) => v.split('.').slice(0, 2).join('.');
/**
 * Nginx's and OpenSSL's versions from `nginx -V 2>&1`: "nginx version: nginx/1.22.1" and "built with OpenSSL
 * 3.0.11 19 Sep 2023" or "running with OpenSSL 3.5.1 ..." (the library actually loaded wins). Missing or
 * unreadable parts stay undefined.
 */
function parseNginxV(output) {
    const found = {};
    const n = /^nginx version: nginx\/(\d+(?:\.\d+){0,3})(?=\s|$)/m.exec(output);
    if (n)
        found.nginx = n[1];
    const running = /\brunning with OpenSSL (\d+(?:\.\d+){0,3})/.exec(output);
    const built = /\bbuilt with OpenSSL (\d+(?:\.\d+){0,3})/.exec(output);
    const ssl = running ?? built;
    if (ssl)
        found.openssl = ssl[1];
    return found;
}
/** Caddy's version from `caddy version`: "v2.6.2 h1:..." or "2.6.2" (Debian's build). */
function parseCaddyVersion(output) {
    const m = /^\s*v?(\d+\.\d+(?:\.\d+)?)(?=[\s-]|$)/.exec(output);
    return m?.[1];
}
/** What each newer version would let keel render. */
const GAINS = [
    {
        key: 'nginx',
        from: SINCE.nginxHttp2On,
        what: 'render `http2 on;` instead of the deprecated `listen ... http2`',
    },
    { key: 'openssl', from: SINCE.opensslMlkem, what: 'offer the X25519MLKEM768 hybrid key exchange' },
    { key: 'caddy', from: SINCE.caddyMlkem, what: 'offer the X25519MLKEM768 hybrid key exchange' },
];
/**
 * One message per component that the host runs in a version new enough for syntax or curves keel would
 * render differently than for the assumed one. A component missing on either side, or not a dotted
 * version, says nothing.
 */
function newerThanAssumed(assumed, found) {
    const out = [];
    for (const g of GAINS) {
        const a = assumed[g.key];
        const f = found[g.key];
        if (!a || !f || !DOTTED.test(a) || !DOTTED.test(f))
            continue;
        if (compareVersions(f, g.from) >= 0 && compareVersions(a, g.from) < 0) {
            // "1.25" would still be below 1.25.1: suggest the shortest value that reaches the threshold.
            const set = compareVersions(minor(f), g.from) >= 0 ? minor(f) : f;
            out.push(`${g.key} ${f} on the host is newer than proxy.versions.${g.key} ${a}: set it to ${set} to ${g.what}`);
        }
    }
    return out;
}


/***/ }),

/***/ 7994:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Gy: () => (/* binding */ mark),
/* harmony export */   O9: () => (/* binding */ alignTable),
/* harmony export */   l6: () => (/* binding */ toMarkdown)
/* harmony export */ });
const ICON = { ok: '✅', failed: '❌', skipped: '⏭️', warning: '⚠️' };
function cell(text) {
    return text.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}
function toMarkdown(report) {
    const out = [`### ${ICON[report.status]} ${report.title}`, ''];
    for (const l of report.lines ?? [])
        out.push(l, '');
    for (const c of report.charts ?? [])
        out.push('```mermaid', c.trimEnd(), '```', '');
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


/***/ }),

/***/ 1542:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   G: () => (/* binding */ splitCommand),
/* harmony export */   Q: () => (/* binding */ CommandError)
/* harmony export */ });
/**
 * A process's command line (spec `processes.<name>.command`) split into words the way keel runs it: with no
 * shell. Words are separated by spaces; a word may be quoted with '...' or "..." (the quotes are removed,
 * nothing inside is special). Everything a shell would interpret is refused rather than passed on literally,
 * so the spec never looks like it does something it does not: `;` `|` `&` `$` backticks `<` `>` and
 * backslashes, anywhere (also inside quotes), and control characters (newlines, tabs).
 */
class CommandError extends Error {
}
const SHELL = /[;|&$`<>\\]/;
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const CONTROL = /[\x00-\x1f\x7f]/;
function splitCommand(text) {
    if (CONTROL.test(text))
        throw new CommandError('must be one line (no newlines, tabs or other control characters)');
    const bad = SHELL.exec(text);
    if (bad)
        throw new CommandError(`runs without a shell: ${JSON.stringify(bad[0])} is not allowed (no ; | & $ \` < > or \\); put pipelines and variables in a script in the release and run that`);
    const words = [];
    let word;
    let quote;
    for (const c of text) {
        if (quote) {
            if (c === quote)
                quote = undefined;
            else
                word += c;
        }
        else if (c === ' ') {
            if (word !== undefined)
                words.push(word);
            word = undefined;
        }
        else if (c === '"' || c === "'") {
            quote = c;
            word ??= '';
        }
        else
            word = (word ?? '') + c;
    }
    if (quote)
        throw new CommandError(`has an unclosed ${quote} quote`);
    if (word !== undefined)
        words.push(word);
    if (words.length === 0)
        throw new CommandError('is empty: give the program to run and its arguments');
    const program = words[0];
    if (program === '' || program.startsWith('-') || program.includes('='))
        throw new CommandError(`must start with the program to run (a name found on the PATH, the release's venv first, or an absolute path), not ${JSON.stringify(program)}`);
    return words;
}


/***/ }),

/***/ 3762:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  G8: () => (/* binding */ SpecError),
  w5: () => (/* binding */ fieldName),
  II: () => (/* binding */ loadSpec)
});

// UNUSED EXPORTS: crossCheck

// EXTERNAL MODULE: ./src/render/headers.ts
var render_headers = __webpack_require__(5090);
// EXTERNAL MODULE: ./src/render/versions.ts
var versions = __webpack_require__(1467);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/spec/command.ts
var command = __webpack_require__(1542);
// EXTERNAL MODULE: ./src/render/firewall.ts
var firewall = __webpack_require__(9386);
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
const version = schemas/* string */.YjP().regex(/^\d{1,4}(\.\d{1,4}){0,2}$/, 'must be a version like 1.26 or 3.5.1');
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
/**
 * A long-running process beside the app (a Celery worker, Celery beat): a hardened systemd template unit
 * `<app>-<name>@.service`, run as `<app>-<name>@1.service` ... `@<instances>.service`, with the app's user,
 * env file and sandbox, in the live release with its venv first on PATH. ssh-deploy restarts every instance
 * after each switch (and after a rollback): SIGTERM to the main process, which finishes the tasks in flight
 * (Celery's warm shutdown) for up to `stop-timeout` seconds, then the new release starts.
 */
const processSchema = schemas/* object */.Ikc({
    /**
     * The command line, run WITHOUT a shell in the release directory: words split on spaces, '...' or "..."
     * quote a word; ; | & $ ` < > and backslashes are refused (put such things in a script in the release).
     * A program name without / is looked up on the PATH, the release's .venv/bin first.
     */
    command: schemas/* string */.YjP().max(4096, 'must be at most 4096 characters'),
    /** How many copies run on each host (`<app>-<name>@1` ... `@N`). */
    instances: schemas/* number */.aig().int().min(1).max(32).default(1),
    /** Seconds a warm shutdown may take (tasks in flight finish) before systemd kills what is left. */
    'stop-timeout': seconds(1, 3600).default(600),
    /** Exactly one in the fleet (Celery beat): it runs on the first host of the hosts list only. */
    singleton: schemas/* boolean */.zMY().default(false),
})
    .strict();
/**
 * The host firewall (ufw, what the runbooks use): incoming connections are refused except the SSH port keel
 * connects on (always open to everyone) and the rules in `allow`. Each rule is `PORT/PROTO` (`443/tcp`) or
 * `{ port: 443/tcp, from: [CIDR, ...] }`. The port and source texts are checked in load.ts (crossCheck), so a
 * bad one is named with its index.
 */
const firewallSchema = schemas/* object */.Ikc({
    /** false: keel leaves the host's firewall alone (nothing rendered or applied). */
    enabled: schemas/* boolean */.zMY().default(true),
    /** The port sshd listens on, the one keel connects on: always allowed from anywhere (tcp). */
    'ssh-port': schemas/* number */.aig().int().min(1).max(65535).default(22),
    allow: schemas/* array */.YOg(schemas/* union */.KCZ([
        schemas/* string */.YjP().max(64, 'must be at most 64 characters'),
        schemas/* number */.aig(),
        schemas/* object */.Ikc({
            port: schemas/* union */.KCZ([schemas/* string */.YjP().max(64, 'must be at most 64 characters'), schemas/* number */.aig()]),
            /** Source networks (CIDR like 203.0.113.0/24 or 2001:db8::/32, or one address). */
            from: schemas/* array */.YOg(schemas/* string */.YjP().max(64, 'must be at most 64 characters')).min(1).max(64),
        })
            .strict(),
    ]))
        .max(256, 'must be at most 256 rules')
        .default([]),
    /**
     * Seconds after which the host puts its previous rules back on its own unless a NEW SSH connection made
     * after the rules were applied has confirmed them (the lock-out guard).
     */
    'revert-after': seconds(15, 600).default(60),
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
        /** The SSH user keel deploys as: render-config writes exactly the sudo rules it needs (sudoers/<app>-keel). */
        'deploy-user': schemas/* string */.YjP()
            .regex(/^[a-z_][a-z0-9_-]{0,31}$/, 'must be a valid user name')
            .default('deploy'),
        /** A Gunicorn binary, e.g. Debian's /usr/bin/gunicorn; default: `python -m gunicorn` of the release's .venv. */
        gunicorn: absPath.optional(),
        'env-file': absPath.optional(),
        environment: schemas/* record */.g1P(schemas/* string */.YjP().regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name'), 
        // Any text on one line (quotes, $, %, non-ASCII included): the unit file quotes it.
        schemas/* string */.YjP().regex(
        // eslint-disable-next-line no-control-regex -- refusing control characters is the point
        /^[^\x00-\x1f\x7f]*$/, 'must be one line of text (no newlines or other control characters)'))
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
            'content-security-policy': headerValue.default("default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'"),
            'referrer-policy': schemas/* enum */.k5n(['no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin'])
                .default('strict-origin-when-cross-origin'),
            'permissions-policy': headerValue.default('camera=(), microphone=(), geolocation=(), payment=()'),
            /**
             * Who may frame the pages: X-Frame-Options and the CSP's frame-ancestors say it together, derived
             * from whichever the spec gives (DENY = 'none', SAMEORIGIN = 'self'); default DENY.
             */
            'frame-options': schemas/* enum */.k5n(['DENY', 'SAMEORIGIN']).optional(),
            'cross-origin-opener-policy': schemas/* enum */.k5n(['same-origin', 'same-origin-allow-popups', 'unsafe-none'])
                .default('same-origin'),
            'cross-origin-resource-policy': schemas/* enum */.k5n(['same-origin', 'same-site', 'cross-origin'])
                .default('same-origin'),
            /**
             * Headers the app may set itself, per response (e.g. a CSP with nonces): the app's value wins and
             * the proxy sends the spec's only when the app sent none. Every other security header is the
             * spec's: the proxy drops the app's copy, so a response never carries two.
             */
            'from-app': schemas/* array */.YOg(schemas/* enum */.k5n([
                'content-security-policy',
                'x-frame-options',
                'referrer-policy',
                'permissions-policy',
                'cross-origin-opener-policy',
                'cross-origin-resource-policy',
            ]))
                .default([]),
        })
            .strict()
            .prefault({}),
        routes: schemas/* array */.YOg(routeSchema).default([]),
        /** What paths no route names get: the app (default) or 404. */
        'other-paths': schemas/* enum */.k5n(['app', 'deny']).default('app'),
        'max-body': size.default('10m'),
        /** Default proxy read/send timeout, seconds; defaults to gunicorn.timeout + 5, so Gunicorn answers first. */
        timeout: seconds(1, 3600).optional(),
        /** Compress static files (precompressed .gz/.zst files first) and, with compress-app, the app's responses. */
        gzip: schemas/* boolean */.zMY().default(true),
        /**
         * Compress the app's own responses too. Off by default: compressing a page that carries a secret (a
         * CSRF token, a session value) next to text an attacker can make the page reflect lets the attacker
         * read the secret from the compressed size (BREACH). Turn it on when the app's responses carry no
         * secrets, or when it masks them per response (Django does for its CSRF token).
         */
        'compress-app': schemas/* boolean */.zMY().default(false),
        /**
         * Add the cookie flags the app left out (Secure, HttpOnly, SameSite=Lax) to every Set-Cookie from the
         * app. Off by default: it also covers cookies the app's JavaScript must read.
         */
        'cookie-flags': schemas/* boolean */.zMY().default(false),
        /**
         * keel's catch-all server for names no site serves: unknown SNI fails the TLS handshake, unknown Host and
         * plain HTTP for other names get the connection closed, never the app or a redirect. On Nginx it is also
         * the server the TLS protocol versions come from. Turn off only when another site on the host is
         * the default server on purpose.
         */
        'default-server': schemas/* boolean */.zMY().default(true),
        /**
         * The proxy software on the hosts, so the files use what it supports (like Mozilla's configuration
         * generator): `http2 on;` from Nginx 1.25.1, the X25519MLKEM768 key exchange from OpenSSL 3.5 and Caddy
         * 2.10. Defaults: Debian 12's. ssh-deploy warns when a host runs newer versions than these.
         */
        versions: schemas/* object */.Ikc({
            nginx: version.default('1.22'),
            openssl: version.default('3.0'),
            caddy: version.default('2.6'),
        })
            .strict()
            .prefault({}),
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
    /** Processes beside the app, by name (`worker`, `beat`): see processSchema. */
    processes: schemas/* record */.g1P(schemas/* string */.YjP().regex(NAME, 'must be 2-32 lower-case letters, digits or -, starting with a letter'), processSchema)
        .default({}),
    /** The host firewall (ufw): see firewallSchema. Absent: keel leaves the firewall alone. */
    firewall: firewallSchema.optional(),
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
/** A path as the spec (or any JSON document) names it: `proxy.routes[1].path`. */
function fieldName(path) {
    return path.reduce((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc === '' ? String(k) : `${acc}.${String(k)}`), '');
}
const EXPECTED = {
    number: 'a number',
    int: 'a whole number',
    string: 'text',
    boolean: 'true or false',
    array: 'a list',
    object: 'a mapping (field: value)',
};
/** What the spec holds at a path (before defaults), for saying what was found instead. */
function valueAt(raw, path) {
    let cur = raw;
    for (const k of path) {
        if (cur === null || typeof cur !== 'object')
            return undefined;
        cur = cur[k];
    }
    return cur;
}
function describeFound(value, secret) {
    if (value === null)
        return 'an empty value';
    if (Array.isArray(value))
        return 'a list';
    if (typeof value === 'object')
        return 'a mapping';
    // Environment values may be secrets: only their type is named.
    if (secret)
        return typeof value === 'string' ? 'text' : typeof value === 'number' ? 'a number' : 'true or false';
    if (typeof value === 'string') {
        const shown = value.length > 40 ? `${value.slice(0, 40)}...` : value;
        return `the text ${JSON.stringify(shown)}`;
    }
    return `${typeof value === 'number' ? 'the number ' : ''}${String(value)}`;
}
/** Expectations of a type or union issue, in words: `a whole number`, `auto`. */
function expectations(issue) {
    if (issue.code === 'invalid_type')
        return [EXPECTED[issue.expected] ?? issue.expected];
    if (issue.code === 'invalid_value' && 'values' in issue)
        return issue.values.map((v) => String(v));
    if (issue.code === 'invalid_union')
        return issue.errors.flatMap((e) => e.flatMap(expectations));
    return [];
}
function issueMessage(issue, raw) {
    if (issue.code === 'unrecognized_keys') {
        return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
    }
    // A map's key that breaks its rule (a process name): the rule's own message.
    if (issue.code === 'invalid_key')
        return issue.issues[0]?.message ?? issue.message;
    const found = valueAt(raw, issue.path);
    const secret = issue.path[0] === 'app' && issue.path[1] === 'environment';
    if (issue.code === 'invalid_type' || issue.code === 'invalid_union') {
        if (found === undefined)
            return 'is required';
        const want = [...new Set(expectations(issue))];
        const numeric = typeof found === 'string' &&
            found.trim() !== '' &&
            !Number.isNaN(Number(found)) &&
            want.some((w) => /number/.test(w));
        return (`must be ${want.join(' or ') || 'something else'}, not ${describeFound(found, secret)}` +
            (numeric ? ' (write it without quotes)' : ''));
    }
    if (issue.code === 'invalid_value' && 'values' in issue) {
        return `must be one of: ${issue.values.map((v) => String(v)).join(', ')}, not ${describeFound(found, secret)}`;
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
    // Framing: X-Frame-Options and the CSP's frame-ancestors must say the same thing.
    const headers = spec.proxy.headers;
    const ancestors = (0,render_headers/* frameAncestors */.cL)(headers['content-security-policy']);
    if (headers['frame-options'] && ancestors !== undefined) {
        const said = (0,render_headers/* frameOptionsFor */.Jt)(ancestors);
        if (said !== headers['frame-options'])
            errors.push({
                field: 'proxy.headers.frame-options',
                message: `${headers['frame-options']} contradicts frame-ancestors ${ancestors} in proxy.headers.content-security-policy: give one of them (keel derives the other)`,
            });
    }
    if (ancestors !== undefined &&
        (0,render_headers/* frameOptionsFor */.Jt)(ancestors) === undefined &&
        !headers['from-app'].includes('x-frame-options'))
        warnings.push({
            field: 'proxy.headers.content-security-policy',
            message: `frame-ancestors ${ancestors} cannot be said with X-Frame-Options (only 'none' and 'self' can): browsers without CSP level 2 get no framing protection`,
        });
    const v = spec.proxy.versions;
    if (spec.proxy.server === 'nginx' && !(0,versions/* versionAtLeast */.zy)(v.nginx, '1.19.4'))
        errors.push({
            field: 'proxy.versions.nginx',
            message: `is ${v.nginx}; keel's sites need Nginx 1.19.4 or newer (ssl_reject_handshake, proxy_cookie_flags)`,
        });
    if (spec.proxy.server === 'nginx' && tls.profile === 'modern' && !spec.proxy['default-server'])
        warnings.push({
            field: 'proxy.default-server',
            message: "is off: Nginx takes the TLS protocol versions from the default server on :443, so the modern profile's TLS 1.3-only holds only if that server allows no more (keel still limits TLS 1.2 to the profile's AEAD suites)",
        });
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
    // Processes: a command keel can run without a shell; a singleton is one process.
    for (const [name, p] of Object.entries(spec.processes)) {
        const f = `processes.${name}`;
        try {
            (0,command/* splitCommand */.G)(p.command);
        }
        catch (e) {
            if (!(e instanceof command/* CommandError */.Q))
                throw e;
            errors.push({ field: `${f}.command`, message: e.message });
        }
        if (p.singleton && p.instances > 1)
            errors.push({
                field: `${f}.instances`,
                message: `is ${p.instances} but singleton: true runs exactly one (drop instances or singleton)`,
            });
    }
    // Firewall: ports, protocols and sources that parse, each port once, SSH never narrowed.
    if (spec.firewall)
        errors.push(...(0,firewall/* firewallRules */.k3)(spec.firewall).problems);
    return { errors, warnings };
}
function lineOf(doc, counter, path) {
    for (let n = path.length; n > 0; n--) {
        // A mapping's field is on its key's line (its value may start on the next one: a nested mapping).
        const parent = n > 1 ? doc.getIn(path.slice(0, n - 1), true) : doc.contents;
        if ((0,dist/* isMap */.jh)(parent)) {
            const pair = parent.items.find((it) => it.key?.value === path[n - 1]);
            const keyNode = pair?.key;
            if (keyNode?.range)
                return counter.linePos(keyNode.range[0]).line;
        }
        const node = doc.getIn(path.slice(0, n), true);
        if (node && node.range)
            return counter.linePos(node.range[0]).line;
    }
    return undefined;
}
/** The path of the mapping key or sequence item at `offset` in the YAML text ([] when none). */
function pathAt(node, offset, path = []) {
    const inside = (n) => {
        const r = n?.range;
        return r !== undefined && offset >= r[0] && offset < r[2];
    };
    if ((0,dist/* isMap */.jh)(node)) {
        for (const item of node.items) {
            const key = item.key?.value;
            if (inside(item.key))
                return [...path, String(key)];
            if (inside(item.value))
                return pathAt(item.value, offset, [...path, String(key)]);
        }
    }
    else if ((0,dist/* isSeq */.oP)(node)) {
        for (const [i, item] of node.items.entries())
            if (inside(item))
                return pathAt(item, offset, [...path, i]);
    }
    return path;
}
/** Parses a spec from YAML text (and input overrides already merged in); throws SpecError with every problem. */
function loadSpec(text, file = 'keel.yml', overrides = {}) {
    const counter = new dist/* LineCounter */.HN();
    const doc = (0,dist/* parseDocument */.Tp)(text, { lineCounter: counter, prettyErrors: true, uniqueKeys: true });
    if (doc.errors.length > 0) {
        throw new SpecError(doc.errors.map((e) => ({
            // A duplicate key names its field; other YAML errors have none.
            field: (e.code === 'DUPLICATE_KEY' && fieldName(pathAt(doc.contents, e.pos[0]))) || '(yaml)',
            message: e.code === 'DUPLICATE_KEY' ? 'is given twice' : e.message.split('\n')[0],
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
                message: issueMessage(issue, raw),
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


/***/ }),

/***/ 2595:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bp: () => (/* binding */ BINS),
/* harmony export */   N2: () => (/* binding */ nginxAccessLog),
/* harmony export */   NI: () => (/* binding */ watchTarget),
/* harmony export */   UK: () => (/* binding */ readCommand),
/* harmony export */   Wb: () => (/* binding */ binUpper),
/* harmony export */   ZH: () => (/* binding */ TAIL),
/* harmony export */   uA: () => (/* binding */ parseRead)
/* harmony export */ });
/* unused harmony exports AGGREGATOR, routeTable */
/* harmony import */ var _remote_quote_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4414);
/**
 * Reading the proxy's access log on a host, streamed and bounded: the log is never copied off the host. A small
 * Python program (python3 is on every keel host: the check requires it) runs ON THE HOST, reads the log from a
 * byte offset with `tail -c +N` (through the one sudo rule render-config writes for it when the deploy user may
 * not read the file), and sends back only per-bucket, per-route aggregates: request and 5xx counts and a
 * latency histogram. Its memory is bounded by buckets x routes x histogram bins, whatever the traffic.
 *
 * The same program reads Nginx's keel log format (one JSON object a line, see nginx.ts) and Caddy's JSON access
 * log. Lines it cannot read (garbage, a line over 64 KiB, a half-written last line) are counted, never fatal.
 * Non-UTF-8 bytes are replaced, never trusted. Health paths, static and deny routes and bots (a User-Agent
 * holding bot, crawler or spider) are counted apart and left out of the figures.
 */

/** Histogram bins: bin 0 is under 1 ms; bin i >= 1 ends at 1 ms x 2^(i/4) (19% wide), the last is open. */
const BINS = 70;
const binUpper = (i) => 0.001 * 2 ** (i / 4);
/** The program run on the host. argv[1]: JSON {from, to, bucket, routes: [[base, exact, counted]], health}. */
const AGGREGATOR = String.raw `
import sys, json, math, re
cfg = json.loads(sys.argv[1])
t0 = float(cfg["from"]); t1 = float(cfg["to"]); bucket = float(cfg["bucket"])
routes = cfg["routes"]; health = set(cfg["health"]); bins = int(cfg["bins"])
bot = re.compile(r"bot|crawler|spider", re.I)
cells = {}
st = {"lines": 0, "bad": 0, "health": 0, "static": 0, "bot": 0, "outside": 0}
def route_of(u):
    best = -1; n = -1
    for i, (base, exact, counted) in enumerate(routes):
        if (u == base if exact else u.startswith(base)) and len(base) > n:
            best = i; n = len(base)
    return best
def binof(x):
    if x < 0.001: return 0
    return min(bins - 1, int(math.floor(4 * math.log2(x / 0.001))) + 1)
def field(d):
    if "request" in d and isinstance(d["request"], dict):
        rq = d["request"]; h = rq.get("headers") or {}
        ua = h.get("User-Agent") or [""]
        ua = ua[0] if isinstance(ua, list) and ua else str(ua)
        return float(d["ts"]), int(d["status"]), float(d["duration"]), str(rq.get("uri", "")).split("?")[0], str(ua)
    return float(d["t"]), int(d["s"]), float(d["rt"]), str(d["u"]).split("?")[0], str(d.get("ua", ""))
inp = sys.stdin.buffer
while True:
    line = inp.readline(65536)
    if not line: break
    st["lines"] += 1
    if not line.endswith(b"\n"):
        st["bad"] += 1
        while line and not line.endswith(b"\n"): line = inp.readline(65536)
        continue
    try:
        d = json.loads(line.decode("utf-8", "replace"))
        t, s, rt, u, ua = field(d)
        if not (math.isfinite(t) and math.isfinite(rt)) or s < 100 or s > 999 or rt < 0: raise ValueError
    except Exception:
        st["bad"] += 1; continue
    if t < t0 or t >= t1: st["outside"] += 1; continue
    if u in health: st["health"] += 1; continue
    r = route_of(u)
    if r < 0 or not routes[r][2]: st["static"] += 1; continue
    if bot.search(ua): st["bot"] += 1; continue
    k = (int((t - t0) // bucket), r)
    c = cells.get(k)
    if c is None: c = cells[k] = [0, 0, {}]
    c[0] += 1
    if s >= 500: c[1] += 1
    b = binof(rt); c[2][b] = c[2].get(b, 0) + 1
print(json.dumps({"stats": st, "cells": [[k[0], k[1], v[0], v[1], v[2]] for k, v in sorted(cells.items())]}))
`;
const TAIL = '/usr/bin/tail';
/** Where keel's Nginx site writes its access log (keel's own format). */
const nginxAccessLog = (app) => `/var/log/nginx/${app}.access.log`;
/** The route table as the host program matches it: app routes are counted, static and deny routes are not. */
function routeTable(routes, health) {
    return {
        routes: routes.map((r) => [r.base, r.match === 'exact', r.to === 'app']),
        health,
    };
}
function watchTarget(r) {
    const h = r.spec.health;
    return {
        log: nginxAccessLog(r.name),
        ...routeTable(r.routes, [h.liveness, h.readiness, h.version]),
        thresholds: { ratio: r.spec.alerts['5xx-ratio'], p95: r.spec.alerts['latency-p95-seconds'] },
    };
}
/**
 * The host command: prints `INODE SIZE HOSTTIME` (the file as it is now, and the host's clock), then one line of
 * aggregates as JSON. Without `since`, it reads the last `maxBytes` of the file (the baseline). With `since`, it
 * reads from that mark: the same file from the offset; after a rotation (another inode, or a shorter file), the
 * rest of the rotated file (`.1`, when it is that inode) and then the new file from its start.
 */
function readCommand(file, config, since, maxBytes = 64 << 20) {
    const cfg = JSON.stringify({ ...config, bins: BINS });
    return (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .script */ .K$)((0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_0__.sh) `f=${file}; cfg=${cfg}; py=${AGGREGATOR}; max=${maxBytes}`, (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_0__.sh) `mark_inode=${since?.inode ?? ''}; mark_size=${since?.size ?? -1}`, 
    // Read FILE from byte N (1-based) to its end: directly when the deploy user may, else through the sudo rule.
    (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .raw */ .lS)(`rd() { if [ -r "$1" ]; then ${TAIL} -c "+$2" "$1"; else sudo -n ${TAIL} -c "+$2" "$1"; fi; }`), (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .raw */ .lS)(`now=$(date +%s.%N)`), (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .raw */ .lS)(`set -- $(stat -Lc '%i %s' "$f" 2>/dev/null || echo '0 0'); inode=$1; size=$2`), (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .raw */ .lS)(`echo "$inode $size $now"`), (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .raw */ .lS)(`src() {
  [ "$inode" = 0 ] && return 0
  if [ "$mark_size" -lt 0 ]; then
    start=$(( size > max ? size - max + 1 : 1 )); rd "$f" "$start"
  elif [ "$inode" = "$mark_inode" ] && [ "$size" -ge "$mark_size" ]; then
    rd "$f" $(( mark_size + 1 ))
  else
    old=$(stat -Lc %i "$f.1" 2>/dev/null || true)
    if [ "$old" = "$mark_inode" ]; then rd "$f.1" $(( mark_size + 1 )); else echo 'keel: rotated, earlier lines lost' >&2; fi
    rd "$f" 1
  fi
}`), (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .raw */ .lS)(`src | python3 -I -c "$py" "$cfg"`));
}
function parseRead(stdout) {
    const [head, body] = stdout.trim().split('\n', 2);
    const m = /^(\d+) (\d+) (\d+(?:\.\d+)?)$/.exec(head ?? '');
    if (!m || !body)
        throw new Error(`unexpected answer from the log reader: ${JSON.stringify(stdout.slice(0, 200))}`);
    const data = JSON.parse(body);
    return { mark: { inode: m[1], size: Number(m[2]) }, hostTime: Number(m[3]), ...data };
}


/***/ })

};
