/**
 * `process-manager: supervisor` in the spec: everything in keel that only systemd can do is refused with an error
 * naming the field, before anything is rendered (so before any host is touched); the supported spec renders
 * supervisor programs and no systemd unit, and sudo rules with exact supervisorctl arguments only.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { manifestOf, renderAll } from '../../src/render/index.js';
import { SpecError, loadSpec } from '../../src/appspec/load.js';
import { resolve } from '../../src/appspec/resolve.js';
import { repoRoot } from '../support/paths.js';

const shop = readFileSync(join(repoRoot, '__fixtures__/specs/shop.yml'), 'utf8');
const OK = { 'process-manager': 'supervisor', 'gunicorn.bind': 'tcp' };

function problems(overrides: Record<string, unknown>): string[] {
  try {
    loadSpec(shop, 'shop.yml', overrides);
  } catch (e) {
    if (e instanceof SpecError) return e.specProblems.map((p) => `${p.field}: ${p.message}`);
    throw e;
  }
  return [];
}

describe('process-manager: supervisor refuses what is systemd-only, naming the field', () => {
  it('accepts a spec that fits', () => {
    expect(problems(OK)).toEqual([]);
  });

  it.each([
    [{ 'gunicorn.bind': 'unix' }, /^gunicorn\.bind: is unix .*systemd's socket unit.*use bind: tcp/],
    [{ 'gunicorn.socket-activation': true }, /^gunicorn\.socket-activation: is systemd-only/],
    [{ 'systemd.hardening': 'strict' }, /^systemd: is systemd-only \(the unit's sandbox, its exposure score/],
    [{ 'gunicorn.logs': 'file' }, /^gunicorn\.logs: is file/],
    [{ firewall: { allow: ['443/tcp'] } }, /^firewall: is systemd-only for now.*transient systemd timer/],
    [{ deploy: { strategy: 'socket' } }, /^deploy\.strategy: is "socket", which is systemd-only/],
    [{ deploy: { strategy: 'rolling' } }, /^deploy\.strategy: is "rolling", which is systemd-only/],
  ])('%j', (extra, message) => {
    const found = problems({ ...OK, ...extra });
    expect(found).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });

  it('a singleton (Celery beat) is accepted: supervisor runs it on one host too', () => {
    expect(
      problems({ ...OK, processes: { beat: { command: 'celery -A shop beat', singleton: true } } }),
    ).toEqual([]);
  });

  it('the default bind (unix) alone is refused: the error says what to do', () => {
    expect(problems({ 'process-manager': 'supervisor' })).toEqual([
      expect.stringMatching(/^gunicorn\.bind: .*with process-manager: supervisor use bind: tcp/),
    ]);
  });

  it("strategy 'supervisor' without supervisor is refused too", () => {
    expect(problems({ deploy: { strategy: 'supervisor' } })).toEqual([
      "deploy.strategy: 'supervisor' (supervisorctl signal HUP) needs process-manager: supervisor",
    ]);
  });

  it('a systemd-only alert threshold is a warning: those alerts are not rendered', () => {
    const { warnings, spec } = loadSpec(shop, 'shop.yml', { ...OK, 'alerts.restarts-per-hour': 5 });
    expect(warnings.map((w) => w.field)).toContain('alerts.restarts-per-hour');
    const alerts = renderAll(resolve(spec)).find((f) => f.kind === 'alerts')!.content;
    expect(alerts).not.toMatch(/systemd/);
    expect(alerts).toMatch(/HealthProbeFailing/);
  });
});

describe('rendered for supervisor', () => {
  const r = resolve(
    loadSpec(shop, 'shop.yml', {
      ...OK,
      processes: { worker: { command: 'celery -A shop worker', instances: 2 } },
    }).spec,
  );
  const files = renderAll(r);

  it('programs, the exec wrapper and logrotate; no systemd unit', () => {
    expect(
      files
        .map((f) => [f.kind, f.install, f.mode, f.onChange])
        .filter(([k]) => /supervisor|systemd|logrotate/.test(String(k))),
    ).toEqual([
      ['supervisor-exec', '/usr/local/libexec/keel/shop-exec', '0755', 'none'],
      ['supervisor-program', '/etc/supervisor/conf.d/shop.conf', '0644', 'supervisor-update'],
      ['supervisor-program', '/etc/supervisor/conf.d/shop-worker.conf', '0644', 'supervisor-update'],
      ['logrotate', '/etc/logrotate.d/shop', '0644', 'none'],
    ]);
    expect(files.find((f) => f.kind === 'logrotate')!.content).toMatch(
      /^\/var\/log\/shop\/\*\.log \{[^}]*copytruncate/m,
    );
  });

  it('sudo rules: supervisorctl with exact program and process names, no systemctl for the app', () => {
    const sudoers = files.find((f) => f.kind === 'sudoers')!.content;
    const rules = sudoers.split('\n').filter((l) => l.includes('supervisorctl'));
    expect(
      rules.map((l) => l.replace(/^deploy ALL=\(root\) NOPASSWD: \/usr\/bin\/supervisorctl /, '')),
    ).toEqual([
      'reread',
      'update shop',
      'update shop-worker',
      'pid shop',
      'start shop',
      'restart shop',
      'pid shop-worker\\:shop-worker_1',
      'start shop-worker\\:shop-worker_1',
      'restart shop-worker\\:shop-worker_1',
      'pid shop-worker\\:shop-worker_2',
      'start shop-worker\\:shop-worker_2',
      'restart shop-worker\\:shop-worker_2',
      'signal HUP shop',
      'signal TTIN shop',
      'signal TTOU shop',
    ]);
    expect(sudoers).not.toMatch(/systemctl (restart|reload|enable) shop/);
    expect(sudoers).toMatch(/\/usr\/bin\/install -d -m 0750 -o root -g root \/var\/log\/shop$/m);
  });
});

describe('a singleton under supervisor', () => {
  // `beat` (the singleton) is a prefix of `beat2` (a process on every host): nothing of one may name the other.
  const r = resolve(
    loadSpec(shop, 'shop.yml', {
      ...OK,
      processes: {
        beat: {
          command: 'celery -A shop beat',
          singleton: true,
          'singleton-host': 'web2',
          'stop-timeout': 30,
        },
        beat2: { command: 'celery -A shop worker', instances: 2 },
      },
    }).spec,
  );
  const files = renderAll(r);
  const manifest = manifestOf(r, files);

  it('its program file is installed outside conf.d on every host (linked into conf.d on its host only)', () => {
    expect(files.filter((f) => f.kind === 'supervisor-program').map((f) => f.install)).toEqual([
      '/etc/supervisor/conf.d/shop.conf',
      '/etc/supervisor/keel-singletons/shop-beat.conf',
      '/etc/supervisor/conf.d/shop-beat2.conf',
    ]);
    const beat = files.find((f) => f.install.endsWith('/shop-beat.conf'))!.content;
    expect(beat).toMatch(/^\[program:shop-beat\]$/m);
    // autostart: supervisord starts it after a reboot, on the host whose conf.d links it.
    expect(beat).toMatch(/^autostart=true$/m);
    expect(beat).toMatch(/^stopwaitsecs=30$/m);
  });

  it('the manifest says which processes are singletons, where, and their program', () => {
    expect(manifest.processes).toEqual([
      {
        name: 'beat',
        units: ['shop-beat:shop-beat_1'],
        stopTimeout: 30,
        singleton: true,
        singletonHost: 'web2',
        program: 'shop-beat',
      },
      {
        name: 'beat2',
        units: ['shop-beat2:shop-beat2_1', 'shop-beat2:shop-beat2_2'],
        stopTimeout: 600,
        singleton: false,
        program: 'shop-beat2',
      },
    ]);
  });

  it('sudo rules: its conf.d link, and the update whose client gives up, by exact name; nothing for beat2', () => {
    const sudoers = files.find((f) => f.kind === 'sudoers')!.content;
    const rules = sudoers
      .split('\n')
      .filter((l) => /shop-beat\b(?!2)|keel-singletons/.test(l))
      .map((l) => l.replace(/^deploy ALL=\(root\) NOPASSWD: /, ''));
    expect(rules).toEqual([
      '/usr/bin/supervisorctl update shop-beat',
      '/usr/bin/ln -s /etc/supervisor/keel-singletons/shop-beat.conf /etc/supervisor/conf.d/shop-beat.conf',
      '/usr/bin/rm -f /etc/supervisor/conf.d/shop-beat.conf',
      '/usr/bin/timeout 3 /usr/bin/supervisorctl update shop-beat',
      '/usr/bin/supervisorctl pid shop-beat\\:shop-beat_1',
      '/usr/bin/supervisorctl start shop-beat\\:shop-beat_1',
      '/usr/bin/supervisorctl restart shop-beat\\:shop-beat_1',
      // The installed file's own rules (compare, back up, install, restore, remove), like every host file.
      '/usr/bin/cat /etc/supervisor/keel-singletons/shop-beat.conf',
      '/usr/bin/test -e /etc/supervisor/keel-singletons/shop-beat.conf',
      '/usr/bin/cp ^-a /etc/supervisor/keel-singletons/shop-beat\\.conf \\.keel-stage/[0-9a-f-]+/old/[0-9]+$',
      '/usr/bin/cp ^-a \\.keel-stage/[0-9a-f-]+/old/[0-9]+ /etc/supervisor/keel-singletons/shop-beat\\.conf$',
      '/usr/bin/install ^-D -m 0644 -o root -g root \\.keel-stage/[0-9a-f-]+/new/[0-9]+ /etc/supervisor/keel-singletons/shop-beat\\.conf$',
      '/usr/bin/rm -f /etc/supervisor/keel-singletons/shop-beat.conf',
    ]);
    // No wildcard anywhere: a rule for shop-beat never matches shop-beat2, and beat2 gets no link or timeout rule.
    expect(sudoers).not.toMatch(/shop-beat\*|shop-beat2\.conf \/etc|timeout 3 \S+ update shop-beat2/);
    expect(sudoers).not.toMatch(/ln -s \S+shop-beat2/);
  });
});
