"""The import form: pasted text or an uploaded file, the year, how to read the shared paragraph."""

from __future__ import annotations

from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, StringField, TextAreaField, ValidationError

from ..inputs import Form, whole_number

# What a plan's state and a closed plan's open work are called, on the plan pages and in
# the audit trail.
PLAN_STATE_LABELS = {
    "draft": _l("Draft"),
    "active": _l("Active"),
    "closed": _l("Closed"),
}
OUTCOME_LABELS = {
    "carry": _l("Carried into the next plan"),
    "not_done": _l("Marked not done"),
}


class ImportForm(Form):
    """Paste the key-task text or upload a .txt / .docx file."""

    text = TextAreaField(_l("Paste the text of the key-task list"))
    upload = FileField(_l("… or upload a .txt or .docx file"))
    year = StringField(_l("Year of the plan"))
    split_shared = BooleanField(
        _l("Split the shared paragraph into one task per clause (at semicolons)")
    )

    def validate_year(self, field: StringField) -> None:
        """Empty (the year is read from the text) or a year between 2000 and 2100."""
        raw = (field.data or "").strip()
        year = whole_number(raw)
        if raw and not (year is not None and 2000 <= year <= 2100):
            raise ValidationError(_l("A year between 2000 and 2100."))

    @property
    def year_value(self) -> int | None:
        """The year typed, if any."""
        raw = (self.year.data or "").strip()
        return whole_number(raw)


class SupportForm(Form):
    """Lead and supporting organisations for ticked tasks of a plan (the ticked tasks and
    supporters come as ``task`` and ``supporter`` values)."""

    class Meta:
        csrf = False  # CSRFProtect checks every POST already

    lead = StringField(_l("Lead organisation (chủ trì)"))

    def validate_lead(self, field: StringField) -> None:
        """One organisation's id."""
        if whole_number((field.data or "").strip()) is None:
            raise ValidationError(_l("Choose the lead organisation."))

    @property
    def lead_id(self) -> int | None:
        return whole_number((self.lead.data or "").strip())

    def ids(self, name: str) -> list[int]:
        """The whole numbers sent as ``name`` (ticked boxes); anything else is left out."""
        return [n for v in request.form.getlist(name) if (n := whole_number(v)) is not None]
