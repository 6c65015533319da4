"""The floor: the least work a page or a status update can cost on this stack.

A minimal Flask app served by the same gunicorn settings as wardtasks. A page is
a template of the wardtasks page's size rendered from a 50-row SQLite query; a
status update changes one row and inserts one history row in one transaction
(``BEGIN IMMEDIATE``, WAL, ``synchronous=NORMAL``, as wardtasks runs SQLite).
Bodies above 1 KB are gzipped for clients that accept it, as wardtasks does.

Environment: ``FLOOR_DB`` (SQLite file, created and filled if absent),
``FLOOR_PAGE_BYTES`` (target size of the rendered page).
"""

from __future__ import annotations

import gzip
import os
import random
import sqlite3
from pathlib import Path

from flask import Flask, Response, g, render_template, request

ROWS = 50


def _connect(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, timeout=15)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    return conn


def init_db(path: str) -> None:
    """Create the two tables and 500 rows (idempotent)."""
    conn = _connect(path)
    conn.executescript(
        """
        CREATE TABLE IF NOT EXISTS item (
            id INTEGER PRIMARY KEY, owner INTEGER NOT NULL, title TEXT NOT NULL,
            status TEXT NOT NULL, progress INTEGER NOT NULL, version INTEGER NOT NULL,
            due TEXT);
        CREATE INDEX IF NOT EXISTS ix_item_owner ON item (owner);
        CREATE TABLE IF NOT EXISTS history (
            id INTEGER PRIMARY KEY, item_id INTEGER NOT NULL REFERENCES item (id),
            status TEXT NOT NULL, progress INTEGER NOT NULL, note TEXT, created_at TEXT);
        """
    )
    # Every gunicorn worker runs this at boot, at the same moment: the count is read
    # under the write lock, so only the first fills the table (a second one failing on
    # the same ids made gunicorn halt the whole floor server).
    conn.execute("BEGIN IMMEDIATE")
    if conn.execute("SELECT COUNT(*) FROM item").fetchone()[0] == 0:
        conn.executemany(
            "INSERT INTO item (id, owner, title, status, progress, version, due) "
            "VALUES (?, ?, ?, 'in_progress', ?, 1, '2025-12-31')",
            [
                (i, i % 10, f"Nhiệm vụ số {i}: tuyên truyền, vận động hội viên", i % 100)
                for i in range(1, 501)
            ],
        )
    conn.execute("COMMIT")
    conn.close()


def create_app() -> Flask:
    """The floor app."""
    app = Flask(__name__, template_folder=str(Path(__file__).parent / "templates"))
    db_path = os.environ.get("FLOOR_DB", "/tmp/wardtasks-floor.sqlite")
    init_db(db_path)
    page_bytes = int(os.environ.get("FLOOR_PAGE_BYTES", "20000"))
    # Padding so the rendered page has the size of the wardtasks page it stands for.
    first = _connect(db_path)
    sample = first.execute(
        "SELECT id, title, status, progress, due FROM item WHERE owner = 0 ORDER BY id LIMIT ?",
        (ROWS,),
    ).fetchall()
    first.close()
    probe = render_standalone(app, sample)
    padding = _text(max(0, page_bytes - len(probe.encode())))

    def conn() -> sqlite3.Connection:
        if "conn" not in g:
            g.conn = _connect(db_path)
        return g.conn

    @app.teardown_appcontext
    def _close(_exc: object) -> None:
        c = g.pop("conn", None)
        if c is not None:
            c.close()

    @app.get("/page/<int:owner>")
    def page(owner: int) -> Response:
        c = conn()
        c.execute("BEGIN")
        rows = c.execute(
            "SELECT id, title, status, progress, due FROM item WHERE owner = ? ORDER BY id LIMIT ?",
            (owner % 10, ROWS),
        ).fetchall()
        c.execute("COMMIT")
        return _gzip(Response(render_template("floor_page.html", rows=rows, padding=padding)))

    @app.post("/update/<int:item_id>")
    def update(item_id: int) -> Response:
        status = request.form.get("status", "in_progress")
        progress = int(request.form.get("progress", "50"))
        c = conn()
        c.execute("BEGIN IMMEDIATE")
        c.execute(
            "UPDATE item SET status = ?, progress = ?, version = version + 1 WHERE id = ?",
            (status, progress, item_id),
        )
        c.execute(
            "INSERT INTO history (item_id, status, progress, note, created_at) "
            "VALUES (?, ?, ?, ?, datetime('now'))",
            (item_id, status, progress, request.form.get("note", "")),
        )
        c.execute("COMMIT")
        return _gzip(
            Response(f'<tr id="item-{item_id}"><td>{status}</td><td>{progress}%</td></tr>')
        )

    return app


def _text(size: int) -> str:
    """Filler text that compresses about as well as a page of Vietnamese HTML."""
    rng = random.Random(0)  # noqa: S311
    words = (
        "nhiệm vụ chi hội khối tuyên truyền vận động hội viên hoàn thành đang thực hiện "
        "tiến độ hạn phường tổ chức phong trào báo cáo tháng kế hoạch năm cập nhật"
    ).split()
    out: list[str] = []
    n = 0
    while n < size:
        w = rng.choice(words)
        out.append(w)
        n += len(w.encode()) + 1
    return " ".join(out).encode()[:size].decode(errors="ignore")


def render_standalone(app: Flask, rows: list[tuple[object, ...]]) -> str:
    with app.app_context():
        return render_template("floor_page.html", rows=rows, padding="")


def _gzip(response: Response) -> Response:
    body = response.get_data()
    if len(body) >= 1024 and "gzip" in request.headers.get("Accept-Encoding", ""):
        response.set_data(gzip.compress(body, compresslevel=6))
        response.headers["Content-Encoding"] = "gzip"
    return response
