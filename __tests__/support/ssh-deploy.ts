/**
 * The ssh-deploy action run against a test host as the runner runs it, with the connection, the sample app's
 * source (`app/`, no virtualenv) and the suite's deploy path and rendered dir filled in: the suites that install
 * part of a render (processes, celery-edges, firewall) call it with only what their case is about.
 */
import { connectionInputs } from './hosts.js';
import { actionDir } from './paths.js';
import { runStep, type StepOptions, type StepResult } from './step.js';

export interface SshDeployTarget {
  workspace: string;
  /** The host's address. */
  address: string;
  deployPath: string;
  /** render-config's output to install (a call's own 'rendered-dir' input wins). */
  rendered?: string;
}

/** A runner of ssh-deploy for `target` (read at each call: suites set it up in beforeAll). */
export function sshDeployAction(target: () => SshDeployTarget) {
  return (inputs: Record<string, string>, extra: Partial<StepOptions> = {}): Promise<StepResult> => {
    const t = target();
    return runStep({
      actionDir: actionDir('ssh-deploy'),
      workspace: t.workspace,
      ...extra,
      with: {
        ...connectionInputs(t.address),
        'deploy-path': t.deployPath,
        source: 'app',
        ...(t.rendered !== undefined ? { 'rendered-dir': t.rendered } : {}),
        venv: 'off',
        ...inputs,
      },
    });
  };
}
