// Case 7: smoke-check of 20 endpoints on the live site (Nginx with TLS in front of the app, deployed by the
// root action from examples/keel.yml) with TLS and header checks, against checking the same 20 URLs one by
// one with curl (status only: what a runbook's loop does).
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { act, hosts, median, ms, onHost, ratio, root, RUNS, sh, sshInputs, time } from './lib.mjs';

const DOMAIN = 'bench.keel.test';

export async function smoke() {
  const sd = hosts().hosts.find((h) => h.kind === 'systemd');
  const ws = mkdtempSync(join(tmpdir(), 'keel-bench-smoke-'));
  try {
    onHost(
      sd.name,
      `id shop >/dev/null 2>&1 || useradd --system --home-dir /srv/shop --shell /usr/sbin/nologin shop
usermod -aG www-data deploy; install -d -o deploy -g deploy /srv/shop; rm -f /etc/nginx/sites-enabled/default; install -d /etc/keel-bench
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 90 -subj /CN=${DOMAIN} -addext subjectAltName=DNS:${DOMAIN} -keyout /etc/keel-bench/site.key -out /etc/keel-bench/site.crt 2>/dev/null`,
    );
    writeFileSync(join(ws, 'ca.pem'), onHost(sd.name, 'cat /etc/keel-bench/site.crt'));
    cpSync(join(root, 'examples/sample-app'), join(ws, 'app'), { recursive: true });
    mkdirSync(join(ws, 'deploy'));
    cpSync(join(root, 'examples/keel.yml'), join(ws, 'deploy/keel.yml'));
    const site = { url: `https://${DOMAIN}`, address: sd.address, ca: `@${join(ws, 'ca.pem')}` };
    const deployed = await act(
      '.',
      {
        set: `proxy.domains=[${DOMAIN}]\nproxy.tls={certificates: files, cert: /etc/keel-bench/site.crt, key: /etc/keel-bench/site.key}`,
        hosts: sd.address,
        ...sshInputs(),
        source: 'app',
        'venv-system-site-packages': 'true',
        'release-id': 's1',
        ...site,
      },
      { cwd: ws },
    );
    if (deployed.conclusion !== 'success')
      throw new Error('bench: deploying the site for the smoke case failed');
    const paths = [
      '/healthz',
      '/readyz',
      '/version',
      '/',
      ...Array.from(
        { length: 16 },
        (_, i) => [`/healthz?n=${i}`, `/version?n=${i}`, `/?n=${i}`, `/readyz?n=${i}`][i % 4],
      ),
    ];
    const keel = [];
    const curl = [];
    for (let i = 0; i < RUNS; i++) {
      const r = await act(
        'smoke-check',
        { ...site, endpoints: paths.join('\n'), 'expected-version': 's1' },
        { cwd: ws },
      );
      if (r.conclusion !== 'success') throw new Error('bench: smoke-check failed');
      keel.push(r.ms);
      curl.push(
        time(() =>
          sh(
            paths
              .map(
                (p) =>
                  `curl -sS -o /dev/null -w '%{http_code}\\n' --fail --resolve ${DOMAIN}:443:${sd.address} --cacert ${join(ws, 'ca.pem')} 'https://${DOMAIN}${p}'`,
              )
              .join(' && '),
          ),
        ),
      );
    }
    return {
      endpoints: paths.length,
      keelMs: ms(median(keel)),
      curlMs: ms(median(curl)),
      ratioVsCurl: ratio(median(keel), median(curl)),
    };
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
}
