"""From a pasted or uploaded key-task list (or last year's plan) to an import draft."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l

from .. import importer
from ..dates import format_date
from ..inputs import normalise_text, printable
from ..models import Organisation, Plan
from ..refusals import Invalid
from .draft import SHARED, CountNote, Draft, DraftItem, NewOrg, SkippedRow, default_title

if TYPE_CHECKING:
    from ..importer import OrgAlias, ParseResult

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_TEXT_CHARS = 500_000

# Why a text or file cannot be imported, by the code the CLI prints.
INPUT_ERRORS = {
    "empty": _l("The text is empty: paste the key-task list or choose a file."),
    "too_large": _l("The file or text is too large (at most 2 MB)."),
    "wrong_type": _l("Only .txt and .docx files can be imported."),
    "not_utf8": _l(
        "This file is not UTF-8 text. Save it as “Unicode (UTF-8)” text or as .docx and try again."
    ),
    "not_docx": _l(
        "This file is not a real Word (.docx) document. Open it in Word, save it as .docx, "
        "or paste its text."
    ),
}


class ImportInputError(Invalid):
    """Text or a file that cannot be imported; ``code`` names the reason (for the CLI)."""

    def __init__(self, code: str) -> None:
        super().__init__(INPUT_ERRORS[code], "text")
        self.code = code


def text_from_upload(filename: str, data: bytes) -> str:
    """The text of an uploaded .txt (UTF-8) or .docx file (see :func:`source_from_upload`)."""
    return source_from_upload(filename, data)[0]


def source_from_upload(filename: str, data: bytes) -> tuple[str, list[int]]:
    """The text of an uploaded .txt (UTF-8) or .docx file, and for a .docx the Word
    paragraph of each line (empty for a .txt).

    Raises :class:`ImportInputError` with ``too_large``, ``wrong_type``,
    ``not_utf8``, ``not_docx`` or ``empty``.
    """
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImportInputError("too_large")
    name = filename.lower()
    paragraphs: list[int] = []
    if name.endswith(".docx"):
        try:
            text, paragraphs = importer.read_docx(data)
        except ValueError as exc:
            raise ImportInputError("not_docx") from exc
    elif name.endswith(".txt"):
        if b"\x00" in data:
            raise ImportInputError("not_utf8")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ImportInputError("not_utf8") from exc
    else:
        raise ImportInputError("wrong_type")
    # A file's text is not typed: Word's breaks become line breaks and other control
    # characters are dropped, and the preview shows every line before anything is saved.
    text = printable(normalise_text(text))
    if not text:
        raise ImportInputError("empty")
    return text, paragraphs


def check_pasted_text(text: str) -> str:
    """Pasted text as it will be parsed; raises ``empty`` or ``too_large``."""
    if not text.strip():
        raise ImportInputError("empty")
    if len(text) > MAX_TEXT_CHARS:
        raise ImportInputError("too_large")
    return text


def org_aliases(orgs: Iterable[Organisation]) -> tuple[OrgAlias, ...]:
    """The database's organisations as extra aliases for the parser."""
    return tuple(importer.OrgAlias(o.code, (o.name, o.short_name, o.code)) for o in orgs)


def parse_text(
    text: str, *, year: int | None, split_shared: bool, orgs: Sequence[Organisation]
) -> ParseResult:
    """Parse ``text`` knowing the ward's organisations."""
    return importer.parse_plan_text(
        text, year=year, split_shared=split_shared, org_aliases=org_aliases(orgs)
    )


def draft_from_text(
    text: str,
    *,
    year: int | None,
    split_shared: bool,
    orgs: Sequence[Organisation],
    paragraphs: Sequence[int] = (),
) -> Draft:
    """Parse ``text`` into a draft; headings of unknown organisations become ``new:<n>``.

    ``paragraphs`` are a .docx's Word paragraph per line (see :func:`source_from_upload`).
    """
    result = parse_text(text, year=year, split_shared=split_shared, orgs=orgs)
    by_code = {o.code: o for o in orgs}
    plan_year = year or result.year or date.today().year
    draft = Draft(
        year=plan_year,
        title=default_title(plan_year),
        source_text=text,
        split_shared=split_shared,
        skipped=[SkippedRow(s.line, s.text, s.reason) for s in result.skipped],
        heading_lines=list(result.heading_lines),
        line_count=result.line_count,
        messages=list(result.messages),
        counts=[CountNote(a.line, a.announced, a.found) for a in result.announcements],
        paragraphs=list(paragraphs),
    )
    new_keys: dict[str, str] = {}
    for section in result.sections:
        if section.kind == "shared":
            key = SHARED
        elif section.org_code is not None and section.org_code in by_code:
            key = f"org:{by_code[section.org_code].id}"
        else:
            # Unknown to the parser, or a built-in name the ward has no organisation for.
            ident = section.org_code or section.heading_name
            if ident not in new_keys:
                new_keys[ident] = f"new:{len(draft.new_orgs)}"
                draft.new_orgs.append(
                    NewOrg(
                        new_keys[ident],
                        section.heading_name,
                        section.org_code or suggest_code(section.heading_name),
                    )
                )
            key = new_keys[ident]
        for item in section.items:
            draft.items.append(
                DraftItem(
                    text=item.text,
                    title=item.title,
                    org=key,
                    due=format_date(item.due_date),
                    lines=list(item.lines),
                    ticked=not item.candidate,
                    spans=[[span.line, span.start, span.end] for span in item.spans],
                )
            )
    return draft


def suggest_code(name: str) -> str:
    """An organisation code from a heading: initials without diacritics ("Hội Nông dân" → HND)."""
    folded = unicodedata.normalize("NFD", name.replace("Đ", "D").replace("đ", "d"))
    ascii_name = "".join(c for c in folded if not unicodedata.combining(c))
    words = re.findall(r"[A-Za-z]+", ascii_name)
    stop = {"phuong", "xa", "thi", "tran"}
    initials = "".join(w[0] for w in words if w.lower() not in stop).upper()
    return (initials or "ORG")[:20]


def draft_from_plan(plan: Plan) -> Draft:
    """Next year's draft from a plan's tasks: same lead and supporting organisations, due
    dates a year later."""
    year = plan.year + 1
    draft = Draft(year=year, title=default_title(year), source_text="", copied_from=plan.year)
    lines: list[str] = [default_title(year).upper()]
    for task in plan.tasks:
        due = a_year_later(task.due_date)
        draft.items.append(
            DraftItem(
                text=task.text,
                title=task.title,
                org=SHARED if task.organisation_id is None else f"org:{task.organisation_id}",
                due=format_date(due),
                supporters=[o.id for o in task.supporters],
            )
        )
        lines.append(f"- {task.text}")
    draft.source_text = "\n".join(lines) + "\n"
    return draft


def a_year_later(day: date | None) -> date | None:
    """The same day a year later (28 February for 29 February); None stays None."""
    if day is None:
        return None
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)
