"""Tasks written in running text: enumerations inside sentences and lists after a lead-in.

Published texts often hold their tasks in prose: "… triển khai 4 nội dung trọng tâm:
Tuyên truyền …; phát huy …; xây dựng …", "… các phần việc: - Tổ chức … - Toàn tỉnh …",
"Năm 2021, toàn cụm đẩy mạnh …; tăng cường …", or a lead-in ending in ":" followed by
paragraphs that each start with a verb. This module reads the lines the list reader left
over (paragraphs joined from wrapped lines), sentence by sentence:

* **Lead-in lists** (ticked): a colon after words that announce tasks ("nhiệm vụ",
  "nội dung", "chỉ tiêu", "phần việc", "như sau", "cụ thể", "là", "gồm" …) and no words of
  results ("kết quả đạt được", "năm vừa qua" …). The items are split at inline markers
  ("- ", "1- ", "1. ", "(1)", "a)") when the list starts with one, else at semicolons
  outside quotations and brackets (up to the end of the sentence holding the last one), else
  at a comma before a verb that opens a task. A lead-in that ends its paragraph takes the
  paragraphs after it that start with a marker or a task verb.
* **Forward enumerations**: a sentence that speaks of work ahead ("sẽ", "cần", "năm tới",
  "nhiệm kỳ đến", "Năm 2021, …" in a text that reports 2020, "đề nghị …") and holds two or
  more task clauses, without "đã" or words of results before them. Ticked when the text
  names whose work it is; offered unticked (``candidate``) otherwise.

The owner of a list is the organisation named last before it in its paragraph (not as the
object of "đại hội", "kỷ niệm", "thành lập", "tổ chức" …), else in the paragraphs before;
none (shared) if the text names none. An announced count ("4 nội dung") is kept with the
number of items found for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from .clauses import is_top_level, next_sentence, sentence_ends, split_at, top_level, trim
from .lines import Line
from .orgfinder import OrgFinder
from .source import Run
from .text import normalize
from .vocab import (
    ACHIEVED,
    CONNECTIVE,
    CONTINUATION,
    FORWARD,
    INTRO_END,
    LIST_NOUNS,
    MODAL,
    PAST,
    RESULT_WORDS,
    SPLIT_MIN_WORDS,
    SPLIT_VERB,
    TARGET,
    TASK_NOUNS,
    TASK_START,
    TASK_VERB,
    YEAR_LEAD,
    announced_count,
    fold,
)

_TERMINAL = ".!?…:;"
# "- Tổ chức", "1- Tăng cường", "2. Vận động", "(3) Phối hợp", "b) Duy trì": a marker, then
# the capital an item starts with (see _inline_markers).
_INLINE_MARKER = re.compile(
    r"(?:(?<=\s)|^)(?P<marker>[-–—+•]|\d{1,2}\s?[-.)]|\(\d{1,2}\)|[a-zđ]\))\s+(?=\S)"
)
# Before "tổ chức" these make it a noun ("các tổ chức thành viên"), not the verb.
_NOUN_BEFORE = {"cac", "nhung", "moi", "cua", "tung"}
SLACK_LEAD_WORDS = 40


@dataclass
class ProseItem:
    """One task read from prose: where its text is in the paragraph, and whose it is."""

    run: Run
    start: int
    end: int
    org_code: str | None
    ticked: bool

    @property
    def text(self) -> str:
        return self.run.text[self.start : self.end]


@dataclass
class ProseList:
    """The items of one enumeration, and the count its lead-in announced (if any)."""

    items: list[ProseItem]
    announced: int | None = None
    line: int = 0
    paragraph: int = -1  # the index of the paragraph that holds it


@dataclass
class _Paragraph:
    lines: list[Line]
    run: Run = field(default_factory=Run)
    index: int = 0


def read_prose(
    lines: Sequence[Line],
    free: set[int],
    finder: OrgFinder,
    *,
    allow_ticked: bool = True,
) -> list[ProseList]:
    """The enumerations in the ``free`` lines (see the module docstring)."""
    paragraphs = list(_paragraphs(lines, free))
    for index, paragraph in enumerate(paragraphs):
        paragraph.index = index
    reader = _ProseReader(paragraphs, finder, allow_ticked=allow_ticked)
    return reader.run()


def _paragraphs(lines: Sequence[Line], free: set[int]) -> Iterator[_Paragraph]:
    """Free lines joined into paragraphs: a line that does not end a sentence goes on."""
    current: _Paragraph | None = None
    previous = 0
    for line in lines:
        if line.number not in free or not line.text:
            if current is not None:
                yield current
            current = None
            continue
        joins = (
            current is not None
            and previous == line.number - 1
            and not current.lines[-1].text.endswith(tuple(_TERMINAL))
            and line.marker is None
        )
        if current is None or not joins:
            if current is not None:
                yield current
            current = _Paragraph([line])
        else:
            current.lines.append(line)
        current.run.add(line.number, line.raw)
        previous = line.number
    if current is not None:
        yield current


class _ProseReader:
    def __init__(
        self, paragraphs: list[_Paragraph], finder: OrgFinder, *, allow_ticked: bool
    ) -> None:
        self.paragraphs = paragraphs
        self.finder = finder
        self.allow_ticked = allow_ticked
        self.lists: list[ProseList] = []
        self.years = [
            int(y) for p in paragraphs for y in re.findall(r"(?<!\d)(20\d\d)(?!\d)", p.run.text)
        ]
        self._context_owner: str | None = None
        self._pending: tuple[str | None, int | None, int] = (None, None, 0)
        self._previous = ""  # the sentence read last, folded

    def run(self) -> list[ProseList]:
        index = 0
        while index < len(self.paragraphs):
            index = self._read_paragraph(index)
        return self.lists

    # -- one paragraph -------------------------------------------------------------------

    def _read_paragraph(self, index: int) -> int:
        paragraph = self.paragraphs[index]
        text = paragraph.run.text
        start = 0
        last_list = self.lists[-1] if self.lists else None
        for end in sentence_ends(text):
            if end <= start:
                continue
            if start == 0 and last_list is not None and last_list.paragraph == index - 1:
                if self._continue_list(paragraph, last_list, start, end):
                    start = end
                    continue
            consumed = self._read_connective(paragraph, start, end)
            if consumed is None:
                consumed = self._read_sentence(paragraph, start, end)
            self._previous = fold(text[start:end])
            if consumed is not None:
                if consumed >= len(text) and text.rstrip().endswith(":"):
                    return self._read_block_list(index, start, end)
                start = next_sentence(text, consumed)
                continue
            start = end
        mentions = self.finder.mentions(text)
        if mentions:
            self._context_owner = mentions[-1][1]
        return index + 1

    def _continue_list(self, paragraph: _Paragraph, last: ProseList, start: int, end: int) -> bool:
        """ "Bên cạnh đó, Đoàn phường cũng triển khai …" right after a list: one more item."""
        text = paragraph.run.text
        folded = normalize(text[start:end])
        if not CONTINUATION.match(folded) or PAST.search(folded) or RESULT_WORDS.search(folded):
            return False
        verb = _first_verb(text, start, end)
        if verb is None:
            return False
        item = last.items[0]
        stop = len(text[:end].rstrip(" .;,"))
        last.items.append(ProseItem(paragraph.run, verb, stop, item.org_code, item.ticked))
        return True

    def _read_connective(self, paragraph: _Paragraph, start: int, end: int) -> int | None:
        """ "… xác định 6 nhiệm vụ trọng tâm. Trong đó, …": the list the sentence before
        announced, after the connective; the index where it ends."""
        text = paragraph.run.text
        while start < end and text[start] == " ":
            start += 1
        connective = CONNECTIVE.match(fold(text[start:end]))
        if connective is None or not _announces_list(self._previous):
            return None
        parts, list_end = _split_list(text, start + connective.end())
        if len(parts) < 2:
            return None
        owner = self._owner(text, start) or self._owner_of_previous()
        self._add(paragraph, parts, owner, True, announced_count(self._previous))
        return list_end

    def _owner_of_previous(self) -> str | None:
        mentions = self.finder.mentions(self._previous)
        return mentions[-1][1] if mentions else None

    def _read_sentence(self, paragraph: _Paragraph, start: int, end: int) -> int | None:
        """Read a lead-in list or a forward enumeration; the index where it ends."""
        text = paragraph.run.text
        for colon in top_level(text, start, end):
            if text[colon] != ":":
                continue
            lead = normalize(text[start:colon])
            if _is_lead_in(lead):
                owner = self._owner(text, colon)
                if colon + 1 >= len(text.rstrip()):
                    # The list is in the paragraphs after this one.
                    self._pending = (owner, announced_count(lead), paragraph.lines[-1].number)
                    return len(text)
                parts, list_end = _split_list(text, colon + 1)
                if len(parts) >= 2:
                    self._add(paragraph, parts, owner, True, announced_count(lead))
                    return list_end
        return self._forward(paragraph, start, end)

    def _forward(self, paragraph: _Paragraph, start: int, end: int) -> int | None:
        """A sentence of task clauses: ticked if it speaks of work ahead and names whose."""
        text = paragraph.run.text
        folded = fold(text)
        while start < end and text[start] == " ":
            start += 1
        marker = FORWARD.search(folded, start, end)
        year = YEAR_LEAD.match(folded, start)
        # "Năm 2021, …" in a text that also reports an earlier year.
        forward_year = year is not None and int(year.group(1)) > min(self.years, default=9999)
        parts = [p for p in split_at(text, start, end, ";") if p[1] > p[0]]
        if len(parts) < 2:
            parts = _split_before_verbs(text, start, end)
        # The enumeration starts at the clause that speaks of work ahead. A word of work
        # ahead that is itself a task verb belongs to the task ("cần cụ thể hóa …", "phấn
        # đấu 95% …"); "sẽ", "năm tới" … do not.
        from_index = (
            start
            if marker is None
            else marker.start()
            if TASK_START.match(folded[marker.start() : end])
            else marker.end()
        )
        parts = [p for p in parts if p[1] > from_index]
        if len(parts) < 2:
            return None
        lead_end = _first_verb(text, max(parts[0][0], from_index), parts[0][1])
        if lead_end is None:
            return None
        clause_start = max(
            [start, *(i + 1 for i in top_level(text, start, from_index) if text[i] in ",;")]
        )
        lead = folded[clause_start:lead_end]
        if PAST.search(lead) or RESULT_WORDS.search(lead) or lead.rstrip().endswith("duoc"):
            return None
        parts[0] = (lead_end, parts[0][1])
        if not TASK_START.match(folded[parts[0][0] : parts[0][1]]):
            return None
        # Clauses after the first may be targets ("hơn 95% chi đoàn xếp loại vững mạnh").
        tasks = sum(
            1 for a, b in parts if TASK_START.match(folded[a:b]) or TARGET.match(folded[a:b])
        )
        ahead = marker is not None or forward_year
        if tasks < 2 or (not ahead and tasks < 3):
            return None
        owner = self._owner(text, lead_end)
        self._add(paragraph, parts, owner, ahead and owner is not None, None)
        return end

    def _read_block_list(self, index: int, start: int, end: int) -> int:
        """A lead-in that ends its paragraph: the marked or verb-led paragraphs after it."""
        owner, announced, line = self._pending
        items: list[ProseItem] = []
        following = index + 1
        while following < len(self.paragraphs):
            paragraph = self.paragraphs[following]
            first = paragraph.lines[0]
            folded = fold(first.content if first.marker else first.text)
            if first.marker is None and not TASK_START.match(folded):
                break
            run = paragraph.run
            offset = 0
            if first.marker is not None:
                offset = run.text.find(first.content[:12]) if first.content else len(run.text)
                offset = max(offset, 0)
            text = run.text
            stop = len(text.rstrip(" ;,"))
            items.append(ProseItem(run, offset, stop, owner, self.allow_ticked))
            following += 1
        if items:
            self.lists.append(ProseList(items, announced, line))
        return following if items else index + 1

    # -- helpers -------------------------------------------------------------------------

    def _owner(self, text: str, end: int) -> str | None:
        mentions = self.finder.mentions(text, end)
        if mentions:
            return mentions[-1][1]
        return self._context_owner

    def _add(
        self,
        paragraph: _Paragraph,
        parts: list[tuple[int, int]],
        owner: str | None,
        ticked: bool,
        announced: int | None,
    ) -> None:
        run = paragraph.run
        items = [
            ProseItem(run, a, b, owner, ticked and self.allow_ticked)
            for a, b in (trim(run.text, a, b) for a, b in parts)
            if b > a
        ]
        if items:
            spans = run.spans(items[0].start, items[0].end)
            line = spans[0].line if spans else paragraph.lines[0].number
            self.lists.append(ProseList(items, announced, line, paragraph.index))


def _is_lead_in(lead: str) -> bool:
    """Whether folded text before a colon announces tasks (and not results)."""
    tail = " ".join(lead.split()[-14:])
    return (
        (
            INTRO_END.search(lead) is not None
            and TASK_NOUNS.search(tail) is not None
            and RESULT_WORDS.search(lead) is None
        )
        or (
            lead.split()[-2:] in (["cu", "the"], ["nhu", "sau"])
            and RESULT_WORDS.search(lead) is None
        )
        or _announces_list(lead)
    )


LIST_NOUN_REACH = 8


def _announces_list(folded: str) -> bool:
    """Whether a clause ends by naming the items of a list: a list noun among its last
    words, followed by modifiers only ("… các chỉ tiêu chủ yếu trong nhiệm kỳ đến",
    "… 6 nhiệm vụ trọng tâm lớn."), and no words of results."""
    words = folded.rstrip(" .:").split()
    tail = " ".join(words[-LIST_NOUN_REACH:])
    nouns = list(LIST_NOUNS.finditer(tail))
    return (
        bool(nouns)
        and TASK_VERB.search(tail, nouns[-1].end()) is None
        and RESULT_WORDS.search(folded) is None
    )


def _split_list(text: str, start: int) -> tuple[list[tuple[int, int]], int]:
    """The items after a lead-in's colon, and where the list ends."""
    body = text[start:]
    markers = [
        m
        for m in _INLINE_MARKER.finditer(text, start)
        if _starts_item(text, m) and is_top_level(text, start, m.start())
    ]
    if markers and not body[: markers[0].start() - start].strip():
        kinds = {_marker_kind(m.group("marker")) for m in markers}
        if len(kinds) == 1 and len(markers) >= 2:
            return [
                (m.end(), markers[n + 1].start() if n + 1 < len(markers) else len(text))
                for n, m in enumerate(markers)
            ], len(text)
    parts: list[tuple[int, int]] = []
    list_end = len(text)
    sentence = start
    semicolons = any(text[i] == ";" for i in top_level(text, start))
    for end in sentence_ends(text):
        if end <= sentence:
            continue
        begin = sentence if not parts else _item_start(text, sentence, end)
        if begin is None:
            break
        # Clauses between semicolons; in a list without any, at commas before task verbs.
        pieces = split_at(text, begin, end, ";")
        if not semicolons:
            pieces = _split_before_verbs(text, begin, end)
        for part in pieces:
            if parts and _continues_objects(text, parts[-1], part):
                parts[-1] = (parts[-1][0], part[1])
            elif part[1] > part[0]:
                parts.append(part)
        list_end = end
        sentence = next_sentence(text, end)
    return parts, list_end


def _item_start(text: str, start: int, end: int) -> int | None:
    """Where a sentence after a list's first sentence starts one more item of it, if it does:
    at its start when it opens with a task verb or a target, at "cần"/"phải" when a modal
    puts its task later ("Năm 2021 …, vì vậy các Ban cần thường xuyên …"); never for a
    sentence of results."""
    folded = fold(text[start:end])
    head = " ".join(folded.split()[:15])
    if PAST.search(head) or RESULT_WORDS.search(head) or ACHIEVED.search(folded):
        return None
    if TASK_START.match(folded) or TARGET.match(folded):
        return start
    modal = next((m for m in MODAL.finditer(folded) if is_top_level(folded, 0, m.start())), None)
    return None if modal is None else start + modal.start()


def _continues_objects(text: str, previous: tuple[int, int], part: tuple[int, int]) -> bool:
    """Whether a part names again what the part before it acts on, listing more objects of
    one task ("thực hiện nghị quyết của Đảng các cấp; Nghị quyết Đại hội …"), rather than
    opening a task of its own. What the part before opens with is its subject, not its
    object ("Mỗi cơ sở Đoàn …; mỗi cơ sở Đoàn …" are two tasks)."""
    folded = fold(text[part[0] : part[1]])
    if TASK_START.match(folded) or TARGET.match(folded):
        return False
    head = " ".join(folded.split()[:2])
    before = " ".join(fold(text[previous[0] : previous[1]]).split()[1:])
    return len(head.split()) == 2 and f" {head} " in f" {before} "


def _starts_item(text: str, marker: re.Match[str]) -> bool:
    """Whether an inline marker opens an item: a capital after it, or a figure after a
    sentence's end ("… COVID-19. - 100% các cơ sở …", not "giai đoạn 2021 - 2025")."""
    following = text[marker.end()]
    if following.isupper() or following in '“"':
        return True
    before = text[: marker.start()].rstrip()
    return following.isdigit() and (not before or before[-1] in ".;:")


def _marker_kind(marker: str) -> str:
    if marker[0].isdigit():
        return "number"
    if marker.startswith("("):
        return "paren"
    if marker[0].isalpha():
        return "letter"
    return "bullet"


def _split_before_verbs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Parts of ``text[start:end]`` cut at ", " before a verb that opens a new task."""
    cuts: list[int] = []
    last = start
    for index in top_level(text, start, end):
        if text[index] != ",":
            continue
        following = " ".join(fold(text[index + 1 : index + 40]).split())
        if SPLIT_VERB.match(following) and len(text[last:index].split()) >= SPLIT_MIN_WORDS:
            cuts.append(index)
            last = index + 1
    bounds = [start - 1, *cuts, end]
    return [trim(text, bounds[n] + 1, bounds[n + 1]) for n in range(len(bounds) - 1)]


def _first_verb(text: str, start: int, end: int) -> int | None:
    """Where the first task verb of ``text[start:end]`` begins (a verb, not "các tổ chức")."""
    for match in re.finditer(r"\w+", text[start:end]):
        index = start + match.start()
        folded = fold(text[index : index + 30])
        if TASK_VERB.match(folded):
            before = normalize(text[max(start, index - 12) : index]).split()
            if before and before[-1] in _NOUN_BEFORE:
                continue
            return index
    return None
