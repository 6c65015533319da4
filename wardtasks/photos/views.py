"""Serving evidence photos to the users allowed to see their assignment."""

from __future__ import annotations

import io

from flask import Blueprint, abort, send_file
from flask_login import login_required
from werkzeug.wrappers import Response

from .. import policy
from ..extensions import db
from ..models import EvidencePhoto, Task, TaskNotePhoto
from .services import photo_folder, photos_by_update

bp = Blueprint("photos", __name__)
bp.add_app_template_global(photos_by_update, "photos_by_update")


@bp.route("/photos/<int:photo_id>/<any(full, thumb):size>")
@login_required
def photo(photo_id: int, size: str) -> Response:
    """One photo (or its thumbnail) as an inline JPEG, if the user may see its assignment.

    A photo shows a person's work: the browser keeps it only privately and asks each time
    (``private, no-cache``); its file name, random and never rewritten, is its ETag, so
    asking again costs a 304."""
    row = db.get_or_404(EvidencePhoto, photo_id)
    policy.require(policy.can_view_assignment(row.assignment))
    return _send(row.thumb_name if size == "thumb" else row.file_name, f"evidence-{row.id}", size)


@bp.route("/task-notes/photos/<int:photo_id>/<any(full, thumb):size>")
@login_required
def note_photo(photo_id: int, size: str) -> Response:
    """One photo of a supporting organisation's note (or its thumbnail), if the user may
    see its task; served as :func:`photo` serves an update's."""
    row = db.get_or_404(TaskNotePhoto, photo_id)
    task = db.session.get(Task, row.task_id)
    assert task is not None  # noqa: S101 - a foreign key
    policy.require(policy.can_view_task(task))
    return _send(row.thumb_name if size == "thumb" else row.file_name, f"note-{row.id}", size)


def _send(file_name: str, download: str, size: str) -> Response:
    """A stored photo file as an inline JPEG (404 when the file is gone)."""
    path = photo_folder() / file_name
    if not path.is_file():
        abort(404)
    # Read whole (at most a few hundred kB): no file handle outlives the request.
    response = send_file(
        io.BytesIO(path.read_bytes()),
        mimetype="image/jpeg",
        as_attachment=False,
        download_name=f"{download}{'-thumb' if size == 'thumb' else ''}.jpg",
        etag=path.name,
        last_modified=None,
        max_age=None,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-cache"
    return response
