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

Sentences without a lead-in are read as forward enumerations or directives
(:mod:`.directives`), which also says whose a list is. An announced count ("4 nội dung")
is kept with the number of items found for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from .clauses import next_sentence, sentence_ends, split_at, top_level, trim
from .directives import DirectiveReader, Paragraph, ProseItem, ProseList
from .lines import Line
from .orgfinder import OrgFinder
from .sentences import (
    after_results,
    announces_list,
    by_sentence,
    is_lead_in,
    last_clause_ahead,
    main_clause,
    reports_done,
)
from .splits import (
    EACH_SUBJECT,
    first_verb,
    item_start,
    split_list,
)
from .text import normalize
from .vocab import (
    ALONG_WITH,
    BARE_NAMING_WORDS,
    CONNECTIVE,
    CONNECTIVE_SUBJECT_WORDS,
    CONTINUATION,
    CONTINUATION_LEAD,
    EVENT_SUBJECT,
    FORWARD,
    GOAL_LEAD,
    INLINE_LEAD,
    LIST_NOUN_WORDS,
    NAMING_LEAD,
    ORDINAL,
    ORG_SUBJECT,
    PAST,
    RECENT_SENTENCES,
    REPORT_HEAD_WORDS,
    RESULT_WORDS,
    SENTENCE_END_CHARS,
    TARGET,
    TASK_OPENING,
    TASK_START,
    WHOLE_SUBJECT,
    WORK_AHEAD,
    announced_count,
    fold,
    frames_work_ahead,
    names_documents,
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


# "Hội nghị đề ra nhiều chỉ tiêu, nhiệm vụ …": several items announced without a count.
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


class _ProseReader(DirectiveReader):
    def __init__(
        self,
        paragraphs: list[Paragraph],
        finder: OrgFinder,
        *,
        allow_ticked: bool,
        owner: str | None = None,
    ) -> None:
        super().__init__(paragraphs, finder, allow_ticked=allow_ticked, owner=owner)
        self._pending: tuple[str | None, int | None, int, bool] = (None, None, 0, False)
        self._reporting = False  # whether the paragraph read reports (see _read_paragraph)
        self._recent: tuple[str, ...] = ()  # the last sentences read, folded
        self._previous_at = (-1, 0)  # the paragraph and start of the sentence read last

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
            consumed = self._ordinal_sentences(paragraph, start, end)
            if consumed is None:
                consumed = self._read_connective(paragraph, start, end)
            if consumed is None:
                consumed = self._read_sentence(paragraph, start, end)
            self._previous_at = (index, start)
            self.previous_sentence = fold(text[start:end])
            self.previous_ahead = self.frame.opens_ahead(self.previous_sentence)
            self._recent = (*self._recent[-(RECENT_SENTENCES - 1) :], self.previous_sentence)
            if consumed is not None:
                if consumed >= len(text) and text.rstrip().endswith(":"):
                    return self._read_block_list(index, start, end)
                start = next_sentence(text, consumed)
                continue
            start = end
        mentions = self.finder.mentions(text)
        if mentions:
            self.context_owner = mentions[-1][1]
        return self._ordinal_list(index) or index + 1

    def _ordinal_list(self, index: int) -> int | None:
        """ "… xây dựng Chương trình công tác năm với 3 trọng tâm chỉ đạo." then paragraphs
        "Một là: …", "Hai là: …": a paragraph whose last sentence announces a list, followed
        by paragraphs numbered by ordinal words, holds its items there; the announcing
        sentence is no task. Where the block list ends, or None."""
        if index + 1 >= len(self.paragraphs):
            return None
        first = self.paragraphs[index + 1].lines[0]
        if first.marker is not None or not ORDINAL.match(fold(first.text)):
            return None
        paragraph = self.paragraphs[index]
        text = paragraph.run.text
        ends = [e for e in sentence_ends(text) if e < len(text.rstrip())]
        last_start = next_sentence(text, ends[-1]) if ends else 0
        sentence = fold(text[last_start:])
        clause = last_clause_ahead(main_clause(sentence))
        if reports_done(clause):
            return None
        if not announces_list(clause) and announced_count(clause) is None:
            return None
        self.lists = [
            found
            for found in self.lists
            if found.paragraph != index or found.items[0].start < last_start
        ]
        ahead = (
            frames_work_ahead(sentence)
            or self.frame.opens_ahead(sentence)
            or self.previous_frames_ahead(self.previous_sentence)
        )
        owner = self.owner_at(text, len(text))
        number = paragraph.lines[-1].number
        self._pending = (owner, announced_count(clause), number, ahead)
        return self._read_block_list(index, last_start, len(text))

    def _ordinal_sentences(self, paragraph: Paragraph, start: int, end: int) -> int | None:
        """ "… xác định 3 nhiệm vụ trọng tâm. Thứ nhất, tăng cường …. Thứ hai, …": after a
        sentence announcing a list, the sentences of the paragraph that open with ordinal
        words ("Thứ nhất", "Một là" …) are its items, each up to the next ordinal, the last
        its own sentence; the announcing sentence is no task. The index where they end."""
        text = paragraph.run.text
        while start < end and text[start] == " ":
            start += 1
        ordinal = ORDINAL.match(fold(text[start:end]))
        if ordinal is None or not fold(text[start:end]).startswith(("thu nhat", "mot la")):
            return None
        previous = last_clause_ahead(main_clause(self.previous_sentence))
        if reports_done(previous):
            return None
        if not announces_list(previous) and announced_count(previous) is None:
            return None
        bodies = [(start, start + ordinal.end())]
        list_end = end
        sentence = next_sentence(text, end)
        for following in sentence_ends(text):
            if following <= sentence:
                continue
            found = ORDINAL.match(fold(text[sentence:following]))
            if found is not None:
                bodies.append((sentence, sentence + found.end()))
                list_end = following
            sentence = next_sentence(text, following)
        if len(bodies) < 2:
            return None
        parts = [
            (body, bodies[n + 1][0] if n + 1 < len(bodies) else list_end)
            for n, (_at, body) in enumerate(bodies)
        ]
        at_paragraph, at_start = self._previous_at
        self.lists = [
            found
            for found in self.lists
            if found.paragraph != at_paragraph or found.items[0].start < at_start
        ]
        owner = self.owner_at(text, start)
        self.add(
            paragraph,
            parts,
            owner,
            self.previous_frames_ahead(previous),
            announced_count(previous),
        )
        return list_end

    def _continue_list(self, paragraph: Paragraph, last: ProseList, start: int, end: int) -> bool:
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
        # "Hội cũng đẩy mạnh …", "Đoàn còn (sẽ) tổ chức …" after a plan's paragraph: its
        # organisation (named, or "Hội", "Đoàn" …) says it also does more.
        also = (
            [w for w in subject.split() if w != "se"][-1:] in (["cung"], ["con"])
            and len(subject.split()) <= CONNECTIVE_SUBJECT_WORDS
            and (bool(owners) or ORG_SUBJECT.match(subject) is not None)
            and owners <= {item.org_code}
            and not EVENT_SUBJECT.match(subject)
        )
        # "Năm 2026, Hội … tiếp tục …. Hội tập trung …" then a paragraph "Hội chú trọng …;
        # …": a plan's sentences go on while its organisation, alone, is their subject.
        planned = (
            last.dated
            and item.ticked
            and len(subject.split()) <= CONNECTIVE_SUBJECT_WORDS
            and (bool(owners) or ORG_SUBJECT.match(subject) is not None)
            and owners <= {item.org_code}
            and not EVENT_SUBJECT.match(subject)
        )
        if (
            not CONTINUATION.match(folded)
            and not direct
            and not same_owner
            and not also
            and not planned
        ):
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

    def _along_with(self, paragraph: Paragraph, start: int, end: int) -> bool:
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

    def _goes_on(self, paragraph: Paragraph, last: ProseList, start: int, end: int) -> bool:
        """A sentence after one that went on with a list, in the same paragraph, that opens
        one more task while the lead-in announced more ("Đồng thời, Hội tuyên truyền ….
        Tăng cường …"), or that adds one by its connective ("Đồng thời vận động …")."""
        text = paragraph.run.text
        while start < end and text[start] == " ":
            start += 1
        # "Đồng thời vận động hội viên …": a connective that adds, then a task.
        along = ALONG_WITH.match(fold(text[start:end]))
        if (
            along is not None
            and along.end()
            and TASK_START.match(fold(text[start + along.end() : end]))
        ):
            begin: int | None = start + along.end()
        elif last.announced is None or len(last.items) >= last.announced:
            return False
        else:
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
            body = verb
        parts, list_end = split_list(text, body)
        # One task now when the sentence before announced several: the next sentences and
        # paragraphs may go on with it (see prose's _continue_list).
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
        named = self._naming_list(paragraph, start, end)
        if named is not None:
            return named
        goal = self._goal_list(paragraph, start, end)
        if goal is not None:
            return goal
        return self.read_forward(paragraph, start, end)

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
        self.add(paragraph, parts, owner, self._lead_in_ahead(lead), announced_count(lead))
        return end

    def _naming_list(self, paragraph: Paragraph, start: int, end: int) -> int | None:
        """ "… thống nhất mục tiêu nhiệm kỳ 2025-2030, đó là xây dựng Hội …. Nâng cao ….
        Phát huy …": planned work named, then its items after ", đó là" / ", cụ thể là",
        the first in the rest of the sentence, the next ones in the sentences after it
        that open with a task (one item each, cut at semicolons only: their commas are
        the task's own); the index where they end."""
        text = paragraph.run.text
        folded = fold(text)
        naming = next(
            (
                found
                for found in NAMING_LEAD.finditer(folded, start, end)
                if self._names_work(folded, start, found)
            ),
            None,
        )
        if naming is None:
            return None
        lead = folded[start : naming.start()]
        parts = split_at(text, naming.end(), end, ";")
        list_end = end
        sentence = next_sentence(text, end)
        for following in sentence_ends(text):
            if following <= sentence:
                continue
            begin = item_start(text, sentence, following)
            if begin is None:
                break
            parts.extend(split_at(text, begin, following, ";"))
            list_end = following
            sentence = next_sentence(text, following)
        if len(parts) < 2:
            return None
        owner = self.owner_at(text, naming.start())
        self.add(paragraph, parts, owner, self._lead_in_ahead(lead), announced_count(lead))
        return list_end

    @staticmethod
    def _names_work(folded: str, start: int, naming: re.Match[str]) -> bool:
        """Whether the words before a naming "đó là" (or "là" alone, right after the noun)
        name planned work, none of them results, and a task follows it."""
        lead = folded[start : naming.start()]
        if naming.group("bare") and CONNECTIVE.match(lead.lstrip() + " la "):
            # "Trọng tâm là …" opening a sentence: the connective's, ticked only after
            # work ahead (see _read_connective).
            return False
        reach = BARE_NAMING_WORDS if naming.group("bare") else LIST_NOUN_WORDS
        return (
            WORK_AHEAD.search(" ".join(lead.split()[-reach:])) is not None
            and not reports_done(lead)
            and TASK_OPENING.match(folded[naming.end() :]) is not None
        )

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
        # "… đề ra mục tiêu vững mạnh, có năng lực thích ứng …": one aim that says what the
        # organisation shall be, not a task or a target.
        if not parts or (len(parts) == 1 and not self._sole_target(text, parts[0])):
            return None
        owner = self.owner_at(text, goal.start())
        self.add(paragraph, parts, owner, owner is not None, None)
        return min(list_end, end)

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
            dated = self.dated_tasks(text, offset)
            if dated:
                # "- Trong tháng 6, Ban Thường trực … tiếp tục …. Hướng dẫn …; thực hiện …":
                # a period ahead opens the paragraph, its sentences and clauses the tasks.
                ticked = owner is not None and self.allow_ticked
                items.extend(ProseItem(run, a, b, owner, ticked) for a, b in dated)
            else:
                items.append(self.item(run, offset, stop, owner, ahead and self.allow_ticked))
            following += 1
        if items:
            if names_documents([fold(item.text) for item in items]):
                for item in items:
                    item.ticked = False
            self.lists.append(ProseList(items, announced, line))
        return following if items else index + 1
