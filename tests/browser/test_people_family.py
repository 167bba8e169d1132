"""In a real browser: add a parent to a child's family and network, then a household with the
parent as a member, and end the parent's time there."""

from __future__ import annotations

import datetime

from playwright.sync_api import Page, expect

from safetymap.accounts.roles import Role
from safetymap.people.models import HouseholdMember, Person, Relationship
from tests.browser.helpers import sign_in
from tests.factories import (
    AllocationFactory,
    ChildFactory,
    EpisodeFactory,
    TeamFactory,
    UserFactory,
)


def fill_date(page: Page, group: str, day: int | str, month: int | str, year: int | str) -> None:
    fields = page.get_by_role("group", name=group, exact=True)
    fields.get_by_label("Day").fill(str(day))
    fields.get_by_label("Month").fill(str(month))
    fields.get_by_label("Year").fill(str(year))


def test_a_social_worker_adds_a_parent_and_a_household_member(page: Page):
    worker = UserFactory(roles=[Role.SOCIAL_WORKER], email="worker@fictional.example")
    child = ChildFactory(first_name="Amara", last_name="Fictional-Okafor")
    AllocationFactory(worker=worker, episode=EpisodeFactory(child=child))
    sign_in(page, worker.email)
    page.goto(f"/children/{child.pk}/")

    page.get_by_role("link", name="Add an adult or child to the family and network").click()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter their first name")
    page.get_by_label("First name").fill("Grace")
    page.get_by_label("Last name").fill("Fictional-Okafor")
    fill_date(page, "Date of birth (optional)", 3, 4, 1990)
    page.get_by_label("Relationship to the child").select_option(label="Mother")
    page.get_by_label("Has parental responsibility for the child").check()
    page.get_by_label("Lives with the child").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Grace Fictional-Okafor has been added")).to_be_visible()
    link = Relationship.objects.get(child=child)
    assert link.has_parental_responsibility and link.lives_in_household

    page.get_by_role("link", name="Add a household").click()
    page.get_by_label("Name of the household").fill("Mum's home")
    fill_date(page, "Date Amara moved in (optional)", 1, 9, 2024)
    page.get_by_role("button", name="Add household").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mum's home")

    page.get_by_role("link", name="Add someone to this household").click()
    page.get_by_label("Grace Fictional-Okafor").check()
    fill_date(page, "Date they moved in (optional)", 1, 9, 2024)
    fill_date(page, "Date they moved out (optional)", 1, 8, 2024)
    page.get_by_role("button", name="Add to household").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "The date they moved out must be the same as or after the date they moved in"
    )
    fill_date(page, "Date they moved out (optional)", "", "", "")
    page.get_by_role("button", name="Add to household").click()
    expect(page.get_by_text("Grace Fictional-Okafor has been added to Mum's home")).to_be_visible()
    expect(page.get_by_role("cell", name="Grace Fictional-Okafor", exact=True)).to_be_visible()

    page.get_by_role("link", name="Change dates for Grace Fictional-Okafor").click()
    fill_date(page, "Date they moved out (optional)", 31, 3, 2025)
    page.get_by_role("button", name="Save dates").click()
    expect(page.get_by_role("cell", name="31 March 2025")).to_be_visible()
    membership = HouseholdMember.objects.get(person=link.person)
    assert membership.lived_from == datetime.date(2024, 9, 1)
    assert membership.lived_to == datetime.date(2025, 3, 31)

    page.get_by_role("link", name="Back to Amara Fictional-Okafor").click()
    expect(page.get_by_role("link", name="Mum's home")).to_be_visible()


def test_a_known_parent_is_offered_and_a_manager_merges_a_duplicate_record(page: Page):
    manager = UserFactory(roles=[Role.TEAM_MANAGER], email="manager@fictional.example")
    team = TeamFactory(manager=manager)
    born = datetime.date(2019, 6, 14)
    keep = ChildFactory(first_name="Amara", last_name="Fictional-Okafor", date_of_birth=born)
    duplicate = ChildFactory(first_name="Amarah", last_name="Fictional Okafor", date_of_birth=born)
    for child in (keep, duplicate):
        AllocationFactory(team=team, episode=EpisodeFactory(child=child))
    grace = Person.objects.create(first_name="Grace", last_name="Fictional-Okafor")
    Relationship.objects.create(child=duplicate, person=grace, relationship_type="MOTHER")
    sign_in(page, manager.email)

    page.goto(f"/children/{keep.pk}/family/add/")
    page.get_by_label("First name").fill("Grace")
    page.get_by_label("Last name").fill("Okafor")
    page.get_by_label("Relationship to the child").select_option(label="Mother")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Is this person already known?")).to_be_visible()
    page.get_by_label("Yes, Grace Fictional-Okafor").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Grace Fictional-Okafor has been added")).to_be_visible()
    assert Person.objects.count() == 1

    page.get_by_role("link", name="Add or change Amara's details").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Change Amara")
    page.get_by_role("link", name="Back to Amara Fictional-Okafor").click()

    page.get_by_role("link", name="Merge a duplicate record of Amara").click()
    page.get_by_label(
        f"Amarah Fictional Okafor (born 14 June 2019, {duplicate.la_child_id})"
    ).check()
    page.get_by_label(f"This record ({keep.la_child_id})").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Check before you merge these records")).to_be_visible()
    page.get_by_role("button", name="Merge the records").click()
    expect(page.get_by_text(f"{duplicate.la_child_id} has been merged into")).to_be_visible()
    page.goto(f"/children/{duplicate.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Amara Fictional-Okafor")
