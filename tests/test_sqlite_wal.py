"""SQLite's ``-wal`` file stays near its limit however many saves arrive while others read.

Under the bench's load the WAL of a 6 MB database grew to 54 MB (issue 16): SQLite's own
checkpoints never wait for readers, and some request was always reading. These tests hold
the two halves of the fix: no request keeps a connection (so a read transaction) past its
end, and a request's end checkpoints and truncates a WAL above the limit, also while
another connection keeps reading.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest

from wardtasks.database import WalBound
from wardtasks.extensions import db

LIMIT = 64 * 1024


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {"SQLITE_WAL_LIMIT_BYTES": LIMIT}


def _sqlite_only(database_url: str) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("the WAL is SQLite's")


def _database_file(app) -> Path:
    with app.app_context():
        return Path(str(db.engine.url.database))


def _save(client, ward, n: int) -> None:
    response = client.post(
        f"/assignments/{ward.assignment_a1}/status",
        data={
            "status": "in_progress",
            "progress": str(n % 100),
            "note": f"Lần cập nhật thứ {n}: " + "đã triển khai đến các tổ dân phố. " * 20,
            "version": str(n + 1),
            "scope": f"branch-{ward.branch_a1}",
            "next": f"/branches/{ward.branch_a1}",
        },
    )
    assert response.status_code == 303, response.get_data(as_text=True)[:300]


def test_no_request_keeps_a_connection_past_its_end(app, client, auth, ward) -> None:
    """A connection kept by a request (a read transaction left open) would pin SQLite's
    WAL: after pages of every role and a save, every connection is back in the pool."""
    for username, paths in {
        "head.a1": ["/", f"/branches/{ward.branch_a1}", f"/assignments/{ward.assignment_a1}"],
        "leader.a": [f"/orgs/{ward.org_a}", f"/tasks/{ward.task_a}", "/reports"],
        "vanphong": ["/ward", "/reports", "/admin/audit"],
    }.items():
        auth.login(username)
        for path in paths:
            assert client.get(path).status_code in (200, 302), path
        if username == "head.a1":
            _save(client, ward, 0)
        auth.logout()
    with app.app_context():
        assert db.engine.pool.checkedout() == 0


def test_the_wal_stays_near_its_limit_after_many_saves_while_others_read(
    app, client, auth, ward, monkeypatch, database_url: str
) -> None:
    """40 saves write more than 30 times the limit into the WAL (2.3 MB without the
    bound) while another connection reads again and again; the file never gets more
    than a few saves over the limit, and is back under it once the reading stops."""
    _sqlite_only(database_url)
    monkeypatch.setattr(WalBound, "RETRY_SECONDS", 0.0)  # every request may try
    path = _database_file(app)
    wal = Path(f"{path}-wal")
    stop = threading.Event()
    reads = [0]

    def reader() -> None:
        connection = sqlite3.connect(path, isolation_level=None, timeout=15)
        while not stop.is_set():  # a request's read: a few milliseconds, then the next
            connection.execute("BEGIN")
            connection.execute("SELECT count(*) FROM status_update").fetchone()
            stop.wait(0.003)
            connection.execute("COMMIT")
            reads[0] += 1
            stop.wait(0.001)
        connection.close()

    thread = threading.Thread(target=reader, daemon=True)
    auth.login("head.a1")
    thread.start()
    largest = 0
    sizes: list[int] = []  # kB after each save, for the failure message
    try:
        for n in range(40):
            _save(client, ward, n)
            sizes.append(wal.stat().st_size // 1024)
            largest = max(largest, wal.stat().st_size)
    finally:
        stop.set()
        thread.join(timeout=30)
    assert reads[0] > 0
    # A checkpoint waits at most WalBound.WAIT_MS for the reader: on a busy machine a few
    # in a row may give up, each save adding about 60 kB until one gets through.
    assert largest <= 8 * LIMIT, sizes
    # Once the reader is done, the next request's end brings the file back under the limit.
    assert client.get(f"/branches/{ward.branch_a1}").status_code == 200
    assert wal.stat().st_size <= LIMIT
