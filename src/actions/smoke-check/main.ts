/** smoke-check entry: inputs → library → outputs and job summary. */
import { InputError } from '../../errors.js';
import { finish, readInputs, runnerLogger, step } from '../common/step.js';
import { inputs as decls } from './inputs.js';
import { checkSite, smokeOptions } from './stage.js';

export async function main(): Promise<void> {
  await step(async () => {
    const inputs = await readInputs(decls);
    if (!inputs.url)
      throw new InputError([
        { field: 'url', message: "is required but was not given (as an input, or the spec's proxy.domains)" },
      ]);
    await finish(await checkSite(smokeOptions(inputs, inputs.url), inputs['report-file'], runnerLogger()));
  });
}
