/**
 * The certbot renewal deploy hook on the systemd host, installed over SSH by ssh-deploy's installer with the
 * Nginx site, and run the way certbot runs it after a renewal (as root, RENEWED_LINEAGE set). Certbot itself is
 * not needed: a renewal is new files in the lineage's live directory, which is what the test swaps in.
 * Proved with TLS handshakes: Nginx serves the old certificate until the hook ran, the new one after; another
 * lineage reloads nothing; a broken Nginx config makes the hook fail without reloading (old certificate still
 * served, Nginx still up). Also: the installer refuses a hook /bin/sh cannot parse before installing anything,
 * and reports nginx -t's warnings, naming the file (here another site's) they are about.
 */
import { randomUUID, X509Certificate } from 'node:crypto';
import { connect } from 'node:tls';
import { setTimeout as sleep } from 'node:timers/promises';
import { type HostFile, installHostFiles } from '../../src/releases/install.js';
import { renderAll, type RenderedFile } from '../../src/render/index.js';
import { planHost } from '../../src/render/plan.js';
import type { SshSession } from '../../src/remote/ssh.js';
import { memoryLogger } from '../../src/log.js';
import { loadSpec } from '../../src/appspec/load.js';
import { type Resolved, resolve } from '../../src/appspec/resolve.js';
import { host, hostExec, openSession, putFile } from '../support/hosts.js';
import { makeCa, type TestCa } from '../support/tls.js';

const DOMAIN = 'shop.keel.test';
const LINEAGE = `/etc/letsencrypt/live/${DOMAIN}`;
const HOOK = '/etc/letsencrypt/renewal-hooks/deploy/keel-shop';
const OTHER = '/etc/nginx/sites-enabled/other.conf';
// Another site on the host, with a directive Nginx 1.22 accepts with a deprecation warning.
const OTHER_SITE = `server {\n  listen 8443;\n  server_name other.keel.test;\n  ssl on;\n  ssl_certificate ${LINEAGE}/fullchain.pem;\n  ssl_certificate_key ${LINEAGE}/privkey.pem;\n  return 204;\n}\n`;
const SPEC = `
app: { name: shop, module: "app:app", path: /srv/shop, gunicorn: /usr/bin/gunicorn }
proxy:
  domains: [${DOMAIN}]
`;

let ca: TestCa;
let address: string;
let session: SshSession;
let files: RenderedFile[];
let r: Resolved;
let oldCert: { certPem: string; keyPem: string };
let newCert: { certPem: string; keyPem: string };

const asHostFile = ({ scope: _s, ...f }: RenderedFile): HostFile => f;
const fingerprint = (pem: string) => new X509Certificate(pem).fingerprint256;

/** The certificate Nginx presents for the shop's name, by its SHA-256 fingerprint (bounded wait). */
function served(): Promise<string> {
  return new Promise((ok, fail) => {
    const socket = connect({ host: address, port: 443, servername: DOMAIN, rejectUnauthorized: false });
    socket.setTimeout(10_000, () => socket.destroy(new Error('TLS handshake timed out')));
    socket.once('secureConnect', () => {
      const cert = socket.getPeerX509Certificate();
      socket.end();
      if (cert) ok(cert.fingerprint256);
      else fail(new Error('no certificate'));
    });
    socket.once('error', fail);
  });
}

/** Runs the hook as certbot does: root, RENEWED_LINEAGE set. Exit code and both streams. */
function runHook(lineage: string): { code: number; stdout: string; stderr: string } {
  const out = hostExec(
    'sd',
    `RENEWED_LINEAGE='${lineage}' ${HOOK} >/root/hook.out 2>/root/hook.err; echo "rc=$?"; cat /root/hook.out; echo @@; cat /root/hook.err`,
  );
  const [head, err] = out.split('@@\n');
  const [rc, ...stdout] = head!.split('\n');
  return { code: Number(rc!.replace('rc=', '')), stdout: stdout.join('\n'), stderr: err ?? '' };
}

const nginxState = () =>
  hostExec('sd', 'systemctl show -p MainPID --value nginx; systemctl is-active nginx').trim().split('\n');

function putLineage(cert: { certPem: string; keyPem: string }) {
  putFile('sd', `${LINEAGE}/fullchain.pem`, cert.certPem + ca.caPem);
  putFile('sd', `${LINEAGE}/privkey.pem`, cert.keyPem, { mode: '0600' });
}

beforeAll(async () => {
  ca = makeCa();
  address = host('sd').address;
  oldCert = ca.issue([DOMAIN], { name: 'old' });
  newCert = ca.issue([DOMAIN], { name: 'new' });
  expect(fingerprint(oldCert.certPem)).not.toBe(fingerprint(newCert.certPem));
  r = resolve(loadSpec(SPEC, 'keel.yml', {}).spec);
  files = renderAll(r);
  hostExec(
    'sd',
    `systemctl stop nginx caddy 2>/dev/null; rm -f /etc/nginx/sites-enabled/* /etc/nginx/sites-available/shop.conf ${HOOK}; true`,
  );
  putLineage(oldCert);
  putFile('sd', OTHER, OTHER_SITE);
  session = await openSession(host('sd'));
}, 60_000);

afterAll(() => {
  session?.close();
  ca?.remove();
  hostExec('sd', `systemctl stop nginx 2>/dev/null; rm -f ${OTHER} /etc/nginx/sites-enabled/shop.conf; true`);
});

describe('the certbot renewal hook on the systemd host', () => {
  const site = () => files.find((f) => f.name === 'nginx/shop.conf')!;
  const hook = () => files.find((f) => f.kind === 'certbot-hook')!;

  it('is refused before anything is installed when /bin/sh cannot parse it', async () => {
    const broken = { ...asHostFile(hook()), content: hook().content.replace('esac', '') };
    const log = memoryLogger();
    await expect(installHostFiles(session, [asHostFile(site()), broken], randomUUID(), log)).rejects.toThrow(
      /checking the certbot renewal hook with sh -n exited with code 2/,
    );
    expect(hostExec('sd', `ls ${HOOK} /etc/nginx/sites-available/shop.conf 2>&1 || true`)).not.toMatch(
      /^\//m,
    );
    // The plan read over SSH shows the hook like every other file: to be created.
    const plan = await planHost(session, r, files);
    expect(plan.files.find((f) => f.install === HOOK)).toMatchObject({
      file: 'certbot/keel-shop',
      change: 'create',
    });
  });

  it('is installed with the site (root, 0755), nginx -t warnings reported with the file they are about', async () => {
    const log = memoryLogger();
    const installed = await installHostFiles(
      session,
      [asHostFile(site()), asHostFile(hook())],
      randomUUID(),
      log,
      { nginx: '1.22', openssl: '3.0' },
    );
    expect(installed.changed.map((f) => f.install)).toEqual(['/etc/nginx/sites-available/shop.conf', HOOK]);
    await installed.commit();
    expect(hostExec('sd', `stat -c '%U:%G %a' ${HOOK}`).trim()).toBe('root:root 755');
    expect(hostExec('sd', `cat ${HOOK}`)).toBe(hook().content);
    const line = OTHER_SITE.split('\n').indexOf('  ssl on;') + 1;
    expect(log.lines.filter((l) => l.startsWith('warning: '))).toEqual([
      `warning: sd: nginx -t: [warn] the "ssl" directive is deprecated, use the "listen ... ssl" directive instead (in ${OTHER}:${line}) (another file than the ones keel installed)`,
    ]);
    // The host's versions were read over SSH as the deploy user (nginx is in /usr/sbin) and parsed.
    expect(log.lines).toContainEqual(
      expect.stringMatching(/^debug: sd: runs nginx 1\.22\.\d+, OpenSSL 3\.\d+\.\d+$/),
    );
    const plan = await planHost(session, r, files);
    expect(plan.files.find((f) => f.install === HOOK)).toMatchObject({ change: 'unchanged', diff: '' });
    hostExec('sd', 'systemctl start nginx');
    expect(await served()).toBe(fingerprint(oldCert.certPem));
  }, 60_000);

  it('until the hook runs, Nginx keeps serving the old certificate after a renewal', async () => {
    putLineage(newCert);
    expect(await served()).toBe(fingerprint(oldCert.certPem));
  });

  it("a renewal of another lineage reloads nothing (even one that starts like the app's)", async () => {
    const before = nginxState();
    for (const other of ['/etc/letsencrypt/live/other.keel.test', `${LINEAGE}-0001`]) {
      expect(runHook(other)).toEqual({ code: 0, stdout: '', stderr: '' });
    }
    expect(nginxState()).toEqual(before);
    expect(await served()).toBe(fingerprint(oldCert.certPem));
  });

  it('with a broken Nginx config the hook exits non-zero, says why, and does not reload', async () => {
    const before = nginxState();
    putFile('sd', OTHER, OTHER_SITE.replace('return 204;', 'return 204;\n  bogus_directive on;'));
    try {
      const r = runHook(LINEAGE);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(
        `keel-shop: nginx -t failed, so nginx was NOT reloaded and still serves the previous certificate of ${LINEAGE}:`,
      );
      expect(r.stderr).toContain(`unknown directive "bogus_directive" in ${OTHER}:`);
      expect(nginxState()).toEqual(before);
      expect(before[1]).toBe('active');
      expect(await served()).toBe(fingerprint(oldCert.certPem));
    } finally {
      putFile('sd', OTHER, OTHER_SITE);
    }
  });

  it("for the app's lineage the hook checks, reloads (same master, no restart), and Nginx serves the new certificate", async () => {
    const before = nginxState();
    const r = runHook(LINEAGE);
    expect(r).toEqual({ code: 0, stdout: `keel-shop: reloaded nginx for ${LINEAGE}\n`, stderr: '' });
    // A reload is asynchronous in Nginx: new workers take over within a moment (bounded wait).
    const deadline = Date.now() + 10_000;
    let now = await served();
    while (now !== fingerprint(newCert.certPem) && Date.now() < deadline) {
      await sleep(200);
      now = await served();
    }
    expect(now).toBe(fingerprint(newCert.certPem));
    expect(nginxState()).toEqual(before);
  });
});
