"""Counts shown on the organisation and branch pages, by grouped queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import InstrumentedAttribute

from ..extensions import db
from ..models import Assignment, Branch, Task
from ..status import overdue_clause


@dataclass
class Counts:
    """Assignment figures for one organisation or branch."""

    assignments: int = 0
    done: int = 0
    overdue: int = 0
    branches: int = 0
    tasks: int = 0

    @property
    def percent_done(self) -> int:
        return round(100 * self.done / self.assignments) if self.assignments else 0


def assignment_counts(
    group_by: InstrumentedAttribute[int] | InstrumentedAttribute[int | None],
    plan_id: int | None,
    today: date,
    where: ColumnElement[bool] | None = None,
) -> dict[int, Counts]:
    """Assignments, done and overdue per value of ``group_by`` within a plan."""
    if plan_id is None:
        return {}
    done = func.sum(func.cast(Assignment.status == "done", db.Integer))
    overdue = func.sum(func.cast(overdue_clause(today), db.Integer))
    stmt = (
        select(group_by, func.count(Assignment.id), done, overdue)
        .join(Task, Task.id == Assignment.task_id)
        .where(Task.plan_id == plan_id, Assignment.active.is_(True))
        .group_by(group_by)
    )
    if where is not None:
        stmt = stmt.where(where)
    return {
        key: Counts(assignments=total, done=int(d or 0), overdue=int(o or 0))
        for key, total, d, o in db.session.execute(stmt)
        if key is not None
    }


def branch_counts_by_organisation() -> dict[int, int]:
    """Active branches per organisation."""
    stmt = (
        select(Branch.organisation_id, func.count(Branch.id))
        .where(Branch.active.is_(True))
        .group_by(Branch.organisation_id)
    )
    return {org_id: n for org_id, n in db.session.execute(stmt)}


def task_counts_by_organisation(plan_id: int | None) -> dict[int | None, int]:
    """Tasks per organisation in a plan (None: tasks shared by all)."""
    if plan_id is None:
        return {}
    stmt = (
        select(Task.organisation_id, func.count(Task.id))
        .where(Task.plan_id == plan_id)
        .group_by(Task.organisation_id)
    )
    return {org_id: n for org_id, n in db.session.execute(stmt)}
