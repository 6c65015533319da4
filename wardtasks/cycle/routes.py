"""The addresses of the monthly reporting cycle.

Every rule is here; its view, in :mod:`.views`, is imported at its first request
(wardtasks/lazy_views.py)."""

from __future__ import annotations

from flask import Blueprint

from ..lazy_views import lazy_rules

bp = Blueprint("cycle", __name__, url_prefix="/cycle")
route = lazy_rules(bp, "wardtasks.cycle.views")

route("", "index")
route("/remind", "remind", methods=["POST"])
route("/export", "export")
route("/branches/<int:branch_id>/<month>", "branch_report", methods=["GET"])
route("/branches/<int:branch_id>/<month>", "save_branch_report", methods=["POST"])
route("/branches/<int:branch_id>/<month>/review", "branch_review", methods=["POST"])
route("/orgs/<int:org_id>/<month>", "organisation_report", methods=["GET"])
route("/orgs/<int:org_id>/<month>", "save_organisation_report", methods=["POST"])
route("/orgs/<int:org_id>/<month>/review", "organisation_review", methods=["POST"])
