/**
 * The bad-input corpus: every action (render-config, ssh-deploy, reload-graceful, smoke-check, backup-db and
 * the root pipeline action) and the spec, fed wrong types, empty and huge values, unknown choices, zero,
 * negative and absurd durations, bad host lists, garbage keys and known_hosts, odd release ids, paths that
 * climb out, secrets in URLs... Each case runs the committed dist bundle the way the runner does, against the
 * real systemd host `sd` (a deploy path with a release, the sample app's service, a PostgreSQL database), and
 * must end with exit 1, exactly one `::error` that names the input (or the spec field, on its line), no stack
 * trace and no secret in anything visible. Each group of cases compares the host before and after: the files
 * under /srv and the unit directories (mode, owner, size, mtime, sha256), the units and the service's main PID
 * and workers, and a dump of the database cluster.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clientKey, host, hostExec, knownHosts, putFile, type TestHost } from '../support/hosts.js';
import { makeKey } from '../support/keys.js';
import { actionDir, repoRoot } from '../support/paths.js';
import { runStep, secret, type StepResult } from '../support/step.js';

type Action = 'render-config' | 'ssh-deploy' | 'reload-graceful' | 'smoke-check' | 'backup-db' | 'pipeline';

interface Case {
  /** What is wrong, as the test's title. */
  name: string;
  with: Record<string, string>;
  /** The input (or spec field) the one error must name. */
  names: string;
  /** More the error must say (what is wrong). */
  says?: RegExp;
  /** A spec problem: the error sits on this line of the spec file. */
  line?: number;
  /** The spec file's text for this case (written to deploy/keel.yml in the workspace). */
  spec?: string;
  /** No deploy/keel.yml in the workspace (an action would take its missing inputs from it). */
  noSpec?: boolean;
  /** Files to put in the workspace first (relative path → content). */
  files?: Record<string, string>;
  /** A spec problem that comes from an input (`set`) rather than the spec file. */
  specField?: boolean;
  /** Text that must appear nowhere in the step's output (stdout, stderr, summary, outputs, annotations). */
  hidden?: string[];
}

const D = '/var/tmp/keel-corpus';
const DEPLOY_PATH = '/srv/keel/corpus';
const PG_PASSWORD = secret('corpus:Pg"pass-' + randomBytes(4).toString('hex'));
const URL_PASSWORD = secret('url-Sekrit-' + randomBytes(4).toString('hex'));
let sd: TestHost;
let workspace: string;
const SPEC = readSpec();

function readSpec(): string {
  // The documented example spec, with a TCP bind so nothing in it depends on a socket unit.
  return `app:
  name: shop
  module: app:app
  path: /srv/shop
gunicorn:
  bind: tcp
  port: 8000
  workers: 2
  timeout: 300
proxy:
  server: nginx
  domains: [shop.example.com]
  tls:
    certificates: files
    cert: /etc/ssl/shop.crt
    key: /etc/ssl/shop.key
    hsts:
      max-age: 63072000
health:
  liveness: /healthz
  readiness: /readyz
  version: /version
`;
}

/** The spec with one line replaced (`line` is 1-based), for type errors on a known line. */
function specWith(line: number, text: string): string {
  const lines = SPEC.split('\n');
  lines[line - 1] = text;
  return lines.join('\n');
}

const ssh = () => ({
  hosts: sd.address,
  user: 'deploy',
  'ssh-key': clientKey(),
  'known-hosts': knownHosts(),
  'connect-retries': '0',
  'connect-timeout': '5s',
});

const base: Record<Action, () => Record<string, string>> = {
  'render-config': () => {
    const { hosts: _none, ...credentials } = ssh();
    return { spec: 'deploy/keel.yml', validate: 'off', ...credentials };
  },
  'ssh-deploy': () => ({ ...ssh(), 'deploy-path': DEPLOY_PATH, source: 'app' }),
  'reload-graceful': () => ({ ...ssh(), unit: 'keel-sample.service', timeout: '10s' }),
  'smoke-check': () => ({ url: 'https://shop.example.com', address: sd.address, deadline: '2s' }),
  'backup-db': () => ({
    ...ssh(),
    engine: 'postgres',
    database: 'postgres://app@127.0.0.1:5433/shop',
    'database-password': PG_PASSWORD,
    destination: 'server',
    'backup-dir': `${D}/backups`,
  }),
  pipeline: () => ({ ...ssh(), spec: 'deploy/keel.yml', validate: 'off', source: 'app' }),
};

const errors = (r: StepResult) => r.annotations.filter((a) => a.level === 'error');

async function runCase(action: Action, c: Case): Promise<StepResult> {
  rmSync(join(workspace, 'deploy'), { recursive: true, force: true });
  mkdirSync(join(workspace, 'deploy'), { recursive: true });
  if (!c.noSpec) writeFileSync(join(workspace, 'deploy', 'keel.yml'), c.spec ?? SPEC);
  for (const [path, content] of Object.entries(c.files ?? {})) {
    mkdirSync(join(workspace, path, '..'), { recursive: true });
    writeFileSync(join(workspace, path), content);
  }
  return runStep({
    actionDir: actionDir(action),
    workspace,
    with: Object.fromEntries(
      Object.entries({ ...base[action](), ...c.with }).map(([k, v]) => [k, v.replaceAll('@SD@', sd.address)]),
    ),
    timeoutMs: 60_000, // a hang fails the exit-code check instead of holding the suite
  });
}

function expectRefused(r: StepResult, c: Case): void {
  // What a user sees: the log as shown (masked), stderr, the summary, outputs and annotations.
  const visible = [
    r.log.join('\n'),
    r.stderr,
    r.summary,
    JSON.stringify(r.outputs),
    JSON.stringify(r.annotations),
  ].join('\n');
  expect(r.signal).toBeNull();
  expect(r.exitCode).toBe(1);
  expect(visible).not.toMatch(/\n\s+at .+:\d+:\d+/); // no stack trace
  expect(visible).not.toMatch(/unexpectedly|TypeError|ReferenceError|SyntaxError|\bat Object\./);
  for (const h of c.hidden ?? []) expect(visible).not.toContain(h);
  const e = errors(r);
  expect(e.map((a) => a.message)).toHaveLength(1);
  const [one] = e;
  const named = new RegExp(
    `(^|[\\s'"\`(:])${c.names.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([\\s'"\`):,]|$)`,
  );
  expect(`${one!.properties.title ?? ''}\n${one!.message}`).toMatch(named);
  if (c.says) expect(one!.message).toMatch(c.says);
  if (c.line !== undefined) {
    const line = one!.properties.line ?? /\bline (\d+)/.exec(one!.message)?.[1];
    expect(line).toBe(String(c.line));
  }
}

/** The state of the host that a bad input must not change. */
function snapshot(): string {
  return hostExec(
    'sd',
    `set -o pipefail
find /srv /etc/systemd/system /etc/nginx /etc/caddy /etc/logrotate.d ${D}/backups -xdev \\
  -printf '%p %y %m %u:%g %s %T@ %l\\n' 2>/dev/null | sort
find /srv /etc/systemd/system /etc/nginx /etc/caddy /etc/logrotate.d ${D}/backups -xdev -type f -print0 2>/dev/null \\
  | sort -z | xargs -0 -r sha256sum
systemctl list-units --all --plain --no-legend --no-pager | awk '{print $1, $2, $3, $4}' | sort
systemctl show keel-sample.service -p MainPID -p NRestarts -p ExecMainStartTimestampMonotonic -p ActiveState
pgrep -P "$(systemctl show -p MainPID --value keel-sample.service)" | sort
runuser -u postgres -- pg_dumpall -h ${D} -p 5433 -U postgres --no-password | grep -v -e '^--' -e '^\\\\restrict' -e '^\\\\unrestrict'`,
  );
}

beforeAll(() => {
  sd = host('sd');
  workspace = mkdtempSync(join(tmpdir(), 'keel-corpus-ws-'));
  cpSync(join(repoRoot, 'examples/sample-app'), join(workspace, 'app'), { recursive: true });
  // A deploy path with a release, as a real deploy leaves it: a wrong input must not touch it.
  hostExec(
    'sd',
    `set -e; install -d -o deploy -g deploy ${DEPLOY_PATH}/releases/r1 ${DEPLOY_PATH}/shared
echo 'print(1)' > ${DEPLOY_PATH}/releases/r1/app.py; ln -sfn releases/r1 ${DEPLOY_PATH}/current
chown -R deploy:deploy ${DEPLOY_PATH}`,
  );
  putFile(
    'sd',
    `${D}/setup.sql`,
    `create role app login password '${PG_PASSWORD.replace(/'/g, "''")}';
create database shop owner app;
\\c shop app
create table customers(id serial primary key, name text);
insert into customers(name) select 'c' || g from generate_series(1, 100) g;
`,
  );
  hostExec(
    'sd',
    `set -e; chown postgres ${D}; chmod 755 ${D}; install -d -o deploy -g deploy ${D}/backups
runuser -u postgres -- /usr/lib/postgresql/15/bin/initdb -D ${D}/pg -U postgres --auth-local=trust --auth-host=scram-sha-256 >/dev/null
runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D ${D}/pg -l ${D}/pg.log -o "-p 5433 -k ${D} -c listen_addresses=127.0.0.1" -w start >/dev/null
runuser -u postgres -- psql -h ${D} -p 5433 -U postgres -Xq -v ON_ERROR_STOP=1 -f ${D}/setup.sql >/dev/null`,
  );
}, 120_000);

afterAll(() => {
  hostExec(
    'sd',
    `runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D ${D}/pg -m fast stop >/dev/null 2>&1 || true
rm -rf ${D} ${DEPLOY_PATH}`,
  );
  rmSync(workspace, { recursive: true, force: true });
});

/** A group of cases for one action, then the host compared with its state before the group. */
function group(action: Action, cases: Case[], title: string = action): void {
  describe(title, () => {
    let before = '';
    beforeAll(() => {
      before = snapshot();
    });
    it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      expectRefused(await runCase(action, c), c);
    });
    it('left the host as it was (files, units, the service, the database)', () => {
      expect(snapshot()).toBe(before);
    });
  });
}

const long = (n: number) => 'a'.repeat(n);

// ---------------------------------------------------------------------------------------------------------
group('render-config', [
  {
    name: 'validate: an unknown choice',
    with: { validate: 'maybe' },
    names: 'validate',
    says: /auto, required, off/,
  },
  { name: 'max-exposure above 10', with: { 'max-exposure': '11' }, names: 'max-exposure' },
  { name: 'max-exposure not a number', with: { 'max-exposure': 'abc' }, names: 'max-exposure' },
  { name: 'max-exposure with two decimals', with: { 'max-exposure': '2.55' }, names: 'max-exposure' },
  { name: 'set without =value', with: { set: 'gunicorn.timeout' }, names: 'set' },
  { name: 'set with an empty field', with: { set: '=300' }, names: 'set' },
  { name: 'set with a field that is not a path', with: { set: 'gunicorn timeout=300' }, names: 'set' },
  { name: 'spec: a file that does not exist', with: { spec: 'deploy/nope.yml' }, names: 'spec' },
  { name: 'spec: a path out of the workspace', with: { spec: '../../../../etc/passwd' }, names: 'spec' },
  {
    name: 'output-dir: a path out of the workspace',
    with: { 'output-dir': '../elsewhere' },
    names: 'output-dir',
  },
  {
    name: 'hosts: a name with a space and a bang',
    with: { hosts: 'bad host!' },
    names: 'hosts',
  },
  { name: 'port: 0', with: { hosts: '@SD@', port: '0' }, names: 'port' },
  { name: 'port: 70000', with: { hosts: '@SD@', port: '70000' }, names: 'port' },
  { name: 'port: not a number', with: { hosts: '@SD@', port: 'ssh' }, names: 'port' },
  {
    name: 'trust-on-first-use: not a boolean',
    with: { 'trust-on-first-use': 'maybe' },
    names: 'trust-on-first-use',
  },
  { name: 'connect-retries: -1', with: { 'connect-retries': '-1' }, names: 'connect-retries' },
  { name: 'connect-retries: 11', with: { 'connect-retries': '11' }, names: 'connect-retries' },
  {
    name: 'connect-timeout: 0 (no limit)',
    with: { hosts: '@SD@', 'connect-timeout': '0' },
    names: 'connect-timeout',
  },
]);

// The spec's own errors name the field and sit on its line. (SPEC's lines: 9 gunicorn.timeout, 18 max-age.)
group(
  'render-config',
  [
    {
      name: 'spec: gunicorn.timeout is a string ("300")',
      with: {},
      spec: specWith(9, '  timeout: "300"'),
      names: 'gunicorn.timeout',
      line: 9,
    },
    {
      name: 'spec: proxy.tls.hsts.max-age is not a number (abc)',
      with: {},
      spec: specWith(18, '      max-age: abc'),
      names: 'proxy.tls.hsts.max-age',
      line: 18,
    },
    {
      name: 'spec: gunicorn.timeout 0',
      with: {},
      spec: specWith(9, '  timeout: 0'),
      names: 'gunicorn.timeout',
      line: 9,
    },
    {
      name: 'spec: gunicorn.timeout absurd',
      with: {},
      spec: specWith(9, '  timeout: 999999'),
      names: 'gunicorn.timeout',
      line: 9,
    },
    {
      name: 'spec: gunicorn.workers negative',
      with: {},
      spec: specWith(8, '  workers: -1'),
      names: 'gunicorn.workers',
      line: 8,
    },
    {
      name: 'spec: app.name with a space and !',
      with: {},
      spec: specWith(2, '  name: "Shop Name!"'),
      names: 'app.name',
      line: 2,
    },
    {
      name: 'spec: app.name 300 characters',
      with: {},
      spec: specWith(2, `  name: ${long(300)}`),
      names: 'app.name',
      line: 2,
    },
    { name: 'spec: app.path /', with: {}, spec: specWith(4, '  path: /'), names: 'app.path', line: 4 },
    {
      name: 'spec: app.path relative',
      with: {},
      spec: specWith(4, '  path: srv/shop'),
      names: 'app.path',
      line: 4,
    },
    {
      name: 'spec: app.module with a space',
      with: {},
      spec: specWith(3, '  module: "app app"'),
      names: 'app.module',
      line: 3,
    },
    {
      name: 'spec: proxy.server unknown',
      with: {},
      spec: specWith(11, '  server: apache'),
      names: 'proxy.server',
      line: 11,
    },
    {
      name: 'spec: gunicorn.bind unknown',
      with: {},
      spec: specWith(6, '  bind: udp'),
      names: 'gunicorn.bind',
      line: 6,
    },
    {
      name: 'spec: gunicorn.port 70000',
      with: {},
      spec: specWith(7, '  port: 70000'),
      names: 'gunicorn.port',
      line: 7,
    },
    {
      name: 'spec: health.liveness without a leading /',
      with: {},
      spec: specWith(20, '  liveness: healthz'),
      names: 'health.liveness',
      line: 20,
    },
    {
      name: 'spec: a domain with a space',
      with: {},
      spec: specWith(12, '  domains: ["shop example.com"]'),
      names: 'proxy.domains[0]',
      line: 12,
    },
    {
      name: 'spec: an unknown top-level key (typo)',
      with: {},
      spec: SPEC + 'gunicron: 2\n',
      names: 'gunicron',
      line: 23,
    },
    {
      // Fails until the spec's line numbers point at an unknown key itself (it gives the line of its value).
      name: 'spec: an unknown top-level key holding a mapping: the line of the key',
      with: {},
      spec: SPEC + 'gunicron:\n  workers: 2\n',
      names: 'gunicron',
      line: 23,
    },
    {
      // Fails until a duplicate key's error names the field (the YAML parser's message names none).
      name: 'spec: a duplicate key',
      with: {},
      spec: specWith(9, '  timeout: 300\n  timeout: 30'),
      names: 'gunicorn.timeout',
      line: 10,
    },
    {
      name: 'spec: YAML that does not parse',
      with: {},
      spec: specWith(12, '  domains: [shop.example.com'),
      names: 'spec',
    },
    { name: 'spec: an empty file', with: {}, spec: '', names: 'spec' },
    { name: 'spec: a list, not a mapping', with: {}, spec: '- app\n- gunicorn\n', names: 'spec' },
    {
      name: 'set: a field override of the wrong type',
      with: { set: 'gunicorn.timeout="300"' },
      names: 'gunicorn.timeout',
      specField: true,
    },
  ],
  'render-config: the spec',
);

// ---------------------------------------------------------------------------------------------------------
const encrypted = () => makeKey('ed25519', { passphrase: 'corpus-pass-phrase' });
group('ssh-deploy', [
  { name: 'mode: an unknown choice', with: { mode: 'deploy-all' }, names: 'mode' },
  {
    name: 'canary: 1 of 1 host',
    with: { canary: '1' },
    names: 'canary',
    says: /at least one host must be left/,
  },
  { name: 'canary: -1', with: { canary: '-1' }, names: 'canary', says: /not a number of canary hosts/ },
  {
    name: 'canary: a host not in hosts',
    with: { canary: 'web9;reboot' },
    names: 'canary',
    says: /is not one of the hosts/,
  },
  {
    name: 'canary: without watch',
    with: { hosts: '@SD@,10.200.1.2', canary: '1' },
    names: 'canary',
    says: /needs 'watch'/,
  },
  { name: 'deploy-path: /', with: { 'deploy-path': '/' }, names: 'deploy-path' },
  { name: 'deploy-path: relative', with: { 'deploy-path': 'srv/keel' }, names: 'deploy-path' },
  { name: 'deploy-path: with ..', with: { 'deploy-path': '/srv/../etc' }, names: 'deploy-path' },
  { name: 'deploy-path: with a space', with: { 'deploy-path': '/srv/keel/a b' }, names: 'deploy-path' },
  { name: 'deploy-path: with $() and ;', with: { 'deploy-path': '/srv/$(reboot);x' }, names: 'deploy-path' },
  { name: 'release-id: ../x', with: { 'release-id': '../x' }, names: 'release-id' },
  { name: 'release-id: a b', with: { 'release-id': 'a b' }, names: 'release-id' },
  { name: 'release-id: with a newline', with: { 'release-id': 'r1\nr2' }, names: 'release-id' },
  { name: 'release-id: 300 characters', with: { 'release-id': long(300) }, names: 'release-id' },
  { name: 'release-id: -rf', with: { 'release-id': '-rf' }, names: 'release-id' },
  { name: 'release-id: .hidden', with: { 'release-id': '.hidden' }, names: 'release-id' },
  { name: 'keep: 0', with: { keep: '0' }, names: 'keep' },
  { name: 'keep: 101', with: { keep: '101' }, names: 'keep' },
  { name: 'keep: five', with: { keep: 'five' }, names: 'keep' },
  { name: 'keep: huge', with: { keep: '99999999999999999999999' }, names: 'keep' },
  { name: 'lock-wait: -1', with: { 'lock-wait': '-1' }, names: 'lock-wait' },
  { name: 'lock-wait: forever', with: { 'lock-wait': 'forever' }, names: 'lock-wait' },
  { name: 'lock-ttl: 0', with: { 'lock-ttl': '0' }, names: 'lock-ttl' },
  { name: 'max-parallel: 0', with: { 'max-parallel': '0' }, names: 'max-parallel' },
  { name: 'batch-size: lots', with: { 'batch-size': 'lots' }, names: 'batch-size' },
  { name: 'batch-size: 0', with: { 'batch-size': '0' }, names: 'batch-size' },
  { name: 'batch-size: 150%', with: { 'batch-size': '150%' }, names: 'batch-size' },
  { name: 'batch-wait: 5 minutes', with: { 'batch-wait': '5 minutes' }, names: 'batch-wait' },
  { name: 'hosts: empty', with: { hosts: '' }, names: 'hosts' },
  { name: 'hosts: only a comment', with: { hosts: '# none' }, names: 'hosts' },
  { name: 'hosts: user@@host', with: { hosts: 'deploy@@10.200.100.2' }, names: 'hosts' },
  { name: 'hosts: port 99999', with: { hosts: '10.200.100.2:99999' }, names: 'hosts' },
  { name: 'hosts: an unclosed [ipv6', with: { hosts: '[::1:22' }, names: 'hosts' },
  { name: 'hosts: a shell command', with: { hosts: 'a;rm -rf /' }, names: 'hosts' },
  { name: 'jump-hosts: a name with a space', with: { 'jump-hosts': 'jump host' }, names: 'jump-hosts' },
  { name: 'user: with a space', with: { user: 'de ploy' }, names: 'user' },
  {
    name: 'ssh-key: garbage',
    with: { 'ssh-key': secret('not a key at all, just words-' + randomBytes(4).toString('hex')) },
    names: 'ssh-key',
  },
  {
    name: 'ssh-key: a key block with a garbage body',
    with: {
      'ssh-key':
        '-----BEGIN OPENSSH PRIVATE KEY-----\nAAAAgarbagegarbage\n-----END OPENSSH PRIVATE KEY-----\n',
    },
    names: 'ssh-key',
  },
  {
    name: 'ssh-key: has a passphrase that was not given',
    with: { 'ssh-key': encrypted().private },
    names: 'ssh-passphrase',
  },
  {
    name: 'ssh-passphrase: wrong',
    with: { 'ssh-key': encrypted().private, 'ssh-passphrase': secret('wrong-pass-phrase-x') },
    names: 'ssh-passphrase',
    hidden: ['wrong-pass-phrase-x'],
  },
  { name: 'ssh-key: none and no password', with: { 'ssh-key': '' }, names: 'ssh-key' },
  {
    name: 'known-hosts: garbage',
    with: { 'known-hosts': 'this is not a known_hosts line' },
    names: 'known-hosts',
  },
  {
    name: 'host-fingerprints: MD5',
    with: { 'host-fingerprints': 'MD5:aa:bb:cc' },
    names: 'host-fingerprints',
  },
  { name: 'source: not a directory', with: { source: 'nope' }, names: 'source' },
  { name: 'source: out of the workspace', with: { source: '../..' }, names: 'source' },
  { name: 'shared: climbs out with ..', with: { shared: '../etc/passwd' }, names: 'shared' },
  { name: 'shared: an absolute path', with: { shared: '/etc/passwd' }, names: 'shared' },
  { name: 'rendered-dir: no manifest.json', with: { 'rendered-dir': 'app' }, names: 'rendered-dir' },
  {
    name: 'rendered-dir: a malformed manifest.json',
    with: { 'rendered-dir': 'rendered' },
    files: { 'rendered/manifest.json': '{"files": [ {"name": "x", ' },
    names: 'rendered-dir',
  },
  {
    name: 'rendered-dir: a manifest.json of the wrong shape',
    with: { 'rendered-dir': 'rendered2' },
    files: { 'rendered2/manifest.json': '{"files": "all of them"}' },
    names: 'rendered-dir',
  },
  { name: 'rollback-to: given in deploy mode', with: { 'rollback-to': 'r1' }, names: 'rollback-to' },
  { name: 'rollback-to: ../x', with: { mode: 'rollback', 'rollback-to': '../x' }, names: 'rollback-to' },
  {
    name: 'environment-url: ftp',
    with: { 'environment-url': 'ftp://shop.example.com' },
    names: 'environment-url',
  },
  {
    name: 'environment-url: with a password in it',
    with: { 'environment-url': `https://deployer:${URL_PASSWORD}@shop.example.com` },
    names: 'environment-url',
    hidden: [URL_PASSWORD],
  },
  { name: 'environment: with a newline', with: { environment: 'prod\nuction' }, names: 'environment' },
  { name: 'wheels-dir: relative', with: { 'wheels-dir': 'wheels' }, names: 'wheels-dir' },
  { name: 'min-free-space: negative', with: { 'min-free-space': '-5' }, names: 'min-free-space' },
  { name: 'venv: yes', with: { venv: 'yes' }, names: 'venv' },
  { name: 'reload-unit: with a space', with: { 'reload-unit': 'keel sample' }, names: 'reload-unit' },
  { name: 'service: with ;', with: { mode: 'check', service: 'x;reboot' }, names: 'service' },
  { name: 'require-sudo: sure', with: { 'require-sudo': 'sure' }, names: 'require-sudo' },
  { name: 'install-config: 2', with: { 'install-config': '2' }, names: 'install-config' },
  { name: 'exclude: a glob that climbs out', with: { exclude: '../secrets/**' }, names: 'exclude' },
]);

// ---------------------------------------------------------------------------------------------------------
group('reload-graceful', [
  { name: 'strategy: reboot', with: { strategy: 'reboot' }, names: 'strategy' },
  { name: 'unit: with a space', with: { unit: 'keel sample' }, names: 'unit' },
  { name: 'timeout: 0 (no limit)', with: { timeout: '0' }, names: 'timeout' },
  { name: 'timeout: soon', with: { timeout: 'soon' }, names: 'timeout' },
  { name: 'load-rate: 0', with: { 'load-rate': '0' }, names: 'load-rate' },
  { name: 'load-rate: 5000', with: { 'load-rate': '5000' }, names: 'load-rate' },
  { name: 'upstream: not an address', with: { upstream: 'not an address' }, names: 'upstream' },
  { name: 'url: ftp', with: { url: 'ftp://shop.example.com' }, names: 'url' },
  {
    name: 'url: with a password in it',
    with: { url: `https://u:${URL_PASSWORD}@shop.example.com` },
    names: 'url',
    hidden: [URL_PASSWORD],
  },
  {
    name: 'load-url: with a password in it',
    with: { 'load-url': `https://u:${URL_PASSWORD}@shop.example.com/` },
    names: 'load-url',
    hidden: [URL_PASSWORD],
  },
  { name: 'previous-release: ../x', with: { 'previous-release': '../x' }, names: 'previous-release' },
  { name: 'pidfile: relative', with: { strategy: 'usr2', pidfile: 'run/gunicorn.pid' }, names: 'pidfile' },
  { name: 'app-module: with ;', with: { 'app-module': 'app; import os' }, names: 'app-module' },
  { name: 'proxy: apache', with: { proxy: 'apache' }, names: 'proxy' },
  { name: 'batch-size: x', with: { 'batch-size': 'x' }, names: 'batch-size' },
  { name: 'max-failed-requests: -1', with: { 'max-failed-requests': '-1' }, names: 'max-failed-requests' },
  { name: 'deploy-path: relative', with: { 'deploy-path': 'srv/keel' }, names: 'deploy-path' },
  { name: 'python: relative', with: { python: 'python3' }, names: 'python' },
  { name: 'rollback: perhaps', with: { rollback: 'perhaps' }, names: 'rollback' },
  { name: 'connect-timeout: 0 (no limit)', with: { 'connect-timeout': '0' }, names: 'connect-timeout' },
]);

// ---------------------------------------------------------------------------------------------------------
group('backup-db', [
  { name: 'mode: dump', with: { mode: 'dump' }, names: 'mode' },
  { name: 'engine: oracle', with: { engine: 'oracle' }, names: 'engine' },
  { name: 'engine: missing for a backup', with: { engine: '' }, names: 'engine' },
  { name: 'database: missing for a backup', with: { database: '' }, names: 'database' },
  {
    name: 'database: a URL with the password in it',
    with: { database: `postgres://app:${URL_PASSWORD}@127.0.0.1:5433/shop` },
    names: 'database',
    hidden: [URL_PASSWORD],
  },
  { name: 'name: with /', with: { name: 'a/b' }, names: 'name' },
  { name: 'name: ..', with: { name: '..' }, names: 'name' },
  { name: 'name: ../x', with: { name: '../x' }, names: 'name' },
  { name: 'name: 300 characters', with: { name: long(300) }, names: 'name' },
  {
    name: 'name: ends like a backup timestamp (prefix-ambiguous)',
    with: { name: 'shop-20260101T000000Z' },
    names: 'name',
  },
  {
    name: 'backup-file: ../x.dump',
    with: { mode: 'restore', 'backup-file': '../x.dump' },
    names: 'backup-file',
  },
  {
    name: 'backup-file: in a directory',
    with: { mode: 'restore', 'backup-file': 'dir/x.dump' },
    names: 'backup-file',
  },
  { name: 'keep-last: -1', with: { 'keep-last': '-1' }, names: 'keep-last' },
  { name: 'min-keep: 0', with: { 'min-keep': '0' }, names: 'min-keep' },
  { name: 'keep-daily: lots', with: { 'keep-daily': 'lots' }, names: 'keep-daily' },
  { name: 'jobs: 0', with: { jobs: '0' }, names: 'jobs' },
  { name: 'jobs: 65', with: { jobs: '65' }, names: 'jobs' },
  { name: 'compression: xz', with: { compression: 'xz' }, names: 'compression' },
  { name: 'format: plain', with: { format: 'plain' }, names: 'format' },
  { name: 'verify: full', with: { verify: 'full' }, names: 'verify' },
  { name: 'prune: yes', with: { prune: 'yes' }, names: 'prune' },
  { name: 'destination: s3', with: { destination: 's3' }, names: 'destination' },
  { name: 'max-age: -1h', with: { mode: 'check', 'max-age': '-1h' }, names: 'max-age' },
  { name: 'overwrite: maybe', with: { overwrite: 'maybe' }, names: 'overwrite' },
  { name: 'backup-dir: relative on the server', with: { 'backup-dir': 'backups' }, names: 'backup-dir' },
  { name: 'backup-dir: climbs out with ..', with: { 'backup-dir': '/srv/../etc' }, names: 'backup-dir' },
  {
    name: 'backup-host: missing for destination backup-host',
    with: { destination: 'backup-host' },
    names: 'backup-host',
  },
  {
    name: 'backup-host: a name with a space',
    with: { destination: 'backup-host', 'backup-host': 'bad host' },
    names: 'backup-host',
  },
  { name: 'hosts: two of them', with: { hosts: '@SD@\n10.200.1.2' }, names: 'hosts' },
  { name: 'restore-database: missing for a restore', with: { mode: 'restore' }, names: 'restore-database' },
  {
    name: 'age-recipients: not an age key',
    with: { 'age-recipients': 'not-a-key' },
    names: 'age-recipients',
  },
]);

// ---------------------------------------------------------------------------------------------------------
group('smoke-check', [
  { name: 'url: no scheme', with: { url: 'shop.example.com' }, names: 'url' },
  // With a spec in the workspace the site is https:// and its first domain; without one it must be given.
  { name: 'url: empty, no spec', with: { url: '' }, noSpec: true, names: 'url', says: /is required/ },
  { name: 'url: javascript:', with: { url: 'javascript:alert(1)' }, names: 'url' },
  {
    name: 'url: with a password in it',
    with: { url: `https://deployer:${URL_PASSWORD}@shop.example.com/` },
    names: 'url',
    hidden: [URL_PASSWORD],
  },
  { name: 'timeout: 0 (no limit)', with: { timeout: '0' }, names: 'timeout' },
  { name: 'deadline: 0', with: { deadline: '0' }, names: 'deadline' },
  { name: 'deadline: a year', with: { deadline: '8760h' }, names: 'deadline' },
  { name: 'endpoints: no leading /', with: { endpoints: 'healthz' }, names: 'endpoints' },
  { name: 'endpoints: status 999', with: { endpoints: '/healthz 999' }, names: 'endpoints' },
  { name: 'expect: not an assertion', with: { expect: 'garbage' }, names: 'expect' },
  {
    name: 'expect: a regex that does not compile',
    with: { expect: '/version release ~ [unclosed' },
    names: 'expect',
  },
  { name: 'min-grade: Z', with: { 'min-grade': 'Z' }, names: 'min-grade' },
  { name: 'min-cert-days: -1', with: { 'min-cert-days': '-1' }, names: 'min-cert-days' },
  { name: 'latency-requests: 10001', with: { 'latency-requests': '10001' }, names: 'latency-requests' },
  { name: 'check-tls: nope', with: { 'check-tls': 'nope' }, names: 'check-tls' },
  { name: 'address: with a space', with: { address: 'a b' }, names: 'address' },
  { name: 'latency-p95: 0', with: { 'latency-p95': '0' }, names: 'latency-p95' },
]);

// ---------------------------------------------------------------------------------------------------------
group('pipeline', [
  { name: 'skip: an unknown stage', with: { skip: 'lint' }, names: 'skip' },
  {
    name: 'canary: every host',
    with: { canary: '@SD@', watch: '1m' },
    names: 'canary',
    says: /every host \(1\) is a canary/,
  },
  {
    name: 'canary: named twice',
    with: { hosts: '@SD@,10.200.1.2', canary: '10.200.1.2, 10.200.1.2', watch: '1m' },
    names: 'canary',
    says: /named twice/,
  },
  {
    name: 'canary: 5 of 2 hosts',
    with: { hosts: '@SD@,10.200.1.2', canary: '5', watch: '1m' },
    names: 'canary',
    says: /5 canary host\(s\) of 2/,
  },
  {
    name: 'canary: without watch',
    with: { hosts: '@SD@,10.200.1.2', canary: '1' },
    names: 'canary',
    says: /needs 'watch'/,
  },
  {
    name: 'canary: with the watch stage skipped',
    with: { hosts: '@SD@,10.200.1.2', canary: '1', watch: '1m', skip: 'watch' },
    names: 'canary',
    says: /remove them from 'skip'/,
  },
  { name: 'reload-strategy: bogus', with: { 'reload-strategy': 'bogus' }, names: 'reload-strategy' },
  { name: 'smoke-timeout: 0 (no limit)', with: { 'smoke-timeout': '0' }, names: 'smoke-timeout' },
  { name: 'reload-timeout: 0 (no limit)', with: { 'reload-timeout': '0' }, names: 'reload-timeout' },
  { name: 'keep: 0', with: { keep: '0' }, names: 'keep' },
  { name: 'release-id: ../x', with: { 'release-id': '../x' }, names: 'release-id' },
  { name: 'lock-wait: -1', with: { 'lock-wait': '-1' }, names: 'lock-wait' },
  { name: 'hosts: a shell command', with: { hosts: '$(reboot)' }, names: 'hosts' },
  {
    name: 'url: with a password in it',
    with: { url: `https://u:${URL_PASSWORD}@shop.example.com` },
    names: 'url',
    hidden: [URL_PASSWORD],
  },
  { name: 'max-exposure: 20', with: { 'max-exposure': '20' }, names: 'max-exposure' },
  {
    name: 'spec: gunicorn.timeout is a string ("300")',
    with: {},
    spec: specWith(9, '  timeout: "300"'),
    names: 'gunicorn.timeout',
    line: 9,
  },
]);
