// Case 6: each action bundle's cold start under Node 24 (to its first error without inputs), each post step with
// nothing to do (no saved state), next to bare `node -e 0` in the same rounds (interleaved, so machine load hits
// all alike), and dist's size. Goal (issue #16): every entry ≤ 150 ms over bare Node.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { median, ms, node, root, time } from './lib.mjs';

// The actions and their post steps: the one list (src/actions/registry.ts), from the bundle measured.
const { ACTIONS, REGISTRY } = await import(join(root, 'dist/index.js'));
export { ACTIONS };
/** Post steps, run as the runner runs them after a main step that left nothing (no STATE_* variables). */
export const POSTS = ACTIONS.filter((a) => REGISTRY[a].post);
export const COLD_START_GOAL_MS = 150;

export function coldStart(rounds = Number(process.env.KEEL_BENCH_STARTUP_ROUNDS ?? 20)) {
  const env = { PATH: process.env.PATH };
  const cases = [
    { name: 'node -e 0', args: ['-e', '0'] },
    ...ACTIONS.map((action) => ({ name: action, args: [join(root, 'dist', `${action}.js`)] })),
    ...POSTS.map((action) => ({
      name: `${action} post (nothing to do)`,
      args: [join(root, 'dist', `${action}-post.js`)],
    })),
  ];
  const times = cases.map(() => []);
  for (let i = 0; i < rounds; i++)
    cases.forEach((c, j) => times[j].push(time(() => spawnSync(node, c.args, { env, stdio: 'ignore' }))));
  const baseline = median(times[0]);
  const rows = cases.slice(1).map((c, j) => {
    const m = median(times[j + 1]);
    return {
      action: c.name,
      medianMs: ms(m),
      overNodeMs: ms(m - baseline),
      ratio: +(m / baseline).toFixed(2),
    };
  });
  const size = readdirSync(join(root, 'dist')).reduce((n, f) => n + statSync(join(root, 'dist', f)).size, 0);
  return { rows, nodeBaselineMs: ms(baseline), rounds, distBytes: size };
}

// `node scripts/bench/startup.mjs`: this case alone (no test hosts), as JSON.
if (process.argv[1] && import.meta.filename === process.argv[1])
  process.stdout.write(JSON.stringify(coldStart(), null, 2) + '\n');
