"""Where evidence photos live and finding them for a timeline (stored by a status update:
:func:`wardtasks.tasks.services.record_status_update`)."""

from __future__ import annotations

from pathlib import Path

from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..models import EvidencePhoto


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
