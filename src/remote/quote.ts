/**
 * The one place that turns values into shell words for remote commands.
 *
 * Nothing else in keel builds a shell string by concatenation: every value goes through `quote` (or the
 * `sh` template tag, which quotes each interpolated value), so names and paths with spaces, quotes, `$`,
 * `;` or newlines arrive on the host as the literal arguments they are.
 */

/** A fragment that is already shell syntax (made by `sh` or `raw`) and must not be quoted again. */
export class ShellFragment {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export type ShellValue = string | number | ShellFragment | readonly (string | number | ShellFragment)[];

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Quotes one argument for a POSIX shell. Refuses NUL bytes, which no shell argument can carry. */
export function quote(value: string | number): string {
  const text = String(value);
  if (text.includes('\0')) throw new Error('a shell argument cannot contain a NUL byte');
  if (text !== '' && SAFE.test(text)) return text;
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function render(value: ShellValue): string {
  if (value instanceof ShellFragment) return value.text;
  if (Array.isArray(value)) return value.map((v) => render(v as ShellValue)).join(' ');
  return quote(value as string | number);
}

/**
 * Template tag: sh`mkdir -p ${dir} && ln -s ${target} ${link}` quotes every interpolated value; arrays
 * become several words; fragments made by `sh` or `raw` are inserted as they are.
 */
export function sh(strings: TemplateStringsArray, ...values: ShellValue[]): ShellFragment {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new ShellFragment(out);
}

/** Marks a constant piece of shell syntax written in keel's own source (never user data). */
export function raw(text: string): ShellFragment {
  return new ShellFragment(text);
}

/** Joins fragments into one script, one statement a line. */
export function script(...lines: ShellFragment[]): ShellFragment {
  return new ShellFragment(lines.map((l) => l.text).join('\n'));
}

/**
 * The command line that runs a script under `bash -euo pipefail`, so a failing line fails the whole step.
 * --norc/--noprofile: Debian's bash reads /etc/bash.bashrc for commands run by sshd, whose `$PS1` test
 * then fails under -u ("PS1: unbound variable") before the script starts.
 */
export function strictBash(body: ShellFragment): string {
  return `bash --norc --noprofile -euo pipefail -c ${quote(body.text)}`;
}
