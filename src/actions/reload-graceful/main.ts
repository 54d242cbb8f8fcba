/** reload-graceful entry: inputs → library → outputs and job summary. */
import { checkSingletonHosts } from '../../releases/processes.js';
import { connectionFrom } from '../common/connection.js';
import { finish, readInputs, runnerLogger, step } from '../common/step.js';
import { inputs as decls } from './inputs.js';
import { planReload, reloadService } from './stage.js';

export async function main(): Promise<void> {
  await step(async () => {
    const inputs = await readInputs(decls);
    const log = runnerLogger();
    const plan = planReload(inputs);
    const connection = connectionFrom(inputs, log);
    checkSingletonHosts(
      plan.options.processes ?? [],
      connection.endpoints.map((e) => e.name),
    );
    return finish(await reloadService(plan, connection, log));
  });
}
