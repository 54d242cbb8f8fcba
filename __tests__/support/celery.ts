/**
 * The sample app's Celery tasks (examples/sample-app/tasks.py) on the systemd test host: sent through Redis as
 * the app's user from the release `current` points to, and the records they leave in the tasks folder (the
 * release whose code ran the task, its start dir, pid, time), read back with a bounded wait.
 */
import { quote } from '../../src/remote/quote.js';
import { hostExec } from './hosts.js';
import { nonEmpty } from './wait.js';

export interface CeleryApp {
  /** The app's system user. */
  user: string;
  /** The deploy path (its `current` holds tasks.py). */
  path: string;
  /** Where the tasks write their records (KEEL_TASKS_DIR of the app's processes). */
  tasks: string;
  /** Environment for the sender beyond HOME (e.g. the broker URL the app's processes are given). */
  env?: Record<string, string>;
}

export function celeryTasks(app: CeleryApp, host = 'sd') {
  const sh = (cmd: string) => hostExec(host, cmd).trim();
  const env = Object.entries({ HOME: '/tmp', ...app.env }).map(([k, v]) => quote(`${k}=${v}`));
  return {
    /** Sends `sleep_and_record(name, seconds)` to the workers. */
    enqueue(name: string, seconds: number): void {
      const python = `import tasks; tasks.sleep_and_record.delay(${JSON.stringify(name)}, ${seconds})`;
      sh(
        `cd ${quote(`${app.path}/current`)} && runuser -u ${quote(app.user)} -- env ${env.join(' ')} ` +
          `/usr/bin/python3 -B -c ${quote(python)}`,
      );
    },
    /** The record a task left (release, start dir, pid, time), waiting for it up to `ms`. */
    async record(file: string, ms: number): Promise<string[]> {
      const path = quote(`${app.tasks}/${file}`);
      const text = await nonEmpty(() => sh(`cat ${path} 2>/dev/null || true`), file, ms);
      return text.split(' ');
    },
  };
}
