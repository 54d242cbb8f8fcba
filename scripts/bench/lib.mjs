// Shared helpers of the benchmark: timing, medians, the test hosts, and running a committed action bundle the
// way the runner does (`keel act`), with its outputs and the peak memory of the action's process.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const node = join(root, 'node_modules/node/bin/node');
export const hostctl = join(root, 'test/hosts/hostctl');
export const RUNS = Number(process.env.KEEL_BENCH_RUNS ?? 3);

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const ratio = (a, b) => +(a / b).toFixed(2);
export const ms = (x) => Math.round(x);
export { setTimeout as sleep } from 'node:timers/promises';

export function time(fn) {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

export const sh = (cmd, opts = {}) =>
  execFileSync('bash', ['-c', cmd], {
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 1 << 28,
    ...opts,
  }).toString();

export function hosts() {
  return JSON.parse(readFileSync('/var/tmp/keel-hosts/hosts.json', 'utf8'));
}

/** Runs a command as root inside a test host (arranging, not measured). */
export const onHost = (name, cmd) =>
  execFileSync(hostctl, ['exec', name, '--', 'bash', '-c', cmd], { maxBuffer: 1 << 26 }).toString();

/** OpenSSH as a user would call it, host keys checked. */
export function ssh() {
  const h = hosts();
  return `ssh -i ${h.clientKey} -o UserKnownHostsFile=${h.knownHosts} -o StrictHostKeyChecking=yes -o BatchMode=yes`;
}

export function sshInputs() {
  const h = hosts();
  return { user: 'deploy', 'ssh-key': `@${h.clientKey}`, 'known-hosts': `@${h.knownHosts}` };
}

/**
 * One action run through `keel act` (the runner's protocol: main and post steps), timed. Resolves with the
 * wall time, the step's outputs and conclusion, and the peak RSS of the largest process it ran (GNU time's
 * %M covers the children it waited for: the action's own node process). `from`: the checkout whose bundle
 * runs (default this one; the deploy cases' KEEL_BENCH_BASELINE runs another beside it).
 */
export function act(action, inputs, { cwd = tmpdir(), from = root } = {}) {
  const args = [join(from, 'bin/keel.js'), 'act', action === '.' ? from : join(from, 'actions', action)];
  for (const [k, v] of Object.entries(inputs)) args.push('--with', `${k}=${v}`);
  const outFile = join(tmpdir(), `keel-bench-out-${process.pid}-${Math.random().toString(36).slice(2)}.json`);
  args.push('--outputs-file', outFile);
  return new Promise((resolve, reject) => {
    const t = process.hrtime.bigint();
    const child = spawn('/usr/bin/time', ['-f', 'keel-bench-rss %M', node, ...args], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out = (out + d).slice(-20000)));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', () => {
      const wall = Number(process.hrtime.bigint() - t) / 1e6;
      try {
        const { conclusion, outputs } = JSON.parse(readFileSync(outFile, 'utf8'));
        rmSync(outFile, { force: true });
        const rss = Number(/keel-bench-rss (\d+)/.exec(err)?.[1] ?? 0) * 1024;
        if (conclusion !== 'success')
          console.error(`bench: ${action} ended in ${conclusion}:\n${out.slice(-4000)}`);
        resolve({ ms: wall, conclusion, outputs, rssBytes: rss, log: out });
      } catch (e) {
        reject(
          new Error(
            `bench: ${action} left no outputs (${e.message}):\n${out.slice(-3000)}\n${err.slice(-2000)}`,
          ),
        );
      }
    });
  });
}

export function machine() {
  const cpus = sh('nproc').trim();
  return {
    cpus: Number(cpus),
    cpu: sh("sed -n 's/^model name\\s*: //p' /proc/cpuinfo | head -1").trim(),
    memoryGiB: Math.round(Number(sh("awk '/MemTotal/ {print $2}' /proc/meminfo")) / 2 ** 20),
    node: sh(`${node} -v`).trim(),
    date: new Date().toISOString(),
  };
}
