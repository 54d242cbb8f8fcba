/**
 * The host firewall (spec `firewall:`) as ufw commands (pure). render-config renders one root-owned script,
 * `/usr/local/sbin/keel-<app>-firewall`, holding exactly the rules; ssh-deploy runs its verbs through sudo
 * (one sudo rule per verb, no ufw arguments of its own) and proves a new SSH connection before it confirms
 * (src/releases/firewall.ts):
 *
 *   apply    save ufw's current state, arm the automatic revert (a transient systemd timer, in
 *            `revert-after` seconds), then replace ufw's user rules with these and enable ufw
 *   confirm  a new SSH connection worked: stop the timer, record a fingerprint of what is applied
 *   revert   put the saved state back (the timer runs this when no confirm comes)
 *   status   current | pending | reverted | changed
 *
 * The spec's rules are ufw's whole user rule set: rules added by hand (`ufw allow ...`) are replaced.
 */
import { isIP } from 'node:net';
import type { Firewall } from '../appspec/schema.js';
import type { Resolved } from '../appspec/resolve.js';
import { quote } from '../remote/quote.js';

export interface FirewallRule {
  port: number;
  proto: 'tcp' | 'udp';
  /** Source networks, normalised (`10.0.0.0/8`); none: from anywhere. */
  from: string[];
}

/** What ssh-deploy needs to apply the firewall (manifest `firewall`). */
export interface FirewallPlan {
  /** The script on the host. */
  script: string;
  sshPort: number;
  revertAfter: number;
  /** Every port the firewall lets in, SSH included (what `mode: check` compares listeners with). */
  rules: FirewallRule[];
}

export class FirewallRuleError extends Error {
  constructor(
    /** The field below `firewall.allow[i]` (`.port`, `.from[1]`), or '' for the rule itself. */
    readonly sub: string,
    message: string,
  ) {
    super(message);
  }
}

/** `443/tcp` → port and protocol, or a FirewallRuleError saying what is wrong. */
export function parsePort(text: string | number, sub = ''): { port: number; proto: 'tcp' | 'udp' } {
  if (typeof text === 'number')
    throw new FirewallRuleError(
      sub,
      `needs a protocol: write ${Number.isInteger(text) ? text : 'PORT'}/tcp or ${Number.isInteger(text) ? text : 'PORT'}/udp`,
    );
  const shown = JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}...` : text);
  const m = /^([0-9]+)\/([A-Za-z0-9]*)$/.exec(text);
  if (!m) {
    if (/^[0-9]+$/.test(text))
      throw new FirewallRuleError(sub, `needs a protocol: write ${text}/tcp or ${text}/udp`);
    throw new FirewallRuleError(sub, `must be PORT/PROTOCOL like 443/tcp, not ${shown}`);
  }
  const [, digits, proto] = m as unknown as [string, string, string];
  const port = Number(digits);
  if (!/^[1-9][0-9]{0,4}$/.test(digits) || port > 65535)
    throw new FirewallRuleError(sub, `port must be a number from 1 to 65535, not ${digits}`);
  if (proto !== 'tcp' && proto !== 'udp')
    throw new FirewallRuleError(sub, `protocol must be tcp or udp, not ${JSON.stringify(proto)}`);
  return { port, proto };
}

/** `10.0.0.0/8`, `2001:db8::/32` or one address → the network in ufw's words; throws on anything else. */
export function parseSource(text: string, sub: string): string {
  const shown = JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}...` : text);
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const prefixText = slash < 0 ? undefined : text.slice(slash + 1);
  const family = isIP(address);
  // isIP accepts IPv6 zone ids (fe80::1%eth0); a firewall source cannot use one.
  if (family === 0 || address.includes('%'))
    throw new FirewallRuleError(
      sub,
      `must be a network like 203.0.113.0/24 or 2001:db8::/32 (or one address), not ${shown}`,
    );
  const bits = family === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^(0|[1-9][0-9]{0,2})$/.test(prefixText))
    throw new FirewallRuleError(sub, `has a bad prefix length in ${shown} (0 to ${bits})`);
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (prefix > bits)
    throw new FirewallRuleError(sub, `has prefix /${prefix} but IPv${family} has ${bits} bits`);
  if (prefix === 0)
    throw new FirewallRuleError(sub, `is /0, everyone: leave out from: to open the port to everyone`);
  const value = family === 4 ? v4(address) : v6(address);
  const mask = prefix === bits ? 0n : (1n << BigInt(bits - prefix)) - 1n;
  if ((value & mask) !== 0n) {
    const network = value & ~mask & ((1n << BigInt(bits)) - 1n);
    throw new FirewallRuleError(
      sub,
      `${shown} has host bits set: the network is ${family === 4 ? show4(network) : show6(network)}/${prefix}`,
    );
  }
  const canonical = family === 4 ? show4(value) : show6(value);
  return prefix === bits ? canonical : `${canonical}/${prefix}`;
}

function v4(a: string): bigint {
  return a.split('.').reduce((n, part) => (n << 8n) | BigInt(Number(part)), 0n);
}

function show4(n: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 255n)).join('.');
}

function v6(a: string): bigint {
  let text = a;
  // An embedded IPv4 tail (::ffff:192.0.2.1) as two groups.
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail) {
    const n = v4(tail[1]!);
    text = `${text.slice(0, -tail[1]!.length)}${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const [head, rest] = text.includes('::') ? text.split('::') : [text, undefined];
  const h = head ? head.split(':') : [];
  const r = rest === undefined ? [] : rest ? rest.split(':') : [];
  const groups = rest === undefined ? h : [...h, ...Array<string>(8 - h.length - r.length).fill('0'), ...r];
  return groups.reduce((n, g) => (n << 16n) | BigInt(parseInt(g, 16)), 0n);
}

function show6(n: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => Number((n >> BigInt(112 - i * 16)) & 0xffffn));
  // The longest run of zero groups (two or more) becomes :: (RFC 5952).
  let best = -1;
  let len = 0;
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > len && j - i > 1) {
      best = i;
      len = j - i;
    }
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + len).join(':')}`;
}

/**
 * The spec's rules, checked and normalised, SSH first. Problems are returned with their field (all of them,
 * so the spec's author sees every one at once).
 */
export function firewallRules(f: Firewall): {
  rules: FirewallRule[];
  problems: { field: string; message: string }[];
} {
  const problems: { field: string; message: string }[] = [];
  const ssh: FirewallRule = { port: f['ssh-port'], proto: 'tcp', from: [] };
  const rules: FirewallRule[] = [ssh];
  const seen = new Map<string, { index: number; from: string[] }>();
  f.allow.forEach((entry, i) => {
    const field = `firewall.allow[${i}]`;
    try {
      const obj = typeof entry === 'object' ? entry : undefined;
      const { port, proto } = parsePort(typeof entry === 'object' ? entry.port : entry, obj ? '.port' : '');
      const from: string[] = [];
      obj?.from.forEach((s, j) => {
        try {
          from.push(parseSource(s, `.from[${j}]`));
        } catch (e) {
          if (!(e instanceof FirewallRuleError)) throw e;
          problems.push({ field: `${field}${e.sub}`, message: e.message });
        }
      });
      if (obj && from.length !== obj.from.length) return;
      const dupSource = from.find((s, j) => from.indexOf(s) !== j);
      if (dupSource) throw new FirewallRuleError('.from', `lists ${dupSource} twice`);
      if (port === ssh.port && proto === 'tcp') {
        // The runbooks' `ufw allow 22` is what keel does anyway; limiting SSH to sources would lock keel out.
        if (from.length > 0)
          throw new FirewallRuleError(
            '.from',
            `limits ${port}/tcp, the SSH port keel connects on (firewall.ssh-port), to some sources: keel keeps it open to everyone so a deploy can never lock itself out; drop this rule (or change ssh-port)`,
          );
        return;
      }
      const key = `${port}/${proto}`;
      const before = seen.get(key);
      if (before !== undefined)
        throw new FirewallRuleError(
          '',
          before.from.length === 0 || from.length === 0
            ? `${key} is already allowed by firewall.allow[${before.index}]${before.from.length === 0 ? ' (from everyone)' : ''}: give each port once`
            : `${key} is already allowed by firewall.allow[${before.index}]: list all its sources in one rule`,
        );
      seen.set(key, { index: i, from });
      rules.push({ port, proto, from });
    } catch (e) {
      if (!(e instanceof FirewallRuleError)) throw e;
      problems.push({ field: `${field}${e.sub}`, message: e.message });
    }
  });
  return { rules, problems };
}

export function firewallScriptPath(app: string): string {
  return `/usr/local/sbin/keel-${app}-firewall`;
}

/** The plan for ssh-deploy (undefined: keel leaves the firewall alone). Needs a spec load.ts has checked. */
export function firewallPlan(r: Resolved): FirewallPlan | undefined {
  const f = r.spec.firewall;
  if (!f || !f.enabled) return undefined;
  const { rules, problems } = firewallRules(f);
  if (problems.length) throw new Error(`firewall: ${problems[0]!.field} ${problems[0]!.message}`);
  return {
    script: firewallScriptPath(r.name),
    sshPort: f['ssh-port'],
    revertAfter: f['revert-after'],
    rules,
  };
}

/** One rule as the ufw command lines that add it (one per source). */
export function ufwCommands(app: string, rule: FirewallRule, what: string): string[] {
  const comment = quote(`keel ${app}: ${what}`);
  if (rule.from.length === 0) return [`ufw allow ${rule.port}/${rule.proto} comment ${comment}`];
  return rule.from.map(
    (s) => `ufw allow proto ${rule.proto} from ${quote(s)} to any port ${rule.port} comment ${comment}`,
  );
}

/** `22/tcp`, `443/tcp from 10.0.0.0/8, 192.0.2.1`: a rule in words (summary, logs). */
export function describeRule(rule: FirewallRule): string {
  return `${rule.port}/${rule.proto}${rule.from.length ? ` from ${rule.from.join(', ')}` : ''}`;
}

export function renderFirewallScript(r: Resolved, plan: FirewallPlan): string {
  const q = quote;
  const state = `/var/lib/keel/firewall/${r.name}`;
  const unit = `keel-${r.name}-firewall-revert`;
  const rules = plan.rules.flatMap((rule, i) =>
    ufwCommands(r.name, rule, i === 0 ? 'ssh (firewall.ssh-port)' : describeRule(rule)),
  );
  return `#!/bin/sh
# Rendered by keel render-config; edit the spec (firewall:), not this file.
# The firewall of ${r.name}: ufw refuses incoming connections except these (the spec's firewall.allow and the
# SSH port keel connects on). ssh-deploy runs it through sudo, one verb at a time:
#   apply    save ufw's state, arm the automatic revert (in ${plan.revertAfter}s), put these rules in place, enable ufw
#   confirm  a NEW SSH connection worked after apply: cancel the revert, record what is applied
#   revert   put the saved state back (the timer runs this when no confirm comes in time)
#   status   current | pending | reverted | changed
# Allowed: ${plan.rules.map(describeRule).join('; ')}
set -eu
PATH=/usr/sbin:/usr/bin:/sbin:/bin
export PATH
umask 022
SELF=${q(plan.script)}
STATE=${q(state)}
UNIT=${q(unit)}
REVERT_AFTER=${plan.revertAfter}
# What ufw keeps and keel changes: the user rules, the default policies, whether it is enabled.
FILES='/etc/ufw/user.rules /etc/ufw/user6.rules /etc/default/ufw /etc/ufw/ufw.conf'

fingerprint() {
  # shellcheck disable=SC2086 # FILES is a list of paths without spaces
  cat "$SELF" $FILES 2>/dev/null | sha256sum | cut -c1-64
}

rules() {
  ufw default deny incoming
  ufw default allow outgoing
${rules.map((l) => `  ${l}`).join('\n')}
}

restore() {
  for f in $FILES; do
    saved="$STATE/previous/$(basename "$f")"
    if [ -e "$saved" ]; then cp -p "$saved" "$f"; fi
  done
  if grep -qx 'ENABLED=yes' "$STATE/previous/ufw.conf" 2>/dev/null; then
    ufw --force enable
    ufw reload
  else
    ufw --force disable
  fi
}

command -v ufw >/dev/null || { echo "ufw is not installed (apt-get install ufw)" >&2; exit 3; }
mkdir -p "$STATE"
chmod 0755 "$STATE"
exec 9>"$STATE/lock"
flock -w 120 9

case "\${1:-}" in
  apply)
    # A run that died before it confirmed left its revert armed: that revert happens first.
    if [ -e "$STATE/pending" ]; then
      systemctl stop "$UNIT.timer" 2>/dev/null || true
      restore
      rm -f "$STATE/pending"
    fi
    rm -rf "$STATE/previous" "$STATE/applied" "$STATE/reverted"
    mkdir -p "$STATE/previous"
    for f in $FILES; do
      if [ -e "$f" ]; then cp -p "$f" "$STATE/previous/"; fi
    done
    : >"$STATE/pending"
    systemctl stop "$UNIT.timer" 2>/dev/null || true
    systemctl reset-failed "$UNIT.timer" "$UNIT.service" 2>/dev/null || true
    systemd-run --quiet --unit="$UNIT" --on-active="\${REVERT_AFTER}s" --timer-property=AccuracySec=1s "$SELF" revert
    # The spec's rules replace ufw's user rules (ufw's own empty rule files first).
    install -m 0640 /usr/share/ufw/iptables/user.rules /etc/ufw/user.rules
    install -m 0640 /usr/share/ufw/iptables/user6.rules /etc/ufw/user6.rules
    rules >/dev/null
    ufw --force enable >/dev/null
    ufw reload >/dev/null
    echo applied
    ;;
  confirm)
    systemctl stop "$UNIT.timer" 2>/dev/null || true
    if [ ! -e "$STATE/pending" ]; then
      echo "nothing to confirm: the rules were reverted already" >&2
      exit 4
    fi
    rm -f "$STATE/pending"
    fingerprint >"$STATE/applied"
    echo confirmed
    ;;
  revert)
    systemctl stop "$UNIT.timer" 2>/dev/null || true
    if [ ! -e "$STATE/pending" ]; then
      echo "nothing to revert"
      exit 0
    fi
    restore
    rm -f "$STATE/pending" "$STATE/applied"
    date -u +%Y-%m-%dT%H:%M:%SZ >"$STATE/reverted"
    echo reverted
    ;;
  status)
    if [ -e "$STATE/pending" ]; then
      echo pending
    elif [ -e "$STATE/applied" ] && [ "$(cat "$STATE/applied")" = "$(fingerprint)" ] && grep -qx 'ENABLED=yes' /etc/ufw/ufw.conf; then
      echo current
    elif [ -e "$STATE/reverted" ]; then
      echo reverted
    else
      echo changed
    fi
    ;;
  *)
    echo "usage: $SELF apply|confirm|revert|status" >&2
    exit 2
    ;;
esac
`;
}
