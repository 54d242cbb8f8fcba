/**
 * Entries of actions whose engine has not landed yet: they fail at once, clearly, and change nothing,
 * instead of pretending to work.
 */
import { KeelError } from '../errors.js';
import { step } from './common/step.js';

const ISSUE: Record<string, string> = {
  'reload-graceful': '#5',
  pipeline: '#8',
};

export function pending(action: string): () => Promise<void> {
  return () =>
    step(async () => {
      throw new KeelError(
        `keel ${action} is not available yet in this version of keel (tracked as keel issue ${ISSUE[action] ?? '?'}); nothing was changed. ` +
          `Pin a keel release that has it, or use the ssh-deploy action's 'check' mode to verify your hosts.`,
      );
    });
}
