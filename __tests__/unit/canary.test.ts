/**
 * Canary first: which hosts are canaries, and every way of naming them wrongly is a clear error naming the
 * input before anything is touched (counts, names not in the list, duplicates, all hosts, 0 and negatives).
 */
import { type SshDeployInputs, sshDeploySettings } from '../../src/actions/ssh-deploy/settings.js';
import { parseCanary } from '../../src/releases/fleet.js';

const HOSTS = ['web1.example.com', '10.0.0.2', 'web3.example.com'];

describe('parseCanary', () => {
  it('a count takes the first hosts of the list; names keep the list order', () => {
    expect(parseCanary('1', HOSTS)).toEqual({
      canaries: ['web1.example.com'],
      rest: ['10.0.0.2', 'web3.example.com'],
    });
    expect(parseCanary(' 2 ', HOSTS)).toEqual({
      canaries: ['web1.example.com', '10.0.0.2'],
      rest: ['web3.example.com'],
    });
    expect(parseCanary('web3.example.com, 10.0.0.2', HOSTS)).toEqual({
      canaries: ['10.0.0.2', 'web3.example.com'],
      rest: ['web1.example.com'],
    });
    expect(parseCanary('web3.example.com\n', HOSTS)).toEqual({
      canaries: ['web3.example.com'],
      rest: ['web1.example.com', '10.0.0.2'],
    });
  });

  it('empty and 0 are off', () => {
    expect(parseCanary('', HOSTS)).toBeUndefined();
    expect(parseCanary(undefined, HOSTS)).toBeUndefined();
    expect(parseCanary(' , ', HOSTS)).toBeUndefined();
    expect(parseCanary('0', HOSTS)).toBeUndefined();
  });

  it('negative, fractional and signed counts are errors, not names', () => {
    expect(parseCanary('-1', HOSTS)).toMatch(/^"-1" is not a number of canary hosts/);
    expect(parseCanary('1.5', HOSTS)).toMatch(/^"1.5" is not a number of canary hosts/);
    expect(parseCanary('+1', HOSTS)).toMatch(/^"\+1" is not a number of canary hosts/);
  });

  it('as many canaries as hosts, or more, leaves nothing to follow: an error', () => {
    expect(parseCanary('3', HOSTS)).toBe(
      '3 canary host(s) of 3 host(s): at least one host must be left to follow the canary',
    );
    expect(parseCanary('99', HOSTS)).toMatch(/^99 canary host\(s\) of 3 host\(s\)/);
    expect(parseCanary('1', ['only.example.com'])).toMatch(/^1 canary host\(s\) of 1 host\(s\)/);
    expect(parseCanary(HOSTS.join(','), HOSTS)).toBe(
      'every host (3) is a canary: at least one host must be left to follow the canary',
    );
  });

  it('a name not in the list (also close ones: case, user@, :port, hostile text) is an error naming it', () => {
    for (const bad of [
      'WEB1.example.com',
      'deploy@web1.example.com',
      'web1.example.com:22',
      'web1',
      "web1.example.com'; rm -rf /",
      '$(id)',
      'wéb1.example.com',
    ]) {
      const r = parseCanary(bad, HOSTS);
      expect(typeof r).toBe('string');
      expect(r).toContain('is not one of the hosts');
    }
    expect(parseCanary('web1.example.com, nope', HOSTS)).toMatch(/^"nope" is not one of the hosts/);
  });

  it('a name given twice is an error', () => {
    expect(parseCanary('10.0.0.2,10.0.0.2', HOSTS)).toBe('"10.0.0.2" is named twice');
  });
});

describe("ssh-deploy's canary input", () => {
  const base = {
    mode: 'deploy',
    'deploy-path': '/srv/shop',
    'batch-size': 'all',
    source: '.',
    shared: [],
    exclude: [],
    'rendered-dir': '__fixtures__',
    'rollback-to': undefined,
    watch: 40_000,
    hosts: ['deploy@web1.example.com:2222', 'web2.example.com'],
    canary: '1',
  } as unknown as SshDeployInputs;
  /** The canary plan the settings carry (deploy mode). */
  const canaryOf = (i: SshDeployInputs) => {
    const s = sshDeploySettings(i, { renderedLater: true });
    return s.mode === 'deploy' ? s.deploy.canary : undefined;
  };
  const check = (over: Partial<SshDeployInputs>) => {
    try {
      sshDeploySettings({ ...base, ...over }, { renderedLater: true });
      return 'ok';
    } catch (e) {
      return (e as Error).message;
    }
  };

  it('names hosts as the endpoints are named (without user and port)', () => {
    expect(canaryOf(base)).toEqual({
      canaries: ['web1.example.com'],
      rest: ['web2.example.com'],
    });
    expect(canaryOf({ ...base, canary: 'web2.example.com' })).toEqual({
      canaries: ['web2.example.com'],
      rest: ['web1.example.com'],
    });
  });

  it('needs watch, mode deploy, and a host left over; each error names the input', () => {
    expect(check({ watch: 0 })).toMatch(/input 'canary': needs 'watch'/);
    expect(check({ canary: '2' })).toMatch(
      /input 'canary': 2 canary host\(s\) of 2 host\(s\): at least one host must be left/,
    );
    expect(check({ canary: 'web3.example.com' })).toMatch(
      /input 'canary': "web3.example.com" is not one of the hosts/,
    );
    expect(check({ canary: '-1' })).toMatch(/input 'canary': "-1" is not a number of canary hosts/);
    expect(check({ canary: '0' })).toBe('ok');
    expect(check({ canary: '0', watch: 0 })).toBe('ok');
  });
});
