"""Evidence photos: real images only, re-encoded without metadata, served by policy."""

from __future__ import annotations

import gc
import io
import shutil
import subprocess
import sys
import tempfile
import warnings
import weakref
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from PIL import Image
from sqlalchemy import func, select

from wardtasks.extensions import db
from wardtasks.models import Assignment, EvidencePhoto, StatusUpdate, User
from wardtasks.photos.processing import NotAPhoto, process_photo
from wardtasks.tasks.services import record_status_update

from .factories import PASSWORD, Ward


def jpeg_bytes(size: tuple[int, int] = (640, 480), exif: Any = None, color: str = "green") -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, color)
    if exif is not None:
        image.save(out, format="JPEG", exif=exif)
    else:
        image.save(out, format="JPEG")
    return out.getvalue()


def png_bytes(size: tuple[int, int] = (300, 200)) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", size, (255, 0, 0, 128)).save(out, format="PNG")
    return out.getvalue()


def gps_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 12"  # Model
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (19.0, 13.0, 30.0)
    gps[3] = "E"
    gps[4] = (105.0, 41.0, 12.0)
    return exif


def make_matrix_photo(app: Flask, ward: Ward) -> None:
    """For the permission matrix: photo 1, on assignment a1 (branch a1 of organisation a)."""
    folder = tempfile.mkdtemp(prefix="wardtasks-photos-")
    weakref.finalize(app, shutil.rmtree, folder, True)  # removed with the test's app
    app.config["PHOTO_FOLDER"] = folder
    with app.app_context():
        head = db.session.get(User, ward.users["branch_head"])
        entry = record_status_update(
            ward.assignment_a1,
            head,
            status="in_progress",
            progress=10,
            note="ảnh",
            expected_version=1,
            photos=[process_photo(jpeg_bytes())],
        )
        assert entry.photos == 1
        assert db.session.scalar(select(EvidencePhoto.id)) == 1


@pytest.fixture
def app_config(tmp_path: Path) -> dict[str, Any]:
    return {"PHOTO_FOLDER": str(tmp_path / "photos")}


def _login(client, username: str = "head.a1"):
    assert (
        client.post("/login", data={"username": username, "password": PASSWORD}).status_code == 302
    )


def _post_update(client, ward: Ward, files: list[tuple[bytes, str]], **extra: Any):
    with client.application.app_context():
        version = db.session.get(Assignment, ward.assignment_a1).version
    data: dict[str, Any] = {
        "status": "in_progress",
        "progress": "40",
        "note": "Đã họp chi hội, có ảnh",
        "version": str(version),
        "photos": [(io.BytesIO(content), name) for content, name in files],
    }
    data.update(extra)
    return client.post(
        f"/assignments/{ward.assignment_a1}/status",
        data=data,
        content_type="multipart/form-data",
    )


def _photo_count(app) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count(EvidencePhoto.id))))


# Processing (no Flask) -------------------------------------------------------------------


def test_gps_exif_is_gone_after_reencoding() -> None:
    original = jpeg_bytes(exif=gps_exif())
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the fixture has GPS
    photo = process_photo(original)
    reopened = Image.open(io.BytesIO(photo.jpeg))
    assert not reopened.getexif() and not reopened.getexif().get_ifd(0x8825)
    assert b"PhoneMaker" not in photo.jpeg and b"Exif" not in photo.jpeg
    assert reopened.format == "JPEG"


def test_dimensions_are_capped_and_thumbnail_is_small() -> None:
    photo = process_photo(jpeg_bytes((4000, 3000)))
    assert (photo.width, photo.height) == (1600, 1200)
    assert max(Image.open(io.BytesIO(photo.thumbnail)).size) == 320


def test_png_with_transparency_becomes_a_jpeg() -> None:
    photo = process_photo(png_bytes())
    assert Image.open(io.BytesIO(photo.jpeg)).format == "JPEG"


def bomb_png() -> bytes:
    """A tiny file announcing a huge picture (20 000 × 20 000 = 400 MP, all zeros)."""
    out = io.BytesIO()
    Image.new("1", (20000, 20000)).save(out, format="PNG")
    return out.getvalue()


REFUSED = {
    "html": b"<!doctype html><html><script>alert(1)</script></html>",
    "svg": b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    "php": b"<?php system($_GET['c']); ?>",
    "polyglot": b"\xff\xd8\xff\xe0" + b"<html><script>alert(1)</script></html>" * 20,
    "truncated": jpeg_bytes()[:200],
    "gif": b"GIF89a" + b"\x00" * 100,
    "empty": b"",
}


@pytest.mark.parametrize("kind", sorted(REFUSED))
def test_not_images_are_refused(kind: str) -> None:
    with pytest.raises(NotAPhoto):
        process_photo(REFUSED[kind])


def test_decompression_bomb_is_refused_before_decoding() -> None:
    data = bomb_png()
    assert len(data) < 200_000
    with pytest.raises(NotAPhoto) as info:
        process_photo(data)
    assert info.value.reason == "too_many_pixels"


def test_payload_appended_to_a_real_jpeg_does_not_survive() -> None:
    data = jpeg_bytes() + b"<script>alert(1)</script><?php echo 1; ?>"
    photo = process_photo(data)
    assert b"<script>" not in photo.jpeg and b"<?php" not in photo.jpeg


# Through the status-update form ------------------------------------------------------


def test_upload_with_a_status_update_and_see_it_in_the_timeline(app, client, ward) -> None:
    _login(client)
    response = _post_update(client, ward, [(jpeg_bytes(exif=gps_exif()), "IMG_0001.jpg")])
    assert response.status_code == 303, response.get_data(as_text=True)[-1500:]
    assert _photo_count(app) == 1
    page = client.get(f"/assignments/{ward.assignment_a1}").get_data(as_text=True)
    assert 'src="/photos/1/thumb"' in page and 'href="/photos/1/full"' in page
    response = client.get("/photos/1/full")
    assert response.status_code == 200
    assert response.mimetype == "image/jpeg"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("inline") and "evidence-1.jpg" in disposition
    assert "IMG_0001" not in disposition
    served = Image.open(io.BytesIO(response.data))
    response.close()
    assert not served.getexif().get_ifd(0x8825) and not served.getexif()
    # stored under a generated name in the photo folder
    with app.app_context():
        row = db.session.get(EvidencePhoto, 1)
        assert row.file_name.endswith(".jpg") and "IMG" not in row.file_name
        update = db.session.get(StatusUpdate, row.status_update_id)
        assert update.note == "Đã họp chi hội, có ảnh"
    assert (Path(app.config["PHOTO_FOLDER"]) / row.file_name).is_file()


def test_htmx_upload_gets_the_row_back(app, client, ward) -> None:
    _login(client)
    with app.app_context():
        version = db.session.get(Assignment, ward.assignment_a1).version
    response = client.post(
        f"/assignments/{ward.assignment_a1}/status",
        data={
            "status": "done",
            "progress": "100",
            "note": "xong",
            "version": str(version),
            "photos": [(io.BytesIO(png_bytes()), "chup.png")],
        },
        content_type="multipart/form-data",
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert _photo_count(app) == 1
    # The row says it was saved with its photo, and counts the photos (issue 17).
    body = response.get_data(as_text=True)
    assert "Đã lưu · kèm 1 ảnh" in body
    assert f'<a class="a-photos" href="/assignments/{ward.assignment_a1}">1 ảnh</a>' in body
    # Every list row counts its photos, those of all its updates.
    _post_update(client, ward, [(png_bytes(), "a.png"), (png_bytes(), "b.png")])
    page = client.get(f"/branches/{ward.branch_a1}").get_data(as_text=True)
    assert f'<a class="a-photos" href="/assignments/{ward.assignment_a1}">3 ảnh</a>' in page


@pytest.mark.parametrize("kind", ["html", "svg", "php", "polyglot"])
def test_disguised_files_are_refused_with_a_message(app, client, ward, kind: str) -> None:
    _login(client)
    response = _post_update(client, ward, [(REFUSED[kind], "anh.jpg")])
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "“anh.jpg” không phải là ảnh (JPEG, PNG hoặc WebP)." in page
    assert _photo_count(app) == 0
    with app.app_context():  # the whole update is refused: nothing half-saved
        assert db.session.get(Assignment, ward.assignment_a1).version == 1


def test_decompression_bomb_is_refused_with_a_message(app, client, ward) -> None:
    _login(client)
    response = _post_update(client, ward, [(bomb_png(), "bom.png")])
    assert response.status_code == 422
    assert "quá lớn về số điểm ảnh" in response.get_data(as_text=True)
    assert _photo_count(app) == 0


def test_oversized_request_is_413_with_a_message(app, client, ward) -> None:
    _login(client)
    big = b"\xff\xd8\xff" + b"0" * (9 * 1024 * 1024)
    with warnings.catch_warnings():
        # The test client spools the 9 MB body to a temp file it leaves to the collector.
        warnings.simplefilter("ignore", ResourceWarning)
        response = _post_update(client, ward, [(big, "to.jpg")])
        status, page = response.status_code, response.get_data(as_text=True)
        response.request.input_stream.close()
        del response
        gc.collect()
    assert status == 413
    assert "Tệp hoặc biểu mẫu quá lớn." in page
    assert _photo_count(app) == 0


def test_file_over_the_per_photo_limit_is_refused(app, client, ward) -> None:
    app.config["PHOTO_MAX_BYTES"] = 50_000
    _login(client)
    response = _post_update(client, ward, [(jpeg_bytes((1500, 1500)) + b"0" * 60_000, "lon.jpg")])
    assert response.status_code == 422
    assert "“lon.jpg” lớn hơn" in response.get_data(as_text=True)


def test_too_many_photos_are_refused(app, client, ward) -> None:
    _login(client)
    files = [(jpeg_bytes((50, 50)), f"a{i}.jpg") for i in range(5)]
    response = _post_update(client, ward, files)
    assert response.status_code == 422
    assert "Tối đa 4 ảnh cho mỗi lần cập nhật." in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("username", "allowed"),
    [
        ("vanphong", True),
        ("lanhdao", True),
        ("leader.a", True),
        ("head.a1", True),
        ("leader.b", False),
        ("head.a2", False),
        ("head.b1", False),
    ],
)
def test_photos_are_served_only_to_who_may_see_the_assignment(
    app, ward, username: str, allowed: bool
) -> None:
    make_matrix_photo(app, ward)
    client = app.test_client()
    assert client.get("/photos/1/thumb").headers["Location"].startswith("/login")
    _login(client, username)
    for size in ("thumb", "full"):
        with client.get(f"/photos/1/{size}") as response:
            assert response.status_code == (200 if allowed else 403)
    assert client.get("/photos/999/full").status_code == 404
    assert client.get("/photos/1/original").status_code == 404


# Photos and their update are saved together, or not at all ---------------------------------


def _history_rows(app, assignment_id: int) -> int:
    with app.app_context():
        return int(
            db.session.scalar(
                select(func.count(StatusUpdate.id)).where(
                    StatusUpdate.assignment_id == assignment_id
                )
            )
        )


@pytest.mark.parametrize("htmx", [False, True])
def test_an_unwritable_photo_folder_saves_nothing_and_says_so(app, client, ward, htmx) -> None:
    folder = Path(app.config["PHOTO_FOLDER"])
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("not a folder")  # the folder cannot be created nor written
    _login(client)
    headers = {"HX-Request": "true"} if htmx else {}
    with app.app_context():
        version = db.session.get(Assignment, ward.assignment_a1).version
    data = {
        "status": "in_progress",
        "progress": "40",
        "note": "Có ảnh họp chi hội",
        "version": str(version),
        "photos": [(io.BytesIO(jpeg_bytes()), "hop.jpg")],
    }
    response = client.post(
        f"/assignments/{ward.assignment_a1}/status",
        data=data,
        content_type="multipart/form-data",
        headers=headers,
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Không lưu được ảnh nên chưa lưu gì cả." in page
    assert "Có ảnh họp chi hội" in page  # what was typed is kept
    assert ("<html" in page) is not htmx
    with app.app_context():
        assert db.session.get(Assignment, ward.assignment_a1).version == version
    assert _history_rows(app, ward.assignment_a1) == 0
    assert _photo_count(app) == 0
    # Fixed by the operator: the same form sent again is saved, photo and all (no 409).
    folder.unlink()
    data["photos"] = [(io.BytesIO(jpeg_bytes()), "hop.jpg")]
    again = client.post(
        f"/assignments/{ward.assignment_a1}/status",
        data=data,
        content_type="multipart/form-data",
        headers=headers,
    )
    assert again.status_code == (200 if htmx else 303)
    assert _history_rows(app, ward.assignment_a1) == 1
    assert _photo_count(app) == 1
    assert len(list(folder.iterdir())) == 2  # the photo and its thumbnail
    if not htmx:
        assert "Đã lưu cập nhật và ảnh kèm theo." in client.get(again.headers["Location"]).text


def test_a_failed_save_leaves_no_photo_file_behind(app, client, ward) -> None:
    """The update refused after the files were written (here: someone saved meanwhile)."""
    _login(client)
    with app.app_context():
        record_status_update(
            ward.assignment_a1,
            db.session.get(User, ward.users["leader"]),
            status="blocked",
            progress=20,
            note="Thiếu kinh phí.",
            expected_version=1,
        )
    response = _post_update(client, ward, [(jpeg_bytes(), "hop.jpg")], version="1")
    assert response.status_code == 409
    assert _photo_count(app) == 0
    folder = Path(app.config["PHOTO_FOLDER"])
    assert not folder.exists() or not list(folder.iterdir())


@pytest.mark.parametrize("htmx", [False, True])
def test_a_bad_photo_is_named_next_to_the_field_with_the_text_kept(app, client, ward, htmx):
    _login(client)
    response = client.post(
        f"/assignments/{ward.assignment_a1}/status",
        data={
            "status": "blocked",
            "progress": "25",
            "note": "Ghi chú giữ lại",
            "version": "1",
            "photos": [
                (io.BytesIO(jpeg_bytes()), "tot.jpg"),
                (io.BytesIO(REFUSED["php"]), "x.png"),
            ],
        },
        content_type="multipart/form-data",
        headers={"HX-Request": "true"} if htmx else {},
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    photos_field = page[page.index('class="field field-photos') :]
    photos_field = photos_field[: photos_field.index("</div>")]
    assert "“x.png” không phải là ảnh (JPEG, PNG hoặc WebP)." in photos_field
    assert "Ghi chú giữ lại" in page and 'value="25"' in page
    assert 'value="blocked" checked' in page
    assert _history_rows(app, ward.assignment_a1) == 0
    assert _photo_count(app) == 0


def test_a_file_that_is_not_named_as_a_photo_is_refused(app, client, ward) -> None:
    _login(client)
    response = _post_update(client, ward, [(jpeg_bytes(), "anh.exe")])
    assert response.status_code == 422
    assert "Ảnh phải là tệp JPEG, PNG hoặc WebP" in response.get_data(as_text=True)
    assert _photo_count(app) == 0


def test_a_worker_serving_pages_does_not_load_pillow(tmp_path: Path) -> None:
    """Pillow (tens of MB) loads with the first photo, not with the app."""
    script = f"""
import sys
from wardtasks import create_app
from wardtasks.extensions import db
app = create_app({{"TESTING": True, "SECRET_KEY": "x",
                  "DATABASE_URL": "sqlite:///{tmp_path / "w.sqlite"}"}})
with app.app_context():
    db.create_all()
client = app.test_client()
assert client.get("/login").status_code == 200
assert "PIL" not in sys.modules, sorted(m for m in sys.modules if m.startswith("PIL"))[:3]
from wardtasks.photos.processing import process_photo
try:
    process_photo(b"\\xff\\xd8\\xff" + b"0" * 100)
except ValueError:
    pass
assert "PIL" in sys.modules  # and it does load when a photo comes
"""
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
