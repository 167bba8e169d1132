"""In a real browser: find a child, check whether they are known, record them, open the record."""

from __future__ import annotations

from django.core.management import call_command
from playwright.sync_api import Page, expect

from safetymap.people.models import Child
from tests.browser.helpers import sign_in

DEMO_PASSWORD = "Fictional-demo-password"


def test_a_social_worker_checks_for_a_known_child_then_records_a_new_one(page: Page, settings):
    settings.SAFETYMAP_DEMO_PASSWORD = DEMO_PASSWORD
    call_command("load_demo", "--quiet-sign-ins")
    sign_in(page, "social.worker@larkford.example", DEMO_PASSWORD)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Children").click()
    expect(page.get_by_role("link", name="Amara Fictional-Okafor")).to_be_visible()

    page.get_by_role("link", name="Record a child").click()
    page.get_by_label("First name").fill("Amarah")
    page.get_by_label("Last name").fill("Fictional Okafor")
    amara = Child.objects.get(first_name="Amara")
    born = amara.date_of_birth
    dob = page.get_by_role("group", name="Date of birth", exact=True)
    dob.get_by_label("Day").fill(str(born.day))
    dob.get_by_label("Month").fill(str(born.month))
    dob.get_by_label("Year").fill(str(born.year))
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Is this child already known?")).to_be_visible()
    expect(page.get_by_role("link", name="Amara Fictional-Okafor")).to_be_visible()
    expect(page.get_by_text("Why this was suggested")).to_be_visible()
    page.get_by_role("button", name="Record a new child").click()
    expect(page.get_by_text("Amarah Fictional Okafor has been recorded")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Amarah Fictional Okafor")


def test_opening_a_family_record_shows_the_family_and_allocation(page: Page, settings):
    settings.SAFETYMAP_DEMO_PASSWORD = DEMO_PASSWORD
    call_command("load_demo", "--quiet-sign-ins")
    sign_in(page, "team.manager@larkford.example", DEMO_PASSWORD)
    page.goto("/children/")
    page.get_by_role("link", name="Zara Fictional-Hussain-Reid").click()
    expect(page.get_by_role("heading", name="Family and network")).to_be_visible()
    expect(page.get_by_text("Samira Fictional-Hussain")).to_be_visible()
    expect(page.get_by_text("Sam Social-Worker, Assessment team").first).to_be_visible()


def test_the_front_door_opens_an_unallocated_child_only_with_a_reason(page: Page, settings):
    settings.SAFETYMAP_DEMO_PASSWORD = DEMO_PASSWORD
    call_command("load_demo", "--quiet-sign-ins")
    Child.objects.create(
        la_child_id="LRK9999999",
        first_name="Nadia",
        last_name="Fictional-Petrova",
        date_of_birth="2015-02-03",
    )
    from safetymap.people.services import store_search_keys

    store_search_keys(Child.objects.get(la_child_id="LRK9999999"))
    sign_in(page, "front.door@larkford.example", DEMO_PASSWORD)
    page.goto("/")  # the search is in the header of every staff page
    header_search = page.get_by_role("search", name="Search")
    header_search.get_by_label("Find a child").fill("Nadia Petrova")
    header_search.get_by_role("button", name="Search").click()
    page.get_by_role(
        "link", name="Open as a front door enquiry for Nadia Fictional-Petrova"
    ).click()
    page.get_by_role("button", name="Open the record").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter why you need to open this child")
    page.get_by_label("Why do you need to open this child's record?").fill("Call from the school")
    page.get_by_role("button", name="Open the record").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nadia Fictional-Petrova")
