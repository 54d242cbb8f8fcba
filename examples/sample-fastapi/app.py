"""keel's FastAPI sample app: the same routes as the Flask one, as an ASGI app served by Debian's gunicorn with
uvicorn's worker class (`gunicorn -k uvicorn.workers.UvicornWorker app:app`).

Routes: /healthz (liveness), /readyz (readiness), /version (the release id it was deployed as, and the worker),
/ai/echo (a slow POST endpoint: an async sleep, so one worker serves many at once), /.
Only the Python standard library and Debian's python3-fastapi and python3-uvicorn are used.
"""
import asyncio
import html
import math
import os
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse

app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)

MAX_DELAY = 60.0


def release_id():
    """The release this code was deployed as: $KEEL_RELEASE, else a RELEASE file next to app.py."""
    if os.environ.get("KEEL_RELEASE"):
        return os.environ["KEEL_RELEASE"]
    try:
        return (Path(__file__).resolve().parent / "RELEASE").read_text().strip() or "unknown"
    except OSError:
        return "unknown"


@app.get("/healthz")
async def healthz():
    return {"status": "ok"}


@app.get("/readyz")
async def readyz():
    return {"status": "ready", "database": "not configured"}


@app.get("/version")
async def version():
    return {"release": release_id(), "pid": os.getpid(), "server": "uvicorn"}


@app.post("/ai/echo")
async def ai_echo(request: Request):
    """Echoes the JSON body after ?delay=SECONDS (default 1, at most 60), without holding the worker."""
    try:
        delay = float(request.query_params.get("delay", "1.0"))
    except ValueError:
        delay = math.nan
    if not math.isfinite(delay) or delay < 0:
        return JSONResponse({"error": "delay must be a non-negative number of seconds"}, status_code=400)
    delay = min(delay, MAX_DELAY)
    await asyncio.sleep(delay)
    try:
        body = await request.json()
    except ValueError:
        body = None
    return {"echo": body, "delay": delay}


@app.get("/", response_class=HTMLResponse)
async def index():
    release = html.escape(release_id())
    return (
        '<!doctype html>\n<html><head><meta charset="utf-8"><title>keel FastAPI sample</title></head>\n'
        f"<body><h1>keel FastAPI sample</h1><p>release <code>{release}</code>, worker {os.getpid()}</p>"
        "</body></html>\n"
    )
