"""Reading uploads, storing photos under the instance folder, finding them for a timeline."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from ..audit import record
from ..database import write_transaction
from ..extensions import db
from ..models import EvidencePhoto
from .processing import NotAPhoto, ProcessedPhoto, process_photo

if TYPE_CHECKING:
    from ..tasks.services import SavedUpdate

REASONS = {
    "not_an_image": _l("“%(name)s” is not a photo (JPEG, PNG or WebP)."),
    "too_many_pixels": _l("“%(name)s” is too large in pixels."),
    "too_big": _l("“%(name)s” is larger than %(mb)d MB."),
}


class PhotoUploadError(ValueError):
    """Uploads refused; ``messages`` are for the user."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


def photo_folder() -> Path:
    """Where photos live: ``PHOTO_FOLDER`` or ``instance/photos``."""
    configured = current_app.config.get("PHOTO_FOLDER")
    return Path(configured) if configured else Path(current_app.instance_path) / "photos"


def read_uploads(files: Iterable[FileStorage]) -> list[ProcessedPhoto]:
    """Check and re-encode the uploaded files (empty file inputs are ignored)."""
    uploads = [f for f in files if f is not None and (f.filename or "").strip()]
    max_count = int(current_app.config["PHOTO_MAX_COUNT"])
    max_bytes = int(current_app.config["PHOTO_MAX_BYTES"])
    if len(uploads) > max_count:
        raise PhotoUploadError([str(_l("At most %(num)d photos per update.", num=max_count))])
    photos: list[ProcessedPhoto] = []
    errors: list[str] = []
    for upload in uploads:
        name = (upload.filename or "")[-60:]
        data = upload.stream.read(max_bytes + 1)
        if len(data) > max_bytes:
            errors.append(str(REASONS["too_big"] % {"name": name, "mb": max_bytes // 2**20}))
            continue
        try:
            photos.append(process_photo(data, int(current_app.config["PHOTO_MAX_PIXELS"])))
        except NotAPhoto as exc:
            errors.append(str(REASONS[exc.reason] % {"name": name, "mb": 0}))
    if errors:
        raise PhotoUploadError(errors)
    return photos


def _write(folder: Path, data: bytes) -> str:
    name = f"{secrets.token_hex(16)}.jpg"
    fd = os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    return name


def save_photos(
    status_update_id: int, assignment_id: int, user_id: int, photos: list[ProcessedPhoto]
) -> list[EvidencePhoto]:
    """Store the files and their rows (one transaction); files are removed if that fails."""
    if not photos:
        return []
    folder = photo_folder()
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    rows: list[EvidencePhoto] = []
    try:
        with write_transaction():
            for photo in photos:
                full = _write(folder, photo.jpeg)
                written.append(folder / full)
                thumb = _write(folder, photo.thumbnail)
                written.append(folder / thumb)
                row = EvidencePhoto(
                    status_update_id=status_update_id,
                    assignment_id=assignment_id,
                    uploaded_by_id=user_id,
                    file_name=full,
                    thumb_name=thumb,
                    width=photo.width,
                    height=photo.height,
                    size_bytes=len(photo.jpeg),
                )
                db.session.add(row)
                db.session.flush()
                record(
                    user_id,
                    "photo.add",
                    "assignment",
                    assignment_id,
                    None,
                    {"photo_id": row.id, "status_update_id": status_update_id},
                )
                rows.append(row)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return rows


def photos_by_update(assignment_id: int) -> dict[int, list[EvidencePhoto]]:
    """The photos of an assignment's updates, by status update id (one query)."""
    result: dict[int, list[EvidencePhoto]] = {}
    for photo in db.session.scalars(
        select(EvidencePhoto)
        .where(EvidencePhoto.assignment_id == assignment_id)
        .order_by(EvidencePhoto.id)
    ):
        result.setdefault(photo.status_update_id, []).append(photo)
    return result


def read_photo_uploads() -> list[ProcessedPhoto] | None:
    """The request's ``photos`` files, re-encoded; None (messages in ``g.photo_errors``) if
    any is refused. For the status-update view: refused photos refuse the whole update."""
    from flask import g, request

    try:
        return read_uploads(request.files.getlist("photos"))
    except PhotoUploadError as exc:
        g.photo_errors = exc.messages
        return None


def attach_photos(entry: SavedUpdate, photos: list[ProcessedPhoto] | None) -> None:
    """Store ``photos`` as evidence of the saved status update ``entry``."""
    if photos:
        save_photos(entry.id, entry.assignment_id, entry.author_id, photos)
