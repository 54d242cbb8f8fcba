import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const actionDir = (name: string): string =>
  name === 'pipeline' ? repoRoot : join(repoRoot, 'actions', name);
