"""Login, logout, password change and the language switch."""

from __future__ import annotations

from collections.abc import Callable

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
from flask_login import current_user, login_required, login_user
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from ..database import write_transaction
from ..extensions import db
from ..models import User
from ..models.user import verify_login
from ..web import safe_next
from . import end_session, start_session_clock
from .forms import ChangePasswordForm, LoginForm
from .throttle import LoginThrottle, throttle

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
        address = request.remote_addr or "unknown"
        wait = _locked_for(username, address)
        if wait:
            return _locked_page(form, wait)
        user = db.session.scalar(select(User).where(func.lower(User.username) == username))
        if verify_login(user, form.password.data or ""):
            assert user is not None  # noqa: S101 - verified
            _count(lambda t: t.succeeded(username))
            session.clear()
            login_user(user)
            session.permanent = True
            start_session_clock()
            return redirect(safe_next(form.next.data) or url_for("orgs.home"))
        _count(lambda t: t.failed(username, address))
        wait = _locked_for(username, address)
        if wait:
            return _locked_page(form, wait)
        # One message for every failure: never say which part was wrong.
        flash(_("Wrong username or password."), "error")
    return render_template("auth/login.html", form=form)


def _locked_for(username: str, address: str) -> int:
    try:
        return throttle().locked_for(username, address)
    except Exception:  # noqa: BLE001 - a storage outage must not stop every login
        current_app.logger.exception("login throttle storage unavailable")
        return 0


def _count(action: Callable[[LoginThrottle], None]) -> None:
    try:
        action(throttle())
    except Exception:  # noqa: BLE001
        current_app.logger.exception("login throttle storage unavailable")


def _locked_page(form: LoginForm, wait: int) -> tuple[str, int, dict[str, str]]:
    """The login page with the lock message, answered 429 with Retry-After."""
    minutes = max(1, -(-wait // 60))
    message = _(
        "Too many failed logins. For your safety, logging in to this account (or from this "
        "computer) is locked for %(minutes)d minutes. Please try again later.",
        minutes=minutes,
    )
    page = render_template("auth/login.html", form=form, lock_message=message)
    return page, 429, {"Retry-After": str(wait)}


@bp.route("/logout", methods=["POST"])
def logout() -> Response:
    """End this session (and every other session of the user)."""
    if current_user.is_authenticated:
        with write_transaction():
            user = db.session.get(User, current_user.id)
            if user is not None:
                user.end_all_sessions()
    end_session()
    flash(_("You have logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password() -> Response | str:
    """Let the user choose a new password (required at first login)."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.current_password.data or ""):
            form.current_password.errors = [_("The current password is wrong.")]
        elif form.new_password.data == form.current_password.data:
            form.new_password.errors = [_("Choose a password different from the current one.")]
        else:
            with write_transaction():
                user = db.session.get(User, current_user.id)
                assert user is not None  # noqa: S101 - logged in
                user.set_password(form.new_password.data or "")
                user.must_change_password = False
                user.end_all_sessions()
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
