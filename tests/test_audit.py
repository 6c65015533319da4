"""The audit trail: one entry per change, append-only in the database, browsable."""

from __future__ import annotations

import pytest
from sqlalchemy import func, inspect, select, text
from sqlalchemy.exc import DBAPIError

from wardtasks.audit import record
from wardtasks.database import write_transaction
from wardtasks.extensions import db
from wardtasks.models import AuditEntry, User
from wardtasks.tasks.services import record_status_update

from .conftest import make_test_app
from .factories import PASSWORD


def _count(app) -> int:
    """Entries other than the tests' own logins and logouts."""
    with app.app_context():
        return int(
            db.session.scalar(
                select(func.count(AuditEntry.id)).where(
                    AuditEntry.action.not_in(["user.login", "user.logout"])
                )
            )
        )


def _login(client, username: str = "vanphong"):
    return client.post("/login", data={"username": username, "password": PASSWORD})


def test_one_entry_per_mutation(app, client, ward) -> None:
    _login(client)
    mutations = [
        ("/admin/organisations", {"code": "HND", "name": "Hội Nông dân", "short_name": "HND"}),
        (f"/admin/organisations/{ward.org_b}/move", {"direction": "up"}),
        (f"/admin/organisations/{ward.org_a}/active", {"active": "0"}),
        ("/admin/blocks", {"number": "9", "name": "Khối 9"}),
        (f"/admin/blocks/{ward.block_1}", {"number": "1", "name": "Khối Một"}),
        (
            "/admin/branches",
            {"organisation_id": str(ward.org_b), "block_id": "0", "name": "Chi hội trường"},
        ),
        (f"/admin/branches/{ward.branch_a1}/move", {"direction": "down"}),
        (f"/admin/branches/{ward.branch_b1}/active", {"active": "0"}),
        (
            "/admin/users",
            {
                "username": "moi.nguoi",
                "full_name": "Người Mới",
                "role": "viewer",
                "organisation_id": "0",
                "branch_id": "0",
            },
        ),
        (f"/admin/users/{ward.users['viewer']}/password", {}),
        (f"/admin/users/{ward.users['viewer']}/active", {"active": "0", "confirmed": "1"}),
    ]
    refused = [
        ("/admin/blocks", {"number": "9", "name": "Khối 9 trùng"}),
        (f"/admin/users/{ward.users['secretariat']}/active", {"active": "0", "confirmed": "1"}),
        ("/admin/organisations", {"code": "", "name": "", "short_name": ""}),
    ]
    for url, data in mutations + refused:
        response = client.post(url, data=data)
        assert response.status_code in (200, 302), (url, response.status_code)
    assert _count(app) == len(mutations)
    # status changes through the tasks service are recorded too (by the secretariat: the
    # branch head's organisation was deactivated above, so they may no longer save)
    with app.app_context():
        head = db.session.get(User, ward.users["secretariat"])
        for n, status in enumerate(["in_progress", "blocked", "done"]):
            record_status_update(
                ward.assignment_a1,
                head,
                status=status,
                progress=10 * (n + 1),
                note=f"bước {n}",
                expected_version=n + 1,
            )
    assert _count(app) == len(mutations) + 3
    with app.app_context():
        last = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert last.action == "assignment.status_update"
        assert last.actor_id == ward.users["secretariat"]
        assert last.target_id == ward.assignment_a1
        assert last.before["status"] == "blocked" and last.after["status"] == "done"


def _audit_entry(app) -> int:
    with app.app_context():
        with write_transaction():
            return record(None, "test.entry", "test", 1, {"a": 1}, {"a": 2})


def _assert_refused(conn_factory, entry_id: int) -> None:
    for statement in (
        f"UPDATE audit_entry SET action = 'changed' WHERE id = {entry_id}",
        f"DELETE FROM audit_entry WHERE id = {entry_id}",
        "DELETE FROM audit_entry",
    ):
        with pytest.raises(DBAPIError) as info:
            with conn_factory() as conn:
                conn.execute(text(statement))
        assert "append-only" in str(info.value)


def test_the_database_refuses_update_and_delete(app) -> None:
    """On the schema the tests use (db.create_all with the DDL listeners)."""
    entry_id = _audit_entry(app)
    with app.app_context():
        _assert_refused(db.engine.begin, entry_id)
        assert db.session.get(AuditEntry, entry_id).action == "test.entry"
    assert _count(app) == 1


def test_the_migration_creates_the_triggers(empty_database_url: str) -> None:  # noqa: F811
    app = make_test_app(empty_database_url)
    try:
        result = app.test_cli_runner().invoke(args=["db", "upgrade"])
        assert result.exit_code == 0, result.output
        entry_id = _audit_entry(app)
        with app.app_context():
            assert "audit_entry" in inspect(db.engine).get_table_names()
            _assert_refused(db.engine.begin, entry_id)
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def test_browse_filter_and_paginate(app, client, ward) -> None:
    with app.app_context():
        with write_transaction():
            for n in range(55):
                record(
                    ward.users["secretariat"], "block.update", "block", n, {"n": n}, {"n": n + 1}
                )
            for n in range(3):
                record(
                    ward.users["leader"],
                    "user.create",
                    "user",
                    100 + n,
                    None,
                    {"full_name": f"<b>Tên {n}</b>"},
                )
    _login(client)  # its own entry: 59
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "59 mục" in page and "Trang 1/2" in page
    assert "<b>Tên 2</b>" not in page  # JSON is escaped
    assert "Thêm người dùng" in page  # actions are shown with their labels
    page2 = client.get("/admin/audit?page=2").get_data(as_text=True)
    assert "Trang 2/2" in page2
    filtered = client.get("/admin/audit?action=user.create").get_data(as_text=True)
    assert "3 mục" in filtered
    by_person = client.get(f"/admin/audit?actor={ward.users['leader']}").get_data(as_text=True)
    assert "3 mục" in by_person
    fragment = client.get("/admin/audit?target_type=user", headers={"HX-Request": "true"}).get_data(
        as_text=True
    )
    assert "4 mục" in fragment and "<html" not in fragment  # and the login
    bad = client.get("/admin/audit?from=31/02/2023&page=abc")
    assert bad.status_code == 200
    assert "Vui lòng ghi ngày theo dạng dd/mm/yyyy." in bad.get_data(as_text=True)
    assert client.get("/admin/audit?page=999").status_code == 200
    today = client.get("/admin/audit?from=01/01/2020&to=31/12/2099").get_data(as_text=True)
    assert "59 mục" in today
    assert "0 mục" in client.get("/admin/audit?to=01/01/2020").get_data(as_text=True)


def test_triggers_survive_a_regenerated_migration(empty_database_url: str) -> None:  # noqa: F811
    """Alembic's op.create_table fires the listener too, even without the appended DDL."""
    import sqlalchemy as sa
    from alembic.migration import MigrationContext
    from alembic.operations import Operations

    engine = sa.create_engine(empty_database_url)
    try:
        with engine.begin() as conn:
            op = Operations(MigrationContext.configure(conn))
            op.create_table(
                "audit_entry",
                sa.Column("id", sa.Integer, primary_key=True),
                sa.Column("action", sa.String(60)),
            )
            conn.execute(text("INSERT INTO audit_entry (id, action) VALUES (1, 'x')"))
        _assert_refused(engine.begin, 1)
    finally:
        engine.dispose()
