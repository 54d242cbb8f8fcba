/** render-config's inputs and outputs: the one place their names live (action.yml is checked against it). */
import type { InputDecls } from '../../config/inputs.js';
import { connectionInputs } from '../common/connection-inputs.js';
import { timeLimitInput } from '../common/time-limit.js';

/** A path inside the workspace: relative, no `..` segment, not the workspace itself. */
const IN_WORKSPACE = /^(?!\/)(?!(?:.*\/)?\.\.(?:\/|$))(?!\.?\/*$)[^\0\r\n]+$/;
const IN_WORKSPACE_HINT = 'a path inside the workspace (relative, without .. segments)';

export const inputs = {
  spec: {
    kind: 'string',
    default: 'deploy/keel.yml',
    pattern: IN_WORKSPACE,
    patternHint: IN_WORKSPACE_HINT,
    description: 'The spec file, relative to the workspace.',
  },
  set: {
    kind: 'list',
    description:
      'Overrides of spec fields, one a line: `field.path=value` (the value is read as YAML), e.g. `proxy.server=caddy`.',
  },
  'output-dir': {
    kind: 'string',
    default: '.keel/rendered',
    // It is deleted and written again on each run: never the workspace itself or anything outside it.
    pattern: IN_WORKSPACE,
    patternHint: `${IN_WORKSPACE_HINT}, not the workspace itself`,
    description:
      'Where the files and manifest.json are written (relative to the workspace). Replaced on each run.',
  },
  validate: {
    kind: 'choice',
    choices: ['auto', 'required', 'off'] as const,
    default: 'auto',
    description:
      '`auto`: check the files with nginx, caddy, systemd-analyze, logrotate and python3 where installed; `required`: fail when one is missing; `off`.',
  },
  'max-exposure': {
    kind: 'string',
    pattern: /^(10(\.0)?|\d(\.\d)?)$/,
    patternHint: 'a number from 0 to 10 with at most one decimal',
    default: '2.5',
    description:
      'Highest `systemd-analyze security` exposure the service unit may have (2.5 = "OK" or better).',
  },
  ...connectionInputs,
  hosts: {
    kind: 'list',
    description:
      'Hosts to compare with (optional): the plan shows, per host, which installed files the rendered ones would create or change, with diffs. Read-only.',
  },
  ...timeLimitInput('10m'),
} as const satisfies InputDecls;

export const outputs = {
  dir: 'Absolute path of the output directory.',
  manifest: 'Absolute path of manifest.json (files, sha256, install paths, owners, modes, what to reload).',
  files: 'JSON array of the rendered files (name, install path, sha256).',
  service: 'The systemd service unit name.',
  socket: 'The systemd socket unit name (empty without socket activation).',
  proxy: '`nginx` or `caddy`.',
  warnings: 'Number of spec warnings.',
  plan: 'JSON, per host given in `hosts`: each file and whether installing it would create, update or leave it unchanged.',
  changed: '`true` when the plan found a file to create or update on any host (empty without hosts).',
} as const;
