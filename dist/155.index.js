export const id = 155;
export const ids = [155];
export const modules = {

/***/ 155:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  main: () => (/* binding */ main)
});

// UNUSED EXPORTS: packageRoot

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(3136);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
;// CONCATENATED MODULE: ./src/runner/commands.ts
/**
 * The GitHub runner's side of the action protocol: workflow commands on stdout (`::error ...::msg`),
 * file commands (GITHUB_OUTPUT, GITHUB_STATE, GITHUB_ENV, GITHUB_PATH) and secret masking, parsed the
 * way actions/runner does, so a local run shows what a real run would.
 */
function unescapeData(s) {
    return s.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%25/g, '%');
}
function unescapeProperty(s) {
    return s
        .replace(/%0D/gi, '\r')
        .replace(/%0A/gi, '\n')
        .replace(/%3A/gi, ':')
        .replace(/%2C/gi, ',')
        .replace(/%25/g, '%');
}
/** Parses one `::command k=v,k2=v2::data` line, or returns undefined for an ordinary log line. */
function parseCommand(line) {
    const m = /^::([A-Za-z0-9_-]+)(?: ([^:]*))?::(.*)$/s.exec(line);
    if (!m)
        return undefined;
    const properties = {};
    for (const pair of (m[2] ?? '').split(',')) {
        const i = pair.indexOf('=');
        if (i > 0)
            properties[pair.slice(0, i).trim()] = unescapeProperty(pair.slice(i + 1));
    }
    return { command: m[1], properties, data: unescapeData(m[3] ?? '') };
}
/** Parses a file-command file: `name=value` lines and `name<<DELIMITER` heredocs. */
function parseFileCommands(text, what) {
    const out = {};
    const lines = text.split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
        const line = lines[i];
        if (line === '')
            continue;
        const heredoc = line.indexOf('<<');
        const equals = line.indexOf('=');
        if (heredoc > 0 && (equals < 0 || heredoc < equals)) {
            const name = line.slice(0, heredoc);
            const delimiter = line.slice(heredoc + 2);
            const value = [];
            let closed = false;
            for (i++; i < lines.length; i++) {
                if (lines[i] === delimiter) {
                    closed = true;
                    break;
                }
                value.push(lines[i]);
            }
            if (!closed)
                throw new Error(`${what}: no closing delimiter '${delimiter}' for '${name}'`);
            out[name] = value.join('\n');
        }
        else if (equals > 0) {
            out[line.slice(0, equals)] = line.slice(equals + 1);
        }
        else {
            throw new Error(`${what}: malformed line ${JSON.stringify(line)}`);
        }
    }
    return out;
}
/** Replaces every registered secret in a text with ***, longest first, as the runner's masker does. */
function maskText(text, secrets) {
    let out = text;
    for (const s of [...secrets].filter((v) => v !== '').sort((a, b) => b.length - a.length)) {
        out = out.split(s).join('***');
    }
    return out;
}
/**
 * Folds a process's output lines into what the runner shows: log lines (masked), annotations, masks and
 * groups. Handles `::stop-commands::TOKEN` ... `::TOKEN::` as the runner does.
 */
class CommandProcessor {
    onLine;
    log = [];
    annotations = [];
    masks = new Set();
    debug = [];
    runnerWarnings = [];
    stopToken;
    constructor(onLine) {
        this.onLine = onLine;
    }
    emit(line) {
        const shown = maskText(line, this.masks);
        this.log.push(shown);
        this.onLine?.(shown);
    }
    line(raw) {
        const cmd = parseCommand(raw);
        if (this.stopToken !== undefined) {
            if (cmd && cmd.command === this.stopToken)
                this.stopToken = undefined;
            else
                this.emit(raw);
            return;
        }
        if (!cmd)
            return this.emit(raw);
        switch (cmd.command) {
            case 'add-mask':
                this.masks.add(cmd.data);
                if (cmd.data.includes('\n'))
                    for (const l of cmd.data.split('\n'))
                        if (l !== '')
                            this.masks.add(l);
                return;
            case 'error':
            case 'warning':
            case 'notice': {
                const message = maskText(cmd.data, this.masks);
                const properties = Object.fromEntries(Object.entries(cmd.properties).map(([k, v]) => [k, maskText(v, this.masks)]));
                this.annotations.push({ level: cmd.command, message, properties });
                this.emit(`${cmd.command === 'error' ? 'Error' : cmd.command === 'warning' ? 'Warning' : 'Notice'}: ${message}`);
                return;
            }
            case 'debug':
                this.debug.push(maskText(cmd.data, this.masks));
                return;
            case 'group':
                return this.emit(`##[group]${cmd.data}`);
            case 'endgroup':
                return this.emit('##[endgroup]');
            case 'stop-commands':
                this.stopToken = cmd.data;
                return;
            case 'echo':
                return;
            case 'set-output':
            case 'save-state':
            case 'set-env':
            case 'add-path':
                this.runnerWarnings.push(`The \`${cmd.command}\` command is deprecated and disabled; use environment files`);
                return;
            default:
                return this.emit(raw);
        }
    }
}

;// CONCATENATED MODULE: ./src/runner/runner.ts
/**
 * Runs a JavaScript action the way the GitHub runner does: INPUT_* from the step's `with:` plus the
 * defaults in action.yml, the GITHUB_* context, the file commands, the `post:` phase with the saved state
 * (and its `post-if`), cancellation by SIGINT then SIGTERM, and masking. Used by keel's tests on the
 * committed dist/ bundles and by `keel act` for local runs.
 */






function readActionMetadata(actionDir) {
    const file = ['action.yml', 'action.yaml'].map((f) => (0,external_node_path_.join)(actionDir, f)).find((f) => (0,external_node_fs_.existsSync)(f));
    if (!file)
        throw new Error(`no action.yml in ${actionDir}`);
    const doc = (0,dist/* parse */.qg)((0,external_node_fs_.readFileSync)(file, 'utf8'));
    if (!doc.runs?.main)
        throw new Error(`${file}: runs.main is missing`);
    const inputs = {};
    for (const [k, v] of Object.entries(doc.inputs ?? {})) {
        inputs[k] = { ...v, ...(v?.default !== undefined ? { default: String(v.default) } : {}) };
    }
    return {
        name: doc.name ?? actionDir,
        inputs,
        outputs: doc.outputs ?? {},
        runs: doc.runs,
        ...(doc.description ? { description: doc.description } : {}),
    };
}
const defaultContext = {
    repository: 'keel-local/app',
    sha: '0000000000000000000000000000000000000000',
    ref: 'refs/heads/main',
    refName: 'main',
    runId: '1',
    runNumber: '1',
    runAttempt: '1',
    actor: 'keel-local',
    eventName: 'workflow_dispatch',
    event: {},
    job: 'deploy',
    workflow: 'keel',
    token: '',
    serverUrl: 'https://github.com',
    apiUrl: 'https://api.github.com',
};
/** `${{ github.x }}` / `${{ runner.x }}` in input defaults, as far as keel's action.yml files use them. */
function evaluateDefault(text, context, runnerTemp) {
    return text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_m, expr) => {
        const e = expr.trim();
        const table = {
            'github.token': context.token,
            'github.repository': context.repository,
            'github.sha': context.sha,
            'github.ref': context.ref,
            'github.ref_name': context.refName,
            'github.run_id': context.runId,
            'github.run_number': context.runNumber,
            'github.run_attempt': context.runAttempt,
            'github.actor': context.actor,
            'github.event_name': context.eventName,
            'github.job': context.job,
            'github.workflow': context.workflow,
            'github.server_url': context.serverUrl,
            'github.api_url': context.apiUrl,
            'github.event.repository.name': context.repository.split('/')[1] ?? '',
            'runner.temp': runnerTemp,
            'runner.os': 'Linux',
        };
        if (!(e in table))
            throw new Error(`unsupported expression in an input default: \${{ ${e} }}`);
        return table[e];
    });
}
/** The INPUT_ variable name the runner derives from an input name. */
function inputEnvName(name) {
    return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}
let node24Checked;
/** Finds the Node 24 binary (npm package `node@24`) next to the action, and checks its version. */
function findNode24(startDir) {
    if (process.env.KEEL_NODE24)
        return process.env.KEEL_NODE24;
    let dir = (0,external_node_path_.resolve)(startDir);
    for (;;) {
        const candidate = (0,external_node_path_.join)(dir, 'node_modules', 'node', 'bin', 'node');
        if ((0,external_node_fs_.existsSync)(candidate)) {
            if (node24Checked !== candidate) {
                const v = (0,external_node_child_process_.spawnSync)(candidate, ['--version'], { encoding: 'utf8' }).stdout.trim();
                if (!v.startsWith('v24.'))
                    throw new Error(`${candidate} is ${v || 'not runnable'}, not Node 24`);
                node24Checked = candidate;
            }
            return candidate;
        }
        const up = (0,external_node_path_.dirname)(dir);
        if (up === dir)
            break;
        dir = up;
    }
    if (process.versions.node.startsWith('24.'))
        return process.execPath;
    throw new Error('Node 24 not found: run `npm ci` (it installs the node@24 package) or set KEEL_NODE24');
}
const CLEAN = /^(INPUT_|STATE_|GITHUB_|RUNNER_|ACTIONS_)/;
async function runPhase(phase, script, baseEnv, stateIn, options, node, scratch, masks = []) {
    const files = {
        GITHUB_OUTPUT: (0,external_node_path_.join)(scratch, `${phase}-output`),
        GITHUB_STATE: (0,external_node_path_.join)(scratch, `${phase}-state`),
        GITHUB_ENV: (0,external_node_path_.join)(scratch, `${phase}-env`),
        GITHUB_PATH: (0,external_node_path_.join)(scratch, `${phase}-path`),
        GITHUB_STEP_SUMMARY: (0,external_node_path_.join)(scratch, `${phase}-summary`),
    };
    for (const f of Object.values(files))
        (0,external_node_fs_.writeFileSync)(f, '');
    const env = { ...baseEnv, ...files };
    for (const [k, v] of Object.entries(stateIn))
        env[`STATE_${k}`] = v;
    const processor = new CommandProcessor(options.onLine);
    for (const m of masks)
        processor.masks.add(m);
    const child = (0,external_node_child_process_.spawn)(node, [script], {
        cwd: env.GITHUB_WORKSPACE,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const feed = (which) => {
        let pending = '';
        return (chunk) => {
            if (chunk === null) {
                if (pending !== '')
                    processor.line(pending.replace(/\r$/, ''));
                pending = '';
                return;
            }
            const text = chunk.toString('utf8');
            if (which === 'out')
                stdout += text;
            else
                stderr += text;
            pending += text;
            const lines = pending.split('\n');
            pending = lines.pop() ?? '';
            for (const l of lines)
                processor.line(l.replace(/\r$/, ''));
        };
    };
    const outFeed = feed('out');
    const errFeed = feed('err');
    child.stdout.on('data', outFeed);
    child.stderr.on('data', errFeed);
    const timers = [];
    // What the runner does on cancel: SIGINT, SIGTERM 7.5 s later, SIGKILL 2.5 s after that. The post step
    // then runs all the same (post-if: always()).
    let cancelled = false;
    const cancelChild = () => {
        if (cancelled)
            return;
        cancelled = true;
        child.kill(options.cancelSignal ?? 'SIGINT');
        timers.push(setTimeout(() => child.kill('SIGTERM'), 7_500));
        timers.push(setTimeout(() => child.kill('SIGKILL'), 10_000));
    };
    if (phase === 'main' && options.cancelAfterMs !== undefined)
        timers.push(setTimeout(cancelChild, options.cancelAfterMs));
    if (phase === 'main' && options.cancel) {
        if (options.cancel.aborted)
            cancelChild();
        else
            options.cancel.addEventListener('abort', cancelChild, { once: true });
    }
    if (options.timeoutMs !== undefined)
        timers.push(setTimeout(() => child.kill('SIGKILL'), options.timeoutMs));
    const [exitCode, signal] = await new Promise((done, fail) => {
        child.on('error', fail);
        child.on('close', (code, sig) => done([code, sig]));
    });
    for (const t of timers)
        clearTimeout(t);
    options.cancel?.removeEventListener('abort', cancelChild);
    outFeed(null);
    errFeed(null);
    const read = (f) => (0,external_node_fs_.readFileSync)(f, 'utf8');
    return {
        phase,
        cancelled,
        exitCode,
        signal,
        outputs: parseFileCommands(read(files.GITHUB_OUTPUT), 'GITHUB_OUTPUT'),
        state: parseFileCommands(read(files.GITHUB_STATE), 'GITHUB_STATE'),
        env: parseFileCommands(read(files.GITHUB_ENV), 'GITHUB_ENV'),
        path: read(files.GITHUB_PATH)
            .split('\n')
            .filter((l) => l !== ''),
        summary: read(files.GITHUB_STEP_SUMMARY),
        log: processor.log,
        stdout,
        stderr,
        annotations: processor.annotations,
        debug: processor.debug,
        masks: [...processor.masks],
        runnerWarnings: processor.runnerWarnings,
    };
}
function evaluatePostIf(condition, mainConclusion) {
    const c = (condition ?? 'always()').replace(/^\$\{\{\s*|\s*\}\}$/g, '').trim();
    if (c === 'always()')
        return true;
    if (c === 'success()')
        return mainConclusion === 'success';
    if (c === 'failure()')
        return mainConclusion === 'failure';
    if (c === 'cancelled()')
        return mainConclusion === 'cancelled';
    if (c === '!cancelled()')
        return mainConclusion !== 'cancelled';
    throw new Error(`unsupported post-if: ${condition}`);
}
/** Runs one step (main, then post when declared) and returns what the runner would have seen. */
async function runStep(options) {
    const actionDir = (0,external_node_path_.resolve)(options.actionDir);
    const meta = readActionMetadata(actionDir);
    if (meta.runs.using !== 'node24')
        throw new Error(`${actionDir}: runs.using is ${meta.runs.using}, expected node24`);
    const node = options.node ?? findNode24(actionDir);
    const context = { ...defaultContext, ...options.context };
    const scratch = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'keel-step-'));
    try {
        const runnerTemp = (0,external_node_path_.join)(scratch, 'runner-temp');
        const workspace = options.workspace ?? (0,external_node_path_.join)(scratch, 'workspace');
        (0,external_node_fs_.mkdirSync)(runnerTemp, { recursive: true });
        (0,external_node_fs_.mkdirSync)(workspace, { recursive: true });
        const eventPath = (0,external_node_path_.join)(scratch, 'event.json');
        (0,external_node_fs_.writeFileSync)(eventPath, JSON.stringify(context.event));
        const inputEnv = {};
        const runnerWarnings = [];
        const given = Object.fromEntries(Object.entries(options.with ?? {}).map(([k, v]) => [k, String(v)]));
        const unexpected = Object.keys(given).filter((k) => !(k in meta.inputs));
        if (unexpected.length > 0) {
            runnerWarnings.push(`Unexpected input(s) '${unexpected.join("', '")}', valid inputs are ['${Object.keys(meta.inputs).join("', '")}']`);
        }
        for (const [name, def] of Object.entries(meta.inputs)) {
            const value = name in given
                ? given[name]
                : def.default !== undefined
                    ? evaluateDefault(def.default, context, runnerTemp)
                    : undefined;
            if (value !== undefined)
                inputEnv[inputEnvName(name)] = value;
            if (name in given && def.deprecationMessage)
                runnerWarnings.push(`Input '${name}' has been deprecated with message: ${def.deprecationMessage}`);
        }
        for (const name of unexpected)
            inputEnv[inputEnvName(name)] = given[name];
        const inherited = Object.fromEntries(Object.entries(process.env).filter((e) => e[1] !== undefined && !CLEAN.test(e[0])));
        const baseEnv = {
            ...inherited,
            CI: 'true',
            GITHUB_ACTIONS: 'true',
            GITHUB_ACTION: 'keel-step',
            GITHUB_ACTION_PATH: actionDir,
            GITHUB_ACTION_REPOSITORY: '',
            GITHUB_ACTOR: context.actor,
            GITHUB_API_URL: context.apiUrl,
            GITHUB_SERVER_URL: context.serverUrl,
            GITHUB_GRAPHQL_URL: `${context.apiUrl}/graphql`,
            GITHUB_EVENT_NAME: context.eventName,
            GITHUB_EVENT_PATH: eventPath,
            GITHUB_JOB: context.job,
            GITHUB_REF: context.ref,
            GITHUB_REF_NAME: context.refName,
            GITHUB_REPOSITORY: context.repository,
            GITHUB_REPOSITORY_OWNER: context.repository.split('/')[0] ?? '',
            GITHUB_RUN_ID: context.runId,
            GITHUB_RUN_NUMBER: context.runNumber,
            GITHUB_RUN_ATTEMPT: context.runAttempt,
            GITHUB_SHA: context.sha,
            GITHUB_WORKFLOW: context.workflow,
            GITHUB_WORKSPACE: workspace,
            RUNNER_OS: 'Linux',
            RUNNER_ARCH: 'X64',
            RUNNER_NAME: 'keel-local',
            RUNNER_TEMP: runnerTemp,
            RUNNER_TOOL_CACHE: (0,external_node_path_.join)(scratch, 'tool-cache'),
            ...(options.debug ? { RUNNER_DEBUG: '1' } : {}),
            ...options.env,
            ...inputEnv,
        };
        const main = await runPhase('main', (0,external_node_path_.join)(actionDir, meta.runs.main), baseEnv, {}, options, node, scratch);
        const conclusion = main.cancelled && (main.signal !== null || main.exitCode !== 0)
            ? 'cancelled'
            : main.exitCode === 0
                ? 'success'
                : 'failure';
        let post;
        if (meta.runs.post && options.runPost !== false && evaluatePostIf(meta.runs['post-if'], conclusion)) {
            post = await runPhase('post', (0,external_node_path_.join)(actionDir, meta.runs.post), baseEnv, main.state, options, node, scratch, main.masks);
        }
        return {
            ...main,
            runnerWarnings: [...runnerWarnings, ...main.runnerWarnings],
            conclusion,
            inputEnv,
            post,
        };
    }
    finally {
        (0,external_node_fs_.rmSync)(scratch, { recursive: true, force: true });
    }
}

// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
;// CONCATENATED MODULE: ./src/cli/args.ts
/**
 * The `keel <command>` arguments: each command is one action (the same one a workflow would use), and its
 * flags are that action's inputs, named as in action.yml (`--hosts a,b --ssh-key @~/.ssh/id_ed25519`).
 * Values come from, strongest first: flags, `--with-file`, `KEEL_<INPUT>` environment variables, then the
 * action's defaults (applied by the runner, as on GitHub). Both `keel <command>` and `keel act` are parsed by
 * node:util's parseArgs and read `--with-file` and `@path` values the same way.
 */




const COMMANDS = {
    pipeline: { action: 'pipeline', summary: 'render → deploy → reload → smoke from the spec, in one run' },
    render: { action: 'render-config', summary: 'render and validate the config files from the spec' },
    check: {
        action: 'ssh-deploy',
        fixed: { mode: 'check' },
        summary: 'check every host (key, login, sudo, systemd, path, space); changes nothing',
    },
    deploy: { action: 'ssh-deploy', fixed: { mode: 'deploy' }, summary: 'deploy a release over SSH' },
    rollback: {
        action: 'ssh-deploy',
        fixed: { mode: 'rollback' },
        summary: 'switch back to the previous good release',
    },
    reload: { action: 'reload-graceful', summary: 'reload Gunicorn without dropping requests' },
    smoke: { action: 'smoke-check', summary: 'smoke-check the live site (endpoints, version, TLS, headers)' },
    backup: { action: 'backup-db', summary: 'back up the database' },
};
class UsageError extends Error {
}
/** `@path` reads the value from a file (`~` is the home directory); `@@x` is a literal `@x`. */
function readValue(value, read = (p) => (0,external_node_fs_.readFileSync)(p, 'utf8')) {
    if (value.startsWith('@@'))
        return value.slice(1);
    if (!value.startsWith('@'))
        return value;
    const path = value.slice(1).replace(/^~(?=$|\/)/, (0,external_node_os_.homedir)());
    try {
        return read(path);
    }
    catch (e) {
        throw new UsageError(`cannot read ${path}: ${e.message}`);
    }
}
/** An input's value from a YAML file: lists become one item a line, like a workflow's multi-line value. */
function yamlValue(v) {
    if (Array.isArray(v))
        return v.map(String).join('\n');
    if (v !== null && typeof v === 'object')
        throw new UsageError(`a mapping is not an input value`);
    return String(v ?? '');
}
/** `--with-file FILE`: a YAML mapping of inputs (the same reading for `keel <command>` and `keel act`). */
function inputsFile(file, read) {
    const doc = (0,dist/* parse */.qg)(readValue(`@${file}`, read));
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc))
        throw new UsageError(`${file} is not a YAML mapping of inputs`);
    return Object.fromEntries(Object.entries(doc).map(([k, v]) => [k, yamlValue(v)]));
}
const isBoolean = (d) => d?.default === 'true' || d?.default === 'false';
/** node:util's parser, its errors turned into usage errors. */
function parse(config) {
    try {
        return (0,external_node_util_.parseArgs)(config);
    }
    catch (e) {
        throw new UsageError(e.message.split('\n')[0]);
    }
}
/**
 * `keel <command>` flags: every input of the action as `--name value` or `--name=value`; a boolean input alone
 * means true (`--name false` and `--name=false` work too). Parsed by node:util's parseArgs, with the action's
 * inputs as its options.
 */
function parseArgs(args, declared, env = process.env, read) {
    const unknown = (name) => new UsageError(`'${name}' is not an input of this action; it takes: ${Object.keys(declared).join(', ') || '(none)'}`);
    const options = {
        help: { type: 'boolean', short: 'h' },
        json: { type: 'boolean' },
        debug: { type: 'boolean' },
        'with-file': { type: 'string', multiple: true },
    };
    for (const [name, d] of Object.entries(declared))
        if (!(name in options))
            options[name] = { type: isBoolean(d) ? 'boolean' : 'string' };
    // Not strict: a flag that is no input is reported here with the inputs the action takes, and a boolean
    // input may be followed by its value.
    const { tokens } = parse({ args, options, strict: false, allowPositionals: true, tokens: true });
    const out = { inputs: {}, help: false, json: false, debug: false };
    const fromFile = {};
    const flags = {};
    for (let t = 0; t < tokens.length; t++) {
        const token = tokens[t];
        if (token.kind === 'option-terminator')
            continue;
        if (token.kind === 'positional')
            throw new UsageError(`unexpected argument ${JSON.stringify(token.value)} (inputs are given as --name value)`);
        const { name, value, inlineValue } = token;
        if (token.rawName.startsWith('-') && !token.rawName.startsWith('--') && name !== 'help')
            throw unknown(token.rawName);
        if (name === 'help' || name === 'json' || name === 'debug') {
            out[name] = true;
            continue;
        }
        if (name === 'with-file') {
            if (value === undefined || (!inlineValue && value.startsWith('--')))
                throw new UsageError('--with-file needs a file');
            for (const [k, v] of Object.entries(inputsFile(value, read))) {
                if (!(k in declared))
                    throw unknown(k);
                fromFile[k] = v;
            }
            continue;
        }
        if (!(name in declared))
            throw unknown(name);
        let text;
        if (isBoolean(declared[name])) {
            // `--name`, `--name=false`, or `--name false` (the next argument, when it is a boolean word).
            const next = tokens[t + 1];
            if (inlineValue)
                text = value;
            else if (next?.kind === 'positional' && /^(true|false)$/i.test(next.value)) {
                text = next.value;
                t++;
            }
            else
                text = 'true';
        }
        else {
            // A value that starts with -- is the next flag, not this one's value (`--name=--x` gives it on purpose).
            if (value === undefined || (!inlineValue && value.startsWith('--')))
                throw new UsageError(`--${name} needs a value`);
            text = value;
        }
        flags[name] = readValue(text, read);
    }
    const fromEnv = {};
    for (const name of Object.keys(declared)) {
        const v = env[`KEEL_${name.toUpperCase().replace(/-/g, '_')}`];
        if (v !== undefined && v !== '')
            fromEnv[name] = readValue(v, read);
    }
    out.inputs = { ...fromEnv, ...fromFile, ...flags };
    return out;
}
/** `name=value`, the value read from a file when it starts with `@`. */
function pair(text, flag, read) {
    const i = text.indexOf('=');
    if (i <= 0)
        throw new UsageError(`${flag} expects name=value, got ${JSON.stringify(text)}`);
    return [text.slice(0, i), readValue(text.slice(i + 1), read)];
}
/** `keel act <action-dir> [--with name=value]... [--with-file f] [--env NAME=value]... [--outputs-file f]`. */
function parseActArgs(args, read) {
    const { values, positionals } = parse({
        args,
        strict: true,
        allowPositionals: true,
        options: {
            with: { type: 'string', multiple: true },
            'with-file': { type: 'string', multiple: true },
            env: { type: 'string', multiple: true },
            'outputs-file': { type: 'string' },
            json: { type: 'boolean' },
            debug: { type: 'boolean' },
            help: { type: 'boolean', short: 'h' },
        },
    });
    if (positionals.length > 1)
        throw new UsageError(`unexpected argument ${JSON.stringify(positionals[1])}`);
    if (!values.help && positionals.length === 0)
        throw new UsageError('the action directory is missing');
    const inputs = {};
    for (const f of values['with-file'] ?? [])
        Object.assign(inputs, inputsFile(f, read));
    for (const w of values.with ?? [])
        Object.assign(inputs, Object.fromEntries([pair(w, '--with', read)]));
    return {
        actionDir: positionals[0] ?? '',
        inputs,
        env: Object.fromEntries((values.env ?? []).map((e) => pair(e, '--env', read))),
        json: values.json ?? false,
        debug: values.debug ?? false,
        outputsFile: values['outputs-file'],
        help: values.help ?? false,
    };
}

// EXTERNAL MODULE: ./src/report/summary.ts
var summary = __webpack_require__(7994);
;// CONCATENATED MODULE: ./src/cli/terminal.ts
/**
 * A job summary (the Markdown an action writes to GITHUB_STEP_SUMMARY) shown on a terminal: headings as
 * lines, Markdown tables as aligned columns, folded blocks indented; colours only when asked (a TTY).
 */

const sgr = (code) => (s) => `\x1b[${code}m${s}\x1b[0m`;
const colours = {
    bold: sgr('1'),
    red: sgr('31'),
    green: sgr('32'),
    yellow: sgr('33'),
    dim: sgr('2'),
};
const id = (s) => s;
const plain = { bold: id, red: id, green: id, yellow: id, dim: id };
/** Colours for a run on this terminal: only a TTY, and never with NO_COLOR set. */
function styleFor(stream, env = process.env) {
    return stream.isTTY && !env.NO_COLOR ? colours : plain;
}
/** The cells of one Markdown table row (`\|` is a literal bar; `<br>` a line break, shown as `; `). */
function cellsOf(line) {
    const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '');
    const cells = [];
    let cur = '';
    for (let i = 0; i < inner.length; i++) {
        if (inner[i] === '\\' && inner[i + 1] === '|') {
            cur += '|';
            i++;
        }
        else if (inner[i] === '|') {
            cells.push(cur);
            cur = '';
        }
        else
            cur += inner[i];
    }
    cells.push(cur);
    return cells.map((c) => inline(c.trim()));
}
/** Inline Markdown a terminal does not need: `code`, **bold**, <br>. */
function inline(text) {
    return text
        .replace(/<br>/g, '; ')
        .replace(/\*\*([^*]+)\*\*/g, '$1')
        .replace(/`([^`]*)`/g, '$1');
}
const STATUS = [
    [/^(FAIL|failed)\b/, 'red'],
    [/^(pass|passed|ok)\b/, 'green'],
    [/^(skipped|not run|warning|unchanged)\b/, 'yellow'],
];
function paintCell(style) {
    return (padded, text) => {
        const hit = STATUS.find(([re]) => re.test(text));
        return hit ? style[hit[1]](padded) : padded;
    };
}
const ICONS = [
    ['✅', 'green'],
    ['❌', 'red'],
    ['⏭️', 'yellow'],
    ['⚠️', 'yellow'],
];
function summaryToText(markdown, style = plain) {
    const lines = markdown.split('\n');
    const out = [];
    for (let i = 0; i < lines.length; i++) {
        const line = lines[i];
        if (/^\s*\|/.test(line)) {
            const block = [];
            while (i < lines.length && /^\s*\|/.test(lines[i]))
                block.push(lines[i++]);
            i--;
            const [head, rule, ...rows] = block.map(cellsOf);
            const isRule = rule?.every((c) => /^:?-{3,}:?$/.test(c));
            const body = isRule ? rows : [rule ?? [], ...rows].filter((r) => r.length);
            out.push(...(0,summary/* alignTable */.O9)(head ?? [], body, paintCell(style)).map((l) => `  ${l}`));
            continue;
        }
        const heading = /^#{1,6}\s+(.*)$/.exec(line);
        if (heading) {
            let title = heading[1];
            const icon = ICONS.find(([i]) => title.startsWith(i));
            if (icon)
                title = title.slice(icon[0].length).trim();
            out.push(style.bold(icon ? style[icon[1]](title) : title));
            continue;
        }
        const details = /^<details><summary>(.*)<\/summary>$/.exec(line);
        if (details) {
            out.push(`  ${inline(details[1])}:`);
            continue;
        }
        if (line === '</details>')
            continue;
        const fence = /^(```|~~~~)(\w*)/.exec(line);
        if (fence) {
            // A Mermaid chart is a picture for GitHub; on a terminal the table beside it says the same.
            const chart = fence[2] === 'mermaid';
            for (i++; i < lines.length && !lines[i].startsWith(fence[1]); i++)
                if (!chart)
                    out.push(`    ${lines[i]}`);
            continue;
        }
        const caption = /^\*\*(.+)\*\*$/.exec(line);
        if (caption) {
            out.push(`  ${style.bold(caption[1])}`);
            continue;
        }
        out.push(line.trim() === '' ? '' : `  ${inline(line)}`);
    }
    return out
        .join('\n')
        .replace(/\n{3,}/g, '\n\n')
        .trim();
}
/** One line of an action's log as the runner shows it, for a terminal. */
function logLine(line, style) {
    if (line === '##[endgroup]')
        return undefined;
    if (line.startsWith('##[group]'))
        return style.bold(`▸ ${line.slice(9)}`);
    if (line.startsWith('Error: '))
        return style.red(line);
    if (line.startsWith('Warning: '))
        return style.yellow(line);
    return line;
}

;// CONCATENATED MODULE: ./src/cli/main.ts
/**
 * `keel` on a terminal: `keel <pipeline|render|check|deploy|rollback|reload|smoke|backup> [--input value ...]`
 * runs the matching keel action exactly as the GitHub runner would (src/runner: inputs with the action.yml
 * defaults, the post step, masking), printing its log live and its job summary as plain-text tables; and
 * `keel act`, which runs any node24 action from its folder.
 */






const USAGE = `usage: keel act <action-dir> [--with name=value]... [--with-file inputs.yml] [--env NAME=value]...
                [--outputs-file outputs.json] [--json] [--debug]

Runs a node24 action as the GitHub runner does (inputs with action.yml defaults, GITHUB_OUTPUT, GITHUB_STATE,
GITHUB_STEP_SUMMARY, the post step) and prints its log, outputs and job summary.
--with-file takes a YAML mapping of inputs (handy for multi-line keys: \`ssh-key: !file path\` is not needed,
use --with ssh-key=@path to read a value from a file).`;
const TOP = `usage: keel <command> [--<input> value]... [--with-file inputs.yml] [--json] [--debug]

Each command runs one keel action as the GitHub runner would, with its inputs as flags (named as in its
action.yml; \`@path\` reads a value from a file, e.g. --ssh-key @~/.ssh/id_ed25519), from --with-file (a YAML
mapping), or from KEEL_<INPUT> environment variables (KEEL_SSH_KEY=@~/.ssh/id_ed25519). The current directory
is the workspace. Exit code: 0 success, 1 failure, 2 usage.

commands:
${Object.entries(COMMANDS)
    .map(([name, c]) => `  ${name.padEnd(9)} ${c.summary} (${c.action === 'pipeline' ? 'the root action' : `actions/${c.action}`})`)
    .join('\n')}
  act       run any node24 action from its folder (keel act --help)

keel <command> --help lists the command's inputs.`;
/** The package's root (action.yml and actions/), from the bundle in dist/ or the sources in src/cli/. */
function packageRoot(start = (0,external_node_path_.dirname)((0,external_node_url_.fileURLToPath)(import.meta.url))) {
    for (let dir = start;; dir = (0,external_node_path_.dirname)(dir)) {
        if ((0,external_node_fs_.existsSync)((0,external_node_path_.join)(dir, 'action.yml')) && (0,external_node_fs_.existsSync)((0,external_node_path_.join)(dir, 'actions')))
            return dir;
        if ((0,external_node_path_.dirname)(dir) === dir)
            throw new Error(`keel's action.yml not found above ${start}`);
    }
}
function wrap(text, width, indent) {
    const lines = [];
    let cur = '';
    for (const word of text.split(/\s+/)) {
        if (cur && cur.length + word.length + 1 > width) {
            lines.push(cur);
            cur = word;
        }
        else
            cur = cur ? `${cur} ${word}` : word;
    }
    if (cur)
        lines.push(cur);
    return lines.join(`\n${indent}`);
}
function help(name, actionDir, fixed) {
    const meta = readActionMetadata(actionDir);
    const inputs = Object.entries(meta.inputs).filter(([k]) => !(k in fixed));
    const lines = [
        `usage: keel ${name} [--<input> value]... [--with-file inputs.yml] [--json] [--debug]`,
        '',
        wrap((meta.description ?? meta.name).trim(), 100, ''),
        '',
        inputs.length ? 'inputs:' : 'This action declares no inputs in this version of keel.',
    ];
    for (const [k, d] of inputs) {
        const dflt = d.required
            ? ' (required)'
            : d.default !== undefined
                ? ` (default: ${JSON.stringify(d.default)})`
                : '';
        lines.push(`  --${k}${dflt}`, `      ${wrap(d.description ?? '', 94, '      ')}`);
    }
    if (Object.keys(fixed).length)
        lines.push('', `fixed: ${Object.entries(fixed)
            .map(([k, v]) => `${k}=${v}`)
            .join(', ')}`);
    return lines.join('\n');
}
function printResult(r, style, name) {
    const out = (l = '') => process.stdout.write(l + '\n');
    for (const w of r.runnerWarnings)
        out(style.yellow(`Warning: ${w}`));
    if (r.summary.trim())
        out('\n' + summaryToText(r.summary, style));
    const outputs = Object.entries(r.outputs).filter(([, v]) => v !== '');
    if (outputs.length) {
        out('\n' + style.bold('outputs'));
        for (const [k, v] of outputs)
            out(`  ${k}=${v.length > 160 ? v.slice(0, 157) + '...' : v}`);
    }
    const ok = r.conclusion === 'success';
    out('\n' + (ok ? style.green(`keel ${name}: success`) : style.red(`keel ${name}: ${r.conclusion}`)));
}
/** `keel <command> ...`: one action, run as the runner runs it. */
async function command(name, args) {
    const c = COMMANDS[name];
    const root = packageRoot();
    const actionDir = c.action === 'pipeline' ? root : (0,external_node_path_.join)(root, 'actions', c.action);
    const fixed = c.fixed ?? {};
    const meta = readActionMetadata(actionDir);
    let parsed;
    try {
        const declared = Object.fromEntries(Object.entries(meta.inputs).filter(([k]) => !(k in fixed)));
        parsed = parseArgs(args, declared);
    }
    catch (error) {
        if (!(error instanceof UsageError))
            throw error;
        process.stderr.write(`keel ${name}: ${error.message}\n(keel ${name} --help lists its inputs)\n`);
        return 2;
    }
    if (parsed.help) {
        process.stdout.write(help(name, actionDir, fixed) + '\n');
        return 0;
    }
    const style = styleFor(process.stdout);
    const result = await runCancellable({
        actionDir,
        with: { ...parsed.inputs, ...fixed },
        debug: parsed.debug,
        workspace: process.cwd(),
        onLine: parsed.json
            ? undefined
            : (l) => {
                const shown = logLine(l, style);
                if (shown !== undefined)
                    process.stdout.write(shown + '\n');
            },
    });
    if (parsed.json)
        process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    else
        printResult(result, style, name);
    return exitCode(result);
}
/**
 * Runs a step; Ctrl-C or a SIGTERM cancels it as the runner would (SIGINT, then SIGTERM, then SIGKILL) and the
 * post step still runs, so no lock, remote process or temporary folder is left behind.
 */
async function runCancellable(options) {
    const cancel = new AbortController();
    const onSignal = (signal) => {
        if (!cancel.signal.aborted)
            process.stderr.write(`keel: ${signal}: cancelling the step\n`);
        cancel.abort();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    try {
        return await runStep({ ...options, cancel: cancel.signal });
    }
    finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
    }
}
/** 0 success, 1 failure, 130 cancelled (as a shell reports an interrupted command). */
function exitCode(result) {
    return result.conclusion === 'success' ? 0 : result.conclusion === 'cancelled' ? 130 : 1;
}
async function main(argv) {
    const [name, ...rest] = argv;
    if (!name || name === '--help' || name === '-h' || name === 'help') {
        process.stdout.write(TOP + '\n');
        return name ? 0 : 2;
    }
    if (name in COMMANDS)
        return command(name, rest);
    if (name !== 'act') {
        process.stderr.write(`keel: unknown command '${name}'\n${TOP}\n`);
        return 2;
    }
    let act;
    try {
        act = parseActArgs(rest);
    }
    catch (error) {
        if (!(error instanceof UsageError))
            throw error;
        process.stderr.write(`keel act: ${error.message}\n${USAGE}\n`);
        return 2;
    }
    if (act.help) {
        process.stdout.write(USAGE + '\n');
        return 0;
    }
    const { actionDir, inputs, env, json, debug, outputsFile } = act;
    const result = await runCancellable({
        actionDir,
        with: inputs,
        env,
        debug,
        // Like a checked-out repository: the current directory is the workspace.
        workspace: process.cwd(),
        onLine: json ? undefined : (l) => process.stdout.write(l + '\n'),
    });
    // For a script that runs several steps: their outputs, as the next step's `steps.<id>.outputs` would see them.
    if (outputsFile)
        (0,external_node_fs_.writeFileSync)(outputsFile, JSON.stringify({ conclusion: result.conclusion, outputs: result.outputs }, null, 2) + '\n');
    if (json) {
        process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    }
    else {
        for (const w of result.runnerWarnings)
            process.stdout.write(`Warning: ${w}\n`);
        if (result.post)
            for (const l of result.post.log)
                process.stdout.write(`[post] ${l}\n`);
        process.stdout.write(`\n--- outputs\n`);
        for (const [k, v] of Object.entries(result.outputs)) {
            process.stdout.write(`${k}=${v.length > 200 ? v.slice(0, 197) + '...' : v}\n`);
        }
        if (result.summary.trim())
            process.stdout.write(`\n--- job summary\n${result.summary}\n`);
        process.stdout.write(`\n--- ${result.conclusion} (exit code ${result.exitCode})\n`);
    }
    return exitCode(result);
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


/***/ })

};
