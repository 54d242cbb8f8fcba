/**
 * `keel` on a terminal. For now: `keel act`, which runs one keel action (or any node24 action) locally
 * exactly as the GitHub runner would, from its action.yml, with inputs from flags or a YAML file.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { runStep } from '../runner/runner.js';

const USAGE = `usage: keel act <action-dir> [--with name=value]... [--with-file inputs.yml] [--env NAME=value]...
                [--json] [--debug]

Runs a node24 action as the GitHub runner does (inputs with action.yml defaults, GITHUB_OUTPUT, GITHUB_STATE,
GITHUB_STEP_SUMMARY, the post step) and prints its log, outputs and job summary.
--with-file takes a YAML mapping of inputs (handy for multi-line keys: \`ssh-key: !file path\` is not needed,
use --with ssh-key=@path to read a value from a file).`;

function pair(text: string, flag: string): [string, string] {
  const i = text.indexOf('=');
  if (i <= 0) throw new Error(`${flag} expects name=value, got ${JSON.stringify(text)}`);
  const name = text.slice(0, i);
  let value = text.slice(i + 1);
  if (value.startsWith('@')) value = readFileSync(value.slice(1), 'utf8');
  return [name, value];
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE + '\n');
    return command ? 0 : 2;
  }
  if (command !== 'act') {
    process.stderr.write(`keel: unknown command '${command}'\n${USAGE}\n`);
    return 2;
  }
  let actionDir: string | undefined;
  const inputs: Record<string, string> = {};
  const env: Record<string, string> = {};
  let json = false;
  let debug = false;
  try {
    for (let i = 0; i < rest.length; i++) {
      const a = rest[i]!;
      const next = () => {
        const v = rest[++i];
        if (v === undefined) throw new Error(`${a} needs a value`);
        return v;
      };
      if (a === '--with') Object.assign(inputs, Object.fromEntries([pair(next(), a)]));
      else if (a === '--env') Object.assign(env, Object.fromEntries([pair(next(), a)]));
      else if (a === '--with-file') {
        const doc = parseYaml(readFileSync(next(), 'utf8')) as Record<string, unknown>;
        for (const [k, v] of Object.entries(doc ?? {})) inputs[k] = String(v);
      } else if (a === '--json') json = true;
      else if (a === '--debug') debug = true;
      else if (!a.startsWith('-') && actionDir === undefined) actionDir = a;
      else throw new Error(`unknown argument ${JSON.stringify(a)}`);
    }
    if (!actionDir) throw new Error('the action directory is missing');
  } catch (error) {
    process.stderr.write(`keel act: ${(error as Error).message}\n${USAGE}\n`);
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
  return result.conclusion === 'success' ? 0 : 1;
}
