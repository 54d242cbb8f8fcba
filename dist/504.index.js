export const id = 504;
export const ids = [504];
export const modules = {

/***/ 7504:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  main: () => (/* binding */ main)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
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
    if (phase === 'main' && options.cancelAfterMs !== undefined) {
        timers.push(setTimeout(() => {
            child.kill('SIGINT');
            timers.push(setTimeout(() => child.kill('SIGTERM'), 7_500));
            timers.push(setTimeout(() => child.kill('SIGKILL'), 10_000));
        }, options.cancelAfterMs));
    }
    if (options.timeoutMs !== undefined)
        timers.push(setTimeout(() => child.kill('SIGKILL'), options.timeoutMs));
    const [exitCode, signal] = await new Promise((done, fail) => {
        child.on('error', fail);
        child.on('close', (code, sig) => done([code, sig]));
    });
    for (const t of timers)
        clearTimeout(t);
    outFeed(null);
    errFeed(null);
    const read = (f) => (0,external_node_fs_.readFileSync)(f, 'utf8');
    return {
        phase,
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
        const conclusion = options.cancelAfterMs !== undefined && (main.signal !== null || main.exitCode !== 0)
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

;// CONCATENATED MODULE: ./src/cli/main.ts
/**
 * `keel` on a terminal. For now: `keel act`, which runs one keel action (or any node24 action) locally
 * exactly as the GitHub runner would, from its action.yml, with inputs from flags or a YAML file.
 */



const USAGE = `usage: keel act <action-dir> [--with name=value]... [--with-file inputs.yml] [--env NAME=value]...
                [--json] [--debug]

Runs a node24 action as the GitHub runner does (inputs with action.yml defaults, GITHUB_OUTPUT, GITHUB_STATE,
GITHUB_STEP_SUMMARY, the post step) and prints its log, outputs and job summary.
--with-file takes a YAML mapping of inputs (handy for multi-line keys: \`ssh-key: !file path\` is not needed,
use --with ssh-key=@path to read a value from a file).`;
function pair(text, flag) {
    const i = text.indexOf('=');
    if (i <= 0)
        throw new Error(`${flag} expects name=value, got ${JSON.stringify(text)}`);
    const name = text.slice(0, i);
    let value = text.slice(i + 1);
    if (value.startsWith('@'))
        value = (0,external_node_fs_.readFileSync)(value.slice(1), 'utf8');
    return [name, value];
}
async function main(argv) {
    const [command, ...rest] = argv;
    if (!command || command === '--help' || command === '-h' || command === 'help') {
        process.stdout.write(USAGE + '\n');
        return command ? 0 : 2;
    }
    if (command !== 'act') {
        process.stderr.write(`keel: unknown command '${command}'\n${USAGE}\n`);
        return 2;
    }
    let actionDir;
    const inputs = {};
    const env = {};
    let json = false;
    let debug = false;
    try {
        for (let i = 0; i < rest.length; i++) {
            const a = rest[i];
            const next = () => {
                const v = rest[++i];
                if (v === undefined)
                    throw new Error(`${a} needs a value`);
                return v;
            };
            if (a === '--with')
                Object.assign(inputs, Object.fromEntries([pair(next(), a)]));
            else if (a === '--env')
                Object.assign(env, Object.fromEntries([pair(next(), a)]));
            else if (a === '--with-file') {
                const doc = (0,dist/* parse */.qg)((0,external_node_fs_.readFileSync)(next(), 'utf8'));
                for (const [k, v] of Object.entries(doc ?? {}))
                    inputs[k] = String(v);
            }
            else if (a === '--json')
                json = true;
            else if (a === '--debug')
                debug = true;
            else if (!a.startsWith('-') && actionDir === undefined)
                actionDir = a;
            else
                throw new Error(`unknown argument ${JSON.stringify(a)}`);
        }
        if (!actionDir)
            throw new Error('the action directory is missing');
    }
    catch (error) {
        process.stderr.write(`keel act: ${error.message}\n${USAGE}\n`);
        return 2;
    }
    const result = await runStep({
        actionDir,
        with: inputs,
        env,
        debug,
        // Like a checked-out repository: the current directory is the workspace.
        workspace: process.cwd(),
        onLine: json ? undefined : (l) => process.stdout.write(l + '\n'),
    });
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
    return result.conclusion === 'success' ? 0 : 1;
}


/***/ })

};
