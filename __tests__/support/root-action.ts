/**
 * The root action (`uses: keel-dev/keel@v0`) run against the systemd test host as the runner runs it, with the
 * connection, the sample app's source and the site's address and CA filled in: the suites that ship a release
 * end to end (pipeline, watch, celery, faults, fastapi) call it with only what their case is about.
 */
import { connectionInputs } from './hosts.js';
import { actionDir } from './paths.js';
import { runStep, type StepOptions, type StepResult } from './step.js';

export interface RootActionTarget {
  workspace: string;
  /** The systemd host's address: SSH, and where the site's name resolves for the smoke stage. */
  address: string;
  /** The test CA the site's certificate comes from. */
  caPem: string;
}

/**
 * A runner of the root action for `target` (read at each call: suites set it up in beforeAll); `defaults` are
 * inputs of the suite's own, under each call's.
 */
export function rootAction(target: () => RootActionTarget, defaults: Record<string, string> = {}) {
  return (inputs: Record<string, string>, extra: Partial<StepOptions> = {}): Promise<StepResult> => {
    const t = target();
    return runStep({
      actionDir: actionDir('pipeline'),
      workspace: t.workspace,
      ...extra,
      with: {
        ...connectionInputs(t.address),
        source: 'app',
        venv: 'off',
        address: t.address,
        ca: t.caPem,
        'smoke-deadline': '10s',
        ...defaults,
        ...inputs,
      },
    });
  };
}

export { errorsOf, warningsOf } from './step.js';
