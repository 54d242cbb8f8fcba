/**
 * The cancellation primitives: the one process-wide signal, checkpoints and waits that end with it, and the
 * script that stops a command's whole process tree on a host, run here for real against local processes (one
 * detached into its own session, one that ignores SIGTERM).
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CLEANUP_BUDGET_MS,
  CancelledError,
  cancel,
  cancelReason,
  checkpoint,
  cleanupLeftMs,
  cleanupWaitMs,
  isCancelled,
} from '../../src/cancel.js';
import { raw, strictBash } from '../../src/remote/quote.js';
import { stopScript, tagged } from '../../src/remote/ssh.js';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return !execFileSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).startsWith('Z');
  } catch {
    return false;
  }
};

describe('stopping a command and everything it started (stopScript)', () => {
  it('finds processes by the token in their environment and their descendants, TERMs them, and KILLs those that ignore it', async () => {
    const token = randomUUID();
    const other = randomUUID();
    // A command as keel runs it: bash with its token; it starts a detached child and one that ignores TERM.
    const cmd = spawn(
      'bash',
      // (and one started with a cleared environment: found as a descendant)
      [
        '-c',
        `setsid sleep 301 & env -i sleep 303 & (trap '' TERM; while :; do sleep 0.1; done) & echo $!; wait`,
      ],
      { env: { ...process.env, KEEL_RUN: token }, stdio: ['ignore', 'pipe', 'ignore'], detached: true },
    );
    const bystander = spawn('sleep', ['302'], { env: { ...process.env, KEEL_RUN: other }, stdio: 'ignore' });
    const stubborn = Number(
      await new Promise<string>((r) => cmd.stdout.once('data', (d: Buffer) => r(d.toString()))),
    );
    const script = stopScript([token], 1);
    const out = execFileSync('bash', ['-c', strictBash(script)], { encoding: 'utf8' });
    expect(out.trim()).toBe('killed'); // one of them needed KILL
    expect(alive(cmd.pid!)).toBe(false);
    expect(alive(stubborn)).toBe(false);
    expect(execFileSync('bash', ['-c', 'pgrep -f "sleep 30[13]" || true'], { encoding: 'utf8' })).toBe('');
    // A process with another token is left alone.
    expect(alive(bystander.pid!)).toBe(true);
    bystander.kill();
    // Nothing left: says so.
    expect(execFileSync('bash', ['-c', script.text], { encoding: 'utf8' }).trim()).toBe('none');
  });

  it("reaches a script's last command even when it clears its environment (bash would exec it in its place)", async () => {
    const token = randomUUID();
    const cmd = spawn('bash', ['-c', tagged(token, raw('cd /; env -i sleep 304'))], { stdio: 'ignore' });
    for (
      let i = 0;
      i < 50 &&
      !/\d/.test(execFileSync('bash', ['-c', 'pgrep -f "sleep 30[4]" || true'], { encoding: 'utf8' }));
      i++
    )
      await sleep(50);
    const out = execFileSync('bash', ['-c', strictBash(stopScript([token], 1))], { encoding: 'utf8' });
    expect(out.trim()).toBe('stopped');
    expect(execFileSync('bash', ['-c', 'pgrep -f "sleep 30[4]" || true'], { encoding: 'utf8' })).toBe('');
    await new Promise((r) => cmd.on('close', r));
  });

  it('the grace is wall time: on a host where every round is slow, the KILL still comes after graceS seconds', async () => {
    // A busy host: each `sleep 0.1` of the grace loop takes 0.6 s. Counting rounds (as keel once did) made a
    // 1 s grace last 6 s here (and a 5 s one 14 s on a loaded test host: the runner's SIGKILL came first).
    const token = randomUUID();
    const bin = execFileSync('mktemp', ['-d'], { encoding: 'utf8' }).trim();
    execFileSync('bash', [
      '-c',
      `printf '#!/bin/sh\\nexec /bin/sleep 0.6\\n' > ${bin}/sleep; chmod +x ${bin}/sleep`,
    ]);
    const cmd = spawn('bash', ['-c', `(trap '' TERM; while :; do /bin/sleep 0.1; done) & wait`], {
      env: { ...process.env, KEEL_RUN: token },
      stdio: 'ignore',
      detached: true,
    });
    await sleep(200);
    const started = Date.now();
    const out = execFileSync('bash', ['-c', strictBash(stopScript([token], 1))], {
      encoding: 'utf8',
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
    });
    const took = Date.now() - started;
    execFileSync('rm', ['-rf', bin]);
    expect(out.trim()).toBe('killed');
    expect(alive(cmd.pid!)).toBe(false);
    // 1 s of grace, at most one slow round past it, the KILL's own wait: well under the 6 s of counted rounds (7.9 s measured).
    expect(took).toBeLessThan(5_000);
  });

  it('quotes the tokens it is given', () => {
    expect(stopScript([`x'; rm -rf /; '`]).text).toContain(`'KEEL_RUN=x'\\''; rm -rf /; '\\'''`);
  });
});

describe('the run-wide cancellation', () => {
  it('checkpoints pass until the run is cancelled; after that they throw CancelledError; the clean-up budget runs from the first cancel', async () => {
    expect(isCancelled()).toBe(false);
    expect(() => checkpoint()).not.toThrow();
    expect(cleanupLeftMs()).toBe(Infinity);
    expect(cleanupWaitMs(60_000)).toBe(60_000); // a wait while the run goes on: all of it
    cancel('SIGINT');
    expect(cleanupWaitMs(60_000)).toBe(3_000); // one wait of the clean-up: 3 s at most
    expect(cleanupWaitMs(500)).toBe(500);
    const left = cleanupLeftMs();
    expect(left).toBeLessThanOrEqual(CLEANUP_BUDGET_MS);
    expect(left).toBeGreaterThan(CLEANUP_BUDGET_MS - 1_000);
    await sleep(300);
    cancel('SIGTERM'); // a second signal does not restart the budget
    expect(cleanupLeftMs()).toBeLessThanOrEqual(left - 250);
    // Near the budget's end, a wait gets only what is left of it; after the end, none.
    await sleep(cleanupLeftMs() - 1_000);
    expect(cleanupWaitMs(3_000)).toBeLessThanOrEqual(1_000);
    expect(cleanupWaitMs(3_000)).toBeGreaterThan(500);
    await sleep(cleanupLeftMs() + 10);
    expect(cleanupWaitMs(3_000)).toBe(0);
    expect(isCancelled()).toBe(true);
    expect(() => checkpoint()).toThrow(CancelledError);
    cancel('SIGTERM'); // the first reason stays
    expect(cancelReason()).toBe('SIGINT');
    expect(() => checkpoint()).toThrow('cancelled (SIGINT)');
  }, 15_000);
});
