"""Checking and cleaning an uploaded image: plain Python and Pillow, no Django.

The type is decided by the bytes, never the file's name or the browser's say-so: Pillow opens the
content with only the PNG, JPEG and WebP decoders allowed, so a text file called ``drawing.png``,
an SVG (which can carry script) or a web page is refused whatever it is called. An accepted image
is decoded and written again from its pixels, which drops everything else in the file: EXIF
(camera, time, GPS position), comments, colour-profile tricks and anything hidden after the image.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = ("PNG", "JPEG", "WEBP")
CONTENT_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}
WHAT_TO_UPLOAD = "Upload a photo or picture saved as PNG, JPEG or WebP"


class ImageProblem(Exception):
    """Why a file was refused, in words for the person uploading it."""


@dataclass(frozen=True)
class CleanImage:
    content_type: str
    data: bytes
    width: int
    height: int


def describe_megabytes(limit: int) -> str:
    megabytes = limit / (1024 * 1024)
    return f"{megabytes:g} MB" if megabytes >= 1 else f"{limit // 1024} KB"


def _looks_like_markup(head: bytes) -> bool:
    """SVG and HTML are text starting (after a byte-order mark or blank space) with a tag."""
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    return text[:1] == b"<"


def clean_image(data: bytes, *, max_bytes: int, max_pixels: int) -> CleanImage:
    """The image re-encoded without metadata, or ImageProblem saying why not."""
    if len(data) == 0:
        raise ImageProblem("The selected file is empty")
    if len(data) > max_bytes:
        raise ImageProblem(
            f"The selected file must be smaller than {describe_megabytes(max_bytes)}"
        )
    if _looks_like_markup(data[:512]):
        raise ImageProblem(
            f"The selected file is a web page or an SVG drawing, which cannot be kept. "
            f"{WHAT_TO_UPLOAD}"
        )
    try:
        with Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS) as probe:
            image_format = probe.format
            width, height = probe.size
            # Decompression-bomb guard: refuse by the declared size, before decoding any pixels.
            if width * height > max_pixels:
                raise ImageProblem(
                    f"The selected picture is too large ({width} × {height} pixels). "
                    f"Upload one of no more than {max_pixels // 1_000_000} million pixels"
                )
            probe.verify()
        with Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS) as image:
            image.load()
            upright = ImageOps.exif_transpose(image)  # keep how it looked, then drop the EXIF
            return _reencode(upright, image_format)
    except ImageProblem:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError) as error:
        raise ImageProblem(
            f"The selected file is not a picture we can use. {WHAT_TO_UPLOAD}"
        ) from (error)


def _reencode(image: Image.Image, image_format: str) -> CleanImage:
    """Write only the pixels: no EXIF, XMP, ICC profile, comments, text chunks or trailing data.
    (Pillow carries some of these over from ``info`` when saving, so ``info`` is emptied.)"""
    if image_format == "JPEG":
        mode = "RGB"
    elif image_format == "WEBP":
        mode = "RGBA" if image.mode in ("RGBA", "LA", "P", "PA") else "RGB"
    else:
        mode = image.mode if image.mode in ("1", "L", "LA", "P", "RGB", "RGBA") else "RGBA"
    clean = image.convert(mode) if image.mode != mode else image.copy()
    # Keep only transparency, which is part of the picture.
    transparency = image.info.get("transparency") if image_format == "PNG" else None
    clean.info = {"transparency": transparency} if transparency is not None else {}
    out = io.BytesIO()
    if image_format == "JPEG":
        clean.save(out, "JPEG", quality=90, optimize=True)
    elif image_format == "WEBP":
        clean.save(out, "WEBP", quality=90)
    else:
        clean.save(out, "PNG", optimize=True)
    return CleanImage(CONTENT_TYPES[image_format], out.getvalue(), clean.width, clean.height)
