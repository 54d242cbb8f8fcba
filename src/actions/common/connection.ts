/**
 * The SSH inputs every keel action that reaches a host shares, and how they become endpoints and credentials.
 */
import type { InputDecls, Inputs } from '../../config/inputs.js';
import { endpointsFrom } from '../../config/hosts.js';
import { InputError, type Problem } from '../../errors.js';
import { parsePrivateKey } from '../../remote/keys.js';
import { KeelError } from '../../errors.js';
import type { ConnectOptions, Credentials, Endpoint } from '../../remote/ssh.js';
import type { Logger } from '../../report/log.js';

export const connectionInputs = {
  hosts: {
    kind: 'list',
    required: true,
    description:
      'Hosts to reach, one a line (or comma-separated): `host`, `user@host`, `host:port`, `[ipv6]:port`.',
  },
  user: { kind: 'string', description: 'SSH user for hosts that do not name one.' },
  port: {
    kind: 'integer',
    default: '22',
    min: 1,
    max: 65535,
    description: 'SSH port for hosts that do not name one.',
  },
  'ssh-key': {
    kind: 'text',
    secret: true,
    description:
      'Private key (OpenSSH, PEM, ed25519, RSA, ECDSA), usually `${{ secrets.SSH_KEY }}`. CRLF and a missing final newline are fine.',
  },
  'ssh-passphrase': { kind: 'text', secret: true, description: 'Passphrase of `ssh-key`, if it has one.' },
  password: {
    kind: 'text',
    secret: true,
    description:
      'Password authentication (discouraged: use a key). Used only when no key is given or the key is refused.',
  },
  'known-hosts': {
    kind: 'text',
    description:
      'known_hosts lines for the hosts (and jump hosts), e.g. from `ssh-keyscan` checked out of band. Host keys are always verified.',
  },
  'host-fingerprints': {
    kind: 'list',
    description:
      'SHA256 host-key fingerprints, one a line: `SHA256:...` (any host) or `host SHA256:...` (one host).',
  },
  'trust-on-first-use': {
    kind: 'boolean',
    default: 'false',
    description: 'Accept an unpinned host key and report its fingerprint. Unsafe: for bootstrapping only.',
  },
  'jump-hosts': {
    kind: 'list',
    description: 'Jump hosts to go through, first to last (`user@host:port`), each verified like the target.',
  },
  'connect-timeout': {
    kind: 'duration',
    default: '20s',
    description: 'Time allowed for one connection attempt.',
  },
  'connect-retries': {
    kind: 'integer',
    default: '2',
    min: 0,
    max: 10,
    description:
      'Extra connection attempts on network errors (backoff doubles from 1s); never on trust or auth failures.',
  },
} as const satisfies InputDecls;

export interface Connection {
  endpoints: Endpoint[];
  credentials: Credentials;
  options: ConnectOptions;
}

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
  if (inputs.hosts.length === 0) problems.push({ field: 'hosts', message: 'is required but was not given' });
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
