"""Playwright against Debian's /usr/bin/chromium and a live wardtasks server in a thread."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from werkzeug.serving import make_server

from wardtasks.extensions import db

from ..conftest import skip_or_fail
from ..factories import Ward, build_ward

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict[str, Any]:
    if not CHROMIUM.exists():
        skip_or_fail("browser tests: /usr/bin/chromium is not installed (apt-get install chromium)")
    return {
        "executable_path": str(CHROMIUM),
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


class LiveServer:
    def __init__(self, url: str, ward: Ward) -> None:
        self.url = url
        self.ward = ward


@pytest.fixture
def app_config() -> dict[str, Any]:
    # The browser goes through the real CSRF protection.
    return {"WTF_CSRF_ENABLED": True}


@pytest.fixture
def live_server(app) -> Iterator[LiveServer]:
    with app.app_context():
        ward = build_ward()
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LiveServer(f"http://127.0.0.1:{server.server_port}", ward)
    finally:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()
