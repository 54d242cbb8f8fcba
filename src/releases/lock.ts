/**
 * The deploy lock on a host: an atomic `mkdir`, with the holder (run, actor, time, expiry) written inside it.
 * A lock past its expiry (a runner that died) is broken with an atomic `mv`; waiting is optional; the
 * action's post step releases it even when the job was cancelled. Only the holder's token releases it.
 */
import { KeelError } from '../errors.js';
import { raw, sh, script } from '../remote/quote.js';
import type { SshSession } from '../remote/ssh.js';
import type { Logger } from '../report/log.js';
import type { Layout } from './layout.js';

export interface Holder {
  token: string;
  run: string;
  actor: string;
  release: string;
  started: string;
  expires: string;
}

export interface LockOptions {
  waitMs: number;
  ttlMs: number;
  pollMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function tryAcquire(layout: Layout, holder: Holder) {
  return script(
    sh`mkdir -p ${layout.meta}`,
    sh`if mkdir ${layout.lock} 2>/dev/null; then printf '%s' ${JSON.stringify(holder)} > ${`${layout.lock}/holder.json`}; echo acquired; exit 0; fi`,
    sh`echo held; cat ${`${layout.lock}/holder.json`} 2>/dev/null || echo '{}'; echo; stat -c %Y ${layout.lock} 2>/dev/null || echo 0; date +%s`,
  );
}

/** Takes the lock, waiting up to waitMs; breaks an expired one. Throws a KeelError naming the holder. */
export async function acquireLock(
  session: SshSession,
  layout: Layout,
  holder: Holder,
  options: LockOptions,
  log: Logger,
): Promise<void> {
  const deadline = Date.now() + options.waitMs;
  let announced = false;
  for (;;) {
    const r = await session.check('taking the deploy lock', tryAcquire(layout, holder));
    const lines = r.stdout.trim().split('\n');
    if (lines[0] === 'acquired') return;
    let other: Partial<Holder> = {};
    try {
      other = JSON.parse(lines[1] ?? '{}') as Partial<Holder>;
    } catch {
      /* a holder being written right now */
    }
    const lockAge = (Number(lines[3]) - Number(lines[2])) * 1000;
    const expired = other.expires ? Date.parse(other.expires) < Date.now() : lockAge > options.ttlMs;
    const who = other.run
      ? `run ${other.run} by ${other.actor ?? '?'} (release ${other.release ?? '?'}, since ${other.started ?? '?'})`
      : 'an unknown holder';
    if (expired) {
      log.warn(`${session.endpoint.name}: breaking an expired deploy lock held by ${who}`);
      await session.check(
        'breaking an expired lock',
        sh`stale=${`${layout.lock}.stale.${holder.token}`}; mv -T ${layout.lock} "$stale" 2>/dev/null && rm -rf "$stale" || true`,
      );
      continue;
    }
    if (Date.now() >= deadline) {
      throw new KeelError(
        `${session.endpoint.name}: another deploy holds the lock: ${who}. ` +
          `Wait for it (input 'lock-wait'), or if that run is dead, the lock expires at ${other.expires ?? 'its ttl'}.`,
        { field: 'lock-wait' },
      );
    }
    if (!announced) {
      log.info(`${session.endpoint.name}: waiting for the deploy lock held by ${who}`);
      announced = true;
    }
    await sleep(options.pollMs ?? 2_000);
  }
}

/** Releases the lock if (and only if) `token` still holds it. Returns whether it did. */
export async function releaseLock(session: SshSession, layout: Layout, token: string): Promise<boolean> {
  const r = await session.check(
    'releasing the deploy lock',
    script(
      raw('set +e'),
      sh`if grep -q ${`"token":"${token}"`} ${`${layout.lock}/holder.json`} 2>/dev/null; then rm -rf ${layout.lock} && echo released; else echo not-held; fi`,
    ),
  );
  return r.stdout.trim() === 'released';
}
