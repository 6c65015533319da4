"""Downloads of a report: exactly what the page shows, as XLSX, CSV or DOCX.

Each format is a module of its own, imported when a file of that format is first
asked for: openpyxl and python-docx are large, and a worker that only serves pages
never loads them (issue 13: a page-serving worker stays within its memory bound).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from dataclasses import dataclass, field, fields, is_dataclass, replace
from datetime import datetime
from typing import Any, TypeVar

from ...inputs import printable
from ...models import Plan
from ...scope import Scope
from ..report import Report

T = TypeVar("T")

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MIMETYPES = {"xlsx": XLSX_MIME, "csv": "text/csv", "docx": DOCX_MIME}
FORMATS = tuple(MIMETYPES)


@dataclass
class UnitTexts:
    """A branch's or an organisation's monthly report as submitted (the reporting cycle):
    who, its state in words, and its parts (label, text) in order."""

    title: str
    state: str
    parts: list[tuple[str, str]]


@dataclass
class ExportMeta:
    """What a file says beyond the report: its scope's name, the report settings, and
    the time it carries (the close time of a closed month, so downloads are identical)."""

    scope_title: str
    settings: dict[str, str]
    stamp: datetime  # naive UTC: the close time of a closed month, else now
    closed: bool
    # The units' submitted reports of the month the DOCX prints (the reporting cycle).
    unit_texts: list[UnitTexts] = field(default_factory=list)
    # The scope's targets at the month's end, one sentence each (every file prints them).
    targets: list[str] = field(default_factory=list)


def export(fmt: str, report: Report, meta: ExportMeta) -> tuple[bytes | Iterator[bytes], str]:
    """The file of ``report`` in ``fmt`` (one of :data:`FORMATS`) and its MIME type: its
    bytes, or its pieces in order for a format written as it is sent (CSV)."""
    if fmt not in MIMETYPES:
        raise KeyError(fmt)
    module = importlib.import_module(f"{__name__}.{fmt}")
    # A format that makes each text printable as it writes it needs no copy first.
    shown = report if getattr(module, "CLEANS_TEXT", False) else printable_copy(report)
    return module.write(shown, printable_copy(meta)), MIMETYPES[fmt]


def live_csv(
    plan: Plan, year: int, month: int, scope: Scope, org_level_label: str, meta: ExportMeta
) -> tuple[Iterator[bytes], str]:
    """A live month's CSV file for ``scope`` and its MIME type, written from the month's
    rows rather than its report (see :func:`.csv.write_month`): what :func:`export` gives
    for the month's report, byte for byte."""
    module = importlib.import_module(f"{__name__}.csv")
    body = module.write_month(plan, year, month, scope, org_level_label, printable_copy(meta))
    return body, MIMETYPES["csv"]


def printable_copy(value: T) -> T:
    """``value`` (a report, its parts, the export's settings) with every text in it made
    :func:`~wardtasks.inputs.printable`: a control character stored before forms refused
    them (a note with Word's line break, a setting with \\x01) must not stop every later
    file of its month, in any format. A copy: the report may be kept in the cache."""
    return _printable(value)


def _printable(value: Any) -> Any:
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, list):
        return [_printable(v) for v in value]
    if isinstance(value, dict):
        return {k: _printable(v) for k, v in value.items()}
    if isinstance(value, tuple):
        items = [_printable(v) for v in value]
        return type(value)(*items) if hasattr(value, "_fields") else tuple(items)
    if is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _printable(getattr(value, f.name)) for f in fields(value) if f.init}
        return replace(value, **changes)
    return value
