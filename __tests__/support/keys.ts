/** Real keys made by ssh-keygen for tests, in a scratch folder. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestKey {
  private: string;
  public: string;
  /** ssh-keygen -lf's SHA256 fingerprint. */
  fingerprint: string;
  /** The key type word of the public key, e.g. ssh-ed25519. */
  type: string;
  blob: Buffer;
}

export function makeKey(
  type: 'ed25519' | 'rsa' | 'ecdsa',
  options: { passphrase?: string; pem?: boolean } = {},
): TestKey {
  const dir = mkdtempSync(join(tmpdir(), 'keel-key-'));
  try {
    const file = join(dir, 'key');
    const args = ['-q', '-t', type, '-N', options.passphrase ?? '', '-C', 'keel-test', '-f', file];
    if (type === 'rsa') args.push('-b', '2048');
    if (options.pem) args.push('-m', 'PEM');
    execFileSync('ssh-keygen', args);
    const pub = readFileSync(`${file}.pub`, 'utf8').trim();
    const fingerprint = execFileSync('ssh-keygen', ['-lf', `${file}.pub`])
      .toString()
      .split(' ')[1]!;
    const [kind, b64] = pub.split(' ');
    return {
      private: readFileSync(file, 'utf8'),
      public: pub,
      fingerprint,
      type: kind!,
      blob: Buffer.from(b64!, 'base64'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
