/** render-config as a library call: spec text → validated files on disk, a manifest and a report. */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadSpec, type SpecProblem } from '../appspec/load.js';
import { type Resolved, resolve } from '../appspec/resolve.js';
import { type Manifest, manifestOf, type RenderedFile, renderAll } from './index.js';
import { type ValidateOptions, type ValidationResult, validateFiles } from './validate.js';

export interface RenderOptions {
  specText: string;
  specFile: string;
  /** `field.path` → value, applied over the spec before it is checked. */
  overrides: Record<string, unknown>;
  outDir: string;
  validate: false | ValidateOptions;
  /** The caller's own spec checks (the keys of `deploy:` and `backup:` are checked by the actions). */
  check?: Parameters<typeof loadSpec>[3];
}

export interface RenderResult {
  resolved: Resolved;
  files: RenderedFile[];
  manifest: Manifest;
  manifestPath: string;
  warnings: SpecProblem[];
  validation: ValidationResult[];
  ok: boolean;
}

/**
 * Renders and validates; writes the files only when every check passed (a failed render leaves the output
 * directory as it was).
 */
export async function renderConfig(options: RenderOptions): Promise<RenderResult> {
  const { spec, warnings } = loadSpec(options.specText, options.specFile, options.overrides, options.check);
  const resolved = resolve(spec);
  const files = renderAll(resolved);
  const validation = options.validate ? await validateFiles(resolved, files, options.validate) : [];
  const ok = validation.every((v) => v.status !== 'failed');
  const manifest = manifestOf(resolved, files);
  const manifestPath = join(options.outDir, 'manifest.json');
  if (ok) {
    rmSync(options.outDir, { recursive: true, force: true });
    for (const f of files) {
      const path = join(options.outDir, f.name);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, f.content);
    }
    writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
  }
  return { resolved, files, manifest, manifestPath, warnings, validation, ok };
}
