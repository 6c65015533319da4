"""Actual against target, at any moment, from the status history.

A branch's actual at a moment is the latest value of the measure it reported before that
moment (``StatusUpdate.measured``): the history is append-only, so a past month's actual
reads the same after any later update. The organisation's actual is the value reported
at its own level when there is one, else its branches' values together
(:func:`combine`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import bindparam, func, or_, select

from ..extensions import db
from ..models import Assignment, Branch, Organisation, StatusUpdate, Target, Task
from ..statements import built_once

PERCENT_UNITS = ("%", "phần trăm")


# Built once: every task page asks it.
_TARGET_OF = select(Target).where(Target.task_id == bindparam("task_id"))


def target_of(task_id: int) -> Target | None:
    """The task's target, if it has one."""
    return db.session.scalar(_TARGET_OF, {"task_id": task_id})


_HAS_TARGET = select(Target.id).where(Target.task_id == bindparam("task_id"))


def has_target(task_id: int) -> bool:
    """Whether the task carries a target (its updates may report the measure)."""
    return db.session.scalar(_HAS_TARGET, {"task_id": task_id}) is not None


_LATEST_VALUE = (
    select(StatusUpdate.measured)
    .where(
        StatusUpdate.assignment_id == bindparam("assignment_id"),
        StatusUpdate.measured.is_not(None),
    )
    .order_by(StatusUpdate.created_at.desc(), StatusUpdate.id.desc())
    .limit(1)
)


def latest_value(assignment_id: int) -> int | None:
    """The latest value the assignment reported (its update form shows it)."""
    return db.session.scalar(_LATEST_VALUE, {"assignment_id": assignment_id})


def meets(direction: str, actual: int | None, value: int | None) -> bool | None:
    """Whether ``actual`` is on track for ``value`` (None when there is no value to meet;
    nothing reported is not on track)."""
    if value is None:
        return None
    if actual is None:
        return False
    return actual >= value if direction == "at_least" else actual <= value


def combine(unit: str, values: Iterable[int]) -> int | None:
    """Several branches' values as one: a share (a percentage) is their mean, rounded; a
    count (households, members) is their sum. None when nothing was reported."""
    numbers = list(values)
    if not numbers:
        return None
    if unit.strip().lower() in PERCENT_UNITS:
        return round(sum(numbers) / len(numbers))
    return sum(numbers)


@dataclass
class BranchActual:
    """One branch's actual against its target at a moment."""

    assignment_id: int
    branch_id: int | None  # None: an organisation's own level of a shared task
    branch_name: str
    actual: int | None
    target: int | None
    on_track: bool | None


@dataclass
class Standing:
    """A target at one moment: each branch's actual, the organisation's, and how many
    branches are on track."""

    target: Target
    branches: list[BranchActual] = field(default_factory=list)
    organisation_actual: int | None = None
    organisation_met: bool | None = None
    # The organisation's own-level assignment (a task kept at its level), if any.
    own_assignment_id: int | None = None

    @property
    def judged(self) -> list[BranchActual]:
        """The branches with a value to meet."""
        return [b for b in self.branches if b.on_track is not None]

    @property
    def on_track(self) -> int:
        return sum(1 for b in self.judged if b.on_track)

    @property
    def share_on_track(self) -> int | None:
        """Percent of the branches on track (None without a per-branch value)."""
        judged = self.judged
        return round(100 * self.on_track / len(judged)) if judged else None

    @property
    def met(self) -> bool | None:
        """On track as a whole: the organisation's value when it has one, else every
        branch on track."""
        if self.organisation_met is not None:
            return self.organisation_met
        judged = self.judged
        return all(b.on_track for b in judged) if judged else None

    def met_by_assignment(self) -> dict[int, bool]:
        """Which of the task's assignments meet their target (the organisation's own
        assignment: the organisation's value)."""
        met = {b.assignment_id: bool(b.on_track) for b in self.branches if b.on_track is not None}
        if self.own_assignment_id is not None and self.organisation_met is not None:
            met[self.own_assignment_id] = self.organisation_met
        return met


class _Move(NamedTuple):
    """An update that reported a value or took the assignment back or gave it back."""

    assignment_id: int
    at: datetime
    measured: int | None
    active: bool
    from_active: bool


def standings(target: Target, plan_id: int, ends: Sequence[datetime]) -> list[Standing]:
    """``target`` as it stood at each of ``ends``: the assignments of its task given out
    then (created before it, not taken back), each with the latest value reported before
    it. Two queries whatever the number of moments (a page shows every month of the year).

    Given out at a moment is what ``reports.month_end.statuses_at`` reads in SQL: the flag
    the latest update before it left, or given out when it has none (an assignment is
    created given out); only the updates that move the flag (``ACTIVE_MOVE``) can change it.
    """
    assignments = db.session.execute(
        select(
            Assignment.id,
            Assignment.branch_id,
            # A shared task's lines are its organisations' own levels.
            func.coalesce(Branch.name, Organisation.short_name),
            Assignment.created_at,
            Task.organisation_id.is_(None),
        )
        .join(Task, Task.id == Assignment.task_id)
        .join(Organisation, Organisation.id == Assignment.organisation_id)
        .outerjoin(Branch, Branch.id == Assignment.branch_id)
        .where(Assignment.task_id == target.task_id, Task.plan_id == plan_id)
        .order_by(
            Assignment.branch_id.is_not(None),
            Organisation.sort_order,
            Branch.sort_order,
            Branch.id,
        )
    ).all()
    su = StatusUpdate.__table__.c
    moves: dict[int, list[_Move]] = {}
    for row in db.session.execute(
        select(su.assignment_id, su.created_at, su.measured, su.active, su.from_active)
        .where(
            su.assignment_id.in_([a[0] for a in assignments]),
            or_(su.measured.is_not(None), su.active != su.from_active),
        )
        .order_by(su.created_at, su.id)
    ):
        moves.setdefault(row[0], []).append(_Move._make(row))
    return [_standing(target, assignments, moves, end) for end in ends]


def standing(target: Target, plan_id: int, end: datetime) -> Standing:
    """``target`` as it stood at ``end`` (see :func:`standings`)."""
    return standings(target, plan_id, [end])[0]


def _standing(
    target: Target, assignments: Sequence[Any], moves: dict[int, list[_Move]], end: datetime
) -> Standing:
    result = Standing(target)
    own_value: int | None = None
    for aid, branch_id, name, created_at, shared in assignments:
        before = [m for m in moves.get(aid, ()) if m.at < end]
        flags = [m.active for m in before if m.active != m.from_active]
        if created_at >= end or (flags and not flags[-1]):
            continue  # not given out at ``end``
        values = [m.measured for m in before if m.measured is not None]
        actual = values[-1] if values else None
        if branch_id is None and not shared:
            result.own_assignment_id, own_value = aid, actual
            continue
        result.branches.append(
            BranchActual(
                aid,
                branch_id,
                name,
                actual,
                target.branch_value,
                meets(target.direction, actual, target.branch_value),
            )
        )
    reported = [b.actual for b in result.branches if b.actual is not None]
    own = own_value if own_value is not None else combine(target.unit, reported)
    result.organisation_actual = own
    if target.organisation_value is not None:
        result.organisation_met = meets(target.direction, own, target.organisation_value)
    return result


@built_once
def _targets_statement(one_organisation: bool) -> Any:
    """The plan's targets, or one organisation's (bound ``plan_id``, ``organisation_id``):
    an organisation's and a branch's pages run one each."""
    stmt = (
        select(Target)
        .join(Task, Task.id == Target.task_id)
        .where(Task.plan_id == bindparam("plan_id"))
        .order_by(Task.sort_order, Task.id)
    )
    if one_organisation:
        stmt = stmt.where(Task.organisation_id == bindparam("organisation_id"))
    return stmt


def plan_targets(plan_id: int, organisation_id: int | None = None) -> list[Target]:
    """The targets of a plan's tasks (of one organisation's tasks), in task order."""
    return list(
        db.session.scalars(
            _targets_statement(organisation_id is not None),
            {"plan_id": plan_id, "organisation_id": organisation_id},
        )
    )
