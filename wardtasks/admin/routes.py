"""The addresses of the administration screens (secretariat only).

Every rule is here; its view, in :mod:`.views`, is imported at its first request
(wardtasks/lazy_views.py)."""

from __future__ import annotations

from flask import Blueprint
from flask_login import login_required

from .. import policy
from ..lazy_views import lazy_rules

bp = Blueprint("admin", __name__, url_prefix="/admin")
route = lazy_rules(bp, "wardtasks.admin.views")


@bp.before_request
@login_required
def _only_secretariat() -> None:
    """Every admin screen is for the secretariat alone."""
    policy.require(policy.can_administer())


route("/", "index")
route("/organisations", "organisations", methods=["GET", "POST"])
route("/organisations/<int:org_id>", "edit_organisation", methods=["GET", "POST"])
route("/organisations/<int:org_id>/active", "toggle_organisation", methods=["POST"])
route("/organisations/<int:org_id>/move", "move_organisation", methods=["POST"])
route("/blocks", "blocks", methods=["GET", "POST"])
route("/blocks/<int:block_id>", "edit_block", methods=["GET", "POST"])
route("/blocks/<int:block_id>/active", "toggle_block", methods=["POST"])
route("/branches", "branches", methods=["GET", "POST"])
route("/branches/<int:branch_id>", "edit_branch", methods=["GET", "POST"])
route("/branches/<int:branch_id>/active", "toggle_branch", methods=["POST"])
route("/branches/<int:branch_id>/move", "move_branch", methods=["POST"])
route("/users", "users", methods=["GET", "POST"])
route("/users/<int:user_id>", "edit_user", methods=["GET", "POST"])
route("/users/<int:user_id>/active", "toggle_user", methods=["POST"])
route("/users/<int:user_id>/password", "reset_password", methods=["POST"])
route("/audit", "audit")
