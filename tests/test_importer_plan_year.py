"""The year of a pasted plan, read from how the text names it (wardtasks/importer/planyear.py):
a clerk importing a ward's published plan gets the plan's year in the preview, not "year not
found" and the current year (the bug found importing nct-lai-thieu-2025.txt, which says
"phương hướng nhiệm vụ năm 2025")."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from wardtasks.importer import OrgAlias, parse_plan_text
from wardtasks.importer.planyear import plan_year, title_year

from .factories import Ward

REAL = Path(__file__).parent / "data" / "real"


def corpus_plan_years() -> list[tuple[str, int]]:
    """(file, plan year) of every corpus text whose plan year was set by reading."""
    manifest = tomllib.loads((REAL / "manifest.toml").read_text(encoding="utf-8"))
    return [(t["file"], t["plan_year"]) for t in manifest["text"] if "plan_year" in t]


def test_the_plan_year_of_every_corpus_text_that_states_it_is_found() -> None:
    """95 yearly, monthly and quarterly texts state their plan's year in words; each is read
    (main before this change: 16 right, 76 not found, 3 the reviewed year instead)."""
    manifest = tomllib.loads((REAL / "manifest.toml").read_text(encoding="utf-8"))
    orgs = tuple(OrgAlias(code, tuple(names)) for code, names in manifest["orgs"].items())
    expected = corpus_plan_years()
    assert len(expected) >= 90
    found = {
        file: parse_plan_text((REAL / file).read_text(encoding="utf-8"), org_aliases=orgs).year
        for file, _ in expected
    }
    assert {f: y for f, y in found.items() if y != dict(expected)[f]} == {}


def test_the_year_after_the_plans_own_words_beats_the_meetings_date() -> None:
    """A year-end report opening with the meeting's date: the plan's year is the one after
    "phương hướng nhiệm vụ", not the date's nor the year the meeting sums up."""
    text = (
        "Chiều ngày 30/10/2024, Hội người cao tuổi phường Tân Định tổ chức Hội nghị tổng kết "
        "công tác Hội năm 2024 và triển khai phương hướng nhiệm vụ năm 2025. Trong năm 2024 "
        "Hội đã thăm hỏi 120 hội viên.\n"
        "Phương hướng, nhiệm vụ thời gian tới: Hội tiếp tục kiện toàn các chi hội.\n"
    )
    result = parse_plan_text(text)
    assert result.year == 2025
    assert "year_not_detected" not in result.messages


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("Hội Nông dân phường triển khai kế hoạch công tác năm 2024 với 7 chỉ tiêu.", 2024),
        ("UBMTTQ phường sơ kết công tác quý III, triển khai nhiệm vụ quý IV/2025.", 2025),
        ("Ngày 5-3, Đoàn phường phát động Tháng Thanh niên năm 2016.", 2016),
        ("Hội LHPN phường giao ban, triển khai nhiệm vụ trọng tâm tháng 3/2021.", 2021),
        ("Hội sơ kết 6 tháng đầu năm, đề ra nhiệm vụ 6 tháng cuối năm 2019.", 2019),
        # A sentence that opens with the year ahead; the year done before it is reported.
        ("Năm 2020, Hội đã hoàn thành các nhiệm vụ. Sang năm 2021, Hội phấn đấu kết nạp.", 2021),
        # A guest's request naming the year.
        (
            "Đồng chí Bí thư đề nghị Hội LHPN phường tiếp tục phát động thi đua trong năm 2023.",
            2023,
        ),
        # The year's results ("hoàn thành xuất sắc nhiệm vụ năm 2025") are not the plan's.
        (
            "Khen thưởng tập thể hoàn thành xuất sắc nhiệm vụ năm 2025. Năm 2026, Hội tập trung.",
            2026,
        ),
        # A horizon is not the plan's year.
        ("Năm 2024, Hội triển khai Chương trình hành động đến năm 2030.", 2024),
        # Only a meeting's date and the year it sums up: no plan year, the preview asks.
        (
            "Chiều ngày 28/12/2023, Hội tổng kết công tác năm 2023. Trong năm 2023, Hội đã thăm.",
            None,
        ),
    ],
)
def test_the_plan_year_named_in_words(text: str, year: int | None) -> None:
    assert plan_year(text) == year


def test_a_terms_range_in_a_title_is_its_first_year_and_a_date_counts_last() -> None:
    """ "Đại hội … nhiệm kỳ 2023 – 2028" is for 2023, not 2028; an anniversary's dates give
    the later year only when nothing else names one; a reviewed range names none."""
    assert title_year("Đại hội đại biểu Hội Nông dân xã lần thứ IX, nhiệm kỳ 2023 – 2028") == 2023
    assert title_year("Kỷ niệm 94 năm ngày thành lập Hội LHPN (20/10/1930 – 20/10/2024)") == 2024
    assert title_year("Tổng kết phong trào thi đua giai đoạn 2014 – 2019") is None
    assert title_year("Tổng kết công tác năm 2022, Nhiệm vụ năm 2023") == 2023
    text = "ĐẠI HỘI HỘI CỰU CHIẾN BINH PHƯỜNG NHIỆM KỲ 2022 - 2027\nHội đã kết nạp 12 hội viên.\n"
    assert parse_plan_text(text).year == 2022


def test_a_typed_heading_or_the_users_year_still_wins() -> None:
    """The year typed in the key-task heading, or chosen by the user, beats the text's."""
    text = "NHIỆM VỤ TRỌNG TÂM NĂM 2026\nHội triển khai phương hướng nhiệm vụ năm 2025.\n"
    assert parse_plan_text(text).year == 2026
    assert parse_plan_text(text, year=2027).year == 2027


def test_the_preview_of_a_published_year_end_proposes_its_plan_year(
    client, auth, ward: Ward
) -> None:
    """The click-through bug: nct-lai-thieu-2025.txt previewed gave "Không tìm thấy năm" and
    proposed the current year; it proposes 2025 now."""
    auth.login("vanphong")
    text = (REAL / "nct-lai-thieu-2025.txt").read_text(encoding="utf-8")
    page = client.post("/plans/import", data={"text": text, "year": ""}).get_data(as_text=True)
    assert "Không tìm thấy năm" not in page
    assert "Nhiệm vụ trọng tâm năm 2025" in page
