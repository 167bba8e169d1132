"""Households with dated membership; confidential addresses shown only to those who need them."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from safetymap.access.models import AccessGrant, GrantBasis
from safetymap.access.policy import AccessRefused
from safetymap.accounts.roles import Role
from safetymap.audit.models import Action, AuditEvent
from safetymap.people import services
from safetymap.people.codes import RelationshipType
from safetymap.people.models import Address, Household, HouseholdMember, Person, Relationship
from tests.factories import (
    AllocationFactory,
    ChildFactory,
    EpisodeFactory,
    TeamFactory,
    UserFactory,
)
from tests.people.test_family_pages import allocated_child
from tests.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db

SECRET = "7 Hidden Refuge Lane"


def household_form(**overrides) -> dict[str, str]:
    data = {
        "name": "Mum's home",
        "lived_from-day": "1",
        "lived_from-month": "9",
        "lived_from-year": "2024",
    }
    return {**data, **overrides}


def with_household(child, name="Mum's home", address=None) -> Household:
    household = Household.objects.create(name=name, address=address)
    HouseholdMember.objects.create(
        household=household, child=child, lived_from=datetime.date(2024, 9, 1)
    )
    return household


def mother_of(child) -> Person:
    mother = Person.objects.create(first_name="Grace", last_name="Fictional")
    Relationship.objects.create(
        child=child, person=mother, relationship_type=RelationshipType.MOTHER
    )
    return mother


# --- Households -------------------------------------------------------------------------------


def test_adding_a_household_makes_the_child_its_first_member_and_audits(client: Client):
    worker, child = allocated_child()
    client.force_login(worker)
    data = household_form(
        address_line_1="1 Fictional Road", address_town="Larkford", address_postcode="LA1 4AB"
    )
    response = client.post(f"/children/{child.pk}/households/add/", data)
    household = Household.objects.get()
    assert response["Location"] == f"/children/{child.pk}/households/{household.pk}/"
    assert household.address.postcode == "LA1 4AB"
    membership = household.members.get()
    assert membership.child == child and membership.lived_from == datetime.date(2024, 9, 1)
    assert AuditEvent.objects.filter(action=Action.CREATE, subject_type="people.Household")
    page = client.get(response["Location"]).content.decode()
    assert "1 Fictional Road" in page and child.full_name in page and "Still lives here" in page


def test_a_household_needs_a_name_and_sensible_dates(client: Client):
    worker, child = allocated_child()
    client.force_login(worker)
    for data, message in (
        (household_form(name=""), "Enter a name for the household"),
        (
            household_form(**{"lived_to-day": "1", "lived_to-month": "1", "lived_to-year": "2024"}),
            "The date they moved out must be the same as or after the date they moved in",
        ),
        (household_form(**{"lived_from-year": "2099"}), "must be today or in the past"),
    ):
        html = client.post(f"/children/{child.pk}/households/add/", data).content.decode()
        assert "There is a problem" in html and message in html
    assert not Household.objects.exists() and not Address.objects.exists()


def test_adding_a_family_member_to_a_household_with_dates(client: Client):
    worker, child = allocated_child()
    household = with_household(child)
    mother = mother_of(child)
    client.force_login(worker)
    url = f"/children/{child.pk}/households/{household.pk}/add/"
    assert "Grace Fictional" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "member": f"person-{mother.pk}",
            "lived_from-day": "2",
            "lived_from-month": "9",
            "lived_from-year": "2024",
        },
    )
    assert response.status_code == 302
    membership = HouseholdMember.objects.get(person=mother)
    assert membership.lived_from == datetime.date(2024, 9, 2) and membership.lived_to is None
    assert AuditEvent.objects.filter(
        action=Action.CREATE, subject_type="people.HouseholdMember"
    ).exists()


def test_only_the_family_and_network_can_join_a_household(client: Client):
    worker, child = allocated_child()
    household = with_household(child)
    stranger = Person.objects.create(first_name="Not", last_name="Related")
    client.force_login(worker)
    html = client.post(
        f"/children/{child.pk}/households/{household.pk}/add/", {"member": f"person-{stranger.pk}"}
    ).content.decode()
    assert "Choose one of the people listed" in html
    with pytest.raises(services.PeopleChangeRefused, match="family and network first"):
        services.add_household_member(
            by=worker, child=child, household=household, member=stranger, lived_from=None
        )
    assert household.members.count() == 1


def test_ending_a_membership_keeps_it_with_both_dates(client: Client):
    worker, child = allocated_child()
    household = with_household(child)
    membership = household.members.get()
    client.force_login(worker)
    url = f"/children/{child.pk}/households/{household.pk}/members/{membership.pk}/dates/"
    response = client.post(
        url,
        {
            "lived_from-day": "1",
            "lived_from-month": "9",
            "lived_from-year": "2024",
            "lived_to-day": "31",
            "lived_to-month": "3",
            "lived_to-year": "2025",
        },
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.lived_to == datetime.date(2025, 3, 31)
    event = AuditEvent.objects.get(action=Action.UPDATE, subject_type="people.HouseholdMember")
    assert event.details == {"lived_to": {"before": "", "after": "2025-03-31"}}


def test_an_end_date_before_the_start_date_is_refused_and_nothing_saved(client: Client):
    worker, child = allocated_child()
    household = with_household(child)
    membership = household.members.get()
    client.force_login(worker)
    url = f"/children/{child.pk}/households/{household.pk}/members/{membership.pk}/dates/"
    html = client.post(
        url,
        {
            "lived_from-day": "1",
            "lived_from-month": "9",
            "lived_from-year": "2024",
            "lived_to-day": "31",
            "lived_to-month": "8",
            "lived_to-year": "2024",
        },
    ).content.decode()
    assert "The date they moved out must be the same as or after the date they moved in" in html
    with pytest.raises(services.PeopleChangeRefused):
        services.change_household_dates(
            by=worker,
            child=child,
            membership=membership,
            lived_from=datetime.date(2024, 9, 1),
            lived_to=datetime.date(2024, 8, 31),
        )
    membership.refresh_from_db()
    assert membership.lived_to is None
    assert not AuditEvent.objects.filter(action=Action.UPDATE).exists()


def test_another_childs_household_is_not_found_through_this_child(client: Client):
    worker, child = allocated_child()
    other_household = with_household(ChildFactory())
    membership = other_household.members.get()
    client.force_login(worker)
    base = f"/children/{child.pk}/households/{other_household.pk}/"
    assert client.get(base).status_code == 404
    assert client.get(base + "add/").status_code == 404
    assert client.get(base + f"members/{membership.pk}/dates/").status_code == 404
    with pytest.raises(AccessRefused):
        services.change_household_dates(
            by=worker, child=child, membership=membership, lived_from=None, lived_to=None
        )


def test_the_household_page_queries_do_not_grow_with_its_members(client: Client):
    worker, child = allocated_child()
    household = with_household(
        child, address=Address.objects.create(line_1="1", town="L", postcode="LA1 4AB")
    )
    client.force_login(worker)

    def more_members() -> None:
        for n in range(8):
            person = Person.objects.create(first_name=f"Relative{n}", last_name="Fictional")
            HouseholdMember.objects.create(household=household, person=person)
            HouseholdMember.objects.create(household=household, child=ChildFactory())

    assert_queries_do_not_grow(
        lambda: client.get(f"/children/{child.pk}/households/{household.pk}/"), more_members
    )


def test_the_add_member_page_queries_do_not_grow_with_the_family(client: Client):
    worker, child = allocated_child()
    household = with_household(child)
    client.force_login(worker)

    def more_family() -> None:
        for _ in range(6):
            mother_of(child)

    assert_queries_do_not_grow(
        lambda: client.get(f"/children/{child.pk}/households/{household.pk}/add/"), more_family
    )


# --- Confidential addresses -------------------------------------------------------------------


def confidential_child():
    """A child at a refuge, allocated to a worker in a team with a manager and a colleague."""
    worker = UserFactory(roles=[Role.SOCIAL_WORKER])
    colleague = UserFactory(roles=[Role.SOCIAL_WORKER])
    manager = UserFactory(roles=[Role.TEAM_MANAGER])
    team = TeamFactory(members=[worker, colleague], manager=manager)
    refuge = Address.objects.create(
        line_1=SECRET, town="Larkford", postcode="LA1 9ZZ", is_confidential=True
    )
    child = ChildFactory(address=refuge)
    AllocationFactory(worker=worker, team=team, episode=EpisodeFactory(child=child))
    with_household(child, name="Refuge", address=refuge)
    return child, worker, colleague, manager


def test_the_allocated_worker_and_their_team_see_a_confidential_address(client: Client):
    child, worker, colleague, manager = confidential_child()
    household = child.households.get().household
    for person in (worker, colleague, manager):
        client.force_login(person)
        for path in (f"/children/{child.pk}/", f"/children/{child.pk}/households/{household.pk}/"):
            html = client.get(path).content.decode()
            assert SECRET in html and "Confidential" in html, (person, path)


def test_everyone_else_who_can_see_the_child_sees_only_the_word_confidential(client: Client):
    child, *_ = confidential_child()
    household = child.households.get().household
    front_door = UserFactory(roles=[Role.FRONT_DOOR_PRACTITIONER])
    now = datetime.datetime.now(datetime.UTC)
    AccessGrant.objects.create(
        user=front_door,
        child=child,
        basis=GrantBasis.FRONT_DOOR_ENQUIRY,
        reason="Police notification",
        starts_at=now - datetime.timedelta(minutes=1),
        expires_at=now + datetime.timedelta(hours=1),
    )
    client.force_login(front_door)
    for path in (
        f"/children/{child.pk}/",
        f"/children/{child.pk}/households/{household.pk}/",
        f"/children/{child.pk}/change/",
    ):
        response = client.get(path)
        assert response.status_code == 200
        html = response.content.decode()
        assert SECRET not in html and "LA1 9ZZ" not in html, path
    assert "Confidential" in client.get(f"/children/{child.pk}/").content.decode()
    assert "address is confidential" in client.get(f"/children/{child.pk}/change/").content.decode()


def test_a_confidential_address_can_only_be_changed_by_those_who_may_see_it():
    child, worker, *_ = confidential_child()
    recorder = UserFactory(roles=[Role.SOCIAL_WORKER])
    now = datetime.datetime.now(datetime.UTC)
    AccessGrant.objects.create(
        user=recorder,
        child=child,
        basis=GrantBasis.RECORDED_THE_CHILD,
        reason="Recorded this child",
        starts_at=now - datetime.timedelta(minutes=1),
        expires_at=now + datetime.timedelta(hours=1),
    )
    with pytest.raises(services.PeopleChangeRefused, match="address is confidential"):
        services.change_child_details(
            by=recorder, child=child, details={}, changes={}, address=None, change_address=True
        )
    child.refresh_from_db()
    assert child.address.line_1 == SECRET
    services.change_child_details(
        by=worker,
        child=child,
        details={},
        changes={"address_line_1": {"before": SECRET, "after": "2 Safe Street"}},
        address={
            "line_1": "2 Safe Street",
            "line_2": "",
            "town": "Larkford",
            "postcode": "LA1 8YY",
            "is_confidential": True,
        },
        change_address=True,
    )
    child.refresh_from_db()
    assert child.address.line_1 == "2 Safe Street"
    event = AuditEvent.objects.get(action=Action.UPDATE)
    assert SECRET not in str(event.details) and "2 Safe Street" not in str(event.details)
    assert event.details["address"] == {"before": "confidential", "after": "confidential"}


# --- A restricted brother or sister (issue 15, finding 2) ------------------------------------


def restricted_sibling_of(child):
    """A brother living with ``child`` and linked to them, whose record is restricted to someone
    else (an adoption, a member of staff's child)."""
    from safetymap.access.models import RestrictedRecord

    brother = ChildFactory(first_name="Tobi", last_name="Fictional-Restricted")
    restriction = RestrictedRecord.objects.create(
        child=brother, reason="ADOPTION", restricted_by=UserFactory(roles=[Role.TEAM_MANAGER])
    )
    restriction.people.add(UserFactory(roles=[Role.SOCIAL_WORKER]))
    Relationship.objects.create(
        child=child, other_child=brother, relationship_type=RelationshipType.SIBLING
    )
    return brother


def test_a_restricted_sibling_is_not_listed_on_the_childs_household_or_record(client: Client):
    worker, child = allocated_child()
    home = with_household(child)
    brother = restricted_sibling_of(child)
    HouseholdMember.objects.create(household=home, child=brother)
    client.force_login(worker)
    for url in (
        f"/children/{child.pk}/households/{home.pk}/",
        f"/children/{child.pk}/",
        f"/children/{child.pk}/households/{home.pk}/add/",
    ):
        page = client.get(url)
        assert page.status_code == 200, url
        assert "Tobi" not in page.content.decode(), url
    membership = HouseholdMember.objects.get(child=brother)
    dates = f"/children/{child.pk}/households/{home.pk}/members/{membership.pk}/dates/"
    assert client.get(dates).status_code == 404
