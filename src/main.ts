/**
 * The shared bundle's one export. Each action's tiny entry file (dist/<action>.js) calls
 * `run('<action>', 'main' | 'post')`; each action's code is a lazily loaded chunk, so an action only
 * parses what it uses (render-config never loads the SSH stack).
 */
import type { ActionName } from './actions/registry.js';

export { ACTIONS, type ActionName, REGISTRY } from './actions/registry.js';
export type Phase = 'main' | 'post';

interface Entry {
  main: () => Promise<void>;
  post?: () => Promise<void>;
}

/** The command-line interface, in its own chunk. */
export async function cli(argv: string[]): Promise<number> {
  const { main } = await import('./cli/main.js');
  return main(argv);
}

interface Declarations {
  description: string;
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, string>;
}

/**
 * Each action's code and its declarations (inputs.ts), lazily loaded chunks; one entry per action of the
 * registry (a missing one is a type error).
 */
const chunks: Record<ActionName, { main: () => Promise<Entry>; inputs: () => Promise<Declarations> }> = {
  pipeline: {
    main: () => import('./actions/pipeline/main.js'),
    inputs: () => import('./actions/pipeline/inputs.js'),
  },
  'render-config': {
    main: () => import('./actions/render-config/main.js'),
    inputs: () => import('./actions/render-config/inputs.js'),
  },
  'ssh-deploy': {
    main: () => import('./actions/ssh-deploy/main.js'),
    inputs: () => import('./actions/ssh-deploy/inputs.js'),
  },
  'reload-graceful': {
    main: () => import('./actions/reload-graceful/main.js'),
    inputs: () => import('./actions/reload-graceful/inputs.js'),
  },
  'smoke-check': {
    main: () => import('./actions/smoke-check/main.js'),
    inputs: () => import('./actions/smoke-check/inputs.js'),
  },
  'backup-db': {
    main: () => import('./actions/backup-db/main.js'),
    inputs: () => import('./actions/backup-db/inputs.js'),
  },
};

export async function run(action: ActionName, phase: Phase): Promise<void> {
  const entry = await chunks[action].main();
  const fn = phase === 'post' ? entry.post : entry.main;
  if (fn) await fn();
}

/** The declared description, inputs and outputs of an action, for generating its action.yml (scripts/gen-action-yml.mjs). */
export async function declarations(action: ActionName): Promise<Declarations | undefined> {
  return Object.hasOwn(chunks, action) ? chunks[action].inputs() : undefined;
}

/** The watch's host-side log reader as the shell command it runs on a host, for the benchmark (scripts/bench/watch.mjs). */
export async function watchReadCommand(
  file: string,
  config: {
    from: number;
    to: number;
    bucket: number;
    routes: [string, boolean, boolean][];
    health: string[];
  },
): Promise<string> {
  const { readCommand } = await import('./watch/read.js');
  const { strictBash } = await import('./remote/quote.js');
  return strictBash(readCommand(file, config));
}
