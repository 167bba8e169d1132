"""In a real browser: a social worker records Tobi's Three Houses in his own words, adds his
drawing, puts a worry on the draft map, and opens Zara's Words and Pictures."""

from __future__ import annotations

import re

from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from safetymap.mapping.models import MapItem
from tests.browser.helpers import sign_in
from tests.browser.test_pathway_journeys import fill_date
from tests.factories import png_bytes

DEMO_PASSWORD = "Fictional-demo-password"


def test_three_houses_in_the_childs_words_with_a_drawing_and_onto_the_map(
    page: Page, settings, tmp_path
):
    settings.SAFETYMAP_DEMO_PASSWORD = DEMO_PASSWORD
    call_command("load_demo", "--quiet-sign-ins")
    drawing = tmp_path / "tobi-houses.png"
    drawing.write_bytes(png_bytes((60, 40), "green"))
    sign_in(page, "social.worker@larkford.example", DEMO_PASSWORD)
    page.goto("/children/")
    page.get_by_role("link", name="Tobi Fictional-Okafor").click()
    page.get_by_role("link", name="Tobi's voice: Three Houses, Safety House").click()
    page.get_by_role("link", name="Record Three Houses").click()

    fill_date(page, "When did you do this with the child?", timezone.localdate())
    page.get_by_role("radio", name="Yes, a parent or carer agreed").check()
    page.get_by_role("radio", name="Everyone who works with my family").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter at least one thing the child said")

    page.get_by_label("House of Worries (optional)", exact=True).fill(
        "Daddy shouting\nThe cup breaking"
    )
    page.get_by_label("House of Good Things (optional)", exact=True).fill("Nan's garden")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("In Tobs's own words.")).to_be_visible()  # the name he goes by
    expect(page.get_by_text("“Daddy shouting”")).to_be_visible()

    page.get_by_role("link", name="Add a drawing").click()
    page.get_by_label("Upload the drawing").set_input_files(str(drawing))
    page.get_by_label("What is it?").fill("Tobi's three houses")
    page.get_by_role("button", name="Upload drawing").click()
    expect(page.get_by_role("img", name="Tobi's three houses")).to_be_visible()

    page.get_by_role("button", name=re.compile("Add to the map.*The cup breaking")).click()
    expect(page.get_by_text("Added to the map, in the child's own words.")).to_be_visible()
    item = MapItem.objects.get(text="The cup breaking")
    assert item.source.startswith("Tobi, in their own words")


def test_zaras_words_and_pictures_and_who_she_agreed_can_see_them(page: Page, settings):
    settings.SAFETYMAP_DEMO_PASSWORD = DEMO_PASSWORD
    call_command("load_demo", "--quiet-sign-ins")
    sign_in(page, "social.worker@larkford.example", DEMO_PASSWORD)
    page.goto("/children/")
    page.get_by_role("link", name="Zara Fictional-Hussain-Reid").click()
    page.get_by_role("link", name="Zara's voice: Three Houses, Safety House").click()
    page.get_by_role("link", name="Zara's story: why Sam visits").click()
    expect(page.get_by_role("link", name="Download the booklet for Zara (PDF)")).to_be_visible()
    expect(page.get_by_text("This is Auntie Noor's house.")).to_be_visible()
    page.get_by_role("link", name="Back to Zara's voice").click()
    page.get_by_role("link", name="Safety House", exact=True).click()
    expect(page.get_by_text("My safety network too")).to_be_visible()
    expect(page.get_by_text("Not: Grandad")).to_be_visible()
