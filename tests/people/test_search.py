"""The one search for a child: in the header of every staff page, by any one name, known-as and
former names, a date of birth, the council reference, NHS number or UPN; scoped by the access
policy so nobody learns that a child they may not see exists."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from safetymap.accounts.roles import Role
from safetymap.audit.models import Action, AuditEvent
from safetymap.people.models import Child, SearchKey
from safetymap.people.services import search_keys_of
from tests.factories import AllocationFactory, ChildFactory, UserFactory

pytestmark = pytest.mark.django_db

BORN = datetime.date(2016, 3, 7)


@pytest.fixture
def amara_and_tobi():
    """Two fictional children allocated to one social worker."""
    worker = UserFactory(roles=[Role.SOCIAL_WORKER])
    amara = ChildFactory(
        first_name="Amara",
        last_name="Okafor",
        date_of_birth=BORN,
        la_child_id="LRK0000101",
        nhs_number="9434765919",
        upn="A123456789012",
    )
    tobi = ChildFactory(first_name="Tobi", last_name="Okafor", known_as="Tobs")
    for child in (amara, tobi):
        AllocationFactory(worker=worker, episode__child=child)
    return worker, amara, tobi


def found_names(client: Client, text: str) -> list[str]:
    response = client.get("/search/", {"q": text})
    assert response.status_code == 200
    return [found.child.full_name for found in response.context["found"] or []]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Amara", "Amara Okafor"),
        ("amara", "Amara Okafor"),
        ("Okafor Amara", "Amara Okafor"),
        ("Amarah Okafor", "Amara Okafor"),  # spelled differently
        ("LRK0000101", "Amara Okafor"),
        ("lrk0000101", "Amara Okafor"),
        ("943 476 5919", "Amara Okafor"),
        ("9434765919", "Amara Okafor"),
        ("A123456789012", "Amara Okafor"),
        ("7/3/2016", "Amara Okafor"),
        ("7 March 2016", "Amara Okafor"),
        ("Okafor 2016-03-07", "Amara Okafor"),
        ("Tobs", "Tobi Okafor"),
    ],
)
def test_one_box_finds_a_child_by_any_one_name_date_of_birth_or_identifier(
    client: Client, amara_and_tobi, typed: str, expected: str
):
    worker, _, _ = amara_and_tobi
    client.force_login(worker)
    assert found_names(client, typed)[0] == expected


def test_a_surname_alone_finds_every_child_who_has_it(client: Client, amara_and_tobi):
    worker, _, _ = amara_and_tobi
    client.force_login(worker)
    assert sorted(found_names(client, "Okafor")) == ["Amara Okafor", "Tobi Okafor"]


def test_the_reasons_are_shown_in_plain_words(client: Client, amara_and_tobi):
    worker, _, _ = amara_and_tobi
    client.force_login(worker)
    html = client.get("/search/", {"q": "Tobs"}).content.decode()
    assert "Same known-as or former name" in html
    html = client.get("/search/", {"q": "LRK0000101"}).content.decode()
    assert "Same council reference" in html


def test_a_child_renamed_is_still_found_by_their_former_name(client: Client, amara_and_tobi):
    from safetymap.people.services import change_child_details

    worker, amara, _ = amara_and_tobi
    change_child_details(
        by=worker, child=amara, details={"last_name": "Fictional-Adeyemi"}, changes={}
    )
    client.force_login(worker)
    assert found_names(client, "Amara Okafor") == ["Amara Fictional-Adeyemi"]


def test_a_partner_with_no_relationship_finds_neither_child(client: Client, amara_and_tobi):
    client.force_login(UserFactory(roles=[Role.PARTNER_PRACTITIONER]))
    for typed in ("Amara", "Okafor", "LRK0000101", "9434765919", "Tobs"):
        response = client.get("/search/", {"q": typed})
        assert response.context["found"] == []
        assert "Okafor" not in response.content.decode().split("</form>")[-1]


def test_the_answer_for_a_child_out_of_sight_costs_the_same_as_for_a_name_nobody_has(
    client: Client, amara_and_tobi
):
    """Nothing about the work done tells a searcher that a hidden child exists: the same
    queries run whether the name belongs to a child they may not see or to nobody."""
    client.force_login(UserFactory(roles=[Role.PARTNER_PRACTITIONER]))

    def queries_for(text: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get("/search/", {"q": text})
        return len(captured)

    assert queries_for("Amara Okafor") == queries_for("Zebedee Fictionalname")
    assert queries_for("LRK0000101") == queries_for("LRK9999998")


def test_the_front_door_finds_any_child_and_must_give_a_reason_to_open_it(
    client: Client, amara_and_tobi
):
    client.force_login(UserFactory(roles=[Role.FRONT_DOOR_PRACTITIONER]))
    html = client.get("/search/", {"q": "Okafor"}).content.decode()
    assert "Amara Okafor" in html and "Open as a front door enquiry" in html


def test_a_search_is_audited_with_the_children_it_showed(client: Client, amara_and_tobi):
    worker, amara, _ = amara_and_tobi
    client.force_login(worker)
    client.get("/search/", {"q": "Amara"})
    event = AuditEvent.objects.get(action=Action.VIEW, details__page="search")
    assert event.actor == worker and event.details["found"] == [amara.pk]


def test_the_true_child_is_found_among_hundreds_of_namesakes_recorded_before_them(
    client: Client,
):
    """The fault this fixes: candidates were cut at 500 in the order they were recorded, so a
    child sharing a common name with hundreds of others was never even scored."""
    namesakes = Child.objects.bulk_create(
        Child(
            la_child_id=f"NSK{n:07d}",
            first_name="Mohammed",
            last_name="Khan",
            date_of_birth=datetime.date(2010, 1, 1) + datetime.timedelta(days=n),
        )
        for n in range(700)
    )
    SearchKey.objects.bulk_create(
        SearchKey(child=child, key=key) for child in namesakes for key in search_keys_of(child)
    )
    wanted = ChildFactory(first_name="Mohammed", last_name="Khan", date_of_birth=BORN)
    client.force_login(UserFactory(roles=[Role.FRONT_DOOR_PRACTITIONER]))
    response = client.get("/search/", {"q": "Mohammed Khan 7/3/2016"})
    assert response.context["found"][0].child == wanted
    response = client.get("/search/", {"q": "Muhammad Khan 7/3/2016"})
    assert response.context["found"][0].child == wanted


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("a", "Enter at least 2 characters to search for"),
        ("x" * 10_000, "Search for 200 characters or fewer"),
        ("", "Enter a name, a date of birth, a council reference or an NHS number"),
    ],
)
def test_bad_input_answers_with_a_message_and_keeps_what_was_typed(
    client: Client, amara_and_tobi, typed: str, message: str
):
    worker, _, _ = amara_and_tobi
    client.force_login(worker)
    response = client.get("/search/", {"q": typed})
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html and message in html
    assert html.startswith("<!DOCTYPE html>") and "<title>Error:" in html


def test_markup_is_shown_as_typed_never_run(client: Client, amara_and_tobi):
    worker, _, _ = amara_and_tobi
    client.force_login(worker)
    html = client.get("/search/", {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_nul_character_is_refused_with_a_message_not_a_server_error(
    client: Client, amara_and_tobi
):
    worker, _, _ = amara_and_tobi
    client.force_login(worker)
    response = client.get("/search/", {"q": "Amara\x00"})
    assert response.status_code == 400
    assert "character no page uses" in response.content.decode()


def test_the_header_offers_the_search_only_to_those_who_may_use_it(client: Client):
    client.force_login(UserFactory(roles=[Role.SOCIAL_WORKER]))
    assert 'id="header-search"' in client.get("/").content.decode()
    client.force_login(UserFactory(roles=[Role.TRAINER]))
    assert 'id="header-search"' not in client.get("/").content.decode()
    client.logout()
    assert 'id="header-search"' not in client.get("/accessibility/").content.decode()


def test_trainers_may_not_search_for_children(client: Client):
    client.force_login(UserFactory(roles=[Role.TRAINER]))
    assert client.get("/search/", {"q": "Amara"}).status_code == 403
