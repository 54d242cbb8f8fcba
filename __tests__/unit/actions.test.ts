/**
 * Every action as the runner runs it (committed dist/ under Node 24), for what needs no host: the metadata
 * matches the code's declarations, bad input gets one clear error naming the input with exit code 1 and no
 * stack trace, and secrets never reach the visible log.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readActionMetadata } from '../../src/runner/runner.js';
import { runStep, type StepResult, secret } from '../support/step.js';
import {
  inputs as sshDeployInputs,
  outputs as sshDeployOutputs,
} from '../../src/actions/ssh-deploy/inputs.js';
import { inputs as renderInputs, outputs as renderOutputs } from '../../src/actions/render-config/inputs.js';
import { inputs as smokeInputs, outputs as smokeOutputs } from '../../src/actions/smoke-check/inputs.js';
import { inputs as pipelineInputs, outputs as pipelineOutputs } from '../../src/actions/pipeline/inputs.js';
import { inputs as backupInputs, outputs as backupOutputs } from '../../src/actions/backup-db/inputs.js';
import {
  inputs as reloadInputs,
  outputs as reloadOutputs,
} from '../../src/actions/reload-graceful/inputs.js';
import type { InputDecls } from '../../src/config/inputs.js';
import { ACTIONS } from '../../src/main.js';
import { actionDir, repoRoot } from '../support/paths.js';
import { makeKey } from '../support/keys.js';

const declared: Partial<Record<string, { inputs: InputDecls; outputs: Record<string, string> }>> = {
  'ssh-deploy': { inputs: sshDeployInputs, outputs: sshDeployOutputs },
  'render-config': { inputs: renderInputs, outputs: renderOutputs },
  'smoke-check': { inputs: smokeInputs, outputs: smokeOutputs },
  pipeline: { inputs: pipelineInputs, outputs: pipelineOutputs },
  'backup-db': { inputs: backupInputs, outputs: backupOutputs },
  'reload-graceful': { inputs: reloadInputs, outputs: reloadOutputs },
};

function errors(r: StepResult): string[] {
  return r.annotations.filter((a) => a.level === 'error').map((a) => a.message);
}

function expectCleanFailure(r: StepResult): void {
  expect(r.exitCode).toBe(1);
  const visible = [...r.log, r.stderr].join('\n');
  expect(visible).not.toMatch(/\n\s+at .+:\d+:\d+/); // no stack trace
  expect(visible).not.toMatch(/TypeError|ReferenceError|unexpectedly/);
}

describe('action metadata', () => {
  it.each(Object.keys(declared))(
    '%s/action.yml declares exactly the inputs and outputs the code reads',
    (name) => {
      const meta = readActionMetadata(actionDir(name));
      const decl = declared[name]!;
      expect(Object.keys(meta.inputs)).toEqual(Object.keys(decl.inputs));
      for (const [input, d] of Object.entries(decl.inputs)) {
        expect({
          input,
          default: meta.inputs[input]?.default,
          required: meta.inputs[input]?.required ?? false,
        }).toEqual({
          input,
          default: d.default,
          required: d.required ?? false,
        });
        expect(meta.inputs[input]?.description).toBe(d.description);
      }
      expect(Object.keys(meta.outputs)).toEqual(Object.keys(decl.outputs));
    },
  );
});

it('every action declares its inputs', () => {
  expect(ACTIONS.filter((a) => !(a in declared))).toEqual([]);
});

describe('reload-graceful input errors', () => {
  const key = makeKey('ed25519');
  it('names every wrong input at once, before any host is contacted', async () => {
    const r = await runStep({
      actionDir: actionDir('reload-graceful'),
      with: {
        hosts: '127.0.0.1:1',
        'ssh-key': key.private,
        strategy: 'usr2',
        unit: 'shop.service',
        'batch-size': 'x',
      },
    });
    expectCleanFailure(r);
    expect(errors(r)).toEqual([
      "input 'pidfile': is required for strategy 'usr2'",
      "input 'unit': is not used by strategy 'usr2' (give 'pidfile')",
      expect.stringMatching(/^input 'batch-size': "x" is not a batch size/),
    ]);
  });

  it('refuses an unknown strategy and a boot check without a deploy path', async () => {
    const r = await runStep({
      actionDir: actionDir('reload-graceful'),
      with: {
        hosts: '127.0.0.1:1',
        'ssh-key': key.private,
        strategy: 'kill-9',
        unit: 'shop',
        'app-module': 'app:app',
      },
    });
    expectCleanFailure(r);
    expect(errors(r).join('\n')).toMatch(/input 'strategy'/);
  });
});

describe('ssh-deploy input errors', () => {
  const key = makeKey('ed25519');
  const base = {
    mode: 'check',
    hosts: '127.0.0.1:1',
    user: 'deploy',
    'ssh-key': key.private,
    'connect-retries': '0',
  };

  it.each([
    [{ hosts: '' }, "input 'hosts': is required but was not given"],
    [{ 'deploy-path': '/' }, 'input \'deploy-path\': "/" is not an absolute path other than /'],
    [{ 'deploy-path': '/srv/../etc' }, 'input \'deploy-path\': "/srv/../etc" is not an absolute path'],
    [{ 'deploy-path': '/srv/app;rm -rf ~' }, "input 'deploy-path'"],
    [{ hosts: 'web1;reboot' }, 'input \'hosts\': "web1;reboot" is not a host name or IP address'],
    [{ hosts: 'bad user@web1' }, "input 'hosts'"],
    [{ mode: 'yolo' }, 'input \'mode\': "yolo" is not one of: deploy, rollback, check'],
    [{ 'connect-timeout': 'soon' }, 'input \'connect-timeout\': "soon" is not a duration'],
    [{ 'ssh-key': 'not a key' }, "input 'ssh-key': not a private key"],
    [{ 'ssh-key': key.public }, "input 'ssh-key': not a private key: this looks like a public key"],
    [{ 'ssh-key': '' }, "input 'ssh-key': no credentials"],
    [
      { 'ssh-key': makeKey('rsa', { passphrase: 'pw' }).private },
      "the key is encrypted; give its passphrase in 'ssh-passphrase'",
    ],
  ])('%j → %s', async (change, message) => {
    const r = await runStep({ actionDir: actionDir('ssh-deploy'), with: { ...base, ...change } });
    expectCleanFailure(r);
    expect(errors(r).join('\n')).toContain(message);
    expect(r.outputs).toEqual({});
  });

  it.each([
    [{ mode: 'deploy' }, "input 'deploy-path': is required for mode deploy"],
    [
      { mode: 'deploy', 'deploy-path': '/srv/app', source: 'nope' },
      "input 'source': nope is not a directory in the workspace",
    ],
    [
      { mode: 'deploy', 'deploy-path': '/srv/app', shared: '../etc/passwd' },
      'input \'shared\': "../etc/passwd" is not a relative path',
    ],
    [
      { mode: 'deploy', 'deploy-path': '/srv/app', 'batch-size': 'half' },
      'input \'batch-size\': "half" is not a batch size',
    ],
    [{ mode: 'deploy', 'deploy-path': '/srv/app', 'release-id': '../x' }, "input 'release-id'"],
    [
      { mode: 'deploy', 'deploy-path': '/srv/app', 'rollback-to': 'r1' },
      "input 'rollback-to': is only used with mode: rollback",
    ],
    [
      { mode: 'deploy', 'deploy-path': '/srv/app', 'rendered-dir': 'nowhere' },
      "input 'rendered-dir': nowhere has no manifest.json",
    ],
  ])('deploy inputs %j → %s, before any host is contacted', async (change, message) => {
    const r = await runStep({ actionDir: actionDir('ssh-deploy'), with: { ...base, ...change } });
    expectCleanFailure(r);
    expect(errors(r).join('\n')).toContain(message);
    expect(r.log.join('\n')).not.toMatch(/cannot connect|ECONNREFUSED/);
  });

  it('names every wrong input at once', async () => {
    const r = await runStep({
      actionDir: actionDir('ssh-deploy'),
      with: { ...base, mode: 'x', 'min-free-space': '-1', 'require-sudo': 'maybe' },
    });
    expectCleanFailure(r);
    expect(r.annotations.map((a) => a.properties.title)).toEqual([
      'keel: input mode',
      'keel: input min-free-space',
      'keel: input require-sudo',
    ]);
  });

  it('masks the key and passphrase before anything else, even when the passphrase is wrong', async () => {
    const enc = makeKey('ed25519', { passphrase: 'pass-phrase-1234' });
    const r = await runStep({
      actionDir: actionDir('ssh-deploy'),
      with: { ...base, 'ssh-key': enc.private, 'ssh-passphrase': secret('wrong-phrase-5678') },
    });
    expectCleanFailure(r);
    expect(errors(r).join('\n')).toContain("input 'ssh-passphrase': the passphrase does not decrypt the key");
    // The process writes each secret once, inside its ::add-mask:: command (which the runner never shows);
    // nowhere else: not in the visible log, stderr, the summary or the outputs.
    const withoutMaskCommands = r.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::'));
    const everything = [
      ...withoutMaskCommands,
      ...r.log,
      r.stderr,
      r.summary,
      JSON.stringify(r.outputs),
    ].join('\n');
    expect(everything).not.toContain('wrong-phrase-5678');
    for (const line of enc.private.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'))) {
      expect(everything).not.toContain(line);
      expect(r.masks).toContain(line);
    }
  });

  it('says what failed when a host cannot be reached, per host, with outputs and a summary', async () => {
    const r = await runStep({
      actionDir: actionDir('ssh-deploy'),
      with: { ...base, 'trust-on-first-use': 'true', 'connect-timeout': '3s' },
    });
    expectCleanFailure(r);
    // One error line, with the host's cause.
    expect(errors(r)).toEqual([
      expect.stringMatching(
        /^1 of 1 host\(s\) failed the check: deploy@127\.0\.0\.1:1: cannot connect: .*ECONNREFUSED/,
      ),
    ]);
    expect(r.outputs.status).toBe('failure');
    expect(r.outputs['failed-hosts']).toBe('127.0.0.1');
    expect(r.summary).toContain('| 127.0.0.1 | FAIL |');
    expect(r.post?.exitCode).toBe(0);
  });
});

describe('the docs', () => {
  // Each action's page (actions/<name>/README.md; the root action's is docs/pipeline.md).
  const page = (name: string) =>
    readFileSync(
      join(repoRoot, name === 'pipeline' ? 'docs/pipeline.md' : `actions/${name}/README.md`),
      'utf8',
    );
  it.each(Object.keys(declared))(
    'documents every input and output of %s as action.yml declares them',
    (name) => {
      const meta = readActionMetadata(actionDir(name));
      const block =
        new RegExp(`<!-- keel:inputs ${name} -->([\\s\\S]*?)<!-- /keel:inputs -->`).exec(page(name))?.[1] ??
        '';
      const rows = [...block.matchAll(/^\| `([^`]+)` \| ([^|]*) \|/gm)].map((m) => [m[1], m[2]!.trim()]);
      const inputs = Object.entries(meta.inputs).map(([k, v]) => [
        k,
        `${v.required ? 'required' : v.default !== undefined ? `\`${v.default.replace(/\n/g, ' ')}\`` : ''}${(declared[name]!.inputs[k] as { secret?: boolean }).secret ? ' (secret)' : ''}`.trim(),
      ]);
      expect(rows.slice(0, inputs.length)).toEqual(inputs);
      expect(rows.slice(inputs.length).map((r) => r[0])).toEqual(Object.keys(meta.outputs));
    },
  );
});

describe('backup-db input errors', () => {
  const pw = secret('db-Password-9876');
  const base = {
    engine: 'postgres',
    database: 'postgres://app@127.0.0.1:5432/shop',
    'database-password': pw,
  };
  it.each([
    [{ engine: 'oracle' }, 'input \'engine\': "oracle" is not one of: postgres, mysql, sqlite, files'],
    [{ database: 'postgres://app@127.0.0.1:5432' }, "input 'database': names no database"],
    [
      { database: 'mysql://app@db/shop' },
      "input 'database': has the scheme mysql, but engine postgres needs",
    ],
    [
      { database: 'postgres://app:hunter22@db/shop' },
      "input 'database': contains a password: give it in 'database-password'",
    ],
    [
      { database: 'not a url at all' },
      'input \'database\': "not a url at all" is not a database name or URL',
    ],
    [
      { 'database-password': '' },
      "input 'database-password': is empty, but database connects as app over TCP",
    ],
    [
      { 'keep-last': '0', 'keep-daily': '0', 'keep-weekly': '0', 'keep-monthly': '0', 'keep-yearly': '0' },
      "input 'keep-last': retention keeps nothing",
    ],
    [{ mode: 'restore' }, "input 'restore-database': is required for mode restore"],
    [
      { mode: 'restore', 'restore-database': 'postgres://app@127.0.0.1:5432/shop' },
      "input 'restore-database': is the database that was backed up; give overwrite: true",
    ],
    [{ engine: 'sqlite', database: 'app.db' }, 'input \'database\': "app.db" is not an absolute path'],
    [{ 'age-recipients': 'ssh-ed25519 AAAA' }, "input 'age-recipients'"],
    [{ destination: 'server' }, "input 'hosts': is required for destination: server"],
  ])('%j → %s, before anything is contacted', async (change, message) => {
    const r = await runStep({ actionDir: actionDir('backup-db'), with: { ...base, ...change } });
    expectCleanFailure(r);
    expect(errors(r).join('\n')).toContain(message);
    expect(r.outputs).toEqual({});
  });
});
