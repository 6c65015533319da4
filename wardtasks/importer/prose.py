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

Lists that go on past their sentence (continuations after a list, ordinals, the
paragraphs after a lead-in that ends its own, ", đó là …" naming leads) are read by
:mod:`.continuations`. Sentences without a lead-in are read as forward enumerations or
directives (:mod:`.directives`), which also says whose a list is. An announced count ("4 nội dung")
is kept with the number of items found for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from .clauses import next_sentence, sentence_ends, split_at, top_level, trim
from .continuations import ContinuationReader
from .directives import Paragraph, ProseItem, ProseList
from .lines import Line
from .offers import looks_back, offered_clauses, such_as_examples
from .orgfinder import OrgFinder, named_as_partner
from .sentences import (
    after_results,
    announces_list,
    by_sentence,
    is_lead_in,
    last_clause_ahead,
    main_clause,
)
from .splits import (
    EACH_SUBJECT,
    first_verb,
    item_start,
    split_list,
)
from .text import normalize
from .timeframe import TimeFrame
from .vocab import (
    CONNECTIVE,
    CONNECTIVE_SUBJECT_WORDS,
    FORWARD,
    GOAL_LEAD,
    INLINE_LEAD,
    LIST_NOUN_WORDS,
    PAST,
    RECENT_SENTENCES,
    REPORT_HEAD_WORDS,
    RESULT_WORDS,
    SENTENCE_END_CHARS,
    TARGET,
    TASK_OPENING,
    WORK_AHEAD,
    announced_count,
    fold,
    frames_work_ahead,
    reads_as_result,
)


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


def _paragraphs(lines: Sequence[Line], free: set[int]) -> Iterator[Paragraph]:
    """Free lines joined into paragraphs: a line that does not end a sentence goes on."""
    current: Paragraph | None = None
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
            and not current.lines[-1].text.endswith(tuple(SENTENCE_END_CHARS))
            and line.marker is None
        )
        if current is None or not joins:
            if current is not None:
                yield current
            current = Paragraph([line])
        else:
            current.lines.append(line)
        current.run.add(line.number, line.raw)
        previous = line.number
    if current is not None:
        yield current


# A meeting as the subject of a sentence ("Đại hội đã bầu 9 đồng chí …").
_MEETING_SUBJECT = re.compile(r"(?:dai hoi|hoi nghi)\b")

# A speaker's talk reported ("ông … đã trao đổi những nội dung trọng tâm như: …"): the topics
# spoken of, not work the text sets, unless the lead-in names a time or a modal ahead.
_SPOKE_OF = re.compile(r"\bda (?:trao doi|chia se|trinh bay|gioi thieu|phan tich|thong tin)\b")

# "Hội nghị đề ra nhiều chỉ tiêu, nhiệm vụ …": several items announced without a count.
_WORK_NOUN = re.compile(r"\bcong tac\s+$")
_MODAL_AFTER = re.compile(r"\b(?:can|phai) ")
_MANY = re.compile(r"\b(?:de ra|xac dinh|dat ra) (?:nhieu|mot so) (?:chi tieu|nhiem vu|muc tieu)\b")


def _by_semicolon(
    text: str, parts: list[tuple[int, int]], announced: int | None
) -> list[tuple[int, int]]:
    """The parts of a list one per clause between semicolons when its lead-in announced as
    many and the parts found are fewer ("4 nhóm hoạt động trọng tâm gồm: Tổ chức các hoạt
    động …; các hoạt động …; các hoạt động …; chăm lo …": items named by a noun, not
    objects of the verb before)."""
    if not parts or announced is None or len(parts) >= announced:
        return parts
    clauses = [trim(text, a, b) for a, b in split_at(text, parts[0][0], parts[-1][1], ";")]
    clauses = [(a, b) for a, b in clauses if b > a]
    return clauses if len(clauses) == announced else parts


def _one_task_each(item: ProseItem, frame: TimeFrame) -> list[ProseItem]:
    """An offered item cut at its semicolons and full stops: a reader offers a whole
    stretch it could not read as a list ("Trong tháng 6, Ban Thường trực … tiếp tục theo dõi
    …. Hướng dẫn …; phối hợp …"), and each clause that opens as a task is one to tick or
    leave; a clause that does not goes on with the one before it."""
    text = item.run.text
    if item.ticked or looks_back(frame, fold(text), item.start, item.end):
        return [item]  # "Trong quý I, …" in quý I's review: what was done, one item
    cuts = [i + 1 for i in top_level(text, item.start, item.end) if text[i] == ";"]
    cuts += [e for e in sentence_ends(text) if item.start < e < item.end]
    if not cuts and len(such_as_examples(text, item.start, item.end)) == 1:
        return [item]
    bounds = [item.start, *sorted(set(cuts)), item.end]
    pieces: list[tuple[int, int]] = []
    for n in range(len(bounds) - 1):
        a, b = trim(text, bounds[n], bounds[n + 1])
        while b > a and text[b - 1] in ".;…":
            b -= 1
        if pieces and (b <= a or item_start(text, a, b) is None):
            # "… dùng hàng Việt Nam; và vệ sinh an toàn thực phẩm": more of the same task
            pieces[-1] = (pieces[-1][0], max(bounds[n + 1], pieces[-1][1]))
        elif b > a:
            pieces.append((a, b))
    pieces = [cut for a, b in pieces for cut in such_as_examples(text, a, b)]
    return [
        ProseItem(item.run, a, min(b, item.end), item.org_code, False, own_subject=item.own_subject)
        for a, b in pieces
    ]


class _ProseReader(ContinuationReader):
    def __init__(
        self,
        paragraphs: list[Paragraph],
        finder: OrgFinder,
        *,
        allow_ticked: bool,
        owner: str | None = None,
    ) -> None:
        super().__init__(paragraphs, finder, allow_ticked=allow_ticked, owner=owner)
        self._recent: tuple[str, ...] = ()  # the last sentences read, folded
        self._offered: list[ProseItem] = []  # clauses no reader took that read as tasks

    def run(self) -> list[ProseList]:
        index = 0
        while index < len(self.paragraphs):
            index = self._read_paragraph(index)
        offered = self._unclaimed(self._offered)
        if offered:
            self.lists.append(ProseList(offered))
        for found in self.lists:
            found.items = [
                piece for item in found.items for piece in _one_task_each(item, self.frame)
            ]
        return self.lists

    def _unclaimed(self, offered: list[ProseItem]) -> list[ProseItem]:
        """The offered clauses no list took since (a paragraph read again as an ordinal
        list's lead-in, a block list's items)."""
        # by paragraph, so that a long text is read in linear time
        taken: dict[int, list[ProseItem]] = {}
        for found in self.lists:
            for item in found.items:
                taken.setdefault(id(item.run), []).append(item)
        return [
            item
            for item in offered
            if not any(
                other.start < item.end and item.start < other.end
                for other in taken.get(id(item.run), ())
            )
        ]

    def _offer_clauses(self, paragraph: Paragraph, start: int, end: int) -> None:
        """A sentence no reader took: its clauses that read as tasks, offered unticked (see
        :mod:`.offers`)."""
        after_report = self.previous_at[0] == paragraph.index and (
            PAST.search(" ".join(self.previous_sentence.split()[:REPORT_HEAD_WORDS])) is not None
        )
        clauses = offered_clauses(
            paragraph.run.text, start, end, self.frame, after_report=after_report
        )
        for begin, stop in clauses:
            owner = self.owner_at(paragraph.run.text, begin)
            self._offered.append(self.item(paragraph.run, begin, stop, owner, False))

    # -- one paragraph -------------------------------------------------------------------

    def _read_paragraph(self, index: int) -> int:
        paragraph = self.paragraphs[index]
        text = paragraph.run.text
        start = 0
        last_list = self.lists[-1] if self.lists else None
        # A paragraph with a sentence opening on a time past ("Trong nhiệm kỳ qua, …")
        # reports: a later sentence of it saying "nhiệm vụ" makes no list of it work ahead.
        self.reporting = False
        continuing: ProseList | None = None
        for end in sentence_ends(text):
            if end <= start:
                continue
            head = " ".join(fold(text[start:end]).split()[:REPORT_HEAD_WORDS])
            self.reporting = self.reporting or RESULT_WORDS.search(head) is not None
            if start == 0 and last_list is not None and last_list.paragraph == index - 1:
                if self.continue_list(paragraph, last_list, start, end):
                    start = end
                    continuing = last_list
                    continue
            if continuing is not None and self.goes_on(paragraph, continuing, start, end):
                start = end
                continue
            continuing = None
            if self.along_with(paragraph, start, end):
                start = end
                continue
            consumed = self.ordinal_sentences(paragraph, start, end)
            if consumed is None:
                consumed = self._read_connective(paragraph, start, end)
            if consumed is None:
                consumed = self._read_sentence(paragraph, start, end)
            if consumed is None:
                self._offer_clauses(paragraph, start, end)
            self.previous_at = (index, start)
            self.previous_sentence = fold(text[start:end])
            self.previous_ahead = self.frame.opens_ahead(self.previous_sentence)
            self._recent = (*self._recent[-(RECENT_SENTENCES - 1) :], self.previous_sentence)
            if consumed is not None:
                if consumed >= len(text) and text.rstrip().endswith(":"):
                    return self.read_block_list(index, start, end)
                start = next_sentence(text, consumed)
                continue
            start = end
        mentions = [m for m in self.finder.mentions(text) if not named_as_partner(text, m[0])]
        if mentions:
            self.context_owner = mentions[-1][1]
        return self.ordinal_list(index) or index + 1

    def _read_connective(self, paragraph: Paragraph, start: int, end: int) -> int | None:
        """ "… xác định 6 nhiệm vụ trọng tâm. Trong đó, …": the list the sentence before
        announced, after the connective; the index where it ends."""
        text = paragraph.run.text
        while start < end and text[start] == " ":
            start += 1
        connective = CONNECTIVE.match(fold(text[start:end]))
        if connective is None:
            return None
        body = start + connective.end()
        # "Qua đó, đã vận động được …": what the work announced achieved, not its tasks.
        head = " ".join(fold(text[body:end]).split()[:REPORT_HEAD_WORDS])
        if PAST.match(head) or RESULT_WORDS.search(head):
            return None
        previous = last_clause_ahead(main_clause(self.previous_sentence))
        if not announces_list(previous):
            # "… vừa triển khai kế hoạch hoạt động …. Theo đó, các cấp hội tập trung …":
            # after a sentence that names planned work, the sentences that open with who
            # does it and a task verb (or with the verb) are that plan's tasks.
            if not self.previous_frames_ahead(previous):
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
            # "Cụ thể, công tác chuẩn bị nhân sự phải bảo đảm …; …": a verb after "công
            # tác" (the work of …) names a work, the subject of the modal after it.
            work = _WORK_NOUN.search(lead)
            clause_end = next((i for i in top_level(text, verb, end) if text[i] == ";"), end)
            if work is not None and _MODAL_AFTER.search(fold(text[verb:clause_end])):
                verb = body + work.start()  # fold keeps the length
            body = verb
        parts, list_end = split_list(text, body)
        # One task now when the sentence before announced several: the next sentences and
        # paragraphs may go on with it (see :mod:`.continuations`).
        several = (announced_count(previous) or 0) > 1 or _MANY.search(previous) is not None
        if len(parts) < 2 and not (parts and several):
            return None
        owner = self.owner_at(text, start)
        if owner is None:
            owner = self._owner_of_previous()
        ticked = self.previous_frames_ahead(previous)
        self.add(paragraph, parts, owner, ticked, announced_count(previous))
        return list_end

    def _owner_of_previous(self) -> str | None:
        mentions = self.finder.mentions(self.previous_sentence)
        return mentions[-1][1] if mentions else None

    def _read_sentence(self, paragraph: Paragraph, start: int, end: int) -> int | None:
        """Read a lead-in list or a forward enumeration; the index where it ends."""
        text = paragraph.run.text
        for colon in top_level(text, start, end):
            if text[colon] != ":":
                continue
            lead = normalize(text[start:colon])
            if is_lead_in(lead):
                owner = self.owner_at(text, colon)
                # Ticked only when the lead-in (or the sentence before it) speaks of work
                # ahead: results and agendas are announced with the same words.
                ahead = self.lead_in_ahead(after_results(fold(text[start:colon]))) or (
                    not PAST.search(lead)
                    and not self.reporting
                    and any(map(frames_work_ahead, self._recent))
                )
                spoke = _SPOKE_OF.search(lead) is not None  # "chia sẻ" holds "sẽ" folded
                ahead = ahead and not (spoke and not FORWARD.search(_SPOKE_OF.sub("", lead)))
                if colon + 1 >= len(text.rstrip()):
                    # The list is in the paragraphs after this one.
                    number = paragraph.lines[-1].number
                    self.pending = (owner, announced_count(lead), number, ahead)
                    return len(text)
                parts, list_end = split_list(text, colon + 1)
                if ahead and self._reported_after(text, list_end, lead):
                    ahead = False
                announced = announced_count(lead)
                parts = _by_semicolon(text, parts, announced)
                if len(parts) >= 2:
                    parts = by_sentence(text, parts, announced)
                    self.add(paragraph, parts, owner, ahead, announced)
                    return list_end
                if len(parts) == 1 and self._sole_item(text, parts[0]):
                    # One item ending the paragraph: the rest of the list is not in the
                    # text (a stored copy cut after it), or it is the only one.
                    self.add(paragraph, parts, owner, ahead, announced)
                    return list_end
        inline = self._inline_lead_list(paragraph, start, end)
        if inline is not None:
            return inline
        named = self.naming_list(paragraph, start, end)
        if named is not None:
            return named
        goal = self._goal_list(paragraph, start, end)
        if goal is not None:
            return goal
        return self.read_forward(paragraph, start, end)

    def _reported_after(self, text: str, list_end: int, lead: str) -> bool:
        """Whether the paragraph goes on after a list with what was done ("Thực hiện tốt 3
        nhiệm vụ trọng tâm: …; …. Bằng nhiều hình thức Hội đã tuyên truyền …"), not with a
        meeting's proceedings, and its lead-in names no modal or time ahead: a year's report
        names the standing tasks it carried out with the nouns of a plan."""
        begin = next_sentence(text, list_end)
        if begin >= len(text) or FORWARD.search(lead) or self.frame.opens_ahead(lead):
            return False
        head = " ".join(fold(text[begin:]).split()[:REPORT_HEAD_WORDS])
        if _MEETING_SUBJECT.match(head):
            return False  # "Đại hội đã bầu …" after a congress's targets: its proceedings
        return PAST.search(head) is not None or RESULT_WORDS.search(head) is not None

    def _inline_lead_list(self, paragraph: Paragraph, start: int, end: int) -> int | None:
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
        owner = self.owner_at(text, inline.start())
        self.add(paragraph, parts, owner, self.lead_in_ahead(lead), announced_count(lead))
        return end

    def _sole_item(self, text: str, part: tuple[int, int]) -> bool:
        """Whether the one item after a lead-in reads as a task and ends its paragraph."""
        folded = fold(text[part[0] : part[1]]).lstrip()
        return (
            part[1] >= len(text.rstrip(" .…;:"))
            and (TASK_OPENING.match(folded) is not None or TARGET.match(folded) is not None)
            and not reads_as_result(text[part[0] : part[1]])
        )

    def _sole_target(self, text: str, part: tuple[int, int]) -> bool:
        """Whether one item after a verb that sets targets reads as a task or a target: a
        task verb or "mỗi …" first, or a figure ("mỗi cơ sở Đoàn hằng năm thực hiện ít
        nhất 3 …")."""
        folded = fold(text[part[0] : part[1]]).lstrip()
        return (
            TASK_OPENING.match(folded) is not None
            or EACH_SUBJECT.match(folded) is not None
            or re.search(r"\d", folded) is not None
        )

    def _goal_list(self, paragraph: Paragraph, start: int, end: int) -> int | None:
        """ "<Tổ chức> đặt mục tiêu <a>; <b>; …": targets after a verb that sets them, as
        after a lead-in's colon (ticked when the organisation is named and nothing says
        they were reached); the index where they end."""
        text = paragraph.run.text
        folded = fold(text)
        goal = GOAL_LEAD.search(folded, start, end)
        # "hội viên đạt chỉ tiêu 01 hội viên/2 hộ dân": a target reached ("đạt", folded
        # like "đặt"), itself one item of the list it stands in, not a lead-in.
        if goal is None or text[goal.start() : goal.start() + 3].lower() == "đạt":
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
        # "… đề ra mục tiêu vững mạnh, có năng lực thích ứng …": one aim that says what the
        # organisation shall be, not a task or a target.
        if not parts or (len(parts) == 1 and not self._sole_target(text, parts[0])):
            return None
        owner = self.owner_at(text, goal.start())
        self.add(paragraph, parts, owner, owner is not None, None)
        return min(list_end, end)
