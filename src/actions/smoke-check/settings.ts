/**
 * smoke-check's settings: what a smoke check needs, parsed and checked once from the action's inputs (every
 * error names its input). The stage (stage.ts) takes these, not inputs; the root action builds them from its
 * own inputs and the spec through `smokeSettingsFrom`.
 */
import { InputError, type Problem } from '../../errors.js';
import type { Inputs } from '../../config/inputs.js';
import { type Assertion, parseAssertion, type SmokeOptions } from '../../probes/smoke.js';
import type { inputs as decls } from './inputs.js';

export type SmokeInputs = Inputs<typeof decls>;

export interface SmokeSettings {
  /** The site and every check to run on it. */
  check: SmokeOptions;
  /** Where the JSON report goes, relative to the workspace. */
  reportFile: string;
}

/** The inputs the root action shares with smoke-check, by the same names. */
export type SiteCheckInputs = Pick<
  SmokeInputs,
  | 'endpoints'
  | 'expect'
  | 'address'
  | 'ca'
  | 'min-cert-days'
  | 'check-tls'
  | 'check-headers'
  | 'check-names'
  | 'min-grade'
  | 'latency-requests'
  | 'latency-p95'
  | 'report-file'
>;

/** What is not among the shared inputs: the site, its version path and the time limits. */
export interface Site {
  url: string;
  versionPath: string;
  expectedVersion: string | undefined;
  timeoutMs: number;
  deadlineMs: number;
}

/** The settings from the shared inputs and the site; every malformed endpoint or assertion is reported at once. */
export function smokeSettingsFrom(inputs: SiteCheckInputs, site: Site): SmokeSettings {
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
    check: {
      url: site.url,
      address: inputs.address,
      ca: inputs.ca,
      endpoints,
      assertions,
      expectedVersion: site.expectedVersion,
      versionPath: site.versionPath,
      timeoutMs: site.timeoutMs,
      deadlineMs: site.deadlineMs,
      minCertDays: inputs['min-cert-days'],
      checkTls: inputs['check-tls'],
      checkHeaders: inputs['check-headers'],
      checkNames: inputs['check-names'],
      minGrade: inputs['min-grade'],
      latency:
        inputs['latency-requests'] > 0
          ? { requests: inputs['latency-requests'], p95BudgetMs: inputs['latency-p95'] }
          : undefined,
    },
    reportFile: inputs['report-file'],
  };
}

/** smoke-check's input helper: its inputs, parsed once into settings. */
export function smokeSettings(inputs: SmokeInputs): SmokeSettings {
  if (!inputs.url)
    throw new InputError([
      { field: 'url', message: "is required but was not given (as an input, or the spec's proxy.domains)" },
    ]);
  return smokeSettingsFrom(inputs, {
    url: inputs.url,
    versionPath: inputs['version-path'],
    expectedVersion: inputs['expected-version'],
    timeoutMs: inputs.timeout,
    deadlineMs: inputs.deadline,
  });
}
