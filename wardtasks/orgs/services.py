"""Figures of the organisation pages that the workflow queries do not cover."""

from __future__ import annotations

from sqlalchemy import func, select

from ..extensions import db
from ..models import Task


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
