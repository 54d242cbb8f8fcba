/**
 * The stream pipeline on the runner: a dump script's stdout (over SSH or from a local bash) → optional age
 * encryption → sha256 and a byte count → a destination, with Node's stream backpressure all the way (memory
 * does not grow with the database: the SSH window stops the remote pipeline when the destination is slow).
 *
 * A script reports on stderr, one line each: `keel-status stage=code ...`, `keel-fact name=value`,
 * `keel-error message`, `keel-rows HEX count` (the table's name hex-encoded). Everything else on stderr is kept (the last 8 KiB) for errors.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { KeelError, errorMessage } from '../errors.js';
import { strictBash, type ShellFragment } from '../remote/quote.js';
import type { ProcessEnd, SshSession, StreamedProcess } from '../remote/ssh.js';
import { reclaimer, reclaiming } from './memory.js';
import type { Upload } from './store.js';

/** Where scripts run: a host over SSH, or the runner itself. */
export interface Shell {
  where: string;
  spawn(body: ShellFragment): Promise<StreamedProcess>;
}

export function sshShell(session: SshSession): Shell {
  return { where: session.endpoint.name, spawn: (body) => session.spawn(body) };
}

/**
 * The runner's environment for a dump, without what no dump tool may see: the step's inputs (the runner passes
 * each as INPUT_*, the database password and the age identity among them) and the runner's own tokens. The
 * password reaches the tools only through the credential line (engines.ts).
 */
export function dumpEnvironment(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(
      ([k]) =>
        !/^INPUT_/i.test(k) && !/^ACTIONS_(RUNTIME|ID_TOKEN_REQUEST)_/i.test(k) && k !== 'GITHUB_TOKEN',
    ),
  );
}

export function localShell(): Shell {
  return {
    where: 'runner',
    spawn: async (body) => {
      const child = spawn('bash', ['-c', strictBash(body)], {
        stdio: ['pipe', 'pipe', 'pipe'],
        env: dumpEnvironment(),
      });
      const done = new Promise<ProcessEnd>((resolve) => {
        child.on('error', () => resolve({ code: null, signal: null }));
        child.on('close', (code, signal) => resolve({ code, signal }));
      });
      child.stdin.on('error', () => undefined);
      return {
        stdout: child.stdout,
        stderr: child.stderr,
        stdin: child.stdin,
        done,
        kill: () => child.kill(),
      };
    },
  };
}

export interface Report {
  end: ProcessEnd;
  status: Record<string, number>;
  facts: Record<string, string>;
  errors: string[];
  rows: { table: string; rows: number }[];
  stderr: string;
  /** The script closed its stdin before it had read all the data it was given. */
  unread?: boolean;
}

/** Collects a script's stderr: the keel-* lines parsed, the rest kept as a bounded tail. */
export function stderrCollector(stderr: Readable): () => Omit<Report, 'end'> {
  const out: Omit<Report, 'end'> = { status: {}, facts: {}, errors: [], rows: [], stderr: '' };
  let partial = '';
  const line = (l: string) => {
    const m = /^keel-(status|fact|error|rows) (.*)$/.exec(l);
    if (!m) {
      out.stderr = (out.stderr + l + '\n').slice(-8192);
      return;
    }
    const rest = m[2]!;
    if (m[1] === 'status')
      for (const kv of rest.split(' ')) {
        const [k, v] = kv.split('=');
        if (k) out.status[k] = Number(v);
      }
    else if (m[1] === 'fact') {
      const i = rest.indexOf('=');
      out.facts[rest.slice(0, i)] = rest.slice(i + 1).trim();
    } else if (m[1] === 'error') out.errors.push(rest);
    else {
      // `keel-rows HEX COUNT`: the table's name hex-encoded, so no name can break or forge a report line.
      const r = /^((?:[0-9A-Fa-f]{2})*) (\d+)$/.exec(rest);
      if (r) out.rows.push({ table: Buffer.from(r[1]!, 'hex').toString('utf8'), rows: Number(r[2]) });
      else out.errors.push(`an unreadable row count: ${JSON.stringify(rest.slice(0, 200))}`);
    }
  };
  stderr.on('data', (d: Buffer) => {
    const lines = (partial + d.toString()).split('\n');
    partial = lines.pop() ?? '';
    lines.forEach(line);
  });
  return () => {
    if (partial) line(partial);
    partial = '';
    return out;
  };
}

/** Runs a script to its end with `stdin` (text, or text then a stream), collecting its report. */
export async function runScript(
  shell: Shell,
  body: ShellFragment,
  stdin: string,
  data?: Readable,
  options: { graceMs?: number } = {},
): Promise<Report> {
  const p = await shell.spawn(body);
  const collect = stderrCollector(p.stderr);
  p.stdout.resume();
  p.stdin.write(stdin);
  // A script that stops reading on its own (it refused the target, a tool failed) breaks the pipe under the
  // writer: its own report says why, and the broken pipe is only the echo of that. Only the data's own failure
  // (the store could not be read) is thrown; a script that exits 0 without reading all it was given fails.
  let stoppedReading = false;
  let fed: Promise<{ error?: unknown }> = Promise.resolve({});
  if (data) {
    // Whichever failed first: pipeline() then destroys the other streams with that same error.
    let first: 'source' | 'script' | undefined;
    data.once('error', () => (first ??= 'source'));
    p.stdin.once('error', () => (first ??= 'script'));
    fed = pipeline(data, reclaiming(), p.stdin).then(
      () => ({}),
      (error: unknown) => {
        p.kill();
        if (first === 'source') return { error };
        stoppedReading = true;
        return {};
      },
    );
  } else p.stdin.end();
  // Once the script is gone, what it has not read it never will; an SSH channel need not say so (its writable
  // side can wait for a window that never opens). The feeding gets a short grace to finish, then stops.
  const end = await p.done;
  let timer: NodeJS.Timeout | undefined;
  const late = await Promise.race([
    fed.then(() => false),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), options.graceMs ?? 5000))),
  ]).finally(() => clearTimeout(timer));
  if (late) {
    stoppedReading = true;
    p.stdin.destroy();
    data?.destroy();
  }
  const { error } = await fed;
  if (error !== undefined) throw error;
  return { end, ...collect(), ...(stoppedReading ? { unread: true } : {}) };
}

/** Why a script's report is a failure, or undefined when every stage exited 0. */
export function failure(r: Report, what: string): string | undefined {
  const bad = Object.entries(r.status).filter(([, v]) => v !== 0);
  const detail = r.errors.length ? `: ${r.errors.join('; ')}` : '';
  if (r.end.code === null)
    return `${what} was cut off (the connection dropped or the process was killed${r.end.signal ? ` by ${r.end.signal}` : ''})${detail}`;
  if (bad.length)
    return `${what} failed: ${bad.map(([k, v]) => `${k} exited ${v}`).join(', ')}${detail}${tail(r.stderr)}`;
  if (r.end.code !== 0) return `${what} failed (exit ${r.end.code})${detail}${tail(r.stderr)}`;
  if (r.unread) return `${what} ended before it had read all its input${detail}${tail(r.stderr)}`;
  return undefined;
}

const tail = (s: string) => {
  const t = s.trim().split('\n').slice(-3).join(' / ');
  return t ? ` (${t})` : '';
};

/**
 * A pass-through that hashes and counts what flows, and calls `progress` at most every `everyMs`. Every dump and
 * restore streams through one, so it also keeps the dead chunks few (memory.ts).
 */
export function hasher(progress?: (bytes: number) => void, everyMs = 10_000) {
  const hash = createHash('sha256');
  const reclaim = reclaimer();
  let bytes = 0;
  let last = Date.now();
  const stream = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      bytes += chunk.length;
      reclaim(chunk.length);
      if (progress && Date.now() - last >= everyMs) {
        last = Date.now();
        progress(bytes);
      }
      cb(null, chunk);
    },
  });
  return { stream, result: () => ({ sha256: hash.digest('hex'), bytes }) };
}

/** age encryption to the recipients (the format the standard `age` tool decrypts), streamed. */
export async function encrypt(source: Readable, recipients: string[]): Promise<Readable> {
  const { Encrypter } = await import('age-encryption');
  const e = new Encrypter();
  for (const r of recipients) e.addRecipient(r);
  const web = await e.encrypt(Readable.toWeb(source) as ReadableStream<Uint8Array>);
  return Readable.fromWeb(web as import('node:stream/web').ReadableStream<Uint8Array>);
}

export async function decrypt(source: Readable, identities: string[]): Promise<Readable> {
  const { Decrypter } = await import('age-encryption');
  const d = new Decrypter();
  for (const i of identities) d.addIdentity(i);
  try {
    const web = await d.decrypt(Readable.toWeb(source) as ReadableStream<Uint8Array>);
    return Readable.fromWeb(web as import('node:stream/web').ReadableStream<Uint8Array>);
  } catch (error) {
    throw new KeelError(`cannot decrypt the backup: ${errorMessage(error)}`, { field: 'age-identity' });
  }
}

/**
 * The dump: script stdout → [age] → sha256 → the upload's sink. Resolves when both the script and the sink are
 * done. A writer that stops on its own (a full disk, killed) ends the stream at once: its sink may look finished
 * (ssh2 ends a channel's writable side when the server closes it), so the pipeline alone would wait forever
 * for a source that the full sink no longer drains.
 */
export async function streamDump(
  shell: Shell,
  body: ShellFragment,
  credentials: string,
  upload: Upload,
  options: { recipients: string[]; progress?: (bytes: number) => void },
): Promise<{ report: Report; sha256: string; bytes: number; streamError?: string }> {
  const p = await shell.spawn(body);
  const collect = stderrCollector(p.stderr);
  p.stdin.end(credentials);
  const h = hasher(options.progress);
  let streamError: string | undefined;
  const source = options.recipients.length ? await encrypt(p.stdout, options.recipients) : p.stdout;
  const writerFailed = upload.finished().then(
    () => new Promise<never>(() => undefined), // a writer that ends well ends after the stream: let it finish
    (error: unknown) => Promise.reject(error instanceof Error ? error : new Error(String(error))),
  );
  const flowing = Promise.race([pipeline(source, h.stream, upload.sink), writerFailed]).catch(
    (error: unknown) => {
      streamError = errorMessage(error);
      for (const s of [source, h.stream, upload.sink]) s.destroy();
      p.kill();
    },
  );
  const [end] = await Promise.all([p.done, flowing]);
  return { report: { end, ...collect() }, ...h.result(), ...(streamError ? { streamError } : {}) };
}
