/**
 * Reading the proxy's access log on a host, streamed and bounded: the log is never copied off the host. A small
 * Python program (python3 is on every keel host: the check requires it) runs ON THE HOST, reads the log from a
 * byte offset with `tail -c +N` (through the one sudo rule render-config writes for it when the deploy user may
 * not read the file), and sends back only per-bucket, per-route aggregates: request and 5xx counts and a
 * latency histogram. Its memory is bounded by buckets x routes x histogram bins, whatever the traffic.
 *
 * The same program reads Nginx's keel log format (one JSON object a line, see nginx.ts) and Caddy's JSON access
 * log. Lines it cannot read (garbage, a line over 64 KiB, a half-written last line) are counted, never fatal.
 * Non-UTF-8 bytes are replaced, never trusted. Health paths, static and deny routes and bots (a User-Agent
 * holding bot, crawler or spider) are counted apart and left out of the figures.
 */
import { raw, script, sh, type ShellFragment } from '../remote/quote.js';
import type { Resolved, ResolvedRoute } from '../appspec/resolve.js';

/** Histogram bins: bin 0 is under 1 ms; bin i >= 1 ends at 1 ms x 2^(i/4) (19% wide), the last is open. */
export const BINS = 70;
export const binUpper = (i: number): number => 0.001 * 2 ** (i / 4);

/** The program run on the host. argv[1]: JSON {from, to, bucket, routes: [[base, exact, counted]], health}. */
export const AGGREGATOR = String.raw`
import sys, json, math, re
from urllib.parse import unquote
cfg = json.loads(sys.argv[1])
t0 = float(cfg["from"]); t1 = float(cfg["to"]); bucket = float(cfg["bucket"])
routes = cfg["routes"]; health = set(cfg["health"]); bins = int(cfg["bins"])
bot = re.compile(r"bot|crawler|spider", re.I)
cells = {}
st = {"lines": 0, "bad": 0, "health": 0, "static": 0, "bot": 0, "outside": 0}
def route_of(u):
    best = -1; n = -1
    for i, (base, exact, counted) in enumerate(routes):
        if (u == base if exact else u.startswith(base)) and len(base) > n:
            best = i; n = len(base)
    return best
def binof(x):
    if x < 0.001: return 0
    return min(bins - 1, int(math.floor(4 * math.log2(x / 0.001))) + 1)
def field(d):
    if "request" in d and isinstance(d["request"], dict):
        rq = d["request"]; h = rq.get("headers") or {}
        ua = h.get("User-Agent") or [""]
        ua = ua[0] if isinstance(ua, list) and ua else str(ua)
        # Caddy: the raw request URI (percent-encoded, with the query); Nginx's $uri is decoded already.
        return float(d["ts"]), int(d["status"]), float(d["duration"]), unquote(str(rq["uri"]).split("?")[0]), str(ua)
    return float(d["t"]), int(d["s"]), float(d["rt"]), str(d["u"]).split("?")[0], str(d.get("ua", ""))
inp = sys.stdin.buffer
while True:
    line = inp.readline(65536)
    if not line: break
    st["lines"] += 1
    if not line.endswith(b"\n"):
        st["bad"] += 1
        while line and not line.endswith(b"\n"): line = inp.readline(65536)
        continue
    try:
        d = json.loads(line.decode("utf-8", "replace"))
        t, s, rt, u, ua = field(d)
        if not (math.isfinite(t) and math.isfinite(rt)) or s < 100 or s > 999 or rt < 0: raise ValueError
    except Exception:
        st["bad"] += 1; continue
    if t < t0 or t >= t1: st["outside"] += 1; continue
    if u in health: st["health"] += 1; continue
    r = route_of(u)
    if r < 0 or not routes[r][2]: st["static"] += 1; continue
    if bot.search(ua): st["bot"] += 1; continue
    k = (int((t - t0) // bucket), r)
    c = cells.get(k)
    if c is None: c = cells[k] = [0, 0, {}]
    c[0] += 1
    if s >= 500: c[1] += 1
    b = binof(rt); c[2][b] = c[2].get(b, 0) + 1
print(json.dumps({"stats": st, "cells": [[k[0], k[1], v[0], v[1], v[2]] for k, v in sorted(cells.items())]}))
`;

export const TAIL = '/usr/bin/tail';

/** Where keel's Nginx site writes its access log (keel's own format). */
export const nginxAccessLog = (app: string): string => `/var/log/nginx/${app}.access.log`;

/**
 * Where keel's Caddy site writes its JSON access log. Caddy rolls it itself (no logrotate, no reopen signal):
 * the full file is renamed to `<app>.access-<UTC time>.log` (same inode) and a new one started; keel's site
 * turns the rolled files' compression off, so the reader can finish a rolled file from its offset.
 */
export const caddyAccessLog = (app: string): string => `/var/log/caddy/${app}.access.log`;

/** The file names a rolled Caddy log gets: `-` and the time, `2006-01-02T15-04-05.000` (lumberjack's). */
export const CADDY_ROLLED = '-[0-9T.-]+';

export interface LogConfig {
  from: number;
  to: number;
  bucket: number;
  routes: [string, boolean, boolean][];
  health: string[];
}

/** The route table as the host program matches it: app routes are counted, static and deny routes are not. */
export function routeTable(routes: ResolvedRoute[], health: string[]): Pick<LogConfig, 'routes' | 'health'> {
  return {
    routes: routes.map((r) => [r.base, r.match === 'exact', r.to === 'app'] as [string, boolean, boolean]),
    health,
  };
}

/** What a watch needs to know of a site (the root action takes it from the spec, ssh-deploy from the manifest). */
export interface WatchTarget {
  log: string;
  routes: [string, boolean, boolean][];
  health: string[];
  thresholds: { ratio: number; p95: number };
}

export function watchTarget(r: Resolved): WatchTarget {
  const h = r.spec.health;
  return {
    log: r.spec.proxy.server === 'caddy' ? caddyAccessLog(r.name) : nginxAccessLog(r.name),
    ...routeTable(r.routes, [h.liveness, h.readiness, h.version]),
    thresholds: { ratio: r.spec.alerts['5xx-ratio'], p95: r.spec.alerts['latency-p95-seconds'] },
  };
}

/** Where a read starts: the file's inode and byte size when the previous read looked. */
export interface LogMark {
  inode: string;
  size: number;
}

/**
 * The host command: prints `INODE SIZE HOSTTIME` (the file as it is now, and the host's clock), then one line of
 * aggregates as JSON. Without `since`, it reads the last `maxBytes` of the file (the baseline). With `since`, it
 * reads from that mark: the same file from the offset; after a rotation (another inode, or a shorter file), the
 * rest of the rotated file (the one that still has the mark's inode: `.1` after logrotate, `<name>-<time>.log`
 * after Caddy's own roll) and then the new file from its start. Rolled more than once since the mark: the files
 * between are not read, and the reader says so.
 */
export function readCommand(
  file: string,
  config: LogConfig,
  since?: LogMark,
  maxBytes = 64 << 20,
): ShellFragment {
  const cfg = JSON.stringify({ ...config, bins: BINS });
  return script(
    sh`f=${file}; cfg=${cfg}; py=${AGGREGATOR}; max=${maxBytes}`,
    sh`mark_inode=${since?.inode ?? ''}; mark_size=${since?.size ?? -1}`,
    // Read FILE from byte N (1-based) to its end: directly when the deploy user may, else through the sudo rule.
    raw(`rd() { if [ -r "$1" ]; then ${TAIL} -c "+$2" "$1"; else sudo -n ${TAIL} -c "+$2" "$1"; fi; }`),
    raw(`now=$(date +%s.%N)`),
    raw(`set -- $(stat -Lc '%i %s' "$f" 2>/dev/null || echo '0 0'); inode=$1; size=$2`),
    raw(`echo "$inode $size $now"`),
    raw(`src() {
  [ "$inode" = 0 ] && return 0
  if [ "$mark_size" -lt 0 ]; then
    start=$(( size > max ? size - max + 1 : 1 )); rd "$f" "$start"
  elif [ "$inode" = "$mark_inode" ] && [ "$size" -ge "$mark_size" ]; then
    rd "$f" $(( mark_size + 1 ))
  else
    old=
    for g in "$f.1" "\${f%.log}"-*.log; do
      if [ "$g" != "$f" ] && [ "$(stat -Lc %i "$g" 2>/dev/null || true)" = "$mark_inode" ]; then old=$g; break; fi
    done
    if [ -n "$old" ]; then rd "$old" $(( mark_size + 1 )); else echo 'keel: rotated, earlier lines lost' >&2; fi
    rd "$f" 1
  fi
}`),
    raw(`src | python3 -I -c "$py" "$cfg"`),
  );
}

/** One host's answer: the mark for the next read, the host's clock, and the aggregates. */
export interface LogRead {
  mark: LogMark;
  hostTime: number;
  stats: { lines: number; bad: number; health: number; static: number; bot: number; outside: number };
  /** [bucket index, route index, requests, 5xx, {bin: count}] */
  cells: [number, number, number, number, Record<string, number>][];
}

export function parseRead(stdout: string): LogRead {
  const [head, body] = stdout.trim().split('\n', 2);
  const m = /^(\d+) (\d+) (\d+(?:\.\d+)?)$/.exec(head ?? '');
  if (!m || !body)
    throw new Error(`unexpected answer from the log reader: ${JSON.stringify(stdout.slice(0, 200))}`);
  const data = JSON.parse(body) as Pick<LogRead, 'stats' | 'cells'>;
  return { mark: { inode: m[1]!, size: Number(m[2]) }, hostTime: Number(m[3]), ...data };
}
