"""Every writer of an assignment, as its users call it: each leaves a history row that
starts from what the assignment held and ends at what it holds now, and an audit entry
with the values before and after (issue 14, items 4 and 5). :data:`WRITERS` also drives
the race of tests/test_concurrency.py.
"""

from __future__ import annotations

import ast
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

import wardtasks
from wardtasks.extensions import db
from wardtasks.models import (
    ASSIGNMENT_STATUSES,
    Assignment,
    AuditEntry,
    Branch,
    StatusUpdate,
    Task,
    User,
)
from wardtasks.plans.services import distribute
from wardtasks.tasks.assigning import assign_task
from wardtasks.tasks.services import record_status_update

from .factories import Ward


@dataclass(frozen=True)
class Target:
    """What the writers write to: one task of the leader's organisation, some of its
    branches (and their assignments, where they exist)."""

    task: int
    branches: list[int]
    leader: int
    secretariat: int


def _pick(target: Target, rng: random.Random) -> list[int]:
    return rng.sample(target.branches, rng.randint(1, len(target.branches)))


def _user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    assert user is not None
    return user


def _status_update(t: Target, rng: random.Random) -> None:
    """A leader's status update from a form showing the version read just before."""
    branch = rng.choice(t.branches)
    aid, version = db.session.execute(
        select(Assignment.id, Assignment.version).where(
            Assignment.task_id == t.task, Assignment.branch_id == branch
        )
    ).one()
    status = rng.choice(ASSIGNMENT_STATUSES)
    moved = date(2024, 1, 1) + timedelta(days=rng.randrange(3650))
    record_status_update(
        aid,
        _user(t.leader),
        status=status,
        progress=100 if status == "done" else rng.randrange(0, 100, 5),
        note=f"Ghi chú {rng.random()}",
        expected_version=version,
        **({"due_date": moved} if rng.random() < 0.3 else {}),
    )


def _set_responsible(t: Target, rng: random.Random) -> None:
    name = f"Người {rng.randrange(10**6)}"
    assign_task(t.task, _user(t.leader), action="set", branch_ids=_pick(t, rng), responsible=name)


def _set_due_date(t: Target, rng: random.Random) -> None:
    due = date(2024, 1, 1) + timedelta(days=rng.randrange(3650))
    assign_task(t.task, _user(t.leader), action="set", branch_ids=_pick(t, rng), due_date=due)


def _take_back(t: Target, rng: random.Random) -> None:
    assign_task(t.task, _user(t.leader), action="withdraw", branch_ids=_pick(t, rng))


def _give(t: Target, rng: random.Random) -> None:
    assign_task(t.task, _user(t.leader), action="assign", branch_ids=_pick(t, rng))


def _distribute(t: Target, rng: random.Random) -> None:
    task = db.session.get(Task, t.task)
    distribute([task], "chosen", _pick(t, rng), author_id=t.secretariat)  # type: ignore[list-item]


@dataclass(frozen=True)
class Writer:
    """One way the app writes an assignment: its audit action, the call, and what the
    assignment must be for it to apply (taken back first; or absent: it creates it)."""

    action: str
    write: Callable[[Target, random.Random], None]
    taken_back_first: bool = False
    creates: bool = False


WRITERS: dict[str, Writer] = {
    "status update": Writer("assignment.status_update", _status_update),
    "set the responsible person": Writer("assignment.set", _set_responsible),
    "set the due date": Writer("assignment.set", _set_due_date),
    "take back (Thu hồi)": Writer("assignment.take_back", _take_back),
    "give back (Giao lại)": Writer("assignment.give_back", _give, taken_back_first=True),
    "redistribute the plan": Writer("assignment.redistribute", _distribute, taken_back_first=True),
    "give to a new branch": Writer("assignment.create", _give, creates=True),
    "distribute to a new branch": Writer("assignment.create", _distribute, creates=True),
}


# Closing a plan changes each of its open assignments once (a plan closes once): its
# writes take no part in the race, and tests/test_year_boundary.py checks their history
# rows and audit entries.
YEAR_END_ACTIONS = {"assignment.carry_in", "assignment.carry_out", "assignment.not_done"}


def target_of(ward: Ward, branches: list[int]) -> Target:
    return Target(ward.task_a, branches, ward.users["leader"], ward.users["secretariat"])


def new_branch(ward: Ward, name: str = "Chi hội CCB khối 3") -> int:
    """A branch of the leader's organisation that task A was not given to yet."""
    branch = Branch(organisation_id=ward.org_a, name=name, sort_order=3)
    db.session.add(branch)
    db.session.commit()
    return branch.id


def _state(aid: int) -> dict[str, Any]:
    a = db.session.get(Assignment, aid, populate_existing=True)
    assert a is not None
    return {
        "status": a.status,
        "progress": a.progress,
        "due_date": a.due_date,
        "responsible": a.responsible,
        "active": a.active,
        "version": a.version,
        "updated_at": a.updated_at,
    }


def _newest(model: Any, after: int) -> list[Any]:
    return list(db.session.scalars(select(model).where(model.id > after).order_by(model.id)))


def _last_id(model: Any) -> int:
    return int(db.session.scalar(select(func.max(model.id))) or 0)


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


@pytest.mark.parametrize("name", list(WRITERS))
def test_every_writer_leaves_a_history_row_and_an_audit_entry(app, ward: Ward, name: str) -> None:
    writer = WRITERS[name]
    with app.app_context():
        branch = new_branch(ward) if writer.creates else ward.branch_a1
        target = target_of(ward, [branch])
        if writer.taken_back_first:
            _take_back(target, random.Random(0))
        last_update, last_entry = _last_id(StatusUpdate), _last_id(AuditEntry)
        before = None if writer.creates else _state(ward.assignment_a1)
        writer.write(target, random.Random(1))
        aid = db.session.scalar(
            select(Assignment.id).where(
                Assignment.task_id == ward.task_a, Assignment.branch_id == branch
            )
        )
        after = _state(aid)
        rows = _newest(StatusUpdate, last_update)
        entries = _newest(AuditEntry, last_entry)
    assert [(e.action, e.target_type, e.target_id) for e in entries] == [
        (writer.action, "assignment", aid)
    ]
    entry = entries[0]
    author = ward.users["secretariat" if writer.write is _distribute else "leader"]
    assert entry.actor_id == author
    if writer.creates:
        # A new assignment: version 1, not started, no history yet; the audit says so.
        assert rows == [] and after["version"] == 1 and after["status"] == "not_started"
        assert entry.after["task_id"] == ward.task_a and entry.after["branch_id"] == branch
        return
    assert before is not None
    assert [(r.assignment_id, r.version, r.author_id) for r in rows] == [
        (aid, before["version"] + 1, author)
    ]
    row = rows[0]
    assert (row.from_status, row.from_progress, row.from_due_date, row.from_active) == (
        before["status"],
        before["progress"],
        before["due_date"],
        before["active"],
    )
    assert (row.status, row.progress, row.due_date, row.active, row.version) == (
        after["status"],
        after["progress"],
        after["due_date"],
        after["active"],
        after["version"],
    )
    assert row.created_at == after["updated_at"]  # the month-end reports rely on it
    changed = {
        f
        for f in ("status", "progress", "due_date", "responsible", "active")
        if before[f] != after[f]
    }
    assert changed or row.note, "the writer wrote nothing"
    for f in changed | {"status", "progress", "due_date"}:
        assert entry.before[f] == _json(before[f]) and entry.after[f] == _json(after[f]), f
    assert (entry.before["version"], entry.after["version"]) == (
        before["version"],
        after["version"],
    )
    assert entry.after["status_update_id"] == row.id


# Not writers: the seeders build whole wards at once, the models define the class.
SEEDERS = ("demo/", "devtools/", "models/")
WRITES_ASSIGNMENTS = re.compile(r"\b(?:update|insert)\(Assignment\b|\bAssignment\(")


def _assignment_actions(source: str) -> set[str]:
    """The audit actions "assignment.…" given to a change or an audit entry in ``source``."""
    actions = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            called = node.func.attr if isinstance(node.func, ast.Attribute) else None
            called = node.func.id if isinstance(node.func, ast.Name) else called
            if called in ("change", "record", "record_audit"):
                actions |= {
                    arg.value
                    for arg in node.args
                    if isinstance(arg, ast.Constant)
                    and isinstance(arg.value, str)
                    and arg.value.startswith("assignment.")
                }
    return actions


def test_the_writers_above_are_every_writer_of_an_assignment() -> None:
    """Only tasks/services.py (``change``) and tasks/assigning.py (``create``, a new
    assignment) write the assignment table, each writer with an audit action
    of its own: a new writer fails here until :data:`WRITERS` (and so the race of
    test_concurrency.py) covers it."""
    package = Path(wardtasks.__file__).parent
    writing, actions = set(), set()
    for path in package.rglob("*.py"):
        name = path.relative_to(package).as_posix()
        source = path.read_text(encoding="utf-8")
        if WRITES_ASSIGNMENTS.search(source) and not name.startswith(SEEDERS):
            writing.add(name)
        actions |= _assignment_actions(source)
    assert writing == {"tasks/services.py", "tasks/assigning.py"}
    assert actions == {w.action for w in WRITERS.values()} | YEAR_END_ACTIONS
