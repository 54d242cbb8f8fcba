import { KeelError } from '../../src/errors.js';
import { parsePrivateKey } from '../../src/remote/keys.js';
import { makeKey } from '../support/keys.js';

function failure(fn: () => unknown): KeelError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(KeelError);
    return e as KeelError;
  }
  throw new Error('expected a KeelError');
}

describe('parsePrivateKey', () => {
  it.each([
    ['ed25519 (OpenSSH format)', makeKey('ed25519'), 'ssh-ed25519'],
    ['RSA (OpenSSH format)', makeKey('rsa'), 'ssh-rsa'],
    ['RSA (PEM)', makeKey('rsa', { pem: true }), 'ssh-rsa'],
    ['ECDSA (PEM)', makeKey('ecdsa', { pem: true }), 'ecdsa-sha2-nistp256'],
  ])('reads %s', (_name, key, type) => {
    expect(parsePrivateKey(key.private, undefined).type).toBe(type);
  });

  it('tolerates CRLF line ends, indentation and a missing final newline', () => {
    const key = makeKey('ed25519');
    const pasted = key.private
      .trim()
      .split('\n')
      .map((l) => `  ${l}`)
      .join('\r\n');
    const parsed = parsePrivateKey(pasted, undefined);
    expect(parsed.text).toBe(key.private.endsWith('\n') ? key.private : key.private + '\n');
  });

  it('reads an encrypted key with its passphrase, and names the passphrase input when it is missing or wrong', () => {
    const key = makeKey('ed25519', { passphrase: 'correct horse' });
    expect(parsePrivateKey(key.private, 'correct horse').type).toBe('ssh-ed25519');
    expect(failure(() => parsePrivateKey(key.private, undefined)).message).toMatch(
      /encrypted; give its passphrase in 'ssh-passphrase'/,
    );
    const wrong = failure(() => parsePrivateKey(key.private, 'wrong'));
    expect(wrong.field).toBe('ssh-passphrase');
    expect(wrong.message).toMatch(/does not decrypt/);
  });

  it('says so when a public key is given instead, without echoing it', () => {
    const key = makeKey('ed25519');
    const e = failure(() => parsePrivateKey(key.public, undefined));
    expect(e.message).toMatch(/looks like a public key/);
    expect(e.message).not.toContain(key.public.split(' ')[1]!);
  });

  it('never puts key material in its errors', () => {
    const key = makeKey('rsa');
    const broken = key.private.replace(/\n[A-Za-z0-9+/]{20}/, '\n!!!!');
    const e = failure(() => parsePrivateKey(broken, undefined));
    expect(e.field).toBe('ssh-key');
    for (const line of key.private.split('\n').filter((l) => l.length > 30))
      expect(e.message).not.toContain(line);
  });
});
