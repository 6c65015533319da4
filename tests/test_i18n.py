"""Every string in the code is in the Vietnamese catalogue, translated."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

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
