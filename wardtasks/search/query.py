"""Searching the full-text index (:mod:`.index`): whole words, by relevance, what
matched highlighted. A query of several words finds where they stand side by side, in
their order (the phrase); only when nothing the user may see holds the phrase does it
find where all of them stand anywhere ("tu luc tu cuong" finds "tự lực tự cường", not a
text with "trật tự", "thế lực", "tư tưởng" and "tăng cường" far apart).

A query is read as words: letters and digits, case and diacritics ignored (đ as d);
anything else (quotes, ``*``, ``-``, parentheses, ``NEAR``, ``AND`` …) separates words
and means nothing of itself, so no input is an error of the database's query syntax.
Each word goes to the database as a quoted FTS5 string (SQLite) or through
``plainto_tsquery`` / ``phraseto_tsquery`` (PostgreSQL).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape
from sqlalchemy import (
    ColumnElement,
    Select,
    column,
    func,
    literal_column,
    select,
    table,
    text,
)

from .. import policy
from ..extensions import db
from ..models import Assignment, Branch, Organisation, Plan, StatusUpdate, Task
from .index import CONFIG_SQL, DOC_COLUMN

MAX_CHARS = 200
MAX_WORDS = 10
# Results shown per kind.
LIMIT = 30
# What the databases put around a matched word; private-use characters no text has.
START, STOP = "\ue000", "\ue001"
_HIDDEN = "\ue002\ue003\ue004"
_SHOWN = str.maketrans(_HIDDEN, "<>&")
_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """``text`` in lower case without diacritics, đ as d (what the index compares)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    # lower(), not casefold(): as SQLite's tokenizer folds case ("ß" stays "ß").
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


@dataclass(frozen=True)
class Terms:
    """The words of a query, folded; ``cut`` when the query was longer than is read."""

    words: tuple[str, ...]
    cut: bool = False
    # The words as typed (lower case), when they carry diacritics: results with these
    # very words come first ("hỗ trợ" before "hộ trở").
    typed: tuple[str, ...] = ()

    @classmethod
    def read(cls, query: str) -> Terms:
        words = _WORD.findall(fold(query[:MAX_CHARS]))
        cut = len(query) > MAX_CHARS or len(words) > MAX_WORDS
        typed = tuple(_words_as_written(query[:MAX_CHARS])[:MAX_WORDS])
        if len(typed) != len(words[:MAX_WORDS]) or typed == tuple(words[:MAX_WORDS]):
            typed = ()
        return cls(tuple(words[:MAX_WORDS]), cut, typed)

    def __bool__(self) -> bool:
        return bool(self.words)

    @property
    def text(self) -> str:
        return " ".join(self.words)

    def fts5(self, phrase: bool) -> str:
        """An FTS5 query: every word (``"a" "b"``) or the phrase (``"a b"``); the words
        hold letters and digits only, so quoting them is all they need."""
        if phrase:
            return f'"{self.text}"'
        return " ".join(f'"{w}"' for w in self.words)


def _words_as_written(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFC", text).casefold())


def _holds(text: str, words: Sequence[str], phrase: bool) -> bool:
    """Whether ``text`` has ``words`` as written: side by side, or anywhere."""
    found = _words_as_written(text)
    if not phrase:
        return set(words) <= set(found)
    n = len(words)
    return any(tuple(found[i : i + n]) == tuple(words) for i in range(len(found) - n + 1))


def _sqlite() -> bool:
    return db.session.get_bind().dialect.name == "sqlite"


def _tsquery(terms: Terms, phrase: bool) -> ColumnElement[Any]:
    maker = func.phraseto_tsquery if phrase else func.plainto_tsquery
    return maker(literal_column(CONFIG_SQL), terms.text)


def _fts_ids(fts: str, terms: Terms, phrase: bool = False) -> Select[Any]:
    """SQLite: the rowids (source ids) of ``fts`` matching ``terms``."""
    key = f"{fts}_{'phrase' if phrase else 'words'}"
    return (
        select(column("rowid"))
        .select_from(table(fts))
        .where(text(f"{fts} MATCH :{key}").bindparams(**{key: terms.fts5(phrase)}))
    )


# The list filter: assignments whose task, branch or a note of theirs has the words.


def task_matches(terms: Terms, phrase: bool) -> ColumnElement[bool]:
    """WHERE clause on Task: the phrase, or every word."""
    if _sqlite():
        return Task.id.in_(_fts_ids("task_fts", terms, phrase))
    return literal_column(f"task.{DOC_COLUMN}").op("@@")(_tsquery(terms, phrase))


def branch_matches(terms: Terms, phrase: bool) -> ColumnElement[bool]:
    """WHERE clause on Branch: the phrase, or every word."""
    if _sqlite():
        return Branch.id.in_(_fts_ids("branch_fts", terms, phrase))
    return literal_column(f"branch.{DOC_COLUMN}").op("@@")(_tsquery(terms, phrase))


def note_matches(terms: Terms, phrase: bool) -> ColumnElement[bool]:
    """WHERE clause on StatusUpdate: the phrase, or every word."""
    if _sqlite():
        return StatusUpdate.id.in_(_fts_ids("note_fts", terms, phrase))
    return (StatusUpdate.note != "") & literal_column(f"status_update.{DOC_COLUMN}").op("@@")(
        _tsquery(terms, phrase)
    )


# Highlighting.


def marked_html(marked: str) -> Markup:
    """Text with :data:`START` / :data:`STOP` around matches as HTML: everything escaped,
    matches in ``<mark>``; a stray marker is dropped."""
    out: list[str] = []
    inside = False
    # Words marked one by one side by side read as one mark ("hỗ trợ", not "hỗ" "trợ").
    marked = re.sub(f"{STOP}(\\s+){START}", r"\1", marked)
    for piece in re.split(f"([{START}{STOP}])", marked):
        if piece == START:
            if not inside:
                out.append("<mark>")
                inside = True
        elif piece == STOP:
            if inside:
                out.append("</mark>")
                inside = False
        else:
            out.append(str(escape(piece)))
    if inside:
        out.append("</mark>")
    return Markup("".join(out))  # noqa: S704  (every piece of text escaped above)


def _unfold(marked: str, original: str) -> str:
    """The original text with the markers SQLite put into its folded copy (đ → d is one
    character for one, so the copy's positions are the original's)."""
    plain = marked.replace(START, "").replace(STOP, "")
    if len(plain) != len(original):
        return marked
    chars = iter(original)
    return "".join(c if c in (START, STOP) else next(chars) for c in marked)


def excerpt(marked: str, before: int = 60, width: int = 220) -> str:
    """Around the first match of a long text: about ``width`` characters from a word
    boundary ``before`` characters ahead of it, with "…" where text was left out."""
    if len(marked) <= width:
        return marked
    first = max(marked.find(START), 0)
    start = 0 if first <= before else marked.rfind(" ", 0, first - before) + 1
    end = marked.find(" ", start + width)
    end = len(marked) if end == -1 else end
    piece = marked[start:end]
    if piece.count(START) > piece.count(STOP):
        piece += STOP
    return ("… " if start > 0 else "") + piece.strip() + (" …" if end < len(marked) else "")


def _headline(source: ColumnElement[Any], query: ColumnElement[Any], whole: bool) -> Any:
    """PostgreSQL's ``ts_headline`` of ``source``: the whole text, or its best fragments."""
    words = "HighlightAll=true" if whole else "MaxWords=30, MinWords=12, MaxFragments=2"
    options = f'StartSel={START}, StopSel={STOP}, ShortWord=0, FragmentDelimiter=" … ", {words}'
    # Its parser would read "<b>" or "&amp;" in the text as markup and leave it out of a
    # fragment: they go in as private-use characters and come back in :func:`_ends`.
    hidden = func.translate(source, "<>&", _HIDDEN)
    return func.ts_headline(literal_column(CONFIG_SQL), hidden, query, options)


def _ends(headline: str, original: str) -> str:
    """A PostgreSQL fragment with "…" where it leaves out the text's start or end."""
    headline = headline.translate(_SHOWN)
    plain = headline.replace(START, "").replace(STOP, "").strip()
    if not plain:
        return headline
    lead = "" if original.strip().startswith(plain[:20]) else "… "
    tail = "" if original.strip().endswith(plain[-20:]) else " …"
    return lead + headline.strip() + tail


# The search page.


@dataclass(frozen=True)
class Hit:
    """One result: what it is, its id, its words highlighted, and where it belongs."""

    kind: str  # "task", "note" or "branch"
    id: int
    title: Markup
    excerpt: Markup
    phrase: bool
    details: dict[str, Any]
    # The searched text, as stored.
    plain: str = ""


@dataclass(frozen=True)
class Results:
    terms: Terms
    tasks: list[Hit]
    notes: list[Hit]
    branches: list[Hit]
    # Whether these hold the words side by side (when anything does), or just every word.
    phrase: bool

    @property
    def total(self) -> int:
        return len(self.tasks) + len(self.notes) + len(self.branches)


@dataclass(frozen=True)
class _Kind:
    """How one kind of result is searched: its source table's id, its FTS5 table, its
    PostgreSQL document, and the columns to highlight (``title``, ``body``)."""

    id: Any
    fts: str
    doc: str  # PostgreSQL: the table whose column holds the document
    title: Any
    body: Any
    rows: Callable[[], Select[Any]]


def _tasks() -> Select[Any]:
    return (
        select(Task.id, Plan.year, Task.organisation_id, Organisation.short_name)
        .join(Plan, Plan.id == Task.plan_id)
        .outerjoin(Organisation, Organisation.id == Task.organisation_id)
        .where(Plan.state != "draft", policy.visible_tasks())
    )


def _notes() -> Select[Any]:
    return (
        select(
            StatusUpdate.id,
            StatusUpdate.assignment_id,
            StatusUpdate.created_at,
            Task.title.label("task_title"),
            Branch.name.label("branch_name"),
            Organisation.short_name,
        )
        .join(Assignment, Assignment.id == StatusUpdate.assignment_id)
        .join(Task, Task.id == Assignment.task_id)
        .join(Organisation, Organisation.id == Assignment.organisation_id)
        .outerjoin(Branch, Branch.id == Assignment.branch_id)
        # As the partial index on notes has it, so that it serves the query.
        .where(StatusUpdate.note != "", Assignment.active.is_(True), policy.visible_assignments())
    )


def _branches() -> Select[Any]:
    return (
        select(Branch.id, Organisation.short_name)
        .join(Organisation, Organisation.id == Branch.organisation_id)
        .where(Branch.active.is_(True), policy.visible_branches())
    )


_KINDS = {
    "task": _Kind(Task.id, "task_fts", "task", Task.title, Task.text, _tasks),
    "note": _Kind(StatusUpdate.id, "note_fts", "status_update", None, StatusUpdate.note, _notes),
    "branch": _Kind(Branch.id, "branch_fts", "branch", Branch.name, None, _branches),
}


def _search_kind(name: str, terms: Terms, phrase: bool) -> list[Hit]:
    """The matches of one kind the user may see, best first: holding the phrase, or
    every word."""
    kind = _KINDS[name]
    sqlite = _sqlite()
    stmt = kind.rows()
    columns = [c for c in (kind.title, kind.body) if c is not None]
    if sqlite:
        stmt = stmt.join(table(kind.fts), literal_column(f"{kind.fts}.rowid") == kind.id)
        key = f"{kind.fts}_{'phrase' if phrase else 'words'}"
        stmt = stmt.where(text(f"{kind.fts} MATCH :{key}").bindparams(**{key: terms.fts5(phrase)}))
        marks = [
            func.highlight(literal_column(kind.fts), i, START, STOP) for i in range(len(columns))
        ]
        # bm25 ranks the best match lowest; a title's words weigh more than a text's.
        weights: list[ColumnElement[Any]] = [
            literal_column(w) for w in ("4.0", "1.0")[: len(columns)]
        ]
        order: Any = func.bm25(literal_column(kind.fts), *weights)
    else:
        doc: ColumnElement[Any] = literal_column(f"{kind.doc}.{DOC_COLUMN}")
        query = _tsquery(terms, phrase)
        stmt = stmt.where(doc.op("@@")(query))
        # Every word marked, also where the phrase is not whole (a title cut short).
        words = _tsquery(terms, False)
        marks = [_headline(c, words, whole=c is not kind.body) for c in columns]
        order = func.ts_rank_cd(doc, query).desc()
    stmt = stmt.add_columns(*columns, *marks).order_by(order, kind.id.desc()).limit(LIMIT)
    hits = [_hit(name, row, columns, sqlite, phrase) for row in db.session.execute(stmt)]
    if terms.typed:
        # Stable: by relevance still among those with the words as typed, and the rest.
        hits.sort(key=lambda h: not _holds(h.plain, terms.typed, phrase))
    return hits


def _hit(name: str, row: Any, columns: Sequence[Any], sqlite: bool, phrase: bool) -> Hit:
    values = tuple(row)
    n = len(columns)
    originals, marked = values[-2 * n : -n], values[-n:]
    details = dict(zip(row._fields[: -2 * n], values[: -2 * n], strict=True))
    shown: list[Markup] = []
    for column_, original, mark in zip(columns, originals, marked, strict=True):
        original = original or ""
        mark = mark or original
        if sqlite:
            mark = _unfold(mark, original)
            if column_ is not _KINDS[name].title:
                mark = excerpt(mark)
        elif column_ is not _KINDS[name].title:
            mark = _ends(mark, original)
        else:
            mark = mark.translate(_SHOWN)
        shown.append(marked_html(mark))
    kind = _KINDS[name]
    title = shown[0] if kind.title is not None else Markup("")
    body = shown[-1] if kind.body is not None else Markup("")
    plain = " \n ".join(o or "" for o in originals)
    return Hit(name, values[0], title, body, phrase, details, plain)


def search(terms: Terms) -> Results:
    """What the current user may see that holds every word of ``terms``."""
    if not terms:
        return Results(terms, [], [], [], phrase=False)
    for phrase in (True, False) if len(terms.words) > 1 else (False,):
        tasks, notes, branches = (_search_kind(k, terms, phrase) for k in _KINDS)
        if tasks or notes or branches:
            break
    return Results(terms, tasks, notes, branches, phrase=phrase)
