"""The conference record as a PDF (WeasyPrint) and a Word document (python-docx), both drawn from
presentation.record_sections, so they say the same thing in the same order.

WeasyPrint may fetch nothing: no file, no network (as voice/booklet.py). The PDF is tagged
(PDF/UA) so screen readers can follow its headings and tables. A record of a few pages takes
about a second to make; they are made by the worker, never in a request (generated.py,
tasks.make_record_document; see docs/conferences.md, "Documents")."""

from __future__ import annotations

import io
from pathlib import Path

from django.template.loader import render_to_string

from safetymap.conferences.presentation import RecordDocument

STYLESHEET = Path(__file__).parent / "pdf" / "record.css"


def render_pdf(document: RecordDocument) -> bytes:
    # Imported here: WeasyPrint loads Pango and its fonts, which no other page needs.
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    html = render_to_string("conferences/record_pdf.html", {"document": document})
    fetcher = URLFetcher(allowed_protocols=["data"])
    return HTML(string=html, url_fetcher=fetcher).write_pdf(
        stylesheets=[CSS(string=STYLESHEET.read_text(), url_fetcher=fetcher)],
        pdf_variant="pdf/ua-1",
    )


def render_docx(document: RecordDocument) -> bytes:
    from docx import Document

    doc = Document()
    doc.core_properties.title = document.title
    doc.core_properties.author = document.council
    doc.add_paragraph(document.council)
    doc.add_heading(document.title, level=0)
    doc.add_paragraph(document.subtitle)
    if document.recipient:
        doc.add_paragraph(f"For {document.recipient}.")
    for section in document.sections:
        doc.add_heading(section.heading, level=1)
        for paragraph in section.paragraphs:
            doc.add_paragraph(paragraph)
        if not section.paragraphs and not any(t.rows for t in section.tables):
            doc.add_paragraph("Nothing recorded.")
        for table in section.tables:
            if not table.rows:
                continue
            doc.add_paragraph(table.caption)
            grid = doc.add_table(rows=1, cols=len(table.headers))
            grid.style = "Table Grid"
            for cell, header in zip(grid.rows[0].cells, table.headers, strict=True):
                cell.text = header
            for row in table.rows:
                for cell, value in zip(grid.add_row().cells, row, strict=True):
                    cell.text = value
    doc.add_heading("Distribution" if not document.family else "Who this was sent to", level=1)
    doc.add_paragraph(", ".join(document.distribution) or "No one yet.")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
