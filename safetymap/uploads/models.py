"""A stored file: every upload in Safetymap (drawings, pictures, later scans and reports) is one of
these, written only by ``services.store_upload`` and read only through ``views.serve``."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from safetymap.people.models import Child


class StoredFile(models.Model):
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="stored_files")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # What the file is for, e.g. "voice-drawing"; decides which extra check guards reading it
    # (see safetymap/uploads/gates.py).
    purpose = models.CharField(max_length=40)
    content_type = models.CharField(max_length=40)  # detected from the content, never the name
    size = models.PositiveIntegerField()  # bytes, as stored (after re-encoding)
    sha256 = models.CharField(max_length=64)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    # The file's name under SAFETYMAP_UPLOAD_ROOT; made by the service, never from the upload.
    storage_name = models.CharField(max_length=100, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["child", "purpose"])]

    def __str__(self) -> str:
        return f"{self.get_kind()} {self.pk}"

    def get_kind(self) -> str:
        return {
            "image/png": "PNG image",
            "image/jpeg": "JPEG image",
            "image/webp": "WebP image",
        }.get(self.content_type, "File")

    @property
    def extension(self) -> str:
        return self.content_type.split("/")[-1].replace("jpeg", "jpg")
