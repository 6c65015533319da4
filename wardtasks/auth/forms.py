"""Login and password forms."""

from __future__ import annotations

import unicodedata
from functools import cache
from importlib import resources

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from flask_wtf import FlaskForm
from wtforms import Field, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from ..inputs import Form

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 200


@cache
def common_passwords() -> frozenset[str]:
    """The list of common passwords shipped with the package (case-folded)."""
    text = resources.files("wardtasks.auth").joinpath("common_passwords.txt").read_text("utf-8")
    return frozenset(
        line.strip().casefold() for line in text.splitlines() if line.strip() and line[0] != "#"
    )


def is_common_password(password: str) -> bool:
    """True when ``password`` is in the shipped list (case ignored) or one character repeated."""
    folded = unicodedata.normalize("NFC", password).casefold()
    return folded in common_passwords() or len(set(folded)) <= 2


def not_common(_form: FlaskForm, field: Field) -> None:
    """Refuse well-known passwords; there are no composition rules (length is what counts)."""
    if isinstance(field.data, str) and is_common_password(field.data):
        raise ValidationError(
            _l("This password is too common. Choose another, e.g. a short sentence.")
        )


REQUIRED = _l("Please fill in this field.")


class LoginForm(Form):
    """Username and password."""

    username = StringField(
        _l("Username"),
        validators=[
            DataRequired(message=REQUIRED),
            Length(
                max=60,
                message=lazy_ngettext(
                    "At most %(num)d character.", "At most %(num)d characters.", 60
                ),
            ),
        ],
    )
    password = PasswordField(
        _l("Password"),
        validators=[
            DataRequired(message=REQUIRED),
            Length(
                max=MAX_PASSWORD_LENGTH,
                message=lazy_ngettext(
                    "At most %(num)d character.", "At most %(num)d characters.", 200
                ),
            ),
        ],
    )
    next = HiddenField()


class ChangePasswordForm(Form):
    """A new password, typed twice."""

    current_password = PasswordField(
        _l("Current password"),
        validators=[
            DataRequired(message=REQUIRED),
            Length(
                max=MAX_PASSWORD_LENGTH,
                message=lazy_ngettext(
                    "At most %(num)d character.", "At most %(num)d characters.", 200
                ),
            ),
        ],
    )
    new_password = PasswordField(
        _l("New password"),
        validators=[
            DataRequired(message=REQUIRED),
            Length(
                min=MIN_PASSWORD_LENGTH,
                message=lazy_ngettext(
                    "At least %(num)d character.",
                    "At least %(num)d characters.",
                    MIN_PASSWORD_LENGTH,
                ),
            ),
            Length(
                max=MAX_PASSWORD_LENGTH,
                message=lazy_ngettext(
                    "At most %(num)d character.", "At most %(num)d characters.", 200
                ),
            ),
            not_common,
        ],
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[
            DataRequired(message=REQUIRED),
            EqualTo("new_password", message=_l("The passwords differ.")),
        ],
    )
