"""Issue 13's journey in a real browser: a new child's work passes from one person to the next,
each reaching their step from their own home page (My work) and never by typing an address; axe
checks every page on the way (tests/browser/conftest.py).

The front door decides the contact; the team manager allocates it from the queue; the social
worker completes the assessment, which the manager returns with a reason and then authorises;
the worker records a strategy discussion and the section 47 enquiry's outcome, and asks for the
initial conference; the chair holds it and records Kacper's views and his plan; the worker
records the first core group; at the review conference the chair ends the plan, stepping down
to a child in need plan whose first review is then due on the worker's My work; the worker asks
to close the episode and the manager authorises it. Every date is today: each conference is
dated today when it is scheduled, and held the same day.
"""

from __future__ import annotations

import datetime
import re

from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from safetymap.accounts.models import Team
from safetymap.cases.models import Assessment, ChildInNeedPlan, ChildProtectionPlan, Episode
from safetymap.cases.pathway import next_cin_review_due
from tests.browser.helpers import choose_person, sign_in

DEMO_PASSWORD = "Fictional-demo-password"
FRONT_DOOR = "front.door@larkford.example"
TEAM_MANAGER = "team.manager@larkford.example"
SOCIAL_WORKER = "social.worker@larkford.example"
CHAIR = "conference.chair@larkford.example"
SCHOOL = "school.dsl@larkford.example"


def fill_date(page: Page, legend: str, day: datetime.date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def home_section(page: Page, heading: str):
    return page.locator("section").filter(has=page.get_by_role("heading", name=heading))


def open_kacpers_episode(page: Page) -> None:
    """The social worker, from their home page, to Kacper's episode."""
    sign_in(page, SOCIAL_WORKER, DEMO_PASSWORD)
    home_section(page, "Children allocated to you").get_by_role(
        "link", name="Kacper Fictional-Nowak"
    ).click()


def schedule_and_invite(page: Page, day: datetime.date) -> None:
    """On a requested conference's page: a date, the independent chair, and the school."""
    page.get_by_role("link", name="Give the conference a date and a chair").click()
    fill_date(page, "Date of the conference", day)
    choose_person(page, "Conference chair", "Chidi Conference-Chair")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Invite a professional").click()
    choose_person(page, "Who are you inviting?", "Dana School-DSL", typed="Dana")
    page.get_by_role("button", name="Invite").click()
    expect(page.get_by_role("table", name="Emails about this conference")).to_contain_text(
        "Invitation"
    )


def hold_and_record_views(page: Page, day: datetime.date, views: str) -> None:
    """The chair, on the conference's page: it meets; who came; Kacper's views."""
    page.get_by_role("link", name="The conference is meeting: start the record").click()
    fill_date(page, "Date the conference was held", day)
    page.get_by_role("button", name="Start the record").click()
    expect(page.get_by_role("heading", name="Conference record")).to_be_visible()
    page.get_by_role("link", name="Record attendance of Dana School-DSL").click()
    page.get_by_role("radio", name="Present").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="record Kacper's views").click()
    page.get_by_role("radio", name="A written note of the child's views").check()
    page.get_by_label("The child's views, or what was observed").fill(views)
    page.get_by_role("button", name="Save").click()


def approve_and_distribute(page: Page) -> None:
    page.get_by_role("button", name="Send the record to the chair").click()
    page.get_by_role("button", name="Approve the record").click()
    page.get_by_role("button", name="Distribute the record to everyone invited").click()
    expect(page.get_by_text("The record is distributed.")).to_be_visible()


def test_a_new_child_passes_from_the_front_door_through_conferences_to_closure(
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
    sign_out(page)

    # New worries: the worker holds a strategy discussion, which starts a section 47 enquiry,
    # and records its outcome: an initial conference.
    open_kacpers_episode(page)
    page.get_by_role("link", name="Record a strategy discussion").click()
    fill_date(page, "Date of the strategy discussion", today)
    page.get_by_role("radio", name="Phone").check()
    page.get_by_label("The police took part").check()
    page.get_by_label("Health took part").check()
    page.get_by_label("Who took part?").fill("Sam (social care), DC Pat (police), school nurse")
    page.get_by_role("checkbox", name="Kacper Fictional-Nowak").check()
    page.get_by_role("radio", name="Yes: a section 47 enquiry, jointly with the police").check()
    page.get_by_role("button", name="Save strategy discussion").click()
    expect(page.get_by_text("Initial child protection conference: due")).to_be_visible()
    page.get_by_role("link", name="Record the outcome of the section 47 enquiry").click()
    fill_date(page, "Date completed", today)
    page.get_by_role("radio", name="Initial child protection conference", exact=True).check()
    page.get_by_label("Findings").fill("Kacper has bruises he will not explain; Mum is frightened.")
    page.get_by_role("button", name="Save").click()

    # The worker asks for the initial conference, dates it with an independent chair and
    # invites the school.
    page.get_by_role("link", name="Request a child protection conference").click()
    page.get_by_role("radio", name="Initial child protection conference").check()
    page.get_by_label("Why is the conference needed?").fill("The enquiry found Kacper at risk.")
    page.get_by_role("button", name="Request conference").click()
    schedule_and_invite(page, today)
    sign_out(page)

    # The chair finds it on their home page, holds it and records Kacper's views and plan.
    sign_in(page, CHAIR, DEMO_PASSWORD)
    chairing = home_section(page, "Conferences to chair")
    chairing.get_by_role(
        "link", name=re.compile(r"Chair the Initial child protection conference\W+Kacper")
    ).click()
    hold_and_record_views(page, today, "Kacper said: I want there to be food at home.")
    page.get_by_role("link", name="record the decision for Kacper").click()
    page.get_by_role("radio", name="A child protection plan").check()
    page.get_by_label("Why? (the threshold test)").fill("Harm shown and likely again.")
    page.get_by_label("Category of abuse (for a plan)").select_option(label="Neglect")
    choose_person(page, "Lead social worker (for a plan)", "Sam Social-Worker")
    page.get_by_label("Core group (for a plan)").fill("Mum, school, health visitor, Sam")
    fill_date(page, "Date of the first core group (for a plan)", today + datetime.timedelta(days=7))
    fill_date(
        page,
        "Date of the first review conference (for a plan)",
        today + datetime.timedelta(days=60),
    )
    page.get_by_label("First action in the outline plan (for a plan)").fill(
        "Mum and Sam go to the food bank together every Friday"
    )
    page.get_by_label("Who will do it?").fill("Mum and Sam")
    fill_date(page, "By when?", today + datetime.timedelta(days=14))
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("The decision for Kacper is recorded.")).to_be_visible()
    approve_and_distribute(page)
    plan = ChildProtectionPlan.objects.get(episode=episode)
    assert plan.started_on == today and plan.initial_category == "NEG"
    sign_out(page)

    # The lead social worker: the plan's first core group is due on their home page.
    sign_in(page, SOCIAL_WORKER, DEMO_PASSWORD)
    due = home_section(page, "Due and overdue for you and your team")
    due.get_by_role("link", name=re.compile(r"Hold the core group meeting\W+Kacper")).click()
    page.get_by_role("link", name=re.compile(r"Child protection plan from")).click()
    expect(page.get_by_role("heading", name="Child protection plan")).to_be_visible()
    page.go_back()
    page.get_by_role("link", name="Record a core group meeting").click()
    fill_date(page, "Date of the meeting", today)
    page.get_by_label("Who attended?").fill("Mum (Agnieszka), Dana (school), Sam")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The core group meeting has been recorded.")).to_be_visible()

    # The review conference the initial conference asked for waits on the worker's home page.
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="My work").click()
    held = home_section(page, "Conferences about the children you hold")
    held.get_by_role(
        "link", name=re.compile(r"Review child protection conference\W+Kacper")
    ).click()
    schedule_and_invite(page, today)
    sign_out(page)

    # The chair holds the review: the plan ends, stepping down to a child in need plan.
    sign_in(page, CHAIR, DEMO_PASSWORD)
    chairing = home_section(page, "Conferences to chair")
    chairing.get_by_role(
        "link", name=re.compile(r"Chair the Review child protection conference\W+Kacper")
    ).click()
    hold_and_record_views(page, today, "Kacper said: there is food now and Mum smiles.")
    page.get_by_role("link", name="record the decision for Kacper").click()
    page.get_by_role("radio", name="End the plan: step down to a child in need plan").check()
    page.get_by_label("Why?").fill("Food and money help is in place and Kacper is safe.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("The decision for Kacper is recorded.")).to_be_visible()
    approve_and_distribute(page)
    plan.refresh_from_db()
    assert plan.ended_on == today
    cin_plan = ChildInNeedPlan.objects.get(episode=episode)
    assert cin_plan.started_on == today and cin_plan.ended_on is None
    sign_out(page)

    # The worker: the child in need plan's first review is due on their home page; with the
    # family they scale safety at a closure meeting and ask to close the episode.
    sign_in(page, SOCIAL_WORKER, DEMO_PASSWORD)
    first_review = next_cin_review_due(cin_plan)
    # My work shows the first few, overdue first; "See everything due" has the rest.
    home_section(page, "Due and overdue for you and your team").get_by_role(
        "link", name="See everything due"
    ).click()
    expect(
        page.get_by_role("row")
        .filter(has_text="Review the child in need plan")
        .filter(has_text="Kacper")
    ).to_contain_text(f"{first_review:%-d %B %Y}")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="My work").click()
    mine = home_section(page, "Children allocated to you")
    mine.get_by_role("link", name="Kacper Fictional-Nowak").click()
    page.get_by_role("link", name="Start a Signs of Safety map").click()
    page.get_by_role("radio", name="Closure").check()
    fill_date(page, "Date of the meeting", today)
    page.get_by_role("button", name="Start map").click()
    page.get_by_role("link", name="Add a rating").click()
    page.get_by_role("radio", name="Family").check()
    page.get_by_label("Their name or role").fill("Agnieszka (Mum)")
    page.get_by_role("radio", name="8", exact=True).check()
    page.get_by_label("Why did they choose this number?").fill("We have food and help now")
    page.get_by_role("button", name="Save rating").click()
    page.get_by_role("button", name="Make the map final").click()
    expect(page.get_by_text("The map is final. It can no longer be changed.")).to_be_visible()
    page.get_by_role("link", name="Back to the episode").click()
    page.get_by_role("link", name="Close the episode").click()
    fill_date(page, "Closure date", today)
    page.get_by_role("radio", name="RC7 Services ceased for any other reason").check()
    page.get_by_label("Closure summary").fill("Food and money help in place; Kacper is safe.")
    page.get_by_label("How was the closure explained to the child?").fill(
        "Sam told Kacper at home, with Mum, using his Words and Pictures story."
    )
    page.get_by_label("What will the safety network carry on doing?").fill(
        "The school checks on Kacper every morning and Nan visits each weekend."
    )
    page.get_by_role("button", name="Ask a manager to authorise the closure").click()
    expect(
        page.get_by_text("Closing the episode is waiting for a manager to authorise it.")
    ).to_be_visible()
    sign_out(page)

    # The manager authorises the closure from their home page.
    sign_in(page, TEAM_MANAGER, DEMO_PASSWORD)
    waiting = home_section(page, "Waiting for your authorisation")
    waiting.get_by_role("link", name=re.compile(r"Authorise: closing the episode\W+Kacper")).click()
    page.get_by_role("radio", name="Authorise it").check()
    page.get_by_role("button", name="Save your decision").click()
    expect(page.get_by_text("Authorised: closing the episode.")).to_be_visible()
    episode.refresh_from_db()
    assert episode.closure_date == today and episode.closure_reason == "RC7"
    assert not episode.allocations.filter(ended_on__isnull=True).exists()
