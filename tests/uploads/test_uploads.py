"""The one safe path for uploads: type from the content, limits, metadata stripped, nothing left
behind on refusal, served only through the checked and audited view."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from PIL import Image

from safetymap.accounts.roles import Role
from safetymap.audit.models import Action, AuditEvent
from safetymap.uploads import storage
from safetymap.uploads.errors import UploadRefused
from safetymap.uploads.models import StoredFile
from safetymap.uploads.services import store_upload
from tests.factories import ChildFactory, UserFactory, png_bytes
from tests.uploads.helpers import allocated, upload, with_grant

pytestmark = pytest.mark.django_db


def nothing_kept(root) -> bool:
    files = [p for p in root.rglob("*") if p.is_file()] if root.exists() else []
    return not files and not StoredFile.objects.exists()


def test_a_picture_is_kept_with_its_detected_type_size_and_hash(upload_root):
    worker, child, _ = allocated()
    stored = store_upload(worker, child, upload(png_bytes((20, 10))), "test")
    data = storage.read(stored.storage_name)
    assert stored.content_type == "image/png" and (stored.width, stored.height) == (20, 10)
    assert stored.size == len(data) and len(stored.sha256) == 64
    assert storage.path_of(stored.storage_name).is_relative_to(upload_root)
    assert AuditEvent.objects.filter(action=Action.CREATE, subject_id=str(stored.pk)).exists()


def test_a_file_called_png_that_is_really_text_is_refused(upload_root):
    worker, child, _ = allocated()
    with pytest.raises(UploadRefused, match="not a picture we can use"):
        store_upload(worker, child, upload(b"just some words, not a picture"), "test")
    assert nothing_kept(upload_root)


@pytest.mark.parametrize(
    "content,name",
    [
        (
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">'
            b"<script>alert(1)</script></svg>",
            "drawing.svg",
        ),
        (b"<svg onload=alert(1)></svg>", "innocent.png"),
        (b"<!DOCTYPE html><html><script>alert(1)</script></html>", "page.jpg"),
        (b"\xef\xbb\xbf  <html><body>hi</body></html>", "page.webp"),
    ],
)
def test_svg_and_html_are_refused_whatever_their_name(upload_root, content, name):
    worker, child, _ = allocated()
    with pytest.raises(UploadRefused, match="web page or an SVG drawing"):
        store_upload(worker, child, upload(content, name, "image/png"), "test")
    assert nothing_kept(upload_root)


def test_an_oversized_file_is_refused_with_the_limit_in_the_message(settings, upload_root):
    settings.SAFETYMAP_UPLOAD_MAX_BYTES = 1024 * 1024
    worker, child, _ = allocated()
    big = png_bytes() + b"\0" * (1024 * 1024)
    with pytest.raises(UploadRefused, match="must be smaller than 1 MB"):
        store_upload(worker, child, upload(big), "test")
    assert nothing_kept(upload_root)


def test_the_default_size_limit_is_10_mb():
    from django.conf import settings

    assert settings.SAFETYMAP_UPLOAD_MAX_BYTES == 10 * 1024 * 1024


def test_a_decompression_bomb_is_refused_before_decoding(settings, upload_root):
    settings.SAFETYMAP_UPLOAD_MAX_PIXELS = 1_000_000
    worker, child, _ = allocated()
    out = io.BytesIO()
    Image.new("1", (2000, 2000)).save(out, "PNG")  # tiny file, four million pixels
    with pytest.raises(UploadRefused, match="too large"):
        store_upload(worker, child, upload(out.getvalue()), "test")
    assert nothing_kept(upload_root)


def test_a_jpeg_with_gps_exif_comes_out_with_no_metadata():
    worker, child, _ = allocated()
    exif = Image.Exif()
    exif[0x010F] = "Fictional Camera Co"  # Make
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)}  # GPS
    out = io.BytesIO()
    Image.new("RGB", (16, 16), "blue").save(out, "JPEG", exif=exif.tobytes(), comment=b"secret")
    original = out.getvalue()
    with Image.open(io.BytesIO(original)) as before:
        assert before.getexif().get_ifd(0x8825)  # the test picture really carries a position
    stored = store_upload(worker, child, upload(original, "photo.jpg", "image/jpeg"), "test")
    data = storage.read(stored.storage_name)
    with Image.open(io.BytesIO(data)) as after:
        assert after.format == "JPEG"
        assert not after.getexif() and "exif" not in after.info and "comment" not in after.info
    assert b"Fictional Camera Co" not in data and b"secret" not in data


def test_a_png_with_text_chunks_loses_them():
    from PIL import PngImagePlugin

    worker, child, _ = allocated()
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Fictional Person")
    out = io.BytesIO()
    Image.new("RGB", (4, 4)).save(out, "PNG", pnginfo=info)
    stored = store_upload(worker, child, upload(out.getvalue()), "test")
    assert b"Fictional Person" not in storage.read(stored.storage_name)


def test_someone_who_cannot_see_the_child_cannot_upload(upload_root):
    stranger = UserFactory(roles=[Role.SOCIAL_WORKER])
    with pytest.raises(UploadRefused, match="do not have access"):
        store_upload(stranger, ChildFactory(), upload(png_bytes()), "test")
    assert nothing_kept(upload_root)


def test_the_file_is_served_with_safe_headers_and_the_read_is_audited(client: Client):
    worker, child, _ = allocated()
    stored = store_upload(worker, child, upload(png_bytes()), "test")
    client.force_login(worker)
    response = client.get(f"/files/{stored.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Disposition"].startswith("inline; filename=")
    assert response.content == storage.read(stored.storage_name)
    assert AuditEvent.objects.filter(
        action=Action.VIEW, subject_type="uploads.StoredFile", subject_id=str(stored.pk)
    ).exists()


def test_a_non_visible_childs_file_is_not_found_like_a_missing_one(client: Client):
    worker, child, _ = allocated()
    stored = store_upload(worker, child, upload(png_bytes()), "test")
    client.force_login(UserFactory(roles=[Role.SOCIAL_WORKER]))
    assert client.get(f"/files/{stored.pk}/").status_code == 404
    assert client.get("/files/999999/").status_code == 404
    assert not AuditEvent.objects.filter(action=Action.VIEW, subject_id=str(stored.pk)).exists()


def test_someone_with_a_grant_sees_a_file_with_no_gate(client: Client):
    worker, child, _ = allocated()
    stored = store_upload(worker, child, upload(png_bytes()), "test")
    client.force_login(with_grant(child))
    assert client.get(f"/files/{stored.pk}/").status_code == 200


def test_a_webp_picture_is_kept_as_webp():
    worker, child, _ = allocated()
    out = io.BytesIO()
    Image.new("RGBA", (12, 12), (10, 20, 30, 128)).save(out, "WEBP")
    stored = store_upload(worker, child, upload(out.getvalue(), "p.webp", "image/webp"), "test")
    assert stored.content_type == "image/webp"
    with Image.open(io.BytesIO(storage.read(stored.storage_name))) as again:
        assert again.format == "WEBP"
