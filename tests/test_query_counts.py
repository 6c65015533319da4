"""Every key request runs the same number of SQL queries on a small and a much larger ward.

Both wards come from :mod:`wardtasks.devtools.scale` with small parameters (the larger one
has about 30 times the assignments and twice the years), so an N+1 or an
unpaginated list shows up as a different count. Requests whose route does not
exist (yet) are left out; the X-Query-Count header comes from the app's opt-in
query counter (``COUNT_QUERIES``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, url_for
from sqlalchemy import event

from wardtasks.devtools.scale import key_request_ids, seed_scale
from wardtasks.extensions import cache, db

from .conftest import create_pg_database, drop_pg_database, make_test_app
from .factories import PASSWORD, password_hash

SMALL = {"orgs": 2, "blocks": 2, "years": 1, "tasks_per_org": 3, "shared_tasks": 1}
SMALL |= {"updates_per_assignment": 2, "users": 8}
LARGE = {"orgs": 2, "blocks": 20, "years": 2, "tasks_per_org": 6, "shared_tasks": 2}
LARGE |= {"updates_per_assignment": 4, "users": 50}


@dataclass(frozen=True)
class Key:
    """A key request: who makes it, which endpoint, which URL values, GET or an htmx POST."""

    name: str
    role: str
    endpoint: str
    args: tuple[str, ...] = ()
    fixed: dict[str, str] = field(default_factory=dict)
    post: bool = False


REPORT = {"month": "{month}", "scope": "ward"}
KEYS = (
    Key("branch head's page", "branch_head", "orgs.branch", ("branch_id",)),
    Key("leader's matrix", "leader", "orgs.organisation", ("org_id",)),
    Key("ward overview", "secretariat", "orgs.ward"),
    Key("task page", "leader", "tasks.task", ("task_id",)),
    Key("htmx status update", "branch_head", "tasks.update_status", ("assignment_id",), post=True),
    Key("month report", "secretariat", "reports.page", fixed=REPORT),
    Key("XLSX export", "secretariat", "reports.export", fixed={"fmt": "xlsx", **REPORT}),
    Key("DOCX export", "secretariat", "reports.export", fixed={"fmt": "docx", **REPORT}),
)


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {"COUNT_QUERIES": True}


def ids_of_ward() -> dict[str, Any]:
    """The URL values of the key requests, as the users of the generated ward see them."""
    return key_request_ids()


def update_form(ids: dict[str, Any]) -> dict[str, str]:
    """The branch head's status update of their assignment, sent from their branch page."""
    return {
        "status": "in_progress",
        "progress": "55",
        "note": "Đã họp chi hội.",
        "version": str(ids["version"]),
        "scope": f"branch-{ids['branch_id']}",
        "next": f"/branches/{ids['branch_id']}",
    }


def measure(app: Flask) -> dict[str, tuple[int, int]]:
    """(status, query count) of every key request that exists, on the ward in the database."""
    with app.app_context():
        ids = ids_of_ward()
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    clients: dict[str, Any] = {}
    counts: dict[str, tuple[int, int]] = {}
    for key in KEYS:
        if key.endpoint not in endpoints:
            continue
        if key.role not in clients:
            client = app.test_client()
            username = {"branch_head": "mttq.k1", "leader": "mttq", "secretariat": "vanphong"}
            login = client.post(
                "/login", data={"username": username[key.role], "password": PASSWORD}
            )
            assert login.status_code == 302
            clients[key.role] = client
        client = clients[key.role]
        values = {a: ids[a] for a in key.args}
        values |= {k: v.format(**ids) for k, v in key.fixed.items()}
        with app.test_request_context():
            url = url_for(key.endpoint, **values)
        if key.post:
            response = client.post(url, data=update_form(ids), headers={"HX-Request": "true"})
        else:
            response = client.get(url)
        assert "X-Query-Count" in response.headers, key.name
        counts[key.name] = (response.status_code, int(response.headers["X-Query-Count"]))
    return counts


@pytest.fixture
def large_app(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest, app_config: dict[str, Any]
) -> Iterator[Flask]:
    """A second app on its own empty database, for the larger ward."""
    if backend == "postgresql":
        admin = request.getfixturevalue("postgres_admin_url")
        url = create_pg_database(admin, "wardtasks_qc")
    else:
        url = f"sqlite:///{tmp_path / 'large.sqlite'}"
    app = make_test_app(url, **app_config)
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    if backend == "postgresql":
        drop_pg_database(admin, url)


def test_same_queries_on_a_small_and_a_large_ward(app: Flask, large_app: Flask) -> None:
    with app.app_context():
        small = seed_scale(password_hash=password_hash(), **SMALL)
    with large_app.app_context():
        large = seed_scale(password_hash=password_hash(), **LARGE)
    assert large.assignments >= 10 * small.assignments
    assert large.status_updates >= 10 * small.status_updates
    on_small = measure(app)
    on_large = measure(large_app)
    assert on_small, "no key request exists yet"
    for name, (status, _n) in on_small.items():
        assert status == 200, f"{name} answered {status} on the small ward"
        assert on_large[name][0] == 200, f"{name} answered {on_large[name][0]} on the large ward"
    differing = {
        name: (on_small[name][1], on_large[name][1])
        for name in on_small
        if on_small[name][1] != on_large[name][1]
    }
    assert not differing, f"queries per request (small, large) differ: {differing}"


def test_counter_counts_the_queries_of_one_request(app: Flask) -> None:
    with app.app_context():
        seed_scale(password_hash=password_hash(), **SMALL)
    client = app.test_client()
    assert "X-Query-Count" in client.get("/login").headers
    client.post("/login", data={"username": "vanphong", "password": PASSWORD})
    first = int(client.get("/ward").headers["X-Query-Count"])
    with app.app_context():
        cache.clear()  # the counters counted again, as the first time
    again = int(client.get("/ward").headers["X-Query-Count"])
    assert first == again > 0


def test_a_status_update_runs_at_most_ten_statements(app: Flask) -> None:
    """The branch head's htmx save from their page: the user, the row, the write, its
    history and audit rows, its month in the reports' read model (issue 16: the row
    before the month's ends at it, then the month's upsert — the end is what lets a
    month's report read one index range), the counters it changed and the data
    version. SQLite's BEGINs
    (its write lock takes one of its own) are transaction control and not counted."""
    with app.app_context():
        seed_scale(password_hash=password_hash(), **SMALL)
        ids = ids_of_ward()
        engine = db.engine
    client = app.test_client()
    client.post("/login", data={"username": "mttq.k1", "password": PASSWORD})
    statements: list[str] = []

    @event.listens_for(engine, "before_cursor_execute")
    def _count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not statement.startswith("BEGIN"):
            statements.append(statement)

    try:
        response = client.post(
            f"/assignments/{ids['assignment_id']}/status",
            data=update_form(ids),
            headers={"HX-Request": "true"},
        )
    finally:
        event.remove(engine, "before_cursor_execute", _count)
    assert response.status_code == 200
    assert "Đã họp chi hội." in response.get_data(as_text=True)
    assert len(statements) <= 10, "\n".join(s[:200] for s in statements)
