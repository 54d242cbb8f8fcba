/** backup-db entry: inputs → settings → the mode run (src/backup, through stage.ts) → outputs and job summary. */
import { finish, readInputs, runnerLogger, step } from '../common/step.js';
import { inputs as decls } from './inputs.js';
import { backupSettings } from './settings.js';
import { runBackupDb } from './stage.js';

export async function main(): Promise<void> {
  await step(async () => {
    const settings = backupSettings(await readInputs(decls));
    await finish(await runBackupDb(settings, runnerLogger()));
  });
}
