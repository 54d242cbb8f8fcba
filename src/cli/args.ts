/**
 * The `keel <command>` arguments: each command is one action (the same one a workflow would use), and its
 * flags are that action's inputs, named as in action.yml (`--hosts a,b --ssh-key @~/.ssh/id_ed25519`).
 * Values come from, strongest first: flags, `--with-file`, `KEEL_<INPUT>` environment variables, then the
 * action's defaults (applied by the runner, as on GitHub). Both `keel <command>` and `keel act` are parsed by
 * node:util's parseArgs and read `--with-file` and `@path` values the same way.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { parseArgs as parseArgsUtil, type ParseArgsConfig, type ParseArgsOptionsConfig } from 'node:util';
import { parse as parseYaml } from 'yaml';
import type { ActionInputDef } from '../runner/runner.js';

export interface Command {
  /** The action's folder under actions/ ('pipeline' is the root action). */
  action: string;
  /** Inputs the command fixes (e.g. `mode: rollback`). */
  fixed?: Record<string, string>;
  summary: string;
}

export const COMMANDS: Record<string, Command> = {
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

export class UsageError extends Error {}

export interface Parsed {
  inputs: Record<string, string>;
  help: boolean;
  json: boolean;
  debug: boolean;
}

/** `@path` reads the value from a file (`~` is the home directory); `@@x` is a literal `@x`. */
export function readValue(
  value: string,
  read: (path: string) => string = (p) => readFileSync(p, 'utf8'),
): string {
  if (value.startsWith('@@')) return value.slice(1);
  if (!value.startsWith('@')) return value;
  const path = value.slice(1).replace(/^~(?=$|\/)/, homedir());
  try {
    return read(path);
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${(e as Error).message}`);
  }
}

/** An input's value from a YAML file: lists become one item a line, like a workflow's multi-line value. */
function yamlValue(v: unknown): string {
  if (Array.isArray(v)) return v.map(String).join('\n');
  if (v !== null && typeof v === 'object') throw new UsageError(`a mapping is not an input value`);
  return String(v ?? '');
}

/** `--with-file FILE`: a YAML mapping of inputs (the same reading for `keel <command>` and `keel act`). */
export function inputsFile(file: string, read?: (path: string) => string): Record<string, string> {
  const doc = parseYaml(readValue(`@${file}`, read)) as unknown;
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc))
    throw new UsageError(`${file} is not a YAML mapping of inputs`);
  return Object.fromEntries(Object.entries(doc).map(([k, v]) => [k, yamlValue(v)]));
}

const isBoolean = (d: ActionInputDef | undefined) => d?.default === 'true' || d?.default === 'false';

/** node:util's parser, its errors turned into usage errors. */
function parse<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgsUtil<T>> {
  try {
    return parseArgsUtil<T>(config);
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]!);
  }
}

/**
 * `keel <command>` flags: every input of the action as `--name value` or `--name=value`; a boolean input alone
 * means true (`--name false` and `--name=false` work too). Parsed by node:util's parseArgs, with the action's
 * inputs as its options.
 */
export function parseArgs(
  args: string[],
  declared: Record<string, ActionInputDef>,
  env: Record<string, string | undefined> = process.env,
  read?: (path: string) => string,
): Parsed {
  const unknown = (name: string) =>
    new UsageError(
      `'${name}' is not an input of this action; it takes: ${Object.keys(declared).join(', ') || '(none)'}`,
    );
  const options: ParseArgsOptionsConfig = {
    help: { type: 'boolean', short: 'h' },
    json: { type: 'boolean' },
    debug: { type: 'boolean' },
    'with-file': { type: 'string', multiple: true },
  };
  for (const [name, d] of Object.entries(declared))
    if (!(name in options)) options[name] = { type: isBoolean(d) ? 'boolean' : 'string' };
  // Not strict: a flag that is no input is reported here with the inputs the action takes, and a boolean
  // input may be followed by its value.
  const { tokens } = parse({ args, options, strict: false, allowPositionals: true, tokens: true });
  const out: Parsed = { inputs: {}, help: false, json: false, debug: false };
  const fromFile: Record<string, string> = {};
  const flags: Record<string, string> = {};
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t]!;
    if (token.kind === 'option-terminator') continue;
    if (token.kind === 'positional')
      throw new UsageError(
        `unexpected argument ${JSON.stringify(token.value)} (inputs are given as --name value)`,
      );
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
        if (!(k in declared)) throw unknown(k);
        fromFile[k] = v;
      }
      continue;
    }
    if (!(name in declared)) throw unknown(name);
    let text: string;
    if (isBoolean(declared[name])) {
      // `--name`, `--name=false`, or `--name false` (the next argument, when it is a boolean word).
      const next = tokens[t + 1];
      if (inlineValue) text = value!;
      else if (next?.kind === 'positional' && /^(true|false)$/i.test(next.value)) {
        text = next.value;
        t++;
      } else text = 'true';
    } else {
      // A value that starts with -- is the next flag, not this one's value (`--name=--x` gives it on purpose).
      if (value === undefined || (!inlineValue && value.startsWith('--')))
        throw new UsageError(`--${name} needs a value`);
      text = value;
    }
    flags[name] = readValue(text, read);
  }
  const fromEnv: Record<string, string> = {};
  for (const name of Object.keys(declared)) {
    const v = env[`KEEL_${name.toUpperCase().replace(/-/g, '_')}`];
    if (v !== undefined && v !== '') fromEnv[name] = readValue(v, read);
  }
  out.inputs = { ...fromEnv, ...fromFile, ...flags };
  return out;
}

export interface ActArgs {
  actionDir: string;
  inputs: Record<string, string>;
  env: Record<string, string>;
  json: boolean;
  debug: boolean;
  outputsFile?: string;
  help: boolean;
}

/** `name=value`, the value read from a file when it starts with `@`. */
function pair(text: string, flag: string, read?: (path: string) => string): [string, string] {
  const i = text.indexOf('=');
  if (i <= 0) throw new UsageError(`${flag} expects name=value, got ${JSON.stringify(text)}`);
  return [text.slice(0, i), readValue(text.slice(i + 1), read)];
}

/** `keel act <action-dir> [--with name=value]... [--with-file f] [--env NAME=value]... [--outputs-file f]`. */
export function parseActArgs(args: string[], read?: (path: string) => string): ActArgs {
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
  if (positionals.length > 1) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[1])}`);
  if (!values.help && positionals.length === 0) throw new UsageError('the action directory is missing');
  const inputs: Record<string, string> = {};
  for (const f of values['with-file'] ?? []) Object.assign(inputs, inputsFile(f, read));
  for (const w of values.with ?? []) Object.assign(inputs, Object.fromEntries([pair(w, '--with', read)]));
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
