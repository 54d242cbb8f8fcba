"""keel's sample app: a small Flask app served by Debian's gunicorn (`gunicorn app:app`).

Routes: /healthz (liveness), /readyz (readiness; checks the database when DATABASE_URL is set),
/version (the release id it was deployed as), /ai/echo (a slow POST endpoint, for long-timeout routes),
/ai/answer (quick, but slowed by the seconds in a SLOW file next to app.py: a release slower on /ai/*),
/checkout (fails with 500 in a release that holds a BROKEN file next to app.py: a release whose health checks
pass while a route fails, for keel's watch), /, and /edge/headers and /edge/page for the proxy tests.
Only the Python standard library and Debian's python3-flask and python3-psycopg2 are used.
"""
import datetime
import html
import math
import os
import time
from pathlib import Path

from flask import Flask, jsonify, request

app = Flask(__name__)

MAX_DELAY = 60.0
_started = {}  # pid -> ISO time that process started


def release_id():
    """The release this code was deployed as: $KEEL_RELEASE, else a RELEASE file next to app.py."""
    if os.environ.get("KEEL_RELEASE"):
        return os.environ["KEEL_RELEASE"]
    try:
        return (Path(__file__).resolve().parent / "RELEASE").read_text().strip() or "unknown"
    except OSError:
        return "unknown"


def _process_start_time():
    """When this process started, from /proc (right for gunicorn workers even with --preload, where the
    app is imported once in the master before the workers fork)."""
    try:
        fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        ticks = int(fields[19])  # field 22 of proc(5), counted from field 3 after the ")"
        boot = next(
            int(line.split()[1])
            for line in Path("/proc/stat").read_text().splitlines()
            if line.startswith("btime ")
        )
        seconds = boot + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, StopIteration):
        seconds = time.time()
    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).isoformat(timespec="seconds")


def worker_started():
    pid = os.getpid()
    if pid not in _started:
        _started[pid] = _process_start_time()
    return _started[pid]


worker_started()  # the importing process; a forked worker computes its own on first use


@app.get("/healthz")
def healthz():
    """Liveness: the process answers. Never touches the database."""
    return jsonify(status="ok")


@app.get("/readyz")
def readyz():
    """Readiness: with DATABASE_URL set, the database must answer SELECT 1."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        return jsonify(status="ready", database="not configured")
    try:
        import psycopg2  # Debian's python3-psycopg2; imported here so /healthz works without it

        conn = psycopg2.connect(url, connect_timeout=3)
        try:
            with conn.cursor() as cur:
                cur.execute("SELECT 1")
                cur.fetchone()
        finally:
            conn.close()
        return jsonify(status="ready", database="ok")
    except Exception as error:  # noqa: BLE001 - any failure means "not ready"
        # Only the error's class: psycopg2's messages can quote the connection string, password included.
        return jsonify(status="unavailable", error=type(error).__name__), 503


@app.get("/version")
def version():
    return jsonify(release=release_id(), pid=os.getpid(), started=worker_started())


@app.post("/ai/echo")
def ai_echo():
    """A slow endpoint: echoes the JSON body after ?delay=SECONDS (default 1, at most 60)."""
    try:
        delay = float(request.args.get("delay", "1.0"))
    except ValueError:
        delay = math.nan
    if not math.isfinite(delay) or delay < 0:
        return jsonify(error="delay must be a non-negative number of seconds (capped at 60)"), 400
    delay = min(delay, MAX_DELAY)
    time.sleep(delay)
    return jsonify(echo=request.get_json(silent=True), delay=delay)


@app.get("/ai/answer")
def ai_answer():
    """A quick answer, slowed by the seconds in a SLOW file next to app.py (at most 60): a release that is slower
    on /ai/* while its health checks stay fast, for keel's watch."""
    try:
        slow = float((Path(__file__).resolve().parent / "SLOW").read_text().strip())
    except (OSError, ValueError):
        slow = 0.0
    if math.isfinite(slow) and slow > 0:
        time.sleep(min(slow, MAX_DELAY))
    return jsonify(answer=42, release=release_id())


@app.get("/edge/headers")
def edge_headers():
    """For the proxy tests: the headers the proxy sent the app, and headers and a cookie the app sets itself."""
    names = ("Host", "X-Forwarded-Host", "X-Forwarded-For", "X-Forwarded-Proto", "X-Real-IP", "X-Request-ID")
    reply = jsonify({n: request.headers.get(n) for n in names})
    reply.headers["X-Frame-Options"] = "SAMEORIGIN"
    reply.headers["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'self'"
    reply.headers["Set-Cookie"] = "sid=s3cret; Path=/; SameSite=None"
    return reply


@app.get("/edge/page")
def edge_page():
    """An HTML page with a per-visitor secret next to text the visitor controls: what BREACH reads back."""
    query = html.escape(request.args.get("q", ""))
    token = os.urandom(16).hex()
    filler = "<p>" + "keel sample text. " * 120 + "</p>"
    return (
        "<!doctype html>\n<html><body>"
        f'<form><input type="hidden" name="csrf" value="{token}"></form>'
        f"<p>You searched for {query}</p>{filler}</body></html>\n"
    )


@app.get("/checkout")
def checkout():
    """Answers 200, or 500 when the release carries a BROKEN file (health stays green either way)."""
    if (Path(__file__).resolve().parent / "BROKEN").exists():
        return jsonify(error="checkout is broken in this release"), 500
    return jsonify(status="ok", release=release_id())


@app.get("/")
def index():
    release = html.escape(release_id())
    return (
        "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>keel sample app</title></head>\n"
        f"<body><h1>keel sample app</h1><p>release <code>{release}</code>, worker {os.getpid()}</p>\n"
        '<p><a href="/healthz">/healthz</a> · <a href="/readyz">/readyz</a> · <a href="/version">/version</a></p>'
        "</body></html>\n"
    )
