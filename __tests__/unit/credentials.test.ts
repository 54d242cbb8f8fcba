import { describe, expect, it } from '@jest/globals';
import {
  commandCredential,
  environmentCredentials,
  hasUrlPassword,
  secretName,
} from '../../src/appspec/credentials.js';
import { loadSpec, SpecError } from '../../src/appspec/load.js';

describe('credentials written into the spec are refused', () => {
  it.each([
    'DB_PASSWORD',
    'db_password',
    'PGPASSWORD',
    'SECRET_KEY',
    'DJANGO_SECRET_KEY',
    'AWS_SECRET_ACCESS_KEY',
    'STRIPE_API_KEY',
    'GITHUB_TOKEN',
    'JWT_SECRET',
    'SMTP_PASSWD',
    'FLOWER_BASIC_AUTH',
    'GOOGLE_APPLICATION_CREDENTIALS',
    'SIGNING_KEY',
  ])('%s is a secret by its name', (name) => {
    expect(secretName(name)).toBe(true);
  });

  it.each([
    'APP_ENV',
    'PASSWORD_MIN_LENGTH',
    'TOKEN_TTL',
    'SECRET_KEY_FALLBACKS',
    'AWS_ACCESS_KEY_ID',
    'KEY',
    'MONKEY',
    'CACHE_KEY',
  ])('%s is not, by its name', (name) => {
    expect(secretName(name)).toBe(false);
  });

  it.each([
    ['postgres://shop:pw@127.0.0.1/shop', true],
    ['redis://:pw@cache:6379/0', true],
    ['amqp://guest:guest@mq//', true],
    ['postgres://db/shop?sslmode=require&password=pw', true],
    ['mysql://db/shop?PWD=pw', true],
    ['postgres://db/shop?password=', false],
    ['redis://127.0.0.1:6379/3', false],
    ['https://key@o1.ingest.sentry.io/1', false],
    ['user:pass@host', false],
    ['http://[::1]:8000/', false],
  ])('%j carries a password in a URL: %s', (value, yes) => {
    expect(hasUrlPassword(value)).toBe(yes);
  });

  it('names each finding by its field, never repeating the value, and lets empty values and plain options through', () => {
    const commands: Record<string, string[]> = {
      flower: ['celery', 'flower', '--basic-auth=ops:hunter2x'],
      worker: ['celery', '-b', 'redis://:hunter2x@127.0.0.1/0', 'worker'],
      beat: ['celery', 'beat', '--password', '--loglevel', 'INFO'],
      ok: ['celery', 'flower', '--auth=.*@example.com', '--address=127.0.0.1'],
    };
    const found = [
      ...environmentCredentials({
        DB_PASSWORD: 'hunter2x',
        APP_ENV: 'production',
        EMPTY_TOKEN: '',
        DATABASE_URL: 'postgres://u:hunter2x@db/x',
      }),
      ...Object.entries(commands).flatMap(([name, words]) => commandCredential(name, words) ?? []),
    ];
    expect(found.map((f) => f.field)).toEqual([
      'app.environment.DB_PASSWORD',
      'app.environment.DATABASE_URL',
      'processes.flower.command',
      'processes.worker.command',
    ]);
    for (const f of found) {
      expect(f.message).not.toContain('hunter2x');
      expect(f.message).toContain('env file');
    }
  });

  it('refuses a spec with one, on its line, naming the field (and not the value)', () => {
    const spec = `app:\n  name: shop\n  module: shop.wsgi:application\n  path: /srv/shop\n  environment:\n    APP_ENV: production\n    SECRET_KEY: "hunter2x"\nproxy: { domains: [shop.example.com] }\n`;
    let error: unknown;
    try {
      loadSpec(spec, 'keel.yml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SpecError);
    const problems = (error as SpecError).specProblems;
    expect(problems.map((p) => p.field)).toEqual(['app.environment.SECRET_KEY']);
    expect(problems[0]!.line).toBe(7);
    expect((error as SpecError).message).not.toContain('hunter2x');
  });
});
