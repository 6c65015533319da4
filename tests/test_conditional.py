"""Conditional requests: an unchanged page answers 304 from its ETag, a changed one 200.

The ETag is the data version (changed in the same transaction as every write), the user,
the language, the htmx request headers and more (wardtasks.web.page_etag).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import delete, insert, select, update

from wardtasks.extensions import db
from wardtasks.models import AuditEntry, Block, DataVersion, DigestRun
from wardtasks.version import current_version

from .factories import Ward

HX = {"HX-Request": "true"}

# A URL per conditional route, and who may read it; the test below checks the table
# names every route marked conditional.
ROUTES: dict[str, tuple[str, Callable[[Ward], str], dict[str, str]]] = {
    "orgs.ward": ("vanphong", lambda w: "/ward", {}),
    "orgs.organisation": ("vanphong", lambda w: f"/orgs/{w.org_a}", {}),
    "orgs.branch": ("vanphong", lambda w: f"/branches/{w.branch_a1}", {}),
    "tasks.task": ("vanphong", lambda w: f"/tasks/{w.task_a}", {}),
    "tasks.assignment": ("vanphong", lambda w: f"/assignments/{w.assignment_a1}", {}),
    "tasks.progress": ("vanphong", lambda w: "/progress?scope=ward", HX),
    "reports.page": ("vanphong", lambda w: "/reports?month=2023-03&scope=ward", {}),
    "notices.page": ("vanphong", lambda w: "/notices", {}),
    "notices.bell": ("vanphong", lambda w: "/notices/bell", HX),
    "emulation.page": ("vanphong", lambda w: "/emulation?year=2023&period=year", {}),
}


def _version(app: Flask) -> str | None:
    with app.app_context():
        return current_version()


def test_the_table_names_every_conditional_route(app: Flask) -> None:
    marked = {e for e, view in app.view_functions.items() if getattr(view, "conditional", 0)}
    assert marked == set(ROUTES)


@pytest.mark.parametrize("endpoint", sorted(ROUTES))
def test_an_unchanged_page_answers_304_without_a_body(client, auth, ward, endpoint) -> None:
    user, url, headers = ROUTES[endpoint]
    auth.login(user)
    client.get("/ward")  # the login's flashed message, if any, is shown here
    first = client.get(url(ward), headers=headers)
    assert first.status_code == 200, first.status_code
    assert first.headers["Cache-Control"] == "private, no-cache"
    assert "HX-Request" in first.headers["Vary"]
    tag = first.headers["ETag"]
    again = client.get(url(ward), headers={**headers, "If-None-Match": tag})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == tag
    assert again.headers["Cache-Control"] == "private, no-cache"


def _tag(client, url: str, headers: dict[str, str] | None = None) -> str:
    response = client.get(url, headers=headers or {})
    assert response.status_code == 200
    return str(response.headers["ETag"])


def test_another_user_or_language_never_gets_the_first_users_304(app, auth, ward) -> None:
    first, second = app.test_client(), app.test_client()
    first.post("/login", data={"username": "vanphong", "password": "correct-horse-42"})
    second.post("/login", data={"username": "lanhdao", "password": "correct-horse-42"})
    first.get("/ward"), second.get("/ward")
    tag = _tag(first, "/ward")
    assert second.get("/ward", headers={"If-None-Match": tag}).status_code == 200
    first.post("/language", data={"lang": "en"})
    english = first.get("/ward", headers={"If-None-Match": tag})
    assert english.status_code == 200 and b'lang="en"' in english.data
    # Logged out and in again (a new session): the old copy is not current either.
    first.post("/logout")
    first.post("/login", data={"username": "vanphong", "password": "correct-horse-42"})
    first.get("/ward")
    assert first.get("/ward", headers={"If-None-Match": tag}).status_code == 200


def test_htmx_partial_and_full_page_have_different_etags(client, auth, ward) -> None:
    auth.login("vanphong")
    client.get("/ward")
    full = _tag(client, "/ward")
    partial = _tag(client, "/ward", HX)
    assert full != partial
    assert client.get("/ward", headers={**HX, "If-None-Match": full}).status_code == 200


def test_a_pending_flashed_message_is_never_answered_304(client, auth, ward) -> None:
    auth.login("vanphong")
    client.get("/ward")
    tag = _tag(client, "/ward")
    with client.session_transaction() as session:
        session["_flashes"] = [("message", "Đã lưu.")]
    response = client.get("/ward", headers={"If-None-Match": tag})
    assert response.status_code == 200 and "Đã lưu." in response.get_data(as_text=True)


def test_pages_not_answered_conditionally_stay_no_store(client, auth, ward) -> None:
    assert client.get("/login").headers["Cache-Control"] == "no-store"
    auth.login("vanphong")
    export = client.get("/reports/export/csv?month=2023-03&scope=ward")
    assert export.headers["Cache-Control"] == "no-store"
    assert "ETag" not in export.headers


def _status_update(w: Ward) -> tuple[str, dict[str, Any]]:
    return (
        f"/assignments/{w.assignment_a1}/status",
        {"status": "in_progress", "progress": "30", "note": "Đã làm", "version": "1"},
    )


# Writers through the web, one of each kind: status, assigning, the structure, users,
# the month's close and the report settings.
WRITERS: dict[str, Callable[[Ward], tuple[str, dict[str, Any]]]] = {
    "status update": _status_update,
    "assign": lambda w: (
        f"/tasks/{w.task_shared}/assign",
        {"action": "assign", "branch": [w.branch_a1], "responsible": "Ông Hùng"},
    ),
    "organisation": lambda w: (
        "/admin/organisations",
        {"code": "HND", "name": "Hội Nông dân", "short_name": "HND"},
    ),
    "organisation order": lambda w: (f"/admin/organisations/{w.org_b}/move", {"direction": "up"}),
    "block": lambda w: (f"/admin/blocks/{w.block_1}", {"number": "1", "name": "Khối Một"}),
    "branch closed": lambda w: (f"/admin/branches/{w.branch_b1}/active", {"active": "0"}),
    "user": lambda w: (
        f"/admin/users/{w.users['viewer']}/active",
        {"active": "0", "confirmed": "1"},
    ),
    "close month": lambda w: ("/reports/close", {"month": "2023-03", "scope": "ward"}),
    "report settings": lambda w: (
        "/reports/settings",
        {
            "ward_name": "Quỳnh Thiện",
            "parent_body": "Ủy ban MTTQ",
            "issuing_body": "Ban Thường trực",
            "number_prefix": "MTTQ",
            "signer_role": "TM. Ban Thường trực",
            "signer_title": "Chủ tịch",
            "signer_name": "Nguyễn Phương",
            "recipients": "- Lưu VP.",
        },
    ),
}


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_every_kind_of_write_makes_the_pages_answer_200(app, client, auth, ward, writer) -> None:
    auth.login("vanphong")
    client.get("/ward")
    tags = {endpoint: _tag(client, url(ward), h) for endpoint, (_u, url, h) in ROUTES.items()}
    before = _version(app)
    url, data = WRITERS[writer](ward)
    response = client.post(url, data=data)
    assert response.status_code in (200, 302, 303), (writer, response.status_code)
    assert _version(app) != before
    client.get("/ward")  # shows the write's flashed message
    for endpoint, (_u, page_url, headers) in ROUTES.items():
        again = client.get(page_url(ward), headers={**headers, "If-None-Match": tags[endpoint]})
        assert again.status_code == 200, (writer, endpoint)


def test_a_status_update_shows_in_the_next_answer(client, auth, ward) -> None:
    auth.login("vanphong")
    client.get("/ward")
    url = f"/assignments/{ward.assignment_a1}"
    tag = _tag(client, url)
    path, data = _status_update(ward)
    client.post(path, data={**data, "note": "Ghi chú mới của tuần"})
    client.get("/ward")
    response = client.get(url, headers={"If-None-Match": tag})
    assert response.status_code == 200
    assert "Ghi chú mới của tuần" in response.get_data(as_text=True)


def test_every_table_written_through_the_session_changes_the_version(app, ward) -> None:
    """The class of writers: an ORM flush, and an INSERT, UPDATE or DELETE statement on
    any table, committed through the session, changes the version; a read does not."""
    with app.app_context():
        before = current_version()
        db.session.scalars(select(Block)).all()
        db.session.commit()
        assert current_version() == before
        db.session.add(Block(number=77, name="Khối 77"))
        db.session.commit()
        assert current_version() != before
        for table in db.metadata.sorted_tables:
            if table is DataVersion.__table__ or table is AuditEntry.__table__:
                continue  # shown by no cached page (test_audit_trail: logins)
            before = current_version()
            db.session.execute(update(table).where(False).values({table.c.keys()[0]: None}))
            db.session.commit()
            assert current_version() != before, table.name
        before = current_version()
        db.session.execute(delete(Block).where(Block.number == 77))
        db.session.commit()
        assert current_version() != before
        before = current_version()
        db.session.execute(insert(Block).values(number=78, name="Khối 78"))
        db.session.rollback()
        assert current_version() == before
        assert date.today()  # the version is not a date: a write on the same day counts


def test_a_commit_that_flushed_objects_leaves_the_next_read_a_read(app: Flask, ward) -> None:
    """Objects still pending at a commit are written by its last flush, after the version
    hook: that must not mark the next transaction, a read, as a write (it would change the
    token, and on SQLite fail as "database is locked" when another process wrote since)."""
    with app.app_context():
        db.session.add(DigestRun(sent=0, failed=0))
        db.session.commit()
        after_write = current_version()
        db.session.execute(select(DigestRun.id)).all()
        db.session.commit()
        db.session.rollback()
        assert current_version() == after_write
