"""Text assembled from source lines that still knows where each character came from.

An item's text is whitespace-collapsed and may join several lines or be a stretch of one
line; its :class:`~.model.Span` list says which columns of which lines it was read from,
so the preview can highlight it in the original text.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from .model import Span
from .text import INVISIBLE_CHARS


class Run:
    """Collapsed text from pieces of source lines, each stretch knowing its (line, column).

    The text is kept as chunks: a run of visible characters copied from one place of one
    line; the single spaces between chunks come from whitespace (or a line break) in the
    source. Finding where a stretch of text came from walks the chunks it overlaps.
    """

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        # (start in the text, line, column in the line, length)
        self._chunks: list[tuple[int, int, int, int]] = []
        self._starts: list[int] = []
        self._text: str | None = None

    @property
    def text(self) -> str:
        """The text: pieces joined with one space, whitespace collapsed."""
        if self._text is None:
            self._text = "".join(self._parts)
        return self._text

    def __len__(self) -> int:
        return self._length

    def add(self, line: int, raw: str, start: int = 0, end: int | None = None) -> None:
        """Append ``raw[start:end]`` of source line ``line`` (1-based), collapsed."""
        end = len(raw) if end is None else end
        pending_space = self._length > 0
        for word in _WORD.finditer(raw, start, end):
            chunk = word.group("chunk")
            if chunk is None:
                if word.group("space") is not None:
                    pending_space = self._length > 0
                continue
            if pending_space or (word.group()[0] == " " and self._length):
                self._append(" ")
                pending_space = False
            self._chunks.append((self._length, line, word.start("chunk"), len(chunk)))
            self._starts.append(self._length)
            self._append(chunk)

    def _append(self, piece: str) -> None:
        self._parts.append(piece)
        self._length += len(piece)
        self._text = None

    def spans(self, start: int = 0, end: int | None = None) -> tuple[Span, ...]:
        """Where ``text[start:end]`` came from: one span per source line, in order."""
        end = self._length if end is None else end
        spans: list[Span] = []
        index = max(0, bisect_right(self._starts, start) - 1)
        while index < len(self._chunks):
            at, line, column, length = self._chunks[index]
            index += 1
            if at >= end:
                break
            lo, hi = max(start, at), min(end, at + length)
            if lo >= hi:
                continue
            first, last = column + lo - at, column + hi - at
            if spans and spans[-1].line == line and spans[-1].end <= first:
                spans[-1] = Span(line, spans[-1].start, last)
            else:
                spans.append(Span(line, first, last))
        return tuple(spans)


# Words parted by single spaces (copied as they are), or other whitespace (one space in
# the text), or invisible characters (dropped, without a space).
_WORD = re.compile(
    rf"(?: (?=\S)|^)?(?P<chunk>[^\s{INVISIBLE_CHARS}]+(?: [^\s{INVISIBLE_CHARS}]+)*)"
    rf"|(?P<space>\s+)|[{INVISIBLE_CHARS}]+"
)


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
