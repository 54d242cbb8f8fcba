/**
 * `keel` on a terminal: `keel <pipeline|render|check|deploy|rollback|reload|smoke|backup> [--input value ...]`
 * runs the matching keel action exactly as the GitHub runner would (src/runner: inputs with the action.yml
 * defaults, the post step, masking), printing its log live and its job summary as plain-text tables; and
 * `keel act`, which runs any node24 action from its folder.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readActionMetadata, runStep, type StepOptions, type StepResult } from '../runner/runner.js';
import { COMMANDS, parseActArgs, parseArgs, UsageError } from './args.js';
import { logLine, type Style, styleFor, summaryToText } from './terminal.js';

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
  .map(
    ([name, c]) =>
      `  ${name.padEnd(9)} ${c.summary} (${c.action === 'pipeline' ? 'the root action' : `actions/${c.action}`})`,
  )
  .join('\n')}
  act       run any node24 action from its folder (keel act --help)

keel <command> --help lists the command's inputs.`;

/** The package's root (action.yml and actions/), from the bundle in dist/ or the sources in src/cli/. */
export function packageRoot(start = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'action.yml')) && existsSync(join(dir, 'actions'))) return dir;
    if (dirname(dir) === dir) throw new Error(`keel's action.yml not found above ${start}`);
  }
}

function wrap(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  let cur = '';
  for (const word of text.split(/\s+/)) {
    if (cur && cur.length + word.length + 1 > width) {
      lines.push(cur);
      cur = word;
    } else cur = cur ? `${cur} ${word}` : word;
  }
  if (cur) lines.push(cur);
  return lines.join(`\n${indent}`);
}

function help(name: string, actionDir: string, fixed: Record<string, string>): string {
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
    lines.push(
      '',
      `fixed: ${Object.entries(fixed)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')}`,
    );
  return lines.join('\n');
}

function printResult(r: StepResult, style: Style, name: string): void {
  const out = (l = '') => process.stdout.write(l + '\n');
  for (const w of r.runnerWarnings) out(style.yellow(`Warning: ${w}`));
  if (r.summary.trim()) out('\n' + summaryToText(r.summary, style));
  const outputs = Object.entries(r.outputs).filter(([, v]) => v !== '');
  if (outputs.length) {
    out('\n' + style.bold('outputs'));
    for (const [k, v] of outputs) out(`  ${k}=${v.length > 160 ? v.slice(0, 157) + '...' : v}`);
  }
  const ok = r.conclusion === 'success';
  out('\n' + (ok ? style.green(`keel ${name}: success`) : style.red(`keel ${name}: ${r.conclusion}`)));
}

/** `keel <command> ...`: one action, run as the runner runs it. */
async function command(name: string, args: string[]): Promise<number> {
  const c = COMMANDS[name]!;
  const root = packageRoot();
  const actionDir = c.action === 'pipeline' ? root : join(root, 'actions', c.action);
  const fixed = c.fixed ?? {};
  const meta = readActionMetadata(actionDir);
  let parsed;
  try {
    const declared = Object.fromEntries(Object.entries(meta.inputs).filter(([k]) => !(k in fixed)));
    parsed = parseArgs(args, declared);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
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
          if (shown !== undefined) process.stdout.write(shown + '\n');
        },
  });
  if (parsed.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  else printResult(result, style, name);
  return exitCode(result);
}

/**
 * Runs a step; Ctrl-C or a SIGTERM cancels it as the runner would (SIGINT, then SIGTERM, then SIGKILL) and the
 * post step still runs, so no lock, remote process or temporary folder is left behind.
 */
async function runCancellable(options: StepOptions): Promise<StepResult> {
  const cancel = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (!cancel.signal.aborted) process.stderr.write(`keel: ${signal}: cancelling the step\n`);
    cancel.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await runStep({ ...options, cancel: cancel.signal });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** 0 success, 1 failure, 130 cancelled (as a shell reports an interrupted command). */
function exitCode(result: StepResult): number {
  return result.conclusion === 'success' ? 0 : result.conclusion === 'cancelled' ? 130 : 1;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(TOP + '\n');
    return name ? 0 : 2;
  }
  if (name in COMMANDS) return command(name, rest);
  if (name !== 'act') {
    process.stderr.write(`keel: unknown command '${name}'\n${TOP}\n`);
    return 2;
  }
  let act;
  try {
    act = parseActArgs(rest);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
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
    writeFileSync(
      outputsFile,
      JSON.stringify({ conclusion: result.conclusion, outputs: result.outputs }, null, 2) + '\n',
    );
  if (json) {
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  } else {
    for (const w of result.runnerWarnings) process.stdout.write(`Warning: ${w}\n`);
    if (result.post) for (const l of result.post.log) process.stdout.write(`[post] ${l}\n`);
    process.stdout.write(`\n--- outputs\n`);
    for (const [k, v] of Object.entries(result.outputs)) {
      process.stdout.write(`${k}=${v.length > 200 ? v.slice(0, 197) + '...' : v}\n`);
    }
    if (result.summary.trim()) process.stdout.write(`\n--- job summary\n${result.summary}\n`);
    process.stdout.write(`\n--- ${result.conclusion} (exit code ${result.exitCode})\n`);
  }
  return exitCode(result);
}
