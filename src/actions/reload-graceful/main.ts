/** reload-graceful entry: inputs → settings → the reload → outputs and job summary. */
import { checkSingletonHosts } from '../../releases/processes.js';
import { connectionFrom } from '../common/connection.js';
import { finish, readInputs, runnerLogger, step } from '../common/step.js';
import { inputs as decls } from './inputs.js';
import { reloadSettings } from './settings.js';
import { reloadService } from './stage.js';

export async function main(): Promise<void> {
  await step(async () => {
    const inputs = await readInputs(decls);
    const log = runnerLogger();
    const settings = reloadSettings(inputs);
    const connection = connectionFrom(inputs, log);
    checkSingletonHosts(
      settings.options.processes ?? [],
      connection.endpoints.map((e) => e.name),
    );
    return finish(await reloadService(settings, connection, log));
  });
}
