"""Where clauses, sentences and titles of a task's text begin and end.

Quotations (“…”, «…», "…", mixed as texts mix them) and brackets are opaque: a semicolon,
comma or full stop inside them separates nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .text import fold_chars

TITLE_MIN_CHARS = 40
TITLE_MAX_CHARS = 120
_OPEN_QUOTES = "“«"
_CLOSE_QUOTES = "”»"


def _walk(text: str, start: int, end: int) -> Iterator[tuple[int, bool, bool]]:
    """(index, whether the character is plain text at the top level, whether the top level
    holds after it) for each index of ``text[start:end]``.

    “…” and "…" are one kind of quotation (texts mix them: "Rèn luyện đội viên”); a
    quotation never closed is none (see :func:`_closed_after`); unbalanced closing
    brackets are ignored.
    """
    quoted = False
    depth = 0
    speech_close = -1  # where a quoted speech (see _speech_close) ends
    for index in range(start, end):
        char = text[index]
        plain = False
        if index == speech_close:
            quoted = False
        elif char in _OPEN_QUOTES or (char == '"' and not quoted):
            close = _speech_close(text, index)
            if close >= 0:
                speech_close, quoted = close, False
            else:
                quoted = _closed_after(text, index)
        elif char in _CLOSE_QUOTES:
            quoted = False
        elif char == '"':
            quoted = False
        elif char in "([":
            depth += _closed_after(text, index, _BRACKETS, ")]")
        elif char in ")]":
            depth = max(0, depth - 1)
        elif (
            char == ","
            and text[index - 1 : index].isdigit()
            and text[index + 1 : index + 2].isdigit()
        ):
            pass  # a decimal comma ("giảm 0,3%") separates nothing
        else:
            plain = True
        outside = not quoted and depth == 0
        yield index, plain and outside, outside


_QUOTE_MARKS = re.compile(r"[“”«»\"]")
# A sentence ending inside a quotation, the next one opening with a capital.
_SENTENCE_INSIDE = re.compile(r"[.!?…]\s+(\w)")


def _speech_close(text: str, index: int) -> int:
    """Where the quotation opened at ``index`` closes, if it quotes a speech of several
    sentences ("nhấn mạnh: \"Năm 2024, Hội … đề ra …. Hội sẽ tiếp tục …, hoàn thành …\""):
    what is said is running text, its separators separate, unlike a quoted name or slogan
    ("“Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh”"); else -1."""
    following = _QUOTE_MARKS.search(text, index + 1)
    if following is None or following.group() not in _CLOSE_QUOTES + '"':
        return -1
    inside = _SENTENCE_INSIDE.finditer(text, index + 1, following.start())
    return following.start() if any(m.group(1).isupper() for m in inside) else -1


_BRACKETS = re.compile(r"[()\[\]]")


def _closed_after(
    text: str, index: int, marks: re.Pattern[str] = _QUOTE_MARKS, closing: str = _CLOSE_QUOTES + '"'
) -> bool:
    """Whether the quotation (or bracket) opened at ``index`` is closed before ``text`` (a
    paragraph) ends: the next mark of its kind after it closes one. A quotation left open
    ("tổ chức các hoạt động “Uống nước nhớ nguồn, đền ơn đáp nghĩa; ra quân …; tư vấn …")
    is a typing slip, not a quotation holding the rest of the paragraph: its separators
    separate. The search stops at the next mark, so a walk stays linear."""
    following = marks.search(text, index + 1)
    return following is not None and following.group() in closing


def top_level(text: str, start: int = 0, end: int | None = None) -> Iterator[int]:
    """Indexes of ``text[start:end]`` outside quotations and brackets."""
    end = len(text) if end is None else end
    return (index for index, top, _ in _walk(text, start, end) if top)


def is_top_level(text: str, start: int, index: int) -> bool:
    """Whether position ``index`` is outside the quotations and brackets opened after ``start``."""
    states = [outside for _, _, outside in _walk(text, start, index)]
    return states[-1] if states else True


def split_clauses(text: str) -> list[tuple[int, int]]:
    """Spans of the non-empty clauses of ``text`` between top-level semicolons."""
    cuts = [index for index in top_level(text) if text[index] == ";"]
    spans: list[tuple[int, int]] = []
    start = 0
    for end in [*cuts, len(text)]:
        left, right = start, end
        while left < right and text[left].isspace():
            left += 1
        while right > left and text[right - 1].isspace():
            right -= 1
        if left < right:
            spans.append((left, right))
        start = end + 1
    return spans


# A clause that is only a movement's or programme's quoted name ("phong trào “Lúc trẻ xung
# phong, về già gương mẫu”"): no verb, no predicate; after a ";" it is one more object of
# the clause before ("triển khai tốt việc học tập …; phong trào “…”").
_BARE_NAME = re.compile(
    r"(?:phong trao|cuoc van dong|chuong trinh|de an|du an|mo hinh)\s*[“\"«][^”\"»]*[”\"»]"
    r"[\s.…]*"
)


def _bare_name(text: str, start: int, end: int) -> bool:
    return _BARE_NAME.fullmatch(fold_chars(text[start:end])) is not None


def split_at(text: str, start: int, end: int, separator: str) -> list[tuple[int, int]]:
    """Trimmed parts of ``text[start:end]`` between top-level ``separator`` characters; a
    part after a ";" that is only a quoted name goes with the part before it, unless that
    one names such a work too ("… cuộc vận động “…”; cuộc vận động “…”": a list of
    names, one task each)."""
    cuts = [i for i in top_level(text, start, end) if text[i] == separator]
    bounds = [start - 1, *cuts, end]
    parts = [trim(text, bounds[n] + 1, bounds[n + 1]) for n in range(len(bounds) - 1)]
    if separator != ";":
        return parts
    joined: list[tuple[int, int]] = []
    for part in parts:
        if (
            joined
            and _bare_name(text, *part)
            and not _BARE_NAME.search(fold_chars(text[joined[-1][0] : joined[-1][1]]))
        ):
            joined[-1] = (joined[-1][0], part[1])
        else:
            joined.append(part)
    return joined


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """``start``, ``end`` moved past the spaces and separators at either edge."""
    while start < end and text[start] in " ;,":
        start += 1
    while end > start and text[end - 1] in " ;,":
        end -= 1
    return start, end


def sentence_ends(text: str) -> list[int]:
    """Where the sentences of ``text`` end (index after the last character of each)."""
    ends: list[int] = []
    for index in top_level(text):
        # "… thiếu nhi...Phấn đấu …": an ellipsis with no space after it before a capital.
        if (
            (text[index] == "…" or text[index - 2 : index + 1] == "...")
            and text[index + 1 : index + 2].isupper()
            and index >= 2
        ):
            ends.append(index + 1)
            continue
        if text[index] in ".!?…" and index + 1 < len(text) and text[index + 1] == " ":
            following = text[index + 2 : index + 3]
            # "…." (an ellipsis closed by a full stop) ends its sentence whatever follows.
            closed = text[index] == "." and text[index - 1 : index] == "…"
            if following[:1].isupper() or following[:1].isdigit() or following in '“"-–' or closed:
                ends.append(index + 1)
    ends.append(len(text))
    return ends


def next_sentence(text: str, index: int) -> int:
    """The index after ``index`` where the next sentence's first word begins."""
    while index < len(text) and text[index] in " .;,…":
        index += 1
    return index


def make_title(text: str, max_chars: int | None = TITLE_MAX_CHARS) -> str:
    """A short title: the first clause once past ~40 characters, at most ~120.

    Cut at the first ". ", ";", ":" or "," (outside quotations and brackets)
    after :data:`TITLE_MIN_CHARS`; a title still longer than ``max_chars``
    (:data:`TITLE_MAX_CHARS`) is cut on a word boundary and ends with "…". With
    ``max_chars`` None, the whole first clause (what official text writes in full).
    """
    cut = len(text)
    for index in top_level(text):
        char = text[index]
        if index < TITLE_MIN_CHARS:
            continue
        if char in ";:," or (char == "." and text[index + 1 : index + 2].isspace()):
            cut = index
            break
    title = text[:cut].rstrip(" .;:,")
    if max_chars is not None and len(title) > max_chars:
        head = title[: max_chars + 1]
        space = head.rfind(" ", TITLE_MIN_CHARS)
        head = head[:space] if space > 0 else head[:max_chars]
        title = head.rstrip(' .;:,-–—(“"') + "…"
    return title or text[: max_chars or len(text)]
