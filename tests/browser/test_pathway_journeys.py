"""In a real browser: a contact, its decision, and an episode's steps, each page checked by axe."""

from __future__ import annotations

import datetime

from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from safetymap.cases.models import Episode
from tests.browser.helpers import sign_in

DEMO_PASSWORD = "Fictional-demo-password"


def fill_date(page: Page, legend: str, day: datetime.date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def test_a_team_manager_takes_a_contact_to_an_assessment_and_a_strategy_discussion(
    page: Page, settings
):
    settings.SAFETYMAP_DEMO_PASSWORD = DEMO_PASSWORD
    call_command("load_demo", "--quiet-sign-ins")
    today = timezone.localdate()
    sign_in(page, "team.manager@larkford.example", DEMO_PASSWORD)

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Contacts").click()
    page.get_by_role("link", name="Record a contact").click()
    page.get_by_role("button", name="Save contact").click()
    expect(page.get_by_role("alert")).to_contain_text("Add the children the contact is about")
    fill_date(page, "Date the contact was received", today)
    page.get_by_role("radio", name="Phone").check()
    page.get_by_label("Referrer's name").fill("Fictional Nursery Manager")
    page.get_by_label("What is the referrer worried about?").fill(
        "Tobi said Dad shouted and threw a cup; he had a small cut on his hand."
    )
    # The child is found by search; what was typed is kept meanwhile.
    page.get_by_role("button", name="Find a child").click()
    page.get_by_label("Name", exact=True).fill("Tobi Fictional-Okafor")
    page.get_by_role("main").get_by_role("button", name="Search").click()
    expect(page.get_by_text("Why this was suggested").first).to_be_visible()
    page.get_by_role("button", name="Add to this contact Tobi Fictional-Okafor").click()
    expect(page.get_by_label("Referrer's name")).to_have_value("Fictional Nursery Manager")
    page.get_by_role("radio", name="The family agreed to the referral").check()
    page.get_by_role("button", name="Save contact").click()
    # The contact page: the child, with a link to their record and their earlier involvement.
    expect(
        page.get_by_role("link", name="Open the record of Tobi Fictional-Okafor")
    ).to_be_visible()

    expect(page.get_by_text("Decision due")).to_be_visible()
    page.get_by_role("radio", name="Child and family assessment").check()
    page.get_by_label("Why was this decision made?").fill("Needs a full assessment")
    page.get_by_label("Who made the referral?").select_option(label="Schools")
    page.get_by_role("button", name="Save decision").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Episode from")
    page.get_by_role("link", name="Start a child and family assessment").click()
    fill_date(page, "Start date", today)
    page.get_by_role("button", name="Start assessment").click()
    expect(page.get_by_text("Child and family assessment: due")).to_be_visible()

    page.get_by_role("link", name="Record a strategy discussion").click()
    fill_date(page, "Date of the strategy discussion", today)
    page.get_by_role("radio", name="Video call").check()
    page.get_by_label("Who took part?").fill("Fictional manager, fictional DC, fictional HV")
    page.get_by_role("radio", name="Yes: a section 47 enquiry, jointly with the police").check()
    page.get_by_role("button", name="Save strategy discussion").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("needs the police and health")
    expect(alert).to_contain_text("Also consider Amara Fictional-Okafor")
    page.get_by_label("The police took part").check()
    page.get_by_label("Health took part").check()
    page.get_by_role("checkbox", name="Amara Fictional-Okafor").check()
    page.get_by_role("button", name="Save strategy discussion").click()
    expect(page.get_by_text("Initial child protection conference: due")).to_be_visible()
    episode = Episode.objects.filter(child__first_name="Tobi").order_by("-pk").first()
    assert episode.enquiries.get().initial_conference_due > today


def test_a_social_worker_records_a_core_group_and_curates_the_chronology(page: Page, settings):
    settings.SAFETYMAP_DEMO_PASSWORD = DEMO_PASSWORD
    call_command("load_demo", "--quiet-sign-ins")
    today = timezone.localdate()
    sign_in(page, "social.worker@larkford.example", DEMO_PASSWORD)
    expect(
        page.get_by_role("heading", name="Due and overdue for you and your team")
    ).to_be_visible()

    page.goto("/children/")
    page.get_by_role("link", name="Zara Fictional-Hussain-Reid").click()
    page.get_by_role("link", name="Referred").first.click()
    expect(page.get_by_text("Review conference: due")).to_be_visible()
    page.get_by_role("link", name="Record a core group meeting").click()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter who attended")
    fill_date(page, "Date of the meeting", today)
    page.get_by_label("Who attended?").fill("Samira, Callum, Sam, school and health visitor")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The core group meeting has been recorded.")).to_be_visible()

    page.get_by_role("link", name="Back to Zara Fictional-Hussain-Reid").click()
    page.get_by_role("link", name="Chronology and case notes").click()
    expect(page.get_by_role("heading", name="Chronology")).to_be_visible()
    page.get_by_text("Filter by type and date").click()
    page.get_by_role("checkbox", name="Case notes").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_text("Child seen alone")).to_be_visible()
    page.get_by_role("link", name="Add to significant events").first.click()
    page.get_by_label("What was the impact on the child?").fill("Zara feels safer at home")
    page.get_by_role("radio", name="Medium").check()
    page.get_by_role("button", name="Save event").click()
    page.get_by_role("link", name="Show significant events only").click()
    expect(page.get_by_text("Zara feels safer at home")).to_be_visible()


def test_the_front_door_decides_a_waiting_contact(page: Page, settings):
    settings.SAFETYMAP_DEMO_PASSWORD = DEMO_PASSWORD
    call_command("load_demo", "--quiet-sign-ins")
    sign_in(page, "front.door@larkford.example", DEMO_PASSWORD)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Contacts").click()
    page.get_by_role("link", name="Kacper Fictional-Nowak").click()
    expect(page.get_by_text("has come to school hungry")).to_be_visible()
    page.get_by_role("radio", name="Refer to early help").check()
    page.get_by_label("Why was this decision made?").fill("Family help with food and money")
    page.get_by_role("button", name="Save decision").click()
    expect(page.get_by_text("The decision has been recorded.")).to_be_visible()
    expect(page.get_by_role("heading", name="Contacts waiting for a decision")).to_be_visible()
    expect(page.get_by_role("link", name="Kacper Fictional-Nowak")).to_have_count(0)
