"""Status updates in place (htmx or plain POST), an assignment's history, a task page, assigning.

A list row shows an assignment's state and an "Update" control; its form is fetched
when asked for (:func:`edit_row`), so long lists carry no forms. A status update reads
top to bottom here: :func:`update_status` → ``forms.StatusUpdateForm`` →
``services.record_status_update`` → :func:`row_answer` (the ``row`` block of
``tasks/assignment.html`` and the counters' blocks of the page) → ``policy``. Lists
are built by :mod:`wardtasks.tasks.pages`.
"""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple

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
from flask_babel import ngettext
from flask_login import login_required
from jinja2_fragments.flask import render_block, render_blocks
from sqlalchemy import and_, bindparam, select
from sqlalchemy.orm import joinedload, selectinload
from werkzeug.wrappers import Response

from .. import policy
from ..dates import today_in_vietnam
from ..extensions import db
from ..inputs import whole_number
from ..models import ASSIGNMENT_STATUSES, Assignment, Branch, Plan, Task
from ..photos.services import PhotosNotStored
from ..plans.yearend import carried_links
from ..refusals import Refused
from ..scope import Scope
from ..status import OVERDUE_GRADE_DAYS, due_soon, is_overdue
from ..targets.actuals import target_of
from ..targets.display import target_view
from ..web import (
    conditional,
    confirmation,
    is_htmx_partial,
    safe_next,
    show_refusal,
    with_anchor,
)
from .assigning import assign_task
from .forms import PROGRESS_PRESETS, AssignForm, StatusUpdateForm, TaskNoteForm
from .pages import (
    current_plan_id,
    full_page_context,
    list_context,
    list_page,
    me,
    row_args,
    scope_figures,
)
from .queries import SCOPE_KINDS, History, Row, latest_history, load_row, scope_visible
from .services import (
    KEEP,
    NotAllowed,
    NothingToSave,
    SavedUpdate,
    StaleVersion,
    record_status_update,
)
from .support import add_task_note, task_notes

bp = Blueprint("tasks", __name__)

# The page of each scope (its endpoint, the endpoint's argument, its template) and the
# blocks of that template holding the counters a status update can change.
SCOPE_PAGES = {
    "ward": ("orgs.ward", None, "orgs/ward.html"),
    "org": ("orgs.organisation", "org_id", "orgs/organisation.html"),
    "branch": ("orgs.branch", "branch_id", "orgs/branch.html"),
    "task": ("tasks.task", "task_id", "tasks/task.html"),
}
FIGURE_BLOCKS = {"ward": ["summary", "org_progress"], "org": ["summary", "matrix"]}

bp.add_app_template_global(policy.can_set_due_date, "can_set_due_date")
bp.record_once(
    lambda state: state.app.jinja_env.globals.update(
        STATUSES=ASSIGNMENT_STATUSES,
        PROGRESS_PRESETS=PROGRESS_PRESETS,
        OVERDUE_GRADE_DAYS=OVERDUE_GRADE_DAYS,
    )
)
# What a list row asks of its assignment, as tests: Jinja calls a test directly, where a
# global goes through Context.call (a list asks them on every row).
bp.add_app_template_test(lambda a, today: is_overdue(a.status, a.due_date, today), "overdue_on")
bp.add_app_template_test(lambda a, today: due_soon(a.status, a.due_date, today), "due_soon_on")
# Who may update a row, asked once per list for its user (a predicate the rows call).
bp.add_app_template_global(policy.assignment_updater, "assignment_updater")


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
    return row_answer(a, scope=scope, next_url=next_url, editing=True, focus="form")


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
    return row_answer(a, scope=scope, next_url=next_url, focus="update")


@bp.route("/assignments/<int:assignment_id>/status", methods=["POST"])
@login_required
def update_status(assignment_id: int) -> Response:
    """Save a status update typed in a row, with its photos: the row, closed, plus
    out-of-band counters for htmx, a redirect to the page for a plain form; errors and
    conflicts come back in the open row, with what was typed."""
    form = StatusUpdateForm()
    scope = Scope.parse(form.scope.data, SCOPE_KINDS)
    next_url = safe_next(form.next.data) or url_for(".assignment", assignment_id=assignment_id)
    conflict = None
    if form.validate():
        htmx = is_htmx_partial()
        try:
            saved = record_status_update(
                assignment_id,
                me(),
                status=form.status.data,
                progress=int(form.progress.data),
                note=form.note.data or "",
                expected_version=int(form.version.data),
                due_date=form.due_date_change() if policy.sets_due_dates() else KEEP,
                photos=form.processed,
                measured=form.measured.data,
                # The counters the answer shows, read with the save (htmx only).
                read_back=(
                    (lambda row, plan_id: _figures_after_save(scope, row, plan_id))
                    if htmx
                    else None
                ),
            )
        except LookupError:
            abort(404)
        except NotAllowed:
            abort(403)
        except NothingToSave:
            form.note.errors = [
                *form.note.errors,
                _("Nothing to save: change the status or the progress, or write what was done."),
            ]
        except StaleVersion as exc:
            conflict = exc.current
            form.rebase(exc.opened, exc.current)
        except PhotosNotStored:
            form.photos.errors = [
                _("The photos could not be stored, so nothing was saved. Try again later.")
            ]
        else:
            return _saved_answer(saved, next_url)
    a = _row_or_404(assignment_id)  # after a conflict: as the other person left it
    policy.require(policy.can_update_assignment(a))
    scope, next_url = _row_request(assignment_id, form.scope.data, form.next.data)
    return row_answer(
        a,
        scope=scope,
        next_url=next_url,
        editing=True,
        form=form,
        conflict=conflict,
        status=409 if conflict else 422,
    )


def _saved_answer(saved: SavedUpdate, next_url: str) -> Response:
    """After a save: the row, closed, saying "Saved", with the counters it changed (htmx);
    a redirect to ``next``, at the row, with a message saying what was saved (a plain form)."""
    if not is_htmx_partial():
        if saved.photos:
            flash(_("The update and its photos have been saved."), "success")
        else:
            flash(_("The update has been saved."), "success")
        return redirect(with_anchor(next_url, f"assignment-{saved.assignment_id}"), 303)
    figures = dict(saved.read)
    scope = figures.pop("scope")
    return row_answer(
        saved.row,
        scope=scope,
        next_url=next_url,
        figures=figures,
        focus="update",
        saved_photos=saved.photos,
    )


def _figures_after_save(scope: Scope | None, a: Row, shown_plan_id: int | None) -> dict[str, Any]:
    """The page's counters after a save of row ``a`` (``scope``: None when the user may
    not see the page the form came from, which then gets no counters; ``shown_plan_id``:
    the plan the pages show, read with the row)."""
    if scope is not None:
        visible = policy.can_view_row_scope(scope, a)
        if not (scope_visible(scope) if visible is None else visible):
            scope = None
    if scope is None:
        return {"scope": None}
    if scope.kind != "task" and a.plan_id != shown_plan_id:
        # A row of last year's unfinished work: the page's counters are this year's.
        return {"scope": scope}
    return {"scope": scope, **scope_figures(scope, a.plan_id, today_in_vietnam())}


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
    saved_photos: int | None = None,
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
        "just_saved": saved_photos is not None,
        "saved_photos": saved_photos or 0,
        # A browser keeps chosen files only through htmx's hx-preserve (a conflict).
        "files_kept": htmx,
    }
    if not htmx:
        ctx["carried"] = carried_links(a.id)
    if htmx:
        body = render_block("tasks/assignment.html", "row", **ctx)
        if figures and scope is not None:
            body += figures_answer(scope, figures, saved=True)
    else:
        body = render_template("tasks/assignment.html", **ctx)
    response = make_response(body, status)
    response.vary.add("HX-Request")
    return response


@bp.route("/assignments/<int:assignment_id>")
@login_required
@conditional
def assignment(assignment_id: int) -> Response:
    """One assignment: its current state, its update form (open) and its whole history;
    ``next``: the list to go back to after saving."""
    a = _row_or_404(assignment_id)
    policy.require(policy.can_view_assignment(a))
    return row_answer(
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


def _task_page(
    task: Task,
    assign_form: AssignForm | None = None,
    status: int = 200,
    note_form: TaskNoteForm | None = None,
) -> Response:
    scope = Scope("task", task.id)
    if is_htmx_partial():
        ctx = list_context(scope, task.plan_id, with_history=True)
    else:
        ctx = full_page_context(scope, task.plan_id, with_history=True)
        ctx.update(_assign_panel(task))
        # The supporting organisations' notes, and the form for those who may add one.
        ctx["notes"] = task_notes(task.id)
        ctx["can_note"] = policy.can_add_task_note(task)
        ctx["can_set_support"] = policy.can_set_task_support(task.plan)
        # The form only for those who may add a note (the page shows it to no one else).
        ctx["note_form"] = note_form or (TaskNoteForm(formdata=None) if ctx["can_note"] else None)
        target = target_of(task.id)
        ctx["target_views"] = [target_view(target, task.plan)] if target else []
        ctx["can_set_target"] = policy.can_set_target(task)
    if request.method == "POST":
        # A form answered with its errors: the list's filters and rows belong to the
        # task's page, not to the address the form was posted to.
        page_url = url_for(".task", task_id=task.id)
        ctx.update(list_url=page_url, next_url=page_url, row_args=row_args(scope, page_url))
    selected = {n for x in request.form.getlist("branch") if (n := whole_number(x)) is not None}
    response = list_page(
        "tasks/task.html",
        task=task,
        assign_form=assign_form or AssignForm(formdata=None),
        selected=selected,
        **ctx,
    )
    response.status_code = status
    return response


# The task with its organisation and its plan, without the plan's published text (long).
# Built once, the id a bound value (a statement of fixed shape, as queries/rows.py
# explains): keyed per request with its loader options, the read cost 1.9 M instructions
# of the task page, built once 0.8 M (one-year scale ward, in process).
_TASK = (
    select(Task)
    .options(
        joinedload(Task.organisation),
        joinedload(Task.plan).defer(Plan.source_text),
        selectinload(Task.supporters),
    )
    .where(Task.id == bindparam("task_id"))
)


@bp.route("/tasks/<int:task_id>")
@login_required
@conditional
def task(task_id: int) -> Response:
    """A task: its assignments across branches with their history; assigning for managers."""
    task = db.session.scalars(_TASK, {"task_id": task_id}).first()
    if task is None:
        abort(404)
    policy.require(policy.can_view_task(task))
    return _task_page(task)


@bp.route("/tasks/<int:task_id>/notes", methods=["POST"])
@login_required
def add_note(task_id: int) -> Response:
    """A supporting organisation's note on the task, with its photos: back to the task's
    notes with a message; errors come back next to the fields, with what was typed."""
    task = db.session.scalars(_TASK, {"task_id": task_id}).first()
    if task is None:
        abort(404)
    policy.require(policy.can_add_task_note(task))
    form = TaskNoteForm()
    if form.validate():
        try:
            saved = add_task_note(task.id, me(), form.note.data or "", form.processed)
        except PhotosNotStored:
            form.photos.errors = [
                _("The photos could not be stored, so nothing was saved. Try again later.")
            ]
        except Refused as exc:
            show_refusal(exc, form)
        else:
            if saved.photos:
                flash(_("The note and its photos have been saved."), "success")
            else:
                flash(_("The note has been saved."), "success")
            return redirect(url_for(".task", task_id=task.id, _anchor="notes"), 303)
        task = db.session.scalars(_TASK, {"task_id": task_id}).first() or task
    return _task_page(task, note_form=form, status=422)


@bp.route("/tasks/<int:task_id>/assign", methods=["POST"])
@login_required
def assign(task_id: int) -> Response:
    """Give the task to the selected branches, take it back, or set responsible and due date."""
    task = db.get_or_404(Task, task_id)
    policy.require(policy.can_assign_task(task))
    form = AssignForm()
    action = request.form.get("action", "")
    branch_ids = [n for x in request.form.getlist("branch") if (n := whole_number(x)) is not None]
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
    if action == "withdraw":
        names = db.session.scalars(
            select(Branch.name)
            .where(Branch.id.in_(branch_ids))
            .order_by(Branch.sort_order, Branch.id)
        ).all()
        asked = confirmation(
            ngettext(
                "Take “%(task)s” back from %(num)d branch?",
                "Take “%(task)s” back from %(num)d branches?",
                len(names),
                task=task.title,
            ),
            details=[*names, _("Their history is kept; the task can be given to them again.")],
            confirm=_("Take back"),
            cancel_url=url_for(".task", task_id=task.id),
        )
        if asked is not None:
            return asked
    try:
        result = assign_task(
            task.id,
            me(),
            action=action,
            branch_ids=branch_ids,
            responsible=responsible,
            due_date=form.due_date.data,
        )
    except NotAllowed:
        abort(403)
    if action == "assign":
        flash(
            ngettext(
                "Given to %(num)d branch (%(again)d of them again).",
                "Given to %(num)d branches (%(again)d of them again).",
                result.created + result.reactivated,
                again=result.reactivated,
            ),
            "success",
        )
    elif action == "withdraw":
        flash(
            ngettext(
                "Taken back from %(num)d branch.",
                "Taken back from %(num)d branches.",
                result.withdrawn,
            ),
            "success",
        )
    else:
        flash(
            ngettext("Changed %(num)d assignment.", "Changed %(num)d assignments.", result.changed),
            "success",
        )
    return redirect(url_for(".task", task_id=task.id), 303)


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
    endpoint, arg, _template = SCOPE_PAGES[scope.kind]
    if not is_htmx_partial():
        values: dict[str, Any] = {arg: scope.id} if arg else {}
        return redirect(url_for(endpoint, **values))
    if scope.kind == "task":
        task = db.session.get(Task, scope.id)
        plan_id = task.plan_id if task else None
    else:
        plan_id = current_plan_id()
    figures = scope_figures(scope, plan_id, today_in_vietnam())
    response = make_response(figures_answer(scope, figures))
    response.vary.add("HX-Request")
    return response
