"""Where evidence photos live and finding them for a timeline (stored by a status update:
:func:`wardtasks.tasks.services.record_status_update`)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..models import EvidencePhoto
from .processing import ProcessedPhoto, StoredFiles, remove_files, write_files


class PhotosNotStored(Exception):
    """The photo folder could not be written: nothing of the update was saved."""


def photo_folder() -> Path:
    """Where photos live: ``PHOTO_FOLDER`` or ``instance/photos``."""
    configured = current_app.config.get("PHOTO_FOLDER")
    return Path(configured) if configured else Path(current_app.instance_path) / "photos"


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


@contextmanager
def stored_photos(photos: Sequence[ProcessedPhoto]) -> Iterator[list[StoredFiles]]:
    """Write ``photos``' files at their final names before the rows that name them: the
    block saves those rows in its transaction; if it fails, the files are removed again,
    so a photo is stored with what it belongs to, or not at all (the writers of status
    updates and of supporters' notes). Raises :class:`PhotosNotStored` when the folder
    cannot be written (nothing saved)."""
    folder = photo_folder()
    try:
        stored = write_files(folder, photos) if photos else []
    except OSError as exc:
        raise PhotosNotStored(str(exc)) from exc
    try:
        yield stored
    except BaseException:
        remove_files(folder, stored)
        raise
