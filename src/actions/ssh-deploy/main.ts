/** ssh-deploy entry: inputs → library → outputs and job summary. */
import { holdLocksForRun } from '../../releases/lock.js';
import { connectionFrom } from '../common/connection.js';
import { finish, readInputs, runnerLogger, step } from '../common/step.js';
import { inputs as decls } from './inputs.js';
import {
  checkHosts,
  deployRelease,
  releaseLeftLocks,
  rollbackRelease,
  validateDeployInputs,
} from './stage.js';

export async function main(): Promise<void> {
  await step(async () => {
    const inputs = await readInputs(decls);
    const log = runnerLogger();
    const checked = inputs.mode === 'check' ? undefined : validateDeployInputs(inputs);
    const connection = connectionFrom(inputs, log);
    if (inputs.mode === 'check') return finish(await checkHosts(inputs, connection, log));
    const run = inputs.mode === 'deploy' ? deployRelease : rollbackRelease;
    // With a watch, each host's lock is held from the deploy through the watch and any switch back.
    if (inputs.mode === 'deploy' && inputs.watch > 0)
      return finish(await holdLocksForRun(log, () => run(inputs, checked!, connection, log)));
    return finish(await run(inputs, checked!, connection, log));
  });
}

/** Post: release any deploy lock the main step still held (it was cancelled or crashed). */
export async function post(): Promise<void> {
  await step(() => releaseLeftLocks(() => readInputs(decls), runnerLogger()));
}
