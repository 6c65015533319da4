"""What is stored of an evidence photo, and what decoding one may cost.

A ``<script>`` in a JPEG comment survived re-encoding into the stored photo and its
thumbnail (Pillow carries the comment over and writes a JFIF header). A 56 kB PNG of
7740 × 7740, just under the old 60 MP limit, took a worker from 123 to 470 MB, four per
request. Stored files now hold the picture only (no APPn, no COM segment); a JPEG is
decoded at a reduced scale, a picture above a phone camera's 50 MP is refused from its
header, and a request's photos may hold at most ``PHOTO_MAX_DECODED_PIXELS`` together.
"""

from __future__ import annotations

import io
import resource
import struct
import subprocess
import sys
import textwrap
import zlib
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import func, select

from wardtasks.extensions import db
from wardtasks.models import Assignment, EvidencePhoto

from .factories import Ward
from .test_photos import _login, _photo_count, gps_exif
from .test_photos import _post_update as _post_small

SCRIPT = "<script>alert(1)</script>"
SOS, SOI = 0xDA, 0xD8
# What a bare baseline or progressive JPEG needs before its scan: tables and the frame.
PICTURE_MARKERS = {0xDB, 0xC4, 0xDD, *range(0xC0, 0xC3)}


@pytest.fixture
def app_config(tmp_path: Path) -> dict[str, Any]:
    return {"PHOTO_FOLDER": str(tmp_path / "photos")}


def _post_update(client: Any, ward: Ward, files: list[tuple[bytes, str]]) -> Any:
    """The status update with ``files``; the request body the test client spooled to a
    temporary file (above 500 kB) is closed here, not left to the collector."""
    response = _post_small(client, ward, files)
    response.get_data()
    response.request.input_stream.close()
    return response


def markers_before_scan(jpeg: bytes) -> list[int]:
    """The segment markers of a JPEG file up to its first scan."""
    assert jpeg[:2] == b"\xff\xd8"
    found, pos = [], 2
    while True:
        assert jpeg[pos] == 0xFF, f"no marker at {pos}"
        marker = jpeg[pos + 1]
        found.append(marker)
        if marker == SOS:
            return found
        pos += 2 + int.from_bytes(jpeg[pos + 2 : pos + 4], "big")


def grey_png(width: int, height: int) -> bytes:
    """A black greyscale PNG, written row by row (never held whole): small, many pixels."""
    squeeze = zlib.compressobj(9)
    row = b"\x00" * (width + 1)
    body = b"".join(squeeze.compress(row) for _ in range(height)) + squeeze.flush()

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
    )


def _with_segment(jpeg: bytes, marker: int, payload: bytes) -> bytes:
    """``jpeg`` with one more segment right after its start."""
    length = (len(payload) + 2).to_bytes(2, "big")
    return jpeg[:2] + bytes([0xFF, marker]) + length + payload + jpeg[2:]


def _sources() -> dict[str, bytes]:
    """A photo of each accepted kind, carrying every kind of metadata it can, each with a
    script in it."""
    image = Image.new("RGB", (400, 300), "teal")
    xmp = f'<x:xmpmeta xmlns:x="adobe:ns:meta/">{SCRIPT}</x:xmpmeta>'.encode()
    out = io.BytesIO()
    image.save(out, "JPEG", comment=SCRIPT.encode(), exif=gps_exif(), xmp=xmp)
    jpeg = _with_segment(out.getvalue(), 0xED, b"Photoshop 3.0\x00" + SCRIPT.encode())
    jpeg = _with_segment(jpeg, 0xE2, b"ICC_PROFILE\x00" + SCRIPT.encode())
    from PIL import PngImagePlugin

    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", SCRIPT)
    text.add_itxt("XML:com.adobe.xmp", xmp.decode())
    png = io.BytesIO()
    image.save(png, "PNG", pnginfo=text)
    webp = io.BytesIO()
    image.save(webp, "WEBP", exif=gps_exif(), xmp=xmp)
    return {"jpg": jpeg, "png": png.getvalue(), "webp": webp.getvalue()}


def test_stored_photos_and_thumbnails_hold_the_picture_only(app, client, ward: Ward) -> None:
    sources = _sources()
    assert all(SCRIPT.encode() in data for data in sources.values())
    _login(client)
    response = _post_update(client, ward, [(data, f"anh.{kind}") for kind, data in sources.items()])
    assert response.status_code == 303
    folder = Path(app.config["PHOTO_FOLDER"])
    with app.app_context():
        rows = db.session.scalars(select(EvidencePhoto)).all()
        names = [n for r in rows for n in (r.file_name, r.thumb_name)]
    assert len(names) == 6
    for name in names:
        stored = (folder / name).read_bytes()
        markers = markers_before_scan(stored)
        assert set(markers[:-1]) <= PICTURE_MARKERS, [hex(m) for m in markers]
        assert b"<script" not in stored and b"Exif" not in stored and b"JFIF" not in stored
        assert Image.open(io.BytesIO(stored)).size  # still a picture
    served = client.get(f"/photos/{rows[0].id}/full")
    assert set(markers_before_scan(served.data)[:-1]) <= PICTURE_MARKERS
    served.close()


# Decoding costs ---------------------------------------------------------------------------

MEASURE = textwrap.dedent(
    """
    import resource, sys
    from PIL import Image, JpegImagePlugin, PngImagePlugin, WebPImagePlugin
    from wardtasks.photos.processing import NotAPhoto, process_photo
    data = open(sys.argv[1], "rb").read()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        outcome = "processed %dx%d" % (lambda p: (p.width, p.height))(process_photo(data))
    except NotAPhoto as refused:
        outcome = refused.reason
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    print(outcome, grown // 1024)
    """
)
# Generous: the pictures below would hold 50 to 240 MB decoded whole.
PEAK_MB = 40


def _peak(tmp_path: Path, data: bytes) -> tuple[str, int]:
    """What processing ``data`` gives, and how many MB it added to a fresh process's peak."""
    path = tmp_path / "upload"
    path.write_bytes(data)
    run = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path)], capture_output=True, text=True, check=True
    )
    outcome, grown = run.stdout.strip().rsplit(" ", 1)
    return outcome, int(grown)


def test_a_huge_picture_in_a_small_png_is_refused_from_its_header(tmp_path: Path) -> None:
    bomb = grey_png(7740, 7740)
    assert len(bomb) < 100_000
    outcome, grown = _peak(tmp_path, bomb)
    assert outcome == "too_many_pixels"
    assert grown < PEAK_MB, f"{grown} MB"


def test_a_50_mp_phone_photo_is_decoded_at_a_reduced_scale(tmp_path: Path) -> None:
    out = io.BytesIO()
    Image.new("L", (8160, 6120), 128).save(out, "JPEG")  # a 50 MP camera's full size
    outcome, grown = _peak(tmp_path, out.getvalue())
    assert outcome == "processed 1600x1200"
    assert grown < PEAK_MB, f"{grown} MB"


def _versions(app) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.max(Assignment.version))))


def test_four_bombs_in_one_update_are_refused_with_a_message(app, client, ward: Ward) -> None:
    _login(client)
    bomb = grey_png(7740, 7740)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    response = _post_update(client, ward, [(bomb, f"bom{i}.png") for i in range(4)])
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert all(f"“bom{i}.png” quá lớn về số điểm ảnh." in page for i in range(4))
    assert _photo_count(app) == 0 and _versions(app) == 1
    assert grown < PEAK_MB  # (only a bound: the test process may have been larger before)


def test_photos_too_large_together_are_refused_and_fewer_are_saved(app, client, ward: Ward) -> None:
    """Four 5.2 MP PNGs hold 21 MP decoded, over the 20 MP of one update: refused with a
    message, nothing saved; three of them are saved."""
    _login(client)
    png = grey_png(2600, 2000)
    response = _post_update(client, ward, [(png, f"chup{i}.png") for i in range(4)])
    assert response.status_code == 422
    assert "Tổng kích thước (điểm ảnh) của các ảnh này quá lớn" in response.get_data(as_text=True)
    assert _photo_count(app) == 0
    response = _post_update(client, ward, [(png, f"chup{i}.png") for i in range(3)])
    assert response.status_code == 303 and _photo_count(app) == 3


def test_four_usual_phone_photos_are_saved(app, client, ward: Ward) -> None:
    out = io.BytesIO()
    Image.new("RGB", (4032, 3024), "olive").save(out, "JPEG")
    _login(client)
    response = _post_update(client, ward, [(out.getvalue(), f"IMG_{i}.jpg") for i in range(4)])
    assert response.status_code == 303 and _photo_count(app) == 4
