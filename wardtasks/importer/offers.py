"""Candidate tasks in the sentences no reader took: the fallback that offers, never ticks.

The readers of :mod:`.prose` take a sentence when it has a lead-in, a connective, an
ordinal or words of work ahead. Texts not yet seen put tasks in sentences none of these
shapes fits ("Năm 2026, Hội … tiếp tục …. Hội tập trung …, đồng thời bám sát …"); on every
group of the corpus collected later, such tasks were missed at first contact. So a
sentence no reader took is cut into clauses (at semicolons, before ", đồng thời" with
a task after it, and at commas before a verb that opens a new task, as
:func:`.splits.split_before_verbs` cuts a list), and each clause that opens as a task
would (:func:`.splits.item_start`: a task verb, a target, who does it then a task verb;
not results), after a time or a connective it may open with ("Năm 2026, …", "Thời gian
tới, …", "Bên cạnh đó, …"), is offered unticked for the secretariat to tick. Nothing
offered is imported unless ticked, so a text of results ticks nothing more.

Measured (bench/results/2026-12-07-importer-offers.md): injected into the parser as each
group first met it, it finds 122 of the 197 tasks of final-7 … final-11 whole at first
contact instead of 95, more in every group, and ticks nothing more. The cut at commas
(bench/results/2026-12-08-importer-final-13-fixes.md): whole corpus 616 -> 620 of 670,
final-13 at first contact 15 -> 17 of 38, final-12 on the tree that held it out 22 -> 23
(it lost 4 of 197 when first tried on final-7 … final-11's first-contact parsers).
"""

from __future__ import annotations

import re

from .clauses import is_top_level, split_at, trim
from .splits import first_verb, item_start, split_before_verbs, split_repeated_verb
from .timeframe import TimeFrame
from .vocab import (
    ALONG_WITH,
    FORWARD,
    PAST,
    REPORT_LEAD,
    RESULT_WORDS,
    TARGET,
    TASK_START,
    YEAR_LEAD,
    fold,
)

# A time or a connective a clause may open with before its task or its subject.
_OPENER = re.compile(
    r"(?:(?:trong |den |cuoi |dau |tu nay den )?(?:nam|quy|thang|nhiem ky|giai doan)"
    r"(?: toi| den)?[^,.;:]{0,25},"
    r"|(?:thoi gian|giai doan) (?:toi|den|sap toi)[^,.;:]{0,25},"
    # "Sau hợp nhất, …", "Sau đại hội, …": the time the work follows
    r"|sau (?:khi )?[^,.;:]{1,25},"
    r"|(?:theo do|ben canh do|ngoai ra|dong thoi|dac biet|mat khac|trong do|cung voi do)\b\s*,?"
    # "Theo kế hoạch, Hội … tiếp tục …": the plan the task is in, not a document acted on
    r"|theo (?:ke hoach|du kien|chuong trinh)\s*,"
    r")\s*"
)
# ", đồng thời bám sát …": one more task in the same sentence.
_AND_ALSO = re.compile(r",\s*(?:va\s+)?(?:dong thoi|ben canh do)\s*,?\s*")

# The words a head of a sentence or clause is read in (as :func:`.splits.item_start` does).
_HEAD_WORDS = 15

# "Hội Nông dân xã tổ chức Đại hội lần thứ VIII", "Hội … phát động thi đua …": a news
# post's own event, told with its organisation as the subject, not a task.
_EVENT = re.compile(
    r"(?:to chuc|phat dong|khai mac|ra quan|trao|tang)\s+(?:cac |mot )?(?:hoi nghi|dai hoi|le\b"
    r"|buoi|hoi thi|cuoc thi|toa dam|hoi thao|thi dua|phong trao|qua|hoc bong)"
    # "Hội … sơ kết hoạt động năm 2024, triển khai nhiệm vụ năm 2025": the meeting itself
    r"|\b(?:so ket|tong ket)\b"
)
_EVENT_SUBJECT_WORDS = 12


def _reports_event(folded: str) -> bool:
    """Whether a clause led by its subject tells an event of the post (see _EVENT), with
    no word of work ahead before it."""
    if TASK_START.match(folded):
        return False
    head = " ".join(folded.split()[:_EVENT_SUBJECT_WORDS])
    event = _EVENT.search(head)
    return event is not None and FORWARD.search(head, 0, event.start()) is None


# "xác định 2 khâu đột phá gồm …": the items a counted list noun announces in the clause.
_ANNOUNCED = re.compile(
    r"\b(?:\d+|hai|ba|bon|nam) (?:khau dot pha|nhiem vu|giai phap|muc tieu|noi dung"
    r"|chuong trinh|dot pha)(?: [a-z]+){0,2} (?:gom|bao gom|la)\s*:?\s*"
)
# "…; và hộ cận nghèo": a clause that only adds objects to the one before.
_MORE_OF_IT = re.compile(r"(?:va|cung nhu|ke ca)\s")
# "Trong đợt này sẽ diễn ra A; B; C": the events ahead, named by nouns, each one offered.
_TAKES_PLACE = re.compile(r"\bse (?:dien ra|duoc to chuc)\b")
_MODAL = re.compile(r"\b(?:se|can|phai)\b")
# A request and who it asks ("đề nghị, các Hội …", "yêu cầu các chi hội …").
_REQUEST = re.compile(r"\b(?:de nghi|yeu cau)\b,?\s*")
_ADDRESSEE_WORDS = 6
# The most words before a modal for the clause to be offered from its start.
_SUBJECT_WORDS = 10
# "Thực hiện Nghị quyết số 12 của Trung ương Hội.": what the text acts on, not a task.
_PURSUANT = re.compile(
    r"(?:thuc hien|can cu|theo|thuc thi) (?:nghi quyet|ke hoach|chi thi|huong dan|cong van"
    r"|quyet dinh|thong tri|ket luan|dieu le)\b"
)
_PURSUANT_WORDS = 20


def _reports_before(folded: str, start: int, end: int) -> bool:
    """Whether ``folded[start:end]`` speaks of the past or of results ("… ghi nhận những kết
    quả đạt được và đề nghị …": a news report's speaker, whose request offers nothing)."""
    return PAST.search(folded, start, end) is not None or (
        RESULT_WORDS.search(folded, start, end) is not None
    )


def _pursuant(folded: str) -> bool:
    """Whether a short clause only names the document the text acts on."""
    return _PURSUANT.match(folded) is not None and len(folded.split()) <= _PURSUANT_WORDS


def _reports(folded: str) -> bool:
    """Whether a sentence or clause opens on a time past or on results."""
    head = " ".join(folded.split()[:_HEAD_WORDS])
    return PAST.search(head) is not None or RESULT_WORDS.search(head) is not None


def _opens_behind(frame: TimeFrame, folded: str, start: int) -> bool:
    """Whether a sentence opens with a year or a period the text looks back on: a year
    before the latest it names or one it sums up ("Năm 2023, Hội … vận động …" above "Năm
    2024, Hội … sẽ …"), "Trong quý I, …" in a quarter's review."""
    year = YEAR_LEAD.match(folded, start)
    if year is not None:
        number = int(year.group(1))
        return number < max(frame.years, default=number) or number in frame.reviewed
    return frame.period_behind(folded, start)


def looks_back(frame: TimeFrame, folded: str, start: int, end: int) -> bool:
    """Whether the sentence at ``folded[start:end]`` reports: it opens on a time past or
    results, or with a year or period the text looks back on."""
    return _reports(folded[start:end]) or _opens_behind(frame, folded, start)


# A direction given to whom it names, then the task verb ("chỉ đạo Hội cơ sở đẩy mạnh …"),
# set off as a clause of its own (after a comma, "đồng thời" or "và").
_DIRECTS = re.compile(r"(?:,\s*|\bva\s+)(?:dong thoi\s+)?chi dao\s+")
_DIRECTED_WORDS = 6


def _directed(text: str, folded: str, start: int, stop: int) -> list[tuple[int, int]]:
    """The clauses a direction reported in a sentence of the past asks for, from the verb
    after whom it names, between semicolons; none without such a direction."""
    directs = _DIRECTS.search(folded, start, stop)
    if directs is None or not is_top_level(text, start, directs.start()):
        return []
    verb = first_verb(text, directs.end(), stop)
    if verb is None or len(folded[directs.end() : verb].split()) > _DIRECTED_WORDS:
        return []
    return [p for p in split_at(text, verb, stop, ";") if p[1] > p[0]]


def offered_clauses(
    text: str, start: int, end: int, frame: TimeFrame, *, after_report: bool = False
) -> list[tuple[int, int]]:
    """The clauses of the sentence ``text[start:end]`` to offer as candidate tasks;
    ``after_report``: whether the sentence before it, in its paragraph, reports."""
    if text[start:end].rstrip().endswith(":"):
        return []  # a lead-in whose list a reader would have taken
    stop = len(text[:end].rstrip(" .;,…"))
    folded = fold(text)
    while start < stop and text[start] == " ":
        start += 1
    if looks_back(frame, folded, start, end):
        # "Năm qua, Hội …; tổ chức …": what was done, in every clause; but "… đã phát động …,
        # đồng thời chỉ đạo Hội cơ sở đẩy mạnh …; vận động …": what the direction given asks
        # of whom it names is work still to do.
        return _directed(text, folded, start, stop)
    if after_report and ALONG_WITH.match(folded[start:end]) is not None:
        return []  # "… đã trao 20 suất quà. Đồng thời phối hợp …": the report goes on
    clauses: list[tuple[int, int]] = []
    for a, b in split_at(text, start, stop, ";"):
        cut = a
        for also in _AND_ALSO.finditer(folded, a, b):
            if TASK_START.match(folded[also.end() : b]):
                clauses.append((cut, also.start()))
                cut = also.end()
        if REPORT_LEAD.match(folded[cut:b]) or _reports_event(folded[cut:b]):
            clauses.append((cut, b))  # "Sáng ngày 28/12, Hội … tổ chức …, triển khai …"
        else:
            # "… đề nghị nghiên cứu …, thực hiện …, chuẩn bị …": tasks listed with commas,
            # cut before their verbs only ("Tỷ lệ 70% đoàn viên, 60% thanh niên …" is one)
            pieces = split_before_verbs(text, cut, b)
            # "… và đẩy mạnh …", "… và khắc phục …": one more task after "và" (as in lists)
            pieces = [p for a, stop in pieces for p in split_repeated_verb(text, a, stop)]
            clauses.append(pieces[0])
            for a, stop in pieces[1:]:
                # "…, 100% hội viên được cấp thẻ …": a target stands as a clause too, unless
                # it goes on a series of shares ("Tỷ lệ 70% đoàn viên, 60% thanh niên …")
                if TASK_START.match(folded[a:stop]) or (
                    TARGET.match(folded[a:stop])
                    and not TARGET.search(folded, clauses[-1][0], clauses[-1][1])
                ):
                    clauses.append((a, stop))
                else:
                    clauses[-1] = (clauses[-1][0], stop)
    offered: list[tuple[int, int]] = []
    joins = False  # whether the clause before was offered
    for a, b in clauses:
        a, b = trim(text, a, b)
        if _reports(folded[a:b]):
            joins = False
            continue
        opener = _OPENER.match(folded, a, b)
        if opener is not None:
            a = opener.end()
        begin = item_start(text, a, b) if b > a else None
        announced = _ANNOUNCED.search(folded, a, b)
        if begin is None and announced is not None:
            begin = announced.end()  # "… xác định 2 khâu đột phá gồm đổi mới …"
        request = _REQUEST.search(folded, a, b) if begin is None else None
        if request is not None and not _reports_before(folded, a, request.start()):
            # "… Chủ tịch UBND phường đề nghị, các Hội nhanh chóng ổn định tổ chức": who is
            # asked, in a few words, then the task asked of them.
            verb = first_verb(text, request.end(), b)
            if verb is not None and len(text[request.end() : verb].split()) <= _ADDRESSEE_WORDS:
                begin = request.end()
        # "Hoạt động công đoàn sẽ hướng mạnh về cơ sở", "Phong trào … phải gắn với …": a
        # task whose subject is what is to be done, before its modal; offered with it.
        modal = _MODAL.search(folded, a, b)
        if modal is not None and len(folded[a : modal.start()].split()) <= _SUBJECT_WORDS:
            begin = a
        elif begin is None and modal is not None:
            # "hàng tháng, hàng quý Ban chấp hành Hội … hai huyện sẽ báo cáo cho nhau …": a
            # subject too long to offer, the task right after its modal
            begin = trim(text, modal.end(), b)[0]
        if begin is None and joins and _TAKES_PLACE.search(folded, start, a):
            offered.append((a, b))  # "… sẽ diễn ra hội nghị …; chương trình giao lưu …; …"
            continue
        if begin is None and joins and _MORE_OF_IT.match(folded, a):
            # "… rà soát hộ nghèo; và hộ cận nghèo": more of the task before
            offered[-1] = (offered[-1][0], b)
            continue
        joins = (
            begin is not None
            and not _reports_event(folded[begin:b])
            and not _pursuant(folded[begin:b])
        )
        if begin is not None and joins:
            offered.append((begin, b))
    return offered


# "… để thôn đạt chuẩn … trong thời gian tới như chỉnh trang vườn, sắp xếp đồ đạc gọn gàng,
# phân loại …, trồng hàng rào xanh, vệ sinh môi trường": the works a long clause names by
# example after "như", short and set apart by commas, each one a task to offer.
_SUCH_AS = re.compile(r" nhu (?!sau\b)")
_EXAMPLES_MIN = 4
_EXAMPLE_MAX_WORDS = 8
_EXAMPLE_LEAD_MIN_WORDS = 15


def such_as_examples(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The clause ``text[start:end]`` as ``[(start, end)]``, or as the clause before its
    examples and each example when at least :data:`_EXAMPLES_MIN` of at most
    :data:`_EXAMPLE_MAX_WORDS` words each follow a long clause after "như" to its end."""
    folded = fold(text[:end])
    found = list(_SUCH_AS.finditer(folded, start, end))
    such = found[-1] if found else None
    if (
        such is None
        or len(folded[start : such.start()].split()) < _EXAMPLE_LEAD_MIN_WORDS
        or folded[: such.start()].endswith(" cung")  # "cũng như": as well as
    ):
        return [(start, end)]
    parts = [trim(text, a, b) for a, b in split_at(text, such.end(), end, ",")]
    if len(parts) < _EXAMPLES_MIN or any(
        not 1 < len(text[a:b].split()) <= _EXAMPLE_MAX_WORDS for a, b in parts
    ):
        return [(start, end)]
    return [trim(text, start, such.start()), *parts]
