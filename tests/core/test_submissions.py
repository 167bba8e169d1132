"""A form sent twice is done once (core/submissions.py): a double click or a retry never makes a
second record and never shows an error page."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from safetymap.accounts.roles import Role
from safetymap.cases.models import CaseNote
from safetymap.core import submissions
from safetymap.core.models import SubmissionKey
from tests.conftest import ClientPastTheSecondStep
from tests.factories import AllocationFactory, UserFactory
from tests.page_forms import form_sent_to_itself

pytestmark = pytest.mark.django_db

MOMENT = datetime.datetime(2026, 11, 16, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def clock(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: MOMENT)
    return MOMENT


@pytest.fixture
def worker_and_child(client):
    allocation = AllocationFactory()
    client.force_login(allocation.worker)
    return client, allocation.episode.child


def _note_form(client, child) -> tuple[str, dict]:
    path = f"/children/{child.pk}/notes/new/"
    page = client.get(path)
    form = form_sent_to_itself(page.content.decode(), path)
    assert form is not None and submissions.FIELD_NAME in form.controls
    data = form.filled(
        {"happened_on", "note_type", "text"},
        "Visited at home; Amara showed me her room.",
        MOMENT.date(),
    )
    return path, data


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_case_note_sent_twice_is_saved_once_and_the_second_answer_says_so(
    clock, worker_and_child
):
    client, child = worker_and_child
    path, data = _note_form(client, child)
    first = client.post(path, data)
    second = client.post(path, data)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert submissions.SENT_TWICE in _messages(second)
    assert CaseNote.objects.filter(child=child).count() == 1


def test_a_form_sent_back_with_its_errors_keeps_its_key_and_can_be_sent_again(
    clock, worker_and_child
):
    client, child = worker_and_child
    path, data = _note_form(client, child)
    with_a_mistake = {**data, "text": ""}
    refused = client.post(path, with_a_mistake)
    assert refused.status_code == 200
    again = form_sent_to_itself(refused.content.decode(), path)
    assert again.controls[submissions.FIELD_NAME].value == data[submissions.FIELD_NAME]
    assert not SubmissionKey.objects.exists()
    assert client.post(path, data).status_code == 302
    assert CaseNote.objects.filter(child=child).count() == 1


def test_each_opening_of_a_form_is_a_new_submission(clock, worker_and_child):
    client, child = worker_and_child
    for _ in range(2):
        path, data = _note_form(client, child)
        client.post(path, data)
    assert CaseNote.objects.filter(child=child).count() == 2


def test_someone_else_sending_a_used_key_is_refused_and_makes_nothing(clock, worker_and_child):
    client, child = worker_and_child
    path, data = _note_form(client, child)
    client.post(path, data)
    colleague = UserFactory(roles=[Role.SOCIAL_WORKER])
    other = ClientPastTheSecondStep()
    other.force_login(colleague)
    answer = other.post(path, data)
    assert answer.status_code == 302
    assert submissions.KEY_NOT_YOURS in _messages(answer)
    assert CaseNote.objects.filter(child=child).count() == 1


def test_keys_are_forgotten_after_two_days(clock, worker_and_child):
    client, child = worker_and_child
    path, data = _note_form(client, child)
    client.post(path, data)
    assert submissions.forget_old_keys(MOMENT + datetime.timedelta(days=1)) == 0
    assert submissions.forget_old_keys(MOMENT + datetime.timedelta(days=2, seconds=1)) == 1
