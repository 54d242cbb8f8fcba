// Case 6: each action bundle's cold start under Node 24 (to its first error without inputs), and dist's size.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { median, ms, node, root, time } from './lib.mjs';

export const ACTIONS = [
  'render-config',
  'ssh-deploy',
  'smoke-check',
  'reload-graceful',
  'backup-db',
  'pipeline',
];

export function coldStart() {
  const rows = ACTIONS.map((action) => {
    const times = Array.from({ length: 15 }, () =>
      time(() =>
        spawnSync(node, [join(root, 'dist', `${action}.js`)], {
          env: { PATH: process.env.PATH },
          stdio: 'ignore',
        }),
      ),
    );
    return { action, medianMs: ms(median(times)) };
  });
  const baseline = median(
    Array.from({ length: 15 }, () => time(() => spawnSync(node, ['-e', '0'], { stdio: 'ignore' }))),
  );
  const size = readdirSync(join(root, 'dist')).reduce((n, f) => n + statSync(join(root, 'dist', f)).size, 0);
  return { rows, nodeBaselineMs: ms(baseline), distBytes: size };
}
