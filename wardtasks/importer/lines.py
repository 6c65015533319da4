"""What one line of a plan text is: a marker, a heading, or a known kind of noise."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from .orgs import OrgMatcher, has_location, heading_key, looks_like_org
from .text import clean, is_caps, normalize
from .vocab import PAST, RESULT_WORDS, fold, frames_work_ahead

# Item bullets. "*" is kept apart: the sample marks its headings with it.
_WEAK_BULLETS = "-+–—•·●○◦▪▫■□►▸➢➤→✓✔❖◆◇‣⁃"
_STRONG_BULLETS = "*#"
_MARKER = re.compile(
    "(?:"
    rf"(?P<bullet>[{re.escape(_WEAK_BULLETS + _STRONG_BULLETS)}]+)"
    # 1.  1)  1.2.  1-  - but not "1.5 triệu" or "2023."
    r"|(?P<number>\d{1,2}(?:\.\d{1,2})*[.)]|\d{1,2}-(?=\s))(?=\s|[^\W\d_]|$)"
    # I.  II)  IV.
    r"|(?P<roman>[IVXL]{1,5}[.)])(?=\s|[^\W\d_]|$)"
    # a)  b.  đ)  ii)  A.  B)  - a letter with a dot needs a space after it ("v.v.")
    r"|(?P<letter>(?:[a-zđ]|[ivx]{2,4})\)(?=\s|[^\W\d_]|$)|(?:[a-zđA-ZĐ]|[ivx]{2,4})\.(?=\s|$)"
    r"|[A-ZĐ]\)(?=\s|$))"
    # (1)  (a)
    r"|(?P<paren>\((?:\d{1,2}|[a-zđ]|[ivx]{1,4})\))"
    r")\s*"
)
# Image files pasted as text: Zalo's "z4012705827385 e0f8…7 (1)", or "IMG_0012.jpg".
_IMAGE_ID = re.compile(
    r"^(?:z\d{8,16}\s+[0-9a-f]{16,40}|[\w.\- ]{1,80}\.(?:jpe?g|png|gif|webp|bmp|heic))"
    r"(?:\s*\(\d+\))?$",
    re.IGNORECASE,
)
# Several Zalo image ids on one line (with a stray counter), or Facebook's "136359262 … n".
_IMAGE_IDS = re.compile(
    r"^(?:z\d{8,16}\s+[0-9a-f]{16,40}(?:\s*\(\d+\))?\s*)+\d{0,2}$|^\d{6,}(?:\s+\d{6,})+\s+n$",
    re.IGNORECASE,
)
# Counters, percentages, page numbers, addresses and table rules: no words at all.
_NO_WORDS = re.compile(r"^(?=.*[\d|])[\d\s.,:;%/|+\-–—()]*$")
_ADDRESS = re.compile(r"^(?:https?://|www\.|/[\w\-]+/)\S*$", re.IGNORECASE)
# Matched against the folded line (see normalize()).
_BYLINE = re.compile(
    r"^(?:(?:tac gia(?: bai viet)?|nguon(?: tin)?|nguoi viet|bien tap|tin(?:,| va)? anh"
    r"|nguoi dang|dang boi|ngay dang|cap nhat|luot xem|so lan doc|tin bai|tin, anh|anh)\s*:"
    r"|(?:(?:thu (?:hai|ba|tu|nam|sau|bay|[2-7])|chu nhat)\s*[-,]?\s*)?(?:ngay\s*)?"
    r"\d{1,2}/\d{1,2}/\d{4}(?:\s*[-,|]?\s*\d{1,2}[:h]\d{2}(?::\d{2})?\d*)?$"
    # "Ngày đăng 01/10/2019 | 10:16 | Lượt xem: 131", "HT|02/3/2022|10:00"
    r"|.{0,30}\d{1,2}/\d{1,2}/\d{4}\s*\|.*$|.*\b(?:luot xem|so lan doc|dang truy cap)\b.*$)"
)
_BOILERPLATE = re.compile(
    r"^(?:tong so diem|xep hang\s*:|click de danh gia|danh gia bai viet|gui y kien|gui binh luan"
    r"|ban da khong su dung site|bam vao day de duy tri|ma an toan|tu khoa\s*:"
    r"|email cua ban se khong|gui file dinh kem|lien ket website|theo doi bao"
    r"|duong day nong|hom nay\s*:|(?:truy cap|tong|online)\s*:\s*[\d.,]+$"
    r"|(?:chia se(?: bai viet)?|in bai viet|in trang|gui email|share|like|tweet|print"
    r"|gop y kien|tra loi|quay len tren|phong su anh|xem them|doc tiep|tro ve)\s*:?$)"
)
# After these, the rest of a web page is comments and links to other articles.
_FOOTER = re.compile(
    r"^(?:y kien ban doc|cac tin khac|tin lien quan|tin cung chuyen muc|cac tin da dua"
    r"|tin moi hon|tin cu hon|binh luan|y kien binh luan|phan hoi|cac tin/bai khac"
    r"|nhung tin moi hon|nhung tin cu hon|tin khac|bai viet lien quan)\s*:?$"
)
# The list heading that starts the key tasks ("NHIỆM VỤ TRỌNG TÂM NĂM 2023").
_TASK_HEADING = re.compile(
    r"^(?:(?:muc tieu|phuong huong|ke hoach)\s*,?\s*(?:va\s+)?)*"
    r"(?:cac\s+)?(?:(?P<count>\d{1,2})\s+)?"
    r"(?:nhiem vu|chi tieu|noi dung|ke hoach cong tac|chuong trinh cong tac|cong tac trong tam"
    r"|phuong huong hoat dong|chuong trinh hanh dong)"
    r"(?:\s+(?:va giai phap|trong tam|chu yeu|trong diem|cong tac|cu the|phan dau))*"
    r"(?:\s*,?\s*(?:va\s+)?(?:giai phap|phuong huong|nhiem vu))?"
    # … năm 2023, tháng 10, tháng 02/2020, quý II/2016, 6 tháng cuối năm, nhiệm kỳ tới
    r"(?:\s+(?:trong\s+)?(?:(?:nam\s+)?(?P<year>\d{4})"
    r"|thang\s+\d{1,2}(?:\s*/\s*(?P<month_year>\d{4})|\s+nam\s+(?P<month_year2>\d{4}))?"
    r"|quy\s+(?:[ivx]{1,3}|[1-4])(?:\s*/\s*(?P<quarter_year>\d{4})"
    r"|\s+nam\s+(?P<quarter_year2>\d{4}))?"
    r"|6 thang (?:dau|cuoi) nam(?:\s+(?P<half_year>\d{4}))?"
    r"|nhiem ky(?: toi| moi)?(?:\s+\d{4}\s*[-–—]\s*\d{4})?|nam toi))?"
    r"(?:\s+(?:cua|doi voi)\s+(?P<owner>.*))?$"
)
_YEAR_GROUPS = ("year", "month_year", "month_year2", "quarter_year", "quarter_year2", "half_year")
_DASHES = ("-", "–", "—")
_TERMINAL = tuple(".;:!?…)]”\"'")
_HEADING_TRAIL = " :：*#.-–—"
MAX_HEADING_WORDS = 12
MAX_TASK_HEADING_WORDS = 20

JunkReason = Literal["image_id", "byline", "boilerplate"]


@dataclass(frozen=True)
class Line:
    """One source line, split into its list marker (if any) and its content."""

    number: int
    raw: str
    text: str
    marker: str | None
    strong: bool
    content: str


def make_line(number: int, raw: str) -> Line:
    """Split ``raw`` into marker and content; ``text`` is the cleaned whole line."""
    text = clean(raw)
    found = _MARKER.match(text)
    if found is None or found.end() == 0:
        return Line(number, raw, text, None, False, text)
    marker = found.group().strip()
    weak = found.group("bullet") is not None and not any(c in _STRONG_BULLETS for c in marker)
    return Line(number, raw, text, marker, not weak, text[found.end() :].strip())


def junk_reason(line: Line) -> JunkReason | None:
    """Why an unmarked line is page furniture (image ids, bylines, ratings), or None."""
    if line.marker is not None:
        return None
    if _IMAGE_ID.match(line.text) or _IMAGE_IDS.match(line.text):
        return "image_id"
    if _NO_WORDS.match(line.text) or _ADDRESS.match(line.text):
        return "boilerplate"
    folded = normalize(line.text)
    if _BYLINE.match(folded):
        return "byline"
    if _BOILERPLATE.match(folded) or _FOOTER.match(folded):
        return "boilerplate"
    return None


def is_footer(line: Line) -> bool:
    """Whether an unmarked line starts the comments / other-articles part of a page."""
    return line.marker is None and _FOOTER.match(normalize(line.text)) is not None


def heading_name(content: str) -> str:
    """A heading as written, without its trailing colon or decoration."""
    return content.rstrip(_HEADING_TRAIL).strip()


def _stands_alone(line: Line, *, after_item: bool, prev_text: str) -> bool:
    """Whether a line may be a heading rather than the wrapped tail of an item.

    Only an unmarked line directly under an item line is in doubt. It may be a
    heading if it starts with a capital (headings do, wrapped text mostly does
    not: "… cho hội viên," / "phụ nữ") or the line above ends a sentence; never
    if it ends with a full stop, semicolon or comma itself.
    """
    if line.marker is not None or not after_item:
        return True
    if line.content.endswith((".", ";", ",")):
        return False
    return line.content[:1].isupper() or prev_text.rstrip().endswith(_TERMINAL)


def is_wrapped_dash(line: Line, *, after_item: bool, prev_text: str) -> bool:
    """Whether a dash-marked line is really the wrapped tail of the item above it.

    "… xây dựng đoạn đường “Xanh" / "- sạch - đẹp”": a dash then a lowercase word,
    under an item line that does not end a sentence.
    """
    return (
        after_item
        and line.marker is not None
        and line.marker in _DASHES
        and line.content[:1].islower()
        and not prev_text.rstrip().endswith(_TERMINAL)
    )


@dataclass(frozen=True)
class TaskHeading:
    """A key-task heading: the year it names (0 if none) and whose plan it is ("… của X")."""

    year: int
    owner: str | None


def task_heading_of(
    line: Line, *, after_item: bool = False, prev_text: str = ""
) -> TaskHeading | None:
    """If ``line`` heads a list of tasks ("NHIỆM VỤ TRỌNG TÂM NĂM 2023", "Kế hoạch công tác
    tháng 10 của Hội CCB", "I. CÁC CHỈ TIÊU TRỌNG TÂM:"), what it says, else None."""
    name = heading_name(line.content)
    # The pattern is strict; only a heading naming its owner ("… của Hội …") runs long.
    if not name or len(name.split()) > MAX_TASK_HEADING_WORDS:
        return None
    # heading_key drops what follows "phường"; the owner is read from the whole name.
    found = _TASK_HEADING.match(heading_key(name))
    if found is None or not _stands_alone(line, after_item=after_item, prev_text=prev_text):
        return None
    year = next((int(found.group(g)) for g in _YEAR_GROUPS if found.group(g)), 0)
    owner = None
    if found.group("owner"):
        cut = re.search(r"\b(?:của|cua|đối với|doi voi)\s+", name, re.IGNORECASE)
        owner = name[cut.end() :] if cut else None
    return TaskHeading(year, owner)


def task_heading(line: Line, *, after_item: bool = False, prev_text: str = "") -> int | None:
    """If ``line`` heads the key-task list, its year (0 when it names none), else None."""
    found = task_heading_of(line, after_item=after_item, prev_text=prev_text)
    return None if found is None else found.year


_LOCATION_WORD = re.compile(r"^(?:phuong|xa|thi tran|thi xa|quan|huyen)$")
MAX_PLACE_WORDS = 4


def _place_only_after_location(name: str) -> bool:
    """Whether what follows "phường"/"xã" in a heading is a place name and nothing else.

    "Hội CCB phường Hồng Sơn" is a heading; "Đoàn Thanh niên phường Hải Tân tổ chức đại
    hội điểm thành công" is a caption: after the place come lowercase words.
    """
    words = name.split()
    folded = normalize(name).split()
    if len(folded) != len(words):
        return True
    for index, word in enumerate(folded[1:], start=1):
        if _LOCATION_WORD.match(word) and not (
            word == "xa" and folded[index + 1 : index + 2] == ["hoi"]
        ):
            rest = words[index + 1 :]
            return len(rest) <= MAX_PLACE_WORDS and all(
                w[:1].isupper() or w[:1].isdigit() or not any(c.isalpha() for c in w) for w in rest
            )
    return True


@dataclass(frozen=True)
class OrgHeading:
    """An organisation heading: the matched code (None if unknown) and its name."""

    code: str | None
    name: str


_ADDRESSED = re.compile(r"(?:đối với|Đối với|ĐỐI VỚI|doi voi|Doi voi)\s+")


def org_heading(
    line: Line, matcher: OrgMatcher, *, after_item: bool = False, prev_text: str = ""
) -> OrgHeading | None:
    """If ``line`` is an organisation heading, which organisation it names.

    Known names (any alias, any case or diacritics, with "phường"/":" after them)
    are headings whatever their marker. A name that only looks like an
    organisation ("Hội Nông dân phường") needs more: a heading marker (``*``,
    numbers, Roman numerals, letters), a colon, capitals, or a place after it.
    """
    name = heading_name(line.content)
    addressed = _ADDRESSED.match(name)
    if addressed and line.content.rstrip(" *#").endswith(":"):
        # "1. Đối với Ban Thường trực Ủy ban MTTQ Việt Nam huyện:": whose tasks follow.
        name = name[addressed.end() :]
    if not name or len(name.split()) > MAX_HEADING_WORDS or not _place_only_after_location(name):
        return None
    if line.content.endswith(".") and len(name.split()) > 6:
        return None
    colon = line.content.rstrip(" *#").endswith(":")
    located = has_location(name)
    if not _stands_alone(line, after_item=after_item, prev_text=prev_text):
        return None
    code = matcher.match(name)
    if code is not None:
        return OrgHeading(code, name)
    if (
        looks_like_org(heading_key(name))
        and (line.strong or colon or located or is_caps(name))
        and not any(p in name for p in (";", ",", ". ", "?", "!"))
    ):
        return OrgHeading(None, name)
    return None


_GROUP_HEADING = re.compile(
    r"^(?:nhiem vu|noi dung|nhom(?: nhiem vu)?|linh vuc|chuong trinh)"
    r"\s+(?:\d{1,2}|[ivx]{1,4})\s*[:.]"
)


def is_group_heading(line: Line) -> bool:
    """Whether a line names a group of the tasks below it ("Nhiệm vụ 1: Tuyên truyền, …")."""
    return _GROUP_HEADING.match(normalize(line.content)) is not None


# "…, qua đó:" (through which): what the work told before it achieved.
_THROUGH_IT = re.compile(r"\bqua do\s*:\s*$")


def is_results_lead(line: Line) -> bool:
    """Whether a line introduces results: it speaks of them ("Hội nghị đánh giá những kết
    quả đạt được:"), or of done work with no word of work ahead ("Trong năm, Hội đã thực
    hiện:", "Hội nghị đã thông qua các nội dung:"; not "… đã đề ra các nhiệm vụ năm tới:"),
    or ends on what came of the work it tells ("… tổ chức sinh hoạt chi đoàn …, qua đó:")."""
    if line.marker is not None or not line.content.rstrip().endswith(":"):
        return False
    folded = fold(line.content)
    if _THROUGH_IT.search(folded):
        return True
    return RESULT_WORDS.search(folded) is not None or (
        PAST.search(folded) is not None and not frames_work_ahead(folded)
    )


def is_note(line: Line) -> bool:
    """Whether an unmarked line is a note in brackets ("(tiếp phương hướng nhiệm vụ …)")."""
    return line.marker is None and line.text.startswith("(") and line.text.endswith(")")


def is_masthead(line: Line, following: Line | None) -> bool:
    """Whether a line in capitals directly above another is a page's masthead.

    "ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM" / "QUẬN 5 - THÀNH PHỐ HỒ CHÍ MINH": the issuing
    body's name, not a heading of the list.
    """
    return (
        line.marker is None
        and is_caps(line.text)
        and following is not None
        and following.marker is None
        and is_caps(following.text)
        and not following.text.rstrip().endswith(":")
    )
