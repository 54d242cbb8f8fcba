/**
 * Each action parses its inputs once into settings (src/actions/<name>/settings.ts), and the root action
 * composes its stages' settings from its own inputs and the spec, without building another action's inputs.
 * These pin what the settings say: every problem at once and naming its input, what the root action takes from
 * the spec, and that a GitHub Deployment without a token is refused before anything runs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inputs as pipelineDecls } from '../../src/actions/pipeline/inputs.js';
import { canaryPlan, checkSkip, stageSettings } from '../../src/actions/pipeline/settings.js';
import { inputs as reloadDecls } from '../../src/actions/reload-graceful/inputs.js';
import { reloadSettings } from '../../src/actions/reload-graceful/settings.js';
import { inputs as smokeDecls } from '../../src/actions/smoke-check/inputs.js';
import { smokeSettings } from '../../src/actions/smoke-check/settings.js';
import { inputs as deployDecls } from '../../src/actions/ssh-deploy/inputs.js';
import { sshDeploySettings } from '../../src/actions/ssh-deploy/settings.js';
import { loadSpec } from '../../src/appspec/load.js';
import { resolve } from '../../src/appspec/resolve.js';
import { type InputDecls, parseInputs } from '../../src/config/inputs.js';
import { InputError } from '../../src/errors.js';
import { repoRoot } from '../support/paths.js';

const shop = readFileSync(join(repoRoot, '__fixtures__/specs/shop.yml'), 'utf8');
const spec = (overrides: Record<string, unknown> = {}) => resolve(loadSpec(shop, 'shop.yml', overrides).spec);

/** The inputs a workflow gives (as the runner passes them: text), parsed by the one parser. */
const given = <T extends InputDecls>(decls: T, values: Record<string, string>) =>
  parseInputs(decls, (name) => values[name]);

/** The fields an InputError names, in order (or the message of any other error). */
function fields(f: () => unknown): string[] | string {
  try {
    f();
    return [];
  } catch (error) {
    if (error instanceof InputError) return error.problems.map((p) => p.field);
    return (error as Error).message;
  }
}

describe("the root action's settings come from its inputs and the spec", () => {
  const root = (values: Record<string, string> = {}) =>
    given(pipelineDecls, { hosts: 'web1.example.com', 'ssh-key': 'k', spec: 'keel.yml', ...values });

  it("reload: the spec's service, deploy path, health paths and module; one host at a time", () => {
    const { reload, deploy, smoke } = stageSettings(root(), spec());
    expect(reload.options).toMatchObject({
      strategy: 'rolling',
      unit: 'shop.service',
      pidfile: undefined,
      deployPath: '/srv/shop',
      expected: undefined,
      bootCheck: { module: 'app:app', python: undefined },
      proxy: 'none',
      timeoutMs: 60_000,
    });
    expect(reload.options.gate).toMatchObject({ readinessPath: '/readyz', versionPath: '/version' });
    expect(reload.batch).toEqual({ kind: 'count', n: 1 });
    expect(reload.load).toBeUndefined();
    // The deploy stage: the spec's deploy path; it reloads nothing itself while the reload stage runs.
    expect(deploy).toMatchObject({ deployPath: '/srv/shop', reloadUnit: undefined, watchMs: 0 });
    // The smoke stage: the spec's first domain and its health paths.
    expect(smoke.check.url).toBe('https://shop.example.com');
    expect(smoke.check.endpoints.map((e) => e.path)).toEqual(['/healthz', '/readyz', '/version']);
  });

  it('an app under supervisor is reloaded through supervisorctl, by its program name', () => {
    const { reload } = stageSettings(
      root(),
      spec({ 'process-manager': 'supervisor', 'gunicorn.bind': 'tcp' }),
    );
    expect(reload.options).toMatchObject({ strategy: 'supervisor', unit: 'shop' });
  });

  it('with the reload stage skipped, the deploy stage reloads the service itself', () => {
    expect(stageSettings(root({ skip: 'reload' }), spec()).deploy.reloadUnit).toBe('shop.service');
  });

  it('each problem names the root action’s own input', () => {
    expect(fields(() => stageSettings(root({ endpoints: 'healthz', expect: '/x ~ (' }), spec()))).toEqual([
      'endpoints',
      'expect',
    ]);
    expect(fields(() => stageSettings(root({ 'batch-size': '0', shared: '../x' }), spec()))).toEqual([
      'batch-size',
      'shared',
    ]);
    expect(fields(() => checkSkip(root({ skip: 'rollout' })))).toEqual(['skip']);
    expect(fields(() => canaryPlan(root({ canary: '1' }), ['a', 'b']))).toEqual(['canary']);
  });

  it('a GitHub Deployment without a token is refused before any stage runs', () => {
    // `with: github-token: ''` (or an unset secret): the runner passes '' and never its default expression.
    const inputs = root({ 'github-deployment': 'true', 'github-token': '' });
    expect(fields(() => stageSettings(inputs, spec()))).toBe(
      "input 'github-token' is empty but 'github-deployment' is on",
    );
  });
});

describe("each action's input helper", () => {
  it('reload-graceful: every problem at once, each naming its input', () => {
    const inputs = given(reloadDecls, {
      hosts: 'h',
      'ssh-key': 'k',
      strategy: 'usr2',
      unit: 'shop.service',
      'app-module': 'app:app',
      'batch-size': 'some',
    });
    expect(fields(() => reloadSettings(inputs))).toEqual(['pidfile', 'unit', 'app-module', 'batch-size']);
  });

  it('smoke-check: a missing url is said first, alone', () => {
    const inputs = given(smokeDecls, { endpoints: 'no-slash' });
    expect(fields(() => smokeSettings(inputs))).toEqual(['url']);
    expect(fields(() => smokeSettings({ ...inputs, url: 'https://x.example' }))).toEqual(['endpoints']);
  });

  it('ssh-deploy: check mode needs nothing more; rollback and deploy are checked per mode', () => {
    const base = { hosts: 'h', 'ssh-key': 'k' };
    expect(sshDeploySettings(given(deployDecls, { ...base, mode: 'check' })).mode).toBe('check');
    expect(fields(() => sshDeploySettings(given(deployDecls, { ...base, mode: 'rollback' })))).toEqual([
      'deploy-path',
    ]);
    const rollback = sshDeploySettings(
      given(deployDecls, { ...base, mode: 'rollback', 'deploy-path': '/srv/shop', 'rollback-to': 'r1' }),
    );
    expect(rollback).toMatchObject({ mode: 'rollback', rollback: { deployPath: '/srv/shop', target: 'r1' } });
    expect(
      fields(() =>
        sshDeploySettings(given(deployDecls, { ...base, 'deploy-path': '/srv/shop', source: 'nope/' })),
      ),
    ).toEqual(['source']);
    const deploy = given(deployDecls, {
      ...base,
      'deploy-path': '/srv/shop',
      'github-deployment': 'true',
      'github-token': '',
    });
    expect(fields(() => sshDeploySettings(deploy))).toBe(
      "input 'github-token' is empty but 'github-deployment' is on",
    );
  });
});
