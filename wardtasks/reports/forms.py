"""Forms of the report pages: closing and reopening a month, the report settings."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from ..inputs import Form


class CloseMonthForm(Form):
    """Close the month shown (its month and scope ride along to come back to the page)."""

    month = HiddenField()
    scope = HiddenField()


class ReopenMonthForm(Form):
    """Reopen a closed month: a reason is required and kept."""

    month = HiddenField()
    scope = HiddenField()
    reason = TextAreaField(
        _l("Reason for reopening"),
        validators=[
            DataRequired(message=_l("Please give the reason for reopening the month.")),
            Length(max=1000, message=_l("At most %(max)d characters.", max=1000)),
        ],
    )


class ReportSettingsForm(Form):
    """What the DOCX report prints in its header and signature block."""

    ward_name = StringField(
        _l("Ward name (place of issue)"), validators=[DataRequired(), Length(max=100)]
    )
    parent_body = StringField(_l("Superior body (first line, optional)"), [Length(max=150)])
    issuing_body = StringField(_l("Issuing body"), validators=[DataRequired(), Length(max=150)])
    number_prefix = StringField(
        _l("Report number suffix (after BC-)"), validators=[DataRequired(), Length(max=30)]
    )
    signer_role = StringField(
        _l("Signing on behalf of (e.g. TM. BAN THƯỜNG TRỰC)"), [Length(max=100)]
    )
    signer_title = StringField(_l("Signer's title"), validators=[DataRequired(), Length(max=100)])
    signer_name = StringField(_l("Signer's name"), validators=[DataRequired(), Length(max=100)])
    recipients = TextAreaField(_l("Recipients (one per line)"), [Length(max=1000)])
    report_deadline = SelectField(
        _l("Monthly reports of the branches are due by"),
        choices=[
            SelectChoice("last_working_day", _l("the last working day of the month")),
            *[SelectChoice(str(d), _l("day %(day)d of the month", day=d)) for d in range(1, 32)],
        ],
        validate_choice=True,
    )
    organisation_deadline_days = SelectField(
        _l("Organisations' reports are due after the branches' by (days)"),
        choices=[SelectChoice(str(n), str(n)) for n in range(16)],
        validate_choice=True,
    )
