"""The daily workflow's writes: status updates, assigning tasks to branches, taking them back.

Every function here is one transaction through :func:`write_transaction`; the
assignment's current state, its history row, its audit entry and its evidence photos are
written together, through :mod:`.changes` (the one writer of an assignment: its version
only moves by ``UPDATE … WHERE version = :seen``, so two people saving at once can never
overwrite each other silently).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import insert, select
from sqlalchemy.orm import joinedload

from .. import policy, refusals
from ..audit import record as record_audit
from ..database import write_transaction
from ..dates import format_date
from ..extensions import db
from ..models import (
    ASSIGNMENT_STATUSES,
    Assignment,
    Branch,
    EvidencePhoto,
    StatusUpdate,
    Task,
    User,
)
from ..models.base import utcnow
from ..photos.processing import ProcessedPhoto, StoredFiles
from ..photos.services import PhotosNotStored, stored_photos
from ..targets.actuals import has_target
from .changes import (
    GIVEN_BACK,
    KEEP,
    TAKEN_BACK,
    Held,
    Keep,
    VersionMoved,
    change,
    create,
    lock,
    record_text,
)
from .queries import Row, Values, load_row_and_current_plan, values_at_version

__all__ = ["KEEP", "Keep", "PhotosNotStored"]  # the forms and views import them from here

NOTE_MAX = 2000
RESPONSIBLE_MAX = 120


class NotAllowed(refusals.NotAllowed):
    """The user may not make this change (answered with 403; nothing written)."""


class NothingToSave(refusals.Invalid):
    """The update would change nothing and says nothing."""


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
    current = _snapshot(assignment_id)
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
    """Save a status update of one assignment, append it to the history and store its
    evidence ``photos``, atomically: all of it is saved, or nothing.

    ``expected_version`` is the version the form was rendered from; when the
    assignment has moved on since, :class:`StaleVersion` is raised with its
    current state and nothing is written. ``due_date`` is only for users who
    manage the organisation (leave it out to keep the current date). The photo files
    are written first, at their final names; their rows go in with the update, and the
    files are removed again if the transaction fails.
    ``measured``: the value of the task's target measure now (issue 19; ignored when the
    task has no target), kept in the history.
    ``read_back`` reads, in the same transaction after the write, what the answer shows
    besides the row (a page's counters: they then show exactly this save); it is given
    the row and the id of the plan the pages show, read with the row.
    Raises :class:`NotAllowed`, :class:`NothingToSave`, :class:`PhotosNotStored`,
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
    return SavedUpdate(
        saved.id,
        assignment_id,
        author.id,
        when,
        saved.version,
        row,
        photos=len(stored),
        read=read,
    )


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
    """The update's own writes (inside :func:`record_status_update`'s transaction): the
    assignment's new state, its history row and the audit entry; with the id of the plan
    the pages show (read with the assignment)."""
    loaded = load_row_and_current_plan(assignment_id)
    if loaded is None:
        raise LookupError(assignment_id)
    current, current_plan_id = loaded
    if not policy.can_update_assignment(current, author):
        raise NotAllowed
    new_due = current.due_date if due_date is KEEP else due_date
    if new_due != current.due_date and not policy.can_set_due_date(current, author):
        raise NotAllowed
    if current.version != expected_version:
        raise _stale(assignment_id, expected_version)
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
    version = changed.version
    # The row as lists show it now: what was read, with what this update wrote (its
    # note, when it has one, is the latest note).
    row = current._replace(
        status=status,
        progress=progress,
        due_date=new_due,
        version=version,
        updated_at=when,
        updated_by_name=author.full_name,
        note=note or current.note,
    )
    saved = SavedUpdate(changed.history_id, assignment_id, author.id, when, version, row)
    return saved, current_plan_id


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


def _snapshot(assignment_id: int) -> Snapshot:
    """The current state of the assignment with its latest note and author."""
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


@dataclass
class AssignResult:
    """What a bulk assigning action changed."""

    created: int = 0
    reactivated: int = 0
    withdrawn: int = 0
    changed: int = 0
    skipped: int = 0


def assign_task(
    task_id: int,
    author: User,
    *,
    action: str,
    branch_ids: Iterable[int],
    responsible: str | None = None,
    due_date: date | None = None,
    now: datetime | None = None,
) -> AssignResult:
    """Give a task to branches, take it back from them, or set who is responsible and the due date.

    ``action`` is ``assign`` (create the branches' assignments, or give back those taken
    back), ``withdraw`` (take back: ``active=False``; history kept) or ``set``
    (responsible person and/or due date of the selected branches' assignments). Branches
    the user may not manage raise :class:`NotAllowed` and nothing is written. Each
    changed assignment gets its history row and audit entry (:mod:`.changes`).
    """
    if action not in ("assign", "withdraw", "set"):
        raise ValueError(f"unknown action {action!r}")
    wanted = set(branch_ids)
    if responsible is not None:
        responsible = " ".join(responsible.split())
        if len(responsible) > RESPONSIBLE_MAX:
            raise ValueError("responsible too long")
    when = now or utcnow()
    result = AssignResult()
    with write_transaction():
        # The task locked first: whoever gives it to branches (here, or by distributing
        # the plan) waits for the other, instead of both creating the same assignment.
        task = db.session.get(Task, task_id, with_for_update=True)
        if task is None:
            raise LookupError(task_id)
        if not policy.can_assign_task(task, author):
            raise NotAllowed
        allowed = {
            b.id: b
            for b in db.session.scalars(
                select(Branch).where(
                    Branch.id.in_(wanted),
                    Branch.active.is_(True),
                    policy.assignable_branches(task, author),
                )
            )
        }
        if wanted - set(allowed):
            raise NotAllowed
        held = {
            h.branch_id: h
            for h in lock(Assignment.task_id == task.id, Assignment.branch_id.in_(wanted))
        }
        for branch_id in sorted(wanted):
            a = held.get(branch_id)
            if action == "assign":
                if a is None:
                    create(
                        author.id,
                        when,
                        task_id=task.id,
                        organisation_id=allowed[branch_id].organisation_id,
                        branch_id=branch_id,
                        due_date=due_date or task.due_date,
                        responsible=responsible or "",
                    )
                    result.created += 1
                elif not a.active:
                    note = record_text(GIVEN_BACK)
                    change(a, author.id, when, "assignment.give_back", note, active=True)
                    result.reactivated += 1
                else:
                    result.skipped += 1
            elif action == "withdraw":
                if a is not None and a.active:
                    note = record_text(TAKEN_BACK)
                    change(a, author.id, when, "assignment.take_back", note, active=False)
                    result.withdrawn += 1
                else:
                    result.skipped += 1
            elif a is not None and a.active and _set(a, author, when, responsible, due_date):
                result.changed += 1
            else:
                result.skipped += 1
    return result


def _set(
    a: Held, author: User, when: datetime, responsible: str | None, due_date: date | None
) -> bool:
    """Set the responsible person and/or the due date of ``a`` (locked); False when both
    are as asked already (nothing written)."""
    parts: list[str] = []
    new_responsible = None
    if responsible is not None and responsible != a.responsible:
        new_responsible = responsible
        parts.append(record_text(_l("Responsible: %(name)s", name=responsible or "—")))
    new_due: date | None | Keep = KEEP
    if due_date is not None and due_date != a.due_date:
        new_due = due_date
        parts.append(record_text(_l("New due date: %(date)s", date=format_date(due_date))))
    if not parts:
        return False
    note = " ".join(parts)
    change(
        a, author.id, when, "assignment.set", note, responsible=new_responsible, due_date=new_due
    )
    return True
