"""Notices of work given to a branch or taken back from it, written by the writers of
assignments in their own transaction (:func:`wardtasks.tasks.services.change`,
:func:`wardtasks.tasks.assigning.create`).

A distribution gives a plan's tasks to every branch at once (hundreds of assignments in one
transaction): the names and recipients each notice needs are read once per transaction and
kept in the session's ``info`` until it ends.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, event, select
from sqlalchemy.orm import Session

from ..extensions import db
from ..models import Assignment, Branch, Organisation, Task
from . import notify
from .kinds import ASSIGNMENT_GIVEN, ASSIGNMENT_TAKEN_BACK
from .links import site_path
from .recipients import branch_heads, organisation_leaders

_HELD = "wardtasks_notice_lookups"


def _held() -> dict[tuple[str, int], Any]:
    return db.session.info.setdefault(_HELD, {})


def _lookup(kind: str, key: int) -> Any:
    held = _held()
    if (kind, key) not in held:
        if kind == "task":
            value: Any = db.session.scalar(select(Task.title).where(Task.id == key))
        elif kind == "branch":
            value = db.session.scalar(select(Branch.name).where(Branch.id == key))
        elif kind == "organisation":
            value = db.session.scalar(select(Organisation.short_name).where(Organisation.id == key))
        elif kind == "heads":
            value = branch_heads([key])
        else:
            value = organisation_leaders([key])
        held[(kind, key)] = value
    return held[(kind, key)]


def tell_assignment(
    given: bool,
    *,
    author_id: int | None,
    assignment_id: int,
    task_id: int,
    organisation_id: int,
    branch_id: int | None,
) -> None:
    """Notify whoever holds the assignment (the branch's heads; the organisation's leaders
    for work kept at its level) that it was given to them (``given``) or taken back; not
    the author, who knows."""
    if branch_id is not None:
        users = _lookup("heads", branch_id)
        scope = _lookup("branch", branch_id)
    else:
        users = _lookup("leaders", organisation_id)
        scope = _lookup("organisation", organisation_id)
    users = [u for u in users if u != author_id]
    if not users:
        return
    notify(
        users,
        ASSIGNMENT_GIVEN if given else ASSIGNMENT_TAKEN_BACK,
        link=site_path("tasks.assignment", assignment_id=assignment_id),
        scope=scope or "",
        task=_lookup("task", task_id) or "",
    )


_a = Assignment.__table__.c
_PLACE = select(_a.task_id, _a.organisation_id, _a.branch_id).where(_a.id == bindparam("aid"))


def tell_assignment_by_id(given: bool, *, author_id: int | None, assignment_id: int) -> None:
    """:func:`tell_assignment` of an assignment given back or taken back, its place read
    from it."""
    place = db.session.execute(_PLACE, {"aid": assignment_id}).one()
    tell_assignment(
        given,
        author_id=author_id,
        assignment_id=assignment_id,
        task_id=place.task_id,
        organisation_id=place.organisation_id,
        branch_id=place.branch_id,
    )


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    # Names and recipients are read again by the next transaction.
    session.info.pop(_HELD, None)
