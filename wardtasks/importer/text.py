"""Text helpers shared by the parser and by diacritic-insensitive search."""

from __future__ import annotations

import unicodedata

# Characters that Word and web editors leave in pasted text but that carry no meaning.
INVISIBLE_CHARS = "\ufeff\u200b\u200c\u200d\u2060\u00ad"
_INVISIBLE = dict.fromkeys(map(ord, INVISIBLE_CHARS))


def _fold_table() -> dict[int, str | None]:
    """One translation from every lowercase letter with marks to its bare letter.

    The same as decomposing (NFD) and dropping the combining marks, done once: "ộ" → "o",
    "đ" → "d" ("đ" is a letter of its own, which NFD leaves alone; "ð", eth, comes from
    old Vietnamese encodings), and combining marks of decomposed text dropped.
    """
    table: dict[int, str | None] = {}
    for code in range(0xC0, 0x2000):
        char = chr(code)
        if unicodedata.combining(char):
            table[code] = None
            continue
        bare = "".join(
            c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c)
        )
        if bare != char:
            table[code] = bare
    for start, end in ((0x1AB0, 0x1B00), (0x20D0, 0x2100), (0xFE20, 0xFE30)):
        table.update(dict.fromkeys(range(start, end)))
    table[ord("đ")] = "d"
    table[ord("ð")] = "d"
    table.update(_INVISIBLE)
    return table


_FOLD = _fold_table()


def normalize(text: str) -> str:
    """Fold ``text`` for comparison: lowercase, no diacritics (đ → d), single spaces.

    >>> normalize("  Hội  Cựu chiến binh\u00a0PHƯỜNG ")
    'hoi cuu chien binh phuong'
    """
    return " ".join(text.lower().translate(_FOLD).split())


_FOLD_CHARS = {code: (" " if bare is None else bare) for code, bare in _FOLD.items()}


def fold_chars(text: str) -> str:
    """Fold ``text`` like :func:`normalize`, but character by character: the result has the
    length of ``text``, so a match in it is a match at the same place in ``text``.

    >>> fold_chars("Tăng  cường")
    'tang  cuong'
    """
    folded = text.lower().translate(_FOLD_CHARS)
    if len(folded) == len(text):
        return folded
    # Some characters lowercase to two ("İ" → "i̇"): each keeps its place, folded if it
    # folds to one character, else as it is.
    return "".join(c if len(c) == 1 else text[i] for i, c in enumerate(map(_fold_one, text)))


def _fold_one(char: str) -> str:
    return char.lower().translate(_FOLD_CHARS)


def clean(line: str) -> str:
    """Drop invisible characters and surrounding whitespace (non-breaking spaces too)."""
    return line.translate(_INVISIBLE).strip()


def collapse(text: str) -> str:
    """Collapse every run of whitespace (non-breaking spaces too) into one space."""
    return " ".join(text.split())


def is_caps(text: str) -> bool:
    """Whether ``text`` is written in capitals: at least two words, no lowercase letter."""
    words = [w for w in text.split() if any(ch.isalpha() for ch in w)]
    return len(words) >= 2 and not any(ch.islower() for ch in text)
