"""Turning an uploaded file into a safe JPEG and a thumbnail (Pillow; no Flask here).

Pillow is imported when the first photo is processed, not with the app: a worker
that only serves pages never loads it (its memory stays small).

Only real images pass: the first bytes must be those of a JPEG, PNG or WebP,
Pillow must decode the whole picture, and its size in pixels is bounded
before decoding (decompression bombs). The picture is then drawn anew as a
JPEG without any metadata (no EXIF, so no GPS position), at most
:data:`MAX_SIDE` pixels wide or high; nothing of the uploaded bytes survives.
"""

from __future__ import annotations

import io
import os
import secrets
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image

MAX_SIDE = 1600
THUMB_SIDE = 320
# Refuse pictures above this many pixels before decoding them (a phone camera makes ~12-50 MP).
MAX_PIXELS = 60_000_000
JPEG_QUALITY = 82

MAGIC = {
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "webp": (b"RIFF",),  # and "WEBP" at offset 8
}
PILLOW_FORMATS = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}


class NotAPhoto(ValueError):
    """The upload is not an image we accept; ``reason`` says why (for the message)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class ProcessedPhoto:
    """A re-encoded photo ready to be stored."""

    jpeg: bytes
    thumbnail: bytes
    width: int
    height: int


def sniff(head: bytes) -> str | None:
    """The image kind announced by the first bytes, or None."""
    for kind, prefixes in MAGIC.items():
        if any(head.startswith(p) for p in prefixes):
            if kind == "webp" and head[8:12] != b"WEBP":
                continue
            return kind
    return None


def _encode(image: Image.Image) -> bytes:
    out = io.BytesIO()
    # No exif=, no icc_profile=: the new file carries no metadata at all.
    image.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue()


def process_photo(data: bytes, max_pixels: int = MAX_PIXELS) -> ProcessedPhoto:
    """Check ``data`` and return it re-encoded as a metadata-free JPEG with a thumbnail."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    kind = sniff(data[:16])
    if kind is None:
        raise NotAPhoto("not_an_image")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[PILLOW_FORMATS[kind]]) as image:
                width, height = image.size
                if width <= 0 or height <= 0 or width * height > max_pixels:
                    raise NotAPhoto("too_many_pixels")
                image.load()  # decodes everything: a truncated or forged file fails here
                upright = ImageOps.exif_transpose(image)
                if upright.mode not in ("RGB", "L"):
                    background = Image.new("RGB", upright.size, "white")
                    rgba = upright.convert("RGBA")
                    background.paste(rgba, mask=rgba.getchannel("A"))
                    upright = background
                upright = upright.convert("RGB")
    except NotAPhoto:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise NotAPhoto("too_many_pixels") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise NotAPhoto("not_an_image") from exc
    upright.thumbnail((MAX_SIDE, MAX_SIDE))
    full = _encode(upright)
    thumb = upright.copy()
    thumb.thumbnail((THUMB_SIDE, THUMB_SIDE))
    return ProcessedPhoto(full, _encode(thumb), upright.width, upright.height)


@dataclass(frozen=True)
class StoredFiles:
    """The files of one photo under the photo folder (generated names, never the upload's)."""

    file_name: str
    thumb_name: str


def _write(folder: Path, data: bytes) -> str:
    name = f"{secrets.token_hex(16)}.jpg"
    fd = os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    return name


def write_files(folder: Path, photos: Sequence[ProcessedPhoto]) -> list[StoredFiles]:
    """Write each photo and its thumbnail under ``folder``, at their final random names.
    Raises ``OSError`` (and leaves nothing behind) when the folder cannot be written."""
    written: list[str] = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for photo in photos:
            written.append(_write(folder, photo.jpeg))
            written.append(_write(folder, photo.thumbnail))
    except BaseException:
        remove_files(folder, written)
        raise
    pairs = zip(written[::2], written[1::2], strict=True)
    return [StoredFiles(full, thumb) for full, thumb in pairs]


def remove_files(folder: Path, names: Sequence[str | StoredFiles]) -> None:
    """Remove files written by :func:`write_files` (their rows were not saved)."""
    for name in names:
        parts = (name.file_name, name.thumb_name) if isinstance(name, StoredFiles) else (name,)
        for part in parts:
            (folder / part).unlink(missing_ok=True)
