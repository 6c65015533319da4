"""Every write of an assignment, in one place: a new assignment, or a change of one with
its history row and its audit entry, written together.

A change starts from the assignment as read in the change's own transaction and moves
its version by ``UPDATE … WHERE version = :seen``, so the history row records what the
assignment held at that version and nothing else. A status update starts from the version
its form was rendered from (:class:`VersionMoved` when someone saved since); the other
writers read the rows they change with :func:`lock` first (``SELECT … FOR UPDATE`` on
PostgreSQL; on SQLite a write transaction holds the whole database from its
``BEGIN IMMEDIATE``). Invariant, over every writer (tests/test_concurrency.py): an
assignment's current state (status, progress, due date) is its latest history row's,
and each row starts from the state the previous one left, so a past month reads from
the history alone what was true then.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any, Final, NamedTuple, Protocol

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, bindparam, insert, select, update

from ..audit import record as record_audit
from ..extensions import db
from ..models import Assignment, StatusUpdate
from ..notices.assignments import tell_assignment
from . import months

GIVEN_BACK = _l("Assigned to the branch again.")
TAKEN_BACK = _l("Taken back from the branch.")


class Keep(Enum):
    """The type of :data:`KEEP`."""

    KEEP = "keep"


KEEP: Final = Keep.KEEP
"""A value left as it is (e.g. the due date of a status update by a branch head)."""


class VersionMoved(Exception):
    """The assignment changed since the state a change started from was read: nothing
    was written."""


class State(Protocol):
    """What a change starts from: an assignment's columns, read in the same transaction
    (a list row, :class:`Held`)."""

    @property
    def id(self) -> int: ...
    @property
    def status(self) -> str: ...
    @property
    def progress(self) -> int: ...
    @property
    def due_date(self) -> date | None: ...
    @property
    def responsible(self) -> str: ...
    @property
    def active(self) -> bool: ...
    @property
    def version(self) -> int: ...


class Held(NamedTuple):
    """An assignment read by :func:`lock`: locked until its transaction ends."""

    id: int
    task_id: int
    organisation_id: int
    branch_id: int | None
    status: str
    progress: int
    due_date: date | None
    responsible: str
    active: bool
    version: int


class Changed(NamedTuple):
    """A change just written: the assignment's new version and its history row."""

    version: int
    history_id: int


def record_text(message: Any) -> str:
    """A note the system writes into the history (``message`` from ``_l``): in Vietnamese,
    the ward's record language, whoever made the change, also outside a request."""
    with force_locale("vi"):
        return str(message)


_a = Assignment.__table__.c
_LOCK = select(
    _a.id,
    _a.task_id,
    _a.organisation_id,
    _a.branch_id,
    _a.status,
    _a.progress,
    _a.due_date,
    _a.responsible,
    _a.active,
    _a.version,
)


def lock(*where: ColumnElement[bool]) -> list[Held]:
    """The assignments matching ``where``, locked until the transaction ends, in id
    order: two writers locking several rows take them in the same order, so neither
    waits for the other in a cycle (a deadlock, which PostgreSQL answers by failing one)."""
    rows = db.session.execute(_LOCK.where(*where).order_by(_a.id).with_for_update())
    return [Held._make(row) for row in rows]


# Built once: SQLAlchemy keys its cache of compiled SQL on the statement. Plain columns,
# no ORM objects, so nothing loaded in the session goes stale.
_CHANGE = (
    update(Assignment.__table__)
    .where(_a.id == bindparam("aid"), _a.version == bindparam("seen"))
    .values(
        status=bindparam("new_status"),
        progress=bindparam("new_progress"),
        due_date=bindparam("new_due"),
        responsible=bindparam("new_responsible"),
        active=bindparam("new_active"),
        updated_at=bindparam("when"),
        updated_by_id=bindparam("author"),
        version=_a.version + 1,
    )
)
_ADD_HISTORY = insert(StatusUpdate.__table__).returning(StatusUpdate.__table__.c.id)
_ADD_ASSIGNMENT = insert(Assignment.__table__).returning(_a.id)
# What the month-end read model (:mod:`.months`) holds of a change.
_MONTH_FIELDS = ("status", "progress", "due_date", "active")


def change(
    before: State,
    author_id: int,
    when: datetime,
    action: str,
    note: str = "",
    *,
    status: str | None = None,
    progress: int | None = None,
    due_date: date | None | Keep = KEEP,
    responsible: str | None = None,
    active: bool | None = None,
    measured: int | None = None,
) -> Changed:
    """Change the assignment read as ``before``: the given values (the others stay), a
    new version, a history row saying what it held before and after (with ``note``) and
    an audit entry ``action`` with the values before and after, and the change's month in
    the reports' read model (:func:`.months.record_change`). ``measured``: the value of the
    task's target measure reported with the change (issue 19), kept in the history.

    Raises :class:`VersionMoved` (nothing written) when the assignment is no longer at
    ``before.version``.
    """
    after = {
        "status": before.status if status is None else status,
        "progress": before.progress if progress is None else progress,
        "due_date": before.due_date if due_date is KEEP else due_date,
        "responsible": before.responsible if responsible is None else responsible,
        "active": before.active if active is None else active,
    }
    result = db.session.execute(
        _CHANGE,
        {
            "aid": before.id,
            "seen": before.version,
            "new_status": after["status"],
            "new_progress": after["progress"],
            "new_due": after["due_date"],
            "new_responsible": after["responsible"],
            "new_active": after["active"],
            "when": when,
            "author": author_id,
        },
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise VersionMoved(before.id)
    version = before.version + 1
    history_id: int = db.session.execute(
        _ADD_HISTORY,
        {
            "assignment_id": before.id,
            "author_id": author_id,
            "created_at": when,
            "from_status": before.status,
            "status": after["status"],
            "from_progress": before.progress,
            "progress": after["progress"],
            "note": note,
            "from_due_date": before.due_date,
            "due_date": after["due_date"],
            "from_active": before.active,
            "active": after["active"],
            "version": version,
            "measured": measured,
        },
    ).scalar_one()
    months.record_change(
        before.id, when, history_id, {f: getattr(before, f) for f in _MONTH_FIELDS}, after
    )
    # The state the history holds, and whatever else changed.
    shown = ["status", "progress", "due_date"]
    shown += [f for f in ("responsible", "active") if after[f] != getattr(before, f)]
    reported = {} if measured is None else {"measured": measured}
    record_audit(
        author_id,
        action,
        "assignment",
        before.id,
        {**{f: getattr(before, f) for f in shown}, "version": before.version},
        {
            **{f: after[f] for f in shown},
            **reported,
            "version": version,
            "status_update_id": history_id,
        },
    )
    if after["active"] != before.active:
        _tell(bool(after["active"]), author_id, before.id)
    return Changed(version, history_id)


_PLACE = select(_a.task_id, _a.organisation_id, _a.branch_id).where(_a.id == bindparam("aid"))


def _tell(given: bool, author_id: int | None, assignment_id: int) -> None:
    """The notice of an assignment given back or taken back, in the change's transaction."""
    place = db.session.execute(_PLACE, {"aid": assignment_id}).one()
    tell_assignment(
        given,
        author_id=author_id,
        assignment_id=assignment_id,
        task_id=place.task_id,
        organisation_id=place.organisation_id,
        branch_id=place.branch_id,
    )


def create(
    author_id: int | None,
    when: datetime,
    *,
    task_id: int,
    organisation_id: int,
    branch_id: int | None,
    due_date: date | None,
    responsible: str = "",
    tell: bool = True,
) -> int:
    """A new assignment (not started, version 1, no history yet: its first change records
    what it started from), its audit entry and (unless ``tell`` is false: work carried
    from last year's plan is no news) the notice to whoever holds it; returns its id."""
    values = {
        "task_id": task_id,
        "organisation_id": organisation_id,
        "branch_id": branch_id,
        "due_date": due_date,
        "responsible": responsible,
    }
    assignment_id: int = db.session.execute(
        _ADD_ASSIGNMENT,
        {**values, "created_at": when, "updated_at": when, "updated_by_id": author_id},
    ).scalar_one()
    record_audit(
        author_id,
        "assignment.create",
        "assignment",
        assignment_id,
        None,
        {**values, "status": "not_started", "progress": 0, "version": 1},
    )
    if tell:
        tell_assignment(
            True,
            author_id=author_id,
            assignment_id=assignment_id,
            task_id=task_id,
            organisation_id=organisation_id,
            branch_id=branch_id,
        )
    return assignment_id
