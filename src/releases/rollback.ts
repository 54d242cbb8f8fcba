/** Rollback on one host: back to the previous good release (or a named one), the bad one marked, a reload. */
import { randomUUID } from 'node:crypto';
import { KeelError, errorMessage } from '../errors.js';
import { sh } from '../remote/quote.js';
import type { SshSession } from '../remote/ssh.js';
import type { Logger } from '../report/log.js';
import { appendLog, goodReleaseBefore, listReleases, reloadCommand, switchTo } from './deploy.js';
import type { Layout } from './layout.js';
import { acquireLock, releaseLock } from './lock.js';

export interface RollbackOptions {
  /** A release id, or undefined for the newest good release before the current one. */
  target: string | undefined;
  reloadUnit: string | undefined;
  lock: { waitMs: number; ttlMs: number };
  run: { id: string; actor: string; sha: string; repository: string };
  /** Told when the lock is taken (held) and when it has been released (not held): the post step's record. */
  onLock?: (token: string, held: boolean) => void;
}

export interface RollbackResult {
  host: string;
  ok: boolean;
  from: string | undefined;
  to: string | undefined;
  error: string | undefined;
}

export async function rollbackHost(
  session: SshSession,
  layout: Layout,
  o: RollbackOptions,
  log: Logger,
): Promise<RollbackResult> {
  const host = session.endpoint.name;
  const result: RollbackResult = { host, ok: false, from: undefined, to: undefined, error: undefined };
  const token = randomUUID();
  const now = new Date();
  let locked = false;
  try {
    await acquireLock(
      session,
      layout,
      {
        token,
        run: o.run.id,
        actor: o.run.actor,
        release: `rollback${o.target ? ` to ${o.target}` : ''}`,
        started: now.toISOString(),
        expires: new Date(now.getTime() + o.lock.ttlMs).toISOString(),
      },
      o.lock,
      log,
    );
    locked = true;
    o.onLock?.(token, true);
    const { releases, current } = await listReleases(session, layout);
    result.from = current;
    let target: string | undefined;
    if (o.target) {
      if (!releases.some((r) => r.id === o.target)) {
        throw new KeelError(
          `${host}: release ${o.target} does not exist (there are: ${releases.map((r) => r.id).join(', ') || 'none'})`,
          { field: 'rollback-to' },
        );
      }
      if (o.target === current)
        throw new KeelError(`${host}: ${o.target} is already the current release`, { field: 'rollback-to' });
      target = o.target;
    } else {
      target = goodReleaseBefore(releases, current);
      if (!target)
        throw new KeelError(
          `${host}: there is no good release before ${current ?? 'the current one'} to roll back to`,
        );
    }
    await switchTo(session, layout, target);
    result.to = target;
    if (current)
      await session.run(
        sh`mkdir -p ${`${layout.release(current)}/.keel`} && touch ${`${layout.release(current)}/.keel/bad`}`,
      );
    if (o.reloadUnit)
      await session.check(`reloading ${o.reloadUnit}`, reloadCommand(o.reloadUnit), { timeoutMs: 300_000 });
    await appendLog(session, layout, {
      release: target,
      previous: current ?? null,
      status: 'rolled-back',
      ...o.run,
    });
    log.info(`${host}: rolled back from ${current ?? '-'} to ${target}`);
    result.ok = true;
  } catch (error) {
    result.error = errorMessage(error);
  } finally {
    if (locked)
      await releaseLock(session, layout, token)
        .then(() => o.onLock?.(token, false))
        .catch(() => undefined);
  }
  return result;
}
