"""Where stored files live: under SAFETYMAP_UPLOAD_ROOT, outside the web root and the static
files, never served by the web server directly (only through ``views.serve``)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.conf import settings


def root() -> Path:
    return Path(settings.SAFETYMAP_UPLOAD_ROOT)


def path_of(storage_name: str) -> Path:
    # storage_name is made by the service (hex and a dot only), so it cannot leave the root.
    return root() / storage_name[:2] / storage_name


def write_atomically(storage_name: str, data: bytes) -> Path:
    """Write to a temporary file beside the target, then rename: a reader (or a crash) never
    sees half a file."""
    target = path_of(storage_name)
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".partial-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def read(storage_name: str) -> bytes:
    return path_of(storage_name).read_bytes()


def remove(storage_name: str) -> None:
    path_of(storage_name).unlink(missing_ok=True)
