"""The import preview: editing the draft, grouping and accounting for its lines, checking it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from ..inputs import has_forbidden_characters, normalise_text, printable, whole_number
from ..models import Organisation
from ..refusals import Invalid
from .draft import (
    SHARED,
    TITLE_MAX,
    YEARS,
    CountNote,
    Draft,
    DraftItem,
    NewOrg,
    make_title,
    parse_due,
)

NO_MERGE = _l("There is no next task of the same organisation to merge with.")
NO_SPLIT = _l(
    "Nothing to split at: put a line break where the task should be cut, then press Split."
)


class DraftInvalid(Invalid):
    """A draft that cannot become a plan: plan-level problem codes, item index -> code."""

    def __init__(self, problems: list[str], item_errors: dict[int, str]) -> None:
        super().__init__(", ".join(problems) or "invalid items")
        self.problems = problems
        self.item_errors = item_errors


@dataclass
class EditProblems:
    """What :func:`apply_edits` could not take as typed: plan-level problem codes and item
    index -> code, the shape :class:`DraftInvalid` carries."""

    problems: list[str]
    item_errors: dict[int, str]

    def __bool__(self) -> bool:
        return bool(self.problems or self.item_errors)


def apply_edits(draft: Draft, form: dict[str, str], valid_orgs: set[str]) -> EditProblems:
    """Copy the edited fields of the preview form into the draft, read as every form's
    text is (:func:`wardtasks.inputs.normalise_text`). A year that is not one, and text
    holding control characters (removed, so the preview shows it without them), are
    problems to show; the rest is taken."""
    found = EditProblems([], {})

    def typed(raw: str, one_line: bool, index: int | None) -> str:
        text = normalise_text(raw, one_line=one_line)
        if has_forbidden_characters(text):
            if index is None:
                found.problems.append("control_chars")
            else:
                found.item_errors[index] = "control_chars"
            text = printable(text)
        return text

    if "plan_title" in form:
        draft.title = typed(form["plan_title"], True, None)[:TITLE_MAX]
    if "plan_year" in form:
        year = whole_number(form["plan_year"].strip())
        if year is not None and YEARS[0] <= year <= YEARS[1]:
            draft.year = year
        else:
            found.problems.append("bad_year")
    for index, item in enumerate(draft.items):
        if f"text-{index}" in form:
            # Line breaks are kept: a break marks where Split cuts.
            raw = typed(form[f"text-{index}"], False, index)
            item.text = "\n".join(" ".join(p.split()) for p in raw.splitlines() if p.strip())
        if f"title-{index}" in form:
            item.title = " ".join(typed(form[f"title-{index}"], True, index).split())[:TITLE_MAX]
        if f"due-{index}" in form:
            item.due = typed(form[f"due-{index}"], True, index)[:20]
        org = form.get(f"org-{index}")
        if org is not None and org in valid_orgs:
            item.org = org
        # A checkbox is sent only when ticked: "shown-N" says the box was on the page.
        if f"shown-{index}" in form:
            item.ticked = f"tick-{index}" in form
    return found


def drop_item(draft: Draft, index: int) -> None:
    """Leave the item out of the plan (it stays listed as dropped, and can be restored)."""
    draft.items[index].dropped = True


def restore_item(draft: Draft, index: int) -> None:
    """Bring back a dropped item."""
    draft.items[index].dropped = False


def merge_with_next(draft: Draft, index: int) -> None:
    """Append the next item of the same organisation to this one (refused if there is none)."""
    item = draft.items[index]
    for later in range(index + 1, len(draft.items)):
        other = draft.items[later]
        if other.dropped or other.org != item.org:
            continue
        item.text = f"{item.text.rstrip()} {other.text.lstrip()}"
        item.lines = sorted(set(item.lines) | set(other.lines))
        item.spans = item.spans + other.spans
        item.ticked = item.ticked or other.ticked
        item.due = item.due or other.due
        del draft.items[later]
        return
    raise Invalid(NO_MERGE)


def split_item(draft: Draft, index: int) -> None:
    """Split an item at its line breaks, else at semicolons, else at sentence ends."""
    item = draft.items[index]
    parts = [p.strip() for p in item.text.splitlines() if p.strip()]
    if len(parts) < 2:
        parts = [p.strip() for p in re.split(r";\s*", item.text) if p.strip()]
    if len(parts) < 2:
        parts = [p.strip() for p in re.split(r"(?<=\.)\s+(?=[A-ZĐÀ-Ỹ])", item.text) if p.strip()]
    if len(parts) < 2:
        raise Invalid(NO_SPLIT)
    new_items = [
        DraftItem(
            text=part,
            title=item.title if n == 0 and item.title else make_title(part),
            org=item.org,
            due=item.due,
            lines=list(item.lines),
            ticked=item.ticked,
            spans=[list(span) for span in item.spans],
            supporters=list(item.supporters),
        )
        for n, part in enumerate(parts)
    ]
    new_items[0].title = make_title(parts[0])
    draft.items[index : index + 1] = new_items


def remap(draft: Draft, old: str, new: str) -> None:
    """Give every item of ``old`` (an unknown heading) to ``new`` and forget the heading."""
    for item in draft.items:
        if item.org == old:
            item.org = new
    draft.new_orgs = [n for n in draft.new_orgs if n.key != old]


@dataclass
class Group:
    """The items of the preview under one organisation."""

    key: str
    name: str
    items: list[tuple[int, DraftItem]]
    new_org: NewOrg | None = None


def group_items(draft: Draft, orgs: Sequence[Organisation]) -> list[Group]:
    """The live items grouped by organisation: shared first, then the ward's order."""
    names = {f"org:{o.id}": o.name for o in orgs}
    order = {f"org:{o.id}": n for n, o in enumerate(orgs, start=1)}
    groups: dict[str, Group] = {}
    for index, item in draft.live_items:
        if item.org not in groups:
            new = draft.new_org(item.org)
            name = new.heading if new else names.get(item.org, item.org)
            groups[item.org] = Group(item.org, name, [], new)
        groups[item.org].items.append((index, item))

    def rank(g: Group) -> tuple[int, int]:
        if g.key == SHARED:
            return (0, 0)
        if g.key in order:
            return (1, order[g.key])
        return (2, int(g.key.split(":")[1]) if g.key.startswith("new:") else 0)

    return sorted(groups.values(), key=rank)


@dataclass
class LineAccount:
    """How the source's lines were used: every line is in one of these."""

    total: int
    in_tasks: int
    headings: int
    not_imported: int
    blank: int
    dropped: int
    offered: int = 0  # lines only in tasks offered unticked


def account_lines(draft: Draft) -> LineAccount:
    """Count the source lines by what became of them."""
    live = {n for _i, it in draft.live_items for n in it.lines}
    ticked = {n for _i, it in draft.imported_items for n in it.lines}
    dropped = {n for _i, it in draft.dropped_items for n in it.lines} - live
    blank = sum(1 for s in draft.skipped if s.reason == "blank")
    return LineAccount(
        total=draft.line_count,
        in_tasks=len(live),
        headings=len(draft.heading_lines),
        not_imported=len(draft.skipped) - blank,
        blank=blank,
        dropped=len(dropped),
        offered=len(live - ticked),
    )


@dataclass
class Segment:
    """A stretch of a source line: plain text, or the text of item ``item``."""

    text: str
    item: int | None = None
    ticked: bool = True


@dataclass
class SourceLine:
    """One line of the source as the preview shows it beside the items."""

    number: int  # the line (or, for a .docx, the Word paragraph) the user sees
    line: int  # the line of the parsed text
    segments: list[Segment]
    state: str  # "task", "offered", "heading", "dropped" or a skip reason


def source_view(draft: Draft) -> list[SourceLine]:
    """The source text line by line, each item's spans marked, blank lines between Word
    paragraphs left out."""
    lines = draft.source_text.splitlines()
    marks: dict[int, list[tuple[int, int, int, bool]]] = {}
    for index, item in draft.live_items:
        for line, start, end in (span for span in item.spans if len(span) == 3):
            marks.setdefault(line, []).append((start, end, index, item.ticked))
    states = {s.line: s.reason for s in draft.skipped}
    states.update(dict.fromkeys(draft.heading_lines, "heading"))
    for _index, item in draft.dropped_items:
        states.update(dict.fromkeys(item.lines, "dropped"))
    for _index, item in draft.live_items:
        states.update(dict.fromkeys(item.lines, "task" if item.ticked else "offered"))
    view: list[SourceLine] = []
    for number, raw in enumerate(lines, start=1):
        place = draft.place(number)
        if draft.paragraphs and place == 0:
            continue
        view.append(
            SourceLine(place, number, _segments(raw, marks.get(number, [])), states.get(number, ""))
        )
    return view


def _segments(raw: str, marks: list[tuple[int, int, int, bool]]) -> list[Segment]:
    segments: list[Segment] = []
    position = 0
    for start, end, index, ticked in sorted(marks):
        start, end = max(start, position), min(end, len(raw))
        if start >= end:
            continue
        if start > position:
            segments.append(Segment(raw[position:start]))
        segments.append(Segment(raw[start:end], index, ticked))
        position = end
    if position < len(raw) or not segments:
        segments.append(Segment(raw[position:]))
    return segments


def differing_counts(draft: Draft) -> list[CountNote]:
    """The announced counts the items found do not match."""
    return [c for c in draft.counts if c.announced != c.found]


def validate_draft(draft: Draft, valid_orgs: set[str]) -> tuple[list[str], dict[int, str]]:
    """Problems that block confirming: (plan-level codes, item index -> code)."""
    problems: list[str] = []
    item_errors: dict[int, str] = {}
    if not YEARS[0] <= draft.year <= YEARS[1]:
        problems.append("bad_year")
    if not draft.title.strip():
        problems.append("no_title")
    live = draft.imported_items
    if not live:
        problems.append("no_items")
    for index, item in live:
        if item.org.startswith("new:"):
            item_errors[index] = "unknown_org"
        elif item.org not in valid_orgs:
            item_errors[index] = "unknown_org"
        elif not item.text.strip():
            item_errors[index] = "empty_text"
        else:
            try:
                parse_due(item.due)
            except ValueError:
                item_errors[index] = "bad_due"
    if any(code == "unknown_org" for code in item_errors.values()):
        problems.append("unresolved_orgs")
    return problems, item_errors


# --- the text preview (CLI) ----------------------------------------------------------

REASON_TEXT = {
    "blank": "blank line",
    "image_id": "image file name",
    "caption": "caption or repeated title",
    "byline": "author, source or date line",
    "boilerplate": "page furniture (ratings, comments, other news)",
    "conclusion": "closing paragraph after the lists",
    "preamble": "report text before the list",
    "report": "report text or results, not a task",
    "unrecognized": "not recognised",
}


def preview_text(draft: Draft, orgs: Sequence[Organisation]) -> str:
    """The preview as plain text: tasks by organisation, then every line not imported."""
    out: list[str] = [f"Plan {draft.year}: {draft.title}", ""]
    for group in group_items(draft, orgs):
        label = "Shared by all organisations" if group.key == SHARED else group.name
        if group.new_org is not None:
            label += f"  [NOT IN THE WARD YET: create organisation {group.new_org.code!r} first]"
        out.append(f"== {label} ({len(group.items)} tasks)")
        for n, (_index, item) in enumerate(group.items, start=1):
            where = ",".join(str(draft.place(x)) for x in item.lines)
            due = f"  [due {item.due}]" if item.due else ""
            offered = "" if item.ticked else "  [offered, not ticked: not imported]"
            out.append(f"{n:>3}. {item.title}{due}  (line {where}){offered}")
        out.append("")
    shown = [s for s in draft.skipped if s.reason != "blank"]
    out.append(f"== Not imported ({len(shown)} lines)")
    for s in shown:
        text = " ".join(s.text.split())
        text = text if len(text) <= 70 else text[:69] + "…"
        out.append(f"  line {s.line:>3}: {REASON_TEXT.get(s.reason, s.reason)}: {text}")
    acc = account_lines(draft)
    out.append("")
    out.append(
        f"{acc.total} lines: {acc.in_tasks} in tasks, {acc.headings} headings, "
        f"{acc.not_imported} not imported, {acc.blank} blank."
    )
    for message in draft.messages:
        out.append(f"Note: {message}")
    for count in differing_counts(draft):
        out.append(
            f"Note: line {draft.place(count.line)} announces {count.announced} tasks, "
            f"{count.found} found."
        )
    return "\n".join(out) + "\n"
