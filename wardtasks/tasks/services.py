"""A status update, and the rule every change of an assignment is written by.

A status update reads top to bottom in five files:

1. ``tasks/views.py``: :func:`~wardtasks.tasks.views.update_status`, the route;
2. ``tasks/forms.py``: ``StatusUpdateForm``, what was typed (and its photos) validated;
3. ``tasks/services.py``, here: :func:`record_status_update`, one transaction that
   checks the version the form was rendered from and writes through :func:`change`;
4. ``templates/tasks/assignment.html``: its ``row`` block, the answer (the row every list
   shows, ``tasks/_row.html``; the page's counters, named blocks of that page);
5. ``policy.py``: who may update the assignment, set its due date, see the counters.

:func:`change` is every writer's rule (:mod:`.assigning`, :mod:`.support`, the plans'
and the year end's): the assignment's new state, its history row, its audit entry and
its month row in the reports' read model (:func:`record_month`), in the writer's
transaction. The version only moves by ``UPDATE … WHERE version = :seen``: two people
saving at once never overwrite each other silently (a status update starts from the
version its form was rendered from; the other writers from rows read locked,
:func:`.assigning.lock`). Invariant, over every writer (tests/test_concurrency.py): an
assignment's current state is its latest history row's, and each row starts from the
state the previous one left, so a past month reads from the history what was true then.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import Enum
from typing import Any, Final, NamedTuple, Protocol

from sqlalchemy import Boolean, Date, DateTime, bindparam, insert, text, update

from .. import policy, refusals
from ..audit import record as record_audit
from ..database import write_transaction
from ..dates import month_of
from ..extensions import db
from ..models import ASSIGNMENT_STATUSES, Assignment, EvidencePhoto, StatusUpdate, User
from ..models.base import utcnow
from ..models.plan import STILL_HOLDS
from ..notices.assignments import tell_assignment_by_id
from ..photos.processing import ProcessedPhoto, StoredFiles
from ..photos.services import stored_photos
from ..targets.actuals import has_target
from .queries import Row, Snapshot, Values, load_row_and_current_plan, snapshot, values_at_version

NOTE_MAX = 2000


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
    (a list row, :class:`.assigning.Held`)."""

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


class Changed(NamedTuple):
    """A change just written: the assignment's new version and its history row."""

    version: int
    history_id: int


class NotAllowed(refusals.NotAllowed):
    """The user may not make this change (answered with 403; nothing written)."""


class NothingToSave(refusals.Invalid):
    """The update would change nothing and says nothing."""


@dataclass(frozen=True)
class SavedUpdate:
    """A status update just written: its history row, the assignment as lists show it
    now (``row``), the number of photos stored with it and what ``read_back`` read."""

    id: int
    assignment_id: int
    author_id: int
    created_at: datetime
    version: int
    row: Row
    photos: int = 0
    read: dict[str, Any] = field(default_factory=dict)


class StaleVersion(refusals.Conflict):
    """Someone saved the assignment after the form was rendered: ``current`` is how they
    left it, ``opened`` the values at the version the form was rendered from."""

    def __init__(self, current: Snapshot, opened: Values) -> None:
        super().__init__(f"assignment is at version {current.version}")
        self.current = current
        self.opened = opened


def _stale(assignment_id: int, seen: int) -> StaleVersion:
    """The conflict of a save from a form rendered at version ``seen``."""
    current = snapshot(assignment_id)
    opened = values_at_version(assignment_id, seen)
    return StaleVersion(
        current, opened or Values(current.status, current.progress, current.due_date)
    )


# Built once (SQLAlchemy keys its cache of compiled SQL on the statement).
_ADD_PHOTO = insert(EvidencePhoto.__table__).returning(EvidencePhoto.__table__.c.id)


def record_status_update(
    assignment_id: int,
    author: User,
    *,
    status: str,
    progress: int,
    note: str,
    expected_version: int,
    due_date: date | None | Keep = KEEP,
    photos: Sequence[ProcessedPhoto] = (),
    measured: int | None = None,
    now: datetime | None = None,
    read_back: Callable[[Row, int | None], dict[str, Any]] | None = None,
) -> SavedUpdate:
    """Save a status update of one assignment, its history row and its evidence
    ``photos``, atomically: all of it is saved, or nothing (the photo files are written
    first, at their final names, and removed again if the transaction fails).

    ``expected_version``: the version the form was rendered from; when the assignment
    has moved on since, :class:`StaleVersion` is raised and nothing is written.
    ``due_date`` only for users who manage the organisation (leave it out to keep it).
    ``measured``: the value of the task's target measure now (issue 19; ignored when the
    task has no target). ``read_back(row, plan_id)`` reads, in the same transaction
    after the write, what the answer shows besides the row (a page's counters, then
    exactly this save's; ``plan_id``: the plan the pages show, read with the row).
    Raises :class:`NotAllowed`, :class:`NothingToSave`, ``PhotosNotStored``,
    ``LookupError`` (no such assignment) or ``ValueError`` for bad input.
    """
    if status not in ASSIGNMENT_STATUSES:
        raise ValueError(f"unknown status {status!r}")
    if not 0 <= progress <= 100:
        raise ValueError("progress must be between 0 and 100")
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise ValueError("note too long")
    if status == "done":
        progress = 100
    when = now or utcnow()
    with stored_photos(photos) as stored, write_transaction(expire=False):
        saved, current_plan_id = _save_update(
            assignment_id,
            author,
            status=status,
            progress=progress,
            note=note,
            expected_version=expected_version,
            due_date=due_date,
            when=when,
            with_photos=bool(stored),
            measured=measured,
        )
        for files, photo in zip(stored, photos, strict=True):
            _add_photo(saved, files, photo)
        # The row as lists show it, counting the photos just added.
        row = saved.row._replace(photos=saved.row.photos + len(stored))
        read = read_back(row, current_plan_id) if read_back else {}
    return replace(saved, row=row, photos=len(stored), read=read)


def _save_update(
    assignment_id: int,
    author: User,
    *,
    status: str,
    progress: int,
    note: str,
    expected_version: int,
    due_date: date | None | Keep,
    when: datetime,
    with_photos: bool,
    measured: int | None = None,
) -> tuple[SavedUpdate, int | None]:
    """The update's own writes (in :func:`record_status_update`'s transaction), through
    :func:`change`; with the id of the plan the pages show (read with the assignment)."""
    loaded = load_row_and_current_plan(assignment_id)
    if loaded is None:
        raise LookupError(assignment_id)
    current, current_plan_id = loaded
    new_due = current.due_date if due_date is KEEP else due_date
    _check(current, author, new_due, expected_version)
    if measured is not None and not has_target(current.task_id):
        measured = None
    if (
        status == current.status
        and progress == current.progress
        and new_due == current.due_date
        and not note
        and not with_photos
        and measured is None
    ):
        raise NothingToSave
    try:
        changed = change(
            current,
            author.id,
            when,
            "assignment.status_update",
            note,
            status=status,
            progress=progress,
            due_date=new_due,
            measured=measured,
        )
    except VersionMoved:
        # Another process saved between our read and our write (PostgreSQL).
        raise _stale(assignment_id, expected_version) from None
    # The row as lists show it now: what was read, with what this update wrote (its
    # note, when it has one, is the latest note).
    row = current._replace(
        status=status,
        progress=progress,
        due_date=new_due,
        version=changed.version,
        updated_at=when,
        updated_by_name=author.full_name,
        note=note or current.note,
    )
    saved = SavedUpdate(changed.history_id, assignment_id, author.id, when, changed.version, row)
    return saved, current_plan_id


def _check(current: Row, author: User, new_due: date | None, expected_version: int) -> None:
    """Refuse an update the user may not make, or typed in a form of an older version."""
    if not policy.can_update_assignment(current, author):
        raise NotAllowed
    if new_due != current.due_date and not policy.can_set_due_date(current, author):
        raise NotAllowed
    if current.version != expected_version:
        raise _stale(current.id, expected_version)


def _add_photo(saved: SavedUpdate, files: StoredFiles, photo: ProcessedPhoto) -> None:
    """One evidence photo of ``saved`` (its files already written) and its audit entry."""
    photo_id = db.session.execute(
        _ADD_PHOTO,
        {
            "status_update_id": saved.id,
            "assignment_id": saved.assignment_id,
            "uploaded_by_id": saved.author_id,
            "created_at": saved.created_at,
            "file_name": files.file_name,
            "thumb_name": files.thumb_name,
            "width": photo.width,
            "height": photo.height,
            "size_bytes": len(photo.jpeg),
        },
    ).scalar_one()
    record_audit(
        saved.author_id,
        "photo.add",
        "assignment",
        saved.assignment_id,
        None,
        {"photo_id": photo_id, "status_update_id": saved.id},
    )


# The write rule: every writer of an assignment changes it through these.
_a = Assignment.__table__.c
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
    the reports' read model (:func:`record_month`). ``measured``: the value of the
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
    changed = Changed(
        before.version + 1, _add_history(before, after, author_id, when, note, measured)
    )
    record_month(before, after, when, changed.history_id)
    _audit_change(before, after, author_id, action, changed, measured)
    if after["active"] != before.active:
        tell_assignment_by_id(bool(after["active"]), author_id=author_id, assignment_id=before.id)
    return changed


def _add_history(
    before: State,
    after: dict[str, Any],
    author_id: int,
    when: datetime,
    note: str,
    measured: int | None,
) -> int:
    """The history row of a change from ``before`` to ``after`` (at the next version)."""
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
            "version": before.version + 1,
            "measured": measured,
        },
    ).scalar_one()
    return history_id


# One statement for both databases (SQLite and PostgreSQL spell the upsert alike), as
# text: the ORM's statement and its cache key cost more than writing the row. It writes
# two rows in one: the month's own (the second SELECT), and, on the month's first change,
# the row that held until then (the first SELECT: none when the month has its row
# already), written again as it is but ending at the month — an UPDATE of its own was one
# statement more on every change (issue 13: a status update runs at most eight).
# The month's first update sets from_due_date and until_month (the next row's month: a
# change whose time crossed a later one's, :mod:`.months`), a later one keeps them; a done
# assignment that stays done keeps when it was done from its row before. On a conflict
# until_month takes the smaller of the two: the row before's moves back to the month,
# the month's own keeps its own (which is the next row's month already). The subqueries
# read the rows as they were before the statement on both databases (SQLite reads a
# SELECT from the table it inserts into whole first), so the row before's new end does
# not change what they find. "WHERE true": SQLite's parser needs a WHERE before an
# upsert's ON CONFLICT when the rows come from a SELECT.
_MONTH_ROW = text(
    "INSERT INTO assignment_month (assignment_id, month, status, progress, due_date,"
    " active, done_at, update_id, from_due_date, until_month)"
    " SELECT p.assignment_id, p.month, p.status, p.progress, p.due_date, p.active,"
    " p.done_at, p.update_id, p.from_due_date, :month FROM assignment_month AS p"
    " WHERE p.assignment_id = :assignment_id AND p.month < :month"
    " AND p.until_month > :month"
    " UNION ALL"
    " SELECT :assignment_id, :month, :status, :progress, :due_date, :active,"
    " CASE WHEN :keep_done THEN (SELECT b.done_at FROM assignment_month AS b"
    " WHERE b.assignment_id = :assignment_id AND b.month <= :month"
    " ORDER BY b.month DESC LIMIT 1) ELSE :done_at END, :update_id, :from_due_date,"
    " COALESCE((SELECT MIN(n.month) FROM assignment_month AS n"
    " WHERE n.assignment_id = :assignment_id AND n.month > :month), :still) WHERE true"
    " ON CONFLICT (assignment_id, month) DO UPDATE SET status = excluded.status,"
    " progress = excluded.progress, due_date = excluded.due_date,"
    " active = excluded.active, done_at = excluded.done_at,"
    " update_id = excluded.update_id, until_month = CASE"
    " WHEN excluded.until_month < assignment_month.until_month"
    " THEN excluded.until_month ELSE assignment_month.until_month END"
).bindparams(
    bindparam("due_date", type_=Date()),
    bindparam("from_due_date", type_=Date()),
    bindparam("done_at", type_=DateTime()),
    bindparam("active", type_=Boolean()),
    bindparam("keep_done", type_=Boolean()),
)


def record_month(before: State, after: dict[str, Any], when: datetime, update_id: int) -> None:
    """Write the month of a change just recorded in the history in the reports' read model
    (same transaction; :mod:`.months` for its rule and its rebuild from the history):
    ``after`` holds the new status, progress, due date and ``active``."""
    done, was_done = after["status"] == "done", before.status == "done"
    conn, month = db.session.connection(), month_of(when)
    conn.execute(
        _MONTH_ROW,
        {
            "assignment_id": before.id,
            "month": month,
            "status": after["status"],
            "progress": after["progress"],
            "due_date": after["due_date"],
            "active": after["active"],
            "keep_done": done and was_done,
            "done_at": when if done and not was_done else None,
            "update_id": update_id,
            "from_due_date": before.due_date,
            "still": STILL_HOLDS,
        },
    )


def _audit_change(
    before: State,
    after: dict[str, Any],
    author_id: int,
    action: str,
    changed: Changed,
    measured: int | None,
) -> None:
    """The audit entry of a change: the state the history holds, and whatever else changed."""
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
            "version": changed.version,
            "status_update_id": changed.history_id,
        },
    )
