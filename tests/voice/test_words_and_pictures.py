"""Words and Pictures: written through its form, checked for plain language at a child's reading
age, and printed as a PDF booklet the child keeps, only when the child agreed (R27)."""

from __future__ import annotations

import datetime
import io

import pypdf
import pytest
from django.test import Client

from safetymap.audit.models import Action, AuditEvent
from safetymap.voice.models import SharingOverride, WordsAndPictures, WordsAndPicturesPage
from tests.factories import WordsAndPicturesFactory, png_bytes
from tests.forms import date_fields
from tests.uploads.helpers import allocated, upload, with_grant

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in pypdf.PdfReader(io.BytesIO(data)).pages]


@pytest.fixture
def worker_and_child():
    worker, child, _ = allocated()
    return worker, child


def test_words_and_pictures_are_written_through_the_form(client: Client, worker_and_child):
    worker, child = worker_and_child
    client.force_login(worker)
    url = f"/children/{child.pk}/words-and-pictures/new/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "wp_type": "EXPLANATION",
            "title": "Why Jo visits",
            "whos_worried": "Your teacher is worried.",
            "what_worried_about": "You were hungry at school.",
            "what_we_are_doing": "Mum and Nan have a plan.",
            **date_fields("drafted_on", datetime.date(2026, 10, 2)),
            **date_fields("shared_with_child_on", datetime.date(2026, 10, 9)),
            "share_scope": "PARENTS",
        },
    )
    page = response.content.decode()
    assert "Say how it was shared with the child" in page  # R26: when and how
    assert "Say who shared it with the child" in page
    assert not WordsAndPictures.objects.exists()
    response = client.post(
        url,
        {
            "wp_type": "EXPLANATION",
            "title": "Why Jo visits",
            "whos_worried": "Your teacher is worried.",
            "what_worried_about": "You were hungry at school.",
            "what_we_are_doing": "Mum and Nan have a plan.",
            **date_fields("drafted_on", datetime.date(2026, 10, 2)),
            **date_fields("shared_with_child_on", datetime.date(2026, 10, 9)),
            "shared_by": "Jo, the social worker, with Mum",
            "how_shared": "Read together at home",
            "share_scope": "PARENTS",
        },
    )
    booklet = WordsAndPictures.objects.get()
    assert response["Location"] == f"/words-and-pictures/{booklet.pk}/"
    assert AuditEvent.objects.filter(action=Action.CREATE, subject_id=str(booklet.pk)).exists()
    response = client.post(
        f"/words-and-pictures/{booklet.pk}/pages/new/",
        {"text": "This is Nan's house.", "picture": upload(png_bytes((30, 20)))},
    )
    assert response.status_code == 302
    page = WordsAndPicturesPage.objects.get()
    assert page.picture.purpose == "words-and-pictures"
    detail = client.get(f"/words-and-pictures/{booklet.pk}/").content.decode()
    assert "This is Nan&#x27;s house." in detail and f"/files/{page.picture_id}/" in detail


def test_the_plain_language_check_aims_at_a_childs_reading_age(
    client: Client, worker_and_child, settings
):
    worker, child = worker_and_child
    hard = (
        "Professionals identified significant concerns regarding parental substance misuse "
        "and consequential neglectful caregiving arrangements."
    )
    booklet = WordsAndPicturesFactory(child=child, drafted_by=worker, what_worried_about=hard)
    client.force_login(worker)
    page = client.get(f"/words-and-pictures/{booklet.pk}/").content.decode()
    assert "hard for a child to read" in page and "reading age of 8" in page
    assert "What are they worried about?" in page
    settings.SAFETYMAP_WORDS_AND_PICTURES_READING_AGE = 30
    booklet.what_worried_about = "Mum was poorly and could not get up."
    booklet.save()
    assert (
        "hard for a child" not in client.get(f"/words-and-pictures/{booklet.pk}/").content.decode()
    )


def test_the_booklet_is_a_pdf_with_one_page_per_page_and_the_childs_words(
    client: Client, worker_and_child
):
    worker, child = worker_and_child
    booklet = WordsAndPicturesFactory(child=child, drafted_by=worker, share_scope="PARENTS")
    client.force_login(worker)
    client.post(
        f"/words-and-pictures/{booklet.pk}/pages/new/",
        {"text": "Nan makes pancakes on Sundays.", "picture": upload(png_bytes((40, 30)))},
    )
    client.post(f"/words-and-pictures/{booklet.pk}/pages/new/", {"text": "Mum is getting better."})
    response = client.get(f"/words-and-pictures/{booklet.pk}/booklet.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    text = pdf_text(response.content)
    assert "Why the social worker visits" in text[0] and child.first_name in text[0]
    assert any("Who's worried?" in t or "Who’s worried?" in t for t in text)
    assert "Nan makes pancakes on Sundays." in text[-2]
    assert "Mum is getting better." in text[-1]
    assert len(text) == 1 + 3 + 2  # cover, the three headings filled, two pages
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    assert len(reader.pages[-2].images) == 1  # the picture is in the booklet
    assert AuditEvent.objects.filter(
        action=Action.VIEW, subject_id=str(booklet.pk), details__output="booklet PDF"
    ).exists()


def test_r27_the_booklet_pdf_only_when_the_child_agreed_their_family_may_see_it(
    client: Client, worker_and_child
):
    worker, child = worker_and_child
    booklet = WordsAndPicturesFactory(child=child, drafted_by=worker, share_scope="NONE")
    client.force_login(worker)
    assert client.get(f"/words-and-pictures/{booklet.pk}/booklet.pdf").status_code == 404
    page = client.get(f"/words-and-pictures/{booklet.pk}/").content.decode()
    assert "has not agreed to share this with their parents or carers" in page
    assert "booklet.pdf" not in page
    client.post(
        f"/words-and-pictures/{booklet.pk}/share/",
        {"audience": "FAMILY", "reason": "Mum must understand the plan to keep them safe."},
    )
    assert SharingOverride.objects.filter(words_and_pictures=booklet).exists()
    assert client.get(f"/words-and-pictures/{booklet.pk}/booklet.pdf").status_code == 200


def test_r27_another_professional_sees_the_booklet_only_when_the_child_agreed(
    client: Client, worker_and_child
):
    worker, child = worker_and_child
    booklet = WordsAndPicturesFactory(child=child, drafted_by=worker, share_scope="PARENTS")
    client.force_login(with_grant(child))
    assert client.get(f"/words-and-pictures/{booklet.pk}/").status_code == 404
    assert client.get(f"/words-and-pictures/{booklet.pk}/booklet.pdf").status_code == 404
    booklet.share_scope = "ALL_PROFESSIONALS"
    booklet.save()
    assert client.get(f"/words-and-pictures/{booklet.pk}/").status_code == 200
    assert client.get(f"/words-and-pictures/{booklet.pk}/booklet.pdf").status_code == 200


def test_r27_a_booklet_picture_is_served_only_to_those_who_may_see_the_booklet(
    client: Client, worker_and_child
):
    worker, child = worker_and_child
    booklet = WordsAndPicturesFactory(child=child, drafted_by=worker, share_scope="PARENTS")
    client.force_login(worker)
    client.post(
        f"/words-and-pictures/{booklet.pk}/pages/new/",
        {"text": "A page", "picture": upload(png_bytes())},
    )
    picture = WordsAndPicturesPage.objects.get().picture_id
    assert client.get(f"/files/{picture}/").status_code == 200
    client.force_login(with_grant(child))
    assert client.get(f"/files/{picture}/").status_code == 404


def test_a_booklet_can_be_changed(client: Client, worker_and_child):
    worker, child = worker_and_child
    booklet = WordsAndPicturesFactory(child=child, drafted_by=worker)
    client.force_login(worker)
    form = client.get(f"/words-and-pictures/{booklet.pk}/change/").content.decode()
    assert "Why the social worker visits" in form
    response = client.post(
        f"/words-and-pictures/{booklet.pk}/change/",
        {
            "revision": "1",
            "wp_type": "EXPLANATION",
            "title": "Amara's story",
            "whos_worried": "Your teacher.",
            "what_worried_about": "Hungry at school.",
            "what_we_are_doing": "A plan.",
            **date_fields("drafted_on", datetime.date(2026, 10, 2)),
            **date_fields("parents_agreed_on", datetime.date(2026, 10, 3)),
            "parents_wording": "Mum's illness",
            "share_scope": "PARENTS",
        },
    )
    assert response.status_code == 302
    booklet.refresh_from_db()
    assert booklet.title == "Amara's story" and booklet.parents_agreed_on.day == 3


def test_a_page_whose_picture_is_refused_is_not_half_saved(client: Client, worker_and_child):
    worker, child = worker_and_child
    booklet = WordsAndPicturesFactory(child=child, drafted_by=worker)
    client.force_login(worker)
    response = client.post(
        f"/words-and-pictures/{booklet.pk}/pages/new/",
        {"text": "A page", "picture": upload(b"not a picture", "p.jpg", "image/jpeg")},
    )
    page = response.content.decode()
    assert "govuk-error-summary" in page and 'href="#id_picture"' in page
    assert not WordsAndPicturesPage.objects.exists()
    assert not AuditEvent.objects.filter(subject_type="voice.WordsAndPicturesPage").exists()
