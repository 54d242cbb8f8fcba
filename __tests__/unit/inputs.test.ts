import { InputError } from '../../src/errors.js';
import { type InputDecls, parseDuration, parseInputs, parseList } from '../../src/config/inputs.js';

const decls = {
  name: { kind: 'string', required: true, description: '' },
  count: { kind: 'integer', default: '3', min: 1, max: 10, description: '' },
  flag: { kind: 'boolean', default: 'false', description: '' },
  mode: { kind: 'choice', choices: ['a', 'b'] as const, default: 'a', description: '' },
  wait: { kind: 'duration', default: '30s', description: '' },
  items: { kind: 'list', description: '' },
  token: { kind: 'string', secret: true, pattern: /^tok_/, patternHint: 'a token', description: '' },
} as const satisfies InputDecls;

const from = (values: Record<string, string>) => (n: string) => values[n];

describe('parseInputs', () => {
  it('applies defaults and types values', () => {
    const v = parseInputs(decls, from({ name: ' app ', items: 'x\n# comment\ny\n\n' }));
    expect(v).toEqual({
      name: 'app',
      count: 3,
      flag: false,
      mode: 'a',
      wait: 30_000,
      items: ['x', 'y'],
      token: undefined,
    });
  });

  it('never uses the text of an expression default: an input given empty stays unset', () => {
    // The runner evaluates `${{ github.token }}` only when the input is absent; `with: github-token: ''`
    // (or an unset secret) reaches the action as ''.
    const d = {
      token: { kind: 'string', default: '${{ github.token }}', secret: true, description: '' },
      count: { kind: 'integer', default: '3', description: '' },
    } as const satisfies InputDecls;
    expect(parseInputs(d, from({ token: '', count: ' ' }))).toEqual({ token: undefined, count: 3 });
    expect(parseInputs(d, from({ token: 'ghs_x' })).token).toBe('ghs_x');
  });

  it('reports every wrong input at once, each by name', () => {
    let error: unknown;
    try {
      parseInputs(decls, from({ count: '0', flag: 'maybe', mode: 'c', wait: 'soon', token: 'secret-value' }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    const problems = (error as InputError).problems;
    expect(problems.map((p) => p.field)).toEqual(['name', 'count', 'flag', 'mode', 'wait', 'token']);
    expect((error as InputError).message).toContain('input \'mode\': "c" is not one of: a, b');
    expect((error as InputError).message).toContain("input 'count': 0 is below the minimum 1");
  });

  it('never echoes a secret input in an error', () => {
    expect(() => parseInputs(decls, from({ name: 'x', token: 'hunter2' }))).toThrow(
      /\(hidden\) is not a token/,
    );
    try {
      parseInputs(decls, from({ name: 'x', token: 'hunter2' }));
    } catch (e) {
      expect((e as Error).message).not.toContain('hunter2');
    }
  });
});

describe('value forms', () => {
  it('parses durations', () => {
    expect(parseDuration('90')).toBe(90_000);
    expect(parseDuration('1.5m')).toBe(90_000);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(parseDuration('ten')).toBeUndefined();
  });

  it('parses lists one a line or comma-separated', () => {
    expect(parseList('a, b,c')).toEqual(['a', 'b', 'c']);
    expect(parseList('a\nb # note\n')).toEqual(['a', 'b']);
  });
});

describe('limits and hostile values', () => {
  const limits = {
    timeout: { kind: 'duration', default: '10s', minMs: 100, maxMs: 3_600_000, description: '' },
    url: { kind: 'string', pattern: /^https?:\/\/[^\s/@]+(\/\S*)?$/, patternHint: 'a URL', description: '' },
    globs: {
      kind: 'list',
      itemPattern: /^(?!\/)(?!(?:.*\/)?\.\.(?:\/|$)).+$/,
      itemHint: 'relative',
      description: '',
    },
  } as const satisfies InputDecls;
  const problems = (values: Record<string, string>) => {
    try {
      parseInputs(limits, from(values));
      return [];
    } catch (e) {
      return (e as InputError).problems.map((p) => `${p.field}: ${p.message}`);
    }
  };

  it('refuses a duration of 0 where it would mean no limit, and absurd ones, naming the value and the bound', () => {
    expect(problems({ timeout: '0' })).toEqual([
      'timeout: "0" is below the minimum 100ms (0 would mean no limit)',
    ]);
    expect(problems({ timeout: '2h' })).toEqual(['timeout: "2h" is above the maximum 1h']);
    expect(problems({ timeout: '-1' })).toEqual([
      'timeout: "-1" is not a duration (seconds, or e.g. 30s, 5m, 1h)',
    ]);
  });

  it('never shows the credentials of a URL in an error', () => {
    const [p] = problems({ url: 'https://me:hunter2@example.com x' });
    expect(p).toMatch(/^url: "https:\/\/\*\*\*@example\.com x" is not a URL$/);
    expect(p).not.toContain('hunter2');
  });

  it('checks every item of a list, naming the bad ones', () => {
    expect(problems({ globs: 'ok/*.py\n../up\n/abs' })).toEqual([
      'globs: "../up" is not relative; "/abs" is not relative',
    ]);
    expect(problems({ globs: 'a/..b\n.keel/**' })).toEqual([]);
  });
});
