/**
 * The plan: what installing the rendered files would change on a host, file by file, with unified diffs.
 * Read-only: one `cat` per file over SSH (root's files under /etc are world-readable; others through sudo -n).
 */
import { createTwoFilesPatch } from 'diff';
import { raw, sh, script } from '../remote/quote.js';
import type { SshSession } from '../remote/ssh.js';
import type { Resolved } from '../appspec/resolve.js';
import { installedByKeel, type RenderedFile } from './index.js';

export interface FilePlan {
  file: string;
  install: string;
  change: 'create' | 'update' | 'unchanged';
  diff: string;
}

export interface HostPlan {
  host: string;
  files: FilePlan[];
  error: string | undefined;
}

const MARK = '@@keel-file@@';

export function installPath(r: Resolved, f: RenderedFile): string {
  return f.scope === 'release' ? `${r.current}/${f.install}` : f.install;
}

/** One round trip: prints each file between markers, or a missing marker. */
export function readFilesScript(paths: string[]): ReturnType<typeof script> {
  return script(
    raw('set +e'),
    ...paths.map(
      (p, i) =>
        sh`if [ -e ${p} ]; then echo ${`${MARK}${i}:present`}; (cat ${p} 2>/dev/null || sudo -n cat ${p}) | base64 -w0; echo; else echo ${`${MARK}${i}:missing`}; fi`,
    ),
  );
}

export function parseFiles(stdout: string, count: number): (string | undefined)[] {
  const out: (string | undefined)[] = new Array(count).fill(undefined);
  const lines = stdout.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = new RegExp(`^${MARK}(\\d+):(present|missing)$`).exec(lines[i]!);
    if (m && m[2] === 'present')
      out[Number(m[1])] = Buffer.from(lines[i + 1] ?? '', 'base64').toString('utf8');
  }
  return out;
}

export async function planHost(
  session: SshSession,
  r: Resolved,
  rendered: RenderedFile[],
): Promise<HostPlan> {
  // Only what ssh-deploy installs on these hosts: a file keel never puts there would stay "create" forever.
  const files = rendered.filter(installedByKeel);
  const paths = files.map((f) => installPath(r, f));
  const result = await session.check('reading the installed files', readFilesScript(paths), {
    timeoutMs: 60_000,
  });
  const current = parseFiles(result.stdout, files.length);
  return {
    host: session.endpoint.name,
    error: undefined,
    files: files.map((f, i) => {
      const before = current[i];
      const change = before === undefined ? 'create' : before === f.content ? 'unchanged' : 'update';
      const diff =
        change === 'unchanged'
          ? ''
          : createTwoFilesPatch(paths[i]!, paths[i]!, before ?? '', f.content, 'installed', 'rendered');
      return { file: f.name, install: paths[i]!, change, diff };
    }),
  };
}
