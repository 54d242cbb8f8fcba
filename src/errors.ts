/**
 * Errors keel expects and explains to its users. Anything else is a bug and is reported as one.
 *
 * A KeelError's message is shown as it is (no stack trace); `field` names the input or spec field that is
 * wrong so the action can annotate it, and `hint` says what to do about it.
 */
export class KeelError extends Error {
  readonly field: string | undefined;
  readonly hint: string | undefined;

  constructor(message: string, options: { field?: string; hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'KeelError';
    this.field = options.field;
    this.hint = options.hint;
  }
}

/** One wrong input or spec field (a spec field's problem also says where: the file and its line). */
export interface Problem {
  field: string;
  message: string;
  file?: string;
  line?: number;
}

/** Every problem found in the inputs (or a spec) at once, so a user fixes them in one go. */
export class InputError extends KeelError {
  readonly problems: readonly Problem[];

  constructor(
    problems: readonly Problem[],
    /** What the problems are about: `input`, `spec field`. */
    readonly what = 'input',
  ) {
    const first = problems[0];
    const text =
      problems.length === 1 && first
        ? `${what} '${first.field}': ${first.message}`
        : `${problems.length} ${what} problems:\n` +
          problems.map((p) => `  - ${what} '${p.field}': ${p.message}`).join('\n');
    super(text, { field: first?.field });
    this.name = 'InputError';
    this.problems = problems;
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
