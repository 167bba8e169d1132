"""The one safe path for every upload in Safetymap: ``store_upload``.

Later uploads (scans, agency reports' attachments, photos) call this too; see docs/voice.md,
"Uploads". It checks sight of the child, detects the type from the content, refuses anything but
a PNG, JPEG or WebP picture, enforces the size and pixel limits, re-encodes the picture without its
metadata, and records the file and its audit event together. A refused upload leaves nothing
behind, in the database or on disk.
"""

from __future__ import annotations

import contextlib
import hashlib
import uuid
from collections.abc import Iterator

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from safetymap.access.policy import Capability, basis_for, require
from safetymap.accounts.models import User
from safetymap.audit.models import Action
from safetymap.audit.services import record
from safetymap.people.models import Child
from safetymap.uploads import storage
from safetymap.uploads.errors import UploadRefused
from safetymap.uploads.images import ImageProblem, clean_image, describe_megabytes
from safetymap.uploads.models import StoredFile


def size_limit_words() -> str:
    return describe_megabytes(settings.SAFETYMAP_UPLOAD_MAX_BYTES)


def _read_bounded(uploaded_file: UploadedFile, limit: int) -> bytes:
    """At most limit + 1 bytes, so an oversized file is refused without reading it all."""
    if uploaded_file.size is not None and uploaded_file.size > limit:
        raise ImageProblem(f"The selected file must be smaller than {describe_megabytes(limit)}")
    uploaded_file.seek(0)
    return uploaded_file.read(limit + 1)


@contextlib.contextmanager
def removed_if_this_fails(stored: StoredFile | None) -> Iterator[None]:
    """Around what a caller records after ``store_upload``: if it fails, the transaction drops the
    file's row, and this removes the file written for it."""
    try:
        yield
    except BaseException:
        if stored is not None:
            storage.remove(stored.storage_name)
        raise


@transaction.atomic
def store_upload(
    user: User, child: Child, uploaded_file: UploadedFile, purpose: str, *, field: str = "file"
) -> StoredFile:
    """Keep a picture about this child, or raise UploadRefused (on ``field``) saying why.

    Callers that record something else with the file should call this last in their own
    transaction: the file is written only after its row, and removed again if anything here fails.
    """
    require(user, Capability.RECORD_PATHWAY)
    basis = basis_for(user, child.pk)
    if basis is None:
        raise UploadRefused("You do not have access to this child's record.", field)
    try:
        data = _read_bounded(uploaded_file, settings.SAFETYMAP_UPLOAD_MAX_BYTES)
        stored = keep_picture(child=child, uploaded_by=user, data=data, purpose=purpose)
    except ImageProblem as problem:
        raise UploadRefused(str(problem), field) from problem
    with removed_if_this_fails(stored):
        record(
            actor=user,
            action=Action.CREATE,
            subject=stored,
            basis=basis,
            details={"child": child.pk, "purpose": purpose, "type": stored.content_type},
        )
    return stored


@transaction.atomic
def keep_picture(*, child: Child, uploaded_by: User, data: bytes, purpose: str) -> StoredFile:
    """The checks, cleaning and storage shared by every upload; raises ImageProblem. Only
    ``store_upload`` (which checks access and audits) and the demo loader call it."""
    clean = clean_image(
        data,
        max_bytes=settings.SAFETYMAP_UPLOAD_MAX_BYTES,
        max_pixels=settings.SAFETYMAP_UPLOAD_MAX_PIXELS,
    )
    extension = clean.content_type.split("/")[-1].replace("jpeg", "jpg")
    stored = StoredFile.objects.create(
        child=child,
        uploaded_by=uploaded_by,
        purpose=purpose,
        content_type=clean.content_type,
        size=len(clean.data),
        sha256=hashlib.sha256(clean.data).hexdigest(),
        width=clean.width,
        height=clean.height,
        storage_name=f"{uuid.uuid4().hex}.{extension}",
    )
    # Last: the row is in place, so a failure writing the file rolls it back too, and a refused
    # upload never reaches this line.
    storage.write_atomically(stored.storage_name, clean.data)
    return stored
