import {
  compareVersions,
  newerThanAssumed,
  parseCaddyVersion,
  parseNginxV,
} from '../../src/render/versions.js';

describe('compareVersions', () => {
  it('compares dotted numbers part by part, missing parts as 0', () => {
    expect(compareVersions('1.25.1', '1.22')).toBe(1);
    expect(compareVersions('1.22', '1.25.1')).toBe(-1);
    expect(compareVersions('1.22', '1.22.0')).toBe(0);
    expect(compareVersions('1.9', '1.10')).toBe(-1); // numbers, not strings
    expect(compareVersions('3.5', '3.5.1')).toBe(-1);
    expect(compareVersions('10', '9.99')).toBe(1);
  });

  it('refuses anything that is not a dotted version instead of guessing', () => {
    for (const bad of ['', 'v1.2', '1.2-beta', '1..2', '1.2.', 'latest', '1.2 ', '$(id)'])
      expect(() => compareVersions(bad, '1.0')).toThrow(/not a dotted version/);
    expect(() => compareVersions('1.0', 'x')).toThrow('"x"');
  });
});

describe('parseNginxV', () => {
  it("reads Debian's nginx -V and prefers the OpenSSL it runs with over the one it was built with", () => {
    const out = [
      'nginx version: nginx/1.22.1',
      'built with OpenSSL 3.0.22 25 Aug 2026 (running with OpenSSL 3.5.1 27 Jan 2026)',
      'TLS SNI support enabled',
      "configure arguments: --with-cc-opt='-g -O2 -ffile-prefix-map=/build/nginx-1.99.9=.'",
    ].join('\n');
    expect(parseNginxV(out)).toEqual({ nginx: '1.22.1', openssl: '3.5.1' });
  });

  it('reads a build without "running with", a distribution suffix and an old lettered OpenSSL', () => {
    expect(
      parseNginxV('nginx version: nginx/1.25.1 (Ubuntu)\nbuilt with OpenSSL 1.1.1w  11 Sep 2023\n'),
    ).toEqual({ nginx: '1.25.1', openssl: '1.1.1' });
    expect(parseNginxV('nginx version: nginx/1.26.3\r\nbuilt with OpenSSL 3.0.11 19 Sep 2023\r\n')).toEqual({
      nginx: '1.26.3',
      openssl: '3.0.11',
    });
  });

  it('finds nothing in empty, garbage or look-alike output', () => {
    expect(parseNginxV('')).toEqual({});
    expect(parseNginxV('bash: nginx: command not found')).toEqual({});
    expect(parseNginxV('\u0000\u00ff nginx/1.2.3 OpenSSL')).toEqual({});
    expect(parseNginxV('nginx version: openresty/1.21.4.1')).toEqual({});
    expect(parseNginxV('nginx version: nginx/1.22.1abc')).toEqual({});
    expect(parseNginxV('x'.repeat(1_000_000))).toEqual({});
  });
});

describe('parseCaddyVersion', () => {
  it("reads upstream's and Debian's formats", () => {
    expect(parseCaddyVersion('v2.6.2 h1:wKoFIxpmOJLGl3QXoo6PNbYvGW4xLEgo32GPBEjWL8o=\n')).toBe('2.6.2');
    expect(parseCaddyVersion('2.6.2\n')).toBe('2.6.2');
    expect(parseCaddyVersion('v2.10.0-beta.3 h1:abc')).toBe('2.10.0');
    expect(parseCaddyVersion('v2.10')).toBe('2.10');
  });

  it('finds nothing in empty or garbage output', () => {
    for (const bad of ['', '\n', 'caddy: command not found', 'version 2.6.2', 'v2', 'v2.6.2x', '(devel)'])
      expect(parseCaddyVersion(bad)).toBeUndefined();
  });
});

describe('newerThanAssumed', () => {
  const debian = { nginx: '1.22', openssl: '3.0', caddy: '2.6' };

  it('says nothing when the host runs what the spec assumes (or older)', () => {
    expect(newerThanAssumed(debian, { nginx: '1.22.1', openssl: '3.0.19', caddy: '2.6.2' })).toEqual([]);
    expect(newerThanAssumed(debian, { nginx: '1.18.0', openssl: '1.1.1' })).toEqual([]);
  });

  it('names each newer component, the value to set and what it would change', () => {
    expect(newerThanAssumed(debian, { nginx: '1.26.3', openssl: '3.5.1', caddy: '2.10.0' })).toEqual([
      'nginx 1.26.3 on the host is newer than proxy.versions.nginx 1.22: set it to 1.26 to render `http2 on;` instead of the deprecated `listen ... http2`',
      'openssl 3.5.1 on the host is newer than proxy.versions.openssl 3.0: set it to 3.5 to offer the X25519MLKEM768 hybrid key exchange',
      'caddy 2.10.0 on the host is newer than proxy.versions.caddy 2.6: set it to 2.10 to offer the X25519MLKEM768 hybrid key exchange',
    ]);
  });

  it('suggests the full version when its minor alone would stay below the threshold (1.25.1)', () => {
    expect(newerThanAssumed({ nginx: '1.22' }, { nginx: '1.25.1' })).toEqual([
      expect.stringContaining('set it to 1.25.1 to render `http2 on;`'),
    ]);
    // 1.25.0 has no `http2 on;` yet: nothing to gain.
    expect(newerThanAssumed({ nginx: '1.22' }, { nginx: '1.25.0' })).toEqual([]);
  });

  it('is quiet when the spec already assumes the new version, or either side is missing or odd', () => {
    expect(newerThanAssumed({ nginx: '1.26' }, { nginx: '1.27.4' })).toEqual([]);
    expect(newerThanAssumed({}, { nginx: '1.27.4' })).toEqual([]);
    expect(newerThanAssumed(debian, {})).toEqual([]);
    expect(newerThanAssumed({ nginx: 'latest' }, { nginx: '1.27.4' })).toEqual([]);
    expect(newerThanAssumed(debian, { nginx: '1.27.4; rm -rf /' })).toEqual([]);
  });
});
