export const id = 168;
export const ids = [168];
export const modules = {

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
/* harmony import */ var _watch_read_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(2595);






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
            // Caddy rolls the log itself (100 MiB, renamed to <name>-<time>.log, same inode); uncompressed, so the
            // watch can finish a rolled file from its offset (a gzip would be a new file); 5 kept: at most 600 MiB.
            `log {`,
            `    output file ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .caddyString */ .Vk)((0,_watch_read_js__WEBPACK_IMPORTED_MODULE_5__/* .caddyAccessLog */ .gZ)(r.name))} {`,
            '        roll_size 100MiB',
            '        roll_keep 5',
            '        roll_uncompressed',
            '    }',
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
                        // A singleton (Celery beat) must run on exactly one host: none means no schedule fires at all,
                        // two means every schedule fires twice. Summed over the whole fleet (every instance label);
                        // `absent` covers the case where no host reports the unit at all.
                        ...(p.singleton
                            ? [
                                rule(`${pascal(app)}${pascal(p.name)}NotRunning`, `sum(node_systemd_unit_state{name=~"${units}",state="active"}) < 1 or absent(node_systemd_unit_state{name=~"${units}",state="active"} == 1)`, '5m', 'critical', `${app}'s ${p.name} (a singleton) is not running on any host: nothing it schedules runs`),
                                rule(`${pascal(app)}${pascal(p.name)}RunningTwice`, `sum(node_systemd_unit_state{name=~"${units}",state="active"}) > 1`, '2m', 'critical', `${app}'s ${p.name} (a singleton) is active on {{ $value }} units: what it schedules runs more than once`),
                            ]
                            : []),
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
    // supervisor: node_exporter's systemd collector knows nothing of its programs; only the HTTP and certificate
    // alerts apply (src/appspec/process-manager.ts warns when the spec sets a systemd-only threshold).
    if (r.spec['process-manager'] === 'supervisor')
        doc.groups = doc.groups.filter((g) => !g.name.endsWith('-systemd'));
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

// EXTERNAL MODULE: ./src/render/supervisor.ts
var supervisor = __webpack_require__(6076);
;// CONCATENATED MODULE: ./src/render/logrotate.ts
/** logrotate rules for file logs (pure): new files owned by the app, USR1 to the Gunicorn master to reopen. */


function renderLogrotate(r) {
    if ((0,supervisor/* usesSupervisor */.Vb)(r))
        return (0,supervisor/* renderSupervisorLogrotate */._O)(r);
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
    if ((0,supervisor/* usesSupervisor */.Vb)(r)) {
        // supervisor programs instead of systemd units: the app, then each process, and the exec wrapper.
        add({
            ...root,
            mode: '0755',
            name: `supervisor/${r.name}-exec`,
            kind: 'supervisor-exec',
            install: (0,supervisor/* supervisorExecPath */.X$)(r),
            onChange: 'none',
        }, (0,supervisor/* renderSupervisorExec */.so)(r));
        for (const p of (0,supervisor/* supervisorPrograms */.A4)(r))
            add({
                ...root,
                name: `supervisor/${p.program}.conf`,
                kind: 'supervisor-program',
                install: p.install,
                onChange: 'supervisor-update',
            }, (0,supervisor/* renderSupervisorProgram */.Fo)(r, p));
    }
    if (!(0,supervisor/* usesSupervisor */.Vb)(r))
        add({
            ...root,
            name: `systemd/${r.units.service}`,
            kind: 'systemd-service',
            install: `/etc/systemd/system/${r.units.service}`,
            onChange: 'daemon-reload',
        }, (0,systemd/* renderService */.is)(r));
    if (r.units.socket && !(0,supervisor/* usesSupervisor */.Vb)(r)) {
        add({
            ...root,
            name: `systemd/${r.units.socket}`,
            kind: 'systemd-socket',
            install: `/etc/systemd/system/${r.units.socket}`,
            onChange: 'daemon-reload',
        }, (0,systemd/* renderSocket */.K8)(r));
    }
    if (!(0,supervisor/* usesSupervisor */.Vb)(r))
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
        watch: (0,read/* watchTarget */.NI)(r),
        ...((0,supervisor/* usesSupervisor */.Vb)(r) ? { processManager: 'supervisor' } : {}),
        processes: (0,supervisor/* usesSupervisor */.Vb)(r)
            ? (0,supervisor/* supervisorPrograms */.A4)(r).flatMap((p) => p.process === undefined
                ? []
                : [
                    {
                        name: p.process,
                        units: p.names,
                        stopTimeout: p.stopTimeout,
                        singleton: p.singleton,
                        ...(p.singletonHost !== undefined ? { singletonHost: p.singletonHost } : {}),
                        program: p.program,
                    },
                ])
            : (0,processes/* processUnits */.HX)(r).map(({ name, units, stopTimeout, singleton, singletonHost }) => ({
                name,
                units,
                stopTimeout,
                singleton,
                ...(singletonHost !== undefined ? { singletonHost } : {}),
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
/* harmony import */ var _appspec_command_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9029);
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
        const words = (0,_appspec_command_js__WEBPACK_IMPORTED_MODULE_0__/* .splitCommand */ .G)(p.command);
        const base = `${r.name}-${name}`;
        return {
            name,
            template: `${base}@.service`,
            units: Array.from({ length: p.instances }, (_, i) => `${base}@${i + 1}.service`),
            argv: words[0].startsWith('/') ? words : [ENV, ...words],
            stopTimeout: p['stop-timeout'],
            singleton: p.singleton,
            ...(p['singleton-host'] !== undefined ? { singletonHost: p['singleton-host'] } : {}),
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
/* harmony import */ var _processes_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(5637);
/* harmony import */ var _supervisor_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6076);
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
    if ((0,_supervisor_js__WEBPACK_IMPORTED_MODULE_3__/* .usesSupervisor */ .Vb)(r)) {
        // supervisor: src/releases/supervisor.ts and src/reload/supervisor.ts (exact program names only).
        for (const [program, args] of (0,_supervisor_js__WEBPACK_IMPORTED_MODULE_3__/* .supervisorSudo */ .ql)(r))
            literal(program, ...args);
    }
    else {
        literal(P.systemctl, 'daemon-reload');
        const service = r.units.service;
        for (const unit of [service, ...(r.units.socket ? [r.units.socket] : [])]) {
            literal(P.systemctl, 'enable', unit);
            literal(P.systemctl, 'restart', unit);
        }
        for (const p of (0,_processes_js__WEBPACK_IMPORTED_MODULE_4__/* .processUnits */ .HX)(r))
            for (const unit of p.units)
                // A singleton is stopped and disabled on every host but the one it runs on.
                for (const verb of ['reset-failed', 'enable', 'restart', ...(p.singleton ? ['disable', 'stop'] : [])])
                    // Restart and stop are queued (`--no-block`): no command waits on the host through a warm shutdown.
                    literal(P.systemctl, ...(verb === 'restart' || verb === 'stop' ? [verb, '--no-block'] : [verb]), unit);
        literal(P.systemctl, 'reload', service);
        literal(P.systemctl, 'reset-failed', service);
        for (const sig of ['TTIN', 'TTOU'])
            literal(P.systemctl, 'kill', '-s', sig, '--kill-whom=main', service);
        literal(P.journalctl, '-u', service, '-n', '15', '--no-pager', '-o', 'cat');
    }
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
        // The watch: the site's own access log and its rolled files from a byte offset, nothing else.
        const log = (0,_watch_read_js__WEBPACK_IMPORTED_MODULE_1__/* .caddyAccessLog */ .gZ)(r.name).replace(/\.log$/, '');
        regex(P.tail, '-c', '\\+[0-9]+', `${(0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .sudoersRegexLiteral */ .wk)(log)}(${_watch_read_js__WEBPACK_IMPORTED_MODULE_1__/* .CADDY_ROLLED */ .Nf})?${(0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .sudoersRegexLiteral */ .wk)('.log')}`);
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

/***/ 2595:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bp: () => (/* binding */ BINS),
/* harmony export */   N2: () => (/* binding */ nginxAccessLog),
/* harmony export */   NI: () => (/* binding */ watchTarget),
/* harmony export */   Nf: () => (/* binding */ CADDY_ROLLED),
/* harmony export */   Wb: () => (/* binding */ binUpper),
/* harmony export */   ZH: () => (/* binding */ TAIL),
/* harmony export */   gZ: () => (/* binding */ caddyAccessLog),
/* harmony export */   readCommand: () => (/* binding */ readCommand),
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
from urllib.parse import unquote
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
        # Caddy: the raw request URI (percent-encoded, with the query); Nginx's $uri is decoded already.
        return float(d["ts"]), int(d["status"]), float(d["duration"]), unquote(str(rq["uri"]).split("?")[0]), str(ua)
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
/**
 * Where keel's Caddy site writes its JSON access log. Caddy rolls it itself (no logrotate, no reopen signal):
 * the full file is renamed to `<app>.access-<UTC time>.log` (same inode) and a new one started; keel's site
 * turns the rolled files' compression off, so the reader can finish a rolled file from its offset.
 */
const caddyAccessLog = (app) => `/var/log/caddy/${app}.access.log`;
/** The file names a rolled Caddy log gets: `-` and the time, `2006-01-02T15-04-05.000` (lumberjack's). */
const CADDY_ROLLED = '-[0-9T.-]+';
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
        log: r.spec.proxy.server === 'caddy' ? caddyAccessLog(r.name) : nginxAccessLog(r.name),
        ...routeTable(r.routes, [h.liveness, h.readiness, h.version]),
        thresholds: { ratio: r.spec.alerts['5xx-ratio'], p95: r.spec.alerts['latency-p95-seconds'] },
    };
}
/**
 * The host command: prints `INODE SIZE HOSTTIME` (the file as it is now, and the host's clock), then one line of
 * aggregates as JSON. Without `since`, it reads the last `maxBytes` of the file (the baseline). With `since`, it
 * reads from that mark: the same file from the offset; after a rotation (another inode, or a shorter file), the
 * rest of the rotated file (the one that still has the mark's inode: `.1` after logrotate, `<name>-<time>.log`
 * after Caddy's own roll) and then the new file from its start. Rolled more than once since the mark: the files
 * between are not read, and the reader says so.
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
    old=
    for g in "$f.1" "\${f%.log}"-*.log; do
      if [ "$g" != "$f" ] && [ "$(stat -Lc %i "$g" 2>/dev/null || true)" = "$mark_inode" ]; then old=$g; break; fi
    done
    if [ -n "$old" ]; then rd "$old" $(( mark_size + 1 )); else echo 'keel: rotated, earlier lines lost' >&2; fi
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
