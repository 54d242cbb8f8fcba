/** render-config entry: inputs → library → outputs and job summary. */
import { finish, readInputs, runnerLogger, step } from '../common/step.js';
import { inputs as decls } from './inputs.js';
import { renderFiles, specSource } from './stage.js';

export async function main(): Promise<void> {
  await step(async () => {
    const inputs = await readInputs(decls);
    const log = runnerLogger();
    const source = specSource(inputs);
    // Connection problems are input problems too: report them before rendering anything.
    // The SSH stack is loaded only when there are hosts to compare with.
    const connection =
      inputs.hosts.length > 0
        ? (await import('../common/connection.js')).connectionFrom(inputs, log)
        : undefined;
    await finish(await renderFiles(inputs, source, connection, log));
  });
}
