/**
 * Reading a spec: YAML text → schema (zod) → cross-file consistency checks. Every problem names its field
 * (`proxy.routes[1].path`), and all of them are reported at once; warnings are returned for the summary.
 */
import { processManagerProblems } from './process-manager.js';
import { frameAncestors, frameOptionsFor } from '../render/headers.js';
import { versionAtLeast } from '../render/versions.js';
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { InputError, type Problem } from '../errors.js';
import { CommandError, splitCommand } from './command.js';
import { firewallRules } from '../render/firewall.js';
import { parseHostAddress } from '../config/hosts.js';
import { commandCredential, environmentCredentials } from './credentials.js';
import { flowerExposure } from './flower.js';
import { type Spec, specSchema } from './schema.js';

export interface SpecProblem extends Problem {
  /** 1-based line in the spec file, when known. */
  line?: number;
}

export interface LoadedSpec {
  spec: Spec;
  warnings: SpecProblem[];
}

export class SpecError extends InputError {
  constructor(
    readonly specProblems: SpecProblem[],
    readonly file: string,
  ) {
    super(specProblems, 'spec field');
    this.name = 'SpecError';
  }
}

/** A path as the spec (or any JSON document) names it: `proxy.routes[1].path`. */
export function fieldName(path: PropertyKey[]): string {
  return path.reduce<string>(
    (acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc === '' ? String(k) : `${acc}.${String(k)}`),
    '',
  );
}

const EXPECTED: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'text',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping (field: value)',
};

/** What the spec holds at a path (before defaults), for saying what was found instead. */
function valueAt(raw: unknown, path: PropertyKey[]): unknown {
  let cur = raw;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[k];
  }
  return cur;
}

function describeFound(value: unknown, secret: boolean): string {
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  // Environment values may be secrets: only their type is named.
  if (secret)
    return typeof value === 'string' ? 'text' : typeof value === 'number' ? 'a number' : 'true or false';
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 40)}...` : value;
    return `the text ${JSON.stringify(shown)}`;
  }
  return `${typeof value === 'number' ? 'the number ' : ''}${String(value)}`;
}

/** Expectations of a type or union issue, in words: `a whole number`, `auto`. */
function expectations(issue: z.core.$ZodIssue): string[] {
  if (issue.code === 'invalid_type') return [EXPECTED[issue.expected] ?? issue.expected];
  if (issue.code === 'invalid_value' && 'values' in issue)
    return (issue.values as unknown[]).map((v) => String(v));
  if (issue.code === 'invalid_union') return issue.errors.flatMap((e) => e.flatMap(expectations));
  return [];
}

function issueMessage(issue: z.core.$ZodIssue, raw: unknown): string {
  if (issue.code === 'unrecognized_keys') {
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
  }
  // A map's key that breaks its rule (a process name): the rule's own message.
  if (issue.code === 'invalid_key') return issue.issues[0]?.message ?? issue.message;
  const found = valueAt(raw, issue.path);
  const secret = issue.path[0] === 'app' && issue.path[1] === 'environment';
  if (issue.code === 'invalid_type' || issue.code === 'invalid_union') {
    if (found === undefined) return 'is required';
    const want = [...new Set(expectations(issue))];
    const numeric =
      typeof found === 'string' &&
      found.trim() !== '' &&
      !Number.isNaN(Number(found)) &&
      want.some((w) => /number/.test(w));
    return (
      `must be ${want.join(' or ') || 'something else'}, not ${describeFound(found, secret)}` +
      (numeric ? ' (write it without quotes)' : '')
    );
  }
  if (issue.code === 'invalid_value' && 'values' in issue) {
    return `must be one of: ${(issue.values as unknown[]).map((v) => String(v)).join(', ')}, not ${describeFound(found, secret)}`;
  }
  return issue.message;
}

interface Problems {
  errors: SpecProblem[];
  warnings: SpecProblem[];
}

/** Gunicorn: the bind and socket activation, worker recycling, worker class and threads, timeouts against the routes'. */
function gunicornProblems(spec: Spec, rawGunicorn: Record<string, unknown>, out: Problems): void {
  const { errors, warnings } = out;
  const g = spec.gunicorn;
  if (g.bind === 'unix' && rawGunicorn.port !== undefined) {
    errors.push({
      field: 'gunicorn.port',
      message: 'is only for bind: tcp (bind: unix uses a socket in /run/<app>/)',
    });
  }
  if (g.bind === 'unix' && g['socket-activation'] === false) {
    errors.push({
      field: 'gunicorn.socket-activation',
      message:
        'bind: unix needs the socket unit (it gives the socket to the proxy group without adding users to groups); use bind: tcp to run without socket activation',
    });
  }
  if (g['max-requests-jitter'] > g['max-requests']) {
    errors.push({
      field: 'gunicorn.max-requests-jitter',
      message: `must not exceed max-requests (${g['max-requests']})`,
    });
  }
  if (g['worker-class'] === 'sync' && g.threads > 1) {
    warnings.push({
      field: 'gunicorn.threads',
      message: 'with worker-class sync, threads > 1 makes Gunicorn use gthread workers',
    });
  }
  if (g['worker-class'] === 'gthread' && g.threads === 1) {
    warnings.push({
      field: 'gunicorn.threads',
      message: 'gthread workers with 1 thread behave like sync workers',
    });
  }
  if (g['preload-app']) {
    warnings.push({
      field: 'gunicorn.preload-app',
      message:
        'with preload-app, a HUP reload keeps the old code: reload-graceful will restart through the socket instead',
    });
  }
  const timeouts = [g.timeout, ...spec.proxy.routes.map((r) => r.timeout ?? 0)];
  if (Math.max(...timeouts) > g.timeout) {
    errors.push({
      field: 'gunicorn.timeout',
      message: `is ${g.timeout}s but a route allows ${Math.max(...timeouts)}s: Gunicorn would kill the worker first; raise gunicorn.timeout`,
    });
  }
}

/** TLS and certificates: the certificate mode against the proxy, files, wildcard domains, HSTS, OCSP. */
function tlsProblems(spec: Spec, out: Problems): void {
  const { errors, warnings } = out;
  const tls = spec.proxy.tls;
  const mode = tls.certificates ?? (spec.proxy.server === 'caddy' ? 'caddy' : 'certbot');
  if (mode === 'caddy' && spec.proxy.server !== 'caddy') {
    errors.push({
      field: 'proxy.tls.certificates',
      message: "'caddy' needs proxy.server: caddy (use certbot or files with nginx)",
    });
  }
  if (mode === 'files' && (!tls.cert || !tls.key)) {
    errors.push({
      field: tls.cert ? 'proxy.tls.key' : 'proxy.tls.cert',
      message: 'is required with certificates: files',
    });
  }
  if (mode !== 'files' && (tls.cert || tls.key)) {
    errors.push({
      field: tls.cert ? 'proxy.tls.cert' : 'proxy.tls.key',
      message: 'is only used with certificates: files',
    });
  }
  if (mode === 'certbot' && spec.proxy.domains.some((d) => d.startsWith('*.'))) {
    errors.push({
      field: 'proxy.domains',
      message: 'wildcard domains need a DNS challenge; certbot webroot cannot issue them',
    });
  }
  if (tls.hsts.preload && (!tls.hsts['include-subdomains'] || tls.hsts['max-age'] < 31536000)) {
    errors.push({
      field: 'proxy.tls.hsts.preload',
      message: 'needs include-subdomains: true and max-age >= 31536000 (the preload list requires both)',
    });
  }
  if (tls.hsts['max-age'] < 15552000) {
    warnings.push({
      field: 'proxy.tls.hsts.max-age',
      message: 'below 180 days: scanners mark it down (2 years is recommended)',
    });
  }
  if (tls['ocsp-stapling'] && mode === 'certbot') {
    warnings.push({
      field: 'proxy.tls.ocsp-stapling',
      message: "Let's Encrypt turned OCSP off in 2025: stapling does nothing for its certificates",
    });
  }
}

/** Framing: X-Frame-Options and the CSP's frame-ancestors must say the same thing. */
function framingProblems(spec: Spec, out: Problems): void {
  const { errors, warnings } = out;
  const headers = spec.proxy.headers;
  const ancestors = frameAncestors(headers['content-security-policy']);
  if (headers['frame-options'] && ancestors !== undefined) {
    const said = frameOptionsFor(ancestors);
    if (said !== headers['frame-options'])
      errors.push({
        field: 'proxy.headers.frame-options',
        message: `${headers['frame-options']} contradicts frame-ancestors ${ancestors} in proxy.headers.content-security-policy: give one of them (keel derives the other)`,
      });
  }
  if (
    ancestors !== undefined &&
    frameOptionsFor(ancestors) === undefined &&
    !headers['from-app'].includes('x-frame-options')
  )
    warnings.push({
      field: 'proxy.headers.content-security-policy',
      message: `frame-ancestors ${ancestors} cannot be said with X-Frame-Options (only 'none' and 'self' can): browsers without CSP level 2 get no framing protection`,
    });
}

/** The proxy: its version, the default server under the modern profile, each domain once. */
function proxyProblems(spec: Spec, out: Problems): void {
  const { errors, warnings } = out;
  const tls = spec.proxy.tls;
  const v = spec.proxy.versions;
  if (spec.proxy.server === 'nginx' && !versionAtLeast(v.nginx, '1.19.4'))
    errors.push({
      field: 'proxy.versions.nginx',
      message: `is ${v.nginx}; keel's sites need Nginx 1.19.4 or newer (ssl_reject_handshake, proxy_cookie_flags)`,
    });
  if (spec.proxy.server === 'nginx' && tls.profile === 'modern' && !spec.proxy['default-server'])
    warnings.push({
      field: 'proxy.default-server',
      message:
        "is off: Nginx takes the TLS protocol versions from the default server on :443, so the modern profile's TLS 1.3-only holds only if that server allows no more (keel still limits TLS 1.2 to the profile's AEAD suites)",
    });
  const dupDomains = spec.proxy.domains.filter((d, i, all) => all.indexOf(d) !== i);
  if (dupDomains.length)
    errors.push({ field: 'proxy.domains', message: `lists ${dupDomains.join(', ')} twice` });
}

/** Routes: each path once, static routes with a root, app-only settings, * only at the end, probes to the app. */
function routeProblems(spec: Spec, out: Problems): void {
  const { errors } = out;
  const seen = new Map<string, number>();
  spec.proxy.routes.forEach((r, i) => {
    const f = `proxy.routes[${i}]`;
    if (seen.has(r.path))
      errors.push({
        field: `${f}.path`,
        message: `${r.path} is already routed by proxy.routes[${seen.get(r.path)}]`,
      });
    seen.set(r.path, i);
    if (r.to === 'static' && !r.root)
      errors.push({ field: `${f}.root`, message: 'is required for to: static' });
    if (r.to !== 'static' && r.root)
      errors.push({ field: `${f}.root`, message: 'is only used with to: static' });
    if (r.to !== 'app' && (r.timeout !== undefined || !r.buffering)) {
      errors.push({
        field: `${f}.${r.timeout !== undefined ? 'timeout' : 'buffering'}`,
        message: `only applies to routes that go to the app`,
      });
    }
    if (r.path.includes('*') && !r.path.endsWith('/*')) {
      errors.push({ field: `${f}.path`, message: 'a * is only allowed at the end, after a / (e.g. /ai/*)' });
    }
    for (const [what, p] of Object.entries(spec.health)) {
      if (r.path === p && r.to !== 'app') {
        errors.push({
          field: `${f}.to`,
          message: `${p} is the ${what} probe path (health.${what}); it must go to the app`,
        });
      }
    }
  });
}

/** Processes: a command keel can run without a shell; a singleton is one process. */
function processProblems(spec: Spec, out: Problems): void {
  const { errors, warnings } = out;
  for (const [name, p] of Object.entries(spec.processes)) {
    const f = `processes.${name}`;
    try {
      const words = splitCommand(p.command);
      // A credential on the command line is refused (src/appspec/credentials.ts says why).
      const credential = commandCredential(name, words);
      if (credential) errors.push(credential);
      // Flower reachable without authentication is refused (src/appspec/flower.ts says why).
      const flower = flowerExposure(words, spec.app.environment);
      if (flower.error) errors.push({ field: `${f}.command`, message: flower.error });
      if (flower.warning) warnings.push({ field: `${f}.command`, message: flower.warning });
    } catch (e) {
      if (!(e instanceof CommandError)) throw e;
      errors.push({ field: `${f}.command`, message: e.message });
    }
    const at = p['singleton-host'];
    if (at !== undefined && !p.singleton)
      errors.push({
        field: `${f}.singleton-host`,
        message: `names a host (${JSON.stringify(at)}) but only a singleton runs on one host: add singleton: true or drop singleton-host`,
      });
    else if (at !== undefined && !isBareHost(at))
      errors.push({
        field: `${f}.singleton-host`,
        message: `${JSON.stringify(at)} is not a host name or IP address as the hosts list names a host (no user@, :port or brackets)`,
      });
    if (p.singleton && p.instances > 1)
      errors.push({
        field: `${f}.instances`,
        message: `is ${p.instances} but singleton: true runs exactly one (drop instances or singleton)`,
      });
  }
}

/** Checks the parts of a spec that no single field can: how the files will have to agree with each other. */
export function crossCheck(
  spec: Spec,
  raw: Record<string, unknown>,
): { errors: SpecProblem[]; warnings: SpecProblem[] } {
  const out: Problems = { errors: [], warnings: [] };
  gunicornProblems(spec, (raw.gunicorn ?? {}) as Record<string, unknown>, out);
  tlsProblems(spec, out);
  framingProblems(spec, out);
  proxyProblems(spec, out);
  routeProblems(spec, out);
  processProblems(spec, out);
  // A credential in app.environment ends up in world-readable unit files: refused, pointing to the env file.
  out.errors.push(...environmentCredentials(spec.app.environment));
  // Firewall: ports, protocols and sources that parse, each port once, SSH never narrowed.
  if (spec.firewall) out.errors.push(...firewallRules(spec.firewall).problems);
  // supervisor as the process manager: what only systemd can do is refused, naming the field.
  const pm = processManagerProblems(spec, raw);
  out.errors.push(...pm.errors);
  out.warnings.push(...pm.warnings);
  return out;
}

function lineOf(
  doc: ReturnType<typeof parseDocument>,
  counter: LineCounter,
  path: PropertyKey[],
): number | undefined {
  for (let n = path.length; n > 0; n--) {
    // A mapping's field is on its key's line (its value may start on the next one: a nested mapping).
    const parent = n > 1 ? doc.getIn(path.slice(0, n - 1) as (string | number)[], true) : doc.contents;
    if (isMap(parent)) {
      const pair = parent.items.find((it) => (it.key as { value?: unknown })?.value === path[n - 1]);
      const keyNode = pair?.key as { range?: [number, number] } | undefined;
      if (keyNode?.range) return counter.linePos(keyNode.range[0]).line;
    }
    const node = doc.getIn(path.slice(0, n) as (string | number)[], true) as
      { range?: [number, number] } | undefined;
    if (node && node.range) return counter.linePos(node.range[0]).line;
  }
  return undefined;
}

/** The path of the mapping key or sequence item at `offset` in the YAML text ([] when none). */
function pathAt(node: unknown, offset: number, path: PropertyKey[] = []): PropertyKey[] {
  const inside = (n: unknown) => {
    const r = (n as { range?: [number, number, number] } | null)?.range;
    return r !== undefined && offset >= r[0] && offset < r[2];
  };
  if (isMap(node)) {
    for (const item of node.items) {
      const key = (item.key as { value?: unknown } | null)?.value;
      if (inside(item.key)) return [...path, String(key)];
      if (inside(item.value)) return pathAt(item.value, offset, [...path, String(key)]);
    }
  } else if (isSeq(node)) {
    for (const [i, item] of node.items.entries()) if (inside(item)) return pathAt(item, offset, [...path, i]);
  }
  return path;
}

/**
 * Parses a spec from YAML text (and input overrides already merged in); throws SpecError with every problem.
 * `check` adds problems of a caller's own (e.g. keys of `deploy:` that are no action's inputs), with lines.
 */
export function loadSpec(
  text: string,
  file = 'keel.yml',
  overrides: Record<string, unknown> = {},
  check: (spec: Spec) => SpecProblem[] = () => [],
): LoadedSpec {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new SpecError(
      doc.errors.map((e) => ({
        // A duplicate key names its field; other YAML errors have none.
        field: (e.code === 'DUPLICATE_KEY' && fieldName(pathAt(doc.contents, e.pos[0]))) || '(yaml)',
        message: e.code === 'DUPLICATE_KEY' ? 'is given twice' : e.message.split('\n')[0]!,
        line: e.linePos?.[0]?.line,
      })),
      file,
    );
  }
  const raw = doc.toJS() as unknown;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new SpecError(
      [{ field: '(root)', message: 'the spec must be a YAML mapping with app:, proxy:, ... at the top' }],
      file,
    );
  }
  for (const [path, value] of Object.entries(overrides))
    setPath(raw as Record<string, unknown>, path.split('.'), value);
  const parsed = specSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const path =
        issue.code === 'unrecognized_keys' && issue.keys.length === 1
          ? [...issue.path, issue.keys[0]!]
          : issue.path;
      return {
        field: fieldName(issue.code === 'unrecognized_keys' ? path : issue.path) || '(root)',
        message: issueMessage(issue, raw),
        line: lineOf(doc, counter, path),
      };
    });
    throw new SpecError(problems, file);
  }
  const { errors, warnings } = crossCheck(parsed.data, raw as Record<string, unknown>);
  errors.push(...check(parsed.data));
  const withLines = (ps: SpecProblem[]) =>
    ps.map((p) => ({ ...p, line: lineOf(doc, counter, parseField(p.field)) }));
  if (errors.length > 0) throw new SpecError(withLines(errors), file);
  return { spec: parsed.data, warnings: withLines(warnings) };
}

function parseField(field: string): PropertyKey[] {
  const out: PropertyKey[] = [];
  for (const m of field.matchAll(/([^.[\]]+)|\[(\d+)\]/g))
    out.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return out;
}

function setPath(obj: Record<string, unknown>, path: string[], value: unknown): void {
  let cur = obj;
  path.slice(0, -1).forEach((k) => {
    if (typeof cur[k] !== 'object' || cur[k] === null) cur[k] = {};
    cur = cur[k] as Record<string, unknown>;
  });
  cur[path[path.length - 1]!] = value;
}

/** A host alone, as an endpoint is named from the hosts list: a name or IPv4 address, or a bare IPv6 address. */
function isBareHost(text: string): boolean {
  const parsed = parseHostAddress(text.includes(':') ? `[${text}]` : text);
  return typeof parsed !== 'string' && parsed.host === text && parsed.user === undefined;
}
