/**
 * render-config's settings: the spec file with its `set` overrides, where the files go and how they are
 * validated, parsed and checked once from the inputs (every error names its input). The root action takes
 * the same inputs by the same names, so it builds its render settings with `renderSettings` too.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { InputError, type Problem } from '../../errors.js';
import type { Inputs } from '../../config/inputs.js';
import type { inputs as decls } from './inputs.js';

export type RenderInputs = Inputs<typeof decls>;

const workspace = () => process.env.GITHUB_WORKSPACE ?? process.cwd();

/** The spec file and the `set` overrides, checked before anything is rendered. */
export interface SpecSource {
  /** As given (relative to the workspace): what messages and annotations name. */
  file: string;
  path: string;
  overrides: Record<string, unknown>;
}

export interface RenderSettings {
  source: SpecSource;
  /** Where the rendered files go (absolute). */
  outDir: string;
  /** The offline checks (systemd-analyze, nginx -t, caddy validate): off, or how strict. */
  validate: false | { maxExposure: number; requireTools: boolean };
}

export function specSource(inputs: Pick<RenderInputs, 'spec' | 'set'>): SpecSource {
  const path = resolve(workspace(), inputs.spec);
  const problems: Problem[] = [];
  if (!existsSync(path))
    problems.push({
      field: 'spec',
      message: `${inputs.spec} does not exist in the workspace (did the job check out the repository?)`,
    });
  const overrides: Record<string, unknown> = {};
  for (const line of inputs.set) {
    const i = line.indexOf('=');
    const field = line.slice(0, i).trim();
    if (i <= 0 || !/^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(field)) {
      problems.push({ field: 'set', message: `${JSON.stringify(line)} is not field.path=value` });
      continue;
    }
    overrides[field] = parseYaml(line.slice(i + 1));
  }
  if (problems.length) throw new InputError(problems);
  return { file: inputs.spec, path, overrides };
}

/** render-config's input helper (the root action's too: it shares these inputs by name). */
export function renderSettings(
  inputs: Pick<RenderInputs, 'spec' | 'set' | 'output-dir' | 'validate' | 'max-exposure'>,
): RenderSettings {
  return {
    source: specSource(inputs),
    outDir: resolve(workspace(), inputs['output-dir']),
    validate:
      inputs.validate === 'off'
        ? false
        : { maxExposure: Number(inputs['max-exposure']), requireTools: inputs.validate === 'required' },
  };
}
