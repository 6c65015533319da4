"""The words the importer reads plans by: what a task starts with, what marks a result.

Every pattern here is matched against folded text (see :func:`.text.normalize`: no case,
no diacritics, single spaces), so "Tăng cường", "TĂNG CƯỜNG" and "Tang cuong" are one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .text import fold_chars, is_caps

# Verbs of common work beyond the usual openers, each seen opening a task after a comma
# or a modal in texts of several groups ("…, tạo sân chơi …, hướng người cao tuổi vào …",
# "dạy nghề cho 40 ngàn thanh niên", "sẽ báo cáo cho nhau …", "đề nghị nghiên cứu …").
# They open a task (TASK_START) and a new task after a comma (SPLIT_VERB) alike.
_ACTION_VERBS = (
    # "tạo sân chơi", "tạo việc làm" (a work), not "tạo sự chuyển biến", "tạo niềm tin …": what
    # the work before it brings about
    "tao(?! (?:su|ra|nen|nen tang|khong khi|dau an|dong thuan|tien de|suc|niem tin|khi the"
    "|chuyen bien|buoc|dong luc|hieu ung|an tuong)\\b)"
    "|day nghe|gioi thieu|tong hop|ghi nhan|huy dong|ket noi|nghien cuu|long ghep"
    "|de xuat|tiep nhan|phong chong|phan cong"
    # "hướng <someone> vào …" (to steer), not "hướng mạnh về cơ sở", "hướng tới"
    "|huong(?= [^,.;]{1,60} vao\\b)"
    # "báo cáo cho / về / kịp thời …" (to report), not "Báo cáo Đại hội đánh giá …" (a noun)
    "|bao cao (?=cho|ve|len|kip thoi|dinh ky|nhanh)"
)
# Verbs a task starts with ("Tăng cường …", "Tổ chức …").
_VERB_WORDS = (
    "bam sat|bao dam|bao ve|boi duong|cham lo|chi dao|chu dong|chu tri|chu trong|chuan bi"
    "|cung co|cu the hoa|day manh|dam bao|dam nhan|dang ky|doi moi|don doc|du thao|dong vien"
    "|duy tri|giai quyet|giam sat|giu vung|giup do|hoan thanh|hoan thien|huong dan|huong ung"
    "|khac phuc|khao sat|ket nap|kiem tra|kien toan|lam tot|lap|lay|lien ket|lua chon|mo rong"
    "|nam bat"
    "|ra quan"
    "|nam chac|nang cao|neu cao|nhan rong|on dinh|phan dau|phat dong|phat huy|phat trien"
    "|phoi hop|quan tam|quan triet|ra soat|tang cuong|tap huan|tap trung|tham gia"
    "|tham muu|tham hoi|thanh lap|thuc hien|tich cuc|tiep tuc|to chuc|trien khai"
    "|tuyen truyen|tu van|van dong|xay dung|xung kich|ho tro|giao duc|tao dieu kien|tong ket"
    "|ung dung|da dang hoa"
    f"|{_ACTION_VERBS}"
    # "cần …" (need to), not "căn cứ" (pursuant to), which folds the same
    "|can(?! cu\\b(?! the)| thiet\\b)"
)
TASK_START = re.compile(rf"^(?:{_VERB_WORDS})\b")
TASK_VERB = re.compile(rf"\b(?:{_VERB_WORDS})\b")
# A task may put how often or how soon before its verb ("Thường xuyên tuyên truyền …",
# "Hăng hái thi đua lập thành tích …"), or that it is done along with another ("… sẽ kết hợp
# tổ chức sinh hoạt chuyên đề …").
MANNER = "thuong xuyen|kip thoi|khan truong|hang hai|khong ngung|nhanh chong|ket hop"
TASK_OPENING = re.compile(rf"^(?:(?:{MANNER}) )?(?:{_VERB_WORDS}|thi dua)\b")
# The adverb of manner right before a task verb ("… các Hội nhanh chóng ổn định tổ chức"):
# part of the task.
MANNER_BEFORE = re.compile(rf"\b(?:{MANNER})\s+$")
# Verbs that open a new task after a comma ("…, lập kế hoạch …"); not "hỗ trợ" or "tặng",
# which mostly continue the task before them ("thăm hỏi, tặng quà").
SPLIT_VERB = re.compile(
    r"^(?:tiep tuc|tang cuong|day manh|to chuc|trien khai|phoi hop|xay dung|nang cao"
    r"|thuc hien|phan dau|lap|tap trung|chu dong|tich cuc|cung co|kien toan|doi moi"
    r"|phat huy|phat dong|tham gia|quan tam|duy tri|cham lo|huong dan|giam sat|ra soat"
    r"|chuan bi|khao sat|du thao|can|neu cao|van dong|tuyen truyen|phat trien"
    # "đề nghị … tiếp tục đổi mới …, đa dạng hóa …, đề ra nhiều giải pháp …"
    r"|da dang hoa|de ra"
    # "…, hoàn thành biên soạn …" (measured: nắm bắt, nhân rộng, ổn định, tham mưu, ứng
    # dụng, thành lập, bồi dưỡng change nothing; "kết nạp", "mở rộng" cut a target or a task
    # from the work before it that carries on)
    r"|hoan thanh"
    rf"|{_ACTION_VERBS}"
    # an adverb of manner before one of them ("…, thường xuyên đổi mới nội dung …")
    r"|(?:thuong xuyen|kip thoi|chu trong) (?=tiep tuc|tang cuong|day manh|to chuc|trien khai"
    r"|phoi hop|xay dung|nang cao|thuc hien|cung co|kien toan|doi moi|phat huy|quan tam"
    r"|duy tri|cham lo|huong dan|giam sat|ra soat|van dong|tuyen truyen|phat trien))\b"
)
SPLIT_MIN_WORDS = 4
# The fewest words a clause split off at a comma holds ("đổi mới." is an object).
SPLIT_TAIL_WORDS = 3

_RESULT_WORDS = re.compile(
    # not "để đạt được", "cần (phấn đấu) đạt được" (in order to reach: an aim)
    r"\b(?:ket qua|(?<!\bde )(?<!\bcan )(?<!phan dau )dat duoc|da dat|hoan thanh tot|vua qua"
    r"|nam qua|nhiem ky qua|thoi gian qua"
    r"|thang qua|quy qua)\b"
)
# "đa" folds as "đã" does: not in "đa dạng", "đa số", "tối đa" (a task "Đẩy mạnh …, đa dạng
# hóa các loại hình câu lạc bộ" was read as done work).
_PAST_WORDS = re.compile(r"(?<!\btoi )\b(?:da(?! (?:dang|so|chieu|phuong|nganh)\b)|vua)\b")
# "vừa … vừa …" (both … and: "vừa phòng, chống dịch bệnh vừa phục hồi kinh tế") says what
# the work aims at, not that it was just done.
_BOTH_AND_PAIR = re.compile(r"\bvua\b((?:[ ,]+[a-z0-9]+){1,12}?[ ,]+)vua\b")
# Building on done work ("Phát huy kết quả đạt được, nhiệm kỳ 2023 – 2028, Hội … đề ra …",
# "Trên cơ sở những thành tích đã đạt được trong năm qua, …") opens work ahead: the results
# it names are the ground of the plan, not what the sentence reports.
_BUILDING_ON = re.compile(
    r"\b(?:phat huy|tren co so|tiep noi|ke thua)(?: nhung| cac)?"
    r" (?:ket qua|thanh tich|thanh tuu)(?: (?:da )?dat duoc)?"
    # "… trong 6 tháng qua", "… 5 năm qua" too
    r"(?: (?:trong |cua )?(?:nam|nhiem ky|thoi gian|\d+ (?:thang|nam)) (?:vua )?qua)?\b"
)


class _Cleaned:
    """``words`` searched in folded text like a compiled pattern (positions kept), after
    blanking what only seems to speak of done work: "vừa … vừa …" (for the past words) and
    building on results ("phát huy kết quả đạt được, …")."""

    def __init__(self, words: re.Pattern[str], both_and: bool) -> None:
        self.words = words
        self.both_and = both_and

    def _clean(self, text: str) -> str:
        if "ket qua" in text or "thanh t" in text:
            text = _BUILDING_ON.sub(lambda m: " " * len(m.group(0)), text)
        if self.both_and:
            text = _BOTH_AND_PAIR.sub(lambda m: "   " + m.group(1) + "   ", text)
        return text

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        cleaned = self._clean(text if endpos is None else text[:endpos])
        return self.words.search(cleaned, pos)

    def match(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        cleaned = self._clean(text if endpos is None else text[:endpos])
        return self.words.match(cleaned, pos)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.words.finditer(self._clean(text))


# A list noun its clause says was reached ("nhiều chỉ tiêu đạt cao như: …", "các chỉ tiêu
# đều đạt và vượt:"): the figures after it are results. Not when the clause aims at them
# first ("phấn đấu các chỉ tiêu đạt …", "để các nhiệm vụ đạt …", "cần …", "sẽ …").
_REACHED_LIST = re.compile(
    r"\b(?:chi tieu|nhiem vu|muc tieu|ke hoach|phong trao)(?: (?:deu|da|co ban|cung|deu da))*"
    r" (?:dat|vuot)\b(?! duoc)"
)
_AIMED = re.compile(r"\b(?:phan dau|de|can|se|nham|phai)\b")


def reached_list(folded: str) -> bool:
    """Whether a lead-in's last clause (after its last semicolon) says the items it
    announces were reached, nothing aiming at them before.

    >>> reached_list(fold("Hội đã triển khai các nhiệm vụ; nhiều chỉ tiêu đạt cao như"))
    True
    >>> reached_list(fold("Hội phấn đấu các chỉ tiêu đạt và vượt kế hoạch như sau"))
    False
    """
    clause = folded.rsplit(";", 1)[-1]
    found = _REACHED_LIST.search(clause)
    return found is not None and _AIMED.search(clause, 0, found.start()) is None


# What a sentence about done work says ("kết quả đạt được", "năm vừa qua", "đã …").
RESULT_WORDS = _Cleaned(_RESULT_WORDS, both_and=False)
# Words that say the work was done ("đã", "vừa"), not "vừa … vừa …".
PAST = _Cleaned(_PAST_WORDS, both_and=True)
# What a sentence about work ahead says.
FORWARD = re.compile(
    r"\b(?:se|can|de nghi|yeu cau|luu y|chiu trach nhiem|phan dau|nam toi|nhiem ky toi"
    r"|nhiem ky den"
    r"|thoi gian toi|thoi gian den|nam den|giai doan toi|trong thang|trong quy|nhiem ky moi"
    r"|tu nay den)\b"
)
# Nouns of planned work and times ahead: a list introduced by them is work to do. "nội
# dung" and "giải pháp" alone are not among them: a meeting's agenda ("thảo luận 6 nội dung
# chính: Dự thảo …") and a report's means ("có nhiều giải pháp … như: …") use them too.
WORK_AHEAD = re.compile(
    r"\b(?:phuong huong|nhiem vu|chi tieu|ke hoach|muc tieu|trong tam|phan viec"
    r"|chuong trinh (?:cong tac|hanh dong|hoat dong|phoi hop)|(?:thang|quy) toi|cuoi nam|sap toi"
    r"|noi dung thi dua)\b"
)
# What an organisation's standing duties are introduced by ("Hội có các nhiệm vụ: …", "chức
# năng, nhiệm vụ của Hội"): a description, not work planned for a period.
DESCRIPTION = re.compile(r"\b(?:chuc nang|(?:co|la) (?:cac |nhung )?nhiem vu)\b")
# A sentence that opens with a period: "Quý IV/2025, …", "Tháng 11, …", "Những tháng cuối
# năm, …" (also with its year: "6 tháng cuối năm 2025, …"), "Thời gian đến, …". A quarter
# or a month is ahead only when the text names an earlier one (it reports that one: "sơ kết
# quý III, triển khai nhiệm vụ quý IV"), as a year.
PERIOD_LEAD = re.compile(
    r"(?:trong )?(?:quy (?P<quarter>[ivx]{1,3}|[1-4])(?:\s*/\s*\d{4}| nam \d{4})?"
    r"|thang (?P<month>\d{1,2})(?:\s*/\s*\d{4}| nam \d{4})?"
    r"|(?:(?:6|sau) thang|nhung thang) cuoi nam(?: \d{4})?"
    r"|thoi gian (?:toi|den)|nam toi|nhiem ky (?:toi|den|moi)"
    r"|buoc (?:vao|sang) (?:nam|nhiem ky|giai doan)(?: moi)?(?: \d{4}(?:\s*-\s*\d{4})?)?"
    r"|tu nay den (?:[^,.;]{1,40}))\s*,"
)
PERIODS = re.compile(r"\b(?:quy (?P<quarter>[ivx]{1,3}|[1-4])|thang (?P<month>\d{1,2}))\b")
_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def period_number(found: re.Match[str]) -> tuple[str, int]:
    """("quarter", 4) for "quý IV", ("month", 11) for "tháng 11" (a match of PERIODS or
    PERIOD_LEAD); ("", 0) for a period that is ahead by its words ("thời gian tới")."""
    quarter, month = found.group("quarter"), found.group("month")
    if quarter:
        return "quarter", int(quarter) if quarter.isdigit() else _QUARTERS.get(quarter, 0)
    if month:
        return "month", int(month)
    return "", 0


# A meeting or an event as the subject of "sẽ" ("Đại hội sẽ tổng kết …; xác định …; bầu …",
# "Hội nghị lần này sẽ …"): its agenda, not work of an organisation.
EVENT_AGENDA = re.compile(
    r"\b(?:dai hoi|hoi nghi|ky hop|phien hop|buoi (?:le|hop|gap mat|toa dam)|le ky niem"
    r"|hoi thi|cuoc thi)(?: \w+){0,3} $"
)
# A sentence that adds to the list just before it ("Bên cạnh đó, … cũng triển khai …").
CONTINUATION = re.compile(r"^(?:ben canh do|ngoai ra|dong thoi)\b.{0,80}\bcung\b")
# The same words opening a sentence of one more task ("Đặc biệt, tuyên truyền …").
CONTINUATION_LEAD = re.compile(r"^(?:ben canh do|ngoai ra|dong thoi|dac biet|mat khac)\s*,\s*")
# "Cùng với đó là tiếp tục …", "Đồng thời, …": a sentence adding one more task to the
# directive of the sentence before it.
ALONG_WITH = re.compile(r"^(?:cung voi do|ben canh do|dong thoi|ngoai ra)\s*,?\s*(?:la\s+)?")
# A target among tasks: "100% chi đoàn …", "hơn 95% …", "phấn đấu 80% …".
TARGET = re.compile(
    r"(?:hon |tren |it nhat |phan dau |dat |co (?:tu |tren |it nhat )?|tu )?\d+(?:[.,]\d+)?\s*%"
)
# What a report says it achieved: "trồng được 5.970 cây", "vệ sinh … được 5,2 km".
ACHIEVED = re.compile(r"\bduoc \d")
# "tổng kết công tác năm 2025", "sơ kết …", "kết quả thực hiện nhiệm vụ năm 2025": the year
# a text looks back on (a few words between, no sentence or clause break). Folded text.
REVIEWED_YEAR = re.compile(
    r"\b(?:tong ket|so ket|ket qua|danh gia)\b[^.;:\n]{0,60}?\bnam (19[5-9]\d|20\d\d)\b"
)
# A sentence that opens with the year of the plan: "Năm 2021, toàn cụm …".
YEAR_LEAD = re.compile(r"(?:trong |voi chu de )?nam (\d{4})\b")
# A sentence that opens with a term: "Nhiệm kỳ 2025 - 2030, Đoàn xã …", "Phương hướng,
# nhiệm vụ nhiệm kỳ 2017-2022, đoàn xã …" (group "plan" when it names the plan's words).
TERM_LEAD = re.compile(
    r"(?P<plan>(?:phuong huong|nhiem vu|muc tieu)(?:,? (?:nhiem vu|muc tieu|chi tieu))? )?"
    r"(?:trong )?(?:nhiem ky|giai doan) (\d{4})\s*-\s*(\d{4})\s*,"
)
# Words that speak of a term before the one ahead ("Nhiệm kỳ qua, …", "nhiệm kỳ trước").
PAST_TERM = re.compile(r"\b(?:nhiem ky|giai doan) (?:vua qua|qua|truoc)\b")
# A report's opening: a date or a time of day ("Chiều 28/12, …", "Ngày 26/12/2018 tại …").
REPORT_LEAD = re.compile(
    r"^(?:(?:sang|chieu|toi|trua|dem)(?: nay| qua)?\b|(?:vao|hom) (?:luc|ngay|chieu|sang)\b"
    r"|(?:ngay )?\d{1,2}[/.\-]\d{1,2}\b|ngay \d{1,2}\b|nam nay\b|tai hoi nghi\b"
    r"|du (?:va chi dao )?hoi nghi\b|tham du\b|den du\b)"
)
# Nouns that name what a list holds ("4 nội dung trọng tâm:", "các phần việc:").
TASK_NOUNS = re.compile(
    r"\b(?:nhiem vu|noi dung|chi tieu|phan viec|cong tac|hoat dong|giai phap|phuong huong"
    r"|chuong trinh|ke hoach|muc tieu|viec lam|khau dot pha|dot pha|cong trinh|trong tam"
    r"|cu the)\b"
)
# Nouns that name the items of a list ("các chỉ tiêu chủ yếu trong nhiệm kỳ đến:").
LIST_NOUNS = re.compile(
    r"\b(?:nhiem vu|noi dung|chi tieu|phan viec|giai phap|muc tieu|phuong huong|khau dot pha"
    r"|cong trinh|chuong trinh hanh dong)\b"
)
# A sentence that opens the body of the list the sentence before it announced ("… xác
# định 6 nhiệm vụ trọng tâm. Trong đó, …", "… phương hướng nhiệm kỳ. Theo đó, …").
# "Cụ thể như …", "Cụ thể là …", "Trọng tâm là …" open it without a comma.
CONNECTIVE = re.compile(
    r"^(?:(?:trong do|theo do|qua do|cu the|do la|bao gom)\s*[,:]\s*"
    r"|cu the (?:nhu|la)\s*[,:]?\s*"
    # "Trọng tâm là tiếp tục …; giữ vững …": the heart of the work just named
    r"|(?:trong do,? )?(?:(?:nhiem vu|cong tac) )?trong tam (?:la|gom)\s*:?\s*"
    rf"|trong do (?=(?:{_VERB_WORDS})\b))"
)
# "cần" (or "phải") before a verb: a task, wherever the sentence puts it.
MODAL = re.compile(r"\b(?:can|phai) (?=\w)")
# "cần" or "phải" right before a task's verb: the task's first word.
MODAL_BEFORE = re.compile(r"\b(?:can|phai) $")
# How an enumeration is announced at the end of its introduction.
INTRO_END = re.compile(
    r"(?:\b(?:la|gom|bao gom|nhu sau|nhu|cu the|cu the nhu|do la|trong tam|sau day|ve)"
    r"|nhiem vu|noi dung|chi tieu|phan viec|giai phap|hoat dong|trong tam|cong tac)"
    # "… các hoạt động sau:" (the following)
    r"(?: sau)?\s*$"
)
# "04 nhiệm vụ", "năm nội dung": the count a text announces.
_NUMBER_WORDS = {
    "mot": 1,
    "hai": 2,
    "ba": 3,
    "bon": 4,
    "tu": 4,
    "nam": 5,
    "sau": 6,
    "bay": 7,
    "tam": 8,
    "chin": 9,
    "muoi": 10,
}
ANNOUNCED = re.compile(
    r"\b(\d{1,2}|mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi)\s+(?:(?:nhom\s+)?"
    r"(?:nhiem vu|noi dung|chi tieu|phan viec|giai phap|khau dot pha|cong trinh|muc tieu"
    r"|chuong trinh|phong trao|cuoc van dong|trong tam|dot pha)"
    # "4 nhóm hoạt động trọng tâm": groups of work, counted
    r"|nhom\s+(?:hoat dong|cong viec))\b"
)


# What a meeting discusses or a report lists: documents, not work ("Dự thảo Báo cáo …",
# "Đề án nhân sự …", "Báo cáo tổng kết …"); "dự thảo" before a document's name is a noun.
DOCUMENT_START = re.compile(
    r"^(?:(?:cac |ban )?du thao(?: (?:lan|ban) \w+)?"
    r"(?= (?:bao cao|ke hoach|nghi quyet|dieu le|de an|quy che|to trinh|chuong trinh|van kien"
    r"|sua doi|danh sach)\b)|bao cao|de an|to trinh|van kien|danh sach|quy che|dieu le)\b"
)


_CAN = re.compile(r"\bcan\b")


def fold(text: str) -> str:
    """``text`` folded for the patterns of this module, keeping its length (see
    :func:`.text.fold_chars`).

    "cần" (need to) is a modal of work ahead, but "cán bộ" (officials), "căn cứ" (pursuant
    to) and "cạn" fold the same: only the word written "cần" (or "can", in text typed
    without diacritics) stays "can".

    >>> fold("Cần vận động cán bộ")
    'can van dong c_n bo'
    """
    folded = fold_chars(text)
    for found in _CAN.finditer(folded):
        if text[found.start() : found.end()].lower() not in ("cần", "can"):
            folded = f"{folded[: found.start()]}c_n{folded[found.end() :]}"
    return folded


def announced_count(folded: str) -> int | None:
    """The last count announced in ``folded`` ("… triển khai 04 nhiệm vụ:" → 4), or None."""
    found = list(ANNOUNCED.finditer(folded))
    if not found:
        return None
    word = found[-1].group(1)
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word)


def starts_like_task(folded: str) -> bool:
    """Whether folded text opens with a task verb ("tang cuong …", "tiep tuc …")."""
    return TASK_START.match(folded) is not None


def reads_as_task(text: str) -> bool:
    """Whether a paragraph reads as a task rather than report text.

    A task opens with a task verb, or names who does it and then a verb within its first
    ten words ("MTTQ, các đoàn thể phường bám sát …"). A report opens with a date or a
    time of day, says "đã", "được" or words of results early on, or names the ward it
    reports on ("UBMTTQVN phường An Xuân tổng kết …").
    """
    folded = " ".join(fold(text).split())
    words = folded.split()
    head = " ".join(words[:15])
    if (
        is_caps(text)
        or REPORT_LEAD.match(folded)
        or PAST.search(head)
        or RESULT_WORDS.search(head)
        or "duoc" in words[:8]
        or ACHIEVED.search(folded)
        or _NAMED_PLACE.search(" ".join(text.split()[:10]))
    ):
        return False
    if _PURSUANT.match(folded):
        # "Thực hiện sự chỉ đạo của …, Thường trực … đã xây dựng …": what was done under
        # an instruction; the sentence's own verb comes after the instruction's name.
        first = folded.split(". ", 1)[0]
        if PAST.search(first) or RESULT_WORDS.search(first):
            return False
    if starts_like_task(folded):
        return True
    return _subject_then_verb(words)


def _subject_then_verb(words: list[str]) -> bool:
    """Who does it and then a task verb within the first ten words ("MTTQ, các đoàn thể
    phường bám sát …"); not "Hội Chữ thập đỏ Việt Nam là tổ chức …" (what it is)."""
    head = " ".join(words[:10])
    if ORG_SUBJECT.match(head) is None:
        return False
    verb = TASK_VERB.search(head)
    return verb is not None and "la" not in head[: verb.start()].split()


# "Thực hiện sự chỉ đạo …", "Căn cứ Kế hoạch …": the instruction a text acts under.
# Also after "Tiếp tục" and "hưởng ứng" ("Tiếp tục hưởng ứng thực hiện Nghị quyết số 19 …,
# ngày 12/7/2020 …, Ủy ban … đã tổ chức …": the day's event under a resolution).
_PURSUANT = re.compile(
    r"^(?:tiep tuc )?(?:huong ung (?:va )?)?(?:thuc hien|trien khai|c_n cu|can cu|theo)"
    r" (?:su chi dao|chi dao|ke hoach|nghi quyet"
    r"|chi thi|cong van|huong dan|quyet dinh|thong bao|chuong trinh|van ban)\b"
)


# How much of an item's opening the tests of its first words read.
HEAD_CHARS = 160


def opens_like_task(text: str) -> bool:
    """Whether an item opens as a task does: with a task verb, a target ("100% …",
    "Phấn đấu …"), a modal early on ("Các chi hội cần …"), or who does it and then a verb
    ("Hội phối hợp …"); not a passive ("Hội được tổ chức …") or a description ("Quyền
    quyết định cao nhất …", "Là tổ chức …")."""
    folded = " ".join(fold(text[:HEAD_CHARS]).split())
    words = folded.split()
    if starts_like_task(folded) or TARGET.match(folded) or folded.startswith("phan dau"):
        return True
    if "duoc" in words[:8]:
        return False
    if MODAL.search(" ".join(words[:6])):
        return True
    return _subject_then_verb(words)


def reads_as_result(text: str) -> bool:
    """Whether a marked item reports results rather than sets a task: it opens with "đã"
    ("Đã tổ chức 12 buổi …"), says what it achieved ("Vận động được 50 triệu đồng"; not a
    target: "Phấn đấu vận động được …"), or does not open with a task verb or a target and
    speaks of results early on ("Tán thành … đánh giá kết quả hoạt động nhiệm kỳ 2016-2021")."""
    folded = " ".join(fold(text).split())
    head = " ".join(folded.split()[:15])
    target = TARGET.match(folded) is not None or folded.startswith("phan dau")
    return (
        PAST.match(folded) is not None
        or (ACHIEVED.search(folded) is not None and not target)
        or (not starts_like_task(folded) and not target and RESULT_WORDS.search(head) is not None)
    )


# Who a task's sentence may open with ("MTTQ, các đoàn thể phường …", "Hội phấn đấu …").
ORG_SUBJECT = re.compile(
    r"^(?:mttq|mat tran|uy ban mat tran|ub ?mttq|ubmttq\w*|hoi(?! (?:nghi|thi|thao|dien|trai)\b)"
    r"|doan(?! vien)|chi hoi"
    r"|chi doan|cac doan the|cac to chuc|ban chap hanh|ban thuong vu|thuong truc|cong doan"
    r"|cac cap hoi|toan hoi|dtn|ccb|lhpn)\b"
)
# "phường An Xuân", "xã Vũ Muộn": a report's subject names its place; a task says "phường".
_NAMED_PLACE = re.compile(
    r"\b(?:[Pp]hường|[Xx]ã|[Tt]hị trấn|[Qq]uận|[Hh]uyện|PHƯỜNG|XÃ|QUẬN|HUYỆN)"
    r" (?:[A-ZĐÀ-Ỹ][\w]*|\d+)"
)


def frames_work_ahead(folded: str) -> bool:
    """Whether a list's lead-in speaks of work ahead: a modal or a time ahead ("sẽ", "cần",
    "đề nghị", "năm tới", "thời gian đến") or a noun of planned work ("phương hướng",
    "nhiệm vụ", "chỉ tiêu", "kế hoạch", "trọng tâm"), and no words of results.

    >>> frames_work_ahead(fold("Hội nghị thảo luận cho ý kiến đối với 6 nội dung chính"))
    False
    >>> frames_work_ahead(fold("Đại hội đề ra các chỉ tiêu chủ yếu trong nhiệm kỳ đến"))
    True
    """
    return (
        RESULT_WORDS.search(folded) is None
        and DESCRIPTION.search(folded) is None
        and (FORWARD.search(folded) is not None or WORK_AHEAD.search(folded) is not None)
    )


def names_documents(folded_items: list[str]) -> bool:
    """Whether most items of a list name documents ("Dự thảo Báo cáo …", "Đề án …"): a
    meeting's agenda, not work to do."""
    documents = sum(1 for item in folded_items if DOCUMENT_START.match(item))
    return documents * 2 > len(folded_items)


# -- the sentence readers' words (prose, directives) ------------------------------------

# What ends a sentence: a line ending in one of them does not go on in the next one.
SENTENCE_END_CHARS = ".!?…:;"
# What opens a list without a colon after planned work is named ("… công tác trọng tâm …
# gắn với việc …; …", "… các nhiệm vụ bao gồm …; …"), and how near the end of the lead-in
# that work is named.
INLINE_LEAD = re.compile(r"\b(?:gan voi viec|bao gom|gom) ")
# What names, after a comma, the items of the planned work just named ("… thống nhất mục
# tiêu nhiệm kỳ 2025-2030, đó là xây dựng …. Nâng cao …"); its items may be sentences.
# Right after the noun ("Mục tiêu nhiệm kỳ là xây dựng …. Nâng cao …"), "là" alone does.
NAMING_LEAD = re.compile(r"(?:, (?:do la|cu the la|do chinh la)|(?<=\w) (?P<bare>la))\s*:?\s+")
# How near "là" alone the noun of planned work must be.
BARE_NAMING_WORDS = 4
LIST_NOUN_WORDS = 12
# Words that number paragraphs in place of a marker ("Thứ nhất, …", "Hai là, …").
ORDINAL = re.compile(
    r"(?:thu (?:nhat|hai|ba|tu|nam|sau|bay|tam|chin|muoi)"
    r"|(?:mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi) la)\s*[,:.]\s*"
)
# How many sentences before a lead-in may say that its list is work ahead ("Đó là một trong
# những chỉ tiêu … Chủ đề … là “…”. Cụ thể: …").
RECENT_SENTENCES = 2
# The words of a request, which alone do not make a plan ("đề nghị …", "yêu cầu …").
REQUESTS = {"de nghi", "yeu cau"}
# The owner of a list its subject says is all organisations ("các tổ chức thành viên …").
SHARED = ""
JOINT_SUBJECT = re.compile(
    r"\b(?:cac to chuc thanh vien|cac doan the|cac to chuc chinh tri(?: ?- ?xa hoi)?)\b"
    r"(?:(?! (?:cua|voi|cho|den) ).)*$"
)
JOINT_REACH = 120
# All organisations as the subject of a clause, their verb within a few words after them
# ("MTTQ cùng các tổ chức chính trị - xã hội xã tuyên truyền …").
JOINT_ACTING = re.compile(
    r"\b(?:cac to chuc thanh vien|cac doan the|cac to chuc chinh tri(?: ?- ?xa hoi)?)"
    rf"(?: [a-z0-9]+){{0,3}} (?:{_VERB_WORDS})\b"
)
# How far back the start of a task's sentence is sought (see DirectiveReader.owner_at).
SENTENCE_REACH = 600
# "các Hội", "từng Hội" as the subject at the end of a clause (not "các hội viên", "các hội
# nghị", nor after "của", "với", "cho", "đến").
EACH_ASSOCIATION = re.compile(
    r"\b(?:cac|tung) hoi\b(?! (?:vien|nghi|dong|thi|thao|cho|truong|phi|quan|doan)\b)"
    r"(?:(?! (?:cua|voi|cho|den) ).)*$"
)
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
