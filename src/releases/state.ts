/**
 * The release state of a host, in one place: the release log, `current`, the releases on disk with the time each
 * was deployed, and the rules built on them. Every rule goes by history (what was live, and when), never by the
 * order of release names: `f1` deployed after `r1` is the newer one, and `r1` is what was live before it.
 *
 * The release log (`.keel/releases.log`) is one JSON object a line. Each line says what happened to `release`
 * and, in `live`, the release `current` points to afterwards:
 * - `deployed`: `release` was switched in; `previous` was live before it (read before the switch).
 * - `failed`: a deploy of `release` failed before or at the switch; `live` is what stayed live.
 * - `rolled-back`: `release` was taken out (and marked bad); `live` is the release rolled back to.
 * Lines written before `live` existed are read too (a `deployed` line's live release is its `release`; an old
 * `rolled-back` line's is unknown). The log is never trusted blindly: a line that is not JSON, has an unknown
 * status, or names a release that is not a valid release id (newlines, quotes, `..`) is skipped and counted.
 */
import { KeelError } from '../errors.js';
import { raw, script, sh, type ShellFragment } from '../remote/quote.js';
import type { SshSession } from '../remote/ssh.js';
import { heldLease, releaseBody } from './lock.js';
import { type Layout, RELEASE_ID } from './layout.js';

export const STATUSES = ['deployed', 'failed', 'rolled-back'] as const;
export type Status = (typeof STATUSES)[number];

/** One line of the release log, checked. */
export interface LogEntry {
  /** Milliseconds since the epoch. */
  time: number;
  status: Status;
  release: string;
  /** `deployed`: the release live before it (null: there was none); otherwise as written, when valid. */
  previous: string | null | undefined;
  /** The release `current` points to after this event (null: none; undefined: not known). */
  live: string | null | undefined;
}

/** How many lines of the log are read: enough for every release kept, bounded for a log that was never rotated. */
export const LOG_LINES = 20_000;

const validId = (v: unknown): v is string => typeof v === 'string' && RELEASE_ID.test(v);
/** A valid id, null, or undefined (absent or invalid: `bad` is set). */
function optionalId(v: unknown): { value: string | null | undefined; bad: boolean } {
  if (v === undefined) return { value: undefined, bad: false };
  if (v === null || v === '') return { value: null, bad: false };
  return validId(v) ? { value: v, bad: false } : { value: undefined, bad: true };
}

/** Parses the log's text: the valid lines in order, and how many were skipped. */
export function parseLog(text: string): { entries: LogEntry[]; skipped: number } {
  const entries: LogEntry[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let e: unknown;
    try {
      e = JSON.parse(line);
    } catch {
      skipped++;
      continue;
    }
    if (typeof e !== 'object' || e === null || Array.isArray(e)) {
      skipped++;
      continue;
    }
    const o = e as Record<string, unknown>;
    const time = typeof o.time === 'string' ? Date.parse(o.time) : NaN;
    const status = o.status as Status;
    const previous = optionalId(o.previous);
    const live = optionalId(o.live);
    if (
      !Number.isFinite(time) ||
      !STATUSES.includes(status) ||
      !validId(o.release) ||
      previous.bad ||
      live.bad
    ) {
      skipped++;
      continue;
    }
    entries.push({
      time,
      status,
      release: o.release,
      previous: previous.value,
      live:
        'live' in o
          ? live.value
          : status === 'deployed'
            ? o.release
            : status === 'failed'
              ? previous.value
              : undefined,
    });
  }
  return { entries, skipped };
}

/** What `current` points to, as `readlink` prints it: the release id, or undefined (no `current`). */
export function parseCurrentLink(target: string, layout: Layout): string | undefined {
  const t = target.replace(/\n$/, '');
  if (t === '') return undefined;
  const m = /^(?:releases|(.*)\/releases)\/([^/]+)\/?$/.exec(t);
  const id = m?.[2];
  const norm = (p: string) => p.replace(/\/+/g, '/').replace(/\/$/, '');
  if (!m || (m[1] !== undefined && norm(`${m[1]}/releases`) !== norm(layout.releases)) || !validId(id))
    throw new KeelError(
      `${layout.current} points to ${JSON.stringify(t)}, which is not a release in ${layout.releases}`,
    );
  return id;
}

/** A release on disk with the time it was deployed. */
export interface Release {
  id: string;
  bad: boolean;
  /** When it was deployed (ms): from the log, else the directory's modification time. */
  deployedAt: number;
  /** Where deployedAt came from: `mtime` for a release the log does not know. */
  timeFrom: 'log' | 'mtime';
}

/**
 * The releases on disk, oldest deploy first. A release's deploy time is the time of its last `deployed` line,
 * else of the last line naming it; a release the log does not know gets its directory's mtime.
 */
export function releasesByTime(
  dirs: { id: string; bad: boolean; mtimeMs: number }[],
  entries: LogEntry[],
): Release[] {
  const deployed = new Map<string, number>();
  const named = new Map<string, number>();
  for (const e of entries) {
    named.set(e.release, e.time);
    if (e.status === 'deployed') deployed.set(e.release, e.time);
  }
  return dirs
    .filter((d) => validId(d.id))
    .map((d): Release => {
      const t = deployed.get(d.id) ?? named.get(d.id);
      return {
        id: d.id,
        bad: d.bad,
        deployedAt: t ?? d.mtimeMs,
        timeFrom: t === undefined ? 'mtime' : 'log',
      };
    })
    .map((r, i) => ({ r, i }))
    .sort((a, b) => a.r.deployedAt - b.r.deployedAt || a.i - b.i)
    .map(({ r }) => r);
}

/** The releases that were live, in order, each change once (an unknown `live` is left out). */
export function liveHistory(entries: LogEntry[]): (string | null)[] {
  const out: (string | null)[] = [];
  for (const e of entries) {
    if (e.live === undefined) continue;
    if (out.length === 0 || out[out.length - 1] !== e.live) out.push(e.live);
  }
  return out;
}

/**
 * The release that was current just before `id` was last switched in: the `previous` of its `deployed` line,
 * or the live release before it in the history. null: `id` was the first release; undefined: the log does not
 * say (the caller falls back to `current` as read before the switch).
 */
export function previousLive(entries: LogEntry[], id: string): string | null | undefined {
  let last: string | null | undefined;
  let found: { entry: LogEntry; before: string | null | undefined } | undefined;
  for (const e of entries) {
    if (e.live === undefined) continue;
    if (e.live === id && last !== id) found = { entry: e, before: last };
    last = e.live;
  }
  if (!found) return undefined;
  if (found.entry.status === 'deployed' && found.entry.release === id && found.entry.previous !== undefined)
    return found.entry.previous;
  return found.before;
}

/**
 * Where a rollback from `current` goes: the most recently live release before `current` was switched in that
 * is not marked bad and still exists (by the log's history); when the history names none, the newest by deploy
 * time deployed before `current` (any, when `current` is unknown).
 */
export function goodReleaseBefore(
  entries: LogEntry[],
  releases: Release[],
  current: string | undefined,
): string | undefined {
  const usable = new Map(releases.filter((r) => !r.bad && r.id !== current).map((r) => [r.id, r]));
  const history = liveHistory(entries);
  const at = current === undefined ? -1 : history.lastIndexOf(current);
  for (let i = at - 1; i >= 0; i--) {
    const id = history[i];
    if (id && usable.has(id)) return id;
  }
  // Releases are in deploy order (equal times: as listed); those before the current one.
  const mine = releases.findIndex((r) => r.id === current);
  return releases
    .slice(0, mine < 0 ? releases.length : mine)
    .filter((r) => usable.has(r.id))
    .map((r) => r.id)
    .pop();
}

/**
 * Where a rollback from `current` goes: the release that was live just before it (previousLive) when it still
 * exists and is not marked bad, else goodReleaseBefore.
 */
export function rollbackTargetOf(
  entries: LogEntry[],
  releases: Release[],
  current: string | undefined,
): string | undefined {
  const before = current === undefined ? undefined : previousLive(entries, current);
  if (before && before !== current && releases.some((r) => r.id === before && !r.bad)) return before;
  return goodReleaseBefore(entries, releases, current);
}

/**
 * The releases to remove to keep the newest `keep` by deploy time, never one in `protect` (current, the one a
 * rollback would go to, the previous one, any a running master uses).
 */
export function pruneList(
  releases: Release[],
  keep: number,
  protect: (string | null | undefined)[],
): string[] {
  const kept = new Set<string>([
    ...protect.filter((x): x is string => !!x),
    ...releases.slice(Math.max(0, releases.length - keep)).map((r) => r.id),
  ]);
  return releases.map((r) => r.id).filter((id) => !kept.has(id));
}

/** The part of a process's working directory naming a release in `layout` (a running master's release). */
export function releaseOfPath(path: string, layout: Layout): string | undefined {
  const prefix = `${layout.releases}/`;
  if (!path.startsWith(prefix)) return undefined;
  const id = path
    .slice(prefix.length)
    .split('/')[0]!
    .replace(/ \(deleted\)$/, '');
  return validId(id) ? id : undefined;
}

/** A host's release state, read in one round trip. */
export interface HostState {
  current: string | undefined;
  releases: Release[];
  entries: LogEntry[];
  /** Log lines skipped as corrupt or hostile. */
  skipped: number;
  /** Releases a running process has as its working directory (those the SSH user may see). */
  inUse: string[];
}

/** How many fields follow each tag of stateScript's records (an unknown tag has none). */
const ARITY: Record<string, number> = { current: 1, release: 3, log: 1, cwd: 1 };

/**
 * Where stateScript's records that start at `f[i]` end: the index of the `end` tag that follows them (or the
 * length). Walked record by record, so a value (a log's text, a folder's name) is never taken for a tag.
 */
export function stateEnd(f: string[], i: number): number {
  while (i < f.length && f[i] !== 'end') i += 1 + (ARITY[f[i]!] ?? 0);
  return Math.min(i, f.length);
}

/** Parses readState's output (NUL-separated records), for the host-side reader and the tests. */
export function parseState(out: string, layout: Layout): HostState {
  const f = out.split('\0');
  let current: string | undefined;
  let log = '';
  const dirs: { id: string; bad: boolean; mtimeMs: number }[] = [];
  const inUse = new Set<string>();
  for (let i = 0; i < f.length;) {
    const tag = f[i++];
    if (tag === 'current') current = parseCurrentLink(f[i++] ?? '', layout);
    else if (tag === 'release') {
      const [id, mtime, flag] = [f[i++] ?? '', f[i++] ?? '', f[i++] ?? ''];
      if (validId(id) && /^\d+(\.\d+)?$/.test(mtime))
        dirs.push({ id, bad: flag === 'bad', mtimeMs: Number(mtime) * 1000 });
    } else if (tag === 'log') log = f[i++] ?? '';
    else if (tag === 'cwd') {
      const id = releaseOfPath(f[i++] ?? '', layout);
      if (id) inUse.add(id);
    }
  }
  const { entries, skipped } = parseLog(log);
  return { current, releases: releasesByTime(dirs, entries), entries, skipped, inUse: [...inUse] };
}

/** The host side of readState: NUL-separated records (parseState reads them). */
export function stateScript(layout: Layout): ShellFragment {
  return script(
    raw('set +e'),
    sh`printf 'current\\0%s\\0' "$(readlink ${layout.current})"`,
    sh`if cd ${layout.releases} 2>/dev/null; then for d in *; do`,
    raw(`  [ -d "$d" ] && [ ! -L "$d" ] || continue`),
    raw(`  if [ -e "$d/.keel/bad" ]; then b=bad; else b=ok; fi`),
    raw(`  printf 'release\\0%s\\0%s\\0%s\\0' "$d" "$(date -r "$d" +%s.%N)" "$b"`),
    raw('done; fi'),
    sh`printf 'log\\0'; tail -n ${LOG_LINES} ${layout.log} 2>/dev/null | tr -d '\\000'; printf '\\0'`,
    // One process for every process's working directory (those the SSH user may read).
    raw(`find /proc -mindepth 2 -maxdepth 2 -name cwd -printf 'cwd\\0%l\\0' 2>/dev/null`),
    raw('true'),
  );
}

/** Reads `current`, the releases (bad marks, mtimes), the end of the log and the releases processes run in. */
export async function readState(session: SshSession, layout: Layout): Promise<HostState> {
  const r = await session.check('reading the release state', stateScript(layout));
  return parseState(r.stdout, layout);
}

/** The release `current` points to (undefined: none yet). The one reader of `current`. */
export async function currentRelease(session: SshSession, layout: Layout): Promise<string | undefined> {
  const r = await session.run(sh`readlink ${layout.current}`);
  return r.code === 0 ? parseCurrentLink(r.stdout, layout) : undefined;
}

/** What a deploy, rollback or revert writes to the release log (`time` is added). */
export interface NewLogEntry {
  status: Status;
  release: string;
  previous?: string | null;
  live: string | null | undefined;
  [k: string]: unknown;
}

/** Appends one line to the release log (JSON: a newline in any value is escaped, so a line stays one line). */
export async function appendLog(session: SshSession, layout: Layout, entry: NewLogEntry): Promise<void> {
  await session.check('writing the release log', logLine(layout, entry));
}

/**
 * Points `current` at release `id`: a new symlink under a temporary name renamed over it (rename(2) is atomic).
 * Only under the deploy lock, in one round trip: the script checks, under the lock's guard, that this run's
 * lease still holds the lock (and renews it), and only then switches; a run that lost it fails with nothing
 * switched. `after` runs in the same script once switched (its output is returned).
 */
export async function switchTo(
  session: SshSession,
  layout: Layout,
  id: string,
  after: ShellFragment[] = [],
): Promise<string> {
  const lease = heldLease(session.endpoint, layout);
  if (!lease)
    throw new KeelError(
      `${session.endpoint.name}: refusing to switch ${layout.current} without holding the deploy lock`,
    );
  const tmp = `${layout.root}/.current-${id}`;
  return lease.whileHeld(session, `switching current to ${id}`, [
    sh`test -d ${layout.release(id)} || { echo "no release ${id}" >&2; exit 1; }`,
    sh`rm -f ${tmp} && ln -s ${`releases/${id}`} ${tmp} && mv -T ${tmp} ${layout.current} || exit 1`,
    ...after,
  ]);
}

/** The log line's append, for a script: one JSON line (a newline in any value is escaped). */
export function logLine(layout: Layout, entry: NewLogEntry): ShellFragment {
  const line = JSON.stringify({ time: new Date().toISOString(), ...entry });
  return sh`mkdir -p ${layout.meta} && printf '%s\n' ${line} >> ${layout.log}`;
}

/**
 * The switch, the log line and the state read for pruning, in one round trip (for a deploy with nothing to run
 * between the switch and the log: no reload, no processes, no after-switch hook). Once switched, a log line
 * that could not be written does not fail the script (`logged: false`): the caller knows `current` moved.
 */
export async function switchAndLog(
  session: SshSession,
  layout: Layout,
  id: string,
  entry: NewLogEntry,
): Promise<{ logged: boolean; state: HostState }> {
  const out = await switchTo(session, layout, id, [
    sh`if ${logLine(layout, entry)}; then printf 'logged\\0'; else printf 'not-logged\\0'; fi`,
    raw('('),
    stateScript(layout),
    raw(')'),
  ]);
  const logged = out.startsWith('logged\0');
  return { logged, state: parseState(out.slice(out.indexOf('\0') + 1), layout) };
}

/**
 * Removes the virtualenvs no release links to any more (for a script that has `set +e`; it leaves the shell in
 * the venvs folder, or exits 0 when there is none). One body for the prune after a switch and pruneWith.
 */
function unusedVenvsBody(layout: Layout): ShellFragment[] {
  return [
    sh`cd ${layout.venvs} 2>/dev/null || exit 0`,
    sh`used=$(for l in ${layout.releases}/*/.venv; do readlink "$l"; done 2>/dev/null | sed 's#^.*/##' | sort -u)`,
    raw('for v in *; do [ -d "$v" ] || continue; echo "$used" | grep -qx "$v" || rm -rf -- "$v"; done'),
  ];
}

/**
 * The releases to prune once `id` is switched in, from the state read under the lock before (at the take:
 * prepareBody's `state`): that state with this deploy's log line and `id` added, and `id` current. Under the
 * lock nothing else changes the releases, the log or `current` in between; what may change (a process starting
 * in an old release) is checked again on the host right before each removal (switchLogPruneRelease).
 */
export function pruneAfterSwitch(
  before: HostState,
  id: string,
  previous: string | undefined,
  keep: number,
  protect: (string | null | undefined)[],
  now = Date.now(),
): string[] {
  const releases: Release[] = [
    ...before.releases.filter((r) => r.id !== id),
    { id, bad: false, deployedAt: now, timeFrom: 'log' },
  ];
  const entries: LogEntry[] = [
    ...before.entries,
    { time: now, status: 'deployed', release: id, previous: previous ?? null, live: id },
  ];
  return pruneList(releases, keep, [
    ...protect,
    id,
    previous,
    rollbackTargetOf(entries, releases, id),
    ...before.inUse,
  ]);
}

/**
 * The end of a deploy with nothing to run after the switch, in one round trip under the lock's guard (the
 * lease checked and renewed first, whileHeld): the switch; the log line; then, once logged, the releases in
 * `doomed` removed (each skipped when a process has its working directory in it right now) and the unused
 * virtualenvs; then, with `release`, the lock released (only after all of it, and only when all of it went
 * well: a deploy that fails here still holds its lock for its clean-up). A run that lost the lock switches,
 * logs, removes and releases nothing.
 */
export async function switchLogPruneRelease(
  session: SshSession,
  layout: Layout,
  id: string,
  entry: NewLogEntry,
  doomed: string[],
  release: boolean,
): Promise<{ logged: boolean; removed: string[]; kept: string[]; pruned: boolean; released: boolean }> {
  const lease = heldLease(session.endpoint, layout);
  if (release) lease?.closing();
  const body = [
    sh`if ${logLine(layout, entry)}; then`,
    raw("printf 'logged\\0'"),
    raw('if ('),
    sh`  cd ${layout.releases} || exit 1`,
    raw(`  inuse=$(find /proc -mindepth 2 -maxdepth 2 -name cwd -printf '%l\\n' 2>/dev/null)`),
    sh`  for d in ${doomed.length > 0 ? doomed : ['']}; do`,
    raw('    [ -n "$d" ] || continue'),
    // Conservative: a release whose path is a prefix of one in use (r1 of r10) is kept too.
    sh`    case "$inuse" in *${layout.releases}/"$d"*) printf 'kept\\0%s\\0' "$d"; continue ;; esac`,
    raw(`    rm -rf -- "$d" && printf 'removed\\0%s\\0' "$d" || exit 1`),
    raw('  done'),
    raw(') && ('),
    raw('  set +e'),
    ...unusedVenvsBody(layout),
    raw('  true'),
    raw('); then'),
    raw("printf 'pruned\\0'"),
    ...(release && lease
      ? [raw('if'), releaseBody(layout, lease.token), raw("then printf 'released\\0'; fi")]
      : []),
    raw('fi'),
    raw('else'),
    raw("printf 'not-logged\\0'"),
    raw('fi'),
  ];
  let out: string;
  try {
    out = await switchTo(session, layout, id, body);
  } catch (error) {
    lease?.closing(false);
    throw error;
  }
  const f = out.split('\0');
  const removed: string[] = [];
  const kept: string[] = [];
  for (let i = 0; i < f.length; i++) {
    if (f[i] === 'removed') removed.push(f[++i]!);
    else if (f[i] === 'kept') kept.push(f[++i]!);
  }
  const released = release && f.includes('released');
  if (released) lease?.releasedOnHost();
  else lease?.closing(false);
  return { logged: f[0] === 'logged', removed, kept, pruned: f.includes('pruned'), released };
}

/** Marks a release bad (a rollback never goes to it without `rollback-to`). */
export async function markBad(session: SshSession, layout: Layout, id: string): Promise<void> {
  await session.run(
    sh`mkdir -p ${`${layout.release(id)}/.keel`} && touch ${`${layout.release(id)}/.keel/bad`}`,
  );
}

/** Where a rollback from `current` (default: what `current` points to) goes, by history (rollbackTargetOf). */
export async function rollbackTarget(
  session: SshSession,
  layout: Layout,
  current?: string,
): Promise<string | undefined> {
  const s = await readState(session, layout);
  return rollbackTargetOf(s.entries, s.releases, current ?? s.current);
}

/** The release that was live before `id` was switched in (from the log; `fallback`: `current` read before it). */
export async function releaseBefore(
  session: SshSession,
  layout: Layout,
  id: string,
  fallback?: string | null,
): Promise<string | null | undefined> {
  const s = await readState(session, layout);
  const p = previousLive(s.entries, id);
  return p !== undefined ? p : fallback;
}

/**
 * Keeps the newest `keep` releases by deploy time and removes the rest, never the current one, the one a
 * rollback would go to, those in `protect`, or one a running master uses; then the venvs no release links to.
 * Returns the removed ids and a note when some deploy times came from directory mtimes.
 */
export async function prune(
  session: SshSession,
  layout: Layout,
  keep: number,
  protect: (string | null | undefined)[],
): Promise<{ removed: string[]; note: string | undefined }> {
  return pruneWith(session, layout, await readState(session, layout), keep, protect);
}

/**
 * appendLog, then prune, in two round trips: the log line is written and the state read in one script (the
 * state then includes the line), the old releases and unused virtualenvs removed in the other.
 */
export async function logAndPrune(
  session: SshSession,
  layout: Layout,
  entry: NewLogEntry,
  keep: number,
  protect: (string | null | undefined)[],
): Promise<{ removed: string[]; note: string | undefined }> {
  const r = await session.check(
    'writing the release log',
    script(logLine(layout, entry), stateScript(layout)),
  );
  return pruneWith(session, layout, parseState(r.stdout, layout), keep, protect);
}

export async function pruneWith(
  session: SshSession,
  layout: Layout,
  s: HostState,
  keep: number,
  protect: (string | null | undefined)[],
): Promise<{ removed: string[]; note: string | undefined }> {
  const doomed = pruneList(s.releases, keep, [
    ...protect,
    s.current,
    rollbackTargetOf(s.entries, s.releases, s.current),
    ...s.inUse,
  ]);
  await session.check(
    doomed.length > 0 ? 'removing old releases' : 'removing unused virtualenvs',
    script(
      ...(doomed.length > 0 ? [sh`(cd ${layout.releases} && rm -rf -- ${doomed})`] : []),
      raw('set +e'),
      ...unusedVenvsBody(layout),
    ),
  );
  return { removed: doomed, note: guessedNote(s) };
}

/** The note for releases the log does not know (their deploy times are guessed from mtimes), if any. */
export function guessedNote(s: HostState): string | undefined {
  const guessed = s.releases.filter((r) => r.timeFrom === 'mtime').map((r) => r.id);
  return guessed.length
    ? `the release log does not know ${guessed.join(', ')}: their deploy times are their directories' modification times`
    : undefined;
}
