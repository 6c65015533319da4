"""Text assembled from source lines that still knows where each character came from.

An item's text is whitespace-collapsed and may join several lines or be a stretch of one
line; its :class:`~.model.Span` list says which columns of which lines it was read from,
so the preview can highlight it in the original text.
"""

from __future__ import annotations

from .model import Span
from .text import INVISIBLE_CHARS

_JOIN = (0, -1)


class Run:
    """Collapsed text from pieces of source lines, with each character's (line, column)."""

    def __init__(self) -> None:
        self._chars: list[str] = []
        self._where: list[tuple[int, int]] = []

    @property
    def text(self) -> str:
        """The text: pieces joined with one space, whitespace collapsed."""
        return "".join(self._chars)

    def __len__(self) -> int:
        return len(self._chars)

    def add(self, line: int, raw: str, start: int = 0, end: int | None = None) -> None:
        """Append ``raw[start:end]`` of source line ``line`` (1-based), collapsed."""
        end = len(raw) if end is None else end
        pending_space = bool(self._chars)
        for column in range(start, end):
            char = raw[column]
            if char in INVISIBLE_CHARS:
                continue
            if char.isspace():
                pending_space = bool(self._chars)
                continue
            if pending_space:
                self._chars.append(" ")
                self._where.append(_JOIN)
                pending_space = False
            self._chars.append(char)
            self._where.append((line, column))

    def spans(self, start: int = 0, end: int | None = None) -> tuple[Span, ...]:
        """Where ``text[start:end]`` came from: one span per source line, in order."""
        end = len(self._chars) if end is None else end
        spans: list[Span] = []
        for line, column in self._where[start:end]:
            if line == 0:
                continue
            if spans and spans[-1].line == line and spans[-1].end <= column:
                spans[-1] = Span(line, spans[-1].start, column + 1)
            else:
                spans.append(Span(line, column, column + 1))
        return tuple(spans)


def content_start(raw: str, content: str) -> int:
    """The column of ``raw`` where ``content`` (cleaned text of the line) begins."""
    if not content:
        return len(raw)
    found = raw.find(content[: min(len(content), 12)])
    if found >= 0:
        return found
    # Invisible characters inside the content: find its first visible character instead.
    first = content[0]
    found = raw.find(first)
    return found if found >= 0 else 0


def line_run(line: int, raw: str, start: int = 0, end: int | None = None) -> Run:
    """A run of one piece of one line."""
    run = Run()
    run.add(line, raw, start, end)
    return run
