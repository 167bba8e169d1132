"""The conference record as PDF and Word: the council's name, the Signs of Safety order, the
danger statement, each attendee's scale and the decision; a family version in plain words;
served only to people who may open the conference, and audited."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from safetymap.audit.models import AuditEvent
from tests.conferences import journey

pytestmark = pytest.mark.django_db


def _url(conference, version: str, fmt: str) -> str:
    return reverse(
        "conferences:document", kwargs={"pk": conference.pk, "version": version, "fmt": fmt}
    )


def _pdf_text(data: bytes) -> str:
    return " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages
    )


def _docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return " ".join(" ".join(parts).split())


@pytest.fixture
def conference(family):
    return journey.recorded(family)


@pytest.mark.parametrize("fmt,read", [("pdf", _pdf_text), ("docx", _docx_text)])
def test_the_record_has_the_danger_statement_every_scale_and_the_decision(
    client, family, conference, fmt, read
):
    client.force_login(family.chair)
    response = client.get(_url(conference, "full", fmt))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    text = read(response.content)
    assert "Larkford Borough Council" in text
    assert " ".join(journey.DANGER.split()) in text
    for _, rater, value, reason in journey.RATERS:
        assert rater in text and f"Danger statement 1 {value} {reason}" in text
    assert "Amy Fictional: A child protection plan" in text
    assert "Ben Fictional: A child protection plan" in text
    assert "Category: Emotional abuse" in text
    order = [
        text.index(h)
        for h in (
            "What are we worried about?",
            "What's working well?",
            "Danger statements",
            "Scaling",
            "Decision",
            "What needs to happen",
        )
    ]
    assert order == sorted(order)  # Signs of Safety order (Appendix A)
    assert "Distribution" in text and "Fictional Teacher" in text


def test_the_pdf_is_tagged_for_accessibility(client, family, conference):
    client.force_login(family.worker)
    reader = PdfReader(io.BytesIO(client.get(_url(conference, "full", "pdf")).content))
    assert "/StructTreeRoot" in reader.trailer["/Root"]


@pytest.mark.parametrize("fmt,read", [("pdf", _pdf_text), ("docx", _docx_text)])
def test_the_family_version_uses_plain_words(client, family, conference, fmt, read):
    client.force_login(family.worker)
    text = read(client.get(_url(conference, "family", fmt)).content)
    assert "What people are worried about" in text
    assert "How safe people think things are" in text
    assert "What was decided" in text
    assert "significant harm" not in text


def test_each_document_served_is_audited(client, family, conference):
    client.force_login(family.school)  # invited: conference materials only
    assert client.get(_url(conference, "full", "docx")).status_code == 200
    event = AuditEvent.objects.filter(actor=family.school, action="VIEW").latest("pk")
    assert event.details["page"] == "conference record (full, docx)"
    assert "conference materials only" in event.basis


def test_an_unknown_format_is_not_found(client, family, conference):
    client.force_login(family.worker)
    response = client.get(
        reverse(
            "conferences:document",
            kwargs={"pk": conference.pk, "version": "full", "fmt": "exe"},
        )
    )
    assert response.status_code == 404
