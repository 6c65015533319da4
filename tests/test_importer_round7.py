"""The importer on the miss classes left after final-16 (wt-importer7), each rule written in
other words than the corpus text it was found in (issue 15)."""

from __future__ import annotations

from wardtasks.importer import ParseResult, parse_plan_text

REPORT = "Hội viên dự hội nghị tổng kết năm 2023 đông đủ.\n"


def ticked(result: ParseResult) -> list[str]:
    return [i.text.rstrip(".") for s in result.sections for i in s.items if not i.candidate]


def test_what_a_task_brings_about_after_tao_stays_with_it() -> None:
    """ "…, tạo sự chuyển biến …", "…, tạo niềm tin …" say what the task before brings
    about: no task of their own. "…, tạo sân chơi …" is one more work."""
    plan = (
        "Năm 2024, Hội Cựu chiến binh phường sẽ đẩy mạnh phong trào thi đua trong hội viên ở "
        "các chi hội, tạo sự chuyển biến rõ rệt trong đời sống khu dân cư, tăng cường kiểm tra "
        "việc thu nộp hội phí.\n"
    )
    assert ticked(parse_plan_text(REPORT + plan)) == [
        "đẩy mạnh phong trào thi đua trong hội viên ở các chi hội, tạo sự chuyển biến rõ rệt "
        "trong đời sống khu dân cư",
        "tăng cường kiểm tra việc thu nộp hội phí",
    ]
    work = plan.replace("tạo sự chuyển biến rõ rệt trong", "tạo sân chơi lành mạnh cho")
    assert len(ticked(parse_plan_text(REPORT + work))) == 3


def items(result: ParseResult) -> list[str]:
    return [i.text.rstrip(".") for s in result.sections for i in s.items]


def test_a_colon_inside_the_first_clause_ends_the_lead() -> None:
    """ "… đề nghị Hội huyện tiếp tục triển khai thực hiện: Hội các cấp tích cực, vận động
    …; …": what the colon announces is the first task, not the request before it."""
    text = (
        REPORT + "Tại hội nghị, đồng chí Chủ tịch Hội Nông dân tỉnh đề nghị Hội Nông dân huyện "
        "tiếp tục triển khai thực hiện: Hội các cấp tích cực, vận động hội viên tham gia bảo "
        "hiểm y tế; tiếp tục tuyên truyền về an toàn giao thông; tổ chức các lớp tập huấn kỹ "
        "thuật cho hội viên.\n"
    )
    found = items(parse_plan_text(text))
    assert found[0].endswith("vận động hội viên tham gia bảo hiểm y tế")
    assert not any("thực hiện:" in item or "Tại hội nghị" in item for item in found)
    assert found[1:] == [
        "tiếp tục tuyên truyền về an toàn giao thông",
        "tổ chức các lớp tập huấn kỹ thuật cho hội viên",
    ]


def test_taking_part_after_va_is_a_task_of_its_own() -> None:
    """ "… tổ chức gặp mặt … và tham gia Hội thao … do … tổ chức": the association's own
    event, then its part in another's: two tasks."""
    text = (
        REPORT + "Năm 2024, Hội Cựu chiến binh phường sẽ tổ chức gặp mặt hội viên nhân ngày "
        "truyền thống 6/12 và tham gia Hội thao quốc phòng do Ban chỉ huy quân sự quận tổ chức.\n"
    )
    assert ticked(parse_plan_text(text)) == [
        "tổ chức gặp mặt hội viên nhân ngày truyền thống 6/12",
        "tham gia Hội thao quốc phòng do Ban chỉ huy quân sự quận tổ chức",
    ]


def test_launching_a_movement_after_va_is_a_task_of_its_own() -> None:
    """ "… tổ chức hội nghị … và phát động phong trào thi đua …": two tasks."""
    text = (
        REPORT + "Năm 2024, Hội Cựu chiến binh phường sẽ tổ chức hội nghị triển khai nghị quyết "
        "của Đảng ủy và phát động phong trào thi đua cựu chiến binh gương mẫu trong các chi hội.\n"
    )
    assert ticked(parse_plan_text(text)) == [
        "tổ chức hội nghị triển khai nghị quyết của Đảng ủy",
        "phát động phong trào thi đua cựu chiến binh gương mẫu trong các chi hội",
    ]


def test_a_request_offers_whom_it_asks_and_how() -> None:
    """ "… Chủ tịch UBND phường đề nghị, các Hội khẩn trương rà soát …": who is asked and how
    soon belong to the task offered, not only its verb and object."""
    text = (
        REPORT + "Phát biểu tại hội nghị, bà Nguyễn Thị Lan, Chủ tịch UBND phường đề nghị, các "
        "Hội khẩn trương rà soát danh sách hội viên, kiện toàn ban chấp hành các chi hội cho "
        "phù hợp thực tế.\n"
    )
    result = parse_plan_text(text)
    assert ticked(result) == []
    assert items(result) == [
        "các Hội khẩn trương rà soát danh sách hội viên",
        "kiện toàn ban chấp hành các chi hội cho phù hợp thực tế",
    ]


def test_what_people_are_moved_to_do_stays_with_the_task() -> None:
    """ "vận động hội viên … chấp hành …, tham gia …": the verbs after the commas are what
    the members are moved to do, one task; moving people again ("…, vận động con cháu …")
    is the next."""
    text = (
        REPORT + "Năm 2024, Hội Cựu chiến binh phường sẽ vận động hội viên và gia đình chấp hành "
        "tốt pháp luật của Nhà nước, tham gia giữ gìn vệ sinh môi trường khu dân cư, vận động "
        "con cháu tham gia nghĩa vụ quân sự.\n"
    )
    assert ticked(parse_plan_text(text)) == [
        "vận động hội viên và gia đình chấp hành tốt pháp luật của Nhà nước, tham gia giữ gìn "
        "vệ sinh môi trường khu dân cư",
        "vận động con cháu tham gia nghĩa vụ quân sự",
    ]


def test_all_organisations_as_subject_carry_over_the_semicolons() -> None:
    """ "Mặt trận cùng các tổ chức chính trị - xã hội phường tuyên truyền …; vận động …": the
    clause after the ";" is still the work of them all, not the Front's alone."""
    text = (
        "Mặt trận Tổ quốc phường ký kết chương trình phối hợp năm 2024.\n"
        "Về công tác vận động, Mặt trận cùng các tổ chức chính trị - xã hội phường tuyên truyền "
        "các ngày lễ lớn trong năm, tuyên truyền các luật mới; vận động hội viên và nhân dân giữ "
        "gìn vệ sinh môi trường nơi công cộng.\n"
    )
    owners = {
        i.text.rstrip("."): s.org_code for s in parse_plan_text(text).sections for i in s.items
    }
    assert owners["vận động hội viên và nhân dân giữ gìn vệ sinh môi trường nơi công cộng"] is None
