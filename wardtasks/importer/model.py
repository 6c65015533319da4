"""The parser's result: sections of items, and every source line accounted for."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from .orgs import OrgAlias

SkipReason = Literal[
    "blank",
    "image_id",
    "caption",
    "byline",
    "boilerplate",
    "conclusion",
    "preamble",
    "report",
    "unrecognized",
]
SectionKind = Literal["shared", "org"]


@dataclass(frozen=True)
class Span:
    """Columns ``start``..``end`` (0-based, end excluded) of source line ``line`` (1-based)."""

    line: int
    start: int
    end: int


@dataclass
class Item:
    """One key task as found in the text.

    ``text`` is the whole task (wrapped lines joined with a space, marker removed,
    whitespace collapsed); ``title`` a short form of it for lists; ``due_date`` a
    suggestion read from a date in the text; ``lines`` the 1-based source lines;
    ``spans`` the exact stretch of each line the text was read from. ``candidate``
    items were read from text that holds no clear list: the preview offers them
    unticked, and only what the user ticks is imported.
    """

    text: str
    title: str
    due_date: date | None = None
    lines: tuple[int, ...] = ()
    spans: tuple[Span, ...] = ()
    candidate: bool = False


@dataclass
class Section:
    """Items under one heading: the shared paragraph, or one organisation's list.

    ``org_code`` is None for the shared section and for an organisation heading that
    matched no alias; the latter has ``unknown_org=True`` so the UI can offer to
    create the organisation or map the heading to an existing one.
    """

    kind: SectionKind
    org_code: str | None
    heading_name: str
    heading_line: int | None
    unknown_org: bool = False
    items: list[Item] = field(default_factory=list)


@dataclass(frozen=True)
class SkippedLine:
    """A source line that is not part of any item or heading, and why."""

    line: int
    text: str
    reason: SkipReason


@dataclass(frozen=True)
class Announcement:
    """A count the text announces ("triển khai 04 nhiệm vụ:") and the items found for it."""

    line: int
    announced: int
    found: int
    org_code: str | None


@dataclass
class ParseResult:
    """Everything ``parse_plan_text`` found.

    Every line number 1..``line_count`` is in exactly one of: the lines of an item,
    ``heading_lines`` or ``skipped`` (items read from one line or paragraph share the
    lines they span). ``messages`` holds English message keys for the UI.
    """

    sections: list[Section]
    skipped: list[SkippedLine]
    heading_lines: list[int]
    title: str | None
    year: int | None
    messages: list[str]
    line_count: int
    # The aliases the text was parsed with (caller's merged with the defaults), so
    # that render_as_text can check its output against the same organisation names.
    org_aliases: tuple[OrgAlias, ...] = field(default=(), repr=False, compare=False)
    # Whether the shared paragraph was split into clauses (render_as_text joins them).
    split_shared: bool = False
    announcements: list[Announcement] = field(default_factory=list)

    @property
    def items(self) -> list[Item]:
        """All items of all sections, in source order."""
        return [item for section in self.sections for item in section.items]
