"""Due-date notices: an open assignment due within a week, or past its due date, tells
whoever holds it — once per assignment, kind and due date (a moved due date tells again).

Run daily by ``flask send-digests`` (before the mail goes out) or alone as
``flask notices-due``; a second run on the same day produces nothing.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import and_, case, exists, insert, select

from ..database import one_writer_at_a_time, write_transaction
from ..dates import format_date
from ..extensions import db
from ..models import Assignment, Branch, NoticeDue, Organisation, Plan, Task, User
from ..status import CLOSED_STATUSES, overdue_clause
from . import notify
from .kinds import DUE_PASSED, DUE_SOON
from .links import site_path

NOTICE_DUE_DAYS = 7  # "due soon" for a notice: within a week (the lists' badge looks further)


def produce_due_notices(today: date) -> int:
    """Write the due-date notices not yet produced for ``today`` (Vietnam's day, see
    :func:`wardtasks.dates.today_in_vietnam`); returns how many assignments got one."""
    a = Assignment
    kind = case((overdue_clause(today), DUE_PASSED), else_=DUE_SOON)  # the status rule
    produced = exists().where(
        NoticeDue.assignment_id == a.id,
        NoticeDue.kind == kind,
        NoticeDue.due_date == a.due_date,
    )
    query = (
        select(
            a.id,
            a.organisation_id,
            a.branch_id,
            a.due_date,
            kind.label("kind"),
            Task.title,
            Branch.name.label("branch_name"),
            Organisation.short_name,
        )
        .join(Task, Task.id == a.task_id)
        .join(Plan, and_(Plan.id == Task.plan_id, Plan.state == "active"))
        .join(Organisation, Organisation.id == a.organisation_id)
        .outerjoin(Branch, Branch.id == a.branch_id)
        .where(
            a.active.is_(True),
            a.status.not_in(CLOSED_STATUSES),
            a.due_date.is_not(None),
            a.due_date <= today + timedelta(days=NOTICE_DUE_DAYS),
            ~produced,
        )
        .order_by(a.id)
    )
    with write_transaction():
        # Two runs at once (cron and an operator): the second reads what the first wrote.
        one_writer_at_a_time("notice_due")
        rows = db.session.execute(query).all()
        if not rows:
            return 0
        heads, leaders = _holders()
        db.session.execute(
            insert(NoticeDue),
            [{"assignment_id": r.id, "kind": r.kind, "due_date": r.due_date} for r in rows],
        )
        for r in rows:
            if r.branch_id is not None:
                users, scope = heads[r.branch_id], r.branch_name
            else:
                users, scope = leaders[r.organisation_id], r.short_name
            params: dict[str, str | int] = {
                "task": r.title,
                "scope": scope,
                "due": format_date(r.due_date),
            }
            if r.kind == DUE_SOON:
                params["days"] = (r.due_date - today).days
            link = site_path("tasks.assignment", assignment_id=r.id)
            notify(users, r.kind, link=link, **params)
    return len(rows)


def _holders() -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """Active branch heads by branch and leaders by organisation, read at once."""
    heads: dict[int, list[int]] = defaultdict(list)
    leaders: dict[int, list[int]] = defaultdict(list)
    query = select(User.id, User.role, User.branch_id, User.organisation_id).where(
        User.active.is_(True), User.role.in_(("branch_head", "leader"))
    )
    for user_id, role, branch_id, organisation_id in db.session.execute(query.order_by(User.id)):
        if role == "branch_head" and branch_id is not None:
            heads[branch_id].append(user_id)
        elif role == "leader" and organisation_id is not None:
            leaders[organisation_id].append(user_id)
    return heads, leaders
