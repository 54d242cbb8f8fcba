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
function options(words: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < words.length; i++) {
    const m = /^--([A-Za-z][A-Za-z0-9_-]*)(?:=(.*))?$/.exec(words[i]!);
    if (!m) continue;
    const name = m[1]!.replace(/-/g, '_').toLowerCase();
    const value = m[2] ?? (words[i + 1] && !words[i + 1]!.startsWith('-') ? words[i + 1]! : '');
    out.set(name, value);
  }
  return out;
}

const base = (word: string) => word.slice(word.lastIndexOf('/') + 1);

/** Celery's subcommands: the first of them (or `flower`) after `celery` is what the command runs. */
const CELERY_COMMANDS = new Set(
  'worker beat events inspect control status call purge result shell multi amqp migrate graph upgrade report list logtool flower'.split(
    ' ',
  ),
);

/**
 * Whether a command line (split into words) runs Flower: `celery ... flower` (flower being celery's
 * subcommand, not a queue's name), `python -m flower`, `flower`.
 */
export function isFlower(words: string[]): boolean {
  if (base(words[0] ?? '') === 'flower') return true;
  if (words.some((w, i) => w === 'flower' && words[i - 1] === '-m')) return true;
  const celery = words.findIndex((w, i) => base(w) === 'celery' && (i === 0 || words[i - 1] === '-m'));
  if (celery < 0) return false;
  return words.slice(celery + 1).find((w) => CELERY_COMMANDS.has(w)) === 'flower';
}

/** A loopback listen address (or none reachable: a unix socket). */
function loopback(address: string): boolean {
  const a = address.replace(/^\[|\]$/g, '').toLowerCase();
  return a === 'localhost' || a === '::1' || /^127(?:\.\d{1,3}){3}$/.test(a) || a === '::ffff:127.0.0.1';
}

export interface FlowerVerdict {
  /** Why it is refused (the process would be reachable without auth). */
  error?: string;
  /** What keel cannot see (a config file). */
  warning?: string;
}

/** Refuses a Flower that would listen beyond the loopback without authentication (see above). */
export function flowerExposure(words: string[], environment: Record<string, string>): FlowerVerdict {
  if (!isFlower(words)) return {};
  const o = options(words);
  const env = (name: string) => (environment[name] ?? '') !== '';
  const auth =
    (o.get('basic_auth') ?? '') !== '' ||
    (o.get('auth') ?? '') !== '' ||
    env('FLOWER_BASIC_AUTH') ||
    env('FLOWER_AUTH');
  if (auth) return {};
  if (o.has('unix_socket') && o.get('unix_socket') !== '') return {};
  const address = o.get('address') ?? environment.FLOWER_ADDRESS ?? '';
  if (address !== '' && loopback(address)) return {};
  const where = address === '' ? 'every interface (its default)' : JSON.stringify(address);
  if (o.has('conf'))
    return {
      warning: `runs Flower listening on ${where} with no auth option keel can see; check that ${JSON.stringify(o.get('conf'))} sets basic_auth or auth, or bind it to 127.0.0.1`,
    };
  return {
    error: `runs Flower listening on ${where} without authentication: anyone who reaches it reads every task's arguments and results and can revoke tasks and shut workers down. Bind it to the loopback (--address=127.0.0.1, behind the proxy) or give --basic-auth / --auth (better: FLOWER_BASIC_AUTH in the env file, with --address=127.0.0.1)`,
  };
}
