export const id = 717;
export const ids = [717,221];
export const modules = {

/***/ 8717:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  main: () => (/* binding */ main)
});

// EXTERNAL MODULE: ./src/actions/common/step.ts
var step = __webpack_require__(5415);
// EXTERNAL MODULE: ./src/actions/backup-db/inputs.ts
var inputs = __webpack_require__(146);
// EXTERNAL MODULE: ./src/backup/engines.ts + 1 modules
var engines = __webpack_require__(4168);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 17 modules
var schemas = __webpack_require__(8816);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
;// CONCATENATED MODULE: ./src/backup/manifest.ts
/** The JSON manifest written beside each backup: what it is, how it was made and how it was verified. */



const schema = schemas/* object */.Ikc({
    keel: schemas/* literal */.euz(1),
    file: schemas/* string */.YjP().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/),
    engine: schemas/* enum */.k5n(engines/* ENGINES */.ug),
    database: schemas/* string */.YjP(),
    source: schemas/* string */.YjP(),
    serverVersion: schemas/* string */.YjP(),
    client: schemas/* string */.YjP(),
    format: schemas/* string */.YjP(),
    compression: schemas/* enum */.k5n(['zstd', 'gzip', 'none']),
    encryption: schemas/* object */.Ikc({ kind: schemas/* enum */.k5n(['age', 'none']), recipients: schemas/* array */.YOg(schemas/* string */.YjP()) }),
    size: schemas/* number */.aig().int().nonnegative(),
    sha256: schemas/* string */.YjP().regex(/^[0-9a-f]{64}$/),
    started: schemas/* string */.YjP(),
    finished: schemas/* string */.YjP(),
    verification: schemas/* object */.Ikc({
        ok: schemas/* boolean */.zMY(),
        method: schemas/* string */.YjP(),
        detail: schemas/* string */.YjP(),
        restoreTest: schemas/* object */.Ikc({ database: schemas/* string */.YjP(), tables: schemas/* array */.YOg(schemas/* object */.Ikc({ table: schemas/* string */.YjP(), rows: schemas/* number */.aig() })) })
            .optional(),
    }),
    run: schemas/* string */.YjP(),
});
function parseManifest(text) {
    try {
        const r = schema.safeParse(JSON.parse(text));
        return r.success
            ? r.data
            : `not a keel backup manifest (${r.error.issues[0]?.path.join('.')}: ${r.error.issues[0]?.message})`;
    }
    catch {
        return 'not JSON';
    }
}
/** The time stamp in a backup's file name: UTC, to the second (sortable). */
const STAMP = /-\d{8}T\d{6}Z/;
/** The extensions keel writes (engines.ts `extension`, then `.age` when encrypted). */
const EXT = '(?:pgdump|pgdir\\.tar|sql|sqlite3|tar)(?:\\.zst|\\.gz)?(?:\\.age)?';
const FILE = new RegExp(`^([A-Za-z0-9][A-Za-z0-9_.-]*)-(\\d{8}T\\d{6}Z)\\.(${EXT})$`);
/** A backup's file name: NAME-YYYYMMDDTHHMMSSZ.EXT (sortable, one per second). */
function backupName(name, at, ext) {
    const stamp = at
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d+Z$/, 'Z');
    const file = `${name}-${stamp}.${ext}`;
    if (parseBackupName(file)?.name !== name)
        throw new errors/* KeelError */.Ui(`${file} would not read back as a backup named ${name}`);
    return file;
}
/**
 * Reads a backup file name back strictly: NAME, stamp and one of keel's extensions, or undefined. NAME is
 * everything before the last `-STAMP.EXT`, so `shop-eu-20261201T000000Z.sql` is named `shop-eu`, never `shop`.
 */
function parseBackupName(file) {
    const m = FILE.exec(file);
    return m ? { name: m[1], stamp: m[2], ext: m[3] } : undefined;
}
/** Why a backup name cannot be used (it would be ambiguous in a file name), or undefined. */
function nameProblem(name) {
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(name))
        return `${JSON.stringify(name)} is not a backup name (up to 64 letters, digits, ., _ and -, starting with a letter or digit)`;
    if (STAMP.test(name))
        return `${JSON.stringify(name)} contains a time stamp like the one keel adds (-YYYYMMDDTHHMMSSZ): a file name made from it would be ambiguous`;
    return undefined;
}
/** The manifests of backups named exactly `name` (all of them when name is undefined). */
function named(manifests, name) {
    return manifests.filter((m) => {
        const p = parseBackupName(m.file);
        return p !== undefined && (name === undefined || p.name === name);
    });
}
/** The newest verified backup, optionally only those named exactly `name`. */
function newestVerified(manifests, name) {
    return named(manifests, name)
        .filter((m) => m.verification.ok)
        .sort((a, b) => b.finished.localeCompare(a.finished))[0];
}

;// CONCATENATED MODULE: ./src/backup/retention.ts
/**
 * Retention: which backups to keep, as pure logic. Keep-last plus grandfather-father-son tiers (daily, weekly,
 * monthly, yearly, each a count of periods), a minimum-keep floor, and the newest verified backup (and the one
 * this run just made) always kept.
 *
 * Tiers are independent (restic's semantics, not borg's): each tier walks the verified backups from newest to
 * oldest and keeps the newest one of each period until it has its count, whether or not another tier already
 * keeps that backup. Periods are UTC days, ISO weeks (Monday first), calendar months and years.
 *
 * Only verified backups count and only verified backups are ever deleted: a backup whose manifest says it was
 * not verified is left alone and reported (keel never writes one under a final name, so this is a file put
 * there by hand or by an older tool).
 */
/** Why a policy cannot be used, or undefined. */
function policyProblem(p) {
    if (p.keepLast + p.daily + p.weekly + p.monthly + p.yearly === 0)
        return 'keeps nothing: set keep-last or one of keep-daily, keep-weekly, keep-monthly, keep-yearly above 0';
    return undefined;
}
const pad = (n) => String(n).padStart(2, '0');
const day = (d) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const month = (d) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`;
const year = (d) => String(d.getUTCFullYear());
/** ISO 8601 week, e.g. 2026-W01 (the week with the year's first Thursday). */
function isoWeek(d) {
    const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
    const dow = t.getUTCDay() || 7;
    t.setUTCDate(t.getUTCDate() + 4 - dow); // the Thursday of this week decides its year
    const first = new Date(Date.UTC(t.getUTCFullYear(), 0, 1));
    const week = Math.ceil(((t.getTime() - first.getTime()) / 86_400_000 + 1) / 7);
    return `${t.getUTCFullYear()}-W${pad(week)}`;
}
const TIERS = [
    { key: 'daily', name: 'daily', period: day },
    { key: 'weekly', name: 'weekly', period: isoWeek },
    { key: 'monthly', name: 'monthly', period: month },
    { key: 'yearly', name: 'yearly', period: year },
];
/**
 * `current`: the backup this run just made and verified. It is always kept, whatever the times say (a
 * manifest dated in the future, by a skewed clock or by hand, would otherwise be the "newest" and could let
 * retention delete the one backup known good right now).
 */
function plan(candidates, p, current) {
    const sorted = [...candidates].sort((a, b) => b.time.getTime() - a.time.getTime() || (a.id < b.id ? 1 : -1));
    const reasons = new Map(sorted.map((c) => [c.id, []]));
    const verified = sorted.filter((c) => c.verified);
    verified.slice(0, p.keepLast).forEach((c, i) => reasons.get(c.id).push(`last ${i + 1}`));
    for (const tier of TIERS) {
        const count = p[tier.key];
        const seen = new Set();
        for (const c of verified) {
            if (seen.size >= count)
                break;
            const period = tier.period(c.time);
            if (seen.has(period))
                continue;
            seen.add(period);
            reasons.get(c.id).push(`${tier.name} ${period}`);
        }
    }
    if (verified[0])
        reasons.get(verified[0].id).unshift('newest verified');
    const made = verified.find((c) => c.id === current);
    if (made && made !== verified[0])
        reasons.get(made.id).unshift("this run's backup");
    let kept = verified.filter((c) => reasons.get(c.id).length > 0).length;
    for (const c of verified) {
        if (kept >= p.minKeep)
            break;
        const r = reasons.get(c.id);
        if (r.length === 0) {
            r.push(`min-keep ${p.minKeep}`);
            kept += 1;
        }
    }
    return sorted.map((c) => {
        const r = reasons.get(c.id);
        if (!c.verified)
            return { id: c.id, time: c.time, keep: true, reasons: ['not verified: not counted, never deleted'] };
        return { id: c.id, time: c.time, keep: r.length > 0, reasons: r.length ? r : ['no rule keeps it'] };
    });
}

// EXTERNAL MODULE: ./src/actions/common/connection-inputs.ts
var connection_inputs = __webpack_require__(1855);
;// CONCATENATED MODULE: ./src/actions/backup-db/settings.ts
/**
 * backup-db's settings: what a backup, a restore or a freshness check needs, parsed and checked once from the
 * action's inputs, every check that needs more than one input included, before anything is contacted (every
 * error names its input). The stage (stage.ts) takes these, not inputs.
 */





/** backup-db's input helper: every input check that needs more than one input, before anything is contacted. */
function backupSettings(i) {
    const problems = [];
    const need = (field, why) => problems.push({ field, message: `is required ${why}` });
    const target = (field, text) => {
        if (!i.engine || !text)
            return undefined;
        const t = (0,engines/* parseTarget */.hu)(i.engine, text);
        if (typeof t === 'string') {
            problems.push({ field, message: t });
            return undefined;
        }
        if (t.user && !i['database-password'] && t.host)
            problems.push({
                field: 'database-password',
                message: `is empty, but ${field} connects as ${t.user} over TCP: give the password as a secret`,
            });
        return t;
    };
    if (i.mode !== 'check') {
        if (!i.engine)
            need('engine', `for mode ${i.mode} (postgres, mysql, sqlite or files)`);
        if (!i.database)
            need('database', `for mode ${i.mode}`);
    }
    const t = target('database', i.database);
    // The scratch database of a restore test is created, restored into and dropped: a name like `database`.
    if (i.mode === 'backup' && i.verify === 'restore' && i['scratch-database'])
        target('scratch-database', i['scratch-database']);
    let restoreTarget;
    if (i.mode === 'restore') {
        if (!i['restore-database'])
            need('restore-database', 'for mode restore (the database to restore into)');
        restoreTarget = target('restore-database', i['restore-database']);
        if (restoreTarget && t && restoreTarget.database === t.database && !i.overwrite)
            problems.push({
                field: 'restore-database',
                message: 'is the database that was backed up; give overwrite: true if you really mean to replace it',
            });
    }
    if (i.hosts.length > 1)
        problems.push({
            field: 'hosts',
            message: 'names more than one host: backup-db dumps one database server',
        });
    if (i.destination === 'server' && i.hosts.length === 0)
        need('hosts', 'for destination: server');
    if (i.destination === 'backup-host' && !i['backup-host'])
        need('backup-host', 'for destination: backup-host');
    if (i.destination !== 'runner' && !i['backup-dir'].startsWith('/'))
        problems.push({
            field: 'backup-dir',
            message: `${JSON.stringify(i['backup-dir'])} must be an absolute path on a host`,
        });
    if (i['backup-dir'].split('/').includes('..'))
        problems.push({ field: 'backup-dir', message: `${JSON.stringify(i['backup-dir'])} must not contain ..` });
    for (const r of i['age-recipients'])
        if (!/^age1[0-9a-z]{20,}$/.test(r))
            problems.push({
                field: 'age-recipients',
                message: `${JSON.stringify(r)} is not an age recipient (age1...)`,
            });
    if (i['age-identity'] && !/^AGE-SECRET-KEY-(PQ-)?1[0-9A-Z]+$/.test(i['age-identity'].trim()))
        problems.push({ field: 'age-identity', message: 'is not an age identity (AGE-SECRET-KEY-1...)' });
    if (i.mode === 'backup' && i.verify === 'restore' && i['age-recipients'].length && !i['age-identity'])
        need('age-identity', 'for verify: restore of an encrypted backup');
    const policy = {
        keepLast: i['keep-last'],
        daily: i['keep-daily'],
        weekly: i['keep-weekly'],
        monthly: i['keep-monthly'],
        yearly: i['keep-yearly'],
        minKeep: i['min-keep'],
    };
    const pp = policyProblem(policy);
    if (pp && i.mode === 'backup' && i.prune !== 'off')
        problems.push({ field: 'keep-last', message: `retention ${pp}` });
    const name = i.name ?? (t ? defaultName(t) : undefined);
    if (name !== undefined) {
        const np = nameProblem(name);
        if (np)
            problems.push({
                field: 'name',
                message: i.name ? np : `is needed: the default from database, ${np}`,
            });
    }
    if (problems.length)
        throw new errors/* InputError */.dz(problems);
    return {
        mode: i.mode,
        engine: i.engine,
        ...(t ? { target: t } : {}),
        ...(restoreTarget ? { restoreTarget } : {}),
        name,
        password: i['database-password'],
        dump: { format: i.format, jobs: i.jobs, compression: i.compression },
        recipients: i['age-recipients'],
        identities: i['age-identity'] ? [i['age-identity'].trim()] : [],
        verify: i.verify,
        scratch: i['scratch-database'] ?? (t ? scratchName(t) : undefined),
        policy,
        prune: i.prune,
        backupFile: i['backup-file'],
        overwrite: i.overwrite,
        check: { name: i.name, maxAgeMs: i['max-age'] },
        store: { destination: i.destination, dir: i['backup-dir'], backupHost: i['backup-host'] },
        ssh: Object.fromEntries(Object.keys(connection_inputs/* connectionInputs */.e).map((k) => [k, i[k]])),
    };
}
/** The backup name from the database: its name, or the file or directory name of a path. */
function defaultName(t) {
    return t.database
        .split('/')
        .pop()
        .replace(/[^A-Za-z0-9_.-]/g, '_')
        .replace(/^[^A-Za-z0-9]+/, '')
        .slice(0, 64);
}
function scratchName(t) {
    if (t.engine === 'sqlite' || t.engine === 'files')
        return `${t.database}.keel-verify`;
    return `${t.database}_keel_verify`.slice(0, 63);
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: external "node:stream/promises"
var promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: ./src/remote/quote.ts
var quote = __webpack_require__(4414);
// EXTERNAL MODULE: external "node:v8"
var external_node_v8_ = __webpack_require__(8877);
// EXTERNAL MODULE: external "node:vm"
var external_node_vm_ = __webpack_require__(714);
;// CONCATENATED MODULE: ./src/backup/memory.ts
/**
 * Bounded memory while a dump streams through the runner. Every chunk that arrives (a pipe read, an SSH packet
 * decrypted by ssh2) is a new Buffer outside V8's heap; V8 frees the dead ones only when it collects, and it
 * collects for outside memory only after about 64 MiB more of it, so a 1 GB dump held 60-90 MB of dead chunks
 * at any time (peak RSS 154 MB, issue #16). A young-generation collection every few MiB streamed frees them
 * while they are few: about a millisecond each, 128 per GB.
 *
 * The collector is reached through V8's `gc` extension, switched on here at run time (the runner starts Node
 * without flags); where that is not possible, reclaiming does nothing and memory is what it was before.
 */



let collector;
function gc() {
    if (collector !== undefined)
        return collector;
    try {
        (0,external_node_v8_.setFlagsFromString)('--expose-gc');
        const f = (0,external_node_vm_.runInNewContext)('gc');
        collector = typeof f === 'function' ? f : null;
    }
    catch {
        collector = null;
    }
    return collector;
}
const RECLAIM_EVERY_BYTES = 8 * 2 ** 20;
/** A counter of streamed bytes that runs a young-generation collection after every `every` bytes. */
function reclaimer(every = RECLAIM_EVERY_BYTES) {
    const collect = gc();
    if (!collect)
        return () => undefined;
    let since = 0;
    return (bytes) => {
        since += bytes;
        if (since < every)
            return;
        since = 0;
        collect({ type: 'minor' });
    };
}
/** A pass-through that reclaims as data flows (a restore's backup on its way to the server). */
function reclaiming(every = RECLAIM_EVERY_BYTES) {
    const reclaim = reclaimer(every);
    return new external_node_stream_.Transform({
        transform(chunk, _enc, cb) {
            reclaim(chunk.length);
            cb(null, chunk);
        },
    });
}

;// CONCATENATED MODULE: ./src/backup/stream.ts
/**
 * The stream pipeline on the runner: a dump script's stdout (over SSH or from a local bash) → optional age
 * encryption → sha256 and a byte count → a destination, with Node's stream backpressure all the way (memory
 * does not grow with the database: the SSH window stops the remote pipeline when the destination is slow).
 *
 * A script reports on stderr, one line each: `keel-status stage=code ...`, `keel-fact name=value`,
 * `keel-error message`, `keel-rows HEX count` (the table's name hex-encoded). Everything else on stderr is kept (the last 8 KiB) for errors.
 */







function sshShell(session) {
    return { where: session.endpoint.name, spawn: (body) => session.spawn(body) };
}
/**
 * The runner's environment for a dump, without what no dump tool may see: the step's inputs (the runner passes
 * each as INPUT_*, the database password and the age identity among them) and the runner's own tokens. The
 * password reaches the tools only through the credential line (engines.ts).
 */
function dumpEnvironment(env = process.env) {
    return Object.fromEntries(Object.entries(env).filter(([k]) => !/^INPUT_/i.test(k) && !/^ACTIONS_(RUNTIME|ID_TOKEN_REQUEST)_/i.test(k) && k !== 'GITHUB_TOKEN'));
}
function localShell() {
    return {
        where: 'runner',
        spawn: async (body) => {
            const child = (0,external_node_child_process_.spawn)('bash', ['-c', (0,quote.strictBash)(body)], {
                stdio: ['pipe', 'pipe', 'pipe'],
                env: dumpEnvironment(),
            });
            const done = new Promise((resolve) => {
                child.on('error', () => resolve({ code: null, signal: null }));
                child.on('close', (code, signal) => resolve({ code, signal }));
            });
            child.stdin.on('error', () => undefined);
            return {
                stdout: child.stdout,
                stderr: child.stderr,
                stdin: child.stdin,
                done,
                kill: () => child.kill(),
            };
        },
    };
}
/** Collects a script's stderr: the keel-* lines parsed, the rest kept as a bounded tail. */
function stderrCollector(stderr) {
    const out = { status: {}, facts: {}, errors: [], rows: [], stderr: '' };
    let partial = '';
    const line = (l) => {
        const m = /^keel-(status|fact|error|rows) (.*)$/.exec(l);
        if (!m) {
            out.stderr = (out.stderr + l + '\n').slice(-8192);
            return;
        }
        const rest = m[2];
        if (m[1] === 'status')
            for (const kv of rest.split(' ')) {
                const [k, v] = kv.split('=');
                if (k)
                    out.status[k] = Number(v);
            }
        else if (m[1] === 'fact') {
            const i = rest.indexOf('=');
            out.facts[rest.slice(0, i)] = rest.slice(i + 1).trim();
        }
        else if (m[1] === 'error')
            out.errors.push(rest);
        else {
            // `keel-rows HEX COUNT`: the table's name hex-encoded, so no name can break or forge a report line.
            const r = /^((?:[0-9A-Fa-f]{2})*) (\d+)$/.exec(rest);
            if (r)
                out.rows.push({ table: Buffer.from(r[1], 'hex').toString('utf8'), rows: Number(r[2]) });
            else
                out.errors.push(`an unreadable row count: ${JSON.stringify(rest.slice(0, 200))}`);
        }
    };
    stderr.on('data', (d) => {
        const lines = (partial + d.toString()).split('\n');
        partial = lines.pop() ?? '';
        lines.forEach(line);
    });
    return () => {
        if (partial)
            line(partial);
        partial = '';
        return out;
    };
}
/** Runs a script to its end with `stdin` (text, or text then a stream), collecting its report. */
async function runScript(shell, body, stdin, data, options = {}) {
    const p = await shell.spawn(body);
    const collect = stderrCollector(p.stderr);
    p.stdout.resume();
    p.stdin.write(stdin);
    // A script that stops reading on its own (it refused the target, a tool failed) breaks the pipe under the
    // writer: its own report says why, and the broken pipe is only the echo of that. Only the data's own failure
    // (the store could not be read) is thrown; a script that exits 0 without reading all it was given fails.
    let stoppedReading = false;
    let fed = Promise.resolve({});
    if (data) {
        // Whichever failed first: pipeline() then destroys the other streams with that same error.
        let first;
        data.once('error', () => (first ??= 'source'));
        p.stdin.once('error', () => (first ??= 'script'));
        fed = (0,promises_.pipeline)(data, reclaiming(), p.stdin).then(() => ({}), (error) => {
            p.kill();
            if (first === 'source')
                return { error };
            stoppedReading = true;
            return {};
        });
    }
    else
        p.stdin.end();
    // Once the script is gone, what it has not read it never will; an SSH channel need not say so (its writable
    // side can wait for a window that never opens). The feeding gets a short grace to finish, then stops.
    const end = await p.done;
    let timer;
    const late = await Promise.race([
        fed.then(() => false),
        new Promise((resolve) => (timer = setTimeout(() => resolve(true), options.graceMs ?? 5000))),
    ]).finally(() => clearTimeout(timer));
    if (late) {
        stoppedReading = true;
        p.stdin.destroy();
        data?.destroy();
    }
    const { error } = await fed;
    if (error !== undefined)
        throw error;
    return { end, ...collect(), ...(stoppedReading ? { unread: true } : {}) };
}
/** Why a script's report is a failure, or undefined when every stage exited 0. */
function failure(r, what) {
    const bad = Object.entries(r.status).filter(([, v]) => v !== 0);
    const detail = r.errors.length ? `: ${r.errors.join('; ')}` : '';
    if (r.end.code === null)
        return `${what} was cut off (the connection dropped or the process was killed${r.end.signal ? ` by ${r.end.signal}` : ''})${detail}`;
    if (bad.length)
        return `${what} failed: ${bad.map(([k, v]) => `${k} exited ${v}`).join(', ')}${detail}${tail(r.stderr)}`;
    if (r.end.code !== 0)
        return `${what} failed (exit ${r.end.code})${detail}${tail(r.stderr)}`;
    if (r.unread)
        return `${what} ended before it had read all its input${detail}${tail(r.stderr)}`;
    return undefined;
}
const tail = (s) => {
    const t = s.trim().split('\n').slice(-3).join(' / ');
    return t ? ` (${t})` : '';
};
/**
 * A pass-through that hashes and counts what flows, and calls `progress` at most every `everyMs`. Every dump and
 * restore streams through one, so it also keeps the dead chunks few (memory.ts).
 */
function hasher(progress, everyMs = 10_000) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    const reclaim = reclaimer();
    let bytes = 0;
    let last = Date.now();
    const stream = new external_node_stream_.Transform({
        transform(chunk, _enc, cb) {
            hash.update(chunk);
            bytes += chunk.length;
            reclaim(chunk.length);
            if (progress && Date.now() - last >= everyMs) {
                last = Date.now();
                progress(bytes);
            }
            cb(null, chunk);
        },
    });
    return { stream, result: () => ({ sha256: hash.digest('hex'), bytes }) };
}
/** age encryption to the recipients (the format the standard `age` tool decrypts), streamed. */
async function encrypt(source, recipients) {
    const { Encrypter } = await __webpack_require__.e(/* import() */ 539).then(__webpack_require__.bind(__webpack_require__, 1539));
    const e = new Encrypter();
    for (const r of recipients)
        e.addRecipient(r);
    const web = await e.encrypt(external_node_stream_.Readable.toWeb(source));
    return external_node_stream_.Readable.fromWeb(web);
}
async function decrypt(source, identities) {
    const { Decrypter } = await __webpack_require__.e(/* import() */ 539).then(__webpack_require__.bind(__webpack_require__, 1539));
    const d = new Decrypter();
    for (const i of identities)
        d.addIdentity(i);
    try {
        const web = await d.decrypt(external_node_stream_.Readable.toWeb(source));
        return external_node_stream_.Readable.fromWeb(web);
    }
    catch (error) {
        throw new errors/* KeelError */.Ui(`cannot decrypt the backup: ${(0,errors/* errorMessage */.gJ)(error)}`, { field: 'age-identity' });
    }
}
/**
 * The dump: script stdout → [age] → sha256 → the upload's sink. Resolves when both the script and the sink are
 * done. A writer that stops on its own (a full disk, killed) ends the stream at once: its sink may look finished
 * (ssh2 ends a channel's writable side when the server closes it), so the pipeline alone would wait forever
 * for a source that the full sink no longer drains.
 */
async function streamDump(shell, body, credentials, upload, options) {
    const p = await shell.spawn(body);
    const collect = stderrCollector(p.stderr);
    p.stdin.end(credentials);
    const h = hasher(options.progress);
    let streamError;
    const source = options.recipients.length ? await encrypt(p.stdout, options.recipients) : p.stdout;
    const writerFailed = upload.finished().then(() => new Promise(() => undefined), // a writer that ends well ends after the stream: let it finish
    (error) => Promise.reject(error instanceof Error ? error : new Error(String(error))));
    const flowing = Promise.race([(0,promises_.pipeline)(source, h.stream, upload.sink), writerFailed]).catch((error) => {
        streamError = (0,errors/* errorMessage */.gJ)(error);
        for (const s of [source, h.stream, upload.sink])
            s.destroy();
        p.kill();
    });
    const [end] = await Promise.all([p.done, flowing]);
    return { report: { end, ...collect() }, ...h.result(), ...(streamError ? { streamError } : {}) };
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var external_node_fs_promises_ = __webpack_require__(1455);
;// CONCATENATED MODULE: ./src/backup/store.ts
/**
 * Where backups are kept: a directory on the runner, or a directory on a host over SSH (the database server
 * or a backup host). Data is written under a hidden temporary name (`.NAME.partial`), checked, and only then
 * renamed; the manifest (`NAME.json`) is written last, also through a temporary name, so a backup with a
 * manifest is a complete, verified one and nothing else ever has a final name.
 */







const partialName = (name) => `.${name}.partial`;
const manifestName = (name) => `${name}.json`;
/**
 * A manifest as listed: it must be named after the file it describes, and that file name must read back
 * strictly (NAME-STAMP.EXT), so a manifest cannot speak for another backup's file.
 */
function listed(json, text) {
    const m = parseManifest(text);
    if (typeof m === 'string')
        return m;
    if (manifestName(m.file) !== json)
        return `describes ${m.file}, not ${json.replace(/\.json$/, '')}`;
    if (!parseBackupName(m.file))
        return `${m.file} is not a backup file name keel writes (NAME-YYYYMMDDTHHMMSSZ.EXT)`;
    return m;
}
/**
 * A file's sha256, read through one reused 1 MiB buffer: a read stream's new 64 KiB chunk per read would leave
 * a 1 GB backup's read-back as dead buffers for the collector (memory.ts).
 */
async function fileSha256(path) {
    const h = (0,external_node_crypto_.createHash)('sha256');
    const file = await (0,external_node_fs_promises_.open)(path, 'r');
    try {
        const buf = Buffer.allocUnsafe(2 ** 20);
        for (;;) {
            const { bytesRead } = await file.read(buf, 0, buf.length, null);
            if (bytesRead === 0)
                break;
            h.update(buf.subarray(0, bytesRead));
        }
    }
    finally {
        await file.close();
    }
    return h.digest('hex');
}
function localStore(dir) {
    return {
        where: `runner:${dir}`,
        dir,
        async list() {
            await (0,external_node_fs_promises_.mkdir)(dir, { recursive: true, mode: 0o700 });
            const manifests = [];
            const problems = [];
            for (const f of (await (0,external_node_fs_promises_.readdir)(dir)).filter((f) => f.endsWith('.json') && !f.startsWith('.')).sort()) {
                const m = listed(f, await (0,external_node_fs_promises_.readFile)((0,external_node_path_.join)(dir, f), 'utf8'));
                if (typeof m === 'string')
                    problems.push(`${f}: ${m}`);
                else
                    manifests.push(m);
            }
            return { manifests, problems };
        },
        async create(tmp) {
            await (0,external_node_fs_promises_.mkdir)(dir, { recursive: true, mode: 0o700 });
            const sink = (0,external_node_fs_.createWriteStream)((0,external_node_path_.join)(dir, tmp), { flags: 'wx', mode: 0o600, flush: true });
            const closed = new Promise((resolve, reject) => {
                sink.on('close', resolve);
                sink.on('error', reject);
            });
            return { sink, finished: () => closed };
        },
        async sha256(name) {
            return fileSha256((0,external_node_path_.join)(dir, name));
        },
        async open(name) {
            return (0,external_node_fs_.createReadStream)((0,external_node_path_.join)(dir, name));
        },
        async commit(tmp, manifest) {
            await (0,external_node_fs_promises_.rename)((0,external_node_path_.join)(dir, tmp), (0,external_node_path_.join)(dir, manifest.file));
            const mtmp = (0,external_node_path_.join)(dir, partialName(manifestName(manifest.file)));
            await (0,external_node_fs_promises_.writeFile)(mtmp, JSON.stringify(manifest, null, 2) + '\n', { mode: 0o600, flush: true });
            await (0,external_node_fs_promises_.rename)(mtmp, (0,external_node_path_.join)(dir, manifestName(manifest.file)));
        },
        async remove(name) {
            await (0,external_node_fs_promises_.rm)((0,external_node_path_.join)(dir, manifestName(name)), { force: true });
            await (0,external_node_fs_promises_.rm)((0,external_node_path_.join)(dir, name), { force: true, recursive: true });
        },
    };
}
function sshStore(session, dir) {
    const where = `${session.endpoint.name}:${dir}`;
    const check = async (what, body, stdin) => session.check(what, body, stdin === undefined ? {} : { stdin });
    return {
        where,
        dir,
        async list() {
            const r = await check(`listing backups in ${dir}`, (0,quote.sh) `umask 077; mkdir -p ${dir}; cd ${dir}; for f in *.json; do [ -f "$f" ] || continue; printf '%s\\0' "$f"; cat "$f"; printf '\\0'; done`);
            const parts = r.stdout.split('\0');
            const manifests = [];
            const problems = [];
            for (let i = 0; i + 1 < parts.length; i += 2) {
                const m = listed(parts[i], parts[i + 1]);
                if (typeof m === 'string')
                    problems.push(`${parts[i]}: ${m}`);
                else
                    manifests.push(m);
            }
            return { manifests, problems };
        },
        async create(tmp) {
            const p = await session.spawn((0,quote.sh) `umask 077; mkdir -p ${dir}; set -C; cat > ${`${dir}/${tmp}`}`);
            let stderr = '';
            p.stderr.on('data', (d) => (stderr = (stderr + d.toString()).slice(-2000)));
            p.stdout.resume();
            // A writer that stops early (disk full, killed) must fail the stream, not leave it waiting for a drain.
            void p.done.then((end) => {
                if (!p.stdin.writableFinished)
                    p.stdin.destroy(new errors/* KeelError */.Ui(`${where}: the writer stopped (exit ${end.code ?? 'none'}): ${stderr.trim()}`));
            });
            return {
                sink: p.stdin,
                finished: async () => {
                    const end = await p.done;
                    if (end.code !== 0)
                        throw new errors/* KeelError */.Ui(`${where}: writing ${tmp} failed (${end.code === null ? 'cut off' : `exit ${end.code}`})${stderr.trim() ? `: ${stderr.trim()}` : ''}`);
                },
            };
        },
        async sha256(name) {
            const r = await check(`hashing ${name}`, (0,quote.sh) `sha256sum ${`${dir}/${name}`}`);
            return r.stdout.split(' ')[0] ?? '';
        },
        async open(name) {
            const p = await session.spawn((0,quote.sh) `cat ${`${dir}/${name}`}`);
            p.stdin.end();
            p.stderr.resume();
            void p.done.then((end) => {
                if (end.code !== 0)
                    p.stdout.destroy(new errors/* KeelError */.Ui(`${where}: cannot read ${name}`));
            });
            return p.stdout;
        },
        async commit(tmp, manifest) {
            const m = manifestName(manifest.file);
            await check(`committing ${manifest.file}`, (0,quote.sh) `cd ${dir}; mv -f ${tmp} ${manifest.file}; cat > ${partialName(m)}; mv -f ${partialName(m)} ${m}`, JSON.stringify(manifest, null, 2) + '\n');
        },
        async remove(name) {
            await check(`removing ${name}`, (0,quote.sh) `cd ${dir}; rm -rf -- ${manifestName(name)} ${name}`);
        },
    };
}

;// CONCATENATED MODULE: ./src/backup/backup.ts
/**
 * backup-db's three modes as library calls: backup (dump → verify → commit → retention), restore, and the
 * freshness check. They take a Shell (where the database is reached) and a Store (where backups live) and
 * return typed results; nothing here knows about the runner.
 */






const mib = (b) => `${(b / 1048576).toFixed(1)} MiB`;
async function backup(shell, store, o, log) {
    const warnings = [];
    const listed = await store.list();
    for (const p of listed.problems)
        warnings.push(`${store.where}: ${p} (ignored)`);
    const previous = named(listed.manifests, o.name);
    const started = new Date();
    const encrypted = o.recipients.length > 0;
    const file = backupName(o.name, started, (0,engines/* extension */.ck)(o.target, o.dump) + (encrypted ? '.age' : ''));
    const tmp = partialName(file);
    const credentials = (0,engines/* credentialLine */.Yg)(o.target.engine, o.password);
    log.info(`dumping ${o.target.engine} ${o.target.database} on ${shell.where} into ${store.where}/${file}`);
    const t0 = Date.now();
    const upload = await store.create(tmp);
    const s = await streamDump(shell, (0,engines/* dumpScript */.ay)(o.target, o.dump), credentials, upload, {
        recipients: o.recipients,
        progress: (b) => log.info(`  ${mib(b)} so far (${mib(b / ((Date.now() - t0) / 1000))}/s)`),
    });
    let error;
    try {
        await upload.finished();
    }
    catch (e) {
        error = (0,errors/* errorMessage */.gJ)(e); // the writer's own reason (e.g. no space left) says more than a broken stream
    }
    error ??= s.streamError
        ? `the stream to ${store.where} failed: ${s.streamError}`
        : failure(s.report, 'the dump');
    if (!error && s.bytes === 0)
        error = 'the backup is empty (0 bytes)';
    if (!error) {
        const stored = await store.sha256(tmp);
        if (stored !== s.sha256)
            error = `the stored file's sha256 ${stored} differs from the streamed ${s.sha256}: the copy is damaged`;
    }
    log.info(`${mib(s.bytes)} in ${((Date.now() - t0) / 1000).toFixed(1)} s, sha256 ${s.sha256}; read back: ${s.report.facts.verify ?? '-'}`);
    let restoreTest;
    if (!error && o.verify === 'restore') {
        const scratch = { ...o.target, database: o.scratch };
        try {
            const data = await store.open(tmp);
            const r = await runScript(shell, (0,engines/* restoreScript */.Q)(scratch, {
                format: o.dump.format,
                compression: o.dump.compression,
                overwrite: true,
                jobs: o.dump.jobs,
            }), credentials, encrypted ? await decrypt(data, o.identities) : data);
            error = failure(r, `the restore test into ${o.scratch}`);
            if (!error) {
                const src = await runScript(shell, (0,engines/* rowCountScript */.r7)(o.target), credentials);
                restoreTest = { database: o.scratch, rows: r.rows, source: src.rows };
                const differ = r.rows.filter((x) => src.rows.find((y) => y.table === x.table)?.rows !== x.rows);
                if (differ.length)
                    warnings.push(`row counts differ from the live database for ${differ.map((d) => d.table).join(', ')} (it changed since the dump, or the restore lost rows)`);
            }
        }
        catch (e) {
            error = `the restore test failed: ${(0,errors/* errorMessage */.gJ)(e)}`;
        }
        finally {
            await runScript(shell, (0,engines/* dropScript */.Jd)(scratch), credentials).catch(() => undefined);
        }
    }
    if (error) {
        await store.remove(tmp).catch(() => undefined);
        return { ok: false, error, warnings };
    }
    const manifest = {
        keel: 1,
        file,
        engine: o.target.engine,
        database: o.target.database,
        source: shell.where,
        serverVersion: s.report.facts['server-version'] ?? '',
        client: s.report.facts.client ?? '',
        format: o.target.engine === 'postgres'
            ? o.dump.format
            : (0,engines/* extension */.ck)(o.target, { ...o.dump, compression: 'none' }),
        compression: o.dump.compression,
        encryption: { kind: encrypted ? 'age' : 'none', recipients: o.recipients },
        size: s.bytes,
        sha256: s.sha256,
        started: started.toISOString(),
        finished: new Date().toISOString(),
        verification: {
            ok: true,
            method: o.verify === 'restore' ? 'read end to end, checksum, restore test' : 'read end to end, checksum',
            detail: `read back: ${s.report.facts.verify ?? ''}${s.report.facts.tables ? `; tables: ${s.report.facts.tables}` : ''}`.trim(),
            ...(restoreTest ? { restoreTest: { database: restoreTest.database, tables: restoreTest.rows } } : {}),
        },
        run: o.run,
    };
    try {
        await store.commit(tmp, manifest);
    }
    catch (e) {
        // e.g. no space left for the manifest: a backup without its manifest is never one that counts.
        await store.remove(tmp).catch(() => undefined);
        await store.remove(file).catch(() => undefined);
        await store.remove(partialName(`${file}.json`)).catch(() => undefined);
        return { ok: false, error: `committing ${file} failed: ${(0,errors/* errorMessage */.gJ)(e)}`, warnings };
    }
    const retention = await prune(store, [...previous, manifest], file, o, previous.length === 0, log);
    return {
        ok: true,
        manifest,
        path: `${store.dir}/${file}`,
        warnings,
        ...(restoreTest ? { restoreTest } : {}),
        retention,
        history: [...previous, manifest],
    };
}
/** Retention over the backups named exactly `o.name`; `current`, the backup this run just verified, stays. */
async function prune(store, all, current, o, first, log) {
    const decisions = plan(all.map((m) => ({ id: m.file, time: new Date(m.finished), verified: m.verification.ok })), o.policy, current);
    if (o.prune === 'off')
        return { mode: 'off', why: 'prune: off', decisions, deleted: [] };
    const dry = o.prune === 'dry-run' || (o.prune === 'auto' && first);
    const why = o.prune === 'dry-run'
        ? 'prune: dry-run'
        : dry
            ? `first backup named ${o.name} in ${store.where}: dry run (nothing deleted); later runs delete`
            : `prune: ${o.prune}`;
    const deleted = [];
    for (const d of decisions.filter((x) => !x.keep)) {
        if (dry)
            log.info(`would delete ${d.id} (${d.reasons.join(', ')})`);
        else {
            await store.remove(d.id);
            deleted.push(d.id);
            log.info(`deleted ${d.id} (${d.reasons.join(', ')})`);
        }
    }
    return { mode: dry ? 'dry-run' : 'apply', why, decisions, deleted };
}
async function restore(shell, store, o, log) {
    const { manifests } = await store.list();
    const m = o.file ? manifests.find((x) => x.file === o.file) : newestVerified(manifests, o.name);
    if (!m)
        return {
            ok: false,
            rows: [],
            error: o.file
                ? `${store.where} has no backup ${o.file} with a manifest`
                : `${store.where} has no verified backup named ${o.name} (${o.name}-YYYYMMDDTHHMMSSZ.*)`,
        };
    if (m.engine !== o.target.engine)
        return {
            ok: false,
            rows: [],
            manifest: m,
            error: `${m.file} is a ${m.engine} backup, not ${o.target.engine}`,
        };
    if (m.encryption.kind === 'age' && o.identities.length === 0)
        throw new errors/* KeelError */.Ui(`${m.file} is encrypted with age: give the identity in 'age-identity'`, {
            field: 'age-identity',
        });
    const sum = await store.sha256(m.file);
    if (sum !== m.sha256)
        return {
            ok: false,
            rows: [],
            manifest: m,
            error: `${m.file}: sha256 ${sum} does not match its manifest (${m.sha256}): the file is damaged; nothing was restored`,
        };
    log.info(`${m.file}: sha256 matches its manifest; restoring into ${o.target.database} on ${shell.where}`);
    const data = await store.open(m.file);
    const r = await runScript(shell, (0,engines/* restoreScript */.Q)(o.target, {
        format: m.format === 'directory' ? 'directory' : 'custom',
        compression: m.compression,
        overwrite: o.overwrite,
        jobs: o.jobs,
    }), (0,engines/* credentialLine */.Yg)(o.target.engine, o.password), m.encryption.kind === 'age' ? await decrypt(data, o.identities) : data);
    const error = failure(r, `restoring ${m.file}`);
    return { ok: !error, manifest: m, rows: r.rows, ...(error ? { error } : {}) };
}
async function checkFreshness(store, name, maxAgeMs, now = new Date()) {
    const { manifests } = await store.list();
    const newest = newestVerified(manifests, name);
    if (!newest)
        return {
            ok: false,
            error: `${store.where} has no verified backup${name ? ` named ${name} (${name}-YYYYMMDDTHHMMSSZ.*)` : ''}`,
        };
    const ageMs = now.getTime() - new Date(newest.finished).getTime();
    const h = (ms) => `${(ms / 3_600_000).toFixed(1)} h`;
    return ageMs > maxAgeMs
        ? {
            ok: false,
            newest,
            ageMs,
            error: `the newest verified backup ${newest.file} is ${h(ageMs)} old (more than ${h(maxAgeMs)})`,
        }
        : { ok: true, newest, ageMs };
}

// EXTERNAL MODULE: ./src/remote/ssh.ts
var ssh = __webpack_require__(8136);
// EXTERNAL MODULE: ./src/report/chart.ts
var chart = __webpack_require__(194);
// EXTERNAL MODULE: ./src/report/summary.ts
var summary = __webpack_require__(7994);
;// CONCATENATED MODULE: ./src/report/backup.ts


const size = (b) => b >= 1048576 ? `${(b / 1048576).toFixed(1)} MiB` : b >= 1024 ? `${(b / 1024).toFixed(1)} KiB` : `${b} B`;
function manifestTable(m) {
    const seconds = (Date.parse(m.finished) - Date.parse(m.started)) / 1000;
    return {
        headers: ['file', 'engine', 'server', 'format', 'compression', 'encryption', 'size', 'sha256', 'took'],
        rows: [
            [
                m.file,
                `${m.engine} ${m.database}`,
                m.serverVersion || '-',
                m.format,
                m.compression,
                m.encryption.kind === 'age' ? `age (${m.encryption.recipients.length} recipient(s))` : 'none',
                size(m.size),
                `\`${m.sha256.slice(0, 16)}…\``,
                `${seconds.toFixed(1)} s`,
            ],
        ],
    };
}
function rowsTable(caption, rows, source) {
    return {
        caption,
        headers: source ? ['table', 'rows restored', 'rows in the database', 'same'] : ['table', 'rows'],
        rows: rows.map((r) => {
            if (!source)
                return [r.table, String(r.rows)];
            const s = source.find((x) => x.table === r.table)?.rows;
            return [r.table, String(r.rows), s === undefined ? '-' : String(s), (0,summary/* mark */.Gy)(s === r.rows)];
        }),
    };
}
/** How many of the last runs the charts show. */
const HISTORY_RUNS = 20;
/**
 * backup-db's last runs (this one included): size (MiB) and duration (s) per backup as two Mermaid charts,
 * oldest first, and the same numbers in a table. Fewer than two runs: nothing to draw.
 */
function historyCharts(history) {
    const last = [...history].sort((a, b) => a.finished.localeCompare(b.finished)).slice(-HISTORY_RUNS);
    if (last.length < 2)
        return undefined;
    const secs = (m) => Math.max(0, (Date.parse(m.finished) - Date.parse(m.started)) / 1000);
    // The x-axis: the backup's UTC time, as short as still tells the runs apart.
    const x = last.map((m) => m.finished.replace(/^(\d{4}-)?(\d\d-\d\dT\d\d:\d\d(:\d\d)?).*$/, '$2'));
    return {
        charts: [
            (0,chart/* xyChart */.Gp)({
                title: `backup-db: size (MiB) of the last ${last.length} backups`,
                x,
                yLabel: 'MiB',
                lines: [last.map((m) => m.size / 1048576)],
                digits: 3,
            }),
            (0,chart/* xyChart */.Gp)({
                title: `backup-db: seconds per backup (dump, verification, upload) of the last ${last.length}`,
                x,
                yLabel: 's',
                lines: [last.map(secs)],
                digits: 1,
            }),
        ],
        table: {
            caption: `The last ${last.length} backups, oldest first`,
            headers: ['backup', 'finished', 'size', 'seconds'],
            rows: last.map((m) => [m.file, m.finished, size(m.size), secs(m).toFixed(1)]),
        },
    };
}
function backupReport(where, r) {
    const tables = [];
    const history = r.ok && r.history ? historyCharts(r.history) : undefined;
    if (r.manifest) {
        tables.push(manifestTable(r.manifest), {
            caption: 'Verification',
            headers: ['check', 'result'],
            rows: [
                ['read end to end while streaming', r.manifest.verification.detail || 'pass'],
                ['stored sha256 equals the streamed one', 'pass'],
                ...(r.restoreTest ? [[`restore test into ${r.restoreTest.database}`, 'pass']] : []),
            ],
        });
    }
    if (r.restoreTest)
        tables.push(rowsTable('Restore test: row counts', r.restoreTest.rows, r.restoreTest.source));
    if (r.retention)
        tables.push({
            caption: `Retention (${r.retention.mode}: ${r.retention.why})`,
            headers: ['backup', 'decision', 'why'],
            rows: r.retention.decisions.map((d) => [
                d.id,
                d.keep
                    ? 'keep'
                    : r.retention.mode === 'apply'
                        ? 'deleted'
                        : r.retention.mode === 'dry-run'
                            ? 'would delete'
                            : 'kept (prune off)',
                d.reasons.join(', '),
            ]),
        });
    if (history)
        tables.push(history.table);
    return {
        title: r.ok ? `keel backup-db: ${r.manifest.file} verified` : `keel backup-db: backup FAILED`,
        status: r.ok ? (r.warnings.length ? 'warning' : 'ok') : 'failed',
        lines: [
            r.ok
                ? `Kept in \`${where}\`.`
                : `${r.error} Nothing was kept under a final name; retention did not run.`,
            ...r.warnings.map((w) => `⚠️ ${w}`),
        ],
        tables,
        ...(history ? { charts: history.charts } : {}),
    };
}
function restoreReport(into, r) {
    return {
        title: r.ok
            ? `keel backup-db: restored ${r.manifest.file} into ${into}`
            : `keel backup-db: restore FAILED`,
        status: r.ok ? 'ok' : 'failed',
        lines: r.ok ? ['The checksum matched its manifest before anything was restored.'] : [r.error ?? ''],
        tables: [
            ...(r.manifest ? [manifestTable(r.manifest)] : []),
            ...(r.rows.length ? [rowsTable('Row counts', r.rows)] : []),
        ],
    };
}
function checkReport(where, maxAgeMs, r) {
    const h = (ms) => `${(ms / 3_600_000).toFixed(1)} h`;
    return {
        title: r.ok
            ? `keel backup-db: newest verified backup is ${h(r.ageMs)} old (limit ${h(maxAgeMs)})`
            : 'keel backup-db: backups are STALE',
        status: r.ok ? 'ok' : 'failed',
        lines: [r.ok ? `In \`${where}\`.` : (r.error ?? '')],
        tables: r.newest ? [manifestTable(r.newest)] : [],
    };
}

// EXTERNAL MODULE: ./src/actions/common/connection.ts + 1 modules
var connection = __webpack_require__(9221);
;// CONCATENATED MODULE: ./src/actions/backup-db/stage.ts
/**
 * backup-db's work: settings (settings.ts, checked before anything is contacted) in, the mode run against the
 * database server and the store, as a StageRun (outputs, report, error).
 */








const workspace = () => process.env.GITHUB_WORKSPACE ?? process.cwd();
function run() {
    return `${process.env.GITHUB_REPOSITORY ?? 'local'}#${process.env.GITHUB_RUN_ID ?? '0'}.${process.env.GITHUB_RUN_ATTEMPT ?? '1'}`;
}
/**
 * Opens what the mode needs: an SSH session to the database server (when `hosts` is given) and, for
 * `destination: backup-host`, one to the backup host; then runs `fn` with the shell and the store.
 */
async function withPlaces(settings, log, fn) {
    const fail = (error) => {
        throw new errors/* KeelError */.Ui(error);
    };
    const withHost = (hosts, body) => {
        if (hosts.length === 0)
            return body(undefined);
        const c = (0,connection.connectionFrom)({ ...settings.ssh, hosts }, log);
        return (0,ssh/* withSession */.fQ)(c, c.endpoints[0], log, body, fail);
    };
    const { destination, dir } = settings.store;
    return withHost(settings.ssh.hosts, (server) => withHost(destination === 'backup-host' ? [settings.store.backupHost] : [], async (backupHost) => {
        const shell = server ? sshShell(server) : localShell();
        const store = destination === 'runner'
            ? localStore((0,external_node_path_.resolve)(workspace(), dir))
            : sshStore((destination === 'server' ? server : backupHost), dir);
        return fn(shell, store);
    }));
}
/**
 * Runs the mode (backup, restore or check) and returns what it produced: outputs, the report, and the error
 * when it failed. Whatever ends the run (a failed backup, or an SSH session that could not be opened or
 * dropped), `status` says so: a scheduled workflow's next step reads it rather than the step's outcome.
 */
async function runBackupDb(p, log) {
    const outputs = {};
    const set = (name, value) => (outputs[name] = value);
    const manifestOutputs = (m, dir) => {
        set('file', m.file);
        set('path', `${dir}/${m.file}`);
        set('sha256', m.sha256);
        set('size', String(m.size));
        set('manifest', JSON.stringify(m));
    };
    let report;
    let error;
    let figures = '';
    try {
        await withPlaces(p, log, async (shell, store) => {
            set('backup-dir', store.dir);
            if (p.mode === 'backup') {
                const r = await log.group(`Backing up ${p.engine} ${p.target.database} from ${shell.where}`, () => backup(shell, store, {
                    target: p.target,
                    password: p.password,
                    dump: p.dump,
                    name: p.name,
                    recipients: p.recipients,
                    identities: p.identities,
                    verify: p.verify,
                    scratch: p.scratch,
                    policy: p.policy,
                    prune: p.prune,
                    run: run(),
                }, log));
                for (const w of r.warnings)
                    log.warn(w);
                if (r.manifest)
                    manifestOutputs(r.manifest, store.dir);
                if (r.restoreTest)
                    set('rows', JSON.stringify(r.restoreTest.rows));
                set('deleted', JSON.stringify(r.retention?.decisions.filter((d) => !d.keep).map((d) => d.id) ?? []));
                report = backupReport(store.where, r);
                error = r.error;
                if (r.manifest)
                    figures = `${r.manifest.file}, ${r.manifest.size} bytes`;
            }
            else if (p.mode === 'restore') {
                const r = await log.group(`Restoring into ${p.restoreTarget.database} on ${shell.where}`, () => restore(shell, store, {
                    target: p.restoreTarget,
                    password: p.password,
                    file: p.backupFile,
                    name: p.name,
                    identities: p.identities,
                    overwrite: p.overwrite,
                    jobs: p.dump.jobs,
                }, log));
                if (r.manifest)
                    manifestOutputs(r.manifest, store.dir);
                set('rows', JSON.stringify(r.rows));
                report = restoreReport(p.restoreTarget.database, r);
                error = r.error;
            }
            else {
                const r = await checkFreshness(store, p.check.name, p.check.maxAgeMs);
                if (r.newest) {
                    manifestOutputs(r.newest, store.dir);
                    set('age-hours', ((r.ageMs ?? 0) / 3_600_000).toFixed(2));
                }
                report = checkReport(store.where, p.check.maxAgeMs, r);
                error = r.error;
            }
        });
    }
    catch (e) {
        // No report: the session could not be opened or dropped; the step fails with this error as it is.
        return { outputs: { ...outputs, status: 'failure' }, reports: [], figures, error: e };
    }
    set('status', error ? 'failure' : 'success');
    return { outputs, reports: [report], figures, ...(error ? { error: new errors/* KeelError */.Ui(error) } : {}) };
}

;// CONCATENATED MODULE: ./src/actions/backup-db/main.ts
/** backup-db entry: inputs → settings → the mode run (src/backup, through stage.ts) → outputs and job summary. */




async function main() {
    await (0,step/* step */.PM)(async () => {
        const settings = backupSettings(await (0,step/* readInputs */.Ko)(inputs.inputs));
        await (0,step/* finish */.O9)(await runBackupDb(settings, (0,step/* runnerLogger */.hB)()));
    });
}


/***/ }),

/***/ 9221:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  connectionFrom: () => (/* binding */ connectionFrom)
});

// EXTERNAL MODULE: ./src/config/hosts.ts
var hosts = __webpack_require__(6593);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./node_modules/ssh2/lib/protocol/keyParser.js
var keyParser = __webpack_require__(1789);
;// CONCATENATED MODULE: ./src/remote/keys.ts
/**
 * Private keys as users paste them into secrets: OpenSSH (new format), PEM (RSA, ECDSA), ed25519, with or
 * without passphrase, with CRLF line ends, stray indentation or no trailing newline. Problems are reported
 * by input name and never include the key itself.
 */
// ssh2's key parser alone (ssh2.utils.parseKey): the rest of ssh2 loads with the first connection (ssh.ts).


function normaliseKeyText(text) {
    const lines = text
        .replace(/\r\n?/g, '\n')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '');
    return lines.join('\n') + '\n';
}
function parsePrivateKey(text, passphrase, field = 'ssh-key') {
    const normalised = normaliseKeyText(text);
    if (!/^-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----\n/.test(normalised)) {
        const hint = /^(ssh-|ecdsa-)/.test(normalised)
            ? 'this looks like a public key; give the private key (the file without .pub)'
            : 'expected a private key starting with -----BEGIN ... PRIVATE KEY-----';
        throw new errors/* KeelError */.Ui(`input '${field}': not a private key: ${hint}`, { field });
    }
    if (/^-----BEGIN ENCRYPTED PRIVATE KEY-----/.test(normalised)) {
        throw new errors/* KeelError */.Ui(`input '${field}': PKCS#8 encrypted keys are not supported; convert it with ` +
            '`ssh-keygen -p -f KEY` (OpenSSH format keeps the passphrase)', { field });
    }
    const pass = passphrase === undefined || passphrase === '' ? undefined : passphrase;
    const parsed = (0,keyParser.parseKey)(normalised, pass);
    if (parsed instanceof Error) {
        const msg = parsed.message;
        if (/no passphrase/i.test(msg)) {
            throw new errors/* KeelError */.Ui(`input '${field}': the key is encrypted; give its passphrase in 'ssh-passphrase'`, {
                field: 'ssh-passphrase',
            });
        }
        if (pass !== undefined && /(decrypt|bad|integrity|passphrase)/i.test(msg)) {
            throw new errors/* KeelError */.Ui(`input 'ssh-passphrase': the passphrase does not decrypt the key in '${field}'`, {
                field: 'ssh-passphrase',
            });
        }
        throw new errors/* KeelError */.Ui(`input '${field}': the private key cannot be read (${msg})`, { field });
    }
    const key = Array.isArray(parsed) ? parsed[0] : parsed;
    if (!key)
        throw new errors/* KeelError */.Ui(`input '${field}': the private key cannot be read`, { field });
    return { text: normalised, passphrase: pass, type: key.type };
}

;// CONCATENATED MODULE: ./src/actions/common/connection.ts



function connectionFrom(inputs, log) {
    const problems = [];
    const trust = {
        knownHosts: inputs['known-hosts'],
        fingerprints: inputs['host-fingerprints'],
        trustOnFirstUse: inputs['trust-on-first-use'],
    };
    const defaults = { user: inputs.user, port: inputs.port };
    const endpoints = (0,hosts/* endpointsFrom */.BY)(inputs.hosts, defaults, trust, 'hosts', problems);
    const jumps = (0,hosts/* endpointsFrom */.BY)(inputs['jump-hosts'], defaults, trust, 'jump-hosts', problems);
    if (inputs.hosts.length === 0)
        problems.push({
            field: 'hosts',
            message: "is required but was not given (as an input, or in the spec's deploy.hosts)",
        });
    const keyText = inputs['ssh-key'];
    if ((keyText ?? '').trim() === '' && (inputs.password ?? '') === '') {
        problems.push({
            field: 'ssh-key',
            message: "no credentials: give 'ssh-key' (or, discouraged, 'password')",
        });
    }
    if (problems.length > 0)
        throw new errors/* InputError */.dz(problems);
    const credentials = {};
    if (keyText && keyText.trim() !== '') {
        credentials.key = parsePrivateKey(keyText, inputs['ssh-passphrase']);
    }
    else if (inputs['ssh-passphrase']) {
        throw new errors/* KeelError */.Ui("input 'ssh-passphrase' is given but 'ssh-key' is not", { field: 'ssh-passphrase' });
    }
    if (inputs.password) {
        credentials.password = inputs.password;
        log.warn('password authentication is in use; a key (ssh-key) is safer', 'password');
    }
    if (inputs['trust-on-first-use']) {
        log.warn('trust-on-first-use is on: host keys are accepted without verification', 'trust-on-first-use');
    }
    return {
        endpoints,
        credentials,
        options: {
            connectTimeoutMs: inputs['connect-timeout'],
            keepaliveIntervalMs: 10_000,
            retries: inputs['connect-retries'],
            retryDelayMs: 1_000,
            jumps,
        },
    };
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

/***/ 194:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Gp: () => (/* binding */ xyChart)
/* harmony export */ });
/* unused harmony exports chartLabel, chartNumber */
/**
 * Mermaid `xychart-beta` charts for job summaries (GitHub draws them; Mermaid >= 10.5): one x-axis of labels,
 * lines and bars of numbers. Every text is a quoted Mermaid string with anything that could end it replaced,
 * and every number is finite (a missing value is drawn as 0; the table beside each chart says `-`).
 */
/** A Mermaid string: quotes, backslashes, backticks and line breaks could end it or the chart; they are replaced. */
const chartLabel = (text) => `"${text.replace(/["\\\r\n`]/g, "'")}"`;
/** A number as the chart writes it: at most `digits` decimals, never NaN or Infinity. */
const chartNumber = (x, digits) => x === undefined || !Number.isFinite(x) ? '0' : Number(x.toFixed(digits)).toString();
function xyChart(c) {
    const all = [...c.lines, ...(c.bars ?? [])].flat().filter((v) => Number.isFinite(v));
    const top = Math.max(0, ...all) * 1.1;
    const series = (kind, values) => `    ${kind} [${values.map((v) => chartNumber(v, c.digits)).join(', ')}]`;
    return [
        'xychart-beta',
        `    title ${chartLabel(c.title)}`,
        `    x-axis [${c.x.map(chartLabel).join(', ')}]`,
        `    y-axis ${chartLabel(c.yLabel)} 0 --> ${chartNumber(top, c.digits) === '0' ? '1' : chartNumber(top, c.digits)}`,
        ...(c.bars ?? []).map((b) => series('bar', b)),
        ...c.lines.map((l) => series('line', l)),
    ].join('\n');
}


/***/ })

};
