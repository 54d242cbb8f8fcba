/**
 * The root action's inputs and outputs: the one place their names live (action.yml is generated from it).
 * Most are the stage actions' own declarations, reused as they are, so a name means the same in both places;
 * what the spec already says (deploy path, units, domain, health paths) is not asked again.
 */
import type { InputDecls } from '../../config/inputs.js';
import { connectionInputs } from '../common/connection-inputs.js';
import { inputs as render } from '../render-config/inputs.js';
import { inputs as deploy } from '../ssh-deploy/inputs.js';
import { inputs as reload } from '../reload-graceful/inputs.js';
import { inputs as smoke } from '../smoke-check/inputs.js';
import { timeLimitInput } from '../common/time-limit.js';

/**
 * The stages in the order they run. With `reload` skipped, the deploy stage reloads the service itself
 * (ssh-deploy's `reload-unit`: a plain `systemctl reload`, unproved). `watch` runs only with a `watch` window.
 */
export const STAGES = ['render', 'deploy', 'reload', 'smoke', 'watch'] as const;
export type StageName = (typeof STAGES)[number];

function pick<T extends InputDecls, const K extends keyof T>(decls: T, names: readonly K[]): Pick<T, K> {
  return Object.fromEntries(names.map((n) => [n, decls[n]])) as Pick<T, K>;
}

export const inputs = {
  ...pick(render, ['spec', 'set', 'output-dir', 'validate', 'max-exposure']),
  ...connectionInputs,
  skip: {
    kind: 'list',
    description: `Stages not to run, of: ${STAGES.join(', ')}. Without \`render\`, deploy installs the files already in \`output-dir\` (if any); without \`deploy\`, smoke expects \`release-id\` (if given).`,
  },
  ...pick(deploy, [
    'source',
    'exclude',
    'release-id',
    'shared',
    'keep',
    'venv',
    'venv-system-site-packages',
    'wheels-dir',
    'pip-args',
    'build',
    'before-switch',
    'after-switch',
    'lock-wait',
    'lock-ttl',
    'max-parallel',
    'batch-size',
    'batch-wait',
    'github-deployment',
    'environment',
    'environment-url',
    'github-token',
  ]),
  'install-config': {
    ...deploy['install-config'],
    description:
      'Install the host-level files render made (systemd units, the Nginx or Caddy site, logrotate rules) as root through `sudo -n`, only those that changed, checked on the host and put back if anything fails.',
  },
  'reload-strategy': {
    kind: 'choice',
    choices: ['systemd', 'rolling', 'socket', 'restart'] as const,
    default: 'rolling',
    description:
      "How the reload stage reloads the spec's service: `rolling` (the same master, workers replaced one at a time: no wait while they boot; HUP when the release changes gunicorn.conf.py), `systemd` (HUP: every worker at once; requests wait while the new ones boot), `socket` (restart behind the socket unit), `restart` (drops requests). Each is proved by the new worker generation, readiness and the deployed release on the version path.",
  },
  'reload-timeout': {
    ...reload.timeout,
    description: 'How long the new workers (and each health gate) may take in the reload stage.',
  },
  rollback: {
    ...reload.rollback,
    description:
      'When the reload stage fails: switch `current` back to the previous release, reload onto it and confirm health.',
  },
  ...pick(reload, ['load-url', 'load-address', 'load-rate', 'load-window', 'max-failed-requests']),
  url: {
    ...smoke.url,
    required: false,
    description: "The site to smoke-check. Default: `https://` and the spec's first domain.",
  },
  ...pick(smoke, ['address', 'ca']),
  endpoints: {
    kind: 'list',
    description:
      "Paths to smoke-check, one a line, each with the statuses that pass. Default: the spec's health paths (liveness, readiness, version).",
  },
  ...pick(smoke, ['expect']),
  'expected-version': {
    ...smoke['expected-version'],
    description: 'The release id the site must report. Default: the release the deploy stage deployed.',
  },
  'smoke-timeout': smoke.timeout,
  'smoke-deadline': smoke.deadline,
  ...pick(smoke, [
    'min-cert-days',
    'check-tls',
    'check-headers',
    'min-grade',
    'latency-requests',
    'latency-p95',
    'report-file',
  ]),
  watch: {
    kind: 'duration',
    default: '0',
    maxMs: 3_600_000,
    description:
      "After the switch, watch the site this long (e.g. `5m`; `0`: off): keel reads the Nginx access log on each host (health paths, static files and bots left out) for the same length before the switch and after it, and rolls the release back when the 5xx ratio or p95 latency breaches the spec's `alerts` thresholds or rises significantly over the baseline (5xx: one-sided two-proportion z-test, p < 0.01; p95: over 2x the baseline's and 100 ms slower). Under 50 requests it says there was not enough traffic to judge (a warning, not a pass). Buckets: a minute from `5m` up, shorter windows about six.",
  },
  ...timeLimitInput('2h'),
} as const satisfies InputDecls;

export const outputs = {
  status: '`success` when every stage that ran passed, else `failure`.',
  stages:
    'JSON array, one object per stage: name, result (passed, failed, skipped, not run), seconds, key figures.',
  'render-result': 'The render stage: `passed`, `failed`, `skipped` or `not run`.',
  'deploy-result': 'The deploy stage: `passed`, `failed`, `skipped` or `not run`.',
  'reload-result': 'The reload stage: `passed`, `failed`, `skipped` or `not run`.',
  'smoke-result': 'The smoke stage: `passed`, `failed`, `skipped` or `not run`.',
  'watch-result':
    'The watch after the switch: `healthy`, `regressed` (rolled back), `not-enough-traffic` (not judged), `error` (a host could not be read) or `off`.',
  'rendered-dir':
    "The rendered files the deploy used: render's output directory, or `output-dir` when render was skipped and holds them (empty when neither).",
  service: 'The systemd service unit (from the spec).',
  'release-id': 'The release deployed.',
  'previous-release': 'The release that was current before, on the first host.',
  'deployed-hosts': 'Hosts the release went live on, comma-separated.',
  'failed-hosts':
    'Hosts the deploy failed on (each keeps or went back to its previous release), comma-separated.',
  'serving-release':
    'The release the version path reported after the reload (empty when reload did not run).',
  'rolled-back-hosts': 'Hosts the reload stage rolled back to their previous release, comma-separated.',
  'load-requests': 'Load probe (with `load-url`): requests sent during the reload stage.',
  'load-failed': 'Load probe: failed requests (errors and 5xx).',
  'smoke-passed': '`true` when every smoke check passed (empty when smoke did not run).',
  grade: 'The security-header grade (A+ ... F) smoke-check gave.',
  version: 'The release id the site reports.',
} as const;
