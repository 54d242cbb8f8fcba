/**
 * The hosts a step talks to, and how each is trusted: from the `hosts`, `user`, `port`, `known-hosts`,
 * `host-fingerprints`, `trust-on-first-use` and `jump-hosts` inputs (shared by every keel action that uses SSH).
 */
import { type Problem } from '../errors.js';
import { type HostTrust, knownHostKeys, normaliseFingerprint } from '../remote/hostkeys.js';
import type { Endpoint } from '../remote/ssh.js';

const HOSTNAME =
  /^(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const IPV6 = /^[0-9A-Fa-f:.]+$/;
const USER = /^[a-z_][a-z0-9_.-]{0,31}$/i;

export interface HostAddress {
  host: string;
  port: number;
  user: string | undefined;
}

/** Parses `[user@]host[:port]` (IPv6 as `[addr]:port`). Returns an error text instead of throwing. */
export function parseHostAddress(text: string): HostAddress | string {
  const m = /^(?:([^@\s]+)@)?(?:\[([^\]]+)\]|([^:\s]+))(?::(\d+))?$/.exec(text.trim());
  if (!m) return `${JSON.stringify(text)} is not of the form [user@]host[:port]`;
  const [, user, v6, name, portText] = m;
  const host = (v6 ?? name)!;
  if (v6 !== undefined ? !(IPV6.test(v6) && v6.includes(':')) : !(IPV4.test(host) || HOSTNAME.test(host))) {
    return `${JSON.stringify(host)} is not a host name or IP address`;
  }
  if (user !== undefined && !USER.test(user)) return `${JSON.stringify(user)} is not a valid user name`;
  const port = portText === undefined ? 22 : Number(portText);
  if (!(port >= 1 && port <= 65535)) return `port ${portText} is out of range (1-65535)`;
  return { host, port, user };
}

export interface TrustInputs {
  knownHosts: string | undefined;
  /** Lines of `SHA256:...` (every host) or `host SHA256:...` (one host). */
  fingerprints: string[];
  trustOnFirstUse: boolean;
}

export function trustFor(host: string, port: number, inputs: TrustInputs, problems: Problem[]): HostTrust {
  const notes: string[] = [];
  const keys = inputs.knownHosts ? knownHostKeys(inputs.knownHosts, host, port, notes) : [];
  for (const n of new Set(notes)) problems.push({ field: 'known-hosts', message: n });
  const fingerprints: string[] = [];
  for (const line of inputs.fingerprints) {
    const parts = line.split(/\s+/);
    const [scope, value] = parts.length >= 2 ? [parts[0], parts[parts.length - 1]] : [undefined, parts[0]];
    const fp = normaliseFingerprint(value ?? '');
    if (!fp) {
      problems.push({
        field: 'host-fingerprints',
        message: `${JSON.stringify(line)} is not a SHA256 fingerprint (SHA256:<43 base64 characters>)`,
      });
      continue;
    }
    if (
      scope === undefined ||
      scope === host ||
      scope === `${host}:${port}` ||
      scope === `[${host}]:${port}`
    ) {
      fingerprints.push(fp);
    }
  }
  return { keys, fingerprints, trustOnFirstUse: inputs.trustOnFirstUse };
}

/** Builds verified endpoints for every listed host, collecting problems instead of stopping at the first. */
export function endpointsFrom(
  list: string[],
  defaults: { user: string | undefined; port: number },
  trust: TrustInputs,
  field: string,
  problems: Problem[],
): Endpoint[] {
  const out: Endpoint[] = [];
  for (const item of list) {
    const parsed = parseHostAddress(item);
    if (typeof parsed === 'string') {
      problems.push({ field, message: parsed });
      continue;
    }
    const user = parsed.user ?? defaults.user;
    if (!user) {
      problems.push({ field, message: `no user for ${parsed.host}: give 'user' or write user@host` });
      continue;
    }
    if (!USER.test(user)) {
      problems.push({ field: 'user', message: `${JSON.stringify(user)} is not a valid user name` });
      continue;
    }
    const port = item.match(/:\d+$/) ? parsed.port : defaults.port;
    const hostTrust = trustFor(parsed.host, port, trust, problems);
    out.push({ name: parsed.host, host: parsed.host, port, user, trust: hostTrust });
  }
  return out;
}
