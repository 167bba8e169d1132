"""The contact form as the front door uses it: the child is found by search (likely matches with
the reasons, "Add to this contact"), or recorded there and then, and the person comes back to
the contact with the child added and nothing typed lost; no JavaScript; sending twice makes one
contact and one child; bad input is a GOV.UK error, never a server error."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from safetymap.access.models import AccessGrant, GrantBasis
from safetymap.accounts.roles import Role
from safetymap.cases.models import Contact
from safetymap.core import submissions
from safetymap.people.models import Child
from tests.factories import AllocationFactory, ChildFactory, UserFactory
from tests.forms import date_fields

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
NOW = datetime.datetime(2026, 12, 2, 10, 0, tzinfo=LONDON)
DRAFT = "draft-one-23"


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    return NOW


def key(n: int = 1) -> str:
    return f"testsubmissionkey{n:08d}"


def contact_typed(**overrides) -> dict:
    data = {
        "draft": DRAFT,
        **date_fields("received_on", NOW.date()),
        "channel": "PHONE",
        "referrer_name": "Fictional Teacher",
        "referrer_role": "Designated safeguarding lead",
        "worried_about": "Came to school with a bruise on the arm",
        "consent": "OBTAINED",
    }
    return {**data, **overrides}


def child_typed(**overrides) -> dict:
    data = {
        "draft": DRAFT,
        "first_name": "Zofia",
        "last_name": "Fictional-Nowak",
        **date_fields("date_of_birth", datetime.date(2019, 6, 14)),
        "sex": "2",
        "ethnicity": "WOTH",
    }
    return {k: v for k, v in {**data, **overrides}.items() if v is not None}


@pytest.fixture
def worker(client):
    allocation = AllocationFactory(
        episode__child__first_name="Kacper", episode__child__last_name="Fictional-Nowak"
    )
    client.force_login(allocation.worker)
    return allocation.worker, allocation.episode.child


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_form_no_longer_lists_every_child_the_person_can_see(client, worker):
    _, kacper = worker
    page = client.get("/contacts/new/").content.decode()
    assert kacper.full_name not in page and "Find a child" in page


def test_found_by_search_with_reasons_added_and_back_with_nothing_typed_lost(client, worker):
    _, kacper = worker
    # "Find a child" keeps what was typed and shows the search in place.
    step = client.post("/contacts/new/", {**contact_typed(), "action": "find"})
    assert (
        step.status_code == 200 and "Find the child the contact is about" in step.content.decode()
    )
    found = client.get(
        "/contacts/new/find-child/",
        {"draft": DRAFT, "search": "1", "name": "Kacper Fictional-Nowak"},
    ).content.decode()
    assert "Why this was suggested" in found and "Add to this contact" in found
    added = client.post(
        "/contacts/new/add-child/",
        {"draft": DRAFT, "child": kacper.pk, submissions.FIELD_NAME: key()},
    )
    assert added.status_code == 302 and added["Location"] == f"/contacts/new/?draft={DRAFT}"
    form = client.get(added["Location"]).content.decode()
    assert kacper.full_name in form
    assert f'name="children" value="{kacper.pk}"' in form
    assert "Came to school with a bruise on the arm" in form and "Fictional Teacher" in form
    saved = client.post(
        "/contacts/new/",
        {**contact_typed(), "children": [kacper.pk], submissions.FIELD_NAME: key(2)},
    )
    contact = Contact.objects.get()
    assert saved["Location"] == f"/contacts/{contact.pk}/"
    assert list(contact.children.all()) == [kacper]
    # The draft is forgotten once the contact is saved.
    assert "Fictional Teacher" not in client.get(f"/contacts/new/?draft={DRAFT}").content.decode()


def test_the_contact_sent_twice_makes_one_contact(client, worker):
    _, kacper = worker
    data = {**contact_typed(), "children": [kacper.pk], submissions.FIELD_NAME: key()}
    first = client.post("/contacts/new/", data)
    second = client.post("/contacts/new/", data)
    assert first["Location"] == second["Location"]
    assert Contact.objects.count() == 1
    assert submissions.SENT_TWICE in messages_of(second)


def test_a_contact_with_no_child_added_is_a_govuk_error_that_keeps_what_was_typed(client, worker):
    page = client.post("/contacts/new/", {**contact_typed(), submissions.FIELD_NAME: key()})
    html = page.content.decode()
    assert page.status_code == 200 and "There is a problem" in html
    assert 'href="#id_children"' in html and "Add the children the contact is about" in html
    assert "Came to school with a bruise on the arm" in html
    assert not Contact.objects.exists()


def test_removing_a_child_keeps_the_rest(client, worker):
    _, kacper = worker
    page = client.post(
        "/contacts/new/", {**contact_typed(), "children": [kacper.pk], "remove": str(kacper.pk)}
    ).content.decode()
    assert f'name="children" value="{kacper.pk}"' not in page and "Fictional Teacher" in page


def test_record_a_contact_about_this_child_starts_with_the_child_added(client, worker):
    _, kacper = worker
    page = client.get(f"/contacts/new/?child={kacper.pk}").content.decode()
    assert f'name="children" value="{kacper.pk}"' in page


def test_record_a_new_child_there_and_then_and_come_back_with_them_added(client, worker):
    step = client.post("/contacts/new/", {**contact_typed(), "action": "new_child"})
    assert "Record a new child" in step.content.decode()
    data = {**child_typed(first_name="Aleksander", last_name="Fictional-Unique")}
    recorded = client.post(f"/contacts/new/new-child/?draft={DRAFT}", data)
    child = Child.objects.get(first_name="Aleksander")
    assert recorded["Location"] == f"/contacts/new/?draft={DRAFT}"
    form = client.get(recorded["Location"]).content.decode()
    assert f'name="children" value="{child.pk}"' in form and "Fictional Teacher" in form


def test_a_new_child_like_a_known_one_is_offered_as_the_known_one_first(client, worker):
    _, kacper = worker
    typed = child_typed(first_name="Kacper", **date_fields("date_of_birth", kacper.date_of_birth))
    matches = client.post(f"/contacts/new/new-child/?draft={DRAFT}", typed).content.decode()
    assert "Is this child already known?" in matches and "Add to this contact" in matches
    assert Child.objects.count() == 1
    changed = client.post(f"/contacts/new/new-child/?draft={DRAFT}", {"change": "1"})
    assert 'value="Fictional-Nowak"' in changed.content.decode()  # back to the details as typed
    confirm = {"confirm_new": "1", "draft": DRAFT, submissions.FIELD_NAME: key()}
    first = client.post(f"/contacts/new/new-child/?draft={DRAFT}", confirm)
    second = client.post(f"/contacts/new/new-child/?draft={DRAFT}", confirm)
    assert first.status_code == second.status_code == 302
    assert Child.objects.count() == 2  # recorded once, though sent twice


def test_a_new_child_sent_twice_is_recorded_once(client, worker):
    data = {**child_typed(first_name="Unique", last_name="Fictional-Once")}
    data[submissions.FIELD_NAME] = key()
    client.post(f"/contacts/new/new-child/?draft={DRAFT}", data)
    client.post(f"/contacts/new/new-child/?draft={DRAFT}", data)
    assert Child.objects.filter(first_name="Unique").count() == 1


def test_a_new_child_with_only_an_approximate_age_r36(client, worker):
    data = child_typed(
        first_name="Approx",
        last_name="Fictional-Age",
        **{"date_of_birth-day": "", "date_of_birth-month": "", "date_of_birth-year": ""},
        date_of_birth_is_estimated="on",
        approximate_age="15",
    )
    client.post(f"/contacts/new/new-child/?draft={DRAFT}", data)
    child = Child.objects.get(first_name="Approx")
    assert child.date_of_birth_is_estimated
    form = client.get(f"/contacts/new/?draft={DRAFT}").content.decode()
    assert "About 15 years old (date of birth not known)" in form


def test_a_service_manager_who_cannot_record_children_is_not_offered_it(client):
    client.force_login(UserFactory(roles=[Role.SERVICE_MANAGER]))
    assert "Record a new child" not in client.get("/contacts/new/").content.decode()
    assert client.get(f"/contacts/new/new-child/?draft={DRAFT}").status_code == 403


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ({}, "Enter a name, a date of birth or an NHS number to search for"),
        ({"name": "   "}, "Enter a name, a date of birth or an NHS number to search for"),
        ({"name": "K" * 10_000}, "Name must be 200 characters or fewer"),
        ({"date_of_birth-day": "3", "date_of_birth-month": "1"}, "must include a year"),
        ({"name": "<script>alert(1)</script>"}, "No child found"),
    ],
)
def test_bad_search_input_is_a_govuk_error_never_a_server_error(client, worker, typed, message):
    page = client.get("/contacts/new/find-child/", {"draft": DRAFT, "search": "1", **typed})
    html = page.content.decode()
    assert page.status_code == 200 and message in html and "<script>alert" not in html
    if message != "No child found":
        assert "There is a problem" in html


@pytest.mark.parametrize("typed", [{"name": "Kac\x00per"}, {"nhs_number": "9\x00"}])
def test_a_nul_byte_in_the_search_is_answered_with_a_message_never_a_server_error(
    client, worker, typed
):
    # The address itself is refused before any page sees it (core.middleware, WrongAddress).
    page = client.get("/contacts/new/find-child/", {"draft": DRAFT, "search": "1", **typed})
    assert page.status_code == 400
    assert "The link you followed has a character no page uses" in page.content.decode()


def test_bad_contact_input_is_a_govuk_error_never_a_server_error(client, worker):
    _, kacper = worker
    for bad in ("R" * 10_000, "Ref\x00erer"):
        page = client.post(
            "/contacts/new/",
            {**contact_typed(referrer_name=bad), "children": [kacper.pk, "x\x00"]},
        )
        assert page.status_code == 200 and "There is a problem" in page.content.decode()
    assert not Contact.objects.exists()


def test_a_social_worker_never_finds_or_adds_a_child_they_cannot_see(client, worker):
    stranger = ChildFactory(first_name="Hidden", last_name="Fictional-Stranger")
    found = client.get(
        "/contacts/new/find-child/",
        {"draft": DRAFT, "search": "1", "name": "Hidden Fictional-Stranger"},
    ).content.decode()
    assert "No child found" in found and f"/open-child/{stranger.pk}/" not in found
    assert "Add to this contact" not in found
    refused = client.post(
        "/contacts/new/add-child/",
        {"draft": DRAFT, "child": stranger.pk, submissions.FIELD_NAME: key()},
    )
    assert "That child cannot be added" in " ".join(messages_of(refused))
    after = client.get(refused["Location"]).content.decode()
    assert f'name="children" value="{stranger.pk}"' not in after
    assert client.get(f"/contacts/new/open-child/{stranger.pk}/?draft={DRAFT}").status_code == 403
    # A child sent in the form itself is refused by the form, as not one of theirs.
    page = client.post("/contacts/new/", {**contact_typed(), "children": [stranger.pk]})
    assert page.status_code == 200 and not Contact.objects.exists()


def test_the_front_door_adds_a_child_it_cannot_see_by_opening_the_record_with_a_reason(client):
    front_door = UserFactory(roles=[Role.FRONT_DOOR_PRACTITIONER])
    known = ChildFactory(first_name="Amara", last_name="Fictional-Okafor")
    client.force_login(front_door)
    found = client.get(
        "/contacts/new/find-child/",
        {"draft": DRAFT, "search": "1", "name": "Amara Fictional-Okafor"},
    ).content.decode()
    assert "Open the record of Amara Fictional-Okafor and add to this contact" in found
    url = f"/contacts/new/open-child/{known.pk}/?draft={DRAFT}"
    assert "There is a problem" in client.post(url, {"draft": DRAFT}).content.decode()
    opened = client.post(url, {"draft": DRAFT, "reason": "Phone call from school today"})
    assert opened["Location"] == f"/contacts/new/?draft={DRAFT}"
    grant = AccessGrant.objects.get(user=front_door, child=known)
    assert grant.basis == GrantBasis.FRONT_DOOR_ENQUIRY
    assert f'name="children" value="{known.pk}"' in client.get(opened["Location"]).content.decode()


def test_two_contacts_taken_down_at_once_do_not_mix(client, worker):
    client.post("/contacts/new/", {**contact_typed(referrer_name="First Caller"), "action": "find"})
    client.post(
        "/contacts/new/",
        {**contact_typed(referrer_name="Second Caller", draft="draft-two-45"), "action": "find"},
    )
    assert "First Caller" in client.get(f"/contacts/new/?draft={DRAFT}").content.decode()
    assert "Second Caller" in client.get("/contacts/new/?draft=draft-two-45").content.decode()
