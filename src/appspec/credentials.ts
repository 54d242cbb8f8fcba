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
export function secretName(name: string): boolean {
  const upper = name.toUpperCase();
  if (SECRET_NAMES.has(upper)) return true;
  const words = upper.split(/[_-]+/).filter((w) => w !== '');
  const last = words.at(-1) ?? '';
  if (SECRET_WORD.test(last)) return true;
  return last === 'KEY' && words.length > 1 && KEY_AFTER.has(words.at(-2)!);
}

/** A URL with a password in its user information (`scheme://user:password@host`), anywhere in a text. */
const URL_WITH_PASSWORD = /[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s/@:]*:[^\s/@]+@/;

/** A password as a URL's query parameter (libpq and many drivers take `?password=`). */
const QUERY_PASSWORD = /[A-Za-z][A-Za-z0-9+.-]*:\/\/\S*[?&](?:password|passwd|pass|pwd)=[^&\s]/i;

export function hasUrlPassword(text: string): boolean {
  return URL_WITH_PASSWORD.test(text) || QUERY_PASSWORD.test(text);
}

/** Command-line options whose value is a credential (Flower's `--basic-auth=user:pass`, `--password`, ...). */
const SECRET_OPTION = /^--?(?:basic[-_]auth|password|passwd|passphrase|secret|token|api[-_]key)(?:=(.*))?$/i;

export interface CredentialFinding {
  field: string;
  message: string;
}

const WHERE_INSTEAD =
  'put it in the env file instead (app.env-file, by default shared/.env, which ssh-deploy brings with `shared: [.env]` and keel never renders or prints)';

/** Credentials in the spec's app.environment (see above). */
export function environmentCredentials(environment: Record<string, string>): CredentialFinding[] {
  const out: CredentialFinding[] = [];
  for (const [name, value] of Object.entries(environment)) {
    if (value === '') continue;
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
export function commandCredential(process: string, words: string[]): CredentialFinding | undefined {
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const option = SECRET_OPTION.exec(word);
    const value = option ? (option[1] ?? (words[i + 1]?.startsWith('-') ? '' : (words[i + 1] ?? ''))) : '';
    const why =
      option && value !== ''
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
