"""The addresses of emulation (thi đua) scores and periods.

Every rule is here; its view, in :mod:`.views`, is imported at its first request
(wardtasks/lazy_views.py)."""

from __future__ import annotations

from flask import Blueprint

from ..lazy_views import lazy_rules

bp = Blueprint("emulation", __name__, url_prefix="/emulation")
route = lazy_rules(bp, "wardtasks.emulation.views")

route("", "page")
route("/export/<fmt>", "export")
route("/weights", "weights_page", methods=["GET", "POST"])
route("/close", "close", methods=["POST"])
route("/reopen", "reopen", methods=["POST"])
