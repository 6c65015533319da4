"""Turning an uploaded file into a safe JPEG and a thumbnail (Pillow; no Flask here).

Only real images pass: the first bytes must be those of a JPEG, PNG or WebP,
Pillow must decode the whole picture, and its size in pixels is bounded
before decoding (decompression bombs). The picture is then drawn anew as a
JPEG without any metadata (no EXIF, so no GPS position), at most
:data:`MAX_SIDE` pixels wide or high; nothing of the uploaded bytes survives.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

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
