/**
 * The watch: the host-side log reader run for real (bash, tail, stat and python3, as on a host) against log
 * files with hostile lines and rotations, and the decision on recorded series (ties, gaps, dilution, too little
 * traffic, the z-test's minimum sample).
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inputs as pipelineInputs } from '../../src/actions/pipeline/inputs.js';
import { type SshDeployInputs, sshDeploySettings } from '../../src/actions/ssh-deploy/settings.js';
import { cancel } from '../../src/cancel.js';
import { parseInputs } from '../../src/config/inputs.js';
import { manifestOf, renderAll } from '../../src/render/index.js';
import { manifestSchema } from '../../src/render/manifest.js';
import { summaryToText } from '../../src/cli/terminal.js';
import { toMarkdown } from '../../src/report/summary.js';
import { watchReport } from '../../src/report/watch.js';
import { strictBash } from '../../src/remote/quote.js';
import { loadSpec } from '../../src/appspec/load.js';
import { resolve } from '../../src/appspec/resolve.js';
import { decide, figures, p95, RULES, type WindowFigures, zScore } from '../../src/watch/decide.js';
import {
  BINS,
  binUpper,
  type LogConfig,
  type LogMark,
  parseRead,
  readCommand,
  routeTable,
  watchTarget,
} from '../../src/watch/read.js';
import { bucketSeconds, cancellableSleep } from '../../src/watch/watch.js';
import { repoRoot } from '../support/paths.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'keel-watch-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const T0 = 1_800_000_000;
const config: LogConfig = {
  from: T0,
  to: T0 + 60,
  bucket: 10,
  // As routeTable() makes it: /static/ (not counted), /api/ and / (counted), health exact.
  routes: [
    ['/static/', false, false],
    ['/api/', false, true],
    ['/api/checkout', true, true],
    ['/', false, true],
  ],
  health: ['/healthz', '/readyz', '/version'],
};
/** A line in keel's Nginx format, as `escape=json` writes it. */
const ngx = (t: number, s: number, rt: number, u: string, ua = 'curl/8') =>
  `{"t":${t.toFixed(3)},"s":${s},"rt":${rt.toFixed(3)},"ut":"${rt.toFixed(3)}","m":"GET","u":"${u}","ua":"${ua}"}\n`;

function read(file: string, since?: LogMark, cfg = config) {
  const r = spawnSync('sh', ['-c', strictBash(readCommand(file, cfg, since))], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`reader failed (${r.status}): ${r.stderr}`);
  return { ...parseRead(r.stdout), stderr: r.stderr };
}

describe('the host-side log reader', () => {
  it('buckets per route and leaves out health paths, static routes, bots, garbage and lines outside the window', () => {
    const f = join(dir, "it's a $log;`x`.log");
    writeFileSync(
      f,
      ngx(T0 - 5, 500, 0.1, '/') + // before the window
        ngx(T0 + 1, 200, 0.02, '/') +
        ngx(T0 + 2, 502, 0.5, '/api/x') +
        ngx(T0 + 3, 500, 0.5, '/api/checkout') +
        ngx(T0 + 12, 200, 0.02, '/healthz') +
        ngx(T0 + 13, 200, 0.02, '/static/app.css') +
        ngx(T0 + 14, 500, 0.02, '/', 'Mozilla/5.0 (compatible; Googlebot/2.1)') +
        ngx(T0 + 15, 500, 0.02, '/', 'SomeCrawler') +
        ngx(T0 + 25, 200, 0.004, '/x?secret=1') +
        'garbage\n' +
        '{"t":"x"}\n' +
        `{"t":${T0 + 26},"s":200,"rt":,"u":"/"}\n` + // an empty variable: not JSON
        ngx(T0 + 70, 200, 0.02, '/'), // after the window
    );
    const r = read(f);
    expect(r.stats).toEqual({ lines: 13, bad: 3, health: 1, static: 1, bot: 2, outside: 2 });
    expect(r.cells).toEqual([
      [0, 1, 1, 1, { [String(Math.floor(4 * Math.log2(500)) + 1)]: 1 }],
      [0, 2, 1, 1, { [String(Math.floor(4 * Math.log2(500)) + 1)]: 1 }],
      [0, 3, 1, 0, { [String(Math.floor(4 * Math.log2(20)) + 1)]: 1 }],
      [2, 3, 1, 0, { [String(Math.floor(4 * Math.log2(4)) + 1)]: 1 }],
    ]);
    expect(r.mark.size).toBeGreaterThan(0);
    expect(Math.abs(r.hostTime - Date.now() / 1000)).toBeLessThan(60);
  });

  it('survives hostile lines: quotes and escapes, non-UTF-8 bytes, a 1 MiB line, a half-written last line', () => {
    const f = join(dir, 'access.log');
    writeFileSync(f, ngx(T0 + 1, 200, 0.01, '/', 'a \\"quoted\\" \\\\ agent'));
    appendFileSync(
      f,
      Buffer.from([
        ...Buffer.from(ngx(T0 + 2, 500, 0.01, '/caf')).subarray(0, -3),
        0xe9,
        0xff,
        0x22,
        0x7d,
        0x0a,
      ]),
    );
    appendFileSync(f, `{"t":${T0 + 3},"s":200,"rt":0.1,"u":"/${'A'.repeat(1 << 20)}"}\n`);
    appendFileSync(f, ngx(T0 + 4, 200, 0.01, '/after-the-huge-line'));
    appendFileSync(f, `{"t":${T0 + 5},"s":500,"rt":0.1,"u":"/"`); // being written
    const r = read(f);
    expect(r.stats.bad).toBe(2); // the huge line and the half-written one
    const total = r.cells.reduce((n, c) => n + c[2], 0);
    expect(total).toBe(3);
    expect(r.cells.reduce((n, c) => n + c[3], 0)).toBe(1); // the non-UTF-8 line still counts
  });

  it('reads Caddy JSON access logs (query strings dropped, User-Agent from the headers)', () => {
    const f = join(dir, 'caddy.log');
    const caddy = (ts: number, status: number, duration: number, uri: string, ua: string) =>
      JSON.stringify({
        level: 'info',
        ts,
        logger: 'http.log.access',
        msg: 'handled request',
        request: { method: 'GET', uri, headers: { 'User-Agent': [ua] } },
        status,
        duration,
      }) + '\n';
    writeFileSync(
      f,
      caddy(T0 + 1, 500, 0.2, '/api/checkout?card=4111', 'Firefox') +
        caddy(T0 + 2, 200, 0.01, '/healthz?x', 'Firefox') +
        caddy(T0 + 3, 200, 0.01, '/', 'bingbot'),
    );
    const r = read(f);
    expect(r.stats).toMatchObject({ health: 1, bot: 1, bad: 0 });
    expect(r.cells).toEqual([[0, 2, 1, 1, { [String(Math.floor(4 * Math.log2(200)) + 1)]: 1 }]]);
  });

  it('Caddy lines: hostile URIs (escaped newlines, quotes, percent-encoding, 60 KiB), missing fields, odd types', () => {
    const f = join(dir, 'caddy.log');
    const line = (o: object) => JSON.stringify(o) + '\n';
    const ok = (ts: number, status: number, uri: string, extra: object = {}) => ({
      ts,
      request: { uri, headers: { 'User-Agent': ['Firefox'] } },
      status,
      duration: 0.05,
      ...extra,
    });
    writeFileSync(
      f,
      // JSON escapes a newline in the URI: one line, one request, on the route it names.
      line(ok(T0 + 1, 500, '/api/x\n{"ts":1,"status":200}')) +
        line(ok(T0 + 2, 500, '/api/%22quoted%22%0A$(id)`x`?q=%00')) +
        // Percent-encoded path: decoded as Nginx's $uri is, so it lands on /api/checkout.
        line(ok(T0 + 3, 500, '/api/%63heckout')) +
        line(ok(T0 + 4, 200, `/${'x'.repeat(60_000)}`)) + // long but under the 64 KiB line limit: counted
        line(ok(T0 + 5, 200, `/${'x'.repeat(70_000)}`)) + // over it: bad
        line({ ts: T0 + 6, request: { uri: '/' }, status: 200 }) + // no duration
        line({ ts: T0 + 7, request: { uri: '/' }, duration: 0.1 }) + // no status
        line({ ts: T0 + 8, request: {}, status: 200, duration: 0.1 }) + // no uri
        line({ request: { uri: '/' }, status: 200, duration: 0.1 }) + // no ts
        line({ ts: 'now', request: { uri: '/' }, status: 200, duration: 0.1 }) +
        line({ ts: T0 + 9, request: { uri: '/' }, status: 200, duration: -1 }) +
        line({ ts: T0 + 9, request: { uri: '/' }, status: 0, duration: 0.1 }) + // aborted: no status
        line({ ts: T0 + 9, request: { uri: '/', headers: null }, status: 200, duration: 0.1 }), // no headers: counted
    );
    const r = read(f);
    expect(r.stats).toMatchObject({ lines: 13, bad: 8, bot: 0 }); // the 70 KiB line and the 7 broken ones
    const byRoute = (route: number) =>
      r.cells.filter((c) => c[1] === route).reduce((n, c) => [n[0]! + c[2], n[1]! + c[3]], [0, 0]);
    expect(byRoute(1)).toEqual([2, 2]); // /api/ (the newline one and the quoted one)
    expect(byRoute(2)).toEqual([1, 1]); // /api/checkout
    expect(byRoute(3)).toEqual([2, 0]); // / (the long one and the one without headers)
  });

  it("follows Caddy's own roll mid-window: the rolled <name>-<time>.log (same inode) from the offset, then the new file", () => {
    const f = join(dir, 'shop.access.log');
    const caddy = (ts: number, status: number) =>
      JSON.stringify({ ts, request: { uri: '/' }, status, duration: 0.01 }) + '\n';
    writeFileSync(f, caddy(T0 + 1, 200));
    const first = read(f);
    appendFileSync(f, caddy(T0 + 2, 500) + caddy(T0 + 3, 500));
    renameSync(f, join(dir, 'shop.access-2026-12-01T23-40-00.000.log'));
    writeFileSync(join(dir, 'shop.access-2026-11-30T10-00-00.000.log'), caddy(T0 + 4, 500)); // an older roll
    writeFileSync(f, caddy(T0 + 12, 200));
    const second = read(f, first.mark);
    expect(second.stderr).toBe('');
    expect(second.cells).toEqual([
      [0, 3, 2, 2, expect.anything()],
      [1, 3, 1, 0, expect.anything()],
    ]);
    // Rolled twice since the mark (the mark's file is gone): the new file from its start, and a warning.
    rmSync(join(dir, 'shop.access-2026-12-01T23-40-00.000.log'));
    const third = read(f, first.mark);
    expect(third.stderr).toMatch(/rotated, earlier lines lost/);
    expect(third.cells).toEqual([[1, 3, 1, 0, expect.anything()]]);
  });

  it('continues from its mark: the same file from the offset, a rotated file through .1, a truncated one from its start', () => {
    const f = join(dir, 'access.log');
    writeFileSync(f, ngx(T0 + 1, 200, 0.01, '/'));
    const first = read(f);
    expect(first.cells[0]![2]).toBe(1);
    appendFileSync(f, ngx(T0 + 2, 500, 0.01, '/') + ngx(T0 + 3, 500, 0.01, '/'));
    const second = read(f, first.mark);
    expect(second.cells).toEqual([[0, 3, 2, 2, expect.anything()]]);
    // logrotate moves the file; Nginx writes on into it until it reopens, then into a new one.
    appendFileSync(f, ngx(T0 + 11, 200, 0.01, '/'));
    renameSync(f, `${f}.1`);
    appendFileSync(`${f}.1`, ngx(T0 + 12, 200, 0.01, '/'));
    writeFileSync(f, ngx(T0 + 13, 200, 0.01, '/'));
    const third = read(f, second.mark);
    expect(third.cells).toEqual([[1, 3, 3, 0, expect.anything()]]);
    expect(third.stderr).toBe('');
    // copytruncate (or a second rotation): the mark's file is gone; the new file is read from its start.
    writeFileSync(f, ngx(T0 + 21, 200, 0.01, '/'));
    rmSync(`${f}.1`);
    const fourth = read(f, { inode: third.mark.inode, size: third.mark.size + 1000 });
    expect(fourth.cells).toEqual([[2, 3, 1, 0, expect.anything()]]);
    expect(fourth.stderr).toMatch(/rotated, earlier lines lost/);
  });

  it('a log that does not exist yet reads as no traffic, not as an error', () => {
    const r = read(join(dir, 'none.log'));
    expect(r.mark).toEqual({ inode: '0', size: 0 });
    expect(r.cells).toEqual([]);
  });

  it('reads only the last maxBytes for the baseline', () => {
    const f = join(dir, 'access.log');
    writeFileSync(f, ngx(T0 + 1, 200, 0.01, '/').repeat(100));
    const cmd = strictBash(readCommand(f, config, undefined, 1000));
    const r = parseRead(spawnSync('sh', ['-c', cmd], { encoding: 'utf8' }).stdout);
    const counted = r.cells.reduce((n, c) => n + c[2], 0);
    expect(counted).toBeGreaterThan(5);
    expect(counted).toBeLessThan(20);
  });
});

// ---- the decision --------------------------------------------------------------------------------------------

const BASES = ['/static/', '/api/', '/api/checkout', '/'];
const bin = (seconds: number) => Math.floor(4 * Math.log2(seconds / 0.001)) + 1;
/** A recorded series: per bucket [requests, 5xx, latency] on route index `route`. */
function series(rows: ([number, number, number] | null)[], route = 3): WindowFigures {
  const cells = rows.flatMap((row, b) =>
    row
      ? [
          [b, route, row[0], row[1], { [bin(row[2])]: row[0] }] as [
            number,
            number,
            number,
            number,
            Record<string, number>,
          ],
        ]
      : [],
  );
  return figures({ cells }, rows.length, BASES);
}
/** Several series in one bucket (their routes side by side). */
const merge = (...ws: WindowFigures[]): WindowFigures => {
  const cells = ws.flatMap((w) =>
    [...w.routes.entries()].map(([base, f]): [number, number, number, number, Record<string, number>] => [
      0,
      BASES.indexOf(base),
      f.requests,
      f.errors,
      Object.fromEntries(f.hist.map((c, i) => [i, c])),
    ]),
  );
  return figures({ cells }, 1, BASES);
};
const T = { ratio: 0.05, p95: 1 };

describe('the decision', () => {
  const quiet = series([
    [100, 0, 0.05],
    [100, 0, 0.05],
    [100, 0, 0.05],
  ]);

  it('is not-enough-traffic under the minimum sample, never a pass, even with every request failing', () => {
    const d = decide(quiet, series([[20, 20, 0.05], null, [29, 29, 5]]), T);
    expect(d.result).toBe('not-enough-traffic');
    expect(d.reasons[0]).toMatch(/49 request\(s\) in the watch window, 50 needed/);
    expect(decide(quiet, series([[50, 0, 0.05]]), T).result).toBe('healthy');
  });

  it('gaps (buckets without requests) count as no traffic, not as zero errors', () => {
    const w = series([null, [60, 0, 0.05], null, null]);
    expect(w.buckets.map((b) => b.requests)).toEqual([0, 60, 0, 0]);
    expect(decide(quiet, w, T).result).toBe('healthy');
    expect(decide(quiet, series([null, null, null]), T).result).toBe('not-enough-traffic');
  });

  it('a 5xx ratio equal to the threshold is not a breach; one more error is', () => {
    const base = series([[1000, 50, 0.05]]); // the baseline already at 5%: no significant rise either
    expect(decide(base, series([[100, 5, 0.05]]), T).result).toBe('healthy');
    const d = decide(base, series([[100, 6, 0.05]]), T);
    expect(d.result).toBe('regressed');
    expect(d.reasons).toEqual(['all routes: 5xx 6.0% (6/100) is above the threshold 5.0%']);
  });

  it('a threshold breach needs at least 5 errors: 4 of 50 (8%) is not enough to roll back', () => {
    expect(decide(series([[10, 0, 0.05]]), series([[50, 4, 0.05]]), T).result).toBe('healthy');
    expect(decide(series([[10, 0, 0.05]]), series([[50, 5, 0.05]]), T).result).toBe('regressed');
  });

  it('a significant rise under the threshold is a regression (z-test, p < 0.01)', () => {
    const t = { ratio: 0.2, p95: 1 };
    const d = decide(series([[2000, 2, 0.05]]), series([[1000, 50, 0.05]]), t);
    expect(d.result).toBe('regressed');
    expect(d.reasons[0]).toMatch(/5xx rose from 0\.1% to 5\.0% \(z = \d+\.\d+ > 2\.326, p < 0\.01\)/);
    // The same rise on too few requests for the normal approximation (expected errors < 5): not tested.
    expect(decide(series([[100, 0, 0.05]]), series([[100, 3, 0.05]]), t).result).toBe('healthy');
    // Noise: 1.0% -> 1.5% on these counts is not significant.
    expect(decide(series([[1000, 10, 0.05]]), series([[600, 9, 0.05]]), t).result).toBe('healthy');
  });

  it('z is 0 for equal rates and infinite for errors out of a clean baseline with a zero pooled spread', () => {
    const f = (requests: number, errors: number) => ({ requests, errors, hist: [] });
    expect(zScore(f(100, 5), f(100, 5))).toBe(0);
    expect(zScore(f(100, 0), f(100, 0))).toBe(0);
    expect(zScore(f(100, 0), f(100, 100))).toBeGreaterThan(9);
  });

  it('p95 takes the upper edge of its bin; ties at the threshold are not a breach', () => {
    const edge = binUpper(bin(1) - 1); // the largest bin edge at or under 1 s
    const w = series([[100, 0, edge * 0.999]]);
    expect(p95(w.total)).toBeCloseTo(edge, 9);
    expect(decide(w, w, { ratio: 0.05, p95: edge }).result).toBe('healthy');
    expect(decide(w, w, { ratio: 0.05, p95: edge * 0.99 }).result).toBe('regressed');
    // 95 fast and 5 slow: the 95th request is fast; 94 and 6: it is slow.
    const mix = (fast: number) => merge(series([[fast, 0, 0.01]]), series([[100 - fast, 0, 2]], 1));
    expect(p95(mix(95).total)).toBeLessThan(0.02);
    expect(p95(mix(94).total)).toBeGreaterThan(2);
    expect(p95({ requests: 0, errors: 0, hist: new Array(BINS).fill(0) })).toBeUndefined();
  });

  it('latency against the baseline: over 2x and 100 ms slower regresses; 2x of a few ms does not', () => {
    expect(decide(series([[200, 0, 0.1]]), series([[200, 0, 0.4]]), T).reasons).toEqual([
      expect.stringMatching(/all routes: p95 rose from 0\.1\d+ s to 0\.4\d+ s/),
    ]);
    expect(decide(series([[200, 0, 0.005]]), series([[200, 0, 0.02]]), T).result).toBe('healthy');
  });

  it('one failing route among many healthy ones is caught on its own figures', () => {
    const base = merge(series([[5000, 0, 0.05]]), series([[100, 0, 0.05]], 2));
    const watch = merge(series([[5000, 0, 0.05]]), series([[60, 60, 0.05]], 2));
    const d = decide(base, watch, T);
    expect(d.result).toBe('regressed');
    expect(d.reasons.some((r) => r.startsWith('route /api/checkout: 5xx 100.0% (60/60)'))).toBe(true);
    expect(d.reasons.some((r) => r.startsWith('all routes'))).toBe(true); // 60 of 5060, still significant
  });

  it('without a baseline, the thresholds alone decide and a note says so', () => {
    const d = decide(series([null]), series([[100, 0, 0.05]]), T);
    expect(d).toMatchObject({ result: 'healthy' });
    expect(d.notes[0]).toMatch(
      /no comparison with the baseline \(0 request\(s\) before the switch, 50 needed\)/,
    );
    expect(RULES.minRequests).toBe(50);
  });
});

// ---- what render-config writes for the watch -----------------------------------------------------------------

describe('the Nginx log format and the one sudo rule for reading it', () => {
  const shop = readFileSync(join(repoRoot, '__fixtures__/specs/shop.yml'), 'utf8');
  const r = resolve(loadSpec(shop, 'shop.yml', {}).spec);
  const files = renderAll(r);
  const site = files.find((f) => f.kind === 'nginx' && f.install.endsWith('/shop.conf'))!.content;
  const sudoers = files.find((f) => f.kind === 'sudoers')!.content;

  it("logs the site's requests to its own file in keel's JSON format: $uri without the query string, escaped", () => {
    expect(site).toMatch(
      /^log_format keel_shop escape=json '\{"t":\$msec,"s":\$status,"rt":\$request_time,"ut":"\$upstream_response_time","m":"\$request_method","u":"\$uri","ua":"\$http_user_agent"\}';$/m,
    );
    expect(site).not.toContain('$request_uri"');
    expect(site).toContain('access_log /var/log/nginx/shop.access.log keel_shop;');
    // The health paths stay out of every log.
    expect(site).toMatch(/location = \/healthz \{\n\s+access_log off;/);
    expect(site).toMatch(/location = \/readyz \{\n\s+access_log off;/);
  });

  it('lets the deploy user tail exactly that log (and its first rotation) from an offset, nothing else', () => {
    const rules = sudoers.split('\n').filter((l) => l.includes('/usr/bin/tail'));
    expect(rules).toHaveLength(1);
    const m = /NOPASSWD: \/usr\/bin\/tail (\^.*\$)$/.exec(rules[0]!);
    expect(m).not.toBeNull();
    const re = new RegExp(m![1]!);
    for (const ok of ['-c +1 /var/log/nginx/shop.access.log', '-c +123456 /var/log/nginx/shop.access.log.1'])
      expect(re.test(ok)).toBe(true);
    for (const bad of [
      '-c +1 /var/log/nginx/other.access.log',
      '-c +1 /var/log/nginx/shop.access.log.2',
      '-c +1 /var/log/nginx/shopXaccess.log',
      '-c 1 /var/log/nginx/shop.access.log',
      '-c +1 /etc/shadow',
      '-c +1 /var/log/nginx/shop.access.log /etc/shadow',
      '-f /var/log/nginx/shop.access.log',
      '-c +1 /var/log/nginx/../../../etc/shadow',
    ])
      expect(re.test(bad)).toBe(false);
  });

  it('gives the reader the route table: app routes counted, static and deny routes not, health apart', () => {
    const t = routeTable(r.routes, [r.spec.health.liveness, r.spec.health.readiness, r.spec.health.version]);
    expect(t.routes.find(([base]) => base === '/')).toEqual(['/', false, true]);
    expect(t.routes.filter(([, , counted]) => !counted).length).toBe(
      r.routes.filter((x) => x.to !== 'app').length,
    );
    expect(t.health).toEqual(['/healthz', '/readyz', '/version']);
  });
});

// ---- the root action's input, the summary's pictures, the wait -------------------------------------------------

describe('the watch input, report and wait', () => {
  it('refuses a watch that is not a duration, naming the input; 0 is off', () => {
    const only = { watch: pipelineInputs.watch };
    const source = (v: string) => (name: string) => (name === 'watch' ? v : undefined);
    expect(() => parseInputs(only, source('5 minutes'))).toThrow(
      /input 'watch': "5 minutes" is not a duration \(seconds, or e\.g\. 30s, 5m, 1h\)/,
    );
    expect(() => parseInputs(only, source('2h'))).toThrow(/input 'watch': "2h" is above the maximum 1h/);
    expect(parseInputs(only, source('40s')).watch).toBe(40_000);
    expect(parseInputs(only, () => undefined).watch).toBe(0);
  });

  it('buckets: a minute from a 5-minute window up, about six below it', () => {
    expect(bucketSeconds(300_000)).toBe(60);
    expect(bucketSeconds(40_000)).toBe(10);
    expect(bucketSeconds(10_000)).toBe(5);
  });

  it('draws 5xx % and p95 per bucket before and after the switch with the threshold as a line, numbers beside', () => {
    const base = series([[100, 0, 0.05], null]);
    const watch = series([
      [100, 30, 0.05],
      [100, 40, 2],
    ]);
    const d = decide(base, watch, T);
    const report = watchReport(
      [{ host: 'h\'1"`', result: d.result, decision: d, baseline: base, watch, stats: undefined }],
      10,
      T,
    );
    expect(report.status).toBe('failed');
    expect(report.charts).toHaveLength(2);
    const [ratioChart, p95Chart] = report.charts!;
    expect(ratioChart).toContain('xychart-beta');
    expect(ratioChart).toContain('x-axis ["-20s", "-10s", "+0s", "+10s"]');
    expect(ratioChart).toContain('line [0, 0, 30, 40]'); // the gap is drawn as 0
    expect(ratioChart).toContain('line [5, 5, 5, 5]');
    expect(ratioChart).not.toMatch(/h'1"`/); // a host name cannot end the chart's string
    expect(p95Chart).toMatch(/line \[0\.0\d+, 0, 0\.0\d+, 2\.\d+\]/);
    expect(p95Chart).toContain('line [1, 1, 1, 1]');
    const md = toMarkdown(report);
    expect(md).toContain('```mermaid\nxychart-beta');
    expect(md).toMatch(/\| -10s \| 0 \| 0 \| - \| - \|/);
    expect(md).toMatch(/\| \+10s \| 100 \| 40 \| 40\.0% \| 2\.\d+ \|/);
    expect(summaryToText(md)).not.toContain('xychart'); // the terminal shows the table, not the chart's source
    expect(summaryToText(md)).toMatch(/\+10s +100 +40 +40\.0%/);
  });

  it('the wait ends at once on cancel, with the CancelledError', async () => {
    const started = Date.now();
    const wait = cancellableSleep(60_000);
    setTimeout(() => cancel('SIGINT'), 50);
    await expect(wait).rejects.toThrow(/cancelled \(SIGINT\)/);
    expect(Date.now() - started).toBeLessThan(5_000);
    await expect(cancellableSleep(10)).rejects.toThrow(/cancelled/);
  });
});

describe("ssh-deploy's watch input and the manifest it reads", () => {
  const base = {
    mode: 'deploy',
    'deploy-path': '/srv/shop',
    'batch-size': 'all',
    source: '.',
    shared: [],
    exclude: [],
    'rendered-dir': undefined,
    'rollback-to': undefined,
    watch: 40_000,
    hosts: ['10.0.0.1'],
    canary: '',
  } as unknown as SshDeployInputs;

  it('is only used with mode deploy, and needs rendered-dir (the route table and thresholds come from there)', () => {
    expect(() => sshDeploySettings({ ...base, mode: 'rollback' })).toThrow(
      "input 'watch': is only used with mode: deploy",
    );
    expect(() => sshDeploySettings(base)).toThrow(/input 'watch': needs 'rendered-dir'/);
    expect(() => sshDeploySettings({ ...base, watch: 0 })).not.toThrow();
  });

  it("render-config's manifest carries what to watch for an Nginx site and a Caddy site", () => {
    const shop = readFileSync(join(repoRoot, '__fixtures__/specs/shop.yml'), 'utf8');
    const r = resolve(loadSpec(shop, 'shop.yml', {}).spec);
    const m = manifestOf(r, renderAll(r));
    expect(m.watch).toEqual(watchTarget(r));
    expect(m.watch!.log).toBe('/var/log/nginx/shop.access.log');
    expect(manifestSchema.parse(JSON.parse(JSON.stringify(m))).watch).toEqual(m.watch);
    const caddy = resolve(loadSpec(shop, 'shop.yml', { 'proxy.server': 'caddy' }).spec);
    const files = renderAll(caddy);
    expect(manifestOf(caddy, files).watch).toEqual({ ...m.watch, log: '/var/log/caddy/shop.access.log' });
    // The site writes there, rolled by Caddy uncompressed (the reader finishes a rolled file from its offset).
    const site = files.find((f) => f.kind === 'caddy' && f.content.includes('access.log'))!.content;
    expect(site).toMatch(
      /output file "?\/var\/log\/caddy\/shop\.access\.log"? \{\s+roll_size 100MiB\s+roll_keep 5\s+roll_uncompressed\s+\}/,
    );
  });

  it("Caddy's sudo rule: tail from an offset of the site's log and its rolled files, nothing else (visudo checks it)", () => {
    const shop = readFileSync(join(repoRoot, '__fixtures__/specs/shop.yml'), 'utf8');
    const caddy = resolve(loadSpec(shop, 'shop.yml', { 'proxy.server': 'caddy' }).spec);
    const sudoers = renderAll(caddy).find((f) => f.kind === 'sudoers')!.content;
    const rules = sudoers.split('\n').filter((l) => l.includes('/usr/bin/tail'));
    expect(rules).toHaveLength(1);
    const rule = rules[0]!;
    const file = join(dir, 'sudoers');
    writeFileSync(file, sudoers);
    const v = spawnSync('/usr/sbin/visudo', ['-cf', file], { encoding: 'utf8' });
    expect(`${v.stdout}${v.stderr}`).toMatch(/parsed OK/);
    // The argument pattern as sudo matches it (anchored POSIX ERE), checked with grep -E.
    const pattern = /\^(.*)\$/.exec(rule.split('/usr/bin/tail ')[1]!)![1]!;
    const matches = (args: string) =>
      spawnSync('grep', ['-qxE', '-e', pattern.replace(/\\([,:=\\ ])/g, '$1')], { input: args }).status === 0;
    expect(matches('-c +1 /var/log/caddy/shop.access.log')).toBe(true);
    expect(matches('-c +123 /var/log/caddy/shop.access-2026-12-01T23-40-00.000.log')).toBe(true);
    for (const bad of [
      '-c +1 /etc/shadow',
      '-c +1 /var/log/caddy/other.access.log',
      '-c +1 /var/log/caddy/shop.access-../../../etc/shadow.log',
      '-c +1 /var/log/caddy/shop.access.log /etc/shadow',
      '-f /var/log/caddy/shop.access.log',
      '-c +1 /var/log/nginx/shop.access.log',
    ])
      expect([bad, matches(bad)]).toEqual([bad, false]);
  });
});
