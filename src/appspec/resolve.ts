/**
 * A spec with everything derived from it made explicit: users, paths, sockets, certificates, the full route
 * table. Renderers read only this, so every file agrees with every other.
 */
import type { Route, Spec } from './schema.js';

export interface ResolvedRoute extends Route {
  /** `exact` for /healthz, `prefix` for /ai/* and /static/, everything for /. */
  match: 'exact' | 'prefix';
  /** The path without the trailing *. */
  base: string;
}

export interface Resolved {
  spec: Spec;
  name: string;
  user: string;
  group: string;
  /** The SSH user keel deploys as (its sudo rules are rendered). */
  deployUser: string;
  path: string;
  current: string;
  shared: string;
  envFile: string;
  /** ExecStart's program and arguments: the release venv's python -m gunicorn, or the given gunicorn binary. */
  exec: { program: string; args: string[] };
  configFile: string;
  socketActivation: boolean;
  /** `unix:/run/app/gunicorn.sock` or `127.0.0.1:8000`, as gunicorn and the proxy see it. */
  bind: string;
  socketPath: string | undefined;
  proxyUser: string;
  proxyGroup: string;
  logDir: string | undefined;
  stopTimeoutSec: number;
  /** The proxy's read/send timeout for routes without their own. */
  proxyTimeout: number;
  /** Workers as a Python expression (auto = 2 x CPUs + 1, evaluated on the server). */
  workersExpr: string;
  threads: number;
  tls: { mode: 'certbot' | 'caddy' | 'files'; cert: string | undefined; key: string | undefined };
  hstsValue: string;
  routes: ResolvedRoute[];
  units: { service: string; socket: string | undefined };
}

function toRoute(r: Route): ResolvedRoute {
  const prefix = r.path.endsWith('*') || r.path.endsWith('/');
  const base = r.path.endsWith('*') ? r.path.slice(0, -1) : r.path;
  return { ...r, match: prefix ? 'prefix' : 'exact', base };
}

export function resolve(spec: Spec): Resolved {
  const name = spec.app.name;
  const user = spec.app.user ?? name;
  const group = spec.app.group ?? user;
  const path = spec.app.path;
  const proxyUser = spec.proxy.server === 'nginx' ? 'www-data' : 'caddy';
  const unix = spec.gunicorn.bind === 'unix';
  const socketActivation = unix ? true : (spec.gunicorn['socket-activation'] ?? false);
  // Directly in /run: the socket unit owns it, so no service's RuntimeDirectory can remove it under the proxy.
  const socketPath = unix ? `/run/${name}.sock` : undefined;
  const mode = spec.proxy.tls.certificates ?? (spec.proxy.server === 'caddy' ? 'caddy' : 'certbot');
  const first = spec.proxy.domains[0]!.replace(/^\*\./, '');
  const tls =
    mode === 'certbot'
      ? {
          mode,
          cert: `/etc/letsencrypt/live/${first}/fullchain.pem`,
          key: `/etc/letsencrypt/live/${first}/privkey.pem`,
        }
      : mode === 'files'
        ? { mode, cert: spec.proxy.tls.cert, key: spec.proxy.tls.key }
        : { mode, cert: undefined, key: undefined };
  const h = spec.proxy.tls.hsts;
  const hstsValue = [
    `max-age=${h['max-age']}`,
    h['include-subdomains'] ? 'includeSubDomains' : '',
    h.preload ? 'preload' : '',
  ]
    .filter(Boolean)
    .join('; ');

  // The route table: the user's routes, then the health paths (never logged), then everything else.
  const routes = spec.proxy.routes.map(toRoute);
  const has = (p: string) => routes.some((r) => r.base === p && r.match === 'exact');
  for (const p of [spec.health.liveness, spec.health.readiness, spec.health.version]) {
    if (!has(p))
      routes.push(toRoute({ path: p, to: 'app', log: p === spec.health.version, buffering: true }));
  }
  if (!routes.some((r) => r.base === '/' && r.match === 'prefix')) {
    routes.push(toRoute({ path: '/', to: spec.proxy['other-paths'], log: true, buffering: true }));
  }
  const threads =
    spec.gunicorn['worker-class'] === 'gthread' ? Math.max(spec.gunicorn.threads, 1) : spec.gunicorn.threads;
  return {
    spec,
    name,
    user,
    group,
    deployUser: spec.app['deploy-user'],
    path,
    current: `${path}/current`,
    shared: `${path}/shared`,
    envFile: spec.app['env-file'] ?? `${path}/shared/.env`,
    exec: spec.app.gunicorn
      ? { program: spec.app.gunicorn, args: ['--config', `${path}/current/.keel/gunicorn.conf.py`] }
      : {
          program: `${path}/current/.venv/bin/python`,
          args: ['-m', 'gunicorn', '--config', `${path}/current/.keel/gunicorn.conf.py`],
        },
    configFile: `${path}/current/.keel/gunicorn.conf.py`,
    socketActivation,
    bind: unix ? `unix:${socketPath}` : `127.0.0.1:${spec.gunicorn.port}`,
    socketPath,
    proxyUser,
    proxyGroup: proxyUser,
    logDir: spec.gunicorn.logs === 'file' ? `/var/log/${name}` : undefined,
    stopTimeoutSec: spec.gunicorn['graceful-timeout'] + 10,
    proxyTimeout: spec.proxy.timeout ?? spec.gunicorn.timeout + 5,
    workersExpr:
      spec.gunicorn.workers === 'auto'
        ? 'multiprocessing.cpu_count() * 2 + 1'
        : String(spec.gunicorn.workers),
    threads,
    tls,
    hstsValue,
    routes,
    units: { service: `${name}.service`, socket: socketActivation ? `${name}.socket` : undefined },
  };
}
