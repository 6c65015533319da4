"""Completion month by month: how many assignments existed and how many were done at
the end of each month, counted from the history's moves into and out of done."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from itertools import accumulate
from typing import Any

from sqlalchemy import (
    DateTime,
    Integer,
    and_,
    bindparam,
    case,
    cast,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)

from ..dates import month_end_utc
from ..extensions import db
from ..models import Assignment, Task
from ..scope import Scope
from ..statements import built_once
from .month_end import done_move, history

Counts = dict[tuple[int, int | None], tuple[list[int], list[int]]]


def _moves_of_done(in_scope: tuple[Any, ...], last_end: Any, bucket: Any, branch: Any) -> Any:
    """SQL: the updates before ``last_end`` into done (+1) or out of it (-1), bucketed."""
    su = history()
    into_done = and_(
        su.c.status == "done", or_(su.c.from_status.is_(None), su.c.from_status != "done")
    )
    out_of_done = and_(su.c.from_status == "done", su.c.status != "done")
    # Done and given out after the update, less before it: taking a done assignment
    # back takes it out of the done count, as it takes it out of the total.
    done_after = case((and_(su.c.status == "done", su.c.active.is_(True)), 1), else_=0)
    done_before = case((and_(su.c.from_status == "done", su.c.from_active.is_(True)), 1), else_=0)
    moved = (
        select(
            Assignment.organisation_id.label("org_id"),
            branch.label("branch_id"),
            bucket(su.c.created_at).label("bucket"),
            # Counted from when both the update and its assignment exist (the later bucket).
            bucket(Assignment.created_at).label("made"),
            (done_after - done_before).label("delta"),
        )
        .select_from(su)
        .join(Assignment, Assignment.id == su.c.assignment_id)
        .join(Task, Task.id == Assignment.task_id)
        .where(
            *in_scope,
            su.c.created_at < last_end,
            # Implied by the next term, but the planners need it spelled out (with the
            # value inline) to read the moves from ix_status_update_done_moves.
            done_move(su),
            or_(into_done, out_of_done, su.c.active != su.c.from_active),
        )
        .subquery("moved")
    )
    return moved


def _moves_of_active(in_scope: tuple[Any, ...], last_end: Any, bucket: Any, branch: Any) -> Any:
    """SQL: the updates before ``last_end`` that gave an assignment back (+1) or took it
    back (-1), bucketed: what the plan had given out at each end."""
    su = history()
    return (
        select(
            Assignment.organisation_id.label("org_id"),
            branch.label("branch_id"),
            bucket(su.c.created_at).label("bucket"),
            bucket(Assignment.created_at).label("made"),
            case((su.c.active.is_(True), 1), else_=-1).label("delta"),
        )
        .select_from(su)
        .join(Assignment, Assignment.id == su.c.assignment_id)
        .join(Task, Task.id == Assignment.task_id)
        # As ix_status_update_active_moves says it: the planners read the moves from it.
        .where(*in_scope, su.c.created_at < last_end, su.c.active != su.c.from_active)
        .subquery("given")
    )


@built_once
def _made_and_moved(ends: int, kind: str, by_branch: bool) -> Any:
    """SQL: per (organisation, branch) and bucket of ``ends`` month ends (bound as end_0,
    end_1 … in order), the assignments made (kind 0) and the net moves into done (kind
    1), for the plan ``plan_id`` and a scope of ``kind`` (its id ``scope_id``). See
    :func:`counts_at`."""
    # Every assignment from its creation, given out or not: the moves out of the plan
    # and back in count what was given out at each end.
    in_scope = (Task.plan_id == bindparam("plan_id"), Scope(kind).clause(bindparam("scope_id")))
    order = [bindparam(f"end_{n}", type_=DateTime()) for n in range(ends)]

    def bucket(column: Any) -> Any:
        return case(*[(column < end, n) for n, end in enumerate(order)], else_=len(order))

    branch = Assignment.branch_id if by_branch else cast(null(), Integer)
    made = (
        select(
            Assignment.organisation_id.label("org_id"),
            branch.label("branch_id"),
            bucket(Assignment.created_at).label("bucket"),
            bucket(Assignment.created_at).label("made"),
            literal(1, Integer).label("delta"),
        )
        .join(Task, Task.id == Assignment.task_id)
        .where(*in_scope, Assignment.created_at < order[-1])
        .subquery("made")
    )
    moved = _moves_of_done(in_scope, order[-1], bucket, branch)
    given = _moves_of_active(in_scope, order[-1], bucket, branch)
    parts = [
        select(
            literal(kind, Integer).label("kind"),
            q.c.org_id,
            q.c.branch_id,
            q.c.bucket,
            q.c.made,
            func.sum(q.c.delta).label("n"),
        ).group_by(q.c.org_id, q.c.branch_id, q.c.bucket, q.c.made)
        for kind, q in ((0, made), (0, given), (1, moved))
    ]
    return union_all(*parts)


def counts_at(plan_id: int, ends: list[datetime], scope: Scope, by_branch: bool = True) -> Counts:
    """(assignments, done) at each of ``ends``, per (organisation, branch), in one query.

    With ``by_branch`` False, per organisation only (the branch in the key is None).

    Assignments are counted by their creation time; "done" by the transitions of
    the history: an update into done (from another status) adds one, an update
    out of it takes one away. The history is a chain (each update's ``from_status``
    is the status before it, which the status update service guarantees under the
    assignment's version), so the sum over the updates before an end is the number
    of assignments whose latest update before that end is done. Each row is put in
    the bucket of the first end it falls before; the buckets are summed up here.
    """
    if not ends:
        return {}
    order = sorted(set(ends))
    steps: Counts = {}
    # One statement per number of ends and scope kind: a month's values are bound.
    stmt = _made_and_moved(len(order), scope.kind, by_branch)
    values: dict[str, Any] = {f"end_{n}": end for n, end in enumerate(order)}
    values.update(plan_id=plan_id, scope_id=scope.id)
    for kind, org_id, branch_id, at, made_at, n in db.session.execute(stmt, values):
        acc = steps.setdefault((org_id, branch_id), ([0] * len(order), [0] * len(order)))
        at = max(int(at), int(made_at))
        if at < len(order):  # else the assignment was made after the last end
            acc[kind][at] += int(n or 0)
    position = [order.index(end) for end in ends]
    out: Counts = {}
    for key, (made_in, done_in) in steps.items():
        made_by, done_by = list(accumulate(made_in)), list(accumulate(done_in))
        out[key] = ([made_by[p] for p in position], [done_by[p] for p in position])
    return out


def completion_by_month(
    plan_id: int, year: int, last_month: int, scope: Scope
) -> list[list[int | None]]:
    """[month, organisation id, branch id, assignments, done] at the end of months 1..last."""
    ends = [month_end_utc(year, m) for m in range(1, last_month + 1)]
    return chart_rows(counts_at(plan_id, ends, scope), range(1, last_month + 1))


def chart_rows(counts: Counts, months: Iterable[int]) -> list[list[int | None]]:
    """The snapshot's chart rows from :func:`counts_at` (its first ends being ``months``)."""
    rows: list[list[int | None]] = []
    for n, month in enumerate(months):
        for (org_id, branch_id), (made, done) in counts.items():
            if made[n]:
                rows.append([month, org_id, branch_id, made[n], done[n]])
    rows.sort(key=lambda r: (r[0], r[1], -1 if r[2] is None else r[2]))
    return rows
