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


def test_a_plans_time_or_place_named_between_semicolons_is_no_task() -> None:
    """ "Kế hoạch yêu cầu cần tập trung vào …; công tác …; địa điểm, kinh phí; …; thời gian
    thực hiện": the plan's time, place or funds named among its areas of work are parts of
    the plan, no work; each stays with the area before it."""
    text = (
        "HỘI NGHỊ TRIỂN KHAI KẾ HOẠCH HỘI CHỢ XUÂN 2026\n"
        "Chiều ngày 12/11/2025, Ủy ban MTTQ Việt Nam phường tổ chức hội nghị triển khai kế "
        "hoạch tổ chức hội chợ xuân 2026 cho các hộ kinh doanh nhỏ.\n"
        "\n"
        "Hội nghị đã thông qua dự thảo kế hoạch tổ chức hội chợ xuân nhằm giúp các hộ khó "
        "khăn có thêm thu nhập dịp Tết. Kế hoạch yêu cầu cần tập trung vào nội dung, hình thức "
        "quảng bá; công tác bố trí gian hàng cho hộ khó khăn; địa điểm, kinh phí; vận động các "
        "nhà tài trợ đóng góp kinh phí; thời gian thực hiện.\n"
    )
    assert ticked(parse_plan_text(text)) == [
        "cần tập trung vào nội dung, hình thức quảng bá",
        "công tác bố trí gian hàng cho hộ khó khăn; địa điểm, kinh phí",
        "vận động các nhà tài trợ đóng góp kinh phí; thời gian thực hiện",
    ]
    # a part that says what to do in that time is work of its own
    busy = text.replace("; thời gian thực hiện.", "; thời gian thực hiện các hoạt động ủng hộ.")
    assert ticked(parse_plan_text(busy))[-1] == "thời gian thực hiện các hoạt động ủng hộ"


def test_a_quality_after_a_semicolon_is_one_more_object_of_phat_huy() -> None:
    """ "… phát huy truyền thống …; tinh thần tương thân tương ái …": a short noun phrase of
    a quality after the semicolon is one more thing the verb brings forth, not a task. A
    part that opens with a task verb after it still is one."""
    text = (
        "Hội nghị tổng kết công tác Mặt trận năm 2024\n"
        "\n"
        "Bước vào năm 2025, Ủy ban MTTQ Việt Nam phường xác định tiếp tục đổi mới phương thức "
        "hoạt động. Trong đó, tập trung vận động các tầng lớp nhân dân trong khu dân cư phát "
        "huy truyền thống cách mạng của quê hương; tinh thần tương thân tương ái trong cộng "
        "đồng. Đẩy mạnh cuộc vận động xây dựng khu dân cư văn minh; tăng cường giám sát việc "
        "thực hiện quy chế dân chủ ở cơ sở.\n"
    )
    found = ticked(parse_plan_text(text))
    assert found[1:] == [
        "tập trung vận động các tầng lớp nhân dân trong khu dân cư phát huy truyền thống cách "
        "mạng của quê hương; tinh thần tương thân tương ái trong cộng đồng",
        "Đẩy mạnh cuộc vận động xây dựng khu dân cư văn minh",
        "tăng cường giám sát việc thực hiện quy chế dân chủ ở cơ sở",
    ]
    # without "phát huy" before it, the part stays apart
    plain = text.replace("phát huy truyền thống", "giữ gìn truyền thống")
    assert "tinh thần tương thân tương ái trong cộng đồng" in items(parse_plan_text(plain))


def test_a_series_of_tasks_cut_at_its_commas_ends_with_its_task_after_va() -> None:
    """ "Trong đó, chú trọng A, nâng cao B và xây dựng C": the series' last task is joined by
    "và"; when its commas are cut, so is that "và". Two verbs before one object ("tiếp tục
    triển khai và xây dựng …") stay one task."""
    text = (
        "Đại hội Hội Cựu chiến binh phường nhiệm kỳ 2025-2030\n"
        "\n"
        "Đại hội Hội Cựu chiến binh phường đã thông qua 2 mục tiêu, 6 chỉ tiêu và 1 khâu đột "
        "phá trong nhiệm kỳ mới. Trong đó, chú trọng ứng dụng công nghệ thông tin, nâng cao "
        "chất lượng sinh hoạt của các chi hội và xây dựng chi hội vững mạnh gắn với khu dân cư "
        "văn minh.\n"
    )
    assert ticked(parse_plan_text(text)) == [
        "chú trọng ứng dụng công nghệ thông tin",
        "nâng cao chất lượng sinh hoạt của các chi hội",
        "xây dựng chi hội vững mạnh gắn với khu dân cư văn minh",
    ]
    shared = text.replace(
        "nâng cao chất lượng sinh hoạt của các chi hội và xây dựng",
        "tiếp tục triển khai và xây dựng",
    )
    assert ticked(parse_plan_text(shared))[-1] == (
        "tiếp tục triển khai và xây dựng chi hội vững mạnh gắn với khu dân cư văn minh"
    )


def test_a_paragraph_of_the_organisations_tasks_after_its_direction_goes_on_with_it() -> None:
    """ "… xác định phương hướng nhiệm kỳ mới là: …; …; …" then a paragraph "Hội tích cực
    tham gia …; vận động …; giáo dục …": the organisation, alone as the subject, lists more
    tasks of the same direction between semicolons; they come ticked as the list does. Said
    in the past, it is a report and does not."""
    text = (
        "Đại hội Hội Cựu chiến binh phường lần thứ V\n"
        "\n"
        "Đại hội Hội Cựu chiến binh phường lần thứ V xác định phương hướng nhiệm kỳ mới là: "
        "Xây dựng tổ chức Hội trong sạch, vững mạnh; giữ gìn và phát huy bản chất bộ đội Cụ "
        "Hồ; chăm lo đời sống hội viên khó khăn.\n"
        "\n"
        "Hội tích cực tham gia bảo vệ an ninh trật tự ở khu dân cư; vận động hội viên phát "
        "triển kinh tế hộ gia đình; giáo dục truyền thống cách mạng cho thanh thiếu niên.\n"
        "\n"
        "Phát biểu tại Đại hội, Bí thư Đảng ủy phường biểu dương thành tích của Hội trong "
        "nhiệm kỳ qua.\n"
    )
    assert ticked(parse_plan_text(text))[3:] == [
        "tích cực tham gia bảo vệ an ninh trật tự ở khu dân cư",
        "vận động hội viên phát triển kinh tế hộ gia đình",
        "giáo dục truyền thống cách mạng cho thanh thiếu niên",
    ]
    past = text.replace("Hội tích cực tham gia", "Hội đã tích cực tham gia")
    assert len(ticked(parse_plan_text(past))) == 3
