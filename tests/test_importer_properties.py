"""Property tests of the plan-text importer: it never fails and never loses a line."""

from __future__ import annotations

from collections import Counter
from datetime import date

from hypothesis import event, given, settings
from hypothesis import strategies as st

from wardtasks.importer import OrgAlias, ParseResult, parse_plan_text, render_as_text

SETTINGS = settings(max_examples=200, deadline=None)
EXTRA_ALIASES = (OrgAlias("HND", ("Hội Nông dân",)), OrgAlias("NCT", ("Hội Người cao tuổi",)))

VIETNAMESE = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
)
ALPHABET = (
    VIETNAMESE
    + VIETNAMESE.upper()
    + "0123456789 \xa0\t\n\r\n-+*•–—;:.,()/“”\"'…IVX\u200b\ufeff\x0b\x1c\u2028"
)
FRAGMENTS = [
    "NHIỆM VỤ TRỌNG TÂM NĂM 2023",
    "* NHIỆM VỤ TRỌNG TÂM",
    "Nhiệm vụ năm 2024:",
    "* Mặt trận tổ quốc:",
    "\xa0 \xa0* Đoàn Thanh niên phường",
    "II. HỘI CỰU CHIẾN BINH",
    "1. Hội LHPN",
    "Hội Phụ nữ",
    "MTTQ",
    "* Hội Nông dân phường",
    "Hội Người cao tuổi:",
    "a) Hội Chữ thập đỏ:",
    "- Tổ chức các hoạt động kỷ niệm (18/11/1930-18/11/2023)",
    "-Quan tâm công tác giáo dục; tuyên truyền",
    "+ Phối hợp với",
    "Hội Cựu chiến binh",
    "- sạch - đẹp",
    "• Vận động “hội viên; nhân dân” tham gia (khu dân cư; khối)",
    "1) thăm hỏi",
    "-",
    "*",
    "",
    "\xa0",
    "\xa0 \xa0",
    "z4012705827385 e0f894bb90c38e5d43cf99fa6932d4a7 (1)",
    "Tác giả bài viết: Nguyễn Phương",
    "Thứ tư - 04/01/2023 16:04",
    "Tổng số điểm của bài viết là: 1 trong 1 đánh giá",
    "Ý kiến bạn đọc",
    "Các tin khác",
    "Năm 2023, Mặt trận tổ quốc và các đoàn thể phường sẽ thực hiện tốt hơn nữa.",
    "Trong năm 2023, Hội phấn đấu hoàn thành xuất sắc nhiệm vụ",
    "nâng cao chất lượng; giám sát, phản biện xã hội.",
    "đến hết ngày 30/6/2023.",
]

# Random text, alone or after a key-task heading (so that it is read as list content).
any_text = st.tuples(
    st.sampled_from(["", "NHIỆM VỤ TRỌNG TÂM\n"]),
    st.text(alphabet=ALPHABET, max_size=300) | st.text(max_size=200),
).map("".join)
fragment_text = st.tuples(
    st.sampled_from(["", "NHIỆM VỤ TRỌNG TÂM NĂM 2023\n", "* Hội Cựu chiến binh:\n"]),
    st.lists(st.sampled_from(FRAGMENTS) | st.text(alphabet=ALPHABET, max_size=40), max_size=30),
    st.sampled_from(["\n", "\r\n", "\r"]),
).map(lambda parts: parts[0] + parts[2].join(parts[1]))


def assert_every_line_once(result: ParseResult, *, split: bool) -> None:
    item_lines = [n for item in result.items for n in item.lines]
    # Items read from one line share it, but no character of the source is in two items.
    taken = [
        (s.line, c) for item in result.items for s in item.spans for c in range(s.start, s.end)
    ]
    assert len(taken) == len(set(taken))
    places = Counter(set(item_lines))
    places.update(result.heading_lines)
    places.update(s.line for s in result.skipped)
    assert places == Counter(range(1, result.line_count + 1))
    for item in result.items:
        assert item.text and item.title and item.lines
        assert item.text == " ".join(item.text.split())


def summary(result: ParseResult) -> list[tuple[object, ...]]:
    return [
        (
            s.kind,
            s.org_code,
            s.unknown_org,
            s.heading_name if s.unknown_org else None,
            i.text,
            i.title,
            i.due_date,
        )
        for s in result.sections
        for i in s.items
    ]


def check(text: str, split: bool, extra: bool) -> ParseResult:
    aliases = EXTRA_ALIASES if extra else ()
    result = parse_plan_text(text, split_shared=split, org_aliases=aliases)
    assert result.line_count == len(text.splitlines())
    assert_every_line_once(result, split=split)
    rendered = render_as_text(result)
    again = parse_plan_text(rendered, split_shared=split, org_aliases=aliases)
    assert summary(again) == summary(result), rendered
    assert ("no_items_found" in result.messages) == (not result.items)
    event("items" if result.items else "no items")
    return result


@SETTINGS
@given(text=any_text, split=st.booleans(), extra=st.booleans())
def test_any_text(text: str, split: bool, extra: bool) -> None:
    check(text, split, extra)


@SETTINGS
@given(text=fragment_text, split=st.booleans(), extra=st.booleans())
def test_texts_made_of_list_fragments(text: str, split: bool, extra: bool) -> None:
    check(text, split, extra)


# --- a composed list is read back exactly ---------------------------------------------

HEADINGS = {
    "MTTQ": [
        "Mặt trận tổ quốc",
        "MTTQ",
        "UB MTTQ",
        "Ủy ban MTTQ Việt Nam",
        "Mặt trận Tổ quốc Việt Nam",
    ],
    "DTN": ["Đoàn Thanh niên", "Đoàn TNCS Hồ Chí Minh", "Đoàn TN", "ĐTN"],
    "CCB": ["Hội Cựu chiến binh", "Hội CCB"],
    "LHPN": ["Hội Liên hiệp phụ nữ", "Hội LHPN", "Hội Phụ nữ"],
    "HND": ["Hội Nông dân"],
}
HEADING_MARKERS = ["* ", "*", "1. ", "2) ", "II. ", "a) ", "- ", "\xa0 \xa0* ", ""]
ITEM_MARKERS = ["- ", "-", "\xa0-", "+ ", "• ", "– ", "* ", "1. ", "2) ", "b) "]
VERBS = ["Tăng cường", "Tổ chức", "Phối hợp với", "Vận động", "Tuyên truyền", "Giám sát", "Duy trì"]
OBJECTS = [
    "công tác giám sát",
    "hội viên",
    "nhân dân",
    "các chi hội",
    "khu dân cư",
    "phong trào thi đua",
    "trước ngày 15/5/2023",
    "(03/4/2013-03/4/2023)",
    "“Ngày hội đại đoàn kết; toàn dân”",
    "MTTQ",
    "Đoàn Thanh niên",
    "Hội CCB",
    "kinh tế - xã hội",
]


task_texts = st.builds(
    lambda verb, parts, end: verb + " " + "".join(s + o for s, o in parts).lstrip(" ,;.") + end,
    st.sampled_from(VERBS),
    st.lists(
        st.tuples(st.sampled_from([" ", ", ", "; ", ". "]), st.sampled_from(OBJECTS)),
        min_size=2,
        max_size=8,
    ),
    st.sampled_from(["", ".", ";"]),
)
Heading = tuple[str, tuple[str, str], str, bool]
WrittenItem = tuple[str, str, int, str | None]
headings = st.tuples(
    st.sampled_from(HEADING_MARKERS),
    st.sampled_from([(code, name) for code, names in HEADINGS.items() for name in names]),
    st.sampled_from(["", " phường", ":", " phường:"]),
    st.booleans(),
)
written_items = st.tuples(
    task_texts,
    st.sampled_from(ITEM_MARKERS),
    st.integers(0, 30),
    st.sampled_from([None, None, "", "\xa0", "z4012811814091 f9230a598cf76ecc802ad9b5963b91d7"]),
)
PREAMBLE = [
    "Tổng kết công tác năm 2022, nhiệm vụ năm 2023",
    "",
    "Thứ tư - 04/01/2023 16:04",
    "Hội nghị đã khen thưởng những tập thể có thành tích xuất sắc.",
    "\xa0",
    "z4012705827385 e0f894bb90c38e5d43cf99fa6932d4a7",
]
FOOTER = [
    "Tác giả bài viết: Nguyễn Phương",
    "Xếp hạng: 1 - 1 phiếu bầu",
    "Ý kiến bạn đọc",
    "Các tin khác",
    "- Hội nghị tổng kết công tác Đoàn (05/01/2023)",
]


def compose(
    year: int,
    preamble: bool,
    task_heading: str,
    shared: str | None,
    sections: list[tuple[Heading, list[WrittenItem]]],
    conclusion: bool,
    footer: bool,
) -> tuple[str, list[tuple[str | None, str]], int]:
    """A key-task list written with the given conventions, and the items it holds."""
    lines = PREAMBLE.copy() if preamble else []
    lines.append(task_heading.format(year=year))
    expected: list[tuple[str | None, str]] = []
    if shared is not None:
        lines.append(shared)
        expected.append((None, shared))
    for (marker, (code, name), suffix, upper), items in sections:
        written = name + suffix
        lines.append(marker + (written.upper() if upper else written))
        for text, bullet, cut, noise in items:
            words = text.split(" ")
            cut %= len(words)
            tail = " ".join(words[cut:])
            if (
                0 < cut
                and len(words) - cut >= 4
                and not tail.startswith(("-", "("))
                and not words[cut - 1].endswith((".", ";", ")", "”"))
            ):
                lines += [bullet + " ".join(words[:cut]), tail]  # wrapped over two lines
            else:
                lines.append(bullet + text)
            expected.append((code, text))
            if noise is not None:
                lines.append(noise)
    if conclusion:
        lines += ["\xa0", f"Năm {year}, Mặt trận tổ quốc và các đoàn thể sẽ phối hợp tốt hơn.", ""]
    if footer:
        lines += FOOTER
    return "\n".join(lines), expected, year


composed_lists = st.builds(
    compose,
    st.integers(2020, 2030),
    st.booleans(),
    st.sampled_from(
        [
            "NHIỆM VỤ TRỌNG TÂM NĂM {year}",
            "* Nhiệm vụ trọng tâm năm {year}:",
            "II. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {year}",
        ]
    ),
    st.none() | task_texts,
    st.lists(
        st.tuples(headings, st.lists(written_items, min_size=1, max_size=4)), min_size=1, max_size=5
    ),
    st.booleans(),
    st.booleans(),
)


@SETTINGS
@given(composed=composed_lists, split=st.booleans())
def test_composed_lists_are_read_back_exactly(
    composed: tuple[str, list[tuple[str | None, str]], int], split: bool
) -> None:
    text, expected, year = composed
    result = check(text, split, extra=True)
    got = [(s.org_code, i.text) for s in result.sections for i in s.items]
    if split:
        got = [(c, t) for c, t in got if c is not None]
        expected = [(c, t) for c, t in expected if c is not None]
    assert got == expected, text
    assert result.year == year
    assert not any(s.unknown_org for s in result.sections)
    for item in result.items:
        if "(03/4/2013-03/4/2023)" in item.text and year == 2023:
            assert item.due_date == date(2023, 4, 3)
