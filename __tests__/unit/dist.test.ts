/**
 * check-dist: the committed dist/ must be exactly what the build makes of src/ (the runner executes dist/,
 * never src/), and every action.yml must point at an entry that exists.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readActionMetadata } from '../../src/runner/runner.js';
import { ACTIONS, REGISTRY } from '../../src/main.js';
import { actionDir, repoRoot } from '../support/paths.js';

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

describe('dist/', () => {
  it('is what the build makes of the current src/ (run `npm run build` and commit dist/ when this fails)', () => {
    const out = mkdtempSync(join(tmpdir(), 'keel-dist-'));
    try {
      execFileSync(process.execPath, [join(repoRoot, 'scripts/build.mjs'), '--out', out], {
        cwd: repoRoot,
        stdio: 'pipe',
      });
      const built = listFiles(out).sort();
      const committed = listFiles(join(repoRoot, 'dist')).sort();
      expect(committed).toEqual(built);
      const stale = built.filter(
        (f) => !readFileSync(join(out, f)).equals(readFileSync(join(repoRoot, 'dist', f))),
      );
      expect(stale).toEqual([]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);

  it('ships no native addons (they are built for one platform; ssh2 works without them)', () => {
    const files = listFiles(join(repoRoot, 'dist'));
    expect(files.filter((f) => f.endsWith('.node') || f.endsWith('.exe'))).toEqual([]);
  });

  it.each(ACTIONS)('has the node24 entries that %s/action.yml names', (name) => {
    const dir = actionDir(name);
    const meta = readActionMetadata(dir);
    expect(meta.runs.using).toBe('node24');
    for (const entry of [meta.runs.main, meta.runs.post].filter((e): e is string => e !== undefined)) {
      const file = resolve(dir, entry);
      expect(file.startsWith(join(repoRoot, 'dist'))).toBe(true);
      expect(existsSync(file)).toBe(true);
    }
  });

  it.each(ACTIONS)(
    '%s: its action.yml, its dist/ entries and the registry agree on its post step',
    (name) => {
      const meta = readActionMetadata(actionDir(name));
      const post = REGISTRY[name].post;
      expect(resolve(actionDir(name), meta.runs.main)).toBe(join(repoRoot, 'dist', `${name}.js`));
      expect(meta.runs.post && resolve(actionDir(name), meta.runs.post)).toBe(
        post ? join(repoRoot, 'dist', `${name}-post.js`) : undefined,
      );
      expect(existsSync(join(repoRoot, 'dist', `${name}-post.js`))).toBe(!!post);
      if (post) {
        const entry = readFileSync(join(repoRoot, 'dist', `${name}-post.js`), 'utf8');
        expect(entry).toContain(`const work = ${JSON.stringify(post)}.some(`);
      }
    },
  );
});
