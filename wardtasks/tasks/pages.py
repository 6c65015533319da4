"""Building the pages that list assignments: what a page's list, counters and rows need.

Shared by the views of :mod:`wardtasks.orgs` (ward, organisation, branch) and
:mod:`wardtasks.tasks` (task); not a view module itself. The answers of a status
update (the row, the counters' blocks) are written by :mod:`wardtasks.tasks.views`.
"""

from __future__ import annotations

from datetime import date
from typing import Any, cast
from urllib.parse import urlencode

from flask import request
from flask_login import current_user
from werkzeug.wrappers import Response

from ..dates import today_in_vietnam
from ..models import User
from ..plans.current import current_plan
from ..scope import Scope
from ..web import is_htmx_partial, render_page, url_prefix
from .queries import (
    Filters,
    Summary,
    filter_options,
    list_assignments,
    organisation_matrix,
    scope_summary,
    ward_progress,
)


def me() -> User:
    """The logged-in user (the object itself, not Flask-Login's proxy)."""
    return cast(User, current_user._get_current_object())


def current_plan_id() -> int | None:
    """The id of the plan the pages show."""
    plan = current_plan()
    return plan.id if plan else None


def row_args(scope: Scope | None, next_url: str) -> dict[str, str]:
    """Query strings of a row's links: ``all`` for its htmx requests (its page's scope and
    address), ``next`` for the assignment page (the list to go back to); and the start of
    the addresses of an assignment and of a task (``assignment``, ``task``: the id goes
    after them), built once for a list instead of once per row."""
    back = urlencode({"next": next_url}, safe="/")
    links = link_prefixes()
    return {
        "all": f"scope={scope.key if scope else ''}&{back}",
        "next": back,
        "assignment": links["assignment"],
        "task": links["task"],
    }


def list_context(
    scope: Scope,
    plan_id: int | None,
    *,
    grouped: bool = False,
    with_history: bool = False,
    counted: Summary | None = None,
) -> dict[str, Any]:
    """What the filterable list of a page needs (its htmx partial needs nothing more);
    ``counted`` as in :func:`list_assignments`."""
    today = today_in_vietnam()
    filters = Filters.from_args(request.args)
    page = list_assignments(
        scope,
        filters,
        plan_id,
        today,
        grouped=grouped,
        with_history=with_history,
        counted=counted,
    )
    next_url = request.full_path.rstrip("?")
    return {
        "scope": scope,
        "filters": filters,
        "page": page,
        "today": today,
        "grouped": grouped,
        "show_history": with_history,
        "histories": page.histories,
        "next_url": next_url,
        "list_url": request.path,
        "me": me(),
        "row_args": row_args(scope, next_url),
    }


def list_page(template: str, **ctx: Any) -> Response:
    """Render a page with a filterable list; its htmx partial is the list alone, and the
    address pushed into the browser's history is the filters' clean form."""
    response = render_page(template, "assignment_list", **ctx)
    if is_htmx_partial():
        query = urlencode(ctx["filters"].args())
        response.headers["HX-Push-Url"] = ctx["list_url"] + (f"?{query}" if query else "")
    return response


def scope_figures(scope: Scope, plan_id: int | None, today: date) -> dict[str, Any]:
    """The counters of a scope (``summary``), with the completion per organisation of the
    ward (``org_progress``) or the matrix of an organisation (``matrix``)."""
    ctx: dict[str, Any] = {}
    if scope.kind == "ward":
        ctx["summary"], ctx["org_progress"] = ward_progress(plan_id, today)
    else:
        ctx["summary"] = scope_summary(scope, plan_id, today)
    if scope.kind == "org" and scope.id is not None:
        ctx["matrix"] = organisation_matrix(scope.id, plan_id, today)
        ctx["matrix_urls"] = link_prefixes()
    return ctx


def link_prefixes() -> dict[str, str]:
    """The start of the addresses of a branch, a task and an assignment (the id goes
    after them), for pages that link many of them — lists, the matrix (a thousand cells
    and more at scale), the month report: built once per page, not once per link (one
    ``url_for`` costs about 35 k instructions)."""
    return {
        "branch": url_prefix("orgs.branch", "branch_id"),
        "task": url_prefix("tasks.task", "task_id"),
        "assignment": url_prefix("tasks.assignment", "assignment_id"),
    }


def full_page_context(scope: Scope, plan_id: int | None, **list_options: Any) -> dict[str, Any]:
    """A whole page: its counters and filter choices, then its list (which takes its total
    from the counters when they counted the same rows)."""
    figures = scope_figures(scope, plan_id, today_in_vietnam())
    figures["options"] = filter_options(scope)
    ctx = list_context(scope, plan_id, counted=figures["summary"], **list_options)
    ctx.update(figures)
    return ctx
