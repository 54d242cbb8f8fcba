/**
 * The supervisor processes' clock script (src/releases/supervisor.ts), run by bash here against a real process:
 * it prints `current`'s ctime, then `active START` for a running PID (never later than the process's real
 * start) and `inactive -` for a name supervisor does not run, in the format processClock parses.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseClock } from '../../src/releases/processes.js';
import { supervisorClockScript } from '../../src/releases/supervisor.js';

it('reads a running process as active, started after a switch made before it; an unknown one as down', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keel-clock-'));
  const current = join(dir, 'current');
  writeFileSync(current, '');
  spawnSync('sleep', ['1.2']);
  const child = spawn('sleep', ['30']);
  try {
    // A stand-in supervisorctl on PATH: `sudo -n /usr/bin/supervisorctl pid NAME` becomes this script.
    const bin = join(dir, 'bin');
    spawnSync('mkdir', [bin]);
    writeFileSync(
      join(bin, 'sudo'),
      `#!/bin/sh\n[ "$1" = -n ] && [ "$2" = /usr/bin/supervisorctl ] && [ "$3" = pid ] || exit 9\ncase "$4" in 'w:w_1') echo ${child.pid};; *) echo "$4: ERROR (no such process)"; exit 1;; esac\n`,
      { mode: 0o755 },
    );
    const text = supervisorClockScript(current, ['w:w_1', "w:w_'2"]).text;
    const r = spawnSync('bash', ['-c', text], {
      encoding: 'utf8',
      env: { PATH: `${bin}:/usr/bin:/bin`, HOME: dir },
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^\d+\.\d{6}$/);
    expect(lines[1]).toMatch(/^active \d+\.\d{6}$/);
    expect(lines[2]).toBe('inactive -');
    expect(Number(lines[1]!.split(' ')[1])).toBeLessThanOrEqual(Date.now() / 1000);
    expect([...parseClock(r.stdout, ['w:w_1', 'w:w_2'])]).toEqual([
      ['w:w_1', 'new'],
      ['w:w_2', 'down'],
    ]);
  } finally {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});
