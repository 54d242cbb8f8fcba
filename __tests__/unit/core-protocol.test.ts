/**
 * keel's own runner-protocol module (src/actions/common/core.ts, which replaced @actions/core to keep undici out
 * of every action's start) against the real @actions/core: the same calls on hostile values must write the same
 * bytes to stdout and to the runner's files, and read the same inputs and state.
 */
import * as real from '@actions/core';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ours from '../../src/actions/common/core.js';

const HOSTILE = [
  'plain',
  '',
  'a%b%25c',
  'line1\nline2\r\nline3\r',
  '::error::forged',
  'quote \' " ` $(id) ; {x} %0A',
  'colon: comma, both:,',
  'ünïcödé ✓ 日本',
  '   padded   ',
  'x'.repeat(10_000),
];

type Core = typeof ours;
const CASES = HOSTILE.map((v, i) => [i, v] as const);

// One directory for the runner's files in every run: @actions/core remembers the summary file's path the first
// time it writes one, so a new path per run would compare against a stale file.
const dir = mkdtempSync(join(tmpdir(), 'keel-core-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `fn` with stdout captured and fresh runner files; returns what was written where (delimiters normalised). */
async function capture(core: Core, fn: (c: Core) => unknown, files: boolean): Promise<string[]> {
  const saved = { ...process.env };
  const out: string[] = [];
  const write = process.stdout.write;
  const exitCode = process.exitCode;
  for (const k of ['GITHUB_OUTPUT', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY']) {
    if (files) {
      process.env[k] = join(dir, k);
      writeFileSync(join(dir, k), '');
    } else delete process.env[k];
  }
  process.stdout.write = ((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  try {
    await fn(core);
  } catch (e) {
    out.push(`threw: ${(e as Error).message}`);
  } finally {
    process.stdout.write = write;
    process.env = saved;
    const code = process.exitCode;
    process.exitCode = exitCode;
    out.push(`exit=${code}`);
  }
  if (files)
    for (const k of ['GITHUB_OUTPUT', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY'])
      out.push(`${k}:` + readFileSync(join(dir, k), 'utf8').replace(/ghadelimiter_[0-9a-f-]{36}/g, 'DELIM'));
  return out;
}

const same = async (fn: (c: Core) => unknown, files = true) =>
  expect(await capture(ours, fn, files)).toEqual(await capture(real as unknown as Core, fn, files));

describe('the runner protocol matches @actions/core', () => {
  test.each(CASES)('commands and annotations for hostile value #%i', async (_, v) => {
    await same((c) => {
      c.info(v);
      c.debug(v);
      c.setSecret(v);
      c.warning(v);
      c.error(v, { title: v, file: v, startLine: 3 });
      c.warning(new Error(v), { title: `keel: ${v}` });
      c.error(v, { title: '' });
      c.error(v, {});
      c.setFailed(v);
    });
  });

  test.each(CASES)('outputs and state in files and as commands for hostile value #%i', async (_, v) => {
    for (const files of [true, false])
      await same((c) => {
        c.setOutput(v || 'empty', v);
        c.setOutput('json', { v } as unknown as string);
        c.saveState(v || 'empty', v);
      }, files);
  });

  test.each(CASES)('inputs and state read back for hostile value #%i', async (_, v) => {
    const env = { ...process.env };
    try {
      process.env['INPUT_SOME_NAME'] = v;
      process.env['STATE_some'] = v;
      expect(ours.getInput('some name')).toBe(real.getInput('some name'));
      expect(ours.getInput('Some_Name')).toBe(real.getInput('Some_Name'));
      expect(ours.getInput('missing')).toBe(real.getInput('missing'));
      expect(ours.getState('some')).toBe(real.getState('some'));
      expect(ours.getState('none')).toBe(real.getState('none'));
    } finally {
      process.env = env;
    }
  });

  test('groups end even when the body throws, and return its value', async () => {
    await same(async (c) => {
      const v = await c.group('a\nb %', async () => 42);
      c.info(String(v));
      await c.group('fails', async () => {
        throw new Error('boom');
      });
    });
  });

  test.each(CASES)('the job summary for hostile value #%i', async (_, v) => {
    await same(async (c) => {
      await c.summary.addRaw(v).write();
      await c.summary.addRaw(`${v}\n`).write();
    });
  });

  test('a summary file that is missing or not named fails with the runner’s message', async () => {
    // (@actions/core keeps the first summary path it saw, so these compare with its messages, not a fresh call.)
    const env = { ...process.env };
    try {
      process.env.GITHUB_STEP_SUMMARY = '/nonexistent/keel/summary';
      await expect(ours.summary.addRaw('x').write()).rejects.toThrow(
        "Unable to access summary file: '/nonexistent/keel/summary'. Check if the file has correct read/write permissions.",
      );
      delete process.env.GITHUB_STEP_SUMMARY;
      await expect(ours.summary.addRaw('x').write()).rejects.toThrow(
        'Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.',
      );
    } finally {
      process.env = env;
    }
  });

  test('an output file that is missing fails the same way', async () => {
    await same((c) => {
      process.env.GITHUB_OUTPUT = '/nonexistent/keel/output';
      c.setOutput('a', 'b');
    });
  });
});
