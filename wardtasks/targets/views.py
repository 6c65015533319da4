"""A task's target: setting it (with the importer's suggestion); what the pages show of
actual against target is in ``display``."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from .. import policy
from ..extensions import db
from ..importer.targets import TargetSuggestion, suggest_target
from ..models import Task
from ..web import render_page
from .actuals import target_of
from .display import row_target
from .forms import DIRECTION_LABELS, TargetForm
from .services import TargetValues, remove_target, save_target

bp = Blueprint("targets", __name__)
bp.add_app_template_global(suggest_target, "suggest_target")
bp.record_once(lambda state: state.app.jinja_env.globals.update(DIRECTION_LABELS=DIRECTION_LABELS))


bp.add_app_template_global(row_target, "row_target")


def _values(form: TargetForm) -> TargetValues:
    return TargetValues(
        measure=form.measure.data.strip(),
        unit=(form.unit.data or "").strip(),
        direction=form.direction.data,
        branch_value=form.branch_value.data,
        organisation_value=form.organisation_value.data,
        baseline=form.baseline.data,
    )


def _suggested(s: TargetSuggestion) -> dict[str, Any]:
    value = {"branch_value": s.value} if s.per_branch else {"organisation_value": s.value}
    return {"measure": s.measure, "unit": s.unit, "direction": s.direction, **value}


@bp.route("/tasks/<int:task_id>/target", methods=["GET", "POST"])
@login_required
def edit(task_id: int) -> Response:
    """Set, change or remove the task's target; a task without one opens with the target
    its text states (the importer's suggestion), to confirm."""
    task = db.get_or_404(Task, task_id)
    policy.require(policy.can_set_target(task))
    target = target_of(task.id)
    suggestion = suggest_target(task.text) if target is None else None
    if request.method == "POST" and request.form.get("action") == "remove":
        remove_target(task.id, current_user)
        flash(_("The target is removed."), "success")
        return redirect(url_for("tasks.task", task_id=task.id))
    if target is not None:
        data = {f: getattr(target, f) for f in TargetValues.__dataclass_fields__}
    else:
        data = _suggested(suggestion) if suggestion else {}
    form = TargetForm(data=data)
    if form.validate_on_submit():
        save_target(task.id, _values(form), current_user)
        flash(_("The target is saved."), "success")
        return redirect(url_for("tasks.task", task_id=task.id) + "#target")
    return render_page(
        "targets/edit.html", None, task=task, form=form, target=target, suggestion=suggestion
    )
