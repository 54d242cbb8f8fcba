/**
 * render-config's work, shared by its own entry and the root pipeline action: settings (settings.ts) in, the
 * rendered files, outputs, reports and key figures out.
 */
import * as core from '../common/core.js';
import { readFileSync } from 'node:fs';
import { InputError, KeelError } from '../../errors.js';
import type { StageRun } from '../../report/run.js';
import { type RenderResult, renderConfig } from '../../render/render-config.js';
import type { Connection } from '../../remote/ssh.js';
import type { Logger } from '../../log.js';
import { planReport, renderReport } from '../../report/render.js';
import { loadSpec, SpecError } from '../../appspec/load.js';
import { specInputProblems } from '../common/spec-inputs.js';
import { type Resolved, resolve as resolveSpec } from '../../appspec/resolve.js';
import type { RenderSettings, SpecSource } from './settings.js';

/** Runs `body`; a spec problem becomes one annotation per field, on its line of the spec file. */
export async function annotatingSpec<T>(source: SpecSource, body: () => T | Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (!(error instanceof SpecError)) throw error;
    // One error per problem, on the field's line in the spec file (step() writes them); nothing was written.
    throw new InputError(
      error.specProblems.map((p) => ({ ...p, file: source.file })),
      'spec field',
    );
  }
}

/** The spec read and resolved without rendering (what the pipeline needs when render is skipped). */
export function readSpec(source: SpecSource): Promise<Resolved> {
  return annotatingSpec(source, () =>
    resolveSpec(
      loadSpec(readFileSync(source.path, 'utf8'), source.file, source.overrides, specInputProblems).spec,
    ),
  );
}

export async function renderFiles(
  settings: RenderSettings,
  connection: Connection | undefined,
  log: Logger,
): Promise<StageRun & { result: RenderResult }> {
  const { source, outDir } = settings;
  const result = await annotatingSpec(source, () =>
    log.group('Rendering and validating', () =>
      renderConfig({
        specText: readFileSync(source.path, 'utf8'),
        specFile: source.file,
        overrides: source.overrides,
        check: specInputProblems,
        outDir,
        validate: settings.validate,
      }),
    ),
  );
  for (const w of result.warnings) {
    core.warning(`${w.field}: ${w.message}`, {
      title: `keel spec: ${w.field}`,
      file: source.file,
      ...(w.line ? { startLine: w.line } : {}),
    });
  }
  // A check that printed warnings is not a pass: one warning annotation per line the tool printed.
  let toolWarnings = 0;
  for (const v of result.validation) {
    const line = `${v.tool} ${v.file}: ${v.status}: ${v.detail}`;
    if (v.status === 'failed') core.error(line, { title: `keel: ${v.tool}` });
    else if (v.status === 'warned') {
      for (const w of v.warnings ?? [v.detail]) {
        core.warning(`${v.tool} ${v.file}: ${w}`, { title: `keel: ${v.tool}` });
        toolWarnings++;
      }
    } else log.info(line);
  }
  const warned = result.validation.filter((v) => v.status === 'warned').length;
  const checks =
    `${result.validation.filter((v) => v.status === 'passed').length} check(s) passed` +
    (warned ? `, ${warned} with warnings` : '');
  const warningCount = result.warnings.length + toolWarnings;
  if (!result.ok) {
    return {
      result,
      outputs: {},
      reports: [renderReport(result, source.file)],
      figures: `${result.validation.filter((v) => v.status === 'failed').length} check(s) failed`,
      error: new KeelError('rendered files failed validation (see above); nothing was written'),
    };
  }
  const plans = connection
    ? await log.group('Comparing with the hosts', async () =>
        (await import('./plan.js')).planAll(connection, result, log),
      )
    : [];
  for (const p of plans) {
    if (p.error) core.error(p.error, { title: `keel: ${p.host}` });
    else
      log.info(`${p.host}: ${p.files.filter((f) => f.change !== 'unchanged').length} file(s) would change`);
  }
  const changes = plans.flatMap((p) => p.files.filter((f) => f.change !== 'unchanged'));
  const outputs: Record<string, string> = {
    dir: outDir,
    manifest: result.manifestPath,
    files: JSON.stringify(
      result.manifest.files.map((f) => ({ name: f.name, install: f.install, sha256: f.sha256 })),
    ),
    service: result.resolved.units.service,
    socket: result.resolved.units.socket ?? '',
    proxy: result.resolved.spec.proxy.server,
    warnings: String(warningCount),
  };
  if (connection) {
    outputs.plan = JSON.stringify(
      plans.map((p) => ({
        host: p.host,
        error: p.error ?? null,
        files: p.files.map(({ diff: _d, ...f }) => f),
      })),
    );
    outputs.changed = String(changes.length > 0);
  }
  const failed = plans.filter((p) => p.error);
  return {
    result,
    outputs,
    reports: [renderReport(result, source.file), ...(connection ? [planReport(plans)] : [])],
    figures:
      `${result.files.length} files, ${checks}, ${warningCount} warning(s)` +
      (connection ? `; plan: ${changes.length} change(s) on ${plans.length} host(s)` : ''),
    error: failed.length
      ? new KeelError(
          `could not compare with ${failed.map((p) => p.host).join(', ')} (see above); the files were rendered`,
        )
      : undefined,
  };
}
