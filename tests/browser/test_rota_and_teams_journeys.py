"""In a real browser: a system administrator sets up a team with its service manager; a team
manager puts a social worker on tonight's out-of-hours duty, and that worker, on shift, finds a
child they do not work with and opens the record for a reason."""

from __future__ import annotations

import datetime

from django.utils import timezone
from playwright.sync_api import Page, expect

from safetymap.access.models import DutyShift
from safetymap.accounts.models import Team
from safetymap.accounts.roles import Role
from safetymap.people.services import store_search_keys
from tests.browser.helpers import choose_person, sign_in
from tests.browser.test_pathway_journeys import fill_date
from tests.factories import ChildFactory, OrganisationFactory, UserFactory


def test_a_team_with_its_service_manager(page: Page):
    admin = UserFactory(roles=[Role.SYSTEM_ADMINISTRATOR])
    OrganisationFactory(name="Fictional Children's Services")
    UserFactory(roles=[Role.TEAM_MANAGER], full_name="Tess Fictional-Manager")
    UserFactory(roles=[Role.SERVICE_MANAGER], full_name="Sam Fictional-Head")
    UserFactory(roles=[Role.SOCIAL_WORKER], full_name="Wes Fictional-Worker")
    sign_in(page, admin.email)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Teams").click()
    page.get_by_role("link", name="Add a team").click()
    page.get_by_role("button", name="Save team").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the team's name")
    page.get_by_label("Organisation").select_option(label="Fictional Children's Services")
    page.get_by_label("Team name").fill("Fictional Safeguarding Team")
    choose_person(page, "Team manager (optional)", "Tess Fictional-Manager")
    choose_person(page, "Service manager over the team (optional)", "Sam Fictional-Head")
    page.get_by_role("checkbox", name="Wes Fictional-Worker").check()
    page.get_by_role("button", name="Save team").click()
    expect(page.get_by_text("Fictional Safeguarding Team has been saved.")).to_be_visible()
    teams = page.get_by_role("table", name="Teams")
    expect(teams).to_contain_text("Sam Fictional-Head")
    assert Team.objects.get().service_manager.full_name == "Sam Fictional-Head"


def test_out_of_hours_duty_from_the_rota_to_opening_a_record(page: Page):
    manager = UserFactory(roles=[Role.TEAM_MANAGER])
    worker = UserFactory(roles=[Role.SOCIAL_WORKER], full_name="Dee Fictional-Duty")
    child = ChildFactory(first_name="Nia", last_name="Fictional-Night")
    store_search_keys(child)
    sign_in(page, manager.email)
    page.get_by_role("navigation", name="Menu").get_by_role(
        "link", name="Out-of-hours duty"
    ).click()
    expect(page.get_by_text("Nobody is on out-of-hours duty now.")).to_be_visible()
    page.get_by_role("link", name="Put someone on out-of-hours duty").click()
    now = timezone.localtime()
    ends = now + datetime.timedelta(hours=8)
    choose_person(page, "Who is on duty?", "Dee Fictional-Duty")
    fill_date(page, "Date the shift starts", now.date())
    page.get_by_label("Time it starts").fill("nine")
    fill_date(page, "Date the shift ends", ends.date())
    page.get_by_label("Time it ends").fill(ends.strftime("%H:%M"))
    page.get_by_role("button", name="Add to the rota").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the time the shift starts like 17:00")
    page.get_by_label("Time it starts").fill(now.strftime("%H:%M"))
    page.get_by_role("button", name="Add to the rota").click()
    expect(page.get_by_text("The shift is on the rota.")).to_be_visible()
    expect(page.get_by_role("table", name="On duty now")).to_contain_text("Dee Fictional-Duty")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, worker.email)
    expect(page.get_by_text("You are on out-of-hours duty until")).to_be_visible()
    page.get_by_role("link", name="search every child's record").click()
    page.get_by_label("Search for a child").fill("Nia Fictional-Night")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Open as a front door enquiry for Nia Fictional-Night").click()
    page.get_by_label("Why do you need to open this child's record?").fill("Police called at 2am")
    page.get_by_role("button", name="Open the record").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nia Fictional-Night")
    assert DutyShift.objects.get().worker == worker
    assert child.access_grants.get().basis == "OUT_OF_HOURS"
