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
import fcntl as _keel_fcntl
import json as _keel_json
import os as _keel_os
import signal as _keel_signal
import stat as _keel_stat
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
    server._keel_hold = None
    _keel_clear_holds(server)


def on_reload(server):
    _keel_leave_release(server)
    _keel_start_hold(server)


def _keel_rolling(worker):
    # Whether a rolling reload (read at most once a second per worker) or a HUP's hold (below: one stat on
    # tmpfs) is under way (see pre_request).
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
    return worker._keel_paused or _keel_os.path.exists("%s/hold.%d" % (_keel_records(), worker.ppid))


def pre_request(worker, req):
    # While reload-graceful rolls the workers, or a HUP holds the old ones, max_requests recycling waits (the worker's count stops just short
    # of its limit); afterwards it goes on as configured. Gunicorn counts the request right after this hook.
    worker.log.debug("%s %s", req.method, req.path)
    if worker.max_requests < _keel_sys.maxsize and _keel_rolling(worker):
        worker.nr = min(worker.nr, worker.max_requests - 2)


def _keel_records():
    return "/dev/shm/${HOOKS_SIGNATURE}.%d" % _keel_os.geteuid()


# A HUP without downtime. Gunicorn's reload spawns \`workers\` new workers and at once TERMs the old ones beyond
# num_workers, while the new ones are still importing the app: requests wait in the listen backlog meanwhile.
# on_reload (in the master) holds the old workers: num_workers = workers + held, where held counts the old
# workers that serve (at most \`workers\`) and those still importing (a HUP during a hold: they will claim too),
# and the file hold.<master pid> says "held claimed settled". Each worker that has imported the app while
# claimed < held claims one (post_worker_init, under an flock) and sends the master TTOU, whose handle_ttou
# TERMs the oldest worker (it finishes its requests first). A TTOU can be lost (two sent together are handled
# once; Gunicorn 20-23 drop a sixth queued signal; SIGCONT discards a pending one), so the master does not count
# TTOUs: on each one (and each worker exit), nworkers_changed and child_exit set num_workers to
# workers + held - claimed, read from the file, write that they settled it, and end the hold when all are
# claimed or every worker has imported the app; a worker sends TTOU again until its claim is settled (5 s at
# most). Anything wrong with the file (missing, foreign, garbage) ends the hold: Gunicorn's own behaviour, the
# held workers retire at once; never a stopped worker or master. During a hold max_requests recycling waits.
# Read against Gunicorn 20.1 (Debian 12), 22.0 and 23.0 (the same reload); from 24.0 its reload waits up to
# graceful_timeout for the old workers to go, so there the held ones retire after that wait at the latest.
def _keel_hold_dir(create):
    # The records directory, only when it is a real directory of this user that nobody else may write.
    d = _keel_records()
    if create:
        try:
            _keel_os.mkdir(d, 0o755)
        except FileExistsError:
            pass
    st = _keel_os.lstat(d)
    if not _keel_stat.S_ISDIR(st.st_mode) or st.st_uid != _keel_os.geteuid():
        raise OSError("%s is not a directory of uid %d" % (d, _keel_os.geteuid()))
    if st.st_mode & 0o022:
        _keel_os.chmod(d, 0o755)
    return d


def _keel_lock(fd, how):
    # flock, waiting at most 2 s (a holder keeps it for microseconds): never a stuck master or worker.
    deadline = _keel_time.monotonic() + 2.0
    while True:
        try:
            _keel_fcntl.flock(fd, how | _keel_fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if _keel_time.monotonic() > deadline:
                raise OSError("the hold file stayed locked for 2 s")
            _keel_time.sleep(0.005)


def _keel_read_hold(fd):
    # (held, claimed, settled), 0 <= settled <= claimed <= held, or ValueError.
    data = _keel_os.pread(fd, 64, 0).split()
    if len(data) != 3 or not all(x.isdigit() for x in data):
        raise ValueError("the hold file holds %r" % b" ".join(data)[:40])
    held, claimed, settled = (int(x) for x in data)
    if not settled <= claimed <= held:
        raise ValueError("the hold file holds %r" % b" ".join(data)[:40])
    return held, claimed, settled


def _keel_write_hold(fd, held, claimed, settled):
    _keel_os.ftruncate(fd, 0)
    _keel_os.pwrite(fd, ("%d %d %d\\n" % (held, claimed, settled)).encode(), 0)


def _keel_open_hold(path, flags):
    fd = _keel_os.open(path, flags | _keel_os.O_NOFOLLOW | _keel_os.O_CLOEXEC)
    st = _keel_os.fstat(fd)
    if not _keel_stat.S_ISREG(st.st_mode) or st.st_uid != _keel_os.geteuid() or st.st_mode & 0o022:
        _keel_os.close(fd)
        raise OSError("%s is not a file of uid %d that only it may write" % (path, _keel_os.geteuid()))
    return fd


def _keel_booted(pid):
    # Whether worker \`pid\` has imported the app: its record (post_worker_init) names this very process.
    try:
        with open("%s/%d" % (_keel_records(), pid)) as f:
            record = _keel_json.loads(f.read(4096))
        with open("/proc/%d/stat" % pid) as f:
            start = int(f.read().rsplit(")", 1)[1].split()[19])
        return record["pid"] == pid and record["start"] == start
    except Exception:
        return False


def _keel_set_workers(server, n):
    if server.num_workers != n:
        server._keel_adjusting = True
        try:
            server.num_workers = n
        finally:
            server._keel_adjusting = False


def _keel_start_hold(server):
    server._keel_hold = None
    workers = server.cfg.workers
    try:
        old = list(server.WORKERS)
        serving = sum(1 for pid in old if _keel_booted(pid))
        held = min(serving, workers) + len(old) - serving
        # Workers running as another user (\`user\` with a root master) cannot reach the master's file.
        if held < 1 or server.cfg.uid != _keel_os.geteuid():
            return
        d = _keel_hold_dir(True)
        path = "%s/hold.%d" % (d, _keel_os.getpid())
        tmp = "%s/.hold.%d.tmp" % (d, _keel_os.getpid())
        try:
            _keel_os.unlink(tmp)
        except FileNotFoundError:
            pass
        flags = _keel_os.O_WRONLY | _keel_os.O_CREAT | _keel_os.O_EXCL | _keel_os.O_NOFOLLOW
        fd = _keel_os.open(tmp, flags, 0o600)
        try:
            _keel_write_hold(fd, held, 0, 0)
        finally:
            _keel_os.close(fd)
        _keel_os.rename(tmp, path)
        server._keel_hold = {"workers": workers, "held": held, "path": path, "age": server.worker_age, "done": None}
        _keel_set_workers(server, workers + held)
        server.log.info("keel: %d old worker(s) serve until as many new ones have imported the app", held)
    except Exception as error:
        server._keel_hold = None
        _keel_set_workers(server, workers)
        server.log.warning("keel: the old workers retire at once on this reload (%s)", error)


def _keel_settle(server, ttou):
    # In the master during a hold: num_workers = workers + held - claimed.
    hold = server._keel_hold
    if hold["done"] is not None:
        # For 10 s after the hold, a TTOU is one sent again for a claim it already counted: absorbed.
        if _keel_time.monotonic() - hold["done"] > 10:
            server._keel_hold = None
        elif ttou:
            _keel_set_workers(server, hold["workers"])
        return
    workers, held = hold["workers"], hold["held"]
    try:
        fd = _keel_open_hold(hold["path"], _keel_os.O_RDWR)
        try:
            _keel_lock(fd, _keel_fcntl.LOCK_EX)
            claimed = _keel_read_hold(fd)[1]
            alive = list(server.WORKERS.items())
            # Every worker has imported the app, one started since the HUP, and Gunicorn starts no more (none
            # exited to be replaced): no claim can come any more.
            ready = (
                len(alive) >= server.num_workers
                and any(w.age > hold["age"] for _, w in alive)
                and all(_keel_booted(pid) for pid, _ in alive)
            )
            done = claimed >= held or ready
            _keel_write_hold(fd, held, held if done else claimed, held if done else claimed)
        finally:
            _keel_os.close(fd)
    except Exception as error:
        server.log.warning("keel: the old workers retire at once (%s)", error)
        claimed, done = held, True
    if done:
        hold["done"] = _keel_time.monotonic()
        try:
            _keel_os.unlink(hold["path"])
        except OSError:
            pass
        _keel_set_workers(server, workers)
    else:
        _keel_set_workers(server, workers + held - claimed)


def nworkers_changed(server, new_value, old_value):
    # In the master after each change of num_workers: during a hold, a TTOU (one less, never to 0) is settled.
    if getattr(server, "_keel_hold", None) is None or getattr(server, "_keel_adjusting", False):
        return
    if old_value is not None and new_value == old_value - 1 and new_value >= 1:
        try:
            _keel_settle(server, True)
        except Exception as error:  # never stop the master over a hold
            server._keel_hold = None
            server.log.warning("keel: cannot settle the hold: %s", error)


def child_exit(server, worker):
    # In the master after a worker exited: the last one that could claim may be gone.
    if getattr(server, "_keel_hold", None) is not None:
        try:
            _keel_settle(server, False)
        except Exception as error:
            server._keel_hold = None
            server.log.warning("keel: cannot settle the hold: %s", error)


def _keel_claim(worker):
    # In a worker that has imported the app: during its master's hold, retire one held old worker.
    master = worker.ppid
    if master != _keel_os.getppid():
        return
    try:
        path = "%s/hold.%d" % (_keel_hold_dir(False), master)
        fd = _keel_open_hold(path, _keel_os.O_RDWR)
    except FileNotFoundError:
        return
    except Exception as error:
        worker.log.warning("keel: cannot read the master's hold: %s", error)
        return
    try:
        _keel_lock(fd, _keel_fcntl.LOCK_EX)
        try:
            held, claimed, settled = _keel_read_hold(fd)
        except ValueError as error:
            # The master cannot read it either: its TTOU handling ends the hold (Gunicorn's own behaviour).
            worker.log.warning("keel: %s; the old workers retire at once", error)
            _keel_os.kill(master, _keel_signal.SIGTTOU)
            return
        if claimed >= held:
            return
        # The claim is written before the signal: the master reads it when it handles the TTOU.
        _keel_write_hold(fd, held, claimed + 1, settled)
        mine = claimed + 1
        try:
            _keel_os.kill(master, _keel_signal.SIGTTOU)
        except OSError:
            _keel_write_hold(fd, held, claimed, settled)
            raise
        _keel_fcntl.flock(fd, _keel_fcntl.LOCK_UN)
        worker.log.info("keel: this worker is ready; one old worker retires (%d of %d)", mine, held)
        # TTOU again until the master has settled this claim (or the hold is over): 5 s at most.
        deadline, delay = _keel_time.monotonic() + 5.0, 0.02
        while _keel_time.monotonic() < deadline:
            _keel_time.sleep(delay)
            delay = 0.25
            if _keel_os.fstat(fd).st_nlink == 0:
                return
            try:
                if _keel_read_hold(fd)[2] >= mine:
                    return
            except ValueError:  # read while the master rewrote it
                continue
            _keel_os.kill(master, _keel_signal.SIGTTOU)
        worker.log.warning("keel: the master has not settled this worker's claim within 5 s")
    except Exception as error:
        worker.log.warning("keel: this worker retires no old worker: %s", error)
    finally:
        _keel_os.close(fd)


def _keel_clear_holds(server):
    # A new master: its own leftover hold file (a reused PID) and those of masters that are gone.
    try:
        d = _keel_hold_dir(False)
        for name in _keel_os.listdir(d):
            if not name.startswith("hold.") or not name[5:].isdigit():
                continue
            pid = int(name[5:])
            if pid != _keel_os.getpid():
                try:
                    _keel_os.kill(pid, 0)
                    continue
                except ProcessLookupError:
                    pass
                except OSError:
                    continue
            _keel_os.unlink("%s/%s" % (d, name))
    except FileNotFoundError:
        pass
    except Exception as error:
        server.log.warning("keel: cannot clear old hold files: %s", error)


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
    _keel_claim(worker)


def worker_exit(server, worker):
    try:
        _keel_os.unlink("%s/%d" % (_keel_records(), worker.pid))
    except OSError:
        pass
`;
