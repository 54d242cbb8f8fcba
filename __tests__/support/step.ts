/**
 * runStep for keel's tests: the runner harness, plus a check on every run that no secret the suite knows
 * (private keys, passphrases, passwords) appears in anything a user could see: the log as shown, stderr, the
 * job summary, outputs, annotations, or the post step's.
 */
import { readFileSync } from 'node:fs';
import { runStep as run, type StepOptions, type StepResult } from '../../src/runner/runner.js';

const secrets = new Set<string>();

/** Registers a secret: every later step is checked for it (each line of a multi-line secret too). */
export function secret(value: string): string {
  for (const line of value.split('\n').map((l) => l.trim())) {
    if (line.length >= 8 && !line.startsWith('-----')) secrets.add(line);
  }
  return value;
}

function visible(r: {
  log: string[];
  stderr: string;
  summary: string;
  outputs: Record<string, string>;
  annotations: unknown[];
}): string {
  return [
    r.log.join('\n'),
    r.stderr,
    r.summary,
    JSON.stringify(r.outputs),
    JSON.stringify(r.annotations),
  ].join('\n');
}

export async function runStep(options: StepOptions): Promise<StepResult> {
  for (const value of Object.values(options.with ?? {})) {
    // Anything that looks like a private key given to a step is a secret.
    if (typeof value === 'string' && /PRIVATE KEY-----/.test(value)) secret(value);
  }
  const r = await run(options);
  const leaks = [...secrets].filter((s) => visible(r).includes(s) || (r.post && visible(r.post).includes(s)));
  if (leaks.length > 0)
    throw new Error(
      `a secret was visible in the step's log, summary or outputs: ${leaks[0]!.slice(0, 6)}...`,
    );
  return r;
}

export function keyFile(path: string): string {
  return secret(readFileSync(path, 'utf8'));
}

/** The messages of a step's error annotations. */
export const errorsOf = (r: StepResult): string[] =>
  r.annotations.filter((a) => a.level === 'error').map((a) => a.message);

/** The messages of a step's warning annotations. */
export const warningsOf = (r: StepResult): string[] =>
  r.annotations.filter((a) => a.level === 'warning').map((a) => a.message);

export type { StepOptions, StepResult };
