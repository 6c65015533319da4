"""Logins: loading users from the cookie, unauthenticated htmx requests, forced password change."""

from __future__ import annotations

import time

from flask import Flask, Response, current_app, flash, g, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, logout_user
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response as BaseResponse

from ..extensions import db, login_manager
from ..inputs import whole_number
from ..models import Branch, User
from ..notices.reading import unread_of
from .throttle import init_throttle

SCOPE = (joinedload(User.organisation), joinedload(User.branch).joinedload(Branch.organisation))
# Built once, with the id a bound value (a statement of fixed shape, as
# tasks/queries/rows.py explains): every request loads its user. SQLAlchemy keys a
# statement for its compiled cache on each run unless it is the same object, and the
# loader options made that key the dearer half of the load: built per request (as
# ``session.get(User, id, options=SCOPE)``) 1.78 M instructions, built once 1.03 M, on
# every request (one-year scale ward, in process).
# It carries the bell's count too (one statement fewer on every whole page; an index seek
# on the fragments that do not show the bell).
_LOAD = (
    select(User, unread_of(User.id).label("unread"))
    .options(*SCOPE)
    .where(User.id == bindparam("user_id"))
)


def load_user(cookie_id: str) -> User | None:
    """The user whose id and session token the login cookie carries, if still valid."""
    user_id, _, token = cookie_id.partition(":")
    uid = whole_number(user_id)
    if uid is None or not token:
        return None
    # With what the user acts for: the policy asks of it on most requests.
    row = db.session.execute(_LOAD, {"user_id": uid}).first()
    if row is None or not row.User.active or row.User.session_token != token:
        return None
    g.notices_unread = row.unread
    return row.User


def unauthorized() -> BaseResponse:
    """Send anonymous visitors to the login page; htmx gets HX-Redirect, not a swapped form."""
    login_url = url_for("auth.login", next=request.full_path.rstrip("?"))
    if request.headers.get("HX-Request") == "true":
        response = Response(status=401)
        response.headers["HX-Redirect"] = login_url
        return response
    flash(_l("Please log in to continue."), "info")
    return redirect(login_url)


LOGIN_AT = "login_at"
SEEN_AT = "seen_at"
# Refresh the last-seen time at most this often (every refresh rewrites the cookie).
SEEN_RESOLUTION_SECONDS = 30


def start_session_clock() -> None:
    """Note the login time in the session (called right after login_user)."""
    now = int(time.time())
    session[LOGIN_AT] = now
    session[SEEN_AT] = now


def session_expired(now: float | None = None) -> bool:
    """True when this session has been idle too long or open longer than allowed."""
    now = time.time() if now is None else now
    login_at = session.get(LOGIN_AT)
    seen_at = session.get(SEEN_AT)
    if not isinstance(login_at, int) or not isinstance(seen_at, int):
        return True
    idle = int(current_app.config["SESSION_IDLE_MINUTES"]) * 60
    absolute = int(current_app.config["SESSION_ABSOLUTE_HOURS"]) * 3600
    return now - seen_at > idle or now - login_at > absolute


def end_session() -> None:
    """Log out this browser, keeping only its language choice."""
    logout_user()
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang


def unauthorized_after_expiry() -> BaseResponse:
    """Like :func:`unauthorized`, without a second message."""
    login_url = url_for("auth.login", next=request.full_path.rstrip("?"))
    if request.headers.get("HX-Request") == "true":
        response = Response(status=401)
        response.headers["HX-Redirect"] = login_url
        return response
    return redirect(login_url)


def init_auth(app: Flask) -> None:
    """Configure Flask-Login, session expiry and the first-login password change."""
    login_manager.user_loader(load_user)
    login_manager.unauthorized_handler(unauthorized)
    login_manager.session_protection = "basic"
    init_throttle(app)

    @app.before_request
    def _expire_sessions() -> BaseResponse | None:
        if request.endpoint == "static" or not current_user.is_authenticated:
            return None
        now = time.time()
        if session_expired(now):
            end_session()
            if request.headers.get("HX-Request") != "true":
                flash(_l("Your session has expired. Please log in again."), "info")
            return unauthorized_after_expiry()
        if now - session[SEEN_AT] >= SEEN_RESOLUTION_SECONDS:
            session[SEEN_AT] = int(now)
        return None

    exempt = {"auth.change_password", "auth.logout", "auth.set_language", "static"}

    @app.before_request
    def _force_password_change() -> BaseResponse | None:
        if (
            current_user.is_authenticated
            and current_user.must_change_password
            and request.endpoint not in exempt
        ):
            return redirect(url_for("auth.change_password"))
        return None
