"""Languages: Vietnamese by default, English on request; labels of codes; date filters."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Mapping
from typing import Any

import flask_babel
from babel.support import NullTranslations
from flask import Flask, current_app, g, has_app_context, session
from flask_babel import Babel, get_locale
from flask_login import current_user

from .dates import format_date, format_datetime, format_local_date, iso_utc


def N_(message: str) -> str:
    """Mark ``message`` for extraction; it is translated where it is shown."""
    return message


def page_translations() -> NullTranslations:
    """The catalogue pages are written from: Flask-Babel's for this request's language,
    looked up once per request and kept in ``g``.

    A list page writes a few hundred strings (each row's words and status badge), and
    every Flask-Babel call finds the locale and its catalogue again through several
    context proxies: looked up once, the branch head's page of 30 rows on the scale
    ward takes about 2 of its 10 ms of CPU less (measured in process, CPU time, min of
    7 × 60 requests: 10.2 → 8.4 ms). Templates are written in the request's language;
    code that needs another (``force_locale``) translates in Python, as services do.
    """
    if not has_app_context():
        return flask_babel.get_translations()
    held = g.get("_page_translations")
    if held is None:
        held = g._page_translations = flask_babel.get_translations()
    return held


class Labels(Mapping[str, str]):
    """Labels of codes (statuses, roles …), translated each time one is read, so a
    module-level table follows the reader's language (the request's,
    :func:`page_translations`)."""

    def __init__(self, msgids: Mapping[str, str]) -> None:
        self.msgids = dict(msgids)

    def __getitem__(self, key: str) -> str:
        return page_translations().ugettext(self.msgids[key])

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

# A branch is called by its kind, which its name says (the ward writes "Chi đoàn khối 7",
# "Ban công tác Mặt trận khối 1", "Chi hội CCB khối 3"): the first prefix the name starts
# with, compared without case or extra spaces, gives the words for its head, for "my
# branch" in the menu and for its list of work.
BRANCH_KINDS = (
    (
        ("chi đoàn",),
        {
            "head": N_("Youth Union branch secretary"),
            "mine": N_("My Youth Union branch"),
            "work": N_("Assignments of the Youth Union branch"),
        },
    ),
    (
        ("ban công tác mặt trận", "ban ctmt"),
        {
            "head": N_("Head of the Front work committee"),
            "mine": N_("My Front work committee"),
            "work": N_("Assignments of the Front work committee"),
        },
    ),
    (
        ("chi hội",),
        {
            "head": N_("Association branch head"),
            "mine": N_("My branch"),
            "work": N_("Assignments of the branch"),
        },
    ),
)
BRANCH_WORDS = {
    "head": N_("Branch head"),
    "mine": N_("My branch"),
    "work": N_("Assignments of the branch"),
}


def branch_word(branch_name: str | None, word: str) -> str:
    """A branch's word (``"head"``, ``"mine"`` or ``"work"``) by the kind its name says
    (Bí thư chi đoàn / Chi đoàn của tôi / Việc của chi đoàn …); the general word for
    another kind."""
    name = " ".join(unicodedata.normalize("NFC", branch_name or "").split()).casefold()
    msgid = BRANCH_WORDS[word]
    for prefixes, words in BRANCH_KINDS:
        if name.startswith(prefixes):
            msgid = words[word]
            break
    return page_translations().ugettext(msgid)


def branch_head_title(branch_name: str) -> str:
    """What the head of a branch named ``branch_name`` is called (Bí thư chi đoàn,
    Trưởng ban công tác Mặt trận, Chi hội trưởng); the role's name for another kind."""
    return branch_word(branch_name, "head")


def role_label(user: Any) -> str:
    """A user's role as pages show it: a branch head by their branch's kind."""
    branch = getattr(user, "branch", None) if user.role == "branch_head" else None
    return branch_head_title(branch.name) if branch is not None else ROLE_LABELS[user.role]


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


def init_i18n(app: Flask, babel: Babel) -> None:
    """Attach Flask-Babel, the templates' gettext (:func:`page_translations`) and the
    date filters."""
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: page_translations().ugettext(s),
        ngettext=lambda s, p, n: page_translations().ungettext(s, p, n),
        pgettext=lambda c, s: page_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: page_translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
    # ``_`` is the gettext above itself, not Jinja's alias that looks "gettext" up in the
    # template's context on every call (no template defines its own): a page calls it 40
    # to 80 times, and the alias's extra context call cost about 20,000 instructions each.
    app.jinja_env.globals["_"] = app.jinja_env.globals["gettext"]
    app.jinja_env.filters["ddmmyyyy"] = format_date
    app.jinja_env.filters["ddmmyyyy_hhmm"] = format_datetime
    app.jinja_env.filters["local_ddmmyyyy"] = format_local_date
    app.jinja_env.filters["iso_utc"] = iso_utc
    app.jinja_env.globals["get_locale"] = get_locale
    app.jinja_env.globals["ROLE_LABELS"] = ROLE_LABELS
    app.jinja_env.globals["role_label"] = role_label
    app.jinja_env.globals["branch_word"] = branch_word
    app.jinja_env.globals["STATUS_LABELS"] = STATUS_LABELS
    app.jinja_env.globals["CATEGORY_LABELS"] = CATEGORY_LABELS
