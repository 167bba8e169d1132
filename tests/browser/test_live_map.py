"""Two people edit the same map at once: each sees the other's additions within 2 seconds, and a
simultaneous change to one item is shown as a conflict, never silently overwritten."""

from __future__ import annotations

from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect

from safetymap.mapping.models import MapItem, SoSMap
from tests.browser.helpers import sign_in

DEMO_PASSWORD = "Fictional-demo-password"


def add_item(page: Page, map_url: str, text: str) -> None:
    page.goto(map_url)
    page.get_by_role("link", name="Add to the map").click()
    page.get_by_role("radio", name="Grey area").check()
    page.get_by_label("What is it?").fill(text)
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_text("Added to the map.")).to_be_visible()


def test_two_people_edit_one_map_at_once(page: Page, browser: Browser, site, settings):
    settings.SAFETYMAP_DEMO_PASSWORD = DEMO_PASSWORD
    call_command("load_demo", "--quiet-sign-ins")
    sos_map = SoSMap.objects.get(episode__child__first_name="Amara")
    map_url = f"/maps/{sos_map.pk}/"
    other_context = browser.new_context(base_url=site.url)
    try:
        chair = other_context.new_page()
        sign_in(page, "social.worker@larkford.example", DEMO_PASSWORD)
        sign_in(chair, "team.manager@larkford.example", DEMO_PASSWORD)
        chair.goto(map_url)

        add_item(page, map_url, "Who collects Amara from school on Fridays?")
        expect(chair.get_by_text("Who collects Amara from school on Fridays?")).to_be_visible(
            timeout=2000
        )
        chair.goto(map_url)  # the chair starts from a fresh page, then adds in turn
        add_item(chair, map_url, "Nan says she could collect Amara on Fridays")
        expect(page.get_by_text("Nan says she could collect Amara on Fridays")).to_be_visible(
            timeout=2000
        )

        # Both open the same item, then both save: the second save must not overwrite the first.
        item = MapItem.objects.get(text="Who collects Amara from school on Fridays?")
        for editor in (page, chair):
            editor.goto(map_url)
            editor.locator(f'a[href="/maps/{sos_map.pk}/items/{item.pk}/"]').click()
        page.get_by_label("What is it?").fill("Who collects Amara on Fridays? Mum is not sure")
        page.get_by_role("button", name="Save change").click()
        expect(page.get_by_text("The change has been saved.")).to_be_visible()
        chair.get_by_label("What is it?").fill("Who collects Amara on Fridays? Dad used to")
        chair.get_by_role("button", name="Save change").click()
        alert = chair.get_by_role("alert")
        expect(alert).to_contain_text("saved a change to this after you opened it")
        expect(chair.get_by_text("Who collects Amara on Fridays? Mum is not sure")).to_be_visible()
        expect(chair.get_by_label("What is it?")).to_have_value(
            "Who collects Amara on Fridays? Dad used to"
        )

        # Danger statements reach the other person live too, as the columns do.
        page.goto(map_url)
        chair.goto(map_url)
        chair.get_by_role("link", name="Write a danger statement").click()
        chair.get_by_label("Who is worried?").fill("The nursery")
        chair.get_by_label("What happened that worries them?").fill(
            "Amara came to nursery with a cut on her hand after Dad threw a cup"
        )
        chair.get_by_label("What are they worried will happen to the child if nothing").fill(
            "Amara could be hurt again"
        )
        chair.get_by_role("radio", name="The family agrees").check()
        chair.get_by_role("button", name="Save").click()
        expect(
            page.get_by_text("Amara came to nursery with a cut on her hand", exact=False)
        ).to_be_visible(timeout=2000)
    finally:
        other_context.close()
