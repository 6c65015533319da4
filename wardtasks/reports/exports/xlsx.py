"""The report as an XLSX workbook: a summary sheet and one sheet per organisation,
with real numbers, dates and percentages, printed on A4 landscape."""

from __future__ import annotations

import io
import zipfile

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from ...i18n import CATEGORY_LABELS, STATUS_LABELS
from ..report import Item, OrgSection, Report, Tally
from . import ExportMeta
from .common import (
    blocked_text,
    branch_label,
    detail_headers,
    fixed_zip,
    neutralise,
    notes_text,
    summary_headers,
    summary_numbers,
    task_headers,
    task_numbers,
    title,
)

STATUS_COLOURS = {
    "not_started": ("ECEFF1", "37474F"),
    "in_progress": ("E3F2FD", "0D47A1"),
    "done": ("E8F5E9", "1B5E20"),
    "blocked": ("FFF3E0", "E65100"),
    "cancelled": ("F5F5F5", "616161"),
}
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="EEF1F4")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="center")


def _sheet_title(name: str, used: set[str]) -> str:
    """A sheet name Excel accepts, unique in the workbook (case-insensitively)."""
    clean = "".join("_" if c in "[]:*?/\\" else c for c in name).strip("'")[:28] or "Sheet"
    title, n = clean, 2
    while title.lower() in used:
        title = f"{clean[:25]} ({n})"
        n += 1
    used.add(title.lower())
    return title


def _put(ws: Worksheet, r: int, c: int, value: object, number_format: str | None = None) -> None:
    """Write a cell; text is always text (never a formula)."""
    cell = ws.cell(row=r, column=c)
    if isinstance(value, str):
        cell.value = neutralise(value)
        cell.data_type = "s"  # never a formula
    else:
        cell.value = value
    if number_format:
        cell.number_format = number_format


def _header_row(ws: Worksheet, r: int, headers: list[str], height: float = 48) -> None:
    """A bold, shaded, wrapped header row."""
    ws.row_dimensions[r].height = height  # wrapped header labels need the room
    for c, h in enumerate(headers, start=1):
        _put(ws, r, c, h)
        cell = ws.cell(row=r, column=c)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = HEADER_ALIGNMENT


def _wrapped_lines(text: str, width: float) -> int:
    """About how many lines ``text`` takes in a wrapped column ``width`` characters wide."""
    per_line = max(int(width * 1.1), 1)
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))


def _tally_cells(ws: Worksheet, r: int, first: int, t: Tally) -> None:
    """A tally's figures from column ``first``, shares as percentages."""
    numbers = summary_numbers(t)
    plain = numbers[:-3]
    for i, n in enumerate(plain):
        _put(ws, r, first + i, n)
    c = first + len(plain)
    _put(ws, r, c, t.done / t.total if t.total else 0, "0%")
    _put(
        ws,
        r,
        c + 1,
        t.previous_done / t.previous_total if t.previous_total else 0,
        "0%",
    )
    _put(ws, r, c + 2, t.change, "+0;-0;0")


def write(report: Report, meta: ExportMeta) -> bytes:
    """The report's workbook."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None  # noqa: S101 - a new workbook always has a sheet
    used: set[str] = set()
    ws.title = _sheet_title(_("Summary"), used)
    _summary_sheet(ws, report, meta)
    for org in report.organisations:
        sheet = wb.create_sheet(_sheet_title(org.short_name or org.name, used))
        if report.detailed:
            _detail_sheet(sheet, org)
        else:
            _task_sheet(sheet, org)
    for sheet in wb.worksheets:  # printed on A4 landscape, as wide as the page
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.print_title_rows = "1:1" if sheet is not ws else None
    wb.properties.creator = "wardtasks"
    wb.properties.title = title(report)
    wb.properties.created = meta.stamp
    wb.properties.modified = meta.stamp
    wb.properties.lastModifiedBy = "wardtasks"
    buf = io.BytesIO()
    # ExcelWriter directly: openpyxl's save_workbook() would stamp "modified" with now.
    # Stored, not deflated: fixed_zip compresses every entry when it rewrites the zip.
    ExcelWriter(wb, zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED)).save()
    return fixed_zip(buf.getvalue(), meta.stamp)


def _summary_sheet(ws: Worksheet, report: Report, meta: ExportMeta) -> None:
    """The first sheet: the heading, the tallies, the difficulties and what falls due."""
    _put(ws, 1, 1, title(report))
    ws.cell(row=1, column=1).font = Font(bold=True, size=14)
    _put(ws, 2, 1, f"{_('Scope')}: {meta.scope_title}")
    _put(ws, 3, 1, f"{_('Plan')}: {report.plan_title}")
    figures = _("closed") if meta.closed else _("provisional (month not closed)")
    _put(ws, 4, 1, f"{_('Figures')}: " + figures)
    headers = [_("Organisation"), *summary_headers()]
    _header_row(ws, 6, headers)
    r = 7
    for org in report.organisations:
        _put(ws, r, 1, org.name)
        _tally_cells(ws, r, 2, org.tally)
        r += 1
    _put(ws, r, 1, _("Total"))
    _tally_cells(ws, r, 2, report.summary)
    for c in range(1, len(headers) + 1):
        ws.cell(row=r, column=c).font = BOLD
    r += 2
    if report.detailed:
        _header_row(ws, r, [_("Branch"), *summary_headers()])
        r += 1
        for org in report.organisations:
            for line in org.branches:
                _put(ws, r, 1, line.label)
                _tally_cells(ws, r, 2, line.tally)
                r += 1
        r += 1
    r = _difficulties(ws, r, report)
    _due_next_month(ws, r + 1, report)
    ws.column_dimensions["A"].width = 42
    for c in range(2, len(headers) + 1):
        ws.column_dimensions[get_column_letter(c)].width = 13
    ws.freeze_panes = "B7"


def _difficulties(ws: Worksheet, r: int, report: Report) -> int:
    """The blocked assignments from row ``r``; returns the next free row."""
    _put(ws, r, 1, _("Difficulties"))
    ws.cell(row=r, column=1).font = BOLD
    r += 1
    if report.detailed:
        for item in report.difficulties:
            _put(ws, r, 1, f"{branch_label(item)} – {item.task}")
            _put(ws, r, 2, item.last_note)
            r += 1
    else:  # one row per task: its blocked branches and their notes
        for task, items in report.difficulties_by_task:
            _put(ws, r, 1, f"{task} ({items[0].organisation_short})")
            _put(ws, r, 2, blocked_text(items))
            r += 1
    if not report.difficulties:
        _put(ws, r, 1, _("None reported."))
        r += 1
    return r


def _due_next_month(ws: Worksheet, r: int, report: Report) -> None:
    """What falls due next month, from row ``r``."""
    _put(ws, r, 1, _("Due next month (%(period)s)", period=report.next_period))
    ws.cell(row=r, column=1).font = BOLD
    r += 1
    for item in report.next_month:
        _put(ws, r, 1, f"{branch_label(item)} – {item.task}")
        _put(ws, r, 2, item.due, "DD/MM/YYYY")
        r += 1
    for u in report.next_month_counts:
        _put(ws, r, 1, f"{u.task} ({u.organisation_short})")
        _put(ws, r, 2, u.due, "DD/MM/YYYY")
        _put(ws, r, 3, _("%(count)d not finished", count=u.count))
        r += 1


def _task_sheet(sheet: Worksheet, org: OrgSection) -> None:
    """An organisation's sheet in the ward's workbook: one row per task."""
    headers = task_headers()
    _header_row(sheet, 1, headers)
    r = 2
    for task in org.tasks:
        _put(sheet, r, 1, task.title)
        sheet.cell(row=r, column=1).alignment = WRAP
        for c, n in enumerate(task_numbers(task.tally)[:-1], start=2):
            _put(sheet, r, c, n)
        t = task.tally
        _put(sheet, r, len(headers), t.done / t.total if t.total else 0, "0%")
        r += 1
    sheet.column_dimensions["A"].width = 50
    for c in range(2, len(headers) + 1):
        sheet.column_dimensions[get_column_letter(c)].width = 12
    sheet.freeze_panes = "B2"


DETAIL_WIDTHS = (28, 28, 44, 18, 11, 12, 12, 9, 24, 60)


def _detail_sheet(sheet: Worksheet, org: OrgSection) -> None:
    """An organisation's sheet in its own report: one row per assignment."""
    _header_row(sheet, 1, detail_headers(), height=32)
    r = 2
    for task in org.tasks:
        for item in task.items:
            _detail_row(sheet, r, item)
            r += 1
    for c, width in enumerate(DETAIL_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(DETAIL_WIDTHS))}{max(r - 1, 1)}"


def _detail_row(sheet: Worksheet, r: int, item: Item) -> None:
    """One assignment's row, its status coloured, as tall as its wrapped text."""
    _put(sheet, r, 1, item.organisation)
    _put(sheet, r, 2, branch_label(item))
    _put(sheet, r, 3, item.task)
    _put(sheet, r, 4, str(STATUS_LABELS[item.status]))
    fill, colour = STATUS_COLOURS[item.status]
    sheet.cell(row=r, column=4).fill = PatternFill("solid", fgColor=fill)
    sheet.cell(row=r, column=4).font = Font(color=colour, bold=True)
    _put(sheet, r, 5, item.progress / 100, "0%")
    _put(sheet, r, 6, item.due, "DD/MM/YYYY")
    _put(sheet, r, 7, item.done_on, "DD/MM/YYYY")
    _put(sheet, r, 8, _("yes") if item.overdue else "")
    if item.overdue:
        sheet.cell(row=r, column=8).font = Font(color="B71C1C", bold=True)
    _put(sheet, r, 9, str(CATEGORY_LABELS[item.category]) if item.category else "")
    _put(sheet, r, 10, notes_text(item))
    for c in (4, 5, 6, 7, 8):
        sheet.cell(row=r, column=c).alignment = TOP
    lines = 1
    for c in (1, 2, 3, 9, 10):
        cell = sheet.cell(row=r, column=c)
        cell.alignment = WRAP
        lines = max(lines, _wrapped_lines(str(cell.value or ""), DETAIL_WIDTHS[c - 1]))
    # Spreadsheet programs do not grow rows for wrapped text on opening.
    sheet.row_dimensions[r].height = 15 * lines
