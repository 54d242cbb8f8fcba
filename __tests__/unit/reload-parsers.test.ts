/**
 * The reload's proof reads what the host printed about its Gunicorn processes: the parser takes only
 * well-formed lines (a host's reply is not trusted), and a generation is "new" only when every worker is.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  isNewGeneration,
  parseGeneration,
  parseUnitState,
  procId,
  unitStateScript,
} from '../../src/reload/gunicorn.js';
import { strictBash } from '../../src/remote/quote.js';

describe('parseGeneration', () => {
  it('reads the master and its workers by PID and start time', () => {
    expect(parseGeneration('master 100 5000\nworker 101 5010\nworker 102 5011\n')).toEqual({
      master: { pid: 100, start: 5000 },
      workers: [
        { pid: 101, start: 5010 },
        { pid: 102, start: 5011 },
      ],
    });
  });

  it('returns no master for an empty reply (the master is gone)', () => {
    expect(parseGeneration('')).toEqual({ master: undefined, workers: [] });
  });

  it.each([
    ['a negative PID', 'worker -1 5'],
    ['a PID with letters', 'worker 12a 5'],
    ['a missing start time', 'worker 12'],
    ['a start time that is not a number', 'worker 12 5e3'],
    ['an unknown kind', 'zombie 12 5'],
    ['shell noise', 'bash: line 1: ps: command not found'],
    ['a fraction', 'worker 1.5 5'],
  ])('skips a line with %s', (_why, line) => {
    expect(parseGeneration(`master 1 1\n${line}\nworker 2 2`).workers).toEqual([{ pid: 2, start: 2 }]);
  });

  it('takes surrounding spaces and CRLF, and a later master line wins (never two masters)', () => {
    const g = parseGeneration('  master 1 1 \r\nworker 2 2\r\nmaster 3 3\n');
    expect(g.master).toEqual({ pid: 3, start: 3 });
    expect(g.workers.map(procId)).toEqual(['2@2']);
  });
});

describe('isNewGeneration', () => {
  const m = { pid: 1, start: 1 };
  const gen = (master: typeof m | undefined, ...w: number[]) => ({
    master,
    workers: w.map((pid) => ({ pid, start: pid })),
  });

  it('is not proved without a master before or after', () => {
    expect(isNewGeneration(gen(undefined, 2), gen(m, 3), false, 1)).toBe(false);
    expect(isNewGeneration(gen(m, 2), gen(undefined, 3), false, 1)).toBe(false);
  });

  it('needs the same master (same PID and start) when the strategy keeps it', () => {
    expect(isNewGeneration(gen(m, 2), gen({ pid: 1, start: 9 }, 3), true, 1)).toBe(false); // PID reused
    expect(isNewGeneration(gen(m, 2), gen({ pid: 1, start: 9 }, 3), false, 1)).toBe(true); // a restart may
  });

  it('treats a PID reused by a new process as new, and expects at least one worker', () => {
    const before = { master: m, workers: [{ pid: 5, start: 10 }] };
    expect(isNewGeneration(before, { master: m, workers: [{ pid: 5, start: 11 }] }, true, 1)).toBe(true);
    expect(isNewGeneration(before, gen(m), true, 0)).toBe(false);
    expect(isNewGeneration(before, gen(m, 6), true, 0)).toBe(true);
  });
});

describe('unitState: the unit and its sockets in one round trip (unitStateScript, parseUnitState)', () => {
  /** Runs the script under strict bash with a fake `systemctl` first on PATH; returns what unitState parses. */
  function ask(unit: string, fake: string): { code: number; state: ReturnType<typeof parseUnitState> } {
    const dir = mkdtempSync(join(tmpdir(), 'keel-systemctl-'));
    try {
      writeFileSync(join(dir, 'systemctl'), `#!/bin/bash\n${fake}\n`, { mode: 0o755 });
      const r = spawnSync('bash', ['-c', strictBash(unitStateScript(unit))], {
        encoding: 'utf8',
        env: { ...process.env, PATH: `${dir}:${process.env.PATH}` },
      });
      return { code: r.status ?? -1, state: parseUnitState(unit, r.stdout) };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('a socket-activated unit: its state, and every address of every socket that triggers it', () => {
    const { code, state } = ask(
      'shop.service',
      `case "$2" in
  shop.service) printf 'MainPID=812\\nLoadState=loaded\\nActiveState=active\\nTriggeredBy=shop.socket other.timer\\n' ;;
  shop.socket) printf '/run/shop.sock (Stream)\\n127.0.0.1:8000 (Stream)\\n' ;;
  *) echo "unexpected: $*" >&2; exit 3 ;;
esac`,
    );
    expect(code).toBe(0);
    expect(state).toEqual({
      unit: 'shop.service',
      loaded: true,
      active: true,
      mainPid: 812,
      triggeredBy: ['shop.socket', 'other.timer'],
      listen: ['/run/shop.sock', '127.0.0.1:8000'],
    });
  });

  it('no socket: no second systemctl; a unit name with shell in it is one argument, never run', () => {
    const { code, state } = ask(
      'x$(touch /tmp/keel-pwned);.service',
      `[ "$2" = 'x$(touch /tmp/keel-pwned);.service' ] || { echo "got: $2" >&2; exit 3; }
printf 'LoadState=not-found\\nActiveState=inactive\\nMainPID=0\\nTriggeredBy=\\n'`,
    );
    expect(code).toBe(0);
    expect(state).toMatchObject({ loaded: false, active: false, mainPid: 0, triggeredBy: [], listen: [] });
    expect(existsSync('/tmp/keel-pwned')).toBe(false);
  });

  it('systemd cannot be asked: the script fails (unitState says so); a socket that cannot be read is no address', () => {
    expect(ask('shop.service', 'echo "Failed to connect to bus" >&2; exit 1').code).toBe(1);
    const { code, state } = ask(
      'shop.service',
      `case "$2" in
  shop.service) printf 'LoadState=loaded\\nActiveState=active\\nMainPID=9\\nTriggeredBy=shop.socket\\n' ;;
  *) exit 1 ;;
esac`,
    );
    expect(code).toBe(0);
    expect(state.listen).toEqual([]);
  });
});
