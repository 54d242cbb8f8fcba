export const id = 869;
export const ids = [869];
export const modules = {

/***/ 869:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  G8: () => (/* binding */ SpecError),
  w5: () => (/* binding */ fieldName),
  II: () => (/* binding */ loadSpec)
});

// UNUSED EXPORTS: crossCheck

;// CONCATENATED MODULE: ./src/appspec/process-manager.ts
const SUPERVISOR = 'with process-manager: supervisor';
/** The reload-graceful strategies that work with each process manager (`deploy.strategy` in the spec). */
const SUPERVISOR_STRATEGIES = ['supervisor'];
function processManagerProblems(spec, raw) {
    const errors = [];
    const warnings = [];
    const strategy = spec.deploy.strategy;
    if (spec['process-manager'] !== 'supervisor') {
        if (strategy === 'supervisor')
            errors.push({
                field: 'deploy.strategy',
                message: "'supervisor' (supervisorctl signal HUP) needs process-manager: supervisor",
            });
        return { errors, warnings };
    }
    const rawGunicorn = (raw.gunicorn ?? {});
    if (spec.gunicorn.bind === 'unix')
        errors.push({
            field: 'gunicorn.bind',
            message: `is unix (the default), which is systemd's socket unit holding /run/<app>.sock for the proxy: ${SUPERVISOR} use bind: tcp (Gunicorn listens on 127.0.0.1:<port>)`,
        });
    if (rawGunicorn['socket-activation'] === true)
        errors.push({
            field: 'gunicorn.socket-activation',
            message: `is systemd-only (a .socket unit holds the listening socket): ${SUPERVISOR} remove it`,
        });
    if (spec.gunicorn.logs === 'file')
        errors.push({
            field: 'gunicorn.logs',
            message: `is file: ${SUPERVISOR} Gunicorn's output already goes to /var/log/<app>/<app>.log (supervisor's log file, rotated by logrotate); remove logs: file`,
        });
    if (raw.systemd !== undefined)
        errors.push({
            field: 'systemd',
            message: `is systemd-only (the unit's sandbox, its exposure score, RestartSec): supervisor has none of it; ${SUPERVISOR} remove the systemd: section`,
        });
    if (spec.firewall?.enabled)
        errors.push({
            field: 'firewall',
            message: `is systemd-only for now: its lock-out guard reverts the rules with a transient systemd timer; ${SUPERVISOR} set firewall.enabled: false and manage ufw yourself`,
        });
    if (strategy !== undefined && !SUPERVISOR_STRATEGIES.includes(strategy))
        errors.push({
            field: 'deploy.strategy',
            message: `is ${JSON.stringify(strategy)}, which is systemd-only (systemctl, a .socket unit or a pidfile): ${SUPERVISOR} use 'supervisor' (supervisorctl signal HUP, the default)`,
        });
    const rawAlerts = (raw.alerts ?? {});
    if (rawAlerts['restarts-per-hour'] !== undefined)
        warnings.push({
            field: 'alerts.restarts-per-hour',
            message: `is read from node_exporter's systemd collector: ${SUPERVISOR} the unit-state and restart alerts are not rendered (the HTTP and certificate alerts are)`,
        });
    return { errors, warnings };
}

// EXTERNAL MODULE: ./src/render/headers.ts
var render_headers = __webpack_require__(5090);
// EXTERNAL MODULE: ./src/render/versions.ts
var versions = __webpack_require__(1467);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/appspec/command.ts
var command = __webpack_require__(9029);
// EXTERNAL MODULE: ./src/render/firewall.ts
var firewall = __webpack_require__(9386);
// EXTERNAL MODULE: ./src/config/hosts.ts
var hosts = __webpack_require__(6593);
;// CONCATENATED MODULE: ./src/appspec/credentials.ts
/**
 * Credentials written into the spec itself: refused.
 *
 * What `app.environment` and a process's `command` hold ends up in places every user of the host and every
 * reader of the repository can see: the spec is committed; `Environment=` and `ExecStart=` lines sit in unit files
 * (mode 0644) and are served to any local user by `systemctl show`; a command line is in `ps`; render-config
 * shows the rendered files' diffs in the job's log. A password there is leaked before the app ever reads it. The
 * place for a secret is the env file (`app.env-file`, by default the release's shared `.env`: read by systemd
 * as root, or by keel's supervisor wrapper, and never rendered), which ssh-deploy's `shared` files bring.
 *
 * Found by name (the variable's last word says it holds a secret: `DB_PASSWORD`, `SECRET_KEY`, `GITHUB_TOKEN`,
 * not `PASSWORD_MIN_LENGTH` or `TOKEN_TTL`), by value (a URL carrying a password: `postgres://u:pw@db/shop`,
 * `redis://:pw@cache:6379/0`, `postgres://db/shop?password=pw`) and, on a command line, by option
 * (`--password=`, `--basic-auth=user:pass`). An empty value holds nothing and is allowed. The messages never
 * repeat the value.
 */
/** How the last word of a variable name ends when it holds a secret (`DB_PASSWORD`, libpq's `PGPASSWORD`). */
const SECRET_WORD = /(?:PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|CREDENTIALS|APIKEY)$/;
/** `..._KEY` is a secret after these words (`SECRET_KEY`, `API_KEY`, `AWS_SECRET_ACCESS_KEY`), not alone. */
const KEY_AFTER = new Set(['SECRET', 'API', 'PRIVATE', 'ACCESS', 'SIGNING', 'ENCRYPTION', 'MASTER']);
/** Names that are credentials though their last word does not say so. */
const SECRET_NAMES = new Set(['FLOWER_BASIC_AUTH']);
/** Whether an environment variable's name says it holds a secret. */
function secretName(name) {
    const upper = name.toUpperCase();
    if (SECRET_NAMES.has(upper))
        return true;
    const words = upper.split(/[_-]+/).filter((w) => w !== '');
    const last = words.at(-1) ?? '';
    if (SECRET_WORD.test(last))
        return true;
    return last === 'KEY' && words.length > 1 && KEY_AFTER.has(words.at(-2));
}
/** A URL with a password in its user information (`scheme://user:password@host`), anywhere in a text. */
const URL_WITH_PASSWORD = /[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s/@:]*:[^\s/@]+@/;
/** A password as a URL's query parameter (libpq and many drivers take `?password=`). */
const QUERY_PASSWORD = /[A-Za-z][A-Za-z0-9+.-]*:\/\/\S*[?&](?:password|passwd|pass|pwd)=[^&\s]/i;
function hasUrlPassword(text) {
    return URL_WITH_PASSWORD.test(text) || QUERY_PASSWORD.test(text);
}
/** Command-line options whose value is a credential (Flower's `--basic-auth=user:pass`, `--password`, ...). */
const SECRET_OPTION = /^--?(?:basic[-_]auth|password|passwd|passphrase|secret|token|api[-_]key)(?:=(.*))?$/i;
const WHERE_INSTEAD = 'put it in the env file instead (app.env-file, by default shared/.env, which ssh-deploy brings with `shared: [.env]` and keel never renders or prints)';
/** Credentials in the spec's app.environment (see above). */
function environmentCredentials(environment) {
    const out = [];
    for (const [name, value] of Object.entries(environment)) {
        if (value === '')
            continue;
        const why = secretName(name)
            ? 'its name says it holds a secret'
            : hasUrlPassword(value)
                ? 'its value is a URL with a password in it'
                : undefined;
        if (why)
            out.push({
                field: `app.environment.${name}`,
                message: `${why}, and app.environment is written into the unit files (readable by every user on the host, and shown in render-config's diff) and committed with the spec: ${WHERE_INSTEAD}`,
            });
    }
    return out;
}
/** The first credential on a process's command line (split into words), if any (see above). */
function commandCredential(process, words) {
    for (let i = 0; i < words.length; i++) {
        const word = words[i];
        const option = SECRET_OPTION.exec(word);
        const value = option ? (option[1] ?? (words[i + 1]?.startsWith('-') ? '' : (words[i + 1] ?? ''))) : '';
        const why = option && value !== ''
            ? `gives ${word.split('=')[0]} a value on the command line`
            : hasUrlPassword(word)
                ? 'has a URL with a password in it'
                : undefined;
        if (why)
            return {
                field: `processes.${process}.command`,
                message: `${why}: a command line is written into the unit file and shown by ps to every user on the host, and committed with the spec; ${WHERE_INSTEAD}, where the program reads it (Flower: FLOWER_BASIC_AUTH; Celery: CELERY_BROKER_URL)`,
            };
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/appspec/flower.ts
/**
 * Flower (Celery's web monitor) as a process beside the app, as the runbooks run it (`celery -A shop flower`).
 *
 * Flower listens on every interface by default (port 5555) and, without authentication, anyone who reaches it
 * reads every task's arguments and results and can, through its API, revoke and terminate tasks, and shut
 * down or resize the workers' pools: remote control of the fleet. So a spec whose Flower would listen beyond
 * the loopback without an auth option is refused (an error, not a warning: keel would otherwise install
 * that exposure itself, and a warning in a deploy log is easily missed). Accepted: `--address=127.0.0.1` (or
 * another loopback address, `localhost`, or a unix socket: put it behind the proxy), or an auth option on the
 * command line (`--auth=...`; Flower takes `-` and `_` alike) or in the spec's `app.environment` (FLOWER_AUTH;
 * Flower reads FLOWER_<OPTION>). A `--conf` file keel cannot read: a warning says what to check. A password
 * (`--basic-auth=user:pass`, FLOWER_BASIC_AUTH) in the spec counts as auth here but is refused by
 * credentials.ts: it would sit in the unit file and in `ps`. Its place is the env file, which keel cannot read,
 * so Flower authenticated that way is bound to the loopback as well (the message says so).
 */
/** Flower's options as tornado parses them: `--name=value` (also `--name value`), `-` and `_` alike. */
function options(words) {
    const out = new Map();
    for (let i = 0; i < words.length; i++) {
        const m = /^--([A-Za-z][A-Za-z0-9_-]*)(?:=(.*))?$/.exec(words[i]);
        if (!m)
            continue;
        const name = m[1].replace(/-/g, '_').toLowerCase();
        const value = m[2] ?? (words[i + 1] && !words[i + 1].startsWith('-') ? words[i + 1] : '');
        out.set(name, value);
    }
    return out;
}
const base = (word) => word.slice(word.lastIndexOf('/') + 1);
/** Celery's subcommands: the first of them (or `flower`) after `celery` is what the command runs. */
const CELERY_COMMANDS = new Set('worker beat events inspect control status call purge result shell multi amqp migrate graph upgrade report list logtool flower'.split(' '));
/**
 * Whether a command line (split into words) runs Flower: `celery ... flower` (flower being celery's
 * subcommand, not a queue's name), `python -m flower`, `flower`.
 */
function isFlower(words) {
    if (base(words[0] ?? '') === 'flower')
        return true;
    if (words.some((w, i) => w === 'flower' && words[i - 1] === '-m'))
        return true;
    const celery = words.findIndex((w, i) => base(w) === 'celery' && (i === 0 || words[i - 1] === '-m'));
    if (celery < 0)
        return false;
    return words.slice(celery + 1).find((w) => CELERY_COMMANDS.has(w)) === 'flower';
}
/** A loopback listen address (or none reachable: a unix socket). */
function loopback(address) {
    const a = address.replace(/^\[|\]$/g, '').toLowerCase();
    return a === 'localhost' || a === '::1' || /^127(?:\.\d{1,3}){3}$/.test(a) || a === '::ffff:127.0.0.1';
}
/** Refuses a Flower that would listen beyond the loopback without authentication (see above). */
function flowerExposure(words, environment) {
    if (!isFlower(words))
        return {};
    const o = options(words);
    const env = (name) => (environment[name] ?? '') !== '';
    const auth = (o.get('basic_auth') ?? '') !== '' ||
        (o.get('auth') ?? '') !== '' ||
        env('FLOWER_BASIC_AUTH') ||
        env('FLOWER_AUTH');
    if (auth)
        return {};
    if (o.has('unix_socket') && o.get('unix_socket') !== '')
        return {};
    const address = o.get('address') ?? environment.FLOWER_ADDRESS ?? '';
    if (address !== '' && loopback(address))
        return {};
    const where = address === '' ? 'every interface (its default)' : JSON.stringify(address);
    if (o.has('conf'))
        return {
            warning: `runs Flower listening on ${where} with no auth option keel can see; check that ${JSON.stringify(o.get('conf'))} sets basic_auth or auth, or bind it to 127.0.0.1`,
        };
    return {
        error: `runs Flower listening on ${where} without authentication: anyone who reaches it reads every task's arguments and results and can revoke tasks and shut workers down. Bind it to the loopback (--address=127.0.0.1, behind the proxy) or give --basic-auth / --auth (better: FLOWER_BASIC_AUTH in the env file, with --address=127.0.0.1)`,
    };
}

// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 17 modules
var schemas = __webpack_require__(8816);
;// CONCATENATED MODULE: ./src/appspec/schema.ts
/**
 * The keel spec (e.g. deploy/keel.yml): one typed description of how a Gunicorn app is served, from which
 * render-config derives every file. Unknown fields are errors, so a typo never silently falls back to a default.
 */

const NAME = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/;
const ABS_PATH = /^\/(?!.*(?:^|\/)\.\.?(?:\/|$))[A-Za-z0-9._/@+-]*$/;
const DOMAIN = /^(?=.{1,253}$)(?:\*\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;
const SIZE = /^\d+[kmg]?$/;
const ROUTE = /^\/[A-Za-z0-9._~!$&'()+,;=:@%/-]*\*?$/;
const MODULE = /^[A-Za-z_][A-Za-z0-9_.]*(?::[A-Za-z_][A-Za-z0-9_]*(?:\(\))?)?$/;
const HEADER_VALUE = /^[\x20-\x7e]*$/;
const version = schemas/* string */.YjP().regex(/^\d{1,4}(\.\d{1,4}){0,2}$/, 'must be a version like 1.26 or 3.5.1');
const absPath = schemas/* string */.YjP()
    .regex(ABS_PATH, 'must be an absolute path without .. (letters, digits, . _ - / @ +)');
const size = schemas/* string */.YjP().regex(SIZE, 'must be a size like 512k, 10m or 1g');
const seconds = (min, max) => schemas/* number */.aig().int().min(min).max(max);
const headerValue = schemas/* string */.YjP().regex(HEADER_VALUE, 'must be printable ASCII on one line (no quotes needed)');
const routeSchema = schemas/* object */.Ikc({
    /** `/ai/*` (prefix), `/healthz` (exact), `/` (everything). */
    path: schemas/* string */.YjP().regex(ROUTE, 'must be a URL path starting with / (a trailing * makes it a prefix)'),
    /** Where it goes: the app, a static directory, or nowhere (404). */
    to: schemas/* enum */.k5n(['app', 'static', 'deny']).default('app'),
    /** For `to: static`: the directory (e.g. /srv/shop/current/static). */
    root: absPath.optional(),
    /** Proxy read/send timeout for this route, seconds (e.g. long AI calls). */
    timeout: seconds(1, 3600).optional(),
    /** Largest request body for this route. */
    'max-body': size.optional(),
    /** Log requests to this route (off for health probes). */
    log: schemas/* boolean */.zMY().default(true),
    /** Stream responses as they come (server-sent events, token streaming). */
    buffering: schemas/* boolean */.zMY().default(true),
})
    .strict();
/**
 * A long-running process beside the app (a Celery worker, Celery beat): a hardened systemd template unit
 * `<app>-<name>@.service`, run as `<app>-<name>@1.service` ... `@<instances>.service`, with the app's user,
 * env file and sandbox, in the live release with its venv first on PATH. ssh-deploy restarts every instance
 * after each switch (and after a rollback): SIGTERM to the main process, which finishes the tasks in flight
 * (Celery's warm shutdown) for up to `stop-timeout` seconds, then the new release starts.
 */
const processSchema = schemas/* object */.Ikc({
    /**
     * The command line, run WITHOUT a shell in the release directory: words split on spaces, '...' or "..."
     * quote a word; ; | & $ ` < > and backslashes are refused (put such things in a script in the release).
     * A program name without / is looked up on the PATH, the release's .venv/bin first.
     */
    command: schemas/* string */.YjP().max(4096, 'must be at most 4096 characters'),
    /** How many copies run on each host (`<app>-<name>@1` ... `@N`). */
    instances: schemas/* number */.aig().int().min(1).max(32).default(1),
    /** Seconds a warm shutdown may take (tasks in flight finish) before systemd kills what is left. */
    'stop-timeout': seconds(1, 3600).default(600),
    /** Exactly one in the fleet (Celery beat): it runs on one host only, `singleton-host` or the first host. */
    singleton: schemas/* boolean */.zMY().default(false),
    /**
     * The host a singleton runs on, as the deploy's hosts list spells it (no user@ or :port); absent: the
     * first host of the list. Checked against the hosts before any host is touched.
     */
    'singleton-host': schemas/* string */.YjP().max(253, 'must be at most 253 characters').optional(),
})
    .strict();
/** Input values as a workflow would give them: text, a number, a boolean, or a list (one item a line). */
const inputValue = schemas/* union */.KCZ([
    schemas/* string */.YjP().max(65536, 'must be at most 64 KiB'),
    schemas/* number */.aig(),
    schemas/* boolean */.zMY(),
    schemas/* array */.YOg(schemas/* union */.KCZ([
        schemas/* string */.YjP()
            .max(4096)
            .regex(/^[^\r\n]*$/, 'must be one line (a list item)'),
        schemas/* number */.aig(),
    ]))
        .max(1000),
]);
const inputValues = schemas/* record */.g1P(schemas/* string */.YjP().regex(/^[a-z][a-z0-9-]{0,63}$/, 'must be an input name (lower-case letters, digits and -)'), inputValue);
/**
 * The host firewall (ufw, what the runbooks use): incoming connections are refused except the SSH port keel
 * connects on (always open to everyone) and the rules in `allow`. Each rule is `PORT/PROTO` (`443/tcp`) or
 * `{ port: 443/tcp, from: [CIDR, ...] }`. The port and source texts are checked in load.ts (crossCheck), so a
 * bad one is named with its index.
 */
const firewallSchema = schemas/* object */.Ikc({
    /** false: keel leaves the host's firewall alone (nothing rendered or applied). */
    enabled: schemas/* boolean */.zMY().default(true),
    /** The port sshd listens on, the one keel connects on: always allowed from anywhere (tcp). */
    'ssh-port': schemas/* number */.aig().int().min(1).max(65535).default(22),
    allow: schemas/* array */.YOg(schemas/* union */.KCZ([
        schemas/* string */.YjP().max(64, 'must be at most 64 characters'),
        schemas/* number */.aig(),
        schemas/* object */.Ikc({
            port: schemas/* union */.KCZ([schemas/* string */.YjP().max(64, 'must be at most 64 characters'), schemas/* number */.aig()]),
            /** Source networks (CIDR like 203.0.113.0/24 or 2001:db8::/32, or one address). */
            from: schemas/* array */.YOg(schemas/* string */.YjP().max(64, 'must be at most 64 characters')).min(1).max(64),
        })
            .strict(),
    ]))
        .max(256, 'must be at most 256 rules')
        .default([]),
    /**
     * Seconds after which the host puts its previous rules back on its own unless a NEW SSH connection made
     * after the rules were applied has confirmed them (the lock-out guard).
     */
    'revert-after': seconds(15, 600).default(60),
})
    .strict();
const specSchema = schemas/* object */.Ikc({
    app: schemas/* object */.Ikc({
        name: schemas/* string */.YjP().regex(NAME, 'must be 2-32 lower-case letters, digits or -, starting with a letter'),
        /** The WSGI/ASGI target, e.g. `app:app` or `shop.wsgi:application`. */
        module: schemas/* string */.YjP().regex(MODULE, 'must be a Python module:variable like app:app'),
        /** Deploy path on the hosts: releases/, current, shared/. */
        path: absPath.refine((p) => p.split('/').filter(Boolean).length >= 2, 'must be at least two levels deep, e.g. /srv/shop'),
        user: schemas/* string */.YjP()
            .regex(/^[a-z_][a-z0-9_-]{0,31}$/, 'must be a valid user name')
            .optional(),
        group: schemas/* string */.YjP()
            .regex(/^[a-z_][a-z0-9_-]{0,31}$/, 'must be a valid group name')
            .optional(),
        /** The SSH user keel deploys as: render-config writes exactly the sudo rules it needs (sudoers/<app>-keel). */
        'deploy-user': schemas/* string */.YjP()
            .regex(/^[a-z_][a-z0-9_-]{0,31}$/, 'must be a valid user name')
            .default('deploy'),
        /** A Gunicorn binary, e.g. Debian's /usr/bin/gunicorn; default: `python -m gunicorn` of the release's .venv. */
        gunicorn: absPath.optional(),
        'env-file': absPath.optional(),
        environment: schemas/* record */.g1P(schemas/* string */.YjP().regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name'), 
        // Any text on one line (quotes, $, %, non-ASCII included): the unit file quotes it.
        schemas/* string */.YjP().regex(
        // eslint-disable-next-line no-control-regex -- refusing control characters is the point
        /^[^\x00-\x1f\x7f]*$/, 'must be one line of text (no newlines or other control characters)'))
            .default({}),
    })
        .strict(),
    gunicorn: schemas/* object */.Ikc({
        /** `unix` (a socket in /run/<app>/, the default) or `tcp` (loopback). */
        bind: schemas/* enum */.k5n(['unix', 'tcp']).default('unix'),
        port: schemas/* number */.aig().int().min(1024).max(65535).default(8000),
        /**
         * systemd holds the listening socket (<app>.socket): restarts queue connections instead of refusing them,
         * and the socket gets the proxy's group. Always on for `bind: unix`; optional for tcp.
         */
        'socket-activation': schemas/* boolean */.zMY().optional(),
        workers: schemas/* union */.KCZ([schemas/* literal */.euz('auto'), schemas/* number */.aig().int().min(1).max(256)]).default('auto'),
        'worker-class': schemas/* enum */.k5n(['sync', 'gthread', 'uvicorn.workers.UvicornWorker']).default('sync'),
        threads: schemas/* number */.aig().int().min(1).max(64).default(1),
        timeout: seconds(1, 3600).default(30),
        'graceful-timeout': seconds(1, 3600).default(30),
        keepalive: seconds(1, 300).default(5),
        'max-requests': schemas/* number */.aig().int().min(0).default(1000),
        'max-requests-jitter': schemas/* number */.aig().int().min(0).default(100),
        'preload-app': schemas/* boolean */.zMY().default(false),
        'limit-request-line': schemas/* number */.aig().int().min(0).max(8190).default(4094),
        'limit-request-fields': schemas/* number */.aig().int().min(0).max(32768).default(100),
        'limit-request-field-size': schemas/* number */.aig().int().min(0).default(8190),
        /** journald (stdout/stderr of the unit) or files under /var/log/<app>/ (then rotated by logrotate). */
        logs: schemas/* enum */.k5n(['journald', 'file']).default('journald'),
        'access-log': schemas/* boolean */.zMY().default(true),
        'access-log-format': schemas/* enum */.k5n(['combined', 'json']).default('combined'),
    })
        .strict()
        .prefault({}),
    systemd: schemas/* object */.Ikc({
        /** strict: the full sandbox (exposure <= 2.5 in systemd-analyze security); basic: fewer walls; off. */
        hardening: schemas/* enum */.k5n(['strict', 'basic', 'off']).default('strict'),
        /** Extra paths the service may write (the deploy path's shared/ is always writable). */
        'read-write-paths': schemas/* array */.YOg(absPath).default([]),
        'restart-sec': seconds(1, 600).default(2),
    })
        .strict()
        .prefault({}),
    proxy: schemas/* object */.Ikc({
        server: schemas/* enum */.k5n(['nginx', 'caddy']).default('nginx'),
        domains: schemas/* array */.YOg(schemas/* string */.YjP().regex(DOMAIN, 'must be a domain name like shop.example.com'))
            .min(1, 'needs at least one domain'),
        tls: schemas/* object */.Ikc({
            /** certbot (webroot, Let's Encrypt), caddy (its automatic HTTPS), files (cert/key paths you manage). */
            certificates: schemas/* enum */.k5n(['certbot', 'caddy', 'files']).optional(),
            cert: absPath.optional(),
            key: absPath.optional(),
            /** Mozilla server-side TLS 6.0: intermediate (TLS 1.2 + 1.3) or modern (TLS 1.3 only). */
            profile: schemas/* enum */.k5n(['intermediate', 'modern']).default('intermediate'),
            hsts: schemas/* object */.Ikc({
                'max-age': schemas/* number */.aig().int().min(0).default(63072000),
                'include-subdomains': schemas/* boolean */.zMY().default(true),
                preload: schemas/* boolean */.zMY().default(false),
            })
                .strict()
                .prefault({}),
            /** Only for CAs that still run OCSP (Let's Encrypt turned it off in 2025). */
            'ocsp-stapling': schemas/* boolean */.zMY().default(false),
        })
            .strict()
            .prefault({}),
        headers: schemas/* object */.Ikc({
            'content-security-policy': headerValue.default("default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'"),
            'referrer-policy': schemas/* enum */.k5n(['no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin'])
                .default('strict-origin-when-cross-origin'),
            'permissions-policy': headerValue.default('camera=(), microphone=(), geolocation=(), payment=()'),
            /**
             * Who may frame the pages: X-Frame-Options and the CSP's frame-ancestors say it together, derived
             * from whichever the spec gives (DENY = 'none', SAMEORIGIN = 'self'); default DENY.
             */
            'frame-options': schemas/* enum */.k5n(['DENY', 'SAMEORIGIN']).optional(),
            'cross-origin-opener-policy': schemas/* enum */.k5n(['same-origin', 'same-origin-allow-popups', 'unsafe-none'])
                .default('same-origin'),
            'cross-origin-resource-policy': schemas/* enum */.k5n(['same-origin', 'same-site', 'cross-origin'])
                .default('same-origin'),
            /**
             * Headers the app may set itself, per response (e.g. a CSP with nonces): the app's value wins and
             * the proxy sends the spec's only when the app sent none. Every other security header is the
             * spec's: the proxy drops the app's copy, so a response never carries two.
             */
            'from-app': schemas/* array */.YOg(schemas/* enum */.k5n([
                'content-security-policy',
                'x-frame-options',
                'referrer-policy',
                'permissions-policy',
                'cross-origin-opener-policy',
                'cross-origin-resource-policy',
            ]))
                .default([]),
        })
            .strict()
            .prefault({}),
        routes: schemas/* array */.YOg(routeSchema).default([]),
        /** What paths no route names get: the app (default) or 404. */
        'other-paths': schemas/* enum */.k5n(['app', 'deny']).default('app'),
        'max-body': size.default('10m'),
        /** Default proxy read/send timeout, seconds; defaults to gunicorn.timeout + 5, so Gunicorn answers first. */
        timeout: seconds(1, 3600).optional(),
        /** Compress static files (precompressed .gz/.zst files first) and, with compress-app, the app's responses. */
        gzip: schemas/* boolean */.zMY().default(true),
        /**
         * Compress the app's own responses too. Off by default: compressing a page that carries a secret (a
         * CSRF token, a session value) next to text an attacker can make the page reflect lets the attacker
         * read the secret from the compressed size (BREACH). Turn it on when the app's responses carry no
         * secrets, or when it masks them per response (Django does for its CSRF token).
         */
        'compress-app': schemas/* boolean */.zMY().default(false),
        /**
         * Add the cookie flags the app left out (Secure, HttpOnly, SameSite=Lax) to every Set-Cookie from the
         * app. Off by default: it also covers cookies the app's JavaScript must read.
         */
        'cookie-flags': schemas/* boolean */.zMY().default(false),
        /**
         * keel's catch-all server for names no site serves: unknown SNI fails the TLS handshake, unknown Host and
         * plain HTTP for other names get the connection closed, never the app or a redirect. On Nginx it is also
         * the server the TLS protocol versions come from. Turn off only when another site on the host is
         * the default server on purpose.
         */
        'default-server': schemas/* boolean */.zMY().default(true),
        /**
         * The proxy software on the hosts, so the files use what it supports (like Mozilla's configuration
         * generator): `http2 on;` from Nginx 1.25.1, the X25519MLKEM768 key exchange from OpenSSL 3.5 and Caddy
         * 2.10. Defaults: Debian 12's. ssh-deploy warns when a host runs newer versions than these.
         */
        versions: schemas/* object */.Ikc({
            nginx: version.default('1.22'),
            openssl: version.default('3.0'),
            caddy: version.default('2.6'),
        })
            .strict()
            .prefault({}),
        'upstream-keepalive': schemas/* number */.aig().int().min(0).max(1024).default(16),
        /** nginx only: where certbot's webroot challenges live. */
        'acme-webroot': absPath.default('/var/www/letsencrypt'),
        /** Email for the ACME account (caddy). */
        email: schemas/* email */.Rpp().optional(),
    })
        .strict(),
    health: schemas/* object */.Ikc({
        liveness: schemas/* string */.YjP().regex(ROUTE).default('/healthz'),
        readiness: schemas/* string */.YjP().regex(ROUTE).default('/readyz'),
        version: schemas/* string */.YjP().regex(ROUTE).default('/version'),
    })
        .strict()
        .prefault({}),
    /**
     * What runs the app and the processes beside it: systemd units (the default), or supervisor programs
     * (`/etc/supervisor/conf.d/<app>*.conf`, installed with `supervisorctl reread` + `update`). What only
     * systemd can do is refused with supervisor, naming the field (src/appspec/process-manager.ts).
     */
    'process-manager': schemas/* enum */.k5n(['systemd', 'supervisor']).default('systemd'),
    /** Processes beside the app, by name (`worker`, `beat`): see processSchema. */
    processes: schemas/* record */.g1P(schemas/* string */.YjP().regex(NAME, 'must be 2-32 lower-case letters, digits or -, starting with a letter'), processSchema)
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
    alerts: schemas/* object */.Ikc({
        '5xx-ratio': schemas/* number */.aig().min(0).max(1).default(0.05),
        'latency-p95-seconds': schemas/* number */.aig().positive().default(1),
        'cert-days': schemas/* number */.aig().int().min(1).default(14),
        'restarts-per-hour': schemas/* number */.aig().int().min(1).default(3),
    })
        .strict()
        .prefault({}),
})
    .strict();

;// CONCATENATED MODULE: ./src/appspec/load.ts
/**
 * Reading a spec: YAML text → schema (zod) → cross-file consistency checks. Every problem names its field
 * (`proxy.routes[1].path`), and all of them are reported at once; warnings are returned for the summary.
 */











class SpecError extends errors/* InputError */.dz {
    specProblems;
    file;
    constructor(specProblems, file) {
        super(specProblems, 'spec field');
        this.specProblems = specProblems;
        this.file = file;
        this.name = 'SpecError';
    }
}
/** A path as the spec (or any JSON document) names it: `proxy.routes[1].path`. */
function fieldName(path) {
    return path.reduce((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc === '' ? String(k) : `${acc}.${String(k)}`), '');
}
const EXPECTED = {
    number: 'a number',
    int: 'a whole number',
    string: 'text',
    boolean: 'true or false',
    array: 'a list',
    object: 'a mapping (field: value)',
};
/** What the spec holds at a path (before defaults), for saying what was found instead. */
function valueAt(raw, path) {
    let cur = raw;
    for (const k of path) {
        if (cur === null || typeof cur !== 'object')
            return undefined;
        cur = cur[k];
    }
    return cur;
}
function describeFound(value, secret) {
    if (value === null)
        return 'an empty value';
    if (Array.isArray(value))
        return 'a list';
    if (typeof value === 'object')
        return 'a mapping';
    // Environment values may be secrets: only their type is named.
    if (secret)
        return typeof value === 'string' ? 'text' : typeof value === 'number' ? 'a number' : 'true or false';
    if (typeof value === 'string') {
        const shown = value.length > 40 ? `${value.slice(0, 40)}...` : value;
        return `the text ${JSON.stringify(shown)}`;
    }
    return `${typeof value === 'number' ? 'the number ' : ''}${String(value)}`;
}
/** Expectations of a type or union issue, in words: `a whole number`, `auto`. */
function expectations(issue) {
    if (issue.code === 'invalid_type')
        return [EXPECTED[issue.expected] ?? issue.expected];
    if (issue.code === 'invalid_value' && 'values' in issue)
        return issue.values.map((v) => String(v));
    if (issue.code === 'invalid_union')
        return issue.errors.flatMap((e) => e.flatMap(expectations));
    return [];
}
function issueMessage(issue, raw) {
    if (issue.code === 'unrecognized_keys') {
        return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
    }
    // A map's key that breaks its rule (a process name): the rule's own message.
    if (issue.code === 'invalid_key')
        return issue.issues[0]?.message ?? issue.message;
    const found = valueAt(raw, issue.path);
    const secret = issue.path[0] === 'app' && issue.path[1] === 'environment';
    if (issue.code === 'invalid_type' || issue.code === 'invalid_union') {
        if (found === undefined)
            return 'is required';
        const want = [...new Set(expectations(issue))];
        const numeric = typeof found === 'string' &&
            found.trim() !== '' &&
            !Number.isNaN(Number(found)) &&
            want.some((w) => /number/.test(w));
        return (`must be ${want.join(' or ') || 'something else'}, not ${describeFound(found, secret)}` +
            (numeric ? ' (write it without quotes)' : ''));
    }
    if (issue.code === 'invalid_value' && 'values' in issue) {
        return `must be one of: ${issue.values.map((v) => String(v)).join(', ')}, not ${describeFound(found, secret)}`;
    }
    return issue.message;
}
/** Gunicorn: the bind and socket activation, worker recycling, worker class and threads, timeouts against the routes'. */
function gunicornProblems(spec, rawGunicorn, out) {
    const { errors, warnings } = out;
    const g = spec.gunicorn;
    if (g.bind === 'unix' && rawGunicorn.port !== undefined) {
        errors.push({
            field: 'gunicorn.port',
            message: 'is only for bind: tcp (bind: unix uses a socket in /run/<app>/)',
        });
    }
    if (g.bind === 'unix' && g['socket-activation'] === false) {
        errors.push({
            field: 'gunicorn.socket-activation',
            message: 'bind: unix needs the socket unit (it gives the socket to the proxy group without adding users to groups); use bind: tcp to run without socket activation',
        });
    }
    if (g['max-requests-jitter'] > g['max-requests']) {
        errors.push({
            field: 'gunicorn.max-requests-jitter',
            message: `must not exceed max-requests (${g['max-requests']})`,
        });
    }
    if (g['worker-class'] === 'sync' && g.threads > 1) {
        warnings.push({
            field: 'gunicorn.threads',
            message: 'with worker-class sync, threads > 1 makes Gunicorn use gthread workers',
        });
    }
    if (g['worker-class'] === 'gthread' && g.threads === 1) {
        warnings.push({
            field: 'gunicorn.threads',
            message: 'gthread workers with 1 thread behave like sync workers',
        });
    }
    if (g['preload-app']) {
        warnings.push({
            field: 'gunicorn.preload-app',
            message: 'with preload-app, a HUP reload keeps the old code: reload-graceful will restart through the socket instead',
        });
    }
    const timeouts = [g.timeout, ...spec.proxy.routes.map((r) => r.timeout ?? 0)];
    if (Math.max(...timeouts) > g.timeout) {
        errors.push({
            field: 'gunicorn.timeout',
            message: `is ${g.timeout}s but a route allows ${Math.max(...timeouts)}s: Gunicorn would kill the worker first; raise gunicorn.timeout`,
        });
    }
}
/** TLS and certificates: the certificate mode against the proxy, files, wildcard domains, HSTS, OCSP. */
function tlsProblems(spec, out) {
    const { errors, warnings } = out;
    const tls = spec.proxy.tls;
    const mode = tls.certificates ?? (spec.proxy.server === 'caddy' ? 'caddy' : 'certbot');
    if (mode === 'caddy' && spec.proxy.server !== 'caddy') {
        errors.push({
            field: 'proxy.tls.certificates',
            message: "'caddy' needs proxy.server: caddy (use certbot or files with nginx)",
        });
    }
    if (mode === 'files' && (!tls.cert || !tls.key)) {
        errors.push({
            field: tls.cert ? 'proxy.tls.key' : 'proxy.tls.cert',
            message: 'is required with certificates: files',
        });
    }
    if (mode !== 'files' && (tls.cert || tls.key)) {
        errors.push({
            field: tls.cert ? 'proxy.tls.cert' : 'proxy.tls.key',
            message: 'is only used with certificates: files',
        });
    }
    if (mode === 'certbot' && spec.proxy.domains.some((d) => d.startsWith('*.'))) {
        errors.push({
            field: 'proxy.domains',
            message: 'wildcard domains need a DNS challenge; certbot webroot cannot issue them',
        });
    }
    if (tls.hsts.preload && (!tls.hsts['include-subdomains'] || tls.hsts['max-age'] < 31536000)) {
        errors.push({
            field: 'proxy.tls.hsts.preload',
            message: 'needs include-subdomains: true and max-age >= 31536000 (the preload list requires both)',
        });
    }
    if (tls.hsts['max-age'] < 15552000) {
        warnings.push({
            field: 'proxy.tls.hsts.max-age',
            message: 'below 180 days: scanners mark it down (2 years is recommended)',
        });
    }
    if (tls['ocsp-stapling'] && mode === 'certbot') {
        warnings.push({
            field: 'proxy.tls.ocsp-stapling',
            message: "Let's Encrypt turned OCSP off in 2025: stapling does nothing for its certificates",
        });
    }
}
/** Framing: X-Frame-Options and the CSP's frame-ancestors must say the same thing. */
function framingProblems(spec, out) {
    const { errors, warnings } = out;
    const headers = spec.proxy.headers;
    const ancestors = (0,render_headers/* frameAncestors */.cL)(headers['content-security-policy']);
    if (headers['frame-options'] && ancestors !== undefined) {
        const said = (0,render_headers/* frameOptionsFor */.Jt)(ancestors);
        if (said !== headers['frame-options'])
            errors.push({
                field: 'proxy.headers.frame-options',
                message: `${headers['frame-options']} contradicts frame-ancestors ${ancestors} in proxy.headers.content-security-policy: give one of them (keel derives the other)`,
            });
    }
    if (ancestors !== undefined &&
        (0,render_headers/* frameOptionsFor */.Jt)(ancestors) === undefined &&
        !headers['from-app'].includes('x-frame-options'))
        warnings.push({
            field: 'proxy.headers.content-security-policy',
            message: `frame-ancestors ${ancestors} cannot be said with X-Frame-Options (only 'none' and 'self' can): browsers without CSP level 2 get no framing protection`,
        });
}
/** The proxy: its version, the default server under the modern profile, each domain once. */
function proxyProblems(spec, out) {
    const { errors, warnings } = out;
    const tls = spec.proxy.tls;
    const v = spec.proxy.versions;
    if (spec.proxy.server === 'nginx' && !(0,versions/* versionAtLeast */.zy)(v.nginx, '1.19.4'))
        errors.push({
            field: 'proxy.versions.nginx',
            message: `is ${v.nginx}; keel's sites need Nginx 1.19.4 or newer (ssl_reject_handshake, proxy_cookie_flags)`,
        });
    if (spec.proxy.server === 'nginx' && tls.profile === 'modern' && !spec.proxy['default-server'])
        warnings.push({
            field: 'proxy.default-server',
            message: "is off: Nginx takes the TLS protocol versions from the default server on :443, so the modern profile's TLS 1.3-only holds only if that server allows no more (keel still limits TLS 1.2 to the profile's AEAD suites)",
        });
    const dupDomains = spec.proxy.domains.filter((d, i, all) => all.indexOf(d) !== i);
    if (dupDomains.length)
        errors.push({ field: 'proxy.domains', message: `lists ${dupDomains.join(', ')} twice` });
}
/** Routes: each path once, static routes with a root, app-only settings, * only at the end, probes to the app. */
function routeProblems(spec, out) {
    const { errors } = out;
    const seen = new Map();
    spec.proxy.routes.forEach((r, i) => {
        const f = `proxy.routes[${i}]`;
        if (seen.has(r.path))
            errors.push({
                field: `${f}.path`,
                message: `${r.path} is already routed by proxy.routes[${seen.get(r.path)}]`,
            });
        seen.set(r.path, i);
        if (r.to === 'static' && !r.root)
            errors.push({ field: `${f}.root`, message: 'is required for to: static' });
        if (r.to !== 'static' && r.root)
            errors.push({ field: `${f}.root`, message: 'is only used with to: static' });
        if (r.to !== 'app' && (r.timeout !== undefined || !r.buffering)) {
            errors.push({
                field: `${f}.${r.timeout !== undefined ? 'timeout' : 'buffering'}`,
                message: `only applies to routes that go to the app`,
            });
        }
        if (r.path.includes('*') && !r.path.endsWith('/*')) {
            errors.push({ field: `${f}.path`, message: 'a * is only allowed at the end, after a / (e.g. /ai/*)' });
        }
        for (const [what, p] of Object.entries(spec.health)) {
            if (r.path === p && r.to !== 'app') {
                errors.push({
                    field: `${f}.to`,
                    message: `${p} is the ${what} probe path (health.${what}); it must go to the app`,
                });
            }
        }
    });
}
/** Processes: a command keel can run without a shell; a singleton is one process. */
function processProblems(spec, out) {
    const { errors, warnings } = out;
    for (const [name, p] of Object.entries(spec.processes)) {
        const f = `processes.${name}`;
        try {
            const words = (0,command/* splitCommand */.G)(p.command);
            // A credential on the command line is refused (src/appspec/credentials.ts says why).
            const credential = commandCredential(name, words);
            if (credential)
                errors.push(credential);
            // Flower reachable without authentication is refused (src/appspec/flower.ts says why).
            const flower = flowerExposure(words, spec.app.environment);
            if (flower.error)
                errors.push({ field: `${f}.command`, message: flower.error });
            if (flower.warning)
                warnings.push({ field: `${f}.command`, message: flower.warning });
        }
        catch (e) {
            if (!(e instanceof command/* CommandError */.Q))
                throw e;
            errors.push({ field: `${f}.command`, message: e.message });
        }
        const at = p['singleton-host'];
        if (at !== undefined && !p.singleton)
            errors.push({
                field: `${f}.singleton-host`,
                message: `names a host (${JSON.stringify(at)}) but only a singleton runs on one host: add singleton: true or drop singleton-host`,
            });
        else if (at !== undefined && !isBareHost(at))
            errors.push({
                field: `${f}.singleton-host`,
                message: `${JSON.stringify(at)} is not a host name or IP address as the hosts list names a host (no user@, :port or brackets)`,
            });
        if (p.singleton && p.instances > 1)
            errors.push({
                field: `${f}.instances`,
                message: `is ${p.instances} but singleton: true runs exactly one (drop instances or singleton)`,
            });
    }
}
/** Checks the parts of a spec that no single field can: how the files will have to agree with each other. */
function crossCheck(spec, raw) {
    const out = { errors: [], warnings: [] };
    gunicornProblems(spec, (raw.gunicorn ?? {}), out);
    tlsProblems(spec, out);
    framingProblems(spec, out);
    proxyProblems(spec, out);
    routeProblems(spec, out);
    processProblems(spec, out);
    // A credential in app.environment ends up in world-readable unit files: refused, pointing to the env file.
    out.errors.push(...environmentCredentials(spec.app.environment));
    // Firewall: ports, protocols and sources that parse, each port once, SSH never narrowed.
    if (spec.firewall)
        out.errors.push(...(0,firewall/* firewallRules */.k3)(spec.firewall).problems);
    // supervisor as the process manager: what only systemd can do is refused, naming the field.
    const pm = processManagerProblems(spec, raw);
    out.errors.push(...pm.errors);
    out.warnings.push(...pm.warnings);
    return out;
}
function lineOf(doc, counter, path) {
    for (let n = path.length; n > 0; n--) {
        // A mapping's field is on its key's line (its value may start on the next one: a nested mapping).
        const parent = n > 1 ? doc.getIn(path.slice(0, n - 1), true) : doc.contents;
        if ((0,dist/* isMap */.jh)(parent)) {
            const pair = parent.items.find((it) => it.key?.value === path[n - 1]);
            const keyNode = pair?.key;
            if (keyNode?.range)
                return counter.linePos(keyNode.range[0]).line;
        }
        const node = doc.getIn(path.slice(0, n), true);
        if (node && node.range)
            return counter.linePos(node.range[0]).line;
    }
    return undefined;
}
/** The path of the mapping key or sequence item at `offset` in the YAML text ([] when none). */
function pathAt(node, offset, path = []) {
    const inside = (n) => {
        const r = n?.range;
        return r !== undefined && offset >= r[0] && offset < r[2];
    };
    if ((0,dist/* isMap */.jh)(node)) {
        for (const item of node.items) {
            const key = item.key?.value;
            if (inside(item.key))
                return [...path, String(key)];
            if (inside(item.value))
                return pathAt(item.value, offset, [...path, String(key)]);
        }
    }
    else if ((0,dist/* isSeq */.oP)(node)) {
        for (const [i, item] of node.items.entries())
            if (inside(item))
                return pathAt(item, offset, [...path, i]);
    }
    return path;
}
/**
 * Parses a spec from YAML text (and input overrides already merged in); throws SpecError with every problem.
 * `check` adds problems of a caller's own (e.g. keys of `deploy:` that are no action's inputs), with lines.
 */
function loadSpec(text, file = 'keel.yml', overrides = {}, check = () => []) {
    const counter = new dist/* LineCounter */.HN();
    const doc = (0,dist/* parseDocument */.Tp)(text, { lineCounter: counter, prettyErrors: true, uniqueKeys: true });
    if (doc.errors.length > 0) {
        throw new SpecError(doc.errors.map((e) => ({
            // A duplicate key names its field; other YAML errors have none.
            field: (e.code === 'DUPLICATE_KEY' && fieldName(pathAt(doc.contents, e.pos[0]))) || '(yaml)',
            message: e.code === 'DUPLICATE_KEY' ? 'is given twice' : e.message.split('\n')[0],
            line: e.linePos?.[0]?.line,
        })), file);
    }
    const raw = doc.toJS();
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
        throw new SpecError([{ field: '(root)', message: 'the spec must be a YAML mapping with app:, proxy:, ... at the top' }], file);
    }
    for (const [path, value] of Object.entries(overrides))
        setPath(raw, path.split('.'), value);
    const parsed = specSchema.safeParse(raw);
    if (!parsed.success) {
        const problems = parsed.error.issues.map((issue) => {
            const path = issue.code === 'unrecognized_keys' && issue.keys.length === 1
                ? [...issue.path, issue.keys[0]]
                : issue.path;
            return {
                field: fieldName(issue.code === 'unrecognized_keys' ? path : issue.path) || '(root)',
                message: issueMessage(issue, raw),
                line: lineOf(doc, counter, path),
            };
        });
        throw new SpecError(problems, file);
    }
    const { errors, warnings } = crossCheck(parsed.data, raw);
    errors.push(...check(parsed.data));
    const withLines = (ps) => ps.map((p) => ({ ...p, line: lineOf(doc, counter, parseField(p.field)) }));
    if (errors.length > 0)
        throw new SpecError(withLines(errors), file);
    return { spec: parsed.data, warnings: withLines(warnings) };
}
function parseField(field) {
    const out = [];
    for (const m of field.matchAll(/([^.[\]]+)|\[(\d+)\]/g))
        out.push(m[2] !== undefined ? Number(m[2]) : m[1]);
    return out;
}
function setPath(obj, path, value) {
    let cur = obj;
    path.slice(0, -1).forEach((k) => {
        if (typeof cur[k] !== 'object' || cur[k] === null)
            cur[k] = {};
        cur = cur[k];
    });
    cur[path[path.length - 1]] = value;
}
/** A host alone, as an endpoint is named from the hosts list: a name or IPv4 address, or a bare IPv6 address. */
function isBareHost(text) {
    const parsed = (0,hosts/* parseHostAddress */.un)(text.includes(':') ? `[${text}]` : text);
    return typeof parsed !== 'string' && parsed.host === text && parsed.user === undefined;
}


/***/ }),

/***/ 6593:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BY: () => (/* binding */ endpointsFrom),
/* harmony export */   un: () => (/* binding */ parseHostAddress)
/* harmony export */ });
/* unused harmony export trustFor */
/* harmony import */ var _remote_hostkeys_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2838);

const HOSTNAME = /^(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const IPV6 = /^[0-9A-Fa-f:.]+$/;
const USER = /^[a-z_][a-z0-9_.-]{0,31}$/i;
/** Parses `[user@]host[:port]` (IPv6 as `[addr]:port`). Returns an error text instead of throwing. */
function parseHostAddress(text) {
    const m = /^(?:([^@\s]+)@)?(?:\[([^\]]+)\]|([^:\s]+))(?::(\d+))?$/.exec(text.trim());
    if (!m)
        return `${JSON.stringify(text)} is not of the form [user@]host[:port]`;
    const [, user, v6, name, portText] = m;
    const host = (v6 ?? name);
    if (v6 !== undefined ? !(IPV6.test(v6) && v6.includes(':')) : !(IPV4.test(host) || HOSTNAME.test(host))) {
        return `${JSON.stringify(host)} is not a host name or IP address`;
    }
    if (user !== undefined && !USER.test(user))
        return `${JSON.stringify(user)} is not a valid user name`;
    const port = portText === undefined ? 22 : Number(portText);
    if (!(port >= 1 && port <= 65535))
        return `port ${portText} is out of range (1-65535)`;
    return { host, port, user };
}
function trustFor(host, port, inputs, problems) {
    const notes = [];
    const keys = inputs.knownHosts ? (0,_remote_hostkeys_js__WEBPACK_IMPORTED_MODULE_0__/* .knownHostKeys */ ._d)(inputs.knownHosts, host, port, notes) : [];
    for (const n of new Set(notes))
        problems.push({ field: 'known-hosts', message: n });
    const fingerprints = [];
    for (const line of inputs.fingerprints) {
        const parts = line.split(/\s+/);
        const [scope, value] = parts.length >= 2 ? [parts[0], parts[parts.length - 1]] : [undefined, parts[0]];
        const fp = (0,_remote_hostkeys_js__WEBPACK_IMPORTED_MODULE_0__/* .normaliseFingerprint */ .Zd)(value ?? '');
        if (!fp) {
            problems.push({
                field: 'host-fingerprints',
                message: `${JSON.stringify(line)} is not a SHA256 fingerprint (SHA256:<43 base64 characters>)`,
            });
            continue;
        }
        if (scope === undefined ||
            scope === host ||
            scope === `${host}:${port}` ||
            scope === `[${host}]:${port}`) {
            fingerprints.push(fp);
        }
    }
    return { keys, fingerprints, trustOnFirstUse: inputs.trustOnFirstUse };
}
/** Builds verified endpoints for every listed host, collecting problems instead of stopping at the first. */
function endpointsFrom(list, defaults, trust, field, problems) {
    const out = [];
    for (const item of list) {
        const parsed = parseHostAddress(item);
        if (typeof parsed === 'string') {
            problems.push({ field, message: parsed });
            continue;
        }
        const user = parsed.user ?? defaults.user;
        if (!user) {
            problems.push({ field, message: `no user for ${parsed.host}: give 'user' or write user@host` });
            continue;
        }
        if (!USER.test(user)) {
            problems.push({ field: 'user', message: `${JSON.stringify(user)} is not a valid user name` });
            continue;
        }
        const port = item.match(/:\d+$/) ? parsed.port : defaults.port;
        const hostTrust = trustFor(parsed.host, port, trust, problems);
        out.push({ name: parsed.host, host: parsed.host, port, user, trust: hostTrust });
    }
    return out;
}


/***/ }),

/***/ 9386:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   IO: () => (/* binding */ describeRule),
/* harmony export */   Mg: () => (/* binding */ firewallPlan),
/* harmony export */   O3: () => (/* binding */ renderFirewallScript),
/* harmony export */   k3: () => (/* binding */ firewallRules)
/* harmony export */ });
/* unused harmony exports FirewallRuleError, parsePort, parseSource, firewallScriptPath, ufwCommands */
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_net__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _remote_quote_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4414);
/**
 * The host firewall (spec `firewall:`) as ufw commands (pure). render-config renders one root-owned script,
 * `/usr/local/sbin/keel-<app>-firewall`, holding exactly the rules; ssh-deploy runs its verbs through sudo
 * (one sudo rule per verb, no ufw arguments of its own) and proves a new SSH connection before it confirms
 * (src/releases/firewall.ts):
 *
 *   apply    save ufw's current state, arm the automatic revert (a transient systemd timer, in
 *            `revert-after` seconds), then replace ufw's user rules with these and enable ufw
 *   confirm  a new SSH connection worked: stop the timer, record a fingerprint of what is applied
 *   revert   put the saved state back (the timer runs this when no confirm comes)
 *   status   current | pending | reverted | changed
 *
 * The spec's rules are ufw's whole user rule set: rules added by hand (`ufw allow ...`) are replaced.
 */


class FirewallRuleError extends Error {
    sub;
    constructor(
    /** The field below `firewall.allow[i]` (`.port`, `.from[1]`), or '' for the rule itself. */
    sub, message) {
        super(message);
        this.sub = sub;
    }
}
/** `443/tcp` → port and protocol, or a FirewallRuleError saying what is wrong. */
function parsePort(text, sub = '') {
    if (typeof text === 'number')
        throw new FirewallRuleError(sub, `needs a protocol: write ${Number.isInteger(text) ? text : 'PORT'}/tcp or ${Number.isInteger(text) ? text : 'PORT'}/udp`);
    const shown = JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}...` : text);
    const m = /^([0-9]+)\/([A-Za-z0-9]*)$/.exec(text);
    if (!m) {
        if (/^[0-9]+$/.test(text))
            throw new FirewallRuleError(sub, `needs a protocol: write ${text}/tcp or ${text}/udp`);
        throw new FirewallRuleError(sub, `must be PORT/PROTOCOL like 443/tcp, not ${shown}`);
    }
    const [, digits, proto] = m;
    const port = Number(digits);
    if (!/^[1-9][0-9]{0,4}$/.test(digits) || port > 65535)
        throw new FirewallRuleError(sub, `port must be a number from 1 to 65535, not ${digits}`);
    if (proto !== 'tcp' && proto !== 'udp')
        throw new FirewallRuleError(sub, `protocol must be tcp or udp, not ${JSON.stringify(proto)}`);
    return { port, proto };
}
/** `10.0.0.0/8`, `2001:db8::/32` or one address → the network in ufw's words; throws on anything else. */
function parseSource(text, sub) {
    const shown = JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}...` : text);
    const slash = text.indexOf('/');
    const address = slash < 0 ? text : text.slice(0, slash);
    const prefixText = slash < 0 ? undefined : text.slice(slash + 1);
    const family = (0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIP)(address);
    // isIP accepts IPv6 zone ids (fe80::1%eth0); a firewall source cannot use one.
    if (family === 0 || address.includes('%'))
        throw new FirewallRuleError(sub, `must be a network like 203.0.113.0/24 or 2001:db8::/32 (or one address), not ${shown}`);
    const bits = family === 4 ? 32 : 128;
    if (prefixText !== undefined && !/^(0|[1-9][0-9]{0,2})$/.test(prefixText))
        throw new FirewallRuleError(sub, `has a bad prefix length in ${shown} (0 to ${bits})`);
    const prefix = prefixText === undefined ? bits : Number(prefixText);
    if (prefix > bits)
        throw new FirewallRuleError(sub, `has prefix /${prefix} but IPv${family} has ${bits} bits`);
    if (prefix === 0)
        throw new FirewallRuleError(sub, `is /0, everyone: leave out from: to open the port to everyone`);
    const value = family === 4 ? v4(address) : v6(address);
    const mask = prefix === bits ? 0n : (1n << BigInt(bits - prefix)) - 1n;
    if ((value & mask) !== 0n) {
        const network = value & ~mask & ((1n << BigInt(bits)) - 1n);
        throw new FirewallRuleError(sub, `${shown} has host bits set: the network is ${family === 4 ? show4(network) : show6(network)}/${prefix}`);
    }
    const canonical = family === 4 ? show4(value) : show6(value);
    return prefix === bits ? canonical : `${canonical}/${prefix}`;
}
function v4(a) {
    return a.split('.').reduce((n, part) => (n << 8n) | BigInt(Number(part)), 0n);
}
function show4(n) {
    return [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 255n)).join('.');
}
function v6(a) {
    let text = a;
    // An embedded IPv4 tail (::ffff:192.0.2.1) as two groups.
    const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
    if (tail) {
        const n = v4(tail[1]);
        text = `${text.slice(0, -tail[1].length)}${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
    }
    const [head, rest] = text.includes('::') ? text.split('::') : [text, undefined];
    const h = head ? head.split(':') : [];
    const r = rest === undefined ? [] : rest ? rest.split(':') : [];
    const groups = rest === undefined ? h : [...h, ...Array(8 - h.length - r.length).fill('0'), ...r];
    return groups.reduce((n, g) => (n << 16n) | BigInt(parseInt(g, 16)), 0n);
}
function show6(n) {
    const groups = Array.from({ length: 8 }, (_, i) => Number((n >> BigInt(112 - i * 16)) & 0xffffn));
    // The longest run of zero groups (two or more) becomes :: (RFC 5952).
    let best = -1;
    let len = 0;
    for (let i = 0; i < 8;) {
        let j = i;
        while (j < 8 && groups[j] === 0)
            j++;
        if (j - i > len && j - i > 1) {
            best = i;
            len = j - i;
        }
        i = j === i ? i + 1 : j;
    }
    const hex = groups.map((g) => g.toString(16));
    if (best < 0)
        return hex.join(':');
    return `${hex.slice(0, best).join(':')}::${hex.slice(best + len).join(':')}`;
}
/**
 * The spec's rules, checked and normalised, SSH first. Problems are returned with their field (all of them,
 * so the spec's author sees every one at once).
 */
function firewallRules(f) {
    const problems = [];
    const ssh = { port: f['ssh-port'], proto: 'tcp', from: [] };
    const rules = [ssh];
    const seen = new Map();
    f.allow.forEach((entry, i) => {
        const field = `firewall.allow[${i}]`;
        try {
            const obj = typeof entry === 'object' ? entry : undefined;
            const { port, proto } = parsePort(typeof entry === 'object' ? entry.port : entry, obj ? '.port' : '');
            const from = [];
            obj?.from.forEach((s, j) => {
                try {
                    from.push(parseSource(s, `.from[${j}]`));
                }
                catch (e) {
                    if (!(e instanceof FirewallRuleError))
                        throw e;
                    problems.push({ field: `${field}${e.sub}`, message: e.message });
                }
            });
            if (obj && from.length !== obj.from.length)
                return;
            const dupSource = from.find((s, j) => from.indexOf(s) !== j);
            if (dupSource)
                throw new FirewallRuleError('.from', `lists ${dupSource} twice`);
            if (port === ssh.port && proto === 'tcp') {
                // The runbooks' `ufw allow 22` is what keel does anyway; limiting SSH to sources would lock keel out.
                if (from.length > 0)
                    throw new FirewallRuleError('.from', `limits ${port}/tcp, the SSH port keel connects on (firewall.ssh-port), to some sources: keel keeps it open to everyone so a deploy can never lock itself out; drop this rule (or change ssh-port)`);
                return;
            }
            const key = `${port}/${proto}`;
            const before = seen.get(key);
            if (before !== undefined)
                throw new FirewallRuleError('', before.from.length === 0 || from.length === 0
                    ? `${key} is already allowed by firewall.allow[${before.index}]${before.from.length === 0 ? ' (from everyone)' : ''}: give each port once`
                    : `${key} is already allowed by firewall.allow[${before.index}]: list all its sources in one rule`);
            seen.set(key, { index: i, from });
            rules.push({ port, proto, from });
        }
        catch (e) {
            if (!(e instanceof FirewallRuleError))
                throw e;
            problems.push({ field: `${field}${e.sub}`, message: e.message });
        }
    });
    return { rules, problems };
}
function firewallScriptPath(app) {
    return `/usr/local/sbin/keel-${app}-firewall`;
}
/** The plan for ssh-deploy (undefined: keel leaves the firewall alone). Needs a spec load.ts has checked. */
function firewallPlan(r) {
    const f = r.spec.firewall;
    if (!f || !f.enabled)
        return undefined;
    const { rules, problems } = firewallRules(f);
    if (problems.length)
        throw new Error(`firewall: ${problems[0].field} ${problems[0].message}`);
    return {
        script: firewallScriptPath(r.name),
        sshPort: f['ssh-port'],
        revertAfter: f['revert-after'],
        rules,
    };
}
/** One rule as the ufw command lines that add it (one per source). */
function ufwCommands(app, rule, what) {
    const comment = (0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(`keel ${app}: ${what}`);
    if (rule.from.length === 0)
        return [`ufw allow ${rule.port}/${rule.proto} comment ${comment}`];
    return rule.from.map((s) => `ufw allow proto ${rule.proto} from ${(0,_remote_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(s)} to any port ${rule.port} comment ${comment}`);
}
/** `22/tcp`, `443/tcp from 10.0.0.0/8, 192.0.2.1`: a rule in words (summary, logs). */
function describeRule(rule) {
    return `${rule.port}/${rule.proto}${rule.from.length ? ` from ${rule.from.join(', ')}` : ''}`;
}
function renderFirewallScript(r, plan) {
    const q = _remote_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD;
    const state = `/var/lib/keel/firewall/${r.name}`;
    const unit = `keel-${r.name}-firewall-revert`;
    const rules = plan.rules.flatMap((rule, i) => ufwCommands(r.name, rule, i === 0 ? 'ssh (firewall.ssh-port)' : describeRule(rule)));
    return `#!/bin/sh
# Rendered by keel render-config; edit the spec (firewall:), not this file.
# The firewall of ${r.name}: ufw refuses incoming connections except these (the spec's firewall.allow and the
# SSH port keel connects on). ssh-deploy runs it through sudo, one verb at a time:
#   apply    save ufw's state, arm the automatic revert (in ${plan.revertAfter}s), put these rules in place, enable ufw
#   confirm  a NEW SSH connection worked after apply: cancel the revert, record what is applied
#   revert   put the saved state back (the timer runs this when no confirm comes in time)
#   status   current | pending | reverted | changed
# Allowed: ${plan.rules.map(describeRule).join('; ')}
set -eu
PATH=/usr/sbin:/usr/bin:/sbin:/bin
export PATH
umask 022
SELF=${q(plan.script)}
STATE=${q(state)}
UNIT=${q(unit)}
REVERT_AFTER=${plan.revertAfter}
# What ufw keeps and keel changes: the user rules, the default policies, whether it is enabled.
FILES='/etc/ufw/user.rules /etc/ufw/user6.rules /etc/default/ufw /etc/ufw/ufw.conf'

fingerprint() {
  # shellcheck disable=SC2086 # FILES is a list of paths without spaces
  cat "$SELF" $FILES 2>/dev/null | sha256sum | cut -c1-64
}

rules() {
  ufw default deny incoming
  ufw default allow outgoing
${rules.map((l) => `  ${l}`).join('\n')}
}

restore() {
  for f in $FILES; do
    saved="$STATE/previous/$(basename "$f")"
    if [ -e "$saved" ]; then cp -p "$saved" "$f"; fi
  done
  if grep -qx 'ENABLED=yes' "$STATE/previous/ufw.conf" 2>/dev/null; then
    ufw --force enable
    ufw reload
  else
    ufw --force disable
  fi
}

command -v ufw >/dev/null || { echo "ufw is not installed (apt-get install ufw)" >&2; exit 3; }
mkdir -p "$STATE"
chmod 0755 "$STATE"
exec 9>"$STATE/lock"
flock -w 120 9

case "\${1:-}" in
  apply)
    # A run that died before it confirmed left its revert armed: that revert happens first.
    if [ -e "$STATE/pending" ]; then
      systemctl stop "$UNIT.timer" 2>/dev/null || true
      restore
      rm -f "$STATE/pending"
    fi
    rm -rf "$STATE/previous" "$STATE/applied" "$STATE/reverted"
    mkdir -p "$STATE/previous"
    for f in $FILES; do
      if [ -e "$f" ]; then cp -p "$f" "$STATE/previous/"; fi
    done
    : >"$STATE/pending"
    systemctl stop "$UNIT.timer" 2>/dev/null || true
    systemctl reset-failed "$UNIT.timer" "$UNIT.service" 2>/dev/null || true
    systemd-run --quiet --unit="$UNIT" --on-active="\${REVERT_AFTER}s" --timer-property=AccuracySec=1s "$SELF" revert
    # The spec's rules replace ufw's user rules (ufw's own empty rule files first).
    install -m 0640 /usr/share/ufw/iptables/user.rules /etc/ufw/user.rules
    install -m 0640 /usr/share/ufw/iptables/user6.rules /etc/ufw/user6.rules
    rules >/dev/null
    ufw --force enable >/dev/null
    ufw reload >/dev/null
    echo applied
    ;;
  confirm)
    systemctl stop "$UNIT.timer" 2>/dev/null || true
    if [ ! -e "$STATE/pending" ]; then
      echo "nothing to confirm: the rules were reverted already" >&2
      exit 4
    fi
    rm -f "$STATE/pending"
    fingerprint >"$STATE/applied"
    echo confirmed
    ;;
  revert)
    systemctl stop "$UNIT.timer" 2>/dev/null || true
    if [ ! -e "$STATE/pending" ]; then
      echo "nothing to revert"
      exit 0
    fi
    restore
    rm -f "$STATE/pending" "$STATE/applied"
    date -u +%Y-%m-%dT%H:%M:%SZ >"$STATE/reverted"
    echo reverted
    ;;
  status)
    if [ -e "$STATE/pending" ]; then
      echo pending
    elif [ -e "$STATE/applied" ] && [ "$(cat "$STATE/applied")" = "$(fingerprint)" ] && grep -qx 'ENABLED=yes' /etc/ufw/ufw.conf; then
      echo current
    elif [ -e "$STATE/reverted" ]; then
      echo reverted
    else
      echo changed
    fi
    ;;
  *)
    echo "usage: $SELF apply|confirm|revert|status" >&2
    exit 2
    ;;
esac
`;
}


/***/ }),

/***/ 5090:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BP: () => (/* binding */ securityHeaders),
/* harmony export */   Jt: () => (/* binding */ frameOptionsFor),
/* harmony export */   cL: () => (/* binding */ frameAncestors)
/* harmony export */ });
/* unused harmony export framing */
const ANCESTORS = { DENY: "'none'", SAMEORIGIN: "'self'" };
/** The sources of the CSP's frame-ancestors directive, or undefined when it has none. */
function frameAncestors(csp) {
    for (const directive of csp.split(';')) {
        const [name, ...sources] = directive.trim().split(/\s+/);
        if (name?.toLowerCase() === 'frame-ancestors')
            return sources.join(' ');
    }
    return undefined;
}
/** What X-Frame-Options says the same as these frame-ancestors sources (none when it cannot say it). */
function frameOptionsFor(ancestors) {
    const a = ancestors.trim().toLowerCase();
    if (a === "'none'")
        return 'DENY';
    if (a === "'self'")
        return 'SAMEORIGIN';
    return undefined;
}
/** The CSP and X-Frame-Options values of a spec (checked for agreement by the spec loader). */
function framing(headers) {
    const csp = headers['content-security-policy'].trim().replace(/;\s*$/, '');
    const ancestors = frameAncestors(csp);
    if (ancestors !== undefined)
        return { csp, frameOptions: frameOptionsFor(ancestors) };
    const fo = headers['frame-options'] ?? 'DENY';
    const withAncestors = csp ? `${csp}; frame-ancestors ${ANCESTORS[fo]}` : `frame-ancestors ${ANCESTORS[fo]}`;
    return { csp: withAncestors, frameOptions: fo };
}
function securityHeaders(r) {
    const h = r.spec.proxy.headers;
    const fromApp = new Set(h['from-app']);
    const { csp, frameOptions } = framing(h);
    const list = [
        ['Strict-Transport-Security', r.hstsValue],
        ['Content-Security-Policy', csp],
        ['X-Content-Type-Options', 'nosniff'],
        ['X-Frame-Options', frameOptions],
        ['Referrer-Policy', h['referrer-policy']],
        ['Permissions-Policy', h['permissions-policy']],
        ['Cross-Origin-Opener-Policy', h['cross-origin-opener-policy']],
        ['Cross-Origin-Resource-Policy', h['cross-origin-resource-policy']],
    ];
    return list
        .filter((x) => x[1] !== undefined)
        .map(([name, value]) => ({ name, value, fromApp: fromApp.has(name.toLowerCase()) }));
}


/***/ }),

/***/ 1467:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Fe: () => (/* binding */ SINCE),
/* harmony export */   NQ: () => (/* binding */ parseCaddyVersion),
/* harmony export */   Zs: () => (/* binding */ newerThanAssumed),
/* harmony export */   ml: () => (/* binding */ parseNginxV),
/* harmony export */   zy: () => (/* binding */ versionAtLeast)
/* harmony export */ });
/* unused harmony export compareVersions */
/**
 * The proxy versions a host really runs, compared with the ones the spec told the renderer to assume
 * (`proxy.versions`): the rendered syntax follows the assumed versions (`http2 on;` from Nginx 1.25.1, the
 * X25519MLKEM768 hybrid group from OpenSSL 3.5 and Caddy 2.10), so a host that is newer than assumed gets
 * a config that works but is older than it could be. Pure: command output in, versions and messages out.
 */
const DOTTED = /^\d+(\.\d+)*$/;
/**
 * Compares two dotted numeric versions ("1.25.1" vs "1.22"): negative, 0 or positive. Missing parts count
 * as 0 ("1.22" equals "1.22.0"). Throws on anything else, so a parse mistake never passes as "older".
 */
function compareVersions(a, b) {
    if (!DOTTED.test(a) || !DOTTED.test(b))
        throw new Error(`not a dotted version: ${JSON.stringify(DOTTED.test(a) ? b : a)}`);
    const x = a.split('.').map(Number);
    const y = b.split('.').map(Number);
    for (let i = 0; i < Math.max(x.length, y.length); i++) {
        const d = (x[i] ?? 0) - (y[i] ?? 0);
        if (d !== 0)
            return d < 0 ? -1 : 1;
    }
    return 0;
}
/** Whether a dotted version (1.25.1, 3.5, 2.10) is at least `min`; missing parts count as 0. */
function versionAtLeast(version, min) {
    return compareVersions(version, min) >= 0;
}
/**
 * The first versions with what keel renders differently: the renderers decide with these, and ssh-deploy's
 * warning about a host newer than assumed names them.
 */
const SINCE = {
    /** `http2 on;` instead of the deprecated `listen ... http2`. */
    nginxHttp2On: '1.25.1',
    /** X25519MLKEM768 in ssl_ecdh_curve (an older OpenSSL refuses the whole directive). */
    opensslMlkem: '3.5',
    /** x25519mlkem768 in Caddy's curves. */
    caddyMlkem: '2.10',
};
/** "1.26.3" -> "1.26": what to write into proxy.versions. */
const minor = (v) => v.split('.').slice(0, 2).join('.');
/**
 * Nginx's and OpenSSL's versions from `nginx -V 2>&1`: "nginx version: nginx/1.22.1" and "built with OpenSSL
 * 3.0.11 19 Sep 2023" or "running with OpenSSL 3.5.1 ..." (the library actually loaded wins). Missing or
 * unreadable parts stay undefined.
 */
function parseNginxV(output) {
    const found = {};
    const n = /^nginx version: nginx\/(\d+(?:\.\d+){0,3})(?=\s|$)/m.exec(output);
    if (n)
        found.nginx = n[1];
    const running = /\brunning with OpenSSL (\d+(?:\.\d+){0,3})/.exec(output);
    const built = /\bbuilt with OpenSSL (\d+(?:\.\d+){0,3})/.exec(output);
    const ssl = running ?? built;
    if (ssl)
        found.openssl = ssl[1];
    return found;
}
/** Caddy's version from `caddy version`: "v2.6.2 h1:..." or "2.6.2" (Debian's build). */
function parseCaddyVersion(output) {
    const m = /^\s*v?(\d+\.\d+(?:\.\d+)?)(?=[\s-]|$)/.exec(output);
    return m?.[1];
}
/** What each newer version would let keel render. */
const GAINS = [
    {
        key: 'nginx',
        from: SINCE.nginxHttp2On,
        what: 'render `http2 on;` instead of the deprecated `listen ... http2`',
    },
    { key: 'openssl', from: SINCE.opensslMlkem, what: 'offer the X25519MLKEM768 hybrid key exchange' },
    { key: 'caddy', from: SINCE.caddyMlkem, what: 'offer the X25519MLKEM768 hybrid key exchange' },
];
/**
 * One message per component that the host runs in a version new enough for syntax or curves keel would
 * render differently than for the assumed one. A component missing on either side, or not a dotted
 * version, says nothing.
 */
function newerThanAssumed(assumed, found) {
    const out = [];
    for (const g of GAINS) {
        const a = assumed[g.key];
        const f = found[g.key];
        if (!a || !f || !DOTTED.test(a) || !DOTTED.test(f))
            continue;
        if (compareVersions(f, g.from) >= 0 && compareVersions(a, g.from) < 0) {
            // "1.25" would still be below 1.25.1: suggest the shortest value that reaches the threshold.
            const set = compareVersions(minor(f), g.from) >= 0 ? minor(f) : f;
            out.push(`${g.key} ${f} on the host is newer than proxy.versions.${g.key} ${a}: set it to ${set} to ${g.what}`);
        }
    }
    return out;
}


/***/ })

};
