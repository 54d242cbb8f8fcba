/**
 * Cancellation: what the GitHub runner does when a job is cancelled (SIGINT to the step's process, SIGTERM
 * 7.5 s later, SIGKILL 2.5 s after that; the post step runs all the same) and what keel does about it.
 *
 * One process-wide signal. Once it fires:
 * - every remote command in flight is stopped: the SSH layer kills the command's whole process tree on the
 *   host (hooks and migrations included), and the command's caller gets a CancelledError;
 * - the work stops at its next checkpoint (`checkpoint()` at the boundaries of a deploy: before the upload,
 *   the shared files, the hooks, the switch; before each stage of the root action), so nothing new starts;
 * - clean-up is not a checkpoint: removing an upload, switching back to the release that was serving, a
 *   rollback, releasing the lock all run to their end, with the same SSH layer;
 * and the step ends with one error line saying it was cancelled and in what state it left the hosts.
 */
import { KeelError } from './errors.js';

export class CancelledError extends KeelError {
  constructor(readonly reason: string) {
    super(`cancelled (${reason})`);
    this.name = 'CancelledError';
  }
}

const controller = new AbortController();
let cancelledAt = 0;

/**
 * How long after a cancel the clean-up may spend waiting for what would finish without keel (restarts and
 * stops queued in systemd, a settle check): the runner sends SIGTERM 7.5 s after SIGINT and SIGKILL 2.5 s
 * later, and the lock's release, the summary and the exit need the rest.
 */
export const CLEANUP_BUDGET_MS = 5_000;

/** Fires once, when the run is cancelled; its `reason` is a CancelledError. */
export const cancellation: AbortSignal = controller.signal;

export function isCancelled(): boolean {
  return controller.signal.aborted;
}

/** Cancels the run (a signal from the runner). Later calls change nothing. */
export function cancel(reason: string): void {
  if (controller.signal.aborted) return;
  cancelledAt = Date.now();
  controller.abort(new CancelledError(reason));
}

/** The longest one wait of the clean-up may last (for restarts or stops it queued), within the budget. */
const CLEANUP_WAIT_MS = 3_000;

/**
 * What is left of the clean-up's budget (CLEANUP_BUDGET_MS from the cancel): a wait in the clean-up is cut to
 * it, and says what it left queued. Infinity while the run is not cancelled.
 */
export function cleanupLeftMs(): number {
  return controller.signal.aborted ? Math.max(0, cancelledAt + CLEANUP_BUDGET_MS - Date.now()) : Infinity;
}

/**
 * How long a wait for what finishes without keel (a queued restart or stop, a settle check) may last: `ms`
 * while the run goes on; after a cancel, at most CLEANUP_WAIT_MS and what is left of the clean-up's budget.
 */
export function cleanupWaitMs(ms: number): number {
  return controller.signal.aborted ? Math.min(ms, CLEANUP_WAIT_MS, cleanupLeftMs()) : ms;
}

/** The reason the run was cancelled, if it was. */
export function cancelReason(): string | undefined {
  return controller.signal.aborted ? (controller.signal.reason as CancelledError).reason : undefined;
}

/** Throws CancelledError when the run has been cancelled: call it before starting each new piece of work. */
export function checkpoint(): void {
  if (controller.signal.aborted) throw controller.signal.reason as Error;
}

/**
 * Handles SIGINT and SIGTERM as the runner sends them on cancel: the first one cancels the run (the work
 * then ends itself in a known state); the process is not killed here. Returns a function that removes them.
 */
export function cancelOnSignals(onCancel?: (signal: NodeJS.Signals) => void): () => void {
  const handler = (signal: NodeJS.Signals) => {
    const first = !controller.signal.aborted;
    cancel(signal);
    if (first) onCancel?.(signal);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
