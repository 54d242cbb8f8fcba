import { execFileSync } from 'node:child_process';
import { hostctl } from './hosts.js';

/** jest globalSetup of the `hosts` project: brings the test hosts up once for the whole run. */
export default function setup(): void {
  if (process.env.KEEL_HOSTS_KEEP === 'reuse') return;
  execFileSync(hostctl, ['up'], { stdio: 'inherit' });
}
