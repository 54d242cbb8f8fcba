// Three projects: `unit` (pure: no tools beyond Node, bash and OpenSSH's ssh-keygen), `tools` (no hosts, but the
// real programs installed on the machine: nginx, caddy, systemd-analyze, logrotate, promtool, openssl, sqlite3,
// PostgreSQL, Python) and `hosts` (real sshd, systemd, Gunicorn... on test hosts that test/hosts/hostctl builds
// before the run and tears down after it). `npm test` runs all three.
const common = {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json', diagnostics: { warnOnly: false } }],
  },
};

export default {
  // Host-level tests talk to real servers; unit tests finish in milliseconds and are not affected.
  testTimeout: 120000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/__tests__/unit/**/*.test.ts'] },
    { ...common, displayName: 'tools', testMatch: ['<rootDir>/__tests__/tools/**/*.test.ts'] },
    {
      ...common,
      displayName: 'hosts',
      testMatch: ['<rootDir>/__tests__/hosts/**/*.test.ts'],
      globalSetup: '<rootDir>/__tests__/support/hosts-up.ts',
      globalTeardown: '<rootDir>/__tests__/support/hosts-down.ts',
      testTimeout: 180000,
    },
  ],
};
