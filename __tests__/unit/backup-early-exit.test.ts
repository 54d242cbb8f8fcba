/**
 * A restore script that stops reading its stdin on its own (it refused a non-empty target, its tool failed)
 * breaks the pipe under the data being fed to it. The script's own report must be the result, never a thrown
 * `write EPIPE` (CI saw that race in the refusal case), and a script that exits 0 without reading everything
 * must not pass.
 */
import { Readable } from 'node:stream';
import { failure, localShell, runScript } from '../../src/backup/stream.js';
import { raw } from '../../src/remote/quote.js';

const MIB = 2 ** 20;
/** More than any pipe buffer holds, so the writer is still writing when the script exits. */
const big = () =>
  Readable.from(
    (function* () {
      for (let i = 0; i < 64; i++) yield Buffer.alloc(MIB, i);
    })(),
  );

describe('a script that stops reading its input', () => {
  test('refusing: its error is the report, not a broken pipe', async () => {
    const r = await runScript(
      localShell(),
      raw('read -r _; echo "keel-error the target exists and is not empty" >&2; exit 3'),
      'credentials\n',
      big(),
    );
    expect(r.end.code).toBe(3);
    expect(r.errors).toEqual(['the target exists and is not empty']);
    expect(failure(r, 'restoring x')).toBe('restoring x failed (exit 3): the target exists and is not empty');
  });

  test('exiting 0 after reading part of it is a failure', async () => {
    const r = await runScript(localShell(), raw('head -c 1000 >/dev/null'), 'credentials\n', big());
    expect(r.end.code).toBe(0);
    expect(r.unread).toBe(true);
    expect(failure(r, 'restoring x')).toBe('restoring x ended before it had read all its input');
  });

  test('reading all of it passes, with nothing marked unread', async () => {
    const r = await runScript(localShell(), raw('wc -c >/dev/null'), 'credentials\n', big());
    expect(r.end.code).toBe(0);
    expect(r.unread).toBeUndefined();
    expect(failure(r, 'restoring x')).toBeUndefined();
  });

  test('a source that fails still throws its own error', async () => {
    const broken = new Readable({
      read() {
        this.destroy(new Error('the store went away'));
      },
    });
    await expect(runScript(localShell(), raw('cat >/dev/null'), 'c\n', broken)).rejects.toThrow(
      'the store went away',
    );
  });
});

describe('a script that is gone while its input waits for a window that never opens', () => {
  test('the feeding stops after the grace and the script ends the run with its own report', async () => {
    // A sink like an SSH channel after the remote process exited: it takes nothing more and never errors.
    const { Writable } = await import('node:stream');
    const stuck = new Writable({ highWaterMark: 1024, write: () => undefined });
    const shell = {
      where: 'stuck',
      spawn: async () => {
        const stderr = Readable.from([Buffer.from('keel-error the target exists and is not empty\n')]);
        return {
          stdout: Readable.from([]),
          stderr,
          stdin: stuck,
          done: new Promise<{ code: number; signal: null }>((r) =>
            setTimeout(() => r({ code: 3, signal: null }), 50),
          ),
          kill: () => undefined,
        };
      },
    };
    const t0 = Date.now();
    const r = await runScript(shell as never, raw('true'), 'c\n', big(), { graceMs: 300 });
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(r.unread).toBe(true);
    expect(failure(r, 'restoring x')).toBe('restoring x failed (exit 3): the target exists and is not empty');
  });
});
