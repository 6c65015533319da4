"""The importer on year-end reports: a report names the standing tasks it carried out with
the nouns of a plan ("Thực hiện tốt 3 nhiệm vụ trọng tâm: …"), and none of them is ticked
(issue 15: 0 ticked items on negatives)."""

from __future__ import annotations

from wardtasks.importer import ParseResult, parse_plan_text


def ticks(result: ParseResult) -> list[bool]:
    return [not i.candidate for s in result.sections for i in s.items]


LIST = (
    "Hội Cựu chiến binh phường thực hiện tốt 3 nhiệm vụ trọng tâm: Tuyên truyền truyền "
    "thống cách mạng cho thế hệ trẻ; Vận động hội viên phát triển kinh tế; Xây dựng chi hội "
    "vững mạnh."
)


def test_a_list_the_paragraph_goes_on_to_report_as_done_is_not_ticked() -> None:
    """A meeting's proceedings after a congress's targets ("Đại hội đã bầu …") do not
    make the list a report."""
    reported = LIST + " Qua một năm, Hội đã giúp 12 hộ hội viên thoát nghèo.\n"
    assert ticks(parse_plan_text(reported)) == [False, False, False]
    elected = LIST + " Đại hội đã bầu 9 đồng chí vào Ban chấp hành.\n"
    assert ticks(parse_plan_text(elected)) == [True, True, True]


def test_the_same_list_as_a_plan_stays_ticked() -> None:
    """Alone, or with a modal in its lead-in even before a report, the list is work ahead."""
    assert ticks(parse_plan_text(LIST + "\n")) == [True, True, True]
    planned = LIST.replace("thực hiện tốt", "sẽ thực hiện tốt")
    reported = planned + " Qua một năm, Hội đã giúp 12 hộ hội viên thoát nghèo.\n"
    assert ticks(parse_plan_text(reported)) == [True, True, True]


def test_a_quoted_theme_saying_trong_tam_la_opens_no_list() -> None:
    """ "… chủ đề năm “Đoàn kết, sáng tạo, trọng tâm là …”": the theme's own words, not a
    list of the year's tasks (nothing of it, or after it, ticked as its items)."""
    text = (
        "Năm 2025, Hội Liên hiệp phụ nữ phường thực hiện chủ đề năm “Đoàn kết, sáng tạo, "
        "trọng tâm là chăm lo hội viên khó khăn”. Phối hợp tổ chức hội thi nấu ăn.\n"
    )
    result = parse_plan_text(text)
    assert not any(i.text.startswith("chăm lo") for s in result.sections for i in s.items)
    assert ticks(result) == [False, False]


def test_the_focus_named_after_a_general_task_is_a_task_of_its_own() -> None:
    """ "…, đặc biệt là <verb> …" after a general task: two tasks; ", nhất là <where>" (no
    verb) only narrows the task it follows."""
    text = (
        "Năm 2025, Hội Cựu chiến binh phường sẽ tiếp tục làm tốt các phong trào thi đua trong "
        "năm, đặc biệt là tổ chức tốt Hội thi tìm hiểu truyền thống cấp phường.\n"
    )
    assert [i.text for s in parse_plan_text(text).sections for i in s.items] == [
        "tiếp tục làm tốt các phong trào thi đua trong năm",
        "tổ chức tốt Hội thi tìm hiểu truyền thống cấp phường.",
    ]
    narrowed = text.replace("đặc biệt là tổ chức tốt Hội thi", "nhất là ở các chi hội")
    assert len([i for s in parse_plan_text(narrowed).sections for i in s.items]) == 1


def test_a_request_of_tasks_joined_by_commas_before_da_dang_hoa_and_de_ra() -> None:
    """ "đề nghị … tiếp tục …, đa dạng hóa …, đề ra …": three tasks, each at its verb."""
    text = (
        "Phát biểu tại hội nghị, đồng chí Chủ tịch Hội Cựu chiến binh quận đề nghị Hội Cựu "
        "chiến binh phường tiếp tục củng cố tổ chức, nâng chất sinh hoạt chi hội, đa dạng hóa "
        "các hình thức tuyên truyền, đề ra nhiều cách làm hay để chăm lo hội viên khó khăn.\n"
    )
    assert [(i.text, not i.candidate) for s in parse_plan_text(text).sections for i in s.items] == [
        ("tiếp tục củng cố tổ chức, nâng chất sinh hoạt chi hội", True),
        ("đa dạng hóa các hình thức tuyên truyền", True),
        ("đề ra nhiều cách làm hay để chăm lo hội viên khó khăn.", True),
    ]


def test_a_report_paragraph_under_a_typed_key_task_heading_is_not_ticked() -> None:
    """A user types "NHIỆM VỤ TRỌNG TÂM" above a year-end report: its paragraph that opens
    like a task and goes on with what was done is report text, not a task."""
    body = (
        "Hội Cựu chiến binh phường tổng kết công tác năm 2024\n\n"
        + LIST
        + " Qua một năm, Hội đã giúp 12 hộ hội viên thoát nghèo.\n\n"
        "Năm qua, Hội cũng đã thành lập câu lạc bộ dưỡng sinh.\n"
    )
    assert True not in ticks(parse_plan_text("NHIỆM VỤ TRỌNG TÂM NĂM 2024\n" + body))
    planned = "NHIỆM VỤ TRỌNG TÂM NĂM 2025\n" + LIST + " Phấn đấu cuối năm có 90% hội viên.\n"
    assert ticks(parse_plan_text(planned)) == [True]


def test_an_event_held_under_a_resolution_is_no_task_under_a_typed_heading() -> None:
    """A post on the day's event opens like a task ("Tiếp tục hưởng ứng thực hiện Nghị
    quyết …") but its own verb says what was done; a plan continuing the resolution stays."""
    event = (
        "Tiếp tục hưởng ứng thực hiện Nghị quyết số 19 của Quận ủy, ngày 12/7/2020 tại sân "
        "hẻm 181, Ủy ban MTTQ và Đoàn thanh niên phường đã tổ chức ngày hội văn minh đô thị.\n"
    )
    assert True not in ticks(parse_plan_text("NHIỆM VỤ TRỌNG TÂM NĂM 2023\n" + event))
    plan = (
        "NHIỆM VỤ TRỌNG TÂM NĂM 2023\n"
        "Tiếp tục thực hiện Nghị quyết số 19 của Quận ủy về xây dựng văn minh đô thị.\n"
    )
    assert ticks(parse_plan_text(plan)) == [True]
