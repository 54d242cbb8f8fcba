/**
 * Shared paths (`shared:`): files and folders kept in `<deploy-path>/shared` across releases and linked into
 * each new release. keel never writes through a symlink while doing it:
 *
 * - Up front (no host touched): a shared path is relative, has no `.`/`..` segments (layout.parseShared), is
 *   not keel's own (`.keel`, `.venv`, `RELEASE`) and is not inside another shared path.
 * - On each host, before anything is linked: no folder on the way to the path inside the new release is a
 *   symlink (or a file), and no part of the path below `shared/` is a symlink (`shared/` itself may be one: the
 *   operator's choice of volume). The release is built by keel under the deploy lock and no hook has run in
 *   it yet, so checking it then linking is sound. Any finding fails the host's deploy with an error naming
 *   input `shared`, before the switch: the previous release keeps serving, nothing outside the deploy path
 *   was touched, and the unfinished release is removed.
 * - Creating what is missing in `shared/` cannot follow a link planted meanwhile: a file is made with
 *   O_EXCL (bash noclobber), the last folder with a plain mkdir, and the link with `ln -sT`.
 */
import { KeelError } from '../errors.js';
import { raw, sh, script, type ShellFragment } from '../remote/quote.js';
import type { SshSession } from '../remote/ssh.js';
import type { Layout, SharedPath } from './layout.js';

/** Names keel itself makes in a release: never shared. */
const KEEL_OWNED = ['.keel', '.venv', 'RELEASE'];

/** Problems with shared paths that need no host (beyond layout.parseShared's form check). */
export function sharedPathProblems(shared: SharedPath[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const s of shared) {
    if (seen.has(s.path)) problems.push(`${JSON.stringify(s.path)} is listed twice`);
    seen.add(s.path);
    const top = s.path.split('/')[0]!;
    if (KEEL_OWNED.includes(top))
      problems.push(`${JSON.stringify(s.path)} is keel's own (${top}) and cannot be shared`);
    const outer = shared.find((o) => o !== s && s.path.startsWith(`${o.path}/`));
    if (outer)
      problems.push(
        `${JSON.stringify(s.path)} is inside another shared path, ${JSON.stringify(outer.path)} (share the outer one only)`,
      );
  }
  return problems;
}

const findings: Record<string, (path: string, where: string, target: string) => string> = {
  'release-link': (p, w, t) =>
    `${w} in the new release is a symlink (to ${JSON.stringify(t)}); keel does not write through symlinks`,
  'release-file': (p, w) => `${w} in the new release is a file, so ${JSON.stringify(p)} cannot be inside it`,
  'shared-link': (p, w, t) =>
    `shared/${w} is a symlink (to ${JSON.stringify(t)}); keel does not write through symlinks (remove it, or share a path without one)`,
  'shared-file': (p, w) => `shared/${w} is a file, so ${JSON.stringify(p)} cannot be inside it`,
  'shared-not-dir': (p) => `shared/${p} exists and is not a folder (the shared path ends with /)`,
  'shared-not-file': (p) =>
    `shared/${p} is a folder, but the shared path names a file (end it with / for a folder)`,
};

/** The checks for one shared path: one line `kind<TAB>path<TAB>where<TAB>link target` for each finding. */
function checks(release: string, shared: string, s: SharedPath): ShellFragment[] {
  const parts = s.path.split('/');
  const out: ShellFragment[] = [];
  const say = (kind: string, where: string, at: string) =>
    sh`printf '%s\\t%s\\t%s\\t%s\\n' ${kind} ${s.path} ${where} "$(readlink ${at} || true)"`;
  for (let i = 1; i <= parts.length; i++) {
    const rel = parts.slice(0, i).join('/');
    const inRelease = `${release}/${rel}`;
    const inShared = `${shared}/${rel}`;
    if (i < parts.length) {
      out.push(
        sh`if [ -L ${inRelease} ]; then ${say('release-link', rel, inRelease)}; elif [ -e ${inRelease} ] && [ ! -d ${inRelease} ]; then ${say('release-file', rel, inRelease)}; fi`,
      );
      out.push(
        sh`if [ -L ${inShared} ]; then ${say('shared-link', rel, inShared)}; elif [ -e ${inShared} ] && [ ! -d ${inShared} ]; then ${say('shared-file', rel, inShared)}; fi`,
      );
    } else {
      out.push(
        s.dir
          ? sh`if [ -L ${inShared} ]; then ${say('shared-link', rel, inShared)}; elif [ -e ${inShared} ] && [ ! -d ${inShared} ]; then ${say('shared-not-dir', rel, inShared)}; fi`
          : sh`if [ -L ${inShared} ]; then ${say('shared-link', rel, inShared)}; elif [ -d ${inShared} ]; then ${say('shared-not-file', rel, inShared)}; fi`,
      );
    }
  }
  return out;
}

/** Links every shared path into the unfinished release `release` (see the module's header). */
export async function linkShared(
  session: SshSession,
  layout: Layout,
  release: string,
  shared: SharedPath[],
): Promise<void> {
  if (shared.length === 0) return;
  const host = session.endpoint.name;
  const r = await session.check(
    'checking the shared paths',
    script(raw('set +e'), ...shared.flatMap((s) => checks(release, layout.shared, s))),
  );
  const found = r.stdout
    .split('\n')
    .map((l) => l.split('\t'))
    .filter(([kind]) => kind !== undefined && kind in findings)
    .map(([kind, path, where, target]) => findings[kind!]!(path ?? '', where ?? '', target ?? ''));
  if (found.length > 0)
    throw new KeelError(
      `${host}: input 'shared': ${[...new Set(found)].join('; ')}. Nothing was linked and the previous release keeps serving.`,
      { field: 'shared' },
    );
  for (const s of shared) {
    const inRelease = `${release}/${s.path}`;
    const inShared = `${layout.shared}/${s.path}`;
    const parent = (p: string) => p.slice(0, p.lastIndexOf('/'));
    await session.check(
      `linking shared ${s.path}`,
      script(
        sh`mkdir -p ${parent(inShared)} ${parent(inRelease)}`,
        s.dir
          ? sh`if [ ! -e ${inShared} ]; then if [ -d ${inRelease} ] && [ ! -L ${inRelease} ]; then cp -a --no-target-directory ${inRelease} ${inShared}; else mkdir ${inShared}; fi; fi`
          : sh`if [ ! -e ${inShared} ]; then if [ -f ${inRelease} ] && [ ! -L ${inRelease} ]; then cp -a --no-target-directory ${inRelease} ${inShared}; else (set -C; : > ${inShared}); fi; fi`,
        sh`rm -rf ${inRelease}`,
        sh`ln -sT ${inShared} ${inRelease}`,
      ),
    );
  }
}
