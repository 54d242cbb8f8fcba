/** The suite-wide secret check itself: a step that shows a registered secret fails the test that ran it. */
import { join } from 'node:path';
import { runStep, secret } from '../support/step.js';
import { repoRoot } from '../support/paths.js';

const probe = join(repoRoot, '__fixtures__', 'actions', 'probe');

describe('the secret check on every step', () => {
  it('fails a run whose outputs show a registered secret', async () => {
    const value = secret('hunter2-is-not-a-good-password');
    await expect(runStep({ actionDir: probe, with: { greeting: value } })).rejects.toThrow(
      /a secret was visible/,
    );
  });

  it('passes a run that masks it', async () => {
    const value = secret('another-secret-value-123');
    const r = await runStep({ actionDir: probe, with: { secret: value } });
    expect(r.log).toContain('the secret is ***');
  });
});
