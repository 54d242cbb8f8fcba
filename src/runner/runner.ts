/**
 * Runs a JavaScript action the way the GitHub runner does: INPUT_* from the step's `with:` plus the
 * defaults in action.yml, the GITHUB_* context, the file commands, the `post:` phase with the saved state
 * (and its `post-if`), cancellation by SIGINT then SIGTERM, and masking. Used by keel's tests on the
 * committed dist/ bundles and by `keel act` for local runs.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { type Annotation, CommandProcessor, parseFileCommands } from './commands.js';

export interface ActionInputDef {
  description?: string;
  required?: boolean;
  default?: string;
  deprecationMessage?: string;
}

export interface ActionMetadata {
  name: string;
  description?: string;
  inputs: Record<string, ActionInputDef>;
  outputs: Record<string, { description?: string }>;
  runs: { using: string; main: string; pre?: string; post?: string; 'post-if'?: string; 'pre-if'?: string };
}

export function readActionMetadata(actionDir: string): ActionMetadata {
  const file = ['action.yml', 'action.yaml'].map((f) => join(actionDir, f)).find((f) => existsSync(f));
  if (!file) throw new Error(`no action.yml in ${actionDir}`);
  const doc = parseYaml(readFileSync(file, 'utf8')) as Partial<ActionMetadata>;
  if (!doc.runs?.main) throw new Error(`${file}: runs.main is missing`);
  const inputs: Record<string, ActionInputDef> = {};
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

export interface GithubContext {
  repository: string;
  sha: string;
  ref: string;
  refName: string;
  runId: string;
  runNumber: string;
  runAttempt: string;
  actor: string;
  eventName: string;
  event: Record<string, unknown>;
  job: string;
  workflow: string;
  token: string;
  serverUrl: string;
  apiUrl: string;
}

export const defaultContext: GithubContext = {
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

export interface StepOptions {
  /** Folder with action.yml. */
  actionDir: string;
  /** The step's `with:` values (strings, as YAML gives them to the runner). */
  with?: Record<string, string | number | boolean>;
  /** The step's `env:` (and the job's), added to the process environment. */
  env?: Record<string, string>;
  context?: Partial<GithubContext>;
  /** GITHUB_WORKSPACE; a scratch folder when not given. */
  workspace?: string;
  /** Node 24 binary; found in node_modules/node when not given. */
  node?: string;
  /** Kill the step (SIGKILL) after this long: a test safety net. */
  timeoutMs?: number;
  /** Cancel the job after this long: SIGINT, then SIGTERM after 7.5 s, then SIGKILL after 2.5 s more. */
  cancelAfterMs?: number;
  /** Cancel the job when this fires (`keel act` on Ctrl-C or SIGTERM), in the same three steps. */
  cancel?: AbortSignal;
  /** The first signal of a cancel: SIGINT, as the runner sends it (SIGTERM: as a supervisor that skips it would). */
  cancelSignal?: 'SIGINT' | 'SIGTERM';
  /** Run the `post:` phase when the action has one (default true). */
  runPost?: boolean;
  /** Each log line as the runner would show it (masked). */
  onLine?: (line: string) => void;
  /** RUNNER_DEBUG=1 (debug lines shown in the log). */
  debug?: boolean;
}

export interface PhaseResult {
  phase: 'main' | 'post';
  /** The runner cancelled this phase (SIGINT, then SIGTERM, then SIGKILL). */
  cancelled: boolean;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  outputs: Record<string, string>;
  state: Record<string, string>;
  env: Record<string, string>;
  path: string[];
  summary: string;
  log: string[];
  stdout: string;
  stderr: string;
  annotations: Annotation[];
  debug: string[];
  masks: string[];
  runnerWarnings: string[];
}

export interface StepResult extends PhaseResult {
  conclusion: 'success' | 'failure' | 'cancelled';
  /** Inputs as passed (INPUT_* name → value). */
  inputEnv: Record<string, string>;
  post: PhaseResult | undefined;
}

/** `${{ github.x }}` / `${{ runner.x }}` in input defaults, as far as keel's action.yml files use them. */
export function evaluateDefault(text: string, context: GithubContext, runnerTemp: string): string {
  return text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_m, expr: string) => {
    const e = expr.trim();
    const table: Record<string, string> = {
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
    if (!(e in table)) throw new Error(`unsupported expression in an input default: \${{ ${e} }}`);
    return table[e]!;
  });
}

/** The INPUT_ variable name the runner derives from an input name. */
export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

let node24Checked: string | undefined;

/** Finds the Node 24 binary (npm package `node@24`) next to the action, and checks its version. */
export function findNode24(startDir: string): string {
  if (process.env.KEEL_NODE24) return process.env.KEEL_NODE24;
  let dir = resolve(startDir);
  for (;;) {
    const candidate = join(dir, 'node_modules', 'node', 'bin', 'node');
    if (existsSync(candidate)) {
      if (node24Checked !== candidate) {
        const v = spawnSync(candidate, ['--version'], { encoding: 'utf8' }).stdout.trim();
        if (!v.startsWith('v24.')) throw new Error(`${candidate} is ${v || 'not runnable'}, not Node 24`);
        node24Checked = candidate;
      }
      return candidate;
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  if (process.versions.node.startsWith('24.')) return process.execPath;
  throw new Error('Node 24 not found: run `npm ci` (it installs the node@24 package) or set KEEL_NODE24');
}

const CLEAN = /^(INPUT_|STATE_|GITHUB_|RUNNER_|ACTIONS_)/;

async function runPhase(
  phase: 'main' | 'post',
  script: string,
  baseEnv: Record<string, string>,
  stateIn: Record<string, string>,
  options: StepOptions,
  node: string,
  scratch: string,
  masks: Iterable<string> = [],
): Promise<PhaseResult> {
  const files = {
    GITHUB_OUTPUT: join(scratch, `${phase}-output`),
    GITHUB_STATE: join(scratch, `${phase}-state`),
    GITHUB_ENV: join(scratch, `${phase}-env`),
    GITHUB_PATH: join(scratch, `${phase}-path`),
    GITHUB_STEP_SUMMARY: join(scratch, `${phase}-summary`),
  };
  for (const f of Object.values(files)) writeFileSync(f, '');
  const env: Record<string, string> = { ...baseEnv, ...files };
  for (const [k, v] of Object.entries(stateIn)) env[`STATE_${k}`] = v;
  const processor = new CommandProcessor(options.onLine);
  for (const m of masks) processor.masks.add(m);
  const child = spawn(node, [script], {
    cwd: env.GITHUB_WORKSPACE,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const feed = (which: 'out' | 'err') => {
    let pending = '';
    return (chunk: Buffer | null) => {
      if (chunk === null) {
        if (pending !== '') processor.line(pending.replace(/\r$/, ''));
        pending = '';
        return;
      }
      const text = chunk.toString('utf8');
      if (which === 'out') stdout += text;
      else stderr += text;
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const l of lines) processor.line(l.replace(/\r$/, ''));
    };
  };
  const outFeed = feed('out');
  const errFeed = feed('err');
  child.stdout.on('data', outFeed);
  child.stderr.on('data', errFeed);
  const timers: NodeJS.Timeout[] = [];
  // What the runner does on cancel: SIGINT, SIGTERM 7.5 s later, SIGKILL 2.5 s after that. The post step
  // then runs all the same (post-if: always()).
  let cancelled = false;
  const cancelChild = () => {
    if (cancelled) return;
    cancelled = true;
    child.kill(options.cancelSignal ?? 'SIGINT');
    timers.push(setTimeout(() => child.kill('SIGTERM'), 7_500));
    timers.push(setTimeout(() => child.kill('SIGKILL'), 10_000));
  };
  if (phase === 'main' && options.cancelAfterMs !== undefined)
    timers.push(setTimeout(cancelChild, options.cancelAfterMs));
  if (phase === 'main' && options.cancel) {
    if (options.cancel.aborted) cancelChild();
    else options.cancel.addEventListener('abort', cancelChild, { once: true });
  }
  if (options.timeoutMs !== undefined)
    timers.push(setTimeout(() => child.kill('SIGKILL'), options.timeoutMs));
  const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((done, fail) => {
    child.on('error', fail);
    child.on('close', (code, sig) => done([code, sig]));
  });
  for (const t of timers) clearTimeout(t);
  options.cancel?.removeEventListener('abort', cancelChild);
  outFeed(null);
  errFeed(null);
  const read = (f: string) => readFileSync(f, 'utf8');
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

function evaluatePostIf(condition: string | undefined, mainConclusion: StepResult['conclusion']): boolean {
  const c = (condition ?? 'always()').replace(/^\$\{\{\s*|\s*\}\}$/g, '').trim();
  if (c === 'always()') return true;
  if (c === 'success()') return mainConclusion === 'success';
  if (c === 'failure()') return mainConclusion === 'failure';
  if (c === 'cancelled()') return mainConclusion === 'cancelled';
  if (c === '!cancelled()') return mainConclusion !== 'cancelled';
  throw new Error(`unsupported post-if: ${condition}`);
}

/** Runs one step (main, then post when declared) and returns what the runner would have seen. */
export async function runStep(options: StepOptions): Promise<StepResult> {
  const actionDir = resolve(options.actionDir);
  const meta = readActionMetadata(actionDir);
  if (meta.runs.using !== 'node24')
    throw new Error(`${actionDir}: runs.using is ${meta.runs.using}, expected node24`);
  const node = options.node ?? findNode24(actionDir);
  const context = { ...defaultContext, ...options.context };
  const scratch = mkdtempSync(join(tmpdir(), 'keel-step-'));
  try {
    const runnerTemp = join(scratch, 'runner-temp');
    const workspace = options.workspace ?? join(scratch, 'workspace');
    mkdirSync(runnerTemp, { recursive: true });
    mkdirSync(workspace, { recursive: true });
    const eventPath = join(scratch, 'event.json');
    writeFileSync(eventPath, JSON.stringify(context.event));

    const inputEnv: Record<string, string> = {};
    const runnerWarnings: string[] = [];
    const given = Object.fromEntries(Object.entries(options.with ?? {}).map(([k, v]) => [k, String(v)]));
    const unexpected = Object.keys(given).filter((k) => !(k in meta.inputs));
    if (unexpected.length > 0) {
      runnerWarnings.push(
        `Unexpected input(s) '${unexpected.join("', '")}', valid inputs are ['${Object.keys(meta.inputs).join("', '")}']`,
      );
    }
    for (const [name, def] of Object.entries(meta.inputs)) {
      const value =
        name in given
          ? given[name]!
          : def.default !== undefined
            ? evaluateDefault(def.default, context, runnerTemp)
            : undefined;
      if (value !== undefined) inputEnv[inputEnvName(name)] = value;
      if (name in given && def.deprecationMessage)
        runnerWarnings.push(`Input '${name}' has been deprecated with message: ${def.deprecationMessage}`);
    }
    for (const name of unexpected) inputEnv[inputEnvName(name)] = given[name]!;

    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(
        (e): e is [string, string] => e[1] !== undefined && !CLEAN.test(e[0]),
      ),
    );
    const baseEnv: Record<string, string> = {
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
      RUNNER_TOOL_CACHE: join(scratch, 'tool-cache'),
      ...(options.debug ? { RUNNER_DEBUG: '1' } : {}),
      ...options.env,
      ...inputEnv,
    };

    const main = await runPhase('main', join(actionDir, meta.runs.main), baseEnv, {}, options, node, scratch);
    const conclusion: StepResult['conclusion'] =
      main.cancelled && (main.signal !== null || main.exitCode !== 0)
        ? 'cancelled'
        : main.exitCode === 0
          ? 'success'
          : 'failure';
    let post: PhaseResult | undefined;
    if (meta.runs.post && options.runPost !== false && evaluatePostIf(meta.runs['post-if'], conclusion)) {
      post = await runPhase(
        'post',
        join(actionDir, meta.runs.post),
        baseEnv,
        main.state,
        options,
        node,
        scratch,
        main.masks,
      );
    }
    return {
      ...main,
      runnerWarnings: [...runnerWarnings, ...main.runnerWarnings],
      conclusion,
      inputEnv,
      post,
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
