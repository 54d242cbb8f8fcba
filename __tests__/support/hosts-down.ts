import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const hostctl = fileURLToPath(new URL('../../test/hosts/hostctl', import.meta.url));

/** jest globalTeardown of the `hosts` project: nothing it started may be left running. */
export default function teardown(): void {
  if (process.env.KEEL_HOSTS_KEEP) return;
  execFileSync(hostctl, ['down'], { stdio: 'inherit' });
}
