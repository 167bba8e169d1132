"""Issue 14, large input: text over a field's limit is a GOV.UK field error that gives back what
was typed; a form bigger than the service takes answers 413 with a page that says the limit
(core.middleware.RequestTooBigMiddleware)."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django import forms
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.validators import MaxLengthValidator
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings

import safetymap
from safetymap.cases.models import CaseNote
from safetymap.core.middleware import RequestTooBigMiddleware
from tests.factories import AllocationFactory

# The most bytes one character can take in a posted form: 4 bytes of UTF-8, each sent as %XX.
WORST_BYTES_PER_CHARACTER = 12


def note(text: str) -> dict[str, str]:
    return {
        "happened_on-day": "3",
        "happened_on-month": "11",
        "happened_on-year": "2026",
        "note_type": "VISIT",
        "text": text,
    }


@pytest.fixture
def worker_on_a_case(client: Client):
    allocation = AllocationFactory()
    client.force_login(allocation.worker)
    return client, f"/children/{allocation.episode.child_id}/notes/new/"


@pytest.mark.django_db
def test_a_case_note_over_its_limit_is_a_field_error_that_gives_back_what_was_typed(
    worker_on_a_case,
):
    client, url = worker_on_a_case
    typed = "Amara showed me her drawing of the house " * 130  # 5,330 characters
    response = client.post(url, note(typed))
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Note must be 5000 characters or fewer" in page
    assert typed in page  # in the text box, to shorten rather than type again
    assert not CaseNote.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [False, True])  # never a traceback, even where one is shown
def test_a_ten_megabyte_case_note_answers_413_with_the_limit_in_plain_words(
    worker_on_a_case, debug
):
    client, url = worker_on_a_case
    with override_settings(DEBUG=debug):
        response = client.post(url, note("x" * 10 * 1024 * 1024))
    assert response.status_code == 413
    page = response.content.decode().replace("\xa0", " ")  # "2.5 MB" is kept on one line
    assert "What you sent is too big to save" in page
    assert "Safetymap takes up to 2.5 MB of writing from one form" in page
    assert "nothing was saved" in page
    assert "Traceback" not in page and "RequestDataTooBig" not in page
    assert not CaseNote.objects.exists()


def test_files_are_not_counted_in_the_form_limit():
    # A picture has its own limit in the uploads service (SAFETYMAP_UPLOAD_MAX_BYTES).
    picture = SimpleUploadedFile("drawing.png", b"\x89PNG" + b"0" * (3 * 1024 * 1024))
    request = RequestFactory().post("/voice/", {"picture": picture, "words": "My house"})
    response = RequestTooBigMiddleware(lambda request: HttpResponse("passed on"))(request)
    assert response.content == b"passed on"


def every_form_class() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(safetymap.__path__, "safetymap."):
        if not any(part in module.name for part in (".migrations", ".management")):
            importlib.import_module(module.name)

    def subclasses(cls: type) -> list[type]:
        return [s for sub in cls.__subclasses__() for s in (sub, *subclasses(sub))]

    found = {c for c in subclasses(forms.BaseForm) if c.__module__.startswith("safetymap.")}
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__qualname__}")


def text_limit(field: forms.CharField) -> int | None:
    limits = [v.limit_value for v in field.validators if isinstance(v, MaxLengthValidator)]
    return min(limits, default=None)


def test_every_text_field_has_a_limit_and_every_form_fits_well_inside_the_request_limit():
    """Over every form the service declares (fields a form adds in its __init__ are built with
    the same limited shorthands, core.govuk_forms.text_area): each free-text field has a
    maximum length, and a form with every field full, in the widest characters, is still
    smaller than DATA_UPLOAD_MAX_MEMORY_SIZE, so long text meets the field's error (which keeps
    it), never the 413 page."""
    classes = every_form_class()
    assert len(classes) > 50
    unlimited, too_big = [], []
    for form_class in classes:
        total = 0
        for name, field in form_class.base_fields.items():
            if not isinstance(field, forms.CharField):
                continue
            limit = text_limit(field)
            if limit is None:
                unlimited.append(f"{form_class.__module__}.{form_class.__name__}.{name}")
            else:
                total += limit
        if total * WORST_BYTES_PER_CHARACTER > settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 2:
            too_big.append(f"{form_class.__name__}: {total} characters")
    assert not unlimited, f"text fields with no maximum length: {unlimited}"
    assert not too_big, f"forms too close to the request limit: {too_big}"
