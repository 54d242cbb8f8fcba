/** backup-db entry: inputs → library (src/backup, through stage.ts) → outputs and job summary. */
import { finish, readInputs, runnerLogger, step } from '../common/step.js';
import { inputs as decls } from './inputs.js';
import { runBackupDb, validateBackup } from './stage.js';

export async function main(): Promise<void> {
  await step(async () => {
    const inputs = await readInputs(decls);
    const plan = validateBackup(inputs);
    await finish(await runBackupDb(inputs, plan, runnerLogger()));
  });
}
