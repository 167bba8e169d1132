"""In a real browser: a social worker builds a map with the family, scales it and makes it final."""

from __future__ import annotations

from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from safetymap.mapping.models import MapItem, SoSMap
from tests.browser.helpers import sign_in
from tests.browser.test_pathway_journeys import fill_date

DEMO_PASSWORD = "Fictional-demo-password"


def test_a_map_from_first_danger_statement_to_final(page: Page, settings):
    settings.SAFETYMAP_DEMO_PASSWORD = DEMO_PASSWORD
    call_command("load_demo", "--quiet-sign-ins")
    # Start Tobi's map afresh: remove the demo's draft (drafts are not locked).
    MapItem.objects.filter(map__episode__child__first_name="Tobi").delete()
    SoSMap.objects.filter(episode__child__first_name="Tobi").delete()
    sign_in(page, "social.worker@larkford.example", DEMO_PASSWORD)
    page.goto("/children/")
    page.get_by_role("link", name="Tobi Fictional-Okafor").click()
    page.get_by_role("link", name="Referred").first.click()
    page.get_by_role("link", name="Start a Signs of Safety map").click()
    page.get_by_role("radio", name="Assessment").check()
    fill_date(page, "Date of the meeting", timezone.localdate())
    page.get_by_role("button", name="Start map").click()

    page.get_by_role("link", name="Write a danger statement").click()
    page.get_by_label("Who is worried?").fill("Children's social care and the nursery")
    page.get_by_label("What happened that worries them?").fill(
        "Tobi said Dad shouted and threw a cup at home; Tobi had a small cut on his hand"
    )
    page.get_by_label("What are they worried will happen to the child if nothing changes?").fill(
        "Tobi could be badly hurt and be frightened at home"
    )
    page.get_by_role("radio", name="The family partly agrees").check()
    page.get_by_role("button", name="Save danger statement").click()
    expect(page.get_by_role("alert")).to_contain_text("what the family disagrees with")
    page.get_by_label("What does the family disagree with? (optional)").fill(
        "Dad says the cup slipped"
    )
    page.get_by_role("button", name="Save danger statement").click()

    page.get_by_role("link", name="Write the safety goal for danger statement 1").click()
    page.get_by_label("What will be happening?").fill("Mum and Dad stay calm when they disagree")
    page.get_by_label("For how long?").fill("3 months")
    page.get_by_role("button", name="Save safety goal").click()

    page.get_by_role("link", name="Add to the map").click()
    page.get_by_role("radio", name="Existing safety").check()
    page.get_by_label("What is it?").fill("Mum took Tobi to Nan's straight away")
    page.get_by_label("Which danger statement is this safety about?").select_option(
        label="Danger statement 1"
    )
    page.get_by_role("button", name="Add").click()

    page.get_by_role("link", name="Add a rating").click()
    page.get_by_role("radio", name="Family").check()
    page.get_by_label("Their name or role").fill("Grace (Mum)")
    page.get_by_role("radio", name="6", exact=True).check()
    page.get_by_label("Why did they choose this number?").fill("Dad has moved out for now")
    page.get_by_role("button", name="Save rating").click()
    expect(page.get_by_text("6", exact=True).first).to_be_visible()

    page.get_by_role("button", name="Make the map final").click()
    expect(page.get_by_text("The map is final. It can no longer be changed.")).to_be_visible()
    expect(page.get_by_role("link", name="Add to the map")).to_have_count(0)
    page.get_by_role("link", name="Family version (plain, printable)").click()
    expect(page.get_by_text("Dad says the cup slipped")).to_be_visible()


def test_the_case_page_trajectory_and_what_changed_between_versions(page: Page, settings):
    settings.SAFETYMAP_DEMO_PASSWORD = DEMO_PASSWORD
    call_command("load_demo", "--quiet-sign-ins")
    sign_in(page, "social.worker@larkford.example", DEMO_PASSWORD)
    page.goto("/children/")
    page.get_by_role("link", name="Zara Fictional-Hussain-Reid").click()
    page.get_by_role("link", name="Referred").first.click()
    expect(
        page.get_by_role("heading", name="How safe people think things are, over time")
    ).to_be_visible()
    expect(page.get_by_role("img", name="Overall safety scale over time")).to_be_visible()
    page.get_by_role("link", name="Review child protection conference map").last.click()
    page.get_by_role("link", name="What changed since version 2").click()
    expect(page.get_by_role("heading", name="How each person's scaling moved")).to_be_visible()
    page.go_back()
    page.get_by_role("link", name="Back to the episode").click()
    page.get_by_role("link", name="Back to Zara Fictional-Hussain-Reid").click()
    page.get_by_role("link", name="Chronology and case notes").click()
    expect(
        page.get_by_role("link", name="Review child protection conference map (version 3")
    ).to_be_visible()
