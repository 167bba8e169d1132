"""In a real browser, by keyboard-friendly links and buttons only: a social worker adds someone
to Zara's safety network, records a check that finds a rule broken (the network is asked to
meet again, the plan goes under review and never "fails"), records the network meeting, carries
on with the plan, and looks at safety over time and the family diagrams."""

from __future__ import annotations

from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.helpers import sign_in
from tests.browser.test_pathway_journeys import fill_date

DEMO_PASSWORD = "Fictional-demo-password"


def test_a_broken_rule_reconvenes_the_network_and_the_plan_carries_on(page: Page, settings):
    settings.SAFETYMAP_DEMO_PASSWORD = DEMO_PASSWORD
    call_command("load_demo", "--quiet-sign-ins")
    today = timezone.localdate()
    sign_in(page, "social.worker@larkford.example", DEMO_PASSWORD)
    page.goto("/children/")
    page.get_by_role("link", name="Zara Fictional-Hussain-Reid").click()
    page.get_by_role("link", name="Safety network for the episode").click()
    expect(page.get_by_role("heading", name="Safety network and safety plan")).to_be_visible()

    page.get_by_role("link", name="Add someone to the safety network").click()
    page.get_by_label("First name of someone new (optional)").fill("Ruth")
    page.get_by_label("Last name of someone new (optional)").fill("Fictional-Neighbour")
    page.get_by_label("How is someone new related to the child? (optional)").select_option(
        label="Neighbour"
    )
    page.get_by_label("How do they know the family?").fill("Next-door neighbour")
    fill_date(page, "When were they told about the worries? (optional)", today)
    page.get_by_role("radio", name="At a network meeting").check()
    page.get_by_role("radio", name="Prospective").check()
    page.get_by_role("button", name="Add to the network").click()
    expect(page.get_by_role("link", name="Ruth Fictional-Neighbour")).to_be_visible()

    page.get_by_role("link", name="Full safety plan, version 1").click()
    page.get_by_role("link", name="Record a monitoring check").click()
    fill_date(page, "Date of the check", today)
    page.get_by_label("Who checked?").fill("Noor and Sam Social-Worker")
    page.get_by_role("group", name="Rule 1:").get_by_role("radio", name="Broken").check()
    page.get_by_role("group", name="Rule 2:").get_by_role("radio", name="Kept", exact=True).check()
    page.get_by_role("group", name="Rule 3:").get_by_role("radio", name="Kept", exact=True).check()
    page.get_by_role("button", name="Save check").click()

    banner = page.get_by_role("region", name="Reconvene the safety network")
    expect(banner).to_contain_text("Rule 1 was broken")
    expect(banner).to_contain_text("The plan has not failed")
    expect(page.get_by_text("Under review", exact=True)).to_be_visible()
    page.goto("/")
    expect(page.get_by_role("link", name="Reconvene the safety network")).to_be_visible()
    page.get_by_role("link", name="Reconvene the safety network").click()

    page.get_by_role("link", name="Record the network meeting").click()
    fill_date(page, "Date of the meeting", today)
    page.get_by_label("What was talked about and agreed? (optional)").fill(
        "Callum agreed to leave as soon as he feels cross; Jamie will ring him that evening."
    )
    page.get_by_role("group", name="Did Noor Fictional-Hussain come?").get_by_role(
        "radio", name="Present"
    ).check()
    page.get_by_role("button", name="Save meeting").click()
    page.get_by_role("link", name="Full safety plan, version 1").click()
    expect(page.get_by_role("region", name="Reconvene the safety network")).to_have_count(0)
    page.get_by_role("button", name="Carry on with the plan as it is").click()
    expect(page.get_by_text("The plan is now: active.")).to_be_visible()

    page.get_by_role("link", name="Safety shown over time").click()
    expect(page.get_by_role("img", name="Rules kept at each check")).to_be_visible()
    expect(page.get_by_role("table", name="Rules kept at each check")).to_contain_text("Broken")
    page.get_by_role("link", name="Back to the plan").click()
    page.get_by_role("link", name="Back to the safety network").click()
    page.get_by_role("link", name="Ecomap of Zara's world").click()
    expect(
        page.get_by_role("img", name="Ecomap of Zara Fictional-Hussain-Reid's world")
    ).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("Ruth Fictional-Neighbour")
    page.get_by_role("link", name="See the genogram").click()
    expect(page.get_by_role("table")).to_contain_text("Samira Fictional-Hussain")


def test_a_plan_is_written_informed_agreed_and_started(page: Page, settings):
    settings.SAFETYMAP_DEMO_PASSWORD = DEMO_PASSWORD
    call_command("load_demo", "--quiet-sign-ins")
    today = timezone.localdate()
    sign_in(page, "social.worker@larkford.example", DEMO_PASSWORD)
    page.goto("/children/")
    page.get_by_role("link", name="Musa Fictional-Hussain-Reid").click()
    page.get_by_role("link", name="Safety network for the episode").click()

    page.get_by_role("link", name="Add someone to the safety network").click()
    page.get_by_role("radio", name="Noor Fictional-Hussain").check()
    page.get_by_label("How do they know the family?").fill("Samira's sister")
    page.get_by_role("radio", name="Active").check()
    page.get_by_role("button", name="Add to the network").click()

    page.get_by_role("link", name="Start a safety plan").click()
    page.get_by_role("radio", name="Immediate (for the next hours or days)").check()
    page.get_by_role("button", name="Start plan").click()
    expect(page.get_by_role("heading", name="Immediate safety plan, version 1")).to_be_visible()

    page.get_by_role("link", name="Add a rule").click()
    page.get_by_label("The rule, in the family's words").fill(
        "Musa sleeps at Noor's on Friday nights while Dad is at home"
    )
    page.get_by_role("group", name="Which danger statement is this rule about?").get_by_role(
        "checkbox"
    ).first.check()
    page.get_by_role("group", name="Who in the safety network is responsible?").get_by_role(
        "checkbox", name="Noor Fictional-Hussain"
    ).check()
    page.get_by_label("Anyone else who checks (optional)").fill("Sam Social-Worker")
    page.get_by_label("What happens if the rule is broken?").fill("Samira rings the social worker")
    page.get_by_role("button", name="Add rule").click()

    page.get_by_role("link", name="Add a bottom line").click()
    page.get_by_label("The bottom line").fill("Musa is never left alone with Callum overnight")
    page.get_by_role("button", name="Add bottom line").click()
    page.get_by_role("link", name="Change whether").click()
    page.get_by_label("The plan addresses this bottom line").check()
    page.get_by_label("How does the plan address it? (optional)").fill("Rule 1")
    page.get_by_role("button", name="Save").click()

    page.get_by_role("link", name="Add a red flag").click()
    page.get_by_label("The sign to watch for").fill("Musa says he is tired on a Saturday")
    page.get_by_label("Anyone else who watches (optional)").fill("Samira")
    page.get_by_label("What will they do if they see it?").fill("Ring Noor")
    page.get_by_role("button", name="Add red flag").click()

    page.get_by_role("link", name="Add a step to the trajectory").click()
    page.get_by_label("The step").fill("Network meeting to agree the full plan")
    fill_date(page, "When should it be reached?", today)
    page.get_by_label("What needs to be true to move on to the next step?").fill("A full plan")
    page.get_by_role("button", name="Add step").click()

    page.get_by_role("button", name="The safety network has been informed").click()
    expect(page.get_by_text("Noor Fictional-Hussain has a part in this plan")).to_be_visible()
    page.get_by_role("link", name="Back to the safety network").click()
    page.get_by_role("link", name="Noor Fictional-Hussain").click()
    fill_date(page, "When were they told about the worries? (optional)", today)
    page.get_by_role("radio", name="Shown the danger statements and safety goals").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Immediate safety plan, version 1").click()

    page.get_by_role("link", name="Record who agreed the plan").click()
    page.get_by_label("Who agreed?").fill("Samira")
    page.get_by_label("Their part").fill("Mum")
    fill_date(page, "When did they agree?", today)
    page.get_by_role("radio", name="Signed").check()
    page.get_by_role("button", name="Save agreement").click()

    page.get_by_role("button", name="The safety network has been informed").click()
    page.get_by_role("button", name="Mark the plan as agreed").click()
    page.get_by_role("button", name="Start using the plan").click()
    expect(page.get_by_text("The plan is now: active.")).to_be_visible()
    expect(page.get_by_text("0 of 1 step done.")).to_be_visible()
