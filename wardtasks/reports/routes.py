"""The addresses of the month report, its files and the closing of months.

Every rule is here; its view, in :mod:`.views`, is imported at its first request
(wardtasks/lazy_views.py)."""

from __future__ import annotations

from flask import Blueprint

from ..lazy_views import lazy_rules

bp = Blueprint("reports", __name__, url_prefix="/reports")
route = lazy_rules(bp, "wardtasks.reports.views")

route("", "page")
route("/export/<fmt>", "export")
route("/close", "close", methods=["POST"])
route("/reopen", "reopen", methods=["POST"])
route("/settings", "settings", methods=["GET", "POST"])
