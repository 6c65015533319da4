"""What a fresh worker process imports: the app created and warmed as gunicorn's master
does it (``PYTHONOPTIMIZE=2``, as ``make run`` serves), then each group of requests, with
the watched modules loaded before the first group and after each."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from .factories import PASSWORD

_SCRIPT = """
import json, sys
from wardtasks import create_app
from wardtasks.warm import warm

database_url, password, groups, watched = sys.argv[1], sys.argv[2], *map(json.loads, sys.argv[3:])
app = create_app({
    "TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": database_url,
    "WTF_CSRF_ENABLED": False, "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1",
})
warm(app)
loaded = [sorted(set(watched) & set(sys.modules))]
for user, urls, answer in groups:
    client = app.test_client()
    if client.post("/login", data={"username": user, "password": password}).status_code != 302:
        sys.exit("login refused")
    for url in urls:
        response = client.get(url)
        if answer == "no error" and response.status_code >= 500:
            sys.exit(url)
        if answer in ("page", "file") and response.status_code != 200:
            sys.exit(url)
        if answer == "file" and not response.data.startswith(b"PK"):
            sys.exit(url)
    loaded.append(sorted(set(watched) & set(sys.modules)))
print(json.dumps([loaded, sys.flags.optimize]))
"""


def modules_loaded(
    database_url: str, groups: list[tuple[str, list[str], str]], watched: tuple[str, ...]
) -> tuple[list[list[str]], int]:
    """The ``watched`` modules a fresh process holds after warm() and after each group of
    ``(user, urls, answer)`` — ``answer`` each URL must give: "page" (200), "file" (200, a
    zip: XLSX or DOCX) or "no error" (below 500) — and its ``sys.flags.optimize``."""
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [
            sys.executable,
            "-c",
            _SCRIPT,
            database_url,
            PASSWORD,
            json.dumps(groups),
            json.dumps(watched),
        ],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parent.parent,
        env={**os.environ, "PYTHONOPTIMIZE": "2"},
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    loaded, optimize = json.loads(result.stdout)
    return loaded, optimize
