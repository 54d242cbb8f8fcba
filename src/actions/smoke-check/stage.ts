/**
 * smoke-check's work, shared by its own entry and the root pipeline action: settings (settings.ts) in, the
 * report, outputs and key figures out.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { KeelError } from '../../errors.js';
import type { StageRun } from '../../report/run.js';
import { smokeCheck } from '../../probes/smoke.js';
import type { Logger } from '../../log.js';
import { smokeReport } from '../../report/smoke.js';
import type { SmokeSettings } from './settings.js';

export async function checkSite(settings: SmokeSettings, log: Logger): Promise<StageRun> {
  const { check: options, reportFile } = settings;
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
