"""Languages: Vietnamese by default, English on request; dates as dd/mm/yyyy."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, datetime, timedelta

import flask_babel
from babel.support import NullTranslations
from flask import Flask, current_app, g, has_app_context, session
from flask_babel import Babel, get_locale
from flask_login import current_user

# Vietnam keeps UTC+7 all year; timestamps are stored as naive UTC.
VIETNAM_OFFSET = timedelta(hours=7)


def N_(message: str) -> str:
    """Mark ``message`` for extraction; it is translated where it is shown."""
    return message


def translations() -> NullTranslations:
    """The translations of the current locale, looked up once per request.

    Flask-Babel resolves the locale and its catalogue through several context
    proxies on every call, and a list page makes hundreds of calls; the result
    is kept next to Flask-Babel's own per-request locale (``g._flask_babel``),
    so ``force_locale`` and a changed locale are still honoured.
    """
    state = getattr(g, "_flask_babel", None) if has_app_context() else None
    if state is None:
        return flask_babel.get_translations()
    locale = getattr(state, "babel_locale", None)
    cached = getattr(state, "wardtasks_translations", None)
    if cached is not None and locale is not None and cached[0] is locale:
        return cached[1]
    result = flask_babel.get_translations()
    state.wardtasks_translations = (getattr(state, "babel_locale", None), result)
    return result


class Labels(Mapping[str, str]):
    """Labels of codes (statuses, roles …), translated each time one is read, so a
    module-level table follows the reader's language."""

    def __init__(self, msgids: Mapping[str, str]) -> None:
        self.msgids = dict(msgids)

    def __getitem__(self, key: str) -> str:
        return translations().ugettext(self.msgids[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self.msgids)

    def __len__(self) -> int:
        return len(self.msgids)


ROLE_LABELS = Labels(
    {
        "secretariat": N_("Secretariat"),
        "leader": N_("Organisation leader"),
        "branch_head": N_("Branch head"),
        "viewer": N_("Viewer"),
    }
)

STATUS_MSGIDS = {
    "not_started": N_("Not started"),
    "in_progress": N_("In progress"),
    "done": N_("Done"),
    "blocked": N_("Blocked"),
    "cancelled": N_("Cancelled"),
}
STATUS_LABELS = Labels(STATUS_MSGIDS)

CATEGORY_LABELS = Labels(
    {
        "done_on_time": N_("Done on time"),
        "done_late": N_("Done late"),
        "in_progress_on_time": N_("In progress, within deadline"),
        "overdue": N_("Overdue"),
        "not_yet_due": N_("Not yet due"),
    }
)


def select_locale() -> str:
    """The user's saved language, else the one chosen in this session, else Vietnamese."""
    languages = current_app.config["LANGUAGES"]
    if getattr(current_user, "is_authenticated", False) and current_user.locale in languages:
        return str(current_user.locale)
    chosen = session.get("lang")
    if chosen in languages:
        return str(chosen)
    return str(current_app.config["BABEL_DEFAULT_LOCALE"])


# Written out rather than by strftime, which takes about twice as long: lists format
# a date or two on every row and in every history entry.


def format_date(value: date | datetime | None) -> str:
    """dd/mm/yyyy, the way Vietnamese offices write dates."""
    if value is None:
        return ""
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def format_datetime(value: datetime | None) -> str:
    """dd/mm/yyyy HH:MM in Vietnam time, from a naive UTC timestamp."""
    if value is None:
        return ""
    v = value + VIETNAM_OFFSET
    return f"{v.day:02d}/{v.month:02d}/{v.year:04d} {v.hour:02d}:{v.minute:02d}"


def iso_utc(value: datetime) -> str:
    """A naive UTC timestamp as ISO 8601 with its zone (a <time datetime> attribute)."""
    return value.isoformat() + "Z"


def init_i18n(app: Flask, babel: Babel) -> None:
    """Attach Flask-Babel and the date filters."""
    babel.init_app(app, locale_selector=select_locale)
    # Templates translate through the per-request cache (same functions otherwise).
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
    )
    app.jinja_env.filters["ddmmyyyy"] = format_date
    app.jinja_env.filters["ddmmyyyy_hhmm"] = format_datetime
    app.jinja_env.filters["iso_utc"] = iso_utc
    app.jinja_env.globals["get_locale"] = get_locale
    app.jinja_env.globals["ROLE_LABELS"] = ROLE_LABELS
    app.jinja_env.globals["STATUS_LABELS"] = STATUS_LABELS
    app.jinja_env.globals["CATEGORY_LABELS"] = CATEGORY_LABELS
