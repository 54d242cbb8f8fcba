/**
 * The one input parser: every action declares its inputs once (name, kind, default, description) and gets
 * typed values back, or one InputError that lists every wrong input by name and says what is wrong.
 *
 * The declarations are also the source of truth for each action's `action.yml` (a test keeps them equal), so
 * the defaults a user reads in the docs are the defaults the code applies.
 */
import { InputError, type Problem } from '../errors.js';

interface Common {
  description: string;
  required?: boolean;
  /** The default as written in action.yml. */
  default?: string;
  /** A secret: masked before anything else happens, never echoed in errors. */
  secret?: boolean;
  deprecationMessage?: string;
}

export type InputDecl =
  | (Common & { kind: 'string'; pattern?: RegExp; patternHint?: string })
  | (Common & { kind: 'boolean' })
  | (Common & { kind: 'integer'; min?: number; max?: number })
  | (Common & { kind: 'choice'; choices: readonly string[] })
  /** Seconds, or a number with s/m/h suffix ("90", "30s", "5m", "1h"). Parsed to milliseconds. */
  | (Common & { kind: 'duration'; minMs?: number; maxMs?: number })
  /** One item a line (comments with # and blank lines ignored), or comma-separated on one line. */
  | (Common & { kind: 'list'; itemPattern?: RegExp; itemHint?: string })
  /** Multi-line text kept as it is (keys, known_hosts, YAML). */
  | (Common & { kind: 'text' });

export type InputDecls = Record<string, InputDecl>;

type ValueOf<D extends InputDecl> = D extends { kind: 'boolean' }
  ? boolean
  : D extends { kind: 'integer' } | { kind: 'duration' }
    ? number
    : D extends { kind: 'list' }
      ? string[]
      : D extends { kind: 'choice'; choices: readonly (infer C)[] }
        ? C
        : string;

type Optional<D extends InputDecl> = D extends { required: true } | { default: string } | { kind: 'list' }
  ? never
  : undefined;

export type Inputs<T extends InputDecls> = { -readonly [K in keyof T]: ValueOf<T[K]> | Optional<T[K]> };

/** Reads an input's raw value; '' or undefined mean "not given". */
export type InputSource = (name: string) => string | undefined;

const TRUE = ['true', 'True', 'TRUE', 'yes', 'on', '1'];
const FALSE = ['false', 'False', 'FALSE', 'no', 'off', '0'];

export function parseDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = m[2] ?? 's';
  const factor = unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'm' ? 60_000 : 3_600_000;
  return Math.round(n * factor);
}

export function parseList(text: string): string[] {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.replace(/(^|\s)#.*$/, '').trim())
    .filter((l) => l !== '');
  if (lines.length === 1) {
    return (lines[0] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  }
  return lines;
}

/** A value as an error shows it: secrets hidden, credentials in URLs (`//user:password@`) replaced, long ones cut. */
function show(decl: InputDecl, value: string): string {
  if (decl.secret) return '(hidden)';
  const v = value.replace(/\/\/[^/@\s]*@/g, '//***@');
  return JSON.stringify(v.length > 80 ? v.slice(0, 77) + '...' : v);
}

const durationText = (ms: number) =>
  ms % 3_600_000 === 0
    ? `${ms / 3_600_000}h`
    : ms % 60_000 === 0
      ? `${ms / 60_000}m`
      : ms % 1000 === 0
        ? `${ms / 1000}s`
        : `${ms}ms`;

function parseOne(decl: InputDecl, value: string): { value?: unknown; error?: string } {
  switch (decl.kind) {
    case 'string': {
      const v = value.trim();
      if (decl.pattern && !decl.pattern.test(v)) {
        return { error: `${show(decl, v)} is not ${decl.patternHint ?? `of the form ${decl.pattern}`}` };
      }
      return { value: v };
    }
    case 'text':
      return { value };
    case 'boolean': {
      const v = value.trim();
      if (TRUE.includes(v)) return { value: true };
      if (FALSE.includes(v)) return { value: false };
      return { error: `${show(decl, v)} is not a boolean (use true or false)` };
    }
    case 'integer': {
      const v = value.trim();
      if (!/^-?\d+$/.test(v)) return { error: `${show(decl, v)} is not a whole number` };
      const n = Number(v);
      if (decl.min !== undefined && n < decl.min) return { error: `${n} is below the minimum ${decl.min}` };
      if (decl.max !== undefined && n > decl.max) return { error: `${n} is above the maximum ${decl.max}` };
      return { value: n };
    }
    case 'choice': {
      const v = value.trim();
      if (!decl.choices.includes(v)) {
        return { error: `${show(decl, v)} is not one of: ${decl.choices.join(', ')}` };
      }
      return { value: v };
    }
    case 'duration': {
      const ms = parseDuration(value);
      if (ms === undefined) {
        return { error: `${show(decl, value.trim())} is not a duration (seconds, or e.g. 30s, 5m, 1h)` };
      }
      if (decl.minMs !== undefined && ms < decl.minMs)
        return {
          error: `${show(decl, value.trim())} is below the minimum ${durationText(decl.minMs)}${ms === 0 ? ' (0 would mean no limit)' : ''}`,
        };
      if (decl.maxMs !== undefined && ms > decl.maxMs)
        return { error: `${show(decl, value.trim())} is above the maximum ${durationText(decl.maxMs)}` };
      return { value: ms };
    }
    case 'list': {
      const items = parseList(value);
      const bad = decl.itemPattern ? items.filter((i) => !decl.itemPattern!.test(i)) : [];
      if (bad.length)
        return {
          error: bad
            .map((b) => `${show(decl, b)} is not ${decl.itemHint ?? `of the form ${decl.itemPattern}`}`)
            .join('; '),
        };
      return { value: items };
    }
  }
}

/**
 * Parses every declared input. Values that are absent or empty fall back to the declared default (the runner
 * normally supplies those from action.yml already; the fallback covers the CLI, tests, and `with: x: ''`,
 * which the runner passes as given). A default that is an expression (`${{ github.token }}`) is the runner's
 * to evaluate: an input given empty stays unset, never the expression's own text.
 */
export function parseInputs<T extends InputDecls>(decls: T, source: InputSource): Inputs<T> {
  const problems: Problem[] = [];
  const out: Record<string, unknown> = {};
  for (const [name, decl] of Object.entries(decls)) {
    let text = source(name);
    if ((text === undefined || text.trim() === '') && !decl.default?.includes('${{')) text = decl.default;
    if (text === undefined || text.trim() === '') {
      if (decl.required) problems.push({ field: name, message: 'is required but was not given' });
      out[name] = decl.kind === 'list' ? [] : undefined;
      continue;
    }
    const parsed = parseOne(decl, text);
    if (parsed.error !== undefined) problems.push({ field: name, message: parsed.error });
    else out[name] = parsed.value;
  }
  if (problems.length > 0) throw new InputError(problems);
  return out as Inputs<T>;
}

/** Names of the secret inputs that were given, with their values, for masking. */
export function secretValues(decls: InputDecls, source: InputSource): string[] {
  return Object.entries(decls)
    .filter(([, d]) => d.secret)
    .map(([name]) => source(name) ?? '')
    .filter((v) => v.trim() !== '');
}
