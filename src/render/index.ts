/**
 * Everything render-config makes from one spec, with where each file goes, who owns it and what must be
 * reloaded when it changes: the manifest ssh-deploy installs from. Pure: spec in, files out.
 */
import { createHash } from 'node:crypto';
import type { Resolved } from '../appspec/resolve.js';
import { renderAlerts } from './alerts.js';
import { CADDY_MAIN, renderCaddyfile, renderCaddyMain } from './caddy.js';
import { certbotHookPath, renderCertbotHook } from './certbot-hook.js';
import { firewallPlan, renderFirewallScript } from './firewall.js';
import { renderGunicornConf } from './gunicorn.js';
import { renderLogrotate } from './logrotate.js';
import { NGINX_DEFAULT_SERVER, renderNginx, renderNginxDefault } from './nginx.js';
import { renderSudoers, sudoersPath } from './sudoers.js';
import { processUnits, renderProcess } from './processes.js';
import { renderService, renderSocket } from './systemd.js';
import {
  renderSupervisorExec,
  renderSupervisorProgram,
  supervisorExecPath,
  supervisorPrograms,
  usesSupervisor,
} from './supervisor.js';
import { watchTarget } from '../watch/read.js';
import type { FileKind, Manifest, OnChange } from './manifest.js';

export type { FileKind, Manifest, ManifestEntry } from './manifest.js';

export interface RenderedFile {
  /** Path inside the output directory. */
  name: string;
  kind: FileKind;
  content: string;
  /** Absolute path on the host, or a path relative to the release directory (scope: release). */
  install: string;
  scope: 'host' | 'release';
  owner: string;
  group: string;
  mode: string;
  /** What ssh-deploy does after this file changes. */
  onChange: OnChange;
}

export function renderAll(r: Resolved): RenderedFile[] {
  const files: RenderedFile[] = [];
  const add = (f: Omit<RenderedFile, 'content'>, content: string | undefined) => {
    if (content !== undefined) files.push({ ...f, content });
  };
  const root = { owner: 'root', group: 'root', mode: '0644', scope: 'host' as const };
  add(
    {
      name: 'gunicorn.conf.py',
      kind: 'gunicorn',
      install: '.keel/gunicorn.conf.py',
      scope: 'release',
      owner: r.user,
      group: r.group,
      mode: '0644',
      onChange: 'reload-app',
    },
    renderGunicornConf(r),
  );
  if (usesSupervisor(r)) {
    // supervisor programs instead of systemd units: the app, then each process, and the exec wrapper.
    add(
      {
        ...root,
        mode: '0755',
        name: `supervisor/${r.name}-exec`,
        kind: 'supervisor-exec',
        install: supervisorExecPath(r),
        onChange: 'none',
      },
      renderSupervisorExec(r),
    );
    for (const p of supervisorPrograms(r))
      add(
        {
          ...root,
          name: `supervisor/${p.program}.conf`,
          kind: 'supervisor-program',
          install: p.install,
          onChange: 'supervisor-update',
        },
        renderSupervisorProgram(r, p),
      );
  }
  if (!usesSupervisor(r))
    add(
      {
        ...root,
        name: `systemd/${r.units.service}`,
        kind: 'systemd-service',
        install: `/etc/systemd/system/${r.units.service}`,
        onChange: 'daemon-reload',
      },
      renderService(r),
    );
  if (r.units.socket && !usesSupervisor(r)) {
    add(
      {
        ...root,
        name: `systemd/${r.units.socket}`,
        kind: 'systemd-socket',
        install: `/etc/systemd/system/${r.units.socket}`,
        onChange: 'daemon-reload',
      },
      renderSocket(r),
    );
  }
  if (!usesSupervisor(r))
    for (const p of processUnits(r))
      add(
        {
          ...root,
          name: `systemd/${p.template}`,
          kind: 'systemd-process',
          install: `/etc/systemd/system/${p.template}`,
          onChange: 'daemon-reload',
        },
        renderProcess(r, p),
      );
  if (r.spec.proxy.server === 'nginx') {
    if (r.spec.proxy['default-server'])
      add(
        {
          ...root,
          name: 'nginx/keel-default.conf',
          kind: 'nginx',
          install: NGINX_DEFAULT_SERVER,
          onChange: 'reload-nginx',
        },
        renderNginxDefault(r),
      );
    add(
      {
        ...root,
        name: `nginx/${r.name}.conf`,
        kind: 'nginx',
        install: `/etc/nginx/sites-available/${r.name}.conf`,
        onChange: 'reload-nginx',
      },
      renderNginx(r),
    );
  } else {
    add(
      { ...root, name: 'caddy/Caddyfile', kind: 'caddy', install: CADDY_MAIN, onChange: 'reload-caddy' },
      renderCaddyMain(r),
    );
    add(
      {
        ...root,
        name: `caddy/${r.name}.caddy`,
        kind: 'caddy',
        install: `/etc/caddy/sites/${r.name}.caddy`,
        onChange: 'reload-caddy',
      },
      renderCaddyfile(r),
    );
  }
  add(
    {
      ...root,
      name: `logrotate/${r.name}`,
      kind: 'logrotate',
      install: `/etc/logrotate.d/${r.name}`,
      onChange: 'none',
    },
    renderLogrotate(r),
  );
  // The firewall: a root-owned script holding the rules; ssh-deploy applies it (guarded) when it changes.
  const firewall = firewallPlan(r);
  if (firewall)
    add(
      {
        ...root,
        mode: '0755',
        name: `firewall/keel-${r.name}-firewall`,
        kind: 'firewall',
        install: firewall.script,
        onChange: 'apply-firewall',
      },
      renderFirewallScript(r, firewall),
    );
  // With certificates: certbot, renewals reload the proxy (only then: undefined otherwise).
  add(
    {
      ...root,
      mode: '0755',
      name: `certbot/keel-${r.name}`,
      kind: 'certbot-hook',
      install: certbotHookPath(r),
      onChange: 'none',
    },
    renderCertbotHook(r),
  );
  add(
    {
      ...root,
      name: `alerts/${r.name}.rules.yml`,
      kind: 'alerts',
      install: `/etc/prometheus/rules/${r.name}.rules.yml`,
      onChange: 'none',
    },
    renderAlerts(r),
  );
  // The deploy user's sudo rules cover every file keel installs as root, this one included. It comes first
  // among the host files, so a deploy that changes the rules installs them before it needs them.
  const sudoers: Omit<RenderedFile, 'content'> = {
    ...root,
    mode: '0440',
    name: `sudoers/${r.name}-keel`,
    kind: 'sudoers',
    install: sudoersPath(r),
    onChange: 'none',
  };
  const content = renderSudoers(r, [
    sudoers,
    ...files.filter((f) => f.scope === 'host' && installedByKeel(f)),
  ]);
  files.splice(1, 0, { ...sudoers, content });
  return files;
}

/**
 * Whether ssh-deploy puts this file on the app's hosts: release files always, host files with
 * `install-config`. The alert rules belong on the Prometheus server, which keel does not deploy to.
 */
export function installedByKeel(f: { kind: string }): boolean {
  return f.kind !== 'alerts';
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function manifestOf(r: Resolved, files: RenderedFile[]): Manifest {
  return {
    keel: 1,
    app: r.name,
    proxy: r.spec.proxy.server,
    service: r.units.service,
    socket: r.units.socket ?? null,
    versions: r.spec.proxy.versions,
    watch: watchTarget(r),
    ...(usesSupervisor(r) ? { processManager: 'supervisor' as const } : {}),
    processes: usesSupervisor(r)
      ? supervisorPrograms(r).flatMap((p) =>
          p.process === undefined
            ? []
            : [
                {
                  name: p.process,
                  units: p.names,
                  stopTimeout: p.stopTimeout,
                  singleton: p.singleton,
                  ...(p.singletonHost !== undefined ? { singletonHost: p.singletonHost } : {}),
                  program: p.program,
                },
              ],
        )
      : processUnits(r).map(({ name, units, stopTimeout, singleton, singletonHost }) => ({
          name,
          units,
          stopTimeout,
          singleton,
          ...(singletonHost !== undefined ? { singletonHost } : {}),
        })),
    ...(firewallPlan(r) ? { firewall: firewallPlan(r) } : {}),
    files: files.map(({ content, ...f }) => ({
      ...f,
      sha256: sha256(content),
      bytes: Buffer.byteLength(content),
    })),
  };
}
