"""Request plumbing shared by every area: partial-or-full rendering, headers."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, make_response, render_template, request
from jinja2_fragments.flask import render_block


def is_htmx_partial() -> bool:
    """True for an htmx request that wants a fragment (not boosted, not a history restore)."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-Boosted") != "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def render_page(template: str, block: str | None = None, **context: Any) -> Response:
    """Render ``block`` of ``template`` alone for htmx, the whole page otherwise."""
    if block is not None and is_htmx_partial():
        body = render_block(template, block, **context)
    else:
        body = render_template(template, **context)
    response = make_response(body)
    response.vary.add("HX-Request")
    return response


def init_web(app: Flask) -> None:
    """Headers every response carries."""

    @app.after_request
    def _headers(response: Response) -> Response:
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
        )
        if request.endpoint != "static":
            response.headers.setdefault("Cache-Control", "no-store")
        return response
