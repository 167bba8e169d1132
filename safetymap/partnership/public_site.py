"""Building the public site's skeleton and its files from code (the demo and the tests).

Editors do all of this in Wagtail's admin; these helpers do the same through Wagtail's own models
and revisions, so a page made here has the history a page made by an editor has.
"""

from __future__ import annotations

import io
import zlib

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction

from safetymap.partnership.editors import ensure_wagtail_roots


def simple_pdf(title: str, lines: list[str]) -> bytes:
    """A small, valid one-page PDF with a title and lines of text (Helvetica, A4).

    Written by hand rather than with a PDF library: the demo needs only a page of text, and this
    keeps a PDF engine out of the service's dependencies."""

    def text(value: str) -> str:
        safe = value.encode("latin-1", "replace").decode("latin-1")
        return safe.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    commands = ["BT", "/F1 20 Tf", "56 780 Td", f"({text(title)}) Tj", "/F1 12 Tf", "0 -32 Td"]
    for line in lines:
        commands += [f"({text(line)}) Tj", "0 -18 Td"]
    commands.append("ET")
    stream = zlib.compress("\n".join(commands).encode("latin-1"))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Title (" + text(title).encode("latin-1") + b") /Producer (Safetymap demo) >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, xref)
    )
    return out.getvalue()


def add_document(title: str, filename: str, content: bytes):
    from wagtail.documents import get_document_model

    _, collection = ensure_wagtail_roots()
    document = get_document_model()(title=title, collection=collection)
    document.file.save(filename, ContentFile(content), save=False)
    document._set_document_file_metadata()
    document.save()
    return document


def logo_png(label: str, colour: tuple[int, int, int]) -> bytes:
    """A plain placeholder logo: the partner's initials on a coloured block."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (240, 80), colour)
    ImageDraw.Draw(image).text((16, 28), label, fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def add_image(title: str, filename: str, content: bytes):
    from wagtail.images import get_image_model

    _, collection = ensure_wagtail_roots()
    image = get_image_model()(title=title, collection=collection)
    image.file.save(filename, ImageFile(io.BytesIO(content), name=filename), save=False)
    image._set_image_file_metadata()
    image.save()
    return image


def publish(parent, page):
    """Add ``page`` under ``parent`` and publish it through a revision, as an editor would."""
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@transaction.atomic
def make_home(page):
    """Publish ``page`` (a PartnershipHomePage) at the top of the tree and make it the root of
    the default site, so it is served at /partnership/. Wagtail's starter page goes."""
    from wagtail.models import Site

    root, _ = ensure_wagtail_roots()
    for starter in root.get_children().filter(content_type__model="page", slug="home"):
        starter.delete()
    publish(root, page)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=page,
            is_default_site=True,
            site_name="Safeguarding partnership",
        )
    else:
        site.root_page = page
        site.save()
    return page
