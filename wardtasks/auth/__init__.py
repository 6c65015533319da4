"""Logins: loading users from the cookie, unauthenticated htmx requests, forced password change."""

from __future__ import annotations

from flask import Flask, Response, flash, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from ..extensions import db, login_manager
from ..models import User


def load_user(cookie_id: str) -> User | None:
    """The user whose id and session token the login cookie carries, if still valid."""
    user_id, _, token = cookie_id.partition(":")
    if not user_id.isdigit() or not token:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_token != token:
        return None
    return user


def unauthorized() -> BaseResponse:
    """Send anonymous visitors to the login page; htmx gets HX-Redirect, not a swapped form."""
    login_url = url_for("auth.login", next=request.full_path.rstrip("?"))
    if request.headers.get("HX-Request") == "true":
        response = Response(status=401)
        response.headers["HX-Redirect"] = login_url
        return response
    flash(_l("Please log in to continue."), "info")
    return redirect(login_url)


def init_auth(app: Flask) -> None:
    """Configure Flask-Login and the first-login password change."""
    login_manager.user_loader(load_user)
    login_manager.unauthorized_handler(unauthorized)
    login_manager.session_protection = "basic"

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
