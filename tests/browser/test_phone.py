"""A branch head's update on a 360 × 800 phone (issue 17): the first assignment's "Update"
is on the first screen, an update is three taps (open, choose, save), the row then says
"Saved", and without JavaScript the list comes back at the row; the header's and the
filters' controls are 44 px tall; the same page at 1280 px; the organisation matrix as a
list of tasks on the phone, a table of links on a wide screen; no page breaks the CSP."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from .people import sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 800}
DESKTOP = {"width": 1280, "height": 800}
MIN_TAP = 44  # px: the least height of a control a thumb is asked to hit


class Taps:
    """Counts the taps a flow takes: every click goes through :meth:`tap`."""

    def __init__(self) -> None:
        self.count = 0

    def tap(self, target: Locator) -> None:
        self.count += 1
        target.click()


def _context(browser: Browser, viewport: dict[str, int], **kw: Any) -> BrowserContext:
    return browser.new_context(viewport=viewport, locale="vi-VN", **kw)


def _csp_watch(page: Page) -> list[str]:
    """Console messages of Content-Security-Policy violations (htmx's or the page's)."""
    seen: list[str] = []
    page.on(
        "console",
        lambda m: seen.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return seen


def _login(page: Page, base: str, username: str, home: str = "Chi hội CCB khối 1") -> None:
    sign_in(page, base, username)
    expect(page.locator("h1")).to_have_text(home)


def _in_first_screen(page: Page, target: Locator) -> None:
    box = target.bounding_box()
    assert box is not None
    height = page.viewport_size["height"] if page.viewport_size else 0
    assert box["y"] >= 0 and box["y"] + box["height"] <= height, f"below the first screen: {box}"


@pytest.fixture
def phone(live_server, browser: Browser) -> Iterator[tuple[Page, list[str]]]:
    context = _context(browser, PHONE)
    page = context.new_page()
    csp = _csp_watch(page)
    _login(page, live_server.url, "head.a1")
    yield page, csp
    context.close()


def test_first_update_control_is_on_the_first_screen_and_44px(phone) -> None:
    page, csp = phone
    first = page.locator("a.edit-open").first
    _in_first_screen(page, first)
    assert first.bounding_box()["height"] >= MIN_TAP
    header = page.locator("header.topbar").bounding_box()
    assert header is not None and header["height"] <= 60  # one line, not four
    # The menu opens behind "Menu"; its links and buttons are tall enough to tap.
    expect(page.locator(".mainnav")).to_be_hidden()
    page.locator(".menu-button").click()
    for control in page.locator(".menu-panel a, .menu-panel button").all():
        assert control.bounding_box()["height"] >= MIN_TAP, control.inner_text()
    # The filters unfold behind their button; their check boxes' labels are 44 px tall.
    expect(page.locator("form.filters")).to_be_hidden()
    page.locator(".filters-button").click()
    expect(page.locator("form.filters")).to_be_visible()
    for label in page.locator("form.filters .f-checks label").all():
        assert label.bounding_box()["height"] >= MIN_TAP, label.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert csp == []


def test_an_update_is_three_taps_and_the_row_says_saved(phone, live_server) -> None:
    page, csp = phone
    row = page.locator(f"#assignment-{live_server.ward.assignment_a1}")
    # A progress chip: open, 50 %, save.
    taps = Taps()
    taps.tap(row.get_by_role("link", name="Cập nhật", exact=True))
    # the opened form shows its statuses, its progress chips and "Lưu" without scrolling
    for control in (
        row.get_by_label("Hoàn thành"),
        row.locator("label.preset", has_text="100%"),
        row.get_by_role("button", name="Lưu"),
    ):
        _in_first_screen(page, control)
    taps.tap(row.locator("label.preset", has_text="50%"))
    expect(row.get_by_label("Tiến độ (%)")).to_have_value("50")
    taps.tap(row.get_by_role("button", name="Lưu"))
    expect(row.locator(".saved-note")).to_have_text("Đã lưu")
    expect(row.locator(".progress .pct")).to_have_text("50%")
    expect(row.locator(".a-meta .badge").first).to_have_text("Chưa thực hiện")
    assert taps.count == 3
    # Done: open, "Hoàn thành" (100 % with it), save.
    taps = Taps()
    taps.tap(row.get_by_role("link", name="Cập nhật", exact=True))
    taps.tap(row.get_by_label("Hoàn thành"))
    expect(row.get_by_label("Tiến độ (%)")).to_have_value("100")
    taps.tap(row.get_by_role("button", name="Lưu"))
    expect(row.locator(".a-meta .badge").first).to_have_text("Hoàn thành")
    expect(row.locator(".progress .pct")).to_have_text("100%")
    expect(row.locator(".saved-note")).to_be_visible()
    assert taps.count == 3
    assert csp == []


def test_without_javascript_three_taps_and_back_at_the_row(live_server, browser: Browser):
    context = _context(browser, PHONE, java_script_enabled=False)
    page = context.new_page()
    _login(page, live_server.url, "head.a1")
    a1 = live_server.ward.assignment_a1
    _in_first_screen(page, page.locator("a.edit-open").first)
    taps = Taps()
    taps.tap(page.locator(f"#assignment-{a1}").get_by_role("link", name="Cập nhật", exact=True))
    taps.tap(page.get_by_label("Hoàn thành"))
    taps.tap(page.get_by_role("button", name="Lưu"))
    assert taps.count == 3
    assert page.url.endswith(f"/branches/{live_server.ward.branch_a1}#assignment-{a1}")
    row = page.locator(f"#assignment-{a1}")
    expect(row.locator(".a-meta .badge").first).to_have_text("Hoàn thành")
    # The header's controls and the filters work without a script too.
    page.locator(".menu-button").click()
    expect(page.locator(".mainnav")).to_be_visible()
    page.locator(".filters-button").click()
    expect(page.locator("form.filters")).to_be_visible()
    context.close()


def test_wide_screen_shows_menu_and_filters_at_once(live_server, browser: Browser) -> None:
    context = _context(browser, DESKTOP)
    page = context.new_page()
    csp = _csp_watch(page)
    _login(page, live_server.url, "head.a1")
    expect(page.locator(".menu-button")).to_be_hidden()
    expect(page.locator(".filters-button")).to_be_hidden()
    expect(page.locator(".mainnav")).to_be_visible()
    expect(page.locator("form.filters")).to_be_visible()
    _in_first_screen(page, page.locator("a.edit-open").first)
    header = page.locator("header.topbar").bounding_box()
    assert header is not None and header["height"] <= 60
    row = page.locator(f"#assignment-{live_server.ward.assignment_a1}")
    row.get_by_role("link", name="Cập nhật", exact=True).click()
    row.locator("label.preset", has_text="25%").click()
    row.get_by_role("button", name="Lưu").click()
    expect(row.locator(".saved-note")).to_be_visible()
    assert csp == []
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360", "1280"])
def test_the_matrix_fits_the_screen_and_its_cells_open(live_server, browser, viewport) -> None:
    context = _context(browser, viewport)
    page = context.new_page()
    csp = _csp_watch(page)
    _login(page, live_server.url, "leader.a", home="Hội Cựu chiến binh phường")
    ward = live_server.ward
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    if viewport is PHONE:
        expect(page.locator("table.matrix")).to_be_hidden()
        item = page.locator("ol.matrix-tasks li", has_text="Phong trào Cựu chiến binh gương mẫu")
        expect(item).to_be_visible()
        expect(item).to_contain_text("2 chi hội quá hạn")
        item.get_by_role("link").click()
        expect(page).to_have_url(f"{live_server.url}/tasks/{ward.task_a}")
    else:
        expect(page.locator("ol.matrix-tasks")).to_be_hidden()
        page.locator(f'table.matrix a[href="/assignments/{ward.assignment_a1}"]').click()
        expect(page).to_have_url(f"{live_server.url}/assignments/{ward.assignment_a1}")
    assert csp == []
    context.close()
