/**
 * `process-manager: supervisor` against supervisor's own code (Debian's package `supervisor`, python3): every
 * value keel writes into a program file reads back as exactly the text the spec gave (hostile names and
 * commands), a broken file fails render-config's validation with supervisor's own message, and the exec wrapper
 * gives a program the environment systemd's EnvironmentFile would.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { renderAll, type RenderedFile } from '../../src/render/index.js';
import { supervisorValue } from '../../src/render/supervisor.js';
import { validateFiles } from '../../src/render/validate.js';
import { loadSpec } from '../../src/appspec/load.js';
import { resolve } from '../../src/appspec/resolve.js';
import { repoRoot } from '../support/paths.js';

const shop = readFileSync(join(repoRoot, '__fixtures__/specs/shop.yml'), 'utf8');
const strict = { maxExposure: 2.5, requireTools: true };
const SUPERVISOR = {
  'process-manager': 'supervisor',
  'gunicorn.bind': 'tcp',
  'app.environment': { APP_ENV: 'production' },
};

function rendered(overrides: Record<string, unknown> = {}) {
  const r = resolve(loadSpec(shop, 'shop.yml', { ...SUPERVISOR, ...overrides }).spec);
  return { r, files: renderAll(r) };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'keel-supervisor-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What supervisor's own parser makes of one program section: each process's argv, and its settings. */
function parse(section: string): { name: string; argv: string[]; directory: string; stopwaitsecs: number }[] {
  const file = join(dir, 'program.conf');
  const main = join(dir, 'supervisord.conf');
  writeFileSync(file, section);
  writeFileSync(
    main,
    `[supervisord]\nlogfile=${dir}/sd.log\npidfile=${dir}/sd.pid\n[include]\nfiles=${file}\n`,
  );
  const code = [
    'import json, shlex, sys',
    'from supervisor.options import ServerOptions',
    'o = ServerOptions()',
    "o.realize(args=['-c', sys.argv[1]])",
    'print(json.dumps([{"name": p.name, "argv": shlex.split(p.command), "directory": p.directory, "stopwaitsecs": p.stopwaitsecs} for g in o.process_group_configs for p in g.process_configs]))',
  ].join('\n');
  const r = spawnSync('/usr/bin/python3', ['-I', '-c', code, main], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`supervisor refused the file: ${r.stderr}`);
  return JSON.parse(r.stdout) as ReturnType<typeof parse>;
}

describe('supervisorValue: what goes in reads back unchanged through supervisor', () => {
  const hostile = [
    "it's",
    'a ;b',
    'a;b',
    '#x',
    'a #b',
    '100%',
    '%(here)s',
    '%(program_name)s',
    '"double"',
    'back\\slash',
    '$HOME',
    '`id`',
    '{}',
    'é ünï 中文',
    ' lead',
    'trail ',
    '',
    "'",
    '\'"\'"',
    '=;#%',
  ];
  it('command words: supervisor splits the command into exactly these words', () => {
    const argv = ['/usr/bin/printf', ...hostile];
    const [p] = parse(`[program:x]\ncommand=${supervisorValue(argv)}\nstdout_logfile=${dir}/x.log\n`);
    expect(p!.argv).toEqual(argv);
  });

  it('plain values: a path with % and non-ASCII reads back as written', () => {
    const path = '/srv/100% ünï;x';
    const [p] = parse(`[program:x]\ncommand=/bin/true\ndirectory=${supervisorValue(path)}\n`);
    expect(p!.directory).toBe(path);
  });

  it('refuses what supervisor cannot carry, naming the value', () => {
    expect(() => supervisorValue(['/bin/echo', 'new\nline'])).toThrow(/control characters.*new\\nline/);
    expect(() => supervisorValue(['/bin/echo', 'tab\there'])).toThrow(/control characters/);
    expect(() => supervisorValue('/srv/x\r')).toThrow(/control characters/);
    expect(() => supervisorValue(' /srv/x')).toThrow(/start or end with a space/);
    expect(() => supervisorValue('/srv/x ')).toThrow(/start or end with a space/);
    expect(() => supervisorValue('/srv/a ;b')).toThrow(/inline comment/);
    expect(() => supervisorValue('/srv/a #b')).toThrow(/inline comment/);
    expect(() => supervisorValue('')).toThrow(/empty/);
    expect(() => supervisorValue('/srv/%(here)s')).toThrow(/%\(here\)s/);
    expect(() => supervisorValue([])).toThrow(/at least the program/);
  });
});

describe('rendered programs, parsed by supervisor', () => {
  it('the app and each process: warm stop settings, instances, the exec wrapper, hostile commands kept', () => {
    const command = `celery -A "shop.celery" worker --queue 'a b #c' --opt=100% --name 'é#1' -n "%(here)s"`;
    const { r, files } = rendered({
      processes: { worker: { command, instances: 3, 'stop-timeout': 600 } },
    });
    const app = files.find((f) => f.name === 'supervisor/shop.conf')!;
    const worker = files.find((f) => f.name === 'supervisor/shop-worker.conf')!;
    expect(files.some((f) => f.kind.startsWith('systemd-'))).toBe(false);
    const stand = (f: RenderedFile) =>
      f.content
        .replace(/^user=.*$/m, 'user=root')
        .split('=/var/log/shop/')
        .join(`=${dir}/`);
    const [a] = parse(stand(app));
    expect(a).toMatchObject({ name: 'shop', directory: '/srv/shop', stopwaitsecs: r.stopTimeoutSec });
    expect(a!.argv).toEqual([
      '/usr/local/libexec/keel/shop-exec',
      '/srv/shop/current/.venv/bin/python',
      '-m',
      'gunicorn',
      '--config',
      '/srv/shop/current/.keel/gunicorn.conf.py',
    ]);
    const ps = parse(stand(worker));
    expect(ps.map((p) => p.name)).toEqual(['shop-worker_1', 'shop-worker_2', 'shop-worker_3']);
    for (const p of ps) {
      expect(p.argv).toEqual([
        '/usr/local/libexec/keel/shop-exec',
        'celery',
        '-A',
        'shop.celery',
        'worker',
        '--queue',
        'a b #c',
        '--opt=100%',
        '--name',
        'é#1',
        '-n',
        '%(here)s',
      ]);
      expect(p).toMatchObject({ directory: '/srv/shop/current', stopwaitsecs: 600 });
    }
    // TERM to the main process only (a warm shutdown), KILL to the group after stopwaitsecs.
    expect(worker.content).toMatch(/^stopasgroup=false$/m);
    expect(worker.content).toMatch(/^killasgroup=true$/m);
    expect(worker.content).toMatch(/^stopsignal=TERM$/m);
  });

  it("render-config's validation passes with supervisor's parser, and names what each program became", async () => {
    const { r, files } = rendered({ processes: { worker: { command: 'celery -A shop worker' } } });
    const results = await validateFiles(r, files, strict);
    const sup = results.filter((x) => x.tool === 'supervisor options');
    expect(sup.map((x) => [x.file, x.status])).toEqual([
      ['supervisor/shop.conf', 'passed'],
      ['supervisor/shop-worker.conf', 'passed'],
    ]);
    expect(sup[1]!.detail).toMatch(
      /shop-worker_1 runs \[.*'celery'.*stopwaitsecs 600 stopasgroup False killasgroup True/,
    );
    expect(results.filter((x) => x.status !== 'passed' && x.status !== 'warned')).toEqual([]);
    expect(results.find((x) => x.file === 'supervisor/shop-exec')).toMatchObject({ status: 'passed' });
  });

  it("a broken program file fails validation with supervisor's own message", async () => {
    const { r, files } = rendered();
    const broken = files.map((f) =>
      f.name === 'supervisor/shop.conf'
        ? { ...f, content: f.content.replace(/^stopwaitsecs=.*$/m, 'stopwaitsecs=soon') }
        : f,
    );
    const bad = (await validateFiles(r, broken, strict)).find((x) => x.tool === 'supervisor options')!;
    expect(bad.status).toBe('failed');
    // supervisor's words, about the file as it is installed on the host (not the scratch copy).
    expect(bad.detail).toMatch(/invalid literal for int\(\) with base 10: 'soon'/);
    expect(bad.detail).toMatch(
      /in section 'program:shop' \(file: '\/etc\/supervisor\/conf\.d\/shop\.conf'\)/,
    );
    const env = files.map((f) =>
      f.name === 'supervisor/shop.conf' ? { ...f, content: `${f.content}environment=A="unclosed\n` } : f,
    );
    const bad2 = (await validateFiles(r, env, strict)).find((x) => x.tool === 'supervisor options')!;
    expect(bad2).toMatchObject({ status: 'failed' });
    expect(bad2.detail).toBe(
      "Error: No closing quotation in section 'program:shop' (file: '/etc/supervisor/conf.d/shop.conf')",
    );
  });
});

describe('the exec wrapper', () => {
  it("gives the program the env file (systemd's format, nothing expanded) over the spec environment, then execs it", () => {
    const envFile = join(dir, 'app.env');
    writeFileSync(
      envFile,
      [
        '# a comment',
        '; another',
        'SECRET="pa\\"ss $HOME `id` %(x)s"',
        "SINGLE='a;b #c'",
        'PLAIN = value with spaces ',
        'APP_ENV=from-file',
        'export EXPORTED=yes',
        '',
      ].join('\n'),
    );
    const { files } = rendered({
      'app.env-file': envFile,
      'app.environment': { APP_ENV: 'production', ODD: 'it\'s "100%" $x ünï' },
    });
    const exec = files.find((f) => f.kind === 'supervisor-exec')!;
    const path = join(dir, 'exec');
    writeFileSync(path, exec.content, { mode: 0o755 });
    const r = spawnSync(
      path,
      [
        '/usr/bin/python3',
        '-c',
        'import json, os, sys; print(json.dumps(dict(os.environ))); print(sys.argv[1:])',
        "a'b",
        '$x',
      ],
      { encoding: 'utf8', env: { PATH: '/usr/bin:/bin' } },
    );
    expect(r.stderr).toBe('');
    const [json, args] = r.stdout.trim().split('\n');
    const env = JSON.parse(json!) as Record<string, string>;
    expect(env).toMatchObject({
      SECRET: 'pa"ss $HOME `id` %(x)s',
      SINGLE: 'a;b #c',
      PLAIN: 'value with spaces',
      APP_ENV: 'from-file',
      EXPORTED: 'yes',
      ODD: 'it\'s "100%" $x ünï',
      PYTHONUNBUFFERED: '1',
      VIRTUAL_ENV: '/srv/shop/current/.venv',
    });
    expect(env.PATH!.startsWith('/srv/shop/current/.venv/bin:')).toBe(true);
    // The running user's own home and name, as systemd's User= gives them (supervisor's user= does not).
    const me = userInfo();
    expect(env).toMatchObject({ HOME: me.homedir, USER: me.username, LOGNAME: me.username });
    expect(args).toBe(`["a'b", '$x']`);
    // A malformed line stops the start with a message naming the file and line (no half environment).
    writeFileSync(envFile, 'OK=1\nnot a pair\n');
    const bad = spawnSync(path, ['/bin/true'], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain(`${envFile} line 2 is not NAME=VALUE`);
  });
});
