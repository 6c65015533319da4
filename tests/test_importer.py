"""The plan-text importer on the published sample and on the same list written other ways."""

from __future__ import annotations

import io
import textwrap
import unicodedata
import zipfile
from collections import Counter
from datetime import date
from pathlib import Path

import docx
import pytest

from wardtasks.importer import (
    DEFAULT_ORG_ALIASES,
    OrgAlias,
    ParseResult,
    normalize,
    parse_plan_text,
    read_docx_text,
    render_as_text,
)

SAMPLE = Path(__file__).parent.parent / "wardtasks/demo/quynh-thien-2023.txt"

ORG_CODES = ["MTTQ", "DTN", "CCB", "LHPN"]


@pytest.fixture(scope="module")
def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def sample(sample_text: str) -> ParseResult:
    return parse_plan_text(sample_text)


def assert_every_line_once(result: ParseResult) -> None:
    """Each line 1..N is in exactly one place: an item, a heading or a skipped line."""
    places: Counter[int] = Counter()
    for section in result.sections:
        for item in section.items:
            assert item.lines, item
            assert list(item.lines) == sorted(set(item.lines))
    # Clauses split from one paragraph share its lines: count each line once per item source.
    places.update({n for item in result.items for n in item.lines})
    places.update(result.heading_lines)
    places.update(s.line for s in result.skipped)
    assert places == Counter(range(1, result.line_count + 1))


def org_items(result: ParseResult) -> list[tuple[str | None, str]]:
    return [(s.org_code, i.text) for s in result.sections if s.kind == "org" for i in s.items]


def strip_marks(text: str) -> str:
    """Vietnamese without diacritics, case kept ("Đoàn Thanh niên" → "Doan Thanh nien")."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# --- the published sample -------------------------------------------------------------


def test_sample_sections(sample: ParseResult) -> None:
    shared, *orgs = sample.sections
    assert shared.kind == "shared" and shared.org_code is None and shared.heading_line == 46
    assert [(s.kind, s.org_code, len(s.items)) for s in orgs] == [
        ("org", "MTTQ", 6),
        ("org", "DTN", 5),
        ("org", "CCB", 5),
        ("org", "LHPN", 4),
    ]
    assert not any(s.unknown_org for s in sample.sections)
    assert [s.heading_name for s in orgs] == [
        "Mặt trận tổ quốc",
        "Đoàn Thanh niên phường",
        "Hội Cựu chiến binh phường",
        "Hội Liên hiệp phụ nữ phường",
    ]
    assert sample.heading_lines == [1, 46, 48, 55, 61, 67]
    assert sample.year == 2023
    assert sample.title is not None and sample.title.startswith("Tổng kết công tác MTTQ")
    assert sample.messages == []
    assert sample.line_count == 92


def test_sample_every_line_accounted_for_once(sample: ParseResult) -> None:
    assert_every_line_once(sample)
    item_lines = [n for item in sample.items for n in item.lines]
    assert len(item_lines) == len(set(item_lines)) == 1 + 6 + 5 + 5 + 4


def test_sample_shared_paragraph_is_one_item(sample: ParseResult) -> None:
    (item,) = sample.sections[0].items
    assert item.lines == (47,)
    assert item.text.startswith("MTTQ, các đoàn thể phường bám sát nhiệm vụ")
    assert item.text.endswith("phát triển kinh tế - xã hội ở địa phương.")
    assert item.title == "MTTQ, các đoàn thể phường bám sát nhiệm vụ của MTTQ"


def test_sample_shared_paragraph_split_into_clauses(sample_text: str) -> None:
    result = parse_plan_text(sample_text, split_shared=True)
    clauses = result.sections[0].items
    assert len(clauses) == 12
    assert all(c.lines == (47,) for c in clauses)
    assert clauses[0].title == "MTTQ, các đoàn thể phường bám sát nhiệm vụ của MTTQ"
    assert clauses[0].text.endswith("chính sách pháp luật của nhà nước")
    assert clauses[5].title == (
        "nâng cao hiệu quả cuộc vận động “Người Việt nam ưu tiên dùng hàng Việt Nam”"
    )
    assert clauses[11].title == (
        "Động viên đoàn viên, hội viên, và nhân dân tích cực tham gia phát triển kinh tế"
        " - xã hội ở địa phương"
    )
    # The org sections are not split.
    assert [len(s.items) for s in result.sections[1:]] == [6, 5, 5, 4]
    assert_every_line_once(result)


def test_sample_items_text_and_titles(sample: ParseResult) -> None:
    mttq = sample.sections[1].items
    assert mttq[0].lines == (49,)
    assert mttq[0].text.startswith("Tăng cường công tác tuyên truyền, thường xuyên")
    assert mttq[0].title == (
        "Tăng cường công tác tuyên truyền, thường xuyên nắm bắt tình hình tư tưởng nhân dân"
        " để tham mưu cấp ủy"
    )
    # Non-breaking spaces inside the text are ordinary spaces in the item.
    assert "tiêu biểu; thường xuyên kiểm tra" in mttq[1].text
    # " -Quan tâm…" (a non-breaking space, no space after the dash) is an item.
    assert sample.sections[2].items[-1].text.startswith("Quan tâm chú trọng công tác giáo dục")
    for item in sample.items:
        assert item.title and len(item.title) <= 121
        assert not item.text.startswith(("-", " ")) and item.text == item.text.strip()
    long_title = sample.sections[3].items[1].title
    assert long_title.endswith("…") and len(long_title) <= 121


def test_sample_due_dates(sample: ParseResult) -> None:
    mttq = sample.sections[1].items
    anniversary = next(i for i in mttq if "kỷ niệm 93 năm Ngày truyền thống Mặt trận" in i.text)
    assert anniversary.due_date == date(2023, 11, 18)
    ccb = sample.sections[3].items
    (dated,) = [i for i in ccb if i.due_date is not None]
    assert "(03/4/2013-03/4/2023)" in dated.text and "(11/7/2013-11/7/2023)" in dated.text
    assert dated.due_date == date(2023, 7, 11)
    # "Chỉ thị 05 CT/TW ngày 15/5/2016" is not in the plan's year.
    assert sample.sections[0].items[0].due_date is None
    assert sum(i.due_date is not None for i in sample.items) == 2


def test_sample_due_dates_follow_the_given_year(sample_text: str) -> None:
    result = parse_plan_text(sample_text, year=2024)
    assert result.year == 2024
    assert all(i.due_date is None for i in result.items)


def test_sample_skipped_lines(sample: ParseResult) -> None:
    reasons = {s.line: s.reason for s in sample.skipped}
    assert reasons[73] == "conclusion"
    assert [n for n, r in reasons.items() if r == "conclusion"] == [73]
    image_lines = [9, 14, 16, 18, 19, 20, 22, 24, 26, 28, 32, 36, 38, 41, 42, 75]
    assert sorted(n for n, r in reasons.items() if r == "image_id") == image_lines
    for line in (83, 85, 86, 88, 90, 92):
        assert reasons[line] == "boilerplate", line
    assert reasons[79] == "byline" and reasons[81] == "byline" and reasons[3] == "byline"
    assert reasons[4] == "preamble" and reasons[12] == "preamble"
    assert reasons[5] == "caption" and reasons[34] == "caption"
    for line in (2, 10, 13, 25, 44, 72, 74, 77):  # "" or only (non-breaking) spaces
        assert reasons[line] == "blank", line
    by_text = {s.text.strip(): s.reason for s in sample.skipped}
    assert by_text["Click để đánh giá bài viết"] == "boilerplate"
    assert by_text["Ý kiến bạn đọc"] == "boilerplate"
    assert by_text["Các tin khác"] == "boilerplate"
    assert by_text["Tác giả bài viết: Nguyễn Phương-CT MTTQ phường"] == "byline"
    source = SAMPLE.read_text(encoding="utf-8").splitlines()
    assert all(s.text == source[s.line - 1] for s in sample.skipped)


def test_sample_renders_to_a_list_that_parses_the_same(sample: ParseResult) -> None:
    text = render_as_text(sample)
    assert text.startswith("NHIỆM VỤ TRỌNG TÂM NĂM 2023\nMTTQ, các đoàn thể phường")
    assert "\n* Mặt trận tổ quốc\n- Tăng cường công tác" in text
    again = parse_plan_text(text)
    assert [(s.kind, s.org_code, [i.text for i in s.items]) for s in again.sections] == [
        (s.kind, s.org_code, [i.text for i in s.items]) for s in sample.sections
    ]
    assert [i.due_date for i in again.items] == [i.due_date for i in sample.items]
    assert again.skipped == [] or {s.reason for s in again.skipped} == {"blank"}


# --- the same list written other ways --------------------------------------------------


def write_list(
    result: ParseResult,
    headings: dict[str, str],
    bullet: str = "- ",
    task_heading: str = "NHIỆM VỤ TRỌNG TÂM NĂM 2023",
) -> str:
    """Write the sample's list with other headings and bullets."""
    out = [task_heading, result.sections[0].items[0].text]
    for section in result.sections[1:]:
        assert section.org_code is not None
        out.append(headings[section.org_code])
        out.extend(bullet + item.text for item in section.items)
    return "\n".join(out)


@pytest.mark.parametrize(
    ("headings", "bullet"),
    [
        pytest.param(
            {
                "MTTQ": "1. Mặt trận tổ quốc",
                "DTN": "2. Đoàn TNCS Hồ Chí Minh",
                "CCB": "3. Hội CCB",
                "LHPN": "4. Hội Phụ nữ",
            },
            "+ ",
            id="numbered-headings-plus-bullets",
        ),
        pytest.param(
            {
                "MTTQ": "I. ỦY BAN MTTQ VIỆT NAM PHƯỜNG",
                "DTN": "II. ĐOÀN THANH NIÊN",
                "CCB": "III. HỘI CỰU CHIẾN BINH",
                "LHPN": "IV. HỘI LIÊN HIỆP PHỤ NỮ PHƯỜNG",
            },
            "•",
            id="roman-capitals-dot-bullets",
        ),
        pytest.param(
            {
                "MTTQ": "a) UB MTTQ:",
                "DTN": "b) Đoàn TN:",
                "CCB": "c) Hội Cựu chiến binh:",
                "LHPN": "d) Hội LHPN:",
            },
            "1. ",
            id="lettered-headings-numbered-items",
        ),
        pytest.param(
            {
                "MTTQ": "Ủy ban Mặt trận Tổ quốc Việt Nam",
                "DTN": "ĐTN",
                "CCB": "Hội Cựu chiến binh phường Quỳnh Thiện",
                "LHPN": "Hội Liên hiệp phụ nữ",
            },
            "– ",
            id="bare-names-en-dash",
        ),
        pytest.param(
            {
                "MTTQ": "* MTTQ",
                "DTN": "* Đoàn Thanh niên:",
                "CCB": "* Hội CCB phường:",
                "LHPN": "* Hội LHPN phường",
            },
            "-",
            id="no-space-after-dash",
        ),
    ],
)
def test_other_conventions_give_the_same_items(
    sample: ParseResult, headings: dict[str, str], bullet: str
) -> None:
    result = parse_plan_text(write_list(sample, headings, bullet))
    assert org_items(result) == org_items(sample)
    assert [i.text for i in result.sections[0].items] == [sample.sections[0].items[0].text]
    assert [i.due_date for i in result.items] == [i.due_date for i in sample.items]
    assert_every_line_once(result)


def test_text_without_diacritics(sample: ParseResult) -> None:
    headings = {
        "MTTQ": "* Mat tran to quoc:",
        "DTN": "* Doan Thanh nien phuong",
        "CCB": "* Hoi cuu chien binh phuong",
        "LHPN": "* Hoi Lien hiep phu nu phuong",
    }
    text = write_list(sample, headings, task_heading="* NHIEM VU TRONG TAM NAM 2023")
    result = parse_plan_text(strip_marks(text))
    assert [(c, normalize(t)) for c, t in org_items(result)] == [
        (c, normalize(t)) for c, t in org_items(sample)
    ]
    assert result.year == 2023
    assert result.items[5].due_date == date(2023, 11, 18)


def test_crlf_line_endings(sample_text: str, sample: ParseResult) -> None:
    result = parse_plan_text(sample_text.replace("\n", "\r\n"))
    assert org_items(result) == org_items(sample)
    assert result.skipped == sample.skipped
    assert result.line_count == sample.line_count


def test_wrapped_items_are_joined(sample: ParseResult) -> None:
    out = ["NHIỆM VỤ TRỌNG TÂM NĂM 2023"]
    for section in sample.sections[1:]:
        out.append(f"* {section.heading_name}")
        for item in section.items:
            first, *rest = textwrap.wrap(item.text, width=60, break_on_hyphens=False)
            out.append(f"- {first}")
            out.extend(rest)
    result = parse_plan_text("\n".join(out))
    assert org_items(result) == org_items(sample)
    assert sum(len(i.lines) > 1 for i in result.items) == len(result.items)


def test_docx_with_word_list_paragraphs(sample: ParseResult) -> None:
    document = docx.Document()
    document.add_paragraph("Tổng kết công tác MTTQ, các đoàn thể năm 2022, nhiệm vụ năm 2023")
    document.add_paragraph("NHIỆM VỤ TRỌNG TÂM NĂM 2023", style="Heading 1")
    document.add_paragraph(sample.sections[0].items[0].text)
    for section in sample.sections[1:]:
        document.add_paragraph(section.heading_name, style="Heading 2")
        for item in section.items:
            document.add_paragraph(item.text, style="List Bullet")
    document.add_paragraph("Năm 2023, Mặt trận tổ quốc và các đoàn thể phường sẽ phối hợp tốt hơn.")
    document.add_paragraph("")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Tác giả bài viết: Nguyễn Phương"
    table.cell(0, 1).text = "Nguồn tin: Quỳnh Thiện.gov.vn"
    buffer = io.BytesIO()
    document.save(buffer)

    text = read_docx_text(buffer.getvalue())
    lines = text.splitlines()
    assert lines[:7] == [
        "Tổng kết công tác MTTQ, các đoàn thể năm 2022, nhiệm vụ năm 2023",
        "",
        "NHIỆM VỤ TRỌNG TÂM NĂM 2023",
        "",
        sample.sections[0].items[0].text,
        "",
        "Mặt trận tổ quốc",
    ]
    assert lines[7] == "- " + sample.sections[1].items[0].text
    assert lines[-3:] == ["Tác giả bài viết: Nguyễn Phương", "", "Nguồn tin: Quỳnh Thiện.gov.vn"]
    result = parse_plan_text(text)
    assert org_items(result) == org_items(sample)
    assert result.sections[0].items[0].text == sample.sections[0].items[0].text
    assert {s.reason for s in result.skipped} == {"blank", "byline", "conclusion"}
    assert_every_line_once(result)


def test_docx_paragraphs_without_list_style_are_separate_items() -> None:
    document = docx.Document()
    document.add_paragraph("* Hội Nông dân phường")
    document.add_paragraph("Vận động nông dân thi đua sản xuất, kinh doanh giỏi")
    paragraph = document.add_paragraph("Phối hợp ngân hàng chính sách xã hội")
    paragraph.add_run().add_break()
    paragraph.add_run("cho hội viên vay vốn")
    buffer = io.BytesIO()
    document.save(buffer)

    result = parse_plan_text(read_docx_text(buffer.getvalue()))
    assert [(s.org_code, s.unknown_org) for s in result.sections] == [(None, True)]
    assert [i.text for i in result.items] == [
        "Vận động nông dân thi đua sản xuất, kinh doanh giỏi",
        "Phối hợp ngân hàng chính sách xã hội cho hội viên vay vốn",
    ]
    assert "no_task_heading" in result.messages


def test_docx_numbered_list_and_table_cells_in_order() -> None:
    document = docx.Document()
    document.add_paragraph("Nhiệm vụ năm 2024:")
    table = document.add_table(rows=2, cols=1)
    table.cell(0, 0).text = "Hội Cựu chiến binh"
    cell = table.cell(1, 0)
    cell.paragraphs[0].text = "Thăm hỏi hội viên ốm đau, có hoàn cảnh khó khăn."
    cell.paragraphs[0].style = document.styles["List Number"]
    cell.add_paragraph("- Giữ dấu đầu dòng sẵn có, không thêm nữa.", style="List Paragraph")
    document.add_paragraph("Hội LHPN:")
    document.add_paragraph("Vận động hội viên tham gia bảo hiểm y tế.", style="List Paragraph")
    buffer = io.BytesIO()
    document.save(buffer)

    text = read_docx_text(buffer.getvalue())
    assert text.splitlines() == [
        "Nhiệm vụ năm 2024:",
        "",
        "Hội Cựu chiến binh",
        "- Thăm hỏi hội viên ốm đau, có hoàn cảnh khó khăn.",
        "- Giữ dấu đầu dòng sẵn có, không thêm nữa.",
        "",
        "Hội LHPN:",
        "- Vận động hội viên tham gia bảo hiểm y tế.",
    ]
    result = parse_plan_text(text)
    assert result.year == 2024
    assert [(c, t[:10]) for c, t in org_items(result)] == [
        ("CCB", "Thăm hỏi h"),
        ("CCB", "Giữ dấu đầ"),
        ("LHPN", "Vận động h"),
    ]


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not a word file at all",
        b"PK\x03\x04garbage",
        "Tổng kết công tác".encode(),
    ],
)
def test_read_docx_text_rejects_garbage(data: bytes) -> None:
    with pytest.raises(ValueError, match="not_docx"):
        read_docx_text(data)


def test_read_docx_text_rejects_a_zip_that_is_not_a_word_file() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    with pytest.raises(ValueError, match="not_docx"):
        read_docx_text(buffer.getvalue())


# --- what is not a key-task list -----------------------------------------------------

NEWS_REPORT = """\
Hội nghị tổng kết công tác năm 2022 của Hội Cựu chiến binh phường

Sáng ngày 28/12/2022, Hội Cựu chiến binh phường Quỳnh Thiện tổ chức hội nghị tổng kết \
công tác Hội và phong trào Cựu chiến binh năm 2022, triển khai nhiệm vụ trọng tâm năm 2023.
Dự hội nghị có đồng chí Hồ Sỹ Tùng, Bí thư Đảng ủy phường; đại diện Mặt trận tổ quốc, \
Đoàn Thanh niên, Hội Liên hiệp phụ nữ phường cùng 120 hội viên tiêu biểu.

Năm 2022, Hội đã vận động hội viên giúp nhau phát triển kinh tế, xây dựng nông thôn mới; \
nhiều chi hội đạt danh hiệu trong sạch vững mạnh. Hội nghị đã biểu dương 15 tập thể và 32 \
cá nhân có thành tích xuất sắc.
Phát biểu tại hội nghị, đồng chí Bí thư Đảng ủy ghi nhận những kết quả đạt được và đề nghị \
Hội tiếp tục phát huy truyền thống Bộ đội Cụ Hồ.

Tác giả bài viết: Phan Thu
"""


def test_a_news_report_yields_no_items() -> None:
    result = parse_plan_text(NEWS_REPORT)
    assert result.items == []
    assert result.sections == []
    assert "no_items_found" in result.messages
    assert_every_line_once(result)
    reasons = {s.reason for s in result.skipped}
    assert reasons <= {"blank", "unrecognized", "byline"}
    assert "unrecognized" in reasons
    assert render_as_text(result) == ""


@pytest.mark.parametrize(
    "text",
    ["", "\n\n\xa0\n", "Xin chào", "- một\n- hai\n- ba", "* \n-\n1.\nI."],
)
def test_odd_texts_yield_no_items(text: str) -> None:
    result = parse_plan_text(text)
    assert result.items == [] and result.messages == ["no_items_found"]
    assert_every_line_once(result)


# --- organisations that are not in the aliases ---------------------------------------

UNKNOWN_ORG_TEXT = """\
NHIỆM VỤ TRỌNG TÂM NĂM 2023
* Hội Cựu chiến binh phường
- Tổ chức kỷ niệm ngày thành lập Hội (06/12/1989-06/12/2023).
* Hội Nông dân phường
- Vận động hội viên nông dân sản xuất, kinh doanh giỏi.
- Phối hợp ngân hàng chính sách xã hội cho hội viên vay vốn.
* Hội Người cao tuổi:
- Chăm lo đời sống người cao tuổi; mừng thọ các cụ tròn 70, 80, 90 tuổi.
- Hội nghị tổng kết năm:
"""


def test_unknown_org_heading() -> None:
    result = parse_plan_text(UNKNOWN_ORG_TEXT)
    ccb, farmers, elders = result.sections
    assert (ccb.org_code, ccb.unknown_org, ccb.items[0].due_date) == (
        "CCB",
        False,
        date(2023, 12, 6),
    )
    assert (farmers.org_code, farmers.unknown_org) == (None, True)
    assert farmers.heading_name == "Hội Nông dân phường" and farmers.heading_line == 4
    assert len(farmers.items) == 2
    assert (elders.org_code, elders.unknown_org, elders.heading_name) == (
        None,
        True,
        "Hội Người cao tuổi",
    )
    # "Hội nghị …" is an ordinary word, not an organisation.
    assert [i.text for i in elders.items][-1] == "Hội nghị tổng kết năm:"
    assert "unknown_org" in result.messages
    assert_every_line_once(result)


def test_extra_alias_recognises_the_organisation() -> None:
    aliases = [OrgAlias("HND", ("Hội Nông dân",))]
    result = parse_plan_text(UNKNOWN_ORG_TEXT, org_aliases=aliases)
    assert [(s.org_code, s.unknown_org) for s in result.sections] == [
        ("CCB", False),
        ("HND", False),
        (None, True),
    ]
    again = parse_plan_text(render_as_text(result), org_aliases=aliases)
    assert org_items(again) == org_items(result)


def test_database_codes_take_over_the_default_names() -> None:
    aliases = [
        OrgAlias("UBMT", ("Ủy ban Mặt trận Tổ quốc Việt Nam phường", "MTTQ")),
        OrgAlias("CCB", ("Hội Cựu chiến binh phường", "Hội CCB")),
    ]
    text = "Nhiệm vụ trọng tâm\n* Mặt trận tổ quốc:\n- Giám sát.\nHội Cựu chiến binh:\n- Thăm hỏi."
    result = parse_plan_text(text, org_aliases=aliases)
    assert [s.org_code for s in result.sections] == ["UBMT", "CCB"]
    assert result.year is None and "year_not_detected" in result.messages


def test_default_aliases_have_the_expected_codes() -> None:
    assert [a.code for a in DEFAULT_ORG_ALIASES] == ORG_CODES


# --- rules on small texts --------------------------------------------------------------


def test_org_name_inside_a_long_item_is_not_a_heading() -> None:
    text = (
        "NHIỆM VỤ TRỌNG TÂM NĂM 2023\n"
        "* Mặt trận tổ quốc\n"
        "- Tổ chức các hoạt động phối hợp với Đoàn Thanh niên phường trong tháng thanh niên.\n"
        "- Đoàn Thanh niên\n"
        "- Phối hợp với\n"
        "Hội Cựu chiến binh tổ chức gặp mặt.\n"
    )
    result = parse_plan_text(text)
    assert [(s.org_code, len(s.items)) for s in result.sections] == [("MTTQ", 1), ("DTN", 1)]
    assert result.items[-1].text == "Phối hợp với Hội Cựu chiến binh tổ chức gặp mặt."
    assert result.items[-1].lines == (5, 6)


def test_items_without_bullets_and_a_closing_paragraph() -> None:
    text = (
        "Nhiệm vụ năm 2023\n"
        "Hội Liên hiệp phụ nữ phường\n"
        "Vận động hội viên xây dựng gia đình 5 không, 3 sạch.\n"
        "\n"
        "Duy trì mô hình tiết kiệm tại các chi hội\n"
        "đến hết ngày 30/6/2023.\n"
        "\n"
        "Trong năm 2023, Hội phấn đấu hoàn thành xuất sắc nhiệm vụ.\n"
    )
    result = parse_plan_text(text)
    assert [i.text for i in result.items] == [
        "Vận động hội viên xây dựng gia đình 5 không, 3 sạch.",
        "Duy trì mô hình tiết kiệm tại các chi hội đến hết ngày 30/6/2023.",
    ]
    assert result.items[1].due_date == date(2023, 6, 30)
    assert result.skipped[-1].reason == "conclusion"


def test_split_never_cuts_inside_quotes_or_brackets() -> None:
    text = (
        "NHIỆM VỤ TRỌNG TÂM NĂM 2023\n"
        "Thực hiện cuộc vận động “Ngày vì người nghèo; Tết vì người nghèo”; "
        'tổ chức "Ngày hội; đại đoàn kết" (khu dân cư; tổ tự quản); giám sát.\n'
    )
    result = parse_plan_text(text, split_shared=True)
    assert [i.text for i in result.items] == [
        "Thực hiện cuộc vận động “Ngày vì người nghèo; Tết vì người nghèo”",
        'tổ chức "Ngày hội; đại đoàn kết" (khu dân cư; tổ tự quản)',
        "giám sát.",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kỷ niệm (03/4/2013-03/4/2023) và ngày 20/12/2023", date(2023, 4, 3)),
        ("Hoàn thành trước 30/6/2023, báo cáo trước 15/12/2023", date(2023, 12, 15)),
        ("Từ 01/3/2023 - 30/6/2024", None),
        ("Ngày 31/2/2023 không có", None),
        ("Chỉ thị ngày 15/5/2016", None),
    ],
)
def test_due_date_rules(text: str, expected: date | None) -> None:
    result = parse_plan_text(f"Nhiệm vụ trọng tâm\n* Hội CCB\n- {text}", year=2023)
    assert result.items[0].due_date == expected


def test_title_is_cut_on_a_word_boundary() -> None:
    words = " ".join(["vận động"] * 40)
    result = parse_plan_text(f"Nhiệm vụ trọng tâm\n* MTTQ\n- {words}")
    title = result.items[0].title
    assert title.endswith("…") and len(title) <= 121
    assert words.startswith(title[:-1]) and words[len(title) - 1] == " "
