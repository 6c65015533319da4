"""The target form of a task, and the measured value of a status update."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, StringField
from wtforms.validators import Optional, ValidationError

from ..admin.forms import WholeNumberField, at_most, required
from ..inputs import Form
from ..models import TARGET_DIRECTIONS

DIRECTION_LABELS = {"at_least": _l("Reach at least"), "at_most": _l("Keep at most")}


class TargetForm(Form):
    """A task's target: what is counted, in what unit, which way, how much per branch
    and/or for the organisation, and where it started."""

    measure = StringField(_l("Measure (what is counted)"), validators=[required(), at_most(200)])
    unit = StringField(_l("Unit"), validators=[at_most(40)])
    direction = RadioField(
        _l("Direction"),
        choices=[(d, DIRECTION_LABELS[d]) for d in TARGET_DIRECTIONS],
        default="at_least",
        validate_choice=False,
    )
    branch_value = WholeNumberField(_l("Target for each branch"), validators=[Optional()])
    organisation_value = WholeNumberField(
        _l("Target for the organisation as a whole"), validators=[Optional()]
    )
    baseline = WholeNumberField(_l("Baseline (at the start of the year)"), validators=[Optional()])

    def validate_direction(self, field: Any) -> None:
        if field.data not in TARGET_DIRECTIONS:
            raise ValidationError(_l("Choose one of the options."))

    def validate_organisation_value(self, field: Any) -> None:
        if field.data is None and self.branch_value.data is None and not self.branch_value.errors:
            raise ValidationError(
                _l("Give the target for each branch, for the organisation, or both.")
            )
