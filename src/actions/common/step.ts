/**
 * The bridge between the GitHub runner (@actions/core) and keel's library, shared by every action entry:
 * inputs through the one parser, a Logger on the runner's log (groups, annotations), secrets masked first,
 * and errors turned into one clear annotation and a failed step, without a stack trace.
 */
import * as core from './core.js';
import { CancelledError, cancelOnSignals, cancelReason, isCancelled } from '../../cancel.js';
import { InputError, KeelError, errorMessage } from '../../errors.js';
import { type InputDecls, type Inputs, parseInputs, secretValues } from '../../config/inputs.js';
import type { StageRun } from '../../report/run.js';
import type { Logger } from '../../log.js';
import { type Report, toMarkdown } from '../../report/summary.js';
import { startTimeLimit } from './time-limit.js';

const source = (name: string): string | undefined => core.getInput(name);

/** Masks a secret and each of its lines (multi-line keys are masked line by line by the runner). */
export function mask(value: string): void {
  if (value.trim() === '') return;
  core.setSecret(value);
  for (const line of value.split(/\r?\n/)) {
    if (line.trim().length >= 4) core.setSecret(line.trim());
  }
}

/** Which inputs came from the spec (for the summary line `finish` writes), once readInputs has run. */
let specProvenance: string | undefined;

/**
 * Masks every secret input, then parses all inputs: the workflow's, then the spec's `deploy:`/`backup:`
 * values for what it left unset (when the action has a `spec` input and the file exists), then defaults.
 * A wrong value from the spec is reported under its spec field (`deploy.port (deploy/keel.yml)`).
 */
export async function readInputs<T extends InputDecls>(decls: T): Promise<Inputs<T>> {
  for (const value of secretValues(decls, source)) mask(value);
  if (!('spec' in decls)) return parseInputs(decls, source);
  // Loaded only here: the spec's schema is not evaluated by actions that have no spec to read.
  const { provenanceLine, withSpec } = await import('./spec-inputs.js');
  const layered = withSpec(decls, source, process.env.GITHUB_WORKSPACE ?? process.cwd());
  try {
    const parsed = parseInputs(decls, layered.source);
    specProvenance = provenanceLine(layered.provenance);
    if (specProvenance) core.info(`keel: ${specProvenance.replace(/`/g, '')}`);
    return parsed;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new InputError(
      error.problems.map((p) => ({ ...p, field: layered.fieldOf(p.field) })),
      error.what,
    );
  }
}

export function runnerLogger(): Logger {
  return {
    info: (m) => core.info(m),
    warn: (m, field) => core.warning(m, field ? { title: `keel: ${field}` } : {}),
    error: (m, field) => core.error(m, field ? { title: `keel: ${field}` } : {}),
    debug: (m) => core.debug(m),
    group: (title, body) => core.group(title, body),
  };
}

export async function writeSummary(reports: Report[]): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  await core.summary.addRaw(reports.map(toMarkdown).join('\n')).write();
}

/** A single action's end: its outputs, its job summary, then its failure (if any) fails the step. */
export async function finish(run: StageRun): Promise<void> {
  for (const [name, value] of Object.entries(run.outputs)) core.setOutput(name, value);
  const [first, ...rest] = run.reports;
  await writeSummary(
    first && specProvenance
      ? [{ ...first, lines: [...(first.lines ?? []), specProvenance] }, ...rest]
      : run.reports,
  );
  if (run.error) throw run.error;
}

/**
 * Runs an action body: any KeelError becomes annotations + a failed step; anything else is a bug report.
 * A cancel from the runner (SIGINT, then SIGTERM) stops the remote work in flight; the body then ends in a
 * known state through its own clean-up (see cancel.ts) and the step fails with one line saying so.
 */
export async function step(body: () => Promise<void>): Promise<void> {
  startTimeLimit(core.getInput('time-limit'));
  const stopListening = cancelOnSignals((signal) =>
    core.info(
      `keel: ${signal}: the job was cancelled; stopping the remote work and bringing the hosts to a known state`,
    ),
  );
  try {
    await body();
  } catch (error) {
    if (isCancelled()) {
      const what = error instanceof CancelledError ? '' : `: ${errorMessage(error)}`;
      core.setFailed(`keel: cancelled (${cancelReason()})${what}`);
    } else if (error instanceof InputError) {
      // One annotation per wrong input, titled with its name, and the step fails (exit code 1).
      // A spec field's annotation sits on its line in the spec file.
      for (const p of error.problems)
        core.error(`${error.what} '${p.field}': ${p.message}`, {
          title: `keel: ${error.what} ${p.field}`,
          ...(p.file ? { file: p.file } : {}),
          ...(p.file && p.line ? { startLine: p.line } : {}),
        });
      process.exitCode = 1;
    } else if (error instanceof KeelError) {
      core.setFailed(error.hint ? `${error.message}\n${error.hint}` : error.message);
    } else {
      core.debug(error instanceof Error && error.stack ? error.stack : String(error));
      core.setFailed(
        `keel failed unexpectedly: ${errorMessage(error)} (this is a bug; run with debug logging for details)`,
      );
    }
  } finally {
    stopListening();
  }
}
