"""Request plumbing shared by every area: partial-or-full rendering, conditional
requests, headers."""

from __future__ import annotations

import hashlib
import os
import time
import unicodedata
from collections.abc import Callable, Sequence
from functools import lru_cache, wraps
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import (
    Flask,
    Response,
    current_app,
    flash,
    g,
    has_request_context,
    make_response,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_compress import Compress
from flask_login import current_user
from jinja2_fragments.flask import render_block
from werkzeug.local import LocalProxy

from . import policy
from .dates import today_in_vietnam
from .refusals import Refused
from .version import current_version

F = TypeVar("F", bound=Callable[..., Any])


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


def with_anchor(url: str, anchor: str) -> str:
    """``url`` (a checked ``next``) opened at the element ``anchor`` (its own fragment
    replaced): a plain form sends the user back to the row they saved."""
    return url.split("#", 1)[0] + "#" + anchor


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


CONFIRMED = "confirmed"  # the form field saying the user answered "yes" to the question


def confirmation(
    question: str,
    *,
    confirm: str,
    cancel_url: str,
    details: Sequence[str] = (),
) -> Response | None:
    """The one step before an action that cannot simply be undone (taking a task back,
    deactivating a user): None once the form says ``confirmed=1``; else a page asking
    ``question`` (with ``details``, e.g. the branches concerned) whose "yes" posts the same
    form again, confirmed, and whose "no" goes to ``cancel_url``. With JavaScript the
    button asks first (``data-confirm``, app.js) and sends ``confirmed=1`` itself."""
    if request.form.get(CONFIRMED) == "1":
        return None
    fields = [
        (name, value)
        for name, values in request.form.lists()
        if name not in ("csrf_token", CONFIRMED)
        for value in values
    ]
    return render_page(
        "confirm.html",
        question=question,
        details=details,
        confirm=confirm,
        cancel_url=cancel_url,
        fields=fields,
        action=request.path,
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


def url_prefix(endpoint: str, argument: str) -> str:
    """The address of ``endpoint`` up to its last argument, an integer: lists append
    the id of each row to it instead of asking the URL map once per row."""
    values: dict[str, Any] = {argument: 0}
    address = url_for(endpoint, **values)
    assert address.endswith("/0"), address  # noqa: S101 - the rule ends with the id
    return address[:-1]


# --- Conditional requests: a page whose data has not changed answers 304 ---

# The request headers that choose what a page's bytes are (htmx asks for blocks).
_PAGE_HEADERS = ("HX-Request", "HX-Boosted", "HX-History-Restore-Request", "HX-Target")


def page_etag() -> str | None:
    """The ETag of the page this GET request would get, or None when it must be rendered.

    It hashes, keyed by the app's secret, everything that makes the page's bytes: the
    data version (:mod:`wardtasks.version`), the user and their session, the locale,
    the day in Vietnam (overdue, due soon), the address, htmx's headers, the CSRF token
    the forms carry, and the deployed templates and static files. Pending flashed
    messages are shown once: such a page is never answered from the browser's copy.
    """
    if session.get("_flashes"):
        return None
    version = current_version()
    if version is None:
        return None
    parts = [
        version,
        current_user.get_id() or "",
        str(get_locale()),
        today_in_vietnam().isoformat(),
        request.full_path,
        *(request.headers.get(h, "") for h in _PAGE_HEADERS),
        str(session.get("csrf_token", "")),
        _csrf_period(),
        deployment_fingerprint(current_app),
    ]
    key = str(current_app.secret_key).encode()
    return hashlib.blake2b("\x1f".join(parts).encode(), key=key[:64], digest_size=16).hexdigest()


def _csrf_period() -> str:
    """With a CSRF time limit, a page kept by the browser must not carry a token older
    than half of it: the ETag changes every half period."""
    limit = current_app.config.get("WTF_CSRF_TIME_LIMIT")
    return str(int(time.time() // max(1, int(limit) // 2))) if limit else ""


def _matches(tag: str) -> str | None:
    """The validator of ``If-None-Match`` naming ``tag``, as is or with the suffix
    Flask-Compress gives a compressed body's ETag (``<tag>:gzip``)."""
    for candidate in request.if_none_match.as_set():
        if candidate == tag or candidate.startswith(tag + ":"):
            return candidate
    return None


def conditional(view: F) -> F:
    """Answer a GET with ``304 Not Modified`` when the client's copy is current.

    Put it under ``@login_required``: the 304 costs loading the user and reading the
    data version, nothing else. A 200 carries the ETag; both carry
    ``Cache-Control: private, no-cache`` (keep it, ask each time) instead of the
    ``no-store`` of other responses, and ``Vary: HX-Request``.
    """

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if request.method != "GET":
            return view(*args, **kwargs)
        tag = page_etag()
        if tag is None:
            return view(*args, **kwargs)
        held = _matches(tag)
        if held is not None:
            response = current_app.response_class(status=304)
            response.headers["ETag"] = f'"{held}"'
        else:
            response = make_response(view(*args, **kwargs))
            if response.status_code != 200:
                return response
            response.set_etag(tag)
        response.headers["Cache-Control"] = "private, no-cache"
        response.vary.add("HX-Request")
        return response

    wrapper.conditional = True  # type: ignore[attr-defined]  # tests find the routes by it
    return wrapper  # type: ignore[return-value]


@lru_cache(maxsize=4)
def _fingerprint(folders: tuple[str, ...], stamp: int) -> str:
    digest = hashlib.blake2b(digest_size=8)
    for folder in folders:
        for root, _dirs, files in sorted(os.walk(folder)):
            for name in sorted(files):
                st = os.stat(os.path.join(root, name))
                digest.update(f"{root}/{name}:{st.st_size}:{st.st_mtime_ns};".encode())
    return digest.hexdigest()


def deployment_fingerprint(app: Flask) -> str:
    """A short hash of the templates and static files (names, sizes, times): a
    deployment that changes them changes every page's ETag. Computed once per process,
    in debug mode on every request (an edited template shows at once)."""
    folders = tuple(f for f in (app.template_folder, app.static_folder) if f)
    roots = tuple(os.path.join(app.root_path, f) for f in folders)
    return _fingerprint(roots, time.monotonic_ns() if app.debug else 0)


def _request_navigation() -> policy.Navigation:
    """The current user's menu, worked out once per request."""
    if "navigation" not in g:
        g.navigation = policy.navigation()
    return g.navigation


# How often an open page asks again for what others change (its counters, the bell): the
# answer is a 304 while nothing was written (@conditional).
POLL_EVERY = "every 30s"


def init_web(app: Flask) -> None:
    """Headers every response carries; the menu every page shows; the polling rate."""
    app.jinja_env.globals["POLL_EVERY"] = POLL_EVERY

    @app.context_processor
    def _navigation() -> dict[str, Any]:
        # Worked out when a template reads it (the menu of a whole page), not for every
        # fragment: a status update's answer would load the user's branch again.
        return {"nav": LocalProxy(_request_navigation)}

    @app.after_request
    def _headers(response: Response) -> Response:
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
        )
        if request.endpoint == "static":
            pass
        elif response.headers.get("Content-Disposition", "").startswith("attachment"):
            # Downloads (an open month's report changes): never kept, whatever send_file said.
            response.headers["Cache-Control"] = "no-store"
        else:
            # Pages answered conditionally set their own (private, no-cache).
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    init_performance(app)


# --- Speed: compression, versioned static files, opt-in query counting (issue 7) ---

STATIC_MAX_AGE = 365 * 24 * 3600
compress = Compress()


def init_performance(app: Flask) -> None:
    """Compression, long-lived versioned static URLs, X-Query-Count when asked.

    Flask-Compress compresses pages and static files (htmx, CSS, JS) for clients that
    accept it; ``COMPRESS_REGISTER=False`` (``WARDTASKS_COMPRESS_REGISTER=false``) turns
    it off when a proxy compresses. ``url_for('static', filename=...)`` gains
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

    init_compression(app)


def init_compression(app: Flask) -> None:
    """Flask-Compress for pages, fragments and static files (clients that accept it).

    After-request hooks run in reverse order: call this last, so compression comes
    before the headers added above.
    """
    compress.init_app(app)

    @app.after_request
    def _static_whole(response: Response) -> Response:
        # Runs before compression. Static files come as a streamed file: Flask-Compress
        # would compress the stream without gzip (its streaming choice) and leave the file
        # open. They are small (htmx is the largest): read whole, closed now, compressed
        # as any body.
        if (
            request.endpoint == "static"
            and response.status_code == 200
            and response.is_streamed
            and response.mimetype in app.config["COMPRESS_MIMETYPES"]
        ):
            close = getattr(response.response, "close", None)
            response.direct_passthrough = False
            response.response = [b"".join(response.iter_encoded())]
            if close is not None:
                close()
        return response


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
