import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ActionName, REGISTRY } from '../../src/actions/registry.js';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The folder of an action's action.yml (from the one list, src/actions/registry.ts). */
export const actionDir = (name: string): string => join(repoRoot, REGISTRY[name as ActionName].dir);
