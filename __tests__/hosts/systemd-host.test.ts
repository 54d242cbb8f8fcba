/** The systemd test host: a real systemd as PID 1, the sample app as a real service, reached over SSH. */
import { raw } from '../../src/remote/quote.js';
import type { SshSession } from '../../src/remote/ssh.js';
import { host, openSession } from '../support/hosts.js';

describe('the systemd host over SSH', () => {
  let session: SshSession;
  beforeAll(async () => {
    session = await openSession(host('sd'));
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
