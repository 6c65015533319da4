"""The importer on texts whose per-organisation counts were inexact (wt-importer9), each
rule written in other words than the corpus text it was found in (issue 15)."""

from __future__ import annotations

from wardtasks.importer import ParseResult, parse_plan_text


def items(result: ParseResult) -> list[str]:
    return [i.text.rstrip(".;") for s in result.sections for i in s.items]


def ticked(result: ParseResult) -> list[str]:
    return [i.text.rstrip(".;") for s in result.sections for i in s.items if not i.candidate]


def test_a_term_heading_written_with_an_en_dash_is_a_heading_not_a_task() -> None:
    """ "II. CHƯƠNG TRÌNH HÀNH ĐỘNG NHIỆM KỲ 2025 – 2030" heads the numbered tasks below it,
    as it does with a hyphen: it is no task of its own."""
    text = (
        "Hội Cựu chiến binh phường xây dựng chương trình hoạt động toàn khóa như sau:\n"
        "\n"
        "II. CHƯƠNG TRÌNH HÀNH ĐỘNG NHIỆM KỲ 2025 – 2030\n"
        "\n"
        "1. Giáo dục truyền thống cho thế hệ trẻ trên địa bàn phường;\n"
        "\n"
        "2. Giúp hội viên phát triển kinh tế, giảm nghèo bền vững.\n"
    )
    assert ticked(parse_plan_text(text)) == [
        "Giáo dục truyền thống cho thế hệ trẻ trên địa bàn phường",
        "Giúp hội viên phát triển kinh tế, giảm nghèo bền vững",
    ]
    hyphen = parse_plan_text(text.replace("2025 – 2030", "2025 - 2030"))
    assert ticked(hyphen) == ticked(parse_plan_text(text))
