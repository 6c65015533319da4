"""The importer on final-17's miss classes (wt-importer8), each rule written in other
words than the corpus text it was found in (issue 15)."""

from __future__ import annotations

from wardtasks.importer import ParseResult, parse_plan_text


def items(result: ParseResult) -> list[str]:
    return [i.text.rstrip(".") for s in result.sections for i in s.items]


def test_a_continuation_without_semicolons_is_cut_at_its_verbs() -> None:
    """ "Bên cạnh đó, các chi hội cần chủ động lập kế hoạch, phân công …, tổ chức …" after a
    list between semicolons: three tasks after one subject and modal, not one item."""
    text = (
        "Năm 2024, Hội Cựu chiến binh phường cần tổ chức tốt đại hội các chi hội; kiện toàn "
        "ban chấp hành các chi hội; cần lưu ý chăm lo đời sống hội viên khó khăn.\n"
        "\n"
        "Bên cạnh đó, các chi hội cần chủ động xây dựng lịch sinh hoạt, phân công cán bộ phụ "
        "trách từng tổ, tổ chức gặp mặt hội viên mới để hội viên góp ý kiến vào văn kiện.\n"
    )
    found = items(parse_plan_text(text))
    assert found[-3:] == [
        "cần chủ động xây dựng lịch sinh hoạt",
        "phân công cán bộ phụ trách từng tổ",
        "tổ chức gặp mặt hội viên mới để hội viên góp ý kiến vào văn kiện",
    ]
    # with a semicolon of its own, its clauses stay whole between the semicolons
    whole = text.replace("phụ trách từng tổ, tổ chức", "phụ trách từng tổ; tổ chức")
    assert items(parse_plan_text(whole))[-2] == (
        "cần chủ động xây dựng lịch sinh hoạt, phân công cán bộ phụ trách từng tổ"
    )
