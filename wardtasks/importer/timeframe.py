"""The times a text speaks of, and whether a sentence opens with a time ahead of them.

A plan reports its past and then says what comes: "Năm 2021, …" in a text that also
reports an earlier year, "Quý IV/2025, …" after quý III, "Nhiệm kỳ 2025 - 2030, …" after
"Nhiệm kỳ qua". Read once per text, asked per sentence by :mod:`.prose`."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .vocab import (
    PAST,
    PAST_TERM,
    PERIOD_LEAD,
    PERIODS,
    REVIEWED_YEAR,
    TERM_LEAD,
    YEAR_LEAD,
    fold,
    period_number,
)


@dataclass(frozen=True)
class TimeFrame:
    """The years a text names, the earliest period of each kind ("quý", "tháng" …) and
    whether it speaks of a past term ("nhiệm kỳ qua")."""

    years: tuple[int, ...]
    earliest: dict[str, int]
    past_term: bool
    # The years the text says it sums up ("tổng kết công tác năm 2025", "kết quả năm
    # 2025"): a sentence opening with one of them reports, whatever older year it names.
    reviewed: frozenset[int] = frozenset()

    @classmethod
    def of(cls, texts: Iterable[str]) -> TimeFrame:
        years: list[int] = []
        earliest: dict[str, int] = {}
        past_term = False
        reviewed: set[int] = set()
        for text in texts:
            folded = fold(text)
            reviewed.update(int(y) for y in REVIEWED_YEAR.findall(folded))
            for found in PERIODS.finditer(folded):
                kind, number = period_number(found)
                earliest[kind] = min(number, earliest.get(kind, number))
            years += (int(y) for y in re.findall(r"(?<!\d)(20\d\d)(?!\d)", text))
            past_term = past_term or PAST_TERM.search(folded) is not None
        return cls(tuple(years), earliest, past_term, frozenset(reviewed))

    def term_ahead(self, folded: str, start: int) -> bool:
        """Whether the sentence at ``start`` opens with the term ahead: "Nhiệm kỳ 2025 -
        2030, …" where no later year is named and the text speaks of a term before it
        ("Nhiệm kỳ qua, …") or of an earlier year."""
        found = TERM_LEAD.match(folded, start)
        if found is None or not self.years:
            return False
        first, last = int(found.group(2)), int(found.group(3))
        return last >= max(self.years) and (
            self.past_term or first > min(self.years) or found.group("plan") is not None
        )

    def period_ahead(self, folded: str, start: int) -> bool:
        """Whether the sentence at ``start`` opens with a period ahead (see PERIOD_LEAD)."""
        found = PERIOD_LEAD.match(folded, start)
        if found is None:
            return False
        kind, number = period_number(found)
        return not kind or number > self.earliest.get(kind, number)

    def period_behind(self, folded: str, start: int) -> bool:
        """Whether "trong quý I/2024" / "trong tháng 5" at ``start`` names a period no later
        than the earliest one the text names: the period a report looks back on, not one
        ahead ("Trong quý I/2024, các cấp Hội tập trung …" in a quarter's review)."""
        found = PERIODS.match(folded, start + len("trong "))
        if found is None or not folded.startswith("trong ", start):
            return False
        kind, number = period_number(found)
        return number <= self.earliest.get(kind, number)

    def ahead_at(self, folded: str, start: int) -> bool:
        """Whether the sentence at ``start`` opens with a year, a period or a term ahead."""
        year = YEAR_LEAD.match(folded, start)
        return (
            (
                year is not None
                and int(year.group(1)) > min(self.years, default=9999)
                and int(year.group(1)) not in self.reviewed
            )
            or self.period_ahead(folded, start)
            or self.term_ahead(folded, start)
        )

    def opens_ahead(self, folded: str) -> bool:
        """Whether a folded sentence opens with a time ahead and reports nothing past in
        its first words."""
        folded = folded.lstrip()
        return self.ahead_at(folded, 0) and not PAST.search(" ".join(folded.split()[:12]))
