/**
 * The one list of keel's actions: every other list (the bundle's entries and lazy chunks in src/main.ts, the
 * entry files scripts/build.mjs writes, the action.yml files scripts/gen-action-yml.mjs fills, the tests and
 * the startup benchmark) is read from here. Adding an action: its folder under src/actions/ (main.ts,
 * inputs.ts), its action.yml under `dir`, one line here, and the two loaders in src/main.ts (a type error
 * until they exist).
 */
export interface ActionEntry {
  /** The folder of its action.yml, relative to the repository ('.' for the root action). */
  dir: string;
  /**
   * The step state (names of `core.saveState`) its post step acts on; absent: no post step. The post entry
   * exits before the bundle loads when none of it is set.
   */
  post?: readonly string[];
}

const registry = {
  pipeline: { dir: '.', post: ['locks', 'unproved'] },
  'render-config': { dir: 'actions/render-config' },
  'ssh-deploy': { dir: 'actions/ssh-deploy', post: ['locks'] },
  'reload-graceful': { dir: 'actions/reload-graceful' },
  'smoke-check': { dir: 'actions/smoke-check' },
  'backup-db': { dir: 'actions/backup-db' },
} as const satisfies Record<string, ActionEntry>;

export type ActionName = keyof typeof registry;
export const REGISTRY: Readonly<Record<ActionName, ActionEntry>> = registry;
export const ACTIONS = Object.keys(REGISTRY) as ActionName[];
