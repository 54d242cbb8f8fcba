/** Header scoring by the MDN HTTP Observatory's published rules. */
import { gradeOf, scoreHeaders } from '../../src/probes/observatory.js';
import { parseAssertion } from '../../src/probes/smoke.js';

const good = {
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
  'content-security-policy': "default-src 'self'; object-src 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'cross-origin-resource-policy': 'same-origin',
};

describe('scoreHeaders', () => {
  it('gives what render-config sends A+ with its bonuses', () => {
    const s = scoreHeaders(good, true);
    expect(s).toMatchObject({ score: 120, grade: 'A+' });
    expect(s.items.map((i) => i.points)).toEqual([5, 5, 10]);
  });

  it.each([
    [{ 'strict-transport-security': undefined }, 80, 'B+', 'no HSTS'],
    [{ 'strict-transport-security': 'max-age=86400' }, 110, 'A+', 'under 6 months'],
    [
      { 'content-security-policy': "default-src 'self'; script-src 'self' 'unsafe-inline'" },
      80,
      'B+',
      'unsafe-inline',
    ],
    [
      { 'content-security-policy': undefined, 'x-frame-options': undefined },
      55,
      'C',
      'no Content-Security-Policy',
    ],
    [{ 'x-content-type-options': undefined }, 115, 'A+', 'nosniff'],
    [{ 'referrer-policy': 'unsafe-url' }, 110, 'A+', 'leaks URLs'],
    [{ 'set-cookie': ['session=1; HttpOnly'] }, 60, 'C+', 'without Secure'],
  ])('%j scores %d (%s): %s', (change, score, grade, why) => {
    const h = Object.fromEntries(
      Object.entries({ ...good, ...change }).filter(([, v]) => v !== undefined),
    ) as Record<string, string>;
    const s = scoreHeaders(h, true);
    expect([s.score, s.grade]).toEqual([score, grade]);
    expect(s.items.map((i) => i.why).join(' ')).toContain(why);
  });

  it('takes 20 points when http:// does not redirect, and bonuses only count from 90', () => {
    expect(scoreHeaders(good, false)).toMatchObject({ score: 80, grade: 'B+' });
    expect(scoreHeaders({}, false)).toMatchObject({ score: 10, grade: 'F' });
  });

  it('grades by the published bands', () => {
    expect([100, 95, 85, 80, 70, 65, 50, 24].map(gradeOf)).toEqual([
      'A+',
      'A',
      'A-',
      'B+',
      'B',
      'B-',
      'C',
      'F',
    ]);
  });
});

describe('assertions', () => {
  it('parses path, field, operator and value', () => {
    expect(parseAssertion('/readyz status == ready')).toEqual({
      path: '/readyz',
      field: 'status',
      op: '==',
      value: 'ready',
    });
    expect(parseAssertion('/version release ~ ^r\\d+$')).toMatchObject({ op: '~', value: '^r\\d+$' });
    expect(parseAssertion('status == ready')).toBeUndefined();
  });
});
