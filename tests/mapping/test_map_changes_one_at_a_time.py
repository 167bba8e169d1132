"""Changes to one map are made one after another (core.revisions.hold): two danger
statements added at the same moment are numbered 1 and 2, a map finalised twice is final once,
and a change the database's lock refuses is a message, never a server error."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import DatabaseError
from django.test import RequestFactory

from safetymap.core.middleware import DatabaseBusyMiddleware
from safetymap.mapping.codes import MapStatus
from safetymap.mapping.models import DangerStatement
from tests.at_once import at_once
from tests.conftest import ClientPastTheSecondStep
from tests.factories import UserFactory
from tests.mapping.test_live_editing import DANGER, shared_map

ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
at_the_same_moment = pytest.mark.django_db(transaction=ON_POSTGRESQL)


def _signed_in(person) -> ClientPastTheSecondStep:
    client = ClientPastTheSecondStep()
    client.force_login(person)
    return client


@at_the_same_moment
def test_two_danger_statements_added_at_once_are_numbered_one_and_two():
    worker, manager, sos_map = shared_map()
    path = f"/maps/{sos_map.pk}/danger-statements/new/"
    people = [_signed_in(worker), _signed_in(manager)]
    answers = at_once([lambda c=c: c.post(path, DANGER) for c in people])
    assert [a.status_code for a in answers] == [302, 302]
    numbers = DangerStatement.objects.filter(map=sos_map).values_list("seq_no", flat=True)
    assert sorted(numbers) == [1, 2]


@at_the_same_moment
def test_a_map_finalised_twice_at_once_is_final_once_and_the_second_is_told(monkeypatch):
    worker, manager, sos_map = shared_map()
    monkeypatch.setattr("safetymap.mapping.services.finalise_problems", lambda m: [])
    path = f"/maps/{sos_map.pk}/finalise/"
    people = [_signed_in(worker), _signed_in(manager)]
    answers = at_once([lambda c=c: c.post(path) for c in people])
    assert [a.status_code for a in answers] == [302, 302]
    sos_map.refresh_from_db()
    assert sos_map.status == MapStatus.FINAL


@pytest.mark.django_db
def test_a_change_the_databases_lock_refuses_is_a_page_that_says_so():
    request = RequestFactory().post("/maps/1/items/new/")
    request.user = UserFactory()
    refused = DatabaseError("a final map cannot be changed")
    response = DatabaseBusyMiddleware(lambda r: None).process_exception(request, refused)
    assert response.status_code == 409
    assert "made final while you were working on it" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("revision", ["abc", "-1", "1.5", "99999999999999999999", ""])
def test_a_map_item_change_with_a_tampered_revision_says_so_and_changes_nothing(revision):
    """Issue 15: a non-numeric revision once gave a server error. The form says it is out of
    date (core/revisions.py) and the item keeps its words."""
    from safetymap.core import revisions
    from safetymap.mapping.models import MapItem

    worker, _, sos_map = shared_map()
    item = MapItem.objects.create(map=sos_map, category="GREY_AREA", text="School attendance")
    client = _signed_in(worker)
    path = f"/maps/{sos_map.pk}/items/{item.pk}/"
    response = client.post(path, {"text": "Changed words", revisions.FIELD_NAME: revision})
    assert response.status_code == 200
    assert revisions.OUT_OF_DATE_FORM in response.text
    item.refresh_from_db()
    assert item.text == "School attendance"
