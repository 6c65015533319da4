"""Signing in as a person does in the browser, written once for every browser test."""

from __future__ import annotations

from playwright.sync_api import Page

from ..factories import PASSWORD


def sign_in(page: Page, base: str, username: str, password: str = PASSWORD) -> None:
    """Fill the login form by its Vietnamese labels and wait until the browser has left
    it (the signed-in name is behind "Menu" on a phone, so the address is what tells)."""
    page.goto(base + "/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(lambda url: "/login" not in url)
