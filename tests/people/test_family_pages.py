"""A child's details, family and network: the pages, the matching and the rules behind them."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from safetymap.access.policy import AccessRefused
from safetymap.accounts.roles import Role
from safetymap.audit.models import Action, AuditEvent
from safetymap.people import services
from safetymap.people.codes import RelationshipType
from safetymap.people.models import Child, Person, Relationship, SearchKey
from tests.factories import AllocationFactory, ChildFactory, EpisodeFactory, UserFactory
from tests.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db


def allocated_child(role: Role = Role.SOCIAL_WORKER, **child_fields):
    """A worker in ``role`` and a child allocated to them."""
    worker = UserFactory(roles=[role])
    child = ChildFactory(**child_fields)
    AllocationFactory(worker=worker, episode=EpisodeFactory(child=child))
    return worker, child


def relative_form(**overrides) -> dict[str, str]:
    data = {
        "first_name": "Grace",
        "last_name": "Fictional-Okafor",
        "date_of_birth-day": "3",
        "date_of_birth-month": "4",
        "date_of_birth-year": "1990",
        "relationship_type": RelationshipType.MOTHER,
        "has_parental_responsibility": "on",
        "lives_in_household": "on",
        "contact_arrangements": "",
    }
    return {**data, **overrides}


def relate(child: Child, first: str, last: str, born=None, **fields) -> Person:
    person = Person.objects.create(first_name=first, last_name=last, date_of_birth=born)
    services.store_search_keys(person)
    Relationship.objects.create(
        child=child,
        person=person,
        relationship_type=fields.pop("relationship_type", RelationshipType.MOTHER),
        **fields,
    )
    return person


# --- The child's record page ------------------------------------------------------------------


def test_the_record_links_to_changing_details_and_adding_family_for_those_who_record(
    client: Client,
):
    worker, child = allocated_child()
    client.force_login(worker)
    html = client.get(f"/children/{child.pk}/").content.decode()
    for path in ("change/", "family/add/", "family/add-child/", "households/add/"):
        assert f"/children/{child.pk}/{path}" in html
    assert "/merge/" not in html  # social workers do not merge records


def test_partners_see_the_record_without_links_to_change_it_and_are_refused_the_pages(
    client: Client,
):
    partner, child = allocated_child(Role.PARTNER_PRACTITIONER)
    client.force_login(partner)
    html = client.get(f"/children/{child.pk}/").content.decode()
    assert "/change/" not in html and "/family/add/" not in html
    assert client.post(f"/children/{child.pk}/family/add/", relative_form()).status_code == 403
    assert not Person.objects.exists()


# --- Changing the child's details ---------------------------------------------------------------


def test_changing_details_saves_them_keeps_the_former_name_searchable_and_audits_before_and_after(
    client: Client,
):
    worker, child = allocated_child(first_name="Amara", last_name="Fictional")
    client.force_login(worker)
    form = client.get(f"/children/{child.pk}/change/").context["form"]
    data = {
        name: value
        for name, value in form.initial.items()
        if name in form.fields and value not in (None, [], False)
    }
    data.pop("date_of_birth")
    data |= {
        "revision": "1",
        "first_name": "Amarah",
        "date_of_birth-day": "17",
        "date_of_birth-month": "5",
        "date_of_birth-year": "2018",
        "address_line_1": "1 Fictional Road",
        "address_town": "Larkford",
        "address_postcode": "la14ab",
    }
    response = client.post(f"/children/{child.pk}/change/", data)
    assert response.status_code == 302, response.context["form"].errors
    child.refresh_from_db()
    assert child.first_name == "Amarah" and str(child.address) == (
        "1 Fictional Road, Larkford, LA1 4AB"
    )
    event = AuditEvent.objects.get(action=Action.UPDATE, subject_id=str(child.pk))
    assert event.details["first_name"] == {"before": "Amara", "after": "Amarah"}
    assert "date_of_birth" not in event.details  # the same date is not a change
    from safetymap.people.matching import PersonDetails, search_keys

    # The former name stays searchable: a later contact may use it.
    assert child.previous_names == [["Amara", "Fictional"]]
    assert set(child.search_keys.values_list("key", flat=True)) == set(
        search_keys(
            PersonDetails(
                "Amarah",
                "Fictional",
                child.date_of_birth,
                other_names=(("Amara", "Fictional"),),
            )
        )
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"date_of_birth-year": "2099"}, "Date of birth must be today or in the past"),
        ({"first_name": ""}, "Enter the child&#39;s first name"),
        ({"address_line_1": "1 Fictional Road"}, "Enter postcode"),
        (
            {"address_line_1": "1 Road", "address_town": "L", "address_postcode": "NOT A CODE"},
            "Enter a real postcode",
        ),
    ],
)
def test_bad_changes_are_refused_with_govuk_errors_and_nothing_saved(
    client: Client, overrides, message
):
    worker, child = allocated_child(first_name="Amara")
    client.force_login(worker)
    data = {
        "first_name": "Changed",
        "last_name": "Fictional",
        "date_of_birth-day": "17",
        "date_of_birth-month": "5",
        "date_of_birth-year": "2018",
        "sex": "0",
        "ethnicity": "NOBT",
        **overrides,
    }
    html = client.post(f"/children/{child.pk}/change/", data).content.decode()
    assert "There is a problem" in html and message in html
    child.refresh_from_db()
    assert child.first_name == "Amara" and child.address is None
    assert not AuditEvent.objects.filter(action=Action.UPDATE).exists()


def test_a_child_the_person_may_not_see_cannot_be_changed_and_is_not_found(client: Client):
    worker = UserFactory(roles=[Role.SOCIAL_WORKER])
    hidden = ChildFactory()
    client.force_login(worker)
    for path in ("change/", "family/add/", "family/add-child/", "households/add/"):
        assert client.get(f"/children/{hidden.pk}/{path}").status_code == 404
        assert client.post(f"/children/{hidden.pk}/{path}", relative_form()).status_code == 404
    with pytest.raises(AccessRefused):
        services.change_child_details(by=worker, child=hidden, details={}, changes={})
    assert not Person.objects.exists()


# --- Adding family and network ------------------------------------------------------------------


def test_adding_a_new_parent_with_no_likely_match_creates_them_with_search_keys_and_audits(
    client: Client,
):
    worker, child = allocated_child()
    client.force_login(worker)
    response = client.post(f"/children/{child.pk}/family/add/", relative_form())
    assert response["Location"] == f"/children/{child.pk}/"
    link = Relationship.objects.get(child=child)
    assert link.person.full_name == "Grace Fictional-Okafor"
    assert link.person.date_of_birth == datetime.date(1990, 4, 3)
    assert link.relationship_type == RelationshipType.MOTHER
    assert link.has_parental_responsibility and link.lives_in_household
    assert SearchKey.objects.filter(person=link.person).exists()
    audited = set(AuditEvent.objects.filter(action=Action.CREATE).values_list("subject_type"))
    assert audited == {("people.Person",), ("people.Relationship",)}
    html = client.get(f"/children/{child.pk}/").content.decode()
    assert "Grace Fictional-Okafor" in html and "has parental responsibility" in html


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"first_name": ""}, "Enter their first name"),
        ({"last_name": ""}, "Enter their last name"),
        ({"relationship_type": ""}, "Choose how they are related to the child"),
        ({"relationship_type": "MADE_UP"}, "Choose how they are related to the child"),
        ({"date_of_birth-year": "2099"}, "Date of birth must be today or in the past"),
        ({"date_of_birth-month": "13"}, "Date of birth (optional) must be a real date"),
    ],
)
def test_bad_family_member_details_are_refused_and_nothing_saved(
    client: Client, overrides, message
):
    worker, child = allocated_child()
    client.force_login(worker)
    html = client.post(f"/children/{child.pk}/family/add/", relative_form(**overrides))
    html = html.content.decode()
    assert "There is a problem" in html and message in html
    assert not Person.objects.exists() and not Relationship.objects.exists()


def test_the_date_of_birth_of_a_family_member_is_optional(client: Client):
    worker, child = allocated_child()
    client.force_login(worker)
    blank = {"date_of_birth-day": "", "date_of_birth-month": "", "date_of_birth-year": ""}
    client.post(f"/children/{child.pk}/family/add/", relative_form(**blank))
    assert Person.objects.get().date_of_birth is None


def test_a_likely_match_among_people_around_visible_children_is_offered_and_can_be_chosen(
    client: Client,
):
    worker, child = allocated_child()
    _, sister = allocated_child()
    AllocationFactory(worker=worker, episode=EpisodeFactory(child=sister))
    known = relate(sister, "Grace", "Okafor", datetime.date(1990, 4, 3))
    client.force_login(worker)
    html = client.post(f"/children/{child.pk}/family/add/", relative_form()).content.decode()
    assert "Is this person already known?" in html and "Why this was suggested" in html
    assert f"Mother of {sister.full_name}" in html
    assert Person.objects.count() == 1 and not Relationship.objects.filter(child=child).exists()

    refused = client.post(f"/children/{child.pk}/family/add/", {"choosing": "1"})
    assert "Choose one of the people listed, or add a new person" in refused.content.decode()

    client.post(f"/children/{child.pk}/family/add/", {"choosing": "1", "choice": str(known.pk)})
    assert Person.objects.count() == 1
    assert Relationship.objects.get(child=child).person == known


def test_choosing_to_add_a_new_person_after_the_matches_creates_one(client: Client):
    worker, child = allocated_child()
    relate(child, "Grace", "Okafor", datetime.date(1990, 4, 3), relationship_type="AUNT_UNCLE")
    client.force_login(worker)
    client.post(f"/children/{child.pk}/family/add/", relative_form())
    client.post(f"/children/{child.pk}/family/add/", {"choosing": "1", "choice": "new"})
    assert Person.objects.count() == 2 and child.relationships.count() == 2


def test_people_around_children_the_person_may_not_see_are_never_suggested(client: Client):
    worker, child = allocated_child()
    relate(ChildFactory(), "Grace", "Fictional-Okafor", datetime.date(1990, 4, 3))
    client.force_login(worker)
    response = client.post(f"/children/{child.pk}/family/add/", relative_form())
    assert response.status_code == 302  # no match shown: straight to a new person
    assert Person.objects.count() == 2


def test_someone_hidden_cannot_be_chosen_by_posting_their_id(client: Client):
    worker, child = allocated_child()
    _, mine = allocated_child()
    AllocationFactory(worker=worker, episode=EpisodeFactory(child=mine))
    relate(mine, "Grace", "Okafor", datetime.date(1990, 4, 3))
    hidden = relate(ChildFactory(), "Grace", "Okafor", datetime.date(1990, 4, 3))
    client.force_login(worker)
    client.post(f"/children/{child.pk}/family/add/", relative_form())
    client.post(f"/children/{child.pk}/family/add/", {"choosing": "1", "choice": str(hidden.pk)})
    assert not child.relationships.exists()
    with pytest.raises(AccessRefused):
        services.add_relative(
            by=worker, child=child, relationship={"relationship_type": "MOTHER"}, person=hidden
        )
    assert not child.relationships.exists()


def test_people_recorded_without_search_keys_are_still_suggested(client: Client):
    worker, child = allocated_child()
    older = Person.objects.create(first_name="Grace", last_name="Okafor")  # no keys stored
    Relationship.objects.create(child=child, person=older, relationship_type="AUNT_UNCLE")
    client.force_login(worker)
    html = client.post(f"/children/{child.pk}/family/add/", relative_form()).content.decode()
    assert "Is this person already known?" in html


def test_the_same_person_cannot_be_added_twice_to_one_child(client: Client):
    worker, child = allocated_child()
    grace = relate(child, "Grace", "Fictional-Okafor", datetime.date(1990, 4, 3))
    client.force_login(worker)
    client.post(f"/children/{child.pk}/family/add/", relative_form())
    html = client.post(
        f"/children/{child.pk}/family/add/", {"choosing": "1", "choice": str(grace.pk)}
    ).content.decode()
    assert "is already in" in html and child.relationships.count() == 1


def test_the_matches_page_queries_do_not_grow_with_the_number_of_matches(client: Client):
    worker, child = allocated_child()
    relate(child, "Grace", "Okafor", datetime.date(1990, 4, 3))
    client.force_login(worker)

    def more_namesakes() -> None:
        for n in range(6):
            other = ChildFactory()
            AllocationFactory(worker=worker, episode=EpisodeFactory(child=other))
            relate(other, "Grace", "Okafor", datetime.date(1990, 4, 3 + n))

    assert_queries_do_not_grow(
        lambda: client.post(f"/children/{child.pk}/family/add/", relative_form()), more_namesakes
    )


# --- Linking another child --------------------------------------------------------------------


def test_linking_a_sibling_the_person_can_see_links_both_records(client: Client):
    worker, child = allocated_child()
    _, brother = allocated_child()
    AllocationFactory(worker=worker, episode=EpisodeFactory(child=brother))
    client.force_login(worker)
    form = {
        "other_child": str(brother.pk),
        "relationship_type": RelationshipType.SIBLING,
        "lives_in_household": "on",
    }
    response = client.post(f"/children/{child.pk}/family/add-child/", form)
    assert response.status_code == 302
    assert Relationship.objects.get(child=child).other_child == brother
    assert Relationship.objects.get(child=brother).other_child == child
    assert AuditEvent.objects.filter(action=Action.CREATE).count() == 2
    assert brother.full_name in client.get(f"/children/{child.pk}/").content.decode()


def test_a_child_the_person_may_not_see_cannot_be_linked_or_even_listed(client: Client):
    worker, child = allocated_child()
    hidden = ChildFactory(first_name="Hiddenchild")
    client.force_login(worker)
    page = client.get(f"/children/{child.pk}/family/add-child/").content.decode()
    assert "Hiddenchild" not in page
    form = {"other_child": str(hidden.pk), "relationship_type": RelationshipType.SIBLING}
    html = client.post(f"/children/{child.pk}/family/add-child/", form).content.decode()
    assert "Choose one of the children listed" in html
    with pytest.raises(AccessRefused):
        services.link_children(
            by=worker, child=child, other=hidden, relationship={"relationship_type": "SIBLING"}
        )
    assert not Relationship.objects.exists()


def test_a_child_cannot_be_linked_to_themself():
    worker, child = allocated_child()
    with pytest.raises(services.PeopleChangeRefused, match="cannot be linked to themself"):
        services.link_children(
            by=worker, child=child, other=child, relationship={"relationship_type": "SIBLING"}
        )
    assert not Relationship.objects.exists()
