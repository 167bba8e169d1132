"""Recording, finding and opening children's records, through the access policy."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from safetymap.access.models import AccessGrant, GrantBasis
from safetymap.accounts.roles import Role
from safetymap.audit.models import Action, AuditEvent
from safetymap.people.codes import RelationshipType
from safetymap.people.models import Child, Household, HouseholdMember, Person, Relationship
from tests.factories import AllocationFactory, ChildFactory, EpisodeFactory, UserFactory
from tests.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db


def new_child_form(**overrides) -> dict[str, str]:
    data = {
        "first_name": "Amara",
        "last_name": "Fictional-Okafor",
        "date_of_birth-day": "14",
        "date_of_birth-month": "6",
        "date_of_birth-year": "2019",
        "sex": "2",
        "ethnicity": "BAFR",
        "nhs_number": "",
        "upn": "",
    }
    return {**data, **overrides}


def test_recording_a_new_child_with_no_likely_match_creates_it_and_audits(signed_in):
    client = signed_in(Role.SOCIAL_WORKER)
    response = client.post("/children/new/", new_child_form())
    child = Child.objects.get()
    assert response["Location"] == f"/children/{child.pk}/"
    assert child.la_child_id.startswith("LRK") and child.search_keys.exists()
    assert AuditEvent.objects.filter(action=Action.CREATE, subject_id=str(child.pk)).exists()
    page = client.get(f"/children/{child.pk}/")  # the recorder can see the child for now
    assert page.status_code == 200 and b"Amara Fictional-Okafor" in page.content


def test_a_likely_match_is_shown_with_reasons_before_anything_is_saved(client: Client):
    worker = UserFactory(roles=[Role.SOCIAL_WORKER])
    known = AllocationFactory(
        worker=worker,
        episode=EpisodeFactory(
            child=ChildFactory(
                first_name="Amara", last_name="Okafor", date_of_birth=datetime.date(2019, 6, 14)
            )
        ),
    ).episode.child
    client.force_login(worker)
    html = client.post("/children/new/", new_child_form()).content.decode()
    assert "Is this child already known?" in html
    assert f"/children/{known.pk}/" in html and "Why this was suggested" in html
    assert Child.objects.count() == 1
    response = client.post("/children/new/", {"confirm_new": "1"})
    assert response.status_code == 302 and Child.objects.count() == 2


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"date_of_birth-year": "2099"}, "Date of birth must be today or in the past"),
        (
            {"date_of_birth-day": "31", "date_of_birth-month": "2"},
            "Date of birth must be a real date",
        ),
        ({"nhs_number": "943 476 5918"}, "This is not a valid NHS number"),
        ({"upn": "A12345"}, "A UPN is 13 characters"),
        (
            {"date_of_birth-day": "", "date_of_birth-month": "", "date_of_birth-year": ""},
            "Enter the child&#39;s date of birth, their approximate age if you do not know it",
        ),
    ],
)
def test_r36_and_bad_details_are_refused_with_govuk_errors_and_nothing_saved(
    signed_in, overrides, message
):
    html = signed_in(Role.SOCIAL_WORKER).post("/children/new/", new_child_form(**overrides))
    html = html.content.decode()
    assert "There is a problem" in html and message in html
    assert (
        not Child.objects.exists() and not AuditEvent.objects.filter(action=Action.CREATE).exists()
    )


def test_r36_an_unborn_child_is_recorded_with_an_expected_date_of_birth(signed_in):
    soon = datetime.date.today() + datetime.timedelta(weeks=10)
    form = new_child_form(
        **{
            "date_of_birth-day": "",
            "date_of_birth-month": "",
            "date_of_birth-year": "",
            "expected_date_of_birth-day": str(soon.day),
            "expected_date_of_birth-month": str(soon.month),
            "expected_date_of_birth-year": str(soon.year),
        }
    )
    signed_in(Role.FRONT_DOOR_PRACTITIONER).post("/children/new/", form)
    child = Child.objects.get()
    assert child.is_unborn and child.expected_date_of_birth == soon


def test_roles_that_do_not_record_children_are_refused(signed_in):
    response = signed_in(Role.PARTNER_PRACTITIONER).post("/children/new/", new_child_form())
    assert response.status_code == 403 and not Child.objects.exists()


def test_a_child_the_person_may_not_see_is_not_found_like_one_that_does_not_exist(signed_in):
    client = signed_in(Role.SOCIAL_WORKER)
    hidden = ChildFactory()
    assert client.get(f"/children/{hidden.pk}/").status_code == 404
    assert client.get("/children/999999/").status_code == 404
    assert not AuditEvent.objects.filter(action=Action.VIEW).exists()


def test_search_never_reveals_a_child_the_person_may_not_see(signed_in):
    ChildFactory(first_name="Hidden", last_name="Fictionalson")
    html = (
        signed_in(Role.SOCIAL_WORKER).get("/search/", {"q": "Hidden Fictionalson"}).content.decode()
    )
    assert "Hidden" not in html.split("</form>")[-1]
    assert "No matches" in html


def test_the_front_door_finds_any_child_and_opens_it_only_with_a_reason(client: Client):
    front_door = UserFactory(roles=[Role.FRONT_DOOR_PRACTITIONER])
    child = ChildFactory(first_name="Kofi", last_name="Fictionalmensah")
    client.force_login(front_door)
    html = client.get("/search/", {"q": "Kofi Fictionalmensah"}).content.decode()
    assert "Open as a front door enquiry" in html
    assert client.get(f"/children/{child.pk}/").status_code == 404
    refused = client.post(f"/children/{child.pk}/enquiry/", {"reason": ""}).content.decode()
    assert "Enter why you need to open this child" in refused
    client.post(f"/children/{child.pk}/enquiry/", {"reason": "Police notification received"})
    assert client.get(f"/children/{child.pk}/").status_code == 200
    grant = AccessGrant.objects.get(user=front_door, child=child)
    assert grant.basis == GrantBasis.FRONT_DOOR_ENQUIRY
    view = AuditEvent.objects.get(action=Action.VIEW, subject_id=str(child.pk))
    assert view.basis == f"front door enquiry (grant {grant.pk})"
    assert grant.reason == "Police notification received"
    assert "Police notification" not in str(AuditEvent.objects.values_list())  # no narrative


def test_opening_a_record_is_audited_with_its_basis(client: Client):
    allocation = AllocationFactory()
    client.force_login(allocation.worker)
    client.get(f"/children/{allocation.episode.child.pk}/")
    event = AuditEvent.objects.get(action=Action.VIEW)
    assert event.actor == allocation.worker and event.basis == "allocated worker"


def test_the_child_page_queries_do_not_grow_with_the_family(client: Client):
    allocation = AllocationFactory()
    child = allocation.episode.child
    client.force_login(allocation.worker)

    def add_family() -> None:
        household = Household.objects.create(name="Nan's house")
        for n in range(8):
            person = Person.objects.create(first_name=f"Relative{n}", last_name="Fictional")
            Relationship.objects.create(
                child=child, person=person, relationship_type=RelationshipType.AUNT_UNCLE
            )
            HouseholdMember.objects.create(household=household, person=person)
        HouseholdMember.objects.create(household=household, child=child)
        for _ in range(3):
            AllocationFactory(episode=EpisodeFactory(child=child), worker=allocation.worker)

    assert_queries_do_not_grow(lambda: client.get(f"/children/{child.pk}/"), add_family)


def test_the_children_list_queries_do_not_grow_with_the_caseload(client: Client):
    worker = UserFactory(roles=[Role.SOCIAL_WORKER])
    AllocationFactory(worker=worker)
    client.force_login(worker)
    assert_queries_do_not_grow(
        lambda: client.get("/children/"),
        lambda: AllocationFactory.create_batch(15, worker=worker),
    )


def _children_allocated_to(team, worker, count: int, start: int = 0) -> None:
    """``count`` fictional children allocated to ``worker`` in ``team``, made in bulk."""
    from safetymap.cases.codes import ReferralSource
    from safetymap.cases.models import Allocation, Episode

    children = Child.objects.bulk_create(
        Child(
            la_child_id=f"BLK{n:07d}",
            first_name=f"Fictional{n}",
            last_name=f"Bulkchild{n % 97}",
            date_of_birth=datetime.date(2015, 1, 1) + datetime.timedelta(days=n % 3000),
        )
        for n in range(start, start + count)
    )
    episodes = Episode.objects.bulk_create(
        Episode(
            child=child,
            referral_date=datetime.date(2026, 9, 1),
            referral_source=ReferralSource.SCHOOLS,
        )
        for child in children
    )
    Allocation.objects.bulk_create(
        Allocation(episode=episode, worker=worker, team=team, started_on=datetime.date(2026, 9, 2))
        for episode in episodes
    )


def test_a_service_managers_children_list_is_paged_small_and_its_queries_do_not_grow(
    client: Client,
):
    """A service manager sees every child in their service: 6,000 at a council's size."""
    from tests.factories import TeamFactory

    manager = UserFactory(roles=[Role.SERVICE_MANAGER])
    worker = UserFactory(roles=[Role.SOCIAL_WORKER])
    team = TeamFactory(service_manager=manager)
    client.force_login(manager)
    _children_allocated_to(team, worker, 60)
    assert_queries_do_not_grow(
        lambda: client.get("/children/"),
        lambda: _children_allocated_to(team, worker, 5_940, start=60),
    )
    first = client.get("/children/")
    assert len(first.context["children"].rows) == 50 and first.context["children"].next_cursor
    assert len(first.content) < 100_000, len(first.content)


def test_every_child_is_reached_page_by_page_once_in_name_order(client: Client):
    from tests.factories import TeamFactory

    worker = UserFactory(roles=[Role.SOCIAL_WORKER])
    team = TeamFactory(members=[worker])
    _children_allocated_to(team, worker, 130)
    client.force_login(worker)
    seen, cursor = [], None
    while True:
        page = client.get("/children/", {"cursor": cursor} if cursor else {}).context["children"]
        seen += [child.pk for child in page.rows]
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    expected = Child.objects.order_by("last_name", "first_name", "pk").values_list("pk", flat=True)
    assert seen == list(expected)


def test_the_children_list_filters_to_ones_own_children_and_keeps_the_filter_across_pages(
    client: Client,
):
    from tests.factories import TeamFactory

    manager = UserFactory(roles=[Role.TEAM_MANAGER])
    me, colleague = UserFactory(roles=[Role.SOCIAL_WORKER]), UserFactory(roles=[Role.SOCIAL_WORKER])
    team = TeamFactory(manager=manager)
    _children_allocated_to(team, me, 60)
    _children_allocated_to(team, colleague, 5, start=60)
    client.force_login(me)
    wanted = {"filter": "1", "show": "mine"}
    first = client.get("/children/", wanted)
    page = first.context["children"]
    assert len(page.rows) == 50 and page.next_cursor
    assert 'name="show" type="radio" value="mine" checked' in first.content.decode()
    rest = client.get("/children/", {**wanted, "cursor": page.next_cursor}).context["children"]
    shown = {child.pk for child in [*page.rows, *rest.rows]}
    assert shown == set(
        Child.objects.filter(episodes__allocations__worker=me).values_list("pk", flat=True)
    )
    client.force_login(manager)
    everyone = client.get("/children/", {"filter": "1", "show": ""}).context["children"]
    assert len(everyone.rows) == 50
    mine = client.get("/children/", wanted).context["children"]
    assert (
        mine.rows == []
        and "No child you can see fits this filter"
        in client.get("/children/", wanted).content.decode()
    )
