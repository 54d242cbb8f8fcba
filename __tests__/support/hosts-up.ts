import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// jest loads global setup outside its module mapper: no imports of the other support files here.
const hostctl = fileURLToPath(new URL('../../test/hosts/hostctl', import.meta.url));

/** jest globalSetup of the `hosts` project: brings the test hosts up once for the whole run. */
export default function setup(): void {
  if (process.env.KEEL_HOSTS_KEEP === 'reuse') return;
  execFileSync(hostctl, ['up'], { stdio: 'inherit' });
}
