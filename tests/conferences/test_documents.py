"""The conference record as PDF and Word: the council's name, the Signs of Safety order, the
danger statement, each attendee's scale and the decision; a family version in plain words;
served only to people who may open the conference, and audited."""

from __future__ import annotations

import io
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from safetymap.audit.models import AuditEvent
from safetymap.conferences.models import GeneratedDocument
from tests.conferences import journey

pytestmark = pytest.mark.django_db


def _url(conference, version: str, fmt: str) -> str:
    return reverse(
        "conferences:document", kwargs={"pk": conference.pk, "version": version, "fmt": fmt}
    )


def _download(client, url: str, query: dict | None = None):
    """What a person does: open the address, "Prepare it" (a POST: opening makes nothing),
    then open the address again for the file (made at once by the test run's task backend)."""
    path = f"{url}?{urlencode(query)}" if query else url
    client.post(path)
    return client.get(path)


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
    response = _download(client, _url(conference, "full", fmt))
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
    reader = PdfReader(io.BytesIO(_download(client, _url(conference, "full", "pdf")).content))
    assert "/StructTreeRoot" in reader.trailer["/Root"]


@pytest.mark.parametrize("fmt,read", [("pdf", _pdf_text), ("docx", _docx_text)])
def test_the_family_version_uses_plain_words(client, family, conference, fmt, read):
    client.force_login(family.worker)
    text = read(_download(client, _url(conference, "family", fmt)).content)
    assert "What people are worried about" in text
    assert "How safe people think things are" in text
    assert "What was decided" in text
    assert "significant harm" not in text


def test_each_document_served_is_audited(client, family, conference):
    client.force_login(family.school)  # invited: conference materials only
    assert _download(client, _url(conference, "full", "docx")).status_code == 200
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


# --- Made in the background ---------------------------------------------------------------------

QUEUED = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def queued(settings):
    """Tasks wait in a queue, as with the worker: nothing is made in the request."""
    settings.TASKS = QUEUED


def _status_url(found) -> str:
    return reverse("conferences:document-status", kwargs={"pk": found.pk})


def test_no_request_makes_the_document_it_is_prepared_in_the_background(
    client, family, conference, queued, monkeypatch
):
    from safetymap.conferences import generated

    made_in_request = []
    monkeypatch.setitem(
        generated.FORMATS, "pdf", ("application/pdf", lambda d: made_in_request.append(d))
    )
    client.force_login(family.chair)
    opened = client.get(_url(conference, "full", "pdf"))
    assert opened.status_code == 200 and "Prepare it" in opened.text  # opening makes nothing
    assert not GeneratedDocument.objects.exists()
    response = client.post(_url(conference, "full", "pdf"))
    assert response.status_code == 302 and made_in_request == []
    found = GeneratedDocument.objects.get()
    assert response["Location"] == _status_url(found)
    page = client.get(response["Location"])
    assert page["Cache-Control"] == "no-store"
    text = page.content.decode()
    assert "Being prepared" in text and "Check again" in text and "document-status.js" in text
    assert '<meta http-equiv="refresh"' not in text
    # Asking again does not queue a second one, and opening the address goes to its progress.
    client.post(_url(conference, "full", "pdf"))
    assert client.get(_url(conference, "full", "pdf"))["Location"] == _status_url(found)
    assert GeneratedDocument.objects.count() == 1


def test_once_ready_the_download_is_checked_audited_and_never_cached(
    client, family, conference, queued
):
    from safetymap.conferences import generated

    client.force_login(family.worker)
    client.post(_url(conference, "full", "docx"))
    found = GeneratedDocument.objects.get()
    assert generated.make(found.pk) == "READY"
    page = client.get(_status_url(found)).content.decode()
    assert "Ready" in page and _url(conference, "full", "docx") in page
    response = _download(client, _url(conference, "full", "docx"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert " ".join(journey.DANGER.split()) in _docx_text(response.content)
    event = AuditEvent.objects.filter(actor=family.worker, action="VIEW").latest("pk")
    assert event.details["page"] == "conference record (full, docx)"
    assert event.details["document"] == found.pk
    client.force_login(family.stranger)
    assert client.get(_status_url(found)).status_code == 404
    assert client.get(_url(conference, "full", "docx")).status_code == 404


def test_a_changed_record_is_never_served_from_the_old_file(client, family, conference):
    from safetymap.conferences import services
    from safetymap.uploads import storage

    client.force_login(family.worker)
    before = _docx_text(_download(client, _url(conference, "full", "docx")).content)
    old = GeneratedDocument.objects.get()
    services.update_record(
        by=family.worker, conference=conference, parents_views="Mum said: we are trying hard."
    )
    after = _docx_text(_download(client, _url(conference, "full", "docx")).content)
    assert "we are trying hard" in after and "we are trying hard" not in before
    old.refresh_from_db()
    assert old.state == "FAILED" and "changed" in old.failure
    assert not storage.path_of(old.storage_name or "none").exists()
    assert GeneratedDocument.objects.filter(state="READY").count() == 1


def test_a_failed_document_says_so_and_can_be_tried_again(client, family, conference, monkeypatch):
    from safetymap.conferences import generated

    def broken(document):
        raise RuntimeError("fonts missing")

    monkeypatch.setitem(generated.FORMATS, "pdf", ("application/pdf", broken))
    client.force_login(family.chair)
    response = client.post(_url(conference, "family", "pdf"))
    failed = GeneratedDocument.objects.get()
    assert failed.state == "FAILED" and response["Location"] == _status_url(failed)
    page = client.get(_status_url(failed)).content.decode()
    assert "Not made" in page and "Try again" in page and "fonts" not in page
    monkeypatch.undo()
    again = client.post(reverse("conferences:document-again", kwargs={"pk": failed.pk}))
    ready = GeneratedDocument.objects.get(state="READY")
    assert again["Location"] == _status_url(ready)
    family_version = _download(client, _url(conference, "family", "pdf"))
    assert "What was decided" in _pdf_text(family_version.content)


def test_r40_someone_excluded_never_opens_the_full_documents_status(client, family, conference):
    client.force_login(family.worker)
    client.post(_url(conference, "full", "pdf"))
    full = GeneratedDocument.objects.get()
    health = conference.invitations.get(user=family.health)
    health.attendance, health.excluded_from = "EXCLUDED_PART", ["danger"]
    health.exclusion_reason = "Fictional"
    health.save()
    client.force_login(family.health)
    assert client.get(_status_url(full)).status_code == 404
    own = _download(client, _url(conference, "full", "pdf"))  # their own copy instead
    assert own.status_code == 200 and " ".join(journey.DANGER.split()) not in _pdf_text(own.content)


@pytest.mark.parametrize("version", ["full", "family"])
@pytest.mark.parametrize("fmt,read", [("pdf", _pdf_text), ("docx", _docx_text)])
def test_r39_no_document_carries_a_reports_restricted_section(
    client, family, conference, version, fmt, read
):
    assert conference.reports.filter(restricted_information=journey.RESTRICTED).count() == 2
    client.force_login(family.chair)
    text = read(_download(client, _url(conference, version, fmt)).content)
    assert "Police intelligence" not in text and "caution" not in text


def _exclude_health_from_the_danger_statements(conference, family):
    health = conference.invitations.get(user=family.health)
    health.attendance, health.excluded_from = "EXCLUDED_PART", ["danger"]
    health.exclusion_reason = "Fictional"
    health.save()
    return health


@pytest.mark.parametrize("version", ["full", "family"])
@pytest.mark.parametrize("fmt,read", [("pdf", _pdf_text), ("docx", _docx_text)])
def test_r40_excluded_professional_cannot_download_another_recipients_copy(
    client, family, conference, version, fmt, read
):
    _exclude_health_from_the_danger_statements(conference, family)
    school = conference.invitations.get(user=family.school)
    client.force_login(family.health)
    response = _download(client, _url(conference, version, fmt), {"for": school.pk})
    assert response.status_code == 404
    assert not GeneratedDocument.objects.filter(recipient=school).exists()
    own = _download(client, _url(conference, version, fmt))
    assert " ".join(journey.DANGER.split()) not in read(own.content)


def test_r40_excluded_professional_never_opens_or_remakes_another_recipients_copy(
    client, family, conference
):
    school = conference.invitations.get(user=family.school)
    client.force_login(family.worker)
    client.post(f"{_url(conference, 'full', 'pdf')}?for={school.pk}")
    theirs = GeneratedDocument.objects.get(recipient=school)
    _exclude_health_from_the_danger_statements(conference, family)
    client.force_login(family.health)
    assert client.get(_status_url(theirs)).status_code == 404
    again = reverse("conferences:document-again", kwargs={"pk": theirs.pk})
    assert client.post(again).status_code == 404
    assert GeneratedDocument.objects.filter(recipient=school).count() == 1


def test_r40_the_record_page_shows_an_excluded_professional_only_their_own_copy(
    client, family, conference
):
    _exclude_health_from_the_danger_statements(conference, family)
    client.force_login(family.health)
    page = client.get(reverse("conferences:record", kwargs={"pk": conference.pk}))
    assert page.status_code == 200
    assert " ".join(journey.DANGER.split()) not in " ".join(page.content.decode().split())
    client.force_login(family.school)
    page = client.get(reverse("conferences:record", kwargs={"pk": conference.pk}))
    assert " ".join(journey.DANGER.split()) in " ".join(page.content.decode().split())
