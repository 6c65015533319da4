"""A branch head logs in in Vietnamese, sees the assignments, switches to English, logs out."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from ..factories import PASSWORD

pytestmark = pytest.mark.browser


def test_branch_head_login_language_logout(live_server, page: Page, tmp_path: Path) -> None:
    page.goto(live_server.url + "/")
    expect(page.locator("h1")).to_have_text("Đăng nhập")
    page.get_by_label("Tên đăng nhập").fill("head.a1")
    page.get_by_label("Mật khẩu").fill("wrong-password")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.locator(".flash-error")).to_have_text("Tên đăng nhập hoặc mật khẩu không đúng.")

    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.locator("h1")).to_have_text("Chi hội CCB khối 1")
    expect(page.locator(".who")).to_contain_text("Trần Văn Bình")
    expect(page.locator(".assignment")).to_have_count(1)
    expect(page.locator(".assignment")).to_contain_text("Phong trào Cựu chiến binh gương mẫu")
    expect(page.locator(".assignment")).to_contain_text("Hạn 11/07/2023")
    page.screenshot(path=str(tmp_path / "branch-vi.png"), full_page=True)

    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="Assignments of the branch")).to_be_visible()
    expect(page.locator(".assignment")).to_contain_text("Due 11/07/2023")

    page.get_by_role("button", name="Log out").click()
    expect(page.locator("h1")).to_have_text("Log in")
    page.goto(live_server.url + f"/branches/{live_server.ward.branch_a1}")
    expect(page.locator("h1")).to_have_text("Log in")  # the session really ended
