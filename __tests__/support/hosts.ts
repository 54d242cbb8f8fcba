/**
 * The test hosts that test/hosts/hostctl builds (network namespaces with sshd; a systemd-nspawn host),
 * as the tests see them: addresses, keys and trust, read from hosts.json.
 */
import { execFileSync } from 'node:child_process';
import { knownHostKeys, type HostTrust } from '../../src/remote/hostkeys.js';
import { quote } from '../../src/remote/quote.js';
import { parsePrivateKey } from '../../src/remote/keys.js';
import { defaultConnectOptions, type Endpoint, SshSession } from '../../src/remote/ssh.js';
import { memoryLogger } from '../../src/log.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

export interface TestHost {
  name: string;
  kind: 'plain' | 'systemd';
  address: string;
  port: number;
  user: string;
  netns: string;
  pid: number;
  hostKeys: Record<string, string>;
}

export interface TestHosts {
  dir: string;
  clientKey: string;
  clientPublicKey: string;
  knownHosts: string;
  rootfs: string;
  hosts: TestHost[];
}

export const hostsDir = process.env.KEEL_HOSTS_DIR ?? '/var/tmp/keel-hosts';
export const hostctl = join(repoRoot, 'test', 'hosts', 'hostctl');

export function loadHosts(): TestHosts {
  return JSON.parse(readFileSync(join(hostsDir, 'hosts.json'), 'utf8')) as TestHosts;
}

export function host(name: string): TestHost {
  const h = loadHosts().hosts.find((x) => x.name === name);
  if (!h) throw new Error(`test host ${name} is not up`);
  return h;
}

export function plainHosts(): TestHost[] {
  return loadHosts().hosts.filter((h) => h.kind === 'plain');
}

/** Runs a command as root inside a test host (not over SSH: for arranging and inspecting). */
export function hostExec(name: string, command: string): string {
  return execFileSync(hostctl, ['exec', name, '--', 'bash', '-c', command], { encoding: 'utf8' });
}

/**
 * The inputs that reach a test host over SSH as `deploy`: the address, the run's client key and the hosts'
 * known_hosts (every action that talks to a host takes them).
 */
export function connectionInputs(address: string): Record<string, string> {
  return { hosts: address, user: 'deploy', 'ssh-key': clientKey(), 'known-hosts': knownHosts() };
}

/**
 * Shell for a host: the app's system user `user` (home `home`, no login shell) if it is missing; then `home`
 * itself, owned by `deploy`, the deploy path keel ships to.
 */
export function appUserScript(user: string, home: string): string {
  return (
    `id ${quote(user)} >/dev/null 2>&1 || useradd --system --home-dir ${quote(home)} --shell /usr/sbin/nologin ${quote(user)}; ` +
    `install -d -o deploy -g deploy ${quote(home)}`
  );
}

/** The test hosts' broad sudo rules for `deploy` (test/hosts), which a suite may move aside. */
const BROAD_SUDO = '/etc/sudoers.d/keel-deploy';

/**
 * Moves the host's broad sudo rules aside (to `saved`): from here on the deploy user may run only what the
 * other rules in /etc/sudoers.d allow (render-config's). `restoreBroadSudoScript` puts them back.
 */
export function moveBroadSudoAside(name: string, saved: string): void {
  hostExec(name, `mv ${BROAD_SUDO} ${quote(saved)}`);
}

/** Shell that puts the broad sudo rules back from `saved`, if a suite moved them there (for its afterAll). */
export function restoreBroadSudoScript(saved: string): string {
  return `test -e ${quote(saved)} && mv ${quote(saved)} ${BROAD_SUDO}`;
}

export function clientKey(): string {
  return readFileSync(loadHosts().clientKey, 'utf8');
}

export function knownHosts(): string {
  return readFileSync(loadHosts().knownHosts, 'utf8');
}

/** Writes a file inside a test host as root (small files: the content travels base64-encoded). */
export function putFile(
  name: string,
  path: string,
  content: string,
  options: { mode?: string; owner?: string } = {},
): void {
  const b64 = Buffer.from(content).toString('base64');
  hostExec(
    name,
    `install -d ${quote(path.replace(/\/[^/]*$/, '') || '/')} && echo ${b64} | base64 -d > ${quote(path)} && chmod ${options.mode ?? '0644'} ${quote(path)}` +
      (options.owner ? ` && chown ${quote(options.owner)} ${quote(path)}` : ''),
  );
}

/** The SSH layer's view of a test host, trusting its known_hosts keys (override with `trust`). */
export function endpoint(h: TestHost, trust?: Partial<HostTrust>): Endpoint {
  return {
    name: h.name,
    host: h.address,
    port: h.port,
    user: h.user,
    trust: {
      keys: knownHostKeys(knownHosts(), h.address, h.port),
      fingerprints: [],
      trustOnFirstUse: false,
      ...trust,
    },
  };
}

export const testConnectOptions = { ...defaultConnectOptions, retries: 0, connectTimeoutMs: 10_000 };

/** A verified session to a test host as `deploy`, with the run's client key. */
export function openSession(h: TestHost, trust?: Partial<HostTrust>): Promise<SshSession> {
  return SshSession.open(
    endpoint(h, trust),
    { key: parsePrivateKey(clientKey(), undefined) },
    testConnectOptions,
    memoryLogger(),
  );
}
