/**
 * Private keys as users paste them into secrets: OpenSSH (new format), PEM (RSA, ECDSA), ed25519, with or
 * without passphrase, with CRLF line ends, stray indentation or no trailing newline. Problems are reported
 * by input name and never include the key itself.
 */
// ssh2's key parser alone (ssh2.utils.parseKey): the rest of ssh2 loads with the first connection (ssh.ts).
import { parseKey } from 'ssh2/lib/protocol/keyParser.js';
import { KeelError } from '../errors.js';

export interface PrivateKey {
  /** The key text, normalised (LF line ends, one trailing newline). */
  text: string;
  passphrase: string | undefined;
  /** e.g. ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256 */
  type: string;
}

export function normaliseKeyText(text: string): string {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  return lines.join('\n') + '\n';
}

export function parsePrivateKey(text: string, passphrase: string | undefined, field = 'ssh-key'): PrivateKey {
  const normalised = normaliseKeyText(text);
  if (!/^-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----\n/.test(normalised)) {
    const hint = /^(ssh-|ecdsa-)/.test(normalised)
      ? 'this looks like a public key; give the private key (the file without .pub)'
      : 'expected a private key starting with -----BEGIN ... PRIVATE KEY-----';
    throw new KeelError(`input '${field}': not a private key: ${hint}`, { field });
  }
  if (/^-----BEGIN ENCRYPTED PRIVATE KEY-----/.test(normalised)) {
    throw new KeelError(
      `input '${field}': PKCS#8 encrypted keys are not supported; convert it with ` +
        '`ssh-keygen -p -f KEY` (OpenSSH format keeps the passphrase)',
      { field },
    );
  }
  const pass = passphrase === undefined || passphrase === '' ? undefined : passphrase;
  const parsed = parseKey(normalised, pass);
  if (parsed instanceof Error) {
    const msg = parsed.message;
    if (/no passphrase/i.test(msg)) {
      throw new KeelError(`input '${field}': the key is encrypted; give its passphrase in 'ssh-passphrase'`, {
        field: 'ssh-passphrase',
      });
    }
    if (pass !== undefined && /(decrypt|bad|integrity|passphrase)/i.test(msg)) {
      throw new KeelError(`input 'ssh-passphrase': the passphrase does not decrypt the key in '${field}'`, {
        field: 'ssh-passphrase',
      });
    }
    throw new KeelError(`input '${field}': the private key cannot be read (${msg})`, { field });
  }
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!key) throw new KeelError(`input '${field}': the private key cannot be read`, { field });
  return { text: normalised, passphrase: pass, type: key.type };
}
