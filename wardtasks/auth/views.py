"""Login, logout, password change and the language switch."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required, login_user
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from ..audit import record, snapshot
from ..database import write_transaction
from ..extensions import db
from ..models import User
from ..models.user import verify_login
from ..web import safe_next
from . import end_session, start_session_clock
from .forms import ChangePasswordForm, LoginForm
from .throttle import check_throttled

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login() -> Response | str | tuple[str, int, dict[str, str]]:
    """Show the login form and log the user in; repeated failures lock for a while."""
    if current_user.is_authenticated:
        return redirect(url_for("orgs.home"))
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        username = (form.username.data or "").strip().lower()
        address = _address()
        user = db.session.scalar(select(User).where(func.lower(User.username) == username))
        password = form.password.data or ""
        verdict = check_throttled(username, address, lambda: verify_login(user, password))
        if verdict.right and user is not None:
            _record(user.id, "user.login", user.id, address)
            session.clear()
            login_user(user)
            session.permanent = True
            start_session_clock()
            return redirect(safe_next(form.next.data) or url_for("orgs.home"))
        if verdict.checked:
            # Attempts refused by the lock are not recorded: their number has no bound.
            _record(None, "user.login_failed", user.id if user else None, address)
        if verdict.locked_for:
            page = render_template(
                "auth/login.html", form=form, lock_message=_lock_message(verdict.locked_for)
            )
            return page, 429, {"Retry-After": str(verdict.locked_for)}
        # One message for every failure: never say which part was wrong.
        flash(_("Wrong username or password."), "error")
    return render_template("auth/login.html", form=form)


def _address() -> str:
    return request.remote_addr or "unknown"


def _record(actor_id: int | None, action: str, user_id: int | None, address: str) -> None:
    """The audit entry of a login, a logout or a password change (never the password)."""
    with write_transaction(expire=False):
        record(actor_id, action, "user", user_id, None, {"address": address})


def _lock_message(wait: int) -> str:
    minutes = max(1, -(-wait // 60))
    return ngettext(
        "Too many failed logins. For your safety, logging in to this account (or from this "
        "computer) is locked for %(minutes)d minute. Please try again later.",
        "Too many failed logins. For your safety, logging in to this account (or from this "
        "computer) is locked for %(minutes)d minutes. Please try again later.",
        minutes,
        minutes=minutes,
    )


@bp.route("/logout", methods=["POST"])
def logout() -> Response:
    """End this session (and every other session of the user)."""
    if current_user.is_authenticated:
        with write_transaction():
            user = db.session.get(User, current_user.id)
            if user is not None:
                user.end_all_sessions()
                record(user.id, "user.logout", "user", user.id, None, {"address": _address()})
    end_session()
    flash(_("You have logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password() -> Response | str | tuple[str, int]:
    """Let the user choose a new password (required at first login). The current password
    is checked under the login throttle: it is a password guess like any other."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user_id, address = int(current_user.id), _address()
        current = form.current_password.data or ""
        verdict = check_throttled(
            current_user.username, address, lambda: current_user.check_password(current)
        )
        if verdict.checked and not verdict.right:
            _record(user_id, "user.password_change_failed", user_id, address)
        if verdict.locked_for:
            form.current_password.errors = [_lock_message(verdict.locked_for)]
            return render_template("auth/password.html", form=form), 429
        if not verdict.right:
            form.current_password.errors = [_("The current password is wrong.")]
        elif form.new_password.data == current:
            form.new_password.errors = [_("Choose a password different from the current one.")]
        else:
            with write_transaction():
                user = db.session.get(User, user_id)
                assert user is not None  # noqa: S101 - logged in
                before = snapshot(user, ("must_change_password",))
                user.set_password(form.new_password.data or "")
                user.must_change_password = False
                user.end_all_sessions()
                # The password itself never goes into the audit trail.
                after = {**snapshot(user, ("must_change_password",)), "address": address}
                record(user_id, "user.change_password", "user", user_id, before, after)
            login_user(user)  # this session goes on with the new token
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("orgs.home"))
    return render_template("auth/password.html", form=form)


@bp.route("/language", methods=["POST"])
def set_language() -> Response:
    """Switch the interface language; remembered for the user when logged in."""
    lang = request.form.get("lang", "")
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
        if current_user.is_authenticated:
            with write_transaction():
                user = db.session.get(User, current_user.id)
                if user is not None:
                    user.locale = lang
    return redirect(safe_next(request.form.get("next")) or url_for("orgs.home"))
