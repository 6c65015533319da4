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
from sqlalchemy import event, select

from wardtasks.dates import month_of
from wardtasks.devtools.scale import key_request_ids, seed_scale
from wardtasks.extensions import cache, db
from wardtasks.models import AssignmentMonth
from wardtasks.models.base import utcnow
from wardtasks.models.plan import STILL_HOLDS

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


def _save_statements(client: Any, engine: Any, ids: dict[str, Any], note: str) -> list[str]:
    """The statements of the branch head's htmx save of ``note`` from their page (the
    assignment at ``ids["version"]``), after checking the answer shows it saved."""
    statements: list[str] = []

    @event.listens_for(engine, "before_cursor_execute")
    def _count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not statement.startswith("BEGIN"):
            statements.append(statement)

    try:
        response = client.post(
            f"/assignments/{ids['assignment_id']}/status",
            data=update_form(ids) | {"note": note},
            headers={"HX-Request": "true"},
        )
    finally:
        event.remove(engine, "before_cursor_execute", _count)
    assert response.status_code == 200
    assert note in response.get_data(as_text=True)
    return statements


def _month_rows(assignment_id: int) -> list[tuple[int, int]]:
    """The assignment's rows in the reports' read model: (month, until_month), by month."""
    t = AssignmentMonth.__table__
    query = select(t.c.month, t.c.until_month).where(t.c.assignment_id == assignment_id)
    return [(r.month, r.until_month) for r in db.session.execute(query.order_by(t.c.month))]


def test_a_status_update_runs_at_most_eight_statements(app: Flask) -> None:
    """The branch head's htmx save from their page runs eight statements (issue 13 holds
    it to at most eight), as the month's first change of the assignment (the worst case:
    its row of the month before ends) and as a later one in the same month:

    1. the user (Flask-Login);
    2. the row, with the id of the plan the pages show (the answer's counters are only
       that plan's);
    3. the write: ``UPDATE assignment … WHERE version = :seen`` (a 409 when it moved);
    4. its history row;
    5. its month in the reports' read model (issue 16): one upsert that, on the month's
       first change, also ends the row before the month at it;
    6. the audit entry;
    7. the page's counters it changed, read in the same transaction;
    8. the data version (the pages' ETags).

    SQLite's BEGINs (its write lock takes one of its own) are transaction control and
    not counted."""
    with app.app_context():
        seed_scale(password_hash=password_hash(), **SMALL)
        ids = ids_of_ward()
        engine = db.engine
        month = month_of(utcnow())
        before = _month_rows(ids["assignment_id"])
    # The seeded history is of earlier years: the first save is the month's first change.
    assert before and before[-1][0] < month and before[-1][1] == STILL_HOLDS
    client = app.test_client()
    client.post("/login", data={"username": "mttq.k1", "password": PASSWORD})
    first = _save_statements(client, engine, ids, "Đã họp chi hội.")
    ids["version"] += 1
    later = _save_statements(client, engine, ids, "Đã nộp báo cáo.")
    for statements in (first, later):
        assert len(statements) <= 8, "\n".join(s[:200] for s in statements)
    with app.app_context():
        # The month's row holds on; the one before it now ends at the month.
        assert _month_rows(ids["assignment_id"]) == [
            *before[:-1],
            (before[-1][0], month),
            (month, STILL_HOLDS),
        ]
