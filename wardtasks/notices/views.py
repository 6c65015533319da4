"""The bell, the list of notices, marking read, and the user's e-mail settings."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Flask,
    abort,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from jinja2_fragments.flask import render_block
from sqlalchemy import select
from werkzeug.local import LocalProxy
from werkzeug.wrappers import Response

from .. import policy
from ..audit import record, snapshot
from ..database import write_transaction
from ..extensions import db
from ..inputs import whole_number
from ..models import DigestRun, Notice, User
from ..web import conditional, is_htmx_partial, render_page, safe_next
from .forms import EmailSettingsForm
from .reading import mark_read, notice_page, shown, unread_count

bp = Blueprint("notices", __name__)

RUNS_SHOWN = 20


def _bell_count() -> int:
    """The signed-in user's unread count, read once per request when a page shows it."""
    if "notices_unread" not in g:
        g.notices_unread = unread_count(current_user.id) if current_user.is_authenticated else 0
    return int(g.notices_unread)


def init_notices(app: Flask) -> None:
    """The bell's count for the header (read only by a whole page, not by fragments)."""

    @app.context_processor
    def _bell() -> dict[str, Any]:
        return {"notices_unread": LocalProxy(_bell_count)}


@bp.route("/notices")
@login_required
@conditional
def page() -> Response:
    """The user's notices, newest first, unread ones marked, 30 a page."""
    number = whole_number(request.args.get("page")) or 1
    return render_page("notices/page.html", "notices", notices=notice_page(current_user.id, number))


@bp.route("/notices/bell")
@login_required
@conditional
def bell() -> Response:
    """The bell with its count, polled by htmx (answered 304 while nothing changed); a plain
    request is sent to the list."""
    if not is_htmx_partial():
        return redirect(url_for("notices.page"))
    response = make_response(render_template("notices/_bell.html"))
    response.vary.add("HX-Request")
    return response


def _own(notice_id: int) -> Notice:
    notice = db.get_or_404(Notice, notice_id)
    policy.require(policy.can_read_notice(notice))
    return notice


@bp.route("/notices/<int:notice_id>/read", methods=["POST"])
@login_required
def read_one(notice_id: int) -> Response:
    """Mark one notice read; htmx gets its row and the bell, a plain form the list again."""
    _own(notice_id)
    mark_read(current_user.id, notice_id)
    if not is_htmx_partial():
        return _back()
    notice = db.session.get(Notice, notice_id)
    assert notice is not None  # noqa: S101 - just read
    return _with_bell(render_template("notices/_row.html", n=shown(notice)))


def _back() -> Response:
    """A plain form's answer: the page it was sent from (``next``), else the list."""
    return redirect(safe_next(request.form.get("next")) or url_for("notices.page"))


def _with_bell(body: str) -> Response:
    """An htmx answer: ``body`` and the header's bell with its new count, out of band."""
    g.pop("notices_unread", None)
    response = make_response(body + render_template("notices/_bell.html", oob=True))
    response.vary.add("HX-Request")
    return response


@bp.route("/notices/read-all", methods=["POST"])
@login_required
def read_all() -> Response:
    """Mark every notice of the user read."""
    count = mark_read(current_user.id)
    if not is_htmx_partial():
        if count:
            flash(_("All notices are marked read."), "success")
        return _back()
    return _with_bell(
        render_block("notices/page.html", "notices", notices=notice_page(current_user.id, 1))
    )


@bp.route("/notices/<int:notice_id>/open", methods=["POST"])
@login_required
def open_notice(notice_id: int) -> Response:
    """Mark the notice read and go to what it is about."""
    notice = _own(notice_id)
    link = safe_next(notice.link) or url_for("notices.page")
    mark_read(current_user.id, notice_id)
    return redirect(link)


@bp.route("/account/email", methods=["GET", "POST"])
@login_required
def email_settings() -> Response:
    """The address the daily digest goes to, and whether to send it."""
    user_id = int(current_user.id)
    form = EmailSettingsForm(
        data={"email": current_user.email or "", "email_digest": current_user.email_digest}
    )
    if form.validate_on_submit():
        with write_transaction():
            user = db.session.get(User, user_id)
            if user is None:
                abort(404)
            fields = ("email", "email_digest")
            before = snapshot(user, fields)
            user.email = form.email.data or None
            user.email_digest = bool(form.email_digest.data)
            after = snapshot(user, fields)
            if after != before:
                record(user_id, "user.email_settings", "user", user_id, before, after)
        flash(_("Your e-mail settings are saved."), "success")
        return redirect(url_for("notices.email_settings"))
    status = 422 if form.is_submitted() else 200
    response = render_page("notices/email.html", form=form)
    response.status_code = status
    return response


@bp.route("/admin/digests")
@login_required
def digest_runs() -> Response:
    """The latest runs of the daily digest with their mail-server errors (secretariat)."""
    # Here, not at the top: smtplib loads when the digest is sent or shown.
    from .digest import waiting_count

    policy.require(policy.can_see_digest_runs())
    runs = db.session.scalars(
        select(DigestRun)
        .order_by(DigestRun.started_at.desc(), DigestRun.id.desc())
        .limit(RUNS_SHOWN)
    ).all()
    return render_page("notices/digests.html", runs=runs, waiting=waiting_count())
