/**
 * keel's Gunicorn worker hooks, part of the rendered gunicorn.conf.py (see workers.ts for what reads their
 * records and why /dev/shm).
 */
/** The word in a Gunicorn config that shows keel's hooks are in it. */
export const HOOKS_SIGNATURE = 'keel-workers';

/**
 * The file (next to `current`, in the deploy path) a rolling reload writes while it replaces the workers one at
 * a time: it holds a deadline (seconds since the epoch). Until then, workers do not recycle on `max_requests`:
 * a worker recycled mid-roll would come back on the new release unasked, and a roll counts on replacing each
 * one itself. A file left behind (keel killed) stops counting at its deadline.
 */
export const ROLLING_PAUSE_FILE = '.keel-rolling';

/** Python for gunicorn.conf.py (top level; it needs nothing else from the file). */
export const GUNICORN_HOOKS = `# keel's worker hooks: each worker loads the release \`current\` points to when it is forked (resolved once,
# so a later switch of the symlink cannot change what it runs) and, once the app is imported, records that
# release in /dev/shm/${HOOKS_SIGNATURE}.<uid>/<pid>; reload-graceful proves new workers up and on the
# expected release from these records.
import json as _keel_json
import os as _keel_os
import sys as _keel_sys
import time as _keel_time


def post_fork(server, worker):
    link = server.cfg.chdir
    release = _keel_os.path.realpath(link)
    _keel_os.chdir(release)
    _keel_sys.path[:] = [release if p == link else p for p in _keel_sys.path]
    _keel_os.environ["KEEL_RELEASE_DIR"] = release


def _keel_leave_release(server):
    # The master never stays in a release directory: keep-N pruning may delete it, and Gunicorn's next reload
    # then fails (os.getcwd() raises) and the master exits. Its workers enter their release in post_fork.
    try:
        _keel_os.chdir(_keel_os.path.dirname(server.cfg.chdir.rstrip("/")) or "/")
    except OSError as error:
        server.log.warning("keel: cannot leave the release directory: %s", error)


def when_ready(server):
    _keel_leave_release(server)


def on_reload(server):
    _keel_leave_release(server)


def _keel_rolling(worker):
    # Whether a rolling reload is under way (see pre_request): read at most once a second per worker.
    now = _keel_time.monotonic()
    if now - getattr(worker, "_keel_checked", -2.0) >= 1.0:
        worker._keel_checked = now
        paused = False
        try:
            path = _keel_os.path.join(_keel_os.path.dirname(worker.cfg.chdir.rstrip("/")), "${ROLLING_PAUSE_FILE}")
            with open(path) as f:
                paused = _keel_time.time() < float(f.read(64).strip())
        except (OSError, ValueError):
            pass
        worker._keel_paused = paused
    return worker._keel_paused


def pre_request(worker, req):
    # While reload-graceful rolls the workers, max_requests recycling waits (the worker's count stops just short
    # of its limit); afterwards it goes on as configured. Gunicorn counts the request right after this hook.
    worker.log.debug("%s %s", req.method, req.path)
    if worker.max_requests < _keel_sys.maxsize and _keel_rolling(worker):
        worker.nr = min(worker.nr, worker.max_requests - 2)


def _keel_records():
    return "/dev/shm/${HOOKS_SIGNATURE}.%d" % _keel_os.geteuid()


def post_worker_init(worker):
    try:
        d = _keel_records()
        _keel_os.makedirs(d, exist_ok=True)
        if _keel_os.stat(d).st_uid == _keel_os.geteuid():
            _keel_os.chmod(d, 0o755)
        with open("/proc/self/stat") as f:
            start = int(f.read().rsplit(")", 1)[1].split()[19])
        pid = _keel_os.getpid()
        release = _keel_os.environ.get("KEEL_RELEASE_DIR") or _keel_os.getcwd()
        tmp = "%s/.%d.tmp" % (d, pid)
        with open(tmp, "w") as f:
            _keel_json.dump({"pid": pid, "start": start, "release": release, "workers": worker.cfg.workers}, f)
        _keel_os.chmod(tmp, 0o644)
        _keel_os.rename(tmp, "%s/%d" % (d, pid))
    except Exception as error:  # never stop a worker over its record
        worker.log.warning("keel: cannot record this worker's release: %s", error)


def worker_exit(server, worker):
    try:
        _keel_os.unlink("%s/%d" % (_keel_records(), worker.pid))
    except OSError:
        pass
`;
