/**
 * The runner's workflow-command protocol: the part of @actions/core (v3) that keel's action entries use, written
 * out here byte for byte (a unit test compares every function with @actions/core on hostile values).
 *
 * Why not @actions/core itself: its index imports the OIDC client (getIDToken), which pulls in
 * @actions/http-client and undici, 1 MB of code that every action parsed and ran at start-up for a function
 * keel never calls (issue #16: cold start).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, appendFileSync, constants } from 'node:fs';
import { access, appendFile } from 'node:fs/promises';
import { EOL } from 'node:os';

export interface AnnotationProperties {
  title?: string;
  file?: string;
  startLine?: number;
  endLine?: number;
  startColumn?: number;
  endColumn?: number;
}

type CommandProperties = Record<string, unknown>;

function toCommandValue(input: unknown): string {
  if (input === null || input === undefined) return '';
  if (typeof input === 'string' || input instanceof String) return input as string;
  return JSON.stringify(input);
}

const escapeData = (s: unknown) =>
  toCommandValue(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: unknown) =>
  toCommandValue(s)
    .replace(/%/g, '%25')
    .replace(/\r/g, '%0D')
    .replace(/\n/g, '%0A')
    .replace(/:/g, '%3A')
    .replace(/,/g, '%2C');

/** `::command key=value,key=value::message` on stdout; properties without a value are left out. */
function issueCommand(command: string, properties: CommandProperties, message: unknown): void {
  let text = `::${command}`;
  const props = Object.entries(properties).filter(([, v]) => v);
  if (Object.keys(properties).length > 0) {
    text += ' ' + props.map(([k, v]) => `${k}=${escapeProperty(v)}`).join(',');
  }
  process.stdout.write(`${text}::${escapeData(message)}${EOL}`);
}

function toCommandProperties(p: AnnotationProperties): CommandProperties {
  if (!Object.keys(p).length) return {};
  return {
    title: p.title,
    file: p.file,
    line: p.startLine,
    endLine: p.endLine,
    col: p.startColumn,
    endColumn: p.endColumn,
  };
}

/** A `name<<delimiter` block appended to the runner's GITHUB_OUTPUT or GITHUB_STATE file. */
function issueFileCommand(command: 'OUTPUT' | 'STATE', key: string, value: unknown): void {
  const filePath = process.env[`GITHUB_${command}`];
  if (!filePath) throw new Error(`Unable to find environment variable for file command ${command}`);
  if (!existsSync(filePath)) throw new Error(`Missing file at path: ${filePath}`);
  const delimiter = `ghadelimiter_${randomUUID()}`;
  const converted = toCommandValue(value);
  if (key.includes(delimiter))
    throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
  if (converted.includes(delimiter))
    throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
  appendFileSync(filePath, `${key}<<${delimiter}${EOL}${converted}${EOL}${delimiter}${EOL}`, {
    encoding: 'utf8',
  });
}

export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '').trim();
}

export function setOutput(name: string, value: unknown): void {
  if (process.env.GITHUB_OUTPUT) return issueFileCommand('OUTPUT', name, value);
  process.stdout.write(EOL);
  issueCommand('set-output', { name }, toCommandValue(value));
}

export function saveState(name: string, value: unknown): void {
  if (process.env.GITHUB_STATE) return issueFileCommand('STATE', name, value);
  issueCommand('save-state', { name }, toCommandValue(value));
}

export function getState(name: string): string {
  return process.env[`STATE_${name}`] || '';
}

export function setSecret(secret: string): void {
  issueCommand('add-mask', {}, secret);
}

export function info(message: string): void {
  process.stdout.write(message + EOL);
}

export function debug(message: string): void {
  issueCommand('debug', {}, message);
}

export function warning(message: string | Error, properties: AnnotationProperties = {}): void {
  issueCommand(
    'warning',
    toCommandProperties(properties),
    message instanceof Error ? message.toString() : message,
  );
}

export function error(message: string | Error, properties: AnnotationProperties = {}): void {
  issueCommand(
    'error',
    toCommandProperties(properties),
    message instanceof Error ? message.toString() : message,
  );
}

export function setFailed(message: string | Error): void {
  process.exitCode = 1;
  error(message);
}

export async function group<T>(name: string, fn: () => Promise<T>): Promise<T> {
  issueCommand('group', {}, name);
  try {
    return await fn();
  } finally {
    issueCommand('endgroup', {}, '');
  }
}

/** The job summary: text appended to the file the runner names in GITHUB_STEP_SUMMARY. */
export const summary = {
  addRaw(text: string) {
    return {
      async write(): Promise<void> {
        const file = process.env.GITHUB_STEP_SUMMARY;
        if (!file)
          throw new Error(
            'Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.',
          );
        try {
          await access(file, constants.R_OK | constants.W_OK);
        } catch {
          throw new Error(
            `Unable to access summary file: '${file}'. Check if the file has correct read/write permissions.`,
          );
        }
        await appendFile(file, text, { encoding: 'utf8' });
      },
    };
  },
};
