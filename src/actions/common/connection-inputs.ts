/** The SSH inputs every keel action that reaches a host shares (declarations only: no SSH code loads here). */
import type { InputDecls } from '../../config/inputs.js';

export const connectionInputs = {
  hosts: {
    kind: 'list',
    description:
      "Hosts to reach, one a line (or comma-separated): `host`, `user@host`, `host:port`, `[ipv6]:port`. Required: here or in the spec's `deploy.hosts`.",
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
    minMs: 1000,
    maxMs: 600_000,
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
