/**
 * The one place where values enter the languages of the rendered files: systemd unit settings, Nginx
 * strings, Caddyfile strings, sudoers rules. Every renderer writes a value from the spec through one of
 * these functions and never by concatenation, so a quote, `$`, `%`, `{`, `;` or a backslash in a value arrives
 * as the literal text the spec says. What a language cannot carry (control characters such as newlines) is
 * refused here, loudly; the spec refuses it first, naming the field.
 */

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\x00-\x1f\x7f]/;

function refuseControl(value: string, where: string): void {
  if (CONTROL.test(value))
    throw new Error(`${where} cannot carry control characters (newlines, tabs): ${JSON.stringify(value)}`);
}

// --- systemd (systemd.syntax(7), systemd.unit(5) "Specifiers", systemd.service(5) "Command lines") ----------

const SYSTEMD_SAFE = /^[A-Za-z0-9_@+=:,./-]+$/;

/**
 * One word of a systemd setting that splits and unquotes its value (Environment=, Exec*=, ReadWritePaths=):
 * `%` is a specifier everywhere (`%%`), backslashes and double quotes are C-escaped inside double quotes.
 * `exec`: in Exec*= lines `$` expands variables even inside quotes, so it is doubled (`$$`); elsewhere a `$`
 * is an ordinary character and must stay single.
 */
export function systemdWord(value: string, context: 'exec' | 'value' = 'value'): string {
  refuseControl(value, 'a systemd setting');
  if (value !== '' && SYSTEMD_SAFE.test(value)) return value;
  let text = value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/%/g, '%%');
  if (context === 'exec') text = text.replace(/\$/g, '$$$$');
  return `"${text}"`;
}

/** `Environment="NAME=value"`: the value reaches the process exactly as written. */
export function systemdEnvironment(name: string, value: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`not an environment variable name: ${name}`);
  return `Environment=${systemdWord(`${name}=${value}`, 'value')}`;
}

/** An Exec*= command line: every word quoted as needed, `$` and `%` doubled. */
export function systemdExec(words: string[]): string {
  return words.map((w) => systemdWord(w, 'exec')).join(' ');
}

/**
 * A whole-value setting that is not split into words (User=, WorkingDirectory=, Description=,
 * ListenStream=, SyslogIdentifier=): only specifiers are special, so `%` is doubled and nothing is quoted.
 * Leading or trailing spaces would be stripped by systemd, so they are refused.
 */
export function systemdValue(value: string): string {
  refuseControl(value, 'a systemd setting');
  if (value !== value.trim())
    throw new Error(`a systemd setting cannot start or end with a space: "${value}"`);
  return value.replace(/%/g, '%%');
}

// --- Nginx (ngx_conf_file.c: quoted tokens; ngx_http_script.c: variables) -----------------------------------

/** The name of the variable that holds a literal `$` for one site (`geo` values are never interpolated). */
export function nginxDollarVariable(app: string): string {
  return `keel_dollar_${app.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

/** The `geo` block that defines it: `geo $v { default "$"; }` (a `map` value cannot be a bare `$`). */
export function nginxDollarDefinition(app: string): string {
  return `geo $${nginxDollarVariable(app)} { default "$"; }`;
}

/**
 * An Nginx string: as it is when it is a plain word, else double-quoted. Backslashes and double quotes are escaped. `$` has no escape in Nginx:
 * - `variables: app name` (directives that interpolate variables: add_header, return, root, alias, ...): each
 *   `$` becomes `${keel_dollar_<app>}`, a variable whose value is `$` (see nginxDollarDefinition; the
 *   renderer emits it when a string needed it: `usesNginxDollar`);
 * - `variables: false` (location paths, server_name): the text is literal and `$` stays as it is.
 */
export function nginxString(value: string, variables: { app: string } | false): string {
  refuseControl(value, 'an Nginx string');
  if (value !== '' && /^[A-Za-z0-9_@+=:,./-]+$/.test(value)) return value;
  let text = value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  if (variables) text = text.replace(/\$/g, `\${${nginxDollarVariable(variables.app)}}`);
  return `"${text}"`;
}

/** Whether a rendered Nginx file refers to the dollar variable (and so needs its definition). */
export function usesNginxDollar(text: string, app: string): boolean {
  return text.includes(`\${${nginxDollarVariable(app)}}`);
}

// --- Caddy (caddyfile/lexer.go, caddyfile/parse.go replaceEnvVars, caddy's Replacer) -------------------------

/** The site-level `vars` line that gives `{vars.keel_dollar}` its value. */
export const CADDY_DOLLAR_DEFINITION = 'vars keel_dollar "$"';
const CADDY_DOLLAR = '{vars.keel_dollar}';
/** One backslash per replacer pass a site file's tokens go through (import, then the request). */
const CADDY_BRACE_ESCAPE = '\\\\';

/**
 * A Caddyfile token (a plain word as it is, else quoted) whose value, after Caddy has read the site file and
 * replaced placeholders, is exactly `value`.
 * - `{` and `}` are placeholder delimiters, and the escape `\{` loses its backslash on every pass of Caddy's
 *   replacer. A keel site is always imported (`import sites/*.caddy` in the main Caddyfile), and Caddy 2.6
 *   runs the replacer over every imported token (for `{args.N}`) before the request-time pass: so each brace
 *   gets one backslash per pass, two in all (`\\{`).
 * - `{$NAME}` is replaced by an environment variable when Caddy reads the file, before any quoting is looked
 *   at, and nothing escapes it: a `$` right after a `{` becomes the placeholder `{vars.keel_dollar}` (whose
 *   value is `$`, see CADDY_DOLLAR_DEFINITION; the renderer adds it when `usesCaddyDollar`).
 * - In a double-quoted token only `\"` is an escape; every other backslash is kept as written. A value with a
 *   backslash right before a quote, or ending in a backslash, cannot be written that way: it goes between
 *   backticks (no escapes at all), unless it also holds a backtick, which no Caddyfile token can then carry.
 */
export function caddyString(value: string): string {
  refuseControl(value, 'a Caddyfile string');
  if (/^[A-Za-z0-9_+=:,./*-][A-Za-z0-9_@+=:,./*-]*$/.test(value)) return value;
  const text = value
    .replace(/[{}]/g, (c) => `${CADDY_BRACE_ESCAPE}${c}`)
    .replace(/(?<=\\\{)\$/g, CADDY_DOLLAR);
  if (!/\\("|$)/.test(text)) return `"${text.replace(/"/g, '\\"')}"`;
  if (!text.includes('`')) return `\`${text}\``;
  throw new Error(
    `a Caddyfile string cannot hold a backtick together with a backslash before a quote or at the end: ${JSON.stringify(value)}`,
  );
}

/**
 * A regular expression as a Caddyfile token: double-quoted, as written (Caddy compiles matcher patterns without
 * replacing placeholders). Braces, quotes and control characters are refused: keel's patterns have none.
 */
export function caddyRegex(pattern: string): string {
  if (/[{}"`]/.test(pattern) || CONTROL.test(pattern) || pattern.endsWith('\\'))
    throw new Error(`not a pattern a Caddyfile token can carry as written: ${JSON.stringify(pattern)}`);
  return `"${pattern}"`;
}

export function usesCaddyDollar(text: string): boolean {
  return text.includes(CADDY_DOLLAR);
}

// --- Python (gunicorn.conf.py) ------------------------------------------------------------------------------

/** A Python string literal: a JSON string is one (same escapes; non-ASCII stays as it is in a UTF-8 file). */
export function pythonString(value: string): string {
  return JSON.stringify(value);
}

// --- sudoers (sudoers(5): "Command line arguments", "Regular expressions") ----------------------------------

/**
 * Literal command line arguments of a sudoers rule: `,` `:` `=` `\` are escaped; a leading `^` would make
 * a regular expression and is escaped too. Arguments with spaces or wildcard characters are refused (they
 * would match more than the one command line); use `sudoersRegex` for those.
 */
export function sudoersArgs(args: string[]): string {
  if (args.length === 0) return '""';
  return args
    .map((a) => {
      refuseControl(a, 'a sudoers argument');
      if (a === '' || /[\s*?[\]!#"']/.test(a))
        throw new Error(`not a literal sudoers argument: ${JSON.stringify(a)}`);
      return a.replace(/[,:=\\]/g, (c) => `\\${c}`).replace(/^\^/, '\\^');
    })
    .join(' ');
}

/** A literal inside a sudoers (POSIX extended) regular expression: metacharacters and `#` escaped. */
export function sudoersRegexLiteral(text: string): string {
  refuseControl(text, 'a sudoers argument');
  if (/\s/.test(text)) throw new Error(`a sudoers argument cannot hold a space: ${JSON.stringify(text)}`);
  return text.replace(/[.[\]()*+?{}|^$\\#]/g, (c) => `\\${c}`);
}

/** The whole argument list as one anchored regular expression (sudo matches it against the joined arguments). */
export function sudoersRegex(parts: string[]): string {
  return `^${parts.join(' ')}$`;
}
