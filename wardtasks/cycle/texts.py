"""The month's submitted reports as the monthly report's DOCX prints them (issue 18, item 5)."""

from __future__ import annotations

import hashlib

from ..models import REPORT_TEXTS
from ..reports.exports import UnitTexts
from ..scope import Scope
from .forms import STATE_LABELS, TEXT_LABELS
from .services import submitted_texts


def month_unit_texts(year: int, month: int, scope: Scope) -> list[UnitTexts]:
    """For an organisation's or the ward's report: each unit's last submission that was
    not returned (the organisation's own first, then its branches'), in words."""
    found = []
    for unit, sent in submitted_texts(year, month, scope):
        state = STATE_LABELS["accepted" if sent.outcome == "accepted" else "submitted"]
        parts = [(TEXT_LABELS[name], getattr(sent, name)) for name in REPORT_TEXTS]
        found.append(UnitTexts(unit.name, state, parts))
    return found


def texts_stamp(texts: list[UnitTexts]) -> str:
    """A short hash of ``texts``: a cached file is kept under it."""
    return hashlib.blake2b(repr(texts).encode(), digest_size=8).hexdigest() if texts else ""
