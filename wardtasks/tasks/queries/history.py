"""The latest status updates of assignments, as a list's rows and the assignment page
show them."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import joinedload

from ...extensions import db
from ...models import Assignment, StatusUpdate, User

HISTORY_ROWS = 3  # updates shown per row of the task page; the assignment page shows all


class Values(NamedTuple):
    """An assignment's status, progress and due date."""

    status: str
    progress: int
    due_date: date | None


class Entry(NamedTuple):
    """One status update as the history shows it (its author by name)."""

    id: int
    author_name: str
    created_at: datetime
    from_status: str | None
    status: str
    from_progress: int | None
    progress: int
    from_due_date: date | None
    due_date: date | None
    note: str


ENTRY_COLUMNS = (
    StatusUpdate.id,
    User.full_name,
    StatusUpdate.created_at,
    StatusUpdate.from_status,
    StatusUpdate.status,
    StatusUpdate.from_progress,
    StatusUpdate.progress,
    StatusUpdate.from_due_date,
    StatusUpdate.due_date,
    StatusUpdate.note,
)


@dataclass
class History:
    """Status updates of an assignment, newest first: all of them, or the latest few."""

    entries: list[Entry]
    total: int

    @property
    def complete(self) -> bool:
        """Whether every update is in :attr:`entries`."""
        return len(self.entries) >= self.total


def _history_select(limited: bool) -> Select[Any]:
    """:func:`latest_history`'s statement, run with ``ids`` (a list) and, ``limited``,
    ``limit``: the latest ``limit`` updates of each assignment, else all of them."""
    ranked = (
        select(
            StatusUpdate.id.label("id"),
            func.row_number()
            .over(partition_by=StatusUpdate.assignment_id, order_by=StatusUpdate.id.desc())
            .label("rank"),
            func.count().over(partition_by=StatusUpdate.assignment_id).label("total"),
        )
        .where(StatusUpdate.assignment_id.in_(bindparam("ids", expanding=True)))
        .subquery()
    )
    stmt = (
        select(StatusUpdate.assignment_id, ranked.c.total, *ENTRY_COLUMNS)
        .join(ranked, ranked.c.id == StatusUpdate.id)
        .join(User, User.id == StatusUpdate.author_id)
        .order_by(StatusUpdate.assignment_id, StatusUpdate.id.desc())
    )
    if limited:
        stmt = stmt.where(ranked.c.rank <= bindparam("limit"))
    return stmt


# Built once, the ids and the limit bound values (a statement of fixed shape, as rows.py
# explains): SQLAlchemy keys a statement for its compiled cache on every run unless it is
# the same object, and keying this one (a window over a subquery, eleven columns) cost
# 2.8 M instructions of the task page's 10.7 M of history (one-year scale ward, in process).
_LATEST = _history_select(limited=True)
_ALL = _history_select(limited=False)


def latest_history(
    assignment_ids: Collection[int], limit: int | None = HISTORY_ROWS
) -> dict[int, History]:
    """The ``limit`` latest updates of each assignment (all of them for None) and how many
    it has, in one query whatever the length of the histories: ROW_NUMBER() and COUNT()
    over each assignment's updates (SQLite and PostgreSQL alike); plain columns, no ORM
    objects."""
    ids = list(assignment_ids)
    result = {aid: History([], 0) for aid in ids}
    if not ids:
        return result
    values: dict[str, Any] = {"ids": ids, "limit": limit}
    stmt = _ALL if limit is None else _LATEST
    for assignment_id, total, *entry in db.session.execute(stmt, values):
        history = result[assignment_id]
        history.entries.append(Entry(*entry))
        history.total = int(total)
    return result


def values_at_version(assignment_id: int, version: int) -> Values | None:
    """The assignment's status, progress and due date at ``version``, from its history:
    what the latest update up to that version left, or before the first update what it
    started from (None without any update). Exact because every change writes its row
    from the state it changed (:func:`wardtasks.tasks.services.change`)."""
    su = StatusUpdate
    left = db.session.execute(
        select(su.status, su.progress, su.due_date)
        .where(su.assignment_id == assignment_id, su.version <= version)
        .order_by(su.version.desc(), su.id.desc())
        .limit(1)
    ).first()
    if left is not None:
        return Values._make(left)
    first = db.session.execute(
        select(su.from_status, su.from_progress, su.from_due_date)
        .where(su.assignment_id == assignment_id)
        .order_by(su.version, su.id)
        .limit(1)
    ).first()
    if first is None:
        return None
    return Values(first[0] or "not_started", first[1] or 0, first[2])


@dataclass(frozen=True)
class Snapshot:
    """An assignment's current state as someone else left it (shown in a conflict)."""

    version: int
    status: str
    progress: int
    due_date: date | None
    updated_at: datetime | None
    updated_by: str
    note: str


def snapshot(assignment_id: int) -> Snapshot:
    """The current state of the assignment with its latest note and author (read again,
    in the transaction of a save that found it moved on)."""
    assignment = db.session.get(Assignment, assignment_id, populate_existing=True)
    assert assignment is not None  # noqa: S101 - read in the same transaction
    last = db.session.scalar(
        select(StatusUpdate)
        .options(joinedload(StatusUpdate.author))
        .where(StatusUpdate.assignment_id == assignment.id)
        .order_by(StatusUpdate.id.desc())
        .limit(1)
    )
    return Snapshot(
        version=assignment.version,
        status=assignment.status,
        progress=assignment.progress,
        due_date=assignment.due_date,
        updated_at=assignment.updated_at,
        updated_by=last.author.full_name if last else "",
        note=last.note if last else "",
    )
