"""The secretariat imports the sample in the browser, edits the preview, confirms, distributes;
a branch head then finds the tasks on their branch page."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from wardtasks.extensions import db
from wardtasks.models import Organisation

from .people import sign_in

pytestmark = pytest.mark.browser

SAMPLE = (
    Path(__file__).parent.parent.parent / "wardtasks" / "demo" / "quynh-thien-2023.txt"
).read_text(encoding="utf-8")


def test_import_edit_confirm_distribute(app, live_server, page: Page, tmp_path: Path) -> None:
    with app.app_context():
        db.session.add_all(
            [
                Organisation(code="MTTQ", name="Ủy ban MTTQ phường", short_name="MTTQ"),
                Organisation(code="DTN", name="Đoàn Thanh niên phường", short_name="Đoàn TN"),
            ]
        )
        db.session.commit()
        db.session.remove()
    base = live_server.url
    # Every message the browser logs about the Content-Security-Policy (htmx once set
    # inline styles on its swaps: 65 messages while editing this preview; issue 17).
    csp: list[str] = []
    page.on(
        "console", lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None
    )
    sign_in(page, base, "vanphong")
    page.get_by_role("link", name="Nhập kế hoạch").click()
    page.get_by_label("Dán văn bản danh sách nhiệm vụ trọng tâm").fill(SAMPLE)
    page.get_by_role("button", name="Xem trước").click()
    expect(page.locator(".plan-meta")).to_contain_text("21 nhiệm vụ sẽ được nhập.")
    expect(page.locator("#accounting")).to_contain_text("92 dòng trong văn bản")
    expect(page.locator(".skipped")).to_contain_text("Tác giả bài viết")
    page.screenshot(path=str(tmp_path / "preview.png"), full_page=True)

    # Drop one item (htmx swaps the preview).
    dropped = page.locator("li.draft-item").filter(
        has=page.locator("textarea", has_text="tiếp xúc cử tri")
    )
    dropped.get_by_role("button", name="Bỏ").click()
    expect(page.locator(".plan-meta")).to_contain_text("20 nhiệm vụ sẽ được nhập.")
    expect(page.locator(".dropped")).to_contain_text("Phối hợp tổ chức tiếp xúc cử tri")

    # Move one item to the veterans' association.
    moved = page.locator("li.draft-item").filter(
        has=page.locator("textarea", has_text="Phối hợp ngân hàng chính sách xã hội")
    )
    moved.get_by_label("Tổ chức").select_option(label="Hội Cựu chiến binh phường")
    ccb_group = page.locator(f"#group-org-{live_server.ward.org_a}")
    expect(ccb_group).to_contain_text("Phối hợp ngân hàng chính sách xã hội")
    expect(ccb_group.locator("h2")).to_contain_text("(6)")

    page.get_by_role("button", name="Xác nhận và tạo kế hoạch").click()
    expect(page.locator(".flash-success")).to_contain_text("Đã tạo kế hoạch với 20 nhiệm vụ.")
    page.get_by_role("button", name="Giao tất cả nhiệm vụ").click()
    expect(page.locator(".flash-success")).to_contain_text("phân công mới")
    expect(page.locator(".badge.undistributed")).to_have_count(0)

    page.get_by_role("button", name="Đăng xuất").click()
    sign_in(page, base, "head.a1")
    expect(page.locator("h1")).to_have_text("Chi hội CCB khối 1")
    expect(page.locator("main")).to_contain_text("Phối hợp ngân hàng chính sách xã hội")
    expect(page.locator("main")).to_contain_text("Xây dựng tổ chức Hội trong sạch vững mạnh")
    page.screenshot(path=str(tmp_path / "branch.png"), full_page=True)
    assert csp == [], csp
