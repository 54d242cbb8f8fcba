/**
 * Installing the host-level files render-config made (systemd units, the Nginx or Caddy site, logrotate
 * rules), as root, one named `sudo -n` command at a time: only files that differ are touched, each one is
 * backed up first, the real tools check the result on the host (`nginx -t`, `caddy validate`,
 * `systemd-analyze verify`, `logrotate -d`), and any failure puts every file back as it was. What the
 * proxies' checks print as warnings (on a host, also about other sites) is logged as a warning naming the host
 * and the file, and a host whose Nginx, OpenSSL or Caddy is newer than the versions the files were rendered
 * for says so.
 */
import { createHash } from 'node:crypto';
import { KeelError } from '../errors.js';
import { CADDY_MAIN } from '../render/caddy.js';
import { NGINX_DEFAULT_SERVER } from '../render/nginx.js';
import { siteLink } from '../render/sudoers.js';
import { raw, sh, script, type ShellFragment } from '../remote/quote.js';
import type { SshSession } from '../remote/ssh.js';
import { caddyWarnings, describeMessage, isNginxWarning, nginxMessages } from '../render/tool-output.js';
import { newerThanAssumed, parseCaddyVersion, parseNginxV, type ProxyVersions } from '../render/versions.js';
import type { Logger } from '../log.js';
import { applySupervisorFiles, checkSupervisorFiles } from './supervisor.js';

export interface HostFile {
  name: string;
  kind: string;
  install: string;
  owner: string;
  group: string;
  mode: string;
  onChange: string;
  content: string;
}

export interface Installed {
  /** Files that were created or changed. */
  changed: HostFile[];
  /** Puts every changed file back (or removes it when it was new). */
  restore(): Promise<void>;
  /** Drops the backups once the deploy has succeeded. */
  commit(): Promise<void>;
}

const sha = (t: string) => createHash('sha256').update(t).digest('hex');

/**
 * `assumed`: the proxy versions the files were rendered for (the spec's `proxy.versions`); when given, a host
 * running newer ones is reported (the files still work there, they just use the older syntax or curves).
 */
export async function installHostFiles(
  session: SshSession,
  files: HostFile[],
  token: string,
  log: Logger,
  assumed?: ProxyVersions,
): Promise<Installed> {
  const host = session.endpoint.name;
  const stage = `.keel-stage/${token}`;
  const noop: Installed = { changed: [], restore: async () => undefined, commit: async () => undefined };
  if (files.length === 0) return noop;
  const hashes = await session.check(
    'comparing installed config files',
    script(
      raw('set +e'),
      // A site whose sites-enabled link is gone is not serving: it counts as changed, so it is linked again.
      ...files.map((f) => {
        const link = siteLink(f);
        const present = link ? sh`[ -e ${f.install} ] && [ -e ${link} ]` : sh`[ -e ${f.install} ]`;
        return sh`if ${present}; then (sha256sum < ${f.install} 2>/dev/null || sudo -n cat ${f.install} | sha256sum) | cut -c1-64; else echo missing; fi`;
      }),
    ),
  );
  const current = hashes.stdout.trim().split('\n');
  const changed = files.filter((f, i) => current[i] !== sha(f.content));
  if (changed.length === 0) {
    log.info(`${host}: config files unchanged`);
    return noop;
  }
  if (changed.some((f) => f.install === CADDY_MAIN)) await refuseForeignCaddyfile(session);
  // Stage the new files in the deploy user's home, then install them as root with explicit owner and mode.
  await session.check(
    'staging config files',
    sh`rm -rf ${stage} && mkdir -p ${`${stage}/new`} ${`${stage}/old`} && cd ${`${stage}/new`} && base64 -d | tar -x`,
    {
      stdin: await tarBase64(changed),
    },
  );
  // A sudoers file that sudo cannot parse would lock every sudo out, the restore included: check it on the
  // host before anything is installed.
  const sudoers = changed.flatMap((f, i) =>
    f.kind === 'sudoers' ? [sh`/usr/sbin/visudo -c -q -f ${`${stage}/new/${i}`}`] : [],
  );
  if (sudoers.length > 0) await session.check('checking the sudoers file with visudo', script(...sudoers));
  // certbot runs the renewal hook as root with /bin/sh months from now: a syntax error would only show then.
  const hooks = changed.flatMap((f, i) =>
    f.kind === 'certbot-hook' ? [sh`/bin/sh -n ${`${stage}/new/${i}`}`] : [],
  );
  if (hooks.length > 0) await session.check('checking the certbot renewal hook with sh -n', script(...hooks));
  const enabled: string[] = [];
  const steps: ShellFragment[] = [];
  changed.forEach((f, i) => {
    steps.push(
      sh`if sudo -n test -e ${f.install}; then sudo -n cp -a ${f.install} ${`${stage}/old/${i}`}; fi`,
    );
    steps.push(
      sh`sudo -n install -D -m ${f.mode} -o ${f.owner} -g ${f.group} ${`${stage}/new/${i}`} ${f.install}`,
    );
    if (f.kind === 'nginx') {
      const link = f.install.replace('/sites-available/', '/sites-enabled/');
      if (link !== f.install) {
        enabled.push(link);
        steps.push(
          sh`if ! sudo -n test -e ${link}; then sudo -n ln -s ${f.install} ${link}; echo ${`created ${link}`}; fi`,
        );
      }
    }
  });
  // keel's default server and Debian's stock welcome site both claim `default_server` on port 80: the stock
  // one is disabled (its link removed, the file kept) when it is exactly as the package installed it, and put
  // back on a restore. A stock site someone changed is left alone: nginx -t then names the conflict.
  const stockDefault = changed.some((f) => f.install === NGINX_DEFAULT_SERVER);
  if (stockDefault) steps.push(disableStockDefault(`${stage}/disabled-stock-default`));
  const restore = async () => {
    const back = changed.map(
      (f, i) =>
        sh`if [ -e ${`${stage}/old/${i}`} ]; then sudo -n cp -a ${`${stage}/old/${i}`} ${f.install}; else sudo -n rm -f ${f.install}; fi`,
    );
    const links = enabled.map(
      (l) => sh`if sudo -n test -L ${l} && ! sudo -n test -e "$(readlink ${l})"; then sudo -n rm -f ${l}; fi`,
    );
    await session.check(
      'putting the previous config files back',
      script(
        ...back,
        ...links,
        ...(stockDefault
          ? [
              sh`if [ -e ${`${stage}/disabled-stock-default`} ] && ! sudo -n test -e ${STOCK_DEFAULT.link}; then sudo -n ln -s ${STOCK_DEFAULT.site} ${STOCK_DEFAULT.link}; fi`,
            ]
          : []),
        ...(changed.some((f) => f.kind.startsWith('systemd'))
          ? [raw('sudo -n systemctl daemon-reload')]
          : []),
      ),
    );
    log.warn(`${host}: config files restored (${changed.map((f) => f.install).join(', ')})`);
  };
  try {
    await session.check('installing config files', script(...steps));
    await validateOnHost(session, changed, log);
  } catch (error) {
    await restore();
    throw error;
  }
  log.info(`${host}: installed ${changed.map((f) => f.install).join(', ')}`);
  if (assumed) await compareVersions(session, changed, assumed, log);
  return { changed, restore, commit: async () => void (await session.run(sh`rm -rf ${stage}`)) };
}

/**
 * keel's main Caddyfile replaces the host's only when that one is keel's own or Debian's untouched stock file:
 * any other holds someone's sites or options, which would be lost. Checked before anything is changed.
 */
async function refuseForeignCaddyfile(session: SshSession): Promise<void> {
  const f = CADDY_MAIN;
  const r = await session.run(
    script(
      sh`if [ ! -e ${f} ]; then echo absent; exit 0; fi`,
      sh`if head -n 1 ${f} | grep -q '^# Rendered by keel render-config'; then echo keel; exit 0; fi`,
      sh`if ${untouchedConffile('caddy', f)}; then echo stock; else echo foreign; fi`,
    ),
  );
  if (r.code === 0 && /^(absent|keel|stock)$/m.test(r.stdout)) return;
  throw new KeelError(
    `${session.endpoint.name}: ${f} was not written by keel and is not Debian's own: keel installs its main Caddyfile there (timeouts for slow clients, the catch-all for unknown names, \`import sites/*.caddy\`), which would replace what it holds. Nothing was changed.`,
    {
      hint: `Move the sites and options in ${f} into files in /etc/caddy/sites/ (keel's main file imports them), remove ${f}, and deploy again.`,
    },
  );
}

/** Debian's stock Nginx site (the welcome page), enabled by the package with `listen 80 default_server`. */
export const STOCK_DEFAULT = {
  link: '/etc/nginx/sites-enabled/default',
  site: '/etc/nginx/sites-available/default',
} as const;

/**
 * A shell condition: `path` (which exists) is exactly the conffile `pkg` installed, by dpkg's own md5 of it.
 * A package that is not installed, or a file it does not list, is not untouched.
 */
function untouchedConffile(pkg: string, path: string): ShellFragment {
  return sh`{ want=$(dpkg-query -W -f='\${Conffiles}\n' ${pkg} 2>/dev/null | awk -v f=${path} '$1 == f { print $2 }'); [ -n "$want" ] && [ "$want" = "$(md5sum < ${path} | cut -c1-32)" ]; }`;
}

/** Removes the stock site's link if the site is the package's own (untouched since Debian installed it). */
function disableStockDefault(marker: string): ShellFragment {
  const { link, site } = STOCK_DEFAULT;
  return sh`if [ -L ${link} ] && [ "$(readlink ${link})" = ${site} ] && [ -f ${site} ] && ${untouchedConffile('nginx-common', site)}; then sudo -n rm -f ${link} && touch ${marker} && echo ${`disabled Debian's stock default site (${link})`}; fi`;
}

async function validateOnHost(session: SshSession, changed: HostFile[], log: Logger): Promise<void> {
  const host = session.endpoint.name;
  const kinds = new Set(changed.map((f) => f.kind));
  if ([...kinds].some((k) => k.startsWith('systemd-'))) {
    await session.check('systemctl daemon-reload', raw('sudo -n systemctl daemon-reload'));
    for (const f of changed.filter((x) => x.kind.startsWith('systemd'))) {
      const r = await session.run(sh`systemd-analyze verify --man=no ${f.install} 2>&1`);
      const complaints = r.stdout
        .split('\n')
        .filter((l) => /Unknown|Failed|not executable|Invalid/.test(l) && !/sysinit\.target/.test(l));
      // The service's ExecStart points into `current`, which may not exist before the first switch.
      const real = complaints.filter((l) => !/is not executable: No such file or directory/.test(l));
      if (r.code !== 0 && real.length > 0)
        throw new KeelError(
          `${session.endpoint.name}: systemd-analyze verify ${f.install} failed:\n${real.join('\n')}`,
        );
    }
  }
  // supervisor's program files: their log directories, then supervisord's own parser (reread).
  if (kinds.has('supervisor-program')) await checkSupervisorFiles(session, changed);
  if (kinds.has('nginx')) {
    const r = await session.run(raw('sudo -n nginx -t 2>&1'));
    if (r.code !== 0)
      throw new KeelError(
        `${session.endpoint.name}: nginx -t failed; the previous Nginx files were put back:\n${r.stdout.trim()}` +
          (/duplicate default server/.test(r.stdout)
            ? `\nAnother site on the host is the default server too: keel installs its own (${NGINX_DEFAULT_SERVER}, which refuses names no site serves). Remove the other site's default_server, or set proxy.default-server: false in the spec.`
            : ''),
      );
    // nginx -t checks every site on the host: a warning may be about another one, so each names its file.
    const ours = new Set(
      changed.filter((f) => f.kind === 'nginx').flatMap((f) => [f.install, siteLinkOf(f)]),
    );
    for (const m of nginxMessages(r.stdout).filter(isNginxWarning)) {
      const whose = m.file && !ours.has(m.file) ? ' (another file than the ones keel installed)' : '';
      log.warn(`${host}: nginx -t: ${describeMessage(m)}${whose}`, 'nginx -t');
    }
  }
  if (kinds.has('caddy')) {
    const r = await session.run(
      raw(
        "grep -q 'import sites/' /etc/caddy/Caddyfile || { echo '/etc/caddy/Caddyfile does not import sites/*.caddy'; exit 1; }; sudo -n caddy validate --adapter caddyfile --config /etc/caddy/Caddyfile 2>&1",
      ),
    );
    if (r.code !== 0)
      throw new KeelError(
        `${session.endpoint.name}: caddy validate failed; the previous Caddy files were put back:\n${r.stdout.trim().split('\n').slice(-3).join('\n')}`,
      );
    for (const w of caddyWarnings(r.stdout)) log.warn(`${host}: caddy validate: ${w}`, 'caddy validate');
  }
  for (const f of changed.filter((x) => x.kind === 'logrotate')) {
    const r = await session.run(sh`sudo -n logrotate -d ${f.install} 2>&1`);
    if (r.code !== 0 || /^error:/m.test(r.stdout))
      throw new KeelError(
        `${session.endpoint.name}: logrotate -d ${f.install} failed:\n${r.stdout.trim().split('\n').slice(-3).join('\n')}`,
      );
  }
}

const siteLinkOf = (f: HostFile) => f.install.replace('/sites-available/', '/sites-enabled/');

/**
 * When the proxy's files changed: the versions the host runs (`nginx -V`, `caddy version`; no root needed),
 * compared with the ones the files were rendered for. Only informs: an unreadable answer says nothing.
 */
async function compareVersions(
  session: SshSession,
  changed: HostFile[],
  assumed: ProxyVersions,
  log: Logger,
): Promise<void> {
  const kinds = new Set(changed.map((f) => f.kind));
  const found: ProxyVersions = {};
  // The deploy user's PATH over SSH has no sbin directories, where Debian puts nginx.
  const path = raw('PATH="$PATH:/usr/sbin:/sbin"; export PATH;');
  if (kinds.has('nginx')) {
    const r = await session.run(sh`${path} nginx -V 2>&1`, { timeoutMs: 30_000 });
    Object.assign(found, parseNginxV(r.stdout));
  }
  if (kinds.has('caddy')) {
    const r = await session.run(sh`${path} caddy version 2>&1`, { timeoutMs: 30_000 });
    found.caddy = parseCaddyVersion(r.stdout);
  }
  const seen = [
    found.nginx && `nginx ${found.nginx}`,
    found.openssl && `OpenSSL ${found.openssl}`,
    found.caddy && `Caddy ${found.caddy}`,
  ].filter(Boolean);
  log.debug(
    `${session.endpoint.name}: runs ${seen.length ? seen.join(', ') : 'no proxy version keel could read'}`,
  );
  for (const m of newerThanAssumed(assumed, found))
    log.warn(`${session.endpoint.name}: ${m}`, 'proxy.versions');
}

/** The changed files as a base64 tar (names 0, 1, ...), small enough for a command's stdin. */
async function tarBase64(files: HostFile[]): Promise<string> {
  const { default: tar } = await import('tar-stream');
  const pack = tar.pack();
  files.forEach((f, i) => pack.entry({ name: String(i), mode: 0o600 }, f.content));
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('base64');
}

/** After the switch: what the changed files need to take effect. */
export async function applyHostFiles(
  session: SshSession,
  changed: HostFile[],
  service: string | undefined,
  socket: string | undefined,
  log: Logger,
): Promise<void> {
  const kinds = new Set(changed.map((f) => f.kind));
  if (socket && changed.some((f) => f.kind === 'systemd-socket')) {
    await session.check(
      `enabling ${socket}`,
      sh`sudo -n systemctl enable ${socket} && sudo -n systemctl restart ${socket}`,
    );
  }
  if (service && changed.some((f) => f.kind === 'systemd-service')) {
    // A changed unit (ExecStart, sandbox, limits) takes effect only on a restart; with socket activation
    // connections wait in the socket's backlog meanwhile.
    await session.check(
      `enabling and restarting ${service}`,
      sh`sudo -n systemctl enable ${service} && sudo -n systemctl restart ${service}`,
      { timeoutMs: 300_000 },
    );
    log.info(`${session.endpoint.name}: ${service} restarted with its new unit`);
  }
  // supervisor: `update` restarts only the programs whose files changed.
  if (kinds.has('supervisor-program')) await applySupervisorFiles(session, changed, log);
  if (kinds.has('nginx'))
    await session.check(
      'reloading nginx',
      raw(
        'if sudo -n systemctl is-active --quiet nginx; then sudo -n systemctl reload nginx; else sudo -n systemctl start nginx; fi',
      ),
    );
  if (kinds.has('caddy'))
    await session.check(
      'reloading caddy',
      raw(
        'if sudo -n systemctl is-active --quiet caddy; then sudo -n systemctl reload caddy; else sudo -n systemctl start caddy; fi',
      ),
    );
}
