"""The scale generator (`flask seed-scale`): shape, dates, history, determinism; both databases."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import delete, func, select

from wardtasks.devtools.scale import seed_scale
from wardtasks.extensions import db
from wardtasks.models import (
    Assignment,
    Block,
    Branch,
    Organisation,
    Plan,
    StatusUpdate,
    Task,
    User,
)

from .factories import PASSWORD, password_hash

SMALL = {
    "orgs": 3,
    "blocks": 4,
    "years": 2,
    "updates_per_assignment": 4,
    "tasks_per_org": 2,
    "users": 20,
    "shared_tasks": 1,
    "last_year": 2024,
}


def seed(**overrides: Any) -> Any:
    return seed_scale(password_hash=password_hash(), **{**SMALL, **overrides})


def wipe() -> None:
    """Delete every row (children first) so a second ward can be generated."""
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(delete(table))
    db.session.commit()


def count(model: Any) -> int:
    return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


def dump() -> list[tuple[Any, ...]]:
    """Every generated row that matters, in id order (to compare two generations)."""
    rows: list[tuple[Any, ...]] = []
    for model in (Organisation, Block, Branch, User, Plan, Task, Assignment, StatusUpdate):
        table = model.__table__
        cols = [c for c in table.c if c.name not in ("session_token", "password_hash")]
        rows += [tuple(r) for r in db.session.execute(select(*cols).order_by(table.c.id))]
    return rows


def test_counts_per_level(app: Flask) -> None:
    with app.app_context():
        summary = seed()
        assert count(Organisation) == summary.organisations == 3
        assert count(Block) == summary.blocks == 4
        assert count(Branch) == summary.branches == 12
        assert count(Plan) == summary.plans == 2
        # Per plan: 1 shared task + 2 per organisation.
        assert count(Task) == summary.tasks == 2 * (1 + 3 * 2)
        # Per plan: the shared task at each organisation's level, the others in every branch.
        assert count(Assignment) == summary.assignments == 2 * (3 + 3 * 2 * 4)
        assert count(StatusUpdate) == summary.status_updates
        # 2 to 6 updates each (mean 4).
        assert 2 * summary.assignments <= summary.status_updates <= 6 * summary.assignments
        roles = Counter(db.session.scalars(select(User.role)))
        assert roles == {"secretariat": 1, "viewer": 3, "leader": 3, "branch_head": 13}
        # Every branch has a head; one branch has a second.
        heads = Counter(
            db.session.scalars(select(User.branch_id).where(User.branch_id.is_not(None)))
        )
        assert len(heads) == 12 and sorted(heads.values()) == [1] * 11 + [2]
        states = dict(db.session.execute(select(Plan.year, Plan.state)).all())
        assert states == {2023: "closed", 2024: "active"}
        # Every branch task goes to every branch of its organisation, once.
        per_task = db.session.execute(
            select(Task.id, Task.organisation_id, func.count(Assignment.id))
            .join(Assignment, Assignment.task_id == Task.id)
            .group_by(Task.id, Task.organisation_id)
        ).all()
        assert {n for _t, org, n in per_task if org is not None} == {4}
        assert {n for _t, org, n in per_task if org is None} == {3}


def test_dates_within_plan_years(app: Flask) -> None:
    with app.app_context():
        seed()
        rows = db.session.execute(
            select(Plan.year, StatusUpdate.created_at)
            .join(Assignment, Assignment.id == StatusUpdate.assignment_id)
            .join(Task, Task.id == Assignment.task_id)
            .join(Plan, Plan.id == Task.plan_id)
        ).all()
        assert rows and all(created.year == year for year, created in rows)
        for year, due, created, updated in db.session.execute(
            select(Plan.year, Assignment.due_date, Assignment.created_at, Assignment.updated_at)
            .join(Task, Task.id == Assignment.task_id)
            .join(Plan, Plan.id == Task.plan_id)
        ):
            assert due is not None and due.year == year
            assert created.year == year and updated.year == year and updated >= created
        for year, due in db.session.execute(
            select(Plan.year, Task.due_date).join(Plan, Plan.id == Task.plan_id)
        ):
            assert due is None or due.year == year


def test_history_consistent_with_current_state(app: Flask) -> None:
    with app.app_context():
        seed()
        history: dict[int, list[StatusUpdate]] = defaultdict(list)
        for u in db.session.scalars(
            select(StatusUpdate).order_by(StatusUpdate.created_at, StatusUpdate.id)
        ):
            history[u.assignment_id].append(u)
        assignments = db.session.scalars(select(Assignment)).all()
        with_history = 0
        for a in assignments:
            updates = history.get(a.id, [])
            assert a.version == 1 + len(updates)
            status, progress = "not_started", 0
            for n, u in enumerate(updates, start=2):
                assert (u.from_status, u.from_progress) == (status, progress)
                assert u.version == n
                status, progress = u.status, u.progress
            assert (a.status, a.progress) == (status, progress)
            if updates:
                with_history += 1
                assert a.updated_at == updates[-1].created_at
                assert a.updated_by_id == updates[-1].author_id
                assert a.status != "done" or a.progress == 100
            else:
                assert a.updated_by_id is None
        assert with_history == len(assignments)  # a mean of 4 means at least 2 each


def test_authors_may_update_what_they_wrote(app: Flask) -> None:
    """Each update's author is a head of the assignment's branch or its organisation's leader."""
    with app.app_context():
        seed()
        rows = db.session.execute(
            select(
                Assignment.organisation_id,
                Assignment.branch_id,
                User.role,
                User.branch_id,
                User.organisation_id,
            )  # fmt: skip
            .join(StatusUpdate, StatusUpdate.assignment_id == Assignment.id)
            .join(User, User.id == StatusUpdate.author_id)
        ).all()
        for org, branch, role, user_branch, user_org in rows:
            if role == "branch_head":
                assert branch is not None and user_branch == branch
            else:
                assert role == "leader" and user_org == org


def test_same_seed_same_ward_other_seed_other_ward(app: Flask) -> None:
    with app.app_context():
        seed(seed=7)
        first = dump()
        wipe()
        seed(seed=7)
        assert dump() == first
        wipe()
        seed(seed=8)
        assert dump() != first


def test_new_rows_after_seeding_get_fresh_ids(app: Flask) -> None:
    """PostgreSQL's id sequences are moved past the generated ids."""
    with app.app_context():
        seed()
        highest = db.session.scalar(select(func.max(Block.id)))
        block = Block(number=999, name="Khối 999")
        db.session.add(block)
        db.session.commit()
        assert block.id > highest


def test_logins_work(app: Flask, client: Any, auth: Any) -> None:
    with app.app_context():
        summary = seed()
    assert summary.logins == {
        "secretariat": "vanphong",
        "viewer": "lanhdao",
        "leader": "mttq",
        "branch_head": "mttq.k1",
    }
    response = auth.login("mttq.k1", PASSWORD)
    assert response.status_code == 302
    page = client.get(response.headers["Location"], follow_redirects=True)
    assert page.status_code == 200
    assert "khối 1" in page.get_data(as_text=True)


def test_refuses_a_database_with_a_ward(app: Flask) -> None:
    with app.app_context():
        seed()
        with pytest.raises(RuntimeError, match="already"):
            seed()


def test_command(app: Flask, runner: Any) -> None:
    args = ["seed-scale", "--orgs", "2", "--blocks", "3", "--years", "1"]
    args += ["--updates-per-assignment", "2", "--tasks-per-org", "2", "--users", "10"]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    assert "2 organisations, 3 blocks, 6 branches, 1 plans" in result.output
    # 2 organisations x 2 tasks x 3 branches, and the 2 shared tasks at each organisation's level.
    assert "16 assignments" in result.output
    again = runner.invoke(args=args)
    assert again.exit_code != 0
    assert "already holds" in again.output
    bad = runner.invoke(args=["seed-scale", "--orgs", "3", "--users", "2"])
    assert bad.exit_code != 0 and "--users" in bad.output
    too_old = runner.invoke(args=["seed-scale", "--years", "30", "--last-year", "2020"])
    assert too_old.exit_code != 0 and "between 2000 and 2100" in too_old.output
