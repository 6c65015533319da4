"""Forms of the administration screens. Every message is the app's own (translated)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, SelectField, StringField
from wtforms.validators import NumberRange, Regexp, ValidationError

from ..inputs import Form, WholeNumberField, at_most, required, whole_number
from ..models import ROLES

USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{2,59}$")


def text_field(label: Any, max_length: int, **kwargs: Any) -> StringField:
    """A required one-line text field, limited (:class:`~wardtasks.inputs.Form` trims and
    normalises it, and refuses control characters)."""
    return StringField(label, validators=[required(), at_most(max_length)], **kwargs)


def _id(value: Any) -> int:
    """An id chosen in a select (0 = none), read as every id is."""
    number = value if isinstance(value, int) else whole_number(value)
    if number is None:
        raise ValueError(value)
    return number


class ChoiceField(SelectField):
    """A select of integer ids (0 = none) with translated errors."""

    def __init__(self, label: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("coerce", _id)
        kwargs.setdefault("validate_choice", True)
        super().__init__(label, **kwargs)

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist:
            return
        try:
            self.data = self.coerce(valuelist[0])
        except (ValueError, TypeError):
            self.data = None
            raise ValueError(_l("Choose one of the options.")) from None

    def pre_validate(self, form: FlaskForm) -> None:
        if self.choices is None:
            return
        if self.data not in choice_values(self):
            raise ValidationError(_l("Choose one of the options."))


def choice_values(field: SelectField) -> set[Any]:
    """The values a select offers."""
    choices = field.choices or []
    if isinstance(choices, dict):  # the shorthand {value: label}
        return set(choices)
    return {getattr(c, "value", c[0] if isinstance(c, tuple) else c) for c in choices}


def number_range(low: int, high: int) -> NumberRange:
    return NumberRange(
        min=low,
        max=high,
        message=_l("Enter a number from %(low)d to %(high)d.", low=low, high=high),
    )


class OrganisationForm(Form):
    """Create or rename an organisation."""

    code = StringField(
        _l("Code"),
        validators=[
            required(),
            at_most(20),
            Regexp(
                r"^[A-Za-z0-9_-]+$",
                message=_l("Use only unaccented letters, digits, - and _."),
            ),
        ],
    )
    name = text_field(_l("Full name"), 200)
    short_name = text_field(_l("Short name"), 60)
    sort_order = WholeNumberField(
        _l("Display order"), default=0, validators=[number_range(0, 9999)]
    )


class BlockForm(Form):
    """Create or rename a residential block."""

    number = WholeNumberField(_l("Number"), validators=[number_range(1, 9999)])
    name = text_field(_l("Name"), 100)


class BranchForm(Form):
    """Create or rename a branch."""

    organisation_id = ChoiceField(_l("Organisation"))
    block_id = ChoiceField(_l("Block"))
    name = text_field(_l("Name"), 200)
    sort_order = WholeNumberField(
        _l("Display order"), default=0, validators=[number_range(0, 9999)]
    )


class UserForm(Form):
    """A user's name, role and scope (organisation for leaders, branch for branch heads)."""

    full_name = text_field(_l("Full name"), 120)
    role = SelectField(_l("Role"), choices={r: r for r in ROLES}, validate_choice=False)
    organisation_id = ChoiceField(_l("Organisation"))
    branch_id = ChoiceField(_l("Branch"))

    def validate_role(self, field: Field) -> None:
        if field.data not in ROLES:
            raise ValidationError(_l("Choose one of the options."))

    def validate_organisation_id(self, field: Field) -> None:
        if self.role.data == "leader" and not field.data:
            raise ValidationError(_l("A leader needs an organisation."))

    def validate_branch_id(self, field: Field) -> None:
        if self.role.data == "branch_head" and not field.data:
            raise ValidationError(_l("A branch head needs a branch."))


class NewUserForm(UserForm):
    """A new user: also the login name."""

    username = StringField(
        _l("Username"),
        validators=[
            required(),
            Regexp(
                USERNAME_PATTERN,
                message=_l(
                    "3 to 60 characters: unaccented lower-case letters, digits, dot, - and _."
                ),
            ),
        ],
        filters=[lambda v: v.strip().lower() if isinstance(v, str) else v],
    )


def set_choices(field: ChoiceField, rows: Sequence[tuple[int, str]], none_label: Any) -> None:
    """Fill a select with ``rows`` after a first "none" option (value 0)."""
    field.choices = {0: str(none_label), **dict(rows)}
