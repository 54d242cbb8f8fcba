/**
 * The host firewall (spec `firewall:`) on the systemd host, through the committed ssh-deploy bundle: ufw
 * rules applied with the lock-out guard, proved from ANOTHER test host over the shared bridge, a rule set that
 * shuts new SSH connections out reverted by the host on its own, re-runs that change nothing, and mode: check
 * naming a stray listener.
 *
 * Safety: ufw acts on the network namespace it runs in. Before anything runs ufw, the suite checks that sd's
 * network namespace is exactly keel-sd's (/run/netns/keel-sd on this machine) and not the one this test
 * process runs in (the machine's; its PID 1's link cannot be read in this sandbox, so both are compared);
 * hostctl gives the sd container CAP_NET_ADMIN for that namespace only. Teardown disables ufw inside sd.
 *
 * Only the firewall script and the rendered sudo rules are installed (the manifest is cut down to them); the
 * deploy user has no ufw rule of its own: everything it runs as root comes from the rendered sudoers.
 */
import { readlinkSync, rmSync, statSync } from 'node:fs';
import { sh as q, quote } from '../../src/remote/quote.js';
import { host, hostExec, openSession, type TestHost } from '../support/hosts.js';
import { sshDeployAction } from '../support/ssh-deploy.js';
import { errorsOf, type StepResult, warningsOf } from '../support/step.js';
import { renderOnly, sampleWorkspace } from '../support/workspace.js';

const BASE = `app: { name: fwapp, module: "app:app", path: /srv/fwapp, gunicorn: /usr/bin/gunicorn }
proxy: { domains: [fwapp.keel.test] }
`;
const FIREWALL = `firewall:
  allow:
    - 443/tcp
    - { port: 8443/tcp, from: [10.201.0.0/16] }
  revert-after: 20
`;
const SCRIPT = '/usr/local/sbin/keel-fwapp-firewall';
const STATE = '/var/lib/keel/firewall/fwapp';
// A drop of new SSH connections in ufw's own before.rules: live only while ufw is enabled.
const BLOCK = '-A ufw-before-input -p tcp --dport 22 -m conntrack --ctstate NEW -j DROP';
// The stray listener's process name: a quote and a fake pid field to confuse the parser, $ ; and a backtick
// (no ')': ss itself cuts a name at the first ')' it reads from /proc/PID/stat).
const STRAY_NAME = 'x",pid=1 $;`';

let workspace: string;
let plainDir: string;
let fwDir: string;
let sd: TestHost;
const sh = (cmd: string) => hostExec('sd', cmd).trim();
const errors = errorsOf;
const warnings = warningsOf;

/** From plain1 (another host, over the shared bridge): what a TCP connection to sd:PORT gets. */
function fromPlain1(port: number): string {
  return hostExec(
    'plain1',
    `timeout 8 bash -c 'exec 3<>/dev/tcp/${sd.address}/${port} && echo open' 2>/dev/null || echo closed`,
  ).trim();
}

function httpFromPlain1(port: number): string {
  return hostExec(
    'plain1',
    `curl -s -o /dev/null -w '%{http_code}' --max-time 6 http://${sd.address}:${port}/ || echo failed`,
  ).trim();
}

const sshDeploy = sshDeployAction(() => ({ workspace, address: sd.address, deployPath: '/srv/fwapp' }));
/** ssh-deploy of `dir` (a render of this suite's). */
const deploy = (dir: string, inputs: Record<string, string>): Promise<StepResult> =>
  sshDeploy({ 'rendered-dir': dir, ...inputs });

/** render-config's output for `spec`: only the firewall script and the rendered sudo rules. */
const render = (spec: string) => renderOnly(spec, ['firewall', 'sudoers'], 'fw');

/** Refuses to go on unless sd's network namespace is keel-sd's and not this machine's. */
function assertPrivateNamespace(): void {
  const inside = sh('readlink /proc/self/ns/net');
  const ours = readlinkSync('/proc/self/ns/net');
  let machine: string | undefined;
  try {
    machine = readlinkSync('/proc/1/ns/net');
  } catch {
    machine = undefined; // not readable in this sandbox: our own namespace is the machine's
  }
  const keelSd = `net:[${statSync('/run/netns/keel-sd').ino}]`;
  if (!/^net:\[\d+\]$/.test(inside) || inside !== keelSd || inside === ours || inside === machine)
    throw new Error(
      `refusing to run ufw: sd's network namespace ${inside} is not keel-sd's (${keelSd}) or is the machine's (${ours})`,
    );
}

beforeAll(async () => {
  sd = host('sd');
  assertPrivateNamespace();
  sh(
    `ufw --force disable >/dev/null 2>&1; cp /usr/share/ufw/iptables/user.rules /usr/share/ufw/iptables/user6.rules /etc/ufw/; ` +
      `systemctl stop keel-fwapp-firewall-revert.timer fw-web fw-stray 2>/dev/null; systemctl reset-failed fw-web fw-stray 2>/dev/null; ` +
      `sed -i '/--dport 22 -m conntrack --ctstate NEW -j DROP/d' /etc/ufw/before.rules; ` +
      `rm -rf /srv/fwapp ${STATE} ${SCRIPT} /etc/sudoers.d/fwapp-keel; install -d -o deploy -g deploy /srv/fwapp; true`,
  );
  // A web server on 443 (allowed) and a stray one on 8081 (not allowed) whose process name is hostile.
  sh('systemd-run --unit=fw-web python3 -m http.server 443 --bind 0.0.0.0 --directory /opt/keel-sample');
  const stray = `import http.server, socketserver\nopen("/proc/self/comm", "w").write(${JSON.stringify(STRAY_NAME)})\nhttp.server.test(HandlerClass=http.server.SimpleHTTPRequestHandler, port=8081, bind="0.0.0.0")\n`;
  sh(
    `printf '%s' ${quote(stray)} >/root/fw-stray.py && systemd-run --unit=fw-stray --working-directory=/opt/keel-sample python3 /root/fw-stray.py`,
  );
  sh(
    'for i in $(seq 50); do ss -Hltn | grep -q ":8081 " && ss -Hltn | grep -q ":443 " && break; sleep 0.2; done',
  );
  workspace = sampleWorkspace('fw');
  plainDir = await render(BASE);
  fwDir = await render(BASE + FIREWALL);
}, 60_000);

afterAll(() => {
  // Teardown: ufw off inside sd (its own namespace), the listeners and keel's files gone.
  sh(
    `ufw --force disable >/dev/null 2>&1; sed -i '/--dport 22 -m conntrack --ctstate NEW -j DROP/d' /etc/ufw/before.rules; ` +
      `systemctl stop keel-fwapp-firewall-revert.timer fw-web fw-stray 2>/dev/null; rm -rf ${STATE} ${SCRIPT} /etc/sudoers.d/fwapp-keel /root/fw-stray.py; true`,
  );
  for (const d of [workspace, plainDir, fwDir]) if (d) rmSync(d, { recursive: true, force: true });
});

describe('the firewall (ufw on the systemd host, proved from another host)', () => {
  it("runs only in the test host's own network namespace", () => {
    expect(() => assertPrivateNamespace()).not.toThrow();
    // The machine's own rules are not what sd sees: sd has keel-sd's interfaces only.
    expect(sh('ip -o link show | grep -c kp-sd || true')).toBe('0');
  });

  it('before: with ufw off, the stray port answers from another host (so the refusal below can fail)', () => {
    expect(sh('ufw status | head -1')).toBe('Status: inactive');
    expect(httpFromPlain1(8081)).toBe('200');
    expect(httpFromPlain1(443)).toBe('200');
  });

  it('a first release without a firewall', async () => {
    const r = await deploy(plainDir, { 'release-id': 'f1' });
    expect(errors(r)).toEqual([]);
    expect(sh('readlink /srv/fwapp/current')).toMatch(/f1$/);
  }, 120_000);

  it('a rule set that shuts new SSH connections out is reverted by the host itself; SSH stays; the deploy fails clearly; f1 serves', async () => {
    // The classic lock-out: ufw's before.rules drop new SSH connections once ufw is on.
    sh(`sed -i '/^# End required lines/a ${BLOCK}' /etc/ufw/before.rules`);
    expect(sh(`grep -c -- '--dport 22 -m conntrack --ctstate NEW -j DROP' /etc/ufw/before.rules`)).toBe('1');
    const started = Date.now();
    const r = await deploy(fwDir, { 'release-id': 'f2' });
    const seconds = (Date.now() - started) / 1000;
    expect(r.conclusion).toBe('failure');
    const e = errors(r).join('\n');
    expect(e).toContain('firewall not applied: a new SSH connection failed after the rules were applied');
    expect(e).toContain('put its previous firewall back');
    expect(e).toContain('a new SSH connection works again');
    // The host reverted on its own (keel never ran revert: the timer did), within revert-after plus a margin.
    expect(sh(`cat ${STATE}/reverted`)).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(sh('journalctl -u keel-fwapp-firewall-revert.service -o cat --no-pager | grep -c reverted')).toBe(
      '1',
    );
    expect(seconds).toBeLessThan(20 + 60);
    expect(sh('ufw status | head -1')).toBe('Status: inactive');
    // SSH works (a new connection from the machine and a TCP connect from another host), f1 still serves.
    const s = await openSession(sd);
    try {
      expect((await s.run(q`readlink /srv/fwapp/current`)).stdout.trim()).toMatch(/f1$/);
    } finally {
      s.close();
    }
    expect(fromPlain1(22)).toBe('open');
    expect(sh('ls /srv/fwapp/releases')).not.toContain('f2');
    // The failed deploy put its files back: no firewall script is left behind.
    expect(sh(`test -e ${SCRIPT} && echo left || echo gone`)).toBe('gone');
  }, 180_000);

  it('applies: 443 and SSH answer from another host, a port outside the spec does not, SSH confirmed by a new connection', async () => {
    sh(`sed -i '/--dport 22 -m conntrack --ctstate NEW -j DROP/d' /etc/ufw/before.rules`);
    const r = await deploy(fwDir, { 'release-id': 'f3' });
    expect(errors(r)).toEqual([]);
    expect(r.log.join('\n')).toContain('firewall applied and confirmed by a new SSH connection');
    expect(sh('ufw status | head -1')).toBe('Status: active');
    expect(sh(`${SCRIPT} status`)).toBe('current');
    const rules = sh('ufw status');
    expect(rules).toMatch(/^22\/tcp\s+ALLOW/m);
    expect(rules).toMatch(/^443\/tcp\s+ALLOW/m);
    expect(rules).toMatch(/^8443\/tcp\s+ALLOW\s+10\.201\.0\.0\/16/m);
    // No revert is left armed.
    expect(sh('systemctl is-active keel-fwapp-firewall-revert.timer || true')).not.toBe('active');
    expect(httpFromPlain1(443)).toBe('200');
    expect(fromPlain1(22)).toBe('open');
    expect(httpFromPlain1(8081)).not.toBe('200');
    expect(fromPlain1(8081)).toBe('closed');
    // Still listening inside: the firewall, not the process, keeps it out.
    expect(sh('curl -s -o /dev/null -w "%{http_code}" --max-time 5 http://127.0.0.1:8081/')).toBe('200');
  }, 180_000);

  it('re-running is a no-op for the firewall', async () => {
    const stamp = sh(`stat -c %Y.%N ${STATE}/applied`);
    const before = sh('ufw status numbered');
    const r = await deploy(fwDir, { 'release-id': 'f4' });
    expect(errors(r)).toEqual([]);
    expect(r.log.join('\n')).toContain('firewall unchanged');
    expect(r.log.join('\n')).not.toContain('applying the firewall');
    expect(sh(`stat -c %Y.%N ${STATE}/applied`)).toBe(stamp);
    expect(sh('ufw status numbered')).toBe(before);
  }, 120_000);

  it('mode: check names the stray listener (port and hostile process name, quoted) and not the allowed ones', async () => {
    const r = await deploy(fwDir, { mode: 'check' });
    expect(r.conclusion).toBe('success');
    const w = warnings(r).filter((m) => m.startsWith(`${sd.address}: port `));
    const stray = w.find((m) => m.includes('port 8081/tcp'));
    expect(stray).toBeDefined();
    const pid = sh('systemctl show -p MainPID --value fw-stray');
    expect(stray).toContain(`${JSON.stringify(STRAY_NAME)} (PID ${pid})`);
    expect(stray).toContain('0.0.0.0:8081/tcp');
    expect(w.some((m) => m.includes('port 443/tcp') || m.includes('port 22/tcp'))).toBe(false);
  }, 120_000);

  it('a rule set ufw refuses is put back at once: the previous enabled rules stay in force, the deploy fails clearly', async () => {
    // ufw refuses IPv6 sources when IPv6 is off: the apply fails halfway, after its user rules were emptied.
    sh("sed -i 's/^IPV6=yes/IPV6=no/' /etc/default/ufw");
    const v6 = await render(
      BASE +
        FIREWALL.replace(
          '  revert-after:',
          '    - { port: 9443/tcp, from: ["2001:db8::/32"] }\n  revert-after:',
        ),
    );
    try {
      const r = await deploy(v6, { 'release-id': 'f5' });
      expect(r.conclusion).toBe('failure');
      const e = errors(r).join('\n');
      expect(e).toContain('applying the firewall failed');
      expect(e).toContain('IPv6 support not enabled');
      expect(e).toContain('the previous rules were put back');
      expect(sh(`${SCRIPT} status`)).toBe('reverted');
      expect(sh('systemctl is-active keel-fwapp-firewall-revert.timer || true')).not.toBe('active');
      const rules = sh('ufw status');
      expect(rules).toMatch(/^Status: active/);
      expect(rules).toMatch(/^443\/tcp\s+ALLOW/m);
      expect(rules).toMatch(/^8443\/tcp\s+ALLOW\s+10\.201\.0\.0\/16/m);
      expect(rules).not.toContain('9443');
      expect(fromPlain1(22)).toBe('open');
      expect(httpFromPlain1(443)).toBe('200');
      expect(fromPlain1(8081)).toBe('closed');
      expect(sh('readlink /srv/fwapp/current')).toMatch(/f4$/);
    } finally {
      sh("sed -i 's/^IPV6=no/IPV6=yes/' /etc/default/ufw");
      rmSync(v6, { recursive: true, force: true });
    }
  }, 180_000);
});
