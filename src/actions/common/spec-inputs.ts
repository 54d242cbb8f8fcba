/**
 * Inputs from the spec: what is not secret and the same on every run (hosts, user, known_hosts, deploy path,
 * the database and its backup settings) lives in the spec's `deploy:` and `backup:` sections, so a workflow
 * passes only its secrets and the spec's path. The keys are the actions' input names, so each action's input
 * table documents them, and their values go through the same input parser as the workflow's.
 *
 * Which wins: an input the workflow sets (to anything but its default) wins over the spec; the spec wins over
 * an action's default. Secrets are refused in the spec, and so are inputs that describe one run (mode,
 * release-id, rollback-to...): a spec naming them is an error, not a silent choice.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { InputDecls, InputSource } from '../../config/inputs.js';
import { InputError } from '../../errors.js';
import { loadSpec, type SpecProblem, SpecError } from '../../appspec/load.js';
import { resolve as resolveSpec } from '../../appspec/resolve.js';
import type { Spec } from '../../appspec/schema.js';
import { inputs as backupInputs } from '../backup-db/inputs.js';
import { inputs as pipelineInputs } from '../pipeline/inputs.js';
import { inputs as reloadInputs } from '../reload-graceful/inputs.js';
import { inputs as renderInputs } from '../render-config/inputs.js';
import { inputs as smokeInputs } from '../smoke-check/inputs.js';
import { inputs as deployInputs } from '../ssh-deploy/inputs.js';
import { DEFAULT_SPEC } from './spec-input.js';

export type SpecSection = 'deploy' | 'backup';

/** The actions that read each section (in the order they apply: a later section wins for backup-db). */
const SECTIONS: Record<SpecSection, Record<string, InputDecls>> = {
  deploy: {
    'ssh-deploy': deployInputs,
    'reload-graceful': reloadInputs,
    'smoke-check': smokeInputs,
    'render-config': renderInputs,
    pipeline: pipelineInputs,
    'backup-db': backupInputs,
  },
  backup: { 'backup-db': backupInputs },
};

/** Inputs that describe one run, never the app: given in the workflow (or the CLI) only. */
const PER_RUN = new Set([
  'spec',
  'set',
  'mode',
  'skip',
  'release-id',
  'rollback-to',
  'previous-release',
  'expected-version',
  'backup-file',
  'restore-database',
  'overwrite',
  'time-limit',
  'github-token',
]);

/** Why `key` cannot be in `section` of the spec, or undefined when it can. */
export function keyProblem(section: SpecSection, key: string): string | undefined {
  const actions = Object.entries(SECTIONS[section]).filter(([, d]) => key in d);
  if (actions.length === 0) {
    const names = [...new Set(Object.values(SECTIONS[section]).flatMap((d) => Object.keys(d)))]
      .filter((k) => !PER_RUN.has(k) && !Object.values(SECTIONS[section]).some((d) => d[k]?.secret))
      .sort();
    return `is not an input of ${Object.keys(SECTIONS[section]).join(', ')}; ${section}: takes ${names.join(', ')}`;
  }
  if (actions.some(([, d]) => d[key]!.secret))
    return 'is a secret: give it as an input from the repository secrets (`${{ secrets.NAME }}`), never in the spec';
  if (PER_RUN.has(key)) return 'describes one run, not the app: give it as an input of the step';
  return undefined;
}

/** Every misplaced key of the spec's input sections (render-config reports them with the spec's lines). */
export function specInputProblems(spec: Spec): SpecProblem[] {
  const out: SpecProblem[] = [];
  for (const section of Object.keys(SECTIONS) as SpecSection[])
    for (const key of Object.keys(spec[section])) {
      const message = keyProblem(section, key);
      if (message) out.push({ field: `${section}.${key}`, message });
    }
  return out;
}

/** A spec value as an input's text: a list is one item a line, as in a workflow's multi-line value. */
const asText = (v: unknown): string => (Array.isArray(v) ? v.map(String).join('\n') : String(v));

export interface SpecValue {
  text: string;
  /** Where it came from: `deploy.hosts`. */
  field: string;
}

/**
 * What the rest of the spec already says, under the inputs that would ask it again: the deploy path, the
 * service and the health paths, as the renderers resolve them (the root action asks resolve() the same).
 * `deploy:` keys win over these.
 */
function derived(spec: Spec): Record<string, SpecValue> {
  const r = resolveSpec(spec);
  const h = spec.health;
  return {
    'deploy-path': { text: r.path, field: 'app.path' },
    // supervisor: the app's program, reloaded with strategy `supervisor` (supervisorctl signal HUP).
    unit: { text: r.spec['process-manager'] === 'supervisor' ? r.name : r.units.service, field: 'app.name' },
    ...(r.spec['process-manager'] === 'supervisor'
      ? { strategy: { text: 'supervisor', field: 'process-manager' } }
      : {}),
    'readiness-path': { text: h.readiness, field: 'health.readiness' },
    'version-path': { text: h.version, field: 'health.version' },
    endpoints: {
      text: [h.liveness, h.readiness, h.version].filter((p) => p !== '').join('\n'),
      field: 'health',
    },
  };
}

/** The values `spec` gives the inputs `decls` declares (backup: over deploy: for backup-db). */
export function specValues(spec: Spec, decls: InputDecls): Record<string, SpecValue> {
  const out: Record<string, SpecValue> = {};
  // The single actions only (the root action derives these itself; backup-db's inputs mean other things).
  if (decls === deployInputs || decls === reloadInputs || decls === smokeInputs)
    for (const [key, value] of Object.entries(derived(spec))) if (key in decls) out[key] = value;
  // smoke-check's site is the spec's first domain (reload-graceful's `url` stays opt-in: it adds a check).
  const domain = spec.proxy.domains[0];
  if (decls === smokeInputs && domain) out.url = { text: `https://${domain}`, field: 'proxy.domains[0]' };
  for (const section of Object.keys(SECTIONS) as SpecSection[]) {
    const readers = Object.values(SECTIONS[section]);
    if (!readers.includes(decls)) continue;
    for (const [key, value] of Object.entries(spec[section]))
      if (key in decls && keyProblem(section, key) === undefined)
        out[key] = { text: asText(value), field: `${section}.${key}` };
  }
  return out;
}

/** What readInputs reports: the spec read, and which inputs came from it or overrode it. */
export interface SpecProvenance {
  file: string;
  fromSpec: string[];
  overridden: string[];
}

/**
 * The input source with the spec under it: reads the spec named by the `spec` input (the default file only
 * when it exists), and answers each input from the workflow first, then the spec, then the default.
 */
export function withSpec(
  decls: InputDecls,
  source: InputSource,
  workspace: string,
): { source: InputSource; provenance?: SpecProvenance; fieldOf: (name: string) => string } {
  const none = { source, fieldOf: (n: string) => n };
  if (!('spec' in decls)) return none;
  const given = source('spec')?.trim() || decls.spec!.default || '';
  if (given === '') return none;
  const path = resolve(workspace, given);
  if (!existsSync(path)) {
    // The default file is read when the repository has it; a file the workflow names must exist.
    if (given === DEFAULT_SPEC) return none;
    throw new InputError([
      {
        field: 'spec',
        message: `${given} does not exist in the workspace (did the job check out the repository?)`,
      },
    ]);
  }
  let spec: Spec;
  // A spec problem is one annotation per field, on its line of the spec file.
  const annotated = (problems: SpecProblem[]) =>
    new InputError(
      problems.map((p) => ({ ...p, file: given })),
      'spec field',
    );
  try {
    spec = loadSpec(readFileSync(path, 'utf8'), given, {}, specInputProblems).spec;
  } catch (error) {
    if (error instanceof SpecError) throw annotated(error.specProblems);
    throw new InputError([{ field: 'spec', message: `cannot read ${given}: ${(error as Error).message}` }]);
  }
  const values = specValues(spec, decls);
  const provenance: SpecProvenance = { file: given, fromSpec: [], overridden: [] };
  const answered = new Set<string>();
  return {
    provenance,
    fieldOf: (name) => (provenance.fromSpec.includes(name) ? `${values[name]!.field} (${given})` : name),
    source: (name) => {
      const own = source(name);
      const fromSpec = values[name];
      if (!fromSpec) return own;
      const set = own !== undefined && own.trim() !== '' && own !== decls[name]!.default;
      if (!answered.has(name)) {
        answered.add(name);
        if (set) {
          if (own.trim() !== fromSpec.text.trim()) provenance.overridden.push(name);
        } else if (fromSpec.text !== decls[name]!.default) provenance.fromSpec.push(name);
      }
      return set ? own : fromSpec.text;
    },
  };
}

/** One line for the summary: which inputs the spec gave and which the workflow overrode. */
export function provenanceLine(p: SpecProvenance | undefined): string | undefined {
  if (!p || (p.fromSpec.length === 0 && p.overridden.length === 0)) return undefined;
  const names = (l: string[]) => l.map((n) => `\`${n}\``).join(', ');
  const parts = [];
  if (p.fromSpec.length) parts.push(`inputs from the spec \`${p.file}\`: ${names(p.fromSpec)}`);
  if (p.overridden.length)
    parts.push(`the workflow's ${names(p.overridden)} won over the spec's (inputs win over the spec)`);
  return parts.join('; ');
}
