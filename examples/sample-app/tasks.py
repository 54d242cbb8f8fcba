"""keel's sample Celery app (Debian's python3-celery and python3-redis): `celery -A tasks worker` and
`celery -A tasks beat`, beside the web app, for keel's processes (spec `processes:`).

The release a process runs is read ONCE, when the module is imported, from the directory the process started
in (its working directory is the release `current` pointed to then): a task reports the release whose code
runs it, not the one `current` points to now. Every task writes what it did under $KEEL_TASKS_DIR (the app's
shared directory on a host), one file per event, so a test can tell which release ran what and when.

- `tasks.sleep_and_record(name, seconds)`: writes `task-<name>.started`, sleeps, writes `task-<name>.done`
  (each with the release, the worker PID and the time): a long task that a warm shutdown must let finish.
- `tasks.tick()`: appends the time and the release to `beat.log`; beat sends it every $KEEL_BEAT_EVERY seconds.

Broker and result backend: $CELERY_BROKER_URL (default redis://127.0.0.1:6379/0).
"""
import os
import time
from pathlib import Path

from celery import Celery

BROKER = os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
app = Celery("tasks", broker=BROKER, backend=BROKER)
app.conf.broker_connection_retry_on_startup = True
# One task at a time per worker process, acknowledged when done: a task cut off by a kill is redelivered.
app.conf.worker_prefetch_multiplier = 1
app.conf.task_acks_late = True

START_DIR = os.getcwd()


def _release():
    try:
        return (Path(START_DIR) / "RELEASE").read_text().strip() or "unknown"
    except OSError:
        return os.environ.get("KEEL_RELEASE", "unknown")


RELEASE = _release()
OUT = Path(os.environ.get("KEEL_TASKS_DIR", "/tmp"))


def _write(name, text):
    tmp = OUT / (name + ".tmp")
    tmp.write_text(text)
    tmp.rename(OUT / name)


@app.task
def sleep_and_record(name, seconds):
    _write("task-%s.started" % name, "%s %s %s %.3f\n" % (RELEASE, START_DIR, os.getpid(), time.time()))
    time.sleep(float(seconds))
    _write("task-%s.done" % name, "%s %s %s %.3f\n" % (RELEASE, START_DIR, os.getpid(), time.time()))
    return RELEASE


@app.task
def tick():
    with open(OUT / "beat.log", "a") as f:
        f.write("%.3f %s\n" % (time.time(), RELEASE))
    return RELEASE


_every = float(os.environ.get("KEEL_BEAT_EVERY") or 0)
if _every > 0:
    app.conf.beat_schedule = {"tick": {"task": "tasks.tick", "schedule": _every}}
