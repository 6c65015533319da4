"""Error pages in the user's language, in the app's layout; fragments for htmx."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Flask, current_app, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError, MethodNotAllowed
from werkzeug.wrappers import Response

from .extensions import db
from .refusals import NotAllowed, Refused
from .version import saved_in_request
from .web import is_htmx_partial, safe_next

MESSAGES = {
    400: _l("The request could not be understood. Please reload the page and try again."),
    403: _l("You do not have permission to see or do this."),
    404: _l("This page does not exist, or it has been removed."),
    405: _l("This action is not available here."),
    413: _l("The file or form is too large."),
    429: _l("Too many attempts. Please wait a moment and try again."),
    500: _l("Something went wrong on our side. Nothing you saved has been lost."),
}

# A server error after a request that changed nothing (a form sent, not saved) …
NOT_SAVED = _l(
    "Something went wrong on our side, and this change has not been saved. What you saved "
    "before is kept: please try again."
)
# … and after its change was saved.
SAVED_THEN_FAILED = _l(
    "Your change has been saved, but something went wrong on our side afterwards. "
    "Check the page to see it."
)

TITLES = {
    400: _l("Bad request"),
    403: _l("Not allowed"),
    404: _l("Not found"),
    405: _l("Not available"),
    413: _l("Too large"),
    429: _l("Too many attempts"),
    500: _l("Server error"),
}


def render_error(
    code: int, message: str | None = None, status: int | None = None
) -> tuple[str, int]:
    """The error page, or a fragment when htmx asked for a partial: the title and the
    default message of ``code``, answered with ``status`` (default: ``code``).

    A code with no message of its own keeps its status and is told as its kind: a client
    error as a bad request (a download's ``Range`` beyond its end is a 416, not a 500),
    anything else as a server error."""
    status = status or code
    if code not in MESSAGES:
        code = 400 if 400 <= code < 500 else 500
    template = "errors/_fragment.html" if is_htmx_partial() else "errors/error.html"
    text = message or str(MESSAGES[code])
    return render_template(template, code=status, title=TITLES[code], message=text), status


def _exists_for_another_method(error: MethodNotAllowed) -> bool:
    """Whether the address is one the 405 names another method for. Werkzeug answers 405
    when a GET and a POST rule share a path and the id in it is no id (``/cycle/branches/
    2147483648/2023-03``, :class:`~wardtasks.inputs.WholeNumberConverter`): no method
    finds that address, so it is not found."""
    adapter = current_app.url_map.bind_to_environ(request.environ)
    for method in error.valid_methods or ():
        try:
            adapter.match(method=method)
        except HTTPException:
            continue
        return True
    return False


def init_errors(app: Flask) -> None:
    """Register the handlers."""

    @app.errorhandler(CSRFError)
    def _csrf(_error: CSRFError) -> tuple[str, int]:
        return render_error(
            400, str(_l("Your form has expired. Please reload the page and try again."))
        )

    @app.errorhandler(Refused)
    def _refused(refusal: Refused) -> tuple[str, int]:
        # A refusal no view showed next to its field: the page of its kind, its status.
        message = str(refusal.message) if refusal.message is not None else None
        kind = 403 if isinstance(refusal, NotAllowed) else 400
        return render_error(kind, message, refusal.status)

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> tuple[str, int] | tuple[str, int, list[Any]]:
        if isinstance(error, MethodNotAllowed) and not _exists_for_another_method(error):
            return render_error(404)
        # The headers the error carries (a 405's Allow, a 416's Content-Range) are kept.
        headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
        return (*render_error(error.code or 500), headers)

    @app.errorhandler(InternalServerError)
    def _server(_error: InternalServerError) -> tuple[str, int] | Response:
        # The failed transaction, if any, ends here: the answer reads the user again.
        db.session.rollback()
        if saved_in_request():
            return saved_then_failed()
        if request.method in ("GET", "HEAD"):
            return render_error(500)
        return render_error(500, str(NOT_SAVED))


def saved_then_failed() -> Response:
    """The answer to a request that failed after its change was committed: not a server
    error (the browser or htmx would treat the change as lost, and the user send it again)
    but the page the request came from, with a message saying the change was saved."""
    flash(str(SAVED_THEN_FAILED), "success")
    came_from = urlsplit(request.referrer or "")
    back = None
    if came_from.netloc == request.host:
        back = safe_next(came_from.path + (f"?{came_from.query}" if came_from.query else ""))
    target = back or url_for("orgs.home")
    if is_htmx_partial():
        response = Response(status=200)
        response.headers["HX-Redirect"] = target
        return response
    return redirect(target, 303)
