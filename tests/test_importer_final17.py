"""The importer on the classes of the corpus's final-17 group that main's parser already
reads right, each written in other words than the corpus text: what a report, a meeting's
agenda or a page's markup says is not ticked, even under a typed key-task heading (issue 15:
0 ticked items on negatives); targets after "như:", a half-year's one task and a guest's
request come ticked under their owner. The group's misses (bench/results/
2026-12-08-importer-final-17-analysis.md) are held by its floors in test_importer_real.py."""

from __future__ import annotations

from wardtasks.importer import OrgAlias, ParseResult, parse_plan_text

TYPED = "NHIỆM VỤ TRỌNG TÂM NĂM 2023\n"
# A ward with a farmers' union, beside the default four.
FARMERS = (OrgAlias("ND", ("Hội Nông dân", "Hội ND")),)


def ticked(result: ParseResult) -> list[tuple[str | None, str]]:
    """(organisation, text) of every ticked item."""
    return [(s.org_code, i.text) for s in result.sections for i in s.items if not i.candidate]


def test_a_report_stored_with_its_html_markup_gives_no_ticked_item() -> None:
    """A page stored with "<p style=…><span …>" around each paragraph of a done event: no
    ticked item, with or without a typed heading, and no markup offered as a task."""
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html"</head><body>\n'
        '<p style="text-align: justify;"><span style="font-size:14px">Nhằm chăm lo cho thiếu '
        "nhi có hoàn cảnh khó khăn trên địa bàn, ngày 12/9/2016 Chi đoàn khu phố 2 phường 5 đã "
        "tổ chức Đêm hội trăng rằm cho 200 em thiếu nhi.</span></p>\n"
        '<p style="text-align: justify;"><span style="font-size:14px">Chương trình có nhiều nội '
        "dung như: văn nghệ, rước đèn, phá cỗ.</span></p>\n"
    )
    for text in (page, TYPED + page):
        result = parse_plan_text(text)
        assert ticked(result) == []
        assert not any("<span" in i.text or "style=" in i.text for i in result.items)


def test_drafts_a_conference_discussed_in_a_numbered_list_are_not_ticked() -> None:
    """ "Ban Chấp hành đã thảo luận các nội dung: 1) Dự thảo …; 2) …" lists documents talked
    over, not work to do: offered at most, never ticked, also under a typed heading."""
    text = (
        "Hội nghị Ban Chấp hành Hội LHPN quận lần thứ 5 diễn ra trong 2 ngày 10 và 11/12.\n"
        "Tại Hội nghị, Ban Chấp hành đã thảo luận các nội dung: \n"
        "1) Dự thảo Báo cáo kết quả hoạt động Hội năm 2023; phương hướng, nhiệm vụ năm 2024; \n"
        "2) Dự thảo Kế hoạch kiểm tra, giám sát của Hội năm 2024; \n"
        "3) Dự thảo Quy chế thi đua, khen thưởng nhiệm kỳ 2022-2027.\n"
    )
    for source in (text, TYPED + text):
        assert ticked(parse_plan_text(source)) == []


def test_done_activities_after_nhu_are_not_ticked() -> None:
    """ "… đã tổ chức các hoạt động như: …. Một số cơ sở Hội tổ chức cho hội viên …" (the
    second sentence done as well, without "đã"): no ticked item under a typed heading."""
    text = (
        "Hướng tới ngày 20/10, Hội LHPN các phường tổ chức nhiều hoạt động giao lưu.\n"
        "Theo đó, Hội LHPN các phường đã tổ chức các hoạt động như: giao lưu văn nghệ, thể "
        "thao, tọa đàm. Một số cơ sở Hội tổ chức cho hội viên tham gia dọn dẹp, vệ sinh đường "
        "phố, tổ chức các hoạt động đền ơn đáp nghĩa …\n"
    )
    for source in (text, TYPED + text):
        assert ticked(parse_plan_text(source)) == []


def test_targets_after_nhu_in_a_year_end_come_ticked_under_their_owner() -> None:
    """A year-end's results written like targets, then "Năm 2024, Hội Nông dân đề ra một số
    nhiệm vụ trọng tâm như: a; b; c": the three targets ticked, the farmers' union's; the
    results before are not."""
    text = (
        "Hội Nông dân phường Tân Lập tổng kết công tác Hội năm 2023.\n"
        "Trong năm, Hội đã tuyên truyền chủ trương của Đảng cho trên 5.000 lượt hội viên (vượt "
        "10% chỉ tiêu); phát triển được 52 hội viên mới (đạt 130% chỉ tiêu).\n"
        "Năm 2024, Hội Nông dân đề ra một số nhiệm vụ trọng tâm như: tuyên truyền, phổ biến "
        "chủ trương của Đảng cho 3.000 lượt hội viên; phấn đấu kết nạp trên 30 hội viên mới; "
        "1.500 hộ hội viên đăng ký danh hiệu sản xuất, kinh doanh giỏi các cấp.\n"
    )
    found = ticked(parse_plan_text(text, org_aliases=FARMERS))
    assert [org for org, _ in found] == ["ND"] * 3
    assert found[1][1] == "phấn đấu kết nạp trên 30 hội viên mới"


def test_a_half_years_one_task_after_done_figures_is_ticked_alone() -> None:
    """ "Trong 6 tháng cuối năm, Hội Nông dân thành phố chuẩn bị tốt các điều kiện tổ chức
    Đại hội A và Đại hội B" is one task (both congresses are what is prepared), ticked; the
    districts' courses before it, done without "đã", are not ticked."""
    text = (
        "Hội Nông dân thành phố sơ kết công tác 6 tháng đầu năm 2023. Các cấp Hội đã giải ngân "
        "quỹ hỗ trợ nông dân cho 10 hộ vay.\n"
        "Bên cạnh đó, Hội Nông dân các quận, huyện tổ chức 35 buổi đào tạo nghề cho hội viên. "
        "Trong 6 tháng cuối năm, Hội Nông dân thành phố chuẩn bị tốt các điều kiện tổ chức Đại "
        "hội đại biểu Hội Nông dân thành phố lần thứ IX và Đại hội đại biểu toàn quốc Hội Nông "
        "dân Việt Nam lần thứ VIII, nhiệm kỳ 2023-2028.\n"
    )
    found = ticked(parse_plan_text(text, org_aliases=FARMERS))
    assert len(found) == 1
    assert found[0][0] == "ND"
    assert found[0][1].startswith("chuẩn bị tốt các điều kiện tổ chức Đại hội")
    assert "lần thứ VIII" in found[0][1]


def test_a_party_secretarys_request_to_the_womens_union_is_its_tasks() -> None:
    """A Women's Day meeting: what the union has been (description) is not ticked; "Đồng
    chí đề nghị Hội LHPN xã tiếp tục phát động …; tuyên truyền, vận động …" gives the
    union's two tasks, ticked."""
    text = (
        "Sáng 8/3, Hội LHPN xã Minh Tân tổ chức hội nghị kỷ niệm Ngày Quốc tế Phụ nữ.\n"
        "Thời gian qua, Hội LHPN xã không ngừng lớn mạnh, đoàn kết, tập hợp rộng rãi các tầng "
        "lớp phụ nữ; tổ chức Hội không ngừng đổi mới nội dung, phương thức hoạt động.\n"
        "Phát biểu chúc mừng, đồng chí Phó Bí thư Đảng ủy xã đề nghị Hội LHPN xã tiếp tục phát "
        "động thi đua chào mừng các ngày lễ lớn trong năm 2024; tuyên truyền, vận động hội viên "
        "tích cực tham gia các phong trào thi đua, cuộc vận động của địa phương.\n"
    )
    found = ticked(parse_plan_text(text))
    assert [org for org, _ in found] == ["LHPN", "LHPN"]
    assert found[0][1].startswith("tiếp tục phát động thi đua")
    assert found[1][1].startswith("tuyên truyền, vận động hội viên")
