"""The importer on the failure classes of the corpus's final-16 group, each written in other
words than the corpus text: what a report or a contest's news says is not ticked, even under
a typed key-task heading (issue 15: 0 ticked items on negatives)."""

from __future__ import annotations

from wardtasks.importer import ParseResult, parse_plan_text
from wardtasks.importer.offers import offered_clauses
from wardtasks.importer.timeframe import TimeFrame

TYPED = "NHIỆM VỤ TRỌNG TÂM NĂM 2023\n"


def ticked(result: ParseResult) -> list[str]:
    return [i.text for s in result.sections for i in s.items if not i.candidate]


def test_a_contest_named_hoi_thi_is_not_the_association_acting() -> None:
    """ "Hội thi …" (a contest), "Hội thao …" (a sports day) open a news line, not a task of
    the association ("Hội …" + a task verb); "Hội tham gia …" stays its task."""
    news = (
        "Hội thi có 12/12 chi hội tham gia, với 80 hội viên dự thi\n"
        "Hội thi diễn ra sôi nổi, cụ thể:\n"
    )
    assert ticked(parse_plan_text(TYPED + news)) == []
    sports = "Hội thao có 9 đội tham gia tranh tài ở 4 môn\n"
    assert ticked(parse_plan_text(TYPED + sports)) == []
    plan = TYPED + "Hội tham gia tổ chức hội thi cấp phường.\n"
    assert ticked(parse_plan_text(plan)) == ["Hội tham gia tổ chức hội thi cấp phường."]


def test_the_topics_a_speaker_talked_about_are_not_ticked() -> None:
    """A meeting report: "bà … đã chia sẻ những nội dung trọng tâm như: …; …" lists what was
    spoken of; the same speaker's talk of the term ahead ("… trong nhiệm kỳ tới như: …")
    stays work to do."""
    report = (
        "Tại hội nghị, bà Nguyễn Thị Hoa đã chia sẻ những nội dung trọng tâm như: việc củng cố "
        "các chi hội; trao đổi về hoạt động của tổ phụ nữ tự quản; đồng thời định hướng nâng "
        "chất sinh hoạt chi hội.\n"
    )
    for text in (report, TYPED + report):
        result = parse_plan_text(text)
        assert ticked(result) == []
        assert len(result.items) == 3  # still offered, for the clerk to tick
    ahead = report.replace("trọng tâm như", "trọng tâm trong nhiệm kỳ tới như")
    assert len(ticked(parse_plan_text(ahead))) == 3


def test_a_news_title_glued_to_its_report_is_not_ticked_under_a_typed_heading() -> None:
    """A post's title that reads like a task, right above (no blank line) a long first
    paragraph that reports the day's event: no clear task, offered unticked. A title-like
    line above a paragraph that is itself a task stays a ticked task."""
    post = (
        "Tổ chức nhiều hoạt động chào mừng Ngày Phụ nữ Việt Nam\n"
        "Chào mừng 94 năm Ngày thành lập Hội Liên hiệp phụ nữ Việt Nam, chiều 18.10, Hội LHPN "
        "phường Tân An tổ chức hội thi cắm hoa với chủ đề “Phụ nữ hạnh phúc” cho các chi hội "
        "trên địa bàn.\n"
        "Kết quả, chi hội khu phố 3 đoạt giải nhất.\n"
    )
    result = parse_plan_text(TYPED + post)
    assert ticked(result) == []
    assert result.items  # offered, nothing lost
    plan = (
        "Tổ chức nhiều hoạt động chào mừng Ngày Phụ nữ Việt Nam\n"
        "Tăng cường tuyên truyền, vận động hội viên tham gia các hoạt động chào mừng ngày "
        "thành lập Hội Liên hiệp phụ nữ Việt Nam tại các chi hội khu phố trên địa bàn phường.\n"
    )
    assert len(ticked(parse_plan_text(TYPED + plan))) == 1


def test_a_decimal_comma_never_splits_a_task() -> None:
    """ "giảm 0,5%", "đạt 1,5 lần" hold a decimal comma: no task starts at "5%"; the ", "
    between two targets still splits them."""
    text = (
        "Năm 2024, Hội Cựu chiến binh phường phấn đấu mỗi năm giảm 0,5% số hộ hội viên nghèo, "
        "100% chi hội đạt trong sạch vững mạnh.\n"
    )
    items = [i.text for i in parse_plan_text(text).items]
    assert len(items) == 2
    assert any("giảm 0,5% số hộ hội viên nghèo" in item for item in items)
    assert not any(item.startswith("5%") for item in items)


def test_works_named_by_example_after_nhu_are_offered_each() -> None:
    """ "… trong thời gian tới như A, B, C, D." after a long clause: each short work named
    by example is offered on its own; a short "các hoạt động như văn nghệ, thể thao, …"
    object stays within its task."""
    text = (
        "Thời gian tới Hội Liên hiệp phụ nữ phường vận động hội viên phát huy vai trò nòng cốt "
        "trong xây dựng khu dân cư kiểu mẫu để tổ dân phố đạt chuẩn trong thời gian tới như "
        "quét dọn đường làng, thu gom rác thải, trồng hoa ven đường, khơi thông cống rãnh.\n"
    )
    items = [i.text for i in parse_plan_text(text).items]
    for work in ("quét dọn đường làng", "thu gom rác thải", "trồng hoa ven đường"):
        assert work in items
    assert "khơi thông cống rãnh" in items
    short = "Hội tổ chức các hoạt động như văn nghệ, thể thao, hội thi, tham quan.\n"
    assert not any(i.text == "thể thao" for i in parse_plan_text(short).items)


def test_numbered_1_dash_paragraphs_after_a_lead_in_are_its_items() -> None:
    """ "1- …", "2- …" at the start of a line number paragraphs as "1." does ("Về phương
    hướng hoạt động quý III :" then one task a paragraph); "20-25 hội viên" is no marker."""
    text = (
        "Hội nghị sơ kết công tác quý II của Ban Thường vụ.\n"
        "Về phương hướng hoạt động quý III :\n"
        "1- Sửa đổi quy chế chi tiêu nội bộ cho phù hợp với tình hình tài chính.\n"
        "2- Kiểm tra hoạt động của 10 chi hội cơ sở trong quý III.\n"
        "3- Tổ chức các hoạt động kỷ niệm ngày truyền thống của Hội.\n"
    )
    items = [i.text for i in parse_plan_text(text).items]
    assert items[:3] == [
        "Sửa đổi quy chế chi tiêu nội bộ cho phù hợp với tình hình tài chính.",
        "Kiểm tra hoạt động của 10 chi hội cơ sở trong quý III.",
        "Tổ chức các hoạt động kỷ niệm ngày truyền thống của Hội.",
    ]
    assert len(ticked(parse_plan_text(text))) == 3
    assert not any(
        i.text.startswith("25 hội viên")
        for i in parse_plan_text(
            "NHIỆM VỤ TRỌNG TÂM\n- Kết nạp mới\n20-25 hội viên trong năm.\n"
        ).items
    )


def test_a_body_named_as_a_partner_or_giver_does_not_own_the_list() -> None:
    """A district association's meeting: the Front is named only as a giver ("quà Ủy ban
    MTTQ") and a partner ("cùng với các đoàn thể khối MTTQ"): the quarter's tasks after it
    are not the Front's."""
    text = (
        "Ban Thường vụ Hội tổ chức hội nghị sơ kết công tác quý I.\n"
        "Đồng chí Chủ tịch Hội báo cáo việc tặng quà Tết cho hội viên khó khăn, quà Ủy ban "
        "MTTQ và các doanh nghiệp ở các xã.\n"
        "Nhiều xã có hội viên tham gia Tết trồng cây cùng với các đoàn thể khối MTTQ.\n"
        "Về phương hướng hoạt động quý II :\n"
        "1- Sửa đổi quy chế chi tiêu nội bộ cho phù hợp với tình hình tài chính.\n"
        "2- Kiểm tra hoạt động của 10 chi hội cơ sở trong quý II.\n"
    )
    result = parse_plan_text(text)
    owners = {s.org_code for s in result.sections for i in s.items if not i.candidate}
    assert owners == {None}
    assert len(ticked(result)) == 2


def test_the_body_a_list_directs_owns_only_its_own_item() -> None:
    """ "Chi bộ tiếp tục chỉ đạo Đoàn thanh niên tổ chức …; tuyên truyền …; nắm chắc …": the
    youth union does the first task; the others are the cell's (no body of the ward)."""
    text = (
        "Trong tháng 10, Chi bộ tiếp tục chỉ đạo Đoàn thanh niên tổ chức ngày hội thiếu nhi; "
        "tuyên truyền nhân dân thu hoạch lúa đúng lịch; nắm chắc tình hình an ninh tại xóm.\n"
    )
    owners = [(s.org_code, i.text[:20]) for s in parse_plan_text(text).sections for i in s.items]
    assert sorted(owners, key=lambda o: o[1]) == [
        (None, "nắm chắc tình hình a"),
        ("DTN", "tiếp tục chỉ đạo Đoà"),
        (None, "tuyên truyền nhân dâ"),
    ]


def test_an_offered_sentence_opening_on_trong_dot_is_not_cut_mid_word() -> None:
    """ "Trong đợt này …" folds like the connective "Trong đó": the clause offered starts at
    its first word, not inside one ("t này cũng sẽ …"); "Trong đó, …" is still left out."""
    for text, offered in (
        (
            "Trong đợt này cũng sẽ diễn ra hội nghị ký kết chương trình phối hợp với Công an.",
            "Trong đợt này cũng sẽ diễn ra hội nghị ký kết chương trình phối hợp với Công an",
        ),
        (
            "Trong đó, Hội sẽ tổ chức hội thi nấu ăn cho hội viên các chi hội.",
            "Hội sẽ tổ chức hội thi nấu ăn cho hội viên các chi hội",
        ),
    ):
        clauses = offered_clauses(text, 0, len(text), TimeFrame.of([text]))
        assert [text[a:b] for a, b in clauses] == [offered]


def test_events_named_by_nouns_after_se_dien_ra_are_offered_each() -> None:
    """ "… sẽ diễn ra hội nghị …; chương trình giao lưu …; gặp mặt …": each event ahead
    offered, though only the first opens with the clause's verb."""
    text = (
        "Trong đợt này cũng sẽ diễn ra hội nghị ký kết chương trình phối hợp với Công an; "
        "chương trình giao lưu văn nghệ “Mùa xuân và người chiến sĩ”; gặp mặt nữ cán bộ chủ chốt "
        "của phường."
    )
    clauses = offered_clauses(text, 0, len(text), TimeFrame.of([text]))
    assert [text[a:b][:24] for a, b in clauses] == [
        "Trong đợt này cũng sẽ di",
        "chương trình giao lưu vă",
        "gặp mặt nữ cán bộ chủ ch",
    ]
