"""Read the text of a Word (.docx) file for the parser."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from .lines import make_line

if TYPE_CHECKING:
    # python-docx is imported when a file is read, not when the app starts (memory).
    from docx.document import Document
    from docx.table import Table, _Cell
    from docx.text.paragraph import Paragraph


def read_docx_text(data: bytes) -> str:
    """The paragraphs of a .docx, one per line (see :func:`read_docx`)."""
    return read_docx(data)[0]


def read_docx(data: bytes) -> tuple[str, list[int]]:
    """The paragraphs of a .docx, one per line, in document order.

    Word list paragraphs (a "List …" style, or numbering) get a "- " prefix so the
    parser sees them as items; the paragraphs of table cells come in their place.
    A paragraph that is not a list item is preceded by a blank line: a Word
    paragraph is never the wrapped tail of the one before it, and the parser
    joins unmarked lines that directly follow an item.
    Raises ``ValueError("not_docx")`` for bytes that are not a Word document.
    Also returns, for each line, the number of the Word paragraph it is (1-based, in
    document order, table cells included), 0 for the blank lines put between them: the
    preview points to the paragraphs the user sees in Word, not to lines.
    """
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on a corrupt or foreign file
        raise ValueError("not_docx") from exc
    lines: list[str] = []
    paragraphs: list[int] = []
    _collect(document, lines, paragraphs, set())
    return "\n".join(lines), paragraphs


def _collect(
    container: Document | _Cell, lines: list[str], paragraphs: list[int], seen: set[int]
) -> None:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for block in container.iter_inner_content():
        if isinstance(block, Paragraph):
            text = _paragraph_text(block)
            if text.strip() and lines and lines[-1].strip() and make_line(0, text).marker is None:
                lines.append("")
                paragraphs.append(0)
            lines.append(text)
            paragraphs.append(max(paragraphs, default=0) + 1)
        elif isinstance(block, Table):
            _collect_table(block, lines, paragraphs, seen)


def _collect_table(table: Table, lines: list[str], paragraphs: list[int], seen: set[int]) -> None:
    for row in table.rows:
        for cell in row.cells:
            # A merged cell is returned once per grid column it spans.
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            _collect(cell, lines, paragraphs, seen)


def _paragraph_text(paragraph: Paragraph) -> str:
    text = paragraph.text
    if _is_list_paragraph(paragraph) and text.strip():
        if make_line(0, text).marker is None:
            text = f"- {text.lstrip()}"
    return text


def _is_list_paragraph(paragraph: Paragraph) -> bool:
    """Whether Word shows ``paragraph`` as a list item (bullet or number)."""
    properties = paragraph._p.pPr
    if properties is not None and properties.numPr is not None:
        return True
    style = paragraph.style
    while style is not None:
        if (style.name or "").lower().startswith("list"):
            return True
        style_properties = style.element.pPr
        if style_properties is not None and style_properties.numPr is not None:
            return True
        style = style.base_style
    return False
