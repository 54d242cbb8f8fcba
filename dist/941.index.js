export const id = 941;
export const ids = [941];
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
/* harmony import */ var _reload_graceful_inputs_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(118);
/* harmony import */ var _smoke_check_inputs_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3275);
/* harmony import */ var _common_time_limit_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9562);






/**
 * The stages in the order they run. With `reload` skipped, the deploy stage reloads the service itself
 * (ssh-deploy's `reload-unit`: a plain `systemctl reload`, unproved). `watch` runs only with a `watch` window.
 */
const STAGES = ['render', 'deploy', 'reload', 'smoke', 'watch'];
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
    'reload-strategy': {
        kind: 'choice',
        choices: ['systemd', 'rolling', 'socket', 'restart'],
        default: 'rolling',
        description: "How the reload stage reloads the spec's service: `rolling` (the same master, workers replaced one at a time: no wait while they boot; HUP when the release changes gunicorn.conf.py), `systemd` (HUP: every worker at once; requests wait while the new ones boot), `socket` (restart behind the socket unit), `restart` (drops requests). Each is proved by the new worker generation, readiness and the deployed release on the version path.",
    },
    'reload-timeout': {
        ..._reload_graceful_inputs_js__WEBPACK_IMPORTED_MODULE_3__.inputs.timeout,
        description: 'How long the new workers (and each health gate) may take in the reload stage.',
    },
    rollback: {
        ..._reload_graceful_inputs_js__WEBPACK_IMPORTED_MODULE_3__.inputs.rollback,
        description: 'When the reload stage fails: switch `current` back to the previous release, reload onto it and confirm health.',
    },
    ...pick(_reload_graceful_inputs_js__WEBPACK_IMPORTED_MODULE_3__.inputs, ['load-url', 'load-address', 'load-rate', 'load-window', 'max-failed-requests']),
    url: {
        ..._smoke_check_inputs_js__WEBPACK_IMPORTED_MODULE_4__.inputs.url,
        required: false,
        description: "The site to smoke-check. Default: `https://` and the spec's first domain.",
    },
    ...pick(_smoke_check_inputs_js__WEBPACK_IMPORTED_MODULE_4__.inputs, ['address', 'ca']),
    endpoints: {
        kind: 'list',
        description: "Paths to smoke-check, one a line, each with the statuses that pass. Default: the spec's health paths (liveness, readiness, version).",
    },
    ...pick(_smoke_check_inputs_js__WEBPACK_IMPORTED_MODULE_4__.inputs, ['expect']),
    'expected-version': {
        ..._smoke_check_inputs_js__WEBPACK_IMPORTED_MODULE_4__.inputs['expected-version'],
        description: 'The release id the site must report. Default: the release the deploy stage deployed.',
    },
    'smoke-timeout': _smoke_check_inputs_js__WEBPACK_IMPORTED_MODULE_4__.inputs.timeout,
    'smoke-deadline': _smoke_check_inputs_js__WEBPACK_IMPORTED_MODULE_4__.inputs.deadline,
    ...pick(_smoke_check_inputs_js__WEBPACK_IMPORTED_MODULE_4__.inputs, [
        'min-cert-days',
        'check-tls',
        'check-headers',
        'min-grade',
        'latency-requests',
        'latency-p95',
        'report-file',
    ]),
    watch: {
        kind: 'duration',
        default: '0',
        maxMs: 3_600_000,
        description: "After the switch, watch the site this long (e.g. `5m`; `0`: off): keel reads the Nginx access log on each host (health paths, static files and bots left out) for the same length before the switch and after it, and rolls the release back when the 5xx ratio or p95 latency breaches the spec's `alerts` thresholds or rises significantly over the baseline (5xx: one-sided two-proportion z-test, p < 0.01; p95: over 2x the baseline's and 100 ms slower). Under 50 requests it says there was not enough traffic to judge (a warning, not a pass). Buckets: a minute from `5m` up, shorter windows about six.",
    },
    ...(0,_common_time_limit_js__WEBPACK_IMPORTED_MODULE_5__/* .timeLimitInput */ .l)('2h'),
};
const outputs = {
    status: '`success` when every stage that ran passed, else `failure`.',
    stages: 'JSON array, one object per stage: name, result (passed, failed, skipped, not run), seconds, key figures.',
    'render-result': 'The render stage: `passed`, `failed`, `skipped` or `not run`.',
    'deploy-result': 'The deploy stage: `passed`, `failed`, `skipped` or `not run`.',
    'reload-result': 'The reload stage: `passed`, `failed`, `skipped` or `not run`.',
    'smoke-result': 'The smoke stage: `passed`, `failed`, `skipped` or `not run`.',
    'watch-result': 'The watch after the switch: `healthy`, `regressed` (rolled back), `not-enough-traffic` (not judged), `error` (a host could not be read) or `off`.',
    'rendered-dir': "The rendered files the deploy used: render's output directory, or `output-dir` when render was skipped and holds them (empty when neither).",
    service: 'The systemd service unit (from the spec).',
    'release-id': 'The release deployed.',
    'previous-release': 'The release that was current before, on the first host.',
    'deployed-hosts': 'Hosts the release went live on, comma-separated.',
    'failed-hosts': 'Hosts the deploy failed on (each keeps or went back to its previous release), comma-separated.',
    'serving-release': 'The release the version path reported after the reload (empty when reload did not run).',
    'rolled-back-hosts': 'Hosts the reload stage rolled back to their previous release, comma-separated.',
    'load-requests': 'Load probe (with `load-url`): requests sent during the reload stage.',
    'load-failed': 'Load probe: failed requests (errors and 5xx).',
    'smoke-passed': '`true` when every smoke check passed (empty when smoke did not run).',
    grade: 'The security-header grade (A+ ... F) smoke-check gave.',
    version: 'The release id the site reports.',
};


/***/ }),

/***/ 1736:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   inputs: () => (/* binding */ inputs),
/* harmony export */   outputs: () => (/* binding */ outputs)
/* harmony export */ });
/* harmony import */ var _common_connection_inputs_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1855);
/* harmony import */ var _common_time_limit_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9562);


/** A path inside the workspace: relative, no `..` segment, not the workspace itself. */
const IN_WORKSPACE = /^(?!\/)(?!(?:.*\/)?\.\.(?:\/|$))(?!\.?\/*$)[^\0\r\n]+$/;
const IN_WORKSPACE_HINT = 'a path inside the workspace (relative, without .. segments)';
const inputs = {
    spec: {
        kind: 'string',
        default: 'deploy/keel.yml',
        pattern: IN_WORKSPACE,
        patternHint: IN_WORKSPACE_HINT,
        description: 'The spec file, relative to the workspace.',
    },
    set: {
        kind: 'list',
        description: 'Overrides of spec fields, one a line: `field.path=value` (the value is read as YAML), e.g. `proxy.server=caddy`.',
    },
    'output-dir': {
        kind: 'string',
        default: '.keel/rendered',
        // It is deleted and written again on each run: never the workspace itself or anything outside it.
        pattern: IN_WORKSPACE,
        patternHint: `${IN_WORKSPACE_HINT}, not the workspace itself`,
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
    ...(0,_common_time_limit_js__WEBPACK_IMPORTED_MODULE_1__/* .timeLimitInput */ .l)('10m'),
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

/***/ 3275:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   inputs: () => (/* binding */ inputs),
/* harmony export */   outputs: () => (/* binding */ outputs)
/* harmony export */ });
/* harmony import */ var _common_time_limit_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9562);

const inputs = {
    url: {
        kind: 'string',
        required: true,
        // No `user:password@`: a URL is shown in logs, outputs and the summary, so credentials in it are refused.
        pattern: /^https?:\/\/[^\s/@]+(\/[^\s]*)?$/,
        patternHint: 'an http(s) URL like https://shop.example.com, without user:password@ (it would be shown in logs)',
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
    timeout: {
        kind: 'duration',
        default: '10s',
        minMs: 100,
        maxMs: 600_000,
        description: 'Time allowed for one request: connect, TLS handshake, headers and body (at most 1 MB read).',
    },
    deadline: {
        kind: 'duration',
        default: '60s',
        minMs: 1000,
        maxMs: 3_600_000,
        description: 'Keep retrying the endpoint checks (exponential backoff with jitter) until they pass or this time is up: waits out a rollout. Requests still in flight then are stopped.',
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
    'latency-p95': {
        kind: 'duration',
        default: '1s',
        minMs: 1,
        description: 'The p95 latency budget per endpoint.',
    },
    'report-file': {
        kind: 'string',
        default: '.keel/smoke-report.json',
        description: 'Where the JSON report is written (relative to the workspace).',
    },
    ...(0,_common_time_limit_js__WEBPACK_IMPORTED_MODULE_0__/* .timeLimitInput */ .l)('15m'),
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

/***/ 2685:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   inputs: () => (/* binding */ inputs),
/* harmony export */   outputs: () => (/* binding */ outputs),
/* harmony export */   state: () => (/* binding */ state)
/* harmony export */ });
/* harmony import */ var _releases_layout_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5262);
/* harmony import */ var _common_connection_inputs_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1855);
/* harmony import */ var _common_time_limit_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9562);



const inputs = {
    ..._common_connection_inputs_js__WEBPACK_IMPORTED_MODULE_1__/* .connectionInputs */ .e,
    mode: {
        kind: 'choice',
        choices: ['deploy', 'rollback', 'check'],
        default: 'deploy',
        description: '`deploy` a new release; `rollback` to the previous good release (or `rollback-to`); `check` every host (host key, login, bash, python3, sudo, systemd, deploy path, free space) without changing anything.',
    },
    'deploy-path': {
        kind: 'string',
        pattern: /^\/(?!.*(?:^|\/)\.\.?(?:\/|$))[A-Za-z0-9._/-]*[A-Za-z0-9._-]$/,
        patternHint: 'an absolute path other than / made of letters, digits, . _ - and / (no .. segments)',
        description: 'Directory on the hosts that holds releases/, current and shared/.',
    },
    'min-free-space': {
        kind: 'integer',
        default: '512',
        min: 0,
        description: 'MiB that must be free on the file system of deploy-path.',
    },
    'require-sudo': {
        kind: 'boolean',
        default: 'false',
        description: 'Fail the check when the SSH user cannot run `sudo -n` (needed to install units and proxy sites).',
    },
    service: {
        kind: 'string',
        pattern: /^[A-Za-z0-9:_.@-]+$/,
        patternHint: 'a systemd unit name',
        description: 'A systemd unit that must be active (its state is reported).',
    },
    source: {
        kind: 'string',
        default: '.',
        pattern: /^(?!\/)(?!(?:.*\/)?\.\.(?:\/|$))[^\0\r\n]+$/,
        patternHint: 'a directory inside the workspace (relative, without .. segments)',
        description: 'The directory to release, relative to the workspace.',
    },
    exclude: {
        kind: 'list',
        itemPattern: /^(?!\/)(?!(?:.*\/)?\.\.(?:\/|$)).+$/,
        itemHint: 'a pattern relative to source (no leading / and no .. segments)',
        description: 'Glob patterns (one a line) of paths not to ship, e.g. `tests/**`. `.git`, `__pycache__` and `*.pyc` are never shipped.',
    },
    'release-id': {
        kind: 'string',
        pattern: _releases_layout_js__WEBPACK_IMPORTED_MODULE_0__/* .RELEASE_ID */ .uX,
        patternHint: 'letters, digits, . _ - (up to 100, not starting with . or -)',
        description: 'The release directory name. Default: UTC time and short commit SHA, e.g. `20261122T234500Z-abc1234` (sortable).',
    },
    shared: {
        kind: 'list',
        description: 'Paths kept across releases in `shared/` and linked into each release, one a line; a trailing `/` marks a directory (e.g. `.env`, `media/`).',
    },
    keep: {
        kind: 'integer',
        default: '5',
        min: 1,
        max: 100,
        description: 'Releases to keep on each host; the current and the previous one are never removed.',
    },
    venv: {
        kind: 'choice',
        choices: ['auto', 'on', 'off'],
        default: 'auto',
        description: 'Build a Python virtualenv (`.venv` in the release) from `requirements.txt`: `auto` when the file exists. Releases with the same requirements share one.',
    },
    'venv-system-site-packages': {
        kind: 'boolean',
        default: 'false',
        description: "Let the virtualenv see the system Python packages (e.g. Debian's python3-* packages).",
    },
    'wheels-dir': {
        kind: 'string',
        pattern: /^\/[A-Za-z0-9._/@+-]*$/,
        patternHint: 'an absolute path on the host',
        description: 'Install from wheels in this directory on the host only (offline: `pip --no-index --find-links`).',
    },
    'pip-args': { kind: 'list', description: 'Extra arguments for `pip install`, one a line.' },
    build: {
        kind: 'text',
        description: 'A bash script run in the new release before it is finished (e.g. collectstatic). A failure fails the deploy; nothing goes live.',
    },
    'before-switch': {
        kind: 'text',
        description: 'A bash script run in the finished release just before the switch (e.g. migrations). A failure fails the deploy; nothing goes live.',
    },
    'after-switch': {
        kind: 'text',
        description: 'A bash script run after the switch. A failure switches back to the previous release.',
    },
    'reload-unit': {
        kind: 'string',
        pattern: /^[A-Za-z0-9:_.@-]+$/,
        patternHint: 'a systemd unit name',
        description: "A systemd unit to `systemctl reload` after the switch (and after a switch back). Proving the reload is reload-graceful's job.",
    },
    'lock-wait': {
        kind: 'duration',
        default: '0s',
        description: "How long to wait for another deploy's lock on a host before failing.",
    },
    'lock-ttl': {
        kind: 'duration',
        default: '30m',
        minMs: 10_000,
        description: 'After this long a lock counts as abandoned (a runner that died) and the next deploy breaks it.',
    },
    'max-parallel': {
        kind: 'integer',
        default: '10',
        min: 1,
        max: 256,
        description: 'Hosts worked on at the same time.',
    },
    'batch-size': {
        kind: 'string',
        default: 'all',
        description: 'Rolling deploys: `all`, a number of hosts, or a percentage (`25%`). A failed batch stops the rollout.',
    },
    'batch-wait': { kind: 'duration', default: '0s', description: 'Pause between batches.' },
    'rollback-to': {
        kind: 'string',
        pattern: _releases_layout_js__WEBPACK_IMPORTED_MODULE_0__/* .RELEASE_ID */ .uX,
        patternHint: 'a release id',
        description: 'With mode `rollback`: the release to return to (default: the newest good one before the current).',
    },
    'rendered-dir': {
        kind: 'string',
        description: "render-config's output directory (its `dir` output): gunicorn.conf.py ships in the release; the host-level files are installed (see `install-config`).",
    },
    'install-config': {
        kind: 'boolean',
        default: 'true',
        description: 'With `rendered-dir`: install the host-level files too (systemd units, the Nginx or Caddy site, logrotate rules) as root through `sudo -n`, only those that changed, checked on the host (`nginx -t`, `caddy validate`, `systemd-analyze verify`, `logrotate -d`) and put back if anything fails.',
    },
    'github-deployment': {
        kind: 'boolean',
        default: 'false',
        description: 'Record the deploy (and rollbacks) as a GitHub Deployment of `environment`: `in_progress`, then `success` with `environment-url`, or `failure`. Needs `permissions: deployments: write`.',
    },
    environment: {
        kind: 'string',
        default: 'production',
        pattern: /^[A-Za-z0-9._ -]{1,255}$/,
        patternHint: 'an environment name',
        description: 'The GitHub environment the deployment is for.',
    },
    'environment-url': {
        kind: 'string',
        pattern: /^https?:\/\/[^\s/@]+(\/\S*)?$/,
        patternHint: 'an http(s) URL without user:password@',
        description: 'The URL shown on the deployment, e.g. `https://shop.example.com`.',
    },
    'github-token': {
        kind: 'string',
        secret: true,
        default: '${{ github.token }}',
        description: 'Token for the Deployments API.',
    },
    watch: {
        kind: 'duration',
        default: '0',
        maxMs: 3_600_000,
        description: "With `rendered-dir` (an Nginx site): after the switch (and `reload-unit`), watch the site this long (e.g. `5m`; `0`: off) in the access log on each host, against the same length before the switch, and switch back to the previous release (reloading `reload-unit`) when the 5xx ratio or p95 latency breaches the spec's `alerts` thresholds or rises significantly (see the root action's `watch`). Under 50 requests: a warning that there was not enough traffic to judge, never a pass.",
    },
    ...(0,_common_time_limit_js__WEBPACK_IMPORTED_MODULE_2__/* .timeLimitInput */ .l)('2h'),
};
const outputs = {
    status: '`success` or `failure`.',
    hosts: 'JSON array, one object per host (check: checks and facts; deploy: release, previous, files sent, bytes; rollback: from, to).',
    'failed-hosts': 'Hosts that failed, comma-separated (empty when all passed).',
    'release-id': 'The release deployed (deploy) or returned to (rollback).',
    'previous-release': 'The release that was current before, on the first host.',
    'uploaded-bytes': 'Compressed bytes sent, all hosts together.',
    'deployment-id': 'The GitHub deployment id, when `github-deployment` is on.',
    'watch-result': 'With `watch`: `healthy`, `regressed` (switched back), `not-enough-traffic` (not judged), `error` (a host could not be read); `off` without it.',
};
/** Saved for the post step: the locks held (and where), so they are released even when the job is cancelled. */
const state = { locks: 'locks', deployPath: 'deploy-path' };


/***/ })

};
