"""The kinds of notice and their words.

A notice stores its kind and the values its words need (``params``); the sentence is
made when it is shown (:func:`notice_text`), by gettext in the reader's language — the
request's on a page, the user's own in an e-mail (``force_locale``).

Params by kind:

- report kinds: ``scope`` (the branch's or organisation's name), ``month`` ("MM/YYYY"),
  optional ``comment`` (the reviewer's, for a returned report);
- assignment and due kinds: ``task`` (the task's title), ``scope`` (the branch's or
  organisation's name); due kinds also ``due`` ("dd/mm/yyyy") and, for DUE_SOON,
  ``days`` (whole days left, 0–7).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Final

from flask_babel import gettext as _
from flask_babel import ngettext

REPORT_SUBMITTED: Final = "report_submitted"
REPORT_RETURNED: Final = "report_returned"
REPORT_ACCEPTED: Final = "report_accepted"
REPORT_REMINDER: Final = "report_reminder"
ASSIGNMENT_GIVEN: Final = "assignment_given"
ASSIGNMENT_TAKEN_BACK: Final = "assignment_taken_back"
DUE_SOON: Final = "due_soon"
DUE_PASSED: Final = "due_passed"

Params = Mapping[str, str | int]


def _report_submitted(p: Params) -> str:
    return _("%(scope)s submitted the report for %(month)s.", scope=p["scope"], month=p["month"])


def _report_returned(p: Params) -> str:
    if p.get("comment"):
        return _(
            "The report of %(scope)s for %(month)s was returned: %(comment)s",
            scope=p["scope"],
            month=p["month"],
            comment=p["comment"],
        )
    return _("The report of %(scope)s for %(month)s was returned.", **_pick(p, "scope", "month"))


def _report_accepted(p: Params) -> str:
    return _("The report of %(scope)s for %(month)s was accepted.", **_pick(p, "scope", "month"))


def _report_reminder(p: Params) -> str:
    return _(
        "Reminder: the report of %(scope)s for %(month)s has not been submitted yet.",
        **_pick(p, "scope", "month"),
    )


def _assignment_given(p: Params) -> str:
    return _("New task for %(scope)s: %(task)s", **_pick(p, "scope", "task"))


def _assignment_taken_back(p: Params) -> str:
    return _("Task taken back from %(scope)s: %(task)s", **_pick(p, "scope", "task"))


def _due_soon(p: Params) -> str:
    days = p.get("days", 0)
    num = days if isinstance(days, int) else 0
    if num == 0:
        return _("Due today (%(due)s): %(task)s", **_pick(p, "due", "task"))
    return ngettext(
        "Due in %(num)d day (%(due)s): %(task)s",
        "Due in %(num)d days (%(due)s): %(task)s",
        num,
        **_pick(p, "due", "task"),
    )


def _due_passed(p: Params) -> str:
    return _("Past its due date (%(due)s): %(task)s", **_pick(p, "due", "task"))


def _pick(p: Params, *names: str) -> dict[str, str | int]:
    return {name: p[name] for name in names}


TEXTS: Final[Mapping[str, Callable[[Params], str]]] = {
    REPORT_SUBMITTED: _report_submitted,
    REPORT_RETURNED: _report_returned,
    REPORT_ACCEPTED: _report_accepted,
    REPORT_REMINDER: _report_reminder,
    ASSIGNMENT_GIVEN: _assignment_given,
    ASSIGNMENT_TAKEN_BACK: _assignment_taken_back,
    DUE_SOON: _due_soon,
    DUE_PASSED: _due_passed,
}
KINDS: Final = frozenset(TEXTS)

# The params each kind's words need; notify() refuses a notice without them.
REQUIRED: Final[Mapping[str, tuple[str, ...]]] = {
    REPORT_SUBMITTED: ("scope", "month"),
    REPORT_RETURNED: ("scope", "month"),
    REPORT_ACCEPTED: ("scope", "month"),
    REPORT_REMINDER: ("scope", "month"),
    ASSIGNMENT_GIVEN: ("scope", "task"),
    ASSIGNMENT_TAKEN_BACK: ("scope", "task"),
    DUE_SOON: ("task", "due", "days"),
    DUE_PASSED: ("task", "due"),
}


def read_params(stored: str) -> Params:
    """A notice's stored params (JSON written by :func:`wardtasks.notices.notify`); text
    that is not such an object reads as none, so the notice shows its neutral sentence."""
    try:
        value = json.loads(stored)
    except ValueError:
        return {}
    if not isinstance(value, dict):
        return {}
    return {k: v for k, v in value.items() if isinstance(v, str | int) and not isinstance(v, bool)}


def notice_text(kind: str, params: Params) -> str:
    """The notice's sentence in the current language (the request's, or the one
    ``force_locale`` sets); a kind or params this code no longer knows (a notice written by
    an older or newer version) read as a neutral sentence, never an error."""
    text = TEXTS.get(kind)
    if text is None or any(name not in params for name in REQUIRED[kind]):
        return _("You have a new notice.")
    return text(params)
