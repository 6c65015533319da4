"""The report as an XLSX workbook: a summary sheet and one sheet per organisation,
with real numbers, dates and percentages, printed on A4 landscape; written in openpyxl's
write-only mode, row by row."""

from __future__ import annotations

import io
import zipfile
from copy import copy

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from ...i18n import CATEGORY_LABELS, STATUS_LABELS
from ...inputs import printable
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
TITLE_FONT = Font(bold=True, size=14)
HEADER_FILL = PatternFill("solid", fgColor="EEF1F4")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="center")
# Each text is made printable as it is written (no copy of the whole report first).
CLEANS_TEXT = True


def _sheet_title(name: str, used: set[str]) -> str:
    """A sheet name Excel accepts, unique in the workbook (case-insensitively)."""
    clean = "".join("_" if c in "[]:*?/\\" else c for c in name).strip("'")[:28] or "Sheet"
    title, n = clean, 2
    while title.lower() in used:
        title = f"{clean[:25]} ({n})"
        n += 1
    used.add(title.lower())
    return title


class _Sheet:
    """A write-only sheet (openpyxl's write-only mode: each row goes to the file as it is
    appended, no cell objects kept) and the number of its next row. Column widths and
    frozen panes are set before the first row (the file has them before its rows)."""

    def __init__(self, ws: WriteOnlyWorksheet) -> None:
        self.ws = ws
        self.r = 1
        # Each combination of styles registered once: setting a style on a cell hashes
        # it against the workbook's (most of a detailed sheet's time); later cells copy
        # the registered indices.
        self._styles: dict[tuple[object, ...], StyleArray] = {}

    def cell(
        self,
        value: object,
        number_format: str | None = None,
        *,
        font: Font | None = None,
        fill: PatternFill | None = None,
        alignment: Alignment | None = None,
    ) -> Cell:
        """A cell; text is always text (never a formula), made printable."""
        if isinstance(value, str):
            cell = WriteOnlyCell(self.ws, value=neutralise(printable(value)))
            cell.data_type = "s"  # never a formula
        else:
            cell = WriteOnlyCell(self.ws, value=value)
        if not (number_format or font or fill or alignment):
            return cell
        key = (number_format, id(font), id(fill), id(alignment))
        style = self._styles.get(key)
        if style is None:
            if number_format:
                cell.number_format = number_format
            if font is not None:
                cell.font = font
            if fill is not None:
                cell.fill = fill
            if alignment is not None:
                cell.alignment = alignment
            # Keyed by the objects' ids: every style passed is a module constant.
            self._styles[key] = copy(cell._style)
        else:
            cell._style = copy(style)
        return cell

    def row(self, *cells: object, height: float | None = None) -> None:
        """Append a row of cells (or plain values) ``height`` points tall if given."""
        if height is not None:
            self.ws.row_dimensions[self.r].height = height
        self.ws.append([c if isinstance(c, Cell) else self.cell(c) for c in cells])
        self.r += 1

    def header(self, headers: list[str], height: float = 48) -> None:
        """A bold, shaded, wrapped header row (wrapped labels need the room)."""
        cells = [
            self.cell(h, font=BOLD, fill=HEADER_FILL, alignment=HEADER_ALIGNMENT) for h in headers
        ]
        self.row(*cells, height=height)

    def widths(self, widths: dict[int, float]) -> None:
        for c, width in widths.items():
            self.ws.column_dimensions[get_column_letter(c)].width = width


def _wrapped_lines(text: str, width: float) -> int:
    """About how many lines ``text`` takes in a wrapped column ``width`` characters wide."""
    per_line = max(int(width * 1.1), 1)
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))


def _tally_cells(sheet: _Sheet, t: Tally, font: Font | None = None) -> list[Cell]:
    """A tally's figures, shares as percentages."""
    plain = summary_numbers(t)[:-3]
    return [
        *(sheet.cell(n, font=font) for n in plain),
        sheet.cell(t.done / t.total if t.total else 0, "0%", font=font),
        sheet.cell(t.previous_done / t.previous_total if t.previous_total else 0, "0%", font=font),
        sheet.cell(t.change, "+0;-0;0", font=font),
    ]


def write(report: Report, meta: ExportMeta) -> bytes:
    """The report's workbook, written sheet by sheet, row by row."""
    wb = Workbook(write_only=True)
    used: set[str] = set()
    _summary_sheet(_new_sheet(wb, _("Summary"), used, titled=False), report, meta)
    for org in report.organisations:
        sheet = _new_sheet(wb, org.short_name or org.name, used, titled=True)
        if report.detailed:
            _detail_sheet(sheet, org, report)
        else:
            _task_sheet(sheet, org, report)
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


def _new_sheet(wb: Workbook, name: str, used: set[str], titled: bool) -> _Sheet:
    """A sheet printed on A4 landscape, as wide as the page (its header row repeated on
    every page when ``titled``)."""
    ws = wb.create_sheet(_sheet_title(printable(name), used))
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if titled:
        ws.print_title_rows = "1:1"
    return _Sheet(ws)


def _summary_sheet(sheet: _Sheet, report: Report, meta: ExportMeta) -> None:
    """The first sheet: the heading, the tallies, the targets, the difficulties and what
    falls due."""
    headers = [_("Organisation"), *summary_headers()]
    sheet.widths({1: 42, **{c: 13 for c in range(2, len(headers) + 1)}})
    sheet.ws.freeze_panes = "B7"
    sheet.row(sheet.cell(title(report), font=TITLE_FONT))
    sheet.row(f"{_('Scope')}: {meta.scope_title}")
    sheet.row(f"{_('Plan')}: {report.plan_title}")
    figures = _("closed") if meta.closed else _("provisional (month not closed)")
    sheet.row(f"{_('Figures')}: " + figures)
    sheet.row()
    sheet.header(headers)
    for org in report.organisations:
        sheet.row(org.name, *_tally_cells(sheet, org.tally))
    sheet.row(sheet.cell(_("Total"), font=BOLD), *_tally_cells(sheet, report.summary, BOLD))
    sheet.row()
    if meta.targets:
        sheet.row(sheet.cell(_("Targets at the end of the month:"), font=BOLD))
        for sentence in meta.targets:
            sheet.row(sentence)
        sheet.row()
    if report.detailed:
        sheet.header([_("Branch"), *summary_headers()])
        for org in report.organisations:
            for line in org.branches:
                sheet.row(line.label, *_tally_cells(sheet, line.tally))
        sheet.row()
    _difficulties(sheet, report)
    sheet.row()
    _due_next_month(sheet, report)


def _difficulties(sheet: _Sheet, report: Report) -> None:
    """The blocked assignments."""
    sheet.row(sheet.cell(_("Difficulties"), font=BOLD))
    if report.detailed:
        for item in report.difficulties:
            sheet.row(f"{branch_label(item)} – {item.task}", item.last_note)
    else:  # one row per task: its blocked branches and their notes
        for task, items in report.difficulties_by_task:
            sheet.row(f"{task} ({items[0].organisation_short})", blocked_text(items))
    if not report.difficulties:
        sheet.row(_("None reported."))


def _due_next_month(sheet: _Sheet, report: Report) -> None:
    """What falls due next month."""
    sheet.row(sheet.cell(_("Due next month (%(period)s)", period=report.next_period), font=BOLD))
    for item in report.next_month:
        sheet.row(f"{branch_label(item)} – {item.task}", sheet.cell(item.due, "DD/MM/YYYY"))
    for u in report.next_month_counts:
        sheet.row(
            f"{u.task} ({u.organisation_short})",
            sheet.cell(u.due, "DD/MM/YYYY"),
            _("%(count)d not finished", count=u.count),
        )


def _task_sheet(sheet: _Sheet, org: OrgSection, report: Report) -> None:
    """An organisation's sheet in the ward's workbook: one row per task."""
    headers = task_headers()
    sheet.widths({1: 50, **{c: 12 for c in range(2, len(headers) + 1)}})
    sheet.ws.freeze_panes = "B2"
    sheet.header(headers)
    for task in org.tasks:
        t = task.tally
        sheet.row(
            sheet.cell(report.with_support(task.task_id, task.title), alignment=WRAP),
            *task_numbers(t)[:-1],
            sheet.cell(t.done / t.total if t.total else 0, "0%"),
        )


DETAIL_WIDTHS = (28, 28, 44, 18, 11, 12, 12, 9, 24, 60)
OVERDUE_FONT = Font(color="B71C1C", bold=True)
STATUS_STYLES = {
    status: (PatternFill("solid", fgColor=fill), Font(color=colour, bold=True))
    for status, (fill, colour) in STATUS_COLOURS.items()
}


def _detail_sheet(sheet: _Sheet, org: OrgSection, report: Report) -> None:
    """An organisation's sheet in its own report: one row per assignment."""
    sheet.widths(dict(enumerate(DETAIL_WIDTHS, start=1)))
    sheet.ws.freeze_panes = "A2"
    sheet.header(detail_headers(), height=32)
    for task in org.tasks:
        for item in task.items:
            _detail_row(sheet, item, report)
    last = get_column_letter(len(DETAIL_WIDTHS))
    sheet.ws.auto_filter.ref = f"A1:{last}{max(sheet.r - 1, 1)}"


def _detail_row(sheet: _Sheet, item: Item, report: Report) -> None:
    """One assignment's row, its status coloured, as tall as its wrapped text."""
    fill, font = STATUS_STYLES[item.status]
    texts = {
        1: item.organisation,
        2: branch_label(item),
        3: report.with_support(item.task_id, item.task),
        9: str(CATEGORY_LABELS[item.category]) if item.category else "",
        10: notes_text(item),
    }
    lines = max(_wrapped_lines(printable(text), DETAIL_WIDTHS[c - 1]) for c, text in texts.items())
    wrapped = {c: sheet.cell(text, alignment=WRAP) for c, text in texts.items()}
    # Spreadsheet programs do not grow rows for wrapped text on opening.
    sheet.row(
        wrapped[1],
        wrapped[2],
        wrapped[3],
        sheet.cell(str(STATUS_LABELS[item.status]), fill=fill, font=font, alignment=TOP),
        sheet.cell(item.progress / 100, "0%", alignment=TOP),
        sheet.cell(item.due, "DD/MM/YYYY", alignment=TOP),
        sheet.cell(item.done_on, "DD/MM/YYYY", alignment=TOP),
        sheet.cell(
            _("yes") if item.overdue else "",
            font=OVERDUE_FONT if item.overdue else None,
            alignment=TOP,
        ),
        wrapped[9],
        wrapped[10],
        height=15 * lines,
    )
