"""Setting and removing a task's target (one transaction each, with its audit entry)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ..audit import record, snapshot
from ..database import write_transaction
from ..extensions import db
from ..models import TARGET_DIRECTIONS, Target, User
from ..models.base import utcnow

TARGET_FIELDS = (
    "measure",
    "unit",
    "direction",
    "branch_value",
    "organisation_value",
    "baseline",
)


@dataclass(frozen=True)
class TargetValues:
    """What the target form gives."""

    measure: str
    unit: str
    direction: str
    branch_value: int | None
    organisation_value: int | None
    baseline: int | None


def save_target(task_id: int, values: TargetValues, user: User) -> None:
    """Set the task's target (a new one, or changes to it)."""
    if values.direction not in TARGET_DIRECTIONS:
        raise ValueError(values.direction)
    if values.branch_value is None and values.organisation_value is None:
        raise ValueError("a target needs a value")
    user_id = user.id
    with write_transaction():
        target = db.session.scalar(
            select(Target).where(Target.task_id == task_id).with_for_update()
        )
        before = None if target is None else snapshot(target, TARGET_FIELDS)
        if target is None:
            target = Target(task_id=task_id)
            db.session.add(target)
        for name in TARGET_FIELDS:
            setattr(target, name, getattr(values, name))
        target.updated_at, target.updated_by_id = utcnow(), user_id
        db.session.flush()
        after = {**snapshot(target, TARGET_FIELDS), "task_id": task_id}
        record(user_id, "target.set", "task_target", target.id, before, after)


def remove_target(task_id: int, user: User) -> None:
    """Remove the task's target (the values reported stay in the history)."""
    user_id = user.id
    with write_transaction():
        target = db.session.scalar(select(Target).where(Target.task_id == task_id))
        if target is None:
            return
        before = {**snapshot(target, TARGET_FIELDS), "task_id": task_id}
        db.session.delete(target)
        record(user_id, "target.remove", "task_target", target.id, before, None)
