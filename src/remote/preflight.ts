/**
 * Preflight: what a host offers before anything is deployed to it. One round trip per host, read-only.
 */
import type { Logger } from '../log.js';
import type { FirewallPlan } from '../render/firewall.js';
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
  /** The spec's firewall: every socket reachable from outside on a port it does not allow is a finding. */
  firewall?: FirewallPlan | undefined;
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
    // Listening sockets with their processes (as root, through keel's one ss rule, when it is installed:
    // other users' processes are hidden from ss otherwise). Numbered, so a process name cannot pose as a fact.
    ...(options.firewall
      ? [
          raw(
            '{ sudo -n /usr/bin/ss -H -ltnup 2>/dev/null || ss -H -ltnup 2>/dev/null || echo \'unavailable\'; } | awk \'{ print "listen." NR "=" $0 }\'',
          ),
        ]
      : []),
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
  if (options.firewall) checks.push(...listenerFindings(facts, options.firewall));
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

export interface Listener {
  proto: 'tcp' | 'udp';
  /** The address as ss shows it, without brackets or %interface. */
  address: string;
  port: number;
  /** Process names and PIDs (empty when ss could not see them). */
  processes: { name: string; pid: number }[];
}

const SS_LINE = /^(tcp|udp)\s+\S+\s+\d+\s+\d+\s+(\S+):(\d{1,5}|\*)\s+\S+(?:\s+(.*))?$/;

/** One `ss -H -ltnup` line, or undefined for anything else (a line a process name broke, a header). */
export function parseListener(line: string): Listener | undefined {
  const m = SS_LINE.exec(line.trim());
  if (!m || m[3] === '*') return undefined;
  const address = m[2]!.replace(/%[^\]:]*/g, '').replace(/^\[(.*)\]$/, '$1');
  const processes: { name: string; pid: number }[] = [];
  // users:(("name",pid=1,fd=3),...): names may hold quotes, commas or brackets; the pid that follows anchors each.
  for (const p of (m[4] ?? '').matchAll(/\("(.*?)",pid=(\d+),fd=\d+\)/g))
    processes.push({ name: p[1]!, pid: Number(p[2]) });
  return { proto: m[1] as 'tcp' | 'udp', address, port: Number(m[3]), processes };
}

/** Whether a socket bound to this address takes connections from other machines. */
export function reachable(address: string): boolean {
  const a = address.toLowerCase();
  if (a === '*' || a === '0.0.0.0' || a === '::') return true;
  return !(/^127\./.test(a) || a === '::1' || /^::ffff:127\./.test(a) || a === 'localhost');
}

/** A process name for a report line: control characters shown as ?, at most 32 characters, quoted. */
export function shownName(name: string): string {
  // eslint-disable-next-line no-control-regex -- replacing control characters is the point
  const clean = name.replace(/[\x00-\x1f\x7f]/g, '?');
  return JSON.stringify(clean.length > 32 ? `${clean.slice(0, 32)}...` : clean);
}

/** mode: check's findings: sockets reachable from outside on ports the firewall does not allow. */
export function listenerFindings(facts: Record<string, string>, firewall: FirewallPlan): Check[] {
  const lines = Object.entries(facts)
    .filter(([k]) => /^listen\.\d+$/.test(k))
    .sort(([a], [b]) => Number(a.slice(7)) - Number(b.slice(7)))
    .map(([, v]) => v);
  if (lines.length === 0 || (lines.length === 1 && lines[0] === 'unavailable'))
    return [
      {
        name: 'listening sockets',
        ok: true,
        warning: true,
        detail: 'unknown (ss is not available on the host)',
      },
    ];
  const allowed = new Set(firewall.rules.map((r) => `${r.port}/${r.proto}`));
  const seen = new Set<string>();
  const findings: Check[] = [];
  for (const l of lines.map(parseListener)) {
    if (!l || !reachable(l.address) || allowed.has(`${l.port}/${l.proto}`)) continue;
    const where = `${l.address.includes(':') ? `[${l.address}]` : l.address}:${l.port}/${l.proto}`;
    if (seen.has(where)) continue;
    seen.add(where);
    const names = [...new Set(l.processes.map((p) => `${shownName(p.name)} (PID ${p.pid})`))];
    findings.push({
      name: `port ${l.port}/${l.proto}`,
      ok: false,
      warning: true,
      detail: `${names.length ? names.slice(0, 3).join(', ') : 'a process keel cannot see'} listens on ${where}, reachable from outside, and firewall.allow does not open ${l.port}/${l.proto}: bind it to 127.0.0.1 (or a unix socket), or allow it in the spec`,
    });
  }
  if (findings.length === 0)
    findings.push({
      name: 'listening sockets',
      ok: true,
      detail: `every socket reachable from outside is on a port the firewall allows (${firewall.rules.map((r) => `${r.port}/${r.proto}`).join(', ')})`,
    });
  return findings;
}
