"""Status updates in place (htmx or plain POST), an assignment's history, a task page, assigning.

A list row shows an assignment's state and an "Update" control; its form is fetched
when asked for (:func:`edit_row`), so long lists carry no forms.
"""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple, cast
from urllib.parse import urlencode

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup
from sqlalchemy import and_, select
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response

from .. import policy
from ..extensions import db
from ..i18n import STATUS_LABELS
from ..models import ASSIGNMENT_STATUSES, Assignment, Branch, Plan, Task, User
from ..photos.services import attach_photos, read_photo_uploads
from ..plans.services import current_plan
from ..scope import Scope
from ..status import due_soon, is_overdue, today_in_vietnam
from ..web import conditional, is_htmx_partial, render_page, safe_next, url_prefix
from .forms import AssignForm, StatusUpdateForm
from .queries import (
    SCOPE_KINDS,
    Filters,
    History,
    Row,
    Summary,
    filter_options,
    latest_history,
    list_assignments,
    load_row,
    organisation_matrix,
    scope_summary,
    scope_visible,
    ward_progress,
)
from .services import (
    _KEEP,
    NotAllowed,
    NothingToSave,
    StaleVersion,
    assign_task,
    record_status_update,
)

bp = Blueprint("tasks", __name__)

bp.add_app_template_global(policy.can_set_due_date, "can_set_due_date")
bp.record_once(lambda state: state.app.jinja_env.globals.update(STATUSES=ASSIGNMENT_STATUSES))
# What a list row asks of its assignment, as tests: Jinja calls a test directly, where a
# global goes through Context.call (a list asks them on every row).
bp.add_app_template_test(lambda a, today: is_overdue(a.status, a.due_date, today), "overdue_on")
bp.add_app_template_test(lambda a, today: due_soon(a.status, a.due_date, today), "due_soon_on")
bp.add_app_template_test(policy.can_update_assignment, "updatable_by")


def _me() -> User:
    return cast(User, current_user._get_current_object())


def row_words() -> dict[str, Any]:
    """The fixed words of an assignment row, translated once for a whole list (a list
    writes them on every row; templates read them as ``words``)."""
    status = {s: str(STATUS_LABELS[s]) for s in ASSIGNMENT_STATUSES}
    return {
        "status": status,
        # The badge of _macros/ui.html, made once per status.
        "badge": {
            s: Markup('<span class="badge st-{}">{}</span>').format(s, label)
            for s, label in status.items()
        },
        "due": _("Due"),
        "overdue": _("Overdue"),
        "due_soon": _("Due soon"),
        "responsible": _("Responsible"),
        "organisation_level": _("organisation level"),
        "updated": _("Updated %(when)s by %(who)s"),
        "update_control": _("Update"),
        "history": _("History"),
        "whole_history": _("See the whole history (%(num)d updates)"),
        "no_update": _("No update yet."),
    }


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
        "me": _me(),
        "words": row_words(),
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
    figures = page_context(scope, plan_id)
    ctx = list_context(scope, plan_id, counted=figures["summary"], **list_options)
    ctx.update(figures)
    return ctx


def page_context(scope: Scope, plan_id: int | None) -> dict[str, Any]:
    """The counters, progress bars and filter choices of a whole page."""
    ctx = scope_figures(scope, plan_id, today_in_vietnam())
    ctx["options"] = filter_options(scope)
    return ctx


def _row_response(
    a: Row,
    *,
    scope: Scope | None,
    next_url: str,
    editing: bool = False,
    form: StatusUpdateForm | None = None,
    conflict: Any = None,
    status: int = 200,
    oob: bool = False,
    focus: str | None = None,
) -> Response:
    """The row, open (``editing``) or closed, and after a save the page's counters out of
    band; or, for a plain request, the assignment page with its form open.

    The assignment's own views (its page, and its row there through htmx: no scope) show
    the whole history; a row of the task page the latest updates."""
    htmx = is_htmx_partial()
    full_history = not htmx or scope is None
    histories: dict[int, History] = {}
    if full_history:
        histories = latest_history([a.id], limit=None)
    elif scope is not None and scope.kind == "task":
        histories = latest_history([a.id])
    today = today_in_vietnam()
    ctx: dict[str, Any] = {
        "a": a,
        "today": today,
        "editing": editing or not htmx,
        "form": form,
        "conflict": conflict,
        "scope": scope,
        "next_url": next_url,
        "row_args": row_args(scope, next_url),
        "me": _me(),
        "words": row_words(),
        "show_history": bool(histories),
        "histories": histories,
        "full_history": full_history,
        "focus": focus if htmx else None,
    }
    if htmx:
        if oob and scope is not None:
            ctx.update(scope_figures(scope, a.plan_id, today))
        body = render_template("tasks/_update.html", oob=oob, **ctx)
    else:
        body = render_template("tasks/assignment.html", **ctx)
    response = make_response(body, status)
    response.vary.add("HX-Request")
    return response


def _row_request(
    assignment_id: int, scope_key: str | None, next_value: str | None
) -> tuple[Scope | None, str]:
    """The scope (None unless the user may see it) and the page to go back to, of a
    row's request (``scope`` and ``next`` from its query string or its form)."""
    scope = Scope.parse(scope_key, SCOPE_KINDS)
    if scope is not None and not scope_visible(scope):
        scope = None
    next_url = safe_next(next_value) or url_for(".assignment", assignment_id=assignment_id)
    return scope, next_url


def _row_or_404(assignment_id: int) -> Row:
    """The assignment as a list row (its columns also answer the policy's questions)."""
    a = load_row(assignment_id)
    if a is None:
        abort(404)
    return a


@bp.route("/assignments/<int:assignment_id>/edit")
@login_required
def edit_row(assignment_id: int) -> Response:
    """A row with its update form open (htmx); a plain request goes to the assignment
    page, whose form is open."""
    a = _row_or_404(assignment_id)
    policy.require(policy.can_update_assignment(a))
    if not is_htmx_partial():
        back = safe_next(request.args.get("next"))
        return redirect(url_for(".assignment", assignment_id=assignment_id, next=back))
    scope, next_url = _row_request(
        assignment_id, request.args.get("scope"), request.args.get("next")
    )
    return _row_response(a, scope=scope, next_url=next_url, editing=True, focus="form")


@bp.route("/assignments/<int:assignment_id>/row")
@login_required
def row(assignment_id: int) -> Response:
    """A row without its form (the form's "Close", htmx); a plain request goes back to
    the page the row is on."""
    a = _row_or_404(assignment_id)
    policy.require(policy.can_view_assignment(a))
    if not is_htmx_partial():
        return redirect(
            safe_next(request.args.get("next"))
            or url_for(".assignment", assignment_id=assignment_id)
        )
    scope, next_url = _row_request(
        assignment_id, request.args.get("scope"), request.args.get("next")
    )
    return _row_response(a, scope=scope, next_url=next_url, focus="update")


@bp.route("/assignments/<int:assignment_id>/status", methods=["POST"])
@login_required
def update_status(assignment_id: int) -> Response:
    """Save a status update typed in a row: the row, closed, plus out-of-band counters for
    htmx, a redirect to the page for a plain form; errors and conflicts come back in the
    open row."""
    a = _row_or_404(assignment_id)
    policy.require(policy.can_update_assignment(a))
    form = StatusUpdateForm()
    scope, next_url = _row_request(assignment_id, form.scope.data, form.next.data)
    conflict = None
    photos = read_photo_uploads()  # evidence photos; None when one is refused
    if form.validate() and photos is not None:
        due: Any = form.due_date.data if policy.can_set_due_date(a) else _KEEP
        try:
            entry = record_status_update(
                assignment_id,
                _me(),
                status=form.status.data,
                progress=int(form.progress.data),
                note=form.note.data or "",
                expected_version=int(form.version.data),
                due_date=due,
            )
        except NotAllowed:
            abort(403)
        except NothingToSave:
            form.note.errors = [
                *form.note.errors,
                _("Nothing to save: change the status or the progress, or write what was done."),
            ]
        except StaleVersion as exc:
            conflict = exc.current
        else:
            attach_photos(entry, photos)
            if not is_htmx_partial():
                flash(_("The update has been saved."), "success")
                return redirect(next_url, 303)
            return _row_response(
                _row_or_404(assignment_id), scope=scope, next_url=next_url, oob=True, focus="update"
            )
    if conflict is not None:
        a = _row_or_404(assignment_id)  # as the other person left it
    return _row_response(
        a,
        scope=scope,
        next_url=next_url,
        editing=True,
        form=form,
        conflict=conflict,
        status=409 if conflict else 422,
    )


@bp.route("/assignments/<int:assignment_id>")
@login_required
@conditional
def assignment(assignment_id: int) -> Response:
    """One assignment: its current state, its update form (open) and its whole history;
    ``next``: the list to go back to after saving."""
    a = _row_or_404(assignment_id)
    policy.require(policy.can_view_assignment(a))
    return _row_response(
        a,
        scope=None,
        next_url=safe_next(request.args.get("next"))
        or url_for(".assignment", assignment_id=assignment_id),
    )


class Candidate(NamedTuple):
    """A branch the task may be given to (assign panel)."""

    id: int
    name: str


class Held(NamedTuple):
    """The task's assignment at a candidate branch, as the assign panel shows it."""

    active: bool
    status: str
    responsible: str
    due_date: date | None


def _assign_panel(task: Task) -> dict[str, Any]:
    """Branches the user may give the task to, with the task's assignment there if any
    (one query of plain columns: a ward has dozens of branches per organisation)."""
    if not policy.can_assign_task(task):
        return {"candidates": []}
    rows = db.session.execute(
        select(
            Branch.id,
            Branch.name,
            Assignment.id,
            Assignment.active,
            Assignment.status,
            Assignment.responsible,
            Assignment.due_date,
        )
        .outerjoin(
            Assignment, and_(Assignment.branch_id == Branch.id, Assignment.task_id == task.id)
        )
        .where(Branch.active.is_(True), policy.assignable_branches(task))
        .order_by(Branch.organisation_id, Branch.sort_order, Branch.id)
    )
    return {
        "candidates": [
            (Candidate(bid, name), Held(*held) if aid is not None else None)
            for bid, name, aid, *held in rows
        ]
    }


def _task_page(task: Task, assign_form: AssignForm | None = None, status: int = 200) -> Response:
    scope = Scope("task", task.id)
    if is_htmx_partial():
        ctx = list_context(scope, task.plan_id, with_history=True)
    else:
        ctx = full_page_context(scope, task.plan_id, with_history=True)
        ctx.update(_assign_panel(task))
    selected = {int(x) for x in request.form.getlist("branch") if x.isdigit()}
    response = list_page(
        "tasks/task.html",
        task=task,
        assign_form=assign_form or AssignForm(formdata=None),
        selected=selected,
        **ctx,
    )
    response.status_code = status
    return response


@bp.route("/tasks/<int:task_id>")
@login_required
@conditional
def task(task_id: int) -> Response:
    """A task: its assignments across branches with their history; assigning for managers."""
    task = db.get_or_404(
        Task,
        task_id,
        # The plan without its published text, which is long.
        options=[joinedload(Task.organisation), joinedload(Task.plan).defer(Plan.source_text)],
    )
    policy.require(policy.can_view_task(task))
    return _task_page(task)


@bp.route("/tasks/<int:task_id>/assign", methods=["POST"])
@login_required
def assign(task_id: int) -> Response:
    """Give the task to the selected branches, take it back, or set responsible and due date."""
    task = db.get_or_404(Task, task_id)
    policy.require(policy.can_assign_task(task))
    form = AssignForm()
    action = request.form.get("action", "")
    branch_ids = [int(x) for x in request.form.getlist("branch") if x.isdigit()]
    valid = form.validate()
    if action not in ("assign", "withdraw", "set"):
        form.form_errors.append(_("Choose what to do with the selected branches."))
        valid = False
    if not branch_ids:
        form.form_errors.append(_("Select at least one branch."))
        valid = False
    responsible = (form.responsible.data or "").strip() or None
    if valid and action == "set" and responsible is None and form.due_date.data is None:
        form.form_errors.append(_("Write a responsible person or a due date to set."))
        valid = False
    if not valid:
        return _task_page(task, form, 422)
    try:
        result = assign_task(
            task.id,
            _me(),
            action=action,
            branch_ids=branch_ids,
            responsible=responsible,
            due_date=form.due_date.data,
        )
    except NotAllowed:
        abort(403)
    if action == "assign":
        flash(
            _(
                "Given to %(num)d branches (%(again)d of them again).",
                num=result.created + result.reactivated,
                again=result.reactivated,
            ),
            "success",
        )
    elif action == "withdraw":
        flash(_("Taken back from %(num)d branches.", num=result.withdrawn), "success")
    else:
        flash(_("Changed %(num)d assignments.", num=result.changed), "success")
    return redirect(url_for(".task", task_id=task.id), 303)


SCOPE_PAGES = {
    "ward": ("orgs.ward", None),
    "org": ("orgs.organisation", "org_id"),
    "branch": ("orgs.branch", "branch_id"),
    "task": ("tasks.task", "task_id"),
}


@bp.route("/progress")
@login_required
@conditional
def progress() -> Response:
    """A page's counters (and matrix or organisation bars), polled by htmx so that others'
    updates show without a reload; a plain request is sent to the page itself."""
    scope = Scope.parse(request.args.get("scope"), SCOPE_KINDS)
    if scope is None:
        abort(404)
    policy.require(scope_visible(scope))
    endpoint, arg = SCOPE_PAGES[scope.kind]
    if not is_htmx_partial():
        values: dict[str, Any] = {arg: scope.id} if arg else {}
        return redirect(url_for(endpoint, **values))
    if scope.kind == "task":
        task = db.session.get(Task, scope.id)
        plan_id = task.plan_id if task else None
    else:
        plan_id = current_plan_id()
    ctx = {"scope": scope, **scope_figures(scope, plan_id, today_in_vietnam())}
    response = make_response(render_template("tasks/_progress.html", **ctx))
    response.vary.add("HX-Request")
    return response


def current_plan_id() -> int | None:
    """The id of the plan the pages show."""
    plan = current_plan()
    return plan.id if plan else None
