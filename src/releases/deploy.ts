/**
 * One release to one host: lock → stage (hard-link copy of the previous release, then only what changed) →
 * shared files → virtualenv → hooks → atomic switch → reload → prune → log → unlock. Until the switch nothing
 * the site uses is touched; a failure after it switches back. `current` always points to a complete release.
 */
import { createHash, randomUUID } from 'node:crypto';
import { KeelError, errorMessage } from '../errors.js';
import { raw, sh, script, type ShellFragment } from '../remote/quote.js';
import type { SshSession } from '../remote/ssh.js';
import type { Logger } from '../report/log.js';
import { type ArchiveCache, type Compression, packStream, type ExtraFile } from './archive.js';
import { delta, type FileEntry, parseManifest } from './files.js';
import { type Layout, type SharedPath } from './layout.js';
import { applyHostFiles, type HostFile, type Installed, installHostFiles } from './install.js';
import { acquireLock, type Holder, releaseLock } from './lock.js';
import { prepareCopy, removeFromCopy } from './copy.js';
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
  /** The app's units, to enable and restart when their files change. */
  units: { service: string | undefined; socket: string | undefined };
  lock: { waitMs: number; ttlMs: number };
  run: { id: string; actor: string; sha: string; repository: string };
  /** Told when the lock is taken (held) and when it has been released (not held): the post step's record. */
  onLock?: (token: string, held: boolean) => void;
  /** A fleet's shared archives: hosts that need the same archive get one packed once (see ArchiveCache). */
  archives?: ArchiveCache;
  /** When the release was made (the same on every host of a fleet, so their archives are the same). */
  createdAt?: Date;
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

async function readText(session: SshSession, path: string): Promise<string | undefined> {
  const r = await session.run(sh`cat ${path}`);
  return r.code === 0 ? r.stdout : undefined;
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
  const token = randomUUID();
  const now = new Date();
  const holder: Holder = {
    token,
    run: o.run.id,
    actor: o.run.actor,
    release: o.releaseId,
    started: now.toISOString(),
    expires: new Date(now.getTime() + o.lock.ttlMs).toISOString(),
  };
  const release = layout.release(o.releaseId);
  const partial = layout.partial(o.releaseId);
  let locked = false;
  let installed: Installed | undefined;
  try {
    // 1. Prepare: folders, the lock, what is live now.
    await session.check(
      'preparing the deploy path',
      sh`mkdir -p ${layout.releases} ${layout.shared} ${layout.meta}`,
    );
    await acquireLock(session, layout, holder, o.lock, log);
    locked = true;
    o.onLock?.(token, true);
    const state = await session.check(
      'reading the current release',
      script(
        raw('set +e'),
        sh`echo "current=$(readlink ${layout.current} | sed 's#^.*/##')"`,
        sh`test -e ${release} && echo release=exists || echo release=new`,
        raw('command -v zstd >/dev/null && echo zstd=yes || echo zstd=no'),
        // Partial releases of runs that died: we hold the lock, so nobody is writing them.
        sh`rm -rf ${layout.releases}/.partial-*`,
      ),
    );
    const facts = Object.fromEntries(
      state.stdout.split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1).trim()]),
    );
    const previous = facts.current || undefined;
    result.previous = previous;
    if (facts.release === 'exists') {
      throw new KeelError(
        `${host}: release ${o.releaseId} already exists; give a new 'release-id' (or use mode: rollback to return to it)`,
        {
          field: 'release-id',
        },
      );
    }

    // 2. Stage: a hard-link copy of the previous release, then only the differences.
    const prevManifest = previous
      ? parseManifest(await readText(session, `${layout.release(previous)}/${MANIFEST}`))
      : undefined;
    const full = { send: o.files, remove: [], unchanged: 0 };
    let d = prevManifest ? delta(prevManifest, o.files) : full;
    if (prevManifest && previous) {
      await session.check(
        'copying the previous release (hard links)',
        sh`cp -al ${layout.release(previous)} ${partial}`,
      );
      if (await prepareCopy(session, layout, partial, prevManifest, log))
        await removeFromCopy(session, partial, d.remove);
      else d = full;
    } else {
      await session.check('creating the release directory', sh`mkdir -p ${partial}`);
    }
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
      : packStream(o.source, d.send, extra, compression);
    const stop = progress(log, host, archive.bytes);
    try {
      // GNU tar unlinks an existing file before extracting it, so a changed file replaces the hard link instead
      // of writing through it into the previous release (a test checks the previous release is untouched).
      const [upload] = await Promise.all([
        session.check(
          'uploading and unpacking the release',
          compression === 'zstd'
            ? sh`zstd -dcq | tar -xf - --no-same-owner -C ${partial}`
            : sh`tar -xzf - --no-same-owner -C ${partial}`,
          {
            stdin: archive.stream,
            timeoutMs: 3_600_000,
          },
        ),
        archive.done,
      ]);
      void upload;
    } finally {
      stop();
    }
    result.uploadedBytes = archive.bytes();
    log.info(
      `${host}: sent ${result.uploadedFiles} file(s), ${(result.uploadedBytes / 1024).toFixed(0)} KiB (${compression}); ${d.unchanged} unchanged, ${d.remove.length} removed`,
    );

    // 3. Shared files and folders live outside releases and are linked in (never through a symlink).
    await linkShared(session, layout, partial, o.shared);

    // 4. Build: a virtualenv per requirements (shared by releases with the same ones), then the build hook.
    const env = {
      KEEL_RELEASE: o.releaseId,
      KEEL_RELEASE_PATH: release,
      KEEL_DEPLOY_PATH: layout.root,
      KEEL_PREVIOUS_RELEASE: previous ?? '',
    };
    const requirements = o.files.find((f) => f.path === 'requirements.txt');
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
    await session.check('finishing the release', sh`mv -T ${partial} ${release}`);
    installed = await installHostFiles(session, o.hostFiles, token, log);
    if (o.hooks.beforeSwitch) {
      await log.group(`${host}: before-switch hook`, () =>
        session.check('the before-switch hook', hookScript(release, o.hooks.beforeSwitch!, env), {
          timeoutMs: 1_800_000,
        }),
      );
    }

    // 6. Atomic switch: a new symlink under a temporary name, renamed over `current` (rename(2) is atomic).
    await switchTo(session, layout, o.releaseId);
    result.switched = true;
    try {
      if (installed.changed.length > 0)
        await applyHostFiles(session, installed.changed, o.units.service, o.units.socket, log);
      if (o.reloadUnit)
        await session.check(`reloading ${o.reloadUnit}`, reloadCommand(o.reloadUnit), { timeoutMs: 300_000 });
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
        await switchTo(session, layout, previous);
        await session.run(sh`touch ${`${release}/.keel/bad`}`);
        if (installed.changed.length > 0) {
          await installed.restore();
          await applyHostFiles(session, installed.changed, o.units.service, o.units.socket, log);
        }
        if (o.reloadUnit)
          await session.check(`reloading ${o.reloadUnit} on ${previous}`, reloadCommand(o.reloadUnit), {
            timeoutMs: 300_000,
          });
        result.rolledBack = true;
      }
      throw error;
    }

    // 7. Keep the newest releases (never the current or the previous one), and the venvs they use.
    result.pruned = await prune(
      session,
      layout,
      o.keep,
      [o.releaseId, previous].filter((x): x is string => !!x),
    );
    await appendLog(session, layout, {
      release: o.releaseId,
      previous: previous ?? null,
      status: 'deployed',
      ...o.run,
    });
    await installed?.commit();
    result.ok = true;
  } catch (error) {
    result.error = errorMessage(error);
    // Never switched to: the release (finished or not) goes, and so do the config files installed for it.
    if (!result.switched) {
      await installed?.restore().catch(() => undefined);
      await session.run(sh`rm -rf ${partial} ${release}`).catch(() => undefined);
    }
    await appendLog(session, layout, {
      release: o.releaseId,
      previous: result.previous ?? null,
      status: result.rolledBack ? 'rolled-back' : 'failed',
      error: result.error,
      ...o.run,
    }).catch(() => undefined);
  } finally {
    if (locked)
      await releaseLock(session, layout, token)
        .then(() => o.onLock?.(token, false))
        .catch(() => undefined);
    result.seconds = Math.round((Date.now() - started) / 100) / 10;
  }
  return result;
}

/**
 * `sudo -n systemctl reload UNIT`: one named command, so a sudoers rule as narrow as
 * `deploy ALL=(root) NOPASSWD: /usr/bin/systemctl reload shop.service` is enough (never `sudo bash`).
 */
export function reloadCommand(unit: string): ShellFragment {
  return sh`sudo -n systemctl reload ${unit}`;
}

export async function switchTo(session: SshSession, layout: Layout, id: string): Promise<void> {
  const tmp = `${layout.root}/.current-${id}`;
  await session.check(
    `switching current to ${id}`,
    script(
      sh`test -d ${layout.release(id)}`,
      sh`rm -f ${tmp}`,
      sh`ln -s ${`releases/${id}`} ${tmp}`,
      sh`mv -T ${tmp} ${layout.current}`,
    ),
  );
}

export async function listReleases(
  session: SshSession,
  layout: Layout,
): Promise<{ releases: { id: string; bad: boolean }[]; current: string | undefined }> {
  const r = await session.check(
    'listing releases',
    script(
      raw('set +e'),
      sh`echo "current=$(readlink ${layout.current} | sed 's#^.*/##')"`,
      sh`cd ${layout.releases} 2>/dev/null && for d in *; do [ -d "$d" ] || continue; case "$d" in .partial-*) continue;; esac; if [ -e "$d/.keel/bad" ]; then echo "bad=$d"; else echo "ok=$d"; fi; done`,
    ),
  );
  let current: string | undefined;
  const releases: { id: string; bad: boolean }[] = [];
  for (const line of r.stdout.split('\n')) {
    const [k, v] = [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)];
    if (k === 'current') current = v || undefined;
    else if ((k === 'ok' || k === 'bad') && v) releases.push({ id: v, bad: k === 'bad' });
  }
  releases.sort((a, b) => a.id.localeCompare(b.id));
  return { releases, current };
}

/** The newest release before `id` (ids sort by time; any, without `id`) that is not marked bad. */
export function goodReleaseBefore(
  releases: { id: string; bad: boolean }[],
  id: string | undefined,
): string | undefined {
  return releases
    .filter((r) => !r.bad && (id === undefined || r.id < id))
    .map((r) => r.id)
    .pop();
}

async function prune(
  session: SshSession,
  layout: Layout,
  keep: number,
  protect: string[],
): Promise<string[]> {
  const { releases, current } = await listReleases(session, layout);
  const keepSet = new Set([
    ...protect,
    ...(current ? [current] : []),
    ...releases.slice(-keep).map((r) => r.id),
  ]);
  const doomed = releases.map((r) => r.id).filter((id) => !keepSet.has(id));
  if (doomed.length > 0) {
    await session.check('removing old releases', sh`cd ${layout.releases} && rm -rf -- ${doomed}`);
  }
  // Virtualenvs no remaining release links to.
  await session.check(
    'removing unused virtualenvs',
    script(
      raw('set +e'),
      sh`cd ${layout.venvs} 2>/dev/null || exit 0`,
      sh`used=$(for l in ${layout.releases}/*/.venv; do readlink "$l"; done 2>/dev/null | sed 's#^.*/##' | sort -u)`,
      raw('for v in *; do [ -d "$v" ] || continue; echo "$used" | grep -qx "$v" || rm -rf -- "$v"; done'),
    ),
  );
  return doomed;
}

export async function appendLog(
  session: SshSession,
  layout: Layout,
  entry: Record<string, unknown>,
): Promise<void> {
  const line = JSON.stringify({ time: new Date().toISOString(), ...entry });
  await session.check(
    'writing the release log',
    sh`mkdir -p ${layout.meta} && printf '%s\n' ${line} >> ${layout.log}`,
  );
}
