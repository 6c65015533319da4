"""The report as an XLSX workbook: a summary sheet and one sheet per organisation,
with real numbers, dates and percentages, printed on A4 landscape.

Written as SpreadsheetML text, one row at a time, with the few cell formats the report
uses declared once (:data:`STYLES`). A library spends its time on each cell: openpyxl,
even in its write-only mode, took 190-240 ms of CPU for the peer-sized ward's
organisation report (375 assignments, 4,100 cells: the bench's "XLSX export,
organisation, computed" row, issue 16) and XlsxWriter about 35 ms for its detailed sheet
alone, against a budget of a few milliseconds for the whole file (≥ 0.3× the floor's
page). The sheets, columns, widths, heights, formats, frozen panes, filter and print
settings are those openpyxl wrote (tests/test_reports_exports.py reads them back with
openpyxl).
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cache

from flask_babel import gettext as _

from ...i18n import CATEGORY_LABELS, STATUS_LABELS
from ...inputs import printable
from ..report import OrgSection, Report, Tally
from . import ExportMeta
from .common import (
    Deflated,
    blocked_text,
    branch_label,
    detail_headers,
    neutralise,
    notes_text,
    summary_headers,
    summary_numbers,
    task_headers,
    task_numbers,
    title,
    translated,
    xml_text,
    zip_file,
)

# Each text is made printable as it is written (no copy of the whole report first).
CLEANS_TEXT = True

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
STATUS_COLOURS = {
    "not_started": ("ECEFF1", "37474F"),
    "in_progress": ("E3F2FD", "0D47A1"),
    "done": ("E8F5E9", "1B5E20"),
    "blocked": ("FFF3E0", "E65100"),
    "cancelled": ("F5F5F5", "616161"),
}
TOP = '<alignment vertical="top"/>'
WRAP_TOP = '<alignment vertical="top" wrapText="1"/>'
# The cell formats: name -> (number format id, font, fill, alignment); a cell's style is
# its format's position. Fonts and fills are listed below, after the workbook's default
# font and the two fills every workbook has.
FONTS = [
    '<font><b val="1"/><sz val="14"/></font>',
    '<font><b val="1"/></font>',
    '<font><b val="1"/><color rgb="00B71C1C"/></font>',
    *(f'<font><b val="1"/><color rgb="00{c}"/></font>' for _f, c in STATUS_COLOURS.values()),
]
FILLS = [
    "EEF1F4",
    *(fill for fill, _c in STATUS_COLOURS.values()),
]
PERCENT, CHANGE, DAY = 9, 164, 165
NUMBER_FORMATS = {CHANGE: "+0;-0;0", DAY: "DD/MM/YYYY"}
STYLES: dict[str, tuple[int, int, int, str]] = {
    "plain": (0, 0, 0, ""),
    "title": (0, 1, 0, ""),
    "header": (0, 2, 2, '<alignment vertical="center" wrapText="1"/>'),
    "percent": (PERCENT, 0, 0, ""),
    "change": (CHANGE, 0, 0, ""),
    "bold": (0, 2, 0, ""),
    "bold percent": (PERCENT, 2, 0, ""),
    "bold change": (CHANGE, 2, 0, ""),
    "wrap": (0, 0, 0, WRAP_TOP),
    "day": (DAY, 0, 0, ""),
    "top": (0, 0, 0, TOP),
    "top percent": (PERCENT, 0, 0, TOP),
    "top day": (DAY, 0, 0, TOP),
    "overdue": (0, 3, 0, TOP),
    **{status: (0, 4 + n, 3 + n, TOP) for n, status in enumerate(STATUS_COLOURS)},
}
S = {name: n for n, name in enumerate(STYLES)}
STYLE_ATTRS = ["", *(f' s="{n}"' for n in range(1, len(STYLES)))]
DETAIL_WIDTHS = (28, 28, 44, 18, 11, 12, 12, 9, 24, 60)
EPOCH = date(1899, 12, 30)

Cell = tuple[object, int]  # a value and its style


def _sheet_title(name: str, used: set[str]) -> str:
    """A sheet name Excel accepts, unique in the workbook (case-insensitively)."""
    clean = "".join("_" if c in "[]:*?/\\" else c for c in name).strip("'")[:28] or "Sheet"
    title, n = clean, 2
    while title.lower() in used:
        title = f"{clean[:25]} ({n})"
        n += 1
    used.add(title.lower())
    return title


def _column(n: int) -> str:
    """The letters of column ``n`` (1 is A)."""
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


COLUMNS = [_column(n) for n in range(1, 31)]


class _Strings:
    """The workbook's shared strings, as Excel writes them: each distinct text once, a
    cell its number (an organisation's sheet repeats its name, the branches, the tasks
    and the statuses on every row); each text never a formula."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def __call__(self, text: str) -> int:
        """The number of ``text`` (made printable), written as text, never a formula."""
        text = neutralise(text)
        n = self.numbers.get(text)
        if n is None:
            n = self.numbers[text] = len(self.numbers)
        return n

    def xml(self) -> bytes:
        items = []
        for text in self.numbers:
            escaped = xml_text(text)
            if text != text.strip() or "\n" in text:
                items.append(f'<si><t xml:space="preserve">{escaped}</t></si>')
            else:
                items.append(f"<si><t>{escaped}</t></si>")
        count = len(items)
        return (
            f'<sst xmlns="{MAIN}" count="{count}" uniqueCount="{count}">{"".join(items)}</sst>'
        ).encode()


class _Sheet:
    """A sheet's rows as SpreadsheetML, its column widths, frozen panes and the number
    of its next row."""

    def __init__(self, strings: _Strings, name: str, titled: bool) -> None:
        self.strings = strings
        self.name = name
        self.titled = titled  # its header row printed on every page
        self.rows: list[str] = []
        self.cols = ""
        self.pane = ""
        self.filter = ""
        self.r = 1

    def row(self, *cells: Cell | object, height: float | None = None) -> None:
        """Append a row of cells ((value, style)) or plain values, ``height`` points tall
        if given."""
        r = self.r
        out = [f'<row r="{r}" ht="{height:g}" customHeight="1">' if height else f'<row r="{r}">']
        for c, cell in enumerate(cells):
            value, style = cell if type(cell) is tuple else (cell, 0)
            ref = f'r="{COLUMNS[c]}{r}"{STYLE_ATTRS[style]}'
            kind = type(value)
            if kind is int:
                out.append(f"<c {ref}><v>{value}</v></c>")
            elif kind is str:
                if value:
                    out.append(f'<c {ref} t="s"><v>{self.strings(printable(value))}</v></c>')
                else:
                    out.append(f'<c {ref} t="inlineStr"></c>')
            elif kind is float:  # 16 digits, as openpyxl wrote them
                out.append(f"<c {ref}><v>{value:.16g}</v></c>")
            elif value is None:
                if style:
                    out.append(f"<c {ref}/>")
            elif isinstance(value, date):
                days = (value.date() if isinstance(value, datetime) else value) - EPOCH
                out.append(f"<c {ref}><v>{days.days}</v></c>")
            else:
                out.append(f"<c {ref}><v>{value}</v></c>")
        out.append("</row>")
        self.rows.append("".join(out))
        self.r += 1

    def header(self, headers: list[str], height: float = 48) -> None:
        """A bold, shaded, wrapped header row (wrapped labels need the room)."""
        self.row(*[(h, S["header"]) for h in headers], height=height)

    def widths(self, widths: dict[int, float]) -> None:
        self.cols = "".join(
            f'<col width="{w:g}" customWidth="1" min="{c}" max="{c}"/>' for c, w in widths.items()
        )

    def freeze(self, cell: str) -> None:
        """Freeze the columns left of and the rows above ``cell`` ("B7", "A2")."""
        column, row = ord(cell[0]) - 64, int(cell[1:])
        if column == 1:
            self.pane = (
                f'<pane ySplit="{row - 1}" topLeftCell="{cell}" activePane="bottomLeft" '
                'state="frozen"/><selection pane="bottomLeft" activeCell="A1" sqref="A1"/>'
            )
            return
        self.pane = (
            f'<pane xSplit="{column - 1}" ySplit="{row - 1}" topLeftCell="{cell}" '
            'activePane="bottomRight" state="frozen"/><selection pane="topRight"/>'
            '<selection pane="bottomLeft"/>'
            '<selection pane="bottomRight" activeCell="A1" sqref="A1"/>'
        )

    def xml(self) -> bytes:
        view = f'<sheetView workbookViewId="0">{self.pane}</sheetView>'
        return "".join(
            [
                f'<worksheet xmlns="{MAIN}"><sheetPr><outlinePr summaryBelow="1" '
                'summaryRight="1"/><pageSetUpPr fitToPage="1"/></sheetPr>'
                f'<sheetViews>{view}</sheetViews><sheetFormatPr baseColWidth="8" '
                f'defaultRowHeight="15"/><cols>{self.cols}</cols><sheetData>',
                *self.rows,
                "</sheetData>",
                f'<autoFilter ref="{self.filter}"/>' if self.filter else "",
                '<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" '
                'footer="0.5"/><pageSetup orientation="landscape" paperSize="9" '
                'fitToHeight="0" fitToWidth="1"/></worksheet>',
            ]
        ).encode()


def _wrapped_lines(text: str, width: float) -> int:
    """About how many lines ``text`` takes in a wrapped column ``width`` characters wide."""
    per_line = max(int(width * 1.1), 1)
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))


def _tally_cells(t: Tally, bold: bool = False) -> list[Cell]:
    """A tally's figures, shares as percentages."""
    plain = summary_numbers(t)[:-3]
    prefix = "bold " if bold else ""
    return [
        *((n, S["bold"] if bold else 0) for n in plain),
        (t.done / t.total if t.total else 0, S[prefix + "percent"]),
        (t.previous_done / t.previous_total if t.previous_total else 0, S[prefix + "percent"]),
        (t.change, S[prefix + "change"]),
    ]


def write(report: Report, meta: ExportMeta) -> bytes:
    """The report's workbook, written sheet by sheet, row by row."""
    used: set[str] = set()
    strings = _Strings()
    sheets = [_Sheet(strings, _sheet_title(printable(_("Summary")), used), titled=False)]
    _summary_sheet(sheets[0], report, meta)
    for org in report.organisations:
        sheet = _Sheet(strings, _sheet_title(printable(org.short_name or org.name), used), True)
        if report.detailed:
            _detail_sheet(sheet, org, report)
        else:
            _task_sheet(sheet, org, report)
        sheets.append(sheet)
    return _workbook(sheets, strings, title(report), meta.stamp)


def _workbook(sheets: list[_Sheet], strings: _Strings, doc_title: str, stamp: datetime) -> bytes:
    """The file: the sheets and the parts around them, in the order openpyxl wrote."""
    when = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    dc, terms = (
        'xmlns:dc="http://purl.org/dc/elements/1.1/"',
        'xmlns:dcterms="http://purl.org/dc/terms/"',
    )
    xsi = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="dcterms:W3CDTF"'
    core = (
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        f'core-properties"><dc:creator {dc}>wardtasks</dc:creator>'
        f"<dc:title {dc}>{xml_text(printable(doc_title))}</dc:title>"
        f"<dcterms:created {terms} {xsi}>{when}</dcterms:created>"
        f"<dcterms:modified {terms} {xsi}>{when}</dcterms:modified>"
        "<cp:lastModifiedBy>wardtasks</cp:lastModifiedBy></cp:coreProperties>"
    )
    fixed = _fixed_parts()
    entries: list[tuple[str, bytes | Deflated]] = [
        ("docProps/app.xml", fixed["app"]),
        ("docProps/core.xml", core.encode()),
        ("xl/theme/theme1.xml", fixed["theme"]),
        *((f"xl/worksheets/sheet{n}.xml", s.xml()) for n, s in enumerate(sheets, 1)),
        ("xl/sharedStrings.xml", strings.xml()),
        ("xl/styles.xml", fixed["styles"]),
        ("_rels/.rels", fixed["rels"]),
        ("xl/workbook.xml", _workbook_xml(sheets)),
        ("xl/_rels/workbook.xml.rels", _workbook_rels(len(sheets))),
        ("[Content_Types].xml", _content_types(len(sheets))),
    ]
    return zip_file(entries, stamp)


def _quoted(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def _workbook_xml(sheets: list[_Sheet]) -> bytes:
    listed = "".join(
        f'<sheet xmlns:r="{REL}" name="{xml_text(s.name).replace(chr(34), "&quot;")}" '
        f'sheetId="{n}" state="visible" r:id="rId{n}"/>'
        for n, s in enumerate(sheets, 1)
    )
    names: list[str] = []
    for n, s in enumerate(sheets):
        quoted = xml_text(_quoted(s.name))
        if s.filter:
            start, end = s.filter.split(":")
            ref = f"${start[0]}${start[1:]}:${end[0]}${end[1:]}"
            names.append(
                f'<definedName name="_xlnm._FilterDatabase" localSheetId="{n}" hidden="1">'
                f"{quoted}!{ref}</definedName>"
            )
        if s.titled:
            names.append(
                f'<definedName name="_xlnm.Print_Titles" localSheetId="{n}">'
                f"{quoted}!$1:$1</definedName>"
            )
    defined = f"<definedNames>{''.join(names)}</definedNames>" if names else ""
    return (
        f'<workbook xmlns="{MAIN}"><workbookPr/><workbookProtection/><bookViews>'
        '<workbookView visibility="visible" minimized="0" showHorizontalScroll="1" '
        'showVerticalScroll="1" showSheetTabs="1" tabRatio="600" firstSheet="0" '
        f'activeTab="0" autoFilterDateGrouping="1"/></bookViews><sheets>{listed}</sheets>'
        f'{defined}<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>'
    ).encode()


def _workbook_rels(count: int) -> bytes:
    kind = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    rels = [
        f'<Relationship Type="{kind}/worksheet" Target="/xl/worksheets/sheet{n}.xml" Id="rId{n}"/>'
        for n in range(1, count + 1)
    ]
    rels.append(f'<Relationship Type="{kind}/styles" Target="styles.xml" Id="rId{count + 1}"/>')
    rels.append(
        f'<Relationship Type="{kind}/theme" Target="theme/theme1.xml" Id="rId{count + 2}"/>'
    )
    rels.append(
        f'<Relationship Type="{kind}/sharedStrings" Target="sharedStrings.xml" '
        f'Id="rId{count + 3}"/>'
    )
    return f'<Relationships xmlns="{PKG_REL}">{"".join(rels)}</Relationships>'.encode()


def _content_types(count: int) -> bytes:
    office = "application/vnd.openxmlformats-officedocument"
    parts = [
        ("/xl/styles.xml", f"{office}.spreadsheetml.styles+xml"),
        ("/xl/theme/theme1.xml", f"{office}.theme+xml"),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
        ("/docProps/app.xml", f"{office}.extended-properties+xml"),
        *(
            (f"/xl/worksheets/sheet{n}.xml", f"{office}.spreadsheetml.worksheet+xml")
            for n in range(1, count + 1)
        ),
        ("/xl/workbook.xml", f"{office}.spreadsheetml.sheet.main+xml"),
        ("/xl/sharedStrings.xml", f"{office}.spreadsheetml.sharedStrings+xml"),
    ]
    return (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        + "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in parts)
        + "</Types>"
    ).encode()


@cache
def _fixed_parts() -> dict[str, Deflated]:
    """The parts every workbook has alike, compressed once per process: the styles, the
    theme (openpyxl's, which the default font refers to), the package's relationships
    and the application's name."""
    from openpyxl.writer.theme import theme_xml

    fonts = [
        '<font><name val="Calibri"/><family val="2"/><color theme="1"/><sz val="11"/>'
        '<scheme val="minor"/></font>',
        *FONTS,
    ]
    fills = [
        "<fill><patternFill/></fill>",
        '<fill><patternFill patternType="gray125"/></fill>',
        *(
            f'<fill><patternFill patternType="solid"><fgColor rgb="00{c}"/></patternFill></fill>'
            for c in FILLS
        ),
    ]
    xfs = []
    for number, font, fill, alignment in STYLES.values():
        attrs = f'numFmtId="{number}" fontId="{font}" fillId="{fill}" borderId="0"'
        if alignment:
            xfs.append(
                f'<xf {attrs} applyAlignment="1" pivotButton="0" quotePrefix="0" xfId="0">'
                f"{alignment}</xf>"
            )
        else:
            xfs.append(f'<xf {attrs} pivotButton="0" quotePrefix="0" xfId="0"/>')
    formats = "".join(
        f'<numFmt numFmtId="{n}" formatCode="{code}"/>' for n, code in NUMBER_FORMATS.items()
    )
    styles = (
        f'<styleSheet xmlns="{MAIN}"><numFmts count="{len(NUMBER_FORMATS)}">{formats}</numFmts>'
        f'<fonts count="{len(fonts)}">{"".join(fonts)}</fonts>'
        f'<fills count="{len(fills)}">{"".join(fills)}</fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
        '</borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" '
        f'borderId="0"/></cellStyleXfs><cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0" hidden="0"/>'
        '</cellStyles><tableStyles count="0" defaultTableStyle="TableStyleMedium9" '
        'defaultPivotStyle="PivotStyleLight16"/></styleSheet>'
    )
    kind = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    rels = (
        f'<Relationships xmlns="{PKG_REL}">'
        f'<Relationship Type="{kind}/officeDocument" Target="xl/workbook.xml" Id="rId1"/>'
        '<Relationship Type="http://schemas.openxmlformats.org/package/2006/relationships/'
        'metadata/core-properties" Target="docProps/core.xml" Id="rId2"/>'
        f'<Relationship Type="{kind}/extended-properties" Target="docProps/app.xml" '
        'Id="rId3"/></Relationships>'
    )
    app = (
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-'
        'properties"><Application>wardtasks</Application></Properties>'
    )
    return {
        "styles": Deflated.of(styles.encode()),
        "theme": Deflated.of(theme_xml.encode()),
        "rels": Deflated.of(rels.encode()),
        "app": Deflated.of(app.encode()),
    }


def _summary_sheet(sheet: _Sheet, report: Report, meta: ExportMeta) -> None:
    """The first sheet: the heading, the tallies, the targets, the difficulties and what
    falls due."""
    headers = [_("Organisation"), *summary_headers()]
    sheet.widths({1: 42, **{c: 13 for c in range(2, len(headers) + 1)}})
    sheet.freeze("B7")
    sheet.row((title(report), S["title"]))
    sheet.row(f"{_('Scope')}: {meta.scope_title}")
    sheet.row(f"{_('Plan')}: {report.plan_title}")
    figures = _("closed") if meta.closed else _("provisional (month not closed)")
    sheet.row(f"{_('Figures')}: " + figures)
    sheet.row()
    sheet.header(headers)
    for org in report.organisations:
        sheet.row(org.name, *_tally_cells(org.tally))
    sheet.row((_("Total"), S["bold"]), *_tally_cells(report.summary, bold=True))
    sheet.row()
    if meta.targets:
        sheet.row((_("Targets at the end of the month:"), S["bold"]))
        for sentence in meta.targets:
            sheet.row(sentence)
        sheet.row()
    if report.detailed:
        sheet.header([_("Branch"), *summary_headers()])
        for org in report.organisations:
            for line in org.branches:
                sheet.row(line.label, *_tally_cells(line.tally))
        sheet.row()
    _difficulties(sheet, report)
    sheet.row()
    _due_next_month(sheet, report)


def _difficulties(sheet: _Sheet, report: Report) -> None:
    """The blocked assignments."""
    sheet.row((_("Difficulties"), S["bold"]))
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
    sheet.row((_("Due next month (%(period)s)", period=report.next_period), S["bold"]))
    for item in report.next_month:
        sheet.row(f"{branch_label(item)} – {item.task}", (item.due, S["day"]))
    for u in report.next_month_counts:
        sheet.row(
            f"{u.task} ({u.organisation_short})",
            (u.due, S["day"]),
            _("%(count)d not finished", count=u.count),
        )


def _task_sheet(sheet: _Sheet, org: OrgSection, report: Report) -> None:
    """An organisation's sheet in the ward's workbook: one row per task."""
    headers = task_headers()
    sheet.widths({1: 50, **{c: 12 for c in range(2, len(headers) + 1)}})
    sheet.freeze("B2")
    sheet.header(headers)
    for task in org.tasks:
        t = task.tally
        sheet.row(
            (report.with_support(task.task_id, task.title), S["wrap"]),
            *task_numbers(t)[:-1],
            (t.done / t.total if t.total else 0, S["percent"]),
        )


def _detail_sheet(sheet: _Sheet, org: OrgSection, report: Report) -> None:
    """An organisation's sheet in its own report: one row per assignment, its status
    coloured, as tall as its wrapped text (spreadsheet programs do not grow rows for
    wrapped text on opening)."""
    sheet.widths(dict(enumerate(DETAIL_WIDTHS, start=1)))
    sheet.freeze("A2")
    sheet.header(detail_headers(), height=32)
    words = _Words(sheet.strings)
    text, day, rows = words.text, words.day, sheet.rows
    statuses, categories, progresses = words.status_cells, words.categories, words.progress
    r = sheet.r
    own = _("own level")
    for task in org.tasks:
        for item in task.items:
            a, la = text(0, item.organisation)
            b, lb = text(1, branch_label(item, own))
            c, lc = text(2, report.with_support(item.task_id, item.task))
            i, li = text(8, categories[item.category] if item.category else "")
            j, lj = text(9, notes_text(item, words.statuses) if item.notes else "")
            progress = progresses.get(item.progress) or f"{item.progress / 100:.16g}"
            overdue = words.overdue if item.overdue else words.not_overdue
            rows.append(
                f'<row r="{r}" ht="{15 * max(la, lb, lc, li, lj)}" customHeight="1">'
                f'<c r="A{r}" {a}</c><c r="B{r}" {b}</c><c r="C{r}" {c}</c>'
                f'<c r="D{r}" {statuses[item.status]}</c>'
                f'<c r="E{r}" {PROGRESS_STYLE}><v>{progress}</v></c>'
                f'<c r="F{r}" {DAY_STYLE}>{day(item.due)}</c>'
                f'<c r="G{r}" {DAY_STYLE}>{day(item.done_on)}</c>'
                f'<c r="H{r}" {overdue}</c><c r="I{r}" {i}</c><c r="J{r}" {j}</c></row>'
            )
            r += 1
    sheet.r = r
    last = COLUMNS[len(DETAIL_WIDTHS) - 1]
    sheet.filter = f"A1:{last}{max(sheet.r - 1, 1)}"


class _Words:
    """What a detailed sheet writes on many rows, worked out once per file: the labels
    translated, each text's cell (its shared string) and wrapped height per column, the
    status, progress and date cells."""

    def __init__(self, strings: _Strings) -> None:
        self.strings = strings
        self.statuses = translated(STATUS_LABELS)
        self.categories = translated(CATEGORY_LABELS)
        self.status_cells = {
            status: f's="{S[status]}" t="s"><v>{strings(printable(label))}</v>'
            for status, label in self.statuses.items()
        }
        self.overdue = f's="{S["overdue"]}" t="s"><v>{strings(_("yes"))}</v>'
        self.not_overdue = f's="{S["top"]}" t="inlineStr">'
        self.progress = {n: f"{n / 100:.16g}" for n in range(101)}
        self.days: dict[date | None, str] = {None: ""}
        self.texts: list[dict[str, tuple[str, int]]] = [{} for _w in DETAIL_WIDTHS]

    def text(self, column: int, text: str) -> tuple[str, int]:
        """A wrapped text cell's content in ``column`` and the lines it takes there."""
        held = self.texts[column].get(text)
        if held is None:
            shown = printable(text)
            lines = _wrapped_lines(shown, DETAIL_WIDTHS[column])
            wrap = S["wrap"]
            cell = (
                f's="{wrap}" t="s"><v>{self.strings(shown)}</v>'
                if shown
                else f's="{wrap}" t="inlineStr">'
            )
            held = self.texts[column][text] = (cell, lines)
        return held

    def day(self, day: date | None) -> str:
        """A date cell's value (days since Excel's epoch)."""
        held = self.days.get(day)
        if held is None:
            held = self.days[day] = f"<v>{(day - EPOCH).days}</v>"  # type: ignore[operator]
        return held


PROGRESS_STYLE = f's="{S["top percent"]}"'
DAY_STYLE = f's="{S["top day"]}"'
