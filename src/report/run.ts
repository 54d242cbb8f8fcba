/** What one stage of an action produced: the same shape whether the action ran alone or in the root pipeline. */
import type { KeelError } from '../errors.js';
import type { Report } from './summary.js';

export interface StageRun {
  outputs: Record<string, string>;
  reports: Report[];
  /** Key figures for the stage table, e.g. `r2 on 3/3 hosts, 4 files sent`. */
  figures: string;
  /** Set when the stage neither passed nor failed (the watch: not enough traffic to judge). */
  warning?: boolean;
  /** Set when the stage failed after it started (its outputs and reports are still complete). */
  error?: KeelError | undefined;
}
