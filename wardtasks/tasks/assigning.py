"""Giving a task to branches, taking it back, setting who is responsible and the due date;
and what every writer other than the status update starts from: the assignments it
changes, read locked (:func:`lock`), a new assignment (:func:`create`), and the notes the
system writes into the history (:func:`record_text`). Each change of an assignment goes
through the one write rule, :func:`.services.change` (its history row, audit entry and
month row written together).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, insert, select

from .. import policy
from ..audit import record as record_audit
from ..database import write_transaction
from ..dates import format_date
from ..extensions import db
from ..models import Assignment, Branch, Task, User
from ..models.base import utcnow
from ..notices.assignments import tell_assignment
from .services import KEEP, Keep, NotAllowed, change

RESPONSIBLE_MAX = 120
GIVEN_BACK = _l("Assigned to the branch again.")
TAKEN_BACK = _l("Taken back from the branch.")


def record_text(message: Any) -> str:
    """A note the system writes into the history (``message`` from ``_l``): in Vietnamese,
    the ward's record language, whoever made the change, also outside a request."""
    with force_locale("vi"):
        return str(message)


_a = Assignment.__table__.c


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


# Built once (SQLAlchemy keys its cache of compiled SQL on the statement).
_ADD_ASSIGNMENT = insert(Assignment.__table__).returning(_a.id)


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
    changed assignment gets its history row and audit entry (:func:`.services.change`).
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
        allowed = _branches(task, author, wanted)
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


def _branches(task: Task, author: User, wanted: set[int]) -> dict[int, Branch]:
    """The ``wanted`` branches by id, when the user may give ``task`` to every one of them
    (active, and theirs to manage); :class:`NotAllowed` otherwise."""
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
    return allowed


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
