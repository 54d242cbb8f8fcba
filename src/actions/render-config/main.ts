/** render-config entry: inputs → library → outputs and job summary. */
import * as core from '@actions/core';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { InputError, KeelError } from '../../errors.js';
import { renderConfig } from '../../render/render-config.js';
import { renderReport } from '../../report/render.js';
import { SpecError } from '../../spec/load.js';
import { planReport } from '../../report/render.js';
import { readInputs, runnerLogger, step, writeSummary } from '../common/step.js';
import { inputs as decls } from './inputs.js';

function overridesFrom(lines: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const problems = [];
  for (const line of lines) {
    const i = line.indexOf('=');
    const field = line.slice(0, i).trim();
    if (i <= 0 || !/^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(field)) {
      problems.push({ field: 'set', message: `${JSON.stringify(line)} is not field.path=value` });
      continue;
    }
    out[field] = parseYaml(line.slice(i + 1));
  }
  if (problems.length) throw new InputError(problems);
  return out;
}

export async function main(): Promise<void> {
  await step(async () => {
    const inputs = readInputs(decls);
    const log = runnerLogger();
    const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
    const specFile = resolve(workspace, inputs.spec);
    if (!existsSync(specFile)) {
      throw new KeelError(
        `input 'spec': ${inputs.spec} does not exist in the workspace (did the job check out the repository?)`,
        { field: 'spec' },
      );
    }
    const overrides = overridesFrom(inputs.set);
    // Connection problems are input problems too: report them before rendering anything.
    // The SSH stack is loaded only when there are hosts to compare with.
    const connection =
      inputs.hosts.length > 0
        ? (await import('../common/connection.js')).connectionFrom(inputs, log)
        : undefined;
    let result;
    try {
      result = await log.group('Rendering and validating', () =>
        renderConfig({
          specText: readFileSync(specFile, 'utf8'),
          specFile: inputs.spec,
          overrides,
          outDir: resolve(workspace, inputs['output-dir']),
          validate:
            inputs.validate === 'off'
              ? false
              : { maxExposure: Number(inputs['max-exposure']), requireTools: inputs.validate === 'required' },
        }),
      );
    } catch (error) {
      if (error instanceof SpecError) {
        // One annotation per problem, on the spec file's line, naming the field.
        for (const p of error.specProblems) {
          core.error(`${p.field}: ${p.message}`, {
            title: `keel spec: ${p.field}`,
            file: inputs.spec,
            ...(p.line ? { startLine: p.line } : {}),
          });
        }
        throw new KeelError(`${error.specProblems.length} problem(s) in ${inputs.spec}; nothing was written`);
      }
      throw error;
    }
    for (const w of result.warnings) {
      core.warning(`${w.field}: ${w.message}`, {
        title: `keel spec: ${w.field}`,
        file: inputs.spec,
        ...(w.line ? { startLine: w.line } : {}),
      });
    }
    for (const v of result.validation) {
      const line = `${v.tool} ${v.file}: ${v.status}: ${v.detail}`;
      if (v.status === 'failed') core.error(line, { title: `keel: ${v.tool}` });
      else log.info(line);
    }
    const plans =
      connection && result.ok
        ? await log.group('Comparing with the hosts', async () =>
            (await import('./plan.js')).planAll(connection, result, log),
          )
        : [];
    await writeSummary([
      renderReport(result, inputs.spec),
      ...(connection && result.ok ? [planReport(plans)] : []),
    ]);
    if (!result.ok) throw new KeelError('rendered files failed validation (see above); nothing was written');
    for (const p of plans) {
      if (p.error) core.error(p.error, { title: `keel: ${p.host}` });
      else
        log.info(`${p.host}: ${p.files.filter((f) => f.change !== 'unchanged').length} file(s) would change`);
    }
    const outDir = resolve(workspace, inputs['output-dir']);
    core.setOutput('dir', outDir);
    core.setOutput('manifest', result.manifestPath);
    core.setOutput(
      'files',
      JSON.stringify(
        result.manifest.files.map((f) => ({ name: f.name, install: f.install, sha256: f.sha256 })),
      ),
    );
    core.setOutput('service', result.resolved.units.service);
    core.setOutput('socket', result.resolved.units.socket ?? '');
    core.setOutput('proxy', result.resolved.spec.proxy.server);
    core.setOutput('warnings', String(result.warnings.length));
    if (connection) {
      core.setOutput(
        'plan',
        JSON.stringify(
          plans.map((p) => ({
            host: p.host,
            error: p.error ?? null,
            files: p.files.map(({ diff: _d, ...f }) => f),
          })),
        ),
      );
      core.setOutput('changed', String(plans.some((p) => p.files.some((f) => f.change !== 'unchanged'))));
      const failed = plans.filter((p) => p.error);
      if (failed.length)
        throw new KeelError(
          `could not compare with ${failed.map((p) => p.host).join(', ')} (see above); the files were rendered`,
        );
    }
  });
}
