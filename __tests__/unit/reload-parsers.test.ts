/**
 * The reload's proof reads what the host printed about its Gunicorn processes: the parser takes only
 * well-formed lines (a host's reply is not trusted), and a generation is "new" only when every worker is.
 */
import { isNewGeneration, parseGeneration, procId } from '../../src/reload/gunicorn.js';

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
