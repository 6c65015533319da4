"""Turning an uploaded file into a safe JPEG and a thumbnail (Pillow; no Flask here).

Pillow is imported when the first photo is processed, not with the app: a worker
that only serves pages never loads it (its memory stays small).

Only real images pass: the first bytes must be those of a JPEG, PNG or WebP,
Pillow must decode the whole picture, and its size in pixels is bounded
before decoding (decompression bombs). The picture is then drawn anew as a
JPEG of at most :data:`MAX_SIDE` pixels wide or high, and the file written keeps
nothing but the picture: no APPn segment (EXIF with its GPS position, JFIF, XMP, ICC)
and no comment, whatever Pillow carried over (:func:`_picture_only`).

What decoding costs is bounded by the pixels it holds, known from the header before
anything is decoded (:func:`decoded_pixels`): a JPEG is decoded at a reduced scale (1/2,
1/4 or 1/8, Pillow's ``draft``) still larger than the photo stored, so a 50 MP one holds
3 MP; a PNG or WebP is decoded whole. The form bounds the sum over a request's photos.
"""

from __future__ import annotations

import io
import os
import secrets
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image

MAX_SIDE = 1600
THUMB_SIDE = 320
# The largest picture taken at all: a phone camera's full-resolution mode makes 50 MP
# (8160 × 6120); their usual photo is 12 MP (4032 × 3024), a screenshot 2 to 5 MP.
MAX_PIXELS = 50_000_000
# What decoding a request's photos may hold together: four usual phone photos (3 MP each
# once decoded at half scale) or four tall screenshots (4.5 MP) fit; one PNG of 20 MP
# holds 80 MB, where the 7740 × 7740 PNG of issue 14 would have held 240 MB, four of
# them one after the other.
MAX_DECODED_PIXELS = 20_000_000
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


def _fit(size: tuple[int, int], side: int) -> tuple[int, int]:
    """``size`` scaled down (never up) to fit a square of ``side``."""
    width, height = size
    scale = min(1.0, side / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


@contextmanager
def _opened(data: bytes, max_pixels: int) -> Iterator[Image.Image]:
    """``data`` opened (its header read, nothing decoded) at the scale it will be decoded
    at; :class:`NotAPhoto` for anything but a JPEG, PNG or WebP of at most ``max_pixels``."""
    from PIL import Image, UnidentifiedImageError

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
                image.draft("RGB", _fit(image.size, MAX_SIDE))  # a JPEG only; others: no-op
                yield image
    except NotAPhoto:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise NotAPhoto("too_many_pixels") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise NotAPhoto("not_an_image") from exc


def decoded_pixels(data: bytes, max_pixels: int = MAX_PIXELS) -> int:
    """The pixels :func:`process_photo` will hold decoding ``data``, read from its header
    (:class:`NotAPhoto` as there)."""
    with _opened(data, max_pixels) as image:
        width, height = image.size
    return width * height


def _picture_only(jpeg: bytes) -> bytes:
    """``jpeg`` (as Pillow writes it: one scan) without its APPn and COM segments.

    Pillow writes a JFIF header and carries the source's comment (and XMP) over from the
    picture's ``info``: a ``<script>`` in a comment would reach the stored file. Everything
    from the scan on is the picture itself and is kept as it is."""
    out = bytearray(jpeg[:2])  # SOI
    pos = 2
    while pos + 4 <= len(jpeg):
        marker = jpeg[pos + 1]
        if jpeg[pos] != 0xFF or marker == 0xDA:  # the start of scan: the rest is picture
            break
        length = int.from_bytes(jpeg[pos + 2 : pos + 4], "big")
        if not (0xE0 <= marker <= 0xEF or marker == 0xFE):
            out += jpeg[pos : pos + 2 + length]
        pos += 2 + length
    out += jpeg[pos:]
    return bytes(out)


def _encode(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return _picture_only(out.getvalue())


def process_photo(data: bytes, max_pixels: int = MAX_PIXELS) -> ProcessedPhoto:
    """Check ``data`` and return it re-encoded as a metadata-free JPEG with a thumbnail."""
    from PIL import Image, ImageOps

    with _opened(data, max_pixels) as image:
        image.load()  # decodes everything: a truncated or forged file fails here
        picture: Image.Image = image
        if picture.mode not in ("RGB", "RGBA", "L"):
            # Palette, 1-bit, 16-bit, CMYK: scaled as colours, not as indexes.
            picture = picture.convert("RGBA" if picture.has_transparency_data else "RGB")
        # Scaled down first: every step after holds the small picture only.
        picture.thumbnail((MAX_SIDE, MAX_SIDE))
        upright = ImageOps.exif_transpose(picture)
    if upright.mode == "RGBA":
        background = Image.new("RGB", upright.size, "white")
        background.paste(upright, mask=upright.getchannel("A"))
        upright = background
    upright = upright.convert("RGB")
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
