"""In a real browser: a system administrator adds an organisation and a user."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from safetymap.accounts.models import Organisation, User
from safetymap.accounts.roles import Role
from tests.browser.helpers import sign_in
from tests.factories import OrganisationFactory, UserFactory


def test_add_an_organisation_after_correcting_errors(page: Page):
    admin = UserFactory(roles=[Role.SYSTEM_ADMINISTRATOR])
    sign_in(page, admin.email)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Organisations").click()
    page.get_by_role("link", name="Add an organisation").click()
    page.get_by_role("button", name="Save organisation").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Enter the organisation's name")
    summary.get_by_role("link", name="Select the type of organisation").click()
    expect(page.get_by_role("radio", name="Local authority children's social care")).to_be_focused()
    page.get_by_label("Name", exact=True).fill("Fictional Hill Primary")
    page.get_by_role("radio", name="School", exact=True).check()
    page.get_by_label("DfE URN (optional)").fill("999555")
    page.get_by_role("button", name="Save organisation").click()
    expect(page.get_by_text("Fictional Hill Primary has been saved.")).to_be_visible()
    assert Organisation.objects.get(name="Fictional Hill Primary").urn == "999555"


def test_add_a_user_with_a_role(page: Page):
    admin = UserFactory(roles=[Role.SYSTEM_ADMINISTRATOR])
    OrganisationFactory(name="Fictional Health Visiting")
    sign_in(page, admin.email)
    page.goto("/users/add/")
    page.get_by_label("Full name").fill("Hana Fictional")
    page.get_by_label("Email address").fill("hana@fictional.example")
    page.get_by_label("Organisation").select_option(label="Fictional Health Visiting")
    page.get_by_role("checkbox", name="Partner practitioner").check()
    page.get_by_role("button", name="Save user").click()
    expect(page.get_by_text("The account for Hana Fictional has been saved.")).to_be_visible()
    expect(page.get_by_role("row", name="Hana Fictional")).to_contain_text("Partner practitioner")
    assert User.objects.get(email="hana@fictional.example").roles == {Role.PARTNER_PRACTITIONER}


def test_other_roles_are_told_why_they_cannot_manage_users(page: Page):
    worker = UserFactory(roles=[Role.TEAM_MANAGER])
    sign_in(page, worker.email)
    page.goto("/users/")
    expect(page.get_by_role("heading", name="You cannot do this")).to_be_visible()
    expect(page.get_by_text("Only system administrators can change organisations")).to_be_visible()
