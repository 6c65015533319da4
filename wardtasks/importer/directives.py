"""Tasks in sentences of work ahead: forward enumerations and single directives.

The sentence readers :mod:`.prose` falls back on when a sentence has no lead-in list:

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
* **Dated list paragraphs**: a list paragraph opening with a period ahead ("Trong tháng 6,
  …" in a text that reports tháng 5) gives one task per sentence and clause.

The owner of a list is the organisation named last before it in its paragraph (not as the
object of "đại hội", "kỷ niệm", "thành lập", "tổ chức" …), else in the paragraphs before;
none (shared) if the text names none, or if its subject is only "các tổ chức thành viên"
or "các đoàn thể".

:class:`DirectiveReader` holds what the readers share (the paragraphs, the lists read so
far, the sentence read last, the organisation the text is about); :mod:`.prose`'s reader
builds on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .clauses import is_top_level, next_sentence, split_at, top_level, trim
from .lines import Line
from .orgfinder import OrgFinder
from .sentences import (
    ANNUAL,
    EMPHASIS,
    MODAL,
    OPENING_CONNECTIVE,
    PURPOSE_LEAD,
    adopted_list_start,
    after_results,
    announces_counted_list,
    announces_list,
    decided_tasks_start,
    inner_list_start,
    main_clause,
    org_is_subject,
    requested_of_org,
)
from .source import Run
from .splits import (
    AHEAD_OPENERS,
    EACH_SUBJECT,
    after_connective,
    first_verb,
    join_particulars,
    join_qualities,
    list_sentences,
    split_before_continue,
    split_before_verbs,
    split_counted,
    split_repeated_verb,
)
from .timeframe import TimeFrame
from .vocab import (
    EACH_ASSOCIATION,
    EVENT_AGENDA,
    FORWARD,
    JOINED_SUBJECT,
    JOINT_ACTING,
    JOINT_REACH,
    JOINT_SUBJECT,
    MODAL_BEFORE,
    ORDINAL,
    PAST,
    REQUESTS,
    RESULT_WORDS,
    SENTENCE_REACH,
    SHARED,
    SPLIT_MIN_WORDS,
    TARGET,
    TASK_OPENING,
    TASK_START,
    fold,
    frames_work_ahead,
    names_documents,
    reads_as_result,
)

_WORD = re.compile(r"\w")


# What a sentence of work ahead focuses on, named by the clauses after it ("tập trung vào
# việc …; …").
_FOCUS = re.compile(r"tap trung vao (?:viec |cac |nhung )?(?=\w)")


# A sentence opening with the plan it reads from ("Theo kế hoạch, …").
PLAN_OPENING = re.compile(r"theo (?:ke hoach|chuong trinh)(?: cong tac)?,\s*")
_SUCH_AS = re.compile(r" nhu:? ")


def _after_ordinal(text: str, start: int, end: int) -> tuple[int, int]:
    """``start`` moved past the ordinal words an item opens with ("Hai là, …")."""
    ordinal = ORDINAL.match(fold(text[start:end]))
    return (start + ordinal.end() if ordinal is not None else start), end


@dataclass
class ProseItem:
    """One task read from prose: where its text is in the paragraph, and whose it is."""

    run: Run
    start: int
    end: int
    org_code: str | None
    ticked: bool
    own_subject: bool = False  # whether the item names its organisation as its subject

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
    # Opened by a plan's own sentence: the year ahead, the organisation, its task ("Năm
    # 2026, Hội … tiếp tục …"); the paragraphs after it that open with that organisation
    # and a task go on with it (see prose's _continue_list).
    dated: bool = False


@dataclass
class Paragraph:
    lines: list[Line]
    run: Run = field(default_factory=Run)
    index: int = 0


def item_subject(finder: OrgFinder, text: str, start: int, end: int) -> str | None:
    """The organisation an item opens with as the subject of its verb ("3. Đoàn thanh
    niên phường tổ chức ra quân …"): the item is that organisation's, whoever owns the
    list it is in."""
    while start < end and text[start] in " -+*•–":
        start += 1
    directed = _directed(finder, text, start, end)
    if directed is not None:
        return directed
    mentions = finder.mention_spans(text[start:end])
    if not mentions or text[start : start + mentions[0][0]].strip():
        return None
    verb = first_verb(text, start, end)
    if verb is None or verb < start + mentions[0][1]:
        return None
    if not org_is_subject(finder, text, fold(text), start, verb):
        return None
    return mentions[0][2]


# "(Tiếp tục) chỉ đạo Đoàn thanh niên tổ chức …": the body directed does the item.
_DIRECTS = re.compile(r"(?:tiep tuc )?(?:chi dao|huong dan|giao cho) ")


def _directed(finder: OrgFinder, text: str, start: int, end: int) -> str | None:
    """The organisation an item directs to do its task, named right after the verb that
    directs and before the task's verb; None otherwise."""
    directs = _DIRECTS.match(fold(text[start:end]))
    if directs is None:
        return None
    at = start + directs.end()
    mentions = finder.mention_spans(text[at:end])
    if not mentions or text[at : at + mentions[0][0]].strip():
        return None
    verb = first_verb(text, at + mentions[0][1], end)
    if verb is None or len(text[at + mentions[0][1] : verb].split()) > 2:
        return None
    return mentions[0][2]


class DirectiveReader:
    """What the sentence readers share, and the readers of forward enumerations and
    directives; :mod:`.prose`'s reader builds on it."""

    def __init__(
        self,
        paragraphs: list[Paragraph],
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
        self.context_owner: str | None = owner
        # the organisations the free text names, for "các Hội …" (see owner_at)
        self.named = {code for p in paragraphs for _, code in finder.mentions(p.run.text)}
        self.previous_sentence = ""  # the sentence read last, folded
        self.previous_ahead = False  # whether it opened with a time ahead
        self.reporting = False  # whether the paragraph read reports (see prose)

    def previous_frames_ahead(self, previous: str) -> bool:
        """Whether the sentence read last (``previous``: its main clause) speaks of work
        ahead, in its words or by opening with a time ahead ("Nhiệm kỳ 2026 - 2031, Hội …
        đẩy mạnh …. Trong đó, …")."""
        return frames_work_ahead(previous) or self.previous_ahead

    def read_forward(self, paragraph: Paragraph, start: int, end: int) -> int | None:
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
            or not self.previous_frames_ahead(main_clause(self.previous_sentence))
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
        # "…; đồng thời tiếp tục nắm bắt …": a clause adding a task by its connective.
        parts = [(after_connective(text, a, b), b) for a, b in parts]
        parts = join_particulars(text, parts)
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
        emphasis = EMPHASIS.match(folded, adopted) if adopted is not None else None
        if emphasis is not None:
            adopted = emphasis.end()
        if adopted is None and marker is None:
            adopted = decided_tasks_start(folded, start, end)
        if adopted is not None:
            from_index = adopted
        # "Để thực hiện mục tiêu này, LĐLĐ các quận … tăng cường …": the aim the sentence
        # opens with is not its first task.
        purpose = PURPOSE_LEAD.match(folded, start)
        if purpose is not None:
            from_index = max(from_index, purpose.end())
        parts = [p for p in parts if p[1] > from_index]
        if len(parts) < 2:
            return self.read_single(
                paragraph, start, end, from_index, marker or forward_year, dated=forward_year
            )
        lead_end = (
            from_index
            if emphasis is not None
            else first_verb(text, max(parts[0][0], from_index), parts[0][1])
        )
        if annual is not None and TARGET.match(folded, annual.end() + 1):
            lead_end = annual.end() + 1
        if lead_end is None:
            return None
        # "… đề nghị Hội huyện tiếp tục triển khai thực hiện: Hội các cấp tích cực, vận động
        # …": a colon inside the first clause announces its task; what comes before it,
        # task verbs and all, is the lead.
        colon = next((i for i in top_level(text, lead_end, parts[0][1]) if text[i] == ":"), None)
        announced = first_verb(text, colon + 1, parts[0][1]) if colon is not None else None
        if announced is not None:
            lead_end = announced
        clause_start = max(
            [start, *(i + 1 for i in top_level(text, start, from_index) if text[i] in ",;")]
        )
        # "… biểu dương những thành tích … đạt được trong nhiệm kỳ qua và đề nghị, …": the
        # request after the results is the sentence's own clause.
        lead = after_results(folded[clause_start:lead_end])
        if PAST.search(lead) or RESULT_WORDS.search(lead) or lead.rstrip().endswith("duoc"):
            return None
        parts[0] = (lead_end, parts[0][1])
        # "… thực hiện các công trình, phần việc … như thực hiện …; …": the list the first
        # clause names starts after "như".
        such = _SUCH_AS.search(folded, lead_end, parts[0][1])
        if (
            such is not None
            and is_top_level(text, lead_end, such.start())
            and announces_list(folded[lead_end : such.start()])
            and TASK_START.match(folded[such.end() :])
        ):
            parts[0] = (such.end(), parts[0][1])
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
            return self.read_single(
                paragraph, start, end, from_index, marker or forward_year, dated=forward_year
            )
        first = folded[parts[0][0] : parts[0][1]]
        if not (
            TASK_START.match(first)
            or (annual is not None and TARGET.match(first))
            or emphasis is not None
        ):
            return None
        # "… sẽ tập trung vào việc tổ chức …; kỷ niệm …; các hoạt động …": after the focus
        # it names, every clause between semicolons is an item, verb or noun.
        focus = _FOCUS.match(first)
        if focus is not None and len(parts) > 2 and (marker is not None or forward_year):
            parts[0] = (parts[0][0] + focus.end(), parts[0][1])
        # Clauses after the first may be targets ("hơn 95% chi đoàn xếp loại vững mạnh").
        tasks = (
            len(parts)
            if focus is not None or emphasis is not None
            else sum(
                1
                for a, b in parts
                if TASK_OPENING.match(folded[a:b])
                or TARGET.match(folded[a:b])
                or (annual is not None and EACH_SUBJECT.match(folded[a:b]))
            )
        )
        # "Theo kế hoạch, … tập trung thực hiện …; …": the plan's list, said as such.
        planned = PLAN_OPENING.match(folded, start) is not None and not PAST.search(
            folded, start, end
        )
        # "Trong nhiệm kỳ qua, Hội …. Động viên cựu chiến binh …, phấn đấu giảm nghèo …": in
        # a paragraph that reports, a task verb of striving is what was done, not a marker
        # of work ahead (a time ahead or a modal of its own still is one).
        if (
            marker is not None
            and self.reporting
            and TASK_START.match(folded[marker.start() : end])
            and not forward_year
        ):
            marker = None
        ahead = marker is not None or forward_year or adopted is not None or planned
        if tasks < 2 or (not ahead and tasks < 3):
            return None
        owner = self.owner_at(text, lead_end)
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
        # task is in read_single), not a wish in the air.
        addressed = requested and requested_of_org(self.finder, text, folded, start, lead_end)
        ticked = (
            ahead
            and owner is not None
            and (forward_year or adopted is not None or planned or not requested or addressed)
            and not agenda
        )
        # The sentences after it that open with a task go on with it (see splits), ticked
        # or offered as it is.
        parts, list_end = list_sentences(text, next_sentence(text, end), parts)
        self.add(paragraph, parts, owner, ticked, None)
        return list_end

    def read_single(
        self,
        paragraph: Paragraph,
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
        if reads_as_result(text[verb:end]) or announces_counted_list(folded[start:end]):
            return None
        modal = MODAL_BEFORE.search(folded, clause_start, verb)
        begin = verb if modal is None else modal.start()
        named = bool(self.finder.mentions(text[start:begin]))
        owner = self.owner_at(text, begin)
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
        self.add(paragraph, parts, owner, ticked, None)
        if ticked and dated and self.lists:
            self.lists[-1].dated = True
        return list_end

    def dated_tasks(self, text: str, start: int) -> list[tuple[int, int]]:
        """The tasks of a list paragraph that opens with a period ahead ("Trong tháng 6, …"
        in a text that reports tháng 5) and goes on in sentences that open with a task:
        each sentence, cut at its semicolons; none when it holds one task only."""
        if not self.frame.ahead_at(fold(text[start:]), 0):
            return []
        parts, _end = list_sentences(text, start, [])
        return [trim(text, a, b) for a, b in parts] if len(parts) >= 2 else []

    def owner_at(self, text: str, end: int) -> str | None:
        # "Các tổ chức thành viên tổ chức …", "Các đoàn thể phường vận động …",
        # "MTTQ và các tổ chức thành viên …": the work of them all.
        window = text[max(0, end - JOINT_REACH) : end]
        clause = re.split(r"[.;:]\s", window)[-1]
        folded = fold(clause)
        if JOINT_SUBJECT.search(folded) and (
            not self.finder.mentions(clause) or JOINED_SUBJECT.search(folded)
        ):
            return SHARED
        if not self.finder.mentions(clause) and self._joint_earlier(text, end):
            return SHARED
        # "đề nghị các Hội nhanh chóng …", "từng Hội xây dựng …" in a text that names
        # several organisations: the work of them all (in a text of one association, its
        # branches: that association's).
        if EACH_ASSOCIATION.search(folded) and len(self.named) >= 2:
            return SHARED
        mentions = self.finder.mentions(text, end)
        if mentions:
            return mentions[-1][1]
        return self.context_owner

    def _joint_earlier(self, text: str, end: int) -> bool:
        """Whether an earlier clause of the sentence, before a ";", has all organisations
        as its subject and no clause after it names one: "MTTQ cùng các tổ chức chính trị -
        xã hội xã tuyên truyền …; vận động đoàn viên …" is the work of them all, each
        clause after the ";" too."""
        sentence = re.split(r"[.:!?]\s", text[max(0, end - SENTENCE_REACH) : end])[-1]
        for clause in reversed(sentence.split(";")[:-1]):
            if JOINT_ACTING.search(fold(clause)):
                return True
            if self.finder.mentions(clause):
                return False
        return False

    def item_subject(self, text: str, start: int, end: int) -> str | None:
        """See :func:`item_subject`; an item opening with "các Hội" / "từng Hội" in a text
        naming several organisations is theirs together (see owner_at)."""
        if len(self.named) >= 2 and EACH_ASSOCIATION.match(fold(text[start : start + 12])):
            return SHARED
        return item_subject(self.finder, text, start, end)

    def item(self, run: Run, start: int, end: int, owner: str | None, ticked: bool) -> ProseItem:
        """An item of a list ``owner`` owns, unless it names its own subject."""
        own = self.item_subject(run.text, start, end)
        owner = owner if own is None else own
        return ProseItem(run, start, end, owner, ticked, own_subject=own is not None)

    def add(
        self,
        paragraph: Paragraph,
        parts: list[tuple[int, int]],
        owner: str | None,
        ticked: bool,
        announced: int | None,
    ) -> None:
        run = paragraph.run
        # An ellipsis after the last separator ("…; tham gia …;…") is no item: no word. The
        # ordinal words that number an item ("Một là, …") are its marker, not its text.
        bounds = [
            (a, b)
            for a, b in (_after_ordinal(run.text, *trim(run.text, a, b)) for a, b in parts)
            if b > a and _WORD.search(run.text, a, b)
        ]
        bounds = join_qualities(run.text, bounds)
        ticked = ticked and not names_documents([fold(run.text[a:b]) for a, b in bounds])
        items = [self.item(run, a, b, owner, ticked and self.allow_ticked) for a, b in bounds]
        if items:
            spans = run.spans(items[0].start, items[0].end)
            line = spans[0].line if spans else paragraph.lines[0].number
            self.lists.append(ProseList(items, announced, line, paragraph.index))
