"""Forms of the reporting cycle: a report's four texts, a review, a reminder."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, TextAreaField
from wtforms.validators import Length

from ..i18n import N_, Labels
from ..inputs import Form
from .services import TEXT_MAX

_TOO_LONG = _l("At most %(max)d characters.", max=TEXT_MAX)

# The four parts of a report, as its author writes them and every page and file names them.
TEXT_LABELS = Labels(
    {
        "results": N_("Results"),
        "difficulties": N_("Difficulties and obstacles"),
        "proposals": N_("Proposals and recommendations"),
        "direction": N_("Direction for next month"),
    }
)
# The state of a month's report; "none": not started.
STATE_LABELS = Labels(
    {
        "none": N_("Not written yet"),
        "draft": N_("Draft"),
        "submitted": N_("Submitted, awaiting review"),
        "returned": N_("Returned for correction"),
        "accepted": N_("Accepted"),
    }
)


class ReportForm(Form):
    """A report's texts; the button pressed (``action``) saves a draft or submits."""

    results = TextAreaField(_l("Results"), [Length(max=TEXT_MAX, message=_TOO_LONG)])
    difficulties = TextAreaField(
        _l("Difficulties and obstacles"), [Length(max=TEXT_MAX, message=_TOO_LONG)]
    )
    proposals = TextAreaField(
        _l("Proposals and recommendations"), [Length(max=TEXT_MAX, message=_TOO_LONG)]
    )
    direction = TextAreaField(
        _l("Direction for next month"), [Length(max=TEXT_MAX, message=_TOO_LONG)]
    )
    version = HiddenField()


class ReviewForm(Form):
    """Accept or return (the button pressed) the submission the reviewer read (``number``)."""

    comment = TextAreaField(
        _l("Comment (required to return the report)"), [Length(max=TEXT_MAX, message=_TOO_LONG)]
    )
    number = HiddenField()


class RemindForm(Form):
    """Remind every late unit of the month (``target`` "late") or one (``branch-3``)."""

    month = HiddenField()
    target = HiddenField()
