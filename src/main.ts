/**
 * The shared bundle's one export. Each action's tiny entry file (dist/<action>.js) calls
 * `run('<action>', 'main' | 'post')`; each action's code is a lazily loaded chunk, so an action only
 * parses what it uses (render-config never loads the SSH stack).
 */
export const ACTIONS = [
  'pipeline',
  'render-config',
  'ssh-deploy',
  'reload-graceful',
  'smoke-check',
  'backup-db',
] as const;
export type ActionName = (typeof ACTIONS)[number];
export type Phase = 'main' | 'post';

interface Entry {
  main: () => Promise<void>;
  post?: () => Promise<void>;
}

async function load(action: ActionName): Promise<Entry> {
  switch (action) {
    case 'ssh-deploy':
      return import('./actions/ssh-deploy/main.js');
    case 'render-config':
      return import('./actions/render-config/main.js');
    case 'smoke-check':
      return import('./actions/smoke-check/main.js');
    case 'backup-db':
      return import('./actions/backup-db/main.js');
    case 'pipeline':
      return import('./actions/pipeline/main.js');
    case 'reload-graceful':
      return import('./actions/reload-graceful/main.js');
  }
}

export async function run(action: ActionName, phase: Phase): Promise<void> {
  const entry = await load(action);
  const fn = phase === 'post' ? entry.post : entry.main;
  if (fn) await fn();
}

/** The command-line interface, in its own chunk. */
export async function cli(argv: string[]): Promise<number> {
  const { main } = await import('./cli/main.js');
  return main(argv);
}

/** The declared description, inputs and outputs of an action, for generating its action.yml (scripts/gen-action-yml.mjs). */
export async function declarations(action: ActionName): Promise<
  | {
      description: string;
      inputs: Record<string, { description: string; required?: boolean; default?: string }>;
      outputs: Record<string, string>;
    }
  | undefined
> {
  switch (action) {
    case 'ssh-deploy':
      return import('./actions/ssh-deploy/inputs.js');
    case 'render-config':
      return import('./actions/render-config/inputs.js');
    case 'smoke-check':
      return import('./actions/smoke-check/inputs.js');
    case 'reload-graceful':
      return import('./actions/reload-graceful/inputs.js');
    case 'pipeline':
      return import('./actions/pipeline/inputs.js');
    case 'backup-db':
      return import('./actions/backup-db/inputs.js');
    default:
      return undefined;
  }
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
