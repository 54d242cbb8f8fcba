/**
 * A process's command line (spec `processes.<name>.command`) split into words the way keel runs it: with no
 * shell. Words are separated by spaces; a word may be quoted with '...' or "..." (the quotes are removed,
 * nothing inside is special). Everything a shell would interpret is refused rather than passed on literally,
 * so the spec never looks like it does something it does not: `;` `|` `&` `$` backticks `<` `>` and
 * backslashes, anywhere (also inside quotes), and control characters (newlines, tabs).
 */

export class CommandError extends Error {}

const SHELL = /[;|&$`<>\\]/;
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const CONTROL = /[\x00-\x1f\x7f]/;

export function splitCommand(text: string): string[] {
  if (CONTROL.test(text))
    throw new CommandError('must be one line (no newlines, tabs or other control characters)');
  const bad = SHELL.exec(text);
  if (bad)
    throw new CommandError(
      `runs without a shell: ${JSON.stringify(bad[0])} is not allowed (no ; | & $ \` < > or \\); put pipelines and variables in a script in the release and run that`,
    );
  const words: string[] = [];
  let word: string | undefined;
  let quote: '"' | "'" | undefined;
  for (const c of text) {
    if (quote) {
      if (c === quote) quote = undefined;
      else word += c;
    } else if (c === ' ') {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
      word ??= '';
    } else word = (word ?? '') + c;
  }
  if (quote) throw new CommandError(`has an unclosed ${quote} quote`);
  if (word !== undefined) words.push(word);
  if (words.length === 0) throw new CommandError('is empty: give the program to run and its arguments');
  const program = words[0]!;
  if (program === '' || program.startsWith('-') || program.includes('='))
    throw new CommandError(
      `must start with the program to run (a name found on the PATH, the release's venv first, or an absolute path), not ${JSON.stringify(program)}`,
    );
  return words;
}
