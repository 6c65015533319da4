"""Lists that go on beyond their sentence: continuations, ordinals and naming leads.

The readers :mod:`.prose` uses when a list does not end where its sentence ends:

* **Continuations**: "Bên cạnh đó, Đoàn phường cũng triển khai …", "Hội cũng đẩy mạnh …",
  "Đặc biệt, tuyên truyền …" right after a list add one more item to it; a sentence that
  opens with a task while the lead-in announced more items goes on with it; "Cùng với đó
  là …" adds to the ticked list or directive read last in the same paragraph.
* **Ordinals**: after a sentence announcing a list, "Thứ nhất, …. Thứ hai, …" sentences
  or "Một là: …", "Hai là: …" paragraphs are its items.
* **Block lists**: a lead-in that ends its paragraph takes the paragraphs after it that
  start with a marker, an ordinal or a task verb.
* **Naming leads**: "… mục tiêu nhiệm kỳ 2025-2030, đó là xây dựng Hội …. Nâng cao …":
  planned work named, then its items after ", đó là" / ", cụ thể là" and in the
  sentences after it that open with a task.

:class:`ContinuationReader` holds these on top of :class:`.directives.DirectiveReader`,
with the state they share with :mod:`.prose`'s reader: the list a paragraph-ending lead-in
left pending, whether the paragraph read reports, where the sentence read last began.
"""

from __future__ import annotations

import re

from .clauses import is_top_level, next_sentence, sentence_ends, split_at, top_level, trim
from .directives import DirectiveReader, Paragraph, ProseItem, ProseList
from .orgfinder import OrgFinder
from .sentences import (
    announces_list,
    last_clause_ahead,
    main_clause,
    reports_done,
)
from .splits import first_verb, item_start, split_before_verbs
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
    LIST_NOUN_WORDS,
    NAMING_LEAD,
    ORDINAL,
    ORG_SUBJECT,
    PAST,
    RESULT_WORDS,
    TASK_OPENING,
    TASK_START,
    WHOLE_SUBJECT,
    WORK_AHEAD,
    announced_count,
    fold,
    frames_work_ahead,
    names_documents,
)

# The fewest clauses opening with a task verb that make a paragraph a list of tasks.
LISTED_TASKS = 2


class ContinuationReader(DirectiveReader):
    """The readers of lists that go on (see the module docstring)."""

    def __init__(
        self,
        paragraphs: list[Paragraph],
        finder: OrgFinder,
        *,
        allow_ticked: bool,
        owner: str | None = None,
    ) -> None:
        super().__init__(paragraphs, finder, allow_ticked=allow_ticked, owner=owner)
        # A lead-in that ended its paragraph: its owner, count, line and whether ahead.
        self.pending: tuple[str | None, int | None, int, bool] = (None, None, 0, False)
        self.previous_at = (-1, 0)  # the paragraph and start of the sentence read last

    def lead_in_ahead(self, lead: str) -> bool:
        """Whether a lead-in speaks of work ahead (see :func:`frames_work_ahead`). In a
        paragraph that reports ("Thời gian qua, Công đoàn đã …"), the nouns of planned work
        alone do not make it so ("Các công đoàn cơ sở tập trung vào các nhiệm vụ trọng tâm
        như: …" says what they worked on): it needs a modal or a time ahead."""
        if not frames_work_ahead(lead):
            return False
        return (
            not self.reporting or FORWARD.search(lead) is not None or self.frame.opens_ahead(lead)
        )

    def continue_list(self, paragraph: Paragraph, last: ProseList, start: int, end: int) -> bool:
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
            (last.dated or self._lists_tasks(text, verb, end))
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
        # unless they list what it names ("… các đề án … như: Đề án …; Đề án …"). Without a
        # semicolon of its own, its tasks are joined by commas, each opening with its verb
        # after one subject ("Bên cạnh đó, các Hội cần chủ động lập kế hoạch, phân công …,
        # tổ chức …"): cut there, as a list without semicolons is (splits.list_sentences).
        semicolons = any(text[i] == ";" for i in top_level(text, begin, stop))
        clauses = (
            [(begin, stop)]
            if named
            else split_at(text, begin, stop, ";")
            if semicolons
            else split_before_verbs(text, begin, stop)
        )
        for a, b in clauses:
            a, b = trim(text, a, b)
            if b > a:
                last.items.append(ProseItem(paragraph.run, a, b, item.org_code, item.ticked))
        return True

    @staticmethod
    def _lists_tasks(text: str, verb: int, end: int) -> bool:
        """Whether ``text[verb:end]`` lists tasks between semicolons, two or more of its
        clauses opening with a task verb ("Hội tích cực tham gia …; phát triển …; …")."""
        clauses = split_at(text, verb, end, ";")
        opening = sum(1 for a, b in clauses if TASK_OPENING.match(fold(text[a:b]).lstrip()))
        return len(clauses) >= LISTED_TASKS and opening >= LISTED_TASKS

    def goes_on(self, paragraph: Paragraph, last: ProseList, start: int, end: int) -> bool:
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

    def along_with(self, paragraph: Paragraph, start: int, end: int) -> bool:
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

    def ordinal_sentences(self, paragraph: Paragraph, start: int, end: int) -> int | None:
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
        at_paragraph, at_start = self.previous_at
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

    def ordinal_list(self, index: int) -> int | None:
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
        self.pending = (owner, announced_count(clause), number, ahead)
        return self.read_block_list(index, last_start, len(text))

    def read_block_list(self, index: int, start: int, end: int) -> int:
        """A lead-in that ends its paragraph: the marked or verb-led paragraphs after it."""
        owner, announced, line, ahead = self.pending
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

    def naming_list(self, paragraph: Paragraph, start: int, end: int) -> int | None:
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
                # "… chủ đề năm “Tập trung …, trọng tâm là …”": a quoted theme's words
                and is_top_level(text, start, found.start())
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
        self.add(paragraph, parts, owner, self.lead_in_ahead(lead), announced_count(lead))
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
