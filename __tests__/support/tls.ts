/** A throwaway CA and server certificates for TLS tests, made with openssl. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCa {
  dir: string;
  caCert: string;
  /** PEM of the CA, for clients' `ca` option. */
  caPem: string;
  issue(
    names: string[],
    options?: { days?: number; name?: string; key?: 'ec' | 'rsa' },
  ): { cert: string; key: string; certPem: string; keyPem: string };
  /** A certificate valid only between two past dates (openssl ca), to test expiry checks. */
  issueExpired(names: string[], name: string): { certPem: string; keyPem: string };
  /** Removes the CA's scratch folder. */
  remove(): void;
}

/** A self-signed EC certificate (no issuer, no OCSP responder) for `cn`, written as DIR/c.pem and DIR/k.pem. */
export function selfSigned(dir: string, cn: string): { cert: string; key: string } {
  const cert = join(dir, 'c.pem');
  const key = join(dir, 'k.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
    ].concat(['-subj', `/CN=${cn}`, '-keyout', key, '-out', cert]),
    { stdio: 'ignore' },
  );
  return { cert, key };
}

export function makeCa(): TestCa {
  const dir = mkdtempSync(join(tmpdir(), 'keel-ca-'));
  const caKey = join(dir, 'ca.key');
  const caCert = join(dir, 'ca.crt');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '3',
      '-subj',
      '/CN=keel test CA',
      '-keyout',
      caKey,
      '-out',
      caCert,
    ],
    { stdio: 'ignore' },
  );
  return {
    dir,
    caCert,
    caPem: readFileSync(caCert, 'utf8'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
    issueExpired(names, name) {
      const base = join(dir, name);
      writeFileSync(join(dir, 'index.txt'), '');
      writeFileSync(join(dir, 'serial.txt'), '1000\n');
      writeFileSync(
        join(dir, 'ca.cnf'),
        `[ca]\ndefault_ca = keel\n[keel]\ndatabase = ${dir}/index.txt\nnew_certs_dir = ${dir}\nserial = ${dir}/serial.txt\ndefault_md = sha256\npolicy = any\ncopy_extensions = copy\n[any]\ncommonName = supplied\n`,
      );
      execFileSync(
        'openssl',
        [
          'req',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:prime256v1',
          '-nodes',
          '-subj',
          `/CN=${names[0]}`,
          '-addext',
          `subjectAltName=${names.map((n) => `DNS:${n}`).join(',')}`,
          '-keyout',
          `${base}.key`,
          '-out',
          `${base}.csr`,
        ],
        { stdio: 'ignore' },
      );
      execFileSync(
        'openssl',
        [
          'ca',
          '-batch',
          '-notext',
          '-config',
          join(dir, 'ca.cnf'),
          '-cert',
          caCert,
          '-keyfile',
          caKey,
          '-in',
          `${base}.csr`,
          '-out',
          `${base}.crt`,
          '-startdate',
          '20240101000000Z',
          '-enddate',
          '20240201000000Z',
        ],
        { stdio: 'ignore' },
      );
      return { certPem: readFileSync(`${base}.crt`, 'utf8'), keyPem: readFileSync(`${base}.key`, 'utf8') };
    },
    issue(names, options = {}) {
      const base = join(dir, options.name ?? names[0]!);
      execFileSync(
        'openssl',
        [
          'req',
          ...(options.key === 'rsa'
            ? ['-newkey', 'rsa:2048']
            : ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1']),
          '-nodes',
          '-subj',
          `/CN=${names[0]}`,
          '-keyout',
          `${base}.key`,
          '-out',
          `${base}.csr`,
        ],
        { stdio: 'ignore' },
      );
      writeFileSync(
        `${base}.ext`,
        `subjectAltName=${names.map((n) => `DNS:${n}`).join(',')}\nextendedKeyUsage=serverAuth\n`,
      );
      execFileSync(
        'openssl',
        [
          'x509',
          '-req',
          '-in',
          `${base}.csr`,
          '-CA',
          caCert,
          '-CAkey',
          caKey,
          '-CAcreateserial',
          '-days',
          String(options.days ?? 2),
          '-extfile',
          `${base}.ext`,
          '-out',
          `${base}.crt`,
        ],
        { stdio: 'ignore' },
      );
      return {
        cert: `${base}.crt`,
        key: `${base}.key`,
        certPem: readFileSync(`${base}.crt`, 'utf8'),
        keyPem: readFileSync(`${base}.key`, 'utf8'),
      };
    },
  };
}
