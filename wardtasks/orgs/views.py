"""Home page per role, the ward overview, an organisation, a branch."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response

from .. import policy
from ..extensions import db
from ..models import Assignment, Branch, Organisation, Task
from ..plans.services import current_plan
from ..status import is_overdue, today_in_vietnam
from ..web import render_page
from .services import (
    Counts,
    assignment_counts,
    branch_counts_by_organisation,
    task_counts_by_organisation,
)

bp = Blueprint("orgs", __name__)


@bp.route("/")
@login_required
def home() -> Response:
    """Send each user to the page of their role."""
    if current_user.role == policy.LEADER and current_user.organisation_id:
        return redirect(url_for("orgs.organisation", org_id=current_user.organisation_id))
    if current_user.role == policy.BRANCH_HEAD and current_user.branch_id:
        return redirect(url_for("orgs.branch", branch_id=current_user.branch_id))
    if policy.can_view_ward():
        return redirect(url_for("orgs.ward"))
    abort(403)


@bp.route("/ward")
@login_required
def ward() -> Response:
    """The ward overview: every organisation with its branches and progress."""
    policy.require(policy.can_view_ward())
    plan = current_plan()
    plan_id = plan.id if plan else None
    today = today_in_vietnam()
    organisations = db.session.scalars(
        select(Organisation)
        .where(Organisation.active.is_(True), policy.visible_organisations())
        .order_by(Organisation.sort_order, Organisation.id)
    ).all()
    counts = assignment_counts(Assignment.organisation_id, plan_id, today)
    branches = branch_counts_by_organisation()
    tasks = task_counts_by_organisation(plan_id)
    rows = []
    for org in organisations:
        c = counts.get(org.id, Counts())
        c.branches = branches.get(org.id, 0)
        c.tasks = tasks.get(org.id, 0)
        rows.append((org, c))
    return render_page(
        "orgs/ward.html", plan=plan, rows=rows, shared_tasks=tasks.get(None, 0), today=today
    )


@bp.route("/orgs/<int:org_id>")
@login_required
def organisation(org_id: int) -> Response:
    """One organisation: its branches with their progress."""
    org = db.get_or_404(Organisation, org_id)
    policy.require(policy.can_view_organisation(org))
    plan = current_plan()
    plan_id = plan.id if plan else None
    today = today_in_vietnam()
    branches = db.session.scalars(
        select(Branch)
        .options(joinedload(Branch.block))
        .where(Branch.organisation_id == org.id, Branch.active.is_(True))
        .order_by(Branch.sort_order, Branch.id)
    ).all()
    per_branch = assignment_counts(
        Assignment.branch_id, plan_id, today, Assignment.organisation_id == org.id
    )
    total = assignment_counts(
        Assignment.organisation_id, plan_id, today, Assignment.organisation_id == org.id
    ).get(org.id, Counts())
    tasks = (
        db.session.scalars(
            select(Task)
            .where(Task.plan_id == plan_id, Task.organisation_id == org.id)
            .order_by(Task.sort_order, Task.id)
        ).all()
        if plan_id
        else []
    )
    rows = [(b, per_branch.get(b.id, Counts())) for b in branches]
    return render_page(
        "orgs/organisation.html", org=org, plan=plan, rows=rows, total=total, tasks=tasks
    )


@bp.route("/branches/<int:branch_id>")
@login_required
def branch(branch_id: int) -> Response:
    """One branch and its assignments."""
    br = db.get_or_404(Branch, branch_id)
    policy.require(policy.can_view_branch(br))
    plan = current_plan()
    today = today_in_vietnam()
    assignments = (
        db.session.scalars(
            select(Assignment)
            .join(Task, Task.id == Assignment.task_id)
            .options(joinedload(Assignment.task))
            .where(
                Assignment.branch_id == br.id,
                Assignment.active.is_(True),
                Task.plan_id == plan.id,
                policy.visible_assignments(),
            )
            .order_by(Task.sort_order, Task.id)
        ).all()
        if plan
        else []
    )
    done = sum(1 for a in assignments if a.status == "done")
    overdue = {a.id for a in assignments if is_overdue(a.status, a.due_date, today)}
    return render_page(
        "orgs/branch.html",
        branch=br,
        plan=plan,
        assignments=assignments,
        done=done,
        overdue=overdue,
    )
