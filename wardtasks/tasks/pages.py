"""Building the pages that show assignments: what a page's list, counters and rows need,
and which named blocks of which page template an htmx answer is made of.

Shared by the views of :mod:`wardtasks.orgs` (ward, organisation, branch) and
:mod:`wardtasks.tasks` (task, assignment); not a view module itself.
"""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple, cast
from urllib.parse import urlencode

from flask import make_response, render_template, request
from flask_login import current_user
from jinja2_fragments.flask import render_block, render_blocks
from werkzeug.wrappers import Response

from .. import policy
from ..dates import today_in_vietnam
from ..models import User
from ..plans.services import current_plan
from ..scope import Scope
from ..web import is_htmx_partial, render_page, url_prefix
from .forms import StatusUpdateForm
from .queries import (
    Filters,
    History,
    Row,
    Summary,
    filter_options,
    latest_history,
    list_assignments,
    organisation_matrix,
    scope_summary,
    ward_progress,
)

# The page of each scope (its endpoint, the endpoint's argument, its template) and the
# blocks of that template holding the counters a status update can change.
SCOPE_PAGES = {
    "ward": ("orgs.ward", None, "orgs/ward.html"),
    "org": ("orgs.organisation", "org_id", "orgs/organisation.html"),
    "branch": ("orgs.branch", "branch_id", "orgs/branch.html"),
    "task": ("tasks.task", "task_id", "tasks/task.html"),
}
FIGURE_BLOCKS = {"ward": ["summary", "org_progress"], "org": ["summary", "matrix"]}


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
    return {
        "all": f"scope={scope.key if scope else ''}&{back}",
        "next": back,
        "assignment": url_prefix("tasks.assignment", "assignment_id"),
        "task": url_prefix("tasks.task", "task_id"),
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
        ctx["matrix_urls"] = matrix_urls()
    return ctx


def matrix_urls() -> dict[str, str]:
    """The start of the matrix's branch and task links (the id goes after them): built
    once, not once per cell header (40 branches and 30 tasks at scale)."""
    return {
        "branch": url_prefix("orgs.branch", "branch_id"),
        "task": url_prefix("tasks.task", "task_id"),
    }


def full_page_context(scope: Scope, plan_id: int | None, **list_options: Any) -> dict[str, Any]:
    """A whole page: its counters and filter choices, then its list (which takes its total
    from the counters when they counted the same rows)."""
    figures = scope_figures(scope, plan_id, today_in_vietnam())
    figures["options"] = filter_options(scope)
    ctx = list_context(scope, plan_id, counted=figures["summary"], **list_options)
    ctx.update(figures)
    return ctx


def figures_answer(scope: Scope, figures: dict[str, Any], *, saved: bool = False) -> str:
    """The counters of ``scope``'s page as named blocks of that page, for htmx: the
    organisation bars or the matrix out of band; the summary in place (polled) or, after
    a save (``saved``), the numbers it can change, each out of band."""
    template = SCOPE_PAGES[scope.kind][2]
    blocks = FIGURE_BLOCKS.get(scope.kind, ["summary"])
    return render_blocks(template, blocks, scope=scope, oob=True, saved=saved, **figures)


def row_answer(
    a: Row,
    *,
    scope: Scope | None,
    next_url: str,
    editing: bool = False,
    form: StatusUpdateForm | None = None,
    conflict: Any = None,
    status: int = 200,
    figures: dict[str, Any] | None = None,
    focus: str | None = None,
) -> Response:
    """The row, open (``editing``) or closed, and after a save the page's ``figures`` out
    of band; or, for a plain request, the assignment page with its form open.

    The assignment's own views (its page, and its row there through htmx: no scope) show
    the whole history; a row of the task page the latest updates."""
    htmx = is_htmx_partial()
    editing = editing or not htmx
    if editing and form is None:
        form = StatusUpdateForm.of_row(a)
    full_history = not htmx or scope is None
    histories: dict[int, History] = {}
    if full_history:
        histories = latest_history([a.id], limit=None)
    elif scope is not None and scope.kind == "task":
        histories = latest_history([a.id])
    ctx: dict[str, Any] = {
        "a": a,
        "today": today_in_vietnam(),
        "editing": editing,
        "form": form,
        "conflict": conflict,
        "scope": scope,
        "next_url": next_url,
        "row_args": row_args(scope, next_url),
        "me": me(),
        "show_history": bool(histories),
        "histories": histories,
        "full_history": full_history,
        "focus": focus if htmx else None,
    }
    if htmx:
        body = render_block("tasks/assignment.html", "row", **ctx)
        if figures and scope is not None:
            body += figures_answer(scope, figures, saved=True)
    else:
        body = render_template("tasks/assignment.html", **ctx)
    response = make_response(body, status)
    response.vary.add("HX-Request")
    return response


def row_scope_visible(scope: Scope, a: Row) -> bool | None:
    """Whether the user may see the page ``scope`` when it is the page of row ``a``'s own
    branch or organisation (asked of the policy with the row's columns, no query); None
    when the row does not tell."""
    if scope.kind == "branch" and scope.id is not None and scope.id == a.branch_id:
        return policy.can_view_branch(_Branch(scope.id, a.organisation_id))  # type: ignore[arg-type]
    if scope.kind == "org" and scope.id == a.organisation_id:
        return policy.can_view_organisation(_Organisation(scope.id))  # type: ignore[arg-type]
    if scope.kind == "ward":
        return policy.can_view_ward()
    return None


class _Branch(NamedTuple):
    """What the policy asks of a branch."""

    id: int
    organisation_id: int


class _Organisation(NamedTuple):
    """What the policy asks of an organisation."""

    id: int
