/** smoke-check entry: inputs → library → outputs and job summary. */
import { finish, readInputs, runnerLogger, step } from '../common/step.js';
import { inputs as decls } from './inputs.js';
import { checkSite, smokeOptions } from './stage.js';

export async function main(): Promise<void> {
  await step(async () => {
    const inputs = readInputs(decls);
    await finish(await checkSite(smokeOptions(inputs, inputs.url), inputs['report-file'], runnerLogger()));
  });
}
