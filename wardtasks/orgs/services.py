"""Figures of the organisation pages that the workflow queries do not cover."""

from __future__ import annotations

from typing import Any, NamedTuple

from sqlalchemy import bindparam, exists, func, select

from ..extensions import db
from ..models import Target, Task, TaskSupporter
from ..statements import built_once


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


class Sections(NamedTuple):
    """Which of a page's plan sections have anything to show: the tasks with supporters
    (those its organisation supports) and its organisation's targets."""

    support: bool
    targets: bool


@built_once
def _sections_statement(one_organisation: bool) -> Any:
    """Whether the plan (or one organisation's part: bound ``organisation_id``) has
    supported tasks and targets, run through Core (two booleans need none of the ORM's
    result handling)."""
    supported = (
        select(TaskSupporter.task_id)
        .join(Task, Task.id == TaskSupporter.task_id)
        .where(Task.plan_id == bindparam("plan_id"))
    )
    targeted = (
        select(Target.id)
        .join(Task, Task.id == Target.task_id)
        .where(Task.plan_id == bindparam("plan_id"))
    )
    if one_organisation:
        org_id: Any = bindparam("organisation_id")
        supported = supported.where(TaskSupporter.organisation_id == org_id)
        targeted = targeted.where(Task.organisation_id == org_id)
    return select(exists(supported), exists(targeted))


def plan_sections(plan_id: int | None, organisation_id: int | None = None) -> Sections:
    """Whether the plan has tasks with supporters and tasks with targets (of
    ``organisation_id``: the tasks it supports, its own tasks' targets), in one
    statement of two index lookups: a page reads its supporters' lines and its targets
    only when there are some. Most plans have neither; reading both sections anyway
    cost two ORM statements with their loaders on every organisation and branch page
    (bench/results/2026-12-07-instructions-instr.md)."""
    if plan_id is None:
        return Sections(False, False)
    row = (
        db.session.connection()
        .execute(
            _sections_statement(organisation_id is not None),
            {"plan_id": plan_id, "organisation_id": organisation_id},
        )
        .one()
    )
    return Sections(bool(row[0]), bool(row[1]))
