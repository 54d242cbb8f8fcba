/**
 * What the proxies' and Prometheus' checkers print, read line by line (pure), so a warning is never lost
 * behind exit code 0: `nginx -t` prints `nginx: [warn] ... in FILE:LINE` and still succeeds.
 */

export interface ToolMessage {
  /** nginx's level (emerg, alert, crit, error, warn, notice, info). */
  level: string;
  /** The message without the `nginx: [level]` prefix and without the trailing `in FILE:LINE`. */
  text: string;
  /** The file nginx names (`in /etc/nginx/sites-enabled/x.conf:12`), when it names one. */
  file?: string;
  line?: number;
}

/**
 * `nginx: [warn] text` (before nginx has read its error_log directive, or with -e) or, once the host's
 * nginx.conf has named an error log, its log format: `2026/12/01 20:32:54 [warn] 115#115: text`.
 */
const NGINX =
  /^(?:nginx: |\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d )\[(emerg|alert|crit|error|warn|notice|info)\] (?:\d+#\d+: )?(.*)$/;
/** nginx ends a message about a place with ` in /absolute/file:LINE` (the path may hold spaces). */
const WHERE = /^(.*) in (\/.*):(\d+)$/;

/** Every `nginx: [level] ...` line of `nginx -t` output, in order. */
export function nginxMessages(output: string): ToolMessage[] {
  const out: ToolMessage[] = [];
  for (const raw of output.split('\n')) {
    const m = NGINX.exec(raw.replace(/\r$/, '').trim());
    if (!m) continue;
    const where = WHERE.exec(m[2]!);
    out.push(
      where
        ? { level: m[1]!, text: where[1]!, file: where[2], line: Number(where[3]) }
        : { level: m[1]!, text: m[2]! },
    );
  }
  return out;
}

/** `[warn] text (in file:line)` for a log line or an annotation. */
export function describeMessage(m: ToolMessage): string {
  return `[${m.level}] ${m.text}${m.file ? ` (in ${m.file}${m.line ? `:${m.line}` : ''})` : ''}`;
}

export const isNginxWarning = (m: ToolMessage): boolean => m.level === 'warn';

/** Caddy's `"level":"warn"` log lines (JSON, one a line) as `msg: error` texts. */
/**
 * Warnings Caddy prints about what keel renders on purpose, each with the reason it is not a problem:
 * - keel's plain-HTTP sites (`http://<domain>`: a redirect to HTTPS for the site's own names only) and the
 *   catch-all `http://` make a server that listens only on port 80, which Caddy remarks gets no automatic HTTPS.
 */
const EXPECTED_CADDY_WARNINGS = [/^server is listening only on the HTTP port, so no automatic HTTPS/];

/** Caddy's warnings (JSON log lines at level warn), except the ones keel's own design causes (listed above). */
export function caddyWarnings(output: string): string[] {
  const out: string[] = [];
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    let entry: { level?: unknown; msg?: unknown; error?: unknown; file?: unknown; line?: unknown };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      continue;
    }
    if (entry.level !== 'warn') continue;
    if (EXPECTED_CADDY_WARNINGS.some((re) => re.test(String(entry.msg)))) continue;
    const where =
      typeof entry.file === 'string'
        ? ` (in ${entry.file}${entry.line ? `:${String(entry.line)}` : ''})`
        : '';
    out.push(`${String(entry.msg)}${entry.error ? `: ${String(entry.error)}` : ''}${where}`);
  }
  return out;
}
