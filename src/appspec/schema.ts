/**
 * The keel spec (e.g. deploy/keel.yml): one typed description of how a Gunicorn app is served, from which
 * render-config derives every file. Unknown fields are errors, so a typo never silently falls back to a default.
 */
import { z } from 'zod';

const NAME = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/;
const ABS_PATH = /^\/(?!.*(?:^|\/)\.\.?(?:\/|$))[A-Za-z0-9._/@+-]*$/;
const DOMAIN =
  /^(?=.{1,253}$)(?:\*\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;
const SIZE = /^\d+[kmg]?$/;
const ROUTE = /^\/[A-Za-z0-9._~!$&'()+,;=:@%/-]*\*?$/;
const MODULE = /^[A-Za-z_][A-Za-z0-9_.]*(?::[A-Za-z_][A-Za-z0-9_]*(?:\(\))?)?$/;
const HEADER_VALUE = /^[\x20-\x7e]*$/;

const version = z.string().regex(/^\d{1,4}(\.\d{1,4}){0,2}$/, 'must be a version like 1.26 or 3.5.1');
const absPath = z
  .string()
  .regex(ABS_PATH, 'must be an absolute path without .. (letters, digits, . _ - / @ +)');
const size = z.string().regex(SIZE, 'must be a size like 512k, 10m or 1g');
const seconds = (min: number, max: number) => z.number().int().min(min).max(max);
const headerValue = z.string().regex(HEADER_VALUE, 'must be printable ASCII on one line (no quotes needed)');

export const routeSchema = z
  .object({
    /** `/ai/*` (prefix), `/healthz` (exact), `/` (everything). */
    path: z.string().regex(ROUTE, 'must be a URL path starting with / (a trailing * makes it a prefix)'),
    /** Where it goes: the app, a static directory, or nowhere (404). */
    to: z.enum(['app', 'static', 'deny']).default('app'),
    /** For `to: static`: the directory (e.g. /srv/shop/current/static). */
    root: absPath.optional(),
    /** Proxy read/send timeout for this route, seconds (e.g. long AI calls). */
    timeout: seconds(1, 3600).optional(),
    /** Largest request body for this route. */
    'max-body': size.optional(),
    /** Log requests to this route (off for health probes). */
    log: z.boolean().default(true),
    /** Stream responses as they come (server-sent events, token streaming). */
    buffering: z.boolean().default(true),
  })
  .strict();

/**
 * A long-running process beside the app (a Celery worker, Celery beat): a hardened systemd template unit
 * `<app>-<name>@.service`, run as `<app>-<name>@1.service` ... `@<instances>.service`, with the app's user,
 * env file and sandbox, in the live release with its venv first on PATH. ssh-deploy restarts every instance
 * after each switch (and after a rollback): SIGTERM to the main process, which finishes the tasks in flight
 * (Celery's warm shutdown) for up to `stop-timeout` seconds, then the new release starts.
 */
export const processSchema = z
  .object({
    /**
     * The command line, run WITHOUT a shell in the release directory: words split on spaces, '...' or "..."
     * quote a word; ; | & $ ` < > and backslashes are refused (put such things in a script in the release).
     * A program name without / is looked up on the PATH, the release's .venv/bin first.
     */
    command: z.string().max(4096, 'must be at most 4096 characters'),
    /** How many copies run on each host (`<app>-<name>@1` ... `@N`). */
    instances: z.number().int().min(1).max(32).default(1),
    /** Seconds a warm shutdown may take (tasks in flight finish) before systemd kills what is left. */
    'stop-timeout': seconds(1, 3600).default(600),
    /** Exactly one in the fleet (Celery beat): it runs on one host only, `singleton-host` or the first host. */
    singleton: z.boolean().default(false),
    /**
     * The host a singleton runs on, as the deploy's hosts list spells it (no user@ or :port); absent: the
     * first host of the list. Checked against the hosts before any host is touched.
     */
    'singleton-host': z.string().max(253, 'must be at most 253 characters').optional(),
  })
  .strict();

/** Input values as a workflow would give them: text, a number, a boolean, or a list (one item a line). */
const inputValue = z.union([
  z.string().max(65536, 'must be at most 64 KiB'),
  z.number(),
  z.boolean(),
  z
    .array(
      z.union([
        z
          .string()
          .max(4096)
          .regex(/^[^\r\n]*$/, 'must be one line (a list item)'),
        z.number(),
      ]),
    )
    .max(1000),
]);
const inputValues = z.record(
  z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, 'must be an input name (lower-case letters, digits and -)'),
  inputValue,
);

/**
 * The host firewall (ufw, what the runbooks use): incoming connections are refused except the SSH port keel
 * connects on (always open to everyone) and the rules in `allow`. Each rule is `PORT/PROTO` (`443/tcp`) or
 * `{ port: 443/tcp, from: [CIDR, ...] }`. The port and source texts are checked in load.ts (crossCheck), so a
 * bad one is named with its index.
 */
export const firewallSchema = z
  .object({
    /** false: keel leaves the host's firewall alone (nothing rendered or applied). */
    enabled: z.boolean().default(true),
    /** The port sshd listens on, the one keel connects on: always allowed from anywhere (tcp). */
    'ssh-port': z.number().int().min(1).max(65535).default(22),
    allow: z
      .array(
        z.union([
          z.string().max(64, 'must be at most 64 characters'),
          z.number(),
          z
            .object({
              port: z.union([z.string().max(64, 'must be at most 64 characters'), z.number()]),
              /** Source networks (CIDR like 203.0.113.0/24 or 2001:db8::/32, or one address). */
              from: z.array(z.string().max(64, 'must be at most 64 characters')).min(1).max(64),
            })
            .strict(),
        ]),
      )
      .max(256, 'must be at most 256 rules')
      .default([]),
    /**
     * Seconds after which the host puts its previous rules back on its own unless a NEW SSH connection made
     * after the rules were applied has confirmed them (the lock-out guard).
     */
    'revert-after': seconds(15, 600).default(60),
  })
  .strict();

export const specSchema = z
  .object({
    app: z
      .object({
        name: z.string().regex(NAME, 'must be 2-32 lower-case letters, digits or -, starting with a letter'),
        /** The WSGI/ASGI target, e.g. `app:app` or `shop.wsgi:application`. */
        module: z.string().regex(MODULE, 'must be a Python module:variable like app:app'),
        /** Deploy path on the hosts: releases/, current, shared/. */
        path: absPath.refine(
          (p) => p.split('/').filter(Boolean).length >= 2,
          'must be at least two levels deep, e.g. /srv/shop',
        ),
        user: z
          .string()
          .regex(/^[a-z_][a-z0-9_-]{0,31}$/, 'must be a valid user name')
          .optional(),
        group: z
          .string()
          .regex(/^[a-z_][a-z0-9_-]{0,31}$/, 'must be a valid group name')
          .optional(),
        /** The SSH user keel deploys as: render-config writes exactly the sudo rules it needs (sudoers/<app>-keel). */
        'deploy-user': z
          .string()
          .regex(/^[a-z_][a-z0-9_-]{0,31}$/, 'must be a valid user name')
          .default('deploy'),
        /** A Gunicorn binary, e.g. Debian's /usr/bin/gunicorn; default: `python -m gunicorn` of the release's .venv. */
        gunicorn: absPath.optional(),
        'env-file': absPath.optional(),
        environment: z
          .record(
            z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name'),
            // Any text on one line (quotes, $, %, non-ASCII included): the unit file quotes it.
            z.string().regex(
              // eslint-disable-next-line no-control-regex -- refusing control characters is the point
              /^[^\x00-\x1f\x7f]*$/,
              'must be one line of text (no newlines or other control characters)',
            ),
          )
          .default({}),
      })
      .strict(),
    gunicorn: z
      .object({
        /** `unix` (a socket in /run/<app>/, the default) or `tcp` (loopback). */
        bind: z.enum(['unix', 'tcp']).default('unix'),
        port: z.number().int().min(1024).max(65535).default(8000),
        /**
         * systemd holds the listening socket (<app>.socket): restarts queue connections instead of refusing them,
         * and the socket gets the proxy's group. Always on for `bind: unix`; optional for tcp.
         */
        'socket-activation': z.boolean().optional(),
        workers: z.union([z.literal('auto'), z.number().int().min(1).max(256)]).default('auto'),
        'worker-class': z.enum(['sync', 'gthread', 'uvicorn.workers.UvicornWorker']).default('sync'),
        threads: z.number().int().min(1).max(64).default(1),
        timeout: seconds(1, 3600).default(30),
        'graceful-timeout': seconds(1, 3600).default(30),
        keepalive: seconds(1, 300).default(5),
        'max-requests': z.number().int().min(0).default(1000),
        'max-requests-jitter': z.number().int().min(0).default(100),
        'preload-app': z.boolean().default(false),
        'limit-request-line': z.number().int().min(0).max(8190).default(4094),
        'limit-request-fields': z.number().int().min(0).max(32768).default(100),
        'limit-request-field-size': z.number().int().min(0).default(8190),
        /** journald (stdout/stderr of the unit) or files under /var/log/<app>/ (then rotated by logrotate). */
        logs: z.enum(['journald', 'file']).default('journald'),
        'access-log': z.boolean().default(true),
        'access-log-format': z.enum(['combined', 'json']).default('combined'),
      })
      .strict()
      .prefault({}),
    systemd: z
      .object({
        /** strict: the full sandbox (exposure <= 2.5 in systemd-analyze security); basic: fewer walls; off. */
        hardening: z.enum(['strict', 'basic', 'off']).default('strict'),
        /** Extra paths the service may write (the deploy path's shared/ is always writable). */
        'read-write-paths': z.array(absPath).default([]),
        'restart-sec': seconds(1, 600).default(2),
      })
      .strict()
      .prefault({}),
    proxy: z
      .object({
        server: z.enum(['nginx', 'caddy']).default('nginx'),
        domains: z
          .array(z.string().regex(DOMAIN, 'must be a domain name like shop.example.com'))
          .min(1, 'needs at least one domain'),
        tls: z
          .object({
            /** certbot (webroot, Let's Encrypt), caddy (its automatic HTTPS), files (cert/key paths you manage). */
            certificates: z.enum(['certbot', 'caddy', 'files']).optional(),
            cert: absPath.optional(),
            key: absPath.optional(),
            /** Mozilla server-side TLS 6.0: intermediate (TLS 1.2 + 1.3) or modern (TLS 1.3 only). */
            profile: z.enum(['intermediate', 'modern']).default('intermediate'),
            hsts: z
              .object({
                'max-age': z.number().int().min(0).default(63072000),
                'include-subdomains': z.boolean().default(true),
                preload: z.boolean().default(false),
              })
              .strict()
              .prefault({}),
            /** Only for CAs that still run OCSP (Let's Encrypt turned it off in 2025). */
            'ocsp-stapling': z.boolean().default(false),
          })
          .strict()
          .prefault({}),
        headers: z
          .object({
            'content-security-policy': headerValue.default(
              "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'",
            ),
            'referrer-policy': z
              .enum(['no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin'])
              .default('strict-origin-when-cross-origin'),
            'permissions-policy': headerValue.default('camera=(), microphone=(), geolocation=(), payment=()'),
            /**
             * Who may frame the pages: X-Frame-Options and the CSP's frame-ancestors say it together, derived
             * from whichever the spec gives (DENY = 'none', SAMEORIGIN = 'self'); default DENY.
             */
            'frame-options': z.enum(['DENY', 'SAMEORIGIN']).optional(),
            'cross-origin-opener-policy': z
              .enum(['same-origin', 'same-origin-allow-popups', 'unsafe-none'])
              .default('same-origin'),
            'cross-origin-resource-policy': z
              .enum(['same-origin', 'same-site', 'cross-origin'])
              .default('same-origin'),
            /**
             * Headers the app may set itself, per response (e.g. a CSP with nonces): the app's value wins and
             * the proxy sends the spec's only when the app sent none. Every other security header is the
             * spec's: the proxy drops the app's copy, so a response never carries two.
             */
            'from-app': z
              .array(
                z.enum([
                  'content-security-policy',
                  'x-frame-options',
                  'referrer-policy',
                  'permissions-policy',
                  'cross-origin-opener-policy',
                  'cross-origin-resource-policy',
                ]),
              )
              .default([]),
          })
          .strict()
          .prefault({}),
        routes: z.array(routeSchema).default([]),
        /** What paths no route names get: the app (default) or 404. */
        'other-paths': z.enum(['app', 'deny']).default('app'),
        'max-body': size.default('10m'),
        /** Default proxy read/send timeout, seconds; defaults to gunicorn.timeout + 5, so Gunicorn answers first. */
        timeout: seconds(1, 3600).optional(),
        /** Compress static files (precompressed .gz/.zst files first) and, with compress-app, the app's responses. */
        gzip: z.boolean().default(true),
        /**
         * Compress the app's own responses too. Off by default: compressing a page that carries a secret (a
         * CSRF token, a session value) next to text an attacker can make the page reflect lets the attacker
         * read the secret from the compressed size (BREACH). Turn it on when the app's responses carry no
         * secrets, or when it masks them per response (Django does for its CSRF token).
         */
        'compress-app': z.boolean().default(false),
        /**
         * Add the cookie flags the app left out (Secure, HttpOnly, SameSite=Lax) to every Set-Cookie from the
         * app. Off by default: it also covers cookies the app's JavaScript must read.
         */
        'cookie-flags': z.boolean().default(false),
        /**
         * keel's catch-all server for names no site serves: unknown SNI fails the TLS handshake, unknown Host and
         * plain HTTP for other names get the connection closed, never the app or a redirect. On Nginx it is also
         * the server the TLS protocol versions come from. Turn off only when another site on the host is
         * the default server on purpose.
         */
        'default-server': z.boolean().default(true),
        /**
         * The proxy software on the hosts, so the files use what it supports (like Mozilla's configuration
         * generator): `http2 on;` from Nginx 1.25.1, the X25519MLKEM768 key exchange from OpenSSL 3.5 and Caddy
         * 2.10. Defaults: Debian 12's. ssh-deploy warns when a host runs newer versions than these.
         */
        versions: z
          .object({
            nginx: version.default('1.22'),
            openssl: version.default('3.0'),
            caddy: version.default('2.6'),
          })
          .strict()
          .prefault({}),
        'upstream-keepalive': z.number().int().min(0).max(1024).default(16),
        /** nginx only: where certbot's webroot challenges live. */
        'acme-webroot': absPath.default('/var/www/letsencrypt'),
        /** Email for the ACME account (caddy). */
        email: z.email().optional(),
      })
      .strict(),
    health: z
      .object({
        liveness: z.string().regex(ROUTE).default('/healthz'),
        readiness: z.string().regex(ROUTE).default('/readyz'),
        version: z.string().regex(ROUTE).default('/version'),
      })
      .strict()
      .prefault({}),
    /**
     * What runs the app and the processes beside it: systemd units (the default), or supervisor programs
     * (`/etc/supervisor/conf.d/<app>*.conf`, installed with `supervisorctl reread` + `update`). What only
     * systemd can do is refused with supervisor, naming the field (src/appspec/process-manager.ts).
     */
    'process-manager': z.enum(['systemd', 'supervisor']).default('systemd'),
    /** Processes beside the app, by name (`worker`, `beat`): see processSchema. */
    processes: z
      .record(
        z.string().regex(NAME, 'must be 2-32 lower-case letters, digits or -, starting with a letter'),
        processSchema,
      )
      .default({}),
    /**
     * Action inputs that are the same on every run (hosts, user, known-hosts, shared...), by their input
     * names, so workflows pass only secrets: `deploy:` for ssh-deploy, reload-graceful, smoke-check and the
     * root action (and backup-db's connection), `backup:` for backup-db. Which keys are allowed is checked
     * against the actions' declarations (src/actions/common/spec-inputs.ts); values by the input parser.
     */
    deploy: inputValues.default({}),
    backup: inputValues.default({}),

    /** The host firewall (ufw): see firewallSchema. Absent: keel leaves the firewall alone. */
    firewall: firewallSchema.optional(),
    alerts: z
      .object({
        '5xx-ratio': z.number().min(0).max(1).default(0.05),
        'latency-p95-seconds': z.number().positive().default(1),
        'cert-days': z.number().int().min(1).default(14),
        'restarts-per-hour': z.number().int().min(1).default(3),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type SpecInput = z.input<typeof specSchema>;
export type Spec = z.output<typeof specSchema>;
export type Route = z.output<typeof routeSchema>;
export type Process = z.output<typeof processSchema>;
export type Firewall = z.output<typeof firewallSchema>;
