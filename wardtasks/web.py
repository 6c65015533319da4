"""Request plumbing shared by every area: partial-or-full rendering, headers."""

from __future__ import annotations

import gzip
import hashlib
import os
import unicodedata
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from flask import (
    Flask,
    Response,
    flash,
    g,
    has_request_context,
    make_response,
    render_template,
    request,
    url_for,
)
from jinja2_fragments.flask import render_block

from . import policy
from .refusals import Refused


def is_htmx_partial() -> bool:
    """True for an htmx request that wants a fragment (not boosted, not a history restore)."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-Boosted") != "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def safe_next(target: str | None) -> str | None:
    """``target`` if it is a path on this site, else None: the one check of every ``next``.

    Modelled on Django's ``url_has_allowed_host_and_scheme``, stricter: only a path
    starting with a single ``/``. Browsers drop tabs and newlines anywhere in an address
    (``?next=/%09/x`` reads ``//x``) and read a backslash as ``/``, so any control or
    format character and any backslash refuses the whole target rather than being stripped.
    """
    if not target or "\\" in target:
        return None
    if any(unicodedata.category(c).startswith("C") for c in target):
        return None
    if not target.startswith("/") or target.startswith("//"):
        return None
    try:
        parts = urlsplit(target)
    except ValueError:
        return None
    if parts.scheme or parts.netloc:
        return None
    return target


def show_refusal(refusal: Refused, form: Any = None) -> None:
    """Show a service's refusal next to its field of ``form``, else as a page message.

    A refusal without words for the user (a bare ``NotAllowed``) goes on to the error
    handler, which answers its status page.
    """
    if refusal.message is None:
        raise refusal
    field = getattr(form, refusal.field, None) if form is not None and refusal.field else None
    message = str(refusal.message)
    if field is not None:
        field.errors = [*field.errors, message]
    else:
        flash(message, "error")


def render_page(template: str, block: str | None = None, **context: Any) -> Response:
    """Render ``block`` of ``template`` alone for htmx, the whole page otherwise."""
    if block is not None and is_htmx_partial():
        body = render_block(template, block, **context)
    else:
        body = render_template(template, **context)
    response = make_response(body)
    response.vary.add("HX-Request")
    return response


def url_prefix(endpoint: str, argument: str) -> str:
    """The address of ``endpoint`` up to its last argument, an integer: lists append
    the id of each row to it instead of asking the URL map once per row."""
    values: dict[str, Any] = {argument: 0}
    address = url_for(endpoint, **values)
    assert address.endswith("/0"), address  # noqa: S101 - the rule ends with the id
    return address[:-1]


def init_web(app: Flask) -> None:
    """Headers every response carries; the menu every page shows."""

    @app.context_processor
    def _navigation() -> dict[str, policy.Navigation]:
        return {"nav": policy.navigation()}

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

    init_performance(app)


# --- Speed: compression, versioned static files, opt-in query counting (issue 7) ---

STATIC_MAX_AGE = 365 * 24 * 3600


def init_performance(app: Flask) -> None:
    """Gzip for full pages, long-lived versioned static URLs, X-Query-Count when asked.

    ``GZIP_MIN_BYTES`` (default 1024; 0 turns compression off) is the smallest
    text/html body compressed. ``url_for('static', filename=...)`` gains
    ``?v=<content hash>``; such URLs are cached for a year. With
    ``WARDTASKS_COUNT_QUERIES=1`` every response says how many SQL statements
    its request ran (``X-Query-Count``), for benchmarks and tests. The hashes are
    remembered per file until the app restarts (a deployment does), except in debug
    mode, where an edited file gets its new hash on the next page.
    """
    static_folder = app.static_folder
    versions: dict[str, str | None] = {}

    @app.url_defaults
    def _static_version(endpoint: str, values: dict[str, Any]) -> None:
        if endpoint == "static" and "filename" in values and "v" not in values and static_folder:
            filename = values["filename"]
            version = versions.get(filename)
            if version is None:
                version = static_file_version(static_folder, filename)
                if not app.debug:
                    versions[filename] = version
            if version:
                values["v"] = version

    @app.after_request
    def _speed(response: Response) -> Response:
        if request.endpoint == "static" and request.args.get("v"):
            response.headers["Cache-Control"] = f"public, max-age={STATIC_MAX_AGE}, immutable"
        _gzip(response, int(app.config.get("GZIP_MIN_BYTES", 1024)))
        if "_query_count" in g:
            response.headers["X-Query-Count"] = str(g._query_count)
        return response

    if app.config.get("COUNT_QUERIES"):
        from sqlalchemy import event

        from .extensions import db

        with app.app_context():
            engine = db.engine

        @event.listens_for(engine, "before_cursor_execute")
        def _count(*_args: Any) -> None:
            if has_request_context():
                g._query_count = g.get("_query_count", 0) + 1

        @app.before_request
        def _start_count() -> None:
            g._query_count = g.get("_query_count", 0)


def _gzip(response: Response, min_bytes: int) -> None:
    """Compress a text/html body in place when the client accepts gzip."""
    if min_bytes <= 0 or response.mimetype != "text/html":
        return
    response.vary.add("Accept-Encoding")
    if (
        response.direct_passthrough
        or response.is_streamed
        or "Content-Encoding" in response.headers
        or "gzip" not in request.headers.get("Accept-Encoding", "").lower()
    ):
        return
    body = response.get_data()
    if len(body) < min_bytes:
        return
    response.set_data(gzip.compress(body, compresslevel=6))
    response.headers["Content-Encoding"] = "gzip"


@lru_cache(maxsize=256)
def _file_version(path: str, mtime_ns: int, size: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(65536), b""):
            digest.update(chunk)
    return digest.hexdigest()[:12]


def static_file_version(static_folder: str, filename: str) -> str | None:
    """A short hash of a static file's content (None if it does not exist)."""
    root = os.path.realpath(static_folder)
    path = os.path.realpath(os.path.join(root, filename))
    if not path.startswith(root + os.sep):
        return None
    try:
        st = os.stat(path)
    except OSError:
        return None
    return _file_version(path, st.st_mtime_ns, st.st_size)
