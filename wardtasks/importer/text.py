"""Text helpers shared by the parser and by diacritic-insensitive search."""

from __future__ import annotations

import unicodedata

# Characters that Word and web editors leave in pasted text but that carry no meaning.
INVISIBLE_CHARS = "\ufeff\u200b\u200c\u200d\u2060\u00ad"
_INVISIBLE = dict.fromkeys(map(ord, INVISIBLE_CHARS))
# "đ" is a letter of its own, not "d" plus a mark, so NFD leaves it alone.
# "Ð"/"ð" (eth) appear in text typed with old Vietnamese encodings.
_D_LETTERS = str.maketrans({"đ": "d", "ð": "d"})


def normalize(text: str) -> str:
    """Fold ``text`` for comparison: lowercase, no diacritics (đ → d), single spaces.

    >>> normalize("  Hội  Cựu chiến binh\\u00a0PHƯỜNG ")
    'hoi cuu chien binh phuong'
    """
    lowered = text.translate(_INVISIBLE).lower()
    decomposed = unicodedata.normalize("NFD", lowered)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.translate(_D_LETTERS).split())


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
