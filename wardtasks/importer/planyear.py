"""The year a pasted plan is for, read from the words that name it.

A ward rarely pastes a plan under a heading "NHIỆM VỤ TRỌNG TÂM NĂM 2025": its news post
says "… tổng kết công tác năm 2024 và triển khai phương hướng nhiệm vụ năm 2025", "triển
khai nhiệm vụ quý IV/2025", "Tháng Thanh niên năm 2015 …", "Năm 2026, Hội …". Without the
year the preview says it found none and proposes the current one, so a clerk importing last
year's plan files it under the wrong year. Read, in this order:

1. the year after a plan's own words ("phương hướng, nhiệm vụ", "kế hoạch", "chương trình",
   "công tác", "nội dung", "chỉ tiêu", "chủ đề công tác", "giao ước thi đua", "Tháng Thanh
   niên" …) in the same sentence: "nhiệm vụ năm 2025", "nhiệm vụ 6 tháng cuối năm 2019",
   "quý II năm 2022", "tháng 3/2021", "chương trình công tác 2023" — not when its clause
   reports ("tổng kết", "kết quả", "hoàn thành xuất sắc nhiệm vụ năm 2025") unless it then
   sets a plan out ("Hội nghị sơ kết … đề ra 11 nội dung … quý II năm 2022"), nor a horizon
   ("đến năm 2030"); the latest such year (a plan looks ahead of the year it reviews);
2. a year a sentence opens with, the sentence speaking of no done work ("Năm 2021, Hội CCB
   …", "Sang năm 2021, …", "6 tháng cuối năm 2025, …", not "Năm 2022, Hội đã …"), or names
   after a word of work ahead or of purpose ("Đồng chí đề nghị Hội … trong năm 2023", "…, để
   … thực hiện tốt hơn trong năm 2025") — not a year the text reviews ("tổng kết … năm
   2024"); the latest;
3. the first part of a year a text reviews at mid-year ("sơ kết 06 tháng đầu năm 2023": the
   rest of 2023 is the plan's);
4. the title's latest year (:func:`title_year`): a term's range counts as its first year
   ("Đại hội … nhiệm kỳ 2022 – 2027" → 2022), a date's year only when nothing else names one.

A date of a past meeting ("Chiều ngày 30/10/2024, …"), an anniversary's first date and a
term's last year are never read as the plan's year.
"""

from __future__ import annotations

import re

from .text import fold_chars
from .vocab import FORWARD, PAST, REVIEWED_YEAR, fold

_YEAR = r"(19[5-9]\d|20\d\d)"
# The plan's own words; "tháng thanh niên", "tháng nhân đạo", "tháng hành động …" are a
# month's campaign named with its year; "chủ đề" only as the year's theme ("chủ đề công tác
# năm 2020", not "chủ đề của Ngày … năm 2022").
_PLAN_WORDS = (
    r"(?:nhiem vu|phuong huong|ke hoach|chuong trinh|trong tam|chi tieu|chu diem|noi dung"
    r"|cong tac|giao uoc thi dua|phat dong thi dua|phong trao thi dua|huong dan"
    r"|thang (?:thanh nien|nhan dao|hanh dong))"
)
_THEME = r"chu de (?:cong tac |hoat dong )?"
# A period of the plan named with its year: "năm 2025", "6 tháng cuối năm 2019", "quý
# IV/2025", "quý II năm 2022", "tháng 11/2018", "tháng 3 năm 2021".
_PERIOD = (
    r"(?:(?:\d{1,2} )?thang (?:dau |cuoi )?nam |quy (?:[ivx]{1,4}|[1-4]) ?(?:/ ?|nam )"
    r"|thang \d{1,2} ?(?:/ ?|nam )|nam )"
)
# Up to eighteen words between the plan's words and its period, inside one sentence (no
# full stop, semicolon or colon); a quoted name's quotation marks and commas may stand
# between ("Tháng hành động “Chung tay bảo vệ, chăm sóc …” năm 2024").
_GAP = r"(?:[“\"]?[^\W\d_]+[”\"'’]?,? ){0,18}?"
_PLAN_YEAR = re.compile(
    rf"\b(?:{_PLAN_WORDS}[”\"'’]? {_GAP}{_PERIOD}|{_THEME}{_PERIOD}"
    rf"|chuong trinh cong tac ){_YEAR}(?!\d)(?!\s*[-–]\s*\d{{4}})"
)
# What a clause says when it sets out a plan ("Hội nghị sơ kết … đề ra 11 nội dung …"): a
# review word before it names the meeting, not the plan's year.
_SETS_OUT = re.compile(
    r"\b(?:de ra|trien khai|xay dung|thong qua|ky ket|phat dong|thong nhat|xac dinh)\b"
)
# What a clause says when it reports the year before the plan's words.
_REVIEW = re.compile(
    r"\b(?:tong ket|so ket|ket qua|danh gia|thanh tich|hoan thanh|dat duoc|bao cao)\b"
)
# The first part of a year a text reviews at mid-year: the rest of that year is the plan's
# ("sơ kết 06 tháng đầu năm 2023", "sơ kết công tác quý I/2023").
_PART_REVIEWED = re.compile(
    rf"\bso ket\b[^.;:\n]{{0,40}}?(?:\d{{1,2}} thang (?:dau )?nam |quy (?:[ivx]{{1,3}}|[1-3])"
    rf" ?(?:/ ?|nam )){_YEAR}\b"
)
# A sentence that opens with the plan's period: "Năm 2021, …", "Sang năm 2021, …", "Dự
# kiến trong năm 2023, …", "6 tháng cuối năm 2025, …", also after "nhấn mạnh", "đồng thời".
_OPENING = re.compile(
    r"(?:^|[.!?;:\n“\"…]\s*|\b(?:sang|du kien|nhan manh|dong thoi|ve nhiem vu)\s+)"
    rf"(?:trong\s+)?{_PERIOD}{_YEAR}\s*,"
)
_SENTENCE_END = re.compile(r"[.!?\n]")
# A purpose ahead: "để …", "nhằm …".
_PURPOSE = re.compile(r"\b(?:de|nham)\b")
# A year named in a sentence: "… trong năm 2023".
_NAMED = re.compile(rf"\bnam {_YEAR}(?!\d)(?!\s*[-–]\s*\d{{4}})")
# A horizon, not the plan's year: "… đến năm 2030" (searched just before the year).
_HORIZON = re.compile(r"\bden nam $")
# A term's or a period's range: "nhiệm kỳ 2022 – 2027", "giai đoạn 2021-2025".
_RANGE = re.compile(rf"(?<!\d){_YEAR}\s*[-–—]\s*{_YEAR}(?!\d)")
# A date: "20/10/2024", "04-12-2023" ("tháng 3/2021" is a period, not a date).
_DATE = re.compile(rf"\b\d{{1,2}}\s*[/.\-]\s*\d{{1,2}}\s*[/.\-]\s*{_YEAR}(?!\d)")
_BARE_YEAR = re.compile(rf"(?<![\d/.\-]){_YEAR}(?!\d)")


def plan_year(text: str, title: str | None = None) -> int | None:
    """The year ``text`` names as its plan's (see the module docstring), or None.

    >>> plan_year("Hội tổng kết công tác năm 2024 và triển khai phương hướng nhiệm vụ năm 2025.")
    2025
    >>> plan_year("Chiều ngày 30/10/2024, Hội họp. Năm 2025, Hội tiếp tục vận động hội viên.")
    2025
    >>> plan_year("Đại hội nhiệm kỳ 2022 – 2027.", title="Đại hội nhiệm kỳ 2022 – 2027")
    2022
    """
    # The whole text folded character by character; ``fold`` (which tells "cần" from "cán")
    # rebuilds the text at each "cần"/"cán": 0.76 s on 100 times the sample against 0.13 s,
    # where the issue asks 100 times the sample parsed within 1 s. It is used per sentence,
    # where a word of work ahead ("cần") is looked for.
    folded = fold_chars(text)
    ahead = _plan_phrase_years(folded)
    if ahead:
        return max(ahead)
    reviewed = {int(y) for y in REVIEWED_YEAR.findall(folded)}
    ahead = [y for y in _opening_years(folded) + _forward_years(text, folded) if y not in reviewed]
    if ahead:
        return max(ahead)
    part = [int(y) for y in _PART_REVIEWED.findall(folded)]
    if part:
        return max(part)
    return title_year(title)


def title_year(title: str | None) -> int | None:
    """The latest year a title names ("… năm 2022, Nhiệm vụ năm 2023" → 2023): a term's
    range counts as its first year, a range the title reviews as none; the years of dates
    only when nothing else names one ("Ngày hội Đại đoàn kết (18/11/2023)" → 2023).

    >>> title_year("Đại hội Hội Nông dân xã lần thứ IX, nhiệm kỳ 2023 – 2028")
    2023
    >>> title_year("Kỷ niệm 94 năm ngày thành lập Hội (20/10/1930 – 20/10/2024)")
    2024
    >>> title_year("Tổng kết phong trào thi đua giai đoạn 2014 – 2019") is None
    True
    """
    if not title:
        return None
    dates = [int(found.group(1)) for found in _DATE.finditer(title)]
    text = _DATE.sub(" ", title)
    folded = fold(text)
    years = [
        int(found.group(1))
        for found in _RANGE.finditer(text)
        if _REVIEW.search(folded, 0, found.start()) is None
    ]
    text = _RANGE.sub(" ", text)
    years += (int(y) for y in _BARE_YEAR.findall(text))
    if years:
        return max(years)
    return max(dates) if dates else None


def _plan_phrase_years(folded: str) -> list[int]:
    """Years after the plan's words whose clause does not report them."""
    years = []
    for found in _PLAN_YEAR.finditer(folded):
        if _HORIZON.search(folded, max(0, found.start(1) - 9), found.start(1)):
            continue
        clause = folded[_after_last(folded, ".;:,\n", found.start()) : found.start()]
        clause = clause.rsplit(" va ", 1)[-1]
        sets_out = list(_SETS_OUT.finditer(clause))
        if sets_out:
            clause = clause[sets_out[-1].end() :]
        if _REVIEW.search(clause) is None:
            years.append(int(found.group(1)))
    return years


def _opening_years(folded: str) -> list[int]:
    """Years a sentence opens with, the sentence speaking of no done work."""
    years = []
    for found in _OPENING.finditer(folded):
        end = _SENTENCE_END.search(folded, found.end())
        head = " ".join(folded[found.end() : end.start() if end else len(folded)].split()[:14])
        if PAST.search(head) is None and _REVIEW.search(head) is None:
            years.append(int(found.group(1)))
    return years


def _forward_years(text: str, folded: str) -> list[int]:
    """Years a sentence names after a word of work ahead or of purpose ("Đồng chí đề nghị
    Hội … trong năm 2023", "… đã tổng kết …, để … thực hiện tốt hơn trong năm 2025"), no
    word of done work or review standing between."""
    years = []
    for found in _NAMED.finditer(folded):
        start = _after_last(folded, ".!?\n", found.start())
        if _HORIZON.search(folded, max(0, found.start(1) - 9), found.start(1)):
            continue
        before = fold(text[start : found.start()])
        done = [m.end() for m in PAST.finditer(before)] + [
            m.end() for m in _REVIEW.finditer(before)
        ]
        tail = before[max(done, default=0) :]
        if FORWARD.search(tail) is not None or _PURPOSE.search(tail) is not None:
            years.append(int(found.group(1)))
    return years


def _after_last(folded: str, marks: str, end: int) -> int:
    """Where the clause or sentence ending at ``end`` starts: after the last of ``marks``
    before it (0 when there is none)."""
    return max(folded.rfind(mark, 0, end) for mark in marks) + 1
