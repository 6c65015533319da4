"""The plan-text importer: key-task lists in, sections of items out. Pure Python.

>>> result = parse_plan_text("NHIỆM VỤ TRỌNG TÂM NĂM 2023\\n* Hội CCB:\\n- Thăm hỏi hội viên.")
>>> [(s.org_code, [i.text for i in s.items]) for s in result.sections]
[('CCB', ['Thăm hỏi hội viên.'])]
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .docx_text import read_docx, read_docx_text
    from .model import Announcement, Item, ParseResult, Section, SkippedLine, SkipReason, Span
    from .orgs import DEFAULT_ORG_ALIASES, OrgAlias
    from .parser import parse_plan_text
    from .render import render_as_text
    from .text import normalize

# The parser and its vocabulary (about 1 MB of a process's memory) load when a plan is
# first imported, not with the app: a worker that serves pages never loads them. Each name
# is read from its module on first use (PEP 562), so ``from wardtasks.importer import
# parse_plan_text`` works as before and loads what it names.
_HOME = {
    "read_docx": "docx_text",
    "read_docx_text": "docx_text",
    "Announcement": "model",
    "Item": "model",
    "ParseResult": "model",
    "Section": "model",
    "SkippedLine": "model",
    "SkipReason": "model",
    "Span": "model",
    "DEFAULT_ORG_ALIASES": "orgs",
    "OrgAlias": "orgs",
    "parse_plan_text": "parser",
    "render_as_text": "render",
    "normalize": "text",
}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{_HOME[name]}", __name__), name)
    globals()[name] = value
    return value


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
