"""`flask backup` / `flask restore`: a consistent online copy while writers run."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from wardtasks.extensions import db
from wardtasks.models import Assignment, AuditEntry, StatusUpdate, User
from wardtasks.tasks.services import StaleVersion, record_status_update

from .conftest import make_test_app


@pytest.fixture
def sqlite_only(backend: str) -> None:
    if backend != "sqlite":
        pytest.skip("the backup commands copy SQLite; PostgreSQL uses pg_dump (tested below)")


def _writer(
    app,
    assignment_id: int,
    user_id: int,
    stop: threading.Event,
    done: list[int],
    lock: threading.Lock,
    errors: list[BaseException],
) -> None:
    version = 1
    n = 0
    try:
        while not stop.is_set():
            with app.app_context():
                user = db.session.get(User, user_id)
                try:
                    entry = record_status_update(
                        assignment_id,
                        user,
                        status="in_progress",
                        progress=n % 101,
                        note=f"cập nhật {n}",
                        expected_version=version,
                    )
                except StaleVersion:  # pragma: no cover - one writer per assignment
                    raise
                with lock:
                    done.append(entry.id)
                version += 1
                n += 1
                db.session.remove()
    except BaseException as exc:  # noqa: BLE001
        errors.append(exc)


def test_backup_while_writers_run_then_restore_into_a_new_file(
    sqlite_only, app, ward, runner, tmp_path: Path
) -> None:
    stop, lock = threading.Event(), threading.Lock()
    done: list[int] = []
    errors: list[BaseException] = []
    targets = [
        (ward.assignment_a1, ward.users["branch_head"]),
        (ward.assignment_a2, ward.users["other_branch_head"]),
        (ward.assignment_b1, ward.users["other_org_branch_head"]),
    ]
    threads = [
        threading.Thread(target=_writer, args=(app, a, u, stop, done, lock, errors))
        for a, u in targets
    ]
    backups = tmp_path / "backups"
    backups.mkdir()
    for t in threads:
        t.start()
    try:
        time.sleep(0.5)
        with lock:
            committed_before = set(done)
        result = runner.invoke(args=["backup", str(backups)], catch_exceptions=False)
        with lock:
            committed_after = set(done)
        time.sleep(0.2)
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=30)
    assert not errors, errors
    assert result.exit_code == 0, result.output
    assert "integrity_check: ok" in result.output
    assert committed_before, "the writers committed nothing before the backup"
    (copy,) = (tmp_path / "backups").glob("wardtasks-*.sqlite")

    # restore into a new, empty file
    new_db = tmp_path / "restored.sqlite"
    restored_app = make_test_app(f"sqlite:///{new_db}")
    restored_runner = restored_app.test_cli_runner()
    dry = restored_runner.invoke(args=["restore", "--dry-run", str(copy)])
    assert dry.exit_code == 0, dry.output
    assert "integrity_check ok" in dry.output and not new_db.exists()
    result = restored_runner.invoke(args=["restore", str(copy)])
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(new_db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    with restored_app.app_context():
        ids = set(db.session.scalars(select(StatusUpdate.id)))
        # every update committed before the backup began is there; nothing uncommitted is
        assert committed_before <= ids
        assert ids <= committed_after
        # and the copy is one consistent state: each assignment matches its last update
        for assignment_id, _user in targets:
            assignment = db.session.get(Assignment, assignment_id)
            last = db.session.scalar(
                select(func.max(StatusUpdate.version)).where(
                    StatusUpdate.assignment_id == assignment_id
                )
            )
            assert assignment.version == (last or 1)
        # the restore itself is in the audit trail
        actions = list(db.session.scalars(select(AuditEntry.action)))
        assert actions[-1] == "database.restore"
        db.session.remove()
        db.engine.dispose()


def test_backup_never_overwrites_and_restore_refuses_garbage(
    sqlite_only, app, ward, runner, tmp_path: Path
) -> None:
    dest = tmp_path / "copy.sqlite"
    assert runner.invoke(args=["backup", str(dest)]).exit_code == 0
    again = runner.invoke(args=["backup", str(dest)])
    assert again.exit_code != 0 and "already exists" in again.output
    fake = tmp_path / "fake.sqlite"
    fake.write_text("<html>not a database</html>")
    result = runner.invoke(args=["restore", str(fake)])
    assert result.exit_code != 0 and "not restored" in result.output
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    result = runner.invoke(args=["restore", str(other)])
    assert result.exit_code != 0 and "not a wardtasks database" in result.output
    missing = runner.invoke(args=["restore", str(tmp_path / "nope.sqlite")])
    assert missing.exit_code != 0
    # the live database is untouched by the refused restores
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 7


def test_postgresql_points_to_pg_dump(backend: str, runner, tmp_path: Path) -> None:
    if backend != "postgresql":
        pytest.skip("PostgreSQL leg only")
    result = runner.invoke(args=["backup", str(tmp_path / "x")])
    assert result.exit_code != 0
    assert "pg_dump" in result.output


def test_backup_copies_new_photo_files_too(sqlite_only, app, ward, runner, tmp_path: Path) -> None:
    from .test_photos import make_matrix_photo

    make_matrix_photo(app, ward)  # one photo: the picture and its thumbnail
    backups = tmp_path / "b"
    backups.mkdir()
    first = runner.invoke(args=["backup", str(backups)])
    assert first.exit_code == 0, first.output
    assert "Photos: 2 new file(s)" in first.output
    assert len(list((backups / "photos").iterdir())) == 2
    second = runner.invoke(args=["backup", str(backups / "again.sqlite")])
    assert "Photos: 0 new file(s)" in second.output
