/**
 * The SSH inputs every keel action that reaches a host shares, and how they become endpoints and credentials.
 */
import type { Inputs } from '../../config/inputs.js';
import type { connectionInputs } from './connection-inputs.js';
import { endpointsFrom } from '../../config/hosts.js';
import { InputError, KeelError, type Problem } from '../../errors.js';
import { parsePrivateKey } from '../../remote/keys.js';
import type { Connection, Credentials } from '../../remote/ssh.js';
import type { Logger } from '../../log.js';

export type { Connection };

export function connectionFrom(inputs: Inputs<typeof connectionInputs>, log: Logger): Connection {
  const problems: Problem[] = [];
  const trust = {
    knownHosts: inputs['known-hosts'],
    fingerprints: inputs['host-fingerprints'],
    trustOnFirstUse: inputs['trust-on-first-use'],
  };
  const defaults = { user: inputs.user, port: inputs.port };
  const endpoints = endpointsFrom(inputs.hosts, defaults, trust, 'hosts', problems);
  const jumps = endpointsFrom(inputs['jump-hosts'], defaults, trust, 'jump-hosts', problems);
  if (inputs.hosts.length === 0)
    problems.push({
      field: 'hosts',
      message: "is required but was not given (as an input, or in the spec's deploy.hosts)",
    });
  const keyText = inputs['ssh-key'];
  if ((keyText ?? '').trim() === '' && (inputs.password ?? '') === '') {
    problems.push({
      field: 'ssh-key',
      message: "no credentials: give 'ssh-key' (or, discouraged, 'password')",
    });
  }
  if (problems.length > 0) throw new InputError(problems);
  const credentials: Credentials = {};
  if (keyText && keyText.trim() !== '') {
    credentials.key = parsePrivateKey(keyText, inputs['ssh-passphrase']);
  } else if (inputs['ssh-passphrase']) {
    throw new KeelError("input 'ssh-passphrase' is given but 'ssh-key' is not", { field: 'ssh-passphrase' });
  }
  if (inputs.password) {
    credentials.password = inputs.password;
    log.warn('password authentication is in use; a key (ssh-key) is safer', 'password');
  }
  if (inputs['trust-on-first-use']) {
    log.warn('trust-on-first-use is on: host keys are accepted without verification', 'trust-on-first-use');
  }
  return {
    endpoints,
    credentials,
    options: {
      connectTimeoutMs: inputs['connect-timeout'],
      keepaliveIntervalMs: 10_000,
      retries: inputs['connect-retries'],
      retryDelayMs: 1_000,
      jumps,
    },
  };
}
