/**
 * `time-limit`, which every action has: the whole step's bound. Past it the step cancels itself exactly as the
 * runner cancels a job (cancel.ts): the remote work in flight is stopped, the hosts are brought to a known state,
 * and the step fails with one error line. Every wait inside keel has its own bound too; this one bounds their sum.
 */
import { cancel } from '../../cancel.js';
import { parseDuration } from '../../config/inputs.js';

export function timeLimitInput<D extends string>(defaultValue: D) {
  return {
    'time-limit': {
      kind: 'duration',
      default: defaultValue,
      minMs: 10_000,
      maxMs: 24 * 3_600_000,
      description:
        'The whole step\'s limit. Past it the step cancels itself as the runner would (remote work stopped, the hosts left in a known state, one error line). Never "no limit": the job\'s `timeout-minutes` is a second bound.',
    },
  } as const;
}

/**
 * Starts the step's clock from its `time-limit` input (as the runner passes it). An invalid or missing value
 * starts nothing here: the action's own input parsing reports it.
 */
export function startTimeLimit(raw: string | undefined): void {
  const ms = raw ? parseDuration(raw) : undefined;
  if (!ms || ms < 10_000) return;
  setTimeout(() => cancel(`time-limit ${raw!.trim()} reached`), ms).unref();
}
