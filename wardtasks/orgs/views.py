"""Home page per role, the ward overview, an organisation, a branch ("Việc của chi hội").

Each page shows its scope's counters and a filterable, paginated assignment list
whose rows update in place (see :mod:`wardtasks.tasks.views`). Filters swap the
list through htmx and live in the URL; a plain request gets the whole page.
"""

from __future__ import annotations

from flask import Blueprint, abort, redirect, url_for
from flask_babel import gettext as _
from flask_login import login_required
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response

from .. import policy
from ..extensions import db
from ..models import Branch, Organisation
from ..plans.yearend import page_plans, unfinished_work
from ..scope import Scope
from ..targets.display import targets_of
from ..tasks.pages import full_page_context, list_context, list_page
from ..tasks.queries import noted_items
from ..tasks.support import support_lines
from ..web import conditional, is_htmx_partial
from .services import plan_sections, task_counts_by_organisation

bp = Blueprint("orgs", __name__)


@bp.route("/")
@login_required
def home() -> Response:
    """Send each user to the page of their role."""
    start = policy.home()
    if start is None:
        abort(403)
    endpoint, values = start
    return redirect(url_for(endpoint, **values))


@bp.route("/ward")
@login_required
@conditional
def ward() -> Response:
    """The ward overview: completion per organisation, overdue, recent and blocked items,
    and every assignment with filters."""
    policy.require(policy.can_view_ward())
    plan, earlier = page_plans()
    plan_id = plan.id if plan else None
    scope = Scope("ward")
    if is_htmx_partial():
        return list_page("orgs/ward.html", plan=plan, **list_context(scope, plan_id))
    ctx = full_page_context(scope, plan_id)
    ctx["blocked"] = noted_items(scope, plan_id, status="blocked")
    ctx["recent"] = noted_items(scope, plan_id, recent=True, limit=8)
    ctx["shared_tasks"] = task_counts_by_organisation(plan_id).get(None, 0)
    ctx["unfinished"] = unfinished_work(scope, earlier)
    ctx["support"] = support_lines(plan_id) if plan_sections(plan_id).support else []
    ctx["support_heading"] = _("Tasks with supporting organisations")
    return list_page("orgs/ward.html", plan=plan, **ctx)


@bp.route("/orgs/<int:org_id>")
@login_required
@conditional
def organisation(org_id: int) -> Response:
    """One organisation: tasks × branches with completion, blocked items, its assignments."""
    org = db.get_or_404(Organisation, org_id)
    policy.require(policy.can_view_organisation(org))
    plan, earlier = page_plans()
    plan_id = plan.id if plan else None
    scope = Scope("org", org.id)
    if is_htmx_partial():
        return list_page(
            "orgs/organisation.html", org=org, plan=plan, **list_context(scope, plan_id)
        )
    ctx = full_page_context(scope, plan_id)
    ctx["blocked"] = noted_items(scope, plan_id, status="blocked", limit=20)
    ctx["unfinished"] = unfinished_work(scope, earlier)
    sections = plan_sections(plan_id, org.id)
    ctx["support"] = support_lines(plan_id, org.id) if sections.support else []
    ctx["support_heading"] = _("Tasks our organisation supports")
    ctx["target_views"] = targets_of(plan, org.id) if plan and sections.targets else []
    return list_page("orgs/organisation.html", org=org, plan=plan, **ctx)


# The branch with its organisation and block. Built once, the id a bound value (a
# statement of fixed shape, as tasks/queries/rows.py explains): with its loader options
# keyed per request, or its block read lazily when the user's own branch was loaded with
# them, it cost about 1 M instructions more of the branch page.
_BRANCH = (
    select(Branch)
    .options(joinedload(Branch.organisation), joinedload(Branch.block))
    .where(Branch.id == bindparam("branch_id"))
)


@bp.route("/branches/<int:branch_id>")
@login_required
@conditional
def branch(branch_id: int) -> Response:
    """A branch's tasks ("Việc của chi hội"): overdue first, due soon next, then by status."""
    br = db.session.scalars(_BRANCH, {"branch_id": branch_id}).first()
    if br is None:
        abort(404)
    policy.require(policy.can_view_branch(br))
    plan, earlier = page_plans()
    plan_id = plan.id if plan else None
    scope = Scope("branch", br.id)
    if is_htmx_partial():
        return list_page(
            "orgs/branch.html", branch=br, plan=plan, **list_context(scope, plan_id, grouped=True)
        )
    ctx = full_page_context(scope, plan_id, grouped=True)
    ctx["unfinished"] = unfinished_work(scope, earlier)
    sections = plan_sections(plan_id, br.organisation_id)
    ctx["support"] = support_lines(plan_id, br.organisation_id) if sections.support else []
    ctx["support_heading"] = _("Tasks our organisation supports")
    ctx["target_views"] = targets_of(plan, br.organisation_id) if plan and sections.targets else []
    return list_page("orgs/branch.html", branch=br, plan=plan, **ctx)
