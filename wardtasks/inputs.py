"""What users and addresses send, read once: whole numbers (an id, an index, a year, a
percentage or a version in an address, a query string or a form) and typed text (every text
field of every form, through :class:`Form`), and the fields and checks the areas' forms
share (:class:`WholeNumberField`, :func:`required`, :func:`at_most`)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from flask_wtf import FlaskForm
from werkzeug.routing import IntegerConverter, ValidationError
from wtforms import Field, HiddenField, IntegerField, PasswordField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, StopValidation

# At most nine digits: every id and version fits PostgreSQL's integer column, so a long
# number in an address is "not found", never an out-of-range error.
_WHOLE = re.compile(r"[0-9]{1,9}")


def whole_number(text: object) -> int | None:
    """``text`` as a non-negative integer when it is one to nine ASCII digits, else None.

    ``str.isdigit()`` would also accept "²" (``int()`` then raises) and "٣" (``int()``
    reads 3): neither is a number anyone typed here.
    """
    if not isinstance(text, str):
        return None
    return int(text) if _WHOLE.fullmatch(text) else None


class WholeNumberConverter(IntegerConverter):
    """The ``<int:…>`` of every route, read by :func:`whole_number`: an id of twenty
    digits (beyond SQLite's and PostgreSQL's integers) or of other scripts' digits
    ("٣", which Werkzeug's ``\\d+`` matches and ``int()`` reads as 3) is not found."""

    regex = r"[0-9]+"

    def to_python(self, value: str) -> int:
        number = whole_number(value)
        if number is None:
            raise ValidationError()
        return number


# --- Typed text: one reading of every text field of every form ---

# Word's line break (vertical tab) and page break (form feed), and CR LF or a lone CR from
# other systems: all are line breaks, written "\n".
_LINE_BREAKS = re.compile(r"\r\n?|[\x0b\x0c]")
# What no text may hold: control characters other than tab and line feed (NUL included:
# PostgreSQL refuses it), lone surrogates, and the two non-characters XML cannot carry.
# openpyxl and python-docx raise on each of them, so a stored one broke every export.
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

CONTROL_CHARACTERS = _l(
    "This text contained invisible control characters (often copied from another program); "
    "they have been removed. Check the text and save again."
)


def normalise_text(text: str, *, one_line: bool = False) -> str:
    """Typed ``text`` as it is stored: NFC (Vietnamese keyboards may send decomposed
    accents), every line break as "\\n" (in a one-line field, line breaks and tabs as
    spaces), trimmed. Characters :func:`printable` drops are left for the caller to refuse."""
    text = _LINE_BREAKS.sub("\n", unicodedata.normalize("NFC", text))
    if one_line:
        text = text.replace("\n", " ").replace("\t", " ")
    return text.strip()


def has_forbidden_characters(text: str) -> bool:
    """Whether ``text`` holds a character no field may store (see :func:`printable`)."""
    return _FORBIDDEN.search(text) is not None


def printable(text: str) -> str:
    """``text`` with line breaks as "\\n" and the characters no file format can hold
    removed: what exports write of anything stored, also before this rule existed.

    Text Python calls printable (no control character, surrogate or non-character: every
    character the two patterns match is one it is not) is returned as it is, without the
    two substitutions: most cells of a file are such text (a peer ward's CSV has 3,500)."""
    if text.isprintable():
        return text
    return _FORBIDDEN.sub("", _LINE_BREAKS.sub("\n", text))


def _is_typed_text(field: Field) -> bool:
    # Hidden fields carry what the app wrote (their readers check them); a password is
    # compared and hashed as typed, never shown or exported.
    return isinstance(field, StringField) and not isinstance(field, HiddenField | PasswordField)


def _normaliser(one_line: bool) -> Callable[[Any], Any]:
    def normalise(value: Any) -> Any:
        return normalise_text(value, one_line=one_line) if isinstance(value, str) else value

    return normalise


def _refuse_forbidden(_form: Any, field: Field) -> None:
    """Refuse the control characters :func:`normalise_text` left; the field shows the text
    without them, so that saving again works once the user has checked it."""
    if isinstance(field.data, str) and has_forbidden_characters(field.data):
        field.data = printable(field.data)
        raise StopValidation(str(CONTROL_CHARACTERS))


class Form(FlaskForm):
    """The base of every form of the app: each field a user types text into is normalised
    (:func:`normalise_text`; one line unless it is a text area) before its own filters,
    and refused first of all, with a message next to it, when it holds a control character
    no file or database could keep."""

    class Meta:
        def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Field:
            field: Field = super().bind_field(form, unbound_field, options)  # type: ignore[misc]
            if _is_typed_text(field):
                one_line = not isinstance(field, TextAreaField)
                field.filters = (_normaliser(one_line), *field.filters)
                field.validators = [_refuse_forbidden, *field.validators]
            return field


def required() -> DataRequired:
    return DataRequired(message=_l("Please fill in this field."))


def at_most(num: int) -> Length:
    return Length(
        max=num,
        message=lazy_ngettext("At most %(num)d character.", "At most %(num)d characters.", num),
    )


class WholeNumberField(IntegerField):
    """An integer field read by :func:`~wardtasks.inputs.whole_number` (ASCII digits:
    ``int()`` would take "٣" as 3 and "1_000" as 1000), with our own message."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist:
            return
        raw = str(valuelist[0]).strip()
        self.data = whole_number(raw) if raw else None
        if raw and self.data is None:
            raise ValueError(_l("Enter a whole number."))
