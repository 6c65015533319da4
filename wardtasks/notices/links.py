"""Same-site paths for notices, also outside a request (the CLI, the digest)."""

from __future__ import annotations

from typing import Any

from flask import current_app, has_request_context, url_for


def site_path(endpoint: str, **values: Any) -> str:
    """The path of ``endpoint`` (``/assignments/12``): ``url_for`` in a request, the URL
    map itself elsewhere (a command has no request to take a host from)."""
    if has_request_context():
        return url_for(endpoint, **values)
    adapter = current_app.url_map.bind("localhost")
    return adapter.build(endpoint, values)
