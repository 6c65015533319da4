"""Lead and supporting organisations of a task (chủ trì / phối hợp) and the supporters'
notes.

A task's lead is its ``organisation_id``: only the lead's assignments carry the task's
status. Its supporters (``task_supporter``) read the task and its assignments and add
notes with evidence photos (``task_note``), which move no status. The secretariat gives a
plan's tasks a lead and supporters in one step (:func:`set_lead_and_supporters`); the
assignments other organisations held of those tasks (a shared task's, given to every
organisation) are taken back through :func:`.services.change`, their history kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, delete, func, insert, select
from sqlalchemy.orm import joinedload, selectinload

from .. import policy
from ..audit import record as record_audit
from ..database import write_transaction
from ..extensions import db
from ..inputs import printable
from ..models import (
    Assignment,
    Branch,
    Organisation,
    Plan,
    Task,
    TaskNote,
    TaskNotePhoto,
    TaskSupporter,
    User,
)
from ..models.base import utcnow
from ..photos.processing import ProcessedPhoto
from ..photos.services import stored_photos
from ..refusals import Invalid, NotAllowed
from ..statements import built_once
from .assigning import lock, record_text
from .services import NOTE_MAX, change

NOW_SUPPORTING = _l("Taken back: the task now has a lead organisation (chủ trì).")
NO_TASKS = _l("Select at least one task.")
BAD_LEAD = _l("Choose the lead organisation.")
BAD_SUPPORTER = _l("Choose supporting organisations among the ward's organisations.")
NOTHING = _l("Write what your organisation did, or add a photo.")


@dataclass(frozen=True)
class SupportResult:
    """What :func:`set_lead_and_supporters` changed."""

    tasks: int
    taken_back: int


def _names(org_ids: Iterable[int], short: dict[int, str]) -> str:
    """Short names of organisations in the ward's order, as the audit trail shows them."""
    return ", ".join(short[i] for i in org_ids if i in short)


def set_lead_and_supporters(
    plan_id: int,
    task_ids: Iterable[int],
    lead_id: int,
    supporter_ids: Iterable[int],
    author: User,
    *,
    now: datetime | None = None,
) -> SupportResult:
    """Give each of the plan's ``task_ids`` the lead ``lead_id`` and exactly the supporters
    ``supporter_ids`` (the lead left out), in one transaction: the active assignments
    other organisations hold of those tasks are taken back (history kept, each with its
    history row and audit entry), and each task gets a ``task.support`` audit entry.
    Raises :class:`NotAllowed` or :class:`Invalid` (nothing written), ``LookupError`` for
    a missing plan."""
    wanted = sorted(set(task_ids))
    supporters = set(supporter_ids) - {lead_id}
    if not wanted:
        raise Invalid(NO_TASKS, "task")
    when = now or utcnow()
    taken_back = 0
    with write_transaction():
        plan = db.session.get(Plan, plan_id)
        if plan is None:
            raise LookupError(plan_id)
        if not policy.can_set_task_support(plan, author):
            raise NotAllowed
        orgs = db.session.execute(
            select(Organisation.id, Organisation.short_name)
            .where(Organisation.active.is_(True))
            .order_by(Organisation.sort_order, Organisation.id)
        ).all()
        short = {org_id: name for org_id, name in orgs}
        if lead_id not in short:
            raise Invalid(BAD_LEAD, "lead")
        if not supporters <= set(short):
            raise Invalid(BAD_SUPPORTER, "supporter")
        # Locked in id order, as assigning and distributing lock a task first.
        tasks = db.session.scalars(
            select(Task)
            .options(selectinload(Task.supporters))
            .where(Task.id.in_(wanted), Task.plan_id == plan.id)
            .order_by(Task.id)
            .with_for_update()
        ).all()
        if len(tasks) != len(wanted):
            raise Invalid(NO_TASKS, "task")
        ordered = [org_id for org_id in short if org_id in supporters]
        for task in tasks:
            before = {
                "organisation_id": task.organisation_id,
                "supporters": ", ".join(o.short_name for o in task.supporters),
            }
            task.organisation_id = lead_id
            db.session.execute(delete(TaskSupporter).where(TaskSupporter.task_id == task.id))
            if ordered:
                db.session.execute(
                    insert(TaskSupporter),
                    [{"task_id": task.id, "organisation_id": o} for o in ordered],
                )
            note = record_text(NOW_SUPPORTING)
            for held in lock(
                Assignment.task_id == task.id,
                Assignment.organisation_id != lead_id,
                Assignment.active.is_(True),
            ):
                change(held, author.id, when, "assignment.take_back", note, active=False)
                taken_back += 1
            after = {"organisation_id": lead_id, "supporters": _names(ordered, short)}
            record_audit(author.id, "task.support", "task", task.id, before, after)
        # The ORM object changed above is flushed with the commit.
    return SupportResult(len(tasks), taken_back)


def assignments_to_take_back(plan_id: int, task_ids: Iterable[int], lead_id: int) -> list[str]:
    """What :func:`set_lead_and_supporters` would take back: the active assignments other
    organisations than ``lead_id`` hold of the plan's ``task_ids``, each as "organisation · branch"
    (or the organisation alone, at its own level), in the ward's order."""
    ids = set(task_ids)
    if not ids:
        return []
    rows = db.session.execute(
        select(Organisation.short_name, Branch.name)
        .select_from(Assignment)
        .join(Task, Task.id == Assignment.task_id)
        .join(Organisation, Organisation.id == Assignment.organisation_id)
        .outerjoin(Branch, Branch.id == Assignment.branch_id)
        .where(
            Task.plan_id == plan_id,
            Assignment.task_id.in_(ids),
            Assignment.organisation_id != lead_id,
            Assignment.active.is_(True),
        )
        .order_by(Organisation.sort_order, Organisation.id, Branch.sort_order, Assignment.id)
    )
    return [f"{org} · {branch}" if branch else org for org, branch in rows]


@dataclass(frozen=True)
class SavedNote:
    """A supporter's note just written."""

    id: int
    task_id: int
    photos: int


def add_task_note(
    task_id: int,
    author: User,
    note: str,
    photos: Sequence[ProcessedPhoto] = (),
    *,
    now: datetime | None = None,
) -> SavedNote:
    """Save a supporting organisation's note on a task with its evidence ``photos``,
    atomically (the files are removed again if the rows are not saved), and its audit
    entries. Raises :class:`NotAllowed`, :class:`Invalid` (nothing to save, too long),
    :class:`~wardtasks.photos.services.PhotosNotStored` or ``LookupError``."""
    note = printable(note).strip()
    if len(note) > NOTE_MAX:
        raise Invalid(_l("The note is too long (at most %(max)d characters).", max=NOTE_MAX))
    if not note and not photos:
        raise Invalid(NOTHING, "note")
    when = now or utcnow()
    with stored_photos(photos) as stored, write_transaction(expire=False):
        task = db.session.scalars(
            select(Task)
            .options(joinedload(Task.plan), selectinload(Task.supporters))
            .where(Task.id == task_id)
        ).first()
        if task is None:
            raise LookupError(task_id)
        if not policy.can_add_task_note(task, author):
            raise NotAllowed
        org_id = policy.supporting_organisation(task, author)
        branch_id = author.branch_id if author.role == policy.BRANCH_HEAD else None
        note_id = db.session.execute(
            insert(TaskNote).returning(TaskNote.id),
            {
                "task_id": task.id,
                "organisation_id": org_id,
                "branch_id": branch_id,
                "author_id": author.id,
                "created_at": when,
                "note": note,
            },
        ).scalar_one()
        record_audit(
            author.id,
            "task.note",
            "task",
            task.id,
            None,
            {"organisation_id": org_id, "branch_id": branch_id, "note": note},
        )
        for files, photo in zip(stored, photos, strict=True):
            photo_id = db.session.execute(
                insert(TaskNotePhoto).returning(TaskNotePhoto.id),
                {
                    "task_note_id": note_id,
                    "task_id": task.id,
                    "uploaded_by_id": author.id,
                    "created_at": when,
                    "file_name": files.file_name,
                    "thumb_name": files.thumb_name,
                    "width": photo.width,
                    "height": photo.height,
                    "size_bytes": len(photo.jpeg),
                },
            ).scalar_one()
            record_audit(
                author.id,
                "photo.add",
                "task",
                task.id,
                None,
                {"photo_id": photo_id, "task_note_id": note_id},
            )
    return SavedNote(note_id, task_id, len(stored))


@dataclass(frozen=True)
class NoteView:
    """A supporter's note as the task page shows it."""

    note: TaskNote
    photos: list[TaskNotePhoto]


# Built once: every task page runs it (see _support_statement below).
_TASK_NOTES = (
    select(TaskNote)
    .options(
        joinedload(TaskNote.organisation),
        joinedload(TaskNote.branch),
        joinedload(TaskNote.author),
    )
    .where(TaskNote.task_id == bindparam("task_id"))
    .order_by(TaskNote.id.desc())
)


def task_notes(task_id: int) -> list[NoteView]:
    """The supporters' notes of a task, newest first, with their photos (two queries)."""
    notes = db.session.scalars(_TASK_NOTES, {"task_id": task_id}).all()
    if not notes:
        return []
    photos: dict[int, list[TaskNotePhoto]] = {}
    for p in db.session.scalars(
        select(TaskNotePhoto).where(TaskNotePhoto.task_id == task_id).order_by(TaskNotePhoto.id)
    ):
        photos.setdefault(p.task_note_id, []).append(p)
    return [NoteView(n, photos.get(n.id, [])) for n in notes]


@dataclass(frozen=True)
class SupportLine:
    """A task with supporters, as a page lists it: its lead, its supporters, the lead's
    completion and how many supporters' notes it has."""

    task_id: int
    title: str
    lead: str
    supporters: str
    done: int
    total: int
    notes: int

    @property
    def percent_done(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


@built_once
def _support_statement(one_organisation: bool) -> Any:
    """The lines' statement with its counts, for the whole plan or the tasks one
    organisation supports (bound ``plan_id``, ``organisation_id``). The ward's, an
    organisation's and a branch's pages each run one of them, and building it (its
    correlated counts, its loader options) and working out its cache key cost more than
    running it on a ward with no supporters."""
    where = [Task.plan_id == bindparam("plan_id"), Task.id.in_(select(TaskSupporter.task_id))]
    if one_organisation:
        where.append(
            Task.id.in_(
                select(TaskSupporter.task_id).where(
                    TaskSupporter.organisation_id == bindparam("organisation_id")
                )
            )
        )
    lead_rows = (
        select(func.count())
        .where(
            Assignment.task_id == Task.id,
            Assignment.active.is_(True),
            Assignment.organisation_id == Task.organisation_id,
        )
        .correlate(Task)
    )
    done = lead_rows.where(Assignment.status == "done").scalar_subquery()
    notes = (
        select(func.count()).where(TaskNote.task_id == Task.id).correlate(Task).scalar_subquery()
    )
    return (
        select(Task, done, lead_rows.scalar_subquery(), notes)
        .options(joinedload(Task.organisation), selectinload(Task.supporters))
        .where(*where)
        .order_by(Task.sort_order, Task.id)
    )


def support_lines(plan_id: int | None, organisation_id: int | None = None) -> list[SupportLine]:
    """The plan's tasks that have supporters (those ``organisation_id`` supports, when
    given), in plan order, each with the lead's completion over its active assignments
    (two statements; a page whose organisation supports nothing reads an empty list).

    Counted in the same statement as the lines: read apart, they cost the ward, an
    organisation's and a branch's pages two statements more each (X-Query-Count on the
    demo ward: the ward overview 17 → 15)."""
    if plan_id is None:
        return []
    # One statement for the lines and their counts, one for the supporters' names.
    rows = db.session.execute(
        _support_statement(organisation_id is not None),
        {"plan_id": plan_id, "organisation_id": organisation_id},
    ).all()
    return [
        SupportLine(
            t.id,
            t.title,
            t.organisation.short_name if t.organisation else "",
            ", ".join(o.short_name for o in t.supporters),
            done_count,
            total,
            note_count,
        )
        for t, done_count, total, note_count in rows
    ]
