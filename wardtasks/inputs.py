"""Whole numbers from what users and addresses send: the one reading of an id, an index,
a year, a percentage or a version in a query string or a form."""

from __future__ import annotations

import re

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
