"""Organisations named in running text, as the ones doing the work (not as objects)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .orgs import OrgMatcher, heading_key, looks_like_org, names_of
from .text import normalize

# Words before an organisation's name that make it an object, not the one doing the work.
# "Hội cũng phối hợp (với) Đoàn Thanh niên tổ chức …": the partner, not the one acting.
_OBJECT_BEFORE = {
    "dai hoi",
    "ky niem",
    "thanh lap",
    "to chuc",
    "xay dung",
    "ngay",
    "len",
    "phoi hop",
    "hop voi",
    "cung voi",
}


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    folded: str
    upper: bool


class OrgFinder:
    """Finds the organisations a text names, in running text (see the module docstring)."""

    def __init__(self, matcher: OrgMatcher) -> None:
        self.matcher = matcher
        self._names: dict[tuple[str, ...], str] = {}
        for name, code in names_of(matcher.aliases):
            words = tuple(heading_key(name).split())
            if words:
                self._names.setdefault(words, code)
        self._longest = max((len(w) for w in self._names), default=1)

    def mentions(self, text: str, end: int | None = None) -> list[tuple[int, str]]:
        """(position, code) of each organisation named as an actor in ``text[:end]``."""
        return [(start, code) for start, _end, code in self.mention_spans(text, end)]

    def mention_spans(self, text: str, end: int | None = None) -> list[tuple[int, int, str]]:
        """(start, end, code) of each organisation named as an actor in ``text[:end]``."""
        tokens = _tokens(text if end is None else text[:end])
        found: list[tuple[int, int, str]] = []
        index = 0
        while index < len(tokens):
            hit = self._match_at(tokens, index)
            if hit is None:
                index += 1
                continue
            width, code = hit
            # The words right before the name, in its phrase: "Tại đại hội, Hội …" names the
            # one who acts; "Đại hội Hội …" names the congress's organisation.
            adjacent = index
            while adjacent > max(0, index - 2) and not (
                text[tokens[adjacent - 1].end : tokens[adjacent].start].strip()
            ):
                adjacent -= 1
            before = " ".join(t.folded for t in tokens[adjacent:index])
            last = tokens[index - 1].folded if adjacent < index else ""
            if (
                before not in _OBJECT_BEFORE
                and last not in _OBJECT_BEFORE
                and not _not_org(tokens, index, width)
                and not _person_name(text, tokens, index, width)
            ):
                found.append((tokens[index].start, tokens[index + width - 1].end, code))
            index += width
        return found

    def _match_at(self, tokens: Sequence[_Token], index: int) -> tuple[int, str] | None:
        for width in range(min(self._longest, len(tokens) - index), 0, -1):
            words = tuple(t.folded for t in tokens[index : index + width])
            code = self._names.get(words)
            # Short names are also common words ("phụ nữ", "đoàn", "mặt trận"): only
            # written with a capital are they an organisation.
            if code is not None and (width > 2 or tokens[index].upper):
                return width, code
        return None


def _not_org(tokens: Sequence[_Token], index: int, width: int) -> bool:
    """ "Đoàn viên", "Hội nghị", "Phụ nữ" as a common noun: not an organisation. Only a
    one-word name ("Đoàn", "Hội") can be one; a longer one ("Đoàn Thanh niên Cộng sản Hồ
    Chí Minh") is a name whatever follows it."""
    words = [t.folded for t in tokens[index : index + 3]]  # "Đoàn Chủ tịch": a presidium
    if width == 1 and len(words) > width and words[0] in ("doan", "hoi"):
        return not looks_like_org(" ".join(words))
    return False


def _person_name(text: str, tokens: Sequence[_Token], index: int, width: int) -> bool:
    """ "Lương Quốc Đoàn", "Nguyễn Văn Hội": a one-word name ending a person's name, after
    two capitalised words (not capitals: "BCH Đoàn") joined to it by single spaces."""
    if width != 1 or index < 2:
        return False
    for before, after in (
        (tokens[index - 2], tokens[index - 1]),
        (tokens[index - 1], tokens[index]),
    ):
        if text[before.end : after.start] != " ":
            return False
    words = [text[t.start : t.end] for t in tokens[index - 2 : index]]
    return all(w[:1].isupper() and w[1:].islower() and w.isalpha() for w in words)


def _tokens(text: str) -> list[_Token]:
    return [
        _Token(m.start(), m.end(), normalize(m.group()), m.group()[:1].isupper())
        for m in re.finditer(r"\w+", text)
    ]


# Words a few before an organisation's name that make it a partner or a giver, not the one
# whose work the text is ("cùng với các đoàn thể khối MTTQ", "quà của Hội CTĐ huyện, quà Ủy
# ban MTTQ"), and how many words before it they are looked for.
_PARTNER_BEFORE = re.compile(
    r"\b(?:voi|giua|(?<!nam )(?<!thong )(?<!vua )(?<!ky )(?<!thang )(?<!quy )qua)\b"
)
PARTNER_WORDS = 5


def named_as_partner(text: str, at: int) -> bool:
    """Whether the organisation named at ``text[at:]`` is named as a partner or a giver."""
    before = normalize(text[max(0, at - 60) : at]).split()[-PARTNER_WORDS:]
    return _PARTNER_BEFORE.search(" ".join(before)) is not None
