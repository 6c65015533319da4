"""Do underthesea or pyvi read the corpus better? ``python bench/importer_nlp.py [SITE]``.

The importer finds sentences with its own rules and task verbs with a word list
(:mod:`wardtasks.importer.vocab`). This measures the corpus figures (bench/importer.py)
with those two parts replaced, one at a time, by a Vietnamese NLP library, offline:

- sentences split by ``underthesea.sent_tokenize``;
- a clause "starts with a task verb" when the first word underthesea's ``pos_tag``
  (its bundled CRF model) tags ``V``, or when pyvi's ``ViPosTagger`` does.

The libraries are not dependencies of wardtasks: install them in a separate environment
(``python -m venv /tmp/nlp && /tmp/nlp/bin/pip install underthesea pyvi``) and pass its
site-packages folder. Results are in bench/results/2026-12-07-importer-nlp.md.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from functools import cache
from importlib import import_module
from pathlib import Path
from pkgutil import iter_modules

sys.path.insert(0, str(Path(__file__).resolve().parent))
import importer as bench  # noqa: E402

import wardtasks.importer  # noqa: E402
from wardtasks.importer.text import normalize  # noqa: E402


@contextmanager
def patched(name: str, value: object) -> Iterator[None]:
    """``name`` replaced by ``value`` in every importer module that holds it (the readers
    import their names, so a module moved or split keeps being patched)."""
    with ExitStack() as stack:
        for info in iter_modules(wardtasks.importer.__path__):
            module = import_module(f"wardtasks.importer.{info.name}")
            if hasattr(module, name):
                old = getattr(module, name)
                setattr(module, name, value)
                stack.callback(setattr, module, name, old)
        yield


def underthesea_sentences() -> Callable[[str], list[int]]:
    from underthesea import sent_tokenize

    def sentence_ends(text: str) -> list[int]:
        ends: list[int] = []
        position = 0
        for sentence in sent_tokenize(text):
            found = text.find(sentence, position)
            if found < 0:
                continue
            position = found + len(sentence)
            ends.append(position)
        if not ends or ends[-1] != len(text):
            ends.append(len(text))
        return ends

    return sentence_ends


def verb_tagger(tag_first: Callable[[str], str | None]) -> object:
    """A stand-in for vocab.TASK_START: matches folded text whose first word is a verb.

    The importer passes folded text (no diacritics), often a slice of a folded paragraph;
    the tagger is given the same stretch of the original words, found through the texts
    the importer folded (folding keeps every character in place).
    """

    class Pattern:
        def match(self, folded: str, *args: object) -> object | None:
            original = _original_of(folded.strip())
            if original is None:
                return None
            return True if tag_first(original) == "V" else None

        def search(self, folded: str, *args: object) -> object | None:
            return self.match(folded)

    return Pattern()


_FOLDED: dict[str, str] = {}
_real_normalize = normalize


def remembering_normalize(text: str) -> str:
    folded = _real_normalize(text)
    if len(folded) == len(text):
        _FOLDED[folded] = text
    return folded


@cache
def _original_of(folded: str) -> str | None:
    if not folded:
        return None
    for whole, original in reversed(list(_FOLDED.items())):
        found = whole.find(folded)
        if found >= 0:
            return original[found : found + len(folded)]
    return None


def underthesea_first_tag() -> Callable[[str], str | None]:
    from underthesea import pos_tag

    @cache
    def first(text: str) -> str | None:
        tags = pos_tag(" ".join(text.split()[:8]))
        return tags[0][1] if tags else None

    return first


def pyvi_first_tag() -> Callable[[str], str | None]:
    from pyvi import ViPosTagger, ViTokenizer

    @cache
    def first(text: str) -> str | None:
        words, tags = ViPosTagger.postagging(ViTokenizer.tokenize(" ".join(text.split()[:8])))
        return str(tags[0]) if len(tags) else None

    return first


def run(label: str) -> str:
    start = time.perf_counter()
    scores = bench.evaluate()
    seconds = time.perf_counter() - start
    tuning = bench.totals([s for s in scores if not s.held_out])
    held = bench.totals([s for s in scores if s.held_out])
    return (
        f"| {label} | {tuning.found}/{tuning.tasks} | {tuning.exact}/{tuning.texts} | "
        f"{tuning.extra} | {held.found}/{held.tasks} | {held.exact}/{held.texts} | "
        f"{bench.totals(scores).negative_ticked} | {seconds:.2f} s |"
    )


def main() -> int:
    if len(sys.argv) > 1:
        sys.path.append(sys.argv[1])
    rows = [
        "| reader | tuning found | tuning exact | tuning extra | held-out found | "
        "held-out exact | negatives ticked | corpus time |",
        "|---|---|---|---|---|---|---|---|",
        run("word lists and rules (as shipped)"),
    ]
    with patched("sentence_ends", underthesea_sentences()):
        rows.append(run("underthesea sent_tokenize for sentences"))
    for label, tagger in (
        ("underthesea pos_tag for task verbs", underthesea_first_tag),
        ("pyvi ViPosTagger for task verbs", pyvi_first_tag),
    ):
        pattern = verb_tagger(tagger())
        with patched("normalize", remembering_normalize), patched("TASK_START", pattern):
            rows.append(run(label))
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
