/** ssh-deploy entry: inputs → library → outputs and job summary. */
import * as core from '@actions/core';
import { KeelError } from '../../errors.js';
import { preflight } from '../../remote/preflight.js';
import { preflightReport } from '../../report/preflight.js';
import { connectionFrom } from '../common/connection.js';
import { readInputs, runnerLogger, step, writeSummary } from '../common/step.js';
import { inputs as decls } from './inputs.js';

export async function main(): Promise<void> {
  await step(async () => {
    const inputs = readInputs(decls);
    const log = runnerLogger();
    if (inputs.mode !== 'check') {
      throw new KeelError(
        `input 'mode': '${inputs.mode}' is not available yet in this version of keel; only 'check' is (the release engine is keel issue #4)`,
        { field: 'mode' },
      );
    }
    const connection = connectionFrom(inputs, log);
    const reports = await log.group(`Checking ${connection.endpoints.length} host(s)`, () =>
      preflight(
        connection.endpoints,
        connection.credentials,
        connection.options,
        {
          deployPath: inputs['deploy-path'],
          minFreeMiB: inputs['min-free-space'],
          requireSudo: inputs['require-sudo'],
          service: inputs.service,
        },
        log,
      ),
    );
    const failed = reports.filter((r) => !r.ok);
    for (const r of reports) {
      if (r.error) core.error(r.error, { title: `keel: ${r.host}` });
      for (const c of r.checks.filter((c) => !c.ok))
        core.error(`${r.host}: ${c.name}: ${c.detail}`, { title: `keel: ${r.host}` });
      if (r.ok) core.info(`${r.host}: all checks passed (${r.hostKey})`);
    }
    core.setOutput('status', failed.length === 0 ? 'success' : 'failure');
    core.setOutput('hosts', JSON.stringify(reports));
    core.setOutput('failed-hosts', failed.map((r) => r.host).join(','));
    await writeSummary([preflightReport(reports)]);
    if (failed.length > 0) {
      throw new KeelError(
        `${failed.length} of ${reports.length} host(s) failed the check: ${failed.map((r) => r.host).join(', ')}`,
      );
    }
  });
}

export async function post(): Promise<void> {
  // Nothing is locked in check mode; the release engine will release its lock here.
}
