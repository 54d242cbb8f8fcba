/** smoke-check's inputs and outputs: the one place their names live (action.yml is checked against it). */
import type { InputDecls } from '../../config/inputs.js';
import { timeLimitInput } from '../common/time-limit.js';

export const inputs = {
  url: {
    kind: 'string',
    required: true,
    // No `user:password@`: a URL is shown in logs, outputs and the summary, so credentials in it are refused.
    pattern: /^https?:\/\/[^\s/@]+(\/[^\s]*)?$/,
    patternHint:
      'an http(s) URL like https://shop.example.com, without user:password@ (it would be shown in logs)',
    description: 'The site, e.g. `https://shop.example.com` (endpoint paths are relative to it).',
  },
  address: {
    kind: 'string',
    pattern: /^[A-Za-z0-9.:[\]-]+$/,
    patternHint: 'an IP address or host name',
    description:
      "Connect to this address instead of the URL's host, still sending the real name (SNI and Host): checks one server of a fleet, or before DNS points at it.",
  },
  ca: { kind: 'text', description: 'Extra CA certificate (PEM) to trust, for private CAs.' },
  endpoints: {
    kind: 'list',
    default: '/healthz\n/readyz\n/version',
    description:
      'Paths to request, one a line, each with the statuses that pass: `/healthz` (200) or `/login 200 302`.',
  },
  expect: {
    kind: 'list',
    description:
      'Assertions, one a line: a JSON field (`/readyz status == ready`, `/version release ~ ^2026`) or the raw body (`/ body ~ <h1>Shop</h1>`); `==`, `!=`, `~` (regex).',
  },
  'expected-version': {
    kind: 'string',
    description:
      "The release id `version-path` must report (e.g. ssh-deploy's `release-id` output): old code still serving fails.",
  },
  'version-path': {
    kind: 'string',
    default: '/version',
    description: 'Where the version JSON (`release` or `version`) is.',
  },
  timeout: {
    kind: 'duration',
    default: '10s',
    minMs: 100,
    maxMs: 600_000,
    description:
      'Time allowed for one request: connect, TLS handshake, headers and body (at most 1 MB read).',
  },
  deadline: {
    kind: 'duration',
    default: '60s',
    minMs: 1000,
    maxMs: 3_600_000,
    description:
      'Keep retrying the endpoint checks (exponential backoff with jitter) until they pass or this time is up: waits out a rollout. Requests still in flight then are stopped.',
  },
  'min-cert-days': {
    kind: 'integer',
    default: '14',
    min: 0,
    description: 'Days the certificate must still be valid.',
  },
  'check-tls': {
    kind: 'boolean',
    default: 'true',
    description: 'Check the certificate, TLS 1.2/1.3 offered, TLS 1.0/1.1 refused, the cipher.',
  },
  'check-headers': {
    kind: 'boolean',
    default: 'true',
    description: 'Score the security headers (MDN HTTP Observatory rules) and check `Server`.',
  },
  'check-names': {
    kind: 'boolean',
    default: 'true',
    description:
      "Ask the server for a name it does not serve, by Host and by TLS server name: it must refuse both (keel's rendered sites do), never answer as the site, redirect to that name or complete a handshake with the site's certificate. Turn off for sites behind a shared front end (a CDN) that answers every name.",
  },
  'min-grade': {
    kind: 'choice',
    choices: ['A+', 'A', 'A-', 'B+', 'B', 'B-', 'C+', 'C', 'C-', 'D+', 'D', 'D-', 'F'] as const,
    default: 'A+',
    description: 'The lowest header grade that passes.',
  },
  'latency-requests': {
    kind: 'integer',
    default: '0',
    min: 0,
    max: 10000,
    description: 'Requests per endpoint for latency percentiles (0: none).',
  },
  'latency-p95': {
    kind: 'duration',
    default: '1s',
    minMs: 1,
    description: 'The p95 latency budget per endpoint.',
  },
  'report-file': {
    kind: 'string',
    default: '.keel/smoke-report.json',
    description: 'Where the JSON report is written (relative to the workspace).',
  },
  ...timeLimitInput('15m'),
} as const satisfies InputDecls;

export const outputs = {
  passed: '`true` when every check passed.',
  grade: 'The security-header grade (A+ ... F).',
  score: 'The security-header score.',
  version: 'The release id the site reports.',
  'cert-days-left': 'Days until the certificate expires.',
  report: 'The JSON report (every check: expected, got, pass).',
  'report-file': 'Absolute path of the JSON report file.',
} as const;
