"""Downloads of a report: exactly what the page shows, as XLSX, CSV or DOCX.

Each format is a module of its own, imported when a file of that format is first
asked for: openpyxl and python-docx are large, and a worker that only serves pages
never loads them (issue 13: a page-serving worker stays within its memory bound).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import datetime

from ..report import Report

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MIMETYPES = {"xlsx": XLSX_MIME, "csv": "text/csv", "docx": DOCX_MIME}
FORMATS = tuple(MIMETYPES)


@dataclass
class ExportMeta:
    """What a file says beyond the report: its scope's name, the report settings, and
    the time it carries (the close time of a closed month, so downloads are identical)."""

    scope_title: str
    settings: dict[str, str]
    stamp: datetime  # naive UTC: the close time of a closed month, else now
    closed: bool


def export(fmt: str, report: Report, meta: ExportMeta) -> tuple[bytes, str]:
    """The file of ``report`` in ``fmt`` (one of :data:`FORMATS`) and its MIME type."""
    if fmt not in MIMETYPES:
        raise KeyError(fmt)
    module = importlib.import_module(f"{__name__}.{fmt}")
    return module.write(report, meta), MIMETYPES[fmt]
