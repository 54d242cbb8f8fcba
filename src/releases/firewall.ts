/**
 * Applying the host firewall (spec `firewall:`, rendered as the root-owned script
 * `/usr/local/sbin/keel-<app>-firewall`, see src/render/firewall.ts) with a guard that cannot lock keel out:
 *
 * 1. nothing happens when the script is unchanged and the host says its rules are the ones confirmed last
 *    (`status` = current): re-running a deploy is a no-op;
 * 2. `apply` saves ufw's state and arms a transient systemd timer that puts it back in `revert-after`
 *    seconds (on the host: it fires whatever happens to keel, its runner or the SSH session), then puts
 *    the rules in place and enables ufw;
 * 3. keel opens a NEW SSH connection (a fresh TCP connection and handshake, through the same jump hosts)
 *    and runs `confirm` over it, which cancels the timer. Only a connection made after the rules are live
 *    proves them: the session that applied them is an established connection, which ufw lets through;
 * 4. when the new connection fails, the deploy fails: keel waits for the host's timer to put the previous
 *    rules back, proves a new connection works again, and says so.
 */
import { poll } from '../poll.js';
import { KeelError, errorMessage } from '../errors.js';
import type { Logger } from '../log.js';
import { describeRule, type FirewallPlan } from '../render/firewall.js';
import { sh } from '../remote/quote.js';
import type { Endpoint, SshSession } from '../remote/ssh.js';

export interface FirewallDeploy {
  plan: FirewallPlan;
  /** Opens a NEW connection to the endpoint (no retries), giving up after timeoutMs. */
  connect(endpoint: Endpoint, timeoutMs: number): Promise<SshSession>;
}

export type FirewallOutcome = 'unchanged' | 'applied';

const STATUS = new Set(['current', 'pending', 'reverted', 'changed']);

async function status(session: SshSession, plan: FirewallPlan, timeoutMs = 30_000): Promise<string> {
  const r = await session.check('reading the firewall state', sh`sudo -n ${plan.script} status`, {
    timeoutMs,
  });
  const s = r.stdout.trim();
  if (!STATUS.has(s))
    throw new KeelError(
      `${session.endpoint.name}: ${plan.script} status said ${JSON.stringify(s.slice(0, 80))}`,
    );
  return s;
}

/** How long a new connection may take to prove the rules: well inside the revert's window. */
export function proofTimeoutMs(plan: FirewallPlan): number {
  return Math.min(15_000, Math.floor((plan.revertAfter * 1000) / 3));
}

export async function applyFirewall(
  session: SshSession,
  fw: FirewallDeploy,
  scriptChanged: boolean,
  log: Logger,
): Promise<FirewallOutcome> {
  const { plan } = fw;
  const host = session.endpoint.name;
  if (session.endpoint.port !== plan.sshPort)
    throw new KeelError(
      `${host}: keel connects on port ${session.endpoint.port} but the firewall opens SSH on ${plan.sshPort} (firewall.ssh-port): the rules would shut keel's own connections out; set firewall.ssh-port to ${session.endpoint.port}`,
      { field: 'firewall.ssh-port' },
    );
  const tools = await session.run(sh`command -v ufw >/dev/null || test -x /usr/sbin/ufw`, {
    timeoutMs: 30_000,
  });
  if (tools.code !== 0)
    throw new KeelError(
      `${host}: ufw is not installed (apt-get install ufw), but the spec has a firewall: section`,
      {
        field: 'firewall',
      },
    );
  const before = await status(session, plan);
  if (before === 'current' && !scriptChanged) {
    log.info(`${host}: firewall unchanged (${plan.rules.map(describeRule).join('; ')})`);
    return 'unchanged';
  }
  if (before === 'pending')
    log.warn(`${host}: an earlier firewall change was never confirmed; its revert runs first`);
  log.info(
    `${host}: applying the firewall (allowed: ${plan.rules.map(describeRule).join('; ')}); the host reverts it in ${plan.revertAfter}s unless a new SSH connection confirms it`,
  );
  const appliedAt = Date.now();
  const applied = await session.run(sh`sudo -n ${plan.script} apply`, { timeoutMs: 120_000 });
  if (applied.code !== 0 || applied.timedOut) {
    // The revert is armed (or nothing changed); put the saved state back now rather than in N seconds.
    await session.run(sh`sudo -n ${plan.script} revert`, { timeoutMs: 60_000 }).catch(() => undefined);
    throw new KeelError(
      `${host}: applying the firewall failed (${(applied.stderr || applied.stdout).trim().split('\n').slice(-3).join(' / ') || `exit ${applied.code}`}); the previous rules were put back`,
    );
  }
  // The proof: a connection opened now, after the rules are live.
  let proof: SshSession | undefined;
  let failure: string;
  try {
    proof = await fw.connect(session.endpoint, proofTimeoutMs(plan));
    const r = await proof.run(sh`sudo -n ${plan.script} confirm`, { timeoutMs: 30_000 });
    if (r.code === 0 && r.stdout.trim() === 'confirmed') {
      log.info(
        `${host}: firewall applied and confirmed by a new SSH connection (${((Date.now() - appliedAt) / 1000).toFixed(1)}s after apply)`,
      );
      return 'applied';
    }
    failure = `confirming over the new connection failed: ${(r.stderr || r.stdout).trim().slice(0, 200) || `exit ${r.code}`}`;
  } catch (error) {
    failure = `a new SSH connection failed after the rules were applied: ${errorMessage(error)}`;
  } finally {
    proof?.close();
  }
  log.warn(
    `${host}: ${failure}; waiting for the host to put its previous firewall back (within ${plan.revertAfter}s)`,
  );
  throw new KeelError(
    `${host}: firewall not applied: ${failure}; ${await awaitRevert(session, fw, appliedAt, log)}`,
    {
      hint: `Nothing of the firewall changed. Check that sshd listens on firewall.ssh-port (${plan.sshPort}) and what /etc/ufw/before.rules does to new connections on ${host}.`,
    },
  );
}

/**
 * After a failed proof: waits (bounded) until the host's timer has reverted, then proves a new connection
 * works again. Returns the sentence for the error; never throws.
 */
async function awaitRevert(
  session: SshSession,
  fw: FirewallDeploy,
  appliedAt: number,
  log: Logger,
): Promise<string> {
  const { plan } = fw;
  const deadline = appliedAt + plan.revertAfter * 1000 + 60_000;
  const { value: last } = await poll(
    async () => {
      // The session that applied the rules is established: ufw keeps it (its state can still be read).
      try {
        return await status(session, plan, 10_000);
      } catch (error) {
        return `unreadable (${errorMessage(error)})`;
      }
    },
    (state) => state === 'reverted',
    { deadline, delayMs: 2_000 },
  );
  if (last !== 'reverted')
    return `the host did not report its revert within ${Math.round((deadline - appliedAt) / 1000)}s (state: ${last}); check it from the console`;
  // And the old rules let new connections in again.
  let again: SshSession | undefined;
  try {
    again = await fw.connect(session.endpoint, 20_000);
    const s = await status(again, plan);
    log.info(`${session.endpoint.name}: the previous firewall is back and a new SSH connection works (${s})`);
    return `the host put its previous firewall back after ${Math.round((Date.now() - appliedAt) / 1000)}s and a new SSH connection works again`;
  } catch (error) {
    return `the host reverted its firewall, but a new SSH connection still fails (${errorMessage(error)})`;
  } finally {
    again?.close();
  }
}
