/**
 * The `keel <command>` arguments: each command is one action (the same one a workflow would use), and its
 * flags are that action's inputs, named as in action.yml (`--hosts a,b --ssh-key @~/.ssh/id_ed25519`).
 * Values come from, strongest first: flags, `--with-file`, `KEEL_<INPUT>` environment variables, then the
 * action's defaults (applied by the runner, as on GitHub).
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
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

const isBoolean = (d: ActionInputDef | undefined) => d?.default === 'true' || d?.default === 'false';

export function parseArgs(
  args: string[],
  declared: Record<string, ActionInputDef>,
  env: Record<string, string | undefined> = process.env,
  read?: (path: string) => string,
): Parsed {
  const known = (name: string) => name in declared;
  const unknown = (name: string) =>
    new UsageError(
      `'${name}' is not an input of this action; it takes: ${Object.keys(declared).join(', ') || '(none)'}`,
    );
  const fromEnv: Record<string, string> = {};
  for (const name of Object.keys(declared)) {
    const v = env[`KEEL_${name.toUpperCase().replace(/-/g, '_')}`];
    if (v !== undefined && v !== '') fromEnv[name] = readValue(v, read);
  }
  const fromFile: Record<string, string> = {};
  const flags: Record<string, string> = {};
  const out: Parsed = { inputs: {}, help: false, json: false, debug: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--help' || a === '-h') out.help = true;
    else if (a === '--json') out.json = true;
    else if (a === '--debug') out.debug = true;
    else if (a === '--with-file') {
      const file = args[++i];
      if (file === undefined) throw new UsageError('--with-file needs a file');
      const doc = parseYaml(readValue(`@${file}`, read)) as unknown;
      if (doc === null || typeof doc !== 'object' || Array.isArray(doc))
        throw new UsageError(`${file} is not a YAML mapping of inputs`);
      for (const [k, v] of Object.entries(doc)) {
        if (!known(k)) throw unknown(k);
        fromFile[k] = yamlValue(v);
      }
    } else if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      if (!known(name)) throw unknown(name);
      let value: string;
      if (eq > 0) value = a.slice(eq + 1);
      else if (args[i + 1] !== undefined && !args[i + 1]!.startsWith('--')) value = args[++i]!;
      else if (isBoolean(declared[name])) value = 'true';
      else throw new UsageError(`--${name} needs a value`);
      flags[name] = readValue(value, read);
    } else {
      throw new UsageError(`unexpected argument ${JSON.stringify(a)} (inputs are given as --name value)`);
    }
  }
  out.inputs = { ...fromEnv, ...fromFile, ...flags };
  return out;
}
