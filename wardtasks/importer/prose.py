"""Tasks written in running text: enumerations inside sentences and lists after a lead-in.

Published texts often hold their tasks in prose: "… triển khai 4 nội dung trọng tâm:
Tuyên truyền …; phát huy …; xây dựng …", "… các phần việc: - Tổ chức … - Toàn tỉnh …",
"Năm 2021, toàn cụm đẩy mạnh …; tăng cường …", or a lead-in ending in ":" followed by
paragraphs that each start with a verb. This module reads the lines the list reader left
over (paragraphs joined from wrapped lines), sentence by sentence:

* **Lead-in lists**: a colon after words that announce tasks ("nhiệm vụ", "nội dung",
  "chỉ tiêu", "phần việc", "như sau", "cụ thể", "là", "gồm" …) and no words of results
  ("kết quả đạt được", "năm vừa qua" …); items as :mod:`.splits` cuts them. A lead-in that
  ends its paragraph takes the paragraphs after it that start with a marker or a task verb.
  Ticked only when the lead-in or one of the two sentences before it speaks of work ahead
  (:func:`.vocab.frames_work_ahead`: not "có nhiều giải pháp … như:", not "thảo luận 6 nội
  dung chính:", not "Hội có các nhiệm vụ:") and its items do not mostly name documents;
  offered unticked (``candidate``) otherwise.
* **Forward enumerations**: a sentence that speaks of work ahead ("sẽ", "cần", "năm tới",
  "nhiệm kỳ đến", "Năm 2021, …" in a text that reports 2020, "Quý IV/2025, …" in a text
  that reports quý III, "đề nghị …") and holds two or more task clauses, without "đã" or
  words of results before them; the sentences after it that open with a task go on with
  it. Ticked when the text names whose work it is and more than a request ("đề nghị",
  "yêu cầu") says it is ahead; offered otherwise.
* **One directive**: such a sentence with one task clause ("… đề nghị MTTQ tỉnh phải chủ
  động phối hợp …", "Thời gian đến, hội tăng cường …") is offered whole, from its modal;
  ticked when an organisation is the modal's subject ("… MTTQ Việt Nam tỉnh Quảng Nam phải
  …", "các cấp hội cần …": only its place between the name and "cần"/"phải").

* **Connectives**: "Trong đó, …", "Theo đó, …" after a sentence that announces a list or
  names planned work ("… vừa triển khai kế hoạch …") open it; "Đặc biệt, …", "Ngoài ra,
  …", "Đồng thời, …" with a task right after a list add to it. A meeting as the subject
  of "sẽ" ("Đại hội sẽ …; …") reads its agenda: offered, never ticked.
* **Times ahead**: a sentence opening with the term ahead ("Nhiệm kỳ 2026 - 2031, …",
  "Phương hướng, nhiệm vụ nhiệm kỳ …,") is a plan's, like "Năm 2024, …"; one task in it
  comes ticked when it names its organisation, and "Trong đó …" after it opens its details.
  ", trong đó …" inside a sentence opens the list its clause names; "đặt mục tiêu …" is
  followed by targets. A list whose lead-in announced more items than it has goes on in
  the sentences and paragraphs that open with a task or with its organisation alone. In a
  paragraph that opens on a time past ("Trong nhiệm kỳ qua, …"), a "nhiệm vụ" in a
  sentence near a lead-in does not make its list work ahead.

The owner of a list is the organisation named last before it in its paragraph (not as the
object of "đại hội", "kỷ niệm", "thành lập", "tổ chức" …), else in the paragraphs before;
none (shared) if the text names none, or if its subject is only "các tổ chức thành viên"
or "các đoàn thể". An announced count ("4 nội dung") is kept with the
number of items found for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from .clauses import next_sentence, sentence_ends, split_at, top_level, trim
from .lines import Line
from .orgfinder import OrgFinder
from .sentences import (
    ANNUAL,
    MODAL,
    OPENING_CONNECTIVE,
    adopted_list_start,
    after_results,
    announces_list,
    by_sentence,
    inner_list_start,
    is_lead_in,
    last_clause_ahead,
    main_clause,
    org_is_subject,
    requested_of_org,
)
from .source import Run
from .splits import (
    AHEAD_OPENERS,
    EACH_SUBJECT,
    first_verb,
    item_start,
    list_sentences,
    split_before_continue,
    split_before_verbs,
    split_counted,
    split_list,
    split_repeated_verb,
)
from .text import normalize
from .timeframe import TimeFrame
from .vocab import (
    ALONG_WITH,
    CONNECTIVE,
    CONTINUATION,
    CONTINUATION_LEAD,
    EVENT_AGENDA,
    FORWARD,
    MODAL_BEFORE,
    PAST,
    RESULT_WORDS,
    SPLIT_MIN_WORDS,
    TARGET,
    TASK_OPENING,
    TASK_START,
    WORK_AHEAD,
    announced_count,
    fold,
    frames_work_ahead,
    names_documents,
    reads_as_result,
)

_TERMINAL = ".!?…:;"
# What opens a list without a colon after planned work is named ("… công tác trọng tâm …
# gắn với việc …; …", "… các nhiệm vụ bao gồm …; …"), and how near the end of the lead-in
# that work is named.
INLINE_LEAD = re.compile(r"\b(?:gan voi viec|bao gom|gom) ")
LIST_NOUN_WORDS = 12
# Words that number paragraphs in place of a marker ("Thứ nhất, …", "Hai là, …").
ORDINAL = re.compile(
    r"(?:thu (?:nhat|hai|ba|tu|nam|sau|bay|tam|chin|muoi)"
    r"|(?:mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi) la)\s*[,:.]\s*"
)
# How many sentences before a lead-in may say that its list is work ahead ("Đó là một trong
# những chỉ tiêu … Chủ đề … là “…”. Cụ thể: …").
RECENT_SENTENCES = 2
REQUESTS = {"de nghi", "yeu cau"}
# The owner of a list its subject says is all organisations ("các tổ chức thành viên …").
SHARED = ""
JOINT_SUBJECT = re.compile(
    r"\b(?:cac to chuc thanh vien|cac doan the|cac to chuc chinh tri(?: ?- ?xa hoi)?)\b"
    r"(?:(?! (?:cua|voi|cho|den) ).)*$"
)
JOINT_REACH = 120
# One organisation with all the others as one subject ("MTTQ và các tổ chức thành viên …",
# "Mặt trận …, các đoàn thể phường …", a programme "giữa MTTQ với các đoàn thể …"):
# everyone's work together, shared like the sample's
# "MTTQ, các đoàn thể phường bám sát …" (DESIGN.md: a task shared by all).
JOINED_SUBJECT = re.compile(
    r"(?:\bva|\bcung|,|\bgiua\b.{1,60} (?:voi|va)) (?:cac cap )?(?:cac to chuc thanh vien"
    r"|cac doan the|cac to chuc chinh tri(?: ?- ?xa hoi)?)\b"
)
# A subject that covers a whole organisation or each of its parts ("toàn Đoàn", "các cấp
# Hội", "mỗi chi hội").
WHOLE_SUBJECT = re.compile(r"(?:toan|cac cap|moi)\b")
# A meeting or its participants as a sentence's subject ("Hội nghị …", "Các đại biểu …").
EVENT_SUBJECT = re.compile(r"(?:hoi nghi|dai hoi|cac dai bieu|dai bieu|dong chi|ong|ba)\b")
# A verb that sets targets, its object the list ("Đoàn phường đặt mục tiêu mỗi cơ sở …").
GOAL_LEAD = re.compile(r"\b(?:dat|de ra|xac dinh)(?: ra)? (?:muc tieu|cac muc tieu|chi tieu) ")
# How many words open a sentence that reports ("Trong nhiệm kỳ qua, công tác …").
REPORT_HEAD_WORDS = 6
# The most words a connective's sentence may give its subject before the task's verb
# ("Theo đó, các cấp hội tập trung …").
CONNECTIVE_SUBJECT_WORDS = 6


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
    owner: str | None = None,
) -> list[ProseList]:
    """The enumerations in the ``free`` lines (see the module docstring); ``owner`` is the
    organisation the text is about before any paragraph names one (its heading's)."""
    paragraphs = list(_paragraphs(lines, free))
    for index, paragraph in enumerate(paragraphs):
        paragraph.index = index
    reader = _ProseReader(paragraphs, finder, allow_ticked=allow_ticked, owner=owner)
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
        self,
        paragraphs: list[_Paragraph],
        finder: OrgFinder,
        *,
        allow_ticked: bool,
        owner: str | None = None,
    ) -> None:
        self.paragraphs = paragraphs
        self.finder = finder
        self.allow_ticked = allow_ticked
        self.lists: list[ProseList] = []
        self.frame = TimeFrame.of(p.run.text for p in paragraphs)
        self._context_owner: str | None = owner
        self._pending: tuple[str | None, int | None, int, bool] = (None, None, 0, False)
        self._previous = ""  # the sentence read last, folded
        self._previous_ahead = False  # whether it opened with a time ahead
        self._reporting = False  # whether the paragraph read reports (see _read_paragraph)
        self._recent: tuple[str, ...] = ()  # the last sentences read, folded

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
        # A paragraph with a sentence opening on a time past ("Trong nhiệm kỳ qua, …")
        # reports: a later sentence of it saying "nhiệm vụ" makes no list of it work ahead.
        self._reporting = False
        continuing: ProseList | None = None
        for end in sentence_ends(text):
            if end <= start:
                continue
            head = " ".join(fold(text[start:end]).split()[:REPORT_HEAD_WORDS])
            self._reporting = self._reporting or RESULT_WORDS.search(head) is not None
            if start == 0 and last_list is not None and last_list.paragraph == index - 1:
                if self._continue_list(paragraph, last_list, start, end):
                    start = end
                    continuing = last_list
                    continue
            if continuing is not None and self._goes_on(paragraph, continuing, start, end):
                start = end
                continue
            continuing = None
            if self._along_with(paragraph, start, end):
                start = end
                continue
            consumed = self._read_connective(paragraph, start, end)
            if consumed is None:
                consumed = self._read_sentence(paragraph, start, end)
            self._previous = fold(text[start:end])
            self._previous_ahead = self.frame.opens_ahead(self._previous)
            self._recent = (*self._recent[-(RECENT_SENTENCES - 1) :], self._previous)
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
        if PAST.search(folded) or RESULT_WORDS.search(folded):
            return False
        verb = first_verb(text, start, end)
        if verb is None:
            return False
        lead = CONTINUATION_LEAD.match(folded)
        # "Đặc biệt, tuyên truyền …", "Ngoài ra, các cấp hội vận động …"
        direct = lead is not None and len(fold(text[start:verb]).split()) <= (
            len(lead.group().split()) + CONNECTIVE_SUBJECT_WORDS
        )
        item = last.items[0]
        # "Hội chú trọng triển khai …" after a list its lead-in announced more items for:
        # the same organisation, named alone before the verb, goes on with it.
        subject = fold(text[start:verb])
        owners = {code for _, code in self.finder.mentions(text[start:verb])}
        announced_more = last.announced is not None and len(last.items) < last.announced
        same_owner = (
            announced_more
            and len(subject.split()) <= CONNECTIVE_SUBJECT_WORDS
            and owners <= {item.org_code}
            and not EVENT_SUBJECT.match(subject)
        )
        if not CONTINUATION.match(folded) and not direct and not same_owner:
            return False
        last.paragraph = paragraph.index
        stop = len(text[:end].rstrip(" .;,"))
        # A subject that says how far a target reaches stays with it ("Đặc biệt, toàn Đoàn
        # thực hiện 67 công trình …", "Bên cạnh đó, các cấp Hội phấn đấu …").
        begin = verb
        opening = CONTINUATION_LEAD.match(subject)
        if opening is not None and WHOLE_SUBJECT.match(subject, opening.end()):
            begin = start + opening.end()
        named = any(text[i] == ":" for i in top_level(text, verb, stop))
        # Its clauses between semicolons are tasks of their own ("… phấn đấu …; hằng năm, …"),
        # unless they list what it names ("… các đề án … như: Đề án …; Đề án …").
        for a, b in [(begin, stop)] if named else split_at(text, begin, stop, ";"):
            a, b = trim(text, a, b)
            if b > a:
                last.items.append(ProseItem(paragraph.run, a, b, item.org_code, item.ticked))
        return True

    def _along_with(self, paragraph: _Paragraph, start: int, end: int) -> bool:
        """ "… đề nghị Ủy ban MTTQ phường tập trung …. Cùng với đó là tiếp tục xây dựng …":
        a sentence that adds, by its connective, more tasks to the ticked list or directive
        read last in the same paragraph; the same owner's, ticked too."""
        last = self.lists[-1] if self.lists else None
        if last is None or last.paragraph != paragraph.index or not last.items[-1].ticked:
            return False
        text = paragraph.run.text
        while start < end and text[start] == " ":
            start += 1
        folded = fold(text[start:end])
        lead = ALONG_WITH.match(folded)
        if lead is None or lead.end() == 0 or PAST.search(folded) or RESULT_WORDS.search(folded):
            return False
        item = last.items[-1]
        verb = first_verb(text, start + lead.end(), end)
        if item.end > start or verb is None:
            return False
        # "Cùng với đó, Tỉnh đoàn còn ra quân …; làm đường …": the same organisation (or
        # none) named before the verb, its clauses between semicolons tasks of their own.
        subject = fold(text[start + lead.end() : verb])
        owners = {code for _, code in self.finder.mentions(text[start + lead.end() : verb])}
        if (
            len(subject.split()) > CONNECTIVE_SUBJECT_WORDS
            or EVENT_SUBJECT.match(subject)
            or not owners <= {item.org_code}
        ):
            return False
        for a, b in split_at(text, verb, len(text[:end].rstrip(" .;,…")), ";"):
            a, b = trim(text, a, b)
            if b > a:
                last.items.append(ProseItem(paragraph.run, a, b, item.org_code, True))
        return True

    def _goes_on(self, paragraph: _Paragraph, last: ProseList, start: int, end: int) -> bool:
        """A sentence after one that went on with a list, in the same paragraph, that opens
        one more task while the lead-in announced more ("Đồng thời, Hội tuyên truyền ….
        Tăng cường …")."""
        if last.announced is None or len(last.items) >= last.announced:
            return False
        text = paragraph.run.text
        while start < end and text[start] == " ":
            start += 1
        begin = item_start(text, start, end)
        if begin is None:
            return False
        item = last.items[0]
        stop = len(text[:end].rstrip(" .;,"))
        for a, b in split_at(text, begin, stop, ";"):
            a, b = trim(text, a, b)
            if b > a:
                last.items.append(ProseItem(paragraph.run, a, b, item.org_code, item.ticked))
        return True

    def _read_connective(self, paragraph: _Paragraph, start: int, end: int) -> int | None:
        """ "… xác định 6 nhiệm vụ trọng tâm. Trong đó, …": the list the sentence before
        announced, after the connective; the index where it ends."""
        text = paragraph.run.text
        while start < end and text[start] == " ":
            start += 1
        connective = CONNECTIVE.match(fold(text[start:end]))
        if connective is None:
            return None
        body = start + connective.end()
        previous = last_clause_ahead(main_clause(self._previous))
        if not announces_list(previous):
            # "… vừa triển khai kế hoạch hoạt động …. Theo đó, các cấp hội tập trung …":
            # after a sentence that names planned work, the sentences that open with who
            # does it and a task verb (or with the verb) are that plan's tasks.
            if not self._previous_frames_ahead(previous):
                return None
            verb = first_verb(text, body, end)
            lead = fold(text[body:verb]) if verb is not None else ""
            if (
                verb is None
                or len(lead.split()) > CONNECTIVE_SUBJECT_WORDS
                or PAST.search(lead)
                or RESULT_WORDS.search(lead)
            ):
                return None
            body = verb
        parts, list_end = split_list(text, body)
        # One task now when the sentence before announced several: the next sentences and
        # paragraphs may go on with it (see _continue_list).
        several = (announced_count(previous) or 0) > 1
        if len(parts) < 2 and not (parts and several):
            return None
        owner = self._owner(text, start)
        if owner is None:
            owner = self._owner_of_previous()
        ticked = self._previous_frames_ahead(previous)
        self._add(paragraph, parts, owner, ticked, announced_count(previous))
        return list_end

    def _previous_frames_ahead(self, previous: str) -> bool:
        """Whether the sentence read last (``previous``: its main clause) speaks of work
        ahead, in its words or by opening with a time ahead ("Nhiệm kỳ 2026 - 2031, Hội …
        đẩy mạnh …. Trong đó, …")."""
        return frames_work_ahead(previous) or self._previous_ahead

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
            if is_lead_in(lead):
                owner = self._owner(text, colon)
                # Ticked only when the lead-in (or the sentence before it) speaks of work
                # ahead: results and agendas are announced with the same words.
                ahead = self._lead_in_ahead(after_results(fold(text[start:colon]))) or (
                    not PAST.search(lead)
                    and not self._reporting
                    and any(map(frames_work_ahead, self._recent))
                )
                if colon + 1 >= len(text.rstrip()):
                    # The list is in the paragraphs after this one.
                    number = paragraph.lines[-1].number
                    self._pending = (owner, announced_count(lead), number, ahead)
                    return len(text)
                parts, list_end = split_list(text, colon + 1)
                announced = announced_count(lead)
                if len(parts) >= 2:
                    parts = by_sentence(text, parts, announced)
                    self._add(paragraph, parts, owner, ahead, announced)
                    return list_end
                if len(parts) == 1 and self._sole_item(text, parts[0]):
                    # One item ending the paragraph: the rest of the list is not in the
                    # text (a stored copy cut after it), or it is the only one.
                    self._add(paragraph, parts, owner, ahead, announced)
                    return list_end
        inline = self._inline_lead_list(paragraph, start, end)
        if inline is not None:
            return inline
        goal = self._goal_list(paragraph, start, end)
        if goal is not None:
            return goal
        return self._forward(paragraph, start, end)

    def _inline_lead_list(self, paragraph: _Paragraph, start: int, end: int) -> int | None:
        """ "… triển khai một số công tác trọng tâm trong năm 2023 gắn với việc <a>; <b>;
        <c>": planned work named, then its items after "gắn với việc" / "bao gồm" / "gồm"
        without a colon, at least three between semicolons; the index where they end."""
        text = paragraph.run.text
        folded = fold(text)
        inline = INLINE_LEAD.search(folded, start, end)
        if inline is None:
            return None
        semicolons = [i for i in top_level(text, inline.end(), end) if text[i] == ";"]
        lead = folded[start : inline.start()]
        if (
            len(semicolons) < 2
            or not WORK_AHEAD.search(" ".join(lead.split()[-LIST_NOUN_WORDS:]))
            or PAST.search(lead)
            or RESULT_WORDS.search(lead)
        ):
            return None
        parts = [p for p in split_at(text, inline.end(), end, ";") if p[1] > p[0]]
        owner = self._owner(text, inline.start())
        self._add(paragraph, parts, owner, self._lead_in_ahead(lead), announced_count(lead))
        return end

    def _lead_in_ahead(self, lead: str) -> bool:
        """Whether a lead-in speaks of work ahead (see :func:`frames_work_ahead`). In a
        paragraph that reports ("Thời gian qua, Công đoàn đã …"), the nouns of planned work
        alone do not make it so ("Các công đoàn cơ sở tập trung vào các nhiệm vụ trọng tâm
        như: …" says what they worked on): it needs a modal or a time ahead."""
        if not frames_work_ahead(lead):
            return False
        return (
            not self._reporting or FORWARD.search(lead) is not None or self.frame.opens_ahead(lead)
        )

    def _sole_item(self, text: str, part: tuple[int, int]) -> bool:
        """Whether the one item after a lead-in reads as a task and ends its paragraph."""
        folded = fold(text[part[0] : part[1]]).lstrip()
        return (
            part[1] >= len(text.rstrip(" .…;:"))
            and (TASK_OPENING.match(folded) is not None or TARGET.match(folded) is not None)
            and not reads_as_result(text[part[0] : part[1]])
        )

    def _goal_list(self, paragraph: _Paragraph, start: int, end: int) -> int | None:
        """ "<Tổ chức> đặt mục tiêu <a>; <b>; …": targets after a verb that sets them, as
        after a lead-in's colon (ticked when the organisation is named and nothing says
        they were reached); the index where they end."""
        text = paragraph.run.text
        folded = fold(text)
        goal = GOAL_LEAD.search(folded, start, end)
        if goal is None:
            return None
        lead = folded[start : goal.start()]
        if (
            PAST.search(lead)
            or RESULT_WORDS.search(lead)
            or not self.finder.mentions(text[start : goal.start()])
        ):
            return None
        parts, list_end = split_list(text, goal.end())
        parts = [(a, min(b, end)) for a, b in parts if a < end]
        if not parts:
            return None
        owner = self._owner(text, goal.start())
        self._add(paragraph, parts, owner, owner is not None, None)
        return min(list_end, end)

    def _forward(self, paragraph: _Paragraph, start: int, end: int) -> int | None:
        """A sentence of task clauses: ticked if it speaks of work ahead and names whose."""
        text = paragraph.run.text
        folded = fold(text)
        while start < end and text[start] == " ":
            start += 1
        marker = FORWARD.search(folded, start, end)
        while marker is not None and self.frame.period_behind(folded, marker.start()):
            marker = FORWARD.search(folded, marker.end(), end)
        opening = OPENING_CONNECTIVE.match(folded, start)
        if opening is not None:
            start = opening.end()
        # "Năm 2021, …" in a text that also reports an earlier year; "Quý IV/2025, …".
        annual = ANNUAL.match(folded, start)
        if annual is not None and (
            PAST.search(folded, start, end)
            or not self._previous_frames_ahead(main_clause(self._previous))
        ):
            annual = None
        forward_year = (
            self.frame.ahead_at(folded, start)
            # "… Nghị quyết về nhiệm vụ … nhiệm kỳ 2022-2027 …. Hằng năm 100% …; mỗi chi
            # đoàn …": the yearly targets of the plan the sentence before named.
            or annual is not None
        )
        parts = [p for p in split_at(text, start, end, ";") if p[1] > p[0]]
        if len(parts) < 2:
            parts = split_before_verbs(text, start, end)
        else:
            parts = [
                cut for a, b in parts for cut in split_before_continue(text, a, b, AHEAD_OPENERS)
            ]
        parts = [cut for a, b in parts for cut in split_counted(text, a, b)]
        parts = [cut for a, b in parts for cut in split_repeated_verb(text, a, b)]
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
        if marker is not None:
            from_index = inner_list_start(folded, start, from_index)
        adopted = adopted_list_start(folded, start, end) if marker is None else None
        if adopted is not None:
            from_index = adopted
        parts = [p for p in parts if p[1] > from_index]
        if len(parts) < 2:
            return self._single(
                paragraph, start, end, from_index, marker or forward_year, dated=forward_year
            )
        lead_end = first_verb(text, max(parts[0][0], from_index), parts[0][1])
        if annual is not None and TARGET.match(folded, annual.end() + 1):
            lead_end = annual.end() + 1
        if lead_end is None:
            return None
        clause_start = max(
            [start, *(i + 1 for i in top_level(text, start, from_index) if text[i] in ",;")]
        )
        lead = folded[clause_start:lead_end]
        if PAST.search(lead) or RESULT_WORDS.search(lead) or lead.rstrip().endswith("duoc"):
            return None
        parts[0] = (lead_end, parts[0][1])
        # Cut off its lead-in, a first clause too short for a task shares the object of
        # the next ("MTTQ xã sẽ chủ trì thực hiện, phát động thực hiện Cuộc vận động …").
        while (
            len(parts) > 1
            and len(text[parts[0][0] : parts[0][1]].split()) <= SPLIT_MIN_WORDS
            and ";" not in text[parts[0][1] : parts[1][0]]
        ):
            parts[0:2] = [(parts[0][0], parts[1][1])]
        if len(parts) < 2:
            # All its clauses one task after all ("MTTQ xã sẽ chủ trì thực hiện, phát động
            # thực hiện Cuộc vận động …, giám sát, …").
            return self._single(
                paragraph, start, end, from_index, marker or forward_year, dated=forward_year
            )
        first = folded[parts[0][0] : parts[0][1]]
        if not (TASK_START.match(first) or (annual is not None and TARGET.match(first))):
            return None
        # Clauses after the first may be targets ("hơn 95% chi đoàn xếp loại vững mạnh").
        tasks = sum(
            1
            for a, b in parts
            if TASK_OPENING.match(folded[a:b])
            or TARGET.match(folded[a:b])
            or (annual is not None and EACH_SUBJECT.match(folded[a:b]))
        )
        ahead = marker is not None or forward_year or adopted is not None
        if tasks < 2 or (not ahead and tasks < 3):
            return None
        owner = self._owner(text, lead_end)
        # A request alone ("đề nghị các tổ chức thành viên tiếp tục …; tăng cường …") is a
        # speaker's wish in a report: with a time ahead or a modal it is a plan's.
        requested = {m.group() for m in FORWARD.finditer(folded, start, end)} <= REQUESTS
        agenda = (
            marker is not None
            and marker.group() == "se"
            and EVENT_AGENDA.search(folded, clause_start, marker.start()) is not None
        )
        # "đề nghị Đoàn phường tiếp tục …, đổi mới …, đẩy mạnh …": a request made of a
        # named organisation, its verb right after the name, is a directive to it (as one
        # task is in _single), not a wish in the air.
        addressed = requested and requested_of_org(self.finder, text, folded, start, lead_end)
        ticked = (
            ahead
            and owner is not None
            and (forward_year or adopted is not None or not requested or addressed)
            and not agenda
        )
        list_end = end
        if ticked:
            # The sentences after it that open with a task go on with it (see splits).
            parts, list_end = list_sentences(text, next_sentence(text, end), parts)
        self._add(paragraph, parts, owner, ticked, None)
        return list_end

    def _single(
        self,
        paragraph: _Paragraph,
        start: int,
        end: int,
        from_index: int,
        ahead: object,
        *,
        dated: bool = False,
    ) -> int | None:
        """One task in a sentence of work ahead ("… đề nghị MTTQ tỉnh phải chủ động phối
        hợp …", "Thời gian đến, hội tăng cường …"): offered unticked, from its modal or
        verb to the sentence's end; one clause of a report is no list. Ticked when the
        sentence opens with the year, period or term ahead (``dated``) and names the
        organisation doing it ("Nhiệm kỳ 2026 - 2031, Hội Người cao tuổi phường đẩy mạnh
        …"): a plan's sentence, not a wish."""
        if not ahead:
            return None
        text = paragraph.run.text
        verb = first_verb(text, from_index, end)
        if verb is None:
            return None
        folded = fold(text)
        clause_start = max(
            [start, *(i + 1 for i in top_level(text, start, verb) if text[i] in ",;")]
        )
        lead = folded[clause_start:verb]
        if PAST.search(lead) or RESULT_WORDS.search(lead) or lead.rstrip().endswith("duoc"):
            return None
        # "Trong quý, kết nạp được 24 hội viên …"; "… 3 chỉ tiêu phấn đấu thực hiện …"
        if reads_as_result(text[verb:end]) or announces_list(folded[start:end]):
            return None
        modal = MODAL_BEFORE.search(folded, clause_start, verb)
        begin = verb if modal is None else modal.start()
        named = bool(self.finder.mentions(text[start:begin]))
        owner = self._owner(text, begin)
        # "đề nghị MTTQ tỉnh phải …", "các cấp hội cần …": an organisation is told what it
        # must do, the modal right after it; a directive to it, not a wish in the air.
        said = MODAL.search(folded, clause_start, min(end, verb + len("phai ")))
        addressed = owner is not None and (
            (
                said is not None
                and org_is_subject(self.finder, text, folded, clause_start, said.start())
            )
            or requested_of_org(self.finder, text, folded, start, verb)
        )
        wished = any(m.group() in REQUESTS for m in FORWARD.finditer(folded, start, end))
        ticked = (dated and named and not wished) or addressed
        parts, list_end = [(begin, end)], end
        if ticked and dated:
            # "Năm 2019, Hội … tiếp tục …. Đẩy mạnh …; hỗ trợ …": the plan's sentences that
            # open with a task after it go on with it, as after a list (see splits).
            parts, list_end = list_sentences(text, next_sentence(text, end), parts)
        self._add(paragraph, parts, owner, ticked, None)
        return list_end

    def _read_block_list(self, index: int, start: int, end: int) -> int:
        """A lead-in that ends its paragraph: the marked or verb-led paragraphs after it."""
        owner, announced, line, ahead = self._pending
        items: list[ProseItem] = []
        following = index + 1
        while following < len(self.paragraphs):
            paragraph = self.paragraphs[following]
            first = paragraph.lines[0]
            folded = fold(first.content if first.marker else first.text)
            ordinal = ORDINAL.match(folded) if first.marker is None else None
            if first.marker is None and not TASK_START.match(
                folded[ordinal.end() if ordinal else 0 :]
            ):
                break
            run = paragraph.run
            offset = 0
            if ordinal is not None:
                # "Thứ nhất, tuyên truyền …": the ordinal marks the item, as "1." would.
                offset = run.text.find(first.text[ordinal.end() : ordinal.end() + 12])
                offset = max(offset, 0)
            if first.marker is not None:
                offset = run.text.find(first.content[:12]) if first.content else len(run.text)
                offset = max(offset, 0)
            text = run.text
            stop = len(text.rstrip(" ;,"))
            dated = self._dated_tasks(text, offset)
            if dated:
                # "- Trong tháng 6, Ban Thường trực … tiếp tục …. Hướng dẫn …; thực hiện …":
                # a period ahead opens the paragraph, its sentences and clauses the tasks.
                ticked = owner is not None and self.allow_ticked
                items.extend(ProseItem(run, a, b, owner, ticked) for a, b in dated)
            else:
                items.append(ProseItem(run, offset, stop, owner, ahead and self.allow_ticked))
            following += 1
        if items:
            if names_documents([fold(item.text) for item in items]):
                for item in items:
                    item.ticked = False
            self.lists.append(ProseList(items, announced, line))
        return following if items else index + 1

    def _dated_tasks(self, text: str, start: int) -> list[tuple[int, int]]:
        """The tasks of a list paragraph that opens with a period ahead ("Trong tháng 6, …"
        in a text that reports tháng 5) and goes on in sentences that open with a task:
        each sentence, cut at its semicolons; none when it holds one task only."""
        if not self.frame.ahead_at(fold(text[start:]), 0):
            return []
        parts, _end = list_sentences(text, start, [])
        return [trim(text, a, b) for a, b in parts] if len(parts) >= 2 else []

    # -- helpers -------------------------------------------------------------------------

    def _owner(self, text: str, end: int) -> str | None:
        # "Các tổ chức thành viên tổ chức …", "Các đoàn thể phường vận động …",
        # "MTTQ và các tổ chức thành viên …": the work of them all.
        window = text[max(0, end - JOINT_REACH) : end]
        clause = re.split(r"[.;:]\s", window)[-1]
        folded = fold(clause)
        if JOINT_SUBJECT.search(folded) and (
            not self.finder.mentions(clause) or JOINED_SUBJECT.search(folded)
        ):
            return SHARED
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
        bounds = [(a, b) for a, b in (trim(run.text, a, b) for a, b in parts) if b > a]
        ticked = ticked and not names_documents([fold(run.text[a:b]) for a, b in bounds])
        items = [ProseItem(run, a, b, owner, ticked and self.allow_ticked) for a, b in bounds]
        if items:
            spans = run.spans(items[0].start, items[0].end)
            line = spans[0].line if spans else paragraph.lines[0].number
            self.lists.append(ProseList(items, announced, line, paragraph.index))
