"""The addresses of plans, their import and their tasks.

Every rule is here; its view, in :mod:`.views`, is imported at its first request
(wardtasks/lazy_views.py)."""

from __future__ import annotations

from flask import Blueprint

from ..lazy_views import lazy_rules

bp = Blueprint("plans", __name__, url_prefix="/plans")
route = lazy_rules(bp, "wardtasks.plans.views")

route("", "index")
route("/<int:plan_id>", "plan")
route("/<int:plan_id>/close", "close", methods=["POST"])
route("/import", "import_plan", methods=["GET", "POST"])
route("/import/draft", "edit_draft", methods=["POST"])
route("/import/confirm", "confirm", methods=["POST"])
route("/<int:plan_id>/rollover", "rollover")
route("/<int:plan_id>/distribute", "distribute_plan", methods=["POST"])
route("/<int:plan_id>/tasks/<int:task_id>/distribute", "distribute_task", methods=["POST"])
route("/<int:plan_id>/support", "support", methods=["GET", "POST"])
