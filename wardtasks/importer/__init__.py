"""The plan-text importer: key-task lists in, sections of items out. Pure Python.

>>> result = parse_plan_text("NHIỆM VỤ TRỌNG TÂM NĂM 2023\\n* Hội CCB:\\n- Thăm hỏi hội viên.")
>>> [(s.org_code, [i.text for i in s.items]) for s in result.sections]
[('CCB', ['Thăm hỏi hội viên.'])]
"""

from __future__ import annotations

from .docx_text import read_docx, read_docx_text
from .model import Announcement, Item, ParseResult, Section, SkippedLine, SkipReason, Span
from .orgs import DEFAULT_ORG_ALIASES, OrgAlias
from .parser import parse_plan_text
from .render import render_as_text
from .text import normalize

__all__ = [
    "DEFAULT_ORG_ALIASES",
    "Announcement",
    "Span",
    "Item",
    "OrgAlias",
    "ParseResult",
    "Section",
    "SkipReason",
    "SkippedLine",
    "normalize",
    "parse_plan_text",
    "read_docx",
    "read_docx_text",
    "render_as_text",
]
