"""The target form of a task, and the measured value of a status update."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import Optional, ValidationError

from ..inputs import Form, WholeNumberField, at_most, required
from ..models import TARGET_DIRECTIONS

DIRECTION_LABELS = {"at_least": _l("Reach at least"), "at_most": _l("Keep at most")}


class TargetForm(Form):
    """A task's target: what is counted, in what unit, which way, how much per branch
    and/or for the organisation, and where it started."""

    measure = StringField(_l("Measure (what is counted)"), validators=[required(), at_most(200)])
    unit = StringField(_l("Unit"), validators=[at_most(40)])
    direction = StringField(_l("Direction"), default="at_least")
    branch_value = WholeNumberField(_l("Target for each branch"), validators=[Optional()])
    organisation_value = WholeNumberField(
        _l("Target for the organisation as a whole"), validators=[Optional()]
    )
    baseline = WholeNumberField(_l("Baseline (at the start of the year)"), validators=[Optional()])

    def validate_direction(self, field: Any) -> None:
        if field.data not in TARGET_DIRECTIONS:
            raise ValidationError(_l("Choose one of the options."))

    def validate(self, extra_validators: Any = None) -> bool:
        """Every field, then: a value for the branches, the organisation or both (the
        values' own ``Optional`` stops their chains when empty)."""
        valid = super().validate(extra_validators)
        values = (self.branch_value, self.organisation_value)
        if all(f.data is None and not f.errors for f in values):
            self.organisation_value.errors = [
                *self.organisation_value.errors,
                _l("Give the target for each branch, for the organisation, or both."),
            ]
            return False
        return valid
