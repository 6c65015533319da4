"""Languages: Vietnamese by default, English on request; dates as dd/mm/yyyy."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask import Flask, current_app, session
from flask_babel import Babel, get_locale, lazy_gettext
from flask_login import current_user

# Vietnam keeps UTC+7 all year; timestamps are stored as naive UTC.
VIETNAM_OFFSET = timedelta(hours=7)

ROLE_LABELS = {
    "secretariat": lazy_gettext("Secretariat"),
    "leader": lazy_gettext("Organisation leader"),
    "branch_head": lazy_gettext("Branch head"),
    "viewer": lazy_gettext("Viewer"),
}

STATUS_LABELS = {
    "not_started": lazy_gettext("Not started"),
    "in_progress": lazy_gettext("In progress"),
    "done": lazy_gettext("Done"),
    "blocked": lazy_gettext("Blocked"),
    "cancelled": lazy_gettext("Cancelled"),
}


CATEGORY_LABELS = {
    "done_on_time": lazy_gettext("Done on time"),
    "done_late": lazy_gettext("Done late"),
    "in_progress_on_time": lazy_gettext("In progress, within deadline"),
    "overdue": lazy_gettext("Overdue"),
    "not_yet_due": lazy_gettext("Not yet due"),
}


def select_locale() -> str:
    """The user's saved language, else the one chosen in this session, else Vietnamese."""
    languages = current_app.config["LANGUAGES"]
    if getattr(current_user, "is_authenticated", False) and current_user.locale in languages:
        return str(current_user.locale)
    chosen = session.get("lang")
    if chosen in languages:
        return str(chosen)
    return str(current_app.config["BABEL_DEFAULT_LOCALE"])


def format_date(value: date | datetime | None) -> str:
    """dd/mm/yyyy, the way Vietnamese offices write dates."""
    if value is None:
        return ""
    return value.strftime("%d/%m/%Y")


def format_datetime(value: datetime | None) -> str:
    """dd/mm/yyyy HH:MM in Vietnam time, from a naive UTC timestamp."""
    if value is None:
        return ""
    return (value + VIETNAM_OFFSET).strftime("%d/%m/%Y %H:%M")


def init_i18n(app: Flask, babel: Babel) -> None:
    """Attach Flask-Babel and the date filters."""
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.filters["ddmmyyyy"] = format_date
    app.jinja_env.filters["ddmmyyyy_hhmm"] = format_datetime
    app.jinja_env.globals["get_locale"] = get_locale
    app.jinja_env.globals["ROLE_LABELS"] = ROLE_LABELS
    app.jinja_env.globals["STATUS_LABELS"] = STATUS_LABELS
    app.jinja_env.globals["CATEGORY_LABELS"] = CATEGORY_LABELS
