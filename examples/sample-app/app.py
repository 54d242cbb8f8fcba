"""keel's sample app: a small Flask app served by Debian's gunicorn.

Routes: /healthz (liveness), /readyz (readiness; checks the database when DATABASE_URL is set),
/version (the release id it was deployed as), /ai/echo (a slow POST endpoint, for long-timeout routes), /.
"""
import datetime
import os
import time
from pathlib import Path

from flask import Flask, jsonify, request

app = Flask(__name__)
STARTED = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


def release_id():
    if os.environ.get("KEEL_RELEASE"):
        return os.environ["KEEL_RELEASE"]
    marker = Path(__file__).resolve().parent / "RELEASE"
    try:
        return marker.read_text().strip() or "unknown"
    except OSError:
        return "unknown"


@app.get("/healthz")
def healthz():
    return jsonify(status="ok")


@app.get("/readyz")
def readyz():
    url = os.environ.get("DATABASE_URL")
    if not url:
        return jsonify(status="ready", database="not configured")
    try:
        import psycopg2

        with psycopg2.connect(url, connect_timeout=3) as conn, conn.cursor() as cur:
            cur.execute("SELECT 1")
            cur.fetchone()
        return jsonify(status="ready", database="ok")
    except Exception as error:  # never echo the URL: it holds the password
        return jsonify(status="unavailable", error=type(error).__name__), 503


@app.get("/version")
def version():
    return jsonify(release=release_id(), pid=os.getpid(), started=STARTED)


@app.post("/ai/echo")
def ai_echo():
    try:
        delay = min(max(float(request.args.get("delay", "1.0")), 0.0), 60.0)
    except ValueError:
        return jsonify(error="delay must be a number"), 400
    time.sleep(delay)
    return jsonify(echo=request.get_json(silent=True), delay=delay)


@app.get("/")
def index():
    return (
        "<!doctype html><html><head><title>keel sample</title></head>"
        f"<body><h1>keel sample app</h1><p>release {release_id()}</p></body></html>"
    )
