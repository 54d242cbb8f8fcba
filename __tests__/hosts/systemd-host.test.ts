/** The systemd test host: a real systemd as PID 1, the sample app as a real service, reached over SSH. */
import { knownHostKeys } from '../../src/remote/hostkeys.js';
import { parsePrivateKey } from '../../src/remote/keys.js';
import { raw } from '../../src/remote/quote.js';
import { defaultConnectOptions, SshSession } from '../../src/remote/ssh.js';
import { memoryLogger } from '../../src/report/log.js';
import { clientKey, host, knownHosts } from '../support/hosts.js';

describe('the systemd host over SSH', () => {
  let session: SshSession;
  beforeAll(async () => {
    const h = host('sd');
    session = await SshSession.open(
      {
        name: h.name,
        host: h.address,
        port: h.port,
        user: h.user,
        trust: {
          keys: knownHostKeys(knownHosts(), h.address, h.port),
          fingerprints: [],
          trustOnFirstUse: false,
        },
      },
      { key: parsePrivateKey(clientKey(), undefined) },
      { ...defaultConnectOptions, retries: 0 },
      memoryLogger(),
    );
  });
  afterAll(() => session.close());

  it('runs systemd as PID 1 and the sample app as an active service', async () => {
    const r = await session.check('state', raw('ps -o comm= -p 1; systemctl is-active keel-sample.service'));
    expect(r.stdout.split('\n').slice(0, 2)).toEqual(['systemd', 'active']);
  });

  it('lets the deploy user read the service journal', async () => {
    const r = await session.check(
      'journal',
      raw("sudo -n journalctl -u keel-sample.service --no-pager -o cat | grep 'Listening at'"),
    );
    expect(r.stdout).toMatch(/Listening at: http:\/\/127\.0\.0\.1:8000/);
  });

  it('serves /healthz and /version from the service', async () => {
    const r = await session.check(
      'probe',
      raw('curl -fsS http://127.0.0.1:8000/healthz; echo; curl -fsS http://127.0.0.1:8000/version'),
    );
    const [health, version] = r.stdout.split('\n').filter((l) => l.trim() !== '');
    expect(JSON.parse(health!)).toEqual({ status: 'ok' });
    expect(JSON.parse(version!)).toMatchObject({ release: 'seed' });
  });
});
