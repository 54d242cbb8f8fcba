/**
 * The post steps' entry files (dist/ssh-deploy-post.js, dist/pipeline-post.js): with none of the state the main
 * step saves for them, they exit before the bundle loads (a post step with nothing to do costs a bare Node
 * start); with any of it, they hand over to the bundle. Each entry is run for real, next to a stand-in bundle
 * that records that it was loaded, with the state names the real code saves (so a renamed state key fails here).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UNPROVED_STATE } from '../../src/actions/pipeline/unproved.js';
import { state } from '../../src/actions/ssh-deploy/inputs.js';
import { repoRoot } from '../support/paths.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'keel-post-'));
  for (const f of ['ssh-deploy-post.js', 'pipeline-post.js'])
    copyFileSync(join(repoRoot, 'dist', f), join(dir, f));
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
  // The stand-in bundle: loading it is recorded, and so is the run it is asked for.
  writeFileSync(
    join(dir, 'index.js'),
    "import { appendFileSync } from 'node:fs';\n" +
      "appendFileSync(new URL('./loaded', import.meta.url), 'loaded\\n');\n" +
      "export async function run(action, phase) { appendFileSync(new URL('./loaded', import.meta.url), `${action} ${phase}\\n`); }\n",
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs an entry with only PATH and the given state; returns what the stand-in bundle recorded ('' = not loaded). */
function post(entry: string, stateVars: Record<string, string>): { status: number | null; loaded: string } {
  rmSync(join(dir, 'loaded'), { force: true });
  const env: Record<string, string> = { PATH: process.env.PATH ?? '' };
  for (const [k, v] of Object.entries(stateVars)) env[`STATE_${k}`] = v;
  const r = spawnSync(process.execPath, [join(dir, entry)], { env, encoding: 'utf8' });
  const file = join(dir, 'loaded');
  return { status: r.status, loaded: existsSync(file) ? readFileSync(file, 'utf8') : '' };
}

const lock = JSON.stringify([{ host: 'web1', token: 't0k3n' }]);

describe('post entry files', () => {
  it.each([
    ['ssh-deploy-post.js', {}],
    ['ssh-deploy-post.js', { [state.locks]: '' }],
    ['ssh-deploy-post.js', { [state.locks]: '[]', [state.deployPath]: '/srv/app' }],
    ['pipeline-post.js', {}],
    ['pipeline-post.js', { [state.locks]: '[]', [UNPROVED_STATE]: '', [state.deployPath]: '/srv/app' }],
  ])('%s with nothing to do (state %j) exits 0 without loading the bundle', (entry, vars) => {
    expect(post(entry, vars)).toEqual({ status: 0, loaded: '' });
  });

  it.each([
    ['ssh-deploy-post.js', { [state.locks]: lock }, 'ssh-deploy'],
    ['pipeline-post.js', { [state.locks]: lock }, 'pipeline'],
    ['pipeline-post.js', { [UNPROVED_STATE]: '{"hosts":[]}' }, 'pipeline'],
    // Anything unexpected in the state is the bundle's to judge, never skipped here.
    ['ssh-deploy-post.js', { [state.locks]: 'not json' }, 'ssh-deploy'],
  ])('%s with state %j loads the bundle and runs the post phase', (entry, vars, action) => {
    expect(post(entry, vars)).toEqual({ status: 0, loaded: `loaded\n${action} post\n` });
  });
});
