/** reload-graceful's inputs and outputs: the one place their names live (action.yml is generated from it). */
import type { InputDecls } from '../../config/inputs.js';
import { RELEASE_ID } from '../../releases/layout.js';
import { STRATEGIES } from '../../reload/reload.js';
import { connectionInputs } from '../common/connection-inputs.js';
import { timeLimitInput } from '../common/time-limit.js';

const UNIT = /^[A-Za-z0-9:_.@-]+\.service$|^[A-Za-z0-9:_.@-]+$/;
const PATH = /^\/[A-Za-z0-9._/@+-]*$/;
/** URLs are shown in logs and reports: credentials in them are refused. */
const URL_NO_CREDENTIALS = /^https?:\/\/[^\s/@]+(\/\S*)?$/;

export const inputs = {
  ...connectionInputs,
  strategy: {
    kind: 'choice',
    choices: STRATEGIES,
    default: 'systemd',
    description:
      '`systemd`: `systemctl reload` (HUP): same master, every worker replaced (requests wait while the new workers boot). `rolling`: same master, workers replaced one at a time (TTIN; the new worker proved to have imported the app by the keel hooks in gunicorn.conf.py; then TTOU retires the oldest): no wait, and it ends with exactly the configured worker count (HUP instead when the release changes gunicorn.conf.py or the config has no keel hooks). `socket`: restart a socket-activated unit while systemd holds the socket. `usr2`: Gunicorn outside systemd (pidfile): USR2, new master proved, then TERM the old one. `restart`: last resort, drops requests.',
  },
  unit: {
    kind: 'string',
    pattern: UNIT,
    patternHint: 'a systemd unit name like shop.service',
    description: "The app's systemd service (strategies `systemd`, `rolling`, `socket`, `restart`).",
  },
  pidfile: {
    kind: 'string',
    pattern: PATH,
    patternHint: 'an absolute path',
    description: "Gunicorn's pidfile (`--pid`), for strategy `usr2`.",
  },
  'deploy-path': {
    kind: 'string',
    pattern: PATH,
    patternHint: 'an absolute path',
    description:
      "ssh-deploy's deploy path: enables the boot check, the default expected release (the one `current` points to) and rollback.",
  },
  'previous-release': {
    kind: 'string',
    pattern: RELEASE_ID,
    patternHint: 'a release id',
    description:
      "The release to roll back to on failure (ssh-deploy's `previous-release` output). Default: the newest good release before the current one.",
  },
  'expected-version': {
    kind: 'string',
    description:
      'The release the version path must report after the reload. Default: the release `current` points to.',
  },
  upstream: {
    kind: 'string',
    pattern: /^(unix:)?\/[^\s]+$|^(https?:\/\/)?[A-Za-z0-9.[\]:-]+:\d+$/,
    patternHint: 'host:port, http://host:port, unix:/path or /path.sock',
    description:
      "The app's own address on the host, asked over SSH (`127.0.0.1:8000`, `unix:/run/shop.sock`). Default: the socket unit's or Gunicorn's bind.",
  },
  'readiness-path': { kind: 'string', default: '/readyz', description: 'Must answer 2xx after the reload.' },
  'version-path': {
    kind: 'string',
    default: '/version',
    description:
      "Reports the release (JSON `release` or `version`); empty to skip. With keel's Gunicorn hooks (render-config's gunicorn.conf.py), the release each worker loaded is checked too, so an app answering through `current` cannot report a release its workers do not run.",
  },
  url: {
    kind: 'string',
    pattern: URL_NO_CREDENTIALS,
    patternHint: 'an http(s) URL without user:password@',
    description: 'The public site: its readiness and version paths must pass too (checked from the runner).',
  },
  address: {
    kind: 'string',
    description: 'Connect to this address for `url` instead of its host (checks one host of a fleet).',
  },
  ca: { kind: 'text', description: 'Extra CA certificate (PEM) for `url` and `load-url`.' },
  timeout: {
    kind: 'duration',
    default: '60s',
    minMs: 1000,
    description:
      'How long each new worker may take to import the app (`rolling`; the new generation for the other strategies), and how long the health gate may take in all.',
  },
  rollback: {
    kind: 'boolean',
    default: 'true',
    description:
      'On failure, switch `current` back to the previous release, reload onto it and confirm health.',
  },
  'app-module': {
    kind: 'string',
    pattern: /^[A-Za-z_][\w.]*(:[A-Za-z_][\w.()]*)?$/,
    patternHint: 'module:attribute, like app:app',
    description:
      "Boot check: import this WSGI target (`app:app`) with the app's Python from the new release before reloading; a release that cannot import is switched back untouched.",
  },
  python: {
    kind: 'string',
    pattern: PATH,
    patternHint: 'an absolute path',
    description: "The app's Python for the boot check. Default: the running master's interpreter.",
  },
  proxy: {
    kind: 'choice',
    choices: ['none', 'nginx', 'caddy'] as const,
    default: 'none',
    description: 'After the app: `nginx -t` then reload Nginx, or reload Caddy (never a restart).',
  },
  'batch-size': {
    kind: 'string',
    default: '1',
    description:
      'Hosts reloaded at a time (a number, a percentage, or `all`); a failed batch stops the rest.',
  },
  'load-url': {
    kind: 'string',
    pattern: URL_NO_CREDENTIALS,
    patternHint: 'an http(s) URL without user:password@',
    description:
      'Load probe: send requests at `load-rate` to this URL before, during and after the reloads, and report failures and latency.',
  },
  'load-address': {
    kind: 'string',
    description: 'Connect to this address for `load-url` instead of its host.',
  },
  'load-rate': {
    kind: 'integer',
    default: '50',
    min: 1,
    max: 2000,
    description: 'Load probe requests per second.',
  },
  'load-window': {
    kind: 'duration',
    default: '3s',
    description: 'Load probe time before the first and after the last reload.',
  },
  'max-failed-requests': {
    kind: 'integer',
    default: '0',
    min: 0,
    description:
      'More failed requests than this fail the step, and every host reloaded by it is rolled back to its previous release.',
  },
  ...timeLimitInput('30m'),
} as const satisfies InputDecls;

export const outputs = {
  result: '`success` or `failure`.',
  'reloaded-hosts': 'Hosts whose reload passed the health gate, comma-separated.',
  'rolled-back-hosts': 'Hosts that were rolled back to the previous release, comma-separated.',
  'serving-release': 'The release the version path reported after the reload (the last host checked).',
  'load-requests': 'Load probe: requests sent.',
  'load-ok': 'Load probe: requests answered with success.',
  'load-failed': 'Load probe: failed requests (errors and 5xx).',
  'load-held-back':
    'Load probe: requests not sent on time (the runner too busy, or too many waiting for the server); over 1% of those scheduled fails the step.',
  'load-cpu-ms-per-request':
    "Load probe: the action's CPU time (ms) per request sent while the probe ran alone, before the first reload.",
  'load-p99-during': 'Load probe: p99 latency (ms) during the reloads.',
  report:
    'Everything above as JSON (per host: strategy, masters, workers, health checks; load probe phases).',
};
