/**
 * Every action.yml (the root one and actions/*) and every workflow passes the SchemaStore schemas, as checked
 * offline by @action-validator/core (its wasm build, from npm). That schema predates `runs.using: node24`
 * (0.6.0, the latest release, accepts node12/16/20 only): node24 is stood in for by node20 for the schema
 * check alone, and asserted on its own.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ACTIONS } from '../../src/main.js';
import { actionDir, repoRoot } from '../support/paths.js';

interface ValidationState {
  errors: { code: string; path?: string; title: string; detail?: string }[];
}
const validator = createRequire(import.meta.url)('@action-validator/core') as {
  validateAction(src: string): ValidationState;
  validateWorkflow(src: string): ValidationState;
};

const problems = (s: ValidationState) =>
  s.errors.map((e) => `${e.path ?? ''} ${e.title}${e.detail ? `: ${e.detail}` : ''}`);

function validateAction(text: string): string[] {
  expect(text).toMatch(/^ {2}using: node24$/m);
  return problems(validator.validateAction(text.replace(/^( {2}using:) node24$/m, '$1 node20')));
}

const actionFiles = [
  join(repoRoot, 'action.yml'),
  ...readdirSync(join(repoRoot, 'actions')).map((a) => join(repoRoot, 'actions', a, 'action.yml')),
];
const workflows = ['.github/workflows', 'examples/workflows'].flatMap((d) =>
  readdirSync(join(repoRoot, d))
    .filter((f) => f.endsWith('.yml'))
    .map((f) => join(repoRoot, d, f)),
);

describe('schema validation (SchemaStore schemas via @action-validator/core)', () => {
  it('covers every action', () => {
    expect(actionFiles.sort()).toEqual(ACTIONS.map((a) => join(actionDir(a), 'action.yml')).sort());
  });

  it.each(actionFiles.map((f) => [f.slice(repoRoot.length + 1), f]))(
    '%s is a valid action.yml',
    (_name, file) => {
      expect(validateAction(readFileSync(file, 'utf8'))).toEqual([]);
    },
  );

  it.each(workflows.map((f) => [f.slice(repoRoot.length + 1), f]))(
    '%s is a valid workflow',
    (_name, file) => {
      expect(problems(validator.validateWorkflow(readFileSync(file, 'utf8')))).toEqual([]);
    },
  );

  it('rejects a broken action.yml: a misspelt input key, no description, an unknown runtime', () => {
    const broken = readFileSync(join(repoRoot, '__fixtures__/broken-action.yml'), 'utf8');
    expect(validateAction(broken)).toEqual([
      "/inputs/hosts Property conditions are not met: Additional property 'desription' is not allowed",
      '/inputs/hosts/description This property is required',
    ]);
    expect(validateAction(broken.replace(/^description: .*\n/m, ''))).toContain(
      '/description This property is required',
    );
    expect(problems(validator.validateAction(broken.replace('node24', 'node99')))).toContain(
      '/runs OneOf conditions are not met',
    );
  });

  it('rejects a broken workflow: a job without runs-on or uses', () => {
    const r = problems(
      validator.validateWorkflow('on: push\njobs:\n  build:\n    steps:\n      - run: make\n'),
    );
    expect(r).toEqual(['/jobs/build OneOf conditions are not met']);
  });
});
