"""The report as a Vietnamese administrative report (báo cáo) in DOCX: A4, Times New
Roman 13 pt, the letterhead, four numbered parts and the signature block."""

from __future__ import annotations

import copy
import io
from typing import Any

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from flask_babel import gettext as _
from flask_babel import ngettext

from ...dates import format_date, local_day
from ...i18n import STATUS_LABELS
from ..report import Report, Tally
from . import ExportMeta
from .common import branch_label, fixed_zip, title

Lines = list[tuple[str, dict[str, Any]]]

FONT = "Times New Roman"


def _run(
    p: Paragraph, text: str, size: float = 13, bold: bool = False, italic: bool = False
) -> None:
    """Add a run of text to ``p``."""
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
    """Add a formatted paragraph to ``container`` (the document or a cell)."""
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


def write(report: Report, meta: ExportMeta) -> bytes:
    """The report's document."""
    s = meta.settings
    doc = _blank_document()
    _letterhead(doc, s, meta)
    _para(doc, _("REPORT"), size=14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, before=12, after=0)
    _para(
        doc,
        _("Results of carrying out the tasks of %(period)s", period=report.period),
        size=14,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        after=0,
    )
    _para(
        doc,
        f"({meta.scope_title})",
        italic=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        after=0 if not meta.closed else 12,
    )
    if not meta.closed:  # as the page and the CSV say it
        _para(
            doc,
            _("Provisional figures: this month is not closed."),
            italic=True,
            align=WD_ALIGN_PARAGRAPH.CENTER,
            after=12,
        )
    _overall(doc, report)
    _targets(doc, meta.targets)
    _each_organisation(doc, report)
    _supported(doc, report)
    _difficulties(doc, report)
    _next_month(doc, report)
    _unit_texts(doc, meta)
    _signature(doc, s)
    props = doc.core_properties
    props.title = title(report)
    props.author = s["issuing_body"] or "wardtasks"
    props.last_modified_by = "wardtasks"
    props.created = meta.stamp
    props.modified = meta.stamp
    props.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    return fixed_zip(buf.getvalue(), meta.stamp)


def _targets(doc: DocumentObject, lines: list[str]) -> None:
    """The targets at the month's end, after the overall figures (when there are any)."""
    if not lines:
        return
    _para(doc, _("Targets at the end of the month:"), first_line=1)
    _items(doc, [f"- {line}" for line in lines])


def _blank_document() -> DocumentObject:
    """An empty A4 portrait document in Times New Roman 13 pt, with the usual margins."""
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
    return doc


def _letterhead(doc: DocumentObject, s: dict[str, str], meta: ExportMeta) -> None:
    """The issuing body and number on the left; the national motto, place and date right."""
    day = local_day(meta.stamp)
    head = doc.add_table(rows=2, cols=2)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    head.autofit = False
    left_w, right_w = Cm(6.5), Cm(9.5)
    head.columns[0].width, head.columns[1].width = left_w, right_w
    for row in head.rows:
        row.cells[0].width, row.cells[1].width = left_w, right_w
    body_lines: Lines = []
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
    dated = _(
        "%(place)s, day %(day)s month %(month)s year %(year)s",
        place=s["ward_name"] or "……",
        day=f"{day.day:02d}",
        month=f"{day.month:02d}",
        year=str(day.year),
    )
    _cell(head.cell(1, 1), [(dated, {"italic": True})])


def _overall(doc: DocumentObject, report: Report) -> None:
    """Part I: the figures in one sentence, then the table per organisation."""
    t = report.summary
    _para(doc, _("I. OVERALL RESULTS"), bold=True, before=6)
    _para(
        doc,
        ngettext(
            "At the end of %(period)s, of %(num)d assignment of the plan “%(plan)s”, "
            "%(done)d is done (%(percent)d%%, %(change)s points against the previous month), "
            "%(in_progress)d in progress, %(not_started)d not started, %(blocked)d blocked; "
            "%(overdue)d overdue.",
            "At the end of %(period)s, of %(num)d assignments of the plan “%(plan)s”, "
            "%(done)d are done (%(percent)d%%, %(change)s points against the previous month), "
            "%(in_progress)d in progress, %(not_started)d not started, %(blocked)d blocked; "
            "%(overdue)d are overdue.",
            t.total,
            period=report.period,
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
    _summary_table(doc, report)


def _table_numbers(tally: Tally) -> list[str]:
    """A tally's figures as part I's table shows them."""
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


def _fill(cells: list[_Cell], values: list[str], bold: bool = False) -> None:
    """A table row: the first cell left-aligned, the figures centred, 11 pt."""
    for n, (cell, value) in enumerate(zip(cells, values, strict=True)):
        align = WD_ALIGN_PARAGRAPH.LEFT if n == 0 else WD_ALIGN_PARAGRAPH.CENTER
        _cell(cell, [(value, {"size": 11, "bold": bold, "align": align})])


def _summary_table(doc: DocumentObject, report: Report) -> None:
    """One row per organisation and a total row, fixed column widths."""
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
    _fill(list(table.rows[0].cells), headers, bold=True)
    for org in report.organisations:
        _fill(list(table.add_row().cells), [org.name, *_table_numbers(org.tally)])
    _fill(list(table.add_row().cells), [_("Total"), *_table_numbers(report.summary)], bold=True)
    table.autofit = False
    # As wide as the text (16 cm on A4 with the margins of _blank_document).
    widths = [Cm(4.0)] + [Cm(1.5)] * (len(headers) - 1)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _each_organisation(doc: DocumentObject, report: Report) -> None:
    """Part II: each organisation's share done, then each of its tasks."""
    _para(doc, _("II. RESULTS OF EACH ORGANISATION"), bold=True, before=12)
    for n, org in enumerate(report.organisations, start=1):
        ot = org.tally
        _para(
            doc,
            f"{n}. {org.name}: "
            + ngettext(
                "%(done)d of %(num)d assignment done (%(percent)d%%).",
                "%(done)d of %(num)d assignments done (%(percent)d%%).",
                ot.total,
                done=ot.done,
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
                    task=report.with_support(task.task_id, report.full_title(task.title)),
                    done=task.done,
                    total=task.total,
                )
                for task in org.tasks
            ],
        )


def _supported(doc: DocumentObject, report: Report) -> None:
    """The tasks the organisation supports (phối hợp), each with its lead and the notes
    it wrote on them this month, at the end of part II."""
    if not report.supported:
        return
    _para(doc, _("Tasks our organisation supports") + ":", bold=True, before=4, first_line=1)
    for t in report.supported:
        words = _("Lead: %(lead)s; supporting: %(orgs)s", lead=t.lead, orgs=", ".join(t.supporters))
        lines = [f"- {report.full_title(t.title)} ({words})."]
        lines += [
            f"+ {format_date(local_day(n['at']))}, {n['author']}"
            + (f" ({n['branch']})" if n["branch"] else "")
            + f": {n['note']}"
            for n in t.notes
        ]
        _items(doc, lines)


def _difficulties(doc: DocumentObject, report: Report) -> None:
    """Part III: the blocked assignments, one paragraph per task."""
    _para(doc, _("III. DIFFICULTIES AND OBSTACLES"), bold=True, before=12)
    _items(
        doc,
        [
            f"- {report.full_title(task)}: "
            + "; ".join(branch_label(i) + _in_brackets(i.last_note) for i in items)
            + "."
            for task, items in report.difficulties_by_task
        ],
    )
    if not report.difficulties:
        _para(doc, _("None reported."), first_line=1)


def _in_brackets(note: str) -> str:
    """A note in brackets after a name, its closing stop left out (the sentence has its
    own: "khối 2 (Thiếu kinh phí)." not "(Thiếu kinh phí.).")."""
    note = note.rstrip(" .;,\n")
    return f" ({note})" if note else ""


def _next_month(doc: DocumentObject, report: Report) -> None:
    """Part IV: what falls due next month, per task and due date."""
    _para(doc, _("IV. TASKS FOR %(period)s", period=report.next_period), bold=True, before=12)
    due_lines = [
        (task, due, ", ".join(branch_label(i) for i in items))
        for task, due, items in report.next_month_by_task
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
            "- "
            + _(
                "%(task)s (due %(due)s): %(who)s.",
                who=who,
                task=report.full_title(t),
                due=format_date(d),
            )
            for t, d, who in due_lines
        ],
    )
    if not report.next_month and not report.next_month_counts:
        _para(doc, _("No assignment falls due next month."), first_line=1)


def _unit_texts(doc: DocumentObject, meta: ExportMeta) -> None:
    """Part V, when the month has submitted reports in scope: each unit's texts (Kết quả,
    Khó khăn …) under its name."""
    if not meta.unit_texts:
        return
    _para(doc, _("V. REPORTS OF THE BRANCHES AND ORGANISATIONS"), bold=True, before=12)
    for n, unit in enumerate(meta.unit_texts, start=1):
        _para(doc, f"{n}. {unit.title} ({unit.state})", bold=True, before=4, first_line=1)
        for label, text in unit.parts:
            _para(doc, f"{label}:", italic=True, first_line=1)
            _items(doc, [line for line in text.splitlines() if line.strip()] or ["—"])


def _signature(doc: DocumentObject, s: dict[str, str]) -> None:
    """The recipients on the left, the signer on the right, kept on one page."""
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
    signer: Lines = []
    if s["signer_role"]:
        signer.append((s["signer_role"].upper(), {"size": 13, "bold": True}))
    signer.append((s["signer_title"].upper(), {"size": 13, "bold": True}))
    signer += [("", {}), ("", {}), ("", {}), (s["signer_name"] or "……", {"size": 13, "bold": True})]
    _cell(right, signer)
    foot.rows[0].cells[0].paragraphs[0].paragraph_format.space_before = Pt(12)
    right.paragraphs[0].paragraph_format.space_before = Pt(12)
