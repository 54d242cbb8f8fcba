/**
 * Inputs from the spec (`deploy:`, `backup:`): what is not secret lives in the spec, the workflow passes
 * secrets; a workflow's input wins, secrets and per-run inputs are refused with their spec line, and a wrong
 * value is reported under its spec field. Read through readInputs as an action reads them (INPUT_* variables).
 */
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readInputs } from '../../src/actions/common/step.js';
import {
  keyProblem,
  provenanceLine,
  specInputProblems,
  withSpec,
} from '../../src/actions/common/spec-inputs.js';
import { inputs as backupInputs } from '../../src/actions/backup-db/inputs.js';
import { inputs as reloadInputs } from '../../src/actions/reload-graceful/inputs.js';
import { inputs as smokeInputs } from '../../src/actions/smoke-check/inputs.js';
import { inputs as deployInputs } from '../../src/actions/ssh-deploy/inputs.js';
import type { InputDecls } from '../../src/config/inputs.js';
import { InputError } from '../../src/errors.js';
import { loadSpec } from '../../src/appspec/load.js';
import { repoRoot } from '../support/paths.js';

const base = `app: {name: shop, module: "app:app", path: /srv/shop}
proxy: {domains: [shop.example.com]}
`;
const spec = `${base}deploy:
  hosts: [web1.example.com, web2.example.com]
  user: deploy
  known-hosts: |
    web1.example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl
  keep: 7
  shared: [.env, media/]
backup:
  engine: postgres
  database: postgres://shop@127.0.0.1:5432/shop
  hosts: db1.example.com
  keep-last: 9
`;

let ws: string;
const saved = { ...process.env };
beforeEach(() => {
  ws = mkdtempSync(join(tmpdir(), 'keel-spec-inputs-'));
  mkdirSync(join(ws, 'deploy'));
  process.env = { ...saved, GITHUB_WORKSPACE: ws };
});
afterEach(() => {
  process.env = { ...saved };
  rmSync(ws, { recursive: true, force: true });
});
const write = (text: string, path = 'deploy/keel.yml') => writeFileSync(join(ws, path), text);
/** The runner hands each input to the action as INPUT_<NAME>, with action.yml's default when not given. */
function given(decls: InputDecls, inputs: Record<string, string>) {
  for (const [name, d] of Object.entries(decls))
    process.env[`INPUT_${name.toUpperCase()}`] = inputs[name] ?? d.default ?? '';
}
async function problems(body: () => Promise<unknown>) {
  try {
    await body();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).problems;
  }
  throw new Error('the inputs were accepted');
}

describe('inputs from the spec', () => {
  it('fills what the workflow leaves unset; the workflow wins; the spec wins over a default', async () => {
    write(spec);
    given(deployInputs, { 'ssh-key': 'KEY', hosts: 'canary.example.com', mode: 'deploy' });
    const i = await readInputs(deployInputs);
    expect(i.hosts).toEqual(['canary.example.com']); // the workflow's
    expect(i.user).toBe('deploy');
    expect(i['known-hosts']).toMatch(/^web1\.example\.com ssh-ed25519 /);
    expect(i.keep).toBe(7); // the runner passed the default 5: the spec's 7 wins
    expect(i.shared).toEqual(['.env', 'media/']);
    expect(i['deploy-path']).toBe('/srv/shop'); // app.path, not asked again
  });

  it('says which inputs came from the spec and which the workflow overrode', () => {
    write(spec);
    const env: Record<string, string> = { hosts: 'canary.example.com', user: 'deploy' };
    const layered = withSpec(deployInputs, (n) => env[n] ?? (deployInputs as InputDecls)[n]?.default, ws);
    for (const n of ['hosts', 'user', 'keep', 'shared', 'port']) layered.source(n);
    expect(layered.provenance).toEqual({
      file: 'deploy/keel.yml',
      fromSpec: ['keep', 'shared'],
      overridden: ['hosts'],
    });
    expect(provenanceLine(layered.provenance)).toBe(
      "inputs from the spec `deploy/keel.yml`: `keep`, `shared`; the workflow's `hosts` won over the spec's (inputs win over the spec)",
    );
  });

  it('gives backup-db its backup: section over deploy:, and never to the other actions', async () => {
    write(spec);
    given(backupInputs, {});
    const b = await readInputs(backupInputs);
    expect(b.hosts).toEqual(['db1.example.com']);
    expect(b.user).toBe('deploy'); // the connection from deploy:
    expect(b.engine).toBe('postgres');
    expect(b['keep-last']).toBe(9);
    given(reloadInputs, {});
    const r = await readInputs(reloadInputs);
    expect(r.hosts).toEqual(['web1.example.com', 'web2.example.com']);
    expect(r.unit).toBe('shop.service');
    expect(r['deploy-path']).toBe('/srv/shop');
  });

  it("takes smoke-check's site from the spec's first domain", async () => {
    write(spec);
    given(smokeInputs, {});
    expect((await readInputs(smokeInputs)).url).toBe('https://shop.example.com');
  });

  it('refuses secrets, per-run inputs and unknown names in the spec, each on its line', async () => {
    write(
      `${base}deploy:\n  ssh-key: "-----BEGIN OPENSSH PRIVATE KEY-----"\n  mode: rollback\n  hostz: [a]\n`,
    );
    given(deployInputs, {});
    const p = await problems(() => readInputs(deployInputs));
    expect(p).toEqual([
      expect.objectContaining({
        field: 'deploy.ssh-key',
        line: 4,
        file: 'deploy/keel.yml',
        message: expect.stringMatching(/is a secret/),
      }),
      expect.objectContaining({
        field: 'deploy.mode',
        line: 5,
        message: expect.stringMatching(/describes one run/),
      }),
      expect.objectContaining({
        field: 'deploy.hostz',
        line: 6,
        message: expect.stringMatching(/is not an input of .*takes .*hosts/),
      }),
    ]);
    // The secret's value is nowhere in the problems.
    expect(JSON.stringify(p)).not.toContain('BEGIN OPENSSH');
    expect(keyProblem('backup', 'database-password')).toMatch(/is a secret/);
  });

  it('reports a wrong value under its spec field, and a list item with a newline as a spec problem', async () => {
    write(`${base}deploy:\n  port: 70000\n  hosts: [web1]\n`);
    given(deployInputs, {});
    expect(await problems(() => readInputs(deployInputs))).toEqual([
      { field: 'deploy.port (deploy/keel.yml)', message: '70000 is above the maximum 65535' },
    ]);
    write(`${base}deploy:\n  hosts: ["web1\\nevil.example.com"]\n`);
    expect(await problems(() => readInputs(deployInputs))).toEqual([
      expect.objectContaining({ field: 'deploy.hosts[0]', message: 'must be one line (a list item)' }),
    ]);
  });

  it('reads the default file only when it exists; a spec the workflow names must exist', async () => {
    given(deployInputs, { hosts: 'web1' });
    expect((await readInputs(deployInputs)).user).toBeUndefined();
    given(deployInputs, { hosts: 'web1', spec: 'ops/keel.yml' });
    expect(await problems(() => readInputs(deployInputs))).toEqual([
      { field: 'spec', message: expect.stringMatching(/^ops\/keel\.yml does not exist in the workspace/) },
    ]);
    given(deployInputs, { hosts: 'web1', spec: '../etc/keel.yml' });
    expect((await problems(() => readInputs(deployInputs)))[0]).toMatchObject({ field: 'spec' });
  });

  it('accepts the commented deploy: and backup: sections of examples/keel.yml once uncommented', () => {
    const text = readFileSync(join(repoRoot, 'examples/keel.yml'), 'utf8');
    const start = text.indexOf('# deploy:\n');
    expect(start).toBeGreaterThan(0);
    const end = text.indexOf('\n\n', start);
    const uncommented = text.slice(start, end < 0 ? undefined : end + 1).replace(/^# ?/gm, '');
    const { spec } = loadSpec(text + uncommented, 'examples/keel.yml', {}, specInputProblems);
    expect(spec.deploy.hosts).toEqual(['web1.shop.example.com', 'web2.shop.example.com']);
    expect(spec.backup.engine).toBe('postgres');
  });
});
