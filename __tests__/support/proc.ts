/**
 * Watches this test process's descendants in /proc while something runs: their command names, and whether any
 * holds a secret in its environment or argv (what another user of the machine could read with `ps e`).
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { basename } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

interface Proc {
  /** `node` for Node (whose thread name is MainThread), else the command name. */
  comm: string;
  /** environ + cmdline, NUL-separated as the kernel gives them. */
  text: string;
}

export function descendants(root = process.pid): Proc[] {
  const parent = new Map<number, number>();
  for (const p of readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      parent.set(Number(p), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone
    }
  }
  const mine = (pid: number): boolean => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) if (p === root) return true;
    return false;
  };
  return [...parent.keys()].filter(mine).flatMap((pid) => {
    try {
      return [
        {
          comm: basename(readlinkSync(`/proc/${pid}/exe`)).startsWith('node')
            ? 'node'
            : readFileSync(`/proc/${pid}/comm`, 'utf8').trim(),
          text:
            readFileSync(`/proc/${pid}/environ`, 'latin1') + readFileSync(`/proc/${pid}/cmdline`, 'latin1'),
        },
      ];
    } catch {
      return [];
    }
  });
}

/**
 * Scans every 20 ms until `stop()`: which command names ran, and which of them held one of `secrets`.
 * The scan is bounded by the caller's own run (each `run` has a timeout).
 */
export function watchSecrets(secrets: string[]): { stop(): Promise<{ seen: string[]; holders: string[] }> } {
  const seen = new Set<string>();
  const holders = new Set<string>();
  let running = true;
  const loop = (async () => {
    while (running) {
      for (const p of descendants()) {
        seen.add(p.comm);
        if (secrets.some((s) => p.text.includes(s))) holders.add(p.comm);
      }
      await sleep(20);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { seen: [...seen].sort(), holders: [...holders].sort() };
    },
  };
}
