"""The importer on final-17's miss classes (wt-importer8), each rule written in other
words than the corpus text it was found in (issue 15)."""

from __future__ import annotations

from wardtasks.importer import ParseResult, parse_plan_text


def items(result: ParseResult) -> list[str]:
    return [i.text.rstrip(".") for s in result.sections for i in s.items]


def ticked(result: ParseResult) -> list[str]:
    return [i.text.rstrip(".") for s in result.sections for i in s.items if not i.candidate]


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


def test_tang_cuong_between_long_clauses_opens_a_task_in_a_semicolon_list() -> None:
    """ "… tiếp tục nỗ lực …, tăng cường vận động …; …" in a sentence of work ahead: two
    tasks before the first semicolon. A short pair ("mở rộng …, tăng cường …") stays one."""
    text = (
        "Hội nghị tổng kết năm 2023 của Hội Nông dân phường diễn ra sáng nay.\n"
        "Năm 2024, Hội Nông dân phường sẽ tiếp tục nỗ lực, vượt qua khó khăn hoàn thành các "
        "chỉ tiêu về phát triển sản xuất của hội viên, tăng cường vận động hội viên tham gia "
        "bảo hiểm xã hội tự nguyện theo kế hoạch của phường; tổ chức tốt các lớp tập huấn kỹ "
        "thuật chăn nuôi; chuẩn bị chu đáo đại hội điểm các chi hội.\n"
    )
    found = items(parse_plan_text(text))
    assert found[:2] == [
        "tiếp tục nỗ lực, vượt qua khó khăn hoàn thành các chỉ tiêu về phát triển sản xuất "
        "của hội viên",
        "tăng cường vận động hội viên tham gia bảo hiểm xã hội tự nguyện theo kế hoạch của phường",
    ]
    short = text.replace(
        "tiếp tục nỗ lực, vượt qua khó khăn hoàn thành các chỉ tiêu về phát triển sản xuất "
        "của hội viên, tăng cường vận động hội viên tham gia bảo hiểm xã hội tự nguyện theo kế "
        "hoạch của phường",
        "mở rộng liên kết sản xuất của hội viên, tăng cường đoàn kết nông dân",
    )
    assert items(parse_plan_text(short))[0] == (
        "mở rộng liên kết sản xuất của hội viên, tăng cường đoàn kết nông dân"
    )


def test_a_share_after_trong_do_stays_with_its_target() -> None:
    """ "…; 90% chi hội đạt vững mạnh, trong đó, 40% chi hội đạt xuất sắc; …": "of which"
    names a share of the figure before it: one target, not two."""
    text = (
        "Hội nghị tổng kết năm 2023 của Hội Nông dân phường diễn ra sáng nay.\n"
        "Năm 2024, Hội Nông dân phường đề ra các chỉ tiêu như: phấn đấu kết nạp trên 120 hội "
        "viên mới; 90% chi hội hoàn thành tốt nhiệm vụ, trong đó, 40% chi hội hoàn thành xuất "
        "sắc nhiệm vụ; 500 hộ hội viên đăng ký sản xuất, kinh doanh giỏi.\n"
    )
    found = items(parse_plan_text(text))
    assert (
        "90% chi hội hoàn thành tốt nhiệm vụ, trong đó, 40% chi hội hoàn thành xuất sắc nhiệm vụ"
        in found
    )
    assert len(found) == 3


def test_a_quoted_name_alone_after_a_semicolon_is_one_more_object() -> None:
    """ "… đẩy mạnh việc học tập …; phong trào “…”." : a movement's name alone has no verb:
    the object of the clause before, not a task. After a clause naming one such work, the
    next name is one more item of a list of names."""
    text = (
        "Hội nghị tổng kết năm 2023 của Hội Cựu chiến binh phường diễn ra sáng nay.\n"
        "Năm 2024, Hội Cựu chiến binh phường sẽ tiếp tục vận động hội viên gương mẫu chấp hành "
        "pháp luật ở khu dân cư; đẩy mạnh việc học tập, làm theo gương các anh hùng liệt sĩ; "
        "phong trào “Cựu chiến binh gương mẫu, giúp nhau làm kinh tế”; tổ chức gặp mặt hội "
        "viên nhân ngày truyền thống.\n"
    )
    found = items(parse_plan_text(text))
    assert found[1] == (
        "đẩy mạnh việc học tập, làm theo gương các anh hùng liệt sĩ; phong trào “Cựu chiến "
        "binh gương mẫu, giúp nhau làm kinh tế”"
    )
    assert len(found) == 3
    names = text.replace(
        "đẩy mạnh việc học tập, làm theo gương các anh hùng liệt sĩ",
        "đẩy mạnh cuộc vận động “Toàn dân đoàn kết xây dựng đời sống văn hóa”",
    )
    assert len(items(parse_plan_text(names))) == 4


def test_striving_in_a_paragraph_that_reports_is_no_work_ahead() -> None:
    """ "Trong năm qua, Hội …. Vận động hội viên …, phấn đấu thoát nghèo …, tham gia …":
    the paragraph reports, and "phấn đấu" there is what members strove for: nothing ticked.
    The same sentence in a paragraph of its own is a plan's."""
    report = (
        "Trong nhiệm kỳ qua, Hội Cựu chiến binh phường luôn đoàn kết, giữ vững bản chất Bộ đội "
        "Cụ Hồ. Vận động hội viên giúp nhau làm kinh tế, cải thiện đời sống, phấn đấu thoát "
        "nghèo bền vững, làm giàu chính đáng, tham gia tích cực các chương trình của phường.\n"
    )
    assert ticked(parse_plan_text(report)) == []
    plan = report.replace("Cụ Hồ. Vận động", "Cụ Hồ.\n\nVận động")
    assert ticked(parse_plan_text(plan))


def test_a_yearly_rate_to_move_by_is_a_target() -> None:
    """ "…; tỷ lệ hộ hội viên nghèo giảm 2%/năm; …" among a term's targets has no task
    verb: the rate to move by each year is a target all the same. "giảm bình quân …/năm" is
    how a report sums a term up: not offered."""
    text = (
        "Nhiệm kỳ 2021 - 2026, Hội Nông dân phường phấn đấu có hơn 80% hộ hội viên đăng ký thi "
        "đua sản xuất giỏi. Hằng năm, mỗi chi hội có ít nhất một mô hình kinh tế tập thể; tỷ lệ "
        "hộ hội viên nghèo giảm 2%/năm; mỗi chi hội kết nạp ít nhất năm hội viên mới.\n"
    )
    assert "tỷ lệ hộ hội viên nghèo giảm 2%/năm" in items(parse_plan_text(text))
    summed = text.replace("giảm 2%/năm", "giảm bình quân 2%/năm")
    assert not any("bình quân" in item for item in items(parse_plan_text(summed)))


def test_a_work_named_by_cong_tac_before_a_modal_is_the_task_subject() -> None:
    """ "Cụ thể, công tác kiểm tra hội phí phải …; …": "công tác" makes a noun of the verb
    after it, the subject of "phải": the task starts at "công tác". Without a modal the
    verb opens the task as before."""
    text = (
        "Hội Cựu chiến binh phường triển khai kế hoạch tổ chức đại hội các chi hội nhiệm kỳ "
        "2024 - 2029. Cụ thể, công tác kiểm tra hội phí phải bảo đảm đúng quy định, công khai; "
        "rà soát danh sách hội viên ở từng chi hội; chuẩn bị chu đáo văn kiện đại hội.\n"
    )
    found = items(parse_plan_text(text))
    assert found[0] == "công tác kiểm tra hội phí phải bảo đảm đúng quy định, công khai"
    plain = text.replace("hội phí phải bảo đảm", "hội phí bảo đảm")
    assert items(parse_plan_text(plain))[0] == "kiểm tra hội phí bảo đảm đúng quy định, công khai"


def test_ket_hop_before_a_task_verb_is_the_task_s_first_word() -> None:
    """ "… sẽ kết hợp tổ chức gặp mặt …": to combine the event with another is the task;
    "kết hợp" goes with the verb after it, as an adverb of manner does."""
    text = (
        "Hội nghị tổng kết năm 2023 của Hội Cựu chiến binh phường diễn ra sáng nay.\n"
        "Năm 2024, Hội Cựu chiến binh phường sẽ kết hợp tổ chức gặp mặt hội viên mới nhân "
        "ngày truyền thống 6/12.\n"
    )
    assert items(parse_plan_text(text))[-1] == (
        "kết hợp tổ chức gặp mặt hội viên mới nhân ngày truyền thống 6/12"
    )


def test_a_direction_reported_in_the_past_offers_what_it_asks() -> None:
    """ "… đã phát động …, đồng thời chỉ đạo các chi hội tăng cường …; vận động …": the
    launch was done, the direction asks for work still to do: its clauses are offered,
    never ticked. Without the direction the sentence offers nothing."""
    text = (
        "Tại buổi lễ, đồng chí Chủ tịch Hội Cựu chiến binh phường đã phát động phong trào "
        "thi đua năm 2024, đồng thời chỉ đạo các chi hội tăng cường tuyên truyền đến hội viên "
        "về phong trào; vận động hội viên đóng góp quỹ nghĩa tình đồng đội ít nhất 50.000 "
        "đồng/người.\n"
    )
    result = parse_plan_text(text)
    assert items(result) == [
        "tăng cường tuyên truyền đến hội viên về phong trào",
        "vận động hội viên đóng góp quỹ nghĩa tình đồng đội ít nhất 50.000 đồng/người",
    ]
    assert ticked(result) == []
    done = text.replace(", đồng thời chỉ đạo các chi hội tăng cường", " và tăng cường")
    assert items(parse_plan_text(done)) == []
