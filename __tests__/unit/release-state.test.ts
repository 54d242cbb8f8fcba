/**
 * The release state's rules (history, not name order) and the lock's host scripts, run for real with bash and
 * flock on this machine: release ids are chosen so name order and time order disagree (r1 then f1, b then a,
 * 10 then 9), and the log holds corrupt and hostile lines.
 */
import { execFile, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { Layout } from '../../src/releases/layout.js';
import { acquireScript, cleanPartialsScript, releaseScript, renewScript } from '../../src/releases/lock.js';
import {
  goodReleaseBefore,
  liveHistory,
  parseCurrentLink,
  parseLog,
  parseState,
  previousLive,
  pruneList,
  releasesByTime,
  rollbackTargetOf,
  stateScript,
  type LogEntry,
} from '../../src/releases/state.js';
import { strictBash } from '../../src/remote/quote.js';

const layout = new Layout('/srv/shop');
const T0 = Date.parse('2026-11-01T00:00:00Z');
const at = (min: number) => new Date(T0 + min * 60_000).toISOString();
const line = (o: Record<string, unknown>) => JSON.stringify(o);

/** A log: r1 deployed, then f1 (fails and is rolled back to r1), then b, then a. */
function history(): string {
  return [
    line({ time: at(1), status: 'deployed', release: 'r1', previous: null, live: 'r1' }),
    line({ time: at(2), status: 'deployed', release: 'f1', previous: 'r1', live: 'f1' }),
    line({ time: at(3), status: 'rolled-back', release: 'f1', live: 'r1' }),
    line({ time: at(4), status: 'deployed', release: 'b', previous: 'r1', live: 'b' }),
    line({ time: at(5), status: 'deployed', release: 'a', previous: 'b', live: 'a' }),
  ].join('\n');
}
const dirs = (ids: string[], bad: string[] = []) =>
  ids.map((id) => ({ id, bad: bad.includes(id), mtimeMs: T0 }));

describe('the release log', () => {
  it('reads the events in order, with what was live after each', () => {
    const { entries, skipped } = parseLog(history());
    expect(skipped).toBe(0);
    expect(entries.map((e) => [e.status, e.release, e.live])).toEqual([
      ['deployed', 'r1', 'r1'],
      ['deployed', 'f1', 'f1'],
      ['rolled-back', 'f1', 'r1'],
      ['deployed', 'b', 'b'],
      ['deployed', 'a', 'a'],
    ]);
    expect(liveHistory(entries)).toEqual(['r1', 'f1', 'r1', 'b', 'a']);
  });

  it('skips corrupt and hostile lines and never returns an id that is not a valid release id', () => {
    const hostile = [
      'not json at all',
      '{"time":"2026-11-01T00:10:00Z","status":"deployed","release":"r9"', // cut off mid-line
      '[1,2,3]',
      'null',
      line({ time: at(10), status: 'deployed', release: 'x\ny', previous: 'a', live: 'x\ny' }),
      line({ time: at(11), status: 'deployed', release: 'q"; rm -rf /', previous: 'a' }),
      line({ time: at(12), status: 'deployed', release: '../../etc', previous: 'a' }),
      line({ time: at(13), status: 'deployed', release: 'ok1', previous: '../../etc/passwd' }),
      line({ time: at(14), status: 'deployed', release: 'ok2', previous: 'a', live: '$(reboot)' }),
      line({ time: at(15), status: 'owned', release: 'ok3', previous: 'a' }),
      line({ time: 'yesterday', status: 'deployed', release: 'ok4', previous: 'a' }),
      line({ time: at(16), status: 'deployed', release: 7, previous: 'a' }),
      line({ time: at(17), status: 'deployed', release: 'ünïcode', previous: 'a' }),
      line({ time: at(18), status: 'deployed', release: 'x'.repeat(101), previous: 'a' }),
      '\u0000\u0001garbage',
    ].join('\n');
    const { entries, skipped } = parseLog(history() + '\n' + hostile + '\n\n');
    expect(skipped).toBe(15);
    expect(entries.map((e) => e.release)).toEqual(['r1', 'f1', 'f1', 'b', 'a']);
    for (const e of entries) {
      expect(e.release).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]*$/);
      if (e.previous) expect(e.previous).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]*$/);
    }
  });

  it('reads lines written before `live` existed: a deployed line is live, an old rolled-back line is not known', () => {
    const { entries } = parseLog(
      [
        line({ time: at(1), status: 'deployed', release: '10', previous: null }),
        line({ time: at(2), status: 'deployed', release: '9', previous: '10' }),
        line({ time: at(3), status: 'rolled-back', release: '9', previous: '10' }),
        line({ time: at(4), status: 'failed', release: '8', previous: '9' }),
      ].join('\n'),
    );
    expect(entries.map((e) => e.live)).toEqual(['10', '9', undefined, '9']);
  });
});

describe('previousLive: what was current just before a release was switched in', () => {
  const { entries } = parseLog(history());
  it('goes by the log, never by name: r1 was live before f1 (f1 sorts before r1)', () => {
    expect(previousLive(entries, 'f1')).toBe('r1');
    expect(previousLive(entries, 'b')).toBe('r1');
    expect(previousLive(entries, 'a')).toBe('b'); // a sorts before b, and came after it
  });
  it('null for the first release, undefined for one the log does not know', () => {
    expect(previousLive(parseLog(history().split('\n')[0]!).entries, 'r1')).toBe(null);
    expect(previousLive(entries, 'zz')).toBe(undefined);
  });
  it('r1 was last switched in by the rollback from f1: f1 is the one before it', () => {
    expect(previousLive(entries, 'r1')).toBe('f1');
  });
  it('10 then 9: 10 is the one before 9', () => {
    const { entries: e } = parseLog(
      [
        line({ time: at(1), status: 'deployed', release: '10', previous: null, live: '10' }),
        line({ time: at(2), status: 'deployed', release: '9', previous: '10', live: '9' }),
      ].join('\n'),
    );
    expect(previousLive(e, '9')).toBe('10');
  });
  it('after a rollback to a release, the one before it is the release it was rolled back from', () => {
    const { entries: e } = parseLog(
      history() + '\n' + line({ time: at(6), status: 'rolled-back', release: 'a', live: 'b' }),
    );
    expect(previousLive(e, 'b')).toBe('a');
  });
});

describe('rollback targets: the most recently live good release before the current one', () => {
  const { entries } = parseLog(history());
  const releases = releasesByTime(dirs(['a', 'b', 'f1', 'r1'], ['f1']), entries);

  it('lists releases by deploy time from the log, not by name', () => {
    expect(releases.map((r) => r.id)).toEqual(['r1', 'f1', 'b', 'a']);
    expect(releases.every((r) => r.timeFrom === 'log')).toBe(true);
  });

  it('from a goes to b (b sorts after a); from b to r1, skipping the bad f1', () => {
    expect(goodReleaseBefore(entries, releases, 'a')).toBe('b');
    expect(rollbackTargetOf(entries, releases, 'a')).toBe('b');
    expect(goodReleaseBefore(entries, releases, 'b')).toBe('r1');
  });

  it('with r1 live and f1 just switched in, a rollback from f1 goes to r1', () => {
    const { entries: e } = parseLog(
      [
        line({ time: at(1), status: 'deployed', release: 'r1', previous: null, live: 'r1' }),
        line({ time: at(2), status: 'deployed', release: 'f1', previous: 'r1', live: 'f1' }),
      ].join('\n'),
    );
    const rs = releasesByTime(dirs(['f1', 'r1']), e);
    expect(rollbackTargetOf(e, rs, 'f1')).toBe('r1');
    expect(goodReleaseBefore(e, rs, 'f1')).toBe('r1');
    // By name, f1 has nothing before it: the old rule's "no previous release to roll back to".
  });

  it('a release that no longer exists, or is bad, is passed over for the next one back', () => {
    const rs = releasesByTime(dirs(['a', 'b', 'r1'], ['b']), entries);
    expect(rollbackTargetOf(entries, rs, 'a')).toBe('r1');
    const gone = releasesByTime(dirs(['a', 'r1']), entries);
    expect(goodReleaseBefore(entries, gone, 'a')).toBe('r1');
  });

  it('two rollbacks in a row walk back through history: c, then b, then a', () => {
    const { entries: e } = parseLog(
      [
        line({ time: at(1), status: 'deployed', release: 'c', previous: null, live: 'c' }),
        line({ time: at(2), status: 'deployed', release: 'b', previous: 'c', live: 'b' }),
        line({ time: at(3), status: 'deployed', release: 'a', previous: 'b', live: 'a' }),
        line({ time: at(4), status: 'rolled-back', release: 'a', live: 'b' }),
      ].join('\n'),
    );
    const rs = releasesByTime(dirs(['a', 'b', 'c'], ['a']), e);
    expect(rollbackTargetOf(e, rs, 'b')).toBe('c');
    expect(goodReleaseBefore(e, rs, 'b')).toBe('c');
  });

  it('nothing good before: undefined (never a release deployed after the current one)', () => {
    expect(goodReleaseBefore(entries, releases, 'r1')).toBe(undefined);
    expect(rollbackTargetOf(entries, releases, 'r1')).toBe(undefined);
  });

  it('releases the log does not know go by their directory times, and say so', () => {
    const rs = releasesByTime(
      [
        { id: '10', bad: false, mtimeMs: T0 + 1000 },
        { id: '9', bad: false, mtimeMs: T0 + 2000 },
      ],
      [],
    );
    expect(rs.map((r) => [r.id, r.timeFrom])).toEqual([
      ['10', 'mtime'],
      ['9', 'mtime'],
    ]);
    expect(goodReleaseBefore([], rs, '9')).toBe('10');
    expect(goodReleaseBefore([], rs, '10')).toBe(undefined);
    // Made in the same instant: the order they are listed in decides, and the earlier one is still found.
    const same = releasesByTime(dirs(['r4', 'r5']), []);
    expect(goodReleaseBefore([], same, 'r5')).toBe('r4');
  });
});

describe('pruning keeps the newest by deploy time', () => {
  it('keeps the newest N and every protected one, whatever their names', () => {
    const entries: LogEntry[] = ['z', 'y', '10', '9', 'b', 'a'].map((id, i) => ({
      time: T0 + i * 1000,
      status: 'deployed',
      release: id,
      previous: null,
      live: id,
    }));
    const rs = releasesByTime(dirs(['9', '10', 'a', 'b', 'y', 'z']), entries);
    expect(pruneList(rs, 2, ['a'])).toEqual(['z', 'y', '10', '9']);
    expect(pruneList(rs, 2, ['a', 'y', undefined, null])).toEqual(['z', '10', '9']);
    expect(pruneList(rs, 100, [])).toEqual([]);
  });
});

describe('current and the host state', () => {
  it('reads `current` as a release id, and refuses a link that points anywhere else', () => {
    expect(parseCurrentLink('releases/f1\n', layout)).toBe('f1');
    expect(parseCurrentLink('/srv/shop/releases/r1', layout)).toBe('r1');
    expect(parseCurrentLink('', layout)).toBe(undefined);
    for (const bad of [
      '/etc',
      '/srv/other/releases/r1',
      'releases/../../etc',
      'releases/a b',
      'releases/x\ny',
    ])
      expect(() => parseCurrentLink(bad, layout)).toThrow(/is not a release in \/srv\/shop\/releases/);
  });

  it('parses the host script output, ignoring hostile directory names, and finds releases processes run in', () => {
    const out = [
      'current',
      'releases/a',
      'release',
      'a',
      String(T0 / 1000),
      'ok',
      'release',
      'b\nrelease',
      '1',
      'ok',
      'release',
      'f1',
      String(T0 / 1000),
      'bad',
      'log',
      history(),
      'cwd',
      '/srv/shop/releases/b',
      'cwd',
      '/srv/shop/releases/f1/sub (deleted)',
      'cwd',
      '/srv/other/releases/r1',
      'cwd',
      '/',
      '',
    ].join('\0');
    const s = parseState(out, layout);
    expect(s.current).toBe('a');
    expect(s.releases.map((r) => [r.id, r.bad])).toEqual([
      ['f1', true],
      ['a', false],
    ]);
    expect(s.inUse.sort()).toEqual(['b', 'f1']);
    expect(s.entries).toHaveLength(5);
  });
});

/**
 * The lock's host scripts under real bash and flock: many contenders at once against an expired lock, on this
 * machine's file system (what the host does, without SSH).
 */
describe('the lock scripts', () => {
  const exec = promisify(execFile);
  let root: string;
  let lay: Layout;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'keel-lock-'));
    lay = new Layout(root);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  const run = async (body: { text: string }) => {
    const cmd = strictBash(body as never);
    return (await exec('bash', ['-c', cmd])).stdout.trim().split('\n');
  };
  const holder = (r: string) => ({ run: `run-${r}`, actor: 'me', release: r, started: at(0) });
  const expired = () => {
    mkdirSync(lay.lock, { recursive: true });
    writeFileSync(join(lay.lock, 'token'), 'dead-token');
    writeFileSync(join(lay.lock, 'expires'), String(Math.floor(Date.now() / 1000) - 5));
    writeFileSync(join(lay.lock, 'holder.json'), line(holder('dead')) + '\n');
  };

  it('an expired lock and 12 runs taking it at once: exactly one wins, the others see it held', async () => {
    for (let trial = 0; trial < 5; trial++) {
      rmSync(lay.meta, { recursive: true, force: true });
      expired();
      const tokens = Array.from({ length: 12 }, (_, i) => `tok${trial}-${i}`);
      const outs = await Promise.all(tokens.map((t) => run(acquireScript(lay, t, 60, holder(t)))));
      const winners = tokens.filter((_, i) => outs[i]!.at(-1) === 'acquired');
      expect(winners).toHaveLength(1);
      expect(outs.filter((o) => o[0] === 'broke')).toHaveLength(1);
      expect(outs.filter((o) => o[0] === 'held')).toHaveLength(11);
      expect(readFileSync(join(lay.lock, 'token'), 'utf8')).toBe(winners[0]);
      for (const o of outs.filter((x) => x[0] === 'held'))
        expect(o[2]).toContain(`"run":"run-${winners[0]}"`);
    }
  });

  it('only the token holder renews or releases; a renewal after another run took the lock says lost', async () => {
    expect((await run(acquireScript(lay, 'A', 60, holder('A')))).at(-1)).toBe('acquired');
    expect(await run(renewScript(lay, 'B', 60))).toEqual(['lost', line(holder('A'))]);
    expect(await run(releaseScript(lay, 'B'))).toEqual(['not-held']);
    expect(existsSync(lay.lock)).toBe(true);
    const before = Number(readFileSync(join(lay.lock, 'expires'), 'utf8'));
    expect(await run(renewScript(lay, 'A', 600))).toEqual(['renewed']);
    expect(Number(readFileSync(join(lay.lock, 'expires'), 'utf8'))).toBeGreaterThan(before + 500);
    expect((await run(acquireScript(lay, 'C', 60, holder('C'))))[0]).toBe('held');
    expect(await run(releaseScript(lay, 'A'))).toEqual(['released']);
    expect(existsSync(lay.lock)).toBe(false);
    expect(await run(renewScript(lay, 'A', 60))).toEqual(['lost']);
  });

  it("a lock without an expiry (an older keel's) counts by its directory's age", async () => {
    mkdirSync(lay.lock, { recursive: true });
    expect((await run(acquireScript(lay, 'A', 60, holder('A'))))[0]).toBe('held');
    const old = Date.now() / 1000 - 120;
    utimesSync(lay.lock, old, old);
    expect((await run(acquireScript(lay, 'A', 60, holder('A')))).slice(-1)).toEqual(['acquired']);
  });

  it("removes only uploads of runs that hold no lock, and nothing when the caller's lock is gone", async () => {
    await run(acquireScript(lay, 'A', 60, holder('A')));
    mkdirSync(lay.releases, { recursive: true });
    for (const p of ['.partial-r1.dead', '.partial-r2', '.partial-r3.A', 'r1'])
      mkdirSync(join(lay.releases, p));
    expect(await run(cleanPartialsScript(lay, 'B'))).toEqual(['lost']);
    expect(existsSync(join(lay.releases, '.partial-r2'))).toBe(true);
    const out = await run(cleanPartialsScript(lay, 'A'));
    expect(out.at(-1)).toBe('clean');
    expect(existsSync(join(lay.releases, '.partial-r1.dead'))).toBe(false);
    expect(existsSync(join(lay.releases, '.partial-r2'))).toBe(false);
    expect(existsSync(join(lay.releases, '.partial-r3.A'))).toBe(true);
    expect(existsSync(join(lay.releases, 'r1'))).toBe(true);
  });

  it('a holder file with newlines and quotes stays one line in the messages', async () => {
    const evil = { run: 'x"\n$(id)', actor: "o'neil\n", release: '`r`', started: at(0) };
    await run(acquireScript(lay, 'A', 60, evil));
    const out = await run(acquireScript(lay, 'B', 60, holder('B')));
    expect(out[0]).toBe('held');
    expect(JSON.parse(out[2]!)).toEqual(evil);
    expect(out).toHaveLength(3);
  });
});

describe('the state script, run for real with bash on this machine', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'keel-state-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('reads current, the releases with their times and bad marks, the log, and the release a process runs in', async () => {
    const lay = new Layout(root);
    for (const id of ['a', 'b', 'f1', 'r1']) mkdirSync(join(lay.releases, id, '.keel'), { recursive: true });
    mkdirSync(join(lay.releases, '.partial-z.tok'));
    mkdirSync(join(lay.releases, 'odd\nname'));
    writeFileSync(join(lay.releases, 'f1/.keel/bad'), '');
    // The log does not know r1: its directory's time counts (older than the rest).
    utimesSync(join(lay.releases, 'r1'), T0 / 1000 - 60, T0 / 1000 - 60);
    mkdirSync(lay.meta, { recursive: true });
    writeFileSync(lay.log, history().split('\n').slice(1).join('\n') + '\nnot json\n');
    symlinkSync('releases/a', lay.current);
    const sleeper = spawn('sleep', ['20'], { cwd: join(lay.releases, 'b'), stdio: 'ignore' });
    try {
      await sleep(200);
      const out = await promisify(execFile)('bash', ['-c', strictBash(stateScript(lay))], {
        maxBuffer: 64 << 20,
      });
      const s = parseState(out.stdout, lay);
      expect(s.current).toBe('a');
      expect(s.releases.map((r) => [r.id, r.bad, r.timeFrom])).toEqual([
        ['r1', false, 'mtime'],
        ['f1', true, 'log'],
        ['b', false, 'log'],
        ['a', false, 'log'],
      ]);
      expect(s.skipped).toBe(1);
      expect(s.inUse).toEqual(['b']);
      expect(rollbackTargetOf(s.entries, s.releases, s.current)).toBe('b');
    } finally {
      sleeper.kill();
    }
  });
});
