/**
 * The GitHub runner's side of the action protocol: workflow commands on stdout (`::error ...::msg`),
 * file commands (GITHUB_OUTPUT, GITHUB_STATE, GITHUB_ENV, GITHUB_PATH) and secret masking, parsed the
 * way actions/runner does, so a local run shows what a real run would.
 */

export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  message: string;
  properties: Record<string, string>;
}

function unescapeData(s: string): string {
  return s.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%25/g, '%');
}

function unescapeProperty(s: string): string {
  return s
    .replace(/%0D/gi, '\r')
    .replace(/%0A/gi, '\n')
    .replace(/%3A/gi, ':')
    .replace(/%2C/gi, ',')
    .replace(/%25/g, '%');
}

export interface ParsedCommand {
  command: string;
  properties: Record<string, string>;
  data: string;
}

/** Parses one `::command k=v,k2=v2::data` line, or returns undefined for an ordinary log line. */
export function parseCommand(line: string): ParsedCommand | undefined {
  const m = /^::([A-Za-z0-9_-]+)(?: ([^:]*))?::(.*)$/s.exec(line);
  if (!m) return undefined;
  const properties: Record<string, string> = {};
  for (const pair of (m[2] ?? '').split(',')) {
    const i = pair.indexOf('=');
    if (i > 0) properties[pair.slice(0, i).trim()] = unescapeProperty(pair.slice(i + 1));
  }
  return { command: m[1]!, properties, data: unescapeData(m[3] ?? '') };
}

/** Parses a file-command file: `name=value` lines and `name<<DELIMITER` heredocs. */
export function parseFileCommands(text: string, what: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const heredoc = line.indexOf('<<');
    const equals = line.indexOf('=');
    if (heredoc > 0 && (equals < 0 || heredoc < equals)) {
      const name = line.slice(0, heredoc);
      const delimiter = line.slice(heredoc + 2);
      const value: string[] = [];
      let closed = false;
      for (i++; i < lines.length; i++) {
        if (lines[i] === delimiter) {
          closed = true;
          break;
        }
        value.push(lines[i]!);
      }
      if (!closed) throw new Error(`${what}: no closing delimiter '${delimiter}' for '${name}'`);
      out[name] = value.join('\n');
    } else if (equals > 0) {
      out[line.slice(0, equals)] = line.slice(equals + 1);
    } else {
      throw new Error(`${what}: malformed line ${JSON.stringify(line)}`);
    }
  }
  return out;
}

/** Replaces every registered secret in a text with ***, longest first, as the runner's masker does. */
export function maskText(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const s of [...secrets].filter((v) => v !== '').sort((a, b) => b.length - a.length)) {
    out = out.split(s).join('***');
  }
  return out;
}

/**
 * Folds a process's output lines into what the runner shows: log lines (masked), annotations, masks and
 * groups. Handles `::stop-commands::TOKEN` ... `::TOKEN::` as the runner does.
 */
export class CommandProcessor {
  readonly log: string[] = [];
  readonly annotations: Annotation[] = [];
  readonly masks = new Set<string>();
  readonly debug: string[] = [];
  readonly runnerWarnings: string[] = [];
  private stopToken: string | undefined;

  constructor(private readonly onLine?: (line: string) => void) {}

  private emit(line: string): void {
    const shown = maskText(line, this.masks);
    this.log.push(shown);
    this.onLine?.(shown);
  }

  line(raw: string): void {
    const cmd = parseCommand(raw);
    if (this.stopToken !== undefined) {
      if (cmd && cmd.command === this.stopToken) this.stopToken = undefined;
      else this.emit(raw);
      return;
    }
    if (!cmd) return this.emit(raw);
    switch (cmd.command) {
      case 'add-mask':
        this.masks.add(cmd.data);
        if (cmd.data.includes('\n')) for (const l of cmd.data.split('\n')) if (l !== '') this.masks.add(l);
        return;
      case 'error':
      case 'warning':
      case 'notice': {
        const message = maskText(cmd.data, this.masks);
        const properties = Object.fromEntries(
          Object.entries(cmd.properties).map(([k, v]) => [k, maskText(v, this.masks)]),
        );
        this.annotations.push({ level: cmd.command, message, properties });
        this.emit(
          `${cmd.command === 'error' ? 'Error' : cmd.command === 'warning' ? 'Warning' : 'Notice'}: ${message}`,
        );
        return;
      }
      case 'debug':
        this.debug.push(maskText(cmd.data, this.masks));
        return;
      case 'group':
        return this.emit(`##[group]${cmd.data}`);
      case 'endgroup':
        return this.emit('##[endgroup]');
      case 'stop-commands':
        this.stopToken = cmd.data;
        return;
      case 'echo':
        return;
      case 'set-output':
      case 'save-state':
      case 'set-env':
      case 'add-path':
        this.runnerWarnings.push(
          `The \`${cmd.command}\` command is deprecated and disabled; use environment files`,
        );
        return;
      default:
        return this.emit(raw);
    }
  }
}
