"""The latest status updates of assignments, as a list's rows and the assignment page
show them."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import Select, func, select

from ...extensions import db
from ...models import StatusUpdate, User

HISTORY_ROWS = 3  # updates shown per row of the task page; the assignment page shows all


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


def _history_select(ids: list[int], limit: int | None) -> Select[Any]:
    """:func:`latest_history`'s statement."""
    ranked = (
        select(
            StatusUpdate.id.label("id"),
            func.row_number()
            .over(partition_by=StatusUpdate.assignment_id, order_by=StatusUpdate.id.desc())
            .label("rank"),
            func.count().over(partition_by=StatusUpdate.assignment_id).label("total"),
        )
        .where(StatusUpdate.assignment_id.in_(ids))
        .subquery()
    )
    stmt = (
        select(StatusUpdate.assignment_id, ranked.c.total, *ENTRY_COLUMNS)
        .join(ranked, ranked.c.id == StatusUpdate.id)
        .join(User, User.id == StatusUpdate.author_id)
        .order_by(StatusUpdate.assignment_id, StatusUpdate.id.desc())
    )
    if limit is not None:
        stmt = stmt.where(ranked.c.rank <= limit)
    return stmt


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
    for assignment_id, total, *entry in db.session.execute(_history_select(ids, limit)):
        history = result[assignment_id]
        history.entries.append(Entry(*entry))
        history.total = int(total)
    return result
