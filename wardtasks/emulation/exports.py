"""The ranking as files: an XLSX workbook (branches, organisations, weights) and a DOCX list
proposed for commendation (danh sách đề nghị khen thưởng) for the year-end conference,
laid out like the monthly report (letterhead, signature block)."""

from __future__ import annotations

import io
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import ngettext

from ..inputs import printable
from ..reports.exports import ExportMeta
from ..reports.exports.common import fixed_zip, neutralise
from ..reports.exports.docx import (
    CENTER,
    document,
    letterhead,
    paragraph,
    signature_block,
    table_xml,
    text_run,
    twips,
)
from .scores import CRITERIA, Period, Ranking, ScoreLine

# The branches proposed for commendation: the first ones with a positive score.
PROPOSED = 5


def write(
    fmt: str, ranking: Ranking, period: Period, settings: dict[str, str], stamp: datetime
) -> bytes:
    """The file of ``ranking`` in ``fmt`` ("xlsx" or "docx")."""
    if fmt == "xlsx":
        return _xlsx(ranking, period, stamp)
    return _docx(ranking, period, settings, stamp)


def _breakdown(line: ScoreLine, weights: dict[str, int]) -> str:
    """Why the score: each criterion counted, times its weight."""
    return "; ".join(
        f"{c.label}: {line.counts[c.key]} × {weights[c.key]}"
        for c in CRITERIA
        if line.counts[c.key]
    )


def _headers(first: str) -> list[str]:
    cols = [_("Rank"), first, _("Organisation")]
    for c in CRITERIA:
        cols += [str(c.label), _("Points")]
    return [*cols, _("Score")]


def _row(line: ScoreLine) -> list[object]:
    cells: list[object] = [
        line.rank,
        neutralise(printable(line.name)),
        neutralise(printable(line.organisation)),
    ]
    for c in CRITERIA:
        cells += [line.counts[c.key], line.points[c.key]]
    return [*cells, line.total]


def _xlsx(ranking: Ranking, period: Period, stamp: datetime) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheets = (
        (book.active, _("Branches"), _("Branch"), ranking.branches),
        (book.create_sheet(), _("Organisations"), _("Organisation"), ranking.organisations),
    )
    for sheet, title, first, lines in sheets:
        sheet.title = title
        sheet.append([_("Emulation ranking, %(period)s", period=period.label)])
        sheet["A1"].font = Font(bold=True, size=14)
        sheet.append([])
        sheet.append(_headers(first))
        for cell in sheet[3]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        for line in lines:
            sheet.append(_row(line))
        sheet.column_dimensions["B"].width = 34
        sheet.column_dimensions["C"].width = 18
        sheet.freeze_panes = "C4"
    weights = book.create_sheet(_("Weights"))
    weights.append([_("Criterion"), _("Weight")])
    for c in CRITERIA:
        weights.append([str(c.label), ranking.weights[c.key]])
    weights.column_dimensions["A"].width = 30
    book.properties.created = book.properties.modified = stamp
    buf = io.BytesIO()
    book.save(buf)
    return fixed_zip(buf.getvalue(), stamp)


def _cells(widths: list[int], texts: list[str], bold: bool = False) -> str:
    """A row of plain table cells, one paragraph each."""
    return (
        "<w:tr>"
        + "".join(
            f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{w}"/></w:tcPr>'
            f"<w:p>{text_run(text, bold=bold) if text else '<w:r/>'}</w:p></w:tc>"
            for w, text in zip(widths, texts, strict=True)
        )
        + "</w:tr>"
    )


def _docx(ranking: Ranking, period: Period, settings: dict[str, str], stamp: datetime) -> bytes:
    doc: list[str] = []
    s = {k: printable(v) for k, v in settings.items()}
    meta = ExportMeta(scope_title="", settings=s, stamp=stamp, closed=True)
    letterhead(doc, s, meta)
    paragraph(
        doc,
        _("LIST PROPOSED FOR COMMENDATION"),
        size=14,
        bold=True,
        align=CENTER,
        before=12,
    )
    paragraph(
        doc,
        _("Emulation results, %(period)s", period=period.label),
        bold=True,
        align=CENTER,
        after=9,
    )
    weights = ", ".join(f"{c.label} {ranking.weights[c.key]:+d}" for c in CRITERIA)
    paragraph(
        doc,
        _("Scores from the status history; weights: %(weights)s.", weights=weights),
        first_line=1,
    )
    proposed = [line for line in ranking.branches if line.total > 0][:PROPOSED]
    # Four columns sharing the text's 16 cm, widened by Word to their text.
    widths = [twips(16 / 4)] * 4
    for heading, lines, first in (
        (_("I. BRANCHES PROPOSED FOR COMMENDATION"), proposed, _("Branch")),
        (_("II. ORGANISATIONS, RANKED"), ranking.organisations, _("Organisation")),
    ):
        paragraph(doc, heading, bold=True, before=6)
        if not lines:
            paragraph(doc, _("No branch has a positive score in this period."), first_line=1)
            continue
        rows = [_cells(widths, [_("No."), first, _("Score"), _("Why")], bold=True)]
        rows += [
            _cells(
                widths,
                [str(n), line.name, str(line.total), _breakdown(line, ranking.weights)],
            )
            for n, line in enumerate(lines, 1)
        ]
        doc.append(table_xml(widths, rows, grid=True, fixed=False))
    total = len(proposed)
    paragraph(
        doc,
        ngettext("%(num)d branch proposed.", "%(num)d branches proposed.", total),
        italic=True,
        before=6,
    )
    signature_block(doc, s)
    return document(doc, stamp)
