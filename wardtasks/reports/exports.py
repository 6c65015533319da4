"""The report as XLSX, CSV and DOCX: exactly what the page shows, from the same Report.

Files of a closed month are byte-for-byte the same on every download: the
figures come frozen from the close, the documents' core properties and the zip
entries carry the close time, and everything is written in a fixed order.
"""

from __future__ import annotations

import copy
import csv
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from ..dates import format_date, local_day, to_local
from ..i18n import CATEGORY_LABELS, STATUS_LABELS
from ..models import ASSIGNMENT_STATUSES
from ..status import GOVERNMENT_CATEGORIES
from .report import Item, Report, Tally

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# Status colours of the page's badges (fill, text), for the spreadsheet.
STATUS_COLOURS = {
    "not_started": ("ECEFF1", "37474F"),
    "in_progress": ("E3F2FD", "0D47A1"),
    "done": ("E8F5E9", "1B5E20"),
    "blocked": ("FFF3E0", "E65100"),
    "cancelled": ("F5F5F5", "616161"),
}
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class ExportMeta:
    """What an export needs besides the report."""

    scope_title: str
    settings: dict[str, str]
    stamp: datetime  # naive UTC: the close time of a closed month, else now
    closed: bool


def neutralise(value: str) -> str:
    """Text that a spreadsheet must not read as a formula gets a leading apostrophe."""
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


def _ddmmyyyy(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _notes_text(item: Item) -> str:
    return "\n".join(
        f"{format_date(to_local(n['at']))} – {n['author']}: "
        f"{STATUS_LABELS[n['status']]} {n['progress']}%" + (f". {n['note']}" if n["note"] else "")
        for n in item.notes
    )


def _branch_label(item: Item) -> str:
    return item.branch or f"{item.organisation_short} ({_('own level')})"


def _title(report: Report) -> str:
    return _("Report on the results of the tasks of %(period)s", period=report.period)


def _summary_headers() -> list[str]:
    return [
        _("Assignments"),
        *[str(STATUS_LABELS[s]) for s in ASSIGNMENT_STATUSES],
        _("Overdue"),
        *[str(CATEGORY_LABELS[c]) for c in GOVERNMENT_CATEGORIES],
        _("Share done (%)"),
        _("Previous month (%)"),
        _("Change (points)"),
    ]


def _summary_numbers(t: Tally) -> list[int]:
    return [
        t.total,
        *[t.by_status[s] for s in ASSIGNMENT_STATUSES],
        t.overdue,
        *[t.by_category[c] for c in GOVERNMENT_CATEGORIES],
        t.percent_done,
        t.previous_percent_done,
        t.change,
    ]


def _detail_headers() -> list[str]:
    return [
        _("Organisation"),
        _("Branch"),
        _("Task"),
        _("Status"),
        _("Progress (%)"),
        _("Due date"),
        _("Done on"),
        _("Overdue"),
        _("Category"),
        _("Updates this month"),
    ]


def _task_headers() -> list[str]:
    return [
        _("Task"),
        _("Assignments"),
        *[str(STATUS_LABELS[s]) for s in ASSIGNMENT_STATUSES],
        _("Overdue"),
        _("Share done (%)"),
    ]


def _task_numbers(t: Tally) -> list[int]:
    """A task's counts, as the page's table per organisation shows them."""
    return [t.total, *[t.by_status[s] for s in ASSIGNMENT_STATUSES], t.overdue, t.percent_done]


def _blocked_text(items: list[Item]) -> str:
    """The blocked branches of a task with their notes, on one line each."""
    return "\n".join(_branch_label(i) + (f": {i.last_note}" if i.last_note else "") for i in items)


def _fixed_zip(data: bytes, stamp: datetime) -> bytes:
    """Rewrite a zip with every entry dated ``stamp``, in the same order."""
    when = (max(stamp.year, 1980), stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=when)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


# --------------------------------------------------------------------------- CSV


def to_csv(report: Report, meta: ExportMeta) -> bytes:
    """UTF-8 with a byte-order mark (so Excel shows Vietnamese), formulas neutralised."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")

    def row(*cells: object) -> None:
        w.writerow([neutralise(c) if isinstance(c, str) else c for c in cells])

    row(_title(report))
    row(_("Scope"), meta.scope_title)
    row(_("Plan"), report.plan_title)
    row(_("Figures"), _("closed") if meta.closed else _("provisional (month not closed)"))
    row()
    row(_("Organisation"), *_summary_headers())
    for org in report.organisations:
        row(org.name, *_summary_numbers(org.tally))
    row(_("Total"), *_summary_numbers(report.summary))
    row()
    if not report.detailed:
        # The whole ward: per organisation and task; each branch is in its organisation's report.
        row(_("Organisation"), *_task_headers())
        for org in report.organisations:
            for task in org.tasks:
                row(org.name, task.title, *_task_numbers(task.tally))
        row()
        row(_("Difficulties"))
        row(_("Organisation"), _("Task"), _("Branch"), _("Note"))
        for item in report.difficulties:
            row(item.organisation, item.task, _branch_label(item), item.last_note)
        row()
        row(_("Due next month (%(period)s)", period=report.next_period))
        row(_("Due date"), _("Organisation"), _("Task"), _("Not finished"))
        for u in report.next_month_counts:
            row(_ddmmyyyy(u.due), u.organisation_short, u.task, u.count)
        return "\ufeff".encode() + buf.getvalue().encode("utf-8")
    row(_("Organisation"), _("Branch"), *_summary_headers())
    for org in report.organisations:
        for line in org.branches:
            row(org.name, line.label, *_summary_numbers(line.tally))
    row()
    row(*_detail_headers())
    for item in report.items:
        row(
            item.organisation,
            _branch_label(item),
            item.task,
            str(STATUS_LABELS[item.status]),
            item.progress,
            _ddmmyyyy(item.due),
            _ddmmyyyy(item.done_on),
            _("yes") if item.overdue else "",
            str(CATEGORY_LABELS[item.category]) if item.category else "",
            _notes_text(item),
        )
    return "\ufeff".encode() + buf.getvalue().encode("utf-8")


# --------------------------------------------------------------------------- XLSX

BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="EEF1F4")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="center")


def _sheet_title(name: str, used: set[str]) -> str:
    clean = "".join("_" if c in "[]:*?/\\" else c for c in name).strip("'")[:28] or "Sheet"
    title, n = clean, 2
    while title.lower() in used:
        title = f"{clean[:25]} ({n})"
        n += 1
    used.add(title.lower())
    return title


def _put(ws: Worksheet, r: int, c: int, value: object, number_format: str | None = None) -> None:
    cell = ws.cell(row=r, column=c)
    if isinstance(value, str):
        cell.value = neutralise(value)
        cell.data_type = "s"  # never a formula
    else:
        cell.value = value
    if number_format:
        cell.number_format = number_format


def _header_row(ws: Worksheet, r: int, headers: list[str], height: float = 48) -> None:
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
    numbers = _summary_numbers(t)
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


def to_xlsx(report: Report, meta: ExportMeta) -> bytes:
    """A summary sheet and one sheet per organisation, real numbers, dates and percentages."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None  # noqa: S101 - a new workbook always has a sheet
    used: set[str] = set()
    ws.title = _sheet_title(_("Summary"), used)
    _put(ws, 1, 1, _title(report))
    ws.cell(row=1, column=1).font = Font(bold=True, size=14)
    _put(ws, 2, 1, f"{_('Scope')}: {meta.scope_title}")
    _put(ws, 3, 1, f"{_('Plan')}: {report.plan_title}")
    _put(
        ws,
        4,
        1,
        f"{_('Figures')}: " + (_("closed") if meta.closed else _("provisional (month not closed)")),
    )
    headers = [_("Organisation"), *_summary_headers()]
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
        _header_row(ws, r, [_("Branch"), *_summary_headers()])
        r += 1
        for org in report.organisations:
            for line in org.branches:
                _put(ws, r, 1, line.label)
                _tally_cells(ws, r, 2, line.tally)
                r += 1
        r += 1
    _put(ws, r, 1, _("Difficulties"))
    ws.cell(row=r, column=1).font = BOLD
    r += 1
    if report.detailed:
        for item in report.difficulties:
            _put(ws, r, 1, f"{_branch_label(item)} – {item.task}")
            _put(ws, r, 2, item.last_note)
            r += 1
    else:  # one row per task: its blocked branches and their notes
        for title, items in report.difficulties_by_task:
            _put(ws, r, 1, f"{title} ({items[0].organisation_short})")
            _put(ws, r, 2, _blocked_text(items))
            r += 1
    if not report.difficulties:
        _put(ws, r, 1, _("None reported."))
        r += 1
    r += 1
    _put(ws, r, 1, _("Due next month (%(period)s)", period=report.next_period))
    ws.cell(row=r, column=1).font = BOLD
    r += 1
    for item in report.next_month:
        _put(ws, r, 1, f"{_branch_label(item)} – {item.task}")
        _put(ws, r, 2, item.due, "DD/MM/YYYY")
        r += 1
    for u in report.next_month_counts:
        _put(ws, r, 1, f"{u.task} ({u.organisation_short})")
        _put(ws, r, 2, u.due, "DD/MM/YYYY")
        _put(ws, r, 3, _("%(count)d not finished", count=u.count))
        r += 1
    ws.column_dimensions["A"].width = 42
    for c in range(2, len(headers) + 1):
        ws.column_dimensions[get_column_letter(c)].width = 13
    ws.freeze_panes = "B7"

    for org in report.organisations if not report.detailed else ():
        sheet = wb.create_sheet(_sheet_title(org.short_name or org.name, used))
        headers = _task_headers()
        _header_row(sheet, 1, headers)
        r = 2
        for task in org.tasks:
            _put(sheet, r, 1, task.title)
            sheet.cell(row=r, column=1).alignment = WRAP
            for c, n in enumerate(_task_numbers(task.tally)[:-1], start=2):
                _put(sheet, r, c, n)
            t = task.tally
            _put(sheet, r, len(headers), t.done / t.total if t.total else 0, "0%")
            r += 1
        sheet.column_dimensions["A"].width = 50
        for c in range(2, len(headers) + 1):
            sheet.column_dimensions[get_column_letter(c)].width = 12
        sheet.freeze_panes = "B2"

    widths = (28, 28, 44, 18, 11, 12, 12, 9, 24, 60)
    for org in report.organisations if report.detailed else ():
        sheet = wb.create_sheet(_sheet_title(org.short_name or org.name, used))
        _header_row(sheet, 1, _detail_headers(), height=32)
        r = 2
        for task in org.tasks:
            for item in task.items:
                _put(sheet, r, 1, item.organisation)
                _put(sheet, r, 2, _branch_label(item))
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
                _put(sheet, r, 10, _notes_text(item))
                for c in (4, 5, 6, 7, 8):
                    sheet.cell(row=r, column=c).alignment = TOP
                lines = 1
                for c in (1, 2, 3, 9, 10):
                    cell = sheet.cell(row=r, column=c)
                    cell.alignment = WRAP
                    lines = max(lines, _wrapped_lines(str(cell.value or ""), widths[c - 1]))
                # Spreadsheet programs do not grow rows for wrapped text on opening.
                sheet.row_dimensions[r].height = 15 * lines
                r += 1
        for c, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(c)].width = width
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(widths))}{max(r - 1, 1)}"

    for sheet in wb.worksheets:  # printed on A4 landscape, as wide as the page
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.print_title_rows = "1:1" if sheet is not ws else None
    wb.properties.creator = "wardtasks"
    wb.properties.title = _title(report)
    wb.properties.created = meta.stamp
    wb.properties.modified = meta.stamp
    wb.properties.lastModifiedBy = "wardtasks"
    buf = io.BytesIO()
    # ExcelWriter directly: openpyxl's save_workbook() would stamp "modified" with now.
    # Stored, not deflated: _fixed_zip compresses every entry when it rewrites the zip.
    ExcelWriter(wb, zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED)).save()
    return _fixed_zip(buf.getvalue(), meta.stamp)


# --------------------------------------------------------------------------- DOCX

FONT = "Times New Roman"


def _run(
    p: Paragraph, text: str, size: float = 13, bold: bool = False, italic: bool = False
) -> None:
    run = p.add_run(text)
    # Only what differs from the Normal style (13 pt, upright, regular): fewer XML nodes.
    if size != 13:
        run.font.size = Pt(size)
    if bold:
        run.bold = True
    if italic:
        run.italic = True


def _para(
    container: object,
    text: str = "",
    size: float = 13,
    bold: bool = False,
    italic: bool = False,
    align: int | None = None,
    before: float = 0,
    after: float = 3,
    first_line: float | None = None,
) -> Paragraph:
    p: Paragraph = container.add_paragraph()  # type: ignore[attr-defined]
    if text:
        _run(p, text, size, bold, italic)
    if align is not None:
        p.alignment = align  # type: ignore[assignment]
    fmt = p.paragraph_format
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    if first_line is not None:
        fmt.first_line_indent = Cm(first_line)
    return p


def _items(container: object, texts: list[str]) -> None:
    """Justified list paragraphs ("- …"): the first built, the others copied from it.

    python-docx spends about a millisecond on a formatted paragraph; a ward's
    report has hundreds of them, alike but for their text.
    """
    model: Paragraph | None = None
    last: Any = None
    for text in texts:
        if model is None or text != text.strip() or "\n" in text or "\t" in text:
            p = _para(container, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_line=1)
            last = p._p
            if model is None and text and len(p.runs) == 1:
                model = p
            continue
        element = copy.deepcopy(model._p)
        element.xpath("./w:r/w:t")[0].text = text
        last.addnext(element)
        last = element


def _cell(cell: _Cell, lines: list[tuple[str, dict[str, Any]]]) -> None:
    """Fill a cell with centred lines (the first reuses the cell's empty paragraph)."""
    for n, (text, style) in enumerate(lines):
        p = cell.paragraphs[0] if n == 0 else cell.add_paragraph()
        p.alignment = style.get("align", WD_ALIGN_PARAGRAPH.CENTER)
        p.paragraph_format.space_after = Pt(0)
        if text:
            _run(
                p,
                text,
                float(style.get("size", 13)),
                bool(style.get("bold")),
                bool(style.get("italic")),
            )


def _vietnam_date(stamp: datetime) -> date:
    return local_day(stamp)


def to_docx(report: Report, meta: ExportMeta) -> bytes:
    """A Vietnamese administrative report (báo cáo) on A4, Times New Roman 13 pt."""
    s = meta.settings
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(13)
    rpr = normal.element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    rpr.get_or_add_rFonts().set(qn("w:cs"), FONT)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)

    ward = s["ward_name"] or "……"
    day = _vietnam_date(meta.stamp)
    head = doc.add_table(rows=2, cols=2)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    head.autofit = False
    left_w, right_w = Cm(6.5), Cm(9.5)
    head.columns[0].width, head.columns[1].width = left_w, right_w
    for row in head.rows:
        row.cells[0].width, row.cells[1].width = left_w, right_w
    body_lines: list[tuple[str, dict[str, Any]]] = []
    if s["parent_body"]:
        body_lines.append((s["parent_body"].upper(), {"size": 13}))
    body_lines.append((s["issuing_body"].upper() or "……", {"size": 13, "bold": True}))
    body_lines.append(("———", {"size": 13}))
    _cell(head.cell(0, 0), body_lines)
    _cell(
        head.cell(0, 1),
        [
            (_("SOCIALIST REPUBLIC OF VIETNAM"), {"size": 12, "bold": True}),
            (_("Independence - Freedom - Happiness"), {"size": 13, "bold": True}),
            ("—————————", {"size": 13}),
        ],
    )
    _cell(
        head.cell(1, 0),
        [(_("No.: %(number)s/BC-%(prefix)s", number="……", prefix=s["number_prefix"]), {})],
    )
    _cell(
        head.cell(1, 1),
        [
            (
                _(
                    "%(place)s, day %(day)s month %(month)s year %(year)s",
                    place=ward,
                    day=f"{day.day:02d}",
                    month=f"{day.month:02d}",
                    year=str(day.year),
                ),
                {"italic": True},
            )
        ],
    )

    _para(doc, _("REPORT"), size=14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, before=12, after=0)
    _para(
        doc,
        _("Results of carrying out the tasks of %(period)s", period=report.period),
        size=14,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        after=0,
    )
    _para(doc, f"({meta.scope_title})", italic=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=12)

    t = report.summary
    _para(doc, _("I. OVERALL RESULTS"), bold=True, before=6)
    _para(
        doc,
        _(
            "At the end of %(period)s, of %(total)d assignments of the plan “%(plan)s”, "
            "%(done)d are done (%(percent)d%%, %(change)s points against the previous month), "
            "%(in_progress)d in progress, %(not_started)d not started, %(blocked)d blocked; "
            "%(overdue)d are overdue.",
            period=report.period,
            total=t.total,
            plan=report.plan_title,
            done=t.done,
            percent=t.percent_done,
            change=f"{t.change:+d}",
            in_progress=t.by_status["in_progress"],
            not_started=t.by_status["not_started"],
            blocked=t.blocked,
            overdue=t.overdue,
        ),
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        first_line=1,
    )
    headers = [
        _("Organisation"),
        _("Assignments"),
        str(STATUS_LABELS["done"]),
        str(STATUS_LABELS["in_progress"]),
        str(STATUS_LABELS["not_started"]),
        str(STATUS_LABELS["blocked"]),
        _("Overdue"),
        _("Share done"),
        _("Change"),
    ]
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER

    def fill(cells: list[_Cell], values: list[str], bold: bool = False) -> None:
        for n, (cell, value) in enumerate(zip(cells, values, strict=True)):
            align = WD_ALIGN_PARAGRAPH.LEFT if n == 0 else WD_ALIGN_PARAGRAPH.CENTER
            _cell(cell, [(value, {"size": 11, "bold": bold, "align": align})])

    def numbers(tally: Tally) -> list[str]:
        return [
            str(tally.total),
            str(tally.done),
            str(tally.by_status["in_progress"]),
            str(tally.by_status["not_started"]),
            str(tally.blocked),
            str(tally.overdue),
            f"{tally.percent_done}%",
            f"{tally.change:+d}",
        ]

    fill(list(table.rows[0].cells), headers, bold=True)
    for org in report.organisations:
        fill(list(table.add_row().cells), [org.name, *numbers(org.tally)])
    fill(list(table.add_row().cells), [_("Total"), *numbers(t)], bold=True)
    table.autofit = False
    widths = [Cm(4.6)] + [Cm(1.55)] * (len(headers) - 1)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width

    _para(doc, _("II. RESULTS OF EACH ORGANISATION"), bold=True, before=12)
    for n, org in enumerate(report.organisations, start=1):
        ot = org.tally
        _para(
            doc,
            f"{n}. {org.name}: "
            + _(
                "%(done)d of %(total)d assignments done (%(percent)d%%).",
                done=ot.done,
                total=ot.total,
                percent=ot.percent_done,
            ),
            bold=True,
            before=4,
            first_line=1,
        )
        _items(
            doc,
            [
                "- "
                + _(
                    "%(task)s: %(done)d/%(total)d done.",
                    task=task.title,
                    done=task.done,
                    total=task.total,
                )
                for task in org.tasks
            ],
        )

    _para(doc, _("III. DIFFICULTIES AND OBSTACLES"), bold=True, before=12)
    _items(
        doc,
        [  # one paragraph per task
            f"- {title}: "
            + "; ".join(
                _branch_label(i) + (f" ({i.last_note})" if i.last_note else "") for i in items
            )
            + "."
            for title, items in report.difficulties_by_task
        ],
    )
    if not report.difficulties:
        _para(doc, _("None reported."), first_line=1)

    _para(doc, _("IV. TASKS FOR %(period)s", period=report.next_period), bold=True, before=12)
    due_lines = [
        (title, due, ", ".join(_branch_label(i) for i in items))
        for title, due, items in report.next_month_by_task
    ] + [
        (
            u.task,
            u.due,
            f"{u.organisation_short}, " + _("%(count)d not finished", count=u.count),
        )
        for u in report.next_month_counts
    ]
    _items(
        doc,
        [
            "- " + _("%(task)s (due %(due)s): %(who)s.", who=who, task=t, due=_ddmmyyyy(d))
            for t, d, who in due_lines
        ],
    )
    if not report.next_month and not report.next_month_counts:
        _para(doc, _("No assignment falls due next month."), first_line=1)

    foot = doc.add_table(rows=1, cols=2)
    foot.autofit = False
    # The recipients and the signature stay together on one page.
    foot.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    left, right = foot.cell(0, 0), foot.cell(0, 1)
    left.width, right.width = Cm(7.5), Cm(8.5)
    foot.columns[0].width, foot.columns[1].width = Cm(7.5), Cm(8.5)
    recipients = [ln.strip() for ln in s["recipients"].splitlines() if ln.strip()]
    _cell(
        left,
        [
            (
                _("Recipients:"),
                {"size": 12, "bold": True, "italic": True, "align": WD_ALIGN_PARAGRAPH.LEFT},
            )
        ]
        + [(ln, {"size": 11, "align": WD_ALIGN_PARAGRAPH.LEFT}) for ln in recipients],
    )
    signer: list[tuple[str, dict[str, Any]]] = []
    if s["signer_role"]:
        signer.append((s["signer_role"].upper(), {"size": 13, "bold": True}))
    signer.append((s["signer_title"].upper(), {"size": 13, "bold": True}))
    signer += [("", {}), ("", {}), ("", {}), (s["signer_name"] or "……", {"size": 13, "bold": True})]
    _cell(right, signer)
    foot.rows[0].cells[0].paragraphs[0].paragraph_format.space_before = Pt(12)
    right.paragraphs[0].paragraph_format.space_before = Pt(12)

    props = doc.core_properties
    props.title = _title(report)
    props.author = s["issuing_body"] or "wardtasks"
    props.last_modified_by = "wardtasks"
    props.created = meta.stamp
    props.modified = meta.stamp
    props.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    return _fixed_zip(buf.getvalue(), meta.stamp)


WRITERS: dict[str, tuple[Callable[[Report, ExportMeta], bytes], str]] = {
    "xlsx": (to_xlsx, XLSX_MIME),
    "csv": (to_csv, "text/csv"),
    "docx": (to_docx, DOCX_MIME),
}
