"""In a real browser with JavaScript off, by keyboard: the front door records a contact about a
child nobody has recorded yet, whose date of birth it does not know, and comes back to the
contact with everything it typed. Every page is checked by axe (tests/browser/conftest.py)."""

from __future__ import annotations

from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from safetymap.people.models import Child
from tests.browser.helpers import sign_in
from tests.browser.test_pathway_journeys import DEMO_PASSWORD, fill_date


def test_the_front_door_records_a_new_child_from_the_contact_form_without_javascript(
    page_without_javascript: Page, settings
):
    page = page_without_javascript
    settings.SAFETYMAP_DEMO_PASSWORD = DEMO_PASSWORD
    call_command("load_demo", "--quiet-sign-ins")
    sign_in(page, "front.door@larkford.example", DEMO_PASSWORD)
    page.goto("/contacts/new/")
    fill_date(page, "Date the contact was received", timezone.localdate())
    page.get_by_role("radio", name="Phone").check()
    page.get_by_label("Referrer's name").fill("Fictional Police Officer")
    page.get_by_label("What is the referrer worried about?").fill(
        "A boy of about 15 found alone at the station late at night."
    )
    page.get_by_role("button", name="Record a new child").click()

    page.get_by_label("First name").fill("Dawit")
    page.get_by_label("Last name").fill("Fictional-Tesfaye")
    page.get_by_role("checkbox", name="I do not know the date of birth").check()
    page.get_by_label("Approximate age in years").fill("15")
    page.get_by_role("radio", name="Male", exact=True).check()
    page.get_by_label("Approximate age in years").press("Enter")  # by keyboard

    expect(page.get_by_text("has been recorded")).to_be_visible()
    expect(page.get_by_text("About 15 years old (date of birth not known)")).to_be_visible()
    expect(page.get_by_label("Referrer's name")).to_have_value("Fictional Police Officer")
    page.get_by_role("radio", name="The family agreed to the referral").check()
    page.get_by_label("Referrer's name").press("Enter")  # Enter saves the contact

    expect(page.get_by_text("The contact has been recorded.")).to_be_visible()
    expect(
        page.get_by_role("link", name="Open the record of Dawit Fictional-Tesfaye")
    ).to_be_visible()
    assert Child.objects.get(first_name="Dawit").date_of_birth_is_estimated
