"""Whose work a task is when the sentence giving it names no organisation: the one the text
last named acting, not a partner it worked with (issue 15, final-14)."""

from __future__ import annotations

from wardtasks.importer import OrgAlias, ParseResult, parse_plan_text


def owners(result: ParseResult) -> list[tuple[str, bool, str]]:
    return [
        (s.org_code if s.kind == "org" else "shared", not i.candidate, i.text)
        for s in result.sections
        for i in s.items
    ]


def test_a_partner_after_phoi_hop_does_not_take_the_next_paragraphs_tasks() -> None:
    """A veterans' congress post: "Hội cũng phối hợp với Đoàn Thanh niên tổ chức …" in the
    term's results names the Youth Union as a partner; the targets the congress sets after
    it are the veterans'."""
    text = (
        "Hội Cựu chiến binh phường hiện có 325 hội viên.\n\n"
        "Nhiệm kỳ qua, các cấp Hội đã tích cực tham gia xây dựng Đảng. Hội cũng phối hợp với "
        "Đoàn Thanh niên tổ chức nhiều hoạt động giáo dục truyền thống.\n\n"
        "Đại hội đề ra mục tiêu nhiệm kỳ 2025 - 2030 sẽ tiếp tục xây dựng tổ chức hội trong "
        "sạch vững mạnh, phát huy phẩm chất Bộ đội Cụ Hồ trong công tác và đời sống.\n"
    )
    ticked = [(org, text) for org, tick, text in owners(parse_plan_text(text)) if tick]
    assert [org for org, _ in ticked] == ["CCB", "CCB"]


def test_the_bodies_a_notice_is_sent_to_or_sends_lists_to_are_not_its_owner() -> None:
    """A ward steering committee's notice: "Nơi nhận: - Hội CTĐ quận …" lists addressees,
    and "gửi danh sách … về Hội Chữ thập đỏ phường" names where lists go; the dated tasks
    are the committee's, shared, not the Red Cross's."""
    text = (
        "THÔNG BÁO: Kế hoạch tổ chức phong trào hiến máu tình nguyện năm 2019\n\n"
        "Nơi nhận:\n\n- BCĐ HMTN quận;\n\n- Hội CTĐ quận Hà Đông;\n\n- Các tổ dân phố.\n\n"
        "Nội dung thông báo:\n\n"
        "Ban Chỉ đạo phường triển khai kế hoạch. Thời gian thực hiện cụ thể như sau:\n\n"
        "- Từ ngày 02/10/2019, tổ chức tuyên truyền, vận động nhân dân tham gia hiến máu.\n\n"
        "- Ngày 07/10/2019, các đơn vị gửi danh sách đăng ký về Hội Chữ thập đỏ phường.\n"
    )
    orgs = [OrgAlias("CTD", ("Hội Chữ thập đỏ", "Hội CTĐ"))]
    found = owners(parse_plan_text(text, org_aliases=orgs))
    assert [(org, tick) for org, tick, _ in found] == [("shared", True), ("shared", True)]


def test_cac_hoi_is_every_association_named_or_the_branches_of_the_one() -> None:
    """ "đề nghị, các Hội nhanh chóng …" after a text naming two associations is work for
    both (shared); in a text of one association, "các Hội" are its branches and the work is
    that association's."""
    orgs = [OrgAlias("ND", ("Hội Nông dân",)), OrgAlias("NCT", ("Hội Người cao tuổi",))]
    two = (
        "Phường ra mắt Hội Nông dân và Hội Người cao tuổi sau sắp xếp.\n\n"
        "Phát biểu chỉ đạo, Chủ tịch UBND phường đề nghị, các Hội nhanh chóng kiện toàn bộ máy "
        "và ban hành quy chế làm việc cho phù hợp thực tế.\n"
    )
    found = owners(parse_plan_text(two, org_aliases=orgs))
    assert found and {org for org, _, _ in found} == {"shared"}
    one = two.replace("Hội Nông dân và Hội Người cao tuổi", "Hội Nông dân")
    found = owners(parse_plan_text(one, org_aliases=orgs))
    assert found and {org for org, _, _ in found} == {"ND"}


def test_tung_hoi_after_sau_opens_shared_tasks_in_a_text_naming_several() -> None:
    """ "Sau sắp xếp, từng Hội xây dựng …, phân công …": the time opener ("Sau …,") and
    the subject "từng Hội" (each association, like "mỗi") before the tasks; with two
    associations named, both tasks are theirs together."""
    orgs = [OrgAlias("ND", ("Hội Nông dân",)), OrgAlias("NCT", ("Hội Người cao tuổi",))]
    text = (
        "Phường ra mắt Hội Nông dân và Hội Người cao tuổi sau sắp xếp.\n\n"
        "Sau sắp xếp, từng Hội xây dựng quy chế làm việc mới, phân công nhiệm vụ cụ thể cho "
        "các ủy viên ban chấp hành.\n"
    )
    found = owners(parse_plan_text(text, org_aliases=orgs))
    assert [(org, t.rstrip(".")) for org, _, t in found] == [
        ("shared", "từng Hội xây dựng quy chế làm việc mới"),
        ("shared", "phân công nhiệm vụ cụ thể cho các ủy viên ban chấp hành"),
    ]
