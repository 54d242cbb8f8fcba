/**
 * Preflight: what a host offers before anything is deployed to it. One round trip per host, read-only.
 */
import type { Logger } from '../log.js';
import { mapLimited } from '../concurrency.js';
import { raw, sh, script } from './quote.js';
import { type Connection, type Endpoint, withSession } from './ssh.js';

export interface PreflightOptions {
  /** Where releases will live; checked for existence, ownership and free space. */
  deployPath: string | undefined;
  /** Fail when the file system of deployPath has less than this many MiB free. */
  minFreeMiB: number;
  /** Fail when passwordless sudo is missing. */
  requireSudo: boolean;
  /** A systemd unit whose state is reported (and must be active when given). */
  service: string | undefined;
}

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
  /** A finding that is reported (as a warning) but does not fail the host. */
  warning?: boolean;
}

/**
 * Command lines keel never runs as root, for any spec (its rules are rendered by render-config: see
 * src/render/sudoers.ts). `sudo -n -l CMD...` says, without running anything, whether the SSH user may run
 * one: if so, its sudo rules are broader than keel needs (`ALL`, a shell, or a tool with any arguments).
 */
export const SUDO_CANARIES: string[][] = [
  ['/bin/bash'],
  ['/bin/sh', '-c', 'id'],
  ['/usr/bin/systemctl', 'stop', 'ssh.service'],
  ['/usr/bin/journalctl'],
  ['/usr/bin/install', '-m', '4755', '/bin/sh', '/usr/local/bin/keel-canary'],
  ['/usr/bin/cp', '/bin/sh', '/usr/local/bin/keel-canary'],
  ['/usr/bin/tee', '/etc/sudoers.d/keel-canary'],
  ['/usr/bin/cat', '/etc/shadow'],
  ['/usr/bin/rm', '-rf', '/etc/keel-canary'],
  ['/usr/bin/chmod', '4755', '/bin/sh'],
  ['/usr/sbin/nginx', '-c', '/tmp/keel-canary.conf'],
];

export interface HostReport {
  host: string;
  ok: boolean;
  /** How the host key was trusted and its fingerprint, when the connection got that far. */
  hostKey: string | undefined;
  facts: Record<string, string>;
  checks: Check[];
  error: string | undefined;
}

/** The facts script: prints `key=value` lines and never fails on a missing tool. */
export function factsScript(options: PreflightOptions): ReturnType<typeof script> {
  const path = options.deployPath ?? '';
  return script(
    raw('set +e'),
    raw(`echo "os=$( . /etc/os-release 2>/dev/null && echo "$PRETTY_NAME" || uname -s)"`),
    raw('echo "kernel=$(uname -r)"'),
    raw('echo "bash=${BASH_VERSION}"'),
    raw(
      'echo "python3=$(python3 -c "import sys; print(sys.version.split()[0])" 2>/dev/null || echo missing)"',
    ),
    raw('echo "sudo=$(sudo -n true 2>/dev/null && echo yes || echo no)"'),
    // What the SSH user may run as root beyond keel's own command lines (asked, never run).
    raw('broad='),
    ...SUDO_CANARIES.map(
      (c) => sh`if sudo -n -l -- ${c} >/dev/null 2>&1; then broad="$broad|"${c.join(' ')}; fi`,
    ),
    raw('echo "sudo.broader=${broad#|}"'),
    raw('echo "init=$(ps -o comm= -p 1 2>/dev/null || echo unknown)"'),
    raw('echo "systemd=$(systemctl is-system-running 2>/dev/null || true)"'),
    raw('echo "cpus=$(nproc 2>/dev/null || echo 1)"'),
    sh`p=${path}`,
    raw('if [ -n "$p" ]; then'),
    raw('  q="$p"; while [ ! -e "$q" ] && [ "$q" != / ]; do q=$(dirname "$q"); done'),
    raw('  echo "path.exists=$([ -e "$p" ] && echo yes || echo no)"'),
    raw('  echo "path.checked=$q"'),
    raw('  echo "path.writable=$([ -w "$q" ] && echo yes || echo no)"'),
    raw(`  echo "path.freeMiB=$(df -Pk "$q" 2>/dev/null | awk 'NR==2 {print int($4/1024)}')"`),
    raw('fi'),
    ...(options.service
      ? [
          sh`s=${options.service}`,
          raw('echo "service.state=$(systemctl is-active "$s" 2>/dev/null || true)"'),
        ]
      : []),
  );
}

export function parseFacts(stdout: string): Record<string, string> {
  const facts: Record<string, string> = {};
  for (const line of stdout.split('\n')) {
    const i = line.indexOf('=');
    if (i > 0) facts[line.slice(0, i)] = line.slice(i + 1).trim();
  }
  return facts;
}

export function judge(facts: Record<string, string>, options: PreflightOptions): Check[] {
  const checks: Check[] = [];
  checks.push({ name: 'bash', ok: (facts.bash ?? '') !== '', detail: facts.bash || 'missing' });
  checks.push({ name: 'python3', ok: facts.python3 !== 'missing', detail: facts.python3 ?? 'unknown' });
  checks.push({
    name: 'sudo',
    ok: !options.requireSudo || facts.sudo === 'yes',
    detail: facts.sudo === 'yes' ? 'passwordless' : 'not available without a password',
  });
  if (facts.sudo === 'yes') {
    const broader = (facts['sudo.broader'] ?? '').split('|').filter(Boolean);
    checks.push({
      name: 'sudo rules',
      ok: broader.length === 0,
      warning: true,
      detail:
        broader.length === 0
          ? "no broader than keel's own commands"
          : `broader than keel needs: may run ${broader.map((c) => `\`${c}\``).join(', ')} as root; install the rules render-config renders (sudoers/<app>-keel) instead`,
    });
  }
  const running = facts.systemd ?? '';
  checks.push({
    name: 'systemd',
    ok: true,
    detail:
      facts.init === 'systemd'
        ? `PID 1, ${running || 'state unknown'}`
        : `not PID 1 (${facts.init ?? 'unknown'})`,
  });
  if (options.deployPath) {
    const free = Number(facts['path.freeMiB'] ?? 'NaN');
    const writable = facts['path.writable'] === 'yes';
    checks.push({
      name: 'deploy path',
      ok: writable,
      detail: `${options.deployPath} ${facts['path.exists'] === 'yes' ? 'exists' : `(nearest: ${facts['path.checked'] ?? '?'})`}, ${writable ? 'writable' : 'NOT writable'}`,
    });
    checks.push({
      name: 'free space',
      ok: Number.isFinite(free) && free >= options.minFreeMiB,
      detail: Number.isFinite(free) ? `${free} MiB (need ${options.minFreeMiB})` : 'unknown',
    });
  }
  if (options.service) {
    const state = facts['service.state'] || 'unknown';
    checks.push({ name: `service ${options.service}`, ok: state === 'active', detail: state });
  }
  return checks;
}

/** Connects to one host (verifying its key), gathers facts, judges them. Never throws. */
export async function preflightHost(
  c: Connection,
  endpoint: Endpoint,
  options: PreflightOptions,
  log: Logger,
): Promise<HostReport> {
  return withSession(
    c,
    endpoint,
    log,
    async (session): Promise<HostReport> => {
      const hostKey = `${session.hostKey.type} ${session.hostKey.fingerprint} (${session.hostKey.how})`;
      if (session.hostKey.how === 'trust-on-first-use') {
        log.warn(`${endpoint.name}: host key trusted on first use: ${session.hostKey.fingerprint}; pin it`);
      }
      const result = await session.check('preflight', factsScript(options), { timeoutMs: 60_000 });
      const facts = parseFacts(result.stdout);
      const checks = judge(facts, options);
      return {
        host: endpoint.name,
        ok: checks.every((c) => c.ok || c.warning),
        hostKey,
        facts,
        checks,
        error: undefined,
      };
    },
    (error): HostReport => ({
      host: endpoint.name,
      ok: false,
      hostKey: undefined,
      facts: {},
      checks: [],
      error,
    }),
  );
}

/** Preflight of many hosts at once, at most `concurrency` at a time, results in the order given. */
export function preflight(
  c: Connection,
  options: PreflightOptions,
  log: Logger,
  concurrency = 8,
): Promise<HostReport[]> {
  return mapLimited(c.endpoints, concurrency, (e) => preflightHost(c, e, options, log));
}
