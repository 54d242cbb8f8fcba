/** render-config entry: inputs → settings → render (and plan) → outputs and job summary. */
import { finish, readInputs, runnerLogger, step } from '../common/step.js';
import { inputs as decls } from './inputs.js';
import { renderSettings } from './settings.js';
import { renderFiles } from './stage.js';

export async function main(): Promise<void> {
  await step(async () => {
    const inputs = await readInputs(decls);
    const log = runnerLogger();
    const settings = renderSettings(inputs);
    // Connection problems are input problems too: report them before rendering anything.
    // The SSH stack is loaded only when there are hosts to compare with.
    const connection =
      inputs.hosts.length > 0
        ? (await import('../common/connection.js')).connectionFrom(inputs, log)
        : undefined;
    await finish(await renderFiles(settings, connection, log));
  });
}
