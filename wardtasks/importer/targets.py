"""Targets stated in a task's text (chỉ tiêu), suggested for the secretariat to confirm.

A pure function of the text, like the parser: :func:`suggest_target` finds the first
clause that sets a number to reach or a thing to be rid of —

- "100% hội viên tham gia BHYT", "trên 90% đoàn viên …", "từ 95% trở lên …": a share to
  reach at least (unit %);
- "ít nhất 3 mô hình", "tối thiểu 5 …", "mỗi tổ từ 3 hộ trở lên": a count to reach at
  least ("mỗi tổ / chi hội / chi đoàn …": for each branch);
- "không quá 2 …", "dưới 1% …", "tối đa …": a value to keep at most;
- "phấn đấu … không còn / không có hộ nghèo": none left (keep at most 0).

and says nothing of a percentage that reports a result rather than setting a target: a
clause in the past ("đã", "được", "năm qua", "so với …", "kết quả") or "đạt 95%" without
"phấn đấu" / "đảm bảo" / "duy trì" before it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .text import INVISIBLE_CHARS, fold_chars

_INVISIBLE = dict.fromkeys(map(ord, INVISIBLE_CHARS))


@dataclass(frozen=True)
class TargetSuggestion:
    """A target read from a task's text: what to count, its unit, the direction, the value
    per branch or for the organisation, and the words it was read from."""

    measure: str
    unit: str
    direction: str  # "at_least" or "at_most"
    value: int
    per_branch: bool
    phrase: str


# Folded text (lowercase, no diacritics, same length as the original).
_CLAUSES = re.compile(r"[^.;!?\n]+")
_NUMBER = r"(\d{1,9})"
# What a clause about the past or about results says (a report, not a plan).
_PAST = re.compile(
    r"\b(da|duoc|vua qua|nam qua|nhiem ky qua|ket qua|so voi|so cung ky|dat duoc|"
    r"tang \d|giam \d)\b"
)
_AIM = re.compile(r"\b(phan dau|dam bao|bao dam|duy tri|it nhat|toi thieu|chi tieu)\b")
_EACH = re.compile(r"\b(moi|tung) (to|khoi|chi hoi|chi doan|ban|co so|chi bo|to dan pho)\b")
_LEAST_WORDS = r"(?:it nhat|toi thieu|tren|hon|tu)"
_MOST_WORDS = r"(?:khong qua|toi da|duoi|khong vuot qua)"
_PERCENT = re.compile(
    rf"(?:(?P<least>{_LEAST_WORDS})|(?P<most>{_MOST_WORDS})|(?P<reach>dat))?\s*"
    rf"{_NUMBER}\s*%(?:\s*tro len)?\s*(?P<rest>[^,()]*)"
)
_COUNT = re.compile(
    rf"(?:(?P<least>{_LEAST_WORDS})|(?P<most>{_MOST_WORDS}))\s+{_NUMBER}\s+"
    r"(?P<rest>[^,()%]*?)(?P<up>\s+tro len)?(?=$|[,()])"
)
_NONE_LEFT = re.compile(r"\b(?:khong con|khong co|xoa het|xoa|khong de)\s+(?P<rest>ho [^,()]*)")
_RATE = re.compile(r"\bty le (?P<what>.*?)(?:\s+(?:giam con|giam xuong|con|dat|o muc))?\s*$")
_TAIL_WORDS = re.compile(r"\s+(?:tro len|tro xuong|nam \d{4}|trong nam.*)$")


def _measure(original: str, start: int, end: int) -> str:
    """The words of ``original`` in [start, end) as a measure: trimmed, "trở lên" and a
    trailing year cut off, at most 12 words."""
    words = original[start:end].strip(" “”\"'-–:").split()
    text = " ".join(words[:12])
    folded = fold_chars(text)
    cut = _TAIL_WORDS.search(folded)
    return text[: cut.start()] if cut else text


# Nouns of two syllables a count is often of (folded): "3 công trình", not "3 công".
_TWO_WORD_UNITS = frozenset(
    {
        "hoi vien",
        "doan vien",
        "dang vien",
        "mo hinh",
        "cong trinh",
        "chuong trinh",
        "hoat dong",
        "y tuong",
        "trieu dong",
        "phan viec",
        "gia dinh",
        "chi hoi",
        "chi doan",
        "co so",
        "nguoi cao",
        "thanh nien",
        "cau lac",
        "dia chi",
    }
)


def _unit_of(measure: str) -> str:
    """A count's unit: the measure's first word ("hộ"), or its first two when they make one
    noun ("hội viên", "mô hình")."""
    words = measure.split()
    if not words:
        return ""
    two = " ".join(words[:2])
    if fold_chars(two).lower() in _TWO_WORD_UNITS:
        return two
    return words[0]


def suggest_target(text: str) -> TargetSuggestion | None:
    """The first target the text states, or None (see the module's docstring)."""
    original = unicodedata.normalize("NFC", text.translate(_INVISIBLE))
    folded = fold_chars(original)
    for clause in _CLAUSES.finditer(folded):
        found = _in_clause(original, folded, clause.start(), clause.end())
        if found is not None:
            return found
    return None


def _in_clause(original: str, folded: str, start: int, end: int) -> TargetSuggestion | None:
    part = folded[start:end]
    if _PAST.search(part):
        return None
    aims = _AIM.search(part) is not None
    each = _EACH.search(part)
    for m in _PERCENT.finditer(part):
        if m.group("reach") and not aims:
            continue  # "đạt 95%": a result unless the clause aims at it
        lo, hi = start + m.start("rest"), start + m.end("rest")
        measure = _measure(original, lo, hi)
        rate = _RATE.search(part, 0, m.start())
        if measure.startswith("/"):
            measure = ""  # "5%/năm": a yearly rate, whose subject comes before it
        if not measure and rate:  # "tỷ lệ hộ nghèo giảm còn dưới 2%"
            measure = _measure(original, start + rate.start(), start + rate.end("what"))
        if not measure:
            continue
        return TargetSuggestion(
            measure=measure,
            unit="%",
            direction="at_most" if m.group("most") else "at_least",
            value=int(m.group(4)),
            per_branch=False,
            phrase=original[start + m.start() : hi].strip(),
        )
    for m in _COUNT.finditer(part):
        if m.group("least") == "tu" and not m.group("up"):
            continue  # "từ 3 …" alone is a range's start or a date
        lo, hi = start + m.start("rest"), start + m.end("rest")
        measure = _measure(original, lo, hi)
        if not measure or measure[0].isdigit():
            continue
        return TargetSuggestion(
            measure=measure,
            unit=_unit_of(measure),
            direction="at_most" if m.group("most") else "at_least",
            value=int(m.group(3)),
            per_branch=each is not None and each.start() < m.start(),
            phrase=original[
                start + (each.start() if each else m.start()) : start + m.end()
            ].strip(),
        )
    none_left = _NONE_LEFT.search(part)
    if none_left and (aims or "phan dau" in folded[:start]):
        lo, hi = start + none_left.start("rest"), start + none_left.end("rest")
        measure = _measure(original, lo, hi)
        return TargetSuggestion(
            measure=measure[:1].lower() + measure[1:],
            unit=_unit_of(measure.lower()),
            direction="at_most",
            value=0,
            per_branch=False,
            phrase=original[start + none_left.start() : hi].strip(),
        )
    return None
