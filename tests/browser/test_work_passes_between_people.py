"""Issue 13's journey in a real browser: work passes from one person to the next, each reaching
their step from their own home page (My work) and never by typing an address; axe checks every
page on the way (tests/browser/conftest.py)."""

from __future__ import annotations

import datetime
import re

from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from safetymap.accounts.models import Team
from safetymap.cases.models import Assessment, Episode
from tests.browser.helpers import choose_person, sign_in

DEMO_PASSWORD = "Fictional-demo-password"
FRONT_DOOR = "front.door@larkford.example"
TEAM_MANAGER = "team.manager@larkford.example"
SOCIAL_WORKER = "social.worker@larkford.example"


def fill_date(page: Page, legend: str, day: datetime.date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def home_section(page: Page, heading: str):
    return page.locator("section").filter(has=page.get_by_role("heading", name=heading))


def test_a_contact_passes_from_the_front_door_to_a_manager_and_a_worker_and_back(
    page: Page, settings
):
    settings.SAFETYMAP_DEMO_PASSWORD = DEMO_PASSWORD
    call_command("load_demo", "--quiet-sign-ins")
    today = timezone.localdate()

    # The front door: the contact waits on their home page; they decide it for the team.
    sign_in(page, FRONT_DOOR, DEMO_PASSWORD)
    contacts = home_section(page, "Contacts waiting for a decision")
    contacts.get_by_role(
        "link", name=re.compile(r"Decide on the contact\W+Kacper Fictional-Nowak")
    ).click()
    page.get_by_role("radio", name="Child and family assessment").check()
    page.get_by_label("Why was this decision made?").fill("Hungry at school again: assess")
    page.get_by_label("Who made the referral?").select_option(label="Schools")
    # The team that takes new referrals is offered first.
    assessment_team = Team.objects.get(name="Assessment team")
    expect(page.get_by_label("Which team takes it on?")).to_have_value(str(assessment_team.pk))
    page.get_by_role("button", name="Save decision").click()
    expect(page.get_by_text("waiting in Assessment team's queue")).to_be_visible()
    sign_out(page)

    # The team manager: the new episode is in the queue; the picker lists only practitioners
    # (the select the autocomplete enhances, hidden but still what the form posts).
    sign_in(page, TEAM_MANAGER, DEMO_PASSWORD)
    queue = home_section(page, "Waiting to be allocated")
    queue.get_by_role("link", name=re.compile(r"Allocate\W+Kacper Fictional-Nowak")).click()
    options = page.locator("select[name=worker] option").all_inner_texts()
    assert not any(
        name in " ".join(options)
        for name in ("School-DSL", "Police-Officer", "Privacy-Officer", "System-Admin")
    ), options
    choose_person(page, "Worker", "Sam Social-Worker", typed="soc")
    page.get_by_role("button", name="Allocate").click()
    expect(page.get_by_text("The episode has been allocated.")).to_be_visible()
    sign_out(page)

    # The social worker: the new child is theirs; they start and complete the assessment.
    episode = Episode.objects.filter(child__first_name="Kacper").order_by("-pk").first()
    sign_in(page, SOCIAL_WORKER, DEMO_PASSWORD)
    mine = home_section(page, "Children allocated to you")
    mine.get_by_role("link", name="Kacper Fictional-Nowak").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        f"Episode from {episode.referral_date:%-d %B %Y}"
    )
    page.get_by_role("link", name="Start a child and family assessment").click()
    fill_date(page, "Start date", today)
    page.get_by_role("button", name="Start assessment").click()
    page.get_by_role("link", name="Complete the assessment").click()
    fill_date(page, "Date completed", today)
    page.get_by_role("radio", name="Child in need plan").check()
    page.get_by_label("Analysis").fill("Mum has lost her job; food and money help needed.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("waiting for a manager to authorise")).to_be_visible()
    sign_out(page)

    # The manager returns it with a reason.
    sign_in(page, TEAM_MANAGER, DEMO_PASSWORD)
    waiting = home_section(page, "Waiting for your authorisation")
    waiting.get_by_role(
        "link", name=re.compile(r"Authorise: the assessment's outcome\W+Kacper")
    ).click()
    page.get_by_role("radio", name="Return it to the worker").check()
    page.get_by_role("button", name="Save your decision").click()
    expect(page.get_by_role("alert")).to_contain_text("Say what needs to change")
    page.get_by_role("radio", name="Return it to the worker").check()
    page.get_by_label("Your reasons").fill("Say what Kacper himself told you about home")
    page.get_by_role("button", name="Save your decision").click()
    expect(page.get_by_text("Returned to Sam Social-Worker")).to_be_visible()
    sign_out(page)

    # The worker sees why, mends it and sends it again; the manager authorises it.
    sign_in(page, SOCIAL_WORKER, DEMO_PASSWORD)
    returned = home_section(page, "Returned to you")
    expect(returned).to_contain_text("Say what Kacper himself told you about home")
    returned.get_by_role("link", name=re.compile(r"Returned: the assessment's outcome")).click()
    page.get_by_role("link", name="Complete the assessment").click()
    expect(page.get_by_text("Say what Kacper himself told you about home")).to_be_visible()
    analysis = page.get_by_label("Analysis")
    expect(analysis).to_have_value("Mum has lost her job; food and money help needed.")
    analysis.fill(
        "Mum has lost her job; food and money help needed. Kacper told me: "
        "'there is only cereal at home'."
    )
    fill_date(page, "Date completed", today)
    page.get_by_role("button", name="Save").click()
    sign_out(page)

    sign_in(page, TEAM_MANAGER, DEMO_PASSWORD)
    waiting = home_section(page, "Waiting for your authorisation")
    waiting.get_by_role(
        "link", name=re.compile(r"Authorise: the assessment's outcome\W+Kacper")
    ).click()
    expect(page.get_by_text("only cereal at home")).to_be_visible()
    page.get_by_role("radio", name="Authorise it").check()
    page.get_by_role("button", name="Save your decision").click()
    expect(page.get_by_text("Authorised: the assessment's outcome.")).to_be_visible()
    assessment = Assessment.objects.filter(episode=episode).get()
    assert assessment.authorised_on == today
