/** ssh-deploy entry: inputs → settings → deploy, rollback or check → outputs and job summary. */
import { holdLocksForRun } from '../../releases/lock.js';
import { connectionFrom } from '../common/connection.js';
import { finish, readInputs, runnerLogger, step } from '../common/step.js';
import { inputs as decls } from './inputs.js';
import { sshDeploySettings } from './settings.js';
import { checkHosts, deployRelease, releaseLeftLocks, rollbackRelease } from './stage.js';

export async function main(): Promise<void> {
  await step(async () => {
    const inputs = await readInputs(decls);
    const log = runnerLogger();
    const settings = sshDeploySettings(inputs);
    const connection = connectionFrom(inputs, log);
    if (settings.mode === 'check') return finish(await checkHosts(settings.check, connection, log));
    if (settings.mode === 'rollback')
      return finish(await rollbackRelease(settings.rollback, connection, log));
    const deploy = settings.deploy;
    // With a watch, each host's lock is held from the deploy through the watch and any switch back.
    if (deploy.watchMs > 0)
      return finish(await holdLocksForRun(log, () => deployRelease(deploy, connection, log)));
    return finish(await deployRelease(deploy, connection, log));
  });
}

/** Post: release any deploy lock the main step still held (it was cancelled or crashed). */
export async function post(): Promise<void> {
  await step(() => releaseLeftLocks(() => readInputs(decls), runnerLogger()));
}
