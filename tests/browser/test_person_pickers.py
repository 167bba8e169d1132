"""People pickers for a large council in a real browser (safetymap/core/pickers.py): with
JavaScript, the worker picker is GOV.UK's accessible autocomplete, used by keyboard; without
it, the plain "Search by name" box narrows the select on the server. Both allocate."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from safetymap.accounts.roles import Role
from safetymap.cases import services
from safetymap.cases.codes import ContactDecision, ReferralSource
from safetymap.cases.models import Allocation
from safetymap.core import pickers
from tests.browser.helpers import choose_person, sign_in
from tests.factories import ChildFactory, ContactFactory, TeamFactory, UserFactory, manager_of


def waiting_for_allocation():
    """A referral in a team's queue, a manager to allocate it, and practitioners to choose."""
    member = UserFactory(roles=[Role.SOCIAL_WORKER], full_name="Tam Fictional-Member")
    team = TeamFactory(members=[member], name="Fictional Assessment Team")
    manager = manager_of(team)
    for name in ("Sam Fictional-Able", "Samira Fictional-Baker", "Sammy Fictional-Cole"):
        UserFactory(roles=[Role.SOCIAL_WORKER], full_name=name)
    UserFactory(roles=[Role.PARTNER_PRACTITIONER], full_name="Sammi Fictional-Partner")
    (episode,) = services.decide_contact(
        by=UserFactory(roles=[Role.FRONT_DOOR_PRACTITIONER]),
        contact=ContactFactory(children=[ChildFactory()]),
        decision=ContactDecision.ASSESSMENT,
        rationale="Needs an assessment",
        referral_source=ReferralSource.SCHOOLS,
        team=team,
    )
    return episode, manager


def test_the_worker_is_found_by_typing_part_of_a_name_and_chosen_by_keyboard(page: Page):
    episode, manager = waiting_for_allocation()
    sign_in(page, manager.email)
    page.goto(f"/episodes/{episode.pk}/allocate/")
    picker = page.get_by_role("combobox", name="Worker", exact=True)
    expect(picker).to_be_visible()
    expect(page.locator("select[name=worker]")).to_be_hidden()  # still there, for the post
    picker.press_sequentially("sam")
    suggestions = page.locator("#id_worker__listbox").get_by_role("option")
    expect(suggestions).to_have_count(3)  # never the partner practitioner
    expect(suggestions).not_to_contain_text(["Sammi Fictional-Partner"])
    choose_person(page, "Worker", "Samira Fictional-Baker", typed="sam")
    page.get_by_role("button", name="Allocate").click()
    expect(page.get_by_text("The episode has been allocated.")).to_be_visible()
    allocation = Allocation.objects.get(episode=episode)
    assert allocation.worker.full_name == "Samira Fictional-Baker"


def test_someone_the_list_leaves_out_is_found_with_the_search_box_then_the_autocomplete(
    page: Page, monkeypatch
):
    monkeypatch.setattr(pickers, "SHOWN_WITHOUT_SEARCH", 1)
    episode, manager = waiting_for_allocation()
    sign_in(page, manager.email)
    page.goto(f"/episodes/{episode.pk}/allocate/")
    expect(page.get_by_text(re.compile(r"Showing 2 of \d+: search to find others"))).to_be_visible()
    page.get_by_role("combobox", name="Worker", exact=True).press_sequentially("Cole")
    expect(page.get_by_text("Nobody listed matches: search by name above")).to_be_visible()
    page.get_by_label("Search by name").fill("cole")
    page.get_by_role("main").get_by_role("button", name="Search").click()
    expect(page.get_by_text("1 person matches “cole”")).to_be_visible()
    choose_person(page, "Worker", "Sammy Fictional-Cole", typed="Cole")
    page.get_by_role("button", name="Allocate").click()
    expect(page.get_by_text("The episode has been allocated.")).to_be_visible()
    assert Allocation.objects.get(episode=episode).worker.full_name == "Sammy Fictional-Cole"


def test_without_javascript_the_search_box_narrows_the_select_and_the_worker_is_allocated(
    page_without_javascript: Page, monkeypatch
):
    page = page_without_javascript
    monkeypatch.setattr(pickers, "SHOWN_WITHOUT_SEARCH", 1)
    episode, manager = waiting_for_allocation()
    sign_in(page, manager.email)
    page.goto(f"/episodes/{episode.pk}/allocate/")
    worker = page.get_by_label("Worker", exact=True)
    expect(worker).to_be_visible()  # a plain select: nothing enhanced it
    expect(page.get_by_text(re.compile(r"Showing 2 of \d+: search to find others"))).to_be_visible()
    listed = worker.locator("option").all_inner_texts()
    assert listed[1].startswith("Tam Fictional-Member")  # the team's own, first
    assert not any("Cole" in name for name in listed)
    page.get_by_label("Search by name").fill("Fictional-Cole")
    page.get_by_role("main").get_by_role("button", name="Search").click()
    expect(page.get_by_text("1 person matches “Fictional-Cole”")).to_be_visible()
    assert "q=Fictional-Cole" in page.url
    worker.select_option(label="Sammy Fictional-Cole")
    page.get_by_role("button", name="Allocate").click()
    expect(page.get_by_text("The episode has been allocated.")).to_be_visible()
    assert Allocation.objects.get(episode=episode).worker.full_name == "Sammy Fictional-Cole"
