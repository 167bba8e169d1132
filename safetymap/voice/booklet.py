"""The Words and Pictures booklet as a PDF the child can keep (WeasyPrint).

The pictures are put into the page as data: URIs from the upload store, and WeasyPrint may fetch
nothing else: no file, no network. The caller has already checked the child's permission covers
the family (voice.selectors.booklet_for_family)."""

from __future__ import annotations

import base64
from pathlib import Path

from django.template.loader import render_to_string

from safetymap.uploads import storage
from safetymap.voice.models import WordsAndPictures

STYLESHEET = Path(__file__).parent / "pdf" / "booklet.css"


def _data_uri(stored) -> str:
    data = base64.b64encode(storage.read(stored.storage_name)).decode()
    return f"data:{stored.content_type};base64,{data}"


def render_pdf(booklet: WordsAndPictures) -> bytes:
    # Imported here: WeasyPrint loads Pango and its fonts, which no other page needs.
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    pages = [
        {"text": page.text, "picture": _data_uri(page.picture) if page.picture else ""}
        for page in booklet.pages.all()
    ]
    html = render_to_string(
        "voice/booklet_pdf.html",
        {
            "booklet": booklet,
            "pages": pages,
            "name": booklet.child.known_as or booklet.child.first_name,
        },
    )
    fetcher = URLFetcher(allowed_protocols=["data"])
    return HTML(string=html, url_fetcher=fetcher).write_pdf(
        stylesheets=[CSS(string=STYLESHEET.read_text(), url_fetcher=fetcher)]
    )
