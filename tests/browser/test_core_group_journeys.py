"""In a real browser: the social worker adds the police officer to Zara's core group from the
plan's page; the school's safeguarding lead, already in the core group, finds the plan from My
work, reads its actions, and keeps the initial conference's papers after distribution, but
cannot open Zara's record itself."""

from __future__ import annotations

from django.core.management import call_command
from playwright.sync_api import Page, expect

from safetymap.people.models import Child
from tests.browser.helpers import choose_person, sign_in

DEMO_PASSWORD = "Fictional-demo-password"


def test_the_core_group_sees_the_plan_and_nothing_else_of_the_record(page: Page, settings):
    settings.SAFETYMAP_DEMO_PASSWORD = DEMO_PASSWORD
    call_command("load_demo", "--quiet-sign-ins")
    sign_in(page, "social.worker@larkford.example", DEMO_PASSWORD)
    page.goto("/children/")
    page.get_by_role("link", name="Zara Fictional-Hussain-Reid").click()
    page.get_by_role("link", name="Referred").first.click()
    page.get_by_role("link", name="Child protection plan from").click()
    expect(page.get_by_role("heading", name="Child protection plan")).to_be_visible()
    page.get_by_role("link", name="Add someone to the core group").click()
    page.get_by_role("button", name="Add to core group").click()
    expect(
        page.get_by_role("link", name="Choose the person joining the core group")
    ).to_be_visible()
    choose_person(
        page,
        "Who is joining the core group?",
        "Pat Police-Officer, Northshire Police, Larkford Safeguarding Unit",
    )
    page.get_by_role("button", name="Add to core group").click()
    expect(page.get_by_text("They are in the core group.")).to_be_visible()
    members = page.get_by_role("table", name="Professionals in the core group")
    expect(members.get_by_role("cell", name="Pat Police-Officer", exact=True)).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "school.dsl@larkford.example", DEMO_PASSWORD)
    page.get_by_role("link", name="Child protection plan for Zara Fictional-Hussain-Reid").click()
    expect(page.get_by_text("because you are in its core group")).to_be_visible()
    expect(page.get_by_role("table", name="Actions in the plan")).to_contain_text(
        "Agree a written safety plan"
    )
    page.get_by_role("link", name="Initial child protection conference").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("conference")
    zara = Child.objects.get(first_name="Zara")
    response = page.goto(f"/children/{zara.pk}/")
    assert response is not None and response.status == 404
