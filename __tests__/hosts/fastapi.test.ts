/**
 * The app the runbooks actually run: a FastAPI app (ASGI) under Debian's Gunicorn with uvicorn's worker class,
 * shipped by the root action on the systemd host exactly like the Flask sample: rendered, deployed behind Nginx
 * with TLS, reloaded with every strategy under a load probe through Nginx with no failed request, rolled back
 * when a release cannot import, smoke-checked. FastAPI and uvicorn come from Debian (python3-fastapi,
 * python3-uvicorn), so the release needs no virtualenv.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { host, hostExec, putFile } from '../support/hosts.js';
import { repoRoot } from '../support/paths.js';
import { errorsOf, rootAction } from '../support/root-action.js';
import { type StepResult } from '../support/step.js';
import { makeCa, type TestCa } from '../support/tls.js';

// Its own name, path, units, domain and certificate: the systemd host is shared with the other suites.
const DOMAIN = 'asgi.keel.test';
const SPEC = `app: { name: keelasgi, module: "app:app", path: /srv/keelasgi, gunicorn: /usr/bin/gunicorn }
gunicorn: { workers: 2, worker-class: uvicorn.workers.UvicornWorker, graceful-timeout: 10 }
proxy:
  domains: [${DOMAIN}]
  tls: { certificates: files, cert: /etc/keel-asgi/asgi.crt, key: /etc/keel-asgi/asgi.key }
  routes:
    - { path: /ai/*, timeout: 30, buffering: false }
`;

let ca: TestCa;
let workspace: string;
let address: string;
const sh = (cmd: string) => hostExec('sd', cmd).trim();
const errors = errorsOf;

beforeAll(() => {
  address = host('sd').address;
  ca = makeCa();
  sh(
    'systemctl stop keelasgi.service keelasgi.socket 2>/dev/null; rm -rf /srv/keelasgi /etc/systemd/system/keelasgi.* /etc/nginx/sites-*/keelasgi.conf; systemctl daemon-reload; ' +
      'id keelasgi >/dev/null 2>&1 || useradd --system --home-dir /srv/keelasgi --shell /usr/sbin/nologin keelasgi; install -d -o deploy -g deploy /srv/keelasgi; ' +
      'usermod -aG www-data deploy',
  );
  const cert = ca.issue([DOMAIN], { name: 'asgi', days: 30 });
  putFile('sd', '/etc/keel-asgi/asgi.crt', cert.certPem);
  putFile('sd', '/etc/keel-asgi/asgi.key', cert.keyPem, { mode: '0600' });
  workspace = mkdtempSync(join(tmpdir(), 'keel-asgi-ws-'));
  cpSync(join(repoRoot, 'examples/sample-fastapi'), join(workspace, 'app'), { recursive: true });
  mkdirSync(join(workspace, 'deploy'));
  writeFileSync(join(workspace, 'deploy/keel.yml'), SPEC);
});

afterAll(() => {
  hostExec(
    'sd',
    'systemctl stop keelasgi.service keelasgi.socket nginx 2>/dev/null; rm -rf /srv/keelasgi /etc/keel-asgi /etc/systemd/system/keelasgi.* /etc/nginx/sites-*/keelasgi.conf; systemctl daemon-reload; true',
  );
  rmSync(workspace, { recursive: true, force: true });
  ca?.remove();
});

const pipeline = rootAction(() => ({ workspace, address, caPem: ca.caPem }));

const underLoad = () => ({
  'load-url': `https://${DOMAIN}/version`,
  'load-address': address,
  'load-rate': '40',
  'load-window': '1s',
});
const version = () => JSON.parse(sh(`curl -sk --resolve ${DOMAIN}:443:127.0.0.1 https://${DOMAIN}/version`));

describe('a FastAPI app under Gunicorn with uvicorn workers, shipped by the root action', () => {
  it('renders, deploys behind Nginx with TLS, and smoke-checks it: uvicorn workers answer', async () => {
    const r = await pipeline({ 'release-id': 'a1' });
    expect(errors(r)).toEqual([]);
    expect(r.outputs).toMatchObject({
      status: 'success',
      'serving-release': 'a1',
      'smoke-passed': 'true',
      grade: 'A+',
      version: 'a1',
    });
    // The rendered config runs uvicorn's worker class, and the workers are uvicorn's.
    expect(sh('grep -E "^worker_class" /srv/keelasgi/current/.keel/gunicorn.conf.py')).toContain(
      'uvicorn.workers.UvicornWorker',
    );
    expect(version()).toMatchObject({ release: 'a1', server: 'uvicorn' });
  });

  it.each([
    ['rolling', 'a2'],
    ['systemd', 'a3'],
    ['socket', 'a4'],
  ])(
    'reload-strategy %s under a load probe through Nginx: no failed request, the new release serving',
    async (strategy, release) => {
      writeFileSync(join(workspace, 'app/extra.txt'), `${release}\n`);
      const r = await pipeline({
        'release-id': release,
        skip: 'render',
        'reload-strategy': strategy,
        ...underLoad(),
      });
      expect(errors(r)).toEqual([]);
      expect(r.outputs).toMatchObject({
        'reload-result': 'passed',
        'serving-release': release,
        'load-failed': '0',
        version: release,
      });
      expect(Number(r.outputs['load-requests'])).toBeGreaterThan(40);
      expect(Number(r.outputs['load-ok'])).toBe(Number(r.outputs['load-requests']));
      expect(sh('readlink /srv/keelasgi/current')).toBe(`releases/${release}`);
    },
  );

  it('a release that cannot import is rolled back to the one serving, under load, with no failed request', async () => {
    const good = sh('readlink /srv/keelasgi/current').replace('releases/', '');
    writeFileSync(join(workspace, 'app/app.py'), 'raise RuntimeError("b1 cannot start")\n');
    let r: StepResult;
    try {
      r = await pipeline({ 'release-id': 'b1', skip: 'render', ...underLoad() });
    } finally {
      cpSync(join(repoRoot, 'examples/sample-fastapi/app.py'), join(workspace, 'app/app.py'));
    }
    expect(r.exitCode).toBe(1);
    expect(errors(r).join('\n')).toMatch(/b1 cannot start/);
    expect(r.outputs).toMatchObject({ 'reload-result': 'failed', 'load-failed': '0' });
    expect(sh('readlink /srv/keelasgi/current')).toBe(`releases/${good}`);
    expect(version()).toMatchObject({ release: good });
  });
});
