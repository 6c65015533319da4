"""Write a parse result back out as a clean key-task list."""

from __future__ import annotations

from .clauses import split_clauses
from .lines import is_wrapped_dash, junk_reason, make_line, org_heading, task_heading
from .model import ParseResult, Section
from .orgs import DEFAULT_ORG_ALIASES, OrgMatcher, matcher_for
from .vocab import reads_as_task


def render_as_text(result: ParseResult) -> str:
    """Render ``result`` as a plain key-task list that parses back to the same items.

    The key-task heading with the year, then per section: the shared items as a
    paragraph (clauses joined with "; " when they were split), or
    "* <organisation heading>" and one "- item" line per item. Where a line would
    read back as something else (a heading, the tail of the item above), the item
    gets a "+" bullet or is wrapped onto two lines.
    """
    if not result.sections:
        return ""
    writer = _Writer(matcher_for(result.org_aliases or DEFAULT_ORG_ALIASES))
    heading = "NHIỆM VỤ TRỌNG TÂM" + (f" NĂM {result.year}" if result.year else "")
    for section in result.sections:
        if section.kind == "shared":
            if writer.lines:
                writer.blank()
            writer.heading(heading)
            writer.shared(section, joined=result.split_shared)
        else:
            if not writer.lines:
                writer.heading(heading)
            writer.blank()
            writer.heading(f"* {section.heading_name}")
            for item in section.items:
                writer.item(item.text)
    return "\n".join(writer.lines) + "\n"


def _clauses(text: str) -> list[str]:
    return [text[start:end] for start, end in split_clauses(text)]


class _Writer:
    """Output lines, each checked to read back as intended after the previous one."""

    def __init__(self, matcher: OrgMatcher) -> None:
        self.matcher = matcher
        self.lines: list[str] = []
        self._in_item = False

    @property
    def _prev(self) -> str:
        return self.lines[-1] if self.lines else ""

    def blank(self) -> None:
        self.lines.append("")
        self._in_item = False

    def heading(self, text: str) -> None:
        self.lines.append(text)
        self._in_item = False

    def shared(self, section: Section, *, joined: bool) -> None:
        """The shared items: a paragraph, then bullets (clauses rejoined if split)."""
        texts = [item.text for item in section.items]
        if not joined:
            for index, text in enumerate(texts):
                if not (index == 0 and self.paragraph(text)):
                    self.item(text)
            return
        # Clauses go back together where the parser will split them the same way; a
        # clause that cannot stand on a line of its own ("MTTQ") joins the one before.
        groups: list[list[str]] = []
        for text in texts:
            if groups and (
                _clauses("; ".join([*groups[-1], text])) == [*groups[-1], text]
                or not self._reads_as_text(f"- {text}", marked=True, after_item=False, prev="")
            ):
                groups[-1].append(text)
            else:
                groups.append([text])
        for index, group in enumerate(groups):
            text = "; ".join(group)
            if not (index == 0 and self.paragraph(text)):
                self.item(text)

    def paragraph(self, text: str) -> bool:
        """Write ``text`` as a paragraph if it reads back as one; tell whether it did."""
        if not (
            reads_as_task(text)
            and self._reads_as_text(text, marked=False, after_item=False, prev=self._prev)
        ):
            return False
        self.lines.append(text)
        self._in_item = True
        return True

    def item(self, text: str) -> None:
        """Write ``text`` as a bulleted item, on two lines if one would not read back."""
        prev, after_item = self._prev, self._in_item
        candidates = [[f"- {text}"], [f"+ {text}"]]
        words = text.split(" ")
        for cut in range(1, len(words)):
            candidates.append(["+ " + " ".join(words[:cut]), " ".join(words[cut:])])
        for lines in candidates:
            if self._reads_as_text(lines[0], marked=True, after_item=after_item, prev=prev) and all(
                self._reads_as_text(tail, marked=False, after_item=True, prev=lines[0])
                for tail in lines[1:]
            ):
                break
        else:
            lines = candidates[0]
        self.lines.extend(lines)
        self._in_item = True

    def _reads_as_text(self, text: str, *, marked: bool, after_item: bool, prev: str) -> bool:
        """Whether the parser would take ``text`` for item text in this place."""
        line = make_line(0, text)
        if (line.marker is not None) != marked or not line.content or junk_reason(line):
            return False
        if marked and is_wrapped_dash(line, after_item=after_item, prev_text=prev):
            return False
        return (
            task_heading(line, after_item=after_item, prev_text=prev) is None
            and org_heading(line, self.matcher, after_item=after_item, prev_text=prev) is None
        )
