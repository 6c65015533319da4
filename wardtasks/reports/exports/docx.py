"""The report as a Vietnamese administrative report (báo cáo) in DOCX: A4, Times New
Roman 13 pt, the letterhead, four numbered parts and the signature block.

The document's body is written as WordprocessingML text, paragraph by paragraph, into
the parts of python-docx's template (made A4, Times New Roman 13 pt once per process and
kept compressed): python-docx built a report of 375 assignments in 94 ms of CPU, a
third of it loading and deflating the template's 800 KB of styles on every file (the
bench's "DOCX export, organisation, computed" row, issue 16); the body is the only part
a report changes. The XML is what python-docx wrote for the same calls, element for
element (tests/test_reports_exports.py reads it back with python-docx).
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from functools import cache
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext

from ...dates import format_date, local_day
from ...i18n import STATUS_LABELS
from ...inputs import printable
from ..report import Report, Tally
from . import ExportMeta
from .common import Deflated, branch_label, title, xml_text, zip_file

Lines = list[tuple[str, dict[str, Any]]]

FONT = "Times New Roman"
# Each text is made printable as it is written (no copy of the whole report first).
CLEANS_TEXT = True
CENTER, LEFT, JUSTIFY = "center", "left", "both"
EMU_PER_CM, EMU_PER_TWIP = 360000, 635
FIXED = '<w:tblLayout w:type="fixed"/>'
TABLE_LOOK = (
    FIXED + '<w:tblLook w:firstColumn="1" w:firstRow="1" '
    'w:lastColumn="0" w:lastRow="0" w:noHBand="0" w:noVBand="1" w:val="04A0"/>'
)


def twips(cm: float) -> int:
    """A length in centimetres in twentieths of a point, rounded as python-docx does."""
    return round(int(cm * EMU_PER_CM) / EMU_PER_TWIP)


def text_run(text: str, size: float = 13, bold: bool = False, italic: bool = False) -> str:
    """A run of ``text`` (made printable): only what differs from the Normal style
    (13 pt, upright, regular) is written; tabs and line breaks as Word's own elements."""
    props = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    if size != 13:
        props += f'<w:sz w:val="{round(size * 2)}"/>'
    content = _run_content(printable(text))
    return f"<w:r><w:rPr>{props}</w:rPr>{content}</w:r>" if props else f"<w:r>{content}</w:r>"


def _run_content(text: str) -> str:
    if "\t" not in text and "\n" not in text:
        return _t(text)
    out: list[str] = []
    piece: list[str] = []
    for char in text:
        if char in "\t\n":
            if piece:
                out.append(_t("".join(piece)))
                piece = []
            out.append("<w:tab/>" if char == "\t" else "<w:br/>")
        else:
            piece.append(char)
    if piece:
        out.append(_t("".join(piece)))
    return "".join(out)


def _t(text: str) -> str:
    if len(text.strip()) < len(text):
        return f'<w:t xml:space="preserve">{xml_text(text)}</w:t>'
    return f"<w:t>{xml_text(text)}</w:t>"


def paragraph(
    body: list[str],
    text: str = "",
    size: float = 13,
    bold: bool = False,
    italic: bool = False,
    align: str | None = None,
    before: float = 0,
    after: float = 3,
    first_line: float | None = None,
) -> None:
    """Add a formatted paragraph to ``body``."""
    ppr = f'<w:spacing w:before="{round(before * 20)}" w:after="{round(after * 20)}"/>'
    if first_line is not None:
        ppr += f'<w:ind w:firstLine="{twips(first_line)}"/>'
    if align is not None:
        ppr += f'<w:jc w:val="{align}"/>'
    run = text_run(text, size, bold, italic) if text else ""
    body.append(f"<w:p><w:pPr>{ppr}</w:pPr>{run}</w:p>")


def _items(body: list[str], texts: list[str]) -> None:
    """Justified list paragraphs ("- …")."""
    for text in texts:
        paragraph(body, text, align=JUSTIFY, first_line=1)


def _cell(width: int, lines: Lines, before: float | None = None) -> str:
    """A table cell ``width`` twips wide of lines, centred unless told (the first line
    ``before`` points below the cell's top when given)."""
    paras = []
    for n, (text, style) in enumerate(lines):
        spacing = 'w:after="0"' + (f' w:before="{round(before * 20)}"' if n == 0 and before else "")
        run = (
            text_run(
                text,
                float(style.get("size", 13)),
                bool(style.get("bold")),
                bool(style.get("italic")),
            )
            if text
            else ""
        )
        ppr = f'<w:spacing {spacing}/><w:jc w:val="{style.get("align", CENTER)}"/>'
        paras.append(f"<w:p><w:pPr>{ppr}</w:pPr>{run}</w:p>")
    return f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/></w:tcPr>{"".join(paras)}</w:tc>'


def table_xml(
    widths: list[int],
    rows: list[str],
    *,
    grid: bool = False,
    centred: bool = True,
    fixed: bool = True,
) -> str:
    """A table of column ``widths`` (twips, kept when ``fixed``) and its rows' XML."""
    props = ('<w:tblStyle w:val="TableGrid"/>' if grid else "") + '<w:tblW w:type="auto" w:w="0"/>'
    if centred:
        props += '<w:jc w:val="center"/>'
    props += TABLE_LOOK if fixed else TABLE_LOOK.removeprefix(FIXED)
    cols = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    return (
        f"<w:tbl><w:tblPr>{props}</w:tblPr><w:tblGrid>{cols}</w:tblGrid>"
        + "".join(rows)
        + "</w:tbl>"
    )


def write(report: Report, meta: ExportMeta) -> bytes:
    """The report's document."""
    s = {k: printable(v) for k, v in meta.settings.items()}
    body: list[str] = []
    letterhead(body, s, meta)
    paragraph(body, _("REPORT"), size=14, bold=True, align=CENTER, before=12, after=0)
    paragraph(
        body,
        _("Results of carrying out the tasks of %(period)s", period=report.period),
        size=14,
        bold=True,
        align=CENTER,
        after=0,
    )
    paragraph(
        body,
        f"({meta.scope_title})",
        italic=True,
        align=CENTER,
        after=0 if not meta.closed else 12,
    )
    if not meta.closed:  # as the page and the CSV say it
        paragraph(
            body,
            _("Provisional figures: this month is not closed."),
            italic=True,
            align=CENTER,
            after=12,
        )
    _overall(body, report)
    _targets(body, meta.targets)
    _each_organisation(body, report)
    _supported(body, report)
    _difficulties(body, report)
    _next_month(body, report)
    _unit_texts(body, meta)
    signature_block(body, s)
    return document(body, meta.stamp, (title(report), s["issuing_body"] or "wardtasks"))


def document(body: list[str], stamp: datetime, props: tuple[str, str] | None = None) -> bytes:
    """The DOCX file of ``body`` (paragraphs' and tables' XML) dated ``stamp``, its title
    and author ``props`` (else the template's)."""
    parts = _template()
    head, tail = parts["word/document.xml"]
    changed = {"word/document.xml": (head + "".join(body) + tail).encode()}
    if props is not None:
        changed["docProps/core.xml"] = _core(*props, stamp)
    return zip_file(
        [(name, changed.get(name, part)) for name, part in parts.items()],
        stamp,
    )


def _core(doc_title: str, author: str, stamp: datetime) -> bytes:
    """The core properties of a file that has its own title and author."""
    when = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        CORE_START + f"<dc:title>{xml_text(printable(doc_title))}</dc:title><dc:subject/>"
        f"<dc:creator>{xml_text(printable(author))}</dc:creator><cp:keywords/>"
        "<dc:description>generated by python-docx</dc:description>"
        "<cp:lastModifiedBy>wardtasks</cp:lastModifiedBy><cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>'
        "<cp:category/></cp:coreProperties>"
    ).encode()


CORE_START = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
)


@cache
def _template() -> dict[str, Any]:
    """python-docx's template as an empty A4 portrait document in Times New Roman 13 pt
    with the usual margins: each part in its order, compressed once, but the document's
    own (its text before and after the body) and the core properties, which every file
    writes anew."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

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
    buf = io.BytesIO()
    doc.save(buf)
    parts: dict[str, Any] = {}
    with zipfile.ZipFile(buf) as z:
        for name in z.namelist():
            if name == "word/document.xml":
                text = z.read(name).decode()
                cut = text.index("<w:body>") + len("<w:body>")
                end = text.index("<w:sectPr")
                parts[name] = (text[:cut], text[end:])
            else:
                parts[name] = Deflated.of(z.read(name))
    return parts


def _targets(doc: list[str], lines: list[str]) -> None:
    """The targets at the month's end, after the overall figures (when there are any)."""
    if not lines:
        return
    paragraph(doc, _("Targets at the end of the month:"), first_line=1)
    _items(doc, [f"- {line}" for line in lines])


def letterhead(doc: list[str], s: dict[str, str], meta: ExportMeta) -> None:
    """The issuing body and number on the left; the national motto, place and date right."""
    day = local_day(meta.stamp)
    left_w, right_w = twips(6.5), twips(9.5)
    body_lines: Lines = []
    if s["parent_body"]:
        body_lines.append((s["parent_body"].upper(), {"size": 13}))
    body_lines.append((s["issuing_body"].upper() or "……", {"size": 13, "bold": True}))
    body_lines.append(("———", {"size": 13}))
    motto: Lines = [
        (_("SOCIALIST REPUBLIC OF VIETNAM"), {"size": 12, "bold": True}),
        (_("Independence - Freedom - Happiness"), {"size": 13, "bold": True}),
        ("—————————", {"size": 13}),
    ]
    number = _("No.: %(number)s/BC-%(prefix)s", number="……", prefix=s["number_prefix"])
    dated = _(
        "%(place)s, day %(day)s month %(month)s year %(year)s",
        place=s["ward_name"] or "……",
        day=f"{day.day:02d}",
        month=f"{day.month:02d}",
        year=str(day.year),
    )
    rows = [
        f"<w:tr>{_cell(left_w, body_lines)}{_cell(right_w, motto)}</w:tr>",
        f"<w:tr>{_cell(left_w, [(number, {})])}"
        f"{_cell(right_w, [(dated, {'italic': True})])}</w:tr>",
    ]
    doc.append(table_xml([left_w, right_w], rows))


def _overall(doc: list[str], report: Report) -> None:
    """Part I: the figures in one sentence, then the table per organisation."""
    t = report.summary
    paragraph(doc, _("I. OVERALL RESULTS"), bold=True, before=6)
    paragraph(
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
        align=JUSTIFY,
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


def _row(widths: list[int], values: list[str], bold: bool = False) -> str:
    """A table row: the first cell left-aligned, the figures centred, 11 pt."""
    return (
        "<w:tr>"
        + "".join(
            _cell(w, [(value, {"size": 11, "bold": bold, "align": LEFT if n == 0 else CENTER})])
            for n, (w, value) in enumerate(zip(widths, values, strict=True))
        )
        + "</w:tr>"
    )


def _summary_table(doc: list[str], report: Report) -> None:
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
    # As wide as the text (16 cm on A4 with the margins of the template).
    widths = [twips(4.0)] + [twips(1.5)] * (len(headers) - 1)
    rows = [_row(widths, headers, bold=True)]
    rows += [_row(widths, [org.name, *_table_numbers(org.tally)]) for org in report.organisations]
    rows.append(_row(widths, [_("Total"), *_table_numbers(report.summary)], bold=True))
    doc.append(table_xml(widths, rows, grid=True))


def _each_organisation(doc: list[str], report: Report) -> None:
    """Part II: each organisation's share done, then each of its tasks."""
    paragraph(doc, _("II. RESULTS OF EACH ORGANISATION"), bold=True, before=12)
    for n, org in enumerate(report.organisations, start=1):
        ot = org.tally
        paragraph(
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


def _supported(doc: list[str], report: Report) -> None:
    """The tasks the organisation supports (phối hợp), each with its lead and the notes
    it wrote on them this month, at the end of part II."""
    if not report.supported:
        return
    paragraph(doc, _("Tasks our organisation supports") + ":", bold=True, before=4, first_line=1)
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


def _difficulties(doc: list[str], report: Report) -> None:
    """Part III: the blocked assignments, one paragraph per task."""
    paragraph(doc, _("III. DIFFICULTIES AND OBSTACLES"), bold=True, before=12)
    _items(
        doc,
        [
            f"- {report.full_title(task)}: "
            + "; ".join(branch_label(i) + _in_brackets(printable(i.last_note)) for i in items)
            + "."
            for task, items in report.difficulties_by_task
        ],
    )
    if not report.difficulties:
        paragraph(doc, _("None reported."), first_line=1)


def _in_brackets(note: str) -> str:
    """A note in brackets after a name, its closing stop left out (the sentence has its
    own: "khối 2 (Thiếu kinh phí)." not "(Thiếu kinh phí.).")."""
    note = note.rstrip(" .;,\n")
    return f" ({note})" if note else ""


def _next_month(doc: list[str], report: Report) -> None:
    """Part IV: what falls due next month, per task and due date."""
    paragraph(doc, _("IV. TASKS FOR %(period)s", period=report.next_period), bold=True, before=12)
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
        paragraph(doc, _("No assignment falls due next month."), first_line=1)


def _unit_texts(doc: list[str], meta: ExportMeta) -> None:
    """Part V, when the month has submitted reports in scope: each unit's texts (Kết quả,
    Khó khăn …) under its name."""
    if not meta.unit_texts:
        return
    paragraph(doc, _("V. REPORTS OF THE BRANCHES AND ORGANISATIONS"), bold=True, before=12)
    for n, unit in enumerate(meta.unit_texts, start=1):
        paragraph(doc, f"{n}. {unit.title} ({unit.state})", bold=True, before=4, first_line=1)
        for label, text in unit.parts:
            paragraph(doc, f"{label}:", italic=True, first_line=1)
            _items(doc, [line for line in printable(text).splitlines() if line.strip()] or ["—"])


def signature_block(doc: list[str], s: dict[str, str]) -> None:
    """The recipients on the left, the signer on the right, kept on one page."""
    left_w, right_w = twips(7.5), twips(8.5)
    recipients = [ln.strip() for ln in s["recipients"].splitlines() if ln.strip()]
    left = _cell(
        left_w,
        [(_("Recipients:"), {"size": 12, "bold": True, "italic": True, "align": LEFT})]
        + [(ln, {"size": 11, "align": LEFT}) for ln in recipients],
        before=12,
    )
    signer: Lines = []
    if s["signer_role"]:
        signer.append((s["signer_role"].upper(), {"size": 13, "bold": True}))
    signer.append((s["signer_title"].upper(), {"size": 13, "bold": True}))
    signer += [("", {}), ("", {}), ("", {}), (s["signer_name"] or "……", {"size": 13, "bold": True})]
    # The recipients and the signature stay together on one page.
    row = f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{left}{_cell(right_w, signer, before=12)}</w:tr>"
    doc.append(table_xml([left_w, right_w], [row], centred=False))
