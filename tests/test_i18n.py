"""Every string in the code is in the Vietnamese catalogue, translated."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from wardtasks.i18n import branch_head_title

ROOT = Path(__file__).parent.parent


def test_every_message_has_a_vietnamese_translation(tmp_path: Path) -> None:
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-k",
            "lazy_ngettext:1,2",
            "--no-location",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as fh:
        wanted = {m.id for m in read_po(fh) if m.id}
    with (ROOT / "wardtasks/translations/vi/LC_MESSAGES/messages.po").open("rb") as fh:
        vi = {m.id: m for m in read_po(fh, locale="vi") if m.id}
    missing = sorted(str(m) for m in wanted if m not in vi or not vi[m].string or vi[m].fuzzy)
    assert not missing, f"run `make translations-update` and translate: {missing}"
    with (ROOT / "wardtasks/translations/en/LC_MESSAGES/messages.po").open("rb") as fh:
        en = {m.id for m in read_po(fh, locale="en") if m.id}
    assert wanted <= en, "the English catalogue lacks strings: run `make translations-update`"


def test_pages_are_vietnamese_by_default_and_english_on_request(client, ward) -> None:
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="vi">' in page and "Tên đăng nhập" in page
    client.post("/language", data={"lang": "en"})
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="en">' in page and "Username" in page


# A number followed by an English plural noun in a message that is not a plural entry
# ("1 tasks"): every such message goes through ngettext. Left: limits that are fixed
# numbers above one.
_PLURAL_AFTER_NUMBER = re.compile(r"%\((\w+)\)d(?:/%\(\w+\)d)? (?:of %\(\w+\)d )?([a-z]+s)\b")
_NOT_NOUNS = {"is", "was", "has", "does"}
_FIXED_LIMITS = {
    "At most %(max)d characters.",
    "The note is too long (at most %(max)d characters).",
}


def test_a_number_meets_its_noun_through_ngettext() -> None:
    with (ROOT / "wardtasks/translations/messages.pot").open("rb") as fh:
        catalogue = read_po(fh)
    singular_only = [
        m.id
        for m in catalogue
        if isinstance(m.id, str)
        and m.id not in _FIXED_LIMITS
        and any(hit[2] not in _NOT_NOUNS for hit in _PLURAL_AFTER_NUMBER.finditer(m.id))
    ]
    assert not singular_only, f"use ngettext: {singular_only}"


def test_one_is_singular_in_english_on_pages(client, auth, ward) -> None:
    auth.login("head.a1")  # one assignment, in one branch
    client.post("/language", data={"lang": "en"})
    page = client.get(f"/branches/{ward.branch_a1}").get_data(as_text=True)
    assert "1 assignment<" in page or "1 assignment " in page
    assert "1 assignments" not in page
    assert re.search(r'id="count-total">1</span> assignment\b(?!s)', page)


FRONT = "Head of the Front work committee"


@pytest.mark.parametrize(
    ("branch", "vi", "en"),
    [
        ("Chi đoàn khối 7", "Bí thư chi đoàn", "Youth Union branch secretary"),
        ("chi  ĐOÀN Khu phố 3", "Bí thư chi đoàn", "Youth Union branch secretary"),
        ("Ban công tác Mặt trận khối 1", "Trưởng ban công tác Mặt trận", FRONT),
        ("Ban CTMT khối 2", "Trưởng ban công tác Mặt trận", FRONT),
        ("Chi hội CCB khối 3", "Chi hội trưởng", "Association branch head"),
        ("Chi hội phụ nữ khối 10", "Chi hội trưởng", "Association branch head"),
        ("Tổ dân vận khối 4", "Chi hội trưởng", "Branch head"),
    ],
)  # fmt: skip
def test_a_branch_head_is_named_by_the_kind_of_branch(app, branch: str, vi: str, en: str) -> None:
    from flask_babel import force_locale

    with app.test_request_context():
        with force_locale("vi"):
            assert branch_head_title(branch) == vi
    with app.test_request_context():
        with force_locale("en"):
            assert branch_head_title(branch) == en


def test_the_header_menu_list_and_users_name_a_branch_head_by_the_branch(
    client, auth, ward, app
) -> None:
    from wardtasks.extensions import db
    from wardtasks.models import Branch

    with app.app_context():
        db.session.get(Branch, ward.branch_a2).name = "Chi đoàn khối 2"
        db.session.commit()
    auth.login("head.a2")
    page = client.get(f"/branches/{ward.branch_a2}").get_data(as_text=True)
    assert '<span class="role">Bí thư chi đoàn</span>' in page
    # The menu and the page's list say the branch's own word too, not "chi hội".
    assert ">Chi đoàn của tôi</a>" in page and "<h2>Việc của chi đoàn</h2>" in page
    auth.logout()
    auth.login("head.a1")
    page = client.get(f"/branches/{ward.branch_a1}").get_data(as_text=True)
    assert '<span class="role">Chi hội trưởng</span>' in page
    assert ">Chi hội của tôi</a>" in page and "<h2>Việc của chi hội</h2>" in page
    auth.logout()
    auth.login("vanphong")
    users = client.get("/admin/users").get_data(as_text=True)
    assert "<td>Bí thư chi đoàn</td>" in users and "<td>Chi hội trưởng</td>" in users
