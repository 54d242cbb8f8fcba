/**
 * The hard-link copy of the previous release that a new release starts from (`cp -al`), made safe to write
 * into: keel removes files from it and unpacks the changed ones over it, and neither may go through a symlink
 * to somewhere else.
 *
 * - keel's own links in it (to `shared/<path>`, `.venv` to a virtualenv) are removed first: deleting `media/old.png` or unpacking
 *   `media/new.png` through `media -> shared/media` would delete or replace the shared copy. They are made
 *   again later (shared links after the upload, the virtualenv link when it is built).
 * - Any other symlink at a path the previous release's manifest lists as a file or folder, or with another
 *   target than it shipped, was planted on the host: GNU tar would unpack through a planted link to a folder,
 *   and `rm -rf a/b` goes through a planted `a`. Then the copy is not used: it is removed and every file is
 *   sent (a full upload), so nothing is written through the link and the new release does not inherit it.
 *   Links the manifest does not know of at all (made by a build hook) are left alone: keel writes and removes
 *   only manifest paths.
 */
import { raw, sh, script } from '../remote/quote.js';
import type { SshSession } from '../remote/ssh.js';
import type { Logger } from '../log.js';
import type { FileEntry } from './files.js';
import type { Layout } from './layout.js';

/**
 * Makes the copy at `copy` safe (see the module's header). Returns false when it was thrown away (planted
 * links): the caller then sends every file into the now empty `copy`.
 */
export async function prepareCopy(
  session: SshSession,
  layout: Layout,
  copy: string,
  manifest: FileEntry[],
  log: Logger,
): Promise<boolean> {
  // find does not follow links, so every path it lists is reached through real folders.
  const r = await session.check(
    'checking the copy of the previous release for symlinks',
    sh`cd ${copy} && find . -type l -printf '%P\\0%l\\0'`,
  );
  const found = await judgeCopy(session, layout, copy, manifest, r.stdout, log);
  if (found === false) return false;
  if (found.length > 0)
    await session.check(
      'removing the previous release’s own links from the copy',
      sh`cd ${copy} && xargs -0 rm -f --`,
      {
        stdin: found.join('\0') + '\0',
      },
    );
  return true;
}

/**
 * The hard-link copy of release `from` at `copy`, made and listed for symlinks in one round trip (`cp -al`,
 * then `find`), then judged as prepareCopy does. Returns keel's own links in it (to remove, e.g. with
 * removeFromCopy along with the deleted files), or false when the copy was thrown away (planted links).
 */
export async function copyPrevious(
  session: SshSession,
  layout: Layout,
  from: string,
  copy: string,
  manifest: FileEntry[],
  log: Logger,
): Promise<string[] | false> {
  const r = await session.check(
    'copying the previous release (hard links)',
    script(sh`cp -al ${from} ${copy}`, sh`cd ${copy}`, raw("find . -type l -printf '%P\\0%l\\0'")),
  );
  return judgeCopy(session, layout, copy, manifest, r.stdout, log);
}

/** keel's own links in the copy (`find`'s NUL-separated path/target pairs), or false once it is discarded. */
export async function judgeCopy(
  session: SshSession,
  layout: Layout,
  copy: string,
  manifest: FileEntry[],
  listing: string,
  log: Logger,
): Promise<string[] | false> {
  const fields = listing.split('\0');
  const shipped = new Map(manifest.map((e) => [e.path, e]));
  const keels: string[] = [];
  const planted: string[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const [path, target] = [fields[i]!, fields[i + 1]!];
    const e = shipped.get(path);
    if (target === `${layout.shared}/${path}` || (path === '.venv' && target.startsWith(`${layout.venvs}/`)))
      keels.push(path);
    else if (e && (e.type !== 'symlink' || e.target !== target))
      planted.push(`${JSON.stringify(path)} -> ${JSON.stringify(target)}`);
  }
  if (planted.length === 0) return keels;
  log.warn(
    `${session.endpoint.name}: the previous release was changed on the host (${planted.slice(0, 3).join(', ')}${planted.length > 3 ? ', ...' : ''}: symlinks it did not ship); sending every file instead of building on it`,
  );
  await session.check('discarding the copy', sh`rm -rf ${copy} && mkdir -p ${copy}`);
  return false;
}

/**
 * Removes paths from the copy (deepest first), never through a symlink on the way: a path below a link is
 * left alone (the link itself, when it is to go, is in the list too).
 */
export async function removeFromCopy(session: SshSession, copy: string, paths: string[]): Promise<void> {
  if (paths.length === 0) return;
  await session.check(
    'removing deleted files',
    script(
      sh`cd ${copy}`,
      raw(
        `while IFS= read -r -d '' p; do d=$p; ok=1; while [[ $d == */* ]]; do d=\${d%/*}; if [[ -L $d ]]; then ok=0; break; fi; done; if (( ok )); then printf '%s\\0' "$p"; fi; done | xargs -0 -r rm -rf --`,
      ),
    ),
    { stdin: paths.join('\0') + '\0' },
  );
}
