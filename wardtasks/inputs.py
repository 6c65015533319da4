"""Whole numbers from what users and addresses send: the one reading of an id, an index,
a year, a percentage or a version in an address, a query string or a form."""

from __future__ import annotations

import re

from werkzeug.routing import IntegerConverter, ValidationError

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
