"""What one line of a plan text is: a marker, a heading, or a known kind of noise."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from .orgs import OrgMatcher, has_location, heading_key, looks_like_org
from .text import clean, is_caps, normalize

# Item bullets. "*" is kept apart: the sample marks its headings with it.
_WEAK_BULLETS = "-+–—•·●○◦▪▫■□►▸➢➤→✓✔❖◆◇‣⁃"
_STRONG_BULLETS = "*#"
_MARKER = re.compile(
    "(?:"
    rf"(?P<bullet>[{re.escape(_WEAK_BULLETS + _STRONG_BULLETS)}]+)"
    # 1.  1)  1.2.  - but not "1.5 triệu" or "2023."
    r"|(?P<number>\d{1,2}(?:\.\d{1,2})*[.)])(?=\s|[^\W\d_]|$)"
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
# Matched against the folded line (see normalize()).
_BYLINE = re.compile(
    r"^(?:(?:tac gia(?: bai viet)?|nguon(?: tin)?|nguoi viet|bien tap|tin(?:,| va)? anh"
    r"|nguoi dang|dang boi|ngay dang|cap nhat|luot xem|so lan doc)\s*:"
    r"|(?:(?:thu (?:hai|ba|tu|nam|sau|bay|[2-7])|chu nhat)\s*[-,]?\s*)?(?:ngay\s*)?"
    r"\d{1,2}/\d{1,2}/\d{4}(?:\s*[-,|]?\s*\d{1,2}[:h]\d{2}(?::\d{2})?)?$)"
)
_BOILERPLATE = re.compile(
    r"^(?:tong so diem|xep hang\s*:|click de danh gia|danh gia bai viet|gui y kien|gui binh luan"
    r"|ban da khong su dung site|bam vao day de duy tri|ma an toan|tu khoa\s*:"
    r"|(?:chia se|in bai viet|in trang|gui email|share|like|tweet|print)\s*:?$)"
)
# After these, the rest of a web page is comments and links to other articles.
_FOOTER = re.compile(
    r"^(?:y kien ban doc|cac tin khac|tin lien quan|tin cung chuyen muc|cac tin da dua"
    r"|tin moi hon|tin cu hon|binh luan|y kien binh luan)\s*:?$"
)
# The list heading that starts the key tasks ("NHIỆM VỤ TRỌNG TÂM NĂM 2023").
_TASK_HEADING = re.compile(
    r"^(?:(?:muc tieu|phuong huong|ke hoach)\s*,?\s*(?:va\s+)?)*"
    r"(?:cac\s+)?nhiem vu"
    r"(?:\s+(?:va giai phap|trong tam|chu yeu|trong diem|cong tac|cu the))*"
    r"(?:\s*,?\s*(?:va\s+)?(?:giai phap|phuong huong))?"
    r"(?:\s+(?:(?:trong\s+)?nam\s+)?(?P<year>\d{4}))?"
    r"(?:\s+(?:cua|doi voi)\s+.*)?$"
)
_DASHES = ("-", "–", "—")
_TERMINAL = tuple(".;:!?…)]”\"'")
_HEADING_TRAIL = " :：*#.-–—"
MAX_HEADING_WORDS = 12

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
    if _IMAGE_ID.match(line.text):
        return "image_id"
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


def task_heading(line: Line, *, after_item: bool = False, prev_text: str = "") -> int | None:
    """If ``line`` heads the key-task list, its year (0 when it names none), else None."""
    name = heading_name(line.content)
    if not name or len(name.split()) > MAX_HEADING_WORDS:
        return None
    found = _TASK_HEADING.match(heading_key(name))
    if found is None or not _stands_alone(line, after_item=after_item, prev_text=prev_text):
        return None
    return int(found.group("year") or 0)


@dataclass(frozen=True)
class OrgHeading:
    """An organisation heading: the matched code (None if unknown) and its name."""

    code: str | None
    name: str


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
    if not name or len(name.split()) > MAX_HEADING_WORDS:
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
