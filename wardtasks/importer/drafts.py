"""Items and sections as the parser reads them, and the items they become."""

from __future__ import annotations

from dataclasses import dataclass, field

from .clauses import make_title, next_sentence, sentence_ends, split_clauses, trim
from .dates import suggest_due_date
from .lines import Line
from .model import Item, Section, SectionKind
from .source import Run, content_start
from .vocab import SPLIT_MIN_WORDS, TASK_START, fold, names_documents, opens_like_task


@dataclass
class ItemDraft:
    """An item being read: its text as a run of source pieces."""

    run: Run = field(default_factory=Run)
    start: int = 0
    end: int | None = None
    candidate: bool = False
    paragraph: bool = False  # an unmarked paragraph that read as a task

    def add(self, line: Line, content: str) -> None:
        self.run.add(line.number, line.raw, content_start(line.raw, content))

    @property
    def text(self) -> str:
        return self.run.text[self.start : self.end]


@dataclass
class SectionDraft:
    kind: SectionKind
    org_code: str | None
    heading_name: str
    heading_line: int | None
    unknown_org: bool = False
    bulleted: bool = False
    reports: int = 0  # unmarked paragraphs that read as report text
    items: list[ItemDraft] = field(default_factory=list)

    def doubt(self) -> None:
        """Items come unticked where the section reads as something else than a plan under
        its heading: unmarked paragraphs read as tasks among as many paragraphs that read
        as a report (a heading above a pasted report does not make it a plan), and a list
        whose items mostly name documents (a meeting's agenda: "1. Báo cáo tổng kết …",
        "2. Dự thảo Nghị quyết …")."""
        paragraphs = [draft for draft in self.items if draft.paragraph]
        if paragraphs and self.reports >= len(paragraphs):
            for draft in paragraphs:
                draft.candidate = True
        if self.items and names_documents([fold(draft.text) for draft in self.items]):
            for draft in self.items:
                draft.candidate = True
        # A marked list whose items mostly do not open as tasks do describes (a charter's
        # principles: "– Hội được tổ chức …", "– Quyền quyết định cao nhất …").
        marked = [draft for draft in self.items if not draft.paragraph]
        if marked and sum(not opens_like_task(d.text) for d in marked) * 2 > len(marked):
            for draft in marked:
                draft.candidate = True

    def split_sentences(self) -> None:
        """A section's one marked item that holds several tasks as sentences, each opening
        with a capital and a task verb ("- Tăng cường đi cơ sở, …. Hướng dẫn đề cương ….
        Phối hợp cùng …"): one item per sentence. Among several marked items, sentences
        after an item's first explain it."""
        if len(self.items) != 1:
            return
        self.items = _by_task_sentence(self.items[0])

    def build(self, year: int | None, split_shared: bool) -> Section:
        items: list[Item] = []
        for draft in self.items:
            run = draft.run
            end = len(run) if draft.end is None else draft.end
            text = run.text[draft.start : end]
            spans = [(draft.start, end)]
            if split_shared and self.kind == "shared" and draft.start == 0 and draft.end is None:
                spans = split_clauses(text) or spans
            for index, (start, stop) in enumerate(spans):
                clause = text[start:stop] if len(spans) > 1 else text
                # A clause owns the separator after it, so that a line holding only a
                # ";" still belongs to an item.
                owned_start = start if index else draft.start
                owned_end = spans[index + 1][0] if index + 1 < len(spans) else end
                owned = run.spans(owned_start, owned_end)
                items.append(
                    Item(
                        text=clause,
                        title=make_title(clause),
                        due_date=suggest_due_date(clause, year),
                        lines=tuple(sorted({span.line for span in owned})),
                        spans=run.spans(start, stop) if len(spans) > 1 else run.spans(start, stop),
                        candidate=draft.candidate,
                    )
                )
        return Section(
            kind=self.kind,
            org_code=self.org_code,
            heading_name=self.heading_name,
            heading_line=self.heading_line,
            unknown_org=self.unknown_org,
            items=items,
        )


def _by_task_sentence(draft: ItemDraft) -> list[ItemDraft]:
    """``draft`` cut at its sentences when it is a whole marked item of at least two
    sentences, each of at least :data:`SPLIT_MIN_WORDS` words and each after the first
    opening with a capital and a task verb; else ``[draft]``."""
    if draft.paragraph or draft.start or draft.end is not None:
        return [draft]
    text = draft.run.text
    ends = sentence_ends(text)
    if len(ends) < 2:
        return [draft]
    bounds = []
    start = 0
    for end in ends:
        bounds.append(trim(text, start, end))
        start = next_sentence(text, end)
    for n, (a, b) in enumerate(bounds):
        if len(text[a:b].split()) < SPLIT_MIN_WORDS:
            return [draft]
        if n and not (text[a : a + 1].isupper() and TASK_START.match(fold(text[a:b]))):
            return [draft]
    return [
        ItemDraft(draft.run, a, b if n + 1 < len(bounds) else None, draft.candidate)
        for n, (a, b) in enumerate(bounds)
    ]
