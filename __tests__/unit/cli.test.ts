/**
 * The `keel` command: its arguments (flags named as the action's inputs, @file values, --with-file,
 * KEEL_* variables), the job summary turned into terminal tables, and the built CLI run for real on the
 * render command (no host needed), a usage error (exit 2), a bad input (exit 1) and reload/backup reaching their actions.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseActArgs, parseArgs, readValue, UsageError } from '../../src/cli/args.js';
import { cellsOf, colours, logLine, plain, summaryToText } from '../../src/cli/terminal.js';
import { toMarkdown } from '../../src/report/summary.js';
import { repoRoot } from '../support/paths.js';

const declared = {
  hosts: { description: 'hosts', required: true },
  'ssh-key': { description: 'key' },
  'trust-on-first-use': { description: 'tofu', default: 'false' },
  'release-id': { description: 'id' },
  shared: { description: 'list' },
};
const files: Record<string, string> = {
  '/k/id': 'KEY\n',
  [join(homedir(), '.ssh/id_ed25519')]: 'HOMEKEY\n',
  '/w/inputs.yml': 'hosts: [web1, web2]\nrelease-id: r1\nshared:\n  - .env\n  - media/\n',
  '/w/list.yml': '- a\n',
};
const read = (p: string) => {
  if (!(p in files)) throw new Error('ENOENT');
  return files[p]!;
};
const parse = (args: string[], env: Record<string, string> = {}) => parseArgs(args, declared, env, read);

describe('keel arguments', () => {
  it('takes inputs as --name value and --name=value, with @file values and ~ for the home directory', () => {
    expect(parse(['--hosts', 'a,b', '--ssh-key', '@/k/id', '--release-id=r2']).inputs).toEqual({
      hosts: 'a,b',
      'ssh-key': 'KEY\n',
      'release-id': 'r2',
    });
    expect(parse(['--ssh-key', '@~/.ssh/id_ed25519']).inputs['ssh-key']).toBe('HOMEKEY\n');
    expect(readValue('@@literal', read)).toBe('@literal');
  });

  it('lets a boolean input stand alone as true; other inputs need a value', () => {
    expect(parse(['--trust-on-first-use', '--hosts', 'a']).inputs).toEqual({
      'trust-on-first-use': 'true',
      hosts: 'a',
    });
    expect(() => parse(['--hosts'])).toThrow(new UsageError('--hosts needs a value'));
  });

  it('reads --with-file (lists become one item a line) and KEEL_* variables; flags win over both', () => {
    const p = parse(['--with-file', '/w/inputs.yml', '--release-id', 'r3'], {
      KEEL_HOSTS: 'envhost',
      KEEL_SSH_KEY: '@/k/id',
      KEEL_HOSTS_DIR: '/not/an/input',
    });
    expect(p.inputs).toEqual({
      hosts: 'web1\nweb2',
      'ssh-key': 'KEY\n',
      'release-id': 'r3',
      shared: '.env\nmedia/',
    });
  });

  it('refuses what is not an input of the action, naming the ones it takes', () => {
    expect(() => parse(['--nope', 'x'])).toThrow(
      /'nope' is not an input of this action; it takes: hosts, ssh-key/,
    );
    expect(() => parse(['stray'])).toThrow(/unexpected argument "stray"/);
    expect(() => parse(['--with-file', '/w/list.yml'])).toThrow(/not a YAML mapping/);
    expect(() => parse(['--ssh-key', '@/missing'])).toThrow(/cannot read \/missing/);
  });

  it('knows --help, --json and --debug', () => {
    expect(parse(['--help', '--json', '--debug'])).toMatchObject({ help: true, json: true, debug: true });
    expect(parse(['-h']).help).toBe(true);
  });

  it('takes a boolean as --name false and --name=false; a value starting with -- only after =', () => {
    expect(parse(['--trust-on-first-use', 'false', '--hosts', 'a']).inputs['trust-on-first-use']).toBe(
      'false',
    );
    expect(parse(['--trust-on-first-use=false']).inputs['trust-on-first-use']).toBe('false');
    // A following word that is no boolean is not swallowed: it is a stray argument.
    expect(() => parse(['--trust-on-first-use', 'web1'])).toThrow(/unexpected argument "web1"/);
    expect(() => parse(['--hosts', '--release-id', 'r1'])).toThrow(new UsageError('--hosts needs a value'));
    expect(parse(['--release-id=--odd']).inputs['release-id']).toBe('--odd');
    expect(() => parse(['-x'])).toThrow(/'-x' is not an input of this action/);
    expect(() => parse(['--with-file'])).toThrow(/--with-file needs a file/);
  });
});

describe('keel act arguments', () => {
  it('reads the action folder, --with (with @file), --with-file and --env, strictly', () => {
    expect(
      parseActArgs(
        ['actions/x', '--with', 'ssh-key=@/k/id', '--with-file', '/w/inputs.yml', '--env', 'A=b=c', '--json'],
        read,
      ),
    ).toEqual({
      actionDir: 'actions/x',
      inputs: { 'ssh-key': 'KEY\n', hosts: 'web1\nweb2', 'release-id': 'r1', shared: '.env\nmedia/' },
      env: { A: 'b=c' },
      json: true,
      debug: false,
      outputsFile: undefined,
      help: false,
    });
    expect(() => parseActArgs(['a', 'b'], read)).toThrow(/unexpected argument "b"/);
    expect(() => parseActArgs([], read)).toThrow(/the action directory is missing/);
    expect(() => parseActArgs(['a', '--with', 'novalue'], read)).toThrow(/--with expects name=value/);
    expect(() => parseActArgs(['a', '--nope'], read)).toThrow(UsageError);
    expect(parseActArgs(['--help'], read).help).toBe(true);
  });
});

describe('job summaries on a terminal', () => {
  const md = toMarkdown({
    title: 'keel deploy r2: 1/2 hosts',
    status: 'failed',
    lines: ['release `r2`'],
    tables: [
      {
        caption: 'Hosts',
        headers: ['host', 'result', 'problem'],
        rows: [
          ['web1', 'pass', '-'],
          ['web2.example.com', 'FAIL (switched back)', 'a | b\nsecond line'],
        ],
      },
    ],
    blocks: [{ title: 'web2: diff', language: 'diff', text: '-old\n+new' }],
  });

  it('turns Markdown tables into aligned columns, without Markdown', () => {
    expect(summaryToText(md)).toBe(
      [
        'keel deploy r2: 1/2 hosts',
        '',
        '  release r2',
        '',
        '  Hosts',
        '',
        '  host              result                problem',
        '  ----------------  --------------------  ------------------',
        '  web1              pass                  -',
        '  web2.example.com  FAIL (switched back)  a | b; second line',
        '',
        '  web2: diff:',
        '',
        '    -old',
        '    +new',
      ].join('\n'),
    );
  });

  it('colours results and titles only when asked (a TTY)', () => {
    const text = summaryToText(md, colours);
    expect(text).toContain('\x1b[31mFAIL (switched back)\x1b[0m');
    expect(text).toContain('\x1b[32mpass                \x1b[0m');
    expect(text.split('\n')[0]).toBe('\x1b[1m\x1b[31mkeel deploy r2: 1/2 hosts\x1b[0m\x1b[0m');
    expect(summaryToText(md, plain)).not.toContain('\x1b[');
  });

  it('reads escaped bars and line breaks in cells', () => {
    expect(cellsOf('| a \\| b | `x`<br>y | **z** |')).toEqual(['a | b', 'x; y', 'z']);
  });

  it('shows log groups as headings and hides their ends', () => {
    expect(logLine('##[group]Checking 2 host(s)', plain)).toBe('▸ Checking 2 host(s)');
    expect(logLine('##[endgroup]', plain)).toBeUndefined();
    expect(logLine('Error: boom', colours)).toBe('\x1b[31mError: boom\x1b[0m');
  });
});

describe('the built keel command', () => {
  let ws: string;
  beforeAll(() => {
    ws = mkdtempSync(join(tmpdir(), 'keel-cli-'));
    mkdirSync(join(ws, 'deploy'));
    cpSync(join(repoRoot, 'examples/keel.yml'), join(ws, 'deploy/keel.yml'));
    writeFileSync(join(ws, 'inputs.yml'), 'validate: "off"\n');
  });
  afterAll(() => rmSync(ws, { recursive: true, force: true }));

  const keel = (...args: string[]) =>
    spawnSync(process.execPath, [join(repoRoot, 'bin/keel.js'), ...args], {
      cwd: ws,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', KEEL_OUTPUT_DIR: 'out' },
    });

  it('keel render renders the spec in the current directory and prints the summary as tables', () => {
    const r = keel('render', '--with-file', 'inputs.yml', '--set', 'proxy.domains=[cli.example.com]');
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    expect(r.stdout).toMatch(/^▸ Rendering and validating$/m);
    expect(r.stdout).toMatch(/^keel render-config: 8 files for shop \(nginx\)$/m);
    expect(r.stdout).toMatch(
      /^ {2}nginx\/shop\.conf +\/etc\/nginx\/sites-available\/shop\.conf +root:root +0644/m,
    );
    expect(r.stdout).toContain(`dir=${join(ws, 'out')}`);
    expect(r.stdout).toMatch(/keel render: success\n$/);
  });

  it('exit code 2 for usage errors, 1 for bad input, with the action’s own message', () => {
    const usage = keel('deploy', '--mode', 'rollback');
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/keel deploy: 'mode' is not an input of this action/);
    const bad = keel('deploy', '--hosts', 'web1;reboot', '--ssh-key', 'x', '--deploy-path', '/srv/a');
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('Error: input \'hosts\': "web1;reboot" is not a host name or IP address');
    expect(bad.stdout).toMatch(/keel deploy: failure\n$/);
  });

  it('--help lists the inputs from the action.yml', () => {
    const r = keel('rollback', '--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ {2}--rollback-to$/m);
    expect(r.stdout).toMatch(/^ {2}--port \(default: "22"\)$/m);
    expect(r.stdout).toMatch(/^ {2}--spec \(default: "deploy\/keel.yml"\)$/m);
    expect(r.stdout).not.toMatch(/^ {2}--mode/m);
    expect(r.stdout).toContain('fixed: mode=rollback');
  });

  it('reload and backup reach their actions, which name the missing inputs', () => {
    const reload = keel('reload', '--hosts', '127.0.0.1:1', '--strategy', 'usr2');
    expect(reload.status).toBe(1);
    expect(reload.stdout).toMatch(/input 'pidfile': is required for strategy 'usr2'/);
    const backup = keel('backup');
    expect(backup.status).toBe(1);
    expect(backup.stdout).toMatch(/input 'engine': is required/);
  });
});
