/**
 * Values with everything that is special in some language keel writes: quotes, backticks, `;`, `$`, `%`,
 * `{}`, backslashes and (where the target allows it) non-ASCII. Shared by the unit and host tests of the
 * renderers, which check that each one arrives exactly as written.
 */
export const HOSTILE_CSP =
  "default-src 'self'; frame-ancestors 'none'; report-uri /r?a=$host&b={$HOME}&c={http.request.uri}&d=%h%%&e=\"q\"&f=\\n&g=`t`;x";
/** Ends in a backslash and holds a backslash before a quote: Caddy needs a backtick token for it. */
export const HOSTILE_PERMISSIONS = 'camera=(), microphone=(); k="a\\"b" {$HOME} $x ${y} \\';
/** systemd would expand %h and keep $$ doubled if the value were written as it is. */
export const HOSTILE_DSN = 'postgres://u@db/pa$$w%h?opt="a b"&q=\'c\'&r=`d`;e{f}\\g é ✓';
