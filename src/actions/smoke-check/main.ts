/** smoke-check entry: inputs → settings → the check → outputs and job summary. */
import { finish, readInputs, runnerLogger, step } from '../common/step.js';
import { inputs as decls } from './inputs.js';
import { smokeSettings } from './settings.js';
import { checkSite } from './stage.js';

export async function main(): Promise<void> {
  await step(async () => {
    const settings = smokeSettings(await readInputs(decls));
    await finish(await checkSite(settings, runnerLogger()));
  });
}
