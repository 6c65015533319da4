"""Turn the text of a published key-task list into sections of items.

How a text is read, line by line (lines as ``str.splitlines`` gives them):

* Blank lines (spaces and non-breaking spaces only) are skipped as ``blank``.
  Unmarked lines that are page furniture are skipped wherever they are: image
  file names (``image_id``), author/source/date lines (``byline``), ratings and
  comment prompts (``boilerplate``). After "Ý kiến bạn đọc" / "Các tin khác"
  (once a list has started) the rest of the page is ``boilerplate``.
* The list starts at a key-task heading ("NHIỆM VỤ TRỌNG TÂM NĂM 2023", any
  marker, any case) or at an organisation heading. Headings are short lines
  (at most 12 words); see :func:`~.lines.org_heading` for which short lines
  name an organisation. Before the list, the first line is the article title
  when it reads like one (a heading line); other lines are ``caption`` (up to
  25 words: photo captions, repeated titles) or ``preamble`` (the report); if
  the text never reaches a list, they are ``unrecognized`` instead.
* In the list, a line starting with a marker (``-`` ``+`` ``*`` ``•`` ``–``,
  ``1.`` ``1)`` ``a)`` ``I.`` …, with or without a space) starts an item of the
  current section. Lines after a key-task heading and before the first
  organisation heading form the shared section.
* An unmarked line directly under an item line continues that item (a heading
  there must start with a capital and not end with "." ";" ","), and so does a
  dash followed by a lowercase word under an item line that does not end a
  sentence (a hyphen the text was wrapped at: "đường “Xanh" / "- sạch - đẹp”").
* An unmarked line after a gap (blank line, image id, …) depends on the section:
  - the section has no item yet: it starts one (a paragraph item; the shared
    paragraph is one);
  - the section's items are bulleted: if more list follows (a marked line or a
    heading, before the page footer), it continues the last item; otherwise it
    is the closing paragraph after the lists: it and all later text lines are
    ``conclusion``;
  - the section's items are paragraphs: it starts a new item, unless it opens
    like a closing paragraph ("Năm 2023, …", "Trong năm …") and no list follows.
* A line that is only a marker is ``unrecognized``.

Due dates: the end of a date range ("(18/11/1930-18/11/2023)") that falls in the
plan's year, else a plain d/m/yyyy in that year; the last such date in the item.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from .clauses import sentence_ends
from .directives import item_subject
from .drafts import ItemDraft, SectionDraft
from .lines import (
    MAX_HEADING_WORDS,
    Line,
    OrgHeading,
    TaskHeading,
    heading_name,
    is_footer,
    is_group_heading,
    is_masthead,
    is_note,
    is_results_lead,
    is_wrapped_dash,
    junk_reason,
    make_line,
)
from .lines import org_heading as find_org_heading
from .lines import task_heading_of as find_task_heading
from .model import (
    Announcement,
    ParseResult,
    SectionKind,
    SkippedLine,
    SkipReason,
)
from .orgfinder import OrgFinder, named_as_partner
from .orgs import DEFAULT_ORG_ALIASES, OrgAlias, OrgMatcher, matcher_for, merge_aliases
from .planyear import plan_year as named_plan_year
from .prose import read_prose
from .text import collapse, is_caps, normalize
from .vocab import (
    PAST,
    REPORT_HEAD_WORDS,
    REPORT_LEAD,
    SENTENCE_END_CHARS,
    TASK_START,
    fold,
    reads_as_result,
    reads_as_task,
)

CAPTION_MAX_WORDS = 25
TITLE_MAX_WORDS = 30

_TITLE_WORDS = ("nhiem vu", "ke hoach", "tong ket", "chuong trinh", "phuong huong", "hoi nghi")
_CONCLUSION_START = re.compile(
    r"^(?:nam \d{4}\b|trong nam\b|voi (?:nhung|tinh than|quyet tam|muc tieu)\b|tom lai\b"
    r"|nhin chung\b|de (?:thuc hien|hoan thanh|dat duoc)\b|phat huy (?:nhung )?ket qua\b"
    r"|hoi nghi (?:da )?(?:be mac|ket thuc)\b)"
)


def parse_plan_text(
    text: str,
    *,
    year: int | None = None,
    split_shared: bool = False,
    org_aliases: Sequence[OrgAlias] = DEFAULT_ORG_ALIASES,
) -> ParseResult:
    """Parse a key-task list (pasted text, a .txt or a .docx's text) into sections.

    ``year`` is the plan's year (used for due dates); without it the year named in
    the key-task heading is used, else the one the text names as its plan's
    (:func:`.planyear.plan_year`: "phương hướng, nhiệm vụ năm 2025", "Năm 2025, Hội …",
    the title). ``split_shared`` splits the shared
    paragraph into one item per clause (at top-level semicolons). ``org_aliases``
    are the organisations to recognise, merged with :data:`DEFAULT_ORG_ALIASES`.
    Never raises on any text; text that holds no list gives no items and the
    message ``"no_items_found"``.
    """
    aliases = merge_aliases(org_aliases)
    lines = [make_line(n, raw) for n, raw in enumerate(text.splitlines(), start=1)]
    matcher = matcher_for(aliases)
    reader = _Reader(lines, matcher)
    reader.run()
    for draft in reader.sections:
        draft.split_sentences()
        draft.doubt()
    finder = OrgFinder(matcher)
    reader.assign_owner(finder)
    plan_year = year or reader.heading_year or named_plan_year(text, reader.title_line)
    announcements: list[Announcement] = []
    if not any(not d.candidate for section in reader.sections for d in section.items):
        announcements = reader.read_prose(finder)
    reader.own_subjects(finder)
    sections = [draft.build(plan_year, split_shared) for draft in reader.sections]
    sections = [section for section in sections if section.items]

    title = reader.title_line if reader.title_line is not None else reader.first_task_heading
    messages: list[str] = []
    items = [item for section in sections for item in section.items]
    if not items:
        messages.append("no_items_found")
    else:
        if all(item.candidate for item in items):
            messages.append("candidates_only")
        elif reader.first_task_heading is None:
            messages.append("no_task_heading")
        if plan_year is None:
            messages.append("year_not_detected")
    if any(section.unknown_org for section in sections):
        messages.append("unknown_org")
    if any(a.announced != a.found for a in announcements):
        messages.append("count_mismatch")
    return ParseResult(
        sections=sections,
        skipped=sorted(reader.skipped, key=lambda s: s.line),
        heading_lines=reader.heading_lines,
        title=title,
        year=plan_year,
        messages=messages,
        line_count=len(lines),
        org_aliases=aliases,
        split_shared=split_shared,
        announcements=announcements,
    )


# Reasons of lines the prose reader may still find tasks in.
_PROSE_REASONS = {"caption", "preamble", "unrecognized", "conclusion", "report"}


class _Reader:
    """One pass over the lines; see the module docstring for the rules."""

    def __init__(self, lines: list[Line], matcher: OrgMatcher) -> None:
        self.lines = lines
        self.matcher = matcher
        self.sections: list[SectionDraft] = []
        self.skipped: list[SkippedLine] = []
        self.heading_lines: list[int] = []
        self.title_line: str | None = None
        self.first_task_heading: str | None = None
        self.heading_year: int | None = None
        self.owner_name: str | None = None
        self.list_after = self._list_after()
        self._colon_heading_after: list[bool] | None = None
        self._state = "before"  # "before" the list, in the "list", "after" it
        self._footer = False
        self._results = False
        self._report_open = False
        self._seen_text = False
        self._section: SectionDraft | None = None
        self._pending_shared: tuple[str, int] | None = None
        self._open: ItemDraft | None = None

    def _list_after(self, *, colon_headings: bool = False) -> list[bool]:
        """For each line, whether a marked line or a heading follows it (before a footer);
        with ``colon_headings``, a heading with its first task on one line counts too."""
        after = [False] * len(self.lines)
        found = False
        for index in range(len(self.lines) - 1, -1, -1):
            after[index] = found
            line = self.lines[index]
            if is_footer(line):
                found = False
            elif (
                (line.marker is not None and line.content)
                or self._is_heading(line)
                or (colon_headings and self._org_before_colon(line) is not None)
            ):
                found = True
        return after

    def _is_heading(self, line: Line) -> bool:
        return (
            find_task_heading(line) is not None or find_org_heading(line, self.matcher) is not None
        )

    def skip(self, line: Line, reason: SkipReason) -> None:
        self.skipped.append(SkippedLine(line.number, line.raw, reason))

    def run(self) -> None:
        for index, line in enumerate(self.lines):
            self._read(index, line)
        if self._state == "before":
            # No list at all: nothing before it to call a preamble.
            self.skipped = [
                SkippedLine(s.line, s.text, "unrecognized")
                if s.reason in ("caption", "preamble")
                else s
                for s in self.skipped
            ]

    def _read(self, index: int, line: Line) -> None:
        if self._footer:
            self.skip(line, "blank" if not line.text else junk_reason(line) or "boilerplate")
            return
        if not line.text:
            self.skip(line, "blank")
            self._open = None
            self._report_open = False
            return
        junk = junk_reason(line)
        if junk is not None:
            self.skip(line, junk)
            self._open = None
            self._report_open = False
            self._footer = self._state != "before" and is_footer(line)
            return

        after_item = self._open is not None
        prev_text = self.lines[index - 1].text if index else ""
        following = self.lines[index + 1] if index + 1 < len(self.lines) else None
        if (
            self._state == "before"
            and is_masthead(line, following)
            and following is not None
            and not self._is_heading(following)
            and find_org_heading(line, self.matcher) is not None
        ):
            self.skip(line, "boilerplate")
            return
        heading = find_task_heading(line, after_item=after_item, prev_text=prev_text)
        if heading is not None:
            self._start_shared(line, heading)
            return
        org = find_org_heading(line, self.matcher, after_item=after_item, prev_text=prev_text)
        if org is not None:
            self._start_org(line, org)
            return
        if (
            not after_item or line.marker is not None or prev_text.rstrip().endswith(".")
        ) and self._heading_with_item(index, line):
            return

        if self._open is not None and is_wrapped_dash(line, after_item=True, prev_text=prev_text):
            self._open.add(line, line.text)
        elif self._state == "before":
            self._read_before_list(line)
        elif self._state == "after":
            self.skip(line, "conclusion")
        elif is_results_lead(line):
            self._results = True
            self._open = None
            self.skip(line, "report")
        elif not after_item and (is_group_heading(line) or is_note(line)):
            self._open = None
            if is_note(line):
                self.skip(line, "caption")
            else:
                self.heading_lines.append(line.number)
        else:
            self._read_in_list(index, line)

    def _heading_with_item(self, index: int, line: Line) -> bool:
        """ "* Hội CCB phường: Tiếp tục quán triệt …": a heading, then the first task.

        Not a list of links to other posts, where another "Công đoàn phường Y: …" follows in
        the same line; nor a news post's own title ("Hội Nông dân xã X: Hỗ trợ 120 hộ vay
        vốn"), an unmarked line before any item with no marked line or heading below it."""
        org = self._org_before_colon(line)
        if org is None:
            return False
        if line.marker is None and not any(section.items for section in self.sections):
            if self._colon_heading_after is None:
                self._colon_heading_after = self._list_after(colon_headings=True)
            if not self._colon_heading_after[index]:
                return False
        rest = line.content.partition(": ")[2]
        self._start_org(line, org, as_heading=False)
        section = self._current_section()
        self._open = ItemDraft()
        self._open.add(line, rest.strip())
        section.items.append(self._open)
        section.bulleted = True
        return True

    def _org_before_colon(self, line: Line) -> OrgHeading | None:
        """The organisation a line names before ": " and its first task, if it does."""
        head, colon, rest = line.content.partition(": ")
        if not colon or not rest.strip() or len(head.split()) > MAX_HEADING_WORDS:
            return None
        if any(
            ": " in rest[position : position + 60]
            for position, _code in OrgFinder(self.matcher).mentions(rest)
        ):
            return None
        if _DEFINITION.match(normalize(rest)):
            # "Hội Chữ thập đỏ Việt Nam: Là tổ chức …": what it is, not its first task.
            return None
        org = find_org_heading(make_line(line.number, f"{line.marker or ''} {head}:"), self.matcher)
        return None if org is None or org.code is None else org

    def _heading(self, line: Line, *, as_heading: bool = True) -> None:
        if as_heading:
            self.heading_lines.append(line.number)
        self._state = "list"
        self._open = None
        self._results = False
        self._report_open = False
        self._seen_text = True

    def _start_shared(self, line: Line, heading: TaskHeading) -> None:
        self._heading(line)
        name = heading_name(line.content)
        if self.first_task_heading is None:
            self.first_task_heading = name
        if heading.year and self.heading_year is None:
            self.heading_year = heading.year
        if heading.owner is not None and self.owner_name is None:
            self.owner_name = heading.owner
        self._section = None
        self._pending_shared = (name, line.number)

    def _start_org(self, line: Line, org: OrgHeading, *, as_heading: bool = True) -> None:
        self._heading(line, as_heading=as_heading)
        self._section = SectionDraft(
            kind="org",
            org_code=org.code,
            heading_name=org.name,
            heading_line=line.number,
            unknown_org=org.code is None,
        )
        self.sections.append(self._section)
        self._pending_shared = None

    def _current_section(self) -> SectionDraft:
        if self._section is None:
            name, number = self._pending_shared or ("", None)
            self._section = SectionDraft("shared", None, name, number)
            self.sections.append(self._section)
        return self._section

    def _read_before_list(self, line: Line) -> None:
        first = not self._seen_text
        self._seen_text = True
        if first and _looks_like_title(line):
            self.title_line = collapse(line.text)
            self.heading_lines.append(line.number)
        elif len(line.text.split()) <= CAPTION_MAX_WORDS:
            self.skip(line, "caption")
        else:
            self.skip(line, "preamble")

    def _new_item(self, section: SectionDraft, line: Line, *, paragraph: bool = False) -> None:
        self._open = ItemDraft(paragraph=paragraph)
        self._open.add(line, line.content)
        section.items.append(self._open)

    def _read_in_list(self, index: int, line: Line) -> None:
        if line.marker is not None:
            self._report_open = False
            if not line.content:
                self.skip(line, "unrecognized")
                self._open = None
                return
            if self._results or reads_as_result(line.content):
                self.skip(line, "report")
                self._open = None
                return
            section = self._current_section()
            section.bulleted = True
            self._new_item(section, line)
            return
        if self._open is not None and _title_above_report(self._open, line):
            self._open.candidate = True
        if self._open is not None and not (
            self._open.paragraph and REPORT_LEAD.match(normalize(line.text))
        ):
            self._open.add(line, line.text)
            return
        section = self._current_section()
        if not section.items:
            self._paragraph_item(section, line)
        elif section.bulleted:
            if self.list_after[index]:
                self._open = section.items[-1]
                self._open.add(line, line.text)
            else:
                self._state = "after"
                self.skip(line, "conclusion")
        elif _CONCLUSION_START.match(normalize(line.text)) and not self.list_after[index]:
            self._state = "after"
            self.skip(line, "conclusion")
        else:
            self._paragraph_item(section, line)

    def _paragraph_item(self, section: SectionDraft, line: Line) -> None:
        """An unmarked paragraph: a task if it reads as one, else report text (and so are
        the lines that continue it)."""
        if not self._report_open and reads_as_task(line.text) and not _goes_on_reporting(line.text):
            self._new_item(section, line, paragraph=True)
        else:
            section.reports += not self._report_open
            self.skip(line, "report")
            self._report_open = not line.text.endswith((".", "!", "?", "…", ":", ";"))

    # -- after the lines -----------------------------------------------------------------

    def assign_owner(self, finder: OrgFinder) -> None:
        """One organisation's plan: the shared list goes to the owner its heading or title
        names ("Kế hoạch công tác năm 2024 của Hội Người cao tuổi phường")."""
        if any(s.kind == "org" for s in self.sections):
            return
        named = self.owner_name or _owner_in_title(self.title_line)
        mentions = finder.mentions(named) if named else []
        if not mentions:
            mentions = self._sole_actor_before_list(finder)
        if not mentions:
            return
        code = mentions[0][1]
        for section in self.sections:
            if section.kind == "shared":
                section.kind = "org"
                section.org_code = code
                section.heading_name = _org_name(finder, code)

    def own_subjects(self, finder: OrgFinder) -> None:
        """A marked item of the shared list that opens with an organisation as its verb's
        subject ("- Đoàn thanh niên phường tổ chức ra quân …") is that organisation's."""
        for section in list(self.sections):
            if section.kind != "shared" or not section.bulleted:
                continue
            kept: list[ItemDraft] = []
            for draft in section.items:
                text = draft.text
                code = item_subject(finder, text, 0, len(text))
                if code is None:
                    kept.append(draft)
                else:
                    self._prose_section(finder, code).items.append(draft)
            section.items = kept

    def _sole_actor_before_list(self, finder: OrgFinder) -> list[tuple[int, str]]:
        """The organisation the text names, and no other, as the one acting in the lines
        above its list ("Ban Thường trực Ủy ban MTTQ tỉnh ban hành Hướng dẫn …", "Năm
        2023, Ủy ban MTTQ Việt Nam các cấp tập trung …, trong đó xác định 10 nhiệm vụ
        trọng tâm:"): its plan. Nothing when the lines name several, or "các đoàn thể"."""
        items = [d for section in self.sections for d in section.items]
        if not items or any(d.paragraph for d in items):
            return []
        first = min(span.line for d in items for span in d.run.spans(0, len(d.run)))
        before = [line.text for line in self.lines[: first - 1] if line.text]
        text = "\n".join(before)
        mentions = finder.mentions(text)
        if len({code for _, code in mentions}) != 1 or _OTHER_BODIES.search(normalize(text)):
            return []
        return mentions[:1]

    def read_prose(self, finder: OrgFinder) -> list[Announcement]:
        """Tasks in running text, from the lines no list took (see :mod:`.prose`)."""
        free = {s.line for s in self.skipped if s.reason in _PROSE_REASONS}
        addressees = _addressees(self.lines)
        free -= addressees
        if not free:
            return []
        # A text headed by one organisation's name ("*Ban chấp hành Hội cựu chiến binh
        # phường …*") is about it: "Các Hội đều phấn đấu …" is its work.
        headed = {s.org_code for s in self.sections if s.kind == "org" and s.org_code}
        owner = next(iter(headed)) if len(headed) == 1 else None
        found = read_prose(self.lines, free, finder, owner=owner)
        # A list no sentence gives an owner, in a text that names one organisation alone as
        # the one acting ("… toàn Đoàn thực hiện …"), is that organisation's; so it is in a
        # text that names no organisation acting and one only at all, not as an owner ("…
        # đề ra 20 chỉ tiêu …. Đại hội đã bầu ban chấp hành CĐ quận …": its congress).
        # An organisation named only as the subject of an item of its own ("3. Đoàn thanh
        # niên phường tổ chức …") owns that item, not the list it is in.
        own_lines = {
            span.line
            for prose_list in found
            for item in prose_list.items
            if item.own_subject
            for span in item.run.spans(item.start, item.end)
        }
        texts = [line.text for line in self.lines if line.number not in own_lines | addressees]
        named = {code for text in texts for code in _actors(finder, text)}
        if not named:
            named = {code for text in texts for code in _named(finder, text)}
        sole = next(iter(named)) if len(named) == 1 else None
        used: set[int] = set()
        announcements: list[Announcement] = []
        for prose_list in found:
            for prose_item in prose_list.items:
                code = sole if prose_item.org_code is None else prose_item.org_code
                section = self._prose_section(finder, code or None)
                draft = ItemDraft(prose_item.run, prose_item.start, prose_item.end)
                draft.candidate = not prose_item.ticked
                section.items.append(draft)
                used.update(s.line for s in prose_item.run.spans(prose_item.start, prose_item.end))
            if prose_list.announced is not None:
                announcements.append(
                    Announcement(
                        prose_list.line,
                        prose_list.announced,
                        len(prose_list.items),
                        prose_list.items[0].org_code or None,
                    )
                )
        self.skipped = [s for s in self.skipped if s.line not in used]
        return announcements

    def _prose_section(self, finder: OrgFinder, code: str | None) -> SectionDraft:
        kind: SectionKind = "shared" if code is None else "org"
        for section in self.sections:
            if section.kind == kind and section.org_code == code:
                return section
        name = "" if code is None else _org_name(finder, code)
        section = SectionDraft(kind, code, name, None)
        self.sections.append(section)
        return section


# What a definition opens with ("… : Là tổ chức …", "… : Gồm …").
_DEFINITION = re.compile(r"^(?:la|gom|bao gom|co tu cach|duoc)\b")


_ACTING = re.compile(r"(?:se|can|phai|thi dua)\b")
# Bodies besides the one named that a text may give tasks to ("MTTQ và các đoàn thể …").
_OTHER_BODIES = re.compile(r"\b(?:cac doan the|cac to chuc (?:thanh vien|chinh tri)|cac hoi)\b")


def _actors(finder: OrgFinder, text: str) -> Iterator[str]:
    """The organisations ``text`` names as doing something: a task verb or a word of work
    ahead right after the name ("toàn Đoàn thực hiện …", "Hội sẽ …"), not "lịch sử của Đoàn
    …" nor "Đại hội Đoàn, …"."""
    for _start, end, code in finder.mention_spans(text):
        following = fold(text[end : end + 40]).lstrip()
        if TASK_START.match(following) or _ACTING.match(following):
            yield code


# Words before an organisation's name that make it what something belongs to, a partner or
# an addressee ("lịch sử của Đoàn", "phối hợp với Ủy ban MTTQ quận", "tặng quà cho Hội",
# "gửi danh sách đăng ký về Hội Chữ thập đỏ phường").
_RELATION_BEFORE = {"cua", "voi", "cho", "den", "toi", "giua", "ve"}


def _addressees(lines: Sequence[Line]) -> set[int]:
    """The lines of a document's "Nơi nhận:" list ("- Hội CTĐ quận Hà Đông;"): the bodies
    it is sent to, none of them the one whose work it is."""
    found: set[int] = set()
    listing = False
    for line in lines:
        text = normalize(line.text)
        if text.startswith("noi nhan"):
            listing = True
        elif listing and text and not line.text.lstrip().startswith(("-", "+", "•")):
            listing = False
        if listing:
            found.add(line.number)
    return found


def _named(finder: OrgFinder, text: str) -> Iterator[str]:
    """The organisations ``text`` names, but not after a word that relates them to the
    work of someone else (:data:`_RELATION_BEFORE`)."""
    for start, code in finder.mentions(text):
        if not set(fold(text[:start]).split()[-1:]) & _RELATION_BEFORE:
            if not named_as_partner(text, start):
                yield code


def _org_name(finder: OrgFinder, code: str) -> str:
    """The first name an organisation is known by (for a section the text has no heading of)."""
    alias = next((a for a in finder.matcher.aliases if a.code == code), None)
    return alias.names[0] if alias and alias.names else code


def _owner_in_title(title: str | None) -> str | None:
    """What follows "của" in a title ("Kế hoạch … của Hội Chữ thập đỏ xã …"), if anything."""
    if not title:
        return None
    found = re.search(r"\b(?:của|cua)\s+(.+)$", title, re.IGNORECASE)
    return found.group(1) if found else None


def _looks_like_title(line: Line) -> bool:
    """Whether the first line of a text reads like an article or document title."""
    words = len(line.text.split())
    if words > TITLE_MAX_WORDS or line.text.endswith((".", ";", ",", ":")):
        return False
    folded = normalize(line.text)
    return any(word in folded for word in _TITLE_WORDS) or is_caps(line.text)


def _title_above_report(open_item: ItemDraft, line: Line) -> bool:
    """Whether an unmarked paragraph read as a task is one short line with no full stop (a
    post's title: "Tổ chức nhiều hoạt động nhân Ngày Quốc tế Phụ nữ") and ``line``, right
    under it, a long sentence of its own that reads as no task (the report's first
    paragraph): under a key-task heading typed above a news post, no clear task."""
    spans = open_item.run.spans()
    return (
        open_item.paragraph
        and len(spans) == 1
        and len(open_item.text.split()) <= CAPTION_MAX_WORDS
        and not open_item.text.rstrip().endswith(tuple(SENTENCE_END_CHARS))
        and line.text[:1].isupper()
        and len(line.text.split()) > CAPTION_MAX_WORDS
        and line.text.rstrip(" ”\"'").endswith(".")
        and not reads_as_task(line.text)
    )


def _goes_on_reporting(text: str) -> bool:
    """Whether a paragraph that opens like a task goes on with what was done ("Hội … thực
    hiện tốt 3 nhiệm vụ trọng tâm: …. Qua một năm, Hội đã giúp 12 hộ …"): a report of the
    work, not a task, also under a key-task heading typed above it."""
    folded = fold(text)
    return any(
        PAST.search(" ".join(folded[end:].split()[:REPORT_HEAD_WORDS])) is not None
        for end in sentence_ends(text)[:-1]
    )
