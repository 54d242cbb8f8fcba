/**
 * One release to one host, under the deploy lock the caller holds (lock.ts): stage (hard-link copy of the
 * previous release, then only what changed) → shared files → virtualenv → hooks → atomic switch → reload → log →
 * prune. Until the switch nothing the site uses is touched; a failure after it switches back. `current` always
 * points to a complete release. The release state (log, `current`, pruning) is state.ts's.
 */
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { checkpoint } from '../cancel.js';
import { KeelError, errorMessage } from '../errors.js';
import { raw, sh, script, type ShellFragment } from '../remote/quote.js';
import type { SshSession } from '../remote/ssh.js';
import type { Logger } from '../log.js';
import { type ArchiveCache, type Compression, type ExtraFile } from './archive.js';
import { pack } from './packer.js';
import { Phases } from './timing.js';
import { delta, type FileEntry, parseManifest } from './files.js';
import { type Layout, type SharedPath } from './layout.js';
import { SUPERVISORCTL } from '../render/supervisor.js';
import type { ProxyVersions } from '../render/versions.js';
import { applyHostFiles, type HostFile, type Installed, installHostFiles } from './install.js';
import { keepOnSwitchBack, type ProcessSet, restartProcesses } from './processes.js';
import { applyFirewall, type FirewallDeploy } from './firewall.js';
import { type Lease, partialsBody, reportPartials } from './lock.js';
import {
  appendLog,
  logAndPrune,
  markBad,
  parseCurrentLink,
  pruneWith,
  switchAndLog,
  switchTo,
} from './state.js';
import { copyPrevious, removeFromCopy } from './copy.js';
import { linkShared } from './shared.js';

export interface DeployOptions {
  releaseId: string;
  source: string;
  files: FileEntry[];
  /** Files keel adds to the release (rendered gunicorn.conf.py, ...). */
  extra: ExtraFile[];
  shared: SharedPath[];
  keep: number;
  venv: { enabled: boolean; systemSitePackages: boolean; wheelsDir: string | undefined; pipArgs: string[] };
  hooks: { build: string | undefined; beforeSwitch: string | undefined; afterSwitch: string | undefined };
  /** systemd unit to reload after the switch (and after a switch back). */
  reloadUnit: string | undefined;
  /** Host-level files from render-config to install (checked on the host, restored on failure). */
  hostFiles: HostFile[];
  /** The proxy versions the host files were rendered for (a host running newer ones gets a warning). */
  proxyVersions?: ProxyVersions | undefined;
  /** The app's units, to enable and restart when their files change. */
  units: { service: string | undefined; socket: string | undefined };
  /** The processes beside the app: restarted onto the release after every switch (and every switch back). */
  processes: ProcessSet[];
  /** The host singletons (Celery beat) run on: the first of the hosts list (set by deployFleet). */
  singletonHost?: string | undefined;
  /** The host firewall, applied before the switch with its lock-out guard (firewall.ts). */
  firewall?: FirewallDeploy | undefined;
  /** The deploy lock this run holds on the host (see lock.ts): its token names this run's upload. */
  lease: Lease;
  /** What prepareBody printed when it rode the lock's take (withLease's `then`): its round trip saved. */
  prepared?: string | undefined;
  run: { id: string; actor: string; sha: string; repository: string };
  /** A fleet's shared archives: hosts that need the same archive get one packed once (see ArchiveCache). */
  archives?: ArchiveCache;
  /** When the release was made (the same on every host of a fleet, so their archives are the same). */
  createdAt?: Date;
  /** When the release files were ready (Date.now()): the time to here is the host's wait (connect, lock). */
  filesReadyAt?: number;
}

export interface HostResult {
  host: string;
  ok: boolean;
  release: string;
  previous: string | undefined;
  switched: boolean;
  rolledBack: boolean;
  uploadedFiles: number;
  unchangedFiles: number;
  removedFiles: number;
  uploadedBytes: number;
  pruned: string[];
  seconds: number;
  error: string | undefined;
}

const MANIFEST = '.keel/files.json';

/** A host's result before anything happened (or when nothing could: `error`). */
export function emptyResult(host: string, release: string, error?: string): HostResult {
  return {
    host,
    ok: false,
    release,
    previous: undefined,
    switched: false,
    rolledBack: false,
    uploadedFiles: 0,
    unchangedFiles: 0,
    removedFiles: 0,
    uploadedBytes: 0,
    pruned: [],
    seconds: 0,
    error,
  };
}

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
 * uploads of dead runs removed (field `partials`, see partialsBody), then prepareScript's fields.
 */
export function prepareBody(layout: Layout, release: string, token: string): ShellFragment[] {
  return [
    raw("printf 'partials\\0'"),
    partialsBody(layout, token),
    raw("printf '\\0'"),
    raw('('),
    prepareScript(layout, release),
    raw(')'),
  ];
}

export function parsePrepared(out: string): Record<string, string> {
  const f = out.split('\0');
  const facts: Record<string, string> = {};
  for (let i = 0; i + 1 < f.length; i += 2) facts[f[i]!] = f[i + 1]!;
  return facts;
}

export async function deployToHost(
  session: SshSession,
  layout: Layout,
  o: DeployOptions,
  log: Logger,
): Promise<HostResult> {
  const host = session.endpoint.name;
  const started = Date.now();
  const result = emptyResult(host, o.releaseId);
  const now = new Date();
  const token = o.lease.token;
  const release = layout.release(o.releaseId);
  const partial = layout.partial(o.releaseId, token);
  /** Whether this run made `release` (so a failure before the switch removes it, and only then). */
  let finished = false;
  let installed: Installed | undefined;
  const phases = new Phases();
  phases.add('connect', session.connectMs);
  if (o.filesReadyAt) phases.add('wait for lock', started - o.filesReadyAt);
  try {
    // 1. Prepare (the lock is held): uploads of dead runs removed, folders, what is live now; in one round
    // trip, the lock's own when the lock was taken for this deploy.
    const facts = parsePrepared(
      o.prepared ??
        (await o.lease.whileHeld(session, 'preparing the deploy path', prepareBody(layout, release, token))),
    );
    reportPartials(host, facts.partials ?? '', log);
    // `current` read before the switch: the release live before this one (the log's `previous`).
    const previous = parseCurrentLink(facts.current ?? '', layout);
    result.previous = previous;
    if (facts.release === 'exists') {
      throw new KeelError(
        `${host}: release ${o.releaseId} already exists; give a new 'release-id' (or use mode: rollback to return to it)`,
        {
          field: 'release-id',
        },
      );
    }

    phases.lap('prepare');
    checkpoint();
    // 2. Stage: a hard-link copy of the previous release, then only the differences.
    const prevManifest = previous ? parseManifest(facts.manifest) : undefined;
    const full = { send: o.files, remove: [], unchanged: 0 };
    let d = prevManifest ? delta(prevManifest, o.files) : full;
    if (prevManifest && previous) {
      const keels = await copyPrevious(session, layout, layout.release(previous), partial, prevManifest, log);
      // keel's own links first (shared, .venv: never deleted or written through), then the deleted files.
      if (keels) await removeFromCopy(session, partial, [...keels, ...d.remove]);
      else d = full;
    }
    phases.lap('stage (copy)');
    result.unchangedFiles = d.unchanged;
    result.removedFiles = d.remove.length;
    result.uploadedFiles = d.send.filter((e) => e.type === 'file').length;
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
            created: (o.createdAt ?? now).toISOString(),
          },
          null,
          2,
        ) + '\n',
      mode: 0o644,
    };
    const compression: Compression = facts.zstd === 'yes' ? 'zstd' : 'gzip';
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
    // Nothing runs in the release between unpacking and finishing it: it gets its final name in the same round trip.
    const finishNow = o.shared.length === 0 && !(o.venv.enabled && hasRequirements(o)) && !o.hooks.build;
    try {
      // GNU tar unlinks an existing file before extracting it, so a changed file replaces the hard link instead
      // of writing through it into the previous release (a test checks the previous release is untouched).
      // -i: the archive may be two, one after the other (packer.ts).
      const unpack =
        compression === 'zstd'
          ? sh`zstd -dcq | tar -xif - --no-same-owner -C ${partial}`
          : sh`tar -xizf - --no-same-owner -C ${partial}`;
      if (finishNow) finished = true; // the release path was free under the lock: whatever is there is this run's
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
    phases.lap('pack + transfer');
    result.uploadedBytes = archive.bytes();
    log.info(
      `${host}: sent ${result.uploadedFiles} file(s), ${(result.uploadedBytes / 1024).toFixed(0)} KiB (${compression}); ${d.unchanged} unchanged, ${d.remove.length} removed`,
    );

    // 3. Shared files and folders live outside releases and are linked in (never through a symlink).
    checkpoint();
    await linkShared(session, layout, partial, o.shared);

    // 4. Build: a virtualenv per requirements (shared by releases with the same ones), then the build hook.
    const env = {
      KEEL_RELEASE: o.releaseId,
      KEEL_RELEASE_PATH: release,
      KEEL_DEPLOY_PATH: layout.root,
      KEEL_PREVIOUS_RELEASE: previous ?? '',
    };
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
          hookScript(partial, o.hooks.build!, { ...env, KEEL_RELEASE_PATH: partial }),
          { timeoutMs: 1_800_000 },
        ),
      );
    }

    // 5. The release is complete: give it its final name; then the before-switch hook (migrations).
    checkpoint();
    if (!finishNow) {
      await session.check('finishing the release', sh`mv -T ${partial} ${release}`);
      finished = true;
    }
    phases.lap('link/build');
    installed = await installHostFiles(session, o.hostFiles, token, log, o.proxyVersions);
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
        session.check('the before-switch hook', hookScript(release, o.hooks.beforeSwitch!, env), {
          timeoutMs: 1_800_000,
        }),
      );
    }

    // 6. Atomic switch: a new symlink under a temporary name, renamed over `current` (rename(2) is atomic),
    // in one script with the lease's check (lock.ts whileHeld). The last point where a cancel leaves nothing to
    // undo. With nothing to run after the switch, the log line and the state for pruning ride the same script.
    checkpoint();
    const entry = {
      status: 'deployed' as const,
      release: o.releaseId,
      previous: previous ?? null,
      live: o.releaseId,
      ...o.run,
    };
    const quiet =
      installed.changed.length === 0 && !o.reloadUnit && o.processes.length === 0 && !o.hooks.afterSwitch;
    let logged: Awaited<ReturnType<typeof switchAndLog>> | undefined;
    if (quiet) logged = await switchAndLog(session, layout, o.releaseId, entry);
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
          session.check('the after-switch hook', hookScript(release, o.hooks.afterSwitch!, env), {
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
    phases.lap('switch');

    // 7. Log it (unless the switch did), then keep the newest releases by deploy time (never the current one,
    // the previous one, the one a rollback would go to, or one a running master uses), and the venvs they use.
    const protect = [o.releaseId, previous];
    const pruned = logged
      ? await pruneWith(session, layout, logged.state, o.keep, protect)
      : await logAndPrune(session, layout, entry, o.keep, protect);
    result.pruned = pruned.removed;
    if (pruned.note) log.info(`${host}: ${pruned.note}`);
    await installed?.commit();
    phases.lap('log/prune');
    result.ok = true;
  } catch (error) {
    result.error = errorMessage(error);
    // Never switched to: the release (finished or not) goes, and so do the config files installed for it.
    if (!result.switched) {
      await installed?.restore().catch(() => undefined);
      await session
        .run(finished ? sh`rm -rf ${partial} ${release}` : sh`rm -rf ${partial}`)
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
  } finally {
    result.seconds = Math.round((Date.now() - started) / 100) / 10;
    log.info(`${host}: timing: ${phases.line()}`);
  }
  return result;
}

function hasRequirements(o: DeployOptions): FileEntry | undefined {
  return o.files.find((f) => f.path === 'requirements.txt');
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

/** What reloadCommand reloads for an app: its systemd service, or its supervisor program. */
export function reloadTarget(r: {
  name: string;
  units: { service: string };
  spec: { 'process-manager'?: string };
}): string {
  return r.spec['process-manager'] === 'supervisor' ? `supervisor:${r.name}` : r.units.service;
}
