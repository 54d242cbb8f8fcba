/** smoke-check entry: inputs → library → outputs and job summary. */
import * as core from '@actions/core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError, KeelError, type Problem } from '../../errors.js';
import { type Assertion, parseAssertion, smokeCheck } from '../../probes/smoke.js';
import { smokeReport } from '../../report/smoke.js';
import { readInputs, step, writeSummary } from '../common/step.js';
import { inputs as decls } from './inputs.js';

export async function main(): Promise<void> {
  await step(async () => {
    const inputs = readInputs(decls);
    const problems: Problem[] = [];
    const endpoints = inputs.endpoints.flatMap((line) => {
      const [path, ...codes] = line.split(/\s+/);
      if (!path || !/^\/\S*$/.test(path) || codes.some((c) => !/^[1-5]\d\d$/.test(c))) {
        problems.push({ field: 'endpoints', message: `${JSON.stringify(line)} is not "/path [status ...]"` });
        return [];
      }
      return [{ path, status: codes.length ? codes.map(Number) : [200] }];
    });
    const assertions: Assertion[] = inputs.expect.flatMap((line) => {
      const a = parseAssertion(line);
      if (!a)
        problems.push({
          field: 'expect',
          message: `${JSON.stringify(line)} is not "/path field == value" (or != or ~ regex)`,
        });
      return a ? [a] : [];
    });
    if (problems.length) throw new InputError(problems);
    const report = await core.group(`Checking ${inputs.url}`, () =>
      smokeCheck(
        {
          url: inputs.url,
          address: inputs.address,
          ca: inputs.ca,
          endpoints,
          assertions,
          expectedVersion: inputs['expected-version'],
          versionPath: inputs['version-path'],
          timeoutMs: inputs.timeout,
          deadlineMs: inputs.deadline,
          minCertDays: inputs['min-cert-days'],
          checkTls: inputs['check-tls'],
          checkHeaders: inputs['check-headers'],
          minGrade: inputs['min-grade'],
          latency:
            inputs['latency-requests'] > 0
              ? { requests: inputs['latency-requests'], p95BudgetMs: inputs['latency-p95'] }
              : undefined,
        },
        (line) => core.info(line),
      ),
    );
    for (const c of report.checks) {
      const line = `${c.name}: expected ${c.expected}, got ${c.got}`;
      if (c.ok) core.info(`pass  ${line}`);
      else core.error(line, { title: `keel smoke-check: ${c.group}` });
    }
    const file = resolve(process.env.GITHUB_WORKSPACE ?? process.cwd(), inputs['report-file']);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
    core.setOutput('passed', String(report.passed));
    core.setOutput('grade', report.score?.grade ?? '');
    core.setOutput('score', report.score ? String(report.score.score) : '');
    core.setOutput('version', report.version ?? '');
    core.setOutput('cert-days-left', report.certDaysLeft === undefined ? '' : String(report.certDaysLeft));
    core.setOutput('report', JSON.stringify(report));
    core.setOutput('report-file', file);
    await writeSummary([smokeReport(report)]);
    const failed = report.checks.filter((c) => !c.ok);
    if (failed.length)
      throw new KeelError(`${failed.length} of ${report.checks.length} smoke checks failed on ${inputs.url}`);
  });
}
