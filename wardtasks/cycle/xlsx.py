"""The submission board as an XLSX workbook: the month's table (who sent, when, how late)
and the twelve months per unit with each organisation's submission rate."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from datetime import datetime

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.writer.excel import ExcelWriter

from ..dates import format_date, format_datetime
from ..inputs import printable
from ..reports.exports.common import fixed_zip, neutralise
from .board import Board, Cell, timeliness

BOLD = Font(bold=True)


def _text(value: str) -> str:
    return neutralise(printable(value))


def _late(cell: Cell) -> int | str:
    return cell.late_days if cell.late_days else ""


def board_workbook(board: Board, state_labels: Mapping[str, str]) -> bytes:
    """The workbook of ``board`` (states named by ``state_labels``)."""
    wb = Workbook()
    month = wb.active
    assert month is not None  # noqa: S101 - a new workbook has its sheet
    month.title = _("Month %(month)02d-%(year)d", month=board.month, year=board.year)
    month.append(
        [_("Submission of monthly reports, %(period)s", period=f"{board.month:02d}/{board.year}")]
    )
    month["A1"].font = Font(bold=True, size=14)
    headers = [
        _("Organisation"),
        _("Report of"),
        _("State"),
        _("Deadline"),
        _("First submitted"),
        _("Last submitted"),
        _("Days late"),
    ]
    month.append(headers)
    for c in month[2]:
        c.font = BOLD
    for unit in board.units:
        cell = board.now(unit)
        month.append(
            [
                _text(unit.organisation_short or unit.organisation_name),
                _text(unit.name),
                state_labels[cell.state],
                format_date(cell.deadline),
                format_datetime(cell.first_submitted_at),
                format_datetime(cell.last_submitted_at),
                _late(cell),
            ]
        )
    for col, width in zip("ABCDEFG", (14, 34, 26, 12, 17, 17, 10), strict=True):
        month.column_dimensions[col].width = width

    year = wb.create_sheet(_("12 months"))
    labels = [f"{m:02d}/{y}" for y, m in board.months]
    year.append([_("Organisation"), _("Report of"), *labels])
    for c in year[1]:
        c.font = BOLD
    for org_id, short in board.rate_organisations:
        rates = [board.rate(org_id, y, m) for y, m in board.months]
        year.append(
            [
                _text(short),
                _("Branches that submitted (%)"),
                *[r.percent if r.counted else "" for r in rates],
            ]
        )
        for c in year[year.max_row]:
            c.font = BOLD
        for unit in board.branches_of(org_id):
            year.append(
                [
                    _text(short),
                    _text(unit.name),
                    *[timeliness(board.cell(unit, y, m)) for y, m in board.months],
                ]
            )
    for unit in board.organisations:
        year.append(
            [
                _text(unit.organisation_short),
                _text(unit.name),
                *[timeliness(board.cell(unit, y, m)) for y, m in board.months],
            ]
        )
    year.column_dimensions["A"].width = 14
    year.column_dimensions["B"].width = 34
    # Dated the board's month, not the moment of the download (openpyxl's ``save`` stamps
    # the file and its zip entries with the clock): an unchanged board downloads as the
    # same bytes, so a download resumed with a Range header gets the same file.
    stamp = datetime(board.year, board.month, 1)
    wb.properties.created = wb.properties.modified = stamp
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    return fixed_zip(buf.getvalue(), stamp)
