/**
 * The firewall (spec `firewall:`): hostile rules are spec errors naming the field; the rendered script holds
 * exactly the spec's rules with SSH first and passes `sh -n`; the sudo rules name the script's verbs only (no
 * ufw with arguments); mode: check's parser of `ss -H -ltnup` finds reachable listeners and survives hostile
 * process names.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manifestOf, renderAll } from '../../src/render/index.js';
import { manifestSchema } from '../../src/render/manifest.js';
import { renderConfig } from '../../src/render/render-config.js';
import { renderReport } from '../../src/report/render.js';
import { parseSource } from '../../src/render/firewall.js';
import { listenerFindings, parseListener, reachable } from '../../src/remote/preflight.js';
import { applyFirewall, proofTimeoutMs } from '../../src/releases/firewall.js';
import type { SshSession } from '../../src/remote/ssh.js';
import { memoryLogger } from '../../src/log.js';
import { loadSpec, SpecError } from '../../src/appspec/load.js';
import { resolve } from '../../src/appspec/resolve.js';
import { repoRoot } from '../support/paths.js';

const shop = readFileSync(join(repoRoot, '__fixtures__/specs/shop.yml'), 'utf8');

function problems(firewall: unknown) {
  try {
    loadSpec(shop, 'shop.yml', { firewall });
  } catch (e) {
    if (e instanceof SpecError) return e.specProblems.map((p) => `${p.field}: ${p.message}`);
    throw e;
  }
  return [];
}

const render = (firewall: unknown) => {
  const r = resolve(loadSpec(shop, 'shop.yml', { firewall }).spec);
  const files = renderAll(r);
  return { r, files, manifest: manifestOf(r, files) };
};

describe('spec: firewall (hostile rules)', () => {
  it.each([
    ['0/tcp', /^firewall\.allow\[0\]: port must be a number from 1 to 65535, not 0$/],
    ['65536/tcp', /port must be a number from 1 to 65535, not 65536/],
    ['99999999999/tcp', /port must be a number from 1 to 65535/],
    ['080/tcp', /port must be a number from 1 to 65535, not 080/],
    ['443/icmp', /^firewall\.allow\[0\]: protocol must be tcp or udp, not "icmp"$/],
    ['443/TCP', /protocol must be tcp or udp, not "TCP"/],
    ['443/', /protocol must be tcp or udp, not ""/],
    ['443', /needs a protocol: write 443\/tcp or 443\/udp/],
    ['http', /must be PORT\/PROTOCOL like 443\/tcp, not "http"/],
    ['80:90/tcp', /must be PORT\/PROTOCOL/],
    ['443/tcp; ufw disable', /must be PORT\/PROTOCOL/],
    ['443/tcp\nufw disable', /must be PORT\/PROTOCOL/],
    ['$(id)/tcp', /must be PORT\/PROTOCOL/],
    ['', /must be PORT\/PROTOCOL/],
  ])('refuses the rule %j', (rule, message) => {
    const p = problems({ allow: [rule] });
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(message);
  });

  it('refuses a bare number, telling which protocol to write', () => {
    expect(problems({ allow: [80] })).toEqual([
      'firewall.allow[0]: needs a protocol: write 80/tcp or 80/udp',
    ]);
  });

  it.each([
    ['10.0.0.1/8', /has host bits set: the network is 10\.0\.0\.0\/8/],
    ['10.0.0.0/33', /has prefix \/33 but IPv4 has 32 bits/],
    ['2001:db8::1/32', /has host bits set: the network is 2001:db8::\/32/],
    ['2001:db8::/129', /has prefix \/129 but IPv6 has 128 bits/],
    ['10.0.0.0/', /bad prefix length/],
    ['10.0.0.0/08', /bad prefix length/],
    ['300.1.1.1', /must be a network like/],
    ['example.com', /must be a network like/],
    ['fe80::1%eth0', /must be a network like/],
    ['0.0.0.0/0', /is \/0, everyone: leave out from:/],
    ['any', /must be a network like/],
    ["10.0.0.0/8' ; ufw disable", /bad prefix length|must be a network/],
  ])('refuses the source %j, naming it', (source, message) => {
    const p = problems({ allow: [{ port: '443/tcp', from: [source] }] });
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(/^firewall\.allow\[0\]\.from\[0\]: /);
    expect(p[0]).toMatch(message);
  });

  it('normalises sources (one address, IPv6 in its short form)', () => {
    expect(parseSource('192.0.2.7', '')).toBe('192.0.2.7');
    expect(parseSource('2001:0db8:0000:0000::/64', '')).toBe('2001:db8::/64');
    expect(parseSource('::ffff:192.0.2.0/120', '')).toBe('::ffff:c000:200/120');
  });

  it('refuses duplicate rules and duplicate sources', () => {
    expect(problems({ allow: ['443/tcp', '80/tcp', '443/tcp'] })).toEqual([
      'firewall.allow[2]: 443/tcp is already allowed by firewall.allow[0] (from everyone): give each port once',
    ]);
    expect(
      problems({
        allow: [
          { port: '5432/tcp', from: ['10.0.0.0/8'] },
          { port: '5432/tcp', from: ['192.0.2.0/24'] },
        ],
      }),
    ).toEqual([
      'firewall.allow[1]: 5432/tcp is already allowed by firewall.allow[0]: list all its sources in one rule',
    ]);
    expect(problems({ allow: [{ port: '5432/tcp', from: ['10.0.0.0/8', '10.0.0.0/8'] }] })).toEqual([
      'firewall.allow[0].from: lists 10.0.0.0/8 twice',
    ]);
  });

  it("refuses a rule that would narrow SSH (keel could lock itself out); allows the runbook's plain 22/tcp", () => {
    expect(problems({ allow: [{ port: '22/tcp', from: ['10.0.0.0/8'] }] })).toEqual([
      expect.stringMatching(
        /^firewall\.allow\[0\]\.from: limits 22\/tcp, the SSH port keel connects on \(firewall\.ssh-port\)/,
      ),
    ]);
    expect(problems({ 'ssh-port': 2222, allow: [{ port: '2222/tcp', from: ['10.0.0.0/8'] }] })).toHaveLength(
      1,
    );
    expect(problems({ allow: ['22/tcp', '80/tcp', '443/tcp'] })).toEqual([]);
  });

  it('refuses bad fields and bounds, naming them', () => {
    expect(problems({ allow: ['443/tcp'], 'revert-after': 5 })).toEqual([
      expect.stringMatching(/^firewall\.revert-after: /),
    ]);
    expect(problems({ 'ssh-port': 0 })).toEqual([expect.stringMatching(/^firewall\.ssh-port: /)]);
    expect(problems({ deny: ['23/tcp'] })).toEqual(["firewall.deny: unknown field 'deny'"]);
    expect(problems({ allow: [{ port: '443/tcp' }] })).toEqual([
      expect.stringMatching(/^firewall\.allow\[0\]/),
    ]);
    expect(problems({ allow: Array.from({ length: 300 }, (_, i) => `${i + 1000}/tcp`) })).toEqual([
      'firewall.allow: must be at most 256 rules',
    ]);
  });

  it('reports every bad rule at once', () => {
    expect(
      problems({ allow: ['1/tcp', '0/tcp', 'x', { port: '9/udp', from: ['nope', '10.0.0.1/8'] }] }),
    ).toHaveLength(4);
  });
});

describe('rendering: firewall', () => {
  it('renders nothing without firewall: or with enabled: false', () => {
    for (const fw of [undefined, { enabled: false, allow: ['443/tcp'] }]) {
      const { files, manifest } = render(fw);
      expect(files.some((f) => f.kind === 'firewall')).toBe(false);
      expect(manifest.firewall).toBeUndefined();
      expect(files.find((f) => f.kind === 'sudoers')!.content).not.toContain('firewall');
    }
  });

  it('renders the ufw rules (SSH first, default deny), a root script that parses, in the manifest', () => {
    const { files, manifest } = render({
      allow: ['80/tcp', '443/tcp', '443/udp', { port: '5432/tcp', from: ['10.0.0.0/8', '2001:db8::/32'] }],
      'revert-after': 30,
    });
    const f = files.find((x) => x.kind === 'firewall')!;
    expect([f.install, f.owner, f.group, f.mode, f.onChange, f.scope]).toEqual([
      '/usr/local/sbin/keel-shop-firewall',
      'root',
      'root',
      '0755',
      'apply-firewall',
      'host',
    ]);
    // The rules() function of the script: the spec's rules, nothing else.
    const body = f.content.slice(
      f.content.indexOf('rules() {'),
      f.content.indexOf('\n}\n', f.content.indexOf('rules() {')),
    );
    const ufw = body
      .split('\n')
      .filter((l) => /^\s+ufw /.test(l))
      .map((l) => l.trim());
    expect(ufw).toEqual([
      'ufw default deny incoming',
      'ufw default allow outgoing',
      "ufw allow 22/tcp comment 'keel shop: ssh (firewall.ssh-port)'",
      "ufw allow 80/tcp comment 'keel shop: 80/tcp'",
      "ufw allow 443/tcp comment 'keel shop: 443/tcp'",
      "ufw allow 443/udp comment 'keel shop: 443/udp'",
      "ufw allow proto tcp from 10.0.0.0/8 to any port 5432 comment 'keel shop: 5432/tcp from 10.0.0.0/8, 2001:db8::/32'",
      "ufw allow proto tcp from 2001:db8::/32 to any port 5432 comment 'keel shop: 5432/tcp from 10.0.0.0/8, 2001:db8::/32'",
    ]);
    expect(f.content).toContain('REVERT_AFTER=30');
    expect(f.content).toContain('--on-active="${REVERT_AFTER}s"');
    const dir = mkdtempSync(join(tmpdir(), 'keel-fw-'));
    try {
      writeFileSync(join(dir, 'fw'), f.content);
      expect(() => execFileSync('/bin/sh', ['-n', join(dir, 'fw')])).not.toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(manifest.firewall).toEqual({
      script: '/usr/local/sbin/keel-shop-firewall',
      sshPort: 22,
      revertAfter: 30,
      rules: [
        { port: 22, proto: 'tcp', from: [] },
        { port: 80, proto: 'tcp', from: [] },
        { port: 443, proto: 'tcp', from: [] },
        { port: 443, proto: 'udp', from: [] },
        { port: 5432, proto: 'tcp', from: ['10.0.0.0/8', '2001:db8::/32'] },
      ],
    });
    expect(manifestSchema.safeParse(JSON.parse(JSON.stringify(manifest))).success).toBe(true);
  });

  it('shows the rules in the render summary', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-fw-'));
    try {
      const result = await renderConfig({
        specText: shop,
        specFile: 'shop.yml',
        overrides: { firewall: { allow: ['443/tcp', { port: '5432/tcp', from: ['10.0.0.0/8'] }] } },
        outDir: dir,
        validate: false,
      });
      const table = renderReport(result, 'shop.yml').tables!.find((t) => t.caption?.startsWith('Firewall'))!;
      expect(table.caption).toContain('within 60s');
      expect(table.rows).toEqual([
        ['22/tcp (SSH)', 'anywhere'],
        ['443/tcp', 'anywhere'],
        ['5432/tcp', '10.0.0.0/8'],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the runbook's `ufw allow 22/80/443` maps onto the spec without duplicating SSH", () => {
    const { manifest } = render({ allow: ['22/tcp', '80/tcp', '443/tcp'] });
    expect(manifest.firewall!.rules.map((r) => `${r.port}/${r.proto}`)).toEqual([
      '22/tcp',
      '80/tcp',
      '443/tcp',
    ]);
  });

  it("sudo rules: exactly the script's four verbs and ss, never ufw itself", () => {
    const { files } = render({ allow: ['443/tcp'] });
    const sudoers = files.find((x) => x.kind === 'sudoers')!.content;
    const lines = sudoers.split('\n').filter((l) => /firewall|ufw|\/ss /.test(l));
    expect(lines.filter((l) => l.includes('NOPASSWD: /usr/local/sbin/keel-shop-firewall '))).toEqual(
      ['apply', 'confirm', 'revert', 'status'].map(
        (v) => `deploy ALL=(root) NOPASSWD: /usr/local/sbin/keel-shop-firewall ${v}`,
      ),
    );
    expect(sudoers).toContain('deploy ALL=(root) NOPASSWD: /usr/bin/ss -H -ltnup');
    expect(sudoers).not.toMatch(/NOPASSWD: \S*ufw/);
    expect(sudoers).not.toMatch(/NOPASSWD: \/usr\/local\/sbin\/keel-shop-firewall\s*$/m);
  });

  it('the proof connection gets a third of the revert window at most', () => {
    expect(proofTimeoutMs({ script: '', sshPort: 22, revertAfter: 15, rules: [] })).toBe(5_000);
    expect(proofTimeoutMs({ script: '', sshPort: 22, revertAfter: 600, rules: [] })).toBe(15_000);
  });
});

describe('mode: check: listening sockets', () => {
  const plan = {
    script: '/usr/local/sbin/keel-shop-firewall',
    sshPort: 22,
    revertAfter: 60,
    rules: [
      { port: 22, proto: 'tcp' as const, from: [] },
      { port: 443, proto: 'tcp' as const, from: [] },
    ],
  };
  const SS = [
    'tcp   LISTEN 0      128          0.0.0.0:22         0.0.0.0:*    users:(("sshd",pid=101,fd=3))',
    'tcp   LISTEN 0      128             [::]:22            [::]:*    users:(("sshd",pid=101,fd=4))',
    'tcp   LISTEN 0      511          0.0.0.0:443        0.0.0.0:*    users:(("nginx",pid=200,fd=6),("nginx",pid=201,fd=6))',
    'tcp   LISTEN 0      2048         0.0.0.0:8000       0.0.0.0:*    users:(("gunicorn",pid=300,fd=5),("gunicorn",pid=301,fd=5))',
    'tcp   LISTEN 0      511        127.0.0.1:6379       0.0.0.0:*    users:(("redis-server",pid=400,fd=6))',
    'tcp   LISTEN 0      511            [::1]:6379          [::]:*    users:(("redis-server",pid=400,fd=7))',
    'tcp   LISTEN 0      511                *:6380             *:*    users:(("redis-server",pid=401,fd=6))',
    'udp   UNCONN 0      0      127.0.0.53%lo:53         0.0.0.0:*    users:(("systemd-resolve",pid=500,fd=13))',
    'udp   UNCONN 0      0         10.1.2.3:5353         0.0.0.0:*    users:(("x\\"),(\\"$;",pid=600,fd=3))',
    'tcp   LISTEN 0      5            0.0.0.0:8081       0.0.0.0:*    users:(("x"),(\\"$;",pid=700,fd=3))',
    'tcp   LISTEN 0      5      [fe80::1%eth0]:9000          [::]:*    users:(("evil\u001b[31m",pid=800,fd=3))',
    'tcp   LISTEN 0      5            0.0.0.0:7000       0.0.0.0:*',
    'garbage line from a process name',
  ];
  const facts = Object.fromEntries(SS.map((l, i) => [`listen.${i + 1}`, l]));

  it('parses ss lines; loopback is not reachable, wildcard and public addresses are', () => {
    expect(parseListener(SS[2]!)).toEqual({
      proto: 'tcp',
      address: '0.0.0.0',
      port: 443,
      processes: [
        { name: 'nginx', pid: 200 },
        { name: 'nginx', pid: 201 },
      ],
    });
    expect(parseListener(SS[7]!)!.address).toBe('127.0.0.53');
    expect(parseListener(SS[10]!)!.address).toBe('fe80::1');
    expect(parseListener('garbage')).toBeUndefined();
    expect(['0.0.0.0', '::', '*', '10.1.2.3', 'fe80::1'].every(reachable)).toBe(true);
    expect(['127.0.0.1', '127.0.0.53', '::1', '::ffff:127.0.0.1'].some(reachable)).toBe(false);
  });

  it('finds every reachable socket on a port the firewall does not allow, with its process, quoted', () => {
    const found = listenerFindings(facts, plan);
    expect(found.every((c) => !c.ok && c.warning)).toBe(true);
    expect(found.map((c) => c.name)).toEqual([
      'port 8000/tcp',
      'port 6380/tcp',
      'port 5353/udp',
      'port 8081/tcp',
      'port 9000/tcp',
      'port 7000/tcp',
    ]);
    expect(found[0]!.detail).toBe(
      '"gunicorn" (PID 300), "gunicorn" (PID 301) listens on 0.0.0.0:8000/tcp, reachable from outside, and firewall.allow does not open 8000/tcp: bind it to 127.0.0.1 (or a unix socket), or allow it in the spec',
    );
    // A hostile name is shown quoted with its control characters replaced; the port is still found.
    expect(found[4]!.detail).toContain('"evil?[31m" (PID 800)');
    expect(found[4]!.detail).toContain('[fe80::1]:9000/tcp');
    expect(found[5]!.detail).toMatch(/^a process keel cannot see listens on 0\.0\.0\.0:7000\/tcp/);
    expect(found.map((c) => c.detail).join('\n')).not.toContain('\u001b');
  });

  it('says so when nothing is exposed, and when ss is missing', () => {
    expect(listenerFindings({ 'listen.1': SS[0]!, 'listen.2': SS[4]! }, plan)).toEqual([
      expect.objectContaining({ name: 'listening sockets', ok: true }),
    ]);
    expect(listenerFindings({ 'listen.1': 'unavailable' }, plan)[0]!.detail).toMatch(/unknown/);
  });
});

describe('applying: what is refused before anything changes on the host', () => {
  const plan = { script: '/usr/local/sbin/keel-shop-firewall', sshPort: 22, revertAfter: 60, rules: [] };
  const session = (port: number, ran: string[], code = 0) =>
    ({
      endpoint: { name: 'web1', host: '192.0.2.1', port, user: 'deploy' },
      run: async (body: { text: string }) => {
        ran.push(body.text);
        return { code, signal: null, stdout: '', stderr: '', timedOut: false, heldOpen: false };
      },
      check: async (what: string, body: { text: string }) => {
        ran.push(body.text);
        throw new Error(`unexpected: ${what}`);
      },
    }) as unknown as SshSession;
  const fw = { plan, connect: () => Promise.reject(new Error('no connection expected')) };

  it('refuses when keel connects on another port than firewall.ssh-port, running nothing', async () => {
    const ran: string[] = [];
    await expect(applyFirewall(session(2222, ran), fw, true, memoryLogger())).rejects.toThrow(
      'web1: keel connects on port 2222 but the firewall opens SSH on 22 (firewall.ssh-port)',
    );
    expect(ran).toEqual([]);
  });

  it('refuses a host without ufw, having only looked for it', async () => {
    const ran: string[] = [];
    await expect(applyFirewall(session(22, ran, 1), fw, true, memoryLogger())).rejects.toThrow(
      'web1: ufw is not installed (apt-get install ufw)',
    );
    expect(ran).toHaveLength(1);
    expect(ran[0]).not.toContain('sudo');
  });
});
