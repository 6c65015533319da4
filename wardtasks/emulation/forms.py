"""Forms of the emulation pages: the weights, reopening a period."""

from __future__ import annotations

import re
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from ..inputs import Form
from .scores import CRITERIA
from .weights import WEIGHT_LIMIT

_SIGNED = re.compile(r"-?[0-9]{1,3}")


class WeightField(IntegerField):
    """A whole number, negative allowed (overdue items cost points), ASCII digits only."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist:
            return
        raw = str(valuelist[0]).strip().replace("−", "-")
        self.data = int(raw) if _SIGNED.fullmatch(raw) else None
        if raw and self.data is None:
            raise ValueError(_l("Enter a whole number (a minus sign for points taken away)."))


def _weight_field(label: Any) -> WeightField:
    return WeightField(
        label,
        validators=[
            InputRequired(message=_l("Please fill in this field.")),
            NumberRange(
                -WEIGHT_LIMIT,
                WEIGHT_LIMIT,
                message=_l("From %(min)d to %(max)d.", min=-WEIGHT_LIMIT, max=WEIGHT_LIMIT),
            ),
        ],
    )


class WeightsForm(Form):
    """One weight per criterion (fields named after :data:`~.scores.CRITERIA`)."""


for _criterion in CRITERIA:
    setattr(WeightsForm, _criterion.key, _weight_field(_criterion.label))


class ReopenPeriodForm(Form):
    """Reopen a closed period: a reason is required and kept."""

    reason = TextAreaField(
        _l("Reason for reopening"),
        validators=[
            DataRequired(message=_l("Please give the reason for reopening the period.")),
            Length(max=1000, message=_l("At most %(max)d characters.", max=1000)),
        ],
    )
