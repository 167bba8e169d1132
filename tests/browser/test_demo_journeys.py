"""The demo as a newcomer meets it: every demo account signs in with the printed password,
reaches My work, and can open every page its navigation offers (and no others)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from safetymap.access.policy import ROLE_CAPABILITIES, Capability
from safetymap.demo.data import USERS, DemoUser
from tests.browser.helpers import sign_in

DEMO_PASSWORD = "Fictional-demo-password"


@pytest.mark.parametrize("person", USERS, ids=lambda p: p.email.split("@")[0])
def test_each_demo_account_signs_in_and_uses_its_navigation(page: Page, person: DemoUser, settings):
    settings.SAFETYMAP_DEMO_PASSWORD = DEMO_PASSWORD
    call_command("load_demo", "--quiet-sign-ins")
    sign_in(page, person.email, DEMO_PASSWORD)
    expect(page.get_by_text(f"Signed in as {person.full_name}")).to_be_visible()

    menu = page.get_by_role("navigation", name="Menu")
    links = menu.get_by_role("link")
    names = [name.strip() for name in links.all_inner_texts()]
    granted = set().union(*(ROLE_CAPABILITIES[role] for role in person.roles))
    expected = ["My work"]
    if Capability.USE_CASE_WORK in granted:
        expected.append("Children")
    if Capability.RECORD_PATHWAY in granted:
        expected.append("Contacts")
    if Capability.USE_CASE_WORK in granted:
        expected.append("My conferences")
    if Capability.ALLOCATE_WORK in granted:
        expected.append("Out-of-hours duty")
    if Capability.BOOK_TRAINING in granted:
        expected.append("Training")
    if Capability.MANAGE_REFERENCE_DATA in granted:
        expected += ["Organisations", "Teams", "Users", "Background work"]
    if Capability.MANAGE_PARTNERSHIP in granted:
        expected.append("Conference feedback")
    if Capability.VIEW_ACCESS_REPORTS in granted:
        expected += ["Access reports", "Emergency access"]
    if Capability.MANAGE_RETENTION in granted:
        expected.append("Retention")
    assert names == expected
    headings = {
        "Access reports": "Who has accessed",
        "Training": "Signs of Safety training",
        "Retention": "Records due for disposal",
        "Out-of-hours duty": "Out-of-hours duty rota",
    }
    for name in names:
        menu.get_by_role("link", name=name).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(headings.get(name, name))
        expect(menu.get_by_role("link", name=name)).to_have_attribute("aria-current", "page")

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()
