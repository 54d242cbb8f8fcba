/**
 * The one SSH layer of keel, on ssh2 alone (its Client: connect, exec, forwardOut; no wrapper library).
 *
 * - Host keys are verified before authentication (known_hosts content or SHA256 fingerprints); an unknown or
 *   changed key fails with the key offered and the known_hosts line that would pin it.
 * - Connections are retried with backoff on network errors, never on trust or authentication failures.
 * - Jump hosts: each hop is its own verified connection; the next one is tunnelled through it.
 * - Every remote command runs as `bash -euo pipefail -c <script>` with stdin closed. A command that exits while
 *   a background process keeps its output open is reported instead of hanging the step.
 * - A connection that drops (a reset, the keepalive unanswered) never crashes the step: the command in flight is
 *   cut off and says why, and the session says it is no longer connected.
 * - Remote work dies with its job: every command carries a token of its own in its environment (KEEL_RUN),
 *   which everything it starts inherits. When the run is cancelled, the processes that carry the token of a
 *   command in flight (a hook, a migration, a dump) are stopped on the host, TERM then KILL, before the
 *   command's caller goes on to its clean-up (which releases the lock last). Closing the channel alone would
 *   not do it: without a terminal, sshd leaves the command running.
 */
import { randomUUID } from 'node:crypto';
import type { Readable, Writable } from 'node:stream';
import type { Client, ClientChannel, ConnectConfig } from 'ssh2';
import { cancellation, checkpoint } from '../cancel.js';
import { KeelError, errorMessage } from '../errors.js';
import type { Logger } from '../log.js';
import {
  type HostTrust,
  knownHostsLine,
  offeredAlgorithms,
  verifyHostKey,
  type Verdict,
} from './hostkeys.js';
import type { PrivateKey } from './keys.js';
import { quote, raw, script, type ShellFragment, strictBash } from './quote.js';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Endpoint {
  /** A name for reports; defaults to host. */
  name: string;
  host: string;
  port: number;
  user: string;
  trust: HostTrust;
}

export interface Credentials {
  key?: PrivateKey;
  password?: string;
}

export interface ConnectOptions {
  connectTimeoutMs: number;
  keepaliveIntervalMs: number;
  /** Extra attempts after the first, on network errors only. */
  retries: number;
  retryDelayMs: number;
  /** Hops to go through, first to last, each verified like the target. */
  jumps: Endpoint[];
}

export const defaultConnectOptions: ConnectOptions = {
  connectTimeoutMs: 20_000,
  keepaliveIntervalMs: 10_000,
  retries: 2,
  retryDelayMs: 1_000,
  jumps: [],
};

export interface RunOptions {
  /**
   * Give up after this long: the command's processes are stopped, the channel closed and the result says so.
   * Every command has a limit: DEFAULT_COMMAND_TIMEOUT_MS unless a longer (an upload, a hook) is given.
   */
  timeoutMs?: number;
  /** After the command exits, how long its output may stay open before it is called a held session. */
  heldOpenGraceMs?: number;
  onStdout?: (chunk: Buffer) => void;
  onStderr?: (chunk: Buffer) => void;
  /** Bytes for the command's stdin (closed after); without it stdin is closed at once. */
  stdin?: string | Readable;
}

export interface CommandResult {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** The command exited but something it started kept stdout/stderr open; keel closed the channel. */
  heldOpen: boolean;
}

export class RemoteCommandError extends KeelError {
  constructor(
    readonly host: string,
    readonly what: string,
    readonly result: CommandResult,
    /** Why the connection was lost, when it was: a command cut off by it is reported with the reason. */
    lost?: string,
  ) {
    const detail = result.timedOut
      ? 'timed out'
      : result.heldOpen
        ? 'exited, but a background process it started kept the session open (redirect its output and stdin, e.g. `cmd </dev/null >log 2>&1 &`)'
        : result.signal
          ? `was killed by signal ${result.signal}`
          : result.code === null
            ? `was cut off before it reported an exit status${lost ? ` (the connection dropped: ${lost})` : ''}`
            : `exited with code ${result.code}`;
    const tail = result.stderr.trim().split('\n').slice(-5).join('\n');
    super(`${host}: ${what} ${detail}${tail ? `:\n${tail}` : ''}`);
    this.name = 'RemoteCommandError';
  }
}

/** How a streamed process ended: code null means it never reported one (killed, or the connection dropped). */
export interface ProcessEnd {
  code: number | null;
  signal: string | null;
}

/** A running command whose output is streamed (locally or over SSH). */
export interface StreamedProcess {
  stdout: Readable;
  stderr: Readable;
  stdin: Writable;
  done: Promise<ProcessEnd>;
  kill(): void;
}

/** What the session knows of its connection: why it was lost, once it was. */
interface Link {
  lost?: string;
}

type TrustFailure = { endpoint: Endpoint; verdict: Extract<Verdict, { ok: false }>; offered: Buffer };

class HostKeyError extends KeelError {}

function hostKeyMessage(f: TrustFailure): string {
  const { endpoint: e, verdict: v, offered } = f;
  const where = `${e.host}:${e.port}`;
  const line = knownHostsLine(e.host, e.port, offered);
  if (v.reason === 'revoked') return `${where}: the host key ${v.type} ${v.fingerprint} is marked @revoked`;
  const head =
    v.reason === 'unpinned'
      ? `${where}: host key not verified: no known_hosts entry or fingerprint is given for this host`
      : `${where}: HOST KEY MISMATCH: the server offered ${v.type} ${v.fingerprint}, which matches none of the pinned keys`;
  const advice =
    v.reason === 'unpinned'
      ? "Check the fingerprint out of band (on the server: `ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub`), then pin it in 'known-hosts'"
      : 'If the server was rebuilt, check the new key out of band and update the pin; otherwise someone may be intercepting the connection';
  return `${head}.\n${advice}:\n  ${line}\n(or '${v.fingerprint}' in 'host-fingerprints').`;
}

function isNetworkError(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  const level = (error as { level?: string }).level;
  if (error instanceof HostKeyError) return false;
  if (level === 'client-authentication') return false;
  return (
    level === 'client-socket' ||
    level === 'client-timeout' ||
    ['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EPIPE'].includes(
      code ?? '',
    ) ||
    // A server that accepts and closes before the SSH banner (sshd's MaxStartups, a restarting sshd, a
    // load balancer with no backend yet): ssh2 reports it at level 'protocol'.
    /timed out|No response from server|Connection lost before handshake/i.test(errorMessage(error))
  );
}

/** The limit of a remote command that does not set its own: no step of keel's waits forever on a host. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 600_000;

/**
 * A command line that runs `body` with its process-tree token in the environment. The EXIT trap keeps bash
 * from exec'ing the script's last command in its own place: a last command that clears its environment
 * (`env -i python ...`) would otherwise take the token away, and with it the way to stop it on cancel.
 * (An EXIT trap that does nothing leaves the exit status as it was.)
 */
export function tagged(token: string, body: ShellFragment): string {
  return `KEEL_RUN=${token} ${strictBash(script(raw('trap : EXIT'), body))}`;
}

/**
 * Stops every process on the host whose environment carries one of the tokens, and every descendant of one
 * (a program started with a cleared environment, e.g. `env -i`): TERM, up to `graceS` seconds for them to end,
 * then KILL. Prints `none`, `stopped`, `killed`, or `left: PIDS` for processes it may not signal (another
 * user's, e.g. under sudo).
 */
export function stopScript(tokens: string[], graceS = 5): ShellFragment {
  const patterns = tokens.map((t) => `-e ${quote(`KEEL_RUN=${t}`)}`).join(' ');
  const lines = [
    'set +e',
    `tagged() { grep -lzxF ${patterns} /proc/[0-9]*/environ 2>/dev/null | sed 's#^/proc/##; s#/environ$##'; }`,
    // The tagged processes and their descendants, from one `ps` snapshot.
    `tree() { ps -eo pid=,ppid= | awk -v roots="$(tagged | tr '\n' ' ')" -v self=$$ 'BEGIN { n = split(roots, r, " "); for (i = 1; i <= n; i++) keep[r[i]] = 1 } { parent[$1] = $2 } END { do { more = 0; for (c in parent) if (!(c in keep) && (parent[c] in keep)) { keep[c] = 1; more = 1 } } while (more); for (k in keep) if ((k in parent) && k != self) print k }'; }`,
    // Later rounds: those still alive (their parents may be gone), and any newly tagged; read with bash's
    // builtins, no process per pid (a busy host forks slowly). (A zombie has ended: only its parent's wait is
    // missing.)
    `alive() { for q in $all $(tagged); do st=; read -r st 2>/dev/null < /proc/$q/stat || continue; st=\${st##*) }; [ "\${st%% *}" != Z ] && echo $q; done; }`,
    // The grace is wall time (bash 5's EPOCHREALTIME, else SECONDS), never a count of rounds: on a busy
    // host a round takes far longer than its sleep, and the runner kills keel 10 s after the cancel.
    'if [ -n "${EPOCHREALTIME:-}" ]; then now() { t=${EPOCHREALTIME//[!0-9]/}; }; scale=1000000; else now() { t=$SECONDS; }; scale=1; fi',
    'all=$(tree); [ -z "$all" ] && { echo none; exit 0; }',
    'kill -TERM $all 2>/dev/null',
    `now; end=$((t + ${graceS} * scale)); while now; [ "$t" -lt "$end" ]; do sleep 0.1; p=$(alive); [ -z "$p" ] && { echo stopped; exit 0; }; done`,
    'p=$(alive)',
    'kill -KILL $p 2>/dev/null; sleep 0.2; p=$(alive); [ -z "$p" ] && echo killed || echo "left:" $(printf \'%s\\n\' $p | sort -un)',
  ];
  return raw(lines.join('\n'));
}

/**
 * SSH channels (exec requests: round trips to the host) opened per endpoint, by every session to it (the
 * deploy's, the lock's, the stop on cancel): counted where they are opened, for the benchmark's table.
 */
const channelCounts = new WeakMap<Endpoint, number>();
const countChannel = (e: Endpoint) => channelCounts.set(e, (channelCounts.get(e) ?? 0) + 1);

/** How many SSH channels this process has opened to `endpoint` so far. */
export function channelsOpened(endpoint: Endpoint): number {
  return channelCounts.get(endpoint) ?? 0;
}

/** Sessions opened ahead of time (while the release is walked and hashed), taken by the next `open`s. */
const warm = new WeakMap<
  Endpoint,
  { credentials: Credentials; options: ConnectOptions; sessions: Promise<SshSession>[] }
>();

/** One verified, authenticated connection to a host (and the hops in front of it). */
export class SshSession {
  private constructor(
    readonly endpoint: Endpoint,
    private readonly client: Client,
    /** The jump hosts' connections, first to last. */
    private readonly hops: Client[],
    /** How the host key was trusted, and its fingerprint. */
    readonly hostKey: Extract<Verdict, { ok: true }>,
    private readonly link: Link,
    private readonly log: Logger,
  ) {
    cancellation.addEventListener('abort', this.onCancel, { once: true });
  }

  /**
   * The commands in flight, by token: `stopped` is set once their processes have been stopped on cancel,
   * `close` closes the command's channel.
   */
  private readonly inflight = new Map<string, { stopped?: Promise<void>; close?: () => void }>();

  /**
   * On cancel: the processes of every command in flight are stopped; a command whose channel is still open
   * 2 s after that (it waits on a process keel may not signal, e.g. one run under sudo as another user) is
   * let go: its channel is closed and its caller goes on to the clean-up.
   */
  private readonly onCancel = () => {
    if (this.inflight.size === 0) return;
    const entries = [...this.inflight.entries()];
    const stopped = this.stopRemote(entries.map(([t]) => t)).then(() => {
      const timer = setTimeout(() => {
        for (const [, e] of entries) e.close?.();
      }, 2_000);
      timer.unref();
    });
    for (const [, e] of entries) e.stopped = stopped;
  };

  /** Stops the processes of these commands on the host (see stopScript), saying why; never throws. */
  private async stopRemote(tokens: string[], why = 'cancelled'): Promise<void> {
    try {
      const r = await this.exec(strictBash(stopScript(tokens)));
      const what = r.stdout.trim();
      if (what.startsWith('left'))
        this.log.warn(`${this.endpoint.name}: ${why}, but processes are still running on the host (${what})`);
      else if (what !== 'none')
        this.log.info(`${this.endpoint.name}: ${why}: the remote command was ${what}`);
    } catch (error) {
      this.log.warn(
        `${this.endpoint.name}: ${why}, and the remote command could not be stopped: ${errorMessage(error)}`,
      );
    }
  }

  /** How long the handshake took (verification and authentication included), in ms. */
  connectMs = 0;

  /**
   * Starts `perHost` sessions to each endpoint now, verified and authenticated exactly as `open` does, so the
   * handshakes overlap local work (walking and hashing the release); `open` with the same endpoint, credentials
   * and options takes them, in order, before opening new ones. Nothing is run on a host. `dispose` closes the
   * ones nobody took.
   */
  static preconnect(
    c: { credentials: Credentials; options: ConnectOptions },
    endpoints: Endpoint[],
    perHost: number,
    log: Logger,
  ): { dispose(): Promise<void> } {
    const abort = new AbortController();
    for (const endpoint of endpoints) {
      const sessions = Array.from({ length: perHost }, () => {
        const p = SshSession.open(endpoint, c.credentials, c.options, log, abort.signal);
        p.catch(() => undefined); // whoever takes it sees the failure, as if it had opened it
        return p;
      });
      warm.set(endpoint, { credentials: c.credentials, options: c.options, sessions });
    }
    return {
      // Those still connecting are given up at once (a host that never answers would keep the step alive).
      dispose: async () => {
        const left = endpoints.flatMap((e) => {
          const w = warm.get(e);
          warm.delete(e);
          return w?.sessions ?? [];
        });
        abort.abort();
        for (const p of left) void p.then((s) => s.close()).catch(() => undefined);
        await Promise.resolve();
      },
    };
  }

  static async open(
    endpoint: Endpoint,
    credentials: Credentials,
    options: ConnectOptions,
    log: Logger,
    /** Set for a session opened ahead (preconnect): never taken from the warm ones; aborted, it gives up. */
    ahead?: AbortSignal,
  ): Promise<SshSession> {
    const w = ahead ? undefined : warm.get(endpoint);
    if (w && w.credentials === credentials && w.options === options && w.sessions.length > 0)
      return w.sessions.shift()!;
    const t0 = Date.now();
    let attempt = 0;
    for (;;) {
      try {
        const session = await SshSession.openOnce(endpoint, credentials, options, log, ahead);
        session.connectMs = Date.now() - t0;
        if (ahead?.aborted) {
          session.close();
          throw new KeelError(`${endpoint.name}: connection no longer needed`);
        }
        return session;
      } catch (error) {
        if (ahead?.aborted) throw error;
        if (attempt >= options.retries || !isNetworkError(error)) throw SshSession.explain(endpoint, error);
        attempt += 1;
        const delay = options.retryDelayMs * 2 ** (attempt - 1);
        log.info(
          `${endpoint.name}: connection failed (${errorMessage(error)}); retry ${attempt}/${options.retries} in ${delay / 1000}s`,
        );
        await sleep(delay);
      }
    }
  }

  private static explain(endpoint: Endpoint, error: unknown): KeelError {
    if (error instanceof KeelError) return error;
    const level = (error as { level?: string }).level;
    const where = `${endpoint.user}@${endpoint.host}:${endpoint.port}`;
    if (level === 'client-authentication') {
      return new KeelError(
        `${where}: authentication failed: the server accepted none of the given credentials ` +
          `(is the public key in ~${endpoint.user}/.ssh/authorized_keys?)`,
        { field: 'ssh-key' },
      );
    }
    return new KeelError(`${where}: cannot connect: ${errorMessage(error)}`, { cause: error });
  }

  private static async openOnce(
    endpoint: Endpoint,
    credentials: Credentials,
    options: ConnectOptions,
    log: Logger,
    ahead?: AbortSignal,
  ): Promise<SshSession> {
    const hops: Client[] = [];
    try {
      let sock: ConnectConfig['sock'];
      for (const hop of options.jumps) {
        const { client } = await SshSession.connectOne(hop, credentials, options, sock, log, ahead);
        hops.push(client);
        const next = hops.length < options.jumps.length ? options.jumps[hops.length]! : endpoint;
        sock = await new Promise((resolve, reject) => {
          client.forwardOut('127.0.0.1', 0, next.host, next.port, (err, stream) =>
            err
              ? reject(
                  new KeelError(
                    `${hop.name}: cannot open a tunnel to ${next.host}:${next.port}: ${err.message}`,
                  ),
                )
              : resolve(stream),
          );
        });
        log.debug(`${hop.name}: jump host connected`);
      }
      const { client, verdict, link } = await SshSession.connectOne(
        endpoint,
        credentials,
        options,
        sock,
        log,
        ahead,
      );
      return new SshSession(endpoint, client, hops, verdict, link, log);
    } catch (error) {
      for (const h of hops.reverse()) h.end();
      throw error;
    }
  }

  /**
   * One verified, authenticated ssh2 connection (over `sock`, a tunnel through the previous hop, when given).
   * The host key is checked by ssh2's hostVerifier before any credential is sent; a refused key fails with
   * the key offered and the line that would pin it.
   */
  private static async connectOne(
    endpoint: Endpoint,
    credentials: Credentials,
    options: ConnectOptions,
    sock: ConnectConfig['sock'],
    log: Logger,
    ahead?: AbortSignal,
  ): Promise<{ client: Client; verdict: Extract<Verdict, { ok: true }>; link: Link }> {
    // Loaded on the first connection, not at start-up: an action that fails on its inputs never parses the
    // SSH stack (issue #16, cold start).
    const { Client } = await import('ssh2');
    const client = new Client();
    const link: Link = {};
    // The client's one 'error' listener, for its whole life. While connecting, an error fails the connect.
    // After it, a connection that drops (a reset, a keepalive timeout) emits 'error' once more: unheard, it
    // would crash the step with a stack trace and no outputs. ssh2 then closes every open channel, so the
    // command in flight ends with no exit status ("cut off"), and the session says why on its next use.
    let connecting: ((error: Error) => void) | undefined;
    client.on('error', (error: Error) => {
      if (connecting) return connecting(error);
      link.lost ??= error.message;
      log.debug(`${endpoint.name}: the connection dropped: ${error.message}`);
    });
    client.on('close', () => {
      link.lost ??= 'the connection was closed';
    });
    // Given up (preconnect's dispose): the socket is closed while the handshake is under way.
    const giveUp = () => client.end();
    ahead?.addEventListener('abort', giveUp, { once: true });
    let failure: TrustFailure | undefined;
    let accepted: Extract<Verdict, { ok: true }> | undefined;
    const algorithms = offeredAlgorithms(endpoint.trust);
    const config: ConnectConfig = {
      ...(sock ? { sock } : { host: endpoint.host }),
      port: endpoint.port,
      username: endpoint.user,
      readyTimeout: options.connectTimeoutMs,
      keepaliveInterval: options.keepaliveIntervalMs,
      keepaliveCountMax: 3,
      hostVerifier: (key: Buffer) => {
        const verdict = verifyHostKey(endpoint.trust, key);
        if (verdict.ok) accepted = verdict;
        else failure = { endpoint, verdict, offered: Buffer.from(key) };
        return verdict.ok;
      },
      algorithms: {
        // AES-GCM first: Node's crypto does it natively, while chacha20-poly1305 (ssh2's default first choice)
        // needs ssh2's optional native addon, which the bundle leaves out, and is several times slower without.
        cipher: [
          'aes128-gcm@openssh.com',
          'aes256-gcm@openssh.com',
          'aes128-ctr',
          'aes192-ctr',
          'aes256-ctr',
          'chacha20-poly1305@openssh.com',
        ],
        ...(algorithms ? { serverHostKey: algorithms as never } : {}),
      },
    };
    if (credentials.key) {
      config.privateKey = credentials.key.text;
      if (credentials.key.passphrase !== undefined) config.passphrase = credentials.key.passphrase;
    }
    if (credentials.password !== undefined) config.password = credentials.password;
    // The methods keel has, in ssh2's own order, without the `none` probe ssh2 (like OpenSSH) sends first to
    // learn the server's methods: one round trip less per connection (40 ms on a 40 ms link), and a server
    // that would let `none` in is never asked.
    config.authHandler = [
      ...(credentials.password !== undefined ? (['password'] as const) : []),
      ...(credentials.key ? (['publickey'] as const) : []),
    ];
    try {
      await new Promise<void>((resolve, reject) => {
        connecting = reject;
        client.once('ready', resolve);
        // Closed before 'ready' without an error first: a network failure (isNetworkError knows the words).
        client.once('close', () => reject(new Error('No response from server')));
        client.connect(config); // a key ssh2 cannot use throws here: a rejection too
      });
    } catch (error) {
      client.end();
      if (failure) throw new HostKeyError(hostKeyMessage(failure), { field: 'known-hosts' });
      throw error;
    } finally {
      connecting = undefined;
      ahead?.removeEventListener('abort', giveUp);
    }
    if (!accepted) {
      client.end();
      throw new HostKeyError(`${endpoint.host}:${endpoint.port}: the host key was never verified`);
    }
    // Every remote step is a short exchange: with Nagle's algorithm on (ssh2's default) each one waited for
    // the peer's delayed ACK, about 90 ms a command here; without it, about 6 ms.
    client.setNoDelay(true);
    return { client, verdict: accepted, link };
  }

  /**
   * Runs one command line on a channel of its own: stdin from `o.stdin` (closed after) or closed at once,
   * stdout and stderr collected whole (and passed on as they come), resolved when the channel closes, with
   * the exit code, or the signal that killed it, or neither (the channel closed first: a dropped connection,
   * or keel closed it). Rejects only when no channel can be opened.
   */
  private exec(
    command: string,
    o: {
      stdin?: string | Readable;
      onChannel?: (channel: ClientChannel) => void;
      onStdout?: (chunk: Buffer) => void;
      onStderr?: (chunk: Buffer) => void;
    } = {},
  ): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
    countChannel(this.endpoint);
    return new Promise((resolve, reject) => {
      const opened = (err: Error | undefined, channel: ClientChannel) => {
        if (err) return reject(this.notConnected(err));
        o.onChannel?.(channel);
        const stdout: Buffer[] = [];
        const stderr: Buffer[] = [];
        channel.on('data', (chunk: Buffer) => {
          o.onStdout?.(chunk);
          stdout.push(chunk);
        });
        channel.stderr.on('data', (chunk: Buffer) => {
          o.onStderr?.(chunk);
          stderr.push(chunk);
        });
        let code: number | null = null;
        let signal: string | null = null;
        channel.on('exit', (c: number | null, s?: string) => {
          code = c ?? null;
          signal = s ?? null;
        });
        // Decoded once whole: a character split across two packets stays one character.
        channel.on('close', () =>
          resolve({
            code,
            signal,
            stdout: Buffer.concat(stdout).toString(),
            stderr: Buffer.concat(stderr).toString(),
          }),
        );
        if (o.stdin === undefined) channel.end();
        else if (typeof o.stdin === 'string') channel.end(o.stdin);
        else o.stdin.pipe(channel);
      };
      try {
        this.client.exec(command, opened);
      } catch (error) {
        reject(this.notConnected(error)); // ssh2 throws when the connection is already gone
      }
    });
  }

  /** Why a channel could not be opened: the connection is gone (and why, when known), or ssh2's reason. */
  private notConnected(error: unknown): KeelError {
    const why = this.link.lost ? ` (${this.link.lost})` : '';
    return this.link.lost || /not connected|no response from server/i.test(errorMessage(error))
      ? new KeelError(`${this.endpoint.name}: not connected${why}`)
      : new KeelError(`${this.endpoint.name}: cannot start a command: ${errorMessage(error)}`);
  }

  /**
   * Runs a script under `bash -euo pipefail`; privileged steps inside it use `sudo -n CMD` one command at a
   * time (never `sudo bash`), so narrow sudoers rules suffice. Resolves with the result
   * whatever the exit code; use `check` to turn a failure into an error.
   */
  async run(body: ShellFragment, options: RunOptions = {}): Promise<CommandResult> {
    const token = randomUUID();
    const entry: { stopped?: Promise<void>; close?: () => void } = {};
    this.inflight.set(token, entry);
    const command = tagged(token, body);
    const grace = options.heldOpenGraceMs ?? 3_000;
    let channel: ClientChannel | undefined;
    let timedOut = false;
    let heldOpen = false;
    let graceTimer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      // Its processes first: without a terminal, sshd would leave them running after the channel closes.
      void this.stopRemote([token], 'timed out').finally(() => channel?.close());
    }, options.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS);
    try {
      const result = await this.exec(command, {
        ...(options.stdin !== undefined ? { stdin: options.stdin } : {}),
        onChannel: (ch) => {
          channel = ch;
          entry.close = () => ch.close();
          ch.on('exit', () => {
            graceTimer = setTimeout(() => {
              heldOpen = true;
              ch.close();
            }, grace);
          });
        },
        ...(options.onStdout ? { onStdout: options.onStdout } : {}),
        ...(options.onStderr ? { onStderr: options.onStderr } : {}),
      });
      if (entry.stopped) {
        // Cancelled while it ran: its processes are gone (or reported) before the caller cleans up.
        await entry.stopped;
        checkpoint();
      }
      return {
        code: result.code,
        signal: result.signal,
        stdout: result.stdout,
        stderr: result.stderr,
        timedOut,
        heldOpen,
      };
    } finally {
      this.inflight.delete(token);
      clearTimeout(timer);
      if (graceTimer) clearTimeout(graceTimer);
    }
  }

  /** Runs a script and throws a RemoteCommandError (naming `what`) unless it exits 0 and closes cleanly. */
  async check(what: string, body: ShellFragment, options: RunOptions = {}): Promise<CommandResult> {
    const result = await this.run(body, options);
    if (result.code !== 0 || result.timedOut || result.heldOpen) {
      throw new RemoteCommandError(this.endpoint.name, what, result, this.link.lost);
    }
    return result;
  }

  /**
   * Starts a script under `bash -euo pipefail` and hands back its streams, for data that must not be held in
   * memory (backups): stdout with backpressure (the SSH window), stdin to write to, and how it ended. A
   * channel closed without an exit status (a dropped connection) ends with code null.
   */
  spawn(body: ShellFragment): Promise<StreamedProcess> {
    const token = randomUUID();
    countChannel(this.endpoint);
    return new Promise((resolve, reject) => {
      const opened = (err: Error | undefined, channel: ClientChannel) => {
        if (err) return reject(this.notConnected(err));
        this.inflight.set(token, {});
        channel.on('close', () => this.inflight.delete(token));
        let code: number | null = null;
        let signal: string | null = null;
        channel.on('exit', (c: number | null, s?: string) => {
          code = c;
          signal = s ?? null;
        });
        let end: (e: ProcessEnd) => void = () => undefined;
        const done = new Promise<ProcessEnd>((r) => (end = r));
        channel.on('close', () => end({ code, signal }));
        // ssh2 reports 'close' only once our side is done writing too: a command that exits while we still
        // write to it (a full disk) would never end. Its exit status is final: end shortly after it.
        channel.on('exit', () => setTimeout(() => end({ code, signal }), 1_000).unref());
        // A channel whose streams were already destroyed may never report 'close': don't wait for it forever.
        const kill = () => {
          // The processes first (they may not notice a closed channel), then the channel.
          if (this.inflight.has(token)) void this.stopRemote([token]);
          try {
            channel.close();
          } catch {
            /* already destroyed */
          }
          setTimeout(() => end({ code: null, signal: 'closed by keel' }), 2_000).unref();
        };
        resolve({ stdout: channel, stderr: channel.stderr, stdin: channel, done, kill });
      };
      try {
        this.client.exec(tagged(token, body), opened);
      } catch (error) {
        reject(this.notConnected(error));
      }
    });
  }

  close(): void {
    cancellation.removeEventListener('abort', this.onCancel);
    this.client.end();
    for (const h of [...this.hops].reverse()) h.end();
  }
}

/** The hosts of a step and how to reach them. */
export interface Connection {
  endpoints: Endpoint[];
  credentials: Credentials;
  options: ConnectOptions;
}

/**
 * Opens a session to one host, runs `fn`, always closes it; a failure (connecting included) becomes
 * `failed(message)`, so one host's problem is that host's result, not the whole step's exception.
 */
export async function withSession<R>(
  c: Connection,
  endpoint: Endpoint,
  log: Logger,
  fn: (s: SshSession) => Promise<R>,
  failed: (error: string) => R,
): Promise<R> {
  let session: SshSession | undefined;
  try {
    session = await SshSession.open(endpoint, c.credentials, c.options, log);
    return await fn(session);
  } catch (error) {
    return failed(errorMessage(error));
  } finally {
    session?.close();
  }
}
