"""The importer's fallback: sentences no reader took offer their tasks unticked (offers.py).

On every group of the corpus collected later, tasks written in sentences none of the
readers' shapes fitted were missed at first contact; a secretariat user gets them offered,
to tick, and nothing of a report is ticked or offered because of them."""

from __future__ import annotations

import re

import pytest

from wardtasks.importer import OrgAlias, ParseResult, parse_plan_text

ORGS = [OrgAlias("ND", ("Hội Nông dân",)), OrgAlias("CD", ("Công đoàn",))]


def items(result: ParseResult) -> list[tuple[str, bool, str]]:
    """(organisation or "shared", ticked, text) of every item."""
    return [
        (s.org_code if s.kind == "org" else "shared", not i.candidate, i.text)
        for s in result.sections
        for i in s.items
    ]


def test_clauses_no_reader_took_are_offered_whole_and_unticked() -> None:
    text = (
        "Hội Nông dân phường họp giao ban tháng 5.\n"
        "Hội Nông dân phường vận động hội viên tham gia bảo hiểm xã hội tự nguyện; phối hợp "
        "tổ chức lớp tập huấn kỹ thuật chăn nuôi cho hội viên.\n"
    )
    result = parse_plan_text(text, org_aliases=ORGS)
    assert items(result) == [
        ("ND", False, "Hội Nông dân phường vận động hội viên tham gia bảo hiểm xã hội tự nguyện"),
        ("ND", False, "phối hợp tổ chức lớp tập huấn kỹ thuật chăn nuôi cho hội viên"),
    ]
    assert "candidates_only" in result.messages


def test_a_subject_before_its_modal_is_offered_with_it() -> None:
    """ "Hoạt động công đoàn sẽ hướng mạnh về cơ sở": what is to be done is the subject."""
    text = (
        "Hội nghị tổng kết công tác năm 2011 của Công đoàn quận diễn ra sáng 10/1.\n"
        "Hoạt động công đoàn sẽ hướng mạnh về cơ sở.\n"
    )
    assert items(parse_plan_text(text, org_aliases=ORGS)) == [
        ("CD", False, "Hoạt động công đoàn sẽ hướng mạnh về cơ sở"),
    ]


def test_an_offered_paragraph_is_cut_into_its_tasks_and_keeps_their_objects() -> None:
    """A month's paragraph a reader offers: one task per sentence and clause that opens
    with one; "; và hộ cận nghèo" stays with the task it adds to."""
    text = (
        "Hội Nông dân phường sơ kết công tác tháng 5 năm 2025.\n"
        "- Trong tháng 6, Hội Nông dân phường vận động hội viên tham gia Ngày Chủ nhật xanh. "
        "Hướng dẫn các chi hội rà soát hộ nghèo; và hộ cận nghèo. Phối hợp tổ chức lớp tập "
        "huấn.\n"
    )
    assert [t for _, _, t in items(parse_plan_text(text, org_aliases=ORGS))] == [
        "vận động hội viên tham gia Ngày Chủ nhật xanh.",
        "Hướng dẫn các chi hội rà soát hộ nghèo; và hộ cận nghèo",
        "Phối hợp tổ chức lớp tập huấn",
    ]


@pytest.mark.parametrize(
    "report",
    [
        # a time past
        "Năm qua, Hội Nông dân phường hỗ trợ nhiều hộ vay vốn; tổ chức 5 lớp tập huấn.",
        # a year the text looks back on, before the one ahead
        "Năm 2024, Hội Nông dân phường vận động hội viên giúp nhau làm kinh tế. Năm 2025 "
        "là năm cuối nhiệm kỳ.",
        # the post's own event, its organisation the subject
        "Ngày 5/3, Hội Nông dân xã tổ chức Đại hội lần thứ VIII. Hội Nông dân xã trao 20 "
        "suất quà cho hội viên nghèo.",
        # the document the text acts on
        "Thực hiện Nghị quyết số 12 của Trung ương Hội Nông dân.",
        # a report going on after its connective
        "Hội Nông dân phường đã trao 20 suất quà. Đồng thời phối hợp tổ chức lớp tập huấn.",
    ],
)
def test_reports_are_not_offered(report: str) -> None:
    assert items(parse_plan_text(report, org_aliases=ORGS)) == []


def test_an_offered_clause_is_cut_at_commas_before_the_verbs_of_new_tasks() -> None:
    """Tasks a speaker lists with commas ("… vận động …, xây dựng …, chuẩn bị …"), in a
    sentence no reader took (a copy cut before its full stop): each that opens with a task
    verb offered on its own, where the whole was offered as nothing."""
    text = (
        "Hội nghị tổng kết diễn ra sáng 12/1.\n"
        "Đồng chí Bí thư đề nghị Hội Nông dân phường nghiên cứu các mô hình mới, vận động hội "
        "viên trồng rau sạch theo chuỗi, xây dựng thêm hai tổ hợp tác sản xuất, chuẩn bị tốt "
        "cho Đại hội Hội Nông dân phường\n"
    )
    # "nghiên cứu" is a task verb too: the request's four clauses all open with one, so it
    # reads as a clear list of the organisation named before them and comes ticked.
    assert items(parse_plan_text(text, org_aliases=ORGS)) == [
        ("ND", True, "nghiên cứu các mô hình mới"),
        ("ND", True, "vận động hội viên trồng rau sạch theo chuỗi"),
        ("ND", True, "xây dựng thêm hai tổ hợp tác sản xuất"),
        ("ND", True, "chuẩn bị tốt cho Đại hội Hội Nông dân phường"),
    ]


def test_an_organisation_before_con_or_cung_and_its_verb_owns_its_clause() -> None:
    """ "Bên cạnh đó, Hội … còn tổ chức …" after a list that names another organisation as a
    partner: the clause is the subject's, not the one named last."""
    text = (
        "Hưởng ứng tháng hành động vì người cao tuổi.\n"
        "Theo đó, Hội Nông dân phường tổ chức hội thi nhà nông giỏi; phối hợp Công đoàn phường "
        "ra quân dọn vệ sinh đường làng; tổng kết trao giải cuộc thi viết về nông thôn mới. "
        "Bên cạnh đó, Hội Nông dân phường còn tổ chức gặp mặt, động viên hội viên có hoàn cảnh "
        "khó khăn.\n"
    )
    owners = {
        i.text: s.org_code
        for s in parse_plan_text(text, org_aliases=ORGS).sections
        for i in s.items
        if i.candidate
    }
    assert (
        owners["Hội Nông dân phường còn tổ chức gặp mặt, động viên hội viên có hoàn cảnh khó khăn"]
        == "ND"
    )


def test_a_rate_with_its_bound_is_a_target_without_a_verb() -> None:
    """ "Tỷ lệ … dưới 0,5%" after a plan's targets: one more target; "đạt 95%" (what a
    report says was reached) is not read as one."""
    text = (
        "Năm 2025, Hội Nông dân phường phấn đấu kết nạp 20 hội viên mới. Tỷ lệ hộ hội viên "
        "vay vốn quá hạn dưới 1%; tỷ lệ hội viên tham gia sinh hoạt đạt 95%.\n"
    )
    found = [i.text for s in parse_plan_text(text, org_aliases=ORGS).sections for i in s.items]
    assert "Tỷ lệ hộ hội viên vay vốn quá hạn dưới 1%" in found
    assert not any(t.startswith("tỷ lệ hội viên tham gia") for t in found)


def test_da_dang_hoa_is_not_the_past_marker_da() -> None:
    """ "đa" (đa dạng hóa, đa số) folds as "đã" does; a sentence of tasks saying "đa dạng
    hóa" is offered, one saying "đã" is not."""
    text = (
        "Hội nghị kỷ niệm ngày truyền thống diễn ra sáng 12/1.\n"
        "Đẩy mạnh các hoạt động câu lạc bộ, đa dạng hóa các loại hình câu lạc bộ.\n"
    )
    assert items(parse_plan_text(text, org_aliases=ORGS)) == [
        ("shared", False, "Đẩy mạnh các hoạt động câu lạc bộ"),
        ("shared", False, "đa dạng hóa các loại hình câu lạc bộ"),
    ]
    done = text.replace("đa dạng hóa", "đã đa dạng hóa")
    assert items(parse_plan_text(done, org_aliases=ORGS)) == []


def test_each_ones_quota_after_a_semicolon_is_a_target_of_its_own() -> None:
    """ "…; mỗi Đoàn xã, phường, thị trấn có ít nhất 1 công trình …": a target with no
    task verb, its subject "mỗi …" and its quota "có ít nhất 1"; not a report's "có 20"."""
    text = (
        "Hội nghị tổng kết diễn ra sáng 12/1.\n"
        "100% Đoàn cấp huyện có ít nhất 1 công trình thanh niên; mỗi Đoàn xã, phường, thị "
        "trấn có ít nhất 1 phần việc thanh niên.\n"
    )
    assert [tick for _, tick, _ in items(parse_plan_text(text, org_aliases=ORGS))] == [
        False,
        False,
    ]


def test_two_tasks_joined_by_va_before_chi_dao_are_two() -> None:
    """ "… sẽ tổ chức hội nghị rút kinh nghiệm và chỉ đạo đại hội cấp xã, phường …": two
    tasks, each long enough to stand alone; "tổ chức và chỉ đạo đại hội" stays one."""
    text = (
        "Hội Nông dân thành phố sẽ tổ chức hội nghị rút kinh nghiệm đại hội điểm và chỉ đạo "
        "đại hội cấp xã, phường hoàn thành trong quý 1 năm 2017.\n"
    )
    found = [t for _, _, t in items(parse_plan_text(text, org_aliases=ORGS))]
    assert found == [
        "tổ chức hội nghị rút kinh nghiệm đại hội điểm",
        "chỉ đạo đại hội cấp xã, phường hoàn thành trong quý 1 năm 2017.",
    ]
    short = text.replace("tổ chức hội nghị rút kinh nghiệm đại hội điểm và", "tổ chức và")
    assert len(items(parse_plan_text(short, org_aliases=ORGS))) == 1


def test_theo_ke_hoach_before_the_subject_is_an_opener_not_a_document() -> None:
    """ "Theo dự kiến, Công đoàn … tiếp tục …": the plan the task belongs to, unlike
    "Theo kế hoạch số 12 …", which names the document the text acts on."""
    text = (
        "Công đoàn phường đã ra mắt tổ tư vấn pháp luật cho công nhân.\n"
        "Theo dự kiến, Công đoàn phường tiếp tục mở rộng tổ tư vấn đến các doanh nghiệp. "
        "Tại buổi ra mắt, 12 công đoàn cơ sở cùng ký giao ước.\n"
    )
    assert items(parse_plan_text(text, org_aliases=ORGS)) == [
        ("CD", False, "Công đoàn phường tiếp tục mở rộng tổ tư vấn đến các doanh nghiệp"),
    ]


def test_dat_chi_tieu_is_a_target_reached_not_a_lead_in_and_a_target_is_a_clause() -> None:
    """ "… kết nạp hội viên đạt chỉ tiêu 01 hội viên/3 hộ …": "đạt" (reach) folds like
    "đặt" (set) but leads no list, so the tasks before it keep their first words; the
    target after the next comma is offered as a clause of its own."""
    text = (
        "Hội Nông dân phường ký giao ước thi đua năm 2025 với những nội dung trọng tâm.\n"
        "Công tác xây dựng hội, tiếp tục củng cố chất lượng sinh hoạt của Hội Nông dân các "
        "khu phố, kết nạp hội viên đạt chỉ tiêu 01 hội viên/3 hộ nông dân, 100% chi hội được "
        "trang bị sổ sách và tủ sách pháp luật.\n"
    )
    assert items(parse_plan_text(text, org_aliases=ORGS)) == [
        (
            "ND",
            False,
            "tiếp tục củng cố chất lượng sinh hoạt của Hội Nông dân các khu phố, kết nạp hội "
            "viên đạt chỉ tiêu 01 hội viên/3 hộ nông dân",
        ),
        ("ND", False, "100% chi hội được trang bị sổ sách và tủ sách pháp luật"),
    ]


def test_a_task_after_se_is_offered_when_its_subject_is_too_long_to_keep() -> None:
    """Two boards and their places before "sẽ": the task is offered from its verb rather
    than lost."""
    text = (
        "Hội Nông dân hai phường Tân Định và Đa Kao đã ký kết nghĩa.\n"
        "Hàng tháng, hàng quý, Ban chấp hành Hội Nông dân phường Tân Định và phường Đa Kao "
        "sẽ trao đổi kinh nghiệm tổ chức sinh hoạt chi hội cho nhau.\n"
    )
    assert items(parse_plan_text(text, org_aliases=ORGS)) == [
        ("ND", False, "trao đổi kinh nghiệm tổ chức sinh hoạt chi hội cho nhau"),
    ]


def test_building_on_the_results_of_some_months_past_is_a_task() -> None:
    """ "Phát huy những kết quả đã đạt được trong 6 tháng qua, …": the past words name what
    the task builds on, not what was done."""
    text = (
        "Hội Nông dân phường sơ kết công tác 6 tháng đầu năm 2025.\n"
        "Phát huy những kết quả đã đạt được trong 6 tháng qua, mở rộng mô hình tổ hợp tác "
        "trồng rau sạch ở các khu phố.\n"
    )
    assert [t for _, _, t in items(parse_plan_text(text, org_aliases=ORGS))] == [
        "Phát huy những kết quả đã đạt được trong 6 tháng qua, mở rộng mô hình tổ hợp tác "
        "trồng rau sạch ở các khu phố",
    ]


def test_an_offered_sentence_is_cut_before_va_khac_phuc() -> None:
    """ "Giữ vững …  và khắc phục …": the weaknesses to overcome are a task of their own in
    an offered sentence, as "và đẩy mạnh …" is in a list."""
    text = (
        "Hội Nông dân phường sơ kết công tác 6 tháng đầu năm 2025.\n"
        "Giữ vững nền nếp sinh hoạt định kỳ của các chi hội và khắc phục tình trạng hội viên "
        "bỏ sinh hoạt kéo dài.\n"
    )
    assert [t for _, _, t in items(parse_plan_text(text, org_aliases=ORGS))] == [
        "Giữ vững nền nếp sinh hoạt định kỳ của các chi hội",
        "khắc phục tình trạng hội viên bỏ sinh hoạt kéo dài",
    ]


def test_the_items_a_counted_list_noun_announces_in_its_clause_are_offered() -> None:
    """ "… xác định 2 nhiệm vụ trọng tâm gồm …, trọng tâm là … và tập trung …": the two
    items after "gồm", cut before "và tập trung", not nothing."""
    text = (
        "Hội Nông dân phường sơ kết giữa nhiệm kỳ 2023-2028.\n"
        "Trong nhiệm kỳ này, Hội Nông dân phường xác định 2 nhiệm vụ trọng tâm gồm nâng cao "
        "chất lượng sinh hoạt chi hội, trọng tâm là sinh hoạt chuyên đề và tập trung phát "
        "triển hội viên ở các khu phố mới.\n"
    )
    assert [t for _, _, t in items(parse_plan_text(text, org_aliases=ORGS))] == [
        "nâng cao chất lượng sinh hoạt chi hội, trọng tâm là sinh hoạt chuyên đề",
        "tập trung phát triển hội viên ở các khu phố mới",
    ]


def test_common_work_verbs_open_tasks_after_commas() -> None:
    """ "…, tạo …, hướng … vào …", "…, tổng hợp …": verbs of common work beyond the usual
    openers start a task of their own after a comma, as "tổ chức" does; "hướng" only when it
    steers someone "vào" something (not "hướng mạnh về cơ sở")."""
    text = (
        "Hội Nông dân phường tổng kết năm 2025.\n"
        "Năm 2026, Hội Nông dân phường tiếp tục mở lớp dạy nghề trồng nấm cho hội viên, tạo "
        "việc làm ổn định cho lao động nông thôn, hướng thanh niên nông thôn vào các tổ hợp "
        "tác, tổng hợp nhu cầu vay vốn của các chi hội.\n"
    )
    assert [t.rstrip(".") for _, _, t in items(parse_plan_text(text, org_aliases=ORGS))] == [
        "tiếp tục mở lớp dạy nghề trồng nấm cho hội viên",
        "tạo việc làm ổn định cho lao động nông thôn",
        "hướng thanh niên nông thôn vào các tổ hợp tác",
        "tổng hợp nhu cầu vay vốn của các chi hội",
    ]


def test_bao_cao_opens_a_task_as_a_verb_not_as_a_noun() -> None:
    """ "… sẽ báo cáo kịp thời …" is work to do; "Báo cáo chính trị đánh giá …" (the
    report, a noun) opens no task."""
    text = (
        "Hội Nông dân phường đã tổ chức đại hội.\n"
        "Báo cáo chính trị đánh giá đúng những mặt mạnh, mặt yếu của nhiệm kỳ.\n"
        "Thời gian tới, các chi hội báo cáo kịp thời tình hình hội viên cho Hội Nông dân "
        "phường.\n"
    )
    assert [t.rstrip(".") for _, _, t in items(parse_plan_text(text, org_aliases=ORGS))] == [
        "báo cáo kịp thời tình hình hội viên cho Hội Nông dân phường",
    ]


def test_counted_targets_joined_by_va_and_a_verb_are_two_tasks() -> None:
    """ "mở 12 lớp … và hỗ trợ vay vốn cho 300 hộ": a figure on both sides of " và <verb>"
    makes two targets; after "phấn đấu" both are one aim, kept whole; ", trong đó phấn đấu
    …" is a task of its own."""
    text = (
        "Hội Nông dân phường tổng kết năm 2025.\n"
        "Năm 2026, Hội Nông dân phường tập huấn kỹ thuật cho 12 lớp hội viên và hỗ trợ vay vốn "
        "cho 300 hộ nông dân. Hội Nông dân phường phấn đấu kết nạp 150 hội viên mới và thành "
        "lập 3 tổ hợp tác. Hội Nông dân phường giới thiệu 20 hội viên ưu tú cho Đảng, trong đó "
        "phấn đấu 10 hội viên được kết nạp.\n"
    )
    found = [t.rstrip(".") for _, _, t in items(parse_plan_text(text, org_aliases=ORGS))]
    assert "tập huấn kỹ thuật cho 12 lớp hội viên" in found
    assert "hỗ trợ vay vốn cho 300 hộ nông dân" in found
    assert any("phấn đấu kết nạp 150 hội viên mới và thành lập 3 tổ hợp tác" in t for t in found)
    assert "phấn đấu 10 hội viên được kết nạp" in found
    assert any(t.endswith("giới thiệu 20 hội viên ưu tú cho Đảng") for t in found)


def test_a_task_verb_after_a_short_series_of_objects_opens_a_task() -> None:
    """ "… thành lập các tổ hợp tác trồng rau, nuôi cá, phát triển …": the short stretch
    before the comma ends a series of objects and the long clause after it is a task of its
    own; after a preposition ("… trong sự nghiệp công nghiệp hóa, hiện đại hóa, xây dựng
    nông thôn mới") the verb is one more object of the series."""
    text = (
        "Hội Nông dân phường tổng kết năm 2025.\n"
        "Về kinh tế, Hội Nông dân phường sẽ thành lập các tổ hợp tác sản xuất rau an toàn, "
        "nuôi cá, phát triển chuỗi liên kết tiêu thụ nông sản với các siêu thị trong thành "
        "phố.\n"
    )
    assert [t.rstrip(".") for _, _, t in items(parse_plan_text(text, org_aliases=ORGS))] == [
        "thành lập các tổ hợp tác sản xuất rau an toàn, nuôi cá",
        "phát triển chuỗi liên kết tiêu thụ nông sản với các siêu thị trong thành phố",
    ]
    governed = text.replace(
        "sẽ thành lập các tổ hợp tác sản xuất rau an toàn, nuôi cá,",
        "sẽ phát huy vai trò của hội viên trong sự nghiệp công nghiệp hóa, hiện đại hóa,",
    )
    assert len(items(parse_plan_text(governed, org_aliases=ORGS))) == 1


def test_a_quoted_speech_of_several_sentences_is_running_text() -> None:
    """A chair's words quoted whole ("nhấn mạnh: \"…. Hội sẽ …, hoàn thành …\"") are read
    like any sentence, cut at commas before task verbs; a quoted slogan holding commas
    ("“Nông dân thi đua sản xuất, kinh doanh giỏi, …”") stays one name."""
    text = (
        "Hội Nông dân phường tổng kết năm 2025.\n"
        'Phát biểu tại hội nghị, Chủ tịch Hội Nông dân phường nhấn mạnh: "Năm 2026 còn nhiều '
        "khó khăn. Hội Nông dân phường sẽ tiếp tục xây dựng các mô hình sản xuất sạch gắn với "
        'chợ phường, hoàn thành biên soạn lịch sử 30 năm phong trào nông dân phường."\n'
    )
    found = [re.sub(r'[."]+$', "", t) for _, _, t in items(parse_plan_text(text, org_aliases=ORGS))]
    assert "tiếp tục xây dựng các mô hình sản xuất sạch gắn với chợ phường" in found
    assert "hoàn thành biên soạn lịch sử 30 năm phong trào nông dân phường" in found
    slogan = (
        "Hội Nông dân phường tổng kết năm 2025.\n"
        "Năm 2026, Hội Nông dân phường tiếp tục phát động phong trào “Nông dân thi đua sản "
        "xuất, kinh doanh giỏi, đoàn kết giúp nhau làm giàu” trong các chi hội.\n"
    )
    assert len(items(parse_plan_text(slogan, org_aliases=ORGS))) == 1
