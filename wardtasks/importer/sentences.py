"""What one sentence of running text says, read on its folded form (:func:`.vocab.fold`):
whether the words before a colon announce tasks, which of its clauses speaks of work
ahead, and who is asked to act (a request, a modal, an organisation named by its kind).
Pure functions and patterns, used by :mod:`.prose` to read lists and directives."""

from __future__ import annotations

import re

from .clauses import sentence_ends
from .orgfinder import OrgFinder
from .vocab import (
    INTRO_END,
    LIST_NOUNS,
    PAST,
    RESULT_WORDS,
    TASK_NOUNS,
    TASK_START,
    TASK_VERB,
    fold,
    frames_work_ahead,
    reached_list,
)

# An opening clause of what is done besides the main clause ("Ngoài đánh giá …, …").
BESIDES = re.compile(
    r"(?:ngoai|ben canh)(?: viec)? (?:danh gia|tong ket|bao cao|kiem diem)\b"
    # the results a plan is built on ("Trên cơ sở đánh giá kết quả năm trước, Hội xác định
    # …", "Căn cứ kết quả đạt được, …")
    r"|(?:tren co so|can cu(?: vao)?)(?: (?:danh gia|tong ket|phan tich))?(?: cac| nhung)?"
    r" ket qua\b"
)
# The verbs of a clause of aim after a list noun ("các chỉ tiêu phấn đấu thực hiện …").
# ", trong đó …" inside a sentence: the items of the list the clause before it names.
INNER_LIST = re.compile(r"[,;] trong do,? ")
AIM_VERBS = {"phan dau", "thuc hien", "hoan thanh"}
# A connective before a sentence's time ahead ("Trong đó, từ nay đến ngày bầu cử, …").
OPENING_CONNECTIVE = re.compile(
    r"(?:trong do|theo do|dong thoi),\s*(?=(?:tu nay den|nam \d|quy |thang |nhiem ky ))"
)
ANNUAL = re.compile(r"(?:hang|moi) nam\b")
# A clause of aim a sentence opens with, up to its comma ("Để thực hiện mục tiêu này, …").
PURPOSE_LEAD = re.compile(r"de (?:thuc hien|dat|hoan thanh|lam tot)\b[^,.;:]{0,100},\s*")
MODAL = re.compile(r"\b(?:can|phai) ")
# A request made of whoever is named next ("đề nghị, Ủy ban MTTQ …", "yêu cầu Hội …",
# "yêu cầu các cấp Hội …", "yêu cầu lãnh đạo Hội …").
REQUEST_BEFORE = re.compile(
    r"\b(?:de nghi|yeu cau)\s*,?\s*(?:(?:cac cap|lanh dao|ban chap hanh|thuong truc) )?$"
)
# … or of an organisation's own branches ("yêu cầu Ban công tác Mặt trận phối hợp …",
# "đề nghị các chi hội …") or its standing body ("Đề nghị Thường trực Hội tiếp tục …"),
# the verb right after them.
REQUEST_OF_BRANCH = re.compile(
    r"\b(?:de nghi|yeu cau),? (?:cac )?(?:ban cong tac mat tran|cap hoi|chi hoi|chi doan"
    r"|co so hoi|co so doan|(?:thuong truc|ban thuong vu|ban chap hanh) (?:hoi|doan))"
    r"(?: (?:cac )?(?:khu dan cu|to dan pho|khu pho|thon|ap))? $"
)
# "Hội cần …", "các cấp hội phải …", "Mặt trận các cấp cần …": an organisation by its kind.
GENERIC_ORG_SUBJECT = re.compile(
    r"(?:^|\s)(?:cac cap hoi|hoi|mat tran(?: cac cap)?|cac cap mat tran)"
    r"(?: (?:phuong|xa|thi tran|quan|huyen|tinh)(?: \w+){0,2})? $"
)
# The words an organisation's place may take after its name, before its modal.
ORG_SUBJECT_WORDS = 6
PLACE_WORDS = {
    "phuong",
    "xa",
    "thi",
    "tran",
    "quan",
    "huyen",
    "tinh",
    "thanh",
    "pho",
    "cac",
    "cap",
}


def main_clause(folded: str) -> str:
    """A folded sentence without its opening clause of what is done besides ("Ngoài đánh
    giá những kết quả đạt được …, Hội nghị tập trung thảo luận các nhiệm vụ …") or of the
    results it builds on ("Trên cơ sở đánh giá kết quả …, Hội xác định …")."""
    if BESIDES.match(folded.lstrip()):
        comma = folded.find(", ")
        if comma >= 0:
            return folded[comma + 2 :]
    return folded


def last_clause_ahead(folded: str) -> str:
    """The sentence's last clause when only it speaks of work ahead ("… đánh giá những kết
    quả đạt được …, định hướng các nhiệm vụ trong thời gian tới."): "Trong đó …" after it is
    about that work, the nearest thing named; else the sentence."""
    if frames_work_ahead(folded):
        return folded
    # "… đánh giá kết quả năm 2025 và thống nhất phương hướng năm 2026 với chủ đề: “…”":
    # the plan adopted after "và" is a clause of its own; a quoted name is no clause.
    unquoted = _QUOTED.sub(" ", folded).rstrip(" .:")
    last = _ADOPTED_AFTER_AND.split(re.split(r"[,;] ", unquoted)[-1])[-1]
    return last if frames_work_ahead(last) and not PAST.search(last) else folded


# "và" before a verb that adopts a plan ("… và thống nhất phương hướng …").
_ADOPTED_AFTER_AND = re.compile(
    r" va (?=(?:thong nhat|de ra|xac dinh|trien khai|dinh huong|thong qua|ban hanh)\b)"
)


def by_sentence(
    text: str, parts: list[tuple[int, int]], announced: int | None
) -> list[tuple[int, int]]:
    """The parts of a list one per sentence when its lead-in announced as many items as it
    has sentences and not as many clauses ("5 chương trình … về: A; B. C. D; E; F. G. H.":
    the semicolons are inside items)."""
    if announced is None or len(parts) == announced:
        return parts
    ends = sentence_ends(text)
    groups: dict[int, tuple[int, int]] = {}
    for start, end in parts:
        sentence = next(n for n, stop in enumerate(ends) if start < stop)
        first = groups.get(sentence, (start, end))
        groups[sentence] = (first[0], max(first[1], end))
    if len(groups) != announced:
        return parts
    return list(groups.values())


# What a coordinated clause after one of results opens with when it turns to work ahead
# ("… thống nhất với kết quả năm 2022 và đề ra …, lưu ý một số nội dung như:").
_GUIDANCE = re.compile(r"(?:de ra|luu y|nhan manh|dinh huong|xac dinh|yeu cau|de nghi)\b")


def after_results(lead: str) -> str:
    """A folded lead-in without its clauses of results when a clause joined by "và" or a
    comma after them turns to work ahead with a verb of its own and says nothing past ("…
    thống nhất với kết quả thực hiện năm 2022 và đề ra chương trình năm 2023 và lưu ý một
    số nội dung như", "… biểu dương những thành tích … đã đạt được …, nhấn mạnh một số
    nhiệm vụ … cụ thể"); else the lead-in."""
    results = list(RESULT_WORDS.finditer(lead))
    if not results:
        return lead
    joints = [
        (at, at + len(word))
        for word in (" va ", ", ")
        if (at := lead.find(word, results[-1].end())) >= 0
    ]
    if not joints:
        return lead
    tail = lead[min(joints)[1] :]
    opens = _GUIDANCE.match(tail) or TASK_START.match(tail)
    if opens and not PAST.search(tail) and not RESULT_WORDS.search(tail):
        return tail
    return lead


def is_lead_in(lead: str) -> bool:
    """Whether folded text before a colon announces tasks (and not results)."""
    lead = after_results(lead)
    tail = " ".join(lead.split()[-14:])
    if reached_list(lead):
        return False
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
        or announces_list(lead)
    )


LIST_NOUN_REACH = 12


def announces_list(folded: str) -> bool:
    """Whether a clause ends by naming the items of a list: a list noun among its last
    words, followed by modifiers only ("… các chỉ tiêu chủ yếu trong nhiệm kỳ đến",
    "… 6 nhiệm vụ trọng tâm lớn.") or a clause of aim ("… 12 chỉ tiêu cụ thể phấn đấu
    thực hiện trong năm 2026"), and no words of results."""
    # A quoted name after the noun is a name ("5 nội dung của cuộc vận động “Toàn dân đoàn
    # kết xây dựng …”"), and a verb after "cuộc", "các" … a noun ("cuộc vận động").
    words = _QUOTED.sub(" ", folded).rstrip(" .:").split()
    tail = " ".join(words[-LIST_NOUN_REACH:])
    nouns = list(LIST_NOUNS.finditer(tail))
    return (
        bool(nouns)
        and not any(
            verb.group() not in AIM_VERBS and tail[: verb.start()].split()[-1:] != ["cuoc"]
            for verb in TASK_VERB.finditer(tail, nouns[-1].end())
        )
        and RESULT_WORDS.search(folded) is None
    )


_QUOTED = re.compile(r"[“\"][^“”\"]*[”\"]")
# Words that count a list noun: "3 nhiệm vụ", "các chỉ tiêu", "một số nội dung".
_COUNTED_NOUN = re.compile(
    r"\b(?:\d+|cac|nhung|mot so|nhieu|hai|ba|bon|nam|sau|bay|tam|chin|muoi)"
    r"(?: \w+)? " + LIST_NOUNS.pattern
)


def announces_counted_list(folded: str) -> bool:
    """Whether a clause ends by announcing a list (:func:`announces_list`) whose noun is
    counted or plural ("… đề ra 3 chỉ tiêu phấn đấu …", "… các nhiệm vụ sau"), not the
    bare object of one task ("… tiếp tục đổi mới nội dung và hình thức hoạt động")."""
    if not announces_list(folded):
        return False
    tail = " ".join(_QUOTED.sub(" ", folded).rstrip(" .:").split()[-LIST_NOUN_REACH:])
    return _COUNTED_NOUN.search(tail) is not None


def inner_list_start(folded: str, start: int, from_index: int) -> int:
    """Where an enumeration starts that ", trong đó …" opens before the word of work
    ahead ("Nghị quyết đề ra nhiều chỉ tiêu quan trọng, trong đó tập trung thu hút …;
    phấn đấu …"): after it, when the clause before names the list and a task follows."""
    inner = None
    for found in INNER_LIST.finditer(folded, start, from_index):
        inner = found
    if (
        inner is not None
        and TASK_START.match(folded[inner.end() : inner.end() + 40])
        and announces_list(folded[start : inner.start()])
    ):
        return inner.end()
    return from_index


# Verbs of adopting or launching a plan ("đã phát động thi đua với 7 nhiệm vụ trọng tâm …",
# "đã đề ra 9 chỉ tiêu …"): the plan is adopted in the past, its contents are work ahead.
ADOPTED = re.compile(r"\b(?:de ra|dat ra|phat dong|thong qua|xac dinh|thong nhat)\b")
# What opens the contents of an adopted plan after the clause that names it: ", trong đó",
# or ", như" ("… thông qua phương hướng năm 2025 với các mục tiêu trọng tâm, như …, …").
ADOPTED_INNER = re.compile(r"[,;] (?:trong do|nhu),? ")


def reports_done(folded: str) -> bool:
    """Whether a clause says work was done ("đã hoàn thành các chỉ tiêu", "kết quả …"),
    not that a plan was adopted ("đã xác định 3 nhiệm vụ", "đã thống nhất mục tiêu …")."""
    return RESULT_WORDS.search(folded) is not None or (
        PAST.search(folded) is not None and ADOPTED.search(folded) is None
    )


def adopted_list_start(folded: str, start: int, end: int) -> int | None:
    """Where the contents of an adopted plan start in ``folded[start:end]``: after ",
    trong đó" or ", như" when the clause before it adopts a list ("… đã phát động thi đua
    với 7 nhiệm vụ trọng tâm trong năm 2024, trong đó chú trọng …; …") and a task, or a
    verb singling items out ("trong đó nhấn mạnh công tác …"), follows."""
    inner = ADOPTED_INNER.search(folded, start, end)
    if (
        inner is not None
        and ADOPTED.search(folded, start, inner.start()) is not None
        and (
            TASK_START.match(folded[inner.end() : inner.end() + 40])
            or EMPHASIS.match(folded, inner.end())
        )
        and announces_list(folded[start : inner.start()])
    ):
        return inner.end()
    return None


# "…, trong đó nhấn mạnh công tác tuyên truyền, …": the verb that singles out items of the
# list named, nouns or tasks, after it.
EMPHASIS = re.compile(r"(?:nhan manh|uu tien|dac biet chu y)\s+")


# "… Hội LHPN tỉnh xác định tiếp tục phát động …; tổ chức …": a plan decided, its tasks
# right after the verb that decides them.
_DECIDES = re.compile(r"\b(?:xac dinh|thong nhat|quyet tam) ")


def decided_tasks_start(folded: str, start: int, end: int) -> int | None:
    """Where the tasks a clause decides start in ``folded[start:end]`` ("… xác định tiếp
    tục phát động …; tổ chức …"): right after the deciding verb when a task verb follows it,
    the tasks are set apart by semicolons and the sentence reports nothing ("Xác định …
    là nhiệm vụ trọng tâm, năm 2025, Hội đã làm tốt …"); None otherwise."""
    if ";" not in folded[start:end] or PAST.search(folded, start, end):
        return None
    for found in _DECIDES.finditer(folded, start, end):
        clause = max(
            folded.rfind(",", start, found.start()), folded.rfind(";", start, found.start())
        )
        lead = folded[max(clause + 1, start) : found.start()]
        if PAST.search(lead) or RESULT_WORDS.search(lead):
            return None
        if TASK_START.match(folded[found.end() : end]):
            return found.end()
    return None


def org_is_subject(finder: OrgFinder, text: str, folded: str, start: int, modal: int) -> bool:
    """Whether an organisation is the subject right before the modal at ``modal``
    ("MTTQ Việt Nam tỉnh Quảng Nam phải …", "các cấp hội cần …"), not people ("các bạn
    phải …") nor an organisation named further back in the clause."""
    lead = folded[start:modal]
    if GENERIC_ORG_SUBJECT.search(lead):
        return True
    mentions = finder.mention_spans(text[start:modal])
    if not mentions:
        return False
    # After the name only its place: "… Việt Nam tỉnh Quảng Nam", "… phường", "các cấp";
    # then perhaps an adverb ("Bên cạnh đó, Hội … huyện Phụng Hiệp còn tổ chức …").
    between = text[start + mentions[-1][1] : modal].split()
    while between and fold(between[-1]) in _SUBJECT_ADVERBS:
        between.pop()
    return len(between) <= ORG_SUBJECT_WORDS and all(
        word[0].isupper() or word[0].isdigit() or fold(word).rstrip(",") in PLACE_WORDS
        for word in between
    )


# What may stand between a subject and its verb ("còn", "cũng", "vẫn", "đều").
_SUBJECT_ADVERBS = frozenset({"con", "cung", "van", "deu"})


def requested_of_org(finder: OrgFinder, text: str, folded: str, start: int, verb: int) -> bool:
    """ "đề nghị, Ủy ban MTTQ Việt Nam phường Phú Thạnh tập trung …": a request whose
    object is an organisation, its verb right after the name and place."""
    if REQUEST_OF_BRANCH.search(folded[start:verb]):
        return True
    mentions = finder.mention_spans(text[start:verb])
    if not mentions:
        return False
    name_start = start + mentions[-1][0]
    if REQUEST_BEFORE.search(folded[max(start, name_start - 20) : name_start]) is None:
        return False
    return org_is_subject(finder, text, folded, name_start, verb)
