import { execFileSync } from 'node:child_process';
import { quote, raw, script, sh, strictBash } from '../../src/remote/quote.js';

/** What a real bash receives as arguments when it runs the command line. */
function argsSeenByBash(commandLine: string): string[] {
  const out = execFileSync('bash', ['-c', `printf '%s\\0' ${commandLine}`]);
  return out.toString('utf8').split('\0').slice(0, -1);
}

const nasty = [
  'plain',
  'with space',
  "it's",
  '"double"',
  '$(touch /tmp/keel-pwned)',
  '`id`',
  'a;b&&c||d|e',
  'new\nline',
  '*',
  '~root',
  '-rf',
  '',
  'ünïcødé',
  "'",
  '\\',
  '!$#',
];

describe('quote', () => {
  it.each(nasty)('passes %j to bash as one literal argument', (value) => {
    expect(argsSeenByBash(quote(value))).toEqual([value]);
  });

  it('leaves safe words unquoted and quotes the rest', () => {
    expect(quote('/srv/app-1.2')).toBe('/srv/app-1.2');
    expect(quote('a b')).toBe("'a b'");
  });

  it('refuses a NUL byte', () => {
    expect(() => quote('a\0b')).toThrow(/NUL/);
  });
});

describe('sh template', () => {
  it('quotes every interpolated value, arrays as several words', () => {
    const files = ['a b', "c'd"];
    const cmd = sh`printf '%s\\0' ${'x y'} ${files} ${3}`;
    const out = execFileSync('bash', ['-c', cmd.text]).toString().split('\0').slice(0, -1);
    expect(out).toEqual(['x y', 'a b', "c'd", '3']);
  });

  it('inserts fragments without quoting them twice', () => {
    const inner = sh`echo ${'$HOME'}`;
    expect(sh`${inner} && ${raw('true')}`.text).toBe("echo '$HOME' && true");
  });

  it('runs scripts under bash -euo pipefail so a failing line fails the whole script', () => {
    const body = script(raw('false | true'), raw('echo not-reached'));
    let status = 0;
    let stdout = '';
    try {
      stdout = execFileSync('bash', ['-c', strictBash(body)], {
        stdio: ['ignore', 'pipe', 'ignore'],
      }).toString();
    } catch (error) {
      status = (error as { status: number }).status;
    }
    expect(status).not.toBe(0);
    expect(stdout).not.toContain('not-reached');
  });
});
