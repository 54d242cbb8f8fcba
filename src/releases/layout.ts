/** Where things live on a host, and how release ids look. */
import { KeelError } from '../errors.js';

export const RELEASE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** `20261122T234500Z-abc1234`: sorts by time, names the commit. */
export function defaultReleaseId(now: Date, sha: string | undefined): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return sha && /^[0-9a-f]{7,40}$/i.test(sha) ? `${stamp}-${sha.slice(0, 7).toLowerCase()}` : stamp;
}

export class Layout {
  constructor(readonly root: string) {}
  get releases(): string {
    return `${this.root}/releases`;
  }
  get shared(): string {
    return `${this.root}/shared`;
  }
  get current(): string {
    return `${this.root}/current`;
  }
  /** keel's own files on the host: lock, release log, venvs. */
  get meta(): string {
    return `${this.root}/.keel`;
  }
  get lock(): string {
    return `${this.meta}/lock`;
  }
  get log(): string {
    return `${this.meta}/releases.log`;
  }
  get venvs(): string {
    return `${this.meta}/venvs`;
  }
  release(id: string): string {
    if (!RELEASE_ID.test(id)) throw new KeelError(`release id ${JSON.stringify(id)} is not valid`);
    return `${this.releases}/${id}`;
  }
  /** An upload in progress, named with its run's lock token (only that run, or one that finds it abandoned, removes it). */
  partial(id: string, token: string): string {
    return `${this.releases}/.partial-${id}.${token}`;
  }
}

/** Shared paths: relative, no `..`, no leading `/`; a trailing `/` marks a directory. */
export interface SharedPath {
  path: string;
  dir: boolean;
}

const SHARED = /^(?!.*(?:^|\/)\.\.?(?:\/|$))[A-Za-z0-9._@+-][A-Za-z0-9._@+/-]*$/;

export function parseShared(items: string[]): { shared: SharedPath[]; problems: string[] } {
  const shared: SharedPath[] = [];
  const problems: string[] = [];
  for (const item of items) {
    const dir = item.endsWith('/');
    const path = item.replace(/\/+$/, '');
    if (!SHARED.test(path))
      problems.push(
        `${JSON.stringify(item)} is not a relative path inside the release (no .., no leading /)`,
      );
    else shared.push({ path, dir });
  }
  return { shared, problems };
}
