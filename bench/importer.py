"""How well the importer reads real published texts: ``python bench/importer.py [DIR]``.

Reads ``DIR/manifest.toml`` (default ``tests/data/real``), parses every text it names
with the organisations a ward would have (the manifest's ``[orgs]`` besides the default
four) and prints, per text and in total:

- ``found``: the tasks found whole under the right organisation, ticked or offered as
  candidates (recall);
- ``ticked``: of those, the ones that come ticked;
- ``extra``: ticked items that are no task of the manifest (precision);
- ``exact``: whether the ticked items per organisation are exactly the manifest's counts
  (for a text with no task: no ticked item, also with a key-task heading typed above);
- ``lines``: whether every source line ends in exactly one place;
- ``error``: the exception, if the parser raised.

A task is found "whole" by an item that contains the task's first and last words (no case,
diacritics or punctuation), no other task's first words, and at most
:data:`SLACK_WORDS` words besides (an introducer such as "Năm 2021, toàn cụm").
Totals are given per group of the manifest (the texts used while tuning, each held-out set,
the final check) and for all; then the parse time of the published sample, once and a
hundred times over.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import tomllib
import traceback
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from wardtasks.importer import OrgAlias, ParseResult, normalize, parse_plan_text  # noqa: E402

DEFAULT_DIR = ROOT / "tests" / "data" / "real"
SAMPLE = ROOT / "wardtasks" / "demo" / "quynh-thien-2023.txt"
SLACK_WORDS = 12
SHARED = "shared"
# What a secretariat user might type above a pasted text: it must not make tasks of a report.
TYPED_HEADING = "NHIỆM VỤ TRỌNG TÂM NĂM 2023\n"


def words(text: str) -> list[str]:
    """The words of ``text``, folded (no case, diacritics or punctuation)."""
    return re.findall(r"\w+", normalize(text))


@dataclass(frozen=True)
class Task:
    org: str
    start: tuple[str, ...]
    end: tuple[str, ...]


GROUPS = (
    "tuning",
    "held-out-1",
    "held-out-2",
    "final",
    "final-2",
    "final-3",
    "final-4",
    "final-5",
    "final-6",
    "final-7",
    "final-8",
    "final-9",
    "final-10",
    "final-11",
    "final-12",
    "final-13",
    "final-14",
    "final-15",
    "final-16",
    "final-17",
)


@dataclass
class Text:
    file: str
    kind: str
    held_out: bool
    group: str
    year: int | None
    tasks: list[Task]
    announced: int | None = None


@dataclass
class Found:
    """What the parser made of one text."""

    org: str
    words: list[str]
    ticked: bool


@dataclass
class Score:
    """One text's figures (see the module docstring)."""

    file: str
    held_out: bool
    negative: bool
    group: str = "tuning"
    tasks: int = 0
    found: int = 0
    ticked_found: int = 0
    ticked: int = 0
    extra: int = 0
    exact: bool = False
    lines: bool = False
    typed_heading_ticked: int = 0
    error: str | None = None
    missed: list[str] = field(default_factory=list)


def load_manifest(directory: Path) -> tuple[list[Text], tuple[OrgAlias, ...]]:
    """The texts of ``directory/manifest.toml`` and the ward's extra organisations."""
    data = tomllib.loads((directory / "manifest.toml").read_text(encoding="utf-8"))
    orgs = tuple(OrgAlias(code, tuple(names)) for code, names in data.get("orgs", {}).items())
    texts = [
        Text(
            file=entry["file"],
            kind=entry["kind"],
            held_out=bool(entry.get("held_out")),
            group=entry.get("group") or ("held-out-1" if entry.get("held_out") else "tuning"),
            year=entry.get("year"),
            announced=entry.get("announced"),
            tasks=[
                Task(org, tuple(words(start)), tuple(words(end)))
                for org, tasks in entry.get("tasks", {}).items()
                for start, end in tasks
            ],
        )
        for entry in data["text"]
    ]
    return texts, orgs


def found_items(result: ParseResult) -> list[Found]:
    """Every item of a parse result with its organisation and whether it comes ticked."""
    items: list[Found] = []
    for section in result.sections:
        org = SHARED if section.kind == "shared" else section.org_code or f"?{section.heading_name}"
        for item in section.items:
            ticked = not getattr(item, "candidate", False)
            items.append(Found(org, words(item.text), ticked))
    return items


def _find(haystack: Sequence[str], needle: Sequence[str], start: int = 0) -> int:
    width = len(needle)
    for index in range(start, len(haystack) - width + 1):
        if tuple(haystack[index : index + width]) == tuple(needle):
            return index
    return -1


def holds_whole(item: Sequence[str], task: Task, others: Sequence[Task]) -> bool:
    """Whether ``item`` holds ``task`` whole (see the module docstring)."""
    first = _find(item, task.start)
    if first < 0:
        return False
    last = -1
    probe = first
    while (probe := _find(item, task.end, probe)) >= 0:
        last = probe
        probe += 1
    if last < 0:
        return False
    span_end = last + len(task.end)
    if len(item) - (span_end - first) > SLACK_WORDS:
        return False
    return not any(
        other is not task and other.start != task.start and _find(item, other.start) >= 0
        for other in others
    )


def lines_accounted(result: ParseResult) -> bool:
    """Whether every line 1..N is in exactly one place: items, headings or skipped."""
    places: Counter[int] = Counter()
    places.update({n for item in result.items for n in item.lines})
    places.update(result.heading_lines)
    places.update(s.line for s in result.skipped)
    return places == Counter(range(1, result.line_count + 1))


def score_text(
    text: Text,
    source: str,
    orgs: Sequence[OrgAlias],
    parse: Callable[..., ParseResult] = parse_plan_text,
) -> Score:
    """Parse one text (with ``parse``) and compare it with its manifest entry."""
    score = Score(
        text.file, text.held_out, text.kind == "negative", text.group, tasks=len(text.tasks)
    )
    try:
        result = parse(source, org_aliases=orgs)
        typed = parse(TYPED_HEADING + source, org_aliases=orgs)
    except Exception:  # the figure is "tracebacks": any exception counts
        score.error = traceback.format_exc(limit=3)
        return score
    items = found_items(result)
    score.lines = lines_accounted(result) and lines_accounted(typed)
    score.ticked = sum(1 for item in items if item.ticked)
    matched_items: set[int] = set()
    for task in text.tasks:
        hit = next(
            (
                n
                for n, item in enumerate(items)
                if n not in matched_items
                and item.org == task.org
                and holds_whole(item.words, task, text.tasks)
            ),
            None,
        )
        if hit is None:
            score.missed.append(f"{task.org}: {' '.join(task.start)} …")
            continue
        matched_items.add(hit)
        score.found += 1
        score.ticked_found += items[hit].ticked
    score.extra = sum(1 for n, item in enumerate(items) if item.ticked and n not in matched_items)
    expected = Counter(task.org for task in text.tasks)
    ticked = Counter(item.org for item in items if item.ticked)
    score.exact = ticked == expected
    if score.negative:
        score.typed_heading_ticked = sum(1 for item in found_items(typed) if item.ticked)
        score.exact = score.exact and score.typed_heading_ticked == 0
    return score


def evaluate(
    directory: Path = DEFAULT_DIR, parse: Callable[..., ParseResult] = parse_plan_text
) -> list[Score]:
    """Score every text of the manifest in ``directory``; ``parse`` is the parser (the tests
    pass one that remembers its results, to read the same parses again)."""
    texts, orgs = load_manifest(directory)
    return [
        score_text(text, (directory / text.file).read_text(encoding="utf-8"), orgs, parse)
        for text in texts
    ]


@dataclass(frozen=True)
class Totals:
    """The figures of a set of texts."""

    texts: int
    tasks: int
    found: int
    ticked_found: int
    ticked: int
    extra: int
    exact: int
    lines: int
    negative_ticked: int
    tracebacks: int

    @property
    def recall(self) -> float:
        return self.found / self.tasks if self.tasks else 1.0

    @property
    def precision(self) -> float:
        return (self.ticked - self.extra) / self.ticked if self.ticked else 1.0

    @property
    def exact_share(self) -> float:
        return self.exact / self.texts if self.texts else 1.0


def totals(scores: Sequence[Score]) -> Totals:
    """Add up ``scores``."""
    return Totals(
        texts=len(scores),
        tasks=sum(s.tasks for s in scores),
        found=sum(s.found for s in scores),
        ticked_found=sum(s.ticked_found for s in scores),
        ticked=sum(s.ticked for s in scores),
        extra=sum(s.extra for s in scores),
        exact=sum(s.exact for s in scores),
        lines=sum(s.lines for s in scores),
        negative_ticked=sum(s.ticked + s.typed_heading_ticked for s in scores if s.negative),
        tracebacks=sum(s.error is not None for s in scores),
    )


def _row(label: str, t: Totals) -> str:
    return (
        f"{label:<22} {t.texts:>5} {t.found:>4}/{t.tasks:<4} {t.recall:>6.1%} "
        f"{t.ticked_found:>6} {t.ticked:>6} {t.extra:>5} {t.precision:>6.1%} "
        f"{t.exact:>3}/{t.texts:<3} {t.exact_share:>6.1%} {t.lines:>3}/{t.texts:<3} "
        f"{t.negative_ticked:>5} {t.tracebacks:>4}"
    )


def report(scores: Sequence[Score], *, verbose: bool = False) -> str:
    """The per-text table and the totals, as printed by the command."""
    out = [
        f"{'text':<46} {'found':>9} {'ticked':>6} {'extra':>5} {'exact':>5} {'lines':>5}",
    ]
    for s in scores:
        marks = {
            "tuning": " ",
            "held-out-1": "H",
            "held-out-2": "2",
            "final": "F",
            "final-2": "G",
            "final-3": "3",
            "final-4": "4",
            "final-5": "5",
            "final-6": "6",
            "final-7": "7",
            "final-8": "8",
            "final-9": "9",
            "final-10": "X",
            "final-11": "E",
            "final-12": "T",
            "final-13": "D",
            "final-14": "C",
            "final-15": "Q",
            "final-16": "S",
            "final-17": "V",
        }
        mark = marks.get(s.group, "?")
        status = "ERROR" if s.error else ""
        out.append(
            f"{mark} {s.file[:44]:<44} {s.found:>4}/{s.tasks:<4} {s.ticked:>6} {s.extra:>5} "
            f"{'yes' if s.exact else 'no':>5} {'yes' if s.lines else 'NO':>5} {status}"
            + (f"  (typed heading: {s.typed_heading_ticked} ticked)" if s.negative else "")
        )
        if verbose:
            out.extend(f"      missed {m}" for m in s.missed)
            if s.error:
                out.append(s.error)
    out.append("")
    out.append(
        f"{'':<22} {'texts':>5} {'found/tasks':>9} {'recall':>6} {'tickd+':>6} {'ticked':>6} "
        f"{'extra':>5} {'prec.':>6} {'exact':>7} {'share':>6} {'lines':>7} {'neg.':>5} "
        f"{'tb':>4}"
    )
    for group in GROUPS:
        members = [s for s in scores if s.group == group]
        if members:
            out.append(_row(group, totals(members)))
    out.append(_row("all texts", totals(scores)))
    return "\n".join(out)


def sample_timings() -> tuple[float, float]:
    """Seconds to parse the published sample once, and a hundred copies of it at once."""
    text = SAMPLE.read_text(encoding="utf-8")
    parse_plan_text(text)  # warm the caches, as a running app has them
    best_one = min(_timed(text) for _ in range(20))
    best_hundred = min(_timed("\n".join([text] * 100)) for _ in range(3))
    return best_one, best_hundred


def _timed(text: str) -> float:
    start = time.perf_counter()
    parse_plan_text(text)
    return time.perf_counter() - start


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("-v", "--verbose", action="store_true", help="list the missed tasks")
    parser.add_argument("--no-timing", action="store_true", help="skip the parse timings")
    parser.add_argument(
        "--group", choices=GROUPS, help="only the texts of this group of the manifest"
    )
    args = parser.parse_args(argv)
    scores = evaluate(args.directory)
    if args.group:
        scores = [s for s in scores if s.group == args.group]
    print(report(scores, verbose=args.verbose))
    if not args.no_timing:
        one, hundred = sample_timings()
        print(f"\nparse time: sample {one * 1000:.1f} ms, 100× sample {hundred * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
