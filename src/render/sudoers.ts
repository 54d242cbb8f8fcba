/**
 * The deploy user's sudo rules for one app (pure): exactly the command lines keel runs as root over SSH for
 * this spec, with their arguments, and nothing else: no shell, no editor, no other unit, no other file.
 *
 * Where keel's command lines come from (grep src/ for `sudo -n`):
 * - src/releases/install.ts: `cat`/`test -e` to compare, `cp -a` to back up and restore, `install -D` from the
 *   stage directory, `ln -s` and `rm -f` for the Nginx site link, `systemctl daemon-reload`, `nginx -t`,
 *   `caddy validate`, `logrotate -d`, `systemctl enable|restart` of the app's units, `systemctl
 *   is-active|reload|start` of the proxy;
 * - src/releases/firewall.ts: `keel-<app>-firewall apply|confirm|revert|status` (the script holds the ufw rules),
 *   `ss -H -ltnup` (mode: check's listening sockets with their processes);
 * - src/releases/processes.ts: `systemctl reset-failed|enable|restart --no-block` of each instance of the processes beside the app,
 *   and `disable|stop --no-block` of each instance of a singleton (stopped on every host but the one it runs on)
 *   (`<app>-<name>@<n>.service`; is-active and show need no root);
 * - src/releases/deploy.ts, src/reload/reload.ts: `systemctl reload|restart|reset-failed` of the service,
 *   `systemctl kill -s TTIN|TTOU --kill-whom=main`, `journalctl -u SERVICE -n 15 --no-pager -o cat`,
 *   `nginx -t`, `systemctl reload nginx|caddy`;
 * - with `process-manager: supervisor`, instead of the systemctl/journalctl lines above (src/render/supervisor.ts,
 *   supervisorSudo): `supervisorctl reread`, `supervisorctl update|pid|start|restart` of each of the app's
 *   programs and processes by name, `supervisorctl signal HUP|TTIN|TTOU` to the app's program, `tail -n 15` of
 *   its log, and `install -d` of its log directory; for a singleton, `ln -s` of its file into conf.d and `rm -f`
 *   of that link (src/releases/supervisor.ts), and `timeout 3 supervisorctl update <program>` (the update whose
 *   client gives up while supervisord stops it on a host it no longer runs on);
 * - src/render/plan.ts: `cat` of installed files; src/remote/preflight.ts: `true` (may I sudo?);
 * - src/watch/read.ts: `tail -c +N` of the site's own access log, when the deploy user may not read it (Debian's
 *   Nginx: root:adm 0640; Caddy: caddy:caddy 0600), so the watch can read it from an offset: Nginx's and its
 *   first rotation (`.1`), Caddy's and its rolled files (`<app>.access-<time>.log`, time: digits, `T`, `.`, `-`).
 * The stage directory is `.keel-stage/<uuid>/{new,old}/<n>` under the deploy user's home (relative path):
 * those arguments are anchored regular expressions (sudo >= 1.9.10), everything else is literal.
 *
 * Installing a unit file or a proxy site as root is, by its nature, as strong as root: these rules do not make
 * the deploy user less trusted, they make every command it may run one that keel actually runs.
 */
import type { Resolved } from '../appspec/resolve.js';
import { CADDY_ROLLED, caddyAccessLog, nginxAccessLog, TAIL } from '../watch/read.js';
import { processUnits } from './processes.js';
import { supervisorSudo, usesSupervisor } from './supervisor.js';
import { firewallPlan } from './firewall.js';
import { sudoersArgs, sudoersRegex, sudoersRegexLiteral as lit } from './escape.js';

/** A host file keel installs as root (the parts of RenderedFile the rules need). */
export interface RootFile {
  kind: string;
  install: string;
  owner: string;
  group: string;
  mode: string;
}

export const SUDO_PATHS = {
  systemctl: '/usr/bin/systemctl',
  journalctl: '/usr/bin/journalctl',
  nginx: '/usr/sbin/nginx',
  caddy: '/usr/bin/caddy',
  logrotate: '/usr/sbin/logrotate',
  install: '/usr/bin/install',
  cp: '/usr/bin/cp',
  rm: '/usr/bin/rm',
  ln: '/usr/bin/ln',
  cat: '/usr/bin/cat',
  test: '/usr/bin/test',
  true: '/usr/bin/true',
  tail: TAIL,
  ss: '/usr/bin/ss',
} as const;

const STAGE = (dir: 'new' | 'old') => `${lit('.keel-stage/')}[0-9a-f-]+/${dir}/[0-9]+`;

/** The enabled-site link ssh-deploy makes for an Nginx site in sites-available (none for other files). */
export function siteLink(f: Pick<RootFile, 'kind' | 'install'>): string | undefined {
  if (f.kind !== 'nginx') return undefined;
  const link = f.install.replace('/sites-available/', '/sites-enabled/');
  return link === f.install ? undefined : link;
}

/** Every command line keel may run as root for this app, as [program, sudoers argument text]. */
export function sudoCommands(r: Resolved, files: RootFile[]): [string, string][] {
  const P = SUDO_PATHS;
  const cmds: [string, string][] = [];
  const literal = (program: string, ...args: string[]) => cmds.push([program, sudoersArgs(args)]);
  const regex = (program: string, ...parts: string[]) => cmds.push([program, sudoersRegex(parts)]);

  literal(P.true);
  if (usesSupervisor(r)) {
    // supervisor: src/releases/supervisor.ts and src/reload/supervisor.ts (exact program names only).
    for (const [program, args] of supervisorSudo(r)) literal(program, ...args);
  } else {
    literal(P.systemctl, 'daemon-reload');
    const service = r.units.service;
    for (const unit of [service, ...(r.units.socket ? [r.units.socket] : [])]) {
      literal(P.systemctl, 'enable', unit);
      literal(P.systemctl, 'restart', unit);
    }
    for (const p of processUnits(r))
      for (const unit of p.units)
        // A singleton is stopped and disabled on every host but the one it runs on.
        for (const verb of ['reset-failed', 'enable', 'restart', ...(p.singleton ? ['disable', 'stop'] : [])])
          // Restart and stop are queued (`--no-block`): no command waits on the host through a warm shutdown.
          literal(
            P.systemctl,
            ...(verb === 'restart' || verb === 'stop' ? [verb, '--no-block'] : [verb]),
            unit,
          );
    literal(P.systemctl, 'reload', service);
    literal(P.systemctl, 'reset-failed', service);
    for (const sig of ['TTIN', 'TTOU']) literal(P.systemctl, 'kill', '-s', sig, '--kill-whom=main', service);
    literal(P.journalctl, '-u', service, '-n', '15', '--no-pager', '-o', 'cat');
  }

  const proxy = r.spec.proxy.server;
  for (const verb of ['reload', 'start']) literal(P.systemctl, verb, proxy);
  literal(P.systemctl, 'is-active', '--quiet', proxy);
  if (proxy === 'nginx') {
    literal(P.nginx, '-t');
    if (r.spec.proxy['default-server']) {
      // Disabling Debian's stock welcome site for keel's default server, and putting it back on a restore
      // (src/releases/install.ts; the paths are STOCK_DEFAULT there).
      literal(P.rm, '-f', '/etc/nginx/sites-enabled/default');
      literal(P.test, '-e', '/etc/nginx/sites-enabled/default');
      literal(P.ln, '-s', '/etc/nginx/sites-available/default', '/etc/nginx/sites-enabled/default');
    }
    // The watch: the site's own access log from a byte offset, nothing else.
    regex(P.tail, '-c', '\\+[0-9]+', `${lit(nginxAccessLog(r.name))}(${lit('.1')})?`);
  } else {
    literal(P.caddy, 'validate', '--adapter', 'caddyfile', '--config', '/etc/caddy/Caddyfile');
    // The watch: the site's own access log and its rolled files from a byte offset, nothing else.
    const log = caddyAccessLog(r.name).replace(/\.log$/, '');
    regex(P.tail, '-c', '\\+[0-9]+', `${lit(log)}(${CADDY_ROLLED})?${lit('.log')}`);
  }

  // The firewall: its script's verbs (the rules are inside it, root's; no ufw arguments here) and the
  // listening sockets with their processes for mode: check.
  const firewall = firewallPlan(r);
  if (firewall) {
    for (const verb of ['apply', 'confirm', 'revert', 'status']) literal(firewall.script, verb);
    literal(P.ss, '-H', '-ltnup');
  }

  for (const f of files) {
    const to = lit(f.install);
    literal(P.cat, f.install);
    literal(P.test, '-e', f.install);
    regex(P.cp, '-a', to, STAGE('old'));
    regex(P.cp, '-a', STAGE('old'), to);
    regex(P.install, '-D', '-m', lit(f.mode), '-o', lit(f.owner), '-g', lit(f.group), STAGE('new'), to);
    literal(P.rm, '-f', f.install);
    const link = siteLink(f);
    if (link) {
      literal(P.test, '-e', link);
      literal(P.test, '-L', link);
      literal(P.ln, '-s', f.install, link);
      literal(P.rm, '-f', link);
    }
    if (f.kind === 'logrotate') literal(P.logrotate, '-d', f.install);
  }
  return cmds;
}

export function sudoersPath(r: Resolved): string {
  // sudo skips files in /etc/sudoers.d whose names hold a dot; an app name never does.
  return `/etc/sudoers.d/${r.name}-keel`;
}

export function renderSudoers(r: Resolved, files: RootFile[]): string {
  const user = r.deployUser;
  const lines = sudoCommands(r, files).map(
    ([program, args]) => `${user} ALL=(root) NOPASSWD: ${program} ${args}`,
  );
  return [
    '# Rendered by keel render-config; edit the spec, not this file.',
    `# What keel runs as root for ${r.name} when ${user} deploys it over SSH, and nothing else: one rule per`,
    '# command line, arguments included (no shell, no editor, no other unit or file). Check: visudo -cf FILE.',
    ...lines,
    '',
  ].join('\n');
}
