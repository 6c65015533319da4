"""The user's e-mail settings for the daily digest."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from wtforms import BooleanField, Field, StringField
from wtforms.validators import Length, ValidationError

from ..inputs import Form

EMAIL_MAX = 254
# One address, as people type them: something@domain.tld, no spaces, no second "@".
_ADDRESS = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")


def _address(_form: Form, field: Field) -> None:
    if field.data and not _ADDRESS.fullmatch(field.data):
        raise ValidationError(_l("Type one e-mail address, e.g. ten@phuong.gov.vn."))


class EmailSettingsForm(Form):
    """The address the digest goes to, and whether to send it."""

    email = StringField(
        _l("E-mail address"),
        validators=[
            Length(
                max=EMAIL_MAX,
                message=lazy_ngettext(
                    "At most %(num)d character.", "At most %(num)d characters.", EMAIL_MAX
                ),
            ),
            _address,
        ],
    )
    email_digest = BooleanField(_l("Send me a daily e-mail of my new notices"))

    def validate_email_digest(self, field: Field) -> None:
        if field.data and not self.email.data:
            raise ValidationError(_l("Type the address the daily e-mail goes to."))
