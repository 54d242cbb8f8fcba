/** ssh-deploy's inputs, outputs and saved state: the one place their names live (action.yml is checked against it). */
import type { InputDecls } from '../../config/inputs.js';
import { RELEASE_ID } from '../../releases/layout.js';
import { connectionInputs } from '../common/connection-inputs.js';
import { timeLimitInput } from '../common/time-limit.js';

export const inputs = {
  ...connectionInputs,
  mode: {
    kind: 'choice',
    choices: ['deploy', 'rollback', 'check'] as const,
    default: 'deploy',
    description:
      '`deploy` a new release; `rollback` to the previous good release (or `rollback-to`); `check` every host (host key, login, bash, python3, sudo, systemd, deploy path, free space) without changing anything.',
  },
  'deploy-path': {
    kind: 'string',
    pattern: /^\/(?!.*(?:^|\/)\.\.?(?:\/|$))[A-Za-z0-9._/-]*[A-Za-z0-9._-]$/,
    patternHint: 'an absolute path other than / made of letters, digits, . _ - and / (no .. segments)',
    description: 'Directory on the hosts that holds releases/, current and shared/.',
  },
  'min-free-space': {
    kind: 'integer',
    default: '512',
    min: 0,
    description: 'MiB that must be free on the file system of deploy-path.',
  },
  'require-sudo': {
    kind: 'boolean',
    default: 'false',
    description:
      'Fail the check when the SSH user cannot run `sudo -n` (needed to install units and proxy sites).',
  },
  service: {
    kind: 'string',
    pattern: /^[A-Za-z0-9:_.@-]+$/,
    patternHint: 'a systemd unit name',
    description: 'A systemd unit that must be active (its state is reported).',
  },
  source: {
    kind: 'string',
    default: '.',
    pattern: /^(?!\/)(?!(?:.*\/)?\.\.(?:\/|$))[^\0\r\n]+$/,
    patternHint: 'a directory inside the workspace (relative, without .. segments)',
    description: 'The directory to release, relative to the workspace.',
  },
  exclude: {
    kind: 'list',
    itemPattern: /^(?!\/)(?!(?:.*\/)?\.\.(?:\/|$)).+$/,
    itemHint: 'a pattern relative to source (no leading / and no .. segments)',
    description:
      'Glob patterns (one a line) of paths not to ship, e.g. `tests/**`. `.git`, `__pycache__` and `*.pyc` are never shipped.',
  },
  'release-id': {
    kind: 'string',
    pattern: RELEASE_ID,
    patternHint: 'letters, digits, . _ - (up to 100, not starting with . or -)',
    description:
      'The release directory name. Default: UTC time and short commit SHA, e.g. `20261122T234500Z-abc1234` (sortable).',
  },
  shared: {
    kind: 'list',
    description:
      'Paths kept across releases in `shared/` and linked into each release, one a line; a trailing `/` marks a directory (e.g. `.env`, `media/`).',
  },
  keep: {
    kind: 'integer',
    default: '5',
    min: 1,
    max: 100,
    description: 'Releases to keep on each host; the current and the previous one are never removed.',
  },
  venv: {
    kind: 'choice',
    choices: ['auto', 'on', 'off'] as const,
    default: 'auto',
    description:
      'Build a Python virtualenv (`.venv` in the release) from `requirements.txt`: `auto` when the file exists. Releases with the same requirements share one.',
  },
  'venv-system-site-packages': {
    kind: 'boolean',
    default: 'false',
    description: "Let the virtualenv see the system Python packages (e.g. Debian's python3-* packages).",
  },
  'wheels-dir': {
    kind: 'string',
    pattern: /^\/[A-Za-z0-9._/@+-]*$/,
    patternHint: 'an absolute path on the host',
    description:
      'Install from wheels in this directory on the host only (offline: `pip --no-index --find-links`).',
  },
  'pip-args': { kind: 'list', description: 'Extra arguments for `pip install`, one a line.' },
  build: {
    kind: 'text',
    description:
      'A bash script run in the new release before it is finished (e.g. collectstatic). A failure fails the deploy; nothing goes live.',
  },
  'before-switch': {
    kind: 'text',
    description:
      'A bash script run in the finished release just before the switch (e.g. migrations). A failure fails the deploy; nothing goes live.',
  },
  'after-switch': {
    kind: 'text',
    description: 'A bash script run after the switch. A failure switches back to the previous release.',
  },
  'reload-unit': {
    kind: 'string',
    pattern: /^[A-Za-z0-9:_.@-]+$/,
    patternHint: 'a systemd unit name',
    description:
      "A systemd unit to `systemctl reload` after the switch (and after a switch back). Proving the reload is reload-graceful's job.",
  },
  'lock-wait': {
    kind: 'duration',
    default: '0s',
    description: "How long to wait for another deploy's lock on a host before failing.",
  },
  'lock-ttl': {
    kind: 'duration',
    default: '30m',
    minMs: 10_000,
    description:
      'After this long a lock counts as abandoned (a runner that died) and the next deploy breaks it.',
  },
  'max-parallel': {
    kind: 'integer',
    default: '10',
    min: 1,
    max: 256,
    description: 'Hosts worked on at the same time.',
  },
  'batch-size': {
    kind: 'string',
    default: 'all',
    description:
      'Rolling deploys: `all`, a number of hosts, or a percentage (`25%`). A failed batch stops the rollout.',
  },
  'batch-wait': { kind: 'duration', default: '0s', description: 'Pause between batches.' },
  'rollback-to': {
    kind: 'string',
    pattern: RELEASE_ID,
    patternHint: 'a release id',
    description:
      'With mode `rollback`: the release to return to (default: the newest good one before the current).',
  },
  'rendered-dir': {
    kind: 'string',
    description:
      "render-config's output directory (its `dir` output): gunicorn.conf.py ships in the release; the host-level files are installed (see `install-config`).",
  },
  'install-config': {
    kind: 'boolean',
    default: 'true',
    description:
      'With `rendered-dir`: install the host-level files too (systemd units, the Nginx or Caddy site, logrotate rules) as root through `sudo -n`, only those that changed, checked on the host (`nginx -t`, `caddy validate`, `systemd-analyze verify`, `logrotate -d`) and put back if anything fails.',
  },
  'github-deployment': {
    kind: 'boolean',
    default: 'false',
    description:
      'Record the deploy (and rollbacks) as a GitHub Deployment of `environment`: `in_progress`, then `success` with `environment-url`, or `failure`. Needs `permissions: deployments: write`.',
  },
  environment: {
    kind: 'string',
    default: 'production',
    pattern: /^[A-Za-z0-9._ -]{1,255}$/,
    patternHint: 'an environment name',
    description: 'The GitHub environment the deployment is for.',
  },
  'environment-url': {
    kind: 'string',
    pattern: /^https?:\/\/[^\s/@]+(\/\S*)?$/,
    patternHint: 'an http(s) URL without user:password@',
    description: 'The URL shown on the deployment, e.g. `https://shop.example.com`.',
  },
  'github-token': {
    kind: 'string',
    secret: true,
    default: '${{ github.token }}',
    description: 'Token for the Deployments API.',
  },
  watch: {
    kind: 'duration',
    default: '0',
    maxMs: 3_600_000,
    description:
      "With `rendered-dir` (an Nginx site): after the switch (and `reload-unit`), watch the site this long (e.g. `5m`; `0`: off) in the access log on each host, against the same length before the switch, and switch back to the previous release (reloading `reload-unit`) when the 5xx ratio or p95 latency breaches the spec's `alerts` thresholds or rises significantly (see the root action's `watch`). Under 50 requests: a warning that there was not enough traffic to judge, never a pass.",
  },
  ...timeLimitInput('2h'),
} as const satisfies InputDecls;

export const outputs = {
  status: '`success` or `failure`.',
  hosts:
    'JSON array, one object per host (check: checks and facts; deploy: release, previous, files sent, bytes; rollback: from, to).',
  'failed-hosts': 'Hosts that failed, comma-separated (empty when all passed).',
  'release-id': 'The release deployed (deploy) or returned to (rollback).',
  'previous-release': 'The release that was current before, on the first host.',
  'uploaded-bytes': 'Compressed bytes sent, all hosts together.',
  'deployment-id': 'The GitHub deployment id, when `github-deployment` is on.',
  'watch-result':
    'With `watch`: `healthy`, `regressed` (switched back), `not-enough-traffic` (not judged), `error` (a host could not be read); `off` without it.',
} as const;

/** Saved for the post step: the locks held (and where), so they are released even when the job is cancelled. */
export const state = { locks: 'locks', deployPath: 'deploy-path' } as const;
