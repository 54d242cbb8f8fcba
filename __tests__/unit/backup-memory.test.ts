/**
 * A dump streamed through the runner keeps its dead chunks few (src/backup/memory.ts, issue #16): 384 MiB from a
 * local process through the real stream pipeline (hash, count, file) must never hold more than 40 MiB of
 * buffers, where V8 left on its own lets about 64 MiB of dead chunks pile up before collecting them. The file
 * read-back hashes what was written, the same as sha256sum.
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localShell, runScript, streamDump } from '../../src/backup/stream.js';
import { fileSha256, localStore } from '../../src/backup/store.js';
import { raw } from '../../src/remote/quote.js';

const MIB = 2 ** 20;

describe('memory while a dump streams', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'keel-backup-mem-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('384 MiB stream with at most 40 MiB of buffers alive, and a read-back equal to sha256sum', async () => {
    const store = localStore(dir);
    const upload = await store.create('dump.bin');
    // Over what the worker already holds: other test files run in the same jest worker before this one.
    const base = process.memoryUsage().arrayBuffers;
    let peak = 0;
    const sample = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().arrayBuffers - base);
    }, 2);
    // Bytes that differ (not a run of zeros) from a process, as a dump arrives.
    const s = await streamDump(localShell(), raw('head -c 402653184 /dev/urandom'), '', upload, {
      recipients: [],
    }).finally(() => clearInterval(sample));
    await upload.finished();
    expect(s.streamError).toBeUndefined();
    expect(s.bytes).toBe(384 * MIB);
    expect(statSync(join(dir, 'dump.bin')).size).toBe(384 * MIB);
    expect(peak).toBeLessThan(40 * MIB);
    const sum = execFileSync('sha256sum', [join(dir, 'dump.bin')], { encoding: 'utf8' }).split(' ')[0];
    expect(s.sha256).toBe(sum);
    expect(await store.sha256('dump.bin')).toBe(sum);
    expect(await fileSha256(join(dir, 'dump.bin'))).toBe(sum);
  });

  test('the read-back of an empty file and of one not a multiple of its buffer', async () => {
    execFileSync('bash', ['-c', `: > ${dir}/empty; head -c 3145729 /dev/urandom > ${dir}/odd`]);
    for (const f of ['empty', 'odd'])
      expect(await fileSha256(join(dir, f))).toBe(
        execFileSync('sha256sum', [join(dir, f)], { encoding: 'utf8' }).split(' ')[0],
      );
    await expect(fileSha256(join(dir, 'missing'))).rejects.toThrow(/ENOENT/);
  });

  test('a restore feeding 384 MiB from a file to a script keeps at most 40 MiB of buffers alive', async () => {
    execFileSync('bash', ['-c', `head -c 402653184 /dev/urandom > ${dir}/backup.bin`]);
    // Over what the worker already holds: other test files run in the same jest worker before this one.
    const base = process.memoryUsage().arrayBuffers;
    let peak = 0;
    const sample = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().arrayBuffers - base);
    }, 2);
    const r = await runScript(
      localShell(),
      raw('wc -c >&2'),
      '',
      createReadStream(join(dir, 'backup.bin')),
    ).finally(() => clearInterval(sample));
    expect(r.end.code).toBe(0);
    expect(r.stderr.trim()).toBe(String(384 * MIB));
    expect(peak).toBeLessThan(40 * MIB);
  });
});
