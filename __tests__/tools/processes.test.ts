/**
 * The processes beside the app (spec `processes:`): hostile commands are spec errors naming the field, the
 * units carry hostile app values exactly and pass systemd's own checks at the app's exposure limit, and the
 * sudo rules and alerts name exactly the instances.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manifestOf, renderAll } from '../../src/render/index.js';
import { manifestSchema } from '../../src/render/manifest.js';
import { renderConfig } from '../../src/render/render-config.js';
import { KeelError } from '../../src/errors.js';
import { checkSingletonHosts, parseClock, processesOnHost } from '../../src/releases/processes.js';
import { splitCommand } from '../../src/appspec/command.js';
import { loadSpec, SpecError } from '../../src/appspec/load.js';
import { resolve } from '../../src/appspec/resolve.js';
import { repoRoot } from '../support/paths.js';

const shop = readFileSync(join(repoRoot, '__fixtures__/specs/shop.yml'), 'utf8');
const worker = { command: 'celery -A shop.celery worker --concurrency 4 --loglevel INFO', instances: 2 };

function problems(overrides: Record<string, unknown>) {
  try {
    loadSpec(shop, 'shop.yml', overrides);
  } catch (e) {
    if (e instanceof SpecError) return e.specProblems.map((p) => `${p.field}: ${p.message}`);
    throw e;
  }
  return [];
}

describe('spec: processes', () => {
  it.each([
    ['celery worker; rm -rf /', ';'],
    ['celery worker $(id)', '$'],
    ['celery worker `id`', '`'],
    ['celery worker | tee x', '|'],
    ['celery worker && true', '&'],
    ['celery worker > /tmp/x', '>'],
    ['celery worker < /etc/passwd', '<'],
    ['celery "worker $HOME"', '$'],
    ['celery worker \\; id', '\\'],
  ])('refuses the shell in %j, naming the field', (command, char) => {
    const p = problems({ processes: { worker: { command } } });
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(/^processes\.worker\.command: runs without a shell/);
    expect(p[0]).toContain(JSON.stringify(char));
  });

  it.each([
    ['celery worker\nid', /one line/],
    ['celery\tworker', /one line/],
    ['', /is empty/],
    ['   ', /is empty/],
    ['celery "worker', /unclosed " quote/],
    ["celery 'worker", /unclosed ' quote/],
    ['-A shop worker', /must start with the program/],
    ['FOO=1 celery worker', /must start with the program/],
    ['"" worker', /must start with the program/],
  ])('refuses %j', (command, message) => {
    const p = problems({ processes: { worker: { command } } });
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(/^processes\.worker\.command: /);
    expect(p[0]).toMatch(message);
  });

  it('refuses a singleton with more than one instance, naming instances', () => {
    expect(
      problems({ processes: { beat: { command: 'celery beat', singleton: true, instances: 2 } } }),
    ).toEqual([
      'processes.beat.instances: is 2 but singleton: true runs exactly one (drop instances or singleton)',
    ]);
  });

  it('refuses bad names, bounds and unknown fields', () => {
    expect(problems({ processes: { Worker: { command: 'x' } } })).toEqual([
      expect.stringMatching(/^processes\.Worker: must be 2-32 lower-case/),
    ]);
    expect(problems({ processes: { worker: { command: 'x', instances: 33 } } })).toEqual([
      expect.stringMatching(/^processes\.worker\.instances: /),
    ]);
    expect(problems({ processes: { worker: { command: 'x', 'stop-timeout': 0 } } })).toEqual([
      expect.stringMatching(/^processes\.worker\.stop-timeout: /),
    ]);
    expect(problems({ processes: { worker: { command: 'x', numprocs: 2 } } })).toEqual([
      "processes.worker.numprocs: unknown field 'numprocs'",
    ]);
    expect(problems({ processes: { worker: {} } })).toEqual(['processes.worker.command: is required']);
  });

  it.each([
    ['web1; reboot', /not a host name/],
    ['web1 ', /not a host name/],
    ['$(id)', /not a host name/],
    ['`id`', /not a host name/],
    ['web\n1', /not a host name/],
    ['wéb1', /not a host name/],
    ['deploy@web1', /no user@/],
    ['web1:2222', /not a host name/],
    ['[::1]', /not a host name/],
    ['', /not a host name/],
    ['a'.repeat(254), /at most 253/],
  ])('refuses singleton-host %j, naming the field', (at, message) => {
    const p = problems({
      processes: { beat: { command: 'celery beat', singleton: true, 'singleton-host': at } },
    });
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(/^processes\.beat\.singleton-host: /);
    expect(p[0]).toMatch(message);
  });

  it('takes a host name, an IPv4 or a bare IPv6 address as singleton-host; only on a singleton', () => {
    for (const at of ['web1', 'web1.example.com', '10.0.0.2', '2001:db8::1'])
      expect(
        problems({ processes: { beat: { command: 'celery beat', singleton: true, 'singleton-host': at } } }),
      ).toEqual([]);
    expect(
      problems({ processes: { worker: { command: 'celery worker', 'singleton-host': 'web1' } } }),
    ).toEqual([
      'processes.worker.singleton-host: names a host ("web1") but only a singleton runs on one host: add singleton: true or drop singleton-host',
    ]);
  });

  describe('Flower (celery flower) reachable without authentication is refused', () => {
    const flower = (command: string, environment: Record<string, string> = {}) =>
      problems({ 'app.environment': environment, processes: { flower: { command } } });
    const warned = (command: string) =>
      loadSpec(shop, 'shop.yml', { processes: { flower: { command } } }).warnings.map(
        (w) => `${w.field}: ${w.message}`,
      );

    it.each([
      'celery -A shop.celery flower',
      'celery -A shop.celery flower --port=5555',
      '/srv/shop/current/.venv/bin/celery --app shop flower --address=0.0.0.0',
      'python3 -m celery -A shop flower --address 0.0.0.0',
      'python3 -m flower --address=10.0.0.5',
      'flower --broker=redis://127.0.0.1:6379/0',
      'celery -A shop flower --address=127.0.0.1.evil.example',
      'celery -A shop flower --address=::',
      'celery -A shop flower --basic-auth=',
      'celery -A shop flower --address=[::]',
    ])('refuses %j, naming the command', (command) => {
      const p = flower(command);
      expect(p).toHaveLength(1);
      expect(p[0]).toMatch(/^processes\.flower\.command: runs Flower listening on .* without authentication/);
      expect(p[0]).toContain('--address=127.0.0.1');
    });

    it.each([
      'celery -A shop flower --address=127.0.0.1 --port=5555',
      'celery -A shop flower --address=localhost',
      'celery -A shop flower --address=::1',
      'celery -A shop flower --unix-socket=/run/shop/flower.sock',
      'celery -A shop flower --auth=.*@example.com --auth_provider=flower.views.auth.GithubLoginHandler',
      // Not Flower: a worker whose queue is named flower, a beat.
      'celery -A shop worker -Q flower',
      'celery -A shop beat --schedule flower',
      'python3 -m celery -A shop inspect active flower',
    ])('accepts %j', (command) => {
      expect(flower(command)).toEqual([]);
    });

    it('accepts a loopback FLOWER_ADDRESS in app.environment (Flower reads FLOWER_<OPTION>)', () => {
      expect(flower('celery -A shop flower', { FLOWER_ADDRESS: '127.0.0.1' })).toEqual([]);
      expect(flower('celery -A shop flower', { FLOWER_BASIC_AUTH: '' })).toHaveLength(1);
    });

    it.each([
      ['celery -A shop flower --basic-auth=ops:hunter2x', {}, 'processes.flower.command', '--basic-auth'],
      [
        'celery -A shop flower --basic_auth=ops:hunter2x --address=0.0.0.0',
        {},
        'processes.flower.command',
        '--basic_auth',
      ],
      ['celery -A shop flower --basic-auth ops:hunter2x', {}, 'processes.flower.command', '--basic-auth'],
      [
        'celery -A shop flower --address=127.0.0.1',
        { FLOWER_BASIC_AUTH: 'ops:hunter2x' },
        'app.environment.FLOWER_BASIC_AUTH',
        'name',
      ],
    ])(
      'refuses the credentials of %j (%j) where every user of the host reads them, never repeating them',
      (command, environment, field, what) => {
        const p = flower(command, environment);
        expect(p).toEqual([expect.stringContaining(`${field}: `)]);
        expect(p[0]).toContain(what);
        expect(p[0]).toContain('env file');
        expect(p[0]).not.toContain('hunter2x');
      },
    );

    it('warns (does not refuse) when a --conf file keel cannot read may set the auth', () => {
      expect(warned('celery -A shop flower --conf=flowerconfig.py')).toEqual([
        expect.stringMatching(
          /^processes\.flower\.command: runs Flower listening on every interface \(its default\) with no auth option keel can see; check that "flowerconfig\.py" sets basic_auth or auth/,
        ),
      ]);
    });
  });

  it('splits quoted words without a shell', () => {
    expect(splitCommand(`celery  -A 'shop.celery' worker --hostname "w 1@%h" ''`)).toEqual([
      'celery',
      '-A',
      'shop.celery',
      'worker',
      '--hostname',
      'w 1@%h',
      '',
    ]);
    expect(splitCommand('/usr/bin/python3 -m x')).toEqual(['/usr/bin/python3', '-m', 'x']);
  });
});

describe('rendering: processes', () => {
  const render = (overrides: Record<string, unknown>) => {
    const r = resolve(loadSpec(shop, 'shop.yml', overrides).spec);
    return { r, files: renderAll(r) };
  };

  it('renders one template unit per process, with the warm-shutdown settings and no shell', () => {
    const { files } = render({
      processes: { worker: { ...worker, command: `celery -A shop.celery worker --hostname "w%h" -Q 'a"b'` } },
    });
    const units = files.filter((f) => f.kind === 'systemd-process');
    expect(units.map((f) => [f.name, f.install])).toEqual([
      ['systemd/shop-worker@.service', '/etc/systemd/system/shop-worker@.service'],
    ]);
    const text = units[0]!.content;
    expect(text).toContain(
      'ExecStart=/usr/bin/env celery -A shop.celery worker --hostname "w%%h" -Q "a\\"b"',
    );
    expect(text).not.toMatch(/\/bin\/sh|bash/);
    expect(text).toMatch(/^KillSignal=SIGTERM$/m);
    expect(text).toMatch(/^KillMode=mixed$/m);
    expect(text).toMatch(/^TimeoutStopSec=600$/m);
    expect(text).toMatch(/^Restart=on-failure$/m);
    expect(text).toMatch(/^User=shop$/m);
    expect(text).toMatch(/^WorkingDirectory=\/srv\/shop\/current$/m);
    expect(text).toMatch(/^Environment=PATH=\/srv\/shop\/current\/\.venv\/bin:\/usr\/local\/bin/m);
    // The same sandbox lines as the app's service, in the same order.
    const service = files.find((f) => f.kind === 'systemd-service')!.content;
    const sandbox = (t: string) => t.slice(t.indexOf('# Sandbox:'), t.indexOf('[Install]'));
    expect(sandbox(text)).toBe(sandbox(service));
    expect(sandbox(text)).toContain('ProtectSystem=strict');
  });

  it('writes hostile app values and commands exactly (quotes, $, %, backticks, non-ASCII)', () => {
    const { files } = render({
      'app.environment': { NOTE: 'a "quoted" $HOME %i `id` ü' },
      processes: { worker: { command: `python3 -c 'print("%i ü")'` } },
    });
    const text = files.find((f) => f.kind === 'systemd-process')!.content;
    expect(text).toContain('Environment="NOTE=a \\"quoted\\" $HOME %%i `id` ü"');
    expect(text).toContain('ExecStart=/usr/bin/env python3 -c "print(\\"%%i ü\\")"');
  });

  it('lists the instances in the manifest and gives sudo exactly reset-failed/enable/restart --no-block of each (and disable/stop --no-block of a singleton)', () => {
    const r = resolve(
      loadSpec(shop, 'shop.yml', {
        processes: { worker, beat: { command: 'celery -A shop.celery beat', singleton: true } },
      }).spec,
    );
    const files = renderAll(r);
    const sudoers = files.find((f) => f.kind === 'sudoers')!.content;
    const lines = sudoers.split('\n').filter((l) => /shop-(worker|beat)/.test(l));
    expect(
      lines
        .map((l) => l.replace(/^deploy ALL=\(root\) NOPASSWD: /, ''))
        .filter((l) => !/^\/usr\/bin\/(cat|test|cp|install|rm) /.test(l)),
    ).toEqual([
      '/usr/bin/systemctl reset-failed shop-worker@1.service',
      '/usr/bin/systemctl enable shop-worker@1.service',
      '/usr/bin/systemctl restart --no-block shop-worker@1.service',
      '/usr/bin/systemctl reset-failed shop-worker@2.service',
      '/usr/bin/systemctl enable shop-worker@2.service',
      '/usr/bin/systemctl restart --no-block shop-worker@2.service',
      '/usr/bin/systemctl reset-failed shop-beat@1.service',
      '/usr/bin/systemctl enable shop-beat@1.service',
      '/usr/bin/systemctl restart --no-block shop-beat@1.service',
      // Only a singleton may be stopped and disabled (on every host but the one it runs on).
      '/usr/bin/systemctl disable shop-beat@1.service',
      '/usr/bin/systemctl stop --no-block shop-beat@1.service',
    ]);
    expect(sudoers).not.toMatch(/shop-worker@\*|shop-worker@3/);
    const m = manifestSchema.parse(JSON.parse(JSON.stringify(manifestOf(r, files))));
    expect(m.processes).toEqual([
      {
        name: 'worker',
        units: ['shop-worker@1.service', 'shop-worker@2.service'],
        stopTimeout: 600,
        singleton: false,
      },
      { name: 'beat', units: ['shop-beat@1.service'], stopTimeout: 600, singleton: true },
    ]);
    const alerts = files.find((f) => f.kind === 'alerts')!.content;
    expect(alerts).toContain('ShopWorkerUnitFailed');
    expect(alerts).toContain('ShopBeatRestartLoop');
    expect(alerts).toContain('name=~"shop-worker@[0-9]+[.]service"');
  });

  it('renders nothing new without processes (the manifest says none)', () => {
    const { files } = render({});
    expect(files.filter((f) => f.kind === 'systemd-process')).toEqual([]);
  });
});

describe('validation: processes', () => {
  let out: string;
  beforeEach(() => (out = mkdtempSync(join(tmpdir(), 'keel-proc-'))));
  afterEach(() => rmSync(out, { recursive: true, force: true }));

  it.each(['strict', 'basic'])(
    'passes systemd-analyze verify and promtool; strict at exposure <= 2.5 (%s)',
    async (hardening) => {
      const result = await renderConfig({
        specText: shop,
        specFile: 'shop.yml',
        overrides: {
          'systemd.hardening': hardening,
          processes: {
            worker: { ...worker, 'stop-timeout': 30 },
            beat: { command: '/usr/bin/python3 -m celery beat', singleton: true },
          },
        },
        outDir: out,
        validate: { maxExposure: hardening === 'strict' ? 2.5 : 10, requireTools: true },
      });
      const mine = result.validation.filter(
        (v) => /shop-(worker|beat)@/.test(v.file) || v.tool === 'promtool check rules',
      );
      expect(mine.map((v) => `${v.tool} ${v.file} ${v.status}`).sort()).toEqual(
        [
          'promtool check rules alerts/shop.rules.yml passed',
          'systemd-analyze security systemd/shop-beat@.service passed',
          'systemd-analyze security systemd/shop-worker@.service passed',
          'systemd-analyze verify systemd/shop-beat@.service passed',
          'systemd-analyze verify systemd/shop-worker@.service passed',
        ].sort(),
      );
      if (hardening === 'strict')
        for (const v of mine.filter((x) => x.tool === 'systemd-analyze security'))
          expect(Number(/exposure ([\d.]+)/.exec(v.detail)![1])).toBeLessThanOrEqual(2.5);
    },
  );

  it('fails the exposure limit with hardening off (the check can fail)', async () => {
    const result = await renderConfig({
      specText: shop,
      specFile: 'shop.yml',
      overrides: { 'systemd.hardening': 'off', processes: { worker } },
      outDir: out,
      validate: { maxExposure: 2.5, requireTools: true },
    });
    const v = result.validation.find((x) => x.tool === 'systemd-analyze security' && /worker/.test(x.file))!;
    expect(v.status).toBe('failed');
  });
});

describe('alerts: a singleton not running anywhere, or twice (promtool test rules)', () => {
  let out: string;
  beforeEach(() => (out = mkdtempSync(join(tmpdir(), 'keel-proc-alerts-'))));
  afterEach(() => rmSync(out, { recursive: true, force: true }));

  const rules = () => {
    const r = resolve(
      loadSpec(shop, 'shop.yml', {
        processes: { worker, beat: { command: 'celery -A shop.celery beat', singleton: true } },
      }).spec,
    );
    return renderAll(r).find((f) => f.kind === 'alerts')!.content;
  };

  it('renders the fleet-wide alerts for singletons only', () => {
    const text = rules();
    expect(text).toContain('ShopBeatNotRunning');
    expect(text).toContain('ShopBeatRunningTwice');
    expect(text).not.toContain('ShopWorkerNotRunning');
    expect(text).not.toContain('ShopWorkerRunningTwice');
  });

  // The rules evaluated by Prometheus's own engine on series like node_exporter's: beat active on web1 until
  // minute 10, then on no host (it fires after its 5m), then on web1 and web2 at once (the other fires).
  it.each([
    ['ShopBeatNotRunning', '1x10 0x20', '0x30', 18, true],
    ['ShopBeatNotRunning', '1x30', '0x30', 18, false],
    // No host reports the unit at all (node_exporter gone, unit never installed): absent() fires.
    ['ShopBeatNotRunning', '_x30', '_x30', 18, true],
    ['ShopBeatNotRunning', '0x30', '1x30', 18, false],
    ['ShopBeatRunningTwice', '1x30', '0x10 1x20', 18, true],
    ['ShopBeatRunningTwice', '1x30', '0x30', 18, false],
    ['ShopBeatRunningTwice', '1x10 0x20', '0x10 1x20', 18, false],
  ])('%s with web1 %s and web2 %s at minute %d fires: %s', (alert, web1, web2, minute, fires) => {
    const promtool = ['/usr/bin/promtool', '/usr/local/bin/promtool'].find((p) => existsSync(p));
    if (!promtool) throw new Error('promtool is needed (Debian package prometheus)');
    writeFileSync(join(out, 'rules.yml'), rules());
    const series = (host: string, values: string) => ({
      series: `node_systemd_unit_state{name="shop-beat@1.service",state="active",instance="${host}"}`,
      values,
    });
    const test = {
      rule_files: ['rules.yml'],
      evaluation_interval: '1m',
      tests: [
        {
          interval: '1m',
          input_series: [series('web1', web1), series('web2', web2)],
          alert_rule_test: [
            {
              eval_time: `${minute}m`,
              alertname: alert,
              exp_alerts: fires
                ? [
                    {
                      exp_labels: { severity: 'critical', app: 'shop' },
                      exp_annotations: {
                        summary:
                          alert === 'ShopBeatNotRunning'
                            ? "shop's beat (a singleton) is not running on any host: nothing it schedules runs"
                            : "shop's beat (a singleton) is active on 2 units: what it schedules runs more than once",
                      },
                    },
                  ]
                : [],
            },
          ],
        },
      ],
    };
    writeFileSync(join(out, 'test.yml'), JSON.stringify(test));
    const r = spawnSync(promtool, ['test', 'rules', 'test.yml'], { cwd: out, encoding: 'utf8' });
    expect(`${r.stdout}${r.stderr}`).toContain('SUCCESS');
    expect(r.status).toBe(0);
  });
});

describe('which processes run on a host', () => {
  const worker = { name: 'worker', units: ['s-worker@1.service'], stopTimeout: 600, singleton: false };
  const beat = { name: 'beat', units: ['s-beat@1.service'], stopTimeout: 600, singleton: true };

  it('runs a singleton on the first host of the list only, every other process everywhere', () => {
    expect(processesOnHost([worker, beat], 'web1', 'web1')).toEqual([worker, beat]);
    expect(processesOnHost([worker, beat], 'web2', 'web1')).toEqual([worker]);
  });

  it('matches the host name exactly', () => {
    expect(processesOnHost([beat], 'web1.example', 'web1')).toEqual([]);
    expect(processesOnHost([beat], 'Web1', 'web1')).toEqual([]);
  });

  it("runs a singleton with a singleton-host there only, whatever the list's first host", () => {
    const named = { ...beat, singletonHost: 'web2' };
    expect(processesOnHost([worker, named], 'web1', 'web1')).toEqual([worker]);
    expect(processesOnHost([worker, named], 'web2', 'web1')).toEqual([worker, named]);
    expect(processesOnHost([named], 'Web2', 'web1')).toEqual([]);
    expect(processesOnHost([named], 'web2.example', 'web1')).toEqual([]);
    expect(processesOnHost([named], 'web', 'web1')).toEqual([]);
  });

  it('refuses a singleton-host that is not exactly one of the hosts, naming the field', () => {
    const named = (at: string) => ({ ...beat, singletonHost: at });
    expect(() => checkSingletonHosts([named('web2')], ['web1', 'web2'])).not.toThrow();
    expect(() => checkSingletonHosts([worker, beat], ['web1'])).not.toThrow();
    for (const at of ['Web2', 'web', 'web2.example', 'web22', ' web2']) {
      let error: unknown;
      try {
        checkSingletonHosts([named(at)], ['web1', 'web2']);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(KeelError);
      expect((error as KeelError).field).toBe('processes.beat.singleton-host');
      expect((error as KeelError).message).toContain(
        `${JSON.stringify(at)} is not one of the hosts ("web1", "web2")`,
      );
    }
  });
});

describe('which instances run the live release (their start against the switch of current)', () => {
  const units = ['s-worker@1.service', 's-worker@2.service', 's-beat@1.service'];

  it('started strictly after current was switched: new; before or at the same microsecond: old', () => {
    const out = [
      '1796168120.323087',
      'active 1796168120.323088',
      'active 1796168120.323087',
      'active 1796168000.000000',
    ].join('\n');
    expect([...parseClock(out, units)]).toEqual([
      ['s-worker@1.service', 'new'],
      ['s-worker@2.service', 'old'],
      ['s-beat@1.service', 'old'],
    ]);
  });

  it('a unit not active is down whatever its times; unknown times count as old (restart rather than keep)', () => {
    const out = ['1796168120.323087', 'failed 1796168999.000000', 'activating -', 'active -'].join('\n');
    expect([...parseClock(out, units)]).toEqual([
      ['s-worker@1.service', 'down'],
      ['s-worker@2.service', 'down'],
      ['s-beat@1.service', 'old'],
    ]);
    // No current (never deployed) or garbage: nothing is new.
    expect([...parseClock('-\nactive 1796168999.000000\nactive x\nactive 1.5', units).values()]).toEqual([
      'old',
      'old',
      'old',
    ]);
    // Fewer lines than units (a truncated answer): the missing ones are down, never kept.
    expect(parseClock('1796168120.323087\nactive 1796168999.000000', units).get('s-beat@1.service')).toBe(
      'down',
    );
  });
});
