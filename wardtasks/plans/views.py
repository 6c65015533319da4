"""Plans: the list, a plan's page, importing a key-task list, distributing, rollover."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response

from .. import policy
from ..extensions import db
from ..inputs import CONTROL_CHARACTERS, has_forbidden_characters, normalise_text, whole_number
from ..models import Organisation, Plan, Task
from ..refusals import Invalid, Refused
from ..tasks.pages import me
from ..tasks.support import assignments_to_take_back, set_lead_and_supporters
from ..web import confirmation, is_htmx_partial, render_page, show_refusal
from . import importing, preview, services, yearend
from .draft import BAD_DRAFT, SHARED, Draft
from .forms import OUTCOME_LABELS, PLAN_STATE_LABELS, ImportForm, SupportForm
from .preview import DraftInvalid

PARSE_MESSAGES = {
    "no_items_found": _l("No key task was found in this text. Check that it holds the list."),
    "no_task_heading": _l(
        "No “Nhiệm vụ trọng tâm” heading was found: the list was read from the first "
        "organisation heading."
    ),
    "year_not_detected": _l("The year was not found in the text: check the year below."),
    "unknown_org": _l(
        "Some headings name an organisation the ward does not have yet: create it or map the "
        "heading to an existing one."
    ),
    "candidates_only": _l(
        "The text holds no clear list. The sentences that read like tasks are offered "
        "unticked: tick the ones to import."
    ),
}

REASON_LABELS = {
    "blank": _l("Blank line"),
    "image_id": _l("Image file name"),
    "caption": _l("Photo caption or repeated title"),
    "byline": _l("Author, source or date line"),
    "boilerplate": _l("Page furniture (ratings, comments, other news)"),
    "conclusion": _l("Closing paragraph after the lists"),
    "preamble": _l("Report text before the list"),
    "report": _l("Report text or results, not a task"),
    "unrecognized": _l("Not recognised"),
}

PROBLEMS = {
    "bad_year": _l("The year must be between 2000 and 2100."),
    "no_title": _l("Give the plan a title."),
    "no_items": _l("Every task has been dropped: there is nothing to import."),
    "control_chars": CONTROL_CHARACTERS,
    "unresolved_orgs": _l(
        "Some tasks belong to an organisation the ward does not have yet: create it, map it "
        "to an existing one, move the tasks or drop them."
    ),
}

ITEM_ERRORS = {
    "unknown_org": _l("Create or map this organisation first, move the task, or drop it."),
    "empty_text": _l("The task text is empty: drop the task instead."),
    "bad_due": _l("Write the due date as dd/mm/yyyy."),
    "control_chars": CONTROL_CHARACTERS,
}

BAD_ORG = _l("Choose an organisation.")


@login_required
def index() -> Response:
    """Every plan with its state and task counts."""
    policy.require(policy.can_view_plans())
    return render_page(
        "plans/index.html",
        summaries=services.plan_summaries(),
        can_manage=policy.can_manage_plans(),
        state_labels=PLAN_STATE_LABELS,
    )


@login_required
def plan(plan_id: int) -> Response:
    """A plan: its tasks by organisation and where each has been given."""
    policy.require(policy.can_view_plans())
    the_plan = db.get_or_404(Plan, plan_id)
    return render_page("plans/plan.html", **_plan_context(the_plan))


def _plan_context(the_plan: Plan) -> dict[str, Any]:
    # The tasks' supporters, loaded together (the rows and the policy read them).
    db.session.scalars(
        select(Task).options(selectinload(Task.supporters)).where(Task.plan_id == the_plan.id)
    ).all()
    groups = services.tasks_by_organisation(the_plan)
    task_ids = [t.id for t in the_plan.tasks]
    closure = yearend.closure(the_plan.id)
    can_close = policy.can_close_plan(the_plan)
    later = yearend.later_plan(the_plan) if can_close else None
    return {
        "plan": the_plan,
        "groups": groups,
        "states": services.task_states(task_ids),
        "branches": services.org_branches(),
        "orgs": services.active_organisations(),
        # A closed plan's tasks are given nowhere any more.
        "can_manage": policy.can_manage_plans() and the_plan.state != "closed",
        "state_labels": PLAN_STATE_LABELS,
        "carried_from": yearend.carried_task_from(task_ids),
        # Task titles link to the task pages the reader may open (a leader: their
        # organisation's tasks and the shared ones).
        "task_links": {t.id for t in the_plan.tasks if policy.can_view_task(t)},
        "closure": closure,
        "closed_by_name": closure.closed_by.full_name if closure else "",
        "can_close": can_close,
        "open_counts": yearend.open_counts(the_plan.id) if can_close else {},
        "later_plan": later,
        "open_tasks": yearend.open_tasks(the_plan.id) if later is not None else [],
        "outcome_labels": OUTCOME_LABELS,
        "can_set_support": policy.can_set_task_support(the_plan),
    }


CONFIRM_CLOSE = _l("Tick the box to confirm closing the plan: it cannot be undone.")
CLOSED_PLAN = _l("This plan is closed: its tasks are no longer given to branches.")


@login_required
def close(plan_id: int) -> Response:
    """Close the plan (the secretariat): its open work carried into the next plan or
    marked not done, as chosen."""
    policy.require(policy.can_manage_plans())
    the_plan = db.get_or_404(Plan, plan_id)
    outcome = request.form.get("outcome", "")
    if request.form.get("confirm") != "1":
        flash(str(CONFIRM_CLOSE), "error")
        return redirect(url_for("plans.plan", plan_id=plan_id, _anchor="close-plan"))
    # Tasks whose work is marked not done while the rest is carried.
    dropped = {n for v in request.form.getlist("not_done_task") if (n := whole_number(v))}
    try:
        done = yearend.close_plan(the_plan.id, current_user._get_current_object(), outcome, dropped)
    except Refused as refusal:
        show_refusal(refusal)
        return redirect(url_for("plans.plan", plan_id=plan_id, _anchor="close-plan"))
    if done.into is not None:
        message = _(
            "The plan is closed; %(num)d open assignments were carried into the plan of %(year)d.",
            num=done.changed - done.not_done,
            year=done.into.year,
        )
        if done.not_done:
            message += " " + ngettext(
                "%(num)d was marked not done.", "%(num)d were marked not done.", done.not_done
            )
    else:
        message = _(
            "The plan is closed; %(num)d open assignments were marked not done.",
            num=done.changed,
        )
    flash(message, "success")
    return redirect(url_for("plans.plan", plan_id=plan_id))


# --- import --------------------------------------------------------------------------


@login_required
def import_plan() -> Response:
    """Paste or upload a key-task list; a valid one opens the preview."""
    policy.require(policy.can_manage_plans())
    form = ImportForm()
    if request.method == "GET":
        return render_page("plans/import.html", form=form, draft=None)
    error: str | None = None
    if form.validate_on_submit():
        paragraphs: list[int] = []
        try:
            upload = request.files.get(form.upload.name)
            if upload is not None and upload.filename:
                try:
                    data = upload.stream.read(importing.MAX_UPLOAD_BYTES + 1)
                finally:
                    upload.close()
                text, paragraphs = importing.source_from_upload(upload.filename, data)
                form.text.data = text
            else:
                text = importing.check_pasted_text(form.text.data or "")
        except Refused as refusal:
            error = str(refusal.message)
        else:
            orgs = services.active_organisations()
            draft = importing.draft_from_text(
                text,
                year=form.year_value,
                split_shared=bool(form.split_shared.data),
                orgs=orgs,
                paragraphs=paragraphs,
            )
            return _render_preview(draft, orgs)
    response = render_page("plans/import.html", form=form, draft=None, input_error=error)
    response.status_code = 400
    return response


@login_required
def edit_draft() -> Response:
    """Apply one action of the preview (edit, drop, move, merge, split, map, create)."""
    policy.require(policy.can_manage_plans())
    draft = _posted_draft()
    if draft is None:
        return _bad_draft()
    orgs = services.active_organisations()
    form = request.form.to_dict()
    typed = preview.apply_edits(draft, form, _valid_org_keys(orgs, draft))
    verb, _sep, arg = form.get("action", "update").partition(":")
    notice: str | None = None
    error: str | None = None
    index = whole_number(arg)
    if index is not None and index >= len(draft.items):
        index = None
    try:
        if verb == "drop" and index is not None:
            preview.drop_item(draft, index)
            notice = _("Task dropped: it is listed under “Dropped by you” and can be restored.")
        elif verb == "restore" and index is not None:
            preview.restore_item(draft, index)
        elif verb == "merge" and index is not None:
            preview.merge_with_next(draft, index)
        elif verb == "split" and index is not None:
            preview.split_item(draft, index)
        elif verb == "map" and draft.new_org(arg) is not None:
            target = form.get(f"map-{arg}", "")
            if target in {f"org:{o.id}" for o in orgs} | {SHARED}:
                preview.remap(draft, arg, target)
            else:
                error = str(BAD_ORG)
        elif verb == "create" and draft.new_org(arg) is not None:
            fields = [form.get(f"new-{part}-{arg}", "") for part in ("code", "name", "short")]
            code, name, short_name = (normalise_text(f, one_line=True) for f in fields)
            if any(has_forbidden_characters(f) for f in (code, name, short_name)):
                raise Invalid(CONTROL_CHARACTERS)
            org = services.create_organisation(current_user.id, code, name, short_name)
            preview.remap(draft, arg, f"org:{org.id}")
            notice = _("Organisation “%(name)s” created.", name=org.name)
            orgs = services.active_organisations()
    except Refused as refusal:
        error = str(refusal.message)
    return _render_preview(
        draft,
        orgs,
        notice=notice,
        error=error,
        problems=typed.problems,
        item_errors=typed.item_errors,
    )


@login_required
def confirm() -> Response:
    """Create the plan and its tasks from the previewed draft."""
    policy.require(policy.can_manage_plans())
    draft = _posted_draft()
    if draft is None:
        return _bad_draft()
    orgs = services.active_organisations()
    typed = preview.apply_edits(draft, request.form.to_dict(), _valid_org_keys(orgs, draft))
    try:
        if typed:
            raise DraftInvalid(typed.problems, typed.item_errors)
        new_plan = services.create_plan(draft, current_user.id)
    except DraftInvalid as refusal:
        response = _render_preview(
            draft, orgs, problems=refusal.problems, item_errors=refusal.item_errors
        )
        response.status_code = 400
        return response
    flash(
        ngettext(
            "Plan created with %(num)d task. Now give it to the branches.",
            "Plan created with %(num)d tasks. Now give them to the branches.",
            len(draft.imported_items),
        ),
        "success",
    )
    return redirect(url_for("plans.plan", plan_id=new_plan.id))


@login_required
def rollover(plan_id: int) -> Response:
    """Start next year's plan from this one's tasks: the preview, ready to edit."""
    policy.require(policy.can_manage_plans())
    source = db.get_or_404(Plan, plan_id)
    return _render_preview(importing.draft_from_plan(source), services.active_organisations())


def _posted_draft() -> Draft | None:
    try:
        return Draft.from_json(request.form.get("draft", ""))
    except Refused:
        return None


def _bad_draft() -> Response:
    flash(str(BAD_DRAFT), "error")
    if is_htmx_partial():
        response = Response(status=200)
        response.headers["HX-Redirect"] = url_for("plans.import_plan")
        return response
    return redirect(url_for("plans.import_plan"))


def _valid_org_keys(orgs: list[Organisation], draft: Draft) -> set[str]:
    return {f"org:{o.id}" for o in orgs} | {SHARED} | {n.key for n in draft.new_orgs}


def _render_preview(
    draft: Draft,
    orgs: list[Organisation],
    *,
    notice: str | None = None,
    error: str | None = None,
    problems: list[str] | None = None,
    item_errors: dict[int, str] | None = None,
) -> Response:
    options = [(SHARED, _("Shared by all organisations"))] + [(f"org:{o.id}", o.name) for o in orgs]
    options += [
        (n.key, _("%(name)s (not in the ward yet)", name=n.heading)) for n in draft.new_orgs
    ]
    return render_page(
        "plans/import.html",
        "preview",
        form=ImportForm(formdata=None),
        draft=draft,
        draft_json=draft.to_json(),
        groups=preview.group_items(draft, orgs),
        orgs=orgs,
        org_options=options,
        account=preview.account_lines(draft),
        source=preview.source_view(draft),
        counts=preview.differing_counts(draft),
        shown_skipped=[s for s in draft.skipped if s.reason != "blank"],
        parse_messages=[PARSE_MESSAGES[m] for m in draft.messages if m in PARSE_MESSAGES],
        reason_labels=REASON_LABELS,
        same_year=db.session.scalars(select(Plan).where(Plan.year == draft.year)).all(),
        notice=notice,
        action_error=error,
        problems=[PROBLEMS[p] for p in dict.fromkeys(problems or [])],
        item_errors={i: ITEM_ERRORS[c] for i, c in (item_errors or {}).items()},
    )


# --- distribution --------------------------------------------------------------------


@login_required
def distribute_plan(plan_id: int) -> Response:
    """Give every task of the plan to its branches, or keep them at organisation level."""
    policy.require(policy.can_manage_plans())
    the_plan = db.get_or_404(Plan, plan_id)
    if the_plan.state == "closed":
        flash(str(CLOSED_PLAN), "error")
        return redirect(url_for("plans.plan", plan_id=the_plan.id))
    mode = request.form.get("mode", "")
    shared_mode = request.form.get("shared_mode", "org")
    if mode not in ("branches", "org") or shared_mode not in ("branches", "org"):
        flash(_("Choose how to distribute the tasks."), "error")
        return redirect(url_for("plans.plan", plan_id=the_plan.id))
    created = services.distribute(
        list(the_plan.tasks), mode, shared_mode=shared_mode, author_id=current_user.id
    )
    flash(_distributed_message(created), "success")
    return redirect(url_for("plans.plan", plan_id=the_plan.id))


@login_required
def distribute_task(plan_id: int, task_id: int) -> Response:
    """Give one task to all or chosen branches, or keep it at organisation level."""
    policy.require(policy.can_manage_plans())
    task = db.session.scalar(select(Task).where(Task.id == task_id, Task.plan_id == plan_id))
    if task is None:
        abort(404)
    mode = request.form.get("mode", "")
    chosen = [n for v in request.form.getlist("branch") if (n := whole_number(v)) is not None]
    message: str
    open_plan = task.plan.state != "closed"
    ok = open_plan and mode in services.DISTRIBUTE_MODES and (mode != "chosen" or chosen)
    if not open_plan:
        message = str(CLOSED_PLAN)
    elif ok:
        created = services.distribute([task], mode, chosen, author_id=current_user.id)
        message = _distributed_message(created)
    elif mode == "chosen":
        message = _("Tick at least one branch.")
    else:
        message = _("Choose how to distribute the tasks.")
    if is_htmx_partial():
        body = render_template(
            "plans/_task_row.html",
            task=task,
            states=services.task_states([task.id]),
            branches=services.org_branches(),
            orgs=services.active_organisations(),
            can_manage=open_plan,
            carried_from=yearend.carried_task_from([task.id]),
            row_message=message,
            row_error=not ok,
        )
        response = Response(body, mimetype="text/html")
        response.vary.add("HX-Request")
        return response
    flash(message, "success" if ok else "error")
    return redirect(url_for("plans.plan", plan_id=plan_id, _anchor=f"task-{task.id}"))


def _distributed_message(created: int) -> str:
    if created == 0:
        return _("Nothing new: the tasks were already given there.")
    return ngettext("%(num)d new assignment created.", "%(num)d new assignments created.", created)


# --- lead and supporting organisations ------------------------------------------------

# The organisation that leads the shared paragraph's tasks unless the secretariat chooses
# another: the Fatherland Front (its code in the demo ward and the importer's vocabulary).
DEFAULT_LEAD_CODE = "MTTQ"


@login_required
def support(plan_id: int) -> Response:
    """Give ticked tasks of the plan a lead organisation (chủ trì) and supporting ones
    (phối hợp) in one step: the shared paragraph's tasks come ticked, the Front as their
    lead and every other organisation supporting. Other organisations' assignments of
    those tasks are taken back (their history kept): only the lead's carry the status."""
    the_plan = db.get_or_404(Plan, plan_id)
    policy.require(policy.can_set_task_support(the_plan))
    form = SupportForm()
    orgs = services.active_organisations()
    tasks = db.session.scalars(
        select(Task)
        .options(selectinload(Task.supporters), selectinload(Task.organisation))
        .where(Task.plan_id == the_plan.id)
        .order_by(Task.sort_order, Task.id)
    ).all()
    status = 200
    if request.method == "POST":
        chosen_tasks, supporters = set(form.ids("task")), set(form.ids("supporter"))
        lead_id = form.lead_id
        if form.validate():
            asked = _ask_before_taking_back(the_plan, chosen_tasks, lead_id, orgs)
            if asked is not None:
                return asked
            try:
                result = set_lead_and_supporters(
                    the_plan.id, chosen_tasks, lead_id or 0, supporters, me()
                )
            except Refused as exc:
                show_refusal(exc, form)
            else:
                done = ngettext(
                    "Lead and supporting organisations set for %(num)d task.",
                    "Lead and supporting organisations set for %(num)d tasks.",
                    result.tasks,
                )
                if result.taken_back:
                    done += " " + ngettext(
                        "%(num)d assignment of other organisations taken back.",
                        "%(num)d assignments of other organisations taken back.",
                        result.taken_back,
                    )
                flash(done, "success")
                return redirect(url_for("plans.plan", plan_id=the_plan.id), 303)
        status = 422
    else:
        lead_id, supporters, chosen_tasks = _support_defaults(tasks, orgs)
    response = render_page(
        "plans/support.html",
        plan=the_plan,
        form=form,
        orgs=orgs,
        tasks=tasks,
        lead_id=lead_id,
        supporters=supporters,
        chosen_tasks=chosen_tasks,
    )
    response.status_code = status
    return response


def _support_defaults(
    tasks: Sequence[Task], orgs: list[Organisation]
) -> tuple[int | None, set[int], set[int]]:
    """What the form opens with: a task asked for (``?task=``, from its page) with its
    lead and supporters as they are; else the shared tasks, the Front leading and every
    other organisation supporting."""
    asked = whole_number(request.args.get("task", ""))
    task = next((t for t in tasks if t.id == asked), None)
    if task is not None and task.organisation_id is not None:
        return task.organisation_id, {o.id for o in task.supporters}, {task.id}
    front = next((o for o in orgs if o.code == DEFAULT_LEAD_CODE), orgs[0] if orgs else None)
    lead_id = front.id if front else None
    shared = {t.id for t in tasks if t.organisation_id is None}
    return lead_id, {o.id for o in orgs if o.id != lead_id}, shared | ({task.id} if task else set())


def _ask_before_taking_back(
    plan: Plan, task_ids: set[int], lead_id: int | None, orgs: list[Organisation]
) -> Response | None:
    """The question before other organisations' assignments of ``task_ids`` are taken back,
    naming them (None: nothing to take back, an unknown lead, or answered "yes")."""
    if lead_id not in {o.id for o in orgs}:
        return None  # refused by the service, next to the field
    taken = assignments_to_take_back(plan.id, task_ids, lead_id)
    if not taken:
        return None
    return confirmation(
        ngettext(
            "Take back %(num)d assignment of other organisations?",
            "Take back %(num)d assignments of other organisations?",
            len(taken),
        ),
        details=[
            *taken,
            _(
                "Only the lead organisation's assignments carry the task's status; "
                "their history is kept."
            ),
        ],
        confirm=_("Set lead and supporters"),
        cancel_url=url_for("plans.support", plan_id=plan.id),
    )
