"""The importer on published texts: the corpus figures, and each way real texts put tasks."""

from __future__ import annotations

import functools
import importlib.util
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

from wardtasks.importer import OrgAlias, ParseResult, parse_plan_text
from wardtasks.importer.text import collapse

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "wardtasks" / "demo" / "quynh-thien-2023.txt"


def load_bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_importer", ROOT / "bench" / "importer.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return load_bench()


@pytest.fixture(scope="module")
def parse() -> Callable[..., ParseResult]:
    """parse_plan_text remembering its results: the corpus figures and the spans test read
    the same parses of the corpus's texts, each parsed once (the spans test's own parse of
    every text cost 10.8 s of the SQLite leg under load, beside the figures' 37 s)."""
    return functools.cache(parse_plan_text)


@pytest.fixture(scope="module")
def scores(bench: ModuleType, parse: Callable[..., ParseResult]) -> list:
    return bench.evaluate(parse=parse)


def items(result: ParseResult) -> list[tuple[str | None, bool, str]]:
    """(organisation or "shared", ticked, text) of every item."""
    return [
        (s.org_code if s.kind == "org" else "shared", not i.candidate, i.text)
        for s in result.sections
        for i in s.items
    ]


# --- the corpus ------------------------------------------------------------------------

# The figures reached on tests/data/real (bench/importer.py), per group of the manifest;
# they may only go up (found, exact) or down (extra, ticked items on negatives).
FLOORS = {
    "tuning": {"found": 76, "exact": 22, "extra": 0, "negative_ticked": 0},
    # Offered clauses cut at commas before new tasks' verbs since: 29 found.
    # wt-importer7: all organisations as a clause's subject carry over its sentence's ";"
    # clauses, and what people are moved to do stays with the task, since: 30 found.
    "held-out-1": {"found": 30, "exact": 11, "extra": 0, "negative_ticked": 0},
    # wt-importer9: a term heading written with an en dash a heading since: 27 exact, 0 extra.
    "held-out-2": {"found": 75, "exact": 27, "extra": 0, "negative_ticked": 0},
    # Evaluated once, clean (12 ticked items on 2 negatives then); since looked at.
    "final": {"found": 21, "exact": 12, "extra": 0, "negative_ticked": 0},
    # Evaluated once, clean (18 found, 9 exact, 22 ticked items on 5 negatives); its
    # failure classes (a charter's description, a congress agenda in the future tense,
    # lists after "Theo đó," or "về:", targets joined by commas, a lone dash holding tasks
    # as sentences) fixed since.
    "final-2": {"found": 43, "exact": 22, "extra": 0, "negative_ticked": 0},
    # Evaluated once, clean (21 found, 6 exact, 7 ticked items on 2 negatives); its failure
    # classes (the term ahead, ", trong đó" inside a sentence, an announced list going on
    # over paragraphs, a nearby "nhiệm vụ" in a report) fixed since.
    "final-3": {"found": 50, "exact": 19, "extra": 0, "negative_ticked": 0},
    # Evaluated once, clean (15 found, 8 exact, 1 ticked item on 1 negative); the guest's
    # directive over sentences, a list after "…, qua đó:", "Thứ nhất, …" paragraphs fixed since.
    "final-4": {"found": 28, "exact": 14, "extra": 0, "negative_ticked": 0},
    # Evaluated once, clean (27 found, 8 exact, 1 ticked item on 1 negative, 2 counting the
    # typed heading); its failure classes (a post's "Tổ chức: headline" title, targets cut
    # at their own commas, "Hội sẽ …, tiếp tục …" cut at every comma, a past "nhiệm vụ trọng
    # tâm như:", a programme between the Front and the others, "Cùng với đó, …") fixed since.
    # wt-importer9: the organisation alone listing tasks by ";" after its direction goes on
    # with it since: 14 exact.
    "final-5": {"found": 46, "exact": 14, "extra": 0, "negative_ticked": 0},
    # Evaluated once, clean (13 found, 7 exact, 10 ticked items on 1 negative counting the
    # typed heading); its failure classes fixed the round after, each tested in other words.
    # A text naming its organisation once, in lower case, since (the one organisation named).
    "final-6": {"found": 28, "exact": 15, "extra": 0, "negative_ticked": 0},
    # Evaluated once, clean (16 found, 8 exact, 0 ticked on its 7 negatives); its failure
    # classes fixed the round after, each tested in other words.
    # "Đến cuối nhiệm kỳ, 100% …" after a list since.
    # Sentences no reader took offer their tasks unticked since (offers.py): 32 found.
    # wt-importer9: a series cut at its commas ends with its task after " và " since: 34
    # found, 14 exact, 0 extra.
    "final-7": {"found": 34, "exact": 14, "extra": 0, "negative_ticked": 0},
    # Evaluated once, clean (6 found, 6 exact, 0 ticked on its 5 negatives); building on
    # results ("Phát huy kết quả đạt được, … đề ra …"), a guidance clause after results
    # (", nhấn mạnh … cụ thể: …", "… và đề nghị, …"), targets, "đồng thời" and "thường
    # xuyên" at commas, "; đồng thời <task>" in a request fixed since.
    # An aim after "đề ra mục tiêu" no target since.
    # Offered sentences since: 21 found.
    # wt-importer7: "…, tạo sự chuyển biến …" a result, not a task, since: 22 found.
    "final-8": {"found": 22, "exact": 10, "extra": 0, "negative_ticked": 0},
    # Evaluated once, clean (17 found, 7 exact, 0 ticked on its 4 negatives). Its failure
    # classes fixed the night after, each tested in other words: organisations by their
    # initials (CĐ, HCTĐ, Hội NCT …) and the one organisation a congress text names;
    # targets joined by "và"; "Cụ thể như …", "Qua đó, …"; lists cut by full stops going on
    # at their subject ("Toàn huyện …", "Hội CTĐ phường và …"); "; và <object>"; an aim
    # opening a sentence ("Để thực hiện mục tiêu này, …"). One text's tasks were filed
    # under "PN", a code no ward has, corrected to LHPN (31 found, 6 extra without that).
    # Offered sentences since: 36 found.
    "final-9": {"found": 36, "exact": 10, "extra": 2, "negative_ticked": 0},
    # Evaluated once, clean (28 found of 44, 8 exact of 16, 0 ticked on its 5 negatives);
    # only measured (bench/results/2026-12-07-importer-final-10-analysis.md). After final-9's
    # classes were fixed (not looking at it): 27 found, 8 extra, the one organisation a text
    # names having taken a list of shared tasks one of its items gives to that organisation.
    # Its failure classes fixed the round after, each tested in other words: an organisation
    # the subject of one item owns that item, not the list; figures after "chỉ tiêu đạt cao
    # như:" are results; "Một là: / Hai là:" paragraphs after a sentence announcing a list;
    # items after ", đó là" separated by full stops; a quotation (or bracket) never closed
    # hides no separator; "Hội cũng …; …. Đồng thời …" goes on with the plan; "Trọng tâm là
    # …; …" after work ahead. Left: one task cut at its own commas (mttq-trung-uong-2013).
    "final-10": {"found": 43, "exact": 15, "extra": 0, "negative_ticked": 0},
    # Evaluated once, clean (28 found of 51, 7 exact of 17, 2 ticked items on 1 of its 4
    # negatives, 4 counting the typed heading); only measured
    # (bench/results/2026-12-07-importer-final-11-analysis.md). After two rounds of fixes
    # made without it (final-9's and final-10's classes): the same 28 found, 7 exact.
    # Then fixed on its own classes (49 found, 14 exact, 0 extra, 0 on negatives): a plan
    # written as sentences with the organisation as subject ("Năm 2026, Hội … tiếp tục ….
    # Hội tập trung …" and the next paragraph "Hội chú trọng …"), "Theo đó, …" after a plan
    # adopted on a year's results, tasks an organisation "xác định", clauses after "tập
    # trung vào việc", groups announced ("4 nhóm hoạt động … gồm") named by nouns, ",
    # trong đó nhấn mạnh A, B, C", "Theo kế hoạch, …" and the lead before "như", and the
    # year a text sums up ("tổng kết công tác năm 2025") read as results, not a plan;
    # "Trong đó, …" after "đề ra nhiều chỉ tiêu, nhiệm vụ …" (no count) ticked.
    "final-11": {"found": 49, "exact": 14, "extra": 0, "negative_ticked": 0},
    # Evaluated once, clean (16 found of 34, 6 exact of 13, 0 ticked on its 5 negatives, with
    # or without the typed heading); only measured
    # (bench/results/2026-12-07-importer-final-12-analysis.md). After final-11's classes
    # were fixed (made without it): the same 16 found, 6 exact.
    # Still held out (only its totals read) while the fallback of offers.py was built on the
    # other groups' first contact: 22 found (the 6 more as candidates), 6 exact.
    # "đa dạng hóa" a task verb and "đề ra" a split verb since: 25 found, 7 exact, 1 extra.
    # Offered clauses cut at commas before new tasks' verbs since: 26 found.
    # wt-importer7: a colon in the first clause ends the lead, and what people are moved
    # to do stays with the task ("vận động hội viên …, tích cực ứng dụng …"), since: 28 found.
    "final-12": {"found": 28, "exact": 7, "extra": 1, "negative_ticked": 0},
    # Evaluated once, clean (12 found of 38, 4 exact of 15, 6 ticked items on 1 of its 4
    # negatives, 12 counting the typed heading); only measured
    # (bench/results/2026-12-08-importer-final-13-analysis.md). With the offers.py fallback
    # (built without it): 13 found, the same 4 exact.
    # A list the paragraph goes on to report as done, and a quoted theme's "trọng tâm là",
    # not ticked since: 0 on its negative (5 exact, 2 extra).
    # ", nhất là <verb>" / ", đặc biệt là <verb>" a task of its own since: 15 found, 6 exact.
    # Offered clauses cut at commas before new tasks' verbs since: 17 found; an organisation
    # subject before "còn"/"cũng" and its verb owns its clause since: 18 found; a rate and
    # its bound ("Tỷ lệ … dưới 0,5%") a target since: 19 found.
    # " và chỉ đạo/triển khai/hướng dẫn" opening a task of its own since: 21 found.
    # wt-importer5 (bench/results/2026-12-08-importer5.md): verbs of common work ("tạo",
    # "nghiên cứu", "lồng ghép" …) open tasks, 23 found; a task verb after a short series of
    # objects no preposition governs opens a task, 25 found, 7 exact, 0 extra; a quoted
    # speech of several sentences read as running text, 27 found.
    # wt-importer7: " và tham gia" and " và phát động" open a task since: 30 found, 8 exact.
    "final-13": {"found": 30, "exact": 8, "extra": 0, "negative_ticked": 0},
    # Evaluated once, clean, on the parser with offers.py (16 found of 54, 4 exact of 17, 9
    # extra, 1 ticked on a negative under the typed heading); only measured
    # (bench/results/2026-12-08-importer-final-14-clean.txt).
    # A pursuant lead after "Tiếp tục hưởng ứng" read as such since: 0 on its negative, 5 exact.
    # "đa dạng hóa" not read as the past marker "đã" since: 17 found.
    # An organisation after "phối hợp (với)" / "cùng với" a partner, not the actor, since: 22
    # found, 6 exact, 4 extra.
    # A "Nơi nhận:" list and an organisation after "về" name addressees, not the owner,
    # since: 25 found, 7 exact, 1 extra.
    # "mỗi … có ít nhất N …" a target since: 26 found.
    # " và chỉ đạo/triển khai/hướng dẫn" opening a task of its own since: 28 found, 8 exact.
    # wt-importer5: verbs of common work ("tạo", "hướng … vào", "dạy nghề", "giới thiệu" …)
    # open tasks, counted targets at " và <verb>" and ", trong đó <verb>" cut: 35 found.
    # "các Hội / từng Hội" shared in a text naming several organisations, "Sau …," an opener,
    # "phân công" a task verb since: 38 found.
    # wt-importer7: a request offers whom it asks and how soon ("đề nghị, các Hội nhanh
    # chóng …") since: 39 found.
    # wt-importer9: a plan's time, place or funds named between ";" no task since: 9 exact,
    # 0 extra.
    "final-14": {"found": 39, "exact": 9, "extra": 0, "negative_ticked": 0},
    # Evaluated once, clean (12 found of 32, 4 exact of 13, 2 extra, nothing ticked on its 4
    # negatives with or without the typed heading); only measured
    # (bench/results/2026-12-08-importer-final-15-analysis.md).
    # "Theo kế hoạch," an opener of an offered task, not a pursuant lead, since: 13 found.
    # Offered sentences cut before " và khắc phục" since: 15 found.
    # Items after "xác định 2 khâu đột phá gồm" offered, cut before " và tập trung", since:
    # 17 found.
    # wt-importer5: "báo cáo cho/về/kịp thời …" a task verb since: 18 found.
    "final-15": {"found": 18, "exact": 4, "extra": 2, "negative_ticked": 0},
    # Evaluated once, clean (12 found of 37, 7 exact of 18, 14 extra, 10 ticked on 3 of its 6
    # negatives counting the typed heading: 4 on one without it); only measured
    # (bench/results/2026-12-08-importer-final-16-clean.txt).
    # A contest ("Hội thi …") not the association acting, a speaker's reported topics
    # ("… đã trao đổi những nội dung trọng tâm như: …") and a news title glued to its report
    # not ticked since: 0 on its negatives with or without the typed heading, 10 exact, 10
    # extra. A decimal comma no separator, works by example after "như" offered each, "1- "
    # a marker, partners and givers no owner, a directed body owning its item only, events
    # after "sẽ diễn ra" offered each since: 25 found, 11 exact, 9 extra.
    # wt-importer7 held it out (rules made from the other groups): unchanged at 25 found
    # (26 while what people are moved to do took any verb after the comma, which broke the
    # tested convention that "…, đổi mới …" after "vận động hội viên …" is the next task).
    # wt-importer9: a short quality after ";" one more object of "phát huy" since: 26 found,
    # 12 exact, 7 extra.
    "final-16": {"found": 26, "exact": 12, "extra": 7, "negative_ticked": 0},
    # Evaluated once, clean, on main bb626ec (27 found of 46, 8 exact of 20, 8 extra, nothing
    # ticked on its 6 negatives with or without the typed heading); only measured
    # (bench/results/2026-12-08-importer-final-17-analysis.md).
    # wt-importer8, its own round (tests/test_importer_round8.py): a continuation without
    # semicolons cut at its verbs, ", tăng cường …" between long clauses, a share after ",
    # trong đó," kept, a quoted name alone after ";" an object, striving in a reporting
    # paragraph no marker, a yearly rate a target, "công tác <verb> … phải", "kết hợp <verb>"
    # since: 37 found, 11 exact, 0 extra; what a direction reported in the past asks
    # ("đã phát động …, đồng thời chỉ đạo Hội cơ sở đẩy mạnh …; …") offered since: 39 found.
    "final-17": {"found": 39, "exact": 11, "extra": 0, "negative_ticked": 0},
}


def test_corpus_figures_stay_at_or_above_the_ones_reached(bench: ModuleType, scores: list) -> None:
    everything = bench.totals(scores)
    assert everything.tracebacks == 0
    assert everything.lines == everything.texts, "every line of every text ends in one place"
    for group, floor in FLOORS.items():
        reached = bench.totals([s for s in scores if s.group == group])
        assert reached.found >= floor["found"], group
        assert reached.exact >= floor["exact"], group
        assert reached.extra <= floor["extra"], group
        assert reached.negative_ticked <= floor["negative_ticked"], group


def test_corpus_keeps_the_kinds_of_text_the_issue_asks_for(bench: ModuleType) -> None:
    texts, _orgs = bench.load_manifest(bench.DEFAULT_DIR)
    kinds = [t.kind for t in texts]
    owners = [{task.org for task in t.tasks} for t in texts]
    assert len(texts) >= 30
    assert kinds.count("yearly") >= 10
    assert kinds.count("monthly") + kinds.count("quarterly") >= 5
    assert sum(1 for o in owners if len(o) == 1 and "shared" not in o) >= 5
    assert kinds.count("negative") >= 5
    assert sum(t.held_out for t in texts) * 3 >= len(texts) - 2


def test_every_item_of_every_text_is_its_spans_in_the_source(
    bench: ModuleType, parse: Callable[..., ParseResult]
) -> None:
    """What the preview highlights is exactly what the item says, for every corpus text."""
    texts, orgs = bench.load_manifest(bench.DEFAULT_DIR)
    for text in texts:
        source = (bench.DEFAULT_DIR / text.file).read_text(encoding="utf-8")
        lines = source.splitlines()
        result = parse(source, org_aliases=orgs)
        for item in result.items:
            assert item.spans, item
            pieces = [lines[s.line - 1][s.start : s.end] for s in item.spans]
            assert collapse(" ".join(pieces)) == item.text, (text.file, item.text)
            assert {s.line for s in item.spans} <= set(item.lines)


def test_parse_work_grows_linearly_with_the_text() -> None:
    """A text ten times as long costs ten times the work (function calls), not more."""
    sample = SAMPLE.read_text(encoding="utf-8")
    parse_plan_text(sample)  # fill the caches

    def calls(text: str) -> int:
        count = 0

        def profile(_frame: object, event: str, _arg: object) -> None:
            nonlocal count
            if event in ("call", "c_call"):
                count += 1

        sys.setprofile(profile)
        try:
            parse_plan_text(text)
        finally:
            sys.setprofile(None)
        return count

    once = calls(sample)
    ten_times = calls("\n".join([sample] * 10))
    assert ten_times <= 11 * once


# --- how real texts put their tasks ------------------------------------------------------


@pytest.mark.parametrize(
    "enumeration",
    [
        "1- Tăng cường tuyên truyền. 2- Vận động hội viên tham gia. 3- Tổ chức hội thi.",
        "1. Tăng cường tuyên truyền; 2. Vận động hội viên tham gia; 3. Tổ chức hội thi.",
        "(1) Tăng cường tuyên truyền; (2) Vận động hội viên tham gia; (3) Tổ chức hội thi.",
        "a) Tăng cường tuyên truyền; b) Vận động hội viên tham gia; c) Tổ chức hội thi.",
        "- Tăng cường tuyên truyền. - Vận động hội viên tham gia. - Tổ chức hội thi.",
        "Tăng cường tuyên truyền; vận động hội viên tham gia; tổ chức hội thi.",
    ],
)
@pytest.mark.parametrize("lead", ["là:", "gồm:", "bao gồm:", "như sau:", "03 nhiệm vụ trọng tâm:"])
def test_inline_enumerations_after_a_lead_in(enumeration: str, lead: str) -> None:
    text = f"Năm 2024, Hội Cựu chiến binh phường đề ra các nhiệm vụ {lead} {enumeration}"
    result = parse_plan_text(text)
    found = items(result)
    assert [(org, ticked) for org, ticked, _ in found] == [("CCB", True)] * 3
    assert [t.rstrip(".;").lower() for _, _, t in found] == [
        "tăng cường tuyên truyền",
        "vận động hội viên tham gia",
        "tổ chức hội thi",
    ]


def test_dashes_and_quoted_separators_inside_items_do_not_cut_them() -> None:
    text = (
        "Đoàn Thanh niên phường thực hiện các phần việc: - Tổ chức tuyên truyền giai đoạn "
        "2021 - 2025. - Phát động phong trào “Xanh - sạch - đẹp; văn minh, an toàn” tại "
        "các khu dân cư. - Ra quân dọn vệ sinh."
    )
    assert [t for _, _, t in items(parse_plan_text(text))] == [
        "Tổ chức tuyên truyền giai đoạn 2021 - 2025.",
        "Phát động phong trào “Xanh - sạch - đẹp; văn minh, an toàn” tại các khu dân cư.",
        "Ra quân dọn vệ sinh.",
    ]


def test_an_announced_count_that_differs_is_reported() -> None:
    text = "Hội Nông dân xã đề ra 05 nội dung trọng tâm: Vận động hội viên; tổ chức tập huấn."
    result = parse_plan_text(text)
    assert "count_mismatch" in result.messages
    (announcement,) = result.announcements
    assert (announcement.announced, announcement.found) == (5, 2)
    assert "count_mismatch" not in parse_plan_text(text.replace("05", "02")).messages


def test_one_organisations_plan_gives_every_task_to_it() -> None:
    text = (
        "Kế hoạch công tác tháng 10 của Hội Liên hiệp phụ nữ phường\n"
        "- Tổ chức kỷ niệm ngày Phụ nữ Việt Nam trước ngày 20/10.\n"
        "- Vận động hội viên tham gia tiết kiệm.\n"
    )
    result = parse_plan_text(text, year=2023)
    assert [(org, ticked) for org, ticked, _ in items(result)] == [("LHPN", True)] * 2
    assert result.items[0].due_date == date(2023, 10, 20)


def test_heading_and_first_task_on_one_line() -> None:
    text = (
        "NHIỆM VỤ TRỌNG TÂM NĂM 2024\n"
        "* Hội CCB phường: Tiếp tục quán triệt các nghị quyết của Đảng.\n"
        "- Thăm hỏi hội viên ốm đau.\n"
        "* Hội LHPN: Vận động hội viên xây dựng gia đình 5 không, 3 sạch.\n"
    )
    result = parse_plan_text(text)
    assert [(org, t) for org, _, t in items(result)] == [
        ("CCB", "Tiếp tục quán triệt các nghị quyết của Đảng."),
        ("CCB", "Thăm hỏi hội viên ốm đau."),
        ("LHPN", "Vận động hội viên xây dựng gia đình 5 không, 3 sạch."),
    ]
    assert result.items[0].spans[0].start == len("* Hội CCB phường: ")


def test_a_line_of_links_to_other_posts_is_no_heading_with_a_task() -> None:
    """Titles of related posts glued on one line ("Công đoàn phường X: …, Công đoàn phường
    Y: …") name organisations before colons but are no organisation's tasks."""
    text = (
        "Chiều 23/10, Công đoàn phường Phú Lương tổ chức Đại hội lần thứ I.\n"
        "Công đoàn phường Tây Tựu: Xây dựng tổ chức vững mạnh, đổi mới vì người lao động "
        "Công đoàn phường Phú Thượng: Sáng tạo, đổi mới, xây dựng tổ chức vững mạnh\n"
        "Dự Đại hội có đại diện Liên đoàn Lao động thành phố.\n"
    )
    unions = [OrgAlias("CD", ("Công đoàn",))]
    found = items(parse_plan_text(text, org_aliases=unions))
    assert [t for _, ticked, t in found if ticked] == []
    one = "* Công đoàn phường: Tổ chức tập huấn cho cán bộ công đoàn cơ sở.\n"
    assert [
        (org, ticked) for org, ticked, _ in items(parse_plan_text(one, org_aliases=unions))
    ] == [("CD", True)]


def test_items_without_markers_after_a_lead_in() -> None:
    text = (
        "Trong năm 2024, Hội Nông dân xã tập trung vào các nhiệm vụ trọng tâm, đó là:\n\n"
        "Đổi mới phương thức tuyên truyền, vận động nông dân.\n\n"
        "Tích cực tham gia phát triển kinh tế tập thể.\n\n"
        "Ảnh: Hội nghị\n"
    )
    farmers = [OrgAlias("ND", ("Hội Nông dân",))]
    result = parse_plan_text(text, org_aliases=farmers)
    assert [(org, ticked) for org, ticked, _ in items(result)] == [("ND", True)] * 2


@pytest.mark.parametrize(
    "caption",
    [
        "Đoàn Thanh niên phường Hải Tân tổ chức đại hội điểm thành công",
        "Ban Chấp hành Đoàn TNCS Hồ Chí Minh phường Mỹ An khóa XIII ra mắt.",
        "ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM\nQUẬN 5 - THÀNH PHỐ HỒ CHÍ MINH",
    ],
)
def test_organisation_names_in_captions_and_mastheads_are_no_headings(caption: str) -> None:
    text = f"{caption}\nChiều 15/1, đại hội đã bầu Ban Chấp hành khóa mới.\n- Tặng 400 suất quà.\n"
    result = parse_plan_text(text)
    assert [i for i in result.items if not i.candidate] == []


@pytest.mark.parametrize(
    "report",
    [
        "Hội nghị đánh giá những kết quả đạt được:\n- Phát huy bản chất truyền thống.\n"
        "- Tham gia học tập nâng cao kiến thức.",
        "Trong năm vừa qua, Hội đã hoàn thành tốt 3 nhiệm vụ trọng tâm đó là: Phong trào "
        "thi đua; công tác vận động; xây dựng tổ chức Hội.",
        "Chiều 28/12, UBMTTQ phường tổ chức hội nghị tổng kết.\nNăm nay, Mặt trận đã hỗ trợ "
        "26 triệu đồng; phối hợp tổ chức Tết vì người nghèo.",
    ],
)
@pytest.mark.parametrize("typed_heading", ["", "NHIỆM VỤ TRỌNG TÂM NĂM 2023\n"])
def test_results_and_reports_give_no_ticked_task(report: str, typed_heading: str) -> None:
    result = parse_plan_text(typed_heading + report)
    assert [i.text for i in result.items if not i.candidate] == []


def test_clauses_of_a_plain_report_are_offered_unticked() -> None:
    text = (
        "Cụm thi đua 1 tiếp tục đổi mới phương thức hoạt động; thực hiện tốt công tác vận "
        "động hiến máu; tham gia phòng ngừa thảm họa; phối hợp chặt chẽ với Ủy ban MTTQ."
    )
    result = parse_plan_text(text)
    assert [ticked for _, ticked, _ in items(result)] == [False] * 4
    assert result.messages[0] == "candidates_only"


@pytest.mark.parametrize(
    "line",
    [
        "z4098687894916 446f11e68819b134bdc85760ece0b58a z4098687901671 e0c94145d12ab6fcaa99d6",
        "Ngày đăng 01/10/2019 | 10:16  | Lượt xem: 131",
        "Đang truy cập : 156",
        "3.493.553",
        "/portal/Home/Gop-y/default.aspx",
        "GÓP Ý KIẾN",
        "Email của bạn sẽ không được hiển thị công khai.",
        "Thứ sáu - 10/12/2021 03:528110",
    ],
)
def test_page_furniture_anywhere_is_not_imported(line: str) -> None:
    text = f"NHIỆM VỤ TRỌNG TÂM NĂM 2023\n* Hội CCB\n- Thăm hỏi hội viên.\n{line}\n- Tặng quà."
    result = parse_plan_text(text)
    assert [t for _, _, t in items(result)] == ["Thăm hỏi hội viên.", "Tặng quà."]
    assert [s.reason for s in result.skipped if s.line == 4][0] in {
        "image_id",
        "byline",
        "boilerplate",
    }


@pytest.mark.parametrize(
    ("words", "due"),
    [
        ("Sơ kết công tác trong quý 1 năm 2023", date(2023, 3, 31)),
        ("Hoàn thành trong quý II/2023", date(2023, 6, 30)),
        ("Sơ kết 6 tháng đầu năm", date(2023, 6, 30)),
        ("Tổng kết 6 tháng cuối năm", date(2023, 12, 31)),
        ("Báo cáo cuối tháng 3", date(2023, 3, 31)),
        ("Nộp danh sách trước ngày 20/10", date(2023, 10, 20)),
        ("Hoàn thành trong quý 1 năm 2024", None),
        ("Sáng ngày 15/01/2023, hội nghị tổng kết", None),
    ],
)
def test_due_dates_in_words(words: str, due: date | None) -> None:
    result = parse_plan_text(f"Nhiệm vụ trọng tâm\n* Hội CCB\n- {words}", year=2023)
    assert result.items[0].due_date == due


def test_a_sentence_that_adds_to_a_list_is_one_more_item() -> None:
    text = (
        "Bí thư Đoàn phường đã quán triệt Kế hoạch tháng 7, tập trung vào các hoạt động trọng "
        "tâm như: tổ chức tuyên truyền về Ngày Thương binh Liệt sĩ, phát động phong trào “Đền "
        "ơn đáp nghĩa”, tổ chức thăm hỏi, tặng quà các gia đình chính sách.\n"
        "Bên cạnh đó, Đoàn phường cũng triển khai các hoạt động tình nguyện vì cộng đồng.\n"
    )
    found = items(parse_plan_text(text))
    assert [(org, ticked) for org, ticked, _ in found] == [("DTN", True)] * 4
    assert found[-1][2] == "triển khai các hoạt động tình nguyện vì cộng đồng"


def test_targets_among_tasks_ahead_are_items_too() -> None:
    text = (
        "Nhiệm kỳ tới, Đoàn Thanh niên phường phấn đấu thu hút 80% thanh niên vào tổ chức "
        "Đoàn; hơn 95% chi đoàn xếp loại vững mạnh; 100% chi đoàn có công trình thanh niên."
    )
    assert [t for _, _, t in items(parse_plan_text(text))] == [
        "phấn đấu thu hút 80% thanh niên vào tổ chức Đoàn",
        "hơn 95% chi đoàn xếp loại vững mạnh",
        "100% chi đoàn có công trình thanh niên.",
    ]


def test_an_inline_item_may_start_with_a_figure_after_a_sentence_end() -> None:
    text = (
        "Hội Cựu chiến binh phường thực hiện các phần việc: - Tổ chức tuyên truyền giai đoạn "
        "2021 - 2025. - 100% chi hội tổ chức sinh hoạt chuyên đề. - Thăm hỏi hội viên."
    )
    assert [t for _, _, t in items(parse_plan_text(text))] == [
        "Tổ chức tuyên truyền giai đoạn 2021 - 2025.",
        "100% chi hội tổ chức sinh hoạt chuyên đề.",
        "Thăm hỏi hội viên.",
    ]


# --- rules stated in grammar and layout terms (sentences written for the tests) -----------


def test_only_the_word_written_can_is_the_modal_of_work_ahead() -> None:
    """ "cán bộ" (officials) folds like "cần" (need to): it must not start a task."""
    text = (
        "Trong năm, Hội Chữ thập đỏ phường vận động cán bộ, hội viên hiến máu tình nguyện; "
        "tổ chức tập huấn sơ cấp cứu; thăm hỏi hộ nghèo dịp Tết."
    )
    assert [t for _, _, t in items(parse_plan_text(text))][0].startswith("vận động cán bộ")


def test_a_list_noun_followed_by_modifiers_before_a_colon_leads_in() -> None:
    text = (
        "Hội Cựu chiến binh phường đề ra các chỉ tiêu chính trong nhiệm kỳ tới: 100% chi hội "
        "có quỹ hội; kết nạp 50 hội viên mới; không có chi hội yếu kém."
    )
    assert [(org, ticked) for org, ticked, _ in items(parse_plan_text(text))] == [("CCB", True)] * 3


@pytest.mark.parametrize("connective", ["Trong đó,", "Theo đó,", "Cụ thể:"])
def test_a_connective_opens_the_list_the_sentence_before_announced(connective: str) -> None:
    text = (
        "Năm 2025, Đoàn Thanh niên phường xác định 3 nhiệm vụ trọng tâm. "
        f"{connective} tổ chức Tháng Thanh niên sôi nổi; vận động đoàn viên hiến máu; kết nạp "
        "40 đoàn viên mới."
    )
    result = parse_plan_text(text)
    assert [(org, ticked) for org, ticked, _ in items(result)] == [("DTN", True)] * 3
    assert [(a.announced, a.found) for a in result.announcements] == [(3, 3)]


def test_sentences_after_a_list_that_open_with_a_task_continue_it() -> None:
    text = (
        "Hội Phụ nữ phường tập trung vào các nội dung: tuyên truyền Luật Bình đẳng giới; thăm "
        "hỏi hội viên khó khăn. Tổ chức ngày hội phụ nữ khỏe đẹp vào tháng 10. Năm nay là năm "
        "bầu cử, vì vậy các chi hội cần vận động hội viên đi bầu đầy đủ. Hội đã trao 20 suất "
        "quà cho hội viên nghèo."
    )
    found = [t for _, _, t in items(parse_plan_text(text))]
    assert len(found) == 4
    assert found[2] == "Tổ chức ngày hội phụ nữ khỏe đẹp vào tháng 10."
    assert found[3] == "cần vận động hội viên đi bầu đầy đủ."


def test_a_part_naming_the_object_of_the_part_before_stays_in_that_task() -> None:
    text = (
        "Chi đoàn thực hiện các nhiệm vụ sau: học tập các nghị quyết của Đoàn cấp trên; nghị "
        "quyết của Chi bộ; tổ chức dọn vệ sinh khu phố; mỗi đoàn viên trồng một cây xanh; mỗi "
        "đoàn viên giúp một em nhỏ."
    )
    found = [t for _, _, t in items(parse_plan_text(text))]
    assert found[0] == "học tập các nghị quyết của Đoàn cấp trên; nghị quyết của Chi bộ"
    assert len(found) == 4  # "mỗi đoàn viên …" twice: subjects, not objects


def test_a_word_of_work_ahead_that_is_a_task_verb_opens_the_task() -> None:
    text = (
        "Năm 2023, Hội Cựu chiến binh phường đã hỗ trợ 5 hội viên thoát nghèo. Năm 2024, Hội "
        "Cựu chiến binh phường phấn đấu 90% hội viên được học tập nghị quyết; xây dựng 2 mô "
        "hình kinh tế; 100% chi hội có quỹ."
    )
    found = items(parse_plan_text(text))
    assert found[0] == ("CCB", True, "phấn đấu 90% hội viên được học tập nghị quyết")
    assert len(found) == 3


@pytest.mark.parametrize(
    ("paragraphs", "ticked"),
    [
        # As many report paragraphs as task-like ones: a report under a typed heading.
        (
            [
                "Hội Cựu chiến binh phường tiếp tục phát huy vai trò của Hội",
                "Chiều 12/12, Hội tổ chức hội nghị tổng kết năm.",
            ],
            False,
        ),
        # A plan written in paragraphs, with one sentence of results among them.
        (
            [
                "Tổ chức tuyên truyền kỷ niệm ngày thành lập Hội.",
                "Vận động hội viên tham gia giữ gìn an ninh trật tự.",
                "Năm qua, Hội đã vận động 30 triệu đồng.",
            ],
            True,
        ),
    ],
)
def test_paragraphs_under_a_heading_are_ticked_only_when_most_read_as_tasks(
    paragraphs: list[str], ticked: bool
) -> None:
    result = parse_plan_text("NHIỆM VỤ TRỌNG TÂM NĂM 2024\n" + "\n\n".join(paragraphs))
    assert result.items and {not i.candidate for i in result.items} == {ticked}


def test_a_line_opening_with_a_date_does_not_continue_a_paragraph_item() -> None:
    result = parse_plan_text(
        "NHIỆM VỤ TRỌNG TÂM\nThực hiện tốt công tác tuyên truyền\n"
        "Sáng 15/3, Hội tổ chức ra quân dọn vệ sinh."
    )
    assert [i.lines for i in result.items] == [(2,)]
    assert [s.reason for s in result.skipped] == ["report"]


def test_a_marked_line_that_reports_results_is_no_task() -> None:
    result = parse_plan_text(
        "NHIỆM VỤ TRỌNG TÂM\n1. Thông qua báo cáo đánh giá kết quả nhiệm kỳ qua.\n"
        "2. Tổ chức hội thi tìm hiểu pháp luật."
    )
    assert [i.text for i in result.items] == ["Tổ chức hội thi tìm hiểu pháp luật."]


# --- what is not a plan's list: reports, agendas, descriptions (sentences written here) ---

TYPED_HEADINGS = ["", "NHIỆM VỤ TRỌNG TÂM NĂM 2024\n"]


@pytest.mark.parametrize(
    "text",
    [
        # A report's means, introduced by "như:".
        "Các chi hội chú trọng nâng cao chất lượng hội viên, có nhiều giải pháp như: tiếp "
        "tục tổ chức sinh hoạt chuyên đề; phát triển mô hình tự quản ở khu dân cư.",
        # A meeting's agenda: documents discussed.
        "Hội nghị thảo luận cho ý kiến đối với 3 nội dung chính: Dự thảo Báo cáo chính trị; "
        "Dự thảo Điều lệ sửa đổi; Đề án nhân sự Ban Chấp hành khóa mới.",
        # An organisation's standing duties.
        "Hội Nông dân xã có các nhiệm vụ: tập hợp, vận động nông dân; tổ chức các hoạt động "
        "dịch vụ, tư vấn; tham gia giám sát các chương trình ở địa phương.",
        # Done work announced with "đã" and no word of work ahead, as a marked list.
        "Chiều 20/12, Hội Cựu chiến binh phường tổ chức hội nghị tổng kết năm 2023.\n"
        "Trong năm, Hội đã thực hiện:\n- Tổ chức 12 buổi sinh hoạt chuyên đề.\n"
        "- Vận động được 50 triệu đồng xây nhà tình nghĩa.\n- Thăm hỏi 40 hội viên ốm đau.",
        # An agenda as a marked list.
        "Sáng 15/1, Hội Liên hiệp phụ nữ phường họp Ban Chấp hành.\nHội nghị đã thông qua "
        "các nội dung:\n1. Báo cáo tổng kết công tác năm 2023.\n2. Dự thảo Nghị quyết hội "
        "nghị.\n3. Đề án nhân sự Ban Chấp hành.",
        # A congress's agenda in the future tense.
        "Hội Nông dân xã ban hành kế hoạch đại hội nhiệm kỳ 2024 - 2029. Đại hội sẽ đánh giá "
        "kết quả nhiệm kỳ qua; xác định phương hướng nhiệm kỳ tới; bầu Ban Chấp hành khóa mới.",
        # A charter's description: a definition after the name, principles as a dash list.
        "GIỚI THIỆU\nHội Liên hiệp phụ nữ Việt Nam: Là tổ chức chính trị - xã hội của phụ nữ.\n"
        "Nguyên tắc hoạt động\n– Hội được tổ chức theo nguyên tắc tự nguyện, dân chủ.\n"
        "– Quyền quyết định cao nhất của mỗi cấp Hội là đại hội.\n"
        "– Hội tuân thủ Hiến pháp và pháp luật.",
        # What an organisation is and does, in one paragraph.
        "Hội Cựu chiến binh Việt Nam là tổ chức chính trị - xã hội của cựu chiến binh. Hội "
        "tập hợp cựu chiến binh; tham gia xây dựng Đảng; chăm lo đời sống hội viên.",
        # What was done under an instruction.
        "Thực hiện sự chỉ đạo của Đảng ủy phường, Thường trực Ủy ban MTTQ phường đã xây dựng "
        "dự thảo kế hoạch tổ chức hội nghị nhân dân ở các tổ dân phố năm 2024. Kính mong "
        "các đồng chí tham gia góp ý vào dự thảo.",
        # A speaker's request in a meeting report, with no time ahead.
        "Hội nghị sơ kết 6 tháng đầu năm của Mặt trận phường\nPhát biểu tại hội nghị, đồng "
        "chí Chủ tịch đề nghị các tổ chức thành viên tiếp tục phát huy vai trò; tăng cường "
        "công tác tuyên truyền; đẩy mạnh cuộc vận động.",
    ],
)
@pytest.mark.parametrize("typed_heading", TYPED_HEADINGS)
def test_lists_of_reports_agendas_and_descriptions_are_not_ticked(
    text: str, typed_heading: str
) -> None:
    result = parse_plan_text(typed_heading + text)
    assert [i.text for i in result.items if not i.candidate] == []


def test_a_list_introduced_as_work_ahead_is_ticked_in_a_report() -> None:
    """The same words after a lead-in of work ahead, or with a time ahead, come ticked."""
    ahead = parse_plan_text(
        "Chiều 20/12, Hội Cựu chiến binh phường tổ chức hội nghị tổng kết năm 2023. Hội "
        "nghị đề ra các nhiệm vụ năm tới như: tiếp tục tổ chức sinh hoạt chuyên đề; phát "
        "triển mô hình tự quản ở khu dân cư."
    )
    assert [(org, ticked) for org, ticked, _ in items(ahead)] == [("CCB", True)] * 2
    requested = parse_plan_text(
        "Phát biểu tại hội nghị, đồng chí Chủ tịch đề nghị trong năm tới, Mặt trận phường "
        "tiếp tục phát huy vai trò; tăng cường công tác tuyên truyền."
    )
    assert [(org, ticked) for org, ticked, _ in items(requested)] == [("MTTQ", True)] * 2


def test_a_period_ahead_opens_a_list_without_a_colon_and_its_sentences_go_on() -> None:
    text = (
        "Ngày 2/10, Ủy ban MTTQ phường sơ kết công tác quý III. Quý IV/2025, Ủy ban MTTQ "
        "phường tiếp tục tuyên truyền, vận động Nhân dân thực hiện tốt các nghị quyết; phối "
        "hợp tuyên truyền các ngày kỷ niệm. Xây dựng kế hoạch tháng cao điểm vì người nghèo. "
        "Hội nghị đã khen thưởng 5 tập thể."
    )
    found = items(parse_plan_text(text))
    assert [(org, ticked) for org, ticked, _ in found] == [("MTTQ", True)] * 3
    assert found[2][2] == "Xây dựng kế hoạch tháng cao điểm vì người nghèo."
    # The quarter a text reports is not ahead of it.
    report = text.replace("Quý IV/2025", "Quý III/2025")
    assert [t for _, ticked, t in items(parse_plan_text(report)) if ticked] == []


@pytest.mark.parametrize(
    ("sentence", "task", "ticked"),
    [
        # An organisation told what it must do, the modal right after its name: ticked.
        (
            "Phát biểu tại đại hội, đồng chí Chủ tịch đề nghị Hội Cựu chiến binh phường phải "
            "chủ động phối hợp với công an giữ gìn an ninh trật tự.",
            "phải chủ động phối hợp với công an giữ gìn an ninh trật tự.",
            True,
        ),
        (
            "Năm qua, Hội Nông dân phường hỗ trợ nhiều hộ vay vốn. Thời gian đến, các cấp hội "
            "cần tăng cường tuyên truyền vai trò nông dân trong xây dựng nông thôn mới.",
            "cần tăng cường tuyên truyền vai trò nông dân trong xây dựng nông thôn mới.",
            True,
        ),
        # A request whose object is the organisation, its verb right after the name.
        (
            "Phát biểu tại đại hội, đồng chí Bí thư đề nghị, Hội Nông dân phường tập trung hỗ "
            "trợ hội viên chuyển đổi cơ cấu cây trồng.",
            "tập trung hỗ trợ hội viên chuyển đổi cơ cấu cây trồng.",
            True,
        ),
        # … or of its own branches.
        (
            "Kết luận hội nghị, đồng chí Chủ tịch Hội Nông dân phường yêu cầu các chi hội "
            "phối hợp tổ chức tốt hội thi nhà nông đua tài trong tháng 11.",
            "phối hợp tổ chức tốt hội thi nhà nông đua tài trong tháng 11.",
            True,
        ),
        # A time ahead alone, or people as the modal's subject: offered, for the clerk.
        (
            "Năm qua, Hội Nông dân phường hỗ trợ nhiều hộ vay vốn. Thời gian đến, hội tăng "
            "cường tuyên truyền vai trò nông dân trong sự nghiệp công nghiệp hóa, hiện đại "
            "hóa, xây dựng nông thôn mới.",
            "tăng cường tuyên truyền vai trò nông dân trong sự nghiệp công nghiệp hóa, hiện "
            "đại hóa, xây dựng nông thôn mới.",
            False,
        ),
        (
            "Buổi sinh hoạt của Hội Nông dân phường kết thúc. Thời gian tới, các bạn thanh "
            "niên phải tích cực tham gia lao động sản xuất.",
            "phải tích cực tham gia lao động sản xuất.",
            False,
        ),
    ],
)
def test_one_directive_in_a_report_is_offered_whole(sentence: str, task: str, ticked: bool) -> None:
    farmers = [OrgAlias("ND", ("Hội Nông dân",))]
    found = items(parse_plan_text(sentence, org_aliases=farmers))
    assert [(t, text) for _, t, text in found] == [(ticked, task)]


def test_a_single_sentence_of_results_is_not_offered() -> None:
    text = "Trong quý, Hội Cựu chiến binh phường kết nạp được 24 hội viên mới."
    assert parse_plan_text(text).items == []


def test_targets_after_a_list_noun_with_a_clause_of_aim() -> None:
    text = (
        "Hội Cựu chiến binh phường thông qua 3 chỉ tiêu cụ thể phấn đấu thực hiện trong năm "
        "2026. Trong đó: trên 80% chi hội ứng dụng công nghệ thông tin. Có từ 60% hội viên "
        "trở lên đạt danh hiệu gia đình văn hóa; phấn đấu kết nạp mới 20 hội viên."
    )
    result = parse_plan_text(text)
    assert [(org, ticked) for org, ticked, _ in items(result)] == [("CCB", True)] * 3
    assert [(a.announced, a.found) for a in result.announcements] == [(3, 3)]


def test_targets_each_with_its_own_subject_are_items() -> None:
    text = (
        "Tại đại hội, Hội Chữ thập đỏ xã đề ra phương hướng nhiệm kỳ 2026-2031. Theo đó, "
        "mỗi chi hội phấn đấu phát triển thêm 80 hội viên, mỗi hộ gia đình có một thành viên "
        "tham gia sinh hoạt, toàn xã có trên 500 hội viên."
    )
    redcross = [OrgAlias("CTD", ("Hội Chữ thập đỏ",))]
    found = items(parse_plan_text(text, org_aliases=redcross))
    assert [(org, ticked) for org, ticked, _ in found] == [("CTD", True)] * 3
    assert found[2][2].startswith("toàn xã có trên 500")


# --- classes found on the second final check (issue 15, the third final check's rules) --


def test_a_connective_after_a_sentence_naming_a_plan_opens_its_tasks() -> None:
    """ "Theo đó, …" after "… triển khai kế hoạch …": the sentences that open with a task
    are the plan's, and "Đặc biệt, …" in the paragraph after adds one more."""
    text = (
        "Ban Thường vụ Hội Cựu chiến binh phường vừa triển khai kế hoạch hoạt động chào mừng "
        "ngày truyền thống.\n\nTheo đó, các chi hội tập trung tuyên truyền truyền thống của "
        "Hội. Tổ chức gặp mặt hội viên tiêu biểu tại các khu dân cư. Vận động hội viên tham "
        "gia giữ gìn vệ sinh môi trường.\n\nĐặc biệt, thăm hỏi các hội viên có hoàn cảnh khó "
        "khăn như: hội viên ốm đau; gia đình chính sách."
    )
    found = items(parse_plan_text(text))
    assert [(org, ticked) for org, ticked, _ in found] == [("CCB", True)] * 4
    assert found[0][2].startswith("tập trung tuyên truyền")
    assert found[3][2].startswith("thăm hỏi các hội viên")


def test_an_announced_count_of_sentences_keeps_semicolons_inside_items() -> None:
    text = (
        "Năm 2024, Ủy ban MTTQ phường triển khai 3 chương trình trọng tâm về: Tuyên truyền, "
        "vận động Nhân dân; củng cố khối đại đoàn kết. Thực hiện dân chủ; tăng cường giám sát "
        "và phản biện xã hội. Vận động Nhân dân xây dựng đô thị văn minh."
    )
    result = parse_plan_text(text)
    assert [(org, ticked) for org, ticked, _ in items(result)] == [("MTTQ", True)] * 3
    assert "count_mismatch" not in result.messages


def test_targets_joined_by_commas_are_items_of_their_own() -> None:
    text = (
        "Năm 2024, Đoàn phường phấn đấu tổ chức ít nhất 2 lớp tập huấn kỹ năng, có từ 3 mô "
        "hình kinh tế của thanh niên, hỗ trợ 2 dự án khởi nghiệp; giới thiệu 10 đoàn viên "
        "ưu tú cho Đảng. Tỷ lệ 70% đoàn viên, 60% thanh niên, 50% thiếu nhi được tham gia "
        "sinh hoạt hè."
    )
    found = [t for _, _, t in items(parse_plan_text(text))]
    assert found[1:4] == [
        "có từ 3 mô hình kinh tế của thanh niên",
        "hỗ trợ 2 dự án khởi nghiệp",
        "giới thiệu 10 đoàn viên ưu tú cho Đảng.",
    ]
    # Figures that share one predicate are one target.
    assert not any(t.startswith(("60%", "50%")) for t in found)


def test_a_short_object_after_a_comma_does_not_split_a_directive() -> None:
    text = (
        "Phát biểu tại hội nghị, đồng chí Chủ tịch đề nghị Hội Cựu chiến binh phường cần "
        "khẩn trương triển khai các nhiệm vụ năm 2024 để tạo những bước đột phá, đổi mới."
    )
    found = items(parse_plan_text(text))
    assert len(found) == 1
    assert found[0][2].endswith("đột phá, đổi mới.")


def test_the_start_of_a_term_opens_a_list_and_slogans_hold_no_verb() -> None:
    text = (
        "Nhiệm kỳ qua, Đoàn phường kết nạp được 40 đoàn viên. Bước vào nhiệm kỳ 2025 - 2030, "
        "với khẩu hiệu “Đoàn kết - Phát triển”, Đoàn phường tiếp tục đổi mới nội dung sinh "
        "hoạt; phát huy vai trò xung kích của thanh niên."
    )
    found = items(parse_plan_text(text))
    assert [(org, ticked) for org, ticked, _ in found] == [("DTN", True)] * 2
    assert found[0][2] == "tiếp tục đổi mới nội dung sinh hoạt"


def test_addressed_headings_and_the_one_actor_above_a_list_own_its_tasks() -> None:
    addressed = parse_plan_text(
        "Kết luận hội nghị:\n1. Đối với Ban Thường trực Ủy ban MTTQ Việt Nam huyện:\n"
        "- Tăng cường đi cơ sở nắm tình hình.\n2. Đối với Hội Nông dân các xã:\n"
        "- Vận động hội viên chuyển đổi cây trồng.",
        org_aliases=[OrgAlias("ND", ("Hội Nông dân",))],
    )
    assert [(org, t) for org, _, t in items(addressed)] == [
        ("MTTQ", "Tăng cường đi cơ sở nắm tình hình."),
        ("ND", "Vận động hội viên chuyển đổi cây trồng."),
    ]
    issued = parse_plan_text(
        "Ban Thường trực Ủy ban MTTQ phường ban hành hướng dẫn công tác năm 2024\n"
        "NHIỆM VỤ TRỌNG TÂM\n1. Tổ chức hội nghị nhân dân.\n2. Vận động quỹ Vì người nghèo."
    )
    assert [org for org, _, _ in items(issued)] == ["MTTQ", "MTTQ"]
    joint = parse_plan_text(
        "Ủy ban MTTQ phường và các đoàn thể ban hành chương trình phối hợp năm 2024\n"
        "NHIỆM VỤ TRỌNG TÂM\n1. Tổ chức hội nghị nhân dân.\n2. Vận động quỹ Vì người nghèo."
    )
    assert [org for org, _, _ in items(joint)] == ["shared", "shared"]


def test_a_first_clause_too_short_for_a_task_shares_the_next_ones_object() -> None:
    text = (
        "Năm 2024, Ủy ban MTTQ phường sẽ chủ trì thực hiện, phát động thực hiện cuộc vận "
        "động trong toàn phường, tăng cường giám sát việc thực hiện ở các khu dân cư."
    )
    found = [t for _, _, t in items(parse_plan_text(text))]
    assert found[0] == "chủ trì thực hiện, phát động thực hiện cuộc vận động trong toàn phường"
    assert len(found) == 2


def test_tiep_tuc_after_a_comma_opens_a_task_inside_a_clause_between_semicolons() -> None:
    text = (
        "Trong tháng tới, Hội Chữ thập đỏ phường tăng cường các hoạt động chăm sóc sức khỏe "
        "người cao tuổi, tiếp tục vận động người dân hiến máu tình nguyện; tổ chức thăm hỏi "
        "các hộ có hoàn cảnh khó khăn, tiếp tục."
    )
    red_cross = [OrgAlias("CTD", ("Hội Chữ thập đỏ",))]
    found = [t for _, _, t in items(parse_plan_text(text, org_aliases=red_cross))]
    assert found == [
        "tăng cường các hoạt động chăm sóc sức khỏe người cao tuổi",
        "tiếp tục vận động người dân hiến máu tình nguyện",
        "tổ chức thăm hỏi các hộ có hoàn cảnh khó khăn, tiếp tục.",
    ]


def test_tasks_whose_subject_is_all_member_organisations_or_the_front_with_them_are_shared() -> (
    None
):
    joint = parse_plan_text(
        "Năm 2024, MTTQ phường sẽ chủ trì cuộc vận động. Các tổ chức thành viên sẽ tổ chức "
        "tuyên truyền cuộc vận động ở các khu dân cư; vận động hội viên tham gia xây dựng "
        "đô thị văn minh."
    )
    assert [(org, ticked) for org, ticked, _ in items(joint)] == [
        ("MTTQ", False),  # one directive of MTTQ's, offered
        ("shared", True),
        ("shared", True),
    ]
    led = parse_plan_text(
        "Năm 2024, MTTQ và các tổ chức thành viên sẽ tổ chức tuyên truyền cuộc vận động ở "
        "các khu dân cư; vận động hội viên tham gia xây dựng đô thị văn minh."
    )
    # The Front with all its members as one subject: everyone's work, as the sample's
    # "MTTQ, các đoàn thể phường bám sát …" is.
    assert {org for org, _, _ in items(led)} == {"shared"}
    helped = parse_plan_text(
        "Năm 2024, MTTQ phường phối hợp với các tổ chức thành viên thực hiện các nội dung: "
        "tuyên truyền cuộc vận động; vận động hội viên tham gia xây dựng đô thị văn minh."
    )
    assert {org for org, _, _ in items(helped)} == {"MTTQ"}


def test_running_text_under_one_organisations_name_is_its_work() -> None:
    text = (
        "*Ban chấp hành Hội Cựu chiến binh phường Tân An*\n"
        "Đại hội diễn ra thành công. Nhiệm kỳ tới, các chi hội phấn đấu trên 70% hội viên "
        "có kinh tế khá, giàu; tham gia giữ gìn an ninh trật tự ở khu dân cư."
    )
    assert {org for org, _, _ in items(parse_plan_text(text))} == {"CCB"}


def test_a_long_name_of_an_organisation_is_a_name_whatever_word_follows_it() -> None:
    # Only a one-word name ("Đoàn", "Hội") can be a common noun ("Đoàn viên", "Hội nghị").
    text = (
        "Tháng Thanh niên là dịp khơi dậy niềm tự hào về truyền thống của Đoàn Thanh niên "
        "Cộng sản Hồ Chí Minh qua những phong trào cụ thể. Năm nay, Tháng Thanh niên đặt ra "
        "nhiều nhiệm vụ cụ thể như: triển khai phong trào “Bình dân học vụ số”; tham gia xóa "
        "nhà tạm, nhà dột nát; đồng hành với đồng bào dân tộc thiểu số."
    )
    assert [org for org, _, _ in items(parse_plan_text(text))] == ["DTN"] * 3
    report = parse_plan_text("Đoàn viên phường tham gia dọn vệ sinh.\nĐoàn kết là sức mạnh.")
    assert not [org for org, ticked, _ in items(report) if ticked]


def test_a_sentence_opening_with_the_term_ahead_is_a_plan_and_its_details_follow() -> None:
    text = (
        "Nhiệm kỳ qua, Hội Người cao tuổi phường đã củng cố tổ chức hội.\n"
        "Nhiệm kỳ 2026 - 2031, Hội Người cao tuổi phường đẩy mạnh phong trào thi đua "
        "“Tuổi cao - Gương sáng”. Trong đó, tập trung xây dựng tổ chức hội vững mạnh; nâng "
        "cao chất lượng chăm sóc người cao tuổi; phát huy trí tuệ người cao tuổi."
    )
    elders = [OrgAlias("NCT", ("Hội Người cao tuổi",))]
    found = items(parse_plan_text(text, org_aliases=elders))
    assert [(org, ticked) for org, ticked, _ in found] == [("NCT", True)] * 4
    assert found[0][2].startswith("đẩy mạnh phong trào thi đua")
    # A term that is the one reported on (a later one is named) opens no plan.
    report = (
        "Nhiệm kỳ 2020 - 2025, Hội Người cao tuổi phường đẩy mạnh phong trào thi đua; củng "
        "cố tổ chức hội; vận động hội viên. Đại hội bầu Ban chấp hành nhiệm kỳ 2025 - 2030."
    )
    assert not [t for _, t, _ in items(parse_plan_text(report, org_aliases=elders)) if t]


@pytest.mark.parametrize("typed", ["", "NHIỆM VỤ TRỌNG TÂM NĂM 2023\n"])
def test_a_list_in_a_paragraph_of_results_is_not_ticked_for_a_nearby_nhiem_vu(typed: str) -> None:
    text = typed + (
        "Trong nhiệm kỳ qua, công tác đoàn của xã tiếp tục phát triển. Đoàn Thanh niên xã "
        "tuyên truyền 100% thanh niên viết đơn tình nguyện làm nhiệm vụ bảo vệ Tổ quốc. Ra "
        "mắt các công trình, mô hình thanh niên, tiêu biểu như các công trình: “Sân bóng "
        "chuyền”, “Đường cờ thanh niên”, Câu lạc bộ bóng đá. 100% chi đoàn có phần việc "
        "thanh niên. Kết nạp 450 đoàn viên."
    )
    assert not [t for _, t, _ in items(parse_plan_text(text)) if t]


def test_trong_do_inside_a_sentence_opens_the_list_its_clause_names() -> None:
    text = (
        "Nghị quyết Đại hội Phụ nữ tỉnh đề ra nhiều chỉ tiêu quan trọng, trong đó tập trung "
        "thu hút, phát triển mới 4.600 hội viên phụ nữ; phấn đấu đến năm 2030 cơ bản không "
        "còn hộ nghèo; nâng cao kỹ năng cho 500 phụ nữ khởi nghiệp."
    )
    found = items(parse_plan_text(text))
    assert [(org, ticked) for org, ticked, _ in found] == [("LHPN", True)] * 3
    assert found[0][2] == "tập trung thu hút, phát triển mới 4.600 hội viên phụ nữ"


def test_a_sentence_after_a_connective_and_a_comma_goes_on_with_the_list() -> None:
    text = (
        "Năm 2024, Ủy ban MTTQ phường sẽ tổ chức hội nghị nhân dân ở khu dân cư; vận động "
        "quỹ Vì người nghèo. Đồng thời, tăng cường giám sát việc thực hiện dân chủ ở cơ sở."
    )
    found = items(parse_plan_text(text))
    assert [(org, ticked) for org, ticked, _ in found] == [("MTTQ", True)] * 3
    assert found[2][2].startswith("tăng cường giám sát")


def test_a_plans_words_before_a_term_open_its_tasks() -> None:
    text = (
        "Sáng ngày 10/4/2017, Đoàn xã Tân Sơn tổ chức đại hội. Phương hướng, nhiệm vụ nhiệm "
        "kỳ 2017-2022, Đoàn xã tiếp tục nâng cao chất lượng tổ chức đoàn, chăm lo bồi dưỡng "
        "đoàn viên ưu tú."
    )
    found = items(parse_plan_text(text))
    assert [(org, ticked) for org, ticked, _ in found] == [("DTN", True)] * 2


def test_trong_do_without_a_comma_after_planned_work_beside_results() -> None:
    text = (
        "Ngoài đánh giá những kết quả đạt được và hạn chế trong thời gian qua, Hội nghị tập "
        "trung thảo luận các nhiệm vụ, giải pháp của Hội Liên hiệp phụ nữ phường từ nay đến "
        "hết nhiệm kỳ. Trong đó chú trọng vào việc xây dựng tổ chức hội vững mạnh; đồng thời "
        "đẩy mạnh việc thực hiện Chỉ thị 05 của Bộ Chính trị."
    )
    found = items(parse_plan_text(text))
    assert [(org, ticked) for org, ticked, _ in found] == [("LHPN", True)] * 2
    results = (
        "Hội nghị đánh giá những kết quả đạt được trong năm vừa qua. Trong đó chú trọng vào "
        "việc xây dựng tổ chức hội; đẩy mạnh phong trào thi đua."
    )
    assert not [t for _, t, _ in items(parse_plan_text(results)) if t]


def test_an_announced_list_goes_on_in_the_sentences_and_paragraphs_after_theo_do() -> None:
    text = (
        "Tại Hội nghị, thay mặt Đoàn Chủ tịch, Phó Chủ tịch Hội Liên hiệp Phụ nữ trình bày "
        "Kế hoạch triển khai 4 nhiệm vụ trọng tâm năm 2026.\n\n"
        "Theo đó, Hội tập trung triển khai chủ đề công tác năm 2026.\n\n"
        "Đồng thời, Hội tuyên truyền hội viên tham gia bầu cử. Tăng cường các hoạt động "
        "hỗ trợ cán bộ nữ.\n\n"
        "Hội chú trọng triển khai phong trào thi đua của Hội.\n\n"
        "Hội nghị tổ chức khen thưởng các tập thể."
    )
    found = items(parse_plan_text(text))
    assert [(org, ticked) for org, ticked, _ in found] == [("LHPN", True)] * 4
    assert found[-1][2].startswith("chú trọng triển khai phong trào")


def test_targets_after_a_verb_that_sets_them_are_items() -> None:
    text = (
        "Nhiệm kỳ qua, Đoàn phường kết nạp được 40 đoàn viên.\n\n"
        "Đoàn phường An Cựu đặt mục tiêu mỗi cơ sở Đoàn hằng năm thực hiện ít nhất 3 công "
        "trình thanh niên; 100% chi đoàn có phần việc thanh niên."
    )
    found = items(parse_plan_text(text))
    assert [(org, ticked) for org, ticked, _ in found] == [("DTN", True)] * 2
    assert found[0][2] == "mỗi cơ sở Đoàn hằng năm thực hiện ít nhất 3 công trình thanh niên"
    reached = "Năm qua, Đoàn phường đã đặt mục tiêu 100% chi đoàn có phần việc và đạt được."
    assert not [t for _, t, _ in items(parse_plan_text(reached)) if t]


def test_verbs_joined_by_commas_around_one_object_stay_one_task() -> None:
    """ "… kiểm tra việc triển khai, thực hiện các quy định …": the verbs share the object
    written after the last, and the short task before them is about it too."""
    text = (
        "Năm 2023, Hội Cựu chiến binh phường vận động hội viên giúp nhau làm kinh tế. Năm "
        "2024, Hội Cựu chiến binh phường sẽ tổ chức tọa đàm, kiểm tra việc triển khai, thực "
        "hiện các quy định về an toàn giao thông, vận động hội viên tham gia bảo vệ môi trường."
    )
    assert [(org, ticked, t) for org, ticked, t in items(parse_plan_text(text))] == [
        (
            "CCB",
            True,
            "tổ chức tọa đàm, kiểm tra việc triển khai, thực hiện các quy định về an toàn "
            "giao thông",
        ),
        ("CCB", True, "vận động hội viên tham gia bảo vệ môi trường."),
    ]
    # Tasks of their own, each with its object, are still cut apart.
    apart = text.replace(
        "kiểm tra việc triển khai, thực hiện", "kiểm tra việc triển khai nghị quyết, thực hiện"
    )
    assert len(items(parse_plan_text(apart))) == 3


def test_a_months_reviews_and_anniversaries_ahead_are_its_tasks() -> None:
    """ "tổng kết …" ahead is work to do; "… và tổng kết …" is a second task of that kind; an
    anniversary after a comma is the occasion of the task before it, not a target."""
    text = (
        "Trong tháng 10, Hội Liên hiệp phụ nữ phường đã tặng 20 suất quà. Về nhiệm vụ tháng "
        "11, Hội Liên hiệp phụ nữ phường sẽ hướng dẫn 12 chi hội tổ chức gặp mặt hội viên, kỷ "
        "niệm 93 năm ngày thành lập Hội; tổng kết phong trào tiết kiệm vì phụ nữ nghèo và tổng "
        "kết công tác thi đua năm 2023."
    )
    assert items(parse_plan_text(text)) == [
        (
            "LHPN",
            True,
            "hướng dẫn 12 chi hội tổ chức gặp mặt hội viên, kỷ niệm 93 năm ngày thành lập Hội",
        ),
        ("LHPN", True, "tổng kết phong trào tiết kiệm vì phụ nữ nghèo"),
        ("LHPN", True, "tổng kết công tác thi đua năm 2023."),
    ]
    # A report of a review held is still no task.
    report = "Ngày 20/10, Hội Liên hiệp phụ nữ phường đã tổng kết phong trào tiết kiệm."
    assert [t for _, ticked, t in items(parse_plan_text(report)) if ticked] == []


def test_trong_do_after_a_sentence_ending_on_work_ahead_beside_results() -> None:
    """ "… đánh giá những kết quả đạt được …, định hướng các nhiệm vụ trong thời gian tới.
    Trong đó …": the nearest thing named is the work ahead; objects counted in a series
    ("2 phong trào …, 3 mô hình …") stay in one task."""
    text = (
        "Hội nghị đánh giá những kết quả Hội Cựu chiến binh phường đạt được trong năm qua, "
        "định hướng các nhiệm vụ trong thời gian tới. Trong đó tập trung vào 2 phong trào "
        "thi đua, 3 mô hình kinh tế do Hội cấp trên phát động; tiếp tục vận động hội viên "
        "tham gia bảo vệ an ninh trật tự."
    )
    assert items(parse_plan_text(text)) == [
        (
            "CCB",
            True,
            "tập trung vào 2 phong trào thi đua, 3 mô hình kinh tế do Hội cấp trên phát động",
        ),
        ("CCB", True, "tiếp tục vận động hội viên tham gia bảo vệ an ninh trật tự."),
    ]
    praised = text.replace("định hướng các nhiệm vụ trong thời gian tới", "biểu dương 5 tập thể")
    assert [t for _, ticked, t in items(parse_plan_text(praised)) if ticked] == []


def test_a_list_without_owner_in_a_text_where_one_organisation_acts_is_its() -> None:
    """No sentence of the list names whose it is, but the text names one organisation
    alone as the one acting ("toàn Hội … thực hiện …"): its tasks, not everyone's."""
    text = (
        "Chào mừng Đại hội Hội Cựu chiến binh các cấp\n"
        "Theo đó, các nội dung thi đua gồm: vận động hội viên giúp nhau làm kinh tế; tham gia "
        "giữ gìn an ninh trật tự ở khu dân cư; tuyên truyền truyền thống cho thế hệ trẻ.\n"
        "Đặc biệt, toàn Hội Cựu chiến binh thực hiện 20 công trình chào mừng đại hội.\n"
    )
    assert {org for org, _, _ in items(parse_plan_text(text))} == {"CCB"}
    # Named only as an object ("Đại hội Hội Cựu chiến binh"), it owns nothing.
    unnamed = text.replace("toàn Hội Cựu chiến binh thực hiện", "các chi hội thực hiện")
    assert {org for org, _, _ in items(parse_plan_text(unnamed))} == {"shared"}


def test_day_manh_after_a_comma_opens_a_task_in_a_sentence_of_work_ahead() -> None:
    text = (
        "Nhiệm kỳ qua, Đoàn phường đã kết nạp 50 đoàn viên. Nhiệm kỳ 2025 - 2030, Đoàn "
        "phường xác định tiếp tục nâng cao chất lượng sinh hoạt chi đoàn ở khu dân cư, đẩy "
        "mạnh ứng dụng công nghệ số trong công tác Đoàn; phát huy vai trò thanh niên trong "
        "xây dựng đô thị văn minh."
    )
    assert [t for _, ticked, t in items(parse_plan_text(text)) if ticked] == [
        "tiếp tục nâng cao chất lượng sinh hoạt chi đoàn ở khu dân cư",
        "đẩy mạnh ứng dụng công nghệ số trong công tác Đoàn",
        "phát huy vai trò thanh niên trong xây dựng đô thị văn minh.",
    ]


def test_a_task_verb_with_its_verb_alone_shares_the_next_ones_object() -> None:
    """ "tập trung củng cố, nâng cao chất lượng …": the first verbs have no object of their
    own; they are one task with the clause after the comma."""
    text = (
        "Năm 2023, Hội Cựu chiến binh phường vận động hội viên giúp nhau làm kinh tế. Năm "
        "2024, Hội Cựu chiến binh phường sẽ vận động hội viên tham gia bảo vệ môi trường, "
        "tập trung củng cố, nâng cao chất lượng sinh hoạt chi hội."
    )
    assert [t for _, ticked, t in items(parse_plan_text(text)) if ticked] == [
        "vận động hội viên tham gia bảo vệ môi trường",
        "tập trung củng cố, nâng cao chất lượng sinh hoạt chi hội.",
    ]


def test_yearly_targets_after_a_sentence_naming_the_plan_are_items() -> None:
    """ "… thông qua Nghị quyết về nhiệm vụ … nhiệm kỳ 2024-2029. Hằng năm 100% …; mỗi chi
    hội …": the plan's yearly targets, though no verb of work ahead opens them."""
    text = (
        "Hội Cựu chiến binh phường tổ chức Đại hội lần thứ V. Đại hội thông qua Nghị quyết "
        "về nhiệm vụ công tác Hội nhiệm kỳ 2024-2029. Hằng năm 100% hội viên được học tập "
        "nghị quyết của Đảng; mỗi chi hội giúp đỡ ít nhất 1 hộ hội viên thoát nghèo."
    )
    assert [(org, t) for org, ticked, t in items(parse_plan_text(text)) if ticked] == [
        ("CCB", "100% hội viên được học tập nghị quyết của Đảng"),
        ("CCB", "mỗi chi hội giúp đỡ ít nhất 1 hộ hội viên thoát nghèo."),
    ]
    report = (
        "Hội Cựu chiến binh phường tổ chức Đại hội lần thứ V. Đại hội đánh giá kết quả "
        "nhiệm kỳ 2019-2024. Hằng năm "
        "100% hội viên đã được học tập nghị quyết của Đảng; mỗi chi hội đã giúp đỡ 1 hộ."
    )
    assert [t for _, ticked, t in items(parse_plan_text(report)) if ticked] == []


def test_one_item_after_a_lead_in_at_the_end_of_a_cut_copy_is_read() -> None:
    """A stored copy cut after the lead-in's first item still gives that item."""
    text = (
        "Hội Nông dân xã tổ chức Đại hội lần thứ VIII. Đại hội đã đề ra mục tiêu, nhiệm vụ "
        "trọng tâm trong nhiệm kỳ 2023 – 2028 là: Tích cực hỗ trợ hội viên phát triển kinh "
        "tế hộ gia đình"
    )
    farmers = [OrgAlias("ND", ("Hội Nông dân",))]
    assert items(parse_plan_text(text, org_aliases=farmers)) == [
        ("ND", True, "Tích cực hỗ trợ hội viên phát triển kinh tế hộ gia đình")
    ]
    report = "Kết quả nổi bật của Hội Nông dân xã năm qua là: đã hỗ trợ 20 hộ vay vốn"
    assert [
        t for _, ticked, t in items(parse_plan_text(report, org_aliases=farmers)) if ticked
    ] == []


def test_a_time_ahead_after_trong_do_and_vua_vua_are_no_report() -> None:
    """ "Trong đó, từ nay đến ngày 20/10, <tổ chức> …" is a plan's sentence (ticked when it
    names the organisation), and "vừa … vừa …" (both … and) says nothing was done."""
    text = (
        "Thời gian qua, Hội Liên hiệp phụ nữ phường đã tích cực triển khai các nhiệm vụ. "
        "Trong đó, từ nay đến ngày 20/10, Hội Liên hiệp phụ nữ phường tập trung tổ chức các "
        "hoạt động kỷ niệm ngày Phụ nữ Việt Nam.\n\n"
        "Đồng thời, tiếp tục vận động hội viên tham gia tiết kiệm; hỗ trợ phụ nữ vừa phát "
        "triển kinh tế vừa chăm lo gia đình.\n"
    )
    assert items(parse_plan_text(text)) == [
        ("LHPN", True, "tập trung tổ chức các hoạt động kỷ niệm ngày Phụ nữ Việt Nam."),
        ("LHPN", True, "tiếp tục vận động hội viên tham gia tiết kiệm"),
        ("LHPN", True, "hỗ trợ phụ nữ vừa phát triển kinh tế vừa chăm lo gia đình"),
    ]
    # "vừa" alone still says it was just done.
    done = "Hội Liên hiệp phụ nữ phường vừa tổ chức hội thi; tặng 20 suất quà; thăm 5 hộ."
    assert [t for _, ticked, t in items(parse_plan_text(done)) if ticked] == []


def test_the_contents_of_an_emulation_are_work_ahead() -> None:
    """ "các nội dung thi đua gồm: …; …": what an emulation campaign will do, ticked like a
    plan's tasks; "nội dung" alone (a meeting's agenda) is not."""
    text = (
        "Hội Cựu chiến binh phường phát động thi đua chào mừng đại hội. Theo đó, các nội dung "
        "thi đua gồm: vận động hội viên giúp nhau làm kinh tế; tham gia giữ gìn an ninh trật "
        "tự ở khu dân cư; tuyên truyền truyền thống cho thế hệ trẻ."
    )
    assert [(org, ticked) for org, ticked, _ in items(parse_plan_text(text))] == [("CCB", True)] * 3
    agenda = text.replace("các nội dung thi đua gồm", "hội nghị thảo luận các nội dung gồm")
    assert [t for _, ticked, t in items(parse_plan_text(agenda)) if ticked] == []


@pytest.mark.parametrize("typed", ["", "NHIỆM VỤ TRỌNG TÂM NĂM 2023\n"])
def test_a_news_posts_title_naming_an_organisation_before_a_colon_is_no_heading(
    typed: str,
) -> None:
    """ "Hội Nông dân xã X: Hỗ trợ 120 hộ vay vốn" above a report is the post's title, not a
    heading with its first task, even under a key-task heading typed above it; the same
    line in a list of such lines still is."""
    text = (
        "Hội Nông dân xã Tân Phú: Hỗ trợ 120 hộ nông dân vay vốn phát triển sản xuất\n"
        "Sáng 12-5, Hội Nông dân xã Tân Phú tổ chức hội nghị sơ kết 6 tháng đầu năm.\n"
        "Trong 6 tháng qua, Hội đã phối hợp giải ngân 3,2 tỷ đồng cho 120 hộ vay vốn, vận "
        "động 45 hộ đăng ký danh hiệu sản xuất kinh doanh giỏi.\n"
    )
    farmers = [OrgAlias("ND", ("Hội Nông dân",))]
    assert [
        t for _, ticked, t in items(parse_plan_text(typed + text, org_aliases=farmers)) if ticked
    ] == []
    plan = (
        "Hội Nông dân: Hỗ trợ 120 hộ nông dân vay vốn phát triển sản xuất.\n"
        "Hội Cựu chiến binh: Vận động hội viên tham gia giữ gìn an ninh trật tự.\n"
    )
    found = items(parse_plan_text(typed + plan, org_aliases=farmers))
    assert [(org, ticked) for org, ticked, _ in found] == [("ND", True), ("CCB", True)]


def test_figures_after_a_comma_without_a_predicate_are_more_objects_of_one_target() -> None:
    """ "thành lập 4 tổ hợp tác dịch vụ …, 2 câu lạc bộ …": the figure after the comma is one
    more object counted for the same verb; "…, 80% hội viên có …" is a target of its own."""
    text = (
        "Năm 2025, Hội Nông dân phường đề ra các chỉ tiêu: thành lập mới 4 tổ hợp tác dịch vụ "
        "nông nghiệp, 2 câu lạc bộ nông dân nghề nghiệp; tổ chức 5 lớp tập huấn kỹ thuật cho "
        "hội viên, 80% hội viên có sổ theo dõi sản xuất."
    )
    farmers = [OrgAlias("ND", ("Hội Nông dân",))]
    found = [t for _, _, t in items(parse_plan_text(text, org_aliases=farmers))]
    assert found == [
        "thành lập mới 4 tổ hợp tác dịch vụ nông nghiệp, 2 câu lạc bộ nông dân nghề nghiệp",
        "tổ chức 5 lớp tập huấn kỹ thuật cho hội viên",
        "80% hội viên có sổ theo dõi sản xuất.",
    ]


def test_a_task_after_a_comma_keeps_its_paired_verbs_and_its_series_of_nouns() -> None:
    """ "…, tiếp tục xây dựng, củng cố Hội vững mạnh về chính trị, tổ chức, …": "xây dựng,
    củng cố" share one object, and "tổ chức" alone between commas is a noun of the series,
    so the task after "tiếp tục" stays whole."""
    text = (
        "Trong quý III, Hội Cựu chiến binh phường sẽ tăng cường giáo dục truyền thống cho "
        "thế hệ trẻ tại các trường học trên địa bàn, tiếp tục xây dựng, củng cố Hội vững "
        "mạnh về chính trị, tổ chức, xứng đáng là chỗ dựa tin cậy của cấp ủy."
    )
    found = [t for _, _, t in items(parse_plan_text(text))]
    assert found == [
        "tăng cường giáo dục truyền thống cho thế hệ trẻ tại các trường học trên địa bàn",
        "tiếp tục xây dựng, củng cố Hội vững mạnh về chính trị, tổ chức, xứng đáng là chỗ "
        "dựa tin cậy của cấp ủy.",
    ]


def test_planned_work_nouns_in_a_paragraph_that_reports_open_no_ticked_list() -> None:
    """ "Thời gian qua, … đã …. Các chi hội tập trung vào các nhiệm vụ trọng tâm như: …"
    says what the branches worked on; with a time ahead or a modal the same lead-in opens
    the tasks."""
    report = (
        "Năm qua, Hội Chữ thập đỏ phường đã củng cố 12 chi hội ở khu dân cư. Các chi hội "
        "tập trung vào các nhiệm vụ trọng tâm như: vận động nhân dân hiến máu tình nguyện; "
        "chăm lo người nghèo dịp Tết; sơ cấp cứu ban đầu cho tình nguyện viên."
    )
    red_cross = [OrgAlias("CTD", ("Hội Chữ thập đỏ",))]
    assert [
        t for _, ticked, t in items(parse_plan_text(report, org_aliases=red_cross)) if ticked
    ] == []
    ahead = report.replace("Các chi hội tập trung", "Năm tới, các chi hội cần tập trung")
    found = items(parse_plan_text(ahead, org_aliases=red_cross))
    assert [ticked for _, ticked, _ in found] == [True, True, True]


def test_a_clause_turning_from_results_to_work_ahead_opens_its_list() -> None:
    """ "… biểu dương kết quả đạt được năm 2023 và nhấn mạnh một số nhiệm vụ như: …": the
    clause after "và" leads in to work ahead, though the clause before it names results;
    a task may open with "Thường xuyên" before its verb. Results on both sides lead in to
    nothing ticked."""
    text = (
        "Phát biểu tại hội nghị, đồng chí Bí thư Đảng ủy phường biểu dương kết quả đạt được "
        "của Hội Cựu chiến binh phường năm 2023 và nhấn mạnh một số nhiệm vụ như: Thường "
        "xuyên thăm hỏi hội viên ốm đau, giúp đỡ hội viên có hoàn cảnh khó khăn"
    )
    assert items(parse_plan_text(text)) == [
        (
            "CCB",
            True,
            "Thường xuyên thăm hỏi hội viên ốm đau, giúp đỡ hội viên có hoàn cảnh khó khăn",
        )
    ]
    done = text.replace("và nhấn mạnh một số", "và đã hoàn thành các")
    assert [t for _, ticked, t in items(parse_plan_text(done)) if ticked] == []


def test_a_guests_directive_goes_on_in_the_next_sentence_and_after_va_day_manh() -> None:
    """A guest's advice spread over sentences: "… đề nghị Hội … chú trọng …. Cùng với đó là
    tiếp tục …" adds one more task to the directive; and "…, cần … và đẩy mạnh …" holds two
    tasks when both sides are long."""
    text = (
        "Phát biểu tại hội nghị, đồng chí Phó Bí thư Đảng ủy phường đề nghị Hội Liên hiệp phụ "
        "nữ phường chú trọng công tác tập hợp hội viên trẻ ở các khu dân cư mới. Cùng với đó "
        "là tiếp tục hỗ trợ phụ nữ khởi nghiệp, phát triển kinh tế gia đình.\n\n"
        "Đồng chí cũng lưu ý, Hội cần nâng cao chất lượng sinh hoạt của các chi hội phụ nữ và "
        "tăng cường phối hợp với Đoàn thanh niên chăm lo trẻ em có hoàn cảnh khó khăn."
    )
    found = items(parse_plan_text(text))
    assert found == [
        ("LHPN", True, "chú trọng công tác tập hợp hội viên trẻ ở các khu dân cư mới."),
        ("LHPN", True, "tiếp tục hỗ trợ phụ nữ khởi nghiệp, phát triển kinh tế gia đình"),
        ("LHPN", True, "cần nâng cao chất lượng sinh hoạt của các chi hội phụ nữ"),
        (
            "LHPN",
            True,
            "tăng cường phối hợp với Đoàn thanh niên chăm lo trẻ em có hoàn cảnh khó khăn.",
        ),
    ]


def test_a_coordination_programme_between_an_organisation_and_the_others_is_shared_work() -> None:
    """ "Chương trình phối hợp giữa <tổ chức> với các đoàn thể … có 3 nội dung chính gồm:
    “…”; …": a programme is planned work (ticked), and a programme between one organisation
    and all the others is everyone's (shared), as "MTTQ và các đoàn thể …" is."""
    text = (
        "Chiều 14/3, Ủy ban MTTQ phường Tân Lập tổ chức hội nghị ký kết năm 2025. Chương "
        "trình phối hợp giữa Ủy ban MTTQ phường với các đoàn thể chính trị - xã hội có 3 nội "
        "dung chính gồm: “Tuyên truyền, vận động nhân dân chấp hành pháp luật”; “Chăm lo hộ "
        "nghèo, gia đình chính sách”; “Giám sát việc thực hiện quy chế dân chủ ở cơ sở”."
    )
    found = items(parse_plan_text(text))
    assert [(org, ticked) for org, ticked, _ in found] == [("shared", True)] * 3


def test_a_sentence_adding_to_a_list_by_its_connective_and_owner_goes_on_with_it() -> None:
    """ "Cùng với đó, Hội còn ra quân …; thăm hỏi …" right after a list of work ahead, its
    organisation named again before the verb: more items of that list."""
    text = (
        "Trong tháng 10, Hội Liên hiệp phụ nữ phường sẽ tổ chức nhiều hoạt động bao gồm tọa "
        "đàm kỷ niệm ngày thành lập Hội; hội thi nấu ăn giữa các chi hội; tuyên truyền phòng "
        "chống bạo lực gia đình. Cùng với đó, Hội phụ nữ phường còn ra quân dọn vệ sinh các "
        "tuyến hẻm; thăm hỏi hội viên có hoàn cảnh khó khăn..."
    )
    found = items(parse_plan_text(text))
    assert [t for _, _, t in found][-2:] == [
        "ra quân dọn vệ sinh các tuyến hẻm",
        "thăm hỏi hội viên có hoàn cảnh khó khăn",
    ]
    assert [(org, ticked) for org, ticked, _ in found] == [("LHPN", True)] * 5


def test_a_marked_list_after_qua_do_tells_what_the_work_achieved() -> None:
    """ "… tổ chức ra quân …, qua đó:" then dashes: what came of the work told before, not
    tasks, even under a key-task heading typed above."""
    text = (
        "NHIỆM VỤ TRỌNG TÂM NĂM 2024\n"
        "Trong tháng 3, Hội Cựu chiến binh phường phối hợp các chi hội tổ chức sinh hoạt "
        "chuyên đề về truyền thống, qua đó:\n"
        "- Tuyên truyền cho hội viên về lịch sử Đảng bộ phường.\n"
        "- Vận động hội viên tham gia giữ gìn vệ sinh môi trường khu dân cư.\n"
    )
    assert [t for _, ticked, t in items(parse_plan_text(text)) if ticked] == []


def test_paragraphs_numbered_by_ordinal_words_after_an_aim_are_the_tasks() -> None:
    """ "Để đạt được mục tiêu trên, … 3 nhiệm vụ trọng tâm sau:" ("để đạt được" is an aim,
    not a result), then paragraphs opened by "Thứ nhất, …", "Hai là, …" as markers."""
    text = (
        "Để đạt được mục tiêu trên, Hội Nông dân phường tập trung thực hiện 3 nhiệm vụ trọng "
        "tâm sau:\n\n"
        "Thứ nhất, vận động hội viên chuyển đổi cơ cấu cây trồng, vật nuôi\n\n"
        "Hai là, xây dựng chi hội nông dân nghề nghiệp ở các khu phố\n\n"
        "Thứ ba: tổ chức tập huấn kỹ thuật cho hội viên\n"
    )
    farmers = [OrgAlias("ND", ("Hội Nông dân",))]
    assert items(parse_plan_text(text, org_aliases=farmers)) == [
        ("ND", True, "vận động hội viên chuyển đổi cơ cấu cây trồng, vật nuôi"),
        ("ND", True, "xây dựng chi hội nông dân nghề nghiệp ở các khu phố"),
        ("ND", True, "tổ chức tập huấn kỹ thuật cho hội viên"),
    ]


def test_a_subject_covering_the_whole_organisation_stays_with_its_target() -> None:
    """ "Ngoài ra, toàn Hội phấn đấu …" after a list: "toàn Hội" says how far the target
    reaches, so the item keeps it."""
    text = (
        "Năm 2025, Hội Cựu chiến binh phường đề ra các chỉ tiêu: kết nạp 30 hội viên mới; "
        "100% chi hội sinh hoạt đều đặn hằng tháng.\n\n"
        "Ngoài ra, toàn Hội phấn đấu xây dựng 5 mô hình kinh tế giỏi của hội viên."
    )
    found = [t for _, _, t in items(parse_plan_text(text))]
    assert found[-1] == "toàn Hội phấn đấu xây dựng 5 mô hình kinh tế giỏi của hội viên"


def test_a_sentence_opening_with_an_adverb_before_its_verb_goes_on_with_a_list() -> None:
    """ "Hăng hái thi đua …", "Kịp thời nắm bắt …" after a list of work ahead open one more
    item each, as a sentence opening with the verb does."""
    text = (
        "Năm 2025, Hội Cựu chiến binh phường sẽ tổ chức tốt các hoạt động sau: tuyên truyền "
        "truyền thống cho thanh niên; vận động hội viên giúp nhau làm kinh tế. Hăng hái thi "
        "đua lập thành tích chào mừng đại hội Hội các cấp. Kịp thời nắm bắt tâm tư của hội "
        "viên ở khu dân cư."
    )
    found = items(parse_plan_text(text))
    assert [t for _, _, t in found][-2:] == [
        "Hăng hái thi đua lập thành tích chào mừng đại hội Hội các cấp.",
        "Kịp thời nắm bắt tâm tư của hội viên ở khu dân cư.",
    ]
    assert {(org, ticked) for org, ticked, _ in found} == {("CCB", True)}


def test_a_list_noun_followed_by_sau_leads_in() -> None:
    """ "… các nhiệm vụ sau:" (the following tasks) leads in like "như sau:"."""
    text = (
        "Quý III/2025, Đoàn phường sẽ tổ chức tốt các hoạt động sau: sinh hoạt hè cho thiếu "
        "nhi ở khu dân cư; ra quân dọn vệ sinh các tuyến hẻm."
    )
    assert [t for _, _, t in items(parse_plan_text(text))] == [
        "sinh hoạt hè cho thiếu nhi ở khu dân cư",
        "ra quân dọn vệ sinh các tuyến hẻm.",
    ]


def test_a_lone_marked_item_holding_tasks_as_sentences_is_cut_at_them() -> None:
    """One dash under a heading holding three tasks as sentences, each opening with a
    capital and a verb, is three items; among several dashes, a sentence after an item's
    first explains it and stays in it."""
    lone = (
        "NHIỆM VỤ TRỌNG TÂM THÁNG 8/2025\n"
        "* Hội Cựu chiến binh phường:\n"
        "- Tổ chức gặp mặt kỷ niệm ngày thành lập Hội cho hội viên. Thăm hỏi hội viên ốm "
        "đau ở các khu phố. Phối hợp Công an phường tuần tra an ninh trật tự ban đêm.\n"
    )
    assert [t for _, _, t in items(parse_plan_text(lone))] == [
        "Tổ chức gặp mặt kỷ niệm ngày thành lập Hội cho hội viên.",
        "Thăm hỏi hội viên ốm đau ở các khu phố.",
        "Phối hợp Công an phường tuần tra an ninh trật tự ban đêm.",
    ]
    several = lone + "- Vận động hội viên giúp nhau phát triển kinh tế gia đình.\n"
    assert len(items(parse_plan_text(several))) == 2


def test_a_yearly_target_sentence_after_a_list_of_targets_goes_on_with_it() -> None:
    """ "Hằng năm có từ 70% …" after the list of targets: one more target of it."""
    text = (
        "Nhiệm kỳ 2025 - 2030, Hội Nông dân phường đề ra các chỉ tiêu như: kết nạp 200 hội "
        "viên mới; xây dựng 3 chi hội nghề nghiệp. Hằng năm có từ 70% số hộ hội viên đăng ký "
        "danh hiệu sản xuất kinh doanh giỏi."
    )
    farmers = [OrgAlias("ND", ("Hội Nông dân",))]
    found = items(parse_plan_text(text, org_aliases=farmers))
    assert found[-1] == (
        "ND",
        True,
        "Hằng năm có từ 70% số hộ hội viên đăng ký danh hiệu sản xuất kinh doanh giỏi.",
    )
    assert len(found) == 3


def test_a_request_of_all_levels_or_the_leaders_of_an_organisation_is_a_directive() -> None:
    """ "yêu cầu các cấp Hội Phụ nữ …" / "yêu cầu lãnh đạo Hội …": the organisation is
    the object of the request, so its one task comes ticked, as for "yêu cầu Hội …"."""
    for who in ("các cấp Hội Liên hiệp phụ nữ phường", "lãnh đạo Hội Liên hiệp phụ nữ phường"):
        text = (
            f"Phát biểu tại hội nghị, đồng chí Bí thư Đảng ủy yêu cầu {who} tập trung vận "
            "động hội viên tham gia xây dựng khu dân cư văn minh."
        )
        assert items(parse_plan_text(text)) == [
            ("LHPN", True, "tập trung vận động hội viên tham gia xây dựng khu dân cư văn minh.")
        ]


def test_planned_work_named_before_gan_voi_viec_opens_its_list_without_a_colon() -> None:
    """ "… triển khai các công tác trọng tâm năm 2025 gắn với việc <a>; <b>; <c>": the
    planned work is named, then its items follow "gắn với việc" / "bao gồm" without a
    colon; an ellipsis closed by a full stop ends the last item's sentence."""
    text = (
        "Tại hội nghị, đồng chí Phó Chủ tịch Ủy ban MTTQ phường triển khai các công tác trọng "
        "tâm năm 2025 gắn với việc vận động nhân dân đóng góp Quỹ Vì người nghèo; giám sát "
        "việc chỉnh trang đô thị ở các khu phố; tổ chức Ngày hội Đại đoàn kết ở khu dân cư…. "
        "ngoài ra nắm tình hình dư luận xã hội."
    )
    assert items(parse_plan_text(text)) == [
        ("MTTQ", True, "vận động nhân dân đóng góp Quỹ Vì người nghèo"),
        ("MTTQ", True, "giám sát việc chỉnh trang đô thị ở các khu phố"),
        ("MTTQ", True, "tổ chức Ngày hội Đại đoàn kết ở khu dân cư…."),
    ]
    report = text.replace("triển khai các công tác", "đã thực hiện các công tác")
    assert [t for _, ticked, t in items(parse_plan_text(report)) if ticked] == []


def test_the_period_a_review_looks_back_on_is_not_a_period_ahead() -> None:
    """ "Trong tháng 3/2023, Hội … tập trung …; …; …" in a text that names no earlier month
    reports that month; after "kết quả tháng 2" the same words plan the month ahead."""
    review = (
        "Trong tháng 3/2023, Hội Cựu chiến binh phường tập trung tuyên truyền kỷ niệm ngày "
        "thành lập Đoàn; phối hợp dọn vệ sinh các tuyến đường khu phố; vận động hội viên "
        "đóng góp quỹ nghĩa tình đồng đội. Toàn hội kết nạp được 12 hội viên mới."
    )
    assert [t for _, ticked, t in items(parse_plan_text(review)) if ticked] == []
    plan = "Hội nghị đánh giá kết quả công tác tháng 2/2023.\n\n" + review
    assert [org for org, ticked, _ in items(parse_plan_text(plan)) if ticked] == ["CCB"] * 3


def test_an_ellipsis_with_no_space_before_a_capital_ends_its_sentence() -> None:
    """ "… khởi nghiệp...Phấn đấu …" (the space lost after the dots) ends one task and
    begins the next, as "… khởi nghiệp... Phấn đấu …" does."""
    text = (
        "Năm 2024, Hội Liên hiệp phụ nữ phường thực hiện các nhiệm vụ trọng tâm: Tuyên truyền "
        "phòng chống bạo lực gia đình; hỗ trợ phụ nữ khởi nghiệp...Phấn đấu kết nạp 50 hội viên "
        "mới; xây dựng 2 mô hình tiết kiệm trong hội viên."
    )
    assert items(parse_plan_text(text)) == [
        ("LHPN", True, "Tuyên truyền phòng chống bạo lực gia đình"),
        ("LHPN", True, "hỗ trợ phụ nữ khởi nghiệp..."),
        ("LHPN", True, "Phấn đấu kết nạp 50 hội viên mới"),
        ("LHPN", True, "xây dựng 2 mô hình tiết kiệm trong hội viên."),
    ]


def test_a_persons_name_ending_in_doan_or_hoi_names_no_organisation() -> None:
    """ "… tỉnh Trần Văn Đoàn yêu cầu các cấp Hội …": "Đoàn" ends a person's name (two
    capitalised words before it), so the work stays with the veterans' association; "BCH
    Đoàn phường" still names the youth union."""
    text = (
        "Năm 2025, Chủ tịch Hội Cựu chiến binh tỉnh Trần Văn Đoàn yêu cầu các cấp Hội tiếp tục "
        "giáo dục truyền thống cho thế hệ trẻ; giúp hội viên phát triển kinh tế; tham gia giữ "
        "gìn an ninh trật tự ở khu dân cư."
    )
    assert {org for org, _, _ in items(parse_plan_text(text))} == {"CCB"}
    youth = text.replace("Trần Văn Đoàn yêu cầu các cấp Hội", "yêu cầu BCH Đoàn phường")
    assert {org for org, _, _ in items(parse_plan_text(youth))} == {"DTN"}


def test_the_years_theme_before_the_year_still_opens_the_years_plan() -> None:
    """ "Với chủ đề năm 2024, Hội … tiếp tục …; …; …" after a report of 2023 plans 2024,
    as "Năm 2024, Hội …" does."""
    text = (
        "Năm 2023, Hội Nông dân phường kết nạp được 40 hội viên mới.\n\n"
        "Với chủ đề năm 2024, Hội Nông dân phường tiếp tục vận động hội viên sản xuất an toàn; "
        "mở lớp dạy nghề cho nông dân; xây dựng chi hội nghề nghiệp trồng rau."
    )
    farmers = [OrgAlias("ND", ("Hội Nông dân",))]
    assert items(parse_plan_text(text, org_aliases=farmers)) == [
        ("ND", True, "tiếp tục vận động hội viên sản xuất an toàn"),
        ("ND", True, "mở lớp dạy nghề cho nông dân"),
        ("ND", True, "xây dựng chi hội nghề nghiệp trồng rau."),
    ]


def test_the_contents_of_an_adopted_list_after_trong_do_are_work_ahead() -> None:
    """ "… đã thông qua 5 chỉ tiêu chủ yếu năm 2025, trong đó tập trung …; ứng dụng …;
    không ngừng nâng cao …": the list was adopted in the past, its contents are still to
    do; "đã hoàn thành 5 chỉ tiêu …, trong đó …" reports them."""
    text = (
        "Hội nghị Hội Cựu chiến binh phường đã thông qua 5 chỉ tiêu chủ yếu năm 2025, trong "
        "đó tập trung giúp hội viên thoát nghèo; ứng dụng công nghệ số trong sinh hoạt chi hội; "
        "không ngừng nâng cao chất lượng hội viên."
    )
    assert items(parse_plan_text(text)) == [
        ("CCB", True, "tập trung giúp hội viên thoát nghèo"),
        ("CCB", True, "ứng dụng công nghệ số trong sinh hoạt chi hội"),
        ("CCB", True, "không ngừng nâng cao chất lượng hội viên."),
    ]
    report = text.replace("đã thông qua", "đã hoàn thành")
    assert [t for _, ticked, t in items(parse_plan_text(report)) if ticked] == []


def test_a_request_of_a_named_organisation_holding_several_tasks_is_a_directive() -> None:
    """ "đề nghị Hội Nông dân phường tiếp tục …, đổi mới …, đẩy mạnh …": the request is
    made of the organisation named right before its verbs, so its tasks come ticked; the
    same request made of no one stays offered."""
    text = (
        "Phát biểu tại hội nghị, đồng chí Bí thư Đảng ủy đề nghị Hội Nông dân phường tiếp tục "
        "vận động hội viên góp vốn xây dựng quỹ hỗ trợ, đổi mới cách sinh hoạt ở các chi hội, "
        "đẩy mạnh phong trào nông dân sản xuất kinh doanh giỏi."
    )
    farmers = [OrgAlias("ND", ("Hội Nông dân",))]
    assert items(parse_plan_text(text, org_aliases=farmers)) == [
        ("ND", True, "tiếp tục vận động hội viên góp vốn xây dựng quỹ hỗ trợ"),
        ("ND", True, "đổi mới cách sinh hoạt ở các chi hội"),
        ("ND", True, "đẩy mạnh phong trào nông dân sản xuất kinh doanh giỏi."),
    ]
    unaddressed = text.replace("đề nghị Hội Nông dân phường", "đề nghị")
    assert [t for _, ticked, t in items(parse_plan_text(unaddressed)) if ticked] == []


def test_neu_ro_after_a_comma_opens_the_next_task_of_a_directive() -> None:
    """ "…; ghi nhận những đóng góp …, nêu rõ những tồn tại …, đề ra giải pháp …": "nêu
    rõ" begins a task of its own, as "tiếp tục" and "đẩy mạnh" do."""
    text = (
        "Đồng chí Chủ tịch UBND phường yêu cầu Hội Nông dân phường chuẩn bị tốt hội nghị tổng "
        "kết; xây dựng báo cáo đánh giá đúng kết quả phong trào; ghi nhận những đóng góp của "
        "hội viên nông dân ở các chi hội, nêu rõ những tồn tại và nguyên nhân, đề ra giải pháp "
        "cho giai đoạn mới."
    )
    farmers = [OrgAlias("ND", ("Hội Nông dân",))]
    assert [t for _, _, t in items(parse_plan_text(text, org_aliases=farmers))][2:] == [
        "ghi nhận những đóng góp của hội viên nông dân ở các chi hội",
        "nêu rõ những tồn tại và nguyên nhân, đề ra giải pháp cho giai đoạn mới.",
    ]


def test_a_request_of_the_standing_body_of_hoi_goes_on_in_the_next_sentence() -> None:
    """ "Đề nghị Ban Thường vụ Hội tiếp tục …, nâng cao …. Rà soát, bổ sung …": the request
    is made of the organisation named before ("Hội" its short name), so it is ticked and
    the next sentence that opens with a task goes on with it."""
    text = (
        "Đồng chí Bí thư Đảng ủy phường chúc mừng Hội Liên hiệp phụ nữ phường nhân ngày thành "
        "lập. Đề nghị Ban Thường vụ Hội tiếp tục chăm lo đời sống hội viên khó khăn, nâng cao "
        "chất lượng sinh hoạt chi hội ở các khu phố. Rà soát, bổ sung kế hoạch công tác năm "
        "2024 của Hội cho sát với thực tế."
    )
    assert items(parse_plan_text(text)) == [
        ("LHPN", True, "tiếp tục chăm lo đời sống hội viên khó khăn"),
        ("LHPN", True, "nâng cao chất lượng sinh hoạt chi hội ở các khu phố."),
        ("LHPN", True, "Rà soát, bổ sung kế hoạch công tác năm 2024 của Hội cho sát với thực tế."),
    ]


def test_the_months_left_of_a_named_year_open_the_plan_of_a_review() -> None:
    """ "Những tháng cuối năm 2024, Hội … tiếp tục …; …": the rest of the year is a time
    ahead with its year written after it, as without ("6 tháng cuối năm, …")."""
    text = (
        "Hội Liên hiệp phụ nữ phường sơ kết công tác 6 tháng đầu năm 2024. Trong 6 tháng đầu "
        "năm, các chi hội đã kết nạp 40 hội viên mới.\n"
        "Những tháng cuối năm 2024, Hội Liên hiệp phụ nữ phường tiếp tục vận động hội viên tham "
        "gia bảo hiểm y tế; nhân rộng mô hình nhóm phụ nữ tiết kiệm ở các khu phố."
    )
    assert items(parse_plan_text(text)) == [
        ("LHPN", True, "tiếp tục vận động hội viên tham gia bảo hiểm y tế"),
        ("LHPN", True, "nhân rộng mô hình nhóm phụ nữ tiết kiệm ở các khu phố."),
    ]


def test_the_tasks_of_an_adopted_plan_after_nhu_are_cut_at_each_verb_and_at_va() -> None:
    """ "… thông qua kế hoạch năm 2026 … với các nhiệm vụ trọng tâm, như <a>, phát triển
    …, và tham gia …": ", như" opens the adopted plan's contents as ", trong đó" does, and
    each comma before a task verb ("phát triển" too), or before "và" and one, cuts a task."""
    text = (
        "Hội nghị Ban Chấp hành Đoàn Thanh niên phường đã thống nhất thông qua kế hoạch năm "
        "2026 với các nhiệm vụ trọng tâm, như đổi mới sinh hoạt chi đoàn khu phố, phát triển "
        "đoàn viên trong học sinh trung học, và tham gia giữ gìn vệ sinh môi trường ở khu dân cư."
    )
    assert items(parse_plan_text(text)) == [
        ("DTN", True, "đổi mới sinh hoạt chi đoàn khu phố"),
        ("DTN", True, "phát triển đoàn viên trong học sinh trung học"),
        ("DTN", True, "tham gia giữ gìn vệ sinh môi trường ở khu dân cư."),
    ]


def test_a_list_paragraph_opening_with_the_period_ahead_holds_a_task_per_sentence() -> None:
    """ "…kết luận như sau:\\n- Trong quý II, Hội … tiếp tục …. Hướng dẫn …; rà soát …" in a
    review of quý I: the period ahead makes the paragraph the quarter's plan, each sentence
    (cut at its semicolons) a task; the same paragraph on quý I stays one item."""
    text = (
        "Hội Liên hiệp phụ nữ phường sơ kết công tác quý I năm 2025. Sau khi nghe các ý kiến, "
        "đồng chí Chủ tịch Hội kết luận như sau:\n"
        "- Trong quý II, Ban Thường vụ Hội Liên hiệp phụ nữ phường tiếp tục vận động hội viên "
        "tham gia Ngày Chủ nhật xanh. Hướng dẫn các chi hội xây dựng kế hoạch kỷ niệm ngày Gia "
        "đình Việt Nam; rà soát danh sách hội viên nghèo cần vay vốn."
    )
    assert [(org, t) for org, _, t in items(parse_plan_text(text))] == [
        (
            "LHPN",
            "Trong quý II, Ban Thường vụ Hội Liên hiệp phụ nữ phường tiếp tục vận động hội viên "
            "tham gia Ngày Chủ nhật xanh.",
        ),
        ("LHPN", "Hướng dẫn các chi hội xây dựng kế hoạch kỷ niệm ngày Gia đình Việt Nam"),
        ("LHPN", "rà soát danh sách hội viên nghèo cần vay vốn."),
    ]
    assert all(ticked for _, ticked, _ in items(parse_plan_text(text)))
    same_quarter = text.replace("Trong quý II,", "Trong quý I,")
    assert len(items(parse_plan_text(same_quarter))) == 1


def test_clauses_that_join_into_one_task_are_still_offered_as_one_directive() -> None:
    """ "… Hội Cựu chiến binh phường sẽ chủ trì thực hiện, phát động …, kiểm tra, …": the
    first clause, too short for a task, joins the rest; the sentence is then one task, offered
    as a directive is (a lone "sẽ" ticks nothing), not dropped."""
    text = (
        "Về phong trào giữ gìn trật tự đô thị, Hội Cựu chiến binh phường sẽ chủ trì thực hiện, "
        "phát động thực hiện phong trào trong các chi hội, kiểm tra, tổng hợp, báo cáo kết quả "
        "hằng quý."
    )
    assert items(parse_plan_text(text)) == [
        (
            "CCB",
            False,
            "chủ trì thực hiện, phát động thực hiện phong trào trong các chi hội, kiểm tra, tổng "
            "hợp, báo cáo kết quả hằng quý.",
        )
    ]


@pytest.mark.parametrize("work", ["công tác", "các hình thức"])
def test_a_dated_task_of_propaganda_work_goes_on_in_the_task_sentences_after_it(
    work: str,
) -> None:
    """ "Năm 2025, Hội … đẩy mạnh công tác tuyên truyền, vận động hội viên …. Tổ chức …;
    hỗ trợ …": "công tác (các hình thức …) tuyên truyền, vận động" is one work, so the
    sentence is one task, ticked as the year's plan of the organisation it names; the
    sentences after it that open with a task go on with it."""
    text = (
        "Năm 2024, Hội Cựu chiến binh phường đã kết nạp 12 hội viên mới. Năm 2025, Hội Cựu "
        f"chiến binh phường đẩy mạnh {work} tuyên truyền, vận động hội viên giữ gìn truyền "
        "thống Bộ đội Cụ Hồ. Tổ chức thăm hỏi hội viên ốm đau; hỗ trợ hội viên vay vốn làm "
        "kinh tế."
    )
    assert items(parse_plan_text(text)) == [
        (
            "CCB",
            True,
            f"đẩy mạnh {work} tuyên truyền, vận động hội viên giữ gìn truyền thống Bộ đội Cụ Hồ.",
        ),
        ("CCB", True, "Tổ chức thăm hỏi hội viên ốm đau"),
        ("CCB", True, "hỗ trợ hội viên vay vốn làm kinh tế."),
    ]


def test_building_on_the_results_achieved_opens_work_ahead() -> None:
    """ "Trên cơ sở những thành tích đã đạt được, năm 2025 Hội … đề ra các chỉ tiêu như: …":
    the results named are the ground of the plan, not what the sentence reports, so its list
    is the organisation's work ahead; a report of what was done stays a report."""
    text = (
        "Trên cơ sở những thành tích đã đạt được, năm 2025 Hội Phụ nữ phường đề ra các chỉ "
        "tiêu như: 100% chi hội tổ chức sinh hoạt định kỳ hằng tháng; vận động 30 hội viên "
        "mới tham gia tiết kiệm; giúp 5 hộ phụ nữ nghèo vay vốn làm kinh tế."
    )
    assert items(parse_plan_text(text)) == [
        ("LHPN", True, "100% chi hội tổ chức sinh hoạt định kỳ hằng tháng"),
        ("LHPN", True, "vận động 30 hội viên mới tham gia tiết kiệm"),
        ("LHPN", True, "giúp 5 hộ phụ nữ nghèo vay vốn làm kinh tế."),
    ]
    report = (
        "Phát huy kết quả đạt được, năm 2024 Hội Phụ nữ phường đã tổ chức các hoạt động như: "
        "sinh hoạt chuyên đề về gia đình; trao 20 suất quà cho hội viên nghèo."
    )
    assert not [i for i in items(parse_plan_text(report)) if i[1]]


def test_targets_after_cu_the_inside_a_guests_sentence_are_cut_at_each_target() -> None:
    """ "… ghi nhận kết quả Hội … đã đạt được …, yêu cầu … cần phấn đấu đạt được …, cụ thể:
    a, 95% …, tiếp tục …, đồng thời …": the clause after the results turns to work ahead, so
    its list after "cụ thể:" is the organisation's; a target and "đồng thời" each open a
    task of their own at a comma."""
    text = (
        "Phát biểu tại đại hội, lãnh đạo Hội Nông dân huyện ghi nhận kết quả mà Hội Nông dân "
        "xã đã đạt được trong nhiệm kỳ qua, yêu cầu những chỉ tiêu Hội Nông dân xã cần phấn "
        "đấu đạt được trong nhiệm kỳ mới, cụ thể: hằng năm kết nạp từ 20 hội viên mới trở "
        "lên, 95% chi hội đạt vững mạnh, tiếp tục nhân rộng các tổ hợp tác trồng rau an toàn, "
        "đồng thời vận động hội viên tham gia bảo hiểm xã hội tự nguyện."
    )
    assert items(parse_plan_text(text, org_aliases=[OrgAlias("ND", ("Hội Nông dân",))])) == [
        ("ND", True, "hằng năm kết nạp từ 20 hội viên mới trở lên"),
        ("ND", True, "95% chi hội đạt vững mạnh"),
        ("ND", True, "tiếp tục nhân rộng các tổ hợp tác trồng rau an toàn"),
        ("ND", True, "vận động hội viên tham gia bảo hiểm xã hội tự nguyện."),
    ]


def test_a_guests_request_after_the_results_holds_the_tasks_and_thuong_xuyen_opens_one() -> None:
    """ "… khen ngợi những thành tích Hội … đạt được trong năm qua và đề nghị, trong năm tới,
    … tiếp tục …, thường xuyên …, xây dựng …": the request after the results is the
    sentence's own clause, ahead by its time; "thường xuyên" before a task verb opens a task
    at a comma."""
    text = (
        "Phát biểu tại hội nghị, đồng chí Trần Văn B - Chủ tịch Hội Cựu chiến binh quận khen "
        "ngợi những thành tích Hội Cựu chiến binh phường đạt được trong năm qua và đề nghị, "
        "trong năm tới, cán bộ, hội viên cựu chiến binh phường tiếp tục giữ vững phẩm chất "
        "Bộ đội Cụ Hồ, thường xuyên kiện toàn các chi hội ở khu dân cư, xây dựng quỹ nghĩa "
        "tình đồng đội ở mọi chi hội."
    )
    assert items(parse_plan_text(text)) == [
        ("CCB", True, "tiếp tục giữ vững phẩm chất Bộ đội Cụ Hồ"),
        ("CCB", True, "thường xuyên kiện toàn các chi hội ở khu dân cư"),
        ("CCB", True, "xây dựng quỹ nghĩa tình đồng đội ở mọi chi hội."),
    ]


def test_a_clause_after_a_semicolon_that_opens_with_dong_thoi_is_one_more_task() -> None:
    """ "… đề nghị Đoàn Thanh niên phường duy trì …; đồng thời tiếp tục …": the connective
    adds a task to the request; it is one of the list, not a clause that ends it."""
    text = (
        "Kết luận buổi làm việc, bà C - Phó Bí thư Đảng ủy phường đề nghị Đoàn Thanh niên "
        "phường duy trì đội hình thanh niên tình nguyện ở các tổ dân phố, chủ động phối hợp "
        "giữ gìn trật tự đô thị; đồng thời tiếp tục hỗ trợ đoàn viên khởi nghiệp."
    )
    assert items(parse_plan_text(text)) == [
        (
            "DTN",
            True,
            "duy trì đội hình thanh niên tình nguyện ở các tổ dân phố, chủ động phối hợp giữ "
            "gìn trật tự đô thị",
        ),
        ("DTN", True, "tiếp tục hỗ trợ đoàn viên khởi nghiệp."),
    ]


@pytest.mark.parametrize("name", ["HNCT", "Hội NCT", "Hội Người cao tuổi"])
def test_a_congress_list_goes_to_the_one_organisation_the_text_names_even_shortened(
    name: str,
) -> None:
    """ "Đại hội đề ra 12 chỉ tiêu …. Trong đó, …. Đại hội đã bầu Ban chấp hành HNCT xã …":
    no organisation acts in the text and one only is named, by its initials as often as
    not (HNCT, CĐ, HCTĐ …): the list is that organisation's."""
    orgs = (OrgAlias("NCT", ("Hội Người cao tuổi",)),)
    text = (
        "Đại hội đề ra 12 chỉ tiêu chủ yếu nhiệm kỳ 2026 - 2031. Trong đó, phấn đấu kết nạp "
        "300 hội viên mới; hằng năm có 90% chi hội đạt vững mạnh. Đại hội đã bầu Ban chấp "
        f"hành {name} xã gồm 9 thành viên."
    )
    assert items(parse_plan_text(text, org_aliases=orgs)) == [
        ("NCT", True, "phấn đấu kết nạp 300 hội viên mới"),
        ("NCT", True, "hằng năm có 90% chi hội đạt vững mạnh."),
    ]


def test_an_organisation_named_as_a_partner_does_not_own_a_list() -> None:
    """ "…; phối hợp chặt chẽ với Ủy ban MTTQ quận.": the one organisation the text names
    is the partner of the work, not the one doing it; the list stays shared."""
    text = (
        "Cụm thi đua 1 tiếp tục đổi mới phương thức hoạt động; thực hiện tốt công tác vận "
        "động hiến máu; tham gia phòng ngừa thảm họa; phối hợp chặt chẽ với Ủy ban MTTQ quận."
    )
    assert {org for org, _, _ in items(parse_plan_text(text))} == {"shared"}


def test_initials_of_a_units_name_or_of_a_name_cut_short_are_not_an_organisation() -> None:
    """ "HCTĐ", "Hội CTĐ", "CTĐ" name the Red Cross; "Chi đoàn" is a unit of the Youth
    Union, not shortened to "CĐ" (the trade union's); "Mặt trận" is the Front's name cut
    short, and "MT" is not the Front."""
    from wardtasks.importer.orgfinder import OrgFinder
    from wardtasks.importer.orgs import matcher_for, merge_aliases

    aliases = (OrgAlias("CTD", ("Hội Chữ thập đỏ",)), OrgAlias("CDOAN", ("Công đoàn",)))
    finder = OrgFinder(matcher_for(merge_aliases(aliases)))

    def named(text: str) -> list[str]:
        return [code for _, code in finder.mentions(text)]

    assert named("HCTĐ phường, Hội CTĐ xã và CTĐ huyện") == ["CTD"] * 3
    assert named("CĐ phường và Chi đoàn khu phố") == ["CDOAN", "DTN"]
    assert named("MT phường") == []


def test_targets_joined_by_va_each_with_its_own_figure_are_two_tasks() -> None:
    """ "95% hội viên đạt … và 90% gia đình … đạt …", "hằng năm có 80% … và đến cuối nhiệm kỳ
    có 60% …": two targets, each with its figure (or its time) and its predicate; "200 hộ
    và 50 cá nhân" are two objects of one task."""
    text = (
        "Nhiệm kỳ 2026 - 2031, Hội Cựu chiến binh phường đề ra các chỉ tiêu: 100% chi hội "
        "trong sạch vững mạnh; 95% trở lên hội viên đạt tiêu chuẩn hội viên gương mẫu và 90% "
        "gia đình hội viên đạt chuẩn gia đình văn hóa; hằng năm có 80% chi hội đạt loại khá "
        "và đến cuối nhiệm kỳ có 60% chi hội đạt loại xuất sắc; vận động 200 hộ và 50 cá "
        "nhân đóng góp quỹ nghĩa tình đồng đội."
    )
    assert [t for _, _, t in items(parse_plan_text(text))] == [
        "100% chi hội trong sạch vững mạnh",
        "95% trở lên hội viên đạt tiêu chuẩn hội viên gương mẫu",
        "90% gia đình hội viên đạt chuẩn gia đình văn hóa",
        "hằng năm có 80% chi hội đạt loại khá",
        "đến cuối nhiệm kỳ có 60% chi hội đạt loại xuất sắc",
        "vận động 200 hộ và 50 cá nhân đóng góp quỹ nghĩa tình đồng đội.",
    ]


def test_cu_the_nhu_opens_the_list_announced_and_an_aim_is_no_target() -> None:
    """ "… các chỉ tiêu chủ yếu được đưa ra. Cụ thể như <a>; <b>": the connective opens the
    list without a comma; "đề ra mục tiêu đoàn kết, vững mạnh, …" says what the
    organisation shall be, no task."""
    text = (
        "Hội Cựu chiến binh phường tổ chức hội nghị triển khai nhiệm vụ năm 2026. Hội Cựu "
        "chiến binh phường đề ra mục tiêu đoàn kết, vững mạnh, thực hiện tốt chức năng, nhiệm "
        "vụ trong tình hình mới. Tại hội nghị, các chỉ tiêu chủ yếu được đưa ra. Cụ thể như "
        "hằng năm kết nạp mới 50 hội viên; phấn đấu 90% chi hội đạt trong sạch vững mạnh."
    )
    assert items(parse_plan_text(text)) == [
        ("CCB", True, "hằng năm kết nạp mới 50 hội viên"),
        ("CCB", True, "phấn đấu 90% chi hội đạt trong sạch vững mạnh."),
    ]


def test_a_list_goes_on_in_the_sentences_that_open_with_who_does_the_next_task() -> None:
    """A list cut by full stops: "… như: A; B. Hội CCB phường và các chi hội cơ sở phối hợp
    …. Toàn phường phối hợp …": a sentence opening with the organisation (or "toàn
    phường", "mỗi chi hội") and, a few words on, a task verb is one more item; a report's
    sentence after it ends the list."""
    text = (
        "Nhiệm kỳ 2026 - 2031, Hội Cựu chiến binh phường đề ra các chỉ tiêu cụ thể như: 100% "
        "chi hội đạt trong sạch vững mạnh; phấn đấu hằng năm có 90% hội viên đạt gương mẫu. "
        "Hội CCB phường và các chi hội cơ sở phối hợp chặt chẽ với các đơn vị xây dựng quỹ "
        "nghĩa tình đồng đội. Toàn phường phối hợp hỗ trợ 5 hội viên thoát nghèo. Đại hội đã "
        "bầu 9 đồng chí vào Ban chấp hành."
    )
    assert items(parse_plan_text(text)) == [
        ("CCB", True, "100% chi hội đạt trong sạch vững mạnh"),
        ("CCB", True, "phấn đấu hằng năm có 90% hội viên đạt gương mẫu."),
        (
            "CCB",
            True,
            "Hội CCB phường và các chi hội cơ sở phối hợp chặt chẽ với các đơn vị xây dựng "
            "quỹ nghĩa tình đồng đội.",
        ),
        ("CCB", True, "Toàn phường phối hợp hỗ trợ 5 hội viên thoát nghèo."),
    ]


def test_qua_do_opens_the_contents_announced_over_full_stops_and_not_their_results() -> None:
    """ "… đã triển khai 4 nội dung của cuộc vận động “Toàn dân … xây dựng …”. Qua đó, A; B.
    C. D; E; và F.": a quoted name after the list noun is a name; the list goes on over
    full stops; "; và vệ sinh …" with no verb is the last object of the item before. Offered
    (the sentence says what was deployed, not that it is ahead). "Qua đó, đã vận động được
    …" says what it achieved: nothing."""
    text = (
        "Tại hội nghị, Ban Thường trực Ủy ban MTTQ phường đã triển khai 4 nội dung của cuộc "
        "vận động “Toàn dân đoàn kết xây dựng đô thị văn minh”. Qua đó, tập trung vận động "
        "Quỹ “Vì người nghèo”; hỗ trợ các hộ thoát nghèo bền vững. Vận động nhân dân thực "
        "hiện nếp sống văn minh. Phối hợp giữ gìn an ninh trật tự; thực hiện cuộc vận động "
        "“Người Việt Nam ưu tiên dùng hàng Việt Nam”; và vệ sinh môi trường."
    )
    assert items(parse_plan_text(text)) == [
        ("MTTQ", False, "tập trung vận động Quỹ “Vì người nghèo”"),
        ("MTTQ", False, "hỗ trợ các hộ thoát nghèo bền vững."),
        ("MTTQ", False, "Vận động nhân dân thực hiện nếp sống văn minh."),
        ("MTTQ", False, "Phối hợp giữ gìn an ninh trật tự"),
        (
            "MTTQ",
            False,
            "thực hiện cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam”; và vệ sinh "
            "môi trường.",
        ),
    ]
    results = (
        "Ủy ban MTTQ phường đã triển khai 4 nội dung của cuộc vận động “Toàn dân đoàn kết xây "
        "dựng đô thị văn minh”. Qua đó, đã vận động được 200 triệu đồng; hỗ trợ 12 hộ thoát "
        "nghèo; tặng 50 suất quà."
    )
    assert items(parse_plan_text(results)) == []


def test_an_aim_opening_a_sentence_is_not_its_task_and_an_offered_list_goes_on() -> None:
    """ "Để thực hiện mục tiêu này, các chi hội tăng cường …, phối hợp …, vận động ….
    Đồng thời, tiếp tục …": the task starts at its verb after the aim and its subject; the
    sentence after that opens with a task goes on with the list, offered as it is."""
    text = (
        "Trên cơ sở chỉ tiêu của Hội cấp trên, Ban Thường vụ Hội Cựu chiến binh phường đã xây "
        "dựng chỉ tiêu và phương hướng, nhiệm vụ năm 2026. Theo đó, các cấp hội phấn đấu kết "
        "nạp mới 50 hội viên. Để thực hiện mục tiêu này, các chi hội tăng cường công tác tuyên "
        "truyền tại khu dân cư, phối hợp với tổ dân phố nắm chắc số cựu quân nhân trên địa "
        "bàn, vận động cựu quân nhân tham gia hội. Đồng thời, tiếp tục nâng cao chất lượng sinh "
        "hoạt chi hội."
    )
    assert [t for _, _, t in items(parse_plan_text(text))] == [
        "phấn đấu kết nạp mới 50 hội viên.",
        "tăng cường công tác tuyên truyền tại khu dân cư",
        "phối hợp với tổ dân phố nắm chắc số cựu quân nhân trên địa bàn",
        "vận động cựu quân nhân tham gia hội.",
        "tiếp tục nâng cao chất lượng sinh hoạt chi hội.",
    ]


def test_a_target_for_the_end_of_the_term_after_a_list_goes_on_with_it() -> None:
    """ "…: A; B. Đến cuối nhiệm kỳ, 100% cán bộ … được bồi dưỡng …": a sentence opening
    with the time of its target, set off by a comma, is one more item, without it."""
    text = (
        "Nhiệm kỳ 2026 - 2031, Ủy ban MTTQ phường đặt ra nhiều chỉ tiêu cụ thể: vận động Quỹ "
        "“Vì người nghèo” đạt ít nhất 100 triệu đồng/năm; hỗ trợ xây dựng 5 nhà “Đại đoàn "
        "kết”. Đến cuối nhiệm kỳ, 100% cán bộ Mặt trận được bồi dưỡng nghiệp vụ. Đại hội đã "
        "bầu 25 vị vào Ủy ban."
    )
    assert items(parse_plan_text(text)) == [
        ("MTTQ", True, "vận động Quỹ “Vì người nghèo” đạt ít nhất 100 triệu đồng/năm"),
        ("MTTQ", True, "hỗ trợ xây dựng 5 nhà “Đại đoàn kết”."),
        ("MTTQ", True, "100% cán bộ Mặt trận được bồi dưỡng nghiệp vụ."),
    ]


def test_an_organisation_that_is_the_subject_of_one_item_owns_that_item_only() -> None:
    """A team's meeting asks for three things, the last "Hội Cựu chiến binh phường vận động
    …": that item is the Hội's, the others stay everyone's; the one organisation the text
    names does not take the whole list for being the subject of one of its items."""
    text = (
        "Ban chỉ đạo phòng chống dịch khu phố họp định kỳ\n"
        "Kết luận cuộc họp, Trưởng ban đề nghị các thành viên thực hiện một số việc như sau:\n"
        "1. Rà soát danh sách các hộ gia đình khó khăn trên địa bàn.\n"
        "2. Phân công thành viên theo dõi từng tổ dân phố.\n"
        "3. Hội Cựu chiến binh phường vận động hội viên tham gia tổ tự quản.\n"
    )
    assert [(org, t[:12]) for org, _, t in items(parse_plan_text(text))] == [
        ("shared", "Rà soát danh"),
        ("shared", "Phân công th"),
        ("CCB", "Hội Cựu chiế"),
    ]
    # So in a marked list under a key-task heading.
    listed = "NHIỆM VỤ TRỌNG TÂM NĂM 2024\n" + "".join(
        f"- {line.split(' ', 1)[1]}\n" for line in text.splitlines()[2:]
    )
    assert [(org, t[:12]) for org, _, t in items(parse_plan_text(listed))] == [
        ("shared", "Rà soát danh"),
        ("shared", "Phân công th"),
        ("CCB", "Hội Cựu chiế"),
    ]


@pytest.mark.parametrize(
    "reached", ["nhiều chỉ tiêu đạt cao như:", "các chỉ tiêu cơ bản đều đạt và vượt, cụ thể:"]
)
def test_figures_after_a_list_noun_said_reached_are_results_not_tasks(reached: str) -> None:
    """A report of the half year past says its targets were reached ("nhiều chỉ tiêu đạt
    cao như: …"): the figures after it are results; the plan for the half year ahead, after
    "trọng tâm là:", holds the tasks. Aimed at ("phấn đấu các chỉ tiêu đạt …"), they are
    targets."""
    text = (
        "6 tháng đầu năm, Hội Cựu chiến binh phường bám sát chỉ đạo của cấp ủy; "
        f"{reached} kết nạp hội viên đạt 120%; vận động quỹ đạt 150%; "
        "xây dựng chi hội vững mạnh đạt 110%.\n"
        "Hội nghị thống nhất nhiệm vụ 6 tháng cuối năm, trọng tâm là: Tiếp tục tuyên truyền "
        "hội viên chấp hành pháp luật; tổ chức thăm hỏi hội viên ốm đau.\n"
    )
    ticked = [t for _, tick, t in items(parse_plan_text(text)) if tick]
    assert ticked == [
        "Tiếp tục tuyên truyền hội viên chấp hành pháp luật",
        "tổ chức thăm hỏi hội viên ốm đau.",
    ]
    aimed = text.replace(reached, "phấn đấu các chỉ tiêu đạt và vượt như sau:").replace(
        "6 tháng đầu năm,", "6 tháng cuối năm,"
    )
    assert any("đạt 120%" in t for _, _, t in items(parse_plan_text(aimed)))


def test_paragraphs_numbered_by_ordinal_words_after_a_sentence_announcing_a_list() -> None:
    """ "… hai khâu đột phá trong nhiệm kỳ tới." then "Thứ nhất, …", "Thứ hai, …": the items are the
    numbered paragraphs, not the sentence that announces them."""
    text = (
        "Đoàn phường tổ chức hội nghị triển khai nhiệm vụ năm 2024\n\n"
        "Đoàn Thanh niên phường xác định hai khâu đột phá trong nhiệm kỳ tới.\n\n"
        "Thứ nhất, đẩy mạnh chuyển đổi số trong sinh hoạt chi đoàn.\n\n"
        "Thứ hai, xây dựng đội hình thanh niên tình nguyện tại khu dân cư.\n"
    )
    assert items(parse_plan_text(text)) == [
        ("DTN", True, "đẩy mạnh chuyển đổi số trong sinh hoạt chi đoàn."),
        ("DTN", True, "xây dựng đội hình thanh niên tình nguyện tại khu dân cư."),
    ]


def test_items_named_after_do_la_may_be_separated_by_full_stops() -> None:
    """ "… thông qua phương hướng năm 2025, cụ thể là tổ chức …. Vận động …. Duy trì …":
    the planned work named, its items after "cụ thể là", one sentence each (their commas
    are their own); the sentence after them that does not open with a task ends the list.
    Said of results ("… kết quả nổi bật, đó là …"), they are no tasks."""
    text = (
        "Hội nghị thông qua phương hướng năm 2025 của Hội Cựu chiến binh phường, cụ thể là tổ "
        "chức hiến máu tình nguyện, sơ cấp cứu ban đầu cho người dân. Vận động quỹ nhân đạo, "
        "hỗ trợ người khó khăn. Duy trì tủ áo nhân ái tại trụ sở, khu dân cư. Hội nghị bế "
        "mạc lúc 11 giờ.\n"
    )
    assert items(parse_plan_text(text)) == [
        ("CCB", True, "tổ chức hiến máu tình nguyện, sơ cấp cứu ban đầu cho người dân."),
        ("CCB", True, "Vận động quỹ nhân đạo, hỗ trợ người khó khăn."),
        ("CCB", True, "Duy trì tủ áo nhân ái tại trụ sở, khu dân cư."),
    ]
    # "là" alone right after the noun of planned work names its items too.
    bare = text.replace(
        "phương hướng năm 2025 của Hội Cựu chiến binh phường, cụ thể là", ""
    ).replace("Hội nghị thông qua ", "Hội Cựu chiến binh phường xác định nhiệm vụ trọng tâm là")
    assert [t[:8] for _, tick, t in items(parse_plan_text(bare)) if tick] == [
        "tổ chức ",
        "Vận động",
        "Duy trì ",
    ]
    results = text.replace("thông qua phương hướng năm 2025", "đánh giá kết quả năm 2024").replace(
        "cụ thể là", "đó là"
    )
    assert not [t for _, tick, t in items(parse_plan_text(results)) if tick]


def test_a_quotation_never_closed_does_not_hide_the_separators_after_it() -> None:
    """ "… các phần việc: phát động phong trào “Ngày thứ bảy tình nguyện; ra quân …; tặng
    …": the quotation is never closed in its paragraph, so it is a typing slip and the
    semicolons after it still separate the tasks (so after a bracket never closed); a
    closed one still holds its own."""
    text = (
        "Năm 2024, Đoàn Thanh niên phường sẽ thực hiện các phần việc: phát động phong trào "
        "“Ngày thứ bảy tình nguyện; ra quân dọn vệ sinh kênh rạch; tặng quà thiếu nhi khó "
        "khăn;…\n"
    )
    assert [t for _, _, t in items(parse_plan_text(text))] == [
        "phát động phong trào “Ngày thứ bảy tình nguyện",
        "ra quân dọn vệ sinh kênh rạch",
        "tặng quà thiếu nhi khó khăn",
    ]
    bracket = text.replace("“Ngày", "(Ngày")
    assert len(items(parse_plan_text(bracket))) == 3
    closed = text.replace("rạch;", "rạch”;")
    assert [t for _, _, t in items(parse_plan_text(closed))] == [
        "phát động phong trào “Ngày thứ bảy tình nguyện; ra quân dọn vệ sinh kênh rạch”",
        "tặng quà thiếu nhi khó khăn",
    ]


def test_a_plan_goes_on_in_a_paragraph_where_its_organisation_also_does_more() -> None:
    """ "Năm 2026, Đoàn … tập trung …." then a paragraph "Đoàn cũng tăng cường …; tổ chức
    …. Đồng thời phối hợp …": the same plan's tasks; a paragraph of what it also did
    ("Đoàn cũng đã trao …") is not."""
    text = (
        "Năm 2025, Đoàn Thanh niên phường đã tổ chức nhiều hoạt động, kết quả nổi bật.\n"
        "Năm 2026, Đoàn Thanh niên phường tập trung xây dựng chi đoàn khu dân cư vững mạnh.\n"
        "Đoàn cũng tăng cường giáo dục truyền thống cho đoàn viên; tổ chức các lớp kỹ năng "
        "sống cho thiếu nhi. Đồng thời phối hợp công an phường giữ gìn an ninh trật tự.\n"
    )
    assert items(parse_plan_text(text)) == [
        ("DTN", True, "tập trung xây dựng chi đoàn khu dân cư vững mạnh."),
        ("DTN", True, "tăng cường giáo dục truyền thống cho đoàn viên"),
        ("DTN", True, "tổ chức các lớp kỹ năng sống cho thiếu nhi"),
        ("DTN", True, "phối hợp công an phường giữ gìn an ninh trật tự"),
    ]
    done = text.replace("Đoàn cũng tăng cường", "Đoàn cũng đã tăng cường")
    assert len(items(parse_plan_text(done))) == 1
    # "còn" (also) says it as "cũng" does.
    still = text.replace("Đoàn cũng tăng cường", "Đoàn còn tăng cường")
    assert items(parse_plan_text(still)) == items(parse_plan_text(text))


def test_trong_tam_la_opens_the_heart_of_the_work_the_sentence_before_planned() -> None:
    """ "… sẽ …." then "Nhiệm vụ trọng tâm là đẩy mạnh …; tổ chức …": the plan's own
    tasks, ticked like it; after a sentence of the year past, not ticked."""
    text = (
        "Năm 2026, Hội Cựu chiến binh phường sẽ tiếp tục đổi mới phương thức hoạt động.\n\n"
        "Nhiệm vụ trọng tâm là đẩy mạnh phong trào giúp nhau làm kinh tế; tổ chức gặp mặt "
        "truyền thống; vận động hội viên tham gia bảo vệ môi trường.\n"
    )
    assert [(org, tick, t[:8]) for org, tick, t in items(parse_plan_text(text))][1:] == [
        ("CCB", True, "đẩy mạnh"),
        ("CCB", True, "tổ chức "),
        ("CCB", True, "vận động"),
    ]
    past = text.replace("sẽ tiếp tục đổi mới", "đã đổi mới")
    assert not [t for _, tick, t in items(parse_plan_text(past)) if tick]


def test_sentences_numbered_by_ordinal_words_in_one_paragraph_are_items() -> None:
    """ "… xác định 3 nhiệm vụ trọng tâm. Thứ nhất, …. Thứ hai, …; …. Trong đó …. Thứ
    ba, …. <report>": each item runs to the next ordinal, the last is its own sentence;
    the ordinal words of an inline list ("…: Một là, …; Hai là, …") are no item's text."""
    text = (
        "Năm 2024, Hội Liên hiệp Phụ nữ phường đã đạt nhiều kết quả. Năm 2025, Hội Liên hiệp "
        "Phụ nữ phường xác định 3 nhiệm vụ trọng tâm. Thứ nhất, tăng cường tuyên truyền hội "
        "viên. Thứ hai, hỗ trợ phụ nữ phát triển kinh tế. Trong đó chú trọng phụ nữ nghèo. "
        "Thứ ba, xây dựng tổ chức hội vững mạnh. Hội nghị bế mạc lúc 11 giờ.\n"
    )
    assert items(parse_plan_text(text)) == [
        ("LHPN", True, "tăng cường tuyên truyền hội viên."),
        ("LHPN", True, "hỗ trợ phụ nữ phát triển kinh tế. Trong đó chú trọng phụ nữ nghèo."),
        ("LHPN", True, "xây dựng tổ chức hội vững mạnh."),
    ]
    inline = (
        "Năm 2025, Hội Cựu chiến binh phường thực hiện 3 nhiệm vụ trọng tâm: Một là, tăng "
        "cường giáo dục chính trị; Hai là, vận động hội viên làm kinh tế; Ba là, xây dựng hội "
        "vững mạnh.\n"
    )
    assert [t for _, _, t in items(parse_plan_text(inline))] == [
        "tăng cường giáo dục chính trị",
        "vận động hội viên làm kinh tế",
        "xây dựng hội vững mạnh.",
    ]


def test_lists_named_after_work_done_are_results_and_after_a_plan_adopted_are_tasks() -> None:
    """ "… đã hoàn thành các chỉ tiêu, đó là …. …" reports what was done: no ticked item;
    "… đã xác định 3 nhiệm vụ trọng tâm. Thứ nhất, …" adopted a plan: its items."""
    done = (
        "Năm 2024, Hội Cựu chiến binh phường đã hoàn thành các chỉ tiêu, đó là tổ chức hiến "
        "máu tình nguyện cho 50 người. Vận động quỹ nhân đạo 20 triệu đồng. Duy trì tủ áo "
        "nhân ái.\n"
    )
    assert not [t for _, tick, t in items(parse_plan_text(done)) if tick]
    adopted = (
        "Hội Cựu chiến binh phường đã xác định 3 nhiệm vụ trọng tâm của năm tới. Thứ nhất, "
        "tổ chức hiến máu tình nguyện. Thứ hai, vận động quỹ nhân đạo. Thứ ba, duy trì tủ áo "
        "nhân ái.\n"
    )
    assert [(org, tick) for org, tick, _ in items(parse_plan_text(adopted))] == [("CCB", True)] * 3


def test_a_plan_written_as_sentences_with_its_organisation_as_subject() -> None:
    """ "Năm 2026, Hội … tiếp tục đổi mới nội dung và phương thức …. Hội tập trung …, đồng
    thời bám sát …." then a paragraph "Hội chú trọng …; …": every clause is the plan's task
    (a bare "nội dung" is the object of one task, not a list announced); the same
    paragraph after a year already reported ("Hội đã chú trọng …") is not."""
    text = (
        "Năm 2025, Hội Cựu chiến binh phường đã hoàn thành tốt các phong trào thi đua.\n"
        "Năm 2026, Hội Cựu chiến binh phường tiếp tục đổi mới nội dung và phương thức sinh "
        "hoạt chi hội. Hội tập trung giáo dục truyền thống cho thế hệ trẻ trên địa bàn, đồng "
        "thời bám sát tình hình an ninh trật tự ở khu dân cư.\n"
        "Hội chú trọng phát triển hội viên mới; vận động hội viên giúp nhau làm kinh tế.\n"
    )
    assert items(parse_plan_text(text)) == [
        ("CCB", True, "tiếp tục đổi mới nội dung và phương thức sinh hoạt chi hội."),
        ("CCB", True, "Hội tập trung giáo dục truyền thống cho thế hệ trẻ trên địa bàn"),
        ("CCB", True, "bám sát tình hình an ninh trật tự ở khu dân cư."),
        ("CCB", True, "chú trọng phát triển hội viên mới"),
        ("CCB", True, "vận động hội viên giúp nhau làm kinh tế"),
    ]
    done = text.replace("Hội chú trọng", "Hội đã chú trọng")
    assert len(items(parse_plan_text(done))) == 3


def test_the_year_a_text_sums_up_opens_its_results_not_a_plan() -> None:
    """A year-end ("sơ kết hoạt động năm 2024, triển khai nhiệm vụ năm 2025") that names an
    older year too: "Năm 2024, Hội … phát huy …, tham gia …" reports the year summed up,
    nothing ticked; "Năm 2025, Hội … phát huy …" is the plan's."""
    text = (
        "Hội Cựu chiến binh phường sơ kết hoạt động năm 2024, triển khai nhiệm vụ năm 2025.\n"
        "Thực hiện Nghị quyết số 12 ban hành năm 2022 của Trung ương Hội.\n"
        "Năm 2024, Hội Cựu chiến binh phường phát huy vai trò hội viên trong sản xuất kinh "
        "doanh, đẩy mạnh ứng dụng khoa học kỹ thuật vào chăn nuôi, tham gia xây dựng đô "
        "thị văn minh.\n"
    )
    assert not [t for _, tick, t in items(parse_plan_text(text)) if tick]
    ahead = text.replace("Năm 2024, Hội", "Năm 2025, Hội")
    assert [tick for _, tick, _ in items(parse_plan_text(ahead))] == [True] * 3


@pytest.mark.parametrize(
    "before",
    [
        # the results the plan builds on open the sentence that adopts it
        "Trên cơ sở đánh giá kết quả năm 2024, Đoàn Thanh niên phường xác định phương hướng "
        "công tác trong thời gian tới.",
        # the results reviewed, then "và" the plan adopted, its theme quoted
        "Đoàn Thanh niên phường tổ chức hội nghị cán bộ.\nTại hội nghị, các đại biểu đã đánh "
        "giá kết quả năm 2024 và thống nhất phương hướng năm 2025 với chủ đề: “Tuổi trẻ "
        "xung kích, sáng tạo, vì cộng đồng”.",
    ],
)
def test_theo_do_after_a_plan_adopted_on_the_results_of_the_year_before(before: str) -> None:
    """ "Theo đó, Đoàn tập trung …; …" after a sentence that reviews a year's results and
    adopts the plan for the next: the plan's tasks, ticked; after results alone, offered."""
    text = (
        before + "\nTheo đó, Đoàn tập trung giáo dục lý tưởng cách mạng cho đoàn viên; tổ chức "
        "các hoạt động tình nguyện hè; phát triển đoàn viên mới.\n"
    )
    assert [(org, tick) for org, tick, _ in items(parse_plan_text(text))] == [("DTN", True)] * 3
    # results reviewed and praised, no plan adopted: offered, not ticked
    praised = (
        "Đoàn Thanh niên phường tổ chức hội nghị cán bộ.\nTại hội nghị, các đại biểu đã đánh "
        "giá kết quả năm 2024 và biểu dương các chi đoàn tiêu biểu.\n" + text.split("\n")[-2]
    )
    assert [(org, tick) for org, tick, _ in items(parse_plan_text(praised))] == [("DTN", False)] * 3


def test_groups_of_work_announced_and_named_by_nouns_are_one_item_each() -> None:
    """ "… 3 nhóm hoạt động chính gồm: Tổ chức các hoạt động …; các hoạt động …; chăm lo
    …": as many items as groups announced, though the second repeats the first's object."""
    text = (
        "Năm 2025, Hội Liên hiệp Phụ nữ phường sẽ tập trung vào 3 nhóm hoạt động chính gồm: "
        "Tổ chức các hoạt động tuyên truyền pháp luật cho hội viên; các hoạt động hỗ trợ phụ "
        "nữ khởi nghiệp; chăm lo cho trẻ em có hoàn cảnh khó khăn.\n"
    )
    assert items(parse_plan_text(text)) == [
        ("LHPN", True, "Tổ chức các hoạt động tuyên truyền pháp luật cho hội viên"),
        ("LHPN", True, "các hoạt động hỗ trợ phụ nữ khởi nghiệp"),
        ("LHPN", True, "chăm lo cho trẻ em có hoàn cảnh khó khăn."),
    ]


def test_tasks_an_organisation_decides_and_the_events_a_plan_focuses_on() -> None:
    """ "Bám sát chủ đề năm: “…”, Đoàn phường xác định tiếp tục …; tổ chức …": the tasks it
    decides, ticked; "Các hoạt động chính sẽ tập trung vào việc tổ chức …; kỷ niệm …; các
    hoạt động …": every clause after the focus is an item, verb or noun. A sentence that
    decides and then reports ("…, năm 2024, Đoàn đã làm tốt …") gives nothing ticked."""
    text = (
        "Bám sát chủ đề năm: “Tuổi trẻ tiên phong, sáng tạo”, Đoàn Thanh niên phường xác "
        "định tiếp tục tổ chức các chiến dịch tình nguyện hè; phát triển các câu lạc bộ kỹ "
        "năng cho thiếu nhi.\n"
        "Các hoạt động chính sẽ tập trung vào việc tổ chức ngày hội thiếu nhi; kỷ niệm 95 năm "
        "Ngày thành lập Đoàn; các hoạt động đền ơn đáp nghĩa.\n"
    )
    assert items(parse_plan_text(text)) == [
        ("DTN", True, "tiếp tục tổ chức các chiến dịch tình nguyện hè"),
        ("DTN", True, "phát triển các câu lạc bộ kỹ năng cho thiếu nhi."),
        ("DTN", True, "tổ chức ngày hội thiếu nhi"),
        ("DTN", True, "kỷ niệm 95 năm Ngày thành lập Đoàn"),
        ("DTN", True, "các hoạt động đền ơn đáp nghĩa."),
    ]
    reported = (
        "Xác định tổ chức các chiến dịch tình nguyện là nhiệm vụ trọng tâm, năm 2024, Đoàn "
        "Thanh niên phường đã làm tốt công tác tuyên truyền; phát động phong trào đến đoàn "
        "viên.\n"
    )
    assert not [t for _, tick, t in items(parse_plan_text(reported)) if tick]


def test_items_a_congress_singles_out_of_the_targets_it_set_split_at_commas() -> None:
    """ "Đại hội đã đề ra 6 mục tiêu chủ yếu, trong đó nhấn mạnh công tác giám sát, phản
    biện xã hội, đẩy mạnh …, xây dựng …": the items singled out, the first a noun; a
    congress that names targets without singling any out gives no item."""
    text = (
        "Ủy ban MTTQ phường tổ chức Đại hội nhiệm kỳ 2024 - 2029.\n"
        "Đại hội đã đề ra 6 mục tiêu chủ yếu, trong đó nhấn mạnh công tác giám sát, phản "
        "biện xã hội, đẩy mạnh cải cách hành chính, xây dựng khu dân cư văn hóa kiểu mẫu.\n"
    )
    assert items(parse_plan_text(text)) == [
        ("MTTQ", True, "công tác giám sát, phản biện xã hội"),
        ("MTTQ", True, "đẩy mạnh cải cách hành chính"),
        ("MTTQ", True, "xây dựng khu dân cư văn hóa kiểu mẫu."),
    ]
    named = text.replace(", trong đó nhấn mạnh công tác giám sát", " về công tác giám sát")
    assert not [t for _, tick, t in items(parse_plan_text(named)) if tick]


def test_a_list_read_from_the_plan_after_nhu_starts_at_its_first_task() -> None:
    """ "Theo kế hoạch, trong tháng này Đoàn … tập trung triển khai các phần việc … như
    trồng cây …; sửa đường …; …": the plan's tasks, ticked, the first without the lead."""
    text = (
        "Theo kế hoạch, trong tháng này Đoàn Thanh niên phường tập trung triển khai các phần "
        "việc thanh niên như tổ chức trồng cây xanh trên tuyến đường ven sông; hỗ trợ sửa chữa "
        "nhà nhân ái cho hộ nghèo; tổ chức ngày hội hiến máu tình nguyện.\n"
    )
    assert items(parse_plan_text(text)) == [
        ("DTN", True, "tổ chức trồng cây xanh trên tuyến đường ven sông"),
        ("DTN", True, "hỗ trợ sửa chữa nhà nhân ái cho hộ nghèo"),
        ("DTN", True, "tổ chức ngày hội hiến máu tình nguyện."),
    ]
    done = text.replace("tập trung triển khai", "đã triển khai")
    assert not [t for _, tick, t in items(parse_plan_text(done)) if tick]


def test_trong_do_after_many_targets_set_without_a_count_opens_one_of_them() -> None:
    """ "Đại hội đề ra nhiều chỉ tiêu, nhiệm vụ để …. Trong đó, phấn đấu …": one of the
    targets set, ticked; after a sentence that sets none, only offered."""
    text = (
        "Đại hội đề ra nhiều chỉ tiêu, nhiệm vụ để nâng cao chất lượng hoạt động Hội Cựu "
        "chiến binh phường nhiệm kỳ 2025-2030. Trong đó, phấn đấu hằng năm có 90% chi hội "
        "đạt vững mạnh.\n"
    )
    assert items(parse_plan_text(text)) == [
        ("CCB", True, "phấn đấu hằng năm có 90% chi hội đạt vững mạnh."),
    ]
    praised = text.replace("Đại hội đề ra nhiều chỉ tiêu, nhiệm vụ", "Đại hội biểu dương nhiều")
    assert [tick for _, tick, _ in items(parse_plan_text(praised))] == [False]
