"""Organisation names: the built-in aliases and matching a heading to an organisation."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from .text import normalize


@dataclass(frozen=True)
class OrgAlias:
    """The ways one organisation (by its ``code``) is named in plan texts."""

    code: str
    names: tuple[str, ...]


DEFAULT_ORG_ALIASES: tuple[OrgAlias, ...] = (
    OrgAlias(
        "MTTQ",
        (
            "Mặt trận Tổ quốc",
            "Mặt trận Tổ quốc Việt Nam",
            "Mặt trận",
            "Ủy ban Mặt trận Tổ quốc",
            "Ủy ban Mặt trận Tổ quốc Việt Nam",
            "MTTQ",
            "MTTQ Việt Nam",
            "MTTQVN",
            "UB MTTQ",
            "UBMTTQ",
            "Ủy ban MTTQ",
            "Ủy ban MTTQ Việt Nam",
        ),
    ),
    OrgAlias(
        "DTN",
        (
            "Đoàn Thanh niên",
            "Đoàn TN",
            "ĐTN",
            "Đoàn TNCS",
            "Đoàn TNCS Hồ Chí Minh",
            "Đoàn TNCS HCM",
            "Đoàn Thanh niên Cộng sản Hồ Chí Minh",
            "Đoàn Thanh niên CS Hồ Chí Minh",
            "Chi đoàn",
            "Đoàn",
            "Thành đoàn",
            "Tỉnh đoàn",
            "Quận đoàn",
            "Huyện đoàn",
            "Thị đoàn",
            "Phường đoàn",
            "Xã đoàn",
        ),
    ),
    OrgAlias(
        "CCB",
        (
            "Hội Cựu chiến binh",
            "Hội Cựu chiến binh Việt Nam",
            "Hội CCB",
            "Cựu chiến binh",
            "CCB",
        ),
    ),
    OrgAlias(
        "LHPN",
        (
            "Hội Liên hiệp phụ nữ",
            "Hội Liên hiệp phụ nữ Việt Nam",
            "Hội LHPN",
            "Hội LHPN Việt Nam",
            "Hội Phụ nữ",
            "LHPN",
            "Phụ nữ",
        ),
    ),
)

# "… phường", "… xã Quỳnh Lập", "… thị xã", "… các xã", "… huyện": where, not who. "xã
# hội" is a word.
_LOCATION = re.compile(
    r"\s+(?:cac\s+)?(?:phuong|xa(?! hoi\b)|thi tran|thi xa|huyen|thanh pho)\b.*$"
)
_EDGE_PUNCTUATION = " :;.,-–—*#()[]\"'“”"
# Leading words that name a body of the organisation rather than the organisation.
_BODY_PREFIX = re.compile(
    r"^(?:ban thuong truc|thuong truc|ban thuong vu|ban chap hanh|bch|btv|uy ban|ub)\s+"
)
_COUNTRY_SUFFIX = re.compile(r"\s+(?:viet nam|vn|co so)$")

# What an organisation heading starts with, once folded ("Hội …", "Đoàn …").
_ORG_START = re.compile(
    r"^(?:hoi|doan|uy ban|ub|mat tran|chi hoi|chi doan|cau lac bo|clb|lien doan"
    r"|lien hiep|cong doan|ban dai dien|ban lien lac)\s+\S"
)
# ... but "Hội nghị", "Đoàn viên" and the like are ordinary words, not organisations.
_NOT_ORG = re.compile(
    r"^(?:hoi\s+(?:nghi|thao|thi|vien|dien|cho|truong|hop|nhap|phuc|tu|y|am|hoa|quan)"
    r"|doan\s+(?:vien|ket|the|kiem|cong|giam|xe|tu|cong tac|chu tich)|ub\s+nd|uy ban nhan dan)\b"
)


def has_location(name: str) -> bool:
    """Whether a heading name ends in a place ("… phường", "… xã …")."""
    return _LOCATION.search(normalize(name)) is not None


@lru_cache(maxsize=4096)
def heading_key(name: str) -> str:
    """Fold a heading or alias name for matching: no case, diacritics, place or colon."""
    key = normalize(name).strip(_EDGE_PUNCTUATION)
    key = _LOCATION.sub("", key)
    return key.strip(_EDGE_PUNCTUATION)


def _key_variants(key: str) -> Iterable[str]:
    """The key, then the key without "Ban thường trực …" / "… Việt Nam" decorations."""
    yield key
    bare = _BODY_PREFIX.sub("", key)
    yield bare
    yield _COUNTRY_SUFFIX.sub("", key)
    yield _COUNTRY_SUFFIX.sub("", bare)


def looks_like_org(key: str) -> bool:
    """Whether a folded heading name reads like an organisation ("hoi nong dan")."""
    return (
        _ORG_START.match(key) is not None and _NOT_ORG.match(key) is None and len(key.split()) <= 8
    )


def merge_aliases(extra: Sequence[OrgAlias]) -> tuple[OrgAlias, ...]:
    """The caller's aliases, then the defaults (see :func:`_merge_aliases`)."""
    return _merge_aliases(tuple(extra))


@lru_cache(maxsize=64)
def _merge_aliases(extra: tuple[OrgAlias, ...]) -> tuple[OrgAlias, ...]:
    """The caller's aliases, then the defaults.

    A default alias sharing a name with a caller's alias lends its other names to the
    caller's code, so a database that calls the Front "UBMTTQ" still recognises
    "Mặt trận tổ quốc" as "UBMTTQ".
    """
    merged: list[OrgAlias] = []
    for alias in extra:
        if alias not in merged:
            merged.append(alias)
    for default in DEFAULT_ORG_ALIASES:
        default_keys = {heading_key(n) for n in default.names} | {heading_key(default.code)}
        target = next(
            (
                i
                for i, alias in enumerate(merged)
                if alias.code == default.code
                or default_keys & {heading_key(n) for n in alias.names}
            ),
            None,
        )
        if target is None:
            merged.append(default)
        else:
            alias = merged[target]
            extra_names = tuple(n for n in default.names if n not in alias.names)
            merged[target] = OrgAlias(alias.code, alias.names + extra_names)
    return tuple(merged)


# Words of the organisation's kind that stay whole before the initials of the rest ("Hội
# CCB", "Đoàn TN"), and the words of a level, which make a unit's name ("Chi đoàn", "Tỉnh
# đoàn", "Chi hội"): no initials of those, or "Chi đoàn" would be written "CĐ" like the
# trade union.
_KIND_WORDS = ("hoi", "doan")
_LEVEL_WORDS = {"chi", "thanh", "tinh", "quan", "huyen", "thi", "phuong", "xa"}


def abbreviations(name: str) -> set[str]:
    """How Vietnamese texts shorten an organisation's name, by the initials of its words
    (folded): "Công đoàn" "CĐ", "Hội Chữ thập đỏ" "HCTĐ", "Hội CTĐ" and "CTĐ", "Hội Người
    cao tuổi" "Hội NCT", "Mặt trận Tổ quốc" "MTTQ", "Đoàn Thanh niên" "ĐTN".

    >>> sorted(abbreviations("Hội Người cao tuổi phường"))
    ['hnct', 'hoi nct', 'nct']
    """
    words = heading_key(name).split()
    if (
        len(words) < 2
        or words[0] in _LEVEL_WORDS
        or not all(w.isalpha() for w in words)
        or any(len(w) > 1 and w.isupper() for w in name.split())  # "Đoàn TNCS …": shortened
    ):
        return set()
    found = {"".join(w[0] for w in words)}
    if words[0] in _KIND_WORDS and len(words) > 2:
        rest = "".join(w[0] for w in words[1:])
        found.add(f"{words[0]} {rest}")
        if words[0] == "hoi":
            # "CCB", "NCT", "CTĐ" alone name the association; "TN" alone is youth, not
            # the Youth Union.
            found.add(rest)
    return found


@lru_cache(maxsize=64)
def names_of(aliases: tuple[OrgAlias, ...]) -> tuple[tuple[str, str], ...]:
    """(name, code) of every way ``aliases`` name their organisations: their names and
    codes (a code of two letters or more), then the abbreviations of their full names
    (:func:`abbreviations`; not of a name another one of it begins with) that are no
    other organisation's name and that one organisation only would be shortened to.

    Cached like :func:`matcher_for` (a ward's organisations change rarely): built for
    every parse, the abbreviations added 3,300 function calls (16 %) to parsing the
    published sample (the parse-time line of bench/importer.py)."""
    named = [
        (name, alias.code)
        for alias in aliases
        for name in (*alias.names, *((alias.code,) if len(alias.code) >= 2 else ()))
    ]
    keys = {heading_key(name) for name, _code in named}
    shortened: dict[str, set[str]] = {}
    for alias in aliases:
        full = {heading_key(name) for name in alias.names}
        for name in alias.names:
            key = heading_key(name)
            if any(other.startswith(f"{key} ") for other in full):
                continue  # "Mặt trận" is "Mặt trận Tổ quốc" cut short: "MT" is not it
            for short in abbreviations(name):
                shortened.setdefault(short, set()).add(alias.code)
    derived = [
        (short, next(iter(codes)))
        for short, codes in sorted(shortened.items())
        if len(codes) == 1 and short not in keys
    ]
    return (*named, *derived)


@lru_cache(maxsize=64)
def matcher_for(aliases: tuple[OrgAlias, ...]) -> OrgMatcher:
    """A (shared, read-only) matcher for ``aliases``."""
    return OrgMatcher(aliases)


class OrgMatcher:
    """Finds the organisation code a heading name refers to."""

    def __init__(self, aliases: Sequence[OrgAlias]) -> None:
        """Index ``aliases`` (first one wins for a name two of them share)."""
        self.aliases = tuple(aliases)
        self._codes: dict[str, str] = {}
        for name, code in names_of(self.aliases):
            for variant in _key_variants(heading_key(name)):
                if variant:
                    self._codes.setdefault(variant, code)

    def match(self, name: str) -> str | None:
        """The code of the organisation called ``name``, or None."""
        for variant in _key_variants(heading_key(name)):
            code = self._codes.get(variant)
            if code is not None:
                return code
        return None
