"""gunicorn's settings, read from the folder it starts in: ``make run``, ``make bench`` and
the README's commands start it here.

The app is loaded once, in the master, and the workers are forked from it
(``preload_app``): the libraries, the models and the app's modules, most of a worker's
memory, sit in pages the workers share instead of each loading its own copy. Python
writes to an object's memory when its garbage collector looks at it, so the collector is
kept off while the app loads and what was loaded is then frozen out of its sight
(https://docs.python.org/3/library/gc.html#gc.freeze): a worker's collections leave the
shared pages alone. Measured on the one-year scale ward, after the bench's logins and
pages: a worker's proportional memory (PSS, its share of the shared pages) 42 MB instead
of 58 MB, its RSS 68 MB instead of 71 MB; the whole server (master and workers, PSS)
121 MB instead of 129 MB with 2 workers, 186 MB instead of 242 MB with 4; on the demo
ward with 4 workers (``bench/memory.py``, 7/12/2026) 166 MB instead of 216 MB, each
worker's private memory 28 MB instead of 41 MB.

Since the master holds the app's code, a new version of the code needs a restart of
gunicorn (``kill -HUP`` starts new workers from the master's old code).

Interpreter options cannot be set from here: ``make run`` starts gunicorn with
``PYTHONOPTIMIZE=2`` (the Makefile's ``SERVE_ENV``; no docstrings or asserts), which
takes about 5 MB off each process's RSS and 13 MB off a 4-worker server's PSS, and
``PYTHONNODEBUGRANGES=1`` (code objects without the column positions of a traceback's
``^^^`` markers): 0.5 MB off a worker's RSS.
"""

from __future__ import annotations

import ctypes
import gc
import os
from pathlib import Path
from typing import Any

preload_app = True

# One sync worker per core this process may run on (``-w N`` or WEB_CONCURRENCY=N
# instead). The login lock's counts are in the database, so every worker sees them.
workers = int(os.environ.get("WEB_CONCURRENCY") or 0) or len(os.sched_getaffinity(0))

gc.disable()  # no collection while the app loads: the shared pages stay as they were made

# A worker whose RSS has grown this many MB past the master's retires after the response
# it has just sent, and the master forks a fresh one: WARDTASKS_WORKER_RSS_ALLOWANCE_MB,
# off (0) unless set. Pages keep a worker near the master (60-62 MB against 65 on the demo
# ward); an XLSX or DOCX download loads openpyxl, Pillow and python-docx into the worker
# that served it for good (+20 MB). Measured on the demo ward, 4 workers, 8 downloads
# then 200 pages: allowance 10, the whole server's PSS 169.6 MB instead of 214.2 and
# three of the four workers 60.1 MB RSS instead of 73-76; but the download after a
# retirement pays the import and the month's computation again (the month cache is the
# worker's own unless Redis holds it): 260-500 ms instead of 10-25 for a month already
# computed, and bench/run.py's downloads under 8 clients would retire a worker on nearly
# every request. Hence an operator's choice for a small machine, as gunicorn's
# max_requests (by count) is, not the default.
WORKER_RSS_ALLOWANCE_MB = float(os.environ.get("WARDTASKS_WORKER_RSS_ALLOWANCE_MB") or 0)
_master_rss_mb: list[float] = []


def when_ready(server: Any) -> None:
    """The app is loaded and no worker is forked yet: build what every worker would build
    for itself (wardtasks/warm.py), collect the garbage, give back what loading freed,
    then freeze it all out of the collector's sight."""
    app = server.app.wsgi() if server.cfg.preload_app else None
    if getattr(app, "import_name", None) == "wardtasks":  # not bench/floor.py's app
        from wardtasks.warm import warm

        warm(app)
    # Loading with the collector off leaves garbage in reference cycles, 0.9 MB traced,
    # most of it the syntax trees of the templates compiled: warm() collects it as it
    # goes, so that the master refills what it freed; what is left (a dozen objects) goes
    # here. Freed only here, its blocks would be the master's pages the workers fill by
    # copying them: worker RSS 61.6 → 61.2 MB but whole server PSS 171.5 → 173.2; with
    # warm()'s collections RSS 61.1 and PSS 170.2, runs interleaved with none: RSS 61.7 →
    # 61.2, PSS 175.3 → 174.0 (bench/results/2026-12-08-memory.md).
    gc.collect()
    release_freed_memory()
    rss = resident_mb()
    if rss is not None:
        _master_rss_mb.append(rss)
    gc.freeze()
    gc.enable()


def release_freed_memory() -> None:
    """Hand the C heap's free pages back to the system before the fork (glibc's
    ``malloc_trim(0)``; nothing elsewhere).

    Loading leaves freed memory in the master's heap (each module's compiled file is read
    whole before it is unmarshalled, templates are compiled from source text): pages that
    every worker would inherit as resident and the first allocations of each would copy.
    Measured with ``bench/memory.py`` (4 workers, demo ward, after 640 page requests): the
    master's RSS 68.1 → 66.2 MB, a worker's 64.4 → 63.7 MB, the whole server's PSS
    170.6 → 167.2 MB.
    """
    try:
        libc = ctypes.CDLL(None)
        trim = libc.malloc_trim
    except (OSError, AttributeError):  # not glibc
        return
    trim(0)


def post_fork(server: Any, worker: Any) -> None:
    """A worker never uses a database connection of the master: the master runs no query,
    and should one ever be made while loading, the worker's pool forgets it unclosed
    (SQLAlchemy's advice for forked processes)."""
    app = worker.app.wsgi()
    database = getattr(app, "extensions", {}).get("sqlalchemy")
    if database is not None:
        with app.app_context():
            for engine in database.engines.values():
                engine.dispose(close=False)


def post_request(worker: Any, _req: Any, _environ: Any, _resp: Any) -> None:
    """Retire a worker grown past its allowance (WORKER_RSS_ALLOWANCE_MB) once its
    response is sent: gunicorn finishes the request, the worker exits, the master forks
    another from the app it holds."""
    if not _master_rss_mb or WORKER_RSS_ALLOWANCE_MB <= 0:
        return
    rss = resident_mb()
    limit = _master_rss_mb[0] + WORKER_RSS_ALLOWANCE_MB
    if rss is not None and rss > limit:
        worker.log.info("worker %s retires: RSS %.1f MB > %.1f MB", worker.pid, rss, limit)
        worker.alive = False


def resident_mb() -> float | None:
    """This process's resident memory in MB (None where /proc is not Linux's)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)
