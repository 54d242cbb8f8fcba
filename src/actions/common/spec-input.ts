/** The `spec` input of the actions that can take their non-secret inputs from the spec (declaration only). */
import type { InputDecls } from '../../config/inputs.js';

/** A path inside the workspace: relative, no `..` segment, not the workspace itself. */
export const IN_WORKSPACE = /^(?!\/)(?!(?:.*\/)?\.\.(?:\/|$))(?!\.?\/*$)[^\0\r\n]+$/;
export const IN_WORKSPACE_HINT = 'a path inside the workspace (relative, without .. segments)';

export const DEFAULT_SPEC = 'deploy/keel.yml';

export const specInput = {
  spec: {
    kind: 'string',
    default: DEFAULT_SPEC,
    pattern: IN_WORKSPACE,
    patternHint: IN_WORKSPACE_HINT,
    description:
      "The spec file, relative to the workspace. Inputs the workflow leaves unset (or at their default) are taken from the spec's `deploy:` section (and `backup:` for backup-db): hosts, user, known-hosts and the like, never secrets; the summary says which came from where. The default file is read when it exists; another path must exist.",
  },
} as const satisfies InputDecls;
