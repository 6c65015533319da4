"""The import draft: the plan being previewed, as it travels in the preview's form.

The preview keeps no state on the server: the draft (every item, the lines that
were not imported, the headings naming organisations the ward does not have yet)
travels in a hidden form field as JSON, and each action on the preview posts it
back together with the edited fields.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l

from ..dates import parse_day
from ..inputs import printable
from ..refusals import Invalid

SHARED = "shared"
TITLE_MAX = 300
YEARS = (2000, 2100)  # the years a plan may have
BAD_DRAFT = _l("The preview could not be read. Please paste the text again.")


@dataclass
class DraftItem:
    """One task of the preview. ``org`` is "shared", "org:<id>" or "new:<n>".

    ``ticked`` items are imported; the parser offers the tasks it read from text without a
    clear list unticked. ``spans`` are [line, start column, end column] of the source.
    """

    text: str
    title: str
    org: str
    due: str = ""  # dd/mm/yyyy as typed
    lines: list[int] = field(default_factory=list)
    dropped: bool = False
    ticked: bool = True
    spans: list[list[int]] = field(default_factory=list)
    # The supporting organisations' ids (phối hợp), kept by a rollover from last year's task.
    supporters: list[int] = field(default_factory=list)


@dataclass
class CountNote:
    """A count the text announces on ``line``, and how many items were found for it."""

    line: int
    announced: int
    found: int


@dataclass
class NewOrg:
    """A heading naming an organisation the ward does not have (yet)."""

    key: str  # "new:<n>"
    heading: str
    code: str  # suggested code


@dataclass
class SkippedRow:
    """A source line that is not part of any task."""

    line: int
    text: str
    reason: str


@dataclass
class Draft:
    """Everything the preview shows and the confirm step needs."""

    year: int
    title: str
    source_text: str
    split_shared: bool = False
    items: list[DraftItem] = field(default_factory=list)
    new_orgs: list[NewOrg] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)
    heading_lines: list[int] = field(default_factory=list)
    line_count: int = 0
    messages: list[str] = field(default_factory=list)
    copied_from: int | None = None  # the year of the plan a rollover copies
    counts: list[CountNote] = field(default_factory=list)
    # For a .docx: the Word paragraph each line is (0 for the blank lines put between them).
    paragraphs: list[int] = field(default_factory=list)

    def to_json(self) -> str:
        """The draft for the hidden form field."""
        return json.dumps(asdict(self), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, raw: str) -> Draft:
        """Read a draft back; raises :class:`Invalid` on anything malformed.

        The draft comes back from the browser, so it is read as any input: numbers must be
        whole numbers (a year of four digits at most: ``1e999`` is refused, as is nesting
        too deep to parse), organisation keys of their shape, and text is taken as
        :func:`~wardtasks.inputs.printable`.
        """
        try:
            data = json.loads(raw)
            draft = cls(
                year=_year(data["year"]),
                title=_text(data["title"]),
                source_text=_text(data["source_text"]),
                split_shared=bool(data.get("split_shared")),
                items=[
                    DraftItem(
                        text=_text(i["text"]),
                        title=_text(i["title"]),
                        org=_org_key(i["org"]),
                        due=_text(i.get("due", "")),
                        lines=[_whole(n) for n in i.get("lines", [])],
                        dropped=bool(i.get("dropped")),
                        ticked=bool(i.get("ticked", True)),
                        spans=[[_whole(n) for n in span][:3] for span in i.get("spans", [])],
                        supporters=[_whole(n) for n in i.get("supporters", [])],
                    )
                    for i in data["items"]
                ],
                new_orgs=[
                    NewOrg(_org_key(n["key"], "new"), _text(n["heading"]), _text(n["code"]))
                    for n in data.get("new_orgs", [])
                ],
                skipped=[
                    SkippedRow(_whole(s["line"]), _text(s["text"]), _text(s["reason"]))
                    for s in data.get("skipped", [])
                ],
                heading_lines=[_whole(n) for n in data.get("heading_lines", [])],
                line_count=_whole(data.get("line_count", 0)),
                messages=[_text(m) for m in data.get("messages", [])],
                copied_from=(
                    _year(data["copied_from"]) if data.get("copied_from") is not None else None
                ),
                counts=[
                    CountNote(_whole(c["line"]), _whole(c["announced"]), _whole(c["found"]))
                    for c in data.get("counts", [])
                ],
                paragraphs=[_whole(n) for n in data.get("paragraphs", [])],
            )
        except (TypeError, KeyError, AttributeError, ValueError, RecursionError) as exc:
            # ValueError: also json's JSONDecodeError; RecursionError: nesting too deep.
            raise Invalid(BAD_DRAFT) from exc
        return draft

    def new_org(self, key: str) -> NewOrg | None:
        """The unknown organisation heading behind ``key``."""
        return next((n for n in self.new_orgs if n.key == key), None)

    @property
    def live_items(self) -> list[tuple[int, DraftItem]]:
        """(index, item) of the items that are not dropped."""
        return [(i, it) for i, it in enumerate(self.items) if not it.dropped]

    @property
    def imported_items(self) -> list[tuple[int, DraftItem]]:
        """(index, item) of the items confirming imports: not dropped, and ticked."""
        return [(i, it) for i, it in enumerate(self.items) if not it.dropped and it.ticked]

    def place(self, line: int) -> int:
        """What the user calls source line ``line``: its Word paragraph for a .docx."""
        if 0 < line <= len(self.paragraphs):
            return self.paragraphs[line - 1]
        return line

    @property
    def dropped_items(self) -> list[tuple[int, DraftItem]]:
        """(index, item) of the items the user dropped."""
        return [(i, it) for i, it in enumerate(self.items) if it.dropped]


def _whole(value: object) -> int:
    """A whole number of the draft (as :meth:`Draft.to_json` writes them: JSON integers)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(value)
    return value


def _year(value: object) -> int:
    """A year of the draft: four digits at most, so that every query can use it (whether
    it is one a plan may have is :func:`~wardtasks.plans.preview.validate_draft`'s to say)."""
    year = _whole(value)
    if not 1 <= year <= 9999:
        raise ValueError(value)
    return year


_ORG_KEY = re.compile(r"(org|new):[0-9]{1,9}")


def _org_key(value: object, kind: str | None = None) -> str:
    """Where an item goes, as :class:`DraftItem` says: "shared", "org:<id>" or "new:<n>"
    (``kind``: only that one)."""
    key = _text(value)
    match = _ORG_KEY.fullmatch(key)
    if not (match and kind in (None, match[1])) and not (key == SHARED and kind is None):
        raise ValueError(value)
    return key


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError(value)
    return printable(value)


def default_title(year: int) -> str:
    """The usual name of a year's plan."""
    return f"Nhiệm vụ trọng tâm năm {year}"


def make_title(text: str) -> str:
    """A short title for a task: the first clause once past ~40 characters, at most ~120."""
    text = " ".join(text.split())
    cut = len(text)
    for match in re.finditer(r"[;:,]|\.\s", text):
        if match.start() >= 40:
            cut = match.start()
            break
    title = text[:cut].rstrip(" .;:,")
    if len(title) > 120:
        space = title.rfind(" ", 40, 121)
        title = title[: space if space > 0 else 120].rstrip(' .;:,-–—(“"') + "…"
    return title or text[:120]


def parse_due(raw: str) -> date | None:
    """A dd/mm/yyyy date (see :func:`wardtasks.dates.parse_day`); raises ValueError for
    anything else (empty is None)."""
    return parse_day(raw) if raw.strip() else None
