"""Forms of the workflow: the inline status update (with its evidence photos) and the bulk
assigning form."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_wtf.file import FileAllowed, MultipleFileField
from wtforms import Field, HiddenField, StringField, TextAreaField
from wtforms.validators import Length, Optional, StopValidation, ValidationError

from ..dates import DayField
from ..inputs import Form, WholeNumberField, whole_number
from ..models import ASSIGNMENT_STATUSES
from ..photos.processing import NotAPhoto, ProcessedPhoto, decoded_pixels, process_photo
from .assigning import RESPONSIBLE_MAX
from .services import KEEP, NOTE_MAX, Keep


class PercentField(StringField):
    """A whole number from 0 to 100 (a trailing % is accepted)."""

    data: Any

    def process_formdata(self, valuelist: list[Any]) -> None:
        raw = (valuelist[0] if valuelist else "") or ""
        text = raw.strip().rstrip("%").strip()
        if not text:
            self.data = None
            return
        number = whole_number(text)
        if number is None or not 0 <= number <= 100:
            self.data = None
            raise ValueError(_l("Progress is a whole number from 0 to 100."))
        self.data = number

    def _value(self) -> str:
        # What was typed comes back as typed, also when it was refused.
        if self.raw_data:
            return str(self.raw_data[0])
        return "" if self.data is None else str(self.data)


# The progress chips beside the number (one tap instead of typing).
PROGRESS_PRESETS = (25, 50, 75, 100)


def _percent_given(_form: Any, field: Field) -> None:
    # InputRequired would take "  " as given: the view then had no number to save.
    if field.data is None and not field.process_errors:
        raise StopValidation(_l("Write the progress (0–100)."))


class StatusField(StringField):
    """One of the five statuses (radio chips in the row), our own message otherwise."""

    def pre_validate(self, form: Any) -> None:
        if self.data not in ASSIGNMENT_STATUSES:
            raise ValidationError(_l("Choose a status."))


def _version(_form: Any, field: Field) -> None:
    if whole_number(field.data) is None:
        raise ValidationError(_l("This form is outdated. Please reload the page."))


PHOTO_EXTENSIONS = ("jpg", "jpeg", "jpe", "jfif", "png", "webp")
PHOTO_REFUSED = {
    "not_an_image": _l("“%(name)s” is not a photo (JPEG, PNG or WebP)."),
    "too_many_pixels": _l("“%(name)s” is too large in pixels."),
    "too_big": _l("“%(name)s” is larger than %(mb)d MB."),
}
PHOTOS_TOO_LARGE = _l(
    "These photos are too large in pixels together: send fewer of them, or smaller ones "
    "(a phone's usual photo size is fine)."
)


class PhotosForm(Form):
    """A form with evidence photos (a status update, a supporter's note).

    The photos are checked here, whole: the name's extension, then for each file its size,
    its first bytes, that Pillow decodes it and its size in pixels; a refused photo
    refuses the form (messages next to the field). :attr:`processed` holds the re-encoded
    photos for the service, which stores them with what they belong to."""

    class Meta:
        csrf = False  # CSRFProtect checks every POST (header or field) already

    photos = MultipleFileField(
        _l("Photos (optional)"),
        validators=[
            FileAllowed(
                PHOTO_EXTENSIONS, _l("Photos must be JPEG, PNG or WebP files (.jpg, .png, .webp).")
            )
        ],
    )

    processed: list[ProcessedPhoto]

    def validate_photos(self, field: MultipleFileField) -> None:
        """At most ``PHOTO_MAX_COUNT`` real images of at most ``PHOTO_MAX_BYTES`` each, which
        decoding holds at most ``PHOTO_MAX_DECODED_PIXELS`` of, together (the limits are
        settings, so they are read here rather than by ``FileSize``, whose message could not
        name the file). Every file is measured from its header before any is decoded."""
        self.processed = []
        uploads = field.data or []
        config = current_app.config
        max_count, max_bytes = int(config["PHOTO_MAX_COUNT"]), int(config["PHOTO_MAX_BYTES"])
        max_pixels = int(config["PHOTO_MAX_PIXELS"])
        if len(uploads) > max_count:
            raise ValidationError(
                ngettext(
                    "At most %(num)d photo per update.",
                    "At most %(num)d photos per update.",
                    max_count,
                )
            )
        errors: list[str] = []
        files: list[tuple[str, bytes]] = []
        cost = 0

        def refuse(name: str, exc: NotAPhoto) -> None:
            errors.append(str(PHOTO_REFUSED[exc.reason] % {"name": name, "mb": max_bytes >> 20}))

        for upload in uploads:
            name = (upload.filename or "")[-60:]
            data = upload.stream.read(max_bytes + 1)
            try:
                if len(data) > max_bytes:
                    raise NotAPhoto("too_big")
                cost += decoded_pixels(data, max_pixels)
            except NotAPhoto as exc:
                refuse(name, exc)
            files.append((name, data))
        if not errors and cost > int(config["PHOTO_MAX_DECODED_PIXELS"]):
            errors.append(str(PHOTOS_TOO_LARGE))
        for name, data in files if not errors else []:
            try:
                self.processed.append(process_photo(data, max_pixels))
            except NotAPhoto as exc:  # its header was fine, its picture is not
                refuse(name, exc)
        if errors:
            self.processed = []
            field.errors.extend(errors[:-1])
            raise ValidationError(errors[-1])


class StatusUpdateForm(PhotosForm):
    """One status update of an assignment (the row's inline form), with its evidence
    photos (:class:`PhotosForm`)."""

    status = StatusField(_l("Status"))
    progress = PercentField(_l("Progress"), validators=[_percent_given])
    # A chip chosen beside the number: the progress saved, whatever the number says (with
    # JavaScript the two agree; without it, the chip is the one tap the user made).
    preset = PercentField(_l("Progress"), validators=[Optional()])
    note = TextAreaField(
        _l("What was done"),
        validators=[
            Length(max=NOTE_MAX, message=_l("The note is too long (at most %(max)d characters)."))
        ],
    )
    due_date = DayField(_l("Due date"), validators=[Optional()])
    # The task's target measure now (issue 19): shown when the task has a target.
    measured = WholeNumberField(_l("Value now"), validators=[Optional()])
    version = HiddenField(validators=[_version])
    scope = HiddenField()
    next = HiddenField()

    mine: dict[str, Any]  # after a conflict, what the user changed (:meth:`rebase`)

    def validate(self, extra_validators: Any = None) -> bool:
        """Check every field; a chosen progress chip (``preset``) is the progress."""
        if self.preset.data is not None and not self.preset.process_errors:
            self.progress.data = self.preset.data
            self.progress.raw_data = [str(self.preset.data)]
            self.progress.process_errors = []
        return super().validate(extra_validators)

    def due_date_change(self) -> date | None | Keep:
        """The due date typed (None: cleared), or :data:`KEEP` when the form had no such
        field (it is shown only to those who may move the date)."""
        return self.due_date.data if self.due_date.raw_data else KEEP

    @classmethod
    def of_row(cls, a: Any) -> StatusUpdateForm:
        """The form as it opens on row ``a`` (its current state, nothing typed yet)."""
        data = {"status": a.status, "progress": a.progress, "due_date": a.due_date}
        return cls(formdata=None, data={**data, "version": a.version})

    def rebase(self, opened: Any, current: Any) -> None:
        """After a conflict: keep what the user changed from the version the form was
        opened at (``opened``: status, progress, due date), list it in :attr:`mine` (the
        conflict shows that, and only that, as theirs), and show every other field as
        ``current`` (someone else) left it, so saving again changes only the user's."""
        mine: dict[str, Any] = {}
        if self.status.data != opened.status:
            mine["status"] = self.status.data
        else:
            self.status.data = current.status
        if self.progress.data != opened.progress:
            mine["progress"] = self.progress.data
        else:
            self.progress.data, self.progress.raw_data = current.progress, None
        due = self.due_date_change()
        if due is not KEEP and due != opened.due_date:
            mine["due_date"] = due  # None: cleared
        elif due is not KEEP:
            self.due_date.data, self.due_date.raw_data = current.due_date, None
        note = (self.note.data or "").strip()
        if note:
            mine["note"] = note
        if self.processed:
            mine["photos"] = len(self.processed)
        self.mine = mine


class AssignForm(Form):
    """Fields of the bulk assigning form (the selected branches come as ``branch`` values)."""

    class Meta:
        csrf = False

    responsible = StringField(
        _l("Responsible person"),
        validators=[
            Length(max=RESPONSIBLE_MAX, message=_l("At most %(max)d characters.")),
        ],
    )
    due_date = DayField(_l("Due date"), validators=[Optional()])


class TaskNoteForm(PhotosForm):
    """A supporting organisation's note on a task, with evidence photos (that it says
    something is the service's rule: :func:`wardtasks.tasks.support.add_task_note`)."""

    note = TextAreaField(
        _l("What your organisation did"),
        validators=[
            Length(max=NOTE_MAX, message=_l("The note is too long (at most %(max)d characters)."))
        ],
    )
