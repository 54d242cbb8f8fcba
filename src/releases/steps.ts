/**
 * The steps of one release to one host (deployToHost in deploy.ts runs them in order, under the deploy lock):
 * 1 prepare → 2 stage and transfer → 3 shared files → 4 build → 5 finish (final name, host files, firewall,
 * before-switch hook) → 6 atomic switch (and what follows it, or the switch back) → 7 log and prune; `undo`
 * after a failure. One HostDeploy holds what the steps share (the session, the result, what was made).
 */
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { checkpoint } from '../cancel.js';
import { KeelError, errorMessage } from '../errors.js';
import { raw, sh, script, type ShellFragment } from '../remote/quote.js';
import type { SshSession } from '../remote/ssh.js';
import type { Logger } from '../log.js';
import { type Compression, type ExtraFile } from './archive.js';
import { pack } from './packer.js';
import { Phases } from './timing.js';
import { delta, type FileEntry, parseManifest } from './files.js';
import { type Layout } from './layout.js';
import { SUPERVISORCTL } from '../render/supervisor.js';
import { applyHostFiles, type Installed, installHostFiles } from './install.js';
import { keepOnSwitchBack, restartProcesses } from './processes.js';
import { applyFirewall } from './firewall.js';
import { partialsBody, reportPartials } from './lock.js';
import {
  appendLog,
  logAndPrune,
  markBad,
  type NewLogEntry,
  guessedNote,
  parseCurrentLink,
  parseState,
  pruneAfterSwitch,
  pruneWith,
  stateEnd,
  stateScript,
  switchAndLog,
  switchLogPruneRelease,
  switchTo,
} from './state.js';
import { copyPrevious, judgeCopy, removeFromCopy } from './copy.js';
import { linkShared } from './shared.js';
import type { DeployOptions, HostResult } from './deploy.js';

const MANIFEST = '.keel/files.json';

function progress(log: Logger, host: string, bytes: () => number): () => void {
  let last = 0;
  const started = Date.now();
  const timer = setInterval(() => {
    const b = bytes();
    if (b !== last) {
      log.info(
        `${host}: uploaded ${(b / 1048576).toFixed(1)} MiB (${(b / 1048576 / ((Date.now() - started) / 1000)).toFixed(1)} MiB/s)`,
      );
      last = b;
    }
  }, 5_000);
  return () => clearInterval(timer);
}

function hookScript(dir: string, hook: string, env: Record<string, string>): ShellFragment {
  const exports = Object.entries(env).map(([k, v]) => sh`export ${raw(k)}=${v}`);
  return script(sh`cd ${dir}`, ...exports, raw(hook));
}

/**
 * One round trip before staging: the deploy path's folders made, what `current` points to, whether the release
 * exists, whether the host has zstd, and the live release's manifest (read through `current`, which is checked
 * to be one of this deploy path's releases). NUL-separated fields (a manifest is JSON: it has no NUL).
 */
export function prepareScript(layout: Layout, release: string): ShellFragment {
  return script(
    raw('set +e'),
    sh`mkdir -p ${layout.releases} ${layout.shared} ${layout.meta} || exit 1`,
    raw("printf 'current\\0'"),
    sh`readlink ${layout.current}`,
    raw("printf '\\0release\\0'"),
    sh`if [ -e ${release} ] || [ -L ${release} ]; then printf 'exists\\0'; else printf 'new\\0'; fi`,
    raw("printf 'zstd\\0'; if command -v zstd >/dev/null; then printf 'yes\\0'; else printf 'no\\0'; fi"),
    raw("printf 'manifest\\0'"),
    sh`cat ${`${layout.current}/${MANIFEST}`} 2>/dev/null`,
    raw("printf '\\0'"),
  );
}

/**
 * The deploy's first script, for a script that holds the lock and its guard (the take's, or whileHeld): the
 * uploads of dead runs removed (field `partials`, see partialsBody), then prepareScript's fields. With
 * `state`, the release state follows (field `state`: stateScript's records up to `end`; the switch's prune is
 * computed from it, see switchLogPruneRelease). With `copy` (this run's upload folder), the hard-link copy of
 * the live release is made there when `current` is `releases/ID` (a real folder with a manifest) and the new
 * release is not there yet, and listed for symlinks: field `copied` with ID, then the listing to the end
 * (NUL-separated path/target pairs, as copyPrevious's). The guard is let go first (the copy needs only the lock,
 * as before: a big release's copy must not hold every other run's lock operation); so `copy` comes last.
 */
export function prepareBody(
  layout: Layout,
  release: string,
  token: string,
  o: { state?: boolean; copy?: string } = {},
): ShellFragment[] {
  return [
    raw("printf 'partials\\0'"),
    partialsBody(layout, token),
    raw("printf '\\0'"),
    raw('('),
    prepareScript(layout, release),
    raw(')'),
    ...(o.state
      ? [raw("printf 'state\\0'"), raw('('), stateScript(layout), raw(')'), raw("printf 'end\\0'")]
      : []),
    ...(o.copy ? [copyBody(layout, release, o.copy)] : []),
  ];
}

/** The host side of prepareBody's `copy` (a subshell, after the guard is let go). */
function copyBody(layout: Layout, release: string, copy: string): ShellFragment {
  return script(
    raw('exec 9>&-'),
    raw('('),
    sh`cur=$(readlink ${layout.current}) || exit 0`,
    raw('case "$cur" in releases/*) id=${cur#releases/} ;; *) exit 0 ;; esac'),
    raw(`case "$id" in '' | . | .. | */* | -* | .partial-*) exit 0 ;; esac`),
    sh`from=${layout.releases}/$id`,
    raw('[ -d "$from" ] && [ ! -L "$from" ] && [ -f "$from/.keel/files.json" ] || exit 0'),
    sh`[ -e ${release} ] || [ -L ${release} ] || [ -e ${copy} ] && exit 0`,
    sh`cp -al "$from" ${copy} || exit 1`,
    raw(`printf 'copied\\0%s\\0' "$id"`),
    sh`cd ${copy} || exit 1`,
    raw("find . -type l -printf '%P\\0%l\\0'"),
    raw(')'),
  );
}

export interface Prepared {
  facts: Record<string, string>;
  /** The release state read under the lock at take time (prepareBody's `state`). */
  state?: string;
  /** The release the copy was made of (prepareBody's `copy`), and its symlink listing. */
  copied?: { id: string; listing: string };
}

/** prepareBody's output, read back. */
export function parsePrepared(out: string): Record<string, string> {
  return readPrepared(out).facts;
}

export function readPrepared(out: string): Prepared {
  const f = out.split('\0');
  const facts: Record<string, string> = {};
  const r: Prepared = { facts };
  let i = 0;
  while (i + 1 < f.length) {
    const tag = f[i]!;
    if (tag === 'state') {
      const end = stateEnd(f, i + 1);
      r.state = f.slice(i + 1, end).join('\0');
      i = end + 1;
    } else if (tag === 'copied') {
      r.copied = { id: f[i + 1]!, listing: f.slice(i + 2).join('\0') };
      break;
    } else {
      facts[tag] = f[i + 1]!;
      i += 2;
    }
  }
  return r;
}

/**
 * Nothing is planned to run after the switch (no host files, reload, processes or after-switch hook): the log
 * line, the prune and (when the lease is the deploy's own) the lock's release can ride the switch's script,
 * with the prune computed from the state read at the take.
 */
export function quietPlan(
  o: Pick<DeployOptions, 'hostFiles' | 'reloadUnit' | 'processes' | 'hooks'>,
): boolean {
  return o.hostFiles.length === 0 && !o.reloadUnit && o.processes.length === 0 && !o.hooks.afterSwitch;
}

/** A deploy's first script under the lock: prepareBody with the state (when quietPlan) and the live release's copy. */
export function firstScript(
  layout: Layout,
  o: Pick<DeployOptions, 'releaseId' | 'hostFiles' | 'reloadUnit' | 'processes' | 'hooks'>,
  token: string,
): ShellFragment[] {
  return prepareBody(layout, layout.release(o.releaseId), token, {
    state: quietPlan(o),
    copy: layout.partial(o.releaseId, token),
  });
}

/**
 * `sudo -n systemctl reload UNIT`: one named command, so a sudoers rule as narrow as
 * `deploy ALL=(root) NOPASSWD: /usr/bin/systemctl reload shop.service` is enough (never `sudo bash`). An app
 * under supervisor is named `supervisor:PROGRAM`: `sudo -n supervisorctl signal HUP PROGRAM` (the rendered rule).
 */
export function reloadCommand(unit: string): ShellFragment {
  const program = /^supervisor:(.+)$/s.exec(unit)?.[1];
  return program !== undefined
    ? sh`sudo -n ${SUPERVISORCTL} signal HUP ${program}`
    : sh`sudo -n systemctl reload ${unit}`;
}

type Delta = ReturnType<typeof delta>;

/** One release on its way to one host: what the steps share. */
export class HostDeploy {
  readonly host: string;
  readonly started = Date.now();
  readonly now = new Date();
  readonly token: string;
  readonly release: string;
  readonly partial: string;
  readonly phases = new Phases();
  /** Whether this run made `release` (so a failure before the switch removes it, and only then). */
  finished = false;
  installed: Installed | undefined;
  previous: string | undefined;
  /** Nothing runs in the release between unpacking and finishing it: it gets its final name with the upload. */
  readonly finishNow: boolean;
  /** The release state as the take's script read it, under the lock (firstScript's `state`, when quietPlan). */
  takeState: string | undefined;
  /** The hard-link copy of the live release the take's script made at `partial`, and its symlink listing. */
  copied: { id: string; listing: string } | undefined;
  /** What the switch's script pruned (switchLogPruneRelease), when it did. */
  prunedAtSwitch: { removed: string[]; kept: string[] } | undefined;

  constructor(
    readonly session: SshSession,
    readonly layout: Layout,
    readonly o: DeployOptions,
    readonly log: Logger,
    readonly result: HostResult,
  ) {
    this.host = session.endpoint.name;
    this.token = o.lease.token;
    this.release = layout.release(o.releaseId);
    this.partial = layout.partial(o.releaseId, this.token);
    this.finishNow = o.shared.length === 0 && !(o.venv.enabled && hasRequirements(o)) && !o.hooks.build;
    this.phases.add('connect', session.connectMs);
    if (o.filesReadyAt) this.phases.add('wait for lock', this.started - o.filesReadyAt);
  }

  /** The hooks' environment. */
  get env(): Record<string, string> {
    return {
      KEEL_RELEASE: this.o.releaseId,
      KEEL_RELEASE_PATH: this.release,
      KEEL_DEPLOY_PATH: this.layout.root,
      KEEL_PREVIOUS_RELEASE: this.previous ?? '',
    };
  }

  /**
   * 1. Prepare (the lock is held): uploads of dead runs removed, folders, what is live now; in one round trip,
   * the lock's own when the lock was taken for this deploy.
   */
  async prepare(): Promise<Record<string, string>> {
    const { session, layout, o, log, host, token, result } = this;
    const prepared = readPrepared(
      o.prepared ??
        (await o.lease.whileHeld(session, 'preparing the deploy path', firstScript(layout, o, token))),
    );
    const facts = prepared.facts;
    this.takeState = prepared.state;
    this.copied = prepared.copied;
    reportPartials(host, facts.partials ?? '', log);
    // `current` read before the switch: the release live before this one (the log's `previous`).
    this.previous = parseCurrentLink(facts.current ?? '', layout);
    result.previous = this.previous;
    if (facts.release === 'exists') {
      throw new KeelError(
        `${host}: release ${o.releaseId} already exists; give a new 'release-id' (or use mode: rollback to return to it)`,
        {
          field: 'release-id',
        },
      );
    }
    this.phases.lap('prepare');
    return facts;
  }

  /** 2. Stage: a hard-link copy of the previous release, then only the differences. */
  async stage(facts: Record<string, string>): Promise<Delta> {
    const { session, layout, o, log, partial, previous, result } = this;
    checkpoint();
    const prevManifest = previous ? parseManifest(facts.manifest) : undefined;
    const full = { send: o.files, remove: [], unchanged: 0 };
    let d = prevManifest ? delta(prevManifest, o.files) : full;
    // The copy the take's script made (firstScript) is of the release live then: used when it is the one the
    // delta is against, else removed (a manifest that does not parse, a `current` written another way).
    let copied = this.copied;
    if (copied && !(prevManifest && copied.id === previous)) {
      await session.check('discarding the copy', sh`rm -rf ${partial}`);
      copied = undefined;
    }
    if (prevManifest && previous) {
      const keels = copied
        ? await judgeCopy(session, layout, partial, prevManifest, copied.listing, log)
        : await copyPrevious(session, layout, layout.release(previous), partial, prevManifest, log);
      // keel's own links first (shared, .venv: never deleted or written through), then the deleted files.
      if (keels) await removeFromCopy(session, partial, [...keels, ...d.remove]);
      else d = full;
    }
    this.phases.lap('stage (copy)');
    result.unchangedFiles = d.unchanged;
    result.removedFiles = d.remove.length;
    result.uploadedFiles = d.send.filter((e) => e.type === 'file').length;
    return d;
  }

  /** 2. (continued) Pack what changed with keel's files, send it, unpack it (and finish it, when nothing follows). */
  async transfer(d: Delta, compression: Compression): Promise<void> {
    const { session, o, log, host, partial, release, result, finishNow } = this;
    const manifestFile: ExtraFile = {
      path: MANIFEST,
      content: JSON.stringify({ keel: 1, files: o.files }),
      mode: 0o644,
    };
    const releaseFile: ExtraFile = {
      path: '.keel/release.json',
      content:
        JSON.stringify(
          {
            id: o.releaseId,
            sha: o.run.sha,
            repository: o.run.repository,
            run: o.run.id,
            actor: o.run.actor,
            created: (o.createdAt ?? this.now).toISOString(),
          },
          null,
          2,
        ) + '\n',
      mode: 0o644,
    };
    const extra = [
      ...o.extra,
      manifestFile,
      releaseFile,
      { path: 'RELEASE', content: `${o.releaseId}\n`, mode: 0o644 },
    ];
    const archive = o.archives
      ? o.archives.open(o.source, d.send, extra, compression)
      : await pack(o.source, d.send, extra, compression);
    const stop = progress(log, host, archive.bytes);
    try {
      // GNU tar unlinks an existing file before extracting it, so a changed file replaces the hard link instead
      // of writing through it into the previous release (a test checks the previous release is untouched).
      // -i: the archive may be two, one after the other (packer.ts).
      const unpack =
        compression === 'zstd'
          ? sh`zstd -dcq | tar -xif - --no-same-owner -C ${partial}`
          : sh`tar -xizf - --no-same-owner -C ${partial}`;
      if (finishNow) this.finished = true; // the release path was free under the lock: whatever is there is this run's
      const upload = session.check(
        'uploading and unpacking the release',
        script(sh`mkdir -p ${partial}`, unpack, ...(finishNow ? [sh`mv -T ${partial} ${release}`] : [])),
        {
          stdin: archive.stream,
          timeoutMs: 3_600_000,
        },
      );
      try {
        await Promise.all([upload, archive.done]);
      } catch (error) {
        archive.stream.destroy(); // the local packer stops with it
        // The host's side settles before the clean-up removes what it wrote (bounded: with its input stopped it
        // writes nothing more, and it ends when the session closes).
        await Promise.race([upload.catch(() => undefined), sleep(5_000, undefined, { ref: false })]);
        throw error;
      }
    } finally {
      stop();
    }
    this.phases.lap('pack + transfer');
    result.uploadedBytes = archive.bytes();
    log.info(
      `${host}: sent ${result.uploadedFiles} file(s), ${(result.uploadedBytes / 1024).toFixed(0)} KiB (${compression}); ${d.unchanged} unchanged, ${d.remove.length} removed`,
    );
  }

  /**
   * 3. Shared files and folders live outside releases and are linked in (never through a symlink).
   * 4. Build: a virtualenv per requirements (shared by releases with the same ones), then the build hook.
   */
  async build(): Promise<void> {
    const { session, layout, o, log, host, partial } = this;
    checkpoint();
    await linkShared(session, layout, partial, o.shared);
    const requirements = hasRequirements(o);
    if (o.venv.enabled && requirements) {
      const key = createHash('sha256')
        .update(
          `${requirements.hash}:${o.venv.systemSitePackages}:${o.venv.wheelsDir ?? ''}:${o.venv.pipArgs.join(' ')}`,
        )
        .digest('hex')
        .slice(0, 16);
      const venv = `${layout.venvs}/${key}`;
      const pip = [
        ...(o.venv.wheelsDir ? ['--no-index', '--find-links', o.venv.wheelsDir] : []),
        '--cache-dir',
        `${layout.meta}/pip-cache`,
        ...o.venv.pipArgs,
      ];
      await log.group(`${host}: virtualenv`, async () => {
        const r = await session.check(
          'building the virtualenv',
          script(
            // Built in place (a venv's scripts name its own path); the marker says it is complete.
            sh`if [ -e ${`${venv}/.keel-complete`} ]; then echo reused; exit 0; fi`,
            sh`rm -rf ${venv} && mkdir -p ${layout.venvs}`,
            o.venv.systemSitePackages
              ? sh`python3 -m venv --system-site-packages ${venv}`
              : sh`python3 -m venv ${venv}`,
            sh`${`${venv}/bin/pip`} install --disable-pip-version-check --quiet ${pip} -r ${`${partial}/requirements.txt`}`,
            sh`touch ${`${venv}/.keel-complete`}`,
            raw('echo built'),
          ),
          { timeoutMs: 1_800_000 },
        );
        log.info(`${host}: virtualenv ${key} ${r.stdout.trim().split('\n').pop()}`);
        await session.check(
          'linking the virtualenv',
          sh`rm -rf ${`${partial}/.venv`} && ln -s ${venv} ${`${partial}/.venv`}`,
        );
      });
    }
    checkpoint();
    if (o.hooks.build) {
      await log.group(`${host}: build hook`, () =>
        session.check(
          'the build hook',
          hookScript(partial, o.hooks.build!, { ...this.env, KEEL_RELEASE_PATH: partial }),
          { timeoutMs: 1_800_000 },
        ),
      );
    }
  }

  /** 5. The release is complete: give it its final name; the host files, the firewall, the before-switch hook. */
  async finish(): Promise<Installed> {
    const { session, o, log, host, partial, release, token } = this;
    checkpoint();
    if (!this.finishNow) {
      await session.check('finishing the release', sh`mv -T ${partial} ${release}`);
      this.finished = true;
    }
    this.phases.lap('link/build');
    const installed = await installHostFiles(session, o.hostFiles, token, log, o.proxyVersions);
    this.installed = installed;
    // The firewall before the switch: a failed one leaves the previous release live.
    if (o.firewall)
      await applyFirewall(
        session,
        o.firewall,
        installed.changed.some((f) => f.kind === 'firewall'),
        log,
      );
    if (o.hooks.beforeSwitch) {
      await log.group(`${host}: before-switch hook`, () =>
        session.check('the before-switch hook', hookScript(release, o.hooks.beforeSwitch!, this.env), {
          timeoutMs: 1_800_000,
        }),
      );
    }
    return installed;
  }

  /** The log line of a deploy that went live. */
  get deployedEntry(): NewLogEntry {
    return {
      status: 'deployed',
      release: this.o.releaseId,
      previous: this.previous ?? null,
      live: this.o.releaseId,
      ...this.o.run,
    };
  }

  /**
   * 6. Atomic switch: a new symlink under a temporary name, renamed over `current` (rename(2) is atomic), in one
   * script with the lease's check (lock.ts whileHeld). The last point where a cancel leaves nothing to undo.
   * With nothing to run after the switch, the log line and the state for pruning ride the same script (the
   * state is returned). Then the host files, the reload, the processes, the after-switch hook; a failure there
   * switches back to the previous release (when there is one) and marks this one bad.
   */
  async switchOver(installed: Installed): Promise<Awaited<ReturnType<typeof switchAndLog>> | undefined> {
    const { session, layout, o, log, host, release, result, previous } = this;
    checkpoint();
    const quiet =
      installed.changed.length === 0 && !o.reloadUnit && o.processes.length === 0 && !o.hooks.afterSwitch;
    let logged: Awaited<ReturnType<typeof switchAndLog>> | undefined;
    if (quiet && this.takeState !== undefined) {
      // One round trip for the rest of the deploy: switch, log line, prune, and the lock's release.
      const doomed = pruneAfterSwitch(parseState(this.takeState, layout), o.releaseId, previous, o.keep, [
        o.releaseId,
        previous,
      ]);
      const done = await switchLogPruneRelease(
        session,
        layout,
        o.releaseId,
        this.deployedEntry,
        doomed,
        o.releaseAtSwitch === true,
      );
      result.switched = true;
      if (!done.logged)
        throw new KeelError(`${host}: switched to ${o.releaseId}, but the release log could not be written`);
      if (!done.pruned)
        throw new KeelError(
          `${host}: switched to ${o.releaseId} and logged it, but removing old releases failed`,
        );
      this.prunedAtSwitch = done;
    } else if (quiet) logged = await switchAndLog(session, layout, o.releaseId, this.deployedEntry);
    else await switchTo(session, layout, o.releaseId);
    result.switched = true;
    if (logged && !logged.logged)
      throw new KeelError(`${host}: switched to ${o.releaseId}, but the release log could not be written`);
    try {
      if (installed.changed.length > 0)
        await applyHostFiles(session, installed.changed, o.units.service, o.units.socket, log);
      if (o.reloadUnit)
        await session.check(`reloading ${o.reloadUnit}`, reloadCommand(o.reloadUnit), { timeoutMs: 300_000 });
      await restartProcesses(session, o.processes, o.singletonHost, log);
      if (o.hooks.afterSwitch) {
        await log.group(`${host}: after-switch hook`, () =>
          session.check('the after-switch hook', hookScript(release, o.hooks.afterSwitch!, this.env), {
            timeoutMs: 1_800_000,
          }),
        );
      }
    } catch (error) {
      if (previous) {
        log.warn(`${host}: ${errorMessage(error)}; switching back to ${previous}`);
        const keep = await keepOnSwitchBack(session, layout, o.processes).catch(() => undefined);
        await switchTo(session, layout, previous);
        await markBad(session, layout, o.releaseId);
        if (installed.changed.length > 0) {
          await installed.restore();
          await applyHostFiles(session, installed.changed, o.units.service, o.units.socket, log);
        }
        if (o.reloadUnit)
          await session.check(`reloading ${o.reloadUnit} on ${previous}`, reloadCommand(o.reloadUnit), {
            timeoutMs: 300_000,
          });
        // The processes go back too (a failed restart here is logged; the deploy's own error is the cause).
        await restartProcesses(session, o.processes, o.singletonHost, log, keep).catch((e: unknown) =>
          log.warn(`${host}: ${errorMessage(e)}`),
        );
        result.rolledBack = true;
      }
      throw error;
    }
    this.phases.lap('switch');
    return logged;
  }

  /**
   * 7. Log it (unless the switch did), then keep the newest releases by deploy time (never the current one,
   * the previous one, the one a rollback would go to, or one a running master uses), and the venvs they use.
   */
  async record(logged: Awaited<ReturnType<typeof switchAndLog>> | undefined): Promise<void> {
    const { session, layout, o, log, host, result } = this;
    const protect = [o.releaseId, this.previous];
    const pruned = this.prunedAtSwitch
      ? { removed: this.prunedAtSwitch.removed, note: guessedNote(parseState(this.takeState ?? '', layout)) }
      : logged
        ? await pruneWith(session, layout, logged.state, o.keep, protect)
        : await logAndPrune(session, layout, this.deployedEntry, o.keep, protect);
    result.pruned = pruned.removed;
    if (pruned.note) log.info(`${host}: ${pruned.note}`);
    if (this.prunedAtSwitch?.kept.length)
      log.info(`${host}: kept ${this.prunedAtSwitch.kept.join(', ')}: a process runs in it`);
    await this.installed?.commit();
    this.phases.lap('log/prune');
  }

  /** After a failure: what was never switched to goes; the log says what happened (unless the lock was lost). */
  async undo(error: unknown): Promise<void> {
    const { session, layout, o, result, partial, release } = this;
    result.error = errorMessage(error);
    // Never switched to: the release (finished or not) goes, and so do the config files installed for it.
    if (!result.switched) {
      await this.installed?.restore().catch(() => undefined);
      await session
        .run(this.finished ? sh`rm -rf ${partial} ${release}` : sh`rm -rf ${partial}`)
        .catch(() => undefined);
    }
    // Switched and not switched back (no previous release): the new one stays live.
    const live = result.switched && !result.rolledBack ? o.releaseId : (result.previous ?? null);
    // A run that lost its lock writes nothing more (the run holding it now owns the log).
    if (!o.lease.lost)
      await appendLog(session, layout, {
        status: result.rolledBack ? 'rolled-back' : 'failed',
        release: o.releaseId,
        previous: result.previous ?? null,
        live,
        error: result.error,
        ...o.run,
      }).catch(() => undefined);
  }

  /** The host's time and its timing line. */
  end(): void {
    this.result.seconds = Math.round((Date.now() - this.started) / 100) / 10;
    this.log.info(`${this.host}: timing: ${this.phases.line()}`);
  }
}

function hasRequirements(o: DeployOptions): FileEntry | undefined {
  return o.files.find((f) => f.path === 'requirements.txt');
}
