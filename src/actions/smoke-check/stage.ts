/**
 * smoke-check's work, shared by its own entry and the root pipeline action: parsed inputs in, the report,
 * outputs and key figures out.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError, KeelError, type Problem } from '../../errors.js';
import type { Inputs } from '../../config/inputs.js';
import type { StageRun } from '../../pipeline/pipeline.js';
import { type Assertion, parseAssertion, smokeCheck, type SmokeOptions } from '../../probes/smoke.js';
import type { Logger } from '../../log.js';
import { smokeReport } from '../../report/smoke.js';
import type { inputs as decls } from './inputs.js';

export type SmokeInputs = Inputs<typeof decls>;

/** The checks to run, from the inputs; every malformed endpoint or assertion is reported at once. */
export function smokeOptions(inputs: Omit<SmokeInputs, 'url'>, url: string): SmokeOptions {
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
    if (!a) {
      problems.push({
        field: 'expect',
        message: `${JSON.stringify(line)} is not "/path field == value" (or != or ~ regex)`,
      });
      return [];
    }
    if (a.op === '~') {
      try {
        new RegExp(a.value);
      } catch (error) {
        problems.push({
          field: 'expect',
          message: `${JSON.stringify(a.value)}: ${(error as Error).message}`,
        });
        return [];
      }
    }
    return [a];
  });
  if (problems.length) throw new InputError(problems);
  return {
    url,
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
    checkNames: inputs['check-names'],
    minGrade: inputs['min-grade'],
    latency:
      inputs['latency-requests'] > 0
        ? { requests: inputs['latency-requests'], p95BudgetMs: inputs['latency-p95'] }
        : undefined,
  };
}

export async function checkSite(options: SmokeOptions, reportFile: string, log: Logger): Promise<StageRun> {
  const report = await log.group(`Checking ${options.url}`, () => smokeCheck(options, (l) => log.info(l)));
  for (const c of report.checks)
    log.info(`${c.ok ? 'pass' : 'FAIL'}  ${c.name}: expected ${c.expected}, got ${c.got}`);
  const file = resolve(process.env.GITHUB_WORKSPACE ?? process.cwd(), reportFile);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
  const failed = report.checks.filter((c) => !c.ok);
  return {
    outputs: {
      passed: String(report.passed),
      grade: report.score?.grade ?? '',
      score: report.score ? String(report.score.score) : '',
      version: report.version ?? '',
      'cert-days-left': report.certDaysLeft === undefined ? '' : String(report.certDaysLeft),
      report: JSON.stringify(report),
      'report-file': file,
    },
    reports: [smokeReport(report)],
    figures:
      `${report.checks.length - failed.length}/${report.checks.length} checks` +
      (report.score ? `, grade ${report.score.grade}` : '') +
      (report.version ? `, version ${report.version}` : ''),
    // One error for the step, listing every failed check (the job summary has the whole table).
    error: failed.length
      ? new KeelError(
          `${failed.length} of ${report.checks.length} smoke checks failed on ${report.url}:\n` +
            failed.map((c) => `- ${c.name}: expected ${c.expected}, got ${c.got}`).join('\n'),
        )
      : undefined,
  };
}
