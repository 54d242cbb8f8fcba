/** ssh-deploy's inputs, outputs and saved state: the one place their names live (action.yml is checked against it). */
import type { InputDecls } from '../../config/inputs.js';
import { connectionInputs } from '../common/connection-inputs.js';

export const inputs = {
  ...connectionInputs,
  mode: {
    kind: 'choice',
    choices: ['deploy', 'rollback', 'check'] as const,
    default: 'deploy',
    description:
      '`check`: verify every host (host key, login, bash, python3, sudo, systemd, deploy path, free space) and change nothing. `deploy` and `rollback` arrive with the release engine.',
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
} as const satisfies InputDecls;

export const outputs = {
  status: '`success` or `failure`.',
  hosts: 'JSON array, one object per host: host, ok, host key, facts, checks, error.',
  'failed-hosts': 'Hosts that failed, comma-separated (empty when all passed).',
} as const;

export const state = {} as const;
